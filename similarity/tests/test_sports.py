"""Game-market alignment on venue-shaped views (shapes from the shared Kalshi/Polymarket notes and samples)."""

from __future__ import annotations

import csv
from datetime import date
from typing import Any

import pytest

from similarity.matching.sports import REFERENCE_DIR, GameMarket, game_market, judge_game, reference
from similarity.matching.types import MarketView

SPORT_WORD = {"NBA": "professional basketball", "NFL": "professional football", "NHL": "professional hockey",
              "MLB": "professional baseball", "EPL": "professional soccer", "UCL": "professional soccer",
              "MLS": "professional soccer", "ATP": "tennis", "WTA": "tennis"}


def kalshi_game(ticker: str, *, yes: str, event_title: str, kind: str = "GAME", title: str = "",
                floor_strike: float | None = None) -> MarketView:
    """A Kalshi market as the parser gives it: series/event tickers, yes_sub_title, event title."""
    event_ticker = ticker.rsplit("-", 1)[0]
    series = event_ticker.split("-", 1)[0]
    league = series.removeprefix("KX").removesuffix(kind)
    extra: dict[str, Any] = {"event_mutually_exclusive": kind in ("GAME", "MATCH")}
    if floor_strike is not None:
        extra.update(strike_type="greater", floor_strike=floor_strike)
    return MarketView(
        key=ticker, side="a", title=title or event_title, outcome_label=yes, no_outcome_label=yes,
        event_title=event_title, category="Sports", event_key=event_ticker, series=series,
        rules_text=f"If {yes} wins the {event_title} {SPORT_WORD.get(league, '')} game, then the market "
                   "resolves to Yes.",
        extra=extra,
    )


def polymarket_game(question: str, outcomes: tuple[str, str], *, series: str, event_title: str,
                    market_type: str, event_date: str | None = "2026-10-30",
                    start: str | None = None, line: float | None = None,
                    slug: str = "") -> MarketView:
    """A Gamma market as the parser gives it: outcomes[0] is YES, sports fields in `extra`."""
    if start is None:
        start = f"{event_date or '2026-10-30'} 23:30:00+00"
    extra: dict[str, Any] = {"sports_market_type": market_type, "game_start_time": start,
                             "event_slug": slug, "slug": slug}
    if event_date is not None:
        extra["event_date"] = event_date
    if line is not None:
        extra["line"] = line
    return MarketView(
        key="0x" + format(abs(hash((question, outcomes, event_title, event_date))), "x").rjust(64, "0")[:64],
        side="b", title=question, outcome_label=outcomes[0], no_outcome_label=outcomes[1],
        event_title=event_title, event_key="1234", series=series, extra=extra,
    )


def judged(a: MarketView, b: MarketView) -> tuple[str, str]:
    ga, gb = game_market(a), game_market(b)
    assert ga is not None
    assert gb is not None
    assert ga.join_key == gb.join_key
    verdict = judge_game(a, ga, b, gb)
    assert verdict.findings, "every verdict explains itself"
    return verdict.relation, verdict.orientation


LAKERS_CELTICS = polymarket_game("Lakers vs. Celtics", ("Lakers", "Celtics"), series="nba",
                                 event_title="Lakers vs. Celtics", market_type="moneyline",
                                 slug="nba-lal-bos-2026-10-30")


def test_one_polymarket_game_pairs_with_both_kalshi_team_markets() -> None:
    lal = kalshi_game("KXNBAGAME-26OCT30LALBOS-LAL", yes="Los Angeles L",
                      event_title="Los Angeles L at Boston Winner?")
    bos = kalshi_game("KXNBAGAME-26OCT30LALBOS-BOS", yes="Boston", event_title="Los Angeles L at Boston Winner?",
                      title="Boston wins")
    assert judged(lal, LAKERS_CELTICS) == ("identical", "same")
    assert judged(bos, LAKERS_CELTICS) == ("identical", "inverted")
    game = game_market(lal)
    assert game is not None
    assert game.join_key == ("nba", frozenset({"lal", "bos"}))
    assert game.day == date(2026, 10, 30)


