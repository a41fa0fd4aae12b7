"""Pure market matching (no Django): facts, guards, candidate search, pipeline."""

from similarity.matching.guards import judge
from similarity.matching.pipeline import match
from similarity.matching.types import Finding, MarketView, Proposal, Verdict

__all__ = ["Finding", "MarketView", "Proposal", "Verdict", "judge", "match"]
