"""Venue fee formulas, exactly as each venue computes and rounds them. Pure: no Django, no I/O.

Kalshi (Fee Schedule effective 2026-07-07): taker fee = round up(M x 0.07 x C x P x (1-P)) to the
next cent, per order; maker fee = round up(M x 0.0175 x C x P x (1-P)) on series whose fee_type is
quadratic_with_maker_fees (0.5x the taker rate for quadratic_with_combo_maker_fees; none for
quadratic). Reference: https://kalshi.com/docs/kalshi-fee-schedule.pdf

Polymarket (fees since 2026-03-30): taker fee = C x rate x (p x (1-p))^exponent with the market's
own feeSchedule rate, rounded to 5 decimals (minimum charged 0.00001); makers pay nothing.
Reference: https://docs.polymarket.com/trading/fees
"""

from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

ZERO = Decimal(0)
CENT = Decimal("0.01")
POLY_FEE_QUANTUM = Decimal("0.00001")

KALSHI_TAKER_RATE = Decimal("0.07")
KALSHI_MAKER_RATE_BY_FEE_TYPE = {
    "quadratic": ZERO,
    "quadratic_with_maker_fees": Decimal("0.0175"),
    "quadratic_with_combo_maker_fees": Decimal("0.035"),
}


def kalshi_fee(
    *, price: Decimal, size: Decimal, multiplier: Decimal = Decimal(1),
    fee_type: str = "quadratic", maker: bool = False,
) -> Decimal:
    """Kalshi's fee for one order of `size` contracts at YES-or-NO price `price`, in dollars.

    Rounded up to the cent once per order (the per-fill accumulator makes the order total equal
    the rounded-up order fee). P x (1-P) is symmetric, so the NO price gives the same fee.
    """
    if size <= 0:
        return ZERO
    rate = KALSHI_MAKER_RATE_BY_FEE_TYPE.get(fee_type, ZERO) if maker else KALSHI_TAKER_RATE
    raw = multiplier * rate * size * price * (1 - price)
    if raw <= 0:
        return ZERO
    return raw.quantize(CENT, rounding=ROUND_CEILING)


def polymarket_fee(
    *, price: Decimal, size: Decimal, rate: Decimal, exponent: Decimal = Decimal(1),
    maker: bool = False,
) -> Decimal:
    """Polymarket's taker fee for a fill of `size` shares at `price`, in pUSD (paid on top)."""
    if maker or size <= 0 or rate <= 0:
        return ZERO
    base = price * (1 - price)
    factor = base if exponent == 1 else Decimal(str(float(base) ** float(exponent)))
    raw = size * rate * factor
    if raw <= 0:
        return ZERO
    fee = raw.quantize(POLY_FEE_QUANTUM, rounding=ROUND_HALF_UP)
    return max(fee, POLY_FEE_QUANTUM)
