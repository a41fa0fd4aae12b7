"""Kalshi Trade API v2 payloads -> normalised values (platforms.base). Pure: no I/O, no Django.

Every price arrives as a fixed-point dollars string (`*_dollars`), every count as a fixed-point
string (`*_fp`); both become `Decimal` here and nowhere else. Malformed input raises BadResponse
naming the field (never KeyError/ValueError/TypeError); rows we deliberately do not model
(scalar and combo markets) make parse_market return None.

Reference: https://docs.kalshi.com/api-reference/market/get-markets (OpenAPI 3.28-3.34).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from platforms.base import (
    ONE,
    ZERO,
    Action,
    BadResponse,
    BookSnapshot,
    FillData,
    MarketData,
    MarketResult,
    MarketStatus,
    OrderResult,
    OrderStatus,
    Outcome,
    PositionData,
    result_from_value,
)
from platforms.decimals import cached_decimal, parse_decimal
from pricing.fees import Fee
from pricing.levels import Level, levels_sorted

PLATFORM = "kalshi"
# Kalshi's web pages are per series: "view these markets in the Kalshi UI at
# https://kalshi.com/markets/kxhighny" (docs.kalshi.com/getting_started/quick_start_market_data).
WEB_URL = "https://kalshi.com/markets"
# Fractional contracts are enabled on every market since 2026-04-17 (NOTES §2): 0.01 steps.
CONTRACT_STEP = Decimal("0.01")
DEFAULT_TICK = Decimal("0.01")
# Per-fill fees are rounded up to $0.0001; products of per-contract averages keep 6 places.
FEE_QUANTUM = Decimal("0.000001")

# REST market status -> our status. `determined/disputed/amended` are past close but not yet
# finalized, which the query filter also calls "closed".
_STATUS = {
    "initialized": MarketStatus.UNOPENED,
    "active": MarketStatus.OPEN,
    "inactive": MarketStatus.PAUSED,
    "closed": MarketStatus.CLOSED,
    "determined": MarketStatus.CLOSED,
    "disputed": MarketStatus.CLOSED,
    "amended": MarketStatus.CLOSED,
    "finalized": MarketStatus.SETTLED,
    # The filter vocabulary, in case a payload (or a fake) uses it.
    "unopened": MarketStatus.UNOPENED,
    "open": MarketStatus.OPEN,
    "paused": MarketStatus.PAUSED,
    "settled": MarketStatus.SETTLED,
}

_FEE_TYPES = frozenset(
    {"quadratic", "quadratic_with_maker_fees", "quadratic_with_combo_maker_fees", "flat"}
)

_FEE_CACHE: dict[tuple[str, Decimal], Fee] = {}
# Price strings already checked to lie in [0, 1].
_PRICE_CACHE: dict[str, Decimal] = {}
_COMPLEMENT_CACHE: dict[Decimal, Decimal] = {}


def _bad(field: str, detail: str) -> BadResponse:
    return BadResponse(f"kalshi: {field}: {detail}", field=field, platform=PLATFORM)


def dec(value: Any, field: str) -> Decimal:
    """A fixed-point string (or JSON number) as Decimal; BadResponse naming `field` otherwise."""
    try:
        return parse_decimal(value)
    except ValueError as exc:
        raise _bad(field, str(exc)) from None


def dec_opt(raw: Mapping[str, Any], key: str, field: str | None = None) -> Decimal | None:
    value = raw.get(key)
    if value is None or value == "":
        return None
    return dec(value, field or key)


def price(value: Any, field: str) -> Decimal:
    """A dollars price, which must lie in [0, 1]."""
    result = dec(value, field)
    if result < ZERO or result > ONE:
        raise _bad(field, f"price {result} outside [0, 1]")
    return result


def ts(value: Any, field: str) -> datetime | None:
    """An RFC3339 string or Unix seconds as an aware UTC datetime; None/"" -> None."""
    if value is None or value == "":
        return None
    if isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            raise _bad(field, f"not an RFC3339 time: {value[:40]!r}") from None
        if parsed.tzinfo is None:
            return parsed.replace(tzinfo=UTC)
        return parsed.astimezone(UTC)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return datetime.fromtimestamp(value, tz=UTC)
    raise _bad(field, f"expected a time, got {type(value).__name__}")


def text(raw: Mapping[str, Any], key: str, field: str | None = None) -> str:
    """An optional string field ("" when absent); BadResponse when present but not a string."""
    value = raw.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise _bad(field or key, f"expected a string, got {type(value).__name__}")
    return value


def required_text(raw: Mapping[str, Any], key: str, field: str | None = None) -> str:
    value = text(raw, key, field)
    if not value:
        raise _bad(field or key, "missing")
    return value


def as_dict(value: Any, field: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _bad(field, f"expected an object, got {type(value).__name__}")
    return value


def as_list(value: Any, field: str) -> list[Any]:
    if not isinstance(value, list):
        raise _bad(field, f"expected a list, got {type(value).__name__}")
    return value


# --- fees -------------------------------------------------------------------------------------
def fee_params(*, series: Mapping[str, Any] | None, event: Mapping[str, Any] | None) -> Fee:
    """The market's fee parameters: the event's overrides win over the series' values.

    Without series information the schedule's default applies (quadratic taker fee, M = 1).
    """
    fee_type = "quadratic"
    multiplier = ONE
    if series:
        fee_type = text(series, "fee_type", "series.fee_type") or fee_type
        if series.get("fee_multiplier") is not None:
            multiplier = dec(series["fee_multiplier"], "series.fee_multiplier")
    if event:
        fee_type = text(event, "fee_type_override", "event.fee_type_override") or fee_type
        if event.get("fee_multiplier_override") is not None:
            multiplier = dec(event["fee_multiplier_override"], "event.fee_multiplier_override")
    if fee_type not in _FEE_TYPES:
        raise _bad("fee_type", f"unknown fee type {fee_type[:40]!r}")
    if multiplier < ZERO:
        raise _bad("fee_multiplier", f"negative multiplier {multiplier}")
    key = (fee_type, multiplier)
    cached = _FEE_CACHE.get(key)
    if cached is None:
        cached = _FEE_CACHE[key] = Fee(kind="kalshi", fee_type=fee_type, multiplier=multiplier)
    return cached


# --- markets ----------------------------------------------------------------------------------
def tick_size(price_ranges: Any) -> Decimal:
    """The finest price step of the market's grid (`price_ranges[].step`); 0.01 when absent."""
    if price_ranges is None:
        return DEFAULT_TICK
    ranges = as_list(price_ranges, "price_ranges")
    if not ranges:
        return DEFAULT_TICK
    smallest: Decimal | None = None
    for band in ranges:
        if not isinstance(band, dict) or band.get("step") is None:
            raise _bad("price_ranges", "each band needs a step")
        step = dec(band["step"], "price_ranges.step")
        if step <= ZERO or step > ONE:
            raise _bad("price_ranges", f"step {step} outside (0, 1]")
        if smallest is None or step < smallest:
            smallest = step
    return smallest or DEFAULT_TICK


