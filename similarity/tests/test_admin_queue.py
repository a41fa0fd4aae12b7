"""The review page shows what a reviewer needs: both questions, close dates, score, findings."""

import pytest
from django.urls import reverse

from markets.models import Market
from markets.services import catalog_sync
from similarity.models import MarketPair

pytestmark = pytest.mark.django_db


@pytest.fixture
def proposed_pair():
    catalog_sync(slug="test_kalshi")
    catalog_sync(slug="test_polymarket")
    a = Market.objects.filter(platform__slug="test_kalshi").order_by("id").first()
    b = Market.objects.get(platform__slug="test_polymarket", title=a.title)
    return MarketPair.objects.create(
        market_a=a, market_b=b, similarity=0.913, confidence=0.82, orientation="inverted",
        findings=[
            {"guard": "numbers", "level": "pass", "message": "same threshold and comparator"},
            {"guard": "source", "level": "warn", "message": "different resolution sources: A BLS / B BEA"},
        ],
    )


def test_review_page_shows_questions_dates_score_and_findings(client, staff_user, proposed_pair):
    client.force_login(staff_user)
    body = client.get(reverse("admin:similarity_marketpair_review", args=[proposed_pair.pk])).content.decode()
    a, b = proposed_pair.market_a, proposed_pair.market_b
    assert a.close_time.strftime("%Y-%m-%d") in body
    assert b.close_time.strftime("%Y-%m-%d") in body
    assert "0.913" in body
    assert "1 warn" in body
    assert "inverted" in body
    assert "different resolution sources: A BLS / B BEA" in body
    assert a.title.split()[0] in body
    assert a.outcome_label in body


def test_queue_lists_guard_summary_and_close_times(client, staff_user, proposed_pair):
    client.force_login(staff_user)
    body = client.get(reverse("admin:similarity_marketpair_changelist")).content.decode()
    assert "1 warn" in body
    assert proposed_pair.market_a.close_time.strftime("%Y-%m-%d") in body
