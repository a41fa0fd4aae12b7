"""Book tapes: order book history as JSON lines, to share, archive and replay on another machine.

Pure: no Django. A tape is UTF-8 JSON, one object per line, in this order:

    {"type": "tape", "format": "eventsarb-books", "version": 1, "from": ISO, "to": ISO}
    {"type": "market", "venue": "kalshi", "external_id": "KX...", "title": ..., ...}  per market
    {"type": "pair", "id": 7, "a": ["kalshi", "KX..."], "b": ["polymarket", "0x..."],
     "relation": "identical", "orientation": "same", "status": "approved"}             per pair
    {"type": "book", "venue": "kalshi", "market": "KX...", "captured_at": ISO,
     "yes_bids": [["0.42", "100"], ...], "yes_asks": [["0.44", "50"], ...]}          a full book
    {"type": "delta", "venue": ..., "market": ..., "captured_at": ISO,
     "yes_bids": [["0.41", "0"]], "yes_asks": [["0.45", "80"]]}        only the changed levels

Books are in the venues' YES view (bids best first, asks best first), prices and sizes as
decimal strings. A market line carries what recreating the market needs: title, rules, times,
tick, minimum size, increment, fee parameters (pricing.fees.Fee JSON), token ids, and its
settlement once known. Book lines follow in time order of `captured_at` (when we saw the book;
`exchange_ts`, the venue's own stamp, `seq`, `source` ("ws"; "rest" when absent) and
`venue_hash` are kept when known). A market's first book is a full "book" line; every later
change is a "delta" listing the levels whose size changed, with the new size ("0" removes the
level), or a full line again when that is shorter. Each line is one book change, so a day of
1,000 pairs is millions of lines: readers and writers stream, never holding the tape.
"""

from __future__ import annotations

import gzip
import io
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import IO, Any, NamedTuple

from pricing.fees import Fee
from pricing.inputs import CaseError

FORMAT = "eventsarb-books"
VERSION = 1
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
ONE_US = timedelta(microseconds=1)
ZERO = Decimal(0)

MarketKey = tuple[str, str]  # (venue slug, external id)
RawLevels = Sequence[Sequence[str]]


class TapeError(ValueError):
    """A tape that cannot be read; the message names the line and what was wrong."""


def to_us(moment: datetime) -> int:
    """An aware datetime as integer microseconds since the epoch (exact)."""
    return (moment - EPOCH) // ONE_US


def from_us(us: int) -> datetime:
    return EPOCH + timedelta(microseconds=us)


def iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.astimezone(UTC).isoformat()


def _time(value: Any, where: str) -> datetime:
    if not isinstance(value, str):
        raise TapeError(f"{where}: expected an ISO 8601 time, got {value!r}")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise TapeError(f"{where}: not an ISO 8601 time: {value!r}") from None
    if moment.tzinfo is None:
        raise TapeError(f"{where}: time without a timezone: {value!r}")
    return moment


def _opt_time(value: Any, where: str) -> datetime | None:
    return None if value is None else _time(value, where)


def _decimal(value: Any, where: str) -> Decimal:
    if not isinstance(value, str | int):
        raise TapeError(f"{where}: expected a decimal string, got {value!r}")
    try:
        out = Decimal(value)
    except InvalidOperation:
        raise TapeError(f"{where}: not a decimal: {value!r}") from None
    if not out.is_finite():
        raise TapeError(f"{where}: not a finite decimal: {value!r}")
    return out


def _text(obj: dict[str, Any], key: str, where: str, *, required: bool = False) -> str:
    value = obj.get(key, "")
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise TapeError(f"{where}.{key}: expected a string")
    if required and not value:
        raise TapeError(f"{where}.{key}: required")
    return value


# --- definitions ------------------------------------------------------------------------------
@dataclass(frozen=True)
class TapeMarket:
    """One market as a tape carries it (what recreating it elsewhere needs)."""

    venue: str
    external_id: str
    title: str
    fee: Fee
    min_order_size: Decimal
    size_increment: Decimal
    tick_size: Decimal
    close_time: datetime | None
    expected_settle_time: datetime | None
    settlement_value: Decimal | None = None
    settled_at: datetime | None = None
    result: str = ""
    # Descriptive fields (rules, labels, token ids, times) as they were written.
    info: dict[str, Any] = field(default_factory=dict)

    @property
    def key(self) -> MarketKey:
        return (self.venue, self.external_id)

    @property
    def settles_at(self) -> datetime | None:
        """When its capital comes back: the settlement if known, else when it is expected."""
        return self.settled_at or self.expected_settle_time or self.close_time

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "type": "market", "venue": self.venue, "external_id": self.external_id,
            "title": self.title, **self.info, "fee": self.fee.to_json(),
            "min_order_size": str(self.min_order_size),
            "size_increment": str(self.size_increment), "tick_size": str(self.tick_size),
            "close_time": iso(self.close_time),
            "expected_settle_time": iso(self.expected_settle_time),
        }
        if self.settlement_value is not None:
            out.update(result=self.result, settlement_value=str(self.settlement_value),
                       settled_at=iso(self.settled_at))
        return out


