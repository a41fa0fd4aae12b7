"""Reads of opportunities (pairs and baskets), gate states and spread statistics (querysets
ready to render)."""

from __future__ import annotations

from django.db.models import QuerySet

from arbitrage.models import (
    BasketOpportunity,
    BasketSpreadStat,
    Opportunity,
    PairScanState,
    SpreadStat,
)

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


BASKET_HISTORY_LIMIT = 50


def basket_opportunity_list(
    *, open_only: bool = True, kind: str = "", outcome_set_id: int | None = None,
    pair_id: int | None = None,
) -> QuerySet[BasketOpportunity]:
    """Basket opportunities, most profitable first (open ones only unless `open_only` is
    False), filtered by kind, outcome set or implication pair; the set and pair joined."""
    qs = BasketOpportunity.objects.select_related("outcome_set", "pair__market_a").order_by(
        "-net_profit", "id"
    )
    if open_only:
        qs = qs.filter(closed_at__isnull=True)
    if kind:
        qs = qs.filter(kind=kind)
    if outcome_set_id is not None:
        qs = qs.filter(outcome_set_id=outcome_set_id)
    if pair_id is not None:
        qs = qs.filter(pair_id=pair_id)
    return qs


def basket_opportunity_get(*, opportunity_id: int) -> BasketOpportunity | None:
    """One basket opportunity with its set and pair; None when missing."""
    return (
        BasketOpportunity.objects.select_related("outcome_set", "pair")
        .filter(pk=opportunity_id).first()
    )


def basket_opportunity_history(
    *, basket_key: str, limit: int = BASKET_HISTORY_LIMIT
) -> QuerySet[BasketOpportunity]:
    """The newest opportunities of one basket (open and closed), newest first."""
    return BasketOpportunity.objects.filter(basket_key=basket_key).order_by("-first_seen", "-id")[:limit]


def basket_opportunity_legs(opportunity: BasketOpportunity) -> list[tuple[int, str]]:
    """(market id, side "yes"/"no") of every leg, in the stored order: with the opportunity's
    payout_per_unit, what execution's BasketRequest is built from."""
    return [(int(leg["market_id"]), str(leg["side"])) for leg in opportunity.legs]


def basket_spread_stat_get(*, basket_key: str) -> BasketSpreadStat | None:
    """The basket's spread samples (total best ask - payout per unit); None before the first."""
    return BasketSpreadStat.objects.filter(basket_key=basket_key).first()
