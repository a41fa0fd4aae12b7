"""Fault paths of live execution, each run against BOTH venues' fakes (trading/tests/live_fakes.py):
`venue` is where the fault strikes, the other venue carries the other leg. Every scenario ends
in a journal state a person can act on and passes LiveVenues.assert_safe: no order reached a
venue twice, no open exposure without needs_attention and a DriftFlag naming its size, and the
journal agrees with both venues' fills and positions."""

from __future__ import annotations

import threading
from datetime import timedelta
from decimal import Decimal
from unittest import mock

import pytest
import time_machine
from django.db import OperationalError, connection
from django.utils import timezone

from platforms import registry
from trading import services
from trading.models import ArbAttempt, DriftFlag, Order
from trading.services import attempts_reconcile, attempts_recover, journal, opportunity_execute
from trading.tests.live_fakes import (
    KALSHI_ORDERS,
    live_venues,  # noqa: F401 (fixture)
)
from trading.tests.test_live_venues import kalshi_thin, poly_thin

D = Decimal
State = ArbAttempt.State
VENUES = ["kalshi", "polymarket"]
# Past both the lease of a worker that died and the grace for "no such order".
AFTER = max(services.LEASE_S, services.NOT_FOUND_GRACE_S) + 1


class Crash(BaseException):
    """The worker process dies here (not an Exception: nothing in the process survives it)."""


def at(step: int):
    """The clock `step` lease periods from now (each recovery run a period later)."""
    return time_machine.travel(timezone.now() + timedelta(seconds=step * AFTER), tick=False)


def roles(attempt):
    return list(attempt.orders.order_by("id").values_list("platform_slug", "role", "status"))


def leg1_on(v, venue, **kw):
    """Shape the books so `venue` is leg 1 (the thinner at its limit)."""
    (kalshi_thin if venue == "kalshi" else poly_thin)(v, **kw)


def leg2_on(v, venue, **kw):
    (poly_thin if venue == "kalshi" else kalshi_thin)(v, **kw)


def other(venue):
    return "polymarket" if venue == "kalshi" else "kalshi"


def fail_post(v, venue, kind):
    """The next order POST to `venue` misbehaves: "500", "401", "403", "garbage" (an
    unreadable 200; nothing placed), "hang" (no answer; nothing placed) or "lost" (placed,
    then no answer)."""
    if venue == "kalshi":
        opts = {"500": {"status": 500}, "401": {"status": 401}, "403": {"status": 403},
                "garbage": {"mode": "garbage"}, "hang": {"mode": "hang"},
                "lost": {"mode": "hang", "process": True}}[kind]
        v.kalshi.fail(KALSHI_ORDERS, method="POST", **opts)
    else:
        v.poly.fail_next("/order", kind)


def reject_orders(v, venue):
    """Every further order to `venue` is refused outright (nothing placed)."""
    if venue == "kalshi":
        v.kalshi.fail(KALSHI_ORDERS, method="POST", status=400, times=20,
                      body={"error": {"code": "invalid_price", "message": "invalid price"}})
    else:
        v.clob.balance = D(0)  # "not enough balance / allowance"


def malformed_lookup(v, venue, times=1):
    """The next order lookups on `venue` answer 200 with a body of the wrong shape."""
    if venue == "kalshi":
        v.kalshi.fail("/portfolio/orders", method="GET", mode="json",
                      body={"orders": "x", "order": 7}, times=times)
    else:
        v.poly.fail_next("/data/order/", *["malformed"] * times)


def run(v, staff_user):
    v.sync(staff_user)
    return opportunity_execute(opportunity_id=v.opportunity().id)


# --- leg 1 ---------------------------------------------------------------------------------
@pytest.mark.django_db
@pytest.mark.parametrize("venue", VENUES)
def test_leg1_5xx_is_looked_up_and_fails_cleanly_after_the_grace(
    live_venues, staff_user, venue  # noqa: F811
):
    v = live_venues
    leg1_on(v, venue)
    fail_post(v, venue, "500")
    attempt = run(v, staff_user).attempt
    # A 5xx may hide a placed order: unknown, looked up, never resent.
    assert (attempt.state, roles(attempt)) == (State.LEG1_SENT, [(venue, "leg1", "unknown")])
    with at(1):
        attempts_recover()
    v.assert_safe(attempt)
    assert (attempt.state, roles(attempt)) == (State.LEG1_FAILED, [(venue, "leg1", "not_placed")])


