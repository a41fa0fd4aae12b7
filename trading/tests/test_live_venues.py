"""Whole live attempts through both real venue clients against their fakes (trading/tests/
live_fakes.py): Kalshi over RSA-signed HTTP, Polymarket through the fake CLOB's matching engine
with real EIP-712 signatures and L2 auth. Opportunity -> risk checks -> leg 1 -> leg 2 -> end,
with the venue's own answers: lot sizing, FAK overfills, prefixed statuses, delayed orders, and
a lost answer recovered by the journaled order hash after a restart."""

from __future__ import annotations

import json
from datetime import timedelta
from decimal import Decimal
from unittest import mock

import pytest
import time_machine
from django.utils import timezone

from platforms import registry
from platforms.polymarket import orders as poly_orders
from trading import services
from trading.models import ArbAttempt, Fill, Order, Position
from trading.services import attempts_recover, journal, opportunity_execute
from trading.tests.live_fakes import (
    KALSHI_ORDERS,
    live_venues,  # noqa: F401 (fixture)
)

D = Decimal
State = ArbAttempt.State


def orders(attempt):
    return list(attempt.orders.order_by("id").values_list(
        "platform_slug", "role", "status", "size", "filled_size"))


def later(seconds):
    return time_machine.travel(timezone.now() + timedelta(seconds=seconds), tick=False)


def kalshi_thin(v, size="10.00", price="0.40"):
    """Kalshi holds less at its limit: it is leg 1; Polymarket's NO is deep at 0.40."""
    v.set_kalshi_book(yes_asks=[(price, size)], yes_bids=[("0.35", "50.00")])
    v.set_poly_book(yes_bids=[("0.60", "200")], yes_asks=[("0.62", "200")])


def poly_thin(v, liquidity=1.0):
    """Polymarket's NO holds 10 at 0.40: it is leg 1; Kalshi is deep at 0.40."""
    v.set_kalshi_book(yes_asks=[("0.40", "50.00")], yes_bids=[("0.35", "50.00")])
    v.set_poly_book(yes_bids=[("0.60", "10")], yes_asks=[("0.62", "200")], liquidity=liquidity)


@pytest.mark.django_db
def test_kalshi_first_then_polymarket_completes(live_venues, staff_user):  # noqa: F811
    v = live_venues
    kalshi_thin(v)
    v.sync(staff_user)
    attempt = opportunity_execute(opportunity_id=v.opportunity().id).attempt
    assert attempt.state == State.COMPLETE
    assert orders(attempt) == [
        ("kalshi", "leg1", "filled", D(10), D(10)), ("polymarket", "leg2", "filled", D(10), D(10)),
    ]
    poly = attempt.orders.get(platform_slug="polymarket")
    # The order id journaled before the POST is the venue's (the signed order's hash).
    assert poly.venue_order_id in v.clob.orders
    # The fee of each level the FAK took, at the trade's 700 bps (rounded to 5 decimals).
    assert poly.fee_paid == D("0.16800")
    assert poly.average_price == D("0.40")
    kalshi = attempt.orders.get(platform_slug="kalshi")
    assert kalshi.fee_paid == D("0.17")  # ceil(0.07 x 10 x 0.4 x 0.6) to the cent
    assert attempt.realised_pnl == 10 - D("4.00") - D("4.00") - D("0.168") - D("0.17")
    v.assert_safe(attempt)


@pytest.mark.django_db
def test_polymarket_first_then_kalshi_completes(live_venues, staff_user):  # noqa: F811
    v = live_venues
    poly_thin(v)
    v.sync(staff_user)
    attempt = opportunity_execute(opportunity_id=v.opportunity().id).attempt
    assert attempt.state == State.COMPLETE
    assert orders(attempt) == [
        ("polymarket", "leg1", "filled", D(10), D(10)), ("kalshi", "leg2", "filled", D(10), D(10)),
    ]
    (body,) = [json.loads(r.body) for r in v.poly.requests_to("/order") if r.method == "POST"]
    assert body["orderType"] == "FAK"
    # A market BUY of 10 NO at 0.40: $4.00 to spend for 10 shares, exactly at the limit.
    assert (body["order"]["makerAmount"], body["order"]["takerAmount"]) == ("4000000",
                                                                            "10000000")
    v.assert_safe(attempt)


