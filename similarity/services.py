"""Writes for market pairs: proposals, review decisions, re-review on rule changes."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from common.errors import ApplicationError
from common.locks import job_lock
from markets.models import Market
from platforms.models import Platform
from similarity.embeddings import (
    DIM,
    MODEL_NAME,
    embed_texts,
    text_hash,
    vector_from_bytes,
    vector_to_bytes,
)
from similarity.matching import MarketView, Proposal, judge
from similarity.matching.pipeline import close_days, find_candidates, in_window, judge_pairs
from similarity.models import MarketEmbedding, MarketPair

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


# Which side of a MarketPair each venue's markets take (platforms.base.Platform.pair_side).
_KNOWN_SIDES = {"kalshi": "a", "test_kalshi": "a", "polymarket": "b", "test_polymarket": "b"}
EMBED_BATCH = 512
# Markets embedded per run after a sync: at 50-150 titles/s on two shared cores this stays
# inside the sync task's time limit; propose_pairs_task embeds a whole first catalog.
EMBED_BUDGET = 5000
PROPOSE_LOCK_TTL_S = 3600


def pair_side(slug: str) -> str:
    """"a" for Kalshi-like venues, "b" for Polymarket-like ones."""
    if slug in _KNOWN_SIDES:
        return _KNOWN_SIDES[slug]
    from platforms.registry import get_platform

    return get_platform(slug).pair_side


_LIGHT_FIELDS = (
    "id", "platform_id", "title", "subtitle", "outcome_label", "no_outcome_label", "event__title",
    "category", "rules_hash", "close_time",
)


def market_view(market: Market, *, side: str) -> MarketView:
    """What the matcher sees of a stored market (its event title comes from the Event row)."""
    return MarketView(
        key=str(market.pk), side=side, title=market.title,
        outcome_label=market.outcome_label, no_outcome_label=market.no_outcome_label,
        event_title=market.event.title if market.event_id and market.event else "",
        subtitle=market.subtitle, rules_text=market.rules_text,
        resolution_source=market.resolution_source, category=market.category,
        close_time=market.close_time,
    )


def matching_hash(view: MarketView, *, rules_hash: str) -> str:
    """Changes when the embedded text, the rules or the close time change: then re-match."""
    close = view.close_time.isoformat() if view.close_time else ""
    return text_hash(f"{view.embedding_text()}\n{rules_hash}\n{close}")


def _report_progress(platform_ids: Sequence[int], *, job: str, done: int, total: int) -> None:
    Platform.objects.filter(id__in=platform_ids).update(
        progress={"job": job, "done": done, "total": total, "at": timezone.now().isoformat()}
    )


@dataclass
class _Side:
    """One side's open markets without their long texts (rules are loaded for candidates only)."""

    side: str
    platform_ids: list[int]
    ids: list[int]
    views: list[MarketView]
    rules_hashes: list[str]

    @classmethod
    def load(cls, side: str) -> _Side:
        slugs = [s for s in Platform.objects.values_list("slug", flat=True) if pair_side(s) == side]
        rows = list(
            Market.objects.filter(platform__slug__in=slugs, status=Market.Status.OPEN)
            .order_by("id").values_list(*_LIGHT_FIELDS)
        )
        views = [
            MarketView(
                key=str(mid), side=side, title=title, subtitle=subtitle, outcome_label=yes,
                no_outcome_label=no, event_title=event_title or "", category=category,
                close_time=close,
            )
            for mid, _, title, subtitle, yes, no, event_title, category, _, close in rows
        ]
        return cls(
            side, sorted({r[1] for r in rows}), [r[0] for r in rows], views, [r[8] for r in rows]
        )

    def keep(self, indices: Sequence[int]) -> _Side:
        return _Side(
            self.side, self.platform_ids, [self.ids[i] for i in indices],
            [self.views[i] for i in indices], [self.rules_hashes[i] for i in indices],
        )


