"""Reading submitted form values into clean Python values, collecting every problem at once."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from enum import StrEnum
from typing import Any

from core.api import N_, clean_free_text, current_locale
from publicity.codes import label
from publicity.errors import InvalidInput, Message, marked

__all__ = ["Form", "clean"]


def clean(value: Any) -> str:
    """Form text as typed (Chinese punctuation kept), trimmed: see
    :func:`core.api.clean_free_text`."""
    return clean_free_text(value)


class Form:
    """One submitted form: typed getters that record an error instead of raising (in Chinese,
    marked for translation: *name* arguments are marked text too)."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.data = data
        self.errors: dict[str, str] = {}

    def error(self, field: str, message: str) -> None:
        self.errors.setdefault(field, message)

    def check(self) -> None:
        if self.errors:
            raise InvalidInput(dict(self.errors))

    def text(self, field: str, name: str, *, required: bool = False, limit: int = 200) -> str:
        value = clean(self.data.get(field))
        if not value and required:
            self.error(field, Message(N_("请填写{name}"), name=marked(name)))
        elif len(value) > limit:
            self.error(
                field, Message(N_("{name}不能超过{limit}个字"), name=marked(name), limit=limit)
            )
            return value[:limit]
        return value

    def integer(
        self,
        field: str,
        name: str,
        *,
        minimum: int = 0,
        maximum: int = 10_000_000,
        required: bool = False,
    ) -> int | None:
        raw = clean(self.data.get(field))
        if not raw:
            if required:
                self.error(field, Message(N_("请填写{name}"), name=marked(name)))
            return None
        try:
            value = int(raw)
        except ValueError:
            self.error(field, Message(N_("{name}须为整数"), name=marked(name)))
            return None
        if not minimum <= value <= maximum:
            self.error(
                field,
                Message(
                    N_("{name}须在 {minimum} 到 {maximum} 之间"),
                    name=marked(name),
                    minimum=minimum,
                    maximum=maximum,
                ),
            )
            return None
        return value

    def number(self, field: str, name: str, *, maximum: float = 1000) -> float | None:
        raw = clean(self.data.get(field))
        if not raw:
            return None
        try:
            value = float(raw)
        except ValueError:
            self.error(field, Message(N_("{name}须为数字"), name=marked(name)))
            return None
        if not 0 <= value <= maximum:
            self.error(
                field,
                Message(N_("{name}须在 0 到 {maximum:g} 之间"), name=marked(name), maximum=maximum),
            )
            return None
        return value

    def day(self, field: str, name: str, *, required: bool = True) -> date | None:
        raw = clean(self.data.get(field))
        if not raw:
            if required:
                self.error(field, Message(N_("请填写{name}"), name=marked(name)))
            return None
        try:
            return date.fromisoformat(raw)
        except ValueError:
            self.error(field, Message(N_("{name}不是有效日期，例如 2026-12-04"), name=marked(name)))
            return None

    def choice(self, field: str, enum: type[StrEnum], name: str) -> str | None:
        raw = clean(self.data.get(field))
        if not raw:
            self.error(field, Message(N_("请选择{name}"), name=marked(name)))
            return None
        try:
            return enum(raw).value
        except ValueError:
            self.error(field, Message(N_("{name}无效"), name=marked(name)))
            return None

    def flag(self, field: str) -> bool:
        return clean(self.data.get(field)) in {"1", "on", "true", "yes"}


def options(enum: type[StrEnum]) -> list[tuple[str, str]]:
    """``(code, label)`` pairs for a select, labelled in the request's language."""
    locale = current_locale()
    return [(m.value, label(m.value, locale)) for m in enum]
