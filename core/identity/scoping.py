"""THE scoping helper (数据范围): which organisations' rows may this account see or change?

Every list, detail, edit, export and API route that touches rows belonging to an
organisation asks :func:`scope_for` and filters with the answer; no handler filters by
organisation by hand, and no handler trusts an id from the URL without asking
:meth:`OrgScope.allows`. One helper means one place to get right and one place to audit::

    scope = scope_for(db, user.id, "mediation.cases.view")
    rows = db.exec(select(Case).where(scope.where(Case.org_id))).all()

    case = db.get(Case, case_id)
    if case is None or not scope.allows(db, case.org_id):
        raise NotFoundException()   # 404, not 403: never confirm that the row exists

A role granted on an organisation applies to that node and its whole subtree. Subtrees are
materialised paths (``/1/7/42/``), so "this node and everything under it" is the single
indexed predicate ``org_unit.path LIKE '/1/7/%'`` (``GLOB`` on SQLite, see
:func:`core.orgs.tree.subtree_predicate`) — cheap for a province-wide bureau too.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, false, or_, select, true
from sqlmodel import Session
from sqlmodel import select as sm_select

from core.identity.models import RoleGrant, RolePermission, StaffAccount
from core.orgs.models import OrgUnit
from core.orgs.tree import subtree_predicate


@dataclass(frozen=True)
class OrgScope:
    """The organisations an account may act on for one permission.

    ``paths`` are the roots of the subtrees (none nested in another); ``is_global`` means
    every organisation, including rows that belong to none (a grant with no organisation).
    """

    permission: str
    paths: tuple[str, ...] = ()
    is_global: bool = False

    @property
    def is_empty(self) -> bool:
        return not self.is_global and not self.paths

    def _path_predicate(self) -> ColumnElement[bool]:
        return or_(*(subtree_predicate(path) for path in self.paths))

    def org_ids_select(self) -> Any:
        """``SELECT org_unit.id`` of every organisation in scope, for ``column.in_(...)``
        (``session.exec`` on it yields the ids)."""
        query = sm_select(OrgUnit.id)
        if self.is_global:
            return query
        if self.is_empty:
            return query.where(false())
        return query.where(self._path_predicate())

    def where(self, org_id_column: Any) -> ColumnElement[bool]:
        """The predicate for a query: the row's organisation is in scope."""
        if self.is_global:
            return true()
        if self.is_empty:
            return false()
        return org_id_column.in_(self.org_ids_select())

    def covers_path(self, path: str) -> bool:
        return self.is_global or any(path.startswith(root) for root in self.paths)

    def allows(self, session: Session, org_id: int | None) -> bool:
        """May the account act on a row of organisation *org_id*? (None: only global scope.)"""
        if self.is_global:
            return True
        if org_id is None or self.is_empty:
            return False
        path = session.scalar(select(OrgUnit.path).where(OrgUnit.id == org_id))
        return path is not None and self.covers_path(path)


def scope_for(session: Session, account_id: int, permission: str) -> OrgScope:
    """The organisations where *account_id* holds a role granting *permission*, with subtrees.

    An inactive or unknown account has an empty scope.
    """
    rows = session.exec(
        sm_select(RoleGrant.org_id, OrgUnit.path)
        .join(RolePermission, RolePermission.role_id == RoleGrant.role_id)
        .join(StaffAccount, StaffAccount.id == RoleGrant.account_id)
        .outerjoin(OrgUnit, OrgUnit.id == RoleGrant.org_id)
        .where(
            RoleGrant.account_id == account_id,
            RolePermission.permission == permission,
            StaffAccount.active.is_(True),  # type: ignore[attr-defined]
        )
    ).all()
    if any(org_id is None for org_id, _ in rows):
        return OrgScope(permission, is_global=True)
    return OrgScope(permission, paths=_outermost(path for _, path in rows if path))


def _outermost(paths: Any) -> tuple[str, ...]:
    """Drop every path that lies inside another one; sorted, so results are stable."""
    kept: list[str] = []
    for path in sorted(set(paths), key=lambda p: (len(p), p)):
        if not any(path.startswith(root) for root in kept):
            kept.append(path)
    return tuple(sorted(kept))
