"""The layering rules of DESIGN.md §1, checked on the source (not by convention).

core imports neither web nor any plugin; web imports no plugin; a plugin imports no other
plugin, and from the core only ``core.api``. The same holds for the example third-party
plugins in ``examples/``.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def sources(directory: Path) -> list[Path]:
    return [p for p in directory.rglob("*.py") if "tests" not in p.relative_to(directory).parts]


def plugin_packages() -> dict[str, Path]:
    """Import package name -> its directory, for every first-party and example plugin."""
    packages: dict[str, Path] = {}
    projects = [
        *(ROOT / "plugins").glob("*/pyproject.toml"),
        *(ROOT / "examples").glob("*/pyproject.toml"),
    ]
    for project in projects:
        for init in project.parent.glob("*/__init__.py"):
            packages[init.parent.name] = init.parent
    return packages


def top(module: str) -> str:
    return module.split(".", 1)[0]


def test_core_imports_neither_web_nor_plugins() -> None:
    forbidden = {"web", *plugin_packages()}
    offenders = [
        f"{path.relative_to(ROOT)}: {module}"
        for path in sources(ROOT / "core")
        for module in imported_modules(path)
        if top(module) in forbidden
    ]
    assert not offenders


def test_web_imports_no_plugin() -> None:
    forbidden = set(plugin_packages())
    offenders = [
        f"{path.relative_to(ROOT)}: {module}"
        for path in sources(ROOT / "web")
        for module in imported_modules(path)
        if top(module) in forbidden
    ]
    assert not offenders


def test_plugins_import_no_other_plugin_and_only_core_api() -> None:
    packages = plugin_packages()
    offenders = []
    for name, directory in packages.items():
        for path in sources(directory):
            for module in imported_modules(path):
                if top(module) in packages and top(module) != name:
                    offenders.append(f"{path.relative_to(ROOT)} imports plugin {module}")
                if top(module) == "core" and module != "core.api":
                    offenders.append(f"{path.relative_to(ROOT)} imports private {module}")
    assert not offenders


def test_the_rules_see_real_files() -> None:
    """Guard against a rule that silently checks nothing."""
    assert len(sources(ROOT / "core")) > 5
    assert len(sources(ROOT / "web")) > 3
    packages = plugin_packages()
    assert "mediation" in packages and "petitions" in packages  # a first-party and an example
    assert len(sources(packages["petitions"])) > 5
