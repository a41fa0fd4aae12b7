"""Settlement end to end: recorded venue results (fake Kalshi and Gamma servers on 127.0.0.1)
-> markets settled -> paper positions paid out -> pairs judged -> divergence flagged ->
labelled examples exported.

The Kalshi result is fixtures/market_finalized.json (KXHIGHNY-24JAN01-T60, settled NO); the
Polymarket results are the recorded resolved Gamma markets (the 2024 election: Trump YES, the
second market NO).
"""

from __future__ import annotations

import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from arbitrage.models import Opportunity
from arbitrage.services import opportunity_scan
from arbitrage.tests import factories
from markets.models import Market
from platforms.http import RetryPolicy
from platforms.models import Platform
from platforms.registry import reset_platforms
from platforms.tests.kalshi.fake_server import FakeKalshi, load_fixture
from platforms.tests.polymarket.conftest import load as load_polymarket
from platforms.tests.polymarket.fake_server import FakePolymarket
from similarity.models import MarketPair, OutcomeSet
from trading import selectors
from trading.models import ArbAttempt, DriftFlag, Position
from trading.services import opportunity_execute, settlements_sync

pytestmark = pytest.mark.django_db

KALSHI_SETTLED = load_fixture("market_finalized.json")["market"]
GAMMA_RESOLVED = load_polymarket("gamma_markets_response.json")
TRUMP_YES, SECOND_NO = (m["conditionId"] for m in GAMMA_RESOLVED)


@pytest.fixture
def venues(settings):
    """Both fake venues serving the recorded results, wired into the platform registry."""
    with FakeKalshi(public_key=None) as kalshi, FakePolymarket() as gamma:
        kalshi.markets = [KALSHI_SETTLED]
        for market in GAMMA_RESOLVED:
            gamma.state.markets_by_condition[market["conditionId"]] = market
        settings.KALSHI_BASE_URL = kalshi.base_url
        settings.POLYMARKET_GAMMA_URL = gamma.url
        reset_platforms()
        yield kalshi, gamma
    reset_platforms()


def traded_pair(condition_id: str) -> tuple[MarketPair, ArbAttempt]:
    """The Kalshi market paired with a Polymarket one (approved identical, same orientation),
    an edge on their books found by the real scan and executed on paper: YES on A (ask 0.40),
    NO on B (bid 0.55)."""
    now = timezone.now()
    a = Market.objects.filter(external_id=KALSHI_SETTLED["ticker"]).first() or factories.market(
        "kalshi", KALSHI_SETTLED["ticker"], fee_params=factories.KALSHI_FEES, increment="0.01",
        min_size="0.01", settles_at=now + timedelta(days=1),
    )
    b = factories.market("polymarket", condition_id, fee_params=factories.POLY_FEES,
                         min_size="5", increment="0.01", settles_at=now + timedelta(days=1))
    factories.book_put(a, bids=[("0.30", "50")], asks=[("0.40", "50")], checked_at=now)
    factories.book_put(b, bids=[("0.55", "50")], asks=[("0.60", "50")], checked_at=now)
    pair = factories.pair(a, b)
    opportunity_scan(now=now)
    opportunity = Opportunity.objects.get(pair=pair, closed_at__isnull=True)
    attempt = opportunity_execute(opportunity_id=opportunity.id).attempt
    assert attempt is not None
    assert attempt.state == ArbAttempt.State.COMPLETE
    # Trading is over; both markets close (nothing settles before close).
    Market.objects.filter(id__in=[a.id, b.id]).update(close_time=now - timedelta(hours=1))
    return pair, attempt


def venue_exposure(attempt: ArbAttempt) -> dict[str, Decimal]:
    return selectors.execution_context(
        opportunity_id=attempt.opportunity_id, mode="paper", now=timezone.now()
    ).open_venue_notional


