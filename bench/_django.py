"""Set up Django for a benchmark script against a real Postgres database of its own.

Benchmarks never run inside the test suite (no timed assertions there); each script under bench/
prints one JSON object. The database defaults to eventsarb_bench on 127.0.0.1 and is created and
migrated on first use.
"""

from __future__ import annotations

import os
import secrets
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup_django(db_name: str = "eventsarb_bench") -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DATABASE_URL", f"postgres://postgres@127.0.0.1:5432/{db_name}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eventsarb.settings")
    os.environ.setdefault("EVENTSARB_VENUES", "test_kalshi,test_polymarket")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    # Production settings (DEBUG off) over plain http in-process: a throwaway key, no HTTPS.
    os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(50))
    for name in ("DJANGO_SECURE_SSL_REDIRECT", "DJANGO_SESSION_COOKIE_SECURE", "DJANGO_CSRF_COOKIE_SECURE"):
        os.environ.setdefault(name, "false")
    # The benchmarks measure the API, not its throttle.
    os.environ.setdefault("EVENTSARB_API_THROTTLE_USER", "1000000/min")
    _ensure_database(os.environ["DATABASE_URL"])
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def _ensure_database(url: str) -> None:
    if not url.startswith("postgres"):
        return
    import psycopg

    base, name = url.rsplit("/", 1)
    with psycopg.connect(f"{base}/postgres", autocommit=True) as conn:
        exists = conn.execute("select 1 from pg_database where datname = %s", (name,)).fetchone()
        if not exists:
            conn.execute(f'create database "{name}"')
