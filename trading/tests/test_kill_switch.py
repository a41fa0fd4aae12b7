from unittest import mock

import pytest

from trading import risk, services
from trading.models import ArbAttempt, KillSwitch, Order, RiskRefusal
from trading.selectors import kill_switch_active, trading_mode
from trading.services import kill_switch_set


@pytest.mark.django_db
def test_kill_switch_db_toggle_records_who_and_why(staff_user):
    assert kill_switch_active() is False
    kill_switch_set(enabled=True, user=staff_user, reason="venue outage")
    assert kill_switch_active() is True
    row = KillSwitch.objects.get()
    assert (row.changed_by, row.reason) == (staff_user, "venue outage")
    kill_switch_set(enabled=False, user=None)
    assert kill_switch_active() is False
    assert KillSwitch.objects.count() == 1


@pytest.mark.django_db
def test_kill_switch_setting_overrides_db(settings):
    settings.EVENTSARB_KILL_SWITCH = True
    assert kill_switch_active() is True


@pytest.mark.parametrize(
    ("configured", "expected"),
    [("paper", "paper"), ("LIVE", "live"), ("off", "off"), ("bogus", "off")],
)
def test_trading_mode_normalises_the_setting(settings, configured, expected):
    settings.EVENTSARB_TRADING_MODE = configured
    assert trading_mode() == expected


@pytest.mark.django_db
def test_kill_switch_flipped_after_the_risk_checks_stops_leg1(live, opportunity, spy):
    """Turned on while the books and balances are read: re-checked before journaling leg 1."""
    real_check = risk.check

    def check_then_flip(risk_input, limits):
        refusals = real_check(risk_input, limits)
        kill_switch_set(enabled=True, user=None, reason="flipped mid-execution")
        return refusals

    with mock.patch.object(risk, "check", check_then_flip):
        result = services.opportunity_execute(opportunity_id=opportunity.id)
    assert result.attempt is None
    assert [r.code for r in result.refusals] == ["kill_switch"]
    assert RiskRefusal.objects.filter(opportunity=opportunity, code="kill_switch").exists()
    assert not ArbAttempt.objects.exists()
    assert not Order.objects.exists()
    assert spy.calls == []
