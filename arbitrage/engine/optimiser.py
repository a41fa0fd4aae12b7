"""Depth-aware, fee-exact sizing of one arbitrage direction.

For n contracts, profit(n) = n - cost_A(n) - cost_B(n) - fee_A(n) - fee_B(n), each cost walked
level by level and each fee charged exactly as the venue does (fees.py). The admissible sizes are
the multiples of lcm(size_increment_A, size_increment_B) from max(min_size_A, min_size_B) up to the
smaller available depth (after the optional per-leg slippage cap) and the budget (total capital
incl. fees <= budget; capital grows with n, so the feasible sizes are a prefix of the grid).

Exact maximisation. Between two consecutive level boundaries of either book ("a segment") the
unrounded profit R(n) is linear. Kalshi rounds the order fee up (exact fee >= raw fee) and
Polymarket rounds each fill half up to 5 decimals (exact fee >= raw - 0.000005 per fill), so
profit(n) <= R(n) + slack with slack = 0.000005 x Polymarket fills. Segments are visited in
decreasing order of that upper bound; inside a segment the grid is scanned from its better end
and the scan stops as soon as R(n) + slack cannot beat the best exact profit found. Nothing that
could beat the optimum is ever skipped, so the result equals a brute-force scan of every
admissible n (the tests check this against an oracle). When both ladders have non-decreasing
marginal cost (price + unit fee; the usual case) R is concave and segments past its peak stop
being generated as soon as they cannot win.

Ties in profit keep the first size found.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from datetime import datetime
from decimal import ROUND_HALF_EVEN, Decimal

from arbitrage.engine import fees
from arbitrage.engine.types import (
    DIRECTIONS_BY_ORIENTATION,
    OUTCOMES_BY_DIRECTION,
    YES,
    LegInput,
    LegPlan,
    Level,
    Plan,
)

ZERO = Decimal(0)
ONE = Decimal(1)
POLY_SLACK_PER_FILL = Decimal("0.000005")
RATIO_QUANTUM = Decimal("0.00000001")
SECONDS_PER_YEAR = Decimal(365 * 24 * 3600)

_NONE, _KALSHI, _POLY = 0, 1, 2


class EngineInputError(ValueError):
    """The engine was given something it cannot price (bad orientation, increment, budget)."""


class Ladder:
    """One leg's levels for the outcome it buys, with cumulative sums for O(log L) walks.

    cum_size[i], cum_cost[i], cum_raw[i] sum levels 0..i-1 (cum_*[0] = 0); cum_fee[i] is the
    rounded fee of those full levels for Polymarket (each fill rounds on its own) and the raw sum
    for Kalshi (rounded once per order).
    """

    __slots__ = (
        "prices", "sizes", "units", "cum_size", "cum_cost", "cum_raw", "cum_fee", "kind",
        "total", "convex",
    )

    def __init__(self, levels: tuple[Level, ...], leg: LegInput) -> None:
        fee = leg.fee
        self.kind = _KALSHI if fee.kind == "kalshi" else _POLY if fee.kind == "polymarket" else _NONE
        self.prices = tuple(p for p, _ in levels)
        self.sizes = tuple(s for _, s in levels)
        self.units = tuple(fee.unit_fee(p) for p in self.prices)
        cum_size, cum_cost, cum_raw, cum_fee = [ZERO], [ZERO], [ZERO], [ZERO]
        s = c = r = f = ZERO
        convex = True
        last_marginal = ZERO
        for price, size, unit in zip(self.prices, self.sizes, self.units, strict=True):
            raw = size * unit
            s += size
            c += size * price
            r += raw
            f += fees.polymarket_round(raw) if self.kind == _POLY else raw
            cum_size.append(s)
            cum_cost.append(c)
            cum_raw.append(r)
            cum_fee.append(f)
            marginal = price + unit
            convex = convex and marginal >= last_marginal
            last_marginal = marginal
        self.cum_size = cum_size
        self.cum_cost = cum_cost
        self.cum_raw = cum_raw
        self.cum_fee = cum_fee
        self.total = s
        self.convex = convex

    def level_of(self, n: Decimal) -> int:
        """Index j of the level the n-th contract fills at: cum_size[j] < n <= cum_size[j+1]."""
        return bisect_left(self.cum_size, n) - 1

    def cost_fee(self, n: Decimal, j: int) -> tuple[Decimal, Decimal]:
        """Exact (cost, fee) of buying n contracts whose last fill is on level j."""
        q = n - self.cum_size[j]
        cost = self.cum_cost[j] + q * self.prices[j]
        if self.kind == _KALSHI:
            return cost, fees.kalshi_round(self.cum_raw[j] + q * self.units[j])
        if self.kind == _POLY:
            return cost, self.cum_fee[j] + fees.polymarket_round(q * self.units[j])
        return cost, ZERO


def outcome_levels(
    leg: LegInput, outcome: str, max_slippage: Decimal | None = None
) -> tuple[Level, ...]:
    """The levels a buy of `outcome` walks, best first, within the slippage cap.

    YES walks the YES asks; NO walks the YES bids at NO price 1 - bid. Levels outside (0, 1) or
    with no size are ignored.
    """
    if outcome == YES:
        levels = tuple((p, s) for p, s in leg.yes_asks if 0 < p < 1 and s > 0)
    else:
        levels = tuple((ONE - p, s) for p, s in leg.yes_bids if 0 < p < 1 and s > 0)
    if max_slippage is not None and levels:
        worst = levels[0][0] + max_slippage
        levels = tuple(lv for lv in levels if lv[0] <= worst)
    return levels


def size_grid(a: LegInput, b: LegInput) -> tuple[Decimal, Decimal]:
    """(step, minimum) of the admissible sizes: lcm of both increments, and the larger minimum."""
    incs = (a.size_increment, b.size_increment)
    if any(i <= 0 for i in incs):
        raise EngineInputError("size_increment must be positive")
    exp = max(-min(int(i.as_tuple().exponent) for i in incs), 0)
    scale = Decimal(10) ** exp
    step = Decimal(math.lcm(*(int(i * scale) for i in incs))) / scale
    return step, max(a.min_size, b.min_size, step)


def _annualised(ret: Decimal, settles_at: datetime | None, now: datetime) -> Decimal | None:
    if settles_at is None:
        return None
    seconds = Decimal(str((settles_at - now).total_seconds()))
    if seconds <= 0:
        return None
    return (ret * SECONDS_PER_YEAR / seconds).quantize(RATIO_QUANTUM, rounding=ROUND_HALF_EVEN)


def _later(a: datetime | None, b: datetime | None) -> datetime | None:
    if a is None or b is None:
        return None
    return max(a, b)


def evaluate(
    a: LegInput, b: LegInput, *, direction: str, budget: Decimal, now: datetime,
    max_slippage: Decimal | None = None,
) -> Plan | None:
    """The most profitable plan in one direction, or None when no admissible size profits.

    `direction` is one of yes_a_no_b / no_a_yes_b (same orientation) or yes_a_yes_b / no_a_no_b
    (inverted). `budget` caps total capital (both costs plus both fees). `max_slippage` caps each
    leg's worst price at its best price + max_slippage.
    """
    outcome_a, outcome_b = OUTCOMES_BY_DIRECTION[direction]
    levels_a = outcome_levels(a, outcome_a, max_slippage)
    levels_b = outcome_levels(b, outcome_b, max_slippage)
    if not levels_a or not levels_b or budget <= 0:
        return None
    # Cheap exit before building ladders: levels are best first, so n contracts cost at least
    # n x top price on each leg, and fees are never negative: profit(n) <= n x edge <= 0.
    edge = ONE - levels_a[0][0] - levels_b[0][0]
    if edge <= 0:
        return None
    step, minimum = size_grid(a, b)
    la, lb = Ladder(levels_a, a), Ladder(levels_b, b)
    found = _optimise(la, lb, step=step, minimum=minimum, budget=budget)
    if found is None:
        return None
    k, profit = found
    n = step * k
    ja, jb = la.level_of(n), lb.level_of(n)
    cost_a, fee_a = la.cost_fee(n, ja)
    cost_b, fee_b = lb.cost_fee(n, jb)
    capital = cost_a + fee_a + cost_b + fee_b
    ret = (profit / capital).quantize(RATIO_QUANTUM, rounding=ROUND_HALF_EVEN)
    settles_at = _later(a.settles_at, b.settles_at)
    return Plan(
        direction=direction,
        size=n,
        a=LegPlan(a.venue, outcome_a, la.prices[ja], cost_a, fee_a, ja + 1),
        b=LegPlan(b.venue, outcome_b, lb.prices[jb], cost_b, fee_b, jb + 1),
        payout=n,
        net_profit=profit,
        return_on_capital=ret,
        annualised_return=_annualised(ret, settles_at, now),
        edge_per_contract=edge,
        settles_at=settles_at,
    )


def plans(
    a: LegInput, b: LegInput, *, orientation: str, budget: Decimal, now: datetime,
    max_slippage: Decimal | None = None,
) -> list[Plan]:
    """Every profitable plan of the pair, one per direction (0, 1 or 2), best first."""
    try:
        directions = DIRECTIONS_BY_ORIENTATION[orientation]
    except KeyError:
        raise EngineInputError(f"orientation must be 'same' or 'inverted', not {orientation!r}") from None
    found = [
        plan
        for direction in directions
        if (plan := evaluate(
            a, b, direction=direction, budget=budget, now=now, max_slippage=max_slippage
        )) is not None
    ]
    return sorted(found, key=lambda p: p.net_profit, reverse=True)


def best_plan(
    a: LegInput, b: LegInput, *, orientation: str, budget: Decimal, now: datetime,
    max_slippage: Decimal | None = None,
) -> Plan | None:
    """The single most profitable plan over both directions, or None."""
    found = plans(
        a, b, orientation=orientation, budget=budget, now=now, max_slippage=max_slippage
    )
    return found[0] if found else None


def profit_at(la: Ladder, lb: Ladder, n: Decimal) -> Decimal:
    """Exact profit of n contracts on both ladders (n must not exceed either depth)."""
    cost_a, fee_a = la.cost_fee(n, la.level_of(n))
    cost_b, fee_b = lb.cost_fee(n, lb.level_of(n))
    return n - cost_a - fee_a - cost_b - fee_b


def _budget_cap(
    la: Ladder, lb: Ladder, *, step: Decimal, k_min: int, k_max: int, budget: Decimal
) -> int | None:
    """Largest grid index k in [k_min, k_max] whose capital fits the budget (capital rises with k)."""

    def capital(k: int) -> Decimal:
        n = step * k
        return n - profit_at(la, lb, n)

    if capital(k_max) <= budget:
        return k_max
    if capital(k_min) > budget:
        return None
    lo, hi = k_min, k_max  # capital(lo) <= budget < capital(hi)
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if capital(mid) <= budget:
            lo = mid
        else:
            hi = mid
    return lo


def _optimise(
    la: Ladder, lb: Ladder, *, step: Decimal, minimum: Decimal, budget: Decimal
) -> tuple[int, Decimal] | None:
    """(k, profit) maximising exact profit over sizes n = k x step, or None if nothing profits."""
    whole, rest = divmod(minimum, step)
    k_min = int(whole) + (1 if rest > 0 else 0)
    k_max = int(min(la.total, lb.total) // step)
    if k_max < k_min:
        return None
    k_cap = _budget_cap(la, lb, step=step, k_min=k_min, k_max=k_max, budget=budget)
    if k_cap is None:
        return None
    n_cap = step * k_cap
    convex = la.convex and lb.convex
    poly_a, poly_b = la.kind == _POLY, lb.kind == _POLY
    slack_max = POLY_SLACK_PER_FILL * (
        (len(la.prices) if poly_a else 0) + (len(lb.prices) if poly_b else 0)
    )

    best_k: int | None = None
    best = ZERO
    # Segments: (upper bound, k_lo, k_hi, intercept, slope per k, slack, ja, jb).
    segments: list[tuple[Decimal, int, int, Decimal, Decimal, Decimal, int, int]] = []
    ja = jb = 0
    lo = ZERO
    while lo < n_cap:
        hi = min(la.cum_size[ja + 1], lb.cum_size[jb + 1], n_cap)
        k_lo = max(int(lo // step) + 1, k_min)
        k_hi = min(int(hi // step), k_cap)
        if k_lo <= k_hi:
            pa, ua, pb, ub = la.prices[ja], la.units[ja], lb.prices[jb], lb.units[jb]
            sigma = ONE - pa - ua - pb - ub
            intercept = (
                la.cum_size[ja] * (pa + ua) - la.cum_cost[ja] - la.cum_raw[ja]
                + lb.cum_size[jb] * (pb + ub) - lb.cum_cost[jb] - lb.cum_raw[jb]
            )
            slope_k = sigma * step
            slack = POLY_SLACK_PER_FILL * ((ja + 1 if poly_a else 0) + (jb + 1 if poly_b else 0))
            r_lo = intercept + slope_k * k_lo
            r_hi = intercept + slope_k * k_hi
            if convex and sigma <= 0:
                # R peaks at this segment's start and only falls after it: evaluate the peak,
                # then stop once even the bound at a segment's start cannot beat the best.
                if r_lo + slack_max <= best:
                    break
                exact = profit_at(la, lb, step * k_lo)
                if exact > best:
                    best, best_k = exact, k_lo
            segments.append((max(r_lo, r_hi) + slack, k_lo, k_hi, intercept, slope_k, slack, ja, jb))
        lo = hi
        if la.cum_size[ja + 1] == hi:
            ja += 1
        if lb.cum_size[jb + 1] == hi:
            jb += 1

    segments.sort(key=lambda seg: seg[0], reverse=True)
    for bound, k_lo, k_hi, intercept, slope_k, slack, ja, jb in segments:
        if bound <= best:
            break
        k, k_end, dk = (k_hi, k_lo - 1, -1) if slope_k > 0 else (k_lo, k_hi + 1, 1)
        r = intercept + slope_k * k
        dr = slope_k * dk
        while k != k_end and r + slack > best:
            n = step * k
            cost_a, fee_a = la.cost_fee(n, ja)
            cost_b, fee_b = lb.cost_fee(n, jb)
            exact = n - cost_a - fee_a - cost_b - fee_b
            if exact > best:
                best, best_k = exact, k
            k += dk
            r += dr
    if best_k is None:
        return None
    return best_k, best
