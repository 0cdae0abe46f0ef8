"""The ``sifa`` command's core part: database and plugin administration.

The web server command is added by ``web.cli`` (the core never imports the web package).
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

import click

from core import migrate
from core.identity.cli import init_command, sync_roles_now, users
from core.indicators.commands import indicators_group
from core.orgs.commands import orgs_group
from core.platform import Platform
from core.scheduling.calendar_cli import calendar_group
from core.scheduling.commands import jobs_group, worker_command


@cache
def _platform() -> Platform:
    return Platform.boot()


@click.group()
def cli() -> None:
    """sifa 司法行政综合平台 — command line."""


cli.add_command(orgs_group(_platform))
cli.add_command(worker_command(_platform))
cli.add_command(jobs_group(_platform))
cli.add_command(calendar_group(_platform))
cli.add_command(indicators_group(_platform))


@cli.group()
def db() -> None:
    """Database schema: upgrade, inspect, write revisions (数据库迁移)."""


@db.command("upgrade")
def db_upgrade() -> None:
    """Apply all pending migrations of the core and every loaded plugin."""
    p = _platform()
    before = {s.name: s.current for s in migrate.status(p.engine, p.host)}
    migrate.upgrade(p.engine, p.host)
    for change in sync_roles_now(p):
        click.echo(f"+ {change}")
    applied = 0
    for s in migrate.status(p.engine, p.host):
        was = before.get(s.name, frozenset())
        now = ", ".join(sorted(s.current)) or "-"
        if s.current != was:
            applied += 1
            click.echo(
                f"{s.name:<20} {', '.join(sorted(was)) or '(空)'} → {now}  已升级 (upgraded)"
            )
        else:
            click.echo(f"{s.name:<20} {now}")
    if applied:
        click.echo(f"已升级 {applied} 个组件的数据库结构 (upgraded {applied} components)")
    else:
        click.echo("数据库已是最新，无需升级 (database was already up to date)")


@db.command("current")
def db_current() -> None:
    """Show each component's revision and whether it is up to date."""
    p = _platform()
    behind = False
    for s in migrate.status(p.engine, p.host):
        mark = "ok" if s.up_to_date else "待升级 (behind)"
        behind |= not s.up_to_date
        current = ", ".join(sorted(s.current)) or "-"
        heads = ", ".join(sorted(s.heads)) or "-"
        click.echo(f"{s.name:<20} current={current:<32} head={heads:<32} {mark}")
    if behind:
        click.echo("运行 sifa db upgrade 以升级 (run: sifa db upgrade)")


@db.command("revision")
@click.option("--plugin", "name", required=True, help="core, or the plugin whose line gets it")
@click.option("-m", "--message", required=True)
@click.option("--autogenerate", is_flag=True, help="compare the plugin's models with the database")
def db_revision(name: str, message: str, autogenerate: bool) -> None:
    """Write a new revision file into one component's migration line."""
    p = _platform()
    try:
        paths = migrate.revision(p.engine, p.host, name, message, autogenerate)
    except migrate.UnknownComponent as exc:
        raise click.ClickException(str(exc)) from exc
    for path in paths:
        click.echo(f"wrote {path}")


@db.command("downgrade")
@click.option("--plugin", "name", required=True, help="core, or a plugin name")
@click.argument("target", default="-1")
@click.option("--yes", is_flag=True, help="do not ask for confirmation")
def db_downgrade(name: str, target: str, yes: bool) -> None:
    """Undo migrations of one component (destroys data: asks first)."""
    if not yes:
        click.confirm(
            f"降级 {name} 到 {target} 可能删除数据，继续吗？ (downgrade {name} to {target}, data may be lost)",
            abort=True,
        )
    p = _platform()
    try:
        migrate.downgrade(p.engine, p.host, name, target)
    except migrate.UnknownComponent as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"{name} downgraded to {target}")


@cli.group()
def plugins() -> None:
    """Installed plugins (插件)."""


