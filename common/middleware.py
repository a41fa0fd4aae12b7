"""Project middleware: small guards in front of the views."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib.admin.exceptions import DisallowedModelAdminToField
from django.contrib.admin.options import TO_FIELD_VAR
from django.core.exceptions import SuspiciousOperation
from django.http import HttpRequest, HttpResponse
from django.urls import reverse


def admin_query_guard_middleware(
    get_response: Callable[[HttpRequest], HttpResponse],
) -> Callable[[HttpRequest], HttpResponse]:
    """Two inputs Django's admin answers with a 500 are a 400 on admin pages instead.

    - An empty ?_to_field=: the admin checks _to_field only when it is non-empty, then looks up
      a field named "" for the object (ModelAdmin.get_object): FieldDoesNotExist on every
      change, delete and history page.
    - A NUL character in a query value: list filters pass it to the database, which Postgres
      refuses (DataError) in a text column.

    Both raise DisallowedModelAdminToField / SuspiciousOperation, which Django answers with 400
    as it does for a _to_field the admin refuses.
    """
    admin_prefix = reverse("admin:index")

    def middleware(request: HttpRequest) -> HttpResponse:
        if request.path.startswith(admin_prefix):
            if "" in (request.GET.get(TO_FIELD_VAR), request.POST.get(TO_FIELD_VAR)):
                raise DisallowedModelAdminToField("an empty _to_field cannot be referenced")
            if any("\x00" in key + value for key, values in request.GET.lists() for value in values):
                raise SuspiciousOperation("a NUL character in the query string")
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