def settlement_sources_text(sources: Any, field: str = "settlement_sources") -> str:
    """`[{name, url}]` as "Name (url); Name2 (url2)"."""
    if not sources:
        return ""
    parts = []
    for source in as_list(sources, field):
        if isinstance(source, dict):
            name = str(source.get("name") or "").strip()
            url = str(source.get("url") or "").strip()
            parts.append(f"{name} ({url})" if name and url else name or url)
        elif isinstance(source, str):
            parts.append(source)
    return "; ".join(p for p in parts if p)


def is_combo(raw: Mapping[str, Any]) -> bool:
    """Multivariate ("combo") markets: KXMVE* tickers or an MVE collection."""
    return bool(raw.get("mve_collection_ticker")) or str(raw.get("ticker", "")).startswith("KXMVE")


def parse_market(
    raw: dict[str, Any], *, series: dict[str, Any] | None = None,
    event: dict[str, Any] | None = None,
) -> MarketData | None:
    """One `Market` object (plus its series and event when known) as MarketData.

    Returns None for markets we do not trade: non-binary (scalar) and combo (multivariate)
    markets. Raises BadResponse naming the field when the payload is malformed. `series` is a
    `Series` object (fee_type, fee_multiplier, category, settlement_sources); `event` an
    `EventData` object (title, fee overrides, settlement_sources). Either may be None.
    """
    if not isinstance(raw, dict):
        raise _bad("market", f"expected an object, got {type(raw).__name__}")
    ticker = required_text(raw, "ticker")
    market_type = text(raw, "market_type") or "binary"
    if market_type != "binary" or is_combo(raw):
        return None
    event_ticker = text(raw, "event_ticker")
    if event is not None and not isinstance(event, dict):
        raise _bad("event", "expected an object")
    if series is not None and not isinstance(series, dict):
        raise _bad("series", "expected an object")
    event_title = text(event, "title", "event.title") if event else ""
    title = text(raw, "title") or event_title
    if not title:
        raise _bad("title", f"market {ticker} has no title")
    status_raw = required_text(raw, "status")
    status = _STATUS.get(status_raw)
    if status is None:
        raise _bad("status", f"unknown status {status_raw[:40]!r}")
    close_time = ts(raw.get("close_time"), "close_time")
    if close_time is None:
        raise _bad("close_time", f"market {ticker} has no close_time")

    series_ticker = ""
    if event:
        series_ticker = text(event, "series_ticker", "event.series_ticker")
    if not series_ticker and series:
        series_ticker = text(series, "ticker", "series.ticker")
    category = ""
    if series:
        category = text(series, "category", "series.category")
    if not category and event:
        category = text(event, "category", "event.category")

    rules = "\n\n".join(
        part.strip() for part in (text(raw, "rules_primary"), text(raw, "rules_secondary"))
        if part and part.strip()
    )
    resolution = ""
    if event:
        resolution = settlement_sources_text(event.get("settlement_sources"),
                                             "event.settlement_sources")
    if not resolution and series:
        resolution = settlement_sources_text(series.get("settlement_sources"),
                                             "series.settlement_sources")

    price_ranges = raw.get("price_ranges")
    extra: dict[str, Any] = {
        "price_level_structure": text(raw, "price_level_structure"),
        "price_ranges": price_ranges if isinstance(price_ranges, list) else [],
        "exchange_index": raw.get("exchange_index", 0),
        "raw_status": status_raw,
    }
    for key in ("latest_expiration_time", "fee_waiver_expiration_time", "strike_type",
                "floor_strike", "cap_strike", "can_close_early", "custom_strike",
                "functional_strike", "occurrence_datetime"):
        value = raw.get(key)
        if value is not None and value != "":
            extra[key] = value
    if event:
        # What the matcher aligns families on: a mutually exclusive event is one field of
        # candidates (or one bracket ladder); its strike date is when the question is settled.
        for key, ours in (("mutually_exclusive", "event_mutually_exclusive"),
                          ("sub_title", "event_sub_title"), ("strike_date", "event_strike_date")):
            value = event.get(key)
            if value is not None and value != "":
                extra[ours] = value

    return MarketData(
        external_id=ticker,
        title=title,
        event_external_id=event_ticker,
        event_title=event_title,
        series=series_ticker,
        category=category,
        subtitle=text(raw, "subtitle"),
        outcome_label=text(raw, "yes_sub_title") or "Yes",
        no_outcome_label=text(raw, "no_sub_title") or "No",
        rules_text=rules,
        resolution_source=resolution,
        status=status,
        open_time=ts(raw.get("open_time"), "open_time"),
        close_time=close_time,
        expected_settle_time=ts(raw.get("expected_expiration_time"), "expected_expiration_time"),
        tick_size=tick_size(price_ranges),
        min_order_size=CONTRACT_STEP,
        size_increment=CONTRACT_STEP,
        fee=fee_params(series=series, event=event),
        url=f"{WEB_URL}/{series_ticker.lower()}" if series_ticker else WEB_URL,
        extra=extra,
    )


