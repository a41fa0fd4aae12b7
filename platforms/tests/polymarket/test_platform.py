"""PolymarketPlatform against the fake Gamma + CLOB server on 127.0.0.1: paging, faults, books,
orders (HMAC checked by the server), reconciliation by client order id, fills, positions."""

from __future__ import annotations

import json
import logging
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from eth_account import Account
from eth_account.messages import encode_typed_data

from platforms.base import (
    Action,
    AuthError,
    BadResponse,
    MarketRef,
    OrderIntent,
    OrderRejected,
    OrderStatus,
    OrderTimeout,
    Outcome,
    PlatformError,
    PlatformUnavailable,
    TimeInForce,
)
from platforms.polymarket import orders
from platforms.tests.polymarket.conftest import (
    API_PASSPHRASE,
    API_SECRET,
    event_markets,
    load,
    make_credentials,
    make_platform,
    tradeable,
    with_condition_id,
)

FIXED_NOW_S = 1_784_486_089.486
YES = "66335306745821529065179061745515953781644081595464464996921948603911228936814"
NO = "63382519856399132244485492020084100091374236550290181904952415637486462703240"
CID = "0x99a1879635bc8873891cc472d5e39ca0efaf2017c562ae244810747a7f8edbd5"


def _catalog(fake, pages: list[list[dict]]) -> None:
    for index, markets in enumerate(pages):
        cursor = None if index == 0 else f"c{index}"
        next_cursor = f"c{index + 1}" if index + 1 < len(pages) else None
        fake.state.pages[cursor] = (markets, next_cursor)


def _open_market(seed: str) -> dict:
    return with_condition_id(tradeable(load("gamma_market_open_fee_enabled_trimmed.json")), seed)


# --- catalog ---------------------------------------------------------------------------------
def test_keyset_paging_follows_next_cursor_to_the_end(fake):
    legs = [tradeable(raw) for raw in load("gamma_markets_response.json")]
    closed = load("gamma_markets_response.json")[0]
    broken = dict(_open_market("broken"), clobTokenIds="[oops")
    pages = [
        [_open_market(f"a{i}") for i in range(100)],
        [_open_market("b0"), closed, broken],  # a short page is not the end
        legs + event_markets(),
        [_open_market(f"d{i}") for i in range(5)],
    ]
    _catalog(fake, pages)
    platform = make_platform(fake)
    markets = list(platform.iter_markets())
    assert len(markets) == 100 + 1 + len(legs) + len(event_markets()) + 5
    assert len({m.external_id for m in markets}) == len(markets)
    requests = fake.requests_to("/markets/keyset")
    assert len(requests) == 4
    for request in requests:
        assert request.query["limit"] == ["100"]
        assert request.query["closed"] == ["false"]
        assert "offset" not in request.query
    assert [r.query.get("after_cursor") for r in requests] == [None, ["c1"], ["c2"], ["c3"]]
    stats = platform.sync_stats
    assert stats.pages == 4
    assert stats.markets == sum(len(p) for p in pages)
    assert stats.skipped_reasons == {"closed": 1, "malformed:clobTokenIds": 1}


def test_empty_next_cursor_string_ends_the_catalog(fake):
    fake.state.pages[None] = ([_open_market("x")], "")
    assert len(list(make_platform(fake).iter_markets())) == 1


def test_a_repeated_cursor_is_an_error_not_an_endless_loop(fake):
    fake.state.pages[None] = ([_open_market("x")], "same")
    fake.state.pages["same"] = ([_open_market("y")], "same")
    with pytest.raises(BadResponse):
        list(make_platform(fake).iter_markets())


def test_429_and_5xx_on_a_catalog_page_are_retried(fake):
    _catalog(fake, [[_open_market("a")], [_open_market("b")]])
    fake.fail_next("/markets/keyset", "429", "500")
    assert len(list(make_platform(fake).iter_markets())) == 2
    assert len(fake.requests_to("/markets/keyset")) == 4


def test_cloudflare_html_errors_become_platform_unavailable(fake):
    _catalog(fake, [[_open_market("a")]])
    fake.fail_next("/markets/keyset", "502html", "502html", "502html")
    with pytest.raises(PlatformUnavailable) as info:
        list(make_platform(fake).iter_markets())
    assert info.value.status == 502
    assert len(fake.requests_to("/markets/keyset")) == 3


def test_a_garbage_page_is_a_bad_response(fake):
    _catalog(fake, [[_open_market("a")]])
    fake.fail_next("/markets/keyset", "garbage")
    with pytest.raises(BadResponse):
        list(make_platform(fake).iter_markets())


