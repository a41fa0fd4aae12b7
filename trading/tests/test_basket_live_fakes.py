"""A basket live against both venues' HTTP fakes on 127.0.0.1 (trading/tests/live_fakes.py):
Kalshi's signed REST API and Polymarket's CLOB with its matching engine. The basket is two
legs, YES on the Kalshi market and NO on the Polymarket one, paying 1 per unit (NO-A + YES-B
with A implying B has that shape); legs "a" and "b", so LiveVenues.assert_safe checks it as it
checks a pair: nothing sent twice or unjournaled, no unflagged exposure, journal = venues."""

from __future__ import annotations

from decimal import Decimal

import pytest

from trading.models import ArbAttempt
from trading.services.basket import BasketLegSpec, BasketRequest, basket_attempt_run
from trading.tests.live_fakes import live_venues  # noqa: F401 (fixture)

D = Decimal
State = ArbAttempt.State


def _request(v) -> BasketRequest:
    assert v.pair is not None
    return BasketRequest(
        legs=(BasketLegSpec(market_id=v.pair.market_a_id, side="yes"),
              BasketLegSpec(market_id=v.pair.market_b_id, side="no")),
        payout_per_unit=D(1), source="basket_opportunity:fakes",
    )


def _orders(attempt):
    return list(attempt.orders.order_by("id").values_list(
        "platform_slug", "role", "status", "size", "filled_size"))


@pytest.mark.django_db
def test_live_basket_thinnest_leg_first_completes(live_venues, staff_user):  # noqa: F811
    v = live_venues
    # Kalshi holds 10 at 0.40 (the thinner leg); Polymarket's NO is deep at 0.40.
    v.set_kalshi_book(yes_asks=[("0.40", "10.00")], yes_bids=[("0.35", "50.00")])
    v.set_poly_book(yes_bids=[("0.60", "200")], yes_asks=[("0.62", "200")])
    v.sync(staff_user)
    attempt = basket_attempt_run(request=_request(v))
    assert (attempt.kind, attempt.mode, attempt.state) == ("basket", "live", State.COMPLETE)
    assert _orders(attempt) == [
        ("kalshi", "leg1", "filled", D(10), D(10)), ("polymarket", "leg", "filled", D(10), D(10)),
    ]
    assert v.kalshi_posted() == [attempt.orders.get(platform_slug="kalshi").client_order_id]
    poly = attempt.orders.get(platform_slug="polymarket")
    assert poly.venue_order_id in v.clob.orders  # journaled before the POST
    # Kalshi: ceil(0.07 x 10 x 0.4 x 0.6) to the cent; Polymarket: 700 bps per fill.
    assert attempt.orders.get(platform_slug="kalshi").fee_paid == D("0.17")
    assert poly.fee_paid == D("0.16800")
    assert attempt.realised_pnl == 10 - D("4.00") - D("4.00") - D("0.168") - D("0.17")
    v.assert_safe(attempt)


@pytest.mark.django_db
def test_live_basket_short_leg_retried_then_unwound_against_the_fakes(
    live_venues, staff_user  # noqa: F811
):
    v = live_venues
    v.set_kalshi_book(yes_asks=[("0.40", "10.00")], yes_bids=[("0.35", "50.00")])
    # Polymarket shows 200 NO at 0.40 but its engine holds only 4 of them.
    v.set_poly_book(yes_bids=[("0.60", "200")], yes_asks=[("0.62", "200")], liquidity=0.02)
    v.sync(staff_user)
    attempt = basket_attempt_run(request=_request(v))
    rows = _orders(attempt)
    assert rows[0] == ("kalshi", "leg1", "filled", D(10), D(10))
    assert rows[1][:2] == ("polymarket", "leg")
    assert rows[1][4] == D(4)
    # The short Polymarket leg is retried once (nothing left to take), then Kalshi's 6
    # unmatched contracts are sold back: 4 baskets remain.
    assert [r[:2] for r in rows[2:]] == [("polymarket", "retry"), ("kalshi", "unwind")]
    assert attempt.state == State.UNWOUND, attempt.reason
    held = {p.leg: p.size for p in attempt.positions.all()}
    assert held == {"a": D(4), "b": D(4)}
    v.assert_safe(attempt)


@pytest.mark.django_db
def test_live_basket_retry_never_passes_break_even_so_the_filled_leg_is_sold(
    live_venues, staff_user  # noqa: F811
):
    from platforms import registry

    v = live_venues
    v.set_kalshi_book(yes_asks=[("0.40", "10.00")], yes_bids=[("0.35", "50.00")])
    # Polymarket shows 200 NO at 0.40, but its engine holds none of them.
    v.set_poly_book(yes_bids=[("0.60", "200")], yes_asks=[("0.62", "200")], liquidity=0.0)
    v.sync(staff_user)
    poly = registry.get_platform("polymarket")
    real_place = poly.place_order

    def place_then_book_moves(intent):
        try:
            return real_place(intent)
        finally:
            # After the Polymarket leg: its NO now costs 0.65, more than the 1 - 0.417 a unit
            # of Kalshi's leg leaves of the basket's payout. A retry there would lose money.
            v.set_poly_book(yes_bids=[("0.35", "200")], yes_asks=[("0.37", "200")])

    poly.place_order = place_then_book_moves
    attempt = basket_attempt_run(request=_request(v))
    rows = _orders(attempt)
    assert [r[:2] for r in rows] == [
        ("kalshi", "leg1"), ("polymarket", "leg"), ("kalshi", "unwind")]
    assert rows[1][4] == 0
    assert not attempt.orders.filter(role="retry").exists()
    assert attempt.state == State.UNWOUND, attempt.reason
    assert {p.leg: p.size for p in attempt.positions.all()} == {"a": D(0)}
    assert attempt.realised_pnl < 0  # bought at 0.40 with its fee, sold at 0.35 with its fee
    v.assert_safe(attempt)
