"""The one way the platform writes an Excel workbook (表格导出): every cell goes through here.

A value typed by a citizen or a member of staff can look like a formula —
``=HYPERLINK("http://…"&A2,"点击")`` as a case title — and Excel runs it when someone opens
the file ("formula injection"). :func:`safe_cell` defuses text that starts with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return by a leading apostrophe, and
:class:`Spreadsheet` writes every row through it, so the value always lands as text. Numbers
and dates stay numbers and dates. Plugins build workbooks only with :class:`Spreadsheet`
(``core.api``); ``tests/test_spreadsheets.py`` fails when a plugin imports openpyxl.
"""

from __future__ import annotations

from collections.abc import Sequence
from io import BytesIO
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

__all__ = ["FORMULA_STARTS", "Sheet", "Spreadsheet", "safe_cell"]

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    """The value as it may go into a cell: text that looks like a formula is defused."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class Sheet:
    """One worksheet; rows are appended in order."""

    def __init__(self, worksheet: Any, *, write_only: bool) -> None:
        self._ws = worksheet
        self._write_only = write_only

    def row(self, values: Sequence[Any], *, bold: bool = False, size: float | None = None) -> None:
        """Append one row; ``bold``/``size`` style a title or header row."""
        font = Font(bold=True, size=size) if bold or size else None
        cells: list[Any] = []
        for value in values:
            cell = WriteOnlyCell(self._ws, value=safe_cell(value))
            if isinstance(value, str):
                cell.data_type = "s"  # text, whatever it looks like
            if font is not None:
                cell.font = font
            cells.append(cell)
        self._ws.append(cells)

    def width(self, column: str, width: float) -> None:
        """Set a column's width (letters: ``"A"``)."""
        self._ws.column_dimensions[column].width = width


class Spreadsheet:
    """A workbook built sheet by sheet; ``write_only`` streams rows (large ledgers)."""

    def __init__(self, *, write_only: bool = False) -> None:
        self._write_only = write_only
        self._book = Workbook(write_only=write_only)
        if not write_only:
            self._book.remove(self._book.active)

    def sheet(self, title: str) -> Sheet:
        return Sheet(self._book.create_sheet(title[:31]), write_only=self._write_only)

    def to_bytes(self) -> bytes:
        out = BytesIO()
        self._book.save(out)
        return out.getvalue()
