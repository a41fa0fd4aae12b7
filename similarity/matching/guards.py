"""Guards: compare the facts of two markets and explain, guard by guard, whether they settle alike.

`judge(a, b, similarity=...)` returns a `Verdict`: relation (identical / a_implies_b / b_implies_a /
related / different), orientation (same / inverted), a confidence, and one finding per guard.
A pair is proposed only when every guard passes or warns. Each guard is a general rule about
settlement (thresholds, windows, who/what, where it is measured, who says so), never a market list.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache, partial

from similarity.matching.extract import (
    BETWEEN,
    CUMULATIVE,
    EXACTLY,
    UPWARD,
    DateFact,
    Facts,
    Threshold,
    facts_of,
)
from similarity.matching.structure import is_field_pair, judge_field
from similarity.matching.types import Finding, Level, MarketView, Verdict

INF = math.inf
CLOSE_PASS_S = 3 * 86400
CLOSE_WARN_S = 7 * 86400
_COUNT_EXEMPT_UNITS = frozenset({"usd", "eur", "gbp", "pct", "degC", "inch", "mm", "cm", ""})
# Failing one of these means the markets are about different things, not merely different windows.
_SUBJECT_GUARDS = frozenset({"entities", "concepts", "outcome", "stations", "bucket", "units", "subject", "versions"})


@dataclass(frozen=True, slots=True)
class _Interval:
    """The YES region of a threshold on the real line (integer domains use inclusive bounds)."""

    lo: float
    hi: float
    lo_inc: bool
    hi_inc: bool
    integer: bool

    def contains(self, other: _Interval) -> bool:
        lo_ok = self.lo < other.lo or (self.lo == other.lo and (self.lo_inc or not other.lo_inc))
        hi_ok = self.hi > other.hi or (self.hi == other.hi and (self.hi_inc or not other.hi_inc))
        return lo_ok and hi_ok

    def complements(self, other: _Interval) -> bool:
        """True when exactly one of the two regions holds for every value."""
        for low, high in ((self, other), (other, self)):
            if low.lo == -INF and high.hi == INF:
                if low.integer and high.integer and low.hi_inc and high.lo_inc:
                    return high.lo == low.hi + 1
                return low.hi == high.lo and low.hi_inc != high.lo_inc
        return False

    def touches_complement(self, other: _Interval) -> bool:
        """Opposite one-sided regions on the same boundary, both excluding it (above X / below X)."""
        for low, high in ((self, other), (other, self)):
            if low.lo == -INF and high.hi == INF and low.hi == high.lo:
                return not low.hi_inc and not high.lo_inc
        return False


def _is_integer(t: Threshold) -> bool:
    """Whole-degree temperatures and counted things (points, jobs, seats) live on the integers."""
    return t.unit == "degF" or t.unit not in _COUNT_EXEMPT_UNITS


@lru_cache(maxsize=1 << 16)
def _interval(t: Threshold, *, integer: bool | None = None) -> _Interval:
    """The YES region; on an integer domain "above 29.5" and "30 or more" are the same region."""
    integer = _is_integer(t) if integer is None else integer
    lo, hi, lo_inc, hi_inc = t.interval()
    if integer:
        # The smallest and largest whole numbers inside the region.
        if lo != -INF:
            lo, lo_inc = (float(math.ceil(lo)) if lo_inc else float(math.floor(lo) + 1)), True
        if hi != INF:
            hi, hi_inc = (float(math.floor(hi)) if hi_inc else float(math.ceil(hi) - 1)), True
    return _Interval(lo, hi, lo_inc, hi_inc, integer)


def _units_compatible(a: str, b: str) -> bool:
    return a == b or not a or not b


@lru_cache(maxsize=1 << 16)
def _unique(ts: tuple[Threshold, ...]) -> tuple[Threshold, ...]:
    """One threshold per YES region and unit (cached: a market's thresholds meet many candidates)."""
    seen: dict[tuple[_Interval, str], Threshold] = {}
    for t in ts:
        seen.setdefault((_interval(t), t.unit), t)
    return tuple(seen.values())


class _Outcome:
    """What the guards accumulate: findings, orientation flips and implication hints."""

    def __init__(self) -> None:
        self.findings: list[Finding] = []
        self.inverted = False
        self.threshold_flip = False  # inverted because the comparators are complementary
        self.implies: str = ""  # "a_implies_b" / "b_implies_a" when the only difference is nested

    def add(self, guard: str, level: Level, message: str) -> None:
        self.findings.append(Finding(guard, level, message))


def _guard_numbers(fa: Facts, fb: Facts, out: _Outcome) -> None:
    ta, tb = _unique(fa.thresholds), _unique(fb.thresholds)
    if not ta and not tb:
        out.add("numbers", "pass", "neither question states a number")
        return
    if not ta or not tb:
        only, ts = ("A", ta) if ta else ("B", tb)
        out.add("numbers", "fail", f"only {only} states a threshold ({ts[0].describe()})")
        return
    if len(ta) != len(tb):
        out.add("numbers", "fail", "different thresholds: A " + "; ".join(t.describe() for t in ta)
                + " / B " + "; ".join(t.describe() for t in tb))
        return
    step = fa.step if fa.step == fb.step else None
    if step is None and (fa.step or fb.step) and not (fa.step and fb.step):
        step = fa.step or fb.step
    for x, y in zip(ta, tb, strict=True):
        if step and x.unit == y.unit and x.comparator in CUMULATIVE and y.comparator in CUMULATIVE:
            # A statistic printed to `step`: compare on its grid of printable values, where
            # "above 2.7" is "at least 2.8" and "above 3.0" is not "3.0 or more".
            out.add("precision", "pass", f"printed to {step:g}: compared on the printable values")
            x, y = _on_grid(x, step), _on_grid(y, step)
        _compare_threshold(x, y, out)


def _on_grid(t: Threshold, step: float) -> Threshold:
    """The threshold in units of `step`, as a count (so the integer comparison applies)."""
    high = None if t.high is None else round(t.high / step, 6)
    return Threshold(t.comparator, round(t.low / step, 6), high, "step" if t.unit in _COUNT_EXEMPT_UNITS else t.unit)


def _compare_threshold(x: Threshold, y: Threshold, out: _Outcome) -> None:
    desc = f"A {x.describe()} / B {y.describe()}"
    if not _units_compatible(x.unit, y.unit):
        out.add("units", "fail", f"units differ: {desc}")
        return
    bucket_a, bucket_b = x.comparator in {BETWEEN, EXACTLY}, y.comparator in {BETWEEN, EXACTLY}
    if bucket_a != bucket_b:
        which = "A is a bucket, B is cumulative" if bucket_a else "A is cumulative, B is a bucket"
        out.add("bucket", "fail", f"{which}: {desc}")
        return
    integer = _is_integer(x) or _is_integer(y)
    ia, ib = _interval(x, integer=integer), _interval(y, integer=integer)
    if ia == ib:
        out.add("numbers", "pass", f"same threshold and comparator: {desc}")
        return
    if ia.complements(ib):
        out.inverted = not out.inverted
        out.threshold_flip = True
        out.add("numbers", "pass", f"complementary thresholds (A-YES is B-NO): {desc}")
        return
    if ia.touches_complement(ib):
        out.inverted = not out.inverted
        out.threshold_flip = True
        out.add("numbers", "fail", f"opposite comparators on one boundary; exactly {x.low:g} settles both NO: {desc}")
        return
    same_boundary = x.low == y.low and x.high == y.high
    if not integer and same_boundary and (x.comparator in UPWARD) == (y.comparator in UPWARD):
        # The boundary value itself can print (a close of exactly 6,950.00): not the same contract.
        out.implies = "b_implies_a" if ia.contains(ib) else "a_implies_b"
        out.add("numbers", "fail", f"comparators differ at the boundary value {x.low:g}, which can print: {desc}")
        return
    if x.comparator in CUMULATIVE and y.comparator in CUMULATIVE:
        same_dir = (x.comparator in UPWARD) == (y.comparator in UPWARD)
        if same_dir and ib.contains(ia):
            out.implies = "a_implies_b"
        elif same_dir and ia.contains(ib):
            out.implies = "b_implies_a"
        kind = "comparators differ" if x.low == y.low else "thresholds differ"
        out.add("numbers", "fail", f"{kind}: {desc}")
        return
    out.add("numbers", "fail", f"different ranges: {desc}")


def _guard_dates(fa: Facts, fb: Facts, out: _Outcome) -> None:
    da, db = set(fa.dates), set(fb.dates)
    if not da and not db:
        out.add("dates", "pass", "neither question states a date")
        return
    if da == db:
        out.add("dates", "pass", "same date window: " + ", ".join(d.describe() for d in fa.dates))
        return
    if not da or not db:
        only, facts, other = ("A", fa, fb) if da else ("B", fb, fa)
        d = facts.dates[0]
        if d in other.rule_dates or (d.kind != "period" and d.day in other.rule_days):
            out.add("dates", "pass", f"only {only} states {d.describe()} in its question; the other's event or rules state it")
        elif other.close_time is not None and abs((other.close_time.date() - d.day).days) <= 1:
            out.add("dates", "warn", f"only {only} states a date ({d.describe()}); the other closes then")
        else:
            out.add("dates", "fail", f"only {only} states a date ({d.describe()}) and the other closes elsewhen")
        return
    x, y = _primary(fa.dates, db), _primary(fb.dates, da)
    desc = f"A {x.describe()} / B {y.describe()}"
    if x == y:
        out.add("dates", "pass", f"same date window: {x.describe()}")
        return
    if {x.kind, y.kind} == {"period", "deadline"} and x.day == y.day:
        # "in 2026" and "by December 31, 2026" end together; only the start could differ.
        out.add("dates", "warn", f"a period and a deadline ending the same day: {desc}")
        return
    if x.kind != y.kind:
        out.add("dates", "fail", f"different window kinds ({_kind_word(x)} vs {_kind_word(y)}): {desc}")
        return
    if x.kind == "deadline":
        out.implies = out.implies or ("a_implies_b" if x.day < y.day else "b_implies_a")
    out.add("dates", "fail", f"different dates: {desc}")


def _guard_rule_dates(fa: Facts, fb: Facts, out: _Outcome) -> None:
    """Rules texts that name days, none in common, describe different events."""
    if fa.rule_days and fb.rule_days and not fa.rule_days & fb.rule_days:
        days_a = ", ".join(sorted(d.isoformat() for d in fa.rule_days))
        days_b = ", ".join(sorted(d.isoformat() for d in fb.rule_days))
        out.add("rules dates", "fail", f"the rules name different days: A {days_a} / B {days_b}")


def _primary(dates: tuple[DateFact, ...], other: set[DateFact]) -> DateFact:
    """The first date, unless one of them also appears on the other side."""
    for d in dates:
        if d in other:
            return d
    return dates[0]


def _kind_word(d: DateFact) -> str:
    return {"deadline": "by a deadline", "point": "on a day", "period": "over a period"}[d.kind]


def _guard_close(fa: Facts, fb: Facts, out: _Outcome) -> None:
    if fa.close_time is None or fb.close_time is None:
        out.add("close time", "warn", "a close time is unknown")
        return
    gap_s = abs((fa.close_time - fb.close_time).total_seconds())
    days = gap_s / 86400
    if gap_s <= CLOSE_PASS_S:
        out.add("close time", "pass", f"closes {days:.1f} days apart")
    elif gap_s <= CLOSE_WARN_S:
        out.add("close time", "warn", f"closes {days:.1f} days apart")
    else:
        out.add("close time", "fail", f"closes {days:.1f} days apart")


def _guard_entities(fa: Facts, fb: Facts, out: _Outcome) -> None:
    """A name on one side that the other never mentions is a substitution when the other side
    also has a name of its own (Vance vs Newsom: fail), an elaboration otherwise (warn)."""
    missing = {
        side: [phrase for phrase, keys in facts.entities if not keys & other.tokens]
        for side, facts, other in (("A", fa, fb), ("B", fb, fa))
    }
    text = "; ".join(f"{side} names {', '.join(map(repr, names))}, the other side never does" for side, names in missing.items() if names)
    if missing["A"] and missing["B"]:
        out.add("entities", "fail", text)
    elif text:
        out.add("entities", "warn", text)
    else:
        out.add("entities", "pass", "every named entity appears on both sides")


def _guard_concepts(fa: Facts, fb: Facts, out: _Outcome) -> None:
    problems: list[str] = []
    warns: list[str] = []
    for group in sorted(set(fa.concepts) | set(fb.concepts)):
        ca, cb = fa.concepts.get(group, frozenset()), fb.concepts.get(group, frozenset())
        if ca and cb and not ca & cb:
            problems.append(f"{group}: A {', '.join(sorted(ca))} / B {', '.join(sorted(cb))}")
        elif ca and cb and ca != cb:
            warns.append(f"{group}: A {', '.join(sorted(ca))} / B {', '.join(sorted(cb))}")
        elif bool(ca) != bool(cb) and group in {"statistic", "game market", "economic series", "match result", "box office scope", "review score"}:
            named = ca or cb
            problems.append(f"{group}: only {'A' if ca else 'B'} names {', '.join(sorted(named))}")
    if problems:
        out.add("concepts", "fail", "; ".join(problems))
    elif warns:
        out.add("concepts", "warn", "; ".join(warns))
    else:
        out.add("concepts", "pass", "same statistic, office, stage and series")


def _guard_outcome(fa: Facts, fb: Facts, out: _Outcome) -> None:
    """Who YES is about: team-outcome markets and "Will X beat Y" against "Y vs X"."""
    if fa.negated != fb.negated:
        out.inverted = not out.inverted
        out.add("framing", "pass", "one question is negated: A-YES settles like B-NO")
    if not fa.yes_subject or not fb.yes_subject:
        return
    if fa.yes_subject & fb.yes_subject:
        out.add("outcome", "pass", f"YES is {fa.yes_subject_text!r} on A and {fb.yes_subject_text!r} on B")
    elif (fb.no_subject and fa.yes_subject & fb.no_subject) or (fa.no_subject and fb.yes_subject & fa.no_subject):
        out.inverted = not out.inverted
        out.add("outcome", "pass", f"A-YES is {fa.yes_subject_text!r}, which is B-NO (B-YES is {fb.yes_subject_text!r}): inverted")
    else:
        out.add("outcome", "fail", f"YES is {fa.yes_subject_text!r} on A but {fb.yes_subject_text!r} on B")


def _guard_stations(fa: Facts, fb: Facts, out: _Outcome) -> None:
    if fa.stations and fb.stations and not fa.stations & fb.stations:
        out.add("stations", "fail", f"measured at different stations: A {', '.join(sorted(fa.stations))} / B {', '.join(sorted(fb.stations))}")
    elif fa.stations or fb.stations:
        out.add("stations", "pass", "same station" if fa.stations & fb.stations else "station named on one side only")


def _guard_source(fa: Facts, fb: Facts, out: _Outcome) -> None:
    differ = [
        f"{kind}: A {', '.join(sorted(fa.sources[kind]))} / B {', '.join(sorted(fb.sources[kind]))}"
        for kind in sorted(set(fa.sources) & set(fb.sources))
        if not fa.sources[kind] & fb.sources[kind]
    ]
    differ += [
        f"{asset}: A {', '.join(sorted(fa.instruments[asset]))} / B {', '.join(sorted(fb.instruments[asset]))}"
        for asset in sorted(set(fa.instruments) & set(fb.instruments))
        if fa.instruments[asset] and fb.instruments[asset] and not fa.instruments[asset] & fb.instruments[asset]
    ]
    if differ:
        # Two sources print different values near any threshold: an unresolved difference.
        out.add("source", "fail", "different resolution sources or instruments: " + "; ".join(differ))
    elif set(fa.sources) & set(fb.sources):
        out.add("source", "pass", "same resolution source")
    if fa.settle_time and fb.settle_time and fa.settle_time != fb.settle_time:
        out.add("settlement", "fail", f"settles at different times: A {fa.settle_time} / B {fb.settle_time}")


CONTENT_MIN_OVERLAP = 0.5


def _merge_compounds(facts: Facts, other: frozenset[str]) -> frozenset[str]:
    """The subject words with two adjacent words joined where the other side writes them as one."""
    words = set(facts.content)
    for x, y, joined in facts.content_pairs:
        if joined in other and joined not in words:
            words -= {x, y}
            words.add(joined)
    return frozenset(words)


def _guard_versions(fa: Facts, fb: Facts, out: _Outcome) -> None:
    """The same product name with different version numbers is a different product."""
    differ = [
        f"{name}: A {', '.join(sorted(fa.versions[name]))} / B {', '.join(sorted(fb.versions[name]))}"
        for name in sorted(set(fa.versions) & set(fb.versions))
        if not fa.versions[name] & fb.versions[name]
    ]
    if differ:
        out.add("versions", "fail", "different versions: " + "; ".join(differ))


def _guard_content(fa: Facts, fb: Facts, out: _Outcome) -> None:
    """For questions without a number, more than half the words that say what the shorter
    question is about must be in the longer one: a shutdown is not a rate cut, a SpaceX IPO is not an OpenAI IPO."""
    if not fa.content or not fb.content or fa.thresholds or fb.thresholds:
        return  # a threshold pair is compared by statistic, number and source instead
    ca, cb = _merge_compounds(fa, fb.content), _merge_compounds(fb, fa.content)
    shared = ca & cb
    overlap = len(shared) / min(len(ca), len(cb))
    if overlap <= CONTENT_MIN_OVERLAP:
        only_a, only_b = ", ".join(sorted(ca - cb)), ", ".join(sorted(cb - ca))
        out.add("subject", "fail", f"the questions share {overlap:.0%} of their subject words (A only: {only_a}; B only: {only_b})")


_GUARDS = (
    _guard_content, _guard_versions,
    _guard_entities, _guard_concepts, _guard_numbers, _guard_dates, _guard_rule_dates, _guard_close,
    _guard_stations, _guard_source, _guard_outcome,
)


def judge(a: MarketView, b: MarketView, *, similarity: float) -> Verdict:
    """The relation of (A, B): from the field and member clauses when A is a member of a Kalshi
    mutually exclusive event and B of a Polymarket neg-risk group (candidates, Fed brackets),
    otherwise from the text guards."""
    if is_field_pair(a, b):
        verdict = judge_field(a, b, similarity=similarity, text_judge=partial(judge_text, similarity=similarity))
        if verdict is not None:
            return verdict
    return judge_text(a, b, similarity=similarity)


def judge_text(a: MarketView, b: MarketView, *, similarity: float) -> Verdict:
    """Run every guard on (A, B) and turn the findings into a relation and orientation."""
    fa, fb = facts_of(a), facts_of(b)
    out = _Outcome()
    for guard in _GUARDS:
        guard(fa, fb, out)
    if out.threshold_flip and any(d.kind == "deadline" for d in (*fa.dates, *fb.dates)):
        # "Ever above X by D" and "ever at or below X by D" can both happen: not complements.
        out.add("window", "fail", "complementary thresholds over a window are not complements: a price can touch both sides before the deadline")
    orientation = "inverted" if out.inverted else "same"
    failed = {f.guard for f in out.findings if f.level == "fail"}
    warns = sum(1 for f in out.findings if f.level == "warn")
    if not failed:
        base = 0.5 + 0.5 * min(1.0, max(0.0, (similarity - 0.3) / 0.5))
        return Verdict("identical", orientation, round(max(0.05, base - 0.1 * warns), 3), tuple(out.findings))
    if failed & _SUBJECT_GUARDS:
        relation = "different"
    elif out.implies and failed <= {"numbers", "dates"}:
        relation = out.implies if not out.inverted else "related"
    else:
        relation = "related"
    return Verdict(relation, orientation, 0.0, tuple(out.findings))
