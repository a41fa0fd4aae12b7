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
    """A superuser (every permission); see the role fixtures below for least-privilege users."""
    return django_user_model.objects.create_user(
        username="staff", password="pw-staff-123", is_staff=True, is_superuser=True
    )


def _user_with_perms(model: type[User], username: str, perms: list[str], *, is_staff: bool) -> User:
    from django.contrib.auth.models import Permission

    user = model.objects.create_user(
        username=username, password=f"pw-{username}-123", is_staff=is_staff
    )
    for perm in perms:
        app_label, codename = perm.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return user


@pytest.fixture
def staff_no_perms_user(django_user_model: type[User]) -> User:
    """Staff (may log in to the admin) but no superuser and no model permission."""
    return _user_with_perms(django_user_model, "staffonly", [], is_staff=True)


@pytest.fixture
def reviewer_user(django_user_model: type[User]) -> User:
    """Staff, not superuser, holding the pair review permission (and the admin view of pairs)."""
    return _user_with_perms(
        django_user_model, "reviewer",
        ["similarity.review_marketpair", "similarity.view_marketpair"], is_staff=True,
    )


@pytest.fixture
def operator_user(django_user_model: type[User]) -> User:
    """Staff, not superuser, holding the kill switch permission (and its admin view)."""
    return _user_with_perms(
        django_user_model, "operator",
        ["trading.set_kill_switch", "trading.view_killswitch"], is_staff=True,
    )


@pytest.fixture
def plain_user(django_user_model: type[User]) -> User:
    return django_user_model.objects.create_user(username="viewer", password="pw-viewer-123")


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """The route fuzzer's totals (eventsarb/tests/test_fuzz_routes.py), workers included."""
    rows = [
        value
        for report in terminalreporter.stats.get("passed", []) + terminalreporter.stats.get("failed", [])
        if report.when == "call"
        for name, value in report.user_properties
        if name == "fuzz"
    ]
    if not rows:
        return
    routes = {row["family"]: row["routes"] for row in rows}
    roles = {row["role"] for row in rows}
    terminalreporter.write_line(
        f"route fuzz: {sum(routes.values())} routes x {len(roles)} roles, "
        f"{sum(row['requests'] for row in rows)} hostile requests, "
        f"{sum(row['500s'] for row in rows)} answered 500, "
        f"{sum(row['failures'] for row in rows)} other failures"
    )
