"""The engine case: one pair's engine call as JSON, read by the CLI and stored on opportunities.

Input: {"orientation": "same"|"inverted", "budget": "1000", "a": LEG, "b": LEG,
        "now": ISO datetime (optional, default now), "max_slippage": "0.05" (optional)}
LEG:   {"venue": "kalshi"|"polymarket"|..., "yes_bids": [["0.42", "100"], ...], "yes_asks": [...],
        "fee": {"kind": "kalshi", "multiplier": "1", "maker": false, "fee_type": "quadratic"}
             | {"kind": "polymarket", "rate": "0.04", "exponent": "1"} | {"kind": "none"},
        "min_size": "1", "size_increment": "1", "settles_at": ISO datetime or null}
Levels may come in any order (equal prices are merged). Decimals may be strings or numbers.
Output: the plan (Plan.to_json) or {"direction": null, ...} when nothing is profitable.
`case_json` writes this shape for a real engine call, so every stored figure can be re-derived
with `python -m arbitrage.engine`.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from pricing.fees import Fee
from pricing.inputs import CaseError, case_terms, decimal_field, leg_terms
from pricing.levels import Level, levels_sorted
from pricing.optimiser import best_plan
from pricing.types import LegInput

ZERO = Decimal(0)
ONE = Decimal(1)
NO_PLAN: dict[str, Any] = {
    "direction": None, "size": "0", "legs": [], "payout": "0", "net_profit": "0", "return": "0",
    "annualised_return": None,
}


def levels_field(raw: Any, where: str, *, descending: bool) -> tuple[Level, ...]:
    """[[price, size], ...] with prices inside (0, 1) and sizes >= 0, merged and best first."""
    if not isinstance(raw, list):
        raise CaseError(f"{where}: expected a list of [price, size] pairs")
    levels = []
    for i, level in enumerate(raw):
        if not isinstance(level, list | tuple) or len(level) != 2:
            raise CaseError(f"{where}[{i}]: expected [price, size]")
        price = decimal_field(level[0], f"{where}[{i}] price")
        size = decimal_field(level[1], f"{where}[{i}] size")
        if not ZERO < price < ONE:
            raise CaseError(f"{where}[{i}]: price {price} is not inside (0, 1)")
        if size < 0:
            raise CaseError(f"{where}[{i}]: negative size {size}")
        levels.append((price, size))
    return levels_sorted(levels, descending=descending)


def leg_from_json(raw: Any, where: str) -> LegInput:
    """Parse one LEG object into a LegInput (levels sorted best first)."""
    venue, min_size, increment, settles_at = leg_terms(raw, where)
    return LegInput(
        venue=venue,
        yes_bids=levels_field(raw.get("yes_bids", []), f"{where}.yes_bids", descending=True),
        yes_asks=levels_field(raw.get("yes_asks", []), f"{where}.yes_asks", descending=False),
        fee=Fee.from_json(raw.get("fee"), f"{where}.fee"),
        min_size=min_size,
        size_increment=increment,
        settles_at=settles_at,
    )


def case_json(
    a: LegInput, b: LegInput, *, orientation: str, budget: Decimal, now: datetime,
    max_slippage: Decimal | None = None,
) -> dict[str, Any]:
    """The case that reproduces an engine call (stored as an Opportunity's `inputs`)."""
    case: dict[str, Any] = {
        "orientation": orientation, "budget": str(budget), "now": now.isoformat(),
        "a": a.to_json(), "b": b.to_json(),
    }
    if max_slippage is not None:
        case["max_slippage"] = str(max_slippage)
    return case


def run_case(case: Any, *, default_now: datetime) -> dict[str, Any]:
    """Price one case object; returns the output JSON object."""
    if not isinstance(case, dict):
        raise CaseError("the case must be a JSON object")
    orientation = case.get("orientation")
    if orientation not in ("same", "inverted"):
        raise CaseError(f"orientation: expected 'same' or 'inverted', got {orientation!r}")
    budget, max_slippage, now = case_terms(case, default_now=default_now)
    a = leg_from_json(case.get("a"), "a")
    b = leg_from_json(case.get("b"), "b")
    plan = best_plan(
        a, b, orientation=orientation, budget=budget, now=now, max_slippage=max_slippage
    )
    return dict(NO_PLAN) if plan is None else plan.to_json()
