"""Dispute categories (纠纷类型): the detailed two-level code list and the ministry's 15.

Cases are classified by the grid-governance (综治) two-level code — 16 groups plus 99, each
with two-digit subcodes (``0902`` 宅基地使用) — transcribed from the code table in
``cpjit/img2java`` ``EventType.java`` (DOMAIN.md §1.8 B; its OCR "设立解敬" read as 设立解散).
Monthly reports use the 司法部 list of 15 categories (§1.8 A); each leaf code maps to one of
them in ``data/dispute_categories.csv``. That mapping is this project's reading, not an
official table (DOMAIN.md marks it *unsure*): it lives in the data file, and the case keeps
the detailed code so a corrected mapping can be re-applied.

A leaf is what a case may carry: every subcode, and a group without subcodes (``99``).
"""

from __future__ import annotations

import csv
from collections.abc import Collection
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from core.api import CodeEntry, CodeList
from mediation.codes import MinistryCategory

__all__ = [
    "CODE_LIST",
    "Category",
    "all_categories",
    "category",
    "code_list",
    "grouped_choices",
    "groups",
    "is_leaf",
    "leaves",
]

DATA_FILE = Path(__file__).parent / "data" / "dispute_categories.csv"


@dataclass(frozen=True)
class Category:
    """One code of the two-level list; ``ministry`` is set on leaves only."""

    code: str
    name: str
    ministry: MinistryCategory | None
    name_en: str = ""

    def label(self, locale: str = "zh") -> str:
        """The name in *locale* (Chinese when no English name is known)."""
        return self.name_en if locale == "en" and self.name_en else self.name

    @property
    def group_code(self) -> str:
        return self.code[:2]

    @property
    def is_group(self) -> bool:
        return len(self.code) == 2


@cache
def all_categories() -> dict[str, Category]:
    """Every code in file order (groups before their subcodes)."""
    with DATA_FILE.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return {
        row["code"]: Category(
            code=row["code"],
            name=row["name"],
            name_en=row.get("name_en") or "",
            ministry=MinistryCategory(row["ministry_category"])
            if row["ministry_category"]
            else None,
        )
        for row in rows
    }


def category(code: str) -> Category | None:
    return all_categories().get(code)


def is_leaf(code: str) -> bool:
    found = category(code)
    return found is not None and found.ministry is not None


def groups() -> list[Category]:
    return [c for c in all_categories().values() if c.is_group]


def leaves(group_code: str | None = None) -> list[Category]:
    """The codes a case may carry, optionally only those of one group."""
    return [
        c
        for c in all_categories().values()
        if c.ministry is not None and (group_code is None or c.group_code == group_code)
    ]


#: The leaves as a core code list (数据字典): a bureau may switch types it never uses off
#: for its subtree; it may not add any, since every leaf must map to a ministry category.
CODE_LIST = "mediation.dispute_category"


def code_list() -> CodeList:
    """The leaves declared to the core's dictionary facility (stored codes unchanged)."""
    return CodeList(
        CODE_LIST,
        "纠纷类型",
        "Dispute types",
        tuple(CodeEntry(c.code, c.name, c.name_en, i) for i, c in enumerate(leaves())),
        extensible=False,
        description_zh="综治两级纠纷分类的末级代码；每一代码对应司法部统计的一类纠纷。",
    )


def grouped_choices(
    active: Collection[str] | None = None,
    locale: str = "zh",
) -> list[tuple[str, list[tuple[str, str]]]]:
    """(group label, [(code, label)]) for an ``<optgroup>`` select; with *active*, only
    those codes (the ones on where the form is used); groups left empty are dropped."""
    out: list[tuple[str, list[tuple[str, str]]]] = []
    for group in groups():
        members = [c for c in leaves(group.code) if active is None or c.code in active]
        if members:
            out.append(
                (
                    f"{group.code} {group.label(locale)}",
                    [(c.code, f"{c.code} {c.label(locale)}") for c in members],
                )
            )
    return out