@pytest.mark.django_db
def test_both_legs_are_cut_to_the_lot_polymarket_carries(live_venues, staff_user):  # noqa: F811
    """10.37 contracts planned; a FAK BUY of NO at 0.53 trades whole shares, so both legs
    carry 10, re-costed at 10 before anything is journaled."""
    v = live_venues
    v.set_kalshi_book(yes_asks=[("0.40", "10.37")], yes_bids=[("0.35", "50.00")])
    v.set_poly_book(yes_bids=[("0.47", "200")], yes_asks=[("0.49", "200")])
    v.sync(staff_user)
    opportunity = v.opportunity(size=D("10.37"))
    attempt = opportunity_execute(opportunity_id=opportunity.id).attempt
    assert attempt.planned_size == 10
    assert D(attempt.plan["a"]["cost"]) == D("4.00")
    assert attempt.state == State.COMPLETE
    assert orders(attempt) == [
        ("kalshi", "leg1", "filled", D(10), D(10)), ("polymarket", "leg2", "filled", D(10), D(10)),
    ]
    assert v.kalshi.requests_to(KALSHI_ORDERS, "POST")[0].body["count"] == "10.00"
    v.assert_safe(attempt)


@pytest.mark.django_db
def test_an_unsendable_plan_is_refused_before_anything_is_journaled(
    live_venues, staff_user  # noqa: F811
):
    """5 NO at 0.19 meet the market's 5-share minimum the engine plans with, but as a market
    order they are $0.95, below Polymarket's $1: nothing is journaled or sent."""
    v = live_venues
    v.set_kalshi_book(yes_asks=[("0.40", "5.00")], yes_bids=[("0.35", "50.00")])
    v.set_poly_book(yes_bids=[("0.81", "200")], yes_asks=[("0.83", "200")])
    v.sync(staff_user)
    result = opportunity_execute(opportunity_id=v.opportunity(size=D(5)).id)
    assert result.attempt is None
    assert [r.code for r in result.refusals] == ["not_sendable"]
    assert "at least $1" in result.refusals[0].message
    assert not Order.objects.exists()
    assert v.posted() == []


@pytest.mark.django_db
def test_leg1_fak_overfill_is_booked_and_hedged(live_venues, staff_user):  # noqa: F811
    """The CLOB holds more than the book showed: the FAK spends its whole $3.70 from 0.38 up
    and receives 9.3 shares for 9 asked; leg 2 hedges all 9.3."""
    v = live_venues
    v.set_kalshi_book(yes_asks=[("0.40", "50.00")], yes_bids=[("0.35", "50.00")])
    v.set_poly_book(yes_bids=[("0.62", "3"), ("0.60", "6")], yes_asks=[("0.64", "200")],
                    liquidity=2.0)
    v.sync(staff_user)
    attempt = opportunity_execute(opportunity_id=v.opportunity(size=D(9)).id).attempt
    assert attempt.state == State.COMPLETE
    assert orders(attempt) == [
        ("polymarket", "leg1", "filled", D(9), D("9.3")),
        ("kalshi", "leg2", "filled", D("9.3"), D("9.3")),
    ]
    leg1 = attempt.orders.get(role="leg1")
    # 6 @ 0.38 + 3.3 @ 0.40, as the venue's trades report them.
    assert leg1.average_price == (D("3.6") / D("9.3")).quantize(D("0.000001"))
    v.assert_safe(attempt)


