"""Template context shared by every page: which trading mode is active (always visible)."""

from django.conf import settings
from django.http import HttpRequest


def trading_mode(request: HttpRequest) -> dict[str, object]:
    return {
        "trading_mode": settings.EVENTSARB_TRADING_MODE,
        "kill_switch_setting": settings.EVENTSARB_KILL_SWITCH,
    }
