"""Dashboard page render time with 10,000 pairs in the database.

Seeds 100 + 100 markets on the two Test venues, every cross pair of them (10,000 pairs: 10 %
approved, 20 % rejected, the rest proposed), 1,000 open opportunities, 500 stored books per leg
of one pair (its charts) and 300 finished attempts with orders and fills over 30 days. Then
renders each page through Django's full request stack in-process (middleware, session auth,
templates; no network) as a logged-in staff user, and reports p50/p99 and the query count.

Run: .venv/bin/python bench/bench_dashboard.py   (prints one JSON object)
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench._django import setup_django  # noqa: E402

DB_NAME = "eventsarb_bench_ui_dashboard"
MARKETS_PER_VENUE = 100
OPEN_OPPORTUNITIES = 1000
BOOKS_PER_LEG = 500
ATTEMPTS = 300
RENDERS = 30
GOAL_P99_MS = 250.0
WORDS = ["Fed", "CPI", "Bitcoin", "Ethereum", "Snow", "Shutdown", "Speaker", "Chiefs", "Celtics", "Oscar"]


def seed() -> int:
    """Replace the bench data; returns the id of the pair with a book history."""
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction
    from django.utils import timezone

    from arbitrage.models import Opportunity
    from markets.models import Market, OrderBook, rules_hash
    from markets.services import platform_ensure
    from similarity.models import MarketPair
    from trading.models import ArbAttempt, Fill, Order

    now = timezone.now()
    with transaction.atomic():
        Fill.objects.all().delete()
        Order.objects.all().delete()
        ArbAttempt.objects.all().delete()
        Opportunity.objects.all().delete()
        MarketPair.objects.all().delete()
        Market.objects.update(latest_book=None)
        OrderBook.objects.all().delete()
        Market.objects.all().delete()

        markets: dict[str, list[Market]] = {}
        for slug in ("test_kalshi", "test_polymarket"):
            platform = platform_ensure(slug=slug)
            rows = []
            for i in range(MARKETS_PER_VENUE):
                rules = f"Resolves Yes if {WORDS[i % 10]} event number {i} happens before the close. " * 3
                rows.append(Market(
                    platform=platform, external_id=f"{slug.upper()}-{i:04d}",
                    title=f"Will {WORDS[i % 10]} event number {i} happen in 2026?",
                    rules_text=rules, rules_hash=rules_hash(rules),
                    close_time=now + timedelta(days=10 + i), fee_params={"kind": "kalshi"},
                ))
            markets[slug] = Market.objects.bulk_create(rows)

        statuses = [MarketPair.Status.APPROVED] + [MarketPair.Status.REJECTED] * 2 + [MarketPair.Status.PROPOSED] * 7
        pairs = MarketPair.objects.bulk_create([
            MarketPair(
                market_a=a, market_b=b, status=statuses[(i * 7 + j) % 10],
                similarity=round(1 - abs(i - j) / MARKETS_PER_VENUE, 4), confidence=0.5,
                findings=[{"guard": "close_time", "level": "ok", "message": "same day"}],
            )
            for i, a in enumerate(markets["test_kalshi"])
            for j, b in enumerate(markets["test_polymarket"])
        ])

        chart_pair = next(p for p in pairs if p.status == MarketPair.Status.APPROVED)
        for leg, market in (("a", chart_pair.market_a), ("b", chart_pair.market_b)):
            books = OrderBook.objects.bulk_create([
                OrderBook(
                    market=market, captured_at=now - timedelta(seconds=10 * (BOOKS_PER_LEG - k)),
                    yes_bids=[[f"{0.40 + (k % 7) / 100:.2f}", "100"], ["0.35", "250"]],
                    yes_asks=[[f"{0.43 + (k % 5) / 100:.2f}", "120"], ["0.50", "300"]],
                    content_hash=f"{leg}{k}",
                )
                for k in range(BOOKS_PER_LEG)
            ])
            Market.objects.filter(pk=market.pk).update(latest_book=books[-1], book_checked_at=now)

        Opportunity.objects.bulk_create([
            Opportunity(
                pair=p, direction=Opportunity.Direction.YES_A_NO_B, size=Decimal(50 + i % 200),
                outcome_a="yes", outcome_b="no", limit_price_a=Decimal("0.44"),
                limit_price_b=Decimal("0.52"), cost_a=Decimal("22"), cost_b=Decimal("26"),
                fee_a=Decimal("0.5"), fee_b=Decimal("0.4"), payout=Decimal("50"),
                net_profit=Decimal(i % 500) / 100, return_on_capital=Decimal("0.021"),
                annualised_return=Decimal("0.35"), capital_a=Decimal("22.5"), capital_b=Decimal("26.4"),
                first_seen=now - timedelta(seconds=i), last_seen=now,
                peak_net_profit=Decimal(i % 500) / 100,
            )
            for i, p in enumerate(pairs[:OPEN_OPPORTUNITIES])
        ])

        approved = [p for p in pairs if p.status == MarketPair.Status.APPROVED]
        attempts = ArbAttempt.objects.bulk_create([
            ArbAttempt(
                uid=f"bench{k:05d}", pair=approved[k % len(approved)], direction="yes_a_no_b",
                mode="paper", leg1="a", planned_size=Decimal("20"), expected_net_profit=Decimal("0.4"),
                realised_pnl=Decimal((k % 13) - 4) / 10, finished_at=now - timedelta(hours=2.4 * k),
                state=ArbAttempt.State.COMPLETE, is_open=False,
            )
            for k in range(ATTEMPTS)
        ])
        orders = Order.objects.bulk_create([
            Order(
                attempt=a, leg=leg, role="leg1" if leg == "a" else "leg2", mode="paper",
                platform_slug="test_kalshi" if leg == "a" else "test_polymarket",
                market=a.pair.market_a if leg == "a" else a.pair.market_b, outcome="yes",
                action="buy", limit_price=Decimal("0.44"), size=Decimal("20"),
                client_order_id=f"{a.uid}-{leg}", status="filled", filled_size=Decimal("20"),
            )
            for a in attempts for leg in ("a", "b")
        ])
        Fill.objects.bulk_create([
            Fill(order=o, venue_fill_id=f"{o.client_order_id}-1", price=Decimal("0.44"),
                 size=Decimal("20"), fee=Decimal("0.1"), ts=now)
            for o in orders
        ])
        get_user_model().objects.filter(username="bench-staff").delete()
        get_user_model().objects.create_user(username="bench-staff", is_staff=True, is_superuser=True)
    # Fresh planner statistics after the bulk load, as autovacuum would gather soon after.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return chart_pair.id


def measure(client, url: str) -> dict[str, float]:
    from django.db import connection

    queries = []

    def count(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        resp = client.get(url)
    if resp.status_code != 200:
        raise RuntimeError(f"{url}: HTTP {resp.status_code}")
    times = []
    for _ in range(RENDERS):
        t0 = time.perf_counter()
        client.get(url)
        times.append((time.perf_counter() - t0) * 1000)
    return {
        "p50_ms": round(statistics.median(times), 1),
        "p99_ms": round(statistics.quantiles(times, n=100, method="inclusive")[98], 1),
        "queries": len(queries),
    }


def main() -> None:
    setup_django(DB_NAME)
    from django.contrib.auth import get_user_model
    from django.test import Client

    from similarity.models import MarketPair

    chart_pair_id = seed()
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(get_user_model().objects.get(username="bench-staff"))
    last_page = -(-MarketPair.objects.count() // 50)
    pages = {
        "opportunities": "/",
        "opportunities_htmx_poll": "/",
        "pairs_first_page": "/pairs/",
        "pairs_filtered": "/pairs/?status=approved&q=Bitcoin",
        "pairs_last_page": f"/pairs/?page={last_page}",
        "pair_detail_with_charts": f"/pairs/{chart_pair_id}/",
        "trading": "/trading/",
        "health": "/health/",
    }
    out: dict[str, object] = {
        "bench": "dashboard", "pairs": MarketPair.objects.count(),
        "open_opportunities": OPEN_OPPORTUNITIES, "books_per_chart_leg": BOOKS_PER_LEG,
        "renders_per_page": RENDERS, "load_avg_1m": round(os.getloadavg()[0], 2),
    }
    for name, url in pages.items():
        if name == "opportunities_htmx_poll":
            client.defaults["HTTP_HX_REQUEST"] = "true"
        for key, value in measure(client, url).items():
            out[f"{name}_{key}"] = value
        client.defaults.pop("HTTP_HX_REQUEST", None)
    out["goal_p99_ms"] = GOAL_P99_MS
    out["goal_met"] = all(
        out[f"{n}_p99_ms"] < GOAL_P99_MS for n in pages  # type: ignore[operator]
    )
    print(json.dumps(out))


if __name__ == "__main__":
    main()
