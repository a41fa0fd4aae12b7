#!/usr/bin/env python3
"""Hold-out labelled set "B" for the Kalshi <-> Polymarket matcher.

Deterministic (fixed seed), Python 3.11 standard library only. Writes, next to this file:

    kalshi.json       {"series": [...], "events": [...], "markets": [...]}   (Trade API v2 shapes)
    polymarket.json   [Gamma /markets objects]                               (Gamma shapes)
    truth.json        [{kalshi_ticker, polymarket_condition_id, relation, orientation, family, note}]

How the truth is kept complete: every market carries a *semantic key* (base proposition, sign),
built from the same parameters that render its text. Two markets are the same contract exactly when
their base propositions are equal; the signs give the orientation. Identical rows are therefore
computed, never typed, and cannot be forgotten. Hard negatives are declared explicitly next to the
markets they involve, and are checked not to collide with an identical pair.

Run:  python3 generate.py            (writes the three files and prints counts)
"""
# ruff: noqa: T201

from __future__ import annotations

import hashlib
import json
import math
import os
import random
import sys
import unicodedata
from collections import Counter, defaultdict
from datetime import UTC, date, datetime, timedelta

SEED = 20261024
R = random.Random(SEED)
OUT = os.path.dirname(os.path.abspath(__file__))

# The catalogs are a snapshot of open markets taken on this instant.
NOW = datetime(2026, 10, 24, 14, 0, tzinfo=UTC)

MON3 = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
MON_ABBR = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

FAMILIES = ("moneyline", "spread", "candidates", "fed", "discrete_stat", "dates",
            "price_threshold", "binary_event")


# --- time helpers ------------------------------------------------------------------------------
def _is_edt(d: date) -> bool:
    """US Eastern daylight time: 2026-03-08..2026-11-01, 2027-03-14..2027-11-07 (2am switch)."""
    spans = [(date(2025, 3, 9), date(2025, 11, 2)), (date(2026, 3, 8), date(2026, 11, 1)),
             (date(2027, 3, 14), date(2027, 11, 7)), (date(2028, 3, 12), date(2028, 11, 5))]
    return any(a <= d < b for a, b in spans)


def ET(y: int, m: int, d: int, hh: int = 0, mm: int = 0) -> datetime:
    """A US Eastern wall-clock time as an aware UTC datetime."""
    off = 4 if _is_edt(date(y, m, d)) else 5
    return datetime(y, m, d, hh, mm, tzinfo=UTC) + timedelta(hours=off)


def U(y: int, m: int, d: int, hh: int = 0, mm: int = 0) -> datetime:
    return datetime(y, m, d, hh, mm, tzinfo=UTC)


def et_local(t: datetime) -> datetime:
    """UTC -> naive Eastern wall clock."""
    guess = t - timedelta(hours=4)
    if not _is_edt(guess.date()):
        guess = t - timedelta(hours=5)
    return guess.replace(tzinfo=None)


def tz_abbr(t: datetime) -> str:
    return "EDT" if _is_edt(et_local(t).date()) else "EST"


def iso(t: datetime) -> str:
    return t.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def iso_ms(t: datetime) -> str:
    return t.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.") + f"{R.randint(0, 999999):06d}Z"


def kd(d: date) -> str:
    """Kalshi ticker date: 26OCT28."""
    return f"{d.year % 100:02d}{MON3[d.month - 1]}{d.day:02d}"


def km(d: date) -> str:
    """Kalshi ticker month: 26OCT."""
    return f"{d.year % 100:02d}{MON3[d.month - 1]}"


def md_short(d: date) -> str:
    """Oct 28, 2026 (Kalshi rules style)."""
    return f"{MON_ABBR[d.month - 1]} {d.day}, {d.year}"


def md_long(d: date) -> str:
    return f"{MONTHS[d.month - 1]} {d.day}, {d.year}"


def md_noyear(d: date) -> str:
    return f"{MONTHS[d.month - 1]} {d.day}"


def hm12(t: datetime) -> str:
    """7:30PM style, Eastern."""
    lt = et_local(t)
    h = lt.hour % 12 or 12
    return f"{h}:{lt.minute:02d}{'AM' if lt.hour < 12 else 'PM'}"


def hm12s(t: datetime) -> str:
    """7:30 PM style, Eastern."""
    lt = et_local(t)
    h = lt.hour % 12 or 12
    return f"{h}:{lt.minute:02d} {'AM' if lt.hour < 12 else 'PM'}"


def before(t: datetime, days: float = 0, hours: float = 0) -> datetime:
    return t - timedelta(days=days, hours=hours)


# --- number helpers ----------------------------------------------------------------------------
def comma(v: float, dec: int = 0) -> str:
    return f"{v:,.{dec}f}"


def kfmt(v: float) -> str:
    """120000 -> 120k, 2500 -> 2.5k."""
    if v >= 1000 and v % 1000 == 0:
        return f"{int(v // 1000)}k"
    if v >= 1000:
        return f"{v / 1000:g}k"
    return f"{v:g}"


def slugify(s: str) -> str:
    s = s.replace("đ", "d").replace("Đ", "D").replace("ł", "l").replace("Ł", "L").replace("ø", "o")
    s = "".join(ch for ch in unicodedata.normalize("NFKD", s) if not unicodedata.combining(ch))
    out = []
    for ch in s.lower():
        if ch.isalnum():
            out.append(ch)
        elif ch in " -_/.,:'’()&+$%?":
            out.append("-")
    slug = "".join(out)
    while "--" in slug:
        slug = slug.replace("--", "-")
    return slug.strip("-")


def h64(*parts: object) -> str:
    return hashlib.sha256(("|".join(str(p) for p in parts) + f"|{SEED}").encode()).hexdigest()


def big_token(*parts: object) -> str:
    """A CLOB token id: a 76-77 digit decimal string."""
    n = int(h64("tok", *parts), 16)
    n = n % (10 ** 77)
    if n < 10 ** 75:
        n += 10 ** 76
    return str(n)


# --- the catalog -------------------------------------------------------------------------------
class Catalog:
    def __init__(self) -> None:
        self.series: dict[str, dict] = {}
        self.events: dict[str, dict] = {}
        self.kmarkets: list[dict] = []
        self.ktick: set[str] = set()
        self.pmarkets: list[dict] = []
        self.pevents: dict[str, dict] = {}
        self.kkey: dict[str, tuple[str, int] | None] = {}
        self.pkey: dict[str, tuple[str, int] | None] = {}
        self.kfam: dict[str, str] = {}
        self.pfam: dict[str, str] = {}
        self.negs: list[dict] = []
        self.probs: dict[str, float] = {}
        self.pid = 4712000 + R.randint(0, 900)
        self.peid = 1121000 + R.randint(0, 400)
        self.slugs: set[str] = set()

    # semantic probabilities: both venues quote around one fair value per proposition
    def fair(self, key: tuple[str, int] | None, hint: float | None = None) -> float:
        if key is None:
            return hint if hint is not None else R.uniform(0.05, 0.95)
        base, sign = key
        if base not in self.probs:
            h = hint if hint is not None else R.uniform(0.06, 0.94)
            self.probs[base] = h if sign > 0 else 1 - h
        p = self.probs[base]
        return p if sign > 0 else 1 - p

    # ---- Kalshi ----
    def add_series(self, ticker: str, title: str, category: str, frequency: str,
                   sources: list[tuple[str, str]], fee_type: str = "quadratic",
                   fee_multiplier: float = 1, tags: list[str] | None = None,
                   contract: str | None = None) -> None:
        if ticker in self.series:
            return
        code = contract or ticker.removeprefix("KX")
        self.series[ticker] = {
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
            "last_updated_ts": iso(before(NOW, days=R.randint(3, 60))),
            "exchange_index": 0,
        }

    def add_event(self, event_ticker: str, series_ticker: str, title: str, sub_title: str,
                  mutually_exclusive: bool, strike: datetime | None = None,
                  strike_period: str | None = None) -> None:
        if event_ticker in self.events:
            return
        s = self.series[series_ticker]
        ev = {
            "event_ticker": event_ticker,
            "series_ticker": series_ticker,
            "sub_title": sub_title,
            "title": title,
            "collateral_return_type": "MECNET" if mutually_exclusive else "",
            "mutually_exclusive": mutually_exclusive,
            "category": s["category"],
            "product_metadata": None,
            "settlement_sources": s["settlement_sources"],
            "last_updated_ts": iso(before(NOW, hours=R.randint(1, 240))),
            "exchange_index": s["exchange_index"],
        }
        if strike is not None:
            ev["strike_date"] = iso(strike)
        if strike_period:
            ev["strike_period"] = strike_period
        self.events[event_ticker] = ev

    def add_k(self, family: str, key: tuple[str, int] | None, ticker: str, event_ticker: str,
              title: str, yes_sub: str, no_sub: str, rules1: str, rules2: str,
              open_t: datetime, close_t: datetime, exp_t: datetime, latest_t: datetime | None = None,
              strike_type: str | None = None, floor: float | None = None, cap: float | None = None,
              subtitle: str = "", can_close_early: bool = True, timer: int = 300,
              pls: str | None = None, hint: float | None = None, exchange_index: int | None = None,
              early_close: str | None = None, custom_strike: dict | None = None) -> str:
        assert family in FAMILIES, family
        assert ticker not in self.ktick, ticker
        assert event_ticker in self.events, event_ticker
        if open_t >= NOW:  # everything in the snapshot is already open
            open_t = NOW - timedelta(hours=R.uniform(2, 96))
        self.ktick.add(ticker)
        p = self.fair(key, hint)
        spread = R.choice([0.01, 0.01, 0.02, 0.02, 0.03, 0.04])
        bid = min(0.98, max(0.01, round(p - spread / 2 + R.uniform(-0.015, 0.015), 2)))
        ask = min(0.99, round(bid + spread, 2))
        if ask <= bid:
            ask = round(bid + 0.01, 2)
        last = min(0.99, max(0.01, round(p + R.uniform(-0.02, 0.02), 2)))
        vol = R.choice([R.randint(0, 900), R.randint(500, 40000), R.randint(5000, 900000)])
        pls = pls or R.choice(["linear_cent"] * 6 + ["deci_cent", "tapered_deci_cent"])
        if pls == "linear_cent":
            ranges = [{"start": "0.0000", "end": "1.0000", "step": "0.0100"}]
        elif pls == "deci_cent":
            ranges = [{"start": "0.0000", "end": "1.0000", "step": "0.0010"}]
        else:
            ranges = [{"start": "0.0000", "end": "0.1000", "step": "0.0010"},
                      {"start": "0.1000", "end": "0.9000", "step": "0.0100"},
                      {"start": "0.9000", "end": "1.0000", "step": "0.0010"}]
        ev = self.events[event_ticker]
        created = before(open_t, hours=R.randint(0, 6))
        m = {
            "ticker": ticker,
            "event_ticker": event_ticker,
            "market_type": "binary",
            "title": title,
            "subtitle": subtitle,
            "yes_sub_title": yes_sub,
            "no_sub_title": no_sub,
            "created_time": iso(created),
            "updated_time": iso(before(NOW, hours=R.uniform(0, 20))),
            "open_time": iso(open_t),
            "close_time": iso(close_t),
            "expected_expiration_time": iso(exp_t),
            "latest_expiration_time": iso(latest_t or close_t + timedelta(days=7)),
            "settlement_timer_seconds": timer,
            "status": "active",
            "yes_bid_dollars": f"{bid:.4f}",
            "yes_bid_size_fp": f"{R.randint(1, 4000)}.00",
            "yes_ask_dollars": f"{ask:.4f}",
            "yes_ask_size_fp": f"{R.randint(1, 4000)}.00",
            "no_bid_dollars": f"{1 - ask:.4f}",
            "no_ask_dollars": f"{1 - bid:.4f}",
            "last_price_dollars": f"{last:.4f}",
            "previous_yes_bid_dollars": f"{max(0.0, bid - 0.01):.4f}",
            "previous_yes_ask_dollars": f"{ask:.4f}",
            "previous_price_dollars": f"{last:.4f}",
            "volume_fp": f"{vol}.00",
            "volume_24h_fp": f"{vol // R.randint(3, 40)}.00",
            "open_interest_fp": f"{int(vol * R.uniform(0.1, 0.7))}.00",
            "notional_value_dollars": "1.0000",
            "result": "",
            "can_close_early": can_close_early,
            "settlement_bounds_type": "default",
            "expiration_value": "",
            "rules_primary": rules1,
            "rules_secondary": rules2,
            "price_level_structure": pls,
            "price_ranges": ranges,
            "exchange_index": ev["exchange_index"] if exchange_index is None else exchange_index,
        }
        if strike_type:
            m["strike_type"] = strike_type
        if floor is not None:
            m["floor_strike"] = floor
        if cap is not None:
            m["cap_strike"] = cap
        if early_close:
            m["early_close_condition"] = early_close
        if custom_strike:
            m["custom_strike"] = custom_strike
        self.kmarkets.append(m)
        self.kkey[ticker] = key
        self.kfam[ticker] = family
        return ticker

    # ---- Polymarket ----
    def add_pevent(self, slug: str, title: str, description: str, start: datetime, end: datetime,
                   neg_risk: bool = False, series_slug: str | None = None,
                   tags: list[tuple[str, str]] | None = None, sports: dict | None = None,
                   resolution_source: str = "") -> dict:
        if slug in self.pevents:
            return self.pevents[slug]
        if start >= NOW:
            start = NOW - timedelta(hours=R.uniform(2, 96))
        self.peid += R.randint(3, 900)
        ev = {
            "id": str(self.peid),
            "ticker": slug,
            "slug": slug,
            "title": title,
            "description": description,
            "resolutionSource": resolution_source,
            "startDate": iso(start),
            "creationDate": iso_ms(before(start, hours=R.uniform(0, 3))),
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
            "commentCount": R.randint(0, 4000),
            "version": "v1",
        }
        if neg_risk:
            ev["negRiskMarketID"] = "0x" + h64("nrm", slug)[:62] + "00"
            ev["negRiskFeeBips"] = 0
        if series_slug:
            ev["seriesSlug"] = series_slug
        if tags:
            ev["tags"] = [{"id": tid, "slug": ts, "label": ts.upper() if len(ts) <= 4 else ts.replace("-", " ").title()}
                          for tid, ts in tags]
        if sports:
            ev.update(sports)
        ev["_n"] = 0  # leg counter (dropped on output)
        self.pevents[slug] = ev
        return ev

    def add_p(self, family: str, key0: tuple[str, int] | None, question: str, slug: str,
              description: str, outcomes: list[str], event: dict, start: datetime, end: datetime,
              group_item_title: str | None = None, game_start: datetime | None = None,
              sports_type: str | None = None, line: float | None = None,
              resolution_source: str = "", fee: str = "politics", tick: float | None = None,
              hint: float | None = None, accepting_ts: datetime | None = None) -> str:
        assert family in FAMILIES, family
        if start >= NOW:
            start = NOW - timedelta(hours=R.uniform(2, 96))
        base_slug = slug
        n = 2
        while slug in self.slugs:
            slug = f"{base_slug}-{n}"
            n += 1
        self.slugs.add(slug)
        cid = "0x" + h64("cid", slug, question)
        assert cid not in self.pkey
        self.pid += R.randint(1, 37)
        p0 = self.fair(key0, hint)
        p0 = min(0.995, max(0.005, p0 + R.uniform(-0.025, 0.025)))
        if tick is None:
            tick = 0.001 if (p0 < 0.05 or p0 > 0.95) else 0.01
        dec = 3 if tick == 0.001 else 2
        bid = round(max(tick, p0 - R.choice([0.5, 1, 1, 2]) * tick), dec)
        ask = round(min(1 - tick, bid + R.choice([1, 1, 2, 3]) * tick), dec)
        mid = (bid + ask) / 2
        prices = [f"{mid:.{dec + 1}f}".rstrip("0").rstrip("."), f"{1 - mid:.{dec + 1}f}".rstrip("0").rstrip(".")]
        vol = R.choice([R.uniform(50, 5000), R.uniform(5000, 400000), R.uniform(1e5, 6e6)])
        liq = R.uniform(500, 250000)
        neg = bool(event.get("negRisk"))
        created = before(start, hours=R.uniform(0, 2))
        m: dict = {
            "id": str(self.pid),
            "question": question,
            "conditionId": cid,
            "slug": slug,
            "resolutionSource": resolution_source,
            "endDate": iso(end),
            "startDate": iso(start),
            "image": f"https://polymarket-upload.s3.us-east-2.amazonaws.com/{slugify(event['title'])[:40]}-{h64('img', slug)[:8]}.png",
            "icon": f"https://polymarket-upload.s3.us-east-2.amazonaws.com/{slugify(event['title'])[:40]}-{h64('img', slug)[:8]}.png",
            "description": description,
            "outcomes": json.dumps(outcomes),
            "outcomePrices": json.dumps(prices),
            "volume": f"{vol:.6f}",
            "active": True,
            "marketType": "normal",
            "closed": False,
            "createdAt": iso_ms(created),
            "updatedAt": iso_ms(before(NOW, hours=R.uniform(0, 8))),
            "archived": False,
            "restricted": True,
            "questionID": "",
            "enableOrderBook": True,
            "orderPriceMinTickSize": tick,
            "orderMinSize": 5,
            "volumeNum": round(vol, 6),
            "liquidity": f"{liq:.5f}",
            "liquidityNum": round(liq, 5),
            "endDateIso": end.date().isoformat(),
            "startDateIso": start.date().isoformat(),
            "hasReviewedDates": True,
            "volume24hr": round(vol * R.uniform(0.01, 0.3), 6),
            "clobTokenIds": json.dumps([big_token(cid, 0), big_token(cid, 1)]),
            "acceptingOrders": True,
            "acceptingOrdersTimestamp": iso(accepting_ts or before(start, hours=-0.1)),
            "negRisk": neg,
            "bestBid": bid,
            "bestAsk": ask,
            "spread": round(ask - bid, dec),
            "lastTradePrice": round(R.choice([bid, ask]), dec),
            "umaResolutionStatuses": "[]",
            "rfqEnabled": False,
            "holdingRewardsEnabled": False,
            "version": "v1",
        }
        if neg:
            idx = event["_n"]
            event["_n"] += 1
            m["negRiskMarketID"] = event["negRiskMarketID"]
            m["negRiskRequestID"] = "0x" + h64("nrq", slug)
            m["questionID"] = event["negRiskMarketID"][:-2] + f"{idx:02x}"
            m["negRiskOther"] = False
        else:
            m["questionID"] = "0x" + h64("qid", slug)
        if group_item_title is not None:
            m["groupItemTitle"] = group_item_title
            m["groupItemThreshold"] = str(event["_n"] - 1 if neg else 0)
        if game_start is not None:
            m["gameStartTime"] = game_start.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S+00")
        if sports_type:
            m["sportsMarketType"] = sports_type
        if line is not None:
            m["line"] = line
        rates = {"sports": (0.05, "sports_fees_v2"), "crypto": (0.07, "crypto_fees_v2"),
                 "politics": (0.04, "politics_fees"), "finance": (0.04, None),
                 "tech": (0.04, None), "economics": (0.05, None), "culture": (0.05, None),
                 "weather": (0.05, None), "mentions": (0.04, None)}
        if fee == "geopolitics":
            m["feesEnabled"] = False
            m["feeType"] = None
        else:
            rate, ftype = rates[fee]
            if fee == "sports" and R.random() < 0.15:
                rate = 0.03  # some older sports markets keep the pre-July rate
            m["feesEnabled"] = True
            m["feeType"] = ftype
            m["feeSchedule"] = {"exponent": 1, "rate": rate, "takerOnly": True, "rebateRate": 0.2}
        ev_keys = ("id", "ticker", "slug", "title", "description", "resolutionSource", "startDate",
                   "creationDate", "endDate", "active", "closed", "archived", "new", "featured",
                   "restricted", "enableOrderBook", "negRisk", "negRiskMarketID", "negRiskFeeBips",
                   "enableNegRisk", "negRiskAugmented", "seriesSlug", "tags", "gameId", "eventDate",
                   "startTime", "teams", "live", "ended", "period", "score", "version")
        m["events"] = [{k: event[k] for k in ev_keys if k in event}]
        self.pmarkets.append(m)
        self.pkey[cid] = key0
        self.pfam[cid] = family
        return cid

    # ---- hard negatives ----
    def neg(self, kticker: str, cid: str, relation: str, kind: str, note: str) -> None:
        assert relation in ("different", "related", "a_implies_b", "b_implies_a"), relation
        assert kticker in self.kkey, kticker
        assert cid in self.pkey, cid
        self.negs.append({"kalshi_ticker": kticker, "polymarket_condition_id": cid,
                          "relation": relation, "orientation": "", "family": self.kfam[kticker],
                          "kind": kind, "note": f"{kind}: {note}"})


C = Catalog()


def K(base: str, sign: int = 1) -> tuple[str, int]:
    return (base, sign)


def pick(*options):
    return R.choice(options)


def yn(description_yes: str, otherwise: str = "No") -> str:
    """Polymarket rules opening in one of its usual quote styles."""
    q = pick(('"', '"'), ("“", "”"))
    return f"This market will resolve to {q[0]}Yes{q[1]} if {description_yes}. Otherwise, this market will resolve to {q[0]}{otherwise}{q[1]}."


# =================================================================================================
# SPORTS - moneyline and spread markets
# =================================================================================================
# Team tables map a ticker code to: Kalshi short name, Polymarket nickname, full name, slug code.
NBA = {
    "ATL": ("Atlanta", "Hawks", "Atlanta Hawks", "atl"), "BOS": ("Boston", "Celtics", "Boston Celtics", "bos"),
    "BKN": ("Brooklyn", "Nets", "Brooklyn Nets", "bkn"), "CHA": ("Charlotte", "Hornets", "Charlotte Hornets", "cha"),
    "CHI": ("Chicago", "Bulls", "Chicago Bulls", "chi"), "CLE": ("Cleveland", "Cavaliers", "Cleveland Cavaliers", "cle"),
    "DAL": ("Dallas", "Mavericks", "Dallas Mavericks", "dal"), "DEN": ("Denver", "Nuggets", "Denver Nuggets", "den"),
    "DET": ("Detroit", "Pistons", "Detroit Pistons", "det"), "GSW": ("Golden State", "Warriors", "Golden State Warriors", "gsw"),
    "HOU": ("Houston", "Rockets", "Houston Rockets", "hou"), "IND": ("Indiana", "Pacers", "Indiana Pacers", "ind"),
    "LAC": ("Los Angeles C", "Clippers", "LA Clippers", "lac"), "LAL": ("Los Angeles L", "Lakers", "Los Angeles Lakers", "lal"),
    "MEM": ("Memphis", "Grizzlies", "Memphis Grizzlies", "mem"), "MIA": ("Miami", "Heat", "Miami Heat", "mia"),
    "MIL": ("Milwaukee", "Bucks", "Milwaukee Bucks", "mil"), "MIN": ("Minnesota", "Timberwolves", "Minnesota Timberwolves", "min"),
    "NOP": ("New Orleans", "Pelicans", "New Orleans Pelicans", "nop"), "NYK": ("New York", "Knicks", "New York Knicks", "nyk"),
    "OKC": ("Oklahoma City", "Thunder", "Oklahoma City Thunder", "okc"), "ORL": ("Orlando", "Magic", "Orlando Magic", "orl"),
    "PHI": ("Philadelphia", "76ers", "Philadelphia 76ers", "phi"), "PHX": ("Phoenix", "Suns", "Phoenix Suns", "phx"),
    "POR": ("Portland", "Trail Blazers", "Portland Trail Blazers", "por"), "SAC": ("Sacramento", "Kings", "Sacramento Kings", "sac"),
    "SAS": ("San Antonio", "Spurs", "San Antonio Spurs", "sas"), "TOR": ("Toronto", "Raptors", "Toronto Raptors", "tor"),
    "UTA": ("Utah", "Jazz", "Utah Jazz", "uta"), "WAS": ("Washington", "Wizards", "Washington Wizards", "was"),
}
NFL = {
    "MIA": ("Miami", "Dolphins", "Miami Dolphins", "mia"), "BAL": ("Baltimore", "Ravens", "Baltimore Ravens", "bal"),
    "NYJ": ("New York J", "Jets", "New York Jets", "nyj"), "NYG": ("New York G", "Giants", "New York Giants", "nyg"),
    "CHI": ("Chicago", "Bears", "Chicago Bears", "chi"), "DET": ("Detroit", "Lions", "Detroit Lions", "det"),
    "KC": ("Kansas City", "Chiefs", "Kansas City Chiefs", "kc"), "LV": ("Las Vegas", "Raiders", "Las Vegas Raiders", "lv"),
    "LA": ("Los Angeles R", "Rams", "Los Angeles Rams", "la"), "SF": ("San Francisco", "49ers", "San Francisco 49ers", "sf"),
    "BUF": ("Buffalo", "Bills", "Buffalo Bills", "buf"), "PHI": ("Philadelphia", "Eagles", "Philadelphia Eagles", "phi"),
    "LAC": ("Los Angeles C", "Chargers", "Los Angeles Chargers", "lac"), "SEA": ("Seattle", "Seahawks", "Seattle Seahawks", "sea"),
    "GB": ("Green Bay", "Packers", "Green Bay Packers", "gb"), "MIN": ("Minnesota", "Vikings", "Minnesota Vikings", "min"),
    "JAC": ("Jacksonville", "Jaguars", "Jacksonville Jaguars", "jax"), "HOU": ("Houston", "Texans", "Houston Texans", "hou"),
    "DAL": ("Dallas", "Cowboys", "Dallas Cowboys", "dal"), "WAS": ("Washington", "Commanders", "Washington Commanders", "was"),
    "CIN": ("Cincinnati", "Bengals", "Cincinnati Bengals", "cin"), "PIT": ("Pittsburgh", "Steelers", "Pittsburgh Steelers", "pit"),
    "TB": ("Tampa Bay", "Buccaneers", "Tampa Bay Buccaneers", "tb"), "NO": ("New Orleans", "Saints", "New Orleans Saints", "no"),
}
NHL = {
    "NYR": ("New York R", "Rangers", "New York Rangers", "nyr"), "NYI": ("New York I", "Islanders", "New York Islanders", "nyi"),
    "EDM": ("Edmonton", "Oilers", "Edmonton Oilers", "edm"), "VGK": ("Vegas", "Golden Knights", "Vegas Golden Knights", "vgk"),
    "TOR": ("Toronto", "Maple Leafs", "Toronto Maple Leafs", "tor"), "MTL": ("Montreal", "Canadiens", "Montréal Canadiens", "mtl"),
    "COL": ("Colorado", "Avalanche", "Colorado Avalanche", "col"), "DAL": ("Dallas", "Stars", "Dallas Stars", "dal"),
    "FLA": ("Florida", "Panthers", "Florida Panthers", "fla"), "TB": ("Tampa Bay", "Lightning", "Tampa Bay Lightning", "tb"),
    "WPG": ("Winnipeg", "Jets", "Winnipeg Jets", "wpg"), "CHI": ("Chicago", "Blackhawks", "Chicago Blackhawks", "chi"),
    "PIT": ("Pittsburgh", "Penguins", "Pittsburgh Penguins", "pit"), "WSH": ("Washington", "Capitals", "Washington Capitals", "wsh"),
    "LA": ("Los Angeles", "Kings", "Los Angeles Kings", "la"), "SEA": ("Seattle", "Kraken", "Seattle Kraken", "sea"),
    "UTA": ("Utah", "Mammoth", "Utah Mammoth", "uta"), "CAR": ("Carolina", "Hurricanes", "Carolina Hurricanes", "car"),
}
MLB = {
    "LAD": ("Los Angeles D", "Dodgers", "Los Angeles Dodgers", "lad"),
    "NYY": ("New York Y", "Yankees", "New York Yankees", "nyy"),
}
NCAAF = {
    "OSU": ("Ohio St.", "Ohio State", "Ohio State Buckeyes", "ohst"), "PSU": ("Penn St.", "Penn State", "Penn State Nittany Lions", "pnst"),
    "FLA": ("Florida", "Florida", "Florida Gators", "fl"), "UGA": ("Georgia", "Georgia", "Georgia Bulldogs", "uga"),
    "MICH": ("Michigan", "Michigan", "Michigan Wolverines", "mich"), "MSU": ("Michigan St.", "Michigan State", "Michigan State Spartans", "mst"),
    "LSU": ("LSU", "LSU", "LSU Tigers", "lsu"), "ALA": ("Alabama", "Alabama", "Alabama Crimson Tide", "ala"),
    "ORE": ("Oregon", "Oregon", "Oregon Ducks", "ore"), "USC": ("USC", "USC", "USC Trojans", "usc"),
    "OU": ("Oklahoma", "Oklahoma", "Oklahoma Sooners", "okla"), "MISS": ("Ole Miss", "Ole Miss", "Ole Miss Rebels", "miss"),
    "MIA": ("Miami (FL)", "Miami", "Miami Hurricanes", "mia"), "FSU": ("Florida St.", "Florida State", "Florida State Seminoles", "fsu"),
    "TEX": ("Texas", "Texas", "Texas Longhorns", "tex"), "VAN": ("Vanderbilt", "Vanderbilt", "Vanderbilt Commodores", "van"),
}
NCAAB = {
    "DUKE": ("Duke", "Duke", "Duke Blue Devils", "duke"), "UK": ("Kentucky", "Kentucky", "Kentucky Wildcats", "uk"),
    "KU": ("Kansas", "Kansas", "Kansas Jayhawks", "ku"), "MSU": ("Michigan St.", "Michigan State", "Michigan State Spartans", "mst"),
    "ARIZ": ("Arizona", "Arizona", "Arizona Wildcats", "ariz"), "GONZ": ("Gonzaga", "Gonzaga", "Gonzaga Bulldogs", "gonz"),
    "HOU": ("Houston", "Houston", "Houston Cougars", "hou"), "AUB": ("Auburn", "Auburn", "Auburn Tigers", "aub"),
}
# soccer: code -> (Kalshi name, Polymarket club name, short, slug code)
EPL = {
    "ARS": ("Arsenal", "Arsenal FC", "Arsenal", "ars"), "CRY": ("Crystal Palace", "Crystal Palace FC", "Crystal Palace", "cry"),
    "LIV": ("Liverpool", "Liverpool FC", "Liverpool", "liv"), "MCI": ("Man City", "Manchester City FC", "Man City", "mci"),
    "CHE": ("Chelsea", "Chelsea FC", "Chelsea", "che"), "TOT": ("Tottenham", "Tottenham Hotspur FC", "Spurs", "tot"),
    "MUN": ("Manchester United", "Manchester United FC", "Man United", "mun"), "NEW": ("Newcastle", "Newcastle United FC", "Newcastle", "new"),
    "AVL": ("Aston Villa", "Aston Villa FC", "Villa", "avl"), "BHA": ("Brighton", "Brighton & Hove Albion FC", "Brighton", "bha"),
}
MLS = {
    "MIA": ("Inter Miami", "Inter Miami CF", "Miami", "mia"), "ORL": ("Orlando City", "Orlando City SC", "Orlando", "orl"),
    "LA": ("LA Galaxy", "LA Galaxy", "Galaxy", "la"), "LAFC": ("Los Angeles FC", "Los Angeles FC", "LAFC", "lafc"),
}
UCL = {
    "RMA": ("Real Madrid", "Real Madrid CF", "Real Madrid", "rma"), "LIV": ("Liverpool", "Liverpool FC", "Liverpool", "liv"),
    "BAY": ("Bayern Munich", "FC Bayern München", "Bayern", "bay"), "PSG": ("Paris SG", "Paris Saint-Germain FC", "PSG", "psg"),
    "INT": ("Inter Milan", "FC Internazionale Milano", "Inter", "int"), "BAR": ("Barcelona", "FC Barcelona", "Barça", "bar"),
    "JUV": ("Juventus", "Juventus FC", "Juventus", "juv"), "ARS": ("Arsenal", "Arsenal FC", "Arsenal", "ars"),
}

LEAGUE = {
    "NBA": dict(teams=NBA, kser="KXNBAGAME", kspread="KXNBASPREAD", ktot="KXNBATOTAL", word="professional basketball",
                ktitle="Professional Basketball Game", pslug="nba", unit="points", ptag=("745", "nba"),
                res="https://www.nba.com/", dur=2.6, sport="basketball"),
    "NFL": dict(teams=NFL, kser="KXNFLGAME", kspread="KXNFLSPREAD", ktot="KXNFLTOTAL", word="professional football",
                ktitle="Professional Football Game", pslug="nfl", unit="points", ptag=("450", "nfl"),
                res="https://www.nfl.com/", dur=3.3, sport="football"),
    "NHL": dict(teams=NHL, kser="KXNHLGAME", kspread="KXNHLSPREAD", ktot="KXNHLTOTAL", word="professional hockey",
                ktitle="Professional Hockey Game", pslug="nhl", unit="goals", ptag=("899", "nhl"),
                res="https://www.nhl.com/", dur=2.7, sport="hockey"),
    "MLB": dict(teams=MLB, kser="KXMLBGAME", kspread="KXMLBSPREAD", ktot="KXMLBTOTAL", word="professional baseball",
                ktitle="Professional Baseball Game", pslug="mlb", unit="runs", ptag=("100381", "mlb"),
                res="https://www.mlb.com/", dur=3.2, sport="baseball"),
    "NCAAF": dict(teams=NCAAF, kser="KXNCAAFGAME", kspread="KXNCAAFSPREAD", ktot="KXNCAAFTOTAL", word="college football",
                  ktitle="College Football Game", pslug="cfb", unit="points", ptag=("100351", "cfb"),
                  res="https://www.ncaa.com/", dur=3.5, sport="football"),
    "NCAAB": dict(teams=NCAAB, kser="KXNCAAMBGAME", kspread="KXNCAAMBSPREAD", ktot="KXNCAAMBTOTAL", word="men's college basketball",
                  ktitle="Men's College Basketball Game", pslug="cbb", unit="points", ptag=("101178", "ncaab"),
                  res="https://www.ncaa.com/", dur=2.3, sport="basketball"),
}
SOCCER = {
    "EPL": dict(teams=EPL, kser="KXEPLGAME", kspread="KXEPLSPREAD", pslug="epl", comp="English Premier League",
                short="EPL", ptag=("82", "premier-league"), res="https://www.premierleague.com/"),
    "MLS": dict(teams=MLS, kser="KXMLSGAME", kspread="KXMLSSPREAD", pslug="mls", comp="Major League Soccer",
                short="MLS", ptag=("100100", "mls"), res="https://www.mlssoccer.com/"),
    "UCL": dict(teams=UCL, kser="KXUCLGAME", kspread="KXUCLSPREAD", pslug="ucl", comp="UEFA Champions League",
                short="UCL", ptag=("100977", "ucl"), res="https://www.uefa.com/uefachampionsleague/"),
}

SPORT_SERIES_SOURCES = {
    "NBA": [("NBA", "https://www.nba.com/")], "NFL": [("NFL", "https://www.nfl.com/")],
    "NHL": [("NHL", "https://www.nhl.com/")], "MLB": [("MLB", "https://www.mlb.com/")],
    "NCAAF": [("NCAA", "https://www.ncaa.com/")], "NCAAB": [("NCAA", "https://www.ncaa.com/")],
    "EPL": [("Premier League", "https://www.premierleague.com/")], "MLS": [("MLS", "https://www.mlssoccer.com/")],
    "UCL": [("UEFA", "https://www.uefa.com/")], "ATP": [("ATP Tour", "https://www.atptour.com/")],
    "WTA": [("WTA", "https://www.wtatennis.com/")],
}


def k_game_rules2(matchup: str, d: date, word: str) -> str:
    return pick(
        f"The following market refers to the {matchup} {word} game originally scheduled for {md_short(d)}. "
        "If the game is postponed or delayed, the market will remain open until the game is completed or "
        "two weeks have passed, whichever is first. If the game is canceled or not completed within two weeks "
        "of the original date, the market will resolve to a fair price in accordance with the rulebook.",
        f"Results are based on the official final score as reported by the league. Overtime counts. If the "
        f"{matchup} game is not played by the latest expiration date, the market settles at the last fair value "
        "determined by Kalshi.",
        "The result will be determined by the final score published by the league's official source, including "
        "any overtime or extra periods. If the game is postponed beyond two weeks or canceled, Kalshi will "
        "settle the market at a fair value.",
    )


def p_game_desc(league: str, away_full: str, home_full: str, a_out: str, h_out: str,
                start: datetime, res: str, order_home_first: bool = False) -> str:
    sched = f"scheduled for {md_noyear(et_local(start).date())} at {hm12(start)} ET"
    first, second = ((home_full, h_out), (away_full, a_out)) if order_home_first else ((away_full, a_out), (home_full, h_out))
    q1, q2 = pick(('"', '"'), ("“", "”"))
    v = R.randint(0, 2)
    if v == 0:
        head = f"In the upcoming {league} game, {sched}:\n\n"
        body = (f"If the {first[0]} win, the market will resolve to {q1}{first[1]}{q2}.\n\n"
                f"If the {second[0]} win, the market will resolve to {q1}{second[1]}{q2}.\n\n")
    elif v == 1:
        head = f"In the upcoming {league} game between the {away_full} and {home_full}, {sched}:\n\n"
        body = (f"This market will resolve to {q1}{first[1]}{q2} if the {first[0]} win the game.\n\n"
                f"This market will resolve to {q1}{second[1]}{q2} if the {second[0]} win the game.\n\n")
    else:
        head = f"This market refers to the {league} game between the {away_full} and the {home_full}, {sched}.\n\n"
        body = (f"If the {first[0]} win the game, this market will resolve to {q1}{first[1]}{q2}. If the "
                f"{second[0]} win, it will resolve to {q1}{second[1]}{q2}.\n\n")
    tail = ("If the game is postponed, this market will remain open until the game has been completed. "
            "If the game is canceled entirely, with no make-up game, this market will resolve 50-50.\n\n"
            "The primary resolution source for this market is the official final statistics of the event as "
            "recognized by the governing body or event organizers. However, if the governing body or event "
            "organizers have not published final match statistics within 24 hours after the event's conclusion, "
            "a consensus of credible reporting may be used instead.")
    if league == "NFL":
        tail = tail.replace("will resolve 50-50.", "or ends in a tie, will resolve 50-50.")
    return head + body + tail


GAME_IDS: dict[str, dict] = {}


