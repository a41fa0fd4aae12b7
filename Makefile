# eventsarb: `make run` and `make test` do all set-up on a fresh clone.
SHELL := /bin/bash
PY := .venv/bin/python
PIP := .venv/bin/pip
PIP_INSTALL := $(PIP) install --disable-pip-version-check -q -c constraints.txt

.PHONY: setup setup-dev run demo test db browser lint check-deploy screenshots migrate worker beat web engine streambooks bench clean

# `make run`, `make demo` and their migrate are the embedded dev default: DEBUG on (a dev
# secret key, plain http on 127.0.0.1) unless the environment or .env says otherwise. Every
# other target runs the production settings, which need a strong DJANGO_SECRET_KEY.
DEV_DEBUG := $(or $(DJANGO_DEBUG),$(shell sed -n 's/^DJANGO_DEBUG=//p' .env 2>/dev/null | tail -n 1),true)

.venv/.runtime: requirements.txt constraints.txt
	test -x $(PY) || python3.11 -m venv .venv
	# torch first and exactly 2.13.0 (a CPU build on disk here); anything else downloads GBs.
	$(PIP_INSTALL) torch==2.13.0
	$(PIP_INSTALL) -r requirements.txt
	touch $@

.venv/.dev: .venv/.runtime requirements-dev.txt
	$(PIP_INSTALL) -r requirements-dev.txt
	touch $@

setup: .venv/.runtime
setup-dev: .venv/.dev

migrate: setup
	mkdir -p var
	DJANGO_DEBUG=$(DEV_DEBUG) $(PY) manage.py migrate --noinput

run: migrate
	DJANGO_DEBUG=$(DEV_DEBUG) $(PY) manage.py ensure_admin
	DJANGO_DEBUG=$(DEV_DEBUG) bin/run-embedded

demo: setup
	mkdir -p var
	DJANGO_DEBUG=$(DEV_DEBUG) EVENTSARB_VENUES=test_kalshi,test_polymarket EVENTSARB_SQLITE_PATH=var/demo.sqlite3 $(PY) manage.py migrate --noinput
	DJANGO_DEBUG=$(DEV_DEBUG) EVENTSARB_VENUES=test_kalshi,test_polymarket EVENTSARB_SQLITE_PATH=var/demo.sqlite3 $(PY) manage.py seed_demo
	DJANGO_DEBUG=$(DEV_DEBUG) EVENTSARB_VENUES=test_kalshi,test_polymarket EVENTSARB_SQLITE_PATH=var/demo.sqlite3 EVENTSARB_BOOKS_INTERVAL_S=2 EVENTSARB_SCAN_INTERVAL_S=2 CELERY_BROKER_URL= DATABASE_URL= bin/run-embedded

# Production-like processes (docker-compose.yml runs these same commands).
web: migrate
	.venv/bin/gunicorn eventsarb.wsgi --bind 0.0.0.0:8000 --workers 3
worker: setup
	.venv/bin/celery -A eventsarb worker -Q default,ingest,trading --loglevel=INFO
beat: setup
	.venv/bin/celery -A eventsarb beat --loglevel=INFO --schedule var/celerybeat-schedule
engine: migrate
	$(PY) manage.py runengine
streambooks: migrate
	$(PY) manage.py streambooks

db:
	bin/ensure-services

# The browser tests drive Debian's Chromium (installed here when missing).
browser:
	bin/ensure-browser

test: setup-dev db browser
	.venv/bin/pytest -q -n 2 --create-db

screenshots: setup-dev db browser
	EVENTSARB_SCREENSHOT_DIR=docs/screenshots .venv/bin/pytest -q -m browser dashboard/tests/test_browser.py


# Django's deployment checks in docker-compose.yml's configuration, with a fresh key.
check-deploy: setup-dev
	$(PY) bin/check-deploy

lint: setup-dev
	.venv/bin/ruff check .
	.venv/bin/lint-imports
	.venv/bin/mypy .

bench: setup-dev db
	bin/bench

clean:
	rm -rf var .venv
