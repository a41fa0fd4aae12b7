"""manage.py replay --from ISO --to ISO [--pairs ID ...] [--budget USD] [--max-slippage USD]
[--latency-ms N] [--tape tape.jsonl] [--json] [--no-save]"""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from common.errors import ApplicationError
from replay.models import ReplayRun
from replay.services import replay_report, replay_request_normalise
from replay.tape import TapeError, iso
from replay.time_args import iso_time


def _dollars(value: str) -> Decimal:
    try:
        return Decimal(value)
    except InvalidOperation:
        raise ValueError(f"not a dollar amount: {value!r}") from None


class Command(BaseCommand):
    help = (
        "Replay stored books (or a tape) through the live decision, the risk checks and paper "
        "fills, with orders meeting the books --latency-ms after each decision. Reports per "
        "pair and in total: opportunities and their lifetimes, trades, capital, net profit, "
        "return, annualised return and the profit lost to latency. The same input gives the "
        "same output, byte for byte. The run is kept (dashboard /replays/) unless --no-save."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--from", dest="start", type=iso_time,
                            help="start (ISO 8601 with timezone); a tape's own by default")
        parser.add_argument("--to", dest="end", type=iso_time, help="end (exclusive)")
        parser.add_argument("--pairs", nargs="+", type=int,
                            help="pair ids (default: approved pairs, or all pairs on the tape)")
        parser.add_argument("--budget", type=_dollars,
                            help="capital per attempt in dollars (default: the per-attempt limit)")
        parser.add_argument("--max-slippage", type=_dollars,
                            help="per-leg cap in dollars per contract (default: the setting)")
        parser.add_argument("--latency-ms", type=int, default=0,
                            help="reaction time: orders meet the books this many ms later")
        parser.add_argument("--tape", default="", help="replay this tape instead of the database")
        parser.add_argument("--json", action="store_true", help="print the report as JSON")
        parser.add_argument("--no-save", action="store_true", help="do not keep a ReplayRun")

    def handle(self, *args: Any, **options: Any) -> None:
        request = {
            "from": iso(options["start"]), "to": iso(options["end"]), "pairs": options["pairs"],
            "budget": options["budget"], "max_slippage": options["max_slippage"],
            "latency_ms": options["latency_ms"], "tape": options["tape"],
        }
        try:
            request = replay_request_normalise(request)
            started = timezone.now()
            report = replay_report(request=request)
        except ApplicationError as exc:
            raise CommandError(exc.message) from None
        except (TapeError, ValueError, OSError) as exc:
            raise CommandError(str(exc)) from None
        if not options["no_save"]:
            total = report["total"]
            run = ReplayRun.objects.create(
                status=ReplayRun.Status.DONE, params=request, report=report, started_at=started,
                finished_at=timezone.now(), opportunities=total["opportunities"],
                trades=total["trades"], net_profit=Decimal(total["net_profit"]),
                lost_to_latency=Decimal(total["lost_to_latency"]),
                progress={"fraction": 1.0, "changes": report["events"]["book_changes"]},
            )
            self.stderr.write(f"saved as replay {run.id}")
        if options["json"]:
            self.stdout.write(json.dumps(report, indent=1, sort_keys=True))
            return
        self.stdout.write(render_text(report))


def render_text(report: dict[str, Any]) -> str:
    """The report as a plain table: totals, then one row per pair."""
    p, t, e = report["replay"], report["total"], report["events"]
    lines = [
        f"replay {p['from']} .. {p['to']} ({p['source']}), {p['pairs']} pairs, budget "
        f"{p['budget']}, latency {p['latency_ms']} ms, max slippage {p['max_slippage'] or '-'}",
        f"{e['book_changes_in_window']} book changes in the window, {e['decisions']} decisions, "
        f"{e['priced']} priced",
        "",
        f"{'pair':>6} {'opps':>5} {'life med ms':>12} {'trades':>6} {'capital':>12} "
        f"{'net':>11} {'return':>9} {'annual':>9} {'instant':>11} {'lost':>10}",
    ]

    def row(name: str, f: dict[str, Any]) -> str:
        return (
            f"{name:>6} {f['opportunities']:>5} {f['lifetime_ms']['median'] or '-':>12} "
            f"{f['trades']:>6} {f['capital_used']:>12.12} {f['net_profit']:>11.11} "
            f"{(f['return'] or '-')[:9]:>9} {(f['annualised_return'] or '-')[:9]:>9} "
            f"{f['instant_net_profit']:>11.11} {f['lost_to_latency']:>10.10}"
        )

    lines += [row(str(r["pair_id"]), r) for r in report["pairs"]]
    lines.append(row("total", t))
    for excluded in report["excluded_pairs"]:
        lines.append(f"pair {excluded['pair_id']} not replayed: {excluded['reason']}")
    return "\n".join(lines)
