"""docs/tutorial.md stays true (issue 22): what it quotes from the scaffold is what the
scaffold writes, its code compiles once the edits it describes are made, and every step the
wheel check performs (tests/test_wheels.py) is a snippet of the tutorial."""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

import pytest

from core.scaffold import new_plugin

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from wheel_install_check import TUTORIAL, snippets  # noqa: E402

STEPS = ("scaffold", "import-before", "import-after", "daily-job", "build", "install", "job")
QUOTE = re.compile(r"<!-- snippet: ([\w-]+) \(from the scaffold: ([\w/.]+)\) -->")


@pytest.fixture(scope="module")
def scaffolded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    plugin = new_plugin(
        "notary", tmp_path_factory.mktemp("tutorial") / "notary", label_zh="公证预约",
        label_en="Notary",
    )  # fmt: skip
    return plugin.directory


def test_every_step_the_wheel_check_performs_is_in_the_tutorial() -> None:
    found = snippets()
    assert set(STEPS) | {"uninstall", "serve"} <= set(found)
    assert found["scaffold"].split()[:3] == ["sifa", "plugin", "new"]
    assert "sifa-notary" in found["uninstall"] and "jobs run notary.daily" in found["job"]
    assert "tutorial.md" in (ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")


def test_what_the_tutorial_quotes_is_what_the_scaffold_writes(scaffolded: Path) -> None:
    text = TUTORIAL.read_text(encoding="utf-8")
    quoted = QUOTE.findall(text)
    assert len(quoted) >= 2
    found = snippets()
    for name, path in quoted:
        written = (scaffolded / path).read_text(encoding="utf-8")
        assert found[name].strip() in written, f"{path} no longer has the tutorial's {name}"


def test_the_plugin_with_the_tutorials_edits_is_valid_python(scaffolded: Path) -> None:
    found = snippets()
    source = (scaffolded / "notary" / "plugin.py").read_text(encoding="utf-8")
    assert found["import-before"].strip() in source
    edited = source.replace(found["import-before"].strip(), found["import-after"].strip())
    tree = ast.parse(edited + "\n\n" + found["daily-job"])
    defined = {n.name for n in tree.body if isinstance(n, ast.FunctionDef)}
    assert {"_daily", "sifa_periodic_jobs"} <= defined
    imported = {a.name for n in tree.body if isinstance(n, ast.ImportFrom) for a in n.names}
    assert {"OrgUnit", "PeriodicJob", "hookimpl"} <= imported