# --- books -----------------------------------------------------------------------------------
def _book_for(token: str, market: str, *, bids=(("0.51", "10"),), asks=(("0.52", "7"),)):
    return {"market": market, "asset_id": token, "timestamp": "1787412121305", "hash": "h" + token[:6],
            "bids": [{"price": p, "size": s} for p, s in bids],
            "asks": [{"price": p, "size": s} for p, s in asks],
            "min_order_size": "5", "tick_size": "0.01", "neg_risk": False, "last_trade_price": ""}


def test_books_are_fetched_in_batches_of_500_and_keyed_by_condition_id(fake):
    refs = [MarketRef(external_id=f"0x{i:064x}", yes_token_id=str(10**70 + i),
                      no_token_id=str(2 * 10**70 + i)) for i in range(1100)]
    for ref in refs[:-1]:  # the last market has no book on the venue
        fake.state.books[ref.yes_token_id] = _book_for(ref.yes_token_id, ref.external_id)
    books = make_platform(fake).get_books(refs)
    batches = [json.loads(r.body) for r in fake.requests_to("/books")]
    assert [len(b) for b in batches] == [500, 500, 100]
    assert all(item["token_id"] in {r.yes_token_id for r in refs} for b in batches for item in b)
    assert len(books) == 1099
    assert refs[-1].external_id not in books
    book = books[refs[0].external_id]
    assert (book.best_bid, book.best_ask) == (Decimal("0.51"), Decimal("0.52"))
    assert book.venue_hash == "h" + refs[0].yes_token_id[:6]


def test_recorded_book_in_yes_view_and_bad_books_left_out(fake):
    raw = load("clob_book_response.json")
    good = MarketRef(external_id=raw["market"], yes_token_id=raw["asset_id"], no_token_id="1")
    bad = MarketRef(external_id="0x" + "2" * 64, yes_token_id="777", no_token_id="778")
    fake.state.books[raw["asset_id"]] = raw
    fake.state.books["777"] = dict(_book_for("777", bad.external_id), bids="garbage")
    books = make_platform(fake).get_books([good, bad])
    assert list(books) == [good.external_id]
    assert books[good.external_id].best_bid == Decimal("0.51")
    assert books[good.external_id].best_ask == Decimal("0.52")


def test_timeouts_on_a_book_are_retried_then_reported(fake):
    raw = load("clob_book_response.json")
    fake.state.books[raw["asset_id"]] = raw
    fake.state.timeout_sleep_s = 0.6
    ref = MarketRef(external_id=raw["market"], yes_token_id=raw["asset_id"])
    platform = make_platform(fake, timeout_s=0.2)
    fake.fail_next("/book", "timeout")
    assert platform.get_book(ref).best_bid == Decimal("0.51")
    fake.fail_next("/book", "timeout", "timeout", "timeout")
    with pytest.raises(PlatformUnavailable):
        platform.get_book(ref)


def test_books_post_is_retried_like_a_read(fake):
    raw = load("clob_book_response.json")
    fake.state.books[raw["asset_id"]] = raw
    fake.fail_next("/books", "500", "drop")
    ref = MarketRef(external_id=raw["market"], yes_token_id=raw["asset_id"])
    assert raw["market"] in make_platform(fake).get_books([ref])
    assert len(fake.requests_to("/books")) == 3


# --- orders ----------------------------------------------------------------------------------
def _intent(**overrides) -> OrderIntent:
    values = dict(client_order_id="arb-1-leg-b", market_external_id=CID, outcome=Outcome.NO,
                  action=Action.BUY, price=Decimal("0.40"), size=Decimal(10),
                  time_in_force=TimeInForce.IOC, token_id=NO, tick_size=Decimal("0.01"),
                  neg_risk=False)
    values.update(overrides)
    return OrderIntent(**values)


def _trading(fake, eoa, *, signature_type=3):
    return make_platform(fake, credentials=make_credentials(eoa, signature_type=signature_type),
                         clock=lambda: FIXED_NOW_S)


