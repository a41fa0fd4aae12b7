"""Candidate search: block by close date (and coarse category), then top-k by cosine similarity.

Vectors are L2-normalised float32 rows, so a matrix product gives cosines. Each block compares
the queries closing on one day with the corpus closing within `window_days` of it; the row-wise
top-k (best corpus items per query) and the column-wise top-k (best queries per corpus item) are
both kept, so a ladder of near-identical questions on either side does not crowd out the pair.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import numpy.typing as npt

NO_DAY = -1
QUERY_CHUNK = 2048

Vectors = npt.NDArray[np.float32]
Days = npt.NDArray[np.int64]

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


def coarse_category(category: str) -> str:
    return _COARSE.get(category.strip().lower(), "")


def category_codes(categories: Sequence[str]) -> npt.NDArray[np.int16]:
    """Small integer per coarse category (0 = unknown)."""
    names = sorted(set(_COARSE.values()))
    index = {n: i + 1 for i, n in enumerate(names)}
    return np.array([index.get(coarse_category(c), 0) for c in categories], dtype=np.int16)


def candidate_pairs(
    *,
    query_vecs: Vectors,
    query_days: Days,
    query_cats: npt.NDArray[np.int16],
    corpus_vecs: Vectors,
    corpus_days: Days,
    corpus_cats: npt.NDArray[np.int16],
    k: int = 20,
    min_similarity: float = 0.45,
    window_days: int = 7,
    progress: Callable[[int, int], None] | None = None,
) -> dict[tuple[int, int], float]:
    """{(query index, corpus index): cosine} for pairs among the top-k of either side in a block.

    Markets without a close day (NO_DAY) are compared with every market of the other side.
    """
    out: dict[tuple[int, int], float] = {}
    if len(query_vecs) == 0 or len(corpus_vecs) == 0:
        return out
    order = np.argsort(corpus_days, kind="stable")
    sorted_days = corpus_days[order]
    undated_corpus = order[sorted_days == NO_DAY]
    groups: dict[int, list[int]] = {}
    for i, d in enumerate(query_days.tolist()):
        groups.setdefault(int(d), []).append(i)
    done, total = 0, len(query_vecs)
    for day, members in groups.items():
        if day == NO_DAY:
            cols = order
        else:
            lo = int(np.searchsorted(sorted_days, day - window_days, side="left"))
            hi = int(np.searchsorted(sorted_days, day + window_days, side="right"))
            cols = np.concatenate([undated_corpus, order[lo:hi]]) if len(undated_corpus) else order[lo:hi]
        if len(cols):
            block_corpus = corpus_vecs[cols]
            for start in range(0, len(members), QUERY_CHUNK):
                rows = np.asarray(members[start:start + QUERY_CHUNK])
                _block_top_k(
                    rows, cols, query_vecs[rows] @ block_corpus.T, query_cats[rows],
                    corpus_cats[cols], k, min_similarity, out,
                )
        done += len(members)
        if progress is not None:
            progress(done, total)
    return out


def _block_top_k(
    rows: npt.NDArray[np.int64],
    cols: npt.NDArray[np.int64],
    sims: npt.NDArray[np.float32],
    row_cats: npt.NDArray[np.int16],
    col_cats: npt.NDArray[np.int16],
    k: int,
    min_similarity: float,
    out: dict[tuple[int, int], float],
) -> None:
    conflict = (row_cats[:, None] != col_cats[None, :]) & (row_cats[:, None] > 0) & (col_cats[None, :] > 0)
    sims[conflict] = -np.inf
    if min(sims.shape) <= k:
        keep = np.ones(sims.shape, dtype=bool)  # every entry is in its row's or column's top-k
    else:
        keep = np.zeros(sims.shape, dtype=bool)
        np.put_along_axis(keep, np.argpartition(-sims, k - 1, axis=1)[:, :k], True, axis=1)
        np.put_along_axis(keep, np.argpartition(-sims, k - 1, axis=0)[:k, :], True, axis=0)
    keep &= sims >= min_similarity
    ri, ci = np.nonzero(keep)
    for r, c, s in zip(rows[ri].tolist(), cols[ci].tolist(), sims[ri, ci].tolist(), strict=True):
        out[(r, c)] = s