EPL_EVENT = "Arsenal FC vs. Chelsea FC"


def epl(question: str) -> MarketView:
    return polymarket_game(question, ("Yes", "No"), series="epl", event_title=EPL_EVENT, market_type="moneyline",
                           event_date="2026-10-31", start="2026-10-31 12:30:00+00",
                           slug="epl-ars-che-2026-10-31")


def kalshi_epl(code: str, yes: str) -> MarketView:
    return kalshi_game(f"KXEPLGAME-26OCT31ARSCHE-{code}", yes=yes, event_title="Arsenal vs Chelsea Winner?")


def test_soccer_draw_is_its_own_market_and_wins_are_not_complements() -> None:
    draw = epl("Will Arsenal FC vs. Chelsea FC end in a draw?")
    arsenal = epl("Will Arsenal FC win on 2026-10-31?")
    assert judged(kalshi_epl("TIE", "Tie"), draw) == ("identical", "same")
    assert judged(kalshi_epl("ARS", "Arsenal"), arsenal) == ("identical", "same")
    # A draw makes both NO: Chelsea's win is not the inverse of Arsenal's, nor of the draw.
    assert judged(kalshi_epl("CHE", "Chelsea"), arsenal)[0] == "different"
    assert judged(kalshi_epl("ARS", "Arsenal"), draw)[0] == "different"
    assert judged(kalshi_epl("TIE", "Tie"), arsenal)[0] == "different"


def test_two_way_soccer_market_is_not_a_regulation_result() -> None:
    two_way = polymarket_game("Arsenal FC vs. Chelsea FC", ("Arsenal FC", "Chelsea FC"), series="epl",
                              event_title=EPL_EVENT, market_type="moneyline", event_date="2026-10-31")
    assert game_market(two_way) is None


def test_polymarket_draw_written_as_a_short_question() -> None:
    draw = epl("Draw?")
    assert judged(kalshi_epl("TIE", "Tie"), draw) == ("identical", "same")


def nba_spread(team_code: str, team: str, line: float) -> MarketView:
    ceil = int(line) + 1
    return kalshi_game(f"KXNBASPREAD-26OCT30LALBOS-{team_code}{ceil}", yes=f"{team} wins by over {line} Points",
                       event_title="Los Angeles L at Boston: Spread", kind="SPREAD",
                       title=f"{team} wins by over {line} points?", floor_strike=line)


def pm_spread(team: str, line: float, outcomes: tuple[str, str]) -> MarketView:
    return polymarket_game(f"Spread: {team} ({line})", outcomes, series="nba", event_title="Lakers vs. Celtics",
                           market_type="spreads", line=line, slug="nba-lal-bos-2026-10-30")


def test_spread_lines_must_match_exactly() -> None:
    celtics_45 = pm_spread("Celtics", -4.5, ("Celtics", "Lakers"))
    assert judged(nba_spread("BOS", "Boston", 4.5), celtics_45) == ("identical", "same")
    # Boston by over 6.5 is harder than a -4.5 cover; by over 3.5 is easier.
    assert judged(nba_spread("BOS", "Boston", 6.5), celtics_45)[0] == "a_implies_b"
    assert judged(nba_spread("BOS", "Boston", 3.5), celtics_45)[0] == "b_implies_a"
    # The underdog winning by over 4.5 is not the other side of the favourite's -4.5.
    assert judged(nba_spread("LAL", "Los Angeles L", 4.5), celtics_45)[0] == "different"


def test_spread_listed_underdog_first_is_the_inverse() -> None:
    # Outcomes [Lakers, Celtics] on "Spread: Celtics (-4.5)": YES is the Lakers +4.5 side.
    lakers_plus = pm_spread("Celtics", -4.5, ("Lakers", "Celtics"))
    assert judged(nba_spread("BOS", "Boston", 4.5), lakers_plus) == ("identical", "inverted")


