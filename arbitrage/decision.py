"""One pair's decision on two books: the book gate on both legs, then the engine. Pure.

The live scan (arbitrage.live.processor) and replays (replay/) decide with these functions, so a
replay prices every book change exactly as the stream would have.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pricing
from arbitrage.gates import book_gate


def pair_books_pass(
    *, best_bid_a: Decimal | None, best_ask_a: Decimal | None, best_bid_b: Decimal | None,
    best_ask_b: Decimal | None,
) -> bool:
    """Both books pass the book gate (two-sided, not crossed): a one-sided or crossed book is a
    data problem, not an opportunity."""
    return not (
        book_gate("a", best_bid_a, best_ask_a)[0] or book_gate("b", best_bid_b, best_ask_b)[0]
    )


def pair_may_profit(
    *, best_bid_a: Decimal | None, best_ask_a: Decimal | None, best_bid_b: Decimal | None,
    best_ask_b: Decimal | None, orientation: str,
) -> bool:
    """False when pair_decision is [] for any books with these tops (a gate fails, or no
    direction has a positive top edge); True says only "price it". A caller holding many books
    (a replay) checks this on every change and builds full legs only when it is True."""
    if book_gate("a", best_bid_a, best_ask_a)[0] or book_gate("b", best_bid_b, best_ask_b)[0]:
        return False
    return pricing.may_profit(
        best_bid_a=best_bid_a, best_ask_a=best_ask_a, best_bid_b=best_bid_b,
        best_ask_b=best_ask_b, orientation=orientation,
    )


def pair_decision(
    leg_a: pricing.LegInput, leg_b: pricing.LegInput, *, orientation: str, budget: Decimal,
    now: datetime, max_slippage: Decimal | None = None,
) -> list[pricing.Plan]:
    """Every profitable plan of a pair on the books its legs carry, best first.

    [] when either book fails the book gate (the decision is "nothing": open opportunities
    close). Raises pricing.EngineInputError for values the engine cannot price (a fee without a
    formula), whatever the books.
    """
    tops = {
        "best_bid_a": leg_a.yes_bids[0][0] if leg_a.yes_bids else None,
        "best_ask_a": leg_a.yes_asks[0][0] if leg_a.yes_asks else None,
        "best_bid_b": leg_b.yes_bids[0][0] if leg_b.yes_bids else None,
        "best_ask_b": leg_b.yes_asks[0][0] if leg_b.yes_asks else None,
    }
    if not pair_books_pass(**tops):
        return []
    pricing.check_priceable(leg_a)
    pricing.check_priceable(leg_b)
    if not pricing.may_profit(**tops, orientation=orientation):
        return []
    return pricing.plans(
        leg_a, leg_b, orientation=orientation, budget=budget, now=now, max_slippage=max_slippage
    )
