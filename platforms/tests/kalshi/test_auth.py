"""KalshiSigner: the signed text, the PSS parameters, key loading and its errors."""

from __future__ import annotations

import base64

import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ed25519, padding

from platforms.base import AuthError
from platforms.kalshi.auth import KalshiSigner

PSS = padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=padding.PSS.DIGEST_LENGTH)


def test_headers_sign_timestamp_method_and_path_without_query(rsa_key, rsa_pem):
    signer = KalshiSigner.from_pem(key_id="key-1", pem=rsa_pem, clock_ms=lambda: 1703123456789)
    headers = signer.headers("get", "/trade-api/v2/portfolio/orders?limit=5")
    assert headers["KALSHI-ACCESS-KEY"] == "key-1"
    assert headers["KALSHI-ACCESS-TIMESTAMP"] == "1703123456789"
    signature = base64.b64decode(headers["KALSHI-ACCESS-SIGNATURE"])
    rsa_key.public_key().verify(
        signature, b"1703123456789GET/trade-api/v2/portfolio/orders", PSS, hashes.SHA256()
    )
    with pytest.raises(InvalidSignature):
        rsa_key.public_key().verify(
            signature, b"1703123456789GET/trade-api/v2/portfolio/orders?limit=5", PSS,
            hashes.SHA256(),
        )


def test_pss_salt_is_digest_length(rsa_key, rsa_pem):
    """A verifier that insists on a 32-byte salt accepts the signature."""
    signer = KalshiSigner.from_pem(key_id="k", pem=rsa_pem, clock_ms=lambda: 1)
    signature = base64.b64decode(signer.headers("GET", "/trade-api/ws/v2")["KALSHI-ACCESS-SIGNATURE"])
    strict = padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=32)
    rsa_key.public_key().verify(signature, b"1GET/trade-api/ws/v2", strict, hashes.SHA256())


def test_from_path_and_one_line_env_pem(tmp_path, rsa_key, rsa_pem):
    key_file = tmp_path / "kalshi.pem"
    key_file.write_text(rsa_pem)
    from_file = KalshiSigner.from_path(key_id="k", path=key_file, clock_ms=lambda: 7)
    one_line = KalshiSigner.from_pem(key_id="k", pem=rsa_pem.replace("\n", "\\n"), clock_ms=lambda: 7)
    for signer in (from_file, one_line):
        signature = base64.b64decode(signer.headers("POST", "/trade-api/v2/x")["KALSHI-ACCESS-SIGNATURE"])
        rsa_key.public_key().verify(signature, b"7POST/trade-api/v2/x", PSS, hashes.SHA256())


def test_ed25519_keys_sign_the_same_text():
    key = ed25519.Ed25519PrivateKey.generate()
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                            serialization.NoEncryption())
    signer = KalshiSigner.from_pem(key_id="k", pem=pem, clock_ms=lambda: 5)
    signature = base64.b64decode(signer.headers("DELETE", "/trade-api/v2/p")["KALSHI-ACCESS-SIGNATURE"])
    key.public_key().verify(signature, b"5DELETE/trade-api/v2/p")


def test_bad_key_material_raises_auth_error_without_echoing_it(tmp_path):
    with pytest.raises(AuthError) as bad_pem:
        KalshiSigner.from_pem(key_id="k", pem="-----BEGIN PRIVATE KEY-----\nsecretstuff\n")
    assert "secretstuff" not in str(bad_pem.value)
    with pytest.raises(AuthError, match="cannot read"):
        KalshiSigner.from_path(key_id="k", path=tmp_path / "missing.pem")


def test_empty_key_id_is_an_auth_error(rsa_pem):
    with pytest.raises(AuthError, match="KALSHI_API_KEY_ID"):
        KalshiSigner.from_pem(key_id="", pem=rsa_pem)


def test_repr_shows_no_key_material(rsa_pem):
    signer = KalshiSigner.from_pem(key_id="key-9", pem=rsa_pem)
    assert repr(signer) == "KalshiSigner(key_id='key-9')"
