"""Recovery of attempts whose worker died, and reconciliation of the journal with the venues."""

from __future__ import annotations

import logging
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.utils import timezone

from platforms.base import (
    PlatformError,
)
from platforms.registry import get_platform, venue_slugs_enabled
from trading.models import (
    ArbAttempt,
    DriftFlag,
    Order,
    Position,
    TradingMode,
)
from trading.services import journal, machine

logger = logging.getLogger(__name__)

State = ArbAttempt.State
ZERO = Decimal(0)
ONE = Decimal(1)

# An order still unresolved this long after it was written is flagged for a person.
STUCK_AFTER_S = 300
# How far back reconciliation compares venue fills with the journal.
RECONCILE_FILLS_WINDOW = timedelta(hours=24)


def attempts_recover(*, now: Any = None) -> list[ArbAttempt]:
    """Resume every open attempt whose lease has lapsed (a crashed or blocked worker's).

    Orders in a sent state are resolved by client order id, never re-sent. An order that stays
    unknown for STUCK_AFTER_S raises a stuck flag for a person, and so does an attempt whose
    recovery raised (the others are still recovered).
    """
    now = now or timezone.now()
    lapsed = Q(lease_until__isnull=True) | Q(lease_until__lt=now)
    resumed = []
    for attempt in ArbAttempt.objects.select_related(
        "pair__market_a__platform", "pair__market_b__platform"
    ).filter(lapsed, is_open=True).order_by("id"):
        claimed = ArbAttempt.objects.filter(lapsed, id=attempt.id, version=attempt.version).update(
            lease_until=now + timedelta(seconds=journal.LEASE_S)
        )
        if not claimed:
            continue
        logger.warning("recovering attempt %s from %s", attempt.uid, attempt.state)
        try:
            machine.attempt_drive(attempt=attempt)
        except journal.StateConflict:
            continue
        except Exception as exc:
            # One attempt that cannot be recovered (an answer no parser expected, a bug) must
            # not keep every other one, and the reconciliation after them, from running: it is
            # flagged for a person and tried again once its lease lapses.
            logger.exception("recovering attempt %s failed", attempt.uid)
            journal.alert(attempt, f"recovery failed: {type(exc).__name__}: {exc}"[:500],
                          kind=DriftFlag.Kind.STUCK)
            continue
        if attempt.is_open:
            stuck = attempt.orders.filter(
                status__in=Order.UNRESOLVED, created_at__lt=now - timedelta(seconds=STUCK_AFTER_S)
            ).first()
            if stuck is not None:
                journal.alert(attempt, f"order {stuck.client_order_id} unresolved since "
                       f"{stuck.created_at:%H:%M:%S}", kind=DriftFlag.Kind.STUCK)
        resumed.append(attempt)
    return resumed


def attempts_reconcile() -> dict[str, int]:
    """Compare each live venue's fills and positions with the journal; flag any drift.

    Flags are keyed, so repeated runs refresh one open flag per finding; a position that agrees
    again resolves its flag. Paper mode has no venue to compare with.
    """
    counts = {"venues": 0, "flags": 0}
    now = timezone.now()
    for slug in venue_slugs_enabled():
        platform = get_platform(slug)
        if not platform.has_credentials:
            continue
        try:
            fills = platform.list_fills(since=now - RECONCILE_FILLS_WINDOW)
            venue_positions = platform.get_positions()
        except PlatformError as exc:
            logger.warning("reconcile %s: %s", slug, exc)
            continue
        counts["venues"] += 1
        counts["flags"] += _reconcile_fills(slug, fills) + _reconcile_positions(slug, venue_positions)
    return counts


def _reconcile_fills(slug: str, fills: list[Any]) -> int:
    # Fills are matched by our client order id, or, where the venue's fills carry none
    # (Polymarket trades), by the venue order id journaled on the Order before sending.
    by_client: dict[str, Decimal] = {}
    client_of_venue_id = dict(
        Order.objects.filter(
            mode=TradingMode.LIVE,
            venue_order_id__in=[f.venue_order_id for f in fills if not f.client_order_id],
        ).exclude(venue_order_id="").values_list("venue_order_id", "client_order_id")
    )
    flags = 0
    for fill in fills:
        client_id = fill.client_order_id or client_of_venue_id.get(fill.venue_order_id, "")
        by_client[client_id] = by_client.get(client_id, ZERO) + fill.size
    orders = {
        o.client_order_id: o
        for o in Order.objects.filter(mode=TradingMode.LIVE, client_order_id__in=list(by_client))
    }
    for client_id, size in by_client.items():
        order = orders.get(client_id)
        if order is None:
            journal.flag(kind=DriftFlag.Kind.GHOST_FILL, key=f"ghost:{slug}:{client_id}",
                  platform_slug=slug, message=f"{slug} fill of {size} for unknown order {client_id!r}",
                  detail={"size": str(size)})
            flags += 1
        elif order.filled_size != size:
            journal.flag(kind=DriftFlag.Kind.ORDER, key=f"order:{client_id}", platform_slug=slug,
                  attempt=order.attempt,
                  message=f"order {client_id}: venue filled {size}, journal {order.filled_size}",
                  detail={"venue": str(size), "journal": str(order.filled_size)})
            flags += 1
    return flags


def _reconcile_positions(slug: str, venue_positions: list[Any]) -> int:
    venue = {(p.market_external_id, p.outcome.value): p.size for p in venue_positions}
    journaled: dict[tuple[str, str], Decimal] = {}
    for ext, outcome, size in Position.objects.filter(
        mode=TradingMode.LIVE, platform_slug=slug
    ).values_list("market__external_id", "outcome", "size"):
        journaled[(ext, outcome)] = journaled.get((ext, outcome), ZERO) + size
    flags = 0
    now = timezone.now()
    for key in set(venue) | set(journaled):
        v, j = venue.get(key, ZERO), journaled.get(key, ZERO)
        flag_key = f"position:{slug}:{key[0]}:{key[1]}"
        if v != j:
            journal.flag(kind=DriftFlag.Kind.POSITION, key=flag_key, platform_slug=slug,
                  message=f"{slug} {key[0]} {key[1]}: venue holds {v}, journal {j}",
                  detail={"venue": str(v), "journal": str(j)})
            flags += 1
        else:
            DriftFlag.objects.filter(key=flag_key, resolved_at__isnull=True).update(resolved_at=now)
    return flags