def test_buy_no_is_a_signed_fak_buy_of_the_no_token_with_valid_l2_headers(fake, eoa):
    platform = _trading(fake, eoa)
    order_hash = platform.prepare_order(_intent()).order_hash
    fake.state.order_responses.append((200, {
        "success": True, "orderID": order_hash, "status": "matched", "makingAmount": "4",
        "takingAmount": "10", "errorMsg": "", "tradeIDs": ["t1"]}))
    result = platform.place_order(_intent())
    assert result.status is OrderStatus.FILLED
    assert result.filled_size == Decimal(10)
    assert result.average_price == Decimal("0.4")
    assert result.venue_order_id == order_hash
    assert platform.order_hash_for("arb-1-leg-b") == order_hash
    (request,) = fake.requests_to("/order")
    assert request.auth_ok is True
    assert request.headers["POLY_ADDRESS"] == eoa.address
    assert request.headers["POLY_PASSPHRASE"] == API_PASSPHRASE
    body = json.loads(request.body)
    assert body["orderType"] == "FAK"
    assert body["owner"] == make_credentials(eoa).api_key
    sent = body["order"]
    assert (sent["tokenId"], sent["side"], sent["signatureType"]) == (NO, "BUY", 3)
    assert (sent["makerAmount"], sent["takerAmount"]) == ("4000000", "10000000")
    # Rebuild the typed data from what went over the wire and recover the signing key.
    wire = orders.UnsignedOrder(
        salt=sent["salt"], maker=sent["maker"], signer=sent["signer"], token_id=sent["tokenId"],
        maker_amount=int(sent["makerAmount"]), taker_amount=int(sent["takerAmount"]),
        side=sent["side"], signature_type=sent["signatureType"],
        timestamp_ms=int(sent["timestamp"]), exchange=orders.EXCHANGE_V2,
    )
    typed = encode_typed_data(full_message=orders.order_typed_data(wire))
    assert Account.recover_message(typed, signature=sent["signature"][:132]) == eoa.address
    assert orders.order_hash(wire) == order_hash


def test_neg_risk_orders_sign_against_the_neg_risk_exchange(fake, eoa):
    platform = _trading(fake, eoa, signature_type=0)
    signed = platform.prepare_order(_intent(neg_risk=True))
    assert signed.order.exchange == orders.NEG_RISK_EXCHANGE_V2
    message = encode_typed_data(full_message=orders.order_typed_data(signed.order))
    assert Account.recover_message(message, signature=signed.signature) == eoa.address


def test_fak_partial_fill_with_base_unit_amounts(fake, eoa):
    platform = _trading(fake, eoa)
    order_hash = platform.prepare_order(_intent()).order_hash
    fake.state.order_responses.append((200, {
        "success": True, "orderID": order_hash, "status": "matched",
        "makingAmount": "1560000", "takingAmount": "4000000", "errorMsg": ""}))
    result = platform.place_order(_intent())
    assert result.status is OrderStatus.PARTIAL
    assert result.filled_size == Decimal(4)
    assert result.average_price == Decimal("0.39")
    assert result.remaining_size == 0  # FAK: the rest is cancelled


def test_an_overfilled_fak_books_every_share_at_the_true_average(fake, eoa):
    # py-clob-client-v2#89, as the venue answered it: 5 @ 0.99 filled 5.051019 @ 0.98.
    platform = _trading(fake, eoa)
    intent = _intent(price=Decimal("0.99"), size=Decimal(5))
    order_hash = platform.prepare_order(intent).order_hash
    fake.state.order_responses.append((200, {
        "success": True, "orderID": order_hash, "status": "matched", "makingAmount": "4.95",
        "takingAmount": "5.051019", "errorMsg": ""}))
    result = platform.place_order(intent)
    assert (result.status, result.filled_size) == (OrderStatus.FILLED, Decimal("5.051019"))
    assert result.average_price == Decimal("4.95") / Decimal("5.051019")
    assert result.remaining_size == 0


def test_an_answer_claiming_more_than_the_order_offered_is_reconciled(fake, eoa):
    platform = _trading(fake, eoa)
    order_hash = platform.prepare_order(_intent()).order_hash
    fake.state.order_responses.append((200, {
        "success": True, "orderID": order_hash, "status": "matched",
        "makingAmount": "4000001000", "takingAmount": "10000000", "errorMsg": ""}))
    with pytest.raises(OrderTimeout) as info:
        platform.place_order(_intent())
    assert info.value.venue_order_id == order_hash


def test_a_delayed_fak_is_still_open_and_must_be_polled(fake, eoa):
    platform = _trading(fake, eoa)
    order_hash = platform.prepare_order(_intent()).order_hash
    fake.state.order_responses.append((200, {
        "success": True, "orderID": order_hash, "status": "delayed", "makingAmount": "",
        "takingAmount": "", "errorMsg": ""}))
    result = platform.place_order(_intent())
    assert result.status is OrderStatus.RESTING
    assert result.remaining_size == Decimal(10)
    assert result.raw_status == "delayed"


