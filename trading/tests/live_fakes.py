"""Both real venue clients live against their fakes on 127.0.0.1: Kalshi (fake_server.FakeKalshi,
RSA-PSS signed requests) and Polymarket (fake_server.FakePolymarket with the fake_clob matching
engine: L2 HMAC auth, EIP-712 signed orders, the venue's amount, tick and minimum rules, FAK
sweeps and overfills). One approved pair joins a Kalshi market (leg a, YES) and the recorded
Polymarket market (leg b, NO); each test shapes both books.

`LiveVenues.assert_safe(attempt)` checks the invariants of every scenario: no order sent twice
over HTTP (Kalshi by client order id, Polymarket by the salt our client order id derives), every
sent order journaled, no unflagged open exposure (a leg imbalance only with needs_attention and
an open DriftFlag naming the unhedged size), and the journal agreeing with both venues'
fills and positions.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.utils import timezone
from eth_account import Account

from markets.models import Market
from markets.services import catalog_sync, order_books_pull
from platforms import registry
from platforms.kalshi.auth import KalshiSigner
from platforms.kalshi.platform import KalshiPlatform
from platforms.polymarket.platform import _salt_for
from platforms.tests.kalshi.fake_server import FakeKalshi
from platforms.tests.polymarket.conftest import (
    API_KEY,
    API_SECRET,
    CID,
    NO,
    YES,
    load,
    make_credentials,
    make_platform,
    tradeable,
)
from platforms.tests.polymarket.fake_clob import ClobMarket, FakeClob
from platforms.tests.polymarket.fake_server import FakePolymarket
from similarity.models import MarketPair
from trading.models import ArbAttempt, DriftFlag, Order, Position
from trading.services import attempts_reconcile
from trading.tests.conftest import make_opportunity

KALSHI_ORDERS = "/portfolio/events/orders"
KALSHI_TICKER = "KXHIGHNY-24JAN01-T60-0"
D = Decimal
# Client timeouts short enough for the suite; the fakes hold a "hang" longer than that.
KALSHI_TIMEOUT_S = 0.4
POLY_TIMEOUT_S = 0.4
POLY_HANG_S = 0.8


def _cents(value: Decimal) -> str:
    return f"{value:.4f}"


@dataclass
class LiveVenues:
    kalshi: FakeKalshi
    poly: FakePolymarket
    clob: FakeClob
    kalshi_key: rsa.RSAPrivateKey
    eoa: object
    pair: MarketPair | None = None

    # --- set-up --------------------------------------------------------------------------
    def connect(self) -> None:
        """(Re)build both venue clients, as a restarted process does: nothing in memory."""
        pem = self.kalshi_key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        ).decode()
        registry.reset_platforms()
        registry._instances["kalshi"] = KalshiPlatform(
            base_url=self.kalshi.base_url,
            signer=KalshiSigner.from_pem(key_id="test-key", pem=pem),
            timeout_s=KALSHI_TIMEOUT_S, sleep=lambda s: None,
        )
        registry._instances["polymarket"] = make_platform(
            self.poly, credentials=make_credentials(self.eoa), timeout_s=POLY_TIMEOUT_S
        )

    def set_kalshi_book(
        self, *, yes_asks: list[tuple[str, str]], yes_bids: list[tuple[str, str]]
    ) -> None:
        """Kalshi's book in the YES view (Kalshi serves bids only: a YES ask is a NO bid)."""
        self.kalshi.books[KALSHI_TICKER] = {
            "yes_dollars": [[_cents(D(p)), s] for p, s in sorted(yes_bids)],
            "no_dollars": [[_cents(1 - D(p)), s] for p, s in sorted(yes_asks, reverse=True)],
        }

    def set_poly_book(
        self, *, yes_bids: list[tuple[str, str]], yes_asks: list[tuple[str, str]],
        liquidity: float = 1.0,
    ) -> None:
        """Polymarket's YES book as served by GET/POST /books, and the same liquidity in the
        matching engine on both tokens (a NO ask at 1 - p for each YES bid at p).

        `liquidity` scales what the engine really holds against what the book shows (below 1:
        part of the shown depth is gone by the time an order arrives)."""
        def scaled(levels: list[tuple[str, str]]) -> list[tuple[str, str]]:
            return [(p, str((D(s) * D(str(liquidity))).quantize(D("0.01")))) for p, s in levels]

        self.poly.state.books[YES] = {
            "market": CID, "asset_id": YES, "timestamp": "1787412121305", "hash": "",
            "bids": [{"price": p, "size": s} for p, s in yes_bids],
            "asks": [{"price": p, "size": s} for p, s in yes_asks],
        }
        self.clob.set_book(YES, asks=scaled(yes_asks), bids=scaled(yes_bids))
        self.clob.set_book(
            NO, asks=[(str(1 - D(p)), s) for p, s in scaled(yes_bids)],
            bids=[(str(1 - D(p)), s) for p, s in scaled(yes_asks)],
        )

    def sync(self, staff_user) -> MarketPair:
        """Catalogs of both fakes synced, books pulled, the pair approved."""
        catalog_sync(slug="kalshi")
        catalog_sync(slug="polymarket")
        a = Market.objects.get(platform__slug="kalshi", external_id=KALSHI_TICKER)
        b = Market.objects.get(platform__slug="polymarket", external_id=CID.lower())
        order_books_pull(markets=[a, b])
        self.pair = MarketPair.objects.create(
            market_a=a, market_b=b, status=MarketPair.Status.APPROVED,
            relation=MarketPair.Relation.IDENTICAL, orientation=MarketPair.Orientation.SAME,
            reviewer=staff_user, reviewed_at=timezone.now(),
        )
        return self.pair

    def opportunity(self, size: Decimal | None = None):
        """An open Opportunity for `size` (10 by default) priced off both fresh books."""
        assert self.pair is not None
        order_books_pull(markets=[self.pair.market_a, self.pair.market_b])
        return make_opportunity(self.pair, size=D(10) if size is None else size)

    # --- what the venues saw -------------------------------------------------------------
    def kalshi_posted(self) -> list[str]:
        """Client order ids of every order POST that reached Kalshi."""
        return [r.body["client_order_id"] for r in self.kalshi.requests_to(KALSHI_ORDERS, "POST")
                if isinstance(r.body, dict)]

    def poly_posted(self) -> list[str]:
        """Our client order ids of every order POST that reached Polymarket (by their salt)."""
        journaled = Order.objects.filter(platform_slug="polymarket").values_list(
            "client_order_id", flat=True)
        by_salt = {_salt_for(cid): cid for cid in journaled}
        return [by_salt.get(json.loads(r.body)["order"]["salt"], "unjournaled")
                for r in self.poly.requests_to("/order") if r.method == "POST" and r.body]

    def posted(self) -> list[str]:
        return self.kalshi_posted() + self.poly_posted()

    def _poly_positions(self) -> list[dict[str, object]]:
        """The Data API's view of our wallet: our settled trades netted per token."""
        held: Counter[str] = Counter()
        for trade in self.clob.trades:
            if "FAILED" in trade["status"]:
                continue
            size = D(trade["size"]) if trade["trader_side"] == "TAKER" else sum(
                (D(m["matched_amount"]) for m in trade["maker_orders"]
                 if m["owner"] == API_KEY), D(0))
            side = trade["side"] if trade["trader_side"] == "TAKER" else (
                "BUY" if trade["side"] == "SELL" else "SELL")
            held[trade["asset_id"]] += size if side == "BUY" else -size
        return [{"condition_id": CID, "outcome_index": 0 if token == YES else 1,
                 "current_size": str(size)} for token, size in held.items() if size]

    # --- the invariants ------------------------------------------------------------------
    def assert_safe(self, attempt: ArbAttempt, *, terminal: bool = True) -> None:
        attempt.refresh_from_db()
        posted = self.posted()
        # No order reached a venue twice, and every order sent was journaled first.
        assert [cid for cid, n in Counter(posted).items() if n > 1] == []
        journaled = set(Order.objects.values_list("client_order_id", flat=True))
        assert set(posted) <= journaled
        # No unflagged open exposure.
        held = {p.leg: p.size for p in Position.objects.filter(attempt=attempt)}
        naked = abs(held.get("a", D(0)) - held.get("b", D(0)))
        if naked:
            assert attempt.needs_attention, f"{naked} unhedged without a flag ({attempt.state})"
            messages = list(DriftFlag.objects.filter(
                attempt=attempt, resolved_at__isnull=True).values_list("message", flat=True))
            assert any(str(naked) in m for m in messages), (naked, messages)
        if terminal:
            assert attempt.state in ArbAttempt.TERMINAL_STATES, attempt.state
        # The journal agrees with both venues (fills per order, positions per market).
        self.poly.state.positions = self._poly_positions()
        attempts_reconcile()
        drift = DriftFlag.objects.filter(
            resolved_at__isnull=True,
            kind__in=[DriftFlag.Kind.POSITION, DriftFlag.Kind.GHOST_FILL, DriftFlag.Kind.ORDER],
        )
        found = [f"{kind}: {message}" for kind, message in drift.values_list("kind", "message")]
        assert found == [], "\n".join(found)


