"""Writes for trading: the kill switch, and the attempt state machine."""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction
from django.utils import timezone

from trading.models import KillSwitch

logger = logging.getLogger(__name__)


@transaction.atomic
def kill_switch_set(*, enabled: bool, user: Any, reason: str = "") -> KillSwitch:
    """Turn the DB kill switch on or off, recording who did it and why.

    Takes effect at once: new attempts check it before planning, and running attempts check it
    again before any leg-2 retry. `user` may be None (system). Idempotent.
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
