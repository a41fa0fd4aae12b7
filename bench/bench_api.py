"""API latency under load: 50 concurrent clients on loopback against gunicorn + Postgres.

Measures two reads a trading client makes all the time: listing 100 open opportunities
(GET /api/opportunities/?open=true, one cursor page of 100) and one pair's latest books
(GET /api/pairs/<id>/books/). Each client is a thread with its own keep-alive connection and
token auth. Three passes per endpoint:
- single client, back to back: the service time without queueing;
- 50 clients polling once a second each (paced, random phase): what 50 bots or dashboards see;
- 50 clients back to back (closed loop): saturation; latency there is mostly queueing, and
  throughput_rps is the server's capacity.
Goal: p99 < 50 ms.

Run: .venv/bin/python bench/bench_api.py   (prints one JSON object)
"""

from __future__ import annotations

import http.client
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DB_NAME = "eventsarb_bench_ui"
PAIRS = 120
CLIENTS = 50
REQUESTS_PER_CLIENT = 40
PACED_INTERVAL_S = 1.0
PACED_REQUESTS_PER_CLIENT = 20
WARMUP_PER_CLIENT = 3
SINGLE_CLIENT_REQUESTS = 200
GOAL_P99_MS = 50.0
# Two CPUs here: one process per core plus threads to overlap database waits.
GUNICORN_WORKERS = 2
GUNICORN_THREADS = 8

# Settings read these at import, so they must be set before Django starts.
os.environ["EVENTSARB_TEST_VENUE_MARKETS"] = str(PAIRS)

from bench._django import setup_django  # noqa: E402


def seed() -> tuple[str, int]:
    """Both Test venues' catalogs, PAIRS approved pairs with books, one open opportunity each.

    Returns (API token, id of a pair with books). Re-running starts from the same state.
    """
    from django.contrib.auth import get_user_model
    from django.utils import timezone
    from knox.models import AuthToken

    from arbitrage.models import Opportunity
    from markets.models import Market
    from markets.services import catalog_sync, order_books_pull
    from similarity.models import MarketPair
    from similarity.selectors import market_list_watched

    Opportunity.objects.all().delete()
    MarketPair.objects.all().delete()
    catalog_sync(slug="test_kalshi")
    catalog_sync(slug="test_polymarket")
    b_by_title = {m.title: m for m in Market.objects.filter(platform__slug="test_polymarket")}
    pairs = MarketPair.objects.bulk_create([
        MarketPair(market_a=a, market_b=b_by_title[a.title], status=MarketPair.Status.APPROVED,
                   similarity=0.9, confidence=0.8)
        # The independent questions only (the multi-outcome events' members are listed after).
        for a in Market.objects.filter(platform__slug="test_kalshi").order_by("id")[:PAIRS]
    ])
    order_books_pull(markets=market_list_watched())
    now = timezone.now()
    Opportunity.objects.bulk_create([
        Opportunity(
            pair=p, direction=Opportunity.Direction.YES_A_NO_B, size=Decimal(100 + i),
            outcome_a="yes", outcome_b="no", limit_price_a=Decimal("0.44"),
            limit_price_b=Decimal("0.52"), cost_a=Decimal("44"), cost_b=Decimal("52"),
            fee_a=Decimal("1.1"), fee_b=Decimal("0.9"), payout=Decimal(100 + i),
            net_profit=Decimal("0.01") * i, return_on_capital=Decimal("0.02"),
            annualised_return=Decimal("0.4"), capital_a=Decimal("45.1"), capital_b=Decimal("52.9"),
            first_seen=now - timedelta(seconds=i), last_seen=now, peak_net_profit=Decimal("0.01") * i,
        )
        for i, p in enumerate(pairs)
    ])
    user, _ = get_user_model().objects.get_or_create(username="bench")
    _, token = AuthToken.objects.create(user=user)
    return token, pairs[0].id


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(port: int) -> subprocess.Popen:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "eventsarb.settings", "LOG_LEVEL": "WARNING"}
    proc = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "gunicorn"), "eventsarb.wsgi", "--bind", f"127.0.0.1:{port}",
         "--workers", str(GUNICORN_WORKERS), "--worker-class", "gthread",
         "--threads", str(GUNICORN_THREADS), "--keep-alive", "30", "--log-level", "warning"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/api/schema/")
            conn.getresponse().read()
            return proc
        except OSError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError("gunicorn did not start: " + proc.stderr.read().decode()[-2000:])


