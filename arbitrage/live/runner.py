"""`manage.py streambooks`: live books for every approved pair, a decision on every change.

One asyncio event loop runs a feed per streaming venue (Kalshi, Polymarket), the flush loop and
the supervisor; one extra thread does every database call (Django is synchronous) so all writes
share one connection and the loop never waits on Postgres; REST calls run on a small pool.

- Feeds apply frames to their LiveBooks and call StreamProcessor.on_book, which runs the engine
  for the affected pairs at once (in memory).
- The flush loop writes what changed every `flush_interval_s`, or sooner once
  `flush_max_messages` changes are pending: a transaction for the batch's books and one for its
  opportunity updates, never one per message. A market's book is stored at most once per
  `book_store_interval_s` (its latest state), while every change is decided at once.
- The supervisor reloads approved pairs every `pair_refresh_s` (feeds add/remove markets on
  their live subscriptions), and watches each venue's health. A venue whose feed is down or
  silent for `stale_after_s` (or cannot stream at all: Kalshi without keys, or a venue with no
  feed) has its books polled over REST every `poll_interval_s`, and its Platform row says so.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from decimal import Decimal
from functools import partial
from typing import Any, TypeVar

from django.db import connections

from arbitrage.live import services as live_services
from arbitrage.live.processor import (
    BasketWatch,
    Batch,
    PairWatch,
    StreamProcessor,
    percentile,
)
from markets import services as market_services
from markets.streaming.feed import Feed
from markets.streaming.kalshi_ws import KalshiFeed
from markets.streaming.polymarket_ws import PolymarketFeed
from platforms.base import BookSnapshot, MarketRef, PlatformError
from platforms.registry import get_platform

logger = logging.getLogger(__name__)

T = TypeVar("T")

# fetch_books(venue slug, markets) -> {external id: BookSnapshot}; the default asks the registry.
FetchBooks = Callable[[str, Sequence[Any]], dict[str, BookSnapshot]]

# The streamer process asks Python to hand the GIL over every 1 ms instead of every 5 ms: the
# database thread otherwise holds it for up to 5 ms while a frame waits, which is the whole tail
# of the decision latency (bench/bench_streaming.py: p99 about 5.4 ms at 5 ms, 1.8 ms at 1 ms).
GIL_SWITCH_INTERVAL_S = 0.001


@dataclass
class RunnerConfig:
    """Timing knobs (seconds), the engine budget and slippage cap; defaults suit production."""

    budget: Decimal = Decimal("1000")
    max_slippage: Decimal | None = None
    flush_interval_s: float = 0.25
    # A market's changed book is stored at most this often (every change is still decided).
    book_store_interval_s: float = 1.0
    flush_max_messages: int = 1000
    stale_after_s: float = 30.0
    poll_interval_s: float = 5.0
    pair_refresh_s: float = 30.0
    # How often a streaming venue's unchanged books are re-confirmed in the database
    # (book_checked_at), so the scan's freshness gate trusts a quiet but live stream.
    confirm_interval_s: float = 5.0
    supervise_interval_s: float = 0.5


def registry_fetch_books(slug: str, markets: Sequence[Any]) -> dict[str, BookSnapshot]:
    """REST books through the venue's Platform client (the polling fallback and resyncs)."""
    refs = [MarketRef(m.external_id, yes_token_id=m.yes_token_id, no_token_id=m.no_token_id)
            for m in markets]
    return get_platform(slug).get_books(refs)


