"""Fault injection in live mode against the Test venues: every case asserts no duplicate order,
no unflagged unhedged position, and journal/venue agreement after recovery."""

import threading
from datetime import timedelta
from unittest import mock

import pytest
import time_machine
from django.db import IntegrityError, connection
from django.utils import timezone

from platforms.base import RateLimited
from trading import services
from trading.models import ArbAttempt, DriftFlag, Order, Position
from trading.selectors import attempt_pnl, pair_pnl
from trading.services import (
    attempts_reconcile,
    attempts_recover,
    execute,
    journal,
    kill_switch_set,
    machine,
    opportunity_execute,
)
from trading.tests.conftest import leg_venues

State = ArbAttempt.State


def assert_safe(attempt, spy):
    """The three invariants of every fault case."""
    attempt.refresh_from_db()
    # No duplicate order: each client id reached the venue at most once, and only journaled ones.
    assert spy.duplicates == []
    journaled = set(Order.objects.values_list("client_order_id", flat=True))
    assert set(spy.calls) <= journaled
    # No unflagged unhedged position.
    held = {p.leg: p.size for p in Position.objects.filter(attempt=attempt)}
    if held.get("a", 0) != held.get("b", 0):
        assert attempt.needs_attention
        assert DriftFlag.objects.filter(attempt=attempt, resolved_at__isnull=True).exists()
    # The journal agrees with the venues (orders, fills, positions).
    assert attempt.state in ArbAttempt.TERMINAL_STATES
    attempts_reconcile()
    drift = DriftFlag.objects.filter(
        resolved_at__isnull=True,
        kind__in=[DriftFlag.Kind.POSITION, DriftFlag.Kind.GHOST_FILL, DriftFlag.Kind.ORDER],
    )
    assert list(drift.values_list("message", flat=True)) == []


def roles(attempt):
    return list(attempt.orders.order_by("id").values_list("role", "status"))


@pytest.mark.django_db
def test_live_happy_path_completes(live, opportunity, spy):
    attempt = opportunity_execute(opportunity_id=opportunity.id).attempt
    assert attempt.state == State.COMPLETE
    assert attempt.mode == "live"
    assert len(spy.calls) == 2
    assert_safe(attempt, spy)


@pytest.mark.django_db
def test_leg2_rejected_then_repriced_retry_hedges(live, opportunity, spy):
    _, leg2 = leg_venues(opportunity)
    leg2.script_orders("reject", "fill")
    attempt = opportunity_execute(opportunity_id=opportunity.id).attempt
    assert attempt.state == State.HEDGED
    assert roles(attempt) == [("leg1", "filled"), ("leg2", "rejected"), ("retry", "filled")]
    assert_safe(attempt, spy)


@pytest.mark.django_db
def test_leg2_partial_then_retry_hedges(live, opportunity, spy):
    _, leg2 = leg_venues(opportunity)
    leg2.script_orders("partial:0.5", "fill")
    attempt = opportunity_execute(opportunity_id=opportunity.id).attempt
    assert attempt.state == State.HEDGED
    assert roles(attempt) == [("leg1", "filled"), ("leg2", "partial"), ("retry", "filled")]
    assert_safe(attempt, spy)


@pytest.mark.django_db
def test_leg2_partial_without_retries_unwinds_the_excess(live, opportunity, spy):
    live.EVENTSARB_RISK_LEG2_MAX_RETRIES = 0
    _, leg2 = leg_venues(opportunity)
    leg2.script_orders("partial:0.5")
    attempt = opportunity_execute(opportunity_id=opportunity.id).attempt
    assert attempt.state == State.UNWOUND
    assert roles(attempt) == [("leg1", "filled"), ("leg2", "partial"), ("unwind", "filled")]
    unwind = attempt.orders.get(role="unwind")
    assert unwind.action == "sell"
    assert unwind.leg == attempt.leg1
    assert attempt.realised_pnl is not None
    assert_safe(attempt, spy)


