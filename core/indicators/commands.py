"""``sifa indicators …``: rebuild or catch up the maintained aggregates (指标汇总表)."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta, timezone

import click

from core.audit import record_event
from core.db import session_scope
from core.indicators.aggregates import catch_up, open_window, rebuild, registered_indicators
from core.indicators.errors import InvalidPeriod
from core.indicators.periods import Period, PeriodType
from core.platform import Platform

__all__ = ["indicators_group"]

BEIJING = timezone(timedelta(hours=8))


def indicators_group(platform: Callable[[], Platform]) -> click.Group:
    @click.group("indicators")
    def group() -> None:
        """Indicator aggregates (指标汇总表): rebuild from the records, catch up."""

    @group.command("rebuild")
    @click.option("--plugin", default=None, help="only this plugin's indicators")
    @click.option(
        "--from",
        "first",
        default=None,
        help="first month (YYYY-MM); default: January of last year",
    )
    @click.option("--include-frozen", is_flag=True, help="also recompute frozen (closed) periods")
    def rebuild_command(plugin: str | None, first: str | None, include_frozen: bool) -> None:
        """Recompute the aggregates from the raw records, one transaction per indicator."""
        p = platform()
        today = datetime.now(UTC).astimezone(BEIJING).date()
        start, last = open_window(today)
        if first:
            try:
                start = Period.parse(first).enclosing(PeriodType.MONTH)
                start = Period(start.year, PeriodType.MONTH, start.first_month)
            except InvalidPeriod as exc:
                raise click.BadParameter(f"不是有效的月份 (not a month): {first}") from exc
        indicators = registered_indicators(p.host, plugin)
        if not indicators:
            raise click.ClickException(
                f"没有指标 (no indicators){f' of {plugin}' if plugin else ''}"
            )
        began = time.perf_counter()
        written = rebuild(p.engine, indicators, start, last, include_frozen=include_frozen)
        with session_scope(p.engine) as session:
            record_event(
                session,
                "indicators_rebuild",
                entity="indicator_aggregate",
                details={
                    "plugin": plugin or "",
                    "from": str(start),
                    "to": str(last),
                    "include_frozen": include_frozen,
                    "rows": written,
                },
            )
        for code, rows in written.items():
            click.echo(f"{code:<48} {'FAILED' if rows < 0 else rows}")
        click.echo(
            f"{len(written)} indicators, {start}..{last}, {time.perf_counter() - began:.1f}s"
        )
        if any(rows < 0 for rows in written.values()):
            raise SystemExit(1)

    @group.command("catch-up")
    @click.option("--force", is_flag=True, help="even if nothing changed since the last run")
    def catch_up_command(force: bool) -> None:
        """What the every-minute job does, once, now."""
        p = platform()
        today = datetime.now(UTC).astimezone(BEIJING).date()
        began = time.perf_counter()
        result = catch_up(p.engine, registered_indicators(p.host), today, force=force)
        click.echo(f"{result} in {time.perf_counter() - began:.1f}s")

    return group