@pytest.mark.django_db
@pytest.mark.parametrize("venue", VENUES)
@pytest.mark.parametrize("status", ["401", "403"])
def test_leg1_auth_refused_is_not_placed(live_venues, staff_user, venue, status):  # noqa: F811
    v = live_venues
    leg1_on(v, venue)
    fail_post(v, venue, status)
    attempt = run(v, staff_user).attempt
    v.assert_safe(attempt)
    assert (attempt.state, roles(attempt)) == (State.LEG1_FAILED, [(venue, "leg1", "not_placed")])
    assert "AuthError" in attempt.orders.get().error


@pytest.mark.django_db
@pytest.mark.parametrize("venue", VENUES)
def test_leg1_rejected_ends_leg1_failed(live_venues, staff_user, venue):  # noqa: F811
    v = live_venues
    leg1_on(v, venue)
    reject_orders(v, venue)
    attempt = run(v, staff_user).attempt
    v.assert_safe(attempt)
    assert (attempt.state, roles(attempt)) == (State.LEG1_FAILED, [(venue, "leg1", "rejected")])


@pytest.mark.django_db
@pytest.mark.parametrize("venue", VENUES)
def test_leg1_partial_is_hedged_at_its_size(live_venues, staff_user, venue):  # noqa: F811
    v = live_venues
    if venue == "kalshi":
        leg1_on(v, venue)
        v.kalshi.script_fill(D(4))
    else:
        leg1_on(v, venue, liquidity=0.4)  # the CLOB holds 4 of the 10 its book showed
    attempt = run(v, staff_user).attempt
    v.assert_safe(attempt)
    assert attempt.state == State.COMPLETE
    assert list(attempt.orders.order_by("id").values_list("role", "status", "filled_size")) == [
        ("leg1", "partial", D(4)), ("leg2", "filled", D(4))]


# --- leg 2 ---------------------------------------------------------------------------------
@pytest.mark.django_db
@pytest.mark.parametrize("venue", VENUES)
@pytest.mark.parametrize("kind", ["500", "garbage"])
def test_leg2_5xx_or_unreadable_not_placed_is_retried_under_a_new_id(
    live_venues, staff_user, venue, kind  # noqa: F811
):
    v = live_venues
    leg2_on(v, venue)
    fail_post(v, venue, kind)
    attempt = run(v, staff_user).attempt
    # Not visible yet may be the venue's lag: nothing is resent within the grace.
    assert attempt.state == State.LEG2_SENT
    assert roles(attempt)[1] == (venue, "leg2", "unknown")
    with at(1):
        attempts_recover()
    v.assert_safe(attempt)
    assert attempt.state == State.HEDGED
    assert [r[1:] for r in roles(attempt)] == [
        ("leg1", "filled"), ("leg2", "not_placed"), ("retry", "filled")]


@pytest.mark.django_db
@pytest.mark.parametrize("venue", VENUES)
@pytest.mark.parametrize("status", ["401", "403"])
def test_leg2_auth_refused_is_retried_at_once(
    live_venues, staff_user, venue, status  # noqa: F811
):
    v = live_venues
    leg2_on(v, venue)
    fail_post(v, venue, status)
    attempt = run(v, staff_user).attempt
    v.assert_safe(attempt)
    assert attempt.state == State.HEDGED
    assert [r[1:] for r in roles(attempt)] == [
        ("leg1", "filled"), ("leg2", "not_placed"), ("retry", "filled")]


@pytest.mark.django_db
@pytest.mark.parametrize("venue", VENUES)
def test_leg2_answer_lost_after_placing_is_found_not_resent(
    live_venues, staff_user, venue  # noqa: F811
):
    v = live_venues
    leg2_on(v, venue)
    fail_post(v, venue, "lost")
    attempt = run(v, staff_user).attempt
    v.assert_safe(attempt)
    assert attempt.state == State.COMPLETE
    assert [r[1:] for r in roles(attempt)] == [("leg1", "filled"), ("leg2", "filled")]
    assert "Timeout" in attempt.orders.get(role="leg2").error


