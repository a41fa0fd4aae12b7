"""Baskets on the dashboard and the API: login required, pages render the set's members with
their books and legs, lists filter and refuse bad parameters with a 400 naming them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from pytest_django.asserts import assertTemplateUsed

from arbitrage.baskets import basket_scan, basket_spread_stats_update
from arbitrage.models import BasketOpportunity
from arbitrage.tests import factories as f

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 29, 12, tzinfo=UTC)


@pytest.fixture
def basket():
    a = f.market("test_kalshi", "DA", fee_params=f.KALSHI_FEES, settles_at=NOW + timedelta(days=30))
    b = f.market("test_polymarket", "DB", fee_params=f.POLY_FEES, settles_at=NOW + timedelta(days=30))
    c = f.market("test_kalshi", "DC", settles_at=NOW + timedelta(days=30))
    f.book_put(a, bids=[("0.20", "10")], asks=[("0.30", "10"), ("0.40", "50")], checked_at=NOW)
    f.book_put(b, bids=[("0.25", "10")], asks=[("0.31", "30")], checked_at=NOW)
    f.book_put(c, bids=[("0.30", "10")], asks=[("0.33", "40")], checked_at=NOW)
    s = f.outcome_set([a, b, c], exhaustive=True)
    basket_scan(now=NOW)
    basket_spread_stats_update(now=NOW)
    basket_spread_stats_update(now=NOW + timedelta(seconds=30))
    return BasketOpportunity.objects.get(), s, (a, b, c)


@pytest.mark.parametrize("name", ["dashboard:basket_list", "dashboard:basket_detail"])
def test_basket_pages_need_login(client, name):
    kwargs = {"basket_id": 1} if name.endswith("detail") else {}
    resp = client.get(reverse(name, kwargs=kwargs))
    assert resp.status_code == 302
    assert resp["Location"].startswith(reverse("login"))


def test_basket_list_shows_open_baskets(client, plain_user, basket):
    opp, s, _ = basket
    client.force_login(plain_user)
    resp = client.get(reverse("dashboard:basket_list"))
    assert resp.status_code == 200
    assertTemplateUsed(resp, "dashboard/basket_list.html")
    body = resp.content.decode()
    assert f'data-basket="{opp.id}"' in body
    assert f"set:{s.id}:yes" in body
    assert '<td class="num ok">0.36</td>' in body  # net profit 0.36444
    assert resp.context["set_counts"] == {"proposed": 0, "approved": 1, "rejected": 0}
    assert "review them" not in body  # no review permission, no link


def test_basket_detail_shows_members_books_legs_and_history(client, plain_user, basket):
    opp, _, (a, b, c) = basket
    client.force_login(plain_user)
    resp = client.get(reverse("dashboard:basket_detail", kwargs={"basket_id": opp.id}))
    assert resp.status_code == 200
    assertTemplateUsed(resp, "dashboard/basket_detail.html")
    body = resp.content.decode()
    for m in (a, b, c):
        assert f'data-market="{m.id}"' in body
    assert "bought: <b>YES</b> on test_polymarket up to 0.31" in body
    assert body.count('class="grid book"') == 3  # each member's book, best levels
    assert "<svg class=\"chart\"" in body  # the spread history (two samples)
    assert 'id="basket-history"' in body
    assert len(resp.context["history"]) == 1


def test_missing_basket_is_404(client, plain_user):
    client.force_login(plain_user)
    assert client.get(reverse("dashboard:basket_detail", kwargs={"basket_id": 999})).status_code == 404


def test_api_needs_login(client, basket):
    opp, s, _ = basket
    for url in ("/api/baskets/", f"/api/baskets/{opp.id}/", "/api/outcome-sets/", f"/api/outcome-sets/{s.id}/"):
        assert client.get(url).status_code in (401, 403)


def test_api_lists_baskets_with_their_legs_and_detail_with_inputs(client, plain_user, basket):
    opp, s, (a, b, c) = basket
    client.force_login(plain_user)
    data = client.get("/api/baskets/", {"open": "true", "kind": "set_yes", "outcome_set": s.id}).json()
    [row] = data["results"]
    assert (row["id"], row["net_profit"], row["payout_per_unit"]) == (opp.id, "0.364440", "1.000000")
    assert [(leg["market_id"], leg["side"]) for leg in row["legs"]] == [
        (a.id, "yes"), (b.id, "yes"), (c.id, "yes")
    ]
    assert client.get("/api/baskets/", {"kind": "set_no"}).json()["results"] == []
    detail = client.get(f"/api/baskets/{opp.id}/").json()
    assert detail["inputs"]["payout_per_unit"] == "1"
    sets = client.get("/api/outcome-sets/", {"status": "approved", "market": a.id}).json()["results"]
    assert [m["market"]["id"] for m in sets[0]["members"]] == [a.id, b.id, c.id]
    assert client.get(f"/api/outcome-sets/{s.id}/").json()["exhaustive"] is True


@pytest.mark.parametrize(
    ("url", "params", "field"),
    [
        ("/api/baskets/", {"kind": "everything"}, "kind"),
        ("/api/baskets/", {"open": "perhaps"}, "open"),
        ("/api/baskets/", {"outcome_set": "-1"}, "outcome_set"),
        ("/api/baskets/", {"min_net_profit": "1e400"}, "min_net_profit"),
        ("/api/baskets/", {"ordering": "legs"}, "ordering"),
        ("/api/outcome-sets/", {"status": "maybe"}, "status"),
        ("/api/outcome-sets/", {"market": "99999999999999999999"}, "market"),
        ("/api/outcome-sets/", {"q": "x" * 201}, "q"),
    ],
)
def test_api_bad_parameters_are_400_naming_them(client, plain_user, url, params, field):
    client.force_login(plain_user)
    resp = client.get(url, params)
    assert resp.status_code == 400
    assert field in resp.json()["error"]["fields"]


def test_reviewers_get_a_link_to_the_sets_awaiting_review(client, reviewer_user, basket):
    client.force_login(reviewer_user)
    body = client.get(reverse("dashboard:basket_list")).content.decode()
    assert reverse("admin:similarity_outcomeset_changelist") + "?status__exact=proposed" in body


def test_admin_lists_basket_opportunities_and_spreads(client, staff_user, basket):
    opp, _, _ = basket
    client.force_login(staff_user)
    for name in ("admin:arbitrage_basketopportunity_changelist", "admin:arbitrage_basketspreadstat_changelist"):
        resp = client.get(reverse(name))
        assert resp.status_code == 200
        assert opp.basket_key in resp.content.decode()
    assert client.get(reverse("admin:arbitrage_basketopportunity_change", args=[opp.pk])).status_code == 200


def test_basket_list_queries_do_not_grow_with_baskets(client, plain_user):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def implication(i):
        a = f.market("test_kalshi", f"IA{i}", settles_at=NOW + timedelta(days=30))
        b = f.market("test_polymarket", f"IB{i}", settles_at=NOW + timedelta(days=30))
        f.book_put(a, bids=[("0.60", "10")], asks=[("0.65", "10")], checked_at=NOW)
        f.book_put(b, bids=[("0.50", "10")], asks=[("0.55", "10")], checked_at=NOW)
        f.pair(a, b, relation="a_implies_b")

    def page_queries():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("dashboard:basket_list")).status_code == 200
        return len(ctx.captured_queries)

    client.force_login(plain_user)
    implication(0)
    basket_scan(now=NOW)
    one = page_queries()
    for i in range(1, 4):
        implication(i)
    basket_scan(now=NOW)
    assert BasketOpportunity.objects.filter(closed_at__isnull=True).count() == 4
    assert page_queries() == one
