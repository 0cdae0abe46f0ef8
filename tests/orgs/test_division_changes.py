"""Official division changes (issue 23): the packaged sample change file of 乐陵市 applied to
the imported tree — rename, recode, merge (records stay with the old unit; last year's
figures read both ways with equal totals), an unknown code refused with its line named, a
dry run that saves nothing, and a second apply that changes nothing."""

from __future__ import annotations

from datetime import date
from importlib.resources import files
from pathlib import Path

import pytest
from sifa_testplugin.models import TestpluginCase
from sqlmodel import Session, func, select

from core.audit.models import AuditRecord
from core.modules.service import set_active
from core.orgs.changes import (
    DivisionChange,
    apply_changes,
    diff_code_lists,
    parse_change_file,
    parse_code_list,
    write_change_file,
)
from core.orgs.history import ChangeKind, OrgChange, changes_of
from core.orgs.importer import import_divisions
from core.orgs.service import find_by_code
from core.platform import Platform
from tests.indicators.factories import PLUGIN, add_cases
from tests.orgs.support import snapshot
from tests.orgs.test_history import _figures
from tests.support.cli import invoke_sifa, sifa_env

SAMPLE = files("core.orgs") / "data" / "changes" / "371481-2026-sample.csv"
TODAY = date(2026, 12, 4)
SPREAD = (date(2025, 1, 10), date(2025, 12, 20))


def sample_lines():
    return parse_change_file(SAMPLE.read_text(encoding="utf-8"))


@pytest.fixture
def leling(platform: Platform):
    """乐陵市 imported from the packaged codes (one village per station), with 2025 cases at
    大孙乡 (merged away by the sample file) and 郑店镇 (its successor)."""
    with Session(platform.engine, expire_on_commit=False) as session:
        import_divisions(session, areas=["371481"], villages=1)
        bureau = find_by_code(session, "371481")
        set_active(session, platform.host, bureau.id, PLUGIN, True)
        dasun, zhengdian = find_by_code(session, "371481201"), find_by_code(session, "371481105")
        add_cases(session, dasun.id, 3, received=SPREAD, closed=3)
        add_cases(session, zhengdian.id, 7, received=SPREAD, closed=7)
        session.commit()
        yield session, bureau.id, dasun.id, zhengdian.id
        session.rollback()


def _changes(session: Session) -> int:
    return session.exec(select(func.count()).select_from(OrgChange)).one()


def test_a_dry_run_says_what_each_line_does_and_saves_nothing(leling) -> None:
    session, *_ = leling
    before = snapshot(session)
    report = apply_changes(session, sample_lines(), dry_run=True, today=TODAY)
    session.commit()
    texts = [o.text() for o in report.outcomes]
    assert [o.status for o in report.outcomes] == ["apply"] * 4
    assert "更名 371481200 西段乡司法所 → 371481109 西段镇司法所" in texts[0]
    assert "更名 371481003 云红街道司法所 → 371481003 云红路街道司法所" in texts[1]
    assert "合并 371481201 大孙乡司法所 并入 371481105 郑店镇司法所" in texts[2]
    assert "代码变更 371481203 寨头堡乡司法所 → 371481202" in texts[3]
    assert all("（2026-01-01 起）" in t for t in texts)
    assert report.lines()[-1] == "试运行，未保存 dry run, nothing saved"
    assert not report.applied
    assert snapshot(session) == before and _changes(session) == 0


