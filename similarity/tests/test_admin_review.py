"""The admin review queue: approve/reject with relation, orientation and reason; who and when."""

import pytest
from django.urls import reverse

from markets.models import Market
from markets.services import catalog_sync
from similarity.models import MarketPair

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair():
    catalog_sync(slug="test_kalshi")
    catalog_sync(slug="test_polymarket")
    a = Market.objects.filter(platform__slug="test_kalshi").order_by("id").first()
    b = Market.objects.get(platform__slug="test_polymarket", title=a.title)
    return MarketPair.objects.create(market_a=a, market_b=b, similarity=0.93)


def test_review_page_shows_both_sides_with_diff(client, staff_user, pair):
    client.force_login(staff_user)
    response = client.get(reverse("admin:similarity_marketpair_review", args=[pair.pk]))
    assert response.status_code == 200
    body = response.content.decode()
    assert pair.market_a.title in body
    assert pair.market_b.external_id[:10] in body
    assert "<mark>" in body  # the two venues word their rules differently


def test_staff_approves_with_relation_and_orientation(client, staff_user, pair):
    client.force_login(staff_user)
    response = client.post(
        reverse("admin:similarity_marketpair_review", args=[pair.pk]),
        {"decision": "approve", "relation": "identical", "orientation": "inverted", "reason": "same Fed meeting"},
    )
    assert response.status_code == 302
    pair.refresh_from_db()
    assert pair.status == "approved"
    assert pair.orientation == "inverted"
    assert pair.relation == "identical"
    assert pair.reviewer == staff_user
    assert pair.reviewed_at is not None
    assert pair.reason == "same Fed meeting"
    assert pair.rules_hash_a == pair.market_a.rules_hash
    assert pair.close_time_b == pair.market_b.close_time


def test_reject_needs_a_reason(client, staff_user, pair):
    client.force_login(staff_user)
    url = reverse("admin:similarity_marketpair_review", args=[pair.pk])
    response = client.post(url, {"decision": "reject", "relation": "different", "orientation": "same", "reason": ""})
    assert response.status_code == 200
    assert "Say why" in response.content.decode()
    pair.refresh_from_db()
    assert pair.status == "proposed"
    client.post(url, {"decision": "reject", "relation": "different", "orientation": "same", "reason": "different thresholds"})
    pair.refresh_from_db()
    assert pair.status == "rejected"
    assert pair.reviewer == staff_user


def test_approving_as_different_is_refused(client, staff_user, pair):
    client.force_login(staff_user)
    client.post(
        reverse("admin:similarity_marketpair_review", args=[pair.pk]),
        {"decision": "approve", "relation": "different", "orientation": "same", "reason": "x"},
    )
    pair.refresh_from_db()
    assert pair.status == "proposed"


def test_non_staff_cannot_reach_the_review_queue(client, plain_user, pair):
    client.force_login(plain_user)
    response = client.post(
        reverse("admin:similarity_marketpair_review", args=[pair.pk]),
        {"decision": "approve", "relation": "identical", "orientation": "same"},
    )
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
    pair.refresh_from_db()
    assert pair.status == "proposed"


def test_bulk_reject_action(client, staff_user, pair):
    client.force_login(staff_user)
    client.post(
        reverse("admin:similarity_marketpair_changelist"),
        {"action": "reject_selected", "_selected_action": [pair.pk]},
    )
    pair.refresh_from_db()
    assert pair.status == "rejected"
