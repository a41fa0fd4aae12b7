"""Writes for outcome sets: proposals from venue structure and across venues, review, re-review.

- `outcome_sets_propose(*, platform_id) -> SetsProposed`: every group of open markets the venue
  declares mutually exclusive (a Kalshi event with `event_mutually_exclusive`, a Polymarket
  neg-risk group) becomes a proposed venue set; a set that gains a market gets it as a member,
  goes back to review, loses its exhaustive confirmation and is marked open-ended (its venue
  adds outcomes). Idempotent.
- `outcome_sets_align() -> SetsProposed`: two approved venue sets (Kalshi side, Polymarket side)
  one of which is covered member for member by approved identical same-orientation pairs into
  the other become a proposed cross set (each matched outcome buyable on either venue).
- `outcome_set_approve / outcome_set_reject`: a person's verdict (the review permission is
  checked by the caller: similarity.permissions.can_review_pairs).
- `outcome_sets_send_back_to_review(*, market_ids)`: approved sets with a member whose rules or
  close time changed go back to `proposed` (called with the pairs' send-back after a sync).
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Q
from django.db.models.fields.json import KT
from django.utils import timezone

from common.errors import ApplicationError
from markets.models import Market
from similarity.models import MarketPair, OutcomeSet, OutcomeSetMember
from similarity.resolution import DIVERGED, set_resolution_verdict

logger = logging.getLogger(__name__)

# Member labels that name a catch-all outcome (lower case, stripped). Polymarket marks its own
# with negRiskOther; Kalshi has no flag, only the outcome's name.
CATCH_ALL_LABELS = frozenset({
    "other", "others", "any other", "anyone else", "someone else", "none of the above", "field",
    "the field", "another candidate", "other candidate",
})
NEW_MEMBER_REASON = "a new member joined the set since review"
RULES_CHANGED_REASON = "a member's rules or close time changed since review"
# A set needs two outcomes to be a basket.
MIN_MEMBERS = 2


@dataclass
class SetsProposed:
    """What a proposal pass changed: sets created, sets that gained members (sent back)."""

    created: int = 0
    grown: int = 0


@dataclass(frozen=True)
class _Candidate:
    market_id: int
    label: str
    is_catch_all: bool
    open_ended: bool


def member_label(*, title: str, outcome_label: str, subtitle: str, extra: dict[str, Any]) -> str:
    """The outcome a member stands for, as a person reads it: Polymarket's group item title,
    else the venue's outcome label or subtitle when it is a name, else the question."""
    group_item = extra.get("group_item_title")
    if isinstance(group_item, str) and group_item.strip():
        return group_item.strip()
    for text in (outcome_label, subtitle):
        if text and text.strip().lower() not in ("yes", "no", ""):
            return text.strip()
    return title


def is_catch_all(*, label: str, extra: dict[str, Any]) -> bool:
    """True for an "Other"/"None of the above" member (Polymarket's negRiskOther, or the name)."""
    return extra.get("neg_risk_other") is True or label.strip().lower() in CATCH_ALL_LABELS


# The only keys of Market.extra the proposer reads (as text: 'true', 'false', or the value);
# reading them alone keeps a large catalog's other extra fields out of the query.
_EXTRA_KEYS = (
    "neg_risk", "neg_risk_market_id", "neg_risk_other", "neg_risk_augmented", "group_item_title",
    "event_mutually_exclusive",
)


