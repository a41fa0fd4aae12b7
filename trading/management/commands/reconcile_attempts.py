"""`manage.py reconcile_attempts`: resume stuck attempts and compare venues with the journal now."""

from django.core.management.base import BaseCommand

from trading.services import attempts_reconcile, attempts_recover


class Command(BaseCommand):
    help = "Resume attempts whose worker died (by client order id) and flag venue/journal drift."

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        resumed = attempts_recover()
        counts = attempts_reconcile()
        for attempt in resumed:
            self.stdout.write(f"attempt {attempt.uid}: {attempt.state}")
        self.stdout.write(
            f"resumed {len(resumed)}; venues compared {counts['venues']}; drift flags {counts['flags']}"
        )
