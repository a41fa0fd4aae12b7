from io import StringIO

import pytest
from django.core.management import call_command

from trading.models import ArbAttempt, DriftFlag
from trading.selectors import attempt_list_needing_attention, kill_switch_active
from trading.services import attempt_attention_resolve, opportunity_execute
from trading.tests.conftest import leg_venues


@pytest.mark.django_db
def test_killswitch_command_flips_and_reports():
    out = StringIO()
    call_command("killswitch", "on", "--reason", "maintenance", stdout=out)
    assert kill_switch_active()
    assert "kill switch: ON" in out.getvalue()
    assert "maintenance" in out.getvalue()
    call_command("killswitch", "off", stdout=StringIO())
    assert not kill_switch_active()


@pytest.mark.django_db
def test_reconcile_command_reports(live, opportunity):
    out = StringIO()
    call_command("reconcile_attempts", stdout=out)
    assert "resumed 0; venues compared 2; drift flags 0" in out.getvalue()


@pytest.mark.django_db
def test_resolving_attention_clears_the_alert(live, opportunity, staff_user):
    leg1, leg2 = leg_venues(opportunity)
    leg2.script_orders("reject", "reject", "reject")
    leg1.script_orders("fill", "reject")
    attempt = opportunity_execute(opportunity_id=opportunity.id).attempt
    assert attempt.state == ArbAttempt.State.NEEDS_ATTENTION
    assert list(attempt_list_needing_attention()) == [attempt]
    attempt_attention_resolve(attempt=attempt, user=staff_user, note="sold by hand")
    assert list(attempt_list_needing_attention()) == []
    assert not DriftFlag.objects.filter(attempt=attempt, resolved_at__isnull=True).exists()
    assert "sold by hand" in attempt.attention_reason
    assert not attempt.needs_attention
    assert attempt.attention_resolved_at is not None


@pytest.mark.django_db
def test_admin_pages_and_kill_switch_toggle(client, staff_user):
    from django.urls import reverse

    from trading.models import KillSwitch

    client.force_login(staff_user)
    for name in ("arbattempt", "order", "fill", "position", "riskrefusal", "driftflag",
                 "killswitch"):
        assert client.get(reverse(f"admin:trading_{name}_changelist")).status_code == 200
    response = client.post(
        reverse("admin:trading_killswitch_add"), {"enabled": "on", "reason": "admin stop"}
    )
    assert response.status_code == 302
    assert kill_switch_active()
    assert KillSwitch.objects.get().changed_by == staff_user
