"""PolymarketPlatform trading end to end against the fake CLOB matching engine (fake_clob.py),
which refuses what the venue refuses (amount decimals, tick, minimums, signatures, owner) and
matches like it (FAK sweeps and overfills, FOK all-or-nothing, GTC rests)."""

from __future__ import annotations

import json
from decimal import ROUND_HALF_UP, Decimal

import pytest
from eth_utils.address import to_checksum_address
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from platforms.base import (
    Action,
    AuthError,
    OrderIntent,
    OrderRejected,
    OrderStatus,
    OrderTimeout,
    Outcome,
    PlatformUnavailable,
    RateLimited,
    TimeInForce,
)
from platforms.polymarket import orders
from platforms.polymarket.platform import PolymarketPlatform
from platforms.tests.polymarket.conftest import (
    API_KEY,
    CID,
    FUNDER,
    NO,
    YES,
    make_credentials,
    make_platform,
)
from platforms.tests.polymarket.fake_clob import ClobMarket, FakeClob
from pricing.fees import Fee

D = Decimal
NOW_S = 1_784_486_089.486
CRYPTO_FEES = Fee(kind="polymarket", rate=D("0.07"), exponent=D(1))


def _platform(fake, eoa, *, signature_type: int = 3, timeout_s: float = 2.0):
    return make_platform(fake, credentials=make_credentials(eoa, signature_type=signature_type),
                         clock=lambda: NOW_S, timeout_s=timeout_s)


def _intent(**overrides) -> OrderIntent:
    values = dict(client_order_id="arb-7-leg-b", market_external_id=CID, outcome=Outcome.YES,
                  action=Action.BUY, price=D("0.99"), size=D(5), time_in_force=TimeInForce.IOC,
                  token_id=YES, tick_size=D("0.01"), min_order_size=D(5))
    values.update(overrides)
    return OrderIntent(**values)


def _sent(fake) -> dict:
    (request,) = fake.requests_to("/order")
    return json.loads(request.body)


def _fee(price: str, size: Decimal, rate: str = "0.07") -> Decimal:
    """The docs' taker fee, size x rate x p(1-p), rounded to 5 decimals (exponent 1)."""
    p = D(price)
    return (size * D(rate) * p * (1 - p)).quantize(D("0.00001"), rounding=ROUND_HALF_UP)


# --- placing: what the venue traded is what we book ---------------------------------------------
def test_a_fak_buy_for_5_at_099_filled_at_098_books_all_5_051_shares(fake, eoa, clob):
    # py-clob-client-v2#89: the FAK spends its whole $4.95 at 0.98 and receives 5.05102 shares.
    clob.set_book(YES, asks=[("0.98", "100"), ("0.99", "100")])
    platform = _platform(fake, eoa)
    result = platform.place_order(_intent())
    order = _sent(fake)
    assert order["orderType"] == "FAK"
    assert (order["order"]["makerAmount"], order["order"]["takerAmount"]) == ("4950000",
                                                                            "5000000")
    shares = D("5.051020")  # 4.95 / 0.98, cut to 6 decimals by the venue
    assert result.status is OrderStatus.FILLED
    assert result.filled_size == shares > 5
    assert result.average_price == D("4.949999") / shares  # the venue's dust stays with us
    assert result.average_price <= D("0.98")
    assert result.fee_paid == _fee("0.98", shares)  # the trade's 700 bps at the level's price
    assert result.venue_order_id == platform.order_hash_for("arb-7-leg-b")
    assert result.sent_size is None  # 5 shares at 0.99 are a whole lot: all of it was sent


