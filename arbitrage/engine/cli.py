"""`python -m arbitrage.engine < case.json`: print the best plan of one pair as JSON.

Input: {"orientation": "same"|"inverted", "budget": "1000", "a": LEG, "b": LEG,
        "now": ISO datetime (optional, default now), "max_slippage": "0.05" (optional)}
LEG:   {"venue": "kalshi"|"polymarket"|..., "yes_bids": [["0.42", "100"], ...], "yes_asks": [...],
        "fee": {"kind": "kalshi", "multiplier": "1", "maker": false, "fee_type": "quadratic"}
             | {"kind": "polymarket", "rate": "0.04", "exponent": "1"} | {"kind": "none"},
        "min_size": "1", "size_increment": "1", "settles_at": ISO datetime or null}
Levels may come in any order (equal prices are merged). Decimals may be strings or numbers.
Output: the plan (Plan.to_json) or {"direction": null, ...} when nothing is profitable. Bad input
prints "error: ..." on stderr and exits with status 2.
"""

from __future__ import annotations

import json
import sys
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, TextIO

from arbitrage.engine.optimiser import EngineInputError, best_plan
from arbitrage.engine.types import FeeSpec, LegInput, Level

ZERO = Decimal(0)
ONE = Decimal(1)
NO_PLAN: dict[str, Any] = {
    "direction": None, "size": "0", "legs": [], "payout": "0", "net_profit": "0", "return": "0",
    "annualised_return": None,
}


class CaseError(ValueError):
    """The case JSON is malformed; the message names the offending field."""


def _decimal(value: Any, where: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise CaseError(f"{where}: expected a decimal string, got {value!r}")
    try:
        out = Decimal(str(value))
    except InvalidOperation:
        raise CaseError(f"{where}: not a decimal: {value!r}") from None
    if not out.is_finite():
        raise CaseError(f"{where}: not a finite decimal: {value!r}")
    return out


def _datetime(value: Any, where: str) -> datetime:
    if not isinstance(value, str):
        raise CaseError(f"{where}: expected an ISO 8601 datetime string")
    try:
        out = datetime.fromisoformat(value)
    except ValueError:
        raise CaseError(f"{where}: not an ISO 8601 datetime: {value!r}") from None
    if out.tzinfo is None:
        raise CaseError(f"{where}: datetime must carry a timezone (e.g. a trailing Z)")
    return out.astimezone(UTC)


def _levels(raw: Any, where: str, *, descending: bool) -> tuple[Level, ...]:
    if not isinstance(raw, list):
        raise CaseError(f"{where}: expected a list of [price, size] pairs")
    merged: dict[Decimal, Decimal] = {}
    for i, level in enumerate(raw):
        if not isinstance(level, list | tuple) or len(level) != 2:
            raise CaseError(f"{where}[{i}]: expected [price, size]")
        price = _decimal(level[0], f"{where}[{i}] price")
        size = _decimal(level[1], f"{where}[{i}] size")
        if not ZERO < price < ONE:
            raise CaseError(f"{where}[{i}]: price {price} is not inside (0, 1)")
        if size < 0:
            raise CaseError(f"{where}[{i}]: negative size {size}")
        if size > 0:
            merged[price] = merged.get(price, ZERO) + size
    return tuple(sorted(merged.items(), key=lambda lv: lv[0], reverse=descending))


def fee_from_json(raw: Any, where: str) -> FeeSpec:
    """Parse a LEG's "fee" object."""
    if raw is None:
        return FeeSpec()
    if not isinstance(raw, dict):
        raise CaseError(f"{where}: expected an object")
    kind = raw.get("kind", "none")
    maker = raw.get("maker", False)
    if not isinstance(maker, bool):
        raise CaseError(f"{where}.maker: expected true or false")
    if kind == "kalshi":
        return FeeSpec(
            kind="kalshi", multiplier=_decimal(raw.get("multiplier", "1"), f"{where}.multiplier"),
            fee_type=str(raw.get("fee_type", "quadratic")), maker=maker,
        )
    if kind == "polymarket":
        if "rate" not in raw:
            raise CaseError(f"{where}.rate: required for a polymarket fee")
        return FeeSpec(
            kind="polymarket", rate=_decimal(raw["rate"], f"{where}.rate"),
            exponent=_decimal(raw.get("exponent", "1"), f"{where}.exponent"), maker=maker,
        )
    if kind == "none":
        return FeeSpec()
    raise CaseError(f"{where}.kind: expected kalshi, polymarket or none, got {kind!r}")


def leg_from_json(raw: Any, where: str) -> LegInput:
    """Parse one LEG object into a LegInput (levels sorted best first)."""
    if not isinstance(raw, dict):
        raise CaseError(f"{where}: expected an object")
    venue = raw.get("venue")
    if not isinstance(venue, str) or not venue:
        raise CaseError(f"{where}.venue: expected a venue name")
    min_size = _decimal(raw.get("min_size", "1"), f"{where}.min_size")
    increment = _decimal(raw.get("size_increment", "1"), f"{where}.size_increment")
    if increment <= 0:
        raise CaseError(f"{where}.size_increment: must be positive")
    if min_size < 0:
        raise CaseError(f"{where}.min_size: must not be negative")
    settles = raw.get("settles_at")
    return LegInput(
        venue=venue,
        yes_bids=_levels(raw.get("yes_bids", []), f"{where}.yes_bids", descending=True),
        yes_asks=_levels(raw.get("yes_asks", []), f"{where}.yes_asks", descending=False),
        fee=fee_from_json(raw.get("fee"), f"{where}.fee"),
        min_size=min_size,
        size_increment=increment,
        settles_at=None if settles is None else _datetime(settles, f"{where}.settles_at"),
    )


def case_json(
    a: LegInput, b: LegInput, *, orientation: str, budget: Decimal, now: datetime,
    max_slippage: Decimal | None = None,
) -> dict[str, Any]:
    """The CLI case that reproduces an engine call (stored as an Opportunity's `inputs`)."""
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
    if "budget" not in case:
        raise CaseError("budget: required")
    budget = _decimal(case["budget"], "budget")
    if budget <= 0:
        raise CaseError("budget: must be positive")
    slippage_raw = case.get("max_slippage")
    max_slippage = None if slippage_raw is None else _decimal(slippage_raw, "max_slippage")
    now = default_now if case.get("now") is None else _datetime(case["now"], "now")
    a = leg_from_json(case.get("a"), "a")
    b = leg_from_json(case.get("b"), "b")
    plan = best_plan(
        a, b, orientation=orientation, budget=budget, now=now, max_slippage=max_slippage
    )
    return dict(NO_PLAN) if plan is None else plan.to_json()


def main(stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout, stderr: TextIO = sys.stderr) -> int:
    """Read one case from stdin, write the result to stdout; 0 on success, 2 on bad input."""
    try:
        case = json.loads(stdin.read())
        result = run_case(case, default_now=datetime.now(UTC))
    except json.JSONDecodeError as exc:
        stderr.write(f"error: input is not valid JSON: {exc}\n")
        return 2
    except (CaseError, EngineInputError) as exc:
        stderr.write(f"error: {exc}\n")
        return 2
    stdout.write(json.dumps(result, indent=2) + "\n")
    return 0
