"""Structure first: families of markets as the venues state them, and the clauses that decide a
pair inside two aligned families.

A family is what a venue groups: a Kalshi event (its markets share `event_key`) and a Polymarket
neg-risk group (`neg_risk_market_id`) or event. Families are aligned as wholes (their members'
mean vectors, blocked like markets), and every member pair of two aligned families is a candidate,
so a candidate field, a bracket ladder or a threshold ladder is judged market by market even when
the members' texts embed far apart.

Inside a Kalshi mutually exclusive event against a Polymarket neg-risk group, a pair is decided by
two clauses: the field (same contest, office, stage, meeting: the texts with the member names
masked out must agree) and the member (the same candidate by normalised name, or the same Fed
bracket in basis points). Everything else is decided by the text guards (`guards.judge`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import replace
from functools import lru_cache

import numpy as np

from similarity.matching.candidates import Cats, Days, Vectors, candidate_pairs
from similarity.matching.types import Finding, MarketView, Verdict

TextJudge = Callable[[MarketView, MarketView], Verdict]
FAMILY_K = 3
FAMILY_MIN_SIMILARITY = 0.5
# Long-dated fields close weeks apart on the two venues (one at the event, one at a round date):
# families align over a wider window than single markets; the clauses then check the dates.
FAMILY_WINDOW_DAYS = 120
# Two aligned families expand to at most this many member pairs (a 40-strike ladder on each side).
MAX_FAMILY_PAIRS = 1600
_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
_TITLES = frozenset({"the", "dr", "mr", "mrs", "ms", "sen", "gov", "rep", "president"})


def family_key(view: MarketView) -> str:
    """The venue's grouping of this market ("" when it stands alone)."""
    neg_risk = view.extra.get("neg_risk_market_id") if view.extra else None
    return str(neg_risk or view.event_key or "")


def family_candidates(
    *,
    views_a: Sequence[MarketView], vecs_a: Vectors, days_a: Days, cats_a: Cats, rows_a: Sequence[int],
    views_b: Sequence[MarketView], vecs_b: Vectors, days_b: Days, cats_b: Cats, rows_b: Sequence[int],
    window_days: int,
) -> dict[tuple[int, int], float]:
    """{(index in A, index in B): cosine} of every member pair of two aligned families, for the
    markets in `rows_a` / `rows_b` (indices into the views)."""
    fam_a, fam_b = _families(views_a, rows_a), _families(views_b, rows_b)
    if not fam_a or not fam_b:
        return {}
    keys_a, keys_b = list(fam_a), list(fam_b)
    cent_a, day_a, cat_a = _centroids(keys_a, fam_a, vecs_a, days_a, cats_a)
    cent_b, day_b, cat_b = _centroids(keys_b, fam_b, vecs_b, days_b, cats_b)
    aligned = candidate_pairs(
        query_vecs=cent_a, query_days=day_a, query_cats=cat_a, corpus_vecs=cent_b, corpus_days=day_b,
        corpus_cats=cat_b, k=FAMILY_K, min_similarity=FAMILY_MIN_SIMILARITY,
        window_days=max(window_days, FAMILY_WINDOW_DAYS),
    )
    out: dict[tuple[int, int], float] = {}
    for fi, fj in aligned:
        members_a, members_b = fam_a[keys_a[fi]], fam_b[keys_b[fj]]
        if len(members_a) * len(members_b) > MAX_FAMILY_PAIRS:
            continue
        ia, ib = np.asarray(members_a), np.asarray(members_b)
        sims = vecs_a[ia] @ vecs_b[ib].T
        for x, i in enumerate(members_a):
            for y, j in enumerate(members_b):
                out[(i, j)] = float(sims[x, y])
    return out


def _families(views: Sequence[MarketView], rows: Sequence[int]) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for i in rows:
        key = family_key(views[i])
        if key:
            out.setdefault(key, []).append(i)
    return out


def _centroids(
    keys: list[str], fams: dict[str, list[int]], vecs: Vectors, days: Days, cats: Cats
) -> tuple[Vectors, Days, Cats]:
    cent = np.stack([vecs[fams[k]].mean(axis=0) for k in keys]).astype(np.float32)
    cent /= np.maximum(np.linalg.norm(cent, axis=1, keepdims=True), 1e-9)
    # A family closes with its last member; its category is its first member's.
    day = np.array([days[fams[k]].max() for k in keys], dtype=np.int64)
    cat = np.array([cats[fams[k][0]] for k in keys], dtype=cats.dtype)
    return cent, day, cat


