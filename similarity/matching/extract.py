"""Reading the settlement-relevant facts out of a market's text: numbers with their comparator and
unit, dates with their window kind, named entities, concepts (which statistic, which office, which
Fed action), stations and resolution sources.

Everything here is general rules about how venues phrase questions; nothing names a particular
market. The extracted `Facts` are compared by `guards.py`.
"""

from __future__ import annotations

import calendar
import importlib
import json
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from similarity.matching.types import MarketView

# The standard library's own pattern parser and opcodes (not typed in typeshed), to read the
# literals a concept pattern requires.
_re_parser: Any = importlib.import_module("re._parser")
_re_constants: Any = importlib.import_module("re._constants")

# --- numbers --------------------------------------------------------------------------------

ABOVE, AT_LEAST, BELOW, AT_MOST, BETWEEN, EXACTLY = (
    "above", "at least", "below", "at most", "between", "exactly",
)
CUMULATIVE = frozenset({ABOVE, AT_LEAST, BELOW, AT_MOST})
UPWARD = frozenset({ABOVE, AT_LEAST})


@dataclass(frozen=True, slots=True)
class Threshold:
    """A number the question turns on: `comparator` `low` (and `high` for between), in `unit`."""

    comparator: str
    low: float
    high: float | None
    unit: str

    @lru_cache(maxsize=1 << 16)  # noqa: B019 (thresholds are few and live as long as the catalog)
    def describe(self) -> str:
        if self.comparator == BETWEEN:
            return f"between {_fmt(self.low)} and {_fmt(self.high or 0)} {self.unit}".strip()
        return f"{self.comparator} {_fmt(self.low)} {self.unit}".strip()

    def interval(self) -> tuple[float, float, bool, bool]:
        """(low, high, low inclusive, high inclusive) of the YES region on the real line."""
        inf = float("inf")
        lo, hi = self.low, self.high if self.high is not None else self.low
        return {
            ABOVE: (lo, inf, False, False),
            AT_LEAST: (lo, inf, True, False),
            BELOW: (-inf, lo, False, False),
            AT_MOST: (-inf, lo, False, True),
            BETWEEN: (lo, hi, True, True),
            EXACTLY: (lo, lo, True, True),
        }[self.comparator]


def _fmt(x: float) -> str:
    return f"{x:,.0f}" if x.is_integer() else f"{x:,.4g}"


_SCALE = {
    "k": 1e3, "thousand": 1e3, "m": 1e6, "mm": 1e6, "million": 1e6, "b": 1e9, "bn": 1e9,
    "billion": 1e9, "t": 1e12, "tn": 1e12, "trillion": 1e12,
}
_NUM = r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
_NUMBER_RE = re.compile(
    r"(?P<cur>\$|€|£)?\s?" + _NUM
    + r"(?P<plus>\+)?\s?"
    + r"(?:(?P<scale>k|thousand|mm|m|million|bn|b|billion|tn|t|trillion)\b)?\s?"
    + r"(?P<unit>%|percent(?:age points?)?|pct|bps|basis points?|°\s?[fc]?|degrees?(?:\s?[fc]\b|\s?fahrenheit|\s?celsius)?|inch(?:es)?|in\.|mm\b|cm\b)?",
    re.IGNORECASE,
)
# Comparator cues, matched on the few words before a number ("prefix") or after it ("suffix").
_PREFIX_CUES: list[tuple[str, str]] = [
    (r"(?:at or above|or above)\s*$", AT_LEAST),
    (r"(?:at or below|or below)\s*$", AT_MOST),
    (r"(?:at least|no (?:less|fewer) than|≥|>=|minimum of)\s*$", AT_LEAST),
    (r"(?:at most|no more than|not more than|≤|<=|maximum of|up to)\s*$", AT_MOST),
    (r"(?:above|over|more than|greater than|higher than|exceeds?|exceeding|>|top|surpass(?:es)?)\s*$", ABOVE),
    (r"(?:below|under|less than|fewer than|lower than|<)\s*$", BELOW),
    (r"(?:reach(?:es)?|hits?|touch(?:es)?|climbs? to|rises? to)\s*$", AT_LEAST),
    (r"(?:dips? to|falls? to|drops? to|sinks? to)\s*$", AT_MOST),
    (r"(?:between|from)\s*$", BETWEEN),
    (r"(?:exactly|precisely)\s*$", EXACTLY),
]
_SUFFIX_CUES: list[tuple[str, str]] = [
    (r"^\s*(?:or (?:more|higher|above|greater|over)|and (?:above|up|over)|or better)", AT_LEAST),
    (r"^\s*(?:or (?:less|lower|below|fewer|under)|and (?:below|under))", AT_MOST),
]
_RANGE_RE = re.compile(r"^\s*(?:to|and|-|–|through)\s*(?:\$|€|£)?\s?" + _NUM.replace("num", "num2"))
# A number glued to a name is part of the name (S&P 500, UFC 310, Super Bowl 61).
_NAMED_NUMBER_RE = re.compile(
    r"\b(?P<name>S&P|Nasdaq|NASDAQ|Russell|FTSE|Nikkei|DAX|UFC|Bowl|Formula|F|Q|H|COVID|Area|Route|Apollo|iPhone|Galaxy|GTA|Week|Round|Game|Section|Article|Group|Top)[\s-]?\d+\b"
)


def _unit_of(raw_unit: str, currency: str, scale: str, after: str) -> tuple[str, float]:
    """Canonical unit and multiplier; bare numbers take the noun that follows as their unit."""
    u = raw_unit.lower().replace(" ", "")
    mult = _SCALE.get(scale.lower(), 1.0) if scale else 1.0
    if currency:
        return {"$": "usd", "€": "eur", "£": "gbp"}[currency], mult
    if u in {"%", "percent", "pct"}:
        return "pct", mult
    if u.startswith("percentagepoint"):
        return "pct", mult
    if u in {"bps", "basispoint", "basispoints"}:
        return "pct", mult / 100.0
    if u.startswith("°") or u.startswith("degree"):
        return ("degC" if u.endswith("c") or "celsius" in u else "degF"), mult
    if u in {"inch", "inches", "in."}:
        return "inch", mult
    if u in {"mm", "cm"}:
        return u, mult
    noun = re.match(r"\s*([a-z][a-z-]+)", after.lower())
    if noun and noun.group(1) not in _FILLER_AFTER_NUMBER:
        return _singular(noun.group(1)), mult
    return "", mult


