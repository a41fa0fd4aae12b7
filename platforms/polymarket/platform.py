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

What an order traded
--------------------
Fills are booked from what the venue reports, never from what was asked: the POST answer's
makingAmount/takingAmount give the shares received and the pUSD paid (a FAK/FOK BUY spends its
whole pUSD amount and may receive more shares than asked: the surplus is booked too), and the
order's trades (GET /data/trades?id=) give the levels it matched, from which the fee is computed
with the trade's fee rate and the market's feeSchedule exponent. A looked-up order's average
price comes from its trades as well, not from its limit price.

Statuses come prefixed from the REST API ("TRADE_STATUS_FAILED", "ORDER_STATUS_LIVE") and bare
elsewhere; `venue_status` accepts both. A FAK/FOK the venue killed unfilled is CANCELED (it
reached the matching engine); a refused order (bad amounts, balance, ...) raises OrderRejected
(never placed); an order the venue does not know is None on lookup.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

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
    DEFAULT_MIN_SIZE,
    PLATFORM,
    gamma_skip_reason,
    gamma_token_ids,
    parse_book,
    parse_fee_schedule,
    parse_gamma_market,
    parse_gamma_result,
    venue_status,
)
from pricing.fees import Fee, polymarket_fee

logger = logging.getLogger(__name__)

# POST /order `status` of an accepted order (polymarket-client models/clob/order_response.py).
ACCEPTED_STATUSES = frozenset({"LIVE", "MATCHED", "DELAYED"})
ORDER_TYPE_BY_TIF = {TimeInForce.IOC: "FAK", TimeInForce.FOK: "FOK", TimeInForce.GTC: "GTC"}
BASE_UNIT = Decimal(10) ** orders.COLLATERAL_DECIMALS
JOURNAL_MAX = 100_000
# Sizes at or above this many shares in an order lookup are 6-decimal base units: the CLOB
# OpenAPI documents original_size/size_matched as "fixed-math with 6 decimals" ("100000000"),
# the current single-order page as decimal shares ("100", "do not divide by 1e6").
_BASE_UNIT_SIZE = Decimal(1_000_000)

# Venue error messages -> short codes (polymarket-client `_ERROR_MSG_TO_CODE`). They arrive in a
# 2xx body's errorMsg or a 4xx body's error (clob-client#68), so both paths use this table.
_REJECT_CODES = {
    "order couldn't be fully filled. FOK orders are fully filled or killed.": "fok_not_filled",
    "no orders found to match with FAK order. FAK orders are partially filled or killed if no "
    "match is found.": "fak_not_filled",
    "the market is not yet ready to process new orders": "market_not_ready",
    "invalid post-only order: order crosses book": "post_only_would_cross",
    "post-only mode: only post-only orders and cancels are allowed": "post_only_mode",
    "not enough balance / allowance": "not_enough_balance",
    "invalid amounts": "invalid_amounts",
    "breaks minimum tick size rule": "invalid_tick",
    "lower than the minimum": "below_min_size",
    "invalid amount for a marketable": "below_min_notional",
    "is invalid. Duplicated.": "duplicated",
}
# Killed by the matching engine with nothing filled: the order was received, not refused.
_KILLED_CODES = frozenset({"fok_not_filled", "fak_not_filled"})
# Order lookups: the statuses after which nothing more will fill (docs get-single-order-by-id,
# polymarket-client KnownUserOrderStatus; UNMATCHED ends a delayed order that did not match).
_OPEN_ORDER_STATUSES = frozenset({"LIVE", "DELAYED"})
_DONE_ORDER_STATUSES = frozenset({
    "MATCHED", "CANCELED", "CANCELLED", "UNMATCHED", "CANCELED_MARKET_RESOLVED",
    "CANCELED_NOT_ENOUGH_BALANCE", "CANCELED_MARKET_NOT_FOUND", "CANCELED_EXPIRED_ORDER",
    "CANCELED_ORDER_TIMED_OUT",
})
FAILED_TRADE = "FAILED"


