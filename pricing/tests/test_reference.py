"""The engine against its previous implementation (pricing.tests.reference) on many random cases.

Issue #18's speed work must not change a single figure: every plan (and its JSON, so every
Decimal's exponent too) must equal what the engine returned before, on thin and deep books, every
fee kind, several size grids, budgets and slippage caps. The brute-force oracles (oracle.py) prove
the optimum on small books; this covers the 50-level books the benches run, where they are too
slow.
"""

from __future__ import annotations

import json
import random
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from pricing import BasketLeg, Fee, LegInput, best_basket, plans
from pricing.tests.reference import basket as reference_basket
from pricing.tests.reference import optimiser as reference_optimiser

D = Decimal
NOW = datetime(2026, 11, 29, tzinfo=UTC)
FEES = (
    Fee(),
    Fee(kind="kalshi"),
    Fee(kind="kalshi", multiplier=D("0.5")),
    Fee(kind="kalshi", multiplier=D(2)),
    Fee(kind="kalshi", fee_type="quadratic_with_maker_fees", maker=True),
    Fee(kind="kalshi", multiplier=D(15)),  # marginal cost not monotone: the general search
    Fee(kind="polymarket", rate=D("0.04")),
    Fee(kind="polymarket", rate=D("0.07")),
    Fee(kind="polymarket", rate=D("0.0002")),
    Fee(kind="polymarket", rate=D("0.04"), maker=True),
    Fee(kind="polymarket", rate=D("0.01"), exponent=D(2)),
    Fee(kind="polymarket", rate=D("0.04"), exponent=D("0.5")),  # not convex
)
# (price decimals, size decimals, size increment, min size)
GRIDS = (
    (2, 2, D("0.01"), D(1)),
    (3, 1, D("0.01"), D(5)),
    (3, 2, D("0.01"), D("0.01")),
    (4, 2, D("0.01"), D(1)),
    (2, 0, D(1), D(1)),
    (2, 1, D("0.1"), D(0)),
    (3, 1, D("0.5"), D(1)),
    (2, 0, D(2), D(5)),
)


def _levels(rng: random.Random, *, top: float, rise: float, count: int, grid) -> tuple:
    price_dp, size_dp, increment, _ = grid
    out, price = [], top
    for _ in range(count):
        price += rng.uniform(0, rise) if out else 0
        if price >= 0.999 or price <= 0.001:
            break
        size = D(rng.randint(1, 20_000)) / (10**size_dp) if size_dp else D(rng.randint(1, 300))
        if rng.random() < 0.05:
            size = D(0)  # an empty level
        out.append((round(D(price), price_dp), size))
    # Merge equal prices (a book has one level per price) and keep best first.
    merged: dict[Decimal, Decimal] = {}
    for p, s in out:
        merged[p] = merged.get(p, D(0)) + s
    return tuple(sorted(merged.items()))


def _leg(rng: random.Random, venue: str, *, mid: float, deep: bool = False) -> LegInput:
    """A leg whose YES asks start near mid + spread / 2 and bids near mid - spread / 2 (a
    negative spread crosses the pair's books); deep: 50 levels rising slowly, as in the benches."""
    grid = rng.choice(GRIDS)
    count = 50 if deep else rng.choice((1, 2, 5, 20, 50, 60))
    rise = rng.choice((0.001, 0.002, 0.004)) if deep else rng.choice((0.001, 0.002, 0.01, 0.03))
    spread = rng.uniform(-0.2, -0.02) if deep else rng.uniform(-0.06, 0.02)
    asks = _levels(rng, top=mid + spread / 2, rise=rise, count=count, grid=grid)
    bids_up = _levels(rng, top=1 - (mid - spread / 2), rise=rise, count=count, grid=grid)
    bids = tuple(sorted(((1 - p, s) for p, s in bids_up), reverse=True))
    return LegInput(
        venue=venue, yes_bids=bids, yes_asks=asks, fee=rng.choice(FEES),
        min_size=grid[3], size_increment=grid[2],
        settles_at=rng.choice((None, NOW + timedelta(days=rng.randint(1, 90)))),
    )


