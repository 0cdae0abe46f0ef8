"""The clinic module's user errors: each carries a Chinese message (and English) for the page."""

from __future__ import annotations

__all__ = ["ClinicError", "Conflict", "InvalidInput"]


class ClinicError(Exception):
    """Something a user asked that the rules do not allow; the page shows ``message``."""

    def __init__(self, message: str, message_en: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.message_en = message_en or message

    def localized(self, locale: str) -> str:
        return self.message_en if locale == "en" else self.message


class InvalidInput(ClinicError):
    """Form fields that are wrong: ``errors`` maps a field to its Chinese message."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("请按提示修改后重新提交", "Please correct the marked fields")
        self.errors = errors


class Conflict(ClinicError):
    """A rota change that would clash (two places at once, a holiday, a day off …)."""

    def __init__(self, reasons: list[str]) -> None:
        super().__init__("；".join(reasons), "The change clashes with the rota")
        self.reasons = reasons
