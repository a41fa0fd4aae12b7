"""Replay pages (the list with progress, one replay with its equity curve and per-pair table,
starting one) and the pair page's settlement check."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from pytest_django.asserts import assertTemplateUsed

from markets.models import Market
from replay.models import ReplayRun
from similarity.models import MarketPair

pytestmark = pytest.mark.django_db

EDGE_300MS = Path(__file__).resolve().parents[2] / "replay" / "tests" / "fixtures" / "edge_300ms.jsonl"


@pytest.fixture
def done_run():
    call_command("replay", tape=str(EDGE_300MS), latency_ms=100, stdout=io.StringIO(),
                 stderr=io.StringIO())
    return ReplayRun.objects.get()


@pytest.mark.parametrize("name", ["dashboard:replay_list", "dashboard:replay_detail"])
def test_replay_pages_need_login(client, name):
    url = reverse(name, kwargs={"replay_id": 1} if "detail" in name else {})
    assert client.get(url).status_code == 302


def test_the_list_shows_each_replay_with_its_totals(client, plain_user, done_run):
    queued = ReplayRun.objects.create(params={"latency_ms": 5, "tape": "x"})
    client.force_login(plain_user)
    resp = client.get(reverse("dashboard:replay_list"))
    assert resp.status_code == 200
    assertTemplateUsed(resp, "dashboard/replay_list.html")
    body = resp.content.decode()
    assert f"#{done_run.id}" in body
    assert "10.29" in body  # net profit
    assert f"#{queued.id}" in body
    assert 'hx-trigger="every 3s"' in body  # a queued run: the table polls
    assert f"replay #{done_run.id}</a>" in body  # the latest finished one, with its curve
    assert "<svg" in body
    assert 'id="latest-pairs"' in body
    assert "replay-form" not in body  # only staff may start one
    fragment = client.get(reverse("dashboard:replay_list"), HTTP_HX_REQUEST="true")
    assertTemplateUsed(fragment, "dashboard/_replays.html")


def test_one_replay_shows_its_equity_curve_and_pairs(client, plain_user, done_run):
    client.force_login(plain_user)
    resp = client.get(reverse("dashboard:replay_detail", args=[done_run.id]))
    assert resp.status_code == 200
    body = resp.content.decode()
    assert "<svg" in body
    assert "after 100 ms" in body
    assert 'id="replay-pairs"' in body
    assert "41 · Will the tape test event happen" in body
    assert client.get(reverse("dashboard:replay_detail", args=[999])).status_code == 404


def test_staff_start_a_replay_and_bad_input_is_explained(client, staff_user, plain_user,
                                                         settings):
    settings.CELERY_BROKER_URL = ""
    client.force_login(plain_user)
    form = {"start": "2026-11-01T12:00", "end": "2026-11-01T13:00", "latency_ms": "250"}
    assert client.post(reverse("dashboard:replay_start"), form).status_code == 403
    client.force_login(staff_user)
    resp = client.post(reverse("dashboard:replay_start"), form)
    assert resp.status_code == 302
    run = ReplayRun.objects.get()
    assert run.status == ReplayRun.Status.QUEUED
    assert run.params["latency_ms"] == 250
    assert run.params["from"] == "2026-11-01T12:00:00+00:00"
    bad = client.post(reverse("dashboard:replay_start"), {**form, "end": "2026-11-01T11:00"})
    assert bad.status_code == 400
    assert "from must be before to" in bad.content.decode()
    assert ReplayRun.objects.count() == 1


def test_the_pair_page_shows_both_results_and_a_divergence(client, plain_user, make_pair):
    pair = make_pair(0, status=MarketPair.Status.APPROVED)
    at = datetime(2026, 12, 20, tzinfo=UTC)
    Market.objects.filter(id=pair.market_a_id).update(
        result="yes", settlement_value=Decimal(1), settled_at=at, status="settled")
    Market.objects.filter(id=pair.market_b_id).update(
        result="no", settlement_value=Decimal(0), settled_at=at, status="settled")
    MarketPair.objects.filter(id=pair.id).update(
        resolution="diverged", resolution_detail="A settled YES, B settled NO: an identical "
        "pair must settle alike", resolution_checked_at=at)
    client.force_login(plain_user)
    body = client.get(reverse("dashboard:pair_detail", args=[pair.id])).content.decode()
    assert 'id="result-a"' in body
    assert "Settled <b>YES</b>" in body
    assert "Settled <b>NO</b>" in body
    assert "Settlement check: diverged." in body
