"""Writes for market pairs: proposals, review decisions, re-review on rule changes."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from datetime import time as dt_time
from typing import Any

import numpy as np
from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import F, Q, QuerySet, TextField, Value
from django.db.models.functions import Coalesce, Lower, Trim
from django.utils import timezone

from common.errors import ApplicationError
from common.locks import job_lock
from markets.models import Market
from markets.services import UpsertResult, catalog_sync
from platforms.models import Platform
from platforms.registry import get_platform
from similarity.embeddings import (
    DIM,
    MODEL_NAME,
    embed_texts,
    text_hash,
    vector_from_bytes,
    vector_to_bytes,
)
from similarity.matching import MarketView, Proposal, judge
from similarity.matching.candidates import coarse_category, coarse_groups
from similarity.matching.pipeline import DEFAULT_WINDOW_DAYS, all_candidates, judge_selection
from similarity.matching.structure import FAMILY_WINDOW_DAYS
from similarity.models import EmbeddedText, MarketEmbedding, MarketPair
from similarity.outcome_sets import (
    outcome_sets_align,
    outcome_sets_propose,
    outcome_sets_send_back_to_review,
)
from similarity.resolution import DIVERGED, resolution_verdict

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


def pair_resolution_check(*, pair: MarketPair, now: datetime) -> str:
    """Judge a pair whose two markets have both settled and record the verdict on it.

    Compares both settlement values with the relation and orientation (similarity.resolution);
    returns "agreed", "diverged" or "inconclusive". Raises ValueError when a market has not
    settled. Recorded once: a pair already checked keeps its verdict (idempotent).
    """
    a, b = pair.market_a, pair.market_b
    if a.settlement_value is None or b.settlement_value is None:
        raise ValueError(f"pair {pair.pk}: both markets must have settled")
    verdict, detail = resolution_verdict(
        relation=pair.relation, orientation=pair.orientation, value_a=a.settlement_value,
        value_b=b.settlement_value,
    )
    updated = MarketPair.objects.filter(pk=pair.pk, resolution="").update(
        resolution=verdict, resolution_detail=detail, resolution_checked_at=now, updated_at=now
    )
    if updated:
        pair.resolution, pair.resolution_detail, pair.resolution_checked_at = verdict, detail, now
        log = logger.error if verdict == DIVERGED else logger.info
        log("pair %s settled %s: %s", pair.pk, verdict, detail)
    return str(pair.resolution)


def pair_import(
    *, market_a: Market, market_b: Market, relation: str, orientation: str, note: str
) -> tuple[MarketPair, bool]:
    """The pair of these two markets, created as `proposed` when missing: (pair, created).

    For pairs arriving from elsewhere (a book tape): another machine's approval is not a review
    here, so a new pair waits for one; an existing pair is left exactly as it is.
    """
    if relation not in MarketPair.Relation.values:
        raise ApplicationError(f"unknown relation {relation!r}")
    if orientation not in MarketPair.Orientation.values:
        raise ApplicationError(f"unknown orientation {orientation!r}")
    return MarketPair.objects.get_or_create(
        market_a=market_a, market_b=market_b,
        defaults={"relation": relation, "orientation": orientation, "reason": note[:2000]},
    )


def catalog_sync_and_review(*, slug: str) -> UpsertResult | None:
    """Sync one venue's catalog (markets.services.catalog_sync) and send the approved pairs on
    markets whose rules text or close time changed back to review, and likewise the approved
    outcome sets with such a member; then propose outcome sets from the venue's structure (a
    set that gained a member goes back to review) and align cross-venue sets. None when the
    venue failed."""
    result = catalog_sync(slug=slug)
    if result is None:
        return None
    if result.changed_market_ids:
        pairs_send_back_to_review(market_ids=result.changed_market_ids)
        outcome_sets_send_back_to_review(market_ids=result.changed_market_ids)
    # Outcome sets follow the venue's structure: new groups proposed, grown sets re-reviewed,
    # then cross sets re-aligned on what is approved now.
    platform_id = Platform.objects.filter(slug=slug).values_list("id", flat=True).first()
    if platform_id is not None:
        outcome_sets_propose(platform_id=platform_id)
        outcome_sets_align()
    return result


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
    return get_platform(slug).pair_side


_LIGHT_FIELDS = (
    "id", "platform_id", "title", "subtitle", "outcome_label", "no_outcome_label", "event_title",
    "category", "rules_hash", "close_time",
)
# What the structure-first path aligns on besides the text (never the rules text): the event and
# series keys and the parser's structural fields.
_STRUCTURE_FIELDS = ("event_key", "event_series", "extra")
# Live market fields against their copies on EmbeddedText: any difference means re-embed.
_SNAPSHOT = (
    ("title", "title"), ("subtitle", "subtitle"), ("outcome_label", "outcome_label"),
    ("no_outcome_label", "no_outcome_label"), ("event_title", "event_title"),
    ("category", "category"), ("rules_hash", "rules_hash"),
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
        event_key=market.event.external_id if market.event_id and market.event else "",
        series=market.event.series if market.event_id and market.event else "",
        extra=market.extra or {},
    )


def matching_hash(view: MarketView, *, rules_hash: str) -> str:
    """Changes when the embedded text, the rules or the close time change."""
    close = view.close_time.isoformat() if view.close_time else ""
    return text_hash(f"{view.embedding_text()}\n{rules_hash}\n{close}")


def _report_progress(platform_ids: Sequence[int], *, job: str, done: int, total: int) -> None:
    Platform.objects.filter(id__in=platform_ids).update(
        progress={"job": job, "done": done, "total": total, "at": timezone.now().isoformat()}
    )


def _side_platform_ids(side: str) -> list[int]:
    return [pk for pk, slug in Platform.objects.values_list("id", "slug") if pair_side(slug) == side]


def _open_markets(platform_ids: Sequence[int]) -> QuerySet[Market]:
    return (
        Market.objects.filter(platform_id__in=platform_ids, status=Market.Status.OPEN)
        .annotate(
            event_title=Coalesce(F("event__title"), Value(""), output_field=TextField()),
            event_key=Coalesce(F("event__external_id"), Value(""), output_field=TextField()),
            event_series=Coalesce(F("event__series"), Value(""), output_field=TextField()),
        )
        .alias(category_key=Lower(Trim("category")))  # as coarse_category folds it
    )


def _changed_markets(platform_ids: Sequence[int]) -> QuerySet[Market]:
    """Open markets with no current embedding, or whose text, rules or close time changed since."""
    # Joins the narrow EmbeddedText table only: the vectors are never read here.
    qs = _open_markets(platform_ids).annotate(
        emb_id=F("embedded_text__market_id"), emb_model=F("embedded_text__model_name"),
        emb_close=F("embedded_text__close_time"),
        **{f"emb_{ours}": F(f"embedded_text__{ours}") for ours, _ in _SNAPSHOT},
    )
    differs = Q(emb_id__isnull=True) | ~Q(emb_model=MODEL_NAME)
    for ours, live in _SNAPSHOT:
        differs |= ~Q(**{f"emb_{ours}": F(live)})
    differs |= ~Q(emb_close=F("close_time")) | Q(emb_close__isnull=True, close_time__isnull=False)
    differs |= Q(emb_close__isnull=False, close_time__isnull=True)
    return qs.filter(differs)


@dataclass
class _Side:
    """Markets of one side as light rows (no rules text) with their vectors."""

    ids: list[int]
    views: list[MarketView]
    vecs: np.ndarray

    @classmethod
    def load(cls, side: str, qs: QuerySet[Market]) -> _Side:
        rows = list(
            qs.filter(embedding__model_name=MODEL_NAME).order_by("id")
            .values_list(*_LIGHT_FIELDS, *_STRUCTURE_FIELDS, "embedding__vector")
        )
        # One buffer for all rows: a writable (n, DIM) array without a per-row copy.
        vecs = vector_from_bytes(bytearray().join(bytes(r[-1]) for r in rows)).reshape(len(rows), DIM)
        return cls([r[0] for r in rows], [_light_view(r, side=side) for r in rows], vecs)


def _light_view(row: Sequence[Any], *, side: str) -> MarketView:
    """A view from `_LIGHT_FIELDS` (and `_STRUCTURE_FIELDS` when the row carries them)."""
    mid, _, title, subtitle, yes, no, event_title, category, _, close = row[:10]
    event_key, series, extra = row[10:13] if len(row) >= 13 else ("", "", {})
    return MarketView(
        key=str(mid), side=side, title=title, subtitle=subtitle, outcome_label=yes,
        no_outcome_label=no, event_title=event_title or "", category=category, close_time=close,
        event_key=event_key or "", series=series or "", extra=extra or {},
    )


def embeddings_refresh(*, sides: dict[int, str], budget: int | None = None) -> tuple[set[int], set[int]]:
    """Embed the open markets of the given platforms ({platform id: "a" | "b"}) that are new or
    changed since embedded; returns the embedded market ids of side A and of side B.

    The comparison runs in SQL against the copy kept on the narrow EmbeddedText table, so an
    unchanged catalog costs one query that never reads a vector. At most `budget` markets are
    embedded per call (the rest wait for the next call), so a run stays inside its task time
    limit even on a first sync of a whole catalog.
    """
    qs = _changed_markets(list(sides)).order_by("id").values_list(*_LIGHT_FIELDS)
    rows = list(qs[:budget] if budget is not None else qs)
    for start in range(0, len(rows), EMBED_BATCH):
        batch = rows[start:start + EMBED_BATCH]
        views = [_light_view(r, side=sides[r[1]]) for r in batch]
        vecs = embed_texts([v.embedding_text() for v in views])
        with transaction.atomic():
            MarketEmbedding.objects.bulk_create(
                [
                    MarketEmbedding(
                        market_id=r[0], model_name=MODEL_NAME, vector=vector_to_bytes(vec),
                        text_hash=matching_hash(v, rules_hash=r[8]),
                    )
                    for r, v, vec in zip(batch, views, vecs, strict=True)
                ],
                update_conflicts=True, unique_fields=["market"],
                update_fields=["model_name", "vector", "text_hash", "updated_at"],
            )
            _embedded_texts_store(rows=batch)
        _report_progress(list(sides), job="embedding", done=start + len(batch), total=len(rows))
    return {r[0] for r in rows if sides[r[1]] == "a"}, {r[0] for r in rows if sides[r[1]] == "b"}


def _embedded_texts_store(*, rows: Sequence[Sequence[Any]]) -> None:
    """Record what markets look like now (rows of `_LIGHT_FIELDS`) as embedded with MODEL_NAME."""
    EmbeddedText.objects.bulk_create(
        [
            EmbeddedText(
                market_id=r[0], model_name=MODEL_NAME, title=r[2], subtitle=r[3], outcome_label=r[4],
                no_outcome_label=r[5], event_title=r[6] or "", category=r[7], rules_hash=r[8],
                close_time=r[9],
            )
            for r in rows
        ],
        update_conflicts=True, unique_fields=["market"],
        update_fields=[
            "model_name", "title", "subtitle", "outcome_label", "no_outcome_label", "event_title",
            "category", "rules_hash", "close_time",
        ],
    )


def _blockable(market_ids: set[int]) -> Q:
    """Markets the candidate search may block with one of `market_ids`: closing within the
    window of one of them and not of a coarse category none of them has (none when the set is
    empty). Needs the `category_key` alias of `_open_markets`.

    A superset of the blocks (windows and categories are merged over all of `market_ids`), so
    an incremental search reads only nearby vectors yet finds what a full search would.
    """
    rows = list(Market.objects.filter(id__in=market_ids).values_list("close_time", "category"))
    if not rows:
        return Q(pk__in=[])
    groups = {coarse_category(category) for _, category in rows}
    # Unknown categories block with every category; known ones with their own and unknown.
    same_block = Q() if "" in groups else ~Q(
        category_key__in=[name for name, group in coarse_groups().items() if group not in groups]
    )
    return same_block & _near([close for close, _ in rows])


# A market of a candidate field or bracket ladder (as the parsers mark them in Market.extra).
_FIELD_MEMBER = Q(extra__event_mutually_exclusive=True) | Q(extra__has_key="neg_risk_market_id")


def _field_blockable(market_ids: set[int]) -> Q:
    """Field members the family alignment may pair with one of `market_ids`: when some of them
    is a field member, the other fields' members closing within the family window (fields close
    weeks apart on the two venues); none otherwise."""
    rows = list(Market.objects.filter(_FIELD_MEMBER, id__in=market_ids).values_list("close_time", flat=True))
    if not rows:
        return Q(pk__in=[])
    return _FIELD_MEMBER & _near(rows, window_days=FAMILY_WINDOW_DAYS)


def _own_families(market_ids: set[int]) -> Q:
    """The other members of the changed markets' events: a family aligns as a whole."""
    events = set(Market.objects.filter(id__in=market_ids, event__isnull=False).values_list("event_id", flat=True))
    return Q(event_id__in=events) if events else Q(pk__in=[])


