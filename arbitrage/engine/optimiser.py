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
admissible n (the tests check this against an oracle). Near R's peak, where R barely moves from
one size to the next (both venues trade in 0.01 contracts), Kalshi's cent rounding decides: a
scan that goes on there visits one Kalshi fee cent at a time, on which profit is bounded by a
line, instead of every size (scan_by_fee_cent).

Speed. Levels are computed lazily, a few at a time, as the walk reaches them. The walk stops at
the budget (the last feasible size is found by bisection inside the segment where the budget
binds) and, when both ladders have rising marginal cost (price + unit fee rises with price: true
for every real fee schedule; see Ladder.convex), as soon as R has peaked and no later segment can
beat the best exact profit found at the peak. With rising marginal costs the segments before the
peak (R rising, budget out of reach) need no look at all: the first one that does is found by
bisection over the level boundaries (_skip_rising), and phase 2 walks back over the few skipped
segments it needs. A deep book's per-level Decimal work is what remains (about 10 operations).

Books must be best first (LegInput's contract). Ties in profit keep the first size found.
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator
from datetime import datetime
from decimal import ROUND_CEILING, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from functools import lru_cache, partial
from itertools import chain

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
POLY_FEE_QUANTUM = fees.POLY_FEE_QUANTUM
CENT = fees.CENT
# Exact fee minus raw fee is below one cent per Kalshi order and at most 0.000005 per Polymarket
# fill (half-up rounding); 0.00001 is a safe, looser bound.
KALSHI_ROUND_UP = Decimal("0.01")
POLY_ROUND_UP_PER_FILL = Decimal("0.00001")
RATIO_QUANTUM = Decimal("0.00000001")
SECONDS_PER_YEAR = Decimal(365 * 24 * 3600)
# Levels are computed this many at a time: fewer calls, little work past where a walk stops.
LEVELS_PER_EXTEND = 12
# A segment's scan evaluates this many sizes one by one (most scans end sooner) before it goes
# on a Kalshi fee cent at a time (scan_by_fee_cent).
SIZE_BY_SIZE_SCAN = 2

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
        "marginals", "cum_size", "cum_cost", "cum_fee", "cum_total", "end",
    )

    def __init__(
        self, source: tuple[Level, ...], fee: FeeSpec, *, invert: bool,
        max_price: Decimal | None = None,
    ) -> None:
        self.source = source
        self.end = len(source)  # lowered to the first level past the slippage cap once seen
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
        return j < len(self.prices) or self._extend(j)

    def _extend(self, j: int) -> bool:
        """Compute levels up to j and a few beyond (one call per several levels)."""
        prices = self.prices
        i = len(prices)
        stop = min(self.end, max(j + 1, i + LEVELS_PER_EXTEND))
        if i >= stop:
            return False
        kind, coef, invert, max_price = self.kind, self.coef, self.invert, self.max_price
        square = self.exponent == ONE
        add_price, add_unit, add_marginal = prices.append, self.units.append, self.marginals.append
        add_size, add_cost = self.cum_size.append, self.cum_cost.append
        add_fee, add_total = self.cum_fee.append, self.cum_total.append
        cum_size, cum_cost, cum_fee, cum_total = (
            self.cum_size[i], self.cum_cost[i], self.cum_fee[-1], self.cum_total[i]
        )
        for price, size in self.source[i:stop]:
            # comp = 1 - price; for a NO level that is the YES bid itself (exactly).
            if invert:
                comp = price
                price = ONE - price
            else:
                comp = ONE - price
            if max_price is not None and price > max_price:
                self.end = len(prices)
                break
            cost = size * price
            cum_size += size
            cum_cost += cost
            if kind == _KALSHI:
                unit = coef * price * comp
                marginal = price + unit
                # size x marginal is this level's cost + raw fee (exact: Decimal has the digits).
                cum_total += size * marginal
            elif kind == _POLY:
                base = price * comp
                unit = coef * (base if square else base**self.exponent)
                raw = size * unit
                # Inline fees.polymarket_round (hot path): half up to 5 decimals; a positional
                # rounding argument is markedly cheaper than the keyword here.
                cum_fee += raw.quantize(POLY_FEE_QUANTUM, ROUND_HALF_UP)
                add_fee(cum_fee)
                marginal = price + unit
                cum_total += cost + raw
            else:
                unit, marginal = ZERO, price
                cum_total = cum_cost
            add_price(price)
            add_unit(unit)
            add_marginal(marginal)
            add_size(cum_size)
            add_cost(cum_cost)
            add_total(cum_total)
        return j < len(prices)

    def cost_fee(self, n: Decimal, j: int) -> tuple[Decimal, Decimal]:
        """Exact (cost, fee) of buying n contracts whose last fill is on (computed) level j."""
        q = n - self.cum_size[j]
        cum_cost = self.cum_cost[j]
        cost = cum_cost + q * self.prices[j]
        kind = self.kind
        if kind == _KALSHI:
            # Kalshi's raw fee so far is cum_total - cum_cost (rounded once for the order).
            # Inline fees.kalshi_round (hot path): up to the cent, never negative.
            raw = self.cum_total[j] - cum_cost + q * self.units[j]
            return cost, raw.quantize(CENT, ROUND_CEILING) if raw > 0 else ZERO
        if kind == _POLY:
            # Inline fees.polymarket_round: half up to 5 decimals, never negative.
            raw = q * self.units[j]
            fee = raw.quantize(POLY_FEE_QUANTUM, ROUND_HALF_UP) if raw > 0 else ZERO
            return cost, self.cum_fee[j] + fee
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
    inc_a, inc_b = a.size_increment, b.size_increment
    if not (inc_a.is_finite() and inc_b.is_finite() and inc_a > 0 and inc_b > 0):
        raise EngineInputError("size_increment must be a positive number")
    step = _decimal_lcm(inc_a, inc_b)
    return step, max(a.min_size, b.min_size, step)


