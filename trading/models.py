"""The execution journal: attempts, their orders, fills and positions, risk refusals, drift flags.

An ArbAttempt is a persisted state machine (see trading/services/machine.py). Every transition is one
conditional UPDATE (with an event row per state passed), committed before the venue call it leads
to, so a crash at any point leaves a row that recovery can resume from; transitions that lead to
no venue call share the commit of the next one that does. Order rows are written (with a client order
id chosen up front) in the same transaction as the transition that sends them: an order can be
looked up by its client id after any crash, and is never sent twice.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q

from common.models import BaseModel
from markets.models import Market
from similarity.models import MarketPair

MONEY: dict[str, Any] = {"max_digits": 20, "decimal_places": 6}
PRICE: dict[str, Any] = {"max_digits": 12, "decimal_places": 6}


class TradingMode(models.TextChoices):
    OFF = "off"
    PAPER = "paper"
    LIVE = "live"


class ArbAttempt(BaseModel):
    """One try at turning an opportunity into a hedged pair of positions, or a request into a
    basket (kind "basket": the same number of contracts on 2-12 legs, trading.services.basket).

    A pair attempt has legs "a" and "b" (its pair's markets); a basket attempt letters its legs
    "a".."l" in the request's order and keeps each leg's market, outcome and limit in `plan`
    under that letter, so orders and positions key their leg the same way for both kinds.
    """

    class Kind(models.TextChoices):
        PAIR = "pair"
        BASKET = "basket"

    class State(models.TextChoices):
        PLANNED = "planned"
        RISK_CHECKED = "risk_checked"
        LEG1_SENT = "leg1_sent"
        LEG1_FILLED = "leg1_filled"
        LEG1_PARTIAL = "leg1_partial"
        LEG1_FAILED = "leg1_failed"
        LEG2_SENT = "leg2_sent"
        COMPLETE = "complete"
        LEG2_PARTIAL = "leg2_partial"
        HEDGING = "hedging"
        UNWINDING = "unwinding"
        HEDGED = "hedged"
        UNWOUND = "unwound"
        NEEDS_ATTENTION = "needs_attention"
        # Nothing was sent: stopped before leg 1 (kill switch, refusal, or recovered crash).
        CANCELED = "canceled"
        # Baskets only: a leg after the first (the thinnest) is in flight; after the last,
        # legs_partial when the legs hold unequal sizes (then hedging / unwinding as for pairs).
        LEGS_SENT = "legs_sent"
        LEGS_PARTIAL = "legs_partial"

    # States after which the machine does nothing more. needs_attention is terminal for the
    # machine (a person takes over) but it keeps its alert flag until resolved.
    TERMINAL_STATES = (
        State.LEG1_FAILED, State.COMPLETE, State.HEDGED, State.UNWOUND, State.NEEDS_ATTENTION,
        State.CANCELED,
    )

    class Leg(models.TextChoices):
        A = "a"
        B = "b"
        # Basket legs 3-12 (a basket has at most 12).
        C = "c"
        D = "d"
        E = "e"
        F = "f"
        G = "g"
        H = "h"
        I = "i"  # noqa: E741 (a leg letter)
        J = "j"
        K = "k"
        L = "l"

    uid = models.CharField(max_length=24, unique=True)
    opportunity = models.ForeignKey(
        "arbitrage.Opportunity", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="attempts",
    )
    kind = models.CharField(max_length=6, choices=Kind.choices, default=Kind.PAIR)
    # Null for a basket (its markets are in `plan`, its legs' orders and positions).
    pair = models.ForeignKey(
        MarketPair, on_delete=models.PROTECT, related_name="attempts", null=True, blank=True
    )
    # What asked for a basket, e.g. "basket_opportunity:<id>" (audit; one open attempt each).
    source = models.CharField(max_length=200, blank=True)
    # A basket's guaranteed payout per unit (1, or n - 1 for NO on every member of an n-set).
    payout_per_unit = models.DecimalField(**MONEY, null=True, blank=True)
    direction = models.CharField(max_length=12)
    mode = models.CharField(max_length=5, choices=TradingMode.choices)
    state = models.CharField(max_length=16, choices=State.choices, default=State.PLANNED)
    # Bumped by every transition: the conditional UPDATE matches (id, state, version), so a
    # transition that repeats a state (hedging -> hedging) still cannot be applied twice.
    version = models.IntegerField(default=0)
    is_open = models.BooleanField(default=True)
    leg1 = models.CharField(max_length=1, choices=Leg.choices)
    # The plan as decided: per leg outcome, limit price, size, expected cost and fee (strings).
    plan = models.JSONField(default=dict)
    planned_size = models.DecimalField(**MONEY)
    expected_net_profit = models.DecimalField(**MONEY)
    leg2_retries = models.IntegerField(default=0)
    # Realised P&L: locked-in edge of the hedged contracts plus the result of any unwind.
    realised_pnl = models.DecimalField(**MONEY, null=True, blank=True)
    needs_attention = models.BooleanField(default=False, db_index=True)
    attention_reason = models.TextField(blank=True)
    attention_resolved_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(blank=True)
    # A worker drives the attempt while it holds an unexpired lease; recovery takes stale ones.
    lease_until = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True, db_index=True)
    # When every market the attempt held contracts in had settled and realised_pnl became
    # what the venues paid (trading.services.settle).
    settled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["pair"], condition=Q(is_open=True), name="attempt_one_open_per_pair"
            ),
            models.UniqueConstraint(
                fields=["source"], condition=Q(is_open=True, kind="basket"),
                name="attempt_one_open_per_basket_source",
            ),
            models.CheckConstraint(
                condition=Q(kind="basket") | Q(pair__isnull=False), name="attempt_pair_has_pair",
            ),
        ]
        indexes = [models.Index(fields=["is_open", "state"], name="attempt_open_state")]

    @property
    def is_basket(self) -> bool:
        return self.kind == self.Kind.BASKET

    def __str__(self) -> str:
        if self.is_basket:
            return f"attempt {self.uid} basket {self.source} {self.state}"
        return f"attempt {self.uid} pair {self.pair_id} {self.state}"


class ArbAttemptEvent(models.Model):
    """One state transition of an attempt (the readable history of the journal)."""

    attempt = models.ForeignKey(ArbAttempt, on_delete=models.CASCADE, related_name="events")
    from_state = models.CharField(max_length=16)
    to_state = models.CharField(max_length=16)
    reason = models.TextField(blank=True)
    at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["attempt", "at"], name="attempt_event_at")]

    def __str__(self) -> str:
        return f"{self.attempt_id}: {self.from_state} -> {self.to_state}"


class Order(BaseModel):
    """One order of an attempt, journaled before it is sent."""

    class Role(models.TextChoices):
        LEG1 = "leg1"
        LEG2 = "leg2"
        # A basket's legs after the first (the first, the thinnest, is leg1).
        LEG = "leg"
        RETRY = "retry"
        UNWIND = "unwind"

    class Status(models.TextChoices):
        # Written before the venue call: it may or may not have reached the venue.
        SENT = "sent"
        # The call failed without an answer (timeout, garbage): look it up by client id.
        UNKNOWN = "unknown"
        FILLED = "filled"
        PARTIAL = "partial"
        CANCELED = "canceled"
        REJECTED = "rejected"
        # Looked up after a failed call and the venue has no such order.
        NOT_PLACED = "not_placed"

    UNRESOLVED = (Status.SENT, Status.UNKNOWN)

    attempt = models.ForeignKey(ArbAttempt, on_delete=models.CASCADE, related_name="orders")
    leg = models.CharField(max_length=1, choices=ArbAttempt.Leg.choices)
    role = models.CharField(max_length=6, choices=Role.choices)
    mode = models.CharField(max_length=5, choices=TradingMode.choices)
    platform_slug = models.CharField(max_length=40)
    market = models.ForeignKey(Market, on_delete=models.PROTECT, related_name="orders")
    outcome = models.CharField(max_length=3)
    action = models.CharField(max_length=4)
    limit_price = models.DecimalField(**PRICE)
    size = models.DecimalField(**MONEY)
    time_in_force = models.CharField(max_length=3, default="ioc")
    client_order_id = models.CharField(max_length=64, unique=True)
    venue_order_id = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SENT)
    filled_size = models.DecimalField(**MONEY, default=0)
    average_price = models.DecimalField(**PRICE, null=True, blank=True)
    fee_paid = models.DecimalField(**MONEY, default=0)
    error = models.TextField(blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["status"], name="order_status")]

    def __str__(self) -> str:
        return f"{self.client_order_id} {self.action} {self.size} {self.outcome} @ {self.limit_price}"


class Fill(BaseModel):
    """An execution of an order at a price, with the fee actually charged."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="fills")
    venue_fill_id = models.CharField(max_length=200)
    price = models.DecimalField(**PRICE)
    size = models.DecimalField(**MONEY)
    fee = models.DecimalField(**MONEY)
    ts = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["order", "venue_fill_id"], name="fill_unique_per_order")
        ]

    def __str__(self) -> str:
        return f"fill {self.size} @ {self.price} ({self.order_id})"


