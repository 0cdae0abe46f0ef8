"""What can be exported (导出类型): a declaration per list, and the core's registry of them.

An export kind says which permission starting it needs, which permission unlocks the
full personal numbers, its columns, and how to count and stream its rows for one
organisation subtree. The export service does the rest (job, progress, file, expiry,
access), so a new list is a declaration, not a new page. The core declares the people
registry; plugins will declare theirs through a hook once one is added (core API 1.x).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session

__all__ = [
    "ExportColumn",
    "ExportKind",
    "ExportScope",
    "UnknownExportKind",
    "export_kind",
    "export_kinds",
    "register_export_kind",
    "unregister_export_kind",
]


@dataclass(frozen=True)
class ExportColumn:
    """One column: its Chinese and English heading and its width in the workbook."""

    title_zh: str
    title_en: str
    width: int = 16


@dataclass(frozen=True)
class ExportScope:
    """Which rows an export covers: a subtree (its root's materialised path), or all.

    ``org_path`` None means every organisation (a user with a global scope). ``unmasked``
    asks for full identity and phone numbers; the service grants it only to holders of
    the kind's ``unmask_permission`` and audits it.
    """

    org_path: str | None
    unmasked: bool = False
    options: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ExportKind:
    """A list that can be exported.

    ``count(session, scope)`` gives the number of rows (for the progress bar);
    ``rows(engine, scope)`` yields each row's cell values in column order, reading in
    short transactions of its own (keyset batches), so memory stays flat however long
    the list. ``file_stem_zh`` names the downloaded file (``人员名单-乐陵市司法局-20261123``).
    """

    code: str
    label_zh: str
    label_en: str
    permission: str
    columns: Sequence[ExportColumn]
    count: Callable[[Session, ExportScope], int]
    rows: Callable[[Engine, ExportScope], Iterator[Sequence[Any]]]
    file_stem_zh: str
    unmask_permission: str | None = None


class UnknownExportKind(LookupError):
    def __init__(self, code: str) -> None:
        self.code = code
        super().__init__(f"未知的导出类型 {code!r} (unknown export kind {code!r})")


_KINDS: dict[str, ExportKind] = {}


def register_export_kind(kind: ExportKind) -> ExportKind:
    """Add a kind to the registry (the core's kinds register themselves on import)."""
    if kind.code in _KINDS and _KINDS[kind.code] is not kind:
        raise ValueError(f"export kind {kind.code!r} is declared twice")
    _KINDS[kind.code] = kind
    return kind


def unregister_export_kind(code: str) -> None:
    """Remove a kind (a plugin being unloaded, a test's own kind)."""
    _KINDS.pop(code, None)


def _load_core_kinds() -> None:
    from core.exports import people  # noqa: F401  (registers itself)


def export_kinds() -> list[ExportKind]:
    """Every export kind, in label order."""
    _load_core_kinds()
    return sorted(_KINDS.values(), key=lambda k: k.code)


def export_kind(code: str) -> ExportKind:
    _load_core_kinds()
    try:
        return _KINDS[code]
    except KeyError:
        raise UnknownExportKind(code) from None
