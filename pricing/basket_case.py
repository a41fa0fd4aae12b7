"""The basket case: one basket's engine call as JSON, read by `python -m arbitrage.engine basket`.

Input: {"budget": "1000", "payout_per_unit": "1",
        "now": ISO datetime (optional, default now), "max_slippage": "0.02" (optional),
        "legs": [LEG, ...]}
LEG:   {"venue": "kalshi"|"polymarket"|...,
        "outcome": "Lakers" (optional: legs sharing an outcome are alternatives, exactly one is
                   bought; a leg without one is an outcome of its own),
        "asks": [["0.31", "120"], ...]  (the contract bought: YES asks, or 1 - YES bid to buy NO),
        "fee": the pair case's fee object ({"kind": "kalshi", ...} | {"kind": "polymarket",
               "rate": "0.04"} | {"kind": "none"}),
        "min_size": "1", "size_increment": "0.01", "settles_at": ISO datetime or null}
payout_per_unit is what one basket unit (one contract of every outcome) pays at settlement: 1
for YES on every member of an exhaustive set, n - 1 for NO on every member of an n-set, 1 for NO
on A plus YES on B when A implies B. Levels may come in any order (equal prices are merged);
decimals may be strings or numbers.
Output: {"size", "legs": [{"venue", "outcome", "limit_price", "cost", "fee"}, ...], "cost",
         "fees", "payout", "net_profit", "return", "annualised_return"} (BasketPlan.to_json),
or size "0", no legs and null figures when no basket pays.
`basket_case_json` writes this input for a real engine call, so a stored basket can be
re-derived with `python -m arbitrage.engine basket`.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from decimal import Decimal
from typing import Any

from pricing.basket import best_basket
from pricing.case import levels_field
from pricing.fees import Fee
from pricing.inputs import CaseError, case_terms, decimal_field, leg_terms
from pricing.types import BasketLeg

NO_BASKET: dict[str, Any] = {
    "size": "0", "legs": [], "cost": None, "fees": None, "payout": None, "net_profit": None,
    "return": None, "annualised_return": None,
}


def basket_leg_from_json(raw: Any, where: str) -> BasketLeg:
    """Parse one LEG object into a BasketLeg (asks sorted best first)."""
    venue, min_size, increment, settles_at = leg_terms(raw, where)
    outcome = raw.get("outcome")
    if outcome is not None and (not isinstance(outcome, str) or not outcome):
        raise CaseError(f"{where}.outcome: expected an outcome label or null")
    if "asks" not in raw:
        raise CaseError(f"{where}.asks: required")
    return BasketLeg(
        venue=venue,
        outcome=outcome,
        asks=levels_field(raw["asks"], f"{where}.asks", descending=False),
        fee=Fee.from_json(raw.get("fee"), f"{where}.fee"),
        min_size=min_size,
        size_increment=increment,
        settles_at=settles_at,
    )


def basket_case_json(
    legs: Sequence[BasketLeg], *, payout_per_unit: Decimal, budget: Decimal, now: datetime,
    max_slippage: Decimal | None = None,
) -> dict[str, Any]:
    """The case that reproduces a best_basket call (to store with a basket opportunity)."""
    case: dict[str, Any] = {
        "budget": str(budget), "payout_per_unit": str(payout_per_unit), "now": now.isoformat(),
        "legs": [leg.to_json() for leg in legs],
    }
    if max_slippage is not None:
        case["max_slippage"] = str(max_slippage)
    return case


def run_basket_case(case: Any, *, default_now: datetime) -> dict[str, Any]:
    """Price one basket case object; returns the output JSON object."""
    budget, max_slippage, now = case_terms(case, default_now=default_now)
    if "payout_per_unit" not in case:
        raise CaseError("payout_per_unit: required")
    payout = decimal_field(case["payout_per_unit"], "payout_per_unit")
    if payout <= 0:
        raise CaseError("payout_per_unit: must be positive")
    if max_slippage is not None and max_slippage < 0:
        raise CaseError("max_slippage: must not be negative")
    raw_legs = case.get("legs")
    if not isinstance(raw_legs, list) or not raw_legs:
        raise CaseError("legs: expected a non-empty list of legs")
    legs = [basket_leg_from_json(raw, f"legs[{i}]") for i, raw in enumerate(raw_legs)]
    plan = best_basket(
        legs, payout_per_unit=payout, budget=budget, now=now, max_slippage=max_slippage
    )
    return dict(NO_BASKET) if plan is None else plan.to_json()
