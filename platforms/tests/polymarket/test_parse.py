"""Parsing recorded Gamma markets and CLOB books into MarketData / BookSnapshot."""

from __future__ import annotations

import copy
import json
import random
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from platforms.base import BadResponse, MarketStatus
from platforms.polymarket.parse import (
    book_hash,
    gamma_skip_reason,
    parse_book,
    parse_fee_schedule,
    parse_gamma_market,
)
from platforms.tests.polymarket.conftest import event_markets, load, tradeable


def test_recorded_closed_markets_are_skipped_as_closed():
    for raw in load("gamma_markets_response.json"):
        assert parse_gamma_market(raw) is None
        assert gamma_skip_reason(raw) == "closed"


def test_neg_risk_legs_keep_their_event_and_leg_title():
    legs = [parse_gamma_market(tradeable(raw)) for raw in load("gamma_markets_response.json")]
    raws = load("gamma_markets_response.json")
    for leg, raw in zip(legs, raws, strict=True):
        assert leg is not None
        assert leg.external_id == raw["conditionId"]
        assert leg.event_external_id == raw["events"][0]["id"]
        assert leg.event_title == raw["events"][0]["title"]
        assert leg.extra["neg_risk"] is True
        assert leg.extra["neg_risk_market_id"] == raw["negRiskMarketID"]
        assert leg.extra["group_item_title"] == raw["groupItemTitle"]
        assert leg.rules_text == raw["description"]
        assert leg.tick_size == Decimal(str(raw["orderPriceMinTickSize"]))
        assert leg.min_order_size == Decimal(raw["orderMinSize"])
        assert leg.size_increment == Decimal("0.01")
        assert leg.close_time == datetime.fromisoformat(raw["endDate"]).astimezone(UTC)
        # feesEnabled false -> a zero rate, still a "polymarket" fee kind.
        assert leg.fee.kind == "polymarket"
        assert leg.fee.rate == 0
    assert legs[0].event_external_id == legs[1].event_external_id
    assert legs[0].external_id != legs[1].external_id


def test_augmented_neg_risk_and_its_other_leg_are_kept():
    raw = tradeable(load("gamma_markets_response.json")[0])
    plain = parse_gamma_market(raw)
    assert plain is not None
    assert (plain.extra["neg_risk_augmented"], plain.extra["neg_risk_other"]) == (False, False)
    # The event says the group is augmented; the "Other" leg says so itself.
    augmented = copy.deepcopy(raw)
    augmented["events"][0]["negRiskAugmented"] = True
    augmented["negRiskOther"] = True
    leg = parse_gamma_market(augmented)
    assert leg is not None
    assert (leg.extra["neg_risk_augmented"], leg.extra["neg_risk_other"]) == (True, True)


def test_token_ids_stay_exact_text_and_outcome_zero_is_yes():
    raw = tradeable(load("gamma_market_open_fee_enabled_trimmed.json"))
    market = parse_gamma_market(raw)
    tokens = json.loads(raw["clobTokenIds"])
    assert market is not None
    assert (market.yes_token_id, market.no_token_id) == (tokens[0], tokens[1])
    assert len(market.yes_token_id) == 77
    assert isinstance(market.yes_token_id, str)
    assert (market.outcome_label, market.no_outcome_label) == ("Yes", "No")
    assert market.status is MarketStatus.OPEN


def test_fee_schedule_is_read_per_market():
    raw = tradeable(load("gamma_market_open_fee_enabled_trimmed.json"))
    market = parse_gamma_market(raw)
    assert market is not None
    schedule = raw["feeSchedule"]
    assert market.fee.rate == Decimal(str(schedule["rate"]))
    assert market.fee.exponent == Decimal(str(schedule["exponent"]))
    assert market.fee.taker_only is schedule["takerOnly"]
    other = parse_fee_schedule({"feeSchedule": {"rate": 0.05, "exponent": 1, "takerOnly": True}})
    assert other.rate == Decimal("0.05")  # never the binary float 0.05000000000000000277


