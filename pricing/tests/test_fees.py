"""Venue fee formulas against Kalshi's published table and Polymarket's documented rounding."""

import json
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pricing import fees

D = Decimal
TABLE = json.loads(
    (Path(__file__).parent / "fixtures" / "kalshi_fee_schedule_2026-07-07.json").read_text()
)["general_trading_fees_table"]


@pytest.mark.parametrize("row", TABLE, ids=lambda r: f"p={r['price']}")
def test_kalshi_taker_fee_matches_the_published_table(row):
    price = D(str(row["price"]))
    assert fees.kalshi_fee(price=price, size=D(1)) == D(str(row["fee_1_contract"]))
    assert fees.kalshi_fee(price=price, size=D(100)) == D(str(row["fee_100_contracts"])).quantize(
        D("0.01")
    )


@pytest.mark.parametrize(
    ("fee_type", "maker", "price", "size", "expected"),
    [
        ("quadratic", True, "0.50", "100", "0"),  # no maker fee on plain quadratic series
        ("quadratic_with_maker_fees", True, "0.50", "100", "0.44"),  # 0.0175 x 25 = 0.4375
        ("quadratic_with_combo_maker_fees", True, "0.50", "100", "0.88"),  # 0.035 x 25 = 0.875
        ("quadratic_with_maker_fees", False, "0.50", "100", "1.75"),  # takers pay 0.07
        ("quadratic", False, "0.50", "0", "0"),
        ("quadratic", False, "0.5", "0.01", "0.01"),  # fractional contracts still round up
    ],
)
def test_kalshi_maker_variants(fee_type, maker, price, size, expected):
    assert fees.kalshi_fee(
        price=D(price), size=D(size), fee_type=fee_type, maker=maker
    ) == D(expected)


def test_kalshi_multiplier_scales_before_rounding():
    # 0.5 x 0.07 x 100 x 0.25 = 0.875 -> 0.88 (the S&P-style half multiplier).
    assert fees.kalshi_fee(price=D("0.5"), size=D(100), multiplier=D("0.5")) == D("0.88")


def test_kalshi_multi_level_order_rounds_once_per_order():
    # Per fill: 0.07 x 0.05 x 0.95 = 0.003325 each; summed 0.00665 -> one cent for the order,
    # where rounding each fill separately would charge two.
    fills = [(D("0.05"), D(1)), (D("0.95"), D(1))]
    assert fees.kalshi_order_fee(fills=fills) == D("0.01")
    assert sum(fees.kalshi_fee(price=p, size=s) for p, s in fills) == D("0.02")


@pytest.mark.parametrize(
    ("price", "size", "rate", "exponent", "expected"),
    [
        ("0.50", "100", "0.07", "1", "1.75"),  # the docs' worked example
        ("0.50", "1", "0.00002", "1", "0.00001"),  # 0.000005 rounds half up
        ("0.50", "1", "0.00001", "1", "0"),  # 0.0000025 rounds to zero: no minimum charge
        ("0.30", "10", "0.04", "1", "0.084"),
        ("0.50", "100", "0.07", "2", "0.4375"),  # 100 x 0.07 x 0.0625
        ("0.50", "100", "0", "1", "0"),  # fee-free market
        ("0.333", "7", "0.05", "1", "0.07774"),  # 7 x 0.05 x 0.222111 = 0.07773885
    ],
)
def test_polymarket_fee_rounds_each_fill_to_five_decimals(price, size, rate, exponent, expected):
    assert fees.polymarket_fee(
        price=D(price), size=D(size), rate=D(rate), exponent=D(exponent)
    ) == D(expected)


def test_polymarket_makers_pay_nothing():
    assert fees.polymarket_fee(price=D("0.5"), size=D(100), rate=D("0.07"), maker=True) == 0


def test_polymarket_order_fee_sums_rounded_fills():
    fills = [(D("0.333"), D(7)), (D("0.34"), D(3))]
    expected = fees.polymarket_fee(price=D("0.333"), size=D(7), rate=D("0.05")) + fees.polymarket_fee(
        price=D("0.34"), size=D(3), rate=D("0.05")
    )
    assert fees.polymarket_order_fee(fills=fills, rate=D("0.05")) == expected


