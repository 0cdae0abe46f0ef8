"""Pinyin forms of personal names, for search (拼音检索).

``pinyin_initials("张三丰") == "zsf"`` and ``full_pinyin("张三丰") == "zhangsanfeng"``.

pypinyin has no surname mode (its ``Style`` values only choose the output form, and its
phrase dictionary reads 单 as *dan*, 曾 as *ceng*, 解 as *jie*, ...), so the surname is
looked up in ``SURNAME_PINYIN`` first — two-character surnames before one-character ones —
and only the rest of the name goes through pypinyin. Characters that are not Han
characters are kept, lower-cased; whitespace and the name separator dot (·) are removed.
"""

from __future__ import annotations

import unicodedata

from pypinyin import Style, lazy_pinyin

__all__ = ["SURNAME_PINYIN", "full_pinyin", "pinyin_initials", "split_surname"]

#: Surnames whose reading differs from the character's most common reading (多音字姓氏),
#: with the reading used as a surname (per 《现代汉语词典》).
SURNAME_PINYIN: dict[str, tuple[str, ...]] = {
    # Two-character surnames (复姓) whose first character is also read differently alone;
    # matched before the one-character surnames.
    "万俟": ("mo", "qi"),
    "尉迟": ("yu", "chi"),
    "长孙": ("zhang", "sun"),
    "澹台": ("tan", "tai"),
    # One-character surnames.
    "单": ("shan",),
    "曾": ("zeng",),
    "解": ("xie",),
    "仇": ("qiu",),
    "朴": ("piao",),
    "区": ("ou",),
    "查": ("zha",),
    "盖": ("ge",),
    "乐": ("yue",),
    "翟": ("zhai",),
    "覃": ("qin",),
    "缪": ("miao",),
    "种": ("chong",),
    "秘": ("bi",),
    "繁": ("po",),
    "员": ("yun",),
    "召": ("shao",),
    "折": ("she",),
    "句": ("gou",),
    "洗": ("xian",),
    "能": ("nai",),
    "隗": ("wei",),
    "薄": ("bo",),
    "都": ("du",),
    "长": ("chang",),
    "重": ("chong",),
    "藏": ("zang",),
    "蕃": ("pi",),
}

_SEPARATORS = "·•・‧"


def _clean(name: str | None) -> str:
    if not name:
        return ""
    text = unicodedata.normalize("NFKC", name)
    text = "".join(text.split())
    for separator in _SEPARATORS:
        text = text.replace(separator, "")
    return text


def split_surname(name: str) -> tuple[str, str]:
    """Split off a surname found in ``SURNAME_PINYIN``: ``("单", "田芳")``, else ``("", name)``."""
    text = _clean(name)
    for length in (2, 1):
        if len(text) >= length and text[:length] in SURNAME_PINYIN:
            return text[:length], text[length:]
    return "", text


def _syllables(name: str | None) -> list[str]:
    """Pinyin syllables of *name*, with runs of non-Han characters as single items."""
    text = _clean(name)
    if not text:
        return []
    surname, rest = split_surname(text)
    syllables = list(SURNAME_PINYIN[surname]) if surname else []
    if rest:
        syllables += lazy_pinyin(rest, style=Style.NORMAL, errors="default", v_to_u=False)
    return syllables


def full_pinyin(name: str | None) -> str:
    """Toneless pinyin of a name, run together: ``"张三丰"`` → ``"zhangsanfeng"``.

    ü is written ``v`` (``"吕"`` → ``"lv"``), as typed on a keyboard.
    """
    return "".join(_syllables(name)).lower()


def pinyin_initials(name: str | None) -> str:
    """First letters of a name's pinyin: ``"张三丰"`` → ``"zsf"``, ``"单田芳"`` → ``"stf"``.

    Non-Han characters are kept as they are, lower-cased: ``"阿Q"`` → ``"aq"``.
    """
    text = _clean(name)
    if not text:
        return ""
    surname, rest = split_surname(text)
    letters = [syllable[0] for syllable in SURNAME_PINYIN[surname]] if surname else []
    if rest:
        # FIRST_LETTER gives one letter per Han character and keeps other runs whole.
        letters += lazy_pinyin(rest, style=Style.FIRST_LETTER, errors="default")
    return "".join(letters).lower()
