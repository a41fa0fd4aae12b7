"""Django settings for eventsarb.

Every value is read from the environment (django-environ); production differs from a laptop by
environment values only. With no DATABASE_URL the project runs on an embedded SQLite file (WAL,
IMMEDIATE transactions) and with no CELERY_BROKER_URL the engine loop runs in-process
(`manage.py runengine`), see docs/ARCHITECTURE.md.
"""

from datetime import timedelta
from pathlib import Path

import django_stubs_ext
import environ

# Lets typed code subscript Django generics at run time (admin.ModelAdmin[Market]), as
# django-stubs documents; it only adds __class_getitem__ to those classes.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# A .env file is optional; real deployments set the environment directly.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("DJANGO_SECRET_KEY", default="insecure-dev-key-change-me")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "django_filters",
    "common",
    "platforms",
    "markets",
    "similarity",
    "arbitrage",
    "trading",
    "replay",
    "dashboard",
    # The project package itself, for the commands that span every app (runengine).
    "eventsarb",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "eventsarb.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "common.context_processors.trading_mode",
            ],
        },
    },
]

WSGI_APPLICATION = "eventsarb.wsgi.application"

SQLITE_PATH = env("EVENTSARB_SQLITE_PATH", default=str(BASE_DIR / "var" / "eventsarb.sqlite3"))
# An empty DATABASE_URL (as `make demo` sets) means the embedded default too.
DATABASE_URL = env("DATABASE_URL", default="") or f"sqlite:///{SQLITE_PATH}"
DATABASES = {"default": env.db_url_config(DATABASE_URL)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Measured (../shared/STACK.md): DEFERRED transactions fail at once with "database is
    # locked" under concurrent read-modify-write; IMMEDIATE with a timeout does not. WAL lets
    # the web server read while the engine loop writes.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DATABASE_CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # Server-side binding lets psycopg prepare a statement after its 2nd run on a connection,
    # so the execution path's repeated statements skip parsing and planning, and psycopg no
    # longer quotes parameters into the SQL in Python: leg-2-sent p50 17-20 -> 12-12.6 ms in
    # interleaved runs (bench/bench_execution.py). Needs a direct PostgreSQL connection (no
    # transaction-pooling pgbouncer); restart workers after a migration alters a table.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"server_side_binding": True, "prepare_threshold": 2}
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
# WhiteNoise serves static files from gunicorn too (no separate web server needed).
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"urllib3": {"level": "WARNING"}, "httpx": {"level": "WARNING"}},
}

# --- REST framework -------------------------------------------------------------------------
REST_FRAMEWORK = {
    # Token first, so an anonymous or bad-token call gets 401 with a WWW-Authenticate header
    # (DRF answers 403 when the first class is session auth, which has no such header).
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.CursorPagination",
    "PAGE_SIZE": 100,
    "EXCEPTION_HANDLER": "common.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "eventsarb API",
    "DESCRIPTION": "Cross-venue event-contract arbitrage: markets, pairs, books, opportunities.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI assets served from the sidecar package, so /api/docs/ works offline.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Several models have a "status" field with different choices: name each enum once.
    "ENUM_NAME_OVERRIDES": {
        "MarketStatusEnum": "markets.models.Market.Status",
        "PairStatusEnum": "similarity.models.MarketPair.Status",
        "OrderStatusEnum": "trading.models.Order.Status",
        "LegEnum": "trading.models.ArbAttempt.Leg",
        "ReplayStatusEnum": "replay.models.ReplayRun.Status",
    },
}

# --- Celery -----------------------------------------------------------------------------------
# With no broker URL the engine loop runs in-process (manage.py runengine) and Celery is unused.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
CELERY_RESULT_BACKEND = env("CELERY_RESULT_BACKEND", default=None)
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_ROUTES = {
    # Ingest work driven from above markets (the catalog sync and the watched markets' books).
    "similarity.tasks.sync_catalogs_task": {"queue": "ingest"},
    "arbitrage.tasks.pull_order_books_task": {"queue": "ingest"},
    "markets.tasks.*": {"queue": "ingest"},
    "similarity.tasks.*": {"queue": "default"},
    "arbitrage.tasks.*": {"queue": "default"},
    "trading.tasks.*": {"queue": "trading"},
    "replay.tasks.*": {"queue": "default"},
}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

