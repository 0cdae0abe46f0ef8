"""``sifa orgs``: import the tree from the division codes, print it, move a branch.

The commands are built by :func:`orgs_group` around the platform getter of
:mod:`core.cli`, so they use the configured database like every other command. Each
command is one transaction: it commits when it succeeds and changes nothing when it fails.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path

import click

from core import migrate
from core.audit import audit_context, cli_actor_name
from core.db import session_scope
from core.orgs.changes import (
    apply_changes,
    diff_code_lists,
    parse_change_file,
    parse_code_list,
    write_change_file,
)
from core.orgs.divisions import DivisionDataError, DivisionSource, UnknownDivision, default_source
from core.orgs.errors import OrgError
from core.orgs.importer import MAX_VILLAGES, import_divisions
from core.orgs.rules import type_labels
from core.orgs.service import get_org, get_tree, move_subtree, subtree_size
from core.orgs.tree import TreeNode
from core.platform import Platform

__all__ = ["orgs_group", "render_tree"]

_USER_ERRORS = (OrgError, UnknownDivision, DivisionDataError)


def _describe(node: TreeNode) -> str:
    org = node.org
    parts = [org.name, f"#{org.id}", type_labels(org.type)[0]]
    if org.division_code:
        parts.append(org.division_code)
    if org.generated:
        parts.append("（生成）")
    if not org.active:
        parts.append("（已停用）")
    return " ".join(parts)


def render_tree(roots: list[TreeNode]) -> Iterator[str]:
    """Indented lines with branch glyphs, one per node, in listing order."""

    def lines(node: TreeNode, prefix: str, last: bool, top: bool) -> Iterator[str]:
        yield (prefix if top else prefix + ("└─ " if last else "├─ ")) + _describe(node)
        inner = prefix if top else prefix + ("   " if last else "│  ")
        for index, child in enumerate(node.children):
            yield from lines(child, inner, index == len(node.children) - 1, False)

    for root in roots:
        yield from lines(root, "", True, True)


def orgs_group(get_platform: Callable[[], Platform]) -> click.Group:
    """The ``orgs`` command group, using *get_platform* for settings and database."""

    @click.group("orgs")
    def orgs() -> None:
        """Organisation tree (组织机构): import, show, move."""

    def ready() -> Platform:
        platform = get_platform()
        try:
            migrate.ensure_up_to_date(platform.engine, platform.host)
        except migrate.DatabaseBehind as exc:
            raise click.ClickException(str(exc)) from exc
        return platform

    @orgs.command("import")
    @click.option(
        "--area",
        "areas",
        multiple=True,
        metavar="CODE",
        help="county-level code (6 digits), e.g. 371481; repeatable",
    )
    @click.option("--province", metavar="CODE", help="province code (2 digits), e.g. 37")
    @click.option(
        "--file",
        "directory",
        metavar="PATH",
        type=click.Path(exists=True, file_okay=False, path_type=Path),
        help="directory holding a newer release of provinces/cities/areas/streets "
        ".csv (or .csv.gz); default: the data packaged with sifa",
    )
    @click.option(
        "--villages",
        type=click.IntRange(0, MAX_VILLAGES),
        default=0,
        show_default=True,
        help="generate N villages/communities per station, flagged as generated "
        "(the official data has no village level)",
    )
    @click.option(
        "--with-city",
        is_flag=True,
        help="create the city bureau (市司法局) as the root above the bureaus",
    )
    def orgs_import(
        areas: tuple[str, ...],
        province: str | None,
        directory: Path | None,
        villages: int,
        with_city: bool,
    ) -> None:
        """Create bureaus (司法局) and stations (司法所) from official division codes.

        Re-running changes nothing: existing nodes are recognised by their division code
        (generated villages by station and number) and left as they are.
        """
        if bool(areas) == bool(province):
            raise click.UsageError(
                "请指定 --area（可多个）或 --province 其中之一 (give --area or --province)"
            )
        platform = ready()
        started = time.perf_counter()
        try:
            source = DivisionSource(directory) if directory else default_source()
            with (
                audit_context(actor_name=cli_actor_name()),
                session_scope(platform.engine) as session,
            ):
                report = import_divisions(
                    session,
                    areas=areas,
                    province=province,
                    source=source,
                    villages=villages,
                    with_city=with_city,
                )
        except _USER_ERRORS as exc:
            raise click.ClickException(str(exc)) from exc
        for line in report.lines():
            click.echo(line)
        click.echo(f"用时 elapsed {time.perf_counter() - started:.2f}s")

    @orgs.command("tree")
    @click.option(
        "--root", "root_id", type=int, help="start at this organisation id (default: every root)"
    )
    @click.option(
        "--depth", type=click.IntRange(min=0), help="levels below the root to show (default: all)"
    )
    def orgs_tree(root_id: int | None, depth: int | None) -> None:
        """Print the tree: name, #id, type, division code, generated/deactivated marks."""
        platform = ready()
        try:
            with session_scope(platform.engine) as session:
                lines = list(render_tree(get_tree(session, root_id, depth)))
        except _USER_ERRORS as exc:
            raise click.ClickException(str(exc)) from exc
        if not lines:
            click.echo(
                "还没有组织机构，可用 sifa orgs import 导入 "
                "(no organisations yet; run sifa orgs import)"
            )
        for line in lines:
            click.echo(line)

    @orgs.command("move")
    @click.argument("org_id", type=int)
    @click.argument("new_parent_id", type=int)
    def orgs_move(org_id: int, new_parent_id: int) -> None:
        """Move organisation ORG_ID and everything under it below NEW_PARENT_ID."""
        platform = ready()
        try:
            with (
                audit_context(actor_name=cli_actor_name()),
                session_scope(platform.engine) as session,
            ):
                org = move_subtree(session, org_id, new_parent_id)
                parent = get_org(session, new_parent_id)
                message = (
                    f"已移动 moved: {org.name} → {parent.name}"
                    f"（共 {subtree_size(session, org)} 个机构 units）"
                )
        except _USER_ERRORS as exc:
            raise click.ClickException(str(exc)) from exc
        click.echo(message)

    @orgs.command("apply-changes")
    @click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
    @click.option("--dry-run", is_flag=True, help="show what each line would do; save nothing")
    def orgs_apply_changes(file: Path, dry_run: bool) -> None:
        """Apply an official division change file (区划变更, CSV; see docs/orgs.md).

        One line per change says what it does to which unit, or why it cannot be applied.
        The file is applied all or nothing; lines already applied change nothing.
        """
        platform = ready()
        try:
            lines = parse_change_file(file.read_text(encoding="utf-8-sig"))
            with (
                audit_context(actor_name=cli_actor_name()),
                session_scope(platform.engine) as session,
            ):
                report = apply_changes(session, lines, dry_run=dry_run, source=file.name)
        except UnicodeDecodeError as exc:
            raise click.ClickException(
                f"文件不是 UTF-8 编码 (the file is not UTF-8): {file}"
            ) from exc
        except _USER_ERRORS as exc:
            raise click.ClickException(str(exc)) from exc
        for line in report.lines():
            click.echo(line)
        if report.problems:
            raise SystemExit(1)

    @orgs.command("diff-codes")
    @click.argument("old", type=click.Path(exists=True, dir_okay=False, path_type=Path))
    @click.argument("new", type=click.Path(exists=True, dir_okay=False, path_type=Path))
    @click.option(
        "--effective-on",
        required=True,
        type=click.DateTime(formats=["%Y-%m-%d"]),
        help="the day the new code list took effect (YYYY-MM-DD)",
    )
    @click.option(
        "-o",
        "--output",
        type=click.Path(dir_okay=False, path_type=Path),
        help="write the change file here (default: print it)",
    )
    def orgs_diff_codes(old: Path, new: Path, effective_on: object, output: Path | None) -> None:
        """Derive a change file from two full code lists (OLD and NEW: code,name[,parent]).

        Vanished codes without a successor are written as 待定 (to be decided): edit them
        to 撤销 or 合并 before applying; they are never guessed.
        """
        try:
            before = parse_code_list(old.read_text(encoding="utf-8-sig"))
            after = parse_code_list(new.read_text(encoding="utf-8-sig"))
        except UnicodeDecodeError as exc:
            raise click.ClickException("文件不是 UTF-8 编码 (a file is not UTF-8)") from exc
        except _USER_ERRORS as exc:
            raise click.ClickException(str(exc)) from exc
        lines = diff_code_lists(before, after, effective_on.date())  # type: ignore[attr-defined]
        text = write_change_file(lines)
        if output:
            output.write_text(text, encoding="utf-8")
        else:
            click.echo(text, nl=False)
        undecided = sum(1 for line in lines if line.kind_text == "待定")
        if undecided:
            click.echo(
                f"{undecided} 行待定：请改为“撤销”或“合并”后再导入 "
                f"({undecided} lines to be decided: abolish or merge)",
                err=True,
            )

    return orgs
