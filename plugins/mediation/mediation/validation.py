"""Reading form values into clean Python values, collecting every problem of one form.

Services receive what the user typed (strings) and call these; a :class:`Form` gathers the
field errors so that a page can show all of them next to their fields at once
(:class:`~mediation.errors.InvalidInput`).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any, TypeVar

from core.api import clean_free_text
from mediation.errors import InvalidInput

__all__ = ["Form", "clean_text"]

E = TypeVar("E", bound=StrEnum)
MAX_AMOUNT = Decimal("999999999999.99")


def clean_text(value: Any) -> str:
    """Form text as typed (Chinese punctuation kept), trimmed, lines kept: see
    :func:`core.api.clean_free_text`."""
    return clean_free_text(value)


class Form:
    """One submitted form: typed getters that record an error instead of raising."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.data = data
        self.errors: dict[str, tuple[str, str]] = {}

    def error(self, field: str, zh: str, en: str) -> None:
        self.errors.setdefault(field, (zh, en))

    def check(self) -> None:
        """Raise :class:`InvalidInput` with every error collected so far."""
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
                field,
                f"{label[0]}不能超过{limit}个字",
                f"The {label[1]} must be at most {limit} characters",
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
        required: bool = False,
        not_after: date | None = None,
        not_before: date | None = None,
        not_before_label: tuple[str, str] | None = None,
    ) -> date | None:
        raw = clean_text(self.data.get(field))
        if isinstance(self.data.get(field), date):
            value: date | None = self.data[field]
        elif not raw:
            if required:
                self.error(field, f"请填写{label[0]}", f"Please enter the {label[1]}")
            return None
        else:
            try:
                value = date.fromisoformat(raw.replace("/", "-"))
            except ValueError:
                self.error(
                    field,
                    f"{label[0]}格式不正确，应为 年-月-日（如 2026-03-07）",
                    f"The {label[1]} must be written year-month-day (e.g. 2026-03-07)",
                )
                return None
        assert value is not None
        if not_after is not None and value > not_after:
            self.error(field, f"{label[0]}不能晚于今天", f"The {label[1]} cannot be in the future")
            return None
        if not_before is not None and value < not_before:
            what = not_before_label or ("开始日期", "start date")
            self.error(
                field,
                f"{label[0]}不能早于{what[0]}（{not_before.isoformat()}）",
                f"The {label[1]} cannot be before the {what[1]} ({not_before.isoformat()})",
            )
            return None
        return value

    def amount(self, field: str, label: tuple[str, str]) -> Decimal | None:
        """A sum of money in yuan (two decimals), not negative; blank means none."""
        raw = clean_text(self.data.get(field)).replace(",", "").replace("，", "")
        if not raw:
            return None
        try:
            value = Decimal(raw)
        except InvalidOperation:
            self.error(field, f"{label[0]}应为数字（元）", f"The {label[1]} must be a number")
            return None
        if not value.is_finite() or value < 0 or value > MAX_AMOUNT:
            self.error(field, f"{label[0]}超出范围", f"The {label[1]} is out of range")
            return None
        if value != value.quantize(Decimal("0.01")):
            self.error(
                field, f"{label[0]}最多保留两位小数", f"The {label[1]} has too many decimals"
            )
            return None
        return value.quantize(Decimal("0.01"))

    def integer(
        self,
        field: str,
        label: tuple[str, str],
        *,
        required: bool = False,
        minimum: int | None = None,
        maximum: int | None = None,
    ) -> int | None:
        raw = clean_text(self.data.get(field))
        if not raw:
            if required:
                self.error(field, f"请填写{label[0]}", f"Please enter the {label[1]}")
            return None
        try:
            value = int(raw)
        except ValueError:
            self.error(field, f"{label[0]}应为整数", f"The {label[1]} must be a whole number")
            return None
        if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
            low = "" if minimum is None else str(minimum)
            high = "" if maximum is None else str(maximum)
            self.error(
                field,
                f"{label[0]}应在 {low}–{high} 之间",
                f"The {label[1]} must be between {low} and {high}",
            )
            return None
        return value

    def flag(self, field: str) -> bool:
        return clean_text(self.data.get(field)).lower() in ("1", "on", "true", "yes")

    def many(self, field: str, enum: type[E]) -> list[E]:
        """Several values of one list: a sequence, or text separated by commas."""
        raw = self.data.get(field)
        items = raw if isinstance(raw, list | tuple) else clean_text(raw).split(",")
        out: list[E] = []
        for item in items:
            text = clean_text(item)
            if not text:
                continue
            try:
                member = enum(text)
            except ValueError:
                continue
            if member not in out:
                out.append(member)
        return out

    def many_ints(self, field: str) -> list[int]:
        """Several ids (checkboxes sharing a name, or text separated by commas), in order."""
        raw = self.data.get(field)
        items = raw if isinstance(raw, list | tuple) else clean_text(raw).split(",")
        out: list[int] = []
        for item in items:
            try:
                value = int(clean_text(item))
            except ValueError:
                continue
            if value not in out:
                out.append(value)
        return out