def test_gtc_rests(fake, eoa):
    platform = _trading(fake, eoa)
    intent = _intent(time_in_force=TimeInForce.GTC)
    order_hash = platform.prepare_order(intent).order_hash
    fake.state.order_responses.append((200, {
        "success": True, "orderID": order_hash, "status": "live", "makingAmount": "",
        "takingAmount": "", "errorMsg": ""}))
    result = platform.place_order(intent)
    assert result.status is OrderStatus.RESTING
    assert result.remaining_size == Decimal(10)
    assert json.loads(fake.requests_to("/order")[0].body)["orderType"] == "GTC"


def test_a_2xx_with_error_msg_is_a_rejection(fake, eoa):
    platform = _trading(fake, eoa)
    fake.state.order_responses.append((200, {
        "success": False, "orderID": "", "status": "", "makingAmount": "", "takingAmount": "",
        "errorMsg": "not enough balance / allowance"}))
    with pytest.raises(OrderRejected) as info:
        platform.place_order(_intent())
    assert info.value.code == "not_enough_balance"


@pytest.mark.parametrize(("tif", "message", "code"), [
    (TimeInForce.FOK, "order couldn't be fully filled. FOK orders are fully filled or killed.",
     "fok_not_filled"),
    (TimeInForce.IOC, "no orders found to match with FAK order. FAK orders are partially filled "
     "or killed if no match is found.", "fak_not_filled"),
])
@pytest.mark.parametrize("http_status", [200, 400])
def test_a_killed_fak_or_fok_is_cancelled_not_rejected(fake, eoa, tif, message, code,
                                                       http_status):
    # The order reached the matching engine and was killed unfilled: "cancelled", not "never
    # placed". The venue sends it as a 2xx errorMsg or a 4xx error (clob-client#68).
    platform = _trading(fake, eoa)
    body = ({"success": False, "orderID": "", "status": "", "makingAmount": "",
             "takingAmount": "", "errorMsg": message} if http_status == 200 else {"error": message})
    fake.state.order_responses.append((http_status, body))
    result = platform.place_order(_intent(time_in_force=tif))
    assert (result.status, result.filled_size, result.raw_status) == (
        OrderStatus.CANCELED, 0, code)
    assert result.venue_order_id == platform.order_hash_for("arb-1-leg-b")


def test_an_unmatched_answer_is_a_cancelled_order(fake, eoa):
    platform = _trading(fake, eoa)
    order_hash = platform.prepare_order(_intent()).order_hash
    fake.state.order_responses.append((200, {
        "success": True, "orderID": order_hash, "status": "unmatched", "makingAmount": "0",
        "takingAmount": "0", "errorMsg": ""}))
    result = platform.place_order(_intent())
    assert (result.status, result.filled_size, result.raw_status) == (
        OrderStatus.CANCELED, 0, "unmatched")


def test_success_true_with_error_msg_is_still_a_rejection(fake, eoa):
    platform = _trading(fake, eoa)
    fake.state.order_responses.append((200, {
        "success": True, "orderID": "0xabc", "status": "live", "errorMsg": "invalid expiration"}))
    with pytest.raises(OrderRejected):
        platform.place_order(_intent())


@pytest.mark.parametrize("name", ["clob_400_not_enough_balance_allowance",
                                  "clob_400_maker_address_not_allowed"])
def test_recorded_400_errors_are_rejections(fake, eoa, name):
    platform = _trading(fake, eoa)
    body = load("error_responses_collected.json")[name]
    fake.state.order_responses.append((400, body))
    with pytest.raises(OrderRejected) as info:
        platform.place_order(_intent())
    assert body["error"] in str(info.value)
    assert len(fake.requests_to("/order")) == 1


def test_lost_answer_is_never_resent_and_reconciles_by_client_order_id(fake, eoa):
    platform = make_platform(fake, credentials=make_credentials(eoa), timeout_s=0.2,
                             clock=lambda: FIXED_NOW_S)
    fake.state.timeout_sleep_s = 0.6
    fake.fail_next("/order", "timeout")
    with pytest.raises(OrderTimeout) as info:
        platform.place_order(_intent())
    assert len(fake.requests_to("/order")) == 1  # exactly one attempt
    order_hash = info.value.venue_order_id
    assert order_hash == platform.order_hash_for("arb-1-leg-b")
    # The order reached the venue and filled 6 of 10 before the FAK remainder was cancelled.
    fake.state.orders[order_hash] = {
        "id": order_hash, "status": "ORDER_STATUS_CANCELED", "market": CID, "asset_id": NO,
        "side": "BUY", "original_size": "10", "size_matched": "6", "price": "0.4",
        "outcome": "No", "order_type": "FAK", "owner": "k", "maker_address": "0x" + "ab" * 20,
        "associate_trades": ["t1"], "created_at": 1784486089}
    fake.state.trades_pages[None] = ([_taker_trade("t1", order_hash, [("0.38", "2"),
                                                                      ("0.39", "4")])], "LTE=")
    found = platform.get_order(client_order_id="arb-1-leg-b")
    assert found is not None
    assert (found.status, found.filled_size, found.venue_order_id) == (
        OrderStatus.PARTIAL, Decimal(6), order_hash)
    # The average comes from what matched (2 @ 0.38, 4 @ 0.39), not the 0.40 limit.
    assert found.average_price == (2 * Decimal("0.38") + 4 * Decimal("0.39")) / 6
    (lookup,) = fake.requests_to(f"/data/order/{order_hash}")
    assert lookup.auth_ok is True
    assert fake.requests_to("/data/trades")[0].query["id"] == ["t1"]


