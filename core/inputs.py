"""The input boundary's rules (输入边界): what no form or query value may ever be.

Every form field and query parameter of every route — the core's and each plugin's — is
checked against these rules by :mod:`web.boundary` before a handler sees it, so a plugin
gets them without writing a line. They catch what the database or Python would otherwise
turn into a 500:

* control characters (NUL above all: PostgreSQL refuses it in text) — tab, CR and LF are
  text and stay;
* integers out of the column type's range in fields that name a record (``id``,
  ``*_id``, ``*_ids``, ``version``); a page number in a URL is capped to
  1…:attr:`Bounds.max_page` (:func:`capped_page`: the list shows its last page), one in a
  form beyond that is refused;
* dates that cannot be meant: before :attr:`Bounds.earliest` (1949-10-01, the founding of
  the People's Republic: no record of a judicial bureau is older; a birth date may go back
  to 1900) or more than :attr:`Bounds.future_years` ahead (the end of a term, an order or
  a validity: :attr:`Bounds.long_future_years`);
* values longer than :attr:`Bounds.max_chars`.

Free text is never normalised here (no NFKC: Chinese punctuation is kept as typed); a value
is either accepted unchanged or refused with the field named. Rules a field needs beyond
these (a registration date that may not lie in the future) stay with the service.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

__all__ = ["INT32_MAX", "Bounds", "capped_page", "check_value", "field_label", "path_int_ok"]

INT32_MAX = 2**31 - 1
# C0 controls except tab, LF and CR; DEL; the C1 block.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_INTEGER = re.compile(r"[+-]?\d+")
_ID_FIELD = re.compile(r"^(id|ids|version|.+_id|.+_ids)$")
_PAGE_FIELD = re.compile(r"^(page|.+_page)$")
_YEAR_FIELD = re.compile(r"^(year|.+_year)$")
_DATE = re.compile(r"^(\d{4,})-(\d{1,2})(?:-(\d{1,2}))?(?:[T ].*)?$")
_BIRTH_FIELD = re.compile(r"birth|born")
# The end of something long (a mediator's three-year term, a five-year correction order, a
# licence) lies years ahead; such a field may go as far as ``Bounds.long_future_years``.
_LONG_FUTURE_FIELD = re.compile(r"end|until|expire|term|valid")
EARLIEST_BIRTH = date(1900, 1, 1)


@dataclass(frozen=True)
class Bounds:
    """The limits; :class:`core.settings.Settings` carries the configured ones."""

    earliest: date = date(1949, 10, 1)
    future_years: int = 1
    max_page: int = 100_000
    max_chars: int = 100_000
    long_future_years: int = 10

    def latest(self, today: date, *, long: bool = False) -> date:
        years = self.long_future_years if long else self.future_years
        try:
            return today.replace(year=today.year + years)
        except ValueError:  # 29 February
            return today.replace(year=today.year + years, day=28)


def field_label(name: str) -> str:
    """The field as the message names it (``parties[0][name]`` stays recognisable)."""
    return name[:60]


def path_int_ok(value: int) -> bool:
    """An integer in a URL can name a record only within the id column's range."""
    return 0 <= value <= INT32_MAX


def capped_page(name: str, value: str, bounds: Bounds) -> str | None:
    """For a page-number query parameter out of range, the value to use instead; else None."""
    stripped = value.strip()
    if not _PAGE_FIELD.match(name.lower()) or not _INTEGER.fullmatch(stripped):
        return None
    if len(stripped) > 12 or int(stripped) > bounds.max_page:
        return str(bounds.max_page)
    return "1" if int(stripped) < 1 else None


def check_value(name: str, value: str, bounds: Bounds, today: date) -> tuple[str, str] | None:
    """What is wrong with one value, as (Chinese, English) messages naming the field; None if
    the boundary lets it through (the handler still validates its meaning)."""
    label = field_label(name)
    if len(value) > bounds.max_chars:
        return (
            f"“{label}”的内容过长（{len(value)} 字），不能超过 {bounds.max_chars} 字",
            f"“{label}” is too long ({len(value)} characters; at most {bounds.max_chars})",
        )
    if _CONTROL.search(value):
        return (
            f"“{label}”含有不可见的控制字符（如 NUL），请删除后重试",
            f"“{label}” contains invisible control characters (such as NUL); remove them",
        )
    key = name.rsplit("[", 1)[-1].rstrip("]").lower() if "[" in name else name.lower()
    stripped = value.strip()
    if _INTEGER.fullmatch(stripped):
        if _PAGE_FIELD.match(key):
            if len(stripped) > 12 or not 1 <= int(stripped) <= bounds.max_page:
                return (
                    f"页码“{label}”超出范围（1 至 {bounds.max_page}）",
                    f"The page number “{label}” is out of range (1 to {bounds.max_page})",
                )
        elif _ID_FIELD.match(key):
            if len(stripped) > 12 or not -INT32_MAX <= int(stripped) <= INT32_MAX:
                return (
                    f"“{label}”不是有效的编号",
                    f"“{label}” is not a valid number of a record",
                )
        elif _YEAR_FIELD.match(key) and (len(stripped) > 6 or not 1900 <= int(stripped) <= 2200):
            return (f"“{label}”不是有效的年份", f"“{label}” is not a valid year")
        return None
    match = _DATE.match(stripped)
    if match:
        year, month, day = int(match[1][:6]), int(match[2]), int(match[3] or 1)
        try:
            when = date(year, month, day)
        except ValueError:
            if len(match[1]) > 4 or year < 1:
                return (f"“{label}”不是有效的日期", f"“{label}” is not a valid date")
            return None  # 2026-02-30: the service names the impossible day itself
        earliest = EARLIEST_BIRTH if _BIRTH_FIELD.search(key) else bounds.earliest
        latest = bounds.latest(today, long=bool(_LONG_FUTURE_FIELD.search(key)))
        if not earliest <= when <= latest:
            return (
                f"“{label}”的日期 {stripped[:10]} 超出允许范围（{earliest} 至 {latest}）",
                f"The date {stripped[:10]} in “{label}” is out of range ({earliest} to {latest})",
            )
    return None
