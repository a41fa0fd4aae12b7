"""A book a feed knows out of sync backs no decision until its next snapshot (no socket, no DB)."""

import asyncio
import contextlib
import threading
from datetime import UTC, datetime, timedelta
from decimal import Decimal as D
from types import SimpleNamespace

import pricing
from arbitrage.live.processor import PairWatch, StreamProcessor
from markets.streaming.kalshi_ws import KalshiFeed
from markets.streaming.polymarket_ws import PolymarketFeed
from markets.tests.streaming.helpers import (
    Recorder,
    dumps,
    kalshi_delta,
    kalshi_snapshot,
    poly_book,
    poly_change,
)
from platforms.base import BookSnapshot

NOW = datetime(2026, 11, 29, tzinfo=UTC)
TOKEN = "tok-yes"


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def _processor(clock: Clock) -> StreamProcessor:
    a = SimpleNamespace(id=1, platform=SimpleNamespace(slug="kalshi"), external_id="K")
    b = SimpleNamespace(id=2, platform=SimpleNamespace(slug="polymarket"), external_id="P")
    leg = pricing.LegInput(venue="x", yes_bids=(), yes_asks=(),
                          settles_at=NOW + timedelta(days=30))
    processor = StreamProcessor(budget=D("100"), clock=clock, now=lambda: NOW)
    processor.set_pairs([PairWatch(pair_id=7, orientation="same", tradeable=True,
                                   market_a=a, market_b=b, leg_a=leg, leg_b=leg)])
    return processor


def _ws_book(ext: str, bid: str, ask: str) -> BookSnapshot:
    return BookSnapshot(ext, yes_bids=((D(bid), D("10")),), yes_asks=((D(ask), D("10")),),
                        source="ws")


def _kalshi(processor: StreamProcessor, clock: Clock) -> KalshiFeed:
    feed = KalshiFeed(url="ws://unused", on_book=processor.on_book, clock=clock)
    feed.on_stale = processor.forget_markets
    feed.set_markets(["K"])
    feed.connected = True
    feed.on_open()
    feed.handle_text(dumps({"id": 1, "type": "subscribed",
                            "msg": {"channel": "orderbook_delta", "sid": 2}}), clock())
    return feed


def test_a_seq_gap_closes_the_pair_and_the_other_leg_moving_prices_nothing_until_a_snapshot():
    clock = Clock()
    processor = _processor(clock)
    feed = _kalshi(processor, clock)
    feed.handle_text(dumps(kalshi_snapshot("K", sid=2, seq=1, yes=[["0.30", "10"]],
                                           no=[["0.40", "10"]])), clock())
    processor.book_changed("polymarket", "P", _ws_book("P", "0.55", "0.60"), clock())
    assert processor.take_batch().decisions[7].plans  # an open opportunity on fresh books

    # seq 2 is lost: the Kalshi book is stale, so the open opportunity closes at once.
    feed.handle_text(dumps(kalshi_delta("K", sid=2, seq=3, side="no", price="0.35",
                                        delta="5")), clock())
    assert feed.stats.gaps == 1
    closed = processor.take_batch().decisions[7]
    assert closed.plans == []
    assert closed.book_a is None
    assert 1 not in processor.current

    # The Polymarket leg moves to an even better price: the stale Kalshi book prices nothing.
    processor.book_changed("polymarket", "P", _ws_book("P", "0.58", "0.62"), clock())
    assert processor.take_batch().decisions == {}

    # The requested snapshot arrives: decisions resume on it.
    feed.handle_text(dumps(kalshi_snapshot("K", sid=2, seq=4, yes=[["0.30", "10"]],
                                           no=[["0.42", "10"]])), clock())
    resumed = processor.take_batch().decisions[7]
    assert resumed.plans
    assert resumed.book_a is not None
    assert resumed.book_a.best_ask == D("0.42")
    assert resumed.book_b is not None
    assert resumed.book_b.best_bid == D("0.58")


def test_an_unfit_kalshi_delta_also_withdraws_the_pair():
    clock = Clock()
    processor = _processor(clock)
    feed = _kalshi(processor, clock)
    feed.handle_text(dumps(kalshi_snapshot("K", sid=2, seq=1, yes=[["0.30", "10"]],
                                           no=[["0.40", "10"]])), clock())
    processor.book_changed("polymarket", "P", _ws_book("P", "0.55", "0.60"), clock())
    assert processor.take_batch().decisions[7].plans
    # Removing more than the level holds: the book no longer matches the venue's.
    feed.handle_text(dumps(kalshi_delta("K", sid=2, seq=2, side="yes", price="0.30",
                                        delta="-50")), clock())
    assert processor.take_batch().decisions[7].plans == []
    assert 1 not in processor.current