def embeddings_refresh(
    *, side: _Side, platform_ids: Sequence[int] = (), budget: int | None = None
) -> set[int]:
    """Embed the side's markets whose matching hash changed (or that have none); returns their ids.

    Vectors are stored as float32 bytes on MarketEmbedding; unchanged markets are not
    re-embedded. At most `budget` markets are embedded per call (the rest wait for the next
    call), so one run stays inside the task time limit even on a first sync of a whole catalog.
    """
    stored = dict(
        MarketEmbedding.objects.filter(model_name=MODEL_NAME, market__platform_id__in=side.platform_ids)
        .values_list("market_id", "text_hash")
    )
    todo = [
        (mid, v, h) for mid, v, rh in zip(side.ids, side.views, side.rules_hashes, strict=True)
        if stored.get(mid) != (h := matching_hash(v, rules_hash=rh))
    ]
    if budget is not None:
        todo = todo[:budget]
    for start in range(0, len(todo), EMBED_BATCH):
        batch = todo[start:start + EMBED_BATCH]
        vecs = embed_texts([v.embedding_text() for _, v, _ in batch])
        MarketEmbedding.objects.bulk_create(
            [
                MarketEmbedding(market_id=mid, model_name=MODEL_NAME, vector=vector_to_bytes(vec), text_hash=h)
                for (mid, _, h), vec in zip(batch, vecs, strict=True)
            ],
            update_conflicts=True, unique_fields=["market"],
            update_fields=["model_name", "vector", "text_hash", "updated_at"],
        )
        if platform_ids:
            _report_progress(platform_ids, job="embedding", done=start + len(batch), total=len(todo))
    return {mid for mid, _, _ in todo}


def _with_vectors(side: _Side, wanted: np.ndarray | None = None) -> tuple[_Side, np.ndarray]:
    """The side's markets that have an embedding (and are `wanted`), with their vectors."""
    ids = side.ids if wanted is None else [mid for mid, w in zip(side.ids, wanted, strict=True) if w]
    qs = MarketEmbedding.objects.filter(model_name=MODEL_NAME)
    if wanted is None:
        qs = qs.filter(market__platform_id__in=side.platform_ids)
    else:
        qs = qs.filter(market_id__in=ids)
    rows = dict(qs.values_list("market_id", "vector"))
    keep = [i for i, mid in enumerate(side.ids) if mid in rows and (wanted is None or wanted[i])]
    vecs = np.zeros((len(keep), DIM), dtype=np.float32)
    for row, i in enumerate(keep):
        vecs[row] = vector_from_bytes(bytes(rows[side.ids[i]]))
    return side.keep(keep), vecs


def _full_views(market_ids: set[int], *, sides: dict[int, str]) -> dict[int, MarketView]:
    """Complete views (rules, sources) for the markets the guards will read."""
    markets = Market.objects.filter(id__in=market_ids & sides.keys()).select_related("event")
    return {m.pk: market_view(m, side=sides[m.pk]) for m in markets}


def pairs_propose_after_sync(*, full: bool = False, embed_budget: int = EMBED_BUDGET) -> int:
    """Embed new or changed open markets and propose pairs for them; returns pairs (re)proposed.

    Incremental by default: only markets whose text, rules or close time changed since they were
    last embedded are searched against the other side's markets closing near them (`full=True`
    re-searches everything). Rejected pairs come back only when either side's rules changed since
    the rejection; approved pairs are left to `pairs_send_back_to_review`. Progress goes to
    Platform.progress. One run at a time (a job lock); a second caller returns 0 at once.
    """
    with job_lock("propose_pairs", ttl_s=PROPOSE_LOCK_TTL_S) as got:
        if not got:
            return 0
        return _propose(full=full, embed_budget=embed_budget)


