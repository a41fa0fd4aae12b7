"""TestPlatform: a deterministic simulated venue for the offline demo, paper trading and fault tests.

Two flavours share one seeded "world" of questions so that they list the same real-world events:
`test_kalshi` (Kalshi-like tickers, rules wording and fee formula) and `test_polymarket`
(Polymarket-like condition ids, outcome tokens and per-market fee rate). Each market's YES fair
value follows an AR(1) random walk in discrete steps of `step_s` seconds. The walk is a pure
function of (seed, venue, market, step), so every process (web, worker, runengine) sees the same
book at the same moment without sharing state. The two venues' walks are independent, so their
prices drift apart and, now and then, far enough apart to be an arbitrage after fees.

After the independent questions (`market_count` of them) come a few multi-outcome events
(`OUTCOME_EVENTS`: a cup with an "Other" catch-all, a CPI bracket ladder, a derby with a draw),
listed in each venue's structure: test_kalshi as one mutually exclusive event with a market
per outcome, test_polymarket as one neg-risk group. Their fair values form one distribution
(summing to 1); each member walks on its own, so a flavour's outcomes sum to about 1 and the
YES-on-all or NO-on-all basket is, now and then, worth buying after fees. Exactly one member
of an event settles YES, alike on both flavours.

Orders fill against the book of the moment (walking levels up to the limit price) unless a test
scripted something else: a fill, a partial fill, a rejection, a timeout with or without the order
actually placed, or a garbage answer. Failures can also be scripted for catalog and book calls.
"""

from __future__ import annotations

import hashlib
import math
import random
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from decimal import ROUND_DOWN, Decimal
from typing import Any

from django.conf import settings

from platforms.base import (
    ONE,
    ZERO,
    Action,
    BadResponse,
    BookSnapshot,
    FillData,
    MarketData,
    MarketRef,
    MarketResult,
    MarketStatus,
    OrderIntent,
    OrderRejected,
    OrderResult,
    OrderStatus,
    OrderTimeout,
    Outcome,
    Platform,
    PlatformError,
    PositionData,
    TimeInForce,
    result_from_value,
)
from pricing.fees import Fee
from pricing.levels import Level

CENT = Decimal("0.01")