def sports_event(lg: str, slug: str, title: str, start: datetime, teams: list[tuple[str, str, str]],
                 res: str, tag: tuple[str, str], neg_risk: bool = False) -> dict:
    gid = 10080000 + len(GAME_IDS) * R.randint(3, 40) + R.randint(0, 9)
    sports = {
        "gameId": gid,
        "eventDate": et_local(start).date().isoformat(),
        "startTime": iso(start),
        "live": False,
        "ended": False,
        "teams": [{"name": n, "abbreviation": a, "alias": al, "ordering": o, "league": lg.lower()}
                  for (n, a, al), o in zip(teams, ("away", "home"), strict=True)],
    }
    ev = C.add_pevent(slug, title, f"{title}.", before(start, days=R.uniform(2, 8)), start + timedelta(days=7),
                      neg_risk=neg_risk, series_slug=tag[1],
                      tags=[("1", "sports"), ("100639", "games"), tag], sports=sports, resolution_source=res)
    GAME_IDS[slug] = ev
    return ev


def ensure_sport_series(lg: str, ser: str, title: str) -> None:
    fee = "quadratic_with_maker_fees" if lg in ("NBA", "NFL") and R.random() < 0.7 else "quadratic"
    C.add_series(ser, title, "Sports", "custom", SPORT_SERIES_SOURCES[lg], fee_type=fee,
                 tags=["Sports", lg], contract=ser.removeprefix("KX"))
    if lg == "MLB":
        C.series[ser]["exchange_index"] = 3  # tennis/baseball shard


class Game:
    """A two-way game (no draw)."""

    def __init__(self, lg: str, y: int, m: int, d: int, hh: int, mm: int, away: str, home: str,
                 neutral: bool = False, label: str = "", poly_home_first: bool = False,
                 poly_full_names: bool | None = None, on_kalshi: bool = True, on_poly: bool = True):
        self.lg, self.L = lg, LEAGUE[lg]
        self.start = ET(y, m, d, hh, mm)
        self.d = date(y, m, d)
        self.away, self.home = away, home
        self.A, self.H = self.L["teams"][away], self.L["teams"][home]
        self.neutral, self.label = neutral, label
        self.poly_home_first = poly_home_first
        self.poly_full = R.random() < 0.3 if poly_full_names is None else poly_full_names
        self.on_kalshi, self.on_poly = on_kalshi, on_poly
        timecode = f"{et_local(self.start).hour:02d}{et_local(self.start).minute:02d}" if lg == "MLB" else ""
        self.ev_suffix = f"{kd(self.d)}{timecode}{away}{home}"
        self.gid = f"{lg}:{self.d.isoformat()}:{away}@{home}{label}"
        self.base = f"WIN:{self.gid}"
        self.sep = "vs" if neutral else "at"
        self.kmatch = f"{self.A[0]} {self.sep} {self.H[0]}"
        self.krules_match = f"{self.A[0]} vs {self.H[0]}"
        if label:
            self.krules_match = f"{self.krules_match} ({label})"
        self.kt: dict[str, str] = {}
        self.pml: str | None = None
        self.pslug = f"{self.L['pslug']}-{self.A[3]}-{self.H[3]}-{self.d.isoformat()}"
        self.pev: dict | None = None

    def key(self, team: str) -> tuple[str, int]:
        return K(self.base, 1 if team == self.away else -1)

    def build(self) -> Game:
        L = self.L
        if self.on_kalshi:
            ser = L["kser"]
            ensure_sport_series(self.lg, ser, L["ktitle"])
            ev_t = f"{ser}-{self.ev_suffix}"
            ttl = f"{self.kmatch}" + (f" ({self.label})" if self.label and R.random() < 0.5 else "")
            C.add_event(ev_t, ser, ttl, f"{self.away} {'vs' if self.neutral else 'at'} {self.home} ({MON_ABBR[self.d.month - 1]} {self.d.day})",
                        True, strike=self.start + timedelta(hours=L["dur"]))
            open_t = before(self.start, days=R.uniform(3, 12))
            close_t = self.start + timedelta(days=14)
            exp_t = self.start + timedelta(hours=L["dur"] + R.choice([0, 0.5, 1]))
            for code, team in ((self.away, self.A), (self.home, self.H)):
                rules1 = (f"If {team[0]} wins the {self.krules_match} {L['word']} game originally scheduled for "
                          f"{md_short(self.d)}, then the market resolves to Yes.")
                title = pick(f"{self.kmatch} Winner?", f"{self.kmatch} Winner?", f"Will {team[0]} win the {self.kmatch} game?")
                self.kt[code] = C.add_k(
                    "moneyline", self.key(code), f"{ev_t}-{code}", ev_t, title, team[0], team[0], rules1,
                    k_game_rules2(self.krules_match, self.d, L["word"]), open_t, close_t, exp_t,
                    close_t, timer=R.choice([300, 600, 1800]),
                    exchange_index=3 if self.lg == "MLB" else 0,
                    early_close="This market will close and expire early if the event occurs.",
                    custom_strike={"Team": team[2]} if R.random() < 0.4 else None)
        if self.on_poly:
            A, H = self.A, self.H
            a_out, h_out = (A[2], H[2]) if self.poly_full else (A[1], H[1])
            title = f"{A[2]} vs. {H[2]}" if R.random() < 0.4 else f"{A[1]} vs. {H[1]}"
            self.pev = sports_event(self.lg, self.pslug, title, self.start,
                                    [(A[2], A[3], A[1]), (H[2], H[3], H[1])], L["res"], L["ptag"])
            outs = [h_out, a_out] if self.poly_home_first else [a_out, h_out]
            first_code = self.home if self.poly_home_first else self.away
            if self.poly_home_first:
                q = f"{h_out} vs. {a_out}"
            else:
                q = pick(f"{a_out} vs. {h_out}", f"{a_out} vs. {h_out}", f"{A[1]} vs. {H[1]}")
            if self.label and R.random() < 0.6:
                q = f"{self.label}: {q}" if not self.label.startswith("Game") else f"World Series {self.label}: {q}"
            desc = p_game_desc(self.lg, A[2], H[2], a_out, h_out, self.start, L["res"], self.poly_home_first)
            end = self.start + timedelta(hours=R.choice([0, 3, 4, 168]))
            self.pml = C.add_p("moneyline", self.key(first_code), q, self.pslug, desc, outs, self.pev,
                               before(self.start, days=R.uniform(1, 7)), end, game_start=self.start,
                               sports_type="moneyline", resolution_source=L["res"], fee="sports")
        return self

    # --- spreads ------------------------------------------------------------------------------
    def kspread(self, team: str, line: float) -> str:
        """Kalshi 'X wins by over N.5 points?' market (creates the spread event on first use)."""
        L = self.L
        ser = L["kspread"]
        ensure_sport_series(self.lg, ser, L["ktitle"].replace("Game", "Spread"))
        ev_t = f"{ser}-{self.ev_suffix}"
        C.add_event(ev_t, ser, f"{self.kmatch}: Spread", f"{self.away} {self.sep} {self.home} spread", False,
                    strike=self.start + timedelta(hours=L["dur"]))
        t = self.L["teams"][team]
        unit = L["unit"]
        ttl = pick(f"{t[0]} wins by over {line} {unit}?", f"{t[0]} wins by over {line} {unit.capitalize()}?",
                   f"{self.kmatch}: {t[0]} wins by over {line} {unit}?")
        ysub = pick(f"{t[0]} wins by over {line} {unit.capitalize()}", f"{t[0]} wins by over {line} {unit}")
        rules1 = (f"If {t[0]} wins the {self.krules_match} {L['word']} game originally scheduled for "
                  f"{md_short(self.d)} by more than {line} {unit}, then the market resolves to Yes.")
        open_t = before(self.start, days=R.uniform(1, 6))
        close_t = self.start + timedelta(days=14)
        key = K(f"SPREAD:{self.gid}:{team}:{line}")
        tick = f"{ev_t}-{team}{int(line)}"
        return C.add_k("spread", key, tick, ev_t, ttl, ysub, ysub, rules1,
                       k_game_rules2(self.krules_match, self.d, L["word"]), open_t, close_t,
                       self.start + timedelta(hours=L["dur"] + 0.5), close_t, strike_type="greater",
                       floor=line, exchange_index=3 if self.lg == "MLB" else 0)

    def ktotal(self, line: float) -> str:
        L = self.L
        ser = L["ktot"]
        ensure_sport_series(self.lg, ser, L["ktitle"].replace("Game", "Total"))
        ev_t = f"{ser}-{self.ev_suffix}"
        C.add_event(ev_t, ser, f"{self.kmatch}: Total {L['unit'].capitalize()}", f"{self.away} {self.sep} {self.home} total", False,
                    strike=self.start + timedelta(hours=L["dur"]))
        ysub = f"Over {line} {L['unit']} scored"
        rules1 = (f"If the teams collectively score more than {line} {L['unit']} in the {self.krules_match} "
                  f"{L['word']} game originally scheduled for {md_short(self.d)}, then the market resolves to Yes.")
        close_t = self.start + timedelta(days=14)
        return C.add_k("spread", K(f"TOTAL:{self.gid}:>{line}"), f"{ev_t}-{int(line)}", ev_t,
                       f"{self.kmatch}: Total {L['unit']}", ysub, ysub, rules1,
                       k_game_rules2(self.krules_match, self.d, L["word"]),
                       before(self.start, days=R.uniform(1, 5)), close_t, self.start + timedelta(hours=L["dur"] + 0.5),
                       close_t, strike_type="greater", floor=line)

    def pspread(self, fav: str, line: float, dog_first: bool = False) -> str:
        """Polymarket 'Spread: Celtics (-4.5)' with team outcomes (favorite first unless dog_first)."""
        assert self.pev is not None
        L = self.L
        F = L["teams"][fav]
        dog = self.home if fav == self.away else self.away
        D = L["teams"][dog]
        fo, do = (F[2], D[2]) if self.poly_full else (F[1], D[1])
        outs = [do, fo] if dog_first else [fo, do]
        q = pick(f"Spread: {fo} (-{line})", f"Spread: {fo} (-{line})", f"{F[1]} vs. {D[1]}: Spread {fo} -{line}")
        side = "home" if fav == self.home else "away"
        slug = f"{self.pslug}-spread-{side}-{str(line).replace('.', 'pt')}"
        qt1, qt2 = pick(('"', '"'), ("“", "”"))
        desc = (f"In the upcoming {self.lg} game, scheduled for {md_noyear(et_local(self.start).date())} at {hm12(self.start)} ET:\n\n"
                f"This market will resolve to {qt1}{fo}{qt2} if the {F[2]} win the game by more than {line} {L['unit']}. "
                f"Otherwise, this market will resolve to {qt1}{do}{qt2}.\n\n"
                "If the game is postponed, this market will remain open until the game has been completed. If the game "
                "is canceled entirely, with no make-up game, this market will resolve 50-50.")
        key = K(f"SPREAD:{self.gid}:{fav}:{line}", -1 if dog_first else 1)
        return C.add_p("spread", key, q, slug, desc, outs, self.pev, before(self.start, days=R.uniform(1, 4)),
                       self.start + timedelta(hours=R.choice([0, 4, 168])), game_start=self.start,
                       sports_type="spreads", line=-line, resolution_source=L["res"], fee="sports")

    def ptotal(self, line: float) -> str:
        assert self.pev is not None
        L = self.L
        q = f"{self.A[1]} vs. {self.H[1]}: O/U {line}"
        slug = f"{self.pslug}-total-{str(line).replace('.', 'pt')}"
        desc = (f"In the upcoming {self.lg} game, scheduled for {md_noyear(et_local(self.start).date())} at {hm12(self.start)} ET:\n\n"
                f"This market will resolve to \"Over\" if the total {L['unit']} scored by both teams, including overtime, "
                f"is greater than {line}. Otherwise, this market will resolve to \"Under\".")
        return C.add_p("spread", K(f"TOTAL:{self.gid}:>{line}"), q, slug, desc, ["Over", "Under"], self.pev,
                       before(self.start, days=R.uniform(1, 4)), self.start + timedelta(hours=4),
                       game_start=self.start, sports_type="totals", line=line, resolution_source=L["res"], fee="sports")


class SoccerMatch:
    """A three-way soccer match: Kalshi home/tie/away markets; Polymarket Yes/No per team plus draw."""

    def __init__(self, lg: str, start: datetime, home: str, away: str, on_poly: bool = True):
        self.lg, self.S = lg, SOCCER[lg]
        self.start = start
        self.d = et_local(start).date()
        self.ud = start.date()  # Polymarket writes the (UTC/local) match date
        self.home, self.away = home, away
        self.Hm, self.Aw = self.S["teams"][home], self.S["teams"][away]
        self.gid = f"{lg}:{self.d.isoformat()}:{home}-{away}"
        self.kt: dict[str, str] = {}
        self.pt: dict[str, str] = {}
        self.on_poly = on_poly
        self.ev_suffix = f"{kd(self.d)}{home}{away}"
        self.pslug = f"{self.S['pslug']}-{self.Hm[3]}-{self.Aw[3]}-{self.ud.isoformat()}"
        self.pev: dict | None = None

    def key(self, outcome: str) -> tuple[str, int]:
        return K(f"WIN3:{self.gid}:{outcome}")

    def build(self) -> SoccerMatch:
        S = self.S
        ser = S["kser"]
        C.add_series(ser, f"{S['comp']} Game", "Sports", "custom", SPORT_SERIES_SOURCES[self.lg],
                     fee_type="quadratic", tags=["Sports", "Soccer"], contract=ser.removeprefix("KX"))
        ev_t = f"{ser}-{self.ev_suffix}"
        match = f"{self.Hm[0]} vs {self.Aw[0]}"
        C.add_event(ev_t, ser, pick(f"{match}", f"{match} Winner?"), f"{self.home} vs {self.away} ({MON_ABBR[self.d.month - 1]} {self.d.day})",
                    True, strike=self.start + timedelta(hours=2))
        open_t = before(self.start, days=R.uniform(4, 10))
        close_t = self.start + timedelta(days=14)
        exp_t = self.start + timedelta(hours=2, minutes=R.choice([0, 15, 30]))
        r2 = ("The result is determined by the score at the end of regulation time, including stoppage (injury) time. "
              "Extra time and penalty shoot-outs do not count. If the match is abandoned or postponed and not replayed "
              "within two weeks, the market will resolve to a fair price in accordance with the rulebook.")
        for code, team in ((self.home, self.Hm), ("TIE", None), (self.away, self.Aw)):
            if team is None:
                ysub = pick("Tie", "Draw")
                rules1 = (f"If the {match} {S['short']} match originally scheduled for {md_short(self.d)} ends in a tie "
                          "after regulation, then the market resolves to Yes.")
                key = self.key("DRAW")
            else:
                ysub = team[0]
                rules1 = (f"If {team[0]} wins the {match} {S['short']} match originally scheduled for {md_short(self.d)} "
                          "in regulation time, then the market resolves to Yes.")
                key = self.key(code)
            self.kt[code] = C.add_k("moneyline", key, f"{ev_t}-{code}", ev_t, f"{match} Winner?", ysub, ysub,
                                    rules1, r2, open_t, close_t, exp_t, close_t, timer=600)
        if not self.on_poly:
            return self
        H, A = self.Hm, self.Aw
        title = f"{H[1]} vs. {A[1]}"
        self.pev = sports_event(self.lg, self.pslug, title, self.start, [(A[1], A[3], A[2]), (H[1], H[3], H[2])],
                                S["res"], S["ptag"], neg_risk=True)
        kick = f"{md_noyear(self.ud)} at {self.start.strftime('%H:%M')} UTC" if R.random() < 0.5 else \
            f"{md_noyear(self.d)} at {hm12(self.start)} ET"
        tail = ("\n\nThis market refers only to the outcome within the first 90 minutes of regular play plus stoppage "
                "time.\n\nIf the game is postponed, this market will remain open until the game has been completed. "
                "If the game is canceled entirely, with no make-up game, this market will resolve \"No\".\n\n"
                f"The primary resolution source for this market is {S['res']}; a consensus of credible reporting may "
                "also be used.")
        for code, team in ((self.home, H), ("DRAW", None), (self.away, A)):
            if team is None:
                q = f"Will {H[1]} vs. {A[1]} end in a draw?"
                desc = (f"In the upcoming {S['comp']} game, scheduled for {kick}:\n\n"
                        + yn("the game ends in a draw") + tail)
                gi = f"Draw ({H[1]} vs. {A[1]})"
                slug = f"{self.pslug}-draw"
            else:
                q = pick(f"Will {team[1]} win on {self.ud.isoformat()}?", f"Will {team[1]} win on {self.ud.isoformat()}?",
                         f"Will {team[1]} beat {(A if team is H else H)[1]}?")
                desc = (f"In the upcoming {S['comp']} game, scheduled for {kick}:\n\n"
                        + yn(f"{team[1]} wins the game") + tail)
                gi = team[1]
                slug = f"{self.pslug}-{team[3]}"
            self.pt[code] = C.add_p("moneyline", self.key(code), q, slug, desc, ["Yes", "No"], self.pev,
                                    before(self.start, days=R.uniform(2, 7)), self.start + timedelta(hours=R.choice([2, 3, 24])),
                                    group_item_title=gi, game_start=self.start, sports_type="moneyline",
                                    resolution_source=S["res"], fee="sports")
        return self

    def kspread(self, team: str, line: float) -> str:
        S = self.S
        ser = S["kspread"]
        C.add_series(ser, f"{S['comp']} Spread", "Sports", "custom", SPORT_SERIES_SOURCES[self.lg],
                     tags=["Sports", "Soccer"], contract=ser.removeprefix("KX"))
        ev_t = f"{ser}-{self.ev_suffix}"
        match = f"{self.Hm[0]} vs {self.Aw[0]}"
        C.add_event(ev_t, ser, f"{match}: Spread", f"{self.home} vs {self.away} goal spread", False,
                    strike=self.start + timedelta(hours=2))
        t = self.S["teams"][team]
        ttl = pick(f"{t[0]} wins by over {line} goals?", f"{match}: {t[0]} wins by over {line} goals?")
        ysub = f"{t[0]} wins by over {line} goals"
        rules1 = (f"If {t[0]} wins the {match} {S['short']} match originally scheduled for {md_short(self.d)} by more "
                  f"than {line} goals in regulation time, then the market resolves to Yes.")
        close_t = self.start + timedelta(days=14)
        return C.add_k("spread", K(f"SPREAD:{self.gid}:{team}:{line}"), f"{ev_t}-{team}{int(line)}", ev_t, ttl,
                       ysub, ysub, rules1, "Extra time and penalties do not count.", before(self.start, days=3),
                       close_t, self.start + timedelta(hours=2, minutes=30), close_t, strike_type="greater", floor=line)

    def pspread(self, team: str, line: float) -> str:
        assert self.pev is not None
        t = self.S["teams"][team]
        q = f"Spread: {t[1]} (-{line})"
        desc = (f"In the upcoming {self.S['comp']} game between {self.Hm[1]} and {self.Aw[1]}, scheduled for "
                f"{md_noyear(self.ud)}:\n\n" + yn(f"{t[1]} wins the game by more than {line} goals (i.e. by "
                                                 f"{int(line + 0.5)} or more goals) in regulation plus stoppage time"))
        # soccer spreads live in a separate "More Markets" event on Polymarket
        ev = C.add_pevent(f"{self.pslug}-more-markets", f"{self.Hm[1]} vs. {self.Aw[1]} - More Markets",
                          "Additional markets.", before(self.start, days=5), self.start + timedelta(days=7),
                          series_slug=self.S["ptag"][1], tags=[("1", "sports"), self.S["ptag"]])
        return C.add_p("spread", K(f"SPREAD:{self.gid}:{team}:{line}"), q,
                       f"{self.pslug}-spread-{t[3]}-{str(line).replace('.', 'pt')}", desc, ["Yes", "No"], ev,
                       before(self.start, days=3), self.start + timedelta(hours=2), game_start=self.start,
                       sports_type="spreads", line=-line, resolution_source=self.S["res"], fee="sports")


def surname(full: str) -> str:
    """Last name, keeping particles: 'Alex de Minaur' -> 'de Minaur'."""
    parts = full.split()
    for i, w in enumerate(parts[1:], 1):
        if w.lower() in ("de", "van", "von", "del", "da"):
            return " ".join(parts[i:])
    return parts[-1]


class TennisMatch:
    def __init__(self, tour: str, start: datetime, p1: tuple[str, str, str], p2: tuple[str, str, str],
                 tourney: str, rnd: str, poly_full: bool = True):
        # player: (full name as Kalshi writes it, Polymarket spelling, ticker code)
        self.tour, self.start, self.p1, self.p2 = tour, start, p1, p2
        self.tourney, self.rnd = tourney, rnd
        self.d = et_local(start).date()
        self.poly_full = poly_full
        self.gid = f"{tour}:{self.d.isoformat()}:{p1[2]}-{p2[2]}"
        self.kt: dict[str, str] = {}
        self.pml: str | None = None

    def key(self, code: str) -> tuple[str, int]:
        return K(f"WIN:{self.gid}", 1 if code == self.p1[2] else -1)

    def build(self) -> TennisMatch:
        ser = f"KX{self.tour}MATCH"
        C.add_series(ser, f"{self.tour} Tennis Match", "Sports", "custom", SPORT_SERIES_SOURCES[self.tour],
                     tags=["Sports", "Tennis"], contract=ser.removeprefix("KX"))
        C.series[ser]["exchange_index"] = 3
        s1, s2 = surname(self.p1[0]), surname(self.p2[0])
        ev_t = f"{ser}-{kd(self.d)}{self.p1[2]}{self.p2[2]}"
        C.add_event(ev_t, ser, f"{self.tourney} {self.rnd}: {s1} vs {s2}", f"{s1} vs {s2}", True,
                    strike=self.start + timedelta(hours=3))
        close_t = self.start + timedelta(days=7)
        for pl in (self.p1, self.p2):
            rules1 = (f"If {pl[0]} wins the {s1} vs {s2} professional tennis match in the {self.d.year} {self.tourney} "
                      f"{self.rnd}, then the market resolves to Yes.")
            r2 = ("If a player retires or is disqualified after the match has started, the player who advances is "
                  "considered the winner. If the match does not take place (e.g. a walkover), the market resolves "
                  "to a fair price.")
            self.kt[pl[2]] = C.add_k("moneyline", self.key(pl[2]), f"{ev_t}-{pl[2]}", ev_t,
                                     f"Will {pl[0]} win the {s1} vs {s2} : {self.rnd} match?", pl[0], pl[0],
                                     rules1, r2, before(self.start, days=R.uniform(0.5, 2)), close_t,
                                     self.start + timedelta(hours=3), close_t, exchange_index=3)
        o1, o2 = (self.p1[1], self.p2[1]) if self.poly_full else (surname(self.p1[1]), surname(self.p2[1]))
        slug = f"{self.tour.lower()}-{slugify(surname(self.p1[1]))}-{slugify(surname(self.p2[1]))}-{self.d.isoformat()}"
        ev = C.add_pevent(slug, f"{self.tourney}: {self.p1[1]} vs {self.p2[1]}", "Tennis match.",
                          before(self.start, days=2), self.start + timedelta(days=3), series_slug=self.tour.lower(),
                          tags=[("1", "sports"), ("864", "tennis"), ("101232", self.tour.lower())])
        q = pick(f"{self.tourney}: {self.p1[1]} vs {self.p2[1]}", f"{self.tour}: {o1} vs. {o2}",
                 f"{self.tourney} {self.rnd}: {o1} vs {o2}")
        desc = (f"This market refers to the {self.tourney} {self.rnd} match between {self.p1[1]} and {self.p2[1]}, "
                f"scheduled for {md_noyear(self.d)}.\n\nThis market will resolve to \"{o1}\" if {self.p1[1]} wins the "
                f"match and to \"{o2}\" if {self.p2[1]} wins the match.\n\nIf a player retires mid-match, the player "
                "who advances is the winner. If the match is canceled or a walkover occurs before it begins, this "
                "market will resolve 50-50.")
        self.pml = C.add_p("moneyline", self.key(self.p1[2]), q, slug, desc, [o1, o2], ev,
                           before(self.start, days=1.5), self.start + timedelta(hours=R.choice([3, 6, 48])),
                           game_start=self.start, sports_type="moneyline", fee="sports",
                           resolution_source=SPORT_SERIES_SOURCES[self.tour][0][1])
        return self


def build_sports() -> None:
    G = {}
    # --- NBA (2026-27 regular season) ---
    nba = [
        ("LALBOS1", 2026, 10, 26, 19, 30, "LAL", "BOS"), ("HOUGSW", 2026, 10, 26, 22, 0, "HOU", "GSW"),
        ("NYKPHI", 2026, 10, 27, 19, 0, "NYK", "PHI"), ("OKCMIN", 2026, 10, 27, 20, 0, "OKC", "MIN"),
        ("MIAATL", 2026, 10, 28, 19, 30, "MIA", "ATL"), ("DENLAC", 2026, 10, 28, 22, 30, "DEN", "LAC"),
        ("SASDAL", 2026, 10, 29, 20, 30, "SAS", "DAL"), ("CLEDET", 2026, 10, 30, 19, 0, "CLE", "DET"),
        ("PHXUTA", 2026, 10, 30, 21, 0, "PHX", "UTA"), ("MILCHI", 2026, 10, 31, 20, 0, "MIL", "CHI"),
        ("ORLBKN", 2026, 11, 1, 18, 0, "ORL", "BKN"), ("TORNYK", 2026, 11, 3, 19, 30, "TOR", "NYK"),
        ("LACLAL", 2026, 11, 4, 22, 0, "LAC", "LAL"), ("BOSLAL2", 2026, 11, 5, 22, 30, "BOS", "LAL"),
        ("MEMNOP", 2026, 11, 4, 20, 0, "MEM", "NOP"),
    ]
    for gid, y, m, d, hh, mm, a, h in nba:
        G[gid] = Game("NBA", y, m, d, hh, mm, a, h, poly_home_first=(gid == "PHXUTA")).build()
    # a Kalshi-only and a Polymarket-only game (unpaired distractors)
    G["SACPOR"] = Game("NBA", 2026, 10, 29, 22, 0, "SAC", "POR", on_poly=False).build()
    G["WASCHA"] = Game("NBA", 2026, 11, 2, 19, 0, "WAS", "CHA", on_kalshi=False).build()
    G["INDMIA"] = Game("NBA", 2026, 11, 1, 19, 30, "IND", "MIA", on_poly=False).build()

    # --- NFL (2026 season, weeks 8-9) ---
    nfl = [
        ("MIABAL", 2026, 10, 29, 20, 15, "MIA", "BAL"), ("NYJNYG", 2026, 11, 1, 13, 0, "NYJ", "NYG"),
        ("CHIDET", 2026, 11, 1, 13, 0, "CHI", "DET"), ("KCLV", 2026, 11, 1, 16, 25, "KC", "LV"),
        ("LASF", 2026, 11, 1, 16, 5, "LA", "SF"), ("BUFPHI", 2026, 11, 1, 20, 20, "BUF", "PHI"),
        ("LACSEA", 2026, 11, 2, 20, 15, "LAC", "SEA"), ("GBMIN", 2026, 11, 8, 13, 0, "GB", "MIN"),
        ("JACHOU", 2026, 11, 8, 13, 0, "JAC", "HOU"),
    ]
    for gid, y, m, d, hh, mm, a, h in nfl:
        G[gid] = Game("NFL", y, m, d, hh, mm, a, h, poly_home_first=(gid == "GBMIN")).build()
    G["CINPIT"] = Game("NFL", 2026, 11, 1, 13, 0, "CIN", "PIT", on_poly=False).build()
    G["TBNO"] = Game("NFL", 2026, 11, 1, 13, 0, "TB", "NO", on_kalshi=False).build()

    # --- NHL ---
    nhl = [
        ("NYRNYI", 2026, 10, 27, 19, 0, "NYR", "NYI"), ("EDMVGK", 2026, 10, 28, 22, 0, "EDM", "VGK"),
        ("TORMTL", 2026, 10, 29, 19, 0, "TOR", "MTL"), ("COLDAL", 2026, 10, 30, 20, 0, "COL", "DAL"),
        ("FLATB", 2026, 10, 31, 19, 0, "FLA", "TB"), ("WPGCHI", 2026, 11, 1, 19, 0, "WPG", "CHI"),
        ("PITWSH", 2026, 11, 3, 19, 0, "PIT", "WSH"), ("LASEA", 2026, 11, 4, 22, 0, "LA", "SEA"),
    ]
    for gid, y, m, d, hh, mm, a, h in nhl:
        G[gid] = Game("NHL", y, m, d, hh, mm, a, h).build()
    G["UTACAR"] = Game("NHL", 2026, 10, 30, 19, 0, "UTA", "CAR", on_kalshi=False).build()

    # --- MLB: World Series 2026 ---
    ws = [("WS2", 2026, 10, 24, 20, 8, "LAD", "NYY", "Game 2"), ("WS3", 2026, 10, 26, 20, 8, "NYY", "LAD", "Game 3"),
          ("WS4", 2026, 10, 27, 20, 8, "NYY", "LAD", "Game 4"), ("WS5", 2026, 10, 28, 20, 8, "NYY", "LAD", "Game 5")]
    for gid, y, m, d, hh, mm, a, h, lab in ws:
        G[gid] = Game("MLB", y, m, d, hh, mm, a, h, label=lab, poly_full_names=(gid in ("WS3", "WS5"))).build()

    # --- NCAA football ---
    cfb = [
        ("OSUPSU", 2026, 10, 31, 19, 30, "OSU", "PSU", False), ("FLAUGA", 2026, 10, 31, 15, 30, "FLA", "UGA", True),
        ("MICHMSU", 2026, 10, 31, 12, 0, "MICH", "MSU", False), ("LSUALA", 2026, 11, 7, 19, 30, "LSU", "ALA", False),
        ("OREUSC", 2026, 11, 7, 15, 30, "ORE", "USC", False), ("OUMISS", 2026, 11, 7, 12, 0, "OU", "MISS", False),
        ("MIAFSU", 2026, 10, 31, 19, 0, "MIA", "FSU", False),
    ]
    for gid, y, m, d, hh, mm, a, h, neu in cfb:
        G[gid] = Game("NCAAF", y, m, d, hh, mm, a, h, neutral=neu).build()
    G["TEXVAN"] = Game("NCAAF", 2026, 10, 31, 12, 0, "TEX", "VAN", on_poly=False).build()

    # --- NCAA men's basketball ---
    cbb = [("DUKEUK", 2026, 11, 10, 19, 0, "DUKE", "UK", True), ("KUMSU", 2026, 11, 10, 21, 30, "KU", "MSU", True),
           ("GONZARIZ", 2026, 11, 6, 21, 0, "GONZ", "ARIZ", False), ("HOUAUB", 2026, 11, 7, 12, 0, "HOU", "AUB", False)]
    for gid, y, m, d, hh, mm, a, h, neu in cbb:
        G[gid] = Game("NCAAB", y, m, d, hh, mm, a, h, neutral=neu).build()

    # --- soccer ---
    S = {}
    soccer = [
        ("ARSCRY", "EPL", U(2026, 10, 24, 14, 0), "ARS", "CRY"), ("LIVMCI", "EPL", U(2026, 10, 24, 16, 30), "LIV", "MCI"),
        ("CHETOT", "EPL", U(2026, 10, 25, 15, 30), "CHE", "TOT"), ("MUNNEW", "EPL", U(2026, 10, 31, 15, 0), "MUN", "NEW"),
        ("AVLBHA", "EPL", U(2026, 11, 1, 16, 30), "AVL", "BHA"),
        ("MIAORL", "MLS", U(2026, 10, 25, 0, 30), "MIA", "ORL"), ("LALAFC", "MLS", U(2026, 10, 25, 2, 30), "LA", "LAFC"),
        ("RMALIV", "UCL", U(2026, 11, 4, 20, 0), "RMA", "LIV"), ("BAYPSG", "UCL", U(2026, 11, 4, 20, 0), "BAY", "PSG"),
        ("INTBAR", "UCL", U(2026, 11, 3, 20, 0), "INT", "BAR"), ("JUVARS", "UCL", U(2026, 11, 3, 17, 45), "JUV", "ARS"),
    ]
    for sid, lg, t, h, a in soccer:
        S[sid] = SoccerMatch(lg, t, h, a).build()

    # --- tennis ---
    T = {}
    pm = "Paris Masters"
    tennis = [
        ("SINRUN", "ATP", U(2026, 10, 29, 13, 0), ("Jannik Sinner", "Jannik Sinner", "SIN"), ("Holger Rune", "Holger Rune", "RUN"), pm, "Round of 16", True),
        ("ALCDEM", "ATP", U(2026, 10, 29, 19, 0), ("Carlos Alcaraz", "Carlos Alcaraz", "ALC"), ("Alex de Minaur", "Alex De Minaur", "DEM"), pm, "Round of 16", False),
        ("ZVEFRI", "ATP", U(2026, 10, 29, 16, 30), ("Alexander Zverev", "Alexander Zverev", "ZVE"), ("Taylor Fritz", "Taylor Fritz", "FRI"), pm, "Round of 16", True),
        ("DJOSHE", "ATP", U(2026, 10, 30, 14, 0), ("Novak Djokovic", "Novak Đoković", "DJO"), ("Ben Shelton", "Ben Shelton", "SHE"), pm, "Round of 16", False),
        ("MUSDRA", "ATP", U(2026, 10, 30, 11, 0), ("Lorenzo Musetti", "Lorenzo Musetti", "MUS"), ("Jack Draper", "Jack Draper", "DRA"), pm, "Round of 16", True),
        ("SABGAU", "WTA", U(2026, 11, 2, 15, 0), ("Aryna Sabalenka", "Aryna Sabalenka", "SAB"), ("Coco Gauff", "Coco Gauff", "GAU"), "WTA Finals", "Round Robin", False),
        ("SWIRYB", "WTA", U(2026, 11, 2, 17, 30), ("Iga Swiatek", "Iga Świątek", "SWI"), ("Elena Rybakina", "Elena Rybakina", "RYB"), "WTA Finals", "Round Robin", True),
    ]
    for tid, tour, t, p1, p2, tn, rnd, full in tennis:
        T[tid] = TennisMatch(tour, t, p1, p2, tn, rnd, full).build()

    # ============ spreads: identical lines, other lines, other team, totals ==============
    # (game, favourite, poly line, kalshi lines for the favourite, kalshi lines for the dog, dog_first)
    spreads = [
        ("LALBOS1", "BOS", 4.5, [1.5, 4.5, 7.5, 10.5], [4.5], False),
        ("HOUGSW", "HOU", 2.5, [2.5, 5.5], [], False),
        ("NYKPHI", "NYK", 3.5, [3.5, 6.5, 9.5], [3.5], True),
        ("OKCMIN", "OKC", 6.5, [3.5, 6.5, 9.5, 12.5], [], False),
        ("DENLAC", "DEN", 1.5, [1.5, 4.5], [1.5], False),
        ("SASDAL", "SAS", 5.5, [2.5, 5.5, 8.5], [], False),
        ("CLEDET", "CLE", 2.5, [2.5, 5.5], [2.5], True),
        ("MILCHI", "MIL", 4.5, [4.5, 7.5], [], False),
        ("LACLAL", "LAL", 3.5, [0.5, 3.5, 6.5], [3.5], False),
        ("TORNYK", "NYK", 7.5, [4.5, 7.5, 10.5], [], False),
        ("BUFPHI", "PHI", 2.5, [2.5, 5.5], [2.5], False),
        ("KCLV", "KC", 7.5, [3.5, 7.5, 10.5], [], False),
        ("LASF", "SF", 3.5, [3.5, 6.5], [], True),
        ("CHIDET", "DET", 6.5, [3.5, 6.5, 9.5], [3.5], False),
        ("MIABAL", "BAL", 5.5, [5.5, 8.5], [], False),
        ("GBMIN", "GB", 1.5, [1.5, 4.5], [], False),
        ("OSUPSU", "OSU", 10.5, [7.5, 10.5, 14.5], [], False),
        ("LSUALA", "ALA", 6.5, [3.5, 6.5, 9.5], [], False),
        ("OREUSC", "ORE", 13.5, [10.5, 13.5, 17.5], [], False),
        ("FLAUGA", "UGA", 9.5, [9.5, 13.5], [], False),
        ("EDMVGK", "EDM", 1.5, [1.5, 2.5], [1.5], False),
        ("COLDAL", "COL", 1.5, [1.5], [], False),
        ("WS3", "LAD", 1.5, [1.5, 2.5], [1.5], False),
        ("WS4", "NYY", 1.5, [1.5, 2.5], [], False),
        ("DUKEUK", "DUKE", 4.5, [1.5, 4.5, 7.5], [], False),
        ("KUMSU", "KU", 2.5, [2.5, 5.5], [], False),
    ]
    PS: dict[str, str] = {}
    KS: dict[tuple[str, str, float], str] = {}
    for gid, fav, pline, klines, dlines, dog_first in spreads:
        g = G[gid]
        dog = g.home if fav == g.away else g.away
        for ln in klines:
            KS[(gid, fav, ln)] = g.kspread(fav, ln)
        for ln in dlines:
            KS[(gid, dog, ln)] = g.kspread(dog, ln)
        PS[gid] = g.pspread(fav, pline, dog_first=dog_first)
        # alternate Polymarket line on a few games (no Kalshi twin at that line -> implication negatives)
        if gid in ("LALBOS1", "OKCMIN", "KCLV", "OSUPSU"):
            alt = pline + 2.0
            cid = g.pspread(fav, alt)
            lower = [ln for ln in klines if ln < alt][-1]
            C.neg(KS[(gid, fav, lower)], cid, "b_implies_a", "other_spread_line",
                  f"Polymarket covers -{alt} implies Kalshi wins by over {lower}, not conversely")
        # negatives: other lines of the same favourite
        for ln in klines:
            if ln == pline:
                continue
            rel = "a_implies_b" if ln > pline else "b_implies_a"
            if dog_first:
                rel = "different" if ln > pline else "related"
            C.neg(KS[(gid, fav, ln)], PS[gid], rel, "other_spread_line",
                  f"Kalshi line {ln} vs Polymarket line {pline} for the same favourite"
                  + (" (Polymarket lists the underdog first)" if dog_first else ""))
        for ln in dlines:
            if dog_first:
                C.neg(KS[(gid, dog, ln)], PS[gid], "a_implies_b", "other_team_spread",
                      f"Kalshi: underdog {dog} wins by over {ln}; that implies Polymarket's first outcome "
                      f"('{dog} +{pline}', listed first here), which also covers a {dog} loss by fewer points")
            else:
                C.neg(KS[(gid, dog, ln)], PS[gid], "different", "other_team_spread",
                      f"Kalshi asks whether the underdog {dog} wins by over {ln}; that is the opposite side of the "
                      f"favourite's -{pline} line but not its complement ('{dog} +{pline}' also covers a narrow loss)")
    # soccer spreads
    for sid, team, ln, klines in [("ARSCRY", "ARS", 1.5, [1.5, 2.5]), ("LIVMCI", "LIV", 1.5, [1.5]),
                                  ("RMALIV", "RMA", 1.5, [1.5, 2.5]), ("BAYPSG", "BAY", 1.5, [1.5]),
                                  ("MUNNEW", "MUN", 1.5, [1.5])]:
        s = S[sid]
        ks = {x: s.kspread(team, x) for x in klines}
        cid = s.pspread(team, ln)
        for x, t in ks.items():
            if x != ln:
                C.neg(t, cid, "a_implies_b", "other_spread_line", f"wins by over {x} goals implies wins by over {ln}")
        # spread vs match winner: covering -1.5 implies winning
        C.neg(s.kt[team], cid, "b_implies_a", "spread_vs_winner",
              f"Polymarket '{team} -1.5' implies {team} wins; winning by one goal does not cover")
    # totals: Kalshi-only lines, Polymarket lines offset by 1 point -> never identical
    for gid, kl, pl in [("LALBOS1", [221.5, 225.5], 223.5), ("NYKPHI", [214.5], 216.5), ("KCLV", [44.5, 47.5], 45.5),
                        ("BUFPHI", [48.5], 47.5), ("OSUPSU", [51.5], 52.5), ("EDMVGK", [6.5], None),
                        ("WS3", [7.5, 8.5], 9.5), ("OKCMIN", [219.5], None), ("SASDAL", [228.5], 230.5)]:
        g = G[gid]
        kts = [g.ktotal(x) for x in kl]
        if pl is not None:
            pc = g.ptotal(pl)
            for x, t in zip(kl, kts, strict=True):
                rel = "a_implies_b" if x > pl else "b_implies_a"
                C.neg(t, pc, rel, "other_total_line", f"over {x} vs over {pl} total {g.L['unit']}")
            # the spread on Polymarket vs a Kalshi total: a different statistic of the same game
            if gid in PS:
                C.neg(kts[0], PS[gid], "related", "spread_vs_total", "total points is a different statistic than the spread")
    # spread vs moneyline across markets
    for gid, fav, ln in [("LALBOS1", "BOS", 4.5), ("OKCMIN", "OKC", 6.5), ("CHIDET", "DET", 6.5), ("LSUALA", "ALA", 6.5),
                         ("EDMVGK", "EDM", 1.5), ("DUKEUK", "DUKE", 4.5)]:
        g = G[gid]
        pml = g.pml
        first_is_fav = (fav == g.away) != g.poly_home_first
        rel = "a_implies_b" if first_is_fav else "different"
        C.neg(KS[(gid, fav, ln)], pml, rel, "spread_vs_winner",
              f"Kalshi '{fav} wins by over {ln}' implies {fav} wins the game; the game winner market is broader"
              + ("" if first_is_fav else f" ({fav} is Polymarket's second outcome)"))
        C.neg(g.kt[fav], PS[gid], "b_implies_a", "spread_vs_winner",
              f"covering -{ln} implies winning; winning does not imply covering")

    # ============ moneyline hard negatives ==============
    # same teams on another date
    g1, g2 = G["LALBOS1"], G["BOSLAL2"]
    for code in ("LAL", "BOS"):
        C.neg(g1.kt[code], g2.pml, "different", "same_teams_other_date",
              "Lakers-Celtics on Oct 26 (Boston home) vs the Nov 5 rematch in Los Angeles")
        C.neg(g2.kt[code], g1.pml, "different", "same_teams_other_date",
              "Nov 5 rematch in Los Angeles vs the Oct 26 game in Boston")
    for a, b in (("WS3", "WS4"), ("WS4", "WS5"), ("WS2", "WS3")):
        for code in ("LAD", "NYY"):
            C.neg(G[a].kt[code], G[b].pml, "different", "same_teams_other_date",
                  f"World Series {G[a].label} vs {G[b].label}: same teams, different game")
    C.neg(G["LACLAL"].kt["LAL"], G["BOSLAL2"].pml, "different", "other_game_same_team",
          "Lakers vs Clippers (Nov 4) vs Lakers vs Celtics (Nov 5)")
    C.neg(G["NYRNYI"].kt["NYR"], G["NYJNYG"].pml, "different", "name_collision",
          "New York R (hockey Rangers) vs New York Jets/Giants football game")
    C.neg(G["NYJNYG"].kt["NYJ"], G["WPGCHI"].pml, "different", "name_collision",
          "NFL New York Jets vs NHL Winnipeg Jets game")
    C.neg(G["NYKPHI"].kt["PHI"], G["BUFPHI"].pml, "different", "name_collision",
          "Philadelphia 76ers game vs Philadelphia Eagles game")
    C.neg(G["MIAATL"].kt["MIA"], G["MIAFSU"].pml, "different", "name_collision",
          "Miami Heat (NBA) vs Miami Hurricanes (college football)")
    C.neg(G["MICHMSU"].kt["MSU"], G["KUMSU"].pml, "different", "name_collision",
          "Michigan St. football vs Michigan St. basketball")
    C.neg(G["LASF"].kt["LA"], G["LASEA"].pml, "different", "name_collision",
          "Los Angeles R (NFL Rams) vs Los Angeles Kings (NHL)")
    C.neg(G["DENLAC"].kt["LAC"], G["LACSEA"].pml, "different", "name_collision",
          "Los Angeles C: Clippers (NBA) vs Chargers (NFL)")
    # soccer: draw vs team, team vs other team
    for sid in ("ARSCRY", "LIVMCI", "CHETOT", "MUNNEW", "AVLBHA", "MIAORL", "RMALIV", "INTBAR", "JUVARS"):
        s = S[sid]
        C.neg(s.kt["TIE"], s.pt[s.home], "different", "mutually_exclusive_outcome",
              "Kalshi tie market vs Polymarket home-win market of the same match")
        C.neg(s.kt[s.home], s.pt["DRAW"], "different", "mutually_exclusive_outcome",
              "home win vs draw in the same match")
        if sid in ("ARSCRY", "RMALIV", "MIAORL"):
            C.neg(s.kt[s.away], s.pt[s.home], "different", "mutually_exclusive_outcome",
                  "away win vs home win are mutually exclusive, not complements (a draw is possible)")
    C.neg(S["JUVARS"].kt["ARS"], S["ARSCRY"].pt["ARS"], "different", "same_team_other_date",
          "Arsenal at Juventus (UCL, Nov 3) vs Arsenal vs Crystal Palace (EPL, Oct 24)")
    C.neg(S["RMALIV"].kt["LIV"], S["LIVMCI"].pt["LIV"], "different", "same_team_other_date",
          "Liverpool in the Champions League vs Liverpool in the Premier League")
    # tennis: winning the tournament vs winning one match
    ser = "KXATPPARIS"
    C.add_series(ser, "Paris Masters Winner", "Sports", "annual", SPORT_SERIES_SOURCES["ATP"], tags=["Sports", "Tennis"])
    C.add_event("KXATPPARIS-26", ser, "Paris Masters 2026 Winner?", "Men's singles champion", True,
                strike=U(2026, 11, 1, 18, 0))
    champs = {}
    for name, code in (("Jannik Sinner", "SIN"), ("Carlos Alcaraz", "ALC"), ("Alexander Zverev", "ZVE"), ("Novak Djokovic", "DJO")):
        champs[code] = C.add_k("candidates", K(f"TOURN:ATP-PARIS-2026:{code}"), f"KXATPPARIS-26-{code}", "KXATPPARIS-26",
                               "Who will win the 2026 Paris Masters?", name, name,
                               f"If {name} wins the 2026 Paris Masters men's singles title, then the market resolves to Yes.",
                               "The champion is the player who wins the final, per the ATP Tour.",
                               before(NOW, days=20), U(2026, 11, 1, 20, 0), U(2026, 11, 1, 19, 0), U(2026, 11, 15, 0, 0))
    C.neg(champs["SIN"], T["SINRUN"].pml, "a_implies_b", "different_stage",
          "winning the tournament implies winning the Round of 16 match against Rune (Sinner is Polymarket's first outcome)")
    C.neg(champs["ALC"], T["ALCDEM"].pml, "a_implies_b", "different_stage",
          "tournament title implies winning this Round of 16 match")
    C.neg(champs["ZVE"], T["ZVEFRI"].pml, "a_implies_b", "different_stage", "title implies winning the match")
    C.neg(champs["DJO"], T["DJOSHE"].pml, "a_implies_b", "different_stage", "title implies winning the match")
    C.neg(T["SINRUN"].kt["RUN"], T["MUSDRA"].pml, "different", "other_match", "different matches of the same tournament")
    # a Polymarket tournament-winner market too (not on Kalshi at this stage: different from match markets)
    pev = C.add_pevent("paris-masters-2026-winner", "Paris Masters 2026 Winner", "Men's singles champion.",
                       before(NOW, days=25), U(2026, 11, 1, 20, 0), neg_risk=True,
                       tags=[("1", "sports"), ("864", "tennis")])
    for name, code in (("Jannik Sinner", "SIN"), ("Carlos Alcaraz", "ALC"), ("Alexander Zverev", "ZVE"), ("Taylor Fritz", "FRI")):
        cid = C.add_p("candidates", K(f"TOURN:ATP-PARIS-2026:{code}"), f"Will {name} win the 2026 Paris Masters?",
                      slugify(f"will-{name}-win-the-2026-paris-masters"),
                      yn(f"{name} wins the 2026 Rolex Paris Masters men's singles tournament")
                      + " If the player is eliminated or withdraws, this market will resolve to \"No\".",
                      ["Yes", "No"], pev, before(NOW, days=25), U(2026, 11, 1, 20, 0),
                      group_item_title=name, fee="sports")
        if code == "SIN":
            C.neg(T["SINRUN"].kt["SIN"], cid, "b_implies_a", "different_stage",
                  "match win vs tournament win: the title implies the Round of 16 win")
        if code == "FRI":
            C.neg(T["ZVEFRI"].kt["FRI"], cid, "b_implies_a", "different_stage", "Fritz title implies beating Zverev in the R16")
    return None