@lru_cache(maxsize=64)
def _decimal_lcm(x: Decimal, y: Decimal) -> Decimal:
    """The least common multiple of two positive decimals.

    The quotient's form depends only on the values (exact division keeps the ideal exponent
    0 where it can), so caching by value (1 == 1.0) returns the same Decimal either way;
    venues use a handful of increments.
    """
    exp = max(-min(int(x.as_tuple().exponent), int(y.as_tuple().exponent)), 0)
    scale = Decimal(10) ** exp
    return Decimal(math.lcm(int(x * scale), int(y * scale))) / scale


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


def _check_priceable(leg: LegInput) -> None:
    """Refuse a leg whose fee the engine cannot compute exactly (a wrong fee is a false edge)."""
    fee = leg.fee
    if fee.kind == "kalshi" and fee.fee_type not in fees.KALSHI_PRICED_FEE_TYPES:
        raise EngineInputError(
            f"{leg.venue}: Kalshi fee_type {fee.fee_type!r} has no fee formula here (its series "
            "pay by the fee schedule's specific table): not priced"
        )


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
    _check_priceable(a)
    _check_priceable(b)
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


def _skip_rising(la: Ladder, lb: Ladder, room: Decimal) -> tuple[Decimal, int, int, bool]:
    """(lo, ja, jb, ended): the first segment of convex ladders that needs a closer look.

    With rising marginal costs R rises on every segment where ma + mb < 1, and there raw
    capital for n contracts is below n, so while the segment's end hi <= room (budget less
    every rounding gain) the budget cannot bind either. Both tests only ever turn true along
    the walk, so the first segment where one does (a "stop") is found by bisection over the
    level boundaries rather than segment by segment. Segments start at level boundaries; the
    one starting at x fills on the last levels starting at or below x. ended: a ladder ran out
    before any stop (lo is then where it ended; ja/jb are past the levels `earlier` walks back).
    """
    size_a, size_b = la.cum_size, lb.cum_size
    marginal_a, marginal_b = la.marginals, lb.marginals

    def stops(x: Decimal) -> bool:
        ja, jb = bisect_right(size_a, x) - 1, bisect_right(size_b, x) - 1
        end_a, end_b = size_a[ja + 1], size_b[jb + 1]
        return marginal_a[ja] + marginal_b[jb] >= ONE or min(end_a, end_b) > room

    # Compute levels until the last segment both ladders cover is a stop (or one runs out).
    clear = ZERO  # no segment starting below this stops
    while True:
        na, nb = len(marginal_a), len(marginal_b)
        x_end = min(size_a[na], size_b[nb])
        if x_end <= 0:  # empty first levels: nothing to skip
            return ZERO, 0, 0, False
        # Cheap first: no segment in range has a larger ma + mb or a later end than these.
        if marginal_a[-1] + marginal_b[-1] >= ONE or x_end > room:
            last = max(
                size_a[bisect_left(size_a, x_end) - 1], size_b[bisect_left(size_b, x_end) - 1]
            )
            if stops(last):
                break
        clear = x_end
        if size_a[na] == x_end and not la.has(na):
            return x_end, na, nb, True
        if size_b[nb] == x_end and not lb.has(nb):
            return x_end, len(marginal_a), nb, True

    def first_stop(size: list[Decimal]) -> Decimal:
        lo, hi = bisect_left(size, clear), bisect_left(size, x_end)  # boundaries in between
        while lo < hi:
            mid = (lo + hi) // 2
            if stops(size[mid]):
                hi = mid
            else:
                lo = mid + 1
        return size[lo]  # the boundary at x_end when none below stops

    x = min(first_stop(size_a), first_stop(size_b))
    return x, bisect_right(size_a, x) - 1, bisect_right(size_b, x) - 1, False


