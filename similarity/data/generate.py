"""Generate the labelled matching set: K.json (Kalshi GET /markets body), P.json (Gamma /markets
body), T.json (every true pair) and candidates.json (every designed pair, true or hard negative,
with its failure family, for reporting).

Run: .venv/bin/python similarity/data/generate.py   (deterministic; rewrites the four files)

The text follows the venues' real phrasing (Kalshi ladders with yes_sub_title strikes, Gamma
questions with descriptions and JSON-string outcomes). True pairs are rephrasings, sometimes
inverted (complementary comparators, team outcomes in the other order, negated questions).
Hard negatives differ in exactly one settlement-relevant way: threshold, comparator, bucket vs
cumulative, date or window kind, station, settlement time, entity, statistic, office or stage.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
OPEN = "2026-11-01T14:00:00Z"

kalshi: list[dict[str, Any]] = []
gamma: list[dict[str, Any]] = []
truth: list[dict[str, str]] = []
candidates: list[dict[str, str]] = []


def _h(*parts: object) -> str:
    return hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()


def iso(dt: datetime) -> str:
    return dt.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def et(y: int, mo: int, d: int, h: int = 12, mi: int = 0) -> datetime:
    """A US Eastern wall time in winter (UTC-5), as an aware UTC datetime."""
    return datetime(y, mo, d, h, mi, tzinfo=UTC) + timedelta(hours=5)


def k(ticker: str, *, event: str, title: str, yes: str, no: str, rules: str, close: datetime,
      rules2: str = "") -> str:
    seed = int(_h(ticker)[:4], 16)
    bid = 5 + seed % 85
    kalshi.append({
        "ticker": ticker, "event_ticker": event, "market_type": "binary", "title": title,
        "subtitle": "", "yes_sub_title": yes, "no_sub_title": no,
        "created_time": OPEN, "updated_time": OPEN, "open_time": OPEN, "close_time": iso(close),
        "expected_expiration_time": iso(close + timedelta(hours=3)),
        "latest_expiration_time": iso(close + timedelta(days=7)), "settlement_timer_seconds": 3600,
        "status": "active", "yes_bid_dollars": f"{bid / 100:.4f}", "yes_ask_dollars": f"{(bid + 2) / 100:.4f}",
        "no_bid_dollars": f"{(98 - bid) / 100:.4f}", "no_ask_dollars": f"{(100 - bid) / 100:.4f}",
        "last_price_dollars": f"{(bid + 1) / 100:.4f}", "volume_fp": f"{seed * 3}.00",
        "open_interest_fp": f"{seed}.00", "notional_value_dollars": "1.0000", "result": "",
        "can_close_early": True, "rules_primary": rules,
        "rules_secondary": rules2 or "The market's outcome is determined by the source named above.",
        "price_level_structure": "linear_cent",
        "price_ranges": [{"start": "0.0000", "end": "1.0000", "step": "0.0100"}],
    })
    return ticker


def p(question: str, *, end: datetime, description: str, event_title: str, outcomes: tuple[str, str] = ("Yes", "No"),
      group: str = "", source: str = "", rate: float = 0.05, neg_risk: bool = False) -> str:
    cid = "0x" + _h("condition", question, group, iso(end))
    tokens = [str(int(_h("token", cid, i), 16))[:77] for i in range(2)]
    slug = "-".join("".join(c if c.isalnum() else " " for c in question.lower()).split())[:80]
    gamma.append({
        "id": str(int(_h("id", cid)[:6], 16)), "question": question, "conditionId": cid, "slug": slug,
        "resolutionSource": source, "endDate": iso(end), "startDate": OPEN, "description": description,
        "outcomes": json.dumps(list(outcomes)), "outcomePrices": json.dumps(["0.5", "0.5"]),
        "clobTokenIds": json.dumps(tokens), "active": True, "closed": False, "archived": False,
        "enableOrderBook": True, "acceptingOrders": True, "negRisk": neg_risk,
        "groupItemTitle": group, "orderPriceMinTickSize": 0.01, "orderMinSize": 5,
        "feeSchedule": {"exponent": 1, "rate": rate, "takerOnly": True, "rebateRate": 0.2},
        "events": [{"id": str(int(_h("event", event_title)[:6], 16)), "title": event_title,
                    "slug": "-".join(event_title.lower().split())}],
    })
    return cid


def true_pair(kt: str, cid: str, family: str, orientation: str = "same") -> None:
    truth.append({"kalshi_ticker": kt, "polymarket_condition_id": cid, "relation": "identical",
                  "orientation": orientation})
    candidates.append({"kalshi_ticker": kt, "polymarket_condition_id": cid, "label": "true",
                       "family": family, "orientation": orientation})


def negative(kt: str, cid: str, family: str) -> None:
    candidates.append({"kalshi_ticker": kt, "polymarket_condition_id": cid, "label": "negative",
                       "family": family})


MONTH = ["", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
MONTH_LONG = ["", "January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December"]


# --- crypto: point-in-time thresholds, touch markets, settlement times ----------------------
COINS = [("BTC", "Bitcoin", "BRTI", "BTCUSDT", [95000, 100000, 105000]),
         ("ETH", "Ethereum", "ETH_RR", "ETHUSDT", [3000, 3250, 3500]),
         ("SOL", "Solana", "SOL_RR", "SOLUSDT", [180, 200, 220]),
         ("XRP", "XRP", "XRP_RR", "XRPUSDT", [2.5, 3.0])]


def money(x: float) -> str:
    return f"${x:,.2f}" if x < 10 else f"${x:,.0f}"


def crypto() -> None:
    for sym, name, index, pair_sym, strikes in COINS:
        for (y, mo, d) in [(2026, 12, 31), (2027, 1, 15)]:
            day = f"{MONTH[mo]} {d}, {y}"
            long_day = f"{MONTH_LONG[mo]} {d}"
            ev_noon = f"KX{sym}D-{y % 100}{MONTH[mo].upper()}{d:02d}12"
            ev_5pm = f"KX{sym}D-{y % 100}{MONTH[mo].upper()}{d:02d}17"
            for strike in strikes:
                s = money(strike)
                kt_noon = k(f"{ev_noon}-T{strike}", event=ev_noon, title=f"{name} price on {day} at 12pm EST?",
                            yes=f"{s} or above", no=f"Below {s}", close=et(y, mo, d, 12),
                            rules=f"If the simple average of the sixty seconds of CF Benchmarks' {name} Real-Time Index ({index}) before 12:00 PM ET is above {s} on {day}, then the market resolves to Yes.")
                kt_5pm = k(f"{ev_5pm}-T{strike}", event=ev_5pm, title=f"{name} price on {day} at 5pm EST?",
                           yes=f"{s} or above", no=f"Below {s}", close=et(y, mo, d, 17),
                           rules=f"If the simple average of the sixty seconds of CF Benchmarks' {name} Real-Time Index ({index}) before 5:00 PM ET is above {s} on {day}, then the market resolves to Yes.")
                desc = (f"This market will resolve to \"Yes\" if the Binance 1 minute candle for {pair_sym} 12:00 in the ET timezone (noon) "
                        f"on {long_day}, {y} has a final \"Close\" price higher than {s}. Otherwise, this market will resolve to \"No\".")
                cid = p(f"Will the price of {name} be above {s} on {long_day}?", end=et(y, mo, d, 12), description=desc,
                        event_title=f"{name} above ___ on {long_day}?", group=s, source="https://www.binance.com", rate=0.07)
                true_pair(kt_noon, cid, "crypto rephrasing, different price feed")
                negative(kt_5pm, cid, "crypto settlement time (5pm vs noon)")
            # neighbouring strikes on the same day are hard negatives of each other
            for lo, hi in zip(strikes, strikes[1:], strict=False):
                negative(f"{ev_noon}-T{lo}", "0x" + _h("condition", f"Will the price of {name} be above {money(hi)} on {long_day}?", money(hi), iso(et(y, mo, d, 12))), "crypto threshold differs")
        # inverted: Kalshi asks "below", Polymarket asks "above"
        strike = strikes[1]
        s = money(strike)
        kt = k(f"KX{sym}BELOW-27JAN31-B{strike}", event=f"KX{sym}BELOW-27JAN31", title=f"Will {name} be below {s} on Jan 31, 2027 at 12pm EST?",
               yes="Yes", no="No", close=et(2027, 1, 31, 12),
               rules=f"If the CF Benchmarks {name} reference rate ({index}) at 12:00 PM ET on Jan 31, 2027 is below {s}, then the market resolves to Yes.")
        cid = p(f"{name} above {s} on January 31?", end=et(2027, 1, 31, 12), event_title=f"{name} above ___ on January 31?",
                description=f"This market will resolve to \"Yes\" if the {name} price at 12:00 PM ET on January 31, 2027, per Coinbase {sym}-USD, is higher than {s}. Otherwise \"No\".",
                group=s, rate=0.07)
        true_pair(kt, cid, "crypto inverted comparator", "inverted")
        # touch markets: "reach by" is not "be above on"
        kt_touch = k(f"KX{sym}MAXY-26-{strike}", event=f"KX{sym}MAXY-26", title=f"How high will {name} get before 2027?",
                     yes=f"Above {s}", no=f"{s} or below", close=et(2026, 12, 31, 23, 59),
                     rules=f"If the CF Benchmarks {name} reference rate ({index}) is above {s} at any time before Jan 1, 2027, then the market resolves to Yes.")
        cid_touch = p(f"Will {name} reach {s} by December 31, 2026?", end=et(2026, 12, 31, 23, 59), event_title=f"What price will {name} hit in 2026?",
                      description=f"This market will immediately resolve to \"Yes\" if any Coinbase 1 minute candle for {sym}-USD between the market's creation and December 31, 2026, 11:59 PM ET has a final \"High\" price of {s} or higher.",
                      group=f"↑ {s}", rate=0.07)
        true_pair(kt_touch, cid_touch, "crypto touch market, before vs by")
        negative(f"KX{sym}D-26DEC3112-T{strike}", cid_touch, "crypto point vs touch window")
        cid_dip = p(f"Will {name} dip to {s} by December 31, 2026?", end=et(2026, 12, 31, 23, 59), event_title=f"What price will {name} hit in 2026?",
                    description=f"This market will immediately resolve to \"Yes\" if any Coinbase 1 minute candle for {sym}-USD before December 31, 2026, 11:59 PM ET has a final \"Low\" price of {s} or lower.",
                    group=f"↓ {s}", rate=0.07)
        negative(kt_touch, cid_dip, "crypto touch high vs dip")


# --- Fed decisions ---------------------------------------------------------------------------
def fed() -> None:
    for y, mo, d in [(2026, 12, 9), (2027, 1, 27), (2027, 3, 17)]:
        tag = f"{y % 100}{MONTH[mo].upper()}"
        ev = f"KXFEDDECISION-{tag}"
        mon = f"{MONTH_LONG[mo]} {y}"
        rules = f"If the Federal Reserve announces {{x}} at its {MONTH_LONG[mo]} {d}, {y} meeting, then the market resolves to Yes. The outcome is determined by the FOMC statement."
        close = et(y, mo, d, 14)
        kc = k(f"{ev}-C25", event=ev, title=f"Fed decision in {MONTH[mo]} {y}?", yes="Cut 25bps", no="No cut of 25bps", close=close,
               rules=rules.format(x="a cut of exactly 25 basis points to the upper bound of the federal funds target range"))
        kh = k(f"{ev}-H0", event=ev, title=f"Fed decision in {MONTH[mo]} {y}?", yes="Hold", no="Not hold", close=close,
               rules=rules.format(x="that the federal funds target range is unchanged"))
        ku = k(f"{ev}-H25", event=ev, title=f"Fed decision in {MONTH[mo]} {y}?", yes="Hike 25bps", no="No hike of 25bps", close=close,
               rules=rules.format(x="a hike of exactly 25 basis points to the upper bound of the federal funds target range"))
        desc = (f"The FED interest rates are defined in this market by the upper bound of the target federal funds range. This market will resolve to \"Yes\" if {{x}} "
                f"after the {mon} meeting. The resolution source for this market is the FOMC's statement after its meeting scheduled for {MONTH_LONG[mo]} {d}, {y}.")
        ev_title = f"Fed decision in {MONTH_LONG[mo]}?"
        pc = p(f"Fed decreases interest rates by 25 bps after {mon} meeting?", end=close, event_title=ev_title, group="25 bps decrease",
               description=desc.format(x="the Fed decreases the upper bound by exactly 25 bps"), rate=0.0, neg_risk=True)
        pc50 = p(f"Fed decreases interest rates by 50+ bps after {mon} meeting?", end=close, event_title=ev_title, group="50+ bps decrease",
                 description=desc.format(x="the Fed decreases the upper bound by 50 bps or more"), rate=0.0, neg_risk=True)
        ph = p(f"No change in Fed interest rates after {mon} meeting?", end=close, event_title=ev_title, group="No change",
               description=desc.format(x="the upper bound is unchanged"), rate=0.0, neg_risk=True)
        pu = p(f"Fed increases interest rates by 25+ bps after {mon} meeting?", end=close, event_title=ev_title, group="25+ bps increase",
               description=desc.format(x="the Fed increases the upper bound by 25 bps or more"), rate=0.0, neg_risk=True)
        true_pair(kc, pc, "Fed rephrasing")
        true_pair(kh, ph, "Fed hold vs no change")
        negative(kc, pc50, "Fed 25 vs 50+ bps (bucket vs cumulative)")
        negative(kc, ph, "Fed cut vs hold")
        negative(kh, pc, "Fed hold vs cut")
        negative(ku, pu, "Fed exactly 25 vs 25+ hike (bucket vs cumulative)")
        negative(ku, pc, "Fed hike vs cut")
    # the same action at different meetings
    negative("KXFEDDECISION-26DEC-C25", "0x" + _h("condition", "Fed decreases interest rates by 25 bps after January 2027 meeting?", "25 bps decrease", iso(et(2027, 1, 27, 14))), "Fed different meeting")


# --- economic releases -----------------------------------------------------------------------
def econ() -> None:
    releases = [  # (ref month, year, release day)
        (11, 2026, et(2026, 12, 10, 8, 30)), (12, 2026, et(2027, 1, 13, 8, 30))]
    for mo, y, release in releases:
        tag = f"{y % 100}{MONTH[mo].upper()}"
        for strike in (2.8, 3.0):
            kt = k(f"KXCPIYOY-{tag}-T{strike}", event=f"KXCPIYOY-{tag}", title=f"CPI year-over-year in {MONTH[mo]} {y}?",
                   yes=f"Above {strike:.1f}%", no=f"{strike:.1f}% or below", close=release,
                   rules=f"If the year-over-year change in CPI-U for {MONTH_LONG[mo]} {y} is above {strike:.1f}%, as first reported by the Bureau of Labor Statistics, then the market resolves to Yes.")
            cid = p(f"Will {MONTH_LONG[mo]} {y} CPI inflation (YoY) be above {strike:.1f}%?", end=release, event_title=f"{MONTH_LONG[mo]} inflation US - annual",
                    description=f"This market will resolve to \"Yes\" if the annual (12-month) change in the US Consumer Price Index for {MONTH_LONG[mo]} {y}, as published by the BLS, is greater than {strike:.1f}%.",
                    group=f">{strike:.1f}%", rate=0.04)
            true_pair(kt, cid, "CPI rephrasing")
            core = p(f"Will {MONTH_LONG[mo]} {y} core CPI (YoY) be above {strike:.1f}%?", end=release, event_title=f"{MONTH_LONG[mo]} core inflation US - annual",
                     description=f"Resolves \"Yes\" if the 12-month change in CPI less food and energy for {MONTH_LONG[mo]} {y}, per the BLS, is greater than {strike:.1f}%.",
                     group=f">{strike:.1f}%", rate=0.04)
            negative(kt, core, "core CPI vs headline CPI")
            mom = p(f"Will {MONTH_LONG[mo]} {y} CPI (MoM) be above 0.{int(strike * 10) % 10}%?", end=release, event_title=f"{MONTH_LONG[mo]} inflation US - monthly",
                    description=f"Resolves \"Yes\" if the month-over-month change in CPI for {MONTH_LONG[mo]} {y}, per the BLS, is greater than 0.{int(strike * 10) % 10}%.",
                    group=f">0.{int(strike * 10) % 10}%", rate=0.04)
            negative(kt, mom, "CPI month-over-month vs year-over-year")
            exact = p(f"Will {MONTH_LONG[mo]} {y} annual inflation be exactly {strike:.1f}%?", end=release, event_title=f"{MONTH_LONG[mo]} inflation US - annual exact",
                      description=f"Resolves \"Yes\" if the 12-month CPI change for {MONTH_LONG[mo]} {y}, per the BLS, rounds to exactly {strike:.1f}%.",
                      group=f"{strike:.1f}%", rate=0.04)
            negative(kt, exact, "CPI bucket vs cumulative")
        negative(f"KXCPIYOY-{tag}-T2.8", "0x" + _h("condition", f"Will {MONTH_LONG[mo]} {y} CPI inflation (YoY) be above 3.0%?", ">3.0%", iso(release)), "CPI threshold differs")
    # unemployment and payrolls
    for mo, y, release in [(11, 2026, et(2026, 12, 4, 8, 30)), (12, 2026, et(2027, 1, 8, 8, 30))]:
        tag = f"{y % 100}{MONTH[mo].upper()}"
        kt = k(f"KXU3-{tag}-T4.5", event=f"KXU3-{tag}", title=f"Unemployment rate in {MONTH[mo]} {y}?", yes="Above 4.5%", no="4.5% or below", close=release,
               rules=f"If the U-3 unemployment rate for {MONTH_LONG[mo]} {y}, as first released by the Bureau of Labor Statistics, is above 4.5%, then the market resolves to Yes.")
        cid = p(f"Will the US unemployment rate be above 4.5% in {MONTH_LONG[mo]} {y}?", end=release, event_title=f"US unemployment rate in {MONTH_LONG[mo]}?",
                description=f"This market resolves to \"Yes\" if the seasonally adjusted unemployment rate for {MONTH_LONG[mo]} {y} in the BLS Employment Situation report is greater than 4.5%.",
                group=">4.5%", rate=0.04)
        true_pair(kt, cid, "unemployment rephrasing")
        kt_p = k(f"KXPAYROLLS-{tag}-T100000", event=f"KXPAYROLLS-{tag}", title=f"Jobs added in {MONTH[mo]} {y}?", yes="More than 100,000", no="100,000 or fewer", close=release,
                 rules=f"If nonfarm payrolls for {MONTH_LONG[mo]} {y}, as first reported by the Bureau of Labor Statistics, rise by more than 100,000, then the market resolves to Yes.")
        cid_p = p(f"Will the US add more than 100,000 jobs in {MONTH_LONG[mo]} {y}?", end=release, event_title=f"US jobs report {MONTH_LONG[mo]}",
                  description=f"Resolves \"Yes\" if the initial nonfarm payrolls figure for {MONTH_LONG[mo]} {y} in the BLS Employment Situation report is greater than 100,000.",
                  group=">100k", rate=0.04)
        true_pair(kt_p, cid_p, "payrolls rephrasing")
        negative(kt, cid_p, "unemployment vs payrolls")
        cid_p2 = p(f"Will the US add at least 150,000 jobs in {MONTH_LONG[mo]} {y}?", end=release, event_title=f"US jobs report {MONTH_LONG[mo]}",
                   description=f"Resolves \"Yes\" if initial nonfarm payrolls for {MONTH_LONG[mo]} {y} per the BLS are 150,000 or more.", group="150k+", rate=0.04)
        negative(kt_p, cid_p2, "payrolls threshold and comparator differ")
    kt = k("KXGDP-27JAN30-T2.0", event="KXGDP-27JAN30", title="US GDP growth in Q4 2026?", yes="Above 2.0%", no="2.0% or below", close=et(2027, 1, 28, 8, 30),
           rules="If the advance estimate of Q4 2026 real GDP growth (seasonally adjusted annual rate) released by the Bureau of Economic Analysis is above 2.0%, then the market resolves to Yes.")
    cid = p("US GDP growth in Q4 2026 above 2.0%?", end=et(2027, 1, 28, 8, 30), event_title="US GDP growth in Q4 2026?",
            description="This market will resolve to \"Yes\" if the BEA advance estimate of annualized real GDP growth for Q4 2026 is greater than 2.0%.", group=">2.0%", rate=0.04)
    true_pair(kt, cid, "GDP rephrasing")
    cid = p("US GDP growth in Q4 2026 above 2.5%?", end=et(2027, 1, 28, 8, 30), event_title="US GDP growth in Q4 2026?",
            description="Resolves \"Yes\" if the BEA advance estimate of annualized real GDP growth for Q4 2026 is greater than 2.5%.", group=">2.5%", rate=0.04)
    negative(kt, cid, "GDP threshold differs")


# --- weather ---------------------------------------------------------------------------------
CITIES = [("NY", "NYC", "New York City", "Central Park, New York", "KNYC", "LaGuardia Airport", "KLGA"),
          ("CHI", "Chicago", "Chicago", "Chicago Midway, Illinois", "KMDW", "Chicago O'Hare International Airport", "KORD"),
          ("MIA", "Miami", "Miami", "Miami International Airport", "KMIA", "", ""),
          ("AUS", "Austin", "Austin", "Austin-Bergstrom International Airport", "KAUS", "Camp Mabry", "KATT"),
          ("LAX", "LA", "Los Angeles", "Los Angeles International Airport", "KLAX", "Downtown Los Angeles (USC Campus)", "KCQT"),
          ("DEN", "Denver", "Denver", "Denver International Airport", "KDEN", "", "")]


def weather() -> None:
    base = {"NY": 44, "CHI": 33, "MIA": 77, "AUS": 62, "LAX": 68, "DEN": 45}
    for code, short, city, station, icao, other_station, other_icao in CITIES:
        for (y, mo, d) in [(2026, 12, 15), (2026, 12, 20)]:
            t = base[code] + d % 3
            day = f"{MONTH[mo]} {d}, {y}"
            ev = f"KXHIGH{code}-{y % 100}{MONTH[mo].upper()}{d:02d}"
            close = et(y, mo, d + 1, 0, 59)
            rules = f"If the highest temperature recorded at {station} for {day} is {{x}} according to the National Weather Service's Climatological Report (Daily), then the market resolves to Yes."
            kt = k(f"{ev}-T{t}", event=ev, title=f"Will the high temp in {short} be >{t}° on {day}?", yes=f"{t + 1}° or above", no=f"{t}° or below",
                   close=close, rules=rules.format(x=f"greater than {t}°"), rules2=f"Data from {icao}; not all weather data is the same.")
            kb = k(f"{ev}-B{t + 1.5}", event=ev, title=f"Highest temperature in {short} on {day}?", yes=f"{t + 1}° to {t + 2}°", no=f"Not {t + 1}° to {t + 2}°",
                   close=close, rules=rules.format(x=f"between {t + 1}° and {t + 2}°"), rules2=f"Data from {icao}.")
            ev_title = f"Highest temperature in {city} on {MONTH_LONG[mo]} {d}?"
            desc = (f"This market will resolve to the temperature range that contains the highest temperature recorded at the {station} Station in degrees Fahrenheit on {MONTH_LONG[mo]} {d}, {y}. "
                    f"The resolution source is the National Weather Service ({icao}).")
            cid = p(f"Will the highest temperature in {city} be {t + 1}°F or higher on {MONTH_LONG[mo]} {d}?", end=et(y, mo, d, 12), event_title=ev_title,
                    description=desc, group=f"{t + 1}°F or higher", source="https://www.weather.gov/", rate=0.05, neg_risk=True)
            true_pair(kt, cid, "weather strike rephrasing (>t° vs t+1°F or higher)")
            cid_b = p(f"Will the highest temperature in {city} be between {t + 1}-{t + 2}°F on {MONTH_LONG[mo]} {d}?", end=et(y, mo, d, 12), event_title=ev_title,
                      description=desc, group=f"{t + 1}-{t + 2}°F", source="https://www.weather.gov/", rate=0.05, neg_risk=True)
            true_pair(kb, cid_b, "weather bucket rephrasing")
            negative(kb, cid, "weather bucket vs cumulative")
            negative(kt, cid_b, "weather cumulative vs bucket")
            if other_station:
                cid_o = p(f"Will the highest temperature in {city} be {t + 1}°F or higher on {MONTH_LONG[mo]} {d}?", end=et(y, mo, d, 12), event_title=ev_title + " ",
                          description=desc.replace(station, other_station).replace(icao, other_icao), group=f"{t + 1}°F or higher ",
                          source="https://www.weather.gov/", rate=0.05, neg_risk=True)
                negative(kt, cid_o, "weather different station")
            cid_low = p(f"Will the lowest temperature in {city} be {t - 9}°F or higher on {MONTH_LONG[mo]} {d}?", end=et(y, mo, d, 12), event_title=f"Lowest temperature in {city} on {MONTH_LONG[mo]} {d}?",
                        description=desc.replace("highest", "lowest"), group=f"{t - 9}°F or higher", source="https://www.weather.gov/", rate=0.05, neg_risk=True)
            negative(kt, cid_low, "weather low vs high temperature")
        negative(f"KXHIGH{code}-26DEC15-T{base[code] + 0}", "0x" + _h("condition", f"Will the highest temperature in {city} be {base[code] + 3}°F or higher on December 20?", f"{base[code] + 3}°F or higher", iso(et(2026, 12, 20, 12))), "weather different day")
    kt = k("KXSNOWNYM-26DEC-2", event="KXSNOWNYM-26DEC", title="Will NYC get more than 2 inches of snow in December 2026?", yes="Above 2 inches", no="2 inches or less",
           close=et(2027, 1, 1, 9), rules="If the total snowfall recorded in Central Park, New York (KNYC) for December 2026 is greater than 2.0 inches according to the National Weather Service, then the market resolves to Yes.")
    cid = p("Will Central Park record more than 2 inches of snow in December 2026?", end=et(2027, 1, 1, 9), event_title="NYC snowfall in December?",
            description="Resolves \"Yes\" if the NWS monthly climate report for Central Park (KNYC) shows total December 2026 snowfall greater than 2.0 inches.", group=">2 in", rate=0.05)
    true_pair(kt, cid, "snowfall rephrasing")
    cid = p("Will Central Park record more than 4 inches of snow in December 2026?", end=et(2027, 1, 1, 9), event_title="NYC snowfall in December?",
            description="Resolves \"Yes\" if the NWS monthly climate report for Central Park (KNYC) shows total December 2026 snowfall greater than 4.0 inches.", group=">4 in", rate=0.05)
    negative(kt, cid, "snowfall threshold differs")


# --- politics --------------------------------------------------------------------------------
CANDIDATES = ["JD Vance", "Gavin Newsom", "Marco Rubio", "Josh Shapiro", "Alexandria Ocasio-Cortez", "Pete Buttigieg"]


def politics() -> None:
    close = et(2028, 11, 7, 10)
    for name in CANDIDATES:
        last = name.split()[-1].upper()[:6]
        kt = k(f"KXPRES-28-{last}", event="KXPRES-28", title="Who will win the 2028 presidential election?", yes=name, no=f"Not {name}", close=close,
               rules=f"If {name} wins the 2028 United States presidential election, as called by major news outlets and certified, then the market resolves to Yes.")
        cid = p(f"Will {name} win the 2028 US Presidential Election?", end=close, event_title="Presidential Election Winner 2028", group=name, neg_risk=True, rate=0.0,
                description=f"This market will resolve to \"Yes\" if {name} wins the 2028 US Presidential Election. The resolution source is a consensus of the Associated Press, Fox News, and NBC.")
        true_pair(kt, cid, "election winner rephrasing")
        cid_n = p(f"Will {name} win the 2028 presidential nomination?", end=et(2028, 8, 31), event_title="Presidential nominee 2028", group=name, neg_risk=True, rate=0.0,
                  description=f"This market will resolve to \"Yes\" if {name} is the nominee of their party for the 2028 US presidential election, as formally selected at the national convention.")
        negative(kt, cid_n, "nomination vs election")
        kt_n = k(f"KXNOMINEE-28-{last}", event="KXNOMINEE-28", title="Who will be the 2028 presidential nominee of their party?", yes=name, no=f"Not {name}",
                 close=et(2028, 8, 31), rules=f"If {name} is formally nominated by their party for president at the 2028 national convention, then the market resolves to Yes.")
        true_pair(kt_n, cid_n, "nomination rephrasing")
    for name in ["JD Vance", "Marco Rubio"]:
        cid_vp = p(f"Will {name} be the 2028 Republican vice presidential nominee?", end=et(2028, 8, 31), event_title="Republican VP nominee 2028", group=name, neg_risk=True, rate=0.0,
                   description=f"Resolves \"Yes\" if {name} is the Republican Party's nominee for Vice President in 2028.")
        negative(f"KXNOMINEE-28-{name.split()[-1].upper()[:6]}", cid_vp, "president vs vice president nominee")
    negative("KXPRES-28-VANCE", "0x" + _h("condition", "Will Gavin Newsom win the 2028 US Presidential Election?", "Gavin Newsom", iso(close)), "election different candidate")
    negative("KXPRES-28-NEWSOM", "0x" + _h("condition", "Will JD Vance win the 2028 US Presidential Election?", "JD Vance", iso(close)), "election different candidate")
    # shutdown deadlines: "before Jan 31" = "by Jan 30"; a negated question is the inverse
    kt = k("KXSHUTDOWN-27JAN31", event="KXSHUTDOWN-27JAN31", title="Will the US government shut down before Jan 31, 2027?", yes="Yes", no="No", close=et(2027, 1, 30, 23, 59),
           rules="If a lapse in appropriations causes a federal government shutdown that begins before January 31, 2027, as reported by the Office of Personnel Management, then the market resolves to Yes.")
    cid = p("US government shutdown by January 30, 2027?", end=et(2027, 1, 30, 23, 59), event_title="Government shutdown in 2027?",
            description="This market will resolve to \"Yes\" if the US federal government enters a shutdown (a lapse in appropriations) by January 30, 2027, 11:59 PM ET. Otherwise \"No\".", rate=0.0)
    true_pair(kt, cid, "shutdown before vs by")
    cid_neg = p("Will Congress avoid a government shutdown through January 30, 2027?", end=et(2027, 1, 30, 23, 59), event_title="Shutdown averted?",
                description="Resolves \"Yes\" if no US federal government shutdown (lapse in appropriations) begins by January 30, 2027, 11:59 PM ET.", rate=0.0)
    true_pair(kt, cid_neg, "shutdown negated question", "inverted")
    cid_late = p("US government shutdown by March 14, 2027?", end=et(2027, 3, 14, 23, 59), event_title="Government shutdown by March?",
                 description="Resolves \"Yes\" if the US federal government enters a shutdown by March 14, 2027, 11:59 PM ET.", rate=0.0)
    negative(kt, cid_late, "shutdown different deadline")
    # cabinet departures
    for person, office, short in [("Pete Hegseth", "Secretary of Defense", "HEGSETH"), ("Kash Patel", "FBI Director", "PATEL"),
                                  ("Scott Bessent", "Treasury Secretary", "BESSENT"), ("Pam Bondi", "Attorney General", "BONDI")]:
        kt = k(f"KXOUT-{short}-27", event=f"KXOUT-{short}", title=f"Will {person} leave as {office} before 2027?", yes="Yes", no="No", close=et(2026, 12, 31, 23, 59),
               rules=f"If {person} ceases to be {office} for any reason before January 1, 2027, then the market resolves to Yes.")
        cid = p(f"{person} out as {office} by December 31, 2026?", end=et(2026, 12, 31, 23, 59), event_title=f"{person} out in 2026?",
                description=f"This market will resolve to \"Yes\" if {person} announces his or her resignation, is fired, or otherwise ceases to be {office} by December 31, 2026, 11:59 PM ET.", rate=0.0)
        true_pair(kt, cid, "cabinet departure before 2027 vs by Dec 31")
        cid2 = p(f"{person} out as {office} by June 30, 2027?", end=et(2027, 6, 30, 23, 59), event_title=f"{person} out by June?",
                 description=f"Resolves \"Yes\" if {person} ceases to be {office} by June 30, 2027, 11:59 PM ET.", rate=0.0)
        negative(kt, cid2, "cabinet departure different deadline")
    negative("KXOUT-HEGSETH-27", "0x" + _h("condition", "Kash Patel out as FBI Director by December 31, 2026?", "", iso(et(2026, 12, 31, 23, 59))), "cabinet different person")


# --- sports ----------------------------------------------------------------------------------
NBA = [("LAL", "Los Angeles Lakers", "Lakers", "BOS", "Boston Celtics", "Celtics"),
       ("NYK", "New York Knicks", "Knicks", "MIA", "Miami Heat", "Heat"),
       ("GSW", "Golden State Warriors", "Warriors", "DEN", "Denver Nuggets", "Nuggets"),
       ("PHX", "Phoenix Suns", "Suns", "DAL", "Dallas Mavericks", "Mavericks"),
       ("MIL", "Milwaukee Bucks", "Bucks", "PHI", "Philadelphia 76ers", "76ers"),
       ("OKC", "Oklahoma City Thunder", "Thunder", "MIN", "Minnesota Timberwolves", "Timberwolves")]
PLAYERS = [("LeBron James", "LAL", 25), ("Jayson Tatum", "BOS", 27), ("Stephen Curry", "GSW", 26), ("Nikola Jokic", "DEN", 24)]


def sports() -> None:
    for i, (a, a_full, a_short, b, b_full, b_short) in enumerate(NBA):
        day = 25 + (i % 3)
        ev = f"KXNBAGAME-26DEC{day}{a}{b}"
        close = et(2026, 12, day, 23, 30)
        title = f"{a_full} at {b_full} Winner?"
        rules = f"If the {{t}} win the {a_full} at {b_full} professional basketball game originally scheduled for Dec {day}, 2026, then the market resolves to Yes."
        ka = k(f"{ev}-{a}", event=ev, title=title, yes=a_full, no=b_full, close=close, rules=rules.format(t=a_full))
        kb = k(f"{ev}-{b}", event=ev, title=title, yes=b_full, no=a_full, close=close, rules=rules.format(t=b_full))
        desc = (f"In the upcoming NBA game, scheduled for December {day}, 2026: If the {a_full} win, the market will resolve to \"{a_short}\". "
                f"If the {b_full} win, the market will resolve to \"{b_short}\". If the game is postponed, this market will remain open until the game has been completed.")
        cid = p(f"{a_short} vs. {b_short}", end=close, event_title=f"{a_short} vs. {b_short}", outcomes=(a_short, b_short), description=desc, rate=0.05)
        true_pair(ka, cid, "team outcome labels")
        true_pair(kb, cid, "team outcome labels, inverted", "inverted")
        cid_sp = p(f"Spread: {b_short} (-4.5)", end=close, event_title=f"{a_short} vs. {b_short}", outcomes=(b_short, a_short), rate=0.05,
                   description=f"In the upcoming NBA game, if the {b_full} win by more than 4.5 points the market resolves to \"{b_short}\", otherwise to \"{a_short}\".")
        negative(kb, cid_sp, "moneyline vs spread")
        cid_tot = p(f"{a_short} vs. {b_short}: O/U 224.5", end=close, event_title=f"{a_short} vs. {b_short}", outcomes=("Over", "Under"), rate=0.05,
                    description=f"If the total combined points scored by the {a_full} and the {b_full} exceed 224.5, the market resolves to \"Over\", otherwise \"Under\".")
        negative(ka, cid_tot, "moneyline vs game total")
        # each game's winner market against the next game (other teams, same night or nearby)
        j = (i + 1) % len(NBA)
        negative(ka, "0x" + _h("condition", f"{NBA[j][2]} vs. {NBA[j][5]}", "", iso(et(2026, 12, 25 + (j % 3), 23, 30))), "different game")
    for player, team, line in PLAYERS:
        ev = f"KXNBAPTS-26DEC25-{team}"
        close = et(2026, 12, 25, 23, 30)
        kt = k(f"{ev}-{player.split()[-1].upper()}{line}", event=ev, title=f"{player}: {line}+ points", yes=f"{line}+", no=f"Under {line}", close=close,
               rules=f"If {player} records {line} or more points in his team's game scheduled for Dec 25, 2026, then the market resolves to Yes. If he does not play, the market resolves to No.")
        cid = p(f"{player}: Points O/U {line - 0.5}", end=close, event_title="NBA player props Dec 25, 2026", outcomes=("Over", "Under"), rate=0.05,
                description=f"This market resolves to \"Over\" if {player} scores more than {line - 0.5} points in his team's game on December 25, 2026, otherwise \"Under\".")
        true_pair(kt, cid, "player prop 25+ vs O/U 24.5")
        cid_r = p(f"{player}: Rebounds O/U {line // 3 + 0.5}", end=close, event_title="NBA player props Dec 25, 2026", outcomes=("Over", "Under"), rate=0.05,
                  description=f"This market resolves to \"Over\" if {player} records more than {line // 3 + 0.5} rebounds in his team's game on December 25, 2026.")
        negative(kt, cid_r, "player prop points vs rebounds")
        cid_l = p(f"{player}: Points O/U {line + 4.5}", end=close, event_title="NBA player props Dec 25, 2026", outcomes=("Over", "Under"), rate=0.05,
                  description=f"This market resolves to \"Over\" if {player} scores more than {line + 4.5} points in his team's game on December 25, 2026.")
        negative(kt, cid_l, "player prop different line")
        kt_a = k(f"KXNBAAST-26DEC25-{team}-{player.split()[-1].upper()}6", event=f"KXNBAAST-26DEC25-{team}", title=f"{player}: 6+ assists", yes="6+", no="Under 6", close=close,
                 rules=f"If {player} records 6 or more assists in his team's game scheduled for Dec 25, 2026, then the market resolves to Yes.")
        negative(kt_a, cid, "player prop assists vs points")
    # season futures
    for team, short, code in [("Boston Celtics", "Celtics", "BOS"), ("Oklahoma City Thunder", "Thunder", "OKC"), ("Denver Nuggets", "Nuggets", "DEN")]:
        close = et(2027, 6, 30)
        kt = k(f"KXNBA-27-{code}", event="KXNBA-27", title="Pro Basketball Champion 2027?", yes=team, no=f"Not {team}", close=close,
               rules=f"If the {team} win the 2027 NBA Finals, then the market resolves to Yes.")
        cid = p(f"Will the {short} win the 2027 NBA Finals?", end=close, event_title="2027 NBA Champion", group=team, neg_risk=True, rate=0.05,
                description=f"This market will resolve to \"Yes\" if the {team} win the 2027 NBA Finals. Otherwise, this market will resolve to \"No\".")
        true_pair(kt, cid, "championship future rephrasing")
        cid_c = p(f"Will the {short} win the 2027 Western Conference Finals?" if code != "BOS" else "Will the Celtics win the 2027 Eastern Conference Finals?",
                  end=et(2027, 6, 1), event_title="2027 NBA conference champion", group=team, neg_risk=True, rate=0.05,
                  description=f"Resolves \"Yes\" if the {team} win their 2027 NBA conference championship.")
        negative(kt, cid_c, "championship vs conference title")
    # soccer with draws: the other team's win is not the inverse
    for home, away, code in [("Arsenal", "Chelsea", "ARSCHE"), ("Liverpool", "Manchester City", "LIVMCI"), ("Real Madrid", "Barcelona", "RMABAR")]:
        close = et(2026, 12, 26, 15)
        ev = f"KXEPLGAME-26DEC26{code}"
        title = f"{home} vs {away} Winner?"
        rules = f"If {{t}} wins the {home} vs {away} match scheduled for Dec 26, 2026 in regulation time, then the market resolves to Yes."
        kh = k(f"{ev}-H", event=ev, title=title, yes=home, no=f"Not {home}", close=close, rules=rules.format(t=home))
        ka = k(f"{ev}-A", event=ev, title=title, yes=away, no=f"Not {away}", close=close, rules=rules.format(t=away))
        kd = k(f"{ev}-TIE", event=ev, title=title, yes="Tie", no="Not Tie", close=close, rules=f"If the {home} vs {away} match scheduled for Dec 26, 2026 ends in a draw after regulation time, then the market resolves to Yes.")
        cid = p(f"Will {home} win on 2026-12-26?", end=close, event_title=f"{home} vs. {away}", rate=0.05,
                description=f"This market refers to the {home} vs. {away} match scheduled for December 26, 2026. If {home} wins in regulation time, the market resolves to \"Yes\". Otherwise (draw or {away} win) \"No\".")
        true_pair(kh, cid, "soccer win market")
        negative(ka, cid, "soccer other team is not the inverse (draw)")
        cid_d = p(f"Will {home} vs. {away} end in a draw?", end=close, event_title=f"{home} vs. {away}", rate=0.05,
                  description=f"Resolves \"Yes\" if the {home} vs. {away} match on December 26, 2026 ends in a draw after regulation time.")
        true_pair(kd, cid_d, "soccer draw market")
        negative(kh, cid_d, "soccer win vs draw")


# --- entertainment ---------------------------------------------------------------------------
FILMS = ["The Long Winter", "Harbor Lights", "Paper Kingdoms", "The Last Orchard"]


def entertainment() -> None:
    close = et(2027, 3, 14, 20)
    for film in FILMS:
        code = "".join(w[0] for w in film.split()).upper()
        kt = k(f"KXOSCARPIC-27-{code}", event="KXOSCARPIC-27", title="Oscar for Best Picture?", yes=film, no=f"Not {film}", close=close,
               rules=f"If {film} wins Best Picture at the 99th Academy Awards, then the market resolves to Yes.")
        cid = p(f"Will \"{film}\" win Best Picture at the 2027 Oscars?", end=close, event_title="Oscars 2027: Best Picture Winner", group=film, neg_risk=True, rate=0.04,
                description=f"This market will resolve to \"Yes\" if \"{film}\" wins Best Picture at the 99th Academy Awards ceremony. The resolution source is the Academy of Motion Picture Arts and Sciences.")
        true_pair(kt, cid, "Oscars rephrasing")
        cid_d = p(f"Will the director of \"{film}\" win Best Director at the 2027 Oscars?", end=close, event_title="Oscars 2027: Best Director Winner", group=film, neg_risk=True, rate=0.04,
                  description=f"Resolves \"Yes\" if the director of \"{film}\" wins Best Director at the 99th Academy Awards.")
        negative(kt, cid_d, "Oscars Best Picture vs Best Director")
    negative("KXOSCARPIC-27-TLW", "0x" + _h("condition", "Will \"Harbor Lights\" win Best Picture at the 2027 Oscars?", "Harbor Lights", iso(close)), "Oscars different film")
    for film, gross in [("Avatar: Fire and Ash", 150), ("Zootopia 2", 100)]:
        code = "".join(w[0] for w in film.replace(":", "").split()).upper()
        close = et(2026, 12, 21, 23)
        kt = k(f"KXBOXOFFICE-{code}-{gross}", event=f"KXBOXOFFICE-{code}", title=f"{film} domestic opening weekend box office?", yes=f"Above ${gross}M", no=f"${gross}M or below",
               close=close, rules=f"If {film} earns more than ${gross} million at the domestic box office in its opening weekend, as reported by Box Office Mojo, then the market resolves to Yes.")
        cid = p(f"Will {film} gross more than ${gross}M in its domestic opening weekend?", end=close, event_title=f"{film} opening weekend", rate=0.04,
                description=f"Resolves \"Yes\" if {film}'s domestic (US and Canada) opening weekend gross, per Box Office Mojo, exceeds ${gross} million.")
        true_pair(kt, cid, "box office rephrasing")
        cid2 = p(f"Will {film} gross more than ${gross + 50}M in its domestic opening weekend?", end=close, event_title=f"{film} opening weekend", rate=0.04,
                 description=f"Resolves \"Yes\" if {film}'s domestic opening weekend gross, per Box Office Mojo, exceeds ${gross + 50} million.")
        negative(kt, cid2, "box office threshold differs")
    kt = k("KXTIMEPOY-26-AI", event="KXTIMEPOY-26", title="TIME Person of the Year 2026?", yes="Artificial intelligence", no="Not artificial intelligence", close=et(2026, 12, 10, 10),
           rules="If TIME names artificial intelligence (or an AI system) as its 2026 Person of the Year, then the market resolves to Yes.")
    cid = p("Will AI be named TIME's 2026 Person of the Year?", end=et(2026, 12, 10, 10), event_title="TIME 2026 Person of the Year", group="AI", neg_risk=True, rate=0.04,
            description="This market resolves to \"Yes\" if TIME magazine names artificial intelligence (AI) as its 2026 Person of the Year.")
    true_pair(kt, cid, "TIME person of the year")


def main() -> None:
    for family in (crypto, fed, econ, weather, politics, sports, entertainment):
        family()
    tickers = {m["ticker"] for m in kalshi}
    cids = {m["conditionId"] for m in gamma}
    dangling = [c for c in candidates if c["kalshi_ticker"] not in tickers or c["polymarket_condition_id"] not in cids]
    assert not dangling, dangling[:3]
    (HERE / "K.json").write_text(json.dumps({"markets": kalshi, "cursor": ""}, indent=1, ensure_ascii=False) + "\n")
    (HERE / "P.json").write_text(json.dumps(gamma, indent=1, ensure_ascii=False) + "\n")
    (HERE / "T.json").write_text(json.dumps(truth, indent=1) + "\n")
    (HERE / "candidates.json").write_text(json.dumps(candidates, indent=1) + "\n")
    n_neg = sum(1 for c in candidates if c["label"] == "negative")
    print(f"{len(kalshi)} Kalshi markets, {len(gamma)} Polymarket markets, {len(truth)} true pairs, {n_neg} hard negatives")  # noqa: T201 (a script's summary)


if __name__ == "__main__":
    main()
