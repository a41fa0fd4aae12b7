"""`manage.py runengine`: the engine loop in-process (the embedded default; no broker needed)."""

from django.core.management.base import BaseCommand

from eventsarb.runner import run_loop


class Command(BaseCommand):
    help = "Run the beat schedule's jobs in-process: sync, books, scan, trade, reconcile."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("--iterations", type=int, default=None, help="stop after N ticks")
        parser.add_argument("--tick", type=float, default=0.5, help="seconds between ticks")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        self.stdout.write("runengine: running the beat schedule in-process (Ctrl-C stops)")
        try:
            jobs = run_loop(iterations=options["iterations"], tick_s=options["tick"])
        except KeyboardInterrupt:
            return
        for job in jobs:
            self.stdout.write(f"{job.name}: {job.runs} runs, {job.errors} errors")
