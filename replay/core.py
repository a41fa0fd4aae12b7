"""The replay: book changes in time order -> the live decision -> paper attempts N ms later.

Pure: no Django, no I/O (the caller hands in definitions and an iterator of book lines, from a
tape or the database). Every change is decided with the live scan's own function
(arbitrage.decision: the book gate, then the engine), every plan is risk-checked with
trading.risk and every leg is filled with the paper executor's fill (trading.plan.paper_fill:
the venue's fee, depth taken remembered per book), so a replay is the trading path run on
history, not a model of it.

The bot being replayed. An opportunity is one profitable direction of a pair, from the first
change that shows it to the first that does not (the live lifecycle: one open opportunity per
pair and direction). The bot tries each opportunity once: at the first decision where its plan,
re-priced on the books less the depth the bot already took, passes the risk checks. It sends
leg 1 then leg 2 immediate-or-cancel at the plan's limits, sized as execution sizes them, and
both orders meet the books as they are `latency_ms` after that decision: every change stamped
before then has happened, one stamped at that instant or later has not. A short leg 2 is
retried within the remaining edge and leg 1's excess unwound, as trading.services.machine does,
with the same pure functions (trading.plan). One try per opportunity, because a recorded book
cannot show how the market would have refilled after our own orders took it.

Each run keeps two books of account on the same history: the bot reacting after latency_ms and
the same bot reacting instantly (on the very books it decided on). The difference of their net
profits is what the latency cost. A trade's net profit is what the venues pay when both markets'
settlement is on the tape, else the edge it locked (hedged pairs of contracts pay exactly 1);
unhedged contracts without a settlement count as worth nothing. Capital stays committed until
the later market settles, which is what the per-pair and per-venue limits see.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields, replace
from datetime import datetime
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

import pricing
from arbitrage.decision import pair_decision, pair_may_profit
from pricing.fees import Fee
from pricing.types import OUTCOMES_BY_DIRECTION
from replay.tape import BookLine, MarketKey, TapeMarket, TapePair, from_us, iso, to_us
from trading import plan, risk

ZERO = Decimal(0)
ONE = Decimal(1)
MONEY = Decimal("0.000001")
RATIO = Decimal("0.00000001")
MS = Decimal(1000)
US_PER_YEAR = Decimal(365 * 24 * 3600 * 1_000_000)
PROGRESS_EVERY = 50_000
# Equity curve points kept in the report (evenly thinned beyond this).
EQUITY_POINTS = 400

Level = tuple[Decimal, Decimal]
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class ReplayParams:
    """What a replay runs: the window, the bot's budget, slippage cap and reaction time, and the
    risk limits and paper balance its trades are checked against."""

    start: datetime
    end: datetime
    budget: Decimal
    latency_ms: int
    limits: risk.RiskLimits
    paper_balance: Decimal
    leg2_max_retries: int
    max_slippage: Decimal | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "from": iso(self.start), "to": iso(self.end), "budget": str(self.budget),
            "latency_ms": self.latency_ms,
            "max_slippage": None if self.max_slippage is None else str(self.max_slippage),
            "paper_balance": str(self.paper_balance),
            "leg2_max_retries": self.leg2_max_retries,
            "limits": {f.name: str(getattr(self.limits, f.name)) for f in fields(self.limits)},
        }


# --- books ------------------------------------------------------------------------------------
class MarketBook:
    """One market's book as the replay holds it: {price: size} per side, the tops, and the
    sorted levels built only when the engine or a fill needs them. `version` counts changes
    (depth the bot took is remembered per version, as the paper executor does per stored
    book)."""

    __slots__ = ("market", "bids", "asks", "best_bid", "best_ask", "version", "_levels", "pairs",
                 "seen", "texts")

    def __init__(self, market: TapeMarket, *, keep_text: bool = False) -> None:
        self.market = market
        self.bids: dict[Decimal, Decimal] = {}
        self.asks: dict[Decimal, Decimal] = {}
        self.best_bid: Decimal | None = None
        self.best_ask: Decimal | None = None
        self.version = 0
        self._levels: tuple[tuple[Level, ...], tuple[Level, ...]] | None = None
        self.pairs: list[PairRun] = []
        self.seen = False
        # With keep_text, each level's price and size as the tape wrote them (bids, asks): an
        # import stores the book's text as it came instead of re-printing Decimals.
        self.texts: tuple[dict[Decimal, list[str]], dict[Decimal, list[str]]] | None = (
            ({}, {}) if keep_text else None
        )

    def levels_text(self) -> tuple[list[list[str]], list[list[str]]]:
        """The book as stored JSON levels, best first (needs keep_text)."""
        assert self.texts is not None
        bids, asks = self.texts
        return (
            [bids[p] for p in sorted(bids, reverse=True)], [asks[p] for p in sorted(asks)]
        )

    def levels(self) -> tuple[tuple[Level, ...], tuple[Level, ...]]:
        """(YES bids best first, YES asks best first)."""
        if self._levels is None:
            self._levels = (
                tuple(sorted(self.bids.items(), reverse=True)), tuple(sorted(self.asks.items()))
            )
        return self._levels


class Decimals:
    """Decimal parsing with a cache for the few hundred price strings a book uses (a tape's
    sizes repeat too). Non-finite values are refused."""

    def __init__(self) -> None:
        self.cache: dict[str, Decimal] = {}

    def __call__(self, text: str) -> Decimal:
        value = self.cache.get(text)
        if value is None:
            value = Decimal(text)
            if not value.is_finite():
                raise ValueError(f"not a finite decimal: {text!r}")
            if len(self.cache) < 200_000:
                self.cache[text] = value
        return value


def book_apply(book: MarketBook, line: BookLine, dec: Decimals) -> None:
    """Apply one tape line to a market's book: a full book, or changed levels (size 0 removes).

    The tops are kept as changes come: only removing the best level (or a full book) looks at
    every price again.
    """
    bids, asks = book.bids, book.asks
    if line.snapshot:
        for side, levels in ((bids, line.yes_bids), (asks, line.yes_asks)):
            side.clear()
            for price, size in levels:
                amount = dec(size)
                if amount > 0:
                    key = dec(price)
                    side[key] = side.get(key, ZERO) + amount
        book.best_bid = max(bids) if bids else None
        book.best_ask = min(asks) if asks else None
    else:
        best_bid, best_ask = book.best_bid, book.best_ask
        for price, size in line.yes_bids:
            key, amount = dec(price), dec(size)
            if amount > 0:
                bids[key] = amount
                if best_bid is None or key > best_bid:
                    best_bid = key
            elif bids.pop(key, None) is not None and key == best_bid:
                best_bid = max(bids) if bids else None
        for price, size in line.yes_asks:
            key, amount = dec(price), dec(size)
            if amount > 0:
                asks[key] = amount
                if best_ask is None or key < best_ask:
                    best_ask = key
            elif asks.pop(key, None) is not None and key == best_ask:
                best_ask = min(asks) if asks else None
        book.best_bid, book.best_ask = best_bid, best_ask
    if book.texts is not None:
        _texts_apply(book, line)
    book.version += 1
    book._levels = None
    book.seen = True


def _texts_apply(book: MarketBook, line: BookLine) -> None:
    assert book.texts is not None
    for side, text, levels in zip((book.bids, book.asks), book.texts,
                                  (line.yes_bids, line.yes_asks), strict=True):
        if line.snapshot:
            text.clear()
        for price, size in levels:
            key = Decimal(price)
            if key not in side:
                text.pop(key, None)
            elif line.snapshot and key in text:
                # The same price twice in a full book: the sizes were summed.
                text[key] = [text[key][0], str(side[key])]
            else:
                text[key] = [price, size]


# --- the bot's books of account -----------------------------------------------------------------
@dataclass
class Opportunity:
    """One profitable direction of a pair, from first sight until it vanishes."""

    pair_id: int
    direction: str
    first_us: int
    peak_net_profit: Decimal
    tried: set[str] = field(default_factory=set)


@dataclass
class Attempt:
    """A planned attempt waiting to meet the books (the latency account's orders in flight)."""

    pair: PairRun
    opportunity: Opportunity
    attempt_plan: plan.AttemptPlan
    decided_us: int


@dataclass
class Fill:
    size: Decimal = ZERO
    cost: Decimal = ZERO  # purchase price plus buy fees of the contracts still held


@dataclass
class PairTally:
    """One account's figures for one pair (and, summed, for the run)."""

    trades: int = 0
    unfilled: int = 0
    capital: Decimal = ZERO
    net_profit: Decimal = ZERO
    capital_years: Decimal = ZERO
    unhedged_contracts: Decimal = ZERO
    refusals: dict[str, int] = field(default_factory=dict)

    def add(self, other: PairTally) -> None:
        self.trades += other.trades
        self.unfilled += other.unfilled
        self.capital += other.capital
        self.net_profit += other.net_profit
        self.capital_years += other.capital_years
        self.unhedged_contracts += other.unhedged_contracts
        for code, n in other.refusals.items():
            self.refusals[code] = self.refusals.get(code, 0) + n


class Account:
    """The bot's trades under one reaction time: depth taken, capital committed, P&L."""

    def __init__(self, name: str, latency_us: int, params: ReplayParams) -> None:
        self.name = name
        self.latency_us = latency_us
        self.params = params
        # market key -> (book version, depth taken from that version)
        self.taken: dict[MarketKey, tuple[int, dict[tuple[str, Decimal], Decimal]]] = {}
        # Capital committed until each market settles: running totals, and a heap of
        # (release time, seq, pair id, venue, amount) taken off as the replay's clock passes it.
        self.committed_total = ZERO
        self.committed_by_pair: dict[int, Decimal] = {}
        self.committed_by_venue: dict[str, Decimal] = {}
        self.releases: list[tuple[int, int, int, str, Decimal]] = []
        self.realised_by_day: dict[int, Decimal] = {}
        self.in_flight: list[tuple[int, int, Attempt]] = []
        self.busy: set[int] = set()
        self.tallies: dict[int, PairTally] = {}
        self.equity: list[tuple[int, Decimal]] = []
        self.cumulative = ZERO
        self.peak_committed = ZERO

    def tally(self, pair_id: int) -> PairTally:
        found = self.tallies.get(pair_id)
        if found is None:
            found = self.tallies[pair_id] = PairTally()
        return found

    def used(self, book: MarketBook) -> dict[tuple[str, Decimal], Decimal]:
        """Depth this account took from the market's current book (none from a newer one)."""
        key = book.market.key
        current = self.taken.get(key)
        if current is None or current[0] != book.version:
            current = (book.version, {})
            self.taken[key] = current
        return current[1]

    def commit(self, *, pair_id: int, venue: str, amount: Decimal, release_us: int | None,
               seq: int) -> None:
        """Capital an attempt left on a venue until its market settles (None: beyond)."""
        self.committed_total += amount
        self.committed_by_pair[pair_id] = self.committed_by_pair.get(pair_id, ZERO) + amount
        self.committed_by_venue[venue] = self.committed_by_venue.get(venue, ZERO) + amount
        if release_us is not None:
            heapq.heappush(self.releases, (release_us, seq, pair_id, venue, amount))

    def release(self, now_us: int) -> None:
        """Free the capital of markets settled by now (the replay's clock only goes forward)."""
        releases = self.releases
        while releases and releases[0][0] <= now_us:
            _, _, pair_id, venue, amount = heapq.heappop(releases)
            self.committed_total -= amount
            self.committed_by_pair[pair_id] -= amount
            self.committed_by_venue[venue] -= amount


# --- pairs ------------------------------------------------------------------------------------
class PairRun:
    """A pair being replayed: its two books, engine legs and open opportunities."""

    def __init__(self, pair: TapePair, a: MarketBook, b: MarketBook) -> None:
        self.id = pair.id
        self.pair = pair
        self.a, self.b = a, b
        self.orientation = pair.orientation
        self.leg_a = _leg(a.market)
        self.leg_b = _leg(b.market)
        closes = [m.close_time for m in (a.market, b.market) if m.close_time is not None]
        self.close_us = to_us(min(closes)) if closes else None
        settle = [m.settles_at for m in (a.market, b.market)]
        self.settles_us = None if None in settle else to_us(max(s for s in settle if s))
        self.open: dict[str, Opportunity] = {}
        self.lifetimes_us: list[int] = []
        self.opportunities = 0
        # Sum of each opportunity's best plan while it lasted: what a perfect bot trading each
        # once, at its best moment and with no latency, could have locked.
        self.peak_net_profit = ZERO


def _leg(market: TapeMarket) -> pricing.LegInput:
    return pricing.LegInput(
        venue=market.venue, yes_bids=(), yes_asks=(), fee=market.fee,
        min_size=market.min_order_size, size_increment=market.size_increment,
        settles_at=market.settles_at,
    )


def pair_exclusion(pair: TapePair, markets: dict[MarketKey, TapeMarket]) -> str:
    """Why a pair is not replayed ("" when it is): only identical pairs are traded, and a fee
    the engine cannot price is refused (pricing.check_priceable)."""
    if pair.relation != "identical":
        return f"relation is {pair.relation}: only identical pairs are traded"
    for key in (pair.a, pair.b):
        try:
            pricing.check_priceable(_leg(markets[key]))
        except pricing.EngineInputError as exc:
            return f"not priceable: {exc}"
    return ""


# --- the run ----------------------------------------------------------------------------------
class Replay:
    """One replay over definitions and book lines (see the module docstring); `run` returns
    the report."""

    def __init__(
        self, *, markets: dict[MarketKey, TapeMarket], pairs: Iterable[TapePair],
        params: ReplayParams, source: str, progress: Progress | None = None,
    ) -> None:
        self.params = params
        self.source = source
        self.progress = progress
        self.dec = Decimals()
        self.start_us, self.end_us = to_us(params.start), to_us(params.end)
        self.books = {key: MarketBook(m) for key, m in markets.items()}
        self.pairs: list[PairRun] = []
        self.excluded: list[dict[str, Any]] = []
        for pair in sorted(pairs, key=lambda p: p.id):
            reason = pair_exclusion(pair, markets)
            if reason:
                self.excluded.append({"pair_id": pair.id, "reason": reason})
                continue
            run = PairRun(pair, self.books[pair.a], self.books[pair.b])
            self.pairs.append(run)
            run.a.pairs.append(run)
            run.b.pairs.append(run)
        latency_us = params.latency_ms * 1000
        self.instant = Account("instant", 0, params)
        self.delayed = Account("latency", latency_us, params) if latency_us else self.instant
        self.accounts = (self.instant, self.delayed) if latency_us else (self.instant,)
        self.seq = 0
        self.changes = 0
        self.changes_in_window = 0
        self.decisions = 0
        self.priced = 0
        self.not_priceable = 0
        self.late_reactions = 0

    # --- main loop ----------------------------------------------------------------------------
    def run(self, lines: Iterable[BookLine]) -> dict[str, Any]:
        start_us, end_us = self.start_us, self.end_us
        books, dec = self.books, self.dec
        delayed = self.delayed
        in_flight = delayed.in_flight
        progress, every = self.progress, PROGRESS_EVERY
        for line in lines:
            t = line.captured_us
            if t >= end_us:
                break
            # Orders in flight arriving at or before this change meet the books without it.
            while in_flight and in_flight[0][0] <= t:
                arrival, _, attempt = heapq.heappop(in_flight)
                self._execute(delayed, attempt, arrival)
            book = books.get(line.key)
            if book is None:
                raise ValueError(f"line {line.line}: book for undefined market {line.key}")
            try:
                book_apply(book, line, dec)
            except (ArithmeticError, ValueError, TypeError) as exc:
                raise ValueError(f"line {line.line}: malformed levels: {exc}") from None
            self.changes += 1
            if progress is not None and self.changes % every == 0:
                progress(self.changes, t)
            if t < start_us:
                continue
            self.changes_in_window += 1
            for pair in book.pairs:
                self._decide(pair, t)
        self._finish()
        return self.report()

    def _decide(self, pair: PairRun, t: int) -> None:
        a, b = pair.a, pair.b
        if not (a.seen and b.seen):
            return
        self.decisions += 1
        found: list[pricing.Plan] = []
        if pair.close_us is not None and t >= pair.close_us:
            pass  # a closed market is not traded (the pair gate's market_not_open)
        elif pair_may_profit(
            best_bid_a=a.best_bid, best_ask_a=a.best_ask, best_bid_b=b.best_bid,
            best_ask_b=b.best_ask, orientation=pair.orientation,
        ):
            self.priced += 1
            (bids_a, asks_a), (bids_b, asks_b) = a.levels(), b.levels()
            try:
                found = pair_decision(
                    replace(pair.leg_a, yes_bids=bids_a, yes_asks=asks_a),
                    replace(pair.leg_b, yes_bids=bids_b, yes_asks=asks_b),
                    orientation=pair.orientation, budget=self.params.budget, now=from_us(t),
                    max_slippage=self.params.max_slippage,
                )
            except pricing.EngineInputError:
                self.not_priceable += 1
        if not found and not pair.open:
            return
        self._lifecycle(pair, found, t)

    def _lifecycle(self, pair: PairRun, found: list[pricing.Plan], t: int) -> None:
        """Open, update and close the pair's opportunities; try each open one once per
        account."""
        by_direction = {p.direction: p for p in found}
        for direction in list(pair.open):
            if direction not in by_direction:
                gone = pair.open.pop(direction)
                pair.lifetimes_us.append(t - gone.first_us)
                pair.peak_net_profit += gone.peak_net_profit
        for direction, engine_plan in by_direction.items():
            known = pair.open.get(direction)
            if known is None:
                opportunity = pair.open[direction] = Opportunity(
                    pair_id=pair.id, direction=direction, first_us=t,
                    peak_net_profit=engine_plan.net_profit,
                )
                pair.opportunities += 1
            else:
                opportunity = known
            if engine_plan.net_profit > opportunity.peak_net_profit:
                opportunity.peak_net_profit = engine_plan.net_profit
            for account in self.accounts:
                if account.name not in opportunity.tried and pair.id not in account.busy:
                    self._try(account, pair, opportunity, engine_plan, t)

    # --- one attempt ----------------------------------------------------------------------------
    def _try(
        self, account: Account, pair: PairRun, opportunity: Opportunity,
        engine_plan: pricing.Plan, t: int,
    ) -> None:
        """Plan the attempt on the books less the depth this account took, risk-check it, and
        send it (now, or into flight until the books of t + latency)."""
        views = []
        reduced = False
        for book in (pair.a, pair.b):
            bids, asks = book.levels()
            used = account.used(book)
            if used:
                reduced = True
                bids = plan.levels_less_used(bids, "bid", used)
                asks = plan.levels_less_used(asks, "ask", used)
            views.append((bids, asks))
        (bids_a, asks_a), (bids_b, asks_b) = views
        if reduced:
            # As execution re-plans on the paper executor's books (trading.services.execute).
            replanned = pricing.evaluate(
                replace(pair.leg_a, yes_bids=bids_a, yes_asks=asks_a),
                replace(pair.leg_b, yes_bids=bids_b, yes_asks=asks_b),
                direction=opportunity.direction, budget=self.params.budget, now=from_us(t),
                max_slippage=self.params.max_slippage,
            )
            if replanned is None:
                return
            engine_plan = replanned
        outcome_a, outcome_b = OUTCOMES_BY_DIRECTION[opportunity.direction]
        attempt_plan = plan.attempt_plan_from(
            engine_plan,
            levels_a=plan.outcome_levels(yes_bids=bids_a, yes_asks=asks_a, outcome=outcome_a,
                                         buy=True),
            levels_b=plan.outcome_levels(yes_bids=bids_b, yes_asks=asks_b, outcome=outcome_b,
                                         buy=True),
        )
        refusals = risk.check(self._risk_input(account, pair, attempt_plan, t),
                              self.params.limits)
        if refusals:
            tally = account.tally(pair.id).refusals
            for refusal in refusals:
                tally[refusal.code] = tally.get(refusal.code, 0) + 1
            return
        opportunity.tried.add(account.name)
        attempt = Attempt(pair=pair, opportunity=opportunity, attempt_plan=attempt_plan,
                          decided_us=t)
        if account.latency_us == 0:
            self._execute(account, attempt, t)
            return
        self.seq += 1
        account.busy.add(pair.id)
        heapq.heappush(account.in_flight, (t + account.latency_us, self.seq, attempt))

    def _risk_input(
        self, account: Account, pair: PairRun, attempt_plan: plan.AttemptPlan, t: int
    ) -> risk.RiskInput:
        venue_a, venue_b = pair.a.market.venue, pair.b.market.venue
        notional: dict[str, Decimal] = {}
        for venue, leg in ((venue_a, attempt_plan.a), (venue_b, attempt_plan.b)):
            notional[venue] = notional.get(venue, ZERO) + leg.cost + leg.fee
        account.release(t)
        held = {v: account.committed_by_venue.get(v, ZERO) for v in (venue_a, venue_b)}
        return risk.RiskInput(
            mode="paper", kill_switch=False, credentials_ok=True, notional_by_venue=notional,
            net_profit=attempt_plan.net_profit, return_on_capital=attempt_plan.return_on_capital,
            open_pair_notional=account.committed_by_pair.get(pair.id, ZERO),
            open_venue_notional=held,
            daily_realised_pnl=account.realised_by_day.get(_day(t), ZERO),
            open_attempts=len(account.in_flight),
            # A tape records changes, not confirmations: a quiet book is as fresh as the
            # stream that vouched for it, so quote age is not checked on history.
            quote_ages_s={venue_a: 0.0, venue_b: 0.0},
            balances={v: self.params.paper_balance - held[v] for v in held},
        )

    def _execute(self, account: Account, attempt: Attempt, t: int) -> None:
        """Both legs against the books of now, as the attempt state machine sends them."""
        pair, ap = attempt.pair, attempt.attempt_plan
        account.busy.discard(pair.id)
        leg1 = ap.leg1
        legs = {"a": (pair.a, ap.a), "b": (pair.b, ap.b)}
        book1, plan1 = legs[leg1]
        book2, plan2 = legs["b" if leg1 == "a" else "a"]
        m1, m2 = book1.market, book2.market
        tally = account.tally(pair.id)
        first = self._fill(account, book1, outcome=plan1.outcome, buy=True, size=ap.size,
                           limit=plan1.limit_price)
        if first.filled <= 0:
            tally.unfilled += 1
            return
        held1 = Fill(first.filled, first.filled * _avg(first) + first.fee)
        held2 = Fill()
        capital = held1.cost
        unwound = ZERO
        size2 = plan.round_down(held1.size, m2.size_increment)
        if size2 > 0 and size2 >= m2.min_order_size:
            second = self._fill(account, book2, outcome=plan2.outcome, buy=True, size=size2,
                                limit=plan2.limit_price)
            if second.filled > 0:
                held2 = Fill(second.filled, second.filled * _avg(second) + second.fee)
                capital += held2.cost
            retries = 0
            while held1.size > held2.size and retries < self.params.leg2_max_retries:
                quote = self._hedge_quote(account, book2, plan2.outcome, held1, held2)
                if quote is None:
                    break
                retries += 1
                more = self._fill(account, book2, outcome=plan2.outcome, buy=True,
                                  size=quote.size, limit=quote.limit_price)
                if more.filled > 0:
                    bought = more.filled * _avg(more) + more.fee
                    held2 = Fill(held2.size + more.filled, held2.cost + bought)
                    capital += bought
        if held1.size > held2.size:
            unwound = self._unwind(account, book1, plan1.outcome, held1, held2.size)
        matched = min(held1.size, held2.size)
        naked = held1.size - matched
        locked = unwound
        if matched > 0:
            locked += matched * (ONE - held1.cost / held1.size - held2.cost / held2.size)
        values = (m1.settlement_value, m2.settlement_value)
        if values[0] is not None and values[1] is not None:
            net = unwound + _payout(held1.size, plan1.outcome, values[0]) - held1.cost
            if held2.size > 0:
                net += _payout(held2.size, plan2.outcome, values[1]) - held2.cost
        else:
            # Unhedged contracts without a known settlement are counted as worth nothing.
            net = locked - (naked * held1.cost / held1.size if naked else ZERO)
        account.realised_by_day[_day(t)] = account.realised_by_day.get(_day(t), ZERO) + locked
        account.release(t)
        for market, fill in ((m1, held1), (m2, held2)):
            if fill.cost > 0:
                self.seq += 1
                account.commit(
                    pair_id=pair.id, venue=market.venue, amount=fill.cost, seq=self.seq,
                    release_us=None if market.settles_at is None else to_us(market.settles_at),
                )
        account.peak_committed = max(account.peak_committed, account.committed_total)
        tally.trades += 1
        tally.capital += capital
        tally.net_profit += net
        tally.unhedged_contracts += naked
        if pair.settles_us is not None and pair.settles_us > t:
            tally.capital_years += capital * Decimal(pair.settles_us - t) / US_PER_YEAR
        account.cumulative += net
        account.equity.append((t, account.cumulative))

    def _fill(
        self, account: Account, book: MarketBook, *, outcome: str, buy: bool, size: Decimal,
        limit: Decimal,
    ) -> plan.PaperFill:
        bids, asks = book.levels()
        return plan.paper_fill(
            yes_bids=bids, yes_asks=asks, used=account.used(book), outcome=outcome, buy=buy,
            size=size, limit=limit, fee=book.market.fee,
        )

    def _hedge_quote(
        self, account: Account, book: MarketBook, outcome: str, held1: Fill, held2: Fill
    ) -> plan.HedgeQuote | None:
        """A leg-2 retry within the remaining edge (machine._step_hedge's arithmetic)."""
        bids, asks = book.levels()
        used = account.used(book)
        levels = plan.outcome_levels(
            yes_bids=plan.levels_less_used(bids, "bid", used),
            yes_asks=plan.levels_less_used(asks, "ask", used), outcome=outcome, buy=True,
        )
        unit1 = held1.cost / held1.size
        fee: Fee = book.market.fee
        return plan.hedge_reprice(
            levels=levels, needed=held1.size - held2.size, leg1_unit_cost=unit1,
            locked_edge=held2.size * (ONE - unit1) - held2.cost,
            fee=lambda p, n: fee.amount(price=p, size=n),
            size_increment=book.market.size_increment, min_size=book.market.min_order_size,
        )

    def _unwind(
        self, account: Account, book: MarketBook, outcome: str, held1: Fill, hedged: Decimal
    ) -> Decimal:
        """Sell leg 1's excess at the best bids (machine._start_unwind); returns the P&L of what
        was sold and leaves `held1` with what is still held."""
        bids, asks = book.levels()
        used = account.used(book)
        levels = plan.outcome_levels(
            yes_bids=plan.levels_less_used(bids, "bid", used),
            yes_asks=plan.levels_less_used(asks, "ask", used), outcome=outcome, buy=False,
        )
        quote = plan.unwind_quote(
            levels=levels, size=held1.size - hedged, size_increment=book.market.size_increment,
            min_size=book.market.min_order_size,
        )
        if quote is None:
            return ZERO
        size, limit = quote
        sold = self._fill(account, book, outcome=outcome, buy=False, size=size, limit=limit)
        if sold.filled <= 0:
            return ZERO
        released = held1.cost * sold.filled / held1.size
        held1.size -= sold.filled
        held1.cost -= released
        return sold.filled * _avg(sold) - sold.fee - released

    # --- end and report -----------------------------------------------------------------------
    def _finish(self) -> None:
        """Orders arriving inside the window meet the last books (nothing changed before the
        end); orders arriving after it are not filled: what they would have met is not on
        the tape."""
        in_flight = self.delayed.in_flight
        while in_flight and in_flight[0][0] < self.end_us:
            arrival, _, attempt = heapq.heappop(in_flight)
            self._execute(self.delayed, attempt, arrival)
        self.late_reactions = len(in_flight)
        in_flight.clear()

    def report(self) -> dict[str, Any]:
        """The run as JSON values (decimals as strings): totals, per pair, equity curves."""
        rows = []
        total = {name: PairTally() for name in ("instant", "latency")}
        lifetimes: list[int] = []
        opportunities = still_open = 0
        peak = ZERO
        for pair in self.pairs:
            latency = self.delayed.tallies.get(pair.id, PairTally())
            instant = self.instant.tallies.get(pair.id, PairTally())
            total["latency"].add(latency)
            total["instant"].add(instant)
            lifetimes += pair.lifetimes_us
            opportunities += pair.opportunities
            still_open += len(pair.open)
            pair_peak = pair.peak_net_profit + sum(
                (o.peak_net_profit for o in pair.open.values()), ZERO
            )
            peak += pair_peak
            rows.append({
                "pair_id": pair.id,
                "market_a": f"{pair.a.market.venue}:{pair.a.market.external_id}",
                "market_b": f"{pair.b.market.venue}:{pair.b.market.external_id}",
                "title": pair.a.market.title,
                **_figures(pair.opportunities, pair.lifetimes_us, len(pair.open), latency,
                           instant, pair),
                "opportunities_peak_net_profit": _money(pair_peak),
            })
        figures = _figures(opportunities, lifetimes, still_open, total["latency"],
                           total["instant"], None)
        figures["opportunities_peak_net_profit"] = _money(peak)
        figures["peak_capital_committed"] = _money(self.delayed.peak_committed)
        return {
            "replay": {**self.params.to_json(), "source": self.source,
                       "pairs": len(self.pairs)},
            "events": {
                "book_changes": self.changes, "book_changes_in_window": self.changes_in_window,
                "decisions": self.decisions, "priced": self.priced,
                "not_priceable": self.not_priceable, "reactions_after_end": self.late_reactions,
            },
            "total": figures,
            "pairs": rows,
            "excluded_pairs": self.excluded,
            "equity": {
                name: _curve([(self.start_us, ZERO), *account.equity,
                              (self.end_us, account.cumulative)])
                for name, account in (("latency", self.delayed), ("instant", self.instant))
            },
        }


def _figures(
    opportunities: int, lifetimes: list[int], still_open: int, latency: PairTally,
    instant: PairTally, pair: PairRun | None,
) -> dict[str, Any]:
    capital = latency.capital
    ret = None if capital <= 0 else (latency.net_profit / capital).quantize(RATIO, ROUND_HALF_EVEN)
    annual = None
    if latency.capital_years > 0:
        annual = (latency.net_profit / latency.capital_years).quantize(RATIO, ROUND_HALF_EVEN)
    return {
        "opportunities": opportunities,
        "still_open_at_end": still_open,
        "lifetime_ms": _lifetimes(lifetimes),
        "trades": latency.trades,
        "unfilled_attempts": latency.unfilled,
        "capital_used": _money(capital),
        "net_profit": _money(latency.net_profit),
        "return": None if ret is None else str(ret),
        "annualised_return": None if annual is None else str(annual),
        "unhedged_contracts": str(latency.unhedged_contracts),
        "instant_trades": instant.trades,
        "instant_net_profit": _money(instant.net_profit),
        "lost_to_latency": _money(instant.net_profit - latency.net_profit),
        "refusals": dict(sorted(latency.refusals.items())),
        "pnl_basis": None if pair is None else (
            "settled" if pair.a.market.settlement_value is not None
            and pair.b.market.settlement_value is not None else "locked"
        ),
    }


def _lifetimes(values: list[int]) -> dict[str, str | None]:
    """Mean, median, 90th percentile (nearest rank) and max of closed lifetimes, in ms."""
    if not values:
        return {"count": "0", "mean": None, "median": None, "p90": None, "max": None}
    ordered = sorted(values)
    n = len(ordered)

    def ms(us: int | Decimal) -> str:
        return str((Decimal(us) / MS).quantize(Decimal("0.001"), ROUND_HALF_EVEN))

    return {
        "count": str(n), "mean": ms(Decimal(sum(ordered)) / n), "median": ms(ordered[(n - 1) // 2]),
        "p90": ms(ordered[min(n - 1, (9 * n + 9) // 10 - 1)]), "max": ms(ordered[-1]),
    }


def _curve(points: list[tuple[int, Decimal]]) -> list[list[str]]:
    """[[ISO time, cumulative net profit], ...] from the window's start (0) to its end, at each
    trade, thinned evenly to EQUITY_POINTS (the first and last kept)."""
    if len(points) > EQUITY_POINTS:
        step = len(points) / EQUITY_POINTS
        kept = [points[int(i * step)] for i in range(EQUITY_POINTS - 1)] + [points[-1]]
    else:
        kept = points
    return [[str(iso(from_us(t))), _money(v)] for t, v in kept]


def _money(value: Decimal) -> str:
    return str(value.quantize(MONEY, ROUND_HALF_EVEN))


def _avg(fill: plan.PaperFill) -> Decimal:
    assert fill.average_price is not None
    return fill.average_price


def _payout(size: Decimal, outcome: str, settlement_value: Decimal) -> Decimal:
    return size * (settlement_value if outcome == "yes" else ONE - settlement_value)


def _day(us: int) -> int:
    return us // (24 * 3600 * 1_000_000)


def replay_run(
    *, markets: dict[MarketKey, TapeMarket], pairs: Iterable[TapePair],
    lines: Iterable[BookLine], params: ReplayParams, source: str,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Replay book lines (time order) for these pairs; returns the report (see Replay)."""
    return Replay(markets=markets, pairs=pairs, params=params, source=source,
                  progress=progress).run(lines)
