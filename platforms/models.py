"""A venue's row: whether it is enabled and how healthy it is. Secrets never live here."""

from django.db import models

from common.models import BaseModel


class Platform(BaseModel):
    slug = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=100)
    enabled = models.BooleanField(default=True)
    # Health, written by the sync and book jobs; the dashboard shows it.
    last_sync_at = models.DateTimeField(null=True, blank=True)
    last_sync_stats = models.JSONField(default=dict, blank=True)
    last_book_at = models.DateTimeField(null=True, blank=True)
    last_ok_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    last_error_at = models.DateTimeField(null=True, blank=True)
    rate_limited_until = models.DateTimeField(null=True, blank=True)
    # A long job (catalog sync, matching) reports progress here: {"job", "done", "total", "at"}.
    progress = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["slug"]

    def __str__(self) -> str:
        return self.name or self.slug

    @property
    def is_healthy(self) -> bool:
        if self.last_error_at is None:
            return self.last_ok_at is not None
        return self.last_ok_at is not None and self.last_ok_at > self.last_error_at
