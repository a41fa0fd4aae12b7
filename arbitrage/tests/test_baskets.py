"""The basket scan on stored books (Postgres): outcome sets and implication pairs through the
gates and pricing.best_basket into BasketOpportunity rows, and the basket spread monitor."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from arbitrage.baskets import basket_scan, basket_spread_stats_update, implication_sides
from arbitrage.models import BasketOpportunity, BasketSpreadStat
from arbitrage.selectors import basket_opportunity_legs
from arbitrage.tasks import scan_arbitrage_task
from arbitrage.tests import factories as f
from markets.models import Market
from pricing.basket_case import basket_leg_from_json
from pricing.tests.oracle import basket_oracle
from similarity.models import MarketPair, OutcomeSet

pytestmark = pytest.mark.django_db

D = Decimal
NOW = datetime(2026, 11, 29, 12, tzinfo=UTC)
NOFEE: dict[str, str] = {}


def _market(slug, ext, *, fee=NOFEE, min_size="1", now=NOW):
    return f.market(slug, ext, fee_params=fee, min_size=min_size, settles_at=now + timedelta(days=30))


def _three_way(now):
    """A Kalshi-side exhaustive set whose YES asks sum to 0.94 (pricing's hand-checked case)."""
    a = _market("test_kalshi", "A", fee=f.KALSHI_FEES, now=now)
    b = _market("test_polymarket", "B", fee=f.POLY_FEES, now=now)
    c = _market("test_kalshi", "C", now=now)
    f.book_put(a, bids=[("0.20", "10")], asks=[("0.30", "10"), ("0.40", "50")], checked_at=now)
    f.book_put(b, bids=[("0.25", "10")], asks=[("0.31", "30")], checked_at=now)
    f.book_put(c, bids=[("0.30", "10")], asks=[("0.33", "40")], checked_at=now)
    return a, b, c


def test_scan_task_prices_an_exhaustive_set_with_exact_figures():
    now = timezone.now()
    a, b, c = _three_way(now)
    s = f.outcome_set([a, b, c], exhaustive=True)

    out = scan_arbitrage_task()

    assert out["baskets"]["baskets"] == 2  # YES on all (exhaustive) and NO on all
    assert out["baskets"]["evaluated"] == 2
    opp = BasketOpportunity.objects.get(closed_at__isnull=True)
    # 10 baskets at 0.30 + 0.31 + 0.33: Kalshi ceil(0.07 x 10 x 0.3 x 0.7 = 0.147) = 0.15,
    # Polymarket 10 x 0.04 x 0.31 x 0.69 = 0.08556; profit 10 - 9.40 - 0.23556.
    assert (opp.basket_key, opp.kind, opp.outcome_set_id) == (f"set:{s.id}:yes", "set_yes", s.id)
    assert (opp.size, opp.payout_per_unit, opp.payout, opp.cost, opp.fees, opp.net_profit) == (
        D(10), D(1), D(10), D("9.40"), D("0.23556"), D("0.36444")
    )
    assert opp.return_on_capital == (D("0.36444") / D("9.63556")).quantize(D("1e-8"))
    assert opp.annualised_return is not None
    legs = [
        (leg["market_id"], leg["side"], leg["venue"], leg["outcome"], D(leg["limit_price"]),
         D(leg["cost"]), D(leg["fee"]))
        for leg in opp.legs
    ]
    assert legs == [
        (a.id, "yes", "test_kalshi", f"m{a.id}", D("0.30"), D("3.00"), D("0.15")),
        (b.id, "yes", "test_polymarket", f"m{b.id}", D("0.31"), D("3.10"), D("0.08556")),
        (c.id, "yes", "test_kalshi", f"m{c.id}", D("0.33"), D("3.30"), D(0)),
    ]
    assert basket_opportunity_legs(opp) == [(a.id, "yes"), (b.id, "yes"), (c.id, "yes")]
    # The stored case re-derives the profit through the brute-force oracle.
    case_legs = [basket_leg_from_json(raw, "leg") for raw in opp.inputs["legs"]]
    profit, size, _ = basket_oracle(
        case_legs, payout_per_unit=D(opp.inputs["payout_per_unit"]), budget=D(opp.inputs["budget"])
    )
    assert (profit, size) == (opp.net_profit, opp.size)


def test_a_set_not_confirmed_exhaustive_gets_no_yes_basket():
    a, b, c = _three_way(NOW)
    f.outcome_set([a, b, c], exhaustive=False)
    result = basket_scan(now=NOW)
    assert (result.baskets, result.evaluated, result.open_opportunities) == (1, 1, 0)
    assert not BasketOpportunity.objects.exists()


def test_no_on_every_member_pays_n_minus_one():
    # NO asks are 1 - YES bids: 0.70 + 0.72 + 0.55 = 1.97 per basket of three NOs, which pays 2
    # whichever one outcome happens; 10 baskets (the bids' depth), no fees: 20 - 19.70.
    ms = [_market("test_kalshi", f"N{i}") for i in range(3)]
    for m, bid in zip(ms, ("0.30", "0.28", "0.45"), strict=True):
        f.book_put(m, bids=[(bid, "10")], asks=[("0.90", "10")], checked_at=NOW)
    s = f.outcome_set(ms, exhaustive=False)
    basket_scan(now=NOW)
    opp = BasketOpportunity.objects.get()
    assert (opp.basket_key, opp.payout_per_unit, opp.size) == (f"set:{s.id}:no", D(2), D(10))
    assert (opp.cost, opp.net_profit) == (D("19.70"), D("0.30"))
    assert [leg["side"] for leg in opp.legs] == ["no", "no", "no"]
    assert [leg["limit_price"] for leg in opp.legs] == ["0.70", "0.72", "0.55"]


def test_cross_set_buys_each_outcome_on_the_venue_that_profits_most():
    xk = _market("test_kalshi", "XK")
    xp = _market("test_polymarket", "XP")
    yk = _market("test_kalshi", "YK")
    f.book_put(xk, bids=[("0.20", "5")], asks=[("0.30", "5"), ("0.40", "100")], checked_at=NOW)
    f.book_put(xp, bids=[("0.20", "5")], asks=[("0.33", "100")], checked_at=NOW)
    f.book_put(yk, bids=[("0.50", "5")], asks=[("0.60", "100")], checked_at=NOW)
    s = f.outcome_set(
        [xk, xp, yk], exhaustive=True, kind=OutcomeSet.Kind.CROSS, outcome_keys=["X", "X", "Y"]
    )
    basket_scan(now=NOW)
    opp = BasketOpportunity.objects.get(basket_key=f"set:{s.id}:yes")
    assert (opp.size, opp.net_profit) == (D(100), D(7))
    assert basket_opportunity_legs(opp) == [(xp.id, "yes"), (yk.id, "yes")]

    # A stale Polymarket book drops that alternative only: X is bought on Kalshi.
    Market.objects.filter(pk=xp.pk).update(book_checked_at=NOW - timedelta(hours=1))
    basket_scan(now=NOW + timedelta(seconds=1), budget=D("4.5"))
    opp = BasketOpportunity.objects.get(basket_key=f"set:{s.id}:yes", closed_at__isnull=True)
    assert (opp.size, opp.net_profit) == (D(5), D("0.5"))
    assert basket_opportunity_legs(opp) == [(xk.id, "yes"), (yk.id, "yes")]


@pytest.mark.parametrize(
    ("relation", "orientation", "expected"),
    [
        ("a_implies_b", "same", (("a", "no"), ("b", "yes"))),
        ("a_implies_b", "inverted", (("a", "no"), ("b", "no"))),
        ("b_implies_a", "same", (("b", "no"), ("a", "yes"))),
        ("b_implies_a", "inverted", (("b", "yes"), ("a", "yes"))),
    ],
)
def test_implication_sides_read_b_in_a_terms(relation, orientation, expected):
    a, b = _market("test_kalshi", "IA"), _market("test_polymarket", "IB")
    pair = f.pair(a, b, relation=relation, orientation=orientation)
    by_name = {"a": a, "b": b}
    assert implication_sides(pair) == tuple((by_name[n], side) for n, side in expected)


def test_implication_pair_buys_no_on_the_premise_and_yes_on_the_conclusion():
    # NO on A at 1 - 0.60 = 0.40, YES on B at 0.55: 20 baskets, Kalshi ceil(0.336) = 0.34,
    # Polymarket 20 x 0.04 x 0.55 x 0.45 = 0.198 (pricing's hand-checked case).
    a = _market("test_kalshi", "PA", fee=f.KALSHI_FEES)
    b = _market("test_polymarket", "PB", fee=f.POLY_FEES, min_size="5")
    f.book_put(a, bids=[("0.60", "20")], asks=[("0.65", "20")], checked_at=NOW)
    f.book_put(b, bids=[("0.50", "30")], asks=[("0.55", "30")], checked_at=NOW)
    pair = f.pair(a, b, relation=MarketPair.Relation.A_IMPLIES_B)
    # An identical pair is not a basket.
    f.kalshi_poly_pair("ident", now=NOW, a_bids=[("0.4", "1")], a_asks=[("0.5", "1")],
                       b_bids=[("0.4", "1")], b_asks=[("0.5", "1")])
    result = basket_scan(now=NOW)
    assert result.baskets == 1
    opp = BasketOpportunity.objects.get()
    assert (opp.basket_key, opp.kind, opp.pair_id) == (f"pair:{pair.id}", "implication", pair.id)
    assert (opp.size, opp.net_profit) == (D(20), D(20) - D(8) - D(11) - D("0.34") - D("0.198"))
    assert basket_opportunity_legs(opp) == [(a.id, "no"), (b.id, "yes")]


def test_lifecycle_update_then_close_on_a_failed_gate_and_on_unapproval():
    a, b, c = _three_way(NOW)
    s = f.outcome_set([a, b, c], exhaustive=True)
    basket_scan(now=NOW)
    opp = BasketOpportunity.objects.get()

    # Deeper C book at the same price: same trade, only last_seen moves.
    later = NOW + timedelta(seconds=5)
    for m in (a, b, c):
        Market.objects.filter(pk=m.pk).update(book_checked_at=later)
    assert basket_scan(now=later).updated == 1
    opp.refresh_from_db()
    assert (opp.last_seen, opp.first_seen, opp.closed_at) == (later, NOW, None)

    # C's rules change after review: the set is not priced, its row closes.
    Market.objects.filter(pk=c.pk).update(rules_hash="changed")
    result = basket_scan(now=later)
    assert result.gates == {"rules_changed": 2}
    opp.refresh_from_db()
    assert opp.closed_at == later

    Market.objects.filter(pk=c.pk).update(rules_hash=c.rules_hash)
    basket_scan(now=later)
    reopened = BasketOpportunity.objects.get(closed_at__isnull=True)
    OutcomeSet.objects.filter(pk=s.pk).update(status=OutcomeSet.Status.PROPOSED)
    assert basket_scan(now=later).closed == 1
    reopened.refresh_from_db()
    assert reopened.closed_at == later


def test_members_settled_no_leave_the_basket_and_a_yes_decides_the_set():
    a, b, c = _three_way(NOW)
    f.outcome_set([a, b, c], exhaustive=False)
    # NO on A and B: 0.80 + 0.75 = 1.55 per basket paying 1 -> no edge; C settled NO is left
    # out (not stale, not a gate failure).
    Market.objects.filter(pk=c.pk).update(result=Market.Result.NO, status=Market.Status.SETTLED)
    result = basket_scan(now=NOW)
    assert (result.evaluated, result.gates) == (1, {})
    Market.objects.filter(pk=b.pk).update(result=Market.Result.YES, status=Market.Status.SETTLED)
    assert basket_scan(now=NOW).gates == {"set_decided": 1}


def test_spread_monitor_samples_total_ask_minus_payout():
    a, b, c = _three_way(NOW)
    s = f.outcome_set([a, b, c], exhaustive=True)
    assert basket_spread_stats_update(now=NOW) == 2
    yes = BasketSpreadStat.objects.get(basket_key=f"set:{s.id}:yes")
    no = BasketSpreadStat.objects.get(basket_key=f"set:{s.id}:no")
    assert (yes.last_total_ask, yes.last_spread) == (D("0.94"), pytest.approx(-0.06))
    assert (no.last_total_ask, no.last_spread) == (D("2.25"), pytest.approx(0.25))
    basket_spread_stats_update(now=NOW + timedelta(seconds=30))
    yes.refresh_from_db()
    assert yes.sample_count == 2


def _scan_queries(now):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        basket_scan(now=now)
    return len(ctx.captured_queries)


def test_scan_reads_every_set_in_bulk_whatever_its_size():
    # Steady state (rows exist and are only touched): the query count does not grow with the
    # number of sets or members (books prefetched with the members, no query per member).
    def sets(n_sets, n_members, tag):
        for i in range(n_sets):
            ms = [_market("test_kalshi", f"{tag}{i}-{j}") for j in range(n_members)]
            for m in ms:
                # NO at 0.55 on each of n members pays n - 1: profitable from n = 3.
                f.book_put(m, bids=[("0.45", "10")], asks=[("0.50", "10")], checked_at=NOW)
            f.outcome_set(ms, exhaustive=False)

    sets(1, 3, "s")
    basket_scan(now=NOW)
    small = _scan_queries(NOW)
    sets(5, 12, "l")
    basket_scan(now=NOW)
    assert BasketOpportunity.objects.filter(closed_at__isnull=True).count() == 6
    assert _scan_queries(NOW) == small
