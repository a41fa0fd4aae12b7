"""Orders, fills, positions and balance end to end against the fake Kalshi server."""

from __future__ import annotations

from decimal import Decimal

import pytest

from platforms.base import (
    Action,
    AuthError,
    BadResponse,
    OrderIntent,
    OrderRejected,
    OrderStatus,
    OrderTimeout,
    Outcome,
    RateLimited,
    TimeInForce,
)
from platforms.kalshi.parse import parse_create_response, parse_order
from platforms.kalshi.platform import AmbiguousOrderResponse, order_side_and_price
from pricing.fees import kalshi_fee

from .conftest import load

D = Decimal
ORDERS = "/portfolio/events/orders"


def intent(cid="cid-1", *, outcome=Outcome.YES, action=Action.BUY, price="0.56", size="10",
           tif=TimeInForce.IOC, ticker="KXHIGHNY-24JAN01-T60-0"):
    return OrderIntent(client_order_id=cid, market_external_id=ticker, outcome=outcome,
                       action=action, price=D(price), size=D(size), time_in_force=tif)


@pytest.mark.parametrize(
    ("outcome", "action", "price", "side", "yes_price"),
    [(Outcome.YES, Action.BUY, "0.56", "bid", "0.56"),
     (Outcome.NO, Action.BUY, "0.40", "ask", "0.60"),
     (Outcome.YES, Action.SELL, "0.56", "ask", "0.56"),
     (Outcome.NO, Action.SELL, "0.30", "bid", "0.70")],
)
def test_side_and_yes_price_convention(outcome, action, price, side, yes_price):
    assert order_side_and_price(intent(outcome=outcome, action=action, price=price)) == (
        side, D(yes_price))


def test_buy_yes_ioc_request_and_result(fake_kalshi, make_platform):
    result = make_platform().place_order(intent())
    sent = fake_kalshi.requests_to(ORDERS, "POST")
    assert len(sent) == 1
    assert sent[0].signature_ok is True
    assert sent[0].body == {
        "ticker": "KXHIGHNY-24JAN01-T60-0", "client_order_id": "cid-1", "side": "bid",
        "count": "10.00", "price": "0.5600", "time_in_force": "immediate_or_cancel",
        "self_trade_prevention_type": "taker_at_cross",
    }
    assert result.status is OrderStatus.FILLED
    assert result.client_order_id == "cid-1"
    assert result.filled_size == D(10)
    assert result.average_price == D("0.56")
    assert result.fee_paid == kalshi_fee(price=D("0.56"), size=D(10))
    assert result.venue_order_id in fake_kalshi.orders


def test_buy_no_is_an_ask_at_one_minus_price_and_reports_the_no_price(fake_kalshi,
                                                                      make_platform):
    result = make_platform().place_order(intent(outcome=Outcome.NO, price="0.40",
                                                tif=TimeInForce.FOK))
    body = fake_kalshi.requests_to(ORDERS, "POST")[0].body
    assert (body["side"], body["price"], body["time_in_force"]) == ("ask", "0.6000",
                                                                     "fill_or_kill")
    assert result.average_price == D("0.40")
    assert result.status is OrderStatus.FILLED


def test_partial_ioc_fill(fake_kalshi, make_platform):
    fake_kalshi.script_fill(D(4))
    result = make_platform().place_order(intent(size="10.5"))
    assert fake_kalshi.requests_to(ORDERS, "POST")[0].body["count"] == "10.50"
    assert result.status is OrderStatus.PARTIAL
    assert result.filled_size == D(4)


def test_partial_fill_whose_remainder_rests_is_not_final(fake_kalshi, make_platform):
    """An answer counting a remainder may leave it on the book: RESTING with what filled, so
    the caller looks it up (and cancels it) instead of hedging a size that can still grow."""
    fake_kalshi.script_fill(D(4), rest=True)
    platform = make_platform()
    result = platform.place_order(intent(size="10"))
    assert (result.status, result.filled_size, result.remaining_size) == (
        OrderStatus.RESTING, D(4), D(6))
    platform.cancel_order(result.venue_order_id)
    looked_up = platform.get_order(venue_order_id=result.venue_order_id)
    assert (looked_up.status, looked_up.filled_size) == (OrderStatus.PARTIAL, D(4))


def test_fok_that_cannot_fill_is_canceled(fake_kalshi, make_platform):
    fake_kalshi.script_fill(D(4))
    result = make_platform().place_order(intent(tif=TimeInForce.FOK))
    assert result.status is OrderStatus.CANCELED
    assert result.filled_size == 0
    assert result.average_price is None


