"""Settlement: venue results -> markets settled -> positions paid out -> pairs judged.

`settlements_sync` is the one entry point (sync_settlements_task runs it):

1. asks each venue for the results of the markets that matter (held in an open position, or in
   an approved or traded pair) and records the final ones on Market (markets.services);
2. pays out the positions of every finished attempt (pair or basket: one position per leg)
   whose markets have all settled: a YES
   contract pays the market's settlement value, a NO contract 1 minus it; the payout less the
   cost basis (fees included) becomes realised P&L, size and cost basis go to 0 and the
   attempt's realised_pnl becomes what the venues actually paid. The risk figures already stop
   counting a settled market's positions (trading.selectors), so the capital is free at once;
3. judges every settled pair by its relation and orientation, and every approved outcome set
   whose members have all settled by what a set promises (at most one outcome YES; exactly one
   when confirmed exhaustive; one outcome alike on both venues) (similarity.resolution); a
   divergence flags the pair or set and raises an alert (an open DriftFlag and an error log line).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from markets.models import Market
from markets.services import market_results_pull
from similarity.models import MarketPair, OutcomeSet, OutcomeSetMember
from similarity.outcome_sets import outcome_set_resolution_check
from similarity.resolution import DIVERGED
from similarity.selectors import outcome_set_list_settled_unchecked, pair_list_settled_unchecked
from similarity.services import pair_resolution_check
from trading.models import ArbAttempt, DriftFlag, Position
from trading.services import journal

logger = logging.getLogger(__name__)

ONE = Decimal(1)
ZERO = Decimal(0)


@dataclass
class SettleResult:
    markets_settled: int = 0
    attempts_settled: int = 0
    pairs_checked: int = 0
    pairs_diverged: int = 0
    sets_checked: int = 0
    sets_diverged: int = 0

    def as_dict(self) -> dict[str, int]:
        return {
            "markets_settled": self.markets_settled, "attempts_settled": self.attempts_settled,
            "pairs_checked": self.pairs_checked, "pairs_diverged": self.pairs_diverged,
            "sets_checked": self.sets_checked, "sets_diverged": self.sets_diverged,
        }


def markets_to_settle(*, now: datetime) -> list[Market]:
    """Unsettled markets whose result matters: held in a position, in an approved or traded
    pair, or in an approved outcome set; only those past their close time or no longer open
    (nothing settles before)."""
    held = Position.objects.filter(size__gt=0).values("market_id")
    traded = ArbAttempt.objects.filter(pair__isnull=False).values("pair_id")
    paired = MarketPair.objects.filter(
        Q(status=MarketPair.Status.APPROVED) | Q(id__in=traded)
    )
    in_sets = OutcomeSetMember.objects.filter(outcome_set__status=OutcomeSet.Status.APPROVED)
    return list(
        Market.objects.filter(
            Q(id__in=held) | Q(id__in=paired.values("market_a_id"))
            | Q(id__in=paired.values("market_b_id")) | Q(id__in=in_sets.values("market_id")),
            settlement_value__isnull=True,
        )
        .filter(Q(close_time__lte=now) | ~Q(status=Market.Status.OPEN))
        .select_related("platform")
        .order_by("id")
    )


def position_payout(position: Position, settlement_value: Decimal) -> Decimal:
    """What the venue pays for the contracts a position holds: YES pays the settlement value
    per contract, NO pays 1 minus it."""
    per_contract = settlement_value if position.outcome == "yes" else ONE - settlement_value
    return position.size * per_contract


@transaction.atomic
def attempt_settle(*, attempt: ArbAttempt, now: datetime) -> bool:
    """Pay out a finished attempt's positions once every market it holds contracts in has
    settled; returns False (nothing written) while one has not. Idempotent."""
    positions = list(
        Position.objects.select_for_update().select_related("market")
        .filter(attempt=attempt, settled_at__isnull=True)
    )
    if any(p.size > 0 and p.market.settlement_value is None for p in positions):
        return False
    for position in positions:
        payout = ZERO
        if position.size > 0:
            value = position.market.settlement_value
            assert value is not None
            payout = position_payout(position, value)
        position.realised_pnl += payout - position.cost_basis
        position.settled_size, position.settlement_payout = position.size, payout
        position.size = position.cost_basis = ZERO
        position.settled_at = now
        position.save(update_fields=[
            "realised_pnl", "settled_size", "settlement_payout", "size", "cost_basis",
            "settled_at", "updated_at",
        ])
    realised = journal.realised_pnl(attempt)
    ArbAttempt.objects.filter(pk=attempt.pk).update(
        realised_pnl=realised, settled_at=now, updated_at=now
    )
    attempt.realised_pnl, attempt.settled_at = realised, now
    logger.info("attempt %s settled: realised %s", attempt.uid, realised)
    return True


def attempts_settle(*, now: datetime) -> int:
    """Settle every finished, unsettled attempt whose markets have all settled."""
    candidates = ArbAttempt.objects.filter(
        is_open=False, settled_at__isnull=True,
        positions__market__settlement_value__isnull=False,
    ).distinct().order_by("id")
    return sum(attempt_settle(attempt=a, now=now) for a in candidates)


def pair_divergence_flag(*, pair: MarketPair) -> DriftFlag:
    """The alert for a pair whose markets settled differently (one open flag per pair)."""
    a, b = pair.market_a, pair.market_b
    return journal.flag(
        kind=DriftFlag.Kind.RESOLUTION, key=f"resolution:pair:{pair.pk}",
        message=f"pair {pair.pk} ({a.platform.slug}:{a.external_id} ~ "
                f"{b.platform.slug}:{b.external_id}) {pair.resolution_detail}",
        detail={
            "pair": pair.pk, "relation": pair.relation, "orientation": pair.orientation,
            "result_a": a.result, "result_b": b.result,
            "settlement_value_a": str(a.settlement_value),
            "settlement_value_b": str(b.settlement_value),
        },
    )


def pairs_resolution_check(*, now: datetime) -> tuple[int, int]:
    """Judge every newly settled approved or traded pair; (checked, diverged)."""
    # Baskets have no pair to judge (their markets' results still settle their positions).
    traded = ArbAttempt.objects.filter(pair__isnull=False).values_list("pair_id", flat=True).distinct()
    checked = diverged = 0
    for pair in pair_list_settled_unchecked(also_pair_ids=traded):
        verdict = pair_resolution_check(pair=pair, now=now)
        checked += 1
        if verdict == DIVERGED:
            diverged += 1
            pair_divergence_flag(pair=pair)
    return checked, diverged


def outcome_set_divergence_flag(*, outcome_set: OutcomeSet) -> DriftFlag:
    """The alert for a set whose members did not settle as a set must (one open flag per set)."""
    members = list(outcome_set.members.all())
    return journal.flag(
        kind=DriftFlag.Kind.RESOLUTION, key=f"resolution:set:{outcome_set.pk}",
        message=f"outcome set {outcome_set.pk} ({outcome_set.key}) "
                f"{outcome_set.resolution_detail}",
        detail={
            "outcome_set": outcome_set.pk, "exhaustive": outcome_set.exhaustive,
            "members": [
                {"market": f"{m.market.platform.slug}:{m.market.external_id}",
                 "outcome": m.outcome_key, "result": m.market.result,
                 "settlement_value": str(m.market.settlement_value)}
                for m in members
            ],
        },
    )


def outcome_sets_resolution_check(*, now: datetime) -> tuple[int, int]:
    """Judge every approved set whose members have all settled; (checked, diverged)."""
    checked = diverged = 0
    for outcome_set in outcome_set_list_settled_unchecked():
        verdict = outcome_set_resolution_check(outcome_set=outcome_set, now=now)
        checked += 1
        if verdict == DIVERGED:
            diverged += 1
            outcome_set_divergence_flag(outcome_set=outcome_set)
    return checked, diverged


def settlements_sync(*, now: datetime | None = None) -> SettleResult:
    """Pull results, settle positions, judge pairs (see the module docstring). Safe to rerun:
    every step writes only what is not written yet."""
    now = now or timezone.now()
    result = SettleResult()
    result.markets_settled = len(market_results_pull(markets=markets_to_settle(now=now)))
    result.attempts_settled = attempts_settle(now=now)
    result.pairs_checked, result.pairs_diverged = pairs_resolution_check(now=now)
    result.sets_checked, result.sets_diverged = outcome_sets_resolution_check(now=now)
    logger.info("settlements: %s", result.as_dict())
    return result