# The descriptive market fields a tape keeps as they are (text, labels, ids, times).
MARKET_INFO_FIELDS = (
    "subtitle", "outcome_label", "no_outcome_label", "category", "rules_text",
    "resolution_source", "status", "open_time", "yes_token_id", "no_token_id", "url",
    "event_external_id", "event_title",
)


def market_from_json(obj: dict[str, Any], where: str) -> TapeMarket:
    try:
        fee = Fee.from_json(obj.get("fee"), f"{where}.fee")
    except CaseError as exc:
        raise TapeError(str(exc)) from None
    value = obj.get("settlement_value")
    settlement = None if value is None else _decimal(value, f"{where}.settlement_value")
    if settlement is not None and not ZERO <= settlement <= 1:
        raise TapeError(f"{where}.settlement_value: {settlement} outside [0, 1]")
    info = {k: obj[k] for k in MARKET_INFO_FIELDS if obj.get(k) not in (None, "")}
    return TapeMarket(
        venue=_text(obj, "venue", where, required=True),
        external_id=_text(obj, "external_id", where, required=True),
        title=_text(obj, "title", where, required=True),
        fee=fee,
        min_order_size=_decimal(obj.get("min_order_size", "1"), f"{where}.min_order_size"),
        size_increment=_decimal(obj.get("size_increment", "1"), f"{where}.size_increment"),
        tick_size=_decimal(obj.get("tick_size", "0.01"), f"{where}.tick_size"),
        close_time=_opt_time(obj.get("close_time"), f"{where}.close_time"),
        expected_settle_time=_opt_time(
            obj.get("expected_settle_time"), f"{where}.expected_settle_time"
        ),
        settlement_value=settlement,
        settled_at=_opt_time(obj.get("settled_at"), f"{where}.settled_at"),
        result=_text(obj, "result", where),
        info=info,
    )


@dataclass(frozen=True)
class TapePair:
    """A pair as a tape carries it: its id where it was exported, both markets, the verdict."""

    id: int
    a: MarketKey
    b: MarketKey
    relation: str
    orientation: str
    status: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "type": "pair", "id": self.id, "a": list(self.a), "b": list(self.b),
            "relation": self.relation, "orientation": self.orientation, "status": self.status,
        }


def _key(value: Any, where: str) -> MarketKey:
    if (not isinstance(value, list) or len(value) != 2
            or not all(isinstance(v, str) and v for v in value)):
        raise TapeError(f"{where}: expected [venue, external id]")
    return (value[0], value[1])


def pair_from_json(obj: dict[str, Any], where: str) -> TapePair:
    pair_id = obj.get("id")
    if not isinstance(pair_id, int) or isinstance(pair_id, bool):
        raise TapeError(f"{where}.id: expected an integer")
    orientation = _text(obj, "orientation", where, required=True)
    if orientation not in ("same", "inverted"):
        raise TapeError(f"{where}.orientation: expected same or inverted, got {orientation!r}")
    return TapePair(
        id=pair_id, a=_key(obj.get("a"), f"{where}.a"), b=_key(obj.get("b"), f"{where}.b"),
        relation=_text(obj, "relation", where, required=True), orientation=orientation,
        status=_text(obj, "status", where),
    )


# --- book lines -------------------------------------------------------------------------------
class BookLine(NamedTuple):
    """One book change: a full book (`snapshot`) or the changed levels of the market's last one.

    `yes_bids`/`yes_asks` are [[price, size], ...] decimal strings (size "0" removes a level in
    a delta). `line` is the line number in the tape (0 when read from a database).
    """

    line: int
    captured_us: int
    venue: str
    market: str
    snapshot: bool
    yes_bids: RawLevels
    yes_asks: RawLevels
    exchange_ts: str | None = None
    seq: int | None = None
    source: str = "rest"
    venue_hash: str = ""

    @property
    def key(self) -> MarketKey:
        return (self.venue, self.market)


