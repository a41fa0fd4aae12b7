"""Reads of opportunities, gate states and spread statistics (querysets ready to render)."""

from __future__ import annotations

from django.db.models import QuerySet

from arbitrage.models import Opportunity, PairScanState, SpreadStat

OPPORTUNITIES_NOW_LIMIT = 100
PAIR_OPPORTUNITY_HISTORY = 50


def opportunity_list_open(*, limit: int = OPPORTUNITIES_NOW_LIMIT) -> QuerySet[Opportunity]:
    """Open opportunities, most profitable first, with the columns a list shows (both venues
    and the question joined)."""
    return (
        Opportunity.objects.filter(closed_at__isnull=True)
        .select_related("pair__market_a__platform", "pair__market_b__platform")
        .only(
            "pair__market_a__title", "pair__market_a__platform__slug",
            "pair__market_b__platform__slug", "size", "net_profit", "return_on_capital",
            "annualised_return", "first_seen", "outcome_a", "outcome_b", "limit_price_a",
            "limit_price_b",
        )
        .order_by("-net_profit", "id")[:limit]
    )


def opportunity_list_for_pair(
    *, pair_id: int, limit: int = PAIR_OPPORTUNITY_HISTORY
) -> QuerySet[Opportunity]:
    """The newest opportunities of one pair, newest first."""
    return Opportunity.objects.filter(pair_id=pair_id).order_by("-first_seen", "-id")[:limit]


def pair_scan_state_get(*, pair_id: int) -> PairScanState | None:
    """Why the last scan did (reason '') or did not evaluate this pair; None if never scanned."""
    return PairScanState.objects.filter(pair_id=pair_id).first()


def spread_stat_get(*, pair_id: int) -> SpreadStat | None:
    """The pair's spread statistics (z-score, half-life); None before its first sample."""
    return SpreadStat.objects.filter(pair_id=pair_id).first()
