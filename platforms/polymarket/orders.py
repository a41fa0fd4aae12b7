"""CLOB V2 orders: amounts, EIP-712 signing, the order hash, the POST body and L2 HMAC headers.

Pure and offline (no I/O): the platform builds a `SignedOrder` here, journals its `order_hash`
(the venue's order id) and only then sends it. The wire format follows polymarket-client 0.14.0
(`_internal/actions/orders/{limit,orders,typed_data,post}.py`, `_internal/hmac.py`); the tests
check our typed data and signatures against that SDK's own builders.

Wallet / signature types (NOTES §4.2): 0 EOA (maker = signer = the key's address); 1 POLY_PROXY and
2 POLY_GNOSIS_SAFE (maker = funder, signer = the key's address); 3 POLY_1271 deposit wallet
(maker = signer = funder, and the key signs an ERC-7739 `TypedDataSign` wrapping the order, the
signature carrying the app-domain trailer the wallet's ERC-1271 check expects).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import math
import secrets
from dataclasses import dataclass
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

from eth_abi.abi import encode as abi_encode
from eth_account import Account
from eth_account.messages import encode_typed_data
from eth_utils.address import to_checksum_address
from eth_utils.crypto import keccak

CHAIN_ID = 137
EXCHANGE_V2 = "0xE111180000d2663C0091e4f400237545B87B996B"
NEG_RISK_EXCHANGE_V2 = "0xe2222d279d744050d28e00520010520000310F59"
BYTES32_ZERO = "0x" + "00" * 32
PROTOCOL_NAME = "Polymarket CTF Exchange"
PROTOCOL_VERSION = "2"
COLLATERAL_DECIMALS = 6
SIGNATURE_TYPES = {0: "EOA", 1: "POLY_PROXY", 2: "POLY_GNOSIS_SAFE", 3: "POLY_1271"}
POLY_1271 = 3
ORDER_TYPES = ("GTC", "GTD", "FAK", "FOK")
ZERO_SHARES = Decimal(0)
_SALT_BITS = 53  # the SDK's choice: the salt travels as a JSON number, so keep it float-safe

ORDER_TYPE_STRING = (
    "Order(uint256 salt,address maker,address signer,uint256 tokenId,uint256 makerAmount,"
    "uint256 takerAmount,uint8 side,uint8 signatureType,uint256 timestamp,bytes32 metadata,"
    "bytes32 builder)"
)
_DOMAIN_TYPE_STRING = (
    "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)"
)
_EIP712_DOMAIN_FIELDS = [
    {"name": "name", "type": "string"},
    {"name": "version", "type": "string"},
    {"name": "chainId", "type": "uint256"},
    {"name": "verifyingContract", "type": "address"},
]
_ORDER_FIELDS = [
    {"name": "salt", "type": "uint256"},
    {"name": "maker", "type": "address"},
    {"name": "signer", "type": "address"},
    {"name": "tokenId", "type": "uint256"},
    {"name": "makerAmount", "type": "uint256"},
    {"name": "takerAmount", "type": "uint256"},
    {"name": "side", "type": "uint8"},
    {"name": "signatureType", "type": "uint8"},
    {"name": "timestamp", "type": "uint256"},
    {"name": "metadata", "type": "bytes32"},
    {"name": "builder", "type": "bytes32"},
]
_TYPED_DATA_SIGN_FIELDS = [
    {"name": "contents", "type": "Order"},
    {"name": "name", "type": "string"},
    {"name": "version", "type": "string"},
    {"name": "chainId", "type": "uint256"},
    {"name": "verifyingContract", "type": "address"},
    {"name": "salt", "type": "bytes32"},
]


@dataclass(frozen=True)
class RoundingConfig:
    """Decimals the exchange accepts per tick size: price, size (shares) and amount (pUSD)."""

    price: int
    size: int
    amount: int


ROUNDING_BY_TICK: dict[Decimal, RoundingConfig] = {
    Decimal("0.1"): RoundingConfig(price=1, size=2, amount=3),
    Decimal("0.01"): RoundingConfig(price=2, size=2, amount=4),
    Decimal("0.005"): RoundingConfig(price=3, size=2, amount=5),
    Decimal("0.0025"): RoundingConfig(price=4, size=2, amount=6),
    Decimal("0.001"): RoundingConfig(price=3, size=2, amount=5),
    Decimal("0.0001"): RoundingConfig(price=4, size=2, amount=6),
}


class OrderBuildError(ValueError):
    """The intent cannot become a valid order (price off the tick grid, size too small, ...)."""


@dataclass(frozen=True)
class UnsignedOrder:
    salt: int
    maker: str
    signer: str
    token_id: str
    maker_amount: int
    taker_amount: int
    side: str  # "BUY" | "SELL"
    signature_type: int
    timestamp_ms: int
    exchange: str
    expiration: int = 0
    metadata: str = BYTES32_ZERO
    builder: str = BYTES32_ZERO
    # Not signed, but the amounts were built for it: the body must carry the same type.
    order_type: str = "GTC"


@dataclass(frozen=True)
class SignedOrder:
    order: UnsignedOrder
    signature: str
    order_hash: str  # the venue's order id: EIP-712 hash of the order under the exchange domain


# --- amounts ---------------------------------------------------------------------------------
# The exchange checks the decimals of the two signed amounts by order type (NOTES §4.4):
#
# - limit orders (GTC/GTD): shares at most 2 decimals, pUSD at most the tick's `amount`
#   decimals (4 at tick 0.01). Refusal: "invalid amounts, the buy orders maker amount supports a
#   max accuracy of 4 decimals, taker amount a max of 2 decimals" (py-clob-client#305).
# - market orders (FAK/FOK): a BUY's makerAmount is the pUSD to spend, at most 2 decimals, and
#   its takerAmount (shares) at most 4; a SELL's makerAmount (shares) at most 2 and its
#   takerAmount (pUSD) at most 4. Refusal: "invalid amounts, the market buy orders maker amount
#   supports a max accuracy of 2 decimals, taker amount a max of 4 decimals"
#   (py-clob-client-v2#99, rs-clob-client#114/#261, clob-client#266). The 4 is flat whatever the
#   tick (py-clob-client-v2#99: tick-0.001 market buys signed with 5 decimals were refused), so
#   the SDKs' per-tick `amount` (5 or 6 on fine ticks) is capped at 4 here.
#
# The exchange derives an order's price from its amounts (BUY makerAmount / takerAmount, SELL
# takerAmount / makerAmount) and lifts an ask only when that price is at or above it
# (polymarket-client 0.14.0 `_compute_market_order_amounts`; py-sdk#291/#292: taker amounts
# rounded the other way left the price a hair below the ask and FAKs were killed unfilled).
# So the amounts must price the order *exactly* at the limit: a hair below never fills at the
# touch, a hair above breaks our promise never to pay more than the plan's limit. We therefore
# trade the largest share count whose pUSD amount is exact at the limit price within the
# decimals allowed (`share_step`). For limit orders that is every 0.01 share; for a market BUY
# at 0.53 it is whole shares (0.53 x 10.37 = 5.4961 has no 2-decimal form).
MARKET_ORDER_TYPES = ("FAK", "FOK")
LIMIT_ORDER_TYPES = ("GTC", "GTD")
MARKET_MAX_DECIMALS = 4  # a market order's takerAmount, whatever the tick
MARKET_MAKER_DECIMALS = 2  # a market order's makerAmount (pUSD for a BUY, shares for a SELL)
# "invalid amount for a marketable BUY order ($0.99975), min size: $1" (py-sdk#292 keeps
# `amount >= 1` to meet it; nautilus_trader#3874): market orders are bounded in pUSD, not shares.
MARKET_MIN_NOTIONAL = Decimal(1)


@dataclass(frozen=True)
class AmountRules:
    """Decimals the exchange accepts for the share leg and the pUSD leg of one order."""

    share_decimals: int
    pusd_decimals: int


@dataclass(frozen=True)
class OrderAmounts:
    """The two signed amounts (6-decimal base units) and what they mean.

    `shares` and `notional` are exact: notional == shares x price, so the price the exchange
    derives from the amounts is the limit price itself.
    """

    maker_amount: int
    taker_amount: int
    shares: Decimal
    notional: Decimal
    price: Decimal


def _decimals(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def _plain(value: Decimal) -> str:
    return format(value.normalize(), "f")


def _base_units(value: Decimal) -> int:
    units = value * 10**COLLATERAL_DECIMALS
    if units != units.to_integral_value():
        raise OrderBuildError(f"amount {value} has more than {COLLATERAL_DECIMALS} decimals")
    return int(units.quantize(Decimal(1), rounding=ROUND_HALF_EVEN))


def is_market_order(order_type: str) -> bool:
    if order_type in MARKET_ORDER_TYPES:
        return True
    if order_type in LIMIT_ORDER_TYPES:
        return False
    raise OrderBuildError(f"order type must be one of {ORDER_TYPES}, not {order_type!r}")


def amount_rules(*, side: str, order_type: str, tick_size: Decimal) -> AmountRules:
    """The decimals allowed for shares and pUSD, by order type, side and tick (see above)."""
    if tick_size not in ROUNDING_BY_TICK:
        raise OrderBuildError(f"unsupported tick size {tick_size}")
    if side not in ("BUY", "SELL"):
        raise OrderBuildError(f"side must be BUY or SELL, not {side!r}")
    config = ROUNDING_BY_TICK[tick_size]
    if not is_market_order(order_type):
        return AmountRules(share_decimals=config.size, pusd_decimals=config.amount)
    capped = min(MARKET_MAX_DECIMALS, config.amount)
    if side == "BUY":
        return AmountRules(share_decimals=capped, pusd_decimals=MARKET_MAKER_DECIMALS)
    return AmountRules(share_decimals=MARKET_MAKER_DECIMALS, pusd_decimals=capped)


def share_step(price: Decimal, rules: AmountRules) -> Decimal:
    """The smallest share count n > 0 with n x price exact in `rules.pusd_decimals` decimals.

    Every multiple of it (and nothing else) prices an order exactly at `price`. With
    price = P / 10^b in lowest terms and shares = k / 10^s, the pUSD amount k x P / 10^(s+b)
    has at most p decimals iff 10^(s+b-p) divides k x P, so k steps by 10^(s+b-p) / gcd(P, .).
    """
    b = _decimals(price)
    numerator = int(price.scaleb(b))
    modulus = 10 ** max(0, rules.share_decimals + b - rules.pusd_decimals)
    units = modulus // math.gcd(numerator, modulus)
    return Decimal(units).scaleb(-rules.share_decimals)


def check_price(price: Decimal, tick_size: Decimal) -> None:
    """Price must lie on the tick grid within [tick, 1 - tick] (the exchange's own rule)."""
    if tick_size not in ROUNDING_BY_TICK:
        raise OrderBuildError(f"unsupported tick size {tick_size}")
    if price < tick_size or price > 1 - tick_size:
        raise OrderBuildError(f"price {price} outside [{tick_size}, {1 - tick_size}]")
    if price % tick_size != 0:
        raise OrderBuildError(f"price {price} is not a multiple of tick {tick_size}")


def order_amounts(
    *, side: str, order_type: str, price: Decimal, size: Decimal, tick_size: Decimal,
    min_size: Decimal = ZERO_SHARES,
) -> OrderAmounts:
    """The signed amounts for at most `size` shares at exactly `price` (see the notes above).

    The share count is cut down (never up: that would trade more than asked) to the largest
    multiple of `share_step` not above `size`. Raises OrderBuildError when the price is off the
    tick grid, when nothing is left after rounding, when a limit order is below `min_size`
    shares or a market order below MARKET_MIN_NOTIONAL pUSD.
    """
    check_price(price, tick_size)
    rules = amount_rules(side=side, order_type=order_type, tick_size=tick_size)
    step = share_step(price, rules)
    shares = (size // step) * step if size > 0 else ZERO_SHARES
    if shares <= 0:
        raise OrderBuildError(
            f"size {size} at {price} rounds to zero: a {order_type} {side} prices exactly at "
            f"the limit only in lots of {_plain(step)} shares"
        )
    notional = shares * price
    if is_market_order(order_type):
        if notional < MARKET_MIN_NOTIONAL:
            raise OrderBuildError(
                f"a marketable {side} order must be worth at least ${MARKET_MIN_NOTIONAL}: "
                f"{_plain(shares)} shares at {price} are ${_plain(notional)}"
            )
    elif shares < min_size:
        raise OrderBuildError(
            f"size {_plain(shares)} is below the market minimum of {_plain(min_size)} shares"
        )
    share_units, pusd_units = _base_units(shares), _base_units(notional)
    if side == "BUY":
        return OrderAmounts(pusd_units, share_units, shares, notional, price)
    return OrderAmounts(share_units, pusd_units, shares, notional, price)


def limit_order_amounts(
    *, side: str, price: Decimal, size: Decimal, tick_size: Decimal
) -> tuple[int, int]:
    """(makerAmount, takerAmount) of a GTC order for `size` shares at `price`."""
    amounts = order_amounts(side=side, order_type="GTC", price=price, size=size,
                            tick_size=tick_size)
    return amounts.maker_amount, amounts.taker_amount


# --- building and signing ---------------------------------------------------------------------
def exchange_for(*, neg_risk: bool) -> str:
    """Neg-risk markets settle on the Neg-Risk Exchange: signing against the other is invalid."""
    return NEG_RISK_EXCHANGE_V2 if neg_risk else EXCHANGE_V2


def new_salt() -> int:
    return secrets.randbits(_SALT_BITS)


def build_order(
    *, signer_address: str, funder: str, signature_type: int, token_id: str, side: str,
    price: Decimal, size: Decimal, tick_size: Decimal, neg_risk: bool, salt: int,
    timestamp_ms: int, order_type: str = "GTC", min_size: Decimal = ZERO_SHARES,
) -> UnsignedOrder:
    """An unsigned V2 order for at most `size` shares of `token_id` at exactly `price`.

    The amounts follow `order_type` (see order_amounts): the same intent signs differently as
    a market order (FAK/FOK) and as a limit order (GTC/GTD).
    """
    if signature_type not in SIGNATURE_TYPES:
        raise OrderBuildError(f"unknown signature type {signature_type}")
    if not token_id.isdigit():
        raise OrderBuildError("token id must be a decimal integer string")
    amounts = order_amounts(side=side, order_type=order_type, price=price, size=size,
                            tick_size=tick_size, min_size=min_size)
    maker_amount, taker_amount = amounts.maker_amount, amounts.taker_amount
    if signature_type == 0:
        maker = signer = signer_address
    else:
        if not funder:
            raise OrderBuildError(f"signature type {signature_type} needs POLYMARKET_FUNDER")
        maker = funder
        signer = funder if signature_type == POLY_1271 else signer_address
    return UnsignedOrder(
        salt=salt, maker=_checksum(maker), signer=_checksum(signer), token_id=token_id,
        maker_amount=maker_amount, taker_amount=taker_amount, side=side,
        signature_type=signature_type, timestamp_ms=timestamp_ms,
        exchange=exchange_for(neg_risk=neg_risk), order_type=order_type,
    )


def _order_message(order: UnsignedOrder) -> dict[str, Any]:
    return {
        "salt": order.salt,
        "maker": order.maker,
        "signer": order.signer,
        "tokenId": int(order.token_id),
        "makerAmount": order.maker_amount,
        "takerAmount": order.taker_amount,
        "side": 0 if order.side == "BUY" else 1,
        "signatureType": order.signature_type,
        "timestamp": order.timestamp_ms,
        "metadata": order.metadata,
        "builder": order.builder,
    }


def _domain(order: UnsignedOrder) -> dict[str, Any]:
    return {
        "name": PROTOCOL_NAME, "version": PROTOCOL_VERSION, "chainId": CHAIN_ID,
        "verifyingContract": order.exchange,
    }


def order_typed_data(order: UnsignedOrder) -> dict[str, Any]:
    """The EIP-712 message the key signs (TypedDataSign-wrapped for deposit wallets)."""
    if order.signature_type != POLY_1271:
        return {
            "types": {"EIP712Domain": _EIP712_DOMAIN_FIELDS, "Order": _ORDER_FIELDS},
            "primaryType": "Order",
            "domain": _domain(order),
            "message": _order_message(order),
        }
    return {
        "types": {
            "EIP712Domain": _EIP712_DOMAIN_FIELDS,
            "Order": _ORDER_FIELDS,
            "TypedDataSign": _TYPED_DATA_SIGN_FIELDS,
        },
        "primaryType": "TypedDataSign",
        "domain": _domain(order),
        "message": {
            "contents": _order_message(order),
            "name": "DepositWallet",
            "version": "1",
            "chainId": CHAIN_ID,
            "verifyingContract": order.signer,
            "salt": BYTES32_ZERO,
        },
    }


def order_hash(order: UnsignedOrder) -> str:
    """The exchange's hashOrder: EIP-712 digest of the plain Order struct (the CLOB order id)."""
    typed = {
        "types": {"EIP712Domain": _EIP712_DOMAIN_FIELDS, "Order": _ORDER_FIELDS},
        "primaryType": "Order",
        "domain": _domain(order),
        "message": _order_message(order),
    }
    signable = encode_typed_data(full_message=typed)
    digest = keccak(b"\x19" + signable.version + signable.header + signable.body)
    return "0x" + digest.hex()


def sign_order(order: UnsignedOrder, *, private_key: str) -> SignedOrder:
    """Sign with the EOA key; deposit-wallet (type 3) signatures get the ERC-7739 trailer."""
    signed = Account.sign_typed_data(private_key, full_message=order_typed_data(order))
    signature = "0x" + bytes(signed.signature).hex()
    if order.signature_type == POLY_1271:
        signature += _erc7739_trailer(order)
    return SignedOrder(order=order, signature=signature, order_hash=order_hash(order))


def _erc7739_trailer(order: UnsignedOrder) -> str:
    """appDomainSeparator ++ contentsHash ++ contentsType ++ uint16(len(contentsType)), hex."""
    domain_separator = keccak(abi_encode(
        ["bytes32", "bytes32", "bytes32", "uint256", "address"],
        [keccak(_DOMAIN_TYPE_STRING.encode()), keccak(PROTOCOL_NAME.encode()),
         keccak(PROTOCOL_VERSION.encode()), CHAIN_ID, order.exchange],
    ))
    message = _order_message(order)
    contents_hash = keccak(abi_encode(
        ["bytes32", "uint256", "address", "address", "uint256", "uint256", "uint256", "uint8",
         "uint8", "uint256", "bytes32", "bytes32"],
        [keccak(ORDER_TYPE_STRING.encode()), message["salt"], message["maker"], message["signer"],
         message["tokenId"], message["makerAmount"], message["takerAmount"], message["side"],
         message["signatureType"], message["timestamp"], bytes.fromhex(order.metadata[2:]),
         bytes.fromhex(order.builder[2:])],
    ))
    return (
        domain_separator.hex() + contents_hash.hex() + ORDER_TYPE_STRING.encode().hex()
        + f"{len(ORDER_TYPE_STRING):04x}"
    )


def order_body(
    signed: SignedOrder, *, owner_api_key: str, order_type: str = "", post_only: bool = False
) -> dict[str, Any]:
    """The POST /order JSON: salt a number; amounts, timestamp and expiration strings.

    `order_type` defaults to the type the amounts were built for; another type is refused
    (market and limit orders carry different amount precisions).
    """
    order = signed.order
    order_type = order_type or order.order_type
    if order_type not in ORDER_TYPES:
        raise OrderBuildError(f"order type must be one of {ORDER_TYPES}")
    if is_market_order(order_type) != is_market_order(order.order_type):
        raise OrderBuildError(
            f"order amounts were built for {order.order_type}, not {order_type}"
        )
    body: dict[str, Any] = {
        "deferExec": False,
        "order": {
            "builder": order.builder,
            "expiration": str(order.expiration),
            "maker": order.maker,
            "makerAmount": str(order.maker_amount),
            "metadata": order.metadata,
            "salt": order.salt,
            "side": order.side,
            "signature": signed.signature,
            "signatureType": order.signature_type,
            "signer": order.signer,
            "takerAmount": str(order.taker_amount),
            "timestamp": str(order.timestamp_ms),
            "tokenId": order.token_id,
        },
        "orderType": order_type,
        "owner": owner_api_key,
    }
    if post_only:
        body["postOnly"] = True
    return body


# --- L2 auth ----------------------------------------------------------------------------------
def l2_signature(*, secret: str, timestamp_s: int, method: str, path: str, body: str) -> str:
    """urlsafe-b64(HMAC-SHA256(urlsafe-b64-decode(secret), ts + METHOD + path + body))."""
    key = base64.urlsafe_b64decode(secret + "=" * (-len(secret) % 4))
    message = f"{timestamp_s}{method}{path}{body}".encode()
    return base64.urlsafe_b64encode(hmac.new(key, message, hashlib.sha256).digest()).decode()


def l2_headers(
    *, address: str, api_key: str, secret: str, passphrase: str, timestamp_s: int,
    method: str, path: str, body: str,
) -> dict[str, str]:
    """The five POLY_* headers of an L2-authenticated CLOB request (path without query)."""
    return {
        "POLY_ADDRESS": address,
        "POLY_API_KEY": api_key,
        "POLY_PASSPHRASE": passphrase,
        "POLY_SIGNATURE": l2_signature(
            secret=secret, timestamp_s=timestamp_s, method=method, path=path, body=body
        ),
        "POLY_TIMESTAMP": str(timestamp_s),
    }


def _checksum(address: str) -> str:
    try:
        return to_checksum_address(address)
    except ValueError as exc:
        raise OrderBuildError(f"bad address {address[:12]}...") from exc
