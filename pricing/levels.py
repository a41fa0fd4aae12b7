"""Book levels: (price, size) tuples of Decimals, best first.

Tuples rather than objects: books are walked on the hot path. Prices are probabilities in
(0, 1); sizes are contracts. A YES book is bids (highest first) and asks (lowest first); buying
NO at q is selling YES at 1 - q, so NO levels are the YES bids read at 1 - bid.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

ZERO = Decimal(0)
ONE = Decimal(1)

Level = tuple[Decimal, Decimal]  # (price, size)


def levels_sorted(levels: Sequence[Level], *, descending: bool) -> tuple[Level, ...]:
    """Merge equal prices, drop empty levels, and sort best-first (venues' order is not trusted)."""
    merged: dict[Decimal, Decimal] = {}
    for price, size in levels:
        if size > 0:
            merged[price] = merged.get(price, ZERO) + size
    return tuple(sorted(merged.items(), key=lambda lv: lv[0], reverse=descending))


def levels_to_json(levels: Sequence[Level]) -> list[list[str]]:
    return [[str(p), str(s)] for p, s in levels]


def levels_from_json(data: Sequence[Sequence[str]]) -> tuple[Level, ...]:
    return tuple((Decimal(p), Decimal(s)) for p, s in data)


def outcome_levels(
    *, yes_bids: Sequence[Level], yes_asks: Sequence[Level], outcome: str, buy: bool
) -> tuple[Level, ...]:
    """The levels a buyer (or seller) of `outcome` trades against, in that outcome's price, best
    first: YES buys lift YES asks; NO buys hit YES bids at 1 - bid (and sells the reverse)."""
    if outcome == "yes":
        return tuple(yes_asks if buy else yes_bids)
    return tuple((ONE - p, s) for p, s in (yes_bids if buy else yes_asks))
