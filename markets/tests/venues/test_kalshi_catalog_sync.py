"""markets.services.catalog_sync(slug="kalshi") through the registry against the fake server."""

from __future__ import annotations

from decimal import Decimal

import pytest

from markets.models import Event, Market
from markets.services import catalog_sync
from platforms.base import AuthError
from platforms.kalshi.platform import KalshiPlatform, build
from platforms.models import Platform
from platforms.registry import get_platform, reset_platforms
from platforms.tests.kalshi.conftest import load

pytestmark = pytest.mark.django_db


@pytest.fixture
def kalshi_settings(settings, fake_kalshi):
    settings.KALSHI_BASE_URL = fake_kalshi.base_url
    settings.KALSHI_API_KEY_ID = ""
    settings.KALSHI_PRIVATE_KEY_PATH = ""
    settings.KALSHI_PRIVATE_KEY_PEM = ""
    settings.EVENTSARB_HTTP_TIMEOUT_S = 2.0
    reset_platforms()
    yield settings
    reset_platforms()


def _no_backoff():
    # The registry built the client; keep retries but skip their sleeps.
    get_platform("kalshi").http.sleep = lambda s: None


def test_catalog_sync_stores_markets_events_and_fees(kalshi_settings, fake_kalshi):
    fake_kalshi.page_size = 4
    fake_kalshi.markets.append(load("market.json")["market"] | {"ticker": "BAD", "close_time": "never"})
    result = catalog_sync(slug="kalshi")
    assert result is not None
    assert result.created == 6
    stored = {m.external_id: m for m in Market.objects.filter(platform__slug="kalshi")}
    assert len(stored) == 6
    market = stored["KXHIGHNY-24JAN01-T60-0"]
    assert market.outcome_label == "Bucket 0"
    assert market.status == Market.Status.OPEN
    assert market.tick_size == Decimal("0.01")
    assert market.size_increment == Decimal("0.01")
    assert market.fee_params == {"kind": "kalshi", "fee_type": "quadratic", "multiplier": "1",
                                 "rate": "0", "exponent": "1", "taker_only": True}
    assert market.event.title == "Highest temperature in NYC on Jan 1, 2024?"
    assert market.event.series == "KXHIGHNY"
    assert stored["KXHIGHNY-24JAN02-T50"].fee_params["multiplier"] == "0.5"
    assert Event.objects.filter(platform__slug="kalshi").count() == 2
    stats = Platform.objects.get(slug="kalshi").last_sync_stats
    assert (stats["pages"], stats["read"], stats["skipped"]) == (2, 6, 1)
    assert stats["skipped_reasons"] == {"bad:close_time": 1}


def test_second_sync_updates_and_closes_vanished_markets(kalshi_settings, fake_kalshi):
    catalog_sync(slug="kalshi")
    gone = fake_kalshi.markets.pop(0)
    result = catalog_sync(slug="kalshi")
    assert (result.created, result.updated) == (0, 5)
    assert Market.objects.get(external_id=gone["ticker"]).status == Market.Status.CLOSED
    assert Market.objects.filter(platform__slug="kalshi", status="open").count() == 5


def test_a_venue_failure_is_recorded_and_nothing_is_lost(kalshi_settings, fake_kalshi):
    catalog_sync(slug="kalshi")
    _no_backoff()
    fake_kalshi.fail("/markets", status=503, times=10)
    assert catalog_sync(slug="kalshi") is None
    platform = Platform.objects.get(slug="kalshi")
    assert "PlatformUnavailable" in platform.last_error
    assert Market.objects.filter(platform__slug="kalshi", status="open").count() == 6


def test_build_reads_keys_from_settings(kalshi_settings, rsa_pem, tmp_path):
    key_file = tmp_path / "k.pem"
    key_file.write_text(rsa_pem)
    kalshi_settings.KALSHI_API_KEY_ID = "key-1"
    kalshi_settings.KALSHI_PRIVATE_KEY_PATH = str(key_file)
    kalshi_settings.KALSHI_RATE_TIER = "advanced"
    platform = build()
    assert isinstance(platform, KalshiPlatform)
    assert platform.has_credentials
    assert platform.client.write_bucket.capacity == 600
    assert platform.http.base_url == kalshi_settings.KALSHI_BASE_URL
    platform.close()


def test_a_broken_key_keeps_public_data_working(kalshi_settings, fake_kalshi):
    kalshi_settings.KALSHI_API_KEY_ID = "key-1"
    kalshi_settings.KALSHI_PRIVATE_KEY_PEM = "not a pem"
    platform = build()
    assert len(list(platform.iter_markets())) == 6
    with pytest.raises(AuthError, match="not a readable"):
        platform.get_balance()
    platform.close()


@pytest.mark.parametrize(("env", "host"), [("prod", "external-api.kalshi.com"),
                                           ("demo", "external-api.demo.kalshi.co")])
def test_environment_picks_the_base_url(kalshi_settings, env, host):
    kalshi_settings.KALSHI_BASE_URL = ""
    kalshi_settings.KALSHI_ENV = env
    platform = build()
    assert platform.http.base_url == f"https://{host}/trade-api/v2"
    platform.close()


def test_registry_client_trades_signed_with_a_pem_from_settings(kalshi_settings, fake_kalshi,
                                                                  rsa_pem):
    from platforms.base import Action, OrderIntent, OrderStatus, Outcome

    kalshi_settings.KALSHI_API_KEY_ID = "key-1"
    kalshi_settings.KALSHI_PRIVATE_KEY_PEM = rsa_pem.replace("\n", "\\n")  # one-line env form
    reset_platforms()
    client = get_platform("kalshi")
    result = client.place_order(OrderIntent(
        client_order_id="reg-1", market_external_id="KXHIGHNY-24JAN01-T60-0",
        outcome=Outcome.NO, action=Action.BUY, price=Decimal("0.45"), size=Decimal("2")))
    assert result.status is OrderStatus.FILLED
    assert client.get_balance() < Decimal(1000)
    signed = [r for r in fake_kalshi.requests if r.path.startswith("/portfolio")]
    assert len(signed) == 2
    assert all(r.signature_ok for r in signed)
    assert all(r.headers["kalshi-access-key"] == "key-1" for r in signed)
