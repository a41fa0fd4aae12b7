"""Judging a large run in forked workers selects exactly what judging it in order selects: the
same proposals in the same order (identical pairs, each market's best near miss, ties to the
first seen), and the database path stores the same pairs either way."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from similarity.matching import MarketView, judge
from similarity.matching import pipeline as pipeline_mod
from similarity.matching.pipeline import Selection, judge_selection, select_proposals

CLOSE = datetime(2026, 12, 4, 22, tzinfo=UTC)


def _ladder_a(strike: int) -> MarketView:
    return MarketView(
        f"KXBTCD-{strike}", "a", "Bitcoin price on Dec 4, 2026 at 5pm EST?", outcome_label=f"${strike:,} or above",
        no_outcome_label=f"${strike - 0.01:,.2f} or below", event_title="Bitcoin price on Dec 4, 2026?",
        rules_text="If the simple average of CF Benchmarks' Bitcoin Real-Time Index before 5 PM ET is above the strike on Dec 4, 2026, then the market resolves to Yes.",
        category="Crypto", close_time=CLOSE, event_key="KXBTCD",
        extra={"strike_type": "greater", "floor_strike": strike - 0.01},
    )


def _ladder_b(strike: int, feed: str = "CF Benchmarks' Real-Time Index") -> MarketView:
    return MarketView(
        f"0xpm-{feed[:3]}-{strike}", "b", f"Will the price of Bitcoin be ${strike:,} or higher on December 4?",
        event_title="Bitcoin above ___ on December 4?", category="Crypto", close_time=CLOSE, event_key=f"pm-{feed[:3]}",
        rules_text=f"Resolves Yes if {feed} is at or above ${strike:,} at 5PM ET on December 4.",
    )


def _pairs() -> list[tuple[MarketView, MarketView, float]]:
    """Every A strike against every B strike on two feeds (one a look-alike): identical pairs,
    implications between strikes, and A strikes with no identical partner (near misses only);
    similarities repeat so ties are decided by order."""
    strikes_a = [90_000 + 1_000 * k for k in range(8)]
    strikes_b = [90_000 + 1_000 * k for k in range(0, 12, 2)]
    views_b = [_ladder_b(s) for s in strikes_b] + [_ladder_b(s, "the Binance BTC/USDT 1-minute candle close") for s in strikes_b]
    return [
        (_ladder_a(sa), b, round(0.5 + 0.05 * ((n + m) % 4), 4))
        for n, sa in enumerate(strikes_a) for m, b in enumerate(views_b)
    ]


def test_selection_merged_from_consecutive_runs_equals_the_whole_sequence():
    judged = [(a, b, sim, judge(a, b, similarity=sim)) for a, b, sim in _pairs()]
    whole = select_proposals(judged)
    assert any(p.verdict.relation == "identical" for p in whole)
    assert any(p.verdict.relation != "identical" for p in whole)  # near misses are selected too
    for cut in (1, 7, 40, len(judged) - 1):
        first, second = Selection(), Selection()
        for row in judged[:cut]:
            first.add(*row)
        for row in judged[cut:]:
            second.add(*row)
        first.merge(second)
        assert first.proposals() == whole
        assert first.judged == len(judged)


def test_forked_workers_select_exactly_what_one_process_selects(monkeypatch):
    pairs = _pairs()
    in_order = judge_selection([], pairs, workers=1)
    monkeypatch.setattr(pipeline_mod, "PARALLEL_MIN_PAIRS", 1)
    forked = judge_selection([], pairs, workers=3)
    assert forked.proposals() == in_order.proposals()
    assert forked.judged == in_order.judged == len(pairs)
    assert in_order.proposals() == select_proposals((a, b, sim, judge(a, b, similarity=sim)) for a, b, sim in pairs)


def test_a_large_run_forks_a_pool_but_a_daemonic_process_judges_in_place(monkeypatch):
    # A Celery prefork child is daemonic: multiprocessing refuses it children, so it must judge
    # in its own process (same selection), while an ordinary process forks its pool.
    pairs = _pairs()
    in_order = judge_selection([], pairs, workers=1)
    monkeypatch.setattr(pipeline_mod, "PARALLEL_MIN_PAIRS", 1)
    contexts: list[str] = []
    real_get_context = pipeline_mod.mp.get_context

    def spying_get_context(method=None):
        contexts.append(method)
        return real_get_context(method)

    monkeypatch.setattr(pipeline_mod.mp, "get_context", spying_get_context)
    assert judge_selection([], pairs, workers=2).proposals() == in_order.proposals()
    assert contexts == ["fork"]

    class Daemon:
        daemon = True

    monkeypatch.setattr(pipeline_mod.mp, "current_process", lambda: Daemon())
    contexts.clear()
    assert judge_selection([], pairs, workers=2).proposals() == in_order.proposals()
    assert contexts == []


@pytest.mark.django_db
@pytest.mark.slow
def test_a_full_database_run_stores_the_same_pairs_with_forked_workers(embedding_model, settings, monkeypatch):
    from markets.services import catalog_sync
    from similarity.models import MarketPair
    from similarity.services import pairs_propose_after_sync

    catalog_sync(slug="test_kalshi")
    catalog_sync(slug="test_polymarket")
    fields = ("market_a_id", "market_b_id", "relation", "orientation", "similarity", "confidence", "findings")
    settings.EVENTSARB_MATCHING_WORKERS = 1
    pairs_propose_after_sync(full=True)
    in_process = sorted(MarketPair.objects.values_list(*fields), key=lambda row: row[:2])
    assert in_process
    MarketPair.objects.all().delete()
    settings.EVENTSARB_MATCHING_WORKERS = 2
    monkeypatch.setattr(pipeline_mod, "PARALLEL_MIN_PAIRS", 1)
    pairs_propose_after_sync(full=True)
    assert sorted(MarketPair.objects.values_list(*fields), key=lambda row: row[:2]) == in_process
