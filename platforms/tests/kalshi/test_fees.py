"""KalshiPlatform.fee reproduces the official fee schedule (effective 2026-07-07)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from platforms.kalshi.platform import KalshiPlatform
from pricing.fees import Fee

from .conftest import load

SCHEDULE = load("fee_schedule_2026-07-07.json")
ROWS = SCHEDULE["general_trading_fees_table"]
DEFAULT = Fee(kind="kalshi", fee_type="quadratic", multiplier=Decimal(1))


@pytest.fixture(scope="module")
def kalshi():
    # No request is made: fees are pure arithmetic. The URL is never contacted.
    platform = KalshiPlatform(base_url="http://127.0.0.1:9/trade-api/v2")
    yield platform
    platform.close()


def test_the_schedule_table_is_complete():
    assert len(ROWS) == 21


@pytest.mark.parametrize("row", ROWS, ids=lambda r: f"p={r['price']}")
def test_general_trading_fee_table_rows(kalshi, row):
    price = Decimal(str(row["price"]))
    assert kalshi.fee(DEFAULT, price=price, size=Decimal(1)) == Decimal(str(row["fee_1_contract"]))
    assert kalshi.fee(DEFAULT, price=price, size=Decimal(100)) == Decimal(
        str(row["fee_100_contracts"]))


@pytest.mark.parametrize("row", ROWS, ids=lambda r: f"p={r['price']}")
def test_no_price_gives_the_same_fee(kalshi, row):
    price = Decimal(str(row["price"]))
    assert kalshi.fee(DEFAULT, price=1 - price, size=Decimal(100)) == Decimal(
        str(row["fee_100_contracts"]))


def test_makers_pay_nothing_on_quadratic_series(kalshi):
    assert kalshi.fee(DEFAULT, price=Decimal("0.5"), size=Decimal(100), maker=True) == 0


def test_maker_fee_on_series_with_maker_fees(kalshi):
    fee = Fee(kind="kalshi", fee_type="quadratic_with_maker_fees", multiplier=Decimal(1))
    # round up(0.0175 x 100 x 0.5 x 0.5) = round up(0.4375) = 0.44
    assert kalshi.fee(fee, price=Decimal("0.5"), size=Decimal(100), maker=True) == Decimal("0.44")


def test_multiplier_scales_the_rate(kalshi):
    half = Fee(kind="kalshi", fee_type="quadratic", multiplier=Decimal("0.5"))
    # round up(0.5 x 0.07 x 100 x 0.25) = round up(0.875) = 0.88
    assert kalshi.fee(half, price=Decimal("0.5"), size=Decimal(100)) == Decimal("0.88")
