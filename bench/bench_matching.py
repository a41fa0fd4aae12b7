"""Benchmark the matcher: embedding throughput, full-catalog matching, one incremental match.

Run: .venv/bin/python bench/bench_matching.py [--no-db]   (prints one JSON object)

The full catalog is synthetic: 85,000 Kalshi-side x 200,000 Polymarket-side markets with cached
(random unit) vectors, close dates over a year with busy days, six categories, plus 5,000 planted
near-duplicate pairs with real question text so the guards run on realistic candidates. The
same catalog then goes through Postgres (database eventsarb_bench_matchperf): a full propose run and
one changed market through the real service. Peak RSS
of the catalog stage is measured before the embedding model is loaded (the model adds its own).
Times are wall-clock; CPU seconds (all threads) and the load average are printed alongside because
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

N_A, N_B, DIM, N_PLANTED = 85_000, 200_000, 384, 5_000
CATEGORIES = ["Politics", "Economics", "Crypto", "Sports", "Climate and Weather", "Entertainment"]
START = datetime(2026, 12, 1, tzinfo=UTC)
COINS = ["Bitcoin", "Ethereum", "Solana", "XRP", "Dogecoin"]
CITIES = ["NYC", "Chicago", "Miami", "Austin", "Denver", "Los Angeles"]


def _peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


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


def catalog(rng: np.random.Generator) -> tuple[list[MarketView], np.ndarray, list[MarketView], np.ndarray]:
    busy = rng.integers(0, 365, size=12)

    def days(n: int) -> np.ndarray:
        uniform = rng.integers(0, 365, size=n)
        return np.where(rng.random(n) < 0.25, busy[rng.integers(0, len(busy), size=n)], uniform)

    da, db = days(N_A), days(N_B)
    ca, cb = rng.integers(0, len(CATEGORIES), size=N_A), rng.integers(0, len(CATEGORIES), size=N_B)
    va, vb = _unit(rng, N_A), _unit(rng, N_B)
    views_a = [MarketView(f"a{i}", "a", f"Synthetic question {i}", category=CATEGORIES[ca[i]],
                          close_time=START + timedelta(days=int(da[i]))) for i in range(N_A)]
    views_b = [MarketView(f"b{j}", "b", f"Synthetic market {j}", category=CATEGORIES[cb[j]],
                          close_time=START + timedelta(days=int(db[j]))) for j in range(N_B)]
    # planted near-duplicates: B_j = A_i + noise, same day and category, with real text
    for n, (i, j) in enumerate(zip(rng.choice(N_A, N_PLANTED, replace=False),
                                   rng.choice(N_B, N_PLANTED, replace=False), strict=True)):
        close = START + timedelta(days=int(da[i]), hours=17)
        qa, qb, label = _texts(n, close)
        cat = "Crypto" if n % 2 == 0 else "Climate and Weather"
        views_a[i] = MarketView(f"a{i}", "a", qa, outcome_label=label, category=cat, close_time=close)
        views_b[j] = MarketView(f"b{j}", "b", qb, category=cat, close_time=close)
        noisy = va[i] + 0.35 * _unit(rng, 1)[0]
        vb[j] = noisy / np.linalg.norm(noisy)
    return views_a, va, views_b, vb


def db_stage(views_a: list[MarketView], va: np.ndarray, views_b: list[MarketView], vb: np.ndarray) -> dict[str, float]:
    """The same catalog through Postgres: a full propose run with cached embeddings, then one
    changed market through pairs_propose_after_sync (embed it, load, search, guard, store)."""
    from bench._django import setup_django

    setup_django("eventsarb_bench_matchperf")
    from django.db import connection, transaction

    from markets.models import Market, rules_hash
    from platforms.models import Platform
    from similarity.embeddings import MODEL_NAME, vector_to_bytes
    from similarity.models import MarketEmbedding, MarketPair
    from similarity.services import matching_hash, pairs_propose_after_sync

    plat = {side: Platform.objects.get_or_create(slug=slug, defaults={"name": slug})[0]
            for side, slug in (("a", "test_kalshi"), ("b", "test_polymarket"))}
    t0 = time.perf_counter()
    if Market.objects.count() != N_A + N_B or MarketEmbedding.objects.count() != N_A + N_B:
        MarketPair.objects.all().delete()
        Market.objects.all().delete()
        for side, views, vecs in (("a", views_a, va), ("b", views_b, vb)):
            for start in range(0, len(views), 5000):
                chunk = views[start:start + 5000]
                with transaction.atomic():
                    rows = Market.objects.bulk_create([
                        Market(platform=plat[side], external_id=v.key, title=v.title, outcome_label=v.outcome_label,
                               category=v.category, rules_text=f"Rules of {v.key}.", rules_hash=rules_hash(f"Rules of {v.key}."),
                               close_time=v.close_time, status="open")
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
            "SELECT m.id, %s, m.title, m.subtitle, m.outcome_label, m.no_outcome_label, '', m.category, "
            "m.rules_hash, m.close_time FROM markets_market m ON CONFLICT (market_id) DO NOTHING",
            [MODEL_NAME],
        )
        # Fresh statistics, as autovacuum would have after a bulk load (else the planner loops).
        for table in ("markets_market", "similarity_marketembedding", "similarity_embeddedtext"):
            cur.execute(f"ANALYZE {table}")
    load_s = time.perf_counter() - t0
    MarketPair.objects.all().delete()
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
    views_a, va, views_b, vb = catalog(rng)
    build_s = time.perf_counter() - t0

    t0, c0 = time.perf_counter(), time.process_time()
    proposals, judged = match(views_a=views_a, vecs_a=va, views_b=views_b, vecs_b=vb)
    full_s, full_cpu_s = time.perf_counter() - t0, time.process_time() - c0
    catalog_rss = _peak_rss_mib()

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
                     category="Crypto", close_time=datetime(2026, 12, 31, 22, tzinfo=UTC))
    times = []
    for _ in range(5):
        t0 = time.perf_counter()
        vec = embed_texts([new.embedding_text()])
        match(views_a=[*views_a[:1], new], vecs_a=np.vstack([va[:1], vec]), views_b=views_b, vecs_b=vb,
              query_a=[1], query_b=[])
        times.append(time.perf_counter() - t0)

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
        "load_average_1m_at_end": round(os.getloadavg()[0], 2),
        "full_catalog_candidates_judged": judged,
        "full_catalog_judged_per_market": round(judged / (N_A + N_B), 3),
        "full_catalog_judged_candidates_per_s": round(judged / full_s, 1) if full_s else None,
        "full_catalog_pairs_proposed": len(proposals),
        "planted_pairs": N_PLANTED,
        "full_catalog_peak_rss_mib": round(catalog_rss, 1),
        "incremental_one_market_s_median": round(sorted(times)[len(times) // 2], 3),
        **db,
        "db_process_peak_rss_mib": round(_peak_rss_mib(), 1),
        "goal_full_catalog_match_s": 60,
        "goal_peak_rss_mib": 4096,
        "goal_incremental_one_market_s": 1.0,
    }))


if __name__ == "__main__":
    main()
