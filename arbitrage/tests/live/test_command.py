"""`manage.py streambooks`: configuration from settings and a short run with no pairs."""

import json
from decimal import Decimal
from io import StringIO

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from arbitrage.management.commands.streambooks import kalshi_headers, kalshi_ws_url
from platforms.models import Platform


def test_kalshi_ws_url_follows_the_setting_then_the_environment(settings):
    settings.KALSHI_WS_URL = ""
    settings.KALSHI_ENV = "demo"
    assert kalshi_ws_url() == "wss://external-api-ws.demo.kalshi.co/trade-api/ws/v2"
    settings.KALSHI_ENV = "prod"
    assert kalshi_ws_url() == "wss://external-api-ws.kalshi.com/trade-api/ws/v2"
    settings.KALSHI_WS_URL = "ws://127.0.0.1:9/ws"
    assert kalshi_ws_url() == "ws://127.0.0.1:9/ws"


def test_kalshi_headers_need_keys_and_sign_the_ws_path(settings):
    settings.KALSHI_API_KEY_ID = ""
    settings.KALSHI_PRIVATE_KEY_PEM = ""
    settings.KALSHI_PRIVATE_KEY_PATH = ""
    headers, why = kalshi_headers()
    assert headers is None
    assert "no API key" in why
    settings.KALSHI_API_KEY_ID = "kid"
    settings.KALSHI_PRIVATE_KEY_PEM = "not a key"
    headers, why = kalshi_headers()
    assert headers is None
    assert "not a readable" in why
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    settings.KALSHI_PRIVATE_KEY_PEM = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption()).decode()
    headers, why = kalshi_headers()
    assert why == ""
    built = headers()
    assert built["KALSHI-ACCESS-KEY"] == "kid"
    assert built["KALSHI-ACCESS-SIGNATURE"]


def test_command_runs_and_marks_kalshi_unavailable_without_keys(settings, transactional_db):
    settings.EVENTSARB_VENUES = ["kalshi", "polymarket", "test_kalshi"]
    settings.KALSHI_API_KEY_ID = ""
    settings.KALSHI_PRIVATE_KEY_PEM = ""
    settings.KALSHI_PRIVATE_KEY_PATH = ""
    out = StringIO()
    call_command("streambooks", duration=0.2, stdout=out)
    stats = json.loads(out.getvalue().splitlines()[-1])
    assert stats["status"]["kalshi"] == "polling"
    kalshi = Platform.objects.get(slug="kalshi")
    assert "no API key" in kalshi.last_error
    assert kalshi.progress["job"] == "books: polling"


def test_command_leaves_disabled_venues_alone(settings, transactional_db):
    settings.EVENTSARB_VENUES = ["test_kalshi", "test_polymarket"]
    out = StringIO()
    call_command("streambooks", duration=0.2, stdout=out)
    stats = json.loads(out.getvalue().splitlines()[-1])
    assert stats["feeds"] == {}
    assert not Platform.objects.filter(slug__in=["kalshi", "polymarket"]).exists()


def test_command_slippage_cap_comes_from_the_option_or_the_setting(settings):
    from arbitrage.management.commands.streambooks import Command

    settings.EVENTSARB_MAX_SLIPPAGE = "0.03"
    assert Command._max_slippage(None) == Decimal("0.03")
    assert Command._max_slippage("0.01") == Decimal("0.01")
    assert Command._max_slippage("") is None  # an empty option turns the setting's cap off
    with pytest.raises(ImproperlyConfigured, match="EVENTSARB_MAX_SLIPPAGE"):
        Command._max_slippage("1.5")
