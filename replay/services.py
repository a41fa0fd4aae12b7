"""Replays and book tapes: export and import tapes, request and run replays (writes, long jobs).

- `tape_export(*, start, end, pair_ids, out)`: the stored books of the pairs' markets as a tape.
- `tape_import(*, path)`: a tape into this database (markets, pairs as proposed, books);
  importing the same tape twice changes nothing.
- `replay_params(...)`: what a replay runs with, from arguments and settings (risk limits, paper
  balance, leg-2 retries, slippage cap); ApplicationError for bad input.
- `replay_request(*, params, user)`: a queued ReplayRun, handed to run_replay_task.
- `replay_execute(*, run_id)`: claim a queued run, replay it (progress kept on the row), store
  the report or the error.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from arbitrage.services import max_slippage_setting
from common.errors import ApplicationError
from markets.models import Market
from markets.services import (
    HistoricalBook,
    market_results_record,
    markets_create_missing,
    markets_point_to_newest_books,
    order_books_import,
    platform_ensure,
)
from platforms.base import BookSnapshot, MarketData, MarketResult, MarketStatus
from replay import core
from replay.models import ReplayRun
from replay.selectors import database_tape
from replay.tape import (
    Tape,
    TapeError,
    TapeMarket,
    TapeWriter,
    from_us,
    iso,
    tape_read,
    to_us,
)
from similarity.services import pair_import
from trading.services import risk_limits

logger = logging.getLogger(__name__)

IMPORT_BATCH = 5000
# A running replay whose progress has not moved for this long lost its worker.
STALE_RUN_S = 900


# --- tapes --------------------------------------------------------------------------------------
def tape_export(
    *, start: datetime, end: datetime, pair_ids: Sequence[int] | None, out: IO[str]
) -> dict[str, int]:
    """Write the books of the pairs' markets between start and end (plus each market's last
    book before start) as a tape; returns counts. Streams: the tape is never held in memory."""
    if start >= end:
        raise ApplicationError("--from must be before --to")
    tape = database_tape(start=start, end=end, pair_ids=pair_ids)
    writer = TapeWriter(out)
    writer.header(start=start, end=end)
    for key in sorted(tape.markets):
        writer.market(tape.markets[key])
    for pair in tape.pairs:
        writer.pair(pair)
    books = tape.books
    try:
        for line in books:
            writer.book_line(line)
    finally:
        # Closes the database cursor now, not whenever the generator is collected.
        close = getattr(books, "close", None)
        if close is not None:
            close()
    return {"markets": len(tape.markets), "pairs": len(tape.pairs), "books": writer.books}


def _market_data(market: TapeMarket) -> MarketData:
    info = market.info
    try:
        status = MarketStatus(info.get("status", "open"))
        open_time = datetime.fromisoformat(info["open_time"]) if info.get("open_time") else None
    except ValueError as exc:
        raise TapeError(f"market {market.venue}:{market.external_id}: {exc}") from None
    return MarketData(
        external_id=market.external_id, title=market.title,
        event_external_id=str(info.get("event_external_id", "")),
        event_title=str(info.get("event_title", "")), category=str(info.get("category", "")),
        subtitle=str(info.get("subtitle", "")),
        outcome_label=str(info.get("outcome_label", "Yes")),
        no_outcome_label=str(info.get("no_outcome_label", "No")),
        rules_text=str(info.get("rules_text", "")),
        resolution_source=str(info.get("resolution_source", "")), status=status,
        open_time=open_time, close_time=market.close_time,
        expected_settle_time=market.expected_settle_time, tick_size=market.tick_size,
        min_order_size=market.min_order_size, size_increment=market.size_increment,
        fee=market.fee, yes_token_id=str(info.get("yes_token_id", "")),
        no_token_id=str(info.get("no_token_id", "")), url=str(info.get("url", ""))[:500],
    )


@transaction.atomic
def tape_import(*, path: str | Path) -> dict[str, int]:
    """Import a tape: create its missing markets and pairs, store its books.

    All or nothing: a malformed line stops the import with a TapeError naming it and nothing
    is written. Existing markets and pairs are left as they are; new pairs arrive `proposed`
    (an approval elsewhere is not a review here). Books already stored are skipped, so the same
    tape imported twice changes nothing. Returns counts of what was created.
    """
    tape = tape_read(path)
    counts = {"markets_created": 0, "pairs_created": 0, "books": 0, "books_stored": 0}
    by_key: dict[tuple[str, str], Market] = {}
    venues = sorted({key[0] for key in tape.markets})
    for venue in venues:
        platform = platform_ensure(slug=venue)
        wanted = [m for key, m in sorted(tape.markets.items()) if key[0] == venue]
        stored, created = markets_create_missing(
            platform=platform, markets=[_market_data(m) for m in wanted]
        )
        counts["markets_created"] += created
        settled = []
        for market in wanted:
            row = stored[market.external_id]
            by_key[market.key] = row
            if market.settlement_value is not None and row.settlement_value is None:
                settled.append((row, MarketResult(
                    market_external_id=market.external_id, status=MarketStatus.SETTLED,
                    result=market.result, settlement_value=market.settlement_value,
                    settled_at=market.settled_at, raw={"from_tape": True},
                )))
        market_results_record(market_results=settled)
    for pair in tape.pairs:
        _, created = pair_import(
            market_a=by_key[pair.a], market_b=by_key[pair.b], relation=pair.relation,
            orientation=pair.orientation,
            note=f"imported from a book tape (pair {pair.id} there, {pair.status or 'no status'})",
        )
        counts["pairs_created"] += int(created)
    dec = core.Decimals()
    books = {key: core.MarketBook(market, keep_text=True) for key, market in tape.markets.items()}
    batch: list[HistoricalBook] = []
    for line in tape.books:
        book = books[line.key]
        try:
            core.book_apply(book, line, dec)
        except (ArithmeticError, ValueError, TypeError) as exc:
            raise TapeError(f"line {line.line}: malformed levels: {exc}") from None
        bids, asks = book.levels()
        exchange_ts = datetime.fromisoformat(line.exchange_ts) if line.exchange_ts else None
        snap = BookSnapshot(
            market_external_id=line.market, yes_bids=bids, yes_asks=asks,
            exchange_ts=exchange_ts, seq=line.seq, venue_hash=line.venue_hash or "",
            source=line.source or "rest",
        )
        bids_text, asks_text = book.levels_text()
        batch.append(HistoricalBook(
            market=by_key[line.key], captured_at=from_us(line.captured_us), snapshot=snap,
            yes_bids_json=bids_text, yes_asks_json=asks_text,
        ))
        counts["books"] += 1
        if len(batch) >= IMPORT_BATCH:
            counts["books_stored"] += order_books_import(books=batch, point_latest=False)
            batch = []
    counts["books_stored"] += order_books_import(books=batch, point_latest=False)
    markets_point_to_newest_books(market_ids=[m.id for m in by_key.values()])
    return counts


# --- replays ------------------------------------------------------------------------------------
def _decimal(value: Any, name: str) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        out = Decimal(str(value))
    except InvalidOperation:
        raise ApplicationError(f"{name}: not a number: {value!r}") from None
    if not out.is_finite():
        raise ApplicationError(f"{name}: not a finite number: {value!r}")
    return out


def _time(value: Any, name: str) -> datetime | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime):
        moment = value
    else:
        try:
            moment = datetime.fromisoformat(str(value))
        except ValueError:
            raise ApplicationError(f"{name}: not an ISO 8601 time: {value!r}") from None
    if moment.tzinfo is None:
        raise ApplicationError(f"{name}: give a timezone (e.g. 2026-12-01T00:00:00Z)")
    return moment


def replay_params(
    *, start: datetime, end: datetime, budget: Decimal | None = None,
    max_slippage: Decimal | None | str = "setting", latency_ms: int = 0,
) -> core.ReplayParams:
    """What a replay runs with: the window, the budget per attempt (default the per-attempt
    notional limit), the slippage cap (default EVENTSARB_MAX_SLIPPAGE), the reaction time, and
    the risk limits, paper balance and leg-2 retries execution uses. ApplicationError for bad
    values."""
    limits = risk_limits()
    if start >= end:
        raise ApplicationError("from must be before to")
    if latency_ms < 0:
        raise ApplicationError("latency_ms must not be negative")
    budget = limits.max_notional_per_attempt if budget is None else budget
    if budget <= 0:
        raise ApplicationError("budget must be positive")
    cap = max_slippage_setting() if max_slippage == "setting" else max_slippage
    if cap is not None and not (isinstance(cap, Decimal) and Decimal(0) <= cap < 1):
        raise ApplicationError("max_slippage must be a dollar amount in [0, 1)")
    return core.ReplayParams(
        start=start, end=end, budget=budget, latency_ms=latency_ms, limits=limits,
        paper_balance=Decimal(str(settings.EVENTSARB_RISK_PAPER_BALANCE)),
        leg2_max_retries=int(settings.EVENTSARB_RISK_LEG2_MAX_RETRIES),
        max_slippage=cap if isinstance(cap, Decimal) else None,
    )


def tape_path_allowed(name: str) -> Path:
    """A tape named in a web or API request: a file inside EVENTSARB_TAPE_DIR (the command
    line reads any path; a request may not make the server read arbitrary files)."""
    root = Path(settings.EVENTSARB_TAPE_DIR).resolve()
    path = (root / name).resolve()
    if root not in path.parents or not path.is_file():
        raise ApplicationError(f"no tape {name!r} in the tape directory {root}")
    return path


def _replay_source(request: dict[str, Any]) -> tuple[Tape, core.ReplayParams, str]:
    """Open what a stored request names (a tape, or the database) and its parameters."""
    pair_ids = request.get("pairs")
    tape_path = request.get("tape") or ""
    start, end = _time(request.get("from"), "from"), _time(request.get("to"), "to")
    if tape_path:
        tape = tape_read(tape_path)
        start, end = start or tape.start, end or tape.end
        if pair_ids is not None:
            known = {p.id for p in tape.pairs}
            missing = sorted(set(pair_ids) - known)
            if missing:
                raise ApplicationError(f"pairs not on the tape: {', '.join(map(str, missing))}")
            tape.pairs = [p for p in tape.pairs if p.id in set(pair_ids)]
        source = "tape"
    else:
        if start is None or end is None:
            raise ApplicationError("a replay of stored books needs from and to")
        tape = database_tape(start=start, end=end, pair_ids=pair_ids)
        source = "database"
    if start is None or end is None:
        raise ApplicationError("the tape has no from/to: give them")
    params = replay_params(
        start=start, end=end, budget=_decimal(request.get("budget"), "budget"),
        max_slippage=(
            "setting" if request.get("max_slippage") in (None, "")
            else _decimal(request["max_slippage"], "max_slippage")
        ),
        latency_ms=int(request.get("latency_ms") or 0),
    )
    return tape, params, source


def replay_request_normalise(request: dict[str, Any]) -> dict[str, Any]:
    """A replay request with its values checked and in their stored form; ApplicationError
    naming what is wrong (so a bad request fails before it is queued)."""
    out: dict[str, Any] = {
        "from": iso(_time(request.get("from"), "from")),
        "to": iso(_time(request.get("to"), "to")),
        "pairs": None if request.get("pairs") in (None, []) else sorted(
            {int(p) for p in request["pairs"]}
        ),
        "budget": None if (b := _decimal(request.get("budget"), "budget")) is None else str(b),
        "max_slippage": (
            None if (c := _decimal(request.get("max_slippage"), "max_slippage")) is None
            else str(c)
        ),
        "latency_ms": int(request.get("latency_ms") or 0),
        "tape": str(request.get("tape") or ""),
    }
    if not out["tape"] and (out["from"] is None or out["to"] is None):
        raise ApplicationError("a replay of stored books needs from and to")
    if out["from"] and out["to"] and out["from"] >= out["to"]:
        raise ApplicationError("from must be before to")
    if out["latency_ms"] < 0:
        raise ApplicationError("latency_ms must not be negative")
    return out


ProgressFor = Callable[[int, int], core.Progress]


def replay_report(
    *, request: dict[str, Any], progress_for: ProgressFor | None = None
) -> dict[str, Any]:
    """Run the replay a request describes and return its report (no database writes).

    `progress_for(start_us, end_us)`, once the window is known, gives the callback the replay
    reports its progress to."""
    tape, params, source = _replay_source(request)
    progress = None
    if progress_for is not None:
        progress = progress_for(to_us(params.start), to_us(params.end))
    return core.replay_run(
        markets=tape.markets, pairs=tape.pairs, lines=tape.books, params=params, source=source,
        progress=progress,
    )


def replay_request(*, request: dict[str, Any], user: Any = None) -> ReplayRun:
    """Queue a replay: a ReplayRun row (checked request) that run_replay_task runs.

    With a Celery broker the task is sent when the row is committed; without one (the embedded
    loop) run_queued_replays_task, a beat job, picks queued runs up.
    """
    normalised = replay_request_normalise(request)
    run = ReplayRun.objects.create(
        params=normalised, requested_by=user if getattr(user, "pk", None) else None
    )
    if settings.CELERY_BROKER_URL:
        from replay.tasks import run_replay_task  # tasks import services: a real import cycle

        transaction.on_commit(lambda: run_replay_task.delay(run.id))
    return run


def _progress_writer(run_id: int, start_us: int, end_us: int) -> core.Progress:
    span = max(end_us - start_us, 1)

    def write(changes: int, at_us: int) -> None:
        fraction = min(max((at_us - start_us) / span, 0.0), 1.0)
        ReplayRun.objects.filter(id=run_id).update(
            progress={"changes": changes, "at": iso(from_us(at_us)),
                      "fraction": round(fraction, 4)},
            updated_at=timezone.now(),
        )

    return write


def replay_execute(*, run_id: int) -> ReplayRun:
    """Run a queued replay: claim it (a conditional UPDATE: of two workers one runs it), replay,
    then store the report and its totals, or the error. Returns the row as left."""
    now = timezone.now()
    claimed = ReplayRun.objects.filter(id=run_id, status=ReplayRun.Status.QUEUED).update(
        status=ReplayRun.Status.RUNNING, started_at=now, updated_at=now
    )
    run = ReplayRun.objects.get(id=run_id)
    if not claimed:
        return run
    try:
        report = replay_report(
            request=run.params,
            progress_for=lambda start_us, end_us: _progress_writer(run.id, start_us, end_us),
        )
    except (ApplicationError, TapeError, ValueError, OSError) as exc:
        message = exc.message if isinstance(exc, ApplicationError) else str(exc)
        logger.warning("replay %s failed: %s", run.id, message)
        ReplayRun.objects.filter(id=run.id).update(
            status=ReplayRun.Status.FAILED, error=message[:4000], finished_at=timezone.now(),
            updated_at=timezone.now(),
        )
    else:
        total = report["total"]
        ReplayRun.objects.filter(id=run.id).update(
            status=ReplayRun.Status.DONE, report=report, finished_at=timezone.now(),
            updated_at=timezone.now(), opportunities=total["opportunities"],
            trades=total["trades"], net_profit=Decimal(total["net_profit"]),
            lost_to_latency=Decimal(total["lost_to_latency"]),
            progress={**run.progress, "fraction": 1.0,
                      "changes": report["events"]["book_changes"]},
        )
    run.refresh_from_db()
    return run


def replays_run_queued(*, now: datetime | None = None) -> int:
    """Run every queued replay, oldest first (the embedded loop's way in, and a safety net for
    lost task messages); first mark runs whose progress stalled for STALE_RUN_S as failed (their
    worker died). Returns how many ran."""
    now = now or timezone.now()
    ReplayRun.objects.filter(
        Q(status=ReplayRun.Status.RUNNING),
        updated_at__lt=now - timedelta(seconds=STALE_RUN_S),
    ).update(status=ReplayRun.Status.FAILED, error="the worker running it stopped",
             finished_at=now)
    ran = 0
    for run_id in ReplayRun.objects.filter(status=ReplayRun.Status.QUEUED).order_by(
        "created_at", "id"
    ).values_list("id", flat=True):
        replay_execute(run_id=run_id)
        ran += 1
    return ran
