"""The matching pipeline on plain values: candidates by embedding, then guards, then proposals."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from functools import partial

import numpy as np
import numpy.typing as npt

from similarity.matching.candidates import NO_DAY, Days, Vectors, candidate_pairs, category_codes
from similarity.matching.guards import judge
from similarity.matching.types import MarketView, Proposal

DEFAULT_K = 20
DEFAULT_MIN_SIMILARITY = 0.45
DEFAULT_WINDOW_DAYS = 7


def close_days(views: Sequence[MarketView]) -> Days:
    """Close time as a day number (UTC ordinal), NO_DAY when unknown."""
    return np.array(
        [v.close_time.date().toordinal() if isinstance(v.close_time, datetime) else NO_DAY for v in views],
        dtype=np.int64,
    )


def find_candidates(
    *,
    views_a: Sequence[MarketView],
    vecs_a: Vectors,
    views_b: Sequence[MarketView],
    vecs_b: Vectors,
    query_a: Sequence[int] | None = None,
    query_b: Sequence[int] | None = None,
    k: int = DEFAULT_K,
    min_similarity: float = DEFAULT_MIN_SIMILARITY,
    window_days: int = DEFAULT_WINDOW_DAYS,
    progress: Callable[[int, int], None] | None = None,
) -> dict[tuple[int, int], float]:
    """{(index in A, index in B): cosine} of the candidate pairs (only close days, categories
    and vectors are read from the views).

    With `query_a`/`query_b` (indices of new or changed markets) only pairs involving those are
    searched (incremental matching); with neither, the whole catalog is searched.
    """
    days_a, days_b = close_days(views_a), close_days(views_b)
    cats_a = category_codes([v.category for v in views_a])
    cats_b = category_codes([v.category for v in views_b])
    search = partial(candidate_pairs, k=k, min_similarity=min_similarity, window_days=window_days)
    if query_a is None and query_b is None:
        return search(
            query_vecs=vecs_a, query_days=days_a, query_cats=cats_a,
            corpus_vecs=vecs_b, corpus_days=days_b, corpus_cats=cats_b, progress=progress,
        )
    pairs: dict[tuple[int, int], float] = {}
    if query_a:
        qa = np.asarray(query_a, dtype=np.int64)
        # Only corpus markets closing near a query can be blocked with it: search just those.
        near = np.flatnonzero(in_window(query_days=days_a[qa], corpus_days=days_b, window_days=window_days))
        found = search(
            query_vecs=vecs_a[qa], query_days=days_a[qa], query_cats=cats_a[qa],
            corpus_vecs=vecs_b[near], corpus_days=days_b[near], corpus_cats=cats_b[near],
        )
        pairs.update({(int(qa[i]), int(near[j])): s for (i, j), s in found.items()})
    if query_b:
        qb = np.asarray(query_b, dtype=np.int64)
        near = np.flatnonzero(in_window(query_days=days_b[qb], corpus_days=days_a, window_days=window_days))
        found = search(
            query_vecs=vecs_b[qb], query_days=days_b[qb], query_cats=cats_b[qb],
            corpus_vecs=vecs_a[near], corpus_days=days_a[near], corpus_cats=cats_a[near],
        )
        pairs.update({(int(near[i]), int(qb[j])): s for (j, i), s in found.items()})
    return pairs


def judge_pairs(
    pairs: Iterable[tuple[MarketView, MarketView, float]],
) -> list[Proposal]:
    """Guards on (A, B, similarity) triples; the proposable ones as proposals."""
    out = []
    for a, b, sim in pairs:
        verdict = judge(a, b, similarity=sim)
        if verdict.proposable:
            out.append(Proposal(a.key, b.key, round(sim, 4), verdict))
    return out


def match(
    *,
    views_a: Sequence[MarketView],
    vecs_a: Vectors,
    views_b: Sequence[MarketView],
    vecs_b: Vectors,
    query_a: Sequence[int] | None = None,
    query_b: Sequence[int] | None = None,
    k: int = DEFAULT_K,
    min_similarity: float = DEFAULT_MIN_SIMILARITY,
    window_days: int = DEFAULT_WINDOW_DAYS,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[list[Proposal], int]:
    """Candidates then guards: the proposals and how many candidates the guards judged."""
    pairs = find_candidates(
        views_a=views_a, vecs_a=vecs_a, views_b=views_b, vecs_b=vecs_b, query_a=query_a,
        query_b=query_b, k=k, min_similarity=min_similarity, window_days=window_days,
        progress=progress,
    )
    proposals = judge_pairs((views_a[i], views_b[j], sim) for (i, j), sim in pairs.items())
    return proposals, len(pairs)


def in_window(*, query_days: Days, corpus_days: Days, window_days: int = DEFAULT_WINDOW_DAYS) -> npt.NDArray[np.bool_]:
    """Which corpus markets some query could be blocked with (so only those need loading)."""
    if (query_days == NO_DAY).any():
        return np.ones(len(corpus_days), dtype=bool)
    days = np.unique(query_days)
    idx = np.searchsorted(days, corpus_days)
    near_hi = np.abs(days[np.clip(idx, 0, len(days) - 1)] - corpus_days) <= window_days
    near_lo = np.abs(days[np.clip(idx - 1, 0, len(days) - 1)] - corpus_days) <= window_days
    near: npt.NDArray[np.bool_] = near_hi | near_lo | (corpus_days == NO_DAY)
    return near
