"""Kalshi order books from the authenticated `orderbook_delta` WebSocket channel.

Protocol (Kalshi NOTES §5; Reference: https://docs.kalshi.com/websockets/orderbook-updates):
- Every connection is signed: the upgrade carries KALSHI-ACCESS-* headers over
  timestamp + "GET" + "/trade-api/ws/v2" (platforms.kalshi.auth.KalshiSigner), rebuilt per attempt.
- `subscribe` {channels: ["orderbook_delta"], market_tickers, use_yes_price} answers `subscribed`
  with a `sid`; then one `orderbook_snapshot` per market and `orderbook_delta` messages. Snapshot
  and deltas share one `seq` counter per sid.
- Both sides are bids. YES bids are YES bids. NO bids are YES asks: at 1 - p when the NO side
  uses NO-leg pricing (the venue default), at p itself when `use_yes_price` is on (we ask for it).
- `delta_fp` is a signed fixed-point change of one level; it can be fractional, so it is added
  with Decimal.
- A seq gap (or a message that cannot be applied) invalidates the books of that sid and asks for
  fresh snapshots with `update_subscription` action `get_snapshot`; a seq at or below the last one
  is a duplicate or late message and is dropped. Deltas for an unsynced book are ignored until its
  snapshot arrives, and `on_stale` withdraws it from pricing meanwhile.
- Markets are added to and removed from a live subscription with `update_subscription`
  add_markets / delete_markets, in chunks well under the command limits (10k commands/s).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import Any

from markets.streaming.books import (
    ASK,
    BID,
    BookInconsistent,
    MalformedMessage,
    dec,
    price,
)
from markets.streaming.feed import Feed, chunks
from platforms.base import ONE

logger = logging.getLogger(__name__)

WS_PATH = "/trade-api/ws/v2"
CHANNEL = "orderbook_delta"
# Tickers per command: small enough for any frame limit, few enough commands for any rate limit.
TICKERS_PER_COMMAND = 500
# Error codes that need no action: 6 = already subscribed.
_HARMLESS_ERRORS = {6}


class KalshiFeed(Feed):
    """Live Kalshi books for a set of market tickers over one signed connection.

    `headers` builds the signed upgrade headers for each connection attempt (None: no keys,
    which the runner never starts a feed with). `use_yes_price` is what we ask the venue for and
    therefore how NO-side prices are read.
    """

    venue = "kalshi"

    def __init__(
        self, *, headers: Callable[[], dict[str, str]] | None = None, use_yes_price: bool = True,
        **kw: Any,
    ) -> None:
        super().__init__(**kw)
        self.headers = headers
        self.use_yes_price = use_yes_price
        self.tickers: set[str] = set()
        self._next_id = 1
        # Subscription bookkeeping for the current connection.
        self._pending: dict[int, list[str]] = {}  # subscribe command id -> its tickers
        self._sid_tickers: dict[int, set[str]] = {}
        self._ticker_sid: dict[str, int] = {}
        self._last_seq: dict[int, int] = {}

    # --- Feed hooks -------------------------------------------------------------------------
    def connect_kwargs(self) -> dict[str, Any]:
        return {"additional_headers": self.headers() if self.headers else {}}

    def wanted(self) -> bool:
        return bool(self.tickers)

    def on_open(self) -> None:
        self._pending.clear()
        self._sid_tickers.clear()
        self._ticker_sid.clear()
        self._last_seq.clear()
        for batch in chunks(sorted(self.tickers), TICKERS_PER_COMMAND):
            self._subscribe(batch)

    # --- subscriptions ----------------------------------------------------------------------
    def _command(self, cmd: str, params: dict[str, Any]) -> int:
        cmd_id = self._next_id
        self._next_id += 1
        self.send_json({"id": cmd_id, "cmd": cmd, "params": params})
        return cmd_id

    def _subscribe(self, tickers: list[str]) -> None:
        params: dict[str, Any] = {"channels": [CHANNEL], "market_tickers": tickers}
        if self.use_yes_price:
            params["use_yes_price"] = True
        self._pending[self._command("subscribe", params)] = tickers

    def set_markets(self, tickers: Iterable[str]) -> None:
        """Watch exactly these tickers: add new ones to a live subscription, drop retired ones."""
        wanted = set(tickers)
        added = sorted(wanted - self.tickers)
        removed = sorted(self.tickers - wanted)
        self.tickers = wanted
        for ticker in removed:
            self.books.pop(ticker, None)
        if self.connected:
            by_sid: dict[int, list[str]] = {}
            for ticker in removed:
                sid = self._ticker_sid.pop(ticker, None)
                if sid is not None:
                    self._sid_tickers.get(sid, set()).discard(ticker)
                    by_sid.setdefault(sid, []).append(ticker)
            for sid, batch in by_sid.items():
                for part in chunks(batch, TICKERS_PER_COMMAND):
                    self._command("update_subscription", {
                        "sids": [sid], "market_tickers": part, "action": "delete_markets"})
            if added:
                sid = min(self._sid_tickers) if self._sid_tickers else None
                for part in chunks(added, TICKERS_PER_COMMAND):
                    if sid is None:
                        self._subscribe(part)
                    else:
                        self._command("update_subscription", {
                            "sids": [sid], "market_tickers": part, "action": "add_markets"})
                        self._sid_tickers[sid].update(part)
                        self._ticker_sid.update(dict.fromkeys(part, sid))
        if added or removed:
            logger.info("kalshi stream: watching %d markets (+%d -%d)", len(wanted), len(added),
                        len(removed))
        self.wake()

    def request_snapshot(self, sid: int, tickers: Iterable[str]) -> None:
        """Ask for fresh snapshots of these tickers on subscription `sid` (after a gap)."""
        tickers = sorted(t for t in tickers if t in self.tickers)
        self.invalidate(tickers)
        for part in chunks(tickers, TICKERS_PER_COMMAND):
            self.stats.resyncs += 1
            self._command("update_subscription", {
                "sids": [sid], "market_tickers": part, "action": "get_snapshot"})

    # --- messages ---------------------------------------------------------------------------
    def handle_text(self, text: str, received_at: float) -> None:
        self.stats.messages += 1
        try:
            message = json.loads(text)
            if not isinstance(message, dict):
                raise MalformedMessage("frame is not an object")
        except (ValueError, MalformedMessage) as exc:
            # An unreadable frame may have carried a seq: the next message then shows a gap and
            # resyncs the books, so nothing is silently lost.
            self.stats.malformed += 1
            logger.warning("kalshi stream: unreadable frame (%s): %.200s", exc, text)
            return
        kind = message.get("type")
        if kind in ("orderbook_snapshot", "orderbook_delta"):
            self._handle_book(message, kind, received_at)
        elif kind == "subscribed":
            self._handle_subscribed(message)
        elif kind == "error":
            self._handle_error(message)
        elif kind in ("ok", "unsubscribed", "list_subscriptions"):
            logger.debug("kalshi stream: %s", kind)
        else:
            logger.debug("kalshi stream: ignoring message type %r", kind)

    def _handle_subscribed(self, message: dict[str, Any]) -> None:
        msg = message.get("msg") or {}
        sid = msg.get("sid") if isinstance(msg, dict) else None
        tickers = self._pending.pop(message.get("id"), None)  # type: ignore[arg-type]
        if not isinstance(sid, int):
            self.stats.malformed += 1
            logger.warning("kalshi stream: subscribed reply without sid: %.200s", message)
            return
        if tickers is not None:
            self._sid_tickers.setdefault(sid, set()).update(tickers)
            self._ticker_sid.update(dict.fromkeys(tickers, sid))

    def _handle_error(self, message: dict[str, Any]) -> None:
        msg = message.get("msg") or {}
        code = msg.get("code") if isinstance(msg, dict) else None
        if code in _HARMLESS_ERRORS:
            return
        self.stats.errors += 1
        self.last_error = f"error {code}: {msg.get('msg', '') if isinstance(msg, dict) else msg}"
        logger.warning("kalshi stream: command %s failed: %s", message.get("id"), self.last_error)

    def _handle_book(self, message: dict[str, Any], kind: str, received_at: float) -> None:
        sid = message.get("sid")
        seq = message.get("seq")
        msg = message.get("msg")
        ticker = msg.get("market_ticker") if isinstance(msg, dict) else None
        if not isinstance(sid, int) or not isinstance(seq, int) or not isinstance(ticker, str):
            self.stats.malformed += 1
            logger.warning("kalshi stream: %s without sid/seq/ticker: %.200s", kind, message)
            return
        last = self._last_seq.get(sid)
        if last is not None and seq <= last:
            self.stats.duplicates += 1
            return
        self._last_seq[sid] = seq
        watched = ticker in self.tickers
        if watched and self._ticker_sid.get(ticker) != sid:
            self._ticker_sid[ticker] = sid
            self._sid_tickers.setdefault(sid, set()).add(ticker)
        gap = last is not None and seq != last + 1
        if gap:
            # Checked before anything else: even a message for a market we just dropped can
            # reveal that the sid lost messages for the others.
            self.stats.gaps += 1
            logger.warning("kalshi stream: seq gap on sid %d (%d -> %d); resyncing %d markets",
                           sid, last, seq, len(self._sid_tickers.get(sid, ())))
            self.request_snapshot(sid, self._sid_tickers.get(sid, set()) | ({ticker} & self.tickers))
        if not watched:
            # A market we just stopped watching: the venue may still send a few messages.
            return
        book = self.book(ticker)
        try:
            if kind == "orderbook_snapshot":
                self._apply_snapshot(book, msg, seq)  # type: ignore[arg-type]
            elif book.synced and not gap:
                if not self._apply_delta(book, msg, seq):  # type: ignore[arg-type]
                    return
            else:
                return
        except (MalformedMessage, BookInconsistent) as exc:
            self.stats.malformed += isinstance(exc, MalformedMessage)
            logger.warning("kalshi stream: %s for %s not applied (%s); resyncing it", kind,
                           ticker, exc)
            self.request_snapshot(sid, [ticker])
            return
        self.stats.book_changes += 1
        self.on_book(self.venue, ticker, book, received_at)

    def _no_to_yes_ask(self, no_price: Any, field: str) -> Any:
        p = price(no_price, field)
        return p if self.use_yes_price else ONE - p

    def _levels(self, msg: dict[str, Any], key: str, *, no_side: bool) -> list[tuple[Any, Any]]:
        raw = msg.get(key)
        if raw is None:
            # A side with no bids is absent from the snapshot.
            return []
        if not isinstance(raw, list):
            raise MalformedMessage(f"{key}: expected a list", field=key)
        levels = []
        for level in raw:
            if not isinstance(level, list | tuple) or len(level) < 2:
                raise MalformedMessage(f"{key}: each level is [price, count]", field=key)
            p = self._no_to_yes_ask(level[0], key) if no_side else price(level[0], key)
            levels.append((p, dec(level[1], key)))
        return levels

    def _apply_snapshot(self, book: Any, msg: dict[str, Any], seq: int) -> None:
        bids = self._levels(msg, "yes_dollars_fp", no_side=False)
        asks = self._levels(msg, "no_dollars_fp", no_side=True)
        book.apply_snapshot(bids=bids, asks=asks, seq=seq, exchange_ts=book.exchange_ts)
        self.stats.snapshots += 1

    def _apply_delta(self, book: Any, msg: dict[str, Any], seq: int) -> bool:
        side = msg.get("side")
        if side == "yes":
            changed = book.add_level(BID, price(msg.get("price_dollars"), "price_dollars"),
                                     dec(msg.get("delta_fp"), "delta_fp"))
        elif side == "no":
            changed = book.add_level(ASK, self._no_to_yes_ask(msg.get("price_dollars"),
                                                              "price_dollars"),
                                     dec(msg.get("delta_fp"), "delta_fp"))
        else:
            raise MalformedMessage(f"side: {str(side)[:20]!r}", field="side")
        book.seq = seq
        ts_ms = msg.get("ts_ms")
        if isinstance(ts_ms, int):
            book.exchange_ts = datetime.fromtimestamp(ts_ms / 1000, tz=UTC)
        return bool(changed)


def signed_headers_factory(signer: Any) -> Callable[[], dict[str, str]]:
    """Headers for the WS upgrade from a platforms.kalshi.auth.KalshiSigner (fresh per call)."""
    return lambda: signer.headers("GET", WS_PATH)
