"""Dashboard pages: each role (anonymous, user, staff), templates, DB effects, query counts."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertTemplateUsed

from arbitrage.models import PairScanState, SpreadStat
from markets.services import order_books_pull
from platforms.models import Platform
from similarity.models import MarketPair
from similarity.selectors import market_list_watched
from trading.models import ArbAttempt, DriftFlag, Fill, KillSwitch, Order, RiskRefusal
from trading.selectors import kill_switch_active

pytestmark = pytest.mark.django_db

PAGES = [
    ("dashboard:home", {}),
    ("dashboard:pair_list", {}),
    ("dashboard:pair_detail", {"pair_id": 1}),
    ("dashboard:trading", {}),
    ("dashboard:health", {}),
]


@pytest.mark.parametrize(("name", "kwargs"), PAGES)
def test_pages_need_login(client, name, kwargs):
    url = reverse(name, kwargs=kwargs)
    resp = client.get(url)
    assert resp.status_code == 302
    assert resp["Location"].startswith(reverse("login"))


def test_expired_session_sends_htmx_poll_to_login(client):
    resp = client.get(
        reverse("dashboard:home"), HTTP_HX_REQUEST="true", HTTP_HX_CURRENT_URL="http://testserver/"
    )
    assert resp.status_code == 200
    assert resp["HX-Redirect"] == f"{reverse('login')}?next=%2F"


def test_login_page_renders(client):
    resp = client.get(reverse("login"))
    assert resp.status_code == 200
    assertTemplateUsed(resp, "registration/login.html")


def test_login_then_land_on_opportunities(client, plain_user):
    resp = client.post(reverse("login"), {"username": "viewer", "password": "pw-viewer-123"})
    assert resp.status_code == 302
    assert client.get(resp["Location"]).status_code == 200


def test_home_lists_open_opportunities_most_profitable_first(
    client, plain_user, make_pair, make_opportunity, django_assert_max_num_queries
):
    pairs = [make_pair(i, status=MarketPair.Status.APPROVED) for i in range(5)]
    for i, pair in enumerate(pairs):
        make_opportunity(pair, net_profit=f"{i + 1}.25")
    make_opportunity(pairs[0], net_profit="9.99", direction="no_a_yes_b", closed_at=timezone.now())
    client.force_login(plain_user)
    # Session, user, opportunities (one join), venues: a constant, whatever the row count.
    with django_assert_max_num_queries(6):
        resp = client.get(reverse("dashboard:home"))
    assert resp.status_code == 200
    assertTemplateUsed(resp, "dashboard/home.html")
    body = resp.content.decode()
    assert "5.25" in body
    assert "1.25" in body
    assert "9.99" not in body  # closed
    assert body.index("5.25") < body.index("1.25")
    assert 'hx-trigger="every 2s"' in body


def test_home_htmx_poll_returns_only_the_live_fragment(client, plain_user, make_pair, make_opportunity):
    make_opportunity(make_pair(0, status=MarketPair.Status.APPROVED), net_profit="3.10")
    client.force_login(plain_user)
    resp = client.get(reverse("dashboard:home"), HTTP_HX_REQUEST="true")
    assert resp.status_code == 200
    assertTemplateUsed(resp, "dashboard/_live.html")
    body = resp.content.decode()
    assert "3.10" in body
    assert "<html" not in body
    assert "HX-Request" in resp["Vary"]


def test_home_shows_each_venue_error_when_sync_failed(client, plain_user, db):
    Platform.objects.create(
        slug="test_kalshi", name="Test K", last_error="catalog sync: PlatformUnavailable: no route",
        last_error_at=timezone.now(),
    )
    client.force_login(plain_user)
    body = client.get(reverse("dashboard:home")).content.decode()
    assert "catalog sync: PlatformUnavailable: no route" in body
    # The other enabled venue has no row yet and is still named.
    assert "test_polymarket" in body


def test_pair_list_filters(client, plain_user, make_pair, django_assert_max_num_queries):
    approved = make_pair(0, status=MarketPair.Status.APPROVED)
    proposed = make_pair(1, relation=MarketPair.Relation.RELATED)
    client.force_login(plain_user)
    url = reverse("dashboard:pair_list")
    with django_assert_max_num_queries(5):
        resp = client.get(url)
    assert resp.status_code == 200
    assertTemplateUsed(resp, "dashboard/pair_list.html")
    assert list(resp.context["page"]) == [approved, proposed]
    assert list(client.get(url, {"status": "approved"}).context["page"]) == [approved]
    assert list(client.get(url, {"relation": "related"}).context["page"]) == [proposed]
    assert list(client.get(url, {"platform": "test_polymarket"}).context["page"]) == [
        approved, proposed
    ]
    assert list(client.get(url, {"platform": "kalshi"}).context["page"]) == []
    word = proposed.market_a.title.split()[-2]
    found = list(client.get(url, {"q": word}).context["page"])
    assert proposed in found
    assert approved not in found


def test_pair_list_bad_filter_is_400_naming_the_field(client, plain_user, synced):
    client.force_login(plain_user)
    resp = client.get(reverse("dashboard:pair_list"), {"status": "maybe"})
    assert resp.status_code == 400
    assert "status" in resp.context["form"].errors


def test_pair_detail_read_only_for_users(client, plain_user, make_pair):
    pair = make_pair(2, findings=[{"guard": "close_time", "level": "warn", "message": "closes 2h apart"}])
    client.force_login(plain_user)
    resp = client.get(reverse("dashboard:pair_detail", args=[pair.id]))
    assert resp.status_code == 200
    assertTemplateUsed(resp, "dashboard/pair_detail.html")
    body = resp.content.decode()
    assert pair.market_a.title in body
    assert "closes 2h apart" in body
    assert "review-form" not in body


def test_pair_detail_shows_books_charts_history_and_zscore(
    client, staff_user, make_pair, make_opportunity, django_assert_max_num_queries
):
    pair = make_pair(3, status=MarketPair.Status.APPROVED)
    order_books_pull(markets=market_list_watched())
    order_books_pull(markets=market_list_watched())  # an unchanged book stores nothing new; the chart still has a point
    make_opportunity(pair, net_profit="2.22", closed_at=timezone.now())
    SpreadStat.objects.create(pair=pair, zscore=2.5, last_spread=0.03, sample_count=10)
    PairScanState.objects.create(
        pair=pair, reason=PairScanState.GateReason.BOOK_STALE, detail="B book 45 s old",
        since=timezone.now(),
    )
    client.force_login(staff_user)
    with django_assert_max_num_queries(10):
        resp = client.get(reverse("dashboard:pair_detail", args=[pair.id]))
    body = resp.content.decode()
    pair.market_a.refresh_from_db()
    best_bid_a = pair.market_a.latest_book.yes_bids[0][0]
    assert best_bid_a in body
    assert "<svg" in body
    assert "<polyline" in body
    assert "2.22" in body
    assert 'id="zscore">2.50' in body
    assert "B book 45 s old" in body
    assert "review-form" in body


def test_pair_detail_404(client, plain_user, db):
    client.force_login(plain_user)
    assert client.get(reverse("dashboard:pair_detail", args=[999999])).status_code == 404


def test_staff_approves_pair(client, staff_user, make_pair):
    pair = make_pair(4)
    client.force_login(staff_user)
    resp = client.post(
        reverse("dashboard:pair_review", args=[pair.id]),
        {"decision": "approve", "relation": "identical", "orientation": "same", "reason": "same rules"},
    )
    assert resp.status_code == 302
    assert resp["Location"] == reverse("dashboard:pair_detail", args=[pair.id])
    pair.refresh_from_db()
    assert pair.status == MarketPair.Status.APPROVED
    assert pair.reviewer == staff_user
    assert pair.reason == "same rules"
    assert pair.rules_hash_a == pair.market_a.rules_hash


def test_staff_rejects_pair_and_needs_a_reason(client, staff_user, make_pair):
    pair = make_pair(5)
    client.force_login(staff_user)
    url = reverse("dashboard:pair_review", args=[pair.id])
    resp = client.post(url, {"decision": "reject", "relation": "identical", "orientation": "same"})
    assert resp.status_code == 400
    assert "reason" in resp.context["form"].errors
    pair.refresh_from_db()
    assert pair.status == MarketPair.Status.PROPOSED
    resp = client.post(
        url, {"decision": "reject", "relation": "identical", "orientation": "same", "reason": "dates differ"}
    )
    assert resp.status_code == 302
    pair.refresh_from_db()
    assert pair.status == MarketPair.Status.REJECTED


@pytest.mark.parametrize("role", ["anonymous", "user"])
def test_non_staff_cannot_review(client, plain_user, make_pair, role):
    pair = make_pair(6)
    if role == "user":
        client.force_login(plain_user)
    resp = client.post(
        reverse("dashboard:pair_review", args=[pair.id]),
        {"decision": "approve", "relation": "identical", "orientation": "same", "reason": ""},
    )
    assert resp.status_code == 403
    pair.refresh_from_db()
    assert pair.status == MarketPair.Status.PROPOSED


def test_review_is_post_only(client, staff_user, make_pair):
    pair = make_pair(7)
    client.force_login(staff_user)
    assert client.get(reverse("dashboard:pair_review", args=[pair.id])).status_code == 405


def test_health_page_shows_rate_limit_and_progress(client, plain_user, db):
    now = timezone.now()
    Platform.objects.create(
        slug="test_kalshi", name="Test K", last_ok_at=now,
        rate_limited_until=now + timedelta(minutes=5),
        progress={"job": "catalog sync", "done": 30, "total": 120, "at": now.isoformat()},
    )
    client.force_login(plain_user)
    resp = client.get(reverse("dashboard:health"))
    assert resp.status_code == 200
    assertTemplateUsed(resp, "dashboard/health.html")
    body = resp.content.decode()
    assert "limited until" in body
    assert "catalog sync 30/120" in body
    assert 'value="25"' in body


def _attempt(pair, uid, pnl, finished_at, mode="paper"):
    attempt = ArbAttempt.objects.create(
        uid=uid, pair=pair, direction="yes_a_no_b", mode=mode, leg1="a", planned_size=Decimal("10"),
        expected_net_profit=Decimal("0.5"), realised_pnl=pnl, finished_at=finished_at,
        state=ArbAttempt.State.COMPLETE, is_open=False,
    )
    order = Order.objects.create(
        attempt=attempt, leg="a", role=Order.Role.LEG1, mode=mode, platform_slug="test_kalshi",
        market=pair.market_a, outcome="yes", action="buy", limit_price=Decimal("0.41"),
        size=Decimal("10"), client_order_id=f"cid-{uid}", status=Order.Status.FILLED,
        filled_size=Decimal("10"), average_price=Decimal("0.405"),
    )
    Fill.objects.create(
        order=order, venue_fill_id=f"f-{uid}", price=Decimal("0.405"), size=Decimal("10"),
        fee=Decimal("0.07"), ts=finished_at,
    )
    return attempt


def test_trading_page_lists_journal_and_pnl(
    client, plain_user, make_pair, django_assert_max_num_queries
):
    now = timezone.now()
    pairs = [make_pair(i, status=MarketPair.Status.APPROVED) for i in range(3)]
    for i, pair in enumerate(pairs):
        _attempt(pair, f"att{i}a", Decimal("1.25"), now - timedelta(days=1))
        _attempt(pair, f"att{i}b", Decimal("-0.40"), now)
    DriftFlag.objects.create(
        kind=DriftFlag.Kind.UNHEDGED, platform_slug="test_kalshi", key="k1",
        message="leg b unfilled: 10 contracts unhedged",
    )
    RiskRefusal.objects.create(
        pair=pairs[0], mode="paper", code="max_notional", message="notional 500 > 100",
        count=3, last_at=now,
    )
    client.force_login(plain_user)
    with django_assert_max_num_queries(14):
        resp = client.get(reverse("dashboard:trading"))
    assert resp.status_code == 200
    assertTemplateUsed(resp, "dashboard/trading.html")
    assert [r["pnl"] for r in resp.context["pnl_days"]] == [Decimal("3.75"), Decimal("-1.20")]
    assert resp.context["pnl_total"] == Decimal("2.55")
    assert {r["pnl"] for r in resp.context["pnl_pairs"]} == {Decimal("0.85")}
    body = resp.content.decode()
    assert "att2b" in body
    assert "cid-att0a" in body
    assert body.count('class="bar') == 2
    assert "10 contracts unhedged" in body
    assert "notional 500 &gt; 100" in body
    assert "kill-switch-form" not in body


def test_health_shows_mode_and_kill_switch_buttons_only_for_staff(client, plain_user, staff_user, db):
    client.force_login(plain_user)
    body = client.get(reverse("dashboard:health")).content.decode()
    assert 'id="trading-mode">paper' in body
    assert "kill-switch-form" not in body
    client.force_login(staff_user)
    assert "kill-switch-form" in client.get(reverse("dashboard:health")).content.decode()


def test_staff_flips_kill_switch_on_and_off(client, staff_user, db):
    client.force_login(staff_user)
    url = reverse("dashboard:kill_switch_toggle")
    resp = client.post(url, {"enabled": "on", "reason": "venue outage"})
    assert resp.status_code == 302
    assert kill_switch_active()
    switch = KillSwitch.objects.get()
    assert switch.changed_by == staff_user
    assert switch.reason == "venue outage"
    assert "ON" in client.get(reverse("dashboard:health")).content.decode()
    # Resuming needs a reason.
    resp = client.post(url, {"enabled": "off"})
    assert resp.status_code == 400
    assert kill_switch_active()
    resp = client.post(url, {"enabled": "off", "reason": "venue back"})
    assert resp.status_code == 302
    assert not kill_switch_active()


@pytest.mark.parametrize("role", ["anonymous", "user"])
def test_non_staff_cannot_flip_kill_switch(client, plain_user, role):
    if role == "user":
        client.force_login(plain_user)
    resp = client.post(reverse("dashboard:kill_switch_toggle"), {"enabled": "on", "reason": "x"})
    assert resp.status_code == 403
    assert not kill_switch_active()
    assert not KillSwitch.objects.exists()
