"""What a user can get wrong in legal aid (法律援助业务中的用户错误).

Every error has a Chinese ``message`` and an English ``message_en``; pages turn them into a
4xx answer in one place (:func:`legal_aid.pages.common.error_context`) keeping the input.
"""

from __future__ import annotations

__all__ = ["IllegalTransition", "InvalidInput", "LegalAidError", "NotEligible"]


class LegalAidError(Exception):
    def __init__(self, message: str, message_en: str) -> None:
        self.message = message
        self.message_en = message_en
        super().__init__(message)

    def __str__(self) -> str:
        return self.message

    def localized(self, locale: str) -> str:
        return self.message_en if locale == "en" else self.message


class InvalidInput(LegalAidError, ValueError):
    """A form that cannot be saved; ``errors`` maps each field to its message."""

    def __init__(self, errors: dict[str, tuple[str, str]]) -> None:
        self.errors = {field: zh for field, (zh, _en) in errors.items()}
        self.errors_en = {field: en for field, (_zh, en) in errors.items()}
        super().__init__("；".join(self.errors.values()), "; ".join(self.errors_en.values()))

    def field_errors(self, locale: str) -> dict[str, str]:
        return dict(self.errors_en if locale == "en" else self.errors)


class IllegalTransition(LegalAidError):
    """An action the case's state does not allow."""


class NotEligible(LegalAidError):
    """The chosen person may not take this case (e.g. art. 26: < 3 years for life or death)."""
