"""Errors a user can cause, each with a message for the page (Chinese first).

Messages are written in Chinese and marked ``N_()``; their English comes from the plugin's
catalogue (domain ``publicity``) when the page is shown, or from the English a raise site
gives. A message with data in it is a :class:`Message` (the core's, naming this catalogue):
its marked template and values, translated first and filled in after.
"""

from __future__ import annotations

from collections.abc import Mapping

from core.api import Message as CoreMessage
from core.api import UserError, localize

__all__ = [
    "DOMAIN",
    "InvalidInput",
    "Message",
    "PublicityError",
    "joined",
    "localized",
    "marked",
]

DOMAIN = "publicity"


class Message(CoreMessage):
    """A publicity message; several messages in one value are joined with "；"."""

    domain = DOMAIN
    separators = ("；", "; ")


def marked(text: str) -> Message:
    """Marked text (e.g. a field's name) as a value that is translated where it is shown."""
    return text if isinstance(text, Message) else Message(text)


def joined(messages: list[str]) -> Message:
    """Several messages shown as one (e.g. one per refused photo), each translated."""
    return Message("{messages}", messages=tuple(marked(m) for m in messages))


def localized(text: str, locale: str) -> str:
    """A marked message (or :class:`Message`) in *locale*."""
    return localize(text, locale, DOMAIN)


class PublicityError(UserError):
    """A refused action (wrong state, duplicate …): answered with 409 and the message."""

    domain = DOMAIN


class InvalidInput(PublicityError):
    """Field errors of one form: ``errors`` maps a field to its Chinese message;
    :meth:`field_errors` gives them in the reader's language."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        super().__init__("；".join(errors.values()))
        self.errors = dict(errors)

    def field_errors(self, locale: str) -> dict[str, str]:
        return self.localized_map(self.errors, locale)

    def localized(self, locale: str) -> str:
        if locale == "zh":
            return str(self.message)
        return "; ".join(self.field_errors(locale).values())
