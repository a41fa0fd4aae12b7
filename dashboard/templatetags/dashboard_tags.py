"""Small formatting filters for dashboard templates."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import template
from django.utils import timezone

register = template.Library()


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
def progress_pct(progress: dict) -> int:
    """Percent done of a Platform.progress dict ({"job", "done", "total", "at"})."""
    try:
        done, total = int(progress.get("done", 0)), int(progress.get("total", 0))
    except (TypeError, ValueError, AttributeError):
        return 0
    return min(100, round(100 * done / total)) if total > 0 else 0


@register.filter
def in_future(value: object) -> bool:
    return value is not None and value > timezone.now()
