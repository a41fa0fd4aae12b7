"""Outcome sets: proposals from venue structure, cross-venue alignment, review, re-review."""

from __future__ import annotations

from unittest import mock

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from common.errors import ApplicationError
from markets.models import Event, Market, rules_hash
from markets.services import UpsertResult
from platforms.models import Platform
from similarity.models import MarketPair, OutcomeSet
from similarity.outcome_sets import (
    outcome_set_approve,
    outcome_sets_align,
    outcome_sets_propose,
    outcome_sets_send_back_to_review,
)
from similarity.services import catalog_sync_and_review

pytestmark = pytest.mark.django_db


def _platform(slug: str) -> Platform:
    return Platform.objects.get_or_create(slug=slug, defaults={"name": slug})[0]


def _kalshi(event: str, ticker: str, label: str, *, exclusive: bool = True) -> Market:
    platform = _platform("kalshi")
    ev = Event.objects.get_or_create(platform=platform, external_id=event, defaults={"title": f"Who wins {event}?"})[0]
    return Market.objects.create(
        platform=platform, event=ev, external_id=ticker, title=f"Will {label} win?",
        outcome_label=label, rules_text=f"YES if {label} wins.", rules_hash=rules_hash(f"YES if {label} wins."),
        extra={"event_mutually_exclusive": exclusive},
    )


def _poly(group: str, cid: str, label: str, *, other: bool = False, augmented: bool = False) -> Market:
    return Market.objects.create(
        platform=_platform("polymarket"), external_id=cid, title=f"Will {label} win?",
        rules_text=f"YES if {label} wins.", rules_hash=rules_hash(f"YES if {label} wins."),
        extra={"neg_risk": True, "neg_risk_market_id": group, "neg_risk_other": other,
               "neg_risk_augmented": augmented, "group_item_title": label},
    )


def test_kalshi_mutually_exclusive_event_becomes_a_proposed_venue_set():
    a, b, c = (_kalshi("EV1", f"EV1-{x}", x) for x in ("Alice", "Bob", "Other"))
    _kalshi("EV2", "EV2-X", "X", exclusive=False)
    _kalshi("EV2", "EV2-Y", "Y", exclusive=False)

    result = outcome_sets_propose(platform_id=a.platform_id)

    assert (result.created, result.grown) == (1, 0)
    s = OutcomeSet.objects.get()
    assert (s.key, s.kind, s.status, s.exhaustive, s.open_ended) == ("kalshi:event:EV1", "venue", "proposed", False, False)
    members = {m.market_id: (m.label, m.is_catch_all) for m in s.members.all()}
    assert members == {a.id: ("Alice", False), b.id: ("Bob", False), c.id: ("Other", True)}
    # Idempotent: a second pass changes nothing.
    assert outcome_sets_propose(platform_id=a.platform_id).created == 0


def test_augmented_neg_risk_set_is_exhaustive_only_with_its_other_leg(staff_user):
    a = _poly("0xg1", "0xa", "Alice", augmented=True)
    _poly("0xg1", "0xb", "Bob", augmented=True)
    _poly("0xg2", "0xc", "Carol", augmented=True)
    _poly("0xg2", "0xd", "Dan", augmented=True)
    _poly("0xg2", "0xe", "Other", other=True, augmented=True)
    outcome_sets_propose(platform_id=a.platform_id)
    no_other = OutcomeSet.objects.get(key="polymarket:neg_risk:0xg1")
    with_other = OutcomeSet.objects.get(key="polymarket:neg_risk:0xg2")
    assert no_other.open_ended
    assert with_other.open_ended
    assert not no_other.may_be_exhaustive
    assert with_other.may_be_exhaustive

    with pytest.raises(ApplicationError, match="cannot be confirmed exhaustive"):
        outcome_set_approve(outcome_set=no_other, reviewer=staff_user, exhaustive=True)
    outcome_set_approve(outcome_set=no_other, reviewer=staff_user, exhaustive=False)
    outcome_set_approve(outcome_set=with_other, reviewer=staff_user, exhaustive=True)
    no_other.refresh_from_db()
    with_other.refresh_from_db()
    assert (no_other.status, no_other.exhaustive) == ("approved", False)
    assert (with_other.status, with_other.exhaustive) == ("approved", True)
    assert {m.rules_hash for m in with_other.members.all()} == {
        m.market.rules_hash for m in with_other.members.select_related("market")
    }


def test_a_new_member_sends_an_approved_set_back_to_review_through_catalog_sync(staff_user):
    a = _kalshi("EV1", "EV1-A", "Alice")
    _kalshi("EV1", "EV1-B", "Bob")
    outcome_sets_propose(platform_id=a.platform_id)
    s = OutcomeSet.objects.get()
    outcome_set_approve(outcome_set=s, reviewer=staff_user, exhaustive=True, reason="closed list")

    def sync_adds_a_candidate(*, slug):
        _kalshi("EV1", "EV1-C", "Carol")
        return UpsertResult(created=1)

    with mock.patch("similarity.services.catalog_sync", side_effect=sync_adds_a_candidate):
        catalog_sync_and_review(slug="kalshi")

    s.refresh_from_db()
    assert (s.status, s.exhaustive, s.open_ended) == ("proposed", False, True)
    assert "new member" in s.reason
    assert s.members.count() == 3
    # The event gained an outcome once: without a catch-all it can no longer be exhaustive.
    with pytest.raises(ApplicationError):
        outcome_set_approve(outcome_set=s, reviewer=staff_user, exhaustive=True)