# --- results ----------------------------------------------------------------------------------
def parse_result(raw: Any) -> MarketResult:
    """A `Market` object's settlement state (GET /markets or /historical/markets).

    Final only once the market is `finalized` (our "settled"): `determined`, `disputed` and
    `amended` markets have a result that may still change. The YES payout is
    `settlement_value_dollars` (1 for a YES result, 0 for NO when absent); `settlement_ts` is
    when it settled. Raises BadResponse naming the field when the payload is malformed (a
    finalized binary market without a result, a payout outside [0, 1]).
    """
    row = as_dict(raw, "market")
    ticker = required_text(row, "ticker")
    status_raw = required_text(row, "status")
    status = _STATUS.get(status_raw)
    if status is None:
        raise _bad("status", f"unknown status {status_raw[:40]!r}")
    if status is not MarketStatus.SETTLED:
        return MarketResult(market_external_id=ticker, status=status, raw=row)
    outcome = text(row, "result")
    value = dec_opt(row, "settlement_value_dollars")
    if value is None:
        if outcome not in ("yes", "no"):
            raise _bad("result", f"finalized market {ticker} has result {outcome[:20]!r}")
        value = ONE if outcome == "yes" else ZERO
    if value < ZERO or value > ONE:
        raise _bad("settlement_value_dollars", f"payout {value} outside [0, 1]")
    return MarketResult(
        market_external_id=ticker, status=status, result=result_from_value(value),
        settlement_value=value, settled_at=ts(row.get("settlement_ts"), "settlement_ts"), raw=row,
    )


