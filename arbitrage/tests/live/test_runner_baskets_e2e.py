"""The live scan end to end for a basket: fake venue servers -> member books -> a
BasketOpportunity in Postgres, through StreamRunner and its database thread."""

import asyncio
from datetime import timedelta
from decimal import Decimal as D

from django.utils import timezone

from arbitrage.live.processor import StreamProcessor
from arbitrage.live.runner import RunnerConfig, StreamRunner
from arbitrage.models import BasketOpportunity
from arbitrage.selectors import basket_opportunity_legs
from arbitrage.tests.factories import KALSHI_FEES, POLY_FEES, market, outcome_set
from arbitrage.tests.live.test_runner_e2e import until
from markets.streaming.kalshi_ws import KalshiFeed
from markets.streaming.polymarket_ws import PolymarketFeed
from markets.tests.streaming.fake_venues import FakeKalshi, FakePolymarket
from markets.tests.streaming.helpers import kalshi_snapshot, poly_book

KX, COND, TOKEN = "KXBASKET-26-A", "0xcond-basket", "8888"


def test_a_basket_of_streamed_members_is_priced_and_written(server_thread, transactional_db):
    now = timezone.now()
    a = market("kalshi", KX, fee_params=KALSHI_FEES, settles_at=now + timedelta(days=30))
    b = market("polymarket", COND, fee_params=POLY_FEES, settles_at=now + timedelta(days=30))
    b.yes_token_id = TOKEN
    b.save(update_fields=["yes_token_id"])
    s = outcome_set([a, b], exhaustive=False)
    # NO on each of two exclusive outcomes pays 1: NO on Kalshi at 1 - 0.50, on Polymarket at
    # 1 - 0.55 = 0.45; 0.95 per basket before fees.
    fake_k = FakeKalshi([[kalshi_snapshot(KX, sid=1, seq=1, yes=[["0.5000", "40.00"]],
                                          no=[["0.5500", "40.00"]])]])
    fake_p = FakePolymarket([[[poly_book(TOKEN, bids=[("0.55", "40")], asks=[("0.60", "40")],
                                          market=COND)]]])
    server_thread.run(fake_k.start())
    server_thread.run(fake_p.start())
    kalshi = KalshiFeed(url=fake_k.url, on_book=lambda *x: None, headers=lambda: {})
    poly = PolymarketFeed(url=fake_p.url, on_book=lambda *x: None)
    config = RunnerConfig(budget=D("100"), flush_interval_s=0.05, stale_after_s=30,
                          poll_interval_s=0.1, supervise_interval_s=0.02, pair_refresh_s=60)
    runner = StreamRunner(
        feeds={"kalshi": kalshi, "polymarket": poly},
        processor=StreamProcessor(budget=config.budget), config=config,
        fetch_books=lambda slug, markets: {},
    )

    async def scenario() -> None:
        stop = asyncio.Event()
        task = asyncio.create_task(runner.run(stop))
        await until(lambda: runner.written.get("basket_rows", 0) >= 1)
        stop.set()
        await task

    asyncio.run(scenario())
    server_thread.run(fake_k.close())
    server_thread.run(fake_p.close())

    opp = BasketOpportunity.objects.get(closed_at__isnull=True)
    assert (opp.basket_key, opp.payout_per_unit) == (f"set:{s.id}:no", D(1))
    assert basket_opportunity_legs(opp) == [(a.id, "no"), (b.id, "no")]
    assert [D(leg["limit_price"]) for leg in opp.legs] == [D("0.50"), D("0.45")]
    # 40 baskets (both books' depth): Kalshi ceil(0.07 x 40 x 0.5 x 0.5 = 0.70) = 0.70,
    # Polymarket 40 x 0.04 x 0.45 x 0.55 = 0.396; 40 - 38 - 1.096.
    assert (opp.size, opp.cost, opp.fees, opp.net_profit) == (
        D(40), D(38), D("1.096"), D("0.904")
    )