@plugins.command("list")
def plugins_list() -> None:
    """Name, version, label, state and, for a failed plugin, why."""
    host = _platform().host
    if not host.records:
        click.echo("没有安装插件 (no plugins installed)")
        return
    for r in sorted(host.records.values(), key=lambda r: r.name):
        click.echo(
            f"{r.name:<16} {r.version:<10} {r.label_zh} / {r.label_en:<24} {r.state.value}"
            + (f"  — {r.reason}" if r.reason else "")
        )
        for warning in r.warnings:
            click.echo(f"{'':<16} 警告 (warning): {warning}")


@plugins.command("new")
@click.argument("name")
@click.option(
    "--dir",
    "directory",
    type=click.Path(path_type=Path, file_okay=False),
    help="where to write it (default: plugins/NAME inside a sifa checkout, else ./NAME)",
)
@click.option("--label-zh", help="the module's Chinese name, e.g. 信访接待")
@click.option("--label-en", help="the module's English name, e.g. Petitions")
def plugins_new(
    name: str, directory: Path | None, label_zh: str | None, label_en: str | None
) -> None:
    """Create a working plugin to build on (新建插件): model, migration, pages, indicator, tests."""
    from core.scaffold import ScaffoldError, new_plugin

    target = directory or (Path("plugins") / name if Path("plugins").is_dir() else Path(name))
    try:
        made = new_plugin(name, target, label_zh=label_zh, label_en=label_en)
    except ScaffoldError as exc:
        raise click.ClickException(str(exc)) from exc
    click.echo(f"已创建插件 {name}（{len(made.files)} 个文件）: {made.directory}")
    if not tidy(made.directory):
        click.echo(
            "（未安装 ruff，生成的代码未按项目风格整理 / ruff not installed: not formatted）"
        )
    inside = made.directory.resolve().parent == Path("plugins").resolve()
    click.echo("下一步 (next):")
    if inside:
        click.echo("  uv lock && uv sync --all-packages   # the workspace picks up plugins/*")
    else:
        click.echo(f"  pip install -e {made.directory}   # into the platform's environment")
    click.echo(f"  sifa plugins list && sifa db upgrade && (cd {made.directory} && pytest)")


def tidy(directory: Path) -> bool:
    """Sort imports and format the new plugin with ruff when it is installed (the plugin's
    name decides where its imports sort and how long lines get, so the templates cannot be
    pre-formatted for every name). False when ruff is not available."""
    import importlib.util
    import subprocess

    if importlib.util.find_spec("ruff") is None:
        return False
    for args in (["check", "--fix", "--quiet", "--select", "I"], ["format", "--quiet"]):
        subprocess.run([sys.executable, "-m", "ruff", *args, str(directory)], check=False)
    return True


#: ``sifa plugin new`` reads better than ``sifa plugins new``; both work.
cli.add_command(plugins, name="plugin")


@cli.command("shell")
@click.option("-c", "--command", "code", help="run this Python code instead of a prompt")
@click.argument("script", required=False, type=click.Path(exists=True, dir_okay=False))
def shell(code: str | None, script: str | None) -> None:
    """Python with the booted platform (平台命令行): for scripts and one-off repairs.

    The namespace holds ``platform`` (settings, engine, plugins, clock), ``session`` (a unit
    of work: ``with session() as s: ...``), ``now`` and ``api`` (``core.api``). Every change
    is audited, with ``cli:<os user>`` as the actor. ``sifa shell SCRIPT.py`` runs a file,
    ``sifa shell -c CODE`` a line, plain ``sifa shell`` an interactive prompt.
    """
    import code as interactive
    import runpy

    import core.api
    from core.audit import audit_context, cli_actor_name

    p = _platform()
    names = {"platform": p, "session": p.session, "now": core.api.now, "api": core.api}
    with audit_context(actor_name=cli_actor_name()):
        if code is not None:
            exec(compile(code, "<sifa shell -c>", "exec"), names)
        elif script is not None:
            runpy.run_path(script, init_globals=names, run_name="__main__")
        else:
            loaded = ", ".join(r.name for r in p.host.loaded()) or "-"
            interactive.interact(
                banner=f"sifa shell — plugins: {loaded}; names: platform, session, now, api",
                local=names,
            )


