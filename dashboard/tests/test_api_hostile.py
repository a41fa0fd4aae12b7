"""Crafted input the issue found answering 500: each is a 400 naming its parameter, in the
API's error shape. (The route walker in eventsarb/tests/test_fuzz_routes.py tries far more.)"""

from __future__ import annotations

import base64

import pytest

pytestmark = pytest.mark.django_db

CURSOR_LISTS = [
    "/api/markets/", "/api/pairs/", "/api/opportunities/", "/api/attempts/", "/api/orders/",
    "/api/fills/",
]
INT64_MAX = 2**63 - 1


def _error(resp) -> dict:
    body = resp.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "fields"}
    return body["error"]


def _b64(raw: str) -> str:
    return base64.b64encode(raw.encode()).decode()


@pytest.mark.parametrize("url", CURSOR_LISTS)
@pytest.mark.parametrize(
    "cursor", ["cD14", _b64("p=x"), _b64(f"p={2**64}"), _b64("p=1e999999"), _b64("p=\x00"), "!!!"]
)
def test_forged_cursor_is_400_naming_cursor(api_user, synced, url, cursor):
    resp = api_user.get(url, {"cursor": cursor})
    assert resp.status_code == 400
    assert "cursor" in _error(resp)["fields"]


def test_forged_cursor_on_book_history_is_400(api_user, synced):
    from markets.models import Market

    market = Market.objects.first()
    resp = api_user.get(f"/api/markets/{market.id}/books/", {"cursor": _b64("p=x")})
    assert resp.status_code == 400
    assert "cursor" in _error(resp)["fields"]


def test_a_real_cursor_still_pages(api_user, synced):
    first = api_user.get("/api/markets/", {"page_size": 5}).json()
    second = api_user.get(first["next"]).json()
    assert second["results"]
    assert second["results"][0]["id"] < first["results"][-1]["id"]


@pytest.mark.parametrize(
    ("url", "param"),
    [
        ("/api/opportunities/", "pair"), ("/api/attempts/", "pair"), ("/api/orders/", "attempt"),
        ("/api/fills/", "order"), ("/api/fills/", "attempt"),
    ],
)
@pytest.mark.parametrize("value", [str(INT64_MAX + 1), str(2**64), "9" * 40, "-1", "1.5"])
def test_id_filter_out_of_range_is_400_naming_it(api_user, db, url, param, value):
    resp = api_user.get(url, {param: value})
    assert resp.status_code == 400
    assert param in _error(resp)["fields"]


def test_id_filter_in_range_still_filters(api_user, db):
    assert api_user.get("/api/attempts/", {"pair": str(INT64_MAX)}).json()["results"] == []


@pytest.mark.parametrize(
    ("url", "param"),
    [
        ("/api/opportunities/", "min_net_profit"), ("/api/opportunities/", "min_return"),
        ("/api/pairs/", "min_similarity"),
    ],
)
@pytest.mark.parametrize("value", ["1e999999", "-1e999999", "9" * 40, "NaN"])
def test_number_filter_out_of_range_is_400_naming_it(api_user, db, url, param, value):
    resp = api_user.get(url, {param: value})
    assert resp.status_code == 400
    assert param in _error(resp)["fields"]


@pytest.mark.parametrize(
    ("url", "param"),
    [("/api/markets/", "q"), ("/api/pairs/", "q"), ("/api/markets/", "category"), ("/api/orders/", "platform")],
)
def test_text_filter_is_bounded(api_user, db, url, param):
    resp = api_user.get(url, {param: "x" * 5000})
    assert resp.status_code == 400
    assert param in _error(resp)["fields"]


@pytest.mark.parametrize("url", ["/api/schema/", "/api/docs/"])
def test_schema_and_docs_need_a_login(api_anon, url):
    assert api_anon.get(url).status_code == 401


def test_admin_empty_to_field_is_a_400_not_a_500(client, staff_user, synced):
    from django.urls import reverse

    from markets.models import Market

    client.raise_request_exception = False
    client.force_login(staff_user)
    market = Market.objects.first()
    resp = client.get(reverse("admin:markets_market_change", args=[market.pk]), {"_to_field": ""})
    assert resp.status_code == 400


@pytest.mark.parametrize("params", [{"relation": "\x00"}, {"q": "a\x00b"}, {"status__exact": "\x00"}])
def test_admin_nul_in_a_query_is_a_400_not_a_500(client, staff_user, db, params):
    from django.urls import reverse

    client.raise_request_exception = False
    client.force_login(staff_user)
    resp = client.get(reverse("admin:similarity_marketpair_changelist"), params)
    assert resp.status_code == 400
