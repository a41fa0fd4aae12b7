"""Pure chart and formatting helpers: scaling, edge cases, the spread of two step series."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from dashboard.charts import HEIGHT, PAD_BOTTOM, PAD_TOP, Series, bar_chart, line_chart
from dashboard.selectors import _step_merge, implied_probability
from dashboard.templatetags.dashboard_tags import age, fixed, lasted, pct, progress_pct

T0 = datetime(2026, 11, 29, 12, tzinfo=UTC)


def _ys(points: str) -> list[float]:
    return [float(p.split(",")[1]) for p in points.split()]


def test_line_chart_scales_probabilities_into_the_plot():
    chart = line_chart([Series("a", [(T0, 0.0), (T0 + timedelta(minutes=1), 1.0)])], y_min=0, y_max=1)
    assert _ys(chart.lines[0]["points"]) == [HEIGHT - PAD_BOTTOM, PAD_TOP]
    assert [t.label for t in chart.y_ticks] == ["0.00", "0.25", "0.50", "0.75", "1.00"]
    assert [t.label for t in chart.x_ticks] == ["12:00", "12:01"]


def test_line_chart_empty_and_flat():
    assert line_chart([Series("a", [])]).empty
    flat = line_chart([Series("a", [(T0, 0.3), (T0 + timedelta(seconds=5), 0.3)])])
    ys = _ys(flat.lines[0]["points"])
    assert ys[0] == ys[1]
    assert PAD_TOP < ys[0] < HEIGHT - PAD_BOTTOM


def test_line_chart_marks_zero_when_spread_changes_sign():
    chart = line_chart([Series("s", [(T0, -0.02), (T0 + timedelta(seconds=5), 0.03)])])
    assert chart.zero_y is not None


def test_bar_chart_profits_up_losses_down():
    chart = bar_chart([("11-28", Decimal("2")), ("11-29", Decimal("-1"))])
    up, down = chart.bars
    assert up.y + up.height == pytest.approx(chart.zero_y)
    assert down.y == pytest.approx(chart.zero_y)
    assert down.negative
    assert up.height == pytest.approx(2 * down.height)
    assert bar_chart([]).empty


@pytest.mark.parametrize(
    ("bids", "asks", "expected"),
    [
        ([["0.40", "10"]], [["0.44", "5"]], 0.42),
        ([], [["0.44", "5"]], 0.44),
        ([["0.40", "10"]], [], 0.40),
        ([], [], None),
    ],
)
def test_implied_probability(bids, asks, expected):
    assert implied_probability(bids, asks) == (pytest.approx(expected) if expected else None)


def test_spread_holds_the_last_value_of_each_side():
    a = [(T0, 0.50), (T0 + timedelta(seconds=20), 0.55)]
    b = [(T0 + timedelta(seconds=10), 0.45)]
    assert _step_merge(a, b) == [
        (T0 + timedelta(seconds=10), pytest.approx(0.05)),
        (T0 + timedelta(seconds=20), pytest.approx(0.10)),
    ]


def test_formatting_filters():
    assert pct(Decimal("0.0123")) == "1.23%"
    assert pct(None) == "—"
    assert fixed(Decimal("2.695000")) == "2.70"
    assert fixed(Decimal("-0.1"), 3) == "-0.100"
    assert fixed(None) == "—"
    assert progress_pct({"done": 30, "total": 120}) == 25
    assert progress_pct({"done": 3, "total": 0}) == 0
    assert progress_pct({}) == 0
    from django.utils import timezone

    assert age(timezone.now() - timedelta(seconds=75)) == "1m"
    assert age(timezone.now() - timedelta(hours=50)) == "2d"
    assert age(None) == "—"
    assert lasted(T0, T0 + timedelta(seconds=42)) == "42s"
    assert lasted(T0, None) == "—"