def _propose(*, full: bool, embed_budget: int) -> int:
    side_a, side_b = _Side.load("a"), _Side.load("b")
    platform_ids = side_a.platform_ids + side_b.platform_ids
    changed = embeddings_refresh(side=side_a, platform_ids=platform_ids, budget=embed_budget)
    changed |= embeddings_refresh(
        side=side_b, platform_ids=platform_ids, budget=max(0, embed_budget - len(changed))
    )
    if not side_a.ids or not side_b.ids or not (changed or full):
        return 0
    if full:
        (side_a, vecs_a), (side_b, vecs_b) = _with_vectors(side_a), _with_vectors(side_b)
    else:
        # Only markets closing near a changed market can pair with it: load just those vectors.
        days_a, days_b = close_days(side_a.views), close_days(side_b.views)
        changed_a = np.array([mid in changed for mid in side_a.ids])
        changed_b = np.array([mid in changed for mid in side_b.ids])
        near_a = in_window(query_days=days_b[changed_b], corpus_days=days_a) if changed_b.any() else changed_a
        near_b = in_window(query_days=days_a[changed_a], corpus_days=days_b) if changed_a.any() else changed_b
        (side_a, vecs_a), (side_b, vecs_b) = _with_vectors(side_a, near_a | changed_a), _with_vectors(side_b, near_b | changed_b)

    def progress(done: int, total: int) -> None:
        _report_progress(platform_ids, job="matching", done=done, total=total)

    pairs = find_candidates(
        views_a=side_a.views, vecs_a=vecs_a, views_b=side_b.views, vecs_b=vecs_b,
        query_a=None if full else [i for i, mid in enumerate(side_a.ids) if mid in changed],
        query_b=None if full else [i for i, mid in enumerate(side_b.ids) if mid in changed],
        progress=progress,
    )
    sides = {**dict.fromkeys(side_a.ids, "a"), **dict.fromkeys(side_b.ids, "b")}
    involved = {side_a.ids[i] for i, _ in pairs} | {side_b.ids[j] for _, j in pairs}
    stale = list(
        MarketPair.objects.filter(
            Q(market_a_id__in=changed) | Q(market_b_id__in=changed), status=MarketPair.Status.PROPOSED
        ).values_list("id", "market_a_id", "market_b_id", "similarity")
    )
    views = _full_views(involved | {a for _, a, _, _ in stale} | {b for _, _, b, _ in stale}, sides=sides)
    proposals = judge_pairs(
        (views[side_a.ids[i]], views[side_b.ids[j]], sim) for (i, j), sim in pairs.items()
    )
    n = _pairs_store(proposals=proposals)
    _pairs_retire_stale(stale=stale, proposed={(p.key_a, p.key_b) for p in proposals}, views=views)
    _report_progress(platform_ids, job="matching", done=len(pairs), total=len(pairs))
    logger.info("matching: %d changed markets, %d candidates judged, %d pairs proposed", len(changed), len(pairs), n)
    return n


@transaction.atomic
def _pairs_store(*, proposals: Sequence[Proposal]) -> int:
    ids_a, ids_b = {int(p.key_a) for p in proposals}, {int(p.key_b) for p in proposals}
    existing = {
        (p.market_a_id, p.market_b_id): p
        for p in MarketPair.objects.filter(market_a_id__in=ids_a, market_b_id__in=ids_b)
    }
    rules = dict(Market.objects.filter(id__in=ids_a | ids_b).values_list("id", "rules_hash"))
    n = 0
    for prop in proposals:
        a, b = int(prop.key_a), int(prop.key_b)
        fields = {
            "relation": prop.verdict.relation, "orientation": prop.verdict.orientation,
            "similarity": prop.similarity, "confidence": prop.verdict.confidence,
            "findings": prop.verdict.findings_json(),
        }
        pair = existing.get((a, b))
        if pair is None:
            MarketPair.objects.create(market_a_id=a, market_b_id=b, status=MarketPair.Status.PROPOSED, **fields)
            n += 1
        elif pair.status == MarketPair.Status.APPROVED:
            continue
        elif pair.status == MarketPair.Status.REJECTED and (
            pair.rules_hash_a == rules[a] and pair.rules_hash_b == rules[b]
        ):
            continue  # a person said no to exactly these rules
        else:
            if pair.status != MarketPair.Status.PROPOSED:
                fields["reason"] = f"re-proposed: was {pair.status}, rules changed since"
                n += 1
            MarketPair.objects.filter(pk=pair.pk).update(status=MarketPair.Status.PROPOSED, **fields)
    return n


def _pairs_retire_stale(
    *, stale: Sequence[tuple[int, int, int, float]], proposed: set[tuple[str, str]],
    views: dict[int, MarketView],
) -> None:
    """Proposed pairs on changed markets that no longer clear the guards are retired."""
    for pk, a_id, b_id, similarity in stale:
        if (str(a_id), str(b_id)) in proposed:
            continue
        a, b = views.get(a_id), views.get(b_id)
        if a is None or b is None:
            findings = [{"guard": "status", "level": "fail", "message": "a market is no longer open"}]
        else:
            verdict = judge(a, b, similarity=similarity)
            if verdict.proposable:
                continue
            findings = verdict.findings_json()
        MarketPair.objects.filter(pk=pk).update(
            status=MarketPair.Status.RETIRED, findings=findings,
            reason="no longer clears the guards after a market changed",
        )
