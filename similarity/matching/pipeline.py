"""The matching pipeline on plain values: the sports path for single games; for everything else
aligned families and embedding candidates, then the clause judges; then proposals with relations."""

from __future__ import annotations

import multiprocessing as mp
import os
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from functools import partial

import numpy as np
import numpy.typing as npt

from similarity.matching.candidates import (
    NO_DAY,
    Cats,
    Days,
    Vectors,
    candidate_pairs,
    category_codes,
)
from similarity.matching.families import game_markets, game_pairs
from similarity.matching.guards import judge
from similarity.matching.structure import FAMILY_WINDOW_DAYS, family_candidates, family_key
from similarity.matching.types import MarketView, Proposal, Verdict

DEFAULT_K = 20
DEFAULT_MIN_SIMILARITY = 0.45
DEFAULT_WINDOW_DAYS = 7


def close_days(views: Sequence[MarketView]) -> Days:
    """Close time as a day number (UTC ordinal), NO_DAY when unknown."""
    return np.array(
        [v.close_time.date().toordinal() if isinstance(v.close_time, datetime) else NO_DAY for v in views],
        dtype=np.int64,
    )


def block_keys(views_a: Sequence[MarketView], views_b: Sequence[MarketView]) -> tuple[Days, Cats, Days, Cats]:
    """Close days and coarse category codes of both sides (what candidate search blocks on)."""
    return (
        close_days(views_a), category_codes([v.category for v in views_a]),
        close_days(views_b), category_codes([v.category for v in views_b]),
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
    blocks: tuple[Days, Cats, Days, Cats] | None = None,
) -> dict[tuple[int, int], float]:
    """{(index in A, index in B): cosine} of the candidate pairs (only close days, categories
    and vectors are read from the views; `blocks` passes them precomputed).

    With `query_a`/`query_b` (indices of new or changed markets) only pairs involving those are
    searched (incremental matching); with neither, the whole catalog is searched.
    """
    days_a, cats_a, days_b, cats_b = blocks or block_keys(views_a, views_b)
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
    """Judge (A, B, similarity) triples; every identical pair, and for a market with no identical
    pair its most similar implication or related pair (so a reviewer sees the near miss with its
    relation), as proposals. `different` pairs are never proposed."""
    return select_proposals((a, b, sim, judge(a, b, similarity=sim)) for a, b, sim in pairs)


def select_proposals(judged: Iterable[tuple[MarketView, MarketView, float, Verdict]]) -> list[Proposal]:
    """The identical pairs, and the best non-identical, non-different pair of a market that has none."""
    selection = Selection()
    for a, b, sim, verdict in judged:
        selection.add(a, b, sim, verdict)
    return selection.proposals()


class Selection:
    """What `select_proposals` keeps while judging, so verdicts need not be held: the identical
    proposals and each market's best near miss. Selections of consecutive runs of the judged
    sequence merge (in order) into exactly the selection of the whole sequence."""

    def __init__(self) -> None:
        self.identical: list[Proposal] = []
        self.near: dict[str, Proposal] = {}
        self.judged = 0

    def add(self, a: MarketView, b: MarketView, sim: float, verdict: Verdict) -> None:
        self.judged += 1
        if verdict.proposable:
            self.identical.append(Proposal(a.key, b.key, round(sim, 4), verdict))
        elif verdict.relation != "different" and not any(f.level == "fail" and f.guard in _NEVER for f in verdict.findings):
            proposal = Proposal(a.key, b.key, round(sim, 4), verdict)
            self._offer(a.key, proposal)
            self._offer("b:" + b.key, proposal)

    def _offer(self, key: str, proposal: Proposal) -> None:
        best = self.near.get(key)
        if best is None or proposal.similarity > best.similarity:
            self.near[key] = proposal

    def merge(self, later: Selection) -> None:
        """Append the selection of the judged pairs that came after this one's."""
        self.judged += later.judged
        self.identical.extend(later.identical)
        for key, proposal in later.near.items():
            self._offer(key, proposal)

    def proposals(self) -> list[Proposal]:
        matched = {p.key_a for p in self.identical} | {"b:" + p.key_b for p in self.identical}
        extra = {
            (p.key_a, p.key_b): p for key, p in self.near.items()
            if key not in matched and p.key_a not in matched and "b:" + p.key_b not in matched
        }
        return self.identical + list(extra.values())


