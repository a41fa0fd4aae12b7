"""In-memory order books kept from WebSocket snapshots and deltas, always in the YES view.

Pure: no Django, no I/O. A LiveBook holds YES bids and YES asks as {price: size} maps; the
venue adapters (kalshi_ws, polymarket_ws) translate their wire sides into these two maps, so the
engine sees the same normalised BookSnapshot whether a book came from a stream or a REST poll.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal
from typing import Any

from platforms.base import ZERO, BookSnapshot
from platforms.decimals import parse_decimal
from pricing.levels import Level

BID = "bid"
ASK = "ask"


class BookInconsistent(Exception):
    """A delta does not fit the book we hold (a level would go negative): resync it."""


class MalformedMessage(ValueError):
    """A stream message we cannot read; `field` names what was wrong."""

    def __init__(self, message: str, *, field: str = "") -> None:
        super().__init__(message)
        self.field = field


def dec(value: Any, field: str) -> Decimal:
    """A decimal string (or JSON number) as a finite Decimal; MalformedMessage otherwise."""
    try:
        return parse_decimal(value)
    except ValueError as exc:
        raise MalformedMessage(f"{field}: {exc}", field=field) from None


def price(value: Any, field: str) -> Decimal:
    """A probability price, which must lie in [0, 1]."""
    result = dec(value, field)
    if result < ZERO or result > 1:
        raise MalformedMessage(f"{field}: price {result} outside [0, 1]", field=field)
    return result


class LiveBook:
    """One market's book in the YES view, mutated in place by snapshots and deltas.

    `synced` is False until the first snapshot and again after invalidate(): a feed ignores
    deltas for an unsynced book and asks the venue for a fresh snapshot instead.
    """

    __slots__ = (
        "market_external_id", "bids", "asks", "synced", "seq", "exchange_ts", "venue_hash",
        "tick_size", "last_trade_price", "_snapshot", "_sorted",
    )

    def __init__(self, market_external_id: str) -> None:
        self.market_external_id = market_external_id
        self.bids: dict[Decimal, Decimal] = {}
        self.asks: dict[Decimal, Decimal] = {}
        self.synced = False
        self.seq: int | None = None
        self.exchange_ts: datetime | None = None
        self.venue_hash = ""
        self.tick_size: Decimal | None = None
        self.last_trade_price: Decimal | None = None
        self._snapshot: BookSnapshot | None = None
        # Each side's best-first levels, kept while that side is unchanged: a snapshot after a
        # change to one side reuses the other's tuple instead of sorting it again.
        self._sorted: dict[str, tuple[Level, ...]] = {}

    def apply_snapshot(
        self, *, bids: Iterable[Level], asks: Iterable[Level], exchange_ts: datetime | None = None,
        seq: int | None = None, venue_hash: str = "",
    ) -> None:
        """Replace both sides (levels with size <= 0 are dropped; equal prices are summed)."""
        self.bids = _merge(bids)
        self.asks = _merge(asks)
        self._sorted.clear()
        self.synced = True
        self.seq = seq
        self.exchange_ts = exchange_ts
        self.venue_hash = venue_hash
        self._snapshot = None

    def set_level(self, side: str, level_price: Decimal, size: Decimal) -> bool:
        """Set one level to an absolute size (0 deletes it). Returns whether anything changed."""
        levels = self.bids if side == BID else self.asks
        old = levels.get(level_price)
        if size <= ZERO:
            if old is None:
                return False
            del levels[level_price]
        elif old == size:
            return False
        else:
            levels[level_price] = size
        self._snapshot = None
        self._sorted.pop(BID if side == BID else ASK, None)
        return True

    def add_level(self, side: str, level_price: Decimal, delta: Decimal) -> bool:
        """Add `delta` (may be negative or fractional) to one level; a level reaching 0 goes.

        Raises BookInconsistent when the level would go below zero: the book we hold has
        drifted from the venue's and must be resynced.
        """
        if not delta:
            return False
        levels = self.bids if side == BID else self.asks
        size = levels.get(level_price, ZERO) + delta
        if size < ZERO:
            raise BookInconsistent(
                f"{self.market_external_id}: {side} {level_price} would be {size}"
            )
        if size == ZERO:
            levels.pop(level_price, None)
        else:
            levels[level_price] = size
        self._snapshot = None
        self._sorted.pop(BID if side == BID else ASK, None)
        return True

    def invalidate_snapshot(self) -> None:
        """Drop the cached snapshot (something it carries, such as the tick size, changed)."""
        self._snapshot = None

    def invalidate(self) -> None:
        """Mark the book out of sync until the next snapshot (its levels are kept for display)."""
        self.synced = False

    @property
    def best_bid(self) -> Decimal | None:
        return max(self.bids) if self.bids else None

    @property
    def best_ask(self) -> Decimal | None:
        return min(self.asks) if self.asks else None

    def snapshot(self, *, source: str = "ws") -> BookSnapshot:
        """The book as a BookSnapshot, best-first; cached until the next change."""
        snap = self._snapshot
        if snap is None or snap.source != source:
            sides = self._sorted
            if BID not in sides:
                sides[BID] = tuple(sorted(self.bids.items(), reverse=True))
            if ASK not in sides:
                sides[ASK] = tuple(sorted(self.asks.items()))
            snap = BookSnapshot(
                market_external_id=self.market_external_id,
                yes_bids=sides[BID],
                yes_asks=sides[ASK],
                exchange_ts=self.exchange_ts,
                seq=self.seq,
                venue_hash=self.venue_hash,
                source=source,
                tick_size=self.tick_size,
            )
            self._snapshot = snap
        return snap


def _merge(levels: Iterable[Level]) -> dict[Decimal, Decimal]:
    merged: dict[Decimal, Decimal] = {}
    for level_price, size in levels:
        if size > ZERO:
            merged[level_price] = merged.get(level_price, ZERO) + size
    return merged
