"""Writing rows to a spreadsheet file, one row at a time, in bounded memory.

An export may have hundreds of thousands of rows, so nothing here holds them: the CSV
writer writes through, and the Excel writer uses openpyxl's write-only mode, which streams
each row to a temporary XML part and assembles the workbook on close.

Cells that a spreadsheet would run as a formula (text starting with ``=``, ``+``, ``-``,
``@``, a tab or a carriage return — "CSV injection") are written with a leading
apostrophe, so a name typed as ``=HYPERLINK(…)`` stays text when someone opens the file.
"""

from __future__ import annotations

import csv
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any, Protocol

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from core.exports.models import ExportFormat
from core.spreadsheets import safe_cell

__all__ = ["RowWriter", "open_writer", "safe_cell"]


class RowWriter(Protocol):
    def write(self, row: Sequence[Any]) -> None: ...

    def close(self) -> None: ...


class CsvWriter:
    """UTF-8 with a byte-order mark: Excel on Windows then reads Chinese text correctly."""

    def __init__(self, path: Path, header: Sequence[str]) -> None:
        self._file = path.open("w", encoding="utf-8-sig", newline="")
        self._csv = csv.writer(self._file)
        self._csv.writerow(header)

    def write(self, row: Sequence[Any]) -> None:
        self._csv.writerow([_text(safe_cell(v)) for v in row])

    def close(self) -> None:
        self._file.close()


class XlsxWriter:
    """One sheet, a bold frozen header row, column widths from the declaration."""

    def __init__(
        self, path: Path, header: Sequence[str], widths: Sequence[int], title: str
    ) -> None:
        self._path = path
        self._book = Workbook(write_only=True)
        self._sheet = self._book.create_sheet(title=title[:31])
        for index, width in enumerate(widths, start=1):
            self._sheet.column_dimensions[get_column_letter(index)].width = width
        self._sheet.freeze_panes = "A2"
        bold = Font(bold=True)
        cells = []
        for text in header:
            cell = WriteOnlyCell(self._sheet, value=text)
            cell.font = bold
            cells.append(cell)
        self._sheet.append(cells)

    def write(self, row: Sequence[Any]) -> None:
        self._sheet.append([safe_cell(v) for v in row])

    def close(self) -> None:
        self._book.save(self._path)
        self._book.close()


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def open_writer(
    fmt: ExportFormat,
    path: Path,
    header: Sequence[str],
    *,
    widths: Sequence[int] = (),
    title: str = "Sheet1",
) -> RowWriter:
    """A writer for ``path`` that has already written the header row."""
    if fmt is ExportFormat.CSV:
        return CsvWriter(path, header)
    return XlsxWriter(path, header, widths or [16] * len(header), title)