def test_the_sample_file_renames_recodes_and_merges_with_its_day(leling, platform) -> None:
    session, bureau, dasun, zhengdian = leling
    report = apply_changes(session, sample_lines(), source="sample.csv", today=TODAY)
    session.commit()
    assert report.applied and not report.problems
    xiduan = find_by_code(session, "371481109")
    assert xiduan.name == "西段镇司法所" and find_by_code(session, "371481200") is None
    kinds = {(c.kind, c.old_code, c.new_code, c.old_name) for c in changes_of(session, xiduan.id)}
    assert (ChangeKind.RECODE, "371481200", "371481109", None) in kinds
    assert (ChangeKind.RENAME, None, None, "西段乡司法所") in kinds
    assert find_by_code(session, "371481003").name == "云红路街道司法所"
    zhaitoupu = find_by_code(session, "371481202")
    assert zhaitoupu.name == "寨头堡乡司法所"
    recode = changes_of(session, zhaitoupu.id)[0]
    assert (recode.effective_on, recode.note) == (date(2026, 1, 1), "示例〔2025〕4号")

    merged = session.get(type(xiduan), dasun)
    assert not merged.active
    merge = next(c for c in changes_of(session, dasun) if c.kind == ChangeKind.MERGE)
    assert (merge.successor_id, merge.effective_on) == (zhengdian, date(2026, 1, 1))
    # The records stay with the unit they belonged to.
    owners = session.exec(select(TestpluginCase.org_id).distinct()).all()
    assert sorted(owners) == sorted([dasun, zhengdian])
    # Last year's figures both ways: equal totals, 大孙乡 apart only "as they were".
    total_today, parts_today, _ = _figures(session, platform, bureau, as_was=False)
    total_then, parts_then, _ = _figures(session, platform, bureau, as_was=True)
    assert total_today == total_then == 10
    assert parts_today["郑店镇司法所"] == 10 and "大孙乡司法所" not in parts_today
    assert (parts_then["郑店镇司法所"], parts_then["大孙乡司法所"]) == (7, 3)
    audit = session.exec(
        select(AuditRecord).where(AuditRecord.action == "org_division_changes")
    ).one()
    assert audit.details["applied"] == 4


def test_applying_the_same_file_again_changes_nothing(leling) -> None:
    session, *_ = leling
    apply_changes(session, sample_lines(), today=TODAY)
    session.commit()
    before, changes = snapshot(session), _changes(session)
    again = apply_changes(session, sample_lines(), today=TODAY)
    session.commit()
    assert [o.status for o in again.outcomes] == ["done"] * 4
    assert snapshot(session) == before and _changes(session) == changes
    audits = session.exec(
        select(func.count()).where(AuditRecord.action == "org_division_changes")
    ).one()
    assert audits == 1


def test_an_unknown_code_is_refused_with_its_line_and_nothing_is_saved(leling) -> None:
    session, *_ = leling
    before = snapshot(session)
    text = (
        "effective_on,kind,old_code,old_name,new_code,new_name\n"
        "2026-01-01,rename,371481003,云红街道,,云红路街道\n"
        "2026-01-01,更名,371481999,不存在乡,,新名乡\n"
        "2026-01-01,更名,371481100,朱集镇,,杨安新镇\n"
        "2026-01-01,改名字,371481101,,,\n"
    )
    report = apply_changes(session, parse_change_file(text), today=TODAY)
    session.commit()
    assert not report.applied
    assert [o.line for o in report.problems] == [3, 4, 5]
    assert "没有区划代码为 371481999 的机构" in report.problems[0].text()
    assert report.problems[0].text().startswith("第 3 行 line 3 [不能执行 problem]")
    assert "杨安镇司法所" in report.problems[1].message  # the name does not match the code
    assert "不认识的变更类型“改名字”" in report.problems[2].message
    assert "整个文件未保存" in report.lines()[-1]
    assert snapshot(session) == before and _changes(session) == 0


def test_two_code_lists_give_changes_and_a_vanished_code_waits_for_a_decision(leling) -> None:
    session, *_ = leling
    old = parse_code_list(
        "code,name,areaCode\n"
        "371481100,杨安镇,371481\n371481104,花园镇,371481\n"
        "371481106,化楼镇,371481\n371481107,孔镇,371481\n"
    )
    new = parse_code_list(
        "code,name,areaCode\n"
        "371481100,杨安街道,371481\n371481111,花园镇,371481\n"
        "371481107,孔镇,371481\n371481120,新湖镇,371481\n"
    )
    lines = diff_code_lists(old, new, date(2026, 1, 1))
    assert [(line.kind, line.old_code, line.new_code) for line in lines] == [
        (DivisionChange.RENAME, "371481100", ""),
        (DivisionChange.RECODE, "371481104", "371481111"),
        (DivisionChange.UNDECIDED, "371481106", ""),
        (DivisionChange.CREATE, "", "371481120"),
    ]
    written = parse_change_file(write_change_file(lines))
    assert [line.kind_text for line in written] == ["更名", "代码变更", "待定", "新设"]
    report = apply_changes(session, written, dry_run=True, today=TODAY)
    session.commit()
    assert [o.status for o in report.outcomes] == ["apply", "apply", "problem", "apply"]
    assert "371481106 化楼镇 已不在新代码表中" in report.outcomes[2].message
    assert "新设 371481120 新湖镇司法所，隶属 371481 乐陵市司法局" in report.outcomes[3].message


