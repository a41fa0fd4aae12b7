"""Celery task for matching. Thin: it calls one service."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="similarity.tasks.propose_pairs_task")
def propose_pairs_task(full: bool = False) -> int:
    """Embed new or changed markets and propose pairs for them (everything with full=True).

    Idempotent: a second run with no catalog change embeds and proposes nothing new.
    """
    from similarity.services import pairs_propose_after_sync

    return pairs_propose_after_sync(full=full)
