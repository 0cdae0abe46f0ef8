"""``sifa orgs …`` run as the real click command (in this process), against the test database."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import Session, func, select

from core.orgs.divisions import default_source
from core.orgs.models import OrgUnit
from core.orgs.service import find_by_code, get_org, subtree_ids_select
from core.platform import Platform
from tests.orgs.test_importer import newer_release
from tests.support.cli import invoke_sifa, sifa_env


@pytest.fixture
def env(database_url: str, tmp_path: Path, plugin_site: Path) -> dict[str, str]:
    return sifa_env(database_url, tmp_path / "data", plugin_site)


def test_import_twice_then_tree_then_move(env: dict[str, str], platform: Platform) -> None:
    args = ("orgs", "import", "--area", "371481", "--area", "371482", "--villages", "2")
    first = invoke_sifa(*args, env=env)
    assert first.returncode == 0, first.stderr
    assert "县（区）司法局 bureaus: 新建 created 2, 未变 unchanged 0" in first.stdout
    stations = len(default_source().streets_in_area("371482")) + 16
    assert f"司法所 stations: 新建 created {stations}, 未变 unchanged 0" in first.stdout

    again = invoke_sifa(*args, env=env)
    assert again.returncode == 0, again.stderr
    assert f"司法所 stations: 新建 created 0, 未变 unchanged {stations}" in again.stdout
    assert f"新建 created 0, 未变 unchanged {2 * stations}" in again.stdout

    with Session(platform.engine) as session:
        bureau = find_by_code(session, "371481")
        yangan, yucheng = find_by_code(session, "371481100"), find_by_code(session, "371482")
        assert session.exec(select(func.count()).select_from(OrgUnit)).one() == 2 + 3 * stations
    tree = invoke_sifa("orgs", "tree", "--root", str(bureau.id), "--depth", "1", env=env)
    assert tree.returncode == 0, tree.stderr
    lines = tree.stdout.splitlines()
    assert lines[0] == f"乐陵市司法局 #{bureau.id} 县（区）司法局 371481"
    assert f"├─ 杨安镇司法所 #{yangan.id} 司法所 371481100" in lines
    assert len(lines) == 17 and "第1村" not in tree.stdout

    moved = invoke_sifa("orgs", "move", str(yangan.id), str(yucheng.id), env=env)
    assert moved.returncode == 0, moved.stderr
    assert "已移动 moved: 杨安镇司法所 → 禹城市司法局（共 3 个机构 units）" in moved.stdout
    with Session(platform.engine) as session:
        villages = set(session.exec(select(OrgUnit.id).where(OrgUnit.parent_id == yangan.id)))
        assert len(villages) == 2
        assert villages <= set(session.exec(subtree_ids_select(get_org(session, yucheng.id))))
        assert not villages & set(session.exec(subtree_ids_select(bureau)))

    refused = invoke_sifa("orgs", "move", str(yucheng.id), str(yangan.id), env=env)
    assert refused.returncode == 1
    assert "不能把“禹城市司法局”移到它自己的下级“杨安镇司法所”之下" in refused.stderr


def test_usage_errors_and_an_empty_tree(env: dict[str, str]) -> None:
    result = invoke_sifa("orgs", "import", env=env)
    assert result.returncode == 2
    assert "请指定 --area（可多个）或 --province 其中之一" in result.stderr
    result = invoke_sifa("orgs", "import", "--area", "999999", env=env)
    assert result.returncode == 1 and "未找到行政区划代码 999999" in result.stderr
    result = invoke_sifa("orgs", "tree", env=env)
    assert result.returncode == 0, result.stderr
    assert "sifa orgs import" in result.stdout


def test_import_from_a_newer_release(
    env: dict[str, str], tmp_path: Path, platform: Platform
) -> None:
    directory = newer_release(tmp_path)
    result = invoke_sifa("orgs", "import", "--area", "371481", "--file", str(directory), env=env)
    assert result.returncode == 0, result.stderr
    assert f"数据来源 source: {directory}" in result.stdout
    with Session(platform.engine) as session:
        assert find_by_code(session, "371481999").name == "新设镇司法所"
