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