def _taker_trade(trade_id: str, order_id: str, levels: list[tuple[str, str]]) -> dict:
    """A CLOB trade in which our order `order_id` took the given (price, size) levels."""
    return {"id": trade_id, "market": CID, "asset_id": NO, "side": "BUY",
            "size": str(sum(Decimal(s) for _, s in levels)), "price": "0.4",
            "fee_rate_bps": "0", "status": "TRADE_STATUS_MATCHED", "trader_side": "TAKER",
            "taker_order_id": order_id, "match_time": "1784486090", "outcome": "No",
            "maker_orders": [{"order_id": f"0xm{i}", "asset_id": NO, "side": "SELL", "price": p,
                              "matched_amount": q, "owner": "x", "maker_address": "0x" + "cd" * 20,
                              "outcome": "No"} for i, (p, q) in enumerate(levels)]}


@pytest.mark.parametrize(("status", "matched", "state", "remaining"), [
    ("ORDER_STATUS_LIVE", "4", OrderStatus.RESTING, Decimal(6)),  # partial, still resting
    ("LIVE", "0", OrderStatus.RESTING, Decimal(10)),
    ("ORDER_STATUS_DELAYED", "0", OrderStatus.RESTING, Decimal(10)),
    ("ORDER_STATUS_MATCHED", "10", OrderStatus.FILLED, 0),
    ("matched", "10", OrderStatus.FILLED, 0),
    ("ORDER_STATUS_CANCELED", "0", OrderStatus.CANCELED, 0),
    ("ORDER_STATUS_CANCELED_MARKET_RESOLVED", "3", OrderStatus.PARTIAL, 0),
    ("ORDER_STATUS_UNMATCHED", "0", OrderStatus.CANCELED, 0),  # delayed, then never matched
    ("ORDER_STATUS_INVALID", "0", OrderStatus.REJECTED, 0),
])
def test_order_lookup_statuses_in_both_forms(fake, eoa, status, matched, state, remaining):
    platform = _trading(fake, eoa)
    fake.state.orders["0xo1"] = {
        "id": "0xo1", "status": status, "market": CID, "asset_id": NO, "side": "BUY",
        "original_size": "10", "size_matched": matched, "price": "0.4", "outcome": "No",
        "order_type": "GTC", "owner": "k", "maker_address": "0x" + "ab" * 20,
        "associate_trades": [], "created_at": 1784486089}
    found = platform.get_order(venue_order_id="0xo1")
    assert (found.status, found.filled_size, found.remaining_size) == (
        state, Decimal(matched), remaining)
    if Decimal(matched) > 0:
        # No trades listed yet: the limit price stands in, and the answer says so.
        assert found.average_price == Decimal("0.4")
        assert "limit price" in found.message


def test_order_lookup_sizes_in_base_units_are_read_as_shares(fake, eoa):
    platform = _trading(fake, eoa)
    fake.state.orders["0xo1"] = {
        "id": "0xo1", "status": "ORDER_STATUS_LIVE", "market": CID, "asset_id": NO,
        "side": "BUY", "original_size": "100000000", "size_matched": "0", "price": "0.5",
        "outcome": "No", "order_type": "GTC", "owner": "k", "maker_address": "0x" + "ab" * 20,
        "associate_trades": [], "created_at": 1784486089}
    assert platform.get_order(venue_order_id="0xo1").remaining_size == Decimal(100)


def test_an_unknown_order_status_is_a_bad_response(fake, eoa):
    platform = _trading(fake, eoa)
    fake.state.orders["0xo1"] = {"id": "0xo1", "status": "ORDER_STATUS_SOMETHING_NEW",
                                 "original_size": "10", "size_matched": "0", "price": "0.5"}
    with pytest.raises(BadResponse):
        platform.get_order(venue_order_id="0xo1")


def test_an_order_the_venue_never_saw_is_none(fake, eoa):
    platform = _trading(fake, eoa)
    platform.remember_order_hash("lost-1", "0x" + "ee" * 32)
    assert platform.get_order(client_order_id="lost-1") is None


