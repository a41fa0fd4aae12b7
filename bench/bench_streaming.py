"""Benchmark the streaming hot path: WS frame -> book apply -> engine decision -> batched DB write.

Replays 100,000 generated book messages (Kalshi orderbook_snapshot/orderbook_delta frames and
Polymarket book/price_change frames, the wire shapes of the venues' samples) across 1,000
approved Kalshi x Polymarket pairs, through the same objects `manage.py streambooks` uses:
KalshiFeed/PolymarketFeed.handle_text -> StreamProcessor (engine.plans for the affected pair) ->
stream_batch_write (book_record_many + opportunities_apply) every 250 ms or 1,000 changes.
As in the runner, batches are written by one database thread (at most one batch in flight)
while the hot path goes on. Python runs one thread at a time (GIL), so the process uses one core
of Python in all, database writes included. messages/s is wall-clock (it moves with other load
on the machine, reported as loadavg); messages_per_cpu_s divides by the process's CPU time.

Latency is book change -> opportunity decision: from the moment a frame is handed to the feed
to the moment the engine's decision for the affected pair is recorded, per message, as wall
time (decision_latency_*: includes waiting for the CPU and the GIL) and as the main thread's CPU
time for the frame (frame_to_decision_cpu_*: parse + apply + engine, without those waits).
DB load: rows written per second (book rows + opportunity rows) and transactions committed per
second as Postgres counts them (pg_stat_database.xact_commit, every statement included).

Usage: .venv/bin/python bench/bench_streaming.py [--messages N] [--pairs N]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._django import setup_django  # noqa: E402

setup_django("eventsarb_bench_stream")

from django.db import connection, connections  # noqa: E402
from django.utils import timezone  # noqa: E402

from arbitrage.live.processor import StreamProcessor, percentile  # noqa: E402
from arbitrage.live.runner import GIL_SWITCH_INTERVAL_S  # noqa: E402
from arbitrage.live.services import stream_batch_write, stream_pairs_load  # noqa: E402
from arbitrage.models import Opportunity  # noqa: E402
from markets.models import Market, OrderBook, rules_hash  # noqa: E402
from markets.services import platform_ensure  # noqa: E402
from markets.streaming.kalshi_ws import KalshiFeed  # noqa: E402
from markets.streaming.polymarket_ws import PolymarketFeed  # noqa: E402
from similarity.models import MarketPair  # noqa: E402

SEED = 20261129
FLUSH_INTERVAL_S = 0.25
FLUSH_MAX_MESSAGES = 1000
# The runner's default: a market's changed book is stored at most once a second.
BOOK_STORE_INTERVAL_S = 1.0
BUDGET = Decimal("1000")
TICK = Decimal("0.01")
KALSHI_FEES = {"kind": "kalshi", "fee_type": "quadratic", "multiplier": "1"}
POLY_FEES = {"kind": "polymarket", "rate": "0.04", "exponent": "1"}


def seed_pairs(count: int) -> None:
    """count approved identical pairs (Kalshi x Polymarket), replacing earlier bench rows."""
    Opportunity.objects.all().delete()
    MarketPair.objects.all().delete()
    Market.objects.update(latest_book=None)
    OrderBook.objects.all().delete()
    Market.objects.all().delete()
    kalshi, poly = platform_ensure(slug="kalshi"), platform_ensure(slug="polymarket")
    settles = timezone.now() + timedelta(days=30)
    rh = rules_hash("Resolves YES if the bench event happens.")
    common = {"title": "bench", "rules_hash": rh, "status": Market.Status.OPEN,
              "expected_settle_time": settles}
    a = Market.objects.bulk_create([
        Market(platform=kalshi, external_id=f"KXBENCH-{i}", fee_params=KALSHI_FEES,
               min_order_size=Decimal("0.01"), size_increment=Decimal("0.01"), **common)
        for i in range(count)
    ])
    b = Market.objects.bulk_create([
        Market(platform=poly, external_id=f"0xbench{i}", fee_params=POLY_FEES,
               yes_token_id=str(10**70 + i), no_token_id=str(2 * 10**70 + i),
               min_order_size=Decimal("5"), size_increment=Decimal("1"), **common)
        for i in range(count)
    ])
    MarketPair.objects.bulk_create([
        MarketPair(market_a=ma, market_b=mb, status=MarketPair.Status.APPROVED,
                   relation=MarketPair.Relation.IDENTICAL, rules_hash_a=rh, rules_hash_b=rh)
        for ma, mb in zip(a, b, strict=True)
    ])


class BookModel:
    """The generator's own view of one market: {price: size} bids and asks around a fair value."""

    def __init__(self, rng: random.Random, fair: Decimal) -> None:
        self.rng = rng
        self.bids = {fair - TICK * k: Decimal(rng.randint(5, 200)) for k in range(1, 11)}
        self.asks = {fair + TICK * k: Decimal(rng.randint(5, 200)) for k in range(1, 11)}

    def step(self) -> tuple[str, Decimal, Decimal, Decimal]:
        """Change one level near the top; (side, price, new size, delta)."""
        side = "bid" if self.rng.random() < 0.5 else "ask"
        levels = self.bids if side == "bid" else self.asks
        best = max(self.bids) if side == "bid" else min(self.asks)
        offset = self.rng.randint(-1, 4)
        p = best - TICK * offset if side == "bid" else best + TICK * offset
        other_best = min(self.asks) if side == "bid" else max(self.bids)
        # Never cross the generator's own book, stay inside (0, 1).
        if not (Decimal("0.01") <= p <= Decimal("0.99")) or (
            p >= other_best if side == "bid" else p <= other_best
        ):
            p = best
        old = levels.get(p, Decimal(0))
        if old and self.rng.random() < 0.3 and len(levels) > 2:
            new = Decimal(0)
        else:
            new = Decimal(self.rng.randint(1, 300))
        if new:
            levels[p] = new
        else:
            levels.pop(p, None)
        return side, p, new, new - old


