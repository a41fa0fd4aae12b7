"""`python -m arbitrage.engine basket` through a real subprocess, and basket_case_json."""

import json
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from pricing import BasketLeg, Fee, best_basket
from pricing.basket_case import basket_case_json

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow
D = Decimal

CASE = {
    "budget": "1000",
    "payout_per_unit": "1",
    "now": "2026-11-29T00:00:00Z",
    "legs": [
        {
            "venue": "kalshi", "outcome": "A",
            # Levels in any order: the CLI sorts them.
            "asks": [["0.40", "50"], ["0.30", "10"]],
            "fee": {"kind": "kalshi", "multiplier": "1"},
            "min_size": "1", "size_increment": "1", "settles_at": "2026-12-31T00:00:00Z",
        },
        {
            "venue": "polymarket", "outcome": "B", "asks": [["0.31", "30"]],
            "fee": {"kind": "polymarket", "rate": "0.04"},
            "min_size": "5", "size_increment": "0.01", "settles_at": "2027-01-15T00:00:00Z",
        },
        {"venue": "kalshi", "asks": [["0.33", "40"]], "settles_at": "2027-01-02T00:00:00Z"},
    ],
}


def run(payload: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "arbitrage.engine", *args], input=payload, capture_output=True,
        text=True, cwd=ROOT, timeout=60, check=False,
    )


def test_cli_prints_the_best_basket():
    proc = run(json.dumps(CASE), "basket")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    # 0.30 + 0.31 + 0.33 per basket for 10 baskets (A's next level, 0.40, would lose money).
    # Kalshi ceil(0.07 x 10 x 0.3 x 0.7 = 0.147) = 0.15; Polymarket 10 x 0.04 x 0.31 x 0.69.
    assert out == {
        "size": "10",
        "legs": [
            {"venue": "kalshi", "outcome": "A", "limit_price": "0.30", "cost": "3.00", "fee": "0.15"},
            {"venue": "polymarket", "outcome": "B", "limit_price": "0.31", "cost": "3.10", "fee": "0.08556"},
            {"venue": "kalshi", "outcome": None, "limit_price": "0.33", "cost": "3.30", "fee": "0"},
        ],
        "cost": "9.40", "fees": "0.23556", "payout": "10", "net_profit": "0.36444",
        "return": str((D("0.36444") / D("9.63556")).quantize(D("1e-8"))),
        "annualised_return": out["annualised_return"],
    }
    # To the latest settlement of the three legs, 47 days away.
    assert D(out["annualised_return"]) == (D(out["return"]) * 365 / 47).quantize(D("1e-8"))


def test_cli_reports_no_basket_as_size_zero_and_null_figures():
    case = json.loads(json.dumps(CASE))
    case["legs"][2]["asks"] = [["0.45", "40"]]
    proc = run(json.dumps(case), "basket")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == {
        "size": "0", "legs": [], "cost": None, "fees": None, "payout": None, "net_profit": None,
        "return": None, "annualised_return": None,
    }


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda c: c.pop("budget"), "budget: required"),
        (lambda c: c.update(payout_per_unit="0"), "payout_per_unit"),
        (lambda c: c.update(payout_per_unit="x"), "payout_per_unit"),
        (lambda c: c.update(legs=[]), "legs:"),
        (lambda c: c.update(max_slippage="-0.01"), "max_slippage"),
        (lambda c: c["legs"][1].update(asks=[["1.5", "10"]]), "legs[1].asks[0]"),
        (lambda c: c["legs"][0].pop("asks"), "legs[0].asks: required"),
        (lambda c: c["legs"][1]["fee"].pop("rate"), "legs[1].fee.rate"),
        (lambda c: c["legs"][0].update(outcome=7), "legs[0].outcome"),
        (lambda c: c["legs"][2].update(size_increment="0"), "legs[2].size_increment"),
        (lambda c: c["legs"][0].update(settles_at="2026-12-31T00:00:00"), "legs[0].settles_at"),
        (lambda c: c["legs"][0]["fee"].update(fee_type="flat"), "fee_type 'flat'"),
    ],
)
def test_cli_rejects_bad_input_naming_the_field(mutate, message):
    case = json.loads(json.dumps(CASE))
    mutate(case)
    proc = run(json.dumps(case), "basket")
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr.startswith("error: ")
    assert message in proc.stderr


def test_cli_rejects_an_unknown_command():
    proc = run(json.dumps(CASE), "baskets")
    assert proc.returncode == 2
    assert "usage: python -m arbitrage.engine [basket]" in proc.stderr


def test_basket_case_json_re_derives_a_real_call():
    now = datetime(2026, 11, 29, 12, 30, tzinfo=UTC)
    legs = [
        BasketLeg("kalshi", "X", ((D("0.30"), D(5)), (D("0.40"), D(100))), Fee(kind="kalshi"),
                  D(1), D("0.01"), now + timedelta(days=20)),
        BasketLeg("polymarket", "X", ((D("0.33"), D("100")),), Fee(kind="polymarket", rate=D("0.04")),
                  D(5), D("0.01"), now + timedelta(days=25)),
        BasketLeg("kalshi", "Y", ((D("0.55"), D("80.5")), (D("0.56"), D(40))), Fee(kind="kalshi"),
                  D(1), D("0.01"), None),
    ]
    plan = best_basket(legs, payout_per_unit=D(1), budget=D(500), now=now, max_slippage=D("0.05"))
    case = basket_case_json(legs, payout_per_unit=D(1), budget=D(500), now=now, max_slippage=D("0.05"))
    proc = run(json.dumps(case), "basket")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == plan.to_json()
    assert plan.legs[0].venue == "polymarket"
