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


class OutcomeSet(BaseModel):
    """Markets whose YES outcomes are mutually exclusive: at most one member settles YES.

    Proposed from a venue's structure (`kind=venue`: a Kalshi event flagged mutually_exclusive,
    a Polymarket neg-risk group) or across venues (`kind=cross`: two approved venue sets whose
    members are approved identical pairs; members sharing an `outcome_key` are the same outcome
    on two venues). A person approves a set before it is priced, and separately confirms it
    `exhaustive` (exactly one member settles YES: a closed candidate list, or a catch-all
    member). A set whose venue can still add outcomes (`open_ended`: Polymarket augmented
    neg-risk, or an event seen gaining a market) is never confirmed exhaustive without a
    catch-all member. A new member sends the set back to review and clears `exhaustive`.
    Baskets (arbitrage.BasketOpportunity): NO on every member always pays n - 1 per unit; YES on
    every member pays 1 only when exhaustive.
    """

    class Kind(models.TextChoices):
        VENUE = "venue", "one venue's structure"
        CROSS = "cross", "across venues"

    class Status(models.TextChoices):
        PROPOSED = "proposed"
        APPROVED = "approved"
        REJECTED = "rejected"

    # "kalshi:event:<ticker>", "polymarket:neg_risk:<id>", "cross:<set id>:<set id>": what the
    # proposer finds the set again by on the next sync.
    key = models.CharField(max_length=300, unique=True)
    kind = models.CharField(max_length=5, choices=Kind.choices)
    title = models.TextField(blank=True)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PROPOSED, db_index=True
    )
    exhaustive = models.BooleanField(default=False)
    open_ended = models.BooleanField(default=False)
    # The two venue sets a cross set was aligned from (null for venue sets).
    source_a = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    source_b = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="reviewed_outcome_sets",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reason = models.CharField(max_length=REVIEW_REASON_MAX, blank=True)
    # Once every member has settled: did they settle as a set of mutually exclusive (and, when
    # confirmed, exhaustive) outcomes must? (similarity.resolution.set_resolution_verdict)
    resolution = models.CharField(max_length=12, choices=MarketPair.Resolution.choices, blank=True)
    resolution_detail = models.TextField(blank=True)
    resolution_checked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["status", "kind"], name="outcomeset_status_kind")]

    def __str__(self) -> str:
        return f"{self.key} ({self.status}{', exhaustive' if self.exhaustive else ''})"

    @property
    def has_catch_all(self) -> bool:
        """A member that settles YES when no named outcome does ("Other", "None of the above")."""
        return any(m.is_catch_all for m in self.members.all())

    @property
    def may_be_exhaustive(self) -> bool:
        """Whether a person may confirm this set exhaustive (an open-ended set needs a
        catch-all member: the venue could otherwise add the outcome that wins)."""
        return not self.open_ended or self.has_catch_all


class OutcomeSetMember(BaseModel):
    """One market of an outcome set. `outcome_key` names the outcome: unique per venue set;
    in a cross set the two venues' markets of one outcome share it (legs bought on either).
    `rules_hash` is the market's rules when the set was reviewed (a change stops pricing)."""

    outcome_set = models.ForeignKey(OutcomeSet, on_delete=models.CASCADE, related_name="members")
    market = models.ForeignKey(Market, on_delete=models.CASCADE, related_name="outcome_set_members")
    outcome_key = models.CharField(max_length=100)
    label = models.CharField(max_length=300, blank=True)
    is_catch_all = models.BooleanField(default=False)
    rules_hash = models.CharField(max_length=64, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["outcome_set", "market"], name="outcomesetmember_unique_market"
            )
        ]

    def __str__(self) -> str:
        return f"set {self.outcome_set_id}: {self.label or self.market_id}"
