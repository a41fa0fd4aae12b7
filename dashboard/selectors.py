"""Reads for dashboard pages."""

from __future__ import annotations

from django.db.models import Count, Q

from markets.models import Market
from platforms.models import Platform
from platforms.registry import display_name, venue_slugs_enabled
from similarity.models import MarketPair


def dashboard_overview() -> dict[str, object]:
    """Venue health, catalog counts, live pairs with their latest books."""
    enabled = venue_slugs_enabled()
    rows = {p.slug: p for p in Platform.objects.annotate(
        open_markets=Count("markets", filter=Q(markets__status=Market.Status.OPEN))
    )}
    platforms = [
        rows.get(slug) or Platform(slug=slug, name=display_name(slug)) for slug in enabled
    ]
    pairs = list(
        MarketPair.objects.filter(status=MarketPair.Status.APPROVED)
        .select_related("market_a__latest_book", "market_b__latest_book", "market_a__platform",
                        "market_b__platform")
        .order_by("id")[:200]
    )
    return {
        "platforms": platforms,
        "pairs": pairs,
        "pair_counts": dict(MarketPair.objects.values_list("status").annotate(n=Count("id"))),
    }
