"""The spread monitor's statistics: implied mid, spread, z-score, half-life."""

import math
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from pricing import spread

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
