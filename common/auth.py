"""Typed access to the logged-in user of a request that passed a login or staff check."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest


def request_user(request: Any) -> AbstractBaseUser:
    """The request's user; PermissionDenied if it is anonymous (a view's guard was skipped)."""
    user = request.user
    if not isinstance(user, AbstractBaseUser):
        raise PermissionDenied("login required")
    return user


def client_ip(request: HttpRequest) -> str | None:
    """The client's address for login lockouts (django-axes' AXES_CLIENT_IP_CALLABLE).

    With TRUSTED_PROXY_COUNT proxies in front, each appends the address it saw to
    X-Forwarded-For, so the client is the entry that many places from the end (anything
    before it the client could have forged); otherwise, or if the header is short, REMOTE_ADDR.
    This is how DRF's throttles read NUM_PROXIES, set from the same count.
    """
    count: int = settings.TRUSTED_PROXY_COUNT
    header = str(request.META.get("HTTP_X_FORWARDED_FOR", ""))
    forwarded = [a.strip() for a in header.split(",") if a.strip()]
    if count and len(forwarded) >= count:
        return forwarded[-count]
    remote: str | None = request.META.get("REMOTE_ADDR")
    return remote