def test_alike_settlement_pays_the_locked_edge_and_frees_the_capital(venues):
    pair, attempt = traded_pair(SECOND_NO)
    locked = attempt.realised_pnl
    assert locked > 0
    assert all(v > 0 for v in venue_exposure(attempt).values())

    result = settlements_sync()

    assert result.as_dict() == {"markets_settled": 2, "attempts_settled": 1, "pairs_checked": 1,
                                "pairs_diverged": 0, "sets_checked": 0, "sets_diverged": 0}
    a, b = Market.objects.get(id=pair.market_a_id), Market.objects.get(id=pair.market_b_id)
    assert (a.status, a.result, a.settlement_value) == ("settled", "no", Decimal(0))
    assert (b.status, b.result, b.settlement_value) == ("settled", "no", Decimal(0))
    assert b.result_raw["conditionId"] == SECOND_NO
    positions = {p.leg: p for p in Position.objects.filter(attempt=attempt)}
    size = attempt.planned_size
    # A-YES pays 0, B-NO pays 1 per contract: together exactly 1 per pair of contracts.
    assert positions["a"].settlement_payout == 0
    assert positions["b"].settlement_payout == size
    assert all(p.size == 0 and p.cost_basis == 0 and p.settled_size == size
               for p in positions.values())
    attempt.refresh_from_db()
    assert attempt.settled_at is not None
    # Fees were paid at purchase and sit in the cost basis: the payout less what both legs
    # cost is the edge locked at execution, to the cent and below.
    assert attempt.realised_pnl == locked
    assert sum(p.realised_pnl for p in positions.values()) == locked
    assert venue_exposure(attempt) == {"kalshi": 0, "polymarket": 0}
    pair.refresh_from_db()
    assert pair.resolution == MarketPair.Resolution.AGREED
    assert not DriftFlag.objects.filter(kind=DriftFlag.Kind.RESOLUTION).exists()

    # A second run finds nothing left to do.
    assert settlements_sync().as_dict() == {"markets_settled": 0, "attempts_settled": 0,
                                            "pairs_checked": 0, "pairs_diverged": 0,
                                            "sets_checked": 0, "sets_diverged": 0}
    attempt.refresh_from_db()
    assert attempt.realised_pnl == locked


def test_a_planted_divergence_is_settled_flagged_and_exported(venues, tmp_path):
    # Kalshi settled NO, Polymarket's market YES: an "identical, same" pair that was not.
    pair, attempt = traded_pair(TRUMP_YES)
    capital = sum(p.cost_basis for p in Position.objects.filter(attempt=attempt))

    settlements_sync()

    attempt.refresh_from_db()
    # YES on A (settled NO) and NO on B (settled YES): both legs pay nothing.
    assert attempt.realised_pnl == -capital
    pair.refresh_from_db()
    assert pair.resolution == MarketPair.Resolution.DIVERGED
    assert "A settled NO, B settled YES" in pair.resolution_detail
    flag = DriftFlag.objects.get(kind=DriftFlag.Kind.RESOLUTION, resolved_at__isnull=True)
    assert flag.key == f"resolution:pair:{pair.id}"
    assert flag.detail["result_a"] == "no"
    assert flag.detail["result_b"] == "yes"
    assert flag in selectors.drift_flag_list_open()  # shown on the trading page

    call_command("export_settled_pairs", out=tmp_path)
    truth = json.loads((tmp_path / "truth.json").read_text())
    assert truth == [{
        "kalshi_ticker": KALSHI_SETTLED["ticker"], "polymarket_condition_id": TRUMP_YES,
        "relation": "different", "orientation": "same", "family": "settlement",
        "note": truth[0]["note"],
    }]
    assert "Approved as identical" in truth[0]["note"]
    kalshi = json.loads((tmp_path / "kalshi.json").read_text())
    assert kalshi["markets"] == [KALSHI_SETTLED]
    polymarket = json.loads((tmp_path / "polymarket.json").read_text())
    assert [m["question"] for m in polymarket] == [GAMMA_RESOLVED[0]["question"]]