def test_gtc_rests_then_cancel_and_look_up(fake_kalshi, make_platform):
    platform = make_platform()
    placed = platform.place_order(intent(tif=TimeInForce.GTC))
    assert placed.status is OrderStatus.RESTING
    assert placed.remaining_size == D(10)
    platform.cancel_order(placed.venue_order_id, market_external_id="KXHIGHNY-24JAN01-T60-0")
    cancel = fake_kalshi.requests_to(f"{ORDERS}/{placed.venue_order_id}", "DELETE")
    assert cancel[0].query == {"market_ticker": ["KXHIGHNY-24JAN01-T60-0"]}
    assert cancel[0].signature_ok is True
    looked_up = platform.get_order(venue_order_id=placed.venue_order_id)
    assert looked_up.status is OrderStatus.CANCELED
    assert looked_up.client_order_id == "cid-1"


def test_cancel_of_a_filled_order_is_rejected(fake_kalshi, make_platform):
    platform = make_platform()
    placed = platform.place_order(intent())
    with pytest.raises(OrderRejected) as err:
        platform.cancel_order(placed.venue_order_id)
    assert err.value.code == "order_not_cancelable"


@pytest.mark.parametrize(
    ("body", "code"),
    [({"error": {"code": "invalid_price", "message": "invalid price", "service": "exchange"}},
      "invalid_price"),
     ({"code": "invalid_parameters", "message": "invalid parameters",
       "details": "price must be on the market's price grid"}, "invalid_parameters")],
)
def test_rejections_in_both_error_forms(fake_kalshi, make_platform, body, code):
    fake_kalshi.fail(ORDERS, method="POST", status=400, body=body)
    with pytest.raises(OrderRejected) as err:
        make_platform().place_order(intent())
    assert err.value.code == code
    assert fake_kalshi.orders == {}


def test_reused_client_order_id_is_rejected_by_the_venue(fake_kalshi, make_platform):
    platform = make_platform()
    platform.place_order(intent())
    with pytest.raises(OrderRejected) as err:
        platform.place_order(intent())
    assert err.value.code == "order_already_exists"
    assert err.value.status == 409


def test_lost_response_is_recovered_by_client_order_id(fake_kalshi, make_platform):
    """The venue places the order but the answer never arrives: OrderTimeout, one attempt
    only, then the order is found by its client_order_id."""
    fake_kalshi.fail(ORDERS, method="POST", mode="hang", process=True, hang_s=3.0)
    platform = make_platform(timeout_s=0.3)
    with pytest.raises(OrderTimeout):
        platform.place_order(intent("cid-lost"))
    assert len(fake_kalshi.requests_to(ORDERS, "POST")) == 1
    found = platform.get_order(client_order_id="cid-lost",
                               market_external_id="KXHIGHNY-24JAN01-T60-0")
    assert found is not None
    assert found.status is OrderStatus.FILLED
    assert found.filled_size == D(10)
    assert fake_kalshi.requests_to("/portfolio/orders")[-1].query["ticker"] == [
        "KXHIGHNY-24JAN01-T60-0"]


def test_dropped_connection_without_placement_finds_nothing(fake_kalshi, make_platform):
    fake_kalshi.fail(ORDERS, method="POST", mode="drop")
    platform = make_platform()
    with pytest.raises(OrderTimeout):
        platform.place_order(intent("cid-drop"))
    assert len(fake_kalshi.requests_to(ORDERS, "POST")) == 1
    assert platform.get_order(client_order_id="cid-drop") is None


def test_order_lookup_pages_through_the_orders(fake_kalshi, make_platform):
    platform = make_platform()
    for i in range(5):
        platform.place_order(intent(f"cid-{i}", tif=TimeInForce.GTC))
    fake_kalshi.page_size = 2
    assert platform.get_order(client_order_id="cid-4").client_order_id == "cid-4"
    assert len(fake_kalshi.requests_to("/portfolio/orders")) == 3
    assert platform.get_order(venue_order_id="no-such-order") is None


@pytest.mark.parametrize(
    "fault",
    [{"status": 502}, {"mode": "garbage"}, {"mode": "json", "body": {"fill_count": "1.00"}},
     {"mode": "json", "body": {"order_id": "x", "fill_count": "many"}}],
)
def test_5xx_or_unreadable_order_answers_are_ambiguous(fake_kalshi, make_platform, fault):
    fake_kalshi.fail(ORDERS, method="POST", process=True, **fault)
    with pytest.raises(AmbiguousOrderResponse) as err:
        make_platform().place_order(intent())
    assert isinstance(err.value, OrderTimeout)
    assert isinstance(err.value, BadResponse)
    assert err.value.field
    assert len(fake_kalshi.requests_to(ORDERS, "POST")) == 1


