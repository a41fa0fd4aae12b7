import pytest

from markets.models import Market, OrderBook
from markets.tasks import pull_order_books_task, sync_markets_task
from similarity.models import MarketPair


@pytest.mark.django_db
def test_sync_then_pull_books_for_approved_pair(staff_user):
    sync_markets_task()
    assert Market.objects.filter(platform__slug="test_kalshi").count() == 40
    a = Market.objects.filter(platform__slug="test_kalshi").order_by("id").first()
    b = Market.objects.get(platform__slug="test_polymarket", title=a.title)
    MarketPair.objects.update_or_create(market_a=a, market_b=b, defaults={"status": MarketPair.Status.APPROVED})
    stored = pull_order_books_task()
    assert stored == {"test_kalshi": 1, "test_polymarket": 1}
    assert OrderBook.objects.count() == 2