# =================================================================================================
# CANDIDATES: Kalshi mutually exclusive events vs Polymarket neg-risk groups
# =================================================================================================
KC: dict[tuple[str, str], str] = {}   # (race, person) -> Kalshi ticker
PC: dict[tuple[str, str], str] = {}   # (race, person) -> Polymarket conditionId


def race(rid: str, *, kser: str, kser_title: str, kcat: str, ksrc: list[tuple[str, str]], kev: str,
         kev_title: str, ksub: str, ktitles: list[str], krules: str, krules2: str, kclose: datetime,
         kexp: datetime, pslug: str, ptitle: str, pqs: list[str], pdesc: str, pend: datetime, pfee: str,
         cands: list[tuple[str, str, str, str, str]], kopen: datetime | None = None,
         pstart: datetime | None = None, hint_top: float = 0.35, frequency: str = "one_off") -> None:
    """cands: (person id, Kalshi spelling, Polymarket spelling, Kalshi ticker code, where: K/P/KP)."""
    C.add_series(kser, kser_title, kcat, frequency, ksrc, tags=[kcat])
    C.add_event(kev, kser, kev_title, ksub, True, strike=kexp)
    pev = None
    kopen = kopen or before(NOW, days=R.randint(30, 400))
    pstart = pstart or before(NOW, days=R.randint(20, 380))
    weights = [R.random() ** 2.5 for _ in cands]
    tot = sum(weights) or 1
    for (pid, kname, pname, code, where), w in zip(cands, weights, strict=True):
        base = f"CAND:{rid}:{pid}"
        hint = max(0.004, min(0.9, hint_top * w / tot * len(cands) * 0.5))
        if "K" in where:
            title = R.choice(ktitles).format(name=kname)
            KC[(rid, pid)] = C.add_k(
                "candidates", K(base), f"{kev}-{code}", kev, title, kname, kname,
                krules.format(name=kname), krules2, kopen, kclose, kexp, kclose + timedelta(days=30),
                hint=hint, timer=R.choice([600, 3600]), can_close_early=True,
                early_close="If the outcome is determined before the close date, the market may close early.")
        if "P" in where:
            if pev is None:
                pev = C.add_pevent(pslug, ptitle, f"This is a market group on {ptitle}.", pstart, pend, neg_risk=True,
                                   tags=[("2", "politics")] if pfee == "politics" else None)
            q = R.choice(pqs).format(name=pname)
            PC[(rid, pid)] = C.add_p(
                "candidates", K(base), q, slugify(q)[:90], pdesc.format(name=pname), ["Yes", "No"], pev,
                pstart, pend, group_item_title=pname, fee=pfee, hint=hint)


def P2(text_yes: str, extra: str) -> str:
    return yn(text_yes) + "\n\n" + extra


def build_candidates() -> None:
    conv = U(2028, 8, 28, 4, 0)
    # --- 2028 Democratic nominee ---
    race("DEMNOM28", kser="KXPRESNOMD", kser_title="Democratic Presidential Nominee", kcat="Elections",
         ksrc=[("Democratic National Committee", "https://democrats.org/")], kev="KXPRESNOMD-28",
         kev_title="2028 Democratic presidential nominee?", ksub="Before the 2028 DNC",
         ktitles=["Who will be the Democratic nominee for President in 2028?",
                  "Will {name} be the 2028 Democratic presidential nominee?",
                  "2028 Democratic presidential nominee?"],
         krules="If {name} is the Democratic Party's nominee for President of the United States for the 2028 election, then the market resolves to Yes.",
         krules2="The nominee is the candidate formally nominated by the delegates at the 2028 Democratic National Convention. A later replacement on the ticket does not change the outcome.",
         kclose=conv, kexp=conv, pslug="democratic-presidential-nominee-2028", ptitle="Democratic Presidential Nominee 2028",
         pqs=["Will {name} win the 2028 Democratic presidential nomination?",
              "Will {name} win the 2028 Democratic presidential nomination?",
              "Will {name} be the 2028 Democratic nominee for President?"],
         pdesc=P2("{name} wins and accepts the 2028 nomination of the Democratic Party for U.S. president",
                  "The resolution source for this market will be a consensus of official Democratic Party sources, including https://democrats.org/. Any replacement of the nominee before the date of the 2028 US presidential election will not change the resolution of the market."),
         pend=U(2028, 11, 7, 0, 0), pfee="politics",
         cands=[("newsom", "Gavin Newsom", "Gavin Newsom", "GNEW", "KP"),
                ("aoc", "Alexandria Ocasio-Cortez", "Alexandria Ocasio-Cortez", "AOC", "KP"),
                ("buttigieg", "Pete Buttigieg", "Pete Buttigieg", "PBUT", "KP"),
                ("shapiro", "Josh Shapiro", "Josh Shapiro", "JSHA", "KP"),
                ("harris", "Kamala Harris", "Kamala Harris", "KHAR", "KP"),
                ("whitmer", "Gretchen Whitmer", "Gretchen Whitmer", "GWHI", "KP"),
                ("moore", "Wes Moore", "Wes Moore", "WMOO", "KP"),
                ("beshear", "Andy Beshear", "Andy Beshear", "ABES", "KP"),
                ("pritzker", "J.B. Pritzker", "JB Pritzker", "JBPR", "KP"),
                ("khanna", "Ro Khanna", "Ro Khanna", "RKHA", "KP"),
                ("kelly", "Mark Kelly", "Mark Kelly", "MKEL", "KP"),
                ("ossoff", "Jon Ossoff", "Jon Ossoff", "JOSS", "KP"),
                ("booker", "Cory Booker", "Cory Booker", "CBOO", "K"),
                ("stein", "Josh Stein", "Josh Stein", "JSTE", "K"),
                ("warnock", "Raphael Warnock", "Raphael Warnock", "RWAR", "K"),
                ("stewart", "Jon Stewart", "Jon Stewart", "JSTEW", "P"),
                ("sasmith", "Stephen A. Smith", "Stephen A. Smith", "SSMI", "P")])
    # --- 2028 Republican nominee ---
    race("GOPNOM28", kser="KXPRESNOMR", kser_title="Republican Presidential Nominee", kcat="Elections",
         ksrc=[("Republican National Committee", "https://gop.com/")], kev="KXPRESNOMR-28",
         kev_title="2028 Republican presidential nominee?", ksub="Before the 2028 RNC",
         ktitles=["Who will be the Republican nominee for President in 2028?",
                  "Will {name} be the Republican presidential nominee in 2028?"],
         krules="If {name} is the Republican Party's nominee for President of the United States for the 2028 election, then the market resolves to Yes.",
         krules2="The nominee is the candidate formally nominated at the 2028 Republican National Convention.",
         kclose=U(2028, 7, 20, 4, 0), kexp=U(2028, 7, 20, 4, 0), pslug="republican-presidential-nominee-2028",
         ptitle="Republican Presidential Nominee 2028",
         pqs=["Will {name} win the 2028 Republican presidential nomination?",
              "Will {name} be the Republican nominee for President in 2028?"],
         pdesc=P2("{name} wins and accepts the 2028 nomination of the Republican Party for U.S. president",
                  "The resolution source for this market will be a consensus of official GOP sources, including https://gop.com."),
         pend=U(2028, 11, 7, 0, 0), pfee="politics",
         cands=[("vance", "J.D. Vance", "JD Vance", "JVAN", "KP"),
                ("rubio", "Marco Rubio", "Marco Rubio", "MRUB", "KP"),
                ("trumpjr", "Donald Trump Jr.", "Donald Trump Jr.", "DTJR", "KP"),
                ("desantis", "Ron DeSantis", "Ron DeSantis", "RDES", "KP"),
                ("carlson", "Tucker Carlson", "Tucker Carlson", "TCAR", "KP"),
                ("ramaswamy", "Vivek Ramaswamy", "Vivek Ramaswamy", "VRAM", "KP"),
                ("haley", "Nikki Haley", "Nikki Haley", "NHAL", "KP"),
                ("cruz", "Ted Cruz", "Ted Cruz", "TCRU", "KP"),
                ("rfk", "Robert F. Kennedy Jr.", "RFK Jr.", "RFKJ", "KP"),
                ("youngkin", "Glenn Youngkin", "Glenn Youngkin", "GYOU", "K"),
                ("greene", "Marjorie Taylor Greene", "Marjorie Taylor Greene", "MTG", "K"),
                ("trump", "Donald Trump", "Donald Trump", "DTRU", "P"),
                ("cdesantis", "Casey DeSantis", "Casey DeSantis", "CDES", "P")])
    # --- 2028 presidential election winner ---
    race("PRES28", kser="KXPRESPERSON", kser_title="Presidential Election Winner", kcat="Elections",
         ksrc=[("Associated Press", "https://apnews.com/")], kev="KXPRESPERSON-28",
         kev_title="Who will win the 2028 presidential election?", ksub="Nov 7, 2028",
         ktitles=["Who will win the 2028 presidential election?", "Will {name} win the 2028 presidential election?"],
         krules="If {name} wins the 2028 United States presidential election, then the market resolves to Yes.",
         krules2="The winner is the candidate who receives a majority of electoral votes, as certified by Congress.",
         kclose=U(2028, 11, 7, 15, 0), kexp=U(2028, 11, 8, 15, 0), pslug="presidential-election-winner-2028",
         ptitle="Presidential Election Winner 2028",
         pqs=["Will {name} win the 2028 US Presidential Election?"],
         pdesc=P2("{name} wins the 2028 US Presidential Election",
                  "The resolution source for this market is the Associated Press, Fox News, and NBC. This market will resolve once all three sources call the race for the same candidate. If all three sources haven’t called the race for the same candidate by the inauguration date (January 20, 2029) this market will resolve based on who is inaugurated."),
         pend=U(2028, 11, 7, 12, 0), pfee="politics",
         cands=[("vance", "J.D. Vance", "JD Vance", "JVAN", "KP"), ("newsom", "Gavin Newsom", "Gavin Newsom", "GNEW", "KP"),
                ("rubio", "Marco Rubio", "Marco Rubio", "MRUB", "KP"),
                ("aoc", "Alexandria Ocasio-Cortez", "Alexandria Ocasio-Cortez", "AOC", "KP"),
                ("buttigieg", "Pete Buttigieg", "Pete Buttigieg", "PBUT", "K"),
                ("shapiro", "Josh Shapiro", "Josh Shapiro", "JSHA", "P")])
    # --- France 2027 ---
    fr = U(2027, 5, 9, 18, 0)
    race("FRPRES27", kser="KXFRPRES", kser_title="French Presidential Election", kcat="Elections",
         ksrc=[("Conseil constitutionnel", "https://www.conseil-constitutionnel.fr/")], kev="KXFRPRES-27",
         kev_title="France presidential election winner?", ksub="2027 election",
         ktitles=["Who will win the 2027 French presidential election?", "Will {name} become President of France in 2027?"],
         krules="If {name} wins the 2027 French presidential election, then the market resolves to Yes.",
         krules2="The winner is the candidate proclaimed elected by the Conseil constitutionnel after the final round.",
         kclose=fr, kexp=fr + timedelta(days=2), pslug="france-presidential-election-2027",
         ptitle="France Presidential Election 2027",
         pqs=["Will {name} win the 2027 French presidential election?", "Will {name} be elected President of France in 2027?"],
         pdesc=P2("{name} wins the next French presidential election, currently scheduled for April 2027",
                  "This market will resolve based on the official results as announced by the French Constitutional Council. If the election is not held by May 31, 2027, this market will resolve to \"No\"."),
         pend=U(2027, 5, 10, 0, 0), pfee="politics",
         cands=[("philippe", "Édouard Philippe", "Edouard Philippe", "EPHI", "KP"),
                ("bardella", "Jordan Bardella", "Jordan Bardella", "JBAR", "KP"),
                ("lepen", "Marine Le Pen", "Marine Le Pen", "MLEP", "KP"),
                ("melenchon", "Jean-Luc Mélenchon", "Jean-Luc Melenchon", "JMEL", "KP"),
                ("attal", "Gabriel Attal", "Gabriel Attal", "GATT", "KP"),
                ("glucksmann", "Raphaël Glucksmann", "Raphael Glucksmann", "RGLU", "KP"),
                ("retailleau", "Bruno Retailleau", "Bruno Retailleau", "BRET", "KP"),
                ("darmanin", "Gérald Darmanin", "Gerald Darmanin", "GDAR", "KP"),
                ("marechal", "Marion Maréchal", "Marion Maréchal", "MMAR", "K"),
                ("villepin", "Dominique de Villepin", "Dominique de Villepin", "DVIL", "P")])
    race("FRPRES27R2", kser="KXFRPRES2R", kser_title="French Presidential Election: Second Round", kcat="Elections",
         ksrc=[("Conseil constitutionnel", "https://www.conseil-constitutionnel.fr/")], kev="KXFRPRES2R-27",
         kev_title="Who will qualify for the second round of the 2027 French presidential election?", ksub="First round, April 2027",
         ktitles=["Will {name} advance to the second round of the 2027 French presidential election?"],
         krules="If {name} finishes in the top two of the first round of the 2027 French presidential election, then the market resolves to Yes.",
         krules2="Based on the official first-round results published by the Conseil constitutionnel.",
         kclose=U(2027, 4, 25, 18, 0), kexp=U(2027, 4, 27, 18, 0), pslug="unused-fr-r2", ptitle="unused",
         pqs=["{name}"], pdesc="", pend=U(2027, 4, 27, 0, 0), pfee="politics",
         cands=[("bardella", "Jordan Bardella", "", "JBAR", "K"), ("philippe", "Édouard Philippe", "", "EPHI", "K"),
                ("lepen", "Marine Le Pen", "", "MLEP", "K")])
    # --- UK Labour leader / next PM ---
    race("LABLEAD", kser="KXLABOURLEADER", kser_title="Next UK Labour Party Leader", kcat="World",
         ksrc=[("The Labour Party", "https://labour.org.uk/")], kev="KXLABOURLEADER-27",
         kev_title="Next leader of the UK Labour Party?", ksub="After Keir Starmer",
         ktitles=["Who will be the next leader of the Labour Party?", "Will {name} be the next Labour leader?"],
         krules="If {name} is the next person to become Leader of the Labour Party (UK) after Keir Starmer, then the market resolves to Yes.",
         krules2="Interim or acting leaders do not count. If Keir Starmer remains leader through Dec 31, 2027, the market resolves to No for every option.",
         kclose=U(2027, 12, 31, 23, 59), kexp=U(2028, 1, 1, 15, 0), pslug="next-uk-labour-leader",
         ptitle="Next Labour Party leader?", pqs=["Will {name} be the next Labour Party leader?", "{name} next Labour leader?"],
         pdesc=P2("{name} is confirmed as the next leader of the UK Labour Party, succeeding Keir Starmer, by December 31, 2027",
                  "Interim or acting leaders will not count. The resolution source is official information from the Labour Party; a consensus of credible reporting may also be used."),
         pend=U(2027, 12, 31, 0, 0), pfee="geopolitics",
         cands=[("burnham", "Andy Burnham", "Burnham", "ABUR", "KP"), ("streeting", "Wes Streeting", "Streeting", "WSTR", "KP"),
                ("rayner", "Angela Rayner", "Rayner", "ARAY", "KP"), ("mahmood", "Shabana Mahmood", "Shabana Mahmood", "SMAH", "KP"),
                ("miliband", "Ed Miliband", "Miliband", "EMIL", "KP"), ("cooper", "Yvette Cooper", "Yvette Cooper", "YCOO", "KP"),
                ("powell", "Lucy Powell", "Powell", "LPOW", "K"), ("carns", "Al Carns", "Al Carns", "ACAR", "P")])
    race("UKPM", kser="KXNEXTUKPM", kser_title="Next UK Prime Minister", kcat="World",
         ksrc=[("UK Government", "https://www.gov.uk/")], kev="KXNEXTUKPM-27",
         kev_title="Who will be the next Prime Minister of the UK?", ksub="After Keir Starmer",
         ktitles=["Will {name} be the next UK Prime Minister?"],
         krules="If {name} is the next person to be appointed Prime Minister of the United Kingdom after Keir Starmer, then the market resolves to Yes.",
         krules2="If Keir Starmer remains Prime Minister through Dec 31, 2027, the market resolves to No.",
         kclose=U(2027, 12, 31, 23, 59), kexp=U(2028, 1, 1, 15, 0), pslug="unused-ukpm", ptitle="unused", pqs=["{name}"],
         pdesc="", pend=U(2027, 12, 31, 0, 0), pfee="geopolitics",
         cands=[("burnham", "Andy Burnham", "", "ABUR", "K"), ("farage", "Nigel Farage", "", "NFAR", "K"),
                ("streeting", "Wes Streeting", "", "WSTR", "K")])
    # --- Spain ---
    race("ESPARTY", kser="KXSPAINELEC", kser_title="Spanish General Election", kcat="World",
         ksrc=[("Ministerio del Interior", "https://www.interior.gob.es/")], kev="KXSPAINELEC-27",
         kev_title="Which party will win the most seats in the next Spanish general election?", ksub="Congreso de los Diputados",
         ktitles=["Which party will win the most seats in the next Spanish general election?"],
         krules="If {name} wins the most seats in the Congress of Deputies in the next Spanish general election, then the market resolves to Yes.",
         krules2="Seats are counted per party list as published in the official results. Ties are broken by national vote share. If no general election is held before Aug 31, 2027, the market resolves to No.",
         kclose=U(2027, 8, 31, 22, 0), kexp=U(2027, 9, 2, 14, 0), pslug="spain-parliamentary-election-winner",
         ptitle="Spain Parliamentary Election Winner",
         pqs=["Will {name} win the most seats in the next Spanish general election?"],
         pdesc=P2("the party listed wins the greatest number of seats in the Congress of Deputies in the next Spanish general election held by August 31, 2027",
                  "If two parties tie for the most seats, the party with the higher national vote share wins. The resolution source is the official results published by the Spanish Ministry of the Interior."),
         pend=U(2027, 8, 31, 0, 0), pfee="geopolitics",
         cands=[("pp", "Partido Popular (PP)", "PP", "PP", "KP"), ("psoe", "PSOE", "PSOE", "PSOE", "KP"),
                ("vox", "Vox", "VOX", "VOX", "KP"), ("sumar", "Sumar", "Sumar", "SUM", "K"),
                ("podemos", "Podemos", "Podemos", "POD", "P")])
    race("ESPM", kser="KXSPAINPM", kser_title="Spanish Prime Minister after the Election", kcat="World",
         ksrc=[("Congreso de los Diputados", "https://www.congreso.es/")], kev="KXSPAINPM-27",
         kev_title="Who will be Prime Minister of Spain after the next general election?", ksub="Investiture vote",
         ktitles=["Who will be Spain's Prime Minister after the next general election?", "Will {name} be invested Prime Minister of Spain?"],
         krules="If {name} is the first person invested as Prime Minister of Spain after the next Spanish general election, then the market resolves to Yes.",
         krules2="Investiture by the Congress of Deputies counts. If no general election is held before Aug 31, 2027, the market resolves to No.",
         kclose=U(2027, 12, 31, 22, 0), kexp=U(2028, 1, 2, 14, 0), pslug="next-spanish-prime-minister",
         ptitle="Spain: Prime Minister after next election",
         pqs=["Will {name} be the next Prime Minister of Spain after the general election?"],
         pdesc=P2("{name} is the first person invested as Prime Minister of Spain by the Congress of Deputies following the next Spanish general election held by August 31, 2027",
                  "If no general election is held by August 31, 2027, this market will resolve to \"No\"."),
         pend=U(2027, 12, 31, 0, 0), pfee="geopolitics",
         cands=[("feijoo", "Alberto Núñez Feijóo", "Alberto Nunez Feijoo", "ANF", "KP"),
                ("sanchez", "Pedro Sánchez", "Pedro Sanchez", "PSAN", "KP"),
                ("abascal", "Santiago Abascal", "Santiago Abascal", "SABA", "KP"),
                ("diaz", "Yolanda Díaz", "Yolanda Diaz", "YDIA", "K")])
    # --- Time Person of the Year ---
    race("TIMEPOY26", kser="KXTIMEPOY", kser_title="Time Person of the Year", kcat="Entertainment",
         ksrc=[("TIME", "https://time.com/")], kev="KXTIMEPOY-26", kev_title="Time Person of the Year 2026?",
         ksub="Announced in December 2026", ktitles=["Who will be Time's 2026 Person of the Year?", "Will {name} be Time's Person of the Year for 2026?"],
         krules="If TIME Magazine names {name} as its 2026 Person of the Year, then the market resolves to Yes.",
         krules2="Shared or group selections resolve Yes for each named member of the group. Runners-up and shortlists do not count.",
         kclose=U(2026, 12, 10, 15, 0), kexp=U(2026, 12, 10, 17, 0), pslug="time-2026-person-of-the-year",
         ptitle="TIME Person of the Year 2026",
         pqs=["Will {name} be named TIME's 2026 Person of the Year?", "{name} TIME Person of the Year 2026?"],
         pdesc=P2("{name} is named TIME's Person of the Year for 2026",
                  "If the Person of the Year is a group that includes the listed person or entity, this market will resolve to \"Yes\". The resolution source will be TIME's official announcement."),
         pend=U(2026, 12, 31, 0, 0), pfee="culture",
         cands=[("trump", "Donald Trump", "Donald Trump", "DTRU", "KP"), ("leo", "Pope Leo XIV", "Pope Leo XIV", "LEO", "KP"),
                ("musk", "Elon Musk", "Elon Musk", "EMUS", "KP"), ("altman", "Sam Altman", "Sam Altman", "SALT", "KP"),
                ("huang", "Jensen Huang", "Jensen Huang", "JHUA", "KP"), ("ai", "Artificial intelligence", "AI", "AI", "KP"),
                ("mamdani", "Zohran Mamdani", "Zohran Mamdani", "ZMAM", "KP"),
                ("zelensky", "Volodymyr Zelenskyy", "Volodymyr Zelensky", "VZEL", "KP"),
                ("xi", "Xi Jinping", "Xi Jinping", "XI", "K"), ("netanyahu", "Benjamin Netanyahu", "Benjamin Netanyahu", "BNET", "P")])
    # --- Heisman ---
    hz = U(2026, 12, 13, 1, 0)
    race("HEISMAN26", kser="KXHEISMAN", kser_title="Heisman Trophy", kcat="Sports",
         ksrc=[("Heisman Trust", "https://www.heisman.com/")], kev="KXHEISMAN-26", kev_title="2026 Heisman Trophy winner?",
         ksub="Ceremony in December 2026", ktitles=["Who will win the 2026 Heisman Trophy?", "Will {name} win the 2026 Heisman?"],
         krules="If {name} is awarded the 2026 Heisman Memorial Trophy, then the market resolves to Yes.",
         krules2="Based on the announcement at the Heisman Trophy ceremony.", kclose=hz, kexp=hz + timedelta(hours=2),
         pslug="heisman-trophy-winner-2026", ptitle="Heisman Trophy Winner 2026",
         pqs=["Will {name} win the 2026 Heisman Trophy?"],
         pdesc=P2("{name} is awarded the 2026 Heisman Memorial Trophy", "The resolution source is the Heisman Trust."),
         pend=U(2026, 12, 13, 0, 0), pfee="sports",
         cands=[("manning", "Arch Manning", "Arch Manning", "AMAN", "KP"), ("jsmith", "Jeremiah Smith", "Jeremiah Smith", "JSMI", "KP"),
                ("sayin", "Julian Sayin", "Julian Sayin", "JSAY", "KP"), ("carr", "C.J. Carr", "CJ Carr", "CCAR", "KP"),
                ("underwood", "Bryce Underwood", "Bryce Underwood", "BUND", "KP"),
                ("sellers", "LaNorris Sellers", "LaNorris Sellers", "LSEL", "KP"),
                ("mensah", "Darian Mensah", "Darian Mensah", "DMEN", "K"), ("raiola", "Dylan Raiola", "Dylan Raiola", "DRAI", "P")])
    race("HEISFIN26", kser="KXHEISMANFINALIST", kser_title="Heisman Trophy Finalists", kcat="Sports",
         ksrc=[("Heisman Trust", "https://www.heisman.com/")], kev="KXHEISMANFINALIST-26",
         kev_title="Who will be a 2026 Heisman finalist?", ksub="Finalists announced in December",
         ktitles=["Will {name} be a 2026 Heisman Trophy finalist?"],
         krules="If {name} is named a finalist for the 2026 Heisman Memorial Trophy, then the market resolves to Yes.",
         krules2="Finalists are those invited to the ceremony as announced by the Heisman Trust.", kclose=U(2026, 12, 8, 1, 0),
         kexp=U(2026, 12, 8, 3, 0), pslug="unused-heisfin", ptitle="unused", pqs=["{name}"], pdesc="",
         pend=U(2026, 12, 8, 0, 0), pfee="sports",
         cands=[("manning", "Arch Manning", "", "AMAN", "K"), ("jsmith", "Jeremiah Smith", "", "JSMI", "K")])
    # --- NBA MVP ---
    race("NBAMVP27", kser="KXNBAMVP", kser_title="NBA MVP", kcat="Sports", ksrc=[("NBA", "https://www.nba.com/")],
         kev="KXNBAMVP-27", kev_title="2026-27 NBA MVP?", ksub="Regular season award",
         ktitles=["Who will win the 2026-27 NBA MVP award?", "Will {name} win 2026-27 NBA MVP?"],
         krules="If {name} is named the Most Valuable Player of the 2026-27 NBA regular season, then the market resolves to Yes.",
         krules2="Based on the NBA's official award announcement.", kclose=U(2027, 5, 31, 23, 0), kexp=U(2027, 6, 1, 14, 0),
         pslug="nba-mvp-2026-27", ptitle="NBA MVP 2026-27",
         pqs=["Will {name} win the 2026–27 NBA MVP?", "Will {name} win the 2026-27 NBA Most Valuable Player award?"],
         pdesc=P2("{name} is named the 2026–27 NBA Most Valuable Player (Michael Jordan Trophy)",
                  "The resolution source will be the official announcement from the NBA."),
         pend=U(2027, 5, 31, 0, 0), pfee="sports",
         cands=[("sga", "Shai Gilgeous-Alexander", "Shai Gilgeous-Alexander", "SGA", "KP"),
                ("jokic", "Nikola Jokić", "Nikola Jokic", "NJOK", "KP"), ("doncic", "Luka Dončić", "Luka Doncic", "LDON", "KP"),
                ("giannis", "Giannis Antetokounmpo", "Giannis Antetokounmpo", "GANT", "KP"),
                ("wemby", "Victor Wembanyama", "Victor Wembanyama", "VWEM", "KP"),
                ("edwards", "Anthony Edwards", "Anthony Edwards", "AEDW", "KP"),
                ("cade", "Cade Cunningham", "Cade Cunningham", "CCUN", "KP"),
                ("tatum", "Jayson Tatum", "Jayson Tatum", "JTAT", "K"), ("brunson", "Jalen Brunson", "Jalen Brunson", "JBRU", "P")])
    race("NBADPOY27", kser="KXNBADPOY", kser_title="NBA Defensive Player of the Year", kcat="Sports",
         ksrc=[("NBA", "https://www.nba.com/")], kev="KXNBADPOY-27", kev_title="2026-27 NBA Defensive Player of the Year?",
         ksub="Regular season award", ktitles=["Will {name} win 2026-27 NBA Defensive Player of the Year?"],
         krules="If {name} is named the 2026-27 NBA Defensive Player of the Year, then the market resolves to Yes.",
         krules2="Based on the NBA's official award announcement.", kclose=U(2027, 5, 31, 23, 0), kexp=U(2027, 6, 1, 14, 0),
         pslug="unused-dpoy", ptitle="unused", pqs=["{name}"], pdesc="", pend=U(2027, 6, 1), pfee="sports",
         cands=[("wemby", "Victor Wembanyama", "", "VWEM", "K")])
    # --- Super Bowl LXI ---
    race("SB61", kser="KXSB", kser_title="Super Bowl Champion", kcat="Sports", ksrc=[("NFL", "https://www.nfl.com/")],
         kev="KXSB-27", kev_title="Super Bowl LXI champion?", ksub="Feb 2027",
         ktitles=["Who will win Super Bowl LXI?", "Will {name} win the Super Bowl?"],
         krules="If {name} wins Super Bowl LXI, then the market resolves to Yes.",
         krules2="Super Bowl LXI is scheduled for February 2027. Based on the official NFL result.",
         kclose=U(2027, 2, 15, 3, 0), kexp=U(2027, 2, 15, 5, 0), pslug="super-bowl-champion-2027",
         ptitle="Super Bowl Champion 2027", pqs=["Will the {name} win Super Bowl 2027?", "Will the {name} win Super Bowl LXI?"],
         pdesc=P2("the {name} win Super Bowl LXI", "If the team is eliminated from playoff contention, this market will resolve to \"No\"."),
         pend=U(2027, 2, 14, 0, 0), pfee="sports",
         cands=[("KC", "Kansas City", "Kansas City Chiefs", "KC", "KP"), ("PHI", "Philadelphia", "Philadelphia Eagles", "PHI", "KP"),
                ("BUF", "Buffalo", "Buffalo Bills", "BUF", "KP"), ("BAL", "Baltimore", "Baltimore Ravens", "BAL", "KP"),
                ("DET", "Detroit", "Detroit Lions", "DET", "KP"), ("SF", "San Francisco", "San Francisco 49ers", "SF", "KP"),
                ("LA", "Los Angeles R", "Los Angeles Rams", "LA", "KP"), ("GB", "Green Bay", "Green Bay Packers", "GB", "KP"),
                ("LAC", "Los Angeles C", "Los Angeles Chargers", "LAC", "P"), ("HOU", "Houston", "Houston Texans", "HOU", "K")])
    race("AFC26", kser="KXNFLAFCCHAMP", kser_title="AFC Champion", kcat="Sports", ksrc=[("NFL", "https://www.nfl.com/")],
         kev="KXNFLAFCCHAMP-27", kev_title="AFC Champion?", ksub="2026-27 season",
         ktitles=["Will {name} win the AFC Championship?"], krules="If {name} wins the 2026-27 AFC Championship Game, then the market resolves to Yes.",
         krules2="Based on the official NFL result.", kclose=U(2027, 1, 31, 3, 0), kexp=U(2027, 1, 31, 5, 0),
         pslug="unused-afc", ptitle="unused", pqs=["{name}"], pdesc="", pend=U(2027, 1, 31), pfee="sports",
         cands=[("KC", "Kansas City", "", "KC", "K"), ("BUF", "Buffalo", "", "BUF", "K")])
    race("NFC26", kser="KXNFLNFCCHAMP", kser_title="NFC Champion", kcat="Sports", ksrc=[("NFL", "https://www.nfl.com/")],
         kev="KXNFLNFCCHAMP-27", kev_title="NFC Champion?", ksub="2026-27 season",
         ktitles=["Will {name} win the NFC Championship?"], krules="If {name} wins the 2026-27 NFC Championship Game, then the market resolves to Yes.",
         krules2="Based on the official NFL result.", kclose=U(2027, 1, 31, 3, 0), kexp=U(2027, 1, 31, 5, 0),
         pslug="unused-nfc", ptitle="unused", pqs=["{name}"], pdesc="", pend=U(2027, 1, 31), pfee="sports",
         cands=[("PHI", "Philadelphia", "", "PHI", "K"), ("DET", "Detroit", "", "DET", "K")])
    # --- UN Secretary-General ---
    race("UNSG", kser="KXUNSG", kser_title="Next UN Secretary-General", kcat="World",
         ksrc=[("United Nations", "https://www.un.org/")], kev="KXUNSG-26", kev_title="Who will be the next UN Secretary-General?",
         ksub="Successor to António Guterres", ktitles=["Who will be the next UN Secretary-General?", "Will {name} be appointed UN Secretary-General?"],
         krules="If {name} is appointed by the UN General Assembly as the next Secretary-General of the United Nations, then the market resolves to Yes.",
         krules2="If no successor to António Guterres is appointed before Jan 1, 2028, the market resolves to No.",
         kclose=U(2027, 12, 31, 23, 0), kexp=U(2028, 1, 1, 15, 0), pslug="next-un-secretary-general",
         ptitle="Next UN Secretary-General", pqs=["Will {name} be the next UN Secretary-General?"],
         pdesc=P2("{name} is appointed as the next Secretary-General of the United Nations",
                  "Appointment by the UN General Assembly upon recommendation of the Security Council will count. If no one is appointed by December 31, 2027, this market will resolve to \"No\"."),
         pend=U(2027, 12, 31, 0, 0), pfee="geopolitics",
         cands=[("bachelet", "Michelle Bachelet", "Michelle Bachelet", "MBAC", "KP"),
                ("grossi", "Rafael Grossi", "Rafael Mariano Grossi", "RGRO", "KP"),
                ("grynspan", "Rebeca Grynspan", "Rebeca Grynspan", "RGRY", "KP"),
                ("espinosa", "María Fernanda Espinosa", "Maria Fernanda Espinosa", "MFES", "KP"),
                ("mottley", "Mia Mottley", "Mia Mottley", "MMOT", "KP"),
                ("ardern", "Jacinda Ardern", "Jacinda Ardern", "JARD", "K"),
                ("georgieva", "Kristalina Georgieva", "Kristalina Georgieva", "KGEO", "P")])
    # --- largest company / top AI model at year end ---
    race("LARGEST26", kser="KXLARGESTCO", kser_title="Largest Company by Market Cap", kcat="Companies",
         ksrc=[("companiesmarketcap.com", "https://companiesmarketcap.com/")], kev="KXLARGESTCO-26DEC31",
         kev_title="Largest company in the world on Dec 31, 2026?", ksub="By market capitalization at the close",
         ktitles=["Which company will be the largest in the world on Dec 31, 2026?"],
         krules="If {name} has the largest market capitalization of any publicly traded company at the market close on Dec 31, 2026, then the market resolves to Yes.",
         krules2="Market capitalization is taken from companiesmarketcap.com after the close on Dec 31, 2026.",
         kclose=U(2026, 12, 31, 21, 0), kexp=U(2027, 1, 1, 15, 0), pslug="largest-company-end-of-2026",
         ptitle="Largest company end of 2026?", pqs=["Will {name} be the largest company in the world at the end of 2026?"],
         pdesc=P2("{name} is the largest company in the world by market capitalization at market close on December 31, 2026",
                  "The resolution source for this market will be https://companiesmarketcap.com/."),
         pend=U(2026, 12, 31, 0, 0), pfee="finance",
         cands=[("nvda", "NVIDIA", "Nvidia", "NVDA", "KP"), ("aapl", "Apple", "Apple", "AAPL", "KP"),
                ("msft", "Microsoft", "Microsoft", "MSFT", "KP"), ("goog", "Alphabet", "Alphabet (Google)", "GOOGL", "KP"),
                ("amzn", "Amazon", "Amazon", "AMZN", "K"), ("2222", "Saudi Aramco", "Saudi Aramco", "ARAMCO", "P")])
    race("LARGESTNOV", kser="KXLARGESTCO", kser_title="Largest Company by Market Cap", kcat="Companies",
         ksrc=[("companiesmarketcap.com", "https://companiesmarketcap.com/")], kev="KXLARGESTCO-26NOV30",
         kev_title="Largest company in the world on Nov 30, 2026?", ksub="By market capitalization at the close",
         ktitles=["Which company will be the largest in the world on Nov 30, 2026?"],
         krules="If {name} has the largest market capitalization of any publicly traded company at the market close on Nov 30, 2026, then the market resolves to Yes.",
         krules2="Market capitalization is taken from companiesmarketcap.com.", kclose=U(2026, 11, 30, 21, 0),
         kexp=U(2026, 12, 1, 15, 0), pslug="unused-lnov", ptitle="unused", pqs=["{name}"], pdesc="", pend=U(2026, 12, 1),
         pfee="finance", cands=[("nvda", "NVIDIA", "", "NVDA", "K"), ("goog", "Alphabet", "", "GOOGL", "K")])
    race("AITOP26", kser="KXLLM1", kser_title="Top AI Model", kcat="Science and Technology",
         ksrc=[("LMArena", "https://lmarena.ai/leaderboard")], kev="KXLLM1-26DEC31", kev_title="Top AI model on Dec 31, 2026?",
         ksub="LMArena Text leaderboard", ktitles=["Which company will have the top AI model on Dec 31, 2026?"],
         krules="If {name} owns the top-ranked model on the LMArena Text leaderboard (style control on) on Dec 31, 2026, then the market resolves to Yes.",
         krules2="Ties in rank are broken by arena score, then alphabetically by company name. The leaderboard is checked at 12:00 PM ET.",
         kclose=U(2026, 12, 31, 17, 0), kexp=U(2026, 12, 31, 19, 0), pslug="which-company-has-best-ai-model-end-of-2026",
         ptitle="Which company has best AI model end of 2026?", pqs=["Will {name} have the best AI model at the end of 2026?"],
         pdesc=P2("{name} owns the top model on the LMArena Text leaderboard (https://lmarena.ai/leaderboard/text, style control on) on December 31, 2026, 12:00 PM ET",
                  "If there is a tie in rank, the model with the higher arena score wins; if still tied, the company whose name comes first alphabetically."),
         pend=U(2026, 12, 31, 0, 0), pfee="tech",
         cands=[("google", "Google", "Google", "GOOG", "KP"), ("openai", "OpenAI", "OpenAI", "OAI", "KP"),
                ("anthropic", "Anthropic", "Anthropic", "ANTH", "KP"), ("xai", "xAI", "xAI", "XAI", "KP"),
                ("deepseek", "DeepSeek", "DeepSeek", "DSK", "P"), ("meta", "Meta", "Meta", "META", "K")])
    race("AITOPNOV", kser="KXLLM1", kser_title="Top AI Model", kcat="Science and Technology",
         ksrc=[("LMArena", "https://lmarena.ai/leaderboard")], kev="KXLLM1-26NOV30", kev_title="Top AI model on Nov 30, 2026?",
         ksub="LMArena Text leaderboard", ktitles=["Which company will have the top AI model on Nov 30, 2026?"],
         krules="If {name} owns the top-ranked model on the LMArena Text leaderboard (style control on) on Nov 30, 2026, then the market resolves to Yes.",
         krules2="Ties are broken by arena score.", kclose=U(2026, 11, 30, 17, 0), kexp=U(2026, 11, 30, 19, 0),
         pslug="unused-ainov", ptitle="unused", pqs=["{name}"], pdesc="", pend=U(2026, 12, 1), pfee="tech",
         cands=[("google", "Google", "", "GOOG", "K"), ("openai", "OpenAI", "", "OAI", "K")])
    # --- MLB awards (announced November 2026) ---
    race("ALMVP26", kser="KXMLBALMVP", kser_title="AL MVP", kcat="Sports", ksrc=[("MLB", "https://www.mlb.com/")],
         kev="KXMLBALMVP-26", kev_title="2026 AL MVP?", ksub="BBWAA award", ktitles=["Who will win the 2026 AL MVP?"],
         krules="If {name} wins the 2026 American League Most Valuable Player award, then the market resolves to Yes.",
         krules2="Based on the BBWAA announcement.", kclose=U(2026, 11, 20, 0, 0), kexp=U(2026, 11, 20, 2, 0),
         pslug="al-mvp-2026", ptitle="AL MVP 2026", pqs=["Will {name} win the 2026 AL MVP?", "{name} AL MVP 2026?"],
         pdesc=P2("{name} wins the 2026 American League MVP award as announced by the BBWAA", "The resolution source is MLB.com."),
         pend=U(2026, 11, 20, 0, 0), pfee="sports",
         cands=[("judge", "Aaron Judge", "Aaron Judge", "AJUD", "KP"), ("raleigh", "Cal Raleigh", "Cal Raleigh", "CRAL", "KP"),
                ("witt", "Bobby Witt Jr.", "Bobby Witt Jr.", "BWIT", "KP"),
                ("julio", "Julio Rodríguez", "Julio Rodriguez", "JROD", "KP"),
                ("skubal", "Tarik Skubal", "Tarik Skubal", "TSKU", "P")])
    race("NLMVP26", kser="KXMLBNLMVP", kser_title="NL MVP", kcat="Sports", ksrc=[("MLB", "https://www.mlb.com/")],
         kev="KXMLBNLMVP-26", kev_title="2026 NL MVP?", ksub="BBWAA award", ktitles=["Who will win the 2026 NL MVP?"],
         krules="If {name} wins the 2026 National League Most Valuable Player award, then the market resolves to Yes.",
         krules2="Based on the BBWAA announcement.", kclose=U(2026, 11, 20, 0, 0), kexp=U(2026, 11, 20, 2, 0),
         pslug="nl-mvp-2026", ptitle="NL MVP 2026", pqs=["Will {name} win the 2026 NL MVP?"],
         pdesc=P2("{name} wins the 2026 National League MVP award as announced by the BBWAA", "The resolution source is MLB.com."),
         pend=U(2026, 11, 20, 0, 0), pfee="sports",
         cands=[("ohtani", "Shohei Ohtani", "Shohei Ohtani", "SOHT", "KP"), ("soto", "Juan Soto", "Juan Soto", "JSOT", "KP"),
                ("pca", "Pete Crow-Armstrong", "Pete Crow-Armstrong", "PCA", "KP"),
                ("tucker", "Kyle Tucker", "Kyle Tucker", "KTUC", "K")])

    # ---------------- candidate hard negatives ----------------
    def n(kr: tuple[str, str], pr: tuple[str, str], rel: str, kind: str, note: str) -> None:
        C.neg(KC[kr], PC[pr], rel, kind, note)

    n(("DEMNOM28", "stein"), ("DEMNOM28", "shapiro"), "different", "similar_name", "Josh Stein (NC governor) vs Josh Shapiro (PA governor)")
    n(("DEMNOM28", "booker"), ("DEMNOM28", "buttigieg"), "different", "other_candidate", "two candidates of the same race")
    n(("DEMNOM28", "warnock"), ("DEMNOM28", "ossoff"), "different", "other_candidate", "both Georgia senators, different people")
    n(("DEMNOM28", "harris"), ("DEMNOM28", "whitmer"), "different", "other_candidate", "two candidates of the same race")
    n(("DEMNOM28", "newsom"), ("DEMNOM28", "aoc"), "different", "other_candidate", "two candidates of the same race")
    n(("GOPNOM28", "trumpjr"), ("GOPNOM28", "trump"), "different", "similar_name", "Donald Trump Jr. vs Donald Trump")
    n(("GOPNOM28", "desantis"), ("GOPNOM28", "cdesantis"), "different", "similar_name", "Ron DeSantis vs Casey DeSantis")
    n(("GOPNOM28", "vance"), ("GOPNOM28", "rubio"), "different", "other_candidate", "Vance vs Rubio, same nomination")
    n(("GOPNOM28", "greene"), ("GOPNOM28", "haley"), "different", "other_candidate", "two candidates of the same race")
    n(("GOPNOM28", "rfk"), ("GOPNOM28", "trumpjr"), "different", "similar_name", "both 'Jr.' — different people")
    n(("DEMNOM28", "newsom"), ("PRES28", "newsom"), "related", "different_stage", "winning the nomination vs winning the presidency")
    n(("GOPNOM28", "vance"), ("PRES28", "vance"), "related", "different_stage", "nomination vs general election win")
    n(("PRES28", "rubio"), ("GOPNOM28", "rubio"), "related", "different_stage", "presidency vs nomination")
    n(("PRES28", "aoc"), ("DEMNOM28", "aoc"), "related", "different_stage", "presidency vs nomination")
    n(("PRES28", "vance"), ("PRES28", "newsom"), "different", "other_candidate", "two candidates for the same office")
    n(("FRPRES27", "marechal"), ("FRPRES27", "lepen"), "different", "similar_name", "Marion Maréchal (Le Pen's niece) vs Marine Le Pen")
    n(("FRPRES27", "melenchon"), ("FRPRES27", "glucksmann"), "different", "other_candidate", "two left candidates")
    n(("FRPRES27", "attal"), ("FRPRES27", "philippe"), "different", "other_candidate", "two centrist candidates")
    n(("FRPRES27R2", "bardella"), ("FRPRES27", "bardella"), "related", "different_stage",
      "reaching the second round vs winning; a first-round majority means no second round, so neither implies the other strictly")
    n(("FRPRES27R2", "philippe"), ("FRPRES27", "philippe"), "related", "different_stage", "second-round qualification vs election win")
    n(("FRPRES27R2", "lepen"), ("FRPRES27", "bardella"), "different", "other_candidate", "Le Pen qualifying vs Bardella winning")
    n(("LABLEAD", "powell"), ("LABLEAD", "rayner"), "different", "other_candidate", "two Labour deputy-leader figures")
    n(("LABLEAD", "streeting"), ("LABLEAD", "burnham"), "different", "other_candidate", "Streeting vs Burnham")
    n(("UKPM", "burnham"), ("LABLEAD", "burnham"), "related", "different_office", "next Prime Minister vs next Labour leader")
    n(("UKPM", "streeting"), ("LABLEAD", "streeting"), "related", "different_office", "next PM vs next party leader")
    n(("ESPARTY", "pp"), ("ESPM", "feijoo"), "related", "different_statistic", "PP most seats vs Feijóo invested PM")
    n(("ESPARTY", "psoe"), ("ESPM", "sanchez"), "related", "different_statistic", "PSOE most seats vs Sánchez invested PM")
    n(("ESPARTY", "sumar"), ("ESPARTY", "podemos"), "different", "other_candidate", "Sumar vs Podemos")
    n(("ESPM", "diaz"), ("ESPM", "sanchez"), "different", "other_candidate", "Yolanda Díaz vs Pedro Sánchez")
    n(("TIMEPOY26", "huang"), ("TIMEPOY26", "ai"), "different", "other_candidate", "Jensen Huang vs the concept 'AI'")
    n(("TIMEPOY26", "musk"), ("TIMEPOY26", "altman"), "different", "other_candidate", "Musk vs Altman")
    n(("TIMEPOY26", "xi"), ("TIMEPOY26", "netanyahu"), "different", "other_candidate", "two world leaders")
    n(("HEISFIN26", "manning"), ("HEISMAN26", "manning"), "b_implies_a", "different_stage", "winning the Heisman implies being a finalist")
    n(("HEISFIN26", "jsmith"), ("HEISMAN26", "jsmith"), "b_implies_a", "different_stage", "winner implies finalist")
    n(("HEISMAN26", "mensah"), ("HEISMAN26", "raiola"), "different", "other_candidate", "two quarterbacks")
    n(("NBADPOY27", "wemby"), ("NBAMVP27", "wemby"), "different", "different_award", "Defensive Player of the Year vs MVP")
    n(("NBAMVP27", "tatum"), ("NBAMVP27", "brunson"), "different", "other_candidate", "two East stars")
    n(("NBAMVP27", "jokic"), ("NBAMVP27", "doncic"), "different", "other_candidate", "Jokić vs Dončić (both accent-stripped on Polymarket)")
    n(("AFC26", "KC"), ("SB61", "KC"), "b_implies_a", "different_stage", "winning the Super Bowl implies winning the AFC")
    n(("AFC26", "BUF"), ("SB61", "BUF"), "b_implies_a", "different_stage", "Super Bowl win implies AFC title")
    n(("NFC26", "PHI"), ("SB61", "PHI"), "b_implies_a", "different_stage", "Super Bowl win implies NFC title")
    n(("NFC26", "DET"), ("SB61", "DET"), "b_implies_a", "different_stage", "Super Bowl win implies NFC title")
    n(("SB61", "LA"), ("SB61", "LAC"), "different", "name_collision", "Kalshi 'Los Angeles R' (Rams) vs Polymarket Los Angeles Chargers")
    n(("SB61", "HOU"), ("SB61", "BAL"), "different", "other_candidate", "Texans vs Ravens")
    n(("UNSG", "ardern"), ("UNSG", "georgieva"), "different", "other_candidate", "two candidates")
    n(("UNSG", "grossi"), ("UNSG", "grynspan"), "different", "other_candidate", "Grossi vs Grynspan")
    n(("LARGESTNOV", "nvda"), ("LARGEST26", "nvda"), "related", "different_window", "largest on Nov 30 vs largest on Dec 31")
    n(("LARGESTNOV", "goog"), ("LARGEST26", "goog"), "related", "different_window", "Nov 30 vs Dec 31")
    n(("LARGEST26", "amzn"), ("LARGEST26", "2222"), "different", "other_candidate", "Amazon vs Saudi Aramco")
    n(("AITOPNOV", "google"), ("AITOP26", "google"), "related", "different_window", "top model on Nov 30 vs Dec 31")
    n(("AITOPNOV", "openai"), ("AITOP26", "openai"), "related", "different_window", "top model on Nov 30 vs Dec 31")
    n(("AITOP26", "meta"), ("AITOP26", "deepseek"), "different", "other_candidate", "Meta vs DeepSeek")
    n(("ALMVP26", "raleigh"), ("ALMVP26", "judge"), "different", "other_candidate", "Raleigh vs Judge")
    n(("NLMVP26", "tucker"), ("NLMVP26", "soto"), "different", "other_candidate", "Tucker vs Soto")
    n(("ALMVP26", "judge"), ("NLMVP26", "ohtani"), "different", "different_award", "AL MVP vs NL MVP")


