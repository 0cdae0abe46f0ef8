"""Mainland China telephone numbers: mobiles and landlines.

``normalise_phone`` returns one canonical form per number:

- mobile: 11 digits, ``13812345678`` (a ``+86`` / ``0086`` / ``86`` prefix is dropped);
- landline: ``area-local`` such as ``010-65521234`` or ``0534-6212345``, and
  ``area-local-extension`` when an extension (分机) is given, e.g. ``0534-6212345-8001``.

Area codes are ``010`` and ``020``–``029`` (3 digits) or ``0300``–``0999`` (4 digits); local
numbers have 7 or 8 digits and do not start with 0 or 1.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["InvalidPhone", "is_mobile", "normalise_phone"]

_MOBILE = re.compile(r"1[3-9][0-9]{9}")
_DASHES = "-‐‑‒–—―−－"
# An extension introduced by a word or sign, at the end: 转8001, ext. 8001, x8001, #8001.
_EXTENSION_WORD = re.compile(r"(?:转|分机|ext\.?|x|#)\s*([0-9]{1,6})\s*$", re.IGNORECASE)
_COUNTRY = re.compile(r"^(?:\+|00)?86(?=[^0-9]*[0-9])")


class InvalidPhone(ValueError):
    """A telephone number that is neither a mainland mobile nor a landline with area code."""

    def __init__(self, raw: object = None) -> None:
        self.raw = raw
        self.message = "电话号码格式不正确：手机号为11位，固话请带区号"
        self.message_en = (
            "Invalid phone number: a mobile number has 11 digits, a landline needs its area code"
        )
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message


def _area_code_length(digits: str) -> int:
    """Length of the area code at the start of *digits* (which starts with 0), else 0."""
    if digits.startswith("010") or re.match(r"02[0-9]", digits):
        return 3
    if re.match(r"0[3-9][0-9]{2}", digits):
        return 4
    return 0


def is_mobile(number: str) -> bool:
    """Whether *number* (already normalised) is a mobile number."""
    return bool(_MOBILE.fullmatch(number))


def normalise_phone(raw: str) -> str:
    """Return the canonical form of a mobile or landline number, or raise InvalidPhone.

    Accepts spaces, dashes, brackets around the area code (``(0534) 6212345``), full-width
    characters, a ``+86``/``0086``/``86`` country prefix, and for landlines an extension
    after a dash or after 转/分机/ext/x/#.
    """
    if not isinstance(raw, str):
        raise InvalidPhone(raw)
    text = unicodedata.normalize("NFKC", raw).strip()
    for dash in _DASHES:
        text = text.replace(dash, "-")

    extension = ""
    match = _EXTENSION_WORD.search(text)
    if match:
        extension = match.group(1)
        text = text[: match.start()]

    text = re.sub(r"[\s()]", "", text)
    international = False
    country = _COUNTRY.match(text)
    if country:
        international = True
        text = text[country.end() :].lstrip("-")
    if not re.fullmatch(r"[0-9]+(?:-[0-9]+)*", text):
        raise InvalidPhone(raw)

    digits = text.replace("-", "")
    if _MOBILE.fullmatch(digits):
        if extension:
            raise InvalidPhone(raw)
        return digits

    if international and not digits.startswith("0"):
        digits = "0" + digits  # +86 10 6552 1234 -> 010 6552 1234
    area_length = _area_code_length(digits)
    if not area_length:
        raise InvalidPhone(raw)
    area, rest = digits[:area_length], digits[area_length:]
    if len(rest) not in (7, 8) and not extension:
        # A dash-separated last group may be the extension: 0534-6212345-8001.
        groups = text.split("-")
        last = groups[-1]
        if len(groups) >= 2 and len(last) <= 6 and len(rest) - len(last) in (7, 8):
            extension, rest = last, rest[: -len(last)]
    if len(rest) not in (7, 8) or rest[0] in "01":
        raise InvalidPhone(raw)
    return f"{area}-{rest}-{extension}" if extension else f"{area}-{rest}"
