"""Errors a user can cause, each with a message for the page (Chinese first)."""

from __future__ import annotations

__all__ = ["InvalidInput", "PublicityError"]


class PublicityError(Exception):
    """A refused action (wrong state, duplicate …): answered with 409 and the message."""

    def __init__(self, zh: str, en: str = "") -> None:
        super().__init__(zh)
        self.message = zh
        self.message_en = en or zh


class InvalidInput(PublicityError):
    """Field errors of one form: ``errors`` maps a field to its Chinese message."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("；".join(errors.values()))
        self.errors = errors
