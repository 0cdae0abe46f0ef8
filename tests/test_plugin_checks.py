"""Issue 22, acceptance 1: a third-party plugin without record factories does not break the
core's access checks — they pass and name it; with factories, the plugin's own suite runs the
same checks (``web.testing_checks.PluginChecks``, in the scaffold's generated tests, run by
``tests/test_scaffold.py::test_a_new_plugin_passes_its_own_tests``)."""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlmodel import SQLModel

from core.migrate import upgrade
from core.platform import Platform
from core.scaffold import new_plugin
from core.settings import Settings
from tests.support.records import FACTORIES
from tests.test_access_records import all_factories, first_party_plugins
from tests.test_scaffold import install_in_site
from web.testing_checks import (
    PluginNotChecked,
    core_imports_outside_api,
    coverage,
    declared_factories,
    warn_unchecked,
)

NAME = "outsideplug"


@pytest.fixture
def outside_plugin(tmp_path: Path) -> Iterator[Path]:
    """A plugin written outside the workspace and installed (dist-info on ``sys.path``), its
    ``sifa_record_factories`` hook taken out: an author who never heard of the checks."""
    made = new_plugin(NAME, tmp_path / NAME, label_zh="外来插件", label_en="Outside")
    plugin_py = made.directory / NAME / "plugin.py"
    source = plugin_py.read_text(encoding="utf-8")
    without, n = re.subn(r"\n\n@hookimpl\ndef sifa_record_factories\(.*", "\n", source, flags=re.S)
    assert n == 1
    plugin_py.write_text(without, encoding="utf-8")
    site = tmp_path / "site"
    install_in_site(site, NAME)
    sys.path[:0] = [str(site), str(made.directory)]
    try:
        yield made.directory
    finally:
        sys.path.remove(str(site))
        sys.path.remove(str(made.directory))
        for module in [m for m in sys.modules if m == NAME or m.startswith(f"{NAME}.")]:
            del sys.modules[module]
        # the model's table goes too, so the next backend's run can import the plugin again
        table = SQLModel.metadata.tables.get(f"{NAME}_record")
        if table is not None:
            SQLModel.metadata.remove(table)


def test_the_core_checks_pass_and_name_a_third_party_plugin_without_factories(
    outside_plugin: Path, settings: Settings
) -> None:
    from web.app import create_app

    platform = Platform.boot(settings)  # the installed plugins and the outside one
    try:
        upgrade(platform.engine, platform.host)  # only the outside plugin's line is behind
        assert platform.host.get(NAME) is not None and platform.host.get(NAME).loaded
        assert NAME not in declared_factories(platform.host)
        app = create_app(platform=platform)
        found = coverage(
            app, platform.host, all_factories(platform.host), first_party=first_party_plugins()
        )
    finally:
        platform.engine.dispose()
    assert not found.missing  # nothing fails …
    assert found.unchecked == [NAME]  # … and the plugin is named
    assert not any(r.path.startswith(f"/m/{NAME}") for r in found.checked)
    with pytest.warns(PluginNotChecked, match=f"plugin {NAME} declares no sifa_record_factories"):
        warn_unchecked(found)


def test_a_first_party_model_without_a_factory_still_fails(platform: Platform) -> None:
    """Naming instead of failing is only for plugins outside the workspace."""
    from web.app import create_app

    try:
        app = create_app(platform=platform)
        factories = dict(all_factories(platform.host))
        factories.pop(next(m for m in FACTORIES if m.__name__ == "MediationCase"))
        found = coverage(app, platform.host, factories, first_party=first_party_plugins())
    finally:
        platform.engine.dispose()
    assert found.missing == {"mediation": ["MediationCase"]}
    assert found.unchecked == []


def test_the_house_rule_check_finds_a_private_core_import(tmp_path: Path) -> None:
    package = tmp_path / "naughty"
    package.mkdir()
    (package / "__init__.py").write_text("", encoding="utf-8")
    (package / "plugin.py").write_text(
        "from core.api import hookimpl\nfrom core.db import session_scope\nimport web.app\n",
        encoding="utf-8",
    )
    assert core_imports_outside_api(package) == [
        "naughty/plugin.py: core.db",
        "naughty/plugin.py: web.app",
    ]