@pytest.mark.django_db
def test_leg2_timeout_with_order_placed_is_found_not_resent(live, opportunity, spy):
    _, leg2 = leg_venues(opportunity)
    leg2.script_orders("timeout_placed")
    attempt = opportunity_execute(opportunity_id=opportunity.id).attempt
    assert attempt.state == State.COMPLETE
    assert roles(attempt) == [("leg1", "filled"), ("leg2", "filled")]
    assert len(spy.calls) == 2
    assert_safe(attempt, spy)


@pytest.mark.django_db
def test_leg2_timeout_without_order_placed_is_retried_under_a_new_id(live, opportunity, spy):
    _, leg2 = leg_venues(opportunity)
    leg2.script_orders("timeout_lost", "fill")
    attempt = opportunity_execute(opportunity_id=opportunity.id).attempt
    # "No such order" right after the timeout may be the venue's lag: nothing is resent yet.
    assert attempt.state == State.LEG2_SENT
    assert roles(attempt) == [("leg1", "filled"), ("leg2", "unknown")]
    assert len(spy.calls) == 2
    with time_machine.travel(
        timezone.now() + timedelta(seconds=services.NOT_FOUND_GRACE_S + 1), tick=False
    ):
        attempts_recover()
    attempt.refresh_from_db()
    assert attempt.state == State.HEDGED
    assert roles(attempt) == [("leg1", "filled"), ("leg2", "not_placed"), ("retry", "filled")]
    assert_safe(attempt, spy)


@pytest.mark.django_db
def test_leg1_garbage_answer_is_looked_up_and_fails_cleanly(live, opportunity, spy):
    leg1, _ = leg_venues(opportunity)
    leg1.script_orders("garbage")
    attempt = opportunity_execute(opportunity_id=opportunity.id).attempt
    assert roles(attempt) == [("leg1", "unknown")]
    with time_machine.travel(
        timezone.now() + timedelta(seconds=services.NOT_FOUND_GRACE_S + 1), tick=False
    ):
        attempts_recover()
    attempt.refresh_from_db()
    assert attempt.state == State.LEG1_FAILED
    assert roles(attempt) == [("leg1", "not_placed")]
    assert not Position.objects.exists()
    assert_safe(attempt, spy)


@pytest.mark.django_db
def test_429_storm_on_leg2_unwinds_leg1(live, opportunity, spy):
    _, leg2 = leg_venues(opportunity)
    leg2.fail_next("order", RateLimited("429", retry_after_s=1), times=20)
    attempt = opportunity_execute(opportunity_id=opportunity.id).attempt
    assert attempt.state == State.UNWOUND
    assert [r for r, _ in roles(attempt)] == ["leg1", "leg2", "retry", "retry", "unwind"]
    assert_safe(attempt, spy)


@pytest.mark.django_db
def test_unwind_rejected_ends_in_needs_attention_with_alert(live, opportunity, spy, caplog):
    leg1, leg2 = leg_venues(opportunity)
    leg2.fail_next("order", RateLimited("429"), times=20)
    leg1.script_orders("fill", "reject")
    attempt = opportunity_execute(opportunity_id=opportunity.id).attempt
    assert attempt.state == State.NEEDS_ATTENTION
    assert attempt.needs_attention
    assert DriftFlag.objects.filter(attempt=attempt, kind=DriftFlag.Kind.UNHEDGED).exists()
    assert "needs attention" in caplog.text
    # Nothing is hedged: no realised P&L; the naked leg marked at its bid is below its cost.
    pnl = attempt_pnl(attempt=attempt)
    assert pnl.realised == 0
    assert pnl.unrealised < 0
    assert pair_pnl(pair_id=attempt.pair_id) == pnl
    assert_safe(attempt, spy)


@pytest.mark.django_db
def test_kill_switch_flipped_mid_attempt_stops_retries_and_flags(live, opportunity, spy):
    _, leg2 = leg_venues(opportunity)
    leg2.script_orders("partial:0.5")
    original = leg2.place_order

    def place_then_kill(intent):
        result = original(intent)
        kill_switch_set(enabled=True, user=None, reason="operator stop")
        return result

    leg2.place_order = place_then_kill
    attempt = opportunity_execute(opportunity_id=opportunity.id).attempt
    assert attempt.state == State.NEEDS_ATTENTION
    assert [r for r, _ in roles(attempt)] == ["leg1", "leg2"]
    assert "kill switch" in attempt.attention_reason
    assert_safe(attempt, spy)


