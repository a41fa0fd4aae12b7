"""Benchmark the matcher: embedding throughput, full-catalog matching, one incremental match.

Run: .venv/bin/python bench/bench_matching.py [--no-db]   (prints one JSON object)

The full catalog is synthetic: 85,000 Kalshi-side x 200,000 Polymarket-side markets with cached
vectors standing for real text: families as the venues list them (3,500 threshold ladders of 16
strikes on one date, 1,000 of them with a look-alike ladder on another price feed; 2,000 candidate
fields of 10 against neg-risk groups closing up to 40 days later, names with and without accents),
members of a family near-duplicates of each other, unpaired look-alike families and singles, close
dates over a year with busy days. Every market carries question, labels and rules text, so the
judges run at a real catalog's density (about 16 judged candidates per Kalshi market); the figures
include how many of the 76,000 true pairs were proposed as identical. The same catalog then goes
through Postgres (database eventsarb_bench_matchperf, with its events and structure fields): a
full propose run and one changed market through the real service. Peak RSS of the catalog stage is
measured before the embedding model is loaded (the model adds its own).
The whole-catalog match judges in one forked worker process per CPU (`judge_selection`); the
worker peak is printed beside the parent's. Times are wall-clock; CPU seconds (all threads and
the workers) and the load average are printed alongside because
the machine may be shared.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from similarity.matching import MarketView, match  # noqa: E402

N_A, N_B, DIM = 85_000, 200_000, 384
CATEGORIES = ["Politics", "Economics", "Crypto", "Sports", "Climate and Weather", "Entertainment"]
START = datetime(2026, 12, 1, tzinfo=UTC)
COINS = ["Bitcoin", "Ethereum", "Solana", "XRP", "Dogecoin"]
CITIES = ["NYC", "Chicago", "Miami", "Austin", "Denver", "Los Angeles"]


def _peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _worker_peak_rss_mib() -> float:
    """The largest peak of a judging worker process (forked: it shares the parent's pages until
    it writes them, so parent + worker peaks overstate the memory actually used)."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024


def _cpu_s() -> float:
    """CPU seconds of this process and its finished worker processes."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def _unit(rng: np.random.Generator, n: int) -> np.ndarray:
    v = rng.standard_normal((n, DIM), dtype=np.float32)
    v /= np.linalg.norm(v, axis=1, keepdims=True)
    return v


def _texts(i: int, day: datetime) -> tuple[str, str, str]:
    """A planted pair's questions (A, B) and YES label of A, varied by i."""
    d = f"{day:%b} {day.day}, {day.year}"
    long = f"{day:%B} {day.day}"
    if i % 2 == 0:
        coin, strike = COINS[i % 5], 1000 * (50 + i % 97)
        return f"{coin} price on {d}?", f"Will the price of {coin} be above ${strike:,} on {long}?", f"${strike:,} or above"
    city, t = CITIES[i % 6], 40 + i % 40
    return (f"Will the high temp in {city} be >{t}° on {d}?",
            f"Will the highest temperature in {city} be {t + 1}°F or higher on {long}?", f"{t + 1}° or above")


LADDER, FIELD = 16, 10
N_LADDERS, N_FIELDS = 3_500, 2_000  # Kalshi: 56,000 ladder and 20,000 field markets, 9,000 singles
N_FEED_LOOKALIKES = 1_000  # Polymarket ladders of a paired asset and day on another price feed
FIRST_NAMES = ["Anna", "Bruno", "Carla", "Dmitri", "Élodie", "Farid", "Greta", "Hugo", "Inés", "Jonas",
               "Kenji", "Lucía", "Mateo", "Noor", "Oskar", "Priya", "Quentin", "Rosa", "Sven", "Tomás"]
LAST_NAMES = ["Almeida", "Berger", "Castillo", "Dubois", "Eriksen", "Fischer", "García", "Haddad",
              "Ivanova", "Jensen", "Kowalski", "Laurent", "Moreau", "Nakamura", "Olsen", "Petrov",
              "Quinn", "Rossi", "Schmidt", "Tanaka"]


def _fold(name: str) -> str:
    import unicodedata
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c))


def _members(rng: np.random.Generator, base: np.ndarray, n: int, spread: float) -> np.ndarray:
    """n unit vectors near `base` (a family's members: near-duplicate titles)."""
    v = base[None, :] + spread * rng.standard_normal((n, DIM), dtype=np.float32) / np.sqrt(DIM)
    v /= np.linalg.norm(v, axis=1, keepdims=True)
    return v.astype(np.float32)


