"""Polymarket parse + normalise throughput on one core: Gamma markets and CLOB books.

Input is built from the recorded payloads in platforms/tests/polymarket/fixtures (a recorded
fee-enabled market and the two recorded books), serialised to JSON bytes as they would arrive, so
markets are timed twice: parse + normalise of decoded page dicts (parse_gamma_market: what the
goal measures; requests' response.json() decodes the body in HttpClient) and, for information,
including json.loads of the page bodies. Books are timed including json.loads of each body.
Prints one JSON object. Goals: >= 20,000 markets/s and >= 5,000 books/s.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from platforms.polymarket.parse import parse_book, parse_gamma_market  # noqa: E402

FIXTURES = ROOT / "platforms" / "tests" / "polymarket" / "fixtures"
MARKETS = 10_000
BOOKS = 1_000
PAGE = 100
REPEATS = 7


def _load(name: str):
    return json.loads((FIXTURES / name).read_text())


def _market_pages() -> list[bytes]:
    recorded_full = _load("gamma_markets_response.json")[0]  # every field Gamma sends
    recorded_fee = _load("gamma_market_open_fee_enabled_trimmed.json")
    pages, page = [], []
    for i in range(MARKETS):
        market = dict(recorded_full, **recorded_fee)
        market.update(closed=False, active=True, enableOrderBook=True, acceptingOrders=True,
                      conditionId="0x" + hashlib.sha256(str(i).encode()).hexdigest())
        page.append(market)
        if len(page) == PAGE:
            pages.append(json.dumps({"markets": page, "next_cursor": f"c{len(pages)}"}).encode())
            page = []
    return pages


def _books() -> list[bytes]:
    recorded = [_load("clob_book_response.json"), _load("clob_book_response_empty_bids.json")]
    return [json.dumps(recorded[i % 2]).encode() for i in range(BOOKS)]


def _best(fn) -> float:
    """Best-of-N CPU seconds of this process: on a shared, loaded box wall time mostly measures
    the wait for a core, CPU time measures the work (the throughput of one core)."""
    times = []
    for _ in range(REPEATS):
        started = time.process_time()
        fn()
        times.append(time.process_time() - started)
    return min(times)


def main() -> None:
    pages = _market_pages()
    books = _books()

    decoded = [json.loads(body)["markets"] for body in pages]

    def run_markets() -> None:
        parsed = 0
        for page in decoded:
            for raw in page:
                parsed += parse_gamma_market(raw) is not None
        assert parsed == MARKETS

    def run_markets_with_decode() -> None:
        for body in pages:
            for raw in json.loads(body)["markets"]:
                parse_gamma_market(raw)

    def run_books() -> None:
        for body in books:
            parse_book(json.loads(body))

    markets_s = _best(run_markets)
    markets_decode_s = _best(run_markets_with_decode)
    books_s = _best(run_books)
    market_bytes = sum(map(len, pages)) / MARKETS
    levels = sum(len(b["bids"]) + len(b["asks"]) for b in map(json.loads, books[:2])) / 2
    print(json.dumps({
        "benchmark": "polymarket_parse",
        "markets": MARKETS,
        "markets_cpu_seconds": round(markets_s, 4),
        "markets_per_s": round(MARKETS / markets_s),
        "markets_goal_per_s": 20_000,
        "market_json_bytes_avg": round(market_bytes),
        "markets_incl_json_decode_per_s": round(MARKETS / markets_decode_s),
        "books": BOOKS,
        "book_levels_avg": levels,
        "books_cpu_seconds": round(books_s, 4),
        "books_per_s": round(BOOKS / books_s),
        "books_goal_per_s": 5_000,
        "repeats_best_of": REPEATS,
        "cpus": os.cpu_count(),
        "load_avg_1m": round(os.getloadavg()[0], 2),
        "goals_met": MARKETS / markets_s >= 20_000 and BOOKS / books_s >= 5_000,
    }))


if __name__ == "__main__":
    main()
