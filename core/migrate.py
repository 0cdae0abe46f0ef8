"""Schema migrations for the core and each plugin, each with its own Alembic version table.

Why one version table per plugin (``alembic_version_<plugin>``) instead of branches in one
shared table: uninstalling a plugin must not leave a revision id behind that ``upgrade``
can no longer resolve (Indico and CKAN learned this). The core's line runs first, then the
plugins' in dependency order, which gives the same guarantee as a ``depends_on`` from every
plugin branch to the core branch.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine
from sqlmodel import SQLModel

from core.plugins import PluginHost

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
CORE_VERSIONS_DIR = MIGRATIONS_DIR / "versions"
CORE_COMPONENT = "core"


class DatabaseBehind(Exception):
    """The database schema is older than the code; the message names the command to run."""


class UnknownComponent(LookupError):
    """A migration command named a plugin that is not loaded or has no migrations."""


@dataclass
class Component:
    """One migration line: the core or one plugin."""

    name: str
    versions_dir: Path
    owned_tables: set[str] = field(default_factory=set)

    @property
    def version_table(self) -> str:
        return "alembic_version" if self.name == CORE_COMPONENT else f"alembic_version_{self.name}"

    def include_object(
        self, obj: Any, name: str | None, type_: str, reflected: bool, compare_to: Any
    ) -> bool:
        """Autogenerate looks only at this component's own tables."""
        table_name = (
            name if type_ == "table" else getattr(getattr(obj, "table", None), "name", None)
        )
        if table_name is None or table_name.startswith("alembic_version"):
            return False
        if table_name in self.owned_tables:
            return True
        # A table this component dropped from its models is still its own in the database.
        return bool(
            reflected
            and compare_to is None
            and self.name != CORE_COMPONENT
            and table_name.startswith(f"{self.name}_")
        )

    def config(self, connection: Any = None) -> Config:
        cfg = Config()
        cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
        cfg.set_main_option("path_separator", "os")
        cfg.set_main_option("version_locations", str(self.versions_dir))
        cfg.set_main_option("file_template", "%%(year)d%%(month).2d%%(day).2d_%%(rev)s_%%(slug)s")
        cfg.attributes["sifa_component"] = self
        cfg.attributes["connection"] = connection
        return cfg

    def heads(self) -> set[str]:
        return set(ScriptDirectory.from_config(self.config()).get_heads())

    def current(self, engine: Engine) -> set[str]:
        with engine.connect() as conn:
            ctx = MigrationContext.configure(conn, opts={"version_table": self.version_table})
            return set(ctx.get_current_heads())


def components(host: PluginHost) -> list[Component]:
    """The core first, then every loaded plugin that ships migrations, dependencies first."""
    plugin_tables: set[str] = set()
    found: list[Component] = []
    for record in host.loaded():
        c = record.contributions
        plugin_tables |= c.table_names
        if c.version_location is not None:
            found.append(Component(record.name, c.version_location, c.table_names))
    core = Component(CORE_COMPONENT, CORE_VERSIONS_DIR, _core_tables() - plugin_tables)
    return [core, *found]


def _core_tables() -> set[str]:
    import core.models  # noqa: F401 - registers every core table

    names: set[str] = set()
    for mapper in SQLModel._sa_registry.mappers:  # type: ignore[attr-defined]
        if mapper.class_.__module__.startswith("core."):
            names.add(mapper.local_table.name)
    return names


def component(host: PluginHost, name: str) -> Component:
    for c in components(host):
        if c.name == name:
            return c
    raise UnknownComponent(
        f"没有名为 {name} 的已加载插件迁移 (no loaded plugin {name!r} with migrations); "
        "see `sifa plugins list`"
    )


def upgrade(engine: Engine, host: PluginHost, target: str = "heads") -> None:
    """Bring every component to its newest revision, core first."""
    for c in components(host):
        with engine.begin() as conn:
            command.upgrade(c.config(conn), target)


def downgrade(engine: Engine, host: PluginHost, name: str, target: str) -> None:
    c = component(host, name)
    with engine.begin() as conn:
        command.downgrade(c.config(conn), target)


def revision(
    engine: Engine, host: PluginHost, name: str, message: str, autogenerate: bool
) -> list[Path]:
    """Write a new revision file into the component's own versions directory."""
    c = component(host, name)
    c.versions_dir.mkdir(parents=True, exist_ok=True)
    with engine.begin() as conn:
        result = command.revision(
            c.config(conn),
            message=message,
            autogenerate=autogenerate,
            version_path=str(c.versions_dir),
        )
    scripts = result if isinstance(result, list) else [result]
    return [Path(s.path) for s in scripts if s is not None]


@dataclass(frozen=True)
class Status:
    name: str
    current: frozenset[str]
    heads: frozenset[str]

    @property
    def up_to_date(self) -> bool:
        return self.current == self.heads


def status(engine: Engine, host: PluginHost) -> list[Status]:
    return [
        Status(c.name, frozenset(c.current(engine)), frozenset(c.heads())) for c in components(host)
    ]


def ensure_up_to_date(engine: Engine, host: PluginHost) -> None:
    """Refuse to run on a schema older than the code."""
    behind = [s for s in status(engine, host) if not s.up_to_date]
    if behind:
        names = ", ".join(s.name for s in behind)
        raise DatabaseBehind(
            f"数据库结构未升级 ({names})，请先运行：sifa db upgrade\n"
            f"The database schema is behind ({names}); run: sifa db upgrade"
        )
