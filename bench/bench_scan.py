"""A full opportunity scan of 1,000 approved identical pairs from Postgres, then the basket scan
of 100 approved outcome sets of 10 members each.

Synthetic rows (two bench venues, 2,000 markets with 10-level books on both sides, 1,000
approved identical pairs of which about one in ten has an arbitrage). Times
`arbitrage.services.opportunity_scan()` end to end: the query, the gates, the engine on every
pair, and the lifecycle writes. The first scan creates the opportunities; later scans update
them (the steady state). The basket scan (`arbitrage.baskets.basket_scan()`) is timed the same
way on 100 sets (1,000 more markets, 10-level books, every set priced NO-on-all and half of them
YES-on-all too; one set in ten has a NO-on-all edge before fees, which ten Kalshi fees
leave profitable in about half of them). Prints one JSON object.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import sys
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._django import setup_django  # noqa: E402

PAIRS = 1000
SETS = 100
MEMBERS = 10
LEVELS = 10
GOAL_S = 1.0


def _levels(rng, start, step, *, down):
    out, price = [], start
    for _ in range(LEVELS):
        out.append([f"{price:.2f}", str(rng.randint(5, 300))])
        price = price - step if down else price + step
    return out


def build(rng):
    from django.utils import timezone

    from markets.models import Market, OrderBook, rules_hash
    from platforms.models import Platform
    from similarity.models import MarketPair

    now = timezone.now()
    kalshi = Platform.objects.get_or_create(slug="bench_kalshi", defaults={"name": "bench K"})[0]
    poly = Platform.objects.get_or_create(slug="bench_polymarket", defaults={"name": "bench P"})[0]
    Market.objects.filter(platform__in=[kalshi, poly]).delete()
    rh = rules_hash("Resolves YES if the bench event happens.")
    common = {"rules_text": "Resolves YES if the bench event happens.", "rules_hash": rh,
              "expected_settle_time": now + timedelta(days=30), "book_checked_at": now}
    a_rows = Market.objects.bulk_create([
        Market(platform=kalshi, external_id=f"K{i}", title=f"Bench {i}", size_increment=Decimal("0.01"),
               fee_params={"kind": "kalshi", "fee_type": "quadratic", "multiplier": "1"}, **common)
        for i in range(PAIRS)
    ])
    b_rows = Market.objects.bulk_create([
        Market(platform=poly, external_id=f"P{i}", title=f"Bench {i}", min_order_size=Decimal(5),
               fee_params={"kind": "polymarket", "rate": "0.04", "exponent": "1"}, **common)
        for i in range(PAIRS)
    ])
    books = []
    for i, (a, b) in enumerate(zip(a_rows, b_rows, strict=True)):
        mid = rng.uniform(0.2, 0.8)
        # One pair in ten: B's YES bid sits 4-8 cents over A's YES ask.
        gap = rng.uniform(0.04, 0.08) if i % 10 == 0 else rng.uniform(-0.04, -0.01)
        a_ask = round(mid, 2)
        books.append(OrderBook(market=a, captured_at=now, content_hash=f"a{i}",
                               yes_bids=_levels(rng, a_ask - 0.02, 0.01, down=True),
                               yes_asks=_levels(rng, a_ask, 0.01, down=False)))
        b_bid = round(a_ask + gap, 2)
        books.append(OrderBook(market=b, captured_at=now, content_hash=f"b{i}",
                               yes_bids=_levels(rng, b_bid, 0.01, down=True),
                               yes_asks=_levels(rng, b_bid + 0.02, 0.01, down=False)))
    books = OrderBook.objects.bulk_create(books)
    by_market = {bk.market_id: bk for bk in books}
    markets = [*a_rows, *b_rows]
    for m in markets:
        m.latest_book = by_market[m.id]
    Market.objects.bulk_update(markets, ["latest_book"])
    MarketPair.objects.bulk_create([
        MarketPair(market_a=a, market_b=b, status=MarketPair.Status.APPROVED,
                   relation=MarketPair.Relation.IDENTICAL, rules_hash_a=rh, rules_hash_b=rh)
        for a, b in zip(a_rows, b_rows, strict=True)
    ])


def build_sets(rng):
    from django.utils import timezone

    from markets.models import Market, OrderBook, rules_hash
    from platforms.models import Platform
    from similarity.models import OutcomeSet, OutcomeSetMember

    now = timezone.now()
    venue = Platform.objects.get_or_create(slug="bench_kalshi", defaults={"name": "bench K"})[0]
    OutcomeSet.objects.filter(key__startswith="bench:").delete()
    rh = rules_hash("Resolves YES if this candidate wins.")
    markets = Market.objects.bulk_create([
        Market(platform=venue, external_id=f"S{i}-{j}", title=f"Set {i} candidate {j}",
               rules_text="Resolves YES if this candidate wins.", rules_hash=rh,
               size_increment=Decimal("0.01"), expected_settle_time=now + timedelta(days=30),
               book_checked_at=now,
               fee_params={"kind": "kalshi", "fee_type": "quadratic", "multiplier": "1"})
        for i in range(SETS) for j in range(MEMBERS)
    ])
    books = []
    for i in range(SETS):
        # YES bids summing over 1 make NO on every member cheaper than the n - 1 it pays.
        total_bid = 1.06 if i % 10 == 0 else rng.uniform(0.85, 0.97)
        weights = [rng.uniform(0.5, 1.5) for _ in range(MEMBERS)]
        for j, w in enumerate(weights):
            bid = max(0.02, round(total_bid * w / sum(weights), 2))
            m = markets[i * MEMBERS + j]
            books.append(OrderBook(market=m, captured_at=now, content_hash=f"s{i}-{j}",
                                   yes_bids=_levels(rng, bid, 0.01, down=True)[: int(bid * 100)],
                                   yes_asks=_levels(rng, bid + 0.02, 0.01, down=False)))
    books = OrderBook.objects.bulk_create(books)
    for m, book in zip(markets, books, strict=True):
        m.latest_book = book
    Market.objects.bulk_update(markets, ["latest_book"])
    sets = OutcomeSet.objects.bulk_create([
        OutcomeSet(key=f"bench:{i}", kind=OutcomeSet.Kind.VENUE, title=f"Set {i}",
                   status=OutcomeSet.Status.APPROVED, exhaustive=i % 2 == 0)
        for i in range(SETS)
    ])
    OutcomeSetMember.objects.bulk_create([
        OutcomeSetMember(outcome_set=sets[i], market=markets[i * MEMBERS + j],
                         outcome_key=f"m{j}", rules_hash=rh)
        for i in range(SETS) for j in range(MEMBERS)
    ])


def main() -> None:
    setup_django("eventsarb_bench_engine")
    from django.conf import settings
    from django.utils import timezone

    from arbitrage.baskets import basket_scan
    from arbitrage.services import opportunity_scan
    from markets.models import Market

    settings.EVENTSARB_ALERT_WEBHOOK_URL = ""
    build(random.Random(7))
    build_sets(random.Random(11))
    pairs_total = 0
    first = None
    steady, cpus = [], []
    for run in range(6):
        # Keep every book fresh for the gates, as the book poller would.
        Market.objects.filter(platform__slug__startswith="bench_").update(book_checked_at=timezone.now())
        start, cpu_start = time.perf_counter(), time.process_time()
        result = opportunity_scan()
        elapsed = time.perf_counter() - start
        cpus.append(time.process_time() - cpu_start)
        pairs_total = result.pairs
        if run == 0:
            first = (elapsed, result)
        else:
            steady.append(elapsed)
    basket_times, basket_cpus, basket_first = [], [], None
    for run in range(6):
        Market.objects.filter(platform__slug__startswith="bench_").update(book_checked_at=timezone.now())
        start, cpu_start = time.perf_counter(), time.process_time()
        basket_result = basket_scan()
        basket_times.append(time.perf_counter() - start)
        basket_cpus.append(time.process_time() - cpu_start)
        if run == 0:
            basket_first = basket_result
    first_s, first_result = first
    print(json.dumps({
        "pairs": pairs_total,
        "opportunities_open": first_result.open_opportunities,
        "gate_failures": first_result.gates,
        "first_scan_s": round(first_s, 3),
        "steady_scan_median_s": round(statistics.median(steady), 3),
        "steady_scan_max_s": round(max(steady), 3),
        # This process's CPU only (excludes Postgres): robust when the machine is shared.
        "first_scan_cpu_s": round(cpus[0], 3),
        "steady_scan_cpu_median_s": round(statistics.median(cpus[1:]), 3),
        "baskets": basket_first.baskets,
        "basket_opportunities_open": basket_first.open_opportunities,
        "basket_first_scan_s": round(basket_times[0], 3),
        "basket_steady_scan_median_s": round(statistics.median(basket_times[1:]), 3),
        "basket_steady_scan_cpu_median_s": round(statistics.median(basket_cpus[1:]), 3),
        "load_average_1m": round(os.getloadavg()[0], 2),
        "goal_s": GOAL_S,
        "goal_met": max(first_s, *steady) < GOAL_S,
    }))


if __name__ == "__main__":
    main()
