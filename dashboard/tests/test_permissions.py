"""Least privilege: reviewing pairs and flipping the kill switch need their own permissions.

The same check (user.has_perm) guards the API, the dashboard and the admin, so a staff user
with no permission is refused everywhere and sees no buttons, while a non-superuser holding
just the one permission may do just that one thing.
"""

import pytest
from django.urls import reverse

from similarity.models import MarketPair
from trading.models import KillSwitch
from trading.selectors import kill_switch_active

APPROVE = {"relation": "identical", "orientation": "same", "reason": "same event"}


def _user(request, role):
    return None if role == "anonymous" else request.getfixturevalue(f"{role}_user")


@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", 401), ("plain", 403), ("staff_no_perms", 403), ("operator", 403), ("reviewer", 200)],
)
def test_api_pair_review_needs_the_review_permission(request, api_as, make_pair, role, status):
    pair = make_pair(0)
    api = api_as(_user(request, role))
    assert api.post(f"/api/pairs/{pair.id}/approve/", APPROVE, format="json").status_code == status
    pair.refresh_from_db()
    assert pair.status == (MarketPair.Status.APPROVED if status == 200 else MarketPair.Status.PROPOSED)
    other = make_pair(1)
    resp = api.post(f"/api/pairs/{other.id}/reject/", {"reason": "no"}, format="json")
    assert resp.status_code == status
    other.refresh_from_db()
    assert other.status == (MarketPair.Status.REJECTED if status == 200 else MarketPair.Status.PROPOSED)


@pytest.mark.parametrize(
    ("role", "status"),
    [("anonymous", 401), ("plain", 403), ("staff_no_perms", 403), ("reviewer", 403), ("operator", 200)],
)
def test_api_kill_switch_needs_the_kill_switch_permission(request, api_as, db, role, status):
    api = api_as(_user(request, role))
    resp = api.post("/api/kill-switch/set/", {"enabled": True, "reason": "x"}, format="json")
    assert resp.status_code == status
    assert kill_switch_active() is (status == 200)


@pytest.mark.parametrize(
    ("role", "allowed"),
    [("plain", False), ("staff_no_perms", False), ("operator", False), ("reviewer", True)],
)
def test_dashboard_pair_review_needs_the_review_permission(request, client, make_pair, role, allowed):
    pair = make_pair(2)
    client.force_login(_user(request, role))
    body = client.get(reverse("dashboard:pair_detail", args=[pair.id])).content.decode()
    assert ('id="review-form"' in body) is allowed
    resp = client.post(
        reverse("dashboard:pair_review", args=[pair.id]), {"decision": "approve", **APPROVE}
    )
    assert resp.status_code == (302 if allowed else 403)
    pair.refresh_from_db()
    assert pair.status == (MarketPair.Status.APPROVED if allowed else MarketPair.Status.PROPOSED)


@pytest.mark.parametrize(
    ("role", "allowed"),
    [("plain", False), ("staff_no_perms", False), ("reviewer", False), ("operator", True)],
)
def test_dashboard_kill_switch_needs_the_kill_switch_permission(request, client, db, role, allowed):
    client.force_login(_user(request, role))
    for page in ("dashboard:health", "dashboard:trading"):
        body = client.get(reverse(page)).content.decode()
        assert ('id="kill-switch-form"' in body) is allowed, page
    resp = client.post(reverse("dashboard:kill_switch_toggle"), {"enabled": "on", "reason": "x"})
    assert resp.status_code == (302 if allowed else 403)
    assert kill_switch_active() is allowed


@pytest.mark.parametrize(("role", "allowed"), [("staff_no_perms", False), ("reviewer", True)])
def test_admin_review_uses_the_same_permission(request, client, make_pair, role, allowed):
    pair = make_pair(3)
    client.force_login(_user(request, role))
    url = reverse("admin:similarity_marketpair_review", args=[pair.pk])
    resp = client.post(url, {"decision": "approve", **APPROVE})
    assert resp.status_code == (302 if allowed else 403)
    pair.refresh_from_db()
    assert pair.status == (MarketPair.Status.APPROVED if allowed else MarketPair.Status.PROPOSED)


def test_admin_bulk_reject_needs_the_review_permission(client, make_pair, django_user_model):
    from django.contrib.auth.models import Permission

    pair = make_pair(4)
    # May see and edit pairs in the admin, but not review them.
    user = django_user_model.objects.create_user(username="editor", password="pw", is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(
        content_type__app_label="similarity", codename__in=["view_marketpair", "change_marketpair"]
    ))
    client.force_login(user)
    client.post(
        reverse("admin:similarity_marketpair_changelist"),
        {"action": "reject_selected", "_selected_action": [pair.pk]},
    )
    pair.refresh_from_db()
    assert pair.status == MarketPair.Status.PROPOSED
    # Nor set the status by editing the pair: the verdict fields are read-only in the change form.
    resp = client.get(reverse("admin:similarity_marketpair_change", args=[pair.pk]))
    assert resp.status_code == 200
    assert 'name="status"' not in resp.content.decode()
    assert 'name="relation"' not in resp.content.decode()


@pytest.mark.parametrize(("role", "allowed"), [("staff_no_perms", False), ("reviewer", False), ("operator", True)])
def test_admin_kill_switch_uses_the_same_permission(request, client, db, role, allowed):
    client.force_login(_user(request, role))
    resp = client.post(reverse("admin:trading_killswitch_add"), {"enabled": "on", "reason": "stop"})
    assert resp.status_code == (302 if allowed else 403)
    assert kill_switch_active() is allowed
    assert KillSwitch.objects.exists() is allowed


def test_grant_role_command_gives_exactly_the_role_permission(django_user_model, make_pair, client):
    from django.core.management import call_command

    user = django_user_model.objects.create_user(username="alice", password="pw", is_staff=True)
    call_command("grant_role", "alice", "reviewer")
    user = django_user_model.objects.get(pk=user.pk)
    assert user.has_perm("similarity.review_marketpair")
    assert not user.has_perm("trading.set_kill_switch")
    call_command("grant_role", "alice", "operator")
    user = django_user_model.objects.get(pk=user.pk)
    assert user.has_perm("trading.set_kill_switch")
    call_command("grant_role", "alice", "reviewer", "--revoke")
    user = django_user_model.objects.get(pk=user.pk)
    assert not user.has_perm("similarity.review_marketpair")
    assert user.has_perm("trading.set_kill_switch")
