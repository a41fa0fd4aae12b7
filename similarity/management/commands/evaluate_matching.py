"""manage.py evaluate_matching --kalshi K.json --polymarket P.json --truth T.json [--json]"""

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
        parser.add_argument("--truth", required=True, type=Path, help="list of true pairs")
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
            f"orientation {result.orientation_accuracy:.3f}\n"
            f"{c['kalshi_markets']} Kalshi x {c['polymarket_markets']} Polymarket markets, "
            f"{c['candidates_judged']} candidates judged, {c['proposed']} proposed, "
            f"{c['true_positives']}/{c['true_pairs']} true pairs found, "
            f"{c['false_positives']} false positives, {c['false_negatives']} missed"
        )
        for title, rows in (("false positives", result.false_positives),
                            ("missed", result.false_negatives),
                            ("wrong orientation", result.wrong_orientation)):
            for row in rows:
                self.stdout.write(f"  {title}: {row['a']}  <>  {row['b']}")
