"""Issue 22, acceptance 3: the tutorial's plugin, built and installed from wheels alone.

``scripts/wheel_install_check.py`` performs docs/tutorial.md with its snippets: builds the
wheels (``uv build``), installs the core and the plugin written outside the workspace into a
fresh virtualenv without the checkout on ``sys.path``, migrates, serves, checks 200/403/404,
runs the plugin's job twice, uninstalls it and starts the platform again. About 40-50 s; it
needs ``uv`` (the README's set-up installs it) and runs in the default suite.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = [pytest.mark.slow, pytest.mark.serial]


def test_core_and_a_plugin_install_from_wheels_serve_and_uninstall(tmp_path: Path) -> None:
    assert shutil.which("uv"), "uv is needed to build wheels (python3 -m pip install uv)"
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts/wheel_install_check.py"), "--keep", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "all checks passed" in done.stdout
