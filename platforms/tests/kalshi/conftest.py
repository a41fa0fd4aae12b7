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
