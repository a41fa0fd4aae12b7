"""Celery tasks for the arbitrage scan."""

from __future__ import annotations

from celery import shared_task

from common.locks import job_lock


@shared_task(name="arbitrage.tasks.scan_arbitrage_task")
def scan_arbitrage_task() -> int:
    """Run the engine on the latest stored books of every approved pair; returns opportunities."""
    from arbitrage.services import opportunity_scan

    with job_lock("scan_arbitrage", ttl_s=60) as got:
        if not got:
            return 0
        return len(opportunity_scan())
