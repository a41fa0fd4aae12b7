"""manage.py import_books tape.jsonl: a book tape into this database."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from common.errors import ApplicationError
from replay.services import tape_import
from replay.tape import TapeError


class Command(BaseCommand):
    help = (
        "Import a book tape (export_books): missing markets and pairs are created (pairs as "
        "proposed: review them here), books not stored yet are stored. All or nothing; "
        "importing the same tape twice changes nothing. '-' reads stdin, .gz is decompressed."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("tape", help="tape file (.jsonl or .jsonl.gz, '-' for stdin)")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            counts = tape_import(path=options["tape"])
        except TapeError as exc:
            raise CommandError(f"{options['tape']}: {exc} (nothing was imported)") from None
        except ApplicationError as exc:
            raise CommandError(f"{exc.message} (nothing was imported)") from None
        except OSError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            f"{counts['books']} book changes read, {counts['books_stored']} books stored; "
            f"{counts['markets_created']} markets and {counts['pairs_created']} pairs created"
        )