def test_an_attempt_waits_until_all_its_markets_settled(venues):
    _, gamma = venues
    pair, attempt = traded_pair(SECOND_NO)
    del gamma.state.markets_by_condition[SECOND_NO]  # Polymarket has not resolved it yet
    result = settlements_sync()
    assert (result.markets_settled, result.attempts_settled) == (1, 0)
    assert Position.objects.filter(attempt=attempt, settled_at__isnull=True).count() == 2
    pair.refresh_from_db()
    assert pair.resolution == ""
    # The settled market's capital is no longer counted; the other's still is.
    assert venue_exposure(attempt)["kalshi"] == 0
    assert venue_exposure(attempt)["polymarket"] > 0


def test_a_venue_failure_is_recorded_and_nothing_is_lost(venues):
    kalshi, _ = venues
    traded_pair(SECOND_NO)
    # Every try of the read (RetryPolicy's attempts) answers 503.
    kalshi.fail("/markets", status=503, times=RetryPolicy().max_attempts)
    result = settlements_sync()
    assert (result.markets_settled, result.attempts_settled) == (1, 0)
    assert Platform.objects.get(slug="kalshi").last_error.startswith("results: ")
    assert settlements_sync().attempts_settled == 1


def _settled_set_members(*condition_ids: str, kalshi: bool) -> list[Market]:
    """Markets of the recorded results, closed an hour ago (nothing settles before close)."""
    now = timezone.now()
    members = [factories.market("polymarket", cid, settles_at=now + timedelta(days=1))
               for cid in condition_ids]
    if kalshi:
        members.append(factories.market("kalshi", KALSHI_SETTLED["ticker"],
                                        settles_at=now + timedelta(days=1)))
    Market.objects.filter(id__in=[m.id for m in members]).update(
        close_time=now - timedelta(hours=1))
    return members


def test_an_outcome_set_that_settled_as_a_set_must_is_agreed(venues):
    # Trump YES, the other candidate NO: one outcome won, as mutually exclusive outcomes must.
    members = _settled_set_members(TRUMP_YES, SECOND_NO, kalshi=False)
    outcome_set = factories.outcome_set(members, exhaustive=True)

    result = settlements_sync()

    assert (result.markets_settled, result.sets_checked, result.sets_diverged) == (2, 1, 0)
    outcome_set.refresh_from_db()
    assert outcome_set.resolution == MarketPair.Resolution.AGREED
    assert "summing to 1" in outcome_set.resolution_detail
    assert not DriftFlag.objects.filter(kind=DriftFlag.Kind.RESOLUTION).exists()
    settlements_sync()  # judged once
    assert OutcomeSet.objects.get(pk=outcome_set.pk).resolution_checked_at == (
        outcome_set.resolution_checked_at)


def test_a_set_confirmed_exhaustive_where_no_outcome_won_is_flagged(venues):
    # Both members settled NO: YES on every outcome of this "exhaustive" set paid nothing.
    members = _settled_set_members(SECOND_NO, kalshi=True)
    outcome_set = factories.outcome_set(members, exhaustive=True)

    result = settlements_sync()

    assert (result.sets_checked, result.sets_diverged) == (1, 1)
    outcome_set.refresh_from_db()
    assert outcome_set.resolution == MarketPair.Resolution.DIVERGED
    assert "confirmed exhaustive" in outcome_set.resolution_detail
    flag = DriftFlag.objects.get(kind=DriftFlag.Kind.RESOLUTION, resolved_at__isnull=True)
    assert flag.key == f"resolution:set:{outcome_set.id}"
    assert sorted(m["result"] for m in flag.detail["members"]) == ["no", "no"]


def test_one_outcome_settling_differently_on_its_two_venues_is_flagged(venues):
    # A cross set matched Trump (YES) with the Kalshi market (NO) as one outcome.
    trump, other, kalshi_market = _settled_set_members(TRUMP_YES, SECOND_NO, kalshi=True)
    outcome_set = factories.outcome_set(
        [trump, other, kalshi_market], exhaustive=False, kind=OutcomeSet.Kind.CROSS,
        outcome_keys=["trump", "other", "trump"],
    )
    settlements_sync()
    outcome_set.refresh_from_db()
    assert outcome_set.resolution == MarketPair.Resolution.DIVERGED
    assert "'trump' settled differently on its two venues" in outcome_set.resolution_detail
