"""Celery tasks for catalogs and matching. Thin: each calls services.

The catalog sync runs here, above markets: the matcher reacts to what a sync changed (approved
pairs on markets whose rules changed go back to review; new and changed markets are proposed).
"""

from __future__ import annotations

from typing import Any

from celery import shared_task

from common.locks import job_lock
from platforms.registry import venue_slugs_enabled
from similarity.services import catalog_sync_and_review, pairs_propose_after_sync

# A first catalog (~285k markets) takes tens of minutes of CPU to embed: a longer limit than the
# project default, and a budget that fits in it.
PROPOSE_TIME_LIMIT_S = 3600
PROPOSE_EMBED_BUDGET = 150_000


@shared_task(name="similarity.tasks.sync_catalogs_task")
def sync_catalogs_task(platform_slug: str | None = None) -> dict[str, Any]:
    """Sync the catalogs of one venue, or of every enabled venue, then propose pairs.

    Idempotent (upserts). A venue's failure is recorded on its Platform row and does not stop
    the others. Approved pairs whose markets changed rules or close time go back to review.
    """
    return _sync_catalogs(platform_slug)


@shared_task(name="markets.tasks.sync_markets_task")
def sync_markets_task(platform_slug: str | None = None) -> dict[str, Any]:
    """The old name of sync_catalogs_task, kept for one deploy so queued messages still run."""
    return _sync_catalogs(platform_slug)


def _sync_catalogs(platform_slug: str | None) -> dict[str, Any]:
    slugs = [platform_slug] if platform_slug else venue_slugs_enabled()
    report: dict[str, Any] = {}
    with job_lock("sync_markets", ttl_s=900) as got:
        if not got:
            return {"skipped": "already running"}
        for slug in slugs:
            result = catalog_sync_and_review(slug=slug)
            report[slug] = None if result is None else {
                "created": result.created, "updated": result.updated,
                "changed": len(result.changed_market_ids),
            }
    pairs_propose_after_sync()
    return report


@shared_task(
    name="similarity.tasks.propose_pairs_task",
    time_limit=PROPOSE_TIME_LIMIT_S, soft_time_limit=PROPOSE_TIME_LIMIT_S - 300,
)
def propose_pairs_task(full: bool = False) -> int:
    """Embed new or changed markets and propose pairs for them (everything with full=True).

    Idempotent: a second run with no catalog change embeds and proposes nothing new.
    """
    return pairs_propose_after_sync(full=full, embed_budget=PROPOSE_EMBED_BUDGET)