# (key, category, question, rules, resolution source, days to close). {d} is the close date.
_QUESTIONS: list[tuple[str, str, str, str, str, int]] = [
    ("FEDDEC", "Economics", "Will the Fed cut interest rates at its December 2026 meeting?",
     "Resolves Yes if the FOMC announces a cut to the federal funds target range at the meeting "
     "concluding on {d}.", "Federal Reserve press release", 17),
    ("CPINOV", "Economics", "Will November 2026 CPI year-over-year be above 3.0%?",
     "Resolves Yes if the BLS-reported CPI-U 12-month change for November 2026 is strictly above "
     "3.0%, as first published.", "Bureau of Labor Statistics", 14),
    ("BTC150K", "Crypto", "Will Bitcoin be above $150,000 on December 31, 2026?",
     "Resolves Yes if the CF Benchmarks BRTI is above $150,000.00 at 23:59 ET on {d}.",
     "CF Benchmarks BRTI", 32),
    ("ETH6K", "Crypto", "Will Ethereum close above $6,000 on December 31, 2026?",
     "Resolves Yes if the CF Benchmarks ETH reference rate is above $6,000.00 at 23:59 ET on {d}.",
     "CF Benchmarks ETH_RR", 32),
    ("NYCSNOW", "Weather", "Will Central Park record more than 2 inches of snow in December 2026?",
     "Resolves Yes if NWS station KNYC (Central Park) reports total December 2026 snowfall above "
     "2.0 inches in its climatological report.", "NWS Central Park (KNYC)", 33),
    ("CHIHIGH", "Weather", "Will Chicago's high temperature exceed 40°F on December 15, 2026?",
     "Resolves Yes if the NWS daily climate report for Chicago O'Hare (KORD) shows a maximum "
     "above 40°F on {d}.", "NWS Chicago O'Hare (KORD)", 16),
    ("SHUTDOWN", "Politics", "Will the US federal government shut down before January 31, 2027?",
     "Resolves Yes if a lapse in appropriations causes a federal shutdown starting before {d}.",
     "Office of Personnel Management", 63),
    ("SPEAKER", "Politics", "Will the Speaker of the House be removed before March 1, 2027?",
     "Resolves Yes if the sitting Speaker is removed by a motion to vacate before {d}.",
     "Clerk of the House", 92),
    ("SUPERBOWL", "Sports", "Will the Kansas City Chiefs win Super Bowl LXI?",
     "Resolves Yes if the Kansas City Chiefs win Super Bowl LXI, played on {d}.",
     "NFL", 77),
    ("NBAFINALS", "Sports", "Will the Boston Celtics win the 2027 NBA Finals?",
     "Resolves Yes if the Boston Celtics win the 2027 NBA Finals, concluding by {d}.", "NBA", 200),
    ("OSCARPIC", "Entertainment", "Will 'The Long Winter' win Best Picture at the 2027 Oscars?",
     "Resolves Yes if 'The Long Winter' is announced Best Picture at the ceremony on {d}.",
     "Academy of Motion Picture Arts and Sciences", 120),
    ("GDPQ4", "Economics", "Will US Q4 2026 real GDP growth exceed 2.0% (advance estimate)?",
     "Resolves Yes if the BEA advance estimate of Q4 2026 annualised real GDP growth, released "
     "{d}, is above 2.0%.", "Bureau of Economic Analysis", 60),
    ("UNEMP", "Economics", "Will the US unemployment rate for December 2026 be 4.5% or higher?",
     "Resolves Yes if the BLS Employment Situation report for December 2026 shows U-3 at or "
     "above 4.5%.", "Bureau of Labor Statistics", 40),
    ("SOL300", "Crypto", "Will Solana trade above $300 at any time before January 1, 2027?",
     "Resolves Yes if the CF Benchmarks SOL reference rate prints above $300.00 before {d}.",
     "CF Benchmarks SOL_RR", 33),
    ("AAPL", "Finance", "Will Apple's market cap exceed $5 trillion on December 31, 2026?",
     "Resolves Yes if Apple Inc.'s market capitalisation at the NASDAQ close on {d} is above "
     "$5.00 trillion.", "NASDAQ", 32),
    ("TIMEPOY", "Entertainment", "Will TIME name an AI system its 2026 Person of the Year?",
     "Resolves Yes if TIME's 2026 Person of the Year, announced by {d}, is an AI system.", "TIME",
     20),
]

# Multi-outcome events: (key, category, question, rules, resolution source, days to close,
# outcomes). Each outcome is (ticker suffix, label, member question, fair value, catch-all); the
# fair values of an event sum to 1. Keys never collide with the questions' keys above.
_OutcomeSpec = tuple[str, str, str, float, bool]
OUTCOME_EVENTS: list[tuple[str, str, str, str, str, int, list[_OutcomeSpec]]] = [
    ("TESTCUP", "Sports", "Who will win the 2026 Test Cup?",
     "Resolves to the team that lifts the 2026 Test Cup in the final played on {d}; any team "
     "not listed by name resolves Other.", "Test Cup organising committee", 50,
     [("AUR", "Aurora FC", "Will Aurora FC win the 2026 Test Cup?", 0.34, False),
      ("BOR", "Borealis United", "Will Borealis United win the 2026 Test Cup?", 0.26, False),
      ("CAS", "Cascade City", "Will Cascade City win the 2026 Test Cup?", 0.18, False),
      ("DUN", "Dunmore Athletic", "Will Dunmore Athletic win the 2026 Test Cup?", 0.12, False),
      ("OTH", "Other", "Will another team win the 2026 Test Cup?", 0.10, True)]),
    ("TESTCPIDEC", "Economics", "Test CPI in December 2026: year-over-year change?",
     "Resolves to the bracket containing the BLS-reported CPI-U 12-month change for December "
     "2026, as first published by {d}.", "Bureau of Labor Statistics", 45,
     [("B28", "Below 2.8%", "Will Test CPI for December 2026 be below 2.8%?", 0.30, False),
      ("B32", "2.8% to 3.2%", "Will Test CPI for December 2026 be 2.8% to 3.2%?", 0.45, False),
      ("A32", "Above 3.2%", "Will Test CPI for December 2026 be above 3.2%?", 0.25, False)]),
    ("TESTDERBY", "Sports", "Test Derby on December 20, 2026: who wins?",
     "Resolves on the result after regulation time of the Test Derby played on {d}.",
     "Test League", 21,
     [("HOME", "Northgate", "Will Northgate win the Test Derby?", 0.45, False),
      ("DRAW", "Draw", "Will the Test Derby end in a draw?", 0.27, False),
      ("AWAY", "Southport", "Will Southport win the Test Derby?", 0.28, False)]),
]
OUTCOME_EVENT_MARKETS = sum(len(outcomes) for *_, outcomes in OUTCOME_EVENTS)