def test_a_fak_sweeping_levels_books_each_level_and_the_true_average(fake, eoa, clob):
    clob.set_book(YES, asks=[("0.50", "2"), ("0.52", "3"), ("0.53", "100"), ("0.54", "100")])
    result = _platform(fake, eoa).place_order(
        _intent(price=D("0.53"), size=D("10.37"), fee=CRYPTO_FEES))
    # 10.37 at 0.53 is sent as 10 whole shares for $5.30 (the exact-price lot).
    assert result.sent_size == D(10)
    assert _sent(fake)["order"]["makerAmount"] == "5300000"
    cost_first = 2 * D("0.50") + 3 * D("0.52")  # 2.56 buys 5 shares below the limit
    at_limit = D("2.740000") / D("0.53")  # the remaining $2.74 at 0.53
    shares = 5 + at_limit.quantize(D("0.000001"), rounding="ROUND_DOWN")
    assert result.filled_size == shares
    assert result.average_price < D("0.53")
    assert result.average_price == (cost_first + D("2.739999")) / shares
    assert result.fee_paid == (_fee("0.50", D(2)) + _fee("0.52", D(3))
                               + _fee("0.53", shares - 5))
    # Below the 10.37 planned, and nothing rests: a partial, final.
    assert (result.status, result.remaining_size) == (OrderStatus.PARTIAL, 0)
    assert clob.asks[YES][0].price == D("0.53")  # 0.54 untouched: never above the limit
    assert [lv.units for lv in clob.asks[YES]][1] == 100 * 10**6


def test_a_fak_with_nothing_at_or_below_the_limit_is_cancelled_not_rejected(fake, eoa, clob):
    clob.set_book(YES, asks=[("0.60", "100")])
    result = _platform(fake, eoa).place_order(_intent(price=D("0.53"), size=D(10)))
    assert (result.status, result.filled_size, result.raw_status) == (
        OrderStatus.CANCELED, 0, "fak_not_filled")
    assert clob.trades == []


def test_fok_is_all_or_nothing(fake, eoa, clob):
    clob.set_book(YES, asks=[("0.50", "3")])
    platform = _platform(fake, eoa)
    intent = _intent(price=D("0.50"), size=D(10), time_in_force=TimeInForce.FOK)
    killed = platform.place_order(intent)
    assert (killed.status, killed.raw_status) == (OrderStatus.CANCELED, "fok_not_filled")
    assert clob.asks[YES][0].units == 3 * 10**6  # nothing consumed
    clob.set_book(YES, asks=[("0.50", "3"), ("0.50", "20")])
    filled = platform.place_order(_intent(client_order_id="arb-7-leg-b-2", price=D("0.50"),
                                          size=D(10), time_in_force=TimeInForce.FOK))
    assert (filled.status, filled.filled_size, filled.average_price) == (
        OrderStatus.FILLED, D(10), D("0.50"))
    assert json.loads(fake.requests_to("/order")[-1].body)["orderType"] == "FOK"


def test_a_market_sell_sells_its_shares_and_keeps_the_better_price(fake, eoa, clob):
    clob.set_book(YES, bids=[("0.45", "4"), ("0.40", "100"), ("0.39", "100")])
    result = _platform(fake, eoa).place_order(
        _intent(action=Action.SELL, price=D("0.40"), size=D("10.37")))
    order = _sent(fake)["order"]
    assert (order["side"], order["makerAmount"], order["takerAmount"]) == (
        "SELL", "10370000", "4148000")  # 10.37 shares for at least $4.148
    assert result.status is OrderStatus.FILLED
    assert result.filled_size == D("10.37")  # a SELL never sells more than it signs
    assert result.average_price == (4 * D("0.45") + D("6.37") * D("0.40")) / D("10.37")
    assert clob.bids[YES][-1].units == 100 * 10**6  # 0.39 untouched


