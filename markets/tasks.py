"""Celery tasks for ingest: catalog sync, book polling, pruning. Thin: each calls one service."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings

from common.locks import job_lock


@shared_task(name="markets.tasks.sync_markets_task")
def sync_markets_task(platform_slug: str | None = None) -> dict[str, object]:
    """Sync the catalogs of one venue, or of every enabled venue, then propose pairs.

    Idempotent (upserts). A venue's failure is recorded on its Platform row and does not stop
    the others.
    """
    from markets.services import catalog_sync
    from platforms.registry import venue_slugs_enabled

    slugs = [platform_slug] if platform_slug else venue_slugs_enabled()
    report: dict[str, object] = {}
    with job_lock("sync_markets", ttl_s=900) as got:
        if not got:
            return {"skipped": "already running"}
        for slug in slugs:
            result = catalog_sync(slug=slug)
            report[slug] = None if result is None else {"created": result.created, "updated": result.updated}
    from similarity.services import pairs_propose_after_sync

    pairs_propose_after_sync()
    return report


@shared_task(name="markets.tasks.pull_order_books_task")
def pull_order_books_task() -> dict[str, int]:
    """Poll and store (when changed) the books of every market in an approved pair."""
    from markets.services import order_books_pull

    with job_lock("pull_order_books", ttl_s=60) as got:
        if not got:
            return {}
        return order_books_pull()


@shared_task(name="markets.tasks.prune_order_books_task")
def prune_order_books_task() -> int:
    """Delete book snapshots older than EVENTSARB_BOOK_RETENTION_H (latest books are kept)."""
    from markets.services import order_books_prune

    with job_lock("prune_order_books", ttl_s=3000) as got:
        if not got:
            return 0
        return order_books_prune(older_than_h=settings.EVENTSARB_BOOK_RETENTION_H)
