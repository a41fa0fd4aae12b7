"""Shared model bases and the job lock table."""

from django.db import models


class BaseModel(models.Model):
    """Adds created_at / updated_at to every domain model."""

    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class JobLock(models.Model):
    """A lease held by whoever runs a singleton job (a beat task or a runengine step).

    Works on Postgres and SQLite alike, so the embedded runner and Celery share one mechanism.
    """

    name = models.CharField(max_length=100, primary_key=True)
    holder = models.CharField(max_length=100)
    expires_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} held by {self.holder} until {self.expires_at:%H:%M:%S}"