def test_an_unknown_client_order_id_is_an_error_not_not_placed(fake, eoa):
    with pytest.raises(PlatformError):
        _trading(fake, eoa).get_order(client_order_id="never-prepared")


def test_a_garbage_order_answer_is_treated_like_a_timeout(fake, eoa):
    platform = _trading(fake, eoa)
    fake.fail_next("/order", "garbage")
    with pytest.raises(OrderTimeout) as info:
        platform.place_order(_intent())
    assert info.value.venue_order_id == platform.order_hash_for("arb-1-leg-b")


@pytest.mark.parametrize(("fault", "error"), [("500", OrderTimeout), ("502html", OrderTimeout)])
def test_an_ambiguous_5xx_on_an_order_is_reconciled_not_assumed_lost(fake, eoa, fault, error):
    platform = _trading(fake, eoa)
    fake.fail_next("/order", fault)
    with pytest.raises(error) as info:
        platform.place_order(_intent())
    assert info.value.venue_order_id == platform.order_hash_for("arb-1-leg-b")
    assert len(fake.requests_to("/order")) == 1


def test_engine_restarting_refuses_the_order(fake, eoa):
    platform = _trading(fake, eoa)
    fake.state.order_responses.append((425, {"error": "matching engine restarting"}))
    with pytest.raises(PlatformUnavailable) as info:
        platform.place_order(_intent())
    assert not isinstance(info.value, OrderTimeout)
    assert len(fake.requests_to("/order")) == 1


def test_wrong_secret_is_an_auth_error(fake, eoa):
    fake.state.api_secret = "b3RoZXItc2VjcmV0"
    with pytest.raises(AuthError):
        _trading(fake, eoa).get_balance()


def test_no_credentials_no_trading(fake):
    platform = make_platform(fake)
    assert not platform.has_credentials
    with pytest.raises(AuthError):
        platform.place_order(_intent())
    assert fake.state.requests == []


def test_intent_without_token_or_off_tick_is_refused_before_sending(fake, eoa):
    platform = _trading(fake, eoa)
    with pytest.raises(OrderRejected):
        platform.place_order(_intent(token_id=""))
    with pytest.raises(OrderRejected):
        platform.place_order(_intent(price=Decimal("0.405")))
    assert fake.requests_to("/order") == []


def test_cancel(fake, eoa):
    platform = _trading(fake, eoa)
    fake.state.cancel_response = {"canceled": ["0xaa"], "not_canceled": {}}
    platform.cancel_order("0xaa")
    fake.state.cancel_response = {"canceled": [], "not_canceled": {"0xbb": "order already matched"}}
    with pytest.raises(OrderRejected):
        platform.cancel_order("0xbb")
    requests = fake.requests_to("/order")
    assert [json.loads(r.body) for r in requests] == [{"orderID": "0xaa"}, {"orderID": "0xbb"}]
    assert all(r.method == "DELETE" and r.auth_ok for r in requests)


def test_fills_from_trades_with_fees_and_outcomes(fake, eoa):
    platform = _trading(fake, eoa)
    funder = make_credentials(eoa).funder
    yes_market = tradeable(load("gamma_market_open_fee_enabled_trimmed.json"))
    fake.state.markets_by_token[YES] = [yes_market]
    fake.state.markets_by_token[NO] = [yes_market]  # the fee schedule of the NO token's market
    taker = {"id": "t1", "market": CID, "asset_id": NO, "side": "BUY", "size": "10",
             "price": "0.4", "fee_rate_bps": "700", "status": "MATCHED",
             "trader_side": "TAKER", "taker_order_id": "0xo1", "match_time": "1784486090",
             "maker_orders": [], "outcome": "No"}
    maker = {"id": "t2", "market": CID, "asset_id": YES, "side": "SELL", "size": "3",
             "price": "0.6", "fee_rate_bps": "700", "status": "CONFIRMED",
             "trader_side": "MAKER", "taker_order_id": "0xother", "match_time": "1784486091",
             "maker_orders": [{"order_id": "0xo2", "asset_id": YES, "side": "SELL",
                               "price": "0.6", "matched_amount": "3", "owner": "x",
                               "maker_address": funder, "outcome": "Yes"}]}
    # The REST API sends TRADE_STATUS_FAILED; the stream's bare form is accepted too.
    failed = dict(taker, id="t3", status="TRADE_STATUS_FAILED")
    failed_bare = dict(taker, id="t4", status="FAILED")
    fake.state.trades_pages[None] = ([taker], "n1")
    fake.state.trades_pages["n1"] = ([maker, failed, failed_bare], "LTE=")
    platform._token_sides[NO] = (CID, Outcome.NO)  # as prepare_order would have recorded it
    platform.remember_order_hash("arb-7-leg-b", "0xo1")  # an order this process sent
    fills = platform.list_fills(since=datetime(2026, 7, 1, tzinfo=UTC))
    assert [(f.venue_order_id, f.outcome, f.action, f.size) for f in fills] == [
        ("0xo1", Outcome.NO, Action.BUY, Decimal(10)),
        ("0xo2", Outcome.YES, Action.SELL, Decimal(3)),
    ]
    assert fills[0].fee == Decimal("0.168")  # 10 x 0.07 x 0.4 x 0.6
    assert [f.client_order_id for f in fills] == ["arb-7-leg-b", ""]
    assert fills[1].fee == 0  # makers pay nothing
    assert fills[1].market_external_id == CID
    assert fake.requests_to("/data/trades")[0].query["after"] == ["1782864000"]


