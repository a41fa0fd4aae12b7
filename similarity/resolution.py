"""Did a pair's two markets settle as its relation and orientation say they must? Pure.

Settlement is the one ground truth nothing else gives: an approved identical pair whose markets
settle differently was never the same contract (or its orientation is wrong), and every trade
on it was a bet, not an arbitrage. Values are what one YES contract paid on each venue (1, 0,
or in between for a split); B is read in A's terms, so for an inverted pair B pays 1 - value_b.
"""

from __future__ import annotations

from collections.abc import Sequence
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


def set_resolution_verdict(
    *, values: Sequence[tuple[str, Decimal]], exhaustive: bool
) -> tuple[str, str]:
    """(AGREED | DIVERGED, why) for an outcome set whose members have all settled.

    `values` are (outcome key, what one YES paid) per member; members sharing an outcome key are
    one outcome on two venues and must settle alike. The outcomes are mutually exclusive, so
    their YES payouts sum to at most 1 (NO on every one of n pays n - 1 only then); a set
    confirmed exhaustive must sum to exactly 1 (YES on every one pays 1 only then).
    """
    by_outcome: dict[str, set[Decimal]] = {}
    for key, value in values:
        by_outcome.setdefault(key, set()).add(value)
    split = sorted(key for key, seen in by_outcome.items() if len(seen) > 1)
    if split:
        return DIVERGED, (f"outcome {split[0]!r} settled differently on its two venues: "
                          "the members matched as one outcome were not the same contract")
    total = sum((next(iter(seen)) for seen in by_outcome.values()), ZERO)
    yes = sorted(key for key, seen in by_outcome.items() if ONE in seen)
    summary = f"{len(by_outcome)} outcomes, YES payouts summing to {total}"
    if total > ONE:
        return DIVERGED, (f"{summary} ({', '.join(yes) or 'splits'}): the outcomes were not "
                          "mutually exclusive, and NO on every one paid less than n - 1")
    if exhaustive and total < ONE:
        return DIVERGED, (f"{summary}: the set was confirmed exhaustive, but YES on every "
                          "outcome paid less than 1")
    return AGREED, f"{summary}: as a set of mutually exclusive outcomes must" + (
        " (and exhaustive)" if exhaustive else "")