# One static beat schedule. `manage.py runengine` runs these same entries in-process.
CELERY_BEAT_SCHEDULE = {
    "every-5m-sync-markets": {
        "task": "similarity.tasks.sync_catalogs_task",
        "schedule": timedelta(seconds=env.int("EVENTSARB_SYNC_INTERVAL_S", default=300)),
        "options": {"expires": 240, "queue": "ingest"},
    },
    "every-5s-pull-order-books": {
        "task": "arbitrage.tasks.pull_order_books_task",
        "schedule": timedelta(seconds=env.int("EVENTSARB_BOOKS_INTERVAL_S", default=5)),
        "options": {"expires": 5, "queue": "ingest"},
    },
    "every-5s-scan-arbitrage": {
        "task": "arbitrage.tasks.scan_arbitrage_task",
        "schedule": timedelta(seconds=env.int("EVENTSARB_SCAN_INTERVAL_S", default=5)),
        "options": {"expires": 5, "queue": "default"},
    },
    "every-30s-update-spread-stats": {
        "task": "arbitrage.tasks.update_spread_stats_task",
        "schedule": timedelta(seconds=env.int("EVENTSARB_SPREAD_INTERVAL_S", default=30)),
        "options": {"expires": 30, "queue": "default"},
    },
    "every-1h-prune-order-books": {
        "task": "markets.tasks.prune_order_books_task",
        "schedule": timedelta(hours=1),
        "options": {"expires": 3000, "queue": "ingest"},
    },
    "every-5s-execute-opportunities": {
        "task": "trading.tasks.execute_opportunities_task",
        "schedule": timedelta(seconds=env.int("EVENTSARB_EXECUTE_INTERVAL_S", default=5)),
        "options": {"expires": 5, "queue": "trading"},
    },
    "every-1m-reconcile-attempts": {
        "task": "trading.tasks.reconcile_attempts_task",
        "schedule": timedelta(minutes=1),
        "options": {"expires": 55, "queue": "trading"},
    },
    "every-30s-run-queued-replays": {
        "task": "replay.tasks.run_queued_replays_task",
        "schedule": timedelta(seconds=30),
        "options": {"expires": 30, "queue": "default"},
    },
    "every-10m-sync-settlements": {
        "task": "trading.tasks.sync_settlements_task",
        "schedule": timedelta(seconds=env.int("EVENTSARB_SETTLE_INTERVAL_S", default=600)),
        "options": {"expires": 540, "queue": "trading"},
    },
}

