"""The ``sifa`` console script: the core's commands plus the web server."""

from __future__ import annotations

import logging
import sys

import click

from core.cli import _platform, cli, run
from core.migrate import DatabaseBehind
from web import cli_i18n  # noqa: F401  (registers `sifa i18n`)


@cli.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--reload", is_flag=True, help="restart on code changes (development)")
@click.option(
    "--workers",
    default=1,
    show_default=True,
    type=click.IntRange(1, 64),
    help="web processes on this port (more than 1 needs a shared broker, see docs/admin.md)",
)
def serve(host: str, port: int, reload: bool, workers: int) -> None:
    """Start the web server (启动网页服务).

    On SIGTERM or Ctrl-C it stops taking requests, gives those in flight half of
    ``shutdown_timeout`` (default 30 s), then stops the embedded jobs within the other half:
    a running job is interrupted and queued again.
    """
    import uvicorn

    from web.app import create_app

    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    platform = _platform()
    settings = platform.settings
    if workers > 1 and settings.uses_embedded_broker:
        click.echo(
            "多个网页进程需要共享的消息队列：请将 SIFA_BROKER_URL 设为 redis://… 或 amqp://…，"
            "并另行运行 sifa worker --scheduler（见管理员手册）\n"
            "Several web processes need a shared broker: set SIFA_BROKER_URL to redis://… "
            "or amqp://… and run sifa worker --scheduler separately (docs/admin.md).",
            err=True,
        )
        sys.exit(2)
    try:
        app = create_app(platform=platform)
    except DatabaseBehind as exc:
        click.echo(str(exc), err=True)
        sys.exit(2)
    grace = max(1, int(settings.shutdown_timeout / 2))
    options = {"host": host, "port": port, "proxy_headers": True}
    options["timeout_graceful_shutdown"] = grace
    # A process boots the platform (plugins, migration check) before answering uvicorn's
    # health check; on a busy two-core machine that takes longer than its 5 s default.
    options["timeout_worker_healthcheck"] = 120
    if reload or workers > 1:
        # uvicorn starts each process from the import string; web.asgi builds the same app
        # from the same environment.
        platform.engine.dispose()
        uvicorn.run("web.asgi:app", reload=reload, workers=None if reload else workers, **options)
    else:
        uvicorn.run(app, **options)


def main() -> None:
    run(cli)
