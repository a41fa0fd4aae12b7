"""From a basket opportunity the scan found to a basket attempt: execute_opportunities_task on
Postgres with the paper executor, the Test venues' real catalog and books, and a reviewed set."""

from __future__ import annotations

import pytest

from arbitrage.models import BasketOpportunity
from arbitrage.tasks import scan_arbitrage_task
from arbitrage.tests import factories as f
from similarity.models import OutcomeSet
from trading.models import ArbAttempt
from trading.services import kill_switch_set
from trading.services.basket import basket_source
from trading.tasks import execute_opportunities_task
from trading.tests.test_basket import _top_markets

pytestmark = pytest.mark.django_db


@pytest.fixture
def basket_opportunity(venues):
    """The scan's NO-on-every-member basket over three Test-venue markets in an approved set."""
    markets = _top_markets(("test_kalshi",), 2) + _top_markets(("test_polymarket",), 1)
    outcome_set = f.outcome_set(markets, exhaustive=False)
    scan_arbitrage_task()
    opp = BasketOpportunity.objects.get(closed_at__isnull=True, outcome_set=outcome_set)
    assert opp.kind == BasketOpportunity.Kind.SET_NO
    return opp


def test_the_execute_task_trades_an_open_basket_on_paper(basket_opportunity, spy):
    out = execute_opportunities_task()

    assert out["basket_attempts"] == 1
    attempt = ArbAttempt.objects.get(kind=ArbAttempt.Kind.BASKET)
    assert attempt.source == basket_source(basket_opportunity)
    assert attempt.mode == "paper"
    assert attempt.payout_per_unit == basket_opportunity.payout_per_unit
    assert attempt.state == ArbAttempt.State.COMPLETE
    bought = sorted(attempt.orders.values_list("market_id", "outcome"))
    assert bought == sorted((leg["market_id"], leg["side"]) for leg in basket_opportunity.legs)
    assert spy.calls == []  # paper: nothing reaches a venue


def test_a_set_no_longer_approved_is_not_traded(basket_opportunity):
    OutcomeSet.objects.filter(pk=basket_opportunity.outcome_set_id).update(
        status=OutcomeSet.Status.PROPOSED
    )
    out = execute_opportunities_task()
    assert (out["basket_attempts"], out["basket_skipped"]) == (0, 1)
    assert not ArbAttempt.objects.filter(kind=ArbAttempt.Kind.BASKET).exists()


def test_the_kill_switch_stops_basket_execution(basket_opportunity, staff_user):
    kill_switch_set(enabled=True, user=staff_user, reason="test")
    out = execute_opportunities_task()
    assert out.get("basket_attempts", 0) == 0
    assert not ArbAttempt.objects.filter(kind=ArbAttempt.Kind.BASKET).exists()
