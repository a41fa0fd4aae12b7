"""Where orders go: the paper executor (simulated fills on real books) or the live venues.

Both expose the same four operations to the state machine, so paper mode runs the very same code
path as live. Executors never retry a placement: a failed call raises, and the caller looks the
order up by its client order id.
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal
from typing import Any, Protocol

from django.conf import settings
from django.utils import timezone

from markets.models import Market, OrderBook
from platforms.base import (
    ONE,
    Action,
    MarketRef,
    OrderIntent,
    OrderResult,
    OrderStatus,
    Outcome,
    PlatformError,
    TimeInForce,
)
from platforms.registry import get_platform
from pricing.fees import Fee
from pricing.levels import levels_from_json
from trading import plan
from trading.models import Order, TradingMode


@dataclass(frozen=True, slots=True)
class BookView:
    """A market's book as an executor sees it now, in the YES view, best first."""

    book_id: int | None
    yes_bids: tuple[plan.Level, ...]
    yes_asks: tuple[plan.Level, ...]
    checked_at: datetime | None


def market_fee(market: Market, price: Decimal, size: Decimal) -> Decimal:
    """The venue's taker fee for `size` contracts of this market at `price`, in dollars."""
    return Fee.from_json(market.fee_params).amount(price=price, size=size)


def market_order_fee(market: Market, fills: list[tuple[Decimal, Decimal]]) -> Decimal:
    """The venue's taker fee for one order filled at several (price, size) levels, in dollars.

    The same per-level formulas (and rounding) the arbitrage engine prices with.
    """
    return Fee.from_json(market.fee_params).order_fee(fills)


# Stored books are immutable rows (a changed book is a new row), so their parsed levels can be
# cached by id; only the market's pointer to its latest book is re-read each time.
_BOOK_CACHE_SIZE = 512
_book_cache: dict[int, tuple[tuple[plan.Level, ...], tuple[plan.Level, ...], datetime]] = {}
_book_cache_lock = threading.Lock()


def stored_book(market: Market, *, reread: bool = True) -> BookView:
    """The market's latest stored book.

    With `reread` the market's book pointer is read again (the engine may have stored a newer
    book since `market` was loaded); without it, `market` must have been loaded just now.
    """
    row: Any = {"latest_book_id": market.latest_book_id, "book_checked_at": market.book_checked_at}
    if reread:
        row = (
            Market.objects.filter(id=market.id).values("latest_book_id", "book_checked_at").first()
        ) or {}
    book_id = row.get("latest_book_id")
    if book_id is None:
        return BookView(book_id=None, yes_bids=(), yes_asks=(), checked_at=None)
    with _book_cache_lock:
        cached = _book_cache.get(book_id)
    if cached is None:
        book = OrderBook.objects.filter(id=book_id).first()
        if book is None:
            return BookView(book_id=None, yes_bids=(), yes_asks=(), checked_at=None)
        cached = (
            levels_from_json(book.yes_bids), levels_from_json(book.yes_asks), book.captured_at
        )
        with _book_cache_lock:
            if len(_book_cache) >= _BOOK_CACHE_SIZE:
                _book_cache.clear()
            _book_cache[book_id] = cached
    bids, asks, captured_at = cached
    return BookView(
        book_id=book_id, yes_bids=bids, yes_asks=asks,
        checked_at=row.get("book_checked_at") or captured_at,
    )


def market_intent(
    market: Market, *, client_order_id: str, outcome: str, action: str, price: Decimal,
    size: Decimal, time_in_force: str = TimeInForce.IOC.value, with_fee: bool = True,
) -> OrderIntent:
    """A venue intent on `market`, with the market's tick, minimum and fee schedule.

    The market's minimum and fee go with it so a venue never falls back to its documented
    default minimum (Polymarket: 5 shares) or a fee-schedule lookup while an attempt waits.
    `with_fee=False` leaves the fee out (sizing needs none; parsing it is most of the cost).
    """
    side = Outcome(outcome)
    return OrderIntent(
        client_order_id=client_order_id, market_external_id=market.external_id, outcome=side,
        action=Action(action), price=price, size=size, time_in_force=TimeInForce(time_in_force),
        token_id=market.yes_token_id if side is Outcome.YES else market.no_token_id,
        tick_size=market.tick_size, neg_risk=bool((market.extra or {}).get("neg_risk", False)),
        min_order_size=market.min_order_size,
        fee=Fee.from_json(market.fee_params) if with_fee else None,
    )


