"""The monthly report (月报): one workbook per bureau and month, stored as generated.

Layout as bureaus report upward: one sheet per active service line, a row per station,
columns per indicator (numerator, denominator and value for a rate), and a totals row
(合计) that is the pooled figure — its numerators and denominators are the sums of the
rows above, so the totals can be checked in the spreadsheet. Two more sheets say who
reported (报送情况) and what each figure counts and how it is rounded (指标说明).

The ``core.monthly_reports`` periodic job makes the previous month's report for every
bureau with active service lines once that month's entry deadline (the first week of the
next month) has passed; a bureau can also make or remake any month's report on demand.
Reports are idempotent per (bureau, month): remaking one replaces it and bumps its
revision.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from sqlmodel import Session, col, select

from core.audit import record_event
from core.exports.writers import safe_cell
from core.indicators.aggregates import prefetch
from core.indicators.completeness import completeness_by_unit
from core.indicators.definitions import Indicator
from core.indicators.engine import Counts, assign, figure_of, pooled, subtree_collect
from core.indicators.errors import IndicatorError
from core.indicators.models import IndicatorReport
from core.indicators.periods import Period, PeriodType, last_closed_month
from core.indicators.registry import catalogue, indicators_at
from core.modules.service import ACTIVATION_LEVELS
from core.orgs.models import OrgUnit
from core.orgs.tree import children
from core.plugins import PluginHost
from core.scheduling.declarations import Job, JobContext, PeriodicJob

__all__ = [
    "MONTHLY",
    "MONTHLY_REPORTS_JOB",
    "MONTHLY_REPORT_JOB",
    "build_monthly_report",
    "due_month",
    "generate_monthly_report",
]

MONTHLY = "monthly"
ENTRY_DEADLINE_DAY = 8  # the month's report is made once its first week of entry is over
BEIJING = timezone(timedelta(hours=8))
_SHEET_UNSAFE = re.compile(r"[\[\]:*?/\\]")
OWN_ROWS_ZH = "本级"


@dataclass
class SheetData:
    """One service line's table: headings, a row per unit, the totals row."""

    title: str
    groups: list[tuple[str, int, str]]  # indicator label, columns it spans, its code
    columns: list[str]
    rows: list[list[Any]]
    total: list[Any]
    formats: list[str | None]  # Excel number format per column


def _sheet_title(text: str, taken: set[str]) -> str:
    base = _SHEET_UNSAFE.sub("", text)[:28] or "Sheet"
    title, n = base, 2
    while title in taken:
        title, n = f"{base}{n}", n + 1
    taken.add(title)
    return title


def _cells(indicator: Indicator, counts: Counts, period: Period) -> list[Any]:
    figure = figure_of(indicator, period, counts)
    value = None if figure.value is None else _plain(figure.value)
    if indicator.ratio:
        return [_plain(figure.numerator), _plain(figure.denominator), value]
    return [value]


def _plain(value: Decimal | None) -> Any:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else value


def _service_sheet(
    session: Session,
    indicators: Sequence[Indicator],
    org: OrgUnit,
    period: Period,
    units: Sequence[OrgUnit],
    title: str,
) -> SheetData:
    """Rows per unit (and the bureau's own rows, if any), one query per indicator."""
    per_indicator: list[tuple[Indicator, Period, dict[int, Counts], Counts, Counts]] = []
    own_any = False
    prefetch(session, indicators, org, [period])  # one read of the aggregates for the sheet
    for ind in indicators:
        effective = ind.period_for(period)
        per_org = subtree_collect(session, ind, org, effective)
        by_unit, rest = assign(session, per_org, units)
        own = pooled(rest.values())
        own_any = own_any or bool(rest)
        per_indicator.append((ind, effective, by_unit, own, pooled(per_org.values())))
    groups: list[tuple[str, int, str]] = []
    columns = ["单位"]
    formats: list[str | None] = [None]
    for ind, effective, *_ in per_indicator:
        label = ind.label_zh + ("" if effective == period else f"（{effective.label_zh}）")
        value_format = "#,##0" + ("." + "0" * ind.decimals if ind.decimals else "")
        if ind.ratio:
            unit = "%" if ind.unit.value == "percent" else ind.unit.symbol_zh
            groups.append((label, 3, ind.code))
            columns += ["分子", "分母", f"值（{unit}）"]
            formats += ["#,##0", "#,##0", value_format]
        else:
            groups.append((label, 1, ind.code))
            columns.append(f"值（{ind.unit.symbol_zh or '数量'}）")
            formats.append(value_format)
    rows: list[list[Any]] = []
    for unit in units:
        row: list[Any] = [unit.name]
        for ind, effective, by_unit, _, _ in per_indicator:
            row += _cells(ind, by_unit[unit.id], effective)  # type: ignore[index]
        rows.append(row)
    if own_any:
        row = [f"{org.name}（{OWN_ROWS_ZH}）"]
        for ind, effective, _, own, _ in per_indicator:
            row += _cells(ind, own, effective)
        rows.append(row)
    total: list[Any] = ["合计"]
    for ind, effective, _, _, everything in per_indicator:
        total += _cells(ind, everything, effective)
    return SheetData(title, groups, columns, rows, total, formats)


