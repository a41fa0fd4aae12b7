"""`manage.py killswitch [on|off] [--reason ...]`: show or flip the DB kill switch."""

from django.core.management.base import BaseCommand, CommandError

from trading.models import KILL_SWITCH_REASON_MAX
from trading.selectors import kill_switch_active, kill_switch_get, trading_mode
from trading.services import kill_switch_set


class Command(BaseCommand):
    help = "Show the trading mode and kill switch, or turn the kill switch on/off."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("state", nargs="?", choices=["on", "off"])
        parser.add_argument("--reason", default="", help="why (kept on the switch's row)")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        if len(options["reason"]) > KILL_SWITCH_REASON_MAX:
            raise CommandError(f"--reason is longer than {KILL_SWITCH_REASON_MAX} characters")
        if options["state"]:
            kill_switch_set(enabled=options["state"] == "on", user=None, reason=options["reason"])
        row = kill_switch_get()
        self.stdout.write(
            f"trading mode: {trading_mode()}; kill switch: "
            f"{'ON' if kill_switch_active() else 'off'}"
            + (f" (db: {'on' if row.enabled else 'off'}, {row.reason or 'no reason'})" if row else "")
        )
