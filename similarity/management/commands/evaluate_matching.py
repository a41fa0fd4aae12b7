"""manage.py evaluate_matching --kalshi K.json --polymarket P.json --truth T.json [--json]

Precision and recall count identical proposals against identical truth rows; the other truth
rows are hard negatives. Recall is also reported per truth `family`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from similarity.evaluation import evaluate


class Command(BaseCommand):
    help = "Run the real matching pipeline on raw venue payloads and score it against true pairs."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--kalshi", required=True, type=Path, help="Kalshi GET /markets body")
        parser.add_argument("--polymarket", required=True, type=Path, help="Gamma /markets body")
        parser.add_argument("--truth", required=True, type=Path, help="labelled pairs: {kalshi_ticker, polymarket_condition_id, relation, orientation, family}")
        parser.add_argument("--json", action="store_true", help="print one JSON object")

    def handle(self, *args: Any, **options: Any) -> None:
        result = evaluate(
            kalshi_body=json.loads(options["kalshi"].read_text()),
            polymarket_body=json.loads(options["polymarket"].read_text()),
            truth=json.loads(options["truth"].read_text()),
        )
        if options["json"]:
            self.stdout.write(json.dumps(result.to_json(), indent=1))
            return
        c = result.counts
        self.stdout.write(
            f"precision {result.precision:.3f}  recall {result.recall:.3f}  F1 {result.f1:.3f}  "
            f"orientation {result.orientation_accuracy:.3f}  (identical proposals only)\n"
            f"{c['kalshi_markets']} Kalshi x {c['polymarket_markets']} Polymarket markets, "
            f"{c['candidates_judged']} candidates judged, {c['proposed']} proposed "
            f"({c['proposed_identical']} identical), "
            f"{c['true_positives']}/{c['true_pairs']} identical pairs found, "
            f"{c['false_positives']} false positives ({c['false_positives_on_hard_negatives']} on hard negatives), "
            f"{c['false_negatives']} missed"
        )
        self.stdout.write(f"\n{'family':<18}{'pairs':>7}{'found':>7}{'recall':>8}{'false pos':>11}")
        for family, f in result.families.items():
            self.stdout.write(
                f"{family:<18}{f['true_pairs']:>7}{f['found']:>7}{f['recall']:>8.3f}{f['false_positives']:>11}"
            )
        for title, rows in (("false positive", result.false_positives),
                            ("missed", result.false_negatives),
                            ("wrong orientation", result.wrong_orientation)):
            for row in rows:
                self.stdout.write(f"  {title}: {row['a']}  <>  {row['b']}")
