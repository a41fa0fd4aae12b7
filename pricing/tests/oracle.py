"""A brute-force oracle for the optimiser: try every admissible size, walk the books from scratch.

Deliberately naive and independent of the optimiser's cumulative arrays, segments and bounds:
it shares only the fee formulas (tested on their own against Kalshi's published table).
"""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

from pricing import OUTCOMES_BY_DIRECTION, LegInput

ONE = Decimal(1)


def buy_levels(leg: LegInput, outcome: str, max_slippage: Decimal | None = None):
    if outcome == "yes":
        levels = [(p, s) for p, s in leg.yes_asks]
    else:
        levels = [(ONE - p, s) for p, s in leg.yes_bids]
    levels.sort(key=lambda lv: lv[0])
    if max_slippage is not None and levels:
        levels = [lv for lv in levels if lv[0] <= levels[0][0] + max_slippage]
    return levels


def walk(levels, n: Decimal):
    """Fills of a buy of n contracts, or None when the book is too thin."""
    fills, left = [], n
    for price, size in levels:
        if left <= 0:
            break
        take = min(size, left)
        fills.append((price, take))
        left -= take
    return None if left > 0 else fills


def admissible_sizes(a: LegInput, b: LegInput, depth: Decimal):
    step_f = Fraction(
        math.lcm(Fraction(a.size_increment).numerator, Fraction(b.size_increment).numerator),
        math.gcd(Fraction(a.size_increment).denominator, Fraction(b.size_increment).denominator),
    )
    step = Decimal(step_f.numerator) / Decimal(step_f.denominator)
    k = 1
    while step * k <= depth:
        n = step * k
        if n >= a.min_size and n >= b.min_size:
            yield n
        k += 1


def oracle(a: LegInput, b: LegInput, *, direction: str, budget: Decimal, max_slippage=None):
    """(best profit, sizes achieving it) over every admissible n, or (None, []) if none profits."""
    out_a, out_b = OUTCOMES_BY_DIRECTION[direction]
    levels_a = buy_levels(a, out_a, max_slippage)
    levels_b = buy_levels(b, out_b, max_slippage)
    depth = min(sum((s for _, s in levels_a), Decimal(0)), sum((s for _, s in levels_b), Decimal(0)))
    best, sizes = None, []
    for n in admissible_sizes(a, b, depth):
        fills_a, fills_b = walk(levels_a, n), walk(levels_b, n)
        cost = sum(p * q for p, q in fills_a) + sum(p * q for p, q in fills_b)
        fee = a.fee.order_fee(tuple(fills_a)) + b.fee.order_fee(tuple(fills_b))
        if cost + fee > budget:
            continue
        profit = n - cost - fee
        if profit <= 0:
            continue
        if best is None or profit > best:
            best, sizes = profit, [n]
        elif profit == best:
            sizes.append(n)
    return best, sizes


def basket_oracle(legs, *, payout_per_unit: Decimal, budget: Decimal, max_slippage=None):
    """(best profit, size, leg index bought per outcome) over every size, or (None, None, None).

    Tries every multiple of the gcd of all increments up to the deepest book; at each size every
    outcome takes its admissible leg (on its grid, at or above its minimum, within its book)
    with the least exact cost + fee, the first listed on a tie. Ties in profit keep the
    smallest size. Shares nothing with the engine but Fee.order_fee.
    """
    groups, by_label = [], {}
    for i, leg in enumerate(legs):
        if leg.outcome is None:
            groups.append([i])
        elif leg.outcome in by_label:
            by_label[leg.outcome].append(i)
        else:
            by_label[leg.outcome] = [i]
            groups.append(by_label[leg.outcome])
    books = []
    for leg in legs:
        levels = sorted((p, s) for p, s in leg.asks if s > 0)
        if max_slippage is not None and leg.asks:
            levels = [lv for lv in levels if lv[0] <= leg.asks[0][0] + max_slippage]
        books.append(levels)
    incs = [Fraction(leg.size_increment) for leg in legs]
    grid = Fraction(math.gcd(*(f.numerator for f in incs)), math.lcm(*(f.denominator for f in incs)))
    # Past the shallowest outcome's deepest book no size can be bought.
    depth = min(
        max(sum((s for _, s in books[i]), Decimal(0)) for i in group) for group in groups
    )
    best = best_n = best_choice = None
    k = 1
    while grid * k <= depth:
        n = Decimal(grid.numerator * k) / Decimal(grid.denominator)
        k += 1
        capital, choice = Decimal(0), []
        for group in groups:
            cheapest = pick = None
            for i in group:
                leg = legs[i]
                if n % leg.size_increment or n < leg.min_size:
                    continue
                fills = walk(books[i], n)
                if fills is None:
                    continue
                c = sum(p * q for p, q in fills) + leg.fee.order_fee(tuple(fills))
                if cheapest is None or c < cheapest:
                    cheapest, pick = c, i
            if cheapest is None:
                break
            capital += cheapest
            choice.append(pick)
        else:
            profit = payout_per_unit * n - capital
            if capital <= budget and profit > 0 and (best is None or profit > best):
                best, best_n, best_choice = profit, n, choice
    return best, best_n, best_choice
