"""KalshiPlatform.get_results against the fake Kalshi server.

fixtures/market_finalized.json is the recorded market.json sample with the resolution fields a
finalized market carries in GET /markets (OpenAPI 3.13 Market: status, result,
settlement_value_dollars, settlement_ts, expiration_value).
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from platforms.base import BadResponse, MarketRef, MarketStatus
from platforms.kalshi import parse

from .conftest import load


def test_finalized_markets_are_final_and_others_are_not(fake_kalshi, make_platform):
    settled = load("market_finalized.json")["market"]
    fake_kalshi.markets = [settled, *fake_kalshi.markets]
    open_ticker = fake_kalshi.markets[1]["ticker"]
    results = make_platform(keys=False).get_results([MarketRef(settled["ticker"]),
                                                     MarketRef(open_ticker)])
    done = results[settled["ticker"]]
    assert (done.status, done.result, done.settlement_value) == (
        MarketStatus.SETTLED, "no", Decimal(0))
    assert done.settled_at == datetime(2024, 1, 2, 16, 2, 11, tzinfo=UTC)
    assert done.raw["expiration_value"] == "57"
    assert results[open_ticker].status is MarketStatus.OPEN
    assert not results[open_ticker].is_final
    request = fake_kalshi.requests_to("/markets")[0]
    assert request.query["tickers"] == [f"{settled['ticker']},{open_ticker}"]
    assert "status" not in request.query


def test_markets_past_the_historical_cutoff_come_from_historical_markets(
    fake_kalshi, make_platform
):
    archived = {**load("market_finalized.json")["market"], "ticker": "KXHIGHNY-23DEC01-T50",
                "result": "yes", "settlement_value_dollars": "1.0000"}
    fake_kalshi.historical_markets = [archived]
    results = make_platform(keys=False).get_results([MarketRef(archived["ticker"])])
    assert results[archived["ticker"]].result == "yes"
    assert [r.path for r in fake_kalshi.requests] == [
        "/markets", "/historical/markets"]


def test_a_determined_market_is_not_final_until_finalized():
    determined = {**load("market_finalized.json")["market"], "status": "determined"}
    result = parse.parse_result(determined)
    assert result.status is MarketStatus.CLOSED
    assert not result.is_final


def test_a_scalar_payout_is_a_split_and_a_finalized_market_without_result_is_malformed():
    raw = load("market_finalized.json")["market"]
    assert parse.parse_result({**raw, "result": "scalar",
                               "settlement_value_dollars": "0.9900"}).result == "split"
    no_value = {**raw, "result": ""}
    no_value.pop("settlement_value_dollars")
    with pytest.raises(BadResponse) as err:
        parse.parse_result(no_value)
    assert err.value.field == "result"