# =================================================================================================
# FED and other central banks
# =================================================================================================
FED_MEETINGS = [  # (Kalshi code, decision day, first day, Polymarket month label, Poly "25+ increase" style)
    ("26OCT", date(2026, 10, 28), date(2026, 10, 27), "October 2026", True),
    ("26DEC", date(2026, 12, 9), date(2026, 12, 8), "December 2026", True),
    ("27JAN", date(2027, 1, 27), date(2027, 1, 26), "January 2027", True),
    ("27MAR", date(2027, 3, 17), date(2027, 3, 16), "March 2027", False),
    ("27APR", date(2027, 4, 28), date(2027, 4, 27), "April 2027", False),
]

FED_BRACKETS = {  # bracket -> (Kalshi suffix, Kalshi yes_sub options, verb, size words)
    "C>25": ("C26", ["Cut >25bps"], "Cut", "more than 25bps"),
    "C25": ("C25", ["Cut 25bps"], "Cut", "25bps"),
    "H0": ("H0", ["Hold 0bps", "Fed maintains rate", "Hike 0bps"], "Hike", "0bps"),
    "H25": ("H25", ["Hike 25bps"], "Hike", "25bps"),
    "H>25": ("H26", ["Hike >25bps"], "Hike", "more than 25bps"),
}

FED_K: dict[tuple[str, str], str] = {}
FED_P: dict[tuple[str, str], str] = {}


def fed_poly_desc(month: str, d1: date, d2: date) -> str:
    return ("The FED interest rates are defined in this market by the upper bound of the target federal funds range. "
            "The decisions on the target federal fund range are made by the Federal Open Market Committee (FOMC) "
            "meetings.\n\n"
            f"This market will resolve to the amount of basis points the upper bound of the target federal funds rate "
            f"is changed by versus the level it was prior to the Federal Reserve's {month} meeting.\n\n"
            "If the target federal funds rate is changed to a level not expressed in the displayed options, the change "
            "will be rounded up to the nearest 25 and will resolve to the relevant bracket. (e.g. if there's a cut/increase "
            "of 12.5 bps it will be considered to be 25 bps)\n\n"
            f"The resolution source for this market is the FOMC’s statement after its meeting scheduled for "
            f"{MONTHS[d1.month - 1]} {d1.day} - {d2.day if d1.month == d2.month else md_noyear(d2)}, {d2.year} according to the official calendar: "
            "https://www.federalreserve.gov/monetarypolicy/fomccalendars.htm.\n\n"
            "The level and change of the target federal funds rate is also published at the official website of the "
            "Federal Reserve at https://www.federalreserve.gov/monetarypolicy/openmarket.htm.\n\n"
            "This market may resolve as soon as the FOMC’s statement for their meeting is released.")


def build_fed() -> None:
    C.add_series("KXFEDDECISION", "Fed meeting", "Economics", "custom",
                 [("Federal Reserve", "https://www.federalreserve.gov/monetarypolicy/openmarket.htm")],
                 fee_type="quadratic_with_maker_fees", tags=["Fed", "Interest Rates"])
    hints = {"26OCT": [0.03, 0.62, 0.34, 0.01, 0.004], "26DEC": [0.05, 0.48, 0.45, 0.02, 0.004],
             "27JAN": [0.06, 0.37, 0.53, 0.03, 0.006], "27MAR": [0.08, 0.40, 0.47, 0.04, 0.01],
             "27APR": [0.07, 0.33, 0.53, 0.05, 0.01]}
    for code, dd, d1, month, plus_style in FED_MEETINGS:
        ev = f"KXFEDDECISION-{code}"
        stmt = ET(dd.year, dd.month, dd.day, 14, 0)
        C.add_event(ev, "KXFEDDECISION", pick(f"Fed decision in {MON_ABBR[dd.month - 1]} {dd.year}?",
                                              f"Fed meeting: {MONTHS[dd.month - 1]} {dd.year}"),
                    md_short(dd), True, strike=stmt)
        open_t = before(NOW, days=R.randint(60, 300))
        close_t = stmt - timedelta(minutes=R.choice([1, 5]))
        for (br, (suf, subs, verb, size)), h in zip(FED_BRACKETS.items(), hints[code], strict=True):
            ysub = R.choice(subs)
            mname = f"{MONTHS[dd.month - 1]} {dd.year}"
            title = pick(f"Will the Federal Reserve {verb} rates by {size.replace('more than ', '>')} at their {mname} meeting?",
                         f"Fed decision in {MON_ABBR[dd.month - 1]} {dd.year}?")
            if br == "H0":
                rules1 = f"If the Federal Reserve does a Hike of 0bps on {md_long(dd)}, then the market resolves to Yes."
            else:
                rules1 = f"If the Federal Reserve does a {verb} of {size} on {md_long(dd)}, then the market resolves to Yes."
            rules2 = ("The outcome is determined by the change in the upper bound of the federal funds target range "
                      "announced in the FOMC statement, relative to the upper bound in effect before the meeting. "
                      "Changes that are not a multiple of 25bps are rounded away from zero to the next multiple of 25bps. "
                      "If the meeting is canceled or moved, the market resolves based on the next scheduled meeting decision.")
            FED_K[(code, br)] = C.add_k("fed", K(f"FED:{code}:{br}"), f"{ev}-{suf}", ev, title, ysub, ysub, rules1,
                                        rules2, open_t, close_t, stmt + timedelta(minutes=30), stmt + timedelta(days=7),
                                        hint=h, timer=R.choice([60, 300]))
        # Polymarket
        mon_word = MONTHS[dd.month - 1]
        pev = C.add_pevent(pick(f"fed-decision-in-{mon_word.lower()}-{dd.year}",
                                f"fed-decision-in-{mon_word.lower()}-{R.randint(100, 999)}"),
                           f"Fed decision in {mon_word}?", "Federal Reserve interest rate decision.",
                           before(NOW, days=R.randint(40, 280)), ET(dd.year, dd.month, dd.day, 12, 0), neg_risk=True,
                           tags=[("100196", "fed-rates"), ("107", "economy")], series_slug="fed-interest-rates")
        pdesc = fed_poly_desc(month, d1, dd)
        legs = [("C>25", "50+ bps decrease", ["Fed decreases interest rates by 50+ bps after {m} meeting?",
                                              "Will the Fed decrease interest rates by 50+ bps after the {m} meeting?"]),
                ("C25", "25 bps decrease", ["Fed decreases interest rates by 25 bps after {m} meeting?",
                                            "Will the Fed decrease interest rates by 25 bps after the {m} meeting?"]),
                ("H0", "No change", ["No change in Fed interest rates after {m} meeting?",
                                     "Will there be no change in Fed interest rates after the {m} meeting?"])]
        if plus_style:
            legs.append(("H>=25", "25+ bps increase", ["Fed increases interest rates by 25+ bps after {m} meeting?",
                                                       "Will the Fed increase interest rates by 25+ bps after the {m} meeting?"]))
        else:
            legs.append(("H25", "25 bps increase", ["Fed increases interest rates by 25 bps after {m} meeting?"]))
            legs.append(("H>25", "50+ bps increase", ["Will the Fed increase interest rates by 50+ bps after the {m} meeting?"]))
        for br, gi, qs in legs:
            q = R.choice(qs).format(m=month)
            FED_P[(code, br)] = C.add_p("fed", K(f"FED:{code}:{br}"), q, slugify(q.replace("+", "-plus"))[:100], pdesc,
                                        ["Yes", "No"], pev, before(NOW, days=R.randint(30, 250)),
                                        ET(dd.year, dd.month, dd.day, 12, 0) + timedelta(hours=R.choice([0, 0, 2])),
                                        group_item_title=gi, resolution_source="https://www.federalreserve.gov/monetarypolicy/fomccalendars.htm",
                                        fee="economics",
                                        hint=(hints[code][3] + hints[code][4]) if br == "H>=25" else None)
        # negatives within the meeting
        C.neg(FED_K[(code, "C25")], FED_P[(code, "C>25")], "different", "other_fed_bracket", "Cut 25bps vs 50+ bps decrease")
        C.neg(FED_K[(code, "C>25")], FED_P[(code, "C25")], "different", "other_fed_bracket",
              "Cut >25bps (i.e. 50 or more) vs exactly 25 bps decrease")
        C.neg(FED_K[(code, "H0")], FED_P[(code, "C25")], "different", "other_fed_bracket", "hold vs 25 bps cut")
        if plus_style:
            C.neg(FED_K[(code, "H25")], FED_P[(code, "H>=25")], "a_implies_b", "other_fed_bracket",
                  "Kalshi Hike 25bps is one part of Polymarket's '25+ bps increase' (which also includes larger hikes)")
            C.neg(FED_K[(code, "H>25")], FED_P[(code, "H>=25")], "a_implies_b", "other_fed_bracket",
                  "Kalshi Hike >25bps is included in '25+ bps increase'")
        else:
            C.neg(FED_K[(code, "H25")], FED_P[(code, "H>25")], "different", "other_fed_bracket", "25bps hike vs 50+ bps hike")
    # other meeting, same bracket
    for (a, b) in (("26OCT", "26DEC"), ("26DEC", "27JAN"), ("27JAN", "27MAR")):
        C.neg(FED_K[(a, "H0")], FED_P[(b, "H0")], "related", "other_fed_meeting", f"hold at the {a} meeting vs at the {b} meeting")
        C.neg(FED_K[(a, "C25")], FED_P[(b, "C25")], "related", "other_fed_meeting", f"25bps cut at {a} vs at {b}")

    # --- Fed funds upper bound after the last 2027 meeting (25bp grid) ---
    C.add_series("KXFED", "Fed funds rate", "Economics", "custom",
                 [("Federal Reserve", "https://www.federalreserve.gov/monetarypolicy/openmarket.htm")], tags=["Fed"])
    ev = "KXFED-27DEC"
    stmt = ET(2027, 12, 15, 14, 0)
    C.add_event(ev, "KXFED", "Fed funds target upper bound after the Dec 2027 meeting?", "Dec 15, 2027", False, strike=stmt)
    fedk = {}
    for lvl, h in ((2.75, 0.7), (3.00, 0.55), (3.25, 0.38), (3.50, 0.2)):
        fedk[lvl] = C.add_k("fed", K(f"FEDUB:27DEC:>=:{lvl + 0.25:.2f}"), f"{ev}-T{lvl:.2f}", ev,
                            f"Will the upper bound of the federal funds rate be above {lvl:.2f}% after the Dec 2027 meeting?",
                            f"Above {lvl:.2f}%", f"{lvl:.2f}% or below",
                            f"If the upper bound of the federal funds target range is above {lvl:.2f}% following the Federal Reserve's December 15, 2027 meeting, then the market resolves to Yes.",
                            "The upper bound announced in the FOMC statement is used.", before(NOW, days=90), stmt,
                            stmt + timedelta(hours=1), strike_type="greater", floor=lvl, hint=h)
    pev = C.add_pevent("fed-funds-rate-end-of-2027", "Fed funds rate at end of 2027?", "Upper bound after the December 2027 FOMC meeting.",
                       before(NOW, days=120), ET(2027, 12, 15, 14, 0), tags=[("100196", "fed-rates")])
    fedp = {}
    for lvl, q, _gi in ((3.00, "Will the Fed funds upper bound be 3.25% or higher at the end of 2027?", "≥3.25%"),
                       (3.25, "Fed funds rate above 3.25% at end of 2027?", ">3.25%"),
                       (2.50, "Fed funds rate above 2.50% at end of 2027?", ">2.50%")):
        fedp[lvl] = C.add_p("fed", K(f"FEDUB:27DEC:>=:{lvl + 0.25:.2f}"), q, slugify(q)[:90],
                            yn(f"the upper bound of the target federal funds range is {'at or above ' + format(lvl + 0.25, '.2f') if q.startswith('Will') else 'above ' + format(lvl, '.2f')}% after the FOMC's December 2027 meeting")
                            + "\n\nThe resolution source is the FOMC statement published at https://www.federalreserve.gov/.",
                            ["Yes", "No"], pev, before(NOW, days=100), ET(2027, 12, 15, 14, 0), fee="economics")
    q = "Fed funds rate 3.00% or lower at end of 2027?"
    fedp["le3.00"] = C.add_p("fed", K("FEDUB:27DEC:>=:3.25", -1), q, slugify(q),
                             yn("the upper bound of the target federal funds range is 3.00% or lower after the FOMC's December 2027 meeting")
                             + "\n\nThe resolution source is the FOMC statement.", ["Yes", "No"], pev, before(NOW, days=100),
                             ET(2027, 12, 15, 14, 0), fee="economics")
    C.neg(fedk[2.75], fedp[2.50], "a_implies_b", "other_fed_bracket", "above 2.75% implies above 2.50%")
    C.neg(fedk[3.25], fedp["le3.00"], "different", "opposite_comparator", "above 3.25% vs 3.00% or lower: 3.25% itself resolves both No")
    C.neg(fedk[3.50], fedp[3.25], "a_implies_b", "other_fed_bracket", "above 3.50% implies above 3.25%")

    # --- number of cuts in 2027 ---
    C.add_series("KXRATECUTCOUNT", "Number of Fed rate cuts", "Economics", "annual",
                 [("Federal Reserve", "https://www.federalreserve.gov/")], tags=["Fed"])
    ev = "KXRATECUTCOUNT-27DEC31"
    C.add_event(ev, "KXRATECUTCOUNT", "How many times will the Fed cut rates in 2027?", "Counted in 25bp cuts", True,
                strike=U(2027, 12, 31, 23, 0))
    pev = C.add_pevent("how-many-fed-rate-cuts-in-2027", "How many Fed rate cuts in 2027?",
                       "Counted in 25 bps increments.", before(NOW, days=60), U(2027, 12, 31, 0, 0), neg_risk=True,
                       tags=[("100196", "fed-rates")])
    cutk, cutp = {}, {}
    for n_, h in ((0, 0.12), (1, 0.22), (2, 0.3), (3, 0.2), (4, 0.16)):
        lab = f"{n_}+" if n_ == 4 else str(n_)
        key = K(f"FEDCUTS:2027:{lab}")
        word = "cut" if n_ == 1 else "cuts"
        cutk[n_] = C.add_k("fed", key, f"{ev}-{n_}", ev, "How many times will the Fed cut rates in 2027?",
                           f"{lab} {word}" if n_ < 4 else "4 or more cuts", f"{lab} {word}" if n_ < 4 else "4 or more cuts",
                           (f"If the Federal Reserve cuts rates exactly {n_} times in 2027, then the market resolves to Yes." if n_ < 4 else
                            "If the Federal Reserve cuts rates 4 or more times in 2027, then the market resolves to Yes."),
                           "Cuts are counted in 25bps increments of the upper bound of the target range across all 2027 FOMC decisions, including unscheduled meetings; a 50bps cut counts as two cuts.",
                           before(NOW, days=70), U(2027, 12, 31, 23, 0), U(2028, 1, 1, 15, 0), hint=h)
        gi = {0: "0 (0 bps)", 1: "1 (25 bps)", 2: "2 (50 bps)", 3: "3 (75 bps)", 4: "4+ (100+ bps)"}[n_]
        q = (f"Will the Fed cut rates {n_} times in 2027?" if n_ < 4 else "Will the Fed cut rates 4 or more times in 2027?")
        if n_ == 0:
            q = "No Fed rate cuts in 2027?"
        cutp[n_] = C.add_p("fed", key, q, slugify(q)[:90],
                           yn(f"the total reduction of the upper bound of the federal funds target range during 2027 equals {gi.split(' ')[1].strip('()') if n_ < 4 else '100 bps or more'}, counted across all FOMC decisions in 2027")
                           + " Each 25 bps of cuts counts as one cut.", ["Yes", "No"], pev, before(NOW, days=60),
                           U(2027, 12, 31, 0, 0), group_item_title=gi, fee="economics")
    C.neg(cutk[2], cutp[3], "different", "other_fed_bracket", "exactly 2 cuts vs exactly 3 cuts")
    C.neg(cutk[1], cutp[0], "different", "other_fed_bracket", "1 cut vs none")
    C.neg(fedk[3.00], cutp[2], "related", "different_statistic", "rate level at year end vs number of cuts during 2027")

    # --- other central banks ---
    banks = [
        ("ECB", "KXECBDECISION", "European Central Bank", "ECB", "https://www.ecb.europa.eu/",
         [(date(2026, 10, 29), "26OCT", ["C25", "H0"]), (date(2026, 12, 17), "26DEC", ["C25", "H0", "H25"])],
         "deposit facility rate", "ECB"),
        ("BOE", "KXBOEDECISION", "Bank of England", "Bank of England", "https://www.bankofengland.co.uk/",
         [(date(2026, 11, 5), "26NOV", ["C25", "H0"]), (date(2026, 12, 17), "26DEC", ["C25", "H0"])], "Bank Rate", "BoE"),
        ("BOC", "KXBOCDECISION", "Bank of Canada", "Bank of Canada", "https://www.bankofcanada.ca/",
         [(date(2026, 10, 28), "26OCT", ["C25", "H0"]), (date(2026, 12, 9), "26DEC", ["C25", "H0"])],
         "target for the overnight rate", "BoC"),
        ("BOJ", "KXBOJDECISION", "Bank of Japan", "Bank of Japan", "https://www.boj.or.jp/en/",
         [(date(2026, 12, 18), "26DEC", ["H0"])], "short-term policy interest rate", "BoJ"),
    ]
    CB_K, CB_P = {}, {}
    for bank, ser, name, pname, url, meetings, rate, short in banks:
        C.add_series(ser, f"{name} rate decision", "Economics", "custom", [(name, url)], tags=["Central Banks"])
        for dd, code, brs in meetings:
            ev = f"{ser}-{code}"
            t_ann = U(dd.year, dd.month, dd.day, {"ECB": 13, "BOE": 12, "BOC": 14, "BOJ": 3}[bank], 15 if bank == "ECB" else 0)
            C.add_event(ev, ser, f"{short} rate decision in {MON_ABBR[dd.month - 1]} {dd.year}?", md_short(dd), True, strike=t_ann)
            pev = C.add_pevent(f"{slugify(pname)}-decision-in-{MONTHS[dd.month - 1].lower()}-{dd.year}",
                               f"{pname} decision in {MONTHS[dd.month - 1]}?", f"{pname} monetary policy decision.",
                               before(NOW, days=R.randint(20, 90)), t_ann, neg_risk=True, tags=[("107", "economy")])
            bank_brs = ["C>25", "C25", "H0", "H25", "H>25"]
            for br in bank_brs:
                suf, subs, verb, size = FED_BRACKETS[br]
                ysub = {"C>25": "Cut >25bps", "C25": "Cut 25bps", "H0": "Hold", "H25": "Hike 25bps", "H>25": "Hike >25bps"}[br]
                rule = (f"If the {name} announces a change of its {rate} equal to a {verb.lower()} of {size} on {md_short(dd)}, then the market resolves to Yes."
                        if br != "H0" else f"If the {name} leaves its {rate} unchanged on {md_short(dd)}, then the market resolves to Yes.")
                CB_K[(bank, code, br)] = C.add_k("fed", K(f"CB:{bank}:{code}:{br}"), f"{ev}-{suf}", ev,
                                                 f"{short} decision in {MON_ABBR[dd.month - 1]} {dd.year}?", ysub, ysub, rule,
                                                 f"Based on the official {name} announcement.", before(NOW, days=60),
                                                 t_ann - timedelta(minutes=5), t_ann + timedelta(hours=1))
            for br in brs:
                m = f"{MONTHS[dd.month - 1]} {dd.year}"
                if br == "C25":
                    q, gi = pick(f"{pname} decreases rates by 25 bps after {m} meeting?",
                                 f"Will the {pname} cut rates by 25 bps in {MONTHS[dd.month - 1]}?"), "25 bps decrease"
                elif br == "H0":
                    q, gi = pick(f"No change in {pname} rates after {m} meeting?",
                                 f"Will the {pname} hold rates in {MONTHS[dd.month - 1]}?"), "No change"
                else:
                    q, gi = f"{pname} increases rates by 25 bps after {m} meeting?", "25 bps increase"
                CB_P[(bank, code, br)] = C.add_p(
                    "fed", K(f"CB:{bank}:{code}:{br}"), q, slugify(q)[:90],
                    yn(f"the {pname} {'leaves its ' + rate + ' unchanged' if br == 'H0' else ('lowers' if br == 'C25' else 'raises') + ' its ' + rate + ' by exactly 25 basis points'} at its monetary policy meeting concluding on {md_long(dd)}")
                    + f"\n\nThe resolution source is the official announcement at {url}.", ["Yes", "No"], pev,
                    before(NOW, days=50), t_ann + timedelta(hours=R.choice([0, 1, 12])), group_item_title=gi,
                    resolution_source=url, fee="economics")
            if bank == "BOJ":
                qi = "Bank of Japan increases rates after December 2026 meeting?"
                cid = C.add_p("fed", K(f"CB:{bank}:{code}:H>=25"), qi, slugify(qi),
                              yn("the Bank of Japan raises its short-term policy interest rate by any amount at its December 17–18, 2026 meeting"),
                              ["Yes", "No"], pev, before(NOW, days=40), t_ann, group_item_title="Increase", fee="economics")
                C.neg(CB_K[(bank, code, "H25")], cid, "a_implies_b", "other_fed_bracket", "a 25bps hike is one way to 'increase rates' (any size)")
                C.neg(CB_K[(bank, code, "H>25")], cid, "a_implies_b", "other_fed_bracket", "a hike above 25bps also counts as 'increase'")
    # ECB: Polymarket phrases on the main refinancing rate in one extra market
    q = "Will the ECB cut its main refinancing rate in December 2026?"
    cid = C.add_p("fed", K("CB:ECB:26DEC:MRO-CUT"), q, slugify(q),
                  yn("the European Central Bank lowers its main refinancing operations rate by any amount at its December 17, 2026 meeting"),
                  ["Yes", "No"], C.add_pevent("ecb-mro-december-2026", "ECB main refinancing rate in December?", "ECB.",
                                              before(NOW, days=30), U(2026, 12, 17, 13, 15)),
                  before(NOW, days=30), U(2026, 12, 17, 13, 15), fee="economics")
    C.neg(CB_K[("ECB", "26DEC", "C25")], cid, "related", "different_resolution_source",
          "Kalshi settles on the deposit facility rate (25bp cut); Polymarket on the main refinancing rate (any cut)")
    C.neg(CB_K[("ECB", "26DEC", "C>25")], cid, "related", "different_resolution_source", "deposit rate vs main refinancing rate")
    # cross-bank and cross-meeting negatives
    C.neg(FED_K[("26DEC", "C25")], CB_P[("ECB", "26DEC", "C25")], "different", "other_central_bank", "Fed cut vs ECB cut in December")
    C.neg(CB_K[("BOE", "26DEC", "H0")], CB_P[("ECB", "26DEC", "H0")], "different", "other_central_bank", "BoE hold vs ECB hold")
    C.neg(CB_K[("BOC", "26OCT", "C25")], FED_P[("26OCT", "C25")], "different", "other_central_bank", "Bank of Canada vs Fed, same day")
    C.neg(CB_K[("BOE", "26NOV", "C25")], CB_P[("BOE", "26DEC", "C25")], "related", "other_fed_meeting", "BoE November vs December meeting")
    C.neg(CB_K[("ECB", "26OCT", "H0")], CB_P[("ECB", "26DEC", "H0")], "related", "other_fed_meeting", "ECB October vs December")
    C.neg(CB_K[("BOC", "26DEC", "H0")], FED_P[("26DEC", "H0")], "different", "other_central_bank", "BoC hold vs Fed hold on Dec 9")


