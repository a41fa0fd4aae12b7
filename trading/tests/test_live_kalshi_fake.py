"""Live execution through the real Kalshi client (HTTP, signing, parsing) against the fake Kalshi
server on 127.0.0.1, hedged on the Test venue: a timed-out order that was placed is found by its
client order id and never sent twice; one that never arrived is not resent blindly."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.utils import timezone

from markets.models import Market
from markets.services import catalog_sync, order_books_pull
from platforms import registry
from platforms.tests.kalshi.fake_server import FakeKalshi
from similarity.models import MarketPair
from trading import services
from trading.models import ArbAttempt, Order
from trading.services import attempts_recover, opportunity_execute
from trading.tests.conftest import make_opportunity
from trading.tests.test_faults import assert_safe

ORDERS = "/portfolio/events/orders"


@pytest.fixture
def fake_kalshi():
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    # The recorded sample catalog; every market has the recorded book (YES ask 0.44 x 17).
    with FakeKalshi.with_sample_catalog(public_key=key.public_key()) as fake:
        from platforms.kalshi.auth import KalshiSigner
        from platforms.kalshi.platform import KalshiPlatform

        platform = KalshiPlatform(
            base_url=fake.base_url, signer=KalshiSigner.from_pem(key_id="test-key", pem=pem),
            timeout_s=0.5, sleep=lambda s: None,
        )
        # The registry caches one client per venue: this test's client is the live one.
        registry._instances["kalshi"] = platform
        yield fake


@pytest.fixture
def kalshi_pair(fake_kalshi, venues, settings, staff_user):
    settings.EVENTSARB_VENUES = ["kalshi", "test_polymarket"]
    settings.EVENTSARB_TRADING_MODE = "live"
    catalog_sync(slug="kalshi")
    catalog_sync(slug="test_polymarket")
    a = Market.objects.filter(platform__slug="kalshi").order_by("external_id").first()
    order_books_pull(markets=[a])
    poly = venues[1]
    # The Polymarket-side market whose NO is cheapest, so YES on Kalshi + NO there is an edge.
    books = poly.get_books([m for m in (_ref(m) for m in Market.objects.filter(
        platform__slug="test_polymarket"))])
    best_id = max(books, key=lambda ext: books[ext].best_bid)
    b = Market.objects.get(platform__slug="test_polymarket", external_id=best_id)
    order_books_pull(markets=[b])
    return MarketPair.objects.create(
        market_a=a, market_b=b, status=MarketPair.Status.APPROVED,
        relation=MarketPair.Relation.IDENTICAL, reviewer=staff_user, reviewed_at=timezone.now(),
    )


def _ref(market):
    from platforms.base import MarketRef

    return MarketRef(market.external_id)


@pytest.mark.django_db
def test_kalshi_order_placed_but_timed_out_is_found_by_client_id(fake_kalshi, kalshi_pair, spy):
    opportunity = make_opportunity(kalshi_pair, size=Decimal(10))
    fake_kalshi.fail(ORDERS, method="POST", mode="hang", process=True)
    attempt = opportunity_execute(opportunity_id=opportunity.id).attempt
    kalshi_order = Order.objects.get(attempt=attempt, platform_slug="kalshi")
    assert attempt.state == ArbAttempt.State.COMPLETE
    assert "Timeout" in kalshi_order.error
    assert kalshi_order.status == Order.Status.FILLED
    posted = [r.body["client_order_id"] for r in fake_kalshi.requests_to(ORDERS, "POST")]
    assert posted == [kalshi_order.client_order_id]
    venue_fee = Decimal(next(iter(fake_kalshi.orders.values()))["taker_fees_dollars"])
    assert kalshi_order.fee_paid == venue_fee
    assert_safe(attempt, spy)


@pytest.mark.django_db
def test_kalshi_order_dropped_before_placing_is_not_resent(fake_kalshi, kalshi_pair, spy):
    opportunity = make_opportunity(kalshi_pair, size=Decimal(10))
    fake_kalshi.fail(ORDERS, method="POST", mode="drop", process=False)
    attempt = opportunity_execute(opportunity_id=opportunity.id).attempt
    # Absent right after the drop may be the venue's lag: only after the grace is it not placed.
    assert attempt.orders.get().status == Order.Status.UNKNOWN
    with time_machine.travel(
        timezone.now() + timedelta(seconds=services.NOT_FOUND_GRACE_S + 1), tick=False
    ):
        attempts_recover()
    attempt.refresh_from_db()
    # Kalshi's 17 contracts at the limit are the thinner book, so it is leg 1.
    assert list(attempt.orders.values_list("platform_slug", "role", "status")) == [
        ("kalshi", "leg1", "not_placed"),
    ]
    assert attempt.state == ArbAttempt.State.LEG1_FAILED
    assert len(fake_kalshi.requests_to(ORDERS, "POST")) == 1
    assert fake_kalshi.orders == {}
    assert spy.calls == []
    assert_safe(attempt, spy)
