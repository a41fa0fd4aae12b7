"""Celery tasks for replays: thin wrappers around one service each."""

from __future__ import annotations

from typing import Any

from celery import shared_task

from common.locks import job_lock
from replay.services import replay_execute, replays_run_queued

# A day of 1,000 pairs replays in minutes; the default task limits (300 s) are for the loop's
# short jobs.
REPLAY_TIME_LIMIT_S = 6 * 3600


@shared_task(time_limit=REPLAY_TIME_LIMIT_S, soft_time_limit=REPLAY_TIME_LIMIT_S - 60)
def run_replay_task(replay_id: int) -> dict[str, Any]:
    """Run one queued replay (ReplayRun id). Never retried: a failed run keeps its error; a run
    another worker claimed first is left to it."""
    run = replay_execute(run_id=replay_id)
    return {"id": run.id, "status": run.status}


@shared_task(time_limit=REPLAY_TIME_LIMIT_S, soft_time_limit=REPLAY_TIME_LIMIT_S - 60)
def run_queued_replays_task() -> int:
    """Run queued replays no worker took (the embedded loop has no broker to send them);
    returns how many ran."""
    with job_lock("run-queued-replays", ttl_s=REPLAY_TIME_LIMIT_S) as got:
        if not got:
            return 0
        return replays_run_queued()
