"""Incremental matching through the database: change detection on the narrow EmbeddedText table
and a candidate load limited to the markets a changed one can block with."""

from __future__ import annotations

import pytest

from markets.models import Market
from markets.services import catalog_sync
from similarity.models import EmbeddedText, MarketEmbedding, MarketPair
from similarity.services import pairs_propose_after_sync

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.fixture
def matched(embedding_model):
    catalog_sync(slug="test_kalshi")
    catalog_sync(slug="test_polymarket")
    pairs_propose_after_sync()


def _pairs() -> set[tuple[int, int]]:
    return set(MarketPair.objects.values_list("market_a_id", "market_b_id"))


def test_a_changed_market_is_found_without_updated_at_and_alone_re_embedded(matched):
    market = Market.objects.filter(platform__slug="test_kalshi", status="open").order_by("id").first()
    stamps = dict(MarketEmbedding.objects.values_list("market_id", "updated_at"))
    # A queryset update leaves updated_at alone: detection must compare the text itself.
    Market.objects.filter(pk=market.pk).update(title=f"{market.title} (amended)")

    pairs_propose_after_sync()

    after = dict(MarketEmbedding.objects.values_list("market_id", "updated_at"))
    assert {mid for mid, at in after.items() if at != stamps[mid]} == {market.pk}
    assert EmbeddedText.objects.get(market=market).title == f"{market.title} (amended)"


def test_an_incremental_run_proposes_what_a_full_run_proposes_for_the_changed_market(matched):
    full = _pairs()
    market_id = next(a for a, _ in sorted(full))
    MarketPair.objects.all().delete()
    # New rules hash, same text and vector: the search must find the same partners again.
    Market.objects.filter(pk=market_id).update(rules_hash="0" * 64)

    assert pairs_propose_after_sync() > 0
    assert _pairs() == {(a, b) for a, b in full if a == market_id}
