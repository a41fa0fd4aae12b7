"""`manage.py create_api_token <username> [--ttl-hours N] [--revoke-all]`: an API token.

Tokens are django-rest-knox's: the database keeps only a SHA-512 digest and an expiry, so the
token is printed once, here, and cannot be shown again. Send it as `Authorization: Token <t>`.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from knox.models import AuthToken


class Command(BaseCommand):
    help = "Create an API token for a user (printed once; stored hashed, expires)."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("username")
        parser.add_argument(
            "--ttl-hours", type=int, default=None,
            help="lifetime in hours (default: EVENTSARB_API_TOKEN_TTL_DAYS, 30 days)",
        )
        parser.add_argument(
            "--revoke-all", action="store_true",
            help="delete every token of the user instead of creating one",
        )

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        model = get_user_model()
        try:
            user = model.objects.get_by_natural_key(options["username"])
        except model.DoesNotExist as exc:
            raise CommandError(f"no user {options['username']!r}") from exc
        if options["revoke_all"]:
            deleted, _ = AuthToken.objects.filter(user=user).delete()
            self.stdout.write(f"revoked {deleted} token(s) of {user.get_username()}")
            return
        kwargs = {}
        if options["ttl_hours"] is not None:
            if options["ttl_hours"] <= 0:
                raise CommandError("--ttl-hours must be positive")
            kwargs["expiry"] = timedelta(hours=options["ttl_hours"])
        instance, token = AuthToken.objects.create(user=user, **kwargs)
        self.stderr.write(f"token for {user.get_username()}, expires {instance.expiry:%Y-%m-%d %H:%M} UTC:")
        self.stdout.write(token)
