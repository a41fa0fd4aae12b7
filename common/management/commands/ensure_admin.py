"""Create the admin user from DJANGO_SUPERUSER_USERNAME / DJANGO_SUPERUSER_PASSWORD, or say how."""

import os

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Create an admin user from the environment if none exists (idempotent)."

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        user_model = get_user_model()
        if user_model.objects.filter(is_superuser=True).exists():
            return
        username = os.environ.get("DJANGO_SUPERUSER_USERNAME", "")
        password = os.environ.get("DJANGO_SUPERUSER_PASSWORD", "")
        if username and password:
            user_model.objects.create_superuser(username=username, password=password, email="")
            self.stdout.write(f"created admin user {username!r}")
        else:
            self.stdout.write(
                "No admin user yet. Set DJANGO_SUPERUSER_USERNAME and DJANGO_SUPERUSER_PASSWORD "
                "(e.g. in .env) and rerun, or run: .venv/bin/python manage.py createsuperuser"
            )
