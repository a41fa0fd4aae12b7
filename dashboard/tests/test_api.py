"""API endpoints: each role, filters, bad input, pagination, writes and their DB effect."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core.cache import cache
from django.utils import timezone

from arbitrage.apis import list_cache_key
from markets.models import Market
from markets.services import order_books_pull
from platforms.models import Platform
from platforms.testvenue import OUTCOME_EVENT_MARKETS
from similarity.models import MarketPair
from similarity.selectors import market_list_watched
from trading.models import ArbAttempt, Fill, KillSwitch, Order
from trading.selectors import kill_switch_active

pytestmark = pytest.mark.django_db

READ_URLS = [
    "/api/platforms/", "/api/markets/", "/api/pairs/", "/api/opportunities/", "/api/attempts/",
    "/api/orders/", "/api/fills/", "/api/pnl/", "/api/kill-switch/", "/api/get_market_pairs",
    "/api/get_order_books",
]


def _error(resp) -> dict:
    body = resp.json()
    assert set(body) == {"error"}
    assert set(body["error"]) == {"code", "message", "fields"}
    return body["error"]


@pytest.mark.parametrize("url", READ_URLS)
def test_anonymous_gets_error_shape(api_anon, url):
    resp = api_anon.get(url)
    assert resp.status_code == 401
    assert resp["WWW-Authenticate"] == "Token"
    assert _error(resp)["code"] == "not_authenticated"


@pytest.mark.parametrize("url", READ_URLS)
def test_user_with_token_reads(api_user, synced, url):
    assert api_user.get(url).status_code == 200


def test_token_auth_rejects_a_bad_token(api_anon, synced):
    api_anon.credentials(HTTP_AUTHORIZATION="Token not-a-real-token")
    resp = api_anon.get("/api/markets/")
    assert resp.status_code == 401
    assert _error(resp)["code"] == "authentication_failed"


def test_session_auth_works(client, plain_user, synced):
    client.force_login(plain_user)
    assert client.get("/api/markets/").status_code == 200


def test_markets_filters_and_cursor_pages(api_user, synced, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        resp = api_user.get("/api/markets/", {"platform": "test_kalshi", "page_size": 15})
    body = resp.json()
    assert len(body["results"]) == 15
    assert {m["platform"] for m in body["results"]} == {"test_kalshi"}
    seen = [m["id"] for m in body["results"]]
    url = body["next"]
    while url:
        body = api_user.get(url).json()
        seen += [m["id"] for m in body["results"]]
        url = body["next"]
    assert sorted(seen, reverse=True) == seen
    listed = 40 + OUTCOME_EVENT_MARKETS  # the questions, then the multi-outcome events' members
    assert len(set(seen)) == Market.objects.filter(platform__slug="test_kalshi").count() == listed
    crypto = api_user.get("/api/markets/", {"category": "crypto"}).json()["results"]
    assert crypto
    assert {m["category"] for m in crypto} == {"Crypto"}
    title_word = "Bitcoin"
    assert all(title_word in m["title"] for m in api_user.get("/api/markets/", {"q": title_word}).json()["results"])


@pytest.mark.parametrize(
    ("url", "params", "field"),
    [
        ("/api/markets/", {"status": "sideways"}, "status"),
        ("/api/markets/", {"closes_after": "yesterday"}, "closes_after"),
        ("/api/pairs/", {"relation": "cousin"}, "relation"),
        ("/api/pairs/", {"platform": "nyse"}, "platform"),
        ("/api/markets/", {"platform": "nyse"}, "platform"),
        ("/api/pairs/", {"min_similarity": "high"}, "min_similarity"),
        ("/api/opportunities/", {"pair": "first"}, "pair"),
        ("/api/opportunities/", {"ordering": "-password"}, "ordering"),
        ("/api/attempts/", {"state": "dreaming"}, "state"),
        ("/api/orders/", {"ordering": "secret"}, "ordering"),
        ("/api/fills/", {"since": "long ago"}, "since"),
        ("/api/get_market_pairs", {"status": "nope"}, "status"),
    ],
)
def test_bad_filter_is_400_naming_the_field(api_user, synced, url, params, field):
    resp = api_user.get(url, params)
    assert resp.status_code == 400
    error = _error(resp)
    assert field in error["fields"]
    assert field in error["message"]


def test_pairs_filters(api_user, make_pair):
    approved = make_pair(0, status=MarketPair.Status.APPROVED, similarity=0.95)
    related = make_pair(1, relation=MarketPair.Relation.RELATED, similarity=0.5)
    ids = lambda params: [p["id"] for p in api_user.get("/api/pairs/", params).json()["results"]]  # noqa: E731
    assert ids({}) == [related.id, approved.id]
    assert ids({"status": "approved"}) == [approved.id]
    assert ids({"relation": "related"}) == [related.id]
    assert ids({"min_similarity": "0.9"}) == [approved.id]
    assert ids({"platform": "kalshi"}) == []
    assert ids({"ordering": "id"}) == [approved.id, related.id]
    detail = api_user.get(f"/api/pairs/{approved.id}/").json()
    assert detail["market_a"]["platform"] == "test_kalshi"
    assert detail["market_b"]["platform"] == "test_polymarket"


def test_pair_books_and_market_books(api_user, make_pair, django_assert_max_num_queries):
    pair = make_pair(0, status=MarketPair.Status.APPROVED)
    no_book = api_user.get(f"/api/pairs/{pair.id}/books/").json()
    assert no_book["book_a"] is None
    assert api_user.get(f"/api/markets/{pair.market_a_id}/book/").status_code == 404
    order_books_pull(markets=market_list_watched())
    with django_assert_max_num_queries(3):
        body = api_user.get(f"/api/pairs/{pair.id}/books/").json()
    pair.market_a.refresh_from_db()
    assert body["book_a"]["yes_bids"] == pair.market_a.latest_book.yes_bids
    assert body["book_b"]["market_id"] == pair.market_b_id
    latest = api_user.get(f"/api/markets/{pair.market_a_id}/book/").json()
    assert latest["id"] == pair.market_a.latest_book_id
    history = api_user.get(f"/api/markets/{pair.market_a_id}/books/").json()
    assert [b["id"] for b in history["results"]] == [pair.market_a.latest_book_id]
    future = (timezone.now() + timedelta(hours=1)).isoformat()
    assert api_user.get(f"/api/markets/{pair.market_a_id}/books/", {"since": future}).json()["results"] == []
    assert api_user.get("/api/markets/999999/books/").status_code == 404
    assert api_user.get("/api/pairs/999999/books/").status_code == 404


def test_opportunities_list_open_most_profitable_first(
    api_user, make_pair, make_opportunity, django_assert_max_num_queries
):
    pairs = [make_pair(i, status=MarketPair.Status.APPROVED) for i in range(4)]
    opps = [make_opportunity(p, net_profit=f"{i}.50") for i, p in enumerate(pairs)]
    closed = make_opportunity(pairs[0], net_profit="9.00", direction="no_a_yes_b", closed_at=timezone.now())
    with django_assert_max_num_queries(3):
        body = api_user.get("/api/opportunities/", {"open": "true"}).json()
    assert [o["id"] for o in body["results"]] == [o.id for o in reversed(opps)]
    assert body["results"][0]["net_profit"] == "3.500000"
    assert body["results"][0]["platform_a"] == "test_kalshi"
    everything = api_user.get("/api/opportunities/").json()["results"]
    assert everything[0]["id"] == closed.id
    assert [o["id"] for o in api_user.get("/api/opportunities/", {"min_net_profit": "2"}).json()["results"]] == [
        closed.id, opps[3].id, opps[2].id
    ]
    detail = api_user.get(f"/api/opportunities/{opps[1].id}/").json()
    assert "inputs" in detail


def test_trading_journal_lists(api_user, make_pair):
    pair = make_pair(0, status=MarketPair.Status.APPROVED)
    attempt = ArbAttempt.objects.create(
        uid="a1", pair=pair, direction="yes_a_no_b", mode="paper", leg1="a",
        planned_size=Decimal("10"), expected_net_profit=Decimal("0.5"),
    )
    order = Order.objects.create(
        attempt=attempt, leg="a", role=Order.Role.LEG1, mode="paper", platform_slug="test_kalshi",
        market=pair.market_a, outcome="yes", action="buy", limit_price=Decimal("0.4"),
        size=Decimal("10"), client_order_id="cid-a1",
    )
    Fill.objects.create(
        order=order, venue_fill_id="f1", price=Decimal("0.4"), size=Decimal("10"),
        fee=Decimal("0.05"), ts=timezone.now(),
    )
    assert [a["uid"] for a in api_user.get("/api/attempts/", {"pair": pair.id}).json()["results"]] == ["a1"]
    assert api_user.get("/api/attempts/", {"state": "complete"}).json()["results"] == []
    assert [o["client_order_id"] for o in api_user.get("/api/orders/", {"attempt": attempt.id}).json()["results"]] == ["cid-a1"]
    fills = api_user.get("/api/fills/", {"attempt": attempt.id}).json()["results"]
    assert fills[0]["attempt_id"] == attempt.id
    assert fills[0]["platform"] == "test_kalshi"


def test_realised_pnl_per_day_and_pair_with_mode_and_days_filters(api_user, make_pair):
    now = timezone.now()
    pair_a = make_pair(0, status=MarketPair.Status.APPROVED)
    pair_b = make_pair(1, status=MarketPair.Status.APPROVED)

    def finished(uid, pair, mode, pnl, days_ago):
        ArbAttempt.objects.create(
            uid=uid, pair=pair, direction="yes_a_no_b", mode=mode, leg1="a", state="complete",
            is_open=False, planned_size=Decimal("10"), expected_net_profit=Decimal("1"),
            realised_pnl=Decimal(pnl), finished_at=now - timedelta(days=days_ago),
        )

    finished("p1", pair_a, "paper", "1.25", 0)
    finished("p2", pair_a, "paper", "-0.50", 1)
    finished("l1", pair_b, "live", "2.00", 1)
    finished("old", pair_b, "live", "9.00", 40)  # outside the default 30 days
    ArbAttempt.objects.create(  # open: nothing realised yet
        uid="open", pair=pair_b, direction="yes_a_no_b", mode="live", leg1="a",
        planned_size=Decimal("10"), expected_net_profit=Decimal("1"),
    )
    body = api_user.get("/api/pnl/").json()
    assert (body["mode"], body["days"], body["attempts"]) == (None, 30, 3)
    assert Decimal(body["realised_total"]) == Decimal("2.75")
    assert [Decimal(d["realised_pnl"]) for d in body["by_day"]] == [Decimal("1.50"), Decimal("1.25")]
    assert [(p["pair_id"], p["mode"], Decimal(p["realised_pnl"]), p["attempts"])
            for p in body["by_pair"]] == [(pair_b.id, "live", Decimal(2), 1),
                                          (pair_a.id, "paper", Decimal("0.75"), 2)]
    assert body["by_pair"][0]["question"] == pair_b.market_a.title
    paper = api_user.get("/api/pnl/", {"mode": "paper"}).json()
    assert Decimal(paper["realised_total"]) == Decimal("0.75")
    assert {p["mode"] for p in paper["by_pair"]} == {"paper"}
    year = api_user.get("/api/pnl/", {"mode": "live", "days": 60}).json()
    assert (Decimal(year["realised_total"]), year["attempts"]) == (Decimal(11), 2)


@pytest.mark.parametrize(("params", "field"), [({"mode": "margin"}, "mode"), ({"days": 0}, "days"),
                                               ({"days": "x"}, "days")])
def test_pnl_bad_filter_is_400_naming_the_field(api_user, db, params, field):
    resp = api_user.get("/api/pnl/", params)
    assert resp.status_code == 400
    assert field in _error(resp)["fields"]


def test_platform_health(api_user, db):
    Platform.objects.create(slug="test_kalshi", name="K", last_error="catalog sync: boom", last_error_at=timezone.now())
    body = api_user.get("/api/platforms/").json()
    assert body[0]["slug"] == "test_kalshi"
    assert body[0]["healthy"] is False
    assert body[0]["last_error"] == "catalog sync: boom"


def test_seed_routes_keep_their_shape(api_user, make_pair):
    pair = make_pair(0, status=MarketPair.Status.APPROVED)
    make_pair(1)
    pairs = api_user.get("/api/get_market_pairs").json()
    assert isinstance(pairs, list)
    assert set(pairs[0]) == {"id", "status", "relation", "orientation", "similarity", "market_a", "market_b"}
    assert set(pairs[0]["market_a"]) == {"id", "platform", "external_id", "title", "close_time"}
    assert [p["id"] for p in api_user.get("/api/get_market_pairs", {"status": "approved"}).json()] == [pair.id]
    books = api_user.get("/api/get_order_books").json()
    assert {b["market_id"] for b in books} == {pair.market_a_id, pair.market_b_id}
    assert books[0]["captured_at"] is None
    assert books[0]["yes_bids"] == []
    order_books_pull(markets=market_list_watched())
    books = api_user.get("/api/get_order_books").json()
    assert set(books[0]) == {"market_id", "platform", "external_id", "captured_at", "checked_at", "yes_bids", "yes_asks"}
    assert books[0]["yes_bids"]


@pytest.mark.parametrize("role", ["anon", "user"])
def test_only_staff_may_write(request, make_pair, role):
    api = request.getfixturevalue(f"api_{role}")
    pair = make_pair(0)
    for url, data in [
        (f"/api/pairs/{pair.id}/approve/", {"relation": "identical", "orientation": "same"}),
        (f"/api/pairs/{pair.id}/reject/", {"reason": "no"}),
        ("/api/kill-switch/set/", {"enabled": True, "reason": "x"}),
    ]:
        resp = api.post(url, data, format="json")
        assert resp.status_code == (401 if role == "anon" else 403)
        _error(resp)
    pair.refresh_from_db()
    assert pair.status == MarketPair.Status.PROPOSED
    assert not KillSwitch.objects.exists()


def test_staff_approves_and_rejects(api_staff, staff_user, make_pair):
    pair = make_pair(0)
    resp = api_staff.post(
        f"/api/pairs/{pair.id}/approve/",
        {"relation": "identical", "orientation": "inverted", "reason": "checked"}, format="json",
    )
    assert resp.status_code == 200
    assert resp.json()["status"] == "approved"
    pair.refresh_from_db()
    assert (pair.status, pair.orientation, pair.reviewer) == ("approved", "inverted", staff_user)
    resp = api_staff.post(f"/api/pairs/{pair.id}/reject/", {}, format="json")
    assert resp.status_code == 400
    assert "reason" in _error(resp)["fields"]
    resp = api_staff.post(f"/api/pairs/{pair.id}/reject/", {"reason": "settles differently"}, format="json")
    assert resp.status_code == 200
    pair.refresh_from_db()
    assert pair.status == MarketPair.Status.REJECTED


def test_approve_bad_input_and_service_refusal(api_staff, make_pair):
    pair = make_pair(0)
    resp = api_staff.post(f"/api/pairs/{pair.id}/approve/", {"relation": "cousin"}, format="json")
    assert resp.status_code == 400
    assert set(_error(resp)["fields"]) == {"relation", "orientation"}
    resp = api_staff.post(
        f"/api/pairs/{pair.id}/approve/", {"relation": "different", "orientation": "same"}, format="json"
    )
    assert resp.status_code == 400
    assert _error(resp)["code"] == "application_error"
    assert api_staff.post("/api/pairs/999999/approve/", {}, format="json").status_code == 404


def test_staff_kill_switch(api_staff, api_user, staff_user):
    assert api_user.get("/api/kill-switch/").json()["active"] is False
    resp = api_staff.post("/api/kill-switch/set/", {"enabled": True, "reason": "maintenance"}, format="json")
    assert resp.status_code == 200
    assert resp.json()["active"] is True
    assert resp.json()["changed_by"] == staff_user.username
    assert kill_switch_active()
    state = api_user.get("/api/kill-switch/").json()
    assert (state["enabled"], state["reason"], state["trading_mode"]) == (True, "maintenance", "paper")
    resp = api_staff.post("/api/kill-switch/set/", {"enabled": False}, format="json")
    assert resp.status_code == 400
    assert "reason" in _error(resp)["fields"]
    resp = api_staff.post("/api/kill-switch/set/", {"enabled": False, "reason": "done"}, format="json")
    assert resp.json()["active"] is False
    assert not kill_switch_active()


def test_opportunity_list_is_served_from_a_short_cache(api_user, make_pair, make_opportunity):
    pair = make_pair(0, status=MarketPair.Status.APPROVED)
    first = make_opportunity(pair, net_profit="1.00")
    assert [o["id"] for o in api_user.get("/api/opportunities/").json()["results"]] == [first.id]
    second = make_opportunity(pair, net_profit="2.00", direction="no_a_yes_b")
    # Within the cache lifetime the same URL answers the same page...
    assert [o["id"] for o in api_user.get("/api/opportunities/").json()["results"]] == [first.id]
    # ...and a different query is computed afresh.
    assert [o["id"] for o in api_user.get("/api/opportunities/", {"open": "true"}).json()["results"]] == [
        second.id, first.id
    ]
    later = timezone.now() + timedelta(seconds=2)
    # Stale while another request is recomputing it: the previous page is still served.
    key = list_cache_key("http://testserver/api/opportunities/")
    cache.add(key + ":refreshing", 1)
    with time_machine.travel(later):
        assert len(api_user.get("/api/opportunities/").json()["results"]) == 1
    cache.delete(key + ":refreshing")
    # Stale and nobody recomputing: this request recomputes it.
    with time_machine.travel(later):
        assert len(api_user.get("/api/opportunities/").json()["results"]) == 2


def test_unknown_api_path_is_a_json_404(api_anon, api_user):
    for api in (api_anon, api_user):
        resp = api.get("/api/no-such-thing/")
        assert resp.status_code == 404
        assert _error(resp)["code"] == "not_found"


def test_missing_trailing_slash_still_redirects(api_user, db):
    resp = api_user.get("/api/markets")
    assert resp.status_code == 301
    assert resp["Location"] == "/api/markets/"


def test_opportunity_list_rows_match_the_detail_representation(api_user, make_pair, make_opportunity):
    pair = make_pair(0, status=MarketPair.Status.APPROVED)
    opp = make_opportunity(pair, net_profit="1.234567", annualised_return=None, closed_at=timezone.now())
    row = api_user.get("/api/opportunities/").json()["results"][0]
    detail = api_user.get(f"/api/opportunities/{opp.id}/").json()
    detail.pop("inputs")
    assert row == detail
    assert row["net_profit"] == "1.234567"
    assert row["annualised_return"] is None
    assert row["first_seen"].endswith("Z")
