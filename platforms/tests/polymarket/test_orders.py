"""CLOB V2 order signing, amounts, hash and L2 HMAC, checked against eth-account recovery, a real
signed order from the wild and polymarket-client 0.14.0's own builders."""

from __future__ import annotations

from decimal import Decimal

import pytest
from eth_account import Account
from eth_account.messages import encode_typed_data
from eth_utils import to_checksum_address
from polymarket._internal.actions.orders.limit import _compute_limit_order_amounts
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


def _order(eoa, *, signature_type: int, neg_risk: bool = False, side: str = "BUY"):
    return orders.build_order(
        signer_address=eoa.address, funder=FUNDER, signature_type=signature_type,
        token_id=TOKEN, side=side, price=Decimal("0.37"), size=Decimal("12.345"),
        tick_size=Decimal("0.01"), neg_risk=neg_risk, salt=123456789,
        timestamp_ms=1784486089486,
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
    order = _order(eoa, signature_type=3)
    signed = orders.sign_order(order, private_key=eoa.key.hex())
    ours = orders.order_body(signed, owner_api_key="key-uuid", order_type="FAK")
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
