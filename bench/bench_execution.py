"""Execution latency and journal throughput in paper mode on Postgres.

One approved pair on the Test venues (frozen clock, books stored once) and one open Opportunity.
Each round runs the real path `opportunity_execute`: re-cost against the stored books, every risk
check, the journaled state machine (planned -> ... -> complete), both paper legs with real fees,
fills and positions. Measured in-process (no venue latency exists in paper mode):
- to_leg2_sent: from the call until the leg-2 order is handed to the executor (goal p99 < 20 ms),
  as wall time, wall time less the paper venue's own time filling leg 1 (the part a live venue
  would replace with its latency), and this process's CPU time; plus the DB round trips (queries)
  and durable commits on that path;
- total: the whole attempt to its terminal state;
- total_attempt_cpu: this process's CPU time for the whole attempt (wall time minus waiting on
  Postgres round trips and commit fsyncs, which dominate on a loaded machine);
- attempts_per_s: attempts through the journal, one worker sequentially, then 4 worker threads
  (own connections) on 4 pairs at once.
Each run starts from an empty journal (the open positions the risk sums read grow during the run
exactly as in every other run). Between rounds the paper executor's consumed depth is reset (outside the timing) so every round
trades the same book. Risk limits are raised so the bench is not refused as positions pile up.
Prints one JSON object.
"""

from __future__ import annotations

import json
import statistics
import sys
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._django import setup_django  # noqa: E402

ROUNDS = 300
WARMUP = 20
FROZEN_CLOCK_S = 1_800_000_000.0
GOAL_P99_MS = 20.0
WORKERS = 4
CONCURRENT_ROUNDS = 50


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def _commit_latency_ms() -> tuple[float, float]:
    """(p50, p99) of one durable single-row commit on this database: the floor under each of
    the journal's write-ahead transitions."""
    from django.db import connection, transaction

    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE IF NOT EXISTS bench_commit_probe (v int)")
        cursor.execute("TRUNCATE bench_commit_probe")
    samples = []
    for _ in range(200):
        start = time.perf_counter()
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("INSERT INTO bench_commit_probe (v) VALUES (1)")
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples), _percentile(samples, 0.99)


def _concurrent_attempts_per_s(opportunity_ids: list[int], rounds: int) -> float:
    """Attempts per second with one worker thread (own DB connection, own paper book state) per
    pair, all writing the same journal tables at once."""
    from django.db import connection

    from trading import services
    from trading.executors import PaperExecutor

    barrier = threading.Barrier(len(opportunity_ids) + 1)
    errors: list[BaseException] = []

    def worker(opportunity_id: int) -> None:
        executor = PaperExecutor()
        try:
            barrier.wait()
            for _ in range(rounds):
                executor.reset()
                result = services.opportunity_execute(
                    opportunity_id=opportunity_id, executor=executor
                )
                if result.attempt is None:
                    raise RuntimeError(f"no attempt: {result.skipped} {result.refusals}")
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in opportunity_ids]
    for t in threads:
        t.start()
    barrier.wait()
    start = time.perf_counter()
    for t in threads:
        t.join()
    elapsed_s = time.perf_counter() - start
    if errors:
        raise SystemExit(f"concurrent run failed: {errors[0]!r}")
    return len(opportunity_ids) * rounds / elapsed_s