def _near(closes: Sequence[datetime | None], *, window_days: int = DEFAULT_WINDOW_DAYS) -> Q:
    """Markets closing within `window_days` (the blocking window) of any of `closes` (every
    market when one of those is unknown)."""
    if None in closes:
        return Q(pk__isnull=False)
    days = {c.date() for c in closes if c is not None}
    window = timedelta(days=window_days + 1)
    spans: list[list[date]] = []
    for d in sorted(days):  # merge overlapping windows into few ranges
        if spans and (d - spans[-1][1]).days <= 2 * window.days:
            spans[-1][1] = d
        else:
            spans.append([d, d])
    near = Q(close_time__isnull=True)
    for lo, hi in spans:
        start = datetime.combine(lo - window, dt_time.min, tzinfo=UTC)
        end = datetime.combine(hi + window, dt_time.max, tzinfo=UTC)
        near |= Q(close_time__gte=start, close_time__lte=end)
    return near


# Ids per `IN (...)` query: Postgres takes at most 65,535 parameters in one statement, and a whole
# catalog at real density involves hundreds of thousands of markets.
ID_CHUNK = 20_000


def _chunks(ids: set[int] | Sequence[int]) -> list[list[int]]:
    ordered = sorted(ids)
    return [ordered[i:i + ID_CHUNK] for i in range(0, len(ordered), ID_CHUNK)]


