"""The data-quality gates a pair passes before the engine prices it (the polled scan and the live
scan share them).

Each gate answers ('', '') when the pair may be evaluated, else (GateReason, detail naming the
side). The pair gate (both markets open, both rules unchanged since approval) depends on the
pair alone; the book gate (present, two-sided, not crossed) on one book; the polled scan adds the
freshness of stored books, which a live stream vouches for by itself.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from arbitrage.models import PairScanState

GateReason = PairScanState.GateReason
OPEN = "open"
PASS = ("", "")


def pair_rules_gate(pair: Any) -> tuple[str, str]:
    """Both markets open and both rules texts as they were when the pair was approved.

    `pair` is a MarketPair with market_a/market_b loaded (status and rules_hash).
    """
    sides = (("a", pair.market_a, pair.rules_hash_a), ("b", pair.market_b, pair.rules_hash_b))
    for side, market, _ in sides:
        if market.status != OPEN:
            return GateReason.MARKET_NOT_OPEN, f"market_{side} is {market.status}"
    for side, market, approved_hash in sides:
        if approved_hash != market.rules_hash:
            return GateReason.RULES_CHANGED, f"market_{side} rules changed since approval"
    return PASS


def book_gate(side: str, best_bid: Decimal | None, best_ask: Decimal | None) -> tuple[str, str]:
    """A book the engine can trust: both sides quoted and not crossed (a one-sided or crossed book
    is a data problem, not an opportunity)."""
    if best_bid is None or best_ask is None:
        return GateReason.BOOK_ONE_SIDED, f"market_{side} book is one-sided"
    if best_bid >= best_ask:
        return GateReason.BOOK_CROSSED, f"market_{side} book is crossed"
    return PASS


def pair_gate(*, pair: Any, now: datetime, max_age_s: float) -> tuple[str, str]:
    """The polled scan's gates on stored books: the pair gate, then per side a stored book
    confirmed within max_age_s that passes the book gate."""
    reason = pair_rules_gate(pair)
    if reason[0]:
        return reason
    oldest = now - timedelta(seconds=max_age_s)
    for side, market in (("a", pair.market_a), ("b", pair.market_b)):
        book = market.latest_book
        if book is None:
            return GateReason.BOOK_MISSING, f"market_{side} has no stored book"
        if market.book_checked_at is None or market.book_checked_at < oldest:
            checked = market.book_checked_at.isoformat() if market.book_checked_at else "never"
            return GateReason.BOOK_STALE, f"market_{side} book last confirmed {checked}"
        reason = book_gate(
            side,
            Decimal(book.yes_bids[0][0]) if book.yes_bids else None,
            Decimal(book.yes_asks[0][0]) if book.yes_asks else None,
        )
        if reason[0]:
            return reason
    return PASS
