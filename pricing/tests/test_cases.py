"""The pair and basket case readers share one parser for the fields both have: same messages."""

import copy
from datetime import UTC, datetime

import pytest

from pricing.basket_case import run_basket_case
from pricing.case import run_case
from pricing.inputs import CaseError

NOW = datetime(2026, 11, 29, tzinfo=UTC)
LEG = {"venue": "kalshi", "min_size": "1", "size_increment": "0.01", "settles_at": None}
PAIR = {
    "orientation": "same", "budget": "100",
    "a": {**LEG, "yes_asks": [["0.40", "10"]]},
    "b": {**LEG, "venue": "polymarket", "yes_bids": [["0.55", "10"]]},
}
BASKET = {
    "budget": "100", "payout_per_unit": "1",
    "legs": [{**LEG, "asks": [["0.40", "10"]]}, {**LEG, "asks": [["0.50", "10"]]}],
}


def _leg_of(case):
    return case["a"] if "a" in case else case["legs"][0]


def _where(case):
    return "a" if "a" in case else "legs[0]"


@pytest.mark.parametrize(("case", "run"), [(PAIR, run_case), (BASKET, run_basket_case)])
@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda c: c.pop("budget"), "budget: required"),
        (lambda c: c.update(budget="0"), "budget: must be positive"),
        (lambda c: c.update(max_slippage="x"), "max_slippage: not a decimal: 'x'"),
        (lambda c: c.update(now="yesterday"), "now: not an ISO 8601 datetime: 'yesterday'"),
        (lambda c: _leg_of(c).update(venue=""), "{leg}.venue: expected a venue name"),
        (lambda c: _leg_of(c).update(size_increment="0"), "{leg}.size_increment: must be positive"),
        (lambda c: _leg_of(c).update(min_size="-1"), "{leg}.min_size: must not be negative"),
        (
            lambda c: _leg_of(c).update(settles_at="2026-12-31"),
            "{leg}.settles_at: datetime must carry a timezone",
        ),
    ],
)
def test_both_case_readers_name_the_same_field_the_same_way(case, run, mutate, message):
    broken = copy.deepcopy(case)
    mutate(broken)
    with pytest.raises(CaseError) as raised:
        run(broken, default_now=NOW)
    assert str(raised.value).startswith(message.format(leg=_where(case)))


@pytest.mark.parametrize(("case", "run"), [(PAIR, run_case), (BASKET, run_basket_case)])
def test_a_valid_case_prices(case, run):
    out = run(copy.deepcopy(case), default_now=NOW)
    assert out["size"] == "10.00"  # 1,000 sizes of 0.01: the whole depth of the thinner book
