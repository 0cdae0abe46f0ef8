"""Keeping the built-in roles and every declared permission in the database.

Run by ``sifa db upgrade`` and ``sifa init`` (and safe to run any number of times):

- a missing built-in role is created with the permissions it gets by default;
- a permission seen for the first time (a plugin was installed or upgraded) is added to its
  default roles and remembered in the ``permission`` table;
- a permission seen before is left alone, so an administrator who removed it from a role
  keeps it removed. Nothing is ever deleted.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlmodel import Session, select

from core.identity.models import PermissionRecord, Role, RolePermission
from core.identity.permissions import BUILTIN_ROLES, declared_permissions, roles_by_default

if TYPE_CHECKING:
    from core.plugins import PluginHost


def sync_roles(session: Session, host: PluginHost | None) -> list[str]:
    """Bring roles up to date with the declarations; returns what it changed (for the CLI)."""
    changes: list[str] = []
    roles = {role.code: role for role in session.exec(select(Role)).all()}
    created: set[str] = set()
    for decl in BUILTIN_ROLES:
        if decl.code not in roles:
            role = Role(
                code=decl.code, label_zh=decl.label_zh, label_en=decl.label_en, builtin=True
            )
            session.add(role)
            roles[decl.code] = role
            created.add(decl.code)
            changes.append(f"role {decl.code}")
    session.flush()

    known = {p.code: p for p in session.exec(select(PermissionRecord)).all()}
    held = {
        (role_id, code)
        for role_id, code in session.exec(select(RolePermission.role_id, RolePermission.permission))
    }
    for owner, decl in declared_permissions(host):
        record = known.get(decl.code)
        is_new = record is None
        if record is None:
            record = PermissionRecord(
                code=decl.code, label_zh=decl.label_zh, label_en=decl.label_en, source=owner
            )
            session.add(record)
            known[decl.code] = record
            changes.append(f"permission {decl.code}")
        elif (record.label_zh, record.label_en) != (decl.label_zh, decl.label_en):
            record.label_zh, record.label_en = decl.label_zh, decl.label_en
        for role_code in sorted(roles_by_default(decl)):
            role = roles.get(role_code)
            if role is None or not (is_new or role_code in created):
                continue
            if (role.id, decl.code) not in held:
                session.add(RolePermission(role_id=role.id, permission=decl.code))
                held.add((role.id, decl.code))
    session.flush()
    return changes
