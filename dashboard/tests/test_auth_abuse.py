"""Login brute force is locked out (django-axes), the API is throttled (DRF throttles), and
API tokens are hashed and expire (django-rest-knox)."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url_name", ["login", "admin:login"])
def test_thirty_wrong_passwords_then_the_right_one_does_not_log_in(client, staff_user, url_name):
    url = reverse(url_name)
    for i in range(30):
        client.post(url, {"username": "staff", "password": f"wrong-{i}"})
    resp = client.post(url, {"username": "staff", "password": "pw-staff-123"})
    assert resp.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_few_mistakes_do_not_lock_a_user_out(client, staff_user):
    url = reverse("login")
    for i in range(3):
        client.post(url, {"username": "staff", "password": f"wrong-{i}"})
    resp = client.post(url, {"username": "staff", "password": "pw-staff-123"})
    assert resp.status_code == 302
    assert client.session["_auth_user_id"] == str(staff_user.pk)


def test_the_lockout_ends_after_the_cooloff(client, staff_user, settings):
    url = reverse("login")
    for i in range(10):
        client.post(url, {"username": "staff", "password": f"wrong-{i}"})
    with time_machine.travel(timedelta(hours=1)):
        resp = client.post(url, {"username": "staff", "password": "pw-staff-123"})
    assert resp.status_code == 302


def test_api_is_throttled_per_user_in_the_error_shape(plain_user, monkeypatch):
    from django.core.cache import cache
    from rest_framework.throttling import SimpleRateThrottle

    cache.clear()
    monkeypatch.setattr(SimpleRateThrottle, "THROTTLE_RATES", {"user": "5/min", "anon": "5/min"})
    api = APIClient()
    api.force_authenticate(plain_user)
    codes = [api.get("/api/kill-switch/").status_code for _ in range(6)]
    assert codes == [200] * 5 + [429]
    resp = api.get("/api/kill-switch/")
    assert resp.json()["error"]["code"] == "throttled"
    assert "Retry-After" in resp


def test_create_api_token_prints_a_token_that_authenticates(plain_user):
    out = StringIO()
    call_command("create_api_token", "viewer", stdout=out)
    token = out.getvalue().strip().splitlines()[-1]
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get("/api/kill-switch/").status_code == 200


def test_tokens_are_stored_hashed(plain_user):
    from knox.models import AuthToken

    out = StringIO()
    call_command("create_api_token", "viewer", stdout=out)
    token = out.getvalue().strip().splitlines()[-1]
    row = AuthToken.objects.get(user=plain_user)
    assert token not in (row.digest, row.token_key)
    assert len(row.digest) == 128  # SHA-512 hex


def test_tokens_expire(plain_user):
    out = StringIO()
    call_command("create_api_token", "viewer", "--ttl-hours", "1", stdout=out)
    token = out.getvalue().strip().splitlines()[-1]
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get("/api/kill-switch/").status_code == 200
    with time_machine.travel(timedelta(hours=2)):
        resp = api.get("/api/kill-switch/")
    assert resp.status_code == 401


def test_create_api_token_revokes_with_a_flag(plain_user):
    out = StringIO()
    call_command("create_api_token", "viewer", stdout=out)
    token = out.getvalue().strip().splitlines()[-1]
    call_command("create_api_token", "viewer", "--revoke-all", stdout=StringIO())
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get("/api/kill-switch/").status_code == 401


@pytest.mark.parametrize(
    ("count", "forwarded", "expected"),
    [(0, "6.6.6.6", "10.0.0.9"), (1, "6.6.6.6, 1.2.3.4", "1.2.3.4"), (2, "1.2.3.4", "10.0.0.9")],
)
def test_client_ip_trusts_only_the_configured_proxies(settings, rf, count, forwarded, expected):
    from common.auth import client_ip

    settings.TRUSTED_PROXY_COUNT = count
    request = rf.get("/", HTTP_X_FORWARDED_FOR=forwarded, REMOTE_ADDR="10.0.0.9")
    assert client_ip(request) == expected
