"""Benchmark replays: a 1,000-pair, 24-hour book tape through `manage.py replay`'s own path.

The tape is generated once (seeded, cached under var/bench/) in the format export_books writes:
2,000 markets with 20-level books on a cent grid, Kalshi fees on one side and Polymarket fees on
the other. Change rates follow real books' skew: 10% of markets change every 5 s on average,
60% every minute, 30% every 10 minutes (about 5.3 million changes a day). Three changes in four
move one or two levels' sizes, one in five takes a top level out or brings it back, the rest
re-centre the book on its pair's fair value (which moves a cent now and then); every pair now
and then dislocates (one venue's book jumps 3-8 cents for 0.2-20 s), which is when an arbitrage
exists: most changes carry none, as in real data.

The replay reads the file through replay.services.replay_report (tape_read -> replay.core, the
live decision, risk checks and paper fills) exactly as `manage.py replay --tape` does, on one
core. Then the database path, on a smaller tape (100 pairs, 2 hours): import_books' service
into an emptied bench database, and a replay of those stored books (export_books' reader).
Prints one JSON line: book changes replayed per second of CPU and of wall time, peak resident
memory (the whole process, after both parts), the tape's size, the replay's own totals, and
the database figures.

Usage: .venv/bin/python bench/bench_replay.py [--pairs N] [--hours H] [--latency-ms N]
"""

from __future__ import annotations

import argparse
import heapq
import json
import os
import random
import resource
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._django import setup_django  # noqa: E402

# The default risk limits stop a bot after about $2,000 per venue committed until settlement
# (a month away here): a few dozen trades. The bench lifts the capital limits so every
# opportunity that passes the profit checks is traded: the slower, more demanding run.
for name in ("EVENTSARB_RISK_MAX_NOTIONAL_PER_PAIR", "EVENTSARB_RISK_MAX_NOTIONAL_PER_VENUE",
             "EVENTSARB_RISK_MAX_DAILY_LOSS", "EVENTSARB_RISK_PAPER_BALANCE"):
    os.environ.setdefault(name, "1000000000")
os.environ.setdefault("EVENTSARB_RISK_MAX_OPEN_ATTEMPTS", "1000")
setup_django("eventsarb_bench_replay")

from django.db import connection  # noqa: E402

from replay.services import replay_report, tape_import  # noqa: E402
from replay.tape import tape_read  # noqa: E402
from similarity.models import MarketPair  # noqa: E402

SEED = 20261101
START = datetime(2026, 11, 1, tzinfo=UTC)
LEVELS = 20
KALSHI_FEE = {"kind": "kalshi", "fee_type": "quadratic", "multiplier": "1"}
POLY_FEE = {"kind": "polymarket", "rate": "0.04", "exponent": "1"}
# (share of markets, mean seconds between changes)
ACTIVITY = ((0.10, 5.0), (0.60, 60.0), (0.30, 600.0))
# Mean seconds between two dislocations of one pair, and their duration range.
DISLOCATION_EVERY_S = 1800.0
DISLOCATION_S = (0.2, 20.0)
# Mean seconds between two moves of a pair's fair value (news), and how late the second
# venue's book follows the first.
FAIR_MOVE_EVERY_S = 600.0
FOLLOW_S = (0.05, 2.0)


