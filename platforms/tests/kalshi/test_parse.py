"""parse_market / parse_orderbook against the recorded payloads, and their error contract."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from platforms.base import BadResponse, MarketStatus
from platforms.kalshi.parse import parse_market, parse_orderbook

from .conftest import load

D = Decimal


def _event():
    return load("event.json")["event"]


def _series():
    return load("series.json")["series"]


def test_market_sample_maps_every_field():
    event, series = _event(), _series()
    market = parse_market(load("market.json")["market"], series=series, event=event)
    assert market is not None
    assert market.external_id == "KXHIGHNY-24JAN01-T60"
    assert market.event_external_id == "KXHIGHNY-24JAN01"
    assert market.event_title == "Highest temperature in NYC on Jan 1, 2024?"
    assert market.series == "KXHIGHNY"
    assert market.category == "Climate and Weather"
    assert market.title.startswith("Will the high temp in NYC be >60")
    assert market.outcome_label == "61° or above"
    assert market.no_outcome_label == "60° or below"
    assert market.rules_text.startswith("If the highest temperature")
    assert market.rules_text.endswith("NWS Daily Climate Report.")
    assert "\n\nNot all weather data" in market.rules_text
    assert market.resolution_source == (
        "National Weather Service (https://www.weather.gov/wrh/climate?wfo=okx)"
    )
    assert market.status is MarketStatus.OPEN
    assert market.open_time == datetime(2023, 12, 31, 15, 0, tzinfo=UTC)
    assert market.close_time == datetime(2024, 1, 2, 4, 59, tzinfo=UTC)
    assert market.expected_settle_time == datetime(2024, 1, 2, 15, 0, tzinfo=UTC)
    assert market.tick_size == D("0.01")
    assert market.min_order_size == D("0.01")
    assert market.size_increment == D("0.01")
    assert market.fee.kind == "kalshi"
    assert market.fee.fee_type == "quadratic"
    assert market.fee.multiplier == 1
    assert market.url == "https://kalshi.com/markets/kxhighny"
    assert market.extra["price_ranges"] == [{"start": "0.0000", "end": "1.0000", "step": "0.0100"}]
    assert market.extra["price_level_structure"] == "linear_cent"


@pytest.mark.parametrize("fixture", ["markets_list.json", "event.json"])
def test_every_market_in_list_payloads_parses(fixture):
    payload = load(fixture)
    rows = payload.get("markets") or payload["event"]["markets"]
    parsed = [parse_market(row, series=_series(), event=_event()) for row in rows]
    assert [m.external_id for m in parsed] == [row["ticker"] for row in rows]
    assert parsed[1].outcome_label == "59° to 60°"


def test_event_overrides_beat_series_fee_values():
    event = _event() | {"fee_type_override": "quadratic_with_maker_fees",
                        "fee_multiplier_override": 0.5}
    market = parse_market(load("market.json")["market"], series=_series(), event=event)
    assert (market.fee.fee_type, market.fee.multiplier) == ("quadratic_with_maker_fees", D("0.5"))


def test_series_fee_values_apply_without_event_overrides():
    series = _series() | {"fee_type": "quadratic_with_maker_fees", "fee_multiplier": 2}
    market = parse_market(load("market.json")["market"], series=series, event=None)
    assert (market.fee.fee_type, market.fee.multiplier) == ("quadratic_with_maker_fees", D(2))
    assert market.series == "KXHIGHNY"
    assert market.event_title == ""


def test_without_series_or_event_the_default_schedule_applies():
    market = parse_market(load("market.json")["market"])
    assert (market.fee.kind, market.fee.fee_type, market.fee.multiplier) == ("kalshi", "quadratic", 1)
    assert market.series == ""
    assert market.url == "https://kalshi.com/markets"


def test_smallest_price_range_step_is_the_tick():
    raw = load("market.json")["market"]
    raw["price_level_structure"] = "center_deci_edge_centi_cent"
    raw["price_ranges"] = [
        {"start": "0.0000", "end": "0.0100", "step": "0.0001"},
        {"start": "0.0100", "end": "0.9900", "step": "0.0010"},
        {"start": "0.9900", "end": "1.0000", "step": "0.0001"},
    ]
    assert parse_market(raw).tick_size == D("0.0001")
    del raw["price_ranges"]
    assert parse_market(raw).tick_size == D("0.01")


@pytest.mark.parametrize(
    ("status", "expected"),
    [("initialized", MarketStatus.UNOPENED), ("active", MarketStatus.OPEN),
     ("inactive", MarketStatus.PAUSED), ("closed", MarketStatus.CLOSED),
     ("determined", MarketStatus.CLOSED), ("disputed", MarketStatus.CLOSED),
     ("amended", MarketStatus.CLOSED), ("finalized", MarketStatus.SETTLED)],
)
def test_status_mapping(status, expected):
    raw = load("market.json")["market"] | {"status": status}
    assert parse_market(raw).status is expected


def test_missing_labels_fall_back_to_yes_and_no():
    raw = load("market.json")["market"]
    del raw["yes_sub_title"]
    raw["no_sub_title"] = ""
    market = parse_market(raw)
    assert (market.outcome_label, market.no_outcome_label) == ("Yes", "No")


@pytest.mark.parametrize(
    "change",
    [{"market_type": "scalar"}, {"mve_collection_ticker": "KXMVESPORTS"},
     {"ticker": "KXMVECROSSCATEGORY-S2026-ABC"}],
)
def test_scalar_and_combo_markets_are_skipped(change):
    assert parse_market(load("market.json")["market"] | change) is None


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"ticker": None}, "ticker"),
        ({"ticker": 17}, "ticker"),
        ({"status": "weird"}, "status"),
        ({"status": None}, "status"),
        ({"close_time": None}, "close_time"),
        ({"close_time": "yesterday"}, "close_time"),
        ({"open_time": 3.5j}, "open_time"),
        ({"title": None}, "title"),
        ({"rules_primary": ["x"]}, "rules_primary"),
        ({"price_ranges": "0.01"}, "price_ranges"),
        ({"price_ranges": [{"start": "0"}]}, "price_ranges"),
        ({"price_ranges": [{"step": "abc"}]}, "price_ranges.step"),
    ],
)
def test_malformed_market_raises_bad_response_naming_the_field(change, field):
    raw = load("market.json")["market"] | change
    with pytest.raises(BadResponse) as err:
        parse_market(raw)
    assert err.value.field == field


def test_malformed_fee_values_raise_bad_response():
    with pytest.raises(BadResponse) as err:
        parse_market(load("market.json")["market"], series=_series() | {"fee_multiplier": "x"})
    assert err.value.field == "series.fee_multiplier"
    with pytest.raises(BadResponse) as err:
        parse_market(load("market.json")["market"], series=_series() | {"fee_type": "percent"})
    assert err.value.field == "fee_type"


def test_non_dict_market_is_bad_response():
    with pytest.raises(BadResponse) as err:
        parse_market(["not", "a", "market"])
    assert err.value.field == "market"


def test_orderbook_sample_yes_view():
    book = parse_orderbook("KXHIGHNY-24JAN01-T60", load("orderbook.json")["orderbook_fp"])
    raw = load("orderbook.json")["orderbook_fp"]
    assert book.market_external_id == "KXHIGHNY-24JAN01-T60"
    # Best YES bid is the last (highest) YES level; best YES ask is 1 - the best NO bid.
    assert book.yes_bids[0] == (D(raw["yes_dollars"][-1][0]), D(raw["yes_dollars"][-1][1]))
    assert book.yes_asks[0] == (1 - D(raw["no_dollars"][-1][0]), D(raw["no_dollars"][-1][1]))
    assert [p for p, _ in book.yes_bids] == sorted((p for p, _ in book.yes_bids), reverse=True)
    assert [p for p, _ in book.yes_asks] == sorted(p for p, _ in book.yes_asks)
    assert len(book.yes_bids) == len(raw["yes_dollars"])
    assert len(book.yes_asks) == len(raw["no_dollars"])
    assert sum(s for _, s in book.yes_asks) == sum(D(s) for _, s in raw["no_dollars"])
    assert not book.is_crossed


def test_batch_books_and_an_empty_or_missing_side():
    entries = load("orderbooks_batch.json")["orderbooks"]
    books = [parse_orderbook(e["ticker"], e["orderbook_fp"]) for e in entries]
    assert books[0].best_bid == D("0.42")
    assert books[0].best_ask == D("0.44")
    assert books[1].yes_asks == ()
    assert books[1].best_bid == D("0.15")
    assert parse_orderbook("T", {"yes_dollars": [["0.3", "1"]]}).yes_asks == ()
    assert parse_orderbook("T", {}).yes_bids == ()


def test_websocket_snapshot_spelling_is_accepted():
    msg = load("ws_orderbook_snapshot.json")["msg"]
    book = parse_orderbook(msg["market_ticker"], msg)
    assert book.best_bid == D("0.22")
    assert book.best_ask == D("0.44")


def test_unsorted_duplicate_and_empty_levels_are_normalised():
    book = parse_orderbook("T", {
        "yes_dollars": [["0.40", "5.00"], ["0.30", "1.00"], ["0.40", "2.50"], ["0.35", "0.00"]],
        "no_dollars": [["0.50", "1.00"], ["0.55", "3.00"], ["0.45", "2.00"]],
    })
    assert book.yes_bids == ((D("0.40"), D("7.50")), (D("0.30"), D("1.00")))
    assert [p for p, _ in book.yes_asks] == [D("0.45"), D("0.50"), D("0.55")]


@pytest.mark.parametrize(
    ("book", "field"),
    [
        ({"yes_dollars": "0.4"}, "orderbook_fp.yes_dollars"),
        ({"yes_dollars": [["0.4"]]}, "orderbook_fp.yes_dollars"),
        ({"no_dollars": [["1.40", "1.00"]]}, "orderbook_fp.no_dollars"),
        ({"no_dollars": [["0.40", "lots"]]}, "orderbook_fp.no_dollars"),
        ({"no_dollars": [[None, "1.00"]]}, "orderbook_fp.no_dollars"),
        ("garbage", "orderbook_fp"),
    ],
)
def test_malformed_books_raise_bad_response(book, field):
    with pytest.raises(BadResponse) as err:
        parse_orderbook("T", book)
    assert err.value.field == field
