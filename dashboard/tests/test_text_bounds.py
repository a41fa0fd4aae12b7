"""Free text (review and kill-switch reasons) is bounded in the forms, the serializers, the
admin and the columns that store it: a 100,000-character reason is a 400, never stored."""

import pytest
from django.core.management import CommandError, call_command
from django.db import DataError, transaction
from django.urls import reverse

from similarity.forms import REVIEW_REASON_MAX
from similarity.models import MarketPair
from trading.models import KillSwitch
from trading.selectors import kill_switch_active

LONG = "x" * 100_000


def _error(resp) -> dict:
    return resp.json()["error"]


def test_api_refuses_a_long_review_reason(api_staff, make_pair):
    pair = make_pair(0)
    for url, data in [
        (f"/api/pairs/{pair.id}/approve/", {"relation": "identical", "orientation": "same", "reason": LONG}),
        (f"/api/pairs/{pair.id}/reject/", {"reason": LONG}),
    ]:
        resp = api_staff.post(url, data, format="json")
        assert resp.status_code == 400
        assert "reason" in _error(resp)["fields"]
    pair.refresh_from_db()
    assert pair.status == MarketPair.Status.PROPOSED


def test_api_accepts_a_reason_at_the_limit(api_staff, make_pair):
    pair = make_pair(0)
    resp = api_staff.post(f"/api/pairs/{pair.id}/reject/", {"reason": "y" * REVIEW_REASON_MAX}, format="json")
    assert resp.status_code == 200


def test_api_refuses_a_long_kill_switch_reason(api_staff, db):
    resp = api_staff.post("/api/kill-switch/set/", {"enabled": True, "reason": LONG}, format="json")
    assert resp.status_code == 400
    assert "reason" in _error(resp)["fields"]
    assert not kill_switch_active()


def test_dashboard_refuses_a_long_review_reason(client, staff_user, make_pair):
    pair = make_pair(1)
    client.force_login(staff_user)
    resp = client.post(
        reverse("dashboard:pair_review", args=[pair.id]),
        {"decision": "reject", "relation": "different", "orientation": "same", "reason": LONG},
    )
    assert resp.status_code == 400
    assert "reason" in resp.context["form"].errors
    pair.refresh_from_db()
    assert pair.status == MarketPair.Status.PROPOSED


def test_dashboard_refuses_a_long_kill_switch_reason(client, staff_user, db):
    client.force_login(staff_user)
    resp = client.post(reverse("dashboard:kill_switch_toggle"), {"enabled": "on", "reason": LONG})
    assert resp.status_code == 400
    assert not kill_switch_active()


def test_admin_kill_switch_reason_is_bounded(client, staff_user, db):
    client.force_login(staff_user)
    resp = client.post(reverse("admin:trading_killswitch_add"), {"enabled": "on", "reason": LONG})
    assert resp.status_code == 200  # the form again, with the error
    assert not KillSwitch.objects.exists()


def test_killswitch_command_refuses_a_long_reason(db):
    with pytest.raises(CommandError):
        call_command("killswitch", "on", "--reason", LONG)
    assert not kill_switch_active()


def test_the_columns_refuse_long_text(make_pair):
    pair = make_pair(2)
    with pytest.raises(DataError), transaction.atomic():
        MarketPair.objects.filter(pk=pair.pk).update(reason=LONG)
    with pytest.raises(DataError), transaction.atomic():
        KillSwitch.objects.create(reason=LONG)
