"""A fake Polymarket CLOB matching engine that enforces the venue's order rules.

FakePolymarket (fake_server.py) routes POST /order, GET /data/order/{id}, GET /data/trades and
DELETE /order here when `state.clob` is set. Unlike scripted answers, this engine decides from
the signed order itself, so a wrong amount, price or signature is refused the way the venue
refuses it. Every rule is written from the venue's documented behaviour, independently of
platforms/polymarket/orders.py (typed data and signatures are checked with polymarket-client's
own builders and eth-account's recovery):

- owner == the API key; the EIP-712 signature recovers to the signer (for a deposit wallet,
  signature type 3: the TypedDataSign-wrapped order recovers to the wallet's owner key and the
  ERC-7739 trailer is the one polymarket-client appends); neg-risk tokens verify against the
  Neg-Risk exchange; an order hash seen before is "Duplicated".
- amount decimals by order type (NOTES §4.4; py-clob-client#305, py-clob-client-v2#99):
  market (FAK/FOK) makerAmount <= 2, takerAmount <= 4 whatever the tick; limit (GTC/GTD)
  shares <= 2 and pUSD <= the tick's amount decimals. Refusals carry the venue's messages.
- the price the venue derives from the amounts (BUY maker/taker, SELL taker/maker): in (0, 1);
  for a limit order on the tick grid within [tick, 1 - tick].
- minimums: a limit order's shares >= the market's min_order_size; a market order's pUSD >= $1.
- matching (py-sdk#292: a BUY lifts an ask only when maker/taker >= the ask): a market BUY
  spends its whole makerAmount across every ask at or below its price, cheapest first, so it can
  receive more shares than takerAmount (py-clob-client-v2#89); a market SELL sells its shares
  into bids at or above its price. FOK fills completely or is killed, FAK fills what it can or
  is killed when nothing matches, GTC rests its remainder. Rounding dust goes to the taker.
- order lookups and trades report statuses in the REST enums' prefixed form
  (ORDER_STATUS_LIVE, TRADE_STATUS_MATCHED) unless `prefixed_statuses` is False.

Setting it up (see platforms/tests/polymarket/conftest.py `clob` fixture):

    clob = FakeClob(api_key=..., owner_address=eoa.address, funder=..., signature_type=3)
    clob.add_market(ClobMarket(condition_id, yes_token, no_token, tick_size=D("0.01")))
    clob.set_book(yes_token, asks=[("0.52", "100")], bids=[("0.50", "40")])
    clob.delay_next = 1              # the next order is held for delayed matching
    clob.fill_resting(order_id, D("3"))   # a counterparty takes 3 shares of our resting order
    clob.fail_trade(trade_id)        # the trade settles as TRADE_STATUS_FAILED
"""

from __future__ import annotations

import itertools
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any

from eth_account import Account
from eth_account.messages import _hash_eip191_message, encode_typed_data
from eth_utils.address import to_checksum_address
from polymarket._internal.actions.orders.typed_data import (
    _build_standard_typed_data,
    build_order_signature,
    build_order_typed_data,
)
from polymarket._internal.actions.orders.types import UnsignedOrder as SdkUnsignedOrder

# The V2 exchanges (STACK.md; polymarket-client environments.py): the signing domain.
EXCHANGE = "0xE111180000d2663C0091e4f400237545B87B996B"
NEG_RISK_EXCHANGE = "0xe2222d279d744050d28e00520010520000310F59"
UNIT = 10**6  # pUSD and shares both carry 6 decimals on chain
# tick -> decimals of a limit order's pUSD amount (polymarket-client context.py).
LIMIT_PUSD_DECIMALS = {
    Decimal("0.1"): 3, Decimal("0.01"): 4, Decimal("0.005"): 5, Decimal("0.0025"): 6,
    Decimal("0.001"): 5, Decimal("0.0001"): 6,
}
FOK_KILLED = "order couldn't be fully filled. FOK orders are fully filled or killed."
FAK_KILLED = ("no orders found to match with FAK order. FAK orders are partially filled or "
              "killed if no match is found.")
OTHER_MAKER = "0x" + "5e" * 20


class Refused(Exception):
    """The venue refuses a request: (HTTP status, {"error": message})."""

    def __init__(self, message: str, status: int = 400) -> None:
        super().__init__(message)
        self.status = status


@dataclass
class ClobMarket:
    condition_id: str
    yes_token: str
    no_token: str
    tick_size: Decimal = Decimal("0.01")
    min_order_size: Decimal = Decimal(5)
    neg_risk: bool = False
    fee_rate_bps: Decimal = Decimal(0)


