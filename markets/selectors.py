"""Reads for the catalog and books."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from markets.models import Market, OrderBook


def market_list_open(*, platform_slug: str | None = None) -> QuerySet[Market]:
    qs = Market.objects.filter(status=Market.Status.OPEN).select_related("platform", "event")
    if platform_slug:
        qs = qs.filter(platform__slug=platform_slug)
    return qs


def market_list_for_book_polling() -> QuerySet[Market]:
    """Open markets that belong to an approved pair (traded, or watched by the spread monitor)."""
    from similarity.models import MarketPair

    live = Q(status=MarketPair.Status.APPROVED)
    a_ids = MarketPair.objects.filter(live).values("market_a_id")
    b_ids = MarketPair.objects.filter(live).values("market_b_id")
    return (
        Market.objects.filter(Q(id__in=a_ids) | Q(id__in=b_ids), status=Market.Status.OPEN)
        .select_related("platform")
        .order_by("id")
    )


def order_book_list_for_market(*, market: Market, limit: int = 100) -> QuerySet[OrderBook]:
    return OrderBook.objects.filter(market=market).order_by("-captured_at")[:limit]
