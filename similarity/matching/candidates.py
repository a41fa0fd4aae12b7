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


def category_codes(categories: Sequence[str]) -> Cats:
    """Small integer per coarse category (UNKNOWN = 0)."""
    return np.array([_CODES.get(coarse_category(c), UNKNOWN) for c in categories], dtype=np.int16)


@dataclass(frozen=True)
class _Pool:
    """Corpus indices of one category, sorted by close day (undated first)."""

    order: Ints
    days: Days
    undated: Ints

    @classmethod
    def of(cls, indices: Ints, days: Days) -> _Pool:
        order = indices[np.argsort(days[indices], kind="stable")]
        sorted_days = days[order]
        return cls(order, sorted_days, order[sorted_days == NO_DAY])

    def around(self, day: int, window_days: int) -> Ints:
        if day == NO_DAY:
            return self.order
        lo = int(np.searchsorted(self.days, day - window_days, side="left"))
        hi = int(np.searchsorted(self.days, day + window_days, side="right"))
        return np.concatenate([self.undated, self.order[lo:hi]])


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
    everything = _Pool.of(np.arange(len(corpus_vecs), dtype=np.int64), corpus_days)
    by_cat = {
        int(c): _Pool.of(np.flatnonzero(corpus_cats == c).astype(np.int64), corpus_days)
        for c in np.unique(corpus_cats)
    }
    groups: dict[tuple[int, int], list[int]] = {}
    for i, (d, c) in enumerate(zip(query_days.tolist(), query_cats.tolist(), strict=True)):
        groups.setdefault((int(d), int(c)), []).append(i)
    done, total = 0, len(query_vecs)
    for (day, cat), members in groups.items():
        if cat == UNKNOWN:
            cols = everything.around(day, window_days)
        else:
            pools = [p for p in (by_cat.get(cat), by_cat.get(UNKNOWN)) if p is not None]
            cols = np.concatenate([p.around(day, window_days) for p in pools]) if pools else np.zeros(0, np.int64)
        if len(cols):
            block_corpus = corpus_vecs[cols]
            for start in range(0, len(members), QUERY_CHUNK):
                rows = np.asarray(members[start:start + QUERY_CHUNK], dtype=np.int64)
                _block_top_k(rows, cols, query_vecs[rows] @ block_corpus.T, k, min_similarity, out)
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


def _block_top_k(
    rows: Ints, cols: Ints, sims: npt.NDArray[np.float32], k: int, min_similarity: float,
    out: dict[tuple[int, int], float],
) -> None:
    ri, ci = np.nonzero(sims >= min_similarity)
    if not len(ri):
        return
    s = sims[ri, ci]
    keep = _top_k_within(ri, s, k) | _top_k_within(ci, s, k)
    for r, c, v in zip(rows[ri[keep]].tolist(), cols[ci[keep]].tolist(), s[keep].tolist(), strict=True):
        out[(r, c)] = v
