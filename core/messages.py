"""Messages a user is shown, written in Chinese and translated where they are shown.

A plugin's services raise errors long before anyone knows the reader's language, and many
messages carry data ("张三本月已排4次"): formatting first would leave nothing a catalogue can
look up. :class:`Message` keeps the marked template and its values; it *is* the Chinese text
(so it compares, joins, logs and is tested as before) and :meth:`Message.localized` translates
the template, then fills it in. :class:`UserError` carries such a message, with an optional
English text given where it is raised. A plugin subclasses both once, naming its catalogue::

    class Message(core.api.Message):
        domain = "clinic"

    class ClinicError(core.api.UserError):
        domain = "clinic"

    raise ClinicError(Message(N_("{name}本月已排{count}次，达到每月上限"), name=..., count=4))
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from core.i18n import SOURCE_LOCALE, translate

__all__ = ["Message", "UserError", "localize"]


class Message(str):
    """Chinese text made from a marked template (``N_()``) and named values.

    A value that is itself a message (or anything with ``localized(locale)``) is shown in the
    reader's language; a tuple or list of them is joined (``separators``); anything else
    is shown as it is (names, numbers, dates: data, never translated).
    """

    domain: ClassVar[str | None] = None
    #: How several values in one placeholder are joined: in Chinese, in other languages.
    separators: ClassVar[tuple[str, str]] = ("、", ", ")
    template: str
    params: dict[str, Any]

    def __new__(cls, template: str, **params: Any) -> Message:
        shown = {k: cls.shown(v, SOURCE_LOCALE) for k, v in params.items()}
        made = super().__new__(cls, template.format(**shown))
        made.template = template
        made.params = params
        return made

    @classmethod
    def shown(cls, value: Any, locale: str) -> Any:
        """One value as the message shows it in *locale* (a plugin may add its own kinds)."""
        if hasattr(value, "localized"):
            return value.localized(locale)
        if isinstance(value, tuple | list):
            separator = cls.separators[0 if locale == SOURCE_LOCALE else 1]
            return separator.join(str(cls.shown(v, locale)) for v in value)
        return value

    def localized(self, locale: str) -> str:
        if locale == SOURCE_LOCALE:
            return str(self)
        values = {k: self.shown(v, locale) for k, v in self.params.items()}
        try:
            return translate(self.template, locale, self.domain).format(**values)
        except (KeyError, IndexError, ValueError):  # a broken translation: the Chinese shows
            return str(self)


def localize(text: str, locale: str, domain: str | None = None) -> str:
    """A marked message (plain marked text or a :class:`Message`) in *locale*."""
    if isinstance(text, Message):
        return text.localized(locale)
    return translate(str(text), locale, domain)


class UserError(Exception):
    """Something a user asked that the rules refuse, with a message for the page.

    ``message`` is the Chinese text (also ``str(error)``); :meth:`localized` gives it in the
    reader's language: the English given at the raise site if any, else the catalogue's.
    """

    domain: ClassVar[str | None] = None

    def __init__(self, message: str, message_en: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.explicit_en = message_en

    def __str__(self) -> str:
        return str(self.message)

    @property
    def message_en(self) -> str:
        return self.localized("en")

    def localized(self, locale: str) -> str:
        if locale == "en" and self.explicit_en:
            return self.explicit_en
        return localize(self.message, locale, self.domain)

    def localized_map(self, messages: Mapping[str, str], locale: str) -> dict[str, str]:
        """Field messages (field -> marked message) in *locale*."""
        return {field: localize(text, locale, self.domain) for field, text in messages.items()}
