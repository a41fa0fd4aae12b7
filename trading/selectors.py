"""Reads for trading: the active mode, the kill switch, attempts, refusals, drift and P&L."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal

from django.conf import settings
from django.db import connection
from django.db.models import QuerySet

from arbitrage.models import Opportunity
from markets.models import Market
from trading.models import ArbAttempt, DriftFlag, KillSwitch, Position, RiskRefusal, TradingMode

ZERO = Decimal(0)
ONE = Decimal(1)


def trading_mode() -> str:
    """The configured trading mode: "off", "paper" or "live" (anything else counts as "off").

    Live additionally needs both venues' keys and the kill switch off; those are checked per
    attempt by the risk checks, so a misconfigured live setting never falls back to paper silently.
    """
    mode = str(settings.EVENTSARB_TRADING_MODE).strip().lower()
    return mode if mode in TradingMode.values else TradingMode.OFF


def kill_switch_active() -> bool:
    """True when the setting EVENTSARB_KILL_SWITCH or the DB toggle stops new attempts."""
    if settings.EVENTSARB_KILL_SWITCH:
        return True
    return KillSwitch.objects.filter(id=KillSwitch.SINGLETON_ID, enabled=True).exists()


def kill_switch_get() -> KillSwitch | None:
    """The DB kill-switch row (who flipped it, when, why), or None when never set."""
    return KillSwitch.objects.select_related("changed_by").filter(id=KillSwitch.SINGLETON_ID).first()


@dataclass(frozen=True)
class ExecutionContext:
    """An opportunity with its pair, markets and venues loaded, and what the risk checks read.

    The `open_*` figures are capital already committed (cost basis of held, unsettled positions);
    `open_venue_notional` covers the pair's two venues only.
    """

    opportunity: Opportunity
    pair_busy: bool
    kill_switch: bool
    open_pair_notional: Decimal
    open_venue_notional: dict[str, Decimal]
    daily_realised_pnl: Decimal
    open_attempts: int


# Every figure the risk checks read, as one statement of scalar subqueries. Hand-written because
# it runs before every attempt and the ORM spends several ms of CPU compiling the same thing as
# correlated subqueries (bench/bench_execution.py); plain SQL that PostgreSQL and SQLite both run.
# Positions held in a settled market no longer commit capital.
_RISK_FIGURES_SQL = """
SELECT
    EXISTS (SELECT 1 FROM trading_arbattempt WHERE pair_id = %s AND is_open),
    EXISTS (SELECT 1 FROM trading_killswitch WHERE id = %s AND enabled),
    (SELECT COALESCE(SUM(p.cost_basis), 0) FROM trading_position p
     JOIN markets_market m ON m.id = p.market_id
     WHERE p.mode = %s AND p.size > 0 AND m.status <> %s
       AND p.attempt_id IN (SELECT id FROM trading_arbattempt WHERE pair_id = %s)),
    (SELECT COALESCE(SUM(p.cost_basis), 0) FROM trading_position p
     JOIN markets_market m ON m.id = p.market_id
     WHERE p.mode = %s AND p.size > 0 AND m.status <> %s AND p.platform_slug = %s),
    (SELECT COALESCE(SUM(p.cost_basis), 0) FROM trading_position p
     JOIN markets_market m ON m.id = p.market_id
     WHERE p.mode = %s AND p.size > 0 AND m.status <> %s AND p.platform_slug = %s),
    (SELECT COALESCE(SUM(realised_pnl), 0) FROM trading_arbattempt
     WHERE mode = %s AND finished_at >= %s),
    (SELECT COUNT(*) FROM trading_arbattempt WHERE mode = %s AND is_open)