def test_the_command_previews_then_applies(
    leling, database_url: str, tmp_path: Path, plugin_site: Path
) -> None:
    session, *_ = leling
    env = sifa_env(database_url, tmp_path / "data", plugin_site)
    sample = tmp_path / "changes.csv"
    sample.write_text(SAMPLE.read_text(encoding="utf-8"), encoding="utf-8")
    preview = invoke_sifa("orgs", "apply-changes", str(sample), "--dry-run", env=env)
    assert preview.returncode == 0, preview.stderr
    assert "第 7 行 line 7 [执行 apply] 合并 371481201 大孙乡司法所" in preview.stdout
    assert _changes(session) == 0
    applied = invoke_sifa("orgs", "apply-changes", str(sample), env=env)
    assert applied.returncode == 0, applied.stderr
    assert applied.stdout.splitlines()[-1] == "已保存 saved"
    session.expire_all()
    assert find_by_code(session, "371481109").name == "西段镇司法所"
    bad = tmp_path / "bad.csv"
    bad.write_text("生效日期,类型,原代码\n2026-01-01,撤销,371481999\n", encoding="utf-8")
    refused = invoke_sifa("orgs", "apply-changes", str(bad), env=env)
    assert refused.returncode == 1
    assert "第 2 行 line 2 [不能执行 problem] 没有区划代码为 371481999 的机构" in refused.stdout

    old, new = tmp_path / "old.csv", tmp_path / "new.csv"
    old.write_text("code,name\n371481106,化楼镇\n371481107,孔镇\n", encoding="utf-8")
    new.write_text("code,name\n371481107,孔镇\n", encoding="utf-8")
    out = tmp_path / "derived.csv"
    derived = invoke_sifa(
        "orgs",
        "diff-codes",
        str(old),
        str(new),
        "--effective-on",
        "2026-01-01",
        "-o",
        str(out),
        env=env,
    )
    assert derived.returncode == 0, derived.stderr
    assert "1 行待定" in derived.stderr
    assert out.read_text(encoding="utf-8").splitlines()[1] == "2026-01-01,待定,371481106,化楼镇,,,,"


# -- the administrator's page ------------------------------------------------------------


def test_the_page_previews_an_upload_then_applies_it_on_confirm(
    admin_client, station_a_client, platform: Platform, org_tree
) -> None:
    from tests.orgs.test_pages import clear_the_way_for_an_import
    from web.testing import csrf_headers, post_form

    clear_the_way_for_an_import(platform, org_tree)
    with Session(platform.engine, expire_on_commit=False) as session:
        import_divisions(session, areas=["371481"], villages=1)
        session.commit()
        bureau = find_by_code(session, "371481").id
        before = snapshot(session)
    url = f"/orgs/{bureau}/division-changes"
    assert admin_client.get(url).status_code == 200
    assert station_a_client.get(url).status_code in (403, 404)
    assert url in admin_client.get(f"/orgs/{bureau}").text

    sample = SAMPLE.read_bytes()
    preview = admin_client.post(
        url,
        data={"text": "", "source": "示例文件"},
        files={"file": ("changes.csv", sample, "text/csv")},
        headers=csrf_headers(admin_client),
        follow_redirects=False,
    )
    assert preview.status_code == 200, preview.text
    assert preview.text.count('data-status="apply"') == 4
    assert "合并 371481201 大孙乡司法所 并入 371481105 郑店镇司法所" in preview.text
    assert 'id="changes-confirm"' in preview.text
    with Session(platform.engine) as session:
        assert snapshot(session) == before and _changes(session) == 0

    text = sample.decode("utf-8")
    unconfirmed = post_form(admin_client, f"{url}/apply", {"text": text})
    assert unconfirmed.status_code == 422
    saved = post_form(admin_client, f"{url}/apply", {"text": text, "confirm": "1"})
    assert saved.status_code == 200, saved.text
    assert "已保存" in saved.text
    with Session(platform.engine) as session:
        assert find_by_code(session, "371481109").name == "西段镇司法所"
        assert _changes(session) > 0

    bad = post_form(
        admin_client,
        f"{url}/apply",
        {"text": "生效日期,类型,原代码\n2026-01-01,撤销,371482100\n", "confirm": "1"},
    )
    assert bad.status_code == 422
    assert "本机构范围内没有区划代码为 371482100 的机构" in bad.text
    missing = post_form(admin_client, f"{url}/apply", {"text": "a,b\n1,2\n", "confirm": "1"})
    assert missing.status_code == 422 and "变更文件缺少列" in missing.text