class Position(BaseModel):
    """What one attempt holds on one leg: net contracts, their cost basis and realised P&L."""

    attempt = models.ForeignKey(ArbAttempt, on_delete=models.CASCADE, related_name="positions")
    leg = models.CharField(max_length=1, choices=ArbAttempt.Leg.choices)
    mode = models.CharField(max_length=5, choices=TradingMode.choices)
    platform_slug = models.CharField(max_length=40)
    market = models.ForeignKey(Market, on_delete=models.PROTECT, related_name="positions")
    outcome = models.CharField(max_length=3)
    size = models.DecimalField(**MONEY, default=0)
    # Cost of the contracts still held (purchase price plus buy fees), in dollars.
    cost_basis = models.DecimalField(**MONEY, default=0)
    fees_paid = models.DecimalField(**MONEY, default=0)
    realised_pnl = models.DecimalField(**MONEY, default=0)
    # At settlement the contracts are paid out: size and cost basis go to 0, the payout is kept
    # here and payout - cost basis is added to realised_pnl.
    settled_size = models.DecimalField(**MONEY, null=True, blank=True)
    settlement_payout = models.DecimalField(**MONEY, null=True, blank=True)
    settled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["attempt", "leg"], name="position_unique_attempt_leg")
        ]
        # The risk checks sum held positions per venue before every attempt.
        indexes = [
            models.Index(
                fields=["mode", "platform_slug"], condition=Q(size__gt=0), name="position_held"
            )
        ]

    def __str__(self) -> str:
        return f"{self.platform_slug}:{self.market_id} {self.outcome} {self.size}"


