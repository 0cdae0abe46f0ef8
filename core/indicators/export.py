"""A scorecard as a file (CSV or Excel): every figure with its numerator and denominator.

The export carries exactly what the page shows — the rounded value, ``13,702/14,662``, the
target, the status — plus the numerator and denominator as numbers, so anyone can redo the
division, and the rounding rule in words.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from core.exports.writers import safe_cell
from core.indicators.scorecard import Line, Scorecard

__all__ = ["scorecard_csv", "scorecard_rows", "scorecard_xlsx"]

HEADER_ZH = [
    "业务模块",
    "指标代码",
    "指标",
    "统计周期",
    "值",
    "分子/分母",
    "分子",
    "分母",
    "目标",
    "状态",
    "上期值",
    "较上期",
    "报送情况",
    "取整规则",
]
HEADER_EN = [
    "Module",
    "Code",
    "Indicator",
    "Period",
    "Value",
    "Numerator/denominator",
    "Numerator",
    "Denominator",
    "Target",
    "Status",
    "Previous",
    "Change",
    "Reporting",
    "Rounding",
]
WIDTHS = [14, 30, 18, 14, 12, 20, 12, 12, 10, 12, 12, 10, 30, 40]


def _number(value: Decimal | None) -> Any:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else value


def _change(line: Line) -> str:
    """``↑1.5`` rather than ``+1.5``: a leading sign would be defused as a formula."""
    delta = line.trend.delta
    return "" if delta is None else f"{line.trend.arrow}{abs(delta):,}"


def _reporting(line: Line, locale: str) -> str:
    parts = []
    for c in line.completeness:
        label = c.duty.label(locale)
        if locale == "en":
            parts.append(f"{label}: {c.reported}/{c.expected} reported, {c.late} late")
        else:
            parts.append(f"{label}：应报 {c.expected}，已报 {c.reported}，迟报 {c.late}")
    return "；".join(parts) if locale != "en" else "; ".join(parts)


def scorecard_rows(card: Scorecard, locale: str = "zh") -> list[list[Any]]:
    """The header and one row per indicator, cells as they go into a file."""
    rows: list[list[Any]] = [list(HEADER_EN if locale == "en" else HEADER_ZH)]
    for group, lines in card.groups(locale):
        for line in lines:
            ind = line.indicator
            status = line.status.label_en if locale == "en" else line.status.label_zh
            rows.append(
                [
                    group,
                    ind.code,
                    ind.label(locale),
                    line.period.label(locale),
                    line.figure.display(locale),
                    line.figure.fraction_text,
                    _number(line.figure.numerator),
                    _number(line.figure.denominator),
                    None if line.target is None else _number(line.target),
                    status,
                    line.previous.display(locale),
                    _change(line),
                    _reporting(line, locale),
                    ind.rounding_en() if locale == "en" else ind.rounding_zh(),
                ]
            )
    return rows


def scorecard_csv(card: Scorecard, locale: str = "zh") -> bytes:
    """UTF-8 with a byte-order mark, so Excel on Windows reads the Chinese text."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in scorecard_rows(card, locale):
        writer.writerow(["" if v is None else safe_cell(str(v)) for v in row])
    return buffer.getvalue().encode("utf-8-sig")


def scorecard_xlsx(card: Scorecard, locale: str = "zh") -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = ("Scorecard" if locale == "en" else "指标记分卡")[:31]
    title = f"{card.org.name} {card.period.label(locale)}"
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=13)
    rows = scorecard_rows(card, locale)
    for i, row in enumerate(rows):
        sheet.append([safe_cell(v) for v in row])
        if i == 0:
            for cell in sheet[sheet.max_row]:
                cell.font = Font(bold=True)
    for index, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A3"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
