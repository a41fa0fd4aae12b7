"""The stream processor end to end: fake venue servers -> books and opportunities in Postgres."""

import asyncio
from datetime import timedelta
from decimal import Decimal as D

import pytest
from django.utils import timezone

from arbitrage.live.processor import StreamProcessor
from arbitrage.live.runner import RunnerConfig, StreamRunner
from arbitrage.models import Opportunity
from arbitrage.tests.factories import KALSHI_FEES, POLY_FEES, market, pair
from markets.models import OrderBook
from markets.streaming.kalshi_ws import KalshiFeed
from markets.streaming.polymarket_ws import PolymarketFeed
from markets.tests.streaming.fake_venues import SILENT, FakeKalshi, FakePolymarket
from markets.tests.streaming.helpers import kalshi_delta, kalshi_snapshot, poly_book
from platforms.base import BookSnapshot
from platforms.models import Platform

KX, COND, TOKEN = "KXE2E-26-T1", "0xcond-e2e", "7777"


async def until(condition, *, limit_s: float = 15.0) -> None:
    """Wait for a condition (a hang guard, not a timing assertion)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + limit_s
    while not condition():
        if loop.time() > deadline:
            raise AssertionError("condition not reached")
        await asyncio.sleep(0.01)


@pytest.fixture
def approved_pair(transactional_db):
    now = timezone.now()
    a = market("kalshi", KX, fee_params=KALSHI_FEES, increment="0.01",
               settles_at=now + timedelta(days=30))
    b = market("polymarket", COND, fee_params=POLY_FEES, min_size="5",
               settles_at=now + timedelta(days=30))
    b.yes_token_id = TOKEN
    b.save(update_fields=["yes_token_id"])
    return pair(a, b)


def _runner(feeds, *, stale_after_s: float, max_slippage=None, **kw) -> StreamRunner:
    config = RunnerConfig(budget=D("100"), flush_interval_s=0.05, stale_after_s=stale_after_s,
                          poll_interval_s=0.1, supervise_interval_s=0.02, pair_refresh_s=60,
                          max_slippage=max_slippage)
    processor = StreamProcessor(budget=config.budget, max_slippage=config.max_slippage)
    return StreamRunner(feeds=feeds, processor=processor, config=config, **kw)


def test_streams_both_venues_into_books_and_opportunities(server_thread, approved_pair):
    kalshi_script = [
        {"id": 99, "type": "error", "msg": {"code": 6, "msg": "Already subscribed"}},
        # YES bids 0.30; NO side on the YES scale: YES asks 0.40 (use_yes_price).
        kalshi_snapshot(KX, sid=1, seq=1, yes=[["0.3000", "50.00"]], no=[["0.4000", "20.00"]]),
        kalshi_delta(KX, sid=1, seq=2, side="no", price="0.4000", delta="5.50"),
        "{malformed frame",  # it carried seq 3: the next message shows the gap
        kalshi_delta(KX, sid=1, seq=4, side="no", price="0.4000", delta="1.00"),
    ]
    fake_k = FakeKalshi([kalshi_script], snapshot=lambda t, seq: kalshi_snapshot(
        t, sid=1, seq=seq, yes=[["0.3000", "50.00"]], no=[["0.4100", "30.00"]]))
    fake_p = FakePolymarket([[
        [poly_book(TOKEN, bids=[("0.55", "100")], asks=[("0.60", "100")], market=COND)],
    ]])
    server_thread.run(fake_k.start())
    server_thread.run(fake_p.start())
    kalshi = KalshiFeed(url=fake_k.url, on_book=lambda *a: None, headers=lambda: {})
    poly = PolymarketFeed(url=fake_p.url, on_book=lambda *a: None)
    # No REST in this test: a slow start must not poll (the stale path has its own test).
    runner = _runner({"kalshi": kalshi, "polymarket": poly}, stale_after_s=30,
                     max_slippage=D("0.05"), fetch_books=lambda slug, markets: {})

    async def scenario() -> None:
        stop = asyncio.Event()
        task = asyncio.create_task(runner.run(stop))
        await until(lambda: kalshi.stats.snapshots >= 2 and poly.stats.snapshots >= 1
                    and runner.written.get("opportunity_rows", 0) >= 1)
        stop.set()
        await task

    asyncio.run(scenario())
    server_thread.run(fake_k.close())
    server_thread.run(fake_p.close())

    a, b = approved_pair.market_a, approved_pair.market_b
    a.refresh_from_db()
    b.refresh_from_db()
    # The Kalshi book in the database is the resynced one (after the malformed frame and gap).
    assert a.latest_book.source == OrderBook.Source.WS
    assert a.latest_book.yes_asks == [["0.4100", "30.00"]]
    assert a.latest_book.yes_bids == [["0.3000", "50.00"]]
    assert b.latest_book.yes_bids == [["0.55", "100"]]
    assert a.book_checked_at is not None
    assert kalshi.stats.malformed == 1
    assert kalshi.stats.gaps == 1
    opp = Opportunity.objects.get(pair=approved_pair, closed_at__isnull=True)
    # Buy YES on Kalshi at 0.41 and NO on Polymarket at 1 - 0.55 = 0.45.
    assert opp.direction == Opportunity.Direction.YES_A_NO_B
    assert opp.limit_price_a == D("0.41")
    assert opp.limit_price_b == D("0.45")
    assert opp.net_profit > 0
    assert (opp.book_a_id, opp.book_b_id) == (a.latest_book_id, b.latest_book_id)
    assert opp.inputs["a"]["yes_asks"] == [["0.4100", "30.00"]]
    assert opp.inputs["max_slippage"] == "0.05"  # the stored case re-derives the capped plan
    statuses = {p.slug: p.progress for p in Platform.objects.all()}
    assert statuses["kalshi"]["job"] == "books: streaming"
    assert statuses["polymarket"]["job"] == "books: streaming"


def test_without_keys_and_with_a_stale_feed_books_are_polled_and_shown(
    server_thread, approved_pair
):
    fake_p = FakePolymarket([[poly_book(TOKEN, bids=[("0.50", "10")], asks=[("0.52", "10")]),
                              SILENT]])
    server_thread.run(fake_p.start())
    poly = PolymarketFeed(url=fake_p.url, on_book=lambda *a: None, keepalive_s=0.05,
                          dead_after_s=60)
    polled: list[tuple[str, int]] = []

    def fetch_books(slug, markets):
        # Which venue, and how many WS books the Polymarket feed had applied by then.
        polled.append((slug, poly.stats.snapshots))
        if slug == "kalshi":
            return {KX: BookSnapshot(KX, yes_bids=((D("0.30"), D("5")),),
                                     yes_asks=((D("0.35"), D("5")),), source="rest")}
        return {COND: BookSnapshot(COND, yes_bids=((D("0.58"), D("9")),),
                                   yes_asks=((D("0.62"), D("9")),), source="rest")}

    runner = _runner({"polymarket": poly}, stale_after_s=0.3, fetch_books=fetch_books,
                     unavailable={"kalshi": "stream unavailable: no API key, polling"})

    async def scenario() -> None:
        stop = asyncio.Event()
        task = asyncio.create_task(runner.run(stop))
        # Polled after the stream went quiet (not merely while it was still connecting), and
        # that poll's book applied.
        def polled_book_applied() -> bool:
            return any(snap.market_external_id == COND and snap.source == "rest"
                       for snap in runner.processor.current.values())

        await until(lambda: ("polymarket", 1) in polled and ("kalshi", 1) in polled
                    and polled_book_applied()
                    and runner.written.get("opportunity_rows", 0) >= 1)
        stop.set()
        await task

    asyncio.run(scenario())
    server_thread.run(fake_p.close())

    platforms = {p.slug: p for p in Platform.objects.all()}
    assert "no API key" in platforms["kalshi"].last_error
    # Books keep arriving by REST, yet the venue still shows its streaming problem.
    assert platforms["kalshi"].last_book_at is not None
    assert not platforms["kalshi"].is_healthy
    assert "stream stale" in platforms["polymarket"].last_error
    assert platforms["polymarket"].progress["job"] == "books: polling"
    a, b = approved_pair.market_a, approved_pair.market_b
    a.refresh_from_db()
    b.refresh_from_db()
    assert a.latest_book.source == OrderBook.Source.REST
    assert b.latest_book.yes_bids == [["0.58", "9"]]
    # YES on Kalshi at 0.35 + NO on Polymarket at 0.42: the polled books still get decisions.
    assert Opportunity.objects.filter(pair=approved_pair, closed_at__isnull=True).exists()


def test_pairs_approved_or_retired_mid_run_update_the_live_subscriptions(
    server_thread, approved_pair
):
    fake_k = FakeKalshi([[kalshi_snapshot(KX, sid=1, seq=1, yes=[["0.30", "5"]],
                                          no=[["0.40", "5"]])]])
    fake_p = FakePolymarket([[poly_book(TOKEN, bids=[("0.55", "5")], asks=[("0.60", "5")])]])
    server_thread.run(fake_k.start())
    server_thread.run(fake_p.start())
    kalshi = KalshiFeed(url=fake_k.url, on_book=lambda *a: None, headers=lambda: {})
    poly = PolymarketFeed(url=fake_p.url, on_book=lambda *a: None)
    runner = _runner({"kalshi": kalshi, "polymarket": poly}, stale_after_s=30,
                     fetch_books=lambda slug, markets: {})
    runner.config.pair_refresh_s = 0.05

    def approve_second_pair():
        now = timezone.now()
        a = market("kalshi", "KXNEW-26", fee_params=KALSHI_FEES, increment="0.01",
                   settles_at=now + timedelta(days=30))
        b = market("polymarket", "0xnew", fee_params=POLY_FEES, min_size="5",
                   settles_at=now + timedelta(days=30))
        b.yes_token_id = "8888"
        b.save(update_fields=["yes_token_id"])
        pair(a, b)

    def retire_first_pair():
        approved_pair.status = approved_pair.Status.RETIRED
        approved_pair.save(update_fields=["status"])

    def kalshi_commands(action):
        return [m["params"]["market_tickers"] for c in fake_k.connections for m in c.received
                if m.get("params", {}).get("action") == action]

    def poly_operations(operation):
        return [m["assets_ids"] for c in fake_p.connections for m in c.received
                if isinstance(m, dict) and m.get("operation") == operation]

    async def scenario() -> None:
        stop = asyncio.Event()
        task = asyncio.create_task(runner.run(stop))
        await until(lambda: kalshi.stats.snapshots >= 1 and poly.stats.snapshots >= 1)
        await asyncio.to_thread(approve_second_pair)
        await until(lambda: kalshi_commands("add_markets") and poly_operations("subscribe"))
        await asyncio.to_thread(retire_first_pair)
        await until(lambda: kalshi_commands("delete_markets") and poly_operations("unsubscribe"))
        stop.set()
        await task

    asyncio.run(scenario())
    server_thread.run(fake_k.close())
    server_thread.run(fake_p.close())
    assert kalshi_commands("add_markets") == [["KXNEW-26"]]
    assert kalshi_commands("delete_markets") == [[KX]]
    assert poly_operations("subscribe") == [["8888"]]
    assert poly_operations("unsubscribe") == [[TOKEN]]
    assert set(kalshi.tickers) == {"KXNEW-26"}