class RiskRefusal(BaseModel):
    """A refusal by the risk checks, one row per (opportunity, reason code), counted."""

    opportunity = models.ForeignKey(
        "arbitrage.Opportunity", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="risk_refusals",
    )
    # Null for a refused basket, which names its request in `source` instead.
    pair = models.ForeignKey(
        MarketPair, on_delete=models.CASCADE, related_name="risk_refusals", null=True, blank=True
    )
    source = models.CharField(max_length=200, blank=True)
    mode = models.CharField(max_length=5, choices=TradingMode.choices)
    code = models.CharField(max_length=40)
    message = models.TextField()
    count = models.IntegerField(default=1)
    last_at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["-last_at"], name="refusal_last_at")]

    def __str__(self) -> str:
        return f"refused {self.source or f'pair {self.pair_id}'}: {self.code}"


class DriftFlag(BaseModel):
    """A disagreement between the journal and a venue, or an alert a person must look at."""

    class Kind(models.TextChoices):
        ORDER = "order", "order status/fill differs"
        GHOST_FILL = "ghost_fill", "venue fill unknown to the journal"
        POSITION = "position", "venue position differs"
        STUCK = "stuck", "attempt could not be resolved"
        UNHEDGED = "unhedged", "unhedged position"
        RESOLUTION = "resolution", "paired markets settled differently"

    kind = models.CharField(max_length=10, choices=Kind.choices)
    platform_slug = models.CharField(max_length=40, blank=True)
    attempt = models.ForeignKey(
        ArbAttempt, on_delete=models.CASCADE, null=True, blank=True, related_name="drift_flags"
    )
    # Identifies the finding so a repeated reconcile run updates rather than duplicates it.
    key = models.CharField(max_length=300)
    message = models.TextField()
    detail = models.JSONField(default=dict, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["key"], condition=Q(resolved_at__isnull=True), name="drift_one_open_per_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.message[:60]}"


# Why the kill switch was flipped, in characters: one line. The column enforces it too.
KILL_SWITCH_REASON_MAX = 500


class KillSwitch(models.Model):
    """The DB-backed kill switch: a single row (id=1). The setting EVENTSARB_KILL_SWITCH also stops."""

    SINGLETON_ID = 1

    enabled = models.BooleanField(default=False)
    reason = models.CharField(max_length=KILL_SWITCH_REASON_MAX, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+",
    )
    changed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        # Stopping or resuming trading: its own permission (see trading/permissions.py).
        permissions = [("set_kill_switch", "Can turn the kill switch on or off")]

    def __str__(self) -> str:
        return f"kill switch {'ON' if self.enabled else 'off'}"
