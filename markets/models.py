"""Catalog (Event, Market) and order book snapshots."""

from __future__ import annotations

import hashlib

from django.db import models

from common.models import BaseModel
from platforms.models import Platform


def rules_hash(text: str) -> str:
    """Hash of a market's rules text with whitespace normalised, to detect real rule changes."""
    return hashlib.sha256(" ".join(text.split()).encode()).hexdigest()


class Event(BaseModel):
    platform = models.ForeignKey(Platform, on_delete=models.CASCADE, related_name="events")
    external_id = models.CharField(max_length=200)
    title = models.TextField(blank=True)
    series = models.CharField(max_length=200, blank=True)
    category = models.CharField(max_length=100, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["platform", "external_id"], name="event_unique_platform_external_id"
            )
        ]

    def __str__(self) -> str:
        return self.title or self.external_id


class Market(BaseModel):
    class Status(models.TextChoices):
        OPEN = "open"
        PAUSED = "paused"
        CLOSED = "closed"
        SETTLED = "settled"
        UNOPENED = "unopened"

    class Result(models.TextChoices):
        """How the market settled ("" until the venue reports a final result)."""

        YES = "yes"
        NO = "no"
        # Paid something other than 0 or 1 per YES contract (a 50-50 resolution): see
        # settlement_value.
        SPLIT = "split"

    platform = models.ForeignKey(Platform, on_delete=models.CASCADE, related_name="markets")
    event = models.ForeignKey(
        Event, on_delete=models.SET_NULL, null=True, blank=True, related_name="markets"
    )
    external_id = models.CharField(max_length=200)
    title = models.TextField()
    subtitle = models.TextField(blank=True)
    outcome_label = models.CharField(max_length=200, default="Yes")
    no_outcome_label = models.CharField(max_length=200, default="No")
    category = models.CharField(max_length=100, blank=True)
    rules_text = models.TextField(blank=True)
    rules_hash = models.CharField(max_length=64, blank=True)
    resolution_source = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    open_time = models.DateTimeField(null=True, blank=True)
    close_time = models.DateTimeField(null=True, blank=True)
    expected_settle_time = models.DateTimeField(null=True, blank=True)
    tick_size = models.DecimalField(max_digits=12, decimal_places=6, default="0.01")
    min_order_size = models.DecimalField(max_digits=18, decimal_places=6, default="1")
    size_increment = models.DecimalField(max_digits=18, decimal_places=6, default="1")
    fee_params = models.JSONField(default=dict, blank=True)
    # Polymarket token ids are ~77-digit integers: text, never numbers.
    yes_token_id = models.TextField(blank=True)
    no_token_id = models.TextField(blank=True)
    url = models.URLField(max_length=500, blank=True)
    extra = models.JSONField(default=dict, blank=True)
    last_seen_at = models.DateTimeField(null=True, blank=True)
    # The newest stored book and when the venue last confirmed it (a poll that found no change
    # still proves the book is fresh).
    latest_book = models.ForeignKey(
        "OrderBook", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    book_checked_at = models.DateTimeField(null=True, blank=True)
    # Settlement, as the venue reports it once final (platforms' get_results).
    # Database defaults too: the catalog's COPY upsert (common/bulk.py) names only the catalog's
    # own columns, and must never reset a result.
    result = models.CharField(
        max_length=5, choices=Result.choices, blank=True, default="", db_default=""
    )
    # What one YES contract paid, in dollars [0, 1] (a NO contract paid 1 minus this).
    settlement_value = models.DecimalField(max_digits=12, decimal_places=6, null=True, blank=True)
    settled_at = models.DateTimeField(null=True, blank=True)
    # The venue's own market object as read when the result was recorded (the ground truth a
    # labelled matching example is exported with).
    result_raw = models.JSONField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["platform", "external_id"], name="market_unique_platform_external_id"
            )
        ]
        indexes = [
            models.Index(fields=["platform", "status"], name="market_platform_status"),
            models.Index(fields=["close_time"], name="market_close_time"),
        ]

    def __str__(self) -> str:
        return f"{self.platform.slug}:{self.external_id}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def is_settled(self) -> bool:
        return self.settlement_value is not None


class OrderBook(models.Model):
    """One stored book snapshot in the YES view. Written only when the levels changed."""

    class Source(models.TextChoices):
        REST = "rest"
        WS = "ws"

    market = models.ForeignKey(Market, on_delete=models.CASCADE, related_name="books")
    captured_at = models.DateTimeField()
    exchange_ts = models.DateTimeField(null=True, blank=True)
    # [[price, size], ...] as decimal strings, best first.
    yes_bids = models.JSONField(default=list)
    yes_asks = models.JSONField(default=list)
    seq = models.BigIntegerField(null=True, blank=True)
    venue_hash = models.CharField(max_length=100, blank=True)
    content_hash = models.CharField(max_length=32)
    source = models.CharField(max_length=4, choices=Source.choices, default=Source.REST)

    class Meta:
        indexes = [
            models.Index(fields=["market", "-captured_at"], name="book_market_captured"),
            models.Index(fields=["captured_at"], name="book_captured"),
        ]

    def __str__(self) -> str:
        return f"book {self.market_id} @ {self.captured_at:%H:%M:%S}"
