"""Depth-aware, fee-exact sizing of one arbitrage direction.

For n contracts, profit(n) = n - cost_A(n) - cost_B(n) - fee_A(n) - fee_B(n), each cost walked
level by level and each fee charged exactly as the venue does (fees.py). The admissible sizes are
the multiples of lcm(size_increment_A, size_increment_B) from max(min_size_A, min_size_B) up to the
smaller available depth (after the optional per-leg slippage cap) and the budget (total capital
incl. fees <= budget; capital never falls as n grows, so the feasible sizes are a prefix).

Exact maximisation. Between two consecutive level boundaries of either book ("a segment") the
unrounded profit R(n) is linear. Kalshi rounds the order fee up (exact fee >= raw fee) and
Polymarket rounds each fill half up to 5 decimals (exact fee >= raw - 0.000005 per fill), so
profit(n) <= R(n) + 0.000005 x Polymarket fills. On a segment the fees of a Polymarket leg's
full levels are known exactly (cum_fee), so the segment's bound counts those instead and adds
0.000005 for its last fill only (_Search.bound). Segments are visited in
decreasing order of that upper bound; inside a segment the grid is scanned from its better end
and the scan stops as soon as R(n) + slack cannot beat the best exact profit found. Nothing that
could beat the optimum is ever skipped, so the result equals a brute-force scan of every
admissible n (the tests check this against an oracle). Near R's peak, where R barely moves from
one size to the next (both venues trade in 0.01 contracts), Kalshi's cent rounding decides: a
scan that goes on there visits one Kalshi fee cent at a time, on which profit is bounded by a
line, instead of every size (_Search.scan_by_fee_cent).

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
from collections.abc import Iterator
from datetime import datetime
from decimal import ROUND_CEILING, ROUND_HALF_EVEN, Decimal
from functools import lru_cache
from itertools import chain

from pricing.fees import CENT
from pricing.inputs import EngineInputError
from pricing.ladder import CENT_UP, FILL_5DP, Ladder, outcome_ladder
from pricing.types import (
    DIRECTIONS_BY_ORIENTATION,
    OUTCOMES_BY_DIRECTION,
    YES,
    LegInput,
    LegPlan,
    Plan,
)

ZERO = Decimal(0)
ONE = Decimal(1)
POLY_SLACK_PER_FILL = Decimal("0.000005")
RATIO_QUANTUM = Decimal("0.00000001")
SECONDS_PER_YEAR = Decimal(365 * 24 * 3600)
# A segment's scan evaluates this many sizes one by one (most scans end sooner) before it goes
# on a Kalshi fee cent at a time (scan_by_fee_cent).
SIZE_BY_SIZE_SCAN = 2

# A bounded segment: (upper bound, k_lo, k_hi, intercept, slope per k, slack, ja, jb).
Bounded = tuple[Decimal, int, int, Decimal, Decimal, Decimal, int, int]
# A walked segment: sizes in (lo, hi], last fills on levels ja / jb, k_hi capped by the budget.
Walked = tuple[Decimal, Decimal, int, int, int | None]


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


def annualised(ret: Decimal, settles_at: datetime | None, now: datetime) -> Decimal | None:
    """A return on capital as a simple annual rate to `settles_at` (None if unknown or past)."""
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


def check_priceable(leg: LegInput) -> None:
    """Refuse a leg whose fee the engine cannot compute exactly (a wrong fee is a false edge)."""
    if leg.fee.unpriceable:
        raise EngineInputError(f"{leg.venue}: {leg.fee.unpriceable}")


def top_edge(
    *, best_bid_a: Decimal | None, best_ask_a: Decimal | None, best_bid_b: Decimal | None,
    best_ask_b: Decimal | None, direction: str,
) -> Decimal | None:
    """A direction's gross edge at the top of both books: 1 - best price A - best price B.

    A YES buy pays the best YES ask, a NO buy 1 - the best YES bid. None when a side the
    direction buys from is empty. Books are best first and fees never negative, so n contracts
    earn at most n x top_edge: a direction whose top edge is <= 0 has no profitable plan.
    """
    outcome_a, outcome_b = OUTCOMES_BY_DIRECTION[direction]
    top_a = best_ask_a if outcome_a == YES else (None if best_bid_a is None else ONE - best_bid_a)
    top_b = best_ask_b if outcome_b == YES else (None if best_bid_b is None else ONE - best_bid_b)
    if top_a is None or top_b is None:
        return None
    return ONE - top_a - top_b


def may_profit(
    *, best_bid_a: Decimal | None, best_ask_a: Decimal | None, best_bid_b: Decimal | None,
    best_ask_b: Decimal | None, orientation: str,
) -> bool:
    """False when plans() must return [] from the tops alone: no direction of the orientation
    has a positive top edge. Lets a caller holding many books skip building full legs for the
    (usual) change that leaves a pair without edge; True says only "price it"."""
    directions = _directions(orientation)
    for direction in directions:
        edge = top_edge(
            best_bid_a=best_bid_a, best_ask_a=best_ask_a, best_bid_b=best_bid_b,
            best_ask_b=best_ask_b, direction=direction,
        )
        if edge is not None and edge > 0:
            return True
    return False


def _directions(orientation: str) -> tuple[str, str]:
    """The two directions of an orientation ("same" or "inverted")."""
    try:
        return DIRECTIONS_BY_ORIENTATION[orientation]
    except KeyError:
        raise EngineInputError(
            f"orientation must be 'same' or 'inverted', not {orientation!r}"
        ) from None


def _tops(leg: LegInput) -> tuple[Decimal | None, Decimal | None]:
    return (
        leg.yes_bids[0][0] if leg.yes_bids else None,
        leg.yes_asks[0][0] if leg.yes_asks else None,
    )


def evaluate(
    a: LegInput, b: LegInput, *, direction: str, budget: Decimal, now: datetime,
    max_slippage: Decimal | None = None,
) -> Plan | None:
    """The most profitable plan in one direction, or None when no admissible size profits.

    `direction` is one of yes_a_no_b / no_a_yes_b (same orientation) or yes_a_yes_b / no_a_no_b
    (inverted). `budget` caps total capital (both costs plus both fees). `max_slippage` caps each
    leg's worst price at its best price + max_slippage.
    """
    check_priceable(a)
    check_priceable(b)
    outcome_a, outcome_b = OUTCOMES_BY_DIRECTION[direction]
    (bid_a, ask_a), (bid_b, ask_b) = _tops(a), _tops(b)
    # Cheap exit: books are best first, so n contracts cost at least n x top price on each
    # leg, and fees are never negative: profit(n) <= n x edge <= 0.
    edge = top_edge(
        best_bid_a=bid_a, best_ask_a=ask_a, best_bid_b=bid_b, best_ask_b=ask_b,
        direction=direction,
    )
    if edge is None or budget <= 0 or edge <= 0:
        return None
    step, minimum = size_grid(a, b)
    la = outcome_ladder(a, outcome_a, max_slippage)
    lb = outcome_ladder(b, outcome_b, max_slippage)
    found = _Search(la, lb, step=step, minimum=minimum, budget=budget).run()
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
        annualised_return=annualised(ret, settles_at, now),
        edge_per_contract=edge,
        settles_at=settles_at,
    )


def plans(
    a: LegInput, b: LegInput, *, orientation: str, budget: Decimal, now: datetime,
    max_slippage: Decimal | None = None,
) -> list[Plan]:
    """Every profitable plan of the pair, one per direction (0, 1 or 2), best first."""
    directions = _directions(orientation)
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
            last = min(last_k_at_most(base, d, cent), k_hi)
            yield k, last, cent
            k = last + 1
        else:
            first = max(last_k_at_most(base, d, cent - CENT) + 1, k_lo)
            yield first, k, cent
            k = first - 1


def last_k_at_most(base: Decimal, d: Decimal, limit: Decimal) -> int:
    """The largest integer k with base + d x k <= limit (d > 0), decided exactly.

    Decimal's integer division is exact (it truncates toward zero); a negative remainder
    means the true quotient was negative and not whole, so the floor is one lower.
    """
    whole, rest = divmod(limit - base, d)
    return int(whole) - 1 if rest < 0 else int(whole)


class _Search:
    """The exact search over sizes n = k x step of two ladders: one method per phase.

    `walk` (phase 1) goes forward over the segments to the budget, the depth, or (convex
    ladders) the point past R's peak where nothing can win any more, collecting candidate
    segments; `scan_candidates` (phase 2) scans them best bound first. `best`/`best_at` hold the
    best exact profit found so far and where: (k, ja, jb), ja/jb the levels the last contract
    fills at on each ladder.
    """

    __slots__ = (
        "la", "lb", "cost_fee_a", "cost_fee_b", "step", "budget", "k_min", "convex", "poly_a", "poly_b", "slack_max",
        "round_up_max", "kalshi", "best", "best_at",
    )

    def __init__(
        self, la: Ladder, lb: Ladder, *, step: Decimal, minimum: Decimal, budget: Decimal
    ) -> None:
        self.la, self.lb, self.step, self.budget = la, lb, step, budget
        # Bound once: capital() is the search's innermost call.
        self.cost_fee_a, self.cost_fee_b = la.cost_fee, lb.cost_fee
        whole, rest = divmod(minimum, step)
        self.k_min = int(whole) + (1 if rest > 0 else 0)
        self.convex = la.convex and lb.convex
        self.poly_a, self.poly_b = la.kind == FILL_5DP, lb.kind == FILL_5DP
        self.slack_max = POLY_SLACK_PER_FILL * (
            (len(la.source) if self.poly_a else 0) + (len(lb.source) if self.poly_b else 0)
        )
        self.round_up_max = la.max_round_up + lb.max_round_up
        # One cent-rounded (Kalshi) leg: its rounding is scanned a fee cent at a time.
        self.kalshi: Ladder | None = None
        if (la.kind == CENT_UP) != (lb.kind == CENT_UP):
            self.kalshi = la if la.kind == CENT_UP else lb
        self.best = ZERO
        self.best_at: tuple[int, int, int] | None = None

    def run(self) -> tuple[int, Decimal, int, int] | None:
        """(k, profit, ja, jb) maximising exact profit over sizes n = k x step, or None."""
        if not (self.la.has(0) and self.lb.has(0)):
            return None
        rising, falling, first = self.walk()
        self.scan_candidates(rising, falling, first)
        if self.best_at is None:
            return None
        k, ja, jb = self.best_at
        return k, self.best, ja, jb

    def capital(self, k: int, ja: int, jb: int) -> Decimal:
        """Exact capital (both costs and fees) of k x step contracts filling to levels ja/jb."""
        n = self.step * k
        cost_a, fee_a = self.cost_fee_a(n, ja)
        cost_b, fee_b = self.cost_fee_b(n, jb)
        return cost_a + fee_a + cost_b + fee_b

    def bound(self, seg: Walked) -> Bounded | None:
        """The segment's sizes and R's line on it, with R's best value + slack as its bound."""
        lo, hi, ja, jb, k_cap = seg
        la, lb, step = self.la, self.lb, self.step
        k_lo = max(int(lo // step) + 1, self.k_min)
        k_hi = int(hi // step) if k_cap is None else k_cap
        if k_lo > k_hi:
            return None
        ma, mb = la.marginals[ja], lb.marginals[jb]
        # R(n) = n (1 - ma - mb) + cs_a ma - total_a + cs_b mb - total_b on this segment.
        intercept = (
            la.cum_size[ja] * ma - la.cum_total[ja] + lb.cum_size[jb] * mb - lb.cum_total[jb]
        )
        slope_k = (ONE - ma - mb) * step
        # A Polymarket leg's full levels are charged their exact (rounded) fees, known here:
        # only its last fill's rounding is unknown, so R counts those exact fees and the
        # slack is one fill's rounding per Polymarket leg.
        slack = ZERO
        if self.poly_a:
            intercept -= la.cum_fee[ja] - la.cum_total[ja] + la.cum_cost[ja]
            slack += POLY_SLACK_PER_FILL
        if self.poly_b:
            intercept -= lb.cum_fee[jb] - lb.cum_total[jb] + lb.cum_cost[jb]
            slack += POLY_SLACK_PER_FILL
        r_lo = intercept + slope_k * k_lo
        r_hi = intercept + slope_k * k_hi
        return (max(r_lo, r_hi) + slack, k_lo, k_hi, intercept, slope_k, slack, ja, jb)

    def walk(self) -> tuple[list[Walked], list[Bounded], tuple[Decimal, int, int]]:
        """Phase 1: (rising, falling, first) — the segments to scan and where the walk began.

        Convex ladders: `rising` holds the segments before R's peak, `falling` those from the
        peak on (already bounded); otherwise every segment is in `rising`. Segments before
        `first` were skipped by _skip_rising and are walked back over by `earlier`.
        """
        la, lb, budget, convex = self.la, self.lb, self.budget, self.convex
        rising: list[Walked] = []
        falling: list[Bounded] = []
        ja = jb = 0
        lo = ZERO
        # The ladders' lists only grow, so these names stay valid as the walk extends them.
        size_a, size_b = la.cum_size, lb.cum_size
        total_a, total_b = la.cum_total, lb.cum_total
        marginal_a, marginal_b = la.marginals, lb.marginals
        # Exact capital <= raw capital + round_up_max, so raw capital <= room always fits.
        room = budget - self.round_up_max
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
                total_a[ja] + (hi - size_a[ja]) * ma + total_b[jb] + (hi - size_b[jb]) * mb
                > room
            ):
                capped = self.budget_cap(lo, hi, ja, jb)
                if capped is None:
                    break
                k_cap, budget_binds = capped
            seg = (lo, hi, ja, jb, k_cap)
            if convex and (falling or ma + mb >= ONE):
                if self.peak_passed(seg, falling):
                    break
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
        return rising, falling, first

    def budget_cap(self, lo: Decimal, hi: Decimal, ja: int, jb: int) -> tuple[int | None, bool] | None:
        """Where the budget binds inside a segment: (k_cap, binds); None when even its first
        size does not fit (the walk ends there)."""
        step, budget = self.step, self.budget
        k_lo, k_hi = max(int(lo // step) + 1, self.k_min), int(hi // step)
        if k_lo > k_hi or self.capital(k_hi, ja, jb) <= budget:
            return None, False
        if self.capital(k_lo, ja, jb) > budget:
            return None
        good, bad = self.budget_window(k_lo, k_hi, ja, jb)
        while bad - good > 1:
            mid = (good + bad) // 2
            if self.capital(mid, ja, jb) <= budget:
                good = mid
            else:
                bad = mid
        return good, True

    def budget_window(self, k_lo: int, k_hi: int, ja: int, jb: int) -> tuple[int, int]:
        """(good, bad) around the last size that fits the budget in a segment, for bisection.

        On the segment raw capital is base + per_k x k, and exact capital lies within
        [raw - slack_max, raw + round_up_max]; solving both edges brackets the answer to a k or
        two. Each end is confirmed exactly (falling back to the segment's ends, known feasible /
        infeasible), so the bisection's invariant never rests on the estimate.
        """
        la, lb, budget = self.la, self.lb, self.budget
        ma, mb = la.marginals[ja], lb.marginals[jb]
        per_k = self.step * (ma + mb)
        if per_k <= 0:
            return k_lo, k_hi
        base = la.cum_total[ja] - la.cum_size[ja] * ma + lb.cum_total[jb] - lb.cum_size[jb] * mb
        sure = int((budget - self.round_up_max - base) // per_k) - 1
        never = int((budget + self.slack_max - base) // per_k) + 2
        good = sure if k_lo < sure < k_hi and self.capital(sure, ja, jb) <= budget else k_lo
        bad = never if good < never < k_hi and self.capital(never, ja, jb) > budget else k_hi
        return good, bad

    def peak_passed(self, seg: Walked, falling: list[Bounded]) -> bool:
        """A segment at or past R's peak (convex ladders): evaluate its first size and keep the
        rest for phase 2. True once R here plus every rounding gain cannot beat the best exact
        profit: R never rises again, so no later size can."""
        bounded = self.bound(seg)
        if bounded is None:
            return False
        k_lo, intercept, slope_k, ja, jb = bounded[1], bounded[3], bounded[4], seg[2], seg[3]
        if intercept + slope_k * k_lo + self.slack_max <= self.best:
            return True
        exact = self.step * k_lo - self.capital(k_lo, ja, jb)
        if exact > self.best:
            self.best, self.best_at = exact, (k_lo, ja, jb)
        # R falls here, so phase 2 scans up from k_lo, which is done: start after it.
        if k_lo < bounded[2]:
            falling.append((bounded[0], k_lo + 1, *bounded[2:]))
        return False

    def scan_candidates(
        self, rising: list[Walked], falling: list[Bounded], first: tuple[Decimal, int, int]
    ) -> None:
        """Phase 2: scan the candidate segments, best bound first, until none can win."""
        if self.convex:
            for bounded in falling:
                self.scan(bounded)
            # Before the peak R rises, so the bounds fall going backwards: stop at the first
            # loser.
            for seg in chain(reversed(rising), self.earlier(*first)):
                maybe = self.bound(seg)
                if maybe is None:
                    continue
                if maybe[0] <= self.best:
                    break
                self.scan(maybe)
            return
        bounded_all = [b for seg in rising if (b := self.bound(seg)) is not None]
        bounded_all.sort(key=lambda b: b[0], reverse=True)
        for bounded in bounded_all:
            if bounded[0] <= self.best:
                break
            self.scan(bounded)

    def earlier(self, lo: Decimal, ja: int, jb: int) -> Iterator[Walked]:
        """The segments before the one starting at lo on levels ja/jb, latest first."""
        la, lb = self.la, self.lb
        while lo > 0:
            hi = lo
            while ja > 0 and la.cum_size[ja] >= hi:
                ja -= 1
            while jb > 0 and lb.cum_size[jb] >= hi:
                jb -= 1
            lo = max(la.cum_size[ja], lb.cum_size[jb])
            yield (lo, hi, ja, jb, None)

    def scan(self, seg: Bounded) -> None:
        """Every size of the segment that could beat the best, from R's better end."""
        upper, k_lo, k_hi, intercept, slope_k, slack, ja, jb = seg
        best = self.best
        if upper <= best:
            return
        upward = slope_k <= 0  # R falls (or stays) as k grows: start at k_lo
        k, k_end, dk = (k_lo, k_hi + 1, 1) if upward else (k_hi, k_lo - 1, -1)
        r = intercept + slope_k * k
        dr = slope_k * dk
        size_by_size = SIZE_BY_SIZE_SCAN
        capital, step = self.capital, self.step
        while k != k_end and r + slack > best:
            if size_by_size == 0 and self.kalshi is not None:
                # Still going: Kalshi's cent rounding holds profit below R here (near R's
                # peak R barely moves); finish one fee cent at a time.
                first, last = (k, k_hi) if upward else (k_lo, k)
                if self.scan_by_fee_cent(first, last, seg, upward=upward):
                    return
            size_by_size -= 1
            exact = step * k - capital(k, ja, jb)
            if exact > best:
                best = self.best = exact
                self.best_at = (k, ja, jb)
            k += dk
            r += dr

    def scan_by_fee_cent(self, k_lo: int, k_hi: int, seg: Bounded, *, upward: bool) -> bool:
        """scan() of sizes k_lo..k_hi of a segment with one Kalshi leg, a fee cent at a time.

        Kalshi's cent rounding takes up to 0.01 off the profit, far more than R changes from
        one size to the next near R's peak, where a size-by-size scan evaluates a hundred
        sizes or more. While the Kalshi fee is one cent, profit <= U(k) = R(k) - (cent - raw
        fee(k)) + slack, linear in k: only the sizes at U's high end with U > best can win, a
        few per fee cent. Runs are visited in R's order and the scan ends where R itself can no
        longer win, as the size-by-size scan does; ties keep the size it would find first.
        False (nothing scanned) when the fee does not grow with the size on this segment.
        """
        kalshi = self.kalshi
        assert kalshi is not None
        _, _, _, intercept, slope_k, slack, ja, jb = seg
        j = ja if kalshi is self.la else jb
        unit = kalshi.units[j]
        # Kalshi's raw fee on this segment is base + d x k, rounded up to the cent once.
        base = kalshi.cum_total[j] - kalshi.cum_cost[j] - kalshi.cum_size[j] * unit
        step = self.step
        d = step * unit
        if d <= 0 or base + d * k_lo <= 0:
            return False
        slope_u = slope_k + d
        capital = self.capital
        for first, last, cent in _fee_cent_runs(base, d, k_lo, k_hi, upward=upward):
            if intercept + slope_k * (first if upward else last) + slack <= self.best:
                break
            u_0 = intercept + base - cent + slack
            sizes = range(last, first - 1, -1) if slope_u > 0 else range(first, last + 1)
            for k in sizes:
                if u_0 + slope_u * k <= self.best:
                    break
                exact = step * k - capital(k, ja, jb)
                best_at = self.best_at
                if exact > self.best or (
                    exact == self.best and best_at is not None and best_at[1:] == (ja, jb)
                    and (k < best_at[0] if upward else k > best_at[0])
                ):
                    self.best, self.best_at = exact, (k, ja, jb)
        return True
