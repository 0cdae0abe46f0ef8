"""The clinic module's user errors: each carries a Chinese message for the page.

Messages are written in Chinese and marked ``N_()``; their English comes from the plugin's
catalogue (domain ``clinic``) when the page is shown, or from the English a raise site gives.
A message with data in it is a :class:`Message` (the core's, naming this catalogue): its
marked template and values, translated first and filled in after.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from core.api import Message as CoreMessage
from core.api import UserError, localize

__all__ = ["DOMAIN", "ClinicError", "Conflict", "InvalidInput", "Joined", "Message", "localized"]

DOMAIN = "clinic"


class Message(CoreMessage):
    domain = DOMAIN


class Joined(str):
    """Several messages shown as one: joined with "；" in Chinese (the text it *is*), with
    "; " in other languages, each part translated first."""

    parts: tuple[str, ...]

    def __new__(cls, parts: Iterable[str]) -> Joined:
        items = tuple(parts)
        made = super().__new__(cls, "；".join(items))
        made.parts = items
        return made

    def localized(self, locale: str) -> str:
        if locale == "zh":
            return str(self)
        return "; ".join(localized(part, locale) for part in self.parts)


def localized(text: str, locale: str) -> str:
    """A marked message (or :class:`Message`, or :class:`Joined` ones) in *locale*."""
    if isinstance(text, Joined):
        return text.localized(locale)
    return localize(text, locale, DOMAIN)


class ClinicError(UserError):
    """Something a user asked that the rules do not allow; the page shows ``message``."""

    domain = DOMAIN


class InvalidInput(ClinicError):
    """Form fields that are wrong: ``errors`` maps a field to its Chinese message;
    :meth:`field_errors` gives them in the reader's language."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        super().__init__("请按提示修改后重新提交", "Please correct the marked fields")
        self.errors = dict(errors)

    def field_errors(self, locale: str) -> dict[str, str]:
        return self.localized_map(self.errors, locale)


class Conflict(ClinicError):
    """A rota change that would clash (two places at once, a holiday, a day off …)."""

    def __init__(self, reasons: list[str]) -> None:
        super().__init__("；".join(reasons), "The change clashes with the rota")
        self.reasons = reasons

    def localized_reasons(self, locale: str) -> list[str]:
        return [localized(reason, locale) for reason in self.reasons]
