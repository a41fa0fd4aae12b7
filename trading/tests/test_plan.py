from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from trading import plan

ASKS = ((D("0.40"), D(10)), (D("0.41"), D(20)), (D("0.43"), D(50)))
BIDS = ((D("0.38"), D(15)), (D("0.37"), D(25)))


def no_fee(price, size):
    return D(0)


@pytest.mark.parametrize(
    ("outcome", "buy", "expected"),
    [
        ("yes", True, ASKS),
        ("yes", False, BIDS),
        ("no", True, ((D("0.62"), D(15)), (D("0.63"), D(25)))),
        ("no", False, ((D("0.60"), D(10)), (D("0.59"), D(20)), (D("0.57"), D(50)))),
    ],
)
def test_outcome_levels_views_the_yes_book_from_each_side(outcome, buy, expected):
    assert plan.outcome_levels(yes_bids=BIDS, yes_asks=ASKS, outcome=outcome, buy=buy) == expected


@pytest.mark.parametrize(
    ("size", "limit", "filled", "cost", "worst"),
    [
        (D(5), None, D(5), D("2.00"), D("0.40")),
        (D(25), None, D(25), D("10.15"), D("0.41")),
        (D(100), D("0.41"), D(30), D("12.20"), D("0.41")),
        (D(5), D("0.39"), D(0), D(0), None),
    ],
)
def test_walk(size, limit, filled, cost, worst):
    w = plan.walk(ASKS, size=size, limit=limit)
    assert (w.filled, w.cost, w.worst_price) == (filled, cost, worst)


@given(
    levels=st.lists(
        st.tuples(st.integers(1, 99), st.integers(1, 500)), min_size=1, max_size=8, unique_by=lambda x: x[0]
    ),
    size=st.integers(1, 3000),
)
def test_walk_never_overfills_or_overpays(levels, size):
    book = tuple(sorted(((D(p) / 100, D(s)) for p, s in levels), key=lambda lv: lv[0]))
    limit = book[len(book) // 2][0]
    w = plan.walk(book, size=D(size), limit=limit)
    assert w.filled <= min(D(size), plan.depth_at_limit(book, limit=limit))
    assert w.cost <= w.filled * limit


def test_engine_plan_becomes_an_attempt_with_the_thinner_leg_first():
    from pricing import LegPlan, Plan

    engine_plan = Plan(
        direction="yes_a_no_b", size=D(20),
        a=LegPlan("k", "yes", D("0.41"), D("8.10"), D("0.30"), 2),
        b=LegPlan("p", "no", D("0.50"), D("9.40"), D("0.20"), 2),
        payout=D(20), net_profit=D("2.00"), return_on_capital=D("0.11"), annualised_return=None,
        edge_per_contract=D("0.15"), settles_at=None,
    )
    levels_b = ((D("0.45"), D(12)), (D("0.50"), D(8)), (D("0.55"), D(100)))
    attempt = plan.attempt_plan_from(engine_plan, levels_a=ASKS, levels_b=levels_b)
    assert (attempt.a.depth_at_limit, attempt.b.depth_at_limit) == (D(30), D(20))
    assert attempt.leg1 == "b"
    assert attempt.notional == D("18.00")
    assert attempt.net_profit == D("2.00")
    assert attempt.to_json()["b"]["limit_price"] == "0.50"


def test_hedge_reprice_stops_where_the_combined_attempt_would_lose():
    levels = ((D("0.50"), D(5)), (D("0.55"), D(5)), (D("0.90"), D(5)))
    # Leg 1 cost 0.40 a contract. The first two levels earn 0.5 + 0.25; the third would lose
    # 1.5 and take the combined hedge below zero, so it stops at 10.
    q = plan.hedge_reprice(levels=levels, needed=D(15), leg1_unit_cost=D("0.40"),
                           locked_edge=D(0), fee=no_fee)
    assert (q.size, q.limit_price) == (D(10), D("0.55"))
    # Locked edge from already hedged contracts may be spent on the rest.
    q2 = plan.hedge_reprice(levels=levels, needed=D(15), leg1_unit_cost=D("0.40"),
                            locked_edge=D(5), fee=no_fee)
    assert (q2.size, q2.limit_price) == (D(15), D("0.90"))
    assert plan.hedge_reprice(levels=((D("0.65"), D(5)),), needed=D(5),
                              leg1_unit_cost=D("0.40"), locked_edge=D(0), fee=no_fee) is None


def test_unwind_quote_sells_at_the_best_bids():
    assert plan.unwind_quote(levels=BIDS, size=D(20)) == (D(20), D("0.37"))
    assert plan.unwind_quote(levels=BIDS, size=D(100)) == (D(100), D("0.37"))
    assert plan.unwind_quote(levels=(), size=D(5)) is None
    assert plan.unwind_quote(levels=BIDS, size=D(3), min_size=D(5)) is None


def _order_fee_per_level(fills):
    """A per-fill fee of 1 cent per contract, to see which levels were charged."""
    return sum((n * D("0.01") for _, n in fills), D(0))


def test_a_resized_plan_is_re_costed_on_the_same_levels_with_the_same_limits():
    levels_b = ((D("0.55"), D(5)), (D("0.58"), D(100)))
    a = plan.LegPlan(outcome="yes", limit_price=D("0.41"), cost=D("4.2517"), fee=D("0.11"),
                     depth_at_limit=D(30))
    b = plan.LegPlan(outcome="no", limit_price=D("0.58"), cost=D("5.9046"), fee=D("0.11"),
                     depth_at_limit=D(105))
    original = plan.AttemptPlan(size=D("10.37"), a=a, b=b, leg1="a")
    resized = plan.attempt_plan_resized(
        original, size=D(10), levels_a=ASKS, levels_b=levels_b,
        order_fee_a=_order_fee_per_level, order_fee_b=_order_fee_per_level,
    )
    assert resized.size == 10
    assert (resized.a.cost, resized.a.fee) == (D("4.00"), D("0.10"))  # 10 @ 0.40
    assert (resized.b.cost, resized.b.fee) == (5 * D("0.55") + 5 * D("0.58"), D("0.10"))
    assert (resized.a.limit_price, resized.b.limit_price, resized.leg1) == (
        D("0.41"), D("0.58"), "a")
    assert resized.net_profit == 10 - resized.notional


def test_a_resize_the_levels_cannot_fill_at_the_limit_is_none():
    a = plan.LegPlan(outcome="yes", limit_price=D("0.40"), cost=D(4), fee=D(0),
                     depth_at_limit=D(10))
    original = plan.AttemptPlan(size=D(10), a=a, b=a, leg1="a")
    assert plan.attempt_plan_resized(
        original, size=D(12), levels_a=ASKS, levels_b=ASKS,
        order_fee_a=_order_fee_per_level, order_fee_b=_order_fee_per_level,
    ) is None
