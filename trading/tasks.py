"""Celery tasks for execution: thin wrappers that take a lease and call one service."""

from __future__ import annotations

import logging

from celery import shared_task

from common.locks import job_lock
from trading.services import attempts_reconcile, attempts_recover, opportunities_execute

logger = logging.getLogger(__name__)


@shared_task
def execute_opportunities_task() -> dict[str, int]:
    """Turn open opportunities into attempts (mode != off, kill switch off). Never retried:
    an attempt interrupted mid-way is resumed by reconcile_attempts_task, not by a rerun."""
    with job_lock("trading-execute-opportunities", ttl_s=120) as got:
        if not got:
            return {}
        return opportunities_execute()


@shared_task
def reconcile_attempts_task() -> dict[str, int]:
    """Resume stuck attempts (lapsed lease) by client order id, then compare venues with the
    journal and flag drift. Runs at start-up too (the runner runs every beat entry at once)."""
    with job_lock("trading-reconcile-attempts", ttl_s=300) as got:
        if not got:
            return {}
        resumed = attempts_recover()
        counts = attempts_reconcile()
        return {"resumed": len(resumed), **counts}