@dataclass
class Tape:
    """A tape being read: its header and definitions, and its book lines as an iterator."""

    start: datetime | None
    end: datetime | None
    markets: dict[MarketKey, TapeMarket]
    pairs: list[TapePair]
    books: Iterator[BookLine]


def _open(path: str | Path) -> IO[bytes]:
    if str(path) == "-":
        import sys  # stdin only for `-`: a tape piped from another command

        return sys.stdin.buffer
    if str(path).endswith(".gz"):
        return gzip.GzipFile(path, "rb")  # type: ignore[return-value]  # an IO[bytes] in practice
    return open(path, "rb")  # noqa: SIM115 (closed by the reader's generator)


def tape_read(path: str | Path) -> Tape:
    """Open a tape (".gz" is decompressed, "-" reads stdin) and read its header and
    definitions; `books` then yields its book lines one at a time, checking their order.

    Raises TapeError naming the line for anything malformed: a missing or unknown header, a
    definition after the first book line, a book for an undefined market, time going backwards.
    """
    stream = _open(path)
    try:
        return _read(stream)
    except BaseException:
        stream.close()
        raise


def _read(stream: IO[bytes]) -> Tape:
    # raw_decode skips json.loads' whitespace scan: one line is one object.
    raw_decode = json.JSONDecoder().raw_decode
    lines = iter(stream)
    number = 0

    def parse(raw: bytes) -> dict[str, Any]:
        try:
            obj, end = raw_decode(raw.decode())
        except (UnicodeDecodeError, ValueError) as exc:
            raise TapeError(f"line {number}: not JSON: {exc}") from None
        if not isinstance(obj, dict):
            raise TapeError(f"line {number}: expected a JSON object")
        return obj

    first = next(lines, None)
    number = 1
    header = parse(first) if first is not None else {}
    if header.get("type") != "tape" or header.get("format") != FORMAT:
        raise TapeError(f"line 1: not a book tape (expected a {FORMAT!r} header)")
    if header.get("version") != VERSION:
        raise TapeError(f"line 1: tape version {header.get('version')!r}; this reads {VERSION}")
    markets: dict[MarketKey, TapeMarket] = {}
    pairs: list[TapePair] = []
    pending: dict[str, Any] | None = None
    for raw in lines:
        number += 1
        if not raw.strip():
            continue
        obj = parse(raw)
        kind = obj.get("type")
        if kind == "market":
            market = market_from_json(obj, f"line {number}")
            markets[market.key] = market
        elif kind == "pair":
            pair = pair_from_json(obj, f"line {number}")
            for side in (pair.a, pair.b):
                if side not in markets:
                    raise TapeError(f"line {number}: pair {pair.id} names undefined market {side}")
            pairs.append(pair)
        else:
            pending = obj
            break
    return Tape(
        start=_opt_time(header.get("from"), "line 1.from"),
        end=_opt_time(header.get("to"), "line 1.to"),
        markets=markets, pairs=pairs,
        books=_books(stream, lines, pending, number, parse, markets),
    )


def _books(
    stream: IO[bytes], lines: Iterator[bytes], first: dict[str, Any] | None, number: int,
    parse: Any, markets: dict[MarketKey, TapeMarket],
) -> Iterator[BookLine]:
    last_us = -(2**63)
    obj = first
    try:
        while obj is not None:
            kind = obj.get("type")
            if kind not in ("book", "delta"):
                where = "a definition after the first book line" if kind in ("market", "pair") else (
                    f"unknown line type {kind!r}")
                raise TapeError(f"line {number}: {where}")
            try:
                venue, market = obj["venue"], obj["market"]
                captured = datetime.fromisoformat(obj["captured_at"])
                bids, asks = obj["yes_bids"], obj["yes_asks"]
            except KeyError as exc:
                raise TapeError(f"line {number}: missing {exc.args[0]!r}") from None
            except (TypeError, ValueError):
                raise TapeError(f"line {number}: captured_at is not an ISO 8601 time") from None
            if captured.tzinfo is None:
                raise TapeError(f"line {number}: captured_at without a timezone")
            if (venue, market) not in markets:
                raise TapeError(f"line {number}: book for undefined market {venue}:{market}")
            if not isinstance(bids, list) or not isinstance(asks, list):
                raise TapeError(f"line {number}: yes_bids and yes_asks must be lists")
            captured_us = (captured - EPOCH) // ONE_US
            if captured_us < last_us:
                raise TapeError(f"line {number}: captured_at goes back in time")
            last_us = captured_us
            yield BookLine(
                number, captured_us, venue, market, kind == "book", bids, asks,
                obj.get("exchange_ts"), obj.get("seq"), obj.get("source", "rest"),
                obj.get("venue_hash", ""),
            )
            obj = None
            for raw in lines:
                number += 1
                if raw.strip():
                    obj = parse(raw)
                    break
    finally:
        stream.close()


