"""Single-game sports markets: which game a market is on, and how two venues' markets on it relate.

Pure (no Django). The reference data in `similarity/reference/sports/` (team names, nicknames,
city forms, ticker codes and player name forms, see its README) is loaded once, on first use.

A market is reduced to a `GameMarket`: the league, the two competitors as canonical ids, the
game's calendar day as the venue states it, and what YES pays on, written as a range of final
scores: "team X wins" is margin(X) >= 1, "X wins by over 4.5" is margin(X) >= 5, a draw is
margin == 0, "over 47.5" is total >= 48. Two markets on one game are then compared as ranges of
integer outcomes (same range: identical; complementary: identical and inverted; nested: one
implies the other; disjoint: different), which is what makes "-4.5" equal "wins by over 4.5" and
keeps a soccer win apart from the other club's win (a draw makes both NO).
"""

from __future__ import annotations

import csv
import json
import math
import re
import unicodedata
from collections.abc import Hashable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from .types import Finding, MarketView, Verdict

REFERENCE_DIR = Path(__file__).resolve().parent.parent / "reference" / "sports"
GUARD = "sports"


MARGIN = "margin"
TOTAL = "total"

# Outcome domains the sets are compared over: a final margin (first competitor minus second) and a
# final combined score. Wide enough for any real game; a line outside them is rejected.
_MARGIN_RANGE = range(-200, 201)
_TOTAL_RANGE = range(0, 601)

