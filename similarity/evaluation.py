"""Evaluate the matcher on raw venue payloads against a labelled truth file (no database).

The real pipeline runs end to end: the venue parsers, the embedding model, the sports and
structure joins, candidate search and the clause judges. Truth rows whose relation is
`identical` are the pairs to find; the other rows (different, implications, related) are hard
negatives. Precision and recall count only proposals whose relation is `identical`: an identical
proposal on a hard negative, or on a pair the truth never names, is a false positive.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from platforms.base import MarketData
from platforms.kalshi.parse import parse_market
from platforms.polymarket.parse import parse_gamma_market
from similarity.embeddings import embed_texts
from similarity.matching import MarketView, Proposal, match

IDENTICAL = "identical"
NO_FAMILY = "(none)"


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
    families: dict[str, dict[str, float | int]]
    proposals: list[dict[str, str]]
    false_positives: list[dict[str, Any]]
    false_negatives: list[dict[str, Any]]
    wrong_orientation: list[dict[str, Any]]

    def to_json(self) -> dict[str, Any]:
        return {
            "precision": round(self.precision, 4), "recall": round(self.recall, 4),
            "f1": round(self.f1, 4), "orientation_accuracy": round(self.orientation_accuracy, 4),
            "counts": self.counts, "families": self.families, "proposals": self.proposals,
            "false_positives": self.false_positives, "false_negatives": self.false_negatives,
            "wrong_orientation": self.wrong_orientation,
        }


def _ratio(num: int, den: int) -> float:
    return num / den if den else 0.0


def score(
    *, proposals: Sequence[Proposal], truth: Sequence[dict[str, str]]
) -> tuple[dict[str, Any], list[tuple[str, str]], list[tuple[str, str]], list[tuple[str, str]]]:
    """Figures of `proposals` against `truth`: (summary, false positives, false negatives,
    wrongly oriented true positives). Only identical proposals and identical rows count."""
    rows = {(t["kalshi_ticker"], t["polymarket_condition_id"].lower()): t for t in truth}
    expected = {key: t for key, t in rows.items() if t.get("relation", IDENTICAL) == IDENTICAL}
    got = {(p.key_a, p.key_b.lower()): p for p in proposals if p.verdict.relation == IDENTICAL}
    tp = [key for key in got if key in expected]
    fp = [key for key in got if key not in expected]
    fn = [key for key in expected if key not in got]
    oriented = [key for key in tp if got[key].verdict.orientation == expected[key]["orientation"]]
    precision, recall = _ratio(len(tp), len(got)), _ratio(len(tp), len(expected))
    fam_total = Counter(t.get("family") or NO_FAMILY for t in expected.values())
    fam_found = Counter(expected[key].get("family") or NO_FAMILY for key in tp)
    fam_fp = Counter((rows[key].get("family") or NO_FAMILY) if key in rows else NO_FAMILY for key in fp)
    families: dict[str, dict[str, float | int]] = {
        fam: {
            "true_pairs": fam_total[fam], "found": fam_found[fam], "recall": round(_ratio(fam_found[fam], fam_total[fam]), 4),
            "false_positives": fam_fp[fam],
        }
        for fam in sorted(set(fam_total) | set(fam_fp))
    }
    summary = {
        "precision": precision, "recall": recall,
        "f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
        "orientation_accuracy": _ratio(len(oriented), len(tp)), "families": families,
        "counts": {
            "proposed": len(proposals), "proposed_identical": len(got), "true_pairs": len(expected),
            "hard_negatives": len(rows) - len(expected), "true_positives": len(tp),
            "false_positives": len(fp),
            "false_positives_on_hard_negatives": sum(1 for key in fp if key in rows),
            "false_negatives": len(fn), "orientation_correct": len(oriented),
        },
    }
    return summary, fp, fn, [key for key in tp if key not in oriented]


def evaluate(
    *, kalshi_body: dict[str, Any], polymarket_body: list[dict[str, Any]], truth: Sequence[dict[str, str]]
) -> Evaluation:
    """Run the pipeline on the two catalogs and score its proposals against `truth`."""
    views_a = [view_from_data(m, side="a") for m in parse_kalshi(kalshi_body)]
    views_b = [view_from_data(m, side="b") for m in parse_polymarket(polymarket_body)]
    vecs_a = embed_texts([v.embedding_text() for v in views_a])
    vecs_b = embed_texts([v.embedding_text() for v in views_b])
    proposals, judged = match(views_a=views_a, vecs_a=vecs_a, views_b=views_b, vecs_b=vecs_b)
    summary, fp, fn, wrong = score(proposals=proposals, truth=truth)
    got = {(p.key_a, p.key_b.lower()): p for p in proposals}
    by_key = {v.key.lower() if v.side == "b" else v.key: v for v in (*views_a, *views_b)}
    notes = {(t["kalshi_ticker"], t["polymarket_condition_id"].lower()): t for t in truth}

    def describe(key: tuple[str, str]) -> dict[str, Any]:
        a, b = by_key.get(key[0]), by_key.get(key[1])
        row: dict[str, Any] = {
            "kalshi_ticker": key[0], "polymarket_condition_id": key[1],
            "a": a.embedding_text() if a else None, "b": b.embedding_text() if b else None,
        }
        if key in notes:
            row["truth"] = {k: notes[key].get(k) for k in ("relation", "orientation", "family", "note")}
        if key in got:
            row["relation"] = got[key].verdict.relation
            row["similarity"] = got[key].similarity
            row["findings"] = got[key].verdict.findings_json()
        return row

    counts = {"kalshi_markets": len(views_a), "polymarket_markets": len(views_b), "candidates_judged": judged, **summary["counts"]}
    return Evaluation(
        counts=counts, precision=summary["precision"], recall=summary["recall"], f1=summary["f1"],
        orientation_accuracy=summary["orientation_accuracy"], families=summary["families"],
        proposals=[
            {"kalshi_ticker": p.key_a, "polymarket_condition_id": p.key_b, "relation": p.verdict.relation,
             "orientation": p.verdict.orientation}
            for p in proposals
        ],
        false_positives=[describe(key) for key in fp],
        false_negatives=[describe(key) for key in fn],
        wrong_orientation=[describe(key) for key in wrong],
    )
