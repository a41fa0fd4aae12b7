"""A lease-based job lock so two beats (or a beat and runengine) never run the same job at once."""

from __future__ import annotations

import logging
import os
import socket
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from common.models import JobLock

logger = logging.getLogger(__name__)

_HOLDER_PREFIX = f"{socket.gethostname()[:40]}:{os.getpid()}"


def job_lock_acquire(name: str, *, ttl_s: float) -> str | None:
    """Take the lease `name` for ttl_s seconds.

    Returns a holder token on success, None when someone else holds an unexpired lease. The TTL
    bounds how long a crashed holder can block the job.
    """
    now = timezone.now()
    holder = f"{_HOLDER_PREFIX}:{uuid.uuid4().hex[:8]}"
    expires_at = now + timedelta(seconds=ttl_s)
    # A conditional UPDATE takes an expired lease; only one concurrent caller can match the row.
    taken = JobLock.objects.filter(Q(name=name) & Q(expires_at__lte=now)).update(
        holder=holder, expires_at=expires_at
    )
    if taken:
        return holder
    try:
        with transaction.atomic():
            JobLock.objects.create(name=name, holder=holder, expires_at=expires_at)
    except IntegrityError:
        return None
    return holder


def job_lock_release(name: str, holder: str) -> None:
    """Give the lease back (only if we still hold it)."""
    JobLock.objects.filter(name=name, holder=holder).delete()


@contextmanager
def job_lock(name: str, *, ttl_s: float) -> Iterator[bool]:
    """Context manager: yields True when the lease was taken, False when the job is already running."""
    holder = job_lock_acquire(name, ttl_s=ttl_s)
    if holder is None:
        logger.info("job %s already running elsewhere; skipping", name)
        yield False
        return
    try:
        yield True
    finally:
        job_lock_release(name, holder)
