"""Baskets: one leg per outcome, the same number of contracts on each, for a guaranteed payout.

A basket buys n contracts of every outcome of a set whose payout per basket unit is known in
advance: 1 for YES on every member of an exhaustive set of mutually exclusive outcomes, n - 1 for
NO on every member of an n-set, 1 for NO on A plus YES on B when A implies B. profit(n) =
payout_per_unit x n - sum over outcomes of (cost + fee), each leg's book walked level by level
and each fee charged exactly as its venue does (pricing.fees; Kalshi rounds an order's fee up to
the cent once, Polymarket each fill half up to 5 decimals).

An outcome may be offered on several venues (legs sharing an outcome label are alternatives):
at each size it is bought on the admissible leg with the least exact cost + fee (the first
listed on a tie), which is also the choice that makes the basket most profitable. A size n is
admissible for a leg when it is a multiple of the leg's size increment, at least its minimum
and within its book (after the optional slippage cap, best price + max_slippage); it is
feasible when every outcome has an admissible leg and the total capital (costs plus fees) is
within the budget. `best_basket` returns the feasible size with the largest profit (> 0), the
smallest such size on a tie, exactly as a brute-force scan of every size would find it (the
tests check this against one).

How. Sizes are k x step, step the size grid (the lcm of every leg's increment when no outcome
has alternatives). Between two consecutive level boundaries of any book (a segment) every
leg's cost and unrounded fee are linear in k, so the unrounded profit R(k) is linear for a
single leg per outcome; with alternatives it is split at the sizes where an outcome's cheapest
leg changes ("pieces", each linear). Exact profit <= R(k) + 0.000005 per Polymarket leg (the
last fill's rounding; the full levels' fees are exact), and inside a piece, between two sizes
where some Kalshi leg's fee steps up a cent (a "cell"), the Kalshi fees are constants, which
bounds profit far tighter than R does. A piece is scanned from R's better end, evaluating
exactly only the sizes whose cell bound could beat the best found so far, and stopping once R
itself cannot. With one leg per outcome the scan runs in integers (every value times 10^16,
checked exact; otherwise the general search below runs in Decimal) and skips in one pass the
cells that the rounding of the Kalshi legs still on their current fee cent rules out
(scan_segment).

Which pieces. With one leg per outcome and rising marginal costs (price + unit fee grows with
price: every real fee schedule; Ladder.convex), R is concave: the walk goes forward over the
level boundaries keeping R and the raw capital up to date, defers every segment where R still
rises, scans where R has peaked or the budget binds, stops when nothing later can beat the best,
and finally scans the deferred segments backwards (their bounds fall going back) until one
cannot win. Otherwise (alternatives, or a fee whose marginal cost is not monotone) every piece up
to the budget or the end of the books is bounded and scanned best bound first; with rising
marginal costs the walk still stops once a supporting line shows no later size can win.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Iterator, Sequence
from datetime import datetime
from decimal import ROUND_CEILING, ROUND_HALF_EVEN, ROUND_HALF_UP, Decimal
from functools import lru_cache
from typing import Any

from pricing.fees import CENT, POLY_FEE_QUANTUM
from pricing.inputs import EngineInputError
from pricing.ladder import (
    CENT_UP,
    FILL_5DP,
    KALSHI_ROUND_UP,
    NO_ROUNDING,
    POLY_ROUND_UP_PER_FILL,
    Ladder,
)
from pricing.optimiser import RATIO_QUANTUM, annualised, last_k_at_most
from pricing.types import BasketLeg, BasketLegPlan, BasketPlan

ZERO = Decimal(0)
ONE = Decimal(1)
# A Polymarket fill's fee rounds half up to 5 decimals: at most this far below its raw fee.
POLY_SLACK = Decimal("0.000005")
# A basket walks many books at once; levels are computed a few at a time so that no leg runs
# far past where the basket stops.
LEVELS_PER_EXTEND = 4
# Sizes of an outcome set with alternatives on different grids are found by trying this many
# multiples of the grids' gcd at most (then every multiple of the gcd is tried instead).
GRID_SEARCH_LIMIT = 100_000
# One leg per outcome: segments are scanned in integers, every value times 10^16 (exactly, or
# the general Decimal search runs instead).
SCALE_DIGITS = 16
SCALE = Decimal(f"1e{SCALE_DIGITS}")
INT_SCALE = Decimal(10**SCALE_DIGITS)
INT_CENT = 10 ** (SCALE_DIGITS - 2)
INT_FILL_QUANTUM = 10 ** (SCALE_DIGITS - 5)  # Polymarket rounds each fill to 0.00001
INT_HALF_FILL_QUANTUM = INT_FILL_QUANTUM // 2
INT_POLY_SLACK = INT_HALF_FILL_QUANTUM

# Per leg, for one segment: (kind, c0, c1, f0, f1, fixed, l0, l1, slack). Cost = c0 + c1 k;
# Kalshi fee = ceil_cent(f0 + f1 k); Polymarket fee = fixed + round5(f0 + f1 k) (fixed: the
# exact fees of the full levels); l0 + l1 k is cost + unrounded fee, at most `slack` above
# the exact capital.
Line = tuple[int, Decimal, Decimal, Decimal, Decimal, Decimal, Decimal, Decimal, Decimal]
# A piece: (bound, k_lo, k_hi, r0, r1, slack, lines, js); R(k) = r0 + r1 k, exact profit <=
# R(k) + slack on k_lo..k_hi, bound = max of that over the piece.
Piece = tuple[Decimal, int, int, Decimal, Decimal, Decimal, list[Line | None], tuple[int, ...]]


def best_basket(
    legs: Sequence[BasketLeg], *, payout_per_unit: Decimal, budget: Decimal, now: datetime,
    max_slippage: Decimal | None = None,
) -> BasketPlan | None:
    """The most profitable basket within `budget`, or None when no feasible size profits.

    Every outcome (legs sharing an `outcome` label are alternatives; a None label is an
    outcome of its own) is bought at the same size n on one of its legs; the basket pays
    `payout_per_unit` x n at settlement. `budget` caps total capital (every cost plus fee).
    `max_slippage` caps each leg's worst price at its best price + max_slippage.
    Raises EngineInputError for no legs, a payout that is not positive, a size increment that
    is not positive or a fee the engine cannot price (a guessed fee is a false edge).
    """
    legs = tuple(legs)
    _check(legs, payout_per_unit)
    groups = outcome_groups(legs)
    if budget <= 0:
        return None
    # Cheap exit: books are best first and fees never negative, so n baskets cost at least
    # n x the sum of every outcome's cheapest best price.
    cheapest = ZERO
    for group in groups:
        if len(group) == 1:
            asks = legs[group[0]].asks
            if not asks:
                return None
            cheapest += asks[0][0]
            continue
        tops = [legs[i].asks[0][0] for i in group if legs[i].asks]
        if not tops:
            return None
        cheapest += min(tops)
    if cheapest >= payout_per_unit:
        return None
    step, periods, k_mins = basket_grid(legs, groups)
    ladders = [
        Ladder(
            leg.asks, leg.fee, invert=False, chunk=LEVELS_PER_EXTEND,
            max_price=(
                leg.asks[0][0] + max_slippage if max_slippage is not None and leg.asks else None
            ),
        )
        for leg in legs
    ]
    search = _BasketSearch(
        ladders, groups, payout=payout_per_unit, step=step, periods=periods, k_mins=k_mins,
        budget=budget,
    )
    found = search.run()
    if found is None:
        return None
    k, choice, js = found
    return _plan(legs, ladders, step * k, choice, js, payout_per_unit, now)


def outcome_groups(legs: Sequence[BasketLeg]) -> list[tuple[int, ...]]:
    """Leg indices per outcome, outcomes in order of first appearance (None: a leg's own)."""
    by_label: dict[str, list[int]] = {}
    order: list[list[int]] = []
    for i, leg in enumerate(legs):
        if leg.outcome is None:
            order.append([i])
        elif leg.outcome in by_label:
            by_label[leg.outcome].append(i)
        else:
            by_label[leg.outcome] = group = [i]
            order.append(group)
    return [tuple(group) for group in order]


def basket_grid(
    legs: Sequence[BasketLeg], groups: Sequence[tuple[int, ...]]
) -> tuple[Decimal, tuple[int, ...], tuple[int, ...]]:
    """(step, periods, k_mins): sizes are k x step; leg i may be bought at k when k is a
    multiple of periods[i] and k >= k_mins[i] (at least its own minimum size).

    step is the gcd of every size at which each outcome has a leg on its grid: the lcm of every
    increment when each outcome has one leg (then every period is 1).
    """
    first = legs[0].size_increment
    if len(groups) == len(legs) and all(leg.size_increment == first for leg in legs):
        # One leg per outcome on one grid (both venues trade in 0.01 contracts): a leg can
        # only be bought at the basket's size, so the largest minimum is every leg's.
        k_min = max(1, math.ceil(max(leg.min_size for leg in legs) / first))
        return first, (1,) * len(legs), (k_min,) * len(legs)
    exponent = max(max(-int(leg.size_increment.as_tuple().exponent), 0) for leg in legs)
    scale = Decimal(10) ** exponent
    units = tuple(int(leg.size_increment * scale) for leg in legs)
    step_units = _step_units(tuple(tuple(units[i] for i in group) for group in groups))
    step = Decimal(step_units) / scale
    periods = tuple(u // math.gcd(u, step_units) for u in units)
    k_mins = tuple(max(1, math.ceil(leg.min_size / step)) for leg in legs)
    return step, periods, k_mins


@lru_cache(maxsize=256)
def _step_units(groups: tuple[tuple[int, ...], ...]) -> int:
    """The gcd of the sizes (in grid units) on which every outcome has a leg's grid."""
    if all(len(set(group)) == 1 for group in groups):
        return math.lcm(*(group[0] for group in groups))
    every = [u for group in groups for u in group]
    base, period = math.gcd(*every), math.lcm(*every)
    if period // base > GRID_SEARCH_LIMIT:
        return base
    found = period  # every outcome's grid holds the lcm of all
    for size in range(base, period, base):
        if all(any(size % u == 0 for u in group) for group in groups):
            found = math.gcd(found, size)
            if found == base:
                break
    return found


def _check(legs: tuple[BasketLeg, ...], payout_per_unit: Decimal) -> None:
    if not legs:
        raise EngineInputError("a basket needs at least one leg")
    if not (payout_per_unit.is_finite() and payout_per_unit > 0):
        raise EngineInputError(f"payout_per_unit must be positive, not {payout_per_unit}")
    for leg in legs:
        increment = leg.size_increment
        if not (increment.is_finite() and increment > 0):
            raise EngineInputError(f"{leg.venue}: size_increment must be a positive number")
        if not (leg.min_size.is_finite() and leg.min_size >= 0):
            raise EngineInputError(f"{leg.venue}: min_size must not be negative")
        if leg.fee.unpriceable:
            raise EngineInputError(f"{leg.venue}: {leg.fee.unpriceable}")


def _plan(
    legs: tuple[BasketLeg, ...], ladders: list[Ladder], size: Decimal, choice: Sequence[int],
    js: Sequence[int], payout_per_unit: Decimal, now: datetime,
) -> BasketPlan:
    """The plan's exact figures, every leg recomputed from its own book walk."""
    plans = []
    settles: list[datetime | None] = []
    for i in choice:
        ladder, j, leg = ladders[i], js[i], legs[i]
        cost, fee = ladder.cost_fee(size, j)
        plans.append(BasketLegPlan(leg.venue, leg.outcome, ladder.prices[j], cost, fee, j + 1))
        settles.append(leg.settles_at)
    cost = sum((p.cost for p in plans), ZERO)
    fees = sum((p.fee for p in plans), ZERO)
    payout = payout_per_unit * size
    profit = payout - cost - fees
    ret = (profit / (cost + fees)).quantize(RATIO_QUANTUM, rounding=ROUND_HALF_EVEN)
    known = [s for s in settles if s is not None]
    settles_at = max(known) if len(known) == len(settles) else None
    return BasketPlan(
        size=size, legs=tuple(plans), cost=cost, fees=fees, payout=payout, net_profit=profit,
        return_on_capital=ret, annualised_return=annualised(ret, settles_at, now),
        settles_at=settles_at,
    )


class _BasketSearch:
    """The exact search over sizes k x step: the walks, the pieces and the scans.

    `best` is the best exact profit found so far (0: none yet), at (k, choice, js): the size,
    the leg bought per outcome and every leg's level for that size's segment.
    """

    __slots__ = (
        "ladders", "groups", "payout", "step", "unit", "periods", "k_mins", "k_min", "budget",
        "single", "convex", "round_up_max", "slack_max", "best", "best_k", "best_at", "all_legs",
        "best_i", "unit_i", "budget_i", "int_lines",
    )

    def __init__(
        self, ladders: list[Ladder], groups: list[tuple[int, ...]], *, payout: Decimal,
        step: Decimal, periods: tuple[int, ...], k_mins: tuple[int, ...], budget: Decimal,
    ) -> None:
        self.ladders, self.groups, self.payout, self.step = ladders, groups, payout, step
        self.unit = payout * step  # payout per k
        self.periods, self.k_mins, self.budget = periods, k_mins, budget
        self.single = len(groups) == len(ladders)
        # Exact capital <= raw capital + round_up_max; exact profit <= raw profit + slack_max.
        if self.single:
            self.k_min = max(k_mins)
            self.convex = all(ladder.convex for ladder in ladders)
            kalshi = fills = 0
            for ladder in ladders:
                if ladder.kind == CENT_UP:
                    kalshi += 1
                elif ladder.kind == FILL_5DP:
                    fills += len(ladder.source)
            # Kalshi rounds each order up by less than a cent; Polymarket each fill by at most
            # 0.000005 either way (Ladder.max_round_up's looser 0.00001 kept for the capital).
            self.round_up_max = KALSHI_ROUND_UP * kalshi + POLY_ROUND_UP_PER_FILL * fills
            self.slack_max = POLY_SLACK * fills
        else:
            self.k_min = max(min(k_mins[i] for i in group) for group in groups)
            self.convex = all(ladder.convex for ladder in ladders)
            self.round_up_max = sum(
                (max(ladders[i].max_round_up for i in group) for group in groups), ZERO
            )
            self.slack_max = sum(
                (
                    max(
                        POLY_SLACK * len(ladders[i].source) if ladders[i].kind == FILL_5DP
                        else ZERO
                        for i in group
                    )
                    for group in groups
                ),
                ZERO,
            )
        self.all_legs = tuple(range(len(ladders)))  # the choice when every outcome has one leg
        # The integer scan's values (see scan_segment).
        self.best_i = self.unit_i = self.budget_i = 0
        self.int_lines: list[dict[int, tuple[int, int, int, int, int]]] = []
        self.best = ZERO
        self.best_k: int | None = None
        self.best_at: tuple[int, tuple[int, ...], tuple[int, ...]] | None = None

    def run(self) -> tuple[int, tuple[int, ...], tuple[int, ...]] | None:
        """(k, choice, js) of the best basket, or None when no feasible size profits."""
        if self.single and self.convex:
            try:
                self.unit_i, self.budget_i = _exact_int(self.unit), _exact_int(self.budget)
                self.int_lines = [{} for _ in self.ladders]
                self.walk_concave()
                return self.best_at
            except _NotExact:
                self.best, self.best_k, self.best_at = ZERO, None, None
        self.walk_general()
        return self.best_at

    def beats(self, bound: Decimal, k_first: int) -> bool:
        """Whether sizes from k_first on with profit <= bound could replace the best (a tie
        replaces it only at a smaller size)."""
        best = self.best
        return bound > best or (
            bound == best and self.best_k is not None and k_first < self.best_k
        )

    def k_after(self, lo: Decimal) -> int:
        """The first admissible k above size lo."""
        return max(int(lo // self.step) + 1, self.k_min)

    # --- the walks ---------------------------------------------------------------------------
    def first_levels(self) -> list[int]:
        """Every leg's first non-empty level (-1: an empty book)."""
        js = []
        for ladder in self.ladders:
            j = 0
            while ladder.has(j) and ladder.cum_size[j + 1] <= 0:
                j += 1
            js.append(j if ladder.has(j) else -1)
        return js

    def walk_concave(self) -> None:
        """One leg per outcome, rising marginal costs: R is concave (see the module docstring).

        The walk keeps R and the raw capital at the current boundary; a level boundary shared
        by several books (or an empty level) is passed as a segment of no sizes.
        """
        ladders, budget, payout = self.ladders, self.budget, self.payout
        for ladder in ladders:
            if not ladder.has(0):
                return
        sizes = [ladder.cum_size for ladder in ladders]
        marginals = [ladder.marginals for ladder in ladders]
        js = [0] * len(ladders)
        ends = [size[1] for size in sizes]
        slope = payout - sum((marginal[0] for marginal in marginals), ZERO)
        # Raw capital <= room: every size fits whatever the rounding.
        room = budget - self.round_up_max
        slack_max = self.slack_max
        lo = raw_profit = raw_capital = ZERO
        rising: list[tuple[Decimal, Decimal, Decimal]] = []
        while True:
            hi = min(ends)
            if hi > lo:
                width = hi - lo
                profit_hi = raw_profit + width * slope
                capital_hi = raw_capital + width * (payout - slope)
                if capital_hi > room:
                    # The budget may bind here: scan now (the scan caps sizes by the budget).
                    if slope <= 0 and not self.beats(raw_profit + slack_max, self.k_after(lo)):
                        break
                    self.scan_segment(lo, hi, js)
                    if capital_hi - slack_max > budget:
                        break  # no larger size fits
                elif slope > 0:
                    rising.append((lo, hi, profit_hi))
                else:
                    # At or past R's peak: R never rises again, so once R here plus every
                    # rounding gain cannot beat the best, no later size can.
                    if not self.beats(raw_profit + slack_max, self.k_after(lo)):
                        break
                    self.scan_segment(lo, hi, js)
                lo, raw_profit, raw_capital = hi, profit_hi, capital_hi
            i = ends.index(hi)
            j = js[i] + 1
            marginal = marginals[i]
            if j >= len(marginal) and not ladders[i].has(j):
                break  # a book ends: no larger size
            slope -= marginal[j] - marginal[j - 1]
            js[i] = j
            ends[i] = sizes[i][j + 1]
        # Before the peak R rises, so the bounds fall going back: stop at the first loser.
        for lo, hi, profit_hi in reversed(rising):
            if not self.beats(profit_hi + slack_max, self.k_after(lo)):
                break
            self.scan_segment(lo, hi, [bisect_right(size, lo) - 1 for size in sizes])

    def walk_general(self) -> None:
        """Any legs: bound every piece up to the budget or the end of the books, scan best
        bound first; with rising marginal costs, stop where a supporting line shows that no
        later size can win."""
        pending: list[Piece] = []
        for lo, hi, js in self.segments():
            if self.raw_capital(lo, js) - self.slack_max > self.budget:
                break  # no size above lo fits
            if self.convex and self.supporting_slope(js) <= 0:
                # Each leg's raw capital lies above its tangent at lo, so no size from lo on
                # has R above R(lo): once that cannot win, nothing later can.
                if pending:
                    self.search(pending)
                    pending = []
                raw_profit = self.payout * lo - self.raw_capital(lo, js)
                if not self.beats(raw_profit + self.slack_max, self.k_after(lo)):
                    break
            pending.extend(self.pieces(lo, hi, js))
        self.search(pending)

    def segments(self) -> Iterator[tuple[Decimal, Decimal, tuple[int, ...]]]:
        """(lo, hi, js) over the merged level boundaries of every book: sizes in (lo, hi] fill
        leg i's last contract on level js[i] (-1: the leg's book ended at or before lo). Ends
        where an outcome has no book left."""
        ladders, groups = self.ladders, self.groups
        js = self.first_levels()
        live = [sum(1 for i in group if js[i] >= 0) for group in groups]
        if 0 in live:
            return
        group_of = [0] * len(ladders)
        for g, group in enumerate(groups):
            for i in group:
                group_of[i] = g
        ends: list[Decimal | None] = [
            ladder.cum_size[j + 1] if j >= 0 else None for ladder, j in zip(ladders, js, strict=True)
        ]
        lo = ZERO
        while True:
            hi = min(end for end in ends if end is not None)
            yield lo, hi, tuple(js)
            for i, end in enumerate(ends):
                if end != hi:
                    continue
                ladder, j = ladders[i], js[i] + 1
                while ladder.has(j) and ladder.cum_size[j + 1] == hi:
                    j += 1
                if ladder.has(j):
                    js[i], ends[i] = j, ladder.cum_size[j + 1]
                else:
                    js[i], ends[i] = -1, None
                    live[group_of[i]] -= 1
                    if live[group_of[i]] == 0:
                        return
            lo = hi

    def raw_capital(self, x: Decimal, js: tuple[int, ...]) -> Decimal:
        """Raw capital (costs plus unrounded fees) of x contracts, each outcome's cheapest."""
        total = ZERO
        for group in self.groups:
            cheapest = None
            for i in group:
                j = js[i]
                if j < 0:
                    continue
                ladder = self.ladders[i]
                raw = ladder.cum_total[j] + (x - ladder.cum_size[j]) * ladder.marginals[j]
                if cheapest is None or raw < cheapest:
                    cheapest = raw
            assert cheapest is not None  # segments() ends where an outcome has no book left
            total += cheapest
        return total

    def supporting_slope(self, js: tuple[int, ...]) -> Decimal:
        """payout - every outcome's least marginal cost on this segment."""
        total = ZERO
        for group in self.groups:
            total += min(self.ladders[i].marginals[js[i]] for i in group if js[i] >= 0)
        return self.payout - total

    def search(self, pieces: list[Piece]) -> None:
        """Scan pieces best bound first until none can beat the best."""
        pieces.sort(key=lambda piece: piece[0], reverse=True)
        for piece in pieces:
            if piece[0] < self.best:
                break
            self.scan(piece)

    def scan_segment(self, lo: Decimal, hi: Decimal, levels: Sequence[int]) -> None:
        """scan() of a segment when every outcome has one leg (the concave walk's hot path).

        The same search as pieces() + scan(), in integers (every value times 10^SCALE_DIGITS,
        exactly: Decimal arithmetic per cell costs several times more), with the legs summed
        into one line: capital(k) = c0 + c1 k + the Kalshi legs' cents + each Polymarket last
        fill's rounding, R(k) = r0 + r1 k. Each leg's line on a level is computed once per
        search (neighbouring segments share all but one).
        """
        k_lo, k_hi = self.k_after(lo), int(hi // self.step)
        if k_lo > k_hi:
            return
        js = tuple(levels)
        c0 = c1 = raw0 = raw1 = 0
        kalshi: list[tuple[int, int]] = []
        polys: list[tuple[int, int]] = []
        for i, j in enumerate(js):
            cache = self.int_lines[i]
            line = cache.get(j)
            if line is None:
                line = cache[j] = self.int_line(i, j)
            kind, a0, a1, f0, f1 = line
            c0 += a0
            c1 += a1
            if kind == CENT_UP:
                kalshi.append((f0, f1))
                raw0 += f0
                raw1 += f1
            elif kind == FILL_5DP:
                polys.append((f0, f1))
        unit, budget = self.unit_i, self.budget_i
        slack = INT_POLY_SLACK * len(polys)
        # Exact capital >= c0 + raw0 + (c1 + raw1) k - slack: sizes past this cannot fit.
        q1 = c1 + raw1
        if q1 > 0:
            k_hi = min(k_hi, (budget + slack - c0 - raw0) // q1)
        r0, r1 = -c0 - raw0, unit - q1
        best_i = self.best_i
        # A bound beats the best when larger, or equal at a smaller size than the best's.
        tie = -1 if self.best_k is None else self.best_k
        peak = max(r0 + r1 * k_lo, r0 + r1 * k_hi) + slack
        if k_lo > k_hi or peak < best_i or (peak == best_i and k_lo >= tie):
            return
        down = r1 > 0  # R rises with k: start at the top
        k = k_hi if down else k_lo
        # Per Kalshi leg: [where its current fee ends in the scan's direction, the fee (a whole
        # number of cents, scaled), f0, f1]; sorted, the first reaches furthest.
        steppers = []
        for f0, f1 in kalshi:
            fee = -(-(f0 + f1 * k) // INT_CENT) * INT_CENT
            edge = (fee - INT_CENT - f0) // f1 + 1 if down else (fee - f0) // f1
            steppers.append([edge, fee, f0, f1])
        fees = sum(stepper[1] for stepper in steppers)  # the Kalshi fees on the current cell
        w1 = unit - c1  # W(n) = w1 n + slack - c0 - fees on a cell: linear
        rising_w = w1 >= 0
        while True:
            bound = r0 + r1 * k + slack
            first = k_lo if down else k
            if bound < best_i or (bound == best_i and first >= tie):
                return
            # Skip what the Kalshi legs' rounding rules out. Sorted by how far their current fee
            # reaches, the legs split the sizes ahead into sub-intervals: the current cell (all
            # legs keep their fee), then one leg fewer at a time. On each, profit <= R + slack
            # less the gaps (fee - raw fee) of the legs still on their fee: linear, so its
            # largest value is at an end. Sub-intervals that cannot beat the best are skipped
            # in one pass; the scan moves to the first that can.
            jump = None
            # Over the legs still on their fee: their fees less their raw fees' intercepts, and
            # those raw fees' slopes (all the legs: fees - raw0 and raw1).
            gap0, gap1 = fees - raw0, raw1
            legs = len(steppers)
            if down:
                steppers.sort()
                top = k
                while legs:
                    edge, fee, f0, f1 = steppers[legs - 1]
                    start = edge if edge > k_lo else k_lo
                    # Rising with k (R rises here, the gaps fall): largest at the top.
                    rest = r0 + slack - gap0 + (r1 + gap1) * top
                    if rest > best_i or (rest == best_i and start < tie):
                        break
                    gap0 -= fee - f0
                    gap1 -= f1
                    top, legs = start - 1, legs - 1
                    if top < k_lo:
                        return
                if top < k:
                    jump = top
            else:
                steppers.sort(reverse=True)
                bottom = k
                while legs:
                    edge, fee, f0, f1 = steppers[legs - 1]
                    end = edge if edge < k_hi else k_hi
                    rest = r0 + slack - gap0 + (r1 + gap1) * bottom
                    at_end = r0 + slack - gap0 + (r1 + gap1) * end
                    if at_end > rest:
                        rest = at_end
                    if rest > best_i or (rest == best_i and bottom < tie):
                        break
                    gap0 -= fee - f0
                    gap1 -= f1
                    bottom, legs = end + 1, legs - 1
                    if bottom > k_hi:
                        return
                if bottom > k:
                    jump = bottom
            if jump is None:
                # The current cell (every Kalshi fee fixed) may hold a winner: W is linear on
                # it, so walk from W's better end while W can still beat the best. (The last
                # stepper, sorted, is where the cell ends.)
                if down:
                    first, last = (max(k_lo, steppers[-1][0]) if steppers else k_lo), k
                else:
                    first, last = k, (min(k_hi, steppers[-1][0]) if steppers else k_hi)
                fixed = c0 + fees
                w0 = slack - fixed
                for n in range(last, first - 1, -1) if rising_w else range(first, last + 1):
                    cap = w0 + w1 * n
                    if cap < best_i or (cap == best_i and (first if rising_w else n) >= tie):
                        break
                    capital = fixed + c1 * n
                    for f0, f1 in polys:
                        raw = f0 + f1 * n
                        if raw > 0:
                            capital += (raw + INT_HALF_FILL_QUANTUM) // INT_FILL_QUANTUM * (
                                INT_FILL_QUANTUM
                            ) - raw
                        else:
                            capital -= raw
                    if capital > budget:
                        continue
                    profit = unit * n - capital
                    if profit > best_i or (profit == best_i and n < tie):
                        best_i, tie = profit, n
                        self.best_i, self.best_k, self.best_at = profit, n, (n, self.all_legs, js)
                        self.best = Decimal(profit) / INT_SCALE
                jump = first - 1 if down else last + 1
            k = jump
            if not k_lo <= k <= k_hi:
                return
            for stepper in steppers:
                edge, fee, f0, f1 = stepper
                if (edge > k) if down else (edge < k):
                    new = -(-(f0 + f1 * k) // INT_CENT) * INT_CENT
                    fees += new - fee
                    stepper[1] = new
                    stepper[0] = (new - INT_CENT - f0) // f1 + 1 if down else (new - f0) // f1

    def int_line(self, i: int, j: int) -> tuple[int, int, int, int, int]:
        """Leg i on level j as integers times 10^SCALE_DIGITS: (kind, a0, a1, f0, f1).

        a0 + a1 k is the leg's capital less its rounding: cost, plus the Polymarket fees of its
        full levels and its last fill's raw fee; a Kalshi fee ceil_cent(f0 + f1 k) comes on
        top, a Polymarket last fill's rounding of f0 + f1 k. Raises _NotExact when a value has
        more decimals than the scale holds.
        """
        ladder, step = self.ladders[i], self.step
        price, size, cost = ladder.prices[j], ladder.cum_size[j], ladder.cum_cost[j]
        a0, a1 = cost - size * price, step * price
        f0 = f1 = ZERO
        kind = ladder.kind
        if kind == CENT_UP:
            unit = ladder.units[j]
            f0, f1 = ladder.cum_total[j] - cost - size * unit, step * unit
            if f1 <= 0:
                # No fee per contract here: the order's fee is a constant.
                kind, a0, f0 = NO_ROUNDING, a0 + _cent(f0), ZERO
        elif kind == FILL_5DP:
            unit = ladder.units[j]
            f0, f1 = -(size * unit), step * unit
            a0 += ladder.cum_fee[j] + f0
            a1 += f1
        out = [kind]
        for x in (a0, a1, f0, f1):
            scaled = x * SCALE
            whole = int(scaled)
            if whole != scaled:
                raise _NotExact
            out.append(whole)
        return kind, out[1], out[2], out[3], out[4]

    # --- a segment's pieces -----------------------------------------------------------------
    def lines(self, js: tuple[int, ...]) -> list[Line | None]:
        """Every live leg's cost and fee as functions of k on this segment."""
        step = self.step
        out: list[Line | None] = []
        for ladder, j in zip(self.ladders, js, strict=True):
            if j < 0:
                out.append(None)
                continue
            price, unit, size = ladder.prices[j], ladder.units[j], ladder.cum_size[j]
            cost = ladder.cum_cost[j]
            c0, c1 = cost - size * price, step * price
            kind = ladder.kind
            if kind == CENT_UP:
                f0, f1 = ladder.cum_total[j] - cost - size * unit, step * unit
                out.append((kind, c0, c1, f0, f1, ZERO, c0 + f0, c1 + f1, ZERO))
            elif kind == FILL_5DP:
                f0, f1, fixed = -(size * unit), step * unit, ladder.cum_fee[j]
                out.append((kind, c0, c1, f0, f1, fixed, c0 + fixed + f0, c1 + f1, POLY_SLACK))
            else:
                out.append((kind, c0, c1, ZERO, ZERO, ZERO, c0, c1, ZERO))
        return out

    def pieces(self, lo: Decimal, hi: Decimal, js: tuple[int, ...]) -> list[Piece]:
        """The segment's sizes split where an outcome's cheapest leg changes, each piece with
        R's line, its slack and its bound, capped where the budget cannot be met."""
        step = self.step
        k_lo, k_hi = self.k_after(lo), int(hi // step)
        if k_lo > k_hi:
            return []
        lines = self.lines(js)
        cuts = set()
        for group in self.groups:
            if len(group) == 1:
                continue
            alive = [line for i in group if (line := lines[i]) is not None]
            for x, line in enumerate(alive):
                for other in alive[x + 1:]:
                    if line[7] != other[7]:
                        crossing = (other[6] - line[6]) / (line[7] - other[7])
                        if k_lo <= crossing < k_hi:
                            cuts.add(math.floor(crossing))
        edges = [k_lo - 1, *sorted(cuts), k_hi]
        out: list[Piece] = []
        budget, unit = self.budget, self.unit
        for first, last in zip(edges, edges[1:], strict=False):
            a, b = first + 1, last
            mid = Decimal(a + b) / 2
            l0 = l1 = slack = ZERO
            for group in self.groups:
                best_line: Line | None = None
                group_slack = ZERO
                for i in group:
                    line = lines[i]
                    if line is None:
                        continue
                    if best_line is None or line[6] + line[7] * mid < best_line[6] + best_line[7] * mid:
                        best_line = line
                    group_slack = max(group_slack, line[8])
                assert best_line is not None
                l0 += best_line[6]
                l1 += best_line[7]
                slack += group_slack
            r0, r1 = -l0, unit - l1
            # Exact capital >= l0 + l1 k - slack, so sizes past this cannot meet the budget.
            if l1 > 0:
                b = min(b, math.floor((budget + slack - l0) / l1))
            if a > b:
                continue
            bound = max(r0 + r1 * a, r0 + r1 * b) + slack
            out.append((bound, a, b, r0, r1, slack, lines, js))
        return out

    # --- the scan ---------------------------------------------------------------------------
    def scan(self, piece: Piece) -> None:
        """Every size of the piece that could beat the best, cell by cell from R's better end.

        A cell is a run of sizes over which no Kalshi leg's fee changes its cent: there each
        outcome's capital is linear in k up to Polymarket's last-fill rounding, so W(k) (payout
        less those lines, plus that rounding) bounds exact profit within 0.000005 per
        Polymarket leg, while R, which counts Kalshi's unrounded fees, can sit up to a cent per
        Kalshi leg above it. Sizes are evaluated exactly only where W beats the best.
        """
        bound, k_lo, k_hi, r0, r1, slack, lines, js = piece
        if not self.beats(bound, k_lo):
            return
        down = r1 > 0  # R rises with k: start at the top
        k = k_hi if down else k_lo
        cells = _Cells(lines, self.groups, self.periods, self.k_mins, k, down=down)
        while k_lo <= k <= k_hi:
            if not self.beats(r0 + r1 * k + slack, k_lo if down else k):
                return
            edge = cells.edge()
            if down:
                first, last = k_lo if edge is None else max(edge, k_lo), k
            else:
                first, last = k, k_hi if edge is None else min(edge, k_hi)
            self.scan_cell(cells, first, last, js)
            k = first - 1 if down else last + 1
            if k_lo <= k <= k_hi:
                cells.move(k)

    def scan_cell(self, cells: _Cells, first: int, last: int, js: tuple[int, ...]) -> None:
        """The sizes first..last (one cell) whose bound W beats the best, exactly."""
        w0, w1 = cells.bound_line(self.unit)
        if not cells.multi:
            # W is linear: walk from its better end while it can still beat the best.
            if w1 >= 0:
                for k in range(last, first - 1, -1):
                    if not self.beats(w0 + w1 * k, first):
                        return
                    self.consider(k, cells, js)
            else:
                for k in range(first, last + 1):
                    if not self.beats(w0 + w1 * k, k):
                        return
                    self.consider(k, cells, js)
            return
        # With alternatives W is convex on the cell: where it beats the best is at the ends.
        top = last
        while top >= first and self.beats(cells.bound_at(w0, w1, top), first):
            self.consider(top, cells, js)
            top -= 1
        for k in range(first, top + 1):
            if not self.beats(cells.bound_at(w0, w1, k), k):
                return
            self.consider(k, cells, js)

    def consider(self, k: int, cells: _Cells, js: tuple[int, ...]) -> None:
        """Evaluate size k exactly; keep it if it beats the best."""
        found = cells.exact(k)
        if found is None:
            return
        capital, picks = found
        if capital > self.budget:
            return
        profit = self.unit * k - capital
        if profit > self.best or (
            profit == self.best and self.best_k is not None and k < self.best_k
        ):
            self.best, self.best_k, self.best_at = profit, k, (k, cells.choice(picks), js)


class _Cells:
    """A piece's Kalshi fee cents at the scan's current size, where they change, and the
    piece's exact capital and bound W on the current cell (a run of sizes with those cents).

    Outcomes with one leg are summed into one line: capital = c0 + c1 k + their Kalshi cents
    + each Polymarket last fill's rounding (round5(raw) - raw). Outcomes with alternatives keep
    a line per leg and take the cheapest admissible one.
    """

    __slots__ = (
        "down", "lines", "groups", "periods", "k_mins", "steppers", "cent", "c0", "c1",
        "cents", "slack", "polys", "multi",
    )

    def __init__(
        self, lines: list[Line | None], groups: list[tuple[int, ...]], periods: tuple[int, ...],
        k_mins: tuple[int, ...], k: int, *, down: bool,
    ) -> None:
        self.down, self.lines, self.groups = down, lines, groups
        self.periods, self.k_mins = periods, k_mins
        self.cent: dict[int, Decimal] = {}  # every live Kalshi leg's fee at the current size
        # [edge, leg, f0, f1]: the last (up) or first (down) k of the leg's current cent.
        self.steppers: list[list[Any]] = []
        c0 = c1 = cents = slack = ZERO
        self.polys: list[tuple[Decimal, Decimal]] = []
        self.multi: list[tuple[int, ...]] = []
        for group in groups:
            single = len(group) == 1
            if not single:
                self.multi.append(tuple(i for i in group if lines[i] is not None))
            for i in group:
                line = lines[i]
                if line is None:
                    continue
                kind, f0, f1 = line[0], line[3], line[4]
                if kind == CENT_UP:
                    cent = self.cent[i] = _cent(f0 + f1 * k)
                    if f1 > 0:
                        self.steppers.append([_run_end(f0, f1, cent, down), i, f0, f1, single])
                    if single:
                        cents += cent
                if single:
                    c0 += line[1]
                    c1 += line[2]
                    if kind == FILL_5DP:
                        c0 += line[5] + f0
                        c1 += f1
                        slack += POLY_SLACK
                        self.polys.append((f0, f1))
        self.c0, self.c1, self.cents, self.slack = c0, c1, cents, slack

    def edge(self) -> int | None:
        """Where the current cell ends in the scan's direction (None: it never does)."""
        if not self.steppers:
            return None
        edges: list[int] = [stepper[0] for stepper in self.steppers]
        return max(edges) if self.down else min(edges)

    def move(self, k: int) -> None:
        """Step to size k, the first of the next cell: recompute the cents that change."""
        down = self.down
        for stepper in self.steppers:
            edge, i, f0, f1, single = stepper
            if (edge > k) if down else (edge < k):
                cent = _cent(f0 + f1 * k)
                if single:
                    self.cents += cent - self.cent[i]
                self.cent[i] = cent
                stepper[0] = _run_end(f0, f1, cent, down)

    def bound_line(self, unit: Decimal) -> tuple[Decimal, Decimal]:
        """(w0, w1): the single outcomes' W(k) = w0 + w1 k on this cell."""
        return self.slack - self.c0 - self.cents, unit - self.c1

    def bound_at(self, w0: Decimal, w1: Decimal, k: int) -> Decimal:
        """W(k): the single outcomes' line less each alternative outcome's cheapest line
        (less its rounding slack)."""
        out = w0 + w1 * k
        for group in self.multi:
            out -= min(self.leg_capital(i, k, exact=False) for i in group)
        return out

    def leg_capital(self, i: int, k: int, *, exact: bool) -> Decimal:
        """Leg i's capital at size k on the current cell: exact, or a bound at most
        0.000005 below it (a Polymarket last fill's rounding left out)."""
        line = self.lines[i]
        assert line is not None
        kind = line[0]
        value = line[1] + line[2] * k
        if kind == CENT_UP:
            value += self.cent[i]
        elif kind == FILL_5DP:
            raw = line[3] + line[4] * k
            value += line[5] + (_poly(raw) if exact else raw - POLY_SLACK)
        return value

    def exact(self, k: int) -> tuple[Decimal, list[int]] | None:
        """(exact capital, the leg bought for each outcome with alternatives) at size k in
        the current cell, or None when such an outcome has no admissible leg."""
        capital = self.c0 + self.c1 * k + self.cents
        for f0, f1 in self.polys:
            raw = f0 + f1 * k
            capital += _poly(raw) - raw
        picks: list[int] = []
        if self.multi:
            periods, k_mins = self.periods, self.k_mins
            for group in self.multi:
                cheapest = None
                pick = -1
                for i in group:
                    if k % periods[i] or k < k_mins[i]:
                        continue
                    value = self.leg_capital(i, k, exact=True)
                    if cheapest is None or value < cheapest:
                        cheapest, pick = value, i
                if cheapest is None:
                    return None
                capital += cheapest
                picks.append(pick)
        return capital, picks

    def choice(self, picks: list[int]) -> tuple[int, ...]:
        """The leg bought for every outcome, given those of the outcomes with alternatives."""
        chosen = iter(picks)
        return tuple(group[0] if len(group) == 1 else next(chosen) for group in self.groups)


class _NotExact(Exception):
    """A value has more decimals than the integer scan's scale holds."""


def _exact_int(x: Decimal) -> int:
    """x times 10^SCALE_DIGITS as an exact integer (_NotExact if that is not whole)."""
    scaled = x * SCALE
    whole = int(scaled)
    if whole != scaled:
        raise _NotExact
    return whole


def _run_end(f0: Decimal, f1: Decimal, cent: Decimal, down: bool) -> int:
    """The first (down) or last k at which the Kalshi fee ceil_cent(f0 + f1 k) is `cent`."""
    if down:
        return last_k_at_most(f0, f1, cent - CENT) + 1
    return last_k_at_most(f0, f1, cent)


def _cent(raw: Decimal) -> Decimal:
    """Kalshi's order fee from its raw fee: up to the cent, never negative."""
    return raw.quantize(CENT, ROUND_CEILING) if raw > 0 else ZERO


def _poly(raw: Decimal) -> Decimal:
    """A Polymarket fill's fee from its raw fee: half up to 5 decimals, never negative."""
    return raw.quantize(POLY_FEE_QUANTUM, ROUND_HALF_UP) if raw > 0 else ZERO
