"""The beat loop's first two jobs: sync the catalogs, then poll the books of approved pairs."""

import pytest

from arbitrage.tasks import pull_order_books_task
from markets.models import Market, OrderBook
from platforms.testvenue import OUTCOME_EVENT_MARKETS
from similarity.models import MarketPair
from similarity.tasks import sync_catalogs_task


@pytest.mark.django_db
def test_sync_then_pull_books_for_approved_pair():
    report = sync_catalogs_task()
    # 40 independent questions, then the multi-outcome events' members.
    assert report["test_kalshi"]["created"] == 40 + OUTCOME_EVENT_MARKETS
    assert Market.objects.filter(platform__slug="test_kalshi").count() == 40 + OUTCOME_EVENT_MARKETS
    # Nothing approved yet: no book is watched.
    assert pull_order_books_task() == {}
    a = Market.objects.filter(platform__slug="test_kalshi").order_by("id").first()
    b = Market.objects.get(platform__slug="test_polymarket", title=a.title)
    MarketPair.objects.update_or_create(
        market_a=a, market_b=b, defaults={"status": MarketPair.Status.APPROVED}
    )
    assert pull_order_books_task() == {"test_kalshi": 1, "test_polymarket": 1}
    assert OrderBook.objects.count() == 2