class Book:
    """One market's book in integer cents: {price: size} per side around a mid that stays
    within a cent of its pair's fair value (shared with the other venue's book)."""

    def __init__(self, rng: random.Random, fair: list[int]) -> None:
        self.rng = rng
        self.fair = fair  # [cents], one list object per pair: both books see its moves
        self.mid = fair[0] + rng.choice((-1, 0, 0, 0, 0, 1))
        self.offset = 0  # a dislocation's shift, in cents
        roll = rng.random()
        self.half = 1 if roll < 0.5 else 2 if roll < 0.85 else 3
        # Whether each side's top level is out (it comes and goes; the rest stays put).
        self.thin = [False, False]
        self.bids: dict[int, int] = {}
        self.asks: dict[int, int] = {}
        self.recentre()

    def _target(self) -> tuple[list[int], list[int]]:
        centre = self.mid + self.offset
        top_bid = centre - self.half - (1 if self.thin[0] else 0)
        top_ask = centre + self.half + (1 if self.thin[1] else 0)
        bids = [p for p in range(top_bid, top_bid - LEVELS, -1) if 0 < p < 100]
        asks = [p for p in range(top_ask, top_ask + LEVELS) if 0 < p < 100]
        return bids, asks

    def recentre(self) -> tuple[list[list[str]], list[list[str]]]:
        """Move the book to its target prices (after a mid move, a dislocation or a top level
        coming or going); returns the level changes. Surviving levels keep their sizes."""
        changes: tuple[list[list[str]], list[list[str]]] = ([], [])
        for side, prices, out in zip((self.bids, self.asks), self._target(), changes,
                                     strict=True):
            wanted = set(prices)
            for price in [p for p in side if p not in wanted]:
                del side[price]
                out.append([_price(price), "0"])
            for price in prices:
                if price not in side:
                    side[price] = self.rng.randint(5, 800)
                    out.append([_price(price), str(side[price])])
        return changes

    def levels(self) -> tuple[list[list[str]], list[list[str]]]:
        return (
            [[_price(p), str(s)] for p, s in sorted(self.bids.items(), reverse=True)],
            [[_price(p), str(s)] for p, s in sorted(self.asks.items())],
        )

    def change(self) -> tuple[list[list[str]], list[list[str]]]:
        """A random ordinary change as (bid level changes, ask level changes)."""
        rng = self.rng
        roll = rng.random()
        if roll < 0.75:  # sizes at one or two levels near the top
            out: tuple[list[list[str]], list[list[str]]] = ([], [])
            for _ in range(rng.choice((1, 1, 2))):
                index = 0 if rng.random() < 0.5 else 1
                side = (self.bids, self.asks)[index]
                if side:
                    near = sorted(side, reverse=index == 0)[:8]
                    price = rng.choice(near)
                    side[price] = rng.randint(5, 800)
                    out[index].append([_price(price), str(side[price])])
            return out
        if roll < 0.95:  # the top level of one side is taken out or comes back
            index = 0 if rng.random() < 0.5 else 1
            self.thin[index] = not self.thin[index]
            return self.recentre()
        # The book re-centres on its pair's fair value, give or take a cent.
        self.mid = self.fair[0] + rng.choice((-1, 0, 0, 0, 0, 1))
        return self.recentre()



def _price(cents: int) -> str:
    return f"0.{cents:02d}"


def _iso(t_s: float) -> str:
    return (START + timedelta(seconds=t_s)).isoformat()


