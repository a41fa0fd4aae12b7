"""Fixtures for the Kalshi client tests: recorded payloads, a throwaway key pair, a fake server."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

FIXTURES = Path(__file__).parent / "fixtures"


def load(name: str) -> dict:
    """A recorded payload from fixtures/ (a fresh copy: tests may mutate it)."""
    return copy.deepcopy(json.loads((FIXTURES / name).read_text()))


@pytest.fixture(scope="session")
def rsa_key() -> rsa.RSAPrivateKey:
    """A key pair made for this test run only; no private key is ever committed."""
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture(scope="session")
def rsa_pem(rsa_key) -> str:
    return rsa_key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


def catalog(n_markets: int = 5) -> dict:
    """A small venue catalog built from the recorded samples: one series, two events, n binary
    markets on the first event and one on a second event whose fee values are overridden."""
    series = load("series.json")["series"]
    event = load("event.json")["event"]
    event.pop("markets")
    base = load("market.json")["market"]
    markets = []
    for i in range(n_markets):
        markets.append(base | {"ticker": f"{base['ticker']}-{i}", "yes_sub_title": f"Bucket {i}"})
    other_event = event | {"event_ticker": "KXHIGHNY-24JAN02", "title": "NYC high on Jan 2?",
                           "fee_type_override": "quadratic_with_maker_fees",
                           "fee_multiplier_override": 0.5}
    markets.append(base | {"ticker": "KXHIGHNY-24JAN02-T50", "event_ticker": "KXHIGHNY-24JAN02"})
    return {"series": [series], "events": [event, other_event], "markets": markets}


@pytest.fixture
def fake_kalshi(rsa_key):
    """A started FakeKalshi that verifies signatures with the test key pair's public key."""
    from .fake_server import FakeKalshi

    data = catalog()
    fake = FakeKalshi(public_key=rsa_key.public_key(), **data)
    fake.books = {m["ticker"]: load("orderbook.json")["orderbook_fp"] for m in data["markets"]}
    with fake:
        yield fake


@pytest.fixture
def make_platform(rsa_pem, fake_kalshi):
    """Builds a KalshiPlatform against the fake (no backoff sleeps; short timeout)."""
    from platforms.kalshi.auth import KalshiSigner
    from platforms.kalshi.platform import KalshiPlatform

    built = []

    def make(*, keys: bool = True, timeout_s: float = 2.0, **kw):
        signer = KalshiSigner.from_pem(key_id="test-key", pem=rsa_pem) if keys else None
        platform = KalshiPlatform(base_url=fake_kalshi.base_url, signer=signer,
                                  timeout_s=timeout_s, sleep=lambda s: None, **kw)
        built.append(platform)
        return platform

    yield make
    for platform in built:
        platform.close()
