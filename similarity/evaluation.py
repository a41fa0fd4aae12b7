"""Evaluate the matcher on raw venue payloads against a labelled truth file (no database).

The real pipeline runs end to end: the venue parsers, the embedding model, blocking, top-k and
the guards. Precision counts every proposed pair not named in the truth file as false.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from platforms.base import MarketData
from platforms.kalshi.parse import parse_market
from platforms.polymarket.parse import parse_gamma_market
from similarity.embeddings import embed_texts
from similarity.matching import MarketView, Proposal, match


def view_from_data(data: MarketData, *, side: str) -> MarketView:
    """The matcher's view of a parsed venue market, keyed by its venue id."""
    return MarketView(
        key=data.external_id, side=side, title=data.title, outcome_label=data.outcome_label,
        no_outcome_label=data.no_outcome_label, event_title=data.event_title,
        subtitle=data.subtitle, rules_text=data.rules_text,
        resolution_source=data.resolution_source, category=data.category,
        close_time=data.close_time, event_key=data.event_external_id, series=data.series,
        extra=data.extra,
    )


def parse_kalshi(body: dict[str, Any]) -> list[MarketData]:
    """Markets of a `{"markets": [...]}` body; with `"series"` and `"events"` lists beside them
    (as the catalog sync fetches them) each market is parsed with its series and event."""
    series = {s.get("ticker"): s for s in body.get("series", []) if isinstance(s, dict)}
    events = {e.get("event_ticker"): e for e in body.get("events", []) if isinstance(e, dict)}
    out = []
    for raw in body.get("markets", []):
        event = events.get(raw.get("event_ticker")) if isinstance(raw, dict) else None
        serie = series.get(event.get("series_ticker")) if event else None
        if (m := parse_market(raw, series=serie, event=event)) is not None:
            out.append(m)
    return out


def parse_polymarket(body: list[dict[str, Any]]) -> list[MarketData]:
    return [m for raw in body if (m := parse_gamma_market(raw)) is not None]


@dataclass(frozen=True)
class Evaluation:
    counts: dict[str, int]
    precision: float
    recall: float
    f1: float
    orientation_accuracy: float
    false_positives: list[dict[str, Any]]
    false_negatives: list[dict[str, Any]]
    wrong_orientation: list[dict[str, Any]]

    def to_json(self) -> dict[str, Any]:
        return {
            "precision": round(self.precision, 4), "recall": round(self.recall, 4),
            "f1": round(self.f1, 4), "orientation_accuracy": round(self.orientation_accuracy, 4),
            "counts": self.counts, "false_positives": self.false_positives,
            "false_negatives": self.false_negatives, "wrong_orientation": self.wrong_orientation,
        }


def evaluate(
    *, kalshi_body: dict[str, Any], polymarket_body: list[dict[str, Any]], truth: Sequence[dict[str, str]]
) -> Evaluation:
    """Run the pipeline on the two catalogs and score its proposals against `truth`."""
    views_a = [view_from_data(m, side="a") for m in parse_kalshi(kalshi_body)]
    views_b = [view_from_data(m, side="b") for m in parse_polymarket(polymarket_body)]
    vecs_a = embed_texts([v.embedding_text() for v in views_a])
    vecs_b = embed_texts([v.embedding_text() for v in views_b])
    proposals, judged = match(views_a=views_a, vecs_a=vecs_a, views_b=views_b, vecs_b=vecs_b)
    expected = {(t["kalshi_ticker"], t["polymarket_condition_id"].lower()): t for t in truth}
    got: dict[tuple[str, str], Proposal] = {(p.key_a, p.key_b): p for p in proposals}
    by_key = {v.key: v for v in (*views_a, *views_b)}
    tp = [key for key in got if key in expected]
    fp = [key for key in got if key not in expected]
    fn = [key for key in expected if key not in got]
    oriented = [key for key in tp if got[key].verdict.orientation == expected[key]["orientation"]]
    precision = len(tp) / len(got) if got else 0.0
    recall = len(tp) / len(expected) if expected else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0

    def describe(key: tuple[str, str]) -> dict[str, Any]:
        a, b = by_key.get(key[0]), by_key.get(key[1])
        row: dict[str, Any] = {
            "kalshi_ticker": key[0], "polymarket_condition_id": key[1],
            "a": a.embedding_text() if a else None, "b": b.embedding_text() if b else None,
        }
        if key in got:
            row["similarity"] = got[key].similarity
            row["findings"] = got[key].verdict.findings_json()
        return row

    return Evaluation(
        counts={
            "kalshi_markets": len(views_a), "polymarket_markets": len(views_b),
            "candidates_judged": judged, "proposed": len(got), "true_pairs": len(expected),
            "true_positives": len(tp), "false_positives": len(fp), "false_negatives": len(fn),
            "orientation_correct": len(oriented),
        },
        precision=precision, recall=recall, f1=f1,
        orientation_accuracy=len(oriented) / len(tp) if tp else 0.0,
        false_positives=[describe(key) for key in fp],
        false_negatives=[describe(key) for key in fn],
        wrong_orientation=[describe(key) for key in tp if key not in oriented],
    )
