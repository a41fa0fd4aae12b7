"""The in-process engine loop: runs the Celery beat schedule's tasks without a broker.

One machine, no Redis: `manage.py runengine` calls the very task functions beat would enqueue,
each at its own interval, each job in its own worker thread. The schedule is
settings.CELERY_BEAT_SCHEDULE, so the two modes can never drift apart.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import close_old_connections

from eventsarb.celery import app

logger = logging.getLogger(__name__)


@dataclass
class ScheduledJob:
    name: str
    task_name: str
    interval_s: float
    args: tuple[Any, ...]
    kwargs: dict[str, Any]
    next_run: float = 0.0
    runs: int = 0
    errors: int = 0


def schedule_jobs() -> list[ScheduledJob]:
    """The beat schedule as interval jobs (every entry must be an interval, not a crontab)."""
    # settings infers the schedule as dict[str, dict[str, object]]; entries are heterogeneous.
    beat_schedule: Mapping[str, Mapping[str, Any]] = settings.CELERY_BEAT_SCHEDULE
    jobs = []
    for name, entry in beat_schedule.items():
        schedule = entry["schedule"]
        if isinstance(schedule, timedelta):
            interval = schedule.total_seconds()
        elif isinstance(schedule, int | float):
            interval = float(schedule)
        else:
            raise ValueError(f"beat entry {name!r}: runengine supports interval schedules only")
        jobs.append(
            ScheduledJob(
                name=name, task_name=entry["task"], interval_s=interval,
                args=tuple(entry.get("args", ())), kwargs=dict(entry.get("kwargs", {})),
            )
        )
    return jobs


def _run_job(job: ScheduledJob, task: Any) -> None:
    """Run one job's task; a failure is logged and counted, never raised."""
    try:
        task(*job.args, **job.kwargs)
        job.runs += 1
    except Exception:
        job.errors += 1
        logger.exception("job %s failed", job.name)
    finally:
        # Each thread has its own connection; drop it if it is broken or past its age.
        close_old_connections()


def run_loop(
    *, iterations: int | None = None, tick_s: float = 0.5,
    clock: Callable[[], float] = time.monotonic, sleep: Callable[[float], None] = time.sleep,
    concurrent: bool = True,
) -> list[ScheduledJob]:
    """Run due jobs until stopped (or for `iterations` ticks). A failing job is logged and retried
    at its next interval; it never stops the loop.

    With `concurrent` (the default) each job runs in its own worker thread, so a long catalog
    sync or a first embedding pass never holds up book polling and scanning; a job still running
    when it comes due again is not started twice (beat's `expires` plays that role in Celery).
    Without it, jobs run one after another in this thread (deterministic, for tests).
    """
    # Task modules are discovered lazily; import them now so every beat entry resolves.
    app.loader.import_default_modules()
    jobs = schedule_jobs()
    tasks = {job.name: app.tasks[job.task_name] for job in jobs}
    pool = (
        ThreadPoolExecutor(max_workers=len(jobs), thread_name_prefix="runengine")
        if concurrent else None
    )
    running: dict[str, Future[None]] = {}
    tick = 0
    try:
        while iterations is None or tick < iterations:
            now = clock()
            for job in jobs:
                if now < job.next_run:
                    continue
                if job.name in running and not running[job.name].done():
                    continue
                job.next_run = now + job.interval_s
                if pool is None:
                    _run_job(job, tasks[job.name])
                else:
                    running[job.name] = pool.submit(_run_job, job, tasks[job.name])
            tick += 1
            if iterations is None or tick < iterations:
                sleep(tick_s)
    finally:
        if pool is not None:
            pool.shutdown(wait=True)
    return jobs