def test_spread_written_for_the_underdog_with_a_plus_line() -> None:
    # "Lakers (+4.5)": YES unless the Celtics win by 5 or more, the inverse of "Boston by over 4.5".
    lakers_plus = pm_spread("Lakers", 4.5, ("Yes", "No"))
    assert judged(nba_spread("BOS", "Boston", 4.5), lakers_plus) == ("identical", "inverted")
    # The Lakers winning by over 4.5 certainly covers +4.5; not the converse.
    assert judged(nba_spread("LAL", "Los Angeles L", 4.5), lakers_plus)[0] == "a_implies_b"


def test_moneyline_against_spread_is_never_identical() -> None:
    bos = kalshi_game("KXNBAGAME-26OCT30LALBOS-BOS", yes="Boston", event_title="Los Angeles L at Boston Winner?")
    assert judged(bos, pm_spread("Celtics", -6.5, ("Celtics", "Lakers")))[0] == "b_implies_a"


def test_totals_lines_and_sides() -> None:
    over = kalshi_game("KXNBATOTAL-26OCT30LALBOS-225", yes="Over 224.5 points scored",
                       event_title="Los Angeles L at Boston: Total Points", kind="TOTAL",
                       title="Over 224.5 points scored?", floor_strike=224.5)

    def pm_total(line: float, outcomes: tuple[str, str]) -> MarketView:
        return polymarket_game(f"Lakers vs. Celtics: O/U {line}", outcomes, series="nba",
                               event_title="Lakers vs. Celtics", market_type="totals", line=line,
                               slug=f"nba-lal-bos-2026-10-30-total-{line}")

    assert judged(over, pm_total(224.5, ("Over", "Under"))) == ("identical", "same")
    assert judged(over, pm_total(224.5, ("Under", "Over"))) == ("identical", "inverted")
    assert judged(over, pm_total(227.5, ("Over", "Under")))[0] == "b_implies_a"
    assert judged(over, pm_total(221.5, ("Over", "Under")))[0] == "a_implies_b"
    yes_no_under = polymarket_game("Will the Lakers and Celtics combine for under 224.5 points?", ("Yes", "No"),
                                   series="nba", event_title="Lakers vs. Celtics", market_type="totals")
    assert judged(over, yes_no_under) == ("identical", "inverted")


def test_kalshi_city_forms_and_abbreviations() -> None:
    rangers = kalshi_game("KXNHLGAME-26OCT28NYRNYI-NYR", yes="New York R",
                          event_title="New York R at New York I Winner?")
    pm = polymarket_game("Rangers vs. Islanders", ("Rangers", "Islanders"), series="nhl",
                         event_title="Rangers vs. Islanders", market_type="moneyline", event_date="2026-10-28",
                         slug="nhl-nyr-nyi-2026-10-28")
    assert judged(rangers, pm) == ("identical", "same")
    # The ticker code alone (NYI) names the YES team when the label is a bare city.
    islanders = kalshi_game("KXNHLGAME-26OCT28NYRNYI-NYI", yes="", event_title="New York R at New York I Winner?")
    assert judged(islanders, pm) == ("identical", "inverted")


def test_ticker_code_and_label_naming_different_teams_is_not_guessed() -> None:
    conflicting = kalshi_game("KXNBAGAME-26OCT30LALBOS-LAL", yes="Boston", event_title="Los Angeles L at Boston Winner?")
    assert game_market(conflicting) is None


def test_accents_and_official_club_names() -> None:
    atletico = kalshi_game("KXUCLGAME-26NOV03INTATM-ATM", yes="Atletico Madrid",
                           event_title="Inter Milan vs Atletico Madrid Winner?")
    pm = polymarket_game("Will Club Atlético de Madrid win on 2026-11-03?", ("Yes", "No"), series="ucl",
                         event_title="FC Internazionale Milano vs. Club Atlético de Madrid", market_type="moneyline",
                         event_date="2026-11-03", slug="ucl-int-atm-2026-11-03")
    assert judged(atletico, pm) == ("identical", "same")


