"""Webhook alerts for new opportunities: POST JSON, rate-limited per pair, failures only logged.

Enabled when settings.EVENTSARB_ALERT_WEBHOOK_URL is set. A new opportunity whose net profit is
at least settings.EVENTSARB_ALERT_MIN_PROFIT is posted unless the same pair was alerted within
settings.EVENTSARB_ALERT_COOLDOWN_S (a flapping pair opens and closes rows; one alert per
cooldown is enough). The payload carries the plan's figures, never credentials. New basket
opportunities are alerted alike (event "basket.new"), rate-limited per basket key.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

import requests
from django.conf import settings

from arbitrage.models import BasketOpportunity, Opportunity

logger = logging.getLogger(__name__)


def opportunity_alert_payload(opportunity: Opportunity) -> dict[str, Any]:
    """The JSON body posted for one opportunity (decimals as strings)."""
    return {
        "event": "opportunity.new",
        "opportunity_id": opportunity.pk,
        "pair_id": opportunity.pair_id,
        "direction": opportunity.direction,
        "size": str(opportunity.size),
        "net_profit": str(opportunity.net_profit),
        "return": str(opportunity.return_on_capital),
        "annualised_return": (
            None if opportunity.annualised_return is None else str(opportunity.annualised_return)
        ),
        "legs": [
            {"side": "a", "outcome": opportunity.outcome_a,
             "limit_price": str(opportunity.limit_price_a), "capital": str(opportunity.capital_a)},
            {"side": "b", "outcome": opportunity.outcome_b,
             "limit_price": str(opportunity.limit_price_b), "capital": str(opportunity.capital_b)},
        ],
        "first_seen": opportunity.first_seen.isoformat(),
    }


def opportunity_alerts_send(*, opportunities: Sequence[Opportunity], now: datetime) -> int:
    """POST an alert for each new opportunity above the threshold; returns how many were sent.

    Never raises for a delivery problem: a failed POST is logged and the opportunity stays
    un-alerted (alerted_at null). alerted_at is set only after a 2xx answer.
    """
    return _alerts_send(opportunities, now=now, group="pair_id", payload=opportunity_alert_payload)


def basket_alert_payload(opportunity: BasketOpportunity) -> dict[str, Any]:
    """The JSON body posted for one basket opportunity (decimals as strings)."""
    return {
        "event": "basket.new",
        "basket_opportunity_id": opportunity.pk,
        "basket_key": opportunity.basket_key,
        "kind": opportunity.kind,
        "outcome_set_id": opportunity.outcome_set_id,
        "pair_id": opportunity.pair_id,
        "size": str(opportunity.size),
        "payout_per_unit": str(opportunity.payout_per_unit),
        "net_profit": str(opportunity.net_profit),
        "return": str(opportunity.return_on_capital),
        "annualised_return": (
            None if opportunity.annualised_return is None else str(opportunity.annualised_return)
        ),
        "legs": [
            {name: leg[name] for name in ("market_id", "side", "venue", "limit_price", "cost", "fee")}
            for leg in opportunity.legs
        ],
        "first_seen": opportunity.first_seen.isoformat(),
    }


def basket_alerts_send(*, opportunities: Sequence[BasketOpportunity], now: datetime) -> int:
    """POST an alert for each new basket opportunity above the threshold, at most one per
    basket key per cooldown; returns how many were sent. Never raises for a delivery problem
    (logged; alerted_at stays null)."""
    return _alerts_send(opportunities, now=now, group="basket_key", payload=basket_alert_payload)


def _alerts_send(
    opportunities: Sequence[Opportunity] | Sequence[BasketOpportunity], *, now: datetime,
    group: str, payload: Callable[[Any], dict[str, Any]],
) -> int:
    """The one delivery loop: above the threshold, best first, at most one alert per `group`
    value (a pair, a basket key) per cooldown; alerted_at set only after a 2xx answer."""
    url = settings.EVENTSARB_ALERT_WEBHOOK_URL
    if not url or not opportunities:
        return 0
    threshold = Decimal(str(settings.EVENTSARB_ALERT_MIN_PROFIT))
    cooldown = timedelta(seconds=int(settings.EVENTSARB_ALERT_COOLDOWN_S))
    candidates = [o for o in opportunities if o.net_profit >= threshold]
    if not candidates:
        return 0
    model = type(candidates[0])
    recently_alerted = set(
        model.objects.filter(
            **{f"{group}__in": {getattr(o, group) for o in candidates}},
            alerted_at__gt=now - cooldown,
        ).values_list(group, flat=True)
    )
    sent = 0
    for opportunity in sorted(candidates, key=lambda o: o.net_profit, reverse=True):
        key = getattr(opportunity, group)
        if key in recently_alerted:
            continue
        recently_alerted.add(key)
        try:
            response = requests.post(
                url, json=payload(opportunity), timeout=float(settings.EVENTSARB_HTTP_TIMEOUT_S),
            )
            response.raise_for_status()
        except requests.RequestException as exc:
            logger.warning("%s alert for %s failed: %s", model.__name__, opportunity.pk, exc)
            continue
        model.objects.filter(pk=opportunity.pk).update(alerted_at=now)
        opportunity.alerted_at = now
        sent += 1
    return sent
