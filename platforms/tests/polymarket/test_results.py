"""PolymarketPlatform.get_results against the fake Gamma server, on recorded resolved markets
(fixtures/gamma_markets_response.json: two markets Gamma reports closed and UMA-resolved)."""

from __future__ import annotations

import copy
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from platforms.base import BadResponse, MarketRef, MarketStatus
from platforms.polymarket.parse import parse_gamma_result
from platforms.tests.polymarket.conftest import load, make_platform, tradeable

RECORDED = load("gamma_markets_response.json")
TRUMP, SECOND = (m["conditionId"] for m in RECORDED)


def test_resolved_markets_give_their_payout_and_time(fake):
    for market in RECORDED:
        fake.state.markets_by_condition[market["conditionId"]] = market
    results = make_platform(fake).get_results([MarketRef(TRUMP), MarketRef(SECOND)])
    won = results[TRUMP]
    assert (won.status, won.result, won.settlement_value) == (MarketStatus.SETTLED, "yes", 1)
    assert won.settled_at == datetime(2024, 11, 6, 15, 17, 41, tzinfo=UTC)
    assert won.raw["question"] == "Will Donald Trump win the 2024 US Presidential Election?"
    lost = results[SECOND]
    assert (lost.result, lost.settlement_value) == ("no", Decimal(0))
    request = fake.requests_to("/markets")[0]
    assert request.query["condition_ids"] == [TRUMP, SECOND]
    assert request.query["closed"] == ["true"]


def test_an_open_market_is_absent_and_a_proposed_resolution_is_not_final(fake):
    fake.state.markets_by_condition[TRUMP] = tradeable(RECORDED[0])
    proposed = copy.deepcopy(RECORDED[1])
    proposed["umaResolutionStatus"] = "proposed"
    fake.state.markets_by_condition[SECOND] = proposed
    results = make_platform(fake).get_results([MarketRef(TRUMP), MarketRef(SECOND)])
    assert TRUMP not in results
    assert results[SECOND].status is MarketStatus.CLOSED
    assert not results[SECOND].is_final


def test_a_fifty_fifty_resolution_is_a_split_of_one():
    split = {**RECORDED[0], "outcomePrices": '["0.5", "0.5"]'}
    result = parse_gamma_result(split)
    assert (result.result, result.settlement_value) == ("split", Decimal("0.5"))


@pytest.mark.parametrize("prices", ['["1", "1"]', '["x", "0"]', '["1"]'])
def test_a_resolved_payout_that_is_not_a_split_of_one_is_malformed(prices):
    with pytest.raises(BadResponse) as err:
        parse_gamma_result({**RECORDED[0], "outcomePrices": prices})
    assert err.value.field == "outcomePrices"


def test_ids_are_looked_up_in_batches(fake):
    ids = [f"0x{i:064x}" for i in range(120)]
    make_platform(fake).get_results([MarketRef(i) for i in ids])
    batches = [r.query["condition_ids"] for r in fake.requests_to("/markets")]
    assert [len(b) for b in batches] == [50, 50, 20]
    assert sum(batches, []) == ids
