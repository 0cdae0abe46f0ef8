"""Who holds a role on an organisation or above it (岗位人员): whom a plugin should tell.

A plugin that must notify "the station head and the bureau's leaders" of a case asks for
the holders of those roles along the case's organisation chain, without reading the
identity tables itself (plugins import only ``core.api``).
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlmodel import Session, col, select

from core.identity.models import Role, RoleGrant, StaffAccount
from core.orgs.models import OrgUnit
from core.orgs.tree import path_ids

__all__ = ["role_holders"]


def role_holders(
    session: Session, org_id: int, roles: Iterable[str], *, up_tree: bool = True
) -> list[int]:
    """Active accounts holding any of *roles* granted on *org_id* (and, with *up_tree*, on
    any organisation above it), sorted by id. Grants on no organisation are not counted:
    they belong to the installation's administrators, not to anyone in the chain."""
    wanted = sorted(set(roles))
    org = session.get(OrgUnit, org_id)
    if org is None or not wanted:
        return []
    chain = (path_ids(org.path) or [org_id]) if up_tree else [org_id]
    rows = session.exec(
        select(RoleGrant.account_id)
        .join(Role, col(Role.id) == RoleGrant.role_id)
        .join(StaffAccount, col(StaffAccount.id) == RoleGrant.account_id)
        .where(
            col(Role.code).in_(wanted),
            col(RoleGrant.org_id).in_(chain),
            col(StaffAccount.active).is_(True),
        )
        .distinct()
    ).all()
    return sorted(rows)
