import pytest

from trading.models import KillSwitch
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
