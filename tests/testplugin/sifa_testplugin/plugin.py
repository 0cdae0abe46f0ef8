"""Hook implementations of the test plugin: one for every hook the core declares."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
from litestar import get, post
from litestar.enums import RequestEncodingType
from litestar.params import Body
from litestar.response import Template
from sqlmodel import Session, select

from core.api import NavItem, PluginMeta, hookimpl
from sifa_testplugin.models import TestpluginNote

HERE = Path(__file__).parent

plugin_meta = PluginMeta(
    name="testplugin",
    label_zh="测试插件",
    label_en="Test plugin",
    version="0.1.0",
    core_api=">=1.0,<2",
)


@get("/", sync_to_thread=True)
def index(db: Session) -> Template:
    notes = db.exec(select(TestpluginNote).order_by(TestpluginNote.id)).all()
    return Template("testplugin/index.html", context={"notes": notes})


@post("/notes", sync_to_thread=True)
def add_note(
    db: Session, data: dict[str, Any] = Body(media_type=RequestEncodingType.URL_ENCODED)
) -> Template:
    text = str(data.get("text", "")).strip() or "空"
    note = TestpluginNote(text=text[:200])
    db.add(note)
    db.flush()
    return Template("testplugin/_note.html", context={"note": note})


@get("/boom", sync_to_thread=False)
def boom() -> None:
    raise RuntimeError("secret internal detail that must never reach a user")


@get("/notes", sync_to_thread=True)
def api_notes(db: Session) -> list[dict[str, Any]]:
    return [{"id": n.id, "text": n.text} for n in db.exec(select(TestpluginNote)).all()]


@click.command("hello")
def hello() -> None:
    """Say hello (proves plugin CLI commands)."""
    click.echo("你好，来自测试插件")


@hookimpl
def sifa_models() -> list[type[Any]]:
    return [TestpluginNote]


@hookimpl
def sifa_version_locations() -> str:
    return str(HERE / "migrations")


@hookimpl
def sifa_routes() -> list[Any]:
    return [index, add_note, boom]


@hookimpl
def sifa_api_routes() -> list[Any]:
    return [api_notes]


@hookimpl
def sifa_template_dir() -> str:
    return str(HERE / "templates")


@hookimpl
def sifa_static_dir() -> str:
    return str(HERE / "static")


@hookimpl
def sifa_navigation() -> list[NavItem]:
    return [NavItem(label_zh="测试笔记", label_en="Test notes", href="", order=900)]


@hookimpl
def sifa_cli_commands() -> list[Any]:
    return [hello]
