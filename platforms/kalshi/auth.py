"""Kalshi request signing: RSA-PSS (or Ed25519) over timestamp_ms + METHOD + path.

The signed text is the Unix time in milliseconds, the upper-case HTTP method and the path from
the host root including `/trade-api/v2` (or `/trade-api/ws/v2` for the WebSocket upgrade),
without the query string; the body is not signed. RSA keys sign with PSS, SHA-256, MGF1(SHA-256)
and a salt as long as the digest (32 bytes). Ed25519 keys (accepted since 2026-09-24) sign the
same text.

Reference: https://docs.kalshi.com/getting_started/api_keys

The key and the signatures are secrets: nothing here logs them, and error messages never
include them.
"""

from __future__ import annotations

import base64
import time
from collections.abc import Callable
from pathlib import Path

from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ed25519, padding, rsa

from platforms.base import AuthError

HEADER_KEY = "KALSHI-ACCESS-KEY"
HEADER_TIMESTAMP = "KALSHI-ACCESS-TIMESTAMP"
HEADER_SIGNATURE = "KALSHI-ACCESS-SIGNATURE"

_PSS = padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=padding.PSS.DIGEST_LENGTH)


def _load_private_key(pem: bytes) -> rsa.RSAPrivateKey | ed25519.Ed25519PrivateKey:
    try:
        key = serialization.load_pem_private_key(pem, password=None)
    except (ValueError, TypeError, UnsupportedAlgorithm):
        # Never echo the PEM: it is the secret.
        raise AuthError(
            "kalshi: the private key is not a readable unencrypted PEM (PKCS#8 or RSA)",
            platform="kalshi",
        ) from None
    if not isinstance(key, rsa.RSAPrivateKey | ed25519.Ed25519PrivateKey):
        raise AuthError("kalshi: the private key must be RSA or Ed25519", platform="kalshi")
    return key


class KalshiSigner:
    """Builds the three KALSHI-ACCESS-* headers for one request.

    Build it with `from_pem` (a PEM string, e.g. from the environment) or `from_path` (a key
    file). `clock_ms` is injectable for tests.
    """

    def __init__(
        self, *, key_id: str, private_key: rsa.RSAPrivateKey | ed25519.Ed25519PrivateKey,
        clock_ms: Callable[[], int] | None = None,
    ) -> None:
        if not key_id:
            raise AuthError("kalshi: KALSHI_API_KEY_ID is empty", platform="kalshi")
        self.key_id = key_id
        self._key = private_key
        self._clock_ms = clock_ms or (lambda: time.time_ns() // 1_000_000)

    def __repr__(self) -> str:
        return f"KalshiSigner(key_id={self.key_id!r})"

    @classmethod
    def from_pem(cls, *, key_id: str, pem: str | bytes, **kw: object) -> KalshiSigner:
        """A signer from PEM text. Literal "\\n" sequences (one-line env values) become newlines."""
        data = pem.encode() if isinstance(pem, str) else pem
        if b"\n" not in data.strip() and b"\\n" in data:
            data = data.replace(b"\\n", b"\n")
        return cls(key_id=key_id, private_key=_load_private_key(data.strip() + b"\n"), **kw)  # type: ignore[arg-type]

    @classmethod
    def from_path(cls, *, key_id: str, path: str | Path, **kw: object) -> KalshiSigner:
        """A signer from a PEM key file."""
        try:
            data = Path(path).expanduser().read_bytes()
        except OSError as exc:
            raise AuthError(
                f"kalshi: cannot read the private key file {str(path)!r}: {exc.strerror}",
                platform="kalshi",
            ) from None
        return cls.from_pem(key_id=key_id, pem=data, **kw)

    def sign(self, message: bytes) -> str:
        """Base64 of the signature of `message`."""
        if isinstance(self._key, rsa.RSAPrivateKey):
            signature = self._key.sign(message, _PSS, hashes.SHA256())
        else:
            signature = self._key.sign(message)
        return base64.b64encode(signature).decode()

    def headers(self, method: str, path: str) -> dict[str, str]:
        """The auth headers for `method` on `path` (from the host root; any query is dropped).

        e.g. headers("GET", "/trade-api/v2/portfolio/balance") or, for the WebSocket upgrade,
        headers("GET", "/trade-api/ws/v2").
        """
        timestamp = str(self._clock_ms())
        path_only = path.split("?", 1)[0]
        message = f"{timestamp}{method.upper()}{path_only}".encode()
        return {
            HEADER_KEY: self.key_id,
            HEADER_TIMESTAMP: timestamp,
            HEADER_SIGNATURE: self.sign(message),
        }
