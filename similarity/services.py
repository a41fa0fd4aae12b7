"""Writes for market pairs: proposals, review decisions, re-review on rule changes."""

from __future__ import annotations

import logging
from collections.abc import Sequence

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
from similarity.matching import MarketView, Proposal, judge, match
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
# Markets embedded per run: ~a minute of CPU, well inside the task time limit.
EMBED_BUDGET = 20000
PROPOSE_LOCK_TTL_S = 1800


def pair_side(slug: str) -> str:
    """"a" for Kalshi-like venues, "b" for Polymarket-like ones."""
    if slug in _KNOWN_SIDES:
        return _KNOWN_SIDES[slug]
    from platforms.registry import get_platform

    return get_platform(slug).pair_side


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


def embeddings_refresh(
    *, markets: Sequence[Market], views: Sequence[MarketView], platform_ids: Sequence[int] = (),
    budget: int | None = None,
) -> set[int]:
    """Embed the markets whose matching hash changed (or that have none); returns their ids.

    Vectors are stored as float32 bytes on MarketEmbedding; unchanged markets are not
    re-embedded. At most `budget` markets are embedded per call (the rest wait for the next
    call), so one run stays inside the task time limit even on a first sync of a whole catalog.
    """
    stored = dict(
        MarketEmbedding.objects.filter(market_id__in=[m.pk for m in markets], model_name=MODEL_NAME)
        .values_list("market_id", "text_hash")
    )
    todo = [
        (m, v, h) for m, v in zip(markets, views, strict=True)
        if stored.get(m.pk) != (h := matching_hash(v, rules_hash=m.rules_hash))
    ]
    if budget is not None:
        todo = todo[:budget]
    for start in range(0, len(todo), EMBED_BATCH):
        batch = todo[start:start + EMBED_BATCH]
        vecs = embed_texts([v.embedding_text() for _, v, _ in batch])
        MarketEmbedding.objects.bulk_create(
            [
                MarketEmbedding(market=m, model_name=MODEL_NAME, vector=vector_to_bytes(vec), text_hash=h)
                for (m, _, h), vec in zip(batch, vecs, strict=True)
            ],
            update_conflicts=True, unique_fields=["market"],
            update_fields=["model_name", "vector", "text_hash", "updated_at"],
        )
        if platform_ids:
            _report_progress(platform_ids, job="embedding", done=start + len(batch), total=len(todo))
    return {m.pk for m, _, _ in todo}


def _load_side(side: str) -> tuple[list[Market], list[MarketView], list[int]]:
    slugs = [slug for slug in Platform.objects.values_list("slug", flat=True) if pair_side(slug) == side]
    markets = list(
        Market.objects.filter(platform__slug__in=slugs, status=Market.Status.OPEN)
        .select_related("event").order_by("id")
    )
    platform_ids = sorted({m.platform_id for m in markets})
    return markets, [market_view(m, side=side) for m in markets], platform_ids


def _with_vectors(
    markets: list[Market], views: list[MarketView]
) -> tuple[list[Market], list[MarketView], np.ndarray]:
    """The markets that have a current embedding, their views and their vectors as one matrix."""
    rows = dict(
        MarketEmbedding.objects.filter(market_id__in=[m.pk for m in markets], model_name=MODEL_NAME)
        .values_list("market_id", "vector")
    )
    keep = [i for i, m in enumerate(markets) if m.pk in rows]
    vecs = np.zeros((len(keep), DIM), dtype=np.float32)
    for row, i in enumerate(keep):
        vecs[row] = vector_from_bytes(bytes(rows[markets[i].pk]))
    return [markets[i] for i in keep], [views[i] for i in keep], vecs


def pairs_propose_after_sync(*, full: bool = False, embed_budget: int = EMBED_BUDGET) -> int:
    """Embed new or changed open markets and propose pairs for them; returns pairs (re)proposed.

    Incremental by default: only markets whose text, rules or close time changed since they were
    last embedded are searched against the other side (`full=True` re-searches everything).
    Rejected pairs come back only when either side's rules changed since the rejection; approved
    pairs are left to `pairs_send_back_to_review`. Progress goes to Platform.progress. One run
    at a time (a job lock); a second caller returns 0 at once.
    """
    with job_lock("propose_pairs", ttl_s=PROPOSE_LOCK_TTL_S) as got:
        if not got:
            return 0
        return _propose(full=full, embed_budget=embed_budget)