@pytest.mark.django_db
def test_leg2_fak_overfill_is_hedged_by_buying_the_difference_on_leg1(
    live_venues, staff_user  # noqa: F811
):
    """Leg 2's FAK for 10 NO up to 0.40 spends $4.00 from 0.38 and gets 10.25 shares: the
    0.25 surplus is matched by a retry on leg 1 within the attempt's edge."""
    v = live_venues
    v.set_kalshi_book(yes_asks=[("0.40", "10.00")], yes_bids=[("0.35", "50")])
    v.set_poly_book(yes_bids=[("0.62", "5"), ("0.60", "100")], yes_asks=[("0.64", "200")])
    v.sync(staff_user)
    attempt = opportunity_execute(opportunity_id=v.opportunity().id).attempt
    assert attempt.state == State.HEDGED
    assert orders(attempt) == [
        ("kalshi", "leg1", "filled", D(10), D(10)),
        ("polymarket", "leg2", "filled", D(10), D("10.25")),
        ("kalshi", "retry", "filled", D("0.25"), D("0.25")),
    ]
    assert {p.leg: p.size for p in Position.objects.filter(attempt=attempt)} == {
        "a": D("10.25"), "b": D("10.25")}
    v.assert_safe(attempt)


@pytest.mark.django_db
def test_leg2_overfill_too_small_to_sell_is_flagged_with_its_size(
    live_venues, staff_user, settings  # noqa: F811
):
    """No retries allowed: the 0.25 NO surplus would be sold back, but 0.25 x 0.36 is below
    Polymarket's $1 minimum for a market order: flagged, naming the 0.25."""
    settings.EVENTSARB_RISK_LEG2_MAX_RETRIES = 0
    v = live_venues
    v.set_kalshi_book(yes_asks=[("0.40", "10.00")], yes_bids=[("0.35", "50")])
    v.set_poly_book(yes_bids=[("0.62", "5"), ("0.60", "100")], yes_asks=[("0.64", "200")])
    v.sync(staff_user)
    attempt = opportunity_execute(opportunity_id=v.opportunity().id).attempt
    assert attempt.state == State.NEEDS_ATTENTION
    assert "cannot unwind 0.250000 of leg 2" in attempt.attention_reason
    assert [r for _, r, *_ in orders(attempt)] == ["leg1", "leg2"]
    v.assert_safe(attempt)


@pytest.mark.django_db
def test_leg2_overfill_large_enough_is_sold_back(live_venues, staff_user, settings):  # noqa: F811
    settings.EVENTSARB_RISK_LEG2_MAX_RETRIES = 0
    v = live_venues
    # 30 NO planned up to 0.40, 20 of them at 0.30: $12.00 buys 20 + 6/0.4 = 35 shares; the 5
    # surplus sell at the 0.38 bid for $1.90, above the venue's $1 minimum.
    v.set_kalshi_book(yes_asks=[("0.40", "30.00")], yes_bids=[("0.35", "50")])
    v.set_poly_book(yes_bids=[("0.70", "20"), ("0.60", "100")], yes_asks=[("0.62", "200")])
    v.sync(staff_user)
    attempt = opportunity_execute(opportunity_id=v.opportunity(size=D(30)).id).attempt
    assert attempt.state == State.UNWOUND, attempt.attention_reason
    assert orders(attempt) == [
        ("kalshi", "leg1", "filled", D(30), D(30)),
        ("polymarket", "leg2", "filled", D(30), D(35)),
        ("polymarket", "unwind", "filled", D(5), D(5)),
    ]
    unwind = attempt.orders.get(role="unwind")
    assert (unwind.action, unwind.leg, unwind.average_price) == ("sell", "b", D("0.38"))
    v.assert_safe(attempt)