def _venue_groups(platform_id: int) -> dict[str, tuple[str, list[_Candidate]]]:
    """key -> (title, members) for every venue-declared mutually exclusive group of open markets."""
    rows = (
        Market.objects.filter(platform_id=platform_id, status=Market.Status.OPEN)
        .filter(
            Q(extra__event_mutually_exclusive=True, event__isnull=False) | Q(extra__neg_risk=True)
        )
        .annotate(**{f"x_{key}": KT(f"extra__{key}") for key in _EXTRA_KEYS})
        .values_list(
            "id", "platform__slug", "event__external_id", "event__title", "title", "outcome_label",
            "subtitle", *(f"x_{key}" for key in _EXTRA_KEYS),
        )
        .order_by("id")
    )
    groups: dict[str, tuple[str, list[_Candidate]]] = {}
    for market_id, slug, event_ext, event_title, title, outcome_label, subtitle, *values in rows:
        extra: dict[str, Any] = {
            key: (value == "true" if value in ("true", "false") else value)
            for key, value in zip(_EXTRA_KEYS, values, strict=True) if value is not None
        }
        neg_risk_id = extra.get("neg_risk_market_id")
        if extra.get("neg_risk") is True and isinstance(neg_risk_id, str) and neg_risk_id:
            key = f"{slug}:neg_risk:{neg_risk_id}"
            # Augmented groups (and any with an "Other" leg, which only augmented groups have)
            # can still gain named outcomes.
            open_ended = extra.get("neg_risk_augmented") is True or extra.get("neg_risk_other") is True
        elif extra.get("event_mutually_exclusive") is True and event_ext:
            key = f"{slug}:event:{event_ext}"
            open_ended = False
        else:
            continue
        label = member_label(title=title, outcome_label=outcome_label, subtitle=subtitle, extra=extra)
        groups.setdefault(key, (event_title or title, []))[1].append(
            _Candidate(market_id, label[:300], is_catch_all(label=label, extra=extra), open_ended)
        )
    return groups


def outcome_sets_propose(*, platform_id: int) -> SetsProposed:
    """Propose a venue set per mutually exclusive group of this venue's open markets; add new
    members to existing sets and send those back to review (see module docstring)."""
    groups = {k: v for k, v in _venue_groups(platform_id).items() if len(v[1]) >= MIN_MEMBERS}
    result = SetsProposed()
    if not groups:
        return result
    existing = {s.key: s for s in OutcomeSet.objects.filter(key__in=list(groups))}
    members: dict[int, set[int]] = defaultdict(set)
    for set_id, market_id in OutcomeSetMember.objects.filter(
        outcome_set__in=list(existing.values())
    ).values_list("outcome_set_id", "market_id"):
        members[set_id].add(market_id)
    with transaction.atomic():
        for key, (title, candidates) in groups.items():
            outcome_set = existing.get(key)
            if outcome_set is None:
                outcome_set = OutcomeSet.objects.create(
                    key=key, kind=OutcomeSet.Kind.VENUE, title=title[:2000],
                    open_ended=any(c.open_ended for c in candidates),
                )
                _members_add(outcome_set, candidates)
                result.created += 1
                continue
            new = [c for c in candidates if c.market_id not in members[outcome_set.id]]
            if not new:
                continue
            _members_add(outcome_set, new)
            _grown_back_to_review([outcome_set.id])
            result.grown += 1
    if result.grown:
        logger.warning("%d outcome sets gained members and went back to review", result.grown)
    return result


def _members_add(outcome_set: OutcomeSet, candidates: Iterable[_Candidate]) -> None:
    OutcomeSetMember.objects.bulk_create(
        [
            OutcomeSetMember(
                outcome_set=outcome_set, market_id=c.market_id, outcome_key=f"m{c.market_id}",
                label=c.label, is_catch_all=c.is_catch_all,
            )
            for c in candidates
        ],
        ignore_conflicts=True,
    )


def _grown_back_to_review(set_ids: Sequence[int]) -> None:
    """A set that gained an outcome: its venue adds outcomes (open-ended from now on), the old
    review no longer covers it, and nor do the cross sets aligned from it."""
    now = timezone.now()
    OutcomeSet.objects.filter(id__in=set_ids).update(
        status=OutcomeSet.Status.PROPOSED, exhaustive=False, open_ended=True,
        reason=NEW_MEMBER_REASON, updated_at=now,
    )
    OutcomeSet.objects.filter(Q(source_a_id__in=set_ids) | Q(source_b_id__in=set_ids)).exclude(
        status=OutcomeSet.Status.REJECTED
    ).update(
        status=OutcomeSet.Status.PROPOSED, exhaustive=False, open_ended=True,
        reason=NEW_MEMBER_REASON, updated_at=now,
    )


def outcome_sets_send_back_to_review(*, market_ids: Sequence[int]) -> int:
    """Approved sets with a member among `market_ids` (rules or close time changed) go back to
    `proposed`; returns how many."""
    if not market_ids:
        return 0
    n = OutcomeSet.objects.filter(
        status=OutcomeSet.Status.APPROVED, members__market_id__in=list(market_ids)
    ).distinct().update(status=OutcomeSet.Status.PROPOSED, reason=RULES_CHANGED_REASON)
    if n:
        logger.warning("%d approved outcome sets sent back to review after rule changes", n)
    return n