# =================================================================================================
# DISCRETE STATISTICS: values published at a fixed precision
# =================================================================================================

def _phi(z: float) -> float:
    return 0.5 * (1 + math.erf(z / math.sqrt(2)))


class Stat:
    """A statistic printed on a grid of `step`; keys are canonical 'value >= v' on that grid."""

    def __init__(self, sid: str, period: str, step: float, mu: float, sd: float, dec: int):
        self.sid, self.period, self.step, self.mu, self.sd, self.dec = sid, period, step, mu, sd, dec

    def g(self, v: float) -> str:
        return f"{round(v / self.step) * self.step:.{self.dec}f}"

    def ge(self, v: float, sign: int = 1) -> tuple[str, int]:
        """Value >= v (v on the grid)."""
        return K(f"STAT:{self.sid}:{self.period}:>=:{self.g(v)}", sign)

    def above(self, x: float) -> tuple[str, int]:
        """Strictly above x (x on the grid) == >= x + step."""
        return self.ge(x + self.step)

    def at_most(self, v: float) -> tuple[str, int]:
        """v or below == not (>= v + step)."""
        return self.ge(v + self.step, -1)

    def below(self, x: float) -> tuple[str, int]:
        """Strictly below x == not (>= x)."""
        return self.ge(x, -1)

    def exact(self, v: float) -> tuple[str, int]:
        return K(f"STAT:{self.sid}:{self.period}:==:{self.g(v)}")

    def between(self, a: float, b: float) -> tuple[str, int]:
        return K(f"STAT:{self.sid}:{self.period}:in:{self.g(a)}..{self.g(b)}")

    def p_ge(self, v: float) -> float:
        return min(0.985, max(0.015, 1 - _phi((v - self.step / 2 - self.mu) / self.sd)))

    def p_in(self, a: float, b: float) -> float:
        lo = _phi((a - self.step / 2 - self.mu) / self.sd)
        hi = _phi((b + self.step / 2 - self.mu) / self.sd)
        return min(0.97, max(0.01, hi - lo))


def econ_series(ticker: str, title: str, src: tuple[str, str]) -> None:
    C.add_series(ticker, title, "Economics", "monthly", [src], tags=["Economics"],
                 fee_type=pick("quadratic", "quadratic_with_maker_fees"))


BLS_CPI = ("Bureau of Labor Statistics", "https://www.bls.gov/cpi/")
BLS_EMP = ("Bureau of Labor Statistics", "https://www.bls.gov/news.release/empsit.toc.htm")


def build_discrete() -> None:
    # ---------------------------------------------------------------- CPI year-over-year
    econ_series("KXCPIYOY", "Inflation (CPI year-over-year)", BLS_CPI)
    cpi_release = {"2026-10": ET(2026, 11, 12, 8, 30), "2026-11": ET(2026, 12, 10, 8, 30)}
    cpi_mu = {"2026-10": 2.86, "2026-11": 2.78}
    for per, rel in cpi_release.items():
        y, mo = map(int, per.split("-"))
        mname, mab = MONTHS[mo - 1], MON_ABBR[mo - 1]
        st = Stat("CPIYOY", per, 0.1, cpi_mu[per], 0.12, 1)
        ev = f"KXCPIYOY-{y % 100}{MON3[mo - 1]}"
        C.add_event(ev, "KXCPIYOY", pick(f"Inflation in {mab} {y}?", f"CPI year-over-year in {mname} {y}?"),
                    f"{mab} {y} CPI, released {md_short(et_local(rel).date())}", False, strike=rel)
        kt = {}
        for x in (2.5, 2.6, 2.7, 2.8, 2.9, 3.0, 3.1):
            kt[x] = C.add_k(
                "discrete_stat", st.above(x), f"{ev}-T{x:.1f}", ev,
                pick(f"Will inflation be above {x:.1f}% in {mname} {y}?", f"CPI year-over-year in {mab} {y} above {x:.1f}%?",
                     f"Inflation in {mab} {y}?"),
                pick(f"Above {x:.1f}%", f"More than {x:.1f}%"), f"{x:.1f}% or below",
                f"If the year-over-year change in the Consumer Price Index for All Urban Consumers (CPI-U) for {mname} {y} is above {x:.1f}%, then the market resolves to Yes.",
                "The figure is the 12-month percent change, not seasonally adjusted, as first published by the Bureau of Labor "
                "Statistics to one decimal place. Later revisions are not considered.",
                before(NOW, days=R.randint(10, 40)), rel - timedelta(minutes=R.choice([1, 30])), rel + timedelta(hours=1),
                strike_type="greater", floor=x, hint=st.p_ge(x + 0.1))
        # Polymarket bracket group ("November inflation US - annual")
        pev = C.add_pevent(f"{mname.lower()}-inflation-us-annual-{y}", f"{mname} Inflation US - Annual",
                           f"US CPI YoY for {mname} {y}.", before(NOW, days=R.randint(10, 35)), rel, neg_risk=True,
                           tags=[("107", "economy"), ("102000", "inflation")])
        desc_tail = (f"\n\nThe resolution source for this market will be the Bureau of Labor Statistics' {mname} {y} Consumer "
                     "Price Index report, currently scheduled to be released on "
                     f"{md_long(et_local(rel).date())}. This market uses the 12-month percent change in the CPI for All Urban "
                     "Consumers (All items), not seasonally adjusted, with one decimal place as published. Revisions after the "
                     "initial release will not be considered.")
        pt = {}
        legs = [("le2.5", st.at_most(2.5), f"Will annual inflation increase by 2.5% or less in {mname}?", "≤2.5%",
                 f"the annual US inflation rate for {mname} {y} is 2.5% or lower")]
        for v in (2.6, 2.7, 2.8, 2.9):
            legs.append((f"eq{v}", st.exact(v), f"Will annual inflation increase by {v:.1f}% in {mname}?", f"{v:.1f}%",
                         f"the annual US inflation rate for {mname} {y} is exactly {v:.1f}%"))
        legs.append(("ge3.0", st.ge(3.0), pick(f"Will annual inflation increase by ≥3.0% in {mname}?",
                                                f"Will annual inflation increase by 3.0% or more in {mname}?"), "≥3.0%",
                     f"the annual US inflation rate for {mname} {y} is 3.0% or higher"))
        for lid, key, q, gi, cond in legs:
            b, sgn = key
            op = b.split(":")[3]
            val = float(b.split(":")[4])
            h = st.p_ge(val) if op == ">=" else st.p_in(val, val)
            pt[lid] = C.add_p("discrete_stat", key, q, slugify(q.replace("≥", "gte-"))[:90] + f"-{y}", yn(cond) + desc_tail,
                              ["Yes", "No"], pev, before(NOW, days=R.randint(8, 30)), rel, group_item_title=gi,
                              resolution_source="https://www.bls.gov/cpi/", fee="economics",
                              hint=(h if sgn > 0 else 1 - h))
        # standalone binaries
        pev2 = C.add_pevent(f"us-inflation-{mname.lower()}-{y}-thresholds", f"US annual inflation {mname} {y}",
                            "Standalone CPI threshold markets.", before(NOW, days=20), rel,
                            tags=[("107", "economy")])
        q1 = pick(f"US annual inflation 2.8% or higher in {mname}?", f"Will {mname} CPI inflation come in at 2.8% or higher?")
        pt["ge2.8"] = C.add_p("discrete_stat", st.ge(2.8), q1, slugify(q1) + f"-{y}",
                              yn(f"the year-over-year CPI-U inflation rate for {mname} {y}, as first published by the BLS to one decimal, is 2.8% or higher") + desc_tail,
                              ["Yes", "No"], pev2, before(NOW, days=15), rel + timedelta(hours=3), fee="economics", hint=st.p_ge(2.8))
        q2 = pick(f"Will CPI inflation be above 3.0% in {mname} {y}?", f"US inflation above 3% in {mname}?",
                  f"Will US inflation top 3 percent in {mname}?")
        if mo == 10:
            q2 = f"Will US inflation top 3 percent in {mname}?"
        pt["gt3.0"] = C.add_p("discrete_stat", st.above(3.0), q2, slugify(q2) + f"-{y}",
                              yn(f"the 12-month CPI-U change for {mname} {y} reported by the BLS is greater than 3.0% (i.e. 3.1% or higher)") + desc_tail,
                              ["Yes", "No"], pev2, before(NOW, days=15), rel + timedelta(hours=2), fee="economics", hint=st.p_ge(3.1))
        if per == "2026-10":
            q3 = "Will annual inflation be below 3.0% in October?"
            pt["lt3.0"] = C.add_p("discrete_stat", st.below(3.0), q3, slugify(q3) + f"-{y}",
                                  yn("the 12-month CPI-U change for October 2026 is below 3.0% (2.9% or lower as published)") + desc_tail,
                                  ["Yes", "No"], pev2, before(NOW, days=12), rel + timedelta(hours=2), fee="economics",
                                  hint=1 - st.p_ge(3.0))
            C.neg(kt[3.0], pt["lt3.0"], "different", "opposite_comparator",
                  "above 3.0% vs below 3.0%: a print of exactly 3.0% resolves both No (mutually exclusive, not complements)")
        # boundary and bracket negatives
        C.neg(kt[3.0], pt["ge3.0"], "a_implies_b", "discrete_boundary",
              "above 3.0% (3.1%+) is NOT '3.0% or more': a 3.0% print is Yes only on Polymarket")
        C.neg(kt[2.7], pt["eq2.8"], "b_implies_a", "bracket_vs_threshold", "exactly 2.8% implies above 2.7%")
        C.neg(kt[2.8], pt["eq2.8"], "different", "bracket_vs_threshold", "above 2.8% excludes exactly 2.8%")
        C.neg(kt[2.9], pt["gt3.0"], "b_implies_a", "discrete_boundary", "above 3.0% implies above 2.9%")
        C.neg(kt[2.6], pt["eq2.7"], "b_implies_a", "bracket_vs_threshold", "exactly 2.7% implies above 2.6%")
        C.neg(kt[3.1], pt["ge3.0"], "a_implies_b", "other_threshold", "above 3.1% implies 3.0% or more")
        C.neg(kt[2.8], pt["ge2.8"], "a_implies_b", "discrete_boundary", "above 2.8% (2.9%+) vs 2.8% or higher")
        KCPI[per] = kt
        PCPI[per] = pt
    C.neg(KCPI["2026-10"][2.9], PCPI["2026-11"]["ge3.0"], "related", "other_period", "October CPI vs November CPI")
    C.neg(KCPI["2026-11"][2.7], PCPI["2026-10"]["ge2.8"], "related", "other_period", "November CPI vs October CPI")

    # ---------------------------------------------------------------- CPI month-over-month and core CPI
    econ_series("KXCPI", "CPI month-over-month", BLS_CPI)
    econ_series("KXCPICOREYOY", "Core CPI year-over-year", BLS_CPI)
    for per, rel, mu in (("2026-10", ET(2026, 11, 12, 8, 30), 0.24), ("2026-11", ET(2026, 12, 10, 8, 30), 0.21)):
        y, mo = map(int, per.split("-"))
        mname, mab = MONTHS[mo - 1], MON_ABBR[mo - 1]
        st = Stat("CPIMOM", per, 0.1, mu, 0.1, 1)
        ev = f"KXCPI-{y % 100}{MON3[mo - 1]}"
        C.add_event(ev, "KXCPI", f"CPI month-over-month in {mab} {y}?", f"Seasonally adjusted, {mab} {y}", False, strike=rel)
        km_ = {}
        for x in (0.1, 0.2, 0.3):
            km_[x] = C.add_k("discrete_stat", st.above(x), f"{ev}-T{x:.1f}", ev, f"CPI in {mab} {y} above {x:.1f}%?",
                             f"Above {x:.1f}%", f"{x:.1f}% or below",
                             f"If CPI inflation for {mname} {y} is above {x:.1f}% month-over-month, then the market resolves to Yes.",
                             "Uses the seasonally adjusted one-month percent change in the CPI-U (all items) as first published by the BLS, to one decimal.",
                             before(NOW, days=25), rel - timedelta(minutes=1), rel + timedelta(hours=1), strike_type="greater",
                             floor=x, hint=st.p_ge(x + 0.1))
        pev = C.add_pevent(f"{mname.lower()}-inflation-us-monthly-{y}", f"{mname} Inflation US - Monthly",
                           "US CPI MoM.", before(NOW, days=20), rel, neg_risk=True, tags=[("107", "economy")])
        q = f"Will monthly inflation increase by ≥0.3% in {mname}?"
        ge3 = C.add_p("discrete_stat", st.ge(0.3), q, slugify(q.replace("≥", "gte-")) + f"-{y}",
                      yn(f"the seasonally adjusted month-over-month CPI-U change for {mname} {y} is 0.3% or more, as first reported by the BLS"),
                      ["Yes", "No"], pev, before(NOW, days=18), rel, group_item_title="≥0.3%", fee="economics", hint=st.p_ge(0.3))
        q = f"Will monthly inflation increase by 0.1% or less in {mname}?"
        le1 = C.add_p("discrete_stat", st.at_most(0.1), q, slugify(q) + f"-{y}",
                      yn(f"the seasonally adjusted month-over-month CPI-U change for {mname} {y} is 0.1% or less"),
                      ["Yes", "No"], pev, before(NOW, days=18), rel, group_item_title="≤0.1%", fee="economics", hint=1 - st.p_ge(0.2))
        q = f"Will monthly inflation increase by 0.2% in {mname}?"
        eq2 = C.add_p("discrete_stat", st.exact(0.2), q, slugify(q) + f"-{y}",
                      yn(f"the seasonally adjusted month-over-month CPI-U change for {mname} {y} is exactly 0.2%"),
                      ["Yes", "No"], pev, before(NOW, days=18), rel, group_item_title="0.2%", fee="economics", hint=st.p_in(0.2, 0.2))
        C.neg(km_[0.3], ge3, "a_implies_b", "discrete_boundary", "above 0.3% (0.4%+) vs 0.3% or more")
        C.neg(km_[0.2], eq2, "different", "bracket_vs_threshold", "above 0.2% excludes exactly 0.2%")
        C.neg(km_[0.1], eq2, "b_implies_a", "bracket_vs_threshold", "exactly 0.2% implies above 0.1%")
        C.neg(km_[0.2], PCPI[per]["ge3.0"], "different", "different_statistic", "monthly CPI change vs annual CPI change")
        _ = le1
        # core CPI (Kalshi) vs headline (Polymarket)
        stc = Stat("CORECPIYOY", per, 0.1, 3.0, 0.1, 1)
        evc = f"KXCPICOREYOY-{y % 100}{MON3[mo - 1]}"
        C.add_event(evc, "KXCPICOREYOY", f"Core inflation in {mab} {y}?", f"Core CPI, {mab} {y}", False, strike=rel)
        kc = C.add_k("discrete_stat", stc.above(2.9), f"{evc}-T2.9", evc, f"Core CPI year-over-year in {mab} {y} above 2.9%?",
                     "Above 2.9%", "2.9% or below",
                     f"If the year-over-year change in CPI-U less food and energy for {mname} {y} is above 2.9%, then the market resolves to Yes.",
                     "Not seasonally adjusted 12-month change, one decimal, as first published.", before(NOW, days=25),
                     rel - timedelta(minutes=1), rel + timedelta(hours=1), strike_type="greater", floor=2.9, hint=0.55)
        C.neg(kc, PCPI[per]["ge3.0"], "related", "different_statistic", "core CPI (ex food & energy) vs headline CPI, same threshold")

    # ---------------------------------------------------------------- unemployment
    econ_series("KXU3", "Unemployment rate", BLS_EMP)
    econ_series("KXU6", "U-6 underemployment rate", BLS_EMP)
    for per, rel, mu in (("2026-10", ET(2026, 11, 6, 8, 30), 4.46), ("2026-11", ET(2026, 12, 4, 8, 30), 4.5)):
        y, mo = map(int, per.split("-"))
        mname, mab = MONTHS[mo - 1], MON_ABBR[mo - 1]
        st = Stat("U3", per, 0.1, mu, 0.09, 1)
        ev = f"KXU3-{y % 100}{MON3[mo - 1]}"
        C.add_event(ev, "KXU3", pick(f"Unemployment in {mab} {y}?", f"Unemployment rate for {mname} {y}?"),
                    f"Released {md_short(et_local(rel).date())}", False, strike=rel)
        ku = {}
        for x in (4.3, 4.4, 4.5, 4.6):
            ku[x] = C.add_k("discrete_stat", st.above(x), f"{ev}-T{x:.1f}", ev,
                            pick(f"Unemployment rate above {x:.1f}% in {mname} {y}?", f"Will the unemployment rate be above {x:.1f}% in {mab} {y}?"),
                            f"Above {x:.1f}%", f"{x:.1f}% or below",
                            f"If the U-3 unemployment rate for {mname} {y} is above {x:.1f}%, then the market resolves to Yes.",
                            "The seasonally adjusted rate from the BLS Employment Situation report, to one decimal, as first released.",
                            before(NOW, days=30), rel - timedelta(minutes=1), rel + timedelta(hours=1),
                            strike_type="greater", floor=x, hint=st.p_ge(x + 0.1))
        pev = C.add_pevent(f"unemployment-rate-{mname.lower()}-{y}", f"Unemployment rate in {mname}?",
                           "US unemployment rate.", before(NOW, days=25), rel, tags=[("107", "economy")])
        qa = pick(f"Will the U.S. unemployment rate be 4.5% or higher in {mname}?", f"Unemployment 4.5% or higher in {mname} {y}?",
                  f"Will unemployment be 4.5 percent or higher in {mname} {y}?")
        if mo == 11:
            qa = f"Will unemployment be 4.5 percent or higher in {mname} {y}?"
        pa = C.add_p("discrete_stat", st.ge(4.5), qa, slugify(qa) + f"-{y}",
                     yn(f"the U.S. unemployment rate (U-3, seasonally adjusted) for {mname} {y}, as reported in the BLS Employment Situation release, is 4.5% or higher")
                     + " The rate is read with one decimal place as published.", ["Yes", "No"], pev, before(NOW, days=20),
                     rel, fee="economics", hint=st.p_ge(4.5))
        qb = f"Will unemployment be above 4.5% in {mname} {y}?"
        pb = C.add_p("discrete_stat", st.above(4.5), qb, slugify(qb),
                     yn(f"the seasonally adjusted U-3 unemployment rate for {mname} {y} is greater than 4.5%")
                     + " Source: https://www.bls.gov/.", ["Yes", "No"], pev, before(NOW, days=20), rel,
                     fee="economics", hint=st.p_ge(4.6))
        qc = pick(f"Unemployment 4.3% or below in {mname}?", f"Will the jobless rate print at 4.3% or lower for {mname}?")
        pc = C.add_p("discrete_stat", st.at_most(4.3), qc, slugify(qc) + f"-{y}",
                     yn(f"the official U-3 unemployment rate for {mname} {y} is 4.3% or lower"), ["Yes", "No"], pev,
                     before(NOW, days=20), rel, fee="economics", hint=1 - st.p_ge(4.4))
        C.neg(ku[4.5], pa, "a_implies_b", "discrete_boundary", "above 4.5% (4.6%+) vs 4.5% or higher")
        C.neg(ku[4.6], pb, "a_implies_b", "other_threshold", "above 4.6% implies above 4.5%")
        C.neg(ku[4.4], pc, "different", "opposite_comparator", "above 4.4% vs 4.3% or below: mutually exclusive; 4.4% resolves both No")
        if per == "2026-10":
            st6 = Stat("U6", per, 0.1, 8.1, 0.15, 1)
            ev6 = f"KXU6-{y % 100}{MON3[mo - 1]}"
            C.add_event(ev6, "KXU6", f"U-6 rate in {mab} {y}?", mab, False, strike=rel)
            k6 = C.add_k("discrete_stat", st6.above(8.0), f"{ev6}-T8.0", ev6, f"U-6 above 8.0% in {mname} {y}?", "Above 8.0%",
                         "8.0% or below", f"If the U-6 rate for {mname} {y} is above 8.0%, then the market resolves to Yes.",
                         "U-6 total unemployed plus marginally attached plus part time for economic reasons, seasonally adjusted.",
                         before(NOW, days=20), rel, rel + timedelta(hours=1), strike_type="greater", floor=8.0, hint=0.62)
            C.neg(k6, pa, "related", "different_statistic", "U-6 vs U-3 unemployment")
            C.neg(ku[4.4], PCPI["2026-10"]["ge3.0"], "different", "different_statistic", "unemployment vs inflation, same month")

    # ---------------------------------------------------------------- payrolls, in thousands
    econ_series("KXPAYROLLS", "Jobs numbers", BLS_EMP)
    for per, rel, mu in (("2026-10", ET(2026, 11, 6, 8, 30), 62), ("2026-11", ET(2026, 12, 4, 8, 30), 78)):
        y, mo = map(int, per.split("-"))
        mname, mab = MONTHS[mo - 1], MON_ABBR[mo - 1]
        st = Stat("NFP", per, 1, mu, 55, 0)
        ev = f"KXPAYROLLS-{y % 100}{MON3[mo - 1]}"
        C.add_event(ev, "KXPAYROLLS", f"Jobs numbers in {mab} {y}?", f"Nonfarm payrolls, {mab} {y}", False, strike=rel)
        kp = {}
        for x in (0, 50, 100, 150):
            kp[x] = C.add_k("discrete_stat", st.above(x), f"{ev}-T{x * 1000}", ev,
                            pick(f"Jobs numbers above {x * 1000:,} in {mname} {y}?", f"Will the economy add more than {kfmt(x * 1000)} jobs in {mab} {y}?"),
                            f"Above {x * 1000:,}", f"{x * 1000:,} or below",
                            f"If the change in total nonfarm payroll employment for {mname} {y} is above {x * 1000:,}, then the market resolves to Yes.",
                            "Based on the seasonally adjusted figure in the first release of the BLS Employment Situation report, which reports the change in thousands.",
                            before(NOW, days=30), rel - timedelta(minutes=1), rel + timedelta(hours=1),
                            strike_type="greater", floor=x * 1000, hint=st.p_ge(x + 1))
        pev = C.add_pevent(f"how-many-jobs-added-in-{mname.lower()}-{y}", f"How many jobs added in {mname}?",
                           "Nonfarm payrolls.", before(NOW, days=25), rel, tags=[("107", "economy")])
        for x, form in ((50, pick("more than 50k", "over 50,000")), (100, pick("more than 100k", "more than 100,000"))):
            q = f"Will the US add {form} jobs in {mname}?"
            c = C.add_p("discrete_stat", st.above(x), q, slugify(q) + f"-{y}",
                        yn(f"the initial BLS estimate of the change in total nonfarm payrolls for {mname} {y} is greater than {x},000")
                        + " The headline seasonally adjusted number in the Employment Situation report, published in thousands, will be used.",
                        ["Yes", "No"], pev, before(NOW, days=20), rel, fee="economics", hint=st.p_ge(x + 1))
            PNFP[(per, x)] = c
        q = f"Will {mname} jobs report show 100k or more jobs added?"
        c100 = C.add_p("discrete_stat", st.ge(100), q, slugify(q) + f"-{y}",
                       yn(f"the first-release nonfarm payroll change for {mname} {y} is 100,000 or higher"), ["Yes", "No"], pev,
                       before(NOW, days=20), rel, fee="economics", hint=st.p_ge(100))
        C.neg(kp[100], c100, "a_implies_b", "discrete_boundary", "above 100,000 (101k+) vs 100k or more: a 100k print differs")
        C.neg(kp[150], PNFP[(per, 100)], "a_implies_b", "other_threshold", "above 150k implies above 100k")
        q = f"Will {mname} payrolls be negative?"
        cneg = C.add_p("discrete_stat", st.below(0), q, slugify(q) + f"-{y}",
                       yn(f"the first-release change in nonfarm payrolls for {mname} {y} is below zero"), ["Yes", "No"], pev,
                       before(NOW, days=20), rel, fee="economics", hint=1 - st.p_ge(0))
        C.neg(kp[0], cneg, "different", "opposite_comparator", "above 0 vs negative: a print of exactly 0 resolves both No")
    C.neg(KCPI["2026-10"][2.8], PNFP[("2026-10", 50)], "different", "different_statistic", "inflation vs payrolls")

    # ---------------------------------------------------------------- GDP (advance estimate, SAAR, one decimal)
    econ_series("KXGDP", "GDP growth", ("Bureau of Economic Analysis", "https://www.bea.gov/data/gdp/gross-domestic-product"))
    for q_, rel, mu in (("2026Q3", ET(2026, 10, 29, 8, 30), 2.1), ("2026Q4", ET(2027, 1, 28, 8, 30), 1.8)):
        st = Stat("GDPADV", q_, 0.1, mu, 0.5, 1)
        qn = q_[-2:]
        ev = f"KXGDP-{kd(et_local(rel).date())}"
        C.add_event(ev, "KXGDP", f"GDP growth in {qn} {q_[:4]}?", f"Advance estimate, {md_short(et_local(rel).date())}", False, strike=rel)
        kg = {}
        for x in (1.0, 1.5, 2.0, 2.5, 3.0):
            kg[x] = C.add_k("discrete_stat", st.above(x), f"{ev}-T{x:.1f}", ev, f"Will {qn} {q_[:4]} GDP growth be above {x:.1f}%?",
                            f"Above {x:.1f}%", f"{x:.1f}% or below",
                            f"If the advance estimate of real GDP growth (seasonally adjusted annual rate) for {qn} {q_[:4]} is above {x:.1f}%, then the market resolves to Yes.",
                            "Based on the BEA advance estimate, to one decimal place. Subsequent revisions are not considered.",
                            before(NOW, days=20), rel - timedelta(minutes=1), rel + timedelta(hours=1), strike_type="greater",
                            floor=x, hint=st.p_ge(x + 0.1))
        pev = C.add_pevent(f"us-gdp-growth-in-{qn.lower()}-{q_[:4]}", f"US GDP growth in {qn} {q_[:4]}?", "BEA advance estimate.",
                           before(NOW, days=30), rel, tags=[("107", "economy")])
        qa = f"US GDP growth above 2.0% in {qn} {q_[:4]}?"
        pa = C.add_p("discrete_stat", st.above(2.0), qa, slugify(qa),
                     yn(f"the BEA's advance estimate of annualized real GDP growth for {qn} {q_[:4]} is greater than 2.0%"),
                     ["Yes", "No"], pev, before(NOW, days=25), rel + timedelta(hours=R.choice([0, 4])), fee="economics", hint=st.p_ge(2.1))
        qb = pick(f"Will {qn} GDP growth be 2.0% or higher?", f"Will {qn} GDP grow at 2.0 percent or more?")
        pb = C.add_p("discrete_stat", st.ge(2.0), qb, slugify(qb) + f"-{q_[:4]}",
                     yn(f"the advance estimate of {qn} {q_[:4]} US real GDP growth (SAAR) is 2.0% or higher"), ["Yes", "No"], pev,
                     before(NOW, days=25), rel, fee="economics", hint=st.p_ge(2.0))
        C.neg(kg[2.0], pb, "a_implies_b", "discrete_boundary", "above 2.0% (2.1%+) vs 2.0% or higher")
        if q_ == "2026Q3":
            qc = "Will Q3 2026 GDP growth be 2.6% or higher in the advance estimate?"
            C.add_p("discrete_stat", st.ge(2.6), qc, slugify(qc), yn("the BEA advance estimate for Q3 2026 annualized real GDP growth is 2.6% or higher"),
                    ["Yes", "No"], pev, before(NOW, days=25), rel, fee="economics", hint=st.p_ge(2.6))
            qd = "Q3 GDP above 2.0% in the second estimate?"
            pd = C.add_p("discrete_stat", Stat("GDPSEC", q_, 0.1, mu, 0.5, 1).above(2.0), qd, slugify(qd),
                         yn("the BEA second estimate (released in late November 2026) of Q3 2026 annualized real GDP growth is greater than 2.0%"),
                         ["Yes", "No"], pev, before(NOW, days=25), ET(2026, 11, 25, 8, 30), fee="economics")
            C.neg(kg[2.0], pd, "related", "different_release", "advance estimate vs second estimate of the same quarter")
            C.neg(kg[3.0], pa, "a_implies_b", "other_threshold", "above 3.0% implies above 2.0%")

    # ---------------------------------------------------------------- presidential approval (RCP average, one decimal)
    C.add_series("KXAPRPOTUS", "Trump approval rating", "Politics", "weekly",
                 [("RealClearPolling", "https://www.realclearpolling.com/polls/approval/donald-trump/approval-rating")], tags=["Approval"])
    st = Stat("APPROVAL-RCP", "2026-11-30", 0.1, 42.6, 1.0, 1)
    ev = "KXAPRPOTUS-26NOV30"
    cl = ET(2026, 11, 30, 12, 0)
    C.add_event(ev, "KXAPRPOTUS", "Trump approval rating on Nov 30, 2026?", "RealClearPolling average", False, strike=cl)
    ka = {}
    for x in (41.0, 42.0, 43.0, 44.0):
        ka[x] = C.add_k("discrete_stat", st.above(x), f"{ev}-T{x:.1f}", ev, f"Trump approval rating above {x:.1f}% on Nov 30, 2026?",
                        f"Above {x:.1f}%", f"{x:.1f}% or below",
                        f"If Donald Trump's job approval rating on RealClearPolling is above {x:.1f}% on Nov 30, 2026 at 12:00 PM ET, then the market resolves to Yes.",
                        "The RCP Average is read to one decimal place as displayed.", before(NOW, days=10), cl,
                        cl + timedelta(hours=1), strike_type="greater", floor=x, hint=st.p_ge(x + 0.1))
    pev = C.add_pevent("trump-approval-rating-on-november-30", "Trump approval rating on November 30?", "RCP average.",
                       before(NOW, days=14), cl, tags=[("2", "politics")])
    for x in (42.0, 43.0):
        q = pick(f"Trump approval rating above {x:.0f}% on November 30?", f"Will Trump's approval be above {x:.1f}% on Nov 30?")
        PAPP[x] = C.add_p("discrete_stat", st.above(x), q, slugify(q),
                          yn(f"Donald Trump's approval rating, per the RealClearPolitics (RealClearPolling) average, is greater than {x:.1f}% on November 30, 2026 at 12:00 PM ET"),
                          ["Yes", "No"], pev, before(NOW, days=12), cl, fee="politics", hint=st.p_ge(x + 0.1))
    q = "Trump approval 42.0% or higher on November 30?"
    p42 = C.add_p("discrete_stat", st.ge(42.0), q, slugify(q), yn("the RCP average approval is 42.0% or higher on November 30, 2026, 12:00 PM ET"),
                  ["Yes", "No"], pev, before(NOW, days=12), cl, fee="politics", hint=st.p_ge(42.0))
    C.neg(ka[42.0], p42, "a_implies_b", "discrete_boundary", "above 42.0% vs 42.0% or higher")
    stsb = Stat("APPROVAL-SILVER", "2026-11-30", 0.1, 42.2, 1.0, 1)
    q = "Silver Bulletin: Trump approval above 42.0% on November 30?"
    psb = C.add_p("discrete_stat", stsb.above(42.0), q, slugify(q),
                  yn("Donald Trump's approval rating in the Silver Bulletin polling average is greater than 42.0% on November 30, 2026"),
                  ["Yes", "No"], pev, before(NOW, days=12), cl, resolution_source="https://www.natesilver.net/", fee="politics")
    C.neg(ka[42.0], psb, "related", "different_resolution_source", "RealClearPolling average vs Silver Bulletin average")
    q = "Trump disapproval above 54.0% on November 30?"
    pdis = C.add_p("discrete_stat", Stat("DISAPPROVAL-RCP", "2026-11-30", 0.1, 54.5, 1.0, 1).above(54.0), q, slugify(q),
                   yn("Donald Trump's disapproval rating, per the RCP average, is greater than 54.0% on November 30, 2026"),
                   ["Yes", "No"], pev, before(NOW, days=12), cl, fee="politics")
    C.neg(ka[43.0], pdis, "related", "different_statistic", "approval vs disapproval (undecided share varies)")

    # ---------------------------------------------------------------- daily high temperature
    temps = [  # (Kalshi series, city, station name, station id, date, L, Polymarket variant)
        ("KXHIGHNY", "NYC", "Central Park, New York", "KNYC", date(2026, 10, 26), 55, "same"),
        ("KXHIGHNY", "NYC", "Central Park, New York", "KNYC", date(2026, 10, 27), 57, "LGA"),
        ("KXHIGHMIA", "Miami", "Miami International Airport", "KMIA", date(2026, 10, 26), 79, "same"),
        ("KXHIGHDEN", "Denver", "Denver International Airport", "KDEN", date(2026, 10, 27), 55, "same"),
        ("KXHIGHCHI", "Chicago", "Chicago Midway Airport", "KMDW", date(2026, 10, 26), 49, "ORD"),
        ("KXHIGHAUS", "Austin", "Austin-Bergstrom International Airport", "KAUS", date(2026, 10, 26), 75, "offset"),
        ("KXHIGHLAX", "Los Angeles", "Los Angeles International Airport", "KLAX", date(2026, 10, 26), 67, "USC"),
        ("KXHIGHPHIL", "Philadelphia", "Philadelphia International Airport", "KPHL", date(2026, 10, 27), 55, "none"),
    ]
    other_station = {"LGA": ("LaGuardia Airport", "KLGA", "https://www.wunderground.com/history/daily/us/ny/new-york-city/KLGA"),
                     "ORD": ("Chicago O'Hare International Airport", "KORD", "https://www.wunderground.com/history/daily/us/il/chicago/KORD"),
                     "USC": ("Downtown Los Angeles (USC campus)", "KCQT", "https://www.weather.gov/wrh/climate?wfo=lox")}
    TK: dict[tuple[str, str], dict] = {}
    TP: dict[tuple[str, str], dict] = {}
    for ser, city, stn, sid, d, L, var in temps:
        wfo = {"KNYC": "okx", "KMIA": "mfl", "KDEN": "bou", "KMDW": "lot", "KAUS": "ewx", "KLAX": "lox", "KPHL": "phi"}[sid]
        C.add_series(ser, f"Highest temperature in {city}", "Climate and Weather", "daily",
                     [("National Weather Service", f"https://www.weather.gov/wrh/climate?wfo={wfo}")], tags=["Weather"],
                     contract="NHIGH")
        mu = L + 4 + R.uniform(-2, 2)
        st = Stat(f"TMAX:{sid}", d.isoformat(), 1, mu, 3.2, 0)
        ev = f"{ser}-{kd(d)}"
        cl = ET(d.year, d.month, d.day, 23, 59) + timedelta(hours=R.choice([0, 1]))
        C.add_event(ev, ser, f"Highest temperature in {city} on {MON_ABBR[d.month - 1]} {d.day}, {d.year}?",
                    f"On {MON_ABBR[d.month - 1]} {d.day}, {d.year}", True, strike=cl)
        r1 = "If the highest temperature recorded at {stn} for {dt} is {cond}, then the market resolves to Yes."
        r2 = ("Not all weather data is the same. While checking for the highest temperature may show a different value, "
              f"the market resolves based on the NWS Daily Climate Report (CLI) for {stn}.")
        kmk = {}
        dt_ = md_long(d)
        title = pick(f"Will the high temp in {city} be >{L + 7}° on {md_short(d)}?", f"Highest temperature in {city} on {md_short(d)}?")
        kmk["lo"] = C.add_k("discrete_stat", st.below(L), f"{ev}-T{L}", ev, title, f"{L - 1}° or below", f"{L}° or above",
                            r1.format(stn=stn, dt=dt_, cond=f"less than {L}°"), r2, before(d_dt := ET(d.year, d.month, d.day), days=2),
                            cl, ET(d.year, d.month, d.day) + timedelta(days=1, hours=10), strike_type="less", cap=L,
                            hint=1 - st.p_ge(L))
        for a in range(L, L + 8, 2):
            kmk[a] = C.add_k("discrete_stat", st.between(a, a + 1), f"{ev}-B{a + 0.5}", ev, title, f"{a}° to {a + 1}°", f"{a}° to {a + 1}°",
                             r1.format(stn=stn, dt=dt_, cond=f"between {a}° and {a + 1}°, inclusive"), r2, before(d_dt, days=2),
                             cl, d_dt + timedelta(days=1, hours=10), strike_type="between", floor=a, cap=a + 1, hint=st.p_in(a, a + 1))
        kmk["hi"] = C.add_k("discrete_stat", st.above(L + 7), f"{ev}-T{L + 7}", ev, title, f"{L + 8}° or above", f"{L + 7}° or below",
                            r1.format(stn=stn, dt=dt_, cond=f"greater than {L + 7}°"), r2, before(d_dt, days=2), cl,
                            d_dt + timedelta(days=1, hours=10), strike_type="greater", floor=L + 7, hint=st.p_ge(L + 8))
        TK[(city, d.isoformat())] = kmk
        if var == "none":
            continue
        # Polymarket group
        if var == "same":
            pstn, pid, src = stn, sid, f"https://www.weather.gov/wrh/climate?wfo={wfo}"
            pst, off = st, 0
            srcline = (f"The resolution source for this market will be the National Weather Service's Daily Climate Report (CLI) "
                       f"for {stn} ({sid}), available at {src}. This market will resolve based on the maximum temperature "
                       "reported for the date, in whole degrees Fahrenheit.")
        elif var == "offset":
            pstn, pid, src = stn, sid, f"https://www.wunderground.com/history/daily/us/tx/austin/{sid}"
            pst, off = Stat(f"TMAX-WU:{sid}", d.isoformat(), 1, mu, 3.2, 0), 1
            srcline = (f"The resolution source for this market will be information from Wunderground, specifically the highest "
                       f"temperature recorded at the {stn} Station in degrees Fahrenheit once data for the date is finalized ({src}).")
        else:
            pstn, pid, src = other_station[var]
            pst, off = Stat(f"TMAX:{pid}", d.isoformat(), 1, mu + R.uniform(-1.5, 1.5), 3.4, 0), R.choice([0, 1])
            srcline = (f"The resolution source for this market will be information from Wunderground, specifically the highest "
                       f"temperature recorded at the {pstn} Station in degrees Fahrenheit ({src}).")
        pcity = {"NYC": "NYC", "Miami": "Miami", "Denver": "Denver", "Chicago": "Chicago", "Austin": "Austin", "Los Angeles": "LA"}[city]
        pev = C.add_pevent(f"highest-temperature-in-{slugify(pcity)}-on-{MONTHS[d.month - 1].lower()}-{d.day}-{d.year}",
                           f"Highest temperature in {pcity} on {md_noyear(d)}?", "Daily high temperature.",
                           before(d_dt, days=3), d_dt + timedelta(days=1, hours=12), neg_risk=True,
                           tags=[("84", "weather"), ("103040", "daily-temperature")], resolution_source=src)
        Lp = L - off
        pmk = {}
        legs = [("lo", pst.below(Lp), f"{Lp - 1}°F or below", f"be {Lp - 1}°F or below")]
        for a in range(Lp, Lp + 8, 2):
            legs.append((a, pst.between(a, a + 1), f"{a}-{a + 1}°F", f"be between {a}-{a + 1}°F"))
        legs.append(("hi", pst.ge(Lp + 8), f"{Lp + 8}°F or higher", f"be {Lp + 8}°F or higher"))
        for lid, key, gi, phrase in legs:
            q = f"Will the highest temperature in {pcity} {phrase} on {md_noyear(d)}?"
            b, sgn = key
            pmk[lid] = C.add_p("discrete_stat", key, q, slugify(q)[:100],
                               f"This market will resolve to the temperature range that contains the highest temperature recorded at the {pstn} in degrees Fahrenheit on {md_long(d)}.\n\n"
                               + srcline + "\n\nThis market can not resolve to \"Yes\" until all data for this date has been finalized.",
                               ["Yes", "No"], pev, before(d_dt, days=2), d_dt + timedelta(hours=12), group_item_title=gi,
                               resolution_source=src, fee="weather", tick=0.001 if R.random() < 0.5 else 0.01)
        TP[(city, d.isoformat())] = pmk
        if var in ("LGA", "ORD", "USC"):
            for a in (L + 2, L + 4):
                pa_ = a - off
                if pa_ in pmk:
                    C.neg(kmk[a], pmk[pa_], "related", "other_weather_station",
                          f"Kalshi settles on {stn} ({sid}, NWS CLI); Polymarket on {pstn} ({pid}, Wunderground)"
                          + (" and its brackets are shifted by one degree" if off else ""))
            C.neg(kmk["hi"], pmk["hi"], "related", "other_weather_station",
                  f"top bracket: {stn} vs {pstn}")
        elif var == "offset":
            for a in (L + 2, L + 4):
                C.neg(kmk[a], pmk[a - 1], "related", "bracket_offset",
                      f"Kalshi {a}°-{a + 1}° vs Polymarket {a - 1}-{a}°F (one degree shared), same station but Wunderground vs NWS CLI")
            C.neg(kmk["hi"], pmk["hi"], "related", "bracket_offset",
                  f"Kalshi {L + 8}° or above (NWS CLI) vs Polymarket {L + 7}°F or higher (Wunderground): nested thresholds, different sources")
    # boundary / opposite-comparator / other-date negatives on the paired cities
    nyk, nyp = TK[("NYC", "2026-10-26")], TP[("NYC", "2026-10-26")]
    q = "Will NYC's high be 62°F or higher on October 26?"
    ev = C.pevents["highest-temperature-in-nyc-on-october-26-2026"]
    st = Stat("TMAX:KNYC", "2026-10-26", 1, 0, 1, 0)
    c62 = C.add_p("discrete_stat", st.ge(62), q, slugify(q),
                  yn("the highest temperature recorded in Central Park, New York on October 26, 2026 is 62°F or higher according to the NWS Daily Climate Report"),
                  ["Yes", "No"], ev, before(NOW, days=1), ET(2026, 10, 27, 12, 0), fee="weather")
    C.neg(nyk["hi"], c62, "a_implies_b", "discrete_boundary", "greater than 62° (63°+) vs 62°F or higher")
    C.neg(nyk[61], c62, "related", "bracket_vs_threshold", "61-62° bracket overlaps '62°F or higher' at 62")
    mik, mip = TK[("Miami", "2026-10-26")], TP[("Miami", "2026-10-26")]
    q = "Will Miami's high be below 86°F on October 26?"
    st = Stat("TMAX:KMIA", "2026-10-26", 1, 0, 1, 0)
    c86 = C.add_p("discrete_stat", st.below(86), q, slugify(q),
                  yn("the highest temperature at Miami International Airport on October 26, 2026 (NWS Daily Climate Report) is below 86°F"),
                  ["Yes", "No"], C.pevents["highest-temperature-in-miami-on-october-26-2026"], before(NOW, days=1),
                  ET(2026, 10, 27, 12, 0), fee="weather")
    C.neg(mik["hi"], c86, "different", "opposite_comparator",
          "Kalshi '>86°' (87°+) vs Polymarket 'below 86°F': a reading of exactly 86° resolves both No")
    C.neg(TK[("NYC", "2026-10-27")][59], nyp[59], "different", "other_date", "same station and bracket, Oct 27 vs Oct 26")
    C.neg(TK[("NYC", "2026-10-27")]["lo"], nyp["lo"], "different", "other_date", "Oct 27 vs Oct 26 (and the Oct 27 bottom bracket is 56° or below)")
    C.neg(TK[("Philadelphia", "2026-10-27")][59], TP[("Denver", "2026-10-27")][59], "different", "other_city", "Philadelphia vs Denver, same date and bracket")
    C.neg(nyk[59], mip[81], "different", "other_city", "NYC vs Miami")

    # ---------------------------------------------------------------- mortgage rates (Freddie Mac PMMS, two decimals)
    C.add_series("KXMORTGAGE", "30-year mortgage rate", "Economics", "weekly",
                 [("Freddie Mac", "https://www.freddiemac.com/pmms")], tags=["Housing"])
    d = date(2026, 11, 5)
    st = Stat("PMMS30", d.isoformat(), 0.01, 6.12, 0.06, 2)
    ev = f"KXMORTGAGE-{kd(d)}"
    rel = ET(2026, 11, 5, 12, 0)
    C.add_event(ev, "KXMORTGAGE", f"30-year mortgage rate on {md_short(d)}?", "Freddie Mac PMMS", False, strike=rel)
    kmo = {}
    for x in (6.00, 6.10, 6.20):
        kmo[x] = C.add_k("discrete_stat", st.above(x), f"{ev}-T{x:.2f}", ev, f"30-year fixed mortgage rate above {x:.2f}% on {md_short(d)}?",
                         f"Above {x:.2f}%", f"{x:.2f}% or below",
                         f"If the 30-year fixed-rate mortgage average in Freddie Mac's Primary Mortgage Market Survey released on {md_long(d)} is above {x:.2f}%, then the market resolves to Yes.",
                         "Rates are published to two decimal places.", before(NOW, days=10), rel - timedelta(hours=1),
                         rel + timedelta(hours=1), strike_type="greater", floor=x, hint=st.p_ge(x + 0.01))
    pev = C.add_pevent("30-year-mortgage-rate-november-5-2026", "30-year mortgage rate on November 5?", "Freddie Mac PMMS.",
                       before(NOW, days=8), rel, tags=[("107", "economy")])
    q = "Will the 30-year fixed mortgage rate be 6.11% or higher on November 5?"
    C.add_p("discrete_stat", st.ge(6.11), q, slugify(q), yn("Freddie Mac's Primary Mortgage Market Survey 30-year fixed rate published on November 5, 2026 is 6.11% or higher"),
            ["Yes", "No"], pev, before(NOW, days=7), rel, fee="economics", hint=st.p_ge(6.11))
    q = "30-year mortgage rate above 6.20% on November 5?"
    C.add_p("discrete_stat", st.above(6.20), q, slugify(q), yn("the PMMS 30-year fixed rate released November 5, 2026 is above 6.20%"),
            ["Yes", "No"], pev, before(NOW, days=7), rel, fee="economics", hint=st.p_ge(6.21))
    q = "Will the 30-year mortgage rate be 6.00% or higher on November 5?"
    c600 = C.add_p("discrete_stat", st.ge(6.00), q, slugify(q), yn("the PMMS 30-year fixed rate released November 5, 2026 is 6.00% or higher"),
                   ["Yes", "No"], pev, before(NOW, days=7), rel, fee="economics", hint=st.p_ge(6.00))
    C.neg(kmo[6.00], c600, "a_implies_b", "discrete_boundary", "above 6.00% vs 6.00% or higher (6.00% can print)")
    q = "15-year mortgage rate above 5.30% on November 5?"
    c15 = C.add_p("discrete_stat", Stat("PMMS15", d.isoformat(), 0.01, 5.3, 0.06, 2).above(5.30), q, slugify(q),
                  yn("the PMMS 15-year fixed rate released November 5, 2026 is above 5.30%"), ["Yes", "No"], pev,
                  before(NOW, days=7), rel, fee="economics")
    C.neg(kmo[6.10], c15, "different", "different_statistic", "30-year vs 15-year mortgage rate")


