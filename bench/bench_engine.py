"""Engine throughput: best_plan() calls per second on 50-level books on both sides of both legs.

Each call prices both directions of a pair (walks, exact fees, exact optimum). Three workloads on
seeded random books: a deep arbitrage bounded by a $1,000 budget, the same bounded only by depth
(budget $1,000,000), and a pair with no arbitrage (the common case in a scan). Single thread,
CPU time.

Figures depend on the machine: `calibration_decimal_ops_per_cpu_s` (Decimal multiply-adds per
second of one loop in this process) lets runs on different machines be compared.
Prints one JSON object.

`--calls N [--budget B]` makes exactly N depth-bound calls (budget B, default $1,000,000) and
times nothing: run it under `valgrind --tool=callgrind` with N and with 0, and the difference
over N is the instructions per plan, a figure machine load does not move (bench/README.md).
"""

from __future__ import annotations

import json
import os
import random
import sys
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pricing import Fee, LegInput, best_plan  # noqa: E402

LEVELS = 50
CASES = 200
NOW = datetime(2026, 11, 29, tzinfo=UTC)
GOAL_PER_S = 10_000


def ladder(rng: random.Random, start: float, step: float, *, up: bool):
    out, price = [], start
    for _ in range(LEVELS):
        out.append((Decimal(f"{price:.3f}"), Decimal(rng.randint(10, 2000)) / 10))
        price = price + step if up else price - step
    return tuple(out)


def case(rng: random.Random, *, arb: bool):
    # A's YES asks from ~0.40 up. Arb: B's YES bids from ~0.58 down (NO from ~0.42 up).
    # No arb: B's bids start a cent under A's ask and B's asks a cent over it (quotes overlap).
    a_ask = rng.uniform(0.38, 0.42)
    b_bid = rng.uniform(0.56, 0.60) if arb else a_ask - 0.01
    a = LegInput(
        venue="kalshi",
        yes_bids=ladder(rng, a_ask - 0.02, 0.002, up=False),
        yes_asks=ladder(rng, a_ask, 0.002, up=True),
        fee=Fee(kind="kalshi"), min_size=Decimal(1), size_increment=Decimal("0.01"),
        settles_at=NOW + timedelta(days=40),
    )
    b = LegInput(
        venue="polymarket",
        yes_bids=ladder(rng, b_bid, 0.002, up=False),
        yes_asks=ladder(rng, b_bid + 0.02, 0.002, up=True),
        # Both venues' real size grids (0.01 contracts; platforms/*/parse.py): the optimiser
        # decides among 100 sizes per contract.
        fee=Fee(kind="polymarket", rate=Decimal("0.04")), min_size=Decimal(5),
        size_increment=Decimal("0.01"), settles_at=NOW + timedelta(days=45),
    )
    return a, b


ROUNDS = 5  # each figure is the best of this many rounds: a shared machine only ever slows a run


def rate(cases, budget: Decimal, *, seconds: float = 0.5) -> tuple[float, int]:
    """Calls per second of this process's CPU time, best round, and the plans found."""
    best, found = 0.0, 0
    for _ in range(ROUNDS):
        calls = 0
        start = time.process_time()
        while time.process_time() - start < seconds:
            for a, b in cases:
                if best_plan(a, b, orientation="same", budget=budget, now=NOW) is not None:
                    found += 1
                calls += 1
        best = max(best, calls / (time.process_time() - start))
    return best, found


def calibration(*, seconds: float = 0.2) -> float:
    """Decimal multiply-adds per CPU second (best round): the unit the engine's work is made of."""
    price, size, total, best = Decimal("0.437"), Decimal("123.4"), Decimal(0), 0.0
    for _ in range(ROUNDS):
        ops = 0
        start = time.process_time()
        while time.process_time() - start < seconds:
            for _ in range(10_000):
                total += size * price
            ops += 10_000
        best = max(best, ops / (time.process_time() - start))
    return best


def calls_only(calls: int, budget: Decimal) -> None:
    """Exactly `calls` best_plan calls on the depth-bound cases (for callgrind), no timing."""
    rng = random.Random(7)
    cases = [case(rng, arb=True) for _ in range(CASES)]
    for i in range(calls):
        a, b = cases[i % CASES]
        best_plan(a, b, orientation="same", budget=budget, now=NOW)


def main() -> None:
    if "--calls" in sys.argv:
        budget = sys.argv[sys.argv.index("--budget") + 1] if "--budget" in sys.argv else "1000000"
        calls_only(int(sys.argv[sys.argv.index("--calls") + 1]), Decimal(budget))
        return
    rng = random.Random(7)
    arb_cases = [case(rng, arb=True) for _ in range(CASES)]
    flat_cases = [case(rng, arb=False) for _ in range(CASES)]
    budget_rate, budget_found = rate(arb_cases, Decimal(1000))
    depth_rate, depth_found = rate(arb_cases, Decimal(1_000_000))
    none_rate, none_found = rate(flat_cases, Decimal(1000))
    print(json.dumps({
        "levels_per_side": LEVELS,
        "arb_budget_bound_plans_per_cpu_s": round(budget_rate),
        "arb_depth_bound_plans_per_cpu_s": round(depth_rate),
        "no_arb_plans_per_cpu_s": round(none_rate),
        "arb_calls_with_plan": budget_found,
        "no_arb_calls_with_plan": none_found,
        "calibration_decimal_ops_per_cpu_s": round(calibration()),
        "goal_plans_per_s": GOAL_PER_S,
        "load_average_1m": round(os.getloadavg()[0], 2),
        "goal_met_all_workloads": min(budget_rate, depth_rate, none_rate) >= GOAL_PER_S,
    }))


if __name__ == "__main__":
    main()