def _propose(*, full: bool, embed_budget: int) -> int:
    markets_a, views_a, pids_a = _load_side("a")
    markets_b, views_b, pids_b = _load_side("b")
    platform_ids = pids_a + pids_b
    changed = embeddings_refresh(markets=markets_a, views=views_a, platform_ids=platform_ids, budget=embed_budget)
    changed |= embeddings_refresh(
        markets=markets_b, views=views_b, platform_ids=platform_ids, budget=max(0, embed_budget - len(changed))
    )
    if not markets_a or not markets_b or not (changed or full):
        return 0
    markets_a, views_a, vecs_a = _with_vectors(markets_a, views_a)
    markets_b, views_b, vecs_b = _with_vectors(markets_b, views_b)
    query_a = None if full else [i for i, m in enumerate(markets_a) if m.pk in changed]
    query_b = None if full else [i for i, m in enumerate(markets_b) if m.pk in changed]

    def progress(done: int, total: int) -> None:
        _report_progress(platform_ids, job="matching", done=done, total=total)

    proposals, judged = match(
        views_a=views_a, vecs_a=vecs_a, views_b=views_b, vecs_b=vecs_b,
        query_a=query_a, query_b=query_b, progress=progress,
    )
    by_id = {m.pk: m for m in (*markets_a, *markets_b)}
    n = _pairs_store(proposals=proposals, markets=by_id)
    _pairs_retire_stale(
        changed=changed if not full else set(by_id), proposed={(p.key_a, p.key_b) for p in proposals},
        views={int(v.key): v for v in (*views_a, *views_b)},
    )
    _report_progress(platform_ids, job="matching", done=judged, total=judged)
    logger.info("matching: %d changed markets, %d candidates judged, %d pairs proposed", len(changed), judged, n)
    return n


@transaction.atomic
def _pairs_store(*, proposals: Sequence[Proposal], markets: dict[int, Market]) -> int:
    existing = {
        (p.market_a_id, p.market_b_id): p
        for p in MarketPair.objects.filter(
            market_a_id__in={int(p.key_a) for p in proposals}, market_b_id__in={int(p.key_b) for p in proposals}
        )
    }
    n = 0
    for prop in proposals:
        a, b = markets[int(prop.key_a)], markets[int(prop.key_b)]
        fields = {
            "relation": prop.verdict.relation, "orientation": prop.verdict.orientation,
            "similarity": prop.similarity, "confidence": prop.verdict.confidence,
            "findings": prop.verdict.findings_json(),
        }
        pair = existing.get((a.pk, b.pk))
        if pair is None:
            MarketPair.objects.create(market_a=a, market_b=b, status=MarketPair.Status.PROPOSED, **fields)
            n += 1
        elif pair.status == MarketPair.Status.APPROVED:
            continue
        elif pair.status == MarketPair.Status.REJECTED and (
            pair.rules_hash_a == a.rules_hash and pair.rules_hash_b == b.rules_hash
        ):
            continue  # a person said no to exactly these rules
        else:
            if pair.status != MarketPair.Status.PROPOSED:
                fields["reason"] = f"re-proposed: was {pair.status}, rules changed since"
                n += 1
            MarketPair.objects.filter(pk=pair.pk).update(status=MarketPair.Status.PROPOSED, **fields)
    return n


def _pairs_retire_stale(
    *, changed: set[int], proposed: set[tuple[str, str]], views: dict[int, MarketView]
) -> None:
    """Proposed pairs on changed markets that no longer clear the guards are retired."""
    stale = MarketPair.objects.filter(
        Q(market_a_id__in=changed) | Q(market_b_id__in=changed), status=MarketPair.Status.PROPOSED
    )
    for pair in stale:
        if (str(pair.market_a_id), str(pair.market_b_id)) in proposed:
            continue
        a, b = views.get(pair.market_a_id), views.get(pair.market_b_id)
        if a is None or b is None:
            findings = [{"guard": "status", "level": "fail", "message": "a market is no longer open"}]
        else:
            verdict = judge(a, b, similarity=pair.similarity)
            if verdict.proposable:
                continue
            findings = verdict.findings_json()
        MarketPair.objects.filter(pk=pair.pk).update(
            status=MarketPair.Status.RETIRED, findings=findings,
            reason="no longer clears the guards after a market changed",
        )
