"""Catalog paging, books, retries and error mapping against the fake Kalshi server."""

from __future__ import annotations

from decimal import Decimal

import pytest

from platforms.base import (
    AuthError,
    BadResponse,
    MarketRef,
    PlatformUnavailable,
    RateLimited,
)
from platforms.http import TokenBucket
from platforms.kalshi.client import DEFAULT_COST, RATE_TIERS, rate_buckets

from .conftest import load

D = Decimal


def test_iter_markets_pages_to_the_end_with_the_documented_query(fake_kalshi, make_platform):
    fake_kalshi.page_size = 2
    platform = make_platform(keys=False)
    markets = list(platform.iter_markets())
    assert [m.external_id for m in markets] == [m["ticker"] for m in fake_kalshi.markets]
    market_calls = fake_kalshi.requests_to("/markets")
    assert len(market_calls) == 3  # 6 markets, 2 per page
    assert platform.sync_stats.pages == 3
    assert platform.sync_stats.markets == 6
    first = market_calls[0].query
    assert first == {"limit": ["1000"], "mve_filter": ["exclude"], "status": ["open"]}
    assert [c.query.get("cursor") for c in market_calls] == [None, ["2"], ["4"]]
    # Series once, events paged, and no per-market lookups.
    assert len(fake_kalshi.requests_to("/series")) == 1
    assert len(fake_kalshi.requests_to("/events")) == 1
    assert fake_kalshi.requests_to("/events/KXHIGHNY-24JAN01") == []
    # Public market data is not signed.
    assert all("kalshi-access-signature" not in r.headers for r in fake_kalshi.requests)


def test_fee_params_come_from_series_or_event_override(fake_kalshi, make_platform):
    markets = {m.external_id: m for m in make_platform(keys=False).iter_markets()}
    plain = markets["KXHIGHNY-24JAN01-T60-0"]
    assert (plain.fee.kind, plain.fee.fee_type, plain.fee.multiplier) == ("kalshi", "quadratic", 1)
    assert plain.event_title == "Highest temperature in NYC on Jan 1, 2024?"
    assert plain.category == "Climate and Weather"
    overridden = markets["KXHIGHNY-24JAN02-T50"]
    assert overridden.fee.fee_type == "quadratic_with_maker_fees"
    assert overridden.fee.multiplier == D("0.5")
    assert overridden.event_title == "NYC high on Jan 2?"


def test_bad_rows_are_skipped_and_counted(fake_kalshi, make_platform):
    base = load("market.json")["market"]
    fake_kalshi.markets[1:1] = [
        base | {"ticker": "BAD-STATUS", "status": "active", "close_time": "soon"},
        base | {"ticker": "SCALAR-1", "market_type": "scalar"},
        base | {"ticker": "COMBO-1", "mve_collection_ticker": "KXMVESPORTS"},
        "not an object",
    ]
    fake_kalshi.page_size = 3
    platform = make_platform(keys=False)
    tickers = [m.external_id for m in platform.iter_markets()]
    assert len(tickers) == 6
    assert "BAD-STATUS" not in tickers
    assert platform.sync_stats.skipped == 4
    assert platform.sync_stats.skipped_reasons == {
        "bad:close_time": 1, "not_binary": 1, "combo": 1, "bad:market": 1,
    }


def test_events_and_series_missing_from_the_listings_are_fetched_once(fake_kalshi, make_platform):
    # The /events listing misses the second event (created mid-sync), and /series misses the
    # series; GET /events/{t} and GET /series/{t} know them. Two markets on that event cost one
    # extra event request between them, and the series one request for the whole sync.
    base = load("market.json")["market"]
    fake_kalshi.markets.append(base | {"ticker": "KXHIGHNY-24JAN02-T51",
                                       "event_ticker": "KXHIGHNY-24JAN02"})
    fake_kalshi.fail("/events", method="GET", mode="json",
                     body={"events": fake_kalshi.events[:1], "cursor": ""})
    fake_kalshi.fail("/series", method="GET", mode="json", body={"series": []})
    markets = {m.external_id: m for m in make_platform(keys=False).iter_markets()}
    assert markets["KXHIGHNY-24JAN02-T51"].fee.multiplier == D("0.5")
    assert markets["KXHIGHNY-24JAN01-T60-0"].category == "Climate and Weather"
    assert len(fake_kalshi.requests_to("/events/KXHIGHNY-24JAN02")) == 1
    assert len(fake_kalshi.requests_to("/series/KXHIGHNY")) == 1


