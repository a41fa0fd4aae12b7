"""Reads for the catalog, stored books and venue health."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Count, Q, QuerySet

from markets.models import Market, OrderBook
from platforms.models import Platform
from platforms.registry import display_name, venue_slugs_enabled


def market_list_open(*, platform_slug: str | None = None) -> QuerySet[Market]:
    qs = Market.objects.filter(status=Market.Status.OPEN).select_related("platform", "event")
    if platform_slug:
        qs = qs.filter(platform__slug=platform_slug)
    return qs


def order_book_list_for_market(*, market: Market, limit: int = 100) -> QuerySet[OrderBook]:
    return OrderBook.objects.filter(market=market).order_by("-captured_at")[:limit]


def order_book_history(
    *, market: Market, limit: int
) -> list[tuple[datetime, list[list[str]], list[list[str]]]]:
    """The market's newest `limit` stored books as (captured_at, yes_bids, yes_asks), oldest
    first (a book is stored only when it changed, so this is a step function of time)."""
    rows = list(
        OrderBook.objects.filter(market=market)
        .order_by("-captured_at")
        .values_list("captured_at", "yes_bids", "yes_asks")[:limit]
    )
    rows.reverse()
    return rows


def platform_list_with_market_counts() -> QuerySet[Platform]:
    """Every venue row with `open_markets` annotated, by slug."""
    return Platform.objects.annotate(
        open_markets=Count("markets", filter=Q(markets__status=Market.Status.OPEN))
    ).order_by("slug")


def platform_health_list() -> list[Platform]:
    """The enabled venues in settings order, with open-market counts; a venue never synced yet
    appears as an unsaved row so the page still names it."""
    rows = {p.slug: p for p in platform_list_with_market_counts()}
    return [
        rows.get(slug) or Platform(slug=slug, name=display_name(slug))
        for slug in venue_slugs_enabled()
    ]
