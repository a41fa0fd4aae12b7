"""The engine's frozen values: what a leg looks like going in, and the plan coming out.

All money, prices and sizes are `Decimal`; prices are probabilities in (0, 1); datetimes are
aware UTC. Nothing here touches Django.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from pricing.fees import Fee
from pricing.levels import ONE, Level, levels_to_json

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
class LegInput:
    """One venue's side of a pair: its YES book and trading rules.

    yes_bids are best (highest) first, yes_asks best (lowest) first, as (price, size) tuples.
    Buying YES walks yes_asks; buying NO walks yes_bids at NO price 1 - bid.
    size_increment is the venue's size grid (both venues trade in 0.01 contracts); min_size the
    smallest order it accepts (Polymarket 5 shares).
    """

    venue: str
    yes_bids: tuple[Level, ...]
    yes_asks: tuple[Level, ...]
    fee: Fee = field(default_factory=Fee)
    min_size: Decimal = ONE
    size_increment: Decimal = ONE
    settles_at: datetime | None = None

    def to_json(self) -> dict[str, Any]:
        """A JSON form the engine case reads back (`pricing.case.leg_from_json`)."""
        return {
            "venue": self.venue,
            "yes_bids": levels_to_json(self.yes_bids),
            "yes_asks": levels_to_json(self.yes_asks),
            **_trading_terms_json(self),
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
        return {**_order_json(self), "capital": str(self.capital), "levels": self.levels}


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


@dataclass(frozen=True, slots=True)
class BasketLeg:
    """One way to buy one outcome of a basket: a venue's asks for the contract being bought.

    `outcome` labels the outcome this leg buys. Legs that share a label are alternatives (the
    same outcome offered on several venues): a basket buys exactly one of them, the one that
    makes it most profitable at the basket's size. None makes the leg an outcome of its own.
    `asks` are (price, size) levels of the contract bought, best (lowest) first: YES asks to
    buy YES, or YES bids read at 1 - bid to buy NO (`pricing.levels.outcome_levels`).
    Prices are in (0, 1), sizes > 0 (empty levels are skipped). `size_increment` is the
    venue's size grid, `min_size` its smallest order.
    """

    venue: str
    outcome: str | None
    asks: tuple[Level, ...]
    fee: Fee = field(default_factory=Fee)
    min_size: Decimal = ONE
    size_increment: Decimal = ONE
    settles_at: datetime | None = None

    def to_json(self) -> dict[str, Any]:
        """The leg as the basket case reads it back (`pricing.basket_case`)."""
        return {
            "venue": self.venue,
            "outcome": self.outcome,
            "asks": levels_to_json(self.asks),
            **_trading_terms_json(self),
        }


@dataclass(frozen=True, slots=True)
class BasketLegPlan:
    """What to send for one outcome: buy `size` contracts on `venue` up to `limit_price`.

    cost and fee are exact (the fee as the venue rounds it for one order); levels is how many
    price levels the order sweeps.
    """

    venue: str
    outcome: str | None
    limit_price: Decimal
    cost: Decimal
    fee: Decimal
    levels: int

    @property
    def capital(self) -> Decimal:
        """Cash this leg locks until settlement: cost plus fee."""
        return self.cost + self.fee

    def to_json(self) -> dict[str, Any]:
        return _order_json(self)


@dataclass(frozen=True, slots=True)
class BasketPlan:
    """The best basket: `size` contracts of every outcome, one leg per outcome.

    payout = payout_per_unit x size (guaranteed at settlement); net_profit = payout - cost -
    fees; return_on_capital = net_profit / (cost + fees), quantized to 1e-8;
    annualised_return = return_on_capital x 365 days / days to the latest settlement of the
    legs bought (simple; None when one is unknown or past). `legs` follow the order in which
    their outcomes first appear in the input.
    """

    size: Decimal
    legs: tuple[BasketLegPlan, ...]
    cost: Decimal
    fees: Decimal
    payout: Decimal
    net_profit: Decimal
    return_on_capital: Decimal
    annualised_return: Decimal | None
    settles_at: datetime | None

    @property
    def capital(self) -> Decimal:
        """Cash the basket locks until settlement: every leg's cost plus fee."""
        return self.cost + self.fees

    def to_json(self) -> dict[str, Any]:
        """The basket CLI's output (`python -m arbitrage.engine basket`)."""
        return {
            "size": str(self.size),
            "legs": [leg.to_json() for leg in self.legs],
            "cost": str(self.cost),
            "fees": str(self.fees),
            "payout": str(self.payout),
            "net_profit": str(self.net_profit),
            "return": str(self.return_on_capital),
            "annualised_return": (
                None if self.annualised_return is None else str(self.annualised_return)
            ),
        }


def _trading_terms_json(leg: LegInput | BasketLeg) -> dict[str, Any]:
    """A leg's fee, size grid and settlement as the engine cases read them back."""
    return {
        "fee": leg.fee.to_json(),
        "min_size": str(leg.min_size),
        "size_increment": str(leg.size_increment),
        "settles_at": leg.settles_at.isoformat() if leg.settles_at else None,
    }


def _order_json(plan: LegPlan | BasketLegPlan) -> dict[str, Any]:
    """The order a leg plan sends: where, what, the worst price, its exact cost and fee."""
    return {
        "venue": plan.venue, "outcome": plan.outcome, "limit_price": str(plan.limit_price),
        "cost": str(plan.cost), "fee": str(plan.fee),
    }
