"""Celery tasks for the catalog's housekeeping. Thin: each calls one service.

Syncing catalogs is driven from above (similarity.tasks.sync_catalogs_task: the matcher reacts
to what a sync changed), and so is book polling (arbitrage.tasks.pull_order_books_task: it knows
which markets are watched); this app only stores what it is given.
"""

from __future__ import annotations

from celery import shared_task
from django.conf import settings

from common.locks import job_lock
from markets.services import order_books_prune


@shared_task(name="markets.tasks.prune_order_books_task")
def prune_order_books_task() -> int:
    """Delete book snapshots older than EVENTSARB_BOOK_RETENTION_H (latest books are kept)."""
    with job_lock("prune_order_books", ttl_s=3000) as got:
        if not got:
            return 0
        return order_books_prune(older_than_h=settings.EVENTSARB_BOOK_RETENTION_H)