# --- recovery and reconciliation reading bad payloads ----------------------------------------
@pytest.mark.django_db
@pytest.mark.parametrize("venue", VENUES)
def test_malformed_lookups_during_recovery_block_then_resolve(
    live_venues, staff_user, venue  # noqa: F811
):
    v = live_venues
    leg2_on(v, venue)
    fail_post(v, venue, "lost")
    # The worker's two lookups (after the send, then its driver's) and the first recovery's.
    malformed_lookup(v, venue, times=3)
    attempt = run(v, staff_user).attempt
    assert attempt.state == State.LEG2_SENT
    leg2 = attempt.orders.get(role="leg2")
    assert leg2.status == Order.Status.UNKNOWN
    assert "lookup: BadResponse" in leg2.error
    with at(1):
        attempts_recover()
    attempt.refresh_from_db()
    assert attempt.state == State.LEG2_SENT  # still unreadable: nothing guessed, nothing sent
    with at(2):
        attempts_recover()
    v.assert_safe(attempt)
    assert attempt.state == State.COMPLETE
    assert len(v.posted()) == 2


@pytest.mark.django_db
@pytest.mark.parametrize("venue", VENUES)
def test_malformed_fills_during_reconciliation_flag_nothing(
    live_venues, staff_user, venue  # noqa: F811
):
    v = live_venues
    leg1_on(v, venue)
    attempt = run(v, staff_user).attempt
    assert attempt.state == State.COMPLETE
    if venue == "kalshi":
        v.kalshi.fail("/portfolio/fills", method="GET", mode="json", body={"fills": "x"})
    else:
        v.poly.fail_next("/data/trades", "malformed")
    v.poly.state.positions = v._poly_positions()
    # The unreadable venue is skipped (logged), the other one still compared: no false flag.
    assert attempts_reconcile() == {"venues": 1, "flags": 0}
    assert not DriftFlag.objects.exists()
    v.assert_safe(attempt)


# --- unwinds and cancels ---------------------------------------------------------------------
def _leg2_never_fills(v, venue, settings):
    """`venue` is leg 1; the other venue refuses every order and no retry is allowed, so leg 1
    must be sold back on `venue`."""
    settings.EVENTSARB_RISK_LEG2_MAX_RETRIES = 0
    leg1_on(v, venue)
    reject_orders(v, other(venue))


@pytest.mark.django_db
@pytest.mark.parametrize("venue", VENUES)
def test_unwind_5xx_is_looked_up_then_flagged_with_the_unhedged_size(
    live_venues, staff_user, settings, venue  # noqa: F811
):
    v = live_venues
    _leg2_never_fills(v, venue, settings)
    v.sync(staff_user)
    opportunity = v.opportunity()
    real = journal.place

    def fail_unwind_post(order, executor):
        if order.role == Order.Role.UNWIND:
            fail_post(v, venue, "500")
        return real(order, executor)

    with mock.patch.object(journal, "place", fail_unwind_post):
        attempt = opportunity_execute(opportunity_id=opportunity.id).attempt
    assert attempt.state == State.UNWINDING
    assert roles(attempt)[2] == (venue, "unwind", "unknown")
    with at(1):
        attempts_recover()
    v.assert_safe(attempt)
    assert attempt.state == State.NEEDS_ATTENTION
    assert roles(attempt)[2] == (venue, "unwind", "not_placed")
    assert "10.000000 unhedged" in attempt.attention_reason


@pytest.mark.django_db
@pytest.mark.parametrize("venue", VENUES)
def test_unwind_timeout_after_placing_is_found_and_unwound(
    live_venues, staff_user, settings, venue  # noqa: F811
):
    v = live_venues
    _leg2_never_fills(v, venue, settings)
    v.sync(staff_user)
    opportunity = v.opportunity()
    real = journal.place

    def lose_unwind_answer(order, executor):
        if order.role == Order.Role.UNWIND:
            fail_post(v, venue, "lost")
        return real(order, executor)

    with mock.patch.object(journal, "place", lose_unwind_answer):
        attempt = opportunity_execute(opportunity_id=opportunity.id).attempt
    v.assert_safe(attempt)
    assert attempt.state == State.UNWOUND
    assert roles(attempt)[2] == (venue, "unwind", "filled")