def test_sports_outcomes_map_by_index():
    raw = tradeable(load("gamma_market_open_fee_enabled_trimmed.json"),
                    outcomes='["Bucks", "Lakers"]')
    market = parse_gamma_market(raw)
    assert market is not None
    assert (market.outcome_label, market.no_outcome_label) == ("Bucks", "Lakers")
    assert market.yes_token_id == json.loads(raw["clobTokenIds"])[0]


def test_every_market_nested_in_the_recorded_events_parses_with_its_event():
    markets = event_markets()
    assert len(markets) == 7
    for raw in markets:
        parsed = parse_gamma_market(raw)
        assert parsed is not None
        assert parsed.event_external_id == raw["events"][0]["id"]
        assert parsed.event_title == raw["events"][0]["title"]
        assert parsed.series == raw["events"][0].get("seriesSlug", "")
        assert parsed.fee.rate == Decimal(str(raw["feeSchedule"]["rate"]))


def test_real_json_arrays_are_accepted_too():
    raw = tradeable(load("gamma_market_open_fee_enabled_trimmed.json"))
    raw["outcomes"] = json.loads(raw["outcomes"])
    raw["clobTokenIds"] = json.loads(raw["clobTokenIds"])
    market = parse_gamma_market(raw)
    assert market is not None
    assert market.yes_token_id == raw["clobTokenIds"][0]


@pytest.mark.parametrize(
    ("flags", "reason"),
    [
        ({"closed": True}, "closed"),
        ({"archived": True}, "archived"),
        ({"active": False}, "inactive"),
        ({"enableOrderBook": False}, "no_order_book"),
        ({"acceptingOrders": False}, "not_accepting_orders"),
        ({"acceptingOrders": None}, "not_accepting_orders"),
        ({"version": "v2"}, "protocol_v2"),
    ],
)
def test_untradeable_markets_are_skipped_with_a_reason(flags, reason):
    raw = tradeable(load("gamma_market_open_fee_enabled_trimmed.json"), **flags)
    assert parse_gamma_market(raw) is None
    assert gamma_skip_reason(raw) == reason


def test_trimmed_recording_without_order_book_flags_is_not_tradeable():
    raw = load("gamma_market_open_fee_enabled_trimmed.json")
    assert parse_gamma_market(raw) is None
    assert gamma_skip_reason(raw) == "no_order_book"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"clobTokenIds": "[not json"}, "clobTokenIds"),
        ({"clobTokenIds": '["1", "2", "3"]'}, "clobTokenIds"),
        ({"clobTokenIds": '["0xabc", "12"]'}, "clobTokenIds"),
        ({"outcomes": '["A", "B", "C"]'}, "outcomes"),
        ({"outcomes": None}, "outcomes"),
        ({"conditionId": "12345"}, "conditionId"),
        ({"question": ""}, "question"),
        ({"feeSchedule": None}, "feeSchedule"),
        ({"feeSchedule": {"rate": "lots", "exponent": 1}}, "feeSchedule.rate"),
        ({"endDate": "next tuesday"}, "endDate"),
        ({"orderPriceMinTickSize": -1}, "orderPriceMinTickSize"),
    ],
)
def test_malformed_markets_raise_bad_response_naming_the_field(change, field):
    raw = tradeable(load("gamma_market_open_fee_enabled_trimmed.json"))
    raw.update(change)
    with pytest.raises(BadResponse) as info:
        parse_gamma_market(raw)
    assert info.value.field == field


def test_fees_disabled_needs_no_schedule():
    raw = tradeable(load("gamma_market_open_fee_enabled_trimmed.json"), feesEnabled=False)
    del raw["feeSchedule"]
    market = parse_gamma_market(raw)
    assert market is not None
    assert market.fee.rate == 0