def _reject_code(message: str) -> str:
    for text, code in _REJECT_CODES.items():
        if text in message:
            return code
    return ""


@dataclass(frozen=True)
class _Leg:
    """One of our fills in a trade: our order, the token, its outcome price, shares, fee (pUSD)."""

    order_id: str
    token_id: str
    side: str
    price: Decimal
    size: Decimal
    fee: Decimal


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
        # Orders signed ahead of sending (venue_order_id_before_send), by client order id, with
        # the intent they were signed for: the order sent is the one whose hash was journaled.
        self._prepared: dict[str, tuple[OrderIntent, orders.SignedOrder]] = {}
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
        # token id -> the market's fee parameters (from an intent, else one Gamma lookup).
        self._token_fees: dict[str, Fee] = {}

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
        """Sign `intent` as a CLOB V2 order; its `order_hash` is the venue order id.

        IOC -> FAK, FOK -> FOK (market orders: a BUY signs the pUSD to spend), GTC -> GTC. The
        amounts price the order exactly at intent.price in the venue's precision for that type,
        so the share count may be cut to a lot (see orders.order_amounts). Buying NO is BUYing
        the NO token at the NO price: intent.token_id must be the token of intent.outcome.
        Raises OrderRejected (code "bad_intent") before anything is sent when the intent breaks
        a venue rule: price off the tick grid, size below the minimum, no token.
        """
        creds = self._require_credentials()
        if not intent.token_id:
            raise OrderRejected(f"{PLATFORM}: intent has no token id", code="bad_intent",
                                platform=PLATFORM)
        try:
            unsigned = orders.build_order(
                signer_address=self.address, funder=creds.funder,
                signature_type=creds.signature_type, token_id=intent.token_id,
                neg_risk=intent.neg_risk, salt=_salt_for(intent.client_order_id),
                timestamp_ms=int(self.clock() * 1000), **_amount_args(intent),
            )
        except orders.OrderBuildError as exc:
            raise OrderRejected(f"{PLATFORM}: {exc}", code="bad_intent",
                                platform=PLATFORM) from exc
        self._token_sides[intent.token_id] = (intent.market_external_id, intent.outcome)
        if intent.fee is not None and intent.fee.kind == "polymarket":
            self._token_fees[intent.token_id] = intent.fee
        return orders.sign_order(unsigned, private_key=creds.private_key)

    def sendable_size(self, intent: OrderIntent) -> Decimal:
        """The shares an order for `intent` would carry: its size cut to the exact-price lot.

        A FAK BUY at 0.53 trades whole shares (10.37 -> 10), a limit order every 0.01 share
        (orders.order_amounts). Raises OrderRejected (bad_intent) like prepare_order.
        """
        try:
            amounts = orders.order_amounts(**_amount_args(intent))
        except orders.OrderBuildError as exc:
            raise OrderRejected(f"{PLATFORM}: {exc}", code="bad_intent",
                                platform=PLATFORM) from exc
        return amounts.shares

    def order_hash_for(self, client_order_id: str) -> str | None:
        return self.journal.lookup(client_order_id)

    def remember_order_hash(self, client_order_id: str, order_hash: str) -> None:
        self.journal.record(client_order_id, order_hash)

    def venue_order_id_before_send(self, intent: OrderIntent) -> str:
        """Sign now and return the order hash (the venue order id) for the caller's journal."""
        signed = self.prepare_order(intent)
        self._prepared[intent.client_order_id] = (intent, signed)
        self.journal.record(intent.client_order_id, signed.order_hash)
        return signed.order_hash

    def _signed_for(self, intent: OrderIntent) -> orders.SignedOrder:
        """The order signed ahead for this intent, or a fresh one if the intent changed."""
        prepared = self._prepared.pop(intent.client_order_id, None)
        if prepared is not None:
            if prepared[0] == intent:
                return prepared[1]
            logger.warning("polymarket: intent %s changed after its hash was journaled; "
                           "signing it again", intent.client_order_id)
        return self.prepare_order(intent)

    def place_order(self, intent: OrderIntent) -> OrderResult:
        """Sign, journal the order hash, send once, and report what the venue says traded.

        Raises OrderRejected when the venue refuses the order (nothing placed), OrderTimeout
        (carrying venue_order_id = the hash) when the answer is lost or unusable, and
        PlatformUnavailable for 425/503 refusals. A FAK/FOK killed unfilled is CANCELED.
        """
        creds = self._require_credentials()
        signed = self._signed_for(intent)
        self.journal.record(intent.client_order_id, signed.order_hash)
        body = orders.order_body(signed, owner_api_key=creds.api_key)
        try:
            answer = self.client.post_order(body)
        except OrderTimeout as exc:
            exc.venue_order_id = signed.order_hash  # type: ignore[attr-defined]
            raise
        except OrderRejected as exc:
            return self._refused(intent, signed, str(exc), status=exc.status, cause=exc)
        except (BadResponse, PlatformUnavailable) as exc:
            # 425 (engine restarting) and 503 (trading disabled / cancel-only) refuse the order
            # outright. A 2xx we cannot read, or a 500/502/504 from the edge, may hide an order
            # that was placed: same contract as a timeout, reconcile by the hash.
            if isinstance(exc, PlatformUnavailable) and exc.status in (425, 503):
                raise
            raise _ambiguous(signed, f"order answer unusable ({exc})", status=exc.status) from exc
        return self._order_result_from_post(intent, signed, answer)

    def _refused(
        self, intent: OrderIntent, signed: orders.SignedOrder, message: str, *,
        status: int | None = None, cause: Exception | None = None,
    ) -> OrderResult:
        """A venue refusal: FAK/FOK killed -> CANCELED result; Duplicated -> reconcile; else raise."""
        code = _reject_code(message)
        if code in _KILLED_CODES:
            return _killed(intent, signed, message=message, code=code)
        if code == "duplicated":
            # The venue already holds an order with this hash: it was placed before. Calling it
            # rejected could hide a fill; look it up instead.
            raise _ambiguous(signed, "the venue already holds this order", status=status)
        error = OrderRejected(message if message.startswith(PLATFORM) else f"{PLATFORM}: {message}",
                              code=code or "rejected", platform=PLATFORM, status=status)
        raise error from cause

    def _order_result_from_post(
        self, intent: OrderIntent, signed: orders.SignedOrder, answer: Any
    ) -> OrderResult:
        if not isinstance(answer, dict):
            raise _ambiguous(signed, "order answer is not an object")
        error_msg = str(answer.get("errorMsg") or "")
        order_id = str(answer.get("orderID") or "")
        status = venue_status(answer.get("status"))
        if error_msg or answer.get("success") is not True or not order_id:
            return self._refused(intent, signed, error_msg or
                                 f"order not accepted (status {status.lower()!r})")
        if status == "UNMATCHED":
            # A FAK/FOK (or delayed order) that found nothing to match: received, then killed.
            return _killed(intent, signed, message="unmatched", code="unmatched")
        if status not in ACCEPTED_STATUSES:
            raise _ambiguous(signed, f"order answer has unknown status {status!r}")
        if order_id.lower() != signed.order_hash:
            # Our hash recipe disagrees with the venue: keep the venue's id for reconciliation.
            logger.warning("polymarket: venue order id differs from the computed order hash")
            self.journal.record(intent.client_order_id, order_id)
        try:
            shares, pusd = _traded(answer, signed.order)
        except BadResponse as exc:
            raise _ambiguous(signed, str(exc)) from exc
        sent = _sent_shares(signed.order)
        market_order = orders.is_market_order(signed.order.order_type)
        # "matched": a market order's remainder is cancelled, a GTC's rests unless all filled.
        # "live"/"delayed": the venue still holds the order, FAK/FOK included when held for
        # delayed matching (sports markets; clob-client#317): it can still fill, so it is
        # RESTING (with what filled so far) and the caller must look it up, then cancel.
        still_open = status != "MATCHED" or (not market_order and shares < sent)
        fills, note = self._fills_after_post(intent, order_id, answer, shares=shares, pusd=pusd)
        fee = sum((f.fee for f in fills), ZERO)
        fee_known = shares <= 0 or bool(fills)
        if still_open:
            state = OrderStatus.RESTING
        elif shares >= intent.size:
            state = OrderStatus.FILLED
        elif shares > 0:
            state = OrderStatus.PARTIAL
        else:
            state = OrderStatus.CANCELED
        return OrderResult(
            client_order_id=intent.client_order_id, venue_order_id=order_id, status=state,
            filled_size=shares, average_price=(pusd / shares) if shares > 0 else None,
            fee_paid=fee, remaining_size=max(sent - shares, ZERO) if still_open else ZERO,
            message=note, raw_status=status.lower(), sent_size=_sent_size(intent, signed),
            fee_known=fee_known,
        )

    def _fills_after_post(
        self, intent: OrderIntent, order_id: str, answer: dict[str, Any], *, shares: Decimal,
        pusd: Decimal,
    ) -> tuple[list[_Leg], str]:
        """The levels a just-placed order traded at (its tradeIDs), for the fee.

        The POST answer has totals only; the fee depends on each level's price. If the trades
        cannot be read yet, the fee is estimated at the average price with the market's fee
        parameters (when known), and the note says so: list_fills has the exact figures later.
        """
        if shares <= 0:
            return [], ""
        trade_ids = [str(t) for t in answer.get("tradeIDs") or [] if t]
        if trade_ids:
            try:
                fills = self._order_fills(order_id, trade_ids)
            except PlatformError as exc:
                logger.info("polymarket: trades of %s not readable yet: %s", order_id, exc)
            else:
                if fills:
                    return fills, ""
        try:
            params = self._fee_params(intent.token_id, intent.market_external_id)
        except PlatformError:
            return [], "fee not known yet: see list_fills"
        price = pusd / shares
        fee = _fee(params, price=price, size=shares, rate=params.rate)
        side = "BUY" if intent.action is Action.BUY else "SELL"
        return ([_Leg(order_id, intent.token_id, side, price, shares, fee)],
                "fee estimated at the average price: see list_fills")

    def get_order(
        self, *, client_order_id: str = "", venue_order_id: str = "", market_external_id: str = ""
    ) -> OrderResult | None:
        """Look an order up by venue id (the order hash) or by our client id via the journal.

        None when the venue has no such order (never placed). Filled size, average price and fee
        come from the order's trades; RESTING (with any filled part) while it can still fill.
        """
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
        return self._order_result_from_lookup(raw, order_id=order_id,
                                              client_order_id=client_order_id)

    def _order_result_from_lookup(
        self, raw: dict[str, Any], *, order_id: str, client_order_id: str
    ) -> OrderResult:
        """GET /data/order/{id} -> OrderResult, its fills read from its trades."""
        try:
            original = _size(raw["original_size"])
            matched = _size(raw.get("size_matched") or 0)
            limit = Decimal(str(raw["price"]))
            status = venue_status(raw["status"])
            trade_ids = [str(t) for t in raw.get("associate_trades") or [] if t]
        except (KeyError, TypeError, InvalidOperation) as exc:
            raise BadResponse(f"{PLATFORM}: malformed order", field="order",
                              platform=PLATFORM) from exc
        if status not in _OPEN_ORDER_STATUSES | _DONE_ORDER_STATUSES | {"INVALID"}:
            raise BadResponse(f"{PLATFORM}: unknown order status {status!r}", field="status",
                              platform=PLATFORM)
        # Trades say what the order really traded (levels, surplus). An order whose trades are
        # not listed yet falls back to size_matched at its limit price, which a maker fill gets
        # exactly and a taker fill never betters by more than the levels it swept.
        fills = self._order_fills(order_id, trade_ids) if trade_ids else []
        note = ""
        if fills:
            filled = sum((f.size for f in fills), ZERO)
            cost = sum((f.price * f.size for f in fills), ZERO)
            fee = sum((f.fee for f in fills), ZERO)
        else:
            filled, cost, fee = matched, matched * limit, ZERO
            if matched > 0:
                note = "no trades listed yet: average is the limit price, fee in list_fills"
        if status == "INVALID":
            state = OrderStatus.REJECTED
        elif status in _OPEN_ORDER_STATUSES:
            state = OrderStatus.RESTING
        elif filled >= original > 0 and status == "MATCHED":
            state = OrderStatus.FILLED
        elif filled > 0:
            state = OrderStatus.PARTIAL
        else:
            state = OrderStatus.CANCELED
        return OrderResult(
            client_order_id=client_order_id or self.journal.client_order_id_for(order_id),
            venue_order_id=str(raw.get("id") or order_id), status=state, filled_size=filled,
            average_price=(cost / filled) if filled > 0 else None, fee_paid=fee,
            remaining_size=max(original - matched, ZERO) if state is OrderStatus.RESTING
            else ZERO,
            message=note, raw_status=status.lower(), fee_known=bool(fills) or filled <= 0,
        )

    def _order_fills(self, order_id: str, trade_ids: Sequence[str]) -> list[_Leg]:
        """Our fills in the given trades for one order: taker levels and maker matches.

        Trades the venue marks FAILED never settled and are left out.
        """
        wanted = order_id.lower()
        fills: list[_Leg] = []
        for trade_id in dict.fromkeys(trade_ids):
            for trade in self.client.iter_trades(trade_id=trade_id):
                if str(trade.get("id")) != trade_id:
                    continue
                try:
                    fills.extend(leg for leg in self._trade_legs(trade)
                                 if leg.order_id.lower() == wanted)
                except (KeyError, TypeError, ValueError, InvalidOperation) as exc:
                    raise BadResponse(f"{PLATFORM}: malformed trade", field="trades",
                                      platform=PLATFORM) from exc
        return fills

    def cancel_order(self, venue_order_id: str, *, market_external_id: str = "") -> None:
        """DELETE /order. Raises OrderRejected with the venue's reason if it was not cancelled.

        code "not_found" when the venue does not know the order (never placed, or already
        gone), "not_canceled" for another reason (e.g. already matched).
        """
        self._require_credentials()
        answer = self.client.cancel_order(venue_order_id)
        not_canceled = answer.get("not_canceled") if isinstance(answer, dict) else None
        if isinstance(not_canceled, dict):
            reason = not_canceled.get(venue_order_id)
            if reason is None:
                reason = next((v for k, v in not_canceled.items()
                               if str(k).lower() == venue_order_id.lower()), None)
            if reason is not None:
                text = str(reason)
                code = "not_found" if "not found" in text.lower() else "not_canceled"
                raise OrderRejected(f"{PLATFORM}: cancel refused: {text}", code=code,
                                    platform=PLATFORM)

    def list_fills(self, since: datetime | None = None) -> list[FillData]:
        """Our fills from GET /data/trades (taker levels, and our maker orders in others' trades).

        A taker trade becomes one fill per level it swept (its maker_orders); the fee uses the
        trade's fee rate and the market's feeSchedule exponent (makers pay nothing). Trades in
        FAILED state (TRADE_STATUS_FAILED on the REST API) are left out.
        """
        self._require_credentials()
        after_s = int(since.timestamp()) if since else None
        fills: list[FillData] = []
        for trade in self.client.iter_trades(after_s=after_s):
            try:
                fills.extend(self._fills_from_trade(trade))
            except (KeyError, TypeError, ValueError, InvalidOperation) as exc:
                raise BadResponse(f"{PLATFORM}: malformed trade", field="trades",
                                  platform=PLATFORM) from exc
        return fills

    def _fills_from_trade(self, trade: dict[str, Any]) -> list[FillData]:
        ts = _parse_time(trade.get("match_time"))
        fills = []
        for index, leg in enumerate(self._trade_legs(trade)):
            market, outcome = self._token_side(leg.token_id, str(trade.get("market", "")))
            fills.append(FillData(
                venue_fill_id=f"{trade['id']}:{index}" if index else str(trade["id"]),
                venue_order_id=leg.order_id, market_external_id=market, outcome=outcome,
                action=Action.BUY if leg.side == "BUY" else Action.SELL, price=leg.price,
                size=leg.size, fee=leg.fee, ts=ts,
                # Trades carry no client id; orders this process sent are known by their hash.
                client_order_id=self.journal.client_order_id_for(leg.order_id),
            ))
        return fills

    def _trade_legs(self, trade: dict[str, Any]) -> list[_Leg]:
        """Our legs in one trade: the taker order's levels and our maker orders' matches.

        A taker that swept several levels appears in one trade whose maker_orders are the
        levels; a maker order on the other token of the market (a complementary match) traded
        our token at 1 - its price. Returns [] for a FAILED trade.
        """
        if venue_status(trade.get("status")) == FAILED_TRADE:
            return []
        creds = self._require_credentials()
        ours = {creds.funder.lower(), self.address.lower()} - {""}
        token = str(trade["asset_id"])
        condition = str(trade.get("market", ""))
        rate = Decimal(str(trade.get("fee_rate_bps") or 0)) / 10_000
        legs: list[_Leg] = []
        makers = [m for m in trade.get("maker_orders") or [] if isinstance(m, dict)]
        if trade.get("trader_side") == "TAKER":
            order_id, side = str(trade["taker_order_id"]), str(trade["side"])
            params = self._fee_params(token, condition) if rate > 0 else None
            levels = [(_maker_price(m, token), Decimal(str(m["matched_amount"])))
                      for m in makers] or [(Decimal(str(trade["price"])),
                                            Decimal(str(trade["size"])))]
            for price, size in levels:
                fee = _fee(params, price=price, size=size, rate=rate)
                legs.append(_Leg(order_id, token, side, price, size, fee))
        for maker in makers:
            if str(maker.get("maker_address", "")).lower() in ours or (
                maker.get("owner") == creds.api_key
            ):
                legs.append(_Leg(str(maker["order_id"]), str(maker["asset_id"]),
                                 str(maker["side"]), Decimal(str(maker["price"])),
                                 Decimal(str(maker["matched_amount"])), ZERO))
        return legs

    def _fee_params(self, token_id: str, condition_id: str) -> Fee:
        """The market's fee parameters: from an intent we signed, else one Gamma lookup."""
        known = self._token_fees.get(token_id)
        if known is None:
            self._token_side(token_id, condition_id)
            known = self._token_fees.get(token_id)
        if known is None:
            raise BadResponse(f"{PLATFORM}: no fee schedule for token {token_id[:12]}...",
                              field="feeSchedule", platform=PLATFORM)
        return known

    def _token_side(self, token_id: str, condition_id: str) -> tuple[str, Outcome]:
        """Which market and outcome a token is: from our own orders, else one Gamma lookup.

        The lookup also caches the market's fee parameters (its feeSchedule).
        """
        known = self._token_sides.get(token_id)
        if known is not None and token_id in self._token_fees:
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
                self._token_sides.setdefault(token_id, side)
                try:
                    self._token_fees[token_id] = parse_fee_schedule(raw)
                except BadResponse as exc:
                    logger.warning("polymarket: market of token %s...: %s", token_id[:12], exc)
                return self._token_sides[token_id]
        if known is not None:
            return known
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
def _killed(
    intent: OrderIntent, signed: orders.SignedOrder, *, message: str, code: str
) -> OrderResult:
    """A FAK/FOK the matching engine killed with nothing filled: received, cancelled."""
    return OrderResult(
        client_order_id=intent.client_order_id, venue_order_id=signed.order_hash,
        status=OrderStatus.CANCELED, message=message, raw_status=code,
        sent_size=_sent_size(intent, signed),
    )