def generate(path: Path, *, pairs: int, hours: float) -> int:
    """Write the tape; returns the number of book lines."""
    rng = random.Random(SEED)
    end_s = hours * 3600
    books: list[tuple[str, str, Book]] = []
    mean_gap: list[float] = []
    with path.open("w") as out:
        out.write(json.dumps({"type": "tape", "format": "eventsarb-books", "version": 1,
                              "from": _iso(0), "to": _iso(end_s)}) + "\n")
        fairs: list[list[int]] = []
        for i in range(pairs):
            fair = [rng.randint(20, 80)]
            fairs.append(fair)
            for venue, ext, fee, min_size in (
                ("kalshi", f"KXBENCH-{i:04d}", KALSHI_FEE, "0.01"),
                ("polymarket", f"0x{i:064x}", POLY_FEE, "5"),
            ):
                out.write(json.dumps({
                    "type": "market", "venue": venue, "external_id": ext,
                    "title": f"Bench question {i}", "fee": fee, "min_order_size": min_size,
                    "size_increment": "0.01", "tick_size": "0.01",
                    "close_time": _iso(end_s + 30 * 86400),
                    "expected_settle_time": _iso(end_s + 31 * 86400),
                }) + "\n")
                books.append((venue, ext, Book(rng, fair)))
                share = rng.random()
                for fraction, gap in ACTIVITY:
                    if share < fraction:
                        mean_gap.append(gap)
                        break
                    share -= fraction
                else:
                    mean_gap.append(ACTIVITY[-1][1])
        for i in range(pairs):
            out.write(json.dumps({
                "type": "pair", "id": i + 1, "a": ["kalshi", f"KXBENCH-{i:04d}"],
                "b": ["polymarket", f"0x{i:064x}"], "relation": "identical",
                "orientation": "same", "status": "approved",
            }) + "\n")
        # Events: (time, seq, kind, index) with kind 0 = ordinary change (market), 1/2 =
        # dislocation start (pair) / end (market), 3 = fair value move (pair), 4 = a book
        # following it (market). Every market opens with its full book at time 0.
        queue: list[tuple[float, int, int, int]] = []
        seq = 0
        for index in range(len(books)):
            queue.append((rng.expovariate(1 / mean_gap[index]), seq, 0, index))
            seq += 1
        for pair in range(pairs):
            queue.append((rng.expovariate(1 / DISLOCATION_EVERY_S), seq, 1, pair))
            queue.append((rng.expovariate(1 / FAIR_MOVE_EVERY_S), seq + 1, 3, pair))
            seq += 2
        heapq.heapify(queue)
        lines = 0
        for venue, ext, book in books:
            bids, asks = book.levels()
            out.write(json.dumps({"type": "book", "venue": venue, "market": ext,
                                  "captured_at": _iso(0), "source": "ws", "yes_bids": bids,
                                  "yes_asks": asks}, separators=(",", ":")) + "\n")
            lines += 1
        while queue:
            t, _, kind, index = heapq.heappop(queue)
            if t >= end_s:
                break
            if kind == 0:
                venue, ext, book = books[index]
                heapq.heappush(queue, (t + rng.expovariate(1 / mean_gap[index]), seq, 0, index))
                seq += 1
                bid_changes, ask_changes = book.change()
            elif kind == 3:
                # News: the pair's fair value moves a cent; one venue's book follows now, the
                # other a moment later.
                fairs[index][0] = min(85, max(15, fairs[index][0] + rng.choice((-1, 1))))
                first = 2 * index + rng.randint(0, 1)
                follower = 4 * index + 1 - first
                heapq.heappush(queue, (t + rng.uniform(*FOLLOW_S), seq, 4, follower))
                heapq.heappush(queue, (t + rng.expovariate(1 / FAIR_MOVE_EVERY_S), seq + 1, 3,
                                       index))
                seq += 2
                venue, ext, book = books[first]
                book.mid = book.fair[0] + rng.choice((-1, 0, 0, 0, 0, 1))
                bid_changes, ask_changes = book.recentre()
            elif kind == 4:
                venue, ext, book = books[index]
                book.mid = book.fair[0] + rng.choice((-1, 0, 0, 0, 0, 1))
                bid_changes, ask_changes = book.recentre()
            else:
                # One venue of the pair jumps by 3-8 cents (kind 1) and comes back (kind 2).
                market = 2 * index + rng.randint(0, 1) if kind == 1 else index
                venue, ext, book = books[market]
                if kind == 1:
                    book.offset = rng.choice((-1, 1)) * rng.randint(3, 8)
                    heapq.heappush(queue, (t + rng.uniform(*DISLOCATION_S), seq, 2, market))
                    heapq.heappush(
                        queue, (t + rng.expovariate(1 / DISLOCATION_EVERY_S), seq + 1, 1, index)
                    )
                    seq += 2
                else:
                    book.offset = 0
                bid_changes, ask_changes = book.recentre()
            if not (bid_changes or ask_changes):
                continue
            if len(bid_changes) + len(ask_changes) >= len(book.bids) + len(book.asks):
                bids, asks = book.levels()
                line = {"type": "book", "venue": venue, "market": ext, "captured_at": _iso(t),
                        "source": "ws", "yes_bids": bids, "yes_asks": asks}
            else:
                line = {"type": "delta", "venue": venue, "market": ext, "captured_at": _iso(t),
                        "source": "ws", "yes_bids": bid_changes, "yes_asks": ask_changes}
            out.write(json.dumps(line, separators=(",", ":")) + "\n")
            lines += 1
    return lines


