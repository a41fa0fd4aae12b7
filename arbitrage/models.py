"""Opportunity lifecycle rows (pairs and baskets) and the spread monitors."""

from decimal import Decimal

from django.db import models
from django.db.models import Q

from common.models import BaseModel
from markets.models import OrderBook
from similarity.models import MarketPair, OutcomeSet


class Opportunity(BaseModel):
    """One arbitrage, from first sight to disappearance. One open row per (pair, direction).

    Leg A is the pair's market_a (Kalshi side), leg B market_b. `outcome_*` says which outcome
    each leg buys ("yes"/"no"); limit prices are the worst level touched, in that outcome's price.
    `inputs` keeps what the engine saw (books, fees, budget, now) so any figure can be re-derived.
    """

    class Direction(models.TextChoices):
        YES_A_NO_B = "yes_a_no_b"
        NO_A_YES_B = "no_a_yes_b"
        YES_A_YES_B = "yes_a_yes_b"
        NO_A_NO_B = "no_a_no_b"

    pair = models.ForeignKey(MarketPair, on_delete=models.CASCADE, related_name="opportunities")
    direction = models.CharField(max_length=12, choices=Direction.choices)
    size = models.DecimalField(max_digits=20, decimal_places=6)
    outcome_a = models.CharField(max_length=3)
    outcome_b = models.CharField(max_length=3)
    limit_price_a = models.DecimalField(max_digits=12, decimal_places=6)
    limit_price_b = models.DecimalField(max_digits=12, decimal_places=6)
    cost_a = models.DecimalField(max_digits=20, decimal_places=6)
    cost_b = models.DecimalField(max_digits=20, decimal_places=6)
    fee_a = models.DecimalField(max_digits=20, decimal_places=6)
    fee_b = models.DecimalField(max_digits=20, decimal_places=6)
    payout = models.DecimalField(max_digits=20, decimal_places=6)
    net_profit = models.DecimalField(max_digits=20, decimal_places=6)
    return_on_capital = models.DecimalField(max_digits=20, decimal_places=8)
    annualised_return = models.DecimalField(max_digits=24, decimal_places=8, null=True, blank=True)
    capital_a = models.DecimalField(max_digits=20, decimal_places=6)
    capital_b = models.DecimalField(max_digits=20, decimal_places=6)
    edge_per_contract = models.DecimalField(max_digits=12, decimal_places=6, null=True, blank=True)
    book_a = models.ForeignKey(OrderBook, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    book_b = models.ForeignKey(OrderBook, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    inputs = models.JSONField(default=dict, blank=True)
    first_seen = models.DateTimeField()
    last_seen = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True, db_index=True)
    peak_net_profit = models.DecimalField(max_digits=20, decimal_places=6)
    alerted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["pair", "direction"], condition=Q(closed_at__isnull=True),
                name="opportunity_one_open_per_pair_direction",
            )
        ]
        indexes = [models.Index(fields=["closed_at", "-net_profit"], name="opp_open_profit")]

    def __str__(self) -> str:
        return f"pair {self.pair_id} {self.direction} {self.size} @ +{self.net_profit}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class SpreadStat(BaseModel):
    """Rolling statistics of the implied-probability spread of one pair (monitoring only)."""

    pair = models.OneToOneField(MarketPair, on_delete=models.CASCADE, related_name="spread_stat")
    samples = models.JSONField(default=list, blank=True)  # [[iso ts, spread], ...] newest last
    sample_count = models.IntegerField(default=0)
    last_spread = models.FloatField(null=True, blank=True)
    mean = models.FloatField(null=True, blank=True)
    std = models.FloatField(null=True, blank=True)
    zscore = models.FloatField(null=True, blank=True)
    half_life_s = models.FloatField(null=True, blank=True)
    flagged = models.BooleanField(default=False)
    flagged_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"spread pair {self.pair_id}: z={self.zscore}"


class PairScanState(models.Model):
    """Why the last scan did or did not evaluate a pair (the dashboard explains missing arbs).

    `reason` is empty when the pair passed every data-quality gate, else one of GateReason;
    `detail` names the side and the value that failed. Written only when reason or detail change,
    so `since` says how long the pair has been in this state.
    """

    class GateReason(models.TextChoices):
        MARKET_NOT_OPEN = "market_not_open"
        BOOK_MISSING = "book_missing"
        BOOK_STALE = "book_stale"
        BOOK_ONE_SIDED = "book_one_sided"
        BOOK_CROSSED = "book_crossed"
        RULES_CHANGED = "rules_changed"
        NOT_PRICEABLE = "not_priceable"  # passed the gates, but the engine refused its data

    pair = models.OneToOneField(MarketPair, on_delete=models.CASCADE, related_name="scan_state")
    reason = models.CharField(max_length=20, choices=GateReason.choices, blank=True)
    detail = models.CharField(max_length=200, blank=True)
    since = models.DateTimeField()

    def __str__(self) -> str:
        return f"pair {self.pair_id}: {self.reason or 'ok'}"

    @property
    def passed(self) -> bool:
        return not self.reason