PAIR_LOST_REASON = "a matched pair is no longer an approved identical pair"


def _cross_sets_check_pairs() -> int:
    """Approved cross sets whose matching pair of some outcome is no longer approved identical
    (same orientation) go back to review; returns how many."""
    keys = OutcomeSetMember.objects.filter(
        outcome_set__kind=OutcomeSet.Kind.CROSS, outcome_set__status=OutcomeSet.Status.APPROVED
    ).values_list("outcome_set_id", "outcome_key")
    wanted: dict[int, set[int]] = defaultdict(set)
    for set_id, key in keys:
        if key.startswith("p") and key[1:].isdigit():
            wanted[set_id].add(int(key[1:]))
    good = set(
        MarketPair.objects.filter(
            id__in={p for ps in wanted.values() for p in ps}, status=MarketPair.Status.APPROVED,
            relation=MarketPair.Relation.IDENTICAL, orientation=MarketPair.Orientation.SAME,
        ).values_list("id", flat=True)
    )
    lost = [set_id for set_id, pair_ids in wanted.items() if pair_ids - good]
    if lost:
        OutcomeSet.objects.filter(id__in=lost).update(
            status=OutcomeSet.Status.PROPOSED, reason=PAIR_LOST_REASON, updated_at=timezone.now()
        )
        logger.warning("%d cross outcome sets lost a matched pair and went back to review", len(lost))
    return len(lost)


def outcome_sets_align() -> SetsProposed:
    """Propose cross sets from pairs of approved venue sets joined by approved identical pairs.

    For venue sets S (Kalshi side) and T (Polymarket side), the approved identical pairs of
    orientation `same` between their members must match one to one, and cover every member of
    S or every member of T; the cross set's outcomes are the matched pairs (each bought on
    either venue). A cross set whose matched markets changed gets the new ones and goes back to
    review. Approved cross sets whose matching pairs are no longer approved identical pairs go
    back to review first. Returns counts.
    """
    _cross_sets_check_pairs()
    approved = OutcomeSet.objects.filter(
        kind=OutcomeSet.Kind.VENUE, status=OutcomeSet.Status.APPROVED
    )
    set_of_market: dict[int, int] = {}
    counts: dict[int, int] = defaultdict(int)
    labels: dict[int, tuple[str, bool]] = {}
    for set_id, market_id, label, member_catch_all in OutcomeSetMember.objects.filter(
        outcome_set__in=approved
    ).values_list("outcome_set_id", "market_id", "label", "is_catch_all"):
        set_of_market[market_id] = set_id
        counts[set_id] += 1
        labels[market_id] = (label, member_catch_all)
    pairs = MarketPair.objects.filter(
        status=MarketPair.Status.APPROVED, relation=MarketPair.Relation.IDENTICAL,
        orientation=MarketPair.Orientation.SAME, market_a_id__in=list(set_of_market),
        market_b_id__in=list(set_of_market),
    ).values_list("id", "market_a_id", "market_b_id")
    by_sets: dict[tuple[int, int], list[tuple[int, int, int]]] = defaultdict(list)
    for pair_id, a, b in pairs:
        by_sets[(set_of_market[a], set_of_market[b])].append((pair_id, a, b))
    result = SetsProposed()
    sets = OutcomeSet.objects.in_bulk(list({s for key in by_sets for s in key}))
    for (sa, sb), matched in sorted(by_sets.items()):
        one_to_one = len({a for _, a, _ in matched}) == len({b for _, _, b in matched}) == len(matched)
        covers_a, covers_b = len(matched) == counts[sa], len(matched) == counts[sb]
        if sa == sb or not one_to_one or not (covers_a or covers_b) or len(matched) < MIN_MEMBERS:
            continue
        set_a, set_b = sets[sa], sets[sb]
        # The outcomes are the covered side's (both sides' when both are covered).
        open_ended = (set_a.open_ended or not covers_a) and (set_b.open_ended or not covers_b)
        covered = [a if covers_a else b for _, a, b in matched]
        catch_all = {m for m in covered if labels[m][1]}
        key = f"cross:{sa}:{sb}"
        wanted = {
            market: (f"p{pair_id}", labels[a][0], pair_catch_all)
            for pair_id, a, b in matched
            for pair_catch_all in [bool({a, b} & catch_all)]
            for market in (a, b)
        }
        with transaction.atomic():
            cross, created = OutcomeSet.objects.get_or_create(
                key=key,
                defaults={
                    "kind": OutcomeSet.Kind.CROSS, "title": set_a.title, "source_a": set_a,
                    "source_b": set_b, "open_ended": open_ended,
                },
            )
            have = set(cross.members.values_list("market_id", flat=True))
            new = {m: v for m, v in wanted.items() if m not in have}
            OutcomeSetMember.objects.bulk_create(
                [
                    OutcomeSetMember(
                        outcome_set=cross, market_id=m, outcome_key=k, label=label[:300],
                        is_catch_all=ca,
                    )
                    for m, (k, label, ca) in new.items()
                ],
                ignore_conflicts=True,
            )
            if created:
                result.created += 1
            elif new:
                _grown_back_to_review([cross.id])
                result.grown += 1
    return result


