"""Run the real ``sifa`` command in a subprocess, against a chosen database and plugin site."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

SIFA = str(Path(sys.executable).with_name("sifa"))


def sifa_env(database_url: str, data_dir: Path, site: Path | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SIFA_")}
    env.update(SIFA_DATABASE_URL=database_url, SIFA_DATA_DIR=str(data_dir))
    env["PYTHONPATH"] = str(site) if site else ""
    return env


def run_sifa(
    *args: str, env: dict[str, str], input: str | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [SIFA, *args], env=env, capture_output=True, text=True, input=input, timeout=timeout
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])
