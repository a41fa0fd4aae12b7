"""What every venue feed shares: the reconnect loop with backoff, liveness, counters, listeners.

A feed owns one WebSocket connection and the LiveBooks of the markets it watches. Subclasses
(kalshi_ws.KalshiFeed, polymarket_ws.PolymarketFeed) speak the venue's protocol; this base keeps
the connection up. `handle_text` is synchronous and does no I/O beyond queueing commands, so the
protocol logic is tested by feeding it recorded frames, and the benchmark drives it the same way.
"""

from __future__ import annotations

import abc
import asyncio
import json
import logging
import random
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from typing import Any

import websockets
from websockets.asyncio.client import ClientConnection

from markets.streaming.books import LiveBook

logger = logging.getLogger(__name__)

# (venue slug, market external id, book, monotonic time the frame was received)
BookListener = Callable[[str, str, LiveBook, float], None]
# (venue slug, market external ids) that need a REST snapshot (Polymarket resync path).
ResyncListener = Callable[[str, list[str]], None]

# Frames can be large (a book per market in one array): 16 MiB is ample and still bounded.
MAX_FRAME_BYTES = 16 * 1024 * 1024


@dataclass
class FeedStats:
    """Counters a feed keeps; the runner logs them and the dashboard can show them."""

    connects: int = 0
    disconnects: int = 0
    messages: int = 0
    book_changes: int = 0
    snapshots: int = 0
    malformed: int = 0
    gaps: int = 0
    duplicates: int = 0
    resyncs: int = 0
    hash_mismatches: int = 0
    errors: int = 0

    def as_dict(self) -> dict[str, int]:
        return asdict(self)


