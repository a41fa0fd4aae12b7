import time
from datetime import timedelta
from decimal import Decimal

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
from platforms.testvenue import OUTCOME_EVENT_MARKETS

pytestmark = pytest.mark.django_db


def _two_markets():
    """One market of each Test venue, asking the same question (their venue rows loaded)."""
    catalog_sync(slug="test_kalshi")
    catalog_sync(slug="test_polymarket")
    a = Market.objects.select_related("platform").filter(platform__slug="test_kalshi").order_by("id").first()
    b = Market.objects.select_related("platform").get(platform__slug="test_polymarket", title=a.title)
    return a, b


def test_market_unique_per_platform_and_external_id():
    p = platform_ensure(slug="test_kalshi")
    Market.objects.create(platform=p, external_id="X", title="x")
    with pytest.raises(IntegrityError):
        Market.objects.create(platform=p, external_id="X", title="again")


def test_catalog_sync_is_idempotent_and_records_health():
    first = catalog_sync(slug="test_kalshi")
    second = catalog_sync(slug="test_kalshi")
    # 40 independent questions, then the multi-outcome events' members.
    listed = 40 + OUTCOME_EVENT_MARKETS
    assert first.created == listed
    assert second.created == 0
    assert second.updated == listed
    assert Market.objects.count() == listed
    platform = Platform.objects.get(slug="test_kalshi")
    assert platform.last_sync_at
    assert platform.last_sync_stats["read"] == listed
    assert platform.is_healthy


def test_venue_error_is_recorded_and_nothing_is_lost():
    catalog_sync(slug="test_kalshi")
    get_platform("test_kalshi").fail_next("markets", RateLimited("slow down", retry_after_s=30))
    assert catalog_sync(slug="test_kalshi") is None
    platform = Platform.objects.get(slug="test_kalshi")
    assert "RateLimited" in platform.last_error
    assert platform.rate_limited_until is not None
    assert not platform.is_healthy
    assert Market.objects.filter(status=Market.Status.OPEN).count() == 40 + OUTCOME_EVENT_MARKETS


def test_markets_no_longer_listed_are_closed():
    catalog_sync(slug="test_kalshi")
    venue = get_platform("test_kalshi")
    gone = next(iter(venue.iter_markets())).external_id
    venue.world = venue.world[1:]
    catalog_sync(slug="test_kalshi")
    assert Market.objects.get(external_id=gone).status == Market.Status.CLOSED


def test_rules_or_close_time_change_is_reported():
    a, _ = _two_markets()
    platform = Platform.objects.get(slug="test_kalshi")
    md = MarketData(external_id=a.external_id, title=a.title, rules_text="Completely different rules now.")
    result = market_upsert_many(platform=platform, markets=[md])
    assert result.changed_market_ids == [a.id]
    again = market_upsert_many(platform=platform, markets=[md])
    assert again.changed_market_ids == []


def test_books_are_stored_only_when_changed():
    a, b = _two_markets()
    # Freeze the venues' clocks: the test venue moves its books every 2 s, and two pulls that
    # straddle a step boundary would rightly store a changed book.
    frozen = time.time()
    for slug in ("test_kalshi", "test_polymarket"):
        get_platform(slug).clock = lambda: frozen
    assert order_books_pull(markets=[a, b]) == {"test_kalshi": 1, "test_polymarket": 1}
    # Same moment: unchanged.
    assert order_books_pull(markets=[a, b]) == {"test_kalshi": 0, "test_polymarket": 0}
    market = Market.objects.get(id=a.id)
    assert market.latest_book is not None
    assert market.book_checked_at is not None
    snap = BookSnapshot(market_external_id=market.external_id, yes_bids=(), yes_asks=())
    assert book_record_many(market_books=[(market, snap)]) == 1
    assert OrderBook.objects.filter(market=market).count() == 2


def test_a_book_that_states_its_tick_updates_the_market_orders_are_priced_on():
    _, b = _two_markets()
    market = Market.objects.get(id=b.id)
    assert market.tick_size == Decimal("0.01")
    level = ((Decimal("0.965"), Decimal(10)),)
    fine = BookSnapshot(market_external_id=market.external_id, yes_bids=level, yes_asks=(),
                        tick_size=Decimal("0.001"))
    book_record_many(market_books=[(market, fine)])
    stored = Market.objects.get(id=b.id)
    assert stored.tick_size == Decimal("0.001")
    # The same levels without a tick: nothing new stored and the venue's tick is kept.
    quiet = BookSnapshot(market_external_id=market.external_id, yes_bids=level, yes_asks=())
    assert book_record_many(market_books=[(stored, quiet)]) == 0
    assert Market.objects.get(id=b.id).tick_size == Decimal("0.001")


def test_book_pull_failure_on_one_venue_does_not_stop_the_other():
    a, b = _two_markets()
    get_platform("test_kalshi").fail_next("books", PlatformUnavailable("503"))
    assert order_books_pull(markets=[a, b]) == {"test_kalshi": 0, "test_polymarket": 1}
    assert "PlatformUnavailable" in Platform.objects.get(slug="test_kalshi").last_error


def test_prune_keeps_latest_book():
    a, b = _two_markets()
    order_books_pull(markets=[a, b])
    market = Market.objects.get(id=a.id)
    old = OrderBook.objects.create(market=market, captured_at=timezone.now() - timedelta(days=5), content_hash="x")
    OrderBook.objects.filter(id=market.latest_book_id).update(captured_at=timezone.now() - timedelta(days=5))
    assert order_books_prune(older_than_h=48) == 1
    assert not OrderBook.objects.filter(id=old.id).exists()
    assert OrderBook.objects.filter(id=market.latest_book_id).exists()
