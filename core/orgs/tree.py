"""Reading the organisation tree: subtrees, ancestors, children and whole branches.

"This node and everything under it" is one indexed predicate on the materialised path:
``path LIKE '/1/7/%'`` on PostgreSQL (the path index uses ``text_pattern_ops``) and the
equivalent ``path GLOB '/1/7/*'`` on SQLite, whose ``LIKE`` is case-insensitive and so
cannot use an ordinary index. Paths hold only digits and slashes, so both mean the same.
The prefix is rendered into the SQL text at execution time (it is validated first), so the
planner always sees a constant prefix, even for statements psycopg has prepared.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import String, bindparam
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.types import TypeDecorator
from sqlmodel import Session, select

from core.orgs.errors import OrgNotFound
from core.orgs.models import OrgUnit
from core.orgs.rules import SPINE_TYPES

__all__ = [
    "TreeNode",
    "ancestors",
    "children",
    "find_by_code",
    "get_org",
    "get_tree",
    "path_ids",
    "sibling_order",
    "subtree_ids_select",
    "subtree_predicate",
]

_PATH = re.compile(r"/(?:[0-9]+/)+")


def path_ids(path: str) -> list[int]:
    """The ids in a materialised path, root first: ``"/1/7/42/"`` → ``[1, 7, 42]``."""
    return [int(part) for part in path.strip("/").split("/") if part]


class _SubtreePattern(TypeDecorator[str]):
    """A path prefix that becomes the dialect's "starts with" pattern when sent."""

    impl = String
    cache_ok = True

    @staticmethod
    def _pattern(value: str, dialect: Any) -> str:
        return value + ("*" if dialect.name == "sqlite" else "%")

    def process_bind_param(self, value: str | None, dialect: Any) -> str | None:
        return None if value is None else self._pattern(value, dialect)


class _PathUnder(FunctionElement[bool]):
    """``column LIKE 'prefix%'``, or ``GLOB 'prefix*'`` on SQLite."""

    inherit_cache = True
    name = "path_under"


@compiles(_PathUnder)
def _compile_like(element: _PathUnder, compiler: Any, **kw: Any) -> str:
    column, pattern = element.clauses
    return f"{compiler.process(column, **kw)} LIKE {compiler.process(pattern, **kw)}"


@compiles(_PathUnder, "sqlite")
def _compile_glob(element: _PathUnder, compiler: Any, **kw: Any) -> str:
    column, pattern = element.clauses
    return f"{compiler.process(column, **kw)} GLOB {compiler.process(pattern, **kw)}"


def _prefix_of(org_or_path: OrgUnit | str) -> str:
    path = org_or_path if isinstance(org_or_path, str) else org_or_path.path
    if not _PATH.fullmatch(path or ""):
        raise ValueError(f"not a materialised org path: {path!r}")
    return path


def subtree_predicate(org_or_path: OrgUnit | str, column: Any = None) -> Any:
    """The WHERE clause "in this node's subtree (the node included)" on ``org_unit.path``.

    *column* lets a query test an aliased ``OrgUnit``'s path instead.
    """
    prefix = _prefix_of(org_or_path)
    pattern = bindparam(None, prefix, type_=_SubtreePattern(), literal_execute=True)
    return _PathUnder(column if column is not None else OrgUnit.path, pattern)


def subtree_ids_select(org_or_path: OrgUnit | str) -> Any:
    """``SELECT id`` of the node and everything under it, for ``org_id IN (…)`` filters.

    Inactive nodes are included: rows registered by a deactivated station still belong to
    its bureau.
    """
    return select(OrgUnit.id).where(subtree_predicate(org_or_path))


def sibling_order(org: OrgUnit) -> tuple[Any, ...]:
    """How siblings are listed: spine before attached units, then by code, then by age."""
    return (org.type not in SPINE_TYPES, org.division_code is None, org.division_code or "", org.id)


