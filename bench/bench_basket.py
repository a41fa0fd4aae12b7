"""Basket engine throughput: best_basket() calls per second on 8-leg baskets of 50-level books.

An 8-outcome exhaustive set (payout 1 per basket unit), legs alternating Kalshi (taker fee, min
1 contract) and Polymarket (rate 0.04, min 5 shares), both on their real 0.01-contract size
grids, asks rising 0.002 a level with sizes like bench_engine's (1 to 200 contracts). Workloads
on seeded random books:

- budget-bound: asks from about 1/8 less a cent each (the 8 sum to about 0.92, about 3.5 cents
  under the payout after fees) and a $100 budget, which binds about 100 baskets in;
- depth-bound: the same books with a $1,000,000 budget: the basket stops where the books'
  rising prices have eaten the edge, about 3 levels into every book;
- no arbitrage: asks from about 0.13 each (summing above the payout), the common case in a scan.
- deep (a stress figure, not part of the goal): asks from about 1/8 less 2 cents, $1,000,000:
  about 8 levels into every book (about 65 levels swept per basket).

Single thread, CPU time, best of several rounds (a shared machine only ever slows a round).
`calibration_decimal_ops_per_cpu_s` (Decimal multiply-adds per CPU second of one loop in this
process) lets runs on different machines be compared. Prints one JSON object.

`--calls N [--workload depth|budget|no_arb|deep]` makes exactly N calls of one workload (default
depth-bound) and times nothing: run it under `valgrind --tool=callgrind` with N and with 0, and
the difference over N is the instructions per plan (bench/README.md).
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

from pricing import BasketLeg, Fee, best_basket  # noqa: E402

LEGS = 8
LEVELS = 50
CASES = 100
NOW = datetime(2026, 11, 29, tzinfo=UTC)
GOAL_PER_S = 5_000
ROUNDS = 5
KALSHI = Fee(kind="kalshi")
POLYMARKET = Fee(kind="polymarket", rate=Decimal("0.04"))


def asks(rng: random.Random, start: float) -> tuple[tuple[Decimal, Decimal], ...]:
    """50 ascending levels from `start`, 0.002 apart, 1 to 200 contracts each."""
    return tuple(
        (Decimal(f"{start + 0.002 * i:.3f}"), Decimal(rng.randint(10, 2000)) / 10)
        for i in range(LEVELS)
    )


def basket(rng: random.Random, *, top: tuple[float, float]) -> list[BasketLeg]:
    legs = []
    for i in range(LEGS):
        kalshi = i % 2 == 0
        legs.append(BasketLeg(
            venue="kalshi" if kalshi else "polymarket",
            outcome=f"outcome-{i}",
            asks=asks(rng, rng.uniform(*top)),
            fee=KALSHI if kalshi else POLYMARKET,
            min_size=Decimal(1) if kalshi else Decimal(5),
            size_increment=Decimal("0.01"),
            settles_at=NOW + timedelta(days=40 + i),
        ))
    return legs


def rate(cases: list[list[BasketLeg]], budget: Decimal, *, seconds: float = 0.5) -> tuple[float, int]:
    """Calls per second of this process's CPU time (best round), and the plans found."""
    best, found = 0.0, 0
    one = Decimal(1)
    for _ in range(ROUNDS):
        calls = 0
        start = time.process_time()
        while time.process_time() - start < seconds:
            for legs in cases:
                if best_basket(legs, payout_per_unit=one, budget=budget, now=NOW) is not None:
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


def levels_swept(cases: list[list[BasketLeg]], budget: Decimal) -> float:
    """Mean price levels per basket that the plans found sweep (all legs together)."""
    plans = [best_basket(legs, payout_per_unit=Decimal(1), budget=budget, now=NOW) for legs in cases]
    swept = [sum(leg.levels for leg in plan.legs) for plan in plans if plan is not None]
    return sum(swept) / len(swept) if swept else 0.0


def calls_only(calls: int, workload: str) -> None:
    """Exactly `calls` best_basket calls of one workload (for callgrind), no timing."""
    rng = random.Random(18)
    arb = [basket(rng, top=(0.111, 0.119)) for _ in range(CASES)]
    flat = [basket(rng, top=(0.125, 0.135)) for _ in range(CASES)]
    deep = [basket(rng, top=(0.100, 0.110)) for _ in range(CASES)]
    cases = {"depth": arb, "budget": arb, "no_arb": flat, "deep": deep}[workload]
    budget = Decimal(100) if workload == "budget" else Decimal(1_000_000)
    for i in range(calls):
        best_basket(cases[i % CASES], payout_per_unit=Decimal(1), budget=budget, now=NOW)


def main() -> None:
    if "--calls" in sys.argv:
        workload = sys.argv[sys.argv.index("--workload") + 1] if "--workload" in sys.argv else "depth"
        calls_only(int(sys.argv[sys.argv.index("--calls") + 1]), workload)
        return
    rng = random.Random(18)
    arb = [basket(rng, top=(0.111, 0.119)) for _ in range(CASES)]
    flat = [basket(rng, top=(0.125, 0.135)) for _ in range(CASES)]
    deep = [basket(rng, top=(0.100, 0.110)) for _ in range(CASES)]
    budget, unbounded = Decimal(100), Decimal(1_000_000)
    budget_rate, budget_found = rate(arb, budget)
    depth_rate, depth_found = rate(arb, unbounded)
    none_rate, none_found = rate(flat, unbounded)
    deep_rate, _ = rate(deep, unbounded)
    print(json.dumps({
        "legs": LEGS,
        "levels_per_book": LEVELS,
        "budget_bound_plans_per_cpu_s": round(budget_rate),
        "depth_bound_plans_per_cpu_s": round(depth_rate),
        "no_arb_plans_per_cpu_s": round(none_rate),
        "deep_plans_per_cpu_s": round(deep_rate),
        "budget_bound_levels_swept_per_plan": round(levels_swept(arb, budget), 1),
        "depth_bound_levels_swept_per_plan": round(levels_swept(arb, unbounded), 1),
        "deep_levels_swept_per_plan": round(levels_swept(deep, unbounded), 1),
        "arb_calls_with_plan": budget_found + depth_found,
        "no_arb_calls_with_plan": none_found,
        "calibration_decimal_ops_per_cpu_s": round(calibration()),
        "goal_plans_per_s": GOAL_PER_S,
        "load_average_1m": round(os.getloadavg()[0], 2),
        "goal_met_all_workloads": min(budget_rate, depth_rate, none_rate) >= GOAL_PER_S,
    }))


if __name__ == "__main__":
    main()
