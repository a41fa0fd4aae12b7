"""Pure pre-trade risk checks. Values in, refusals out: no Django, no I/O (import-linter checks it).

Every check that fails yields a Refusal with a stable code (stored and shown on the dashboard) and
a message with the figures. An empty list means the attempt may go ahead.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal

ZERO = Decimal(0)


@dataclass(frozen=True, slots=True)
class RiskLimits:
    max_notional_per_attempt: Decimal
    max_notional_per_pair: Decimal
    max_notional_per_venue: Decimal
    max_daily_loss: Decimal
    max_open_attempts: int
    max_quote_age_s: float
    min_net_profit: Decimal
    min_return: Decimal


@dataclass(frozen=True, slots=True)
class RiskInput:
    """Everything the checks look at for one planned attempt.

    `notional_by_venue` is this attempt's cost plus fees per venue slug (a basket's every leg,
    summed per venue: its total capital counts); the `open_*` figures are the capital already
    committed (cost basis of held positions) before this attempt. `open_pair_notional` is the
    pair's, or for a basket its source's (`group` says which, for the messages); the per-pair
    limit bounds either.
    """

    mode: str
    kill_switch: bool
    credentials_ok: bool
    notional_by_venue: Mapping[str, Decimal]
    net_profit: Decimal
    return_on_capital: Decimal
    open_pair_notional: Decimal
    open_venue_notional: Mapping[str, Decimal]
    daily_realised_pnl: Decimal
    open_attempts: int
    quote_ages_s: Mapping[str, float | None]
    balances: Mapping[str, Decimal | None] = field(default_factory=dict)
    group: str = "pair"


@dataclass(frozen=True, slots=True)
class Refusal:
    code: str
    message: str


def check(risk: RiskInput, limits: RiskLimits) -> list[Refusal]:
    """Run every check; returns the refusals (empty when the attempt may proceed)."""
    out: list[Refusal] = []
    if risk.mode not in ("paper", "live"):
        out.append(Refusal("mode_off", f"trading mode is {risk.mode!r}"))
    if risk.kill_switch:
        out.append(Refusal("kill_switch", "the kill switch is on"))
    if risk.mode == "live" and not risk.credentials_ok:
        out.append(Refusal("credentials", "live trading needs both venues' keys"))
    notional = sum(risk.notional_by_venue.values(), ZERO)
    if notional > limits.max_notional_per_attempt:
        out.append(Refusal(
            "notional_attempt",
            f"{'basket' if risk.group != 'pair' else 'attempt'} notional {notional} > limit "
            f"{limits.max_notional_per_attempt}",
        ))
    if risk.open_pair_notional + notional > limits.max_notional_per_pair:
        out.append(Refusal(
            "notional_pair",
            f"{risk.group} notional {risk.open_pair_notional} + {notional} > limit "
            f"{limits.max_notional_per_pair}",
        ))
    for venue, amount in sorted(risk.notional_by_venue.items()):
        held = risk.open_venue_notional.get(venue, ZERO)
        if held + amount > limits.max_notional_per_venue:
            out.append(Refusal(
                "notional_venue",
                f"{venue} notional {held} + {amount} > limit {limits.max_notional_per_venue}",
            ))
        balance = risk.balances.get(venue)
        if balance is None:
            out.append(Refusal("balance_unknown", f"{venue} balance could not be read"))
        elif balance < amount:
            out.append(Refusal("balance", f"{venue} balance {balance} < needed {amount}"))
    if risk.daily_realised_pnl < -limits.max_daily_loss:
        out.append(Refusal(
            "daily_loss",
            f"today's realised P&L {risk.daily_realised_pnl} is below -{limits.max_daily_loss}",
        ))
    if risk.open_attempts >= limits.max_open_attempts:
        out.append(Refusal(
            "open_attempts",
            f"{risk.open_attempts} attempts open (limit {limits.max_open_attempts})",
        ))
    for venue, age_s in sorted(risk.quote_ages_s.items()):
        if age_s is None or age_s > limits.max_quote_age_s:
            shown = "unknown" if age_s is None else f"{age_s:.1f}s"
            out.append(Refusal(
                "quote_age", f"{venue} book age {shown} > {limits.max_quote_age_s}s",
            ))
    if risk.net_profit < limits.min_net_profit:
        out.append(Refusal(
            "min_profit", f"net profit {risk.net_profit} < minimum {limits.min_net_profit}",
        ))
    if risk.return_on_capital < limits.min_return:
        out.append(Refusal(
            "min_return",
            f"return {risk.return_on_capital:.4f} < minimum {limits.min_return}",
        ))
    return out