def test_tennis_name_forms() -> None:
    faa = kalshi_game("KXATPMATCH-26OCT28AUGRUU-AUG", yes="F. Auger-Aliassime", kind="MATCH",
                      event_title="Félix Auger-Aliassime vs Casper Ruud")
    ruud = kalshi_game("KXATPMATCH-26OCT28AUGRUU-RUU", yes="Ruud", kind="MATCH",
                       event_title="Paris Masters: Auger-Aliassime vs Ruud")
    pm = polymarket_game("Paris Masters: Felix Auger-Aliassime vs Casper Ruud", ("Felix Auger-Aliassime", "Casper Ruud"),
                         series="atp", event_title="Paris Masters: Felix Auger-Aliassime vs Casper Ruud",
                         market_type="moneyline", event_date=None, start="2026-10-28 15:00:00+00",
                         slug="atp-auger-aliassime-ruud-2026-10-28")
    assert judged(faa, pm) == ("identical", "same")
    assert judged(ruud, pm) == ("identical", "inverted")
    swiatek = kalshi_game("KXWTAMATCH-26NOV02SABSWI-SWI", yes="Iga Świątek", kind="MATCH",
                          event_title="WTA Finals: Sabalenka vs Świątek")
    pm_wta = polymarket_game("WTA Finals: Iga Swiatek vs Aryna Sabalenka", ("Iga Swiatek", "Aryna Sabalenka"),
                             series="wta", event_title="WTA Finals: Iga Swiatek vs Aryna Sabalenka",
                             market_type="moneyline", event_date=None, start="2026-11-02 15:30:00+00",
                             slug="wta-swiatek-sabalenka-2026-11-02")
    assert judged(swiatek, pm_wta) == ("identical", "same")


def test_us_evening_game_across_utc_midnight() -> None:
    # 8:30 pm ET on Oct 30 is 00:30 UTC on Oct 31; Polymarket states only the start time here.
    pm = polymarket_game("Lakers vs. Celtics", ("Lakers", "Celtics"), series="nba", event_title="Lakers vs. Celtics",
                         market_type="moneyline", event_date=None, start="2026-10-31 00:30:00+00")
    game = game_market(pm)
    assert game is not None
    assert game.day == date(2026, 10, 30)
    same_night = kalshi_game("KXNBAGAME-26OCT30LALBOS-LAL", yes="Los Angeles L",
                             event_title="Los Angeles L at Boston Winner?")
    next_day = kalshi_game("KXNBAGAME-26OCT31LALBOS-LAL", yes="Los Angeles L",
                           event_title="Los Angeles L at Boston Winner?")
    assert judged(same_night, pm) == ("identical", "same")
    relation, _ = judged(next_day, pm)
    assert relation == "different"


def test_same_nickname_in_another_league_does_not_join() -> None:
    clippers = kalshi_game("KXNBAGAME-26OCT30LACPOR-LAC", yes="Los Angeles C",
                           event_title="Los Angeles C at Portland Winner?")
    chargers = polymarket_game("Chargers vs. Chiefs", ("Chargers", "Chiefs"), series="nfl",
                               event_title="Chargers vs. Chiefs", market_type="moneyline")
    a, b = game_market(clippers), game_market(chargers)
    assert a is not None
    assert b is not None
    assert a.join_key != b.join_key


