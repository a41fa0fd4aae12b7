"""Candidate search: block by close date and coarse category, then top-k by cosine similarity.

Vectors are L2-normalised float32 rows, so a matrix product gives cosines. Each block compares
the queries of one (close day, category) with the corpus markets of that category (or of unknown
category) closing within `window_days`. Of the pairs above `min_similarity`, the row-wise top-k
(best corpus items per query) and the column-wise top-k (best queries per corpus item) are both
kept, so a ladder of near-identical questions on either side does not crowd out the true pair.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

NO_DAY = -1
UNKNOWN = 0
QUERY_CHUNK = 2048

Vectors = npt.NDArray[np.float32]
Days = npt.NDArray[np.int64]
Ints = npt.NDArray[np.int64]
Cats = npt.NDArray[np.int16]

# Venue category names folded to a few coarse groups; "" (unknown) never blocks.
_COARSE = {
    "politics": "politics", "elections": "politics", "world": "politics", "geopolitics": "politics",
    "economics": "economy", "economy": "economy", "financials": "economy", "finance": "economy",
    "companies": "economy", "business": "economy", "fed": "economy",
    "crypto": "crypto", "cryptocurrency": "crypto",
    "climate and weather": "weather", "weather": "weather", "climate": "weather",
    "sports": "sports", "entertainment": "culture", "culture": "culture", "pop culture": "culture",
    "science and technology": "science", "tech": "science", "science": "science",
}
_CODES = {name: i + 1 for i, name in enumerate(sorted(set(_COARSE.values())))}


def coarse_category(category: str) -> str:
    return _COARSE.get(category.strip().lower(), "")


def coarse_groups() -> dict[str, str]:
    """{venue category name, lower case: its coarse group}; any other name is unknown."""
    return dict(_COARSE)


def category_codes(categories: Sequence[str]) -> Cats:
    """Small integer per coarse category (UNKNOWN = 0)."""
    return np.array([_CODES.get(coarse_category(c), UNKNOWN) for c in categories], dtype=np.int16)


@dataclass(frozen=True)
class _Pool:
    """Corpus markets of one category sorted by close day (undated first), with their vectors
    copied once in that order so every block is a contiguous slice (no per-block gather)."""

    order: Ints
    days: Days
    vecs: Vectors
    n_undated: int

    @classmethod
    def of(cls, indices: Ints, days: Days, vecs: Vectors) -> _Pool:
        order = indices[np.argsort(days[indices], kind="stable")]
        sorted_days = days[order]
        return cls(order, sorted_days, vecs[order], int((sorted_days == NO_DAY).sum()))

    def slices(self, day: int, window_days: int) -> list[tuple[int, int]]:
        """[start, end) ranges of the pool a query closing on `day` is compared with."""
        if day == NO_DAY:
            return [(0, len(self.order))]
        lo = int(np.searchsorted(self.days, day - window_days, side="left"))
        hi = int(np.searchsorted(self.days, day + window_days, side="right"))
        return [r for r in ((0, self.n_undated), (max(lo, self.n_undated), hi)) if r[1] > r[0]]


def candidate_pairs(
    *,
    query_vecs: Vectors,
    query_days: Days,
    query_cats: Cats,
    corpus_vecs: Vectors,
    corpus_days: Days,
    corpus_cats: Cats,
    k: int = 20,
    min_similarity: float = 0.45,
    window_days: int = 7,
    progress: Callable[[int, int], None] | None = None,
) -> dict[tuple[int, int], float]:
    """{(query index, corpus index): cosine} for pairs in the top-k of either side in a block.

    Markets without a close day (NO_DAY) are compared with every market of their category.
    """
    out: dict[tuple[int, int], float] = {}
    if len(query_vecs) == 0 or len(corpus_vecs) == 0:
        return out
    groups: dict[tuple[int, int], list[int]] = {}
    for i, (d, c) in enumerate(zip(query_days.tolist(), query_cats.tolist(), strict=True)):
        groups.setdefault((int(d), int(c)), []).append(i)
    by_cat = {
        int(c): _Pool.of(np.flatnonzero(corpus_cats == c).astype(np.int64), corpus_days, corpus_vecs)
        for c in np.unique(corpus_cats)
    }
    if any(c == UNKNOWN for _, c in groups):
        # Queries of unknown category compare with every category: one pool of everything.
        everything = _Pool.of(np.arange(len(corpus_vecs), dtype=np.int64), corpus_days, corpus_vecs)
    done, total = 0, len(query_vecs)
    for (day, cat), members in groups.items():
        pools = [everything] if cat == UNKNOWN else [p for p in (by_cat.get(cat), by_cat.get(UNKNOWN)) if p]
        blocks = [(pool, lo, hi) for pool in pools for lo, hi in pool.slices(day, window_days)]
        for start in range(0, len(members), QUERY_CHUNK):
            rows = np.asarray(members[start:start + QUERY_CHUNK], dtype=np.int64)
            q = query_vecs[rows]
            hits_r, hits_c, hits_s = [], [], []
            for pool, lo, hi in blocks:
                sims = q @ pool.vecs[lo:hi].T
                ri, ci = np.nonzero(sims >= min_similarity)
                hits_r.append(ri)
                hits_c.append(pool.order[lo + ci])
                hits_s.append(sims[ri, ci])
            if hits_r:
                _keep_top_k(rows, np.concatenate(hits_r), np.concatenate(hits_c), np.concatenate(hits_s), k, out)
        done += len(members)
        if progress is not None:
            progress(done, total)
    return out


def _top_k_within(group: Ints, sims: npt.NDArray[np.float32], k: int) -> npt.NDArray[np.bool_]:
    """For entries labelled by `group`, mark the k most similar of each group."""
    order = np.lexsort((-sims, group))
    g = group[order]
    starts = np.flatnonzero(np.r_[True, g[1:] != g[:-1]])
    rank = np.arange(len(g)) - np.repeat(starts, np.diff(np.r_[starts, len(g)]))
    keep = np.zeros(len(g), dtype=bool)
    keep[order[rank < k]] = True
    return keep


def _keep_top_k(
    rows: Ints, ri: Ints, corpus_idx: Ints, s: npt.NDArray[np.float32], k: int,
    out: dict[tuple[int, int], float],
) -> None:
    """Keep the pairs in the top-k of their query or of their corpus item (within this block)."""
    if not len(ri):
        return
    keep = _top_k_within(ri, s, k) | _top_k_within(corpus_idx, s, k)
    for r, c, v in zip(rows[ri[keep]].tolist(), corpus_idx[keep].tolist(), s[keep].tolist(), strict=True):
        out[(r, c)] = v
