"""The spread monitor's service: one sample per approved pair with fresh books, SpreadStat rows."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from arbitrage.models import SpreadStat
from arbitrage.services import spread_stats_update
from arbitrage.tasks import update_spread_stats_task
from arbitrage.tests import factories as f
from similarity.models import MarketPair

D = Decimal
NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)


@pytest.mark.django_db
def test_service_appends_samples_per_pair_and_flags_a_divergence(settings):
    settings.EVENTSARB_BOOK_MAX_AGE_S = 30
    settings.EVENTSARB_SPREAD_WINDOW = 12
    settings.EVENTSARB_SPREAD_Z_THRESHOLD = 2.5
    p = f.kalshi_poly_pair("sp", now=NOW, relation=MarketPair.Relation.RELATED,
                           a_bids=[("0.50", "1")], a_asks=[("0.52", "1")],
                           b_bids=[("0.49", "1")], b_asks=[("0.51", "1")])
    stale = f.kalshi_poly_pair("stale", now=NOW - timedelta(minutes=5),
                               a_bids=[("0.5", "1")], a_asks=[("0.6", "1")],
                               b_bids=[("0.5", "1")], b_asks=[("0.6", "1")])
    for i in range(14):
        t = NOW + timedelta(seconds=30 * i)
        bid = "0.50" if i % 2 else "0.51"
        f.book_put(p.market_a, bids=[(bid, "1")], asks=[("0.52", "1")], checked_at=t)
        f.book_put(p.market_b, bids=[("0.49", "1")], asks=[("0.51", "1")], checked_at=t)
        assert spread_stats_update(now=t) == 1
    stat = SpreadStat.objects.get(pair=p)
    assert stat.sample_count == 12  # the window
    assert not stat.flagged
    assert not SpreadStat.objects.filter(pair=stale).exists()
    t = NOW + timedelta(seconds=30 * 14)
    f.book_put(p.market_a, bids=[("0.70", "1")], asks=[("0.72", "1")], checked_at=t)
    f.book_put(p.market_b, bids=[("0.49", "1")], asks=[("0.51", "1")], checked_at=t)
    spread_stats_update(now=t)
    stat.refresh_from_db()
    assert stat.last_spread == pytest.approx(0.21)
    assert stat.zscore > 2.5
    assert stat.flagged
    assert stat.flagged_at == t


@pytest.mark.django_db
def test_spread_task_runs_the_service():
    assert update_spread_stats_task() == 0
