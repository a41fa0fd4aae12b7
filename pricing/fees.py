"""Venue fees, exactly as each venue computes and rounds them. Pure: no Django, no I/O.

`Fee` is the one fee type: venues build it from their catalogs (platforms/*/parse.py), markets
store it as JSON, and the engine, the paper executor and execution's re-plan price with it.
`Fee._formula` is the one place that switches on the venue's kind; everything else works on the
formula it derives (`Fee.formula`: a coefficient, an exponent and a rounding rule).

Kalshi (Fee Schedule effective 2026-07-07): taker fee = round up(M x 0.07 x C x P x (1-P)) to the
next cent, per order; maker fee = round up(M x 0.0175 x C x P x (1-P)) on series whose fee_type is
quadratic_with_maker_fees (0.5x the taker rate for quadratic_with_combo_maker_fees; none for
quadratic). Reference: https://kalshi.com/docs/kalshi-fee-schedule.pdf
Series with fee_type "flat" pay by the schedule's Specific Trading Fees Table, which is not public
here: the engine refuses them (Fee.unpriceable); fills already made on such a market are
still charged the quadratic estimate.

Multi-level Kalshi orders. An order that sweeps several price levels fills at each level's price.
Kalshi rounds each fill's trade fee up to $0.0001 and then runs a per-order fee accumulator that
refunds the rounding overpayment in whole cents "so that the total fee converges to what a single
equivalent fill would cost" (Reference: https://docs.kalshi.com/getting_started/fee_rounding.md).
Our convention, used by the engine and by `kalshi_order_fee`: the order's fee is the sum over its
fills of M x rate x C_i x P_i x (1-P_i), rounded up to the cent ONCE per order. A one-level order
reduces to the schedule's formula above.

Polymarket (fees since 2026-03-30): taker fee = C x rate x (p x (1-p))^exponent with the market's
own feeSchedule rate, per fill, rounded to 5 decimals (half up; a fee that rounds to zero is zero);
makers pay nothing. The official SDK (polymarket/_internal/actions/orders/market.py,
adjust_buy_amount_for_fees) computes the same C x rate x (p(1-p))^exponent with Decimal `**` and
no rounding (it only sizes a BUY); the 5-decimal rounding is the documented charge.
Reference: https://docs.polymarket.com/trading/fees
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal
from typing import Any

from pricing.inputs import CaseError, bool_field, decimal_field

ZERO = Decimal(0)
ONE = Decimal(1)
CENT = Decimal("0.01")
POLY_FEE_QUANTUM = Decimal("0.00001")

KALSHI = "kalshi"
POLYMARKET = "polymarket"
NO_FEE = "none"
KINDS = (KALSHI, POLYMARKET, NO_FEE)

KALSHI_TAKER_RATE = Decimal("0.07")
KALSHI_MAKER_RATE_BY_FEE_TYPE = {
    "quadratic": ZERO,
    "quadratic_with_maker_fees": Decimal("0.0175"),
    "quadratic_with_combo_maker_fees": Decimal("0.035"),
}
# The fee types the formula above prices. "flat" series pay by the schedule's Specific Trading
# Fees Table, which is not public here: the engine refuses to price them rather than guess.
KALSHI_PRICED_FEE_TYPES = frozenset(KALSHI_MAKER_RATE_BY_FEE_TYPE)

Fill = tuple[Decimal, Decimal]  # (price, size)


class Rounding(enum.Enum):
    """How a venue turns raw fees into the fee it charges."""

    NONE = "none"  # no fee at all
    ORDER_CENT_UP = "order_cent_up"  # Kalshi: the order's summed raw fee, up to the cent
    FILL_5DP_HALF_UP = "fill_5dp_half_up"  # Polymarket: each fill, half up to 5 decimals


@dataclass(frozen=True, slots=True)
class Formula:
    """A fee as arithmetic: raw fee per contract = coef x (p(1-p))^exponent, then `rounding`."""

    coef: Decimal
    exponent: Decimal
    rounding: Rounding

    def unit(self, price: Decimal) -> Decimal:
        """The unrounded fee per contract at `price` (symmetric: the NO price gives the same)."""
        if self.rounding is Rounding.NONE:
            return ZERO
        base = price * (ONE - price)
        if base <= 0:
            return ZERO
        return self.coef * (base if self.exponent == ONE else base**self.exponent)

    def order_fee(self, fills: Iterable[Fill]) -> Decimal:
        """The exact fee of one order with these fills, rounded as the venue rounds."""
        if self.rounding is Rounding.ORDER_CENT_UP:
            raw = sum((size * self.unit(price) for price, size in fills if size > 0), ZERO)
            return kalshi_round(raw)
        if self.rounding is Rounding.FILL_5DP_HALF_UP:
            return sum(
                (polymarket_round(size * self.unit(price)) for price, size in fills if size > 0),
                ZERO,
            )
        return ZERO


def kalshi_rate(*, fee_type: str = "quadratic", maker: bool = False) -> Decimal:
    """The rate in Kalshi's formula: 0.07 for takers, the fee type's maker rate for makers."""
    return KALSHI_MAKER_RATE_BY_FEE_TYPE.get(fee_type, ZERO) if maker else KALSHI_TAKER_RATE


def kalshi_round(raw: Decimal) -> Decimal:
    """Round an order's summed raw Kalshi fee up to the cent (never negative)."""
    if raw <= 0:
        return ZERO
    return raw.quantize(CENT, rounding=ROUND_CEILING)