def catalog(rng: np.random.Generator) -> tuple[list[MarketView], np.ndarray, list[MarketView], np.ndarray, set[tuple[str, str]]]:
    """Families as the venues list them, with vectors as real text embeds them: threshold ladders
    on one date (Kalshi events against Polymarket events, some on another price feed), candidate
    fields (Kalshi mutually exclusive events against Polymarket neg-risk groups closing up to 40
    days later, names with and without accents), unpaired look-alike families and singles."""
    views_a: list[MarketView] = []
    views_b: list[MarketView] = []
    truth: set[tuple[str, str]] = set()
    vecs_a: list[np.ndarray] = []
    vecs_b: list[np.ndarray] = []
    busy = rng.integers(0, 365, size=24)

    def day() -> int:
        return int(busy[rng.integers(0, len(busy))] if rng.random() < 0.5 else rng.integers(0, 365))

    for f in range(N_LADDERS):
        close = START + timedelta(days=day(), hours=22)
        d, long = f"{close:%b} {close.day}, {close.year}", f"{close:%B} {close.day}"
        coin = COINS[f % len(COINS)]
        step = 500 * (1 + f % 4)
        strikes = [50_000 + step * (f % 40 + k) for k in range(LADDER)]
        base = _unit(rng, 1)[0]
        event = f"KX{coin[:3].upper()}D-{f}"
        rules_a = f"If the simple average of CF Benchmarks' {coin} Real-Time Index before 5 PM ET is above the strike on {d}, then the market resolves to Yes."
        for strike in strikes:
            views_a.append(MarketView(
                f"{event}-T{strike - 0.01}", "a", f"{coin} price on {d} at 5pm EST?", outcome_label=f"${strike:,} or above",
                no_outcome_label=f"${strike - 0.01:,.2f} or below", event_title=f"{coin} price on {d}?", rules_text=rules_a,
                category="Crypto", close_time=close, event_key=event, extra={"strike_type": "greater", "floor_strike": strike - 0.01},
            ))
        vecs_a.append(_members(rng, base, LADDER, 0.6))
        truth.update((f"{event}-T{strike - 0.01}", f"0xpm-{f}-{k}") for k, strike in enumerate(strikes))
        feeds = [("CF Benchmarks' Real-Time Index", f"pm-{f}")]
        if f < N_FEED_LOOKALIKES:
            feeds.append(("the Binance BTC/USDT 1-minute candle close", f"pm-{f}-binance"))
        for feed, group in feeds:
            pbase = base + 0.3 * _unit(rng, 1)[0]
            pbase /= np.linalg.norm(pbase)
            for k, strike in enumerate(strikes):
                views_b.append(MarketView(
                    f"0x{group}-{k}", "b", f"Will the price of {coin} be ${strike:,} or higher on {long}?",
                    event_title=f"{coin} above ___ on {long}?", rules_text=f"Resolves Yes if {feed} is at or above ${strike:,} at 5PM ET on {long}.",
                    category="Crypto", close_time=close, event_key=group,
                ))
            vecs_b.append(_members(rng, pbase, LADDER, 0.6))
    for f in range(N_FIELDS):
        close = START + timedelta(days=day())
        contest = f"2027 Synthetic Cup {f}"
        names = [f"{FIRST_NAMES[(f + i) % 20]} {LAST_NAMES[(f * 7 + 3 * i) % 20]}" for i in range(FIELD)]
        base = _unit(rng, 1)[0]
        event = f"KXCUP-{f}"
        for i, name in enumerate(names):
            views_a.append(MarketView(
                f"{event}-{i}", "a", f"Who will win the {contest}?", outcome_label=name, no_outcome_label=name,
                event_title=f"Who will win the {contest}?", rules_text=f"If {name} wins the {contest}, then the market resolves to Yes.",
                category="Sports", close_time=close, event_key=event, extra={"event_mutually_exclusive": True},
            ))
        vecs_a.append(_members(rng, base, FIELD, 0.9))
        truth.update((f"{event}-{i}", f"0xfield{f}-{FIELD - 1 - i}") for i in range(FIELD))
        pbase = base + 0.3 * _unit(rng, 1)[0]
        pbase /= np.linalg.norm(pbase)
        group = f"0xfield{f}"
        pclose = close + timedelta(days=int(rng.integers(0, 41)))
        for i, name in enumerate(reversed(names)):
            shown = _fold(name) if i % 2 else name
            views_b.append(MarketView(
                f"{group}-{i}", "b", f"Will {shown} win the {contest}?", subtitle=shown, event_title=f"{contest} Winner",
                rules_text=f"This market will resolve to Yes if {shown} wins the {contest}.", category="Sports",
                close_time=pclose, event_key=group, extra={"neg_risk_market_id": group, "group_item_title": shown},
            ))
        vecs_b.append(_members(rng, pbase, FIELD, 0.9))
    n_single_a = N_A - len(views_a)
    for i in range(n_single_a):
        close = START + timedelta(days=day())
        views_a.append(MarketView(f"single-a{i}", "a", f"Synthetic question {i}", category=CATEGORIES[i % 6], close_time=close))
    vecs_a.append(_unit(rng, n_single_a))
    # Unpaired Polymarket families (other assets and contests) and singles fill the catalog.
    f = 0
    while len(views_b) < N_B:
        close = START + timedelta(days=day())
        size = min(12, N_B - len(views_b))
        group = f"0xother{f}"
        for k in range(size):
            views_b.append(MarketView(f"{group}-{k}", "b", f"Will synthetic index {f} close above {100 + k} on {close:%B %d}?",
                                      category=CATEGORIES[f % 6], close_time=close, event_key=group))
        vecs_b.append(_members(rng, _unit(rng, 1)[0], size, 0.6))
        f += 1
    return views_a, np.vstack(vecs_a), views_b, np.vstack(vecs_b), truth


