"""Reads of opportunities, gate states and spread statistics (querysets ready to render)."""

from __future__ import annotations

from django.db.models import QuerySet

from arbitrage.models import Opportunity, PairScanState, SpreadStat


def opportunity_list_open() -> QuerySet[Opportunity]:
    """Open opportunities, most profitable first, with both markets loaded."""
    return (
        Opportunity.objects.filter(closed_at__isnull=True)
        .select_related("pair__market_a__platform", "pair__market_b__platform")
        .order_by("-net_profit", "id")
    )


def opportunity_list_for_pair(*, pair_id: int) -> QuerySet[Opportunity]:
    """Every opportunity of one pair, newest first."""
    return Opportunity.objects.filter(pair_id=pair_id).order_by("-first_seen", "-id")


def pair_scan_state_get(*, pair_id: int) -> PairScanState | None:
    """Why the last scan did (reason '') or did not evaluate this pair; None if never scanned."""
    return PairScanState.objects.filter(pair_id=pair_id).first()


def pair_scan_state_counts() -> dict[str, int]:
    """How many pairs currently fail each gate ('' counts the pairs that passed)."""
    counts: dict[str, int] = {}
    for reason in PairScanState.objects.values_list("reason", flat=True):
        counts[reason] = counts.get(reason, 0) + 1
    return counts


def spread_stat_list_flagged() -> QuerySet[SpreadStat]:
    """Pairs whose spread z-score is beyond the threshold, largest |z| first."""
    return (
        SpreadStat.objects.filter(flagged=True)
        .select_related("pair__market_a", "pair__market_b")
        .order_by("-flagged_at")
    )
