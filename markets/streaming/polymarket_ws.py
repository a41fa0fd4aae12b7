"""Polymarket order books from the public CLOB market channel.

Protocol (Polymarket NOTES §3; Reference: https://docs.polymarket.com/developers/CLOB/websocket/market-channel):
- No auth. Right after connecting send {"assets_ids": [...], "type": "market",
  "custom_feature_enabled": true}; later changes use {"operation": "subscribe"|"unsubscribe",
  "assets_ids": [...]}. Every reconnect re-sends the subscription (books come again as `book`).
- Keepalive: the text frame `PING` every 10 s, answered by `PONG`.
- Frames are one JSON object or an array of them; `event_type` says what each is:
  `book` (full snapshot of one token), `price_change` (2025-09-15 schema: `price_changes[]` with
  asset_id, price, absolute `size` where "0" deletes, side BUY = bid / SELL = ask, and the venue's
  best_bid/best_ask after the change), `tick_size_change`, `last_trade_price`, `best_bid_ask`,
  `new_market`, `market_resolved`.
- Each outcome token has its own book and one message can carry both tokens of a market. We
  subscribe to the YES token of each market and keep only its book: it already is the YES view
  (the NO token's book mirrors it), so NO-token entries are skipped.
- There are no sequence numbers. Doubt (a `book` whose hash does not match the NOTES §2.2 recipe,
  a best bid/ask that disagrees with ours, a malformed entry, changes for a book we never got)
  marks its book out of sync (withdrawn from pricing through `on_stale`, deltas ignored) until a
  `book` message or a REST snapshot replaces it; the runner is asked for that REST snapshot at
  most once per `resync_min_interval_s`.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Mapping
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from websockets.asyncio.client import ClientConnection

from markets.streaming.books import ASK, BID, MalformedMessage, dec, price
from markets.streaming.feed import Feed, chunks
from platforms.base import BookSnapshot
from platforms.polymarket.parse import book_hash as rest_book_hash

logger = logging.getLogger(__name__)

# Token ids per subscribe operation: there is no documented cap since 2025-05; stay moderate.
TOKENS_PER_COMMAND = 500
_NO_BID = Decimal(0)
_NO_ASK = Decimal(1)


# The fields the book hash covers (NOTES §2.2); WS `book` messages often lack some of them.
_HASHED_FIELDS = ("market", "asset_id", "timestamp", "bids", "asks", "min_order_size",
                  "tick_size", "neg_risk", "last_trade_price")


def book_hash(raw: Mapping[str, Any]) -> str | None:
    """The venue's book hash recomputed from a `book` payload, or None when fields are missing
    (platforms.polymarket.parse.book_hash; a mismatch means resync, never an error)."""
    if any(key not in raw for key in _HASHED_FIELDS):
        return None
    return rest_book_hash(dict(raw))


def _ts_ms(value: Any) -> datetime | None:
    try:
        return datetime.fromtimestamp(int(value) / 1000, tz=UTC)
    except (TypeError, ValueError, OverflowError, OSError):
        return None


class PolymarketFeed(Feed):
    """Live Polymarket books (YES token view) for a set of markets over one connection."""

    venue = "polymarket"

    def __init__(
        self, *, resync_min_interval_s: float = 5.0, dead_after_s: float = 30.0, **kw: Any
    ) -> None:
        super().__init__(**kw)
        self.resync_min_interval_s = resync_min_interval_s
        self.dead_after_s = dead_after_s
        self.tokens: dict[str, str] = {}  # YES token id -> market external id
        self._resync_at: dict[str, float] = {}

    # --- Feed hooks -------------------------------------------------------------------------
    def connect_kwargs(self) -> dict[str, Any]:
        return {}

    def wanted(self) -> bool:
        return bool(self.tokens)

    def on_open(self) -> None:
        batches = chunks(sorted(self.tokens), TOKENS_PER_COMMAND)
        if batches:
            self.send_json({"assets_ids": batches[0], "type": "market",
                            "custom_feature_enabled": True})
        for batch in batches[1:]:
            self.send_json({"operation": "subscribe", "assets_ids": batch,
                            "custom_feature_enabled": True})

    async def keepalive(self, ws: ClientConnection) -> None:
        """Send the text `PING` every keepalive_s; the PONG answers move last_frame_at.

        A connection silent for dead_after_s (no PONG either) is closed, so the feed reconnects
        (the SDK calls a connection stale after 30 s without a PONG).
        """
        while True:
            await asyncio.sleep(self.keepalive_s)
            last = self.last_frame_at
            if last is not None and self.clock() - last > self.dead_after_s:
                logger.warning("polymarket stream: silent for %.0fs; reconnecting",
                               self.clock() - last)
                await ws.close()
                return
            await ws.send("PING")

    # --- subscriptions ----------------------------------------------------------------------
    def set_markets(self, yes_tokens: Mapping[str, str]) -> None:
        """Watch exactly these markets, given as {market external id: YES token id}."""
        wanted = {token: ext for ext, token in yes_tokens.items() if token}
        added = sorted(set(wanted) - set(self.tokens))
        removed = sorted(set(self.tokens) - set(wanted))
        for token in removed:
            self.books.pop(self.tokens[token], None)
        self.tokens = wanted
        if self.connected:
            for batch in chunks(removed, TOKENS_PER_COMMAND):
                self.send_json({"operation": "unsubscribe", "assets_ids": batch})
            for batch in chunks(added, TOKENS_PER_COMMAND):
                self.send_json({"operation": "subscribe", "assets_ids": batch,
                                "custom_feature_enabled": True})
        if added or removed:
            logger.info("polymarket stream: watching %d markets (+%d -%d)", len(wanted),
                        len(added), len(removed))
        self.wake()

    def _doubt(self, external_id: str, reason: str) -> None:
        """Stop trusting one market's book and ask the runner for a REST snapshot of it.

        The book is out of sync until a snapshot (WS `book` or REST) replaces it, even when the
        request itself is skipped by the per-market rate limit: a doubted book is never priced.
        """
        self.invalidate([external_id])
        now = self.clock()
        last = self._resync_at.get(external_id)
        if last is not None and now - last < self.resync_min_interval_s:
            return
        self._resync_at[external_id] = now
        self.stats.resyncs += 1
        logger.info("polymarket stream: resyncing %s from REST (%s)", external_id, reason)
        if self.on_resync is not None:
            self.on_resync(self.venue, [external_id])

    def apply_rest_snapshot(self, snap: BookSnapshot, received_at: float) -> None:
        """Replace a book with a REST snapshot (already in the YES view) after a doubt."""
        if snap.market_external_id not in self.tokens.values():
            return
        book = self.book(snap.market_external_id)
        book.apply_snapshot(bids=snap.yes_bids, asks=snap.yes_asks, exchange_ts=snap.exchange_ts,
                            venue_hash=snap.venue_hash)
        self.stats.snapshots += 1
        self.stats.book_changes += 1
        self.on_book(self.venue, snap.market_external_id, book, received_at)

    # --- messages ---------------------------------------------------------------------------
    def handle_text(self, text: str, received_at: float) -> None:
        self.stats.messages += 1
        if text == "PONG":
            return
        try:
            data = json.loads(text)
        except ValueError:
            self.stats.malformed += 1
            logger.warning("polymarket stream: unreadable frame: %.200s", text)
            return
        events = data if isinstance(data, list) else [data]
        for event in events:
            if not isinstance(event, dict):
                self.stats.malformed += 1
                logger.warning("polymarket stream: event is not an object: %.200s", event)
                continue
            self._handle_event(event, received_at)

    def _handle_event(self, event: dict[str, Any], received_at: float) -> None:
        kind = event.get("event_type")
        try:
            if kind == "book":
                self._handle_book(event, received_at)
            elif kind == "price_change":
                self._handle_price_change(event, received_at)
            elif kind == "best_bid_ask":
                external_id = self.tokens.get(str(event.get("asset_id")))
                if external_id is not None:
                    self._check_top(external_id, event)
            elif kind == "tick_size_change":
                external_id = self.tokens.get(str(event.get("asset_id")))
                if external_id is not None:
                    book = self.book(external_id)
                    book.tick_size = dec(event.get("new_tick_size"), "new_tick_size")
                    # The next stored snapshot carries the new grid to the market's tick size,
                    # which orders are priced on (NOTES: update the tick before the next order).
                    book.invalidate_snapshot()
            elif kind == "last_trade_price":
                external_id = self.tokens.get(str(event.get("asset_id")))
                if external_id is not None:
                    self.book(external_id).last_trade_price = price(event.get("price"), "price")
            elif kind == "market_resolved":
                logger.info("polymarket stream: market %s resolved (%s)", event.get("market"),
                            event.get("winning_outcome"))
            else:
                logger.debug("polymarket stream: ignoring event %r", kind)
        except MalformedMessage as exc:
            self.stats.malformed += 1
            logger.warning("polymarket stream: malformed %s (%s): %.200s", kind, exc, event)
            asset = event.get("asset_id")
            external_id = self.tokens.get(str(asset)) if asset is not None else None
            if external_id is not None:
                self._doubt(external_id, f"malformed {kind}")

    def _handle_book(self, event: dict[str, Any], received_at: float) -> None:
        external_id = self.tokens.get(str(event.get("asset_id")))
        if external_id is None:
            return
        bids = _levels(event.get("bids"), "bids")
        asks = _levels(event.get("asks"), "asks")
        venue_hash = str(event.get("hash") or "")
        book = self.book(external_id)
        book.apply_snapshot(bids=bids, asks=asks, exchange_ts=_ts_ms(event.get("timestamp")),
                            venue_hash=venue_hash)
        if "tick_size" in event:
            book.tick_size = dec(event["tick_size"], "tick_size")
        self.stats.snapshots += 1
        self.stats.book_changes += 1
        self.on_book(self.venue, external_id, book, received_at)
        expected = book_hash(event)
        if expected is not None and venue_hash and expected != venue_hash:
            self.stats.hash_mismatches += 1
            self._doubt(external_id, "book hash mismatch")

    def _handle_price_change(self, event: dict[str, Any], received_at: float) -> None:
        changes = event.get("price_changes")
        if not isinstance(changes, list):
            raise MalformedMessage("price_changes: expected a list", field="price_changes")
        exchange_ts = _ts_ms(event.get("timestamp"))
        touched: dict[str, dict[str, Any]] = {}
        for change in changes:
            if not isinstance(change, dict):
                raise MalformedMessage("price_changes: entry is not an object")
            external_id = self.tokens.get(str(change.get("asset_id")))
            if external_id is None:
                # The NO token of a watched market (or an unwatched market): mirrors the YES book.
                continue
            book = self.book(external_id)
            if not book.synced:
                self._doubt(external_id, "change before any book")
                continue
            try:
                side = change.get("side")
                if side not in ("BUY", "SELL"):
                    raise MalformedMessage(f"side: {str(side)[:20]!r}", field="side")
                level_price = price(change.get("price"), "price")
                size = dec(change.get("size"), "size")
            except MalformedMessage as exc:
                self.stats.malformed += 1
                logger.warning("polymarket stream: bad price_change entry (%s): %.200s", exc,
                               change)
                self._doubt(external_id, "malformed price_change")
                continue
            if book.set_level(BID if side == "BUY" else ASK, level_price, size):
                touched[external_id] = change
            if change.get("hash"):
                book.venue_hash = str(change["hash"])
            book.exchange_ts = exchange_ts or book.exchange_ts
        for external_id, last_change in touched.items():
            book = self.books[external_id]
            self.stats.book_changes += 1
            self.on_book(self.venue, external_id, book, received_at)
            self._check_top(external_id, last_change)

    def _check_top(self, external_id: str, event: Mapping[str, Any]) -> None:
        """Compare the venue's best bid/ask (when given) with our book; doubt on disagreement."""
        book = self.books.get(external_id)
        if book is None or not book.synced:
            return
        their_bid, their_ask = event.get("best_bid"), event.get("best_ask")
        if their_bid is None or their_ask is None:
            return
        try:
            bid, ask = dec(their_bid, "best_bid"), dec(their_ask, "best_ask")
        except MalformedMessage:
            return
        ours_bid = book.best_bid if book.best_bid is not None else _NO_BID
        ours_ask = book.best_ask if book.best_ask is not None else _NO_ASK
        if bid != ours_bid or ask != ours_ask:
            self._doubt(external_id, f"venue top {bid}/{ask} != ours {ours_bid}/{ours_ask}")


def _levels(raw: Any, field: str) -> list[tuple[Decimal, Decimal]]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise MalformedMessage(f"{field}: expected a list", field=field)
    levels = []
    for level in raw:
        if not isinstance(level, dict):
            raise MalformedMessage(f"{field}: each level is {{price, size}}", field=field)
        levels.append((price(level.get("price"), field), dec(level.get("size"), field)))
    return levels
