#!/usr/bin/env python3
"""Labelled matching set "A" (conventions_tune): Kalshi and Polymarket catalogs plus truth.

Writes kalshi.json, polymarket.json and truth.json next to this file. Python 3.11 standard
library only, fixed seed, so the output is byte-identical on every run:

    python3 similarity/data/conventions_tune/generate.py

How it works
------------
Every market either venue lists is built from a *proposition*: a canonical key naming exactly
what settles the market (league, date, teams, line, statistic, precision, price feed, window,
deadline, ...) plus a negation flag. Two markets on different venues with the same key are the
same contract: orientation "same" when their flags agree (Kalshi YES = Polymarket outcome 0),
"inverted" when they differ. The identical rows of truth.json are *derived* from the keys, so an
identical pair can never be left out by hand; hard negatives are listed explicitly, each with a
note saying why the two markets settle differently. The venue text (titles, tickers, slugs, rules)
is rendered from many templates per venue so wording varies the way the real catalogs do.

Relation labels (a = the Kalshi market's YES, b = the Polymarket market's first outcome):
identical / different / related / a_implies_b / b_implies_a.
"""

# ruff: noqa: T201  (a command-line generator: it prints its counts)
from __future__ import annotations

import hashlib
import json
import math
import random
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

SEED = 20261026
OUT_DIR = Path(__file__).resolve().parent
# The catalogs are a snapshot taken on Monday 2026-10-26 around 10:00 ET.
NOW = datetime(2026, 10, 26, 14, 0, tzinfo=UTC)

rng = random.Random(SEED)


# --- time helpers -----------------------------------------------------------------------------
def _nth_sunday(year: int, month: int, n: int) -> date:
    d = date(year, month, 1)
    d += timedelta(days=(6 - d.weekday()) % 7)
    return d + timedelta(weeks=n - 1)


def et_offset_hours(local: datetime) -> int:
    """US Eastern offset (-4 EDT / -5 EST) for a naive local wall-clock time."""
    start = datetime.combine(_nth_sunday(local.year, 3, 2), datetime.min.time()).replace(hour=2)
    end = datetime.combine(_nth_sunday(local.year, 11, 1), datetime.min.time()).replace(hour=2)
    return -4 if start <= local < end else -5


def et(y: int, mo: int, d: int, h: int = 0, mi: int = 0) -> datetime:
    """A US Eastern wall-clock time as an aware UTC datetime."""
    local = datetime(y, mo, d, h, mi)  # noqa: DTZ001 - naive US Eastern wall-clock time, converted below
    return (local - timedelta(hours=et_offset_hours(local))).replace(tzinfo=UTC)


def et_zone(dt_utc: datetime) -> str:
    local = dt_utc.replace(tzinfo=None) - timedelta(hours=5)
    return "EDT" if et_offset_hours(local + timedelta(hours=1)) == -4 else "EST"


def to_et(dt_utc: datetime) -> datetime:
    naive = dt_utc.replace(tzinfo=None)
    off = et_offset_hours(naive - timedelta(hours=4))
    return naive + timedelta(hours=off)


def iso(dt: datetime) -> str:
    return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def iso_ms(dt: datetime) -> str:
    return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{rng.randint(0, 999999):06d}Z"


def gst(dt: datetime) -> str:
    """Gamma gameStartTime spelling: '2026-09-05 16:00:00+00'."""
    return dt.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S+00")


MON3 = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]


def kdate(d: date) -> str:
    """Kalshi ticker date: 26OCT30."""
    return f"{d.year % 100:02d}{MON3[d.month - 1]}{d.day:02d}"


def kmonth(d: date) -> str:
    """Kalshi ticker month: 26OCT."""
    return f"{d.year % 100:02d}{MON3[d.month - 1]}"


def short_date(d: date) -> str:
    """Oct 30, 2026 (Kalshi rules style)."""
    return f"{MONTHS[d.month - 1][:3]} {d.day}, {d.year}"


def long_date(d: date, year: bool = True) -> str:
    return f"{MONTHS[d.month - 1]} {d.day}, {d.year}" if year else f"{MONTHS[d.month - 1]} {d.day}"


def any_date(d: date) -> str:
    """One of the spellings the venues use for a date."""
    return rng.choice(
        [
            long_date(d),
            long_date(d, False),
            short_date(d),
            d.isoformat(),
            f"{MONTHS[d.month - 1][:3]}. {d.day}" if d.month != 5 else f"May {d.day}",
            f"{d.month}/{d.day}/{d.year % 100:02d}",
            f"{MONTHS[d.month - 1][:3]} {d.day}",
        ]
    )


def clock(dt_utc: datetime, style: int | None = None) -> str:
    """Eastern clock time in one of several spellings: 7:30 PM ET / 7:30PM ET / 7:30 pm EDT."""
    local = to_et(dt_utc)
    h12 = local.hour % 12 or 12
    ampm = "AM" if local.hour < 12 else "PM"
    style = rng.randrange(4) if style is None else style
    if style == 0:
        return f"{h12}:{local.minute:02d} {ampm} ET"
    if style == 1:
        return f"{h12}:{local.minute:02d}{ampm} ET"
    if style == 2:
        return f"{h12}:{local.minute:02d} {ampm.lower()} {et_zone(dt_utc)}"
    return f"{h12}:{local.minute:02d} {ampm} {et_zone(dt_utc)}"


# --- text helpers -----------------------------------------------------------------------------
def strip_accents(s: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))


def slugify(s: str) -> str:
    s = strip_accents(s).lower().replace("&", "and").replace("%", "pct").replace("+", "plus")
    out, dash = [], False
    for ch in s:
        if ch.isalnum():
            out.append(ch)
            dash = False
        elif not dash:
            out.append("-")
            dash = True
    return "".join(out).strip("-")


def money(v: float, style: int | None = None) -> str:
    """$120,000 / $120k / $120K / 120000 / $120,000.00 ..."""
    style = rng.randrange(5) if style is None else style
    whole = float(v).is_integer()
    if style == 0 or not whole:
        return f"${v:,.2f}" if not whole else f"${int(v):,}"
    if style == 1 and v >= 1000 and v % 1000 == 0:
        return f"${int(v // 1000)}k"
    if style == 2 and v >= 1000 and v % 1000 == 0:
        return f"${int(v // 1000)}K"
    if style == 3:
        return f"${int(v):,}"
    return f"${int(v):,}"


def pct(v: float, style: int | None = None) -> str:
    style = rng.randrange(3) if style is None else style
    return [f"{v:.1f}%", f"{v:.1f} pct", f"{v:.1f} percent"][style]


def num(v: float) -> str:
    return f"{v:g}"


def fp2(v: float) -> str:
    return f"{v:.2f}"


def d4(v: float) -> str:
    return f"{v:.4f}"


def hexid(tag: str) -> str:
    return "0x" + hashlib.sha256(f"{SEED}:{tag}".encode()).hexdigest()


def token_id(tag: str) -> str:
    n = int(hashlib.sha256(f"tok:{SEED}:{tag}".encode()).hexdigest(), 16) % (10**77)
    return str(max(n, 10**75))


def pick(seq):
    return rng.choice(seq)


# --- the catalog builder ----------------------------------------------------------------------
@dataclass
class Prop:
    key: str
    neg: bool
    family: str
    sem: str  # human-readable meaning of this market's YES / first outcome


@dataclass
class Catalog:
    series: dict[str, dict] = field(default_factory=dict)
    events: dict[str, dict] = field(default_factory=dict)
    kmarkets: list[dict] = field(default_factory=list)
    pmarkets: list[dict] = field(default_factory=list)
    kprops: dict[str, Prop] = field(default_factory=dict)
    pprops: dict[str, Prop] = field(default_factory=dict)
    negatives: list[dict] = field(default_factory=list)
    pevents: dict[str, dict] = field(default_factory=dict)
    _gamma_id: int = 2_310_000
    _event_id: int = 61_000
    _slugs: set[str] = field(default_factory=set)

    # Kalshi ---------------------------------------------------------------------------------
    def add_series(
        self,
        ticker: str,
        title: str,
        category: str,
        frequency: str,
        sources: list[tuple[str, str]],
        *,
        tags: list[str] | None = None,
        fee_type: str = "quadratic",
        fee_multiplier: float = 1,
        exchange_index: int = 0,
        contract_code: str | None = None,
    ) -> dict:
        if ticker in self.series:
            return self.series[ticker]
        code = contract_code or ticker.removeprefix("KX")
        s = {
            "ticker": ticker,
            "frequency": frequency,
            "title": title,
            "category": category,
            "categories": [category],
            "tags": tags or [],
            "settlement_sources": [{"name": n, "url": u} for n, u in sources],
            "contract_url": f"https://kalshi-public-docs.s3.amazonaws.com/regulatory/product-certifications/{code}.pdf",
            "contract_terms_url": f"https://kalshi-public-docs.s3.amazonaws.com/contract_terms/{code}.pdf",
            "fee_type": fee_type,
            "fee_multiplier": fee_multiplier,
            "additional_prohibitions": [],
            "last_updated_ts": iso(
                NOW - timedelta(days=rng.randint(3, 200), minutes=rng.randint(0, 1440))
            ),
            "exchange_index": exchange_index,
        }
        self.series[ticker] = s
        return s

    def add_event(
        self,
        event_ticker: str,
        series_ticker: str,
        title: str,
        sub_title: str,
        *,
        mutually_exclusive: bool,
        strike: datetime | None = None,
        strike_period: str | None = None,
    ) -> dict:
        if event_ticker in self.events:
            return self.events[event_ticker]
        s = self.series[series_ticker]
        e = {
            "event_ticker": event_ticker,
            "series_ticker": series_ticker,
            "title": title,
            "sub_title": sub_title,
            "collateral_return_type": "MECNET" if mutually_exclusive else "",
            "mutually_exclusive": mutually_exclusive,
            "category": s["category"],
            "product_metadata": None,
            "settlement_sources": s["settlement_sources"],
            "last_updated_ts": iso(NOW - timedelta(hours=rng.randint(1, 300))),
            "exchange_index": s["exchange_index"],
        }
        if strike is not None:
            e["strike_date"] = iso(strike)
        if strike_period:
            e["strike_period"] = strike_period
        self.events[event_ticker] = e
        return e

    def kalshi(
        self,
        *,
        ticker: str,
        event_ticker: str,
        title: str,
        yes_sub: str,
        rules1: str,
        rules2: str,
        close: datetime,
        expected: datetime,
        key: str,
        family: str,
        sem: str,
        p: float,
        neg: bool = False,
        no_sub: str | None = None,
        subtitle: str = "",
        open_: datetime | None = None,
        latest: datetime | None = None,
        strike_type: str | None = None,
        floor: float | None = None,
        cap: float | None = None,
        can_close_early: bool = True,
        early_close: str | None = None,
        timer: int | None = None,
        structure: str = "linear_cent",
        custom_strike: dict | None = None,
    ) -> str:
        assert ticker not in self.kprops, ticker
        ev = self.events[event_ticker]
        open_ = open_ or min(
            NOW - timedelta(hours=rng.randint(6, 24 * 40)), close - timedelta(hours=30)
        )
        open_ = min(open_, NOW - timedelta(minutes=rng.randint(30, 600)))
        created = open_ - timedelta(minutes=rng.randint(0, 600))
        latest = latest or (expected + timedelta(days=pick([1, 7, 7, 14, 28])))
        m: dict[str, Any] = {
            "ticker": ticker,
            "event_ticker": event_ticker,
            "market_type": "binary",
            "title": title,
            "subtitle": subtitle,
            "yes_sub_title": yes_sub,
            "no_sub_title": no_sub if no_sub is not None else yes_sub,
            "created_time": iso(created),
            "updated_time": iso(max(created, NOW - timedelta(minutes=rng.randint(1, 3000)))),
            "open_time": iso(open_),
            "close_time": iso(close),
            "expected_expiration_time": iso(expected),
            "latest_expiration_time": iso(latest),
            "settlement_timer_seconds": timer if timer is not None else pick([60, 300, 1800, 3600]),
            "status": "active",
        }
        m.update(kalshi_quote(p, structure))
        vol = rng.randint(0, 400000) * pick([1, 1, 0.1, 0.01])
        m.update(
            {
                "volume_fp": fp2(vol),
                "volume_24h_fp": fp2(vol * rng.random() * 0.3),
                "open_interest_fp": fp2(vol * rng.uniform(0.2, 0.9)),
                "notional_value_dollars": "1.0000",
                "result": "",
                "can_close_early": can_close_early,
                "settlement_bounds_type": "default",
                "expiration_value": "",
            }
        )
        if early_close:
            m["early_close_condition"] = early_close
        if strike_type:
            m["strike_type"] = strike_type
        if floor is not None:
            m["floor_strike"] = floor
        if cap is not None:
            m["cap_strike"] = cap
        if custom_strike:
            m["custom_strike"] = custom_strike
        m["rules_primary"] = rules1
        m["rules_secondary"] = rules2
        m["price_level_structure"] = structure
        m["price_ranges"] = PRICE_RANGES[structure]
        m["exchange_index"] = ev["exchange_index"]
        self.kmarkets.append(m)
        self.kprops[ticker] = Prop(key, neg, family, sem)
        return ticker

    # Polymarket -----------------------------------------------------------------------------
    def pevent(
        self,
        *,
        title: str,
        slug: str,
        description: str,
        start: datetime,
        end: datetime,
        neg_risk: bool = False,
        series_slug: str | None = None,
        tags: list[str] | None = None,
        extra: dict | None = None,
    ) -> dict:
        if slug in self.pevents:
            return self.pevents[slug]
        self._event_id += rng.randint(3, 900)
        start = min(start, NOW - timedelta(hours=rng.randint(2, 48)))
        e: dict[str, Any] = {
            "id": str(self._event_id),
            "ticker": slug,
            "slug": slug,
            "title": title,
            "description": description,
            "resolutionSource": "",
            "startDate": iso(start),
            "creationDate": iso_ms(start + timedelta(minutes=rng.randint(1, 30))),
            "endDate": iso(end),
            "active": True,
            "closed": False,
            "archived": False,
            "new": False,
            "featured": False,
            "restricted": True,
            "enableOrderBook": True,
            "negRisk": neg_risk,
            "enableNegRisk": neg_risk,
            "negRiskAugmented": False,
            "commentCount": rng.randint(0, 4000),
            "cyom": False,
            "showAllOutcomes": True,
            "showMarketImages": neg_risk,
            "automaticallyActive": True,
            "pendingDeployment": False,
            "deploying": False,
            "version": "v1",
        }
        if neg_risk:
            e["negRiskMarketID"] = hexid("nrm:" + slug)[:-2] + "00"
            e["negRiskFeeBips"] = 0
        if series_slug:
            e["seriesSlug"] = series_slug
        if tags:
            e["tags"] = [
                {"id": str(abs(hash_int(t)) % 103000), "label": t.title(), "slug": slugify(t)}
                for t in tags
            ]
        if extra:
            e.update(extra)
        self.pevents[slug] = e
        return e

    def poly(
        self,
        *,
        event: dict,
        question: str,
        description: str,
        end: datetime,
        start: datetime,
        key: str,
        family: str,
        sem: str,
        p: float,
        neg: bool = False,
        outcomes: tuple[str, str] = ("Yes", "No"),
        slug: str | None = None,
        group_item_title: str | None = None,
        group_threshold: int | None = None,
        game_start: datetime | None = None,
        smt: str | None = None,
        line: float | None = None,
        resolution_source: str = "",
        fees: str = "other",
        category: str | None = None,
        tick: float = 0.01,
        neg_risk_other: bool = False,
    ) -> str:
        self._gamma_id += rng.randint(1, 5000)
        gid = str(self._gamma_id)
        start = min(start, NOW - timedelta(minutes=rng.randint(60, 900)))
        slug = slug or slugify(question)
        base, n = slug, 2
        while slug in self._slugs:
            slug = f"{base}-{rng.randint(100, 999)}" if n > 2 else f"{base}-{n}"
            n += 1
        self._slugs.add(slug)
        cid = hexid("cond:" + slug)
        assert cid not in self.pprops
        nr = bool(event.get("negRisk"))
        legs = [m for m in self.pmarkets if m["events"][0]["id"] == event["id"]]
        m: dict[str, Any] = {
            "id": gid,
            "question": question,
            "conditionId": cid,
            "slug": slug,
            "resolutionSource": resolution_source,
            "endDate": iso(end),
            "startDate": iso(start),
            "image": f"https://polymarket-upload.s3.us-east-2.amazonaws.com/{event['slug'][:40]}-{hexid(slug)[2:10]}.png",
            "icon": f"https://polymarket-upload.s3.us-east-2.amazonaws.com/{event['slug'][:40]}-{hexid(slug)[2:10]}.png",
            "description": description,
            "outcomes": json.dumps(list(outcomes)),
        }
        prices = poly_prices(p, tick)
        m["outcomePrices"] = json.dumps(prices["outcomePrices"])
        vol = rng.uniform(50, 3_000_000) * pick([1, 0.1, 0.01])
        liq = rng.uniform(500, 400_000)
        m.update(
            {
                "volume": f"{vol:.6f}".rstrip("0"),
                "liquidity": f"{liq:.5f}".rstrip("0"),
                "active": True,
                "marketType": "normal",
                "closed": False,
                "marketMakerAddress": "",
                "createdAt": iso_ms(start - timedelta(minutes=rng.randint(1, 200))),
                "updatedAt": iso_ms(start + (NOW - start) * rng.uniform(0.5, 1.0)),
                "new": False,
                "featured": False,
                "archived": False,
                "restricted": True,
            }
        )
        if group_item_title is not None:
            m["groupItemTitle"] = group_item_title
            m["groupItemThreshold"] = str(
                group_threshold if group_threshold is not None else len(legs)
            )
        if nr:
            m["questionID"] = event["negRiskMarketID"][:-2] + f"{len(legs):02x}"
        else:
            m["questionID"] = hexid("q:" + slug)
        m.update(
            {
                "enableOrderBook": True,
                "orderPriceMinTickSize": tick,
                "orderMinSize": 5,
                "volumeNum": round(vol, 6),
                "liquidityNum": round(liq, 5),
                "endDateIso": end.date().isoformat(),
                "startDateIso": start.date().isoformat(),
                "hasReviewedDates": True,
                "volume24hr": round(vol * rng.random() * 0.2, 6),
                "clobTokenIds": json.dumps([token_id(slug + ":0"), token_id(slug + ":1")]),
                "acceptingOrders": True,
                "acceptingOrdersTimestamp": iso(
                    min(NOW, start + timedelta(minutes=rng.randint(1, 90)))
                ),
                "negRisk": nr,
            }
        )
        if nr:
            m["negRiskMarketID"] = event["negRiskMarketID"]
            m["negRiskRequestID"] = hexid("nrq:" + slug)
            m["negRiskOther"] = neg_risk_other
        if category:
            m["category"] = category
        if game_start is not None:
            m["gameStartTime"] = gst(game_start)
        if smt:
            m["sportsMarketType"] = smt
        if line is not None:
            m["line"] = line
        m.update({k: v for k, v in prices.items() if k != "outcomePrices" and v is not None})
        m.update(fee_fields(fees))
        m["umaResolutionStatuses"] = "[]"
        m["rfqEnabled"] = False
        m["version"] = "v1"
        ev = {
            k: event[k]
            for k in (
                "id",
                "ticker",
                "slug",
                "title",
                "description",
                "startDate",
                "creationDate",
                "endDate",
                "active",
                "closed",
                "archived",
                "restricted",
                "enableOrderBook",
                "negRisk",
                "enableNegRisk",
                "negRiskAugmented",
                "cyom",
                "version",
            )
            if k in event
        }
        for k in ("negRiskMarketID", "seriesSlug", "gameId", "startTime", "eventDate"):
            if k in event:
                ev[k] = event[k]
        m["events"] = [ev]
        self.pmarkets.append(m)
        self.pprops[cid] = Prop(key, neg, family, sem)
        return cid

    # truth ----------------------------------------------------------------------------------
    def negative(self, kt: str, cid: str, relation: str, family: str, note: str) -> None:
        assert relation in ("different", "related", "a_implies_b", "b_implies_a"), relation
        assert kt in self.kprops, kt
        assert cid in self.pprops, cid
        assert self.kprops[kt].key != self.pprops[cid].key, (kt, cid, "same key: identical")
        self.negatives.append(
            {
                "kalshi_ticker": kt,
                "polymarket_condition_id": cid,
                "relation": relation,
                "orientation": "",
                "family": family,
                "note": note,
            }
        )


def hash_int(s: str) -> int:
    return int(hashlib.md5(s.encode(), usedforsecurity=False).hexdigest()[:12], 16)


PRICE_RANGES = {
    "linear_cent": [{"start": "0.0000", "end": "1.0000", "step": "0.0100"}],
    "deci_cent": [{"start": "0.0000", "end": "1.0000", "step": "0.0010"}],
    "tapered_deci_cent": [
        {"start": "0.0000", "end": "0.1000", "step": "0.0010"},
        {"start": "0.1000", "end": "0.9000", "step": "0.0100"},
        {"start": "0.9000", "end": "1.0000", "step": "0.0010"},
    ],
}


def kalshi_quote(p: float, structure: str) -> dict:
    step = 0.001 if structure != "linear_cent" else 0.01
    p = min(max(p, 0.02), 0.98)
    spread = step * rng.randint(1, 4 if step == 0.01 else 25)
    bid = max(step, math.floor((p - spread / 2) / step) * step)
    ask = min(1 - step, bid + spread)
    last = rng.uniform(bid, ask)
    last = round(last / step) * step
    prev = min(0.99, max(0.01, p + rng.uniform(-0.06, 0.06)))
    return {
        "yes_bid_dollars": d4(bid),
        "yes_bid_size_fp": fp2(rng.randint(1, 5000)),
        "yes_ask_dollars": d4(ask),
        "yes_ask_size_fp": fp2(rng.randint(1, 5000)),
        "no_bid_dollars": d4(1 - ask),
        "no_ask_dollars": d4(1 - bid),
        "last_price_dollars": d4(last),
        "previous_yes_bid_dollars": d4(max(0.0, round(prev - 0.01, 2))),
        "previous_yes_ask_dollars": d4(min(1.0, round(prev + 0.01, 2))),
        "previous_price_dollars": d4(round(prev, 2)),
    }


def poly_prices(p: float, tick: float) -> dict:
    p = min(max(p + rng.uniform(-0.03, 0.03), 0.003), 0.997)
    dec = 3 if tick < 0.01 else 2
    spread = round(tick * rng.randint(1, 3), dec)
    bid = round(max(tick, p - spread / 2), dec)
    ask = round(min(1 - tick, bid + spread), dec)
    mid = round((bid + ask) / 2, dec + 1)
    out = {
        "outcomePrices": [f"{mid:g}", f"{round(1 - mid, dec + 1):g}"],
        "bestBid": bid,
        "bestAsk": ask,
        "spread": round(ask - bid, dec),
        "lastTradePrice": round(rng.choice([bid, ask, mid]), dec),
        "oneDayPriceChange": round(rng.uniform(-0.05, 0.05), 3),
    }
    return out


FEES = {
    # Gamma feeSchedule rates sampled in 2026-09 (polymarket NOTES §5).
    "crypto": ("crypto_fees_v2", 0.07),
    "sports": ("sports_fees_v2", 0.05),
    "sports_old": ("sports_fees", 0.03),
    "politics": ("politics_fees", 0.04),
    "finance": ("finance_fees", 0.04),
    "tech": ("tech_fees", 0.04),
    "economics": ("economics_fees", 0.05),
    "culture": ("culture_fees", 0.05),
    "weather": ("weather_fees", 0.05),
    "other": ("other_fees", 0.05),
    "geopolitics": None,
}


def fee_fields(kind: str) -> dict:
    spec = FEES[kind]
    if spec is None:
        return {"feesEnabled": False, "feeType": None, "makerBaseFee": 0, "takerBaseFee": 0}
    name, rate = spec
    return {
        "feesEnabled": True,
        "feeType": name,
        "feeSchedule": {"exponent": 1, "rate": rate, "takerOnly": True, "rebateRate": 0.2},
        "makerBaseFee": 1000,
        "takerBaseFee": 1000,
    }


CAT = Catalog()


# =============================================================================================
# Sports reference data
# =============================================================================================
@dataclass(frozen=True)
class Team:
    code: str  # Kalshi ticker code
    kname: str  # Kalshi short name used in titles / yes_sub_title ("Los Angeles L")
    nick: str  # Polymarket outcome label for US pro leagues ("Lakers")
    full: str  # full name ("Los Angeles Lakers")
    pabbr: str  # Polymarket slug abbreviation


def _teams(rows: str) -> dict[str, Team]:
    out = {}
    for line in rows.strip().splitlines():
        code, kname, nick, full, pabbr = [x.strip() for x in line.split("|")]
        out[code] = Team(code, kname, nick, full, pabbr)
    return out


NBA = _teams("""
ATL|Atlanta|Hawks|Atlanta Hawks|atl
BOS|Boston|Celtics|Boston Celtics|bos
CLE|Cleveland|Cavaliers|Cleveland Cavaliers|cle
DAL|Dallas|Mavericks|Dallas Mavericks|dal
DEN|Denver|Nuggets|Denver Nuggets|den
GSW|Golden State|Warriors|Golden State Warriors|gsw
HOU|Houston|Rockets|Houston Rockets|hou
LAC|Los Angeles C|Clippers|LA Clippers|lac
LAL|Los Angeles L|Lakers|Los Angeles Lakers|lal
MIA|Miami|Heat|Miami Heat|mia
MIL|Milwaukee|Bucks|Milwaukee Bucks|mil
MIN|Minnesota|Timberwolves|Minnesota Timberwolves|min
NOP|New Orleans|Pelicans|New Orleans Pelicans|nop
NYK|New York|Knicks|New York Knicks|nyk
OKC|Oklahoma City|Thunder|Oklahoma City Thunder|okc
ORL|Orlando|Magic|Orlando Magic|orl
PHI|Philadelphia|76ers|Philadelphia 76ers|phi
PHX|Phoenix|Suns|Phoenix Suns|phx
POR|Portland|Trail Blazers|Portland Trail Blazers|por
SAC|Sacramento|Kings|Sacramento Kings|sac
SAS|San Antonio|Spurs|San Antonio Spurs|sas
""")

NFL = _teams("""
BAL|Baltimore|Ravens|Baltimore Ravens|bal
BUF|Buffalo|Bills|Buffalo Bills|buf
CAR|Carolina|Panthers|Carolina Panthers|car
DET|Detroit|Lions|Detroit Lions|det
GB|Green Bay|Packers|Green Bay Packers|gb
HOU|Houston|Texans|Houston Texans|hou
KC|Kansas City|Chiefs|Kansas City Chiefs|kc
LA|Los Angeles R|Rams|Los Angeles Rams|lar
LAC|Los Angeles C|Chargers|Los Angeles Chargers|lac
MIA|Miami|Dolphins|Miami Dolphins|mia
NE|New England|Patriots|New England Patriots|ne
NYG|New York G|Giants|New York Giants|nyg
NYJ|New York J|Jets|New York Jets|nyj
PHI|Philadelphia|Eagles|Philadelphia Eagles|phi
SF|San Francisco|49ers|San Francisco 49ers|sf
TB|Tampa Bay|Buccaneers|Tampa Bay Buccaneers|tb
""")

NHL = _teams("""
BOS|Boston|Bruins|Boston Bruins|bos
COL|Colorado|Avalanche|Colorado Avalanche|col
EDM|Edmonton|Oilers|Edmonton Oilers|edm
FLA|Florida|Panthers|Florida Panthers|fla
LA|Los Angeles|Kings|Los Angeles Kings|la
MTL|Montreal|Canadiens|Montréal Canadiens|mon
NJ|New Jersey|Devils|New Jersey Devils|nj
NYI|New York I|Islanders|New York Islanders|nyi
NYR|New York R|Rangers|New York Rangers|nyr
STL|St. Louis|Blues|St. Louis Blues|stl
TB|Tampa Bay|Lightning|Tampa Bay Lightning|tb
TOR|Toronto|Maple Leafs|Toronto Maple Leafs|tor
VGK|Vegas|Golden Knights|Vegas Golden Knights|vgk
WSH|Washington|Capitals|Washington Capitals|wsh
""")

MLB = _teams("""
LAD|Los Angeles D|Dodgers|Los Angeles Dodgers|lad
NYY|New York Y|Yankees|New York Yankees|nyy
""")

# College: nick = the school name Polymarket uses as the outcome label.
CFB = _teams("""
PSU|Penn St.|Penn State|Penn State Nittany Lions|psu
OSU|Ohio St.|Ohio State|Ohio State Buckeyes|osu
LSU|LSU|LSU|LSU Tigers|lsu
ALA|Alabama|Alabama|Alabama Crimson Tide|ala
USC|USC|USC|USC Trojans|usc
ORE|Oregon|Oregon|Oregon Ducks|ore
MIAF|Miami (FL)|Miami|Miami Hurricanes|mia
FSU|Florida St.|Florida State|Florida State Seminoles|fsu
MISS|Ole Miss|Mississippi|Ole Miss Rebels|miss
AUB|Auburn|Auburn|Auburn Tigers|aub
TEX|Texas|Texas|Texas Longhorns|tex
UGA|Georgia|Georgia|Georgia Bulldogs|uga
""")

CBB = _teams("""
MSU|Michigan St.|Michigan State|Michigan State Spartans|msu
UK|Kentucky|Kentucky|Kentucky Wildcats|uk
GONZ|Gonzaga|Gonzaga|Gonzaga Bulldogs|gonz
CONN|Connecticut|UConn|UConn Huskies|conn
UNC|North Carolina|North Carolina|North Carolina Tar Heels|unc
KU|Kansas|Kansas|Kansas Jayhawks|ku
HOU|Houston|Houston|Houston Cougars|hou
PUR|Purdue|Purdue|Purdue Boilermakers|pur
""")

EPL = _teams("""
ARS|Arsenal|Arsenal FC|Arsenal FC|ars
CHE|Chelsea|Chelsea FC|Chelsea FC|che
LFC|Liverpool|Liverpool FC|Liverpool FC|liv
AVL|Aston Villa|Aston Villa FC|Aston Villa FC|avl
BRE|Brentford|Brentford FC|Brentford FC|bre
FUL|Fulham|Fulham FC|Fulham FC|ful
MCI|Manchester City|Manchester City FC|Manchester City FC|mci
TOT|Tottenham|Tottenham Hotspur FC|Tottenham Hotspur FC|tot
NEW|Newcastle|Newcastle United FC|Newcastle United FC|new
MUN|Manchester United|Manchester United FC|Manchester United FC|mun
EVE|Everton|Everton FC|Everton FC|eve
NFO|Nottingham Forest|Nottingham Forest FC|Nottingham Forest FC|nfo
LEE|Leeds United|Leeds United FC|Leeds United FC|lee
SUN|Sunderland|Sunderland AFC|Sunderland AFC|sun
""")

UCL = _teams("""
INT|Inter Milan|FC Internazionale Milano|FC Internazionale Milano|int
ATM|Atletico Madrid|Club Atlético de Madrid|Club Atlético de Madrid|atm
BMU|Bayern Munich|FC Bayern München|FC Bayern München|bay
PSG|Paris Saint-Germain|Paris Saint-Germain FC|Paris Saint-Germain FC|psg
RMA|Real Madrid|Real Madrid CF|Real Madrid CF|rma
MCI|Manchester City|Manchester City FC|Manchester City FC|mci
BAR|Barcelona|FC Barcelona|FC Barcelona|bar
BVB|Dortmund|Borussia Dortmund|Borussia Dortmund|dor
""")

MLS = _teams("""
MIA|Inter Miami|Inter Miami CF|Inter Miami CF|mia
NSH|Nashville|Nashville SC|Nashville SC|nsh
LAFC|Los Angeles FC|Los Angeles FC|Los Angeles FC|lafc
SEA|Seattle|Seattle Sounders FC|Seattle Sounders FC|sea
CLB|Columbus|Columbus Crew|Columbus Crew|clb
CIN|Cincinnati|FC Cincinnati|FC Cincinnati|cin
""")


@dataclass(frozen=True)
class League:
    code: str  # our key prefix
    kseries: str  # Kalshi game series
    ktitle: str  # Kalshi series title
    phrase: str  # Kalshi rules phrase: "professional basketball game"
    pslug: str  # Polymarket slug prefix
    pname: str  # Polymarket league name in descriptions
    source: tuple[str, str]
    teams: dict[str, Team]
    soccer: bool = False
    exchange_index: int = 0
    spread_unit: str = "points"


LEAGUES = {
    "nba": League(
        "nba",
        "KXNBAGAME",
        "Professional Basketball Game",
        "professional basketball game",
        "nba",
        "NBA",
        ("NBA", "https://www.nba.com/"),
        NBA,
    ),
    "nfl": League(
        "nfl",
        "KXNFLGAME",
        "Professional Football Game",
        "professional football game",
        "nfl",
        "NFL",
        ("NFL", "https://www.nfl.com/"),
        NFL,
    ),
    "nhl": League(
        "nhl",
        "KXNHLGAME",
        "NHL Game",
        "professional hockey game",
        "nhl",
        "NHL",
        ("NHL", "https://www.nhl.com/"),
        NHL,
        spread_unit="goals",
    ),
    "mlb": League(
        "mlb",
        "KXMLBGAME",
        "Professional Baseball Game",
        "professional baseball game",
        "mlb",
        "MLB",
        ("MLB", "https://www.mlb.com/"),
        MLB,
        exchange_index=3,
        spread_unit="runs",
    ),
    "cfb": League(
        "cfb",
        "KXNCAAFGAME",
        "College Football Game",
        "college football game",
        "cfb",
        "college football",
        ("NCAA", "https://www.ncaa.com/"),
        CFB,
    ),
    "cbb": League(
        "cbb",
        "KXNCAAMBGAME",
        "Men's College Basketball Game",
        "men's college basketball game",
        "cbb",
        "college basketball",
        ("NCAA", "https://www.ncaa.com/"),
        CBB,
    ),
    "epl": League(
        "epl",
        "KXEPLGAME",
        "English Premier League Game",
        "professional soccer game",
        "epl",
        "English Premier League",
        ("Premier League", "https://www.premierleague.com/"),
        EPL,
        soccer=True,
        spread_unit="goals",
    ),
    "ucl": League(
        "ucl",
        "KXUCLGAME",
        "UEFA Champions League Game",
        "professional soccer game",
        "ucl",
        "UEFA Champions League",
        ("UEFA", "https://www.uefa.com/"),
        UCL,
        soccer=True,
        spread_unit="goals",
    ),
    "mls": League(
        "mls",
        "KXMLSGAME",
        "Major League Soccer Game",
        "professional soccer game",
        "mls",
        "MLS",
        ("MLS", "https://www.mlssoccer.com/"),
        MLS,
        soccer=True,
        spread_unit="goals",
    ),
}


@dataclass
class Game:
    lg: League
    start: datetime  # UTC
    away: Team  # for soccer: the away side (listed second)
    home: Team
    p_home: float  # P(home wins); soccer: P(home wins in regulation)
    p_draw: float = 0.0
    label: str = ""  # "Game 4", "Leg 1" ...
    ktickers: dict[str, str] = field(default_factory=dict)  # team code / "TIE" -> Kalshi ticker
    pml: str | None = None  # Polymarket 2-way moneyline cid
    psoccer: dict[str, str] = field(default_factory=dict)  # team code / "DRAW" -> Polymarket cid
    kevent: str = ""
    pevent: dict | None = None
    key: str = ""

    @property
    def day(self) -> date:
        return to_et(self.start).date()

    @property
    def ktag(self) -> str:
        first, second = (self.home, self.away) if self.lg.soccer else (self.away, self.home)
        return f"{kdate(self.day)}{first.code}{second.code}"


def ml_key(g: Game) -> str:
    return (
        f"ml|{g.lg.code}|{g.day.isoformat()}|{g.start.strftime('%H%M')}|{g.away.code}@{g.home.code}"
    )


GAMES: list[Game] = []


def game(
    lg: str,
    y: int,
    mo: int,
    d: int,
    h: int,
    mi: int,
    away: str,
    home: str,
    p_home: float,
    p_draw: float = 0.0,
    label: str = "",
) -> Game:
    L = LEAGUES[lg]
    g = Game(L, et(y, mo, d, h, mi), L.teams[away], L.teams[home], p_home, p_draw, label)
    g.key = ml_key(g)
    GAMES.append(g)
    return g


def build_schedule() -> None:
    # NBA (away @ home), early season.
    game("nba", 2026, 10, 27, 19, 30, "NYK", "CLE", 0.58)
    game("nba", 2026, 10, 27, 22, 0, "DEN", "GSW", 0.47)
    game("nba", 2026, 10, 28, 20, 0, "OKC", "HOU", 0.38)
    game("nba", 2026, 10, 29, 19, 0, "MIL", "PHI", 0.55)
    game("nba", 2026, 10, 30, 19, 30, "LAL", "BOS", 0.66)
    game("nba", 2026, 10, 30, 22, 30, "LAC", "POR", 0.41)
    game("nba", 2026, 10, 31, 20, 0, "SAS", "MIN", 0.52)
    game("nba", 2026, 11, 1, 18, 0, "MIA", "ORL", 0.61)
    game("nba", 2026, 11, 2, 19, 30, "PHX", "DAL", 0.57)
    game("nba", 2026, 11, 2, 22, 0, "NOP", "SAC", 0.54)
    # NFL, weeks 8-9.
    game("nfl", 2026, 10, 29, 20, 15, "BAL", "MIA", 0.36)
    game("nfl", 2026, 11, 1, 13, 0, "NYG", "PHI", 0.74)
    game("nfl", 2026, 11, 1, 13, 0, "NYJ", "NE", 0.62)
    game("nfl", 2026, 11, 1, 16, 25, "LAC", "KC", 0.64)
    game("nfl", 2026, 11, 1, 16, 5, "LA", "SF", 0.53)
    game("nfl", 2026, 11, 1, 20, 20, "GB", "DET", 0.56)
    game("nfl", 2026, 11, 2, 20, 15, "TB", "CAR", 0.45)
    game("nfl", 2026, 11, 5, 20, 15, "BUF", "HOU", 0.43)
    # NHL.
    game("nhl", 2026, 10, 27, 19, 0, "TB", "FLA", 0.55)
    game("nhl", 2026, 10, 27, 22, 30, "VGK", "LA", 0.51)
    game("nhl", 2026, 10, 28, 19, 30, "NYR", "NYI", 0.48)
    game("nhl", 2026, 10, 29, 19, 0, "EDM", "TOR", 0.49)
    game("nhl", 2026, 10, 30, 20, 0, "COL", "STL", 0.42)
    game("nhl", 2026, 10, 31, 19, 0, "BOS", "MTL", 0.50)
    game("nhl", 2026, 11, 1, 17, 0, "NJ", "WSH", 0.53)
    # MLB World Series, Games 3-5 in the Bronx.
    game("mlb", 2026, 10, 26, 20, 8, "LAD", "NYY", 0.49, label="Game 3")
    game("mlb", 2026, 10, 27, 20, 8, "LAD", "NYY", 0.50, label="Game 4")
    game("mlb", 2026, 10, 28, 20, 8, "LAD", "NYY", 0.48, label="Game 5")
    # College football, Saturday Oct 31.
    game("cfb", 2026, 10, 31, 12, 0, "PSU", "OSU", 0.71)
    game("cfb", 2026, 10, 31, 15, 30, "LSU", "ALA", 0.60)
    game("cfb", 2026, 10, 31, 19, 30, "USC", "ORE", 0.77)
    game("cfb", 2026, 10, 31, 20, 0, "MIAF", "FSU", 0.35)
    game("cfb", 2026, 10, 31, 12, 0, "MISS", "AUB", 0.44)
    game("cfb", 2026, 11, 7, 15, 30, "TEX", "UGA", 0.55)
    # College basketball, opening week.
    game("cbb", 2026, 11, 3, 19, 0, "MSU", "UK", 0.63)
    game("cbb", 2026, 11, 4, 20, 0, "GONZ", "CONN", 0.58)
    game("cbb", 2026, 11, 5, 21, 0, "UNC", "KU", 0.60)
    game("cbb", 2026, 11, 6, 19, 0, "HOU", "PUR", 0.52)
    # EPL (home listed first on both venues for soccer).
    game("epl", 2026, 10, 31, 8, 30, "CHE", "ARS", 0.46, 0.27)
    game("epl", 2026, 10, 31, 11, 0, "AVL", "LFC", 0.55, 0.23)
    game("epl", 2026, 10, 31, 11, 0, "FUL", "BRE", 0.39, 0.28)
    game("epl", 2026, 10, 31, 13, 30, "TOT", "MCI", 0.57, 0.22)
    game("epl", 2026, 11, 1, 9, 0, "MUN", "NEW", 0.44, 0.26)
    game("epl", 2026, 11, 1, 11, 30, "NFO", "EVE", 0.37, 0.30)
    game("epl", 2026, 11, 7, 10, 0, "ARS", "LEE", 0.20, 0.24)
    # UCL league phase, matchday 4.
    game("ucl", 2026, 11, 3, 15, 0, "ATM", "INT", 0.45, 0.29)
    game("ucl", 2026, 11, 3, 15, 0, "PSG", "BMU", 0.47, 0.23)
    game("ucl", 2026, 11, 4, 15, 0, "MCI", "RMA", 0.42, 0.25)
    game("ucl", 2026, 11, 4, 15, 0, "BVB", "BAR", 0.63, 0.19)
    # MLS Cup playoffs Round One (best of three; every match is a 90-minute market).
    game("mls", 2026, 10, 31, 19, 30, "NSH", "MIA", 0.52, 0.24, label="Round One, Match 1")
    game("mls", 2026, 11, 7, 20, 0, "MIA", "NSH", 0.41, 0.27, label="Round One, Match 2")
    game("mls", 2026, 11, 1, 22, 0, "SEA", "LAFC", 0.50, 0.25, label="Round One, Match 1")
    game("mls", 2026, 11, 1, 17, 0, "CIN", "CLB", 0.46, 0.27, label="Round One, Match 1")


# =============================================================================================
# Family — moneyline
# =============================================================================================


def sport_series(lg: League, kind: str = "GAME") -> str:
    ticker = lg.kseries if kind == "GAME" else lg.kseries.replace("GAME", kind)
    titles = {
        "SPREAD": lg.ktitle.replace("Game", "Spread"),
        "TOTAL": lg.ktitle.replace("Game", "Total"),
    }
    CAT.add_series(
        ticker,
        lg.ktitle if kind == "GAME" else titles[kind],
        "Sports",
        "custom",
        [lg.source],
        tags=[lg.pname if lg.code not in ("cfb", "cbb") else "College"],
        fee_type=pick(["quadratic_with_maker_fees", "quadratic"]),
        exchange_index=lg.exchange_index,
    )
    return ticker


def kalshi_game_rules(g: Game, winner: str | None) -> tuple[str, str]:
    """Kalshi rules text for a game-winner market (winner None = the tie market)."""
    L = g.lg
    first, second = (g.home, g.away) if L.soccer else (g.away, g.home)
    vs = f"{first.kname} vs {second.kname}"
    when = short_date(g.day)
    if rng.random() < 0.5:
        when += f" at {clock(g.start, 3)}"
    phrase = L.phrase
    if g.label and rng.random() < 0.6:
        vs = f"{g.label}: {g.away.kname} at {g.home.kname}" if not L.soccer else f"{g.label}: {vs}"
    if L.soccer:
        if winner is None:
            r1 = (
                f"If the {vs} {phrase} originally scheduled for {when} ends in a tie after regulation time "
                f"(90 minutes plus stoppage time), then the market resolves to Yes."
            )
        else:
            r1 = (
                f"If {winner} wins the {vs} {phrase} originally scheduled for {when} in regulation time "
                f"(90 minutes plus stoppage time), then the market resolves to Yes."
            )
        r2 = pick(
            [
                "Extra time and penalty shootouts are not counted. If the game is postponed, the market will remain open "
                "until the game is completed or two weeks have passed, whichever comes first.",
                "Only the result at the end of regulation time is considered; extra time and penalty shootouts do not count. "
                "If the game is canceled and not rescheduled within 14 days, the market resolves at the last traded price.",
            ]
        )
    else:
        r1 = f"If {winner} wins the {vs} {phrase} originally scheduled for {when}, then the market resolves to Yes."
        tie = ""
        if L.code == "nfl":
            tie = " If the game ends in a tie, the market resolves at 50 cents (a settlement value of $0.50)."
        if L.code == "nhl":
            tie = " Overtime and shootouts count toward the result."
        r2 = pick(
            [
                f"The following market refers to the {vs} {phrase} originally scheduled for {short_date(g.day)}. "
                f"If the game is postponed or delayed, the market will remain open until the game is completed, "
                f"up to two weeks after the original date.{tie}",
                f"If the game does not take place within two weeks of the originally scheduled date, the market resolves at "
                f"the last traded price.{tie}",
                f"Overtime counts. If the game is suspended and completed on a later date, the final result is used.{tie}"
                if L.code != "nhl"
                else f"If the game is postponed, the market remains open until it is played.{tie}",
            ]
        )
    return r1, r2


def poly_game_description(
    g: Game, outcomes: tuple[str, str], yesno_team: Team | None = None, draw: bool = False
) -> str:
    L = g.lg
    when = f"{long_date(g.day, False)} at {clock(g.start, pick([0, 1]))}"
    src = (
        "The primary resolution source for this market is the official final statistics of the event as "
        "recognized by the governing body or event organizers. However, if the governing body or event organizers "
        "have not published final match statistics within 24 hours after the event's conclusion, a consensus of "
        "credible reporting may be used instead."
    )
    if L.soccer:
        a, b = g.home.nick, g.away.nick
        head = (
            f"In the upcoming {L.pname} game, scheduled for {when}:"
            if rng.random() < 0.5
            else f"In the upcoming {L.pname} match between {a} and {b}, scheduled for {when}:"
        )
        if draw:
            body = 'If the game ends in a draw, this market will resolve to "Yes".\n\nOtherwise, this market will resolve to "No".'
        else:
            body = (
                f'If {yesno_team.nick} wins, this market will resolve to "Yes".\n\n'
                f'Otherwise, this market will resolve to "No".'
            )
        tail = (
            "This market refers only to the outcome within the first 90 minutes of regular play plus stoppage time.\n\n"
            "If the game is postponed, this market will remain open until the game has been completed. If the game is "
            'canceled entirely, with no make-up game, this market will resolve "No".'
        )
        return f"{head}\n\n{body}\n\n{tail}\n\n{src}"
    x, y = outcomes
    fx, fy = (
        (g.away.full, g.home.full)
        if outcomes[0] == _outcome_label(g, g.away)
        else (g.home.full, g.away.full)
    )
    if L.code in ("cfb", "cbb"):
        head = f"In the upcoming {L.pname} game between {fx} and {fy}, scheduled for {when}:"
    else:
        head = pick(
            [
                f"In the upcoming {L.pname} game, scheduled for {when}:",
                f"In the upcoming {L.pname} game between the {fx} and {fy}, scheduled for {when}:",
            ]
        )
    body = (
        f'This market will resolve to "{x}" if the {fx} win the game.\n\n'
        f'This market will resolve to "{y}" if the {fy} win the game.'
    )
    if L.code in ("cfb", "cbb"):
        body = body.replace("if the ", "if ")
    tail = (
        "If the game is postponed, this market will remain open until the game has been completed. If the game is "
        "canceled entirely, with no make-up game, or ends in a tie, this market will resolve 50-50."
    )
    return f"{head}\n\n{body}\n\n{tail}\n\n{src}"


def _outcome_label(g: Game, t: Team) -> str:
    return t.full if g.lg.code == "mlb" else t.nick


def _poly_game_event(g: Game) -> dict:
    L = g.lg
    if L.soccer:
        title = f"{g.home.nick} vs. {g.away.nick}"
        slug = f"{L.pslug}-{g.home.pabbr}-{g.away.pabbr}-{g.day.isoformat()}"
    else:
        if L.code == "mlb":
            title = f"{g.away.full} vs. {g.home.full}"
        else:
            title = f"{g.away.nick} vs. {g.home.nick}"
        slug = f"{L.pslug}-{g.away.pabbr}-{g.home.pabbr}-{g.day.isoformat()}"
    desc = f"{title} — {L.pname}, {long_date(g.day)}."
    return CAT.pevent(
        title=title,
        slug=slug,
        description=desc,
        start=g.start - timedelta(days=rng.randint(3, 9)),
        end=g.start + timedelta(days=7),
        series_slug=L.pslug,
        tags=["sports", L.pslug],
        extra={
            "gameId": 90_000_000 + hash_int(slug) % 9_000_000,
            "startTime": iso(g.start),
            "eventDate": g.day.isoformat(),
        },
    )


def build_moneyline() -> None:
    for g in GAMES:
        L = g.lg
        st = sport_series(L)
        ev_t = f"{st}-{g.ktag}"
        g.kevent = ev_t
        if L.soccer:
            ev_title = f"{g.home.kname} vs {g.away.kname} Winner?"
        else:
            ev_title = f"{g.away.kname} at {g.home.kname} Winner?"
            if g.label and rng.random() < 0.5:
                ev_title = f"{g.label}: {ev_title}"
        CAT.add_event(
            ev_t,
            st,
            ev_title,
            f"{g.away.kname if not L.soccer else g.home.kname} vs "
            f"{g.home.kname if not L.soccer else g.away.kname} ({short_date(g.day)})",
            mutually_exclusive=True,
            strike=g.start + timedelta(hours=3),
        )
        close = g.start + timedelta(days=14)
        expected = g.start + timedelta(hours=pick([3, 3, 4]))
        # Two-way sports: the first team alphabetically carries the proposition, the other is its negation.
        ref = min(g.away.code, g.home.code)
        sides = [g.away, g.home] if not L.soccer else [g.home, g.away]
        for t in sides:
            if L.soccer:
                key, neg = f"{g.key}|win:{t.code}", False
                sem = f"{t.kname} beats {(g.away if t is g.home else g.home).kname} in regulation ({L.code}, {g.day})"
                p = g.p_home if t is g.home else 1 - g.p_home - g.p_draw
            else:
                key, neg = f"{g.key}|win:{ref}", t.code != ref
                sem = f"{t.kname} beats {(g.away if t is g.home else g.home).kname} ({L.code}, {g.day})"
                p = g.p_home if t is g.home else 1 - g.p_home
            title = ev_title if rng.random() < 0.75 else f"{t.kname} wins"
            r1, r2 = kalshi_game_rules(g, t.kname)
            g.ktickers[t.code] = CAT.kalshi(
                ticker=f"{ev_t}-{t.code}",
                event_ticker=ev_t,
                title=title,
                yes_sub=t.kname,
                rules1=r1,
                rules2=r2,
                close=close,
                expected=expected,
                key=key,
                neg=neg,
                family="moneyline",
                sem=sem,
                p=p,
                early_close="This market will close and expire early after the outcome occurs.",
                custom_strike={
                    "team": hexid(L.code + t.code)[2:10] + "-" + hexid(L.code + t.code)[10:14]
                },
                open_=g.start - timedelta(days=rng.randint(4, 12)),
            )
        if L.soccer:
            r1, r2 = kalshi_game_rules(g, None)
            g.ktickers["TIE"] = CAT.kalshi(
                ticker=f"{ev_t}-TIE",
                event_ticker=ev_t,
                title=ev_title,
                yes_sub="Tie",
                rules1=r1,
                rules2=r2,
                close=close,
                expected=expected,
                key=f"{g.key}|draw",
                family="moneyline",
                sem=f"{g.home.kname} vs {g.away.kname} ends level after 90' ({g.day})",
                p=g.p_draw,
                early_close="This market will close and expire early after the outcome occurs.",
                open_=g.start - timedelta(days=rng.randint(4, 12)),
            )
        # Polymarket
        pe = _poly_game_event(g)
        g.pevent = pe
        pend = g.start if rng.random() < 0.5 else g.start + timedelta(days=7)
        pstart = g.start - timedelta(days=rng.randint(2, 8), hours=rng.randint(0, 20))
        fees = "sports" if rng.random() < 0.8 else "sports_old"
        if L.soccer:
            for code, t in ((g.home.code, g.home), ("DRAW", None), (g.away.code, g.away)):
                if t is None:
                    q = f"Will {g.home.nick} vs. {g.away.nick} end in a draw?"
                    key, sem, p = f"{g.key}|draw", f"draw after 90' ({g.day})", g.p_draw
                    slug = f"{pe['slug']}-draw"
                else:
                    q = f"Will {t.nick} win on {g.day.isoformat()}?"
                    key = f"{g.key}|win:{t.code}"
                    sem = f"{t.nick} wins in regulation ({g.day})"
                    p = g.p_home if t is g.home else 1 - g.p_home - g.p_draw
                    slug = f"{pe['slug']}-{t.pabbr}"
                g.psoccer[code] = CAT.poly(
                    event=pe,
                    question=q,
                    description=poly_game_description(g, ("Yes", "No"), t, t is None),
                    end=pend,
                    start=pstart,
                    key=key,
                    family="moneyline",
                    sem=sem,
                    p=p,
                    slug=slug,
                    game_start=g.start,
                    smt="moneyline",
                    resolution_source=L.source[1],
                    fees=fees,
                    category="Sports" if rng.random() < 0.3 else None,
                    group_item_title=None,
                )
        else:
            a, h = _outcome_label(g, g.away), _outcome_label(g, g.home)
            outcomes = (a, h)
            q = f"{a} vs. {h}"
            if L.code in ("cfb", "cbb") and rng.random() < 0.3:
                q = f"{a} vs. {h}"
            ref = min(g.away.code, g.home.code)
            g.pml = CAT.poly(
                event=pe,
                question=q,
                description=poly_game_description(g, outcomes),
                end=pend,
                start=pstart,
                key=f"{g.key}|win:{ref}",
                neg=g.away.code != ref,
                family="moneyline",
                sem=f"{a} beat {h} ({g.day})",
                p=1 - g.p_home,
                outcomes=outcomes,
                slug=pe["slug"],
                game_start=g.start,
                smt="moneyline",
                resolution_source=L.source[1],
                fees=fees,
                category="Sports" if rng.random() < 0.3 else None,
            )


# Tennis is a two-way "moneyline" too; built separately because players, not teams, are listed.
TENNIS = [
    # (tour, tournament, round, ET date/time, player A (Kalshi), player A (Polymarket), code A, B..., P(A))
    (
        "ATP",
        "Paris Masters",
        "Quarterfinal",
        (2026, 10, 30, 14, 0),
        "Jannik Sinner",
        "Jannik Sinner",
        "SIN",
        "Alexander Zverev",
        "Alexander Zverev",
        "ZVE",
        0.81,
    ),
    (
        "ATP",
        "Paris Masters",
        "Round of 16",
        (2026, 10, 29, 9, 0),
        "Carlos Alcaraz",
        "Carlos Alcaraz",
        "ALC",
        "Taylor Fritz",
        "Taylor Fritz",
        "FRI",
        0.77,
    ),
    (
        "ATP",
        "Paris Masters",
        "Round of 16",
        (2026, 10, 29, 12, 30),
        "Holger Rune",
        "Holger Rune",
        "RUN",
        "Novak Djokovic",
        "Novak Djokovic",
        "DJO",
        0.35,
    ),
    (
        "ATP",
        "Paris Masters",
        "Round of 32",
        (2026, 10, 28, 8, 0),
        "Jack Draper",
        "Jack Draper",
        "DRA",
        "Ben Shelton",
        "Ben Shelton",
        "SHE",
        0.52,
    ),
    (
        "ATP",
        "Paris Masters",
        "Round of 32",
        (2026, 10, 28, 11, 0),
        "Félix Auger-Aliassime",
        "Felix Auger-Aliassime",
        "AUG",
        "Casper Ruud",
        "Casper Ruud",
        "RUU",
        0.57,
    ),
    (
        "WTA",
        "WTA Finals",
        "Round Robin",
        (2026, 11, 2, 10, 30),
        "Aryna Sabalenka",
        "Aryna Sabalenka",
        "SAB",
        "Iga Świątek",
        "Iga Swiatek",
        "SWI",
        0.56,
    ),
    (
        "WTA",
        "WTA Finals",
        "Round Robin",
        (2026, 11, 3, 12, 0),
        "Coco Gauff",
        "Coco Gauff",
        "GAU",
        "Elena Rybakina",
        "Elena Rybakina",
        "RYB",
        0.48,
    ),
]
TENNIS_BUILT: list[dict] = []


def build_tennis() -> None:
    for tour, tourn, rnd, (y, mo, d, h, mi), ka, pa, ca, kb, pb, cb, p_a in TENNIS:
        start = et(y, mo, d, h, mi)
        st = f"KX{tour}MATCH"
        CAT.add_series(
            st,
            f"{tour} Tennis Match",
            "Sports",
            "custom",
            [(tour, f"https://www.{tour.lower()}tour.com/")],
            tags=["Tennis"],
            fee_type="quadratic_with_maker_fees",
            exchange_index=3,
        )
        ev_t = f"{st}-{kdate(start.date())}{ca}{cb}"
        sa, sb = ka.split()[-1], kb.split()[-1]
        ev_title = pick([f"{ka} vs {kb}", f"{tourn}: {sa} vs {sb}"])
        CAT.add_event(
            ev_t,
            st,
            ev_title,
            f"{tourn} {rnd}",
            mutually_exclusive=True,
            strike=start + timedelta(hours=3),
        )
        key = f"ml|tennis|{tourn}|{start.date()}|{min(ca, cb)}v{max(ca, cb)}|win:{min(ca, cb)}"
        out = {"start": start, "tourn": tourn, "players": {}}
        for code, kn, other, p in ((ca, ka, kb, p_a), (cb, kb, ka, 1 - p_a)):
            surname, osurname = kn.split()[-1], other.split()[-1]
            title = pick(
                [
                    f"Will {kn} win the {surname} vs {osurname} : {rnd} match?",
                    f"Will {kn} win the {kn.split()[-1]} vs {other.split()[-1]} {tourn} {rnd} match?",
                ]
            )
            r1 = (
                f"If {kn} wins the {kn} vs {other} {tourn} {rnd.lower()} match scheduled for {short_date(start.date())}, "
                f"then the market resolves to Yes."
            )
            r2 = pick(
                [
                    "If a player retires or is disqualified after the match has started, the player who advances is the winner. "
                    "If the match does not take place, the market resolves at the last traded price.",
                    "Walkovers and retirements: the player who advances in the draw is considered the winner.",
                ]
            )
            out["players"][code] = CAT.kalshi(
                ticker=f"{ev_t}-{code}",
                event_ticker=ev_t,
                title=title,
                yes_sub=pick([kn, surname]) if code != "SWI" else kn,
                rules1=r1,
                rules2=r2,
                close=start + timedelta(days=7),
                expected=start + timedelta(hours=3),
                key=key,
                neg=code != min(ca, cb),
                family="moneyline",
                sem=f"{kn} beats {other} ({tourn} {rnd})",
                p=p,
                early_close="This market will close and expire early after the outcome occurs.",
                open_=start - timedelta(days=2),
            )
        # Polymarket lists the players in its own order.
        order = [(pa, ca), (pb, cb)] if rng.random() < 0.6 else [(pb, cb), (pa, ca)]
        (p1, c1), (p2, c2) = order
        slug = f"{tour.lower()}-{slugify(p1.split()[-1])}-{slugify(p2.split()[-1])}-{start.date().isoformat()}"
        pe = CAT.pevent(
            title=f"{tourn}: {p1} vs {p2}",
            slug=slug,
            description=f"{tourn} {rnd}",
            start=start - timedelta(days=2),
            end=start + timedelta(days=3),
            series_slug=tour.lower(),
            tags=["sports", "tennis"],
            extra={"startTime": iso(start)},
        )
        desc = (
            f'This market will resolve to "{p1}" if {p1} wins the {tourn} {rnd.lower()} match against {p2}, '
            f'scheduled for {long_date(start.date(), False)}. It will resolve to "{p2}" if {p2} wins.\n\n'
            "If a player retires or is disqualified during the match, the player who advances will be considered the "
            "winner. If the match is not played (including a walkover before the first point), this market will "
            "resolve 50-50.\n\nThe resolution source for this market is the official tournament website."
        )
        out["pml"] = CAT.poly(
            event=pe,
            question=f"{tourn}: {p1} vs {p2}",
            description=desc,
            end=start + timedelta(days=2),
            start=start - timedelta(days=2),
            key=key,
            neg=c1 != min(ca, cb),
            family="moneyline",
            sem=f"{p1} beats {p2}",
            p=p_a if c1 == ca else 1 - p_a,
            outcomes=(p1, p2),
            slug=slug,
            game_start=start,
            smt="moneyline",
            fees="sports",
            resolution_source=f"https://www.{tour.lower()}tour.com/",
        )
        out["codes"] = (ca, cb, c1)
        TENNIS_BUILT.append(out)


# =============================================================================================
# Family — spread (point spreads and totals)
# =============================================================================================
SPREAD_GAMES = [
    # (league, away, home, main line for the favourite, expected total, total step)
    ("nba", "NYK", "CLE", 3.5, 226.5, 3),
    ("nba", "LAL", "BOS", 6.5, 224.5, 3),
    ("nba", "OKC", "HOU", 4.5, 219.5, 3),
    ("nba", "PHX", "DAL", 2.5, 230.5, 3),
    ("nba", "MIA", "ORL", 5.5, 212.5, 3),
    ("nfl", "NYG", "PHI", 7.5, 44.5, 3),
    ("nfl", "LAC", "KC", 3.5, 47.5, 3),
    ("nfl", "GB", "DET", 2.5, 50.5, 3),
    ("nfl", "BUF", "HOU", 1.5, 45.5, 3),
    ("cfb", "PSU", "OSU", 6.5, 48.5, 3),
    ("cfb", "USC", "ORE", 10.5, 58.5, 3),
    ("cfb", "LSU", "ALA", 3.5, 52.5, 3),
    ("nhl", "TB", "FLA", 1.5, 6.5, 1),
    ("nhl", "COL", "STL", 1.5, 6.5, 1),
    ("mlb", "LAD", "NYY", 1.5, 8.5, 1),
    ("epl", "CHE", "ARS", 1.5, 2.5, 1),
    ("epl", "TOT", "MCI", 1.5, 3.5, 1),
    ("cbb", "MSU", "UK", 4.5, 148.5, 3),
]


def find_game(lg: str, away: str, home: str, label: str | None = None) -> Game:
    for g in GAMES:
        if (
            g.lg.code == lg
            and g.away.code == away
            and g.home.code == home
            and (label is None or g.label == label)
        ):
            return g
    raise KeyError((lg, away, home))


def _spread_rules(g: Game, team: Team, line: float) -> tuple[str, str]:
    L = g.lg
    first, second = (g.home, g.away) if L.soccer else (g.away, g.home)
    r1 = (
        f"If {team.kname} wins by more than {num(line)} {L.spread_unit} in the {first.kname} vs {second.kname} "
        f"{L.phrase} originally scheduled for {short_date(g.day)}, then the market resolves to Yes."
    )
    r2 = pick(
        [
            "If the game is postponed, the market will remain open until the game is completed, up to two weeks "
            "after the original date. Overtime counts toward the margin."
            if not L.soccer
            else "Only goals scored in regulation time (90 minutes plus stoppage time) count.",
            "The margin of victory is the winning team's final score minus the losing team's final score, "
            "as reported by the league." + (" Extra time is excluded." if L.soccer else ""),
        ]
    )
    return r1, r2


def _total_rules(g: Game, line: float) -> tuple[str, str]:
    L = g.lg
    first, second = (g.home, g.away) if L.soccer else (g.away, g.home)
    unit = L.spread_unit
    r1 = (
        f"If the teams in the game collectively score more than {num(line)} {unit} in the {first.kname} vs "
        f"{second.kname} {L.phrase} originally scheduled for {short_date(g.day)}, then the market resolves to Yes."
    )
    r2 = (
        (
            "Overtime counts."
            if not L.soccer
            else "Only regulation time counts; extra time and shootouts are excluded."
        )
        + " If the game is not completed within two weeks, the market resolves at the last traded price."
    )
    return r1, r2


def _spread_prob(line: float, main: float, p_fav: float, scale: float) -> float:
    return max(0.03, min(0.97, 0.5 + (main - line) / scale + (p_fav - 0.6) * 0.3))


def build_spreads() -> None:
    for lg, away, home, main, total, step in SPREAD_GAMES:
        label = "Game 4" if lg == "mlb" else None
        g = find_game(lg, away, home, label)
        L = g.lg
        fav = g.home if g.p_home >= 0.5 else g.away
        dog = g.away if fav is g.home else g.home
        p_fav = max(g.p_home, 1 - g.p_home - g.p_draw)
        scale = {"nba": 20, "nfl": 18, "cfb": 25, "cbb": 22}.get(lg, 4)
        # Kalshi spread event: several lines for both sides.
        st = sport_series(L, "SPREAD")
        ev_t = f"{st}-{g.ktag}"
        first, second = (g.home, g.away) if L.soccer else (g.away, g.home)
        CAT.add_event(
            ev_t,
            st,
            f"{first.kname} {'vs' if L.soccer else 'at'} {second.kname}: Spread",
            f"{short_date(g.day)}",
            mutually_exclusive=False,
            strike=g.start + timedelta(hours=3),
        )
        if step == 3:
            fav_lines = [x for x in (main - 3, main, main + 3, main + 6) if x > 0]
            dog_lines = [1.5, 4.5] if main > 3 else [1.5]
        else:
            fav_lines = [main, main + 1]
            dog_lines = [main]
        kt_sp: dict[tuple[str, float], str] = {}
        for team, lines in ((fav, fav_lines), (dog, dog_lines)):
            for ln in lines:
                r1, r2 = _spread_rules(g, team, ln)
                p = (
                    _spread_prob(ln, main, p_fav, scale)
                    if team is fav
                    else max(0.03, 0.45 - p_fav * 0.5 - ln / scale)
                )
                word = "Points" if L.spread_unit == "points" else L.spread_unit.title()
                title = pick(
                    [
                        f"{team.kname} wins by over {num(ln)} {word}?",
                        f"{team.kname} wins by over {num(ln)} {L.spread_unit}?",
                    ]
                )
                kt_sp[(team.code, ln)] = CAT.kalshi(
                    ticker=f"{ev_t}-{team.code}{math.ceil(ln)}",
                    event_ticker=ev_t,
                    title=title,
                    yes_sub=f"{team.kname} wins by over {num(ln)} {word}",
                    rules1=r1,
                    rules2=r2,
                    close=g.start + timedelta(days=14),
                    expected=g.start + timedelta(hours=3),
                    key=f"sp|{g.key}|{team.code}|>{ln}",
                    family="spread",
                    sem=f"{team.kname} margin > {ln} ({g.day})",
                    p=p,
                    strike_type="greater",
                    floor=ln,
                    early_close="This market will close and expire early after the outcome occurs.",
                    open_=g.start - timedelta(days=rng.randint(3, 8)),
                )
        # Kalshi totals.
        stt = sport_series(L, "TOTAL")
        evt = f"{stt}-{g.ktag}"
        CAT.add_event(
            evt,
            stt,
            f"{first.kname} {'vs' if L.soccer else 'at'} {second.kname}: Total "
            f"{'Points' if L.spread_unit == 'points' else L.spread_unit.title()}",
            short_date(g.day),
            mutually_exclusive=False,
            strike=g.start + timedelta(hours=3),
        )
        tot_lines = [total - step, total, total + step] + ([total + 2 * step] if step == 3 else [])
        kt_tot: dict[float, str] = {}
        for ln in tot_lines:
            r1, r2 = _total_rules(g, ln)
            word = L.spread_unit
            kt_tot[ln] = CAT.kalshi(
                ticker=f"{evt}-{math.ceil(ln)}",
                event_ticker=evt,
                title=pick(
                    [
                        f"Over {num(ln)} {word} scored?",
                        f"{first.kname} {'vs' if L.soccer else 'at'} "
                        f"{second.kname}: Over {num(ln)} {word}?",
                    ]
                ),
                yes_sub=f"Over {num(ln)} {word} scored",
                rules1=r1,
                rules2=r2,
                close=g.start + timedelta(days=14),
                expected=g.start + timedelta(hours=3),
                key=f"tot|{g.key}|>{ln}",
                family="spread",
                sem=f"total {word} > {ln} ({g.day})",
                p=max(0.04, min(0.96, 0.5 + (total - ln) / (scale * 1.5))),
                strike_type="greater",
                floor=ln,
                early_close="This market will close and expire early after the outcome occurs.",
                open_=g.start - timedelta(days=rng.randint(3, 8)),
            )
        # Polymarket: main line, sometimes an alternate line, and the main total (+ alternate).
        if L.soccer:
            pe = CAT.pevent(
                title=f"{g.home.nick} vs. {g.away.nick} - More Markets",
                slug=f"{g.pevent['slug']}-more-markets",
                description="More markets for this match.",
                start=g.start - timedelta(days=5),
                end=g.start + timedelta(days=7),
                series_slug=L.pslug,
                tags=["sports", L.pslug],
                extra={"startTime": iso(g.start), "eventDate": g.day.isoformat()},
            )
        else:
            pe = g.pevent
        pstart = g.start - timedelta(days=rng.randint(2, 6))
        pend = g.start if rng.random() < 0.6 else g.start + timedelta(days=7)
        alt = (
            rng.choice([main + step, main + 1.0, None])
            if step == 3
            else rng.choice([None, main + 1])
        )
        p_sp: dict[float, str] = {}
        for ln in [main] + ([alt] if alt else []):
            fl, dl = _outcome_label(g, fav), _outcome_label(g, dog)
            if L.soccer:
                outcomes = ("Yes", "No")
                desc_body = (
                    f'This market will resolve to "Yes" if {fav.nick} wins the match by more than {num(ln)} goals '
                    f'(i.e. by {math.ceil(ln)} or more). Otherwise, this market will resolve to "No".'
                )
            else:
                outcomes = (fl, dl)
                margin = pick(
                    [
                        f"by {math.ceil(ln)} or more {L.spread_unit}",
                        f"by more than {num(ln)} {L.spread_unit}",
                    ]
                )
                desc_body = (
                    f'This market will resolve to "{fl}" if the {fav.full if lg not in ("cfb", "cbb") else fav.nick} '
                    f'win the game {margin}. Otherwise, this market will resolve to "{dl}".'
                )
            desc = (
                f"In the upcoming {L.pname} game, scheduled for {long_date(g.day, False)} at {clock(g.start, 0)}:\n\n"
                f"{desc_body}\n\nIf the game is postponed, this market will remain open until the game has been "
                f"completed. If the game is canceled entirely, with no make-up game, this market will resolve 50-50."
            )
            side = "home" if fav is g.home else "away"
            p_sp[ln] = CAT.poly(
                event=pe,
                question=f"Spread: {fav.nick if L.soccer else fl} (-{num(ln)})",
                description=desc,
                end=pend,
                start=pstart,
                key=f"sp|{g.key}|{fav.code}|>{ln}",
                family="spread",
                sem=f"{fav.nick} covers -{ln} ({g.day})",
                p=_spread_prob(ln, main, p_fav, scale),
                outcomes=outcomes,
                slug=f"{pe['slug'] if not L.soccer else g.pevent['slug']}-spread-{side}-{str(ln).replace('.', 'pt')}",
                game_start=g.start,
                smt="spreads",
                line=-ln,
                fees="sports",
                resolution_source=L.source[1],
                group_item_title=None,
            )
        if L.soccer:
            # Polymarket also lists the other club's -1.5 as its own Yes/No market.
            ln = 1.5
            desc = (
                f"In the upcoming {L.pname} game, scheduled for {long_date(g.day, False)}:\n\n"
                f'This market will resolve to "Yes" if {dog.nick} wins the match by 2 or more goals. '
                f'Otherwise, this market will resolve to "No".'
            )
            p_sp[-1.0] = CAT.poly(
                event=pe,
                question=f"Spread: {dog.nick} (-1.5)",
                description=desc,
                end=pend,
                start=pstart,
                key=f"sp|{g.key}|{dog.code}|>1.5",
                family="spread",
                sem=f"{dog.nick} wins by 2+",
                p=0.08,
                slug=f"{g.pevent['slug']}-spread-{'away' if dog is g.away else 'home'}-1pt5",
                game_start=g.start,
                smt="spreads",
                line=-1.5,
                fees="sports",
            )
        tot_alt = (
            rng.choice([None, total + step, total + 1.0])
            if step == 3
            else rng.choice([None, total + 1])
        )
        p_tot: dict[float, str] = {}
        for ln in [total] + ([tot_alt] if tot_alt else []):
            a, h = (
                (g.home.nick, g.away.nick)
                if L.soccer
                else (_outcome_label(g, g.away), _outcome_label(g, g.home))
            )
            desc = (
                f"In the upcoming {L.pname} game between {a} and {h}, scheduled for {long_date(g.day, False)} at "
                f'{clock(g.start, 1)}: This market will resolve to "Over" if the teams combine to score more than '
                f'{num(ln)} {L.spread_unit}. Otherwise, this market will resolve to "Under". If the game is canceled '
                f"entirely, this market will resolve 50-50."
            )
            p_tot[ln] = CAT.poly(
                event=pe,
                question=f"{a} vs. {h}: O/U {num(ln)}",
                description=desc,
                end=pend,
                start=pstart,
                key=f"tot|{g.key}|>{ln}",
                family="spread",
                sem=f"total > {ln} ({g.day})",
                p=max(0.04, min(0.96, 0.5 + (total - ln) / (scale * 1.5))),
                outcomes=("Over", "Under"),
                slug=f"{pe['slug'] if not L.soccer else g.pevent['slug']}-total-{str(ln).replace('.', 'pt')}",
                game_start=g.start,
                smt="totals",
                line=ln,
                fees="sports",
                resolution_source=L.source[1],
            )
        _spread_negatives(g, fav, dog, main, total, step, kt_sp, kt_tot, p_sp, p_tot)
    # Same line, same teams, different World Series game.
    g5 = find_game("mlb", "LAD", "NYY", "Game 5")
    g4 = find_game("mlb", "LAD", "NYY", "Game 4")
    desc = (
        f"In the upcoming MLB game between the Los Angeles Dodgers and New York Yankees, scheduled for "
        f"{long_date(g5.day, False)} at {clock(g5.start, 1)} (World Series Game 5, if necessary): This market will "
        'resolve to "Over" if the teams combine to score more than 8.5 runs. Otherwise, "Under". If the game is '
        "not played, this market will resolve 50-50."
    )
    cid = CAT.poly(
        event=g5.pevent,
        question="Los Angeles Dodgers vs. New York Yankees: O/U 8.5",
        description=desc,
        end=g5.start,
        start=g5.start - timedelta(days=4),
        key=f"tot|{g5.key}|>8.5",
        family="spread",
        sem="G5 total > 8.5",
        p=0.47,
        outcomes=("Over", "Under"),
        slug=f"{g5.pevent['slug']}-total-8pt5",
        game_start=g5.start,
        smt="totals",
        line=8.5,
        fees="sports",
    )
    kt = f"KXMLBTOTAL-{g4.ktag}-9"
    CAT.negative(
        kt,
        cid,
        "different",
        "spread",
        "Same teams and same 8.5-run total, but Kalshi is World Series Game 4 (Oct 27) and Polymarket is Game 5 "
        "(Oct 28, if necessary): different games.",
    )


def _spread_negatives(
    g: Game,
    fav: Team,
    dog: Team,
    main: float,
    total: float,
    step: float,
    kt_sp: dict,
    kt_tot: dict,
    p_sp: dict,
    p_tot: dict,
) -> None:
    u = g.lg.spread_unit
    cid_main = p_sp[main]
    cands = []
    for (code, ln), kt in kt_sp.items():
        if code == fav.code and ln > main and (code, ln) and ln not in p_sp:
            cands.append(
                (
                    kt,
                    cid_main,
                    "a_implies_b",
                    f"Different spread line: Kalshi needs {fav.kname} to win by more than {num(ln)} {u}, Polymarket's "
                    f"first outcome only needs a cover of -{num(main)}. Kalshi YES implies Polymarket YES, not the reverse.",
                )
            )
        if code == fav.code and ln < main and ln not in p_sp:
            cands.append(
                (
                    kt,
                    cid_main,
                    "b_implies_a",
                    f"Different spread line: Kalshi's {fav.kname} by more than {num(ln)} {u} is easier than Polymarket's "
                    f"-{num(main)}; a Polymarket cover implies Kalshi YES but a {math.ceil(ln)}-{u[:-1]} win splits them.",
                )
            )
        if code == dog.code and not g.lg.soccer:
            cands.append(
                (
                    kt,
                    cid_main,
                    "different",
                    f"Opposite side of the same game: Kalshi YES needs underdog {dog.kname} to win by more than {num(ln)}, "
                    f"which makes Polymarket resolve to its second outcome ({_outcome_label(g, dog)}), not the first.",
                )
            )
    for ln, kt in kt_tot.items():
        if ln in p_tot:
            continue
        if ln < total:
            cands.append(
                (
                    kt,
                    p_tot[total],
                    "b_implies_a",
                    f"Different total line: Kalshi over {num(ln)} vs Polymarket O/U {num(total)}; Over {num(total)} implies "
                    f"over {num(ln)}, but a combined {math.ceil(ln)} to {math.floor(total)} {u} splits them.",
                )
            )
        elif ln > total:
            cands.append(
                (
                    kt,
                    p_tot[total],
                    "a_implies_b",
                    f"Different total line: Kalshi needs more than {num(ln)} {u}, Polymarket's Over needs more than "
                    f"{num(total)}; Kalshi YES implies Polymarket Over only.",
                )
            )
    for ln, cid in p_sp.items():
        if ln == -1.0 or ln == main:
            continue
        if (fav.code, main) in kt_sp:
            rel = "a_implies_b" if main > ln else "b_implies_a"
            cands.append(
                (
                    kt_sp[(fav.code, main)],
                    cid,
                    rel,
                    f"Alternate Polymarket line -{num(ln)} vs Kalshi {fav.kname} by more than {num(main)}: "
                    f"nested margins, not the same contract.",
                )
            )
    # The moneyline on the favourite against the spread market: covering implies winning.
    if not g.lg.soccer:
        cands.append(
            (
                g.ktickers[fav.code],
                cid_main,
                "b_implies_a",
                f"Kalshi is the game-winner market for {fav.kname}; Polymarket is the -{num(main)} spread. "
                f"A cover implies a win, but a win by {math.floor(main) or 1} or fewer {u} resolves Kalshi YES and "
                f"Polymarket to {_outcome_label(g, dog)}.",
            )
        )
    else:
        cands.append(
            (
                g.ktickers[fav.code],
                cid_main,
                "b_implies_a",
                f"Kalshi is the 90-minute win market for {fav.kname}; Polymarket's Spread (-1.5) needs a 2-goal win.",
            )
        )
    rng.shuffle(cands)
    for kt, cid, rel, note in cands[: rng.randint(2, 4)]:
        CAT.negative(kt, cid, rel, "spread", note)


# --- moneyline negatives ----------------------------------------------------------------------
def moneyline_negatives() -> None:
    # World Series: same teams, different game dates (both directions).
    ws = {g.label: g for g in GAMES if g.lg.code == "mlb"}
    for a, b in (
        ("Game 3", "Game 4"),
        ("Game 4", "Game 5"),
        ("Game 5", "Game 3"),
        ("Game 4", "Game 3"),
    ):
        ga, gb = ws[a], ws[b]
        for code in ("LAD", "NYY"):
            if rng.random() < 0.5:
                CAT.negative(
                    ga.ktickers[code],
                    gb.pml,
                    "different",
                    "moneyline",
                    f"Same teams, different game: Kalshi is World Series {a} ({ga.day}), Polymarket is {b} "
                    f"({gb.day}).",
                )
    # MLS best-of-three: match 1 and match 2 have the same clubs on different dates.
    m1 = find_game("mls", "NSH", "MIA")
    m2 = find_game("mls", "MIA", "NSH")
    CAT.negative(
        m1.ktickers["MIA"],
        m2.psoccer["MIA"],
        "different",
        "moneyline",
        "Inter Miami to win, but Kalshi is Round One Match 1 (Oct 31, at home) and Polymarket is Match 2 (Nov 7).",
    )
    CAT.negative(
        m2.ktickers["NSH"],
        m1.psoccer["NSH"],
        "different",
        "moneyline",
        "Nashville to win, but Kalshi is Match 2 (Nov 7) and Polymarket is Match 1 (Oct 31).",
    )
    CAT.negative(
        m1.ktickers["TIE"],
        m2.psoccer["DRAW"],
        "different",
        "moneyline",
        "Draw markets for the same two clubs on different dates (Match 1 vs Match 2).",
    )
    # Arsenal plays twice in the window.
    g1 = find_game("epl", "CHE", "ARS")
    g2 = find_game("epl", "ARS", "LEE")
    CAT.negative(
        g1.ktickers["ARS"],
        g2.psoccer["ARS"],
        "different",
        "moneyline",
        "Arsenal to win, but Kalshi is the Oct 31 home game vs Chelsea and Polymarket is 'Will Arsenal FC win on "
        "2026-11-07?' (away at Leeds).",
    )
    CAT.negative(
        g2.ktickers["ARS"],
        g1.psoccer["ARS"],
        "different",
        "moneyline",
        "Arsenal to win on Nov 7 at Leeds (Kalshi) vs Arsenal to win on Oct 31 vs Chelsea (Polymarket).",
    )
    # Soccer: win vs draw, and the other club, inside one fixture.
    soccer = [g for g in GAMES if g.lg.soccer]
    for g in soccer:
        picks = rng.sample(["win_vs_draw", "draw_vs_win", "home_vs_away", "away_vs_home"], 2)
        for kind in picks:
            if kind == "win_vs_draw":
                CAT.negative(
                    g.ktickers[g.home.code],
                    g.psoccer["DRAW"],
                    "different",
                    "moneyline",
                    f"Kalshi {g.home.kname} win market vs Polymarket draw market for the same fixture; mutually exclusive outcomes.",
                )
            elif kind == "draw_vs_win":
                CAT.negative(
                    g.ktickers["TIE"],
                    g.psoccer[g.away.code],
                    "different",
                    "moneyline",
                    f"Kalshi Tie market vs Polymarket 'Will {g.away.nick} win': a draw and an away win are exclusive; "
                    "three-way soccer result, so neither is the negation of the other.",
                )
            elif kind == "home_vs_away":
                CAT.negative(
                    g.ktickers[g.home.code],
                    g.psoccer[g.away.code],
                    "different",
                    "moneyline",
                    f"Kalshi YES = {g.home.kname} wins; Polymarket YES = {g.away.nick} wins. Not complements either: "
                    "a draw resolves both to No.",
                )
            else:
                CAT.negative(
                    g.ktickers[g.away.code],
                    g.psoccer[g.home.code],
                    "different",
                    "moneyline",
                    f"Kalshi YES = {g.away.kname} wins; Polymarket YES = {g.home.nick} wins; a draw makes both No, "
                    "so this is not an inverted pair.",
                )
    # Same Kalshi city label, different sport / league.
    nba_lac = find_game("nba", "LAC", "POR")
    nfl_lac = find_game("nfl", "LAC", "KC")
    CAT.negative(
        nfl_lac.ktickers["LAC"],
        nba_lac.pml,
        "different",
        "moneyline",
        "'Los Angeles C' is the Chargers in Kalshi's NFL series; the Polymarket market is Clippers vs. Trail Blazers (NBA).",
    )
    CAT.negative(
        nba_lac.ktickers["LAC"],
        nfl_lac.pml,
        "different",
        "moneyline",
        "'Los Angeles C' is the Clippers here (NBA, Oct 30); Polymarket is Chargers vs. Chiefs (NFL, Nov 1).",
    )
    nhl_fla = find_game("nhl", "TB", "FLA")
    nfl_car = find_game("nfl", "TB", "CAR")
    CAT.negative(
        nhl_fla.ktickers["TB"],
        nfl_car.pml,
        "different",
        "moneyline",
        "Both are 'Tampa Bay' vs a 'Panthers' club, but Kalshi is the NHL Lightning at Florida (Oct 27) and "
        "Polymarket is the NFL Buccaneers vs. Carolina Panthers (Nov 2).",
    )
    CAT.negative(
        nfl_car.ktickers["CAR"],
        nhl_fla.pml,
        "different",
        "moneyline",
        "Carolina Panthers (NFL) vs Florida Panthers (NHL): same nickname, different sport and date.",
    )
    nyk = find_game("nba", "NYK", "CLE")
    nyr = find_game("nhl", "NYR", "NYI")
    CAT.negative(
        nyk.ktickers["NYK"],
        nyr.pml,
        "different",
        "moneyline",
        "Kalshi 'New York' (Knicks at Cleveland, NBA) vs Polymarket Rangers vs. Islanders (NHL).",
    )
    hou_nba = find_game("nba", "OKC", "HOU")
    hou_cbb = find_game("cbb", "HOU", "PUR")
    CAT.negative(
        hou_cbb.ktickers["HOU"],
        hou_nba.pml,
        "different",
        "moneyline",
        "Kalshi 'Houston' is the Houston Cougars (men's college basketball, Nov 6); Polymarket is Thunder vs. "
        "Rockets (NBA, Oct 28).",
    )
    mia_cfb = find_game("cfb", "MIAF", "FSU")
    mia_nfl = find_game("nfl", "BAL", "MIA")
    CAT.negative(
        mia_cfb.ktickers["MIAF"],
        mia_nfl.pml,
        "different",
        "moneyline",
        "Kalshi 'Miami (FL)' is the Hurricanes (college football, Oct 31); Polymarket is Ravens vs. Dolphins (NFL, Oct 29).",
    )
    # Match winner vs tournament winner.
    for t in TENNIS_BUILT:
        ca, cb, c1 = t["codes"]
        # nothing to pair inside the tennis loop; tournament winners are built in the candidates family.
        _ = (ca, cb, c1)


# =============================================================================================
# Family — candidates (Kalshi mutually exclusive events vs Polymarket neg-risk groups)
# =============================================================================================
@dataclass
class Cand:
    code: str  # Kalshi ticker suffix ("" = not listed on Kalshi)
    kname: str  # Kalshi yes_sub_title ("" = not on Kalshi)
    pname: str  # Polymarket groupItemTitle ("" = not on Polymarket)
    p: float
    pq_name: str = ""  # name as written inside the Polymarket question (defaults to pname)


@dataclass
class CandEvent:
    ident: str
    family: str
    kseries: str
    kseries_title: str
    kcategory: str
    kevent: str
    kevent_title: str
    ksub: str
    ktitle: str  # market title template, {n} = Kalshi name
    krule: str  # rules_primary template
    krule2: str
    kclose: datetime
    kexpected: datetime
    ptitle: str
    pslug: str
    pq: str  # question template, {n}
    pdesc: str  # description template, {n}
    pend: datetime
    pfees: str
    cands: list[Cand]
    ksource: tuple[str, str] = ("", "")
    pcategory: str | None = None
    pq2: str = ""  # alternative Polymarket question template used for some events
    other_leg: bool = False
    complement_pair: bool = (
        False  # exactly two live candidates: each one's market is the other's negation
    )
    kbuilt: dict[str, str] = field(default_factory=dict)
    pbuilt: dict[str, str] = field(default_factory=dict)


def _c(rows: str) -> list[Cand]:
    out = []
    for line in rows.strip().splitlines():
        parts = [x.strip() for x in line.split("|")]
        code, kname, pname, p = parts[:4]
        out.append(Cand(code, kname, pname, float(p), parts[4] if len(parts) > 4 else ""))
    return out


CAND_EVENTS: list[CandEvent] = []


def cand_events() -> None:
    E = CAND_EVENTS.append
    E(
        CandEvent(
            "demnom28",
            "candidates",
            "KXPRESNOMD",
            "Democratic Presidential Nominee",
            "Elections",
            "KXPRESNOMD-28",
            "Who will be the 2028 Democratic presidential nominee?",
            "2028 Democratic primary",
            "Will {n} be the Democratic nominee for President in 2028?",
            "If {n} is the Democratic Party's nominee for President of the United States in the 2028 election, then the market resolves to Yes.",
            "The nominee is the candidate formally nominated at the 2028 Democratic National Convention. If no nominee is "
            "chosen before Nov 7, 2028, all markets resolve to No.",
            et(2028, 8, 31, 10),
            et(2028, 8, 31, 12),
            "Democratic Presidential Nominee 2028",
            "democratic-presidential-nominee-2028",
            "Will {n} win the 2028 Democratic presidential nomination?",
            'This market will resolve to "Yes" if {n} wins and accepts the 2028 nomination of the Democratic Party for '
            'U.S. president. Otherwise, this market will resolve to "No".\n\nThe resolution source for this market will be '
            "a consensus of official Democratic Party sources, including https://democrats.org/.\n\nAny replacement of the "
            "nominee before election day will not change the resolution of the market.",
            et(2028, 11, 7, 0),
            "politics",
            _c("""
GNEW|Gavin Newsom|Gavin Newsom|0.31
AOC|Alexandria Ocasio-Cortez|Alexandria Ocasio-Cortez|0.12|AOC
JSHA|Josh Shapiro|Josh Shapiro|0.09
PBUT|Pete Buttigieg|Pete Buttigieg|0.07
JBP|J.B. Pritzker|JB Pritzker|0.06
WMOO|Wes Moore|Wes Moore|0.05
ABES|Andy Beshear|Beshear|0.04|Andy Beshear
GWHI|Gretchen Whitmer|Gretchen Whitmer|0.02
RAHM|Rahm Emanuel|Rahm Emanuel|0.02
JOSS|Jon Ossoff||0.03
|Mark Kelly|Mark Kelly|0.03
|Ro Khanna|Ro Khanna|0.02
"""),
            ksource=("Democratic National Committee", "https://democrats.org/"),
            other_leg=True,
            pq2="Will {n} be the 2028 Democratic presidential nominee?",
        )
    )
    E(
        CandEvent(
            "repnom28",
            "candidates",
            "KXPRESNOMR",
            "Republican Presidential Nominee",
            "Elections",
            "KXPRESNOMR-28",
            "Who will be the 2028 Republican presidential nominee?",
            "2028 Republican primary",
            "Will {n} be the Republican nominee for President in 2028?",
            "If {n} is the Republican Party's nominee for President of the United States in the 2028 election, then the market resolves to Yes.",
            "The nominee is the candidate formally nominated at the 2028 Republican National Convention.",
            et(2028, 8, 31, 10),
            et(2028, 8, 31, 12),
            "Republican Presidential Nominee 2028",
            "republican-presidential-nominee-2028",
            "Will {n} win the 2028 Republican presidential nomination?",
            'This market will resolve to "Yes" if {n} wins and accepts the 2028 nomination of the Republican Party for '
            'U.S. president. Otherwise, this market will resolve to "No".\n\nThe resolution source for this market will be '
            "a consensus of official Republican Party sources, including https://www.gop.com.",
            et(2028, 11, 7, 0),
            "politics",
            _c("""
JDV|J.D. Vance|JD Vance|0.52
MRUB|Marco Rubio|Marco Rubio|0.14
DTJR|Donald Trump Jr.|Donald Trump Jr.|0.05
RDES|Ron DeSantis|Ron DeSantis|0.04
TCAR|Tucker Carlson|Tucker Carlson|0.03
NHAL|Nikki Haley|Nikki Haley|0.02
VRAM|Vivek Ramaswamy||0.02
|Donald Trump|Donald Trump|0.03
|Glenn Youngkin|Glenn Youngkin|0.02
"""),
            ksource=("Republican National Committee", "https://www.gop.com/"),
            pq2="Republican nominee 2028: {n}?",
        )
    )
    E(
        CandEvent(
            "pres28",
            "candidates",
            "KXPRESPERSON",
            "Presidential Election Winner",
            "Elections",
            "KXPRESPERSON-28",
            "Who will win the 2028 presidential election?",
            "2028 U.S. presidential election",
            "Will {n} win the 2028 presidential election?",
            "If {n} wins the 2028 United States presidential election, then the market resolves to Yes.",
            "The winner is the person who receives a majority of electoral votes, as certified by Congress. If no person is "
            "certified as President-elect, the person inaugurated on January 20, 2029 is considered the winner.",
            et(2028, 11, 7, 10),
            et(2029, 1, 7, 12),
            "Presidential Election Winner 2028",
            "presidential-election-winner-2028",
            "Will {n} win the 2028 US Presidential Election?",
            'This market will resolve to "Yes" if {n} wins the 2028 US Presidential Election. Otherwise, this market will '
            'resolve to "No".\n\nThe resolution source for this market is the Associated Press, Fox News, and NBC. This '
            "market will resolve once all three sources call the race for the same candidate. If all three sources haven't "
            "called the race for the same candidate by the inauguration date (January 20, 2029) this market will resolve "
            "based on who is inaugurated.",
            et(2028, 11, 7, 12),
            "politics",
            _c("""
JDV|J.D. Vance|JD Vance|0.29
GNEW|Gavin Newsom|Gavin Newsom|0.17
MRUB|Marco Rubio|Marco Rubio|0.08
AOC|Alexandria Ocasio-Cortez|Alexandria Ocasio-Cortez|0.06
JSHA|Josh Shapiro|Josh Shapiro|0.05
PBUT|Pete Buttigieg||0.03
|Donald Trump|Donald Trump|0.02
"""),
            ksource=("Associated Press", "https://apnews.com/"),
        )
    )
    E(
        CandEvent(
            "frpres27",
            "candidates",
            "KXFRPRES",
            "French Presidential Election",
            "World",
            "KXFRPRES-27",
            "Who will win the 2027 French presidential election?",
            "Élection présidentielle 2027",
            "Will {n} win the 2027 French presidential election?",
            "If {n} wins the 2027 French presidential election, then the market resolves to Yes.",
            "The winner is the candidate declared elected by the Constitutional Council of France following the second round.",
            et(2027, 5, 9, 14),
            et(2027, 5, 16, 12),
            "French Presidential Election 2027",
            "french-presidential-election-2027",
            "Will {n} win the 2027 French presidential election?",
            'This market will resolve to "Yes" if {n} wins the 2027 French presidential election. Otherwise, this market '
            'will resolve to "No".\n\nThe resolution source will be the official results as proclaimed by the Conseil '
            "constitutionnel; a consensus of credible reporting may also be used.",
            et(2027, 5, 2, 12),
            "politics",
            _c("""
JBAR|Jordan Bardella|Jordan Bardella|0.35
EPHI|Édouard Philippe|Edouard Philippe|0.22
MLEP|Marine Le Pen|Marine Le Pen|0.08
JLM|Jean-Luc Mélenchon|Jean-Luc Melenchon|0.05
GATT|Gabriel Attal|Gabriel Attal|0.06
RGLU|Raphaël Glucksmann|Raphael Glucksmann|0.07
BRET|Bruno Retailleau|Retailleau|0.04|Bruno Retailleau
XBER|Xavier Bertrand||0.02
|Dominique de Villepin|Dominique de Villepin|0.02
"""),
            ksource=("Conseil constitutionnel", "https://www.conseil-constitutionnel.fr/"),
            pcategory="World Elections",
            pq2="Will {n} be elected President of France in 2027?",
        )
    )
    E(
        CandEvent(
            "nbamvp27",
            "candidates",
            "KXNBAMVP",
            "NBA MVP",
            "Sports",
            "KXNBAMVP-27",
            "Who will win the 2026-27 NBA MVP?",
            "2026-27 regular season",
            "Will {n} win the 2026-27 NBA MVP award?",
            "If {n} is named the 2026-27 NBA Most Valuable Player, then the market resolves to Yes.",
            "The market resolves on the NBA's official announcement of the Michael Jordan Trophy winner.",
            et(2027, 5, 31, 10),
            et(2027, 6, 1, 12),
            "NBA MVP 2026-27",
            "nba-mvp-2026-27",
            "Will {n} win the 2026–27 NBA MVP?",
            'This market will resolve to "Yes" if {n} is announced as the winner of the 2026-27 NBA Most Valuable Player '
            'award. Otherwise, this market will resolve to "No".\n\nThe resolution source is the official announcement from the NBA.',
            et(2027, 6, 30, 12),
            "sports",
            _c("""
SGA|Shai Gilgeous-Alexander|Shai Gilgeous-Alexander|0.33
NJOK|Nikola Jokić|Nikola Jokic|0.27
LDON|Luka Dončić|Luka Doncic|0.11
GANT|Giannis Antetokounmpo|Giannis Antetokounmpo|0.08
VWEM|Victor Wembanyama|Wembanyama|0.09|Victor Wembanyama
AEDW|Anthony Edwards|Anthony Edwards|0.05
JTAT|Jayson Tatum||0.02
|Cade Cunningham|Cade Cunningham|0.03
"""),
            ksource=("NBA", "https://www.nba.com/"),
        )
    )
    E(
        CandEvent(
            "sb61",
            "candidates",
            "KXSB",
            "Super Bowl Champion",
            "Sports",
            "KXSB-27",
            "Who will win Super Bowl LXI?",
            "Pro Football Championship 2027",
            "Will {n} win Super Bowl LXI?",
            "If {n} wins Super Bowl LXI, then the market resolves to Yes.",
            "Super Bowl LXI is scheduled for Feb 14, 2027. If the game is postponed, the market remains open until it is played.",
            et(2027, 2, 14, 18),
            et(2027, 2, 15, 2),
            "Super Bowl Champion 2027",
            "super-bowl-champion-2027",
            "Will the {n} win Super Bowl 2027?",
            'This market will resolve to "Yes" if the {n} win Super Bowl LXI. Otherwise, this market will resolve to "No".\n\n'
            "The resolution source will be the NFL.",
            et(2027, 2, 15, 5),
            "sports",
            _c("""
PHI|Philadelphia|Eagles|0.14|Philadelphia Eagles
KC|Kansas City|Chiefs|0.12|Kansas City Chiefs
BUF|Buffalo|Bills|0.11|Buffalo Bills
BAL|Baltimore|Ravens|0.10|Baltimore Ravens
DET|Detroit|Lions|0.09|Detroit Lions
LA|Los Angeles R|Rams|0.07|Los Angeles Rams
SF|San Francisco||0.05
|Green Bay|Packers|0.05|Green Bay Packers
"""),
            ksource=("NFL", "https://www.nfl.com/"),
        )
    )
    E(
        CandEvent(
            "nba27",
            "candidates",
            "KXNBA",
            "NBA Champion",
            "Sports",
            "KXNBA-27",
            "Who will win the 2027 NBA Finals?",
            "Pro Basketball Champion",
            "Will {n} win the 2027 NBA Finals?",
            "If {n} wins the 2027 NBA Finals, then the market resolves to Yes.",
            "The market resolves when the 2027 NBA Finals conclude.",
            et(2027, 6, 30, 23),
            et(2027, 7, 1, 12),
            "NBA Champion 2027",
            "2027-nba-champion",
            "Will the {n} win the 2027 NBA Finals?",
            'This market will resolve to "Yes" if the {n} win the 2027 NBA Finals. Otherwise, this market will resolve to "No".',
            et(2027, 7, 1, 4),
            "sports",
            _c("""
OKC|Oklahoma City|Thunder|0.27|Oklahoma City Thunder
CLE|Cleveland|Cavaliers|0.12|Cleveland Cavaliers
NYK|New York|Knicks|0.10|New York Knicks
DEN|Denver|Nuggets|0.09|Denver Nuggets
HOU|Houston|Rockets|0.08|Houston Rockets
BOS|Boston||0.05
|Minnesota|Timberwolves|0.05|Minnesota Timberwolves
"""),
            ksource=("NBA", "https://www.nba.com/"),
        )
    )
    E(
        CandEvent(
            "ws26",
            "candidates",
            "KXMLB",
            "World Series Champion",
            "Sports",
            "KXMLB-26",
            "Who will win the 2026 World Series?",
            "Pro Baseball Champion",
            "Will {n} win the 2026 World Series?",
            "If {n} wins the 2026 World Series, then the market resolves to Yes.",
            "The World Series is a best-of-seven series. The market resolves when a team wins four games.",
            et(2026, 11, 15, 23),
            et(2026, 11, 1, 3),
            "World Series Champion 2026",
            "world-series-champion-2026",
            "Will the {n} win the 2026 World Series?",
            'This market will resolve to "Yes" if the {n} win the 2026 World Series. Otherwise, this market will resolve to "No".',
            et(2026, 11, 5, 12),
            "sports",
            _c("""
LAD|Los Angeles D|Dodgers|0.53|Los Angeles Dodgers
NYY|New York Y|Yankees|0.47|New York Yankees
"""),
            ksource=("MLB", "https://www.mlb.com/"),
            complement_pair=True,
        )
    )
    E(
        CandEvent(
            "parism26",
            "candidates",
            "KXATPPARIS",
            "Paris Masters Winner",
            "Sports",
            "KXATPPARIS-26",
            "Paris Masters 2026 winner?",
            "ATP Masters 1000, Paris",
            "Will {n} win the 2026 Paris Masters?",
            "If {n} wins the 2026 Rolex Paris Masters men's singles title, then the market resolves to Yes.",
            "If the tournament is not completed, the market resolves to No for every player.",
            et(2026, 11, 1, 18),
            et(2026, 11, 1, 16),
            "Paris Masters Winner",
            "paris-masters-winner-2026",
            "Will {n} win the 2026 Paris Masters?",
            'This market will resolve to "Yes" if {n} wins the 2026 Paris Masters. Otherwise, this market will resolve to "No".\n\n'
            "The resolution source is the official ATP Tour website.",
            et(2026, 11, 2, 0),
            "sports",
            _c("""
SIN|Jannik Sinner|Jannik Sinner|0.38
ALC|Carlos Alcaraz|Carlos Alcaraz|0.31
ZVE|Alexander Zverev|Alexander Zverev|0.07
DJO|Novak Djokovic|Novak Djokovic|0.06
FRI|Taylor Fritz|Taylor Fritz|0.03
RUN|Holger Rune||0.02
|Jack Draper|Jack Draper|0.03
"""),
            ksource=("ATP Tour", "https://www.atptour.com/"),
        )
    )
    E(
        CandEvent(
            "poty26",
            "candidates",
            "KXTIMEPOY",
            "TIME Person of the Year",
            "Culture",
            "KXTIMEPOY-26",
            "Who will be TIME's 2026 Person of the Year?",
            "TIME magazine",
            "Will {n} be named TIME Person of the Year for 2026?",
            "If {n} is named TIME's Person of the Year for 2026, then the market resolves to Yes.",
            "If TIME names a group that includes {n} but not {n} individually, the market resolves to No.",
            et(2026, 12, 10, 10),
            et(2026, 12, 10, 12),
            "Time 2026 Person of the Year",
            "time-2026-person-of-the-year",
            "Will {n} be TIME's 2026 Person of the Year?",
            'This market will resolve to "Yes" if {n} is named TIME magazine\'s Person of the Year for 2026. If a group is '
            'named, this market will resolve to "Yes" only if {n} is named individually. Otherwise, "No".',
            et(2026, 12, 31, 12),
            "culture",
            _c("""
DTRU|Donald Trump|Donald Trump|0.24
LEO|Pope Leo XIV|Leo XIV|0.14|Pope Leo XIV
EMUS|Elon Musk|Elon Musk|0.08
JHUA|Jensen Huang|Jensen Huang|0.09
SALT|Sam Altman|Sam Altman|0.06
TSWI|Taylor Swift||0.04
|Xi Jinping|Xi Jinping|0.03
"""),
            ksource=("TIME", "https://time.com/"),
        )
    )
    E(
        CandEvent(
            "ukpm",
            "candidates",
            "KXNEXTUKPM",
            "Next UK Prime Minister",
            "World",
            "KXNEXTUKPM",
            "Who will be the next Prime Minister of the United Kingdom?",
            "After Keir Starmer",
            "Will {n} be the next UK Prime Minister?",
            "If {n} is the next person to be appointed Prime Minister of the United Kingdom after Keir Starmer, then the market resolves to Yes.",
            "The market resolves when a new Prime Minister is appointed by the monarch. If Keir Starmer remains Prime "
            "Minister on Dec 31, 2028, all markets resolve to No.",
            et(2028, 12, 31, 10),
            et(2029, 1, 1, 12),
            "Next UK Prime Minister",
            "next-uk-prime-minister",
            "Will {n} be the next UK Prime Minister?",
            'This market will resolve to "Yes" if {n} is the next person appointed Prime Minister of the United Kingdom '
            'after Keir Starmer. If Starmer is still PM on December 31, 2028, 11:59 PM ET, all markets resolve "No".',
            et(2028, 12, 31, 12),
            "politics",
            _c("""
ABUR|Andy Burnham|Andy Burnham|0.23
WSTR|Wes Streeting|Wes Streeting|0.16
SMAH|Shabana Mahmood|Shabana Mahmood|0.12
ARAY|Angela Rayner|Angela Rayner|0.09
NFAR|Nigel Farage|Nigel Farage|0.10
EMIL|Ed Miliband|Ed Miliband|0.05
KBAD|Kemi Badenoch||0.03
|Yvette Cooper|Yvette Cooper|0.04
"""),
            ksource=("UK Government", "https://www.gov.uk/"),
            pcategory="Politics",
            pq2="Will {n} succeed Keir Starmer as UK Prime Minister?",
        )
    )
    E(
        CandEvent(
            "oscar27",
            "candidates",
            "KXOSCARPIC",
            "Oscars: Best Picture",
            "Culture",
            "KXOSCARPIC-27",
            "Which film will win Best Picture at the 2027 Oscars?",
            "99th Academy Awards",
            "Will {n} win Best Picture at the 99th Academy Awards?",
            "If {n} wins Best Picture at the 99th Academy Awards, then the market resolves to Yes.",
            "The ceremony is scheduled for March 2027. The market resolves on the Academy's announcement.",
            et(2027, 3, 14, 20),
            et(2027, 3, 15, 12),
            "Oscars 2027: Best Picture Winner",
            "oscars-2027-best-picture-winner",
            'Will "{n}" win Best Picture at the 2027 Oscars?',
            'This market will resolve to "Yes" if "{n}" wins Best Picture at the 99th Academy Awards. Otherwise, this market '
            'will resolve to "No". The resolution source is the official announcement by the Academy of Motion Picture Arts and Sciences.',
            et(2027, 3, 15, 5),
            "culture",
            _c("""
ODYS|The Odyssey|The Odyssey|0.27
DUN3|Dune: Part Three|Dune Part Three|0.15
PHM|Project Hail Mary|Project Hail Mary|0.08
DISC|Disclosure Day|Disclosure Day|0.10
DIGG|Digger|Digger|0.07
BRID|The Bride!||0.04
|Narnia: The Magician's Nephew|Narnia: The Magician's Nephew|0.04
"""),
            ksource=("Academy of Motion Picture Arts and Sciences", "https://www.oscars.org/"),
            pq2='Oscars 2027: Will "{n}" win Best Picture?',
        )
    )


def build_candidates() -> None:
    cand_events()
    for ce in CAND_EVENTS:
        CAT.add_series(
            ce.kseries,
            ce.kseries_title,
            ce.kcategory,
            "one_off" if ce.kseries != "KXMLB" else "annual",
            [ce.ksource],
            tags=[ce.kcategory],
        )
        CAT.add_event(
            ce.kevent,
            ce.kseries,
            ce.kevent_title,
            ce.ksub,
            mutually_exclusive=True,
            strike=ce.kexpected,
        )
        pe = CAT.pevent(
            title=ce.ptitle,
            slug=ce.pslug,
            description=f"{ce.ptitle}.",
            start=NOW - timedelta(days=rng.randint(30, 500)),
            end=ce.pend,
            neg_risk=True,
            tags=[ce.kcategory.lower()],
        )
        live = [c for c in ce.cands]
        ref = min(c.code for c in live if c.code) if ce.complement_pair else None
        pstart = NOW - timedelta(days=rng.randint(20, 400))
        k_event_titles = rng.random() < 0.4  # Kalshi repeats the event question on every market
        pq = ce.pq2 if ce.pq2 and rng.random() < 0.6 else ce.pq
        for c in live:
            ident = c.code or slugify(c.kname or c.pname)
            key = f"cand|{ce.ident}|{ident}"
            neg = False
            if ce.complement_pair:
                key, neg = f"cand|{ce.ident}|{ref}", c.code != ref
            if c.kname and c.code:
                n = c.kname
                CAT.kalshi(
                    ticker=f"{ce.kevent}-{c.code}",
                    event_ticker=ce.kevent,
                    title=ce.kevent_title if k_event_titles else ce.ktitle.format(n=n),
                    yes_sub=n,
                    rules1=ce.krule.format(n=n),
                    rules2=ce.krule2.format(n=n),
                    close=ce.kclose,
                    expected=ce.kexpected,
                    key=key,
                    neg=neg,
                    family=ce.family,
                    sem=f"{n} wins {ce.ptitle}",
                    p=c.p,
                    structure=pick(["linear_cent", "linear_cent", "tapered_deci_cent"]),
                    open_=NOW - timedelta(days=rng.randint(30, 600)),
                )
                ce.kbuilt[ident] = f"{ce.kevent}-{c.code}"
            if c.pname:
                qn = c.pq_name or c.pname
                ce.pbuilt[ident] = CAT.poly(
                    event=pe,
                    question=pq.format(n=qn),
                    description=ce.pdesc.format(n=qn),
                    end=ce.pend,
                    start=pstart,
                    key=key,
                    neg=neg,
                    family=ce.family,
                    sem=f"{qn} wins {ce.ptitle}",
                    p=c.p,
                    group_item_title=c.pname,
                    fees=ce.pfees,
                    category=ce.pcategory,
                    tick=pick([0.01, 0.001]),
                )
        if ce.other_leg:
            CAT.poly(
                event=pe,
                question=ce.pq.format(n="another candidate"),
                description=(
                    'This market will resolve to "Yes" if the nominee is any person not otherwise listed '
                    'in this event. Otherwise, this market will resolve to "No".'
                ),
                end=ce.pend,
                start=pstart,
                key=f"cand|{ce.ident}|other",
                family=ce.family,
                sem="any unlisted candidate",
                p=0.04,
                group_item_title="Other",
                fees=ce.pfees,
                neg_risk_other=True,
            )
    _candidate_negatives()


def _ce(ident: str) -> CandEvent:
    return next(c for c in CAND_EVENTS if c.ident == ident)


def _candidate_negatives() -> None:
    # A different candidate of the same race (the commonest false match in neg-risk groups).
    for ce in CAND_EVENTS:
        ks = sorted(ce.kbuilt)
        ps = sorted(ce.pbuilt)
        pairs = [(k, p) for k in ks for p in ps if k != p]
        rng.shuffle(pairs)
        for k, p in pairs[: 2 if not ce.complement_pair else 0]:
            kname = next(c.kname for c in ce.cands if (c.code or slugify(c.kname or c.pname)) == k)
            pname = next(c.pname for c in ce.cands if (c.code or slugify(c.kname or c.pname)) == p)
            CAT.negative(
                ce.kbuilt[k],
                ce.pbuilt[p],
                "different",
                "candidates",
                f"Same event ({ce.ptitle}) but different candidates: Kalshi {kname} vs Polymarket {pname}; "
                "mutually exclusive legs.",
            )
    dem, rep, pres = _ce("demnom28"), _ce("repnom28"), _ce("pres28")
    CAT.negative(
        rep.kbuilt["DTJR"],
        rep.pbuilt["donald-trump"],
        "different",
        "candidates",
        "Donald Trump Jr. (Kalshi) vs Donald Trump (Polymarket) for the 2028 Republican nomination: different people.",
    )
    CAT.negative(
        pres.kbuilt["JDV"],
        rep.pbuilt["JDV"],
        "related",
        "candidates",
        "Kalshi: J.D. Vance wins the 2028 general election; Polymarket: JD Vance wins the Republican nomination. "
        "Correlated stages of one race, and winning the presidency does not formally require the party nomination.",
    )
    CAT.negative(
        dem.kbuilt["GNEW"],
        pres.pbuilt["GNEW"],
        "related",
        "candidates",
        "Nomination (Kalshi) vs presidency (Polymarket) for Gavin Newsom: different stages.",
    )
    CAT.negative(
        rep.kbuilt["MRUB"],
        pres.pbuilt["MRUB"],
        "related",
        "candidates",
        "Marco Rubio wins the Republican nomination (Kalshi) vs wins the 2028 election (Polymarket).",
    )
    CAT.negative(
        dem.kbuilt["AOC"],
        pres.pbuilt["AOC"],
        "related",
        "candidates",
        "Ocasio-Cortez: Democratic nomination (Kalshi) vs general election (Polymarket).",
    )
    CAT.negative(
        dem.kbuilt["JSHA"],
        rep.pbuilt["JDV"],
        "different",
        "candidates",
        "Different party primaries and different people; only the year and the word 'nomination' are shared.",
    )
    other = next(
        m["conditionId"]
        for m in CAT.pmarkets
        if m.get("groupItemTitle") == "Other" and m["events"][0]["slug"] == dem.pslug
    )
    CAT.negative(
        dem.kbuilt["JOSS"],
        other,
        "a_implies_b",
        "candidates",
        "Jon Ossoff is not listed in Polymarket's group, so an Ossoff nomination resolves Polymarket's 'Other' leg "
        "Yes (Kalshi YES implies Polymarket YES); 'Other' also pays for any other unlisted nominee.",
    )
    # Stage negatives in sports futures: title vs conference/pennant.
    sb, nba, ws = _ce("sb61"), _ce("nba27"), _ce("ws26")
    conf = CAT.pevent(
        title="NFC Champion 2026-27",
        slug="nfc-champion-2026-27",
        description="NFC Championship Game winner.",
        start=NOW - timedelta(days=120),
        end=et(2027, 1, 31, 23),
        neg_risk=True,
        tags=["sports"],
    )
    afc = CAT.pevent(
        title="AFC Champion 2026-27",
        slug="afc-champion-2026-27",
        description="AFC Championship Game winner.",
        start=NOW - timedelta(days=120),
        end=et(2027, 1, 31, 23),
        neg_risk=True,
        tags=["sports"],
    )
    for code, nick, ev, confname in (
        ("PHI", "Eagles", conf, "NFC"),
        ("DET", "Lions", conf, "NFC"),
        ("KC", "Chiefs", afc, "AFC"),
        ("BUF", "Bills", afc, "AFC"),
    ):
        cid = CAT.poly(
            event=ev,
            question=f"Will the {nick} win the {confname} Championship?",
            description=(
                f'This market will resolve to "Yes" if the {nick} win the 2026-27 {confname} '
                'Championship Game and advance to Super Bowl LXI. Otherwise, "No".'
            ),
            end=et(2027, 1, 31, 23),
            start=NOW - timedelta(days=100),
            key=f"conf|nfl|{code}",
            family="candidates",
            sem=f"{nick} win the {confname}",
            p=0.25,
            group_item_title=nick,
            fees="sports",
        )
        CAT.negative(
            sb.kbuilt[code],
            cid,
            "a_implies_b",
            "candidates",
            f"Different stage: Kalshi pays if {nick} win Super Bowl LXI, Polymarket if they win the {confname} "
            "title (reach the Super Bowl). Winning the Super Bowl implies winning the conference, not the reverse.",
        )
    west = CAT.pevent(
        title="NBA Western Conference Champion 2027",
        slug="nba-western-conference-champion-2027",
        description="Western Conference Finals winner.",
        start=NOW - timedelta(days=80),
        end=et(2027, 6, 1, 4),
        neg_risk=True,
        tags=["sports"],
    )
    for code, nick in (("OKC", "Thunder"), ("DEN", "Nuggets"), ("HOU", "Rockets")):
        cid = CAT.poly(
            event=west,
            question=f"Will the {nick} win the 2027 Western Conference Finals?",
            description=(
                f'This market will resolve to "Yes" if the {nick} win the 2027 NBA Western Conference '
                'Finals. Otherwise, this market will resolve to "No".'
            ),
            end=et(2027, 6, 1, 4),
            start=NOW - timedelta(days=80),
            key=f"conf|nba|{code}",
            family="candidates",
            sem=f"{nick} win the West",
            p=0.3,
            group_item_title=nick,
            fees="sports",
        )
        CAT.negative(
            nba.kbuilt[code],
            cid,
            "a_implies_b",
            "candidates",
            f"Kalshi: {nick} win the 2027 NBA Finals; Polymarket: {nick} win the Western Conference Finals "
            "(reach the Finals). Title implies conference title only.",
        )
    # World Series: only two teams left, so each team's market is the other's negation (identical, inverted);
    # the series-length market is a look-alike.
    wsl = CAT.pevent(
        title="World Series: Will it go to Game 7?",
        slug="world-series-game-7-2026",
        description="",
        start=NOW - timedelta(days=5),
        end=et(2026, 11, 2, 4),
        tags=["sports"],
    )
    cid = CAT.poly(
        event=wsl,
        question="Will the 2026 World Series go to Game 7?",
        description='This market will resolve to "Yes" if a Game 7 of the 2026 World Series is played. Otherwise, "No".',
        end=et(2026, 11, 2, 4),
        start=NOW - timedelta(days=5),
        key="ws26|game7",
        family="candidates",
        sem="WS goes 7",
        p=0.3,
        fees="sports",
    )
    CAT.negative(
        ws.kbuilt["LAD"],
        cid,
        "related",
        "candidates",
        "Both about the 2026 World Series, but Polymarket asks whether a Game 7 is played, not who wins.",
    )
    # Tennis: tournament winner (Polymarket) vs one match (Kalshi moneyline).
    paris = _ce("parism26")
    for t in TENNIS_BUILT:
        if t["tourn"] != "Paris Masters":
            continue
        ca, cb, _ = t["codes"]
        for code in (ca, cb):
            if code in paris.pbuilt and rng.random() < 0.7:
                name = next(c.pname for c in paris.cands if c.code == code)
                CAT.negative(
                    t["players"][code],
                    paris.pbuilt[code],
                    "b_implies_a",
                    "moneyline",
                    f"Kalshi is one Paris Masters match for {name}; Polymarket is the whole tournament. Winning the "
                    "title implies winning (or advancing through) that match, not the reverse.",
                )
    # Oscars: picture vs director.
    osc = _ce("oscar27")
    dirs = CAT.pevent(
        title="Oscars 2027: Best Director Winner",
        slug="oscars-2027-best-director-winner",
        description="",
        start=NOW - timedelta(days=60),
        end=et(2027, 3, 15, 5),
        neg_risk=True,
        tags=["culture"],
    )
    for code, person, film in (
        ("ODYS", "Christopher Nolan", "The Odyssey"),
        ("DUN3", "Denis Villeneuve", "Dune: Part Three"),
    ):
        cid = CAT.poly(
            event=dirs,
            question=f"Will {person} win Best Director at the 2027 Oscars?",
            description=f'This market will resolve to "Yes" if {person} wins Best Director at the 99th Academy Awards.',
            end=et(2027, 3, 15, 5),
            start=NOW - timedelta(days=60),
            key=f"oscardir|{code}",
            family="candidates",
            sem=f"{person} wins Best Director",
            p=0.2,
            group_item_title=person,
            fees="culture",
        )
        CAT.negative(
            osc.kbuilt[code],
            cid,
            "related",
            "candidates",
            f"Different award: Kalshi is Best Picture for {film}, Polymarket is Best Director for {person} "
            "(who directed it). Correlated, not the same contract.",
        )


# =============================================================================================
# Family — fed (FOMC decisions)
# =============================================================================================
@dataclass
class Meeting:
    day1: date
    day2: date
    probs: dict[str, float]  # bracket -> probability (C26, C25, H0, H25, H26)
    five: bool  # Polymarket lists 5 brackets (else 4 with "25+ bps increase")
    kt: dict[str, str] = field(default_factory=dict)
    pc: dict[str, str] = field(default_factory=dict)


MEETINGS = [
    Meeting(
        date(2026, 10, 27),
        date(2026, 10, 28),
        {"C26": 0.03, "C25": 0.70, "H0": 0.26, "H25": 0.008, "H26": 0.002},
        True,
    ),
    Meeting(
        date(2026, 12, 8),
        date(2026, 12, 9),
        {"C26": 0.06, "C25": 0.48, "H0": 0.44, "H25": 0.015, "H26": 0.005},
        True,
    ),
    Meeting(
        date(2027, 1, 26),
        date(2027, 1, 27),
        {"C26": 0.05, "C25": 0.31, "H0": 0.61, "H25": 0.02, "H26": 0.01},
        True,
    ),
    Meeting(
        date(2027, 3, 16),
        date(2027, 3, 17),
        {"C26": 0.07, "C25": 0.36, "H0": 0.53, "H25": 0.03, "H26": 0.01},
        False,
    ),
    Meeting(
        date(2027, 4, 27),
        date(2027, 4, 28),
        {"C26": 0.06, "C25": 0.30, "H0": 0.59, "H25": 0.04, "H26": 0.01},
        False,
    ),
    Meeting(
        date(2027, 6, 15),
        date(2027, 6, 16),
        {"C26": 0.08, "C25": 0.33, "H0": 0.53, "H25": 0.05, "H26": 0.01},
        True,
    ),
    Meeting(
        date(2027, 7, 27),
        date(2027, 7, 28),
        {"C26": 0.08, "C25": 0.30, "H0": 0.55, "H25": 0.05, "H26": 0.02},
        False,
    ),
]

K_BRACKETS = {
    # suffix: (yes_sub variants, verb, amount text, key bracket)
    "C26": (["Cut >25bps"], "Cut", ">25bps", "cut>=50"),
    "C25": (["Cut 25bps"], "Cut", "25bps", "cut=25"),
    "H0": (["Fed maintains rate", "Hold 0bps"], "Hike", "0bps", "hold"),
    "H25": (["Hike 25bps"], "Hike", "25bps", "hike=25"),
    "H26": (["Hike >25bps"], "Hike", ">25bps", "hike>=50"),
}


def _rounding_sentence(venue: str) -> str:
    if venue == "k":
        return pick(
            [
                "Changes that are not a multiple of 25bps are rounded up to the next 25bps increment (e.g. a 10bps cut counts as a 25bps cut).",
                "If the change is not a multiple of 25bps, it is rounded up to the nearest 25bps for the purpose of this market.",
            ]
        )
    return (
        "If the target federal funds rate is changed to a level not expressed in the displayed options, the change will "
        "be rounded up to the nearest 25 and will be considered to resolve the relevant market. For example, if the target "
        "federal funds rate is decreased by 10 bps, this will be considered to be a 25 bps decrease."
    )


def build_fed() -> None:
    CAT.add_series(
        "KXFEDDECISION",
        "Fed Meeting",
        "Economics",
        "custom",
        [("Federal Reserve", "https://www.federalreserve.gov/monetarypolicy/fomccalendars.htm")],
        tags=["Fed", "Interest rates"],
    )
    for m in MEETINGS:
        month = MONTHS[m.day2.month - 1]
        ev_t = f"KXFEDDECISION-{kmonth(m.day2)}"
        CAT.add_event(
            ev_t,
            "KXFEDDECISION",
            pick(
                [
                    f"Fed decision in {month[:3]} {m.day2.year}?",
                    f"Fed meeting: {month} {m.day2.year}",
                ]
            ),
            f"{short_date(m.day2)}",
            mutually_exclusive=True,
            strike=et(m.day2.year, m.day2.month, m.day2.day, 14),
        )
        decision = et(m.day2.year, m.day2.month, m.day2.day, 14, 0)
        close = (
            decision - timedelta(minutes=1)
            if rng.random() < 0.5
            else decision - timedelta(minutes=pick([5, 15]))
        )
        for suf, (subs, verb, amt, bkey) in K_BRACKETS.items():
            sub = pick(subs)
            title = f"Will the Federal Reserve {verb} rates by {amt} at their {month} {m.day2.year} meeting?"
            if amt.startswith(">"):
                r1 = f"If the Federal Reserve does a {verb} of more than 25bps on {short_date(m.day2)}, then the market resolves to Yes."
            else:
                r1 = f"If the Federal Reserve does a {verb} of {amt} on {short_date(m.day2)}, then the market resolves to Yes."
            r2 = (
                "This market measures the change in the upper bound of the federal funds target range announced after the "
                f"FOMC meeting of {short_date(m.day1)}-{m.day2.day}, relative to its level before the meeting. "
                + _rounding_sentence("k")
                + " The markets in this event are mutually exclusive. If the meeting is canceled or no decision is announced, "
                "'Fed maintains rate' resolves to Yes and all other markets resolve to No."
            )
            m.kt[suf] = CAT.kalshi(
                ticker=f"{ev_t}-{suf}",
                event_ticker=ev_t,
                title=title,
                yes_sub=sub,
                rules1=r1,
                rules2=r2,
                close=close,
                expected=decision + timedelta(minutes=pick([5, 10, 60])),
                key=f"fed|{m.day2}|{bkey}",
                family="fed",
                sem=f"FOMC {m.day2}: {sub}",
                p=m.probs[suf],
                strike_type="custom" if rng.random() < 0.5 else None,
                open_=NOW - timedelta(days=rng.randint(40, 300)),
            )
        # Polymarket neg-risk event.
        slug = pick(
            [f"fed-decision-in-{month.lower()}", f"fed-decision-in-{month.lower()}-{m.day2.year}"]
        )
        if slug in CAT.pevents:
            slug = f"fed-decision-in-{month.lower()}-{m.day2.year}-{rng.randint(100, 999)}"
        pe = CAT.pevent(
            title=f"Fed decision in {month}?"
            if m.day2.year == 2026
            else f"Fed decision in {month} {m.day2.year}?",
            slug=slug,
            description="",
            start=NOW - timedelta(days=rng.randint(40, 300)),
            end=datetime(m.day2.year, m.day2.month, m.day2.day, tzinfo=UTC),
            neg_risk=True,
            tags=["economy", "fed", "fed-rates"],
        )
        end = pick(
            [
                datetime(m.day2.year, m.day2.month, m.day2.day, tzinfo=UTC),
                datetime(m.day2.year, m.day2.month, m.day2.day, 12, tzinfo=UTC),
                decision,
            ]
        )
        legs = [
            (
                "C26",
                "50+ bps decrease",
                "decrease interest rates by 50+ bps",
                "cut>=50",
                m.probs["C26"],
            ),
            (
                "C25",
                "25 bps decrease",
                "decrease interest rates by 25 bps",
                "cut=25",
                m.probs["C25"],
            ),
            ("H0", "No change", None, "hold", m.probs["H0"]),
        ]
        if m.five:
            legs += [
                (
                    "H25",
                    "25 bps increase",
                    "increase interest rates by 25 bps",
                    "hike=25",
                    m.probs["H25"],
                ),
                (
                    "H26",
                    "50+ bps increase",
                    "increase interest rates by 50+ bps",
                    "hike>=50",
                    m.probs["H26"],
                ),
            ]
        else:
            legs += [
                (
                    "H25+",
                    "25+ bps increase",
                    "increase interest rates by 25+ bps",
                    "hike>=25",
                    m.probs["H25"] + m.probs["H26"],
                )
            ]
        mname = f"{month} {m.day2.year}"
        for code, git, phrase, bkey, p in legs:
            style = rng.randrange(3)
            if phrase is None:
                q = [
                    f"No change in Fed interest rates after {mname} meeting?",
                    f"Will there be no change in Fed interest rates after the {mname} meeting?",
                    f"No change in Fed interest rates after {mname} meeting?",
                ][style]
            else:
                q = [
                    f"Fed {phrase.replace('decrease', 'decreases').replace('increase ', 'increases ')} after {mname} meeting?",
                    f"Will the Fed {phrase} after the {mname} meeting?",
                    f"Fed {phrase.replace('decrease', 'decreases').replace('increase ', 'increases ')} after {mname} meeting?",
                ][style]
            desc = (
                "The FED interest rates are defined in this market by the upper bound of the target federal funds range. "
                "The decisions on the target federal fund range are made by the Federal Open Market Committee (FOMC) "
                "meetings.\n\nThis market will resolve to the amount of basis points the upper bound of the target federal "
                f"funds rate is changed by versus the level it was prior to the Federal Reserve's {mname} meeting.\n\n"
                + _rounding_sentence("p")
                + f"\n\nThe resolution source for this market is the FOMC's statement after its meeting scheduled for "
                f"{MONTHS[m.day1.month - 1]} {m.day1.day} - {m.day2.day}, {m.day2.year} according to the official "
                "calendar: https://www.federalreserve.gov/monetarypolicy/fomccalendars.htm.\n\nThe level and change of the "
                "target federal funds rate is also published at the official website of the Federal Reserve at "
                "https://www.federalreserve.gov/monetarypolicy/openmarket.htm.\n\nThis market may resolve as soon as the "
                "FOMC's statement for their December meeting with relevant data is issued. If no statement is released by "
                'the end date of the next scheduled meeting, this market will resolve to the "No change" bracket.'
            ).replace("December meeting", f"{month} meeting")
            m.pc[code] = CAT.poly(
                event=pe,
                question=q,
                description=desc,
                end=end,
                start=NOW - timedelta(days=rng.randint(20, 250)),
                key=f"fed|{m.day2}|{bkey}",
                family="fed",
                sem=f"FOMC {m.day2}: {git}",
                p=p,
                group_item_title=git,
                resolution_source="https://www.federalreserve.gov/monetarypolicy/fomccalendars.htm",
                fees="economics",
                category=pick([None, "Economics"]),
                tick=pick([0.01, 0.001]),
            )
    _fed_negatives()


def _fed_negatives() -> None:
    names = {
        "C26": "Cut >25bps",
        "C25": "Cut 25bps",
        "H0": "hold",
        "H25": "Hike 25bps",
        "H26": "Hike >25bps",
        "H25+": "25+ bps increase",
    }
    for m in MEETINGS:
        # A different bracket of the same meeting.
        pairs = [
            ("C25", "C26"),
            ("C26", "C25"),
            ("H0", "C25"),
            ("C25", "H0"),
            ("H25", "H0"),
            ("H0", "H25+" if not m.five else "H25"),
        ]
        rng.shuffle(pairs)
        for ks, ps in pairs[:2]:
            if ps not in m.pc:
                continue
            CAT.negative(
                m.kt[ks],
                m.pc[ps],
                "different",
                "fed",
                f"Same FOMC meeting ({m.day2}) but different brackets: Kalshi {names[ks]} vs Polymarket "
                f"{names[ps]}; the brackets are mutually exclusive.",
            )
        if not m.five:
            for ks in ("H25", "H26"):
                CAT.negative(
                    m.kt[ks],
                    m.pc["H25+"],
                    "a_implies_b",
                    "fed",
                    f"Polymarket's top bracket is '25+ bps increase' (any hike); Kalshi splits it into Hike 25bps and "
                    f"Hike >25bps. Kalshi {names[ks]} YES implies Polymarket YES, but not the reverse.",
                )
    # The same bracket at a different meeting.
    for a, b, code in (
        (0, 1, "H0"),
        (1, 2, "C25"),
        (2, 1, "H0"),
        (3, 4, "C25"),
        (5, 6, "H0"),
        (4, 3, "H0"),
        (1, 0, "C25"),
    ):
        ma, mb = MEETINGS[a], MEETINGS[b]
        CAT.negative(
            ma.kt[code],
            mb.pc[code],
            "different",
            "fed",
            f"Same bracket ({names[code]}) but different FOMC meetings: Kalshi {ma.day2.strftime('%b %Y')} vs "
            f"Polymarket {mb.day2.strftime('%b %Y')}.",
        )
    # A rate-cut-in-2026 market on Polymarket vs single-meeting cuts on Kalshi.
    ev = CAT.pevent(
        title="Fed rate cut by end of 2026?",
        slug="fed-rate-cut-by-end-of-2026",
        description="",
        start=NOW - timedelta(days=200),
        end=datetime(2026, 12, 31, 12, tzinfo=UTC),
        tags=["fed"],
    )
    cid = CAT.poly(
        event=ev,
        question="Will the Fed cut interest rates again in 2026?",
        description=(
            'This market will resolve to "Yes" if the upper bound of the target federal funds rate is '
            "lowered at any FOMC meeting or inter-meeting action between October 1, 2026 and December 31, "
            '2026, 11:59 PM ET. Otherwise, this market will resolve to "No".'
        ),
        end=datetime(2026, 12, 31, 12, tzinfo=UTC),
        start=NOW - timedelta(days=200),
        key="fedcut|2026q4",
        family="fed",
        sem="any Fed cut Oct-Dec 2026",
        p=0.85,
        fees="economics",
    )
    for i, code in ((0, "C25"), (1, "C25"), (1, "C26")):
        CAT.negative(
            MEETINGS[i].kt[code],
            cid,
            "a_implies_b",
            "fed",
            f"Kalshi is one meeting's bracket ({MEETINGS[i].day2}, {names[code]}); Polymarket pays on any cut "
            "in Oct-Dec 2026. The Kalshi outcome implies the Polymarket one.",
        )
    CAT.negative(
        MEETINGS[1].kt["H0"],
        cid,
        "related",
        "fed",
        "Kalshi: hold in December 2026. Polymarket: any cut in Q4 2026 (October counts). A December hold "
        "does not settle Polymarket either way.",
    )
    # Kalshi ECB decision listed the same week (other central bank) and Kalshi rate-level markets.
    CAT.add_series(
        "KXCBDECISIONEU",
        "ECB Rate Decision",
        "Economics",
        "custom",
        [("European Central Bank", "https://www.ecb.europa.eu/")],
        tags=["ECB"],
    )
    ev_t = "KXCBDECISIONEU-26OCT29"
    CAT.add_event(
        ev_t,
        "KXCBDECISIONEU",
        "ECB decision on Oct 29, 2026?",
        "Deposit facility rate",
        mutually_exclusive=True,
        strike=et(2026, 10, 29, 9, 15),
    )
    ecb = {}
    for suf, sub, p in (
        ("CUT25", "Cut 25bps", 0.12),
        ("HOLD", "Hold", 0.86),
        ("HIKE25", "Hike 25bps", 0.02),
    ):
        ecb[suf] = CAT.kalshi(
            ticker=f"{ev_t}-{suf}",
            event_ticker=ev_t,
            title=f"Will the ECB {sub.lower()} on Oct 29, 2026?",
            yes_sub=sub,
            rules1=(
                f"If the European Central Bank announces a {sub.lower().replace('hold', 'change of 0bps')} "
                "to the deposit facility rate on Oct 29, 2026, then the market resolves to Yes."
            ),
            rules2="The change is measured relative to the deposit facility rate prior to the meeting.",
            close=et(2026, 10, 29, 9, 14),
            expected=et(2026, 10, 29, 9, 30),
            key=f"ecb|2026-10-29|{suf}",
            family="fed",
            sem=f"ECB Oct 29: {sub}",
            p=p,
        )
    CAT.negative(
        ecb["HOLD"],
        MEETINGS[0].pc["H0"],
        "different",
        "fed",
        "Kalshi is the ECB's Oct 29, 2026 decision (deposit facility rate); Polymarket is the Fed's Oct 28 FOMC "
        "decision. Same week, same 'no change' wording, different central bank.",
    )
    CAT.negative(
        ecb["CUT25"],
        MEETINGS[0].pc["C25"],
        "different",
        "fed",
        "ECB 25 bp cut (Kalshi) vs Fed 25 bp cut (Polymarket), one day apart.",
    )
    CAT.add_series(
        "KXFED",
        "Fed Funds Rate",
        "Economics",
        "custom",
        [("Federal Reserve", "https://www.federalreserve.gov/")],
        tags=["Fed"],
    )
    ev_t = "KXFED-26DEC"
    CAT.add_event(
        ev_t,
        "KXFED",
        "Fed funds rate after the Dec 2026 meeting?",
        "Upper bound of the target range",
        mutually_exclusive=False,
        strike=et(2026, 12, 9, 14),
    )
    lvl = {}
    for v, p in ((3.25, 0.35), (3.50, 0.72), (3.75, 0.97)):
        lvl[v] = CAT.kalshi(
            ticker=f"{ev_t}-T{v:.2f}",
            event_ticker=ev_t,
            title=f"Will the upper bound of the federal funds rate be above {v:.2f}% after the December 2026 meeting?",
            yes_sub=f"Above {v:.2f}%",
            no_sub=f"{v:.2f}% or below",
            rules1=(
                f"If the upper bound of the federal funds target range is above {v:.2f}% following the FOMC meeting of "
                "Dec 9, 2026, then the market resolves to Yes."
            ),
            rules2="The level is taken from the Federal Reserve's implementation note.",
            close=et(2026, 12, 9, 13, 59),
            expected=et(2026, 12, 9, 14, 30),
            key=f"fedlevel|2026-12|>{v}",
            family="fed",
            sem=f"upper bound > {v} after Dec 2026",
            p=p,
            strike_type="greater",
            floor=v,
        )
    CAT.negative(
        lvl[3.50],
        MEETINGS[1].pc["H0"],
        "related",
        "fed",
        "Kalshi asks about the level of the upper bound after the December meeting (above 3.50%); Polymarket asks "
        "about the change at that meeting (no change). They coincide only for one starting level.",
    )


# =============================================================================================
# Family — discrete_stat (statistics published at a fixed precision)
# =============================================================================================
def phi(x: float) -> float:
    return 0.5 * (1 + math.erf(x / math.sqrt(2)))


def p_above(v: float, center: float, sd: float) -> float:
    return max(0.01, min(0.99, 1 - phi((v - center) / sd)))


def p_between(a: float, b: float, center: float, sd: float) -> float:
    return max(0.01, min(0.95, phi((b - center) / sd) - phi((a - center) / sd)))


def tenths(v: float) -> int:
    return int(round(v * 10))


@dataclass
class Ladder:
    """A statistic published to one decimal, with Kalshi 'above X' strikes and Polymarket markets."""

    ident: str
    period: str  # "2026-10"
    kseries: str
    kevent: str
    ktitle: str  # {v} = strike text
    krule: str  # {v}
    krule2: str
    strikes: list[float]
    center: float
    sd: float
    kclose: datetime
    kexpected: datetime
    kt: dict[float, str] = field(default_factory=dict)


def build_ladder_kalshi(
    L: Ladder, yes_fmt: str = "Above {v}%", no_fmt: str = "{v}% or below"
) -> None:
    for v in L.strikes:
        vs = f"{v:.1f}"
        L.kt[v] = CAT.kalshi(
            ticker=f"{L.kevent}-T{vs}",
            event_ticker=L.kevent,
            title=L.ktitle.format(v=vs),
            yes_sub=yes_fmt.format(v=vs),
            no_sub=no_fmt.format(v=vs),
            rules1=L.krule.format(v=vs),
            rules2=L.krule2,
            close=L.kclose,
            expected=L.kexpected,
            key=f"stat|{L.ident}|{L.period}|>={tenths(v) + 1}",
            family="discrete_stat",
            sem=f"{L.ident} {L.period} printed >= {v + 0.1:.1f}",
            p=p_above(v + 0.05, L.center, L.sd),
            strike_type="greater",
            floor=v,
            open_=L.kclose - timedelta(days=rng.randint(20, 40)),
        )


def stat_poly(
    L: Ladder,
    ev: dict,
    q: str,
    desc: str,
    kind: str,
    v: float,
    end: datetime,
    fees: str = "economics",
    git: str | None = None,
    v2: float | None = None,
) -> str:
    """kind: 'ge' (printed value >= v), 'le' (<= v), 'eq' (== v), 'range' ([v, v2])."""
    t = tenths(v)
    if kind == "ge":
        key, neg, p = f"stat|{L.ident}|{L.period}|>={t}", False, p_above(v - 0.05, L.center, L.sd)
    elif kind == "le":
        key, neg, p = (
            f"stat|{L.ident}|{L.period}|>={t + 1}",
            True,
            1 - p_above(v + 0.05, L.center, L.sd),
        )
    elif kind == "eq":
        key, neg, p = (
            f"stat|{L.ident}|{L.period}|={t}",
            False,
            p_between(v - 0.05, v + 0.05, L.center, L.sd),
        )
    else:
        key, neg, p = (
            f"stat|{L.ident}|{L.period}|[{t},{tenths(v2)}]",
            False,
            p_between(v - 0.05, v2 + 0.05, L.center, L.sd),
        )
    return CAT.poly(
        event=ev,
        question=q,
        description=desc,
        end=end,
        start=NOW - timedelta(days=rng.randint(5, 30)),
        key=key,
        neg=neg,
        family="discrete_stat",
        sem=f"{L.ident} {L.period} {kind} {v}",
        p=p,
        group_item_title=git,
        fees=fees,
        resolution_source=pick(["", "https://www.bls.gov/"])
        if "gdp" not in L.ident
        else "https://www.bea.gov/",
        category=pick([None, "Economics"]),
    )


def _ladder_negatives(
    L: Ladder, ge: dict[float, str], eq: dict[float, str], family_note: str
) -> None:
    """Boundary and exact-bin hard negatives for a ladder (ge: Polymarket 'v or higher' markets)."""
    for v, cid in ge.items():
        if v in L.kt:
            CAT.negative(
                L.kt[v],
                cid,
                "a_implies_b",
                "discrete_stat",
                f"Boundary case: Kalshi 'above {v:.1f}%' needs a print of {v + 0.1:.1f} or more, Polymarket "
                f"'{v:.1f}% or higher' also pays on a print of exactly {v:.1f}, which the one-decimal "
                f"{family_note} can print. Not the same contract.",
            )
    for v, cid in eq.items():
        if v in L.kt and rng.random() < 0.7:
            CAT.negative(
                L.kt[v],
                cid,
                "different",
                "discrete_stat",
                f"Kalshi 'above {v:.1f}%' vs Polymarket exact bin '{v:.1f}%': a print of {v:.1f} pays Polymarket "
                "only; any higher print pays Kalshi only.",
            )
        lower = round(v - 0.1, 1)
        if lower in L.kt and rng.random() < 0.6:
            CAT.negative(
                L.kt[lower],
                cid,
                "b_implies_a",
                "discrete_stat",
                f"Polymarket's exact bin {v:.1f}% implies Kalshi 'above {lower:.1f}%', but Kalshi also pays on "
                f"{v + 0.1:.1f}% and higher.",
            )


def build_cpi() -> None:
    CAT.add_series(
        "KXCPIYOY",
        "CPI year-over-year",
        "Economics",
        "monthly",
        [("Bureau of Labor Statistics", "https://www.bls.gov/cpi/")],
        tags=["Inflation", "CPI"],
    )
    CAT.add_series(
        "KXCPICOREYOY",
        "Core CPI year-over-year",
        "Economics",
        "monthly",
        [("Bureau of Labor Statistics", "https://www.bls.gov/cpi/")],
        tags=["Inflation"],
    )
    CAT.add_series(
        "KXCPI",
        "CPI month-over-month",
        "Economics",
        "monthly",
        [("Bureau of Labor Statistics", "https://www.bls.gov/cpi/")],
        tags=["Inflation"],
    )
    periods = [
        (date(2026, 10, 1), date(2026, 11, 12), 2.9),
        (date(2026, 11, 1), date(2026, 12, 10), 2.8),
    ]
    for per, rel, center in periods:
        mon, yr = MONTHS[per.month - 1], per.year
        rel_dt = et(rel.year, rel.month, rel.day, 8, 30)
        ev_t = f"KXCPIYOY-{kmonth(per)}"
        CAT.add_event(
            ev_t,
            "KXCPIYOY",
            f"CPI year-over-year in {mon[:3]} {yr}?",
            f"{mon} {yr} CPI report",
            mutually_exclusive=False,
            strike=rel_dt,
        )
        L = Ladder(
            "cpi_yoy",
            per.strftime("%Y-%m"),
            "KXCPIYOY",
            ev_t,
            pick(
                [
                    f"Will the rate of CPI inflation be above {{v}}% for the year ending in {mon} {yr}?",
                    f"CPI inflation above {{v}}% in {mon[:3]} {yr}?",
                ]
            ),
            f"If the Consumer Price Index (CPI) increases by more than {{v}}% in the twelve months ending {mon} {yr} "
            "(as represented by the one-decimal place value reported by the Bureau of Labor Statistics), then the market "
            "resolves to Yes.",
            "The market uses the all items CPI-U, not seasonally adjusted, 12-month percent change as first published by "
            f"the BLS in the {mon} {yr} CPI release (scheduled for {short_date(rel)} at 8:30 AM ET). Later revisions are not considered.",
            [round(2.5 + 0.1 * i, 1) for i in range(9)],
            center,
            0.17,
            rel_dt - timedelta(minutes=1),
            rel_dt + timedelta(hours=pick([1, 2])),
        )
        build_ladder_kalshi(L)
        # Polymarket bins (neg-risk event), with the two tails.
        slug = f"{mon.lower()}-inflation-us-annual" + (
            "" if yr == 2026 and per.month == 10 else f"-{yr}"
        )
        ev = CAT.pevent(
            title=f"{mon} Inflation US - Annual",
            slug=slug,
            description="",
            start=NOW - timedelta(days=20),
            end=rel_dt,
            neg_risk=True,
            tags=["economy", "inflation", "cpi"],
        )
        end = pick(
            [
                datetime(rel.year, rel.month, rel.day, 12, tzinfo=UTC),
                rel_dt - timedelta(hours=4, minutes=31),
            ]
        )
        base_desc = (
            f"This market will resolve to the percentage change in the Consumer Price Index (CPI) over the 12-month "
            f"period ending in {mon} {yr} according to the monthly Bureau of Labor Statistics (BLS) report, as "
            "published to one decimal place (all items, not seasonally adjusted).\n\nThe resolution source will be "
            f"the BLS CPI report for {mon} {yr}, scheduled to be released on {long_date(rel)}, at 8:30 AM ET. "
            "If the release is delayed, this market will remain open until the data is published."
        )
        eq: dict[float, str] = {}
        lo, hi = 2.5, 3.3
        stat_poly(
            L,
            ev,
            f"Will annual inflation be {lo:.1f}% or less in {mon}?",
            base_desc
            + f'\n\nThis market will resolve to "Yes" if the reported value is {lo:.1f}% or lower.',
            "le",
            lo,
            end,
            git=f"≤{lo:.1f}%",
        )
        for i in range(1, 8):
            v = round(lo + 0.1 * i, 1)
            eq[v] = stat_poly(
                L,
                ev,
                f"Will annual inflation be {v:.1f}% in {mon}?",
                base_desc
                + f'\n\nThis market will resolve to "Yes" if the reported value is exactly {v:.1f}%.',
                "eq",
                v,
                end,
                git=f"{v:.1f}%",
            )
        top = stat_poly(
            L,
            ev,
            f"Will annual inflation be {hi:.1f}% or more in {mon}?",
            base_desc
            + f'\n\nThis market will resolve to "Yes" if the reported value is {hi:.1f}% or higher.',
            "ge",
            hi,
            end,
            git=f"≥{hi:.1f}%",
        )
        _ladder_negatives(L, {hi: top}, eq, "CPI")
        # Stand-alone threshold markets (Polymarket's other framing).
        ge: dict[float, str] = {}
        th_specs = (
            [(2.7, "above"), (3.0, "ge"), (3.1, "above")]
            if per.month == 10
            else [(2.9, "above"), (2.8, "ge"), (3.0, "ge")]
        )
        for v, style in th_specs:
            ev2 = CAT.pevent(
                title=f"US inflation {mon} {yr}",
                slug=f"us-inflation-{mon.lower()}-{yr}-thresholds",
                description="",
                start=NOW - timedelta(days=25),
                end=rel_dt,
                tags=["economy"],
            )
            if style == "above":
                q = pick(
                    [
                        f"Will US annual inflation be above {v:.1f}% in {mon} {yr}?",
                        f"{mon} CPI YoY above {pct(v, 1)}?",
                        f"Will {mon} CPI inflation come in higher than {v:.1f}%?",
                    ]
                )
                d = (
                    f'This market will resolve to "Yes" if the 12-month percent change in CPI-U (all items, NSA) for {mon} '
                    f"{yr}, as reported by the BLS to one decimal place, is greater than {v:.1f}%. Otherwise, this market "
                    'will resolve to "No".\n\n' + base_desc.split("\n\n")[1]
                )
                stat_poly(L, ev2, q, d, "ge", round(v + 0.1, 1), end)
            else:
                q = pick(
                    [
                        f"Annual inflation {v:.1f}% or higher in {mon}?",
                        f"Will US CPI inflation be at least {v:.1f}% for {mon} {yr}?",
                    ]
                )
                d = (
                    f'This market will resolve to "Yes" if the year-over-year CPI-U inflation rate for {mon} {yr}, as '
                    f'published by the BLS (one decimal place), is {v:.1f}% or higher. Otherwise, "No".\n\n'
                    + base_desc.split("\n\n")[1]
                )
                ge[v] = stat_poly(L, ev2, q, d, "ge", v, end)
        _ladder_negatives(L, ge, {}, "CPI")
        # Core CPI.
        ev_c = f"KXCPICOREYOY-{kmonth(per)}"
        CAT.add_event(
            ev_c,
            "KXCPICOREYOY",
            f"Core CPI year-over-year in {mon[:3]} {yr}?",
            f"{mon} {yr}",
            mutually_exclusive=False,
            strike=rel_dt,
        )
        C = Ladder(
            "core_cpi_yoy",
            per.strftime("%Y-%m"),
            "KXCPICOREYOY",
            ev_c,
            f"Will core CPI inflation be above {{v}}% for the year ending in {mon} {yr}?",
            f"If the Consumer Price Index less food and energy (core CPI) increases by more than {{v}}% in the "
            f"twelve months ending {mon} {yr} (one-decimal value reported by the BLS), then the market resolves to Yes.",
            "Core CPI is the all items less food and energy index, not seasonally adjusted, as first published.",
            [2.8, 2.9, 3.0, 3.1, 3.2],
            center + 0.2,
            0.15,
            rel_dt - timedelta(minutes=1),
            rel_dt + timedelta(hours=1),
        )
        build_ladder_kalshi(C)
        evc = CAT.pevent(
            title=f"Core inflation {mon} {yr}",
            slug=f"core-inflation-{mon.lower()}-{yr}",
            description="",
            start=NOW - timedelta(days=15),
            end=rel_dt,
            tags=["economy"],
        )
        cv = 3.0 if per.month == 10 else 3.1
        core_cid = stat_poly(
            C,
            evc,
            f"Will core CPI inflation be above {cv:.1f}% in {mon}?",
            f'This market will resolve to "Yes" if core CPI (all items less food and energy) rises more than '
            f'{cv:.1f}% year over year in {mon} {yr}, per the BLS release (one decimal). Otherwise "No".',
            "ge",
            round(cv + 0.1, 1),
            end,
        )
        # Core vs headline look-alikes.
        some_ge = next(iter(ge.items()), None)
        if some_ge:
            v, cid = some_ge
            kv = round(v - 0.1, 1)
            if kv in C.kt:
                CAT.negative(
                    C.kt[kv],
                    cid,
                    "different",
                    "discrete_stat",
                    f"Different statistic: Kalshi is core CPI (less food and energy) above {kv:.1f}%, Polymarket is "
                    f"headline CPI at {v:.1f}% or higher for the same month.",
                )
        CAT.negative(
            L.kt[cv],
            core_cid,
            "different",
            "discrete_stat",
            f"Headline CPI above {cv:.1f}% (Kalshi) vs core CPI above {cv:.1f}% (Polymarket): same month and "
            "threshold, different index.",
        )
        # Month-over-month CPI.
        ev_m = f"KXCPI-{kmonth(per)}"
        CAT.add_event(
            ev_m,
            "KXCPI",
            f"CPI in {mon[:3]} {yr}?",
            "Month-over-month, seasonally adjusted",
            mutually_exclusive=False,
            strike=rel_dt,
        )
        M = Ladder(
            "cpi_mom",
            per.strftime("%Y-%m"),
            "KXCPI",
            ev_m,
            f"CPI increase in {mon[:3]} {yr} above {{v}}%?",
            f"If CPI-U (seasonally adjusted) increases by more than {{v}}% from the previous month for {mon} {yr}, "
            "as reported to one decimal by the BLS, then the market resolves to Yes.",
            "The one-month percent change, seasonally adjusted, as first published.",
            [0.1, 0.2, 0.3, 0.4],
            0.25,
            0.1,
            rel_dt - timedelta(minutes=1),
            rel_dt + timedelta(hours=1),
        )
        build_ladder_kalshi(M)
        evm = CAT.pevent(
            title=f"{mon} Inflation US - Monthly",
            slug=f"{mon.lower()}-inflation-us-monthly-{yr}",
            description="",
            start=NOW - timedelta(days=18),
            end=rel_dt,
            neg_risk=True,
            tags=["economy"],
        )
        mdesc = (
            f"This market will resolve according to the seasonally adjusted month-over-month change in CPI for {mon} "
            f"{yr} as published by the BLS (one decimal), scheduled for release on {long_date(rel)} at 8:30 AM ET."
        )
        stat_poly(
            M,
            evm,
            f"Will monthly inflation be 0.1% or less in {mon}?",
            mdesc,
            "le",
            0.1,
            end,
            git="≤0.1%",
        )
        m_eq = {
            0.2: stat_poly(
                M,
                evm,
                f"Will monthly inflation be 0.2% in {mon}?",
                mdesc,
                "eq",
                0.2,
                end,
                git="0.2%",
            )
        }
        stat_poly(
            M,
            evm,
            f"Will monthly inflation be 0.3% or more in {mon}?",
            mdesc,
            "ge",
            0.3,
            end,
            git="≥0.3%",
        )
        _ladder_negatives(M, {}, m_eq, "CPI")
        CAT.negative(
            M.kt[0.2],
            eq.get(2.9, top),
            "different",
            "discrete_stat",
            "Month-over-month CPI (Kalshi) vs year-over-year CPI bin (Polymarket) for the same release.",
        )


def build_jobs() -> None:
    CAT.add_series(
        "KXU3",
        "Unemployment rate",
        "Economics",
        "monthly",
        [("Bureau of Labor Statistics", "https://www.bls.gov/news.release/empsit.toc.htm")],
        tags=["Jobs"],
    )
    CAT.add_series(
        "KXPAYROLLS",
        "Jobs numbers",
        "Economics",
        "monthly",
        [("Bureau of Labor Statistics", "https://www.bls.gov/ces/")],
        tags=["Jobs"],
    )
    for per, rel, u_center, nfp_center in (
        (date(2026, 10, 1), date(2026, 11, 6), 4.5, 95),
        (date(2026, 11, 1), date(2026, 12, 4), 4.5, 110),
    ):
        mon, yr = MONTHS[per.month - 1], per.year
        rel_dt = et(rel.year, rel.month, rel.day, 8, 30)
        ev_t = f"KXU3-{kmonth(per)}"
        CAT.add_event(
            ev_t,
            "KXU3",
            f"Unemployment rate in {mon[:3]} {yr}?",
            "Employment Situation report",
            mutually_exclusive=False,
            strike=rel_dt,
        )
        U = Ladder(
            "u3",
            per.strftime("%Y-%m"),
            "KXU3",
            ev_t,
            pick(
                [
                    f"Will the unemployment rate be above {{v}}% in {mon} {yr}?",
                    f"Unemployment above {{v}}% in {mon[:3]} {yr}?",
                ]
            ),
            f"If the U-3 unemployment rate for {mon} {yr} is above {{v}}%, as first reported by the Bureau of Labor "
            "Statistics (to one decimal place), then the market resolves to Yes.",
            "The seasonally adjusted U-3 rate from the Employment Situation report is used; revisions are ignored.",
            [4.2, 4.3, 4.4, 4.5, 4.6, 4.7],
            u_center,
            0.12,
            rel_dt - timedelta(minutes=1),
            rel_dt + timedelta(minutes=pick([30, 60])),
        )
        build_ladder_kalshi(U)
        end = pick([datetime(rel.year, rel.month, rel.day, 12, tzinfo=UTC), rel_dt])
        evu = CAT.pevent(
            title=f"Unemployment rate in {mon}?",
            slug=f"unemployment-rate-in-{mon.lower()}-{yr}",
            description="",
            start=NOW - timedelta(days=20),
            end=rel_dt,
            neg_risk=True,
            tags=["economy"],
        )
        udesc = (
            f"This market will resolve according to the US unemployment rate (U-3, seasonally adjusted) for {mon} {yr} "
            "as reported by the Bureau of Labor Statistics in its Employment Situation release, scheduled for "
            f"{long_date(rel)}. The rate is published to one decimal place."
        )
        stat_poly(
            U,
            evu,
            f"Will the unemployment rate be 4.3% or lower in {mon}?",
            udesc,
            "le",
            4.3,
            end,
            git="≤4.3%",
        )
        u_eq = {
            v: stat_poly(
                U,
                evu,
                f"Will the unemployment rate be {v:.1f}% in {mon}?",
                udesc,
                "eq",
                v,
                end,
                git=f"{v:.1f}%",
            )
            for v in (4.4, 4.5, 4.6)
        }
        u_top = stat_poly(
            U,
            evu,
            f"Will the unemployment rate be 4.7% or higher in {mon}?",
            udesc,
            "ge",
            4.7,
            end,
            git="≥4.7%",
        )
        _ladder_negatives(U, {4.7: u_top}, u_eq, "unemployment rate")
        evt = CAT.pevent(
            title=f"US unemployment {mon} {yr}",
            slug=f"us-unemployment-{mon.lower()}-{yr}",
            description="",
            start=NOW - timedelta(days=22),
            end=rel_dt,
            tags=["economy"],
        )
        if per.month == 10:
            stat_poly(
                U,
                evt,
                f"Will the US unemployment rate be 4.5% or higher in {mon}?",
                f'Resolves "Yes" if the U-3 rate for {mon} {yr} is 4.5% or higher. ' + udesc,
                "ge",
                4.5,
                end,
            )
            stat_poly(
                U,
                evt,
                f"Unemployment above 4.5% in {mon}?",
                f'Resolves "Yes" if the reported U-3 rate for {mon} {yr} is greater than 4.5%. '
                + udesc,
                "ge",
                4.6,
                end,
            )
        else:
            stat_poly(
                U,
                evt,
                f"Will unemployment hit 4.6% or more in {mon} {yr}?",
                f'Resolves "Yes" if the U-3 rate for {mon} {yr} is at least 4.6%. ' + udesc,
                "ge",
                4.6,
                end,
            )
            ge44 = stat_poly(
                U,
                evt,
                f"Unemployment rate 4.4% or above for {mon}?",
                f'Resolves "Yes" if the U-3 rate for {mon} {yr} is 4.4% or above. ' + udesc,
                "ge",
                4.4,
                end,
            )
            _ladder_negatives(U, {4.4: ge44}, {}, "unemployment rate")
        # U-6 look-alike.
        u6 = CAT.poly(
            event=evt,
            question=f"Will the U-6 unemployment rate be above 8.0% in {mon}?",
            description=f'Resolves "Yes" if the U-6 rate (total unemployed plus marginally attached plus part time '
            f"for economic reasons) for {mon} {yr} is above 8.0%, per the BLS.",
            end=end,
            start=NOW - timedelta(days=22),
            key=f"stat|u6|{per:%Y-%m}|>=81",
            family="discrete_stat",
            sem="U-6 > 8.0",
            p=0.5,
            fees="economics",
        )
        CAT.negative(
            U.kt[4.5],
            u6,
            "different",
            "discrete_stat",
            "Kalshi is the headline U-3 unemployment rate; Polymarket is the broader U-6 rate for the same month.",
        )
        # Payrolls, reported in thousands.
        ev_p = f"KXPAYROLLS-{kmonth(per)}"
        CAT.add_event(
            ev_p,
            "KXPAYROLLS",
            f"Jobs numbers in {mon[:3]} {yr}?",
            "Nonfarm payrolls, first print",
            mutually_exclusive=False,
            strike=rel_dt,
        )
        kp: dict[int, str] = {}
        for k in (0, 50, 100, 150, 200):
            kp[k] = CAT.kalshi(
                ticker=f"{ev_p}-T{k * 1000}",
                event_ticker=ev_p,
                title=pick(
                    [
                        f"Will the US economy add more than {k * 1000:,} jobs in {mon} {yr}?",
                        f"Jobs added in {mon[:3]} {yr} above {k * 1000:,}?",
                    ]
                ),
                yes_sub=f"Above {k * 1000:,}",
                no_sub=f"{k * 1000:,} or below",
                rules1=(
                    f"If nonfarm payrolls for {mon} {yr} increase by more than {k * 1000:,}, as first reported by the "
                    "Bureau of Labor Statistics, then the market resolves to Yes."
                ),
                rules2="The BLS reports the monthly change in total nonfarm payroll employment in thousands (seasonally adjusted).",
                close=rel_dt - timedelta(minutes=1),
                expected=rel_dt + timedelta(hours=1),
                key=f"stat|nfp|{per:%Y-%m}|>={k + 1}",
                family="discrete_stat",
                sem=f"NFP > {k}k",
                p=p_above(k + 0.5, nfp_center, 60),
                strike_type="greater",
                floor=k * 1000,
            )
        evp = CAT.pevent(
            title=f"{mon} jobs report",
            slug=f"{mon.lower()}-jobs-report-{yr}",
            description="",
            start=NOW - timedelta(days=15),
            end=rel_dt,
            tags=["economy", "jobs"],
        )
        pdesc = (
            f"The BLS Employment Situation report for {mon} {yr} (scheduled for {long_date(rel)}, 8:30 AM ET) reports "
            "the change in total nonfarm payrolls in thousands. The first published figure is used; revisions do not count."
        )
        for k, style in ((100, "more"), (150, "least"), (50, "over")):
            if style == "more":
                q, kk, neg = (
                    pick(
                        [
                            f"More than {k}k jobs added in {mon}?",
                            f"Will the US add more than {k},000 jobs in {mon}?",
                        ]
                    ),
                    k + 1,
                    False,
                )
                d = (
                    f'This market will resolve to "Yes" if nonfarm payrolls rise by more than {k},000 in {mon} {yr}. '
                    + pdesc
                )
            elif style == "over":
                q, kk, neg = (
                    f"{mon} jobs report: over {money(k * 1000, 3).lstrip('$')} jobs?",
                    k + 1,
                    False,
                )
                d = f'Resolves "Yes" if the reported payroll gain exceeds {k},000. ' + pdesc
            else:
                q, kk, neg = f"Will the US add at least {k}k jobs in {mon} {yr}?", k, False
                d = (
                    f'This market will resolve to "Yes" if the payroll gain is {k}k or more (i.e. a print of {k} or higher). '
                    + pdesc
                )
            cid = CAT.poly(
                event=evp,
                question=q,
                description=d,
                end=end,
                start=NOW - timedelta(days=15),
                key=f"stat|nfp|{per:%Y-%m}|>={kk}",
                neg=neg,
                family="discrete_stat",
                sem=f"NFP >= {kk}k",
                p=p_above(kk - 0.5, nfp_center, 60),
                fees="economics",
            )
            if style == "least":
                CAT.negative(
                    kp[k],
                    cid,
                    "a_implies_b",
                    "discrete_stat",
                    f"Payrolls are published in whole thousands: Kalshi 'above {k},000' needs {k + 1}k or more, "
                    f"Polymarket 'at least {k}k' also pays on a print of exactly {k}k.",
                )
        # Bins on Polymarket.
        evb = CAT.pevent(
            title=f"How many jobs added in {mon}?",
            slug=f"how-many-jobs-added-in-{mon.lower()}-{yr}",
            description="",
            start=NOW - timedelta(days=15),
            end=rel_dt,
            neg_risk=True,
            tags=["economy"],
        )
        for a, b, git in (
            (None, 49, "<50k"),
            (50, 99, "50k-99k"),
            (100, 149, "100k-149k"),
            (150, None, "150k+"),
        ):
            if a is None:
                key, neg, p = f"stat|nfp|{per:%Y-%m}|>=50", True, 1 - p_above(49.5, nfp_center, 60)
            elif b is None:
                key, neg, p = f"stat|nfp|{per:%Y-%m}|>=150", False, p_above(149.5, nfp_center, 60)
            else:
                key, neg, p = (
                    f"stat|nfp|{per:%Y-%m}|[{a},{b}]",
                    False,
                    p_between(a - 0.5, b + 0.5, nfp_center, 60),
                )
            cid = CAT.poly(
                event=evb,
                question=f"Will the US add {git.replace('k-', 'k–')} jobs in {mon}?",
                description=pdesc + f" This bracket covers {git}.",
                end=end,
                start=NOW - timedelta(days=15),
                key=key,
                neg=neg,
                family="discrete_stat",
                sem=f"NFP bin {git}",
                p=p,
                group_item_title=git,
                fees="economics",
            )
            if git == "100k-149k":
                CAT.negative(
                    kp[100],
                    cid,
                    "related",
                    "discrete_stat",
                    "Kalshi 'above 100,000' is open-ended; Polymarket's 100k-149k bin also pays on exactly 100k "
                    "and not on 150k+.",
                )
            if git == "150k+":
                CAT.negative(
                    kp[150],
                    cid,
                    "a_implies_b",
                    "discrete_stat",
                    "'150k+' on Polymarket includes a print of exactly 150k; Kalshi 'above 150,000' does not.",
                )


def build_gdp_approval() -> None:
    CAT.add_series(
        "KXGDP",
        "GDP growth",
        "Economics",
        "quarterly",
        [("Bureau of Economic Analysis", "https://www.bea.gov/data/gdp/gross-domestic-product")],
        tags=["GDP"],
    )
    rel_dt = et(2026, 10, 29, 8, 30)
    ev_t = "KXGDP-26Q3"
    CAT.add_event(
        ev_t,
        "KXGDP",
        "GDP growth in Q3 2026?",
        "Advance estimate",
        mutually_exclusive=False,
        strike=rel_dt,
    )
    G = Ladder(
        "gdp_adv",
        "2026Q3",
        "KXGDP",
        ev_t,
        "Will real GDP growth be above {v}% in Q3 2026?",
        "If the advance estimate of real GDP growth for Q3 2026 (seasonally adjusted annual rate), as first released "
        "by the Bureau of Economic Analysis, is above {v}%, then the market resolves to Yes.",
        "The BEA publishes the growth rate to one decimal place. Subsequent estimates are not considered.",
        [1.0, 1.5, 2.0, 2.5, 3.0, 3.5],
        2.3,
        0.6,
        rel_dt - timedelta(minutes=1),
        rel_dt + timedelta(hours=1),
    )
    build_ladder_kalshi(G)
    ev = CAT.pevent(
        title="US GDP growth in Q3 2026?",
        slug="us-gdp-growth-in-q3-2026",
        description="",
        start=NOW - timedelta(days=40),
        end=rel_dt,
        tags=["economy", "gdp"],
    )
    gdesc = (
        "This market resolves according to the advance estimate of US real GDP growth for Q3 2026 (annualized, "
        "seasonally adjusted) published by the Bureau of Economic Analysis, scheduled for October 29, 2026 at 8:30 AM ET."
    )
    end = datetime(2026, 10, 29, 12, tzinfo=UTC)
    stat_poly(G, ev, "Will Q3 2026 GDP growth be 2.1% or higher?", gdesc, "ge", 2.1, end)
    stat_poly(
        G,
        ev,
        "Q3 GDP growth above 2.5%?",
        gdesc + " Resolves Yes if the figure is greater than 2.5%.",
        "ge",
        2.6,
        end,
    )
    g30 = stat_poly(G, ev, "US GDP growth 3.0% or more in Q3?", gdesc, "ge", 3.0, end)
    g15 = stat_poly(G, ev, "Will Q3 GDP grow more than 1.5%?", gdesc, "ge", 1.6, end)
    _ = g15
    _ladder_negatives(G, {3.0: g30}, {}, "GDP growth rate")
    ev2 = CAT.pevent(
        title="US GDP Q3 2026 second estimate",
        slug="us-gdp-q3-2026-second-estimate",
        description="",
        start=NOW - timedelta(days=10),
        end=et(2026, 11, 25, 8, 30),
        tags=["economy"],
    )
    sec = CAT.poly(
        event=ev2,
        question="Will the second estimate of Q3 2026 GDP growth be above 2.0%?",
        description=(
            "Resolves according to the BEA's second estimate of Q3 2026 real GDP growth (annualized), "
            "scheduled for late November 2026. Resolves Yes if greater than 2.0%."
        ),
        end=et(2026, 11, 25, 8, 30),
        start=NOW - timedelta(days=10),
        key="stat|gdp_second|2026Q3|>=21",
        family="discrete_stat",
        sem="GDP second estimate > 2.0",
        p=0.6,
        fees="economics",
    )
    CAT.negative(
        G.kt[2.0],
        sec,
        "related",
        "discrete_stat",
        "Same quarter and threshold, but Kalshi settles on the advance estimate (Oct 29) and Polymarket on the "
        "second estimate (late November); revisions can move the number across 2.0%.",
    )
    # Presidential approval (one decimal), RealClearPolling vs Silver Bulletin.
    CAT.add_series(
        "KXAPRPOTUS",
        "Trump approval rating",
        "Politics",
        "custom",
        [
            (
                "RealClearPolling",
                "https://www.realclearpolling.com/polls/approval/donald-trump/approval-rating",
            )
        ],
        tags=["Approval"],
    )
    for dd, center in ((date(2026, 11, 30), 42.4), (date(2026, 12, 31), 42.1)):
        ev_a = f"KXAPRPOTUS-{kdate(dd)}"
        CAT.add_event(
            ev_a,
            "KXAPRPOTUS",
            f"Trump approval rating on {short_date(dd)}?",
            "RealClearPolling average",
            mutually_exclusive=False,
            strike=et(dd.year, dd.month, dd.day, 23, 59),
        )
        A = Ladder(
            "approval_rcp",
            dd.isoformat(),
            "KXAPRPOTUS",
            ev_a,
            f"Will Trump's approval rating be above {{v}}% on {short_date(dd)}?",
            f"If Donald Trump's approval rating, according to the RealClearPolling average, is above {{v}}% on "
            f"{short_date(dd)} at 11:59 PM ET, then the market resolves to Yes.",
            "The RealClearPolling average is displayed to one decimal place; the value shown at the deadline is used.",
            [41.0, 41.5, 42.0, 42.5, 43.0, 43.5],
            center,
            0.8,
            et(dd.year, dd.month, dd.day, 23, 59),
            et(dd.year, dd.month, dd.day, 23, 59) + timedelta(hours=10),
        )
        build_ladder_kalshi(A)
        mon = MONTHS[dd.month - 1]
        ev = CAT.pevent(
            title=f"Trump approval rating on {mon} {dd.day}? (RCP)",
            slug=f"trump-approval-rcp-{dd.isoformat()}",
            description="",
            start=NOW - timedelta(days=12),
            end=et(dd.year, dd.month, dd.day, 23, 59),
            tags=["politics", "approval"],
        )
        rcp = (
            "This market resolves according to Donald Trump's approval rating in the RealClearPolling (RCP) average, "
            f"as displayed (one decimal) on {long_date(dd)}, 11:59 PM ET."
        )
        end = et(dd.year, dd.month, dd.day, 23, 59) + timedelta(hours=pick([0, 12]))
        v1 = 42.6 if dd.month == 11 else 41.6
        stat_poly(
            A,
            ev,
            f"Will Trump's RCP approval be {v1:.1f}% or higher on {mon} {dd.day}?",
            rcp,
            "ge",
            v1,
            end,
            fees="politics",
        )
        stat_poly(
            A,
            ev,
            f"Trump approval above {42.0 if dd.month == 11 else 43.0:.1f}% on {mon} {dd.day} (RCP)?",
            rcp + " Resolves Yes if the value is greater than the threshold.",
            "ge",
            42.1 if dd.month == 11 else 43.1,
            end,
            fees="politics",
        )
        ge43 = stat_poly(
            A,
            ev,
            f"Trump RCP approval at least 43.0% on {mon} {dd.day}?",
            rcp,
            "ge",
            43.0,
            end,
            fees="politics",
        )
        _ladder_negatives(A, {43.0: ge43}, {}, "RCP average")
        # Silver Bulletin bins (different aggregator).
        evs = CAT.pevent(
            title=f"Trump approval rating on {mon} {dd.day}? (Silver Bulletin)",
            slug=f"trump-approval-silver-bulletin-{dd.isoformat()}",
            description="",
            start=NOW - timedelta(days=12),
            end=et(dd.year, dd.month, dd.day, 23, 59),
            neg_risk=True,
            tags=["politics"],
        )
        sb = (
            "This market resolves according to Donald Trump's net approval figures published by Silver Bulletin "
            f"(Nate Silver's average), approve share, as of {long_date(dd)}, 11:59 PM ET, to one decimal."
        )
        SBL = Ladder(
            "approval_sb", dd.isoformat(), "", "", "", "", "", [], center - 0.6, 0.8, end, end
        )
        sb_cids = {}
        for a, b, git in (
            (None, 40.9, "<41.0%"),
            (41.0, 41.9, "41.0-41.9%"),
            (42.0, 42.9, "42.0-42.9%"),
            (43.0, None, "43.0%+"),
        ):
            if a is None:
                sb_cids[git] = stat_poly(
                    SBL,
                    evs,
                    f"Will Trump's approval be below 41.0% on {mon} {dd.day}? (Silver Bulletin)",
                    sb,
                    "le",
                    40.9,
                    end,
                    "politics",
                    git,
                )
            elif b is None:
                sb_cids[git] = stat_poly(
                    SBL,
                    evs,
                    f"Will Trump's approval be 43.0% or higher on {mon} {dd.day}? (Silver Bulletin)",
                    sb,
                    "ge",
                    43.0,
                    end,
                    "politics",
                    git,
                )
            else:
                sb_cids[git] = stat_poly(
                    SBL,
                    evs,
                    f"Will Trump's approval be between {git.replace('-', ' and ')} on {mon} {dd.day}? (Silver Bulletin)",
                    sb,
                    "range",
                    a,
                    end,
                    "politics",
                    git,
                    v2=b,
                )
        CAT.negative(
            A.kt[42.5],
            sb_cids["43.0%+"],
            "related",
            "discrete_stat",
            "Different aggregator: Kalshi settles on the RealClearPolling average, Polymarket on Silver Bulletin; "
            "the thresholds also differ (above 42.5% vs 43.0%+).",
        )
        CAT.negative(
            A.kt[42.0],
            sb_cids["42.0-42.9%"],
            "related",
            "discrete_stat",
            "RealClearPolling above 42.0% (Kalshi) vs Silver Bulletin 42.0-42.9% bin (Polymarket): different source and shape.",
        )


# --- daily high temperature (whole degrees) ---------------------------------------------------
@dataclass(frozen=True)
class Station:
    code: str
    kseries: str
    city: str  # Kalshi title city
    pcity: str  # Polymarket city
    place: str  # Kalshi rules location
    wfo: str


STATIONS = {
    "CPK": Station("CPK", "KXHIGHNY", "NYC", "NYC", "Central Park, New York", "okx"),
    "MDW": Station("MDW", "KXHIGHCHI", "Chicago", "Chicago", "Chicago Midway, IL", "lot"),
    "MIA": Station("MIA", "KXHIGHMIA", "Miami", "Miami", "Miami International Airport, FL", "mfl"),
    "LAX": Station(
        "LAX",
        "KXHIGHLAX",
        "Los Angeles",
        "Los Angeles",
        "Los Angeles International Airport, CA",
        "lox",
    ),
    "AUS": Station(
        "AUS", "KXHIGHAUS", "Austin", "Austin", "Austin-Bergstrom International Airport, TX", "ewx"
    ),
    "DEN": Station(
        "DEN", "KXHIGHDEN", "Denver", "Denver", "Denver International Airport, CO", "bou"
    ),
    "PHL": Station(
        "PHL",
        "KXHIGHPHIL",
        "Philadelphia",
        "Philadelphia",
        "Philadelphia International Airport, PA",
        "phi",
    ),
}


def temp_key(
    station: str, source: str, d: date, lo: int | None, hi: int | None
) -> tuple[str, bool]:
    base = f"temp|{station}|{source}|{d.isoformat()}|"
    if lo is None:  # hi or below  == NOT (>= hi+1)
        return base + f">={hi + 1}", True
    if hi is None:  # lo or above
        return base + f">={lo}", False
    return base + f"[{lo},{hi}]", False


def build_kalshi_temps(st: Station, d: date, first: int, center: float) -> dict[tuple, str]:
    """Kalshi KXHIGH* event: lower tail (< first), five 2-degree bins, upper tail (> first+9)."""
    CAT.add_series(
        st.kseries,
        f"Highest temperature in {st.city}",
        "Climate and Weather",
        "daily",
        [("National Weather Service", f"https://www.weather.gov/wrh/climate?wfo={st.wfo}")],
        tags=["Weather"],
        contract_code="NHIGH" if st.code == "CPK" else None,
    )
    ev_t = f"{st.kseries}-{kdate(d)}"
    CAT.add_event(
        ev_t,
        st.kseries,
        f"Highest temperature in {st.city} on {short_date(d)}?",
        f"On {short_date(d)}",
        mutually_exclusive=True,
        strike=et(d.year, d.month, d.day, 23, 59) + timedelta(hours=1),
    )
    close = et(d.year, d.month, d.day, 23, 59)
    expected = close + timedelta(hours=pick([10, 11, 16]))
    r2 = (
        "Not all weather data is the same. While checking for the highest temperature may show a different value, the "
        "market resolves based on the NWS Daily Climate Report."
    )
    out = {}
    specs = (
        [(None, first - 1)]
        + [(first + 2 * i, first + 2 * i + 1) for i in range(5)]
        + [(first + 10, None)]
    )
    for lo, hi in specs:
        key, neg = temp_key(st.code, "nwscli", d, lo, hi)
        if lo is None:
            t = f"{st.kseries}-{kdate(d)}-T{hi + 1}"
            title = f"Will the high temp in {st.city} be <{hi + 1}° on {short_date(d)}?"
            ys, ns = f"{hi}° or below", f"{hi + 1}° or above"
            r1 = (
                f"If the highest temperature recorded in {st.place} for {long_date(d)} is less than {hi + 1}°, then the "
                "market resolves to Yes."
            )
            kw = dict(strike_type="less", cap=hi + 1)
            p = phi((hi + 0.5 - center) / 3)
        elif hi is None:
            t = f"{st.kseries}-{kdate(d)}-T{lo - 1}"
            title = f"Will the high temp in {st.city} be >{lo - 1}° on {short_date(d)}?"
            ys, ns = f"{lo}° or above", f"{lo - 1}° or below"
            r1 = (
                f"If the highest temperature recorded in {st.place} for {long_date(d)} is greater than {lo - 1}°, then "
                "the market resolves to Yes."
            )
            kw = dict(strike_type="greater", floor=lo - 1)
            p = 1 - phi((lo - 0.5 - center) / 3)
        else:
            t = f"{st.kseries}-{kdate(d)}-B{lo + 0.5}"
            title = f"Will the high temp in {st.city} be {lo}-{hi}° on {short_date(d)}?"
            ys = ns = f"{lo}° to {hi}°"
            r1 = (
                f"If the highest temperature recorded in {st.place} for {long_date(d)} is between {lo}-{hi}°, then the "
                "market resolves to Yes."
            )
            kw = dict(strike_type="between", floor=lo, cap=hi)
            p = phi((hi + 0.5 - center) / 3) - phi((lo - 0.5 - center) / 3)
        out[(lo, hi)] = CAT.kalshi(
            ticker=t,
            event_ticker=ev_t,
            title=title,
            yes_sub=ys,
            no_sub=ns,
            rules1=r1,
            rules2=r2,
            close=close,
            expected=expected,
            key=key,
            neg=neg,
            family="discrete_stat",
            sem=f"{st.code} high {d} in {lo}-{hi}",
            p=p,
            timer=3600,
            open_=et(d.year, d.month, d.day, 10) - timedelta(days=2),
            **kw,
        )
    return out


def build_poly_temps(
    st_code: str,
    pcity: str,
    d: date,
    first: int,
    center: float,
    source: str,
    station_name: str,
    wu_code: str,
    unit: str = "F",
) -> dict[tuple, str]:
    mon = MONTHS[d.month - 1]
    slug = f"highest-temperature-in-{slugify(pcity)}-on-{mon.lower()}-{d.day}-{d.year}"
    ev = CAT.pevent(
        title=f"Highest temperature in {pcity} on {mon} {d.day}?",
        slug=slug,
        description="",
        start=et(d.year, d.month, d.day) - timedelta(days=2),
        end=et(d.year, d.month, d.day, 12),
        neg_risk=True,
        tags=["weather", "temperature"],
        extra={"seriesSlug": f"{slugify(pcity)}-daily-weather"},
    )
    if source == "nwscli":
        src = (
            f"The resolution source for this market will be the National Weather Service's Daily Climate Report (CLI) "
            f"for {station_name}, specifically the maximum temperature for {long_date(d)}, once the report for that day "
            "is published."
        )
    else:
        src = (
            f"The resolution source for this market will be information from Wunderground, specifically the highest "
            f"temperature recorded for all times on this day by the Forecast for the {station_name} Station once "
            f"information is finalized, available here: https://www.wunderground.com/history/daily/{wu_code}."
        )
    desc_head = (
        f"This market will resolve to the temperature range that contains the highest temperature recorded at the "
        f"{station_name} Station in degrees {'Fahrenheit' if unit == 'F' else 'Celsius'} on {d.day} {mon[:3]} '{d.year % 100}."
    )
    tail = (
        'This market can not resolve to "Yes" until all data for this date has been finalized.\n\nThe resolution '
        f"source for this market measures temperatures to whole degrees {'Fahrenheit' if unit == 'F' else 'Celsius'} "
        "(eg, 21°). Thus, this is the level of precision that will be used when resolving the market. Any revisions to "
        "temperatures recorded after data is finalized for this market's timeframe will not be considered."
    )
    out = {}
    specs = (
        [(None, first - 1)]
        + [(first + 2 * i, first + 2 * i + 1) for i in range(5)]
        + [(first + 10, None)]
    )
    end = pick([et(d.year, d.month, d.day, 12), et(d.year, d.month, d.day) + timedelta(days=1)])
    for lo, hi in specs:
        key, neg = temp_key(st_code, source, d, lo, hi)
        u = f"°{unit}"
        if lo is None:
            git, q = (
                f"{hi}{u} or below",
                f"Will the highest temperature in {pcity} be {hi}{u} or below on {mon} {d.day}?",
            )
            p = phi((hi + 0.5 - center) / 3)
        elif hi is None:
            git, q = (
                f"{lo}{u} or higher",
                f"Will the highest temperature in {pcity} be {lo}{u} or higher on {mon} {d.day}?",
            )
            p = 1 - phi((lo - 0.5 - center) / 3)
        else:
            git, q = (
                f"{lo}-{hi}{u}",
                f"Will the highest temperature in {pcity} be between {lo}-{hi}{u} on {mon} {d.day}?",
            )
            p = phi((hi + 0.5 - center) / 3) - phi((lo - 0.5 - center) / 3)
        out[(lo, hi)] = CAT.poly(
            event=ev,
            question=q,
            description=f"{desc_head}\n\n{src}\n\n{tail}",
            end=end,
            start=et(d.year, d.month, d.day) - timedelta(days=2),
            key=key,
            neg=neg,
            family="discrete_stat",
            sem=f"{st_code}/{source} high {d} in {lo}-{hi}",
            p=p,
            group_item_title=git,
            fees="weather",
            resolution_source=""
            if source != "wu"
            else f"https://www.wunderground.com/history/daily/{wu_code}",
        )
    return out


def build_weather() -> None:
    # Same station, same source, same bins: identical pairs.
    for code, d, first, center, name in (
        ("MDW", date(2026, 10, 28), 51, 57.0, "Chicago Midway International Airport"),
        ("MIA", date(2026, 10, 27), 79, 84.5, "Miami International Airport"),
        ("LAX", date(2026, 10, 27), 67, 72.0, "Los Angeles International Airport"),
    ):
        st = STATIONS[code]
        k = build_kalshi_temps(st, d, first, center)
        # Polymarket uses a slightly narrower ladder: its tails start one bin in.
        p = build_poly_temps(code, st.pcity, d, first + 2, center, "nwscli", name, "")
        CAT.negative(
            k[(None, first - 1)],
            p[(None, first + 1)],
            "a_implies_b",
            "discrete_stat",
            f"Different tails: Kalshi '{first - 1}° or below' vs Polymarket '{first + 1}°F or below' at the same "
            "station; Kalshi YES implies Polymarket YES.",
        )
        CAT.negative(
            k[(first + 2, first + 3)],
            p[(first + 4, first + 5)],
            "different",
            "discrete_stat",
            f"Adjacent 2-degree bins ({first + 2}-{first + 3}° vs {first + 4}-{first + 5}°F) of the same day and station.",
        )
    # Chicago again the next day on Kalshi only: same bins, different date.
    kchi29 = build_kalshi_temps(STATIONS["MDW"], date(2026, 10, 29), 49, 55.0)
    pchi28 = [
        m
        for m in CAT.pmarkets
        if m["slug"].startswith("will-the-highest-temperature-in-chicago-be-between-55-56")
    ]
    cid = pchi28[0]["conditionId"]
    CAT.negative(
        kchi29[(55, 56)],
        cid,
        "different",
        "discrete_stat",
        "Same station (Chicago Midway) and same 55-56° bin, but Kalshi is Oct 29 and Polymarket is Oct 28.",
    )
    # NYC: Kalshi settles on Central Park, Polymarket on LaGuardia (Wunderground).
    k = build_kalshi_temps(STATIONS["CPK"], date(2026, 10, 28), 52, 58.0)
    p = build_poly_temps(
        "LGA",
        "NYC",
        date(2026, 10, 28),
        52,
        58.0,
        "wu",
        "LaGuardia Airport",
        "us/ny/new-york-city/KLGA",
    )
    for b in [(None, 51), (54, 55), (56, 57), (58, 59), (62, None)]:
        if rng.random() < 0.8:
            CAT.negative(
                k[b],
                p[b],
                "different",
                "discrete_stat",
                "Same city, date and bin, different weather station: Kalshi settles on the NWS climate report for "
                "Central Park, Polymarket on Wunderground's LaGuardia Airport (KLGA) history.",
            )
    # Denver: same station, different source (Wunderground hourly history vs NWS daily climate report).
    k = build_kalshi_temps(STATIONS["DEN"], date(2026, 10, 28), 60, 66.0)
    p = build_poly_temps(
        "DEN",
        "Denver",
        date(2026, 10, 28),
        60,
        66.0,
        "wu",
        "Denver International Airport",
        "us/co/denver/KDEN",
    )
    for b in [(64, 65), (66, 67), (70, None)]:
        CAT.negative(
            k[b],
            p[b],
            "related",
            "discrete_stat",
            "Same station (Denver International Airport), date and bin, but different resolution source: Kalshi uses "
            "the NWS Daily Climate Report, Polymarket the Wunderground daily history, which can differ by a degree.",
        )
    # Austin: same station and source but Polymarket's bins are offset by one degree.
    k = build_kalshi_temps(STATIONS["AUS"], date(2026, 10, 29), 78, 84.0)
    p = build_poly_temps(
        "AUS",
        "Austin",
        date(2026, 10, 29),
        79,
        84.0,
        "nwscli",
        "Austin-Bergstrom International Airport",
        "",
    )
    for kb, pb in (((80, 81), (81, 82)), ((82, 83), (83, 84)), ((84, 85), (83, 84))):
        CAT.negative(
            k[kb],
            p[pb],
            "related",
            "discrete_stat",
            f"Overlapping but different bins: Kalshi {kb[0]}-{kb[1]}° vs Polymarket {pb[0]}-{pb[1]}°F share one degree.",
        )
    CAT.negative(
        k[(88, None)],
        p[(89, None)],
        "b_implies_a",
        "discrete_stat",
        "Upper tails differ by one degree: Kalshi '88° or above' vs Polymarket '89°F or higher'.",
    )
    # Philadelphia on Kalshi only; London in Celsius on Polymarket only.
    build_kalshi_temps(STATIONS["PHL"], date(2026, 10, 27), 55, 60.0)
    build_poly_temps(
        "EGLC",
        "London",
        date(2026, 10, 28),
        9,
        13.5,
        "wu",
        "London City Airport",
        "gb/london/EGLC",
        unit="C",
    )


# =============================================================================================
# Family — dates (equivalent deadline framings)
# =============================================================================================
@dataclass
class DateTopic:
    ident: str
    kseries: str
    ktitle: str  # "Will {x} {dl}?" with {dl}
    kevent: str  # rules phrase: "Russia and Ukraine agree to a ceasefire"
    pq: str  # Polymarket question with {dl}
    pevent: str  # description phrase
    pslug: str
    kcat: str
    fees: str
    extra_rules: str
    k: list[tuple[str, str]]  # (deadline iso, framing) on Kalshi
    p: list[tuple[str, str]]  # (deadline iso, framing) on Polymarket
    source: tuple[str, str] = ("", "")


def k_framing(d: date, style: str) -> str:
    nxt = d + timedelta(days=1)
    if style == "before":
        return f"before {short_date(nxt)}"
    if style == "by":
        return f"by {short_date(d)}"
    if style == "in_year":
        return f"in {d.year}"
    if style == "before_year":
        return f"before {d.year + 1}"
    if style == "by_end":
        return f"by the end of {d.year}"
    raise ValueError(style)


def p_framing(d: date, style: str) -> str:
    if style == "by":
        return f"by {long_date(d)}"
    if style == "by_noyear":
        return f"by {long_date(d, False)}"
    if style == "in_year":
        return f"in {d.year}"
    if style == "before_year":
        return f"before {d.year + 1}"
    if style == "by_end":
        return f"by end of {d.year}"
    if style == "before":
        return f"before {long_date(d + timedelta(days=1))}"
    raise ValueError(style)


DATE_TOPICS = [
    DateTopic(
        "ru_ua_ceasefire",
        "KXUKRCEASEFIRE",
        "Will Russia and Ukraine agree to a ceasefire {dl}?",
        "Russia and Ukraine agree to a ceasefire",
        "Russia x Ukraine ceasefire {dl}?",
        "there is an official ceasefire agreement, defined as a publicly announced and mutually agreed halt in "
        "military engagement between Russia and Ukraine,",
        "russia-x-ukraine-ceasefire",
        "World",
        "geopolitics",
        "A ceasefire must be agreed to by both governments; unilateral or humanitarian pauses of less than 7 days do not count.",
        [("2027-06-30", "before"), ("2026-12-31", "in_year")],
        [("2027-06-30", "by"), ("2026-12-31", "in_year"), ("2027-03-31", "by")],
    ),
    DateTopic(
        "putin_zelensky",
        "KXPUTINZELENSKY",
        "Will Putin and Zelenskyy meet in person {dl}?",
        "Vladimir Putin and Volodymyr Zelenskyy meet in person",
        "Putin x Zelenskyy meeting {dl}?",
        "Vladimir Putin and Volodymyr Zelenskyy meet in person",
        "putin-x-zelenskyy-meeting",
        "World",
        "geopolitics",
        "A meeting by video link does not count.",
        [("2026-12-31", "in_year"), ("2027-06-30", "before")],
        [("2026-12-31", "before_year"), ("2027-06-30", "by"), ("2027-03-31", "by")],
    ),
    DateTopic(
        "gta6",
        "KXGTA6",
        "Will GTA VI be released {dl}?",
        "Grand Theft Auto VI is released to the public",
        "GTA VI released {dl}?",
        "Grand Theft Auto VI is released and available to purchase and play in the United States",
        "gta-vi-released",
        "Culture",
        "culture",
        "Early access, betas or review copies do not count; the game must be generally available on at least one platform.",
        [("2026-11-30", "before")],
        [("2026-11-30", "by"), ("2026-12-31", "in_year")],
    ),
    DateTopic(
        "openai_ipo",
        "KXOPENAIIPO",
        "Will OpenAI IPO {dl}?",
        "OpenAI's shares begin trading on a public stock exchange",
        "OpenAI IPO {dl}?",
        "OpenAI's stock begins trading on a major public exchange following an initial public offering",
        "openai-ipo",
        "Companies",
        "finance",
        "Direct listings count; SPAC mergers count once shares trade.",
        [("2027-06-30", "before")],
        [("2027-06-30", "by"), ("2026-12-31", "in_year")],
    ),
    DateTopic(
        "spacex_ipo",
        "KXSPACEXIPO",
        "Will SpaceX IPO {dl}?",
        "SpaceX shares begin trading on a public stock exchange",
        "SpaceX IPO {dl}?",
        "SpaceX (or a SpaceX entity including Starlink) completes an IPO and its shares begin trading",
        "spacex-ipo",
        "Companies",
        "finance",
        "A Starlink spin-off IPO counts.",
        [("2026-12-31", "in_year"), ("2027-06-30", "before")],
        [("2026-12-31", "by")],
    ),
    DateTopic(
        "starship_catch",
        "KXSTARSHIPCATCH",
        "Will SpaceX catch a Starship upper stage with the tower {dl}?",
        "SpaceX catches a Starship upper stage (Ship) with the launch tower arms",
        "Starship ship catch {dl}?",
        "SpaceX successfully catches a Starship upper stage (the Ship, not the Super Heavy booster) with the launch tower",
        "starship-ship-catch",
        "Science and Technology",
        "tech",
        "Booster catches do not count.",
        [("2026-12-31", "before_year"), ("2027-06-30", "by")],
        [("2026-12-31", "in_year"), ("2027-06-30", "by")],
    ),
    DateTopic(
        "musk_trillionaire",
        "KXMUSKTRILLION",
        "Will Elon Musk become a trillionaire {dl}?",
        "Elon Musk's net worth reaches $1 trillion according to Forbes' Real-Time Billionaires list",
        "Elon Musk trillionaire {dl}?",
        "Elon Musk's net worth is listed at $1 trillion or more on Forbes' Real-Time Billionaires list at any point",
        "elon-musk-trillionaire",
        "Financials",
        "finance",
        "Only the Forbes Real-Time Billionaires list is used.",
        [("2027-12-31", "before_year")],
        [("2027-12-31", "by"), ("2026-12-31", "in_year")],
        ("Forbes", "https://www.forbes.com/real-time-billionaires/"),
    ),
    DateTopic(
        "powell_board",
        "KXPOWELLOUT",
        "Will Jerome Powell leave the Federal Reserve Board {dl}?",
        "Jerome Powell ceases to be a member of the Federal Reserve Board of Governors",
        "Powell out as Fed governor {dl}?",
        "Jerome Powell ceases to serve as a member of the Board of Governors of the Federal Reserve System",
        "powell-out-as-fed-governor",
        "Economics",
        "economics",
        "An announced resignation counts only once it takes effect.",
        [("2027-06-30", "before")],
        [("2027-06-30", "by")],
    ),
    DateTopic(
        "scotus_vacancy",
        "KXSCOTUSVACANCY",
        "Will there be a Supreme Court vacancy {dl}?",
        "a seat on the U.S. Supreme Court becomes vacant",
        "Supreme Court vacancy {dl}?",
        "a Justice of the U.S. Supreme Court dies, retires, resigns or is removed such that their seat becomes vacant",
        "supreme-court-vacancy",
        "Politics",
        "politics",
        "An announcement of a future retirement does not count until the seat is actually vacated.",
        [("2026-12-31", "in_year")],
        [("2026-12-31", "before_year"), ("2027-06-30", "by")],
    ),
    DateTopic(
        "foldable_iphone",
        "KXFOLDIPHONE",
        "Will Apple announce a foldable iPhone {dl}?",
        "Apple officially announces a foldable iPhone",
        "Foldable iPhone announced {dl}?",
        "Apple officially announces a foldable iPhone (via press release or keynote)",
        "foldable-iphone-announced",
        "Science and Technology",
        "tech",
        "Leaks, supply-chain reports and regulatory filings do not count.",
        [("2027-09-30", "before")],
        [("2027-09-30", "by")],
    ),
    DateTopic(
        "tesla_robotaxi_ca",
        "KXTSLACA",
        "Will Tesla launch a driverless robotaxi service in California {dl}?",
        "Tesla offers paid rides to the public in California with no safety driver or monitor in the vehicle",
        "Tesla driverless robotaxi in California {dl}?",
        "Tesla launches a robotaxi service in California that carries paying members of the public with no human in the driver's seat",
        "tesla-driverless-robotaxi-california",
        "Companies",
        "tech",
        "Employee-only or invite-only pilots with a safety monitor do not count.",
        [("2026-12-31", "in_year"), ("2027-06-30", "before")],
        [("2026-12-31", "by"), ("2027-06-30", "by")],
    ),
    DateTopic(
        "us_btc_reserve",
        "KXBTCRESERVE",
        "Will the US government buy Bitcoin for its reserve {dl}?",
        "the United States government purchases Bitcoin for the Strategic Bitcoin Reserve",
        "US buys Bitcoin for Strategic Reserve {dl}?",
        "the US federal government acquires Bitcoin through purchase (not forfeiture) for the Strategic Bitcoin Reserve",
        "us-buys-bitcoin-strategic-reserve",
        "Crypto",
        "crypto",
        "Forfeited or seized Bitcoin does not count.",
        [("2026-12-31", "before_year")],
        [("2026-12-31", "in_year"), ("2027-06-30", "by")],
    ),
    DateTopic(
        "xi_us_visit",
        "KXXIVISIT",
        "Will Xi Jinping visit the United States {dl}?",
        "Xi Jinping makes an in-person visit to the United States",
        "Xi Jinping visits US {dl}?",
        "Xi Jinping is physically present in the United States (including for a multilateral summit)",
        "xi-jinping-visits-us",
        "World",
        "geopolitics",
        "Visits to US territories count.",
        [("2027-06-30", "before"), ("2026-12-31", "in_year")],
        [("2027-06-30", "by"), ("2026-12-31", "in_year")],
    ),
    DateTopic(
        "trump_kim",
        "KXTRUMPKIM",
        "Will Trump and Kim Jong Un meet {dl}?",
        "Donald Trump and Kim Jong Un meet in person",
        "Trump x Kim Jong Un meeting {dl}?",
        "Donald Trump and Kim Jong Un meet in person",
        "trump-x-kim-jong-un-meeting",
        "World",
        "geopolitics",
        "A handshake at the DMZ counts as a meeting.",
        [("2026-12-31", "in_year"), ("2027-06-30", "before")],
        [("2026-12-31", "by"), ("2027-06-30", "by_noyear")],
    ),
    DateTopic(
        "greenland_ref",
        "KXGREENLANDREF",
        "Will Greenland hold an independence referendum {dl}?",
        "Greenland holds a referendum on independence from Denmark",
        "Greenland independence referendum {dl}?",
        "Greenland holds an official referendum on independence from the Kingdom of Denmark (the vote must take place)",
        "greenland-independence-referendum",
        "World",
        "geopolitics",
        "Only the vote date counts, not its scheduling.",
        [("2027-12-31", "before_year")],
        [("2027-12-31", "by")],
    ),
    DateTopic(
        "us_iran_deal",
        "KXIRANDEAL",
        "Will the US and Iran sign a nuclear deal {dl}?",
        "the United States and Iran sign a new agreement on Iran's nuclear program",
        "US x Iran nuclear deal {dl}?",
        "the United States and Iran publicly sign a formal agreement concerning Iran's nuclear program",
        "us-x-iran-nuclear-deal",
        "World",
        "geopolitics",
        "A framework or interim agreement counts if signed by both.",
        [("2027-06-30", "before")],
        [("2027-06-30", "by"), ("2026-12-31", "in_year")],
    ),
    DateTopic(
        "swift_album",
        "KXSWIFTALBUM",
        "Will Taylor Swift announce a new studio album {dl}?",
        "Taylor Swift announces a new studio album",
        "Taylor Swift announces new album {dl}?",
        "Taylor Swift officially announces a new original studio album (re-recordings do not count)",
        "taylor-swift-announces-new-album",
        "Culture",
        "culture",
        "Re-recorded 'Taylor's Version' albums do not count.",
        [("2026-12-31", "before_year")],
        [("2026-12-31", "in_year")],
    ),
    DateTopic(
        "ukraine_election",
        "KXUKRELECTION",
        "Will Ukraine hold a presidential election {dl}?",
        "Ukraine holds a presidential election (voting takes place)",
        "Ukraine presidential election held {dl}?",
        "Ukraine holds a presidential election, with voting taking place",
        "ukraine-presidential-election-held",
        "World",
        "geopolitics",
        "Announcing an election date does not count.",
        [("2027-12-31", "before_year")],
        [("2027-12-31", "by")],
    ),
    DateTopic(
        "grok5",
        "KXGROK5",
        "Will xAI release Grok 5 {dl}?",
        "xAI makes Grok 5 publicly available",
        "Grok 5 released {dl}?",
        "xAI releases a model named Grok 5 that is available to the general public",
        "grok-5-released",
        "Science and Technology",
        "tech",
        "Beta access for all paying subscribers counts.",
        [("2026-12-31", "before_year")],
        [("2026-12-31", "in_year")],
    ),
    DateTopic(
        "pope_us",
        "KXPOPEUS",
        "Will Pope Leo XIV visit the United States {dl}?",
        "Pope Leo XIV makes an in-person visit to the United States",
        "Pope Leo visits US {dl}?",
        "Pope Leo XIV is physically present in the United States",
        "pope-leo-visits-us",
        "World",
        "politics",
        "Stopovers at a US airport count.",
        [("2027-12-31", "before_year")],
        [("2027-12-31", "by")],
    ),
    DateTopic(
        "fusion_net",
        "KXNIFIGNITION",
        "Will a fusion experiment report target gain above 10 {dl}?",
        "a fusion experiment reports target gain (fusion energy out / laser energy in) greater than 10",
        "Fusion target gain above 10 {dl}?",
        "any laboratory reports a fusion experiment with target gain greater than 10",
        "fusion-target-gain-above-10",
        "Science and Technology",
        "tech",
        "The result must be published by the laboratory or in a peer-reviewed journal.",
        [("2027-12-31", "before_year")],
        [("2027-12-31", "by_end")],
    ),
]


def build_dates() -> None:
    for t in DATE_TOPICS:
        CAT.add_series(
            t.kseries,
            t.ktitle.replace(" {dl}?", "").replace("Will ", "").strip(),
            t.kcat,
            "one_off",
            [t.source] if t.source[0] else [("Associated Press", "https://apnews.com/")],
            tags=[t.kcat],
        )
        kt: dict[str, str] = {}
        for dl, style in t.k:
            d = date.fromisoformat(dl)
            ev_t = f"{t.kseries}-{kdate(d)}"
            CAT.add_event(
                ev_t,
                t.kseries,
                t.ktitle.format(dl=k_framing(d, style)),
                f"Before {short_date(d + timedelta(days=1))}",
                mutually_exclusive=False,
                strike=et(d.year, d.month, d.day, 23, 59),
            )
            close = et(d.year, d.month, d.day, 23, 59) + timedelta(minutes=pick([0, 1]))
            r1 = f"If {t.kevent} before {short_date(d + timedelta(days=1))}, then the market resolves to Yes."
            if style in ("in_year", "before_year", "by_end") and rng.random() < 0.5:
                r1 = f"If {t.kevent} between {short_date(NOW.date())} and {short_date(d)} 11:59 PM ET, then the market resolves to Yes."
            kt[dl] = CAT.kalshi(
                ticker=f"{ev_t}",
                event_ticker=ev_t,
                title=t.ktitle.format(dl=k_framing(d, style)),
                yes_sub=pick(
                    [
                        f"Before {short_date(d + timedelta(days=1))}",
                        k_framing(d, style)[0].upper() + k_framing(d, style)[1:],
                    ]
                ),
                no_sub="",
                rules1=r1,
                rules2=t.extra_rules + pick([" The market closes early if the event occurs.", ""]),
                close=close,
                expected=close + timedelta(hours=pick([1, 10, 24])),
                key=f"date|{t.ident}|by:{dl}",
                family="dates",
                sem=f"{t.ident} by {dl}",
                p=rng.uniform(0.05, 0.6),
                early_close="If the event occurs, the market will close early.",
                open_=NOW - timedelta(days=rng.randint(10, 300)),
            )
        pc: dict[str, str] = {}
        for dl, style in t.p:
            d = date.fromisoformat(dl)
            q = t.pq.format(dl=p_framing(d, style))
            ev = CAT.pevent(
                title=t.pq.format(dl="by...").replace("by...?", "by...?"),
                slug=t.pslug,
                description="",
                start=NOW - timedelta(days=rng.randint(30, 300)),
                end=et(d.year, d.month, d.day, 23, 59),
                tags=[t.kcat.lower()],
            )
            desc = (
                f'This market will resolve to "Yes" if {t.pevent} by {long_date(d)}, 11:59 PM ET. Otherwise, this '
                f'market will resolve to "No".\n\n{t.extra_rules}\n\nThe primary resolution source for this market will '
                "be official information from the parties involved; a consensus of credible reporting will also be used."
            )
            pend = pick(
                [
                    et(d.year, d.month, d.day, 23, 59),
                    datetime(d.year, d.month, d.day, 12, tzinfo=UTC),
                    datetime(d.year, d.month, d.day, tzinfo=UTC) + timedelta(days=1),
                ]
            )
            pc[dl] = CAT.poly(
                event=ev,
                question=q,
                description=desc,
                end=pend,
                start=NOW - timedelta(days=rng.randint(5, 250)),
                key=f"date|{t.ident}|by:{dl}",
                family="dates",
                sem=f"{t.ident} by {dl}",
                p=rng.uniform(0.05, 0.6),
                fees=t.fees,
                slug=f"{t.pslug}-{slugify(p_framing(d, style))}",
            )
        # Different deadline: nested windows.
        for kdl, kid in kt.items():
            for pdl, cid in pc.items():
                if kdl == pdl:
                    continue
                if kdl < pdl:
                    rel = "a_implies_b"
                    why = f"Kalshi's deadline ({kdl}) is earlier than Polymarket's ({pdl}): Kalshi YES implies Polymarket YES."
                else:
                    rel = "b_implies_a"
                    why = f"Polymarket's deadline ({pdl}) is earlier than Kalshi's ({kdl}): Polymarket YES implies Kalshi YES."
                if rng.random() < 0.75:
                    CAT.negative(kid, cid, rel, "dates", f"Same event, different deadline. {why}")
    _shutdown()
    _off_by_one_day()


def _shutdown() -> None:
    CAT.add_series(
        "KXGOVFUNDED",
        "Government funding",
        "Politics",
        "custom",
        [("Office of Management and Budget", "https://www.whitehouse.gov/omb/")],
        tags=["Shutdown"],
    )
    CAT.add_series(
        "KXGOVTSHUTDOWN",
        "Government shutdown",
        "Politics",
        "custom",
        [("Office of Personnel Management", "https://www.opm.gov/")],
        tags=["Shutdown"],
    )
    lapse = (
        "a lapse in appropriations causes the federal government to shut down, as evidenced by an OMB directive to "
        "agencies to execute shutdown plans or an OPM operating-status announcement"
    )
    ev = "KXGOVFUNDED-27JAN30"
    CAT.add_event(
        ev,
        "KXGOVFUNDED",
        "Will the government stay funded through Jan 30, 2027?",
        "Continuing resolution expiry",
        mutually_exclusive=False,
        strike=et(2027, 1, 30, 23, 59),
    )
    funded = CAT.kalshi(
        ticker=ev,
        event_ticker=ev,
        title=pick(
            [
                "Will the government stay funded through Jan 30, 2027?",
                "Will Congress keep the government funded through Jan 30, 2027?",
            ]
        ),
        yes_sub="Funded through Jan 30",
        no_sub="Shutdown",
        rules1=(
            f"If, between {short_date(NOW.date())} and Jan 30, 2027 11:59 PM ET, there is no instance in which {lapse}, "
            "then the market resolves to Yes."
        ),
        rules2="If a shutdown begins at any time in that window, the market resolves to No, even if funding is later restored.",
        close=et(2027, 1, 30, 23, 59),
        expected=et(2027, 1, 31, 10),
        key="date|govt_shutdown|by:2027-01-30",
        neg=True,
        family="dates",
        sem="no shutdown through Jan 30, 2027",
        p=0.7,
    )
    ev2 = "KXGOVTSHUTDOWN-27JAN31"
    CAT.add_event(
        ev2,
        "KXGOVTSHUTDOWN",
        "Government shutdown before Feb 1, 2027?",
        "",
        mutually_exclusive=False,
        strike=et(2027, 1, 31, 23, 59),
    )
    before_feb = CAT.kalshi(
        ticker=ev2,
        event_ticker=ev2,
        title="Will the government shut down before Feb 1, 2027?",
        yes_sub="Before Feb 1, 2027",
        no_sub="",
        rules1=f"If {lapse} before Feb 1, 2027, then the market resolves to Yes.",
        rules2="Shutdowns that begin at 12:01 AM ET on Feb 1, 2027 or later do not count.",
        close=et(2027, 1, 31, 23, 59),
        expected=et(2027, 2, 1, 10),
        key="date|govt_shutdown|by:2027-01-31",
        family="dates",
        sem="shutdown begins by Jan 31, 2027",
        p=0.32,
    )
    ev3 = "KXGOVTSHUTDOWNON-27JAN31"
    CAT.add_series(
        "KXGOVTSHUTDOWNON",
        "Government shut down on date",
        "Politics",
        "custom",
        [("Office of Personnel Management", "https://www.opm.gov/")],
    )
    CAT.add_event(
        ev3,
        "KXGOVTSHUTDOWNON",
        "Will the US government be shut down on Jan 31, 2027?",
        "Status at 10:00 AM ET",
        mutually_exclusive=False,
        strike=et(2027, 1, 31, 10),
    )
    on_day = CAT.kalshi(
        ticker=ev3,
        event_ticker=ev3,
        title="Will the US government be shut down on Jan 31, 2027?",
        yes_sub="Shut down",
        no_sub="Open",
        rules1=(
            "If the United States federal government is at least partially shut down due to a lapse of "
            "appropriations at 10:00 AM ET on Jan 31, 2027, then the market resolves to Yes."
        ),
        rules2="Only the status at 10:00 AM ET on Jan 31, 2027 matters; earlier shutdowns that have ended do not count.",
        close=et(2027, 1, 31, 10),
        expected=et(2027, 1, 31, 11),
        key="govt_shutdown_on|2027-01-31T10:00",
        family="dates",
        sem="shut down at 10am Jan 31",
        p=0.25,
    )
    ev4 = "KXGOVTSHUTDOWN-26DEC31"
    CAT.add_event(
        ev4,
        "KXGOVTSHUTDOWN",
        "Government shutdown before 2027?",
        "",
        mutually_exclusive=False,
        strike=et(2026, 12, 31, 23, 59),
    )
    in26 = CAT.kalshi(
        ticker=ev4,
        event_ticker=ev4,
        title="Will the federal government shut down before 2027?",
        yes_sub="Before 2027",
        no_sub="",
        rules1=f"If {lapse} before Jan 1, 2027, then the market resolves to Yes.",
        rules2="",
        close=et(2026, 12, 31, 23, 59),
        expected=et(2027, 1, 1, 10),
        key="date|govt_shutdown|by:2026-12-31",
        family="dates",
        sem="shutdown begins in 2026",
        p=0.12,
    )
    pe = CAT.pevent(
        title="Government shutdown by...?",
        slug="government-shutdown-by",
        description="",
        start=NOW - timedelta(days=30),
        end=et(2027, 1, 30, 23, 59),
        tags=["politics"],
    )
    pdesc = (
        'This market will resolve to "Yes" if the United States federal government enters a shutdown due to a lapse in '
        'appropriations by the specified date, 11:59 PM ET. Otherwise, this market will resolve to "No".\n\nA shutdown '
        "is evidenced by an Office of Management and Budget (OMB) directive to execute shutdown plans, or an Office of "
        "Personnel Management (OPM) announcement that federal offices are closed due to a lapse in appropriations."
    )
    by30 = CAT.poly(
        event=pe,
        question=pick(
            ["US government shutdown by January 30?", "Government shutdown by January 30, 2027?"]
        ),
        description=pdesc.replace("the specified date", "January 30, 2027"),
        end=et(2027, 1, 30, 23, 59),
        start=NOW - timedelta(days=30),
        key="date|govt_shutdown|by:2027-01-30",
        family="dates",
        sem="shutdown begins by Jan 30, 2027",
        p=0.3,
        fees="politics",
    )
    in2026 = CAT.poly(
        event=pe,
        question="Government shutdown in 2026?",
        description=pdesc.replace("the specified date", "December 31, 2026"),
        end=et(2026, 12, 31, 23, 59),
        start=NOW - timedelta(days=60),
        key="date|govt_shutdown|by:2026-12-31",
        family="dates",
        sem="shutdown begins in 2026",
        p=0.1,
        fees="politics",
    )
    _ = (funded, in26, in2026)
    CAT.negative(
        before_feb,
        by30,
        "b_implies_a",
        "dates",
        "One day apart: Kalshi counts a shutdown starting by Jan 31, 2027, Polymarket only by Jan 30. A shutdown "
        "starting on Jan 31 resolves Kalshi YES and Polymarket NO.",
    )
    CAT.negative(
        on_day,
        by30,
        "related",
        "dates",
        "Point-in-time vs window: Kalshi checks whether the government is shut at 10:00 AM ET on Jan 31, 2027; "
        "Polymarket pays if a shutdown begins any time up to Jan 30. A short shutdown that ends before Jan 31 "
        "pays Polymarket only; one starting overnight on Jan 31 pays Kalshi only.",
    )
    CAT.negative(
        funded,
        in2026,
        "different",
        "dates",
        "Kalshi 'stay funded through Jan 30, 2027' is the inverse of a shutdown by Jan 30, 2027, not of "
        "Polymarket's shutdown in 2026 (a January 2027 shutdown resolves both to No).",
    )


def _off_by_one_day() -> None:
    """'before July 1' vs 'by July 1': one day apart (the day itself)."""
    for ident, kser, title, phrase, pq, slug, fees in (
        (
            "netflix_wbd",
            "KXNFLXWBD",
            "Will Netflix complete its acquisition of Warner Bros. {dl}?",
            "Netflix completes its acquisition of Warner Bros. Discovery's studios and streaming business",
            "Netflix closes Warner Bros. deal by July 1, 2027?",
            "netflix-closes-warner-bros-deal",
            "finance",
        ),
        (
            "tiktok_jv",
            "KXTIKTOKJV",
            "Will the TikTok US joint venture begin operating independently {dl}?",
            "the TikTok US joint venture takes over operation of TikTok in the United States",
            "TikTok US joint venture operational by July 1, 2027?",
            "tiktok-us-joint-venture-operational",
            "tech",
        ),
    ):
        d = date(2027, 6, 30)
        CAT.add_series(
            kser,
            title.replace(" {dl}?", ""),
            "Companies",
            "one_off",
            [("Associated Press", "https://apnews.com/")],
        )
        ev_t = f"{kser}-{kdate(d)}"
        CAT.add_event(
            ev_t,
            kser,
            title.format(dl="before Jul 1, 2027"),
            "",
            mutually_exclusive=False,
            strike=et(2027, 6, 30, 23, 59),
        )
        kt = CAT.kalshi(
            ticker=ev_t,
            event_ticker=ev_t,
            title=title.format(dl="before Jul 1, 2027"),
            yes_sub="Before Jul 1, 2027",
            no_sub="",
            rules1=f"If {phrase} before Jul 1, 2027, then the market resolves to Yes.",
            rules2="",
            close=et(2027, 6, 30, 23, 59),
            expected=et(2027, 7, 1, 10),
            key=f"date|{ident}|by:2027-06-30",
            family="dates",
            sem=f"{ident} by 2027-06-30",
            p=0.4,
        )
        ev = CAT.pevent(
            title=pq,
            slug=slug,
            description="",
            start=NOW - timedelta(days=90),
            end=et(2027, 7, 1, 23, 59),
        )
        cid = CAT.poly(
            event=ev,
            question=pq,
            description=(
                f'This market will resolve to "Yes" if {phrase} by July 1, 2027, 11:59 PM ET. '
                'Otherwise, this market will resolve to "No".'
            ),
            end=et(2027, 7, 1, 23, 59),
            start=NOW - timedelta(days=90),
            key=f"date|{ident}|by:2027-07-01",
            family="dates",
            sem=f"{ident} by 2027-07-01",
            p=0.42,
            fees=fees,
        )
        CAT.negative(
            kt,
            cid,
            "a_implies_b",
            "dates",
            "'Before Jul 1, 2027' (Kalshi) ends at the start of July 1; 'by July 1, 2027, 11:59 PM ET' (Polymarket) "
            "includes July 1. A completion on July 1 pays Polymarket only.",
        )


# =============================================================================================
# Family — price_threshold
# =============================================================================================
def cents(v: float) -> int:
    return int(round(v * 100))


def px_key(asset: str, feed: str, when: str, op: str, v: float) -> tuple[str, bool]:
    """Canonical key for 'price <op> v' on a feed at an instant (or window). Prices move in cents."""
    c = cents(v)
    base = f"px|{asset}|{feed}|{when}|>="
    return {
        ">=": (base + str(c), False),
        ">": (base + str(c + 1), False),
        "<": (base + str(c), True),
        "<=": (base + str(c + 1), True),
    }[op]


BRTI = {
    "BTC": ("CF Benchmarks' Bitcoin Real-Time Index (BRTI)", "Bitcoin"),
    "ETH": ("CF Benchmarks' Ether-Dollar Real-Time Index (ETHUSD_RTI)", "Ethereum"),
    "SOL": ("CF Benchmarks' Solana-Dollar Real-Time Index (SOLUSD_RTI)", "Solana"),
}


def _crypto_series(asset: str, kind: str) -> str:
    name = BRTI[asset][1]
    ticker = {
        "D": f"KX{asset}D",
        "MAXY": f"KX{asset}MAXY",
        "MINY": f"KX{asset}MINY",
        "MAX": f"KX{asset}MAX",
    }[kind]
    title = {
        "D": f"{name} price today",
        "MAXY": f"How high will {name} get this year?",
        "MINY": f"How low will {name} get this year?",
        "MAX": f"How high will {name} get this month?",
    }[kind]
    CAT.add_series(
        ticker,
        title,
        "Crypto",
        "daily" if kind == "D" else ("annual" if kind.endswith("Y") else "monthly"),
        [("CF Benchmarks", "https://www.cfbenchmarks.com/data/indices/BRTI")],
        tags=["Crypto", asset],
        exchange_index=2,
    )
    return ticker


def kalshi_crypto_daily(
    asset: str, d: date, strikes: list[float], center: float, vol: float, hour: int = 17
) -> dict[float, str]:
    st = _crypto_series(asset, "D")
    when = et(d.year, d.month, d.day, hour)
    zone = et_zone(when)
    ev_t = f"{st}-{kdate(d)}{hour:02d}"
    name = BRTI[asset][1]
    CAT.add_event(
        ev_t,
        st,
        f"{name} price on {short_date(d)} at {hour - 12}pm {zone}?",
        f"At {hour - 12}pm {zone}",
        mutually_exclusive=False,
        strike=when,
    )
    out = {}
    for v in strikes:
        fs = v - 0.01
        key, neg = px_key(asset, "CFB_RTI_60s", iso(when), ">=", v)
        out[v] = CAT.kalshi(
            ticker=f"{ev_t}-T{fs:.2f}",
            event_ticker=ev_t,
            title=pick(
                [
                    f"{name} price on {short_date(d)} at {hour - 12}pm {zone}?",
                    f"Will the {name} price be above {money(fs, 0)} at {hour - 12}pm {zone} on {short_date(d)}?",
                ]
            ),
            yes_sub=f"{money(v, 3)} or above",
            no_sub=f"{money(fs, 0)} or below",
            rules1=(
                f"If the simple average of the sixty seconds of {BRTI[asset][0]} before {hour - 12} PM {zone} is above "
                f"{fs:.2f} on {short_date(d)}, then the market resolves to Yes."
            ),
            rules2=(
                f"Not all cryptocurrency price data is the same. While checking a source like Google or Coinbase may show "
                f"a different value, the market resolves based on {BRTI[asset][0].split(' (')[0]}. The average is "
                "calculated to two decimal places."
            ),
            close=when - timedelta(seconds=60) if rng.random() < 0.3 else when,
            expected=when + timedelta(minutes=5),
            key=key,
            neg=neg,
            family="price_threshold",
            sem=f"{asset} BRTI 60s avg >= {v} at {iso(when)}",
            p=p_above(v, center, vol),
            strike_type="greater",
            floor=round(fs, 2),
            structure="deci_cent",
            timer=60,
            open_=when - timedelta(days=pick([1, 2, 7])),
        )
    return out


def poly_crypto_point(
    asset: str,
    d: date,
    v: float,
    op: str,
    feed: str,
    center: float,
    vol: float,
    hour: int = 17,
    ev_suffix: str = "",
) -> str:
    name = BRTI[asset][1]
    when = et(d.year, d.month, d.day, hour)
    mon = MONTHS[d.month - 1]
    hh = f"{hour - 12}PM" if hour > 12 else ("12PM" if hour == 12 else f"{hour}AM")
    if feed == "CFB_RTI_60s":
        slug = f"{name.lower()}-price-{mon.lower()}-{d.day}-{hh.lower()}-et{ev_suffix}"
        ev = CAT.pevent(
            title=f"{name} price on {mon} {d.day}, {hh} ET",
            slug=slug,
            description="",
            start=NOW - timedelta(days=3),
            end=when,
            tags=["crypto", "crypto-prices"],
            extra={"seriesSlug": f"{name.lower()}-price-cfb"},
        )
        src = (
            f"The resolution source is {BRTI[asset][0]}: the simple average of its values over the 60 seconds before "
            f"{hh} ET on {long_date(d)}."
        )
    else:
        slug = f"{name.lower()}-above-on-{mon.lower()}-{d.day}-{d.year}{ev_suffix}" + (
            "" if hour == 12 else f"-{hh.lower()}-et"
        )
        ev = CAT.pevent(
            title=f"{name} above ___ on {mon} {d.day}?" + ("" if hour == 12 else f" ({hh} ET)"),
            slug=slug,
            description="",
            start=NOW - timedelta(days=3),
            end=when,
            neg_risk=False,
            tags=["crypto", "crypto-prices"],
            extra={"seriesSlug": f"{asset.lower()}-multi-strikes-weekly"},
        )
        pair = f"{asset}USDT" if feed.startswith("BINANCE") else f"{asset}-USD"
        venue = "Binance" if feed.startswith("BINANCE") else "Coinbase"
        src = (
            f"This market will resolve based on the {venue} 1 minute candle for {pair} {hh} in the ET timezone on the "
            f'date specified in the title, specifically its final "Close" price. Please note that this market is '
            f"about the price according to {venue} {pair}, not according to other sources or spot markets."
        )
    words = {
        ">=": ("at or above", "or higher"),
        ">": ("above", "above"),
        "<": ("below", "below"),
        "<=": ("at or below", "or lower"),
    }[op]
    amount = money(v, pick([0, 1, 3]))
    if op in (">", "<"):
        q = pick(
            [
                f"Will the price of {name} be {words[0]} {amount} on {mon} {d.day}?",
                f"{name} {words[0]} {amount} on {mon} {d.day}, {hh} ET?",
            ]
        )
    else:
        q = pick(
            [
                f"Will {name} be {words[0]} {amount} on {mon} {d.day} at {hh} ET?",
                f"{name} {amount} {words[1]} on {mon} {d.day}?",
            ]
        )
    rule = {
        ">=": f"is {money(v, 0)} or higher",
        ">": f"is higher than {money(v, 0)}",
        "<": f"is lower than {money(v, 0)}",
        "<=": f"is {money(v, 0)} or lower",
    }[op]
    desc = (
        f'This market will resolve to "Yes" if the {name} price {rule} at {hh} ET on {long_date(d)}. Otherwise, this '
        f'market will resolve to "No".\n\n{src}'
    )
    key, neg = px_key(asset, feed, iso(when), op, v)
    p = p_above(v, center, vol)
    return CAT.poly(
        event=ev,
        question=q,
        description=desc,
        end=when,
        start=NOW - timedelta(days=3),
        key=key,
        neg=neg,
        family="price_threshold",
        sem=f"{asset} {feed} {op} {v} at {iso(when)}",
        p=p if not neg else 1 - p,
        fees="crypto",
        tick=0.001 if rng.random() < 0.5 else 0.01,
        resolution_source="https://www.cfbenchmarks.com/"
        if feed.startswith("CFB")
        else ("https://www.binance.com/en/trade/" + asset + "_USDT")
        if feed.startswith("BINANCE")
        else "https://www.coinbase.com/",
    )


def kalshi_crypto_extreme(
    asset: str, year: int, v: float, kind: str, center: float, vol: float
) -> str:
    """KX*MAXY / KX*MINY: any print of the index before Jan 1 of the next year."""
    st = _crypto_series(asset, kind)
    name = BRTI[asset][1]
    end = et(year, 12, 31, 23, 59)
    ev_t = f"{st}-{year % 100}DEC31"
    CAT.add_event(
        ev_t,
        st,
        f"{'How high' if kind == 'MAXY' else 'How low'} will {name} get in {year}?",
        f"Before Jan 1, {year + 1}",
        mutually_exclusive=False,
        strike=end,
    )
    if kind == "MAXY":
        fs = v - 0.01
        key, neg = px_key(asset, "CFB_RTI_any", f"{NOW.date()}..{year}-12-31", ">=", v)
        t = f"{ev_t}-{fs:.2f}"
        title = pick(
            [
                f"Will {name} reach {money(v, 0)} in {year}?",
                f"{name} above {money(fs, 0)} before {year + 1}?",
            ]
        )
        ys = f"Above {money(fs, 0)}"
        r1 = (
            f"If {BRTI[asset][0]} is above {money(fs, 0)} at any time before Jan 1, {year + 1} (ET), then the market "
            "resolves to Yes."
        )
        p = p_above(v, center, vol)
    else:
        key, neg = px_key(asset, "CFB_RTI_any_min", f"{NOW.date()}..{year}-12-31", "<=", v)
        t = f"{ev_t}-{v:.2f}"
        title = pick(
            [
                f"Will {name} fall to {money(v, 0)} or below in {year}?",
                f"{name} at or below {money(v, 0)} before {year + 1}?",
            ]
        )
        ys = f"{money(v, 0)} or below"
        r1 = (
            f"If {BRTI[asset][0]} is at or below {money(v, 0)} at any time before Jan 1, {year + 1} (ET), then the market "
            "resolves to Yes."
        )
        p = 1 - p_above(v, center, vol)
    return CAT.kalshi(
        ticker=t,
        event_ticker=ev_t,
        title=title,
        yes_sub=ys,
        no_sub="",
        rules1=r1,
        rules2="Each one-second value of the index published by CF Benchmarks is considered.",
        close=end,
        expected=end + timedelta(hours=1),
        key=key,
        neg=neg,
        family="price_threshold",
        sem=f"{asset} BRTI any time {kind} {v}",
        p=p,
        strike_type="greater" if kind == "MAXY" else "less",
        floor=round(v - 0.01, 2) if kind == "MAXY" else None,
        cap=v if kind == "MINY" else None,
        structure="deci_cent",
        open_=NOW - timedelta(days=rng.randint(60, 290)),
    )


def poly_crypto_extreme(
    asset: str, year: int, v: float, op: str, feed: str, center: float, vol: float
) -> str:
    name = BRTI[asset][1]
    end = et(year, 12, 31, 23, 59)
    up = op in (">=", ">")
    if feed == "CFB_RTI_any" or feed == "CFB_RTI_any_min":
        ev = CAT.pevent(
            title=f"{name} price milestones in {year} (CF Benchmarks)?",
            slug=f"{name.lower()}-price-milestones-{year}-cf",
            description="",
            start=NOW - timedelta(days=200),
            end=end,
            tags=["crypto"],
        )
        src = f"The resolution source for this market is {BRTI[asset][0]}, one-second values."
    else:
        ev = CAT.pevent(
            title=f"What price will {name} hit in {year}?",
            slug=f"what-price-will-{name.lower()}-hit-before-{year + 1}",
            description="",
            start=NOW - timedelta(days=290),
            end=end,
            tags=["crypto", "hit-price"],
            extra={"seriesSlug": f"{name.lower()}-hit-price-monthly"},
        )
        src = (
            f'The resolution source for this market is Binance, specifically the {asset}USDT "High" (or "Low") prices '
            "of 1 minute candles."
        )
    amount = money(v, pick([0, 1, 2, 3]))
    if up:
        q = (
            f"Will {name} reach {amount} by December 31, {year}?"
            if op == ">="
            else f"Will {name} go above {amount} in {year}?"
        )
        rule = (
            f"reaches {money(v, 0)} or higher"
            if op == ">="
            else f"trades higher than {money(v, 0)}"
        )
    else:
        q = (
            f"Will {name} dip to {amount} by December 31, {year}?"
            if op == "<="
            else f"Will {name} fall below {amount} in {year}?"
        )
        rule = (
            f"trades at {money(v, 0)} or lower"
            if op == "<="
            else f"trades lower than {money(v, 0)}"
        )
    desc = (
        f'This market will immediately resolve to "Yes" if at any point between the market\'s creation and December 31, '
        f'{year}, 11:59 PM ET the price of {name} {rule}. Otherwise, this market will resolve to "No".\n\n{src}'
    )
    fkey = feed if up else feed + ("" if feed.endswith("_min") else "_min")
    key, neg = px_key(asset, fkey, f"{NOW.date()}..{year}-12-31", op, v)
    p = p_above(v, center, vol) if up else 1 - p_above(v, center, vol)
    return CAT.poly(
        event=ev,
        question=q,
        description=desc,
        end=end + timedelta(hours=pick([0, 5])),
        start=NOW - timedelta(days=200),
        key=key,
        neg=neg,
        family="price_threshold",
        sem=f"{asset} {feed} any time {op} {v}",
        p=p if not neg else 1 - p,
        fees="crypto",
        group_item_title=None,
    )


def build_crypto() -> None:
    # Daily 5pm ET BRTI ladders on Kalshi.
    days = [
        (date(2026, 10, 30), 112000.0),
        (date(2026, 11, 6), 113500.0),
        (date(2026, 12, 31), 118000.0),
    ]
    btc: dict[date, dict[float, str]] = {}
    for d, c in days:
        strikes = [round(c - 3000 + 1000 * i, 2) for i in range(7)]
        btc[d] = kalshi_crypto_daily("BTC", d, strikes, c, 2500 if d.month != 12 else 9000)
    # Polymarket: same index, same instant, same comparator -> identical.
    d1, d2, d3 = [d for d, _ in days]
    same = [
        (d1, 112000.0, ">="),
        (d1, 114000.0, ">="),
        (d1, 111000.0, "<"),
        (d2, 113500.0, ">="),
        (d2, 110500.0, "<"),
        (d3, 120000.0, ">="),
        (d3, 116000.0, ">="),
    ]
    for d, v, op in same:
        poly_crypto_point("BTC", d, v, op, "CFB_RTI_60s", dict(days)[d], 2500)
    # Look-alikes on the same boundary.
    c = poly_crypto_point("BTC", d1, 113000.0, ">", "CFB_RTI_60s", 112000, 2500)
    CAT.negative(
        btc[d1][113000.0],
        c,
        "b_implies_a",
        "price_threshold",
        "Kalshi '$113,000 or above' (strike 112,999.99) pays on an index average of exactly $113,000.00; "
        "Polymarket 'above $113,000' does not. Same feed, same instant, different comparator.",
    )
    c = poly_crypto_point("BTC", d1, 110000.0, "<=", "CFB_RTI_60s", 112000, 2500)
    CAT.negative(
        btc[d1][110000.0],
        c,
        "different",
        "price_threshold",
        "Opposite comparators on one boundary: Kalshi '$110,000 or above' vs Polymarket '$110,000 or lower'. Nearly "
        "complementary, but an average of exactly $110,000.00 resolves both to Yes, so it is not an inverted pair.",
    )
    c = poly_crypto_point("BTC", d2, 115500.0, "<=", "CFB_RTI_60s", 113500, 2500)
    CAT.negative(
        btc[d2][115500.0],
        c,
        "different",
        "price_threshold",
        "Kalshi '$115,500 or above' vs Polymarket '$115,500 or lower' at the same instant: both pay at exactly $115,500.00.",
    )
    # Binance / Coinbase at noon and at 5pm: different feed (and time).
    for d, v, hour, feed in (
        (d1, 112000.0, 12, "BINANCE_1m_close"),
        (d1, 113000.0, 17, "BINANCE_1m_close"),
        (d2, 114500.0, 12, "BINANCE_1m_close"),
        (d2, 112500.0, 17, "COINBASE_1m_close"),
        (d1, 111000.0, 17, "COINBASE_1m_close"),
    ):
        cid = poly_crypto_point("BTC", d, v, ">", feed, dict(days)[d], 2500, hour=hour)
        venue = "Binance BTCUSDT" if feed.startswith("BINANCE") else "Coinbase BTC-USD"
        if hour == 17:
            CAT.negative(
                btc[d][v],
                cid,
                "different",
                "price_threshold",
                f"Same day, time and level, different price feed: Kalshi settles on the 60-second BRTI average "
                f"before 5 PM ET (and includes exactly {money(v, 0)}), Polymarket on the {venue} 1-minute close.",
            )
        else:
            CAT.negative(
                btc[d][v],
                cid,
                "related",
                "price_threshold",
                f"Different feed and different time: Kalshi is the BRTI average at 5 PM ET, Polymarket the {venue} "
                "1-minute candle close at 12 PM ET on the same day.",
            )
    # Same feed, noon vs 5pm.
    cid = poly_crypto_point("BTC", d2, 113500.0, ">=", "CFB_RTI_60s", 113500, 2500, hour=12)
    CAT.negative(
        btc[d2][113500.0],
        cid,
        "related",
        "price_threshold",
        "Same index (BRTI) and level, but Polymarket measures at 12 PM ET and Kalshi at 5 PM ET.",
    )
    # Yearly extremes.
    maxy = {
        v: kalshi_crypto_extreme("BTC", 2026, v, "MAXY", 118000, 12000)
        for v in (120000.0, 130000.0, 150000.0)
    }
    miny = {
        v: kalshi_crypto_extreme("BTC", 2026, v, "MINY", 108000, 8000) for v in (100000.0, 90000.0)
    }
    for v in (120000.0, 130000.0, 150000.0):
        poly_crypto_extreme("BTC", 2026, v, ">=", "CFB_RTI_any", 118000, 12000)
    poly_crypto_extreme("BTC", 2026, 90000.0, "<=", "CFB_RTI_any_min", 108000, 8000)
    c = poly_crypto_extreme("BTC", 2026, 100000.0, "<", "CFB_RTI_any_min", 108000, 8000)
    CAT.negative(
        miny[100000.0],
        c,
        "b_implies_a",
        "price_threshold",
        "Kalshi 'at or below $100,000' also pays on a print of exactly $100,000.00; Polymarket 'fall below "
        "$100,000' needs a lower print. Same index, same window.",
    )
    for v in (130000.0, 150000.0):
        c = poly_crypto_extreme("BTC", 2026, v, ">=", "BINANCE_1m_high", 118000, 12000)
        CAT.negative(
            maxy[v],
            c,
            "different",
            "price_threshold",
            f"Same level ({money(v, 0)}) and window (rest of 2026), different feed: Kalshi uses CF Benchmarks BRTI "
            "one-second values, Polymarket Binance BTCUSDT 1-minute highs (wicks on one exchange count).",
        )
    # Any time in 2026 vs on Dec 31 at 5pm (same index).
    hit120 = [
        m["conditionId"]
        for m in CAT.pmarkets
        if m["question"].startswith("Will Bitcoin reach")
        and "December 31, 2026" in m["question"]
        and "120" in m["question"]
        and "CF Benchmarks" in m["description"]
    ][0]
    CAT.negative(
        btc[d3][120000.0],
        hit120,
        "a_implies_b",
        "price_threshold",
        "Window vs instant: Kalshi pays if the BRTI average is at least $120,000 at 5 PM ET on Dec 31, 2026; "
        "Polymarket if BRTI touches $120,000 at any time before the end of 2026. Kalshi YES implies Polymarket YES.",
    )
    c = poly_crypto_point("BTC", d3, 130000.0, ">=", "CFB_RTI_60s", 118000, 9000)
    CAT.negative(
        maxy[130000.0],
        c,
        "b_implies_a",
        "price_threshold",
        "Kalshi: BRTI above $129,999.99 at any time in 2026. Polymarket: BRTI 60-second average at or above "
        "$130,000 at 5 PM ET on Dec 31. Polymarket YES implies Kalshi YES.",
    )
    # Monthly: during December vs by December 31.
    st = _crypto_series("BTC", "MAX")
    ev_t = "KXBTCMAX-26DEC"
    CAT.add_event(
        ev_t,
        st,
        "How high will Bitcoin get in December 2026?",
        "Dec 1-31, 2026",
        mutually_exclusive=False,
        strike=et(2026, 12, 31, 23, 59),
    )
    for v in (130000.0, 150000.0):
        key, neg = px_key("BTC", "CFB_RTI_any", "2026-12-01..2026-12-31", ">=", v)
        kt = CAT.kalshi(
            ticker=f"{ev_t}-{v - 0.01:.2f}",
            event_ticker=ev_t,
            title=f"Will Bitcoin go above {money(v - 0.01, 0)} in December 2026?",
            yes_sub=f"Above {money(v - 0.01, 0)}",
            no_sub="",
            rules1=(
                f"If {BRTI['BTC'][0]} is above {money(v - 0.01, 0)} at any time between Dec 1, 2026 12:00 AM ET "
                "and Dec 31, 2026 11:59 PM ET, then the market resolves to Yes."
            ),
            rules2="Prints before December 1 do not count.",
            close=et(2026, 12, 31, 23, 59),
            expected=et(2027, 1, 1, 1),
            key=key,
            family="price_threshold",
            sem=f"BTC >= {v} during Dec 2026",
            p=0.1,
            strike_type="greater",
            floor=v - 0.01,
            structure="deci_cent",
        )
        hit = [
            m["conditionId"]
            for m in CAT.pmarkets
            if "CF Benchmarks" in m["description"]
            and m["question"].startswith("Will Bitcoin reach")
            and f"{int(v) // 1000}" in m["question"]
        ][0]
        CAT.negative(
            kt,
            hit,
            "a_implies_b",
            "price_threshold",
            f"'During December' (Kalshi: only Dec 1-31 prints count) vs 'by December 31' (Polymarket: any print from "
            f"now). A December print pays both; a November print of {money(v, 0)} pays only Polymarket.",
        )
    # ETH and SOL.
    eth = {v: kalshi_crypto_extreme("ETH", 2026, v, "MAXY", 4300, 700) for v in (5000.0, 6000.0)}
    for v in (5000.0, 6000.0):
        poly_crypto_extreme("ETH", 2026, v, ">=", "CFB_RTI_any", 4300, 700)
    kd = kalshi_crypto_daily("ETH", d1, [4100.0, 4200.0, 4300.0, 4400.0], 4250, 150)
    for v in (4200.0, 4300.0):
        cid = poly_crypto_point("ETH", d1, v, ">", "BINANCE_1m_close", 4250, 150, hour=12)
        CAT.negative(
            kd[v],
            cid,
            "related",
            "price_threshold",
            "Ethereum on Oct 30, but Kalshi uses the CF Benchmarks ETH index average at 5 PM ET and Polymarket the "
            "Binance ETHUSDT 1-minute close at noon ET.",
        )
    poly_crypto_point("ETH", d1, 4400.0, ">=", "CFB_RTI_60s", 4250, 150)
    ks = kalshi_crypto_daily("SOL", d1, [190.0, 200.0, 210.0], 198, 8)
    poly_crypto_point("SOL", d1, 200.0, ">=", "CFB_RTI_60s", 198, 8)
    poly_crypto_point("SOL", d1, 190.0, "<", "CFB_RTI_60s", 198, 8)
    c = poly_crypto_point("SOL", d1, 210.0, ">=", "CFB_RTI_60s", 198, 8, hour=16)
    CAT.negative(
        ks[210.0],
        c,
        "related",
        "price_threshold",
        "Solana index at 4 PM ET (Polymarket) vs 5 PM ET (Kalshi).",
    )
    _ = eth


def _index_series(ticker: str, title: str, src_name: str, src_url: str, mult: float = 0.5) -> None:
    CAT.add_series(
        ticker,
        title,
        "Financials",
        "daily",
        [(src_name, src_url)],
        tags=["Indices"],
        fee_type="quadratic_with_maker_fees",
        fee_multiplier=mult,
    )


def kalshi_close_ladder(
    series: str,
    ev_t: str,
    ev_title: str,
    asset: str,
    label: str,
    d: date,
    strikes: list[float],
    center: float,
    vol: float,
    rule_src: str,
    close_hour: tuple[int, int] = (16, 0),
    unit: str = "",
    feed: str = "official_close",
) -> dict[float, str]:
    when = et(d.year, d.month, d.day, *close_hour)
    CAT.add_event(
        ev_t,
        series,
        ev_title,
        f"At the close on {short_date(d)}",
        mutually_exclusive=False,
        strike=when,
    )
    out = {}
    for v in strikes:
        fs = round(v - 0.01, 2)
        key, neg = px_key(asset, feed, d.isoformat(), ">=", v)
        vtxt = f"{unit}{fs:,.2f}"
        out[v] = CAT.kalshi(
            ticker=f"{ev_t}-T{fs:.2f}",
            event_ticker=ev_t,
            title=pick(
                [f"Will the {label} be above {vtxt} at the close on {short_date(d)}?", ev_title]
            ),
            yes_sub=f"{unit}{v:,.0f} or above" if v.is_integer() else f"{unit}{v:,.2f} or above",
            no_sub=f"{unit}{fs:,.2f} or below",
            rules1=f"If {rule_src.format(d=short_date(d))} is above {vtxt}, then the market resolves to Yes.",
            rules2="If no official value is published for that date, the market resolves to No.",
            close=when - timedelta(minutes=pick([0, 1, 5])),
            expected=when + timedelta(hours=pick([1, 2])),
            key=key,
            neg=neg,
            family="price_threshold",
            sem=f"{asset} {feed} {d} >= {v}",
            p=p_above(v, center, vol),
            strike_type="greater",
            floor=fs,
            open_=when - timedelta(days=pick([5, 7, 30])),
        )
    return out


def poly_close(
    asset: str,
    label: str,
    ticker_sym: str,
    d: date,
    v: float,
    op: str,
    center: float,
    vol: float,
    src: str,
    unit: str = "",
    feed: str = "official_close",
    fees: str = "finance",
    verb: str = "close",
    hour: int = 16,
) -> str:
    mon = MONTHS[d.month - 1]
    when = et(d.year, d.month, d.day, hour)
    ev = CAT.pevent(
        title=f"{label} ({ticker_sym}) on {mon} {d.day}?",
        slug=f"{slugify(label)}-{slugify(ticker_sym)}-{mon.lower()}-{d.day}-{d.year}",
        description="",
        start=NOW - timedelta(days=10),
        end=when,
        tags=["finance", "stocks"],
    )
    vt = f"{unit}{v:,.0f}" if v.is_integer() else f"{unit}{v:,.2f}"
    phr = {
        ">=": (f"at or above {vt}", f"{vt} or higher"),
        ">": (f"above {vt}", f"higher than {vt}"),
        "<": (f"below {vt}", f"lower than {vt}"),
        "<=": (f"at or below {vt}", f"{vt} or lower"),
    }[op]
    q = pick(
        [
            f"Will {label} ({ticker_sym}) {verb} {phr[0]} on {mon} {d.day}?",
            f"{label} ({ticker_sym}) {verb} {phr[0]} on {long_date(d)}?",
        ]
    )
    desc = (
        f'This market will resolve to "Yes" if the official {verb} of {label} ({ticker_sym}) on {long_date(d)} is '
        f'{phr[1]}. Otherwise, this market will resolve to "No".\n\n{src}'
    )
    key, neg = px_key(asset, feed, d.isoformat(), op, v)
    p = p_above(v, center, vol)
    return CAT.poly(
        event=ev,
        question=q,
        description=desc,
        end=when,
        start=NOW - timedelta(days=10),
        key=key,
        neg=neg,
        family="price_threshold",
        sem=f"{asset} {feed} {d} {op} {v}",
        p=p if not neg else 1 - p,
        fees=fees,
        resolution_source=src.split(" ")[-1] if src.split(" ")[-1].startswith("http") else "",
    )


def build_indices_commodities_stocks() -> None:
    d1 = date(2026, 10, 30)
    _index_series(
        "KXINXU",
        "S&P 500 above/below",
        "S&P Dow Jones Indices",
        "https://www.spglobal.com/spdji/en/indices/equity/sp-500/",
    )
    spx = kalshi_close_ladder(
        "KXINXU",
        "KXINXU-26OCT30H1600",
        "S&P 500 on Oct 30, 2026 at 4pm EDT?",
        "SPX",
        "S&P 500",
        d1,
        [6800.0, 6850.0, 6900.0, 6950.0, 7000.0],
        6880,
        60,
        "the S&P 500 index official closing value on {d}, as published by S&P Dow Jones Indices,",
    )
    src_spx = "The resolution source is the official closing value of the S&P 500 index as published by S&P Dow Jones Indices."
    poly_close("SPX", "S&P 500", "SPX", d1, 6900.0, ">=", 6880, 60, src_spx)
    poly_close("SPX", "S&P 500", "SPX", d1, 6850.0, "<", 6880, 60, src_spx)
    c = poly_close("SPX", "S&P 500", "SPX", d1, 6950.0, ">", 6880, 60, src_spx)
    CAT.negative(
        spx[6950.0],
        c,
        "b_implies_a",
        "price_threshold",
        "Kalshi '6,950 or above' (strike 6,949.99) includes a close of exactly 6,950.00; Polymarket 'above 6,950' does not.",
    )
    c = poly_close(
        "ES",
        "S&P 500 E-mini futures",
        "ES",
        d1,
        6900.0,
        ">=",
        6890,
        60,
        "Resolves on the CME settlement price of the front-month E-mini S&P 500 futures contract.",
        feed="cme_settle",
    )
    CAT.negative(
        spx[6900.0],
        c,
        "different",
        "price_threshold",
        "Index vs futures: Kalshi settles on the S&P 500 cash index close; Polymarket on the front-month E-mini "
        "(ES) settlement, which trades at a basis to the index.",
    )
    c = poly_close(
        "SPY",
        "SPDR S&P 500 ETF",
        "SPY",
        d1,
        690.0,
        ">=",
        688,
        6,
        "Resolves on the official NYSE Arca closing price of SPY.",
        unit="$",
        feed="nysearca_close",
    )
    CAT.negative(
        spx[6900.0],
        c,
        "related",
        "price_threshold",
        "SPY at $690 is roughly the S&P 500 at 6,900, but the ETF price is not exactly a tenth of the index.",
    )
    # Nasdaq-100.
    _index_series(
        "KXNASDAQ100U",
        "Nasdaq-100 above/below",
        "Nasdaq",
        "https://indexes.nasdaqomx.com/Index/Overview/NDX",
    )
    ndx = kalshi_close_ladder(
        "KXNASDAQ100U",
        "KXNASDAQ100U-26OCT30H1600",
        "Nasdaq-100 on Oct 30, 2026 at 4pm EDT?",
        "NDX",
        "Nasdaq-100",
        d1,
        [25000.0, 25250.0, 25500.0, 25750.0],
        25400,
        250,
        "the official closing value of the Nasdaq-100 index on {d}",
    )
    src_ndx = "Resolution source: the official Nasdaq-100 (NDX) closing value published by Nasdaq."
    poly_close("NDX", "Nasdaq-100", "NDX", d1, 25500.0, ">=", 25400, 250, src_ndx)
    poly_close("NDX", "Nasdaq 100", "NDX", d1, 25000.0, "<", 25400, 250, src_ndx)
    c = poly_close(
        "NDX",
        "Nasdaq",
        "COMP",
        d1,
        25250.0,
        ">=",
        23500,
        250,
        "Resolution source: the official Nasdaq Composite (COMP) close.",
        feed="comp_close",
    )
    CAT.negative(
        ndx[25250.0],
        c,
        "different",
        "price_threshold",
        "Different index: Kalshi is the Nasdaq-100 (NDX), Polymarket the Nasdaq Composite (COMP).",
    )
    # Year-end S&P 500.
    _index_series(
        "KXINXY", "S&P 500 year-end", "S&P Dow Jones Indices", "https://www.spglobal.com/spdji/"
    )
    dye = date(2026, 12, 31)
    spy = kalshi_close_ladder(
        "KXINXY",
        "KXINXY-26DEC31",
        "S&P 500 at the end of 2026?",
        "SPX",
        "S&P 500",
        dye,
        [7000.0, 7200.0, 7400.0, 7500.0],
        7050,
        300,
        "the S&P 500 official closing value on {d}, the last trading day of 2026,",
    )
    poly_close("SPX", "S&P 500", "SPX", dye, 7200.0, ">=", 7050, 300, src_spx)
    poly_close("SPX", "S&P 500", "SPX", dye, 7000.0, ">=", 7050, 300, src_spx)
    ev = CAT.pevent(
        title="What will the S&P 500 hit in 2026?",
        slug="what-will-sp-500-hit-in-2026",
        description="",
        start=NOW - timedelta(days=200),
        end=et(2026, 12, 31, 16),
        tags=["finance"],
    )
    key, neg = px_key("SPX", "intraday_high_any", "..2026-12-31", ">=", 7500.0)
    hit = CAT.poly(
        event=ev,
        question="Will the S&P 500 hit 7,500 in 2026?",
        description=(
            'This market will resolve to "Yes" if the S&P 500 index trades at or above 7,500 at any point '
            "(intraday) between market creation and December 31, 2026, 4:00 PM ET."
        ),
        end=et(2026, 12, 31, 16),
        start=NOW - timedelta(days=200),
        key=key,
        family="price_threshold",
        sem="SPX intraday >= 7500 in 2026",
        p=0.15,
        fees="finance",
    )
    CAT.negative(
        spy[7500.0],
        hit,
        "a_implies_b",
        "price_threshold",
        "Kalshi needs the Dec 31, 2026 close at 7,500 or above; Polymarket pays on any intraday print of 7,500 "
        "during 2026. A year-end close there implies the touch, not the reverse.",
    )
    # WTI crude and gold (futures settlement on both venues).
    CAT.add_series(
        "KXWTI",
        "WTI crude oil price",
        "Commodities",
        "daily",
        [("CME Group", "https://www.cmegroup.com/markets/energy/crude-oil/light-sweet-crude.html")],
        tags=["Oil"],
    )
    wti = kalshi_close_ladder(
        "KXWTI",
        "KXWTI-26OCT3014",
        "WTI crude oil settle on Oct 30, 2026?",
        "WTI",
        "WTI crude oil price",
        d1,
        [60.0, 62.0, 64.0, 66.0],
        62.5,
        2.0,
        "the front-month NYMEX WTI crude oil futures settlement price on {d}",
        close_hour=(14, 30),
        unit="$",
        feed="nymex_settle",
    )
    src_wti = "Resolution source: the CME Group (NYMEX) settlement price for the front-month WTI Light Sweet Crude Oil futures contract."
    poly_close(
        "WTI",
        "WTI Crude Oil",
        "CL",
        d1,
        62.0,
        ">=",
        62.5,
        2.0,
        src_wti,
        unit="$",
        feed="nymex_settle",
        fees="finance",
        verb="settle",
        hour=15,
    )
    poly_close(
        "WTI",
        "WTI Crude Oil",
        "CL",
        d1,
        66.0,
        ">=",
        62.5,
        2.0,
        src_wti,
        unit="$",
        feed="nymex_settle",
        fees="finance",
        verb="settle",
        hour=15,
    )
    c = poly_close(
        "WTI",
        "WTI Crude Oil",
        "CL",
        d1,
        64.0,
        ">",
        62.5,
        2.0,
        src_wti,
        unit="$",
        feed="nymex_settle",
        fees="finance",
        verb="settle",
        hour=15,
    )
    CAT.negative(
        wti[64.0],
        c,
        "b_implies_a",
        "price_threshold",
        "Kalshi 'above $63.99' includes a $64.00 settlement; Polymarket 'above $64' does not.",
    )
    c = poly_close(
        "BRENT",
        "Brent Crude Oil",
        "BZ",
        d1,
        62.0,
        ">=",
        66.5,
        2.0,
        "Resolution source: ICE Brent front-month settlement.",
        unit="$",
        feed="ice_settle",
        verb="settle",
        hour=15,
    )
    CAT.negative(
        wti[62.0],
        c,
        "different",
        "price_threshold",
        "Different commodity benchmark: Kalshi is WTI (NYMEX), Polymarket Brent (ICE), same $62 level and date.",
    )
    CAT.add_series(
        "KXGOLD",
        "Gold price",
        "Commodities",
        "custom",
        [("CME Group", "https://www.cmegroup.com/markets/metals/precious/gold.html")],
        tags=["Gold"],
    )
    gold = kalshi_close_ladder(
        "KXGOLD",
        "KXGOLD-26DEC31",
        "Gold price on Dec 31, 2026?",
        "GOLD",
        "gold price",
        dye,
        [4000.0, 4200.0, 4400.0],
        4150,
        250,
        "the settlement price of the front-month COMEX gold futures contract on {d}",
        close_hour=(13, 30),
        unit="$",
        feed="comex_settle",
    )
    src_gc = "Resolution source: the COMEX (CME Group) settlement price of the front-month gold futures contract (GC)."
    poly_close(
        "GOLD",
        "Gold",
        "GC",
        dye,
        4200.0,
        ">=",
        4150,
        250,
        src_gc,
        unit="$",
        feed="comex_settle",
        verb="settle",
        hour=14,
    )
    poly_close(
        "GOLD",
        "Gold",
        "GC",
        dye,
        4000.0,
        "<",
        4150,
        250,
        src_gc,
        unit="$",
        feed="comex_settle",
        verb="settle",
        hour=14,
    )
    c = poly_close(
        "GOLD",
        "Gold spot",
        "XAUUSD",
        dye,
        4400.0,
        ">=",
        4140,
        250,
        "Resolution source: the LBMA Gold Price PM auction (USD).",
        unit="$",
        feed="lbma_pm",
        verb="fix",
        hour=10,
    )
    CAT.negative(
        gold[4400.0],
        c,
        "different",
        "price_threshold",
        "Futures settlement (Kalshi, COMEX front month) vs spot benchmark (Polymarket, LBMA PM gold price): same "
        "level and day, different price source.",
    )
    # Single stocks (official exchange close).
    for sym, name, exch, strikes, center, vol, ident in (
        ("NVDA", "NVIDIA", "Nasdaq", [190.0, 200.0, 210.0], 201, 8, ">="),
        ("TSLA", "Tesla", "Nasdaq", [440.0, 450.0, 460.0], 447, 15, ">"),
        ("AAPL", "Apple", "Nasdaq", [260.0, 270.0, 280.0], 268, 6, ">="),
    ):
        ser = f"KX{sym}A"
        CAT.add_series(
            ser,
            f"{name} stock price",
            "Financials",
            "daily",
            [(exch, f"https://www.nasdaq.com/market-activity/stocks/{sym.lower()}")],
            tags=["Stocks"],
            fee_type="quadratic_with_maker_fees",
            fee_multiplier=0.5,
        )
        kl = kalshi_close_ladder(
            ser,
            f"{ser}-26OCT30H1600",
            f"{name} closing price on Oct 30, 2026?",
            sym,
            f"{name} ({sym}) stock price",
            d1,
            strikes,
            center,
            vol,
            f"the official closing price of {name} ({sym}) on {exch} on {{d}}",
            unit="$",
            feed="official_close",
        )
        src = f"Resolution source: the official {exch} closing price for {sym}."
        mid = strikes[1]
        c = poly_close(sym, name, sym, d1, mid, ident, center, vol, src, unit="$")
        if ident == ">":
            CAT.negative(
                kl[mid],
                c,
                "b_implies_a",
                "price_threshold",
                f"Kalshi '${mid:,.0f} or above' pays on a close of exactly ${mid:,.2f}; Polymarket 'above ${mid:,.0f}' does not.",
            )
        poly_close(sym, name, sym, d1, strikes[0], "<", center, vol, src, unit="$")
    # Polymarket-only equity markets (no Kalshi counterpart).
    for sym, name, v in (
        ("MSFT", "Microsoft", 540.0),
        ("AMZN", "Amazon", 240.0),
        ("META", "Meta", 760.0),
    ):
        poly_close(
            sym,
            name,
            sym,
            d1,
            v,
            ">=",
            v,
            v * 0.03,
            f"Resolution source: the official Nasdaq closing price for {sym}.",
            unit="$",
        )


# =============================================================================================
# Family — binary_event (other yes/no questions, worded differently on each venue)
# =============================================================================================
BIN_K: dict[str, str] = {}
BIN_P: dict[str, str] = {}


def k_single(
    ident: str,
    series: str,
    series_title: str,
    category: str,
    title: str,
    rule: str,
    rule2: str,
    close: datetime,
    key: str,
    sem: str,
    p: float,
    neg: bool = False,
    yes_sub: str = "",
    family: str = "binary_event",
    event_suffix: str | None = None,
    expected: datetime | None = None,
) -> str:
    CAT.add_series(
        series,
        series_title,
        category,
        "one_off",
        [("Associated Press", "https://apnews.com/")],
        tags=[category],
    )
    suffix = event_suffix or kdate(to_et(close).date())
    ev_t = f"{series}-{suffix}"
    CAT.add_event(ev_t, series, title, yes_sub or "", mutually_exclusive=False, strike=close)
    t = CAT.kalshi(
        ticker=ev_t,
        event_ticker=ev_t,
        title=title,
        yes_sub=yes_sub,
        no_sub="",
        rules1=rule,
        rules2=rule2,
        close=close,
        expected=expected or close + timedelta(hours=pick([2, 10, 24])),
        key=key,
        neg=neg,
        family=family,
        sem=sem,
        p=p,
        open_=NOW - timedelta(days=rng.randint(15, 400)),
        early_close="If the event occurs, the market will close early."
        if rng.random() < 0.5
        else None,
    )
    BIN_K[ident] = t
    return t


def p_single(
    ident: str,
    question: str,
    desc: str,
    end: datetime,
    key: str,
    sem: str,
    p: float,
    fees: str,
    neg: bool = False,
    family: str = "binary_event",
    slug: str | None = None,
    category: str | None = None,
    outcomes: tuple[str, str] = ("Yes", "No"),
    ev_title: str | None = None,
    ev_slug: str | None = None,
    neg_risk: bool = False,
    git: str | None = None,
    source: str = "",
) -> str:
    ev = CAT.pevent(
        title=ev_title or question.rstrip("?"),
        slug=ev_slug or slugify(ev_title or question),
        description="",
        start=NOW - timedelta(days=rng.randint(10, 300)),
        end=end,
        neg_risk=neg_risk,
        tags=[family],
    )
    cid = CAT.poly(
        event=ev,
        question=question,
        description=desc,
        end=end,
        start=NOW - timedelta(days=rng.randint(5, 280)),
        key=key,
        neg=neg,
        family=family,
        sem=sem,
        p=p,
        fees=fees,
        slug=slug,
        category=category,
        outcomes=outcomes,
        group_item_title=git,
        resolution_source=source,
    )
    BIN_P[ident] = cid
    return cid


def build_binary() -> None:
    dec31 = et(2026, 12, 31, 23, 59)
    jun30 = et(2027, 6, 30, 23, 59)
    # --- remain (Kalshi) vs out (Polymarket): inverted pairs ------------------------------------
    remain = [
        (
            "starmer",
            "KXSTARMEROUT",
            "UK Prime Minister",
            "World",
            "Keir Starmer",
            "Prime Minister of the United Kingdom",
            "UK PM",
            dec31,
            "Starmer out as UK PM by December 31, 2026?",
            "politics",
            0.72,
        ),
        (
            "netanyahu",
            "KXNETANYAHU",
            "Israel Prime Minister",
            "World",
            "Benjamin Netanyahu",
            "Prime Minister of Israel",
            "Israel PM",
            dec31,
            "Netanyahu out as Israeli PM by December 31?",
            "geopolitics",
            0.64,
        ),
        (
            "zelenskyy",
            "KXZELENSKYY",
            "Ukraine President",
            "World",
            "Volodymyr Zelenskyy",
            "President of Ukraine",
            "Ukraine president",
            jun30,
            "Zelenskyy out as Ukraine president by June 30, 2027?",
            "geopolitics",
            0.83,
        ),
        (
            "putin",
            "KXPUTIN",
            "Russia President",
            "World",
            "Vladimir Putin",
            "President of Russia",
            "Russian president",
            dec31,
            "Putin out as President of Russia in 2026?",
            "geopolitics",
            0.97,
        ),
        (
            "macron",
            "KXMACRON",
            "France President",
            "World",
            "Emmanuel Macron",
            "President of France",
            "French president",
            dec31,
            "Macron out as President by December 31, 2026?",
            "politics",
            0.94,
        ),
        (
            "musk_ceo",
            "KXMUSKCEO",
            "Tesla CEO",
            "Companies",
            "Elon Musk",
            "CEO of Tesla",
            "Tesla CEO",
            dec31,
            "Elon Musk out as Tesla CEO in 2026?",
            "tech",
            0.95,
        ),
        (
            "altman_ceo",
            "KXALTMANCEO",
            "OpenAI CEO",
            "Companies",
            "Sam Altman",
            "CEO of OpenAI",
            "OpenAI CEO",
            dec31,
            "Sam Altman out as OpenAI CEO by end of 2026?",
            "tech",
            0.96,
        ),
        (
            "hegseth",
            "KXHEGSETH",
            "Secretary of War",
            "Politics",
            "Pete Hegseth",
            "Secretary of Defense (Secretary of War)",
            "Secretary of War",
            jun30,
            "Hegseth out as Secretary of Defense by June 30, 2027?",
            "politics",
            0.74,
        ),
        (
            "patel",
            "KXPATEL",
            "FBI Director",
            "Politics",
            "Kash Patel",
            "Director of the FBI",
            "FBI Director",
            dec31,
            "Kash Patel out as FBI Director by December 31, 2026?",
            "politics",
            0.8,
        ),
    ]
    for ident, ser, stitle, cat, person, office, short_office, dl, pq, fees, p_remain in remain:
        d = to_et(dl).date()
        kt_title = pick(
            [
                f"Will {person} remain {office} through {short_date(d)}?",
                f"{person} still {short_office} on {short_date(d)}?",
            ]
        )
        key = f"bin|{ident}_out|by:{d}"
        k_single(
            ident,
            ser,
            stitle,
            cat,
            kt_title,
            f"If {person} is {office} continuously from market open through {short_date(d)} 11:59 PM ET, then the market resolves to Yes.",
            f"If {person} resigns, is removed or otherwise ceases to hold the office (acting or interim arrangements "
            f"count as ceasing) before then, the market resolves to No. An announced future departure does not count until it takes effect.",
            dl,
            key,
            f"{person} remains {short_office} through {d}",
            p_remain,
            neg=True,
            yes_sub="Remains",
        )
        p_single(
            ident,
            pq,
            f'This market will resolve to "Yes" if {person} ceases to be {office} for any reason (resignation, removal, '
            f"death or otherwise) between market creation and {long_date(d)}, 11:59 PM ET. Otherwise, this market will "
            'resolve to "No".\n\nAn announcement of a future resignation will not be sufficient; the departure must take '
            "effect within this market's timeframe. The resolution source will be a consensus of credible reporting.",
            dl + timedelta(hours=pick([0, 12])),
            key,
            f"{person} out by {d}",
            1 - p_remain,
            fees,
        )
    # Different deadline for an out-market: correlated only.
    ev_extra = p_single(
        "starmer_2027",
        "Starmer out as UK PM by June 30, 2027?",
        'This market will resolve to "Yes" if Keir Starmer ceases to be Prime Minister of the United Kingdom '
        'between market creation and June 30, 2027, 11:59 PM ET. Otherwise, "No".',
        jun30,
        "bin|starmer_out|by:2027-06-30",
        "Starmer out by mid-2027",
        0.45,
        "politics",
    )
    CAT.negative(
        BIN_K["starmer"],
        ev_extra,
        "related",
        "binary_event",
        "Kalshi 'Starmer remains PM through Dec 31, 2026' vs Polymarket 'Starmer out by June 30, 2027': Kalshi NO "
        "implies Polymarket YES, but a departure in H1 2027 resolves both to Yes. Not inverse, not the same.",
    )
    impeach = p_single(
        "hegseth_impeach",
        "Will Pete Hegseth be impeached by June 30, 2027?",
        'Resolves "Yes" if the House of Representatives votes to impeach Pete Hegseth by June 30, 2027, 11:59 PM ET.',
        jun30,
        "bin|hegseth_impeached|by:2027-06-30",
        "Hegseth impeached",
        0.08,
        "politics",
    )
    CAT.negative(
        BIN_K["hegseth"],
        impeach,
        "related",
        "binary_event",
        "Impeachment by the House does not remove an official; Kalshi asks whether Hegseth stays in office.",
    )

    # --- elections (Nov 3, 2026 midterms) ---------------------------------------------------------
    elect = et(2026, 11, 3, 20)
    house_k = k_single(
        "house_d",
        "KXHOUSE",
        "House control",
        "Elections",
        "Will Democrats win control of the House in 2026?",
        "If Democrats win a majority of seats in the U.S. House of Representatives in the 2026 midterm elections, "
        "then the market resolves to Yes.",
        "Control is determined by the party affiliation of a majority of members-elect (218+ seats), as called by "
        "the Associated Press, or by the composition of the House when the 120th Congress convenes.",
        et(2026, 11, 3, 19),
        "bin|house_control_D|2026",
        "Democrats win House",
        0.68,
        yes_sub="Democrats",
        expected=et(2027, 1, 3, 12),
    )
    house_p = p_single(
        "house_r",
        "Will the Republican Party control the House after the 2026 Midterm elections?",
        'This market will resolve to "Yes" if the Republican Party wins a majority of seats (218 or more) in the '
        'U.S. House of Representatives in the 2026 midterm elections. Otherwise, "No".\n\nThe resolution source '
        "is a consensus of AP, Fox and NBC calls; if they disagree, the party affiliation of the majority when the "
        "120th Congress convenes.",
        et(2026, 11, 4, 12),
        "bin|house_control_D|2026",
        "Republicans keep House",
        0.32,
        "politics",
        neg=True,
        ev_title="Which party will win the House in 2026?",
        ev_slug="which-party-will-win-the-house-in-2026",
        neg_risk=True,
        git="Republican",
    )
    senate_k = k_single(
        "senate_r",
        "KXSENATE",
        "Senate control",
        "Elections",
        "Will Republicans keep control of the Senate in 2026?",
        "If Republicans control the U.S. Senate after the 2026 midterm elections, then the market resolves to Yes.",
        "Control means a majority of seats, or 50 seats with a Republican Vice President to break ties, when "
        "the 120th Congress convenes.",
        et(2026, 11, 3, 19),
        "bin|senate_control_R|2026",
        "Republicans control Senate",
        0.74,
        yes_sub="Republicans",
        expected=et(2027, 1, 3, 12),
    )
    senate_p = p_single(
        "senate_d",
        "Will the Democratic Party control the Senate after the 2026 Midterms?",
        'This market will resolve to "Yes" if the Democratic Party controls the U.S. Senate following the 2026 '
        "midterm elections, defined as holding 51 seats, or 50 seats plus the Vice President's tie-breaking vote "
        '(Democrats are counted with independents who caucus with them). Otherwise "No".',
        et(2026, 11, 4, 12),
        "bin|senate_control_R|2026",
        "Democrats control Senate",
        0.26,
        "politics",
        neg=True,
        ev_title="Which party will win the Senate in 2026?",
        ev_slug="which-party-will-win-the-senate-in-2026",
        neg_risk=True,
        git="Democratic",
    )
    CAT.negative(
        house_k,
        senate_p,
        "related",
        "binary_event",
        "Democrats win the House (Kalshi) vs Democrats control the Senate (Polymarket): different chambers.",
    )
    CAT.negative(
        senate_k,
        house_p,
        "related",
        "binary_event",
        "Republican Senate control (Kalshi) vs Republican House control (Polymarket): different chambers.",
    )
    races = [
        ("ga_sen", "KXSENATEGA", "Georgia", "Jon Ossoff", "Democrats", "D", 0.61),
        ("me_sen", "KXSENATEME", "Maine", "Susan Collins", "Republicans", "R", 0.52),
        ("nc_sen", "KXSENATENC", "North Carolina", "Roy Cooper", "Democrats", "D", 0.58),
    ]
    for ident, ser, state, person, party, code, p in races:
        key = f"bin|{ident}_{code}|2026"
        k_single(
            ident,
            ser,
            f"{state} Senate race",
            "Elections",
            f"Will {person} win the {state} Senate race in 2026?",
            f"If {person} wins the 2026 United States Senate election in {state}, including any runoff, then the market resolves to Yes.",
            f"{person} is the {party[:-1]} nominee. The winner is the candidate certified by the state.",
            elect,
            key,
            f"{person} wins {state} Senate",
            p,
            yes_sub=person,
            expected=et(2026, 12, 15, 12),
        )
        p_single(
            ident,
            f"Will the {party} win the {state} Senate race in 2026?",
            f'This market will resolve to "Yes" if the {party[:-1]} Party candidate wins the 2026 U.S. Senate election in '
            f'{state} (including any runoff). Otherwise, "No". The resolution source is the certified result.',
            et(2026, 11, 4, 12),
            key,
            f"{party} win {state} Senate",
            p,
            "politics",
            ev_title=f"{state} Senate Election Winner",
            ev_slug=f"{slugify(state)}-senate-election-winner-2026",
            neg_risk=True,
            git=party[:-1],
        )
    gov = p_single(
        "ga_gov",
        "Will the Democrats win the Georgia governor race in 2026?",
        'Resolves "Yes" if the Democratic nominee wins the 2026 Georgia gubernatorial election, including any runoff.',
        et(2026, 11, 4, 12),
        "bin|ga_gov_D|2026",
        "Dems win GA governor",
        0.38,
        "politics",
        ev_title="Georgia Governor Election Winner",
        ev_slug="georgia-governor-election-winner-2026",
        neg_risk=True,
        git="Democratic",
    )
    CAT.negative(
        BIN_K["ga_sen"],
        gov,
        "different",
        "binary_event",
        "Same state, party and election day, different office: Kalshi is the Georgia Senate race (Ossoff), "
        "Polymarket the Georgia governor race.",
    )
    marg = p_single(
        "ga_margin",
        "Will Jon Ossoff win Georgia by more than 5 points?",
        'Resolves "Yes" if Jon Ossoff wins the 2026 Georgia Senate election with a margin of victory greater than '
        "5.0 percentage points in the certified general-election result.",
        et(2026, 11, 4, 12),
        "bin|ga_sen_D_margin5|2026",
        "Ossoff +5",
        0.3,
        "politics",
    )
    CAT.negative(
        BIN_K["ga_sen"],
        marg,
        "b_implies_a",
        "binary_event",
        "Winning by more than 5 points (Polymarket) implies winning (Kalshi); a narrow Ossoff win pays Kalshi only.",
    )

    # --- legislation ------------------------------------------------------------------------------
    leg = [
        (
            "stock_ban",
            "KXSTOCKBAN",
            "Congressional stock trading ban",
            "Politics",
            "Will a ban on congressional stock trading become law in 2026?",
            "a bill prohibiting members of Congress from trading individual stocks is signed into law",
            "Congressional stock trading ban signed into law in 2026?",
            0.18,
        ),
        (
            "clarity_act",
            "KXCRYPTOSTRUCT",
            "Crypto market structure bill",
            "Crypto",
            "Will the CLARITY Act become law before 2027?",
            "the Digital Asset Market Clarity Act (or a successor crypto market structure bill) is signed into law",
            "Crypto market structure bill signed into law by December 31, 2026?",
            0.33,
        ),
        (
            "filibuster",
            "KXFILIBUSTER",
            "Senate filibuster",
            "Politics",
            "Will the Senate eliminate the legislative filibuster in 2026?",
            "the U.S. Senate changes its rules so that cloture on legislation requires a simple majority",
            "Filibuster eliminated in 2026?",
            0.07,
        ),
    ]
    for ident, ser, stitle, cat, kt, phrase, pq, p in leg:
        key = f"bin|{ident}|by:2026-12-31"
        k_single(
            ident,
            ser,
            stitle,
            cat,
            kt,
            f"If {phrase} before Jan 1, 2027, then the market resolves to Yes.",
            "Passage by one chamber alone does not count.",
            dec31,
            key,
            f"{ident} by end 2026",
            p,
        )
        p_single(
            ident,
            pq,
            f'This market will resolve to "Yes" if {phrase} between market creation and December 31, 2026, '
            '11:59 PM ET. Otherwise, this market will resolve to "No".',
            dec31,
            key,
            f"{ident} by end 2026",
            p,
            "politics",
        )
    house_pass = p_single(
        "stock_ban_house",
        "Will the House pass a congressional stock trading ban in 2026?",
        'Resolves "Yes" if the U.S. House of Representatives passes a bill banning members of Congress from '
        "trading individual stocks by December 31, 2026, 11:59 PM ET.",
        dec31,
        "bin|stock_ban_house|by:2026-12-31",
        "House passes ban",
        0.35,
        "politics",
    )
    CAT.negative(
        BIN_K["stock_ban"],
        house_pass,
        "a_implies_b",
        "binary_event",
        "Different stage: becoming law (Kalshi) requires House passage (Polymarket), which alone is not enough.",
    )

    # --- technology launches ----------------------------------------------------------------------
    tech = [
        (
            "gpt6",
            "KXGPT6",
            "GPT-6 release",
            "Will OpenAI release GPT-6 before 2027?",
            "OpenAI releases a model named GPT-6 to the general public (via ChatGPT or the API)",
            "GPT-6 released in 2026?",
            0.22,
            dec31,
        ),
        (
            "gemini4",
            "KXGEMINI4",
            "Gemini 4 release",
            "Will Google release Gemini 4 in 2026?",
            "Google publicly releases a model named Gemini 4 (any size variant) for general use",
            "Gemini 4 released by December 31, 2026?",
            0.3,
            dec31,
        ),
        (
            "apple_glasses",
            "KXAPPLEGLASSES",
            "Apple smart glasses",
            "Will Apple announce smart glasses in 2026?",
            "Apple officially announces a pair of smart glasses",
            "Apple smart glasses announced in 2026?",
            0.2,
            dec31,
        ),
        (
            "roadster",
            "KXROADSTER",
            "Tesla Roadster",
            "Will Tesla unveil the production Roadster before 2027?",
            "Tesla holds an official unveiling or product demonstration of the production version of the new Roadster",
            "Tesla Roadster unveiled in 2026?",
            0.35,
            dec31,
        ),
        (
            "switch2_zelda",
            "KXNEWZELDA",
            "New Zelda game",
            "Will Nintendo announce a new mainline Zelda game in 2026?",
            "Nintendo officially announces a new mainline The Legend of Zelda game (remakes and remasters do not count)",
            "New Zelda game announced in 2026?",
            0.25,
            dec31,
        ),
    ]
    for ident, ser, stitle, kt, phrase, pq, p, dl in tech:
        key = f"bin|{ident}|by:2026-12-31"
        k_single(
            ident,
            ser,
            stitle,
            "Science and Technology",
            kt,
            f"If {phrase} before Jan 1, 2027, then the market resolves to Yes.",
            "Announcements of future releases, limited previews or leaks do not count."
            if "release" in kt.lower()
            else "Rumors and supply-chain reports do not count.",
            dl,
            key,
            f"{ident}",
            p,
        )
        p_single(
            ident,
            pq,
            f'This market will resolve to "Yes" if {phrase} by December 31, 2026, 11:59 PM ET. Otherwise, '
            'this market will resolve to "No".\n\nThe primary resolution source will be official information '
            "from the company; a consensus of credible reporting may also be used.",
            dl,
            key,
            ident,
            p,
            "tech",
        )
    for ident, pq, key, note, rel in (
        (
            "gpt55",
            "GPT-5.5 released in 2026?",
            "bin|gpt55|by:2026-12-31",
            "Different product of the same company: GPT-6 (Kalshi) vs GPT-5.5 (Polymarket).",
            "different",
        ),
        (
            "gemini35",
            "Gemini 3.5 released by December 31, 2026?",
            "bin|gemini35|by:2026-12-31",
            "Different model: Gemini 4 (Kalshi) vs Gemini 3.5 (Polymarket).",
            "different",
        ),
        (
            "vision_pro2",
            "Apple Vision Pro 2 announced in 2026?",
            "bin|visionpro2|by:2026-12-31",
            "Different Apple product: smart glasses (Kalshi) vs a second-generation Vision Pro headset (Polymarket).",
            "different",
        ),
        (
            "glasses_ship",
            "Apple smart glasses available to buy in 2026?",
            "bin|apple_glasses_ship|by:2026-12-31",
            "Announce vs ship: Polymarket needs the glasses on sale in 2026, Kalshi only an announcement. "
            "Shipping implies an announcement.",
            "b_implies_a",
        ),
        (
            "roadster_deliv",
            "Tesla Roadster deliveries begin in 2026?",
            "bin|roadster_deliveries|by:2026-12-31",
            "Unveil vs first customer deliveries of the Roadster; deliveries imply an unveiling has happened.",
            "b_implies_a",
        ),
    ):
        cid = p_single(
            ident,
            pq,
            'This market will resolve to "Yes" if the event in the title happens by December 31, 2026, '
            "11:59 PM ET, per official company information.",
            dec31,
            key,
            ident,
            0.3,
            "tech",
        )
        base = {
            "gpt55": "gpt6",
            "gemini35": "gemini4",
            "vision_pro2": "apple_glasses",
            "glasses_ship": "apple_glasses",
            "roadster_deliv": "roadster",
        }[ident]
        CAT.negative(BIN_K[base], cid, rel, "binary_event", note)

    # --- geopolitics --------------------------------------------------------------------------------
    geo = [
        (
            "taiwan_invasion",
            "KXTAIWAN",
            "China invades Taiwan",
            "Will China invade Taiwan before 2027?",
            "the People's Liberation Army conducts a military invasion of Taiwan, defined as PRC ground forces landing on "
            "Taiwan's main island or its outlying islands under Taiwan's control",
            "China invades Taiwan in 2026?",
            0.02,
        ),
        (
            "ukraine_nato",
            "KXUKRNATO",
            "Ukraine joins NATO",
            "Will Ukraine join NATO before 2027?",
            "Ukraine formally becomes a member of NATO (deposits its instrument of accession)",
            "Ukraine joins NATO in 2026?",
            0.01,
        ),
        (
            "saudi_abraham",
            "KXABRAHAM",
            "Saudi Arabia and the Abraham Accords",
            "Will Saudi Arabia join the Abraham Accords before 2027?",
            "Saudi Arabia formally joins the Abraham Accords (signs the accords or a normalization agreement with Israel "
            "presented as joining them)",
            "Saudi Arabia joins Abraham Accords in 2026?",
            0.06,
        ),
    ]
    for ident, ser, stitle, kt, phrase, pq, p in geo:
        key = f"bin|{ident}|by:2026-12-31"
        k_single(
            ident,
            ser,
            stitle,
            "World",
            kt,
            f"If {phrase} before Jan 1, 2027, then the market resolves to Yes.",
            "",
            dec31,
            key,
            ident,
            p,
        )
        p_single(
            ident,
            pq,
            f'This market will resolve to "Yes" if {phrase} by December 31, 2026, 11:59 PM ET. Otherwise, '
            '"No".',
            dec31,
            key,
            ident,
            p,
            "geopolitics",
        )
    cid = p_single(
        "taiwan_blockade",
        "China blockade of Taiwan in 2026?",
        'This market will resolve to "Yes" if China initiates a naval or air blockade of Taiwan, preventing commercial '
        "shipping from entering or leaving Taiwan's major ports, by December 31, 2026, 11:59 PM ET.",
        dec31,
        "bin|taiwan_blockade|by:2026-12-31",
        "blockade",
        0.03,
        "geopolitics",
    )
    CAT.negative(
        BIN_K["taiwan_invasion"],
        cid,
        "related",
        "binary_event",
        "Invasion (troops landing) vs blockade (ports and airspace closed): either can happen without the other.",
    )
    cid = p_single(
        "ukraine_eu",
        "Ukraine joins the EU in 2026?",
        'Resolves "Yes" if Ukraine becomes a member state of the European Union by December 31, 2026.',
        dec31,
        "bin|ukraine_eu|by:2026-12-31",
        "Ukraine EU",
        0.01,
        "geopolitics",
    )
    CAT.negative(
        BIN_K["ukraine_nato"],
        cid,
        "different",
        "binary_event",
        "NATO membership (Kalshi) vs EU membership (Polymarket).",
    )
    cid = p_single(
        "saudi_norm",
        "Israel x Saudi Arabia normalization announced in 2026?",
        'Resolves "Yes" if Israel and Saudi Arabia publicly announce an agreement to normalize diplomatic relations '
        "by December 31, 2026, 11:59 PM ET. The agreement need not be signed.",
        dec31,
        "bin|saudi_norm_announced|by:2026-12-31",
        "normalization announced",
        0.08,
        "geopolitics",
    )
    CAT.negative(
        BIN_K["saudi_abraham"],
        cid,
        "a_implies_b",
        "binary_event",
        "Formally joining the Abraham Accords (Kalshi) implies a normalization announcement (Polymarket), "
        "but an announced, unsigned normalization pays Polymarket only.",
    )

    # --- culture: box office, music awards, pardons ---------------------------------------------
    CAT.add_series(
        "KXBOXOFFICE",
        "Opening weekend box office",
        "Culture",
        "custom",
        [("Box Office Mojo", "https://www.boxofficemojo.com/")],
        tags=["Movies"],
    )
    films = [
        (
            "hunger_games",
            "The Hunger Games: Sunrise on the Reaping",
            date(2026, 11, 20),
            150,
            140,
            "HUNG",
        ),
        ("avengers", "Avengers: Doomsday", date(2026, 12, 18), 250, 270, "AVEN"),
        ("dune3", "Dune: Part Three", date(2026, 12, 18), 100, 95, "DUNE"),
    ]
    for ident, film, opening, thr, center, code in films:
        sunday = opening + timedelta(days=2)
        ev_t = f"KXBOXOFFICE-{kdate(opening)}{code}"
        CAT.add_event(
            ev_t,
            "KXBOXOFFICE",
            f"{film} opening weekend box office?",
            "Domestic, Friday-Sunday",
            mutually_exclusive=False,
            strike=et(sunday.year, sunday.month, sunday.day + 1, 16),
        )
        kts = {}
        for v in (thr - 25, thr, thr + 25):
            key = f"boxoffice|{ident}|mojo|dom3day|>{v}M"
            kts[v] = CAT.kalshi(
                ticker=f"{ev_t}-{v}",
                event_ticker=ev_t,
                title=f"Will {film} gross more than ${v}M on its opening weekend?",
                yes_sub=f"Above ${v}M",
                no_sub=f"${v}M or below",
                rules1=(
                    f"If the domestic (US and Canada) opening weekend gross of {film}, as reported by Box Office Mojo, is "
                    f"above ${v},000,000, then the market resolves to Yes."
                ),
                rules2="The opening weekend is the Friday-Sunday of the film's wide release, including Thursday previews. "
                "The figure is taken from Box Office Mojo on the Monday after opening.",
                close=et(opening.year, opening.month, opening.day, 12),
                expected=et(sunday.year, sunday.month, sunday.day, 23) + timedelta(days=1),
                key=key,
                family="binary_event",
                sem=f"{film} opening > ${v}M (Mojo)",
                p=p_above(v, center, 30),
                strike_type="greater",
                floor=v * 1_000_000,
            )
        evp = CAT.pevent(
            title=f"{film} opening weekend box office",
            slug=f"{slugify(film)}-opening-weekend-box-office",
            description="",
            start=NOW - timedelta(days=20),
            end=et(sunday.year, sunday.month, sunday.day + 1, 16),
            tags=["culture", "box-office"],
        )
        mojo = (
            "This market will resolve according to the domestic (US & Canada) Friday-Sunday opening weekend gross, "
            "including previews, as reported by Box Office Mojo (https://www.boxofficemojo.com/)."
        )
        numbers = (
            "This market will resolve according to the domestic opening weekend gross reported by The Numbers "
            "(https://www.the-numbers.com/)."
        )
        cid = CAT.poly(
            event=evp,
            question=f'Will "{film}" Opening Weekend Box Office be greater than {thr}m?',
            description=mojo,
            end=et(sunday.year, sunday.month, sunday.day + 1, 16),
            start=NOW - timedelta(days=20),
            key=f"boxoffice|{ident}|mojo|dom3day|>{thr}M",
            family="binary_event",
            sem=f"{film} > {thr}M (Mojo)",
            p=p_above(thr, center, 30),
            fees="culture",
        )
        BIN_P[ident] = cid
        cid2 = CAT.poly(
            event=evp,
            question=f"{film} opening weekend above ${thr + 25}M? (The Numbers)",
            description=numbers,
            end=et(sunday.year, sunday.month, sunday.day + 1, 16),
            start=NOW - timedelta(days=20),
            key=f"boxoffice|{ident}|numbers|dom3day|>{thr + 25}M",
            family="binary_event",
            sem=f"{film} > {thr + 25}M (Numbers)",
            p=p_above(thr + 25, center, 30),
            fees="culture",
        )
        CAT.negative(
            kts[thr + 25],
            cid2,
            "different",
            "binary_event",
            f"Same film, weekend and ${thr + 25}M line, different resolution source: Box Office Mojo (Kalshi) vs "
            "The Numbers (Polymarket); the two sites' reported grosses can differ.",
        )
        if ident == "avengers":
            cid3 = CAT.poly(
                event=evp,
                question=f"{film} worldwide opening above ${thr}M?",
                description=(
                    "Resolves according to the global (worldwide) opening weekend gross reported by Box "
                    "Office Mojo."
                ),
                end=et(2026, 12, 21, 16),
                start=NOW - timedelta(days=20),
                key=f"boxoffice|{ident}|mojo|world3day|>{thr}M",
                family="binary_event",
                sem="worldwide opening > 250M",
                p=0.9,
                fees="culture",
            )
            CAT.negative(
                kts[thr],
                cid3,
                "a_implies_b",
                "binary_event",
                "Domestic opening above $250M (Kalshi) implies a worldwide opening above $250M (Polymarket), not the reverse.",
            )
    # Grammys.
    grammy = et(2026, 11, 10, 12)
    k_single(
        "swift_aoty_nom",
        "KXGRAMMYNOM",
        "Grammy nominations",
        "Culture",
        "Will The Life of a Showgirl be nominated for Album of the Year at the 2027 Grammys?",
        "If Taylor Swift's The Life of a Showgirl is announced as a nominee for Album of the Year at the 69th Annual "
        "Grammy Awards, then the market resolves to Yes.",
        "The market resolves on the Recording Academy's nominations announcement.",
        grammy,
        "bin|showgirl_aoty_nom|69",
        "Showgirl AOTY nomination",
        0.7,
        event_suffix="69AOTY-TS",
    )
    p_single(
        "swift_aoty_nom",
        "Taylor Swift nominated for Album of the Year at 2027 Grammys?",
        'This market will resolve to "Yes" if Taylor Swift\'s album "The Life of a Showgirl" receives a nomination for '
        'Album of the Year at the 69th Annual Grammy Awards (2027). Otherwise, "No".',
        grammy + timedelta(hours=8),
        "bin|showgirl_aoty_nom|69",
        "Showgirl AOTY nomination",
        0.7,
        "culture",
    )
    win = p_single(
        "swift_aoty_win",
        "Will Taylor Swift win Album of the Year at the 2027 Grammys?",
        'Resolves "Yes" if "The Life of a Showgirl" wins Album of the Year at the 69th Annual Grammy Awards.',
        et(2027, 2, 8, 12),
        "bin|showgirl_aoty_win|69",
        "Showgirl AOTY win",
        0.15,
        "culture",
    )
    CAT.negative(
        BIN_K["swift_aoty_nom"],
        win,
        "b_implies_a",
        "binary_event",
        "Nomination (Kalshi) vs winning (Polymarket): a win implies a nomination.",
    )
    # Pardons.
    k_single(
        "sbf_pardon",
        "KXPARDONSBF",
        "SBF pardon",
        "Politics",
        "Will Trump pardon Sam Bankman-Fried in 2026?",
        "If President Trump grants Sam Bankman-Fried a full pardon before Jan 1, 2027, then the market resolves to Yes.",
        "A commutation of sentence does not count as a pardon.",
        dec31,
        "bin|sbf_pardon|by:2026-12-31",
        "SBF pardoned",
        0.06,
    )
    p_single(
        "sbf_pardon",
        "SBF pardoned in 2026?",
        'This market will resolve to "Yes" if Sam Bankman-Fried receives a presidential pardon by December 31, 2026, '
        "11:59 PM ET. A commutation will not qualify.",
        dec31,
        "bin|sbf_pardon|by:2026-12-31",
        "SBF pardoned",
        0.06,
        "politics",
    )
    cid = p_single(
        "sbf_commute",
        "Will Trump commute SBF's sentence in 2026?",
        'Resolves "Yes" if Sam Bankman-Fried\'s sentence is commuted (without a full pardon) by December 31, 2026.',
        dec31,
        "bin|sbf_commute|by:2026-12-31",
        "SBF commuted",
        0.05,
        "politics",
    )
    CAT.negative(
        BIN_K["sbf_pardon"],
        cid,
        "different",
        "binary_event",
        "Pardon (Kalshi) vs commutation without pardon (Polymarket): mutually exclusive forms of clemency.",
    )

    # --- companies: Tesla Q4 deliveries vs production ---------------------------------------------
    CAT.add_series(
        "KXTSLADELIV",
        "Tesla deliveries",
        "Companies",
        "quarterly",
        [("Tesla", "https://ir.tesla.com/")],
    )
    CAT.add_series(
        "KXTSLA", "Tesla production", "Companies", "quarterly", [("Tesla", "https://ir.tesla.com/")]
    )
    rel = et(2027, 1, 2, 10)
    deliv, prod = {}, {}
    for ser, store, word in (("KXTSLADELIV", deliv, "deliveries"), ("KXTSLA", prod, "production")):
        ev_t = f"{ser}-26Q4"
        CAT.add_event(
            ev_t,
            ser,
            f"Tesla Q4 2026 {word}?",
            "Quarterly report",
            mutually_exclusive=False,
            strike=rel,
        )
        for v in (420000, 450000, 480000):
            store[v] = CAT.kalshi(
                ticker=f"{ev_t}-T{v // 1000}",
                event_ticker=ev_t,
                title=f"Tesla Q4 2026 {word} above {v // 1000}k?",
                yes_sub=f"Above {v:,}",
                no_sub=f"{v:,} or below",
                rules1=f"If Tesla reports total vehicle {word} for Q4 2026 above {v:,}, then the market resolves to Yes.",
                rules2=f"The figure is taken from Tesla's quarterly {word} report (ir.tesla.com), first publication.",
                close=rel - timedelta(hours=1),
                expected=rel + timedelta(hours=2),
                key=f"tsla|{word}|2026Q4|>{v}",
                family="binary_event",
                sem=f"Tesla Q4 {word} > {v}",
                p=p_above(v, 455000, 25000),
                strike_type="greater",
                floor=v,
            )
    ev = CAT.pevent(
        title="Tesla Q4 2026 deliveries",
        slug="tesla-q4-2026-deliveries",
        description="",
        start=NOW - timedelta(days=25),
        end=rel,
        tags=["companies", "tesla"],
    )
    for v, qfmt in (
        (450000, "Will Tesla deliver more than 450k vehicles in Q4 2026?"),
        (420000, "Tesla Q4 deliveries above 420,000?"),
    ):
        cid = CAT.poly(
            event=ev,
            question=qfmt,
            description=(
                f'This market will resolve to "Yes" if Tesla\'s reported total deliveries for Q4 2026 exceed '
                f'{v:,} vehicles, per Tesla\'s official production and deliveries report. Otherwise, "No".'
            ),
            end=rel,
            start=NOW - timedelta(days=25),
            key=f"tsla|deliveries|2026Q4|>{v}",
            family="binary_event",
            sem=f"deliveries > {v}",
            p=p_above(v, 455000, 25000),
            fees="finance",
        )
        CAT.negative(
            prod[v],
            cid,
            "different",
            "binary_event",
            f"Different statistic of the same company and quarter: Kalshi is Tesla's Q4 production above {v:,}, "
            "Polymarket its deliveries.",
        )
    # --- sports futures as binary questions -------------------------------------------------------
    for ident, team, kname, nick, p in (
        ("kc_playoffs", "KC", "Kansas City", "Chiefs", 0.7),
        ("det_playoffs", "DET", "Detroit", "Lions", 0.78),
    ):
        key = f"bin|nfl_playoffs_{team}|2026"
        k_single(
            ident,
            "KXNFLPLAYOFF",
            "Pro Football playoffs",
            "Sports",
            f"Will {kname} make the 2026-27 NFL playoffs?",
            f"If {kname} qualifies for the 2026-27 NFL playoffs, then the market resolves to Yes.",
            "",
            et(2027, 1, 10, 12),
            key,
            f"{nick} make playoffs",
            p,
            yes_sub=kname,
            event_suffix=f"27{team}",
        )
        p_single(
            ident,
            f"Will the {nick} make the NFL Playoffs?",
            f'This market will resolve to "Yes" if the {nick} qualify for the 2026-27 NFL postseason. Otherwise, "No".',
            et(2027, 1, 11, 5),
            key,
            f"{nick} playoffs",
            p,
            "sports",
            ev_title="NFL Playoffs 2026-27: Who makes it?",
            ev_slug="nfl-playoffs-2026-27-who-makes-it",
        )
    div = p_single(
        "kc_afcwest",
        "Will the Chiefs win the AFC West?",
        'Resolves "Yes" if the Kansas City Chiefs win the 2026 AFC West division title.',
        et(2027, 1, 11, 5),
        "bin|afc_west_KC|2026",
        "Chiefs win division",
        0.45,
        "sports",
    )
    CAT.negative(
        BIN_K["kc_playoffs"],
        div,
        "b_implies_a",
        "binary_event",
        "Winning the AFC West (Polymarket) guarantees a playoff berth (Kalshi); a wild card pays Kalshi only.",
    )


def build_rotten_tomatoes() -> None:
    """Tomatometer scores are whole percentages: 'above 80%' == '81% or higher'."""
    CAT.add_series(
        "KXRT",
        "Rotten Tomatoes score",
        "Culture",
        "custom",
        [("Rotten Tomatoes", "https://www.rottentomatoes.com/")],
        tags=["Movies"],
    )
    for ident, film, code, day, vals in (
        ("avengers", "Avengers: Doomsday", "AVEN", date(2026, 12, 18), (80, 90)),
        (
            "hunger",
            "The Hunger Games: Sunrise on the Reaping",
            "HUNG",
            date(2026, 11, 20),
            (70, 85),
        ),
    ):
        check = et(day.year, day.month, day.day, 12) + timedelta(days=7)
        ev_t = f"KXRT-{code}"
        CAT.add_event(
            ev_t,
            "KXRT",
            f"Rotten Tomatoes score for {film}?",
            "Tomatometer one week after release",
            mutually_exclusive=False,
            strike=check,
        )
        kt = {}
        for v in vals:
            kt[v] = CAT.kalshi(
                ticker=f"{ev_t}-{v}",
                event_ticker=ev_t,
                title=f"Will {film} have a Tomatometer score above {v}%?",
                yes_sub=f"Above {v}%",
                no_sub=f"{v}% or below",
                rules1=(
                    f"If the Tomatometer score of {film} on Rotten Tomatoes is above {v}% on "
                    f"{short_date(check.date())} at 12:00 PM ET, then the market resolves to Yes."
                ),
                rules2="The Tomatometer is displayed as a whole percentage. The audience (Popcornmeter) score is not used.",
                close=check,
                expected=check + timedelta(hours=1),
                key=f"stat|rt_{ident}|{check.date()}|>={v + 1}",
                family="discrete_stat",
                sem=f"{film} RT >= {v + 1}",
                p=p_above(v + 0.5, vals[0] + 5, 6),
                strike_type="greater",
                floor=v,
            )
        ev = CAT.pevent(
            title=f"{film} Rotten Tomatoes score?",
            slug=f"{slugify(film)}-rotten-tomatoes-score",
            description="",
            start=NOW - timedelta(days=30),
            end=check,
            tags=["culture"],
        )
        base = (
            f"This market resolves according to the Tomatometer score of {film} listed on Rotten Tomatoes on "
            f"{long_date(check.date())}, 12:00 PM ET (a whole number)."
        )
        v = vals[0]
        CAT.poly(
            event=ev,
            question=f"{film} Rotten Tomatoes score {v + 1}% or higher?",
            description=base,
            end=check,
            start=NOW - timedelta(days=30),
            key=f"stat|rt_{ident}|{check.date()}|>={v + 1}",
            family="discrete_stat",
            sem="RT >= v+1",
            p=0.5,
            fees="culture",
        )
        c = CAT.poly(
            event=ev,
            question=f"Will {film} score at least {vals[1]}% on Rotten Tomatoes?",
            description=base,
            end=check,
            start=NOW - timedelta(days=30),
            key=f"stat|rt_{ident}|{check.date()}|>={vals[1]}",
            family="discrete_stat",
            sem="RT >= v2",
            p=0.3,
            fees="culture",
        )
        CAT.negative(
            kt[vals[1]],
            c,
            "a_implies_b",
            "discrete_stat",
            f"Whole-number score: Kalshi 'above {vals[1]}%' needs {vals[1] + 1}% or more, Polymarket 'at least "
            f"{vals[1]}%' also pays on exactly {vals[1]}%.",
        )
        pc = CAT.poly(
            event=ev,
            question=f"{film} Popcornmeter above {v}%?",
            description=f"Resolves according to the audience score (Popcornmeter) of {film} on Rotten Tomatoes.",
            end=check,
            start=NOW - timedelta(days=30),
            key=f"stat|rt_audience_{ident}|{check.date()}|>={v + 1}",
            family="discrete_stat",
            sem="audience score",
            p=0.6,
            fees="culture",
        )
        CAT.negative(
            kt[v],
            pc,
            "different",
            "discrete_stat",
            "Critics' Tomatometer (Kalshi) vs audience Popcornmeter (Polymarket): different statistic, same film and threshold.",
        )


# =============================================================================================
# Unpaired distractors (markets with no counterpart on the other venue)
# =============================================================================================
def build_distractors() -> None:
    # Kalshi-only games and Polymarket-only games (different fixtures from the paired ones).
    extra_k = [
        ("nba", 2026, 10, 28, 19, 0, "ATL", "MIA", 0.55),
        ("nba", 2026, 10, 29, 22, 0, "SAC", "LAL", 0.6),
        ("nhl", 2026, 10, 28, 22, 0, "EDM", "VGK", 0.5),
        ("nfl", 2026, 11, 8, 13, 0, "DET", "NYG", 0.35),
        ("cbb", 2026, 11, 7, 14, 0, "PUR", "KU", 0.55),
        ("epl", 2026, 11, 8, 9, 0, "LFC", "FUL", 0.3, 0.25),
    ]
    extra_p = [
        ("nba", 2026, 10, 31, 19, 30, "BOS", "NYK", 0.52),
        ("nba", 2026, 11, 1, 21, 0, "GSW", "PHX", 0.49),
        ("nhl", 2026, 10, 29, 19, 0, "FLA", "BOS", 0.5),
        ("nfl", 2026, 11, 8, 16, 25, "KC", "BUF", 0.55),
        ("cfb", 2026, 11, 7, 19, 30, "OSU", "USC", 0.3),
        ("epl", 2026, 11, 8, 11, 30, "MCI", "CHE", 0.4, 0.26),
        ("ucl", 2026, 11, 4, 15, 0, "INT", "PSG", 0.5, 0.25),
    ]
    before = len(GAMES)
    for spec in extra_k + extra_p:
        game(*spec[:9], *(spec[9:] if len(spec) > 9 else ()))
    new_games = GAMES[before:]
    for i, g in enumerate(new_games):
        kalshi_only = i < len(extra_k)
        _one_sided_game(g, kalshi_only)
    # Kalshi-only series that Polymarket does not list.
    CAT.add_series(
        "KXTRUMPMENTION",
        "What will Trump say?",
        "Mentions",
        "custom",
        [("Official video", "https://www.whitehouse.gov/")],
        tags=["Mentions"],
    )
    ev_t = "KXTRUMPMENTION-26OCT29"
    CAT.add_event(
        ev_t,
        "KXTRUMPMENTION",
        "What will Trump say during his Oct 29 rally?",
        "Rally remarks",
        mutually_exclusive=False,
        strike=et(2026, 10, 29, 23),
    )
    for word, code in (
        ("Tariff", "TARI"),
        ("Crypto", "CRYP"),
        ("Sleepy Joe", "SLEE"),
        ("Midterms", "MIDT"),
        ("Fake News", "FAKE"),
        ("Hottest", "HOTT"),
    ):
        CAT.kalshi(
            ticker=f"{ev_t}-{code}",
            event_ticker=ev_t,
            title=f'Will Trump say "{word}" during his Oct 29 rally?',
            yes_sub=word,
            rules1=(
                f'If Donald Trump says "{word}" (or its plural/possessive) during his rally on Oct 29, '
                "2026, then the market resolves to Yes."
            ),
            rules2="Only words spoken by Donald Trump during the main remarks count.",
            close=et(2026, 10, 29, 19),
            expected=et(2026, 10, 30, 3),
            key=f"mention|trump|2026-10-29|{code}",
            family="binary_event",
            sem=f"Trump says {word}",
            p=rng.uniform(0.2, 0.9),
        )
    CAT.add_series(
        "KXAAAGASW",
        "US gas prices",
        "Economics",
        "weekly",
        [("AAA", "https://gasprices.aaa.com/")],
        tags=["Gas"],
    )
    ev_t = "KXAAAGASW-26NOV02"
    CAT.add_event(
        ev_t,
        "KXAAAGASW",
        "US average gas price on Nov 2, 2026?",
        "AAA national average",
        mutually_exclusive=False,
        strike=et(2026, 11, 2, 10),
    )
    for v in (2.90, 3.00, 3.10, 3.20):
        CAT.kalshi(
            ticker=f"{ev_t}-T{v:.2f}",
            event_ticker=ev_t,
            title=f"Will average US gas prices be above ${v:.2f} on Nov 2, 2026?",
            yes_sub=f"Above ${v:.2f}",
            no_sub=f"${v:.2f} or below",
            rules1=f"If the AAA national average price for regular gasoline on Nov 2, 2026 is above ${v:.2f}, then the market resolves to Yes.",
            rules2="The value published on the AAA website at 10:00 AM ET is used.",
            close=et(2026, 11, 2, 9),
            expected=et(2026, 11, 2, 11),
            key=f"gas|aaa|2026-11-02|>{v}",
            family="discrete_stat",
            sem=f"AAA gas > {v}",
            p=p_above(v, 3.05, 0.06),
            strike_type="greater",
            floor=v,
        )
    CAT.add_series(
        "KXNETFLIXRANK",
        "Top show on Netflix",
        "Culture",
        "weekly",
        [("Netflix Tudum", "https://www.netflix.com/tudum/top10")],
    )
    ev_t = "KXNETFLIXRANK-26NOV01"
    CAT.add_event(
        ev_t,
        "KXNETFLIXRANK",
        "Top English TV show on Netflix this week?",
        "Week of Oct 26 - Nov 1",
        mutually_exclusive=True,
        strike=et(2026, 11, 3, 15),
    )
    for show, code in (
        ("Stranger Things 5: Tales From '85", "STF"),
        ("Wednesday", "WED"),
        ("The Night Agent", "TNA"),
        ("Squid Game: America", "SGA"),
    ):
        CAT.kalshi(
            ticker=f"{ev_t}-{code}",
            event_ticker=ev_t,
            title=f"Will {show} be #1 on Netflix's English TV list?",
            yes_sub=show,
            rules1=f"If {show} is #1 on the Netflix Top 10 English TV list for the week of Oct 26 - Nov 1, 2026, then the market resolves to Yes.",
            rules2="The list is published by Netflix on Tuesday.",
            close=et(2026, 11, 3, 14),
            expected=et(2026, 11, 3, 16),
            key=f"netflix|2026w44|{code}",
            family="candidates",
            sem=f"{show} #1",
            p=rng.uniform(0.05, 0.5),
        )
    CAT.add_series(
        "KXRAINNYC",
        "Rain in NYC",
        "Climate and Weather",
        "monthly",
        [("National Weather Service", "https://www.weather.gov/wrh/climate?wfo=okx")],
    )
    ev_t = "KXRAINNYC-26NOV"
    CAT.add_event(
        ev_t,
        "KXRAINNYC",
        "Rain in NYC in November 2026?",
        "Central Park monthly precipitation",
        mutually_exclusive=False,
        strike=et(2026, 12, 1, 10),
    )
    for v in (2.0, 3.0, 4.0, 5.0):
        CAT.kalshi(
            ticker=f"{ev_t}-{v:.0f}",
            event_ticker=ev_t,
            title=f"Will NYC get more than {v:.0f} inches of rain in November 2026?",
            yes_sub=f"Above {v:.0f} inches",
            no_sub=f"{v:.0f} inches or less",
            rules1=f"If total precipitation recorded at Central Park for November 2026 is above {v:.2f} inches, then the market resolves to Yes.",
            rules2="Per the NWS monthly climate report.",
            close=et(2026, 11, 30, 23, 59),
            expected=et(2026, 12, 1, 12),
            key=f"rain|CPK|2026-11|>{v}",
            family="discrete_stat",
            sem=f"NYC rain > {v}",
            p=p_above(v, 3.3, 1.0),
            strike_type="greater",
            floor=v,
        )
    # Polymarket-only markets.
    ev = CAT.pevent(
        title="Bitcoin Up or Down - October 27, 9AM ET",
        slug="bitcoin-up-or-down-october-27-9am-et",
        description="",
        start=NOW - timedelta(hours=20),
        end=et(2026, 10, 27, 10),
        tags=["crypto", "up-or-down"],
        extra={"seriesSlug": "btc-up-or-down-hourly"},
    )
    for h in (9, 10, 11):
        CAT.poly(
            event=ev
            if h == 9
            else CAT.pevent(
                title=f"Bitcoin Up or Down - October 27, {h}AM ET",
                slug=f"bitcoin-up-or-down-october-27-{h}am-et",
                description="",
                start=NOW - timedelta(hours=20),
                end=et(2026, 10, 27, h + 1),
                tags=["crypto"],
            ),
            question=f"Bitcoin Up or Down - October 27, {h}AM ET",
            description=(
                'This market will resolve to "Up" if the Bitcoin price at the end of the time range specified in '
                "the title is greater than or equal to the price at the beginning of that range. Otherwise, it will "
                'resolve to "Down".\n\nThe resolution source for this market is the Chainlink BTC/USD data stream.'
            ),
            end=et(2026, 10, 27, h + 1),
            start=NOW - timedelta(hours=20),
            key=f"updown|BTC|2026-10-27T{h:02d}",
            family="price_threshold",
            sem="BTC up in hour",
            p=0.5,
            outcomes=("Up", "Down"),
            fees="crypto",
            resolution_source="https://data.chain.link/streams/btc-usd",
        )
    ev = CAT.pevent(
        title="Elon Musk # of tweets October 24 - October 31, 2026?",
        slug="elon-musk-of-tweets-october-24-october-31",
        description="",
        start=NOW - timedelta(days=3),
        end=et(2026, 10, 31, 12),
        neg_risk=True,
        tags=["tweets"],
    )
    for a, b in ((0, 199), (200, 299), (300, 399), (400, 499), (500, None)):
        git = f"{a}-{b}" if b else f"{a}+"
        CAT.poly(
            event=ev,
            question=f"Will Elon Musk post {git} tweets from October 24 to October 31, 2026?",
            description=(
                "This market will resolve according to the number of posts by @elonmusk on X between October 24, "
                "2026, 12:00 PM ET and October 31, 2026, 12:00 PM ET, as counted by the tracker linked below."
            ),
            end=et(2026, 10, 31, 12),
            start=NOW - timedelta(days=3),
            key=f"tweets|musk|w43|{git}",
            family="binary_event",
            sem=f"Musk tweets {git}",
            p=0.2,
            group_item_title=git,
            fees="culture",
        )
    for t1, t2 in (
        ("Team Vitality", "FaZe Clan"),
        ("Natus Vincere", "MOUZ"),
        ("G2 Esports", "Team Spirit"),
    ):
        ev = CAT.pevent(
            title=f"Counter-Strike: {t1} vs {t2} (BO3)",
            slug=f"cs2-{slugify(t1)}-{slugify(t2)}-2026-10-28",
            description="",
            start=NOW - timedelta(days=1),
            end=et(2026, 10, 28, 18),
            tags=["esports"],
        )
        CAT.poly(
            event=ev,
            question=f"Counter-Strike: {t1} vs {t2} (BO3)",
            description=f'This market will resolve to "{t1}" if {t1} wins this best-of-three match. Otherwise "{t2}".',
            end=et(2026, 10, 28, 18),
            start=NOW - timedelta(days=1),
            key=f"esports|{slugify(t1)}|{slugify(t2)}",
            family="moneyline",
            sem=f"{t1} beats {t2}",
            p=0.55,
            outcomes=(t1, t2),
            smt="moneyline",
            game_start=et(2026, 10, 28, 12),
            fees="sports",
        )
    ev = CAT.pevent(
        title="Which company has best AI model end of November?",
        slug="which-company-has-best-ai-model-end-of-november",
        description="",
        start=NOW - timedelta(days=30),
        end=et(2026, 11, 30, 12),
        neg_risk=True,
        tags=["ai"],
    )
    for comp in ("Google", "OpenAI", "Anthropic", "xAI", "DeepSeek"):
        CAT.poly(
            event=ev,
            question=f"Will {comp} have the best AI model at the end of November 2026?",
            description=(
                "This market will resolve according to the top entry of the LMArena Text leaderboard (style "
                "control on) on November 30, 2026, 12:00 PM ET."
            ),
            end=et(2026, 11, 30, 12),
            start=NOW - timedelta(days=30),
            key=f"aimodel|2026-11|{comp}",
            family="candidates",
            sem=f"{comp} best model",
            p=0.2,
            group_item_title=comp,
            fees="tech",
        )
    ev = CAT.pevent(
        title="Largest company end of 2026?",
        slug="largest-company-end-of-2026",
        description="",
        start=NOW - timedelta(days=200),
        end=et(2026, 12, 31, 16),
        neg_risk=True,
        tags=["finance"],
    )
    for comp in ("NVIDIA", "Microsoft", "Apple", "Alphabet"):
        CAT.poly(
            event=ev,
            question=f"Will {comp} be the largest company in the world by market cap on December 31?",
            description="Resolves according to companiesmarketcap.com at market close on December 31, 2026.",
            end=et(2026, 12, 31, 16),
            start=NOW - timedelta(days=200),
            key=f"largestco|2026|{comp}",
            family="candidates",
            sem=f"{comp} largest",
            p=0.25,
            group_item_title=comp,
            fees="finance",
        )
    for q, key, fees in (
        (
            "Will Ethereum dip to $3,000 by December 31, 2026?",
            "pxmin|ETH|BINANCE|2026|<=3000",
            "crypto",
        ),
        ("Will XRP reach $5 in 2026?", "pxmax|XRP|BINANCE|2026|>=5", "crypto"),
        ("MicroStrategy sells any Bitcoin by December 31, 2026?", "bin|mstr_sells|2026", "crypto"),
        ("Will Kanye West release a new album in 2026?", "bin|ye_album|2026", "culture"),
        ("Nothing Ever Happens: November 2026?", "bin|neh|2026-11", "other"),
    ):
        ev = CAT.pevent(
            title=q.rstrip("?"),
            slug=slugify(q),
            description="",
            start=NOW - timedelta(days=50),
            end=et(2026, 12, 31, 23, 59),
            tags=["misc"],
        )
        CAT.poly(
            event=ev,
            question=q,
            description=f'This market will resolve to "Yes" if the following happens: {q} Otherwise, "No".',
            end=et(2026, 12, 31, 23, 59),
            start=NOW - timedelta(days=50),
            key=key,
            family="binary_event",
            sem=q,
            p=0.2,
            fees=fees,
        )


def _one_sided_game(g: Game, kalshi_only: bool) -> None:
    """A game listed on one venue only (its markets have no counterpart)."""
    L = g.lg
    if kalshi_only:
        st = sport_series(L)
        ev_t = f"{st}-{g.ktag}"
        title = (
            f"{g.home.kname} vs {g.away.kname} Winner?"
            if L.soccer
            else f"{g.away.kname} at {g.home.kname} Winner?"
        )
        CAT.add_event(
            ev_t,
            st,
            title,
            short_date(g.day),
            mutually_exclusive=True,
            strike=g.start + timedelta(hours=3),
        )
        sides = [g.home, g.away] if L.soccer else [g.away, g.home]
        ref = min(g.away.code, g.home.code)
        for t in sides:
            r1, r2 = kalshi_game_rules(g, t.kname)
            key = f"{g.key}|win:{t.code}" if L.soccer else f"{g.key}|win:{ref}"
            CAT.kalshi(
                ticker=f"{ev_t}-{t.code}",
                event_ticker=ev_t,
                title=title,
                yes_sub=t.kname,
                rules1=r1,
                rules2=r2,
                close=g.start + timedelta(days=14),
                expected=g.start + timedelta(hours=3),
                key=key,
                neg=(not L.soccer and t.code != ref),
                family="moneyline",
                sem=f"{t.kname} wins",
                p=0.5,
                open_=g.start - timedelta(days=6),
            )
        if L.soccer:
            r1, r2 = kalshi_game_rules(g, None)
            CAT.kalshi(
                ticker=f"{ev_t}-TIE",
                event_ticker=ev_t,
                title=title,
                yes_sub="Tie",
                rules1=r1,
                rules2=r2,
                close=g.start + timedelta(days=14),
                expected=g.start + timedelta(hours=3),
                key=f"{g.key}|draw",
                family="moneyline",
                sem="draw",
                p=g.p_draw,
                open_=g.start - timedelta(days=6),
            )
    else:
        pe = _poly_game_event(g)
        if L.soccer:
            for t in (g.home, g.away):
                CAT.poly(
                    event=pe,
                    question=f"Will {t.nick} win on {g.day.isoformat()}?",
                    description=poly_game_description(g, ("Yes", "No"), t),
                    end=g.start,
                    start=g.start - timedelta(days=5),
                    key=f"{g.key}|win:{t.code}",
                    family="moneyline",
                    sem=f"{t.nick} wins",
                    p=0.4,
                    slug=f"{pe['slug']}-{t.pabbr}",
                    game_start=g.start,
                    smt="moneyline",
                    fees="sports",
                )
            CAT.poly(
                event=pe,
                question=f"Will {g.home.nick} vs. {g.away.nick} end in a draw?",
                description=poly_game_description(g, ("Yes", "No"), None, True),
                end=g.start,
                start=g.start - timedelta(days=5),
                key=f"{g.key}|draw",
                family="moneyline",
                sem="draw",
                p=0.25,
                slug=f"{pe['slug']}-draw",
                game_start=g.start,
                smt="moneyline",
                fees="sports",
            )
        else:
            a, h = _outcome_label(g, g.away), _outcome_label(g, g.home)
            ref = min(g.away.code, g.home.code)
            CAT.poly(
                event=pe,
                question=f"{a} vs. {h}",
                description=poly_game_description(g, (a, h)),
                end=g.start,
                start=g.start - timedelta(days=5),
                key=f"{g.key}|win:{ref}",
                neg=g.away.code != ref,
                family="moneyline",
                sem=f"{a} beat {h}",
                p=0.5,
                outcomes=(a, h),
                slug=pe["slug"],
                game_start=g.start,
                smt="moneyline",
                fees="sports",
            )


def _poly_game_lines(g: Game, main: float, total: float) -> None:
    """Spread and total markets for a game Polymarket lists and Kalshi does not."""
    L = g.lg
    pe = g.pevent or _poly_game_event(g)
    fav = g.home if g.p_home >= 0.5 else g.away
    dog = g.away if fav is g.home else g.home
    fl, dl = _outcome_label(g, fav), _outcome_label(g, dog)
    CAT.poly(
        event=pe,
        question=f"Spread: {fl} (-{num(main)})",
        description=(
            f"In the upcoming {L.pname} game, scheduled for {long_date(g.day, False)} at {clock(g.start, 0)}:\n\n"
            f'This market will resolve to "{fl}" if the {fav.full} win the game by {math.ceil(main)} or more '
            f'{L.spread_unit}. Otherwise, this market will resolve to "{dl}".'
        ),
        end=g.start,
        start=g.start - timedelta(days=4),
        key=f"sp|{g.key}|{fav.code}|>{main}",
        family="spread",
        sem=f"{fl} -{main}",
        p=0.5,
        outcomes=(fl, dl),
        game_start=g.start,
        smt="spreads",
        line=-main,
        fees="sports",
        slug=f"{pe['slug']}-spread-{'home' if fav is g.home else 'away'}-{str(main).replace('.', 'pt')}",
    )
    a, h = _outcome_label(g, g.away), _outcome_label(g, g.home)
    CAT.poly(
        event=pe,
        question=f"{a} vs. {h}: O/U {num(total)}",
        description=(
            f'In the upcoming {L.pname} game between {a} and {h}: This market will resolve to "Over" if the '
            f'teams combine to score more than {num(total)} {L.spread_unit}. Otherwise, "Under".'
        ),
        end=g.start,
        start=g.start - timedelta(days=4),
        key=f"tot|{g.key}|>{total}",
        family="spread",
        sem=f"total > {total}",
        p=0.5,
        outcomes=("Over", "Under"),
        game_start=g.start,
        smt="totals",
        line=total,
        fees="sports",
        slug=f"{pe['slug']}-total-{str(total).replace('.', 'pt')}",
    )


def build_poly_extras() -> None:
    """More Polymarket-only listings, so about a quarter of that catalog has no Kalshi counterpart."""
    # Lines for the Polymarket-only US games built in build_distractors.
    lines = {
        ("nba", "BOS", "NYK"): (2.5, 223.5),
        ("nba", "GSW", "PHX"): (1.5, 229.5),
        ("nhl", "FLA", "BOS"): (1.5, 5.5),
        ("nfl", "KC", "BUF"): (2.5, 48.5),
        ("cfb", "OSU", "USC"): (9.5, 51.5),
    }
    for (lg, away, home), (main, total) in lines.items():
        g = find_game(lg, away, home)
        g.pevent = CAT.pevents.get(
            f"{g.lg.pslug}-{g.away.pabbr}-{g.home.pabbr}-{g.day.isoformat()}"
        )
        _poly_game_lines(g, main, total)
    before = len(GAMES)
    for spec in [
        ("nba", 2026, 11, 3, 19, 0, "CLE", "ATL", 0.45),
        ("nba", 2026, 11, 3, 22, 0, "HOU", "DEN", 0.58),
        ("nfl", 2026, 11, 8, 20, 20, "PHI", "SF", 0.5),
        ("nhl", 2026, 11, 2, 19, 0, "TOR", "NJ", 0.52),
        ("cfb", 2026, 11, 7, 12, 0, "ALA", "LSU", 0.45),
    ]:
        game(*spec)
    for g, (main, total) in zip(
        GAMES[before:],
        [(3.5, 231.5), (4.5, 227.5), (1.5, 46.5), (1.5, 6.5), (2.5, 49.5)],
        strict=True,
    ):
        _one_sided_game(g, kalshi_only=False)
        g.pevent = CAT.pevents[f"{g.lg.pslug}-{g.away.pabbr}-{g.home.pabbr}-{g.day.isoformat()}"]
        _poly_game_lines(g, main, total)
    # Binance noon ladders (Polymarket's "Bitcoin above ___ on <date>?" events).
    for d, strikes, c in (
        (date(2026, 10, 30), (106000.0, 108000.0, 110000.0, 114000.0, 116000.0, 118000.0), 112000),
        (date(2026, 11, 6), (110000.0, 112000.0, 116000.0, 118000.0), 113500),
    ):
        for v in strikes:
            poly_crypto_point("BTC", d, v, ">", "BINANCE_1m_close", c, 2500, hour=12)
    for v in (4000.0, 4100.0, 4500.0, 4600.0):
        poly_crypto_point("ETH", date(2026, 10, 30), v, ">", "BINANCE_1m_close", 4250, 150, hour=12)
    # "What price will Bitcoin hit in November?" (Binance 1-minute highs/lows, November only).
    ev = CAT.pevent(
        title="What price will Bitcoin hit in November?",
        slug="what-price-will-bitcoin-hit-in-november-2026",
        description="",
        start=NOW - timedelta(days=6),
        end=et(2026, 12, 1),
        tags=["crypto", "hit-price"],
        extra={"seriesSlug": "bitcoin-hit-price-monthly"},
    )
    for v, up in (
        (120000.0, True),
        (125000.0, True),
        (130000.0, True),
        (140000.0, True),
        (100000.0, False),
        (95000.0, False),
        (90000.0, False),
    ):
        verb = "reach" if up else "dip to"
        op = ">=" if up else "<="
        key, neg = px_key("BTC", "BINANCE_1m_high" if up else "BINANCE_1m_low", "2026-11", op, v)
        CAT.poly(
            event=ev,
            question=f"Will Bitcoin {verb} {money(v, pick([0, 1]))} in November?",
            description=(
                f'This market will immediately resolve to "Yes" if any Binance 1 minute candle for BTCUSDT '
                f'during November 2026 (ET) has a final "{"High" if up else "Low"}" price '
                f'{"equal to or greater than" if up else "equal to or less than"} {money(v, 0)}. Otherwise, "No".'
            ),
            end=et(2026, 12, 1),
            start=NOW - timedelta(days=6),
            key=key,
            neg=neg,
            family="price_threshold",
            sem=f"BTC Binance {verb} {v} in Nov",
            p=0.2,
            fees="crypto",
            group_item_title=f"↑ {money(v, 0)}" if up else f"↓ {money(v, 0)}",
        )
    # Neg-risk groups Kalshi does not list.
    groups = (
        (
            "Heisman Trophy Winner 2026",
            "heisman-trophy-winner-2026",
            "Will {n} win the 2026 Heisman Trophy?",
            'This market will resolve to "Yes" if {n} is announced as the winner of the 2026 Heisman Memorial Trophy. '
            'Otherwise, this market will resolve to "No".',
            [
                "Arch Manning",
                "Jeremiah Smith",
                "Julian Sayin",
                "Dante Moore",
                "LaNorris Sellers",
                "Other",
            ],
            "sports",
            et(2026, 12, 13),
        ),
        (
            "Oscars 2027: Best Actor Winner",
            "oscars-2027-best-actor-winner",
            "Will {n} win Best Actor at the 2027 Oscars?",
            'This market will resolve to "Yes" if {n} wins Best Actor in a Leading Role at the 99th Academy Awards. '
            'Otherwise, this market will resolve to "No".',
            ["Matt Damon", "Ryan Gosling", "Tom Cruise", "Timothée Chalamet", "Michael B. Jordan"],
            "culture",
            et(2027, 3, 15),
        ),
        (
            "Next James Bond actor?",
            "next-james-bond-actor",
            "Will {n} be announced as the next James Bond?",
            'This market will resolve to "Yes" if {n} is officially announced by Amazon MGM Studios as the actor playing '
            'James Bond in the next Bond film by December 31, 2027, 11:59 PM ET. Otherwise, "No".',
            [
                "Aaron Taylor-Johnson",
                "Callum Turner",
                "Jacob Elordi",
                "Harris Dickinson",
                "Theo James",
            ],
            "culture",
            et(2027, 12, 31),
        ),
        (
            "Fed decision in September 2027?",
            "fed-decision-in-september-2027",
            "{n} after September 2027 meeting?",
            "The FED interest rates are defined in this market by the upper bound of the target federal funds range. This "
            "market will resolve to the amount of basis points the upper bound of the target federal funds rate is changed "
            "by versus the level it was prior to the Federal Reserve's September 2027 meeting.",
            [
                "Fed decreases interest rates by 50+ bps",
                "Fed decreases interest rates by 25 bps",
                "No change in Fed interest rates",
                "Fed increases interest rates by 25+ bps",
            ],
            "economics",
            et(2027, 9, 22),
        ),
    )
    for title, slug, q, desc, names, fees, end in groups:
        ev = CAT.pevent(
            title=title,
            slug=slug,
            description="",
            start=NOW - timedelta(days=60),
            end=end,
            neg_risk=True,
            tags=["misc"],
        )
        fed = slug.startswith("fed-")
        for i, n in enumerate(names):
            git = (
                ["50+ bps decrease", "25 bps decrease", "No change", "25+ bps increase"][i]
                if fed
                else n
            )
            d = (
                desc.format(n=n)
                if n != "Other"
                else (
                    'This market will resolve to "Yes" if the winner is any player '
                    'not listed in this event. Otherwise, "No".'
                )
            )
            CAT.poly(
                event=ev,
                question=q.format(n=n if n != "Other" else "another player"),
                description=d,
                end=end,
                start=NOW - timedelta(days=60),
                key=f"extra|{slug}|{slugify(n)}",
                family="fed" if fed else "candidates",
                sem=n,
                p=0.15,
                group_item_title=git,
                fees=fees,
                neg_risk_other=(n == "Other"),
            )
    # More hourly up/down markets.
    for asset, name in (("ETH", "Ethereum"), ("SOL", "Solana")):
        for h in (9, 10, 11, 12):
            ev = CAT.pevent(
                title=f"{name} Up or Down - October 27, {h if h <= 12 else h - 12}{'AM' if h < 12 else 'PM'} ET",
                slug=f"{name.lower()}-up-or-down-october-27-{h}{'am' if h < 12 else 'pm'}-et",
                description="",
                start=NOW - timedelta(hours=20),
                end=et(2026, 10, 27, h + 1),
                tags=["crypto"],
            )
            CAT.poly(
                event=ev,
                question=ev["title"],
                description=(
                    f'This market will resolve to "Up" if the {name} price at the end of the time range '
                    "specified in the title is greater than or equal to the price at the beginning of that "
                    f'range. Otherwise, it will resolve to "Down".\n\nThe resolution source for this market '
                    f"is the Chainlink {asset}/USD data stream."
                ),
                end=et(2026, 10, 27, h + 1),
                start=NOW - timedelta(hours=20),
                key=f"updown|{asset}|2026-10-27T{h:02d}",
                family="price_threshold",
                sem=f"{asset} up",
                p=0.5,
                outcomes=("Up", "Down"),
                fees="crypto",
            )


# =============================================================================================
# Truth, checks, output
# =============================================================================================
def derive_truth() -> list[dict]:
    by_k: dict[str, list[str]] = defaultdict(list)
    by_p: dict[str, list[str]] = defaultdict(list)
    for t, pr in CAT.kprops.items():
        by_k[pr.key].append(t)
    for c, pr in CAT.pprops.items():
        by_p[pr.key].append(c)
    rows = []
    for key in sorted(set(by_k) & set(by_p)):
        for kt in by_k[key]:
            for cid in by_p[key]:
                kp, pp = CAT.kprops[kt], CAT.pprops[cid]
                assert kp.family == pp.family, (key, kp.family, pp.family)
                inverted = kp.neg != pp.neg
                note = f"Kalshi YES = {kp.sem}; Polymarket first outcome = {pp.sem}. " + (
                    "Kalshi YES settles like Polymarket's second outcome (inverse framing)."
                    if inverted
                    else "Same settlement event, same direction."
                )
                rows.append(
                    {
                        "kalshi_ticker": kt,
                        "polymarket_condition_id": cid,
                        "relation": "identical",
                        "orientation": "inverted" if inverted else "same",
                        "family": kp.family,
                        "note": note,
                    }
                )
    seen = {(r["kalshi_ticker"], r["polymarket_condition_id"]) for r in rows}
    for n in CAT.negatives:
        pair = (n["kalshi_ticker"], n["polymarket_condition_id"])
        assert pair not in seen, ("listed twice", pair)
        seen.add(pair)
        rows.append(n)
    return rows


def check(truth: list[dict]) -> dict:
    ktickers = [m["ticker"] for m in CAT.kmarkets]
    cids = [m["conditionId"] for m in CAT.pmarkets]
    assert len(set(ktickers)) == len(ktickers), "duplicate Kalshi ticker"
    assert len(set(cids)) == len(cids), "duplicate conditionId"
    assert len({m["slug"] for m in CAT.pmarkets}) == len(cids), "duplicate slug"
    assert len({m["id"] for m in CAT.pmarkets}) == len(cids), "duplicate gamma id"
    kset, pset = set(ktickers), set(cids)
    for r in truth:
        assert r["kalshi_ticker"] in kset, r
        assert r["polymarket_condition_id"] in pset, r
        assert (r["relation"] == "identical") == (r["orientation"] in ("same", "inverted")), r
    for m in CAT.kmarkets:
        assert m["event_ticker"] in CAT.events, m["ticker"]
    for e in CAT.events.values():
        assert e["series_ticker"] in CAT.series, e["event_ticker"]
    # Completeness, recomputed independently of derive_truth: every same-key cross-venue pair is listed as identical.
    ident = {
        (r["kalshi_ticker"], r["polymarket_condition_id"])
        for r in truth
        if r["relation"] == "identical"
    }
    for kt, kp in CAT.kprops.items():
        for cid, pp in CAT.pprops.items():
            if kp.key == pp.key:
                assert (kt, cid) in ident, (kt, cid)
    paired_k = {r["kalshi_ticker"] for r in truth}
    paired_p = {r["polymarket_condition_id"] for r in truth}
    stats = {
        "kalshi_markets": len(ktickers),
        "polymarket_markets": len(cids),
        "kalshi_events": len(CAT.events),
        "kalshi_series": len(CAT.series),
        "kalshi_unpaired": sum(t not in paired_k for t in ktickers),
        "polymarket_unpaired": sum(c not in paired_p for c in cids),
        "identical_by_family": dict(
            sorted(Counter(r["family"] for r in truth if r["relation"] == "identical").items())
        ),
        "negatives_by_family": dict(
            sorted(Counter(r["family"] for r in truth if r["relation"] != "identical").items())
        ),
        "by_relation": dict(sorted(Counter(r["relation"] for r in truth).items())),
        "inverted": sum(r["orientation"] == "inverted" for r in truth),
    }
    return stats


def main() -> None:
    build_schedule()
    build_moneyline()
    build_tennis()
    moneyline_negatives()
    build_spreads()
    build_candidates()
    build_fed()
    build_cpi()
    build_jobs()
    build_gdp_approval()
    build_weather()
    build_rotten_tomatoes()
    build_dates()
    build_crypto()
    build_indices_commodities_stocks()
    build_binary()
    build_distractors()
    build_poly_extras()
    truth = derive_truth()
    stats = check(truth)
    order = random.Random(SEED + 1)
    kmarkets = sorted(CAT.kmarkets, key=lambda m: (m["event_ticker"], m["ticker"]))
    pmarkets = list(CAT.pmarkets)
    order.shuffle(pmarkets)
    events = [CAT.events[k] for k in sorted(CAT.events)]
    series = [CAT.series[k] for k in sorted(CAT.series)]
    truth.sort(
        key=lambda r: (
            r["family"],
            r["relation"] != "identical",
            r["kalshi_ticker"],
            r["polymarket_condition_id"],
        )
    )
    with open(OUT_DIR / "kalshi.json", "w", encoding="utf-8") as f:
        json.dump(
            {"series": series, "events": events, "markets": kmarkets},
            f,
            ensure_ascii=False,
            indent=1,
        )
        f.write("\n")
    with open(OUT_DIR / "polymarket.json", "w", encoding="utf-8") as f:
        json.dump(pmarkets, f, ensure_ascii=False, indent=1)
        f.write("\n")
    with open(OUT_DIR / "truth.json", "w", encoding="utf-8") as f:
        json.dump(truth, f, ensure_ascii=False, indent=1)
        f.write("\n")
    print(json.dumps(stats, indent=1))


if __name__ == "__main__":
    main()
