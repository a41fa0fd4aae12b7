"""Celery tasks for the arbitrage scan and the spread monitor (thin: lock, call one service)."""

from __future__ import annotations

from typing import Any

from celery import shared_task

from common.locks import job_lock


@shared_task(name="arbitrage.tasks.scan_arbitrage_task")
def scan_arbitrage_task() -> dict[str, Any]:
    """Run the engine on the latest stored books of every approved identical pair.

    Returns the scan's counts (pairs, evaluated, gate failures per reason, created/updated/closed
    opportunities); {"skipped": "locked"} when another scan holds the lock.
    """
    from arbitrage.services import opportunity_scan

    with job_lock("scan_arbitrage", ttl_s=60) as got:
        if not got:
            return {"skipped": "locked"}
        return opportunity_scan().as_dict()


@shared_task(name="arbitrage.tasks.update_spread_stats_task")
def update_spread_stats_task() -> int:
    """Add a spread sample to every approved pair with fresh books; returns samples added."""
    from arbitrage.services import spread_stats_update

    with job_lock("update_spread_stats", ttl_s=60) as got:
        if not got:
            return 0
        return spread_stats_update()
