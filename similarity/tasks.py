"""Celery task for matching. Thin: it calls one service."""

from __future__ import annotations

from celery import shared_task

# A first catalog (~285k markets) takes tens of minutes of CPU to embed: a longer limit than the
# project default, and a budget that fits in it.
PROPOSE_TIME_LIMIT_S = 3600
PROPOSE_EMBED_BUDGET = 150_000


@shared_task(
    name="similarity.tasks.propose_pairs_task",
    time_limit=PROPOSE_TIME_LIMIT_S, soft_time_limit=PROPOSE_TIME_LIMIT_S - 300,
)
def propose_pairs_task(full: bool = False) -> int:
    """Embed new or changed markets and propose pairs for them (everything with full=True).

    Idempotent: a second run with no catalog change embeds and proposes nothing new.
    """
    from similarity.services import pairs_propose_after_sync

    return pairs_propose_after_sync(full=full, embed_budget=PROPOSE_EMBED_BUDGET)