def generate(pair_count: int, messages: int) -> list[tuple[str, str]]:
    """(venue, frame text) in arrival order: snapshots first, then random deltas."""
    rng = random.Random(SEED)
    frames: list[tuple[str, str]] = []
    kalshi: list[BookModel] = []
    poly: list[BookModel] = []
    for _ in range(pair_count):
        fair = Decimal(rng.randint(20, 80)) * TICK
        # Each venue quotes around its own view; a few pairs sit far enough apart to arbitrage.
        drift = Decimal(rng.choice([-6, -1, 0, 0, 1, 6])) * TICK
        kalshi.append(BookModel(rng, fair))
        poly.append(BookModel(rng, fair + drift))
    seq = 0
    for i, book in enumerate(kalshi):
        seq += 1
        frames.append(("kalshi", json.dumps({
            "type": "orderbook_snapshot", "sid": 1, "seq": seq,
            "msg": {"market_ticker": f"KXBENCH-{i}", "market_id": f"m{i}",
                    "yes_dollars_fp": [[f"{p:.4f}", f"{s:.2f}"] for p, s in sorted(book.bids.items())],
                    # use_yes_price: the NO side is given on the YES scale (YES asks).
                    "no_dollars_fp": [[f"{p:.4f}", f"{s:.2f}"] for p, s in sorted(book.asks.items())]},
        })))
    for i, book in enumerate(poly):
        frames.append(("polymarket", json.dumps({
            "event_type": "book", "asset_id": str(10**70 + i), "market": f"0xbench{i}",
            "bids": [{"price": str(p), "size": str(s)} for p, s in sorted(book.bids.items())],
            "asks": [{"price": str(p), "size": str(s)} for p, s in sorted(book.asks.items(),
                                                                            reverse=True)],
            "timestamp": "1787412121305", "hash": "",
        })))
    while len(frames) < messages:
        i = rng.randrange(pair_count)
        if rng.random() < 0.5:
            side, p, _, delta = kalshi[i].step()
            if not delta:
                continue
            seq += 1
            frames.append(("kalshi", json.dumps({
                "type": "orderbook_delta", "sid": 1, "seq": seq,
                "msg": {"market_ticker": f"KXBENCH-{i}", "market_id": f"m{i}",
                        "price_dollars": f"{p:.4f}", "delta_fp": f"{delta:.2f}",
                        "side": "yes" if side == "bid" else "no", "ts_ms": 1787412121305},
            })))
        else:
            book = poly[i]
            side, p, size, _ = book.step()
            best_bid = max(book.bids) if book.bids else Decimal(0)
            best_ask = min(book.asks) if book.asks else Decimal(1)
            # The venue sends the NO token's mirrored change in the same message.
            frames.append(("polymarket", json.dumps({
                "event_type": "price_change", "market": f"0xbench{i}", "timestamp": "1787412121306",
                "price_changes": [
                    {"asset_id": str(10**70 + i), "price": str(p), "size": str(size),
                     "side": "BUY" if side == "bid" else "SELL", "hash": "h",
                     "best_bid": str(best_bid), "best_ask": str(best_ask)},
                    {"asset_id": str(2 * 10**70 + i), "price": str(1 - p), "size": str(size),
                     "side": "SELL" if side == "bid" else "BUY", "hash": "h",
                     "best_bid": str(1 - best_ask), "best_ask": str(1 - best_bid)},
                ],
            })))
    return frames


