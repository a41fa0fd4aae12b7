"""KalshiPlatform: the Platform interface over Kalshi's Trade API v2.

Catalog sync (`iter_markets`) reads three listings and joins them in memory:

- `GET /series` once (a single unpaged response): fee_type, fee_multiplier, category and
  settlement sources per series;
- `GET /events?status=open` paged by 200, without nested markets: event title, series ticker
  and the event's fee overrides;
- `GET /markets?status=open&mve_filter=exclude` paged by 1000: the markets themselves.

Why not `/events?with_nested_markets=true` alone: /markets is the only listing that filters
markets (not events) by status and excludes combos server-side, and its pages are bounded at
1000 rows, while a nested event page carries every market of 200 events in any status. The
extra cost is about one event page per 200 events, plus one request per event or series the
listings missed (a market opened mid-sync), cached for the sync; never one request per market.

Trading uses the V2 order endpoints only. Kalshi quotes every order on the YES leg: buying YES
at q is a bid at q, buying NO at q an ask at 1 - q, selling YES at q an ask at q, selling NO
at q a bid at 1 - q.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from datetime import datetime
from decimal import ROUND_DOWN, Decimal
from typing import Any

import requests
from django.conf import settings

from platforms.base import (
    ONE,
    ZERO,
    Action,
    AuthError,
    BadResponse,
    BookSnapshot,
    FillData,
    MarketData,
    MarketRef,
    MarketResult,
    OrderIntent,
    OrderRejected,
    OrderResult,
    OrderTimeout,
    Outcome,
    Platform,
    PlatformUnavailable,
    PositionData,
    TimeInForce,
)
from platforms.http import HttpClient, RetryPolicy
from platforms.kalshi import parse
from platforms.kalshi.auth import KalshiSigner
from platforms.kalshi.client import (
    BASE_URLS,
    ORDERBOOKS_BATCH_MAX,
    RESULTS_TICKERS_MAX,
    KalshiClient,
)

logger = logging.getLogger(__name__)

PRICE_QUANTUM = Decimal("0.0001")  # prices carry up to 4 decimals on the wire
COUNT_QUANTUM = Decimal("0.01")  # counts are fixed-point with 2 decimals

_TIME_IN_FORCE = {
    TimeInForce.IOC: "immediate_or_cancel",
    TimeInForce.FOK: "fill_or_kill",
    TimeInForce.GTC: "good_till_canceled",
}


class AmbiguousOrderResponse(OrderTimeout, BadResponse):
    """An order request was answered with something unreadable (or a 5xx): it may exist.

    It is an OrderTimeout, so callers reconcile by client_order_id exactly as for a lost
    response, and a BadResponse naming the field that was wrong.
    """


def order_side_and_price(intent: OrderIntent) -> tuple[str, Decimal]:
    """The V2 (book side, YES-leg price) of an intent priced in its own outcome."""
    buys_yes_leg = (intent.outcome is Outcome.YES) == (intent.action is Action.BUY)
    yes_price = intent.price if intent.outcome is Outcome.YES else ONE - intent.price
    return ("bid" if buys_yes_leg else "ask"), yes_price


class KalshiPlatform(Platform):
    """Kalshi behind the Platform interface. See the module docstring for the sync strategy."""

    slug = "kalshi"
    display_name = "Kalshi"
    pair_side = "a"

    def __init__(
        self, *, base_url: str = BASE_URLS["prod"], signer: KalshiSigner | None = None,
        tier: str = "basic", timeout_s: float = 10.0, session: requests.Session | None = None,
        retry: RetryPolicy | None = None, sleep: Callable[[float], None] = time.sleep,
        self_trade_prevention: str = "taker_at_cross", signer_error: AuthError | None = None,
    ) -> None:
        super().__init__()
        self.http = HttpClient(platform=self.slug, base_url=base_url, session=session,
                               timeout_s=timeout_s, retry=retry, sleep=sleep)
        self.client = KalshiClient(http=self.http, signer=signer, tier=tier,
                                   signer_error=signer_error)
        self.self_trade_prevention = self_trade_prevention

    @property
    def has_credentials(self) -> bool:
        return self.client.signer is not None

    # --- catalog ----------------------------------------------------------------------------
    def iter_markets(self, since: datetime | None = None) -> Iterator[MarketData]:
        """Yield every open binary market (or, with `since`, every market updated since then).

        Pages /markets to the end; a malformed row is skipped and counted in sync_stats
        ("bad:<field>"), scalar and combo rows are counted as "not_binary"/"combo". Venue
        failures (after the GET retries) raise PlatformError subclasses.
        """
        series_by_ticker = self._series_by_ticker()
        events_by_ticker = self._open_events()
        missing_events: set[str] = set()
        cursor = ""
        seen_cursors: set[str] = set()
        min_updated_ts = int(since.timestamp()) if since is not None else None
        while True:
            rows, cursor = self.client.markets_page(cursor=cursor, min_updated_ts=min_updated_ts)
            self.sync_stats.pages += 1
            for row in rows:
                market = self._market_from_row(row, series_by_ticker, events_by_ticker,
                                               missing_events)
                if market is not None:
                    self.sync_stats.markets += 1
                    yield market
            if not cursor:
                return
            if cursor in seen_cursors:
                # A venue that hands back an old cursor would page forever (pmxt #13).
                raise BadResponse("kalshi: /markets repeated a cursor", field="cursor",
                                  platform=self.slug)
            seen_cursors.add(cursor)

    def _market_from_row(
        self, row: Any, series_by_ticker: dict[str, dict[str, Any] | None],
        events_by_ticker: dict[str, dict[str, Any] | None], missing_events: set[str],
    ) -> MarketData | None:
        try:
            event = None
            event_ticker = row.get("event_ticker") if isinstance(row, dict) else None
            if isinstance(event_ticker, str) and event_ticker:
                event = self._event(event_ticker, events_by_ticker, missing_events)
            series = None
            series_ticker = event.get("series_ticker") if event else None
            if isinstance(series_ticker, str) and series_ticker:
                series = self._series(series_ticker, series_by_ticker)
            market = parse.parse_market(row, series=series, event=event)
        except BadResponse as exc:
            logger.info("kalshi: skipping a market row: %s", exc)
            self.sync_stats.skip(f"bad:{exc.field or 'row'}")
            return None
        if market is None:
            self.sync_stats.skip("combo" if parse.is_combo(row) else "not_binary")
        return market

    def _series_by_ticker(self) -> dict[str, dict[str, Any] | None]:
        by_ticker: dict[str, dict[str, Any] | None] = {}
        for row in self.client.series_list():
            if isinstance(row, dict) and isinstance(row.get("ticker"), str):
                by_ticker[row["ticker"]] = row
            else:
                logger.warning("kalshi: ignoring a malformed series row")
        return by_ticker

    def _open_events(self) -> dict[str, dict[str, Any] | None]:
        by_ticker: dict[str, dict[str, Any] | None] = {}
        cursor = ""
        seen: set[str] = set()
        while True:
            rows, cursor = self.client.events_page(cursor=cursor)
            for row in rows:
                if isinstance(row, dict) and isinstance(row.get("event_ticker"), str):
                    by_ticker[row["event_ticker"]] = row
                else:
                    logger.warning("kalshi: ignoring a malformed event row")
            if not cursor:
                return by_ticker
            if cursor in seen:
                raise BadResponse("kalshi: /events repeated a cursor", field="cursor",
                                  platform=self.slug)
            seen.add(cursor)

    def _event(self, ticker: str, cache: dict[str, dict[str, Any] | None],
               missing: set[str]) -> dict[str, Any] | None:
        """The event from the bulk listing, else fetched once (None if Kalshi has none)."""
        if ticker in cache:
            return cache[ticker]
        if ticker in missing:
            return None
        missing.add(ticker)
        try:
            cache[ticker] = self.client.event(ticker)
        except BadResponse as exc:
            if exc.status != 404:
                raise
            cache[ticker] = None
        return cache[ticker]

    def _series(self, ticker: str, cache: dict[str, dict[str, Any] | None]) -> dict[str, Any] | None:
        if ticker not in cache:
            try:
                cache[ticker] = self.client.series(ticker)
            except BadResponse as exc:
                if exc.status != 404:
                    raise
                cache[ticker] = None
        return cache[ticker]

    # --- books ------------------------------------------------------------------------------
    def get_books(self, markets: Sequence[MarketRef]) -> dict[str, BookSnapshot]:
        """Books for the given markets, ≤100 tickers per GET /markets/orderbooks.

        A malformed entry is left out (logged); a missing ticker simply has no book.
        """
        tickers = list(dict.fromkeys(m.external_id for m in markets))
        books: dict[str, BookSnapshot] = {}
        for start in range(0, len(tickers), ORDERBOOKS_BATCH_MAX):
            for entry in self.client.orderbooks(tickers[start:start + ORDERBOOKS_BATCH_MAX]):
                try:
                    ticker = parse.required_text(parse.as_dict(entry, "orderbooks"), "ticker")
                    # A missing orderbook_fp is garbage, not an empty book (that would read as
                    # "no liquidity").
                    books[ticker] = parse.parse_orderbook(ticker, entry.get("orderbook_fp"))
                except BadResponse as exc:
                    logger.warning("kalshi: skipping a malformed book: %s", exc)
        return books

    def get_book(self, ticker: str, *, depth: int = 0) -> BookSnapshot:
        """One market's book (GET /markets/{ticker}/orderbook; depth 0 = all levels)."""
        return parse.parse_orderbook(ticker, self.client.orderbook(ticker, depth=depth))

    # --- results ----------------------------------------------------------------------------
    def get_results(self, markets: Sequence[MarketRef]) -> dict[str, MarketResult]:
        """Settlement state of these markets: GET /markets?tickers=, then /historical/markets
        for the ones not found there (settled before the historical cutoff).

        A malformed row is left out (logged); a ticker Kalshi knows in neither place is absent.
        """
        tickers = list(dict.fromkeys(m.external_id for m in markets))
        results: dict[str, MarketResult] = {}
        for historical in (False, True):
            missing = [t for t in tickers if t not in results]
            for start in range(0, len(missing), RESULTS_TICKERS_MAX):
                batch = missing[start:start + RESULTS_TICKERS_MAX]
                cursor, seen = "", set()
                while True:
                    rows, cursor = self.client.markets_by_tickers_page(
                        batch, cursor=cursor, historical=historical
                    )
                    for row in rows:
                        try:
                            result = parse.parse_result(row)
                        except BadResponse as exc:
                            logger.warning("kalshi: skipping a market result: %s", exc)
                            continue
                        results[result.market_external_id] = result
                    if not cursor or cursor in seen:
                        break
                    seen.add(cursor)
        return results

    # --- trading ----------------------------------------------------------------------------
    def sendable_size(self, intent: OrderIntent) -> Decimal:
        """The contracts an order for `intent` would carry: its size cut to whole cents.

        Kalshi counts are fixed-point with 2 decimals (order_request refuses anything finer), so
        10.051 contracts go out as 10.05. Raises OrderRejected (bad_intent) when nothing is left
        or the price is outside (0, 1).
        """
        count = intent.size.quantize(COUNT_QUANTUM, rounding=ROUND_DOWN)
        if count <= ZERO or not ZERO < intent.price < ONE:
            raise OrderRejected(
                f"kalshi: {intent.size} at {intent.price} cannot be sent (counts step by 0.01)",
                code="bad_intent", platform=self.slug,
            )
        return count

    def order_request(self, intent: OrderIntent) -> dict[str, Any]:
        """The CreateOrderV2Request body for an intent (validated; nothing is sent)."""
        side, yes_price = order_side_and_price(intent)
        if not ZERO < yes_price < ONE:
            raise OrderRejected(f"kalshi: price {intent.price} is not inside (0, 1)",
                                code="invalid_price", platform=self.slug)
        count = intent.size.quantize(COUNT_QUANTUM, rounding=ROUND_DOWN)
        if count <= ZERO or count != intent.size:
            raise OrderRejected(f"kalshi: size {intent.size} is not a positive multiple of 0.01",
                                code="invalid_order_size", platform=self.slug)
        price_text = yes_price.quantize(PRICE_QUANTUM)
        if price_text != yes_price:
            raise OrderRejected(f"kalshi: price {intent.price} has more than 4 decimals",
                                code="invalid_price", platform=self.slug)
        return {
            "ticker": intent.market_external_id,
            "client_order_id": intent.client_order_id,
            "side": side,
            "count": f"{count:.2f}",
            "price": f"{price_text:.4f}",
            "time_in_force": _TIME_IN_FORCE[intent.time_in_force],
            "self_trade_prevention_type": self.self_trade_prevention,
        }

    def place_order(self, intent: OrderIntent) -> OrderResult:
        """Send one order (never retried).

        Raises OrderRejected (4xx, or an intent Kalshi would refuse), OrderTimeout when there
        was no answer, and AmbiguousOrderResponse (an OrderTimeout) when the answer was a 5xx
        or unreadable: in both cases reconcile with get_order(client_order_id=...).
        """
        body = self.order_request(intent)
        try:
            raw = self.client.create_order(body)
            return parse.parse_create_response(
                raw, outcome=intent.outcome, requested=intent.size,
                immediate=intent.time_in_force is not TimeInForce.GTC,
            )
        except OrderTimeout:
            raise
        except BadResponse as exc:
            raise AmbiguousOrderResponse(
                f"kalshi: unreadable answer to order {intent.client_order_id}; it may have "
                f"been placed: {exc}", field=exc.field, platform=self.slug, status=exc.status,
            ) from exc
        except PlatformUnavailable as exc:
            raise AmbiguousOrderResponse(
                f"kalshi: order {intent.client_order_id} answered {exc.status}; it may have "
                "been placed", field="status", platform=self.slug, status=exc.status,
            ) from exc

    def get_order(
        self, *, client_order_id: str = "", venue_order_id: str = "", market_external_id: str = ""
    ) -> OrderResult | None:
        """Look an order up by venue id (GET /portfolio/orders/{id}) or by client_order_id.

        Kalshi has no client_order_id filter, so the lookup pages GET /portfolio/orders (for
        one market when `market_external_id` is given, which keeps it to a page or two) and
        matches locally. None when Kalshi has no such order.
        """
        if venue_order_id:
            try:
                return parse.parse_order(self.client.order(venue_order_id))
            except BadResponse as exc:
                if exc.status == 404:
                    return None
                raise
        if not client_order_id:
            raise ValueError("get_order needs client_order_id or venue_order_id")
        for row in self._iter_orders(ticker=market_external_id):
            if isinstance(row, dict) and row.get("client_order_id") == client_order_id:
                return parse.parse_order(row)
        return None

    def _iter_orders(self, *, ticker: str = "", min_ts: int | None = None) -> Iterator[Any]:
        cursor = ""
        seen: set[str] = set()
        while True:
            rows, cursor = self.client.orders_page(ticker=ticker, min_ts=min_ts, cursor=cursor)
            yield from rows
            if not cursor or cursor in seen:
                return
            seen.add(cursor)

    def cancel_order(self, venue_order_id: str, *, market_external_id: str = "") -> None:
        """Cancel the rest of a resting order (DELETE /portfolio/events/orders/{id})."""
        self.client.cancel_order(venue_order_id, market_ticker=market_external_id)

    def list_fills(self, since: datetime | None = None) -> list[FillData]:
        """Our fills (since a time, if given), oldest first, with client_order_id joined in.

        Fills stopped carrying client_order_id on 2026-03-30, so it is joined from our orders
        on order_id: one orders listing from `since`, then single lookups for older orders.
        """
        min_ts = int(since.timestamp()) if since is not None else None
        fills: list[FillData] = []
        cursor = ""
        seen: set[str] = set()
        while True:
            rows, cursor = self.client.fills_page(min_ts=min_ts, cursor=cursor)
            fills.extend(parse.parse_fill(row) for row in rows)
            if not cursor or cursor in seen:
                break
            seen.add(cursor)
        if not fills:
            return []
        client_ids = self._client_ids({f.venue_order_id for f in fills if not f.client_order_id},
                                      min_ts=min_ts)
        joined = [
            f if f.client_order_id else _with_client_id(f, client_ids.get(f.venue_order_id, ""))
            for f in fills
        ]
        return sorted(joined, key=lambda f: f.ts.timestamp() if f.ts else float("inf"))

    def _client_ids(self, order_ids: set[str], *, min_ts: int | None) -> dict[str, str]:
        found: dict[str, str] = {}
        if not order_ids:
            return found
        for row in self._iter_orders(min_ts=min_ts):
            if isinstance(row, dict) and row.get("order_id") in order_ids:
                found[row["order_id"]] = str(row.get("client_order_id") or "")
        for order_id in order_ids - found.keys():
            result = self.get_order(venue_order_id=order_id)
            if result is not None:
                found[order_id] = result.client_order_id
        return found

    def get_positions(self) -> list[PositionData]:
        """Non-zero market positions (GET /portfolio/positions, paged)."""
        positions: list[PositionData] = []
        cursor = ""
        seen: set[str] = set()
        while True:
            rows, cursor = self.client.positions_page(cursor=cursor)
            for row in rows:
                position = parse.parse_position(row)
                if position is not None:
                    positions.append(position)
            if not cursor or cursor in seen:
                return positions
            seen.add(cursor)

    def get_balance(self) -> Decimal:
        """Available balance in dollars (`balance_dollars`, exact to the sub-cent)."""
        return parse.parse_balance(self.client.balance())

    def close(self) -> None:
        self.http.close()


