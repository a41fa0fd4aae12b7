"""One leg's book walked level by level with exact cumulative costs and fees (the engine's ladder).

Pure: no Django, no I/O. The optimiser (pricing.optimiser) searches sizes over two ladders.
"""

from __future__ import annotations

from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

from pricing.fees import CENT, POLY_FEE_QUANTUM, Fee, Rounding
from pricing.levels import Level
from pricing.types import YES, LegInput

ZERO = Decimal(0)
ONE = Decimal(1)
# Exact fee minus raw fee is below one cent per Kalshi order and at most 0.000005 per Polymarket
# fill (half-up rounding); 0.00001 is a safe, looser bound.
KALSHI_ROUND_UP = Decimal("0.01")
POLY_ROUND_UP_PER_FILL = Decimal("0.00001")
# Levels are computed this many at a time by default: fewer calls, little work past where a
# two-leg walk stops (a basket, walking many legs at once, asks for fewer).
LEVELS_PER_EXTEND = 12

# The rounding rule of a ladder's fee as a small int (compared on the hot path).
NO_ROUNDING, CENT_UP, FILL_5DP = 0, 1, 2
KIND_BY_ROUNDING = {
    Rounding.NONE: NO_ROUNDING,
    Rounding.ORDER_CENT_UP: CENT_UP,
    Rounding.FILL_5DP_HALF_UP: FILL_5DP,
}


