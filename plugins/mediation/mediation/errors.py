"""What a user can get wrong in the mediation module (调解业务中的用户错误).

Every error carries a Simplified Chinese ``message`` for the user and ``message_en`` for the
English locale; ``str(error)`` is the Chinese message. Pages turn them into a 4xx answer in
one place (:mod:`mediation.pages.common`): a form error (400/422) keeps the user's input.
"""

from __future__ import annotations

__all__ = [
    "IllegalTransition",
    "InvalidInput",
    "MediationError",
]


class MediationError(Exception):
    """Base of every mediation error a user can cause."""

    def __init__(self, message: str, message_en: str) -> None:
        self.message = message
        self.message_en = message_en
        super().__init__(message)

    def __str__(self) -> str:
        return self.message

    def localized(self, locale: str) -> str:
        return self.message_en if locale == "en" else self.message


class InvalidInput(MediationError, ValueError):
    """A form that cannot be saved: ``errors`` maps each field to its Chinese message.

    All problems of one form are reported together, next to their fields.
    """

    def __init__(self, errors: dict[str, tuple[str, str]]) -> None:
        self.errors = {field: zh for field, (zh, _en) in errors.items()}
        self.errors_en = {field: en for field, (_zh, en) in errors.items()}
        super().__init__("；".join(self.errors.values()), "; ".join(self.errors_en.values()))

    def field_errors(self, locale: str) -> dict[str, str]:
        return dict(self.errors_en if locale == "en" else self.errors)


class IllegalTransition(MediationError):
    """An action the case's current state does not allow (案件状态不允许此操作).

    ``missing`` lists what must be done first, when that is the reason (e.g. the documents
    a case file still lacks before it can be archived).
    """

    def __init__(
        self, message: str, message_en: str, *, missing: tuple[tuple[str, str], ...] = ()
    ) -> None:
        self.missing = missing
        super().__init__(message, message_en)