@pytest.mark.parametrize("view", [
    MarketView(key="KXNBA-27-BOS", side="a", title="Who will win the 2027 NBA Finals?", outcome_label="Boston",
               event_title="Who will win the 2027 NBA Finals?", event_key="KXNBA-27", series="KXNBA"),
    MarketView(key="KXNBAWINS-27LAL-T45", side="a", title="Will Los Angeles L win more than 45.5 games?",
               event_title="Los Angeles L regular season wins", event_key="KXNBAWINS-27LAL", series="KXNBAWINS"),
    MarketView(key="KXCPIYOY-26OCT-T3.0", side="a", title="Will CPI be above 3.0%?", series="KXCPIYOY",
               event_key="KXCPIYOY-26OCT"),
    MarketView(key="0x01", side="b", title="Will the Houston Rockets win the 2027 NBA Finals?",
               event_title="NBA Champion 2027", series="nba"),
    MarketView(key="0x02", side="b", title="Will the Lakers win more than 45.5 regular season games?",
               event_title="Lakers 2026-27 regular season wins", series="nba"),
    MarketView(key="0x03", side="b", title="Will Carlos Alcaraz win the 2026 Paris Masters?",
               event_title="Paris Masters Winner", series="", extra={"event_slug": "paris-masters-winner-2026"}),
    MarketView(key="0x04", side="b", title="Counter-Strike: Team Vitality vs FaZe Clan (BO3)",
               outcome_label="Team Vitality", no_outcome_label="FaZe Clan",
               event_title="Counter-Strike: Team Vitality vs FaZe Clan (BO3)",
               extra={"sports_market_type": "moneyline", "event_slug": "cs2-team-vitality-faze-clan-2026-10-28"}),
])
def test_non_game_markets_are_not_game_markets(view: MarketView) -> None:
    assert game_market(view) is None


@pytest.mark.parametrize("question", [
    "Lakers vs. Celtics: 1H Moneyline", "Lakers vs. Celtics: 1st Quarter O/U 55.5",
    "LeBron James: Points O/U 25.5", "Will Arsenal FC win or draw?", "Will the Celtics win by 4 points?",
])
def test_partial_game_and_player_markets_are_not_game_markets(question: str) -> None:
    outcomes = ("Yes", "No") if question.startswith("Will") else ("Over", "Under")
    view = polymarket_game(question, outcomes, series="nba" if "Lakers" in question or "LeBron" in question else "epl",
                           event_title="Lakers vs. Celtics" if "Arsenal" not in question else EPL_EVENT,
                           market_type="")
    assert game_market(view) is None


def test_tennis_round_names_are_not_partial_games() -> None:
    pm = polymarket_game("Paris Masters 2nd Round: Jannik Sinner vs Alexander Zverev",
                         ("Jannik Sinner", "Alexander Zverev"), series="atp",
                         event_title="Paris Masters 2nd Round: Jannik Sinner vs Alexander Zverev",
                         market_type="moneyline", event_date="2026-10-30")
    game = game_market(pm)
    assert game is not None
    assert game.join_key == ("atp", frozenset({"sinner", "zverev"}))


def test_polymarket_beat_question_without_a_matchup_title() -> None:
    pm = polymarket_game("Will the Celtics beat the Lakers?", ("Yes", "No"), series="nba", event_title="",
                         market_type="")
    bos = kalshi_game("KXNBAGAME-26OCT30LALBOS-BOS", yes="Boston", event_title="Los Angeles L at Boston Winner?")
    lal = kalshi_game("KXNBAGAME-26OCT30LALBOS-LAL", yes="Los Angeles L",
                      event_title="Los Angeles L at Boston Winner?")
    assert judged(bos, pm) == ("identical", "same")
    assert judged(lal, pm) == ("identical", "inverted")


def test_reference_tables_cover_the_whole_leagues() -> None:
    sizes = {"nba": 30, "nfl": 32, "nhl": 32, "mlb": 30, "mls": 30}
    for table, size in sizes.items():
        with (REFERENCE_DIR / f"{table}.csv").open(encoding="utf-8") as handle:
            rows = list(csv.DictReader(handle))
        assert len(rows) == size, table
        assert len({row["id"] for row in rows}) == size, table
        loaded = reference().tables[table]
        for row in rows:
            # Every team is reachable from its Kalshi city form and its Polymarket nickname.
            assert loaded.names[" ".join(row["kalshi_name"].lower().replace(".", "").replace("'", "").split())] \
                == row["id"], row
            for code in row["kalshi_codes"].split("|"):
                assert row["id"] in loaded.codes[code], (table, code)