def get_org(session: Session, org_id: int, *, for_update: bool = False) -> OrgUnit:
    """The organisation with this id, or :class:`OrgNotFound`.

    *for_update* locks the row until the transaction ends (PostgreSQL; SQLite has a single
    writer anyway), which makes a version check and the following save atomic. The lock is
    ``FOR NO KEY UPDATE`` (ids never change): a plain ``FOR UPDATE`` also waited for every
    open transaction that had inserted a row pointing at the unit (a foreign key takes
    ``FOR KEY SHARE`` on it), so adding a committee under a busy station queued behind the
    station's in-flight work until ``lock_timeout`` (503).
    """
    statement = select(OrgUnit).where(OrgUnit.id == org_id)
    if for_update:
        statement = statement.with_for_update(key_share=True).execution_options(
            populate_existing=True
        )
    org = session.exec(statement).first()  # type: ignore[call-overload]
    if org is None:
        raise OrgNotFound(org_id)
    return org


def find_by_code(session: Session, code: str) -> OrgUnit | None:
    """The organisation carrying an official division code (codes are unique), if any."""
    statement = select(OrgUnit).where(OrgUnit.division_code == code.strip())
    return session.exec(statement).first()  # type: ignore[call-overload]


def ancestors(session: Session, org: OrgUnit) -> list[OrgUnit]:
    """The node's ancestors, root first, without the node itself (for breadcrumbs)."""
    ids = path_ids(org.path)[:-1]
    if not ids:
        return []
    statement = select(OrgUnit).where(OrgUnit.id.in_(ids)).order_by(OrgUnit.depth)  # type: ignore[union-attr]
    return list(session.exec(statement).all())  # type: ignore[call-overload]


def children(session: Session, org_id: int, *, include_inactive: bool = True) -> list[OrgUnit]:
    """The node's direct children in listing order."""
    statement = select(OrgUnit).where(OrgUnit.parent_id == org_id)
    if not include_inactive:
        statement = statement.where(OrgUnit.active.is_(True))  # type: ignore[attr-defined]
    return sorted(session.exec(statement).all(), key=sibling_order)  # type: ignore[call-overload]


@dataclass
class TreeNode:
    """One node of a loaded branch, with its loaded children in listing order."""

    org: OrgUnit
    children: list[TreeNode] = field(default_factory=list)

    def walk(self, level: int = 0) -> Iterable[tuple[int, OrgUnit]]:
        """Depth-first (level, org) pairs, this node first — handy for indented listings."""
        yield level, self.org
        for child in self.children:
            yield from child.walk(level + 1)


def get_tree(
    session: Session,
    root_id: int | None = None,
    max_depth: int | None = None,
    *,
    include_inactive: bool = True,
) -> list[TreeNode]:
    """A branch loaded in one query: the root (or every root when *root_id* is None) and
    its descendants down to *max_depth* levels below it (``0``: the root alone; ``None``:
    everything). Without *include_inactive*, deactivated nodes and their branches are left out.
    """
    statement = select(OrgUnit)
    base_depth = 0
    if root_id is not None:
        root = get_org(session, root_id)
        base_depth = root.depth
        statement = statement.where(subtree_predicate(root))
    if max_depth is not None:
        statement = statement.where(OrgUnit.depth <= base_depth + max_depth)
    if not include_inactive:
        statement = statement.where(OrgUnit.active.is_(True))  # type: ignore[attr-defined]
    rows = sorted(
        session.exec(statement.order_by(OrgUnit.depth)).all(),  # type: ignore[call-overload]
        key=sibling_order,
    )
    nodes = {org.id: TreeNode(org) for org in rows}
    roots: list[TreeNode] = []
    for org in rows:
        node = nodes[org.id]
        if org.id == root_id or (root_id is None and org.parent_id is None):
            roots.append(node)
        elif org.parent_id in nodes:
            nodes[org.parent_id].children.append(node)
    return roots
