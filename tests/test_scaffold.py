"""``sifa plugin new``: a plugin that works the moment it is written, and is found once installed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from core.scaffold import ScaffoldError, new_plugin
from tests.support.cli import run_sifa, sifa_env


def install_in_site(site: Path, name: str) -> None:
    """What ``pip install -e`` leaves behind: a dist-info with the entry point (the caller
    puts the plugin's folder on ``PYTHONPATH``, as the editable install's path hook would)."""
    site.mkdir(parents=True, exist_ok=True)
    dist_info = site / f"sifa_{name}-0.1.0.dist-info"
    dist_info.mkdir()
    (dist_info / "METADATA").write_text(
        f"Metadata-Version: 2.1\nName: sifa-{name}\nVersion: 0.1.0\n", encoding="utf-8"
    )
    (dist_info / "entry_points.txt").write_text(
        f"[sifa.plugins]\n{name} = {name}.plugin\n", encoding="utf-8"
    )


def test_a_new_plugin_passes_its_own_tests(tmp_path: Path) -> None:
    made = run_sifa(
        "plugin", "new", "petitions", "--dir", str(tmp_path / "petitions"),
        "--label-zh", "信访接待", "--label-en", "Petitions",
        env=sifa_env("sqlite:///unused", tmp_path / "data", None),
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    assert "已创建插件 petitions" in made.stdout and "pip install -e" in made.stdout
    plugin = tmp_path / "petitions"
    for part in (
        "pyproject.toml",
        "petitions/models.py",
        "petitions/pages.py",
        "petitions/indicators.py",
        "petitions/templates/petitions/list.html",
        "tests/test_petitions.py",
    ):
        assert (plugin / part).is_file(), part
    assert list((plugin / "petitions/migrations").glob("*_petitions0001_create_record.py"))
    assert 'petitions = "petitions.plugin"' in (plugin / "pyproject.toml").read_text()

    # its tests boot only the core and the new plugin, through the public test kit
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        cwd=plugin,
        env={"PYTHONPATH": str(plugin), "PATH": str(Path(sys.executable).parent)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "12 passed" in result.stdout


def test_an_installed_new_plugin_is_listed_and_migrates(tmp_path: Path) -> None:
    new_plugin("notary", tmp_path / "notary", label_zh="公证预约", label_en="Notary")
    site = tmp_path / "site"
    install_in_site(site, "notary")
    env = sifa_env(f"sqlite:///{tmp_path / 'db.sqlite3'}", tmp_path / "data", site)
    env["PYTHONPATH"] = f"{site}:{tmp_path / 'notary'}"
    listed = run_sifa("plugins", "list", env=env)
    assert listed.returncode == 0, listed.stderr
    assert "notary" in listed.stdout and "公证预约" in listed.stdout and "loaded" in listed.stdout
    upgraded = run_sifa("db", "upgrade", env=env)
    assert upgraded.returncode == 0, upgraded.stderr
    current = run_sifa("db", "current", env=env)
    assert "notary" in current.stdout and "notary0001" in current.stdout


@pytest.mark.parametrize(
    ("name", "says"),
    [
        ("Petitions", "插件名 'Petitions' 无效"),
        ("x", "无效"),
        ("core", "已被平台使用"),
        ("json", "已存在名为 'json' 的 Python 模块"),
    ],
)
def test_a_bad_name_is_refused_with_a_reason(tmp_path: Path, name: str, says: str) -> None:
    with pytest.raises(ScaffoldError, match=says):
        new_plugin(name, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_an_occupied_directory_is_never_overwritten(tmp_path: Path) -> None:
    target = tmp_path / "busy"
    target.mkdir()
    (target / "keep.txt").write_text("mine", encoding="utf-8")
    refused = run_sifa(
        "plugin", "new", "busyplugin", "--dir", str(target),
        env=sifa_env("sqlite:///unused", tmp_path / "data", None),
    )  # fmt: skip
    assert refused.returncode != 0 and "已存在且不为空" in refused.stderr
    assert [p.name for p in target.iterdir()] == ["keep.txt"]


def test_only_a_workspace_member_resolves_sifa_from_the_workspace(tmp_path: Path) -> None:
    """``plugins/NAME`` joins sifa's uv workspace; ``examples/NAME`` (excluded) and a folder
    elsewhere are plain distributions that pip installs beside an installed sifa."""
    root = tmp_path / "sifa"
    root.mkdir()
    (root / "pyproject.toml").write_text(
        '[project]\nname = "sifa"\n[tool.uv.workspace]\nmembers = ["plugins/*"]\n'
        'exclude = ["examples/*"]\n',
        encoding="utf-8",
    )
    for where, joined in (("plugins", True), ("examples", False), ("elsewhere", False)):
        made = new_plugin(f"p_{where}", root / where / f"p_{where}")
        text = (made.directory / "pyproject.toml").read_text(encoding="utf-8")
        assert ("sifa = { workspace = true }" in text) is joined, where
