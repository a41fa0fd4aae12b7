"""The venue clients' fake servers and keys (platforms/tests), for catalog syncs through them."""

from platforms.tests.kalshi.conftest import fake_kalshi, rsa_key, rsa_pem  # noqa: F401
from platforms.tests.polymarket.conftest import fake  # noqa: F401
