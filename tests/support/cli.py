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


def invoke_sifa(
    *args: str, env: dict[str, str], input: str | None = None
) -> subprocess.CompletedProcess[str]:
    """``sifa`` run in this process by click's CliRunner: the same commands, output and exit
    status as :func:`run_sifa` without a new interpreter's ~4 s of imports and plugin loading.
    Keep :func:`run_sifa` where the process itself is under test (the console script, a
    server, signals). The ``SIFA_*`` variables of ``env`` are in force for the command only.
    """
    import traceback

    from click.testing import CliRunner

    from core import clock
    from core import platform as booted
    from core.cli import _platform, add_plugin_commands
    from web.cli import cli

    variables: dict[str, str | None] = {k: None for k in os.environ if k.startswith("SIFA_")}
    variables.update({k: v for k, v in env.items() if k.startswith("SIFA_")})
    previous, previous_clock = list(booted._booted), clock._process[0]
    _platform.cache_clear()
    booted._booted.clear()  # as in a new process: the command boots from the environment
    runner = CliRunner()
    try:
        with runner.isolation(env=variables):  # `sifa m …` is mounted from the booted platform
            add_plugin_commands(cli)
        result = runner.invoke(cli, list(args), input=input, env=variables)
    finally:
        if _platform.cache_info().currsize:
            _platform().engine.dispose()
        _platform.cache_clear()
        booted._booted[:] = previous  # the test's own platform stays the process's platform
        clock.use_process_clock(previous_clock)
    stderr = result.stderr
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        stderr += "".join(traceback.format_exception(result.exception))
    return subprocess.CompletedProcess(["sifa", *args], result.exit_code, result.stdout, stderr)