def test_429_on_an_order_is_not_retried(fake_kalshi, make_platform):
    fake_kalshi.fail(ORDERS, method="POST", status=429)
    with pytest.raises(RateLimited):
        make_platform().place_order(intent())
    assert len(fake_kalshi.requests_to(ORDERS, "POST")) == 1


@pytest.mark.parametrize(
    ("price", "size", "code"),
    [("1.20", "10", "invalid_price"), ("0", "10", "invalid_price"),
     ("0.12345", "10", "invalid_price"), ("0.50", "0", "invalid_order_size"),
     ("0.50", "1.005", "invalid_order_size")],
)
def test_intents_kalshi_would_refuse_are_rejected_locally(fake_kalshi, make_platform, price,
                                                         size, code):
    with pytest.raises(OrderRejected) as err:
        make_platform().place_order(intent(price=price, size=size))
    assert err.value.code == code
    assert fake_kalshi.requests == []


def test_trading_without_keys_is_an_auth_error(fake_kalshi, make_platform):
    platform = make_platform(keys=False)
    with pytest.raises(AuthError):
        platform.place_order(intent())
    with pytest.raises(AuthError):
        platform.cancel_order("x")
    with pytest.raises(AuthError):
        platform.get_order(client_order_id="x")
    assert fake_kalshi.requests == []


def test_fills_positions_and_balance(fake_kalshi, make_platform):
    platform = make_platform()
    platform.place_order(intent("cid-yes", size="3"))
    platform.place_order(intent("cid-no", outcome=Outcome.NO, price="0.40", size="5",
                                ticker="KXHIGHNY-24JAN02-T50"))
    fills = platform.list_fills()
    assert {(f.client_order_id, f.outcome, f.price, f.size) for f in fills} == {
        ("cid-yes", Outcome.YES, D("0.56"), D(3)),
        ("cid-no", Outcome.NO, D("0.40"), D(5)),
    }
    assert all(f.action is Action.BUY and f.ts is not None for f in fills)
    assert sum(f.fee for f in fills) == (kalshi_fee(price=D("0.56"), size=D(3))
                                         + kalshi_fee(price=D("0.40"), size=D(5)))
    positions = {(p.market_external_id, p.outcome, p.size) for p in platform.get_positions()}
    assert positions == {("KXHIGHNY-24JAN01-T60-0", Outcome.YES, D(3)),
                         ("KXHIGHNY-24JAN02-T50", Outcome.NO, D(5))}
    spent = D(3) * D("0.56") + D(5) * D("0.40") + sum(f.fee for f in fills)
    assert platform.get_balance() == D(1000) - spent
    assert all(r.signature_ok for r in fake_kalshi.requests if r.path.startswith("/portfolio"))


def test_fills_since_pass_min_ts(fake_kalshi, make_platform):
    from datetime import UTC, datetime

    platform = make_platform()
    assert platform.list_fills(since=datetime(2030, 1, 1, tzinfo=UTC)) == []
    assert fake_kalshi.requests_to("/portfolio/fills")[0].query["min_ts"] == ["1893456000"]


def test_fill_client_ids_of_older_orders_are_looked_up_one_by_one(fake_kalshi, make_platform):
    platform = make_platform()
    placed = platform.place_order(intent("cid-old"))
    # The orders listing misses it (older than `since`); GET /portfolio/orders/{id} finds it.
    fake_kalshi.fail("/portfolio/orders", method="GET", mode="json",
                     body={"orders": [], "cursor": ""})
    fills = platform.list_fills()
    assert [f.client_order_id for f in fills] == ["cid-old"]
    assert fake_kalshi.requests_to(f"/portfolio/orders/{placed.venue_order_id}")


def test_order_sample_payload():
    result = parse_order(load("order.json")["order"])
    assert result.status is OrderStatus.RESTING
    assert result.remaining_size == D(10)
    assert result.average_price is None


def test_create_response_samples():
    single = parse_create_response(load("create_order_v2_response.json"), outcome=Outcome.YES,
                                   immediate=False, requested=D(10))
    assert single.status is OrderStatus.RESTING
    assert single.remaining_size == D(10)
    batch = load("batch_create_orders_v2_response.json")["orders"]
    filled = parse_create_response(batch[1], outcome=Outcome.NO, immediate=True, requested=D(5))
    assert filled.status is OrderStatus.FILLED
    # average_fill_price is on the YES leg; average_fee_paid is per contract.
    assert filled.average_price == 1 - D("0.58")
    assert filled.fee_paid == D("0.0012") * 5


