"""The offline demo shows baskets: the Test venues' multi-outcome events become outcome sets on
catalog sync, seed_demo approves them, and the real tasks find a basket worth buying on the
simulated books, listed on /baskets/."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from arbitrage.models import BasketOpportunity
from arbitrage.tasks import pull_order_books_task, scan_arbitrage_task
from markets.models import Market
from platforms.testvenue import OUTCOME_EVENTS
from similarity.models import OutcomeSet
from similarity.resolution import AGREED
from similarity.services import catalog_sync_and_review
from trading.tasks import sync_settlements_task

pytestmark = pytest.mark.django_db

START = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
EVENTS = len(OUTCOME_EVENTS)


def _venue_sets(slug: str) -> list[OutcomeSet]:
    return list(
        OutcomeSet.objects.filter(kind=OutcomeSet.Kind.VENUE, members__market__platform__slug=slug)
        .distinct()
        .order_by("id")
    )


def test_catalog_sync_proposes_a_venue_set_per_event_on_each_test_venue():
    with time_machine.travel(START, tick=False):
        for slug in ("test_kalshi", "test_polymarket"):
            catalog_sync_and_review(slug=slug)
    for slug in ("test_kalshi", "test_polymarket"):
        sets = _venue_sets(slug)
        assert len(sets) == EVENTS
        assert all(s.status == OutcomeSet.Status.PROPOSED for s in sets)
        sizes = sorted(s.members.count() for s in sets)
        assert sizes == sorted(len(outcomes) for *_, outcomes in OUTCOME_EVENTS)
        assert all(s.members.values("market__platform__slug").distinct().count() == 1 for s in sets)
    kalshi_cup, poly_cup = (
        OutcomeSet.objects.filter(kind="venue", title="Who will win the 2026 Test Cup?",
                                  members__market__platform__slug=slug).distinct().get()
        for slug in ("test_kalshi", "test_polymarket")
    )
    # A Kalshi event is closed to new outcomes; the augmented neg-risk group is open-ended but
    # has its "Other" leg, so both may be confirmed exhaustive.
    assert not kalshi_cup.open_ended
    assert poly_cup.open_ended
    assert poly_cup.has_catch_all
    assert poly_cup.may_be_exhaustive
    assert kalshi_cup.members.filter(is_catch_all=True, label="Other").count() == 1
    # No cross set until a person approves the venue sets and their pairs.
    assert not OutcomeSet.objects.filter(kind=OutcomeSet.Kind.CROSS).exists()


def test_demo_shows_baskets_within_a_few_scans(client, plain_user):
    with time_machine.travel(START, tick=False) as clock:
        call_command("seed_demo")
        for slug in ("test_kalshi", "test_polymarket"):
            assert all(
                s.status == OutcomeSet.Status.APPROVED and s.exhaustive for s in _venue_sets(slug)
            )
        cross = OutcomeSet.objects.filter(kind=OutcomeSet.Kind.CROSS)
        assert cross.count() == EVENTS
        assert all(s.status == OutcomeSet.Status.APPROVED and s.exhaustive for s in cross)
        # Each cross outcome is offered by both venues' member.
        assert all(s.members.count() == 2 * len(outcomes)
                   for s, (*_, outcomes) in zip(cross.order_by("id"), OUTCOME_EVENTS, strict=True))

        # The real tasks, simulated time walking 2 s steps: the sets' books get polled and
        # priced, and a basket with an edge after fees turns up within a few steps.
        for _ in range(30):
            pull_order_books_task()
            scan_arbitrage_task()
            if BasketOpportunity.objects.filter(closed_at__isnull=True).exists():
                break
            clock.shift(timedelta(seconds=2))
        opp = BasketOpportunity.objects.filter(closed_at__isnull=True).first()
        assert opp is not None, "no basket opportunity in 30 simulated steps"
        assert opp.outcome_set_id is not None
        assert opp.payout - opp.cost - opp.fees == opp.net_profit > 0
        assert opp.payout == opp.size * opp.payout_per_unit

        client.force_login(plain_user)
        resp = client.get(reverse("dashboard:basket_list"))
        assert resp.status_code == 200
        assert f'data-basket="{opp.id}"' in resp.content.decode()
        assert resp.context["set_counts"]["approved"] == 3 * EVENTS


def test_demo_sets_settle_with_one_winner_alike_on_both_venues():
    with time_machine.travel(START, tick=False) as clock:
        call_command("seed_demo")
        # Past every event's close and settlement: the real settlement task pulls the results.
        clock.move_to(datetime(2027, 2, 1, tzinfo=UTC))
        sync_settlements_task()
    approved = OutcomeSet.objects.filter(status=OutcomeSet.Status.APPROVED)
    assert approved.count() == 3 * EVENTS
    for outcome_set in approved:
        results = [m.market.result for m in outcome_set.members.select_related("market")]
        winners = results.count(Market.Result.YES)
        # One winning outcome: one market in a venue set, its two venues' markets in a cross set.
        assert winners == (2 if outcome_set.kind == OutcomeSet.Kind.CROSS else 1)
        assert results.count(Market.Result.NO) == len(results) - winners
        assert outcome_set.resolution == AGREED, outcome_set.resolution_detail
