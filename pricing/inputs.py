"""Errors of the pricing package and the field parsers that name what was wrong.

`EngineInputError` is raised for values the engine cannot price (a bad orientation or size
increment, a fee without a formula); `CaseError`, a subclass, for malformed JSON input (an engine
case, a stored fee). Messages name the offending field, e.g. "a.fee.rate: not a decimal: 'x'".
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import Any


class EngineInputError(ValueError):
    """The engine was given something it cannot price (bad orientation, increment, fee type)."""


class CaseError(EngineInputError):
    """Input JSON is malformed; the message names the offending field."""


def decimal_field(value: Any, where: str) -> Decimal:
    """A finite Decimal from a decimal string or JSON number (never a bool)."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise CaseError(f"{where}: expected a decimal string, got {value!r}")
    try:
        out = Decimal(str(value))
    except InvalidOperation:
        raise CaseError(f"{where}: not a decimal: {value!r}") from None
    if not out.is_finite():
        raise CaseError(f"{where}: not a finite decimal: {value!r}")
    return out


def bool_field(value: Any, where: str) -> bool:
    if not isinstance(value, bool):
        raise CaseError(f"{where}: expected true or false")
    return value


def datetime_field(value: Any, where: str) -> datetime:
    """An aware UTC datetime from an ISO 8601 string that carries a timezone."""
    if not isinstance(value, str):
        raise CaseError(f"{where}: expected an ISO 8601 datetime string")
    try:
        out = datetime.fromisoformat(value)
    except ValueError:
        raise CaseError(f"{where}: not an ISO 8601 datetime: {value!r}") from None
    if out.tzinfo is None:
        raise CaseError(f"{where}: datetime must carry a timezone (e.g. a trailing Z)")
    return out.astimezone(UTC)


def leg_terms(raw: Any, where: str) -> tuple[str, Decimal, Decimal, datetime | None]:
    """(venue, min_size, size_increment, settles_at) of a leg object, the fields every engine
    case's legs share; raises CaseError naming the field."""
    if not isinstance(raw, dict):
        raise CaseError(f"{where}: expected an object")
    venue = raw.get("venue")
    if not isinstance(venue, str) or not venue:
        raise CaseError(f"{where}.venue: expected a venue name")
    min_size = decimal_field(raw.get("min_size", "1"), f"{where}.min_size")
    increment = decimal_field(raw.get("size_increment", "1"), f"{where}.size_increment")
    if increment <= 0:
        raise CaseError(f"{where}.size_increment: must be positive")
    if min_size < 0:
        raise CaseError(f"{where}.min_size: must not be negative")
    settles = raw.get("settles_at")
    settles_at = None if settles is None else datetime_field(settles, f"{where}.settles_at")
    return venue, min_size, increment, settles_at


def case_terms(case: Any, *, default_now: datetime) -> tuple[Decimal, Decimal | None, datetime]:
    """(budget, max_slippage, now) of a case object, the fields every engine case shares."""
    if not isinstance(case, dict):
        raise CaseError("the case must be a JSON object")
    if "budget" not in case:
        raise CaseError("budget: required")
    budget = decimal_field(case["budget"], "budget")
    if budget <= 0:
        raise CaseError("budget: must be positive")
    slippage_raw = case.get("max_slippage")
    max_slippage = None if slippage_raw is None else decimal_field(slippage_raw, "max_slippage")
    now = default_now if case.get("now") is None else datetime_field(case["now"], "now")
    return budget, max_slippage, now