class StreamRunner:
    """Runs feeds, flushes and the supervisor until `stop` is set (or the task is cancelled).

    `feeds` maps venue slug to its Feed (built by the caller: URLs and keys are injectable);
    venues of watched pairs without a feed are always polled. `unavailable` maps a venue slug
    to why it cannot stream (e.g. no API key); it is shown on the venue's row and polled.
    `load_pairs`, `load_baskets`, `write_batch`, `set_status` and `books_seen` are the database seams
    (services.py).
    """

    def __init__(
        self, *, feeds: dict[str, Feed], processor: StreamProcessor,
        config: RunnerConfig | None = None, unavailable: dict[str, str] | None = None,
        load_pairs: Callable[[], list[PairWatch]] | None = None,
        load_baskets: Callable[[], list[BasketWatch]] | None = None,
        write_batch: Callable[..., dict[str, int]] | None = None,
        set_status: Callable[..., None] | None = None,
        books_seen: Callable[..., None] | None = None,
        fetch_books: FetchBooks = registry_fetch_books,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.feeds = feeds
        self.processor = processor
        self.config = config or RunnerConfig()
        self.unavailable = dict(unavailable or {})
        self.load_pairs = load_pairs or live_services.stream_pairs_load
        self.load_baskets = load_baskets or live_services.stream_baskets_load
        self.write_batch = write_batch or partial(live_services.stream_batch_write,
                                                  budget=self.config.budget,
                                                  max_slippage=self.config.max_slippage)
        self.set_status = set_status or market_services.platform_stream_status
        self.books_seen = books_seen or market_services.platform_books_seen
        self.fetch_books = fetch_books
        self.clock = clock
        for feed in feeds.values():
            feed.on_book = self._on_book
            feed.on_resync = self._on_resync
            feed.on_down = self._on_feed_down
            feed.on_stale = self._on_stale
        self.db = ThreadPoolExecutor(max_workers=1, thread_name_prefix="streambooks-db")
        self.rest = ThreadPoolExecutor(max_workers=4, thread_name_prefix="streambooks-rest")
        self.flush_wanted = asyncio.Event()
        self.status: dict[str, str] = {}  # venue slug -> "streaming" | "polling"
        self.last_poll_at: dict[str, float] = {}
        self.polling_now: set[str] = set()  # venues with a REST poll in flight
        self.last_confirm_at: dict[str, float] = {}
        self.flushes = 0
        self.written: dict[str, int] = {}
        self.errors = 0
        self._tasks: set[asyncio.Task[Any]] = set()
        self._writes: set[asyncio.Task[dict[str, int]]] = set()  # batch writes in flight

    async def _db(self, fn: Callable[..., T], *args: Any, **kw: Any) -> T:
        return await asyncio.get_running_loop().run_in_executor(self.db, partial(fn, *args, **kw))

    async def _rest(self, fn: Callable[..., T], *args: Any) -> T:
        return await asyncio.get_running_loop().run_in_executor(self.rest, partial(fn, *args))

    def _spawn(self, coro: Any) -> asyncio.Task[Any]:
        task = asyncio.create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        return task

    # --- pairs ------------------------------------------------------------------------------
    async def refresh_pairs(self) -> None:
        """Reload approved pairs and baskets and point every feed at its venue's markets."""
        pairs = await self._db(self.load_pairs)
        baskets = await self._db(self.load_baskets)
        self.processor.set_pairs(pairs, baskets)
        by_venue = self.processor.market_ids_by_venue()
        for slug, feed in self.feeds.items():
            markets = by_venue.get(slug, [])
            if isinstance(feed, KalshiFeed):
                feed.set_markets(m.external_id for m in markets)
            elif isinstance(feed, PolymarketFeed):
                feed.set_markets({m.external_id: m.yes_token_id for m in markets})

    # --- flushing ---------------------------------------------------------------------------
    def _on_book(self, venue: str, external_id: str, book: Any, received_at: float) -> None:
        self.processor.on_book(venue, external_id, book, received_at)
        self._on_change()

    def _on_feed_down(self, venue: str) -> None:
        # Books we can no longer vouch for must not back an opportunity.
        self.processor.forget_venue(venue)
        self.flush_wanted.set()

    def _on_stale(self, venue: str, external_ids: list[str]) -> None:
        # Out-of-sync books must not back an opportunity until their next snapshot.
        if self.processor.forget_markets(venue, external_ids):
            self.flush_wanted.set()

    def _on_change(self) -> None:
        if self.processor.pending >= self.config.flush_max_messages:
            self.flush_wanted.set()

    async def flush(self, *, force: bool = False) -> None:
        """Write what is due in one batch (on the database thread); `force` writes all.

        The write is shielded: a flush cancelled at shutdown while its batch waits for the
        database thread would otherwise take the batch out of that thread's queue and lose it
        (the processor has already handed it over). run() waits for writes in flight.
        """
        batch = self.processor.take_batch(force=force)
        if not batch:
            return
        write = asyncio.ensure_future(self._db(self.write_batch, batch=batch))
        self._writes.add(write)
        write.add_done_callback(partial(self._write_done, batch))
        with contextlib.suppress(Exception):  # reported by _write_done
            await asyncio.shield(write)

    def _write_done(self, batch: Batch, write: asyncio.Task[dict[str, int]]) -> None:
        self._writes.discard(write)
        error = None if write.cancelled() else write.exception()
        if write.cancelled() or error is not None:
            # A failed write loses only this batch's rows; books stay in memory and the next
            # change (or poll) writes them again. The process keeps running.
            self.errors += 1
            logger.error("streambooks: batch write failed (%d books, %d decisions)",
                         len(batch.books), len(batch.decisions), exc_info=error)
            return
        self.flushes += 1
        for key, value in write.result().items():
            self.written[key] = self.written.get(key, 0) + value

    async def _flush_loop(self) -> None:
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self.flush_wanted.wait(), self.config.flush_interval_s)
            self.flush_wanted.clear()
            await self.flush()

    # --- health and polling -----------------------------------------------------------------
    def venue_state(self, slug: str, now: float) -> tuple[str, str]:
        """("streaming" | "polling", why) for one venue."""
        if slug in self.unavailable:
            return "polling", self.unavailable[slug]
        feed = self.feeds.get(slug)
        if feed is None:
            return "polling", "no stream for this venue"
        stale_after_s = self.config.stale_after_s
        if feed.connected:
            if feed.last_frame_at is not None and now - feed.last_frame_at <= stale_after_s:
                return "streaming", f"{len(feed.books)} books live"
            return "polling", f"stream stale (no message for {stale_after_s:.0f}s), polling"
        if feed.down_since is None or now - feed.down_since <= stale_after_s:
            # Connecting or reconnecting: give it the staleness limit before polling.
            return "streaming", "connecting"
        return "polling", f"stream down ({feed.last_error or 'not connected'}), polling"

    async def supervise_once(self) -> None:
        """Update each venue's status row on change, and poll the venues that need it."""
        now = self.clock()
        by_venue = self.processor.market_ids_by_venue()
        for slug in sorted(set(by_venue) | set(self.feeds) | set(self.unavailable)):
            state, why = self.venue_state(slug, now)
            if self.status.get(slug) != state:
                self.status[slug] = state
                # Polling is a problem only for a venue that should be streaming.
                degraded = state == "polling" and slug in self.feeds | self.unavailable
                logger.log(logging.WARNING if degraded else logging.INFO,
                           "streambooks: %s books: %s (%s)", slug, state, why)
                await self._db(self.set_status, slug=slug, state=state, detail=f"{slug} {why}",
                               error=degraded, markets=len(by_venue.get(slug, ())))
            if state == "streaming" and slug in self.feeds:
                last = self.last_confirm_at.get(slug)
                if last is None or now - last >= self.config.confirm_interval_s:
                    self.last_confirm_at[slug] = now
                    self.processor.confirm(slug, self.feeds[slug].books)
                    if self.feeds[slug].connected:
                        await self._db(self.books_seen, slug=slug, ok=True)
            if state == "polling" and by_venue.get(slug) and slug not in self.polling_now:
                last = self.last_poll_at.get(slug)
                if last is None or now - last >= self.config.poll_interval_s:
                    self.polling_now.add(slug)
                    self.last_poll_at[slug] = now
                    self._spawn(self.poll(slug, by_venue[slug]))

    async def poll(self, slug: str, markets: Sequence[Any]) -> None:
        """One REST poll of a venue's watched books; each goes through the same hot path."""
        try:
            books = await self._rest(self.fetch_books, slug, markets)
        except PlatformError as exc:
            logger.warning("streambooks: polling %s failed: %s", slug, exc)
            return
        except Exception:
            # A client bug must not end the process: log it and poll again next interval.
            logger.exception("streambooks: polling %s failed", slug)
            return
        finally:
            self.polling_now.discard(slug)
        received_at = self.clock()
        for external_id, snap in books.items():
            self.processor.book_changed(slug, external_id, snap, received_at)
        self._on_change()
        # A venue that should stream stays flagged (its last_error) while it is polled.
        await self._db(self.books_seen, slug=slug,
                       ok=slug not in self.feeds and slug not in self.unavailable)

    def _on_resync(self, venue: str, external_ids: list[str]) -> None:
        self._spawn(self._resync(venue, external_ids))

    async def _resync(self, venue: str, external_ids: list[str]) -> None:
        """A REST snapshot for books a feed doubts (Polymarket: no sequence numbers)."""
        markets = [m for (slug, ext), m in self.processor.markets.items()
                   if slug == venue and ext in external_ids]
        feed = self.feeds.get(venue)
        if not markets or not isinstance(feed, PolymarketFeed):
            return
        try:
            books = await self._rest(self.fetch_books, venue, markets)
        except Exception:
            logger.exception("streambooks: resync of %s on %s failed", external_ids, venue)
            return
        for snap in books.values():
            feed.apply_rest_snapshot(snap, self.clock())
        self._on_change()

    async def _supervise_loop(self) -> None:
        last_refresh = self.clock()
        while True:
            await asyncio.sleep(self.config.supervise_interval_s)
            try:
                if self.clock() - last_refresh >= self.config.pair_refresh_s:
                    last_refresh = self.clock()
                    await self.refresh_pairs()
                await self.supervise_once()
            except Exception:
                self.errors += 1
                logger.exception("streambooks: supervisor step failed")

    # --- lifecycle --------------------------------------------------------------------------
    async def run(self, stop: asyncio.Event | None = None) -> None:
        """Run until `stop` is set (forever when None), then flush what is pending."""
        stop = stop or asyncio.Event()
        await self.refresh_pairs()
        await self.supervise_once()
        tasks = [asyncio.create_task(feed.run()) for feed in self.feeds.values()]
        tasks.append(asyncio.create_task(self._flush_loop()))
        tasks.append(asyncio.create_task(self._supervise_loop()))
        try:
            await stop.wait()
        finally:
            for task in [*tasks, *self._tasks]:
                task.cancel()
            await asyncio.gather(*tasks, *self._tasks, return_exceptions=True)
            # Batches taken before the stop are written first (one database thread, in order).
            await asyncio.gather(*self._writes, return_exceptions=True)
            await self.flush(force=True)
            # Close the database thread's connection before the thread goes away.
            await self._db(connections.close_all)
            self.db.shutdown(wait=True)
            self.rest.shutdown(wait=False, cancel_futures=True)

    def stats(self) -> dict[str, Any]:
        """Counters for logs and tests: per-feed stats, flushes, rows written, latency."""
        lat = list(self.processor.latencies_s)
        p50, p99 = percentile(lat, 0.5), percentile(lat, 0.99)
        return {
            "feeds": {slug: feed.stats.as_dict() for slug, feed in self.feeds.items()},
            "status": dict(self.status),
            "changes": self.processor.changes,
            "decisions": self.processor.decisions,
            "flushes": self.flushes,
            "written": dict(self.written),
            "errors": self.errors,
            "latency_p50_ms": None if p50 is None else round(p50 * 1000, 3),
            "latency_p99_ms": None if p99 is None else round(p99 * 1000, 3),
        }


