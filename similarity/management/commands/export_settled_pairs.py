"""manage.py export_settled_pairs --out DIR [--all]: settled pairs as labelled matching examples."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from similarity.labels import settled_pairs_export
from similarity.selectors import pair_list_resolved


class Command(BaseCommand):
    help = (
        "Write pairs judged by settlement as matcher examples: DIR/truth.json (rows shaped like "
        "similarity/data/conventions_tune/truth.json) and both markets' raw venue objects "
        "(DIR/kalshi.json, DIR/polymarket.json). Diverged pairs only unless --all."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", required=True, type=Path, help="directory to write into")
        parser.add_argument("--all", action="store_true",
                            help="also pairs that settled alike (or inconclusively)")

    def handle(self, *args: Any, **options: Any) -> None:
        out: Path = options["out"]
        out.mkdir(parents=True, exist_ok=True)
        pairs = pair_list_resolved(diverged_only=not options["all"])
        files = settled_pairs_export(pairs)
        for name in ("truth", "kalshi", "polymarket"):
            (out / f"{name}.json").write_text(json.dumps(files[name], indent=1) + "\n")
        self.stdout.write(f"{len(files['truth'])} labelled pairs written to {out}")
