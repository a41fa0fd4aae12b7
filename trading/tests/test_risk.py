from dataclasses import replace
from decimal import Decimal as D

import pytest

from trading.risk import RiskInput, RiskLimits, check

LIMITS = RiskLimits(
    max_notional_per_attempt=D(100), max_notional_per_pair=D(300), max_notional_per_venue=D(500),
    max_daily_loss=D(50), max_open_attempts=2, max_quote_age_s=10.0, min_net_profit=D("0.10"),
    min_return=D("0.005"),
)
OK = RiskInput(
    mode="paper", kill_switch=False, credentials_ok=True,
    notional_by_venue={"k": D(40), "p": D(50)}, net_profit=D(2), return_on_capital=D("0.02"),
    open_pair_notional=D(0), open_venue_notional={}, daily_realised_pnl=D(0), open_attempts=0,
    quote_ages_s={"k": 1.0, "p": 2.0}, balances={"k": D(1000), "p": D(1000)},
)


def test_a_healthy_attempt_passes():
    assert check(OK, LIMITS) == []


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"mode": "off"}, "mode_off"),
        ({"kill_switch": True}, "kill_switch"),
        ({"mode": "live", "credentials_ok": False}, "credentials"),
        ({"notional_by_venue": {"k": D(60), "p": D(50)}}, "notional_attempt"),
        ({"open_pair_notional": D(250)}, "notional_pair"),
        ({"open_venue_notional": {"p": D(460)}}, "notional_venue"),
        ({"balances": {"k": D(1000), "p": D(10)}}, "balance"),
        ({"balances": {"k": D(1000)}}, "balance_unknown"),
        ({"daily_realised_pnl": D("-50.01")}, "daily_loss"),
        ({"open_attempts": 2}, "open_attempts"),
        ({"quote_ages_s": {"k": 11.0, "p": 1.0}}, "quote_age"),
        ({"quote_ages_s": {"k": None, "p": 1.0}}, "quote_age"),
        ({"net_profit": D("0.09")}, "min_profit"),
        ({"return_on_capital": D("0.004")}, "min_return"),
    ],
)
def test_each_limit_refuses_with_its_code(changes, code):
    refusals = check(replace(OK, **changes), LIMITS)
    assert [r.code for r in refusals] == [code]
    assert refusals[0].message
