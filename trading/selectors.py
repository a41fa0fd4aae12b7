"""Reads for trading: the active mode, the kill switch, attempts, refusals, drift and P&L."""

from __future__ import annotations

from django.conf import settings

from trading.models import KillSwitch, TradingMode


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