# --- order books ------------------------------------------------------------------------------
def _levels(raw: Mapping[str, Any], keys: tuple[str, str], field: str) -> list[Level]:
    value = raw.get(keys[0])
    if value is None:
        value = raw.get(keys[1])
    if value is None:
        # A side with no bids may be absent (WS snapshots drop it); that is an empty side.
        return []
    levels: list[Level] = []
    append = levels.append
    prices = _PRICE_CACHE
    # Books are the hot path: look the strings up in the caches first, validate on a miss.
    for level in as_list(value, field):
        if not isinstance(level, list | tuple) or len(level) < 2:
            raise _bad(field, "each level must be [price_dollars, count_fp]")
        p_raw, s_raw = level[0], level[1]
        p = prices.get(p_raw) if type(p_raw) is str else None
        if p is None:
            p = price(p_raw, field)
            if type(p_raw) is str and len(prices) < 50_000:
                prices[p_raw] = p
        s = cached_decimal(s_raw)
        if s is None:
            s = dec(s_raw, field)
        append((p, s))
    return levels


def parse_orderbook(ticker: str, orderbook_fp: dict[str, Any]) -> BookSnapshot:
    """A Kalshi `orderbook_fp` ({yes_dollars, no_dollars}: bids only, ascending) in the YES view.

    YES bids are the YES side sorted best (highest) first; YES asks are 1 - each NO bid, best
    (lowest) first. A missing or empty side is an empty side. The WebSocket snapshot spelling
    (`yes_dollars_fp` / `no_dollars_fp`) is accepted too.
    """
    book = as_dict(orderbook_fp, "orderbook_fp")
    yes = _levels(book, ("yes_dollars", "yes_dollars_fp"), "orderbook_fp.yes_dollars")
    no = _levels(book, ("no_dollars", "no_dollars_fp"), "orderbook_fp.no_dollars")
    return BookSnapshot(
        market_external_id=ticker,
        yes_bids=_sorted_levels(yes, descending=True),
        yes_asks=_sorted_levels([(_complement(p), s) for p, s in no], descending=False),
        source="rest",
    )


def _complement(no_bid: Decimal) -> Decimal:
    """1 - p, cached: the same few hundred grid prices recur in every book."""
    result = _COMPLEMENT_CACHE.get(no_bid)
    if result is None:
        result = ONE - no_bid
        if len(_COMPLEMENT_CACHE) < 50_000:
            _COMPLEMENT_CACHE[no_bid] = result
    return result


def _sorted_levels(levels: list[Level], *, descending: bool) -> tuple[Level, ...]:
    """platforms.base.levels_sorted, with a fast path for the usual case.

    Kalshi sends each side ascending by its own price, distinct and non-empty, so the reversed
    list is already best-first (YES bids highest first; 1 - NO bids lowest first). Anything else
    (unsorted, repeated prices, empty levels) goes through levels_sorted.
    """
    best_first = levels[::-1]
    for i in range(len(best_first)):
        p, s = best_first[i]
        if s <= ZERO:
            return levels_sorted(levels, descending=descending)
        if i and (p >= best_first[i - 1][0] if descending else p <= best_first[i - 1][0]):
            return levels_sorted(levels, descending=descending)
    return tuple(best_first)