def _full_views(market_ids: set[int], *, sides: dict[int, str]) -> dict[int, MarketView]:
    """Complete views (rules, sources) for the markets the guards will read."""
    out: dict[int, MarketView] = {}
    for chunk in _chunks(market_ids & sides.keys()):
        for m in Market.objects.filter(id__in=chunk).select_related("event"):
            out[m.pk] = market_view(m, side=sides[m.pk])
    return out


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
    pids_a, pids_b = _side_platform_ids("a"), _side_platform_ids("b")
    platform_ids = pids_a + pids_b
    changed_a, changed_b = embeddings_refresh(
        sides={**dict.fromkeys(pids_a, "a"), **dict.fromkeys(pids_b, "b")}, budget=embed_budget
    )
    changed = changed_a | changed_b
    if not pids_a or not pids_b or not (changed or full):
        return 0
    if full:
        side_a, side_b = _Side.load("a", _open_markets(pids_a)), _Side.load("b", _open_markets(pids_b))
    else:
        # Only markets closing near a changed market, in a category it blocks with, can pair
        # with it: load just those vectors.
        side_a = _Side.load("a", _open_markets(pids_a).filter(
            Q(id__in=changed_a) | _blockable(changed_b) | _field_blockable(changed_b) | _own_families(changed_a)))
        side_b = _Side.load("b", _open_markets(pids_b).filter(
            Q(id__in=changed_b) | _blockable(changed_a) | _field_blockable(changed_a) | _own_families(changed_b)))
    if not side_a.ids or not side_b.ids:
        return 0

    def progress(done: int, total: int) -> None:
        _report_progress(platform_ids, job="matching", done=done, total=total)

    games, pairs = all_candidates(
        views_a=side_a.views, vecs_a=side_a.vecs, views_b=side_b.views, vecs_b=side_b.vecs,
        query_a=None if full else [i for i, mid in enumerate(side_a.ids) if mid in changed],
        query_b=None if full else [i for i, mid in enumerate(side_b.ids) if mid in changed],
        progress=progress,
    )
    sides = {**dict.fromkeys(side_a.ids, "a"), **dict.fromkeys(side_b.ids, "b")}
    involved = {side_a.ids[i] for i, _ in (*pairs, *games)} | {side_b.ids[j] for _, j in (*pairs, *games)}
    stale = list(
        MarketPair.objects.filter(
            Q(market_a_id__in=changed) | Q(market_b_id__in=changed), status=MarketPair.Status.PROPOSED
        ).values_list("id", "market_a_id", "market_b_id", "similarity")
    )
    views = _full_views(involved | {a for _, a, _, _ in stale} | {b for _, _, b, _ in stale}, sides=sides)
    # Games are judged by the sports path; the rest on full views (rules, sources).
    selection = judge_selection(
        [(views[side_a.ids[i]], views[side_b.ids[j]], sim, verdict) for (i, j), (sim, verdict) in games.items()],
        [(views[side_a.ids[i]], views[side_b.ids[j]], sim) for (i, j), sim in pairs.items()],
        workers=settings.EVENTSARB_MATCHING_WORKERS or None,
    )
    proposals = selection.proposals()
    n = _pairs_store(proposals=proposals)
    _pairs_retire_stale(stale=stale, proposed={(p.key_a, p.key_b) for p in proposals}, views=views)
    _report_progress(platform_ids, job="matching", done=selection.judged, total=selection.judged)
    logger.info("matching: %d changed markets, %d candidates judged, %d pairs proposed", len(changed), selection.judged, n)
    return n


@transaction.atomic
def _pairs_store(*, proposals: Sequence[Proposal]) -> int:
    ids_a, ids_b = {int(p.key_a) for p in proposals}, {int(p.key_b) for p in proposals}
    existing = {
        (p.market_a_id, p.market_b_id): p
        for chunk in _chunks(ids_a)
        for p in MarketPair.objects.filter(market_a_id__in=chunk)
        if p.market_b_id in ids_b
    }
    rules = {
        mid: digest for chunk in _chunks(ids_a | ids_b)
        for mid, digest in Market.objects.filter(id__in=chunk).values_list("id", "rules_hash")
    }
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
