"""The clinic module's user errors: each carries a Chinese message for the page.

Messages are written in Chinese and marked ``N_()``; their English comes from the plugin's
catalogue (domain ``clinic``) when the page is shown, or from the English a raise site gives.
A message with data in it is a :class:`Message`: its marked template and values, translated
first and filled in after.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from core.api import translate

__all__ = ["DOMAIN", "ClinicError", "Conflict", "InvalidInput", "Message", "localized"]

DOMAIN = "clinic"


class Message(str):
    """A Chinese message made from a marked template and its values; compares and shows as
    the Chinese text, :meth:`localized` gives it in another language."""

    template: str
    params: dict[str, Any]

    def __new__(cls, template: str, **params: Any) -> Message:
        made = super().__new__(cls, template.format(**params))
        made.template = template
        made.params = params
        return made

    def localized(self, locale: str) -> str:
        if locale == "zh":
            return str(self)
        values = {
            k: v.localized(locale) if isinstance(v, Message) else v for k, v in self.params.items()
        }
        try:
            return translate(self.template, locale, DOMAIN).format(**values)
        except (KeyError, IndexError, ValueError):  # a broken translation: the Chinese shows
            return str(self)


def localized(text: str, locale: str) -> str:
    """A marked message (or :class:`Message`) in *locale*."""
    if isinstance(text, Message):
        return text.localized(locale)
    return translate(str(text), locale, DOMAIN)


class ClinicError(Exception):
    """Something a user asked that the rules do not allow; the page shows ``message``."""

    def __init__(self, message: str, message_en: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.explicit_en = message_en

    @property
    def message_en(self) -> str:
        return self.localized("en")

    def localized(self, locale: str) -> str:
        if locale == "en" and self.explicit_en:
            return self.explicit_en
        return localized(self.message, locale)


class InvalidInput(ClinicError):
    """Form fields that are wrong: ``errors`` maps a field to its Chinese message;
    :meth:`field_errors` gives them in the reader's language."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        super().__init__("请按提示修改后重新提交", "Please correct the marked fields")
        self.errors = dict(errors)

    def field_errors(self, locale: str) -> dict[str, str]:
        return {field: localized(text, locale) for field, text in self.errors.items()}


class Conflict(ClinicError):
    """A rota change that would clash (two places at once, a holiday, a day off …)."""

    def __init__(self, reasons: list[str]) -> None:
        super().__init__("；".join(reasons), "The change clashes with the rota")
        self.reasons = reasons

    def localized_reasons(self, locale: str) -> list[str]:
        return [localized(reason, locale) for reason in self.reasons]
