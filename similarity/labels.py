"""Settled pairs as labelled matching examples: rows shaped like conventions_*/truth.json plus
both markets' raw venue objects (what each venue said when it settled).

A divergence is settlement's verdict that the approved relation was wrong: it becomes a
`different` row (one settlement cannot tell a wrong orientation from a different contract; the
note says what was approved and how both settled). An agreement confirms the approval and keeps
its relation and orientation (one settled outcome is evidence, not proof).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from similarity.models import MarketPair

FAMILY = "settlement"


def settled_pair_label(pair: MarketPair) -> dict[str, str]:
    """One truth row: {kalshi_ticker, polymarket_condition_id, relation, orientation, family,
    note} for a pair with a settlement verdict (market_a is the Kalshi side)."""
    a, b = pair.market_a, pair.market_b
    approved = f"{pair.get_relation_display()}, {pair.get_orientation_display()}"
    if pair.resolution == MarketPair.Resolution.DIVERGED:
        relation = MarketPair.Relation.DIFFERENT.value
        note = (f"Approved as {approved}, but the markets settled differently: "
                f"{pair.resolution_detail}.")
    else:
        relation = pair.relation
        note = f"Approved as {approved}; settlement {pair.resolution}: {pair.resolution_detail}."
    settled = (f" Settled {a.platform.slug} {a.settled_at:%Y-%m-%d} / {b.platform.slug} "
               f"{b.settled_at:%Y-%m-%d}." if a.settled_at and b.settled_at else "")
    return {
        "kalshi_ticker": a.external_id, "polymarket_condition_id": b.external_id,
        "relation": relation, "orientation": pair.orientation, "family": FAMILY,
        "note": note + settled,
    }


def settled_pairs_export(pairs: Iterable[MarketPair]) -> dict[str, Any]:
    """{"truth": rows, "kalshi": {"series": [], "events": [], "markets": [raw...]},
    "polymarket": [raw...]}: the files evaluate_matching reads (--truth, --kalshi, --polymarket),
    each market's raw object as its venue sent it at settlement, once per market."""
    truth: list[dict[str, str]] = []
    side_a: dict[int, Any] = {}
    side_b: dict[int, Any] = {}
    for pair in pairs:
        truth.append(settled_pair_label(pair))
        side_a.setdefault(pair.market_a_id, pair.market_a.result_raw)
        side_b.setdefault(pair.market_b_id, pair.market_b.result_raw)
    return {
        "truth": truth,
        "kalshi": {"series": [], "events": [], "markets": list(side_a.values())},
        "polymarket": list(side_b.values()),
    }
