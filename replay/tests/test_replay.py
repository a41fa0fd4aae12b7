"""Replays of small tapes with answers worked out by hand.

The base tape (fixtures/edge_300ms.jsonl): Kalshi YES asks 0.45 x 200, 0.46 x 200; Polymarket
YES bids 0.45 x 200 (so NO costs 0.55: no edge) until, for 300 ms from 12:00:01, a bid of 0.58 x
100 makes NO cost 0.42. YES on Kalshi at 0.45 + NO on Polymarket at 0.42 = 0.87. The plan within
the $100 budget takes all 100 contracts of that bid: Kalshi fee ceil(0.07 x 100 x 0.45 x 0.55 =
1.7325) = $1.74, Polymarket fee 100 x 0.04 x 0.42 x 0.58 = $0.9744; capital 45 + 1.74 + 42 +
0.9744 = $89.7144, net profit 100 - 89.7144 = $10.2856.
"""

from __future__ import annotations

import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command

from replay.tests.helpers import KALSHI, POLY, market, write_tape

EDGE_300MS = Path(__file__).parent / "fixtures" / "edge_300ms.jsonl"
K_BOOK = ([["0.40", "200"]], [["0.45", "200"], ["0.46", "200"]])
P_QUIET = ([["0.45", "200"], ["0.44", "300"]], [["0.60", "200"], ["0.61", "200"]])
P_EDGE = ([["0.58", "100"], ["0.45", "200"], ["0.44", "300"]], P_QUIET[1])


def replay(tape: Path, latency_ms: int) -> tuple[str, dict]:
    out = io.StringIO()
    call_command("replay", tape=str(tape), latency_ms=latency_ms, json=True, no_save=True,
                 stdout=out)
    return out.getvalue(), json.loads(out.getvalue())


def test_an_edge_lasting_300ms_is_taken_at_100ms_and_missed_at_500ms():
    _, fast = replay(EDGE_300MS, 100)
    _, slow = replay(EDGE_300MS, 500)
    for report in (fast, slow):
        total = report["total"]
        assert total["opportunities"] == 1
        assert total["lifetime_ms"]["median"] == "300.000"
        assert total["instant_trades"] == 1
        assert total["instant_net_profit"] == "10.285600"
        # The best plan the opportunity ever showed: the most a perfect bot could lock.
        assert total["opportunities_peak_net_profit"] == "10.285600"
    taken = fast["total"]
    assert (taken["trades"], taken["capital_used"], taken["net_profit"]) == (
        1, "89.714400", "10.285600")
    assert taken["lost_to_latency"] == "0.000000"
    # Return 10.2856 / 89.7144, annualised over the time from the fill (12:00:01.1) to the
    # later settlement (Polymarket's, 2027-01-01 06:00): 60.75 days less 1.1 s.
    ret = Decimal("10.2856") / Decimal("89.7144")
    assert taken["return"] == str(ret.quantize(Decimal("1e-8")))
    held_days = Decimal("60.75") - Decimal("1.1") / 86400
    assert abs(Decimal(taken["annualised_return"]) - ret * 365 / held_days) < Decimal("1e-7")
    missed = slow["total"]
    assert (missed["trades"], missed["unfilled_attempts"], missed["net_profit"]) == (
        0, 1, "0.000000")
    assert missed["lost_to_latency"] == "10.285600"
    assert fast["pairs"][0]["pair_id"] == 41
    assert fast["events"]["book_changes"] == 7
    assert fast["events"]["book_changes_in_window"] == 5


def test_the_same_input_gives_the_same_output_byte_for_byte():
    first, _ = replay(EDGE_300MS, 100)
    second, _ = replay(EDGE_300MS, 100)
    assert first == second


def test_no_latency_is_the_instant_reaction():
    _, report = replay(EDGE_300MS, 0)
    total = report["total"]
    assert total["net_profit"] == total["instant_net_profit"] == "10.285600"
    assert total["lost_to_latency"] == "0.000000"


def _leg2_thins_before_arrival(tmp_path: Path, asks_at_arrival: list[list[str]]) -> Path:
    # The edge opens at 1.0 s; at 1.05 s Kalshi's 0.45 ask drops to 30 contracts. Orders sent
    # at 1.0 s with 100 ms latency arrive at 1.1 s.
    return write_tape(tmp_path / "t.jsonl", [
        (-2.0, KALSHI, *K_BOOK), (-1.0, POLY, *P_QUIET), (1.0, POLY, *P_EDGE),
        (1.05, KALSHI, K_BOOK[0], asks_at_arrival), (5.0, POLY, *P_QUIET),
    ])


