"""Small tapes for replay tests, written with the real TapeWriter."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from pricing.fees import Fee
from replay.tape import TapeMarket, TapePair, TapeWriter

T0 = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)
KALSHI = ("kalshi", "KXTAPE-26DEC31")
POLY = ("polymarket", "0x" + "11" * 32)


def market(key: tuple[str, str], **overrides: object) -> TapeMarket:
    kalshi = key[0] == "kalshi"
    values: dict[str, object] = {
        "venue": key[0], "external_id": key[1], "title": f"Tape test market {key[1][:12]}",
        "fee": Fee(kind="kalshi") if kalshi else Fee(kind="polymarket", rate=Decimal("0.04")),
        "min_order_size": Decimal("0.01") if kalshi else Decimal(5),
        "size_increment": Decimal("0.01"), "tick_size": Decimal("0.01"),
        "close_time": T0 + timedelta(days=60), "expected_settle_time": T0 + timedelta(days=61),
        "info": {"rules_text": "Resolves YES if the tape test event happens.", "status": "open"},
    }
    values.update(overrides)
    return TapeMarket(**values)  # type: ignore[arg-type]


Change = tuple[float, tuple[str, str], Sequence[Sequence[str]], Sequence[Sequence[str]]]


def write_tape(
    path: Path, changes: Sequence[Change], *, markets: Sequence[TapeMarket] | None = None,
    pairs: Sequence[TapePair] | None = None, seconds: float = 60,
) -> Path:
    """A tape starting at T0 with full books at each change (the writer makes the deltas):
    changes are (seconds after T0, market key, yes_bids, yes_asks)."""
    markets = markets or [market(KALSHI), market(POLY)]
    pairs = pairs or [TapePair(id=41, a=KALSHI, b=POLY, relation="identical",
                               orientation="same", status="approved")]
    with path.open("w") as out:
        writer = TapeWriter(out)
        writer.header(start=T0, end=T0 + timedelta(seconds=seconds))
        for m in markets:
            writer.market(m)
        for p in pairs:
            writer.pair(p)
        for at, key, bids, asks in changes:
            writer.book(key=key, captured_at=T0 + timedelta(seconds=at), yes_bids=bids,
                        yes_asks=asks, source="ws")
    return path
