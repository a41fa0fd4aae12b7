"""The basket engine: hand-computed cases, and hypothesis properties against a brute-force oracle."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pricing import BasketLeg, EngineInputError, Fee, best_basket
from pricing import basket as basket_module
from pricing.levels import outcome_levels
from pricing.tests.oracle import basket_oracle, walk

D = Decimal
NOW = datetime(2026, 11, 29, tzinfo=UTC)
KALSHI = Fee(kind="kalshi")
POLY4 = Fee(kind="polymarket", rate=D("0.04"))
NOFEE = Fee()


def leg(venue, outcome, asks, fee=NOFEE, min_size="1", inc="1", settles=None):
    return BasketLeg(
        venue=venue, outcome=outcome, asks=tuple(sorted((D(p), D(s)) for p, s in asks)),
        fee=fee, min_size=D(min_size), size_increment=D(inc), settles_at=settles,
    )


def basket(legs, payout="1", budget="1000", slip=None):
    return best_basket(
        legs, payout_per_unit=D(payout), budget=D(budget), now=NOW,
        max_slippage=None if slip is None else D(slip),
    )


def test_exhaustive_three_outcome_set_whose_asks_sum_below_one_after_fees():
    # YES on each of three mutually exclusive, exhaustive outcomes pays exactly 1 per basket.
    # 0.30 + 0.31 + 0.33 = 0.94 per basket before fees; A's second level (0.40) would make the
    # basket cost more than it pays, so 10 baskets. Kalshi: ceil(0.07 x 10 x 0.30 x 0.70 =
    # 0.147) = 0.15; Polymarket: 10 x 0.04 x 0.31 x 0.69 = 0.08556; profit 10 - 9.40 - 0.23556.
    legs = [
        leg("kalshi", "A", [("0.30", "10"), ("0.40", "50")], KALSHI),
        leg("polymarket", "B", [("0.31", "30")], POLY4),
        leg("kalshi", "C", [("0.33", "40")]),
    ]
    plan = basket(legs)
    assert (plan.size, plan.payout, plan.cost, plan.fees) == (D(10), D(10), D("9.40"), D("0.23556"))
    assert plan.net_profit == D("0.36444")
    assert [(lp.outcome, lp.limit_price, lp.cost, lp.fee, lp.levels) for lp in plan.legs] == [
        ("A", D("0.30"), D("3.00"), D("0.15"), 1),
        ("B", D("0.31"), D("3.10"), D("0.08556"), 1),
        ("C", D("0.33"), D("3.30"), D(0), 1),
    ]
    assert plan.return_on_capital == (D("0.36444") / D("9.63556")).quantize(D("1e-8"))


def test_implication_pair_no_on_a_plus_yes_on_b():
    # A implies B, so NO on A plus YES on B pays at least 1 whatever happens. NO on A is bought
    # at 1 - A's YES bid (0.60): 0.40; YES on B at 0.55. 20 baskets: Kalshi ceil(0.07 x 20 x
    # 0.40 x 0.60 = 0.336) = 0.34, Polymarket 20 x 0.04 x 0.55 x 0.45 = 0.198.
    no_a = outcome_levels(yes_bids=[(D("0.60"), D(20))], yes_asks=[], outcome="no", buy=True)
    legs = [
        BasketLeg("kalshi", "not A", no_a, KALSHI),
        leg("polymarket", "B", [("0.55", "30")], POLY4, min_size="5"),
    ]
    plan = basket(legs)
    assert (plan.size, plan.net_profit) == (D(20), D(20) - D(8) - D(11) - D("0.34") - D("0.198"))
    # A $10 budget holds 10 baskets (9.769 with fees) but not 11 (10.7489).
    capped = basket(legs, budget="10")
    assert (capped.size, capped.cost + capped.fees, capped.net_profit) == (
        D(10), D("9.769"), D("0.231")
    )


def test_no_on_every_member_of_a_four_set_pays_three():
    # Exactly one of four outcomes happens, so NO on all four pays 3 per basket.
    # Tops 0.70 + 0.72 + 0.68 + 0.69 = 2.79 for 5 baskets, then the third leg's 0.75 level:
    # 2.86 for 5 more; 10 baskets cost 28.25 and pay 30. Kalshi on the first: ceil(0.147) = 0.15.
    legs = [
        leg("kalshi", "not 1", [("0.70", "10")], KALSHI),
        leg("polymarket", "not 2", [("0.72", "10")]),
        leg("polymarket", "not 3", [("0.68", "5"), ("0.75", "20")]),
        leg("kalshi", "not 4", [("0.69", "10")]),
    ]
    plan = basket(legs, payout="3")
    assert (plan.size, plan.payout, plan.cost, plan.fees) == (D(10), D(30), D("28.25"), D("0.15"))
    assert plan.net_profit == D("1.60")
    assert plan.legs[2].levels == 2
    assert plan.legs[2].limit_price == D("0.75")


def test_an_outcome_on_two_venues_is_bought_where_the_basket_profits_most():
    # X: Kalshi 0.30 for 5 then 0.40, Polymarket 0.33 for 100. With room for 100 baskets X is
    # bought on Polymarket (0.07 x 100 = 7); with a $4.50 budget, 5 baskets on Kalshi (0.9 each).
    legs = [
        leg("kalshi", "X", [("0.30", "5"), ("0.40", "100")]),
        leg("polymarket", "X", [("0.33", "100")]),
        leg("kalshi", "Y", [("0.60", "100")]),
    ]
    plan = basket(legs)
    assert (plan.size, plan.net_profit) == (D(100), D(7))
    assert [(lp.venue, lp.outcome) for lp in plan.legs] == [("polymarket", "X"), ("kalshi", "Y")]
    small = basket(legs, budget="4.5")
    assert (small.size, small.net_profit) == (D(5), D("0.5"))
    assert [(lp.venue, lp.outcome) for lp in small.legs] == [("kalshi", "X"), ("kalshi", "Y")]


def test_equal_alternatives_buy_the_first_listed():
    legs = [
        leg("polymarket", "X", [("0.40", "10")]),
        leg("kalshi", "X", [("0.40", "10")]),
        leg("kalshi", "Y", [("0.50", "10")]),
    ]
    assert basket(legs).legs[0].venue == "polymarket"


def test_slippage_cap_keeps_worse_levels_out():
    legs = [leg("kalshi", "A", [("0.40", "10"), ("0.43", "10")]), leg("kalshi", "B", [("0.50", "30")])]
    assert basket(legs).size == D(20)
    capped = basket(legs, slip="0.02")
    assert (capped.size, capped.legs[0].limit_price) == (D(10), D("0.40"))


def test_grids_and_minimums_of_every_leg_bind():
    # Polymarket's 5-share minimum; Kalshi's 1-contract grid vs 0.01 on the other leg.
    legs = [leg("kalshi", "A", [("0.40", "7.5")]), leg("polymarket", "B", [("0.50", "20")], inc="0.01")]
    assert basket(legs).size == D(7)  # the lcm of 1 and 0.01 is 1
    thin = [leg("kalshi", "A", [("0.40", "3")]), leg("polymarket", "B", [("0.50", "3")], min_size="5")]
    assert basket(thin) is None


def test_no_arbitrage_and_no_budget_return_none():
    legs = [leg("kalshi", "A", [("0.50", "10")]), leg("kalshi", "B", [("0.51", "10")])]
    assert basket(legs) is None
    # A gross edge that fees eat.
    fees = [leg("kalshi", "A", [("0.50", "100")], KALSHI), leg("kalshi", "B", [("0.49", "100")], KALSHI)]
    assert basket(fees) is None
    assert basket([leg("kalshi", "A", [("0.30", "10")]), leg("kalshi", "B", [("0.30", "10")])], budget="0") is None
    # An outcome with an empty book.
    assert basket([leg("kalshi", "A", [("0.30", "10")]), leg("kalshi", "B", [])]) is None


def test_annualised_return_uses_the_latest_settlement_of_the_legs_bought():
    legs = [
        leg("kalshi", "A", [("0.40", "10")], settles=NOW + timedelta(days=30)),
        leg("polymarket", "B", [("0.50", "10")], settles=NOW + timedelta(days=73)),
    ]
    plan = basket(legs)
    assert plan.settles_at == NOW + timedelta(days=73)
    assert plan.annualised_return == (plan.return_on_capital * 365 / 73).quantize(D("1e-8"))
    unknown = basket([legs[0], leg("polymarket", "B", [("0.50", "10")])])
    assert unknown.annualised_return is None


@pytest.mark.parametrize(
    ("legs", "payout", "message"),
    [
        ([], "1", "at least one leg"),
        ([leg("kalshi", "A", [("0.3", "1")])], "0", "payout_per_unit"),
        ([leg("kalshi", "A", [("0.3", "1")], inc="0")], "1", "size_increment"),
        ([leg("kalshi", "A", [("0.3", "1")], Fee(kind="kalshi", fee_type="flat"))], "1", "flat"),
    ],
)
def test_bad_input_is_refused(legs, payout, message):
    with pytest.raises(EngineInputError, match=message):
        basket(legs, payout=payout)


def test_a_deep_basket_walks_many_levels_and_matches_the_oracle():
    # Eight outcomes alternating Kalshi / Polymarket on 0.01 grids, 30 levels each rising 0.002
    # from about 0.105: the basket stops where rising prices eat the edge, several levels deep.
    legs = []
    for i in range(8):
        start = D("0.100") + D(i) / 1000
        asks = [(str(start + D("0.002") * x), str(D(3 + (i * 7 + x * 5) % 11) / 4)) for x in range(30)]
        legs.append(leg("kalshi" if i % 2 == 0 else "polymarket", f"o{i}", asks,
                        KALSHI if i % 2 == 0 else POLY4, min_size="1" if i % 2 == 0 else "5", inc="0.01"))
    plan = basket(legs)
    best, size, _ = basket_oracle(legs, payout_per_unit=D(1), budget=D(1000))
    assert (plan.net_profit, plan.size) == (best, size)
    assert min(lp.levels for lp in plan.legs) > 3


# --- properties against the oracle -----------------------------------------------------------
cents = st.integers(min_value=1, max_value=60).map(lambda i: D(i) / 100)
mils = st.integers(min_value=1, max_value=600).map(lambda i: D(i) / 1000)
fees = st.one_of(
    st.just(NOFEE),
    st.builds(Fee, kind=st.just("kalshi"), multiplier=st.sampled_from([D(1), D("0.5"), D(2)])),
    st.builds(Fee, kind=st.just("kalshi"), fee_type=st.just("quadratic_with_maker_fees"), maker=st.just(True)),
    st.builds(
        Fee, kind=st.just("polymarket"),
        rate=st.sampled_from([D("0.0002"), D("0.01"), D("0.04"), D("0.07")]),
        exponent=st.sampled_from([D(1), D(1), D(2)]),
    ),
)


@st.composite
def basket_legs(draw, outcome):
    inc = draw(st.sampled_from([D("0.01"), D(1)]))
    deep = draw(st.booleans())
    if inc == 1:
        size = st.integers(min_value=1, max_value=25).map(D)
        levels = (2, 12) if deep else (1, 3)
    else:
        # 0.01 grids: up to a few contracts a level keep the oracle's size-by-size scan quick.
        size = st.integers(min_value=1, max_value=300).map(lambda i: D(i) / 100)
        levels = (2, 5) if deep else (1, 2)
    price = draw(st.sampled_from([cents, mils]))
    asks = draw(st.lists(st.tuples(price, size), min_size=levels[0], max_size=levels[1], unique_by=lambda lv: lv[0]))
    return BasketLeg(
        venue=draw(st.sampled_from(["kalshi", "polymarket"])),
        outcome=outcome,
        asks=tuple(sorted(asks)),
        fee=draw(fees),
        min_size=draw(st.sampled_from([D(0), D(1), D(5)])),
        size_increment=inc,
    )


@st.composite
def baskets(draw, *, alternatives):
    outcomes = draw(st.integers(min_value=2, max_value=12 if not alternatives else 5))
    legs = []
    for o in range(outcomes):
        copies = draw(st.integers(min_value=1, max_value=3)) if alternatives else 1
        legs.extend(draw(basket_legs(f"o{o}")) for _ in range(copies))
    if alternatives:
        legs = draw(st.permutations(legs))
    # Payouts as for an exhaustive set (1), NO on every member (n - 1), or a loose bound.
    payout = draw(st.sampled_from([D(1), D(outcomes - 1), D("1.5")]))
    budget = draw(st.sampled_from([D("0.5"), D(3), D(20), D(1000)]))
    slip = draw(st.sampled_from([None, None, D("0.02")]))
    return legs, payout, budget, slip


SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def check_against_oracle(legs, payout, budget, slip):
    plan = best_basket(legs, payout_per_unit=payout, budget=budget, now=NOW, max_slippage=slip)
    best, size, choice = basket_oracle(legs, payout_per_unit=payout, budget=budget, max_slippage=slip)
    if best is None:
        assert plan is None
        return
    assert plan is not None
    assert (plan.net_profit, plan.size) == (best, size)
    # Every leg exactly as its own walk and fee give it, on the leg the oracle picked.
    assert len(plan.legs) == len(choice)
    for i, leg_plan in zip(choice, plan.legs, strict=True):
        spec = legs[i]
        levels = sorted(spec.asks)
        if slip is not None:
            levels = [lv for lv in levels if lv[0] <= spec.asks[0][0] + slip]
        fills = walk(levels, plan.size)
        assert (leg_plan.venue, leg_plan.outcome) == (spec.venue, spec.outcome)
        assert leg_plan.limit_price == fills[-1][0]
        assert leg_plan.cost == sum(p * q for p, q in fills)
        assert leg_plan.fee == spec.fee.order_fee(tuple(fills))
    assert plan.cost + plan.fees <= budget
    assert plan.payout == payout * plan.size
    assert plan.net_profit == plan.payout - plan.cost - plan.fees > 0


@SETTINGS
@given(case=baskets(alternatives=False))
def test_basket_equals_brute_force_oracle(case):
    check_against_oracle(*case)


@SETTINGS
@given(case=baskets(alternatives=True))
def test_basket_with_alternatives_equals_brute_force_oracle(case):
    check_against_oracle(*case)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=baskets(alternatives=False))
def test_fees_never_raise_a_baskets_profit(case):
    legs, payout, budget, slip = case
    with_fees = best_basket(legs, payout_per_unit=payout, budget=budget, now=NOW, max_slippage=slip)
    free = best_basket(
        [BasketLeg(lg.venue, lg.outcome, lg.asks, NOFEE, lg.min_size, lg.size_increment) for lg in legs],
        payout_per_unit=payout, budget=budget, now=NOW, max_slippage=slip,
    )
    if with_fees is not None:
        assert free is not None
        assert free.net_profit >= with_fees.net_profit


def test_values_beyond_the_integer_scale_fall_back_to_the_decimal_search(monkeypatch):
    # Nine-decimal prices make Kalshi's unit fee 0.07 x p x (1 - p) need 20 decimals: more than
    # the integer scan's 10^16 holds, so the general Decimal search prices the basket.
    fell_back = []
    walk_general = basket_module._BasketSearch.walk_general
    monkeypatch.setattr(
        basket_module._BasketSearch, "walk_general",
        lambda self: fell_back.append(True) or walk_general(self),
    )
    legs = [
        leg("kalshi", "A", [("0.301234567", "10"), ("0.312345678", "20")], KALSHI, inc="0.01"),
        leg("polymarket", "B", [("0.401234567", "25")], POLY4, min_size="5", inc="0.01"),
        leg("kalshi", "C", [("0.201234567", "15"), ("0.25", "10")], KALSHI, inc="0.01"),
    ]
    plan = basket(legs)
    best, size, _ = basket_oracle(legs, payout_per_unit=D(1), budget=D(1000))
    assert fell_back
    assert (plan.net_profit, plan.size) == (best, size)