KCPI: dict[str, dict] = {}
PCPI: dict[str, dict] = {}
PNFP: dict[tuple[str, int], str] = {}
PAPP: dict[float, str] = {}


# =================================================================================================
# generic one-market helpers (dates, prices, binary events)
# =================================================================================================
def kone(family: str, key: tuple[str, int] | None, ser: str, ser_title: str, cat: str, src: list[tuple[str, str]],
         ev: str, ev_title: str, ev_sub: str, ticker: str, title: str, ysub: str, rules1: str, rules2: str,
         close: datetime, exp: datetime | None = None, hint: float | None = None, nsub: str | None = None,
         me: bool = False, strike_type: str | None = None, floor: float | None = None, cap: float | None = None,
         freq: str = "one_off", open_days: tuple[int, int] = (10, 200), pls: str | None = None) -> str:
    C.add_series(ser, ser_title, cat, freq, src, tags=[cat])
    C.add_event(ev, ser, ev_title, ev_sub, me, strike=exp or close)
    return C.add_k(family, key, ticker, ev, title, ysub, nsub if nsub is not None else ysub, rules1, rules2,
                   before(NOW, days=R.randint(*open_days)), close, exp or close + timedelta(hours=R.choice([1, 3, 24])),
                   hint=hint, strike_type=strike_type, floor=floor, cap=cap, pls=pls)


def pone(family: str, key: tuple[str, int] | None, q: str, desc: str, ev_slug: str, ev_title: str, end: datetime,
         fee: str, outcomes: list[str] | None = None, hint: float | None = None, group: str | None = None,
         neg_risk: bool = False, res: str = "", tags: list[tuple[str, str]] | None = None, slug: str | None = None,
         start_days: tuple[int, int] = (5, 150)) -> str:
    ev = C.add_pevent(ev_slug, ev_title, f"{ev_title}", before(NOW, days=R.randint(*start_days)), end,
                      neg_risk=neg_risk, tags=tags)
    return C.add_p(family, key, q, slug or slugify(q)[:110], desc, outcomes or ["Yes", "No"], ev,
                   before(NOW, days=R.randint(*start_days)), end, group_item_title=group, fee=fee, hint=hint,
                   resolution_source=res)


def k_before(d: date) -> str:
    """Kalshi's 'before <day after>' phrasing for an inclusive deadline d."""
    nd = d + timedelta(days=1)
    if nd.month == 1 and nd.day == 1:
        return pick(f"before {nd.year}", f"before Jan 1, {nd.year}")
    return f"before {md_short(nd)}"


def p_by(d: date) -> str:
    if d.month == 12 and d.day == 31:
        return pick(f"in {d.year}", f"by December 31, {d.year}", f"by end of {d.year}", f"before {d.year + 1}")
    return pick(f"by {md_long(d)}", f"by {md_noyear(d)}") if d.year == 2026 else f"by {md_long(d)}"


# =================================================================================================
# DATES: equivalent deadline framings
# =================================================================================================
def build_dates() -> None:
    F = "dates"
    fee = "politics"
    DK: dict[str, str] = {}
    DP: dict[str, str] = {}

    def key(topic: str, d: date, sign: int = 1) -> tuple[str, int]:
        return K(f"EVT:{topic}:BY:{d.isoformat()}", sign)

    # ---- government shutdown ----
    src = [("Office of Personnel Management", "https://www.opm.gov/")]
    shut_def = ("A shutdown occurs if there is a lapse in appropriations for the federal government and the Office of "
                "Personnel Management issues shutdown furlough guidance. Lapses over weekends that end before the next "
                "business day do not count.")
    for d, h in ((date(2026, 11, 30), 0.05), (date(2026, 12, 31), 0.22), (date(2027, 1, 31), 0.31)):
        ev = f"KXGOVSHUT-{kd(d + timedelta(days=1))}"
        DK[f"shut{d}"] = kone(F, key("SHUTDOWN", d), "KXGOVSHUT", "Government shutdown", "Politics", src, ev,
                              f"Government shutdown {k_before(d)}?", "Federal funding lapse", ev,
                              pick(f"Will the federal government shut down {k_before(d)}?",
                                   f"Government shutdown {k_before(d)}?"),
                              "Yes", f"If the federal government shuts down {k_before(d)}, then the market resolves to Yes.",
                              shut_def, ET(d.year, d.month, d.day, 23, 59), hint=h)
    evs = "us-government-shutdown-2026-27"
    DP["shut2026-11-30"] = pone(F, key("SHUTDOWN", date(2026, 11, 30)), "US government shutdown by November 30?",
                                yn("the U.S. federal government enters a shutdown between market creation and November 30, 2026, 11:59 PM ET") +
                                " A shutdown is defined as a lapse in appropriations resulting in OPM issuing furlough guidance.",
                                evs, "US government shutdown?", ET(2026, 11, 30, 23, 59), fee)
    DP["shut2026-12-31"] = pone(F, key("SHUTDOWN", date(2026, 12, 31)), "Government shutdown in 2026?",
                                yn("there is a lapse in federal appropriations leading to a U.S. government shutdown at any point between market creation and December 31, 2026, 11:59 PM ET"),
                                evs, "US government shutdown?", ET(2026, 12, 31, 23, 59), fee)
    DP["shut2027-01-31"] = pone(F, key("SHUTDOWN", date(2027, 1, 31)), "US government shutdown by January 31, 2027?",
                                yn("the federal government shuts down due to a lapse in appropriations by January 31, 2027, 11:59 PM ET")
                                + " Resolution is based on official OPM guidance and a consensus of credible reporting.",
                                evs, "US government shutdown?", ET(2027, 1, 31, 23, 59), fee)
    DK["funded"] = kone(F, key("SHUTDOWN", date(2027, 1, 31), -1), "KXGOVFUND", "Government funding", "Politics", src,
                        "KXGOVFUND-27JAN31", "Government stays funded through Jan 31, 2027?", "No lapse in appropriations",
                        "KXGOVFUND-27JAN31", "Will Congress keep the government funded through January 31, 2027?", "Stays funded",
                        "If there is no lapse in federal appropriations resulting in a government shutdown from the market's open through Jan 31, 2027, then the market resolves to Yes.",
                        shut_def, ET(2027, 1, 31, 23, 59), hint=0.69)
    DP["open2026"] = pone(F, key("SHUTDOWN", date(2026, 12, 31), -1), "Will the government stay open through December 31, 2026?",
                          yn("the U.S. federal government does NOT shut down at any point between market creation and December 31, 2026, 11:59 PM ET", "No")
                          .replace('resolve to "No".', 'resolve to "No". A shutdown means a lapse in appropriations with OPM furlough guidance.'),
                          "government-stays-open-2026", "Government stays open through 2026?", ET(2026, 12, 31, 23, 59), fee)
    q = "US government shutdown ongoing on February 1, 2027?"
    ongoing = pone(F, K("EVT:SHUTDOWN-ONGOING:2027-02-01"), q,
                   yn("a federal government shutdown is in effect at 12:00 PM ET on February 1, 2027"), evs,
                   "US government shutdown?", ET(2027, 2, 1, 17, 0), fee)
    q = "Government shutdown lasts 10+ days in 2026?"
    long_ = pone(F, K("EVT:SHUTDOWN-10D:2026"), q,
                 yn("a federal government shutdown beginning in 2026 lasts at least 10 consecutive days"), evs,
                 "US government shutdown?", ET(2027, 1, 15), fee)
    C.neg(DK["shut2027-01-31"], DP["shut2026-12-31"], "b_implies_a", "different_window", "by Dec 31, 2026 implies before Feb 1, 2027")
    C.neg(DK["shut2026-11-30"], DP["shut2027-01-31"], "a_implies_b", "different_window", "before Dec 1 implies by Jan 31")
    C.neg(DK["funded"], DP["shut2026-12-31"], "different", "different_window",
          "funded through Jan 31, 2027 rules out a 2026 shutdown, but 'no 2026 shutdown' does not imply funding through January")
    C.neg(DK["shut2027-01-31"], ongoing, "related", "begins_vs_ongoing", "a shutdown beginning before Feb 1 vs one in effect on Feb 1")
    C.neg(DK["shut2026-12-31"], long_, "b_implies_a", "different_statistic", "a 10+ day 2026 shutdown implies a shutdown in 2026")
    C.neg(DK["funded"], DP["open2026"], "a_implies_b", "different_window", "funded through Jan 31 implies open through Dec 31")

    # ---- generic deadline topics ----
    topics = [
        # (topic id, series, series title, category, src, Kalshi noun phrase, Polymarket question template, Poly rule text,
        #  deadlines [(date, on_kalshi, on_poly)], fee)
        ("UKRCEASE", "KXUKRCEASE", "Russia-Ukraine ceasefire", "World", [("Reuters", "https://www.reuters.com/")],
         "Russia and Ukraine agree to a ceasefire", "Russia x Ukraine ceasefire {by}?",
         "Russia and Ukraine announce a mutually agreed general ceasefire or peace agreement that takes effect {by_long}. A unilateral or partial (e.g. energy-only) truce will not count",
         [(date(2026, 12, 31), True, True), (date(2027, 6, 30), True, True), (date(2027, 3, 31), False, True)], "geopolitics"),
        ("GTA6", "KXGTA6", "GTA VI release", "Entertainment", [("Rockstar Games", "https://www.rockstargames.com/")],
         "Grand Theft Auto VI be released", "GTA VI released {by}?",
         "Grand Theft Auto VI is officially released to the general public on at least one platform {by_long}. Early access or pre-load does not count",
         [(date(2026, 11, 30), True, True), (date(2026, 12, 31), True, True)], "culture"),
        ("STARMEROUT", "KXSTARMEROUT", "Starmer out as PM", "World", [("UK Government", "https://www.gov.uk/")],
         "Keir Starmer cease to be Prime Minister", "Starmer out {by}?",
         "Keir Starmer ceases to be Prime Minister of the United Kingdom for any reason {by_long}. An announced resignation counts only once he leaves office",
         [(date(2026, 12, 31), True, True), (date(2027, 6, 30), True, True), (date(2027, 3, 31), False, True)], "geopolitics"),
        ("ZELOUT", "KXZELENSKYOUT", "Zelenskyy out", "World", [("Reuters", "https://www.reuters.com/")],
         "Volodymyr Zelenskyy leave office", "Zelensky out as Ukraine president {by}?",
         "Volodymyr Zelensky ceases to be President of Ukraine for any reason {by_long}",
         [(date(2026, 12, 31), True, True)], "geopolitics"),
        ("PUTZELMEET", "KXPUTINZELENSKY", "Putin-Zelenskyy meeting", "World", [("Reuters", "https://www.reuters.com/")],
         "Vladimir Putin and Volodymyr Zelenskyy meet in person", "Putin x Zelensky meeting {by}?",
         "Vladimir Putin and Volodymyr Zelensky meet in person {by_long}. Virtual meetings do not count",
         [(date(2026, 12, 31), True, True), (date(2027, 6, 30), True, True)], "geopolitics"),
        ("TRUMPKIM", "KXTRUMPKIM", "Trump-Kim meeting", "World", [("Reuters", "https://www.reuters.com/")],
         "Donald Trump meet Kim Jong Un", "Trump x Kim Jong Un meeting {by}?",
         "Donald Trump and Kim Jong Un meet in person {by_long}",
         [(date(2026, 12, 31), True, True), (date(2027, 3, 31), True, True)], "geopolitics"),
        ("MUSKTRIL", "KXMUSKTRILLION", "Musk trillionaire", "Companies", [("Forbes", "https://www.forbes.com/real-time-billionaires/")],
         "Elon Musk become a trillionaire", "Elon Musk trillionaire {by}?",
         "Elon Musk's net worth is listed at $1 trillion or more on the Forbes Real-Time Billionaires list at any point {by_long}",
         [(date(2026, 12, 31), True, True)], "finance"),
        ("XIVISIT", "KXXIVISITUS", "Xi Jinping US visit", "World", [("Reuters", "https://www.reuters.com/")],
         "Xi Jinping visit the United States", "Xi Jinping visits the US {by}?",
         "Xi Jinping is physically present in the United States {by_long}",
         [(date(2026, 12, 31), True, True)], "geopolitics"),
        ("NFLXWBD", "KXNFLXWBD", "Netflix-Warner Bros. deal", "Companies", [("SEC", "https://www.sec.gov/")],
         "Netflix complete its acquisition of Warner Bros.", "Netflix completes Warner Bros. acquisition {by}?",
         "Netflix's acquisition of Warner Bros. (the studios and streaming business of Warner Bros. Discovery) officially closes {by_long}",
         [(date(2027, 6, 30), True, True)], "finance"),
        ("SHIPCATCH", "KXSTARSHIPCATCH", "Starship ship catch", "Science and Technology", [("SpaceX", "https://www.spacex.com/")],
         "SpaceX catch a Starship upper stage with the launch tower", "Starship upper stage caught by tower {by}?",
         "SpaceX successfully catches a Starship upper stage (Ship), not the Super Heavy booster, with the launch tower arms {by_long}",
         [(date(2026, 12, 31), True, True)], "tech"),
        ("OPENAIIPO", "KXOPENAIIPO", "OpenAI IPO", "Companies", [("Nasdaq", "https://www.nasdaq.com/")],
         "OpenAI's shares begin trading on a public exchange", "OpenAI IPO {by}?",
         "OpenAI's shares begin trading publicly on a major U.S. exchange following an IPO or direct listing {by_long}",
         [(date(2027, 12, 31), True, True)], "tech"),
        ("IRANDEAL", "KXIRANDEAL", "US-Iran nuclear deal", "World", [("Reuters", "https://www.reuters.com/")],
         "the US and Iran sign a nuclear agreement", "US x Iran nuclear deal {by}?",
         "the United States and Iran sign a formal agreement regarding Iran's nuclear program {by_long}",
         [(date(2026, 12, 31), True, True)], "geopolitics"),
        ("ROBOTAXINYC", "KXTSLANYC", "Tesla Robotaxi in NYC", "Companies", [("Tesla", "https://www.tesla.com/")],
         "Tesla launch Robotaxi service to the public in New York City", "Tesla Robotaxi launches in NYC {by}?",
         "Tesla makes a paid Robotaxi ride-hailing service available to members of the public in New York City {by_long}",
         [(date(2026, 12, 31), True, True)], "tech"),
        ("SCOTUSVAC", "KXSCOTUSVACANCY", "Supreme Court vacancy", "Politics", [("Supreme Court", "https://www.supremecourt.gov/")],
         "a vacancy arise on the U.S. Supreme Court", "Supreme Court vacancy {by}?",
         "any sitting Justice of the U.S. Supreme Court announces retirement, resigns, or otherwise leaves the Court {by_long}",
         [(date(2027, 6, 30), True, True)], "politics"),
        ("HEGSETHOUT", "KXHEGSETHOUT", "Hegseth out", "Politics", [("US Department of Defense", "https://www.defense.gov/")],
         "Pete Hegseth leave his post as Secretary", "Hegseth out as Secretary of War {by}?",
         "Pete Hegseth ceases to be Secretary of Defense (Secretary of War) for any reason {by_long}",
         [(date(2026, 12, 31), True, True)], "politics"),
        ("SWIFTWED", "KXSWIFTKELCE", "Swift-Kelce wedding", "Entertainment", [("People", "https://people.com/")],
         "Taylor Swift and Travis Kelce get married", "Taylor Swift and Travis Kelce married {by}?",
         "Taylor Swift and Travis Kelce are legally married, as confirmed by either party or credible reporting, {by_long}",
         [(date(2026, 12, 31), True, True)], "culture"),
    ]
    for tid, ser, stitle, cat, src, knoun, pq, prule, dls, pfee in topics:
        for d, on_k, on_p in dls:
            h = None
            if on_k:
                ev = f"{ser}-{kd(d + timedelta(days=1))}"
                kb = k_before(d)
                DK[f"{tid}{d}"] = kone(F, key(tid, d), ser, stitle, cat, src, ev, f"{stitle} {kb}?", f"{kb[0].upper()}{kb[1:]}",
                                       ev, pick(f"Will {knoun} {kb}?", f"Will {knoun} {kb}?", f"{stitle} {kb}?"), "Yes",
                                       f"If {knoun.replace(' be released', ' is released').replace('Will ', '')} {kb}, then the market resolves to Yes."
                                       .replace("If Russia and Ukraine agree", "If Russia and Ukraine agree")
                                       .replace(" cease to be", " ceases to be").replace(" leave office", " leaves office")
                                       .replace(" meet Kim", " meets Kim").replace(" become a", " becomes a")
                                       .replace(" visit the", " visits the").replace(" complete its", " completes its")
                                       .replace(" catch a", " catches a").replace(" launch Robotaxi", " launches Robotaxi")
                                       .replace(" arise on", " arises on").replace(" leave his", " leaves his")
                                       .replace(" get married", " get married"),
                                       "Resolution is based on official announcements and a consensus of credible reporting. "
                                       f"The deadline is 11:59 PM ET on {md_short(d)}.", ET(d.year, d.month, d.day, 23, 59), hint=h)
            if on_p:
                by = p_by(d)
                by_long = f"by {md_long(d)}, 11:59 PM ET" if R.random() < 0.6 else f"between market creation and {md_long(d)}"
                q = pq.format(by=by)
                DP[f"{tid}{d}"] = pone(F, key(tid, d), q, yn(prule.format(by_long=by_long)) +
                                       "\n\nThe primary resolution source will be official information from the parties involved; however, a consensus of credible reporting will also be used.",
                                       slugify(f"{stitle}-deadlines"), f"{stitle}...?", ET(d.year, d.month, d.day, 23, 59) + timedelta(hours=R.choice([0, 0, 5])),
                                       pfee, neg_risk=False)
    # inverted Kalshi framings
    DK["STARMERSTILL"] = kone(F, key("STARMEROUT", date(2026, 12, 31), -1), "KXSTARMERPM", "Starmer still PM", "World",
                              [("UK Government", "https://www.gov.uk/")], "KXSTARMERPM-27JAN01",
                              "Keir Starmer Prime Minister on Jan 1, 2027?", "On Jan 1, 2027", "KXSTARMERPM-27JAN01",
                              "Will Keir Starmer still be Prime Minister on Jan 1, 2027?", "Still PM",
                              "If Keir Starmer has held the office of Prime Minister of the United Kingdom continuously from the market's open through 11:59 PM ET on Dec 31, 2026, then the market resolves to Yes.",
                              "A temporary absence without leaving office does not count as leaving office.", ET(2027, 1, 1, 0, 0))
    DK["ZELREMAIN"] = kone(F, key("ZELOUT", date(2026, 12, 31), -1), "KXZELENSKYREMAIN", "Zelenskyy remains president", "World",
                           [("Reuters", "https://www.reuters.com/")], "KXZELENSKYREMAIN-26DEC31", "Zelenskyy president through 2026?",
                           "Through Dec 31, 2026", "KXZELENSKYREMAIN-26DEC31",
                           "Will Volodymyr Zelenskyy remain President of Ukraine through Dec 31, 2026?", "Remains president",
                           "If Volodymyr Zelenskyy is President of Ukraine at all times from the market's open through Dec 31, 2026, then the market resolves to Yes.",
                           "", ET(2026, 12, 31, 23, 59))
    DK["GTADELAY"] = kone(F, key("GTA6", date(2026, 12, 31), -1), "KXGTA6DELAY", "GTA VI delayed past 2026", "Entertainment",
                          [("Rockstar Games", "https://www.rockstargames.com/")], "KXGTA6DELAY-26", "GTA VI delayed beyond 2026?",
                          "Release slips past Dec 31, 2026", "KXGTA6DELAY-26", "Will GTA VI miss a 2026 release?", "Not released in 2026",
                          "If Grand Theft Auto VI is not released to the general public on any platform by Dec 31, 2026, then the market resolves to Yes.",
                          "", ET(2026, 12, 31, 23, 59))
    DK["SCOTUSNINE"] = kone(F, key("SCOTUSVAC", date(2027, 6, 30), -1), "KXSCOTUSNINE", "Supreme Court unchanged", "Politics",
                            [("Supreme Court", "https://www.supremecourt.gov/")], "KXSCOTUSNINE-27JUN30",
                            "All nine justices remain through June 30, 2027?", "No vacancy", "KXSCOTUSNINE-27JUN30",
                            "Will all nine current Supreme Court justices still be on the Court on Jun 30, 2027?", "All nine remain",
                            "If none of the nine justices serving when this market opened has left the Court or announced a retirement by Jun 30, 2027, then the market resolves to Yes.",
                            "", ET(2027, 6, 30, 23, 59))
    DK["HEGSTILL"] = kone(F, key("HEGSETHOUT", date(2026, 12, 31), -1), "KXHEGSETHSTAYS", "Hegseth stays", "Politics",
                          [("US Department of Defense", "https://www.defense.gov/")], "KXHEGSETHSTAYS-27JAN01",
                          "Hegseth Secretary on Jan 1, 2027?", "", "KXHEGSETHSTAYS-27JAN01",
                          "Will Pete Hegseth still be Secretary on Jan 1, 2027?", "Still Secretary",
                          "If Pete Hegseth continuously serves as Secretary of Defense (Secretary of War) from the market's open through 11:59 PM ET on Dec 31, 2026, then the market resolves to Yes.",
                          "", ET(2027, 1, 1, 0, 0))
    # date-framing negatives
    pz = pone(F, K("EVT:PUTZELMEET:BY:2027-07-01"), "Putin and Zelensky meet by July 1, 2027?",
              yn("Vladimir Putin and Volodymyr Zelensky meet in person by July 1, 2027, 11:59 PM ET (inclusive)"),
              slugify("Putin-Zelenskyy meeting-deadlines"), "Putin-Zelenskyy meeting...?", ET(2027, 7, 1, 23, 59), "geopolitics")
    C.neg(DK["PUTZELMEET2027-06-30"], pz, "a_implies_b", "before_vs_by",
          "'before Jul 1, 2027' excludes July 1; 'by July 1, 2027' includes it")
    C.neg(DK["UKRCEASE2026-12-31"], DP["UKRCEASE2027-03-31"], "a_implies_b", "different_window", "in 2026 implies by March 31, 2027")
    C.neg(DK["UKRCEASE2027-06-30"], DP["UKRCEASE2026-12-31"], "b_implies_a", "different_window", "in 2026 implies before July 1, 2027")
    C.neg(DK["STARMEROUT2026-12-31"], DP["STARMEROUT2027-03-31"], "a_implies_b", "different_window", "out in 2026 implies out by March 31, 2027")
    C.neg(DK["STARMERSTILL"], DP["STARMEROUT2027-06-30"], "related", "different_window",
          "still PM on Jan 1, 2027 vs out by June 30, 2027: both can happen")
    C.neg(DK["GTA62026-11-30"], DP["GTA62026-12-31"], "a_implies_b", "different_window", "released by Nov 30 implies released in 2026")
    C.neg(DK["GTADELAY"], DP["GTA62026-11-30"], "different", "different_window", "no 2026 release rules out a November release")
    C.neg(DK["TRUMPKIM2026-12-31"], DP["TRUMPKIM2027-03-31"], "a_implies_b", "different_window", "in 2026 implies by March 31, 2027")
    C.neg(DK["ZELOUT2026-12-31"], DP["STARMEROUT2026-12-31"], "different", "different_entity", "Zelensky out vs Starmer out, same window")
    C.neg(DK["HEGSETHOUT2026-12-31"], DP["SCOTUSVAC2027-06-30"], "different", "different_entity", "cabinet departure vs Supreme Court vacancy")
    # announcement vs completion, other sources
    q = "OpenAI files for IPO by June 30, 2027?"
    pfile = pone(F, K("EVT:OPENAIFILE:BY:2027-06-30"), q, yn("OpenAI publicly files a registration statement (Form S-1 or equivalent) for an IPO by June 30, 2027"),
                 slugify("OpenAI IPO-deadlines"), "OpenAI IPO...?", ET(2027, 6, 30, 23, 59), "tech")
    C.neg(DK["OPENAIIPO2027-12-31"], pfile, "related", "different_stage", "public filing vs shares trading, different deadlines")
    q = "Elon Musk trillionaire in 2026 (Bloomberg)?"
    pbb = pone(F, K("EVT:MUSKTRIL-BBG:BY:2026-12-31"), q,
               yn("the Bloomberg Billionaires Index lists Elon Musk's net worth at $1 trillion or more at any point by December 31, 2026"),
               slugify("Musk trillionaire-deadlines"), "Musk trillionaire...?", ET(2026, 12, 31, 23, 59), "finance",
               res="https://www.bloomberg.com/billionaires/")
    C.neg(DK["MUSKTRIL2026-12-31"], pbb, "related", "different_resolution_source", "Forbes real-time list vs Bloomberg Billionaires Index")
    q = "Starship Super Heavy booster caught in 2026?"
    pboost = pone(F, K("EVT:BOOSTERCATCH:BY:2026-12-31"), q, yn("SpaceX catches a Super Heavy booster with the tower arms between market creation and December 31, 2026"),
                  slugify("Starship ship catch-deadlines"), "Starship ship catch...?", ET(2026, 12, 31, 23, 59), "tech")
    C.neg(DK["SHIPCATCH2026-12-31"], pboost, "different", "different_product", "upper stage (Ship) catch vs Super Heavy booster catch")
    q = "Russia x Ukraine peace deal signed in 2026?"
    ppeace = pone(F, K("EVT:UKRPEACE:BY:2026-12-31"), q, yn("Russia and Ukraine sign a comprehensive peace agreement between market creation and December 31, 2026"),
                  slugify("Russia-Ukraine ceasefire-deadlines"), "Russia-Ukraine ceasefire...?", ET(2026, 12, 31, 23, 59), "geopolitics")
    C.neg(DK["UKRCEASE2026-12-31"], ppeace, "b_implies_a", "different_stage", "a signed peace deal would count as an agreed ceasefire; a ceasefire need not be a peace deal")
    q = "Paramount acquires Warner Bros. by June 30, 2027?"
    ppar = pone(F, K("EVT:PARAWBD:BY:2027-06-30"), q, yn("Paramount Skydance completes an acquisition of Warner Bros. Discovery or its studios business by June 30, 2027"),
                slugify("Netflix-Warner Bros. deal-deadlines"), "Netflix-Warner Bros. deal...?", ET(2027, 6, 30, 23, 59), "finance")
    C.neg(DK["NFLXWBD2027-06-30"], ppar, "different", "different_entity", "Netflix vs Paramount as acquirer")
    q = "Kim Jong Un visits South Korea in 2026?"
    pks = pone(F, K("EVT:KIMSK:BY:2026-12-31"), q, yn("Kim Jong Un enters South Korean territory by December 31, 2026"),
               slugify("Trump-Kim meeting-deadlines"), "Trump-Kim meeting...?", ET(2026, 12, 31, 23, 59), "geopolitics")
    C.neg(DK["TRUMPKIM2026-12-31"], pks, "related", "different_event", "Trump-Kim meeting vs Kim visiting South Korea (a DMZ meeting could satisfy both)")
    q = "Taylor Swift and Travis Kelce engaged... wedding date announced in 2026?"
    pwd = pone(F, K("EVT:SWIFTDATE:BY:2026-12-31"), "Taylor Swift wedding date announced in 2026?",
               yn("Taylor Swift or Travis Kelce publicly announces their wedding date by December 31, 2026"),
               slugify("Swift-Kelce wedding-deadlines"), "Swift-Kelce wedding...?", ET(2026, 12, 31, 23, 59), "culture")
    C.neg(DK["SWIFTWED2026-12-31"], pwd, "related", "different_stage", "getting married vs announcing the date")
    _ = q