def test_fill_fees_use_the_markets_fee_exponent_and_each_swept_level(fake, eoa):
    platform = _trading(fake, eoa)
    market = tradeable(load("gamma_market_open_fee_enabled_trimmed.json"),
                       feeSchedule={"exponent": 2, "rate": 0.25, "takerOnly": True})
    fake.state.markets_by_token[NO] = [market]
    trade = _taker_trade("t9", "0xo9", [("0.38", "2"), ("0.40", "8")])
    trade["fee_rate_bps"] = "2500"  # the rate the venue applied: 0.25
    fake.state.trades_pages[None] = ([trade], "LTE=")
    fills = platform.list_fills()
    assert [(f.venue_fill_id, f.price, f.size) for f in fills] == [
        ("t9", Decimal("0.38"), Decimal(2)), ("t9:1", Decimal("0.40"), Decimal(8))]
    # fee = size x rate x (p(1-p))^2 per level, rounded to 5 decimals (not the exponent-1 fee).
    assert [f.fee for f in fills] == [Decimal("0.02775"), Decimal("0.1152")]
    assert all(f.outcome is Outcome.NO and f.market_external_id == CID for f in fills)


def test_positions_and_balance(fake, eoa):
    platform = _trading(fake, eoa)
    fake.state.positions = [
        {"condition_id": CID, "token_id": YES, "current_size": 12.5, "outcome_index": 0},
        {"condition_id": CID, "token_id": NO, "current_size": 0, "outcome_index": 1},
        {"condition_id": "0x" + "3" * 64, "token_id": "5", "current_size": "4", "outcome_index": 1},
    ]
    fake.state.balance = {"balance": "125500000", "allowances": {}}
    positions = platform.get_positions()
    assert [(p.market_external_id, p.outcome, p.size) for p in positions] == [
        (CID, Outcome.YES, Decimal("12.5")), ("0x" + "3" * 64, Outcome.NO, Decimal(4))]
    assert fake.requests_to("/v2/positions")[0].query["user"] == [make_credentials(eoa).funder]
    assert platform.get_balance() == Decimal("125.5")
    balance_request = fake.requests_to("/balance-allowance")[0]
    assert balance_request.query == {"asset_type": ["COLLATERAL"], "signature_type": ["3"]}


def test_secrets_never_reach_the_logs(fake, eoa, caplog):
    caplog.set_level(logging.DEBUG)
    platform = _trading(fake, eoa)
    fake.state.order_responses.append((400, {"error": "not enough balance / allowance"}))
    with pytest.raises(OrderRejected):
        platform.place_order(_intent())
    logged = caplog.text + repr(platform.credentials)
    for secret in (API_SECRET, API_PASSPHRASE, eoa.key.hex(), eoa.key.hex()[2:]):
        assert secret not in logged


# --- rate limits and the registry factory ------------------------------------------------------
def test_every_request_takes_a_token_from_its_endpoint_bucket(fake):
    from platforms.http import TokenBucket

    waits: list[float] = []
    now = [0.0]
    platform = make_platform(fake)
    # One token, refilled at 1/s on a fake clock: the second and third batch must wait.
    bucket = TokenBucket(rate=1.0, capacity=1.0, clock=lambda: now[0],
                         sleep=lambda s: (waits.append(s), now.__setitem__(0, now[0] + s)))
    platform.client.buckets["clob_books"] = bucket
    refs = [MarketRef(external_id=f"0x{i:064x}", yes_token_id=str(10**70 + i)) for i in range(1100)]
    platform.get_books(refs)
    assert len(fake.requests_to("/books")) == 3
    assert waits == [1.0, 1.0]