def _with_client_id(fill: FillData, client_order_id: str) -> FillData:
    return replace(fill, client_order_id=client_order_id)


def build() -> KalshiPlatform:
    """The registry's factory: a KalshiPlatform configured from settings.

    Keys come only from the environment (KALSHI_API_KEY_ID plus KALSHI_PRIVATE_KEY_PATH or
    KALSHI_PRIVATE_KEY_PEM); without them the public market data still works and trading
    calls raise AuthError.
    """
    env = str(getattr(settings, "KALSHI_ENV", "prod") or "prod").lower()
    base_url = getattr(settings, "KALSHI_BASE_URL", "") or BASE_URLS.get(env)
    if not base_url:
        raise ValueError(f"KALSHI_ENV must be one of {sorted(BASE_URLS)}, not {env!r}")
    key_id = getattr(settings, "KALSHI_API_KEY_ID", "")
    key_path = getattr(settings, "KALSHI_PRIVATE_KEY_PATH", "")
    key_pem = getattr(settings, "KALSHI_PRIVATE_KEY_PEM", "")
    signer, signer_error = None, None
    try:
        if key_pem:
            signer = KalshiSigner.from_pem(key_id=key_id, pem=key_pem)
        elif key_path:
            signer = KalshiSigner.from_path(key_id=key_id, path=key_path)
    except AuthError as exc:
        # A broken key must not stop the public market data: trading calls raise this error.
        logger.warning("kalshi: trading disabled: %s", exc)
        signer_error = exc
    return KalshiPlatform(
        base_url=base_url, signer=signer, signer_error=signer_error,
        tier=getattr(settings, "KALSHI_RATE_TIER", "basic") or "basic",
        timeout_s=float(getattr(settings, "EVENTSARB_HTTP_TIMEOUT_S", 10.0)),
    )