def db_stage(views_a: list[MarketView], va: np.ndarray, views_b: list[MarketView], vb: np.ndarray) -> dict[str, float]:
    """The same catalog through Postgres: a full propose run with cached embeddings, then one
    changed market through pairs_propose_after_sync (embed it, load, search, guard, store)."""
    from bench._django import setup_django

    setup_django("eventsarb_bench_matchperf")
    from django.db import connection, transaction

    from markets.models import Event, Market, rules_hash
    from platforms.models import Platform
    from similarity.embeddings import MODEL_NAME, vector_to_bytes
    from similarity.models import MarketEmbedding
    from similarity.services import matching_hash, pairs_propose_after_sync

    plat = {side: Platform.objects.get_or_create(slug=slug, defaults={"name": slug})[0]
            for side, slug in (("a", "test_kalshi"), ("b", "test_polymarket"))}
    t0 = time.perf_counter()
    current = (Market.objects.count() == N_A + N_B and MarketEmbedding.objects.count() == N_A + N_B
               and Market.objects.filter(external_id=views_a[0].key, event__isnull=False).exists())
    if not current:
        with connection.cursor() as cur:
            cur.execute("TRUNCATE similarity_marketpair CASCADE")
        Market.objects.all().delete()
        Event.objects.all().delete()
        for side, views, vecs in (("a", views_a, va), ("b", views_b, vb)):
            families = {v.event_key: v.event_title for v in views if v.event_key}
            Event.objects.bulk_create(
                [Event(platform=plat[side], external_id=key, title=title) for key, title in families.items()],
                batch_size=5000,
            )
            event_ids = dict(Event.objects.filter(platform=plat[side]).values_list("external_id", "id"))
            for start in range(0, len(views), 5000):
                chunk = views[start:start + 5000]
                with transaction.atomic():
                    rows = Market.objects.bulk_create([
                        Market(platform=plat[side], external_id=v.key, title=v.title, subtitle=v.subtitle,
                               outcome_label=v.outcome_label, no_outcome_label=v.no_outcome_label,
                               event_id=event_ids.get(v.event_key), category=v.category,
                               rules_text=v.rules_text or f"Rules of {v.key}.",
                               rules_hash=rules_hash(v.rules_text or f"Rules of {v.key}."),
                               close_time=v.close_time, status="open", extra=dict(v.extra))
                        for v in chunk
                    ])
                    MarketEmbedding.objects.bulk_create([
                        MarketEmbedding(market=m, model_name=MODEL_NAME, vector=vector_to_bytes(vecs[start + n]),
                                        text_hash=matching_hash(v, rules_hash=m.rules_hash))
                        for n, (m, v) in enumerate(zip(rows, chunk, strict=True))
                    ])
    # The cached vectors stand for the current text: record the snapshot the service compares.
    with connection.cursor() as cur:
        cur.execute(
            "INSERT INTO similarity_embeddedtext (market_id, model_name, title, subtitle, outcome_label, "
            "no_outcome_label, event_title, category, rules_hash, close_time) "
            "SELECT m.id, %s, m.title, m.subtitle, m.outcome_label, m.no_outcome_label, COALESCE(e.title, ''), "
            "m.category, m.rules_hash, m.close_time FROM markets_market m "
            "LEFT JOIN markets_event e ON e.id = m.event_id ON CONFLICT (market_id) DO NOTHING",
            [MODEL_NAME],
        )
        # Fresh statistics, as autovacuum would have after a bulk load (else the planner loops).
        for table in ("markets_market", "markets_event", "similarity_marketembedding", "similarity_embeddedtext"):
            cur.execute(f"ANALYZE {table}")
    load_s = time.perf_counter() - t0
    # A previous run's pairs: a raw delete (the ORM collects their ids into one query, which
    # fails past 65,535 parameters).
    with connection.cursor() as cur:
        cur.execute("TRUNCATE similarity_marketpair CASCADE")
    t0 = time.perf_counter()
    full_n = pairs_propose_after_sync(full=True)
    full_s = time.perf_counter() - t0
    one = Market.objects.filter(platform=plat["a"]).order_by("id")[7]
    times = []
    for strike in (121_000, 122_000, 123_000):
        Market.objects.filter(pk=one.pk).update(
            title="Bitcoin price on Dec 31, 2026?", outcome_label=f"${strike:,} or above",
            close_time=datetime(2026, 12, 31, 22, tzinfo=UTC), category="Crypto",
        )
        t0 = time.perf_counter()
        pairs_propose_after_sync()
        times.append(time.perf_counter() - t0)
    return {
        "db_catalog_insert_s": round(load_s, 1),
        "db_full_propose_s": round(full_s, 2),
        "db_full_pairs_proposed": full_n,
        "db_incremental_one_changed_market_s_median": round(sorted(times)[1], 3),
    }