@pytest.mark.parametrize(
    ("status", "filled", "remaining", "expected"),
    [("resting", "0.00", "10.00", OrderStatus.RESTING),
     # Part filled, the rest still on the book: not final (looked up again, cancelled).
     ("resting", "4.00", "6.00", OrderStatus.RESTING),
     ("canceled", "0.00", "0.00", OrderStatus.CANCELED),
     ("canceled", "4.00", "0.00", OrderStatus.PARTIAL),
     ("executed", "10.00", "0.00", OrderStatus.FILLED)],
)
def test_order_status_mapping(status, filled, remaining, expected):
    raw = load("order.json")["order"] | {"status": status, "fill_count_fp": filled,
                                         "remaining_count_fp": remaining}
    assert parse_order(raw).status is expected


@pytest.mark.parametrize(
    ("change", "field"),
    [({"status": "pending"}, "status"), ({"order_id": None}, "order_id"),
     ({"fill_count_fp": "lots"}, "fill_count_fp")],
)
def test_malformed_orders_name_the_field(change, field):
    with pytest.raises(BadResponse) as err:
        parse_order(load("order.json")["order"] | change)
    assert err.value.field == field


def test_request_body_uses_only_fields_of_the_documented_request(fake_kalshi, make_platform):
    make_platform().place_order(intent())
    sent = fake_kalshi.requests_to(ORDERS, "POST")[0].body
    assert set(sent) <= set(load("create_order_v2_request.json"))


def test_recorded_error_bodies_map_to_rejections(fake_kalshi, make_platform):
    platform = make_platform()
    fake_kalshi.fail(ORDERS, method="POST", status=400,
                     body=load("error_order_rejected_observed.json"))
    with pytest.raises(OrderRejected) as wrapped:
        platform.place_order(intent("a"))
    fake_kalshi.fail(ORDERS, method="POST", status=400, body=load("error_response_schema.json"))
    with pytest.raises(OrderRejected) as unwrapped:
        platform.place_order(intent("b"))
    assert (wrapped.value.code, unwrapped.value.code) == ("invalid_price", "invalid_parameters")
    assert "invalid price" in str(wrapped.value)
    fake_kalshi.fail(ORDERS, method="POST", status=429, body=load("error_429_rate_limited.json"))
    with pytest.raises(RateLimited):
        platform.place_order(intent("c"))


def test_balance_sample():
    from platforms.kalshi.parse import parse_balance

    assert parse_balance(load("balance.json")) == D("1250.3412")
    assert parse_balance({"balance": 125034}) == D("1250.34")
    with pytest.raises(BadResponse) as err:
        parse_balance({"balance_dollars": None})
    assert err.value.field == "balance_dollars"


def test_websocket_fill_sample_with_legacy_side_and_action():
    from platforms.kalshi.parse import parse_fill

    msg = load("ws_fill.json")["msg"]
    fill = parse_fill(msg)
    assert (fill.market_external_id, fill.outcome, fill.action) == (
        "HIGHNY-22DEC23-B53.5", Outcome.YES, Action.BUY)
    assert (fill.price, fill.size) == (D("0.750"), D("278.00"))
    assert fill.venue_fill_id == msg["trade_id"]
    assert fill.ts is not None


@pytest.mark.parametrize(
    ("change", "field"),
    [({"count_fp": None}, "count_fp"), ({"yes_price_dollars": "2.0"}, "yes_price_dollars"),
     ({"order_id": ""}, "order_id"), ({"side": None, "outcome_side": "maybe"}, "outcome_side")],
)
def test_malformed_fills_name_the_field(change, field):
    from platforms.kalshi.parse import parse_fill

    with pytest.raises(BadResponse) as err:
        parse_fill(load("ws_fill.json")["msg"] | change)
    assert err.value.field == field


def test_keys_and_signatures_never_reach_the_logs(fake_kalshi, make_platform, rsa_pem, caplog):
    caplog.set_level("DEBUG")
    platform = make_platform()
    platform.place_order(intent())
    platform.get_balance()
    fake_kalshi.fail("/portfolio/balance", status=503)
    platform.get_balance()
    signatures = [r.headers["kalshi-access-signature"] for r in fake_kalshi.requests]
    assert len(signatures) == 4
    logged = caplog.text
    assert logged  # the HTTP edge did log the calls
    assert not any(sig in logged for sig in signatures)
    assert rsa_pem.splitlines()[1] not in logged


def test_looked_up_order_says_which_outcome_its_price_is_in():
    """A YES sell at 0.60 is recorded by Kalshi as an ask, i.e. NO bought at 0.40."""
    filled_ask = load("order.json")["order"] | {
        "outcome_side": "no", "book_side": "ask", "yes_price_dollars": "0.6000",
        "no_price_dollars": "0.4000", "fill_count_fp": "10.00", "remaining_count_fp": "0.00",
        "taker_fill_cost_dollars": "4.0000", "status": "executed",
    }
    result = parse_order(filled_ask)
    assert result.outcome is Outcome.NO
    assert result.average_price == D("0.4")
