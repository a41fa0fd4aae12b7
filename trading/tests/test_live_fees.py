"""Live answers without a fee: where the venue could not say what it charged (a Polymarket fill
whose trades are not listed yet), the executor computes the documented fee; a fee the venue did
report, a 0 included, is kept."""

from decimal import Decimal
from types import SimpleNamespace
from unittest import mock

import pytest

from platforms.base import OrderResult, OrderStatus, Outcome
from pricing.fees import Fee
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
        fee_known=False,
    )
    with mock.patch("trading.executors.get_platform", return_value=_fake_platform(filled)):
        result = getattr(LiveExecutor(), call)(_order(market))
    expected = Fee.from_json(market.fee_params).amount(price=Decimal("0.40"), size=Decimal(50))
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
    # A fee-free Polymarket fill (its trades say 0 bps) is not charged the market's formula.
    poly_zero = OrderResult(
        client_order_id="fee-1", venue_order_id="0xabc", status=OrderStatus.FILLED,
        filled_size=Decimal(50), average_price=Decimal("0.40"), fee_paid=Decimal(0),
    )
    with mock.patch("trading.executors.get_platform", return_value=_fake_platform(poly_zero)):
        assert LiveExecutor().place(_order(pair.market_b)).fee_paid == 0
    unfilled = OrderResult(client_order_id="fee-1", venue_order_id="0xabc",
                           status=OrderStatus.CANCELED)
    with mock.patch("trading.executors.get_platform", return_value=_fake_platform(unfilled)):
        assert LiveExecutor().place(_order(pair.market_b)).fee_paid == 0


@pytest.mark.django_db
def test_looked_up_price_reported_in_the_other_outcome_is_converted(pair):
    """Kalshi reports a YES sell at 0.60 as a NO buy at 0.40; the journal books 0.60."""
    market = pair.market_a
    sell = Order(
        market=market, platform_slug=market.platform.slug, client_order_id="unwind-1",
        outcome="yes", action="sell", limit_price=Decimal("0.58"), size=Decimal(10),
    )
    as_reported = OrderResult(
        client_order_id="unwind-1", venue_order_id="K1", status=OrderStatus.FILLED,
        filled_size=Decimal(10), average_price=Decimal("0.40"), fee_paid=Decimal("0.17"),
        outcome=Outcome.NO,
    )
    with mock.patch("trading.executors.get_platform", return_value=_fake_platform(as_reported)):
        result = LiveExecutor().lookup(sell)
    assert result.average_price == Decimal("0.60")
    assert result.outcome is Outcome.YES
    assert result.fee_paid == Decimal("0.17")