def order_intent(order: Order) -> OrderIntent:
    """The venue intent of a journaled order (market_intent)."""
    return market_intent(
        order.market, client_order_id=order.client_order_id, outcome=order.outcome,
        action=order.action, price=order.limit_price, size=order.size,
        time_in_force=order.time_in_force,
    )


def venue_sendable_size(
    market: Market, *, outcome: str, action: str, limit_price: Decimal, size: Decimal,
    time_in_force: str = TimeInForce.IOC.value,
) -> Decimal:
    """What an order of `size` at `limit_price` would carry on the market's venue (no I/O).

    The venue client's own rule (Platform.sendable_size): a Polymarket FAK BUY at 0.53 trades
    whole shares, Kalshi counts step by 0.01. Raises OrderRejected (code "bad_intent") when such
    an order cannot be sent at all (below the venue's minimum, nothing left after rounding).
    The sizing intent carries no fee schedule: no venue's lot or minimum depends on it.
    """
    intent = market_intent(
        market, client_order_id="sizing", outcome=outcome, action=action, price=limit_price,
        size=size, time_in_force=time_in_force, with_fee=False,
    )
    return get_platform(market.platform.slug).sendable_size(intent)


class Executor(Protocol):
    mode: str

    def book(self, market: Market, *, reread: bool = True) -> BookView: ...

    def sendable_size(
        self, market: Market, *, outcome: str, action: str, limit_price: Decimal, size: Decimal
    ) -> Decimal: ...

    def place(self, order: Order) -> OrderResult: ...

    def lookup(self, order: Order) -> OrderResult | None: ...

    def cancel(self, order: Order) -> None: ...

    def balance(self, platform_slug: str, *, committed: Decimal) -> Decimal | None: ...


class PaperExecutor:
    """Fills against the latest stored real book with the venue's real fees; sends nothing.

    Depth taken by earlier paper orders is remembered per book id (and per price level), so two
    paper orders never both fill against the same contracts; a new stored book resets it. State
    is process-wide, like a venue's: use `paper_executor()` for the shared instance.
    """

    mode: str = TradingMode.PAPER.value

    def __init__(self) -> None:
        self._lock = threading.Lock()
        # market id -> (book id, {(side, price): consumed size})
        self._consumed: dict[int, tuple[int, dict[tuple[str, Decimal], Decimal]]] = {}
        self._orders: dict[str, OrderResult] = {}

    def _consumed_for(self, market_id: int, book_id: int | None) -> dict[tuple[str, Decimal], Decimal]:
        current = self._consumed.get(market_id)
        if book_id is None:
            return {}
        if current is None or current[0] != book_id:
            current = (book_id, {})
            self._consumed[market_id] = current
        return current[1]

    def book(self, market: Market, *, reread: bool = True) -> BookView:
        """The stored book less the depth earlier paper orders took (see stored_book)."""
        view = stored_book(market, reread=reread)
        with self._lock:
            used = self._consumed_for(market.id, view.book_id)
            return BookView(
                book_id=view.book_id, yes_bids=plan.levels_less_used(view.yes_bids, "bid", used),
                yes_asks=plan.levels_less_used(view.yes_asks, "ask", used),
                checked_at=view.checked_at,
            )

    def sendable_size(
        self, market: Market, *, outcome: str, action: str, limit_price: Decimal, size: Decimal
    ) -> Decimal:
        """The venue's own rule (venue_sendable_size): paper never promises a size live could
        not send."""
        return venue_sendable_size(
            market, outcome=outcome, action=action, limit_price=limit_price, size=size
        )

    def place(self, order: Order) -> OrderResult:
        view = stored_book(order.market)
        with self._lock:
            if order.client_order_id in self._orders:
                raise PlatformError(f"paper: duplicate client_order_id {order.client_order_id}")
            w = plan.paper_fill(
                yes_bids=view.yes_bids, yes_asks=view.yes_asks,
                used=self._consumed_for(order.market_id, view.book_id), outcome=order.outcome,
                buy=order.action == Action.BUY.value, size=order.size, limit=order.limit_price,
                fee=Fee.from_json(order.market.fee_params),
            )
            if w.filled >= order.size:
                status = OrderStatus.FILLED
            elif w.filled > 0:
                status = OrderStatus.PARTIAL
            else:
                status = OrderStatus.CANCELED
            result = OrderResult(
                client_order_id=order.client_order_id,
                venue_order_id="P-" + hashlib.blake2b(order.client_order_id.encode(), digest_size=8).hexdigest()[:16],
                status=status, filled_size=w.filled, average_price=w.average_price, fee_paid=w.fee,
                remaining_size=order.size - w.filled, raw_status=status.value,
            )
            self._orders[order.client_order_id] = result
        return result

    def lookup(self, order: Order) -> OrderResult | None:
        with self._lock:
            return self._orders.get(order.client_order_id)

    def cancel(self, order: Order) -> None:
        """Nothing to do: paper orders fill or are cancelled at once, never rest."""

    def balance(self, platform_slug: str, *, committed: Decimal) -> Decimal | None:
        """The paper starting balance less the capital `committed` to open paper positions."""
        return Decimal(str(settings.EVENTSARB_RISK_PAPER_BALANCE)) - committed

    def reset(self) -> None:
        """Forget paper orders and consumed depth (tests)."""
        with self._lock:
            self._consumed.clear()
            self._orders.clear()


