"""Log formatting: one record, one line, whatever text a user put in it."""

from __future__ import annotations

import logging
import re

# C0 controls (newline, carriage return, escape, ...), DEL and C1 controls.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def escape_control(text: str) -> str:
    """Control characters as visible escapes: "a\\nb" -> "a\\\\nb" (newline becomes backslash-n)."""
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), text)


class SafeFormatter(logging.Formatter):
    """A Formatter that escapes control characters in the message.

    Messages carry user text (a kill switch reason, a venue's error, a market title): a
    newline in it would start a forged log line, an escape sequence would repaint a terminal.
    Only the message is escaped; a traceback the record carries keeps its lines.
    """

    def formatMessage(self, record: logging.LogRecord) -> str:  # noqa: N802 - logging's name
        record.message = escape_control(record.message)
        return super().formatMessage(record)
