"""The one place venues are registered. Enable them with the EVENTSARB_VENUES setting."""

from __future__ import annotations

import importlib
import threading

from django.conf import settings

from platforms.base import Platform

# slug -> (dotted path of the factory, display name). Factories take no arguments and read
# settings themselves, so a venue's configuration lives next to its client.
VENUES: dict[str, tuple[str, str]] = {
    "kalshi": ("platforms.kalshi.platform.build", "Kalshi"),
    "polymarket": ("platforms.polymarket.platform.build", "Polymarket"),
    "test_kalshi": ("platforms.testvenue.build_kalshi_like", "Test venue (Kalshi-like)"),
    "test_polymarket": ("platforms.testvenue.build_polymarket_like", "Test venue (Polymarket-like)"),
}

_instances: dict[str, Platform] = {}
_lock = threading.Lock()


class UnknownVenue(KeyError):
    pass


def venue_slugs_enabled() -> list[str]:
    """The venues named by settings, in order, validated against the registry."""
    slugs = [s.strip() for s in settings.EVENTSARB_VENUES if s.strip()]
    for slug in slugs:
        if slug not in VENUES:
            raise UnknownVenue(f"EVENTSARB_VENUES names unknown venue {slug!r}; known: {sorted(VENUES)}")
    return slugs


def get_platform(slug: str) -> Platform:
    """The process-wide client for a venue (clients pool connections, so build each once)."""
    with _lock:
        platform = _instances.get(slug)
        if platform is None:
            try:
                path, _ = VENUES[slug]
            except KeyError as exc:
                raise UnknownVenue(slug) from exc
            module_name, factory_name = path.rsplit(".", 1)
            factory = getattr(importlib.import_module(module_name), factory_name)
            platform = factory()
            _instances[slug] = platform
        return platform


def display_name(slug: str) -> str:
    return VENUES.get(slug, (slug, slug))[1]


def reset_platforms() -> None:
    """Drop cached clients (tests, and after settings change)."""
    with _lock:
        for platform in _instances.values():
            platform.close()
        _instances.clear()


def venue_choices() -> list[tuple[str, str]]:
    """Every registered venue as (slug, display name), for filters where an unknown venue is a 400."""
    return [(slug, name) for slug, (_, name) in VENUES.items()]
