"""Reading form values into Python values, collecting every problem of one form at once."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from enum import StrEnum
from typing import Any, TypeVar

from core.api import clean_free_text
from legal_aid.errors import InvalidInput

__all__ = ["Form", "clean_text"]

E = TypeVar("E", bound=StrEnum)


def clean_text(value: Any) -> str:
    """Form text as typed (Chinese punctuation kept), trimmed: see
    :func:`core.api.clean_free_text`."""
    if value is None or not isinstance(value, str | int):
        return ""
    return clean_free_text(value)


class Form:
    """One submitted form: typed getters that record an error instead of raising."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.data = data
        self.errors: dict[str, tuple[str, str]] = {}

    def error(self, field: str, zh: str, en: str) -> None:
        self.errors.setdefault(field, (zh, en))

    def check(self) -> None:
        if self.errors:
            raise InvalidInput(dict(self.errors))

    def text(
        self, field: str, label: tuple[str, str], *, required: bool = False, limit: int = 200
    ) -> str | None:
        value = clean_text(self.data.get(field))
        if not value:
            if required:
                self.error(field, f"请填写{label[0]}", f"Please enter the {label[1]}")
            return None
        if len(value) > limit:
            self.error(
                field, f"{label[0]}不能超过{limit}个字", f"{label[1]}: at most {limit} characters"
            )
            return None
        return value

    def choice(
        self, field: str, enum: type[E], label: tuple[str, str], *, required: bool = True
    ) -> E | None:
        raw = clean_text(self.data.get(field))
        if not raw:
            if required:
                self.error(field, f"请选择{label[0]}", f"Please choose the {label[1]}")
            return None
        try:
            return enum(raw)
        except ValueError:
            self.error(field, f"{label[0]}无效", f"Unknown {label[1]}")
            return None

    def day(
        self,
        field: str,
        label: tuple[str, str],
        *,
        required: bool = True,
        not_after: date | None = None,
        not_before: date | None = None,
    ) -> date | None:
        raw = clean_text(self.data.get(field))
        if not raw:
            if required:
                self.error(field, f"请填写{label[0]}", f"Please enter the {label[1]}")
            return None
        try:
            value = date.fromisoformat(raw)
        except ValueError:
            self.error(field, f"{label[0]}不是有效日期", f"{label[1]} is not a valid date")
            return None
        if not_after is not None and value > not_after:
            self.error(field, f"{label[0]}不能晚于今天", f"{label[1]} cannot be in the future")
            return None
        if not_before is not None and value < not_before:
            self.error(
                field,
                f"{label[0]}不能早于{not_before.isoformat()}",
                f"{label[1]} cannot be before {not_before.isoformat()}",
            )
            return None
        return value

    def integer(
        self, field: str, label: tuple[str, str], *, low: int = 0, high: int = 100, default=None
    ) -> int | None:
        raw = clean_text(self.data.get(field))
        if not raw:
            if default is None:
                self.error(field, f"请填写{label[0]}", f"Please enter the {label[1]}")
            return default
        try:
            value = int(raw)
        except ValueError:
            self.error(field, f"{label[0]}须为整数", f"{label[1]} must be a whole number")
            return None
        if not low <= value <= high:
            self.error(field, f"{label[0]}须在{low}到{high}之间", f"{label[1]}: {low} to {high}")
            return None
        return value

    def flag(self, field: str) -> bool:
        return clean_text(self.data.get(field)) in {"1", "on", "true", "yes"}