class BasketOpportunity(BaseModel):
    """One basket arbitrage, from first sight to disappearance: one open row per `basket_key`.

    A basket buys `size` contracts of every outcome of an approved outcome set (kind set_yes:
    YES on every member of an exhaustive set, payout_per_unit 1; set_no: NO on every member of
    an n-outcome set, payout_per_unit n - 1) or of an approved implication pair (kind
    implication: NO on the premise + the conclusion, payout_per_unit 1). `legs` is one object
    per outcome bought: {"market_id", "side" ("yes"/"no"), "venue", "outcome", "limit_price",
    "cost", "fee"} (decimal strings; the venue chosen where an outcome is offered twice).
    `inputs` is the engine's basket case (`python -m arbitrage.engine basket` re-derives it).

    Execution (trading.services.basket.basket_opportunities_execute) builds a BasketRequest from
    `basket_opportunity_legs(opportunity)` -> [(market_id, side), ...] (arbitrage.selectors)
    and `payout_per_unit`, with source "basket:<basket_key>" (one open attempt per basket).
    """

    class Kind(models.TextChoices):
        SET_YES = "set_yes", "YES on every outcome of an exhaustive set"
        SET_NO = "set_no", "NO on every outcome of a set"
        IMPLICATION = "implication", "NO on the premise + YES on the conclusion"

    basket_key = models.CharField(max_length=60)
    kind = models.CharField(max_length=12, choices=Kind.choices)
    outcome_set = models.ForeignKey(
        OutcomeSet, on_delete=models.CASCADE, null=True, blank=True,
        related_name="basket_opportunities",
    )
    pair = models.ForeignKey(
        MarketPair, on_delete=models.CASCADE, null=True, blank=True,
        related_name="basket_opportunities",
    )
    size = models.DecimalField(max_digits=20, decimal_places=6)
    payout_per_unit = models.DecimalField(max_digits=12, decimal_places=6)
    payout = models.DecimalField(max_digits=20, decimal_places=6)
    cost = models.DecimalField(max_digits=20, decimal_places=6)
    fees = models.DecimalField(max_digits=20, decimal_places=6)
    net_profit = models.DecimalField(max_digits=20, decimal_places=6)
    return_on_capital = models.DecimalField(max_digits=20, decimal_places=8)
    annualised_return = models.DecimalField(max_digits=24, decimal_places=8, null=True, blank=True)
    legs = models.JSONField(default=list)
    inputs = models.JSONField(default=dict, blank=True)
    first_seen = models.DateTimeField()
    last_seen = models.DateTimeField()
    closed_at = models.DateTimeField(null=True, blank=True, db_index=True)
    peak_net_profit = models.DecimalField(max_digits=20, decimal_places=6)
    alerted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["basket_key"], condition=Q(closed_at__isnull=True),
                name="basket_opportunity_one_open_per_key",
            )
        ]
        indexes = [models.Index(fields=["closed_at", "-net_profit"], name="basket_opp_open_profit")]

    def __str__(self) -> str:
        return f"basket {self.basket_key} {self.size} @ +{self.net_profit}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    @property
    def capital(self) -> Decimal:
        """Cash the basket locks until settlement: every leg's cost plus fee."""
        return self.cost + self.fees


class BasketSpreadStat(BaseModel):
    """The spread of one basket's total best ask from its payout over time (monitoring only).

    A sample is (sum over outcomes of the cheapest best ask) - payout_per_unit, before fees: below
    zero the basket costs less than it pays. `samples` is [[iso ts, spread], ...], newest last.
    """

    basket_key = models.CharField(max_length=60, unique=True)
    kind = models.CharField(max_length=12, choices=BasketOpportunity.Kind.choices)
    outcome_set = models.ForeignKey(
        OutcomeSet, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    pair = models.ForeignKey(
        MarketPair, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    samples = models.JSONField(default=list, blank=True)
    sample_count = models.IntegerField(default=0)
    last_total_ask = models.DecimalField(max_digits=20, decimal_places=6, null=True, blank=True)
    last_spread = models.FloatField(null=True, blank=True)
    mean = models.FloatField(null=True, blank=True)
    std = models.FloatField(null=True, blank=True)
    zscore = models.FloatField(null=True, blank=True)

    def __str__(self) -> str:
        return f"basket spread {self.basket_key}: {self.last_spread}"
