"""Score the sports alignment alone (game_market + judge_game) on a labelled set, no embeddings.

    .venv/bin/python -m similarity.tests.sports_tune \
        similarity/data/conventions_tune [--details] [--timing]

Every Kalshi view is paired with every Polymarket view of equal join key; pairs judged identical
are the proposals. Per family (moneyline: Kalshi win/draw markets, spread: Kalshi spread/total
markets) it prints recall over the truth's identical rows, precision of the proposals, orientation
accuracy and how the truth's non-identical rows were judged. `--details` lists the misses and
wrong proposals (only ever use it on the tuning set).
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any


def run(directory: Path, *, details: bool, timing: bool) -> dict[str, Any]:
    # The parsers and the matcher are importable without a configured Django (no setup needed).
    from similarity.evaluation import parse_kalshi, parse_polymarket, view_from_data  # noqa: PLC0415
    from similarity.matching.sports import game_market, judge_game  # noqa: PLC0415

    kalshi = json.loads((directory / "kalshi.json").read_text())
    polymarket = json.loads((directory / "polymarket.json").read_text())
    truth = json.loads((directory / "truth.json").read_text())
    views_a = [view_from_data(m, side="a") for m in parse_kalshi(kalshi)]
    views_b = [view_from_data(m, side="b") for m in parse_polymarket(polymarket)]

    started = time.perf_counter()
    games_a = [(v, game_market(v)) for v in views_a]
    games_b = [(v, game_market(v)) for v in views_b]
    elapsed = time.perf_counter() - started
    by_key: dict[Any, list[Any]] = defaultdict(list)
    for v, g in games_b:
        if g is not None:
            by_key[g.join_key].append((v, g))

    verdicts: dict[tuple[str, str], Any] = {}
    family_of: dict[tuple[str, str], str] = {}
    for va, ga in games_a:
        if ga is None:
            continue
        for vb, gb in by_key.get(ga.join_key, ()):
            verdicts[(va.key, vb.key)] = judge_game(va, ga, vb, gb)
            family_of[(va.key, vb.key)] = ga.family

    rows = {(t["kalshi_ticker"], t["polymarket_condition_id"].lower()): t for t in truth}
    report: dict[str, Any] = {
        "kalshi_games": sum(g is not None for _, g in games_a),
        "polymarket_games": sum(g is not None for _, g in games_b),
        "pairs_judged": len(verdicts),
    }
    if timing:
        report["game_market_us_per_call"] = round(elapsed / (len(views_a) + len(views_b)) * 1e6, 2)
    for family in ("moneyline", "spread"):
        expected = {k: t for k, t in rows.items() if t["family"] == family and t["relation"] == "identical"}
        proposed = {k: v for k, v in verdicts.items() if family_of[k] == family and v.relation == "identical"}
        true_pos = [k for k in proposed if k in expected]
        oriented = [k for k in true_pos if proposed[k].orientation == expected[k]["orientation"]]
        others = Counter(
            (t["relation"], verdicts[k].relation if k in verdicts else "not judged")
            for k, t in rows.items() if t["family"] == family and t["relation"] != "identical"
        )
        report[family] = {
            "identical_rows": len(expected), "proposed": len(proposed), "true_positives": len(true_pos),
            "recall": round(len(true_pos) / len(expected), 4) if expected else None,
            "precision": round(len(true_pos) / len(proposed), 4) if proposed else None,
            "orientation": round(len(oriented) / len(true_pos), 4) if true_pos else None,
            "non_identical_rows (truth, judged)": {f"{a} -> {b}": n for (a, b), n in sorted(others.items())},
        }
        if details:
            report[family]["false_negatives"] = [
                {"pair": k, "judged": verdicts[k].relation if k in verdicts else None,
                 "findings": verdicts[k].findings_json() if k in verdicts else None,
                 "note": expected[k]["note"]}
                for k in expected if k not in proposed
            ]
            report[family]["false_positives"] = [
                {"pair": k, "truth": rows[k]["relation"] if k in rows else None,
                 "findings": proposed[k].findings_json()}
                for k in proposed if k not in expected
            ]
            report[family]["wrong_orientation"] = [k for k in true_pos if k not in oriented]
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", type=Path)
    parser.add_argument("--details", action="store_true")
    parser.add_argument("--timing", action="store_true")
    args = parser.parse_args()
    print(json.dumps(run(args.directory, details=args.details, timing=args.timing), indent=1, default=str))


if __name__ == "__main__":
    main()