def test_gtc_partial_rests_then_fills_as_maker_then_is_cancelled(fake, eoa, clob):
    clob.set_book(YES, asks=[("0.40", "4")])
    platform = _platform(fake, eoa)
    intent = _intent(price=D("0.40"), size=D(10), time_in_force=TimeInForce.GTC,
                     fee=CRYPTO_FEES)
    placed = platform.place_order(intent)
    # A partial whose remainder rests is not final: RESTING with the filled part.
    assert (placed.status, placed.filled_size, placed.remaining_size) == (
        OrderStatus.RESTING, D(4), D(6))
    assert placed.average_price == D("0.40")
    assert placed.fee_paid == _fee("0.40", D(4))
    order_id = placed.venue_order_id
    looked = platform.get_order(client_order_id="arb-7-leg-b")
    assert (looked.status, looked.filled_size, looked.remaining_size) == (
        OrderStatus.RESTING, D(4), D(6))
    assert looked.raw_status == "live"  # from ORDER_STATUS_LIVE
    clob.fill_resting(order_id, D(2))  # someone takes 2 of our resting 6: we are the maker
    looked = platform.get_order(venue_order_id=order_id)
    assert (looked.status, looked.filled_size, looked.remaining_size) == (
        OrderStatus.RESTING, D(6), D(4))
    assert looked.fee_paid == _fee("0.40", D(4))  # makers pay nothing
    assert looked.client_order_id == "arb-7-leg-b"  # known from the journal
    platform.cancel_order(order_id)
    done = platform.get_order(venue_order_id=order_id)
    assert (done.status, done.filled_size, done.remaining_size, done.average_price) == (
        OrderStatus.PARTIAL, D(6), 0, D("0.40"))
    with pytest.raises(OrderRejected) as info:
        platform.cancel_order(order_id)
    assert info.value.code == "not_canceled"
    with pytest.raises(OrderRejected) as info:
        platform.cancel_order("0x" + "77" * 32)
    assert info.value.code == "not_found"
    assert all(r.auth_ok for r in fake.requests_to("/order"))


def test_gtc_that_does_not_cross_rests_whole(fake, eoa, clob):
    clob.set_book(YES, asks=[("0.45", "100")])
    result = _platform(fake, eoa).place_order(
        _intent(price=D("0.40"), size=D(10), time_in_force=TimeInForce.GTC))
    assert (result.status, result.filled_size, result.remaining_size, result.raw_status) == (
        OrderStatus.RESTING, 0, D(10), "live")


def test_a_delayed_fak_rests_until_the_venue_matches_it(fake, eoa, clob):
    clob.set_book(YES, asks=[("0.50", "100")])
    clob.delay_next = 1
    platform = _platform(fake, eoa)
    placed = platform.place_order(_intent(price=D("0.50"), size=D(10)))
    assert (placed.status, placed.raw_status, placed.filled_size) == (
        OrderStatus.RESTING, "delayed", 0)
    assert platform.get_order(venue_order_id=placed.venue_order_id).status is (
        OrderStatus.RESTING)
    clob.release_delayed(placed.venue_order_id)
    done = platform.get_order(venue_order_id=placed.venue_order_id)
    assert (done.status, done.filled_size, done.average_price) == (
        OrderStatus.FILLED, D(10), D("0.50"))


@pytest.mark.parametrize(("prefixed", "base_units"), [(True, False), (False, True)])
def test_both_status_and_amount_forms_book_the_same(fake, eoa, clob, prefixed, base_units):
    clob.prefixed_statuses, clob.base_unit_amounts = prefixed, base_units
    clob.set_book(YES, asks=[("0.98", "100")])
    platform = _platform(fake, eoa)
    result = platform.place_order(_intent())
    assert (result.status, result.filled_size) == (OrderStatus.FILLED, D("5.051020"))
    looked = platform.get_order(venue_order_id=result.venue_order_id)
    assert (looked.status, looked.filled_size, looked.fee_paid) == (
        OrderStatus.FILLED, result.filled_size, result.fee_paid)
    # The lookup prices the trade's level (0.98); the answer's pUSD total lost 0.0000006 of
    # rounding dust to us. Both are what the venue reported.
    assert looked.average_price == D("0.98")
    assert abs(looked.average_price - result.average_price) < D("0.000001")


def test_fills_exclude_failed_trades_and_match_the_placed_order(fake, eoa, clob):
    clob.set_book(YES, asks=[("0.98", "2"), ("0.99", "100")])
    platform = _platform(fake, eoa)
    result = platform.place_order(_intent())
    fills = platform.list_fills()
    assert sum(f.size for f in fills) == result.filled_size
    assert sum(f.fee for f in fills) == result.fee_paid
    assert {f.client_order_id for f in fills} == {"arb-7-leg-b"}
    assert all(f.outcome is Outcome.YES and f.market_external_id == CID for f in fills)
    clob.fail_trade(clob.trades[0]["id"])
    assert clob.trades[0]["status"] == "TRADE_STATUS_FAILED"
    assert platform.list_fills() == []