class Feed(abc.ABC):
    """One venue's book stream. Run it with `await feed.run()`; cancel the task to stop it.

    `url` is injectable (tests point it at a local server). `clock` is monotonic seconds.
    Liveness: `last_frame_at` moves on every frame and keepalive answer; the runner treats a
    feed that is silent, or disconnected, for longer than its staleness limit as down.
    """

    venue = ""

    def __init__(
        self, *, url: str, on_book: BookListener, on_resync: ResyncListener | None = None,
        clock: Callable[[], float] = time.monotonic, backoff_initial_s: float = 0.5,
        backoff_max_s: float = 30.0, open_timeout_s: float = 10.0, keepalive_s: float = 10.0,
    ) -> None:
        self.url = url
        self.on_book = on_book
        self.on_resync = on_resync
        # Called with the venue slug when a connection is lost (its books are then unsynced).
        self.on_down: Callable[[str], None] | None = None
        # Called with (venue slug, external ids) when books go out of sync on a live connection
        # (gap, unfit delta, doubt): they must back no decision until their next snapshot.
        self.on_stale: Callable[[str, list[str]], None] | None = None
        self.clock = clock
        self.backoff_initial_s = backoff_initial_s
        self.backoff_max_s = backoff_max_s
        self.open_timeout_s = open_timeout_s
        self.keepalive_s = keepalive_s
        self.books: dict[str, LiveBook] = {}
        self.stats = FeedStats()
        self.connected = False
        self.last_frame_at: float | None = None
        # When the feed last lost (or had not yet made) its connection; None while connected.
        self.down_since: float | None = None
        self.last_error = ""
        self._ws: ClientConnection | None = None
        self._outbox: list[str] = []
        self._outbox_ready = asyncio.Event()
        self._wanted_changed = asyncio.Event()

    # --- protocol hooks ---------------------------------------------------------------------
    @abc.abstractmethod
    def connect_kwargs(self) -> dict[str, Any]:
        """Extra websockets.connect arguments (e.g. signed headers), built per attempt."""

    @abc.abstractmethod
    def on_open(self) -> None:
        """Queue the subscription commands for a fresh connection."""

    @abc.abstractmethod
    def handle_text(self, text: str, received_at: float) -> None:
        """Apply one text frame: update books, call listeners, queue commands."""

    @abc.abstractmethod
    def wanted(self) -> bool:
        """Whether there is anything to subscribe to (no connection is opened otherwise)."""

    async def keepalive(self, ws: ClientConnection) -> None:
        """Prove the connection alive every keepalive_s (default: protocol ping and its pong)."""
        while True:
            await asyncio.sleep(self.keepalive_s)
            pong = await ws.ping()
            try:
                await asyncio.wait_for(pong, timeout=self.keepalive_s)
            except TimeoutError:
                # A peer that stops answering is dead even if TCP has not noticed: reconnect.
                logger.warning("%s stream: no pong within %.0fs; reconnecting", self.venue,
                               self.keepalive_s)
                await ws.close()
                return
            self.last_frame_at = self.clock()

    # --- shared machinery -------------------------------------------------------------------
    def send_json(self, payload: dict[str, Any]) -> None:
        """Queue a command for the connection's writer task (dropped when not connected: the
        subscription is rebuilt from scratch on the next connect anyway)."""
        if self.connected:
            self._outbox.append(json.dumps(payload, separators=(",", ":")))
            self._outbox_ready.set()

    async def _writer(self, ws: ClientConnection) -> None:
        """Send queued commands in order; the only task that writes commands to the socket."""
        while True:
            await self._outbox_ready.wait()
            self._outbox_ready.clear()
            while self._outbox:
                await ws.send(self._outbox.pop(0))

    def wake(self) -> None:
        """Tell a feed waiting for markets that the wanted set changed."""
        self._wanted_changed.set()

    def book(self, external_id: str) -> LiveBook:
        book = self.books.get(external_id)
        if book is None:
            book = self.books[external_id] = LiveBook(external_id)
        return book

    def invalidate_all(self) -> None:
        for book in self.books.values():
            book.invalidate()

    def invalidate(self, external_ids: Iterable[str]) -> None:
        """Mark these books out of sync until their next snapshot and tell on_stale."""
        ids = list(external_ids)
        for external_id in ids:
            self.book(external_id).invalidate()
        if ids and self.on_stale is not None:
            self.on_stale(self.venue, ids)

    async def run(self) -> None:
        """Connect, subscribe, read; on any failure reconnect with jittered exponential backoff.

        Runs until cancelled. Books are invalidated on every disconnect: the next connection
        starts from fresh snapshots.
        """
        delay_s = self.backoff_initial_s
        self.down_since = self.clock()
        while True:
            if not self.wanted():
                self._wanted_changed.clear()
                await self._wanted_changed.wait()
                continue
            stopping = False
            try:
                async with websockets.connect(
                    self.url, open_timeout=self.open_timeout_s, max_size=MAX_FRAME_BYTES,
                    ping_interval=None, **self.connect_kwargs(),
                ) as ws:
                    await self._serve(ws)
                    delay_s = self.backoff_initial_s
            except asyncio.CancelledError:
                stopping = True
                raise
            except Exception as exc:
                # Every failure (refused, 401 on upgrade, reset, bad frame handling) is logged
                # and retried: the process must keep running and the runner polls meanwhile.
                self.stats.errors += 1
                self.last_error = f"{type(exc).__name__}: {exc}"[:500]
                logger.warning("%s stream: %s; reconnecting in %.1fs", self.venue,
                               self.last_error, delay_s)
            finally:
                was_connected = self.connected
                self.connected = False
                self._ws = None
                self._outbox.clear()
                self.invalidate_all()
                if was_connected:
                    self.stats.disconnects += 1
                    self.down_since = self.clock()
                    # Not when the process stops: that loses no data, it ends the watch.
                    if self.on_down is not None and not stopping:
                        self.on_down(self.venue)
            await asyncio.sleep(delay_s * (0.5 + random.random() / 2))
            delay_s = min(delay_s * 2, self.backoff_max_s)

    async def _serve(self, ws: ClientConnection) -> None:
        self._ws = ws
        self.connected = True
        self.down_since = None
        self.stats.connects += 1
        self.last_frame_at = self.clock()
        self.last_error = ""
        logger.info("%s stream connected to %s", self.venue, self.url)
        self._outbox.clear()
        self.on_open()
        helpers = [asyncio.create_task(self._writer(ws)), asyncio.create_task(self.keepalive(ws))]
        try:
            async for frame in ws:
                received_at = self.clock()
                self.last_frame_at = received_at
                text = frame if isinstance(frame, str) else frame.decode("utf-8", "replace")
                # A failed send means the socket broke: this loop then ends on its own.
                self.handle_text(text, received_at)
            logger.info("%s stream closed by the server", self.venue)
        finally:
            for helper in helpers:
                helper.cancel()
            await asyncio.gather(*helpers, return_exceptions=True)


def chunks(items: Iterable[str], size: int) -> list[list[str]]:
    """Split into lists of at most `size` (venue commands carry bounded ticker lists)."""
    batch: list[str] = []
    out: list[list[str]] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            out.append(batch)
            batch = []
    if batch:
        out.append(batch)
    return out
