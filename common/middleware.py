"""Project middleware: small guards in front of the views."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib.admin.exceptions import DisallowedModelAdminToField
from django.contrib.admin.options import TO_FIELD_VAR
from django.http import HttpRequest, HttpResponse
from django.urls import reverse


def admin_empty_to_field_middleware(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    """An empty ?_to_field= on an admin page is a 400, like any field the admin refuses.

    Django's admin checks _to_field only when it is non-empty, then looks up a field named ""
    for the object (ModelAdmin.get_object), which raises FieldDoesNotExist: a 500 on every
    change, delete and history page. DisallowedModelAdminToField is the SuspiciousOperation
    the admin itself raises for a refused field, which Django answers with 400.
    """

    admin_prefix = reverse("admin:index")

    def middleware(request: HttpRequest) -> HttpResponse:
        if request.path.startswith(admin_prefix) and "" in (
            request.GET.get(TO_FIELD_VAR), request.POST.get(TO_FIELD_VAR)
        ):
            raise DisallowedModelAdminToField("an empty _to_field cannot be referenced")
        return get_response(request)

    return middleware


def content_security_policy_middleware(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    """Send settings.CONTENT_SECURITY_POLICY on every response that has none of its own."""
    policy = settings.CONTENT_SECURITY_POLICY

    def middleware(request: HttpRequest) -> HttpResponse:
        response = get_response(request)
        response.headers.setdefault("Content-Security-Policy", policy)
        return response

    return middleware
