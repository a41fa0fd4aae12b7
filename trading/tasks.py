"""Celery tasks for execution: thin wrappers that take a lease and call one service."""

from __future__ import annotations

import logging

from celery import shared_task

from common.locks import job_lock
from trading.services import (
    attempts_reconcile,
    attempts_recover,
    basket_opportunities_execute,
    opportunities_execute,
    settlements_sync,
)

logger = logging.getLogger(__name__)


@shared_task
def execute_opportunities_task() -> dict[str, int]:
    """Turn open pair and basket opportunities into attempts (mode != off, kill switch off).
    Never retried: an attempt interrupted mid-way is resumed by reconcile_attempts_task, not by
    a rerun."""
    with job_lock("trading-execute-opportunities", ttl_s=120) as got:
        if not got:
            return {}
        return {**opportunities_execute(), **basket_opportunities_execute()}


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


@shared_task
def sync_settlements_task() -> dict[str, int]:
    """Pull venue results for held and paired markets, pay out settled positions, judge settled
    pairs (a divergence raises an alert). Venue reads only: a failed venue is retried next run."""
    with job_lock("trading-sync-settlements", ttl_s=600) as got:
        if not got:
            return {}
        return settlements_sync().as_dict()
