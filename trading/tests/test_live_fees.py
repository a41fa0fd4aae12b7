"""Live answers without a fee: Polymarket's order answer carries none, so the executor computes it."""

from decimal import Decimal
from types import SimpleNamespace
from unittest import mock

import pytest

from platforms.base import FeeParams, OrderResult, OrderStatus, fee_amount
from trading.executors import LiveExecutor
from trading.models import Order


def _fake_platform(result):
    return SimpleNamespace(
        venue_order_id_before_send=lambda intent: "",
        place_order=lambda intent: result,
        get_order=lambda **kwargs: result,
    )


def _order(market):
    return Order(
        market=market, platform_slug=market.platform.slug, client_order_id="fee-1",
        outcome="yes", action="buy", limit_price=Decimal("0.40"), size=Decimal(50),
    )


@pytest.mark.django_db
@pytest.mark.parametrize("call", ["place", "lookup"])
def test_polymarket_fill_without_fee_gets_the_documented_fee(pair, call):
    market = pair.market_b  # the Polymarket-flavoured Test venue: takers pay
    filled = OrderResult(
        client_order_id="fee-1", venue_order_id="0xabc", status=OrderStatus.FILLED,
        filled_size=Decimal(50), average_price=Decimal("0.40"), fee_paid=Decimal(0),
    )
    with mock.patch("trading.executors.get_platform", return_value=_fake_platform(filled)):
        result = getattr(LiveExecutor(), call)(_order(market))
    expected = fee_amount(FeeParams.from_json(market.fee_params), price=Decimal("0.40"),
                          size=Decimal(50))
    assert expected > 0
    assert result.fee_paid == expected
    assert (result.filled_size, result.average_price) == (Decimal(50), Decimal("0.40"))


@pytest.mark.django_db
def test_reported_fees_and_unfilled_answers_are_kept(pair):
    kalshi_zero = OrderResult(
        client_order_id="fee-1", venue_order_id="k1", status=OrderStatus.FILLED,
        filled_size=Decimal(50), average_price=Decimal("0.40"), fee_paid=Decimal(0),
    )
    with mock.patch("trading.executors.get_platform", return_value=_fake_platform(kalshi_zero)):
        assert LiveExecutor().place(_order(pair.market_a)).fee_paid == 0
    unfilled = OrderResult(client_order_id="fee-1", venue_order_id="0xabc",
                           status=OrderStatus.CANCELED)
    with mock.patch("trading.executors.get_platform", return_value=_fake_platform(unfilled)):
        assert LiveExecutor().place(_order(pair.market_b)).fee_paid == 0
