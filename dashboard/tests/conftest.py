"""Fixtures for dashboard and API tests: the Test venues' catalog, pairs, books, opportunities.

Data goes in through the real services where they exist (catalog_sync, order_books_pull,
pair_approve); opportunities are inserted directly because the scan's output depends on the
moment's simulated books.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.utils import timezone
from knox.models import AuthToken
from rest_framework.test import APIClient

from arbitrage.models import Opportunity
from markets.models import Market
from markets.services import catalog_sync
from similarity.models import MarketPair


@pytest.fixture(autouse=True)
def _empty_cache():
    """The opportunity list is cached for a second: no test may see another's page."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def synced(db):
    """Both Test venues' catalogs in the database (40 markets each)."""
    catalog_sync(slug="test_kalshi")
    catalog_sync(slug="test_polymarket")


@pytest.fixture
def make_pair(synced):
    """make_pair(index, **fields): pair the index-th Kalshi-like market with its Polymarket twin."""

    def make(index: int = 0, **fields) -> MarketPair:
        a = Market.objects.filter(platform__slug="test_kalshi").order_by("id")[index]
        b = Market.objects.get(platform__slug="test_polymarket", title=a.title)
        defaults = {"similarity": 0.9, "confidence": 0.8}
        return MarketPair.objects.create(market_a=a, market_b=b, **{**defaults, **fields})

    return make


@pytest.fixture
def make_opportunity():
    def make(pair: MarketPair, net_profit: str = "1.50", **fields) -> Opportunity:
        now = timezone.now()
        values = {
            "direction": Opportunity.Direction.YES_A_NO_B, "size": Decimal("100"),
            "outcome_a": "yes", "outcome_b": "no", "limit_price_a": Decimal("0.41"),
            "limit_price_b": Decimal("0.55"), "cost_a": Decimal("41"), "cost_b": Decimal("55"),
            "fee_a": Decimal("1.2"), "fee_b": Decimal("1.3"), "payout": Decimal("100"),
            "net_profit": Decimal(net_profit), "return_on_capital": Decimal("0.0153"),
            "annualised_return": Decimal("0.31"), "capital_a": Decimal("42.2"),
            "capital_b": Decimal("56.3"), "first_seen": now - timedelta(seconds=30),
            "last_seen": now, "peak_net_profit": Decimal(net_profit),
        }
        values.update(fields)
        return Opportunity.objects.create(pair=pair, **values)

    return make


@pytest.fixture
def api_anon():
    return APIClient()


@pytest.fixture
def api_user(plain_user):
    client = APIClient()
    _, token = AuthToken.objects.create(user=plain_user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    return client


@pytest.fixture
def api_staff(staff_user):
    client = APIClient()
    client.force_authenticate(staff_user)
    return client


@pytest.fixture
def api_as():
    """api_as(user): an API client logged in as `user` with a session (None: anonymous)."""

    def make(user) -> APIClient:
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        return client

    return make
