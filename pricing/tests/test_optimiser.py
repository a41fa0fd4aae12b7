"""The optimiser: hand-checked cases, and hypothesis properties against a brute-force oracle."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pricing import (
    DIRECTIONS_BY_ORIENTATION,
    EngineInputError,
    Fee,
    LegInput,
    best_plan,
    evaluate,
    may_profit,
    optimiser,
    plans,
    top_edge,
)
from pricing.tests.oracle import buy_levels, oracle, walk

D = Decimal
NOW = datetime(2026, 11, 29, tzinfo=UTC)
KALSHI = Fee(kind="kalshi")
POLY4 = Fee(kind="polymarket", rate=D("0.04"))
NOFEE = Fee()


def leg(venue="kalshi", bids=(), asks=(), fee=NOFEE, min_size="1", inc="1", settles=None):
    return LegInput(
        venue=venue,
        yes_bids=tuple(sorted(((D(p), D(s)) for p, s in bids), reverse=True)),
        yes_asks=tuple(sorted((D(p), D(s)) for p, s in asks)),
        fee=fee, min_size=D(min_size), size_increment=D(inc), settles_at=settles,
    )


def test_single_level_same_orientation_hand_computed():
    # YES on A at 0.40 + NO on B at 1 - 0.55 = 0.45; 10 contracts pay 10.
    # Kalshi fee: ceil(0.07 x 10 x 0.4 x 0.6 = 0.168) = 0.17. Profit 10 - 4 - 4.5 - 0.17 = 1.33.
    a = leg(asks=[("0.40", "10")], bids=[("0.30", "10")], fee=KALSHI)
    b = leg("polymarket", bids=[("0.55", "10")], asks=[("0.60", "10")])
    plan = best_plan(a, b, orientation="same", budget=D(1000), now=NOW)
    assert plan is not None
    assert (plan.direction, plan.size, plan.net_profit) == ("yes_a_no_b", D(10), D("1.33"))
    assert (plan.a.outcome, plan.a.limit_price, plan.a.cost, plan.a.fee) == ("yes", D("0.40"), D("4.00"), D("0.17"))
    assert (plan.b.outcome, plan.b.limit_price, plan.b.cost, plan.b.fee) == ("no", D("0.45"), D("4.50"), D(0))
    assert plan.capital == D("8.67")
    assert plan.edge_per_contract == D("0.15")
    assert plan.return_on_capital == (D("1.33") / D("8.67")).quantize(D("1e-8"))


def test_no_a_yes_b_direction_uses_a_bids():
    # NO on A at 1 - 0.62 = 0.38, YES on B at 0.55: edge 0.07 per contract, no fees.
    a = leg(bids=[("0.62", "20")], asks=[("0.70", "5")])
    b = leg("polymarket", bids=[("0.50", "5")], asks=[("0.55", "8")])
    plan = best_plan(a, b, orientation="same", budget=D(100), now=NOW)
    assert (plan.direction, plan.size, plan.net_profit) == ("no_a_yes_b", D(8), D("0.56"))


def test_inverted_orientation_buys_yes_on_both_or_no_on_both():
    a = leg(bids=[("0.70", "10")], asks=[("0.45", "10")])
    b = leg("polymarket", bids=[("0.80", "10")], asks=[("0.50", "10")])
    found = plans(a, b, orientation="inverted", budget=D(1000), now=NOW)
    # YES+YES costs 0.95 (edge 0.05); NO+NO costs 0.30 + 0.20 = 0.50 (edge 0.50).
    assert [(p.direction, p.net_profit) for p in found] == [("no_a_no_b", D(5)), ("yes_a_yes_b", D("0.5"))]


def test_no_arbitrage_returns_none():
    a = leg(bids=[("0.48", "100")], asks=[("0.52", "100")], fee=KALSHI)
    b = leg("polymarket", bids=[("0.47", "100")], asks=[("0.53", "100")], fee=POLY4)
    assert best_plan(a, b, orientation="same", budget=D(1000), now=NOW) is None


def test_fees_can_erase_a_gross_edge():
    # Gross edge 1 cent at mid prices; Kalshi 0.0175 + Polymarket 0.01 per contract exceed it.
    a = leg(asks=[("0.50", "100")], fee=KALSHI)
    b = leg("polymarket", bids=[("0.51", "100")], fee=POLY4)
    assert evaluate(a, b, direction="yes_a_no_b", budget=D(1000), now=NOW) is None
    assert evaluate(leg(asks=[("0.50", "100")]), leg(bids=[("0.51", "100")]),
                    direction="yes_a_no_b", budget=D(1000), now=NOW).net_profit == D(1)


def test_budget_caps_total_capital_including_fees():
    a = leg(asks=[("0.40", "1000")], fee=KALSHI, inc="0.01")
    b = leg("polymarket", bids=[("0.55", "1000")], fee=POLY4)
    plan = evaluate(a, b, direction="yes_a_no_b", budget=D(100), now=NOW)
    assert plan.capital <= D(100)
    # One more share (Polymarket's increment of 1 sets the grid) would not fit.
    bigger = evaluate(a, b, direction="yes_a_no_b", budget=D(100) + D(1), now=NOW)
    assert bigger.size == plan.size + 1


def test_polymarket_minimum_order_size_blocks_a_thin_edge():
    a = leg(asks=[("0.40", "3")])
    b = leg("polymarket", bids=[("0.55", "3")], min_size="5")
    assert best_plan(a, b, orientation="same", budget=D(1000), now=NOW) is None
    b_ok = leg("polymarket", bids=[("0.55", "10")], min_size="5")
    a_ok = leg(asks=[("0.40", "10")])
    assert best_plan(a_ok, b_ok, orientation="same", budget=D(1000), now=NOW).size == D(10)


def test_size_grid_is_the_lcm_of_both_increments():
    a = leg(asks=[("0.40", "7")], inc="0.5")
    b = leg("polymarket", bids=[("0.55", "10")], inc="0.3")
    plan = best_plan(a, b, orientation="same", budget=D(1000), now=NOW)
    assert plan.size == D("6.0")  # lcm(0.5, 0.3) = 1.5; the largest multiple within depth 7


def test_slippage_cap_keeps_worse_levels_out():
    a = leg(asks=[("0.40", "10"), ("0.43", "10")])
    b = leg("polymarket", bids=[("0.55", "30")])
    assert best_plan(a, b, orientation="same", budget=D(1000), now=NOW).size == D(20)
    capped = best_plan(a, b, orientation="same", budget=D(1000), now=NOW, max_slippage=D("0.02"))
    assert (capped.size, capped.a.limit_price) == (D(10), D("0.40"))


def test_walks_levels_and_stops_where_the_marginal_contract_loses():
    # Level 2 of A (0.53) + B's NO at 0.45 + fees (0.0174 + 0.0099) loses money per contract.
    a = leg(asks=[("0.40", "10"), ("0.53", "50")], fee=KALSHI)
    b = leg("polymarket", bids=[("0.55", "100")], fee=POLY4)
    plan = best_plan(a, b, orientation="same", budget=D(1000), now=NOW)
    assert plan.a.levels == 1
    assert plan.a.limit_price == D("0.40")
    best, sizes = oracle(a, b, direction="yes_a_no_b", budget=D(1000))
    assert plan.net_profit == best
    assert plan.size in sizes


def test_kalshi_fee_ceiling_can_make_a_smaller_size_best():
    # Edge 0.01 per contract; fee at 0.5 is 0.0175 per contract but rounded up per order:
    # profit is found by the exact scan and must equal the oracle.
    a = leg(asks=[("0.10", "3")], fee=KALSHI)
    b = leg("polymarket", bids=[("0.12", "3")])
    plan = best_plan(a, b, orientation="same", budget=D(1000), now=NOW)
    best, sizes = oracle(a, b, direction="yes_a_no_b", budget=D(1000))
    assert plan.net_profit == best
    assert plan.size in sizes


def test_annualised_return_uses_the_later_settlement():
    a = leg(asks=[("0.40", "10")], settles=NOW + timedelta(days=30))
    b = leg("polymarket", bids=[("0.55", "10")], settles=NOW + timedelta(days=73))
    plan = best_plan(a, b, orientation="same", budget=D(1000), now=NOW)
    assert plan.settles_at == NOW + timedelta(days=73)
    assert plan.annualised_return == (plan.return_on_capital * 365 / 73).quantize(D("1e-8"))
    unknown = best_plan(leg(asks=[("0.40", "10")]), b, orientation="same", budget=D(1000), now=NOW)
    assert unknown.annualised_return is None


def test_a_kalshi_fee_type_without_a_formula_is_refused_even_without_an_edge():
    flat = Fee(kind="kalshi", fee_type="flat")
    a = leg(asks=[("0.60", "10")], fee=flat)
    b = leg("polymarket", bids=[("0.50", "10")], fee=POLY4)
    for direction in ("yes_a_no_b", "no_a_yes_b"):
        with pytest.raises(EngineInputError, match="fee_type 'flat'"):
            evaluate(a, b, direction=direction, budget=D(100), now=NOW)


def test_bad_orientation_and_increment_are_rejected():
    a, b = leg(asks=[("0.4", "1")]), leg(bids=[("0.55", "1")])
    with pytest.raises(EngineInputError):
        best_plan(a, b, orientation="sideways", budget=D(1), now=NOW)
    with pytest.raises(EngineInputError):
        best_plan(leg(asks=[("0.4", "1")], inc="0"), b, orientation="same", budget=D(1), now=NOW)


# --- properties against the oracle -----------------------------------------------------------
cents = st.integers(min_value=1, max_value=99).map(lambda i: D(i) / 100)
mils = st.integers(min_value=1, max_value=999).map(lambda i: D(i) / 1000)
fee_specs = st.one_of(
    st.just(NOFEE),
    # Multiplier 15 and exponent 0.5 make the marginal cost non-monotone (Ladder.convex False):
    # unrealistic fees that exercise the optimiser's general path.
    st.builds(
        Fee, kind=st.just("kalshi"), multiplier=st.sampled_from([D(1), D("0.5"), D(2), D(15)])
    ),
    st.builds(
        Fee, kind=st.just("polymarket"),
        rate=st.sampled_from([D("0.0002"), D("0.01"), D("0.04"), D("0.07")]),
        exponent=st.sampled_from([D(1), D(2), D("0.5")]),
    ),
)


@st.composite
def legs(draw, venue):
    inc = draw(st.sampled_from([D("0.01"), D("0.1"), D("0.5"), D(1), D(2)]))
    max_units = 300 if inc == D("0.01") else 40
    size = st.integers(min_value=1, max_value=max_units).map(lambda i: D(i) * inc / 2 if inc >= 1 else D(i) * inc)
    price = draw(st.sampled_from([cents, mils]))
    book = st.lists(st.tuples(price, size), min_size=0, max_size=6, unique_by=lambda lv: lv[0])
    bids, asks = draw(book), draw(book)
    return LegInput(
        venue=venue,
        yes_bids=tuple(sorted(bids, reverse=True)),
        yes_asks=tuple(sorted(asks)),
        fee=draw(fee_specs),
        min_size=draw(st.sampled_from([D(0), D(1), D(5)])),
        size_increment=inc,
    )


cases = st.tuples(
    legs("kalshi"), legs("polymarket"), st.sampled_from(["same", "inverted"]),
    st.sampled_from([D("0.5"), D(3), D(20), D(1000)]),
    st.sampled_from([None, D("0.02")]),
)
SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(case=cases)
def test_optimiser_equals_brute_force_oracle(case):
    a, b, orientation, budget, slip = case
    for direction in DIRECTIONS_BY_ORIENTATION[orientation]:
        plan = evaluate(a, b, direction=direction, budget=budget, now=NOW, max_slippage=slip)
        best, sizes = oracle(a, b, direction=direction, budget=budget, max_slippage=slip)
        if best is None:
            assert plan is None
        else:
            assert plan is not None
            assert plan.net_profit == best
            assert plan.size in sizes


@SETTINGS
@given(case=cases)
def test_plans_respect_depth_budget_grid_and_exact_leg_figures(case):
    a, b, orientation, budget, slip = case
    for plan in plans(a, b, orientation=orientation, budget=budget, now=NOW, max_slippage=slip):
        assert plan.capital <= budget
        assert plan.net_profit > 0
        assert plan.payout == plan.size
        assert plan.net_profit == plan.size - plan.capital
        for spec, leg_plan in ((a, plan.a), (b, plan.b)):
            assert plan.size >= spec.min_size
            assert plan.size % spec.size_increment == 0
            levels = buy_levels(spec, leg_plan.outcome, slip)
            fills = walk(levels, plan.size)
            assert fills is not None  # never beyond the available depth
            assert leg_plan.limit_price == fills[-1][0]
            assert leg_plan.cost == sum(p * q for p, q in fills)
            assert leg_plan.fee == spec.fee.order_fee(tuple(fills))
            if slip is not None:
                assert leg_plan.limit_price <= levels[0][0] + slip


def _tops(spec: LegInput) -> tuple[Decimal | None, Decimal | None]:
    return (spec.yes_bids[0][0] if spec.yes_bids else None,
            spec.yes_asks[0][0] if spec.yes_asks else None)


@SETTINGS
@given(case=cases)
def test_may_profit_false_means_no_plan_and_top_edge_is_the_plans_edge(case):
    """may_profit (what a replay checks on every change) never hides a plan."""
    a, b, orientation, budget, slip = case
    (bid_a, ask_a), (bid_b, ask_b) = _tops(a), _tops(b)
    tops = {"best_bid_a": bid_a, "best_ask_a": ask_a, "best_bid_b": bid_b, "best_ask_b": ask_b}
    found = plans(a, b, orientation=orientation, budget=budget, now=NOW, max_slippage=slip)
    if not may_profit(**tops, orientation=orientation):
        assert found == []
    for plan in found:
        assert plan.edge_per_contract == top_edge(**tops, direction=plan.direction) > 0


def test_top_edge_by_direction_and_empty_sides():
    tops = {"best_bid_a": D("0.60"), "best_ask_a": D("0.40"), "best_bid_b": D("0.55"),
            "best_ask_b": D("0.62")}
    # YES A at 0.40 + NO B at 0.45; NO A at 0.40 + YES B at 0.62; YES+YES; NO A + NO B at 0.45.
    assert top_edge(**tops, direction="yes_a_no_b") == D("0.15")
    assert top_edge(**tops, direction="no_a_yes_b") == D("-0.02")
    assert top_edge(**tops, direction="yes_a_yes_b") == D("-0.02")
    assert top_edge(**tops, direction="no_a_no_b") == D("0.15")
    assert top_edge(**{**tops, "best_ask_a": None}, direction="yes_a_no_b") is None
    assert may_profit(**tops, orientation="same")
    assert not may_profit(**{**tops, "best_ask_a": D("0.60"), "best_bid_a": D("0.30")},
                          orientation="same")
    with pytest.raises(EngineInputError):
        may_profit(**tops, orientation="sideways")


def _without_fees(spec: LegInput) -> LegInput:
    return LegInput(spec.venue, spec.yes_bids, spec.yes_asks, NOFEE, spec.min_size,
                    spec.size_increment, spec.settles_at)


@SETTINGS
@given(case=cases)
def test_fees_never_raise_profit(case):
    a, b, orientation, budget, slip = case
    for direction in DIRECTIONS_BY_ORIENTATION[orientation]:
        with_fees = evaluate(a, b, direction=direction, budget=budget, now=NOW, max_slippage=slip)
        free = evaluate(_without_fees(a), _without_fees(b), direction=direction, budget=budget,
                        now=NOW, max_slippage=slip)
        if with_fees is not None:
            assert free is not None
            assert free.net_profit >= with_fees.net_profit


@pytest.mark.parametrize("budget", ["7.77", "20.01", "33.3333", "41.5", "1000"])
def test_budget_binding_inside_a_long_fractional_segment_matches_the_oracle(budget):
    # 4,500 admissible sizes on a 0.01 grid; the budget lands mid-segment.
    a = leg(asks=[("0.41", "20"), ("0.43", "25")], fee=KALSHI, inc="0.01")
    b = leg("polymarket", bids=[("0.56", "30"), ("0.55", "15")], fee=POLY4, inc="0.01")
    plan = evaluate(a, b, direction="yes_a_no_b", budget=D(budget), now=NOW)
    best, sizes = oracle(a, b, direction="yes_a_no_b", budget=D(budget))
    assert plan.net_profit == best
    assert plan.size in sizes
    assert plan.capital <= D(budget)


def _deep(start, step_cents, sizes):
    return [(str(D(start) + D(step_cents) / 100 * i), str(s)) for i, s in enumerate(sizes)]


@pytest.mark.parametrize("budget", ["2", "60", "1000000"])
@pytest.mark.parametrize(
    ("sizes_a", "sizes_b"),
    [
        ([7, 12, 3, 9, 15] * 5, [11, 4, 8, 13, 6] * 5),  # R peaks mid-book: the walk skips to it
        ([7, 12, 3, 9, 15] * 5, [11, 4, 8]),  # B runs out while R still rises
        ([7, 0, 12, 0, 3, 9] * 4, [0, 11, 4, 0, 8, 13] * 4),  # empty levels on both books
    ],
)
def test_deep_convex_books_match_the_oracle(sizes_a, sizes_b, budget):
    # A's asks from 0.30 and B's NO prices from 0.40 rise a cent a level: with fees the
    # marginal pair cost crosses 1 after about 12 levels each, unless a book or the budget ends.
    a = leg(asks=_deep("0.30", 1, sizes_a), fee=KALSHI)
    b = leg("polymarket", bids=_deep("0.60", -1, sizes_b), fee=POLY4)
    plan = evaluate(a, b, direction="yes_a_no_b", budget=D(budget), now=NOW)
    best, sizes = oracle(a, b, direction="yes_a_no_b", budget=D(budget))
    if best is None:
        assert plan is None
    else:
        assert plan.net_profit == best
        assert plan.size in sizes


@pytest.mark.parametrize("budget", ["60", "150", "1000000"])
def test_real_size_grids_near_the_peak_scan_a_fee_cent_at_a_time(budget, monkeypatch):
    # Both venues trade in 0.01 contracts. Near R's peak Kalshi's cent rounding holds profit
    # below R for hundreds of sizes; the scan goes a fee cent at a time instead (spied on here)
    # and must still find the brute-force optimum.
    runs = []
    fee_cent_runs = optimiser._fee_cent_runs
    monkeypatch.setattr(
        optimiser, "_fee_cent_runs", lambda *args, **kw: runs.append(args) or fee_cent_runs(*args, **kw)
    )
    a = leg(asks=_deep("0.30", 1, [7, 12, 3, 9, 15] * 3), fee=KALSHI, inc="0.01")
    b = leg("polymarket", bids=_deep("0.60", -1, [11, 4, 8, 13, 6] * 3), fee=POLY4, inc="0.01",
            min_size="5")
    plan = evaluate(a, b, direction="yes_a_no_b", budget=D(budget), now=NOW)
    best, sizes = oracle(a, b, direction="yes_a_no_b", budget=D(budget))
    assert runs
    assert plan.net_profit == best
    assert plan.size in sizes


@st.composite
def real_grid_legs(draw, venue, fee):
    # Kalshi and Polymarket both take sizes in 0.01 contracts; a few levels of a few contracts
    # keep the oracle's size-by-size walk affordable.
    size = st.integers(min_value=1, max_value=800).map(lambda i: D(i) / 100)
    book = st.lists(st.tuples(cents, size), min_size=1, max_size=4, unique_by=lambda lv: lv[0])
    return LegInput(
        venue=venue,
        yes_bids=tuple(sorted(draw(book), reverse=True)),
        yes_asks=tuple(sorted(draw(book))),
        fee=fee,
        min_size=D("0.01") if venue == "kalshi" else D(5),
        size_increment=D("0.01"),
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    a=real_grid_legs("kalshi", KALSHI),
    b=real_grid_legs("polymarket", Fee(kind="polymarket", rate=D("0.07"))),
    orientation=st.sampled_from(["same", "inverted"]),
    budget=st.sampled_from([D(15), D(1000)]),
)
def test_kalshi_against_polymarket_on_real_size_grids_equals_the_oracle(a, b, orientation, budget):
    for direction in DIRECTIONS_BY_ORIENTATION[orientation]:
        plan = evaluate(a, b, direction=direction, budget=budget, now=NOW)
        best, sizes = oracle(a, b, direction=direction, budget=budget)
        if best is None:
            assert plan is None
        else:
            assert plan.net_profit == best
            assert plan.size in sizes
