"""CLOB V2 order signing, amounts, hash and L2 HMAC, checked against eth-account recovery, a real
signed order from the wild and polymarket-client 0.14.0's own builders."""

from __future__ import annotations

from decimal import Decimal

import pytest
from eth_account import Account
from eth_account.messages import encode_typed_data
from eth_utils import to_checksum_address
from hypothesis import given, settings
from hypothesis import strategies as st
from polymarket._internal.actions.orders.limit import _compute_limit_order_amounts
from polymarket._internal.actions.orders.market import _compute_market_order_amounts
from polymarket._internal.actions.orders.post import build_post_order_request
from polymarket._internal.actions.orders.typed_data import (
    build_order_signature,
    build_order_typed_data,
)
from polymarket._internal.actions.orders.types import UnsignedOrder as SdkUnsignedOrder
from polymarket._internal.hmac import build_hmac_signature
from polymarket.models.clob.orders import SignedOrder as SdkSignedOrder

from platforms.polymarket import orders
from platforms.tests.polymarket.conftest import load

TOKEN = "66335306745821529065179061745515953781644081595464464996921948603911228936814"
FUNDER = "0x" + "ab" * 20


def _order(eoa, *, signature_type: int, neg_risk: bool = False, side: str = "BUY",
           order_type: str = "GTC"):
    return orders.build_order(
        signer_address=eoa.address, funder=FUNDER, signature_type=signature_type,
        token_id=TOKEN, side=side, price=Decimal("0.37"), size=Decimal("12.345"),
        tick_size=Decimal("0.01"), neg_risk=neg_risk, salt=123456789,
        timestamp_ms=1784486089486, order_type=order_type,
    )


def _sdk_order(order: orders.UnsignedOrder) -> SdkUnsignedOrder:
    return SdkUnsignedOrder(
        chain_id=137, builder=order.builder, exchange_address=order.exchange, expiration=0,
        maker=order.maker, maker_amount=order.maker_amount, metadata=order.metadata,
        order_type="GTC", salt=order.salt, side=order.side, signature_type=order.signature_type,
        signer=order.signer, taker_amount=order.taker_amount, timestamp=order.timestamp_ms,
        token_id=order.token_id,
    )


def test_the_real_v2_order_from_the_wild_recovers_to_its_signer():
    # A V2 order POSTed to the live CLOB (py-clob-client-v2 issue #103): our typed data for the
    # standard exchange must recover its signature to its signer.
    raw = load("clob_post_order_signed_v2_order_real_from_issue.json")["order"]
    order = orders.UnsignedOrder(
        salt=raw["salt"], maker=raw["maker"], signer=raw["signer"], token_id=raw["tokenId"],
        maker_amount=int(raw["makerAmount"]), taker_amount=int(raw["takerAmount"]),
        side=raw["side"], signature_type=raw["signatureType"],
        timestamp_ms=int(raw["timestamp"]), exchange=orders.exchange_for(neg_risk=False),
    )
    message = encode_typed_data(full_message=orders.order_typed_data(order))
    assert Account.recover_message(message, signature=raw["signature"]) == raw["signer"]
    # And the order hash is exactly the digest that was signed.
    assert Account._recover_hash(bytes.fromhex(orders.order_hash(order)[2:]),
                                 signature=raw["signature"]) == raw["signer"]


@pytest.mark.parametrize("signature_type", [0, 1, 2])
@pytest.mark.parametrize("neg_risk", [False, True])
def test_eoa_signed_orders_recover_to_the_key(eoa, signature_type, neg_risk):
    order = _order(eoa, signature_type=signature_type, neg_risk=neg_risk)
    signed = orders.sign_order(order, private_key=eoa.key.hex())
    message = encode_typed_data(full_message=orders.order_typed_data(order))
    assert Account.recover_message(message, signature=signed.signature) == eoa.address
    assert order.exchange == (orders.NEG_RISK_EXCHANGE_V2 if neg_risk else orders.EXCHANGE_V2)
    expected_maker = eoa.address if signature_type == 0 else to_checksum_address(FUNDER)
    assert (order.maker, order.signer) == (expected_maker, eoa.address)


