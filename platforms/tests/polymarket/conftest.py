"""Fixtures for the Polymarket tests: recorded payloads, derived variants, the fake server.

The files in fixtures/ are verbatim copies of recorded Polymarket payloads (provenance in
/work/shared/platforms/polymarket/SOURCES.md at the time of writing). Recorded markets are closed
or field-trimmed, so tests derive tradeable variants with `tradeable()` below: the only change is
the state flags, spelled out here rather than hidden in edited fixtures.
"""

from __future__ import annotations

import copy
import hashlib
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from eth_account import Account

from platforms.http import RetryPolicy
from platforms.polymarket.client import Credentials, PolymarketClient
from platforms.polymarket.platform import PolymarketPlatform
from platforms.tests.polymarket.fake_clob import ClobMarket, FakeClob
from platforms.tests.polymarket.fake_server import FakePolymarket

FIXTURES = Path(__file__).parent / "fixtures"
API_KEY = "00000000-test-key0-0000-000000000000"
API_SECRET = "c2VjcmV0LWZvci10ZXN0cy1vbmx5LTEyMzQ1Njc4OTA="  # urlsafe b64, made up for tests
API_PASSPHRASE = "test-passphrase"
FUNDER = "0x" + "ab" * 20  # the deposit wallet (signature type 3) of the test account
# The recorded fee-enabled market (gamma_market_open_fee_enabled_trimmed.json): its condition id
# and its YES / NO tokens.
CID = "0x99a1879635bc8873891cc472d5e39ca0efaf2017c562ae244810747a7f8edbd5"
YES = "66335306745821529065179061745515953781644081595464464996921948603911228936814"
NO = "63382519856399132244485492020084100091374236550290181904952415637486462703240"


def load(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text())


def tradeable(raw: dict[str, Any], **overrides: Any) -> dict[str, Any]:
    """A copy of a recorded market with the flags of a live, order-accepting market."""
    market = copy.deepcopy(raw)
    market.update(closed=False, active=True, archived=False, enableOrderBook=True,
                  acceptingOrders=True)
    market.update(overrides)
    return market


def with_condition_id(raw: dict[str, Any], seed: str) -> dict[str, Any]:
    """A copy with its own condition id and token ids (for multi-page catalogs)."""
    market = copy.deepcopy(raw)
    market["conditionId"] = "0x" + hashlib.sha256(seed.encode()).hexdigest()
    base = int(hashlib.sha256(f"tok{seed}".encode()).hexdigest(), 16) % 10**76
    market["clobTokenIds"] = json.dumps([str(10**76 + base), str(2 * 10**76 + base)])
    return market


def event_markets() -> list[dict[str, Any]]:
    """The markets nested in the recorded /events sample, each with its parent event attached
    the way /markets returns it (`events: [...]`)."""
    out = []
    for event in load("gamma_events_response_with_markets_trimmed.json"):
        parent = {k: v for k, v in event.items() if k != "markets"}
        for market in event["markets"]:
            out.append(tradeable(market, events=[parent]))
    return out


@pytest.fixture
def fake():
    with FakePolymarket() as server:
        server.state.api_key = API_KEY
        server.state.api_secret = API_SECRET
        yield server


@pytest.fixture
def eoa():
    return Account.from_key("0x" + "11" * 32)


@pytest.fixture
def clob(fake, eoa):
    """The fake's matching engine for the recorded market (fee rate 700 bps, tick 0.01, min 5),
    owned by the `eoa` key through the FUNDER deposit wallet; Gamma serves the market too, so
    fee schedules can be looked up by token."""
    engine = FakeClob(api_key=API_KEY, owner_address=eoa.address, funder=FUNDER)
    engine.add_market(ClobMarket(CID, YES, NO, fee_rate_bps=Decimal(700)))
    fake.state.clob = engine
    fake.state.poly_address = eoa.address  # POLY_ADDRESS must name the key's address
    market = tradeable(load("gamma_market_open_fee_enabled_trimmed.json"))
    fake.state.markets_by_token[YES] = [market]
    fake.state.markets_by_token[NO] = [market]
    return engine


def make_platform(
    fake: FakePolymarket, *, credentials: Credentials | None = None, timeout_s: float = 2.0,
    clock: Any = None,
) -> PolymarketPlatform:
    client = PolymarketClient(
        gamma_url=fake.url, clob_url=fake.url, data_url=fake.url, timeout_s=timeout_s,
        sleep=lambda s: None, retry=RetryPolicy(max_attempts=3, base_delay_s=0.0),
    )
    kwargs = {"clock": clock} if clock else {}
    return PolymarketPlatform(client=client, credentials=credentials, **kwargs)


def make_credentials(eoa: Any, *, signature_type: int = 3, funder: str = "") -> Credentials:
    return Credentials(
        private_key=eoa.key.hex(), api_key=API_KEY, api_secret=API_SECRET,
        api_passphrase=API_PASSPHRASE,
        funder=funder or FUNDER, signature_type=signature_type,
    )
