"""The guards on hand-written pairs, one failure family at a time (pure: no model, no database)."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
import pytest

from similarity.matching import MarketView, judge, match
from similarity.matching.candidates import candidate_pairs, category_codes
from similarity.matching.extract import extract_dates, extract_thresholds

CLOSE = datetime(2026, 12, 31, 17, tzinfo=UTC)


def a(title: str, **kw) -> MarketView:
    return MarketView(key=kw.pop("key", "A"), side="a", title=title, close_time=kw.pop("close_time", CLOSE), **kw)


def b(title: str, **kw) -> MarketView:
    return MarketView(key=kw.pop("key", "B"), side="b", title=title, close_time=kw.pop("close_time", CLOSE), **kw)


def failed(verdict) -> set[str]:
    return {f.guard for f in verdict.findings if f.level == "fail"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Will Bitcoin be above $150k on Dec 31?", ["above 150,000 usd"]),
        ("Fed cut of 25bps?", ["exactly 0.25 pct"]),
        ("LeBron James: 25+ points", ["at least 25 point"]),
        ("CPI between 2.9% and 3.1%", ["between 2.9 and 3.1 pct"]),
        ("Will Ethereum dip to $2,250 by December 31, 2026?", ["at most 2,250 usd"]),
        ("Zootopia 2 opening weekend above $100M?", ["above 100,000,000 usd"]),
        ("Philadelphia 76ers win the 99th game?", []),
    ],
)
def test_thresholds_read_comparator_and_unit(text, expected):
    assert [t.describe() for t in extract_thresholds(text)] == expected


def test_before_a_day_is_by_the_day_before():
    (d,) = extract_dates("Will it happen before Jan 31, 2027?", default_year=2026)
    assert (d.kind, d.day.isoformat()) == ("deadline", "2027-01-30")
    (y,) = extract_dates("Will he leave before 2027?", default_year=2026)
    assert (y.kind, y.day.isoformat()) == ("deadline", "2026-12-31")


def test_rephrased_threshold_is_identical():
    v = judge(
        a("Will the high temp in NYC be >45° on Dec 15, 2026?", outcome_label="46° or above"),
        b("Will the highest temperature in New York City be 46°F or higher on December 15?"),
        similarity=0.8,
    )
    assert v.proposable
    assert v.relation == "identical"
    assert v.orientation == "same"
    assert {f.level for f in v.findings} <= {"pass", "warn"}


def test_different_threshold_fails_with_implication():
    v = judge(a("Bitcoin above $100,000 on Dec 31, 2026?"), b("Bitcoin above $120,000 on December 31?"), similarity=0.9)
    assert not v.proposable
    assert "numbers" in failed(v)
    assert v.relation == "b_implies_a"


def test_comparators_that_differ_at_a_printable_boundary_are_never_identical():
    v = judge(a("Will LeBron James score above 25 points?"), b("Will LeBron James score at least 25 points?"), similarity=0.9)
    assert "numbers" in failed(v)
    # A price settles to the cent: exactly $100,000.00 pays one side only (issue 16).
    v = judge(a("Bitcoin price on Dec 31, 2026?", outcome_label="$100,000 or above"), b("Bitcoin above $100,000 on December 31?"), similarity=0.9)
    assert not v.proposable
    assert v.relation == "b_implies_a"


def test_bucket_against_cumulative_fails():
    v = judge(a("Highest temperature in NYC on Dec 15?", outcome_label="46° to 47°"),
              b("Will the highest temperature in NYC be 46°F or higher on December 15?"), similarity=0.9)
    assert "bucket" in failed(v)
    assert v.relation == "different"


def test_by_against_on_fails():
    v = judge(a("Will Bitcoin be above $100,000 on Dec 31, 2026?"), b("Will Bitcoin reach $100,000 by December 31, 2026?"), similarity=0.9)
    assert "dates" in failed(v) or "numbers" in failed(v)
    assert not v.proposable


def test_different_station_fails():
    v = judge(
        a("Will the high temp in NYC be >45° on Dec 15, 2026?", outcome_label="46° or above", rules_text="Recorded at Central Park (KNYC)."),
        b("Will the highest temperature in NYC be 46°F or higher on December 15?", rules_text="Recorded at the LaGuardia Airport Station (KLGA)."),
        similarity=0.9,
    )
    assert "stations" in failed(v)


def test_different_settlement_time_fails():
    v = judge(
        a("Bitcoin price on Dec 31, 2026 at 5pm EST?", outcome_label="$100,000 or above"),
        b("Bitcoin above $100,000 on December 31?", rules_text="Binance BTCUSDT 12:00 in the ET timezone (noon) candle close."),
        similarity=0.9,
    )
    assert "settlement" in failed(v)


def test_substituted_person_fails_but_elaboration_warns():
    v = judge(a("Will JD Vance win the 2028 presidential election?"), b("Will Gavin Newsom win the 2028 US Presidential Election?"), similarity=0.9)
    assert "entities" in failed(v)
    assert v.relation == "different"
    v = judge(a("Will the US government shut down before Jan 31, 2027?"),
              b("Will Congress let the government shut down by January 30, 2027?"), similarity=0.9)
    assert v.proposable
    assert any(f.guard == "entities" and f.level == "warn" for f in v.findings)


@pytest.mark.parametrize(
    ("qa", "qb"),
    [
        ("LeBron James: 25+ points", "LeBron James: 25+ rebounds"),
        ("Will November 2026 CPI (YoY) be above 3.0%?", "Will November 2026 core CPI (YoY) be above 3.0%?"),
        ("Will JD Vance win the 2028 Republican presidential nomination?", "Will JD Vance be the 2028 Republican vice presidential nominee?"),
        ("Will Donald Trump Jr. win the 2028 presidential election?", "Will Donald Trump Jr. win the 2028 Republican nomination?"),
    ],
)
def test_different_statistic_office_or_stage_fails(qa, qb):
    v = judge(a(qa), b(qb), similarity=0.9)
    assert "concepts" in failed(v)
    assert not v.proposable


def test_player_prop_line_against_plus_market():
    v = judge(a("LeBron James: 25+ points", outcome_label="25+", no_outcome_label="Under 25"),
              b("LeBron James: Points O/U 24.5", outcome_label="Over", no_outcome_label="Under"), similarity=0.8)
    assert v.proposable
    assert v.orientation == "same"


def test_team_outcome_labels_set_orientation():
    poly = b("Lakers vs. Celtics", outcome_label="Lakers", no_outcome_label="Celtics")
    lal = a("Los Angeles Lakers at Boston Celtics Winner?", outcome_label="Los Angeles Lakers", no_outcome_label="Boston Celtics")
    bos = a("Los Angeles Lakers at Boston Celtics Winner?", outcome_label="Boston Celtics", no_outcome_label="Los Angeles Lakers")
    assert (judge(lal, poly, similarity=0.8).orientation, judge(bos, poly, similarity=0.8).orientation) == ("same", "inverted")
    assert judge(bos, poly, similarity=0.8).proposable


def test_other_team_in_a_game_with_draws_is_not_the_inverse():
    v = judge(a("Arsenal vs Chelsea Winner?", outcome_label="Chelsea", no_outcome_label="Not Chelsea"),
              b("Will Arsenal win on 2026-12-26?"), similarity=0.8)
    assert "outcome" in failed(v)


def test_complementary_comparators_invert_on_a_day_but_not_over_a_window():
    v = judge(a("Will Bitcoin be below $100,000 on Jan 31, 2027?"), b("Bitcoin at or above $100,000 on January 31, 2027?"), similarity=0.8)
    assert v.proposable
    assert v.orientation == "inverted"
    # "below X" and "above X" both settle NO at exactly X: opposite comparators, not complements.
    v = judge(a("Will Bitcoin be below $100,000 on Jan 31, 2027?"), b("Bitcoin above $100,000 on January 31, 2027?"), similarity=0.8)
    assert not v.proposable
    v = judge(a("How high will Bitcoin get before 2027?", outcome_label="Above $100,000"),
              b("Will Bitcoin dip to $100,000 by December 31, 2026?"), similarity=0.8)
    assert "window" in failed(v)


def test_negated_question_is_inverted():
    v = judge(a("Will the US government shut down before Jan 31, 2027?"),
              b("Will Congress avoid a government shutdown through January 30, 2027?"), similarity=0.8)
    assert v.proposable
    assert v.orientation == "inverted"


def test_close_times_far_apart_fail():
    v = judge(a("Will the Fed cut rates?", close_time=datetime(2026, 12, 9, tzinfo=UTC)),
              b("Will the Fed cut rates?", close_time=datetime(2027, 3, 17, tzinfo=UTC)), similarity=0.9)
    assert "close time" in failed(v)
    assert v.relation == "related"


def test_candidates_are_blocked_by_close_day_and_category():
    rng = np.random.default_rng(1)
    vecs = rng.normal(size=(4, 8)).astype(np.float32)
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
    days = np.array([100, 100, 200, 100], dtype=np.int64)
    found = candidate_pairs(
        query_vecs=vecs[:1], query_days=days[:1], query_cats=category_codes(["Crypto"]),
        corpus_vecs=vecs, corpus_days=days, corpus_cats=category_codes(["Crypto", "", "Crypto", "Sports"]),
        k=5, min_similarity=-1.0, window_days=7,
    )
    # corpus 2 closes 100 days later, corpus 3 is another category: only 0 and 1 remain
    assert set(found) == {(0, 0), (0, 1)}
    assert found[(0, 0)] == pytest.approx(1.0, abs=1e-5)


def test_incremental_match_only_searches_the_changed_markets():
    views_a = [a("Will Bitcoin be above $100,000 on Dec 31, 2026?", key="a0"), a("Will the Fed cut rates in December 2026?", key="a1")]
    views_b = [b("Bitcoin above $100,000 on December 31, 2026?", key="b0"), b("Fed cut in December 2026?", key="b1")]
    vecs = np.eye(2, 4, dtype=np.float32)
    full, _ = match(views_a=views_a, vecs_a=vecs, views_b=views_b, vecs_b=vecs)
    only_fed, _ = match(views_a=views_a, vecs_a=vecs, views_b=views_b, vecs_b=vecs, query_a=[1], query_b=[])
    assert {(p.key_a, p.key_b) for p in full} == {("a0", "b0"), ("a1", "b1")}
    assert {(p.key_a, p.key_b) for p in only_fed} == {("a1", "b1")}


def test_ladder_label_overrides_the_shared_title():
    # Kalshi ladders share one title across strikes; the YES label names this market's range.
    kalshi = a("Will the high temp in NYC be >60° on Jan 1, 2024?", outcome_label="59° to 60°", no_outcome_label="Not 59° to 60°")
    bucket = b("Will the highest temperature in NYC be between 59-60°F on January 1, 2024?")
    above = b("Will the highest temperature in NYC be 61°F or higher on January 1, 2024?")
    assert judge(kalshi, bucket, similarity=0.8).proposable
    assert "bucket" in failed(judge(kalshi, above, similarity=0.8))


def test_in_a_year_and_by_its_last_day_end_together():
    v = judge(a("Will Taylor Swift announce a new album in 2026?"),
              b("Taylor Swift new album announced by December 31, 2026?"), similarity=0.8)
    assert v.proposable
    assert any(f.guard == "dates" and f.level == "warn" for f in v.findings)
