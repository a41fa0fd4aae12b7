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
from django.core.exceptions import ImproperlyConfigured

# Lets typed code subscript Django generics at run time (admin.ModelAdmin[Market]), as
# django-stubs documents; it only adds __class_getitem__ to those classes.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# A .env file is optional; real deployments set the environment directly.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=False)
# Only a DEBUG run (`make run`, `make demo`) may fall back to this key.
DEV_SECRET_KEY = "insecure-dev-key-change-me"  # noqa: S105 - refused unless DEBUG is on
# Placeholders shipped in this repository's files (.env.example, old Dockerfiles).
KNOWN_BAD_SECRET_KEYS = {DEV_SECRET_KEY, "change-me", "build", "secret", "changeme"}
SECRET_KEY = env("DJANGO_SECRET_KEY", default="" if not DEBUG else DEV_SECRET_KEY)
if not DEBUG and (
    SECRET_KEY in KNOWN_BAD_SECRET_KEYS
    or len(SECRET_KEY) < 50
    or len(set(SECRET_KEY)) < 5
    or SECRET_KEY.startswith("django-insecure-")
):
    # The same bar as Django's check --deploy (security.W009), enforced at start-up: a
    # guessable key lets anyone forge sessions, password-reset links and signed data.
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY is missing, a placeholder or weak (needs 50+ characters, 5+ distinct)"
        " while DJANGO_DEBUG is off. Generate one with: python -c 'import secrets; "
        "print(secrets.token_urlsafe(50))'"
    )
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
if not DEBUG and "*" in ALLOWED_HOSTS:
    # The Host header shapes absolute URLs (API next links, redirects): name the real hosts.
    raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS may not contain '*' while DJANGO_DEBUG is off")
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

# --- HTTPS and cookies ------------------------------------------------------------------------
# Secure by default whenever DEBUG is off (docker-compose.yml, `make web`): HTTPS only, Secure
# cookies, HSTS. The embedded dev default (`make run`, DEBUG on) serves plain http on
# 127.0.0.1. Behind a TLS-terminating proxy set DJANGO_SECURE_PROXY_SSL_HEADER=true so Django
# trusts its X-Forwarded-Proto (only if the proxy always sets or strips that header).
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
# The container healthcheck calls /healthz over plain http from inside the container.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
if env.bool("DJANGO_SECURE_PROXY_SSL_HEADER", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=False)
SESSION_COOKIE_SECURE = env.bool("DJANGO_SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("DJANGO_CSRF_COOKIE_SECURE", default=not DEBUG)
SESSION_COOKIE_HTTPONLY = True
# Pages send the CSRF token from the template (hx-headers, forms); no script reads the cookie.
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env.int("DJANGO_SESSION_COOKIE_AGE", default=60 * 60 * 12)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Sent on every response by common.middleware.content_security_policy_middleware. Everything
# from our own origin; no inline script (htmx and the pages' scripts are static files), no
# eval, and the charts are inline SVG elements (not style attributes or data: scripts).
CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])
# Preloading is a separate, hard-to-undo submission to browser vendors: an operator's choice
# (DJANGO_SECURE_HSTS_PRELOAD=true), so check --deploy does not demand it.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "knox",
    "axes",
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
    "common.middleware.content_security_policy_middleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "common.middleware.admin_query_guard_middleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last, as django-axes documents: turns a locked-out login into its 429 response.
    "axes.middleware.AxesMiddleware",
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

# The cache behind the API throttles and the opportunity list (per process when unset;
# docker-compose shares Redis so every gunicorn worker counts the same requests).
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://")}

# --- Login abuse: django-axes ---------------------------------------------------------------
# The axes backend first: it refuses a locked-out username or address before any password
# check (the dashboard's and the admin's login forms both go through authenticate()).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
# Locked out by client address (one attacker, many usernames) or by username (many addresses,
# one account): either reaching the limit refuses further logins until the cool-off ends.
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]
AXES_RESET_ON_SUCCESS = True
# Behind DJANGO_TRUSTED_PROXY_COUNT proxies the client address is the one they forwarded
# (common.auth.client_ip); otherwise REMOTE_ADDR. DRF's throttles use the same count.
TRUSTED_PROXY_COUNT = env.int("DJANGO_TRUSTED_PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "common.auth.client_ip"

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
    # SafeFormatter: a newline or escape in user text cannot forge or repaint a log line.
    "formatters": {
        "plain": {
            "()": "common.logging.SafeFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
        },
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {"urllib3": {"level": "WARNING"}, "httpx": {"level": "WARNING"}},
}

# --- REST framework -------------------------------------------------------------------------
REST_FRAMEWORK = {
    # Token first, so an anonymous or bad-token call gets 401 with a WWW-Authenticate header
    # (DRF answers 403 when the first class is session auth, which has no such header).
    # knox tokens: only a SHA-512 digest is stored, and each expires (REST_KNOX below).
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "knox.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    # Per user (token or session) and per anonymous address; 429 in the API's error shape.
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.UserRateThrottle",
        "rest_framework.throttling.AnonRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "user": env("EVENTSARB_API_THROTTLE_USER", default="1200/min"),
        "anon": env("EVENTSARB_API_THROTTLE_ANON", default="60/min"),
    },
    "NUM_PROXIES": TRUSTED_PROXY_COUNT or None,
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.CursorPagination",
    "PAGE_SIZE": 100,
    "EXCEPTION_HANDLER": "common.api.exception_handler",
}
REST_KNOX = {
    "TOKEN_TTL": timedelta(days=env.int("EVENTSARB_API_TOKEN_TTL_DAYS", default=30)),
    "AUTH_HEADER_PREFIX": "Token",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "eventsarb API",
    "DESCRIPTION": "Cross-venue event-contract arbitrage: markets, pairs, books, opportunities.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # The schema and its docs page need a login like every other /api/ route.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
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
        "OutcomeSetKindEnum": "similarity.models.OutcomeSet.Kind",
        "OutcomeSetStatusEnum": "similarity.models.OutcomeSet.Status",
        "BasketKindEnum": "arbitrage.models.BasketOpportunity.Kind",
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
# Processes judging a full matching run (0: one per CPU; 1: in the worker itself).
EVENTSARB_MATCHING_WORKERS = env.int("EVENTSARB_MATCHING_WORKERS", default=0)
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