def test_rules_change_sends_approved_sets_back(staff_user):
    a = _kalshi("EV1", "EV1-A", "Alice")
    _kalshi("EV1", "EV1-B", "Bob")
    outcome_sets_propose(platform_id=a.platform_id)
    s = OutcomeSet.objects.get()
    outcome_set_approve(outcome_set=s, reviewer=staff_user, exhaustive=False)
    assert outcome_sets_send_back_to_review(market_ids=[a.id]) == 1
    s.refresh_from_db()
    assert s.status == "proposed"


def test_cross_set_aligned_from_two_approved_sets_matched_by_identical_pairs(staff_user):
    k = [_kalshi("EV1", f"EV1-{x}", x) for x in ("Alice", "Bob")]
    p = [_poly("0xg", f"0x{x}", x) for x in ("Alice", "Bob", "Carol")]
    outcome_sets_propose(platform_id=k[0].platform_id)
    outcome_sets_propose(platform_id=p[0].platform_id)
    for s in OutcomeSet.objects.all():
        outcome_set_approve(outcome_set=s, reviewer=staff_user, exhaustive=False)
    pairs = [
        MarketPair.objects.create(market_a=a, market_b=b, status="approved", relation="identical")
        for a, b in zip(k, p, strict=False)
    ]
    # An inverted pair is not an outcome match.
    MarketPair.objects.create(market_a=k[0], market_b=p[2], status="approved", orientation="inverted")

    result = outcome_sets_align()

    assert result.created == 1
    cross = OutcomeSet.objects.get(kind="cross")
    members = sorted((m.outcome_key, m.market_id) for m in cross.members.all())
    assert members == sorted(
        (f"p{pair.id}", market.id) for pair in pairs for market in (pair.market_a, pair.market_b)
    )
    # Kalshi's event is covered and not open-ended: the reviewer may confirm it exhaustive.
    assert (cross.status, cross.open_ended) == ("proposed", False)
    assert outcome_sets_align().created == 0


def test_admin_review_actions_need_the_review_permission(client, staff_no_perms_user, reviewer_user):
    a = _kalshi("EV1", "EV1-A", "Alice")
    _kalshi("EV1", "EV1-B", "Bob")
    outcome_sets_propose(platform_id=a.platform_id)
    s = OutcomeSet.objects.get()
    url = reverse("admin:similarity_outcomeset_changelist")
    data = {"action": "approve_exhaustive_selected", "_selected_action": [s.pk]}

    client.force_login(staff_no_perms_user)
    client.post(url, data)
    s.refresh_from_db()
    assert s.status == "proposed"

    reviewer_user.user_permissions.add(*Permission.objects.filter(codename="view_outcomeset"))
    client.force_login(reviewer_user)
    response = client.post(url, data)
    assert response.status_code == 302
    s.refresh_from_db()
    assert (s.status, s.exhaustive, s.reviewer_id) == ("approved", True, reviewer_user.id)


def test_cross_set_goes_back_to_review_when_a_matched_pair_is_no_longer_approved(staff_user):
    k = [_kalshi("EV1", f"EV1-{x}", x) for x in ("Alice", "Bob")]
    p = [_poly("0xg", f"0x{x}", x) for x in ("Alice", "Bob")]
    outcome_sets_propose(platform_id=k[0].platform_id)
    outcome_sets_propose(platform_id=p[0].platform_id)
    for s in OutcomeSet.objects.all():
        outcome_set_approve(outcome_set=s, reviewer=staff_user, exhaustive=False)
    pairs = [
        MarketPair.objects.create(market_a=a, market_b=b, status="approved", relation="identical")
        for a, b in zip(k, p, strict=True)
    ]
    outcome_sets_align()
    cross = OutcomeSet.objects.get(kind="cross")
    outcome_set_approve(outcome_set=cross, reviewer=staff_user, exhaustive=True)

    MarketPair.objects.filter(pk=pairs[1].pk).update(status="rejected")
    outcome_sets_align()

    cross.refresh_from_db()
    assert cross.status == "proposed"
    assert "no longer" in cross.reason


def test_api_review_of_sets_needs_the_permission_and_refuses_a_false_exhaustive(
    client, plain_user, reviewer_user
):
    a = _poly("0xg", "0xa", "Alice", augmented=True)
    _poly("0xg", "0xb", "Bob", augmented=True)
    outcome_sets_propose(platform_id=a.platform_id)
    s = OutcomeSet.objects.get()
    url = f"/api/outcome-sets/{s.id}/approve/"

    client.force_login(plain_user)
    assert client.post(url, {"exhaustive": False}, content_type="application/json").status_code == 403

    client.force_login(reviewer_user)
    resp = client.post(url, {"exhaustive": True}, content_type="application/json")
    assert resp.status_code == 400
    assert "cannot be confirmed exhaustive" in resp.json()["error"]["message"]
    resp = client.post(url, {"exhaustive": False, "reason": "names only"}, content_type="application/json")
    assert resp.status_code == 200
    assert (resp.json()["status"], resp.json()["exhaustive"]) == ("approved", False)
    resp = client.post(f"/api/outcome-sets/{s.id}/reject/", {"reason": "stale"}, content_type="application/json")
    assert resp.json()["status"] == "rejected"
    assert client.post("/api/outcome-sets/999999/reject/", {"reason": "x"}, content_type="application/json").status_code == 404


def test_the_reviewer_role_can_open_the_outcome_set_queue_in_the_admin(client, django_user_model):
    from django.core.management import call_command

    django_user_model.objects.create_user(username="rita", password="pw", is_staff=True)
    call_command("grant_role", "rita", "reviewer")
    client.force_login(django_user_model.objects.get(username="rita"))
    assert client.get(reverse("admin:similarity_outcomeset_changelist")).status_code == 200
