"""The evaluation command on the labelled set meets the goals (precision, recall, orientation)."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

DATA = Path(__file__).resolve().parent.parent / "data"


@pytest.mark.slow
def test_labelled_set_meets_the_matching_goals(embedding_model):
    out = StringIO()
    call_command(
        "evaluate_matching", "--kalshi", str(DATA / "K.json"), "--polymarket", str(DATA / "P.json"),
        "--truth", str(DATA / "T.json"), "--json", stdout=out,
    )
    result = json.loads(out.getvalue())
    counts = result["counts"]
    assert counts["true_pairs"] >= 100
    assert counts["kalshi_markets"] > 100
    assert counts["polymarket_markets"] > 150
    assert result["precision"] >= 0.97, result["false_positives"][:5]
    # This older generated set labels as true pairs what issue 16 says are not the same contract
    # ("$95,000 or above" against "above $95,000", where exactly $95,000.00 can print): those
    # are now proposed as implications, so its recall is lower by design (0.733 when changed).
    assert result["recall"] >= 0.70, result["false_negatives"][:5]
    assert result["orientation_accuracy"] == 1.0, result["wrong_orientation"][:5]


def test_labelled_set_is_large_and_covers_every_family():
    candidates = json.loads((DATA / "candidates.json").read_text())
    truth = json.loads((DATA / "T.json").read_text())
    families = {c["family"] for c in candidates}
    assert len(candidates) >= 200
    assert len(truth) >= 100
    assert {c["orientation"] for c in candidates if c["label"] == "true"} == {"same", "inverted"}
    for needle in ("threshold", "bucket", "station", "settlement time", "different deadline", "points vs rebounds",
                   "nomination vs election", "team outcome", "negated", "different candidate"):
        assert any(needle in f for f in families), needle


CONVENTIONS_TUNE = DATA / "conventions_tune"


@pytest.mark.slow
def test_conventions_tune_set_lists_proposals_and_recall_per_family(embedding_model):
    """The tuning set (never the holdout): every proposal is listed with its relation, only
    identical ones are scored, recall is reported per family (figures when this was written:
    precision 0.96, non-sports families 0.74-1.00; the sports families wait for the sports path)."""
    args = ["evaluate_matching", "--kalshi", str(CONVENTIONS_TUNE / "kalshi.json"),
            "--polymarket", str(CONVENTIONS_TUNE / "polymarket.json"), "--truth", str(CONVENTIONS_TUNE / "truth.json")]
    out = StringIO()
    call_command(*args, "--json", stdout=out)
    result = json.loads(out.getvalue())
    proposals = result["proposals"]
    assert proposals
    assert set(proposals[0]) == {"kalshi_ticker", "polymarket_condition_id", "relation", "orientation"}
    relations = {p["relation"] for p in proposals}
    assert "identical" in relations
    assert relations - {"identical"}, "near misses are proposed with their relation"
    assert "different" not in relations
    assert result["counts"]["proposed_identical"] == sum(p["relation"] == "identical" for p in proposals)
    assert result["precision"] >= 0.9, result["false_positives"][:5]
    assert result["orientation_accuracy"] == 1.0, result["wrong_orientation"][:5]
    families = result["families"]
    for family in ("candidates", "fed", "discrete_stat", "price_threshold", "dates"):
        assert families[family]["recall"] >= 0.85, (family, families[family])

    human = StringIO()
    call_command(*args, stdout=human)
    text = human.getvalue()
    assert "(identical proposals only)" in text
    assert all(f"\n{family}" in text for family in families)