def test_bucket_budgets_follow_the_documented_10s_limits(fake):
    buckets = make_platform(fake).client.buckets
    for name, per_10s in [("gamma_markets", 300), ("clob_books", 500), ("clob_book", 1500),
                          ("clob_data", 500), ("clob_balance", 200)]:
        bucket = buckets[name]
        # At most capacity + 10 s of refill in any 10 s window: never over the venue's limit.
        assert bucket.capacity + 10 * bucket.rate <= per_10s
    assert (buckets["order_post"].rate, buckets["order_post"].capacity) == (40, 60)


def test_registry_factory_reads_settings(settings, eoa):
    from platforms.polymarket.platform import PolymarketPlatform, build

    settings.POLYMARKET_PRIVATE_KEY = ""
    assert not build().has_credentials
    settings.POLYMARKET_PRIVATE_KEY = eoa.key.hex()
    settings.POLYMARKET_API_KEY = "k"
    settings.POLYMARKET_API_SECRET = API_SECRET
    settings.POLYMARKET_API_PASSPHRASE = API_PASSPHRASE
    settings.POLYMARKET_FUNDER = "0x" + "ab" * 20
    settings.POLYMARKET_SIGNATURE_TYPE = 3
    settings.EVENTSARB_HTTP_TIMEOUT_S = 4.5
    platform = build()
    assert isinstance(platform, PolymarketPlatform)
    assert platform.has_credentials
    assert platform.address == eoa.address
    assert platform.client.clob.timeout_s == 4.5
    assert platform.pair_side == "b"
    assert platform.slug == "polymarket"


def test_a_bad_private_key_is_an_auth_error_that_does_not_echo_it(settings):
    from platforms.polymarket.platform import build

    settings.POLYMARKET_PRIVATE_KEY = "0xnot-a-key-deadbeef"
    settings.POLYMARKET_API_KEY = "k"
    settings.POLYMARKET_API_SECRET = API_SECRET
    settings.POLYMARKET_API_PASSPHRASE = API_PASSPHRASE
    with pytest.raises(AuthError) as info:
        build()
    assert "deadbeef" not in str(info.value)
    assert info.value.__cause__ is None


def test_venue_fee_matches_the_documented_examples(fake):
    from pricing.fees import Fee
    platform = make_platform(fake)
    crypto = Fee(kind="polymarket", rate=Decimal("0.07"), exponent=Decimal(1))
    # docs: 100 shares at 0.50 on a crypto market pay $1.75; 10 at 0.65 pay 0.15925.
    assert platform.fee(crypto, price=Decimal("0.5"), size=Decimal(100)) == Decimal("1.75")
    assert platform.fee(crypto, price=Decimal("0.65"), size=Decimal(10)) == Decimal("0.15925")
    assert platform.fee(crypto, price=Decimal("0.5"), size=Decimal(100), maker=True) == 0


def test_order_hash_known_before_sending_survives_a_restart(fake, eoa):
    """The hash journaled before the POST is the order sent; a new process finds the order by it."""
    ticks = iter(range(1000))
    # A moving clock: signing again would give another timestamp and so another hash.
    platform = make_platform(fake, credentials=make_credentials(eoa), timeout_s=0.2,
                             clock=lambda: FIXED_NOW_S + next(ticks))
    expected = platform.venue_order_id_before_send(_intent())
    assert platform.prepare_order(_intent()).order_hash != expected
    fake.state.timeout_sleep_s = 0.6
    fake.fail_next("/order", "timeout")
    with pytest.raises(OrderTimeout) as info:
        platform.place_order(_intent())
    assert info.value.venue_order_id == expected
    (sent,) = fake.requests_to("/order")
    fake.state.orders[expected] = {
        "id": expected, "status": "MATCHED", "market": CID, "asset_id": NO, "side": "BUY",
        "original_size": "10", "size_matched": "10", "price": "0.4", "outcome": "No",
        "order_type": "FAK", "owner": "k", "maker_address": "0x" + "ab" * 20,
        "associate_trades": ["t1"], "created_at": 1784486089}
    fake.state.trades_pages[None] = ([_taker_trade("t1", expected, [("0.4", "10")])], "LTE=")
    # A restarted process has an empty in-memory journal: only the persisted hash finds it.
    restarted = make_platform(fake, credentials=make_credentials(eoa), clock=lambda: FIXED_NOW_S)
    with pytest.raises(PlatformError):
        restarted.get_order(client_order_id="arb-1-leg-b")
    found = restarted.get_order(client_order_id="arb-1-leg-b", venue_order_id=expected)
    assert found is not None
    assert found.filled_size == Decimal(10)
