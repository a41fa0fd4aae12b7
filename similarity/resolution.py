"""Did a pair's two markets settle as its relation and orientation say they must? Pure.

Settlement is the one ground truth nothing else gives: an approved identical pair whose markets
settle differently was never the same contract (or its orientation is wrong), and every trade
on it was a bet, not an arbitrage. Values are what one YES contract paid on each venue (1, 0,
or in between for a split); B is read in A's terms, so for an inverted pair B pays 1 - value_b.
"""

from __future__ import annotations

from decimal import Decimal

AGREED = "agreed"
DIVERGED = "diverged"
INCONCLUSIVE = "inconclusive"

ONE = Decimal(1)
ZERO = Decimal(0)


def _word(value: Decimal) -> str:
    if value == ONE:
        return "YES"
    if value == ZERO:
        return "NO"
    return f"a split (YES paid {value})"


def resolution_verdict(
    *, relation: str, orientation: str, value_a: Decimal, value_b: Decimal
) -> tuple[str, str]:
    """(AGREED | DIVERGED | INCONCLUSIVE, a sentence saying why).

    identical: A must pay what B pays in A's terms. a_implies_b: A settling YES needs B (in A's
    terms) YES; b_implies_a the converse. related and different pairs promise nothing, and an
    implication cannot be judged on a split.
    """
    b_as_a = value_b if orientation == "same" else ONE - value_b
    framing = "" if orientation == "same" else " (inverted: B-NO settles like A-YES)"
    settled = f"A settled {_word(value_a)}, B settled {_word(value_b)}{framing}"
    if relation == "identical":
        if value_a == b_as_a:
            return AGREED, f"{settled}: alike, as an identical pair must"
        return DIVERGED, f"{settled}: an identical pair must settle alike"
    if relation in ("a_implies_b", "b_implies_a"):
        if {value_a, b_as_a} - {ZERO, ONE}:
            return INCONCLUSIVE, f"{settled}: a split says nothing about an implication"
        premise, conclusion = (value_a, b_as_a) if relation == "a_implies_b" else (b_as_a, value_a)
        if premise == ONE and conclusion == ZERO:
            return DIVERGED, f"{settled}: {relation.replace('_', ' ')} is broken"
        return AGREED, f"{settled}: consistent with {relation.replace('_', ' ')}"
    return INCONCLUSIVE, f"{settled}: a {relation} pair promises no settlement relation"
