"""Production settings from the environment: a weak key refuses to start, docker-compose's
configuration passes `check --deploy` clean, every response carries a CSP, and the embedded
dev default (DEBUG on) still works over plain http."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
# Fixed (test ids must agree across xdist workers); strong by the settings' rules.
STRONG = "test-only-" + "aB3dE6gH9jK2mN5pQ8sT" * 3


def _settings_env(**values: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update({"DJANGO_SETTINGS_MODULE": "eventsarb.settings", "DATABASE_URL": "", **values})
    return env


def _load_settings(**values: str) -> subprocess.CompletedProcess[str]:
    code = "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)"
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=_settings_env(**values),
        capture_output=True, text=True, timeout=60, check=False,
    )


@pytest.mark.parametrize(
    "key",
    [None, "insecure-dev-key-change-me", "change-me", "build", "short-key", "a" * 60,
     "django-insecure-" + STRONG],
)
def test_without_debug_a_missing_default_or_weak_key_refuses_to_start(key):
    values = {"DJANGO_DEBUG": "false"}
    if key is not None:
        values["DJANGO_SECRET_KEY"] = key
    result = _load_settings(**values)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_without_debug_a_strong_key_starts():
    result = _load_settings(DJANGO_DEBUG="false", DJANGO_SECRET_KEY=STRONG)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_without_debug_a_wildcard_host_refuses_to_start():
    result = _load_settings(DJANGO_DEBUG="false", DJANGO_SECRET_KEY=STRONG, DJANGO_ALLOWED_HOSTS="*")
    assert result.returncode != 0
    assert "DJANGO_ALLOWED_HOSTS" in result.stderr


def test_the_dev_default_needs_no_key_and_no_https():
    code = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.DEBUG, s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
        "s.SECURE_HSTS_SECONDS)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=_settings_env(DJANGO_DEBUG="true"),
        capture_output=True, text=True, timeout=60, check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "False", "False", "False", "0"]


def test_check_deploy_is_clean_in_the_compose_configuration():
    result = subprocess.run(
        [sys.executable, "bin/check-deploy"], cwd=ROOT, env=_settings_env(),
        capture_output=True, text=True, timeout=120, check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout + result.stderr


def test_compose_runs_production_settings_and_publishes_http_only_on_loopback():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    assert compose["x-app"]["environment"]["DJANGO_DEBUG"] == "false"
    assert compose["services"]["web"]["ports"] == ["127.0.0.1:8000:8000"]


def test_make_check_deploy_runs_in_ci_after_the_tests():
    ci = (ROOT / ".ci" / "run").read_text()
    assert ci.index("make test") < ci.index("make check-deploy") < ci.index("make lint")
    assert "bin/check-deploy" in (ROOT / "Makefile").read_text()


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/accounts/login/", "/healthz", "/api/pairs/"])
def test_every_response_carries_the_content_security_policy(client, url):
    policy = client.get(url)["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy


@pytest.mark.django_db
def test_only_the_swagger_page_allows_inline_styles(client, plain_user):
    client.force_login(plain_user)
    docs = client.get("/api/docs/")["Content-Security-Policy"]
    assert "style-src 'self' 'unsafe-inline'" in docs
    assert "script-src 'self';" in docs
    assert "unsafe-inline" not in client.get("/")["Content-Security-Policy"]


def test_no_template_has_an_inline_script_or_style():
    for path in (ROOT / "templates").rglob("*.html"):
        text = path.read_text()
        assert "<script>" not in text, path
        assert "<script type" not in text, path
        assert "<style" not in text, path
        assert ' style="' not in text, path
        assert " onclick=" not in text, path
        assert " hx-on" not in text, path
