"""The engine's frozen values: what a leg looks like going in, and the plan coming out.

All money, prices and sizes are `Decimal`; prices are probabilities in (0, 1); datetimes are
aware UTC. Nothing here touches Django.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from arbitrage.engine import fees

ZERO = Decimal(0)
ONE = Decimal(1)

Level = tuple[Decimal, Decimal]  # (price, size)

YES = "yes"
NO = "no"

# Directions name which outcome each leg buys (leg A first).
YES_A_NO_B = "yes_a_no_b"
NO_A_YES_B = "no_a_yes_b"
YES_A_YES_B = "yes_a_yes_b"
NO_A_NO_B = "no_a_no_b"
DIRECTIONS_BY_ORIENTATION = {
    "same": (YES_A_NO_B, NO_A_YES_B),
    "inverted": (YES_A_YES_B, NO_A_NO_B),
}
OUTCOMES_BY_DIRECTION = {
    YES_A_NO_B: (YES, NO),
    NO_A_YES_B: (NO, YES),
    YES_A_YES_B: (YES, YES),
    NO_A_NO_B: (NO, NO),
}


@dataclass(frozen=True, slots=True)
class FeeSpec:
    """How one venue charges for a market.

    kind "kalshi": multiplier (series/event value) and fee_type pick the rate; maker selects the
    maker variant. kind "polymarket": the market's feeSchedule rate and exponent (makers free).
    kind "none": no fee.
    """

    kind: str = "none"
    multiplier: Decimal = ONE
    fee_type: str = "quadratic"
    maker: bool = False
    rate: Decimal = ZERO
    exponent: Decimal = ONE

    def unit_fee(self, price: Decimal) -> Decimal:
        """The unrounded fee per contract at `price`."""
        if self.kind == "kalshi":
            return fees.kalshi_unit_fee(
                price=price, multiplier=self.multiplier, fee_type=self.fee_type, maker=self.maker
            )
        if self.kind == "polymarket":
            return fees.polymarket_unit_fee(
                price=price, rate=self.rate, exponent=self.exponent, maker=self.maker
            )
        return ZERO

    def order_fee(self, fills: tuple[Level, ...]) -> Decimal:
        """The exact fee of one order with these fills (see fees.py for each venue's rounding)."""
        if self.kind == "kalshi":
            return fees.kalshi_order_fee(
                fills=fills, multiplier=self.multiplier, fee_type=self.fee_type, maker=self.maker
            )
        if self.kind == "polymarket":
            return fees.polymarket_order_fee(
                fills=fills, rate=self.rate, exponent=self.exponent, maker=self.maker
            )
        return ZERO

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind, "multiplier": str(self.multiplier), "fee_type": self.fee_type,
            "maker": self.maker, "rate": str(self.rate), "exponent": str(self.exponent),
        }


@dataclass(frozen=True, slots=True)
class LegInput:
    """One venue's side of a pair: its YES book and trading rules.

    yes_bids are best (highest) first, yes_asks best (lowest) first, as (price, size) tuples.
    Buying YES walks yes_asks; buying NO walks yes_bids at NO price 1 - bid.
    size_increment is the venue's size grid (Kalshi 0.01 fractional, Polymarket 1 share here);
    min_size the smallest order it accepts (Polymarket 5 shares).
    """

    venue: str
    yes_bids: tuple[Level, ...]
    yes_asks: tuple[Level, ...]
    fee: FeeSpec = field(default_factory=FeeSpec)
    min_size: Decimal = ONE
    size_increment: Decimal = ONE
    settles_at: datetime | None = None

    def to_json(self) -> dict[str, Any]:
        """A JSON form the CLI reads back (`arbitrage.engine.cli.leg_from_json`)."""
        return {
            "venue": self.venue,
            "yes_bids": [[str(p), str(s)] for p, s in self.yes_bids],
            "yes_asks": [[str(p), str(s)] for p, s in self.yes_asks],
            "fee": self.fee.to_json(),
            "min_size": str(self.min_size),
            "size_increment": str(self.size_increment),
            "settles_at": self.settles_at.isoformat() if self.settles_at else None,
        }


@dataclass(frozen=True, slots=True)
class LegPlan:
    """What to send on one venue: buy `outcome` up to `limit_price` (worst level touched)."""

    venue: str
    outcome: str
    limit_price: Decimal
    cost: Decimal
    fee: Decimal
    levels: int

    @property
    def capital(self) -> Decimal:
        """Cash this leg locks until settlement: cost plus fee."""
        return self.cost + self.fee

    def to_json(self) -> dict[str, Any]:
        return {
            "venue": self.venue, "outcome": self.outcome, "limit_price": str(self.limit_price),
            "cost": str(self.cost), "fee": str(self.fee), "capital": str(self.capital),
            "levels": self.levels,
        }


@dataclass(frozen=True, slots=True)
class Plan:
    """The best trade in one direction: `size` contracts on each leg, paying `payout` at settlement.

    net_profit = payout - both costs - both fees; return_on_capital = net_profit / capital;
    annualised_return = return_on_capital x 365 days / days to the later settlement (simple, not
    compounded; None when a settlement date is unknown or past). edge_per_contract is the
    top-of-book gross edge, 1 - best price A - best price B, before fees and depth.
    """

    direction: str
    size: Decimal
    a: LegPlan
    b: LegPlan
    payout: Decimal
    net_profit: Decimal
    return_on_capital: Decimal
    annualised_return: Decimal | None
    edge_per_contract: Decimal
    settles_at: datetime | None

    @property
    def legs(self) -> tuple[LegPlan, LegPlan]:
        return (self.a, self.b)

    @property
    def capital(self) -> Decimal:
        return self.a.capital + self.b.capital

    def to_json(self) -> dict[str, Any]:
        return {
            "direction": self.direction,
            "size": str(self.size),
            "legs": [self.a.to_json(), self.b.to_json()],
            "payout": str(self.payout),
            "net_profit": str(self.net_profit),
            "return": str(self.return_on_capital),
            "annualised_return": (
                None if self.annualised_return is None else str(self.annualised_return)
            ),
            "edge_per_contract": str(self.edge_per_contract),
            "capital": str(self.capital),
            "settles_at": self.settles_at.isoformat() if self.settles_at else None,
        }
