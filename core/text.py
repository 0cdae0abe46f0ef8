"""Cleaning free text as typed: what a clerk writes is kept, punctuation and all.

Identifiers (identity numbers, phones, document numbers) are NFKC-normalised by their own
normalisers (:mod:`core.people.identity_numbers`, :mod:`core.people.phones`) because a
full-width "１２３" must match "123". Free Chinese text must not be: NFKC turns "，；：（）"
into ASCII ",;:()", which changes what was typed into a printed 人民调解协议书 or a
warning. :func:`clean_free_text` therefore only trims, drops control characters and folds
the compatibility forms of letters, digits and spaces (full-width "Ａ１", the ideographic
space); punctuation, symbols and circled numbers (①) stay exactly as typed.
"""

from __future__ import annotations

import unicodedata
from typing import Any

__all__ = ["clean_free_text"]

# Letters, decimal digits and space separators: their compatibility forms mean the same thing.
_FOLDED = frozenset({"Lu", "Ll", "Lt", "Lm", "Lo", "Nd", "Zs"})


def _fold(char: str) -> str:
    category = unicodedata.category(char)
    if category == "Cc":  # control characters: tabs become spaces, the rest go
        return " " if char == "\t" else ""
    if category in {"Cf", "Co", "Cs"}:  # zero-width and private-use marks, stray surrogates
        return ""
    if category in _FOLDED:
        return unicodedata.normalize("NFKC", char)
    return char


def clean_free_text(value: Any, *, multiline: bool = True) -> str:
    """Free text as typed, minus what nobody means to type.

    Line breaks become ``\\n`` and are kept when ``multiline`` (trailing spaces of each line
    removed); otherwise runs of whitespace become one space. ``None`` gives ``""``.
    """
    if value is None:
        return ""
    text = unicodedata.normalize("NFC", str(value)).replace("\r\n", "\n").replace("\r", "\n")
    lines = ["".join(_fold(c) for c in line) for line in text.split("\n")]
    if not multiline:
        return " ".join(" ".join(lines).split())
    return "\n".join(line.rstrip() for line in lines).strip()