# --- names ----------------------------------------------------------------------------------


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """(Cached: a member's name is folded for every pair it is in.) Lower case without accents or punctuation; initials joined ("J.D." -> "jd")."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"\b([a-z])\.\s?(?=[a-z]\.)", r"\1", text)
    text = re.sub(r"\b([a-z])\.", r"\1", text)
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


def name_tokens(name: str) -> list[str]:
    return list(_name_tokens(name))


@lru_cache(maxsize=1 << 16)
def _name_tokens(name: str) -> tuple[str, ...]:
    return tuple(t for t in fold(name).split() if t not in _TITLES)


def names_match(x: str, y: str) -> bool:
    """One name is a form of the other: every word of the shorter appears in the longer in order
    (a one-letter word matches a word it begins: "Los Angeles D" / "Los Angeles Dodgers";
    "Retailleau" / "Bruno Retailleau"); a generational suffix must be on both or neither."""
    tx, ty = name_tokens(x), name_tokens(y)
    if not tx or not ty:
        return False
    if (_SUFFIXES & set(tx)) != (_SUFFIXES & set(ty)):
        return False
    short, long_ = (tx, ty) if len(tx) <= len(ty) else (ty, tx)
    pos = 0
    for word in short:
        while pos < len(long_) and not (long_[pos] == word or (len(word) == 1 and long_[pos].startswith(word))):
            pos += 1
        if pos == len(long_):
            return False
        pos += 1
    # A lone initial is not a name.
    return any(len(w) > 1 for w in short)


@lru_cache(maxsize=1 << 16)
def _expanded_name(label: str, text: str) -> str:
    """(Cached: pure, and asked for every pair a member is in.) The fullest capitalised phrase of `text` that contains `label`'s last word ("Nuggets" in
    "Will the Denver Nuggets win ..." -> "Denver Nuggets")."""
    words = name_tokens(label)
    if not words:
        return label
    best = label
    for m in re.finditer(r"[A-Z][\w'.-]*(?:\s+(?:de\s+|la\s+|van\s+|von\s+)?[A-Z][\w'.-]*)*", text):
        phrase = m.group(0)
        if words[-1] in name_tokens(phrase) and len(phrase) > len(best):
            best = phrase
    return re.sub(r"^(?:Will|The)\s+", "", best)


# --- Fed brackets ---------------------------------------------------------------------------

_BPS = re.compile(
    r"(?P<sign>[-+−])?\s*(?P<num>\d+(?:\.\d+)?)\s*(?P<plus>\+)?\s*"
    r"(?P<unit>bps|bp\b|basis points?|%|percentage points?|pct\b)",
    re.IGNORECASE,
)
_HOLD = re.compile(r"\b(?:hold|holds|maintains?|no change|unchanged|pause[sd]?|steady|keeps? rates?|flat)\b")
_DOWN = re.compile(r"\b(?:cut|cuts|decrease[sd]?|lowers?|reduces?|down|ease[sd]?)\b")
_UP = re.compile(r"\b(?:hike|hikes|increase[sd]?|raises?|up|tighten(?:s|ed)?)\b")
INF = 10_000


def fed_bracket(label: str) -> tuple[int, int] | None:
    """The change in basis points a Fed decision bracket pays on, as an inclusive range.

    Kalshi's "Cut >25bps" means a cut of more than 25 bp, which on the 25 bp steps the FOMC moves
    in is 50 or more; "Hold 0bps", "Fed maintains rate" and Polymarket's "No change" are 0;
    "50+ bps decrease" and "50 bps or more" are 50 or more down; "-25 bps" and "0.25%" are read
    too. None when the label is not a rate decision bracket.
    """
    low = label.lower().replace("−", "-")
    m = _BPS.search(low)
    if m is None or float(m.group("num")) == 0:
        return (0, 0) if _HOLD.search(low) or (m is not None and float(m.group("num")) == 0) else None
    value = float(m.group("num"))
    percent = m.group("unit").startswith(("%", "percentage", "pct"))
    if percent and not re.search(r"\b(?:cut|hike|decrease|increase|raise|lower|reduce)", low):
        return None  # "up 0.3%" is as likely a statistic as a rate decision
    step = round(value * 100) if percent else round(value)
    if _DOWN.search(low) or m.group("sign") == "-":
        sign = -1
    elif _UP.search(low) or m.group("sign") == "+":
        sign = 1
    else:
        return None
    num = re.escape(m.group("num"))
    strictly_more = bool(re.search(r"(?:>|more than|over)\s*[-+]?\s*" + num, low))
    at_least = bool(m.group("plus")) or bool(re.search(r"(?:>=|≥|at least)\s*[-+]?\s*" + num, low)) or bool(
        re.search(num + r"\s*(?:bps|bp|basis points?|%)?\s*or (?:more|greater|higher|larger)", low))
    lo = step + 25 if strictly_more else step  # "more than 25" on 25 bp steps is 50 or more
    hi = INF if strictly_more or at_least else lo
    return (-hi, -lo) if sign < 0 else (lo, hi)


# --- the field clause -----------------------------------------------------------------------


def _label(view: MarketView) -> str:
    if view.side == "b" or not view.has_named_outcomes:
        return str(view.extra.get("group_item_title") or view.subtitle or "")
    return view.outcome_label


def _mask(text: str, names: Sequence[str]) -> str:
    for name in names:
        for word in sorted(set(name.split()), key=len, reverse=True):
            if len(word) > 1:
                text = re.sub(r"(?<![\w])" + re.escape(word) + r"(?:'s)?(?![\w])", " ", text, flags=re.IGNORECASE)
    return re.sub(r"\s+", " ", text).strip()


_BRACKET_WORDS = re.compile(
    r"(?:\bby\s+)?(?:[>≥]\s*|more than\s+)?\d+\s*\+?\s*(?:bps|basis points?)|"
    r"\b(?:cut|cuts|hike|hikes|decrease|decreases|increase|increases|raise|raises|lower|lowers|hold|holds|"
    r"maintains?|no change|unchanged|pause)\b",
    re.IGNORECASE,
)


@lru_cache(maxsize=65536)
def field_view(view: MarketView, *, brackets: bool) -> MarketView:
    """The market with its own member named out (or its Fed bracket): what the whole field is
    about. Depends on the market alone, so it is built once however many pairs it is in."""
    label = _label(view)
    names = [label] if view.side == "a" else [label, _expanded_name(label, view.title)]
    return _field_view(view, [] if brackets else names, brackets=brackets)


def _field_view(view: MarketView, names: Sequence[str], *, brackets: bool = False) -> MarketView:
    """The market with `names` named out: what the whole field is about."""

    def out(text: str) -> str:
        text = _mask(text, names)
        return re.sub(r"\s+", " ", _BRACKET_WORDS.sub(" ", text)).strip() if brackets else text

    return replace(
        view, title=out(view.title), subtitle="", outcome_label="Yes", no_outcome_label="No",
        event_title=out(view.event_title), rules_text="", resolution_source="", close_time=None,
        extra={},
    )


def is_field_pair(a: MarketView, b: MarketView) -> bool:
    """A Kalshi mutually exclusive event's market against a Polymarket neg-risk group's."""
    return bool(a.extra.get("event_mutually_exclusive")) and bool(b.extra.get("neg_risk_market_id")) and bool(_label(a)) and bool(_label(b))


def judge_field(a: MarketView, b: MarketView, *, similarity: float, text_judge: TextJudge) -> Verdict | None:
    """Decide a field pair from its two clauses; None when the members are neither names nor Fed
    brackets (thresholds and bins are left to the text guards). `text_judge` (the guards) judges
    the field: the two markets with their members named out."""
    label_a, label_b = _label(a), _label(b)
    bracket_a, bracket_b = fed_bracket(label_a), fed_bracket(label_b)
    findings: list[Finding] = []
    if bracket_a is not None and bracket_b is not None:
        member = _bracket_relation(bracket_a, bracket_b)
        findings.append(Finding("member", "pass" if member == "identical" else "fail",
                                f"Fed bracket A {label_a!r} = {_fmt_bracket(bracket_a)} / B {label_b!r} = {_fmt_bracket(bracket_b)} bp"))
    elif bracket_a is None and bracket_b is None and not re.search(r"\d", label_a + label_b):
        full_b = _expanded_name(label_b, b.title)
        same = names_match(label_a, label_b) or names_match(label_a, full_b)
        member = "identical" if same else "different"
        findings.append(Finding("member", "pass" if same else "fail",
                                f"A names {label_a!r}, B names {full_b!r}" + (" (the same person or team)" if same else "")))
        if b.extra.get("neg_risk_other"):
            member = "related"
            findings.append(Finding("member", "fail", "B is the group's 'Other' leg: it pays on a moving set of names"))
    else:
        return None
    brackets = bracket_a is not None
    field = text_judge(field_view(a, brackets=brackets), field_view(b, brackets=brackets))
    # The field's window is the event's: only two stated dates that differ set fields apart (a
    # date one side states, or close times, say nothing about which contest it is); the venues'
    # wording of a field differs too much for the subject-word overlap ("Fed decision in
    # October?" / "Fed meeting: October 2026"): office, stage, bank and meeting decide.
    field_findings = [
        f for f in field.findings
        if f.guard not in {"close time", "subject"} and not (f.guard == "dates" and f.message.startswith("only"))
    ]
    field_fails = [f for f in field_findings if f.level == "fail"]
    findings.extend(Finding("field " + f.guard, f.level, f.message) for f in field_findings if f.level != "pass")
    if not field_fails:
        findings.insert(0, Finding("field", "pass", "the same field: the texts agree once the member is named out"))
    if member == "identical" and not field_fails:
        warns = sum(1 for f in findings if f.level == "warn")
        return Verdict("identical", "same", round(max(0.5, 0.95 - 0.1 * warns), 3), tuple(findings))
    if member == "identical" or (member in {"a_implies_b", "b_implies_a"} and not field_fails):
        return Verdict("related" if field_fails else member, "same", 0.0, tuple(findings))
    return Verdict("related" if member == "related" else "different", "same", 0.0, tuple(findings))


def _bracket_relation(x: tuple[int, int], y: tuple[int, int]) -> str:
    if x == y:
        return "identical"
    if y[0] <= x[0] and x[1] <= y[1]:
        return "a_implies_b"
    if x[0] <= y[0] and y[1] <= x[1]:
        return "b_implies_a"
    return "different"


def _fmt_bracket(x: tuple[int, int]) -> str:
    lo = "-inf" if x[0] <= -INF else str(x[0])
    hi = "+inf" if x[1] >= INF else str(x[1])
    return str(x[0]) if x[0] == x[1] else f"[{lo}, {hi}]"