def _units(session: Session, org: OrgUnit) -> list[OrgUnit]:
    return children(session, org.id, include_inactive=False)  # type: ignore[arg-type]


def build_monthly_report(
    session: Session, host: PluginHost, org: OrgUnit, period: Period, today: date
) -> tuple[bytes, dict[str, Any]]:
    """The workbook for *org* and *period*, and the same content as JSON for printing."""
    cat = catalogue(host)
    indicators = indicators_at(session, host, org.id)  # type: ignore[arg-type]
    if not indicators:
        raise IndicatorError(
            "本单位启用的业务模块没有统计指标，无法生成月报",
            "No active module of this unit has indicators; there is nothing to report",
        )
    units = _units(session, org)
    by_plugin: dict[str, list[Indicator]] = {}
    for ind in indicators:
        by_plugin.setdefault(ind.plugin, []).append(ind)
    taken: set[str] = set()
    sheets = [
        _service_sheet(
            session, inds, org, period, units, _sheet_title(cat.plugin_label(plugin), taken)
        )
        for plugin, inds in by_plugin.items()
    ]
    reporting = _reporting_rows(session, host, indicators, org, period, today, units)
    book = Workbook()
    book.remove(book.active)
    heading = f"{org.name} {period.label_zh} 月报"
    for data in sheets:
        _write_service_sheet(book, data, heading)
    _write_rows(
        book,
        _sheet_title("报送情况", taken),
        heading,
        ["报送要求", "单位", "应报", "已报", "按时", "迟报", "缺报"],
        reporting,
    )
    definitions = [
        [
            cat.plugin_label(ind.plugin),
            ind.code,
            ind.label_zh,
            ind.numerator_zh,
            ind.denominator_zh if ind.ratio else "—",
            ind.source_zh,
            ind.rounding_zh(),
        ]
        for ind in indicators
    ]
    _write_rows(
        book,
        _sheet_title("指标说明", taken),
        heading,
        ["业务模块", "指标代码", "指标", "分子", "分母", "数据来源", "取整规则"],
        definitions,
    )
    out = io.BytesIO()
    book.save(out)
    summary = {
        "org": org.name,
        "period": str(period),
        "period_label": period.label_zh,
        "sheets": [
            {
                "title": s.title,
                "groups": s.groups,
                "columns": s.columns,
                "rows": [[_json(v) for v in r] for r in s.rows],
                "total": [_json(v) for v in s.total],
            }
            for s in sheets
        ],
        "reporting": [[_json(v) for v in r] for r in reporting],
    }
    return out.getvalue(), summary


def _json(value: Any) -> Any:
    if isinstance(value, Decimal):
        return f"{value:,}"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return value


def _reporting_rows(
    session: Session,
    host: PluginHost,
    indicators: Sequence[Indicator],
    org: OrgUnit,
    period: Period,
    today: date,
    units: Sequence[OrgUnit],
) -> list[list[Any]]:
    plugins = {ind.plugin for ind in indicators}
    duties = [d for d in catalogue(host).duties.values() if d.plugin in plugins]
    rows: list[list[Any]] = []
    for duty in duties:
        total, by_unit = completeness_by_unit(session, duty, org, period, today, units)
        if not total.applies:
            continue
        for unit in units:
            c = by_unit[unit.id]  # type: ignore[index]
            if not c.applies:
                continue
            missing = "、".join(
                f"{m.org.name}（{'、'.join(s.label_zh for s in m.slots)}）" for m in c.missing
            )
            rows.append(
                [
                    duty.label_zh,
                    unit.name,
                    c.expected,
                    c.reported,
                    c.on_time,
                    c.late,
                    missing or "无",
                ]
            )
        rows.append(
            [
                duty.label_zh,
                "合计",
                total.expected,
                total.reported,
                total.on_time,
                total.late,
                total.missing_count,
            ]
        )
    return rows


def _write_service_sheet(book: Workbook, data: SheetData, heading: str) -> None:
    sheet = book.create_sheet(data.title)
    sheet.append([f"{heading}（{data.title}）"])
    sheet["A1"].font = Font(bold=True, size=13)
    group_row = ["单位"]
    for label, span, _ in data.groups:
        group_row += [label] + [None] * (span - 1)
    sheet.append(group_row)
    sheet.append(data.columns)
    column = 2
    for _, span, _ in data.groups:
        if span > 1:
            sheet.merge_cells(
                start_row=2, start_column=column, end_row=2, end_column=column + span - 1
            )
        column += span
    sheet.merge_cells(start_row=2, start_column=1, end_row=3, end_column=1)
    for row in (2, 3):
        for cell in sheet[row]:
            cell.font = Font(bold=True)
            cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for row in data.rows:
        sheet.append([safe_cell(v) for v in row])
    sheet.append([safe_cell(v) for v in data.total])
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    for index, number_format in enumerate(data.formats, start=1):
        if number_format is None:
            continue
        for (cell,) in sheet.iter_rows(min_row=4, min_col=index, max_col=index):
            cell.number_format = number_format
    sheet.column_dimensions["A"].width = 22
    for index in range(2, len(data.columns) + 1):
        sheet.column_dimensions[get_column_letter(index)].width = 11
    sheet.freeze_panes = "B4"


