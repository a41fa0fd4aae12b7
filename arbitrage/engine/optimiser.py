"""Depth-aware, fee-exact sizing of one arbitrage direction.

For n contracts, profit(n) = n - cost_A(n) - cost_B(n) - fee_A(n) - fee_B(n), each cost walked
level by level and each fee charged exactly as the venue does (fees.py). The admissible sizes are
the multiples of lcm(size_increment_A, size_increment_B) from max(min_size_A, min_size_B) up to the
smaller available depth (after the optional per-leg slippage cap) and the budget (total capital
incl. fees <= budget; capital never falls as n grows, so the feasible sizes are a prefix).

Exact maximisation. Between two consecutive level boundaries of either book ("a segment") the
unrounded profit R(n) is linear. Kalshi rounds the order fee up (exact fee >= raw fee) and
Polymarket rounds each fill half up to 5 decimals (exact fee >= raw - 0.000005 per fill), so
profit(n) <= R(n) + slack with slack = 0.000005 x Polymarket fills. Segments are visited in
decreasing order of that upper bound; inside a segment the grid is scanned from its better end
and the scan stops as soon as R(n) + slack cannot beat the best exact profit found. Nothing that
could beat the optimum is ever skipped, so the result equals a brute-force scan of every
admissible n (the tests check this against an oracle).

Speed. Levels are computed lazily as the walk reaches them. The walk stops at the budget (the
last feasible size is found by bisection inside the segment where the budget binds) and, when
both ladders have rising marginal cost (price + unit fee rises with price: true for every real
fee schedule; see Ladder.convex), as soon as R has peaked and no later segment can beat the best
exact profit found at the peak.

Books must be best first (LegInput's contract). Ties in profit keep the first size found.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import datetime
from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from functools import partial

from arbitrage.engine import fees
from arbitrage.engine.types import (
    DIRECTIONS_BY_ORIENTATION,
    OUTCOMES_BY_DIRECTION,
    YES,
    FeeSpec,
    LegInput,
    LegPlan,
    Level,
    Plan,
)

ZERO = Decimal(0)
ONE = Decimal(1)
POLY_SLACK_PER_FILL = Decimal("0.000005")
# Exact fee minus raw fee is below one cent per Kalshi order and at most 0.000005 per Polymarket
# fill (half-up rounding); 0.00001 is a safe, looser bound.
KALSHI_ROUND_UP = Decimal("0.01")
POLY_ROUND_UP_PER_FILL = Decimal("0.00001")
RATIO_QUANTUM = Decimal("0.00000001")
SECONDS_PER_YEAR = Decimal(365 * 24 * 3600)

_NONE, _KALSHI, _POLY = 0, 1, 2


class EngineInputError(ValueError):
    """The engine was given something it cannot price (bad orientation, increment)."""


class Ladder:
    """One leg's levels for the outcome it buys, computed lazily with cumulative sums.

    The source levels are best first: YES asks as they are, or YES bids read as NO at 1 - bid.
    Level i is computed only when the walk reaches it (most plans stop long before the end of a
    deep book); levels past the slippage cap `max_price` do not exist.
    cum_size[i], cum_cost[i] and cum_total[i] (cost + raw fee) sum levels 0..i-1 (cum_*[0] = 0);
    for Polymarket cum_fee[i] sums the rounded fees of those full levels (each fill rounds on
    its own); Kalshi's raw fee, cum_total - cum_cost, is rounded once per order.
    """

    __slots__ = (
        "source", "invert", "max_price", "kind", "coef", "exponent", "prices", "units",
        "marginals", "cum_size", "cum_cost", "cum_fee", "cum_total",
    )

    def __init__(
        self, source: tuple[Level, ...], fee: FeeSpec, *, invert: bool,
        max_price: Decimal | None = None,
    ) -> None:
        self.source = source
        self.invert = invert
        self.max_price = max_price
        self.exponent = fee.exponent
        # The unit fee is coef x p x (1 - p) (Kalshi) or coef x (p(1-p))^exponent (Polymarket),
        # in the same order of operations as fees.py, so the figures are identical.
        self.kind, self.coef = _NONE, ZERO
        if fee.kind == "kalshi":
            self.kind = _KALSHI
            self.coef = fee.multiplier * fees.kalshi_rate(fee_type=fee.fee_type, maker=fee.maker)
        elif fee.kind == "polymarket" and not fee.maker and fee.rate > 0:
            self.kind, self.coef = _POLY, fee.rate
        self.prices: list[Decimal] = []
        self.units: list[Decimal] = []
        self.marginals: list[Decimal] = []  # price + unit fee: raw cost of one more contract
        self.cum_size = [ZERO]
        self.cum_cost = [ZERO]
        self.cum_fee = [ZERO]  # Polymarket only
        self.cum_total = [ZERO]  # cum_cost + raw fees

    def has(self, j: int) -> bool:
        """Compute levels up to j; False when level j does not exist (book end or slippage cap)."""
        prices = self.prices
        i = len(prices)
        if j < i:
            return True
        source, kind, coef, invert = self.source, self.kind, self.coef, self.invert
        cum_size, cum_cost, cum_total = self.cum_size, self.cum_cost, self.cum_total
        while i <= j:
            if i >= len(source):
                return False
            price, size = source[i]
            # comp = 1 - price; for a NO level that is the YES bid itself (exactly).
            price, comp = (ONE - price, price) if invert else (price, ONE - price)
            if self.max_price is not None and price > self.max_price:
                return False
            if kind == _KALSHI:
                unit = coef * price * comp
                raw = size * unit
            elif kind == _POLY:
                base = price * comp
                unit = coef * (base if self.exponent == ONE else base**self.exponent)
                raw = size * unit
                # Inline fees.polymarket_round (hot path): half up to 5 decimals.
                fee = raw.quantize(fees.POLY_FEE_QUANTUM, rounding=ROUND_HALF_UP)
                self.cum_fee.append(self.cum_fee[i] + fee)
            else:
                unit = raw = ZERO
            cost = size * price
            prices.append(price)
            self.units.append(unit)
            self.marginals.append(price + unit)
            cum_size.append(cum_size[i] + size)
            cum_cost.append(cum_cost[i] + cost)
            cum_total.append(cum_total[i] + cost + raw)
            i += 1
        return True

    def cost_fee(self, n: Decimal, j: int) -> tuple[Decimal, Decimal]:
        """Exact (cost, fee) of buying n contracts whose last fill is on (computed) level j."""
        q = n - self.cum_size[j]
        cum_cost = self.cum_cost[j]
        cost = cum_cost + q * self.prices[j]
        if self.kind == _KALSHI:
            # Kalshi's raw fee so far is cum_total - cum_cost (rounded once for the order).
            return cost, fees.kalshi_round(self.cum_total[j] - cum_cost + q * self.units[j])
        if self.kind == _POLY:
            return cost, self.cum_fee[j] + fees.polymarket_round(q * self.units[j])
        return cost, ZERO

    @property
    def convex(self) -> bool:
        """Whether the marginal cost p + unit_fee(p) rises with p on (0, 1).

        p + c p(1-p) has slope 1 + c(1 - 2p) > 0 when c < 1; p + c (p(1-p))^e with e >= 1 has
        slope >= 1 - c e (p(1-p))^(e-1) > 0 when c e < 1. A fractional exponent can fall faster
        than p rises near 0 and 1, so it is not assumed convex.
        """
        if self.kind == _NONE:
            return True
        if self.kind == _KALSHI or self.exponent == ONE:
            return self.coef < ONE
        return self.exponent >= ONE and self.coef * self.exponent < ONE

    @property
    def max_round_up(self) -> Decimal:
        """An upper bound of exact fee minus raw fee over any order on this ladder."""
        if self.kind == _KALSHI:
            return KALSHI_ROUND_UP
        if self.kind == _POLY:
            return POLY_ROUND_UP_PER_FILL * len(self.source)
        return ZERO


def outcome_ladder(leg: LegInput, outcome: str, max_slippage: Decimal | None = None) -> Ladder:
    """The ladder a buy of `outcome` walks: YES asks, or YES bids at NO price 1 - bid."""
    invert = outcome != YES
    source = leg.yes_bids if invert else leg.yes_asks
    max_price = None
    if max_slippage is not None and source:
        max_price = (ONE - source[0][0] if invert else source[0][0]) + max_slippage
    return Ladder(source, leg.fee, invert=invert, max_price=max_price)


def size_grid(a: LegInput, b: LegInput) -> tuple[Decimal, Decimal]:
    """(step, minimum) of the admissible sizes: lcm of both increments, and the larger minimum."""
    incs = (a.size_increment, b.size_increment)
    if any(not i.is_finite() or i <= 0 for i in incs):
        raise EngineInputError("size_increment must be a positive number")
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


def _top_price(leg: LegInput, outcome: str) -> Decimal | None:
    if outcome == YES:
        return leg.yes_asks[0][0] if leg.yes_asks else None
    return ONE - leg.yes_bids[0][0] if leg.yes_bids else None


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
    top_a, top_b = _top_price(a, outcome_a), _top_price(b, outcome_b)
    if top_a is None or top_b is None or budget <= 0:
        return None
    # Cheap exit: books are best first, so n contracts cost at least n x top price on each
    # leg, and fees are never negative: profit(n) <= n x edge <= 0.
    edge = ONE - top_a - top_b
    if edge <= 0:
        return None
    step, minimum = size_grid(a, b)
    la = outcome_ladder(a, outcome_a, max_slippage)
    lb = outcome_ladder(b, outcome_b, max_slippage)
    found = _optimise(la, lb, step=step, minimum=minimum, budget=budget)
    if found is None:
        return None
    k, profit, ja, jb = found
    n = step * k
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
        raise EngineInputError(
            f"orientation must be 'same' or 'inverted', not {orientation!r}"
        ) from None
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


def _fits(
    capital: Callable[[int, int, int], Decimal], ja: int, jb: int, budget: Decimal, k: int
) -> bool:
    return capital(k, ja, jb) <= budget


def _budget_window(
    k_lo: int, k_hi: int, *, budget: Decimal, base: Decimal, per_k: Decimal, below: Decimal,
    above: Decimal, feasible: Callable[[int], bool],
) -> tuple[int, int]:
    """(good, bad) around the last size that fits the budget in a segment, for the bisection.

    On the segment raw capital is base + per_k x k, and exact capital lies within
    [raw - above, raw + below]; solving both edges brackets the answer to a k or two. Each end
    is confirmed exactly (falling back to the segment's ends, known feasible / infeasible),
    so the bisection's invariant never rests on the estimate.
    """
    if per_k <= 0:
        return k_lo, k_hi
    sure = int((budget - below - base) // per_k) - 1
    never = int((budget + above - base) // per_k) + 2
    good = sure if k_lo < sure < k_hi and feasible(sure) else k_lo
    bad = never if good < never < k_hi and not feasible(never) else k_hi
    return good, bad


# A bounded segment: (upper bound, k_lo, k_hi, intercept, slope per k, slack, ja, jb).
Bounded = tuple[Decimal, int, int, Decimal, Decimal, Decimal, int, int]
# A walked segment: sizes in (lo, hi], last fills on levels ja / jb, k_hi capped by the budget.
Walked = tuple[Decimal, Decimal, int, int, int | None]


def _optimise(
    la: Ladder, lb: Ladder, *, step: Decimal, minimum: Decimal, budget: Decimal
) -> tuple[int, Decimal, int, int] | None:
    """(k, profit, ja, jb) maximising exact profit over sizes n = k x step, or None.

    ja/jb are the levels the last contract fills at on each ladder. Phase 1 walks the segments
    forward to the budget, the depth, or (convex ladders) the point past R's peak where nothing
    can win any more; phase 2 scans the candidate segments best bound first.
    """
    whole, rest = divmod(minimum, step)
    k_min = int(whole) + (1 if rest > 0 else 0)
    convex = la.convex and lb.convex
    poly_a, poly_b = la.kind == _POLY, lb.kind == _POLY
    slack_max = POLY_SLACK_PER_FILL * (
        (len(la.source) if poly_a else 0) + (len(lb.source) if poly_b else 0)
    )
    round_up_max = la.max_round_up + lb.max_round_up
    best = ZERO
    best_at: tuple[int, int, int] | None = None

    def capital(k: int, ja: int, jb: int) -> Decimal:
        n = step * k
        cost_a, fee_a = la.cost_fee(n, ja)
        cost_b, fee_b = lb.cost_fee(n, jb)
        return cost_a + fee_a + cost_b + fee_b

    def bound(seg: Walked) -> Bounded | None:
        lo, hi, ja, jb, k_cap = seg
        k_lo = max(int(lo // step) + 1, k_min)
        k_hi = int(hi // step) if k_cap is None else k_cap
        if k_lo > k_hi:
            return None
        ma, mb = la.marginals[ja], lb.marginals[jb]
        # R(n) = n (1 - ma - mb) + cs_a ma - total_a + cs_b mb - total_b on this segment.
        intercept = (
            la.cum_size[ja] * ma - la.cum_total[ja] + lb.cum_size[jb] * mb - lb.cum_total[jb]
        )
        slope_k = (ONE - ma - mb) * step
        slack = POLY_SLACK_PER_FILL * ((ja + 1 if poly_a else 0) + (jb + 1 if poly_b else 0))
        r_lo = intercept + slope_k * k_lo
        r_hi = intercept + slope_k * k_hi
        return (max(r_lo, r_hi) + slack, k_lo, k_hi, intercept, slope_k, slack, ja, jb)

    def scan(seg: Bounded) -> None:
        nonlocal best, best_at
        upper, k_lo, k_hi, intercept, slope_k, slack, ja, jb = seg
        if upper <= best:
            return
        k, k_end, dk = (k_hi, k_lo - 1, -1) if slope_k > 0 else (k_lo, k_hi + 1, 1)
        r = intercept + slope_k * k
        dr = slope_k * dk
        while k != k_end and r + slack > best:
            exact = step * k - capital(k, ja, jb)
            if exact > best:
                best, best_at = exact, (k, ja, jb)
            k += dk
            r += dr

    if not (la.has(0) and lb.has(0)):
        return None
    rising: list[Walked] = []  # convex: segments before R's peak (R rises); else: all
    falling: list[Bounded] = []  # convex: segments from R's peak on
    ja = jb = 0
    lo = ZERO
    while True:
        end_a, end_b = la.cum_size[ja + 1], lb.cum_size[jb + 1]
        hi = min(end_a, end_b)
        ma, mb = la.marginals[ja], lb.marginals[jb]
        k_cap: int | None = None
        budget_binds = False
        # Exact capital <= raw capital + round_up_max: check exactly only when it may bind.
        raw_capital = (
            la.cum_total[ja] + (hi - la.cum_size[ja]) * ma
            + lb.cum_total[jb] + (hi - lb.cum_size[jb]) * mb
        )
        if raw_capital + round_up_max > budget:
            k_lo, k_hi = max(int(lo // step) + 1, k_min), int(hi // step)
            if k_lo <= k_hi and capital(k_hi, ja, jb) > budget:
                budget_binds = True
                if capital(k_lo, ja, jb) > budget:
                    break
                good, bad = _budget_window(
                    k_lo, k_hi, budget=budget,
                    base=(
                        la.cum_total[ja] - la.cum_size[ja] * ma
                        + lb.cum_total[jb] - lb.cum_size[jb] * mb
                    ),
                    per_k=step * (ma + mb), below=round_up_max, above=slack_max,
                    feasible=partial(_fits, capital, ja, jb, budget),
                )
                while bad - good > 1:
                    mid = (good + bad) // 2
                    if capital(mid, ja, jb) <= budget:
                        good = mid
                    else:
                        bad = mid
                k_cap = good
        seg = (lo, hi, ja, jb, k_cap)
        if convex and (falling or ma + mb >= ONE):
            bounded = bound(seg)
            if bounded is not None:
                k_lo, intercept, slope_k = bounded[1], bounded[3], bounded[4]
                # R never rises again: once its value here plus every rounding gain cannot
                # beat the best exact profit, no later size can.
                if intercept + slope_k * k_lo + slack_max <= best:
                    break
                exact = step * k_lo - capital(k_lo, ja, jb)
                if exact > best:
                    best, best_at = exact, (k_lo, ja, jb)
                falling.append(bounded)
        else:
            rising.append(seg)
        if budget_binds:
            break
        lo = hi
        if end_a == hi:
            ja += 1
            if not la.has(ja):
                break
        if end_b == hi:
            jb += 1
            if not lb.has(jb):
                break

    if convex:
        for bounded in falling:
            scan(bounded)
        # Before the peak R rises, so the bounds fall going backwards: stop at the first loser.
        for seg in reversed(rising):
            maybe = bound(seg)
            if maybe is None:
                continue
            if maybe[0] <= best:
                break
            scan(maybe)
    else:
        bounded_all = [b for seg in rising if (b := bound(seg)) is not None]
        bounded_all.sort(key=lambda b: b[0], reverse=True)
        for bounded in bounded_all:
            if bounded[0] <= best:
                break
            scan(bounded)
    if best_at is None:
        return None
    return best_at[0], best, best_at[1], best_at[2]
