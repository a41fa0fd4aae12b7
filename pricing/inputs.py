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