@pytest.mark.django_db
@pytest.mark.parametrize("venue", VENUES)
def test_crash_right_after_the_unwind_send_recovers_by_lookup(
    live_venues, staff_user, settings, venue  # noqa: F811
):
    v = live_venues
    _leg2_never_fills(v, venue, settings)
    v.sync(staff_user)
    opportunity = v.opportunity()
    real = journal.place

    def die_after_unwind(order, executor):
        result = real(order, executor)
        if order.role == Order.Role.UNWIND:
            raise Crash("after the unwind was sent")
        return result

    with mock.patch.object(journal, "place", die_after_unwind), pytest.raises(Crash):
        opportunity_execute(opportunity_id=opportunity.id)
    attempt = ArbAttempt.objects.get()
    assert attempt.state == State.UNWINDING
    v.connect()  # a new process
    with at(1):
        attempts_recover()
    v.assert_safe(attempt)
    assert attempt.state == State.UNWOUND
    assert roles(attempt)[2] == (venue, "unwind", "filled")


@pytest.mark.django_db
@pytest.mark.parametrize("venue", VENUES)
@pytest.mark.parametrize("kind", ["500", "hang"])
def test_cancel_5xx_or_timeout_waits_then_cancels_and_books_the_partial_once(
    live_venues, staff_user, venue, kind  # noqa: F811
):
    """Leg 2 rests with 4 of 10 filled; after the grace its cancel meets a 5xx or no answer
    (the attempt waits at leg2_sent, its order unknown: nothing booked, nothing resent); the
    next recovery cancels, books the 4 once and retries the 6."""
    v = live_venues
    leg2_on(v, venue)
    if venue == "kalshi":
        v.kalshi.script_fill(D(4), rest=True)
    else:
        v.clob.delay_next = 1
    attempt = run(v, staff_user).attempt
    leg2 = attempt.orders.get(role="leg2")
    assert (attempt.state, leg2.status) == (State.LEG2_SENT, Order.Status.UNKNOWN)
    if venue == "kalshi":
        v.kalshi.fail("/portfolio/events/orders/", method="DELETE",
                      **({"status": 500} if kind == "500" else {"mode": "hang"}))
    else:
        v.clob.fill_resting(leg2.venue_order_id, D(4))
        v.poly.fail_next("/order", kind)
    with at(1):
        attempts_recover()
    attempt.refresh_from_db()
    leg2.refresh_from_db()
    assert (attempt.state, leg2.status) == (State.LEG2_SENT, Order.Status.UNKNOWN)
    assert not leg2.fills.exists()
    with at(2):
        attempts_recover()
    v.assert_safe(attempt)
    assert attempt.state == State.HEDGED
    assert list(attempt.orders.order_by("id").values_list("role", "status", "filled_size")) == [
        ("leg1", "filled", D(10)), ("leg2", "partial", D(4)), ("retry", "filled", D(6))]
    assert list(leg2.fills.values_list("size", flat=True)) == [D(4)]


# --- crashes and database errors -------------------------------------------------------------
@pytest.mark.django_db
@pytest.mark.parametrize("venue", VENUES)
def test_crash_inside_recovery_then_the_next_recovery_finishes(
    live_venues, staff_user, venue  # noqa: F811
):
    v = live_venues
    leg2_on(v, venue)
    fail_post(v, venue, "lost")
    malformed_lookup(v, venue, times=2)  # both of the worker's lookups
    attempt = run(v, staff_user).attempt
    assert attempt.state == State.LEG2_SENT
    # The recovery worker dies after reading the venue's answer, before journaling it.
    with at(1), mock.patch.object(journal, "order_apply_result", side_effect=Crash), \
            pytest.raises(Crash):
        attempts_recover()
    v.connect()
    with at(2):
        attempts_recover()
    v.assert_safe(attempt)
    assert attempt.state == State.COMPLETE
    assert len(v.posted()) == 2