# --- lost answers: reconcile, never resend ------------------------------------------------------
def test_an_order_placed_whose_answer_was_lost_is_found_by_client_order_id(fake, eoa, clob):
    clob.set_book(YES, asks=[("0.98", "100")])
    fake.state.timeout_sleep_s = 0.6
    fake.fail_next("/order", "lost")  # the venue places it, the answer never arrives
    platform = _platform(fake, eoa, timeout_s=0.2)
    expected = platform.venue_order_id_before_send(_intent())
    with pytest.raises(OrderTimeout) as info:
        platform.place_order(_intent())
    assert info.value.venue_order_id == expected
    assert len(fake.requests_to("/order")) == 1  # never resent
    found = platform.get_order(client_order_id="arb-7-leg-b")
    assert (found.status, found.filled_size, found.venue_order_id) == (
        OrderStatus.FILLED, D("5.051020"), expected)
    assert found.average_price == D("0.98")  # the level it matched (its trade), not the 0.99 limit
    assert found.fee_paid == _fee("0.98", D("5.051020"))


def test_a_request_that_never_answers_and_never_placed_is_none_on_lookup(fake, eoa, clob):
    clob.set_book(YES, asks=[("0.98", "100")])
    fake.state.timeout_sleep_s = 0.6
    fake.fail_next("/order", "hang")
    platform = _platform(fake, eoa, timeout_s=0.2)
    with pytest.raises(OrderTimeout):
        platform.place_order(_intent())
    assert platform.get_order(client_order_id="arb-7-leg-b") is None  # never placed
    assert clob.orders == {}


def test_sending_the_same_signed_order_twice_is_reconciled_not_rejected(fake, eoa, clob):
    clob.set_book(YES, asks=[("0.98", "100")])
    platform = _platform(fake, eoa)
    signed = platform.prepare_order(_intent())
    platform._prepared["arb-7-leg-b"] = (_intent(), signed)
    platform.place_order(_intent())
    platform._prepared["arb-7-leg-b"] = (_intent(), signed)
    with pytest.raises(OrderTimeout) as info:  # "Duplicated": the venue holds it already
        platform.place_order(_intent())
    assert info.value.venue_order_id == signed.order_hash
    assert platform.get_order(venue_order_id=signed.order_hash).status is OrderStatus.FILLED


def test_the_order_sent_is_the_one_whose_hash_was_journaled(fake, eoa, clob):
    clob.set_book(YES, asks=[("0.50", "100")])
    ticks = iter(range(100))
    # A moving clock: signing again would change the timestamp, so the hash.
    platform = make_platform(fake, credentials=make_credentials(eoa),
                             clock=lambda: NOW_S + next(ticks))
    intent = _intent(price=D("0.50"), size=D(10))
    journaled = platform.venue_order_id_before_send(intent)
    result = platform.place_order(intent)
    assert result.venue_order_id == journaled
    assert list(clob.orders) == [journaled]  # the venue's own hash of what it received
    # An intent changed after journaling is signed again, and the journal follows.
    changed = _intent(client_order_id="arb-8", price=D("0.50"), size=D(10))
    first = platform.venue_order_id_before_send(changed)
    resent = platform.place_order(_intent(client_order_id="arb-8", price=D("0.50"), size=D(12)))
    assert resent.venue_order_id != first
    assert platform.order_hash_for("arb-8") == resent.venue_order_id in clob.orders


# --- every refusal and failure, mapped ----------------------------------------------------------
def _forged(eoa, *, order_type: str, side: str, maker: int, taker: int, neg_risk: bool = False,
            key: bytes | None = None) -> orders.SignedOrder:
    """A signed order with amounts our builder never produces, to reach the venue's own rules."""
    wallet = to_checksum_address(FUNDER)
    order = orders.UnsignedOrder(
        salt=7, maker=wallet, signer=wallet, token_id=YES, maker_amount=maker,
        taker_amount=taker, side=side, signature_type=3, timestamp_ms=1_784_486_089_486,
        exchange=orders.exchange_for(neg_risk=neg_risk), order_type=order_type,
    )
    return orders.sign_order(order, private_key=(key or eoa.key).hex())