def test_deposit_wallet_order_signs_typed_data_sign_and_carries_the_trailer(eoa):
    order = _order(eoa, signature_type=3)
    signed = orders.sign_order(order, private_key=eoa.key.hex())
    assert order.maker == order.signer == to_checksum_address(FUNDER)
    typed = orders.order_typed_data(order)
    assert typed["primaryType"] == "TypedDataSign"
    ecdsa = signed.signature[: 2 + 130]
    assert Account.recover_message(encode_typed_data(full_message=typed), signature=ecdsa) == (
        eoa.address
    )
    trailer = signed.signature[2 + 130:]
    assert trailer.endswith(f"{len(orders.ORDER_TYPE_STRING):04x}")
    assert orders.ORDER_TYPE_STRING.encode().hex() in trailer


@pytest.mark.parametrize("signature_type", [0, 1, 2, 3])
@pytest.mark.parametrize("neg_risk", [False, True])
@pytest.mark.parametrize("side", ["BUY", "SELL"])
def test_typed_data_and_signature_match_the_official_sdk(eoa, signature_type, neg_risk, side):
    order = _order(eoa, signature_type=signature_type, neg_risk=neg_risk, side=side)
    sdk = _sdk_order(order)
    assert orders.order_typed_data(order) == build_order_typed_data(sdk)
    signed = orders.sign_order(order, private_key=eoa.key.hex())
    raw = Account.sign_typed_data(eoa.key, full_message=build_order_typed_data(sdk))
    assert signed.signature == build_order_signature(sdk, "0x" + bytes(raw.signature).hex())


def test_order_body_matches_the_sdk_payload(eoa):
    order = _order(eoa, signature_type=3, order_type="FAK")
    signed = orders.sign_order(order, private_key=eoa.key.hex())
    ours = orders.order_body(signed, owner_api_key="key-uuid")
    sdk_signed = SdkSignedOrder(
        builder=order.builder, expiration=0, maker=order.maker, maker_amount=order.maker_amount,
        metadata=order.metadata, order_type="FAK", salt=order.salt, side=order.side,
        signature=signed.signature, signature_type=order.signature_type, signer=order.signer,
        taker_amount=order.taker_amount, timestamp=order.timestamp_ms, token_id=order.token_id,
    )
    path, sdk_body = build_post_order_request(sdk_signed, owner_api_key="key-uuid")
    assert path == "/order"
    assert ours == sdk_body
    assert isinstance(ours["order"]["salt"], int)
    assert ours["order"]["makerAmount"] == str(order.maker_amount)
    assert ours["order"]["tokenId"] == TOKEN
    assert ours["orderType"] == "FAK"


def test_an_order_body_must_carry_the_type_its_amounts_were_built_for(eoa):
    signed = orders.sign_order(_order(eoa, signature_type=0, order_type="FAK"),
                               private_key=eoa.key.hex())
    assert orders.order_body(signed, owner_api_key="k", order_type="FOK")["orderType"] == "FOK"
    with pytest.raises(orders.OrderBuildError, match="built for FAK"):
        orders.order_body(signed, owner_api_key="k", order_type="GTC")


@pytest.mark.parametrize("side", ["BUY", "SELL"])
@pytest.mark.parametrize(
    ("price", "size", "tick"),
    [("0.37", "12.345", "0.01"), ("0.333", "7.777", "0.001"), ("0.5", "5", "0.1"),
     ("0.0025", "1000.01", "0.0025"), ("0.9999", "3.3333", "0.0001"), ("0.995", "19.99", "0.005")],
)
def test_amounts_match_the_sdk_rounding(side, price, size, tick):
    ours = orders.limit_order_amounts(side=side, price=Decimal(price), size=Decimal(size),
                                      tick_size=Decimal(tick))
    sdk = _compute_limit_order_amounts(price=Decimal(price), size=Decimal(size), side=side,
                                       tick_size=Decimal(tick))
    assert ours == sdk


def test_buy_amounts_are_pusd_for_shares():
    maker, taker = orders.limit_order_amounts(side="BUY", price=Decimal("0.4"), size=Decimal(10),
                                              tick_size=Decimal("0.01"))
    assert (maker, taker) == (4_000_000, 10_000_000)