# --- orders, fills, positions, balance --------------------------------------------------------
_ORDER_STATUSES = frozenset({"resting", "canceled", "executed"})


def order_status(raw_status: str, *, filled: Decimal, initial: Decimal | None) -> OrderStatus:
    """An Order's `status` (resting | canceled | executed) plus its counts as our OrderStatus.

    A canceled order that filled part of its size is PARTIAL (its remaining count is 0 by then,
    so the initial count tells a full fill from a partial one). A resting order is RESTING
    whatever it filled so far (OrderResult: a partial whose remainder still rests is not final).
    """
    if raw_status not in _ORDER_STATUSES:
        raise _bad("status", f"unknown order status {raw_status[:40]!r}")
    if raw_status == "executed" or (filled > ZERO and initial is not None and filled >= initial):
        return OrderStatus.FILLED
    if raw_status == "resting":
        return OrderStatus.RESTING
    return OrderStatus.PARTIAL if filled > ZERO else OrderStatus.CANCELED


def _order_outcome_side(raw: Mapping[str, Any], field: str) -> str:
    """`outcome_side` (yes|no), or the deprecated `side` on older payloads."""
    side = text(raw, "outcome_side", field) or text(raw, "side", field)
    if side not in ("yes", "no"):
        raise _bad(field, f"expected yes or no, got {side[:20]!r}")
    return side


def parse_order(raw: dict[str, Any]) -> OrderResult:
    """An `Order` (GET /portfolio/orders[/{id}]) as OrderResult.

    average_price is per contract of the order's outcome side (a bid buys YES, an ask buys NO;
    Kalshi does not tell a YES buy from a NO sell): total fill cost / filled count. For a sell
    intent the caller converts (selling YES at p shows up as buying NO at 1 - p): `outcome` on
    the result says which outcome average_price is in.
    fee_paid is taker + maker fees in dollars.
    """
    order = as_dict(raw, "order")
    order_id = required_text(order, "order_id")
    filled = dec(order.get("fill_count_fp", "0"), "fill_count_fp")
    remaining = dec(order.get("remaining_count_fp", "0"), "remaining_count_fp")
    raw_status = required_text(order, "status")
    initial = dec_opt(order, "initial_count_fp")
    status = order_status(raw_status, filled=filled, initial=initial)
    cost = ZERO
    for key in ("taker_fill_cost_dollars", "maker_fill_cost_dollars"):
        cost += dec_opt(order, key) or ZERO
    fees = ZERO
    for key in ("taker_fees_dollars", "maker_fees_dollars"):
        fees += dec_opt(order, key) or ZERO
    average = None
    side = _order_outcome_side(order, "outcome_side") if filled > ZERO else ""
    if filled > ZERO:
        average = cost / filled if cost > ZERO else dec_opt(order, f"{side}_price_dollars")
    return OrderResult(
        client_order_id=text(order, "client_order_id"),
        venue_order_id=order_id,
        status=status,
        filled_size=filled,
        average_price=average,
        fee_paid=fees,
        remaining_size=remaining,
        raw_status=raw_status,
        outcome=Outcome(side) if side else None,
    )