def _send_forged(platform: PolymarketPlatform, signed: orders.SignedOrder):
    intent = _intent()
    platform._prepared[intent.client_order_id] = (intent, signed)
    return platform.place_order(intent)


@pytest.mark.parametrize(("order_type", "side", "maker", "taker", "message", "code"), [
    # The bug of issue 15: limit amounts (10.37 x 0.53 = 5.4961 pUSD) sent as a FAK.
    ("FAK", "BUY", 5_496_100, 10_370_000, "invalid amounts, the market buy orders maker amount "
     "supports a max accuracy of 2 decimals, taker amount a max of 4 decimals", "invalid_amounts"),
    ("FOK", "SELL", 10_371_000, 5_496_630, "invalid amounts, the market sell orders maker amount "
     "supports a max accuracy of 2 decimals, taker amount a max of 4 decimals", "invalid_amounts"),
    ("GTC", "BUY", 5_496_150, 10_370_000, "invalid amounts, the buy orders maker amount supports "
     "a max accuracy of 4 decimals, taker amount a max of 2 decimals", "invalid_amounts"),
    ("GTC", "BUY", 5_350_000, 10_000_000, "breaks minimum tick size rule: 0.01", "invalid_tick"),
    ("GTC", "BUY", 1_600_000, 4_000_000, "lower than the minimum: 5", "below_min_size"),
    ("FAK", "BUY", 500_000, 1_000_000, "invalid amount for a marketable BUY order ($0.5), min "
     "size: $1", "below_min_notional"),
    ("FAK", "SELL", 2_000_000, 800_000, "invalid amount for a marketable SELL order ($0.8), min "
     "size: $1", "below_min_notional"),
])
def test_the_venue_refuses_orders_breaking_its_rules(fake, eoa, clob, order_type, side, maker,
                                                     taker, message, code):
    clob.set_book(YES, asks=[("0.01", "1000")], bids=[("0.99", "1000")])
    platform = _platform(fake, eoa)
    with pytest.raises(OrderRejected) as info:
        _send_forged(platform, _forged(eoa, order_type=order_type, side=side, maker=maker,
                                       taker=taker))
    assert message in str(info.value)
    assert (info.value.code, info.value.status) == (code, 400)
    assert clob.orders == {}
    assert len(fake.requests_to("/order")) == 1


@pytest.mark.parametrize("forgery", ["other_key", "wrong_exchange", "tampered"])
def test_a_signature_that_does_not_recover_to_the_signer_is_refused(fake, eoa, clob, forgery):
    platform = _platform(fake, eoa)
    if forgery == "other_key":
        signed = _forged(eoa, order_type="FAK", side="BUY", maker=5_000_000, taker=10_000_000,
                         key=bytes.fromhex("22" * 32))
    elif forgery == "wrong_exchange":  # signed for the neg-risk exchange, market is not neg-risk
        signed = _forged(eoa, order_type="FAK", side="BUY", maker=5_000_000, taker=10_000_000,
                         neg_risk=True)
    else:
        good = _forged(eoa, order_type="FAK", side="BUY", maker=5_000_000, taker=10_000_000)
        signed = orders.SignedOrder(
            order=orders.UnsignedOrder(**{**good.order.__dict__, "maker_amount": 6_000_000}),
            signature=good.signature, order_hash=good.order_hash)
    with pytest.raises(OrderRejected, match="invalid order signature"):
        _send_forged(platform, signed)


def test_neg_risk_orders_verify_against_the_neg_risk_exchange(fake, eoa, clob):
    clob.add_market(ClobMarket("0x" + "9" * 64, "111", "222", neg_risk=True))
    clob.set_book("111", asks=[("0.50", "100")])
    platform = _platform(fake, eoa)
    result = platform.place_order(_intent(token_id="111", market_external_id="0x" + "9" * 64,
                                          price=D("0.50"), size=D(10), neg_risk=True))
    assert (result.status, result.filled_size) == (OrderStatus.FILLED, D(10))


@pytest.mark.parametrize("signature_type", [0, 3])
def test_eoa_and_deposit_wallet_orders_are_accepted(fake, eoa, clob, signature_type):
    clob.set_book(YES, asks=[("0.50", "100")])
    result = _platform(fake, eoa, signature_type=signature_type).place_order(
        _intent(price=D("0.50"), size=D(10)))
    assert result.status is OrderStatus.FILLED
    assert _sent(fake)["order"]["signatureType"] == signature_type


