"""Command-line argument types shared by the replay commands."""

from __future__ import annotations

import argparse
from datetime import datetime


def iso_time(value: str) -> datetime:
    """An ISO 8601 time with a timezone ("Z" or an offset): naive times are ambiguous."""
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an ISO 8601 time: {value!r}") from None
    if moment.tzinfo is None:
        raise argparse.ArgumentTypeError(f"give a timezone, e.g. {value}Z")
    return moment