def _brute_force(ga: GameMarket, gb: GameMarket) -> tuple[str, str]:
    """The relation by enumerating every final margin/total (the reference the interval logic must match)."""
    values = range(-200, 201) if ga.measure == "margin" else range(601)

    def yes(game: GameMarket, value: int) -> bool:
        if game.measure == "margin" and value == 0 and not game.draw_possible:
            return False
        signed = value if game.competitors == ga.competitors or game.measure != "margin" else -value
        return game.low <= signed <= game.high

    domain = [v for v in values if ga.measure != "margin" or v != 0 or ga.draw_possible]
    a = {v for v in domain if yes(ga, v)}
    b = {v for v in domain if yes(gb, v)}
    if a == b:
        return "identical" if ga.kind == gb.kind else "related", "same"
    if a == set(domain) - b:
        return "identical" if ga.kind == gb.kind else "related", "inverted"
    if not a & b:
        return "different", "same"
    if a <= b:
        return "a_implies_b", "same"
    if b <= a:
        return "b_implies_a", "same"
    return "related", "same"


@pytest.mark.parametrize("league_key", ["nba", "epl"])
def test_interval_judgement_matches_enumerating_every_score(league_key: str) -> None:
    import random

    from similarity.matching import sports

    league = next(lg for lg in {**sports.reference().kalshi_leagues}.values() if lg.key == league_key)
    teams = ("x", "y")
    rng = random.Random(20261204)
    lines = [0.5, 1.5, 2.5, 3.5, 4.5, 6.5]
    view = MarketView(key="k", side="a", title="")
    checked = 0
    for _ in range(400):
        games = []
        for order in (teams, teams[::-1]):
            kind = rng.choice(["win", "spread", "plus", "draw", "total", "under"])
            team = rng.choice(teams)
            line = rng.choice(lines)
            if kind == "plus":
                game = sports._spread_or_win(league, order, None, team, -line)
            elif kind == "under":
                game = sports._build(league, order, None, "total", "", -(200 + line))
            elif kind == "total":
                game = sports._build(league, order, None, "total", "", 200 + line)
            elif kind == "draw" and not league.draw:
                game = sports._build(league, order, None, "win", team, None)
            else:
                game = sports._build(league, order, None, kind, team, line)
            games.append(game)
        ga, gb = games
        assert ga is not None
        assert gb is not None
        if ga.measure != gb.measure:
            continue
        verdict = sports.judge_game(view, ga, view, gb)
        assert (verdict.relation, verdict.orientation) == _brute_force(ga, gb), (ga, gb)
        checked += 1
    assert checked > 100


@pytest.mark.parametrize(("utc", "day"), [
    ("2026-10-31T03:59:00+00:00", date(2026, 10, 30)),   # 11:59 pm EDT
    ("2026-10-31T04:00:00+00:00", date(2026, 10, 31)),   # midnight EDT
    ("2026-11-01T05:30:00+00:00", date(2026, 11, 1)),    # 1:30 am EDT, before the fall-back
    ("2026-11-02T04:30:00+00:00", date(2026, 11, 1)),    # 11:30 pm EST
    ("2026-03-08T06:59:00+00:00", date(2026, 3, 8)),     # 1:59 am EST, before the spring-forward
    ("2026-03-09T03:30:00+00:00", date(2026, 3, 8)),     # 11:30 pm EDT
    ("2027-01-15T04:59:00+00:00", date(2027, 1, 14)),
])
def test_eastern_day_follows_us_daylight_time(utc: str, day: date) -> None:
    from datetime import datetime

    from similarity.matching.sports import eastern_day

    assert eastern_day(datetime.fromisoformat(utc)) == day


