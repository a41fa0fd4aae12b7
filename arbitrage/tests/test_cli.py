"""`python -m arbitrage.engine` through a real subprocess."""

import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow

CASE = {
    "orientation": "same",
    "budget": "1000",
    "now": "2026-11-29T00:00:00Z",
    "a": {
        "venue": "kalshi",
        "yes_bids": [["0.30", "10"]],
        # Levels in any order: the CLI sorts them.
        "yes_asks": [["0.47", "300"], ["0.45", "50"]],
        "fee": {"kind": "kalshi", "multiplier": "1", "maker": False},
        "min_size": "1", "size_increment": "0.01", "settles_at": "2026-12-31T00:00:00Z",
    },
    "b": {
        "venue": "polymarket",
        "yes_bids": [["0.50", "400"], ["0.52", "80"]],
        "yes_asks": [["0.55", "100"]],
        "fee": {"kind": "polymarket", "rate": "0.04", "exponent": "1"},
        "min_size": "5", "size_increment": "1", "settles_at": "2027-01-15T00:00:00Z",
    },
}


def run(payload: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "arbitrage.engine"], input=payload, capture_output=True,
        text=True, cwd=ROOT, timeout=60, check=False,
    )


def test_cli_prints_the_best_plan():
    proc = run(json.dumps(CASE))
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["direction"] == "yes_a_no_b"
    # Both books are exhausted at 350: A 50 @ 0.45 + 300 @ 0.47; B's NO 80 @ 0.48 + 270 @ 0.50.
    assert out["size"] == "350"
    a, b = out["legs"]
    assert (a["venue"], a["outcome"], a["limit_price"], a["cost"]) == ("kalshi", "yes", "0.47", "163.50")
    assert (b["venue"], b["outcome"], b["limit_price"], b["cost"]) == ("polymarket", "no", "0.50", "173.40")
    # Kalshi: ceil(0.07 x (50 x 0.45 x 0.55 + 300 x 0.47 x 0.53)) = ceil(6.09735) = 6.10.
    assert a["fee"] == "6.10"
    # Polymarket per fill: 80 x 0.04 x 0.2496 = 0.79872; 270 x 0.04 x 0.25 = 2.7.
    assert b["fee"] == "3.49872"
    net = Decimal(350) - Decimal("163.50") - Decimal("173.40") - Decimal("6.10") - Decimal("3.49872")
    assert Decimal(out["net_profit"]) == net
    assert out["payout"] == "350"
    assert Decimal(out["return"]) > 0
    assert Decimal(out["annualised_return"]) > Decimal(out["return"])


def test_cli_reports_no_plan_as_null_direction():
    case = json.loads(json.dumps(CASE))
    case["b"]["yes_bids"] = [["0.40", "100"]]
    proc = run(json.dumps(case))
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["direction"] is None
    assert out["legs"] == []


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda c: c.update(orientation="diagonal"), "orientation"),
        (lambda c: c.pop("budget"), "budget"),
        (lambda c: c["a"].update(yes_asks=[["1.5", "10"]]), "a.yes_asks[0]"),
        (lambda c: c["b"]["fee"].pop("rate"), "b.fee.rate"),
        (lambda c: c["a"].update(size_increment="0"), "a.size_increment"),
        (lambda c: c["a"].update(settles_at="2026-12-31T00:00:00"), "a.settles_at"),
        (lambda c: c["a"].update(yes_bids=[["abc", "1"]]), "a.yes_bids[0] price"),
        (lambda c: c["a"]["fee"].update(kind="kalshi", fee_type="flat"), "fee_type 'flat'"),
    ],
)
def test_cli_rejects_bad_input_with_a_clear_error(mutate, message):
    case = json.loads(json.dumps(CASE))
    mutate(case)
    proc = run(json.dumps(case))
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert proc.stderr.startswith("error: ")
    assert message in proc.stderr


def test_cli_rejects_malformed_json():
    proc = run("{not json")
    assert proc.returncode == 2
    assert "not valid JSON" in proc.stderr
