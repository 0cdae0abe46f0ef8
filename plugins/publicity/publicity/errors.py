"""Errors a user can cause, each with a message for the page (Chinese first).

Messages are written in Chinese and marked ``N_()``; their English comes from the plugin's
catalogue (domain ``publicity``) when the page is shown, or from the English a raise site
gives. A message with data in it is a :class:`Message`: its marked template and values,
translated first and filled in after (a value that is itself marked text is translated too).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from core.api import translate

__all__ = ["DOMAIN", "InvalidInput", "Message", "PublicityError", "joined", "localized"]

DOMAIN = "publicity"


class Message(str):
    """A Chinese message made from a marked template and its values; compares and shows as
    the Chinese text, :meth:`localized` gives it in another language."""

    template: str
    params: dict[str, Any]

    def __new__(cls, template: str, **params: Any) -> Message:
        made = super().__new__(
            cls, template.format(**{k: _value(v, "zh") for k, v in params.items()})
        )
        made.template = template
        made.params = params
        return made

    def localized(self, locale: str) -> str:
        if locale == "zh":
            return str(self)
        values = {k: _value(v, locale) for k, v in self.params.items()}
        try:
            return translate(self.template, locale, DOMAIN).format(**values)
        except (KeyError, IndexError, ValueError):  # a broken translation: the Chinese shows
            return str(self)


def _value(value: Any, locale: str) -> Any:
    if isinstance(value, str):
        return localized(value, locale)
    if isinstance(value, tuple):  # several messages in one: joined as the language joins them
        return ("；" if locale == "zh" else "; ").join(localized(v, locale) for v in value)
    return value


def joined(messages: list[str]) -> Message:
    """Several messages shown as one (e.g. one line per refused photo)."""
    return Message("{messages}", messages=tuple(messages))


def localized(text: str, locale: str) -> str:
    """A marked message (or :class:`Message`) in *locale*."""
    if isinstance(text, Message):
        return text.localized(locale)
    return translate(str(text), locale, DOMAIN)


class PublicityError(Exception):
    """A refused action (wrong state, duplicate …): answered with 409 and the message."""

    def __init__(self, zh: str, en: str = "") -> None:
        super().__init__(zh)
        self.message = zh
        self.explicit_en = en

    @property
    def message_en(self) -> str:
        return self.localized("en")

    def localized(self, locale: str) -> str:
        if locale == "en" and self.explicit_en:
            return self.explicit_en
        return localized(self.message, locale)


class InvalidInput(PublicityError):
    """Field errors of one form: ``errors`` maps a field to its Chinese message;
    :meth:`field_errors` gives them in the reader's language."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        super().__init__("；".join(errors.values()))
        self.errors = dict(errors)

    def field_errors(self, locale: str) -> dict[str, str]:
        return {field: localized(text, locale) for field, text in self.errors.items()}

    def localized(self, locale: str) -> str:
        if locale == "zh":
            return str(self.message)
        return "; ".join(self.field_errors(locale).values())