_FILLER_AFTER_NUMBER = frozenset(
    {"or", "and", "to", "on", "by", "in", "at", "the", "for", "of", "before", "after", "than",
     "with", "is", "be", "will", "a", "an", "as", "during", "this", "that", "per", "from"}
)


def _singular(word: str) -> str:
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith("es") and word[:-2].endswith(("ch", "sh", "x")):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def _is_name_number(m: re.Match[str], before: str) -> bool:
    """A bare number right after a capitalised word names something ("Zootopia 2", "Apollo 11")."""
    if m.group("cur") or m.group("unit") or m.group("plus") or m.group("scale"):
        return False
    word = re.search(r"([A-Za-z][\w'-]+)\s*$", before)
    if word is None:
        return False
    return word.group(1)[0].isupper() and word.group(1).lower() not in _GENERIC_CAPS


def extract_thresholds(text: str) -> list[Threshold]:
    """Every number in `text` with its comparator and unit, dates and named numbers removed
    (cached: a market's label is read twice, and ladder labels repeat across events)."""
    return list(_thresholds_of(text))


@lru_cache(maxsize=1 << 16)
def _thresholds_of(text: str) -> tuple[Threshold, ...]:
    return tuple(_extract_thresholds(text))


def _extract_thresholds(text: str) -> list[Threshold]:
    clean = _NAMED_NUMBER_RE.sub(r"\g<name>", _strip_dates(text))
    # Ordinals and names like "76ers" are not quantities.
    clean = re.sub(r"\b\d+(?:st|nd|rd|th|ers)\b", " ", clean)
    out: list[Threshold] = []
    pos = 0
    while True:
        m = _NUMBER_RE.search(clean, pos)
        if not m:
            break
        pos = m.end()
        if not m.group("num"):
            continue
        value = float(m.group("num").replace(",", ""))
        raw_before = clean[max(0, m.start() - 30): m.start()]
        before = raw_before.lower()
        if _is_name_number(m, raw_before):
            continue
        after = clean[m.end(): m.end() + 40]
        unit, mult = _unit_of(
            m.group("unit") or "", m.group("cur") or "", m.group("scale") or "", after
        )
        comparator = EXACTLY
        if m.group("plus"):
            comparator = AT_LEAST
        for pattern, comp in _PREFIX_CUES:
            if re.search(pattern, before):
                comparator = comp
                break
        high: float | None = None
        rng = _RANGE_RE.match(after)
        if rng and (comparator in {BETWEEN, EXACTLY}):
            high = float(rng.group("num2").replace(",", "")) * mult
            comparator = BETWEEN
            pos = m.end() + rng.end()
            tail = clean[pos: pos + 40]
            if not unit:
                unit2 = _NUMBER_RE.match(clean, m.end() + rng.start("num2") - 1)
                unit = _unit_of(unit2.group("unit") or "", "", "", tail)[0] if unit2 else ""
            if re.match(r"\s*(?:%|percent)", tail, re.IGNORECASE):
                unit = "pct"
            elif re.match(r"\s*(?:°|degrees?)", tail, re.IGNORECASE):
                unit = "degF"
        elif comparator == BETWEEN:
            comparator = EXACTLY
        else:
            for pattern, comp in _SUFFIX_CUES:
                if re.search(pattern, after, re.IGNORECASE):
                    comparator = comp
                    break
        out.append(Threshold(comparator, value * mult, high, unit))
    return out


# --- dates ----------------------------------------------------------------------------------