# =================================================================================================
# PRICE THRESHOLDS: same feed, same instant on both sides
# =================================================================================================
def build_prices() -> None:
    F = "price_threshold"
    PK: dict[str, str] = {}
    PP: dict[str, str] = {}

    def money(v: float, style: int) -> str:
        return [f"${v:,.0f}", f"${kfmt(v)}", f"${kfmt(v).upper()}", f"{v:.0f}", f"${v:,.2f}"][style]

    crypto = {
        "BTC": ("Bitcoin", "KXBTCD", "CF Benchmarks' Bitcoin Real-Time Index (BRTI)", "https://www.cfbenchmarks.com/data/indices/BRTI", "BTC/USDT", "bitcoin"),
        "ETH": ("Ethereum", "KXETHD", "CF Benchmarks' Ether-Dollar Real-Time Index (ETHUSD_RTI)", "https://www.cfbenchmarks.com/data/indices/ETHUSD_RTI", "ETH/USDT", "ethereum"),
        "SOL": ("Solana", "KXSOLD", "CF Benchmarks' Solana-Dollar Real-Time Index (SOLUSD_RTI)", "https://www.cfbenchmarks.com/data/indices/SOLUSD_RTI", "SOL/USDT", "solana"),
    }
    spot = {"BTC": 112000, "ETH": 3900, "SOL": 205}
    vol = {"BTC": 0.05, "ETH": 0.07, "SOL": 0.09}

    def p_above(asset: str, v: float, days: float) -> float:
        s = vol[asset] * math.sqrt(max(days, 1) / 7)
        return min(0.98, max(0.02, 1 - _phi(math.log(v / spot[asset]) / s)))

    plan = [  # (asset, day, kalshi strikes, identical strikes on Polymarket, Binance-style negatives)
        ("BTC", date(2026, 10, 30), [105000, 110000, 115000, 120000], [110000, 115000, 120000], [115000]),
        ("BTC", date(2026, 11, 6), [100000, 110000, 120000], [100000, 110000, 120000], [110000]),
        ("BTC", date(2026, 12, 31), [100000, 125000, 150000], [125000, 150000], [150000]),
        ("ETH", date(2026, 10, 30), [3600, 3800, 4000, 4200], [3800, 4000], [4000]),
        ("ETH", date(2026, 11, 6), [3500, 4000], [4000], []),
        ("ETH", date(2026, 12, 31), [4000, 5000], [5000], []),
        ("SOL", date(2026, 10, 30), [190, 200, 210], [200], [200]),
    ]
    for asset, d, kstrikes, pstrikes, bnb in plan:
        name, ser, idx, url, pair, pslug = crypto[asset]
        t5 = ET(d.year, d.month, d.day, 17, 0)
        tz = tz_abbr(t5)
        C.add_series(ser, f"{name} price today at 5pm", "Crypto", "daily", [("CF Benchmarks", url)],
                     fee_type="quadratic", tags=["Crypto", asset])
        C.series[ser]["exchange_index"] = 2
        ev = f"{ser}-{kd(d)}17"
        C.add_event(ev, ser, f"{name} price on {md_short(d)} at 5pm {tz}?", f"{MON_ABBR[d.month - 1]} {d.day}, 5pm {tz}", False, strike=t5)
        days = (t5 - NOW).total_seconds() / 86400
        for v in kstrikes:
            key = K(f"PX:{asset}:CFRTI60:{iso(t5)}:>=:{v:.2f}")
            PK[f"{asset}{d}{v}"] = C.add_k(
                F, key, f"{ev}-T{v - 0.01:.2f}", ev, f"{name} price on {md_short(d)} at 5pm {tz}?",
                f"{money(v, 0)} or above", f"Below {money(v, 0)}",
                f"If the simple average of the sixty seconds of {idx} before 5 PM {tz} on {md_short(d)} is above {v - 0.01:.2f}, then the market resolves to Yes.",
                f"The price is determined by the CF Benchmarks {idx.replace(chr(39), '').replace('CF Benchmarks ', '').split(' (')[0]} as published; Kalshi does not use any exchange's own last trade.",
                before(t5, days=R.choice([1, 2, 5, 30])), t5 - timedelta(minutes=R.choice([0, 1])), t5 + timedelta(minutes=R.choice([5, 60])),
                strike_type="greater", floor=round(v - 0.01, 2), hint=p_above(asset, v, days), pls="tapered_deci_cent", timer=60)
        for v in pstrikes:
            style = R.randint(0, 4)
            q = pick(f"{name} above {money(v, style)} on {md_noyear(d)} at 5PM ET?",
                     f"Will {name} be at or above {money(v, style)} at 5pm ET on {md_noyear(d)}?",
                     f"{asset} ≥ {money(v, style)} on {md_noyear(d)}, 5:00 PM ET (CF Benchmarks)?")
            desc = yn(f"the CF Benchmarks {idx.split(chr(39) + ' ')[1]} averaged over the 60 seconds immediately before 5:00 PM ET on {md_long(d)} is {money(v, 4)} or higher") + \
                f"\n\nThe resolution source for this market is CF Benchmarks ({url}). Prices from individual exchanges, including Binance and Coinbase, will not be considered."
            PP[f"{asset}{d}{v}"] = pone(F, K(f"PX:{asset}:CFRTI60:{iso(t5)}:>=:{v:.2f}"), q, desc,
                                        f"{pslug}-price-at-5pm-et-on-{MONTHS[d.month - 1].lower()}-{d.day}-{d.year}",
                                        f"{name} price at 5PM ET on {md_noyear(d)}?", t5 + timedelta(hours=R.choice([0, 0, 4])),
                                        "crypto", hint=p_above(asset, v, days), tags=[("21", "crypto"), ("1312", "crypto-prices")])
        for v in bnb:
            q = f"Will the price of {name} be above {money(v, 0)} on {md_noyear(d)}?"
            desc = (yn(f"the Binance 1 minute candle for {pair} 12:00 in the ET timezone (noon) on the date specified in the title has a final “Close” price higher than the price specified in the title")
                    + f"\n\nThe resolution source for this market is Binance, specifically the {pair} \"Close\" prices currently available at "
                    f"https://www.binance.com/en/trade/{pair.replace('/', '_')}, with \"1m\" and \"Candles\" selected on the top bar.\n\n"
                    "Please note that this market is about the price according to Binance " + pair +
                    ", not according to other sources or spot markets.")
            cid = pone(F, K(f"PX:{asset}:BINANCE12:{d}:>:{v}"), q, desc, f"{pslug}-above-on-{MONTHS[d.month - 1].lower()}-{d.day}-{d.year}",
                       f"{name} above ___ on {md_noyear(d)}?", ET(d.year, d.month, d.day, 12, 0), "crypto",
                       hint=p_above(asset, v, days), tags=[("21", "crypto"), ("102516", "multi-strikes")])
            C.neg(PK[f"{asset}{d}{v}"], cid, "related", "different_feed_and_time",
                  f"Kalshi: CF Benchmarks 60s average before 5pm ET; Polymarket: Binance {pair} 1-minute close at noon ET")
        # other strike on the same instant
        ks = sorted(kstrikes)
        for v in pstrikes:
            higher = [x for x in ks if x > v]
            if higher:
                C.neg(PK[f"{asset}{d}{higher[0]}"], PP[f"{asset}{d}{v}"], "a_implies_b", "other_strike",
                      f"{money(higher[0], 0)} or above implies {money(v, 0)} or above")
                break
    C.neg(PK["BTC2026-10-30110000"], PP["BTC2026-11-06110000"], "related", "other_date", "same strike, Oct 30 vs Nov 6")
    C.neg(PK["ETH2026-10-304000"], PP["BTC2026-10-30115000"], "different", "other_asset", "ETH vs BTC")

    # BTC: any-time high in 2026 vs on Dec 31
    C.add_series("KXBTCMAXY", "How high will Bitcoin get this year?", "Crypto", "annual",
                 [("CF Benchmarks", "https://www.cfbenchmarks.com/data/indices/BRTI")], tags=["Crypto"])
    C.add_event("KXBTCMAXY-26DEC31", "KXBTCMAXY", "How high will Bitcoin get in 2026?", "Before Jan 1, 2027", False,
                strike=ET(2026, 12, 31, 23, 59))
    kmax = {}
    for v, h in ((130000, 0.28), (150000, 0.08)):
        kmax[v] = C.add_k(F, K(f"PXMAX:BTC:CFRTI:2026:>:{v}"), f"KXBTCMAXY-26DEC31-{v - 0.01:.2f}", "KXBTCMAXY-26DEC31",
                          f"Will Bitcoin be above ${v:,} at any point before Jan 1, 2027?", f"Above ${v:,}", f"Above ${v:,}",
                          f"If the CF Benchmarks Bitcoin Real-Time Index (BRTI) is above {v - 0.01:.2f} at any time after this market opens and before 11:59 PM EST on Dec 31, 2026, then the market resolves to Yes.",
                          "Any single published BRTI value counts. The market closes early if the threshold is reached.",
                          before(NOW, days=150), ET(2026, 12, 31, 23, 59), ET(2027, 1, 1, 10, 0), strike_type="greater",
                          floor=v - 0.01, hint=h)
    pev_slug = "what-price-will-bitcoin-hit-before-2027"
    pone(F, K("PXMAX:BTC:CFRTI:2026:>:130000"), "Bitcoin above $130K at any point in 2026 (CF Benchmarks BRTI)?",
                yn("any published value of the CF Benchmarks Bitcoin Real Time Index (BRTI) exceeds $129,999.99 between market creation and December 31, 2026, 11:59 PM ET"),
                "bitcoin-brti-highs-2026", "Bitcoin BRTI highs in 2026", ET(2026, 12, 31, 23, 59), "crypto", hint=0.28)
    cbin = pone(F, K("PXMAX:BTC:BINANCE1MHIGH:2026:>=:150000"), "Will Bitcoin reach $150,000 by December 31, 2026?",
                yn("any Binance 1 minute candle for BTC/USDT between market creation and December 31, 2026, 11:59 PM ET has a final “High” price equal to or greater than $150,000")
                + " Prices from other exchanges or trading pairs will not be considered.",
                pev_slug, "What price will Bitcoin hit in 2026?", U(2027, 1, 1, 5, 0), "crypto", hint=0.09, neg_risk=True,
                group="↑ $150,000")
    cbin2 = pone(F, K("PXMAX:BTC:BINANCE1MHIGH:2026:>=:130000"), "Will Bitcoin reach $130,000 by December 31, 2026?",
                 yn("any Binance 1 minute candle for BTC/USDT between market creation and December 31, 2026, 11:59 PM ET has a final “High” price equal to or greater than $130,000"),
                 pev_slug, "What price will Bitcoin hit in 2026?", U(2027, 1, 1, 5, 0), "crypto", hint=0.3, neg_risk=True,
                 group="↑ $130,000")
    C.neg(kmax[150000], cbin, "related", "different_feed", "CF Benchmarks BRTI vs Binance BTC/USDT 1-minute highs")
    C.neg(kmax[130000], cbin2, "related", "different_feed", "BRTI vs Binance highs, same threshold")
    C.neg(PK["BTC2026-12-31150000"], cbin, "related", "different_window", "price at 5pm on Dec 31 vs any time in 2026 (and a different feed)")
    c150brti = pone(F, K("PXMAX:BTC:CFRTI:2026:>:150000"), "Bitcoin hits $150k in 2026 per CF Benchmarks?",
                    yn("the CF Benchmarks Bitcoin Real Time Index (BRTI) prints any value above $149,999.99 between market creation and 11:59 PM ET on December 31, 2026"),
                    "bitcoin-brti-highs-2026", "Bitcoin BRTI highs in 2026", ET(2026, 12, 31, 23, 59), "crypto", hint=0.08)
    C.neg(PK["BTC2026-12-31150000"], c150brti, "a_implies_b", "different_window",
          "BRTI at or above $150,000 at 5pm on Dec 31 implies BRTI exceeded $149,999.99 at some point in 2026")

    # ---- equity indices: official close ----
    idxs = {
        "SPX": ("S&P 500", "KXINXU", "S&P 500 (SPX)", "S&P Dow Jones Indices", "https://www.spglobal.com/spdji/en/indices/equity/sp-500/", 6850, 0.03),
        "NDX": ("Nasdaq-100", "KXNASDAQ100U", "Nasdaq 100 (NDX)", "Nasdaq", "https://indexes.nasdaqomx.com/Index/Overview/NDX", 25400, 0.04),
    }
    iplan = [("SPX", date(2026, 10, 30), [6700, 6800, 6900, 7000], [6800, 7000]),
             ("SPX", date(2026, 12, 31), [6500, 7000, 7500], [7000, 7500]),
             ("NDX", date(2026, 12, 31), [24000, 25000, 26000], [25000, 26000])]
    IK, IP = {}, {}
    for ix, d, ks, ps in iplan:
        name, ser, pname, src, url, lvl, sd = idxs[ix]
        C.add_series(ser, f"{name} above/below", "Financials", "daily", [(src, url)], fee_type="quadratic", fee_multiplier=0.5,
                     tags=["Indices"])
        tcl = ET(d.year, d.month, d.day, 16, 0)
        ev = f"{ser}-{kd(d)}H1600"
        C.add_event(ev, ser, f"{name} on {md_short(d)} at 4pm {tz_abbr(tcl)}?", f"Closing value, {md_short(d)}", False, strike=tcl)
        days = (tcl - NOW).total_seconds() / 86400
        for v in ks:
            h = min(0.97, max(0.03, 1 - _phi(math.log(v / lvl) / (sd * math.sqrt(days / 30)))))
            IK[(ix, d, v)] = C.add_k(F, K(f"PX:{ix}:CLOSE:{d}:>=:{v:.2f}"), f"{ev}-T{v - 0.01:.2f}", ev,
                                     pick(f"Will the {name} be above {v:,} at the close on {md_short(d)}?", f"{name} on {md_short(d)} at 4pm {tz_abbr(tcl)}?"),
                                     f"{v:,.2f} or above", f"Below {v:,.2f}",
                                     f"If the {name} index closes above {v - 0.01:,.2f} on {md_short(d)}, then the market resolves to Yes.",
                                     f"The official closing value as published by {src} is used.", before(tcl, days=R.choice([3, 20, 60])),
                                     tcl, tcl + timedelta(hours=1), strike_type="greater", floor=round(v - 0.01, 2), hint=h)
            if v in ps:
                q = pick(f"{pname} closes at or above {v:,} on {md_noyear(d)}?", f"Will the {name} close at or above {v} on {md_long(d)}?",
                         f"{name} ≥ {v:,} at close on {md_noyear(d)}?")
                IP[(ix, d, v)] = pone(F, K(f"PX:{ix}:CLOSE:{d}:>=:{v:.2f}"), q,
                                      yn(f"the official closing value of the {pname} on {md_long(d)} is {v:,.2f} or higher")
                                      + f" The resolution source is the official close published by {src}. If the market is closed that day, the most recent official close will be used.",
                                      f"{slugify(name)}-close-{MONTHS[d.month - 1].lower()}-{d.day}-{d.year}", f"{name} close on {md_noyear(d)}?",
                                      tcl + timedelta(hours=R.choice([0, 2])), "finance", hint=h)
    # a Kalshi "below" market: the complement of Polymarket's "at or above" question
    d = date(2026, 12, 31)
    tcl = ET(2026, 12, 31, 16, 0)
    ev = f"KXINXU-{kd(d)}H1600"
    IK[("SPX", d, "lt6500")] = C.add_k(F, K("PX:SPX:CLOSE:2026-12-31:>=:6500.00", -1), f"{ev}-B6500", ev,
                                       "Will the S&P 500 be below 6,500 at the close on Dec 31, 2026?", "Below 6,500.00", "6,500.00 or above",
                                       "If the S&P 500 index closes below 6,500.00 on Dec 31, 2026, then the market resolves to Yes.",
                                       "The official closing value as published by S&P Dow Jones Indices is used.", before(NOW, days=50),
                                       tcl, tcl + timedelta(hours=1), strike_type="less", cap=6500, hint=0.12)
    IP[("SPX", d, 6500)] = pone(F, K("PX:SPX:CLOSE:2026-12-31:>=:6500.00"), "S&P 500 (SPX) closes at or above 6,500 on December 31?",
                                yn("the official closing value of the S&P 500 (SPX) on December 31, 2026 is 6,500.00 or higher")
                                + " The resolution source is the official close published by S&P Dow Jones Indices.",
                                "s-p-500-close-december-31-2026", "S&P 500 close on December 31?", tcl, "finance", hint=0.88)
    t5 = ET(2026, 11, 6, 17, 0)
    PP["BTCbelow100k"] = pone(F, K(f"PX:BTC:CFRTI60:{iso(t5)}:>=:100000.00", -1), "Will Bitcoin be below $100,000 at 5PM ET on November 6?",
                              yn("the CF Benchmarks Bitcoin Real-Time Index (BRTI), averaged over the 60 seconds before 5:00 PM ET on November 6, 2026, is below $100,000.00")
                              + "\n\nThe resolution source for this market is CF Benchmarks.",
                              "bitcoin-price-at-5pm-et-on-november-6-2026", "Bitcoin price at 5PM ET on November 6?", t5, "crypto",
                              tags=[("21", "crypto")])
    t5 = ET(2026, 10, 30, 17, 0)
    PP["ETHbelow3600"] = pone(F, K(f"PX:ETH:CFRTI60:{iso(t5)}:>=:3600.00", -1), "ETH below $3,600 at 5pm ET on October 30?",
                              yn("the CF Benchmarks Ether-Dollar Real-Time Index (ETHUSD_RTI), averaged over the 60 seconds before 5:00 PM ET on October 30, 2026, is less than $3,600.00"),
                              "ethereum-price-at-5pm-et-on-october-30-2026", "Ethereum price at 5PM ET on October 30?", t5, "crypto",
                              tags=[("21", "crypto")])
    pspy = pone(F, K("PX:SPY:CLOSE:2026-10-30:>=:680"), "SPY closes above $680 on October 30?",
                yn("the SPDR S&P 500 ETF Trust (SPY) official closing price on NYSE Arca on October 30, 2026 is above $680.00"),
                "spy-close-october-30-2026", "SPY close on October 30?", ET(2026, 10, 30, 16, 0), "finance")
    C.neg(IK[("SPX", date(2026, 10, 30), 6800)], pspy, "related", "different_instrument", "S&P 500 index close vs SPY ETF close")
    pes = pone(F, K("PX:ES:SETTLE:2026-12-31:>=:7000"), "S&P 500 futures (ES) settle above 7,000 on December 31?",
               yn("the front-month E-mini S&P 500 futures (ES) daily settlement price on December 31, 2026 is 7,000 or higher, per CME Group"),
               "es-futures-december-31-2026", "ES settle on December 31?", ET(2026, 12, 31, 17, 0), "finance")
    C.neg(IK[("SPX", date(2026, 12, 31), 7000)], pes, "related", "different_instrument", "cash index close vs E-mini futures settlement")
    C.neg(IK[("SPX", date(2026, 10, 30), 7000)], IP[("SPX", date(2026, 12, 31), 7000)], "related", "other_date", "same level, Oct 30 vs Dec 31 close")
    pixic = pone(F, K("PX:IXIC:CLOSE:2026-12-31:>=:25000"), "Nasdaq Composite above 25,000 on December 31?",
                 yn("the Nasdaq Composite (IXIC) closes at or above 25,000 on December 31, 2026"),
                 "nasdaq-composite-close-december-31-2026", "Nasdaq Composite close on December 31?", ET(2026, 12, 31, 16, 0), "finance")
    C.neg(IK[("NDX", date(2026, 12, 31), 25000)], pixic, "related", "different_instrument", "Nasdaq-100 vs Nasdaq Composite")
    C.neg(IK[("SPX", date(2026, 12, 31), 7500)], IP[("SPX", date(2026, 12, 31), 7000)], "a_implies_b", "other_strike", "≥7,500 implies ≥7,000")
    phit = pone(F, K("PXMAX:SPX:INTRADAY:2026-10:>=:7000"), "Will the S&P 500 hit 7,000 in October?",
                yn("the S&P 500 index trades at or above 7,000 at any point (intraday) during regular trading hours between market creation and October 31, 2026"),
                "sp-500-hit-october-2026", "S&P 500 hits in October?", ET(2026, 10, 31, 16, 0), "finance")
    C.neg(IK[("SPX", date(2026, 10, 30), 7000)], phit, "a_implies_b", "different_window", "closing at or above 7,000 on Oct 30 implies touching 7,000 in October")

    # ---- commodities, FX, single stocks, yields ----
    misc = [
        ("GOLD", "KXGOLDD", "Gold", "Financials", ("CME Group", "https://www.cmegroup.com/markets/metals/precious/gold.settlements.html"),
         "COMEX gold futures (GC) front-month settlement price", date(2026, 12, 31), [4200, 4400, 4600], [4400, 4600], 4350, 0.06, "$"),
        ("WTI", "KXWTI", "WTI crude oil", "Financials", ("CME Group", "https://www.cmegroup.com/markets/energy/crude-oil/light-sweet-crude.settlements.html"),
         "NYMEX WTI crude oil futures (CL) front-month settlement price", date(2026, 10, 30), [58, 60, 62, 65], [60, 65], 61.5, 0.05, "$"),
        ("EURUSD", "KXEURUSD", "EUR/USD", "Financials", ("European Central Bank", "https://www.ecb.europa.eu/stats/policy_and_exchange_rates/euro_reference_exchange_rates/"),
         "ECB euro foreign exchange reference rate for USD", date(2026, 12, 31), [1.15, 1.20], [1.20], 1.17, 0.03, ""),
        ("NVDA", "KXNVDA", "Nvidia stock", "Companies", ("Nasdaq", "https://www.nasdaq.com/market-activity/stocks/nvda"),
         "official Nasdaq closing price of NVIDIA Corporation (NVDA)", date(2026, 12, 31), [200, 220], [200, 220], 205, 0.1, "$"),
        ("TSLA", "KXTSLA", "Tesla stock", "Companies", ("Nasdaq", "https://www.nasdaq.com/market-activity/stocks/tsla"),
         "official Nasdaq closing price of Tesla, Inc. (TSLA)", date(2026, 12, 31), [400, 500], [500], 440, 0.15, "$"),
        ("UST10Y", "KX10Y", "10-year Treasury yield", "Financials", ("US Treasury", "https://home.treasury.gov/resource-center/data-chart-center/interest-rates"),
         "10-year Treasury par yield published by the U.S. Treasury (Daily Treasury Par Yield Curve Rates)", date(2026, 12, 31), [4.00, 4.25], [4.25], 4.15, 0.05, "%"),
    ]
    MK, MP = {}, {}
    for code, ser, name, cat, src, feed, d, ks, ps, lvl, sd, unit in misc:
        C.add_series(ser, f"{name} price", cat, "daily", [src], tags=[cat])
        tcl = ET(d.year, d.month, d.day, 17, 0)
        ev = f"{ser}-{kd(d)}"
        C.add_event(ev, ser, f"{name} on {md_short(d)}?", md_short(d), False, strike=tcl)
        days = (tcl - NOW).total_seconds() / 86400
        for v in ks:
            fv = (f"{v:.2f}%" if unit == "%" else (f"${v:,}" if unit == "$" else f"{v:.4f}"))
            h = min(0.97, max(0.03, 1 - _phi(math.log(v / lvl) / (sd * math.sqrt(days / 30)))))
            MK[(code, v)] = C.add_k(F, K(f"PX:{code}:{d}:>:{v}"), f"{ev}-T{v}", ev,
                                    pick(f"{name} above {fv} on {md_short(d)}?", f"Will {name} be above {fv} on {md_short(d)}?"),
                                    f"Above {fv}", f"{fv} or below",
                                    f"If the {feed} on {md_short(d)} is above {fv}, then the market resolves to Yes.",
                                    f"Source: {src[0]} ({src[1]}). If no value is published for that date, the market resolves based on the next published value.",
                                    before(tcl, days=R.choice([5, 30, 90])), tcl - timedelta(hours=R.choice([0, 1])), tcl + timedelta(hours=6),
                                    strike_type="greater", floor=v, hint=h)
            if v in ps:
                pv = (f"{v}%" if unit == "%" else (pick(f"${v:,}", f"${v}") if unit == "$" else f"{v}"))
                q = pick(f"{name} above {pv} on {md_noyear(d)}?", f"Will {name} close above {pv} on {md_long(d)}?",
                         f"{name} > {pv} on {md_noyear(d)}, {d.year}?")
                MP[(code, v)] = pone(F, K(f"PX:{code}:{d}:>:{v}"), q,
                                     yn(f"the {feed} for {md_long(d)} is greater than {fv}") + f"\n\nThe resolution source is {src[0]}: {src[1]}.",
                                     f"{slugify(name)}-on-{MONTHS[d.month - 1].lower()}-{d.day}-{d.year}", f"{name} on {md_noyear(d)}?",
                                     tcl + timedelta(hours=R.choice([0, 3])), "finance", hint=h, res=src[1])
    plbma = pone(F, K("PX:GOLD-LBMA:2026-12-31:>:4400"), "Gold (LBMA PM price) above $4,400 on December 31?",
                 yn("the LBMA Gold Price PM auction result in USD on December 31, 2026 is greater than $4,400"),
                 "gold-lbma-december-31-2026", "Gold LBMA on December 31?", ET(2026, 12, 31, 12, 0), "finance")
    C.neg(MK[("GOLD", 4400)], plbma, "related", "different_resolution_source", "COMEX futures settlement vs LBMA PM auction")
    pbrent = pone(F, K("PX:BRENT:2026-10-30:>:65"), "Brent crude above $65 on October 30?",
                  yn("the ICE Brent crude front-month futures settlement price on October 30, 2026 is above $65"),
                  "brent-october-30-2026", "Brent on October 30?", ET(2026, 10, 30, 17, 0), "finance")
    C.neg(MK[("WTI", 65)], pbrent, "related", "different_product", "WTI vs Brent crude")
    phigh = pone(F, K("PXMAX:WTI:2026-11:>=:70"), "Will Crude Oil (CL) hit (HIGH) $70 in November?",
                 yn("any trade of the front-month NYMEX WTI crude oil futures contract at or above $70.00 occurs between November 1 and November 30, 2026"),
                 "crude-oil-hit-november-2026", "What will WTI hit in November?", ET(2026, 11, 30, 17, 0), "finance")
    C.neg(MK[("WTI", 65)], phigh, "different", "different_window", "settlement on Oct 30 vs any trade in November")
    C.neg(MK[("WTI", 62)], MP[("WTI", 60)], "a_implies_b", "other_strike", "above $62 implies above $60")
    C.neg(MK[("NVDA", 220)], MP[("NVDA", 200)], "a_implies_b", "other_strike", "above $220 implies above $200")
    C.neg(MK[("TSLA", 400)], MP[("TSLA", 500)], "b_implies_a", "other_strike", "above $500 implies above $400")
    p2y = pone(F, K("PX:UST2Y:2026-12-31:>:4.25"), "2-year Treasury yield above 4.25% on December 31?",
               yn("the 2-year Treasury par yield published by the U.S. Treasury for December 31, 2026 is greater than 4.25%"),
               "2-year-treasury-yield-december-31-2026", "2-year yield on December 31?", ET(2026, 12, 31, 17, 0), "finance")
    C.neg(MK[("UST10Y", 4.25)], p2y, "different", "different_statistic", "10-year vs 2-year Treasury yield")
    pnvcap = pone(F, K("PX:NVDA-MCAP:2026-12-31:>:5T"), "Nvidia market cap above $5T at end of 2026?",
                  yn("NVIDIA's market capitalization at the close on December 31, 2026 is greater than $5 trillion per companiesmarketcap.com"),
                  "nvidia-market-cap-end-of-2026", "Nvidia market cap end of 2026?", ET(2026, 12, 31, 17, 0), "finance")
    C.neg(MK[("NVDA", 200)], pnvcap, "related", "different_statistic", "share price vs market capitalization (share count changes)")
    C.neg(KC[("LARGEST26", "nvda")], pnvcap, "related", "different_statistic", "largest company vs market cap threshold")


