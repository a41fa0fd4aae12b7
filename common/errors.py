"""Application errors raised by services; views turn them into messages or JSON."""

from typing import Any


class ApplicationError(Exception):
    """A request that cannot be carried out, with a message fit for the user."""

    def __init__(self, message: str, *, extra: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.extra = extra or {}