@pytest.mark.django_db
def test_lookup_failure_blocks_then_recovery_resolves(live, opportunity, spy):
    _, leg2 = leg_venues(opportunity)
    leg2.script_orders("timeout_placed")
    leg2.fail_next("get_order", RateLimited("429"), times=2)
    attempt = opportunity_execute(opportunity_id=opportunity.id).attempt
    assert attempt.state == State.LEG2_SENT
    assert attempt.is_open
    assert attempt.orders.get(role="leg2").status == Order.Status.UNKNOWN
    attempts_recover()
    assert_safe(attempt, spy)
    assert attempt.state == State.COMPLETE
    assert len(spy.calls) == 2


@pytest.mark.django_db
def test_timeout_placed_not_yet_visible_is_not_resent(live, opportunity, spy):
    """The lookup right after a timeout lags the venue: the order stays unknown, no retry."""
    _, leg2 = leg_venues(opportunity)
    leg2.script_orders("timeout_placed")
    # The venue's order lookup lags: it does not show the order while the worker runs.
    with mock.patch.object(leg2, "get_order", return_value=None):
        attempt = opportunity_execute(opportunity_id=opportunity.id).attempt
    assert attempt.state == State.LEG2_SENT
    assert roles(attempt) == [("leg1", "filled"), ("leg2", "unknown")]
    assert len(spy.calls) == 2
    # Later (within the grace) the lookup shows the order: recovery completes the attempt.
    attempts_recover()
    assert_safe(attempt, spy)
    assert attempt.state == State.COMPLETE
    assert roles(attempt) == [("leg1", "filled"), ("leg2", "filled")]
    assert len(spy.calls) == 2


def _resting(order_id):
    from platforms.base import OrderResult, OrderStatus

    return OrderResult(client_order_id=order_id, venue_order_id="v-" + order_id,
                       status=OrderStatus.RESTING, raw_status="delayed")


@pytest.mark.django_db
def test_leg2_resting_answer_is_not_final_and_fills_later(live, opportunity, spy):
    """A "delayed" answer (resting, nothing filled) may still fill: no retry under a new id."""
    _, leg2 = leg_venues(opportunity)
    real_place = leg2.place_order

    def place_then_say_resting(intent):
        real_place(intent)  # the venue fills it; its answer only says "delayed"
        return _resting(intent.client_order_id)

    with (
        mock.patch.object(leg2, "place_order", place_then_say_resting),
        mock.patch.object(leg2, "get_order", lambda **kw: _resting(kw["client_order_id"])),
    ):
        attempt = opportunity_execute(opportunity_id=opportunity.id).attempt
    assert attempt.state == State.LEG2_SENT
    assert roles(attempt) == [("leg1", "filled"), ("leg2", "unknown")]
    attempts_recover()
    assert_safe(attempt, spy)
    assert attempt.state == State.COMPLETE
    assert roles(attempt) == [("leg1", "filled"), ("leg2", "filled")]
    assert len(spy.calls) == 2


