"""Stored URLs render as links only when http(s); a reason cannot forge a log line; the
cached opportunity list never serves one Host's links to another."""

from __future__ import annotations

import logging

import pytest
from django.urls import reverse

from markets.models import Market

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("url", "linked"),
    [
        ("javascript:alert(1)", False), ("JaVaScRiPt:alert(1)", False), (" javascript:alert(1)", False),
        ("data:text/html,<script>alert(1)</script>", False), ("//evil.example/x", False),
        ("vbscript:msgbox(1)", False), ("https://kalshi.com/markets/x", True),
        ("http://example.com/y", True),
    ],
)
def test_pair_page_links_only_http_urls(client, plain_user, make_pair, url, linked):
    pair = make_pair(0)
    Market.objects.filter(pk=pair.market_a_id).update(url=url)
    client.force_login(plain_user)
    body = client.get(reverse("dashboard:pair_detail", args=[pair.id])).content.decode()
    assert ('href="javascript' in body.lower()) is False
    assert (f'href="{url}"' in body) is linked


def test_kill_switch_reason_cannot_forge_a_log_line(api_staff, db):
    import io

    from django.conf import settings
    from django.utils.module_loading import import_string

    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    # The console formatter exactly as settings.LOGGING configures it.
    config = dict(settings.LOGGING["formatters"]["plain"])
    handler.setFormatter(import_string(config.pop("()"))(**config))
    logger = logging.getLogger("trading.services")
    logger.addHandler(handler)
    try:
        forged = "maintenance\n2026-01-01 00:00:00,000 WARNING trading.services kill switch off by admin: ok"
        resp = api_staff.post("/api/kill-switch/set/", {"enabled": True, "reason": forged}, format="json")
    finally:
        logger.removeHandler(handler)
    assert resp.status_code == 200
    lines = stream.getvalue().splitlines()
    assert len(lines) == 1
    assert "\\n2026-01-01" in lines[0]


def test_safe_formatter_keeps_tracebacks_multiline():
    from common.logging import SafeFormatter

    formatter = SafeFormatter("%(message)s")
    try:
        raise ValueError("boom")
    except ValueError:
        import sys

        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "a\r\nb\x1b[31m", None, sys.exc_info())
    text = formatter.format(record)
    assert text.splitlines()[0] == "a\\r\\nb\\x1b[31m"
    assert "Traceback" in text


def test_cached_opportunity_list_is_keyed_by_host(api_user, make_pair, make_opportunity, settings):
    settings.ALLOWED_HOSTS = ["a.example", "b.example"]
    for i in range(3):
        make_opportunity(make_pair(i), net_profit=f"{i + 1}.00")
    first = api_user.get("/api/opportunities/", {"page_size": 1}, HTTP_HOST="a.example").json()
    second = api_user.get("/api/opportunities/", {"page_size": 1}, HTTP_HOST="b.example").json()
    assert first["next"].startswith("http://a.example/")
    assert second["next"].startswith("http://b.example/")


def test_a_host_outside_allowed_hosts_is_refused(api_user, db, settings):
    settings.ALLOWED_HOSTS = ["a.example"]
    assert api_user.get("/api/opportunities/", HTTP_HOST="evil.example").status_code == 400