@pytest.mark.django_db
def test_lost_answer_is_found_by_the_journaled_hash_after_a_restart(
    live_venues, staff_user  # noqa: F811
):
    """Leg 2's POST is matched by the venue, its answer never arrives, and the worker dies
    before looking it up. A new process (empty in-memory order journal) finds the order by the
    hash journaled on the Order row before sending; the lookup's statuses are prefixed
    (ORDER_STATUS_MATCHED, TRADE_STATUS_MATCHED)."""
    v = live_venues
    kalshi_thin(v)
    v.sync(staff_user)
    v.poly.fail_next("/order", "lost")

    class Died(Exception):
        pass

    with mock.patch.object(journal, "resolve", side_effect=Died), pytest.raises(Died):
        opportunity_execute(opportunity_id=v.opportunity().id)
    attempt = ArbAttempt.objects.get()
    leg2 = attempt.orders.get(role="leg2")
    assert (attempt.state, leg2.status) == (State.LEG2_SENT, Order.Status.UNKNOWN)
    assert leg2.venue_order_id in v.clob.orders
    assert v.clob.orders[leg2.venue_order_id].record["status"] == "ORDER_STATUS_MATCHED"
    v.connect()  # the restart
    with later(services.LEASE_S + 1):
        attempts_recover()
    attempt.refresh_from_db()
    assert attempt.state == State.COMPLETE
    leg2.refresh_from_db()
    assert (leg2.status, leg2.filled_size, leg2.fee_paid) == ("filled", D(10), D("0.16800"))
    v.assert_safe(attempt)


@pytest.mark.django_db
def test_delayed_order_partly_filled_is_cancelled_after_the_grace_and_booked_once(
    live_venues, staff_user  # noqa: F811
):
    """A "delayed" FAK (sports markets) rests; a counterparty takes 4 of it; within the grace
    it stays unknown (nothing booked, nothing resent); after it, the remainder is cancelled,
    the 4 are booked once, and a retry hedges the other 6."""
    v = live_venues
    kalshi_thin(v)
    v.sync(staff_user)
    v.clob.delay_next = 1
    attempt = opportunity_execute(opportunity_id=v.opportunity().id).attempt
    leg2 = attempt.orders.get(role="leg2")
    assert (attempt.state, leg2.status) == (State.LEG2_SENT, Order.Status.UNKNOWN)
    v.clob.fill_resting(leg2.venue_order_id, D(4))
    attempts_recover()  # within the grace: resting with 4 filled, left alone
    leg2.refresh_from_db()
    assert leg2.status == Order.Status.UNKNOWN
    assert not Fill.objects.filter(order=leg2).exists()
    with later(max(services.NOT_FOUND_GRACE_S, services.LEASE_S) + 1):
        attempts_recover()
    attempt.refresh_from_db()
    assert attempt.state == State.HEDGED
    assert orders(attempt) == [
        ("kalshi", "leg1", "filled", D(10), D(10)),
        ("polymarket", "leg2", "partial", D(10), D(4)),
        ("polymarket", "retry", "filled", D(6), D(6)),
    ]
    assert v.clob.orders[leg2.venue_order_id].record["status"] == "ORDER_STATUS_CANCELED"
    assert list(Fill.objects.filter(order=leg2).values_list("size", flat=True)) == [D(4)]
    v.assert_safe(attempt)


def test_polymarket_market_buy_lots_match_the_venue_rules():
    """The lot the attempt above relies on: 10.37 NO at 0.53 as a FAK BUY is 10 shares."""
    amounts = poly_orders.order_amounts(side="BUY", order_type="FAK", price=D("0.53"),
                                        size=D("10.37"), tick_size=D("0.01"))
    assert amounts.shares == 10


@pytest.mark.django_db
def test_killed_faks_are_cancelled_orders_then_retried_then_unwound(
    live_venues, staff_user  # noqa: F811
):
    """The CLOB holds nothing of what its book shows: every FAK on leg 2 is killed unfilled.
    Polymarket says so with a refusal message; the order is journaled CANCELED (it reached the
    matching engine), never REJECTED, and the attempt retries, then sells leg 1 back."""
    v = live_venues
    v.set_kalshi_book(yes_asks=[("0.40", "10.00")], yes_bids=[("0.35", "50")])
    v.set_poly_book(yes_bids=[("0.60", "200")], yes_asks=[("0.62", "200")], liquidity=0.0)
    v.sync(staff_user)
    attempt = opportunity_execute(opportunity_id=v.opportunity().id).attempt
    assert attempt.state == State.UNWOUND
    assert [r[:3] for r in orders(attempt)] == [
        ("kalshi", "leg1", "filled"), ("polymarket", "leg2", "canceled"),
        ("polymarket", "retry", "canceled"), ("polymarket", "retry", "canceled"),
        ("kalshi", "unwind", "filled"),
    ]
    v.assert_safe(attempt)