def _bench_pairs(count: int, kalshi, poly):
    """`count` approved pairs on distinct markets whose top of book crosses, each with a fresh
    open Opportunity."""
    from django.utils import timezone

    from arbitrage.models import Opportunity
    from markets.models import Market
    from markets.services import order_books_pull
    from platforms.base import MarketRef
    from similarity.models import MarketPair
    from trading.models import ArbAttempt
    from trading.tests.conftest import make_opportunity

    k_books = kalshi.get_books([MarketRef(kalshi.external_id(wm)) for wm in kalshi.world])
    p_books = poly.get_books([MarketRef(poly.external_id(wm)) for wm in poly.world])
    combos = sorted(
        (kb.best_ask + 1 - pb.best_bid, k, p) for k, kb in k_books.items()
        for p, pb in p_books.items()
    )
    used: set[str] = set()
    opportunities = []
    for _, k_id, p_id in combos:
        if k_id in used or p_id in used:
            continue
        used.update((k_id, p_id))
        a = Market.objects.get(platform__slug="test_kalshi", external_id=k_id)
        b = Market.objects.get(platform__slug="test_polymarket", external_id=p_id)
        order_books_pull(markets=[a, b])
        ArbAttempt.objects.filter(pair__market_a=a, pair__market_b=b, is_open=True).update(
            is_open=False
        )
        pair, _ = MarketPair.objects.update_or_create(
            market_a=a, market_b=b,
            defaults={"status": MarketPair.Status.APPROVED,
                      "relation": MarketPair.Relation.IDENTICAL,
                      "orientation": MarketPair.Orientation.SAME, "reviewed_at": timezone.now()},
        )
        Opportunity.objects.filter(pair=pair, closed_at__isnull=True).update(
            closed_at=timezone.now()
        )
        opportunities.append(make_opportunity(pair))
        if len(opportunities) == count:
            break
    return opportunities


def _journal_clear() -> None:
    """Empty the trading journal of this bench database, so every run starts alike."""
    from django.db import connection

    from trading.models import ArbAttempt, ArbAttemptEvent, DriftFlag, Fill, Order, Position

    tables = ", ".join(
        m._meta.db_table for m in (Fill, Position, Order, ArbAttemptEvent, DriftFlag, ArbAttempt)
    )
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {tables} CASCADE")