_MONTHS = {m: i for i, m in enumerate(
    ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"), start=1)}


@dataclass(frozen=True, slots=True)
class GameMarket:
    """One venue market on one game, reduced to what settles it.

    `join_key` is (league, the two competitor ids as a frozenset): equal keys mean possibly the
    same game. `day` is the game's calendar day (US Eastern) when the venue states it. YES pays when
    `low <= value <= high`, where value is the final margin of `competitors[0]` (`measure` margin)
    or the combined score (`measure` total); `kind` is win / draw / spread / total as the venue
    framed it, `team` the competitor named by YES (empty for draw and total); `individual` marks
    tennis/golf (players, not teams).
    """

    join_key: Hashable
    league: str
    competitors: tuple[str, str]
    day: date | None
    kind: str
    team: str
    measure: str
    low: int
    high: int
    draw_possible: bool
    label: str
    individual: bool = False

    @property
    def family(self) -> str:
        """The labelled-set family: "moneyline" (win, draw) or "spread" (spread, total)."""
        return "moneyline" if self.kind in ("win", "draw") else "spread"


# --- reference data ----------------------------------------------------------------------------

_NON_ALNUM = re.compile(r"[^a-z0-9]+")
# Club-form words Polymarket and the federations add around a soccer club's name ("Arsenal FC",
# "FC Bayern München", "AS Roma"); stripped from the ends only.
_CLUB_WORDS = frozenset({
    "fc", "cf", "afc", "sc", "ac", "as", "ssc", "club", "cd", "rc", "rcd", "sl", "fk", "sk", "bsc",
    "vfl", "vfb", "tsg", "kv", "jk", "tc", "ogc", "losc", "rsc", "gnk", "cfc", "the",
})
_PARTICLES = frozenset({"de", "van", "der", "den", "da", "di", "del", "della", "von", "le", "la",
                        "dos", "du", "mc", "st"})


def normalize_name(text: str) -> str:
    """Lowercase ASCII words: accents folded, '&' as 'and', apostrophes and dots dropped."""
    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    # Letters NFKD does not decompose.
    folded = (folded.replace("ø", "o").replace("Ø", "o").replace("ł", "l").replace("Ł", "l")
              .replace("đ", "d").replace("Đ", "d").replace("ß", "ss").replace("ı", "i"))
    folded = folded.lower().replace("&", " and ").replace("'", "").replace("’", "").replace(".", "")
    return _NON_ALNUM.sub(" ", folded).strip()


def _strip_club_words(norm: str) -> str:
    words = norm.split()
    while len(words) > 1 and words[0] in _CLUB_WORDS:
        words = words[1:]
    while len(words) > 1 and words[-1] in _CLUB_WORDS:
        words = words[:-1]
    return " ".join(words)


@dataclass(frozen=True, slots=True)
class _League:
    key: str
    table: str
    draw: bool


@dataclass(slots=True)
class _Table:
    """Alias -> id and ticker code -> ids for one reference table; ambiguous aliases are dropped."""

    names: dict[str, str]
    codes: dict[str, frozenset[str]]
    is_players: bool = False


@dataclass(slots=True)
class _Reference:
    kalshi_leagues: dict[str, _League]
    polymarket_leagues: dict[str, _League]
    tables: dict[str, _Table]


def _split_list(cell: str | None) -> list[str]:
    return [part.strip() for part in (cell or "").split("|") if part.strip()]


def _add_alias(names: dict[str, str | None], alias: str, team_id: str) -> None:
    norm = normalize_name(alias)
    if not norm:
        return
    for form in {norm, _strip_club_words(norm)}:
        known = names.get(form, team_id)
        # An alias two teams share ("Panthers" is not one NFL team in another table, but "Miami"
        # could be two schools) resolves to neither: the other names still identify them.
        names[form] = team_id if known == team_id else None


def _state_forms(name: str) -> list[str]:
    """College names the venues shorten: "Ohio State" / "Ohio St." / "Ohio St"."""
    forms = [name]
    if name.endswith(" State"):
        stem = name[: -len(" State")]
        forms += [f"{stem} St.", f"{stem} St"]
    return forms


def _load_table(path: Path) -> _Table:
    names: dict[str, str | None] = {}
    codes: dict[str, set[str]] = {}
    with path.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            team_id = row["id"].strip()
            aliases = _split_list(row.get("aliases"))
            if "school" in row:
                for form in _state_forms(row["school"]):
                    aliases.append(form)
                    aliases.append(f"{form} {row['mascot']}")
            else:
                aliases += [row.get("kalshi_name") or "", row.get("full_name") or ""]
                if row.get("nickname"):
                    aliases.append(row["nickname"])
            for alias in aliases:
                _add_alias(names, alias, team_id)
            for code in _split_list(row.get("kalshi_codes")) + _split_list(row.get("pm_codes")):
                codes.setdefault(code.upper(), set()).add(team_id)
    return _Table(
        names={alias: tid for alias, tid in names.items() if tid is not None},
        codes={code: frozenset(ids) for code, ids in codes.items()},
    )


def _load_players(path: Path) -> _Table:
    """Players: every listed name form -> the canonical surname key ("auger aliassime")."""
    names: dict[str, str] = {}
    with path.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            # The family name is the last word of the written name (hyphens kept, particles
            # joined) unless the list states it ("Davidovich Fokina").
            family = (row.get("family") or "").strip() or _fallback_surname(row["name"].split())
            surname = normalize_name(family)
            for alias in [row["name"], *_split_list(row.get("aliases"))]:
                names[normalize_name(alias)] = surname
            names.setdefault(surname, surname)
    return _Table(names=names, codes={}, is_players=True)


def _fallback_surname(words: list[str]) -> str:
    """The family name of an unlisted player: the last word plus any particle before it
    ("de minaur", "van de zandschulp"); a two-word family name needs the reference list."""
    if not words:
        return ""
    start = len(words) - 1
    while start > 0 and words[start - 1].lower() in _PARTICLES:
        start -= 1
    return " ".join(words[start:])


@lru_cache(maxsize=1)
def reference() -> _Reference:
    """The reference data, read once per process."""
    spec = json.loads((REFERENCE_DIR / "leagues.json").read_text(encoding="utf-8"))
    tables: dict[str, _Table] = {}
    kalshi: dict[str, _League] = {}
    polymarket: dict[str, _League] = {}
    for item in spec["leagues"]:
        league = _League(key=item["key"], table=item["table"], draw=bool(item["draw"]))
        if league.table and league.table not in tables:
            path = REFERENCE_DIR / f"{league.table}.csv"
            tables[league.table] = _load_players(path) if league.table == "players" else _load_table(path)
        for code in item["kalshi"]:
            kalshi[code.upper()] = league
        for slug in item["polymarket"]:
            polymarket[slug.lower()] = league
    return _Reference(kalshi_leagues=kalshi, polymarket_leagues=polymarket, tables=tables)


@lru_cache(maxsize=65536)
def _resolve(table_key: str, name: str) -> str:
    """The canonical id of a competitor name in a table; unknown names keep a normalized form
    (prefixed "?") so two venues writing the same unknown name still meet."""
    table = reference().tables.get(table_key)
    norm = normalize_name(name)
    if not norm:
        return ""
    if table is None:
        return "?" + _strip_club_words(" ".join(_spelled_out(norm.split())))
    if table.is_players:
        return _player_key(table, norm)
    for form in (norm, _strip_club_words(norm), norm.removeprefix("the ")):
        if form in table.names:
            return table.names[form]
    words = norm.split()
    # "Ohio State Buckeyes" / "Kentucky Wildcats": the longest known leading part.
    for end in range(len(words) - 1, 0, -1):
        prefix = " ".join(words[:end])
        if prefix in table.names:
            return table.names[prefix]
    words = _spelled_out(words)
    fixed = " ".join(words)
    if fixed in table.names:
        return table.names[fixed]
    compact = name.strip()
    if compact.isupper() and len(compact) <= 5 and len(owners := table.codes.get(compact, frozenset())) == 1:
        # A bare abbreviation written as the name ("UNC", "OKC").
        return next(iter(owners))
    return "?" + _strip_club_words(fixed)


def _spelled_out(words: list[str]) -> list[str]:
    """College short forms spelled out: "boise st" -> "boise state", "st marys" -> "saint marys"."""
    if len(words) > 1 and words[-1] == "st":
        words = [*words[:-1], "state"]
    if len(words) > 1 and words[0] == "st":
        words = ["saint", *words[1:]]
    return words


def _player_key(table: _Table, norm: str) -> str:
    if norm in table.names:
        return table.names[norm]
    words = norm.split()
    # "f auger aliassime", "alex de minaur", "swiatek": the longest known trailing family name.
    for start in range(len(words)):
        tail = " ".join(words[start:])
        if tail in table.names:
            return table.names[tail]
    return _fallback_surname(words)


# --- parsing -----------------------------------------------------------------------------------

_K_SERIES = re.compile(
    r"^(?:KX)?(?P<league>[A-Z0-9]+?)(?P<kind>GAME|MATCH|SPREAD|TOTAL)S?(?:POINTS|GOALS|RUNS|WINNER)?$")
_K_EVENT = re.compile(r"-(?P<yy>\d{2})(?P<mon>[A-Z]{3})(?P<dd>\d{2})(?:\d{4})?(?P<code>[A-Z0-9]*)$")
_K_SUFFIX = re.compile(r"^(?P<code>[A-Z]+?)(?P<line>\d*)$")
_DRAW_CODES = frozenset({"TIE", "DRAW", "D"})
_VERSUS = re.compile(r"\s+(?:vs\.?|v\.?|at|@)\s+", re.IGNORECASE)
_DATED = re.compile(r"\s*\([^()]*\d{4}\)\s*$")
_TITLE_NOISE = re.compile(
    r"\s*(?:winner\??|\?|[-\u2013]\s*more markets|\(bo\d\)|[:\-\u2013]?\s*(?:point\s+|run\s+|puck\s+)?"
    r"(?:spread|line|totals?(?:\s+(?:points|goals|runs|score))?|o/u\s*[\d.]+|over/under\s*[\d.]+))\s*$",
    re.IGNORECASE)
_WINS_BY = re.compile(
    r"^(?P<team>.+?)\s+wins?\s+by\s+(?:(?:over|more than)\s+(?P<line>\d+(?:\.\d+)?)|(?P<atleast>\d+)\s*(?:\+|or more))",
    re.IGNORECASE)
_OVER = re.compile(r"\bover\s+(?P<line>\d+(?:\.\d+)?)", re.IGNORECASE)
_PM_SPREAD = re.compile(r"^(?:spread|point spread|handicap|run line|puck line):\s*(?P<team>.+?)\s*(?:\(?(?P<line>[-+]?\d+(?:\.\d+)?)\)?)?\s*\??$", re.IGNORECASE)
# "Chiefs (-3.5)" / "Chiefs -3.5" in a market Gamma types as spreads: the sign is required.
_SIGNED_TAIL = re.compile(r"\s*\(?[-+]\d+(?:\.\d+)?\)?\s*$")
_PM_SIGNED = re.compile(r"^(?P<team>.+?)\s*\(?(?P<line>[-+]\d+(?:\.\d+)?)\)?\s*\??$")
# "Will the Chiefs win by more than 3.5 points?" / "... by 4 or more points?" as a Yes/No market.
_PM_WIN_BY = re.compile(
    r"^will\s+(?P<team>.+?)\s+win\s+(?:the game\s+)?by\s+(?:(?:more than|over)\s+(?P<over>\d+(?:\.\d+)?)"
    r"|(?P<atleast>\d+)(?:\+|\s+or more))", re.IGNORECASE)
_OVER_UNDER = re.compile(r"\b(?P<side>over|under)\s+(?P<line>\d+(?:\.\d+)?)\b", re.IGNORECASE)
_PM_TOTAL = re.compile(
    r"\b(?:o/u|over/under|total(?:\s+(?:points|goals|runs))?)\s*:?\s*(?P<line>\d+(?:\.\d+)?)", re.IGNORECASE)
_PM_DRAW = re.compile(r"^will\s+(?P<a>.+?)\s+vs\.?\s+(?P<b>.+?)\s+end in a (?:draw|tie)\b", re.IGNORECASE)
_PM_WIN = re.compile(r"^will\s+(?P<team>.+?)\s+win(?:\s+on\s+(?P<day>\d{4}-\d{2}-\d{2}))?\s*\?*$",
                     re.IGNORECASE)
_PM_BEAT = re.compile(r"^will\s+(?P<team>.+?)\s+beat\s+(?P<other>.+?)(?:\s+on\s+\d{4}-\d{2}-\d{2})?\s*\?*$",
                      re.IGNORECASE)
# Only full-game markets: halves, quarters, periods, innings, sets/maps, corners, cards and player
# props settle on something else even when their question names the game.
_PARTIAL_OR_PROP = re.compile(
    r"\b(?:1h|2h|(?:1st|2nd|3rd|4th|first|second)(?!\s+(?:round|leg))|half|halftime|quarter|q[1-4]|period|"
    r"innings?|set \d|"
    r"map \d|corners?|cards?|props?|player|rebounds|assists|yards|touchdowns?|strikeouts?|"
    r"goalscorer|both teams|btts|double chance|exact score|correct score|winning margin)\b",
    re.IGNORECASE)
_EITHER = re.compile(r"\bor\b", re.IGNORECASE)
# Gamma's full-game sportsMarketType values (and their spellings); anything else (first-half
# lines, props, ...) is not a game market.
_PM_GAME_TYPES = {
    "": "", "moneyline": "moneyline", "money_line": "moneyline", "h2h": "moneyline",
    "spreads": "spreads", "spread": "spreads", "handicap": "spreads",
    "totals": "totals", "total": "totals", "over_under": "totals",
}
_DRAW_WORD = re.compile(r"\b(?:draw|tie)\b", re.IGNORECASE)
_ISO_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def _split_matchup(text: str) -> tuple[str, str] | None:
    """("Away", "Home") from "Away at Home Winner?", "Paris Masters: A vs B", "A vs. B - More Markets"."""
    for segment in reversed(text.split(":")) if ":" in text else (text,):
        segment = _TITLE_NOISE.sub("", _DATED.sub("", segment.strip()))
        segment = re.sub(r"^game\s+\d+\s*", "", segment, flags=re.IGNORECASE)
        parts = _VERSUS.split(segment)
        if len(parts) == 2 and parts[0].strip() and parts[1].strip():
            return parts[0].strip(), parts[1].strip()
    return None


@lru_cache(maxsize=65536)
def _competitors(table_key: str, text: str) -> tuple[str, str] | None:
    """The two competitor ids of a matchup title, in the order written; cached because every
    market of one game repeats its event title."""
    matchup = _split_matchup(text) if text else None
    return _competitor_ids(table_key, matchup[0], matchup[1]) if matchup else None


@lru_cache(maxsize=16384)
def _codes_pair(table_key: str, code: str) -> tuple[str, str] | None:
    """The two teams of a Kalshi event-ticker code ("LALBOS"), when exactly one split of it is two
    known, distinct team codes; a fallback for an event without a matchup title."""
    table = reference().tables.get(table_key)
    if table is None or table.is_players or len(code) < 4:
        return None
    found = set()
    for cut in range(2, len(code) - 1):
        first, second = table.codes.get(code[:cut]), table.codes.get(code[cut:])
        if first and second and len(first) == 1 and len(second) == 1 and first != second:
            found.add((next(iter(first)), next(iter(second))))
    return found.pop() if len(found) == 1 else None


def _slug_pair(table_key: str, slug: str) -> tuple[str, str] | None:
    """The two teams of a Polymarket game slug ("epl-ars-che-2026-10-31-ars"), when both of its team
    codes are known and unambiguous; a fallback for a market without a matchup title."""
    table = reference().tables.get(table_key)
    parts = slug.lower().split("-")
    if table is None or table.is_players or len(parts) < 4:
        return None
    first, second = table.codes.get(parts[1].upper()), table.codes.get(parts[2].upper())
    if first and second and len(first) == 1 and len(second) == 1 and first != second:
        return next(iter(first)), next(iter(second))
    return None


def _competitor_ids(table_key: str, first: str, second: str) -> tuple[str, str] | None:
    ids = (_resolve(table_key, first), _resolve(table_key, second))
    return ids if all(ids) and ids[0] != ids[1] else None


def _half_line(value: Any) -> float | None:
    try:
        line = float(value)
    except (TypeError, ValueError):
        return None
    return line if math.isfinite(line) and abs(line) < 500 else None


def _at_least(line: float) -> int:
    """The smallest integer score strictly above `line` (over 4.5 -> 5, over 4 -> 5)."""
    return math.floor(line) + 1


def _label(kind: str, team: str, line: float | None) -> str:
    if kind == "win":
        return f"{team} wins"
    if kind == "draw":
        return "draw"
    if kind == "spread":
        return f"{team} wins by over {line:g}"
    return f"over {line:g}" if line is not None and line >= 0 else f"under {-(line or 0):g}"


def _build(league: _League, competitors: tuple[str, str], day: date | None, kind: str,
           team: str, line: float | None) -> GameMarket | None:
    """The GameMarket whose YES set is `kind` for `team` at `line` (spread/total lines as stated)."""
    first = competitors[0]
    if kind in ("win", "spread"):
        if team not in competitors:
            return None
        threshold = 1 if kind == "win" else _at_least(line or 0.0)
        # margin(team) >= t, written on the first competitor's margin.
        low, high = (threshold, _MARGIN_RANGE[-1]) if team == first else (_MARGIN_RANGE[0], -threshold)
        measure = MARGIN
    elif kind == "draw":
        low, high, measure = 0, 0, MARGIN
    elif kind == "total":
        if line is None:
            return None
        # A negative line here means "under |line|" (see callers).
        low, high = ((_at_least(line), _TOTAL_RANGE[-1]) if line >= 0
                     else (_TOTAL_RANGE[0], math.ceil(-line) - 1))
        measure = TOTAL
    else:
        return None
    return GameMarket(
        join_key=(league.key, frozenset(competitors)), league=league.key, competitors=competitors,
        day=day, kind=kind, team=team if kind in ("win", "spread") else "", measure=measure,
        low=low, high=high, draw_possible=league.draw, label=_label(kind, team, line),
        individual=league.table == "players",
    )


def _orient(game: GameMarket, competitors: tuple[str, str]) -> GameMarket:
    """The same market written on `competitors` order (margins are signed by the first one)."""
    if game.measure != MARGIN or game.competitors == competitors:
        return game
    return replace(game, competitors=competitors, low=-game.high, high=-game.low)


def _kalshi(view: MarketView) -> GameMarket | None:
    series = _K_SERIES.match(view.series.upper()) if view.series else None
    if series is None:
        return None
    ref = reference()
    league = ref.kalshi_leagues.get(series["league"])
    if league is None:
        return None
    event = _K_EVENT.search(view.event_key.upper()) if view.event_key else None
    day = None
    if event is not None and event["mon"] in _MONTHS:
        try:
            day = date(2000 + int(event["yy"]), _MONTHS[event["mon"]], int(event["dd"]))
        except ValueError:
            day = None
    competitors = (_competitors(league.table, view.event_title) or _competitors(league.table, view.title)
                   or _competitors(league.table, str(view.extra.get("event_sub_title") or ""))
                   or _codes_pair(league.table, event["code"] if event is not None else ""))
    if competitors is None:
        return None
    suffix = view.key.rsplit("-", 1)[-1].upper() if "-" in view.key else ""
    code_match = _K_SUFFIX.match(suffix)
    kind_word = series["kind"]
    extra = view.extra
    if kind_word in ("GAME", "MATCH"):
        if suffix in _DRAW_CODES or normalize_name(view.outcome_label) in ("tie", "draw"):
            if not league.draw:
                return None
            return _build(league, competitors, day, "draw", "", None)
        team = _kalshi_team(league, competitors, code_match["code"] if code_match else "",
                            view.outcome_label)
        return _build(league, competitors, day, "win", team, None) if team else None
    strike = _kalshi_strike(extra)
    if kind_word == "SPREAD":
        wins_by = _WINS_BY.match(view.outcome_label) or _WINS_BY.match(view.title)
        if strike is not None and strike[0] != "over":
            return None
        line = strike[1] if strike is not None else _wins_by_line(wins_by) if wins_by else None
        team_name = wins_by["team"] if wins_by else ""
        team = _kalshi_team(league, competitors, code_match["code"] if code_match else "", team_name)
        if line is None or not team:
            return None
        return _build(league, competitors, day, "spread", team, line)
    # TOTAL: "Over 47.5 points scored"; a "less" strike is the under.
    if strike is None:
        over = _OVER.search(view.outcome_label) or _OVER.search(view.title)
        strike = ("over", line) if over and (line := _half_line(over["line"])) is not None else None
    if strike is None:
        return None
    side, line = strike
    return _build(league, competitors, day, "total", "", line if side == "over" else -line)


def _wins_by_line(wins_by: re.Match[str]) -> float | None:
    """The half-point line of "wins by over 4.5" (4.5) or "wins by 5+" / "by 5 or more" (4.5)."""
    if wins_by["line"]:
        return _half_line(wins_by["line"])
    return float(int(wins_by["atleast"])) - 0.5


def _kalshi_strike(extra: Mapping[str, Any]) -> tuple[str, float] | None:
    """("over" | "under", half-point line) from a Kalshi strike: `greater` 4.5 is over 4.5,
    `greater_or_equal` 5 is over 4.5, `less` 5 is under 5, `less_or_equal` 4 is under 4.5."""
    strike_type = extra.get("strike_type") or "greater"
    if strike_type in ("greater", "greater_or_equal"):
        floor = _half_line(extra.get("floor_strike"))
        if floor is None:
            return None
        return "over", floor if strike_type == "greater" else math.ceil(floor) - 0.5
    if strike_type in ("less", "less_or_equal"):
        cap = _half_line(extra.get("cap_strike"))
        if cap is None:
            return None
        return "under", cap if strike_type == "less" else math.floor(cap) + 0.5
    return None


def _kalshi_team(league: _League, competitors: tuple[str, str], code: str, name: str) -> str:
    """The competitor a Kalshi market's YES names, by its ticker code and its label; "" when they
    name different competitors (never guess which one YES pays on)."""
    table = reference().tables.get(league.table)
    by_code = by_name = ""
    if code and table is not None and not table.is_players:
        owners = table.codes.get(code, frozenset()) & set(competitors)
        if len(owners) == 1:
            by_code = next(iter(owners))
    if name:
        team = _resolve(league.table, name)
        if team in competitors:
            by_name = team
    if by_code and by_name and by_code != by_name:
        return ""
    if by_code or by_name:
        return by_code or by_name
    if code and table is not None and table.is_players:
        # Tennis tickers use the first three letters of the family name (SINZVE-SIN).
        owners_p = {c for c in competitors if c.replace(" ", "").upper().startswith(code)}
        if len(owners_p) == 1:
            return next(iter(owners_p))
    return ""


def _pm_league(view: MarketView) -> _League | None:
    """The league of a Polymarket market: its event's series slug ("nba", "premier-league-2026"),
    else the first word of its event slug ("nba-lal-bos-2026-10-30")."""
    leagues = reference().polymarket_leagues
    series = view.series.lower()
    if series:
        if league := leagues.get(series):
            return league
        for slug in _slugs_longest_first():
            if series.startswith(slug + "-"):
                return leagues[slug]
    slug = str(view.extra.get("event_slug") or view.extra.get("slug") or "")
    return leagues.get(slug.split("-", 1)[0].lower()) if slug else None


@lru_cache(maxsize=1)
def _slugs_longest_first() -> tuple[str, ...]:
    return tuple(sorted(reference().polymarket_leagues, key=len, reverse=True))


def _pm_day(view: MarketView, question_day: str | None) -> date | None:
    """The game's Eastern day: from its start instant when Gamma gives one (unambiguous), else the
    stated `eventDate`, the date in the question, or the date in the slug."""
    extra = view.extra
    start = extra.get("game_start_time") or extra.get("event_start_time")
    if isinstance(start, str) and start and (day := _eastern_day_of(start)) is not None:
        return day
    for text in (extra.get("event_date"), question_day, extra.get("event_slug"), extra.get("slug")):
        if isinstance(text, str) and (found := _ISO_DAY.search(text)):
            try:
                return date(int(found[1]), int(found[2]), int(found[3]))
            except ValueError:
                continue
    return None


def _eastern_day_of(text: str) -> date | None:
    """The Eastern day of a Gamma timestamp ("2026-10-28 00:08:00+00", "2026-10-28T00:08:00Z")."""
    stamp = text.strip().replace("Z", "+00:00").replace(" ", "T")
    if stamp.endswith(("+00", "-00")):
        stamp += ":00"
    try:
        moment = datetime.fromisoformat(stamp)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return eastern_day(moment)


def eastern_day(moment: datetime) -> date:
    """The US Eastern calendar day of an instant.

    Kalshi dates its game tickers (26OCT28) by the Eastern day of the game and Polymarket states
    `eventDate` the same way, so a start time alone (gameStartTime, UTC) is read in Eastern time:
    a 8:30 pm ET game starts at 00:30 UTC the next day. US daylight time (since 2007) runs from
    07:00 UTC on the second Sunday of March to 06:00 UTC on the first Sunday of November; written
    out so the matcher needs no time-zone database.
    """
    utc = moment.astimezone(UTC)
    year = utc.year
    march_first = datetime(year, 3, 1, 7, tzinfo=UTC)
    dst_start = march_first + timedelta(days=(6 - march_first.weekday()) % 7 + 7)
    november_first = datetime(year, 11, 1, 6, tzinfo=UTC)
    dst_end = november_first + timedelta(days=(6 - november_first.weekday()) % 7)
    offset = timedelta(hours=-4) if dst_start <= utc < dst_end else timedelta(hours=-5)
    return (utc + offset).date()


def _polymarket(view: MarketView) -> GameMarket | None:
    extra = view.extra
    market_type = _PM_GAME_TYPES.get(str(extra.get("sports_market_type") or "").lower().replace("-", "_"))
    if market_type is None:
        return None
    league = _pm_league(view)
    if league is None:
        return None
    question = view.title.strip()
    if _PARTIAL_OR_PROP.search(question):
        return None
    draw = _PM_DRAW.match(question)
    beat = _PM_BEAT.match(question)
    if draw is not None:
        competitors = _competitor_ids(league.table, draw["a"], draw["b"])
    else:
        competitors = _competitors(league.table, view.event_title) or _competitors(league.table, question)
        if competitors is None and beat is not None:
            competitors = _competitor_ids(league.table, beat["team"], beat["other"])
        if competitors is None:
            competitors = _slug_pair(league.table, str(extra.get("event_slug") or extra.get("slug") or ""))
    if competitors is None:
        return None
    group_item = normalize_name(view.subtitle)
    # A three-way soccer result listed as Yes/No legs: "Draw?", "Arsenal vs. Chelsea: Draw?",
    # or a group whose item titles are the clubs and "Draw".
    draw_leg = draw is not None or (
        not view.has_named_outcomes and league.draw
        and (_DRAW_WORD.search(question) is not None or group_item in ("draw", "tie"))
        and _EITHER.search(question) is None
        and _PM_SPREAD.match(question) is None and _PM_TOTAL.search(question) is None)
    yes_named = view.has_named_outcomes
    spread = _PM_SPREAD.match(question) or (
        _PM_SIGNED.match(question) if market_type == "spreads" or (not market_type and "(" in question) else None)
    win_by = None if yes_named else _PM_WIN_BY.match(question)
    if win_by is not None:
        team = _resolve(league.table, win_by["team"])
        over = _half_line(win_by["over"]) if win_by["over"] else None
        margin = over if over is not None else float(int(win_by["atleast"])) - 0.5
        if team not in competitors:
            return None
        return _spread_or_win(league, competitors, _pm_day(view, None), team, margin)
    total = _PM_TOTAL.search(question)
    if market_type == "spreads" or spread is not None:
        if spread is not None:
            # "Spread: Celtics" with the handicap only in Gamma's `line` field.
            team_name = spread["team"]
            line = _half_line(spread["line"]) if spread["line"] else _half_line(extra.get("line"))
        elif yes_named:
            # No line in the question: Gamma's `line` is the first outcome's handicap.
            team_name, line = _SIGNED_TAIL.sub("", view.outcome_label), _half_line(extra.get("line"))
        else:
            return None
        team = _resolve(league.table, team_name)
        # "(-4.5)": the named team must win by over 4.5; "(+4.5)": it must not lose by 5 or more.
        if line is None or team not in competitors:
            return None
        margin = -line
        if yes_named:
            yes_team = _resolve(league.table, _SIGNED_TAIL.sub("", view.outcome_label))
            if yes_team not in competitors:
                return None
            if yes_team != team:
                # Outcomes [underdog, favourite]: YES is the underdog covering, the other side.
                team, margin = yes_team, line
        day = _pm_day(view, None)
        return _spread_or_win(league, competitors, day, team, margin)
    if market_type == "totals" or total is not None or (
            not yes_named and _OVER_UNDER.search(question) and not _PM_WIN.match(question)):
        # "Bills vs. Chiefs: O/U 47.5" is the game; "LeBron James: Points O/U 25.5" is a player.
        head = question.split(":", 1)[0] if ":" in question else ""
        if head and _split_matchup(head) is None:
            return None
        line = _half_line(extra.get("line"))
        if line is None and total is not None:
            line = _half_line(total["line"])
        # "Over", or "Over 224.5" where the outcome repeats the line.
        yes = normalize_name(view.outcome_label).split(" ", 1)[0]
        if yes == "yes":
            # A Yes/No total states its side in the question: "... go over 224.5 points?".
            side = _OVER_UNDER.search(question)
            if side is not None:
                line = _half_line(side["line"]) if line is None else line
                yes = side["side"].lower()
            else:
                yes = "over" if total is not None else ""
        if line is None or yes not in ("over", "under"):
            return None
        return _build(league, competitors, _pm_day(view, None), "total", "", line if yes == "over" else -line)
    if draw_leg:
        if not league.draw or normalize_name(view.outcome_label) != "yes":
            return None
        return _build(league, competitors, _pm_day(view, None), "draw", "", None)
    win = _PM_WIN.match(question) or beat
    if win is not None and not yes_named:
        team = _resolve(league.table, win["team"])
        question_day = win.groupdict().get("day")
        return _build(league, competitors, _pm_day(view, question_day), "win", team, None)
    if not yes_named and group_item and market_type in ("moneyline", ""):
        # A Yes/No leg of a game group titled by the club ("Arsenal").
        team = _resolve(league.table, view.subtitle)
        if team in competitors:
            return _build(league, competitors, _pm_day(view, None), "win", team, None)
    if yes_named and market_type in ("moneyline", "") and not league.draw:
        # Two named outcomes where a draw can happen must pay someone on a draw (advance, 50-50):
        # not a regulation result, so no game market of ours.
        team = _resolve(league.table, view.outcome_label)
        other = _resolve(league.table, view.no_outcome_label)
        if {team, other} != set(competitors):
            return None
        return _build(league, competitors, _pm_day(view, None), "win", team, None)
    return None


def _spread_or_win(league: _League, competitors: tuple[str, str], day: date | None, team: str,
                   margin: float) -> GameMarket | None:
    """A spread YES "margin(team) > margin"; a negative margin is the other side's cover."""
    if margin >= 0:
        return _build(league, competitors, day, "spread", team, margin)
    other = competitors[1] if team == competitors[0] else competitors[0]
    game = _build(league, competitors, day, "spread", other, 0.0)
    if game is None:
        return None
    # margin(team) > m with m < 0  <=>  margin(other) < -m  <=>  margin(other) <= ceil(-m) - 1.
    bound = math.ceil(-margin) - 1
    low, high = ((_MARGIN_RANGE[0], bound) if other == competitors[0] else (-bound, _MARGIN_RANGE[-1]))
    return replace(game, team=team, low=low, high=high, label=f"{team} +{-margin:g}")


def game_market(view: MarketView) -> GameMarket | None:
    """None when the view is not a single game's market (moneyline, draw, spread, total, match winner)."""
    if view.series and (view.series[:2].upper() == "KX" or _K_SERIES.match(view.series.upper())):
        return _kalshi(view)
    extra: Mapping[str, Any] = view.extra
    if view.side == "b" or extra.get("sports_market_type") or extra.get("game_start_time"):
        return _polymarket(view)
    return None


# --- judging -----------------------------------------------------------------------------------


def _bounds(game: GameMarket) -> tuple[int, int]:
    """The outcome range (lowest, highest final value) a market can settle on."""
    return (_TOTAL_RANGE[0], _TOTAL_RANGE[-1]) if game.measure == TOTAL else (_MARGIN_RANGE[0], _MARGIN_RANGE[-1])


def _canonical(game: GameMarket, low: int, high: int) -> tuple[int, int]:
    """[low, high] with an endpoint on a margin of 0 moved off it where a draw cannot happen, so
    equal outcome sets have equal endpoints ("wins" is margin >= 1 whether written >= 0 or >= 1)."""
    if game.measure == MARGIN and not game.draw_possible:
        if low == 0:
            low = 1
        if high == 0:
            high = -1
    return low, high


def _complement(game: GameMarket) -> tuple[int, int] | None:
    """The NO side of a market as one range, or None when it is two pieces."""
    floor, ceiling = _bounds(game)
    low, high = _canonical(game, game.low, game.high)
    if low <= floor:
        return _canonical(game, high + 1, ceiling)
    if high >= ceiling:
        return _canonical(game, floor, low - 1)
    return None


def judge_game(a: MarketView, ga: GameMarket, b: MarketView, gb: GameMarket) -> Verdict:
    """Kalshi view a against Polymarket view b whose join keys are equal.

    identical only when the game (league, competitors, day) and the settled outcome set agree and
    both markets are the same kind; orientation inverted when one YES set is exactly the other's NO
    set (never for a soccer win against the other club's win: the draw makes both NO). Nested
    sets give a_implies_b / b_implies_a; a different kind with the same set is related.
    """
    findings: list[Finding] = []
    if ga.league != gb.league or set(ga.competitors) != set(gb.competitors):
        findings.append(Finding(GUARD, "fail", f"different game: {ga.league} {'/'.join(ga.competitors)} "
                                               f"vs {gb.league} {'/'.join(gb.competitors)}"))
        return Verdict("different", "same", 0.0, tuple(findings))
    game = f"{ga.league} {ga.competitors[0]} v {ga.competitors[1]}"
    if ga.day is not None and gb.day is not None and ga.day != gb.day:
        # Tennis and golf are dated by the tournament's local day on one venue and by US Eastern
        # time on the other; the same two players never meet on consecutive days.
        if ga.measure == MARGIN and ga.individual and abs((ga.day - gb.day).days) == 1:
            findings.append(Finding(GUARD, "warn", f"{game}: days differ by one ({ga.day} vs {gb.day}), "
                                                   "read as one match in two time zones"))
        else:
            findings.append(Finding(GUARD, "fail", f"{game}: different game day ({ga.day} vs {gb.day})"))
            return Verdict("different", "same", 0.0, tuple(findings))
    elif ga.day is None or gb.day is None:
        findings.append(Finding(GUARD, "warn", f"{game}: one venue states no game day"))
    else:
        findings.append(Finding(GUARD, "pass", f"{game} on {ga.day}"))
    if ga.measure != gb.measure:
        findings.append(Finding(GUARD, "fail", f"different kind: {ga.label} ({ga.kind}) vs {gb.label} ({gb.kind})"))
        return Verdict("different", "same", 0.0, tuple(findings))
    gb = _orient(gb, ga.competitors)
    low_a, high_a = _canonical(ga, ga.low, ga.high)
    low_b, high_b = _canonical(gb, gb.low, gb.high)
    same_kind = ga.kind == gb.kind
    what = f"{ga.label} vs {gb.label}"
    equal = (low_a, high_a) == (low_b, high_b)
    if equal or _complement(gb) == (low_a, high_a):
        orientation = "same" if equal else "inverted"
        if same_kind:
            detail = "same outcome" if orientation == "same" else "YES is the other market's NO"
            findings.append(Finding(GUARD, "pass", f"{what}: {detail}"))
            return Verdict("identical", orientation, 0.97, tuple(findings))
        findings.append(Finding(GUARD, "warn", f"{what}: settle alike but are a {ga.kind} and a {gb.kind} market"))
        return Verdict("related", orientation, 0.6, tuple(findings))
    if high_a < low_b or high_b < low_a:
        # Two results of a three-way market: neither is the other's NO, since a draw makes both NO.
        three_way = ga.draw_possible and {ga.kind, gb.kind} <= {"win", "draw"}
        findings.append(Finding(GUARD, "fail", f"{what}: never both YES"
                                + (" (a draw makes both NO)" if three_way else "")))
        return Verdict("different", "same", 0.1, tuple(findings))
    if low_b <= low_a and high_a <= high_b:
        findings.append(Finding(GUARD, "fail", f"{what}: Kalshi YES implies Polymarket YES, not the converse"))
        return Verdict("a_implies_b", "same", 0.5, tuple(findings))
    if low_a <= low_b and high_b <= high_a:
        findings.append(Finding(GUARD, "fail", f"{what}: Polymarket YES implies Kalshi YES, not the converse"))
        return Verdict("b_implies_a", "same", 0.5, tuple(findings))
    findings.append(Finding(GUARD, "fail", f"{what}: overlapping outcomes"))
    return Verdict("related", "same", 0.3, tuple(findings))


__all__ = ["REFERENCE_DIR", "GameMarket", "game_market", "judge_game", "normalize_name", "reference"]
