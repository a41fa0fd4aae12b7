"""`manage.py streambooks`: keep live books of every approved pair from the venues' WebSockets.

See arbitrage/live/runner.py. Kalshi streams only with API keys (every Kalshi WebSocket is
authenticated); without them Kalshi books are polled over REST and its Platform row says why.
SIGTERM or Ctrl-C stops it cleanly (pending rows are flushed first).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import signal
import sys
from collections.abc import Callable
from decimal import Decimal

from django.conf import settings
from django.core.management.base import BaseCommand

from arbitrage.live.runner import (
    GIL_SWITCH_INTERVAL_S,
    RunnerConfig,
    StreamRunner,
    build_runner,
)
from arbitrage.services import max_slippage_parse, max_slippage_setting
from markets.streaming.kalshi_ws import signed_headers_factory
from platforms.base import AuthError
from platforms.kalshi.auth import KalshiSigner
from platforms.registry import venue_slugs_enabled

logger = logging.getLogger(__name__)

KALSHI_WS_URLS = {
    "prod": "wss://external-api-ws.kalshi.com/trade-api/ws/v2",
    "demo": "wss://external-api-ws.demo.kalshi.co/trade-api/ws/v2",
}


def kalshi_ws_url() -> str:
    """KALSHI_WS_URL, or the host for KALSHI_ENV (Kalshi NOTES §1)."""
    env = str(settings.KALSHI_ENV or "prod").lower()
    return settings.KALSHI_WS_URL or KALSHI_WS_URLS.get(env, KALSHI_WS_URLS["prod"])


def kalshi_headers() -> tuple[Callable[[], dict[str, str]] | None, str]:
    """(signed-header factory, "") with keys configured, else (None, why streaming is off)."""
    key_id = settings.KALSHI_API_KEY_ID
    pem, path = settings.KALSHI_PRIVATE_KEY_PEM, settings.KALSHI_PRIVATE_KEY_PATH
    if not key_id or not (pem or path):
        return None, ("stream unavailable: no API key (KALSHI_API_KEY_ID with "
                      "KALSHI_PRIVATE_KEY_PATH or KALSHI_PRIVATE_KEY_PEM), polling")
    try:
        if pem:
            signer = KalshiSigner.from_pem(key_id=key_id, pem=pem)
        else:
            signer = KalshiSigner.from_path(key_id=key_id, path=path)
    except AuthError as exc:
        return None, f"stream unavailable: {exc}, polling"
    return signed_headers_factory(signer), ""


class Command(BaseCommand):
    help = "Stream order books of approved pairs (Kalshi + Polymarket WebSockets) and decide."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        defaults = RunnerConfig()
        parser.add_argument("--budget", default=settings.EVENTSARB_SCAN_BUDGET,
                            help="engine budget per plan, dollars")
        parser.add_argument("--max-slippage", default=None,
                            help="per-leg slippage cap, dollars above the best price "
                                 "(default: EVENTSARB_MAX_SLIPPAGE; empty: none)")
        parser.add_argument("--stale-after", type=float, default=defaults.stale_after_s,
                            help="seconds without a message before a venue falls back to polling")
        parser.add_argument("--poll-interval", type=float, default=defaults.poll_interval_s,
                            help="seconds between REST polls of a venue that is not streaming")
        parser.add_argument("--flush-interval", type=float, default=defaults.flush_interval_s,
                            help="seconds between batched database writes")
        parser.add_argument("--book-store-interval", type=float,
                            default=defaults.book_store_interval_s,
                            help="store a market's changed book at most this often, seconds")
        parser.add_argument("--pair-refresh", type=float, default=defaults.pair_refresh_s,
                            help="seconds between reloads of the approved pairs")
        parser.add_argument("--duration", type=float, default=None,
                            help="stop after this many seconds (default: run until stopped)")
        parser.add_argument("--stats-interval", type=float, default=60.0,
                            help="seconds between stats log lines")

    def handle(self, *args, **options):  # type: ignore[no-untyped-def]
        config = RunnerConfig(
            budget=Decimal(str(options["budget"])), stale_after_s=options["stale_after"],
            max_slippage=self._max_slippage(options["max_slippage"]),
            poll_interval_s=options["poll_interval"], flush_interval_s=options["flush_interval"],
            pair_refresh_s=options["pair_refresh"],
            book_store_interval_s=options["book_store_interval"],
        )
        headers, why = kalshi_headers()
        if headers is None and "kalshi" in venue_slugs_enabled():
            logger.warning("streambooks: kalshi %s", why)
        runner = build_runner(
            venues=venue_slugs_enabled(), kalshi_url=kalshi_ws_url(), polymarket_url=settings.POLYMARKET_WS_URL, config=config,
            kalshi_headers=headers, kalshi_unavailable=why,
        )
        self.stdout.write("streambooks: streaming books (SIGTERM or Ctrl-C stops)")
        switch_interval = sys.getswitchinterval()
        sys.setswitchinterval(GIL_SWITCH_INTERVAL_S)  # this process is the latency-bound one
        try:
            asyncio.run(self._main(runner, options["duration"], options["stats_interval"]))
        finally:
            sys.setswitchinterval(switch_interval)
        self.stdout.write(json.dumps(runner.stats(), default=str))

    @staticmethod
    def _max_slippage(raw: str | None) -> Decimal | None:
        return max_slippage_setting() if raw is None else max_slippage_parse(raw)

    async def _main(self, runner: StreamRunner, duration_s: float | None,
                    stats_interval_s: float) -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.add_signal_handler(sig, stop.set)
        if duration_s is not None:
            loop.call_later(duration_s, stop.set)

        async def log_stats() -> None:
            while True:
                await asyncio.sleep(stats_interval_s)
                logger.info("streambooks stats: %s", json.dumps(runner.stats(), default=str))

        stats_task = asyncio.create_task(log_stats())
        try:
            await runner.run(stop)
        finally:
            stats_task.cancel()
