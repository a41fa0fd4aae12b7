"""Shared fixtures. The suite runs against Postgres and Redis on 127.0.0.1; sockets to anything
else are blocked by pytest-socket (see pyproject addopts)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

import pytest

from platforms.registry import reset_platforms

if TYPE_CHECKING:
    from django.contrib.auth.models import User


@pytest.fixture(autouse=True)
def _fresh_platform_clients() -> Iterator[None]:
    """Each test gets fresh venue clients (the Test venue keeps scripted state per instance)."""
    reset_platforms()
    yield
    reset_platforms()


@pytest.fixture
def staff_user(django_user_model: type[User]) -> User:
    return django_user_model.objects.create_user(
        username="staff", password="pw-staff-123", is_staff=True, is_superuser=True
    )


@pytest.fixture
def plain_user(django_user_model: type[User]) -> User:
    return django_user_model.objects.create_user(username="viewer", password="pw-viewer-123")