"""


def execution_context(*, opportunity_id: int, mode: str, now: datetime) -> ExecutionContext:
    """Everything executing one opportunity reads before it journals, in two queries.

    Daily realised P&L counts attempts finished since 00:00 UTC of `now`. The markets' book
    pointers (latest_book_id, book_checked_at) come with the opportunity, as current as the
    read. Raises Opportunity.DoesNotExist.
    """
    opp = Opportunity.objects.select_related(
        "pair__market_a__platform", "pair__market_b__platform"
    ).get(id=opportunity_id)
    pair = opp.pair
    slug_a, slug_b = pair.market_a.platform.slug, pair.market_b.platform.slug
    midnight = now.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    settled = Market.Status.SETTLED.value
    with connection.cursor() as cursor:
        cursor.execute(_RISK_FIGURES_SQL, [
            pair.id, KillSwitch.SINGLETON_ID,
            mode, settled, pair.id, mode, settled, slug_a, mode, settled, slug_b,
            mode, connection.ops.adapt_datetimefield_value(midnight), mode,
        ])
        busy, switch_on, pair_held, held_a, held_b, pnl, open_count = cursor.fetchone()
    venue_notional = {slug_a: Decimal(str(held_a))}
    venue_notional[slug_b] = Decimal(str(held_b))
    return ExecutionContext(
        opportunity=opp, pair_busy=bool(busy),
        kill_switch=bool(settings.EVENTSARB_KILL_SWITCH) or bool(switch_on),
        open_pair_notional=Decimal(str(pair_held)), open_venue_notional=venue_notional,
        daily_realised_pnl=Decimal(str(pnl)), open_attempts=int(open_count),
    )


def attempt_list(*, mode: str | None = None, pair_id: int | None = None) -> QuerySet[ArbAttempt]:
    """Attempts newest first, with their pair's markets loaded."""
    qs = ArbAttempt.objects.select_related(
        "pair__market_a__platform", "pair__market_b__platform", "opportunity"
    ).order_by("-created_at")
    if mode:
        qs = qs.filter(mode=mode)
    if pair_id is not None:
        qs = qs.filter(pair_id=pair_id)
    return qs


def attempt_list_needing_attention() -> QuerySet[ArbAttempt]:
    """Attempts flagged for a person (unhedged leg, stuck order) and not yet resolved."""
    return attempt_list().filter(needs_attention=True, attention_resolved_at__isnull=True)


def attempt_get(*, attempt_id: int) -> ArbAttempt:
    return (
        attempt_list()
        .prefetch_related("orders__fills", "positions__market", "events")
        .get(id=attempt_id)
    )


def risk_refusal_list_recent(*, limit: int = 100) -> QuerySet[RiskRefusal]:
    return RiskRefusal.objects.select_related("pair", "opportunity").order_by("-last_at")[:limit]


def drift_flag_list_open() -> QuerySet[DriftFlag]:
    """Unresolved journal/venue disagreements and alerts, newest first."""
    return DriftFlag.objects.filter(resolved_at__isnull=True).select_related("attempt").order_by(
        "-created_at"
    )


@dataclass(frozen=True)
class Pnl:
    """Realised (locked-in or sold) and unrealised (unhedged contracts marked to the bid) P&L."""

    realised: Decimal
    unrealised: Decimal


def _mark_price(position: Position) -> Decimal:
    """What an unhedged position could be sold for now: the best bid of its outcome (stored book)."""
    book = position.market.latest_book
    if book is None:
        return ZERO
    if position.outcome == "yes":
        return Decimal(book.yes_bids[0][0]) if book.yes_bids else ZERO
    return ONE - Decimal(book.yes_asks[0][0]) if book.yes_asks else ZERO


def attempt_pnl(*, attempt: ArbAttempt) -> Pnl:
    """P&L of one attempt: realised as journaled, unrealised for the contracts left unhedged."""
    positions = {p.leg: p for p in attempt.positions.select_related("market__latest_book")}
    a, b = positions.get("a"), positions.get("b")
    realised = sum((p.realised_pnl for p in positions.values()), ZERO)
    matched = min(a.size, b.size) if a is not None and b is not None else ZERO
    if a is not None and b is not None and matched > 0:
        # Each hedged pair of contracts pays exactly 1 at settlement: that edge is locked in.
        realised += matched * (ONE - a.cost_basis / a.size - b.cost_basis / b.size)
    unrealised = ZERO
    for p in positions.values():
        naked = p.size - matched
        if naked > 0:
            unrealised += naked * (_mark_price(p) - p.cost_basis / p.size)
    return Pnl(realised=realised, unrealised=unrealised)


def pair_pnl(*, pair_id: int, mode: str | None = None) -> Pnl:
    """P&L summed over every attempt of a pair."""
    realised, unrealised = ZERO, ZERO
    for attempt in attempt_list(mode=mode, pair_id=pair_id):
        pnl = attempt_pnl(attempt=attempt)
        realised += pnl.realised
        unrealised += pnl.unrealised
    return Pnl(realised=realised, unrealised=unrealised)