def xact_commits() -> int:
    with connection.cursor() as cur:
        cur.execute("select pg_stat_force_next_flush()")
        cur.execute("select pg_stat_clear_snapshot()")
        cur.execute("select xact_commit from pg_stat_database where datname = current_database()")
        return int(cur.fetchone()[0])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=100_000)
    parser.add_argument("--pairs", type=int, default=1_000)
    args = parser.parse_args()

    sys.setswitchinterval(GIL_SWITCH_INTERVAL_S)  # as `manage.py streambooks` does
    seed_pairs(args.pairs)
    frames = generate(args.pairs, args.messages)
    processor = StreamProcessor(budget=BUDGET, clock=time.perf_counter,
                                store_interval_s=BOOK_STORE_INTERVAL_S)
    processor.set_pairs(stream_pairs_load())
    kalshi = KalshiFeed(url="ws://unused", on_book=processor.on_book)
    poly = PolymarketFeed(url="ws://unused", on_book=processor.on_book,
                          on_resync=lambda venue, ids: None, clock=time.perf_counter)
    by_venue = processor.market_ids_by_venue()
    kalshi.set_markets(m.external_id for m in by_venue["kalshi"])
    poly.set_markets({m.external_id: m.yes_token_id for m in by_venue["polymarket"]})
    feeds = {"kalshi": kalshi, "polymarket": poly}

    rows = {"books": 0, "opportunity_rows": 0, "basket_rows": 0}
    flushes = 0

    def collect(done: Future[dict[str, int]] | None) -> None:
        nonlocal flushes
        if done is not None:
            for key, value in done.result().items():
                rows[key] += value
            flushes += 1

    # As in the runner: one database thread, at most one batch in flight; while it is being
    # written the hot path goes on and the next batch grows.
    db = ThreadPoolExecutor(max_workers=1)
    inflight: Future[dict[str, int]] | None = None
    commits_before = xact_commits()
    cpu_started = time.process_time()
    started = last_flush = time.perf_counter()
    cpu_latencies: list[float] = []
    for venue, text in frames:
        cpu_before = time.thread_time()
        feeds[venue].handle_text(text, time.perf_counter())
        cpu_latencies.append(time.thread_time() - cpu_before)
        now = time.perf_counter()
        if (inflight is None or inflight.done()) and (
            processor.pending >= FLUSH_MAX_MESSAGES or now - last_flush >= FLUSH_INTERVAL_S
        ):
            collect(inflight)
            inflight = None
            batch = processor.take_batch()
            if batch:
                inflight = db.submit(stream_batch_write, batch=batch, budget=BUDGET)
            last_flush = now
    if inflight is not None:
        inflight.result()
    collect(inflight)
    batch = processor.take_batch(force=True)
    if batch:
        collect(db.submit(stream_batch_write, batch=batch, budget=BUDGET))
    elapsed = time.perf_counter() - started
    cpu_s = time.process_time() - cpu_started
    db.submit(connections.close_all).result()
    db.shutdown()
    commits = xact_commits() - commits_before - 1  # the measuring query itself

    latencies = list(processor.latencies_s)
    stats = {**kalshi.stats.as_dict()}
    print(json.dumps({
        "benchmark": "streaming books: parse -> book apply -> engine decision -> batched DB write",
        "messages": len(frames),
        "pairs": args.pairs,
        "elapsed_s": round(elapsed, 3),
        "messages_per_s": round(len(frames) / elapsed, 1),
        "process_cpu_s": round(cpu_s, 3),
        "messages_per_cpu_s": round(len(frames) / cpu_s, 1),
        "machine": {"cpus": os.cpu_count(), "loadavg_1m": round(os.getloadavg()[0], 2)},
        "book_changes": processor.changes,
        "engine_decisions": processor.decisions,
        "decision_latency_p50_ms": round(percentile(latencies, 0.5) * 1000, 3),
        "decision_latency_p99_ms": round(percentile(latencies, 0.99) * 1000, 3),
        "decision_latency_max_ms": round(max(latencies) * 1000, 3),
        "frame_to_decision_cpu_p50_ms": round(percentile(cpu_latencies, 0.5) * 1000, 3),
        "frame_to_decision_cpu_p99_ms": round(percentile(cpu_latencies, 0.99) * 1000, 3),
        "flushes": flushes,
        "book_rows_written": rows["books"],
        "opportunity_rows_written": rows["opportunity_rows"],
        "basket_rows_written": rows["basket_rows"],
        "db_rows_per_s": round(sum(rows.values()) / elapsed, 1),
        "db_transactions": commits,
        "db_transactions_per_s": round(commits / elapsed, 1),
        "open_opportunities_at_end": Opportunity.objects.filter(closed_at__isnull=True).count(),
        "kalshi_feed": {k: stats[k] for k in ("messages", "gaps", "duplicates", "malformed")},
        "polymarket_resyncs": poly.stats.resyncs,
        "flush_every": f"{FLUSH_INTERVAL_S}s or {FLUSH_MAX_MESSAGES} changes, one batch in flight",
        "book_store_interval_s": BOOK_STORE_INTERVAL_S,
        "goal": {"messages_per_s": ">= 2000 on one core", "decision_latency_p99_ms": "< 5"},
        "note": "one Python process: hot path on the main thread, writes on one DB thread (GIL: "
                "one core of Python in all); messages_per_cpu_s = messages / process CPU time, "
                "robust to other load on the machine",
    }))


if __name__ == "__main__":
    main()
