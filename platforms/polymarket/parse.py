"""Parse Polymarket payloads (Gamma markets, CLOB books) into the normalised values of base.py.

Pure functions, no I/O. Everything the venue sends is untrusted: Gamma mixes JSON numbers with
JSON-inside-strings (`outcomes`, `clobTokenIds`), the CLOB sends every number as a string and
lists book levels in an order the docs contradict, so levels are sorted here.

Contract of `parse_gamma_market`: a market we can trade returns `MarketData`; a well-formed market
we do not want (closed, archived, no order book, ...) returns None and `gamma_skip_reason` names why;
a malformed market raises `BadResponse` whose `field` names the offending field.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from platforms.base import (
    ONE,
    ZERO,
    BadResponse,
    BookSnapshot,
    MarketData,
    MarketResult,
    MarketStatus,
    result_from_value,
)
from pricing.fees import Fee
from pricing.levels import Level, levels_sorted

PLATFORM = "polymarket"
SIZE_INCREMENT = Decimal("0.01")  # order sizes are rounded to 2 decimals by the exchange's rules
DEFAULT_TICK = Decimal("0.01")
DEFAULT_MIN_SIZE = Decimal(5)
MARKET_URL = "https://polymarket.com/market/{slug}"
_decode_json = json.JSONDecoder().decode  # skips json.loads' per-call argument handling
_FEE_FREE = Fee(kind="polymarket", rate=ZERO, exponent=Decimal(1), taker_only=True)
_CACHE_MAX = 1024
_FEE_CACHE: dict[tuple[Any, ...], Fee] = {}
_DECIMAL_CACHE: dict[float | int, Decimal] = {}

# (reason, flag, the flag value a tradeable market must have), checked in order: the first
# flag that is not as required names the skip reason.
_SKIP_RULES: tuple[tuple[str, str, bool], ...] = (
    ("closed", "closed", False),
    ("archived", "archived", False),
    ("inactive", "active", True),
    ("no_order_book", "enableOrderBook", True),
    ("not_accepting_orders", "acceptingOrders", True),
)


def _bad(message: str, field: str) -> BadResponse:
    return BadResponse(f"{PLATFORM}: {message}", field=field, platform=PLATFORM)


def gamma_skip_reason(raw: dict[str, Any]) -> str | None:
    """Why a well-formed Gamma market is not one we list, or None when it is tradeable.

    Tradeable means enableOrderBook && acceptingOrders && !closed (NOTES §8.12), plus active and
    not archived. A missing flag counts as "not set": a market that does not say it accepts
    orders is not traded.
    """
    for reason, key, required in _SKIP_RULES:
        value = raw.get(key)
        if (value is True) if not required else (value is not True):
            return reason
    if raw.get("version", "v1") not in ("v1", None, ""):
        # Protocol V2 markets trade position ids on ExchangeV3; we only sign V2-exchange orders.
        return "protocol_v2"
    return None


def parse_gamma_market(raw: dict[str, Any]) -> MarketData | None:
    """One Gamma market object -> MarketData; None when skipped (see `gamma_skip_reason`).

    Raises BadResponse naming the field when the market is malformed.
    """
    if not isinstance(raw, dict):
        raise _bad("market is not an object", "market")
    if gamma_skip_reason(raw) is not None:
        return None
    condition_id = raw.get("conditionId")
    if not isinstance(condition_id, str) or not condition_id.startswith("0x") or len(condition_id) != 66:
        raise _bad(f"bad conditionId {condition_id!r}", "conditionId")
    outcomes = _json_string_list(raw, "outcomes")
    token_ids = _json_string_list(raw, "clobTokenIds")
    for token in token_ids:
        if not token.isdigit():
            raise _bad(f"token id {token[:20]!r} is not a decimal integer", "clobTokenIds")
    title = raw.get("question")
    if not isinstance(title, str) or not title.strip():
        raise _bad("market has no question", "question")

    neg_risk = raw.get("negRisk") is True
    events = raw.get("events")
    event = events[0] if isinstance(events, list) and events and isinstance(events[0], dict) else {}
    neg_risk_id = _opt_str(raw.get("negRiskMarketID"))
    event_external_id = _opt_str(event.get("id")) or (neg_risk_id if neg_risk else "")
    group_item_title = _opt_str(raw.get("groupItemTitle"))
    extra: dict[str, Any] = {
        "gamma_id": _opt_str(raw.get("id")),
        "slug": _opt_str(raw.get("slug")),
        "neg_risk": neg_risk,
        "question_id": _opt_str(raw.get("questionID") or raw.get("questionId")),
    }
    if neg_risk:
        extra["neg_risk_market_id"] = neg_risk_id
        # "Other"/augmented legs resolve on a moving set of names: never a clean match.
        extra["neg_risk_other"] = raw.get("negRiskOther") is True
        # Augmented neg-risk: the venue can still add named outcomes to the group, so it is
        # exhaustive only through its "Other" leg (similarity.outcome_sets).
        extra["neg_risk_augmented"] = (
            raw.get("negRiskAugmented") is True or event.get("negRiskAugmented") is True
        )
    if group_item_title:
        extra["group_item_title"] = group_item_title
    fee_type = raw.get("feeType")
    if fee_type:
        extra["fee_type"] = str(fee_type)
    # Sports and grouping fields the matcher aligns families on (a game, a neg-risk field).
    for key, ours in (("sportsMarketType", "sports_market_type"), ("line", "line"),
                      ("gameStartTime", "game_start_time"),
                      ("groupItemThreshold", "group_item_threshold")):
        value = raw.get(key)
        if value is not None and value != "":
            extra[ours] = value if isinstance(value, str | int | float | bool) else str(value)
    for key, ours in (("slug", "event_slug"), ("startTime", "event_start_time"),
                      ("gameId", "game_id"), ("eventDate", "event_date")):
        value = event.get(key)
        if value is not None and value != "":
            extra[ours] = value if isinstance(value, str | int | float | bool) else str(value)
    slug = extra["slug"]
    return MarketData(
        external_id=condition_id.lower(),
        title=title.strip(),
        event_external_id=event_external_id,
        event_title=_opt_str(event.get("title")),
        series=_opt_str(event.get("seriesSlug")),
        category=_opt_str(raw.get("category") or event.get("category")),
        subtitle=group_item_title,
        outcome_label=outcomes[0],
        no_outcome_label=outcomes[1],
        rules_text=_opt_str(raw.get("description")),
        resolution_source=_opt_str(raw.get("resolutionSource")),
        status=MarketStatus.OPEN,
        open_time=_opt_datetime(raw, "startDate"),
        close_time=_opt_datetime(raw, "endDate"),
        tick_size=_decimal_field(raw, "orderPriceMinTickSize", DEFAULT_TICK),
        min_order_size=_decimal_field(raw, "orderMinSize", DEFAULT_MIN_SIZE),
        size_increment=SIZE_INCREMENT,
        fee=parse_fee_schedule(raw),
        yes_token_id=token_ids[0],
        no_token_id=token_ids[1],
        url=MARKET_URL.format(slug=slug) if slug else "",
        extra=extra,
    )


def parse_fee_schedule(raw: dict[str, Any]) -> Fee:
    """The market's taker fee parameters from `feeSchedule` (never a hard-coded category rate).

    feesEnabled false -> rate 0 (fee-free market). A market that does not say fees are off must
    carry a feeSchedule; without one we cannot price it, so it is malformed.
    """
    if raw.get("feesEnabled") is False:
        return _FEE_FREE
    schedule = raw.get("feeSchedule")
    if not isinstance(schedule, dict):
        raise _bad("fees are not disabled but feeSchedule is missing", "feeSchedule")
    # A handful of distinct schedules cover the whole catalog: parse each once.
    key = (schedule.get("rate"), schedule.get("exponent", 1), schedule.get("takerOnly", True))
    # Exact types only: True == 1 would otherwise let a bool exponent hit a cached entry.
    cacheable = type(key[0]) in (int, float) and type(key[1]) in (int, float)
    if cacheable and key in _FEE_CACHE:
        return _FEE_CACHE[key]
    fee = _parse_schedule(schedule)
    if cacheable and len(_FEE_CACHE) < _CACHE_MAX:
        _FEE_CACHE[key] = fee
    return fee


def _parse_schedule(schedule: dict[str, Any]) -> Fee:
    rate = _decimal_value(schedule.get("rate"), "feeSchedule.rate")
    exponent = _decimal_value(schedule.get("exponent", 1), "feeSchedule.exponent")
    if rate < 0 or rate > 1 or exponent <= 0:
        raise _bad(f"fee rate {rate} / exponent {exponent} out of range", "feeSchedule")
    return Fee(
        kind="polymarket", rate=rate, exponent=exponent,
        taker_only=schedule.get("takerOnly", True) is not False,
    )


# --- results ----------------------------------------------------------------------------------
RESOLVED = "resolved"


def parse_gamma_result(raw: Any) -> MarketResult:
    """A Gamma market's settlement state, keyed by its condition id.

    Final only when the market is closed and its UMA resolution status is "resolved"; then
    `outcomePrices` (a JSON-in-string pair) holds what each outcome paid: ["1", "0"] YES won,
    ["0", "1"] NO won, ["0.5", "0.5"] a 50-50 resolution. Before that, outcomePrices are last
    prices and mean nothing here. The settlement time is umaEndDate, else closedTime.
    Raises BadResponse naming the field when a resolved market's payout is malformed.
    """
    if not isinstance(raw, dict):
        raise _bad("market is not an object", "market")
    condition_id = raw.get("conditionId")
    if not isinstance(condition_id, str) or not condition_id.startswith("0x"):
        raise _bad(f"bad conditionId {condition_id!r}", "conditionId")
    closed = raw.get("closed") is True
    status = MarketStatus.CLOSED if closed else MarketStatus.OPEN
    if not closed or raw.get("umaResolutionStatus") != RESOLVED:
        return MarketResult(market_external_id=condition_id.lower(), status=status, raw=raw)
    prices = [_decimal_value(p, "outcomePrices") for p in _json_string_list(raw, "outcomePrices")]
    yes_value = prices[0]
    if not ZERO <= yes_value <= ONE or prices[0] + prices[1] != ONE:
        raise _bad(f"resolved payout {prices} is not a split of 1", "outcomePrices")
    settled_at = _opt_datetime(raw, "umaEndDate") or _opt_datetime(raw, "closedTime")
    return MarketResult(
        market_external_id=condition_id.lower(), status=MarketStatus.SETTLED,
        result=result_from_value(yes_value), settlement_value=yes_value, settled_at=settled_at,
        raw=raw,
    )


# --- books ------------------------------------------------------------------------------------
def parse_levels(raw_levels: Any, *, side: str, descending: bool) -> tuple[Level, ...]:
    """CLOB levels [{"price": "0.51", "size": "10"}, ...] -> sorted best-first (price, size).

    Equal prices ("0.51" and "0.510") merge; zero (and negative) sizes are dropped by
    levels_sorted. Prices outside [0, 1] make the book malformed.
    """
    if not isinstance(raw_levels, list):
        raise _bad(f"book {side} is not a list", side)
    try:
        # One comprehension, no per-level branching: books are parsed on the hot path.
        levels = [(Decimal(lv["price"]), Decimal(lv["size"])) for lv in raw_levels]
        ordered = levels_sorted(levels, descending=descending)
    except (KeyError, TypeError, InvalidOperation) as exc:
        # InvalidOperation also covers "NaN" prices or sizes: comparing them raises.
        raise _bad(f"book {side} has a malformed level", side) from exc
    # Sorted by price, so only the two ends can be out of range.
    if ordered:
        low, high = sorted((ordered[0][0], ordered[-1][0]))
        if low < 0 or high > 1:
            raise _bad(f"book {side} has a price outside [0, 1]", side)
    return ordered


def parse_book(
    raw: dict[str, Any], *, market_external_id: str = "", source: str = "rest"
) -> BookSnapshot:
    """A CLOB `/book` object for the YES token (outcome 0) -> BookSnapshot in the YES view.

    `market_external_id` defaults to the book's own `market` (the condition id). The WebSocket
    `book` event has the same shape: pass source="ws".
    """
    if not isinstance(raw, dict):
        raise _bad("book is not an object", "book")
    market = market_external_id or _opt_str(raw.get("market")).lower()
    if not market:
        raise _bad("book has no market", "market")
    return BookSnapshot(
        market_external_id=market,
        yes_bids=parse_levels(raw.get("bids", []), side="bids", descending=True),
        yes_asks=parse_levels(raw.get("asks", []), side="asks", descending=False),
        exchange_ts=_epoch_ms(raw.get("timestamp")),
        venue_hash=_opt_str(raw.get("hash")),
        source=source,
        tick_size=_book_tick(raw.get("tick_size")),
    )


def _book_tick(value: Any) -> Decimal | None:
    """The book's tick size (a string on the CLOB), None when absent; a tick outside (0, 0.1]
    is a malformed book, never a grid to price orders on."""
    if value is None or value == "":
        return None
    tick = _decimal_value(value, "tick_size")
    if not ZERO < tick <= Decimal("0.1"):
        raise _bad(f"book tick_size {tick} is outside (0, 0.1]", "tick_size")
    return tick


def book_hash(raw: dict[str, Any]) -> str:
    """Recompute the CLOB book hash (NOTES §2.2): SHA-1 of the compact JSON with hash "".

    Undocumented recipe: a mismatch means "resync", never an error.
    """
    keys = ("market", "asset_id", "timestamp", "hash", "bids", "asks", "min_order_size",
            "tick_size", "neg_risk", "last_trade_price")
    payload = {k: ("" if k == "hash" else raw.get(k)) for k in keys}
    text = json.dumps(payload, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()


def venue_status(value: Any) -> str:
    """A CLOB status in one form: upper case, without the REST enums' prefix.

    The REST API serialises its enums with a prefix ("TRADE_STATUS_FAILED", and order lookups
    "ORDER_STATUS_LIVE" per the CLOB OpenAPI), while the user stream and older payloads send
    the bare value ("FAILED", "LIVE", "live"). Reference: polymarket-client 0.14.0
    models/clob/account.py `_normalize_trade_status`; docs get-single-order-by-id (both forms).
    """
    text = str(value or "").strip().upper()
    for prefix in ("TRADE_STATUS_", "ORDER_STATUS_"):
        if text.startswith(prefix):
            return text[len(prefix):]
    return text


def gamma_token_ids(raw: dict[str, Any]) -> list[str]:
    """The [outcome 0 (YES view), outcome 1 (NO view)] CLOB token ids of a Gamma market."""
    return _json_string_list(raw, "clobTokenIds")


# --- field helpers ----------------------------------------------------------------------------
def _json_string_list(raw: dict[str, Any], key: str) -> list[str]:
    """Decode a JSON-in-a-string list field (a real list is accepted too) of exactly 2 strings."""
    value = raw.get(key)
    if isinstance(value, str):
        try:
            value = _decode_json(value)
        except ValueError as exc:
            raise _bad(f"{key} is not JSON", key) from exc
    if not isinstance(value, list) or len(value) != 2:
        raise _bad(f"{key} is not a 2-item list", key)
    items = [str(v).strip() for v in value]
    if not all(items):
        raise _bad(f"{key} has an empty entry", key)
    return items


def _opt_str(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ("" if value is None else str(value))


def _decimal_value(value: Any, field: str) -> Decimal:
    if isinstance(value, bool) or value is None:
        raise _bad(f"{field} is {value!r}", field)
    try:
        # str() first: a JSON float like 0.07 must become Decimal("0.07"), not its binary value.
        return Decimal(str(value))
    except InvalidOperation as exc:
        raise _bad(f"{field} is not a number", field) from exc


def _decimal_field(raw: dict[str, Any], key: str, default: Decimal) -> Decimal:
    value = raw.get(key)
    if value is None or value == "":
        return default
    cacheable = type(value) in (int, float)
    if cacheable and value in _DECIMAL_CACHE:
        return _DECIMAL_CACHE[value]
    number = _decimal_value(value, key)
    if number <= 0:
        raise _bad(f"{key} must be positive", key)
    if cacheable and len(_DECIMAL_CACHE) < _CACHE_MAX:
        _DECIMAL_CACHE[value] = number  # tick and min sizes take a handful of values
    return number


def _opt_datetime(raw: dict[str, Any], key: str) -> datetime | None:
    value = raw.get(key)
    if not value:
        return None
    if not isinstance(value, str):
        raise _bad(f"{key} is not a string", key)
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError as exc:
        raise _bad(f"{key} is not ISO-8601", key) from exc
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def _epoch_ms(value: Any) -> datetime | None:
    if value in (None, ""):
        return None
    try:
        return datetime.fromtimestamp(int(value) / 1000, tz=UTC)
    except (TypeError, ValueError, OverflowError) as exc:
        raise _bad("timestamp is not epoch milliseconds", "timestamp") from exc