_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_MONTH_RE = r"(?P<month>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + r")\.?"
_DAY_MONTH_RE = re.compile(
    r"(?P<pre>\b(?:by|before|on|until|through|prior to|after|at|for|as of|in)\s+(?:the\s+)?(?:end of\s+)?)?"
    + r"\b" + _MONTH_RE + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s*(?P<year>20\d\d))?",
    re.IGNORECASE,
)
_ISO_RE = re.compile(
    r"(?P<pre>\b(?:by|before|on|until|through|prior to|after|at|for|as of)\s+)?\b(?P<year>20\d\d)-(?P<mon>\d\d)-(?P<day>\d\d)\b",
    re.IGNORECASE,
)
_MONTH_YEAR_RE = re.compile(
    r"(?P<pre>\b(?:by|before|in|until|through|prior to|after|for|during)\s+(?:the\s+)?(?:end of\s+)?)?\b"
    + _MONTH_RE + r"\s+(?P<year>20\d\d)\b",
    re.IGNORECASE,
)
_YEAR_RE = re.compile(
    r"(?P<pre>\b(?:by|before|in|until|through|prior to|after|during|for)\s+(?:the\s+)?(?:end of\s+)?)?\b(?P<year>20\d\d)\b",
    re.IGNORECASE,
)
_WEEKDAYS = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday),?\s+"
_WEEKDAYS_RE = re.compile(_WEEKDAYS, re.IGNORECASE)
_BARE_YEAR_RE = re.compile(r"\b(?:19|20)\d\d(?:[-–/]\d\d)?\b")
_TIME_OF_DAY_RE = re.compile(r"\b\d{1,2}(?::\d\d)?\s?(?:am|pm|a\.m\.|p\.m\.)|\b\d{1,2}:\d\d\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class DateFact:
    """A date the question turns on.

    `kind` is "deadline" (any time up to and including `day`), "point" (on `day`), "period" (the
    month or year ending on `day`, as a reference period like "December 2026 CPI").
    """

    kind: str
    day: date

    @lru_cache(maxsize=1 << 16)  # noqa: B019 (dates are few; strftime per pair was a hot spot)
    def describe(self) -> str:
        return {"deadline": "by", "point": "on", "period": "period ending"}[self.kind] + f" {self.day:%Y-%m-%d}"


def _kind_and_day(pre: str, day: date, *, whole: str) -> DateFact:
    """Normalise a cue word: "before D" is "by the day before D"; "by end of 2026" a deadline."""
    cue = (pre or "").lower().split()
    first = cue[0] if cue else ""
    if first in {"before", "prior"}:
        return DateFact("deadline", day - timedelta(days=1) if whole == "day" else _period_start(day, whole) - timedelta(days=1))
    if first in {"by", "until", "through"} or "end" in cue:
        return DateFact("deadline", day)
    if whole == "day":
        return DateFact("point", day)
    return DateFact("period", day)


def _period_start(day: date, whole: str) -> date:
    return date(day.year, 1, 1) if whole == "year" else date(day.year, day.month, 1)


def extract_dates(text: str, *, default_year: int, near: date | None = None) -> list[DateFact]:
    """Dates in `text`, most specific first (full dates, then months, then years).

    A day without a year takes `default_year`, or with `near` (the market's close) the year that
    puts it nearest to that day: "December 31" in a market closing January 2, 2027 is 2026.
    Cached: the members of an event share its title and rules text.
    """
    return list(_dates_of(text, default_year, near))


@lru_cache(maxsize=1 << 16)
def _dates_of(text: str, default_year: int, near: date | None) -> tuple[DateFact, ...]:
    return tuple(_extract_dates(text, default_year=default_year, near=near))


def _extract_dates(text: str, *, default_year: int, near: date | None = None) -> list[DateFact]:
    text = _WEEKDAYS_RE.sub("", text)
    out: list[DateFact] = []
    taken: list[tuple[int, int]] = []

    def free(span: tuple[int, int]) -> bool:
        return all(span[1] <= s or span[0] >= e for s, e in taken)

    for m in _ISO_RE.finditer(text):
        try:
            d = date(int(m.group("year")), int(m.group("mon")), int(m.group("day")))
        except ValueError:
            continue
        out.append(_kind_and_day(m.group("pre") or "", d, whole="day"))
        taken.append(m.span())
    for m in _DAY_MONTH_RE.finditer(text):
        if not free(m.span()):
            continue
        try:
            month, day = _MONTHS[m.group("month").lower()], int(m.group("day"))
            if m.group("year"):
                d = date(int(m.group("year")), month, day)
            elif near is not None:
                d = min((date(y, month, day) for y in (near.year - 1, near.year, near.year + 1)),
                        key=lambda x: abs((x - near).days))
            else:
                d = date(default_year, month, day)
        except ValueError:
            continue
        out.append(_kind_and_day(m.group("pre") or "", d, whole="day"))
        taken.append(m.span())
    for m in _MONTH_YEAR_RE.finditer(text):
        if not free(m.span()):
            continue
        year, month = int(m.group("year")), _MONTHS[m.group("month").lower()]
        d = date(year, month, calendar.monthrange(year, month)[1])
        out.append(_kind_and_day(m.group("pre") or "", d, whole="month"))
        taken.append(m.span())
    for m in _YEAR_RE.finditer(text):
        if not free(m.span()):
            continue
        pre = (m.group("pre") or "").lower()
        if not pre:
            continue  # a bare year ("the 2026 election") names the event, not a window
        year = int(m.group("year"))
        out.append(_kind_and_day(pre, date(year, 12, 31), whole="year"))
        taken.append(m.span())
    return out


@lru_cache(maxsize=1 << 16)
def _strip_dates(text: str) -> str:
    text = _WEEKDAYS_RE.sub("", text)
    for rx in (_ISO_RE, _DAY_MONTH_RE, _MONTH_YEAR_RE):
        text = rx.sub(" ", text)
    text = _BARE_YEAR_RE.sub(" ", text)
    # Times of day are not thresholds.
    return _TIME_OF_DAY_RE.sub(" ", text)


_TIME_RE = re.compile(
    r"\b(?P<h>\d{1,2})(?::(?P<m>\d\d))?\s?(?P<ap>am|pm|AM|PM|a\.m\.|p\.m\.)?\s?(?:in the\s)?(?P<tz>ET|EST|EDT|UTC|GMT|PT|CT)\b|\bnoon\s(?P<tz2>ET|EST|EDT|UTC)\b",
)


def extract_settle_time(text: str) -> str:
    """The first clock time with a time zone in the rules ("12:00 ET" -> "12:00 ET"), or ""."""
    m = _TIME_RE.search(text)
    if not m:
        return ""
    if m.group("tz2"):
        return f"12:00 {_tz(m.group('tz2'))}"
    hour = int(m.group("h"))
    if m.group("ap"):
        hour = hour % 12 + (12 if m.group("ap").lower().startswith("p") else 0)
    return f"{hour:02d}:{m.group('m') or '00'} {_tz(m.group('tz'))}"


def _tz(tz: str) -> str:
    return "ET" if tz in {"ET", "EST", "EDT"} else tz


# --- entities -------------------------------------------------------------------------------

# Lower-case aliases to one canonical token; general vocabulary of the venues' subjects.
ALIASES: dict[str, str] = {
    "bitcoin": "btc", "btc": "btc", "xbt": "btc", "ethereum": "eth", "ether": "eth", "eth": "eth",
    "solana": "sol", "sol": "sol", "ripple": "xrp", "xrp": "xrp", "dogecoin": "doge", "doge": "doge",
    "cardano": "ada", "fed": "fed", "fomc": "fed", "federal reserve": "fed", "nyc": "nyc",
    "new york city": "nyc", "new york": "nyc", "central park": "nyc", "la": "la", "los angeles": "la",
    "uk": "uk", "united kingdom": "uk", "britain": "uk", "gop": "republican",
    "republicans": "republican", "republican": "republican", "democrats": "democrat",
    "democratic": "democrat", "democrat": "democrat", "dems": "democrat", "oscars": "oscar",
    "academy awards": "oscar", "academy award": "oscar", "oscar": "oscar", "s&p": "s&p",
    "sp500": "s&p", "spx": "s&p", "nasdaq": "nasdaq", "ndx": "nasdaq", "potus": "president",
    "scotus": "supreme court", "ai": "ai", "artificial intelligence": "ai", "fed chair": "fed", "ecb": "ecb", "boe": "boe",
}
_GENERIC_CAPS = frozenset(
    ["will", "the", "a", "an", "yes", "no", "in", "on", "by", "before", "after", "who", "what", "which", "when", "where", "how", "if", "this", "that", "these", "market", "markets", "otherwise", "resolves", "resolve", "resolution", "question", "is", "be", "are", "of", "for", "to", "and", "or", "at", "as", "highest", "lowest", "high", "low", "daily", "weekly", "monthly", "annual", "year", "price", "prices", "rate", "rates", "index", "election", "elections", "presidential", "president", "winner", "win", "wins", "champion", "championship", "game", "games", "match", "temperature", "temp", "today", "tomorrow", "tonight", "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "et", "est", "edt", "utc", "pm", "am", "q1", "q2", "q3", "q4", "h1", "h2", "above", "below", "between", "over", "under", "more", "less", "than", "at", "least", "most", "close", "closing", "open", "final", "finals", "total", "party", "vs", "versus", "v", "sub", "title", "up", "down", "hit", "reach", "between", "real", "gdp", "cpi", "pce", "core", "ppi", "yoy", "mom", "nominee", "nomination", "primary", "general", "round", "reported", "report", "official", "announced", "any", "next", "new", "best", "mvp", "season", "regular", "playoffs", "playoff", "series", "cup", "league", "conference", "division", "bowl", "super", "world", "top", "most", "number", "how", "many", "much", "count", "cut", "cuts", "hike", "hikes", "hold", "us", "usa", "tie", "draw", "not", "remains", "remain", "still", "stays", "out"]
)
_CAP_PHRASE_RE = re.compile(r"(?<![A-Za-z])(?:[A-Z][\w'&.-]*|\d+[a-z]{2,}\b)(?:\s+(?:of\s+|de\s+|the\s+)?(?:[A-Z][\w'&.-]*|\d+[a-z]{2,}\b))*")


def _canon_tokens(text: str) -> set[str]:
    """Lower-case word tokens of `text` plus canonical aliases found in it (whole words)."""
    low = text.lower()
    tokens = set(re.findall(r"[a-z0-9&']+(?:\.[a-z]\.)?", low))
    tokens |= set(re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)+", low))  # "gpt-6", "bankman-fried" whole
    tokens |= {t.rstrip("'s") for t in tokens if t.endswith("'s")}
    tokens.update(ALIASES[m] for m in _alias_rx().findall(low))
    return tokens


@lru_cache(maxsize=1)
def _alias_rx() -> re.Pattern[str]:
    """Every alias as a whole word, longest first, in one pattern (one scan of the text); aliases
    that overlap ("new york city" / "new york", "fed chair" / "fed") share their canonical token."""
    return re.compile(r"(?<![a-z])(" + "|".join(re.escape(a) for a in sorted(ALIASES, key=len, reverse=True)) + r")(?![a-z])")


def extract_entities(text: str) -> list[tuple[str, frozenset[str]]]:
    """Named things in `text`: each as (surface phrase, its distinguishing canonical tokens)."""
    out: list[tuple[str, frozenset[str]]] = []
    text = _TIME_RE.sub(" ", _NAMED_NUMBER_RE.sub(r"\g<name>", text))
    for m in _CAP_PHRASE_RE.finditer(text):
        phrase = m.group(0).strip(" .'")
        words = [w.strip(".,'").lower() for w in re.split(r"\s+", phrase)]
        words = [w[:-2] if w.endswith("'s") else w for w in words]
        keys = {ALIASES.get(w, w) for w in words if w and w not in _GENERIC_CAPS and w not in {"of", "de", "the"}}
        joined = " ".join(words)
        if joined in ALIASES:
            keys = {ALIASES[joined]}
        keys = {k for k in keys if len(k) > 1 and not k.isdigit()}
        if keys:
            out.append((phrase, frozenset(keys)))
    return out


# --- concepts -------------------------------------------------------------------------------

# Groups of mutually exclusive concepts: two markets naming different members of one group ask
# about different things (points vs rebounds, high vs low temperature, core vs headline CPI).
# Within a group, more specific patterns come first and consume their text.
CONCEPT_GROUPS: dict[str, list[tuple[str, str]]] = {
    "statistic": [
        ("passing yards", r"passing yards?"), ("rushing yards", r"rushing yards?"),
        ("receiving yards", r"receiving yards?"), ("three-pointers", r"three[- ]pointers?|3[- ]pointers?|threes made|3pm"),
        ("points+rebounds+assists", r"points\s*\+\s*rebounds\s*\+\s*assists|pra\b"),
        ("points", r"\bpoints?\b|\bpts\b"), ("rebounds", r"rebounds?|\breb\b"), ("assists", r"assists?|\bast\b"),
        ("steals", r"steals?"), ("blocks", r"\bblocks?\b"), ("touchdowns", r"touchdowns?|\btds?\b"),
        ("strikeouts", r"strikeouts?"), ("home runs", r"home runs?|homers?"), ("saves", r"\bsaves\b"),
        ("goals", r"\bgoals?\b"), ("aces", r"\baces\b"), ("hits", r"\bhits\b"),
    ],
    "weather": [
        ("high temperature", r"high(?:est)? temp(?:erature)?|max(?:imum)? temp(?:erature)?|daily high|high of"),
        ("low temperature", r"low(?:est)? temp(?:erature)?|min(?:imum)? temp(?:erature)?|daily low|low of"),
        ("snowfall", r"snow(?:fall)?"), ("rainfall", r"rain(?:fall)?|precipitation"),
    ],
    "economic series": [
        ("core CPI", r"core (?:cpi|consumer price index)(?:-u)?(?: inflation)?|core inflation|cpi(?:-u)? (?:less|excluding|ex) food and energy"),
        ("core PCE", r"core pce"), ("PCE", r"\bpce\b"), ("CPI", r"\bcpi(?:-u)?\b|consumer price index|inflation"),
        ("PPI", r"\bppi\b|producer price"), ("GDP", r"\bgdp\b|gross domestic product"),
        ("unemployment rate", r"unemployment(?: rate)?|jobless rate|\bu-3\b"),
        ("jobless claims", r"jobless claims|initial claims"),
        ("payrolls", r"payrolls?|\bnfp\b|\bjobs\b"),
    ],
    "change basis": [
        ("year-over-year", r"year[- ]over[- ]year|\byoy\b|y/y|12-month|annual(?:ly)? (?:rate|change|inflation)"),
        ("month-over-month", r"month[- ]over[- ]month|\bmom\b|m/m|monthly (?:change|increase|rate)"),
    ],
    "Fed action": [
        ("cut", r"\bcuts?\b|\blowers?\b|\bdecreases?\b|\breduces?\b|\bease\b"),
        ("hike", r"\bhikes?\b|\braises?\b|\bincreases?\b|\btighten\b"),
        ("hold", r"\bholds?\b|\bpauses?\b|\bunchanged\b|\bmaintains?\b|\bno change\b|\bkeeps?\b"),
    ],
    "office": [
        ("vice president", r"vice[- ]president(?:ial)?|\bvp\b|running mate"),
        ("president", r"\bpresident(?:ial)?\b|\bpotus\b|white house"),
        ("senate", r"\bsenate\b|\bsenator\b"), ("house", r"\bhouse\b(?! of)|congressional district"),
        ("governor", r"\bgovernor\b|gubernatorial"), ("mayor", r"\bmayor(?:al)?\b"),
        ("prime minister", r"prime minister"),
    ],
    "contest stage": [
        ("nomination", r"\bnominee\b|\bnomination\b|\bnominated\b|\bprimary\b"),
        ("playoffs", r"make the playoffs|playoff berth|qualify for the playoffs|reach the playoffs"),
        ("conference title", r"conference (?:title|championship|finals)|\bafc championship\b|\bnfc championship\b"),
        ("division title", r"win the (?:\w+ )?division"),
        ("title", r"\bfinals\b|\bchampionship\b|\bsuper bowl\b|world series|stanley cup|\bchampions?\b|\btitle\b|\belection\b|\bwin the (?:\d{4} )?(?:us )?(?:presidential )?race\b"),
    ],
    "legislative stage": [
        ("law", r"become law|becomes law|signed into law|signs? .{0,40}into law|enacted|\blaw\b"),
        ("passage", r"\bpass(?:es|ed)?\b|\bpassage\b|\bvotes? (?:for|on)\b"),
    ],
    "military action": [
        ("invasion", r"\binva(?:de|des|ded|sion)\b|troops? land"),
        ("blockade", r"\bblockade[sd]?\b|quarantine"),
        ("strike", r"\bstrikes?\b|\battack(?:s|ed)?\b|\bbomb"),
    ],
    "product stage": [
        ("announcement", r"\bannounce[sd]?\b|\bannouncement\b|\bunveil(?:s|ed)?\b|\breveal(?:s|ed)?\b"),
        ("availability", r"available to buy|\bon sale\b|\bships?\b|\bshipped\b|in stores|\bavailable\b|\bdeliver(?:s|ed|ies)? to customers"),
    ],
    "company statistic": [
        ("production", r"\bproduc(?:e|es|ed|tion)\b"),
        ("deliveries", r"\bdeliver(?:s|ed|ies|y)?\b"),
        ("revenue", r"\brevenue\b|\bsales\b"),
    ],
    "review score": [
        ("critics' Tomatometer", r"tomatometer|critics'? score"),
        ("audience Popcornmeter", r"popcornmeter|audience score"),
    ],
    "box office scope": [
        ("domestic", r"\bdomestic\b|us (?:and|&) canada|north america"),
        ("worldwide", r"\bworldwide\b|global (?:box office|gross|opening)|international (?:box office|gross)"),
    ],
    "office exit": [
        ("impeachment", r"\bimpeach(?:ed|ment|es)?\b"),
        ("leaves office", r"\bout as\b|\bleaves?\b|\bresigns?\b|\bremoved\b|\bfired\b|\bstill\b|\bremains?\b"),
    ],
    "match result": [("draw", r"\bdraw\b|\btie\b|\bties\b|\bdrawn\b")],
    "game market": [
        ("spread", r"\bspread\b|\bcover\b|by more than \d|\bwin by\b|handicap|[+-]\d+\.5\b"),
        ("total", r"\btotal (?:points|goals|runs)\b|over/under|combined (?:points|score|goals|runs)"),
        ("both teams to score", r"both teams to score|\bbtts\b"),
    ],
}
_CONCEPT_RX = {
    group: [(name, re.compile(rx, re.IGNORECASE)) for name, rx in members]
    for group, members in CONCEPT_GROUPS.items()
}


# Groups whose member a question often leaves to its rules ("opening weekend gross" is domestic
# only in the rules): read from the rules when the question names none.
_RULE_CONCEPTS = frozenset({"box office scope", "review score"})


def _concepts_with_rules(question: str, rules: str) -> dict[str, frozenset[str]]:
    concepts = extract_concepts(question)
    missing = _RULE_CONCEPTS - set(concepts)
    from_rules = extract_concepts(rules, groups=missing) if rules and missing else {}
    for group in _RULE_CONCEPTS:
        if group not in concepts and group in from_rules and len(from_rules[group]) == 1:
            concepts[group] = from_rules[group]
    return concepts


# One pattern per group: most texts name no member of most groups, and one search says so.
_GROUP_RX = {
    group: re.compile("|".join(f"(?:{rx})" for _, rx in members), re.IGNORECASE)
    for group, members in CONCEPT_GROUPS.items()
}


def _required_literals(items: Iterable[tuple[Any, Any]]) -> frozenset[str] | None:
    """Strings one of which every match of the parsed pattern `items` contains (None when the
    pattern has no such literal): a cheap test that rules a pattern out before it is run."""
    best: frozenset[str] | None = None

    def consider(found: frozenset[str] | None) -> None:
        nonlocal best
        if found and all(found) and (best is None or min(map(len, found)) > min(map(len, best))):
            best = found

    run: list[str] = []
    for op, av in items:
        if op is _re_constants.LITERAL:
            run.append(chr(av))
            continue
        consider(frozenset({"".join(run)}) if run else None)
        run = []
        if op is _re_constants.BRANCH:
            parts = [_required_literals(branch) for branch in av[1]]
            if all(parts):
                consider(frozenset().union(*(p for p in parts if p)))
        elif op is _re_constants.SUBPATTERN and not av[1] and not av[2]:
            consider(_required_literals(av[3]))
        elif op in (_re_constants.MAX_REPEAT, _re_constants.MIN_REPEAT) and av[0] >= 1:
            consider(_required_literals(av[2]))
    consider(frozenset({"".join(run)}) if run else None)
    return best


def _group_literals(members: list[tuple[str, str]]) -> tuple[str, ...] | None:
    """Lower-case strings one of which a text names when it names any member of the group; None
    when a member has no such literal or one is not ASCII (case folding could reach ASCII)."""
    found: set[str] = set()
    for _, rx in members:
        literals = _required_literals(_re_parser.parse(rx))
        if literals is None or not all(lit.isascii() for lit in literals):
            return None
        found |= {lit.lower() for lit in literals}
    return tuple(sorted(found))


# For an ASCII text, a group none of whose literals appears (lower-cased) cannot match: most
# texts name no member of most groups, and a substring test says so much faster than the
# case-insensitive pattern.
_GROUP_LITERALS = {group: _group_literals(members) for group, members in CONCEPT_GROUPS.items()}


def extract_concepts(text: str, *, groups: frozenset[str] | None = None) -> dict[str, frozenset[str]]:
    """Which member(s) of each concept group (or of `groups`) the text names."""
    out: dict[str, frozenset[str]] = {}
    low = text.lower() if text.isascii() else None
    for group, members in _CONCEPT_RX.items():
        if groups is not None and group not in groups:
            continue
        literals = _GROUP_LITERALS[group]
        if low is not None and literals is not None and not any(lit in low for lit in literals):
            continue
        if not _GROUP_RX[group].search(text):
            continue
        rest = text
        found: set[str] = set()
        for name, rx in members:
            if rx.search(rest):
                found.add(name)
                rest = rx.sub(" ", rest)
        if found:
            out[group] = frozenset(found)
    return out


# --- stations and sources -------------------------------------------------------------------

_STATION_RE = re.compile(r"\b(K[A-Z]{3})\b")
_STATION_NAMES: dict[str, str] = {
    "central park": "KNYC", "laguardia": "KLGA", "la guardia": "KLGA", "jfk": "KJFK",
    "kennedy": "KJFK", "newark": "KEWR", "o'hare": "KORD", "ohare": "KORD", "midway": "KMDW",
    "lax": "KLAX", "los angeles international": "KLAX", "downtown los angeles": "KCQT",
    "usc campus": "KCQT", "miami international": "KMIA", "austin-bergstrom": "KAUS",
    "camp mabry": "KATT", "denver international": "KDEN", "philadelphia international": "KPHL",
    "sea-tac": "KSEA", "seattle-tacoma": "KSEA", "reagan national": "KDCA", "logan": "KBOS",
}
# Resolution sources grouped by kind; two different sources of one kind are flagged.
SOURCES: dict[str, tuple[str, str]] = {
    "associated press": ("AP", "news"), "the ap": ("AP", "news"), " ap ": ("AP", "news"),
    "fox news": ("Fox News", "news"), "nbc": ("NBC", "news"), "cnn": ("CNN", "news"),
    "decision desk": ("Decision Desk HQ", "news"),
    "bureau of labor statistics": ("BLS", "statistics"), "bls": ("BLS", "statistics"),
    "bureau of economic analysis": ("BEA", "statistics"), "bea": ("BEA", "statistics"),
    "cf benchmarks": ("CF Benchmarks", "price feed"), "brti": ("CF Benchmarks", "price feed"),
    "binance": ("Binance", "price feed"), "coinbase": ("Coinbase", "price feed"),
    "kraken": ("Kraken", "price feed"), "coingecko": ("CoinGecko", "price feed"),
    "coinmarketcap": ("CoinMarketCap", "price feed"), "chainlink": ("Chainlink", "price feed"),
    "pyth": ("Pyth", "price feed"), "bitstamp": ("Bitstamp", "price feed"),
    "national weather service": ("NWS", "weather"), "nws": ("NWS", "weather"),
    "noaa": ("NWS", "weather"), "weather underground": ("Weather Underground", "weather"),
    "wunderground": ("Weather Underground", "weather"),
    "accuweather": ("AccuWeather", "weather"),
    "box office mojo": ("Box Office Mojo", "box office"), "the numbers": ("The Numbers", "box office"),
    "rotten tomatoes": ("Rotten Tomatoes", "reviews"), "metacritic": ("Metacritic", "reviews"),
    "billboard": ("Billboard", "charts"), "spotify": ("Spotify", "charts"),
    "yahoo finance": ("Yahoo Finance", "market data"), "bloomberg": ("Bloomberg", "market data"),
    "google finance": ("Google Finance", "market data"),
}


def extract_stations(text: str) -> frozenset[str]:
    low = text.lower()
    found = set(_STATION_RE.findall(text))
    found |= {code for name, code in _STATION_NAMES.items() if name in low}
    return frozenset(found)


def extract_sources(text: str) -> dict[str, frozenset[str]]:
    """Named resolution sources by kind: {"price feed": {"Binance"}, ...}."""
    low = f" {text.lower()} "
    by_kind: dict[str, set[str]] = {}
    for cue in _source_rx().findall(low):
        name, kind = _SOURCE_BY_CUE[cue]
        by_kind.setdefault(kind, set()).add(name)
    return {k: frozenset(v) for k, v in by_kind.items()}


_SOURCE_BY_CUE = {cue.strip(): value for cue, value in SOURCES.items()}


@lru_cache(maxsize=1)
def _source_rx() -> re.Pattern[str]:
    return re.compile(r"(?<![a-z])(" + "|".join(re.escape(c) for c in sorted(_SOURCE_BY_CUE, key=len, reverse=True)) + r")(?![a-z])")


# --- published precision -------------------------------------------------------------------

_REFERENCE = Path(__file__).resolve().parent.parent / "reference" / "statistics.json"


@lru_cache(maxsize=1)
def _statistics() -> tuple[list[tuple[re.Pattern[str], str, float]], list[tuple[re.Pattern[str], float]]]:
    """(statistic pattern, unit, step) and (precision cue, step) from the reference file."""
    data = json.loads(_REFERENCE.read_text())
    stats = [(re.compile(s["pattern"], re.IGNORECASE), s["unit"], float(s["step"])) for s in data["statistics"]]
    cues = [(re.compile(c["pattern"], re.IGNORECASE), float(c["step"])) for c in data["precision_cues"]]
    return stats, cues


def published_step(question: str, rules: str, units: set[str]) -> float | None:
    """The step the settling value is printed to (0.1 for a rate printed to one decimal, 1000 for
    payrolls in thousands, a cent for a dollar price), when the question names a statistic of the
    reference data, the rules state the precision or the value is in dollars; None otherwise."""
    stats, cues = _statistics()
    for rx, unit, step in stats:
        if rx.search(question) and (unit in units or (not unit and (units <= {""} or "job" in units))):
            return step
    for rx, step in cues:
        if rx.search(rules) and (step < 1 and "pct" in units or step >= 1 and "pct" not in units):
            return step
    if units == {"usd"}:
        return 0.01  # prices settle to the cent: "above $119,999.99" is "$120,000 or more"
    return None


_INSTRUMENTS = Path(__file__).resolve().parent.parent / "reference" / "instruments.json"


@lru_cache(maxsize=1)
def _instrument_table() -> list[tuple[str, re.Pattern[str], str, list[tuple[str, re.Pattern[str]]]]]:
    data = json.loads(_INSTRUMENTS.read_text())
    return [
        (a["asset"], re.compile(a["pattern"], re.IGNORECASE), a["default"],
         [(name, re.compile(rx, re.IGNORECASE)) for name, rx in a["instruments"].items()])
        for a in data["assets"]
    ]


def extract_instruments(question: str, rules: str) -> dict[str, frozenset[str]]:
    """{asset: instruments named} for the priced assets the question names (reference data
    similarity/reference/instruments.json); an asset whose question and rules name no instrument
    takes the asset's default, or nothing when it has none."""
    out: dict[str, frozenset[str]] = {}
    text = f"{question} . {rules}"
    for asset, rx, default, instruments in _instrument_table():
        if not rx.search(question):
            continue
        named = frozenset(name for name, irx in instruments if irx.search(text))
        out[asset] = named or (frozenset({default}) if default else frozenset())
    return out


_STOP = frozenset(
    ["will", "the", "a", "an", "of", "in", "on", "by", "to", "for", "be", "is", "are", "at", "as", "and", "or", "with", "its", "it", "this", "that", "who", "what", "which", "than", "before", "after", "during", "through", "until", "end", "yes", "no", "any", "new", "next", "be", "been", "being", "has", "have", "from", "into", "over", "under", "above", "below", "more", "less", "least", "most", "price", "market", "markets", "question"]
)


# Words venues use for one settlement event; the second stays (and "stay funded" is negated by the
# staying framing, so it meets "shutdown").
_SAME_EVENT_WORDS = {
    "funded": "shutdown", "leave": "out", "leaves": "out", "exit": "out", "exits": "out",
    "depart": "out", "departs": "out", "ousted": "out", "removed": "out", "resign": "out",
    "resigns": "out", "visits": "visit", "visited": "visit",
}
_PHRASES = {"united states": "us", "u.s.": "us", "federal reserve": "fed", "united kingdom": "uk"}


@lru_cache(maxsize=1 << 16)
def _stem(word: str) -> str:
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: -len(suffix)]
            break
    return word[:6]


def _content_list(text: str) -> list[str]:
    """The words that say what a question is about, in order (dates, numbers, negations and
    filler removed; one word for one settlement event); `_stem` cuts them for comparison, so
    "referendum"/"referendums" and "visit"/"visits" meet, and adjacent pairs let "shut down"
    meet "shutdown"."""
    text = unicodedata.normalize("NFKD", _strip_dates(text))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    for phrase, canon in _PHRASES.items():
        text = text.replace(phrase, canon)
    out = []
    for w in re.findall(r"[a-z][a-z0-9&'.-]*[a-z0-9]|[a-z]", text):
        w = w.strip("'-.")
        if w in _STOP or w in _MONTHS or len(w) < 2:
            continue
        w = _SAME_EVENT_WORDS.get(w, w)
        out.append(ALIASES.get(w, w))
    return out


# --- framing --------------------------------------------------------------------------------

_NEGATION_RE = re.compile(
    r"\bnot\b|n't\b|\bfail(?:s)? to\b|\bavoid(?:s)?\b|\bwithout\b|\bno (?=[a-z]+ (?:cut|hike|change|deal|shutdown|recession))",
    re.IGNORECASE,
)
# "Will <subject> win/beat ..." and "<A> vs <B>" name who YES is about.
_WINNER_RE = re.compile(
    r"^(?:will\s+)?(?:the\s+)?(?P<subj>[A-Z][\w.'&-]*(?:\s+[A-Z][\w.'&-]*){0,3})\s+(?:win|beat|defeat|top|advance|be elected|become)",
)
_VERSUS_RE = re.compile(
    r"(?P<x>[A-Z][\w.'&-]*(?:\s+[A-Z][\w.'&-]*){0,3})\s+(?:vs\.?|v\.?|versus|at|@|beat|defeat)\s+(?:the\s+)?(?P<y>[A-Z][\w.'&-]*(?:\s+[A-Z][\w.'&-]*){0,3})",
)


_VERSION_RE = re.compile(r"\b([A-Z][A-Za-z]+)[ -](\d+(?:\.\d+)?)\b(?!\s*(?:%|bps|°|k\b|m\b|points?|percent))")


def extract_versions(text: str) -> dict[str, frozenset[str]]:
    """Named versions ("Gemini 4", "GPT-6", "Gemini 3.5"): {name: {version}}; years excluded."""
    out: dict[str, set[str]] = {}
    for m in _VERSION_RE.finditer(text):
        name, number = m.group(1).lower(), m.group(2)
        if name in _GENERIC_CAPS or re.fullmatch(r"(?:19|20)\d\d", number):
            continue
        out.setdefault(name, set()).add(number)
    return {k: frozenset(v) for k, v in out.items()}


def initialisms(text: str) -> frozenset[str]:
    """Initials of multi-word capitalised names ("Sam Bankman-Fried" -> "sbf"), which venues use
    as the name itself."""
    out = set()
    for m in re.finditer(r"(?<![A-Za-z])[A-Z][a-z]+(?:[\s-]+[A-Z][a-z]+)+", text):
        parts = [p for p in re.split(r"[\s-]+", m.group(0)) if p.lower() not in _GENERIC_CAPS]
        if 2 <= len(parts) <= 4:
            out.add("".join(p[0] for p in parts).lower())
    return frozenset(out)


_STAY_RE = re.compile(r"\b(?:still|remains?|stays?|continues? to be)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Facts:
    """Everything the guards compare, read once per market."""

    thresholds: tuple[Threshold, ...]
    dates: tuple[DateFact, ...]
    entities: tuple[tuple[str, frozenset[str]], ...]
    tokens: frozenset[str]
    concepts: dict[str, frozenset[str]]
    stations: frozenset[str]
    sources: dict[str, frozenset[str]]
    settle_time: str
    rule_days: frozenset[date]
    rule_dates: frozenset[DateFact]
    step: float | None
    instruments: dict[str, frozenset[str]]
    content: frozenset[str]
    versions: dict[str, frozenset[str]]
    content_pairs: frozenset[tuple[str, str, str]]
    negated: bool
    yes_subject: frozenset[str]
    yes_subject_text: str
    no_subject: frozenset[str]
    close_time: datetime | None


def _merge_thresholds(thresholds: list[Threshold]) -> list[Threshold]:
    """One threshold per boundary: a bare repeat of a number (a group label "$95,000" next to
    "above $95,000") adds nothing, and a unit named once applies to the repeats."""
    out: list[Threshold] = []
    for t in thresholds:
        idx = next(
            (i for i, o in enumerate(out)
             if o.low == t.low and o.high == t.high
             and (o.comparator == t.comparator or EXACTLY in (o.comparator, t.comparator))),
            None,
        )
        if idx is None:
            out.append(t)
            continue
        o = out[idx]
        comparator = o.comparator if o.comparator != EXACTLY else t.comparator
        out[idx] = Threshold(comparator, o.low, o.high, o.unit or t.unit)
    return out


def _subject_keys(text: str) -> frozenset[str]:
    whole = text.strip().lower()
    if whole in ALIASES:
        return frozenset({ALIASES[whole]})
    keys: set[str] = set()
    for _, k in extract_entities(text):
        keys |= k
    return frozenset(keys)


def _question_text(view: MarketView) -> str:
    """The question and what YES means (the label carries the strike on ladder markets)."""
    parts = [view.title, view.subtitle]
    if view.has_named_outcomes:
        parts.append(view.outcome_label)
    return " . ".join(p for p in parts if p)


@lru_cache(maxsize=65536)
def facts_of(view: MarketView) -> Facts:
    """Read the facts of one market (cached: a market is compared with many candidates)."""
    question = _question_text(view)
    full = " . ".join(p for p in (view.event_title, question, view.no_outcome_label, view.rules_text, view.resolution_source) if p)
    default_year = view.close_time.year if view.close_time else datetime.now().astimezone().year
    near = view.close_time.date() if view.close_time else None
    label_is_name = (
        view.has_named_outcomes and not extract_thresholds(view.outcome_label)
        and view.outcome_label.strip().lower() not in {"over", "under"}
    )
    yes_subject_text, yes_subject, no_subject = "", frozenset[str](), frozenset[str]()
    if label_is_name:
        yes_subject_text = view.outcome_label
        yes_subject = _subject_keys(view.outcome_label) or frozenset({view.outcome_label.lower()})
        if view.no_outcome_label.strip().lower() not in {"no", ""}:
            no_subject = _subject_keys(view.no_outcome_label) or frozenset({view.no_outcome_label.lower()})
    elif view.subtitle and not extract_thresholds(view.subtitle) and _subject_keys(view.subtitle):
        # A Yes/No leg of a grouped event: the group item ("Harbor Lights") is who YES is about.
        yes_subject_text = view.subtitle
        yes_subject = _subject_keys(view.subtitle)
    else:
        m = _WINNER_RE.search(view.title)
        if m:
            yes_subject_text = m.group("subj")
            yes_subject = _subject_keys(yes_subject_text)
        v = _VERSUS_RE.search(view.title)
        if v:
            x, y = _subject_keys(v.group("x")), _subject_keys(v.group("y"))
            if yes_subject and yes_subject & x:
                no_subject = y
            elif yes_subject and yes_subject & y:
                no_subject = x
    thresholds = extract_thresholds(question)
    label_thresholds = extract_thresholds(view.outcome_label) if view.has_named_outcomes else []
    if label_thresholds:
        # A ladder shares one title across strikes ("high temp >60°?") while each market's YES
        # label names its own ("59° to 60°"): the label is what this market settles on.
        units = {t.low: t.unit for t in thresholds if t.unit}
        thresholds = [t if t.unit else Threshold(t.comparator, t.low, t.high, units.get(t.low, "")) for t in label_thresholds]
    over_under = view.outcome_label.strip().lower()
    if over_under in {"over", "under"}:
        # "Points O/U 24.5" with outcomes Over/Under: YES is the Over (or Under) side of the line.
        comp = ABOVE if over_under == "over" else BELOW
        thresholds = [Threshold(comp, t.low, None, t.unit) if t.comparator == EXACTLY else t for t in thresholds]
    rule_dates = extract_dates(" . ".join((view.event_title, view.rules_text)), default_year=default_year, near=near)
    initials = initialisms(" . ".join((view.title, view.subtitle)))
    subject_words = _content_list(" . ".join((view.event_title, question)))
    dates = extract_dates(question, default_year=default_year, near=near)
    staying = int(bool(_STAY_RE.search(view.title)))
    if staying:
        # "Still CEO on D" / "stay funded through D" is "not out (not shut down) by D": a
        # deadline, negated.
        dates = [DateFact("deadline", d.day) if d.kind == "point" else d for d in dates]
    merged = _merge_thresholds(thresholds)
    return Facts(
        thresholds=tuple(merged),
        dates=tuple(dates),
        entities=tuple(extract_entities(" . ".join(p for p in (view.title, view.subtitle, view.outcome_label if label_is_name else "") if p))),
        tokens=frozenset(_canon_tokens(full)) | initials,
        concepts=_concepts_with_rules(" . ".join(p for p in (view.event_title, question) if p), view.rules_text),
        stations=extract_stations(" ".join((view.rules_text, view.resolution_source, question))),
        sources=extract_sources(" ".join((view.rules_text, view.resolution_source))),
        settle_time=extract_settle_time(" ".join((question, view.rules_text))),
        rule_days=frozenset(d.day for d in rule_dates if d.kind != "period"),
        rule_dates=frozenset(rule_dates),
        content=frozenset(_stem(w) for w in subject_words) | initials,
        versions=extract_versions(" . ".join((view.title, view.subtitle))),
        content_pairs=frozenset((_stem(x), _stem(y), _stem(x + y)) for x, y in zip(subject_words, subject_words[1:], strict=False)),
        instruments=extract_instruments(" . ".join((view.event_title, question)), view.rules_text),
        step=published_step(" ".join((view.event_title, question)), view.rules_text, {t.unit for t in merged}),
        negated=(len(_NEGATION_RE.findall(view.title)) + staying) % 2 == 1,
        yes_subject=yes_subject,
        yes_subject_text=yes_subject_text,
        no_subject=no_subject,
        close_time=view.close_time,
    )
