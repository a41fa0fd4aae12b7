"""Pure value types of the matcher: what a market looks like to it, findings and verdicts."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

Level = Literal["pass", "warn", "fail"]

GENERIC_LABELS = frozenset({"yes", "no", ""})


@dataclass(frozen=True, slots=True)
class MarketView:
    """The text and dates of one binary market, as the matcher sees it (no Django, no venue).

    `key` identifies the market to the caller (a database id or a venue id); `side` is "a"
    (Kalshi-like) or "b" (Polymarket-like). `outcome_label` is what YES means on the venue.
    `event_key` and `series` are the venue's grouping ids (Kalshi event and series tickers;
    Polymarket event id or neg-risk market id, and series slug); `extra` is the venue structure
    the parser kept (`MarketData.extra`: strike type and strikes, mutually exclusive events,
    neg-risk group item, sports market type, game start time, ...), read-only.
    """

    key: str
    side: str
    title: str
    outcome_label: str = "Yes"
    no_outcome_label: str = "No"
    event_title: str = ""
    subtitle: str = ""
    rules_text: str = ""
    resolution_source: str = ""
    category: str = ""
    close_time: datetime | None = None
    event_key: str = ""
    series: str = ""
    extra: Mapping[str, Any] = field(default_factory=dict, compare=False, hash=False)

    @property
    def has_named_outcomes(self) -> bool:
        """True when YES is a name (a team, a candidate), not plain Yes/No."""
        return self.outcome_label.strip().lower() not in GENERIC_LABELS

    def embedding_text(self) -> str:
        """The text embedded for candidate search: event, question and what YES means."""
        parts = []
        if self.event_title and self.event_title.strip() != self.title.strip():
            parts.append(self.event_title.strip())
        parts.append(self.title.strip())
        if self.subtitle:
            parts.append(self.subtitle.strip())
        if self.has_named_outcomes:
            parts.append(f"{self.outcome_label.strip()} vs {self.no_outcome_label.strip()}")
        return " | ".join(p for p in parts if p)


@dataclass(frozen=True, slots=True)
class Finding:
    """One guard's explained result."""

    guard: str
    level: Level
    message: str

    def to_json(self) -> dict[str, str]:
        return {"guard": self.guard, "level": self.level, "message": self.message}


@dataclass(frozen=True, slots=True)
class Verdict:
    """What the guards concluded about a pair (A, B).

    `relation` is identical / a_implies_b / b_implies_a / related / different; `orientation` is
    "same" (A-YES settles like B-YES) or "inverted" (A-YES settles like B-NO). `proposable` is
    true only when no guard failed.
    """

    relation: str
    orientation: str
    confidence: float
    findings: tuple[Finding, ...] = field(default_factory=tuple)

    @property
    def proposable(self) -> bool:
        return self.relation == "identical" and not any(f.level == "fail" for f in self.findings)

    def findings_json(self) -> list[dict[str, str]]:
        return [f.to_json() for f in self.findings]


@dataclass(frozen=True, slots=True)
class Proposal:
    """A candidate pair that cleared the guards, with its embedding similarity."""

    key_a: str
    key_b: str
    similarity: float
    verdict: Verdict
