"""Kalshi edge throughput: market parsing, book parsing and catalog upsert into Postgres.

Runs on one core in one process. Payloads are synthetic but shaped like the recorded samples
(the Market object of OpenAPI 3.28-3.34, orderbook_fp books of 5-100 levels a side), served as
JSON bytes so decoding is included. Prints one JSON object.

    .venv/bin/python bench/bench_kalshi.py
"""

from __future__ import annotations

import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

N_MARKETS = 10_000
N_BOOKS = 1_000
PAGE = 1000
REPEATS = 3
GOALS = {"markets_per_s": 20_000, "books_per_s": 5_000, "upsert_markets_per_s": 10_000}

FIXTURES = ROOT / "platforms" / "tests" / "kalshi" / "fixtures"


def _fixture(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text())


def make_catalog(rng: random.Random) -> tuple[list[bytes], dict, dict]:
    """(market pages as JSON bytes, series by ticker, events by ticker)."""
    base = _fixture("market.json")["market"]
    series_base = _fixture("series.json")["series"]
    event_base = _fixture("event.json")["event"]
    event_base.pop("markets")
    structures = [
        ("linear_cent", [{"start": "0.0000", "end": "1.0000", "step": "0.0100"}]),
        ("deci_cent", [{"start": "0.0000", "end": "1.0000", "step": "0.0010"}]),
        ("center_deci_edge_centi_cent", [
            {"start": "0.0000", "end": "0.0100", "step": "0.0001"},
            {"start": "0.0100", "end": "0.9900", "step": "0.0010"},
            {"start": "0.9900", "end": "1.0000", "step": "0.0001"}]),
    ]
    series, events, rows = {}, {}, []
    for s in range(200):
        ticker = f"KXBENCH{s}"
        series[ticker] = series_base | {"ticker": ticker, "title": f"Series {s}",
                                        "fee_multiplier": rng.choice([1, 1, 1, 0.5])}
    for e in range(2000):
        ticker = f"KXBENCH{e % 200}-26DEC{e:04d}"
        event = event_base | {"event_ticker": ticker, "series_ticker": f"KXBENCH{e % 200}",
                              "title": f"Benchmark event {e}?"}
        if e % 10 == 0:
            event["fee_type_override"] = "quadratic_with_maker_fees"
            event["fee_multiplier_override"] = 0.5
        events[ticker] = event
    event_tickers = list(events)
    for i in range(N_MARKETS):
        # Five strikes per event, listed together as Kalshi lists an event's markets.
        event_ticker = event_tickers[i // 5 % len(event_tickers)]
        structure, ranges = structures[i % len(structures)]
        bid = rng.randint(1, 97)
        rows.append(base | {
            "ticker": f"{event_ticker}-T{i}",
            "event_ticker": event_ticker,
            "title": f"Will benchmark quantity {i} exceed {bid}?",
            "yes_sub_title": f"Above {bid}", "no_sub_title": f"{bid} or below",
            "close_time": f"2026-12-{1 + i % 28:02d}T{i % 24:02d}:59:00Z",
            "expected_expiration_time": f"2026-12-{1 + i % 28:02d}T23:00:00Z",
            "yes_bid_dollars": f"{bid / 100:.4f}", "yes_ask_dollars": f"{(bid + 2) / 100:.4f}",
            "volume_fp": f"{rng.randint(0, 100000)}.00",
            "price_level_structure": structure, "price_ranges": ranges,
        })
    pages = [json.dumps({"markets": rows[i:i + PAGE], "cursor": str(i + PAGE)}).encode()
             for i in range(0, N_MARKETS, PAGE)]
    return pages, series, events


def make_books(rng: random.Random) -> list[bytes]:
    books = []
    for i in range(N_BOOKS):
        levels = rng.randint(5, 100)
        mid = rng.randint(20, 80)
        yes = sorted({rng.randint(1, mid - 1) for _ in range(levels)})
        no = sorted({rng.randint(1, 99 - mid) for _ in range(levels)})
        books.append(json.dumps({"ticker": f"T{i}", "orderbook_fp": {
            "yes_dollars": [[f"{p / 100:.4f}", f"{rng.randint(1, 5000)}.00"] for p in yes],
            "no_dollars": [[f"{p / 100:.4f}", f"{rng.randint(1, 5000)}.00"] for p in no],
        }}).encode())
    return books


def parse_markets(pages, series, events):
    from platforms.kalshi.parse import parse_market

    out = []
    for page in pages:
        for row in json.loads(page)["markets"]:
            event = events.get(row["event_ticker"])
            market = parse_market(row, series=series.get(event["series_ticker"]), event=event)
            if market is not None:
                out.append(market)
    return out


def parse_books(books):
    from platforms.kalshi.parse import parse_orderbook

    out = []
    for raw in books:
        entry = json.loads(raw)
        out.append(parse_orderbook(entry["ticker"], entry["orderbook_fp"]))
    return out


def timed(fn, *args):
    started = time.perf_counter()
    result = fn(*args)
    return time.perf_counter() - started, result


def cpu_timed(fn, *args):
    """Wall and CPU seconds. Parsing is single-threaded, so CPU seconds are one core's time;
    on a shared machine they are the fairer per-core figure (wall time includes waiting for
    the core)."""
    wall, cpu = time.perf_counter(), time.process_time()
    result = fn(*args)
    return time.perf_counter() - wall, time.process_time() - cpu, result


def main() -> None:
    from bench._django import setup_django

    setup_django("eventsarb_bench_kalshi")
    from markets.models import Market
    from markets.services import market_upsert_many, platform_ensure

    rng = random.Random(20261129)
    pages, series, events = make_catalog(rng)
    books = make_books(rng)

    market_times, market_cpu, book_times, book_cpu = [], [], [], []
    markets = []
    for _ in range(REPEATS):
        wall, cpu, markets = cpu_timed(parse_markets, pages, series, events)
        market_times.append(wall)
        market_cpu.append(cpu)
        wall, cpu, _ = cpu_timed(parse_books, books)
        book_times.append(wall)
        book_cpu.append(cpu)
    if len(markets) != N_MARKETS:
        raise SystemExit(f"parsed {len(markets)} of {N_MARKETS} markets")

    platform = platform_ensure(slug="kalshi")
    Market.objects.filter(platform=platform).delete()
    insert_s, inserted = timed(lambda: market_upsert_many(platform=platform, markets=markets))
    update_s, updated = timed(lambda: market_upsert_many(platform=platform, markets=markets))
    if inserted.created != N_MARKETS or updated.updated != N_MARKETS:
        raise SystemExit(f"upsert miscounted: {inserted} / {updated}")

    market_s = statistics.median(market_times)
    book_s = statistics.median(book_times)
    market_cpu_s = statistics.median(market_cpu)
    book_cpu_s = statistics.median(book_cpu)
    result = {
        "benchmark": "kalshi",
        "cores": 1,
        "load_avg_1m": round(os.getloadavg()[0], 2),
        "markets": N_MARKETS,
        "books": N_BOOKS,
        "book_levels_total": sum(len(json.loads(b)["orderbook_fp"]["yes_dollars"])
                                 + len(json.loads(b)["orderbook_fp"]["no_dollars"]) for b in books),
        "parse_markets_s_median_of_3": round(market_s, 4),
        "markets_per_s": round(N_MARKETS / market_s),
        "markets_per_cpu_s": round(N_MARKETS / market_cpu_s),
        "parse_books_s_median_of_3": round(book_s, 4),
        "books_per_s": round(N_BOOKS / book_s),
        "books_per_cpu_s": round(N_BOOKS / book_cpu_s),
        "upsert_insert_s": round(insert_s, 3),
        "upsert_insert_markets_per_s": round(N_MARKETS / insert_s),
        "upsert_update_s": round(update_s, 3),
        "upsert_update_markets_per_s": round(N_MARKETS / update_s),
        "goal_markets_per_s": GOALS["markets_per_s"],
        "goal_books_per_s": GOALS["books_per_s"],
        "goal_upsert_markets_per_s": GOALS["upsert_markets_per_s"],
    }
    result["goals_met"] = {
        "markets_wall": result["markets_per_s"] >= GOALS["markets_per_s"],
        "markets_cpu": result["markets_per_cpu_s"] >= GOALS["markets_per_s"],
        "books_wall": result["books_per_s"] >= GOALS["books_per_s"],
        "books_cpu": result["books_per_cpu_s"] >= GOALS["books_per_s"],
        "upsert_insert": result["upsert_insert_markets_per_s"] >= GOALS["upsert_markets_per_s"],
        "upsert_update": result["upsert_update_markets_per_s"] >= GOALS["upsert_markets_per_s"],
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
