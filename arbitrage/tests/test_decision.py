"""pair_decision: the book gate, then the engine (shared by the live scan and replays)."""

from datetime import UTC, datetime
from decimal import Decimal

import pytest

import pricing
from arbitrage.decision import pair_decision, pair_may_profit
from pricing import Fee, LegInput

D = Decimal
NOW = datetime(2026, 11, 29, tzinfo=UTC)


def leg(bids, asks, fee=None):
    return LegInput(
        venue="v", yes_bids=tuple((D(p), D(s)) for p, s in bids),
        yes_asks=tuple((D(p), D(s)) for p, s in asks), fee=fee or Fee(),
    )


def decide(a, b):
    return pair_decision(a, b, orientation="same", budget=D(100), now=NOW)


def tops(a, b):
    return {
        "best_bid_a": a.yes_bids[0][0] if a.yes_bids else None,
        "best_ask_a": a.yes_asks[0][0] if a.yes_asks else None,
        "best_bid_b": b.yes_bids[0][0] if b.yes_bids else None,
        "best_ask_b": b.yes_asks[0][0] if b.yes_asks else None,
    }


def test_a_crossing_pair_gets_the_engines_plans():
    a = leg([("0.30", "10")], [("0.40", "10")])
    b = leg([("0.55", "10")], [("0.60", "10")])
    found = decide(a, b)
    assert [p.direction for p in found] == ["yes_a_no_b"]
    assert found == pricing.plans(a, b, orientation="same", budget=D(100), now=NOW)
    assert pair_may_profit(**tops(a, b), orientation="same")


@pytest.mark.parametrize(("a_bids", "a_asks"), [
    ([], [("0.40", "10")]),  # one-sided
    ([("0.45", "10")], [("0.40", "10")]),  # crossed
])
def test_a_book_failing_the_gate_is_no_decision_even_with_an_edge(a_bids, a_asks):
    a = leg(a_bids, a_asks)
    b = leg([("0.55", "10")], [("0.60", "10")])
    assert decide(a, b) == []
    assert not pair_may_profit(**tops(a, b), orientation="same")


def test_no_edge_at_the_top_is_no_decision_and_may_profit_says_so():
    a = leg([("0.40", "10")], [("0.50", "10")])
    b = leg([("0.45", "10")], [("0.55", "10")])
    assert decide(a, b) == []
    assert not pair_may_profit(**tops(a, b), orientation="same")


def test_an_unpriceable_fee_is_refused_whatever_the_books():
    flat = Fee(kind="kalshi", fee_type="flat")
    a = leg([("0.40", "10")], [("0.50", "10")], fee=flat)
    b = leg([("0.45", "10")], [("0.55", "10")])
    with pytest.raises(pricing.EngineInputError):
        decide(a, b)
