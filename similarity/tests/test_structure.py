"""Structure first (pure: no model, no database): names, Fed brackets, field pairs, published
precision, boundaries and sources, family alignment, the sports adapter and relations."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import numpy as np
import pytest

from similarity.evaluation import score
from similarity.matching import MarketView, Proposal, judge, match
from similarity.matching import families as families_mod
from similarity.matching.structure import fed_bracket, names_match
from similarity.matching.types import Verdict

CLOSE = datetime(2027, 4, 20, 17, tzinfo=UTC)


def kalshi_member(name: str, *, event: str = "KXFRPRES-27", title: str = "Who will win the 2027 French presidential election?", key: str = "", **kw) -> MarketView:
    return MarketView(
        key=key or f"{event}-{name}", side="a", title=title, outcome_label=name, no_outcome_label=name,
        event_title=kw.pop("event_title", title), close_time=kw.pop("close_time", CLOSE), event_key=event,
        extra={"event_mutually_exclusive": True}, **kw,
    )


def poly_member(name: str, question: str, *, group: str = "0xgroup", key: str = "", other: bool = False, **kw) -> MarketView:
    return MarketView(
        key=key or f"{group}-{name}", side="b", title=question, subtitle=name,
        event_title=kw.pop("event_title", "French Presidential Election 2027"),
        close_time=kw.pop("close_time", datetime(2027, 5, 1, tzinfo=UTC)), event_key="1", **kw,
        extra={"neg_risk_market_id": group, "group_item_title": name, "neg_risk_other": other},
    )


@pytest.mark.parametrize(
    ("x", "y", "same"),
    [
        ("Édouard Philippe", "Edouard Philippe", True),
        ("J.D. Vance", "JD Vance", True),
        ("Bruno Retailleau", "Retailleau", True),
        ("Los Angeles D", "Los Angeles Dodgers", True),
        ("Donald Trump", "Donald Trump Jr.", False),
        ("Houston", "Cavaliers", False),
    ],
)
def test_names_match_across_accents_initials_and_short_forms(x, y, same):
    assert names_match(x, y) is same


@pytest.mark.parametrize(
    ("label", "bp"),
    [
        ("Cut >25bps", (-10000, -50)), ("50+ bps decrease", (-10000, -50)), ("Cut 25bps", (-25, -25)),
        ("Hold 0bps", (0, 0)), ("Fed maintains rate", (0, 0)), ("No change", (0, 0)),
        ("Hike >25bps", (50, 10000)), ("25+ bps increase", (25, 10000)), ("Will it snow?", None),
    ],
)
def test_fed_brackets_in_basis_points_with_kalshi_rounding(label, bp):
    assert fed_bracket(label) == bp


def test_field_member_with_accents_is_identical_though_the_venues_close_weeks_apart():
    a = kalshi_member("Édouard Philippe", close_time=datetime(2027, 4, 1, tzinfo=UTC))
    b = poly_member("Edouard Philippe", "Will Edouard Philippe be elected President of France in 2027?")
    verdict = judge(a, b, similarity=0.6)
    assert (verdict.relation, verdict.orientation) == ("identical", "same"), verdict.findings


def test_other_candidate_of_the_same_field_is_different_and_the_other_leg_never_identical():
    a = kalshi_member("Marine Le Pen")
    assert judge(a, poly_member("Jordan Bardella", "Will Jordan Bardella be elected President of France in 2027?"), similarity=0.9).relation == "different"
    other = poly_member("Other", "Will another candidate be elected President of France in 2027?", other=True)
    assert judge(a, other, similarity=0.9).relation != "identical"


def test_same_name_in_a_different_stage_is_not_identical():
    a = kalshi_member("Gavin Newsom", event="KXPRESNOMD-28", title="Who will win the 2028 Democratic presidential nomination?")
    b = poly_member("Gavin Newsom", "Will Gavin Newsom win the 2028 US Presidential Election?", event_title="Presidential Election Winner 2028")
    assert judge(a, b, similarity=0.8).relation != "identical"


def test_fed_bracket_fields_match_by_basis_points_and_meeting():
    a = kalshi_member("Cut >25bps", event="KXFEDDECISION-26DEC", title="Will the Federal Reserve Cut rates by >25bps at their December 2026 meeting?", event_title="Fed decision in Dec 2026?")
    same = poly_member("50+ bps decrease", "Fed decreases interest rates by 50+ bps after December 2026 meeting?", event_title="Fed decision in December?")
    wider = poly_member("25+ bps decrease", "Fed decreases interest rates by 25+ bps after December 2026 meeting?", event_title="Fed decision in December?")
    other_meeting = poly_member("50+ bps decrease", "Fed decreases interest rates by 50+ bps after January 2027 meeting?", event_title="Fed decision in January 2027?")
    assert judge(a, same, similarity=0.7).relation == "identical"
    assert judge(a, wider, similarity=0.7).relation == "a_implies_b"
    assert judge(a, other_meeting, similarity=0.7).relation != "identical"


def _stat(title: str, label: str = "Yes", side: str = "a", rules: str = "") -> MarketView:
    return MarketView(key=side, side=side, title=title, outcome_label=label, rules_text=rules,
                      close_time=datetime(2026, 12, 10, tzinfo=UTC))


def test_a_statistic_printed_to_one_decimal_compares_on_its_grid():
    above_27 = _stat("Will CPI inflation be above 2.7% for the year ending in November 2026?")
    at_least_28 = _stat("Will CPI inflation be 2.8% or higher in November 2026?", side="b")
    at_least_27 = _stat("Will CPI inflation be 2.7% or higher in November 2026?", side="b")
    assert judge(above_27, at_least_28, similarity=0.8).relation == "identical"
    verdict = judge(above_27, at_least_27, similarity=0.8)
    assert verdict.relation == "a_implies_b"
    assert "numbers" in {f.guard for f in verdict.findings if f.level == "fail"}


def test_a_price_boundary_that_can_print_is_never_identical_nor_is_another_feed():
    kalshi = MarketView(key="a", side="a", title="Will Tesla (TSLA) close at or above $450 on Oct 30, 2026?", close_time=CLOSE)
    strict = MarketView(key="b", side="b", title="Tesla (TSLA) close above $450 on October 30, 2026?", close_time=CLOSE)
    assert judge(kalshi, strict, similarity=0.9).relation != "identical"
    brti = MarketView(key="a", side="a", title="Bitcoin above $110,000 on Oct 30, 2026 at 5pm EDT?", rules_text="CF Benchmarks BRTI 60-second average", close_time=CLOSE)
    binance = MarketView(key="b", side="b", title="Bitcoin above $110,000 on October 30, 5PM ET?", rules_text="Binance BTC/USDT 1-minute candle close", close_time=CLOSE)
    verdict = judge(brti, binance, similarity=0.9)
    assert verdict.relation == "related"
    assert "source" in {f.guard for f in verdict.findings if f.level == "fail"}


def test_questions_without_numbers_must_share_their_subject():
    shutdown = MarketView(key="a", side="a", title="Will the federal government shut down before 2027?", close_time=CLOSE)
    cut = MarketView(key="b", side="b", title="Will the Fed cut interest rates again in 2026?", close_time=CLOSE)
    assert judge(shutdown, cut, similarity=0.6).relation == "different"


def test_family_alignment_proposes_field_members_whose_texts_embed_apart():
    names = ["Marine Le Pen", "Jordan Bardella", "Edouard Philippe"]
    views_a = [kalshi_member(n, key=f"A{i}") for i, n in enumerate(names)]
    views_b = [poly_member(n, f"Will {n} be elected President of France in 2027?", key=f"B{i}") for i, n in enumerate(reversed(names))]
    # Member vectors far apart (below the candidate floor), family means alike.
    base = np.eye(8, dtype=np.float32)
    vecs_a = np.stack([(base[0] + base[1 + i]) / np.sqrt(2) for i in range(3)]).astype(np.float32)
    vecs_b = np.stack([(base[0] + base[4 + i]) / np.sqrt(2) for i in range(3)]).astype(np.float32)
    proposals, judged = match(views_a=views_a, vecs_a=vecs_a, views_b=views_b, vecs_b=vecs_b, min_similarity=0.9)
    assert judged == 9
    got = {(p.key_a, p.key_b) for p in proposals if p.verdict.relation == "identical"}
    assert got == {("A0", "B2"), ("A1", "B1"), ("A2", "B0")}


@dataclass(frozen=True)
class _Game:
    join_key: str


class _FakeSports:
    """Stands in for similarity.matching.sports (another branch): games keyed by title prefix."""

    calls: list[tuple[str, str]] = []

    @staticmethod
    def game_market(view: MarketView) -> _Game | None:
        return _Game(view.title.split(":")[0]) if view.title.startswith("GAME") else None

    @classmethod
    def judge_game(cls, a: MarketView, ga: _Game, b: MarketView, gb: _Game) -> Verdict:
        cls.calls.append((a.key, b.key))
        return Verdict("identical", "inverted" if a.outcome_label != b.outcome_label else "same", 0.9)


def test_game_markets_take_only_the_sports_path(monkeypatch):
    monkeypatch.setattr(families_mod, "sports", _FakeSports)
    _FakeSports.calls = []
    views_a = [
        MarketView(key="KA1", side="a", title="GAME1: Lakers at Celtics Winner?", outcome_label="Los Angeles L"),
        MarketView(key="KA2", side="a", title="GAME1: Lakers at Celtics Winner?", outcome_label="Boston"),
        MarketView(key="KA3", side="a", title="Will it snow in Boston on Dec 1?"),
    ]
    views_b = [
        MarketView(key="PB1", side="b", title="GAME1: Lakers vs. Celtics", outcome_label="Los Angeles L"),
        MarketView(key="PB2", side="b", title="GAME2: Knicks vs. Heat", outcome_label="Knicks"),
        MarketView(key="PB3", side="b", title="Will it snow in Boston on Dec 1?"),
    ]
    vecs = np.ones((3, 4), dtype=np.float32) / 2  # every pair looks identical to the embeddings
    proposals, judged = match(views_a=views_a, vecs_a=vecs, views_b=views_b, vecs_b=vecs)
    # One game market to two team markets: two pairs, each oriented by its outcome.
    assert sorted(_FakeSports.calls) == [("KA1", "PB1"), ("KA2", "PB1")]
    got = {(p.key_a, p.key_b): p.verdict.orientation for p in proposals}
    assert got[("KA1", "PB1")] == "same"
    assert got[("KA2", "PB1")] == "inverted"
    # Game markets never meet non-game markets through the text path.
    assert not {k for k in got if (k[0] in {"KA1", "KA2"}) != (k[1] in {"PB1", "PB2"})}
    assert judged == 3  # two game pairs and the snow pair


def test_a_real_game_market_is_claimed_by_the_sports_path():
    # The real sports module (reference data loaded): a Polymarket moneyline is a game market,
    # a plain question is not.
    game = MarketView(key="PB1", side="b", title="Lakers vs. Celtics", outcome_label="Lakers",
                      no_outcome_label="Celtics", series="nba",
                      extra={"sports_market_type": "moneyline",
                             "game_start_time": "2026-10-28 23:30:00+00"})
    plain = MarketView(key="PB2", side="b", title="Will it snow in Boston on Dec 1?")
    assert set(families_mod.game_markets([game, plain])) == {0}


def _proposal(a: str, b: str, relation: str, orientation: str = "same") -> Proposal:
    return Proposal(a, b, 0.9, Verdict(relation, orientation, 0.5))


def test_score_counts_identical_proposals_against_identical_rows_only():
    truth = [
        {"kalshi_ticker": "K1", "polymarket_condition_id": "0xA", "relation": "identical", "orientation": "same", "family": "fed"},
        {"kalshi_ticker": "K2", "polymarket_condition_id": "0xb", "relation": "identical", "orientation": "inverted", "family": "fed"},
        {"kalshi_ticker": "K3", "polymarket_condition_id": "0xc", "relation": "identical", "orientation": "same", "family": "dates"},
        {"kalshi_ticker": "K1", "polymarket_condition_id": "0xd", "relation": "different", "orientation": "same", "family": "fed"},
    ]
    proposals = [
        _proposal("K1", "0xa", "identical"),  # found
        _proposal("K2", "0xb", "identical", "same"),  # found, wrong orientation
        _proposal("K3", "0xc", "a_implies_b"),  # proposed, but not as identical: a miss
        _proposal("K1", "0xd", "identical"),  # identical on a hard negative: false positive
    ]
    summary, fp, fn, wrong = score(proposals=proposals, truth=truth)
    assert summary["precision"] == pytest.approx(2 / 3)
    assert summary["recall"] == pytest.approx(2 / 3)
    assert summary["orientation_accuracy"] == pytest.approx(1 / 2)
    assert fp == [("K1", "0xd")]
    assert fn == [("K3", "0xc")]
    assert wrong == [("K2", "0xb")]
    assert summary["families"]["fed"] == {"true_pairs": 2, "found": 2, "recall": 1.0, "false_positives": 1}
    assert summary["families"]["dates"]["recall"] == 0.0
    assert summary["counts"]["false_positives_on_hard_negatives"] == 1


@pytest.mark.parametrize(
    ("label", "bp"),
    [
        ("Down 25 bp", (-25, -25)), ("-25 bps", (-25, -25)), ("Increase 0.25%", (25, 25)), ("Up 0.3%", None),
        ("Decrease of 50 bps or more", (-10000, -50)), ("Rates unchanged", (0, 0)), ("+50bps", (50, 50)),
    ],
)
def test_fed_brackets_in_other_wordings(label, bp):
    assert fed_bracket(label) == bp
