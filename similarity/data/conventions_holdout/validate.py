"""Check set B against the project's own parsers and the truth-file rules.

Run from the project root with its virtualenv:
    cd /work/main && DJANGO_SETTINGS_MODULE=eventsarb.settings .venv/bin/python similarity/data/conventions_holdout/validate.py
"""
# ruff: noqa: T201
from __future__ import annotations

import json
import os
import sys
from collections import Counter, defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
sys.path.insert(0, ROOT)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eventsarb.settings")
try:
    import django

    django.setup()
except Exception as exc:  # the parsers are pure; setup only matters if an import needs settings
    print("django.setup() skipped:", exc)

from platforms.kalshi.parse import parse_market  # noqa: E402
from platforms.polymarket.parse import parse_gamma_market  # noqa: E402

FAMILIES = ("moneyline", "spread", "candidates", "fed", "discrete_stat", "dates", "price_threshold", "binary_event")


def main() -> int:
    def load(name: str):
        with open(os.path.join(HERE, name), encoding="utf-8") as fh:
            return json.load(fh)

    k, p, truth = load("kalshi.json"), load("polymarket.json"), load("truth.json")
    errors: list[str] = []
    series = {s["ticker"]: s for s in k["series"]}
    events = {e["event_ticker"]: e for e in k["events"]}
    kt = {}
    for m in k["markets"]:
        ev = events.get(m["event_ticker"])
        if ev is None:
            errors.append(f"kalshi market {m['ticker']} has no event")
            continue
        se = series.get(ev["series_ticker"])
        if se is None:
            errors.append(f"event {ev['event_ticker']} has no series")
        for variant in ({}, {"event": ev, "series": se}):
            md = parse_market(m, **variant)
            if md is None:
                errors.append(f"kalshi {m['ticker']} parsed to None ({'with' if variant else 'without'} event/series)")
        if m["ticker"] in kt:
            errors.append(f"duplicate kalshi ticker {m['ticker']}")
        kt[m["ticker"]] = m
    pc = {}
    for m in p:
        md = parse_gamma_market(m)
        if md is None:
            errors.append(f"polymarket {m['conditionId']} parsed to None")
        cid = m["conditionId"]
        if cid in pc:
            errors.append(f"duplicate conditionId {cid}")
        pc[cid] = m
    ids = Counter(m["id"] for m in p)
    errors += [f"duplicate gamma id {i}" for i, n in ids.items() if n > 1]
    slugs = Counter(m["slug"] for m in p)
    errors += [f"duplicate slug {s}" for s, n in slugs.items() if n > 1]
    seen = set()
    for row in truth:
        if set(row) != {"kalshi_ticker", "polymarket_condition_id", "relation", "orientation", "family", "note"}:
            errors.append(f"bad keys {row}")
        pair = (row["kalshi_ticker"], row["polymarket_condition_id"])
        if pair in seen:
            errors.append(f"duplicate truth pair {pair}")
        seen.add(pair)
        if pair[0] not in kt:
            errors.append(f"truth names unknown kalshi ticker {pair[0]}")
        if pair[1] not in pc:
            errors.append(f"truth names unknown condition id {pair[1]}")
        if row["family"] not in FAMILIES:
            errors.append(f"bad family {row}")
        if row["relation"] == "identical":
            if row["orientation"] not in ("same", "inverted"):
                errors.append(f"bad orientation {row}")
        elif row["relation"] in ("different", "related", "a_implies_b", "b_implies_a"):
            if row["orientation"] != "" or not row["note"]:
                errors.append(f"negative needs empty orientation and a note {row}")
        else:
            errors.append(f"bad relation {row}")
    ident = [r for r in truth if r["relation"] == "identical"]
    negs = [r for r in truth if r["relation"] != "identical"]
    fam = Counter(r["family"] for r in ident)
    if len(ident) < 400:
        errors.append(f"only {len(ident)} identical pairs")
    if len(negs) < 300:
        errors.append(f"only {len(negs)} hard negatives")
    for f in FAMILIES:
        if fam[f] < 25:
            errors.append(f"family {f} has {fam[f]} identical pairs")
    # a moneyline Polymarket game with team outcomes pairs with both team markets of the Kalshi event
    by_p = defaultdict(list)
    for r in ident:
        by_p[r["polymarket_condition_id"]].append(r)
    for cid, rows in by_p.items():
        outs = json.loads(pc[cid]["outcomes"])
        if rows[0]["family"] == "moneyline" and outs != ["Yes", "No"] and len(rows) != 2:
            errors.append(f"moneyline game {cid} {pc[cid]['question']} has {len(rows)} Kalshi twins")
    print(f"kalshi markets {len(kt)} (series {len(series)}, events {len(events)}); polymarket markets {len(pc)}")
    print(f"truth rows {len(truth)}: identical {len(ident)} (inverted {sum(r['orientation'] == 'inverted' for r in ident)}), negatives {len(negs)}")
    for f in FAMILIES:
        print(f"  {f:16s} identical {fam[f]:4d}  negatives {sum(1 for r in negs if r['family'] == f):4d}")
    print("negatives by relation:", dict(Counter(r["relation"] for r in negs)))
    if errors:
        print(f"{len(errors)} ERRORS")
        for e in errors[:60]:
            print("  ", e)
        return 1
    print("OK: every market parses, truth rows are consistent")
    return 0


if __name__ == "__main__":
    sys.exit(main())
