"""One basket's decision on its members' books: the book gate per member, then the engine. Pure.

A basket is a set of outcomes bought at the same size n for a payout guaranteed by a reviewed
relation (pricing.basket): YES on every member of an exhaustive outcome set (pays 1 per unit),
NO on every member of an n-outcome set (pays n - 1), NO on the premise plus the conclusion of an
approved implication pair (pays 1). An outcome may be offered by several members (a cross-venue
set): each is an alternative leg and the engine buys the one that makes the basket most
profitable at its size. The polled scan (arbitrage.baskets) and the live scan
(arbitrage.live.processor) decide with these functions on the books they hold.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from decimal import Decimal
from typing import Any

import pricing
from arbitrage.gates import book_gate
from platforms.base import BookSnapshot
from pricing.basket_case import basket_case_json
from pricing.levels import outcome_levels

SET_YES = "set_yes"
SET_NO = "set_no"
IMPLICATION = "implication"


@dataclass(frozen=True)
class BasketMember:
    """One way to buy one outcome: `side` ("yes"/"no") of market `market_id`.

    `leg` is the engine's leg template (venue, fee, size rules, settlement; empty asks): the
    decision swaps in the levels of the side bought. Members sharing `outcome` are alternatives.
    """

    market_id: int
    side: str
    outcome: str
    leg: pricing.BasketLeg


@dataclass(frozen=True)
class BasketSpec:
    """A basket to price: `key` identifies it ("set:<id>:yes", "set:<id>:no", "pair:<id>"),
    one open BasketOpportunity per key."""

    key: str
    kind: str
    payout_per_unit: Decimal
    members: tuple[BasketMember, ...]
    outcome_set_id: int | None = None
    pair_id: int | None = None

    @property
    def market_ids(self) -> set[int]:
        return {m.market_id for m in self.members}


@dataclass(frozen=True)
class BasketDecision:
    """The engine's answer for one basket: the plan (None: nothing profitable), the legs as
    stored on a BasketOpportunity, and the engine case that re-derives it."""

    spec: BasketSpec
    plan: pricing.BasketPlan | None
    legs: list[dict[str, Any]]
    case: dict[str, Any]


def basket_member_legs(
    spec: BasketSpec, books: Mapping[int, BookSnapshot]
) -> list[tuple[BasketMember, pricing.BasketLeg]] | None:
    """Each member that passes the book gate (present, two-sided, not crossed) with its leg
    carrying the levels of the side it buys; None when some outcome keeps no member (the basket
    cannot be bought whole). A failing alternative of an outcome offered twice is only dropped."""
    usable: list[tuple[BasketMember, pricing.BasketLeg]] = []
    covered: set[str] = set()
    for member in spec.members:
        book = books.get(member.market_id)
        if book is None:
            continue
        best_bid = book.yes_bids[0][0] if book.yes_bids else None
        best_ask = book.yes_asks[0][0] if book.yes_asks else None
        if book_gate("", best_bid, best_ask)[0]:
            continue
        asks = outcome_levels(
            yes_bids=book.yes_bids, yes_asks=book.yes_asks, outcome=member.side, buy=True
        )
        usable.append((member, replace(member.leg, asks=asks)))
        covered.add(member.outcome)
    if covered != {m.outcome for m in spec.members}:
        return None
    return usable


def basket_total_ask(
    spec: BasketSpec, books: Mapping[int, BookSnapshot]
) -> Decimal | None:
    """The cost of one basket unit at the best asks (each outcome's cheapest member), before
    fees; None when the basket cannot be bought whole. Below payout_per_unit is an edge."""
    legs = basket_member_legs(spec, books)
    if legs is None:
        return None
    best: dict[str, Decimal] = {}
    for member, leg in legs:
        top = leg.asks[0][0]
        if member.outcome not in best or top < best[member.outcome]:
            best[member.outcome] = top
    return sum(best.values(), Decimal(0))


def basket_decide(
    spec: BasketSpec, books: Mapping[int, BookSnapshot], *, budget: Decimal, now: datetime,
    max_slippage: Decimal | None = None,
) -> BasketDecision | None:
    """Price one basket on `books` (market id -> book); None when it cannot be bought whole
    (a member's book missing or failing the book gate leaves an outcome without a leg).

    Raises pricing.EngineInputError for values the engine cannot price (a fee without a
    formula): a guessed fee is how a false edge gets traded.
    """
    member_legs = basket_member_legs(spec, books)
    if member_legs is None:
        return None
    legs = [leg for _, leg in member_legs]
    plan = pricing.best_basket(
        legs, payout_per_unit=spec.payout_per_unit, budget=budget, now=now,
        max_slippage=max_slippage,
    )
    market_of = {(leg.venue, leg.outcome): member for member, leg in member_legs}
    stored: list[dict[str, Any]] = []
    for leg_plan in plan.legs if plan is not None else ():
        member = market_of[(leg_plan.venue, leg_plan.outcome)]
        stored.append({
            "market_id": member.market_id, "side": member.side, "venue": leg_plan.venue,
            "outcome": leg_plan.outcome, "limit_price": str(leg_plan.limit_price),
            "cost": str(leg_plan.cost), "fee": str(leg_plan.fee),
        })
    case = basket_case_json(
        legs, payout_per_unit=spec.payout_per_unit, budget=budget, now=now,
        max_slippage=max_slippage,
    )
    return BasketDecision(spec=spec, plan=plan, legs=stored, case=case)
