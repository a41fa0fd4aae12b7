"""Shared helpers for the streaming tests: fixtures on disk, listeners, and message builders."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

FIXTURES = Path(__file__).parent / "fixtures"


def load(venue: str, name: str) -> Any:
    return json.loads((FIXTURES / venue / f"{name}.json").read_text())


class Recorder:
    """A feed listener that records every book change and every resync request."""

    def __init__(self) -> None:
        self.changes: list[tuple[str, str, Any]] = []
        self.resyncs: list[tuple[str, list[str]]] = []

    def on_book(self, venue: str, external_id: str, book: Any, received_at: float) -> None:
        self.changes.append((venue, external_id, book.snapshot()))

    def on_resync(self, venue: str, external_ids: list[str]) -> None:
        self.resyncs.append((venue, list(external_ids)))


def kalshi_snapshot(ticker: str, *, sid: int, seq: int, yes: list[list[str]] | None = None,
                    no: list[list[str]] | None = None) -> dict[str, Any]:
    msg: dict[str, Any] = {"market_ticker": ticker, "market_id": f"id-{ticker}"}
    if yes is not None:
        msg["yes_dollars_fp"] = yes
    if no is not None:
        msg["no_dollars_fp"] = no
    return {"type": "orderbook_snapshot", "sid": sid, "seq": seq, "msg": msg}


def kalshi_delta(ticker: str, *, sid: int, seq: int, side: str, price: str,
                 delta: str) -> dict[str, Any]:
    return {
        "type": "orderbook_delta", "sid": sid, "seq": seq,
        "msg": {"market_ticker": ticker, "market_id": f"id-{ticker}", "price_dollars": price,
                "delta_fp": delta, "side": side, "ts_ms": 1_787_412_121_305},
    }


def poly_book(asset_id: str, *, bids: list[tuple[str, str]], asks: list[tuple[str, str]],
              market: str = "0xmarket") -> dict[str, Any]:
    return {
        "event_type": "book", "asset_id": asset_id, "market": market,
        "bids": [{"price": p, "size": s} for p, s in bids],
        "asks": [{"price": p, "size": s} for p, s in asks],
        "timestamp": "1787412121305", "hash": "",
    }


def poly_change(market: str, *changes: dict[str, Any]) -> dict[str, Any]:
    return {"event_type": "price_change", "market": market, "timestamp": "1787412121306",
            "price_changes": list(changes)}


def dumps(payload: Any) -> str:
    return json.dumps(payload, separators=(",", ":"))