# --- writing ----------------------------------------------------------------------------------
def _price_key(cache: dict[str, Decimal], price: str) -> Decimal:
    key = cache.get(price)
    if key is None:
        key = cache[price] = Decimal(price)
    return key


class TapeWriter:
    """Writes a tape: header, market and pair definitions, then book changes in time order.

    `book()` takes a market's full book each time and writes it as a delta against the last one
    written for that market (or in full: the market's first book, or when that is shorter).
    """

    def __init__(self, out: IO[str]) -> None:
        self.out = out
        self._last: dict[MarketKey, tuple[dict[Decimal, tuple[str, str]], ...]] = {}
        self._prices: dict[str, Decimal] = {}
        self.lines = 0
        self.books = 0

    def _write(self, obj: dict[str, Any]) -> None:
        self.out.write(json.dumps(obj, separators=(",", ":"), ensure_ascii=False))
        self.out.write("\n")
        self.lines += 1

    def header(self, *, start: datetime | None, end: datetime | None) -> None:
        self._write({"type": "tape", "format": FORMAT, "version": VERSION, "from": iso(start),
                     "to": iso(end)})

    def market(self, market: TapeMarket) -> None:
        self._write(market.to_json())

    def pair(self, pair: TapePair) -> None:
        self._write(pair.to_json())

    def book(
        self, *, key: MarketKey, captured_at: datetime, yes_bids: RawLevels, yes_asks: RawLevels,
        exchange_ts: str | None = None, seq: int | None = None, source: str = "rest",
        venue_hash: str = "",
    ) -> None:
        """Write a market's full book (best first) as one change: a delta when shorter."""
        sides = tuple(
            {_price_key(self._prices, p): (p, s) for p, s in levels}
            for levels in (yes_bids, yes_asks)
        )
        previous = self._last.get(key)
        self._last[key] = sides
        line: dict[str, Any] = {"type": "book", "venue": key[0], "market": key[1],
                                "captured_at": iso(captured_at)}
        if exchange_ts is not None:
            line["exchange_ts"] = exchange_ts
        if seq is not None:
            line["seq"] = seq
        if source != "rest":
            line["source"] = source
        if venue_hash:
            line["venue_hash"] = venue_hash
        full = [[list(level) for level in levels] for levels in (yes_bids, yes_asks)]
        if previous is not None:
            changes = [_side_delta(old, new) for old, new in zip(previous, sides, strict=True)]
            if sum(map(len, changes)) < sum(map(len, full)):
                line["type"] = "delta"
                full = changes
        line["yes_bids"], line["yes_asks"] = full
        self._write(line)
        self.books += 1

    def book_line(self, line: BookLine) -> None:
        """Write a full-book line (from a database) as a book change."""
        self.book(
            key=line.key, captured_at=from_us(line.captured_us), yes_bids=line.yes_bids,
            yes_asks=line.yes_asks, exchange_ts=line.exchange_ts, seq=line.seq,
            source=line.source, venue_hash=line.venue_hash,
        )


def _side_delta(
    old: dict[Decimal, tuple[str, str]], new: dict[Decimal, tuple[str, str]]
) -> list[list[str]]:
    """The levels of one side whose size changed (new size) or vanished ("0")."""
    out = []
    for price, (text, size) in new.items():
        before = old.get(price)
        if before is None or (before[1] != size and Decimal(before[1]) != Decimal(size)):
            out.append([text, size])
    out.extend([text, "0"] for price, (text, _) in old.items() if price not in new)
    return out


def writer_for(path: str | Path) -> IO[str]:
    """A text stream to write a tape to ("-" is stdout, ".gz" compresses)."""
    if str(path) == "-":
        import sys  # stdout only for `-`

        return sys.stdout
    if str(path).endswith(".gz"):
        return io.TextIOWrapper(gzip.open(path, "wb"), encoding="utf-8")
    return open(path, "w", encoding="utf-8")  # noqa: SIM115 (the caller closes it)