@pytest.mark.django_db
def test_leg2_still_resting_after_the_grace_is_cancelled_then_hedged(live, opportunity, spy):
    from platforms.base import OrderResult, OrderStatus

    _, leg2 = leg_venues(opportunity)
    cancelled = []

    def cancel(venue_order_id, *, market_external_id=""):
        cancelled.append(venue_order_id.removeprefix("v-"))

    real_place, real_get_order = leg2.place_order, leg2.get_order
    resting = []

    def place(intent):
        if resting:  # the retry: an ordinary fill
            return real_place(intent)
        resting.append(intent.client_order_id)  # leg 2 rests without reaching the real venue
        return _resting(intent.client_order_id)

    def lookup(**kw):
        order_id = kw["client_order_id"]
        if order_id not in resting:
            return real_get_order(**kw)
        if order_id in cancelled:
            return OrderResult(client_order_id=order_id, venue_order_id="v-" + order_id,
                               status=OrderStatus.CANCELED)
        return _resting(order_id)

    with (
        mock.patch.object(leg2, "place_order", place),
        mock.patch.object(leg2, "get_order", lookup),
        mock.patch.object(leg2, "cancel_order", cancel),
    ):
        attempt = opportunity_execute(opportunity_id=opportunity.id).attempt
        assert roles(attempt) == [("leg1", "filled"), ("leg2", "unknown")]
        attempts_recover()  # within the grace: still resting, left alone
        assert cancelled == []
        leg2_id = attempt.orders.get(role="leg2").client_order_id
        # Past the grace and the lease the first recovery run took.
        later_s = max(services.NOT_FOUND_GRACE_S, services.LEASE_S) + 1
        with time_machine.travel(timezone.now() + timedelta(seconds=later_s), tick=False):
            attempts_recover()
    assert cancelled == [leg2_id]
    attempt.refresh_from_db()
    assert attempt.state == State.HEDGED
    assert roles(attempt) == [("leg1", "filled"), ("leg2", "canceled"), ("retry", "filled")]
    assert_safe(attempt, spy)


class Crash(Exception):
    pass


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


