"""The in-memory hot path: a changed book -> the engine's decision for every pair and basket it
belongs to.

Pure of Django at call time (the runner loads pairs and writes batches): the processor holds the
latest book of every watched market, runs `arbitrage.pricing.plans` for the affected pairs on each
change, and accumulates what changed since the last flush (books to store, pair decisions to
write). Decisions are computed on every change; only the latest per pair is written, so a burst
of changes to one pair costs one row update per flush, not one per message. Baskets (approved
outcome sets and implication pairs, arbitrage.basket_decision) are re-priced the same way on
every change of a member's book.
"""

from __future__ import annotations

import logging
import time
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pricing
from arbitrage.basket_decision import BasketDecision, BasketSpec, basket_decide
from arbitrage.decision import pair_decision
from markets.streaming.books import LiveBook
from platforms.base import BookSnapshot

logger = logging.getLogger(__name__)

# Latency samples kept for the stats (a ring: old ones fall off).
LATENCY_SAMPLES = 100_000


@dataclass(frozen=True)
class PairWatch:
    """One approved pair as the stream sees it.

    `leg_a`/`leg_b` are the engine's LegInput for each side with empty books: the hot path only
    swaps the books in. `tradeable` pairs (approved identical) get engine decisions; the others
    (related, implies) only need their books kept fresh for the spread monitor.
    """

    pair_id: int
    orientation: str
    tradeable: bool
    market_a: Any  # markets.models.Market (kept untyped: this module stays free of Django)
    market_b: Any
    leg_a: pricing.LegInput
    leg_b: pricing.LegInput


@dataclass
class PairDecision:
    """The engine's latest answer for one pair: every profitable direction, best first."""

    pair: PairWatch
    plans: list[pricing.Plan]
    # The books decided on (None only for "nothing" after a book was lost).
    book_a: BookSnapshot | None
    book_b: BookSnapshot | None
    decided_at: datetime


@dataclass(frozen=True)
class BasketWatch:
    """One basket as the stream sees it: its spec (members' leg templates) and the market rows
    of its members (for subscriptions and storing books)."""

    spec: BasketSpec
    markets: tuple[Any, ...]  # markets.models.Market


@dataclass
class BasketLiveDecision:
    """The engine's latest answer for one basket (decision None: "nothing", a book was lost or
    an outcome has no usable book; decision.plan None: nothing profitable)."""

    basket: BasketWatch
    decision: BasketDecision | None
    decided_at: datetime


@dataclass
class Batch:
    """What to write in one flush: changed books per market id, decisions per pair id and per
    basket key."""

    books: dict[int, tuple[Any, BookSnapshot]] = field(default_factory=dict)
    decisions: dict[int, PairDecision] = field(default_factory=dict)
    basket_decisions: dict[str, BasketLiveDecision] = field(default_factory=dict)
    messages: int = 0

    def __bool__(self) -> bool:
        return bool(self.books or self.decisions or self.basket_decisions)


