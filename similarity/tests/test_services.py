"""Matching after a catalog sync: embeddings stored once, proposals with findings, rejected pairs
stay rejected until the rules change, approved pairs go back to review when a market changes."""

from __future__ import annotations

import dataclasses

import pytest

from markets.models import Market
from markets.services import catalog_sync
from platforms.models import Platform
from platforms.registry import get_platform
from similarity.models import MarketEmbedding, MarketPair
from similarity.services import (
    catalog_sync_and_review,
    pair_approve,
    pair_reject,
    pairs_propose_after_sync,
)

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.fixture
def synced(embedding_model):
    catalog_sync(slug="test_kalshi")
    catalog_sync(slug="test_polymarket")


def _same_question_pairs() -> set[tuple[str, str]]:
    """The Test venues list every question on both sides: those are the obvious pairs."""
    a = dict(Market.objects.filter(platform__slug="test_kalshi").values_list("title", "external_id"))
    b = dict(Market.objects.filter(platform__slug="test_polymarket").values_list("title", "external_id"))
    return {(a[t], b[t]) for t in a if t in b}


def _proposed() -> set[tuple[str, str]]:
    return set(
        MarketPair.objects.filter(status=MarketPair.Status.PROPOSED)
        .values_list("market_a__external_id", "market_b__external_id")
    )


def _change_rules(slug: str, external_id: str, rules_text: str) -> None:
    """Make the Test venue list one market with new rules text on the next sync."""
    client = get_platform(slug)
    original = client.market_data

    def market_data(wm):
        data = original(wm)
        return dataclasses.replace(data, rules_text=rules_text) if data.external_id == external_id else data

    client.market_data = market_data


def test_sync_embeds_and_proposes_the_obvious_pairs_with_findings(synced):
    n = pairs_propose_after_sync()
    assert n > 0
    assert _same_question_pairs() <= _proposed()
    pair = MarketPair.objects.filter(status=MarketPair.Status.PROPOSED).first()
    assert pair.relation == "identical"
    assert pair.orientation == "same"
    assert 0 < pair.similarity <= 1.0001
    assert {f["guard"] for f in pair.findings} >= {"entities", "numbers", "dates", "close time"}
    assert all(f["level"] in {"pass", "warn"} for f in pair.findings)
    assert MarketEmbedding.objects.count() == Market.objects.filter(status="open").count()
    progress = Platform.objects.get(slug="test_kalshi").progress
    assert progress["job"] == "matching"
    assert progress["done"] == progress["total"]


def test_a_second_run_without_changes_embeds_and_proposes_nothing(synced):
    pairs_propose_after_sync()
    stamps = dict(MarketEmbedding.objects.values_list("market_id", "updated_at"))
    assert pairs_propose_after_sync() == 0
    assert dict(MarketEmbedding.objects.values_list("market_id", "updated_at")) == stamps


def test_rejected_pair_is_not_proposed_again_until_its_rules_change(synced, staff_user):
    pairs_propose_after_sync()
    pair = MarketPair.objects.filter(status=MarketPair.Status.PROPOSED).select_related("market_a", "market_b").first()
    pair_reject(pair=pair, reviewer=staff_user, reason="not the same meeting")
    pairs_propose_after_sync(full=True)
    pair.refresh_from_db()
    assert pair.status == MarketPair.Status.REJECTED

    _change_rules("test_kalshi", pair.market_a.external_id, pair.market_a.rules_text + " Amended: as first published.")
    catalog_sync(slug="test_kalshi")
    pairs_propose_after_sync()
    pair.refresh_from_db()
    assert pair.status == MarketPair.Status.PROPOSED
    assert "rules changed" in pair.reason


def test_approved_pair_goes_back_to_review_when_rules_change_in_a_sync(synced, staff_user):
    pairs_propose_after_sync()
    pair = MarketPair.objects.filter(status=MarketPair.Status.PROPOSED).select_related("market_a", "market_b").first()
    pair_approve(pair=pair, reviewer=staff_user, relation="identical", orientation="same", reason="same event")
    catalog_sync_and_review(slug="test_polymarket")  # nothing changed: stays approved
    pair.refresh_from_db()
    assert pair.status == MarketPair.Status.APPROVED

    _change_rules("test_polymarket", pair.market_b.external_id, "Resolves Yes only if announced on a Sunday.")
    catalog_sync_and_review(slug="test_polymarket")
    pair.refresh_from_db()
    assert pair.status == MarketPair.Status.PROPOSED
    assert "changed" in pair.reason