@pytest.mark.django_db
def test_paper_mode_sizes_by_the_same_venue_rules(live_venues, staff_user):  # noqa: F811
    """Paper trading on the real venues' markets (stored books, nothing sent) cuts 10.37 to the
    10 whole shares a Polymarket FAK at 0.53 would carry: paper never promises what live
    cannot send."""
    v = live_venues
    v.set_kalshi_book(yes_asks=[("0.40", "10.37")], yes_bids=[("0.35", "50.00")])
    v.set_poly_book(yes_bids=[("0.47", "200")], yes_asks=[("0.49", "200")])
    v.sync(staff_user)
    opportunity = v.opportunity(size=D("10.37"))
    attempt = opportunity_execute(opportunity_id=opportunity.id, mode="paper").attempt
    assert (attempt.mode, attempt.state, attempt.planned_size) == ("paper", State.COMPLETE, 10)
    assert [r[1:] for r in orders(attempt)] == [
        ("leg1", "filled", D(10), D(10)), ("leg2", "filled", D(10), D(10))]
    assert v.posted() == []


@pytest.mark.django_db
def test_a_resting_order_that_matches_before_its_cancel_is_booked_at_once(
    live_venues, staff_user  # noqa: F811
):
    """After the grace the delayed leg 2 is cancelled, but the venue matches it first and
    refuses the cancel ("already canceled or matched"): the lookup right after books the fill,
    no waiting for another recovery run."""
    v = live_venues
    kalshi_thin(v)
    v.sync(staff_user)
    v.clob.delay_next = 1
    attempt = opportunity_execute(opportunity_id=v.opportunity().id).attempt
    leg2 = attempt.orders.get(role="leg2")
    assert leg2.status == Order.Status.UNKNOWN
    platform = registry.get_platform("polymarket")
    real_cancel = platform.cancel_order

    def matched_first(venue_order_id, **kw):
        v.clob.release_delayed(venue_order_id)
        return real_cancel(venue_order_id, **kw)

    with mock.patch.object(platform, "cancel_order", matched_first), \
            later(max(services.NOT_FOUND_GRACE_S, services.LEASE_S) + 1):
        attempts_recover()
    attempt.refresh_from_db()
    assert attempt.state == State.COMPLETE
    assert orders(attempt)[1] == ("polymarket", "leg2", "filled", D(10), D(10))
    v.assert_safe(attempt)


@pytest.mark.django_db
def test_leg2_below_polymarket_minimum_is_not_sent_and_leg1_is_sold_back(
    live_venues, staff_user  # noqa: F811
):
    """Kalshi's leg 1 fills 2 of 10; 2 NO at 0.40 are $0.80, below Polymarket's $1 for a
    market order (Platform.sendable_size says so, nothing is sent): leg 1 is sold back."""
    v = live_venues
    kalshi_thin(v)
    v.sync(staff_user)
    v.kalshi.script_fill(D(2))
    attempt = opportunity_execute(opportunity_id=v.opportunity().id).attempt
    assert attempt.state == State.UNWOUND
    assert [r[:3] for r in orders(attempt)] == [
        ("kalshi", "leg1", "partial"), ("kalshi", "unwind", "filled")]
    assert "below venue minimum" in attempt.events.get(to_state=State.UNWINDING).reason
    assert v.poly_posted() == []
    v.assert_safe(attempt)