# Once journaled at leg1_sent (planned and risk_checked ride in the attempt's insert), the
# scenario makes 4 _transition calls: leg2_sent (via leg1_filled, in the transaction that records
# leg 1's answer), leg2_partial, hedging, hedged; and records 3 venue answers (leg 1, leg 2, retry).
CRASH_POINTS = [("journal.transition", k, w) for k in range(1, 5) for w in ("before", "after")] + [
    ("journal.order_apply_result", k, "before") for k in range(1, 4)
] + [
    # Around the two commits before leg 2 and the sends they guard: journaled but not sent, and
    # sent with the answer lost.
    ("execute._attempt_open", 1, "after"), ("machine.leg1_answered", 1, "before"),
    ("machine.leg1_answered", 1, "after"),
    ("journal.place", 1, "after"), ("journal.place", 2, "before"), ("journal.place", 2, "after"),
    ("machine.leg2_answered", 1, "before"), ("machine.leg2_answered", 1, "after"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("target", "k", "when"), CRASH_POINTS)
def test_crash_at_every_transition_then_recovery(live, opportunity, spy, target, k, when):
    _, leg2 = leg_venues(opportunity)
    leg2.script_orders("partial:0.5", "fill")
    module_name, name = target.split(".")
    module = {"journal": journal, "machine": machine, "execute": execute}[module_name]
    real = getattr(module, name)
    with mock.patch.object(module, name, _crashing(real, k, when)), pytest.raises(Crash):
        opportunity_execute(opportunity_id=opportunity.id)
    attempt = ArbAttempt.objects.get()
    # A restarted process: recovery takes the lapsed lease and resumes from the journal.
    with time_machine.travel(timezone.now() + timedelta(minutes=5), tick=False):
        attempts_recover()
    assert_safe(attempt, spy)
    assert attempt.state in (State.CANCELED, State.HEDGED, State.COMPLETE, State.LEG1_FAILED,
                             State.UNWOUND)


@pytest.mark.django_db
def test_db_allows_one_open_attempt_per_pair(pair):
    ArbAttempt.objects.create(uid="x1", pair=pair, direction="d", mode="paper", leg1="a",
                              planned_size=1, expected_net_profit=0)
    with pytest.raises(IntegrityError):
        ArbAttempt.objects.create(uid="x2", pair=pair, direction="d", mode="paper", leg1="a",
                                  planned_size=1, expected_net_profit=0)


@pytest.mark.django_db(transaction=True)
def test_two_workers_racing_the_same_opportunity_trade_once(live, opportunity, spy):
    barrier = threading.Barrier(2)
    loser_done = threading.Event()
    results, errors = [], []
    # Hold the winner's leg 1 until the loser has given up, so the loser always meets the
    # winner's attempt open (had the winner finished first, a second attempt would be legal).
    for venue in leg_venues(opportunity):
        place = venue.place_order

        def gated(intent, _place=place):
            loser_done.wait(timeout=10)
            return _place(intent)

        venue.place_order = gated

    def worker():
        try:
            barrier.wait()
            result = opportunity_execute(opportunity_id=opportunity.id)
            results.append(result)
            if result.attempt is None:
                loser_done.set()
        except Exception as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert loser_done.is_set()
    assert [r.skipped for r in results if r.attempt is None] == ["pair busy"]
    attempt = ArbAttempt.objects.get()
    assert attempt.state == State.COMPLETE
    assert len(spy.calls) == 2
    assert_safe(attempt, spy)


@pytest.mark.django_db
def test_a_stale_worker_cannot_apply_a_transition(pair):
    attempt = ArbAttempt.objects.create(
        uid="stale", pair=pair, direction="yes_a_no_b", mode="paper", leg1="a",
        planned_size=1, expected_net_profit=0,
    )
    stale = ArbAttempt.objects.get(id=attempt.id)
    journal.transition(attempt, State.RISK_CHECKED)
    with pytest.raises(journal.StateConflict):
        journal.transition(stale, State.RISK_CHECKED)
    assert attempt.events.count() == 1


@pytest.mark.django_db
def test_recovery_leaves_attempts_with_a_live_lease_alone(pair):
    attempt = ArbAttempt.objects.create(
        uid="busy", pair=pair, direction="yes_a_no_b", mode="paper", leg1="a",
        planned_size=1, expected_net_profit=0,
        lease_until=timezone.now() + timedelta(seconds=services.LEASE_S),
    )
    assert attempts_recover() == []
    attempt.refresh_from_db()
    assert attempt.state == State.PLANNED
    # Once the lease lapses, an attempt that never sent anything is closed, not traded.
    attempts_recover(now=timezone.now() + timedelta(seconds=services.LEASE_S + 1))
    attempt.refresh_from_db()
    assert attempt.state == State.CANCELED
    assert not attempt.is_open


@pytest.mark.django_db
def test_one_attempt_failing_recovery_does_not_stop_the_others(pair, caplog):
    """A bug that raises while one attempt is recovered (a venue answer no parser expected)
    must not leave every other attempt, and the reconciliation after them, unrecovered: the
    failing one is flagged for a person and retried at the next run."""
    from markets.models import Market
    from similarity.models import MarketPair

    a2, b2 = (Market.objects.filter(platform__slug=slug).exclude(id=exclude).first()
              for slug, exclude in (("test_kalshi", pair.market_a_id),
                                    ("test_polymarket", pair.market_b_id)))
    other_pair = MarketPair.objects.create(
        market_a=a2, market_b=b2, status=MarketPair.Status.APPROVED,
        relation=MarketPair.Relation.IDENTICAL,
    )
    poison, fine = (
        ArbAttempt.objects.create(uid=uid, pair=p, direction="yes_a_no_b", mode="paper",
                                  leg1="a", planned_size=1, expected_net_profit=0)
        for uid, p in (("poison", pair), ("fine", other_pair))
    )
    real_drive = machine.attempt_drive

    def drive(*, attempt, executor=None):
        if attempt.uid == "poison":
            raise TypeError("'NoneType' object is not subscriptable")
        return real_drive(attempt=attempt, executor=executor)

    with mock.patch.object(machine, "attempt_drive", drive):
        resumed = attempts_recover()
    fine.refresh_from_db()
    poison.refresh_from_db()
    assert [a.uid for a in resumed] == ["fine"]
    assert fine.state == State.CANCELED
    assert poison.is_open
    assert poison.needs_attention
    flag = DriftFlag.objects.get(attempt=poison, resolved_at__isnull=True)
    assert flag.kind == DriftFlag.Kind.STUCK
    assert "not subscriptable" in flag.message
    assert "recovering attempt poison failed" in caplog.text