def pair_case(rng: random.Random):
    mid = rng.uniform(0.05, 0.95)
    deep = rng.random() < 0.3
    orientation = rng.choice(("same", "inverted"))
    a = _leg(rng, "kalshi", mid=mid, deep=deep)
    # Deep cases price the pair the way the orientation reads it: the books cross.
    b_mid = (mid if orientation == "same" else 1 - mid) if deep else rng.choice((mid, 1 - mid))
    b = _leg(rng, "polymarket", mid=b_mid, deep=deep)
    budget = rng.choice((D("0.5"), D(15), D(100), D("1000.37"), D(1_000_000)))
    if deep:
        budget = rng.choice((D("1000.37"), D(1_000_000)))
    slippage = rng.choice((None, None, D("0.02"), D("0.005")))
    return a, b, orientation, budget, slippage


def basket_case(rng: random.Random):
    outcomes = rng.choice((2, 3, 5, 8))
    legs = []
    deep = rng.random() < 0.3
    for i in range(outcomes):
        fair = 1 / outcomes - rng.uniform(0.0, 0.03)
        for venue in rng.choice((("kalshi",), ("polymarket",), ("kalshi", "polymarket"))):
            leg = _leg(rng, venue, mid=max(fair, 0.01), deep=deep)
            legs.append(BasketLeg(
                venue=venue, outcome=f"o{i}", asks=leg.yes_asks, fee=leg.fee,
                min_size=leg.min_size, size_increment=leg.size_increment,
                settles_at=leg.settles_at,
            ))
    payout = rng.choice((D(1), D(1), D(2)))
    budget = D(1_000_000) if deep else rng.choice((D(15), D(100), D(1_000_000)))
    slippage = rng.choice((None, None, D("0.02")))
    return legs, payout, budget, slippage


def _dump(value) -> str:
    return json.dumps(value, default=str)


@pytest.mark.parametrize("seed", range(12))
def test_pair_plans_equal_the_previous_engine(seed):
    rng = random.Random(seed)
    for _ in range(250):
        a, b, orientation, budget, slippage = pair_case(rng)
        args = {"orientation": orientation, "budget": budget, "now": NOW, "max_slippage": slippage}
        got = plans(a, b, **args)
        want = reference_optimiser.plans(a, b, **args)
        where = _dump([a.to_json(), b.to_json(), orientation, budget, slippage])
        assert got == want, where
        assert [p.to_json() for p in got] == [p.to_json() for p in want], where


@pytest.mark.parametrize("seed", range(8))
def test_baskets_equal_the_previous_engine(seed):
    rng = random.Random(1000 + seed)
    for _ in range(120):
        legs, payout, budget, slippage = basket_case(rng)
        args = {"payout_per_unit": payout, "budget": budget, "now": NOW, "max_slippage": slippage}
        got = best_basket(legs, **args)
        want = reference_basket.best_basket(legs, **args)
        where = _dump([[leg.to_json() for leg in legs], payout, budget, slippage])
        assert got == want, where
        assert (got and got.to_json()) == (want and want.to_json()), where


def test_the_random_cases_reach_plans_deep_books_and_every_fee_kind():
    """The generator is not vacuous: many cases find a plan, some sweep many levels."""
    rng = random.Random(0)
    found = deep = 0
    kinds = set()
    for _ in range(250):
        a, b, orientation, budget, slippage = pair_case(rng)
        kinds |= {a.fee.kind, b.fee.kind}
        for plan in plans(a, b, orientation=orientation, budget=budget, now=NOW,
                          max_slippage=slippage):
            found += 1
            deep += plan.a.levels + plan.b.levels >= 20
    assert found >= 40
    assert deep >= 10
    assert kinds == {"kalshi", "polymarket", "none"}
