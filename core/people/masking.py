"""Display masks for personal numbers (脱敏显示).

The masks keep the length of what they hide, and when the input is not in the expected
form they hide more rather than less: only a short prefix is ever shown for odd input.
Neither function raises; ``None`` and empty input give ``""``.
"""

from __future__ import annotations

from core.people.phones import InvalidPhone, is_mobile, normalise_phone

__all__ = ["mask_phone", "mask_resident_id"]

MASK = "*"


def _compact(value: object) -> str:
    if value is None:
        return ""
    return "".join(str(value).split())


def _mask_all_but_prefix(text: str, most: int) -> str:
    """Show at most *most* leading characters and never more than a quarter of the text."""
    keep = min(most, len(text) // 4)
    return text[:keep] + MASK * (len(text) - keep)


def mask_resident_id(number: str | None) -> str:
    """``110101199003071234`` → ``110101********1234`` (first 6 and last 4 kept).

    Anything that is not 18 characters long shows at most its first 6 characters
    (fewer for short input) and masks the rest.
    """
    text = _compact(number)
    if len(text) == 18:
        return text[:6] + MASK * 8 + text[-4:]
    return _mask_all_but_prefix(text, 6)


def mask_phone(phone: str | None) -> str:
    """Mask a phone number for display.

    - mobile: ``13812345678`` → ``138****5678`` (a ``+86`` prefix is dropped first);
    - landline: area code kept, local number masked except its last 3 (7-digit) or
      4 (8-digit) digits, extension masked: ``0534-6212345-8001`` → ``0534-****345-****``;
    - anything else: at most the first 3 characters are shown.
    """
    text = _compact(phone)
    if not text:
        return ""
    try:
        number = normalise_phone(text)
    except InvalidPhone:
        return _mask_all_but_prefix(text, 3)
    if is_mobile(number):
        return number[:3] + MASK * 4 + number[7:]
    area, local, *extension = number.split("-")
    shown = 4 if len(local) == 8 else 3
    masked = [area, MASK * (len(local) - shown) + local[-shown:]]
    masked += [MASK * len(part) for part in extension]
    return "-".join(masked)