@pytest.mark.parametrize(
    ("price", "tick"), [("0.375", "0.01"), ("0", "0.01"), ("1", "0.01"), ("0.5", "0.02")]
)
def test_prices_off_the_grid_are_refused(price, tick):
    with pytest.raises(orders.OrderBuildError):
        orders.limit_order_amounts(side="BUY", price=Decimal(price), size=Decimal(5),
                                   tick_size=Decimal(tick))


def test_hmac_signature_matches_the_sdk():
    secret = "c2VjcmV0LWZvci10ZXN0cy1vbmx5LTEyMzQ1Njc4OTA="
    body = '{"orderID":"0xabc"}'
    ours = orders.l2_signature(secret=secret, timestamp_s=1784486089, method="DELETE",
                               path="/order", body=body)
    assert ours == build_hmac_signature(secret=secret, timestamp=1784486089, method="DELETE",
                                        path="/order", body=body)
    headers = orders.l2_headers(address="0xabc", api_key="k", secret=secret, passphrase="p",
                                timestamp_s=1784486089, method="DELETE", path="/order", body=body)
    assert set(headers) == {"POLY_ADDRESS", "POLY_API_KEY", "POLY_PASSPHRASE", "POLY_SIGNATURE",
                            "POLY_TIMESTAMP"}
    assert headers["POLY_SIGNATURE"] == ours


# --- market (FAK/FOK) and limit amounts --------------------------------------------------------
TICKS = [Decimal(t) for t in ("0.1", "0.01", "0.005", "0.0025", "0.001", "0.0001")]


def _units_decimals(units: int) -> int:
    return orders._decimals(Decimal(units) / 10**6)


def test_the_issue_example_signs_whole_dollars_cents_not_size_times_price():
    # 10.37 x 0.53 = 5.4961: a limit order's pUSD, but a market BUY may only spend whole cents.
    # The largest share count that prices exactly at 0.53 with whole cents is 10 ($5.30).
    fak = orders.order_amounts(side="BUY", order_type="FAK", price=Decimal("0.53"),
                               size=Decimal("10.37"), tick_size=Decimal("0.01"))
    assert (fak.maker_amount, fak.taker_amount) == (5_300_000, 10_000_000)
    assert fak.shares == 10
    gtc = orders.order_amounts(side="BUY", order_type="GTC", price=Decimal("0.53"),
                               size=Decimal("10.37"), tick_size=Decimal("0.01"))
    assert (gtc.maker_amount, gtc.taker_amount) == (5_496_100, 10_370_000)


def test_the_sdk_spending_the_same_cents_prices_a_hair_above_the_limit():
    # polymarket-client floors the share count, so for $5.49 at 0.53 its order is priced at
    # 5.49 / 10.3584 = 0.530005...: above the limit. Ours never is (it equals the limit).
    maker, taker = _compute_market_order_amounts(amount=Decimal("5.49"), price=Decimal("0.53"),
                                                 side="BUY", tick_size=Decimal("0.01"))
    assert Decimal(maker) / Decimal(taker) > Decimal("0.53")
    ours = orders.order_amounts(side="BUY", order_type="FAK", price=Decimal("0.53"),
                                size=Decimal("10.37"), tick_size=Decimal("0.01"))
    assert Decimal(ours.maker_amount) / Decimal(ours.taker_amount) == Decimal("0.53")


