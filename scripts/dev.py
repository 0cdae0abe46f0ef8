#!/usr/bin/env python3
"""Set up and run sifa on a fresh machine that has only Python 3.11+.

    python3 scripts/dev.py start   # install, migrate, fill the demo bureau, serve on :8000
    python3 scripts/dev.py start --host 0.0.0.0 --port 8080   # other address (passed to serve)
    python3 scripts/dev.py test    # install, run the whole test suite

Uses only the standard library until uv is installed (with pip, if it is missing).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run(*cmd: str, env: dict[str, str] | None = None) -> None:
    print("+", " ".join(cmd), flush=True)
    completed = subprocess.run(cmd, cwd=ROOT, env=env)
    if completed.returncode != 0:
        sys.exit(completed.returncode)


def uv() -> str:
    found = shutil.which("uv")
    if found:
        return found
    run(sys.executable, "-m", "pip", "install", "--quiet", "uv")
    found = shutil.which("uv")
    if found:
        return found
    # pip may have put it in a scripts directory that is not on PATH (user installs).
    candidate = Path(sys.executable).with_name("uv")
    if candidate.exists():
        return str(candidate)
    sys.exit("uv was installed but cannot be found on PATH")


def sync(uv_bin: str) -> None:
    run(uv_bin, "sync", "--all-packages", "--locked")


def start(args: list[str]) -> None:
    uv_bin = uv()
    sync(uv_bin)
    run(uv_bin, "run", "sifa", "db", "upgrade")
    if os.environ.get("SIFA_SKIP_DEMO") != "1" and has_command(uv_bin, "demo"):
        run(uv_bin, "run", "sifa", "demo", "--if-empty")
    run(uv_bin, "run", "sifa", "serve", *(args or ["--host", "127.0.0.1", "--port", "8000"]))


def has_command(uv_bin: str, name: str) -> bool:
    # Loading every plugin to list the commands takes a while: say so rather than go quiet.
    print(f"… checking whether the `{name}` command is available", flush=True)
    out = subprocess.run(
        [uv_bin, "run", "sifa", "--help"], cwd=ROOT, capture_output=True, text=True
    )
    return f"  {name} " in out.stdout


def test(args: list[str]) -> None:
    """The whole suite in parallel, one pytest-xdist worker per core (``SIFA_TEST_WORKERS``
    overrides; 0 runs in this process). Servers, browsers and broker tests share one serial
    group (tests/conftest.py). The 20 slowest tests are listed before pytest's summary."""
    uv_bin = uv()
    sync(uv_bin)
    workers = os.environ.get("SIFA_TEST_WORKERS") or str(max(2, os.cpu_count() or 1))
    parallel = ["-n", workers, "--dist", "loadgroup"] if workers != "0" else []
    run(uv_bin, "run", "pytest", *parallel, "--durations=20", *args)


if __name__ == "__main__":
    if len(sys.argv) < 2 or sys.argv[1] not in {"start", "test"}:
        sys.exit(__doc__)
    {"start": start, "test": test}[sys.argv[1]](sys.argv[2:])