def build_runner(
    *, venues: Iterable[str], kalshi_url: str, polymarket_url: str,
    config: RunnerConfig | None = None, kalshi_headers: Callable[[], dict[str, str]] | None = None,
    kalshi_unavailable: str = "", **kw: Any,
) -> StreamRunner:
    """A runner with a feed for each enabled streaming venue (kalshi, polymarket).

    Kalshi streams only with signed headers (keys); without them it is marked unavailable and
    polled. Other enabled venues (the Test venues) have no stream and are polled.
    """
    config = config or RunnerConfig()
    enabled = set(venues)
    processor = StreamProcessor(budget=config.budget, max_slippage=config.max_slippage,
                                store_interval_s=config.book_store_interval_s)
    feeds: dict[str, Feed] = {}
    unavailable = {}
    if "polymarket" in enabled:
        feeds["polymarket"] = PolymarketFeed(url=polymarket_url, on_book=processor.on_book)
    if "kalshi" in enabled and kalshi_headers is not None:
        feeds["kalshi"] = KalshiFeed(url=kalshi_url, on_book=processor.on_book,
                                     headers=kalshi_headers)
    elif "kalshi" in enabled:
        unavailable["kalshi"] = kalshi_unavailable or "stream unavailable: no API key, polling"
    return StreamRunner(feeds=feeds, processor=processor, config=config, unavailable=unavailable,
                        **kw)