@pytest.mark.django_db
@pytest.mark.parametrize("venue", VENUES)
@pytest.mark.parametrize("leg", ["leg1", "leg2"])
def test_database_error_between_a_send_and_its_journal_commit(
    live_venues, staff_user, venue, leg  # noqa: F811
):
    """The venue filled the order; the transaction recording its answer fails (the database
    went away). The order stays "sent" in the journal and recovery finds it by lookup."""
    v = live_venues
    (leg1_on if leg == "leg1" else leg2_on)(v, venue)
    v.sync(staff_user)
    opportunity = v.opportunity()
    real = journal.order_apply_result

    def db_down(order, result):
        if order.role == leg and order.platform_slug == venue:
            raise OperationalError("server closed the connection unexpectedly")
        return real(order, result)

    with mock.patch.object(journal, "order_apply_result", db_down), \
            pytest.raises(OperationalError):
        opportunity_execute(opportunity_id=opportunity.id)
    attempt = ArbAttempt.objects.get()
    assert attempt.orders.get(role=leg).status == Order.Status.SENT
    v.connect()
    with at(1):
        attempts_recover()
    v.assert_safe(attempt)
    assert attempt.state == State.COMPLETE
    assert len(v.posted()) == 2


# --- two workers on one attempt --------------------------------------------------------------
@pytest.mark.django_db
@pytest.mark.parametrize("venue", VENUES)
def test_lease_lapsing_while_the_worker_is_inside_a_send(
    live_venues, staff_user, venue  # noqa: F811
):
    """The first worker stalls inside leg 2's send past its lease (the venue has matched the
    order, the answer is not back); recovery takes the attempt over, finds the order and
    completes it; the first worker's late answer changes nothing and it stands down."""
    v = live_venues
    leg2_on(v, venue)
    platform = registry.get_platform(venue)
    real = platform.place_order
    taken_over = []

    def stalled(intent):
        result = real(intent)
        if not taken_over:
            with at(1):
                taken_over.extend(attempts_recover())
        return result

    with mock.patch.object(platform, "place_order", stalled):
        outcome = run(v, staff_user)
    assert len(taken_over) == 1
    attempt = outcome.attempt
    v.assert_safe(attempt)
    assert attempt.state == State.COMPLETE
    assert [r[1:] for r in roles(attempt)] == [("leg1", "filled"), ("leg2", "filled")]
    assert len(v.posted()) == 2


@pytest.mark.django_db
@pytest.mark.parametrize("venue", VENUES)
def test_lease_lapsing_before_the_venue_saw_the_send_late_fill_is_flagged(
    live_venues, staff_user, venue  # noqa: F811
):
    """Worse: the first worker stalls before its leg-2 request reaches the venue, for longer
    than the lease. Recovery finds no such order past the grace, marks it not placed and
    hedges with a retry; then the stalled request arrives and fills too. The late fill is
    booked (the venue's word wins) and the attempt is flagged with the surplus it left."""
    v = live_venues
    leg2_on(v, venue)
    platform = registry.get_platform(venue)
    real = platform.place_order
    calls = []

    def stalled(intent):
        calls.append(intent.client_order_id)
        if len(calls) == 1:
            with at(1):
                attempts_recover()
        return real(intent)

    with mock.patch.object(platform, "place_order", stalled):
        attempt = run(v, staff_user).attempt
    v.assert_safe(attempt)
    assert attempt.state == State.HEDGED
    assert attempt.needs_attention
    assert [r[1:] for r in roles(attempt)] == [
        ("leg1", "filled"), ("leg2", "filled"), ("retry", "filled")]
    assert "10.000000" in attempt.attention_reason
    assert len(v.posted()) == 3


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("venue", VENUES)
def test_two_recovery_workers_racing_resolve_once(live_venues, staff_user, venue):  # noqa: F811
    v = live_venues
    leg2_on(v, venue)
    fail_post(v, venue, "lost")
    malformed_lookup(v, venue, times=2)  # both of the worker's lookups
    attempt = run(v, staff_user).attempt
    assert attempt.state == State.LEG2_SENT
    barrier = threading.Barrier(2)
    resumed, errors = [], []

    def worker():
        try:
            barrier.wait()
            with at(1):
                resumed.append(len(attempts_recover()))
        except Exception as exc:  # noqa: BLE001 (reported below)
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(resumed) == [0, 1]  # exactly one worker claimed the attempt
    v.assert_safe(attempt)
    assert attempt.state == State.COMPLETE
    assert len(v.posted()) == 2
