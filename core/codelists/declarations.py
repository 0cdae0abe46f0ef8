"""What plugins declare for code lists: plain values, no database (checked at load)."""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["ENTRY_CODE", "CodeEntry", "CodeList"]

_LIST_CODE = re.compile(r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_.]*$")
#: A stable entry code: what records store. Letters, digits, ``_`` and ``-``.
ENTRY_CODE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$")
LIST_CODE_MAX = 64


@dataclass(frozen=True)
class CodeEntry:
    """One entry of a code list: a stable ``code`` (stored in records) and its labels."""

    code: str
    label_zh: str
    label_en: str = ""
    position: int = 0

    def __post_init__(self) -> None:
        if not ENTRY_CODE.match(self.code):
            raise ValueError(f"code list entry {self.code!r}: letters, digits, _ or -, ≤ 40")
        if not self.label_zh.strip():
            raise ValueError(f"code list entry {self.code!r} has no Chinese label")


@dataclass(frozen=True)
class CodeList:
    """A code list a plugin declares (e.g. ``mediation.source`` 案件来源) with its seed
    entries. ``extensible``: whether a bureau may add entries of its own (a list whose
    codes the plugin's logic or a ministry report depends on should say False; bureaus
    may still switch entries off)."""

    code: str
    label_zh: str
    label_en: str
    entries: tuple[CodeEntry, ...]
    extensible: bool = True
    description_zh: str = ""

    def __post_init__(self) -> None:
        if not _LIST_CODE.match(self.code) or len(self.code) > LIST_CODE_MAX:
            raise ValueError(f"code list {self.code!r} must be '<plugin>.<name>' in lower case")
        codes = [e.code for e in self.entries]
        if len(set(codes)) != len(codes):
            raise ValueError(f"code list {self.code!r} repeats an entry code")
