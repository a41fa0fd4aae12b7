"""A person's controls: the kill switch, and marking flagged attempts and drift as dealt with."""

from __future__ import annotations

import logging
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone

from trading.models import (
    ArbAttempt,
    DriftFlag,
    KillSwitch,
)

logger = logging.getLogger(__name__)

State = ArbAttempt.State
ZERO = Decimal(0)
ONE = Decimal(1)


@transaction.atomic
def kill_switch_set(*, enabled: bool, user: Any, reason: str = "") -> KillSwitch:
    """Turn the DB kill switch on or off, recording who did it and why.

    Takes effect at once: new attempts check it before planning, and running attempts check it
    again before any leg-2 retry or unwind. `user` may be None (system). Idempotent.
    """
    switch, _ = KillSwitch.objects.select_for_update().get_or_create(id=KillSwitch.SINGLETON_ID)
    switch.enabled = enabled
    switch.reason = reason
    switch.changed_by = user if getattr(user, "pk", None) else None
    switch.changed_at = timezone.now()
    switch.save()
    logger.warning(
        "kill switch %s by %s: %s", "ON" if enabled else "off",
        getattr(user, "username", "system"), reason or "-",
    )
    return switch


@transaction.atomic
def attempt_attention_resolve(*, attempt: ArbAttempt, user: Any, note: str = "") -> ArbAttempt:
    """A person has dealt with a flagged attempt: clear its flag and resolve its open DriftFlags.

    The journal itself is not changed (positions stay as the venues hold them); the note is
    appended to the attempt's attention reason for the record. Idempotent.
    """
    now = timezone.now()
    who = getattr(user, "username", "system")
    reason = f"{attempt.attention_reason}\nresolved by {who} at {now:%Y-%m-%d %H:%M}: {note}"
    ArbAttempt.objects.filter(id=attempt.id, attention_resolved_at__isnull=True).update(
        needs_attention=False, attention_resolved_at=now, attention_reason=reason.strip()
    )
    DriftFlag.objects.filter(attempt=attempt, resolved_at__isnull=True).update(resolved_at=now)
    attempt.refresh_from_db()
    logger.warning("attempt %s attention resolved by %s: %s", attempt.uid, who, note or "-")
    return attempt


def drift_flag_resolve(*, flag: DriftFlag, user: Any, note: str = "") -> DriftFlag:
    """Mark one drift flag as dealt with (a later reconcile run reopens it if the drift remains)."""
    now = timezone.now()
    DriftFlag.objects.filter(id=flag.id, resolved_at__isnull=True).update(
        resolved_at=now, detail={**flag.detail, "resolved_by": getattr(user, "username", "system"),
                                 "note": note},
    )
    flag.refresh_from_db()
    return flag