def test_a_polymarket_doubt_withdraws_the_pair_until_the_rest_resync_arrives():
    clock = Clock()
    processor = _processor(clock)
    rec = Recorder()
    feed = PolymarketFeed(url="ws://unused", on_book=processor.on_book,
                          on_resync=rec.on_resync, clock=clock)
    feed.on_stale = processor.forget_markets
    feed.set_markets({"P": TOKEN})
    feed.connected = True
    feed.on_open()
    feed.handle_text(dumps(poly_book(TOKEN, bids=[("0.55", "10")], asks=[("0.60", "10")])),
                     clock())
    processor.book_changed("kalshi", "K", _ws_book("K", "0.30", "0.40"), clock())
    assert processor.take_batch().decisions[7].plans

    # The venue's best bid disagrees with ours: doubted, withdrawn, REST resync requested.
    doubt = poly_change("0xm", {"asset_id": TOKEN, "price": "0.50", "size": "1", "side": "BUY",
                                "best_bid": "0.57", "best_ask": "0.60"})
    feed.handle_text(dumps(doubt), clock())
    assert rec.resyncs == [("polymarket", ["P"])]
    assert processor.take_batch().decisions[7].plans == []
    # Later changes to the doubted book, and the Kalshi leg moving, price nothing.
    feed.handle_text(dumps(poly_change("0xm", {"asset_id": TOKEN, "price": "0.56", "size": "3",
                                               "side": "BUY"})), clock())
    processor.book_changed("kalshi", "K", _ws_book("K", "0.30", "0.38"), clock())
    assert processor.take_batch().decisions == {}
    assert 2 not in processor.current

    feed.apply_rest_snapshot(BookSnapshot("P", yes_bids=((D("0.57"), D("10")),),
                                          yes_asks=((D("0.60"), D("10")),)), clock())
    resumed = processor.take_batch().decisions[7]
    assert resumed.plans
    assert resumed.book_b is not None
    assert resumed.book_b.best_bid == D("0.57")


def test_the_runner_withdraws_a_feeds_stale_books_and_asks_for_a_flush():
    from arbitrage.live.runner import RunnerConfig, StreamRunner

    clock = Clock()
    processor = _processor(clock)
    feed = KalshiFeed(url="ws://unused", on_book=lambda *a: None)
    runner = StreamRunner(feeds={"kalshi": feed}, processor=processor,
                          config=RunnerConfig(budget=D("100")))
    try:
        processor.book_changed("kalshi", "K", _ws_book("K", "0.30", "0.40"), clock())
        processor.book_changed("polymarket", "P", _ws_book("P", "0.55", "0.60"), clock())
        assert processor.take_batch().decisions[7].plans
        feed.invalidate(["K"])
        assert runner.flush_wanted.is_set()
        assert processor.take_batch().decisions[7].plans == []
        assert 1 not in processor.current
    finally:
        runner.db.shutdown()
        runner.rest.shutdown()


def _runner_with(processor, write_batch):
    from arbitrage.live.runner import RunnerConfig, StreamRunner

    return StreamRunner(feeds={}, processor=processor, config=RunnerConfig(budget=D("100")),
                        write_batch=write_batch)


def test_a_flush_cancelled_while_its_batch_waits_for_the_database_still_writes_it():
    # At shutdown the flush loop is cancelled; its batch, already taken from the processor,
    # must not be dropped from the database thread's queue (it was, once: the last books lost).
    clock = Clock()
    processor = _processor(clock)
    written = []
    runner = _runner_with(processor, lambda *, batch: written.append(batch) or {"books": 2})
    release = threading.Event()

    async def scenario() -> None:
        processor.book_changed("kalshi", "K", _ws_book("K", "0.30", "0.40"), clock())
        processor.book_changed("polymarket", "P", _ws_book("P", "0.55", "0.60"), clock())
        busy = asyncio.get_running_loop().run_in_executor(runner.db, release.wait)
        flush = asyncio.create_task(runner.flush())
        for _ in range(500):  # until the batch is taken and queued behind the busy thread
            if runner._writes:
                break
            await asyncio.sleep(0.01)
        assert runner._writes, "the flush never queued its batch"
        flush.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await flush
        release.set()
        await busy
        for _ in range(200):  # the shielded write finishes on the database thread
            if runner.flushes:
                break
            await asyncio.sleep(0.01)

    try:
        asyncio.run(scenario())
    finally:
        runner.db.shutdown()
        runner.rest.shutdown()
    assert len(written) == 1
    assert set(written[0].books) == {1, 2}
    assert written[0].decisions[7].plans
    assert (runner.flushes, runner.written, runner.errors) == (1, {"books": 2}, 0)


def test_a_failed_batch_write_is_counted_and_the_runner_goes_on(caplog):
    clock = Clock()
    processor = _processor(clock)

    def broken(*, batch):
        raise RuntimeError("database gone")

    runner = _runner_with(processor, broken)
    processor.book_changed("kalshi", "K", _ws_book("K", "0.30", "0.40"), clock())
    try:
        asyncio.run(runner.flush(force=True))
    finally:
        runner.db.shutdown()
        runner.rest.shutdown()
    assert (runner.flushes, runner.errors) == (0, 1)
    assert "batch write failed (1 books, 0 decisions)" in caplog.text
    assert "database gone" in caplog.text
