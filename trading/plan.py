"""Pure execution arithmetic: book walking in outcome prices, leg order, hedge re-pricing.

No Django, no I/O: values in, values out. Books come in the stored YES view (bids and asks best
first, as (price, size) Decimal tuples); buying NO at q is hitting a YES bid at 1 - q, selling NO at
q is lifting a YES ask at 1 - q. Fees are passed in as a function (price, size) -> dollars so the
venue's exact formula and rounding are used.
"""

from __future__ import annotations

from collections.abc import Callable, MutableMapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

from pricing import Plan as EnginePlan
from pricing.fees import Fee

ZERO = Decimal(0)
ONE = Decimal(1)

Level = tuple[Decimal, Decimal]
FeeFn = Callable[[Decimal, Decimal], Decimal]


def outcome_levels(
    *, yes_bids: Sequence[Level], yes_asks: Sequence[Level], outcome: str, buy: bool
) -> tuple[Level, ...]:
    """The levels a buyer (or seller) of `outcome` trades against, in that outcome's price, best first."""
    if outcome == "yes":
        return tuple(yes_asks if buy else yes_bids)
    return tuple((ONE - p, s) for p, s in (yes_bids if buy else yes_asks))


def _acceptable(price: Decimal, limit: Decimal, buy: bool) -> bool:
    return price <= limit if buy else price >= limit


def depth_at_limit(levels: Sequence[Level], *, limit: Decimal, buy: bool = True) -> Decimal:
    """Contracts available at prices no worse than `limit`."""
    total = ZERO
    for price, size in levels:
        if not _acceptable(price, limit, buy):
            break
        total += size
    return total


@dataclass(frozen=True, slots=True)
class Walk:
    """The result of walking levels for a size: what fills, its cost, and the worst price touched."""

    filled: Decimal
    cost: Decimal
    worst_price: Decimal | None

    @property
    def average_price(self) -> Decimal | None:
        return self.cost / self.filled if self.filled else None


def walk(
    levels: Sequence[Level], *, size: Decimal, limit: Decimal | None = None, buy: bool = True
) -> Walk:
    """Fill up to `size` against `levels` (best first), stopping at `limit` when given."""
    remaining, filled, cost, worst = size, ZERO, ZERO, None
    for price, available in levels:
        if remaining <= 0 or (limit is not None and not _acceptable(price, limit, buy)):
            break
        take = min(available, remaining)
        if take <= 0:
            continue
        filled += take
        cost += take * price
        remaining -= take
        worst = price
    return Walk(filled=filled, cost=cost, worst_price=worst)


def walked(
    levels: Sequence[Level], *, size: Decimal, limit: Decimal | None = None, buy: bool = True
) -> tuple[Level, ...]:
    """The (price, size) fills an order for `size` takes from `levels`, best first (see walk)."""
    remaining, out = size, []
    for price, available in levels:
        if remaining <= 0 or (limit is not None and not _acceptable(price, limit, buy)):
            break
        take = min(available, remaining)
        if take > 0:
            out.append((price, take))
            remaining -= take
    return tuple(out)


# Depth a paper order took from one stored book: (YES book side "bid"|"ask", YES price) -> size.
Used = MutableMapping[tuple[str, Decimal], Decimal]


def levels_less_used(levels: Sequence[Level], side: str, used: Used) -> tuple[Level, ...]:
    """A YES book side (`side` "bid" or "ask") less the depth earlier paper orders took."""
    if not used:
        return tuple(levels)
    out = []
    for price, size in levels:
        left = size - used.get((side, price), ZERO)
        if left > 0:
            out.append((price, left))
    return tuple(out)


@dataclass(frozen=True, slots=True)
class PaperFill:
    """What a paper order filled against a book: size, average outcome price and the venue's fee.

    `walked` is each level taken, as (outcome price, size), best first.
    """

    filled: Decimal
    average_price: Decimal | None
    fee: Decimal
    walked: tuple[Level, ...]


def paper_fill(
    *, yes_bids: Sequence[Level], yes_asks: Sequence[Level], used: Used, outcome: str, buy: bool,
    size: Decimal, limit: Decimal, fee: Fee,
) -> PaperFill:
    """Fill one immediate-or-cancel order against a YES book less the depth in `used`.

    The order takes levels best first up to `limit` (in the outcome's price) and `size`; what it
    takes is added to `used`, so a later order on the same book never fills against the same
    contracts. The fee is the venue's exact fee for one order filled at those levels (the same
    formula and rounding the engine prices with). Used by the paper executor and by replays.
    """
    # Buying YES lifts asks, buying NO hits bids (and selling the reverse).
    side = "ask" if (outcome == "yes") == buy else "bid"
    levels = outcome_levels(
        yes_bids=levels_less_used(yes_bids, "bid", used),
        yes_asks=levels_less_used(yes_asks, "ask", used),
        outcome=outcome, buy=buy,
    )
    w = walk(levels, size=size, limit=limit, buy=buy)
    taken = walked(levels, size=size, limit=limit, buy=buy)
    for price, take in taken:
        yes_price = price if outcome == "yes" else ONE - price
        used[(side, yes_price)] = used.get((side, yes_price), ZERO) + take
    return PaperFill(
        filled=w.filled, average_price=w.average_price, fee=fee.order_fee(taken), walked=taken,
    )


def round_down(size: Decimal, increment: Decimal) -> Decimal:
    """`size` rounded down to a multiple of `increment` (increment <= 0 means any size)."""
    if increment <= 0:
        return size
    return (size / increment).to_integral_value(rounding=ROUND_DOWN) * increment


