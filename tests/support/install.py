"""Install the test plugin the way pip would, minus pip: a copy of the package plus a
``.dist-info`` with its entry points in a directory on ``sys.path``.

``importlib.metadata`` discovers entry points from that directory exactly as from
site-packages, so removing the ``.dist-info`` is a real uninstall.
"""

from __future__ import annotations

import shutil
from pathlib import Path

TESTPLUGIN_SRC = Path(__file__).resolve().parent.parent / "testplugin" / "sifa_testplugin"

ENTRY_POINTS = {
    "testplugin": "sifa_testplugin.plugin",
    "testbroken": "sifa_testplugin.broken_hook",
    "testimportfail": "sifa_testplugin.broken_import",
}


def install_testplugin(site: Path, entry_points: dict[str, str] | None = None) -> Path:
    """Copy the package into ``site`` and write its dist-info; returns the dist-info path."""
    site.mkdir(parents=True, exist_ok=True)
    target = site / "sifa_testplugin"
    if not target.exists():
        shutil.copytree(TESTPLUGIN_SRC, target, ignore=shutil.ignore_patterns("__pycache__"))
    dist_info = site / "sifa_testplugin-0.1.0.dist-info"
    dist_info.mkdir(exist_ok=True)
    (dist_info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: sifa-testplugin\nVersion: 0.1.0\n", encoding="utf-8"
    )
    eps = entry_points if entry_points is not None else ENTRY_POINTS
    lines = ["[sifa.plugins]", *(f"{name} = {target}" for name, target in eps.items())]
    (dist_info / "entry_points.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return dist_info


def uninstall_testplugin(site: Path) -> None:
    shutil.rmtree(site / "sifa_testplugin-0.1.0.dist-info", ignore_errors=True)
