"""Which path matches a market: single games go through the sports path (a dict join on the
game's key, then `sports.judge_game`), everything else through the structure-first path.

The sports reference data and parsing live in `similarity.matching.sports`; this adapter is the
only place the pipeline touches it, so the two paths never judge the same market.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence

from similarity.matching import sports
from similarity.matching.sports import GameMarket
from similarity.matching.types import MarketView, Verdict


def game_markets(views: Sequence[MarketView]) -> dict[int, GameMarket]:
    """{index: GameMarket} of the views that are one game's market (sports path only)."""
    out: dict[int, GameMarket] = {}
    for i, view in enumerate(views):
        game = sports.game_market(view)
        if game is not None:
            out[i] = game
    return out


def game_pairs(
    views_a: Sequence[MarketView], games_a: dict[int, GameMarket],
    views_b: Sequence[MarketView], games_b: dict[int, GameMarket],
) -> list[tuple[int, int, Verdict]]:
    """Every (i, j, verdict) of game markets with equal join keys, judged by `judge_game`."""
    if not games_a or not games_b:
        return []
    by_key: dict[Hashable, list[int]] = {}
    for j, game in games_b.items():
        by_key.setdefault(game.join_key, []).append(j)
    out = []
    for i, game_a in games_a.items():
        for j in by_key.get(game_a.join_key, ()):
            out.append((i, j, sports.judge_game(views_a[i], game_a, views_b[j], games_b[j])))
    return out