def test_unknown_event_is_tolerated(fake_kalshi, make_platform):
    base = load("market.json")["market"]
    fake_kalshi.markets.append(base | {"ticker": "ORPHAN-1", "event_ticker": "NO-SUCH-EVENT"})
    markets = {m.external_id: m for m in make_platform(keys=False).iter_markets()}
    assert markets["ORPHAN-1"].event_title == ""
    assert markets["ORPHAN-1"].fee.fee_type == "quadratic"


def test_5xx_and_timeouts_on_gets_are_retried(fake_kalshi, make_platform):
    fake_kalshi.fail("/markets", status=503, times=1)
    fake_kalshi.fail("/markets", mode="hang", hang_s=2.0)
    platform = make_platform(keys=False, timeout_s=0.3)
    assert len(list(platform.iter_markets())) == 6
    assert len(fake_kalshi.requests_to("/markets")) == 3


def test_persistent_429_raises_rate_limited_after_the_retries(fake_kalshi, make_platform):
    fake_kalshi.fail("/series", status=429, times=10)
    platform = make_platform(keys=False)
    with pytest.raises(RateLimited):
        list(platform.iter_markets())
    assert len(fake_kalshi.requests_to("/series")) == 3


def test_persistent_5xx_raises_platform_unavailable(fake_kalshi, make_platform):
    fake_kalshi.fail("/markets", status=502, times=10)
    with pytest.raises(PlatformUnavailable):
        list(make_platform(keys=False).iter_markets())


@pytest.mark.parametrize(
    ("fault", "field"),
    [({"mode": "garbage"}, "body"),
     ({"mode": "json", "body": {"markets": "nope"}}, "markets"),
     ({"mode": "json", "body": {"cursor": ""}}, "markets"),
     ({"mode": "json", "body": ["a", "list"]}, "body"),
     ({"mode": "json", "body": {"markets": [], "cursor": 7}}, "cursor")],
)
def test_malformed_pages_raise_bad_response(fake_kalshi, make_platform, fault, field):
    fake_kalshi.fail("/markets", **fault)
    with pytest.raises(BadResponse) as err:
        list(make_platform(keys=False).iter_markets())
    assert err.value.field == field


def test_a_repeated_cursor_stops_the_sync(fake_kalshi, make_platform):
    page = {"markets": fake_kalshi.markets[:1], "cursor": "same"}
    fake_kalshi.fail("/markets", mode="json", body=page, times=2)
    with pytest.raises(BadResponse) as err:
        list(make_platform(keys=False).iter_markets())
    assert err.value.field == "cursor"


@pytest.mark.parametrize(
    "body",
    [{"error": {"code": "invalid_parameters", "message": "bad cursor value"}},
     {"code": "invalid_parameters", "message": "bad cursor value", "details": "x"}],
)
def test_both_error_body_forms_surface_the_message(fake_kalshi, make_platform, body):
    fake_kalshi.fail("/markets", status=400, body=body)
    with pytest.raises(BadResponse) as err:
        list(make_platform(keys=False).iter_markets())
    assert "bad cursor value" in str(err.value)
    assert err.value.status == 400


def test_get_books_batches_100_tickers_per_request(fake_kalshi, make_platform):
    book = load("orderbook.json")["orderbook_fp"]
    tickers = [f"T-{i}" for i in range(150)]
    fake_kalshi.books = {t: book for t in tickers[:149]}
    books = make_platform(keys=False).get_books([MarketRef(t) for t in tickers])
    assert set(books) == set(tickers[:149])
    calls = fake_kalshi.requests_to("/markets/orderbooks")
    assert [len(c.query["tickers"]) for c in calls] == [100, 50]
    assert books["T-0"].best_bid == D("0.42")
    assert books["T-0"].best_ask == D("0.44")


