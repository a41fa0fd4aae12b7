"""Inline SVG charts computed on the server: no JavaScript chart library, no build step.

Pure functions from values to drawing coordinates; templates/dashboard/_line_chart.html and
_bar_chart.html turn them into <svg>. Coordinates are in the SVG's own viewBox units.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

WIDTH = 900
HEIGHT = 220
PAD_LEFT = 44
PAD_RIGHT = 8
PAD_TOP = 8
PAD_BOTTOM = 22
MAX_BAR_WIDTH = 48


@dataclass(frozen=True)
class Series:
    name: str
    points: Sequence[tuple[datetime, float]]
    css_class: str = ""


@dataclass(frozen=True)
class Tick:
    pos: float
    label: str


@dataclass
class LineChart:
    width: int = WIDTH
    height: int = HEIGHT
    lines: list[dict[str, str]] = field(default_factory=list)
    y_ticks: list[Tick] = field(default_factory=list)
    x_ticks: list[Tick] = field(default_factory=list)
    plot_left: int = PAD_LEFT
    plot_right: int = WIDTH - PAD_RIGHT
    plot_top: int = PAD_TOP
    plot_bottom: int = HEIGHT - PAD_BOTTOM
    zero_y: float | None = None

    @property
    def empty(self) -> bool:
        return not self.lines


def _fmt(v: float) -> str:
    return f"{v:.1f}"


def line_chart(
    series: Sequence[Series], *, y_min: float | None = None, y_max: float | None = None,
    y_format: str = "{:.2f}",
) -> LineChart:
    """Scale time series into one chart; series with fewer than two points are drawn as dots.

    y_min/y_max fix the vertical range (probabilities use 0..1); otherwise it is fitted to the
    data with a little headroom. Returns an empty chart when no series has a point.
    """
    chart = LineChart()
    all_points = [p for s in series for p in s.points]
    if not all_points:
        return chart
    t0 = min(t for t, _ in all_points).timestamp()
    t1 = max(t for t, _ in all_points).timestamp()
    lo = min(v for _, v in all_points) if y_min is None else y_min
    hi = max(v for _, v in all_points) if y_max is None else y_max
    if hi <= lo:
        # A flat series: give it a band to sit in the middle of.
        lo, hi = lo - 0.5, lo + 0.5
    span_t = (t1 - t0) or 1.0
    left, right, top, bottom = chart.plot_left, chart.plot_right, chart.plot_top, chart.plot_bottom

    def x_of(t: datetime) -> float:
        return left + (t.timestamp() - t0) / span_t * (right - left)

    def y_of(v: float) -> float:
        return bottom - (v - lo) / (hi - lo) * (bottom - top)

    for s in series:
        if not s.points:
            continue
        pts = " ".join(f"{_fmt(x_of(t))},{_fmt(y_of(v))}" for t, v in s.points)
        last_t, last_v = s.points[-1]
        chart.lines.append({
            "name": s.name, "points": pts, "css_class": s.css_class,
            "last_x": _fmt(x_of(last_t)), "last_y": _fmt(y_of(last_v)),
            "last_label": y_format.format(last_v),
        })
    chart.y_ticks = [
        Tick(pos=y_of(lo + (hi - lo) * i / 4), label=y_format.format(lo + (hi - lo) * i / 4))
        for i in range(5)
    ]
    first, last = min(t for t, _ in all_points), max(t for t, _ in all_points)
    time_format = "%H:%M" if (last - first).total_seconds() < 86400 else "%m-%d %H:%M"
    chart.x_ticks = [Tick(pos=x_of(first), label=first.strftime(time_format))]
    if last != first:
        chart.x_ticks.append(Tick(pos=x_of(last), label=last.strftime(time_format)))
    if lo < 0 < hi:
        chart.zero_y = y_of(0.0)
    return chart


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    label: str
    value: Decimal
    negative: bool


@dataclass
class BarChart:
    width: int = WIDTH
    height: int = HEIGHT
    bars: list[Bar] = field(default_factory=list)
    zero_y: float = 0.0
    max_label: str = ""
    min_label: str = ""

    @property
    def empty(self) -> bool:
        return not self.bars


def bar_chart(values: Sequence[tuple[str, Decimal]]) -> BarChart:
    """Bars around a zero line (profits up, losses down), one per (label, value), in order."""
    chart = BarChart()
    if not values:
        return chart
    hi = max(max(v for _, v in values), Decimal(0))
    lo = min(min(v for _, v in values), Decimal(0))
    span = (hi - lo) or Decimal(1)
    top, bottom = PAD_TOP, HEIGHT - PAD_BOTTOM
    inner = float(bottom - top)
    chart.zero_y = top + float(hi / span) * inner
    slot = (WIDTH - PAD_LEFT - PAD_RIGHT) / len(values)
    for i, (label, value) in enumerate(values):
        h = float(abs(value) / span) * inner
        y = chart.zero_y - h if value >= 0 else chart.zero_y
        # A few days of data should not turn into slabs: bars are at most MAX_BAR_WIDTH wide.
        width = min(slot * 0.8, MAX_BAR_WIDTH)
        chart.bars.append(
            Bar(x=PAD_LEFT + i * slot + (slot - width) / 2, y=y, width=width, height=max(h, 0.5),
                label=label, value=value, negative=value < 0)
        )
    chart.max_label, chart.min_label = f"{hi:.2f}", f"{lo:.2f}"
    return chart
