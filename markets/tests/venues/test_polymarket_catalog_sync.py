"""End to end: markets.services.catalog_sync(slug="polymarket") against the fake Gamma server."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from markets.models import Event, Market
from markets.services import catalog_sync
from platforms.models import Platform
from platforms.registry import get_platform, reset_platforms
from platforms.tests.polymarket.conftest import event_markets, load, tradeable, with_condition_id
from pricing.fees import Fee


@pytest.fixture
def polymarket_on_fake(fake, settings):
    settings.POLYMARKET_GAMMA_URL = fake.url
    settings.POLYMARKET_CLOB_URL = fake.url
    settings.POLYMARKET_PRIVATE_KEY = ""
    settings.EVENTSARB_HTTP_TIMEOUT_S = 2.0
    reset_platforms()
    yield fake
    reset_platforms()


@pytest.mark.django_db
def test_catalog_sync_stores_tradeable_markets_and_counts_skips(polymarket_on_fake):
    fake = polymarket_on_fake
    legs = [tradeable(raw) for raw in load("gamma_markets_response.json")]
    fee_market = tradeable(load("gamma_market_open_fee_enabled_trimmed.json"))
    extra = [with_condition_id(fee_market, f"m{i}") for i in range(150)]
    closed = load("gamma_markets_response.json")[1]
    malformed = dict(with_condition_id(fee_market, "bad"), outcomes='["only one"]')
    fake.state.pages[None] = (legs + [fee_market, closed] + extra[:97], "p2")
    fake.state.pages["p2"] = ([malformed, *extra[97:]], "p3")
    fake.state.pages["p3"] = (event_markets(), None)

    assert get_platform("polymarket").pair_side == "b"
    result = catalog_sync(slug="polymarket")

    expected = len(legs) + 1 + len(extra) + len(event_markets())
    assert result is not None
    assert result.created == expected
    platform = Platform.objects.get(slug="polymarket")
    assert Market.objects.filter(platform=platform).count() == expected
    stats = platform.last_sync_stats
    assert stats["pages"] == 3
    assert stats["skipped_reasons"] == {"closed": 1, "malformed:outcomes": 1}

    trump = Market.objects.get(platform=platform, external_id=legs[0]["conditionId"])
    assert trump.yes_token_id == json.loads(legs[0]["clobTokenIds"])[0]
    assert trump.event.external_id == legs[0]["events"][0]["id"]
    assert trump.extra["group_item_title"] == "Donald Trump"
    assert Market.objects.filter(event=trump.event).count() == 2  # both neg-risk legs
    eth = Market.objects.get(platform=platform, external_id=fee_market["conditionId"])
    assert Fee.from_json(eth.fee_params).rate == Decimal("0.07")
    assert eth.tick_size == Decimal("0.01")  # absent in the trimmed recording: the default
    assert Event.objects.filter(platform=platform).count() == 1 + 3  # the election + 3 events

    # A second sync where one market vanished closes it and changes nothing else.
    fake.state.pages["p3"] = (event_markets()[1:], None)
    again = catalog_sync(slug="polymarket")
    assert again is not None
    assert again.created == 0
    assert Market.objects.filter(platform=platform, status=Market.Status.CLOSED).count() == 1


@pytest.mark.django_db
def test_catalog_sync_records_a_venue_outage(polymarket_on_fake):
    fake = polymarket_on_fake
    fake.fail_next("/markets/keyset", "502html", "502html", "502html")
    fake.state.pages[None] = ([], None)
    assert catalog_sync(slug="polymarket") is None
    platform = Platform.objects.get(slug="polymarket")
    assert "PlatformUnavailable" in platform.last_error
