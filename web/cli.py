"""The ``sifa`` console script: the core's commands plus the web server."""

from __future__ import annotations

import logging
import sys

import click

from core.cli import _platform, cli, run
from core.migrate import DatabaseBehind


@cli.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--reload", is_flag=True, help="restart on code changes (development)")
def serve(host: str, port: int, reload: bool) -> None:
    """Start the web server (启动网页服务)."""
    import uvicorn

    from web.app import create_app

    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    try:
        app = create_app(platform=_platform())
    except DatabaseBehind as exc:
        click.echo(str(exc), err=True)
        sys.exit(2)
    if reload:
        uvicorn.run("web.asgi:app", host=host, port=port, reload=True, proxy_headers=True)
    else:
        uvicorn.run(app, host=host, port=port, proxy_headers=True)


def main() -> None:
    run(cli)