def test_owner_other_than_the_api_key_and_balance_are_refused(fake, eoa, clob):
    clob.set_book(YES, asks=[("0.50", "100")])
    clob.balance = D("4.99")
    platform = _platform(fake, eoa)
    with pytest.raises(OrderRejected) as info:
        platform.place_order(_intent(price=D("0.50"), size=D(10)))
    assert info.value.code == "not_enough_balance"
    clob.balance = None
    clob.api_key = "another-key"
    with pytest.raises(OrderRejected, match="owner has to be the owner of the API KEY"):
        platform.place_order(_intent(client_order_id="x-2", price=D("0.50"), size=D(10)))


def test_the_sendable_size_is_what_the_order_carries(fake, eoa, clob):
    clob.set_book(YES, asks=[("0.53", "100")])
    platform = _platform(fake, eoa)
    intent = _intent(price=D("0.53"), size=D("10.37"))
    assert platform.sendable_size(intent) == D(10)
    assert platform.sendable_size(_intent(price=D("0.53"), size=D("10.37"),
                                          time_in_force=TimeInForce.GTC)) == D("10.37")
    assert platform.place_order(intent).sent_size == D(10)
    with pytest.raises(OrderRejected):
        platform.sendable_size(_intent(price=D("0.53"), size=D("0.99")))
    assert len(fake.requests_to("/order")) == 1


def test_bad_intents_are_refused_before_anything_is_sent(fake, eoa, clob):
    platform = _platform(fake, eoa)
    for intent in (_intent(price=D("0.535")),  # off the 0.01 grid
                   _intent(price=D("0.53"), size=D("0.99")),  # no whole lot at 0.53
                   _intent(price=D("0.10"), size=D(9)),  # a $0.90 market order
                   _intent(time_in_force=TimeInForce.GTC, size=D("4.99"))):  # below 5 shares
        with pytest.raises(OrderRejected) as info:
            platform.place_order(intent)
        assert info.value.code == "bad_intent"
    assert fake.requests_to("/order") == []


def test_wrong_credentials_are_an_auth_error(fake, eoa, clob):
    fake.state.api_secret = "b3RoZXItc2VjcmV0"
    with pytest.raises(AuthError):
        _platform(fake, eoa).place_order(_intent())
    assert clob.orders == {}


@pytest.mark.parametrize(("fault", "error"), [
    ("429", RateLimited), ("500", OrderTimeout), ("502html", OrderTimeout),
    ("garbage", OrderTimeout), ("drop", OrderTimeout), ("hang", OrderTimeout),
])
def test_order_faults_map_to_errors_and_are_never_retried(fake, eoa, clob, fault, error):
    clob.set_book(YES, asks=[("0.98", "100")])
    fake.state.timeout_sleep_s = 0.6
    fake.fail_next("/order", fault)
    platform = _platform(fake, eoa, timeout_s=0.2)
    with pytest.raises(error) as info:
        platform.place_order(_intent())
    assert len(fake.requests_to("/order")) == 1
    if isinstance(info.value, OrderTimeout):
        assert info.value.venue_order_id == platform.order_hash_for("arb-7-leg-b")
    if isinstance(info.value, RateLimited):
        assert info.value.retry_after_s == 0
    # These faults answered (or hung) before the engine saw the order: a lookup finds nothing.
    assert platform.get_order(client_order_id="arb-7-leg-b") is None


@pytest.mark.parametrize("status", [425, 503])
def test_engine_restart_and_trading_disabled_refuse_the_order_outright(fake, eoa, clob, status):
    fake.state.clob = None  # scripted answers for these statuses
    fake.state.order_responses.append((status, {"error": "matching engine restarting"}))
    with pytest.raises(PlatformUnavailable) as info:
        _platform(fake, eoa).place_order(_intent())
    assert not isinstance(info.value, OrderTimeout)
    assert info.value.status == status