def _ambiguous(signed: orders.SignedOrder, why: str, *, status: int | None = None) -> OrderTimeout:
    """An order that may or may not be placed: reconcile by its hash, never resend."""
    timeout = OrderTimeout(f"{PLATFORM}: {why}; reconcile order {signed.order_hash}",
                           platform=PLATFORM, status=status)
    timeout.venue_order_id = signed.order_hash  # type: ignore[attr-defined]
    return timeout


def _amount_args(intent: OrderIntent) -> dict[str, Any]:
    """What an intent's amounts depend on (orders.order_amounts / build_order)."""
    return {
        "side": "BUY" if intent.action is Action.BUY else "SELL",
        "order_type": ORDER_TYPE_BY_TIF[intent.time_in_force], "price": intent.price,
        "size": intent.size, "tick_size": intent.tick_size,
        "min_size": DEFAULT_MIN_SIZE if intent.min_order_size is None else intent.min_order_size,
    }


def _salt_for(client_order_id: str) -> int:
    """A 53-bit salt derived from our client order id (reproducible link to the order hash)."""
    digest = hashlib.blake2b(client_order_id.encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") >> 11


def _sent_shares(order: orders.UnsignedOrder) -> Decimal:
    units = order.taker_amount if order.side == "BUY" else order.maker_amount
    return Decimal(units) / BASE_UNIT


def _sent_size(intent: OrderIntent, signed: orders.SignedOrder) -> Decimal | None:
    sent = _sent_shares(signed.order)
    return None if sent == intent.size else sent


def _amount(value: Any, field: str) -> Decimal:
    if value in (None, ""):
        return ZERO
    try:
        amount = Decimal(str(value))
    except InvalidOperation as exc:
        raise BadResponse(f"{PLATFORM}: {field} is not a number", field=field,
                          platform=PLATFORM) from exc
    if not amount.is_finite() or amount < 0:
        raise BadResponse(f"{PLATFORM}: {field} is {value!r}", field=field, platform=PLATFORM)
    return amount


def _traded(answer: dict[str, Any], order: orders.UnsignedOrder) -> tuple[Decimal, Decimal]:
    """(shares, pUSD) a POST /order answer says the order traded.

    makingAmount/takingAmount are decimals in the SDKs' models and in live answers
    (py-clob-client-v2#89: "4.9152"), 6-decimal base units in the docs' example. The venue never
    makes more than the signed makerAmount, so that bound tells the two apart.
    """
    making = _amount(answer.get("makingAmount"), "makingAmount")
    taking = _amount(answer.get("takingAmount"), "takingAmount")
    limit = Decimal(order.maker_amount) / BASE_UNIT
    if making > limit:
        if making / BASE_UNIT > limit:
            raise BadResponse(f"{PLATFORM}: makingAmount {making} exceeds the order's",
                              field="makingAmount", platform=PLATFORM)
        making, taking = making / BASE_UNIT, taking / BASE_UNIT
    elif making == 0 and taking > 0:
        raise BadResponse(f"{PLATFORM}: takingAmount without makingAmount",
                          field="takingAmount", platform=PLATFORM)
    if order.side == "BUY":
        return taking, making
    return making, taking


def _size(value: Any) -> Decimal:
    """An order lookup's size in shares (decimal shares, or base units when that large)."""
    size = Decimal(str(value))
    if size >= _BASE_UNIT_SIZE and size == size.to_integral_value():
        return size / BASE_UNIT
    return size


def _maker_price(maker: dict[str, Any], token_id: str) -> Decimal:
    """The price a taker of `token_id` paid a maker: 1 - p when the maker traded the other token."""
    price = Decimal(str(maker["price"]))
    return price if str(maker.get("asset_id", token_id)) == token_id else ONE - price


def _fee(params: Fee | None, *, price: Decimal, size: Decimal, rate: Decimal) -> Decimal:
    """Polymarket's taker fee for one fill: the applied rate, the market's exponent."""
    if params is None or rate <= 0:
        return ZERO
    return polymarket_fee(price=price, size=size, rate=rate, exponent=params.exponent)


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


def build() -> PolymarketPlatform:
    """The registry factory: reads POLYMARKET_* settings; trading is on only with all keys."""
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
