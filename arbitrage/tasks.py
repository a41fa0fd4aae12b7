"""Celery tasks for book polling, the arbitrage scan and the spread monitor (thin: lock, call one
service)."""

from __future__ import annotations

from typing import Any

from celery import shared_task

from arbitrage.baskets import basket_scan, basket_spread_stats_update
from arbitrage.services import opportunity_scan, spread_stats_update
from common.locks import job_lock
from markets.services import order_books_pull
from similarity.selectors import market_list_watched


@shared_task(name="arbitrage.tasks.pull_order_books_task")
def pull_order_books_task() -> dict[str, int]:
    """Poll and store (when changed) the books of every watched market (approved pairs')."""
    return _pull_order_books()


@shared_task(name="markets.tasks.pull_order_books_task")
def pull_order_books_task_old_name() -> dict[str, int]:
    """The old name of pull_order_books_task, kept for one deploy so queued messages still run."""
    return _pull_order_books()


def _pull_order_books() -> dict[str, int]:
    with job_lock("pull_order_books", ttl_s=60) as got:
        if not got:
            return {}
        return order_books_pull(markets=market_list_watched())


@shared_task(name="arbitrage.tasks.scan_arbitrage_task")
def scan_arbitrage_task() -> dict[str, Any]:
    """Run the engine on the latest stored books of every approved identical pair, then of every
    basket (approved outcome sets and implication pairs).

    Returns the scan's counts (pairs, evaluated, gate failures per reason, created/updated/closed
    opportunities) with the basket scan's under "baskets"; {"skipped": "locked"} when another
    scan holds the lock.
    """
    with job_lock("scan_arbitrage", ttl_s=60) as got:
        if not got:
            return {"skipped": "locked"}
        counts = opportunity_scan().as_dict()
        counts["baskets"] = basket_scan().as_dict()
        return counts


@shared_task(name="arbitrage.tasks.update_spread_stats_task")
def update_spread_stats_task() -> int:
    """Add a spread sample to every approved pair and every basket with fresh books; returns
    samples added."""
    with job_lock("update_spread_stats", ttl_s=60) as got:
        if not got:
            return 0
        return spread_stats_update() + basket_spread_stats_update()