_ADJECTIVES = ["Early", "Late", "Mid", "Final", "Second", "Third"]


def _unit_hash(*parts: object) -> float:
    """A deterministic number in [0, 1) from the parts (stable across processes and runs)."""
    digest = hashlib.blake2b("|".join(map(str, parts)).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") / 2**64


def _gauss(*parts: object) -> float:
    """A deterministic standard normal draw (Box-Muller over two hashed uniforms)."""
    u1 = max(_unit_hash(*parts, "u1"), 1e-12)
    u2 = _unit_hash(*parts, "u2")
    return math.sqrt(-2 * math.log(u1)) * math.cos(2 * math.pi * u2)


@dataclass(frozen=True, slots=True)
class _WorldMarket:
    key: str
    category: str
    question: str
    rules: str
    source: str
    close_time: datetime
    fair_value: float
    # Set for a member of a multi-outcome event (OUTCOME_EVENTS): the event's key, its
    # question, the outcome's ticker suffix and label, and whether it is the catch-all.
    event_key: str = ""
    event_question: str = ""
    suffix: str = ""
    label: str = ""
    catch_all: bool = False


@dataclass
class _TestOrder:
    intent: OrderIntent
    venue_order_id: str
    filled: Decimal
    average_price: Decimal | None
    fee: Decimal
    status: OrderStatus
    created_at: datetime


class TestPlatform(Platform):
    """A seeded simulated venue. See the module docstring."""

    # Tell pytest this is not a test class.
    __test__ = False

    # AR(1) parameters: each step keeps PHI of the previous deviation from fair value and adds
    # SIGMA of fresh noise; WINDOW steps back is far enough for PHI**WINDOW to be negligible.
    PHI = 0.9
    SIGMA = 0.012
    WINDOW = 40

    def __init__(
        self,
        *,
        slug: str,
        display_name: str,
        flavour: str,
        seed: int = 7,
        market_count: int = 40,
        step_s: float = 2.0,
        clock: Callable[[], float] = time.time,
        anchor: datetime | None = None,
    ) -> None:
        super().__init__()
        if flavour not in ("kalshi", "polymarket"):
            raise ValueError("flavour must be 'kalshi' or 'polymarket'")
        self.slug = slug
        self.display_name = display_name
        self.flavour = flavour
        self.pair_side = "a" if flavour == "kalshi" else "b"
        self.seed = seed
        self.step_s = step_s
        self.clock = clock
        # Close dates are laid out relative to a fixed anchor so the catalog is stable.
        self.anchor = anchor or datetime(2026, 11, 29, tzinfo=UTC)
        self.world = self._build_world(market_count)
        self._lock = threading.Lock()
        self._orders: dict[str, _TestOrder] = {}
        self._fills: list[FillData] = []
        self._positions: dict[tuple[str, Outcome], Decimal] = {}
        self._balance = Decimal("10000")
        self._order_script: deque[str] = deque()
        self._failures: dict[str, deque[PlatformError]] = {}
        self._garbage: set[str] = set()
        self._closed: set[str] = set()
        self._scripted_results: dict[str, Decimal] = {}

    # --- world ------------------------------------------------------------------------------
    def _build_world(self, count: int) -> list[_WorldMarket]:
        rng = random.Random(self.seed)
        world: list[_WorldMarket] = []
        for i in range(count):
            key, category, question, rules, source, days = _QUESTIONS[i % len(_QUESTIONS)]
            round_no = i // len(_QUESTIONS)
            if round_no:
                key = f"{key}{round_no}"
                question = f"[{_ADJECTIVES[(round_no - 1) % len(_ADJECTIVES)]} series] {question}"
            close = self.anchor + timedelta(days=days + round_no)
            fair = 0.15 + 0.7 * rng.random()
            world.append(
                _WorldMarket(
                    key=key, category=category, question=question,
                    rules=rules.format(d=close.strftime("%B %d, %Y")), source=source,
                    close_time=close, fair_value=fair,
                )
            )
        # The multi-outcome events come last, with fixed fair values, so the questions above
        # (their ids, fair values and walks) are the same as without them.
        for event_key, category, question, rules, source, days, outcomes in OUTCOME_EVENTS:
            close = self.anchor + timedelta(days=days)
            for suffix, label, member_question, fair, catch_all in outcomes:
                world.append(
                    _WorldMarket(
                        key=f"{event_key}-{suffix}", category=category, question=member_question,
                        rules=rules.format(d=close.strftime("%B %d, %Y")), source=source,
                        close_time=close, fair_value=fair, event_key=event_key,
                        event_question=question, suffix=suffix, label=label, catch_all=catch_all,
                    )
                )
        return world

    def _event_members(self, event_key: str) -> list[_WorldMarket]:
        return [wm for wm in self.world if wm.event_key == event_key]

    def _event_ticker(self, wm: _WorldMarket) -> str:
        return f"KXTEST{wm.event_key}-{wm.close_time:%y%b%d}".upper()

    def _neg_risk_market_id(self, event_key: str) -> str:
        return "0x" + hashlib.sha256(f"negrisk:{self.seed}:{event_key}".encode()).hexdigest()

    def external_id(self, wm: _WorldMarket) -> str:
        if self.flavour == "kalshi":
            if wm.event_key:
                return f"{self._event_ticker(wm)}-{wm.suffix}"
            return f"KXTEST{wm.key}-{wm.close_time:%y%b%d}".upper()
        return "0x" + hashlib.sha256(f"{self.seed}:{wm.key}".encode()).hexdigest()

    def _token_ids(self, wm: _WorldMarket) -> tuple[str, str]:
        if self.flavour == "kalshi":
            return "", ""
        base = int(hashlib.sha256(f"tok:{self.seed}:{wm.key}".encode()).hexdigest(), 16)
        return str(base % 10**77), str((base // 7) % 10**77)

    def _fee_params(self, wm: _WorldMarket) -> Fee:
        if self.flavour == "kalshi":
            return Fee(kind="kalshi", fee_type="quadratic", multiplier=ONE)
        rate = {"Crypto": "0.07", "Sports": "0.05", "Politics": "0.04"}.get(wm.category, "0.05")
        return Fee(kind="polymarket", rate=Decimal(rate), exponent=ONE, taker_only=True)

    def market_data(self, wm: _WorldMarket) -> MarketData:
        if wm.event_key:
            return self._member_market_data(wm)
        yes_token, no_token = self._token_ids(wm)
        ext = self.external_id(wm)
        if self.flavour == "kalshi":
            title, rules = wm.question, f"If the outcome occurs, the market resolves to Yes. {wm.rules}"
            event_id, tick, min_size, increment = f"KXTEST{wm.key}", CENT, CENT, CENT
        else:
            title, rules = wm.question, f"{wm.rules} Otherwise this market resolves to No."
            event_id, tick, min_size, increment = f"test-{wm.key.lower()}", CENT, Decimal(5), CENT
        status = MarketStatus.CLOSED if ext in self._closed else MarketStatus.OPEN
        return MarketData(
            external_id=ext, title=title, event_external_id=event_id, event_title=wm.question,
            series=f"KXTEST{wm.key}" if self.flavour == "kalshi" else "", category=wm.category,
            outcome_label="Yes", no_outcome_label="No", rules_text=rules,
            resolution_source=wm.source, status=status, open_time=self.anchor - timedelta(days=30),
            close_time=wm.close_time, expected_settle_time=wm.close_time + timedelta(hours=2),
            tick_size=tick, min_order_size=min_size, size_increment=increment,
            fee=self._fee_params(wm), yes_token_id=yes_token, no_token_id=no_token,
            url=f"https://example.invalid/{self.slug}/{ext}",
        )

    def _member_market_data(self, wm: _WorldMarket) -> MarketData:
        """A multi-outcome event's member in the venue's structure: on test_kalshi a market of a
        mutually exclusive event (its outcome named by yes_sub_title, as Kalshi does); on
        test_polymarket a member of a neg-risk group (group item title, "Other" flagged, the
        group augmented when it has an Other leg)."""
        yes_token, no_token = self._token_ids(wm)
        ext = self.external_id(wm)
        extra: dict[str, Any]
        if self.flavour == "kalshi":
            event_id = self._event_ticker(wm)
            rules = f"If {wm.label} is the outcome, the market resolves to Yes. {wm.rules}"
            min_size = CENT
            outcome_label, subtitle, series = wm.label, "", f"KXTEST{wm.event_key}"
            extra = {"event_mutually_exclusive": True, "event_sub_title": wm.event_question}
        else:
            event_id = f"test-{wm.event_key.lower()}"
            rules = f"{wm.rules} This market resolves to Yes if the outcome is {wm.label}."
            min_size = Decimal(5)
            outcome_label, subtitle, series = "Yes", wm.label, ""
            extra = {
                "neg_risk": True, "neg_risk_market_id": self._neg_risk_market_id(wm.event_key),
                "neg_risk_other": wm.catch_all,
                "neg_risk_augmented": any(m.catch_all for m in self._event_members(wm.event_key)),
                "group_item_title": wm.label,
            }
        status = MarketStatus.CLOSED if ext in self._closed else MarketStatus.OPEN
        return MarketData(
            external_id=ext, title=wm.question, event_external_id=event_id,
            event_title=wm.event_question, series=series, category=wm.category,
            subtitle=subtitle, outcome_label=outcome_label, no_outcome_label="No",
            rules_text=rules, resolution_source=wm.source, status=status,
            open_time=self.anchor - timedelta(days=30), close_time=wm.close_time,
            expected_settle_time=wm.close_time + timedelta(hours=2), tick_size=CENT,
            min_order_size=min_size, size_increment=CENT, fee=self._fee_params(wm),
            yes_token_id=yes_token, no_token_id=no_token,
            url=f"https://example.invalid/{self.slug}/{ext}", extra=extra,
        )

    # --- scripting ----------------------------------------------------------------------------
    def script_orders(self, *behaviours: str) -> None:
        """Queue behaviours for the next place_order calls, in order.

        "fill" (walk the book), "partial:<fraction>", "reject", "timeout_placed" (the order is
        placed and fills, but the caller sees a timeout), "timeout_lost" (timeout, nothing placed),
        "garbage" (an unparseable answer).
        """
        with self._lock:
            self._order_script.extend(behaviours)

    def fail_next(self, operation: str, error: PlatformError, times: int = 1) -> None:
        """Make the next `times` calls of operation ("markets", "books", "order", ...) raise."""
        with self._lock:
            self._failures.setdefault(operation, deque()).extend([error] * times)

    def return_garbage(self, operation: str, on: bool = True) -> None:
        """Make an operation's payload unparseable (raises BadResponse) until switched off."""
        with self._lock:
            (self._garbage.add if on else self._garbage.discard)(operation)

    def close_market(self, external_id: str) -> None:
        self._closed.add(external_id)

    def script_result(self, external_id: str, settlement_value: Decimal) -> None:
        """Make a market settle with this YES payout (1, 0 or a split) instead of its seeded
        result, e.g. to plant a divergence between two venues' "same" market."""
        with self._lock:
            self._scripted_results[external_id] = settlement_value

    def _maybe_fail(self, operation: str) -> None:
        with self._lock:
            queue = self._failures.get(operation)
            error = queue.popleft() if queue else None
            garbage = operation in self._garbage
        if error is not None:
            raise error
        if garbage:
            raise BadResponse(
                f"{self.slug}: unparseable {operation} payload", field=operation, platform=self.slug
            )

    # --- market data --------------------------------------------------------------------------
    def iter_markets(self, since: datetime | None = None) -> Iterator[MarketData]:
        self._maybe_fail("markets")
        self.sync_stats.pages += 1
        for wm in self.world:
            self.sync_stats.markets += 1
            yield self.market_data(wm)

    def _step(self) -> int:
        return int(self.clock() // self.step_s)

    def fair_value_at(self, wm: _WorldMarket, step: int) -> float:
        deviation = 0.0
        for back in range(self.WINDOW, -1, -1):
            deviation = self.PHI * deviation + self.SIGMA * _gauss(self.slug, self.seed, wm.key, step - back)
        return min(0.97, max(0.03, wm.fair_value + deviation))

    def _book_for(self, wm: _WorldMarket, step: int) -> BookSnapshot:
        mid = Decimal(str(self.fair_value_at(wm, step))).quantize(CENT)
        half_spread = CENT if _unit_hash(self.slug, wm.key, step, "spr") < 0.7 else 2 * CENT
        bids: list[Level] = []
        asks: list[Level] = []
        for depth in range(8):
            bid = mid - half_spread - depth * CENT
            ask = mid + half_spread + depth * CENT
            size_b = Decimal(int(20 + 400 * _unit_hash(self.slug, wm.key, step, depth, "b")))
            size_a = Decimal(int(20 + 400 * _unit_hash(self.slug, wm.key, step, depth, "a")))
            if bid >= CENT:
                bids.append((bid, size_b))
            if ask <= 1 - CENT:
                asks.append((ask, size_a))
        ts = datetime.fromtimestamp(step * self.step_s, tz=UTC)
        return BookSnapshot(
            market_external_id=self.external_id(wm), yes_bids=tuple(bids), yes_asks=tuple(asks),
            exchange_ts=ts, seq=step, source="rest",
        )

    def _world_by_id(self) -> dict[str, _WorldMarket]:
        return {self.external_id(wm): wm for wm in self.world}

    def get_books(self, markets: Sequence[MarketRef]) -> dict[str, BookSnapshot]:
        self._maybe_fail("books")
        step = self._step()
        by_id = self._world_by_id()
        books: dict[str, BookSnapshot] = {}
        for ref in markets:
            wm = by_id.get(ref.external_id)
            if wm is not None and ref.external_id not in self._closed:
                books[ref.external_id] = self._book_for(wm, step)
        return books

    # --- results ------------------------------------------------------------------------------
    def settlement_value(self, wm: _WorldMarket) -> Decimal:
        """The seeded YES payout of a question: YES with probability its fair value.

        Keyed by (seed, question) only, so both flavours settle a question alike, as two venues
        listing the same event do; script_result overrides it per market. A multi-outcome
        event draws one winner (each member with probability its fair value) keyed by (seed,
        event): exactly one member settles YES, the same one on both flavours.
        """
        scripted = self._scripted_results.get(self.external_id(wm))
        if scripted is not None:
            return scripted
        if wm.event_key:
            return ONE if self.event_winner(wm.event_key) == wm.key else ZERO
        return ONE if _unit_hash(self.seed, wm.key, "result") < wm.fair_value else ZERO

    def event_winner(self, event_key: str) -> str:
        """The world key of the member of a multi-outcome event that settles YES."""
        members = self._event_members(event_key)
        if not members:
            raise ValueError(f"{self.slug}: no multi-outcome event {event_key!r}")
        draw = _unit_hash(self.seed, event_key, "result") * sum(m.fair_value for m in members)
        for member in members:
            draw -= member.fair_value
            if draw < 0:
                return member.key
        return members[-1].key

    def get_results(self, markets: Sequence[MarketRef]) -> dict[str, MarketResult]:
        """Each market's state at the venue clock: open until its close time, closed until
        its expected settlement (close + 2 h), then settled with its seeded (or scripted)
        result."""
        self._maybe_fail("results")
        now = datetime.fromtimestamp(self.clock(), tz=UTC)
        by_id = self._world_by_id()
        results: dict[str, MarketResult] = {}
        for ref in markets:
            wm = by_id.get(ref.external_id)
            if wm is None:
                continue
            data = self.market_data(wm)
            settles_at = data.expected_settle_time or wm.close_time
            raw: dict[str, Any] = {
                "external_id": ref.external_id, "title": data.title,
                "rules_text": data.rules_text, "close_time": wm.close_time.isoformat(),
            }
            if now < wm.close_time:
                results[ref.external_id] = MarketResult(ref.external_id, MarketStatus.OPEN, raw=raw)
            elif now < settles_at:
                results[ref.external_id] = MarketResult(
                    ref.external_id, MarketStatus.CLOSED, raw=raw
                )
            else:
                value = self.settlement_value(wm)
                raw.update(settlement_value=str(value), settled_at=settles_at.isoformat())
                results[ref.external_id] = MarketResult(
                    ref.external_id, MarketStatus.SETTLED, result=result_from_value(value),
                    settlement_value=value, settled_at=settles_at, raw=raw,
                )
        return results

    # --- trading ------------------------------------------------------------------------------
    @property
    def has_credentials(self) -> bool:
        return True

    def _fill_against_book(
        self, intent: OrderIntent, book: BookSnapshot, cap: Decimal
    ) -> tuple[Decimal, Decimal]:
        """Walk the book for the intent up to its limit; returns (filled size, total cost)."""
        if intent.outcome is Outcome.YES:
            levels = book.yes_asks if intent.action is Action.BUY else book.yes_bids
            as_outcome = levels
        else:
            # NO is bought by hitting YES bids (NO price = 1 - YES bid), sold into YES asks.
            levels = book.yes_bids if intent.action is Action.BUY else book.yes_asks
            as_outcome = tuple((1 - p, s) for p, s in levels)
        remaining = min(intent.size, cap)
        filled = ZERO
        cost = ZERO
        for price, size in as_outcome:
            acceptable = price <= intent.price if intent.action is Action.BUY else price >= intent.price
            if not acceptable or remaining <= 0:
                break
            take = min(size, remaining)
            filled += take
            cost += take * price
            remaining -= take
        return filled, cost

    def sendable_size(self, intent: OrderIntent) -> Decimal:
        """The intent's size cut to whole cents of a contract; below the market's minimum (when
        the intent gives it) the order is refused with OrderRejected("bad_intent")."""
        size = intent.size.quantize(CENT, rounding=ROUND_DOWN)
        minimum = intent.min_order_size if intent.min_order_size is not None else CENT
        if size <= 0 or size < minimum:
            raise OrderRejected(
                f"{self.slug}: size {intent.size} is below the minimum of {minimum}",
                code="bad_intent", platform=self.slug,
            )
        return size

    def place_order(self, intent: OrderIntent) -> OrderResult:
        self._maybe_fail("order")
        # The venue's own refusal of an unsendable intent, before anything is placed.
        if self.sendable_size(intent) != intent.size:
            raise OrderRejected(
                f"{self.slug}: size {intent.size} is not a multiple of {CENT}",
                code="bad_intent", platform=self.slug,
            )
        with self._lock:
            behaviour = self._order_script.popleft() if self._order_script else "fill"
            if intent.client_order_id in self._orders:
                raise OrderRejected(
                    f"duplicate client_order_id {intent.client_order_id}", code="duplicate",
                    platform=self.slug,
                )
        if behaviour == "reject":
            raise OrderRejected("scripted rejection", code="scripted", platform=self.slug)
        if behaviour == "garbage":
            raise BadResponse("unparseable order response", field="order", platform=self.slug)
        if behaviour == "timeout_lost":
            raise OrderTimeout("order request timed out (not placed)", platform=self.slug)
        wm = self._world_by_id().get(intent.market_external_id)
        if wm is None or intent.market_external_id in self._closed:
            raise OrderRejected("market closed or unknown", code="market_closed", platform=self.slug)
        book = self._book_for(wm, self._step())
        cap = intent.size
        if behaviour.startswith("partial"):
            fraction = Decimal(behaviour.split(":", 1)[1]) if ":" in behaviour else Decimal("0.5")
            cap = (intent.size * fraction).quantize(CENT, rounding=ROUND_DOWN)
        filled, cost = self._fill_against_book(intent, book, cap)
        if intent.time_in_force is TimeInForce.FOK and filled < intent.size:
            filled, cost = ZERO, ZERO
        avg = (cost / filled) if filled else None
        fee_params = self._fee_params(wm)
        fee = self.fee(fee_params, price=avg, size=filled) if avg is not None else ZERO
        if filled >= intent.size:
            status = OrderStatus.FILLED
        elif filled > 0:
            status = OrderStatus.PARTIAL
        else:
            status = OrderStatus.CANCELED
        venue_order_id = "T-" + hashlib.blake2b(intent.client_order_id.encode(), digest_size=8).hexdigest()
        order = _TestOrder(
            intent=intent, venue_order_id=venue_order_id, filled=filled, average_price=avg,
            fee=fee, status=status, created_at=datetime.fromtimestamp(self.clock(), tz=UTC),
        )
        with self._lock:
            self._orders[intent.client_order_id] = order
            if filled > 0:
                self._record_fill(order)
        if behaviour == "timeout_placed":
            raise OrderTimeout("order request timed out (order was placed)", platform=self.slug)
        return self._result(order)

    def _record_fill(self, order: _TestOrder) -> None:
        intent = order.intent
        assert order.average_price is not None
        self._fills.append(
            FillData(
                venue_fill_id=f"F-{order.venue_order_id}", venue_order_id=order.venue_order_id,
                market_external_id=intent.market_external_id, outcome=intent.outcome,
                action=intent.action, price=order.average_price, size=order.filled, fee=order.fee,
                ts=order.created_at, client_order_id=intent.client_order_id,
            )
        )
        key = (intent.market_external_id, intent.outcome)
        signed = order.filled if intent.action is Action.BUY else -order.filled
        self._positions[key] = self._positions.get(key, ZERO) + signed
        cash = order.filled * order.average_price
        self._balance += (-cash if intent.action is Action.BUY else cash) - order.fee

    @staticmethod
    def _result(order: _TestOrder) -> OrderResult:
        return OrderResult(
            client_order_id=order.intent.client_order_id, venue_order_id=order.venue_order_id,
            status=order.status, filled_size=order.filled, average_price=order.average_price,
            fee_paid=order.fee, remaining_size=order.intent.size - order.filled,
            raw_status=order.status.value,
        )

    def get_order(
        self, *, client_order_id: str = "", venue_order_id: str = "", market_external_id: str = ""
    ) -> OrderResult | None:
        self._maybe_fail("get_order")
        with self._lock:
            for order in self._orders.values():
                if (client_order_id and order.intent.client_order_id == client_order_id) or (
                    venue_order_id and order.venue_order_id == venue_order_id
                ):
                    return self._result(order)
        return None

    def cancel_order(self, venue_order_id: str, *, market_external_id: str = "") -> None:
        self._maybe_fail("cancel")
        with self._lock:
            for key, order in self._orders.items():
                if order.venue_order_id == venue_order_id and order.status is OrderStatus.RESTING:
                    self._orders[key] = replace(order, status=OrderStatus.CANCELED)

    def list_fills(self, since: datetime | None = None) -> list[FillData]:
        self._maybe_fail("fills")
        with self._lock:
            return [f for f in self._fills if since is None or (f.ts and f.ts >= since)]

    def get_positions(self) -> list[PositionData]:
        self._maybe_fail("positions")
        with self._lock:
            return [
                PositionData(market_external_id=m, outcome=o, size=s)
                for (m, o), s in self._positions.items() if s != 0
            ]

    def get_balance(self) -> Decimal:
        self._maybe_fail("balance")
        with self._lock:
            return self._balance

    def set_balance(self, amount: Decimal) -> None:
        with self._lock:
            self._balance = amount

    def debug_state(self) -> dict[str, Any]:
        with self._lock:
            return {"orders": len(self._orders), "fills": len(self._fills)}


def _build(flavour: str) -> TestPlatform:
    slug = f"test_{flavour}"
    name = "Test venue (Kalshi-like)" if flavour == "kalshi" else "Test venue (Polymarket-like)"
    return TestPlatform(
        slug=slug, display_name=name, flavour=flavour, seed=settings.EVENTSARB_TEST_VENUE_SEED,
        market_count=settings.EVENTSARB_TEST_VENUE_MARKETS,
    )


def build_kalshi_like() -> TestPlatform:
    return _build("kalshi")


def build_polymarket_like() -> TestPlatform:
    return _build("polymarket")
