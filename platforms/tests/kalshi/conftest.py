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


@pytest.fixture
def fake_kalshi(rsa_key):
    """A started FakeKalshi that verifies signatures with the test key pair's public key."""
    from .fake_server import FakeKalshi

    with FakeKalshi.with_sample_catalog(public_key=rsa_key.public_key()) as fake:
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