def _fee_cent_runs(
    base: Decimal, d: Decimal, k_lo: int, k_hi: int, *, upward: bool
) -> Iterator[tuple[int, int, Decimal]]:
    """(first, last, cent): the runs of k in [k_lo, k_hi] over which a Kalshi fee is one cent.

    The order's raw fee is base + d x k (d > 0), rounded up to the cent, so the fee steps up
    where the raw fee crosses a cent. Runs come from k_lo up (upward) or from k_hi down.
    """
    k = k_lo if upward else k_hi
    while k_lo <= k <= k_hi:
        cent = (base + d * k).quantize(CENT, ROUND_CEILING)
        if upward:
            last = min(_last_k_at_most(base, d, cent), k_hi)
            yield k, last, cent
            k = last + 1
        else:
            first = max(_last_k_at_most(base, d, cent - CENT) + 1, k_lo)
            yield first, k, cent
            k = first - 1


def _last_k_at_most(base: Decimal, d: Decimal, limit: Decimal) -> int:
    """The largest integer k with base + d x k <= limit (d > 0), decided exactly."""
    k = math.floor((limit - base) / d)  # the quotient may be rounded: checked both ways below
    while base + d * (k + 1) <= limit:
        k += 1
    while base + d * k > limit:
        k -= 1
    return k


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
        """Every size of the segment that could beat the best, from R's better end."""
        nonlocal best, best_at
        upper, k_lo, k_hi, intercept, slope_k, slack, ja, jb = seg
        if upper <= best:
            return
        upward = slope_k <= 0  # R falls (or stays) as k grows: start at k_lo
        k, k_end, dk = (k_lo, k_hi + 1, 1) if upward else (k_hi, k_lo - 1, -1)
        r = intercept + slope_k * k
        dr = slope_k * dk
        size_by_size = SIZE_BY_SIZE_SCAN
        while k != k_end and r + slack > best:
            if size_by_size == 0 and kalshi is not None:
                # Still going: Kalshi's cent rounding holds profit below R here (near R's
                # peak R barely moves); finish one fee cent at a time.
                first, last = (k, k_hi) if upward else (k_lo, k)
                if scan_by_fee_cent(first, last, seg, upward=upward):
                    return
            size_by_size -= 1
            exact = step * k - capital(k, ja, jb)
            if exact > best:
                best, best_at = exact, (k, ja, jb)
            k += dk
            r += dr

    def scan_by_fee_cent(k_lo: int, k_hi: int, seg: Bounded, *, upward: bool) -> bool:
        """scan() of sizes k_lo..k_hi of a segment with one Kalshi leg, a fee cent at a time.

        Kalshi's cent rounding takes up to 0.01 off the profit, far more than R changes from
        one size to the next near R's peak, where a size-by-size scan evaluates a hundred
        sizes or more. While the Kalshi fee is one cent, profit <= U(k) = R(k) - (cent - raw
        fee(k)) + slack, linear in k: only the sizes at U's high end with U > best can win, a
        few per fee cent. Runs are visited in R's order and the scan ends where R itself can no
        longer win, as the size-by-size scan does; ties keep the size it would find first.
        False (nothing scanned) when the fee does not grow with the size on this segment.
        """
        nonlocal best, best_at
        assert kalshi is not None
        _, _, _, intercept, slope_k, slack, ja, jb = seg
        j = ja if kalshi is la else jb
        unit = kalshi.units[j]
        # Kalshi's raw fee on this segment is base + d x k, rounded up to the cent once.
        base = kalshi.cum_total[j] - kalshi.cum_cost[j] - kalshi.cum_size[j] * unit
        d = step * unit
        if d <= 0 or base + d * k_lo <= 0:
            return False
        slope_u = slope_k + d
        for first, last, cent in _fee_cent_runs(base, d, k_lo, k_hi, upward=upward):
            if intercept + slope_k * (first if upward else last) + slack <= best:
                break
            u_0 = intercept + base - cent + slack
            sizes = range(last, first - 1, -1) if slope_u > 0 else range(first, last + 1)
            for k in sizes:
                if u_0 + slope_u * k <= best:
                    break
                exact = step * k - capital(k, ja, jb)
                if exact > best or (
                    exact == best and best_at is not None and best_at[1:] == (ja, jb)
                    and (k < best_at[0] if upward else k > best_at[0])
                ):
                    best, best_at = exact, (k, ja, jb)
        return True

    def earlier(lo: Decimal, ja: int, jb: int) -> Iterator[Walked]:
        """The segments before the one starting at lo on levels ja/jb, latest first."""
        while lo > 0:
            hi = lo
            while ja > 0 and la.cum_size[ja] >= hi:
                ja -= 1
            while jb > 0 and lb.cum_size[jb] >= hi:
                jb -= 1
            lo = max(la.cum_size[ja], lb.cum_size[jb])
            yield (lo, hi, ja, jb, None)

    # One Kalshi leg: its cent rounding is scanned a fee cent at a time (scan_by_fee_cent).
    kalshi = None
    if (la.kind == _KALSHI) != (lb.kind == _KALSHI):
        kalshi = la if la.kind == _KALSHI else lb

    if not (la.has(0) and lb.has(0)):
        return None
    rising: list[Walked] = []  # convex: segments before R's peak (R rises); else: all
    falling: list[Bounded] = []  # convex: segments from R's peak on
    ja = jb = 0
    lo = ZERO
    # The ladders' lists only grow, so these names stay valid as the walk extends them.
    size_a, size_b = la.cum_size, lb.cum_size
    total_a, total_b = la.cum_total, lb.cum_total
    marginal_a, marginal_b = la.marginals, lb.marginals
    # Exact capital <= raw capital + round_up_max, so raw capital <= room always fits.
    room = budget - round_up_max
    ended = False
    if convex:
        # R rises until the peak: skip straight to where a segment needs a closer look.
        lo, ja, jb, ended = _skip_rising(la, lb, room)
    first = (lo, ja, jb)
    while not ended:
        end_a, end_b = size_a[ja + 1], size_b[jb + 1]
        hi = end_a if end_a < end_b else end_b
        ma, mb = marginal_a[ja], marginal_b[jb]
        k_cap: int | None = None
        budget_binds = False
        # Raw capital at hi is at most both ladders' totals to their next boundaries: only
        # when that sum exceeds the room is the exact check needed.
        if total_a[ja + 1] + total_b[jb + 1] > room and (
            total_a[ja] + (hi - size_a[ja]) * ma + total_b[jb] + (hi - size_b[jb]) * mb > room
        ):
            k_lo, k_hi = max(int(lo // step) + 1, k_min), int(hi // step)
            if k_lo <= k_hi and capital(k_hi, ja, jb) > budget:
                budget_binds = True
                if capital(k_lo, ja, jb) > budget:
                    break
                good, bad = _budget_window(
                    k_lo, k_hi, budget=budget,
                    base=total_a[ja] - size_a[ja] * ma + total_b[jb] - size_b[jb] * mb,
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
                # R falls here, so phase 2 scans up from k_lo, which is done: start after it.
                if k_lo < bounded[2]:
                    falling.append((bounded[0], k_lo + 1, *bounded[2:]))
        else:
            rising.append(seg)
        if budget_binds:
            break
        lo = hi
        if end_a == hi:
            ja += 1
            if ja >= len(marginal_a) and not la.has(ja):
                break
        if end_b == hi:
            jb += 1
            if jb >= len(marginal_b) and not lb.has(jb):
                break

    if convex:
        for bounded in falling:
            scan(bounded)
        # Before the peak R rises, so the bounds fall going backwards: stop at the first loser.
        for seg in chain(reversed(rising), earlier(*first)):
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