def main() -> None:
    rng = np.random.default_rng(7)
    t0 = time.perf_counter()
    views_a, va, views_b, vb, truth = catalog(rng)
    build_s = time.perf_counter() - t0

    t0, c0 = time.perf_counter(), _cpu_s()
    proposals, judged = match(views_a=views_a, vecs_a=va, views_b=views_b, vecs_b=vb)
    full_s, full_cpu_s = time.perf_counter() - t0, _cpu_s() - c0
    load_after_match = os.getloadavg()[0]
    identical = {(p.key_a, p.key_b) for p in proposals if p.verdict.relation == "identical"}
    catalog_rss, worker_rss = _peak_rss_mib(), _worker_peak_rss_mib()

    os.environ["HF_HUB_OFFLINE"] = "1"
    from similarity.embeddings import embed_texts, get_model

    t0 = time.perf_counter()
    get_model()
    load_s = time.perf_counter() - t0
    titles = []
    for i in range(2000):
        qa, qb, _ = _texts(i, START + timedelta(days=i % 365))
        titles.append(qa if i % 2 else qb)
    embed_texts(titles[:64])  # warm-up
    t0 = time.perf_counter()
    embed_texts(titles)
    embed_s = time.perf_counter() - t0

    # one new Kalshi-side market: embed it, then search the whole other side
    new = MarketView("new", "a", "Bitcoin price on Dec 31, 2026?", outcome_label="$120,000 or above",
                     category="Crypto", close_time=datetime(2026, 12, 31, 22, tzinfo=UTC), event_key="KXBTCD-new",
                     extra={"strike_type": "greater", "floor_strike": 119999.99})
    times = []
    for _ in range(5):
        t0 = time.perf_counter()
        vec = embed_texts([new.embedding_text()])
        match(views_a=[*views_a[:1], new], vecs_a=np.vstack([va[:1], vec]), views_b=views_b, vecs_b=vb,
              query_a=[1], query_b=[])
        times.append(time.perf_counter() - t0)

    print(json.dumps({"in_memory_full_catalog_match_s": round(full_s, 2), "judged": judged,
                      "incremental_one_market_s": sorted(times)}), file=sys.stderr, flush=True)
    db = db_stage(views_a, va, views_b, vb) if "--no-db" not in sys.argv else {}
    print(json.dumps({
        "benchmark": "matching",
        "cpu_count": os.cpu_count(),
        "embedding_model_load_s": round(load_s, 2),
        "embedding_titles_per_s": round(len(titles) / embed_s, 1),
        "catalog_markets_a": N_A,
        "catalog_markets_b": N_B,
        "catalog_build_s": round(build_s, 2),
        "full_catalog_match_s": round(full_s, 2),
        "full_catalog_match_cpu_s": round(full_cpu_s, 2),
        "judging_workers": os.cpu_count(),
        "load_average_1m_after_full_match": round(load_after_match, 2),
        "load_average_1m_at_end": round(os.getloadavg()[0], 2),
        "full_catalog_candidates_judged": judged,
        "full_catalog_judged_per_market": round(judged / (N_A + N_B), 3),
        "full_catalog_judged_candidates_per_s": round(judged / full_s, 1) if full_s else None,
        "full_catalog_pairs_proposed": len(proposals),
        "true_pairs_in_catalog": len(truth),
        "full_catalog_identical_proposed": len(identical),
        "full_catalog_true_pairs_found": len(identical & truth),
        "full_catalog_judged_per_kalshi_market": round(judged / N_A, 2),
        "full_catalog_peak_rss_mib": round(catalog_rss, 1),
        "full_catalog_worker_peak_rss_mib": round(worker_rss, 1),
        "incremental_one_market_s_median": round(sorted(times)[len(times) // 2], 3),
        **db,
        "db_process_peak_rss_mib": round(_peak_rss_mib(), 1),
        "goal_full_catalog_match_s": 60,
        "goal_peak_rss_mib": 4096,
        "goal_incremental_one_market_s": 1.0,
    }))


if __name__ == "__main__":
    main()