# Below this many candidates a run is judged in this process (starting workers costs more).
PARALLEL_MIN_PAIRS = 20_000
CHUNKS_PER_WORKER = 4


def judge_selection(
    prejudged: Sequence[tuple[MarketView, MarketView, float, Verdict]],
    pairs: Sequence[tuple[MarketView, MarketView, float]],
    *,
    workers: int | None = None,
) -> Selection:
    """The selection of the already judged pairs (games) followed by `pairs` judged in order,
    exactly as `select_proposals` over the whole sequence. A large run is judged by `workers`
    forked processes (default one per CPU; 1 judges in this process), each over consecutive runs of `pairs` (so a market's facts are read by
    few of them), merged back in order; only the selections travel back, not every verdict."""
    selection = Selection()
    for a, b, sim, verdict in prejudged:
        selection.add(a, b, sim, verdict)
    workers = (os.cpu_count() or 1) if workers is None else workers
    if (workers <= 1 or len(pairs) < PARALLEL_MIN_PAIRS or not can_fork_workers()):
        selection.merge(_judge_run(pairs))
        return selection
    global _FORKED_PAIRS
    size = -(-len(pairs) // (workers * CHUNKS_PER_WORKER))
    runs = [(start, min(start + size, len(pairs))) for start in range(0, len(pairs), size)]
    _FORKED_PAIRS = pairs  # the workers inherit it through fork (nothing is pickled to them)
    try:
        with mp.get_context("fork").Pool(processes=workers) as pool:
            for part in pool.imap(_judge_forked_run, runs):
                selection.merge(part)
    finally:
        _FORKED_PAIRS = ()
    return selection


_FORKED_PAIRS: Sequence[tuple[MarketView, MarketView, float]] = ()


def can_fork_workers() -> bool:
    """Whether this process may fork a pool: not on a platform without fork, and not inside a
    daemonic process (a Celery prefork child is one; multiprocessing refuses it children)."""
    return "fork" in mp.get_all_start_methods() and not mp.current_process().daemon


def _judge_forked_run(run: tuple[int, int]) -> Selection:
    return _judge_run(_FORKED_PAIRS[run[0]:run[1]])


def _judge_run(pairs: Iterable[tuple[MarketView, MarketView, float]]) -> Selection:
    selection = Selection()
    for a, b, sim in pairs:
        selection.add(a, b, sim, judge(a, b, similarity=sim))
    return selection


# A pair failing one of these is not worth a reviewer's time even as "related".
_NEVER = frozenset({"close time", "rules dates"})


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
    """Sports path, then structure-first families and embedding candidates, then the judges: the
    proposals and how many candidates were judged."""
    games, pairs = all_candidates(
        views_a=views_a, vecs_a=vecs_a, views_b=views_b, vecs_b=vecs_b, query_a=query_a,
        query_b=query_b, k=k, min_similarity=min_similarity, window_days=window_days,
        progress=progress,
    )
    selection = judge_selection(
        [(views_a[i], views_b[j], sim, verdict) for (i, j), (sim, verdict) in games.items()],
        [(views_a[i], views_b[j], sim) for (i, j), sim in pairs.items()],
    )
    return selection.proposals(), selection.judged


def all_candidates(
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
) -> tuple[dict[tuple[int, int], tuple[float, Verdict]], dict[tuple[int, int], float]]:
    """(game pairs already judged {(i, j): (similarity, verdict)}, other candidates {(i, j): similarity}).

    A game market (`families.game_markets`) is matched only through the sports path: a join on
    its game key, judged by the sports judge. Every other market goes through the family
    alignment (`structure.family_candidates`) and the embedding candidates, left for `judge`
    (the caller may judge them on fuller views than the ones searched).
    With `query_a`/`query_b` only pairs involving those indices are returned.
    """
    games_a, games_b = game_markets(views_a), game_markets(views_b)
    incremental = query_a is not None or query_b is not None
    qa, qb = set(query_a or ()), set(query_b or ())
    games = {
        (i, j): (float(vecs_a[i] @ vecs_b[j]), verdict)
        for i, j, verdict in game_pairs(views_a, games_a, views_b, games_b)
        if not incremental or i in qa or j in qb
    }
    rest_a = np.array([i for i in range(len(views_a)) if i not in games_a], dtype=np.int64)
    rest_b = np.array([j for j in range(len(views_b)) if j not in games_b], dtype=np.int64)
    pairs = _text_candidates(
        views_a=views_a, vecs_a=vecs_a, rest_a=rest_a, views_b=views_b, vecs_b=vecs_b, rest_b=rest_b,
        query_a=query_a, query_b=query_b, k=k, min_similarity=min_similarity,
        window_days=window_days, progress=progress,
    )
    return games, pairs


def _text_candidates(
    *, views_a: Sequence[MarketView], vecs_a: Vectors, rest_a: npt.NDArray[np.int64],
    views_b: Sequence[MarketView], vecs_b: Vectors, rest_b: npt.NDArray[np.int64],
    query_a: Sequence[int] | None, query_b: Sequence[int] | None, k: int, min_similarity: float,
    window_days: int, progress: Callable[[int, int], None] | None,
) -> dict[tuple[int, int], float]:
    """Embedding candidates and aligned-family member pairs among the non-game markets."""
    if not len(rest_a) or not len(rest_b):
        return {}
    days_a, cats_a, days_b, cats_b = block_keys(views_a, views_b)
    search = partial(find_candidates, k=k, min_similarity=min_similarity, window_days=window_days, progress=progress)
    if len(rest_a) == len(views_a) and len(rest_b) == len(views_b):
        # No game markets: search the catalog as it is (no copy of the vectors).
        pairs = search(views_a=views_a, vecs_a=vecs_a, views_b=views_b, vecs_b=vecs_b, query_a=query_a,
                       query_b=query_b, blocks=(days_a, cats_a, days_b, cats_b))
    else:
        pos_a = {int(i): n for n, i in enumerate(rest_a)}
        pos_b = {int(j): n for n, j in enumerate(rest_b)}
        found = search(
            views_a=[views_a[i] for i in rest_a], vecs_a=vecs_a[rest_a],
            views_b=[views_b[j] for j in rest_b], vecs_b=vecs_b[rest_b],
            query_a=None if query_a is None else [pos_a[i] for i in query_a if i in pos_a],
            query_b=None if query_b is None else [pos_b[j] for j in query_b if j in pos_b],
            blocks=(days_a[rest_a], cats_a[rest_a], days_b[rest_b], cats_b[rest_b]),
        )
        pairs = {(int(rest_a[i]), int(rest_b[j])): s for (i, j), s in found.items()}
    if query_a is None and query_b is None:
        rows_a, rows_b = rest_a.tolist(), rest_b.tolist()
    else:
        # Only a queried market in a family can gain family candidates: align its family against
        # the other side's markets closing within the family window of it.
        keys_a = {family_key(views_a[i]) for i in query_a or ()} - {""}
        keys_b = {family_key(views_b[j]) for j in query_b or ()} - {""}
        in_fam_a = [i for i in query_a or () if family_key(views_a[i])]
        in_fam_b = [j for j in query_b or () if family_key(views_b[j])]
        rows_a = _family_rows(views_a, rest_a, days_a, own_keys=keys_a, other_days=days_b[in_fam_b])
        rows_b = _family_rows(views_b, rest_b, days_b, own_keys=keys_b, other_days=days_a[in_fam_a])
    family = family_candidates(
        views_a=views_a, vecs_a=vecs_a, days_a=days_a, cats_a=cats_a, rows_a=rows_a,
        views_b=views_b, vecs_b=vecs_b, days_b=days_b, cats_b=cats_b, rows_b=rows_b,
        window_days=window_days,
    )
    if query_a is not None or query_b is not None:
        qa, qb = set(query_a or ()), set(query_b or ())
        family = {key: s for key, s in family.items() if key[0] in qa or key[1] in qb}
    for key, s in family.items():
        pairs.setdefault(key, s)
    return pairs


def _family_rows(
    views: Sequence[MarketView], rest: npt.NDArray[np.int64], days: Days, *, own_keys: set[str],
    other_days: Days,
) -> list[int]:
    """For an incremental run, the markets of one side whose families can align with a queried
    family member: every member of a queried market's own family, and every market closing
    within the family window of a queried family member of the other side."""
    rows: set[int] = set()
    if len(other_days):
        near = in_window(query_days=other_days, corpus_days=days[rest], window_days=FAMILY_WINDOW_DAYS)
        rows.update(rest[near].tolist())
    if own_keys:
        rows.update(int(i) for i in rest if family_key(views[i]) in own_keys)
    return sorted(rows)


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
