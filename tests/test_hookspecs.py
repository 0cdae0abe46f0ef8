"""Hooks stay documented, tested and exercised (Datasette's discipline, STYLE.md lesson 2)."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

from core.plugins import PluginHost

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location(
    "gen_hook_docs", ROOT / "scripts" / "gen_hook_docs.py"
)
gen_hook_docs = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(gen_hook_docs)  # type: ignore[union-attr]

HOOKS = gen_hook_docs.hook_names()


def test_every_hook_has_a_docstring_that_says_when_and_which_version() -> None:
    from core import hookspecs

    for name in HOOKS:
        doc = getattr(hookspecs, name).__doc__ or ""
        assert "Called" in doc, f"{name}: say when it is called"
        assert "Returns" in doc, f"{name}: say what it returns"
        assert re.search(r"Added in core API \d+\.\d+", doc), f"{name}: say which version added it"


def test_generated_hook_reference_is_up_to_date() -> None:
    on_disk = gen_hook_docs.OUTPUT.read_text(encoding="utf-8")
    assert on_disk == gen_hook_docs.render(), "run: uv run python scripts/gen_hook_docs.py"


def test_the_test_plugin_implements_every_hook(plugin_site) -> None:
    host = PluginHost().load()
    plugin = host.get("testplugin").obj
    missing = [name for name in HOOKS if not hasattr(plugin, name)]
    assert not missing, f"the test plugin must exercise every hook; missing: {missing}"


def test_every_hook_is_named_in_some_test() -> None:
    """A hook nobody tests is a hook nobody knows works."""
    sources = "\n".join(
        p.read_text(encoding="utf-8")
        for p in (ROOT / "tests").rglob("test_*.py")
        if p.name != "test_hookspecs.py"
    )
    untested = [name for name in HOOKS if name not in sources]
    assert not untested, f"no test mentions: {untested}"
