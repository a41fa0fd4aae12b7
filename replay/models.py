"""Replay runs: what was asked, how far it got, and its report."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from common.models import BaseModel


class ReplayRun(BaseModel):
    """One replay of stored books (or a tape) through the scan, risk checks and paper fills.

    `params` is what was asked (from, to, pairs, budget, max_slippage, latency_ms, tape);
    `report` the replay's JSON report once done (replay.core); `progress` how far a running
    replay is ({"changes": n, "at": ISO time reached, "fraction": 0..1}). The summary columns
    repeat the report's totals for lists and filters.
    """

    class Status(models.TextChoices):
        QUEUED = "queued"
        RUNNING = "running"
        DONE = "done"
        FAILED = "failed"

    status = models.CharField(max_length=8, choices=Status.choices, default=Status.QUEUED,
                              db_index=True)
    params = models.JSONField(default=dict)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    progress = models.JSONField(default=dict, blank=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    report = models.JSONField(null=True, blank=True)
    error = models.TextField(blank=True)
    opportunities = models.IntegerField(null=True, blank=True)
    trades = models.IntegerField(null=True, blank=True)
    net_profit = models.DecimalField(max_digits=20, decimal_places=6, null=True, blank=True)
    lost_to_latency = models.DecimalField(max_digits=20, decimal_places=6, null=True, blank=True)

    def __str__(self) -> str:
        return f"replay {self.pk} ({self.status})"
