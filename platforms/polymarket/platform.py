"""PolymarketPlatform: the Platform interface over Gamma, the CLOB (V2 orders) and the Data API.

Reconciliation without a client order id
-----------------------------------------
Polymarket orders carry no client order id, but the venue's order id *is* the EIP-712 hash of the
signed order, which we compute before sending. `place_order` therefore:

1. signs the order and computes its hash (`prepare_order`; the salt is derived from our
   client_order_id so the link is reproducible),
2. records client_order_id -> order hash in the order journal *before* the POST,
3. sends once. If the answer is lost or unusable (timeout, dropped connection, 500/502/504,
   an unreadable 2xx) it raises OrderTimeout carrying `venue_order_id` = the hash, and
   `get_order(client_order_id=...)` looks the hash up in the journal and asks
   GET /data/order/{hash}: an order the venue never received is "no such order" (None).
   425 (engine restarting) and 503 (trading disabled) are clear refusals: PlatformUnavailable.

The default journal lives in process memory. A caller that must survive a restart between send
and reconcile persists `prepare_order(...).order_hash` itself (or `order_hash_for(...)`) and feeds
it back with `remember_order_hash` (or passes venue_order_id). A client id unknown to the journal
raises PlatformError rather than answer "not placed": that answer could cause a double order.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from platforms.base import (
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
    OrderStatus,
    OrderTimeout,
    Outcome,
    Platform,
    PlatformError,
    PlatformUnavailable,
    PositionData,
    TimeInForce,
)
from platforms.polymarket import orders
from platforms.polymarket.client import RESULTS_BATCH, Credentials, PolymarketClient
from platforms.polymarket.parse import (
    PLATFORM,
    gamma_skip_reason,
    gamma_token_ids,
    parse_book,
    parse_gamma_market,
    parse_gamma_result,
)
from pricing.fees import polymarket_fee

logger = logging.getLogger(__name__)

ACCEPTED_STATUSES = frozenset({"live", "matched", "delayed"})
ORDER_TYPE_BY_TIF = {TimeInForce.IOC: "FAK", TimeInForce.FOK: "FOK", TimeInForce.GTC: "GTC"}
BASE_UNIT = Decimal(10) ** orders.COLLATERAL_DECIMALS
JOURNAL_MAX = 100_000

# Error messages of 2xx rejections -> short codes (polymarket-client `_ERROR_MSG_TO_CODE`).
_REJECT_CODES = {
    "order couldn't be fully filled. FOK orders are fully filled or killed.": "fok_not_filled",
    "no orders found to match with FAK order. FAK orders are partially filled or killed if no "
    "match is found.": "fak_not_filled",
    "the market is not yet ready to process new orders": "market_not_ready",
    "invalid post-only order: order crosses book": "post_only_would_cross",
}


class MemoryOrderJournal:
    """client_order_id -> order hash, bounded, thread-safe (see the module docstring)."""

    def __init__(self, max_entries: int = JOURNAL_MAX) -> None:
        self._entries: OrderedDict[str, str] = OrderedDict()
        self._max = max_entries
        self._lock = threading.Lock()

    def record(self, client_order_id: str, order_hash: str) -> None:
        with self._lock:
            self._entries[client_order_id] = order_hash
            self._entries.move_to_end(client_order_id)
            while len(self._entries) > self._max:
                self._entries.popitem(last=False)

    def lookup(self, client_order_id: str) -> str | None:
        with self._lock:
            return self._entries.get(client_order_id)

    def client_order_id_for(self, order_hash: str) -> str:
        """Our client order id of an order hash this process sent ("" if unknown)."""
        with self._lock:
            for client_order_id, known_hash in reversed(self._entries.items()):
                if known_hash == order_hash:
                    return client_order_id
        return ""


class PolymarketPlatform(Platform):
    """Polymarket (international CLOB). pair_side "b"."""

    slug = "polymarket"
    display_name = "Polymarket"
    pair_side = "b"

    def __init__(
        self, *, client: PolymarketClient, credentials: Credentials | None = None,
        clock: Callable[[], float] = time.time, journal: MemoryOrderJournal | None = None,
    ) -> None:
        super().__init__()
        self.client = client
        self.credentials = credentials
        self.clock = clock
        self.journal = journal or MemoryOrderJournal()
        # Orders signed ahead of sending (venue_order_id_before_send), by client order id, so the
        # order sent is exactly the one whose hash the caller journaled.
        self._prepared: dict[str, orders.SignedOrder] = {}
        self.address = ""
        if credentials is not None:
            from eth_account import Account

            try:
                self.address = Account.from_key(credentials.private_key).address
            except (ValueError, TypeError):
                # `from None`: the original exception's text can contain the key itself.
                raise AuthError(f"{PLATFORM}: POLYMARKET_PRIVATE_KEY is not a valid key",
                                platform=PLATFORM) from None
        client.credentials = credentials
        client.address = self.address
        # token id -> (condition id, outcome) for tokens we traded or looked up (fills need it).
        self._token_sides: dict[str, tuple[str, Outcome]] = {}

    # --- market data ---------------------------------------------------------------------------
    def iter_markets(self, since: datetime | None = None) -> Iterator[MarketData]:
        """Every open, tradeable binary market (neg-risk legs included), paging to the end.

        `since` is ignored: Gamma's keyset listing has no updated-after filter, and a full pass
        is what lets catalog_sync close markets that vanished.
        """
        for page in self.client.iter_market_pages():
            self.sync_stats.pages += 1
            for raw in page:
                self.sync_stats.markets += 1
                try:
                    market = parse_gamma_market(raw)
                except BadResponse as exc:
                    self.sync_stats.skip(f"malformed:{exc.field}")
                    logger.info("polymarket: skipping malformed market: %s", exc)
                    continue
                if market is None:
                    self.sync_stats.skip(gamma_skip_reason(raw) or "unknown")
                    continue
                yield market

    def get_books(self, markets: Sequence[MarketRef]) -> dict[str, BookSnapshot]:
        """YES-token books (POST /books, ≤ 500 per request) keyed by condition id.

        A market without a YES token, or whose book is missing or malformed, is left out of
        the result (logged); one bad book never fails the batch.
        """
        by_token = {m.yes_token_id: m for m in markets if m.yes_token_id}
        books: dict[str, BookSnapshot] = {}
        for raw in self.client.books(list(by_token)):
            ref = by_token.get(str(raw.get("asset_id"))) if isinstance(raw, dict) else None
            if ref is None:
                continue
            try:
                books[ref.external_id] = parse_book(raw, market_external_id=ref.external_id)
            except BadResponse as exc:
                logger.warning("polymarket: bad book for %s: %s", ref.external_id, exc)
        return books

    def get_book(self, market: MarketRef) -> BookSnapshot:
        """One market's YES-token book via GET /book."""
        raw = self.client.book(market.yes_token_id)
        return parse_book(raw, market_external_id=market.external_id)

    def get_results(self, markets: Sequence[MarketRef]) -> dict[str, MarketResult]:
        """Settlement state of these markets (Gamma /markets by condition id, closed=true).

        A market that is not closed yet is absent (nothing is final about it); a malformed one
        is left out (logged).
        """
        ids = list(dict.fromkeys(m.external_id for m in markets))
        results: dict[str, MarketResult] = {}
        for start in range(0, len(ids), RESULTS_BATCH):
            for raw in self.client.closed_markets_by_condition_ids(ids[start:start + RESULTS_BATCH]):
                try:
                    result = parse_gamma_result(raw)
                except BadResponse as exc:
                    logger.warning("polymarket: skipping a market result: %s", exc)
                    continue
                results[result.market_external_id] = result
        return results

    # --- trading -------------------------------------------------------------------------------
    @property
    def has_credentials(self) -> bool:
        return self.credentials is not None

    def _require_credentials(self) -> Credentials:
        if self.credentials is None:
            raise AuthError(f"{PLATFORM}: trading is not configured", platform=PLATFORM)
        return self.credentials

    def prepare_order(self, intent: OrderIntent) -> orders.SignedOrder:
        """Sign `intent` as a CLOB V2 limit order; its `order_hash` is the venue order id.

        Buying NO is BUYing the NO token at the NO price: intent.token_id must be the token of
        intent.outcome (MarketData.yes_token_id / no_token_id).
        """
        creds = self._require_credentials()
        if not intent.token_id:
            raise OrderRejected(f"{PLATFORM}: intent has no token id", code="bad_intent",
                                platform=PLATFORM)
        try:
            unsigned = orders.build_order(
                signer_address=self.address, funder=creds.funder,
                signature_type=creds.signature_type, token_id=intent.token_id,
                side="BUY" if intent.action is Action.BUY else "SELL", price=intent.price,
                size=intent.size, tick_size=intent.tick_size, neg_risk=intent.neg_risk,
                salt=_salt_for(intent.client_order_id), timestamp_ms=int(self.clock() * 1000),
            )
        except orders.OrderBuildError as exc:
            raise OrderRejected(f"{PLATFORM}: {exc}", code="bad_intent",
                                platform=PLATFORM) from exc
        self._token_sides[intent.token_id] = (intent.market_external_id, intent.outcome)
        return orders.sign_order(unsigned, private_key=creds.private_key)

    def order_hash_for(self, client_order_id: str) -> str | None:
        return self.journal.lookup(client_order_id)

    def remember_order_hash(self, client_order_id: str, order_hash: str) -> None:
        self.journal.record(client_order_id, order_hash)

    def venue_order_id_before_send(self, intent: OrderIntent) -> str:
        """Sign now and return the order hash (the venue order id) for the caller's journal."""
        signed = self.prepare_order(intent)
        self._prepared[intent.client_order_id] = signed
        self.journal.record(intent.client_order_id, signed.order_hash)
        return signed.order_hash

    def place_order(self, intent: OrderIntent) -> OrderResult:
        """Sign, journal the order hash, send once. IOC -> FAK, FOK -> FOK, GTC -> GTC."""
        creds = self._require_credentials()
        signed = self._prepared.pop(intent.client_order_id, None) or self.prepare_order(intent)
        self.journal.record(intent.client_order_id, signed.order_hash)
        body = orders.order_body(signed, owner_api_key=creds.api_key,
                                 order_type=ORDER_TYPE_BY_TIF[intent.time_in_force])
        try:
            answer = self.client.post_order(body)
        except OrderTimeout as exc:
            exc.venue_order_id = signed.order_hash  # type: ignore[attr-defined]
            raise
        except (BadResponse, PlatformUnavailable) as exc:
            # 425 (engine restarting) and 503 (trading disabled / cancel-only) refuse the order
            # outright. A 2xx we cannot read, or a 500/502/504 from the edge, may hide an order
            # that was placed: same contract as a timeout, reconcile by the hash.
            if isinstance(exc, PlatformUnavailable) and exc.status in (425, 503):
                raise
            timeout = OrderTimeout(f"{PLATFORM}: order answer unusable ({exc}); reconcile "
                                   f"order {signed.order_hash}", platform=PLATFORM,
                                   status=exc.status)
            timeout.venue_order_id = signed.order_hash  # type: ignore[attr-defined]
            raise timeout from exc
        return self._order_result_from_post(intent, signed, answer)

    def _order_result_from_post(
        self, intent: OrderIntent, signed: orders.SignedOrder, answer: Any
    ) -> OrderResult:
        if not isinstance(answer, dict):
            timeout = OrderTimeout(f"{PLATFORM}: order answer is not an object; reconcile "
                                   f"order {signed.order_hash}", platform=PLATFORM)
            timeout.venue_order_id = signed.order_hash  # type: ignore[attr-defined]
            raise timeout
        error_msg = str(answer.get("errorMsg") or "")
        order_id = str(answer.get("orderID") or "")
        status = str(answer.get("status") or "")
        if not (answer.get("success") is True and not error_msg and order_id
                and status in ACCEPTED_STATUSES):
            message = error_msg or f"order not accepted (status {status!r})"
            raise OrderRejected(f"{PLATFORM}: {message}", platform=PLATFORM,
                                code=_REJECT_CODES.get(error_msg, status or "rejected"))
        if order_id.lower() != signed.order_hash:
            # Our hash recipe disagrees with the venue: keep the venue's id for reconciliation.
            logger.warning("polymarket: venue order id differs from the computed order hash")
            self.journal.record(intent.client_order_id, order_id)
        size = Decimal(signed.order.taker_amount if intent.action is Action.BUY
                       else signed.order.maker_amount) / BASE_UNIT
        making = _amount(answer.get("makingAmount"), "makingAmount")
        taking = _amount(answer.get("takingAmount"), "takingAmount")
        notional = size * intent.price
        if intent.action is Action.BUY:
            filled, paid = _units(taking, size), _units(making, notional)
        else:
            filled, paid = _units(making, size), _units(taking, notional)
        filled = min(filled, size)
        # "live"/"delayed": the venue still holds the order. That includes FAK/FOK orders held
        # for delayed matching (sports markets; clob-client#317): they can still fill, so the
        # caller must poll get_order. "matched": a GTC remainder rests, a FAK remainder is gone.
        still_open = status != "matched" or intent.time_in_force is TimeInForce.GTC
        if filled >= size:
            state = OrderStatus.FILLED
        elif filled > 0:
            state = OrderStatus.PARTIAL
        elif still_open:
            state = OrderStatus.RESTING
        else:
            state = OrderStatus.CANCELED
        return OrderResult(
            client_order_id=intent.client_order_id, venue_order_id=order_id, status=state,
            filled_size=filled, average_price=(paid / filled) if filled > 0 else None,
            remaining_size=(size - filled) if still_open else ZERO,
            message="fee is charged per trade: see list_fills", raw_status=status,
        )

    def get_order(
        self, *, client_order_id: str = "", venue_order_id: str = "", market_external_id: str = ""
    ) -> OrderResult | None:
        """Look an order up by venue id (the order hash) or by our client id via the journal."""
        self._require_credentials()
        order_id = venue_order_id or self.journal.lookup(client_order_id) or ""
        if not order_id:
            raise PlatformError(
                f"{PLATFORM}: no order hash known for client order {client_order_id!r}; pass "
                "venue_order_id (persist prepare_order().order_hash before sending)",
                platform=PLATFORM,
            )
        try:
            raw = self.client.get_order(order_id)
        except BadResponse as exc:
            if exc.status == 404:
                return None
            raise
        if not raw:
            return None
        if not isinstance(raw, dict):
            raise BadResponse(f"{PLATFORM}: order is not an object", field="order",
                              platform=PLATFORM)
        return _order_result_from_open_order(raw, client_order_id=client_order_id)

    def cancel_order(self, venue_order_id: str, *, market_external_id: str = "") -> None:
        """DELETE /order. Raises OrderRejected with the venue's reason if it was not cancelled."""
        self._require_credentials()
        answer = self.client.cancel_order(venue_order_id)
        not_canceled = answer.get("not_canceled") if isinstance(answer, dict) else None
        if isinstance(not_canceled, dict) and venue_order_id in not_canceled:
            raise OrderRejected(f"{PLATFORM}: cancel refused: {not_canceled[venue_order_id]}",
                                code="not_canceled", platform=PLATFORM)

    def list_fills(self, since: datetime | None = None) -> list[FillData]:
        """Our fills from GET /data/trades (taker side, and our maker orders in others' trades).

        The fee is computed from the trade's fee_rate_bps with Polymarket's formula (makers pay
        nothing); trades in FAILED state are left out.
        """
        creds = self._require_credentials()
        after_s = int(since.timestamp()) if since else None
        fills: list[FillData] = []
        ours = {creds.funder.lower(), self.address.lower()} - {""}
        for trade in self.client.iter_trades(after_s=after_s):
            try:
                fills.extend(self._fills_from_trade(trade, ours=ours, api_key=creds.api_key))
            except (KeyError, TypeError, ValueError, InvalidOperation) as exc:
                raise BadResponse(f"{PLATFORM}: malformed trade", field="trades",
                                  platform=PLATFORM) from exc
        return fills

    def _fills_from_trade(
        self, trade: dict[str, Any], *, ours: set[str], api_key: str
    ) -> list[FillData]:
        if trade.get("status") == "FAILED":
            return []
        ts = _parse_time(trade.get("match_time"))
        rate = Decimal(str(trade.get("fee_rate_bps") or 0)) / 10_000
        legs: list[tuple[str, str, str, Decimal, Decimal, bool]] = []
        if trade.get("trader_side") == "TAKER":
            legs.append((str(trade["taker_order_id"]), str(trade["asset_id"]), str(trade["side"]),
                         Decimal(str(trade["price"])), Decimal(str(trade["size"])), False))
        for maker in trade.get("maker_orders") or []:
            if str(maker.get("maker_address", "")).lower() in ours or maker.get("owner") == api_key:
                legs.append((str(maker["order_id"]), str(maker["asset_id"]), str(maker["side"]),
                             Decimal(str(maker["price"])), Decimal(str(maker["matched_amount"])),
                             True))
        fills = []
        for index, (order_id, token, side, price, size, maker) in enumerate(legs):
            market, outcome = self._token_side(token, str(trade.get("market", "")))
            fills.append(FillData(
                venue_fill_id=f"{trade['id']}:{index}" if index else str(trade["id"]),
                venue_order_id=order_id, market_external_id=market, outcome=outcome,
                action=Action.BUY if side == "BUY" else Action.SELL, price=price, size=size,
                fee=polymarket_fee(price=price, size=size, rate=rate, maker=maker), ts=ts,
                # Trades carry no client id; orders this process sent are known by their hash.
                client_order_id=self.journal.client_order_id_for(order_id),
            ))
        return fills

    def _token_side(self, token_id: str, condition_id: str) -> tuple[str, Outcome]:
        """Which market and outcome a token is: from our own orders, else one Gamma lookup."""
        known = self._token_sides.get(token_id)
        if known is not None:
            return known
        raw_markets = self.client.markets_by_token(token_id)
        for raw in raw_markets:
            try:
                tokens = gamma_token_ids(raw)
            except BadResponse:
                continue
            if token_id in tokens:
                side = (str(raw.get("conditionId", condition_id)).lower(),
                        Outcome.YES if tokens[0] == token_id else Outcome.NO)
                self._token_sides[token_id] = side
                return side
        raise BadResponse(f"{PLATFORM}: cannot tell which outcome token {token_id[:12]}... is",
                          field="asset_id", platform=PLATFORM)

    def get_positions(self) -> list[PositionData]:
        """Open positions of the trading wallet (Data API v2), outcome by outcome_index."""
        creds = self._require_credentials()
        wallet = creds.funder if creds.signature_type != 0 else self.address
        positions = []
        for row in self.client.iter_positions(user=wallet):
            try:
                size = Decimal(str(row["current_size"]))
                index = int(row["outcome_index"])
                condition_id = str(row["condition_id"]).lower()
            except (KeyError, TypeError, ValueError, InvalidOperation) as exc:
                raise BadResponse(f"{PLATFORM}: malformed position", field="positions",
                                  platform=PLATFORM) from exc
            if size > 0 and index in (0, 1):
                positions.append(PositionData(
                    market_external_id=condition_id,
                    outcome=Outcome.YES if index == 0 else Outcome.NO, size=size,
                ))
        return positions

    def get_balance(self) -> Decimal:
        """pUSD balance of the trading wallet, from /balance-allowance (6-decimal base units)."""
        self._require_credentials()
        raw = self.client.balance_allowance()
        try:
            return Decimal(int(str(raw["balance"]))) / BASE_UNIT
        except (KeyError, TypeError, ValueError) as exc:
            raise BadResponse(f"{PLATFORM}: malformed balance", field="balance",
                              platform=PLATFORM) from exc

    def close(self) -> None:
        self.client.close()


