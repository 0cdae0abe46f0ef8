"""What a user can get wrong in the corrections module (社区矫正业务中的用户错误).

Each error carries a Chinese ``message`` and ``message_en``; pages turn them into a 4xx
answer in one place (:mod:`corrections.pages.common`), keeping what the user typed.
"""

from __future__ import annotations

__all__ = ["CorrectionsError", "IllegalTransition", "InvalidInput"]


class CorrectionsError(Exception):
    """Base of every corrections error a user can cause (answered with 400)."""

    def __init__(self, message: str, message_en: str = "") -> None:
        self.message = message
        self.message_en = message_en or message
        super().__init__(message)

    def __str__(self) -> str:
        return self.message

    def localized(self, locale: str) -> str:
        return self.message_en if locale == "en" else self.message


class InvalidInput(CorrectionsError, ValueError):
    """A form that cannot be saved: ``errors`` maps each field to its Chinese message (422)."""

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = dict(errors)
        super().__init__("；".join(self.errors.values()))


class IllegalTransition(CorrectionsError):
    """An action the subject's (or record's) current state does not allow (400)."""