@pytest.mark.parametrize(
    ("side", "price", "tick", "step"),
    [("BUY", "0.53", "0.01", "1"), ("BUY", "0.5", "0.01", "0.02"), ("BUY", "0.48", "0.01", "0.0625"),
     ("BUY", "0.537", "0.001", "10"), ("BUY", "0.3", "0.1", "0.1"), ("SELL", "0.53", "0.01", "0.01"),
     ("SELL", "0.537", "0.001", "0.1"), ("SELL", "0.5371", "0.0001", "1"),
     ("SELL", "0.9975", "0.0025", "0.04")],
)
def test_market_order_lots(side, price, tick, step):
    rules = orders.amount_rules(side=side, order_type="FAK", tick_size=Decimal(tick))
    assert orders.share_step(Decimal(price), rules) == Decimal(step)


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [(dict(side="BUY", order_type="FAK", price="0.53", size="0.99"), "lots of 1 shares"),
     (dict(side="BUY", order_type="FAK", price="0.10", size="9.99"), r"at least \$1"),
     (dict(side="SELL", order_type="FOK", price="0.10", size="9.99"), r"at least \$1"),
     (dict(side="BUY", order_type="GTC", price="0.10", size="4.99"), "minimum of 5 shares"),
     (dict(side="BUY", order_type="GTC", price="0.105", size="10"), "multiple of tick"),
     (dict(side="SELL", order_type="FAK", price="0.99", size="10", tick="0.02"), "tick size"),
     (dict(side="BUY", order_type="IOC", price="0.5", size="10"), "order type")],
)
def test_orders_breaking_a_venue_rule_are_refused_with_the_reason(kwargs, match):
    kwargs = dict(kwargs)
    tick = Decimal(kwargs.pop("tick", "0.01"))
    with pytest.raises(orders.OrderBuildError, match=match):
        orders.order_amounts(price=Decimal(kwargs.pop("price")), size=Decimal(kwargs.pop("size")),
                             tick_size=tick, min_size=Decimal(5), **kwargs)


def test_a_market_order_ignores_the_share_minimum_that_binds_limit_orders():
    # Market orders are bounded in pUSD ($1), limit orders in shares (nautilus_trader#3874).
    amounts = orders.order_amounts(side="BUY", order_type="FAK", price=Decimal("0.82"),
                                   size=Decimal("1.5"), tick_size=Decimal("0.01"),
                                   min_size=Decimal(5))
    assert amounts.notional == Decimal("1.23")
    assert amounts.shares == Decimal("1.5")


@settings(max_examples=400, deadline=None)
@given(data=st.data(), side=st.sampled_from(["BUY", "SELL"]),
       order_type=st.sampled_from(["FAK", "FOK", "GTC"]), tick=st.sampled_from(TICKS),
       size_cents=st.integers(min_value=1, max_value=1_000_000))
def test_amounts_price_exactly_at_the_limit_within_the_venue_precision(
    data, side, order_type, tick, size_cents
):
    ticks = int(1 / tick)
    price = tick * data.draw(st.integers(min_value=1, max_value=ticks - 1), label="ticks")
    size = Decimal(size_cents) / 100
    step = orders.share_step(price, orders.amount_rules(side=side, order_type=order_type,
                                                        tick_size=tick))
    kwargs = dict(side=side, order_type=order_type, price=price, size=size, tick_size=tick,
                  min_size=Decimal(5))
    # Refused only for the documented reasons: no whole lot in the size, or below a minimum
    # ($1 for a market order, the market's share minimum for a limit order).
    lot = (size // step) * step
    if lot == 0 or (lot * price < 1 if order_type != "GTC" else lot < 5):
        with pytest.raises(orders.OrderBuildError):
            orders.order_amounts(**kwargs)
        return
    amounts = orders.order_amounts(**kwargs)
    maker, taker = Decimal(amounts.maker_amount), Decimal(amounts.taker_amount)
    # Exactly the limit: a BUY never pays more per share, a SELL never takes less, and an ask
    # (bid) resting at the limit can be lifted (py-sdk#291).
    implied = maker / taker if side == "BUY" else taker / maker
    assert implied == price
    # Never more shares than asked, and no whole lot left unused.
    assert amounts.shares <= size < amounts.shares + step
    # The venue's decimals per order type (NOTES §4.4, py-clob-client-v2#99).
    if order_type == "GTC":
        pusd_max = orders.ROUNDING_BY_TICK[tick].amount
        maker_max, taker_max = (pusd_max, 2) if side == "BUY" else (2, pusd_max)
    else:
        maker_max, taker_max = 2, 4
    assert _units_decimals(amounts.maker_amount) <= maker_max
    assert _units_decimals(amounts.taker_amount) <= taker_max
    # Cross-check with polymarket-client 0.14.0's own builders for the same order.
    if order_type == "GTC":
        sdk = _compute_limit_order_amounts(price=price, size=amounts.shares, side=side,
                                           tick_size=tick)
    else:
        spend = amounts.notional if side == "BUY" else amounts.shares
        sdk = _compute_market_order_amounts(amount=spend, price=price, side=side,
                                            tick_size=tick)
    assert (amounts.maker_amount, amounts.taker_amount) == sdk