def test_tuning_set_game_families_through_the_venue_parsers() -> None:
    """The raw Kalshi/Gamma payloads of the tuning set, parsed by the venue parsers, aligned by game."""
    from pathlib import Path

    from similarity.tests.sports_tune import run

    report = run(Path(__file__).resolve().parents[1] / "data" / "conventions_tune", details=False, timing=False)
    for family in ("moneyline", "spread"):
        scores = report[family]
        assert scores["identical_rows"] >= 50, family
        assert scores["recall"] >= 0.95, scores
        assert scores["precision"] >= 0.95, scores
        assert scores["orientation"] == 1.0, scores


def test_matchup_from_codes_when_no_title_names_the_game() -> None:
    bare = MarketView(key="KXNBAGAME-26OCT30LALBOS-BOS", side="a", title="Boston wins", outcome_label="Boston",
                      event_key="KXNBAGAME-26OCT30LALBOS", series="KXNBAGAME")
    pm = polymarket_game("Will the Celtics win?", ("Yes", "No"), series="", event_title="", market_type="moneyline",
                         slug="nba-lal-bos-2026-10-30")
    assert judged(bare, pm) == ("identical", "same")
    sub_titled = MarketView(key="KXNHLGAME-26OCT27TBFLA-FLA", side="a", title="Florida wins", outcome_label="Florida",
                            event_key="KXNHLGAME-26OCT27TBFLA", series="KXNHLGAME",
                            extra={"event_sub_title": "Tampa Bay vs Florida (Oct 27, 2026)"})
    game = game_market(sub_titled)
    assert game is not None
    assert game.join_key == ("nhl", frozenset({"tbl", "fla"}))


@pytest.mark.parametrize(("question", "outcomes", "line"), [
    ("Spread: Celtics -4.5", ("Celtics", "Lakers"), None),
    ("Celtics (-4.5)", ("Celtics", "Lakers"), None),
    ("Celtics -4.5", ("Celtics", "Lakers"), None),
    ("Spread: Celtics", ("Yes", "No"), -4.5),
    ("Lakers vs. Celtics", ("Celtics", "Lakers"), -4.5),
    ("Will the Celtics win by more than 4.5 points?", ("Yes", "No"), None),
    ("Will the Celtics win by 5 or more points?", ("Yes", "No"), None),
])
def test_other_spread_wordings(question: str, outcomes: tuple[str, str], line: float | None) -> None:
    pm = polymarket_game(question, outcomes, series="nba", event_title="Lakers vs. Celtics", market_type="spreads",
                         line=line)
    assert judged(nba_spread("BOS", "Boston", 4.5), pm) == ("identical", "same")


def test_market_type_spellings_and_line_names() -> None:
    puck = polymarket_game("Puck Line: Celtics (-4.5)", ("Celtics", "Lakers"), series="nba",
                           event_title="Lakers vs. Celtics", market_type="spread")
    assert judged(nba_spread("BOS", "Boston", 4.5), puck) == ("identical", "same")
    first_half = polymarket_game("Spread: Celtics (-4.5)", ("Celtics", "Lakers"), series="nba",
                                 event_title="Lakers vs. Celtics", market_type="first_half_spreads")
    assert game_market(first_half) is None


def test_kalshi_strike_types_and_over_under_wording() -> None:
    at_least = kalshi_game("KXNBATOTAL-26OCT30LALBOS-225", yes="225 or more points scored",
                           event_title="Los Angeles L at Boston: Total Points", kind="TOTAL", title="225+ points?")
    at_least = MarketView(**{**{f: getattr(at_least, f) for f in at_least.__slots__},
                             "extra": {"strike_type": "greater_or_equal", "floor_strike": 225}})
    pm = polymarket_game("Lakers vs. Celtics: Over/Under 224.5", ("Over", "Under"), series="nba",
                         event_title="Lakers vs. Celtics", market_type="totals")
    assert judged(at_least, pm) == ("identical", "same")
    under = MarketView(**{**{f: getattr(at_least, f) for f in at_least.__slots__},
                          "extra": {"strike_type": "less", "cap_strike": 225}})
    assert judged(under, pm) == ("identical", "inverted")