@dataclass
class _Resting:
    """A resting order of someone else: one level of liquidity."""

    order_id: str
    price: Fraction
    units: int  # shares, 6-decimal units


@dataclass
class _Order:
    record: dict[str, Any]
    token: str
    side: str
    price: Fraction
    units_left: int  # shares still resting (GTC) or 0
    kind: str
    order_type: str
    maker: int
    taker: int


@dataclass
class FakeClob:
    api_key: str
    owner_address: str  # the EOA the API key belongs to: it signs every order
    funder: str = ""
    prefixed_statuses: bool = True
    base_unit_amounts: bool = False  # answer makingAmount/takingAmount in 6-decimal units
    api_key_address: str = ""  # if set, order.signer must equal it
    balance: Decimal | None = None  # pUSD; None: unlimited
    delay_next: int = 0
    markets: dict[str, ClobMarket] = field(default_factory=dict)
    asks: dict[str, list[_Resting]] = field(default_factory=dict)
    bids: dict[str, list[_Resting]] = field(default_factory=dict)
    orders: dict[str, _Order] = field(default_factory=dict)
    trades: list[dict[str, Any]] = field(default_factory=list)
    posted: list[dict[str, Any]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._lock = threading.RLock()
        self._ids = itertools.count(1)

    # --- set-up ---------------------------------------------------------------------------
    def add_market(self, market: ClobMarket) -> None:
        self.markets[market.yes_token] = market
        self.markets[market.no_token] = market

    def set_book(
        self, token: str, *, asks: Sequence[tuple[str, str]] = (),
        bids: Sequence[tuple[str, str]] = (),
    ) -> None:
        """Liquidity of other traders on `token`: (price, shares) levels."""
        with self._lock:
            self.asks[token] = [self._level(p, s) for p, s in asks]
            self.bids[token] = [self._level(p, s) for p, s in bids]

    def _level(self, price: str, size: str) -> _Resting:
        return _Resting(f"0xmaker{next(self._ids):04d}", Fraction(Decimal(price)),
                        _units(Decimal(size)))

    def _status(self, kind: str, value: str) -> str:
        return f"{kind}_STATUS_{value}" if self.prefixed_statuses else value

    # --- POST /order ----------------------------------------------------------------------
    def post_order(self, body: Any) -> tuple[int, Any]:
        with self._lock:
            try:
                return 200, self._post(body)
            except Refused as refused:
                return refused.status, {"error": str(refused)}

    def _post(self, body: Any) -> dict[str, Any]:
        self.posted.append(body)
        order_type, wire, sdk_order, order_hash = self._parse(body)
        market = self.markets[sdk_order.token_id]
        self._check_signature(wire, sdk_order)
        if order_hash in self.orders:
            raise Refused(f"order {order_hash} is invalid. Duplicated.")
        side, kind = sdk_order.side, "market" if order_type in ("FAK", "FOK") else "limit"
        maker, taker = sdk_order.maker_amount, sdk_order.taker_amount
        self._check_amounts(side, kind, maker, taker, market.tick_size)
        # The price the venue reads from the amounts.
        price = Fraction(maker, taker) if side == "BUY" else Fraction(taker, maker)
        if not 0 < price < 1:
            raise Refused("invalid price, price must be greater than 0 and less than 1")
        shares = taker if side == "BUY" else maker
        pusd = maker if side == "BUY" else taker
        if kind == "limit":
            tick = Fraction(market.tick_size)
            if price % tick or not tick <= price <= 1 - tick:
                raise Refused(f"order {order_hash} is invalid. Price ({_show(price)}) breaks "
                              f"minimum tick size rule: {market.tick_size}")
            if shares < _units(market.min_order_size):
                raise Refused(f"order {order_hash} is invalid. Size ({_show(shares, UNIT)}) "
                              f"lower than the minimum: {market.min_order_size}")
        elif pusd < UNIT:
            raise Refused(f"invalid amount for a marketable {side} order "
                          f"(${_show(pusd, UNIT)}), min size: $1")
        if self.balance is not None and side == "BUY" and Fraction(pusd, UNIT) > self.balance:
            raise Refused("not enough balance / allowance")
        record = {
            "id": order_hash, "status": self._status("ORDER", "LIVE"),
            "owner": self.api_key, "maker_address": wire["maker"],
            "market": market.condition_id, "asset_id": sdk_order.token_id, "side": side,
            "original_size": _show(shares, UNIT), "size_matched": "0", "price": _show(price),
            "outcome": "Yes" if sdk_order.token_id == market.yes_token else "No",
            "expiration": str(wire.get("expiration", "0")), "order_type": order_type,
            "associate_trades": [], "created_at": int(time.time()),
        }
        order = _Order(record, sdk_order.token_id, side, price, 0, kind, order_type, maker, taker)
        if self.delay_next > 0:
            # Held for delayed matching (sports markets; clob-client#317): "delayed", no fill.
            self.delay_next -= 1
            record["status"] = self._status("ORDER", "DELAYED")
            order.units_left = shares
            self.orders[order_hash] = order
            return self._answer(order_hash, "delayed", 0, 0, [])
        return self._match(order_hash, order, order_type, market, maker, taker)

    def _parse(self, body: Any) -> tuple[str, dict[str, Any], SdkUnsignedOrder, str]:
        if not isinstance(body, dict) or not isinstance(body.get("order"), dict):
            raise Refused("Invalid order payload")
        order_type = body.get("orderType")
        if order_type not in ("GTC", "GTD", "FAK", "FOK"):
            raise Refused("Invalid order payload")
        if body.get("owner") != self.api_key:
            raise Refused("the order owner has to be the owner of the API KEY")
        wire = body["order"]
        try:
            token = str(wire["tokenId"])
            if token not in self.markets:
                raise Refused("Invalid order payload: unknown token id")
            # Types as on the wire: salt a JSON number; amounts and timestamp strings.
            if not isinstance(wire["salt"], int) or not all(
                isinstance(wire[k], str) and wire[k].isdigit()
                for k in ("makerAmount", "takerAmount", "timestamp", "tokenId")
            ):
                raise Refused("Invalid order payload")
            if wire["side"] not in ("BUY", "SELL"):
                raise Refused("Invalid order payload")
            market = self.markets[token]
            sdk_order = SdkUnsignedOrder(
                chain_id=137, builder=wire["builder"],
                exchange_address=NEG_RISK_EXCHANGE if market.neg_risk else EXCHANGE,
                expiration=int(wire.get("expiration") or 0), maker=wire["maker"],
                maker_amount=int(wire["makerAmount"]), metadata=wire["metadata"],
                order_type=order_type, salt=wire["salt"], side=wire["side"],
                signature_type=int(wire["signatureType"]), signer=wire["signer"],
                taker_amount=int(wire["takerAmount"]), timestamp=int(wire["timestamp"]),
                token_id=token,
            )
            # The order id is the exchange's hashOrder: the plain Order struct's EIP-712 digest,
            # whatever wrapper the signature used.
            standard = _build_standard_typed_data(sdk_order, protocol_version="2")
            order_hash = "0x" + _hash_eip191_message(
                encode_typed_data(full_message=standard)).hex()
        except (KeyError, TypeError, ValueError) as exc:
            raise Refused("Invalid order payload") from exc
        if sdk_order.maker_amount <= 0 or sdk_order.taker_amount <= 0:
            raise Refused("invalid amounts, maker and taker amounts must be positive")
        return order_type, wire, sdk_order, order_hash

    def _check_signature(self, wire: dict[str, Any], order: SdkUnsignedOrder) -> None:
        signature = str(wire.get("signature", ""))
        try:
            recovered = Account.recover_message(
                encode_typed_data(full_message=build_order_typed_data(order)),
                signature=signature[:132],
            )
        except (ValueError, TypeError) as exc:
            raise Refused("invalid order signature") from exc
        owner = to_checksum_address(self.owner_address)
        signer, maker = to_checksum_address(order.signer), to_checksum_address(order.maker)
        funder = to_checksum_address(self.funder) if self.funder else owner
        if order.signature_type == 3:
            good = (recovered == owner and signer == maker == funder
                    and signature == build_order_signature(order, signature[:132]))
        else:
            good = recovered == signer == owner and len(signature) == 132 and (
                maker == owner if order.signature_type == 0 else maker == funder)
        if not good:
            raise Refused("invalid order signature")
        if self.api_key_address and signer != to_checksum_address(self.api_key_address):
            raise Refused("the order signer address has to be the address of the API KEY")

    def _check_amounts(
        self, side: str, kind: str, maker: int, taker: int, tick: Decimal
    ) -> None:
        if kind == "market":
            maker_max, taker_max = 2, 4
            what = f"the market {side.lower()} orders"
        else:
            pusd = LIMIT_PUSD_DECIMALS[tick]
            maker_max, taker_max = (pusd, 2) if side == "BUY" else (2, pusd)
            what = f"the {side.lower()} orders"
        if _decimals(maker) > maker_max or _decimals(taker) > taker_max:
            raise Refused(f"invalid amounts, {what} maker amount supports a max accuracy of "
                          f"{maker_max} decimals, taker amount a max of {taker_max} decimals")

    # --- matching --------------------------------------------------------------------------
    def _match(
        self, order_hash: str, order: _Order, order_type: str, market: ClobMarket, maker: int,
        taker: int,
    ) -> dict[str, Any]:
        book = self.asks if order.side == "BUY" else self.bids
        levels = sorted(
            (lv for lv in book.get(order.token, [])
             if (lv.price <= order.price if order.side == "BUY" else lv.price >= order.price)),
            key=lambda lv: lv.price, reverse=order.side == "SELL",
        )
        market_buy = order.kind == "market" and order.side == "BUY"
        # What the order offers: pUSD units for a market BUY, shares units otherwise.
        budget = maker if market_buy else (taker if order.side == "BUY" else maker)
        if order_type == "FOK":
            available = sum(
                (lv.units * lv.price if market_buy else Fraction(lv.units) for lv in levels),
                Fraction(0),
            )
            if available < budget:
                raise Refused(FOK_KILLED)
        fills: list[tuple[_Resting, int, int]] = []  # (level, shares units, pUSD units)
        left = budget
        for level in levels:
            if market_buy:
                # Spend what is left at this level; the taker keeps the rounding dust.
                units = min(level.units, int(Fraction(left) / level.price))
                pusd = int(units * level.price)
            else:
                units = min(level.units, left)
                pusd = int(units * level.price) if order.side == "BUY" else -int(
                    -units * level.price)
            if units <= 0 or pusd <= 0:
                break  # what is left is dust: it buys nothing
            fills.append((level, units, pusd))
            left -= pusd if market_buy else units
        if not fills and order.kind == "market":
            raise Refused(FAK_KILLED if order_type == "FAK" else FOK_KILLED)
        shares = sum(units for _, units, _ in fills)
        pusd = sum(p for _, _, p in fills)
        for level, units, _ in fills:
            level.units -= units
        book[order.token] = [lv for lv in book.get(order.token, []) if lv.units > 0]
        trade_ids = [self._trade(order_hash, order, market, fills)] if fills else []
        record = order.record
        record["size_matched"] = _show(shares, UNIT)
        record["associate_trades"] = list(trade_ids)
        signed_shares = taker if order.side == "BUY" else maker
        if order.kind == "limit" and shares < signed_shares:
            order.units_left = signed_shares - shares
            status = "matched" if fills else "live"
        else:
            record["status"] = self._status("ORDER", "MATCHED")
            status = "matched"
        self.orders[order_hash] = order
        making, taking = (pusd, shares) if order.side == "BUY" else (shares, pusd)
        return self._answer(order_hash, status, making, taking, trade_ids)

    def _answer(
        self, order_hash: str, status: str, making: int, taking: int, trade_ids: list[str]
    ) -> dict[str, Any]:
        def amount(units: int) -> str:
            if status == "delayed":
                return ""
            return str(units) if self.base_unit_amounts else _show(units, UNIT)

        return {"success": True, "orderID": order_hash, "status": status,
                "makingAmount": amount(making), "takingAmount": amount(taking),
                "errorMsg": "", "tradeIDs": trade_ids, "transactionsHashes": []}

    def _trade(
        self, order_hash: str, order: _Order, market: ClobMarket,
        fills: list[tuple[_Resting, int, int]],
    ) -> str:
        trade_id = f"trade-{next(self._ids):04d}"
        shares = sum(units for _, units, _ in fills)
        outcome = "Yes" if order.token == market.yes_token else "No"
        now = str(int(time.time()))
        self.trades.append({
            "id": trade_id, "taker_order_id": order_hash, "market": market.condition_id,
            "asset_id": order.token, "side": order.side, "size": _show(shares, UNIT),
            "fee_rate_bps": str(market.fee_rate_bps), "price": _show(order.price),
            "status": self._status("TRADE", "MATCHED"), "match_time": now, "last_update": now,
            "outcome": outcome, "bucket_index": 0, "owner": self.api_key,
            "maker_address": order.record["maker_address"], "transaction_hash": "",
            "trader_side": "TAKER",
            "maker_orders": [{
                "order_id": level.order_id, "owner": "other-api-key",
                "maker_address": OTHER_MAKER, "matched_amount": _show(units, UNIT),
                "price": _show(level.price), "fee_rate_bps": "0", "asset_id": order.token,
                "outcome": outcome, "side": "SELL" if order.side == "BUY" else "BUY",
            } for level, units, _ in fills],
        })
        return trade_id

    def fill_resting(self, order_id: str, shares: Decimal) -> str:
        """A counterparty takes `shares` of our resting order (we are the maker)."""
        with self._lock:
            order = self.orders[order_id]
            units = min(order.units_left, _units(shares))
            order.units_left -= units
            market = self.markets[order.token]
            record = order.record
            record["size_matched"] = _show(_units(Decimal(record["size_matched"])) + units, UNIT)
            if order.units_left == 0:
                record["status"] = self._status("ORDER", "MATCHED")
            trade_id = f"trade-{next(self._ids):04d}"
            now = str(int(time.time()))
            outcome = record["outcome"]
            self.trades.append({
                "id": trade_id, "taker_order_id": "0xsomeone-else", "market": market.condition_id,
                "asset_id": order.token, "side": "SELL" if order.side == "BUY" else "BUY",
                "size": _show(units, UNIT), "fee_rate_bps": str(market.fee_rate_bps),
                "price": _show(order.price), "status": self._status("TRADE", "MATCHED"),
                "match_time": now, "last_update": now, "outcome": outcome, "bucket_index": 0,
                "owner": "other-api-key", "maker_address": OTHER_MAKER, "transaction_hash": "",
                "trader_side": "MAKER",
                "maker_orders": [{
                    "order_id": order_id, "owner": self.api_key,
                    "maker_address": record["maker_address"], "matched_amount": _show(units, UNIT),
                    "price": _show(order.price), "fee_rate_bps": "0", "asset_id": order.token,
                    "outcome": outcome, "side": order.side,
                }],
            })
            record["associate_trades"].append(trade_id)
            return trade_id

    def release_delayed(self, order_id: str) -> None:
        """Run a delayed order through matching now (a market remainder is then killed)."""
        with self._lock:
            order = self.orders.pop(order_id)
            order.units_left = 0
            try:
                self._match(order_id, order, order.order_type, self.markets[order.token],
                            order.maker, order.taker)
            except Refused:
                order.record["status"] = self._status("ORDER", "UNMATCHED")
                self.orders[order_id] = order

    def fail_trade(self, trade_id: str) -> None:
        with self._lock:
            for trade in self.trades:
                if trade["id"] == trade_id:
                    trade["status"] = self._status("TRADE", "FAILED")

    # --- lookups and cancels ---------------------------------------------------------------
    def get_order(self, order_id: str) -> tuple[int, Any]:
        with self._lock:
            order = self.orders.get(order_id.lower()) or self.orders.get(order_id)
            if order is None:
                return 404, {"error": "order not found"}
            return 200, dict(order.record, associate_trades=list(order.record["associate_trades"]))

    def trades_page(self, query: dict[str, list[str]]) -> tuple[int, Any]:
        with self._lock:
            rows = list(self.trades)
        if "id" in query:
            rows = [t for t in rows if t["id"] == query["id"][0]]
        if "after" in query:
            rows = [t for t in rows if int(t["match_time"]) >= int(query["after"][0])]
        return 200, {"data": rows, "next_cursor": "LTE=", "limit": 500, "count": len(rows)}

    def cancel(self, body: Any) -> tuple[int, Any]:
        with self._lock:
            order_id = str(body.get("orderID", "")) if isinstance(body, dict) else ""
            order = self.orders.get(order_id)
            if order is None:
                return 200, {"canceled": [], "not_canceled": {order_id: "order not found"}}
            live = {self._status("ORDER", "LIVE"), self._status("ORDER", "DELAYED")}
            if order.record["status"] not in live:
                return 200, {"canceled": [], "not_canceled": {
                    order_id: "order can't be found - already canceled or matched"}}
            order.record["status"] = self._status("ORDER", "CANCELED")
            order.units_left = 0
            return 200, {"canceled": [order_id], "not_canceled": {}}


def _units(value: Decimal) -> int:
    units = value * UNIT
    if units != units.to_integral_value():
        raise ValueError(f"{value} has more than 6 decimals")
    return int(units)


def _decimals(units: int) -> int:
    """Decimals of a 6-decimal unit amount as a number (1_500_000 -> 1.5 -> 1)."""
    text = f"{units:07d}"[-6:].rstrip("0")
    return len(text)


def _show(value: Fraction | int, scale: int = 1) -> str:
    """A decimal string of value / scale (exact, no exponent)."""
    exact = Fraction(value) / scale
    number = Decimal(exact.numerator) / Decimal(exact.denominator)
    return format(number.normalize(), "f")