def tape_path(cache: Path, pairs: int, hours: float) -> tuple[Path, float | None]:
    """The cached tape (generated on first use) and how long generating it took."""
    path = cache / f"replay_tape_{SEED}_{pairs}p_{hours:g}h.jsonl"
    if path.exists():
        return path, None
    started = time.perf_counter()
    partial = path.with_suffix(".partial")
    generate(partial, pairs=pairs, hours=hours)
    os.replace(partial, path)
    return path, round(time.perf_counter() - started, 1)


def database_figures(path: Path) -> dict[str, object]:
    """Import a tape into the emptied bench database, then replay the stored books."""
    with connection.cursor() as cursor:
        # The bench database only: everything that hangs off markets goes too. (The ORM's
        # delete would load every stored book into memory to cascade.)
        cursor.execute("TRUNCATE markets_market, markets_event CASCADE")
    started = time.perf_counter()
    counts = tape_import(path=path)
    import_s = time.perf_counter() - started
    # Imported pairs wait for review; the replay names them.
    pair_ids = list(MarketPair.objects.values_list("id", flat=True))
    tape = tape_read(path)
    request = {"from": tape.start.isoformat(), "to": tape.end.isoformat(), "pairs": pair_ids,
               "budget": None, "max_slippage": None, "latency_ms": 250, "tape": ""}
    wall, cpu = time.perf_counter(), time.process_time()
    report = replay_report(request=request)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    changes = report["events"]["book_changes"]
    return {
        "pairs": len(pair_ids), "books": counts["books_stored"],
        "import_books_per_s": round(counts["books_stored"] / import_s),
        "replay_changes_per_s": round(changes / wall),
        "replay_changes_per_cpu_s": round(changes / cpu),
        "net_profit": report["total"]["net_profit"],
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pairs", type=int, default=1000)
    parser.add_argument("--hours", type=float, default=24.0)
    parser.add_argument("--latency-ms", type=int, default=250)
    args = parser.parse_args()
    cache = Path(__file__).resolve().parent.parent / "var" / "bench"
    cache.mkdir(parents=True, exist_ok=True)
    path, generated_s = tape_path(cache, args.pairs, args.hours)
    request = {"tape": str(path), "latency_ms": args.latency_ms, "from": None, "to": None,
               "pairs": None, "budget": None, "max_slippage": None}
    wall, cpu = time.perf_counter(), time.process_time()
    report = replay_report(request=request)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    changes = report["events"]["book_changes"]
    total = report["total"]
    small, _ = tape_path(cache, 100, 2)
    database = database_figures(small)
    print(json.dumps({
        "bench": "replay",
        "pairs": report["replay"]["pairs"],
        "hours": args.hours,
        "latency_ms": args.latency_ms,
        "book_changes": changes,
        "tape_mb": round(path.stat().st_size / 1e6, 1),
        "changes_per_cpu_s": round(changes / cpu),
        "changes_per_s": round(changes / wall),
        "cpu_s": round(cpu, 1),
        "wall_s": round(wall, 1),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "priced_share": round(report["events"]["priced"] / max(report["events"]["decisions"], 1), 4),
        "opportunities": total["opportunities"],
        "trades": total["trades"],
        "instant_trades": total["instant_trades"],
        "capital_used": total["capital_used"],
        "net_profit": total["net_profit"],
        "lost_to_latency": total["lost_to_latency"],
        "generated_tape_s": generated_s,
        "database_100_pairs_2h": database,
        "loadavg_1m": round(os.getloadavg()[0], 2),
    }))


if __name__ == "__main__":
    main()