class StreamProcessor:
    """Latest books of every watched market and the engine run on each change.

    `budget` caps each plan's capital (Decimal dollars) and `max_slippage` (None: no cap) each
    leg's worst price above its best, as in the scan. `clock` must be the feeds' clock: a
    change's latency is clock() after the decision minus the frame's received_at. A pair's
    decision goes into the batch when it changed, or every `refresh_s` (keeps last_seen fresh).
    A changed book is stored at most once per `store_interval_s` per market (the latest state;
    every change is still decided at once), and always with a decision that uses it.
    """

    def __init__(
        self, *, budget: Decimal, clock: Callable[[], float] = time.monotonic,
        now: Callable[[], datetime] = lambda: datetime.now(UTC), refresh_s: float = 5.0,
        store_interval_s: float = 1.0, max_slippage: Decimal | None = None,
    ) -> None:
        self.budget = budget
        self.max_slippage = max_slippage
        self.clock = clock
        self.now = now
        self.pairs: dict[int, PairWatch] = {}
        # (venue slug, market external id) -> the market row and the pairs it is part of.
        self.markets: dict[tuple[str, str], Any] = {}
        self.pairs_by_market: dict[int, list[PairWatch]] = {}
        self.baskets: dict[str, BasketWatch] = {}
        self.baskets_by_market: dict[int, list[BasketWatch]] = {}
        self.current: dict[int, BookSnapshot] = {}
        self.batch = Batch()
        self.latencies_s: deque[float] = deque(maxlen=LATENCY_SAMPLES)
        self.refresh_s = refresh_s
        # pair id -> (signature of the last decision put in a batch, clock time it was put).
        self._written: dict[int, tuple[tuple[Any, ...], float]] = {}
        self._basket_written: dict[str, tuple[Any, float]] = {}
        self.store_interval_s = store_interval_s
        # Markets whose book changed since it was last put in a batch, and when that was.
        self._dirty: dict[int, Any] = {}
        self._stored_at: dict[int, float] = {}
        self.changes = 0
        self.decisions = 0

    def set_pairs(self, pairs: Iterable[PairWatch], baskets: Iterable[BasketWatch] = ()) -> None:
        """Replace the watched pairs and baskets (books already held for still-watched markets
        are kept)."""
        self.pairs = {p.pair_id: p for p in pairs}
        self._written = {pid: w for pid, w in self._written.items() if pid in self.pairs}
        self.baskets = {b.spec.key: b for b in baskets}
        self._basket_written = {
            key: w for key, w in self._basket_written.items() if key in self.baskets
        }
        self.markets = {}
        self.pairs_by_market = {}
        self.baskets_by_market = {}
        for pair in self.pairs.values():
            for market in (pair.market_a, pair.market_b):
                self.markets[(market.platform.slug, market.external_id)] = market
                self.pairs_by_market.setdefault(market.id, []).append(pair)
        for basket in self.baskets.values():
            for market in basket.markets:
                self.markets[(market.platform.slug, market.external_id)] = market
                self.baskets_by_market.setdefault(market.id, []).append(basket)
        watched = {m.id: m for m in self.markets.values()}
        self.current = {mid: snap for mid, snap in self.current.items() if mid in watched}
        # Dirty books are stored through the fresh market rows (their latest_book is current).
        self._dirty = {mid: watched[mid] for mid in self._dirty if mid in watched}

    def market_ids_by_venue(self) -> dict[str, list[Any]]:
        """The watched markets grouped by venue slug."""
        grouped: dict[str, list[Any]] = {}
        for (slug, _), market in self.markets.items():
            grouped.setdefault(slug, []).append(market)
        return grouped

    def on_book(self, venue: str, external_id: str, book: LiveBook, received_at: float) -> None:
        """Feed listener: a streamed book changed."""
        self.book_changed(venue, external_id, book.snapshot(source="ws"), received_at)

    def book_changed(
        self, venue: str, external_id: str, snap: BookSnapshot, received_at: float
    ) -> None:
        """Record a market's new book and decide every tradeable pair it belongs to."""
        market = self.markets.get((venue, external_id))
        if market is None:
            return
        self.changes += 1
        self.batch.messages += 1
        self.current[market.id] = snap
        self._dirty[market.id] = market
        decided = False
        for pair in self.pairs_by_market.get(market.id, ()):
            if pair.tradeable and self.decide(pair):
                decided = True
        for basket in self.baskets_by_market.get(market.id, ()):
            if self.decide_basket(basket):
                decided = True
        if decided:
            self.latencies_s.append(self.clock() - received_at)

    def decide(self, pair: PairWatch) -> bool:
        """Run the engine for one pair on the books held now; False when a book is missing."""
        book_a = self.current.get(pair.market_a.id)
        book_b = self.current.get(pair.market_b.id)
        if book_a is None or book_b is None:
            return False
        now = self.now()
        try:
            found = pair_decision(
                replace(pair.leg_a, yes_bids=book_a.yes_bids, yes_asks=book_a.yes_asks),
                replace(pair.leg_b, yes_bids=book_b.yes_bids, yes_asks=book_b.yes_asks),
                orientation=pair.orientation, budget=self.budget, now=now,
                max_slippage=self.max_slippage,
            )
        except pricing.EngineInputError as exc:
            logger.warning("stream: pair %s not priceable: %s", pair.pair_id, exc)
            return False
        self.decisions += 1
        # Write a decision only when it differs from the last one written (most book changes
        # leave the plan as it was), or to refresh last_seen every refresh_s.
        signature = tuple(
            (p.direction, p.size, p.a.limit_price, p.b.limit_price, p.net_profit) for p in found
        )
        clock_now = self.clock()
        last = self._written.get(pair.pair_id)
        if last is None or last[0] != signature or clock_now - last[1] >= self.refresh_s:
            self._written[pair.pair_id] = (signature, clock_now)
            self.batch.decisions[pair.pair_id] = PairDecision(
                pair=pair, plans=found, book_a=book_a, book_b=book_b, decided_at=now
            )
        return True

    def decide_basket(self, basket: BasketWatch) -> bool:
        """Price one basket on the books held now; False when it cannot be bought whole (an
        open opportunity then closes: "nothing" goes into the batch if it was not already)."""
        now = self.now()
        try:
            decision = basket_decide(
                basket.spec, self.current, budget=self.budget, now=now,
                max_slippage=self.max_slippage,
            )
        except pricing.EngineInputError as exc:
            logger.warning("stream: basket %s not priceable: %s", basket.spec.key, exc)
            return False
        signature: Any = None
        if decision is not None and decision.plan is not None:
            legs = tuple((leg["market_id"], leg["limit_price"]) for leg in decision.legs)
            signature = (decision.plan.size, decision.plan.net_profit, legs)
        clock_now = self.clock()
        last = self._basket_written.get(basket.spec.key)
        if last is None or last[0] != signature or clock_now - last[1] >= self.refresh_s:
            self._basket_written[basket.spec.key] = (signature, clock_now)
            self.batch.basket_decisions[basket.spec.key] = BasketLiveDecision(
                basket=basket, decision=decision, decided_at=now
            )
        if decision is None:
            return False
        self.decisions += 1
        return True

    def forget_venue(self, venue: str) -> None:
        """Drop a venue's streamed books (its connection was lost) and decide "nothing" for
        the tradeable pairs that used them, so their open opportunities close. Polled books
        are kept; the venue's next snapshots or polls bring the rest back."""
        for (slug, external_id) in list(self.markets):
            if slug == venue:
                self._forget(venue, external_id)

    def forget_markets(self, venue: str, external_ids: Iterable[str]) -> bool:
        """Drop these markets' streamed books (the feed knows them out of sync: a gap, a delta
        that does not fit, a doubt) and decide "nothing" for their tradeable pairs, like a lost
        connection; the market's next snapshot brings its book back and decisions resume.
        True when a held book was dropped."""
        return any([self._forget(venue, external_id) for external_id in external_ids])

    def _forget(self, venue: str, external_id: str) -> bool:
        market = self.markets.get((venue, external_id))
        snap = self.current.get(market.id) if market is not None else None
        if market is None or snap is None or snap.source != "ws":
            return False
        now, clock_now = self.now(), self.clock()
        del self.current[market.id]
        self._dirty.pop(market.id, None)
        for pair in self.pairs_by_market.get(market.id, ()):
            if pair.tradeable:
                self._written[pair.pair_id] = ((), clock_now)
                self.batch.decisions[pair.pair_id] = PairDecision(
                    pair=pair, plans=[], book_a=None, book_b=None, decided_at=now
                )
        for basket in self.baskets_by_market.get(market.id, ()):
            # Re-priced without the lost book: an outcome offered on another venue survives.
            self.decide_basket(basket)
        return True

    def confirm(self, venue: str, books: Mapping[str, LiveBook]) -> None:
        """Add a venue's synced, watched books not stored lately to the batch: storing an
        unchanged book only moves its book_checked_at (the stream vouches for it)."""
        now = self.clock()
        for external_id, book in books.items():
            market = self.markets.get((venue, external_id))
            if market is None or not book.synced or market.id in self._dirty:
                continue
            if now - self._stored_at.get(market.id, float("-inf")) >= self.store_interval_s:
                self._stored_at[market.id] = now
                self.batch.books[market.id] = (market, book.snapshot(source="ws"))

    def take_batch(self, *, force: bool = False) -> Batch:
        """Hand over what is due since the last call and start a new batch.

        Due: every decision, the changed books of their markets, and other changed books not
        stored within store_interval_s (all changed books when `force`, e.g. at shutdown).
        """
        now = self.clock()
        batch, self.batch = self.batch, Batch()
        used = {m.id for d in batch.decisions.values() for m in (d.pair.market_a, d.pair.market_b)}
        used.update(m.id for d in batch.basket_decisions.values() for m in d.basket.markets)
        for market_id, market in list(self._dirty.items()):
            last = self._stored_at.get(market_id, float("-inf"))
            if force or market_id in used or now - last >= self.store_interval_s:
                batch.books[market_id] = (market, self.current[market_id])
                self._stored_at[market_id] = now
                del self._dirty[market_id]
        return batch

    @property
    def pending(self) -> int:
        return self.batch.messages


def percentile(samples: Iterable[float], q: float) -> float | None:
    """The q-quantile (0..1) of the samples by nearest rank; None when there are none."""
    ordered = sorted(samples)
    if not ordered:
        return None
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]