def polymarket_round(raw: Decimal) -> Decimal:
    """Round one fill's raw Polymarket fee to 5 decimals, half up.

    The docs: "Fees are rounded to 5 decimal places. The smallest fee charged is 0.00001 pUSD.
    Anything smaller rounds to zero." So a fee that rounds to 0 is 0, never a minimum charge. The
    direction (nearest, half up) is our reading; it never under-states a fee by more than
    0.000005 against a venue that floors instead, which keeps edges conservative.
    """
    if raw <= 0:
        return ZERO
    return raw.quantize(POLY_FEE_QUANTUM, rounding=ROUND_HALF_UP)


@dataclass(frozen=True, slots=True)
class Fee:
    """How one venue charges for one market.

    kind "kalshi": `fee_type` (quadratic | quadratic_with_maker_fees |
    quadratic_with_combo_maker_fees | flat) and `multiplier` (the series value, or the event's
    override). kind "polymarket": `rate` and `exponent` from the market's feeSchedule;
    `taker_only` as the venue states it (makers pay nothing). kind "none": no fee.
    `maker` prices orders as resting (maker) orders instead of takers.
    """

    kind: str = NO_FEE
    fee_type: str = "quadratic"
    multiplier: Decimal = ONE
    rate: Decimal = ZERO
    exponent: Decimal = ONE
    taker_only: bool = True
    maker: bool = False
    # Derived once at construction (a fee prices many orders; the engine reads these per plan).
    formula: Formula = field(init=False, repr=False, compare=False)
    unpriceable: str = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "formula", self._formula())
        object.__setattr__(self, "unpriceable", self._unpriceable_reason())

    def _formula(self) -> Formula:
        """The fee as arithmetic. The one place that knows each venue's kind."""
        if self.kind == KALSHI:
            rate = kalshi_rate(fee_type=self.fee_type, maker=self.maker)
            return Formula(self.multiplier * rate, ONE, Rounding.ORDER_CENT_UP)
        if self.kind == POLYMARKET:
            if self.maker or self.rate <= 0:
                return Formula(ZERO, ONE, Rounding.NONE)
            return Formula(self.rate, self.exponent, Rounding.FILL_5DP_HALF_UP)
        return Formula(ZERO, ONE, Rounding.NONE)

    def _unpriceable_reason(self) -> str:
        """Why the engine must not price this fee ("" when it may): a guessed fee is a false edge."""
        if self.kind == KALSHI and self.fee_type not in KALSHI_PRICED_FEE_TYPES:
            return (
                f"Kalshi fee_type {self.fee_type!r} has no fee formula here (its series pay by "
                "the fee schedule's specific table): not priced"
            )
        return ""

    def unit_fee(self, price: Decimal) -> Decimal:
        """The unrounded fee per contract at `price`."""
        return self.formula.unit(price)

    def order_fee(self, fills: Iterable[Fill]) -> Decimal:
        """The exact fee of one order filled at these (price, size) levels."""
        return self.formula.order_fee(fills)

    def amount(self, *, price: Decimal, size: Decimal) -> Decimal:
        """The exact fee of one order of `size` contracts filled at `price`."""
        return self.formula.order_fee(((price, size),))

    def to_json(self) -> dict[str, Any]:
        """The JSON Fee.from_json reads back ("maker" only when set: markets never are)."""
        out: dict[str, Any] = {
            "kind": self.kind, "fee_type": self.fee_type, "multiplier": str(self.multiplier),
            "rate": str(self.rate), "exponent": str(self.exponent),
            "taker_only": self.taker_only,
        }
        if self.maker:
            out["maker"] = True
        return out

    @classmethod
    def from_json(cls, raw: Mapping[str, Any] | None, where: str = "fee") -> Fee:
        """A Fee from its JSON (a stored Market.fee_params or an engine case's "fee" object).

        Missing or empty: no fee. Raises CaseError naming the field for anything malformed,
        e.g. a polymarket fee without a rate.
        """
        if raw is None:
            return cls()
        if not isinstance(raw, Mapping):
            raise CaseError(f"{where}: expected an object")
        kind = raw.get("kind", NO_FEE)
        if kind not in KINDS:
            raise CaseError(f"{where}.kind: expected kalshi, polymarket or none, got {kind!r}")
        maker = bool_field(raw.get("maker", False), f"{where}.maker")
        taker_only = bool_field(raw.get("taker_only", True), f"{where}.taker_only")
        if kind == KALSHI:
            fee_type = raw.get("fee_type", "quadratic")
            if not isinstance(fee_type, str):
                raise CaseError(f"{where}.fee_type: expected a string")
            return cls(
                kind=KALSHI, fee_type=fee_type, maker=maker, taker_only=taker_only,
                multiplier=decimal_field(raw.get("multiplier", "1"), f"{where}.multiplier"),
            )
        if kind == POLYMARKET:
            if "rate" not in raw:
                raise CaseError(f"{where}.rate: required for a polymarket fee")
            return cls(
                kind=POLYMARKET, maker=maker, taker_only=taker_only,
                rate=decimal_field(raw["rate"], f"{where}.rate"),
                exponent=decimal_field(raw.get("exponent", "1"), f"{where}.exponent"),
            )
        return cls(maker=maker)