class LiveExecutor:
    """Sends orders to the venues through platforms.registry (one client per venue per process)."""

    mode: str = TradingMode.LIVE.value

    def book(self, market: Market, *, reread: bool = True) -> BookView:
        """A fresh book from the venue; the stored one if the venue cannot be reached."""
        platform = get_platform(market.platform.slug)
        ref = MarketRef(
            external_id=market.external_id, yes_token_id=market.yes_token_id,
            no_token_id=market.no_token_id,
        )
        try:
            snap = platform.get_books([ref]).get(market.external_id)
        except PlatformError:
            snap = None
        if snap is None:
            return stored_book(market, reread=reread)
        return BookView(
            book_id=None, yes_bids=snap.yes_bids, yes_asks=snap.yes_asks, checked_at=timezone.now()
        )

    def sendable_size(
        self, market: Market, *, outcome: str, action: str, limit_price: Decimal, size: Decimal
    ) -> Decimal:
        """What the venue would carry (venue_sendable_size)."""
        return venue_sendable_size(
            market, outcome=outcome, action=action, limit_price=limit_price, size=size
        )

    def place(self, order: Order) -> OrderResult:
        intent = order_intent(order)
        platform = get_platform(order.platform_slug)
        # Write-ahead: where the venue's order id is known before sending (Polymarket's order
        # hash), journal it first, so a lost answer can be looked up even after a restart.
        expected_id = platform.venue_order_id_before_send(intent)
        if expected_id:
            Order.objects.filter(id=order.id).update(venue_order_id=expected_id)
            order.venue_order_id = expected_id
        return _with_fee(order, platform.place_order(intent))

    def lookup(self, order: Order) -> OrderResult | None:
        result = get_platform(order.platform_slug).get_order(
            client_order_id=order.client_order_id, venue_order_id=order.venue_order_id,
            market_external_id=order.market.external_id,
        )
        return None if result is None else _with_fee(order, _in_order_outcome(order, result))

    def cancel(self, order: Order) -> None:
        """Cancel a resting order by its journaled venue order id."""
        get_platform(order.platform_slug).cancel_order(
            order.venue_order_id, market_external_id=order.market.external_id
        )

    def balance(self, platform_slug: str, *, committed: Decimal) -> Decimal | None:
        """The venue's own figure (already net of what is committed); None if unreadable."""
        try:
            return get_platform(platform_slug).get_balance()
        except PlatformError:
            return None


def _in_order_outcome(order: Order, result: OrderResult) -> OrderResult:
    """The answer with its average price in the order's own outcome.

    A venue may report the other side: Kalshi cannot tell a YES sell from a NO buy, so a YES sell
    at 0.60 looked up later reads as NO at 0.40. Booking that price would corrupt P&L.
    """
    if result.outcome is None or result.outcome.value == order.outcome:
        return result
    average = None if result.average_price is None else ONE - result.average_price
    return replace(result, average_price=average, outcome=Outcome(order.outcome))


def _with_fee(order: Order, result: OrderResult) -> OrderResult:
    """The venue's answer with its taker fee filled in only where the answer had none.

    A venue that could not say what it charged (OrderResult.fee_known False: a Polymarket fill
    whose trades are not listed yet) gets the market's documented formula at the average price
    (market_fee); any fee the venue did report, a 0 included (a fee-free market), is kept.
    """
    if result.fee_known or result.filled_size <= 0 or result.average_price is None:
        return result
    fee = market_fee(order.market, result.average_price, result.filled_size)
    return replace(result, fee_paid=fee)


_paper = PaperExecutor()
_live = LiveExecutor()


def paper_executor() -> PaperExecutor:
    return _paper


def executor_for(mode: str) -> Executor:
    """The executor of a trading mode ("paper" or "live")."""
    if mode == TradingMode.LIVE:
        return _live
    if mode == TradingMode.PAPER:
        return _paper
    raise ValueError(f"no executor for trading mode {mode!r}")
