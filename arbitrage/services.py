"""Opportunity scan: stored books of approved pairs -> engine -> results.

Placeholder until the engine lands: a correct top-of-book check (buy YES on one venue and NO on
the other for one contract, fees ignored) computed from the stored latest books.
"""

from __future__ import annotations

from decimal import Decimal

from markets.models import Market
from similarity.models import MarketPair


def _best(levels: list[list[str]]) -> Decimal | None:
    return Decimal(levels[0][0]) if levels else None


def opportunity_scan() -> list[dict[str, object]]:
    """Return the pairs whose top-of-book YES + NO cost is below 1 (one contract, no fees)."""
    pairs = MarketPair.objects.filter(
        status=MarketPair.Status.APPROVED, relation=MarketPair.Relation.IDENTICAL
    ).select_related("market_a__latest_book", "market_b__latest_book")
    found = []
    for pair in pairs:
        a: Market = pair.market_a
        b: Market = pair.market_b
        if a.latest_book is None or b.latest_book is None:
            continue
        a_ask, a_bid = _best(a.latest_book.yes_asks), _best(a.latest_book.yes_bids)
        b_ask, b_bid = _best(b.latest_book.yes_asks), _best(b.latest_book.yes_bids)
        if pair.orientation == MarketPair.Orientation.SAME:
            # YES on A + NO on B (NO at 1 - B's YES bid), and the mirror.
            candidates = {
                "yes_a_no_b": (a_ask, None if b_bid is None else 1 - b_bid),
                "no_a_yes_b": (None if a_bid is None else 1 - a_bid, b_ask),
            }
        else:
            candidates = {
                "yes_a_yes_b": (a_ask, b_ask),
                "no_a_no_b": (
                    None if a_bid is None else 1 - a_bid, None if b_bid is None else 1 - b_bid
                ),
            }
        for direction, (cost_a, cost_b) in candidates.items():
            if cost_a is not None and cost_b is not None and cost_a + cost_b < 1:
                found.append({"pair": pair.id, "direction": direction, "edge": 1 - cost_a - cost_b})
    return found
