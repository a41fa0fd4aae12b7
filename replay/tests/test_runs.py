"""Replay runs: queued by the API, run by the Celery task (or the beat job in the embedded
loop), with progress and their reports kept; the dashboard lists them."""

from __future__ import annotations

import shutil
from datetime import timedelta
from pathlib import Path
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from replay import services
from replay.models import ReplayRun
from replay.tasks import run_queued_replays_task, run_replay_task

pytestmark = pytest.mark.django_db

EDGE_300MS = Path(__file__).parent / "fixtures" / "edge_300ms.jsonl"


@pytest.fixture
def tape_dir(settings, tmp_path):
    settings.EVENTSARB_TAPE_DIR = str(tmp_path)
    shutil.copy(EDGE_300MS, tmp_path / "edge.jsonl")
    return tmp_path


def test_the_api_queues_a_replay_and_the_task_runs_it(client, staff_user, tape_dir, settings,
                                                      django_capture_on_commit_callbacks):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:6379/15"
    client.force_login(staff_user)
    with mock.patch("replay.tasks.run_replay_task.delay") as delay, \
            django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("api-replay-run"), {"tape": "edge.jsonl", "latency_ms": 100},
                               content_type="application/json")
    assert response.status_code == 202, response.content
    run = ReplayRun.objects.get(id=response.json()["id"])
    assert run.status == ReplayRun.Status.QUEUED
    assert run.params["tape"] == str(tape_dir / "edge.jsonl")
    delay.assert_called_once_with(run.id)

    assert run_replay_task(run.id) == {"id": run.id, "status": "done"}
    run.refresh_from_db()
    assert run.report["total"]["net_profit"] == "10.285600"
    assert (run.trades, str(run.net_profit)) == (1, "10.285600")
    assert run.progress["fraction"] == 1.0
    # A second delivery of the same message finds it taken and does nothing.
    assert run_replay_task(run.id) == {"id": run.id, "status": "done"}

    detail = client.get(reverse("api-replay", args=[run.id])).json()
    assert detail["report"]["total"]["trades"] == 1
    listed = client.get(reverse("api-replays")).json()["results"]
    assert [r["id"] for r in listed] == [run.id]
    assert "report" not in listed[0]


def test_only_staff_may_start_a_replay_and_only_tapes_in_the_tape_dir(client, plain_user,
                                                                        staff_user, tape_dir):
    client.force_login(plain_user)
    assert client.post(reverse("api-replay-run"), {"tape": "edge.jsonl"},
                       content_type="application/json").status_code == 403
    client.force_login(staff_user)
    response = client.post(reverse("api-replay-run"), {"tape": "../../etc/passwd"},
                           content_type="application/json")
    assert response.status_code == 400
    assert "no tape" in response.json()["error"]["message"]
    response = client.post(reverse("api-replay-run"), {"latency_ms": 5},
                           content_type="application/json")
    assert response.status_code == 400
    assert "needs from and to" in response.json()["error"]["message"]
    assert not ReplayRun.objects.exists()


def test_without_a_broker_the_beat_job_runs_queued_replays(tape_dir, settings):
    settings.CELERY_BROKER_URL = ""
    run = services.replay_request(request={"tape": str(tape_dir / "edge.jsonl"),
                                           "latency_ms": 500})
    assert run_queued_replays_task() == 1
    run.refresh_from_db()
    assert run.status == ReplayRun.Status.DONE
    assert run.report["total"]["lost_to_latency"] == "10.285600"


def test_progress_is_written_while_a_replay_runs(tape_dir, monkeypatch):
    monkeypatch.setattr("replay.core.PROGRESS_EVERY", 2)
    seen = []
    real = services._progress_writer

    def spy(run_id, start_us, end_us):
        write = real(run_id, start_us, end_us)

        def record(changes, at_us):
            write(changes, at_us)
            seen.append(ReplayRun.objects.get(id=run_id).progress)

        return record

    monkeypatch.setattr(services, "_progress_writer", spy)
    run = services.replay_request(request={"tape": str(tape_dir / "edge.jsonl")})
    services.replay_execute(run_id=run.id)
    assert [p["changes"] for p in seen] == [2, 4, 6]
    assert seen[-1]["fraction"] > 0


def test_a_failing_replay_keeps_its_error_and_a_stalled_one_is_failed(tape_dir):
    (tape_dir / "bad.jsonl").write_text("not a tape\n")
    run = services.replay_request(request={"tape": str(tape_dir / "bad.jsonl")})
    services.replay_execute(run_id=run.id)
    run.refresh_from_db()
    assert run.status == ReplayRun.Status.FAILED
    assert "line 1" in run.error
    stalled = ReplayRun.objects.create(status=ReplayRun.Status.RUNNING, params={})
    ReplayRun.objects.filter(id=stalled.id).update(
        updated_at=timezone.now() - timedelta(seconds=services.STALE_RUN_S + 1))
    services.replays_run_queued()
    stalled.refresh_from_db()
    assert stalled.status == ReplayRun.Status.FAILED


def test_the_admin_lists_replays_read_only(client, staff_user, tape_dir):
    run = services.replay_request(request={"tape": str(tape_dir / "edge.jsonl")})
    client.force_login(staff_user)
    assert client.get(reverse("admin:replay_replayrun_changelist")).status_code == 200
    assert client.get(reverse("admin:replay_replayrun_change", args=[run.id])).status_code == 200
    assert client.get(reverse("admin:replay_replayrun_add")).status_code == 403