@dataclass(frozen=True, slots=True)
class LegPlan:
    outcome: str
    limit_price: Decimal
    cost: Decimal
    fee: Decimal
    depth_at_limit: Decimal

    def to_json(self) -> dict[str, str]:
        return {
            "outcome": self.outcome, "limit_price": str(self.limit_price), "cost": str(self.cost),
            "fee": str(self.fee), "depth_at_limit": str(self.depth_at_limit),
        }


@dataclass(frozen=True, slots=True)
class AttemptPlan:
    """Both legs at one size, re-costed against the current books."""

    size: Decimal
    a: LegPlan
    b: LegPlan
    leg1: str

    @property
    def notional(self) -> Decimal:
        return self.a.cost + self.b.cost + self.a.fee + self.b.fee

    @property
    def net_profit(self) -> Decimal:
        return self.size - self.notional

    @property
    def return_on_capital(self) -> Decimal:
        return self.net_profit / self.notional if self.notional > 0 else ZERO

    def to_json(self) -> dict[str, object]:
        return {
            "size": str(self.size), "leg1": self.leg1, "a": self.a.to_json(), "b": self.b.to_json(),
            "net_profit": str(self.net_profit),
        }


def attempt_plan_from(
    engine_plan: EnginePlan, *, levels_a: Sequence[Level], levels_b: Sequence[Level]
) -> AttemptPlan:
    """An engine plan as an attempt: same size, limits, costs and fees, plus which leg goes first.

    `levels_a`/`levels_b` are what each leg buys against (outcome_levels, buy=True). Leg 1 is
    the leg with less depth at its limit: it is the one more likely to fail, and a failure
    there leaves nothing to hedge.
    """
    legs = []
    for leg, levels in ((engine_plan.a, levels_a), (engine_plan.b, levels_b)):
        legs.append(
            LegPlan(
                outcome=leg.outcome, limit_price=leg.limit_price, cost=leg.cost, fee=leg.fee,
                depth_at_limit=depth_at_limit(levels, limit=leg.limit_price),
            )
        )
    a, b = legs
    return AttemptPlan(
        size=engine_plan.size, a=a, b=b, leg1="b" if b.depth_at_limit < a.depth_at_limit else "a"
    )


OrderFeeFn = Callable[[Sequence[Level]], Decimal]


def attempt_plan_resized(
    attempt_plan: AttemptPlan, *, size: Decimal, levels_a: Sequence[Level],
    levels_b: Sequence[Level], order_fee_a: OrderFeeFn, order_fee_b: OrderFeeFn,
) -> AttemptPlan | None:
    """The same attempt (limits, leg order) at a smaller `size`, re-costed on the same levels.

    Each leg's cost and fee are those of walking its levels for `size` up to its limit, the fee
    from the venue's per-order formula over the levels taken (`order_fee_*`). None when a
    leg's levels at its limit cannot fill `size`.
    """
    legs = []
    for leg, levels, order_fee in (
        (attempt_plan.a, levels_a, order_fee_a), (attempt_plan.b, levels_b, order_fee_b)
    ):
        fills = walked(levels, size=size, limit=leg.limit_price)
        if sum((n for _, n in fills), ZERO) < size:
            return None
        legs.append(LegPlan(
            outcome=leg.outcome, limit_price=leg.limit_price,
            cost=sum((p * n for p, n in fills), ZERO), fee=order_fee(fills),
            depth_at_limit=leg.depth_at_limit,
        ))
    a, b = legs
    return AttemptPlan(size=size, a=a, b=b, leg1=attempt_plan.leg1)


@dataclass(frozen=True, slots=True)
class HedgeQuote:
    size: Decimal
    limit_price: Decimal
    cost: Decimal
    fee: Decimal


def hedge_reprice(
    *, levels: Sequence[Level], needed: Decimal, leg1_unit_cost: Decimal, locked_edge: Decimal,
    fee: FeeFn, size_increment: Decimal = ONE, min_size: Decimal = ONE, payout: Decimal = ONE,
) -> HedgeQuote | None:
    """The largest hedge (leg-2 retry) that keeps the combined attempt profitable after fees.

    A basket's retry passes its `payout` per unit and, as `leg1_unit_cost`, what one unit of
    every other leg costs: the same break-even with `payout` in place of 1.

    `leg1_unit_cost` is what one leg-1 contract cost including its fee share; `locked_edge` is the
    profit already locked by the contracts hedged so far (it may be spent on the rest). Levels are
    taken whole, best first, while locked_edge + n x (1 - leg1_unit_cost) - cost(n) - fee(n) stays
    >= 0. Returns None when not even the venue's minimum size qualifies.
    """
    best: HedgeQuote | None = None
    filled, cost = ZERO, ZERO
    for price, available in levels:
        if filled >= needed:
            break
        take = round_down(min(available, needed - filled), size_increment)
        if take <= 0:
            continue
        n, c = filled + take, cost + take * price
        f = fee(c / n, n)
        if locked_edge + n * (payout - leg1_unit_cost) - c - f < 0:
            break
        filled, cost = n, c
        best = HedgeQuote(size=n, limit_price=price, cost=c, fee=f)
    if best is None or best.size < min_size:
        return None
    return best


def unwind_quote(
    *, levels: Sequence[Level], size: Decimal, size_increment: Decimal = ONE,
    min_size: Decimal = ONE,
) -> tuple[Decimal, Decimal] | None:
    """(size, limit price) to sell `size` at the best available bids, or None if impossible.

    The limit is the worst bid needed to sell everything; with too little depth it is the worst
    bid there is (sell what the book takes, the rest stays flagged).
    """
    size = round_down(size, size_increment)
    if size < min_size or size <= 0 or not levels:
        return None
    w = walk(levels, size=size, buy=False)
    limit = w.worst_price if w.worst_price is not None else levels[0][0]
    return size, limit