def test_polymarket_fractional_exponent_matches_the_sdk_expression():
    # The SDK computes rate * (p * (1 - p)) ** exponent with Decimal arithmetic.
    price, rate, exponent = D("0.3"), D("0.07"), D("0.5")
    sdk = rate * ((price * (D(1) - price)) ** exponent)
    assert fees.polymarket_fee(price=price, size=D(10), rate=rate, exponent=exponent) == (
        (D(10) * sdk).quantize(D("0.00001"))
    )


prices = st.integers(min_value=1, max_value=9999).map(lambda i: D(i) / 10000)
sizes = st.integers(min_value=1, max_value=10**6).map(lambda i: D(i) / 100)


@given(price=prices, size=sizes)
def test_kalshi_fee_is_the_ceiling_of_the_raw_fee(price, size):
    fee = fees.kalshi_fee(price=price, size=size)
    raw = D("0.07") * size * price * (1 - price)
    assert raw <= fee < raw + D("0.01")
    assert fees.kalshi_fee(price=1 - price, size=size) == fee  # YES/NO symmetric


@given(price=prices, size=sizes, extra=sizes)
def test_fees_never_fall_as_size_grows(price, size, extra):
    assert fees.kalshi_fee(price=price, size=size + extra) >= fees.kalshi_fee(price=price, size=size)
    assert fees.polymarket_fee(price=price, size=size + extra, rate=D("0.05")) >= fees.polymarket_fee(
        price=price, size=size, rate=D("0.05")
    )


@pytest.mark.parametrize(
    "fee",
    [
        fees.Fee(),
        fees.Fee(kind="kalshi", fee_type="quadratic_with_maker_fees", multiplier=D("0.5")),
        fees.Fee(kind="kalshi", maker=True),
        fees.Fee(kind="polymarket", rate=D("0.07"), exponent=D("1.5"), taker_only=False),
    ],
)
def test_fee_json_round_trips(fee):
    assert fees.Fee.from_json(fee.to_json()) == fee
    assert fees.Fee.from_json(json.loads(json.dumps(fee.to_json()))) == fee


def test_a_stored_market_fee_has_no_maker_flag():
    # Markets are always priced as takers; the stored JSON keeps its shape.
    assert "maker" not in fees.Fee(kind="kalshi").to_json()


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({"kind": "coinbase"}, "fee.kind: expected kalshi, polymarket or none"),
        ({"kind": "polymarket"}, "fee.rate: required for a polymarket fee"),
        ({"kind": "polymarket", "rate": "x"}, "fee.rate: not a decimal"),
        ({"kind": "kalshi", "maker": "yes"}, "fee.maker: expected true or false"),
        ({"kind": "kalshi", "multiplier": True}, "fee.multiplier: expected a decimal string"),
        ({"kind": "kalshi", "fee_type": 3}, "fee.fee_type: expected a string"),
        ([1, 2], "fee: expected an object"),
    ],
)
def test_malformed_fee_json_names_the_field(raw, message):
    with pytest.raises(fees.CaseError, match=message):
        fees.Fee.from_json(raw)


def test_missing_or_empty_fee_json_is_no_fee():
    assert fees.Fee.from_json(None) == fees.Fee.from_json({}) == fees.Fee()
    assert fees.Fee().amount(price=D("0.5"), size=D(100)) == 0


def test_flat_kalshi_fee_type_is_unpriceable_but_fills_still_pay_the_quadratic_estimate():
    flat = fees.Fee(kind="kalshi", fee_type="flat")
    assert "flat" in flat.unpriceable
    assert fees.Fee(kind="kalshi").unpriceable == ""
    assert flat.amount(price=D("0.5"), size=D(100)) == D("1.75")


@given(
    price=st.decimals(min_value=D("0.01"), max_value=D("0.99"), places=2),
    sizes=st.lists(st.decimals(min_value=D("0.01"), max_value=D(500), places=2), min_size=1,
                   max_size=5),
)
def test_an_order_fee_is_the_venues_rounding_of_its_fills(price, sizes):
    fills = [(price, s) for s in sizes]
    kalshi, poly = fees.Fee(kind="kalshi"), fees.Fee(kind="polymarket", rate=D("0.04"))
    assert kalshi.order_fee(fills) == fees.kalshi_round(
        sum((s * kalshi.unit_fee(price) for s in sizes), D(0)))
    assert poly.order_fee(fills) == sum(
        (poly.amount(price=price, size=s) for s in sizes), D(0))