# --- helpers ----------------------------------------------------------------------------------
def _salt_for(client_order_id: str) -> int:
    """A 53-bit salt derived from our client order id (reproducible link to the order hash)."""
    digest = hashlib.blake2b(client_order_id.encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") >> 11


def _amount(value: Any, field: str) -> Decimal:
    if value in (None, ""):
        return ZERO
    try:
        return Decimal(str(value))
    except InvalidOperation as exc:
        raise BadResponse(f"{PLATFORM}: {field} is not a number", field=field,
                          platform=PLATFORM) from exc


def _units(value: Decimal, expected_max: Decimal) -> Decimal:
    """makingAmount/takingAmount in whole units. The docs example shows 6-decimal base units,
    SDK models read decimals: a value far above what the order could trade must be base units."""
    if expected_max > 0 and value > expected_max * 2:
        return value / BASE_UNIT
    return value


def _parse_time(value: Any) -> datetime | None:
    if value in (None, ""):
        return None
    text = str(value)
    if text.isdigit():
        seconds = int(text)
        return datetime.fromtimestamp(seconds / 1000 if seconds > 10**11 else seconds, tz=UTC)
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


_OPEN_ORDER_STATES = {
    "LIVE": OrderStatus.RESTING, "DELAYED": OrderStatus.RESTING, "UNMATCHED": OrderStatus.RESTING,
    "MATCHED": OrderStatus.FILLED, "CANCELED": OrderStatus.CANCELED,
    "CANCELLED": OrderStatus.CANCELED, "CANCELED_MARKET_RESOLVED": OrderStatus.CANCELED,
    "INVALID": OrderStatus.REJECTED,
}


def _order_result_from_open_order(raw: dict[str, Any], *, client_order_id: str) -> OrderResult:
    """GET /data/order/{id} -> OrderResult (sizes are decimal shares, status upper-case)."""
    try:
        original = Decimal(str(raw["original_size"]))
        matched = Decimal(str(raw.get("size_matched") or 0))
        price = Decimal(str(raw["price"]))
        raw_status = str(raw["status"]).upper()
    except (KeyError, InvalidOperation) as exc:
        raise BadResponse(f"{PLATFORM}: malformed order", field="order",
                          platform=PLATFORM) from exc
    state = _OPEN_ORDER_STATES.get(raw_status)
    if state is None:
        raise BadResponse(f"{PLATFORM}: unknown order status {raw_status!r}", field="status",
                          platform=PLATFORM)
    live = state is OrderStatus.RESTING
    if matched >= original > 0:
        state = OrderStatus.FILLED
    elif matched > 0:
        state = OrderStatus.PARTIAL
    return OrderResult(
        client_order_id=client_order_id, venue_order_id=str(raw.get("id", "")), status=state,
        filled_size=matched, average_price=price if matched > 0 else None,
        remaining_size=(original - matched) if live else ZERO, raw_status=raw_status,
    )


def build() -> PolymarketPlatform:
    """The registry factory: reads POLYMARKET_* settings; trading is on only with all keys."""
    from django.conf import settings

    credentials = None
    if all((settings.POLYMARKET_PRIVATE_KEY, settings.POLYMARKET_API_KEY,
            settings.POLYMARKET_API_SECRET, settings.POLYMARKET_API_PASSPHRASE)):
        credentials = Credentials(
            private_key=settings.POLYMARKET_PRIVATE_KEY, api_key=settings.POLYMARKET_API_KEY,
            api_secret=settings.POLYMARKET_API_SECRET,
            api_passphrase=settings.POLYMARKET_API_PASSPHRASE,
            funder=settings.POLYMARKET_FUNDER,
            signature_type=int(settings.POLYMARKET_SIGNATURE_TYPE),
        )
    client = PolymarketClient(
        gamma_url=settings.POLYMARKET_GAMMA_URL, clob_url=settings.POLYMARKET_CLOB_URL,
        data_url=getattr(settings, "POLYMARKET_DATA_URL", "https://data-api.polymarket.com"),
        timeout_s=float(settings.EVENTSARB_HTTP_TIMEOUT_S),
    )
    return PolymarketPlatform(client=client, credentials=credentials)
