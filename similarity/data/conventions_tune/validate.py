#!/usr/bin/env python3
"""Validate labelled set A against the project's own parsers and print its counts.

Run from the repository root with the project's virtualenv:

    .venv/bin/python similarity/data/conventions_tune/validate.py

Checks: every Kalshi market parses with platforms.kalshi.parse.parse_market (with its series and
event) and every Polymarket market with platforms.polymarket.parse.parse_gamma_market, to a
non-None value; every truth row names existing ids; no pair is listed twice; conditionIds are
unique; per-family minimums hold. It then prints the pairs that are NOT in truth.json but look most
alike by a crude, label-blind heuristic (shared numbers, dates and names), for a human to eyeball
as a completeness cross-check independent of the generator's proposition keys.
"""

# ruff: noqa: T201  (a command-line checker: it prints its findings)
from __future__ import annotations

import json
import os
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eventsarb.settings")

FAMILIES = (
    "moneyline",
    "spread",
    "candidates",
    "fed",
    "discrete_stat",
    "dates",
    "price_threshold",
    "binary_event",
)
RELATIONS = ("identical", "different", "related", "a_implies_b", "b_implies_a")


def load() -> tuple[dict, list, list]:
    k = json.loads((HERE / "kalshi.json").read_text(encoding="utf-8"))
    p = json.loads((HERE / "polymarket.json").read_text(encoding="utf-8"))
    t = json.loads((HERE / "truth.json").read_text(encoding="utf-8"))
    return k, p, t


def parse_all(k: dict, p: list) -> None:
    try:
        from platforms.kalshi.parse import parse_market
        from platforms.polymarket.parse import parse_gamma_market
    except Exception:  # pragma: no cover - only if the modules need Django configured
        import django

        django.setup()
        from platforms.kalshi.parse import parse_market
        from platforms.polymarket.parse import parse_gamma_market
    series = {s["ticker"]: s for s in k["series"]}
    events = {e["event_ticker"]: e for e in k["events"]}
    bad = 0
    for m in k["markets"]:
        ev = events[m["event_ticker"]]
        out = parse_market(m, series=series[ev["series_ticker"]], event=ev)
        if out is None:
            bad += 1
            print("kalshi market parsed to None:", m["ticker"])
    for m in p:
        if parse_gamma_market(m) is None:
            bad += 1
            print("polymarket market parsed to None:", m["conditionId"])
    assert bad == 0, f"{bad} markets did not parse"
    print(f"parsed: {len(k['markets'])} Kalshi markets, {len(p)} Polymarket markets, all non-None")


def structural(k: dict, p: list, t: list) -> None:
    kt = {m["ticker"] for m in k["markets"]}
    cids = [m["conditionId"] for m in p]
    assert len(cids) == len(set(cids)), "conditionIds not unique"
    assert all(re.fullmatch(r"0x[0-9a-f]{64}", c) for c in cids), "bad conditionId"
    assert len(kt) == len(k["markets"]), "tickers not unique"
    pairs = Counter((r["kalshi_ticker"], r["polymarket_condition_id"]) for r in t)
    dup = [x for x, n in pairs.items() if n > 1]
    assert not dup, f"pairs listed twice: {dup[:5]}"
    cset = set(cids)
    for r in t:
        assert r["kalshi_ticker"] in kt, r
        assert r["polymarket_condition_id"] in cset, r
        assert r["relation"] in RELATIONS, r
        assert r["family"] in FAMILIES, r
        if r["relation"] == "identical":
            assert r["orientation"] in ("same", "inverted"), r
        else:
            assert r["orientation"] == "", r
            assert r["note"], r
    ident = Counter(r["family"] for r in t if r["relation"] == "identical")
    neg = Counter(r["family"] for r in t if r["relation"] != "identical")
    rel = Counter(r["relation"] for r in t)
    print("identical pairs per family:", dict(sorted(ident.items())))
    print("hard negatives per family:", dict(sorted(neg.items())))
    print("rows per relation:", dict(sorted(rel.items())))
    print("inverted identical pairs:", sum(r["orientation"] == "inverted" for r in t))
    paired_k = {r["kalshi_ticker"] for r in t}
    paired_p = {r["polymarket_condition_id"] for r in t}
    uk = sum(m["ticker"] not in paired_k for m in k["markets"])
    up = sum(m["conditionId"] not in paired_p for m in p)
    print(
        f"unpaired distractors: Kalshi {uk}/{len(k['markets'])} ({uk / len(k['markets']):.0%}), "
        f"Polymarket {up}/{len(p)} ({up / len(p):.0%})"
    )
    assert sum(ident.values()) >= 400
    assert sum(neg.values()) >= 300
    assert all(ident[f] >= 25 for f in FAMILIES), ident


# --- label-blind look-alike scan ---------------------------------------------------------------
def _fold(s: str) -> str:
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c)).lower()


_STOP_WORDS = (
    "will the be a an of in on at by to for and or than more less above below over under is it its this that "
    "market resolves resolve yes no if then with from as after before game win wins"
)
STOP = set(_STOP_WORDS.split())


def features(text: str) -> set[str]:
    text = _fold(text)
    nums = {n.replace(",", "") for n in re.findall(r"\d[\d,]*\.?\d*", text)}
    words = {w for w in re.findall(r"[a-z][a-z'.-]+", text) if w not in STOP and len(w) > 2}
    return {"#" + n for n in nums} | words


def lookalikes(k: dict, p: list, t: list, top: int = 25) -> None:
    listed = {(r["kalshi_ticker"], r["polymarket_condition_id"]) for r in t}
    kf = {
        m["ticker"]: features(
            " ".join([m["title"], m.get("yes_sub_title", ""), m["rules_primary"]])
        )
        for m in k["markets"]
    }
    pf = {
        m["conditionId"]: features(
            " ".join([m["question"], m.get("groupItemTitle", ""), m["events"][0]["title"]])
        )
        for m in p
    }
    index = defaultdict(set)
    for cid, f in pf.items():
        for x in f:
            index[x].add(cid)
    scored = []
    for kt, f in kf.items():
        cand = Counter()
        for x in f:
            if len(index[x]) < 40:
                for cid in index[x]:
                    cand[cid] += 2 if x.startswith("#") else 1
        for cid, _score in cand.most_common(3):
            if (kt, cid) not in listed:
                jac = len(f & pf[cid]) / len(f | pf[cid])
                scored.append((jac, kt, cid))
    scored.sort(reverse=True)
    q = {m["conditionId"]: m["question"] for m in p}
    kt_title = {m["ticker"]: f"{m['title']} [{m.get('yes_sub_title', '')}]" for m in k["markets"]}
    print(f"\nmost alike UNLISTED pairs (label-blind Jaccard), top {top}, for manual review:")
    for jac, kt, cid in scored[:top]:
        print(f"  {jac:.2f}  {kt_title[kt][:80]:80s} | {q[cid][:70]}")


def main() -> None:
    k, p, t = load()
    parse_all(k, p)
    structural(k, p, t)
    if "--quiet" not in sys.argv:
        lookalikes(k, p, t, top=int(os.environ.get("TOP", "25")))


if __name__ == "__main__":
    main()