def parse_create_response(
    raw: dict[str, Any], *, outcome: Outcome, immediate: bool, requested: Decimal,
) -> OrderResult:
    """The V2 create response {order_id, client_order_id, fill_count, remaining_count,
    average_fill_price?, average_fee_paid?} as OrderResult.

    Readings (NOTES §4, the batch-create sample and every third-party client we found agree):
    `average_fill_price` is on the YES leg like the order's `price` (so a NO buy's price is
    1 - it), and `average_fee_paid` is per filled contract, so the fee is it x fill_count.
    An immediate (IOC/FOK) order that filled nothing is CANCELED; a GTC one is RESTING. A
    partial fill whose answer still counts a remainder (remaining_count > 0) is RESTING, not
    final: the remainder may still be on the book (a GTC order, or an answer sent before an
    IOC's rest was cancelled), so the caller looks it up (and cancels it) before hedging only
    the part filled; an IOC's lookup says "canceled" at once.
    """
    body = as_dict(raw, "order")
    order_id = required_text(body, "order_id")
    filled = dec(body.get("fill_count", "0"), "fill_count")
    remaining = dec(body.get("remaining_count", "0"), "remaining_count")
    avg_yes = dec_opt(body, "average_fill_price")
    if avg_yes is not None and (avg_yes < ZERO or avg_yes > ONE):
        raise _bad("average_fill_price", f"price {avg_yes} outside [0, 1]")
    fee_each = dec_opt(body, "average_fee_paid") or ZERO
    if filled > ZERO and filled >= requested:
        status = OrderStatus.FILLED
    elif filled > ZERO:
        status = OrderStatus.RESTING if remaining > ZERO else OrderStatus.PARTIAL
    elif immediate or remaining <= ZERO:
        status = OrderStatus.CANCELED
    else:
        status = OrderStatus.RESTING
    average = None
    if avg_yes is not None and filled > ZERO:
        average = avg_yes if outcome is Outcome.YES else ONE - avg_yes
    return OrderResult(
        client_order_id=text(body, "client_order_id"),
        venue_order_id=order_id,
        status=status,
        filled_size=filled,
        average_price=average,
        fee_paid=(fee_each * filled).quantize(FEE_QUANTUM),
        remaining_size=remaining,
        raw_status=status.value,
    )


def parse_fill(raw: dict[str, Any]) -> FillData:
    """A `Fill` (GET /portfolio/fills) as FillData.

    The deprecated `side` + `action` pair is exact when present. Otherwise `outcome_side` says
    which contract the fill bought (Kalshi reports a YES sell as a NO buy), and the price is
    that side's price.
    """
    fill = as_dict(raw, "fill")
    side = text(fill, "side")
    action = text(fill, "action")
    if side in ("yes", "no") and action in ("buy", "sell"):
        outcome, act = Outcome(side), Action(action)
    else:
        outcome, act = Outcome(_order_outcome_side(fill, "outcome_side")), Action.BUY
    yes_price = dec_opt(fill, "yes_price_dollars")
    if outcome is Outcome.YES:
        fill_price = yes_price
    else:
        fill_price = dec_opt(fill, "no_price_dollars")
        if fill_price is None and yes_price is not None:
            fill_price = ONE - yes_price
    if fill_price is None:
        raise _bad("yes_price_dollars", "fill has no price")
    if fill_price < ZERO or fill_price > ONE:
        raise _bad("yes_price_dollars", f"price {fill_price} outside [0, 1]")
    when = ts(fill.get("created_time"), "created_time") or ts(fill.get("ts"), "ts")
    return FillData(
        venue_fill_id=text(fill, "fill_id") or required_text(fill, "trade_id", "fill_id"),
        venue_order_id=required_text(fill, "order_id"),
        market_external_id=text(fill, "ticker") or required_text(fill, "market_ticker", "ticker"),
        outcome=outcome,
        action=act,
        price=fill_price,
        size=dec(fill.get("count_fp"), "count_fp"),
        fee=dec_opt(fill, "fee_cost") or ZERO,
        ts=when,
        client_order_id=text(fill, "client_order_id"),
    )


def parse_position(raw: dict[str, Any]) -> PositionData | None:
    """A `market_positions` row as PositionData; None when flat. Negative position_fp = NO."""
    row = as_dict(raw, "market_position")
    ticker = required_text(row, "ticker")
    size = dec(row.get("position_fp"), "position_fp")
    if size == ZERO:
        return None
    outcome = Outcome.YES if size > ZERO else Outcome.NO
    return PositionData(market_external_id=ticker, outcome=outcome, size=abs(size))


def parse_balance(raw: dict[str, Any]) -> Decimal:
    """`balance_dollars` (exact, may be sub-cent), else the legacy integer cents `balance`."""
    body = as_dict(raw, "balance")
    exact = dec_opt(body, "balance_dollars")
    if exact is not None:
        return exact
    cents = body.get("balance")
    if isinstance(cents, int) and not isinstance(cents, bool):
        return Decimal(cents) / 100
    raise _bad("balance_dollars", "missing")
