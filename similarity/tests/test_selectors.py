"""Pair constraints and the markets whose books are watched (approved pairs' open markets)."""

import pytest
from django.db import IntegrityError

from markets.models import Market
from markets.services import catalog_sync, market_upsert_many
from platforms.base import MarketData
from platforms.models import Platform
from similarity.models import MarketPair
from similarity.selectors import market_list_watched
from similarity.services import catalog_sync_and_review

pytestmark = pytest.mark.django_db


def _pair(status=MarketPair.Status.APPROVED):
    catalog_sync(slug="test_kalshi")
    catalog_sync(slug="test_polymarket")
    a = Market.objects.filter(platform__slug="test_kalshi").order_by("id").first()
    b = Market.objects.get(platform__slug="test_polymarket", title=a.title)
    return MarketPair.objects.create(
        market_a=a, market_b=b, status=status, rules_hash_a=a.rules_hash, rules_hash_b=b.rules_hash
    )


def test_pair_constraints():
    pair = _pair()
    with pytest.raises(IntegrityError):
        MarketPair.objects.create(market_a=pair.market_a, market_b=pair.market_b)


def test_pair_cannot_join_a_market_to_itself():
    pair = _pair()
    with pytest.raises(IntegrityError):
        MarketPair.objects.create(market_a=pair.market_a, market_b=pair.market_a)


def test_only_approved_pairs_open_markets_are_watched():
    pair = _pair(status=MarketPair.Status.PROPOSED)
    assert list(market_list_watched()) == []
    MarketPair.objects.filter(id=pair.id).update(status=MarketPair.Status.APPROVED)
    assert [m.id for m in market_list_watched()] == sorted([pair.market_a_id, pair.market_b_id])
    Market.objects.filter(id=pair.market_b_id).update(status=Market.Status.CLOSED)
    assert [m.id for m in market_list_watched()] == [pair.market_a_id]


def test_a_sync_that_changes_rules_sends_the_approved_pair_back_to_review(monkeypatch):
    pair = _pair()
    assert catalog_sync_and_review(slug="test_kalshi").changed_market_ids == []
    pair.refresh_from_db()
    assert pair.status == MarketPair.Status.APPROVED
    # The venue now lists the market with other rules: the sync reports it, the pair goes back.
    changed = MarketData(external_id=pair.market_a.external_id, title=pair.market_a.title,
                         rules_text="Completely different rules now.")
    market_upsert_many(platform=Platform.objects.get(slug="test_kalshi"), markets=[changed])
    pair.refresh_from_db()
    assert pair.status == MarketPair.Status.APPROVED  # the markets layer alone sends nothing back
    result = catalog_sync_and_review(slug="test_kalshi")
    assert result.changed_market_ids == [pair.market_a_id]
    pair.refresh_from_db()
    assert pair.status == MarketPair.Status.PROPOSED
    assert "changed" in pair.reason
