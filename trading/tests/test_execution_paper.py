from decimal import Decimal

import pytest

from pricing.fees import Fee
from trading.models import ArbAttempt, ArbAttemptEvent, Fill, Order, Position, RiskRefusal
from trading.selectors import attempt_pnl, pair_pnl
from trading.services import opportunity_execute

pytestmark = pytest.mark.django_db


def test_paper_attempt_completes_with_real_fees_and_positions(opportunity, spy):
    result = opportunity_execute(opportunity_id=opportunity.id)
    attempt = result.attempt
    assert attempt is not None, result
    assert attempt.state == ArbAttempt.State.COMPLETE
    assert attempt.mode == "paper"
    assert not attempt.is_open
    assert spy.calls == []  # paper never reaches a venue
    orders = {o.role: o for o in attempt.orders.all()}
    assert set(orders) == {"leg1", "leg2"}
    assert orders["leg1"].leg == attempt.leg1
    for order in orders.values():
        fill = Fill.objects.get(order=order)
        fee = Fee.from_json(order.market.fee_params).amount(price=fill.price, size=fill.size)
        assert fill.fee == fee
        assert order.fee_paid == fee
        assert order.filled_size == attempt.planned_size
    positions = Position.objects.filter(attempt=attempt)
    assert {p.size for p in positions} == {attempt.planned_size}
    states = list(ArbAttemptEvent.objects.filter(attempt=attempt).order_by("id").values_list(
        "to_state", flat=True))
    assert states == ["planned", "risk_checked", "leg1_sent", "leg1_filled", "leg2_sent",
                      "complete"]
    pnl = attempt_pnl(attempt=attempt)
    assert pnl.unrealised == 0
    assert pnl.realised == attempt.realised_pnl > 0
    assert pair_pnl(pair_id=attempt.pair_id).realised == pnl.realised


def test_leg1_is_the_thinner_leg(opportunity):
    attempt = opportunity_execute(opportunity_id=opportunity.id).attempt
    depth = {leg: Decimal(attempt.plan[leg]["depth_at_limit"]) for leg in ("a", "b")}
    thinner = "b" if depth["b"] < depth["a"] else "a"
    assert attempt.leg1 == thinner


def test_paper_fills_consume_depth_until_the_book_refreshes(opportunity):
    from markets.models import OrderBook
    from trading import plan
    from trading.executors import paper_executor, stored_book

    attempt = opportunity_execute(opportunity_id=opportunity.id).attempt
    executor = paper_executor()
    for position in attempt.positions.select_related("market"):
        market = position.market

        def depth(view, outcome=position.outcome):
            levels = plan.outcome_levels(
                yes_bids=view.yes_bids, yes_asks=view.yes_asks, outcome=outcome, buy=True
            )
            return sum(size for _, size in levels)

        full = stored_book(market)
        assert depth(full) - depth(executor.book(market)) == position.size
        # A newly stored book (a different row) starts with its full depth again.
        old = OrderBook.objects.get(id=full.book_id)
        old.pk = None
        old.save()
        market.latest_book = old
        market.save(update_fields=["latest_book"])
        assert depth(executor.book(market)) == depth(full)


def test_refusal_is_recorded_with_its_reason(opportunity, settings):
    settings.EVENTSARB_RISK_MIN_NET_PROFIT = "1000000"
    result = opportunity_execute(opportunity_id=opportunity.id)
    assert result.attempt is None
    assert "min_profit" in {r.code for r in result.refusals}
    row = RiskRefusal.objects.get(code="min_profit")
    assert row.pair_id == opportunity.pair_id
    assert "1000000" in row.message
    opportunity_execute(opportunity_id=opportunity.id)
    row.refresh_from_db()
    assert row.count == 2
    assert ArbAttempt.objects.count() == 0
    assert Order.objects.count() == 0


def test_kill_switch_stops_new_attempts(opportunity, staff_user):
    from trading.services import kill_switch_set

    kill_switch_set(enabled=True, user=staff_user, reason="test")
    result = opportunity_execute(opportunity_id=opportunity.id)
    assert result.attempt is None
    assert "kill_switch" in {r.code for r in result.refusals}


def test_mode_off_does_nothing(opportunity, settings):
    settings.EVENTSARB_TRADING_MODE = "off"
    assert opportunity_execute(opportunity_id=opportunity.id).skipped == "mode off"
    assert ArbAttempt.objects.count() == 0


def test_open_attempt_blocks_a_second_on_the_same_pair(opportunity):
    from trading.models import ArbAttempt as A

    A.objects.create(
        uid="eaexisting", pair=opportunity.pair, direction="yes_a_no_b", mode="paper", leg1="a",
        planned_size=1, expected_net_profit=0,
    )
    assert opportunity_execute(opportunity_id=opportunity.id).skipped == "pair busy"



@pytest.mark.parametrize("venue_leg", ["a", "b"])
def test_paper_fee_is_the_engines_per_level_fee(pair, venue_leg):
    """An order walking far-apart levels pays the engine's per-level fee, not one at the average."""
    from unittest import mock

    from trading.executors import BookView, paper_executor

    market = pair.market_a if venue_leg == "a" else pair.market_b
    levels = ((Decimal("0.10"), Decimal(100)), (Decimal("0.90"), Decimal(100)))
    view = BookView(book_id=None, yes_bids=(), yes_asks=levels, checked_at=None)
    order = Order(
        market=market, client_order_id=f"fee-{venue_leg}", outcome="yes", action="buy",
        limit_price=Decimal("0.90"), size=Decimal(200),
    )
    with mock.patch("trading.executors.stored_book", return_value=view):
        result = paper_executor().place(order)
    fee = Fee.from_json(market.fee_params)
    assert result.filled_size == Decimal(200)
    assert result.fee_paid == fee.order_fee(levels)
    assert result.fee_paid != fee.amount(price=result.average_price, size=Decimal(200))


def test_execution_walks_no_deeper_than_the_slippage_cap_setting(opportunity, settings):
    from trading import plan

    settings.EVENTSARB_MAX_SLIPPAGE = "0"  # top of book only, on both legs
    attempt = opportunity_execute(opportunity_id=opportunity.id).attempt
    assert attempt is not None
    pair = opportunity.pair
    for key, market, outcome in (("a", pair.market_a, "yes"), ("b", pair.market_b, "no")):
        book = market.latest_book
        levels = plan.outcome_levels(
            yes_bids=[(Decimal(p), Decimal(s)) for p, s in book.yes_bids],
            yes_asks=[(Decimal(p), Decimal(s)) for p, s in book.yes_asks],
            outcome=outcome, buy=True,
        )
        assert Decimal(attempt.plan[key]["limit_price"]) == levels[0][0]
        assert Decimal(attempt.plan["size"]) <= levels[0][1]


def test_a_market_the_engine_cannot_price_is_refused_before_any_order(opportunity, spy):
    from markets.models import Market

    Market.objects.filter(pk=opportunity.pair.market_a_id).update(
        fee_params={"kind": "kalshi", "fee_type": "flat", "multiplier": "1"}
    )
    result = opportunity_execute(opportunity_id=opportunity.id)
    assert result.attempt is None
    assert [r.code for r in result.refusals] == ["not_priceable"]
    assert "fee_type 'flat'" in result.refusals[0].message
    refusal = RiskRefusal.objects.get(opportunity=opportunity)
    assert refusal.code == "not_priceable"
    assert not ArbAttempt.objects.exists()
    assert spy.calls == []