class Ladder:
    """One leg's levels for the outcome it buys, computed lazily with cumulative sums.

    The source levels are best first: YES asks as they are, or YES bids read as NO at 1 - bid.
    Level i is computed only when the walk reaches it (most plans stop long before the end of a
    deep book); levels past the slippage cap `max_price` do not exist.
    cum_size[i], cum_cost[i] and cum_total[i] (cost + raw fee) sum levels 0..i-1 (cum_*[0] = 0);
    for Polymarket cum_fee[i] sums the rounded fees of those full levels (each fill rounds on
    its own); Kalshi's raw fee, cum_total - cum_cost, is rounded once per order.
    """

    __slots__ = (
        "source", "invert", "max_price", "kind", "coef", "exponent", "prices", "units",
        "marginals", "cum_size", "cum_cost", "cum_fee", "cum_total", "end", "chunk",
    )

    def __init__(
        self, source: tuple[Level, ...], fee: Fee, *, invert: bool,
        max_price: Decimal | None = None, chunk: int = LEVELS_PER_EXTEND,
    ) -> None:
        self.source = source
        self.chunk = chunk
        self.end = len(source)  # lowered to the first level past the slippage cap once seen
        self.invert = invert
        self.max_price = max_price
        # The unit fee is coef x p x (1 - p) (Kalshi) or coef x (p(1-p))^exponent (Polymarket):
        # exact products, so the figures are identical to Fee.order_fee's.
        formula = fee.formula
        self.kind = KIND_BY_ROUNDING[formula.rounding]
        self.coef = formula.coef
        self.exponent = formula.exponent
        self.prices: list[Decimal] = []
        self.units: list[Decimal] = []
        self.marginals: list[Decimal] = []  # price + unit fee: raw cost of one more contract
        self.cum_size = [ZERO]
        self.cum_cost = [ZERO]
        self.cum_fee = [ZERO]  # Polymarket only
        self.cum_total = [ZERO]  # cum_cost + raw fees

    def has(self, j: int) -> bool:
        """Compute levels up to j; False when level j does not exist (book end or slippage cap)."""
        return j < len(self.prices) or self._extend(j)

    def _extend(self, j: int) -> bool:
        """Compute levels up to j and a few beyond (one call per several levels)."""
        prices = self.prices
        i = len(prices)
        stop = min(self.end, max(j + 1, i + self.chunk))
        if i >= stop:
            return False
        kind, coef, invert, max_price = self.kind, self.coef, self.invert, self.max_price
        square = self.exponent == ONE
        add_price, add_unit, add_marginal = prices.append, self.units.append, self.marginals.append
        add_size, add_cost = self.cum_size.append, self.cum_cost.append
        add_fee, add_total = self.cum_fee.append, self.cum_total.append
        cum_size, cum_cost, cum_fee, cum_total = (
            self.cum_size[i], self.cum_cost[i], self.cum_fee[-1], self.cum_total[i]
        )
        for price, size in self.source[i:stop]:
            # comp = 1 - price; for a NO level that is the YES bid itself (exactly).
            if invert:
                comp = price
                price = ONE - price
            else:
                comp = ONE - price
            if max_price is not None and price > max_price:
                self.end = len(prices)
                break
            cost = size * price
            cum_size += size
            cum_cost += cost
            if kind == CENT_UP:
                unit = coef * price * comp
                marginal = price + unit
                # size x marginal is this level's cost + raw fee (exact: Decimal has the digits).
                cum_total += size * marginal
            elif kind == FILL_5DP:
                base = price * comp
                unit = coef * (base if square else base**self.exponent)
                raw = size * unit
                # Inline pricing.fees.polymarket_round (hot path): half up to 5 decimals; a positional
                # rounding argument is markedly cheaper than the keyword here.
                cum_fee += raw.quantize(POLY_FEE_QUANTUM, ROUND_HALF_UP)
                add_fee(cum_fee)
                marginal = price + unit
                cum_total += cost + raw
            else:
                unit, marginal = ZERO, price
                cum_total = cum_cost
            add_price(price)
            add_unit(unit)
            add_marginal(marginal)
            add_size(cum_size)
            add_cost(cum_cost)
            add_total(cum_total)
        return j < len(prices)

    def cost_fee(self, n: Decimal, j: int) -> tuple[Decimal, Decimal]:
        """Exact (cost, fee) of buying n contracts whose last fill is on (computed) level j."""
        q = n - self.cum_size[j]
        cum_cost = self.cum_cost[j]
        cost = cum_cost + q * self.prices[j]
        kind = self.kind
        if kind == CENT_UP:
            # Kalshi's raw fee so far is cum_total - cum_cost (rounded once for the order).
            # Inline pricing.fees.kalshi_round (hot path): up to the cent, never negative.
            raw = self.cum_total[j] - cum_cost + q * self.units[j]
            return cost, raw.quantize(CENT, ROUND_CEILING) if raw > 0 else ZERO
        if kind == FILL_5DP:
            # Inline pricing.fees.polymarket_round: half up to 5 decimals, never negative.
            raw = q * self.units[j]
            fee = raw.quantize(POLY_FEE_QUANTUM, ROUND_HALF_UP) if raw > 0 else ZERO
            return cost, self.cum_fee[j] + fee
        return cost, ZERO

    @property
    def convex(self) -> bool:
        """Whether the marginal cost p + unit_fee(p) rises with p on (0, 1).

        p + c p(1-p) has slope 1 + c(1 - 2p) > 0 when c < 1; p + c (p(1-p))^e with e >= 1 has
        slope >= 1 - c e (p(1-p))^(e-1) > 0 when c e < 1. A fractional exponent can fall faster
        than p rises near 0 and 1, so it is not assumed convex.
        """
        if self.kind == NO_ROUNDING:
            return True
        if self.kind == CENT_UP or self.exponent == ONE:
            return self.coef < ONE
        return self.exponent >= ONE and self.coef * self.exponent < ONE

    @property
    def max_round_up(self) -> Decimal:
        """An upper bound of exact fee minus raw fee over any order on this ladder."""
        if self.kind == CENT_UP:
            return KALSHI_ROUND_UP
        if self.kind == FILL_5DP:
            return POLY_ROUND_UP_PER_FILL * len(self.source)
        return ZERO


def outcome_ladder(leg: LegInput, outcome: str, max_slippage: Decimal | None = None) -> Ladder:
    """The ladder a buy of `outcome` walks: YES asks, or YES bids at NO price 1 - bid."""
    invert = outcome != YES
    source = leg.yes_bids if invert else leg.yes_asks
    max_price = None
    if max_slippage is not None and source:
        max_price = (ONE - source[0][0] if invert else source[0][0]) + max_slippage
    return Ladder(source, leg.fee, invert=invert, max_price=max_price)
