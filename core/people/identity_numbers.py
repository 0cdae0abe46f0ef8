"""18-digit resident identity numbers (公民身份号码, GB 11643-1999).

Layout::

    37 14 81  19900307  123  X
    ^^^^^^^^  ^^^^^^^^  ^^^  ^
    region    birth     |    check character (ISO 7064 MOD 11-2)
    (地址码)  (出生日期) order code (顺序码); its last digit is odd for men, even for women

``parse_resident_id`` validates a number and returns its parts; ``check_character`` and
``make_resident_id`` compute valid numbers (for tests and generated demo data).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Literal

__all__ = [
    "PROVINCE_CODES",
    "InvalidResidentId",
    "ResidentId",
    "check_character",
    "make_resident_id",
    "parse_resident_id",
]

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_CHARS = "10X98765432"

#: First two digits that a resident identity number may start with.
PROVINCE_CODES: frozenset[str] = frozenset(
    f"{n:02d}"
    for n in (
        *range(11, 16),
        *range(21, 24),
        *range(31, 38),
        *range(41, 47),
        *range(50, 55),
        *range(61, 66),
        71,
        81,
        82,
        83,
        91,
    )
)

_EARLIEST_BIRTH = date(1900, 1, 1)

ErrorCode = Literal["length", "characters", "region", "birth_date", "check_digit"]

_MESSAGES: dict[str, tuple[str, str]] = {
    "length": (
        "身份证号码应为18位",
        "A resident identity number must have 18 characters",
    ),
    "characters": (
        "身份证号码只能包含数字，仅最后一位可以是X",
        "A resident identity number must be digits only; only the last character may be X",
    ),
    "region": (
        "身份证号码前两位不是有效的省级行政区划代码",
        "The first two digits of the resident identity number are not a valid province code",
    ),
    "birth_date": (
        "身份证号码中的出生日期无效",
        "The birth date in the resident identity number is not valid",
    ),
    "check_digit": (
        "身份证号码校验位错误，请核对最后一位",
        "The check character of the resident identity number is wrong; "
        "please check the last character",
    ),
}


class InvalidResidentId(ValueError):
    """A resident identity number that fails validation.

    ``str(error)`` and ``.message`` are in Simplified Chinese (shown to users),
    ``.message_en`` in English; ``.code`` says which rule failed.
    """

    code: ErrorCode

    def __init__(self, code: ErrorCode, detail: str = "", detail_en: str = "") -> None:
        message, message_en = _MESSAGES[code]
        self.code = code
        self.message = f"{message}（{detail}）" if detail else message
        self.message_en = f"{message_en} ({detail_en})" if detail_en else message_en
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True, slots=True)
class ResidentId:
    """A validated resident identity number and the facts it encodes."""

    number: str  # 18 characters, check character upper-case
    birth_date: date
    sex: Literal["male", "female"]
    region_code: str  # first 6 digits (地址码): county-level area at time of issue

    @property
    def province_code(self) -> str:
        return self.number[:2]

    def __str__(self) -> str:
        return self.number


def _clean(raw: str) -> str:
    # NFKC turns full-width digits and letters (１２３Ｘ) into ASCII; whitespace anywhere
    # (including the ideographic space) is dropped.
    text = unicodedata.normalize("NFKC", raw)
    return "".join(text.split())


def check_character(first17: str) -> str:
    """The check character (``0``–``9`` or ``X``) for the first 17 digits of a number."""
    if len(first17) != 17 or not first17.isascii() or not first17.isdigit():
        raise ValueError("check_character() needs exactly 17 ASCII digits")
    total = sum(int(digit) * weight for digit, weight in zip(first17, _WEIGHTS, strict=True))
    return _CHECK_CHARS[total % 11]


def _birth_date(digits: str) -> date | None:
    try:
        return date(int(digits[0:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        return None


def parse_resident_id(raw: str, today: date | None = None) -> ResidentId:
    """Validate an 18-digit resident identity number.

    Spaces are ignored and a lower-case ``x`` is accepted (normalised to ``X``). The rules
    are checked in this order, and the first that fails raises :class:`InvalidResidentId`
    with that ``code``: ``length``, ``characters``, ``region``, ``birth_date`` (a real date,
    from 1900-01-01 up to *today*), ``check_digit``.
    """
    if not isinstance(raw, str):
        raise InvalidResidentId("characters", "输入不是文本", "input is not text")
    number = _clean(raw).upper()
    if len(number) != 18:
        detail = f"当前为{len(number)}位"
        detail_en = f"got {len(number)}"
        if len(number) == 15:
            detail += "，请使用18位新号码"
            detail_en += "; use the 18-digit number"
        raise InvalidResidentId("length", detail, detail_en)
    if not re.fullmatch(r"[0-9]{17}[0-9X]", number):
        raise InvalidResidentId("characters")
    if number[:2] not in PROVINCE_CODES:
        raise InvalidResidentId("region")
    birth = _birth_date(number[6:14])
    today = today or date.today()
    if birth is None:
        raise InvalidResidentId("birth_date")
    if birth < _EARLIEST_BIRTH:
        raise InvalidResidentId("birth_date", "早于1900年", "before 1900")
    if birth > today:
        raise InvalidResidentId("birth_date", "晚于今天", "in the future")
    if check_character(number[:17]) != number[17]:
        raise InvalidResidentId("check_digit")
    return ResidentId(
        number=number,
        birth_date=birth,
        sex="male" if int(number[16]) % 2 else "female",
        region_code=number[:6],
    )


def make_resident_id(region_code: str, birth: date, sequence: int, female: bool) -> str:
    """Build a valid (fake) resident identity number, e.g. for demo data.

    *sequence* (0–499) numbers the people with the same region and birth date and sex; the
    3-digit order code is ``2 * sequence + 1`` for men and ``2 * sequence`` for women, so
    its last digit carries the sex as the standard requires.
    """
    if not re.fullmatch(r"[0-9]{6}", region_code) or region_code[:2] not in PROVINCE_CODES:
        raise ValueError(f"region_code must be 6 digits with a valid province: {region_code!r}")
    if birth < _EARLIEST_BIRTH:
        raise ValueError(f"birth date must not be before 1900: {birth}")
    if not 0 <= sequence <= 499:
        raise ValueError(f"sequence must be between 0 and 499: {sequence}")
    order = 2 * sequence + (0 if female else 1)
    first17 = f"{region_code}{birth:%Y%m%d}{order:03d}"
    return first17 + check_character(first17)