def test_a_short_leg_2_is_retried_within_the_remaining_edge(tmp_path):
    tape = _leg2_thins_before_arrival(tmp_path, [["0.45", "30"], ["0.46", "200"]])
    _, report = replay(tape, 100)
    total = report["total"]
    # Leg 1 (the thinner Polymarket leg) fills 100 NO at 0.42 ($42.9744 with fee); leg 2 only
    # 30 YES at 0.45 (+ ceil(0.51975) = $0.52). The retry may spend the edge left: 70 at 0.46
    # costs 32.2 + ceil(1.21716) = $33.42 and keeps the attempt >= 0, so it is taken.
    assert (total["trades"], total["unhedged_contracts"]) == (1, "0")
    assert total["capital_used"] == "90.414400"
    assert total["net_profit"] == "9.585600"
    assert total["lost_to_latency"] == "0.700000"


def test_a_leg_2_that_cannot_be_hedged_is_unwound(tmp_path):
    tape = _leg2_thins_before_arrival(tmp_path, [["0.45", "30"], ["0.60", "200"]])
    _, report = replay(tape, 100)
    total = report["total"]
    # 70 more at 0.60 would lose money, so leg 1's 70 extra NO are sold at 0.40 (YES ask 0.60):
    # 28 - fee 0.672 - their cost 30.08208 = -2.75408; the 30 hedged pairs lock
    # 30 - 12.89232 - 14.02 = 3.08768.
    assert total["trades"] == 1
    assert total["unhedged_contracts"] == "0"
    assert total["capital_used"] == "56.994400"
    assert total["net_profit"] == "0.333600"


def test_known_settlements_give_what_the_venues_paid(tmp_path):
    # The "same" markets settled apart: YES on Kalshi (settled NO) and NO on Polymarket
    # (settled YES) both pay nothing.
    markets = [market(KALSHI, settlement_value=Decimal(0), result="no"),
               market(POLY, settlement_value=Decimal(1), result="yes")]
    tape = write_tape(tmp_path / "t.jsonl", [
        (-2.0, KALSHI, *K_BOOK), (-1.0, POLY, *P_QUIET), (1.0, POLY, *P_EDGE),
        (1.3, POLY, *P_QUIET),
    ], markets=markets)
    _, report = replay(tape, 100)
    assert report["total"]["net_profit"] == "-89.714400"
    assert report["pairs"][0]["pnl_basis"] == "settled"


def test_risk_limits_refuse_what_execution_would_refuse(settings):
    settings.EVENTSARB_RISK_MIN_NET_PROFIT = "20"
    _, report = replay(EDGE_300MS, 100)
    total = report["total"]
    assert (total["trades"], total["instant_trades"]) == (0, 0)
    assert total["opportunities"] == 1
    assert set(total["refusals"]) == {"min_profit"}


def test_a_closed_market_is_not_traded(tmp_path):
    from replay.tests.helpers import T0

    closed = market(POLY, close_time=T0)
    tape = write_tape(tmp_path / "t.jsonl", [
        (-2.0, KALSHI, *K_BOOK), (-1.0, POLY, *P_QUIET), (1.0, POLY, *P_EDGE),
    ], markets=[market(KALSHI), closed])
    _, report = replay(tape, 100)
    assert report["total"]["opportunities"] == 0


def test_an_order_arriving_after_the_window_is_not_filled(tmp_path):
    tape = write_tape(tmp_path / "t.jsonl", [
        (-2.0, KALSHI, *K_BOOK), (-1.0, POLY, *P_QUIET), (59.95, POLY, *P_EDGE),
    ])
    _, report = replay(tape, 100)
    assert report["events"]["reactions_after_end"] == 1
    assert report["total"]["trades"] == 0
    assert report["total"]["instant_trades"] == 1


def test_a_pair_that_is_not_identical_is_listed_not_replayed(tmp_path):
    from replay.tape import TapePair

    tape = write_tape(tmp_path / "t.jsonl", [(-2.0, KALSHI, *K_BOOK)], pairs=[
        TapePair(id=3, a=KALSHI, b=POLY, relation="related", orientation="same"),
    ])
    _, report = replay(tape, 100)
    assert report["pairs"] == []
    assert report["excluded_pairs"] == [
        {"pair_id": 3, "reason": "relation is related: only identical pairs are traded"}]


def test_bad_arguments_are_clear_errors():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="pairs not on the tape: 99"):
        call_command("replay", tape=str(EDGE_300MS), pairs=[99], no_save=True)
    with pytest.raises(CommandError, match="needs from and to"):
        call_command("replay", no_save=True)
