"""A word-level diff of two texts as HTML, for the reviewer (admin review queue, pair page)."""

from __future__ import annotations

import difflib

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


def highlight_diff(a: str, b: str) -> tuple[SafeString, SafeString]:
    """Word-level diff of two rules texts as HTML: what differs is wrapped in <mark>."""
    wa, wb = a.split(), b.split()
    out_a: list[str] = []
    out_b: list[str] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=wa, b=wb, autojunk=False).get_opcodes():
        chunk_a = escape(" ".join(wa[i1:i2]))
        chunk_b = escape(" ".join(wb[j1:j2]))
        if op == "equal":
            out_a.append(chunk_a)
            out_b.append(chunk_b)
        else:
            if chunk_a:
                out_a.append(f"<mark>{chunk_a}</mark>")
            if chunk_b:
                out_b.append(f"<mark>{chunk_b}</mark>")
    return mark_safe(" ".join(out_a)), mark_safe(" ".join(out_b))  # noqa: S308 (escaped above)
