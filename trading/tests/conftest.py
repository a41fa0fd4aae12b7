"""Fixtures for execution tests: the Test venues frozen at one instant, a pair whose books cross
(two different questions paired on purpose, so the edge is large and stable), an Opportunity row
priced off those books, and a spy on every order each venue receives."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal

import pytest
from django.utils import timezone

from arbitrage.models import Opportunity
from markets.models import Market
from markets.services import catalog_sync, order_books_pull
from platforms.base import MarketRef
from platforms.registry import get_platform
from similarity.models import MarketPair
from trading import plan
from trading.executors import market_fee, paper_executor

FROZEN_CLOCK_S = 1_800_000_000.0


class VenueSpy:
    """Counts place_order calls per client order id on the Test venues."""

    def __init__(self, platforms):
        self.calls: list[str] = []
        for platform in platforms:
            original = platform.place_order

            def spy(intent, _original=original):
                self.calls.append(intent.client_order_id)
                return _original(intent)

            platform.place_order = spy

    @property
    def duplicates(self) -> list[str]:
        return [cid for cid, n in Counter(self.calls).items() if n > 1]


@pytest.fixture
def venues():
    kalshi, poly = get_platform("test_kalshi"), get_platform("test_polymarket")
    for platform in (kalshi, poly):
        platform.clock = lambda: FROZEN_CLOCK_S
    return kalshi, poly


@pytest.fixture
def spy(venues):
    return VenueSpy(venues)


@pytest.fixture(autouse=True)
def _fresh_paper_executor():
    paper_executor().reset()
    yield
    paper_executor().reset()


def _best_crossing(kalshi, poly):
    """(kalshi external id, poly external id) with the cheapest YES-on-A + NO-on-B at the top."""
    k_books = kalshi.get_books([MarketRef(kalshi.external_id(wm)) for wm in kalshi.world])
    p_books = poly.get_books([MarketRef(poly.external_id(wm)) for wm in poly.world])
    best = None
    for k_id, kb in k_books.items():
        for p_id, pb in p_books.items():
            cost = kb.best_ask + (1 - pb.best_bid)
            if best is None or cost < best[0]:
                best = (cost, k_id, p_id)
    return best[1], best[2]


@pytest.fixture
def pair(venues, staff_user):
    kalshi, poly = venues
    catalog_sync(slug="test_kalshi")
    catalog_sync(slug="test_polymarket")
    k_id, p_id = _best_crossing(kalshi, poly)
    a = Market.objects.get(platform__slug="test_kalshi", external_id=k_id)
    b = Market.objects.get(platform__slug="test_polymarket", external_id=p_id)
    order_books_pull(markets=[a, b])
    return MarketPair.objects.create(
        market_a=a, market_b=b, status=MarketPair.Status.APPROVED,
        relation=MarketPair.Relation.IDENTICAL, orientation=MarketPair.Orientation.SAME,
        reviewer=staff_user, reviewed_at=timezone.now(),
    )


def make_opportunity(pair: MarketPair, *, size: Decimal = Decimal(30), levels_deep: int = 1):
    """An open yes_a_no_b Opportunity priced off the pair's stored books, limits `levels_deep`
    levels into each book."""
    a, b = (Market.objects.select_related("latest_book").get(id=m) for m in
            (pair.market_a_id, pair.market_b_id))
    legs = []
    for market, outcome in ((a, "yes"), (b, "no")):
        book = market.latest_book
        levels = plan.outcome_levels(
            yes_bids=[(Decimal(p), Decimal(s)) for p, s in book.yes_bids],
            yes_asks=[(Decimal(p), Decimal(s)) for p, s in book.yes_asks],
            outcome=outcome, buy=True,
        )
        limit = levels[levels_deep - 1][0]
        w = plan.walk(levels, size=size, limit=limit)
        legs.append((outcome, limit, w.cost, market_fee(market, w.average_price, size), book))
    (oa, la, ca, fa, ba), (ob, lb, cb, fb, bb) = legs
    net = size - ca - cb - fa - fb
    now = timezone.now()
    return Opportunity.objects.create(
        pair=pair, direction=Opportunity.Direction.YES_A_NO_B, size=size, outcome_a=oa,
        outcome_b=ob, limit_price_a=la, limit_price_b=lb, cost_a=ca, cost_b=cb, fee_a=fa,
        fee_b=fb, payout=size, net_profit=net, return_on_capital=net / (ca + cb + fa + fb),
        capital_a=ca + fa, capital_b=cb + fb, book_a=ba, book_b=bb, first_seen=now,
        last_seen=now, peak_net_profit=net,
    )


@pytest.fixture
def opportunity(pair):
    return make_opportunity(pair)


@pytest.fixture
def live(settings):
    settings.EVENTSARB_TRADING_MODE = "live"
    return settings


def leg_venues(opportunity):
    """(leg-1 venue, leg-2 venue) the live executor will choose for this opportunity."""
    from trading.executors import executor_for
    from trading.services import opportunity_plan, risk_limits

    attempt_plan, _, _ = opportunity_plan(
        opportunity=opportunity, executor=executor_for("live"), limits=risk_limits()
    )
    pair = opportunity.pair
    slugs = {"a": pair.market_a.platform.slug, "b": pair.market_b.platform.slug}
    leg1 = attempt_plan.leg1
    other = "b" if leg1 == "a" else "a"
    return get_platform(slugs[leg1]), get_platform(slugs[other])
