"""similarity.resolution: a pair's settled values against its relation and orientation."""

from decimal import Decimal

import pytest

from similarity.resolution import (
    AGREED,
    DIVERGED,
    INCONCLUSIVE,
    resolution_verdict,
    set_resolution_verdict,
)

Y, N, HALF = Decimal(1), Decimal(0), Decimal("0.5")


@pytest.mark.parametrize(("relation", "orientation", "a", "b", "verdict"), [
    ("identical", "same", Y, Y, AGREED),
    ("identical", "same", N, N, AGREED),
    ("identical", "same", Y, N, DIVERGED),
    ("identical", "inverted", Y, N, AGREED),
    ("identical", "inverted", Y, Y, DIVERGED),
    ("identical", "same", HALF, HALF, AGREED),
    ("identical", "same", HALF, Y, DIVERGED),
    ("a_implies_b", "same", Y, Y, AGREED),
    ("a_implies_b", "same", N, Y, AGREED),
    ("a_implies_b", "same", Y, N, DIVERGED),
    ("a_implies_b", "inverted", Y, Y, DIVERGED),
    ("b_implies_a", "same", N, Y, DIVERGED),
    ("b_implies_a", "same", Y, N, AGREED),
    ("a_implies_b", "same", HALF, Y, INCONCLUSIVE),
    ("related", "same", Y, N, INCONCLUSIVE),
])
def test_verdicts(relation, orientation, a, b, verdict):
    got, detail = resolution_verdict(relation=relation, orientation=orientation, value_a=a,
                                     value_b=b)
    assert got == verdict
    assert detail.startswith("A settled ")


# --- outcome sets ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("values", "exhaustive", "verdict"),
    [
        ([("a", Y), ("b", N), ("c", N)], True, "agreed"),
        ([("a", N), ("b", N)], False, "agreed"),  # not exhaustive: none may win
        ([("a", N), ("b", N)], True, "diverged"),  # exhaustive: one must win
        ([("a", Y), ("b", Y)], False, "diverged"),  # two winners of exclusive outcomes
        ([("a", Decimal("0.5")), ("b", Decimal("0.5"))], True, "agreed"),  # a split winner
        ([("a", Decimal("0.6")), ("b", Decimal("0.5"))], False, "diverged"),
        ([("a", Y), ("a", Y), ("b", N)], True, "agreed"),  # one outcome, two venues
        ([("a", Y), ("a", N), ("b", N)], False, "diverged"),
    ],
)
def test_set_verdicts(values, exhaustive, verdict):
    got, detail = set_resolution_verdict(values=values, exhaustive=exhaustive)
    assert got == verdict, detail