def test_outcomes_that_repeat_the_line() -> None:
    spread = polymarket_game("Spread: Celtics (-4.5)", ("Celtics -4.5", "Lakers +4.5"), series="nba",
                             event_title="Lakers vs. Celtics", market_type="spreads")
    assert judged(nba_spread("BOS", "Boston", 4.5), spread) == ("identical", "same")
    total = polymarket_game("Lakers vs. Celtics: O/U 224.5", ("Under 224.5", "Over 224.5"), series="nba",
                            event_title="Lakers vs. Celtics", market_type="totals")
    over = kalshi_game("KXNBATOTAL-26OCT30LALBOS-225", yes="Over 224.5 points scored",
                       event_title="Los Angeles L at Boston Total Points", kind="TOTAL", floor_strike=224.5)
    assert judged(over, total) == ("identical", "inverted")


def test_tennis_tolerates_one_day_across_time_zones_but_team_sports_do_not() -> None:
    sinner = kalshi_game("KXATPMATCH-26OCT30SINZVE-SIN", yes="Jannik Sinner", kind="MATCH",
                         event_title="Paris Masters: Sinner vs Zverev")
    late = polymarket_game("Paris Masters: Jannik Sinner vs Alexander Zverev", ("Jannik Sinner", "Alexander Zverev"),
                           series="atp", event_title="Paris Masters: Jannik Sinner vs Alexander Zverev",
                           market_type="moneyline", event_date="2026-10-31", start="")
    assert judged(sinner, late) == ("identical", "same")
    two_days = polymarket_game("Paris Masters: Jannik Sinner vs Alexander Zverev",
                               ("Jannik Sinner", "Alexander Zverev"), series="atp",
                               event_title="Paris Masters: Jannik Sinner vs Alexander Zverev",
                               market_type="moneyline", event_date="2026-11-01", start="")
    assert judged(sinner, two_days)[0] == "different"
    lal = kalshi_game("KXNBAGAME-26OCT29LALBOS-LAL", yes="Los Angeles L", event_title="Los Angeles L at Boston Winner?")
    assert judged(lal, LAKERS_CELTICS)[0] == "different"


def test_college_short_forms_and_bare_abbreviations() -> None:
    kalshi = kalshi_game("KXNCAAMBGAME-26NOV05UNCKU-UNC", yes="North Carolina",
                         event_title="North Carolina at Kansas Winner?")
    pm = polymarket_game("UNC vs. Kansas", ("UNC", "Kansas"), series="cbb", event_title="UNC vs. Kansas",
                         market_type="moneyline", event_date="2026-11-05")
    assert judged(kalshi, pm) == ("identical", "same")
    # A school no table lists still meets its other spelling ("Montana St." / "Montana State").
    unknown_a = kalshi_game("KXNCAAFGAME-26NOV07MTSTWEB-MTST", yes="Montana St.",
                            event_title="Montana St. at Weber St. Winner?")
    unknown_b = polymarket_game("Montana State vs. Weber State", ("Montana State", "Weber State"), series="cfb",
                                event_title="Montana State vs. Weber State", market_type="moneyline",
                                event_date="2026-11-07")
    assert judged(unknown_a, unknown_b) == ("identical", "same")


def test_kalshi_spread_written_as_wins_by_n_or_more() -> None:
    kalshi = kalshi_game("KXNBASPREAD-26OCT30LALBOS-BOS5", yes="Boston wins by 5+ points",
                         event_title="Los Angeles L at Boston: Spread", kind="SPREAD")
    assert judged(kalshi, pm_spread("Celtics", -4.5, ("Celtics", "Lakers"))) == ("identical", "same")
