"""manage.py export_books --from ISO --to ISO [--pairs ID ...] [--output FILE] > tape.jsonl"""

from __future__ import annotations

import sys
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from common.errors import ApplicationError
from replay.services import tape_export
from replay.tape import writer_for
from replay.time_args import iso_time


class Command(BaseCommand):
    help = (
        "Write the stored books of pairs' markets as a book tape (JSON lines, replay/tape.py): "
        "each market's last book before --from, then every change up to --to. Approved pairs "
        "unless --pairs. To stdout unless --output (a .gz name compresses)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--from", dest="start", required=True, type=iso_time,
                            help="ISO 8601 time with a timezone, e.g. 2026-12-01T00:00:00Z")
        parser.add_argument("--to", dest="end", required=True, type=iso_time)
        parser.add_argument("--pairs", nargs="+", type=int, help="pair ids (default: approved)")
        parser.add_argument("--output", default="-", help="file to write (default stdout)")

    def handle(self, *args: Any, **options: Any) -> None:
        out = writer_for(options["output"])
        try:
            counts = tape_export(start=options["start"], end=options["end"],
                                 pair_ids=options["pairs"], out=out)
        except ApplicationError as exc:
            raise CommandError(exc.message) from None
        except BrokenPipeError:
            # The reader went away (`export_books ... | head`): nothing more to write.
            raise CommandError("the output was closed before the tape was complete") from None
        finally:
            if out is not sys.stdout:
                out.close()
        self.stderr.write(
            f"{counts['books']} book changes of {counts['markets']} markets "
            f"({counts['pairs']} pairs) written"
        )
