"""Venue fee formulas, exactly as each venue computes and rounds them. Pure: no Django, no I/O.

Kalshi (Fee Schedule effective 2026-07-07): taker fee = round up(M x 0.07 x C x P x (1-P)) to the
next cent, per order; maker fee = round up(M x 0.0175 x C x P x (1-P)) on series whose fee_type is
quadratic_with_maker_fees (0.5x the taker rate for quadratic_with_combo_maker_fees; none for
quadratic). Reference: https://kalshi.com/docs/kalshi-fee-schedule.pdf
Series with fee_type "flat" pay by the schedule's Specific Trading Fees Table, which is not public
here: the engine refuses them (KALSHI_PRICED_FEE_TYPES); kalshi_rate still gives the quadratic rate
for fills already made on such a market.

Multi-level Kalshi orders. An order that sweeps several price levels fills at each level's price.
Kalshi rounds each fill's trade fee up to $0.0001 and then runs a per-order fee accumulator that
refunds the rounding overpayment in whole cents "so that the total fee converges to what a single
equivalent fill would cost" (Reference: https://docs.kalshi.com/getting_started/fee_rounding.md).
Our convention, used by the engine and by `kalshi_order_fee`: the order's fee is the sum over its
fills of M x rate x C_i x P_i x (1-P_i), rounded up to the cent ONCE per order. A one-level order
reduces to the schedule's formula above.

Polymarket (fees since 2026-03-30): taker fee = C x rate x (p x (1-p))^exponent with the market's
own feeSchedule rate, per fill, rounded to 5 decimals (half up; a fee that rounds to zero is zero); makers
pay nothing. The official SDK (polymarket/_internal/actions/orders/market.py,
adjust_buy_amount_for_fees) computes the same C x rate x (p(1-p))^exponent with Decimal `**` and
no rounding (it only sizes a BUY); the 5-decimal rounding is the documented charge.
Reference: https://docs.polymarket.com/trading/fees
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

ZERO = Decimal(0)
ONE = Decimal(1)
CENT = Decimal("0.01")
POLY_FEE_QUANTUM = Decimal("0.00001")

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


def kalshi_rate(*, fee_type: str = "quadratic", maker: bool = False) -> Decimal:
    """The rate in Kalshi's formula: 0.07 for takers, the fee type's maker rate for makers."""
    return KALSHI_MAKER_RATE_BY_FEE_TYPE.get(fee_type, ZERO) if maker else KALSHI_TAKER_RATE


def kalshi_unit_fee(
    *, price: Decimal, multiplier: Decimal = ONE, fee_type: str = "quadratic", maker: bool = False
) -> Decimal:
    """Kalshi's unrounded fee per contract at `price`: M x rate x P x (1-P), in dollars."""
    return multiplier * kalshi_rate(fee_type=fee_type, maker=maker) * price * (ONE - price)


def kalshi_round(raw: Decimal) -> Decimal:
    """Round an order's summed raw Kalshi fee up to the cent (never negative)."""
    if raw <= 0:
        return ZERO
    return raw.quantize(CENT, rounding=ROUND_CEILING)


def kalshi_fee(
    *, price: Decimal, size: Decimal, multiplier: Decimal = ONE,
    fee_type: str = "quadratic", maker: bool = False,
) -> Decimal:
    """Kalshi's fee for one order of `size` contracts at YES-or-NO price `price`, in dollars.

    Rounded up to the cent once per order. P x (1-P) is symmetric, so the NO price gives the
    same fee.
    """
    if size <= 0:
        return ZERO
    unit = kalshi_unit_fee(price=price, multiplier=multiplier, fee_type=fee_type, maker=maker)
    return kalshi_round(size * unit)


def kalshi_order_fee(
    *, fills: Iterable[Fill], multiplier: Decimal = ONE, fee_type: str = "quadratic",
    maker: bool = False,
) -> Decimal:
    """Kalshi's fee for one order filled at several prices: per-fill raw fees summed, then
    rounded up to the cent once (see the module docstring for why)."""
    raw = ZERO
    for price, size in fills:
        if size > 0:
            unit = kalshi_unit_fee(
                price=price, multiplier=multiplier, fee_type=fee_type, maker=maker
            )
            raw += size * unit
    return kalshi_round(raw)


def polymarket_unit_fee(
    *, price: Decimal, rate: Decimal, exponent: Decimal = ONE, maker: bool = False
) -> Decimal:
    """Polymarket's unrounded taker fee per share at `price`: rate x (p(1-p))^exponent."""
    if maker or rate <= 0:
        return ZERO
    base = price * (ONE - price)
    if base <= 0:
        return ZERO
    return rate * (base if exponent == ONE else base**exponent)


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


def polymarket_fee(
    *, price: Decimal, size: Decimal, rate: Decimal, exponent: Decimal = ONE,
    maker: bool = False,
) -> Decimal:
    """Polymarket's taker fee for a fill of `size` shares at `price`, in pUSD (paid on top)."""
    if size <= 0:
        return ZERO
    unit = polymarket_unit_fee(price=price, rate=rate, exponent=exponent, maker=maker)
    return polymarket_round(size * unit)


def polymarket_order_fee(
    *, fills: Iterable[Fill], rate: Decimal, exponent: Decimal = ONE, maker: bool = False
) -> Decimal:
    """Polymarket's fee for one order filled at several prices: each fill rounded, then summed."""
    return sum(
        (
            polymarket_fee(price=p, size=s, rate=rate, exponent=exponent, maker=maker)
            for p, s in fills
        ),
        ZERO,
    )