# --- books -------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["clob_book_response.json", "clob_book_response_empty_bids.json"])
def test_recorded_books_parse_best_first(name):
    raw = load(name)
    book = parse_book(raw)
    bids = [(Decimal(lv["price"]), Decimal(lv["size"])) for lv in raw["bids"]]
    asks = [(Decimal(lv["price"]), Decimal(lv["size"])) for lv in raw["asks"]]
    assert len(book.yes_bids) == len(bids)
    assert len(book.yes_asks) == len(asks)
    if bids:
        assert book.best_bid == max(p for p, _ in bids)
    else:
        assert book.best_bid is None
    assert book.best_ask == min(p for p, _ in asks)
    assert [p for p, _ in book.yes_bids] == sorted((p for p, _ in bids), reverse=True)
    assert [p for p, _ in book.yes_asks] == sorted(p for p, _ in asks)
    assert book.market_external_id == raw["market"]
    assert book.venue_hash == raw["hash"]
    assert book.exchange_ts == datetime.fromtimestamp(int(raw["timestamp"]) / 1000, tz=UTC)
    assert not book.is_crossed


@pytest.mark.parametrize("name", ["clob_book_response.json", "clob_book_response_empty_bids.json"])
def test_book_hash_recipe_matches_the_recorded_hash(name):
    raw = load(name)
    assert book_hash(raw) == raw["hash"]
    changed = copy.deepcopy(raw)
    changed["asks"][0]["size"] = "1"
    assert book_hash(changed) != raw["hash"]


def test_level_order_on_the_wire_does_not_matter():
    raw = load("clob_book_response.json")
    shuffled = copy.deepcopy(raw)
    random.Random(4).shuffle(shuffled["bids"])
    random.Random(5).shuffle(shuffled["asks"])
    assert parse_book(shuffled) == parse_book(raw)


def test_unnormalised_prices_and_empty_levels():
    raw = {"market": "0x" + "1" * 64, "timestamp": "1787412121305", "hash": "",
           "bids": [{"price": ".48", "size": "10"}, {"price": "0.480", "size": "5"},
                    {"price": "0.47", "size": "0"}],
           "asks": []}
    book = parse_book(raw)
    assert book.yes_bids == ((Decimal("0.48"), Decimal(15)),)
    assert book.yes_asks == ()


def test_the_book_carries_the_venue_tick_size():
    raw = load("clob_book_response.json")
    assert parse_book(raw).tick_size == Decimal(raw["tick_size"])
    assert parse_book(dict(raw, tick_size="0.001")).tick_size == Decimal("0.001")
    assert parse_book({k: v for k, v in raw.items() if k != "tick_size"}).tick_size is None


@pytest.mark.parametrize(
    "bad",
    [{"tick_size": "0"}, {"tick_size": "0.5"}, {"tick_size": "x"},
     {"bids": [{"price": "abc", "size": "1"}]}, {"bids": [{"size": "1"}]},
     {"asks": [{"price": "1.5", "size": "1"}]}, {"asks": "nope"}, {"timestamp": "soon"},
     {"bids": [{"price": "NaN", "size": "1"}, {"price": "0.5", "size": "1"}]},
     {"asks": [{"price": "0.5", "size": "NaN"}]}, {"bids": [{"price": "-0.1", "size": "1"}]}],
)
def test_malformed_books_raise_bad_response(bad):
    raw = dict(load("clob_book_response.json"), **bad)
    with pytest.raises(BadResponse):
        parse_book(raw)


def test_the_documented_ws_book_event_parses_in_the_yes_view():
    raw = load("ws_book_message.json")
    book = parse_book(raw, source="ws")
    assert book.source == "ws"
    assert (book.best_bid, book.best_ask) == (Decimal("0.50"), Decimal("0.52"))
    assert [p for p, _ in book.yes_asks] == [Decimal(".52"), Decimal(".53"), Decimal(".54")]
    assert book.market_external_id == raw["market"]
