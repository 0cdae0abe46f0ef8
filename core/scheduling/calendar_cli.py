"""``sifa calendar``: enter a year's holiday schedule from the State Council notice file.

``sifa calendar import-notice FILE --year Y --dry-run`` prints what would be entered, one
line per day (``2027-01-04 班``) with its source sentence, and saves nothing; without
``--dry-run`` the year is saved only when every schedule sentence was read, and the
provisional deadlines are recomputed at once.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import click

from core import migrate
from core.audit.context import audit_context, cli_actor_name
from core.db import session_scope
from core.platform import Platform
from core.scheduling.notice import ParsedSchedule, parse_ical, parse_notice, save_schedule
from core.scheduling.provisional import recompute_provisional

__all__ = ["calendar_group", "parse_file"]


def parse_file(text: str, year: int) -> ParsedSchedule:
    """An iCalendar file (``BEGIN:VCALENDAR``) or the notice's text."""
    if text.lstrip().upper().startswith("BEGIN:VCALENDAR"):
        return parse_ical(text, year)
    return parse_notice(text, year)


def calendar_group(get_platform: Callable[[], Platform]) -> click.Group:
    """The ``calendar`` command group."""

    @click.group("calendar")
    def calendar() -> None:
        """Holiday schedule (节假日安排): enter a year from the State Council notice."""

    @calendar.command("import-notice")
    @click.argument("file", type=click.Path(path_type=Path, exists=True, dir_okay=False))
    @click.option("--year", type=click.IntRange(2004, 2100), required=True)
    @click.option("--dry-run", is_flag=True, help="print the parsed days; save nothing")
    @click.option("--source", default="", help="the notice's name, e.g. 国办发明电〔2026〕7号")
    def import_notice(file: Path, year: int, dry_run: bool, source: str) -> None:
        """Read FILE (the notice's text, or an iCalendar file) for YEAR."""
        try:
            text = file.read_text(encoding="utf-8")
        except UnicodeDecodeError as exc:
            raise click.ClickException("文件不是 UTF-8 文本 (the file is not UTF-8 text)") from exc
        parsed = parse_file(text, year)
        for day in parsed.days:
            click.echo(f"{day.line()}\t{day.sentence}")
        for bad in parsed.unparsed:
            click.echo(f"未能识别 (unparsed)\t{bad.sentence}\t{bad.reason_zh}", err=True)
        if dry_run:
            click.echo(f"共 {len(parsed.days)} 天，未保存 (dry run: nothing saved)", err=True)
            return
        if not parsed.ok:
            raise click.ClickException(
                "有未能识别的句子或没有任何日期，未保存 (unparsed sentences; nothing saved)"
            )
        platform = get_platform()
        try:
            migrate.ensure_up_to_date(platform.engine, platform.host)
        except migrate.DatabaseBehind as exc:
            raise click.ClickException(str(exc)) from exc
        with audit_context(actor_name=cli_actor_name()):
            with session_scope(platform.engine) as session:
                saved = save_schedule(session, parsed, source or file.name)
            with session_scope(platform.engine) as session:
                report = recompute_provisional(session, platform.host, entered_years=(year,))
        click.echo(
            f"已保存 {year} 年 {saved} 天；重算暂定期限 {report.recomputed} 个，"
            f"其中变动 {report.moved} 个 (saved; provisional deadlines recomputed)"
        )

    return calendar
