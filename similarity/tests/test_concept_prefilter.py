"""The literal prefilter of concept extraction only skips groups that cannot match: on every text
of the labelled sets it finds exactly what running every group's pattern finds."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from similarity.matching import extract

DATA = Path(extract.__file__).resolve().parent.parent / "data"


def _strings(node: Any) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [s for v in node.values() for s in _strings(v)]
    if isinstance(node, list):
        return [s for v in node for s in _strings(v)]
    return []


def _every_group(text: str) -> dict[str, frozenset[str]]:
    """Concept extraction without the prefilter (the definition it must agree with)."""
    out: dict[str, frozenset[str]] = {}
    for group, members in extract._CONCEPT_RX.items():
        if not extract._GROUP_RX[group].search(text):
            continue
        rest, found = text, set()
        for name, rx in members:
            if rx.search(rest):
                found.add(name)
                rest = rx.sub(" ", rest)
        if found:
            out[group] = frozenset(found)
    return out


def test_prefilter_finds_what_every_pattern_finds_on_the_labelled_texts():
    texts = {
        s for path in (DATA / "conventions_tune" / "kalshi.json", DATA / "conventions_tune" / "polymarket.json",
                       DATA / "K.json", DATA / "P.json")
        for s in _strings(json.loads(path.read_text()))
    }
    texts |= {t.upper() for t in list(texts)[:2000]} | {
        "Will the Fed CUT rates?", "Élodie wins the TITLE", "Core CPI y/y above 3%?", "PRA over 30.5",
        "Kelvin \u212a-pop", "total points o/u 210.5", "Will Tesla deliver 500k cars?",
    }
    assert len(texts) > 1000
    named = 0
    for text in texts:
        expected = _every_group(text)
        assert extract.extract_concepts(text) == expected, text
        named += bool(expected)
    assert named > 100  # the texts exercise the groups, not only the skips


def test_every_group_has_literals_or_is_always_searched():
    assert set(extract._GROUP_LITERALS) == set(extract.CONCEPT_GROUPS)
    filtered = [g for g, lits in extract._GROUP_LITERALS.items() if lits is not None]
    assert len(filtered) >= len(extract.CONCEPT_GROUPS) - 2
    assert all(lit and lit == lit.lower() and lit.isascii() for g in filtered for lit in extract._GROUP_LITERALS[g])
