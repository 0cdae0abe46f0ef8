"""Scaffold (脚手架) for a new plugin: ``sifa plugin new NAME``.

Writes a working plugin, not a skeleton to fill in: a distribution with its entry point, a
model and its first migration on the plugin's own line, permissions with default roles, a
scoped, paginated register page with create and edit forms (validation, optimistic
locking), navigation, an indicator, a README and tests that boot only the core and the new
plugin. The files come from ``template/`` beside this module; ``@@name@@`` and the other
markers are replaced in paths and text (markers, not Jinja, because the generated templates
are Jinja themselves).
"""

from __future__ import annotations

import fnmatch
import importlib.util
import re
import tomllib
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from packaging.version import Version

from core.plugins import CORE_API_VERSION

TEMPLATE = Path(__file__).parent / "template"
NAME = re.compile(r"^[a-z][a-z0-9_]{1,30}$")
#: Names the platform itself uses in URLs, tables or imports.
RESERVED = frozenset({"core", "web", "tests", "sifa", "api", "admin", "static", "m", "alembic"})


class ScaffoldError(Exception):
    """Why the plugin could not be created; the message is for the user (Chinese, English)."""


@dataclass(frozen=True)
class NewPlugin:
    name: str
    directory: Path
    files: list[Path]


def check_name(name: str) -> None:
    if not NAME.match(name):
        raise ScaffoldError(
            f"插件名 {name!r} 无效：须以小写字母开头，只含小写字母、数字和下划线，2–31 个字符"
            f" / invalid plugin name {name!r}: lowercase letters, digits and _, 2-31 characters"
        )
    if name in RESERVED:
        raise ScaffoldError(f"插件名 {name!r} 已被平台使用 / {name!r} is reserved by the platform")
    if importlib.util.find_spec(name) is not None:
        raise ScaffoldError(
            f"已存在名为 {name!r} 的 Python 模块，请换一个名字"
            f" / a Python module named {name!r} already exists; choose another name"
        )


def in_uv_workspace(directory: Path) -> bool:
    """Whether *directory* becomes a member of a uv workspace (sifa's own ``plugins/*``):
    then ``sifa`` must be resolved from the workspace, and only then (the same section
    makes an install outside a workspace fail). A folder the workspace does not list, or
    excludes (sifa's ``examples/*``), is a plain distribution installed with pip."""
    target = directory.resolve()
    root = target.parent.parent / "pyproject.toml"
    if not root.is_file():
        return False
    workspace = tomllib.loads(root.read_text(encoding="utf-8")).get("tool", {}).get("uv", {})
    workspace = workspace.get("workspace")
    if workspace is None:
        return False
    relative = target.relative_to(root.parent).as_posix()

    def listed(key: str) -> bool:
        return any(fnmatch.fnmatchcase(relative, glob) for glob in workspace.get(key, []))

    return listed("members") and not listed("exclude")


def markers(
    name: str, label_zh: str, label_en: str, today: date, *, workspace: bool = False
) -> dict[str, str]:
    api = Version(CORE_API_VERSION)
    return {
        "@@uv_sources@@": "\n[tool.uv.sources]\nsifa = { workspace = true }\n" if workspace else "",
        "@@name@@": name,
        "@@Name@@": "".join(part.capitalize() for part in name.split("_")),
        "@@label_zh@@": label_zh,
        "@@label_en@@": label_en,
        "@@date@@": today.isoformat(),
        "@@date_compact@@": today.strftime("%Y%m%d"),
        "@@api_major@@": str(api.major),
        "@@api_minor@@": str(api.minor),
        "@@api_next@@": str(api.major + 1),
    }


def _fill(text: str, values: dict[str, str]) -> str:
    for marker, value in values.items():
        text = text.replace(marker, value)
    return text


def new_plugin(
    name: str,
    directory: Path,
    *,
    label_zh: str | None = None,
    label_en: str | None = None,
    today: date | None = None,
) -> NewPlugin:
    """Write the plugin *name* into *directory* (which must be absent or empty)."""
    check_name(name)
    if directory.exists() and any(directory.iterdir()):
        raise ScaffoldError(
            f"目录 {directory} 已存在且不为空 / {directory} exists and is not empty"
        )
    values = markers(
        name,
        label_zh or name,
        label_en or name.replace("_", " ").capitalize(),
        today or date.today(),
        workspace=in_uv_workspace(directory),
    )
    written: list[Path] = []
    for source in sorted(TEMPLATE.rglob("*.tmpl")):
        relative = _fill(str(source.relative_to(TEMPLATE)), values).removesuffix(".tmpl")
        target = directory / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(_fill(source.read_text(encoding="utf-8"), values), encoding="utf-8")
        written.append(target)
    return NewPlugin(name=name, directory=directory, files=written)
