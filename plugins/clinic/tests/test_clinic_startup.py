"""Every ``sifa`` command and web process imports the clinic's pages; only planning a month
needs OR-Tools, whose import (with pandas) cost each of them about a second and a half."""

from __future__ import annotations

import subprocess
import sys


def test_loading_the_clinic_pages_leaves_the_solver_unloaded() -> None:
    probe = "import sys, clinic.pages; print(sorted({'ortools', 'pandas'} & set(sys.modules)))"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