@pytest.fixture
def live_venues(settings):
    """Both fakes running, both clients registered, live mode; books left to the test."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    eoa = Account.from_key("0x" + "11" * 32)
    settings.EVENTSARB_VENUES = ["kalshi", "polymarket"]
    settings.EVENTSARB_TRADING_MODE = "live"
    with FakeKalshi.with_sample_catalog(public_key=key.public_key()) as kalshi, \
            FakePolymarket() as poly:
        poly.state.api_key, poly.state.api_secret = API_KEY, API_SECRET
        poly.state.timeout_sleep_s = POLY_HANG_S
        poly.state.balance = {"balance": str(10**12)}
        market = tradeable(load("gamma_market_open_fee_enabled_trimmed.json"))
        poly.state.pages = {None: ([market], None)}
        poly.state.markets_by_token = {YES: [market], NO: [market]}
        clob = FakeClob(api_key=API_KEY, owner_address=eoa.address,
                        funder=make_credentials(eoa).funder)
        clob.add_market(ClobMarket(CID, YES, NO, fee_rate_bps=D(700)))
        poly.state.clob = clob
        poly.state.poly_address = eoa.address
        venues = LiveVenues(kalshi=kalshi, poly=poly, clob=clob, kalshi_key=key, eoa=eoa)
        venues.connect()
        yield venues
        registry.reset_platforms()
