"""What a user can get wrong in the corrections module (社区矫正业务中的用户错误).

Each error carries a Chinese ``message`` (``str(error)``); its English comes from the
plugin's catalogue (domain ``corrections``), or from ``message_en`` where a raise site gives
one. Messages are written in Chinese and marked with ``N_()``; one with data in it is a
:class:`Message` (the core's, naming this catalogue): a marked template with named
placeholders and its values, translated first and filled in after. Pages turn errors into a
4xx answer in one place (:mod:`corrections.pages.common`), keeping what the user typed.
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum
from typing import Any

from core.api import Message as CoreMessage
from core.api import UserError, localize

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


class Message(CoreMessage):
    """A corrections message; a code (``StrEnum``) among its values shows its label."""

    domain = DOMAIN

    @classmethod
    def shown(cls, value: Any, locale: str) -> Any:
        if isinstance(value, StrEnum):
            from corrections.codes import label

            return label(value, locale)
        return super().shown(value, locale)


def localized(text: str, locale: str) -> str:
    """A message (marked literal or :class:`Message`) in *locale*."""
    return localize(text, locale, DOMAIN)


def localized_errors(errors: Mapping[str, str], locale: str) -> dict[str, str]:
    """Field errors (each a marked literal or a :class:`Message`) in *locale*."""
    return {field: localized(text, locale) for field, text in errors.items()}


class CorrectionsError(UserError):
    """Base of every corrections error a user can cause (answered with 400)."""

    domain = DOMAIN


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
