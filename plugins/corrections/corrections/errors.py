"""What a user can get wrong in the corrections module (社区矫正业务中的用户错误).

Each error carries a Chinese ``message`` (``str(error)``); its English comes from the
plugin's catalogue (domain ``corrections``), or from ``message_en`` where a raise site gives
one. Messages are written in Chinese and marked with ``N_()``; one with data in it is a
:class:`Message`: a marked template with named placeholders and its values, translated
first and filled in after. Pages turn errors into a 4xx answer in one place
(:mod:`corrections.pages.common`), keeping what the user typed.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from core.api import translate

__all__ = [
    "DOMAIN",
    "CorrectionsError",
    "IllegalTransition",
    "InvalidInput",
    "Message",
    "localized",
    "localized_errors",
]

DOMAIN = "corrections"


class Message(str):
    """A Chinese message made from a marked template and its values.

    The string itself is the Chinese text (so it compares, joins and shows as before);
    :meth:`localized` translates the template, then fills in the values. A value that is
    itself a :class:`Message` is translated too, a code (``StrEnum``) shows its label and a
    tuple of them is listed.
    """

    template: str
    params: dict[str, Any]

    def __new__(cls, template: str, **params: Any) -> Message:
        text = template.format(**{k: _value(v, "zh") for k, v in params.items()})
        made = super().__new__(cls, text)
        made.template = template
        made.params = params
        return made

    def localized(self, locale: str) -> str:
        if locale == "zh":
            return str(self)
        text = translate(self.template, locale, DOMAIN)
        try:
            return text.format(**{k: _value(v, locale) for k, v in self.params.items()})
        except (KeyError, IndexError, ValueError):  # a broken translation: the Chinese shows
            return str(self)


def _value(value: Any, locale: str) -> Any:
    if isinstance(value, Message):
        return value.localized(locale)
    if isinstance(value, tuple | list):  # reasons named in one message: 、 in Chinese
        return ("、" if locale == "zh" else ", ").join(str(_value(v, locale)) for v in value)
    if isinstance(value, StrEnum):
        from corrections.codes import label

        return label(value, locale)
    return value


def localized(text: str, locale: str) -> str:
    """A message (marked literal or :class:`Message`) in *locale*."""
    if isinstance(text, Message):
        return text.localized(locale)
    return str(text) if locale == "zh" else translate(str(text), locale, DOMAIN)


def localized_errors(errors: Mapping[str, str], locale: str) -> dict[str, str]:
    """Field errors (each a marked literal or a :class:`Message`) in *locale*."""
    return {field: localized(text, locale) for field, text in errors.items()}


class CorrectionsError(Exception):
    """Base of every corrections error a user can cause (answered with 400)."""

    def __init__(self, message: str, message_en: str = "") -> None:
        self.message = message
        #: The English a raise site gave; empty when it comes from the catalogue.
        self.explicit_en = message_en
        super().__init__(message)

    @property
    def message_en(self) -> str:
        return self.localized("en")

    def __str__(self) -> str:
        return str(self.message)

    def localized(self, locale: str) -> str:
        if locale == "en" and self.explicit_en:
            return self.explicit_en
        return localized(self.message, locale)


class InvalidInput(CorrectionsError, ValueError):
    """A form that cannot be saved: ``errors`` maps each field to its Chinese message (422);
    :meth:`field_errors` gives them in the user's language."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        self.errors = dict(errors)
        super().__init__("；".join(self.errors.values()))

    def field_errors(self, locale: str) -> dict[str, str]:
        return localized_errors(self.errors, locale)

    def localized(self, locale: str) -> str:
        if locale == "zh":
            return str(self.message)
        return "; ".join(self.field_errors(locale).values())


class IllegalTransition(CorrectionsError):
    """An action the subject's (or record's) current state does not allow (400)."""
