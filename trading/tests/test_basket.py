"""Baskets through the real path: Postgres, the paper executor on stored books, and live mode
against the Test venues (in-process, scripted faults) and both venues' HTTP fakes on 127.0.0.1
(test_basket_live_fakes.py).

The baskets buy NO on the Test venues' markets whose YES trades highest, paying n - 1 per unit
(NO on every member of an n-set): the execution does not depend on what the markets mean, and
the seeded books give those baskets a real edge after the venues' fees.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from unittest import mock

import pytest
import time_machine
from django.db import IntegrityError
from django.utils import timezone

from markets.models import Market
from markets.services import catalog_sync, order_books_pull
from pricing.fees import Fee
from trading import selectors
from trading.executors import paper_executor
from trading.models import (
    ArbAttempt,
    ArbAttemptEvent,
    DriftFlag,
    Fill,
    Order,
    Position,
    RiskRefusal,
)
from trading.services import attempts_recover, journal, kill_switch_set, settlements_sync
from trading.services.basket import (
    BasketLegSpec,
    BasketRequest,
    BasketRequestError,
    basket_attempt_run,
)

pytestmark = pytest.mark.django_db
State = ArbAttempt.State
D = Decimal


def _top_markets(slugs: tuple[str, ...], n: int) -> list[Market]:
    """The n markets (of these venues) with the highest best YES bid, books stored."""
    for slug in slugs:
        catalog_sync(slug=slug)
    markets = list(Market.objects.filter(platform__slug__in=slugs).select_related("platform"))
    order_books_pull(markets=markets)
    markets = list(Market.objects.filter(platform__slug__in=slugs).select_related("latest_book"))

    def best_bid(m: Market) -> Decimal:
        bids = m.latest_book.yes_bids if m.latest_book else []
        return D(bids[0][0]) if bids else D(0)

    return sorted(markets, key=best_bid, reverse=True)[:n]


def no_basket(markets: list[Market], source: str = "basket_opportunity:1") -> BasketRequest:
    return BasketRequest(
        legs=tuple(BasketLegSpec(market_id=m.id, side="no") for m in markets),
        payout_per_unit=D(len(markets) - 1), source=source,
    )


@pytest.fixture
def mixed3(venues):
    """Three markets across both Test venues (two on one, one on the other)."""
    top = _top_markets(("test_kalshi",), 2) + _top_markets(("test_polymarket",), 1)
    return no_basket(top)


@pytest.fixture
def kalshi3(venues):
    """Three markets of the Kalshi-like Test venue: its scripted answers go to the legs in the
    order they are sent."""
    return no_basket(_top_markets(("test_kalshi",), 3))


def order_rows(attempt):
    return list(attempt.orders.order_by("id").values_list("role", "leg", "status"))


def assert_basket_safe(attempt, spy):
    """No order sent twice or unjournaled; legs even, or the attempt flagged naming each
    unhedged leg; a terminal state."""
    attempt.refresh_from_db()
    assert spy.duplicates == []
    assert set(spy.calls) <= set(Order.objects.values_list("client_order_id", flat=True))
    assert attempt.state in ArbAttempt.TERMINAL_STATES, attempt.state
    held = journal.basket_held(attempt)
    matched = min(held.values())
    for leg, size in held.items():
        if size > matched:
            assert attempt.needs_attention
            assert f"leg {leg} " in attempt.attention_reason
            assert f"{size - matched} unhedged" in attempt.attention_reason
            assert DriftFlag.objects.filter(attempt=attempt, resolved_at__isnull=True).exists()


def _walked(market: Market, size: Decimal):
    """The (NO price, size) levels an order for `size` NO contracts takes from the stored book."""
    from trading import plan
    from trading.executors import stored_book

    view = stored_book(market)
    levels = plan.outcome_levels(yes_bids=view.yes_bids, yes_asks=view.yes_asks, outcome="no",
                                 buy=True)
    return plan.walked(levels, size=size)


# --- paper ---------------------------------------------------------------------------------


def test_paper_three_leg_basket_fills_with_exact_fees(mixed3, spy):
    attempt = basket_attempt_run(request=mixed3)
    assert attempt.pk is not None, attempt.reason
    assert (attempt.kind, attempt.mode, attempt.state) == ("basket", "paper", State.COMPLETE)
    assert attempt.pair_id is None
    assert attempt.source == "basket_opportunity:1"
    assert spy.calls == []  # paper reaches no venue
    size = attempt.planned_size
    assert size > 0
    orders = list(attempt.orders.order_by("id"))
    assert [o.role for o in orders] == ["leg1", "leg", "leg"]
    assert {o.leg for o in orders} == {"a", "b", "c"}
    for order in orders:
        assert order.filled_size == size
        assert order.market_id == attempt.plan[order.leg]["market_id"]
        fill = Fill.objects.get(order=order)
        assert fill.fee == order.fee_paid
        # Paper fills on the very books the basket was planned on: each leg costs and pays
        # exactly the planned cost and the venue's exact fee for that one order.
        leg = attempt.plan[order.leg]
        assert order.fee_paid == D(leg["fee"]) > 0
        assert order.filled_size * order.average_price == D(leg["cost"])
        assert D(leg["fee"]) == Fee.from_json(order.market.fee_params).order_fee(
            _walked(order.market, size))
    positions = {p.leg: p for p in Position.objects.filter(attempt=attempt)}
    assert {p.size for p in positions.values()} == {size}
    assert {p.outcome for p in positions.values()} == {"no"}
    events = list(ArbAttemptEvent.objects.filter(attempt=attempt).order_by("id")
                  .values_list("to_state", flat=True))
    assert events == ["planned", "risk_checked", "leg1_sent", "leg1_filled", "legs_sent",
                      "legs_sent", "complete"]
    spent = sum((p.cost_basis for p in positions.values()), D(0))
    assert attempt.realised_pnl == attempt.payout_per_unit * size - spent
    assert attempt.realised_pnl > 0
    pnl = selectors.attempt_pnl(attempt=attempt)
    assert (pnl.realised, pnl.unrealised) == (attempt.realised_pnl, 0)


def test_thinnest_leg_is_sent_first_then_the_rest(mixed3):
    attempt = basket_attempt_run(request=mixed3)
    depth = {leg: D(attempt.plan[leg]["depth_at_limit"]) for leg in "abc"}
    sent = list(attempt.orders.order_by("id").values_list("leg", flat=True))
    assert sent == attempt.plan["send_order"]
    assert depth[sent[0]] == min(depth.values())
    assert attempt.leg1 == sent[0]
    # Each leg bought at most to its planned limit.
    for order in attempt.orders.all():
        assert order.average_price <= D(attempt.plan[order.leg]["limit_price"])


def test_paper_depth_is_consumed_so_the_same_basket_twice_pays_more(mixed3):
    first = basket_attempt_run(request=mixed3)
    second = basket_attempt_run(request=mixed3)
    assert first.state == State.COMPLETE
    # The first basket took the best levels: the second one pays more per unit, or finds no
    # profitable size left.
    if second.pk is not None:
        unit = lambda a: sum((p.cost_basis for p in a.positions.all()), D(0)) / a.planned_size  # noqa: E731
        assert unit(second) >= unit(first)
    else:
        assert "no_plan" in second.reason


def test_kill_switch_blocks_the_basket(mixed3, spy):
    kill_switch_set(enabled=True, user=None, reason="stop")
    attempt = basket_attempt_run(request=mixed3)
    assert attempt.pk is None
    assert attempt.state == State.CANCELED
    assert "kill_switch" in {r.code for r in attempt.refusals}
    assert not ArbAttempt.objects.exists()
    assert not Order.objects.exists()
    assert RiskRefusal.objects.filter(source=mixed3.source, code="kill_switch").exists()


def test_kill_switch_flipped_after_the_checks_still_stops_the_first_leg(mixed3, spy):
    real = selectors.basket_execution_context

    def then_kill(**kw):
        ctx = real(**kw)
        kill_switch_set(enabled=True, user=None, reason="operator stop")
        return ctx

    with mock.patch.object(selectors, "basket_execution_context", then_kill):
        attempt = basket_attempt_run(request=mixed3)
    assert attempt.pk is None
    assert "kill_switch" in {r.code for r in attempt.refusals}
    assert not Order.objects.exists()


def test_risk_refuses_on_the_basket_total_capital(mixed3, settings):
    attempt = basket_attempt_run(request=mixed3)
    capital = sum((p.cost_basis for p in attempt.positions.all()), D(0))
    per_venue = max(
        sum((p.cost_basis for p in attempt.positions.filter(platform_slug=slug)), D(0))
        for slug in ("test_kalshi", "test_polymarket")
    )
    # A per-source limit below twice the basket: the first basket's capital (every leg, both
    # venues) plus the second's is too much, though each venue alone and each leg would pass.
    settings.EVENTSARB_RISK_MAX_NOTIONAL_PER_PAIR = str(capital + capital / 2)
    settings.EVENTSARB_RISK_MAX_NOTIONAL_PER_VENUE = str(per_venue * 100)
    paper_executor().reset()  # full depth again: the same basket plans as large
    again = basket_attempt_run(request=mixed3)
    assert again.pk is None
    codes = {r.code for r in again.refusals}
    assert codes == {"notional_pair"}, again.reason
    assert "basket notional" in again.reason
    assert ArbAttempt.objects.count() == 1


def test_risk_per_attempt_limit_caps_the_basket_capital(mixed3, settings):
    settings.EVENTSARB_RISK_MAX_NOTIONAL_PER_ATTEMPT = "5"
    attempt = basket_attempt_run(request=mixed3)
    assert attempt.state == State.COMPLETE
    assert sum((p.cost_basis for p in attempt.positions.all()), D(0)) <= 5


def test_budget_caps_the_basket_and_a_too_small_one_plans_nothing(mixed3):
    attempt = basket_attempt_run(request=mixed3, budget=D("0.01"))
    assert attempt.pk is None
    assert {r.code for r in attempt.refusals} == {"no_plan"}


def test_bad_requests_are_clear_errors(mixed3):
    one = BasketRequest(legs=mixed3.legs[:1], payout_per_unit=D(1), source="x")
    with pytest.raises(BasketRequestError, match="2 to 12 legs"):
        basket_attempt_run(request=one)
    side = BasketRequest(legs=(*mixed3.legs[:2], BasketLegSpec(mixed3.legs[2].market_id, "up")),
                         payout_per_unit=D(2), source="x")
    with pytest.raises(BasketRequestError, match="side"):
        basket_attempt_run(request=side)
    missing = BasketRequest(legs=(*mixed3.legs[:2], BasketLegSpec(10**9, "no")),
                            payout_per_unit=D(2), source="x")
    with pytest.raises(BasketRequestError, match="no market"):
        basket_attempt_run(request=missing)
    with pytest.raises(BasketRequestError, match="payout"):
        basket_attempt_run(request=BasketRequest(legs=mixed3.legs, payout_per_unit=D(0),
                                                 source="x"))
    assert not ArbAttempt.objects.exists()


def test_db_allows_one_open_attempt_per_basket_source():
    ArbAttempt.objects.create(uid="b1", kind="basket", source="s", mode="paper", leg1="a",
                              planned_size=1, expected_net_profit=0)
    with pytest.raises(IntegrityError):
        ArbAttempt.objects.create(uid="b2", kind="basket", source="s", mode="paper",
                                  leg1="a", planned_size=1, expected_net_profit=0)


def test_a_pair_attempt_still_needs_its_pair():
    with pytest.raises(IntegrityError):
        ArbAttempt.objects.create(uid="p1", mode="paper", leg1="a", planned_size=1,
                                  expected_net_profit=0)


# --- live, against the Test venues (scripted answers) -----------------------------------------


def test_live_basket_completes(live, kalshi3, spy):
    attempt = basket_attempt_run(request=kalshi3)
    assert (attempt.mode, attempt.state) == ("live", State.COMPLETE)
    assert len(spy.calls) == 3
    assert_basket_safe(attempt, spy)


def test_failed_leg_is_retried_within_the_edge_and_hedges(live, kalshi3, spy, venues):
    kalshi, _ = venues
    kalshi.script_orders("fill", "reject", "fill", "fill")
    attempt = basket_attempt_run(request=kalshi3)
    assert attempt.state == State.HEDGED, attempt.reason
    first, second, third = attempt.plan["send_order"]
    assert order_rows(attempt) == [
        ("leg1", first, "filled"), ("leg", second, "rejected"), ("leg", third, "filled"),
        ("retry", second, "filled"),
    ]
    retry = attempt.orders.get(role="retry")
    # Re-priced on the current book, never beyond the basket's break-even.
    others = sum((p.cost_basis for p in attempt.positions.exclude(leg=second)), D(0))
    bought = attempt.positions.get(leg=second).cost_basis
    assert attempt.payout_per_unit * attempt.planned_size - others - bought >= 0
    assert retry.limit_price >= D(attempt.plan[second]["limit_price"]) or retry.size > 0
    assert attempt.realised_pnl >= 0
    assert_basket_safe(attempt, spy)


def test_short_leg_is_topped_up_by_its_retry(live, kalshi3, spy, venues):
    kalshi, _ = venues
    kalshi.script_orders("fill", "fill", "partial:0.5", "fill")
    attempt = basket_attempt_run(request=kalshi3)
    assert attempt.state == State.HEDGED
    assert [r for r, _, _ in order_rows(attempt)] == ["leg1", "leg", "leg", "retry"]
    assert set(journal.basket_held(attempt).values()) == {attempt.planned_size}
    assert_basket_safe(attempt, spy)


def test_basket_retry_stops_at_the_baskets_break_even():
    """hedge_reprice with a basket's payout: levels are taken while the basket still breaks
    even; one cent more and the next level is out."""
    from trading import plan

    levels = [(D("0.30"), D(5)), (D("0.40"), D(5)), (D("0.80"), D(5))]
    # Payout 2, the other legs cost 1.55 per unit: 0.45 of room per contract of this leg,
    # plus 0.5 of edge already locked.
    quote = plan.hedge_reprice(levels=levels, needed=D(15), leg1_unit_cost=D("1.55"),
                               locked_edge=D("0.5"), fee=lambda p, n: D(0), payout=D(2))
    # 5 @ 0.30 and 5 @ 0.40: 0.5 + 10 x 0.45 - 3.5 = 1.5 >= 0; with 5 @ 0.80 as well:
    # 0.5 + 15 x 0.45 - 7.5 = -0.25 < 0.
    assert (quote.size, quote.limit_price) == (D(10), D("0.40"))
    assert plan.hedge_reprice(levels=levels[2:], needed=D(5), leg1_unit_cost=D("1.55"),
                              locked_edge=D(0), fee=lambda p, n: D(0), payout=D(2)) is None


def test_failed_retry_unwinds_the_filled_legs(live, kalshi3, spy, venues):
    kalshi, _ = venues
    kalshi.script_orders("fill", "reject", "fill", "reject")
    attempt = basket_attempt_run(request=kalshi3)
    assert attempt.state == State.UNWOUND, attempt.reason
    first, second, third = attempt.plan["send_order"]
    assert order_rows(attempt) == [
        ("leg1", first, "filled"), ("leg", second, "rejected"), ("leg", third, "filled"),
        ("retry", second, "rejected"), ("unwind", first, "filled"), ("unwind", third, "filled"),
    ]
    assert set(journal.basket_held(attempt).values()) == {0}
    assert not attempt.needs_attention
    assert_basket_safe(attempt, spy)


def test_unwind_failure_needs_attention_naming_the_unhedged_legs(live, kalshi3, spy, venues):
    kalshi, _ = venues
    kalshi.script_orders("fill", "reject", "fill", "reject", "reject", "reject")
    attempt = basket_attempt_run(request=kalshi3)
    assert attempt.state == State.NEEDS_ATTENTION
    first, second, third = attempt.plan["send_order"]
    size = attempt.planned_size
    reason = attempt.attention_reason
    for leg in (first, third):
        assert f"leg {leg} (" in reason
        assert f"holds {size}: {size} unhedged" in reason
    assert f"leg {second} (" not in reason
    flag = DriftFlag.objects.get(attempt=attempt, resolved_at__isnull=True)
    assert flag.message == reason
    assert selectors.attempt_list_needing_attention().filter(id=attempt.id).exists()
    assert_basket_safe(attempt, spy)


def test_first_leg_failing_ends_with_nothing_held(live, kalshi3, spy, venues):
    kalshi, _ = venues
    kalshi.script_orders("reject")
    attempt = basket_attempt_run(request=kalshi3)
    assert attempt.state == State.LEG1_FAILED
    assert order_rows(attempt) == [("leg1", attempt.plan["leg1"], "rejected")]
    assert attempt.realised_pnl == 0
    assert_basket_safe(attempt, spy)


def test_kill_switch_during_the_basket_flags_instead_of_retrying(live, kalshi3, spy, venues):
    kalshi, _ = venues
    kalshi.script_orders("fill", "reject", "fill")
    original = kalshi.place_order
    calls = []

    def place_then_kill(intent):
        calls.append(intent.client_order_id)
        result = original(intent)
        if len(calls) == 3:
            kill_switch_set(enabled=True, user=None, reason="operator stop")
        return result

    kalshi.place_order = place_then_kill
    attempt = basket_attempt_run(request=kalshi3)
    assert attempt.state == State.NEEDS_ATTENTION
    assert "kill switch on" in attempt.attention_reason
    assert [r for r, _, _ in order_rows(attempt)] == ["leg1", "leg", "leg"]
    assert_basket_safe(attempt, spy)


class Crash(BaseException):
    """The worker dies here (nothing in the process survives it)."""


def test_crash_after_journaling_a_leg_before_its_send_is_recovered_without_a_duplicate(
    live, kalshi3, spy
):
    real = journal.send
    sends = []

    def send_then_die(order, executor):
        sends.append(order.client_order_id)
        if len(sends) == 2:
            raise Crash("after journaling leg 2, before sending it")
        return real(order, executor)

    with mock.patch.object(journal, "send", send_then_die), pytest.raises(Crash):
        basket_attempt_run(request=kalshi3)
    attempt = ArbAttempt.objects.get()
    assert attempt.state == State.LEGS_SENT
    assert attempt.is_open
    journaled = attempt.orders.get(role="leg")
    assert journaled.status == Order.Status.SENT
    assert journaled.client_order_id not in spy.calls  # never reached the venue
    # A restarted process: past the lease and the not-found grace, recovery looks the order up
    # by its client order id, finds nothing, marks it not placed and carries on (retry, rest).
    with time_machine.travel(timezone.now() + timedelta(minutes=5), tick=False):
        attempts_recover()
    attempt.refresh_from_db()
    assert_basket_safe(attempt, spy)
    journaled.refresh_from_db()
    assert journaled.status == Order.Status.NOT_PLACED
    assert spy.calls.count(journaled.client_order_id) == 0
    assert attempt.state in (State.HEDGED, State.UNWOUND), attempt.state


def test_crash_after_a_leg_was_sent_finds_it_by_client_order_id(live, kalshi3, spy):
    real = journal.order_apply_result
    applied = []

    def die_before_recording(order, result):
        applied.append(order.client_order_id)
        if len(applied) == 2:
            raise Crash("answer lost")
        return real(order, result)

    with mock.patch.object(journal, "order_apply_result", die_before_recording), \
            pytest.raises(Crash):
        basket_attempt_run(request=kalshi3)
    attempt = ArbAttempt.objects.get()
    with time_machine.travel(timezone.now() + timedelta(minutes=5), tick=False):
        attempts_recover()
    attempt.refresh_from_db()
    assert attempt.state == State.COMPLETE
    assert len(spy.calls) == 3  # the looked-up leg was not sent again
    assert_basket_safe(attempt, spy)


# --- settlement and the pages -------------------------------------------------------------


def test_settlement_pays_each_leg_and_realises_the_basket(live, kalshi3, spy, venues):
    kalshi, _ = venues
    attempt = basket_attempt_run(request=kalshi3)
    assert attempt.state == State.COMPLETE
    markets = [journal.leg_market(attempt, leg) for leg in "abc"]
    # One member of the set happens; NO pays on the other two: 2 per unit, the basket's payout.
    for market, value in zip(markets, (D(1), D(0), D(0)), strict=True):
        kalshi.close_market(market.external_id)
        kalshi.script_result(market.external_id, value)
        Market.objects.filter(id=market.id).update(close_time=timezone.now() - timedelta(days=1))
    result = settlements_sync()
    assert result.attempts_settled == 1
    attempt.refresh_from_db()
    positions = list(attempt.positions.order_by("leg"))
    assert [p.settlement_payout for p in positions] == [
        D(0), attempt.planned_size, attempt.planned_size]
    spent = sum((p.realised_pnl for p in positions), D(0))
    assert attempt.realised_pnl == spent
    assert attempt.realised_pnl == (
        attempt.payout_per_unit * attempt.planned_size
        - sum((D(o.filled_size) * o.average_price + o.fee_paid for o in attempt.orders.all()),
              D(0))
    )
    assert attempt.settled_at is not None


def test_trading_pages_and_api_show_a_basket_attempt(mixed3, client, staff_user):
    attempt = basket_attempt_run(request=mixed3)
    # A refused basket too: its refusal row has no pair.
    kill_switch_set(enabled=True, user=None, reason="stop")
    refused = basket_attempt_run(request=no_basket(
        [journal.leg_market(attempt, leg) for leg in "ab"], source="basket_opportunity:2"))
    assert refused.pk is None
    client.force_login(staff_user)
    page = client.get("/trading/")
    assert page.status_code == 200
    html = page.content.decode()
    assert attempt.uid in html
    assert "basket basket_opportunity:1" in html
    assert "basket basket_opportunity:2" in html  # the refusal row
    api = client.get("/api/attempts/")
    assert api.status_code == 200, api.content[:300]
    row = next(r for r in api.json()["results"] if r["uid"] == attempt.uid)
    assert row["kind"] == "basket"
    assert row["pair_id"] is None
    assert row["source"] == mixed3.source


def test_admin_shows_a_basket_attempts_legs_orders_fills_and_attention(
    live, kalshi3, spy, venues, client, staff_user
):
    kalshi, _ = venues
    kalshi.script_orders("fill", "reject", "fill", "reject", "reject", "reject")
    attempt = basket_attempt_run(request=kalshi3)
    client.force_login(staff_user)
    page = client.get(f"/admin/trading/arbattempt/{attempt.id}/change/")
    assert page.status_code == 200
    html = page.content.decode()
    for leg in attempt.plan["send_order"]:
        assert f"<td>{leg}</td>" in html
    for order in attempt.orders.all():
        assert order.client_order_id in html
    fill = Fill.objects.filter(order__attempt=attempt).first()
    assert fill is not None
    assert fill.order.client_order_id in html
    assert "unhedged" in html  # the attention reason
    listing = client.get("/admin/trading/arbattempt/?kind=basket")
    assert listing.status_code == 200
    assert attempt.uid in listing.content.decode()


def _crashing(real, k, when):
    calls = {"n": 0}

    def wrapper(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == k and when == "before":
            raise Crash(f"before call {k}")
        out = real(*args, **kwargs)
        if calls["n"] == k and when == "after":
            raise Crash(f"after call {k}")
        return out

    return wrapper


# With leg 2 filling half: after the insert at leg1_sent, 6 transitions (leg1_filled, legs_sent
# x2, legs_partial, hedging, hedged), 4 venue answers recorded and 4 sends.
BASKET_CRASH_POINTS = [
    *(("transition", k, w) for k in range(1, 7) for w in ("before", "after")),
    *(("order_apply_result", k, "before") for k in range(1, 5)),
    # Journaled but never sent (before), and sent with the answer lost (after).
    *(("place", k, w) for k in range(1, 5) for w in ("before", "after")),
]


@pytest.mark.parametrize(("name", "k", "when"), BASKET_CRASH_POINTS)
def test_crash_anywhere_in_a_basket_then_recovery(live, kalshi3, spy, venues, name, k, when):
    kalshi, _ = venues
    kalshi.script_orders("fill", "partial:0.5", "fill", "fill")
    with mock.patch.object(journal, name, _crashing(getattr(journal, name), k, when)), \
            pytest.raises(Crash):
        basket_attempt_run(request=kalshi3)
    attempt = ArbAttempt.objects.get()
    # A restarted process: recovery takes the lapsed lease and resumes from the journal.
    with time_machine.travel(timezone.now() + timedelta(minutes=5), tick=False):
        attempts_recover()
    assert_basket_safe(attempt, spy)
    assert attempt.state in (State.COMPLETE, State.HEDGED, State.UNWOUND, State.LEG1_FAILED)
