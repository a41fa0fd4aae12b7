import time
from datetime import timedelta

import pytest
from django.db import IntegrityError
from django.utils import timezone

from markets.models import Market, OrderBook
from markets.services import (
    book_record_many,
    catalog_sync,
    market_upsert_many,
    order_books_prune,
    order_books_pull,
    platform_ensure,
)
from platforms.base import BookSnapshot, MarketData, PlatformUnavailable, RateLimited
from platforms.models import Platform
from platforms.registry import get_platform
from similarity.models import MarketPair

pytestmark = pytest.mark.django_db


def _pair(status=MarketPair.Status.APPROVED):
    catalog_sync(slug="test_kalshi")
    catalog_sync(slug="test_polymarket")
    a = Market.objects.filter(platform__slug="test_kalshi").order_by("id").first()
    b = Market.objects.get(platform__slug="test_polymarket", title=a.title)
    return MarketPair.objects.create(
        market_a=a, market_b=b, status=status, rules_hash_a=a.rules_hash, rules_hash_b=b.rules_hash
    )


def test_market_unique_per_platform_and_external_id():
    p = platform_ensure(slug="test_kalshi")
    Market.objects.create(platform=p, external_id="X", title="x")
    with pytest.raises(IntegrityError):
        Market.objects.create(platform=p, external_id="X", title="again")


def test_pair_constraints():
    pair = _pair()
    with pytest.raises(IntegrityError):
        MarketPair.objects.create(market_a=pair.market_a, market_b=pair.market_b)


def test_pair_cannot_join_a_market_to_itself():
    pair = _pair()
    with pytest.raises(IntegrityError):
        MarketPair.objects.create(market_a=pair.market_a, market_b=pair.market_a)


def test_catalog_sync_is_idempotent_and_records_health():
    first = catalog_sync(slug="test_kalshi")
    second = catalog_sync(slug="test_kalshi")
    assert first.created == 40
    assert second.created == 0
    assert second.updated == 40
    assert Market.objects.count() == 40
    platform = Platform.objects.get(slug="test_kalshi")
    assert platform.last_sync_at
    assert platform.last_sync_stats["read"] == 40
    assert platform.is_healthy


def test_venue_error_is_recorded_and_nothing_is_lost():
    catalog_sync(slug="test_kalshi")
    get_platform("test_kalshi").fail_next("markets", RateLimited("slow down", retry_after_s=30))
    assert catalog_sync(slug="test_kalshi") is None
    platform = Platform.objects.get(slug="test_kalshi")
    assert "RateLimited" in platform.last_error
    assert platform.rate_limited_until is not None
    assert not platform.is_healthy
    assert Market.objects.filter(status=Market.Status.OPEN).count() == 40


def test_markets_no_longer_listed_are_closed():
    catalog_sync(slug="test_kalshi")
    venue = get_platform("test_kalshi")
    gone = next(iter(venue.iter_markets())).external_id
    venue.world = venue.world[1:]
    catalog_sync(slug="test_kalshi")
    assert Market.objects.get(external_id=gone).status == Market.Status.CLOSED


def test_rules_change_sends_approved_pair_back_to_review():
    pair = _pair()
    platform = Platform.objects.get(slug="test_kalshi")
    md = MarketData(external_id=pair.market_a.external_id, title=pair.market_a.title,
                    rules_text="Completely different rules now.")
    result = market_upsert_many(platform=platform, markets=[md])
    assert result.changed_market_ids == [pair.market_a.id]
    from similarity.services import pairs_send_back_to_review

    pairs_send_back_to_review(market_ids=result.changed_market_ids)
    pair.refresh_from_db()
    assert pair.status == MarketPair.Status.PROPOSED


def test_books_are_stored_only_when_changed():
    pair = _pair()
    # Freeze the venues' clocks: the test venue moves its books every 2 s, and two pulls that
    # straddle a step boundary would rightly store a changed book.
    frozen = time.time()
    for slug in ("test_kalshi", "test_polymarket"):
        get_platform(slug).clock = lambda: frozen
    assert order_books_pull() == {"test_kalshi": 1, "test_polymarket": 1}
    assert order_books_pull() == {"test_kalshi": 0, "test_polymarket": 0}  # same moment: unchanged
    market = Market.objects.get(id=pair.market_a_id)
    assert market.latest_book is not None
    assert market.book_checked_at is not None
    snap = BookSnapshot(market_external_id=market.external_id, yes_bids=(), yes_asks=())
    assert book_record_many(market_books=[(market, snap)]) == 1
    assert OrderBook.objects.filter(market=market).count() == 2


def test_book_pull_failure_on_one_venue_does_not_stop_the_other():
    _pair()
    get_platform("test_kalshi").fail_next("books", PlatformUnavailable("503"))
    assert order_books_pull() == {"test_kalshi": 0, "test_polymarket": 1}
    assert "PlatformUnavailable" in Platform.objects.get(slug="test_kalshi").last_error


def test_only_approved_pairs_books_are_polled():
    _pair(status=MarketPair.Status.PROPOSED)
    assert order_books_pull() == {}


def test_prune_keeps_latest_book():
    pair = _pair()
    order_books_pull()
    market = Market.objects.get(id=pair.market_a_id)
    old = OrderBook.objects.create(market=market, captured_at=timezone.now() - timedelta(days=5), content_hash="x")
    OrderBook.objects.filter(id=market.latest_book_id).update(captured_at=timezone.now() - timedelta(days=5))
    assert order_books_prune(older_than_h=48) == 1
    assert not OrderBook.objects.filter(id=old.id).exists()
    assert OrderBook.objects.filter(id=market.latest_book_id).exists()
