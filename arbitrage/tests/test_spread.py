"""The spread monitor: pure statistics and the SpreadStat service."""

import math
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from arbitrage.engine import spread
from arbitrage.models import SpreadStat
from arbitrage.services import spread_stats_update
from arbitrage.tasks import update_spread_stats_task
from arbitrage.tests import factories as f
from similarity.models import MarketPair

D = Decimal
NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("mid_a", "mid_b", "orientation", "expected"),
    [("0.60", "0.55", "same", "0.05"), ("0.60", "0.45", "inverted", "0.05"),
     ("0.40", "0.40", "same", "0")],
)
def test_spread_value_inverts_b_for_inverted_pairs(mid_a, mid_b, orientation, expected):
    assert spread.spread_value(D(mid_a), D(mid_b), orientation=orientation) == D(expected)


def test_implied_mid_needs_both_sides():
    assert spread.implied_mid(((D("0.4"), D(1)),), ((D("0.5"), D(1)),)) == D("0.45")
    assert spread.implied_mid((), ((D("0.5"), D(1)),)) is None


@pytest.mark.parametrize("phi", [0.5, 0.8, 0.95])
def test_half_life_of_an_exact_ar1_decay(phi):
    values = [phi**t for t in range(30)]
    assert spread.half_life_samples(values) == pytest.approx(math.log(2) / -math.log(phi))


def test_random_walk_like_trend_has_no_half_life():
    assert spread.half_life_samples([0.01 * t for t in range(20)]) is None


def test_summary_zscore_and_flag():
    values = [0.0, 0.01, -0.01] * 5 + [0.2]
    times = [60.0 * i for i in range(len(values))]
    s = spread.summarise(values, times, z_threshold=3.0)
    mean = sum(values) / len(values)
    std = math.sqrt(sum((v - mean) ** 2 for v in values) / (len(values) - 1))
    assert s.zscore == pytest.approx((0.2 - mean) / std)
    assert s.flagged
    assert not spread.summarise(values[:5] + [0.2], times[:6], z_threshold=1.0).flagged  # too few


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
