"""Venue numbers as Decimal: one parser for the REST clients and the stream decoders.

Venues send prices and sizes as decimal strings (sometimes JSON numbers). The same few strings
arrive over and over, so each is parsed once and cached (bounded). Callers turn the ValueError
into their own error type, naming the field.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

_CACHE: dict[str, Decimal] = {}
_CACHE_MAX = 100_000


def parse_decimal(value: Any) -> Decimal:
    """A decimal string (or JSON number) as a finite Decimal; ValueError saying why otherwise."""
    if isinstance(value, str):
        cached = _CACHE.get(value)
        if cached is not None:
            return cached
        try:
            result = Decimal(value)
        except InvalidOperation:
            raise ValueError(f"not a number: {value[:40]!r}") from None
        if not result.is_finite():
            raise ValueError(f"not a finite number: {value[:40]!r}")
        if len(_CACHE) < _CACHE_MAX:
            _CACHE[value] = result
        return result
    if isinstance(value, int | float) and not isinstance(value, bool):
        # Through str: Decimal(0.1) would carry binary noise.
        return parse_decimal(str(value))
    raise ValueError(f"expected a decimal string, got {type(value).__name__}")


def cached_decimal(value: object) -> Decimal | None:
    """The cached parse of a string seen before, else None (a hot-path shortcut)."""
    return _CACHE.get(value) if type(value) is str else None
