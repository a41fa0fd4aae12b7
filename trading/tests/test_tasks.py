from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from platforms.base import Action, OrderIntent, Outcome, RateLimited
from trading import services
from trading.models import ArbAttempt, DriftFlag, Order
from trading.services import attempts_reconcile, attempts_recover, journal, kill_switch_set
from trading.tasks import execute_opportunities_task, reconcile_attempts_task
from trading.tests.conftest import leg_venues


@pytest.mark.django_db
def test_execute_task_trades_open_opportunities_in_paper_mode(opportunity, spy, caplog):
    caplog.set_level("INFO", logger="trading.services")
    summary = execute_opportunities_task()
    assert summary["attempts"] == 1
    attempt = ArbAttempt.objects.get()
    assert attempt.mode == "paper"
    assert attempt.state == ArbAttempt.State.COMPLETE
    assert "trading mode=paper" in caplog.text
    assert spy.calls == []


@pytest.mark.django_db
def test_execute_task_does_nothing_while_killed(opportunity):
    kill_switch_set(enabled=True, user=None, reason="test")
    assert execute_opportunities_task() == {
        "attempts": 0, "refused": 0, "skipped": 0, "errors": 0,
        "basket_attempts": 0, "basket_refused": 0, "basket_skipped": 0, "basket_errors": 0,
    }
    assert not ArbAttempt.objects.exists()


@pytest.mark.django_db
def test_reconcile_task_resumes_an_attempt_left_by_a_dead_worker(live, opportunity, spy):
    from unittest import mock

    real = journal.place
    # The worker dies after journaling leg 2 and before sending it.
    with mock.patch.object(journal, "place", _first_then_die(real)), pytest.raises(RuntimeError):
        services.opportunity_execute(opportunity_id=opportunity.id)
    attempt = ArbAttempt.objects.get()
    assert attempt.state == ArbAttempt.State.LEG2_SENT
    # The dead worker's lease lapses; the start-up reconcile run takes the attempt over.
    ArbAttempt.objects.filter(id=attempt.id).update(lease_until=timezone.now() - timedelta(seconds=1))
    # Past the grace after which a lookup finding no order means it was never placed.
    with time_machine.travel(
        timezone.now() + timedelta(seconds=services.NOT_FOUND_GRACE_S + 1), tick=False
    ):
        result = reconcile_attempts_task()
    assert result["resumed"] == 1
    attempt.refresh_from_db()
    # The leg-2 order was journaled but never sent: found absent, then re-priced under a new id.
    assert attempt.state == ArbAttempt.State.HEDGED
    assert list(attempt.orders.order_by("id").values_list("role", "status")) == [
        ("leg1", "filled"), ("leg2", "not_placed"), ("retry", "filled"),
    ]
    assert len(spy.calls) == len(set(spy.calls)) == 2


def _first_then_die(real):
    calls = {"n": 0}

    def send(order, executor):
        calls["n"] += 1
        if calls["n"] > 1:
            raise RuntimeError("worker died")
        return real(order, executor)

    return send


@pytest.mark.django_db
def test_reconcile_flags_fills_and_positions_unknown_to_the_journal(live, pair, venues):
    kalshi = venues[0]
    market = pair.market_a
    kalshi.place_order(OrderIntent(
        client_order_id="manual-1", market_external_id=market.external_id, outcome=Outcome.YES,
        action=Action.BUY, price=Decimal("0.99"), size=Decimal(3),
    ))
    counts = attempts_reconcile()
    assert counts["flags"] == 2
    kinds = set(DriftFlag.objects.filter(resolved_at__isnull=True).values_list("kind", flat=True))
    assert kinds == {DriftFlag.Kind.GHOST_FILL, DriftFlag.Kind.POSITION}
    # Repeated runs refresh the same flags rather than piling up duplicates.
    attempts_reconcile()
    assert DriftFlag.objects.count() == 2


@pytest.mark.django_db
def test_an_order_that_stays_unknown_is_flagged_stuck(live, opportunity, spy):
    _, leg2 = leg_venues(opportunity)
    leg2.script_orders("timeout_placed")
    leg2.fail_next("get_order", RateLimited("429"), times=10)
    from trading.services import opportunity_execute

    attempt = opportunity_execute(opportunity_id=opportunity.id).attempt
    assert attempt.is_open
    attempts_recover(now=timezone.now() + timedelta(minutes=10))
    attempt.refresh_from_db()
    assert attempt.needs_attention
    assert DriftFlag.objects.filter(attempt=attempt, kind=DriftFlag.Kind.STUCK).exists()
    assert Order.objects.get(role="leg2").status == Order.Status.UNKNOWN


@pytest.mark.django_db
def test_fills_without_client_ids_are_matched_by_the_journaled_venue_order_id(live, opportunity):
    """Polymarket trades carry no client id: the venue order id on our Order row matches them."""
    from dataclasses import replace

    from trading.services import opportunity_execute
    from trading.services.reconcile import _reconcile_fills

    attempt = opportunity_execute(opportunity_id=opportunity.id).attempt
    assert attempt.state == "complete"
    leg1, leg2 = leg_venues(opportunity)
    for venue in (leg1, leg2):
        fills = [replace(f, client_order_id="") for f in venue.list_fills()]
        assert fills
        assert _reconcile_fills(venue.slug, fills) == 0
    assert not DriftFlag.objects.filter(kind=DriftFlag.Kind.GHOST_FILL).exists()


@pytest.mark.django_db
def test_settlement_task_pays_out_a_paper_attempt_on_the_test_venues(opportunity, venues):
    from markets.models import Market
    from trading.models import Position
    from trading.tasks import sync_settlements_task

    attempt = services.opportunity_execute(opportunity_id=opportunity.id).attempt
    assert attempt.state == ArbAttempt.State.COMPLETE
    pair = attempt.pair
    markets = Market.objects.filter(id__in=[pair.market_a_id, pair.market_b_id])
    closes = max(m.close_time for m in markets)
    for venue in venues:  # both venues long past both markets' settlement
        venue.clock = lambda: (closes + timedelta(days=1)).timestamp()
    costs = {p.leg: p.cost_basis for p in Position.objects.filter(attempt=attempt)}

    with time_machine.travel(closes + timedelta(days=1)):
        summary = sync_settlements_task()

    assert summary == {"markets_settled": 2, "attempts_settled": 1, "pairs_checked": 1,
                       "pairs_diverged": summary["pairs_diverged"], "sets_checked": 0,
                       "sets_diverged": 0}
    attempt.refresh_from_db()
    paid = {p.leg: p.settlement_payout for p in Position.objects.filter(attempt=attempt)}
    assert attempt.realised_pnl == sum(paid.values()) - sum(costs.values())
    pair.refresh_from_db()
    assert pair.resolution in ("agreed", "diverged")
    assert (pair.resolution == "diverged") == bool(summary["pairs_diverged"])