def test_lookups_retry_429_and_5xx_then_report_unavailable(fake, eoa, clob):
    clob.set_book(YES, asks=[("0.98", "100")])
    platform = _platform(fake, eoa, timeout_s=0.2)
    order_id = platform.place_order(_intent()).venue_order_id
    path = f"/data/order/{order_id}"
    fake.fail_next(path, "429", "500")
    assert platform.get_order(venue_order_id=order_id).status is OrderStatus.FILLED
    assert len(fake.requests_to(path)) == 3
    fake.state.timeout_sleep_s = 0.6
    fake.fail_next(path, "500", "hang", "502html")
    with pytest.raises(PlatformUnavailable):
        platform.get_order(venue_order_id=order_id)


def test_a_fee_is_estimated_when_the_trades_cannot_be_read_yet(fake, eoa, clob):
    clob.set_book(YES, asks=[("0.50", "100")])
    fake.fail_next("/data/trades", "500", "500", "500")
    result = _platform(fake, eoa).place_order(
        _intent(price=D("0.50"), size=D(10), fee=CRYPTO_FEES))
    assert (result.status, result.filled_size) == (OrderStatus.FILLED, D(10))
    assert result.fee_paid == _fee("0.50", D(10))
    assert "estimated" in result.message


# --- property: every order the builder makes is accepted and never fills beyond its limit -------
TICKS = [D(t) for t in ("0.1", "0.01", "0.005", "0.0025", "0.001", "0.0001")]
_counter = iter(range(10**9))


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data(), side=st.sampled_from([Action.BUY, Action.SELL]),
       tif=st.sampled_from([TimeInForce.IOC, TimeInForce.FOK, TimeInForce.GTC]),
       tick=st.sampled_from(TICKS), size_cents=st.integers(min_value=500, max_value=200_000))
def test_the_venue_accepts_every_built_order_and_fills_at_the_touch_never_beyond(
    fake, eoa, data, side, tif, tick, size_cents
):
    ticks = int(1 / tick)
    limit = tick * data.draw(st.integers(min_value=1, max_value=ticks - 1), label="ticks")
    size = D(size_cents) / 100
    engine = FakeClob(api_key=API_KEY, owner_address=eoa.address, funder=FUNDER)
    engine.add_market(ClobMarket(CID, YES, NO, tick_size=tick, fee_rate_bps=D(0)))
    better = limit - tick if side is Action.BUY else limit + tick
    worse = limit + tick if side is Action.BUY else limit - tick
    # Liquidity at the limit (enough for any order), a little at a better price, and some just
    # beyond the limit that must never be touched.
    levels = [(str(limit), "100000")]
    if tick <= better <= 1 - tick:
        levels.append((str(better), "3"))
    if tick <= worse <= 1 - tick:
        levels.append((str(worse), "100000"))
    if side is Action.BUY:
        engine.set_book(YES, asks=levels)
    else:
        engine.set_book(YES, bids=levels)
    fake.state.clob = engine
    platform = _platform(fake, eoa)
    intent = _intent(client_order_id=f"prop-{next(_counter)}", action=side, price=limit,
                     size=size, time_in_force=tif, tick_size=tick)
    try:
        result = platform.place_order(intent)
    except OrderRejected as exc:
        # Only our own pre-send checks may refuse (no lot, below a minimum): never the venue.
        assert exc.code == "bad_intent", str(exc)  # noqa: PT017
        event("refused before sending")
        return
    event(f"placed {tif.value} {side.value}: {result.status.value}")
    # Priced exactly at the limit, the order lifts the touch: with the liquidity there it
    # trades all it sent (a market BUY spends all its pUSD, so maybe more shares than that).
    sent = size if result.sent_size is None else result.sent_size
    assert result.filled_size >= sent if side is Action.BUY else result.filled_size == sent
    assert result.status is (OrderStatus.FILLED if result.filled_size >= size
                             else OrderStatus.PARTIAL)
    assert result.average_price is not None
    if side is Action.BUY:
        assert result.average_price <= limit
    else:
        assert result.average_price >= limit
        assert result.filled_size <= size
    beyond = [lv for lv in (engine.asks if side is Action.BUY else engine.bids)[YES]
              if lv.price == D(worse)]
    assert all(lv.units == 100_000 * 10**6 for lv in beyond)