@transaction.atomic
def outcome_set_resolution_check(*, outcome_set: OutcomeSet, now: datetime) -> str:
    """Judge a set whose members have all settled and record the verdict on it ("agreed" or
    "diverged"; similarity.resolution). Raises ValueError while a member is unsettled.
    Recorded once: a set already judged keeps its verdict (idempotent)."""
    values = [(m.outcome_key, m.market.settlement_value) for m in outcome_set.members.all()]
    settled = [(key, value) for key, value in values if value is not None]
    if len(settled) < len(values):
        raise ValueError(f"outcome set {outcome_set.pk}: every member must have settled")
    verdict, detail = set_resolution_verdict(
        values=settled,
        exhaustive=outcome_set.exhaustive,
    )
    updated = OutcomeSet.objects.filter(pk=outcome_set.pk, resolution="").update(
        resolution=verdict, resolution_detail=detail, resolution_checked_at=now, updated_at=now
    )
    if updated:
        outcome_set.resolution, outcome_set.resolution_detail = verdict, detail
        outcome_set.resolution_checked_at = now
        log = logger.error if verdict == DIVERGED else logger.info
        log("outcome set %s settled %s: %s", outcome_set.pk, verdict, detail)
    return str(outcome_set.resolution)


def outcome_set_approve(
    *, outcome_set: OutcomeSet, reviewer: AbstractBaseUser, exhaustive: bool, reason: str = ""
) -> OutcomeSet:
    """Approve a set for basket pricing, confirming it exhaustive or not; records each member's
    rules so a later change stops its pricing. Raises ApplicationError when `exhaustive` is
    asked of an open-ended set without a catch-all member."""
    if exhaustive and not outcome_set.may_be_exhaustive:
        raise ApplicationError(
            "this set's venue can still add outcomes and it has no catch-all member "
            "('Other'): it cannot be confirmed exhaustive"
        )
    if outcome_set.members.count() < MIN_MEMBERS:
        raise ApplicationError("a set needs at least two members")
    for member in outcome_set.members.select_related("market"):
        member.rules_hash = member.market.rules_hash
        member.save(update_fields=["rules_hash", "updated_at"])
    outcome_set.status = OutcomeSet.Status.APPROVED
    outcome_set.exhaustive = exhaustive
    outcome_set.reviewer = reviewer  # type: ignore[assignment]
    outcome_set.reviewed_at = timezone.now()
    outcome_set.reason = reason
    outcome_set.save()
    if outcome_set.kind == OutcomeSet.Kind.VENUE:
        # An approved venue set may complete a cross set: propose it now, not at the next sync.
        transaction.on_commit(outcome_sets_align)
    return outcome_set


@transaction.atomic
def outcome_set_reject(
    *, outcome_set: OutcomeSet, reviewer: AbstractBaseUser, reason: str = ""
) -> OutcomeSet:
    """Reject a set: it is never priced (and not proposed again: its key stays taken)."""
    outcome_set.status = OutcomeSet.Status.REJECTED
    outcome_set.exhaustive = False
    outcome_set.reviewer = reviewer  # type: ignore[assignment]
    outcome_set.reviewed_at = timezone.now()
    outcome_set.reason = reason
    outcome_set.save()
    return outcome_set