# The venues' formulas as plain functions (the fee schedule's own terms; tests check them
# against the published tables).
def kalshi_fee(
    *, price: Decimal, size: Decimal, multiplier: Decimal = ONE,
    fee_type: str = "quadratic", maker: bool = False,
) -> Decimal:
    """Kalshi's fee for one order of `size` contracts at YES-or-NO price `price`, in dollars."""
    fee = Fee(kind=KALSHI, fee_type=fee_type, multiplier=multiplier, maker=maker)
    return fee.amount(price=price, size=size)


def kalshi_order_fee(
    *, fills: Iterable[Fill], multiplier: Decimal = ONE, fee_type: str = "quadratic",
    maker: bool = False,
) -> Decimal:
    """Kalshi's fee for one order filled at several prices: per-fill raw fees summed, then
    rounded up to the cent once (see the module docstring for why)."""
    fee = Fee(kind=KALSHI, fee_type=fee_type, multiplier=multiplier, maker=maker)
    return fee.order_fee(fills)


def polymarket_fee(
    *, price: Decimal, size: Decimal, rate: Decimal, exponent: Decimal = ONE,
    maker: bool = False,
) -> Decimal:
    """Polymarket's taker fee for a fill of `size` shares at `price`, in pUSD (paid on top)."""
    fee = Fee(kind=POLYMARKET, rate=rate, exponent=exponent, maker=maker)
    return fee.amount(price=price, size=size)


def polymarket_order_fee(
    *, fills: Iterable[Fill], rate: Decimal, exponent: Decimal = ONE, maker: bool = False
) -> Decimal:
    """Polymarket's fee for one order filled at several prices: each fill rounded, then summed."""
    return Fee(kind=POLYMARKET, rate=rate, exponent=exponent, maker=maker).order_fee(fills)
