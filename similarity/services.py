"""Writes for market pairs: proposals, review decisions, re-review on rule changes."""

from __future__ import annotations

import logging
from collections.abc import Sequence

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from common.errors import ApplicationError
from similarity.models import MarketPair

logger = logging.getLogger(__name__)


@transaction.atomic
def pair_approve(
    *, pair: MarketPair, reviewer: AbstractBaseUser, relation: str, orientation: str, reason: str = ""
) -> MarketPair:
    """Approve a pair with the reviewer's relation and orientation; records who, when and the rules.

    The rules hashes and close times of both markets are stored so that any later change sends
    the pair back to review.
    """
    if relation not in MarketPair.Relation.values:
        raise ApplicationError(f"unknown relation {relation!r}")
    if orientation not in MarketPair.Orientation.values:
        raise ApplicationError(f"unknown orientation {orientation!r}")
    if relation == MarketPair.Relation.DIFFERENT:
        raise ApplicationError("a pair judged 'different' should be rejected, not approved")
    pair.status = MarketPair.Status.APPROVED
    pair.relation = relation
    pair.orientation = orientation
    pair.reviewer = reviewer  # type: ignore[assignment]
    pair.reviewed_at = timezone.now()
    pair.reason = reason
    pair.rules_hash_a = pair.market_a.rules_hash
    pair.rules_hash_b = pair.market_b.rules_hash
    pair.close_time_a = pair.market_a.close_time
    pair.close_time_b = pair.market_b.close_time
    pair.save()
    return pair


@transaction.atomic
def pair_reject(*, pair: MarketPair, reviewer: AbstractBaseUser, reason: str = "") -> MarketPair:
    """Reject a pair; it is not proposed again unless either side's rules change."""
    pair.status = MarketPair.Status.REJECTED
    pair.reviewer = reviewer  # type: ignore[assignment]
    pair.reviewed_at = timezone.now()
    pair.reason = reason
    pair.rules_hash_a = pair.market_a.rules_hash
    pair.rules_hash_b = pair.market_b.rules_hash
    pair.close_time_a = pair.market_a.close_time
    pair.close_time_b = pair.market_b.close_time
    pair.save()
    return pair


def pairs_send_back_to_review(*, market_ids: Sequence[int]) -> int:
    """Approved pairs on markets whose rules text or close time changed go back to `proposed`."""
    n = MarketPair.objects.filter(
        Q(market_a_id__in=market_ids) | Q(market_b_id__in=market_ids),
        status=MarketPair.Status.APPROVED,
    ).update(status=MarketPair.Status.PROPOSED, reason="rules or close time changed since approval")
    if n:
        logger.warning("%d approved pairs sent back to review after rule changes", n)
    return n


def pairs_propose_after_sync() -> int:
    """Propose new pairs after a catalog sync (the matcher plugs in here)."""
    return 0