@cli.group()
def audit() -> None:
    """Audit trail (审计日志)."""


@audit.command("verify")
@click.option("--batch-size", default=2000, show_default=True, help="records read per query")
def audit_verify(batch_size: int) -> None:
    """Walk the hash chain; name the first broken record and exit 1 if there is one."""
    import time

    from core.audit.verify import verify_chain

    started = time.perf_counter()
    with _platform().engine.connect() as connection:
        report = verify_chain(connection, batch_size=batch_size)
    elapsed = time.perf_counter() - started
    if report.broken:
        b = report.broken
        click.echo(
            f"审计链断裂 (audit chain broken) at record {b.id} ({b.at:%Y-%m-%d %H:%M:%S} UTC)"
        )
        click.echo(f"  {b.problem}")
        click.echo(f"  {report.count} records before it are intact ({elapsed:.1f}s)")
        sys.exit(1)
    click.echo(f"OK: {report.count} records verified in {elapsed:.1f}s")
    if report.head_id is not None:
        click.echo(f"head: record {report.head_id} hash {report.head_hash}")


cli.add_command(init_command)
cli.add_command(users)


@cli.command("demo")
@click.option("--if-empty", is_flag=True, help="do nothing when organisations already exist")
@click.option("--area", default="371481", show_default=True, help="county code of the demo bureau")
@click.option("--villages", default=3, show_default=True, help="generated villages per station")
@click.option("--people", default=300, show_default=True, help="citizens to register")
def demo(if_empty: bool, area: str, villages: int, people: int) -> None:
    """Fill a demo bureau: real stations, staff of every role, citizens, all modules on."""
    from core import migrate
    from core.db import session_scope
    from core.demo import DEMO_PASSWORD, fill_demo, has_data

    p = _platform()
    try:
        migrate.ensure_up_to_date(p.engine, p.host)
    except migrate.DatabaseBehind as exc:
        raise click.ClickException(str(exc)) from exc
    with session_scope(p.engine) as session:
        if has_data(session):
            if if_empty:
                click.echo("已有数据，跳过演示数据 (data exists; demo skipped)")
                return
            raise click.ClickException(
                "数据库中已有机构数据，演示数据只能填入空库 (the database is not empty)"
            )
        report = fill_demo(session, p.host, area=area, villages=villages, people=people)
    click.echo(
        f"演示司法局已建立：新建机构 {report.created_orgs} 个，群众 {report.people} 人，"
        f"启用模块：{', '.join(report.plugins) or '-'}"
    )
    click.echo(f"演示账号（口令均为 {DEMO_PASSWORD}，仅供演示）:")
    for a in report.accounts:
        click.echo(f"  {a.username:<10} {a.display_name:<6} {a.role:<16} {a.org_name}")
    for plugin, reason in report.failed.items():
        click.echo(f"模块 {plugin} 的演示数据未能写入 (demo data failed): {reason}", err=True)


def add_plugin_commands(group: click.Group) -> None:
    """Mount each loaded plugin's commands under ``sifa m <plugin>``."""
    m = click.Group("m", help="Plugin commands (插件命令).")
    for record in _platform().host.loaded():
        if record.contributions.cli_commands:
            sub = click.Group(record.name, help=record.label_zh)
            for command in record.contributions.cli_commands:
                sub.add_command(command)
            m.add_command(sub)
    group.add_command(m)


def run(group: click.Group) -> None:
    """Entry point helper: plugin commands are attached lazily so ``--help`` stays fast."""
    add_plugin_commands(group)
    sys.exit(group.main(standalone_mode=True))
