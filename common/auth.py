"""Typed access to the logged-in user of a request that passed a login or staff check."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied


def request_user(request: Any) -> AbstractBaseUser:
    """The request's user; PermissionDenied if it is anonymous (a view's guard was skipped)."""
    user = request.user
    if not isinstance(user, AbstractBaseUser):
        raise PermissionDenied("login required")
    return user
