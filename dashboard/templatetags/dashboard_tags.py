"""Small formatting filters for dashboard templates."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import urlsplit

from django import template
from django.utils import timezone

register = template.Library()


@register.filter
def http_url(value: object) -> str:
    """`value` if it is an absolute http(s) URL, else "" (so javascript:, data: or a
    scheme-relative URL stored in Market.url never becomes a live link)."""
    text = str(value or "")
    if text != text.strip() or any(c < " " for c in text):
        return ""
    parts = urlsplit(text)
    return text if parts.scheme.lower() in {"http", "https"} and parts.netloc else ""


@register.filter
def pct(value: object, places: int = 2) -> str:
    """A fraction as a percentage: Decimal("0.0123") -> "1.23%"; blank for None."""
    if value is None or value == "":
        return "—"
    try:
        return f"{Decimal(str(value)) * 100:.{int(places)}f}%"
    except (InvalidOperation, ValueError):
        return "—"


@register.filter
def progress_pct(progress: dict[str, Any]) -> int:
    """Percent done of a Platform.progress dict ({"job", "done", "total", "at"})."""
    try:
        done, total = int(progress.get("done", 0)), int(progress.get("total", 0))
    except (TypeError, ValueError, AttributeError):
        return 0
    return min(100, round(100 * done / total)) if total > 0 else 0


@register.filter
def in_future(value: datetime | None) -> bool:
    return value is not None and value > timezone.now()


def _compact(seconds: int) -> str:
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds >= size:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"


@register.filter
def age(value: datetime | None) -> str:
    """Compact age of a past moment for dense tables: "45s", "12m", "3h", "2d"."""
    if value is None:
        return "—"
    return _compact(max(0, int((timezone.now() - value).total_seconds())))


@register.filter
def lasted(start: datetime | None, end: datetime | None) -> str:
    """Compact duration from start to end, as age() formats it."""
    if start is None or end is None:
        return "—"
    return _compact(max(0, int((end - start).total_seconds())))


@register.filter
def fixed(value: Decimal | float | None, places: int = 2) -> str:
    """A number with a fixed number of decimals; a lean floatformat for tables polled every
    few seconds (floatformat's localisation machinery was a fifth of the page's render time)."""
    if value is None:
        return "—"
    return f"{value:.{int(places)}f}"