def run_clients(
    port: int, token: str, path: str, clients: int, per_client: int, interval_s: float | None = None
) -> tuple[list[float], float]:
    """Latencies (ms) of clients x per_client requests, and the wall time (s) they took.

    With interval_s each client sends one request per interval (from a random phase), else
    back to back.
    """
    latencies: list[float] = []
    lock = threading.Lock()
    errors: list[str] = []
    start_gate = threading.Barrier(clients + 1)
    headers = {"Authorization": f"Token {token}", "Accept": "application/json"}

    def client() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        for _ in range(WARMUP_PER_CLIENT):
            conn.request("GET", path, headers=headers)
            conn.getresponse().read()
        mine = []
        start_gate.wait()
        due = time.perf_counter() + (random.random() * interval_s if interval_s else 0.0)
        for _ in range(per_client):
            if interval_s:
                # Pacing a load generator, not timing an assertion.
                time.sleep(max(0.0, due - time.perf_counter()))
                due += interval_s
            t0 = time.perf_counter()
            conn.request("GET", path, headers=headers)
            resp = conn.getresponse()
            resp.read()
            mine.append((time.perf_counter() - t0) * 1000)
            if resp.status != 200:
                errors.append(f"{resp.status} {path}")
        conn.close()
        with lock:
            latencies.extend(mine)

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for t in threads:
        t.start()
    start_gate.wait()
    t0 = time.perf_counter()
    for t in threads:
        t.join()
    wall_s = time.perf_counter() - t0
    if errors:
        raise RuntimeError(f"{len(errors)} failed requests, e.g. {errors[0]}")
    return latencies, wall_s


def pct(values: list[float], q: float) -> float:
    return round(statistics.quantiles(values, n=100, method="inclusive")[q - 1], 2)


def main() -> None:
    setup_django(DB_NAME)
    token, pair_id = seed()
    port = free_port()
    proc = start_gunicorn(port)
    try:
        endpoints = {
            "opportunities_list_100": "/api/opportunities/?open=true",
            "pair_latest_books": f"/api/pairs/{pair_id}/books/",
        }
        # Check the page really holds 100 opportunities.
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.request("GET", endpoints["opportunities_list_100"], headers={"Authorization": f"Token {token}"})
        page_rows = len(json.loads(conn.getresponse().read())["results"])
        out: dict[str, object] = {
            "bench": "api", "clients": CLIENTS, "requests_per_client": REQUESTS_PER_CLIENT,
            "server": f"gunicorn gthread {GUNICORN_WORKERS} workers x {GUNICORN_THREADS} threads",
            "cpus": os.cpu_count(), "load_avg_1m_at_start": round(os.getloadavg()[0], 2),
            "opportunities_per_page": page_rows,
        }
        for name, path in endpoints.items():
            single, _ = run_clients(port, token, path, 1, SINGLE_CLIENT_REQUESTS)
            out[f"{name}_single_client_p50_ms"] = pct(single, 50)
            out[f"{name}_single_client_p99_ms"] = pct(single, 99)
            paced, _ = run_clients(
                port, token, path, CLIENTS, PACED_REQUESTS_PER_CLIENT, interval_s=PACED_INTERVAL_S
            )
            out[f"{name}_50_clients_1rps_each_p50_ms"] = pct(paced, 50)
            out[f"{name}_50_clients_1rps_each_p99_ms"] = pct(paced, 99)
            lat, wall_s = run_clients(port, token, path, CLIENTS, REQUESTS_PER_CLIENT)
            out[f"{name}_50_clients_closed_loop_p50_ms"] = pct(lat, 50)
            out[f"{name}_50_clients_closed_loop_p99_ms"] = pct(lat, 99)
            out[f"{name}_throughput_rps"] = round(len(lat) / wall_s, 1)
        out["load_avg_1m_at_end"] = round(os.getloadavg()[0], 2)
        out["goal_p99_ms"] = GOAL_P99_MS
        out["goal_met_at_50_clients_1rps_each"] = all(
            out[f"{n}_50_clients_1rps_each_p99_ms"] < GOAL_P99_MS for n in endpoints  # type: ignore[operator]
        )
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    print(json.dumps(out))


if __name__ == "__main__":
    main()