def test_batch_books_are_signed_when_keys_exist(fake_kalshi, make_platform):
    ticker = fake_kalshi.markets[0]["ticker"]
    books = make_platform(keys=True).get_books([MarketRef(ticker)])
    assert books[ticker].best_bid == D("0.42")
    (call,) = fake_kalshi.requests_to("/markets/orderbooks")
    assert call.headers["kalshi-access-key"] == "test-key"
    # The fake verified the RSA-PSS signature over ts + GET + /trade-api/v2/markets/orderbooks.
    assert call.signature_ok is True


def test_batch_books_are_unsigned_without_keys(fake_kalshi, make_platform):
    ticker = fake_kalshi.markets[0]["ticker"]
    assert ticker in make_platform(keys=False).get_books([MarketRef(ticker)])
    (call,) = fake_kalshi.requests_to("/markets/orderbooks")
    assert not {h for h in call.headers if h.startswith("kalshi-access")}
    assert call.signature_ok is None


def test_a_malformed_book_entry_is_left_out(fake_kalshi, make_platform):
    good = load("orderbooks_batch.json")["orderbooks"][0]
    body = {"orderbooks": [good, {"ticker": "BAD", "orderbook_fp": {"yes_dollars": [["x", "1"]]}},
                           {"orderbook_fp": {}}, {"ticker": "NOFP"}]}
    fake_kalshi.fail("/markets/orderbooks", mode="json", body=body)
    refs = [MarketRef(good["ticker"]), MarketRef("BAD"), MarketRef("NOFP")]
    books = make_platform(keys=False).get_books(refs)
    assert list(books) == [good["ticker"]]


def test_single_book_with_depth(fake_kalshi, make_platform):
    ticker = fake_kalshi.markets[0]["ticker"]
    book = make_platform(keys=False).get_book(ticker, depth=5)
    assert book.best_ask == D("0.44")
    assert fake_kalshi.requests[-1].query == {"depth": ["5"]}
    with pytest.raises(BadResponse) as err:
        make_platform(keys=False).get_book("NOPE")
    assert err.value.status == 404


def test_private_calls_without_keys_raise_auth_error_before_any_request(fake_kalshi,
                                                                        make_platform):
    platform = make_platform(keys=False)
    assert not platform.has_credentials
    for call in (platform.get_balance, platform.get_positions, platform.list_fills):
        with pytest.raises(AuthError, match="KALSHI_API_KEY_ID"):
            call()
    assert fake_kalshi.requests == []


def test_a_wrong_key_is_refused_by_the_venue(fake_kalshi, make_platform):
    from cryptography.hazmat.primitives.asymmetric import rsa

    fake_kalshi.public_key = rsa.generate_private_key(public_exponent=65537,
                                                      key_size=2048).public_key()
    with pytest.raises(AuthError):
        make_platform().get_balance()
    assert fake_kalshi.requests[-1].signature_ok is False


def test_each_request_takes_the_default_cost_from_the_right_bucket(fake_kalshi, make_platform):
    platform = make_platform()
    frozen = {"t": 0.0}
    platform.client.read_bucket = TokenBucket(rate=200, capacity=200, clock=lambda: frozen["t"])
    platform.client.write_bucket = TokenBucket(rate=100, capacity=100, clock=lambda: frozen["t"])
    platform.get_balance()
    platform.get_book(fake_kalshi.markets[0]["ticker"])
    assert platform.client.read_bucket.state["tokens"] == 200 - 2 * DEFAULT_COST
    assert platform.client.write_bucket.state["tokens"] == 100


@pytest.mark.parametrize("tier", sorted(RATE_TIERS))
def test_rate_tiers_size_the_buckets(tier):
    read, write = rate_buckets(tier)
    assert (read.rate, write.rate) == RATE_TIERS[tier]
    assert write.capacity == (write.rate if tier == "basic" else 2 * write.rate)


def test_unknown_rate_tier_is_refused():
    with pytest.raises(ValueError, match="rate tier"):
        rate_buckets("platinum")


def test_incremental_sync_uses_min_updated_ts_alone(fake_kalshi, make_platform):
    from datetime import UTC, datetime

    since = datetime(2026, 11, 1, tzinfo=UTC)
    list(make_platform(keys=False).iter_markets(since=since))
    query = fake_kalshi.requests_to("/markets")[0].query
    assert query == {"limit": ["1000"], "mve_filter": ["exclude"],
                     "min_updated_ts": [str(int(since.timestamp()))]}
