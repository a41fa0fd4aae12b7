"""Synthetic catalog rows for arbitrage tests and the scan benchmark (no venue involved)."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

from markets.models import Market, OrderBook, rules_hash
from platforms.base import BookSnapshot
from platforms.models import Platform
from pricing.levels import levels_sorted, levels_to_json
from similarity.models import MarketPair, OutcomeSet, OutcomeSetMember

KALSHI_FEES = {"kind": "kalshi", "fee_type": "quadratic", "multiplier": "1"}
POLY_FEES = {"kind": "polymarket", "rate": "0.04", "exponent": "1"}


def platform(slug: str) -> Platform:
    return Platform.objects.get_or_create(slug=slug, defaults={"name": slug})[0]


def market(
    slug: str, external_id: str, *, fee_params=None, min_size="1", increment="1",
    status=Market.Status.OPEN, settles_at: datetime | None = None, rules_text="Resolves YES if X.",
) -> Market:
    return Market.objects.create(
        platform=platform(slug), external_id=external_id, title=f"Market {external_id}",
        rules_text=rules_text, rules_hash=rules_hash(rules_text), status=status,
        fee_params=fee_params if fee_params is not None else {},
        min_order_size=Decimal(min_size), size_increment=Decimal(increment),
        expected_settle_time=settles_at,
    )


def levels(raw, *, descending: bool):
    return levels_sorted([(Decimal(p), Decimal(s)) for p, s in raw], descending=descending)


def book_put(m: Market, *, bids=(), asks=(), checked_at: datetime) -> OrderBook:
    """Store a book as the market's latest, confirmed at checked_at."""
    snap = BookSnapshot(
        market_external_id=m.external_id, yes_bids=levels(bids, descending=True),
        yes_asks=levels(asks, descending=False),
    )
    row = OrderBook.objects.create(
        market=m, captured_at=checked_at, yes_bids=levels_to_json(snap.yes_bids),
        yes_asks=levels_to_json(snap.yes_asks), content_hash=snap.content_hash(),
    )
    m.latest_book = row
    m.book_checked_at = checked_at
    m.save(update_fields=["latest_book", "book_checked_at"])
    return row


def pair(
    a: Market, b: Market, *, orientation="same", relation=MarketPair.Relation.IDENTICAL,
    status=MarketPair.Status.APPROVED,
) -> MarketPair:
    return MarketPair.objects.create(
        market_a=a, market_b=b, orientation=orientation, relation=relation, status=status,
        rules_hash_a=a.rules_hash, rules_hash_b=b.rules_hash, similarity=0.9,
    )


def kalshi_poly_pair(
    key: str, *, now: datetime, a_bids=(), a_asks=(), b_bids=(), b_asks=(), orientation="same",
    relation=MarketPair.Relation.IDENTICAL,
) -> MarketPair:
    """A Kalshi-like and a Polymarket-like market with fresh books, paired and approved."""
    a = market("test_kalshi", f"K-{key}", fee_params=KALSHI_FEES, increment="0.01",
               settles_at=now + timedelta(days=30))
    b = market("test_polymarket", f"P-{key}", fee_params=POLY_FEES, min_size="5",
               settles_at=now + timedelta(days=45))
    book_put(a, bids=a_bids, asks=a_asks, checked_at=now)
    book_put(b, bids=b_bids, asks=b_asks, checked_at=now)
    return pair(a, b, orientation=orientation, relation=relation)


def outcome_set(
    members, *, exhaustive: bool, kind=OutcomeSet.Kind.VENUE, key: str | None = None,
    outcome_keys=None, status=OutcomeSet.Status.APPROVED,
) -> OutcomeSet:
    """An outcome set of these markets, approved as reviewed now (members' rules recorded).
    `outcome_keys` defaults to one outcome per market; equal keys make alternatives."""
    keys = outcome_keys or [f"m{m.id}" for m in members]
    s = OutcomeSet.objects.create(
        key=key or f"test:set:{'-'.join(str(m.id) for m in members)}", kind=kind,
        title="Who wins?", status=status, exhaustive=exhaustive,
    )
    for m, outcome_key in zip(members, keys, strict=True):
        OutcomeSetMember.objects.create(
            outcome_set=s, market=m, outcome_key=outcome_key, label=m.title,
            rules_hash=m.rules_hash,
        )
    return s
