"""Who supervises whom: the heads of the organisations above a due item.

A *supervisor* is an account holding a supervising role — 司法所所长 ``station_head`` or
局领导 ``bureau_leader`` — granted on an organisation. For a due item the supervisors are
found up the tree from its organisation (the organisation itself first): the station's
head, then the county bureau's leaders, then the city bureau's. Each organisation on the
way whose grants name someone new is one *tier*; escalation climbs one tier per step.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, col, select

from core.identity.models import Role, RoleGrant, StaffAccount
from core.orgs.models import OrgUnit
from core.orgs.tree import path_ids

__all__ = ["SUPERVISING_ROLES", "SupervisorTier", "next_tier"]

SUPERVISING_ROLES: tuple[str, ...] = ("station_head", "bureau_leader")


@dataclass(frozen=True)
class SupervisorTier:
    """The supervisors at one organisation: ``depth`` is its distance from the root."""

    org_id: int
    depth: int
    account_ids: tuple[int, ...]


def next_tier(
    session: Session, org_id: int, *, above_depth: int | None, exclude: set[int]
) -> SupervisorTier | None:
    """The nearest tier at or above ``org_id`` that is strictly above ``above_depth``.

    Accounts in ``exclude`` (the responsible person, those told before) do not count: an
    organisation where nobody else supervises is passed over. None at the top of the tree.
    """
    org = session.get(OrgUnit, org_id)
    if org is None:
        return None
    chain = path_ids(org.path) or [org_id]  # root first: the index is the depth
    grants = session.exec(
        select(RoleGrant.org_id, RoleGrant.account_id)
        .join(Role, col(Role.id) == RoleGrant.role_id)
        .join(StaffAccount, col(StaffAccount.id) == RoleGrant.account_id)
        .where(
            col(Role.code).in_(SUPERVISING_ROLES),
            col(RoleGrant.org_id).in_(chain),
            col(StaffAccount.active).is_(True),
        )
    ).all()
    by_org: dict[int, set[int]] = {}
    for grant_org, account_id in grants:
        if grant_org is not None and account_id not in exclude:
            by_org.setdefault(grant_org, set()).add(account_id)
    limit = len(chain) if above_depth is None else min(above_depth, len(chain))
    for depth in range(limit - 1, -1, -1):
        accounts = by_org.get(chain[depth])
        if accounts:
            return SupervisorTier(chain[depth], depth, tuple(sorted(accounts)))
    return None