def _write_rows(
    book: Workbook, title: str, heading: str, header: list[str], rows: list[list[Any]]
) -> None:
    sheet = book.create_sheet(title)
    sheet.append([f"{heading}（{title}）"])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append(header)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([safe_cell(v) for v in row])
    for index in range(1, len(header) + 1):
        sheet.column_dimensions[get_column_letter(index)].width = 18
    sheet.freeze_panes = "A3"


def report_filename(org: OrgUnit, period: Period) -> str:
    return f"{org.name}-{period}-月报.xlsx"


def generate_monthly_report(
    session: Session,
    host: PluginHost,
    org_id: int,
    period: Period,
    today: date,
    *,
    actor_id: int | None = None,
) -> IndicatorReport:
    """Make (or remake) and store *org_id*'s report for the month *period*."""
    if period.kind is not PeriodType.MONTH:
        raise IndicatorError("月报的统计周期须为某一个月", "A monthly report covers one month")
    if today < period.end:
        raise IndicatorError(
            f"{period.label_zh}尚未结束，不能生成月报", f"{period.label_en} has not ended yet"
        )
    org = session.get(OrgUnit, org_id)
    if org is None:
        raise IndicatorError("机构不存在", "No such organisation")
    content, summary = build_monthly_report(session, host, org, period, today)
    report = session.exec(
        select(IndicatorReport).where(
            IndicatorReport.org_id == org_id,
            IndicatorReport.period == str(period),
            IndicatorReport.kind == MONTHLY,
        )
    ).first()
    if report is None:
        report = IndicatorReport(
            org_id=org_id, period=str(period), kind=MONTHLY, filename="", content=b""
        )
        session.add(report)
    else:
        report.revision += 1
    report.filename = report_filename(org, period)
    report.content = content
    report.summary = summary
    report.generated_at = datetime.now(UTC)
    report.generated_by_id = actor_id
    session.flush()
    return report


def due_month(today: date) -> Period:
    """The latest month whose report is due by *today*: last month once the 8th has come."""
    month = last_closed_month(today)
    return month if today.day >= ENTRY_DEADLINE_DAY else month.previous()


def _today(context: JobContext) -> date:
    moment = context.slot or datetime.now(UTC)
    return moment.astimezone(BEIJING).date()


def make_due_reports(context: JobContext) -> dict[str, Any]:
    """Periodic: last month's report for every bureau with indicators, if not made yet."""
    today = _today(context)
    period = due_month(today)
    host = context.host
    if host is None:
        return {"period": str(period), "made": 0}
    with context.session() as session:
        bureaus = session.exec(
            select(OrgUnit.id)
            .where(col(OrgUnit.type).in_([t.value for t in ACTIVATION_LEVELS]))
            .where(col(OrgUnit.active).is_(True))
            .order_by(OrgUnit.id)
        ).all()
    made = []
    for done, org_id in enumerate(bureaus, start=1):
        with context.session() as session:
            exists = session.exec(
                select(IndicatorReport.id).where(
                    IndicatorReport.org_id == org_id,
                    IndicatorReport.period == str(period),
                    IndicatorReport.kind == MONTHLY,
                )
            ).first()
            if exists is None and indicators_at(session, host, org_id):
                report = generate_monthly_report(session, host, org_id, period, today)
                record_event(
                    session,
                    "monthly_report",
                    entity="indicator_report",
                    entity_id=str(report.id),
                    org_id=org_id,
                    details={"period": str(period), "by": "schedule"},
                )
                made.append(org_id)
        if context.run_id:
            context.progress(done, len(bureaus))
    return {"period": str(period), "made": len(made)}


def make_report(context: JobContext, org_id: int, period: str) -> dict[str, Any]:
    """On demand: (re)make one bureau's report for one month."""
    if context.host is None:
        return {"made": 0}
    with context.session() as session:
        report = generate_monthly_report(
            session, context.host, int(org_id), Period.parse(period), _today(context)
        )
        return {"report_id": report.id, "revision": report.revision}


MONTHLY_REPORTS_JOB = PeriodicJob(
    name="core.monthly_reports",
    schedule="40 1 * * *",
    actor=make_due_reports,
    description_zh="每月8日起生成上月月报（各启用业务模块的司法局，已生成的不重复）",
    description_en="From the 8th, make last month's report for each bureau (once)",
)
MONTHLY_REPORT_JOB = Job(
    name="core.monthly_report",
    fn=make_report,
    description_zh="生成或重新生成某局某月的月报",
    description_en="Make or remake one bureau's monthly report",
)
