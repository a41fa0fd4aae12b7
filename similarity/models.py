"""MarketPair: a proposed or reviewed claim that two markets settle on the same outcome."""

from django.conf import settings
from django.db import models

from common.models import BaseModel
from markets.models import Market

# A reviewer's reason, in characters: a paragraph or two. The column enforces it too.
REVIEW_REASON_MAX = 2000


class MarketPair(BaseModel):
    class Relation(models.TextChoices):
        IDENTICAL = "identical", "identical (same event)"
        A_IMPLIES_B = "a_implies_b", "A implies B"
        B_IMPLIES_A = "b_implies_a", "B implies A"
        RELATED = "related", "related (correlated only)"
        DIFFERENT = "different", "different"

    class Orientation(models.TextChoices):
        SAME = "same", "same (A-YES settles like B-YES)"
        INVERTED = "inverted", "inverted (A-YES settles like B-NO)"

    class Status(models.TextChoices):
        PROPOSED = "proposed"
        APPROVED = "approved"
        REJECTED = "rejected"
        RETIRED = "retired"

    class Resolution(models.TextChoices):
        """Whether both markets settled as the relation and orientation say (similarity.resolution)."""

        AGREED = "agreed"
        DIVERGED = "diverged"
        INCONCLUSIVE = "inconclusive"

    # market_a is the Kalshi-side market, market_b the Polymarket-side market.
    market_a = models.ForeignKey(Market, on_delete=models.CASCADE, related_name="pairs_as_a")
    market_b = models.ForeignKey(Market, on_delete=models.CASCADE, related_name="pairs_as_b")
    relation = models.CharField(
        max_length=12, choices=Relation.choices, default=Relation.IDENTICAL
    )
    orientation = models.CharField(
        max_length=8, choices=Orientation.choices, default=Orientation.SAME
    )
    similarity = models.FloatField(default=0.0)
    confidence = models.FloatField(default=0.0)
    findings = models.JSONField(default=list, blank=True)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PROPOSED, db_index=True
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="reviewed_pairs",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reason = models.CharField(max_length=REVIEW_REASON_MAX, blank=True)
    # What both sides looked like when a person reviewed the pair: a change sends it back.
    rules_hash_a = models.CharField(max_length=64, blank=True)
    rules_hash_b = models.CharField(max_length=64, blank=True)
    close_time_a = models.DateTimeField(null=True, blank=True)
    close_time_b = models.DateTimeField(null=True, blank=True)
    # Checked once both markets have settled ("" before): a divergence is settlement's verdict
    # that the pair was not what it was approved as.
    resolution = models.CharField(max_length=12, choices=Resolution.choices, blank=True)
    resolution_detail = models.TextField(blank=True)
    resolution_checked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["market_a", "market_b"], name="pair_unique_markets"),
            models.CheckConstraint(
                condition=~models.Q(market_a=models.F("market_b")), name="pair_distinct_markets"
            ),
        ]
        indexes = [models.Index(fields=["status", "relation"], name="pair_status_relation")]
        # Approving lets a pair trade: its own permission, not change_marketpair or is_staff.
        permissions = [("review_marketpair", "Can approve or reject market pairs")]

    def __str__(self) -> str:
        return f"{self.market_a.external_id} ~ {self.market_b.external_id} ({self.status})"

    @property
    def is_tradeable(self) -> bool:
        """Only approved identical pairs are traded (either orientation)."""
        return self.status == self.Status.APPROVED and self.relation == self.Relation.IDENTICAL


class MarketEmbedding(BaseModel):
    """A market's text embedding, kept until its text (or the model) changes.

    Wide (1.5 KB of vector per row): read only by market id, never scanned for changes.
    """

    market = models.OneToOneField(Market, on_delete=models.CASCADE, related_name="embedding")
    model_name = models.CharField(max_length=100)
    # L2-normalised float32 vector as raw bytes (384 dims = 1,536 bytes).
    vector = models.BinaryField()
    text_hash = models.CharField(max_length=64)

    def __str__(self) -> str:
        return f"embedding of market {self.market_id} ({self.model_name})"


class EmbeddedText(models.Model):
    """What a market looked like when it was embedded, on a narrow table of its own.

    One SQL comparison of every open market with this row finds the markets to re-embed and
    re-match. Kept apart from the vectors so that comparison reads ~50 MB for a 285k catalog
    instead of the whole embedding table (over 1 GB).
    """

    market = models.OneToOneField(
        Market, on_delete=models.CASCADE, primary_key=True, related_name="embedded_text"
    )
    model_name = models.CharField(max_length=100)
    title = models.TextField(blank=True, default="")
    subtitle = models.TextField(blank=True, default="")
    outcome_label = models.CharField(max_length=200, blank=True, default="")
    no_outcome_label = models.CharField(max_length=200, blank=True, default="")
    event_title = models.TextField(blank=True, default="")
    category = models.CharField(max_length=100, blank=True, default="")
    rules_hash = models.CharField(max_length=64, blank=True, default="")
    close_time = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"embedded text of market {self.market_id} ({self.model_name})"