def main() -> None:
    setup_django("eventsarb_bench_execperf")
    from django.conf import settings
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from markets.services import catalog_sync
    from platforms.registry import get_platform
    from trading.models import ArbAttempt, Order

    settings.EVENTSARB_TRADING_MODE = "paper"
    settings.EVENTSARB_KILL_SWITCH = False
    # Each attempt stays at the default $100 notional; the totals must not stop a long run.
    settings.EVENTSARB_RISK_MAX_NOTIONAL_PER_ATTEMPT = "100"
    for name in ("PER_PAIR", "PER_VENUE"):
        setattr(settings, f"EVENTSARB_RISK_MAX_NOTIONAL_{name}", "1000000000")
    settings.EVENTSARB_RISK_PAPER_BALANCE = "1000000000000"
    settings.EVENTSARB_RISK_MAX_QUOTE_AGE_S = 1e9
    settings.EVENTSARB_RISK_MAX_OPEN_ATTEMPTS = 10**6

    from trading import services
    from trading.executors import paper_executor

    kalshi, poly = get_platform("test_kalshi"), get_platform("test_polymarket")
    for platform in (kalshi, poly):
        platform.clock = lambda: FROZEN_CLOCK_S
    _journal_clear()
    catalog_sync(slug="test_kalshi")
    catalog_sync(slug="test_polymarket")
    opportunities = _bench_pairs(WORKERS, kalshi, poly)
    opportunity = opportunities[0]

    executor = paper_executor()
    marks: dict[str, float] = {}
    real_place = executor.place

    queries: dict[str, int] = {}
    commits = {"n": 0}

    def timed_place(order: Order):
        if order.role == Order.Role.LEG2:
            marks["leg2"], marks["leg2_cpu"] = time.perf_counter(), time.process_time()
            queries["to_leg2"] = len(connection.queries)
            queries["commits_to_leg2"] = commits["n"]
            return real_place(order)
        venue_start = time.perf_counter()
        try:
            return real_place(order)
        finally:
            marks["venue"] = marks.get("venue", 0.0) + time.perf_counter() - venue_start

    executor.place = timed_place  # type: ignore[method-assign]
    to_leg2_ms: list[float] = []
    to_leg2_excl_venue_ms: list[float] = []
    to_leg2_cpu_ms: list[float] = []
    total_ms: list[float] = []
    cpu_ms: list[float] = []
    states: dict[str, int] = {}
    sizes: set[str] = set()
    for i in range(WARMUP + ROUNDS):
        executor.reset()
        marks.clear()
        start, cpu_start = time.perf_counter(), time.process_time()
        result = services.opportunity_execute(opportunity_id=opportunity.id)
        end, cpu_end = time.perf_counter(), time.process_time()
        if result.attempt is None:
            raise SystemExit(f"round {i}: no attempt ({result.skipped} {result.refusals})")
        if i >= WARMUP:
            states[result.attempt.state] = states.get(result.attempt.state, 0) + 1
            sizes.add(str(result.attempt.planned_size.normalize()))
            to_leg2_ms.append((marks["leg2"] - start) * 1000)
            to_leg2_excl_venue_ms.append((marks["leg2"] - start - marks["venue"]) * 1000)
            to_leg2_cpu_ms.append((marks["leg2_cpu"] - cpu_start) * 1000)
            total_ms.append((end - start) * 1000)
            cpu_ms.append((cpu_end - cpu_start) * 1000)
    elapsed_s = sum(total_ms) / 1000
    # One more round with query logging on, to count database round trips and durable commits
    # (each transaction commit, plus each write statement autocommitted outside a transaction;
    # synchronous_commit is on) (not timed).
    executor.reset()
    real_commit = connection.commit

    def counted_commit():
        commits["n"] += 1
        return real_commit()

    def count_autocommit_writes(execute, sql, params, many, context):
        if not connection.in_atomic_block and not sql.lstrip().upper().startswith("SELECT"):
            commits["n"] += 1
        return execute(sql, params, many, context)

    connection.commit = counted_commit  # type: ignore[method-assign]
    with CaptureQueriesContext(connection) as captured, connection.execute_wrapper(
        count_autocommit_writes
    ):
        services.opportunity_execute(opportunity_id=opportunity.id)
    connection.commit = real_commit  # type: ignore[method-assign]
    queries["total"] = len(captured.captured_queries)
    queries["commits_total"] = commits["n"]
    commit_p50_ms, commit_p99_ms = _commit_latency_ms()
    transitions = ArbAttempt.objects.get(id=result.attempt.id).events.count()
    concurrent_per_s = _concurrent_attempts_per_s(
        [o.id for o in opportunities], CONCURRENT_ROUNDS
    )

    print(json.dumps({
        "benchmark": "execution_paper_postgres",
        "rounds": ROUNDS,
        "attempt_sizes_contracts": sorted(sizes),
        "final_states": states,
        "to_leg2_sent_p50_ms": round(statistics.median(to_leg2_ms), 3),
        "to_leg2_sent_p99_ms": round(_percentile(to_leg2_ms, 0.99), 3),
        "to_leg2_sent_excl_paper_venue_p50_ms": round(statistics.median(to_leg2_excl_venue_ms), 3),
        "to_leg2_sent_excl_paper_venue_p99_ms": round(_percentile(to_leg2_excl_venue_ms, 0.99), 3),
        "to_leg2_sent_cpu_p50_ms": round(statistics.median(to_leg2_cpu_ms), 3),
        "to_leg2_sent_cpu_p99_ms": round(_percentile(to_leg2_cpu_ms, 0.99), 3),
        "total_attempt_p50_ms": round(statistics.median(total_ms), 3),
        "total_attempt_p99_ms": round(_percentile(total_ms, 0.99), 3),
        "total_attempt_cpu_p50_ms": round(statistics.median(cpu_ms), 3),
        "total_attempt_cpu_p99_ms": round(_percentile(cpu_ms, 0.99), 3),
        "attempts_per_s_one_worker": round(ROUNDS / elapsed_s, 1),
        f"attempts_per_s_{WORKERS}_workers_{WORKERS}_pairs": round(concurrent_per_s, 1),
        "journal_transitions_per_attempt": transitions,
        "db_round_trips_to_leg2_sent": queries["to_leg2"],
        "db_round_trips_per_attempt": queries["total"],
        "durable_commits_to_leg2_sent": queries["commits_to_leg2"],
        "durable_commits_per_attempt": queries["commits_total"],
        "postgres_durable_commit_p50_ms": round(commit_p50_ms, 3),
        "postgres_durable_commit_p99_ms": round(commit_p99_ms, 3),
        "goal_to_leg2_sent_p99_ms": GOAL_P99_MS,
        "goal_met": _percentile(to_leg2_excl_venue_ms, 0.99) < GOAL_P99_MS,
    }))


if __name__ == "__main__":
    main()