# --- eventsarb --------------------------------------------------------------------------------
# Venues to sync and watch; see platforms/registry.py for the names.
EVENTSARB_VENUES = env.list("EVENTSARB_VENUES", default=["kalshi", "polymarket"])
EVENTSARB_TRADING_MODE = env("EVENTSARB_TRADING_MODE", default="paper")
EVENTSARB_KILL_SWITCH = env.bool("EVENTSARB_KILL_SWITCH", default=False)
EVENTSARB_TEST_VENUE_SEED = env.int("EVENTSARB_TEST_VENUE_SEED", default=7)
EVENTSARB_TEST_VENUE_MARKETS = env.int("EVENTSARB_TEST_VENUE_MARKETS", default=40)
EVENTSARB_BOOK_MAX_AGE_S = env.int("EVENTSARB_BOOK_MAX_AGE_S", default=30)
EVENTSARB_BOOK_RETENTION_H = env.int("EVENTSARB_BOOK_RETENTION_H", default=48)
EVENTSARB_SCAN_BUDGET = env("EVENTSARB_SCAN_BUDGET", default="1000")
# Per-leg slippage cap for every plan (scan, stream, execution): no level priced more than this
# above the leg's best price is walked. Empty: no cap (depth and budget alone bound the walk).
EVENTSARB_MAX_SLIPPAGE = env("EVENTSARB_MAX_SLIPPAGE", default="")
EVENTSARB_ALERT_WEBHOOK_URL = env("EVENTSARB_ALERT_WEBHOOK_URL", default="")
EVENTSARB_ALERT_MIN_PROFIT = env("EVENTSARB_ALERT_MIN_PROFIT", default="1.00")
EVENTSARB_ALERT_COOLDOWN_S = env.int("EVENTSARB_ALERT_COOLDOWN_S", default=300)
EVENTSARB_SPREAD_WINDOW = env.int("EVENTSARB_SPREAD_WINDOW", default=240)
EVENTSARB_SPREAD_Z_THRESHOLD = env.float("EVENTSARB_SPREAD_Z_THRESHOLD", default=3.0)
EVENTSARB_HTTP_TIMEOUT_S = env.float("EVENTSARB_HTTP_TIMEOUT_S", default=10.0)
# Pre-trade risk limits (trading/risk.py); money in dollars, returns as fractions.
EVENTSARB_RISK_MAX_NOTIONAL_PER_ATTEMPT = env("EVENTSARB_RISK_MAX_NOTIONAL_PER_ATTEMPT", default="100")
EVENTSARB_RISK_MAX_NOTIONAL_PER_PAIR = env("EVENTSARB_RISK_MAX_NOTIONAL_PER_PAIR", default="500")
EVENTSARB_RISK_MAX_NOTIONAL_PER_VENUE = env("EVENTSARB_RISK_MAX_NOTIONAL_PER_VENUE", default="2000")
EVENTSARB_RISK_MAX_DAILY_LOSS = env("EVENTSARB_RISK_MAX_DAILY_LOSS", default="50")
EVENTSARB_RISK_MAX_OPEN_ATTEMPTS = env.int("EVENTSARB_RISK_MAX_OPEN_ATTEMPTS", default=3)
EVENTSARB_RISK_MAX_QUOTE_AGE_S = env.float("EVENTSARB_RISK_MAX_QUOTE_AGE_S", default=15.0)
EVENTSARB_RISK_MIN_NET_PROFIT = env("EVENTSARB_RISK_MIN_NET_PROFIT", default="0.05")
EVENTSARB_RISK_MIN_RETURN = env("EVENTSARB_RISK_MIN_RETURN", default="0.002")
EVENTSARB_RISK_LEG2_MAX_RETRIES = env.int("EVENTSARB_RISK_LEG2_MAX_RETRIES", default=2)
EVENTSARB_RISK_PAPER_BALANCE = env("EVENTSARB_RISK_PAPER_BALANCE", default="10000")
# Book tapes a replay requested from the dashboard or the API may read (commands read any path).
EVENTSARB_TAPE_DIR = env("EVENTSARB_TAPE_DIR", default=str(BASE_DIR / "var" / "tapes"))

# Kalshi (keys only from env or a key file path; never stored).
KALSHI_ENV = env("KALSHI_ENV", default="prod")
KALSHI_BASE_URL = env("KALSHI_BASE_URL", default="")
KALSHI_API_KEY_ID = env("KALSHI_API_KEY_ID", default="")
KALSHI_PRIVATE_KEY_PATH = env("KALSHI_PRIVATE_KEY_PATH", default="")
KALSHI_PRIVATE_KEY_PEM = env("KALSHI_PRIVATE_KEY_PEM", default="")
KALSHI_RATE_TIER = env("KALSHI_RATE_TIER", default="basic")
# Streaming books (manage.py streambooks); empty means the KALSHI_ENV default host.
KALSHI_WS_URL = env("KALSHI_WS_URL", default="")

# Polymarket.
POLYMARKET_GAMMA_URL = env("POLYMARKET_GAMMA_URL", default="https://gamma-api.polymarket.com")
POLYMARKET_CLOB_URL = env("POLYMARKET_CLOB_URL", default="https://clob.polymarket.com")
POLYMARKET_WS_URL = env(
    "POLYMARKET_WS_URL", default="wss://ws-subscriptions-clob.polymarket.com/ws/market"
)
POLYMARKET_PRIVATE_KEY = env("POLYMARKET_PRIVATE_KEY", default="")
POLYMARKET_API_KEY = env("POLYMARKET_API_KEY", default="")
POLYMARKET_API_SECRET = env("POLYMARKET_API_SECRET", default="")
POLYMARKET_API_PASSPHRASE = env("POLYMARKET_API_PASSPHRASE", default="")
POLYMARKET_FUNDER = env("POLYMARKET_FUNDER", default="")
POLYMARKET_SIGNATURE_TYPE = env.int("POLYMARKET_SIGNATURE_TYPE", default=3)
