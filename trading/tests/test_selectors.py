"""The figures execution_context reads for the risk checks, against rows written here."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from markets.models import Market
from similarity.models import MarketPair
from trading.models import ArbAttempt, KillSwitch, Position
from trading.selectors import execution_context
from trading.tests.conftest import make_opportunity

D = Decimal


def _attempt(pair, uid, *, mode="paper", is_open=False, finished_at=None, pnl="0"):
    return ArbAttempt.objects.create(
        uid=uid, pair=pair, direction="yes_a_no_b", mode=mode, leg1="a", planned_size=1,
        expected_net_profit=0, is_open=is_open, finished_at=finished_at, realised_pnl=D(pnl),
    )


def _held(attempt, leg, market, cost, *, size="10", mode="paper"):
    Position.objects.create(
        attempt=attempt, leg=leg, mode=mode, platform_slug=market.platform.slug, market=market,
        outcome="yes", size=D(size), cost_basis=D(cost),
    )


@pytest.mark.django_db
def test_execution_context_sums_what_the_risk_checks_need(pair):
    now = timezone.now()
    a, b = pair.market_a, pair.market_b
    other_pair = MarketPair.objects.create(
        market_a=Market.objects.filter(platform=a.platform).exclude(id=a.id).first(),
        market_b=b, status=MarketPair.Status.APPROVED,
    )
    mine = _attempt(pair, "t1", finished_at=now, pnl="2.5")
    _held(mine, "a", a, "10")
    _held(mine, "b", b, "7")
    other = _attempt(other_pair, "t2", is_open=True, finished_at=now - timedelta(days=2), pnl="9")
    _held(other, "a", other_pair.market_a, "4")
    _held(other, "b", b, "3", size="0")  # sold out: no capital committed
    live = _attempt(pair, "t3", mode="live", finished_at=now, pnl="-100")
    _held(live, "a", a, "1000", mode="live")  # the other mode is not counted
    settled = other_pair.market_a
    opportunity = make_opportunity(pair)

    ctx = execution_context(opportunity_id=opportunity.id, mode="paper", now=now)
    assert ctx.opportunity.pair.market_a.platform.slug == a.platform.slug
    assert not ctx.pair_busy
    assert not ctx.kill_switch
    assert ctx.open_pair_notional == D("17")
    assert ctx.open_venue_notional == {a.platform.slug: D("14"), b.platform.slug: D("7")}
    assert ctx.daily_realised_pnl == D("2.5")
    assert ctx.open_attempts == 1

    # A settled market frees its capital; an open attempt on the pair makes it busy.
    Market.objects.filter(id=settled.id).update(status=Market.Status.SETTLED)
    ArbAttempt.objects.filter(id=mine.id).update(is_open=True)
    KillSwitch.objects.create(id=KillSwitch.SINGLETON_ID, enabled=True)
    ctx = execution_context(opportunity_id=opportunity.id, mode="paper", now=now)
    assert ctx.open_venue_notional[a.platform.slug] == D("10")
    assert ctx.pair_busy
    assert ctx.kill_switch
    assert ctx.open_attempts == 2
