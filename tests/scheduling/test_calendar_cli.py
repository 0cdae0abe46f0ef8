"""``sifa calendar import-notice FILE --year Y [--dry-run]`` (issue 20)."""

from __future__ import annotations

from pathlib import Path

import chinese_calendar
from click.testing import CliRunner
from sqlmodel import Session, select

from core.scheduling.calendar_cli import calendar_group
from core.scheduling.models import HolidayOverride, HolidayYear

NOTICES = Path(__file__).parent / "notices"


def test_dry_run_prints_every_day_with_its_sentence_and_saves_nothing(platform) -> None:
    group = calendar_group(lambda: platform)
    result = CliRunner().invoke(
        group, ["import-notice", str(NOTICES / "notice_2026.txt"), "--year", "2026", "--dry-run"]
    )
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stdout.splitlines() if line]
    assert lines[0] == "2026-01-01 休\t一、元旦：1月1日（周四）至3日（周六）放假调休，共3天"
    assert "2026-01-04 班\t1月4日（周日）上班" in lines
    special = {d for d in chinese_calendar.holidays if d.year == 2026} | {
        d for d in chinese_calendar.workdays if d.year == 2026
    }
    assert len(lines) == len(special)
    with Session(platform.engine) as session:
        assert session.exec(select(HolidayOverride)).all() == []


def test_an_unparsed_sentence_stops_the_import(platform, tmp_path) -> None:
    text = (NOTICES / "notice_2027.txt").read_text(encoding="utf-8")
    bad = tmp_path / "bad.txt"
    bad.write_text(text.replace("5月1日（周六）", "5月1日（周日）"), encoding="utf-8")
    result = CliRunner().invoke(
        calendar_group(lambda: platform), ["import-notice", str(bad), "--year", "2027"]
    )
    assert result.exit_code == 1
    assert "未能识别" in result.stderr and "周六" in result.stderr
    with Session(platform.engine) as session:
        assert session.get(HolidayYear, 2027) is None


def test_an_import_saves_the_year_and_recomputes(platform) -> None:
    result = CliRunner().invoke(
        calendar_group(lambda: platform),
        ["import-notice", str(NOTICES / "notice_2027.txt"), "--year", "2027", "--source", "测试"],
    )
    assert result.exit_code == 0, result.output
    assert "已保存 2027 年 33 天" in result.stdout
    with Session(platform.engine) as session:
        assert session.get(HolidayYear, 2027).complete
        assert len(session.exec(select(HolidayOverride)).all()) == 33