# =================================================================================================
# BINARY EVENTS: other yes/no questions, worded differently, some inverted
# =================================================================================================
def build_binary() -> None:
    F = "binary_event"
    BK: dict[str, str] = {}
    BP: dict[str, str] = {}
    e26 = ET(2026, 12, 31, 23, 59)
    items = [
        # id, series, series title, category, sources, Kalshi title, Kalshi rules, Poly question, Poly rule, close, fee, Kalshi sign, Poly sign
        ("GREENLAND", "KXGREENLAND", "US acquires Greenland", "World", [("Reuters", "https://www.reuters.com/")],
         "Will the United States acquire any part of Greenland in 2026?",
         "If the United States gains sovereignty over all or part of Greenland through any agreement or action before Jan 1, 2027, then the market resolves to Yes.",
         "Will the US acquire part of Greenland in 2026?",
         "the United States officially acquires sovereignty over any portion of Greenland between market creation and December 31, 2026, 11:59 PM ET. A signed agreement counts only once sovereignty is transferred",
         e26, "geopolitics", 1, 1),
        ("FILIBUSTER", "KXFILIBUSTER", "Senate filibuster", "Politics", [("U.S. Senate", "https://www.senate.gov/")],
         "Will the Senate eliminate the legislative filibuster in 2026?",
         "If the U.S. Senate abolishes or suspends the 60-vote cloture requirement for legislation (the legislative filibuster) before Jan 1, 2027, then the market resolves to Yes.",
         "Filibuster abolished in 2026?",
         "the U.S. Senate eliminates the 60-vote threshold to end debate on legislation by December 31, 2026. Carve-outs for specific bills or nominations will not count",
         e26, "politics", 1, 1),
        ("TAIWAN", "KXCHINATAIWAN", "China invades Taiwan", "World", [("Reuters", "https://www.reuters.com/")],
         "Will China invade Taiwan before 2027?",
         "If the People's Republic of China commences a military invasion of Taiwan's main island or its outlying islands before Jan 1, 2027, then the market resolves to Yes.",
         "Will China invade Taiwan by end of 2026?",
         "the People's Republic of China launches a military invasion of Taiwan or any territory controlled by Taiwan by December 31, 2026, 11:59 PM ET. A blockade alone will not count",
         e26, "geopolitics", 1, 1),
        ("GPT6", "KXGPT6", "GPT-6 release", "Science and Technology", [("OpenAI", "https://openai.com/")],
         "Will OpenAI release GPT-6 before 2027?",
         "If OpenAI makes a model named GPT-6 generally available to the public (via ChatGPT or the API) before Jan 1, 2027, then the market resolves to Yes.",
         "GPT-6 released in 2026?",
         "OpenAI releases a model explicitly named \"GPT-6\" to the general public by December 31, 2026, 11:59 PM ET. Announcements, previews limited to testers, or differently named models will not count",
         e26, "tech", 1, 1),
        ("GEMINI4", "KXGEMINI4", "Gemini 4 release", "Science and Technology", [("Google", "https://blog.google/")],
         "Will Google release Gemini 4 in 2026?",
         "If Google makes a model named Gemini 4 (any size variant) publicly available before Jan 1, 2027, then the market resolves to Yes.",
         "Gemini 4 released by December 31, 2026?",
         "Google publicly releases a model named \"Gemini 4\" (any variant, e.g. Pro or Flash) by December 31, 2026",
         e26, "tech", 1, 1),
        ("CLARITY", "KXCLARITYACT", "Crypto market structure law", "Politics", [("Congress.gov", "https://www.congress.gov/")],
         "Will the CLARITY Act become law in 2026?",
         "If the Digital Asset Market Clarity Act (or a successor crypto market structure bill) is signed into law before Jan 1, 2027, then the market resolves to Yes.",
         "Crypto market structure bill signed into law in 2026?",
         "a crypto market structure bill, such as the CLARITY Act, is signed into law by the President of the United States by December 31, 2026",
         e26, "politics", 1, 1),
        ("INSURRECTION", "KXINSURRECTION", "Insurrection Act", "Politics", [("Federal Register", "https://www.federalregister.gov/")],
         "Will Trump invoke the Insurrection Act in 2026?",
         "If President Trump formally invokes the Insurrection Act before Jan 1, 2027, then the market resolves to Yes.",
         "Trump invokes Insurrection Act in 2026?",
         "Donald Trump formally invokes the Insurrection Act (10 U.S.C. §§ 251–255) by December 31, 2026, as evidenced by a proclamation or executive order",
         e26, "politics", 1, 1),
        ("MAXWELL", "KXMAXWELL", "Ghislaine Maxwell clemency", "Politics", [("DOJ Office of the Pardon Attorney", "https://www.justice.gov/pardon")],
         "Will Trump pardon or commute Ghislaine Maxwell's sentence in 2026?",
         "If Donald Trump grants Ghislaine Maxwell a pardon or a commutation of sentence before Jan 1, 2027, then the market resolves to Yes.",
         "Trump grants clemency to Ghislaine Maxwell in 2026?",
         "Donald Trump grants Ghislaine Maxwell clemency — a pardon or a commutation — by December 31, 2026",
         e26, "politics", 1, 1),
        ("MUSKCEO", "KXMUSKCEO", "Musk Tesla CEO", "Companies", [("Tesla", "https://ir.tesla.com/")],
         "Will Elon Musk remain CEO of Tesla through 2026?",
         "If Elon Musk is the Chief Executive Officer of Tesla, Inc. at all times from the market's open through Dec 31, 2026, then the market resolves to Yes.",
         "Elon Musk out as Tesla CEO in 2026?",
         "Elon Musk ceases to be CEO of Tesla for any reason, including resignation or removal, by December 31, 2026",
         e26, "finance", -1, 1),
        ("ARTICLE5", "KXARTICLE5", "NATO Article 5", "World", [("NATO", "https://www.nato.int/")],
         "Will NATO invoke Article 5 in 2026?",
         "If NATO formally invokes Article 5 of the North Atlantic Treaty before Jan 1, 2027, then the market resolves to Yes.",
         "NATO Article 5 invoked in 2026?",
         "NATO officially invokes Article 5 of the North Atlantic Treaty by December 31, 2026. Article 4 consultations will not count",
         e26, "geopolitics", 1, 1),
        ("SAUDIISRAEL", "KXSAUDIISRAEL", "Saudi-Israel normalization", "World", [("Reuters", "https://www.reuters.com/")],
         "Will Saudi Arabia and Israel normalize relations in 2026?",
         "If Saudi Arabia and Israel sign an agreement establishing formal diplomatic relations before Jan 1, 2027, then the market resolves to Yes.",
         "Israel x Saudi Arabia normalization in 2026?",
         "Israel and Saudi Arabia sign an agreement establishing full diplomatic relations by December 31, 2026",
         e26, "geopolitics", 1, 1),
        ("CAQUAKE", "KXCAQUAKE", "California earthquake", "Climate and Weather", [("USGS", "https://earthquake.usgs.gov/")],
         "Will a magnitude 7.0+ earthquake hit California in 2026?",
         "If the USGS records an earthquake of magnitude 7.0 or greater with an epicenter in California before Jan 1, 2027, then the market resolves to Yes.",
         "7.0+ magnitude earthquake in California in 2026?",
         "the USGS reports an earthquake of magnitude 7.0 or higher with its epicenter in California between market creation and December 31, 2026",
         e26, "weather", 1, 1),
        ("HURRNOV", "KXHURRNOV", "November hurricane landfall", "Climate and Weather", [("National Hurricane Center", "https://www.nhc.noaa.gov/")],
         "Will a hurricane make landfall in the US in November 2026?",
         "If a tropical cyclone makes landfall in the continental United States at hurricane strength, per the National Hurricane Center, during November 2026, then the market resolves to Yes.",
         "Hurricane landfall in the US in November?",
         "a hurricane (Category 1 or higher at the time of landfall) makes landfall in the continental U.S. between November 1 and November 30, 2026, per the NHC",
         ET(2026, 11, 30, 23, 59), "weather", 1, 1),
        ("AVENGERSOW", "KXAVENGERS", "Avengers: Doomsday opening", "Entertainment", [("Box Office Mojo", "https://www.boxofficemojo.com/")],
         "Will Avengers: Doomsday gross more than $250M in its domestic opening weekend?",
         "If Avengers: Doomsday earns more than $250,000,000 at the domestic (US and Canada) box office over its Friday-Sunday opening weekend, per Box Office Mojo, then the market resolves to Yes.",
         "Avengers: Doomsday opening weekend above $250M?",
         "Avengers: Doomsday grosses more than $250 million domestically (US and Canada) in its first Friday–Sunday weekend, according to Box Office Mojo's first reported actuals",
         ET(2026, 12, 22, 12, 0), "culture", 1, 1),
        ("APPLEGLASS", "KXAPPLEGLASSES", "Apple smart glasses", "Science and Technology", [("Apple Newsroom", "https://www.apple.com/newsroom/")],
         "Will Apple announce smart glasses in 2026?",
         "If Apple officially announces a smart glasses product before Jan 1, 2027, then the market resolves to Yes.",
         "Apple smart glasses announced in 2026?",
         "Apple officially announces a pair of smart glasses (not a Vision Pro headset) by December 31, 2026",
         e26, "tech", 1, 1),
        ("TSLAQ4", "KXTSLADELIV", "Tesla deliveries", "Companies", [("Tesla IR", "https://ir.tesla.com/")],
         "Will Tesla deliver more than 450,000 vehicles in Q4 2026?",
         "If Tesla reports more than 450,000 total vehicle deliveries for Q4 2026 in its quarterly production and deliveries release, then the market resolves to Yes.",
         "Tesla Q4 2026 deliveries above 450k?",
         "Tesla's official Q4 2026 production and deliveries report shows total deliveries greater than 450,000 vehicles",
         ET(2027, 1, 5, 12, 0), "finance", 1, 1),
        ("SWIFTALBUM", "KXSWIFTALBUM", "New Taylor Swift album", "Entertainment", [("Republic Records", "https://www.republicrecords.com/")],
         "Will Taylor Swift release a new studio album before 2027?",
         "If Taylor Swift releases a new studio album (not a re-recording or live album) before Jan 1, 2027, then the market resolves to Yes.",
         "New Taylor Swift album in 2026?",
         "Taylor Swift releases a new original studio album by December 31, 2026. Re-recordings, deluxe editions and live albums will not count",
         e26, "culture", 1, 1),
        ("ARMYNAVY", "KXTRUMPARMYNAVY", "Trump at Army-Navy", "Politics", [("White House", "https://www.whitehouse.gov/")],
         "Will Trump attend the 2026 Army-Navy Game?",
         "If Donald Trump attends the 2026 Army-Navy football game in person, then the market resolves to Yes.",
         "Trump at the Army-Navy game?",
         "Donald Trump attends the 2026 Army–Navy Game, scheduled for December 12, 2026, in person",
         ET(2026, 12, 12, 23, 0), "politics", 1, 1),
        ("TARIFFCHECK", "KXTARIFFCHECK", "Tariff rebate checks", "Politics", [("U.S. Treasury", "https://home.treasury.gov/")],
         "Will tariff rebate checks be sent to Americans in 2026?",
         "If the federal government issues direct payments to individuals funded by or described as tariff rebates or dividends before Jan 1, 2027, then the market resolves to Yes.",
         "Tariff dividend checks sent in 2026?",
         "the U.S. federal government begins sending tariff rebate or 'tariff dividend' payments to individual Americans by December 31, 2026",
         e26, "politics", 1, 1),
        ("SPEAKER", "KXSPEAKERJOHNSON", "Speaker Johnson", "Politics", [("Clerk of the House", "https://clerk.house.gov/")],
         "Will Mike Johnson still be Speaker of the House on Dec 31, 2026?",
         "If Mike Johnson is Speaker of the U.S. House of Representatives on Dec 31, 2026, and has served continuously since the market opened, then the market resolves to Yes.",
         "Mike Johnson out as Speaker in 2026?",
         "Mike Johnson ceases to be Speaker of the House for any reason between market creation and December 31, 2026",
         e26, "politics", -1, 1),
        ("UKRELECTION", "KXUKRELECTION", "Ukraine presidential election", "World", [("Central Election Commission of Ukraine", "https://www.cvk.gov.ua/")],
         "Will Ukraine hold a presidential election in 2026?",
         "If Ukraine holds the first round of a presidential election before Jan 1, 2027, then the market resolves to Yes.",
         "Ukraine presidential election held in 2026?",
         "voting in the first round of a Ukrainian presidential election takes place by December 31, 2026",
         e26, "geopolitics", 1, 1),
        ("NETANYAHUPARDON", "KXNETANYAHUPARDON", "Netanyahu pardon", "World", [("Times of Israel", "https://www.timesofisrael.com/")],
         "Will Benjamin Netanyahu receive a pardon in 2026?",
         "If Israeli President Isaac Herzog grants Benjamin Netanyahu a pardon before Jan 1, 2027, then the market resolves to Yes.",
         "Netanyahu pardoned in 2026?",
         "Benjamin Netanyahu is granted a pardon by the President of Israel by December 31, 2026",
         e26, "geopolitics", 1, 1),
        ("KUIPER", "KXKUIPER", "Amazon Kuiper service", "Science and Technology", [("Amazon", "https://www.aboutamazon.com/")],
         "Will Amazon launch commercial Kuiper (Leo) internet service in 2026?",
         "If Amazon begins offering its Project Kuiper (Amazon Leo) satellite internet service to paying customers before Jan 1, 2027, then the market resolves to Yes.",
         "Amazon Leo satellite internet commercial launch in 2026?",
         "Amazon's satellite internet service (Project Kuiper, rebranded Amazon Leo) becomes commercially available to paying customers by December 31, 2026. Beta or enterprise pilots will not count",
         e26, "tech", 1, 1),
        ("SPACEXAI", "KXSPACEXXAI", "SpaceX-xAI merger", "Companies", [("SpaceX", "https://www.spacex.com/")],
         "Will SpaceX and xAI complete a merger in 2026?",
         "If SpaceX and xAI complete a merger, or one acquires the other, before Jan 1, 2027, then the market resolves to Yes.",
         "SpaceX and xAI merger completed in 2026?",
         "a merger between SpaceX and xAI (or an acquisition of one by the other) is completed by December 31, 2026",
         e26, "finance", 1, 1),
        ("LEBRONRET", "KXLEBRONRETIRE", "LeBron retirement", "Sports", [("NBA", "https://www.nba.com/")],
         "Will LeBron James announce his retirement in 2026?",
         "If LeBron James publicly announces his retirement from the NBA before Jan 1, 2027, then the market resolves to Yes.",
         "LeBron announces retirement in 2026?",
         "LeBron James officially announces his retirement from professional basketball by December 31, 2026",
         e26, "sports", 1, 1),
        ("MEASLES", "KXMEASLES", "US measles cases", "Science and Technology", [("CDC", "https://www.cdc.gov/measles/data-research/")],
         "Will the US have more than 2,000 measles cases in 2026?",
         "If the CDC reports more than 2,000 confirmed measles cases in the United States for calendar year 2026, then the market resolves to Yes.",
         "US measles cases above 2,000 in 2026?",
         "the CDC's count of confirmed U.S. measles cases for 2026 is greater than 2,000 as of its first update in January 2027",
         ET(2027, 1, 15), "economics", 1, 1),
    ]
    for bid, ser, stitle, cat, src, ktitle, krules, pq, prule, close, fee, ksign, psign in items:
        lt = et_local(close).date()
        ev = f"{ser}-{'26' if (lt.month, lt.day) == (12, 31) else kd(lt)}"
        BK[bid] = kone(F, K(f"BIN:{bid}", ksign), ser, stitle, cat, src, ev, ktitle, "", ev, ktitle,
                       pick("Yes", ""), krules,
                       "Resolution is based on the sources listed for this market and a consensus of credible reporting.",
                       close, hint=None)
        BP[bid] = pone(F, K(f"BIN:{bid}", psign), pq, yn(prule) + "\n\nThe resolution source for this market will be a consensus of credible reporting.",
                       slugify(pq)[:80], pq.rstrip("?"), close + timedelta(hours=R.choice([0, 0, 4, 24])), fee)
    # extra inverted framings
    BK["FILISTILL"] = kone(F, K("BIN:FILIBUSTER", -1), "KXFILIBUSTERSTAYS", "Filibuster remains", "Politics",
                           [("U.S. Senate", "https://www.senate.gov/")], "KXFILIBUSTERSTAYS-26", "Filibuster still in place on Dec 31, 2026?",
                           "", "KXFILIBUSTERSTAYS-26", "Will the legislative filibuster survive 2026?", "Survives",
                           "If the 60-vote cloture requirement for legislation remains in effect in the U.S. Senate through Dec 31, 2026, then the market resolves to Yes.",
                           "Carve-outs for nominations or budget reconciliation do not affect this market.", e26)
    BP["FILISURV"] = pone(F, K("BIN:FILIBUSTER", -1), "Will the Senate keep the filibuster through 2026?",
                          yn("the U.S. Senate's 60-vote threshold to end debate on legislation remains in place through December 31, 2026"),
                          "senate-keeps-filibuster-2026", "Senate keeps filibuster through 2026?", e26, "politics")
    BP["MUSKSTAY"] = pone(F, K("BIN:MUSKCEO", -1), "Will Elon Musk still be Tesla CEO at the end of 2026?",
                          yn("Elon Musk is CEO of Tesla on December 31, 2026 and has not ceased to hold the role at any time since market creation"),
                          "musk-still-tesla-ceo-end-of-2026", "Musk still Tesla CEO end of 2026?", e26, "finance")
    # negatives
    extra = {}

    def pneg(key: str, q: str, rule: str, end: datetime, fee: str) -> str:
        cid = pone(F, K(f"BIN:{key}"), q, yn(rule), slugify(q)[:80], q.rstrip("?"), end, fee)
        extra[key] = cid
        return cid

    C.neg(BK["GREENLAND"], pneg("GREENLANDBUY", "US and Denmark sign Greenland purchase agreement in 2026?",
                                "the United States and Denmark (and/or Greenland) sign an agreement for the US to purchase Greenland by December 31, 2026", e26, "geopolitics"),
          "related", "different_stage", "sovereignty transferred vs purchase agreement signed")
    ktb = kone(F, K("BIN:TAIWANBLOCKADE"), "KXCHINABLOCKADE", "China blockades Taiwan", "World", [("Reuters", "https://www.reuters.com/")],
               "KXCHINABLOCKADE-26", "Will China blockade Taiwan before 2027?", "", "KXCHINABLOCKADE-26",
               "Will China blockade Taiwan before 2027?", "Yes",
               "If the People's Republic of China imposes a naval or air blockade of Taiwan before Jan 1, 2027, then the market resolves to Yes.",
               "Military exercises without an announced or enforced blockade do not count.", e26)
    C.neg(ktb, BP["TAIWAN"], "related", "invasion_vs_blockade", "blockade vs invasion: distinct acts")
    C.neg(BK["TAIWAN"], pneg("TAIWANBLOCKADE2", "China blockade of Taiwan in 2026?",
                             "China enforces a naval blockade of Taiwan by December 31, 2026", e26, "geopolitics"),
          "related", "invasion_vs_blockade", "invasion vs blockade")
    C.neg(BK["GPT6"], pneg("GPT55", "GPT-5.5 released in 2026?", "OpenAI releases a model named GPT-5.5 to the public by December 31, 2026", e26, "tech"),
          "different", "different_product", "GPT-6 vs GPT-5.5")
    C.neg(BK["GPT6"], pneg("GPT6ANN", "OpenAI announces GPT-6 in 2026?", "OpenAI officially announces GPT-6, whether or not it is released, by December 31, 2026", e26, "tech"),
          "a_implies_b", "announce_vs_release", "a public release implies an announcement")
    C.neg(BK["GEMINI4"], pneg("GEMINI35ULTRA", "Gemini 3.5 Ultra released in 2026?", "Google releases a model named Gemini 3.5 Ultra by December 31, 2026", e26, "tech"),
          "different", "different_product", "Gemini 4 vs Gemini 3.5 Ultra")
    ksen = kone(F, K("BIN:CLARITYSENATE"), "KXCLARITYSENATE", "CLARITY Act passes Senate", "Politics",
                [("Congress.gov", "https://www.congress.gov/")], "KXCLARITYSENATE-26", "Will the Senate pass the CLARITY Act in 2026?", "",
                "KXCLARITYSENATE-26", "Will the Senate pass the CLARITY Act in 2026?", "Passes Senate",
                "If the U.S. Senate passes the Digital Asset Market Clarity Act (or its Senate companion) before Jan 1, 2027, then the market resolves to Yes.",
                "", e26)
    C.neg(ksen, BP["CLARITY"], "b_implies_a", "different_stage", "signed into law implies passed the Senate")
    C.neg(BK["MAXWELL"], pneg("MAXWELLPARDON", "Trump pardons Ghislaine Maxwell in 2026?",
                              "Donald Trump grants Ghislaine Maxwell a full pardon by December 31, 2026. A commutation will not count", e26, "politics"),
          "b_implies_a", "pardon_vs_clemency", "a pardon is one form of clemency; a commutation counts only on Kalshi")
    C.neg(BK["SAUDIISRAEL"], pneg("ABRAHAM", "Saudi Arabia joins the Abraham Accords in 2026?",
                                  "Saudi Arabia formally joins the Abraham Accords by December 31, 2026", e26, "geopolitics"),
          "related", "different_event", "normalization vs joining the Abraham Accords framework")
    C.neg(BK["CAQUAKE"], pneg("CAQUAKE65", "6.5+ earthquake in California in 2026?",
                              "the USGS reports an earthquake of magnitude 6.5 or higher with its epicenter in California by December 31, 2026", e26, "weather"),
          "a_implies_b", "other_threshold", "7.0+ implies 6.5+")
    C.neg(BK["AVENGERSOW"], pneg("AVENGERSWW", "Avengers: Doomsday global opening above $600M?",
                                 "Avengers: Doomsday's worldwide opening weekend gross exceeds $600 million per Box Office Mojo", ET(2026, 12, 22, 12, 0), "culture"),
          "related", "different_statistic", "domestic opening vs worldwide opening")
    C.neg(BK["APPLEGLASS"], pneg("VISIONPRO2", "Apple releases Vision Pro 2 in 2026?",
                                 "Apple releases a second-generation Vision Pro headset by December 31, 2026", e26, "tech"),
          "different", "different_product", "smart glasses vs Vision Pro headset")
    C.neg(BK["TSLAQ4"], pneg("TSLAQ4PROD", "Tesla Q4 2026 production above 450k?",
                             "Tesla's Q4 2026 report shows total production greater than 450,000 vehicles", ET(2027, 1, 5, 12, 0), "finance"),
          "related", "different_statistic", "deliveries vs production")
    C.neg(BK["SPACEXAI"], pneg("SPACEXAIANN", "SpaceX x xAI merger announced in 2026?",
                               "SpaceX and xAI announce a definitive merger agreement by December 31, 2026", e26, "finance"),
          "a_implies_b", "announce_vs_complete", "completion implies a prior announcement")
    C.neg(BK["MEASLES"], pneg("MEASLES2000", "2,000 or more US measles cases in 2026?",
                              "the CDC's confirmed U.S. measles case count for 2026 is 2,000 or higher", ET(2027, 1, 15), "economics"),
          "a_implies_b", "discrete_boundary", "more than 2,000 vs 2,000 or more (an integer count can equal 2,000)")
    C.neg(BK["LEBRONRET"], pneg("LEBRONPLAY27", "Will LeBron play in the 2027-28 NBA season?",
                                "LeBron James appears in at least one NBA regular-season game in the 2027-28 season", ET(2028, 4, 20), "sports"),
          "related", "different_event", "announcing retirement in 2026 vs playing in 2027-28")
    C.neg(BK["SPEAKER"], pneg("JEFFRIESSPEAKER", "Hakeem Jeffries elected Speaker in January 2027?",
                              "Hakeem Jeffries is elected Speaker of the House when the 120th Congress convenes in January 2027", ET(2027, 1, 31), "politics"),
          "related", "different_event", "Johnson still Speaker on Dec 31, 2026 vs Jeffries elected in January 2027")
    C.neg(BK["MUSKCEO"], BP["SPACEXAI"], "different", "different_entity", "Musk's Tesla role vs SpaceX-xAI merger")
    C.neg(BK["INSURRECTION"], pneg("MARTIALLAW", "Trump declares martial law in 2026?",
                                   "Donald Trump declares martial law anywhere in the United States by December 31, 2026", e26, "politics"),
          "related", "different_event", "Insurrection Act invocation vs martial law declaration")
    C.neg(BK["ARTICLE5"], pneg("ARTICLE4", "NATO Article 4 consultations in 2026?",
                               "any NATO member formally requests Article 4 consultations by December 31, 2026", e26, "geopolitics"),
          "related", "different_event", "Article 5 vs Article 4")
    C.neg(BK["NETANYAHUPARDON"], pneg("NETANYAHUOUT", "Netanyahu out as Israeli PM in 2026?",
                                      "Benjamin Netanyahu ceases to be Prime Minister of Israel by December 31, 2026", e26, "geopolitics"),
          "related", "different_event", "pardon vs leaving office")
    C.neg(BK["FILISTILL"], pneg("NUKEOPTION", "Senate uses nuclear option on legislation in 2026?",
                                "the Senate changes its rules by simple majority to end debate on any specific piece of legislation by December 31, 2026", e26, "politics"),
          "related", "different_event", "a one-off carve-out can happen while the filibuster survives")
    C.neg(BK["HURRNOV"], pneg("HURROCT", "Hurricane landfall in the US in October?",
                              "a hurricane makes landfall in the continental U.S. between October 1 and October 31, 2026", ET(2026, 10, 31, 23, 59), "weather"),
          "different", "different_window", "November vs October landfall")
    C.neg(BK["KUIPER"], pneg("STARLINKIPO", "Starlink IPO in 2026?", "Starlink shares begin public trading by December 31, 2026", e26, "finance"),
          "different", "different_entity", "Amazon Kuiper vs SpaceX Starlink")
    C.neg(BK["TARIFFCHECK"], pneg("STIMULUS2026", "Congress passes stimulus checks in 2026?",
                                  "Congress passes legislation authorizing direct stimulus payments to individuals by December 31, 2026", e26, "politics"),
          "related", "different_stage", "checks sent vs legislation passed (tariff dividends may need no new stimulus law)")
    C.neg(BK["SWIFTALBUM"], pneg("SWIFTTOUR", "Taylor Swift announces a world tour in 2026?",
                                 "Taylor Swift officially announces a new concert tour by December 31, 2026", e26, "culture"),
          "related", "different_event", "new album vs tour announcement")
    C.neg(BK["ARMYNAVY"], pneg("TRUMPSUPERBOWL", "Trump attends Super Bowl LXI?",
                               "Donald Trump attends Super Bowl LXI in person", U(2027, 2, 15), "politics"),
          "different", "different_event", "Army-Navy game vs Super Bowl")
    _ = extra



# =================================================================================================
# DISTRACTORS: markets listed on one venue only
# =================================================================================================
def build_distractors() -> None:
    # ---- Kalshi-only ----
    # weekly jobless claims, gas prices, mentions, Netflix rankings, Spotify, Rotten Tomatoes, Tesla robotaxi, etc.
    C.add_series("KXJOBLESSCLAIMS", "Initial jobless claims", "Economics", "weekly",
                 [("U.S. Department of Labor", "https://www.dol.gov/ui/data.pdf")], tags=["Economics"])
    for d in (date(2026, 10, 29), date(2026, 11, 5)):
        ev = f"KXJOBLESSCLAIMS-{kd(d)}"
        rel = ET(d.year, d.month, d.day, 8, 30)
        C.add_event(ev, "KXJOBLESSCLAIMS", f"Initial jobless claims for the week ending {md_short(d - timedelta(days=5))}?",
                    "Seasonally adjusted", False, strike=rel)
        for x in (215000, 225000, 235000):
            C.add_k("discrete_stat", None, f"{ev}-T{x}", ev, f"Initial jobless claims above {x:,}?", f"Above {x:,}", f"{x:,} or below",
                    f"If seasonally adjusted initial jobless claims reported on {md_short(d)} are above {x:,}, then the market resolves to Yes.",
                    "Uses the advance figure in the Department of Labor weekly release.", before(NOW, days=5), rel,
                    rel + timedelta(hours=1), strike_type="greater", floor=x)
    C.add_series("KXAAAGASW", "US gas prices (weekly)", "Economics", "weekly", [("AAA", "https://gasprices.aaa.com/")], tags=["Energy"])
    ev = "KXAAAGASW-26NOV02"
    C.add_event(ev, "KXAAAGASW", "US gas price on Nov 2, 2026?", "AAA national average, regular", False, strike=ET(2026, 11, 2, 10))
    for x in (2.95, 3.00, 3.05, 3.10):
        C.add_k("discrete_stat", None, f"{ev}-T{x:.3f}", ev, f"Gas prices above ${x:.2f} on Nov 2, 2026?", f"Above ${x:.3f}", f"${x:.3f} or below",
                f"If the AAA national average price for regular unleaded gasoline on Nov 2, 2026 is above ${x:.3f}, then the market resolves to Yes.",
                "AAA publishes the average to three decimals.", before(NOW, days=6), ET(2026, 11, 2, 10), ET(2026, 11, 2, 12),
                strike_type="greater", floor=x)
    C.add_series("KXMENTIONPOWELL", "What will Powell say?", "Mentions", "custom",
                 [("Federal Reserve", "https://www.federalreserve.gov/")], tags=["Mentions"])
    ev = "KXMENTIONPOWELL-26OCT28"
    C.add_event(ev, "KXMENTIONPOWELL", "What will the Fed Chair say at the Oct 28 press conference?", "FOMC press conference",
                False, strike=ET(2026, 10, 28, 16))
    for w in ("Tariff", "Recession", "Shutdown", "AI", "Soft landing", "Bitcoin"):
        C.add_k("binary_event", None, f"{ev}-{slugify(w).upper().replace('-', '')}", ev, f"Will the Fed Chair say \"{w}\" at the Oct 28, 2026 press conference?",
                w, w, f"If the Fed Chair says \"{w}\" during the press conference following the Oct 28, 2026 FOMC meeting, then the market resolves to Yes.",
                "Plural and possessive forms count; other forms do not. Based on the official transcript or video.",
                before(NOW, days=4), ET(2026, 10, 28, 14, 25), ET(2026, 10, 28, 16))
    C.add_series("KXNETFLIXRANK", "Top Netflix show", "Entertainment", "weekly", [("Netflix Top 10", "https://www.netflix.com/tudum/top10")], tags=["Culture"])
    ev = "KXNETFLIXRANK-26NOV03"
    C.add_event(ev, "KXNETFLIXRANK", "#1 English TV show on Netflix for the week of Oct 26, 2026?", "Netflix Top 10", True, strike=ET(2026, 11, 3, 15))
    for sh in ("Stranger Things: Tales From '85", "Wednesday", "The Diplomat", "Nobody Wants This", "Squid Game: America"):
        C.add_k("binary_event", None, f"{ev}-{slugify(sh).upper().replace('-', '')[:10]}", ev, "Top English TV show on Netflix?", sh, sh,
                f"If {sh} is the #1 English TV title on the Netflix Top 10 for the week of Oct 26 - Nov 1, 2026, then the market resolves to Yes.",
                "Based on the Global Top 10 weekly list.", before(NOW, days=3), ET(2026, 11, 3, 14), ET(2026, 11, 3, 16))
    C.add_series("KXRTSCORE", "Rotten Tomatoes score", "Entertainment", "custom", [("Rotten Tomatoes", "https://www.rottentomatoes.com/")], tags=["Culture"])
    ev = "KXRTSCORE-WICKED"
    C.add_event(ev, "KXRTSCORE", "Rotten Tomatoes score for 'The Hunger Games: Sunrise on the Reaping'?", "Tomatometer", False,
                strike=ET(2026, 11, 27, 12))
    for x in (70, 80, 90):
        C.add_k("binary_event", None, f"{ev}-{x}", ev, f"Tomatometer above {x}%?", f"Above {x}%", f"{x}% or below",
                f"If the Tomatometer score of The Hunger Games: Sunrise on the Reaping is above {x}% one week after release, then the market resolves to Yes.",
                "Checked at 10:00 AM ET.", before(NOW, days=20), ET(2026, 11, 27, 12), ET(2026, 11, 27, 15), strike_type="greater", floor=x)
    # Kalshi-only extra sports lines
    C.add_series("KXNFLANYTD", "NFL anytime touchdown", "Sports", "custom", SPORT_SERIES_SOURCES["NFL"], tags=["Sports"])
    ev = "KXNFLANYTD-26NOV01BUFPHI"
    C.add_event(ev, "KXNFLANYTD", "Buffalo at Philadelphia: anytime touchdown scorers", "Player props", False, strike=ET(2026, 11, 2, 0, 30))
    for pl in ("Josh Allen", "Saquon Barkley", "A.J. Brown", "James Cook", "Jalen Hurts", "DeVonta Smith"):
        C.add_k("moneyline", None, f"{ev}-{slugify(pl).upper().replace('-', '')[:8]}", ev, f"Will {pl} score a touchdown?", pl, pl,
                f"If {pl} scores a touchdown in the Buffalo at Philadelphia professional football game originally scheduled for Nov 1, 2026, then the market resolves to Yes.",
                "Passing touchdowns thrown do not count.", before(NOW, days=3), ET(2026, 11, 1, 20, 20), ET(2026, 11, 2, 0, 30))
    # ---- Polymarket-only ----
    pev = C.add_pevent("lol-worlds-2026-final", "LoL: Worlds 2026 Final", "League of Legends World Championship final.",
                       before(NOW, days=3), U(2026, 11, 8, 12, 0), tags=[("64", "esports")])
    C.add_p("moneyline", None, "LoL: T1 vs Gen.G (BO5) - Worlds Final", "lol-t1-gen-2026-11-07",
            "This market will resolve to \"T1\" if T1 wins the best-of-five series, and to \"Gen.G\" otherwise.",
            ["T1", "Gen.G"], pev, before(NOW, days=3), U(2026, 11, 7, 12), game_start=U(2026, 11, 7, 7), sports_type="moneyline", fee="sports")
    for i, (a, b) in enumerate((("Team Vitality", "FaZe Clan"), ("NAVI", "MOUZ"), ("Team Spirit", "G2 Esports"))):
        pev = C.add_pevent(f"cs2-{slugify(a)}-{slugify(b)}-2026-11-0{i + 1}", f"Counter-Strike: {a} vs {b}", "CS2 match.",
                           before(NOW, days=2), U(2026, 11, i + 1, 20), tags=[("64", "esports")])
        C.add_p("moneyline", None, f"Counter-Strike: {a} vs {b} (BO3)", f"cs2-{slugify(a)}-{slugify(b)}-2026-11-0{i + 1}",
                f"This market will resolve to \"{a}\" if {a} wins the best-of-three match, otherwise to \"{b}\".",
                [a, b], pev, before(NOW, days=2), U(2026, 11, i + 1, 20), game_start=U(2026, 11, i + 1, 16),
                sports_type="moneyline", fee="sports")
    for d, hh in ((date(2026, 10, 30), 15), (date(2026, 10, 30, ), 16), (date(2026, 11, 2), 10)):
        t = ET(d.year, d.month, d.day, hh)
        q = f"Bitcoin Up or Down - {md_noyear(d)}, {hm12(t).replace(':00', '')} ET"
        pev = C.add_pevent(slugify(q), q, "Hourly BTC direction.", before(t, hours=2), t + timedelta(hours=1),
                           tags=[("21", "crypto"), ("102175", "up-or-down")])
        C.add_p("price_threshold", None, q, slugify(q),
                "This market will resolve to \"Up\" if the close price for the Binance BTC/USDT 1 hour candle is greater than or "
                "equal to the open price, and to \"Down\" otherwise.", ["Up", "Down"], pev, before(t, hours=2), t + timedelta(hours=1), fee="crypto")
    for lo, hi in ((200, 219), (220, 239), (240, 259), (260, 279)):
        pev = C.add_pevent("elon-musk-of-tweets-october-24-october-31", "Elon Musk # of tweets October 24 - October 31, 2026?",
                           "Post counter.", before(NOW, days=1), ET(2026, 10, 31, 12), neg_risk=True, tags=[("105", "mentions")])
        C.add_p("binary_event", None, f"Will Elon Musk post {lo}-{hi} tweets from October 24 to October 31, 2026?",
                f"elon-musk-of-tweets-october-24-october-31-{lo}-{hi}",
                yn(f"Elon Musk posts between {lo} and {hi} times on X from October 24, 12:00 PM ET to October 31, 12:00 PM ET, per the XTracker post counter"),
                ["Yes", "No"], pev, before(NOW, days=1), ET(2026, 10, 31, 12), group_item_title=f"{lo}–{hi}", fee="mentions")
    for w in ("Tariff", "Crypto", "Nuclear", "Fake News"):
        pev = C.add_pevent("what-will-trump-say-this-week-october-26", "What will Trump say this week?", "Mention markets.",
                           before(NOW, days=1), ET(2026, 11, 1, 23, 59), tags=[("105", "mentions")])
        C.add_p("binary_event", None, f"Will Trump say \"{w}\" this week? (Oct 26 - Nov 1)", f"trump-say-{slugify(w)}-week-october-26",
                yn(f"Donald Trump says \"{w}\" during any public appearance between October 26 and November 1, 2026, 11:59 PM ET"),
                ["Yes", "No"], pev, before(NOW, days=1), ET(2026, 11, 1, 23, 59), group_item_title=w, fee="mentions")
    misc_p = [
        ("Will the Louvre reopen the Apollo Gallery in 2026?", "culture"),
        ("Will 'One Battle After Another' win Best Picture at the 2027 Oscars?", "culture"),
        ("Will Kim Kardashian pass the bar exam in 2026?", "culture"),
        ("MicroStrategy (Strategy) announces Bitcoin purchase this week?", "crypto"),
        ("Will Ethereum's Fusaka upgrade successor (Glamsterdam) go live in 2026?", "crypto"),
        ("Will Spain's Congress approve the 2027 budget by December 31?", "geopolitics"),
        ("Will Gavin Newsom announce a 2028 presidential run in 2026?", "politics"),
        ("Will JD Vance announce a 2028 presidential run before 2027?", "politics"),
        ("Will the US confirm the existence of aliens in 2026?", "culture"),
        ("Will a new country join NATO in 2026?", "geopolitics"),
    ]
    for q, fee in misc_p:
        C.add_p("binary_event", None, q, slugify(q)[:90], yn(q.rstrip("?").replace("Will ", "").lower()),
                ["Yes", "No"], C.add_pevent(slugify(q)[:60], q.rstrip("?"), q, before(NOW, days=30), ET(2026, 12, 31, 23, 59)),
                before(NOW, days=30), ET(2026, 12, 31, 23, 59), fee=fee)
    misc_k = [
        ("KXSNOWNYC", "NYC snowfall in November", "Climate and Weather", "Will Central Park record measurable snow in November 2026?",
         "If the NWS Daily Climate Report for Central Park shows at least 0.1 inches of snowfall on any day in November 2026, then the market resolves to Yes."),
        ("KXEGGS", "Egg prices", "Economics", "Will the average price of a dozen eggs be above $3.00 in October 2026?",
         "If the BLS average price for a dozen Grade A large eggs for October 2026 is above $3.00, then the market resolves to Yes."),
        ("KXPOPEVISIT", "Pope Leo US visit", "World", "Will Pope Leo XIV visit the United States before 2027?",
         "If Pope Leo XIV makes an official visit to the United States before Jan 1, 2027, then the market resolves to Yes."),
        ("KXAPPLECEO", "Apple CEO", "Companies", "Will Tim Cook cease to be Apple CEO before 2027?",
         "If Tim Cook ceases to be Chief Executive Officer of Apple before Jan 1, 2027, then the market resolves to Yes."),
        ("KXSTARSHIPFLIGHT", "Starship flights", "Science and Technology", "Will SpaceX launch at least 3 more Starship flights before 2027?",
         "If SpaceX launches at least three Starship integrated flight tests between the market's open and Dec 31, 2026, then the market resolves to Yes."),
        ("KXCAGOV", "California governor race", "Elections", "Will a Republican advance to the general election for California governor in 2026?",
         "If a Republican candidate is one of the top two finishers in the 2026 California gubernatorial primary, then the market resolves to Yes."),
        ("KXTOPSONG", "Billboard Hot 100 #1", "Entertainment", "Will a Taylor Swift song be #1 on the Billboard Hot 100 on Nov 7, 2026?",
         "If a song by Taylor Swift (lead artist) is #1 on the Billboard Hot 100 chart dated Nov 7, 2026, then the market resolves to Yes."),
        ("KXRECESSION", "US recession", "Economics", "Will the NBER declare a US recession starting in 2026?",
         "If the NBER Business Cycle Dating Committee announces a business cycle peak in 2026 before Dec 31, 2027, then the market resolves to Yes."),
    ]
    for ser, stitle, cat, title, rules in misc_k:
        ev = f"{ser}-26"
        kone("binary_event", None, ser, stitle, cat, [("Kalshi", "https://kalshi.com/")], ev, title, "", ev, title, "", rules,
             "Resolution is based on the official source named in the rules.", ET(2026, 12, 31, 23, 59))


# =================================================================================================
# assemble, check, write
# =================================================================================================
def assemble() -> tuple[dict, list, list]:
    kby: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for t, k in C.kkey.items():
        if k is not None:
            kby[k[0]].append((t, k[1]))
    kmap = {m["ticker"]: m for m in C.kmarkets}
    pmap = {m["conditionId"]: m for m in C.pmarkets}
    truth: list[dict] = []
    seen: set[tuple[str, str]] = set()
    for cid, k in C.pkey.items():
        if k is None:
            continue
        for t, s in kby.get(k[0], []):
            fk, fp = C.kfam[t], C.pfam[cid]
            assert fk == fp, (t, cid, fk, fp)
            same = s == k[1]
            outs = json.loads(pmap[cid]["outcomes"])
            km = kmap[t]
            ylab = km["yes_sub_title"] or km["title"]
            note = (f"Kalshi YES ({ylab}) settles like Polymarket "
                    f"{'first' if same else 'second'} outcome '{outs[0 if same else 1]}'")
            truth.append({"kalshi_ticker": t, "polymarket_condition_id": cid, "relation": "identical",
                          "orientation": "same" if same else "inverted", "family": fk, "note": note})
            seen.add((t, cid))
    for n in C.negs:
        pair = (n["kalshi_ticker"], n["polymarket_condition_id"])
        kk, pk = C.kkey[pair[0]], C.pkey[pair[1]]
        assert not (kk and pk and kk[0] == pk[0]), f"negative is identical: {n}"
        assert pair not in seen, f"duplicate truth row: {n}"
        seen.add(pair)
        truth.append({k: n[k] for k in ("kalshi_ticker", "polymarket_condition_id", "relation", "orientation", "family", "note")})
    kalshi = {"series": list(C.series.values()), "events": list(C.events.values()), "markets": C.kmarkets}
    for ev in C.pevents.values():
        ev.pop("_n", None)
    return kalshi, C.pmarkets, truth


def main() -> int:
    build_sports()
    build_candidates()
    build_fed()
    build_discrete()
    build_dates()
    build_prices()
    build_binary()
    build_distractors()
    kalshi, poly, truth = assemble()
    # stable, venue-like order: markets grouped by event as the API pages them
    R2 = random.Random(SEED + 1)
    evorder = list(kalshi["events"])
    R2.shuffle(evorder)
    rank = {e["event_ticker"]: i for i, e in enumerate(evorder)}
    kalshi["markets"].sort(key=lambda m: (rank[m["event_ticker"]], m["ticker"]))
    kalshi["events"] = evorder
    R2.shuffle(poly)
    R2.shuffle(truth)
    for name, obj in (("kalshi.json", kalshi), ("polymarket.json", poly), ("truth.json", truth)):
        with open(os.path.join(OUT, name), "w", encoding="utf-8") as fh:
            json.dump(obj, fh, ensure_ascii=False, indent=1)
            fh.write("\n")
    report(kalshi, poly, truth)
    return 0


def report(kalshi: dict, poly: list, truth: list) -> None:
    ident = [t for t in truth if t["relation"] == "identical"]
    negs = [t for t in truth if t["relation"] != "identical"]
    paired_k = {t["kalshi_ticker"] for t in ident}
    paired_p = {t["polymarket_condition_id"] for t in ident}
    nk, np_ = len(kalshi["markets"]), len(poly)
    print(f"kalshi: {len(kalshi['series'])} series, {len(kalshi['events'])} events, {nk} markets "
          f"({nk - len(paired_k)} unpaired = {100 * (nk - len(paired_k)) / nk:.0f}%)")
    print(f"polymarket: {np_} markets ({np_ - len(paired_p)} unpaired = {100 * (np_ - len(paired_p)) / np_:.0f}%)")
    print(f"identical pairs: {len(ident)} (inverted {sum(t['orientation'] == 'inverted' for t in ident)})")
    for f in FAMILIES:
        fi = [t for t in ident if t["family"] == f]
        print(f"  {f:16s} identical {len(fi):4d} (inverted {sum(t['orientation'] == 'inverted' for t in fi):3d})"
              f"  negatives {sum(1 for t in negs if t['family'] == f):4d}")
    print(f"hard negatives: {len(negs)}  by relation: {dict(Counter(t['relation'] for t in negs))}")
    print("negatives by kind:", dict(sorted(Counter(t['note'].split(':')[0] for t in negs).items(), key=lambda x: -x[1])))


if __name__ == "__main__":
    sys.exit(main())
