"""The live scan re-prices baskets on every member's book change and writes their lifecycle
through the stream's batch writer (Postgres)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal as D

import pytest

from arbitrage.live.processor import StreamProcessor
from arbitrage.live.services import stream_baskets_load, stream_batch_write
from arbitrage.models import BasketOpportunity
from arbitrage.selectors import basket_opportunity_legs
from arbitrage.tests import factories as f
from markets.models import Market
from platforms.base import BookSnapshot

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 29, 12, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def _book(ext, bids, asks):
    return BookSnapshot(
        ext, yes_bids=tuple((D(p), D(s)) for p, s in bids),
        yes_asks=tuple((D(p), D(s)) for p, s in asks), source="ws",
    )


def _set():
    a = f.market("test_kalshi", "LA", fee_params=f.KALSHI_FEES, settles_at=NOW + timedelta(days=30))
    b = f.market("test_polymarket", "LB", fee_params=f.POLY_FEES, settles_at=NOW + timedelta(days=30))
    c = f.market("test_kalshi", "LC", settles_at=NOW + timedelta(days=30))
    return (a, b, c), f.outcome_set([a, b, c], exhaustive=True)


def test_member_book_changes_reprice_the_basket_and_the_batch_writes_its_opportunity():
    (a, b, c), s = _set()
    clock = Clock()
    processor = StreamProcessor(budget=D("1000"), clock=clock, now=lambda: NOW)
    baskets = stream_baskets_load()
    assert sorted(w.spec.key for w in baskets) == [f"set:{s.id}:no", f"set:{s.id}:yes"]
    processor.set_pairs([], baskets)
    # Every member's market is subscribed although no pair holds it.
    assert set(processor.markets) == {("test_kalshi", "LA"), ("test_polymarket", "LB"), ("test_kalshi", "LC")}

    processor.book_changed("test_kalshi", "LA", _book("LA", [("0.20", "10")], [("0.30", "10"), ("0.40", "50")]), clock())
    processor.book_changed("test_polymarket", "LB", _book("LB", [("0.25", "10")], [("0.31", "30")]), clock())
    assert processor.batch.basket_decisions[f"set:{s.id}:yes"].decision is None  # C has no book yet
    processor.book_changed("test_kalshi", "LC", _book("LC", [("0.30", "10")], [("0.33", "40")]), clock())

    batch = processor.take_batch()
    decided = batch.basket_decisions[f"set:{s.id}:yes"].decision
    assert decided is not None
    assert decided.plan.net_profit == D("0.36444")
    out = stream_batch_write(batch=batch, budget=D("1000"), checked_at=NOW)
    assert out["basket_rows"] == 1
    opp = BasketOpportunity.objects.get()
    # The same figures as the polled scan's hand-checked case (arbitrage/tests/test_baskets.py).
    assert (opp.basket_key, opp.size, opp.cost, opp.fees, opp.net_profit) == (
        f"set:{s.id}:yes", D(10), D("9.40"), D("0.23556"), D("0.36444")
    )
    assert basket_opportunity_legs(opp) == [(a.id, "yes"), (b.id, "yes"), (c.id, "yes")]
    # The members' books were stored with the decision that used them.
    assert Market.objects.filter(pk__in=[a.pk, b.pk, c.pk], latest_book__isnull=False).count() == 3

    # Losing Polymarket's stream leaves outcome B without a book: the basket closes.
    processor.forget_venue("test_polymarket")
    batch = processor.take_batch()
    assert batch.basket_decisions[f"set:{s.id}:yes"].decision is None
    stream_batch_write(batch=batch, budget=D("1000"), checked_at=NOW + timedelta(seconds=1))
    opp.refresh_from_db()
    assert opp.closed_at == NOW + timedelta(seconds=1)


def test_baskets_with_a_member_whose_rules_changed_are_not_watched():
    (a, _, _), _ = _set()
    Market.objects.filter(pk=a.pk).update(rules_hash="changed")
    assert stream_baskets_load() == []


def test_watched_basket_markets_are_full_rows_the_feeds_can_read_without_a_query(
    django_assert_num_queries,
):
    (a, b, _), _ = _set()
    Market.objects.filter(pk=b.pk).update(yes_token_id="123", no_token_id="456")
    watches = stream_baskets_load()
    market_b = next(m for m in watches[0].markets if m.id == b.id)
    with django_assert_num_queries(0):
        assert (market_b.platform.slug, market_b.yes_token_id, market_b.no_token_id) == (
            "test_polymarket", "123", "456"
        )
