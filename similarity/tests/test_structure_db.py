"""The structure-first path through Postgres and the real task: markets parsed from the venues'
raw shapes (from the tuning set), stored by the catalog upsert, matched by propose_pairs_task."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import pytest
from django.db.models import F

from markets.models import Market
from markets.services import market_upsert_many, platform_ensure
from similarity.evaluation import parse_kalshi, parse_polymarket
from similarity.models import MarketPair
from similarity.tasks import propose_pairs_task

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

TUNE = Path(__file__).resolve().parent.parent / "data" / "conventions_tune"


def _slice() -> tuple[list, list, list[dict]]:
    """The French presidential field and the December 2026 FOMC brackets on both venues."""
    kalshi = json.loads((TUNE / "kalshi.json").read_text())
    poly = json.loads((TUNE / "polymarket.json").read_text())
    truth = json.loads((TUNE / "truth.json").read_text())
    events = ("KXFRPRES-27", "KXFEDDECISION-26DEC")
    body = {**kalshi, "markets": [m for m in kalshi["markets"] if m["event_ticker"] in events]}
    a = parse_kalshi(body)
    groups = {"French Presidential Election 2027", "Fed decision in December?"}
    b = parse_polymarket([p for p in poly if any(e.get("title") in groups for e in p.get("events", []))])
    keys_a, keys_b = {m.external_id for m in a}, {m.external_id for m in b}
    rows = [t for t in truth if t["kalshi_ticker"] in keys_a and t["polymarket_condition_id"].lower() in keys_b]
    return a, b, rows


def _pairs(relation: str | None = None) -> dict[tuple[str, str], MarketPair]:
    qs = MarketPair.objects.select_related("market_a", "market_b")
    if relation:
        qs = qs.filter(relation=relation)
    return {(p.market_a.external_id, p.market_b.external_id): p for p in qs}


def test_fields_and_fed_brackets_are_matched_through_the_task(embedding_model):
    a, b, truth = _slice()
    assert len(a) >= 10
    assert len(b) >= 10
    market_upsert_many(platform=platform_ensure(slug="test_kalshi"), markets=a)
    market_upsert_many(platform=platform_ensure(slug="test_polymarket"), markets=b)

    propose_pairs_task(full=True)

    identical = _pairs("identical")
    expected = {(t["kalshi_ticker"], t["polymarket_condition_id"].lower()): t for t in truth if t["relation"] == "identical"}
    negatives = {(t["kalshi_ticker"], t["polymarket_condition_id"].lower()) for t in truth if t["relation"] != "identical"}
    assert len(expected) >= 10
    assert set(expected) <= set(identical), set(expected) - set(identical)
    assert not negatives & set(identical)
    assert all(identical[k].orientation == expected[k]["orientation"] for k in expected)
    # The clauses are stored for the reviewer.
    sample = identical[next(iter(expected))]
    assert any(f["guard"] == "member" and f["level"] == "pass" for f in sample.findings)


def test_an_incremental_run_rematches_a_changed_field_member(embedding_model):
    a, b, _ = _slice()
    market_upsert_many(platform=platform_ensure(slug="test_kalshi"), markets=a)
    market_upsert_many(platform=platform_ensure(slug="test_polymarket"), markets=b)
    # The Polymarket field closes 40 days after Kalshi's: beyond the single-market window, so the
    # incremental load must bring the other field in through the family window.
    Market.objects.filter(platform__slug="test_polymarket").update(close_time=F("close_time") + timedelta(days=40))
    propose_pairs_task(full=True)
    before = _pairs("identical")
    key = next(k for k in before if k[0].startswith("KXFRPRES"))
    MarketPair.objects.all().delete()
    Market.objects.filter(external_id=key[0]).update(rules_hash="0" * 64)

    assert propose_pairs_task() > 0

    assert set(_pairs("identical")) == {k for k in before if k[0] == key[0]}
