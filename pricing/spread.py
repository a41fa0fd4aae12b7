"""The statistical monitor's math: implied-probability spread, z-score and mean-reversion half-life.

Monitoring only, never traded. The spread of a pair is mid(A's YES) - mid(B's YES), with B's
YES replaced by 1 - mid for an inverted pair (A-YES settles like B-NO), so an identical pair
with no mispricing sits near 0. Statistics are floats: they describe, they never size money.

- z-score: (latest - mean) / sample std over the window (None while std is 0).
- half-life: fit the AR(1) model  ds_t = alpha + beta x s_{t-1} + e  by least squares; when
  -1 < beta < 0 the spread mean-reverts with half-life -ln 2 / ln(1 + beta) samples, converted
  to seconds by the mean sampling interval (None when it does not mean-revert).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

Level = tuple[Decimal, Decimal]

# Below this many samples a z-score is noise: never flag.
MIN_SAMPLES_TO_FLAG = 10
BETA_TOLERANCE = 1e-9


def implied_mid(yes_bids: Sequence[Level], yes_asks: Sequence[Level]) -> Decimal | None:
    """Mid of the best YES bid and ask (both best first); None for a one-sided book."""
    if not yes_bids or not yes_asks:
        return None
    return (yes_bids[0][0] + yes_asks[0][0]) / 2


def spread_value(mid_a: Decimal, mid_b: Decimal, *, orientation: str) -> Decimal:
    """A's implied probability minus B's, with B inverted for an inverted pair."""
    return mid_a - (1 - mid_b if orientation == "inverted" else mid_b)


@dataclass(frozen=True, slots=True)
class SpreadSummary:
    count: int
    last: float | None
    mean: float | None
    std: float | None
    zscore: float | None
    half_life_s: float | None
    flagged: bool


def half_life_samples(values: Sequence[float]) -> float | None:
    """AR(1) half-life of the series in samples, or None if it does not mean-revert."""
    if len(values) < 3:
        return None
    x = values[:-1]
    y = [b - a for a, b in zip(values[:-1], values[1:], strict=True)]
    mx, my = sum(x) / len(x), sum(y) / len(y)
    sxx = sum((v - mx) ** 2 for v in x)
    if sxx == 0:
        return None
    beta = sum((a - mx) * (b - my) for a, b in zip(x, y, strict=True)) / sxx
    # A beta within rounding of zero is a random walk or a trend, not mean reversion.
    if not -1 < beta < -BETA_TOLERANCE:
        return None
    return -math.log(2) / math.log1p(beta)


def summarise(
    values: Sequence[float], times_s: Sequence[float], *, z_threshold: float
) -> SpreadSummary:
    """Statistics of a spread series (oldest first) sampled at `times_s` (epoch seconds)."""
    n = len(values)
    if n == 0:
        return SpreadSummary(0, None, None, None, None, None, False)
    last = values[-1]
    mean = sum(values) / n
    std = math.sqrt(sum((v - mean) ** 2 for v in values) / (n - 1)) if n > 1 else None
    zscore = (last - mean) / std if std else None
    half_life = half_life_samples(values)
    half_life_s = None
    if half_life is not None and len(times_s) == n and n > 1:
        interval_s = (times_s[-1] - times_s[0]) / (n - 1)
        half_life_s = half_life * interval_s if interval_s > 0 else None
    flagged = zscore is not None and n >= MIN_SAMPLES_TO_FLAG and abs(zscore) >= z_threshold
    return SpreadSummary(n, last, mean, std, zscore, half_life_s, flagged)
