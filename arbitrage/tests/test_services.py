"""opportunity_scan / opportunities_apply: gates, lifecycle, re-derivable inputs, gate states."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ImproperlyConfigured

import pricing
from arbitrage.models import Opportunity, PairScanState
from arbitrage.services import (
    book_snapshot,
    opportunities_apply,
    opportunity_scan,
    pair_leg_inputs,
)
from arbitrage.tasks import scan_arbitrage_task
from arbitrage.tests import factories as f
from markets.models import Market
from pricing.case import run_case
from similarity.models import MarketPair

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)
D = Decimal
ARB = {"a_bids": [("0.35", "50")], "a_asks": [("0.40", "50"), ("0.42", "100")],
       "b_bids": [("0.55", "80"), ("0.54", "40")], "b_asks": [("0.60", "50")]}


@pytest.fixture(autouse=True)
def _settings(settings):
    settings.EVENTSARB_SCAN_BUDGET = "1000"
    settings.EVENTSARB_BOOK_MAX_AGE_S = 30
    settings.EVENTSARB_ALERT_WEBHOOK_URL = ""
    settings.EVENTSARB_MAX_SLIPPAGE = ""


def test_pair_leg_inputs_carry_fees_size_rules_and_settlement():
    p = f.kalshi_poly_pair("legs", now=NOW, **ARB)
    a, b = p.market_a, p.market_b
    leg_a, leg_b = pair_leg_inputs(
        pair=p, book_a=book_snapshot(a.latest_book, external_id=a.external_id),
        book_b=book_snapshot(b.latest_book, external_id=b.external_id),
    )
    assert leg_a.fee == pricing.Fee(kind="kalshi")
    assert leg_b.fee == pricing.Fee(kind="polymarket", rate=D("0.04"))
    assert (leg_a.size_increment, leg_b.min_size) == (D("0.01"), D(5))
    assert leg_a.yes_asks == ((D("0.40"), D(50)), (D("0.42"), D(100)))
    assert leg_b.settles_at == NOW + timedelta(days=45)


def test_scan_creates_an_opportunity_whose_inputs_re_derive_every_figure():
    p = f.kalshi_poly_pair("new", now=NOW, **ARB)
    result = opportunity_scan(now=NOW)
    assert (result.pairs, result.evaluated, result.created) == (1, 1, 1)
    opp = Opportunity.objects.get(pair=p)
    assert opp.direction == "yes_a_no_b"
    assert (opp.first_seen, opp.last_seen, opp.closed_at) == (NOW, NOW, None)
    assert opp.peak_net_profit == opp.net_profit > 0
    assert (opp.book_a_id, opp.book_b_id) == (p.market_a.latest_book_id, p.market_b.latest_book_id)
    again = run_case(opp.inputs, default_now=NOW)
    assert again["direction"] == opp.direction
    assert D(again["net_profit"]) == opp.net_profit
    assert D(again["size"]) == opp.size
    assert [D(leg["fee"]) for leg in again["legs"]] == [opp.fee_a, opp.fee_b]
    assert D(again["legs"][0]["limit_price"]) == opp.limit_price_a
    assert opp.capital_a + opp.capital_b + opp.net_profit == opp.payout
    assert PairScanState.objects.get(pair=p).reason == ""


def test_slippage_cap_setting_limits_the_walk_and_is_stored_with_the_inputs(settings):
    p = f.kalshi_poly_pair("slip", now=NOW, **ARB)
    opportunity_scan(now=NOW)
    deep = Opportunity.objects.get(pair=p)
    assert deep.limit_price_a == D("0.42")  # uncapped, the walk takes A's second level
    settings.EVENTSARB_MAX_SLIPPAGE = "0.01"
    opportunity_scan(now=NOW + timedelta(seconds=1))
    capped = Opportunity.objects.get(pair=p, closed_at__isnull=True)
    # A's 0.42 level is 0.02 above its best (0.40): out of reach, so the size is A's first level.
    assert (capped.limit_price_a, capped.size) == (D("0.40"), D(50))
    assert capped.limit_price_b <= D("0.46")
    assert capped.net_profit < deep.net_profit
    assert capped.inputs["max_slippage"] == "0.01"
    again = run_case(capped.inputs, default_now=NOW)
    assert (D(again["size"]), D(again["net_profit"])) == (capped.size, capped.net_profit)


@pytest.mark.parametrize("value", ["-0.01", "1", "abc", "NaN"])
def test_bad_slippage_cap_setting_stops_the_scan_with_a_clear_error(settings, value):
    f.kalshi_poly_pair("badslip", now=NOW, **ARB)
    settings.EVENTSARB_MAX_SLIPPAGE = value
    with pytest.raises(ImproperlyConfigured, match="EVENTSARB_MAX_SLIPPAGE"):
        opportunity_scan(now=NOW)
    assert not Opportunity.objects.exists()


def test_rescan_updates_the_open_row_and_keeps_the_peak():
    p = f.kalshi_poly_pair("upd", now=NOW, **ARB)
    opportunity_scan(now=NOW)
    first = Opportunity.objects.get(pair=p)
    later = NOW + timedelta(seconds=5)
    f.book_put(p.market_a, bids=[("0.35", "50")], asks=[("0.44", "20")], checked_at=later)
    f.book_put(p.market_b, bids=[("0.55", "80")], asks=[("0.60", "50")], checked_at=later)
    result = opportunity_scan(now=later)
    assert (result.created, result.updated, result.closed) == (0, 1, 0)
    row = Opportunity.objects.get(pair=p)
    assert row.pk == first.pk
    assert row.last_seen == later
    assert row.net_profit < first.net_profit
    assert row.peak_net_profit == first.net_profit


def test_rescan_of_the_same_books_only_moves_last_seen():
    p = f.kalshi_poly_pair("same", now=NOW, **ARB)
    opportunity_scan(now=NOW)
    first = Opportunity.objects.get(pair=p)
    later = NOW + timedelta(seconds=5)
    type(p.market_a).objects.filter(pk__in=[p.market_a_id, p.market_b_id]).update(
        book_checked_at=later
    )
    result = opportunity_scan(now=later)
    assert (result.created, result.updated, result.closed) == (0, 1, 0)
    row = Opportunity.objects.get(pair=p)
    assert row.last_seen == later
    # Figures and inputs stay those of the first sight, so they still re-derive exactly.
    assert (row.net_profit, row.annualised_return, row.inputs) == (
        first.net_profit, first.annualised_return, first.inputs
    )
    assert D(run_case(row.inputs, default_now=later)["annualised_return"]) == row.annualised_return


def test_vanished_opportunity_closes_and_a_new_one_opens_later():
    p = f.kalshi_poly_pair("close", now=NOW, **ARB)
    opportunity_scan(now=NOW)
    t1 = NOW + timedelta(seconds=5)
    f.book_put(p.market_a, bids=[("0.35", "50")], asks=[("0.50", "50")], checked_at=t1)
    f.book_put(p.market_b, bids=[("0.45", "50")], asks=[("0.60", "50")], checked_at=t1)
    assert opportunity_scan(now=t1).closed == 1
    assert Opportunity.objects.get(pair=p).closed_at == t1
    t2 = t1 + timedelta(seconds=5)
    f.book_put(p.market_a, bids=[("0.35", "50")], asks=[("0.40", "50")], checked_at=t2)
    f.book_put(p.market_b, bids=[("0.55", "50")], asks=[("0.60", "50")], checked_at=t2)
    assert opportunity_scan(now=t2).created == 1
    assert Opportunity.objects.filter(pair=p).count() == 2
    assert Opportunity.objects.filter(pair=p, closed_at__isnull=True).get().first_seen == t2


def test_inverted_pair_buys_the_same_outcome_on_both():
    # Inverted: YES on A at 0.40 + YES on B at 0.50 pays exactly 1.
    p = f.kalshi_poly_pair("inv", now=NOW, a_bids=[("0.30", "10")], a_asks=[("0.40", "50")],
                           b_bids=[("0.45", "10")], b_asks=[("0.50", "50")], orientation="inverted")
    opportunity_scan(now=NOW)
    opp = Opportunity.objects.get(pair=p)
    assert (opp.direction, opp.outcome_a, opp.outcome_b) == ("yes_a_yes_b", "yes", "yes")


def _fail(gate):
    def apply(p):
        a, b = p.market_a, p.market_b
        if gate == "market_not_open":
            Market.objects.filter(pk=b.pk).update(status=Market.Status.CLOSED)
        elif gate == "rules_changed":
            MarketPair.objects.filter(pk=p.pk).update(rules_hash_a="0" * 64)
        elif gate == "book_missing":
            Market.objects.filter(pk=a.pk).update(latest_book=None)
        elif gate == "book_stale":
            Market.objects.filter(pk=b.pk).update(book_checked_at=NOW - timedelta(seconds=31))
        elif gate == "book_one_sided":
            f.book_put(a, bids=[], asks=[("0.40", "50")], checked_at=NOW)
        elif gate == "book_crossed":
            f.book_put(b, bids=[("0.61", "10")], asks=[("0.60", "10")], checked_at=NOW)
    return apply


def test_unpriceable_pair_is_recorded_and_does_not_stop_the_scan():
    bad = f.kalshi_poly_pair("bad", now=NOW, **ARB)
    good = f.kalshi_poly_pair("good", now=NOW, **ARB)
    Market.objects.filter(pk=bad.market_a_id).update(size_increment=D(0))
    result = opportunity_scan(now=NOW)
    assert result.gates == {"not_priceable": 1}
    assert result.evaluated == 1
    assert Opportunity.objects.filter(pair=good).exists()
    state = PairScanState.objects.get(pair=bad)
    assert state.reason == "not_priceable"
    assert "size_increment" in state.detail


def test_a_kalshi_fee_type_without_a_formula_is_not_priced():
    # "flat" series pay by a table eventsarb does not have: a guessed fee would be a false edge.
    p = f.kalshi_poly_pair("flat", now=NOW, **ARB)
    Market.objects.filter(pk=p.market_a_id).update(
        fee_params={"kind": "kalshi", "fee_type": "flat", "multiplier": "1"}
    )
    result = opportunity_scan(now=NOW)
    assert result.gates == {"not_priceable": 1}
    assert not Opportunity.objects.filter(pair=p).exists()
    assert "fee_type 'flat'" in PairScanState.objects.get(pair=p).detail


GATES = [r.value for r in PairScanState.GateReason if r != PairScanState.GateReason.NOT_PRICEABLE]


@pytest.mark.parametrize("gate", GATES)
def test_each_gate_blocks_evaluation_closes_open_rows_and_is_recorded(gate):
    p = f.kalshi_poly_pair(f"g-{gate}", now=NOW, **ARB)
    opportunity_scan(now=NOW)
    assert Opportunity.objects.filter(pair=p, closed_at__isnull=True).exists()
    _fail(gate)(p)
    result = opportunity_scan(now=NOW + timedelta(seconds=1))
    assert result.gates == {gate: 1}
    assert result.evaluated == 0
    assert result.closed == 1
    state = PairScanState.objects.get(pair=p)
    assert state.reason == gate
    assert state.detail
    assert state.since == NOW + timedelta(seconds=1)


def test_only_approved_identical_pairs_are_scanned_and_retired_pairs_close():
    related = f.kalshi_poly_pair("rel", now=NOW, relation=MarketPair.Relation.RELATED, **ARB)
    p = f.kalshi_poly_pair("ret", now=NOW, **ARB)
    result = opportunity_scan(now=NOW)
    assert result.pairs == 1
    assert not Opportunity.objects.filter(pair=related).exists()
    MarketPair.objects.filter(pk=p.pk).update(status=MarketPair.Status.RETIRED)
    assert opportunity_scan(now=NOW + timedelta(seconds=1)).closed == 1


def test_opportunities_apply_handles_both_directions_and_evaluated_pairs_without_plans():
    p1 = f.kalshi_poly_pair("ap1", now=NOW, **ARB)
    p2 = f.kalshi_poly_pair("ap2", now=NOW, **ARB)
    a, b = pair_leg_inputs(
        pair=p1,
        book_a=book_snapshot(p1.market_a.latest_book, external_id="x"),
        book_b=book_snapshot(p1.market_b.latest_book, external_id="y"),
    )
    plan = pricing.evaluate(a, b, direction="yes_a_no_b", budget=D(100), now=NOW)
    mirrored = pricing.Plan(**{**{k: getattr(plan, k) for k in plan.__dataclass_fields__},
                              "direction": "no_a_yes_b"})
    result = opportunities_apply(pair_plans={p1.id: [plan, mirrored], p2.id: [plan]}, now=NOW)
    assert len(result.created) == 3
    again = opportunities_apply(
        pair_plans={p1.id: [plan]}, evaluated_pair_ids=[p1.id, p2.id], now=NOW + timedelta(seconds=1)
    )
    assert (len(again.created), again.updated, again.closed) == (0, 1, 2)
    assert Opportunity.objects.filter(closed_at__isnull=True).count() == 1


def test_scan_task_reports_counts():
    f.kalshi_poly_pair("task", now=NOW, **ARB)
    out = scan_arbitrage_task()
    # The task scans at the real now: the fixture's books are stale by then.
    assert out["pairs"] == 1
    assert out["gates"] == {"book_stale": 1}


def test_pairs_the_streamer_keeps_fresh_are_left_to_it_and_taken_back_when_it_stops():
    p = f.kalshi_poly_pair("ws", now=NOW, **ARB)
    opportunity_scan(now=NOW)
    opp = Opportunity.objects.get(pair=p, closed_at__isnull=True)
    from markets.models import OrderBook

    OrderBook.objects.filter(id__in=[p.market_a.latest_book_id, p.market_b.latest_book_id]).update(
        source=OrderBook.Source.WS
    )
    # The streamer confirmed both books 2 s ago: the scan neither evaluates nor closes its rows.
    Market.objects.filter(id__in=[p.market_a_id, p.market_b_id]).update(
        book_checked_at=NOW + timedelta(seconds=1)
    )
    result = opportunity_scan(now=NOW + timedelta(seconds=3))
    assert (result.streamed, result.evaluated) == (1, 0)
    opp.refresh_from_db()
    assert opp.closed_at is None
    assert opp.last_seen == NOW
    # The streamer went quiet 20 s ago (still within max age): the scan takes the pair back.
    result = opportunity_scan(now=NOW + timedelta(seconds=21))
    assert (result.streamed, result.evaluated) == (0, 1)
    opp.refresh_from_db()
    assert opp.last_seen == NOW + timedelta(seconds=21)
