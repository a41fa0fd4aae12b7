"""Test settings: the suite runs on Postgres and Redis on 127.0.0.1 (override by env)."""

import os
import secrets

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/eventsarb")
os.environ.setdefault("CELERY_BROKER_URL", "redis://127.0.0.1:6379/15")
os.environ.setdefault("EVENTSARB_VENUES", "test_kalshi,test_polymarket")
# DEBUG is off in tests (as in production), so the settings demand a strong key; the tests'
# own (inherited by the processes they start) is made afresh each run. The live server and
# the test client speak plain http.
os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))
for name in ("DJANGO_SECURE_SSL_REDIRECT", "DJANGO_SESSION_COOKIE_SECURE", "DJANGO_CSRF_COOKIE_SECURE"):
    os.environ.setdefault(name, "false")
os.environ.setdefault("DJANGO_SECURE_HSTS_SECONDS", "0")
# The route fuzzer sends thousands of requests a minute; the throttle tests set their own rates.
os.environ.setdefault("EVENTSARB_API_THROTTLE_USER", "1000000/min")
os.environ.setdefault("EVENTSARB_API_THROTTLE_ANON", "1000000/min")

from .settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
