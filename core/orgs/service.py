"""Changing the organisation tree (组织机构): add, rename, deactivate, reactivate, move.

Plain transactional functions: each takes the caller's ``Session``, flushes, and leaves the
commit (or rollback) to the caller, so a page, the API, the CLI and a job all make the same
change the same way. Rules a user can break raise an :class:`~core.orgs.errors.OrgError`
with a Chinese message; a save based on an outdated version raises
:class:`~core.locking.StaleRecord`. Every change bumps ``version`` and ``updated_at`` of each
row it touches.

Deactivation (停用) of a node that still has active descendants is refused unless the
caller asks for ``cascade=True``, which deactivates the whole branch in one statement: a
forgotten station must never silently keep working under a closed bureau, and closing a
whole branch should be one deliberate act. Reactivation is one node at a time, under an
active parent, so nothing comes back that the user did not choose.

Reading functions (subtrees, ancestors, children, branches) live in :mod:`core.orgs.tree`
and are re-exported here.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import Integer, String, case, exists, func, inspect, literal, null, update
from sqlalchemy.orm import aliased
from sqlmodel import Session, select

from core.audit import record_event
from core.locking import StaleRecord, check_version, lock_for_change, touch
from core.orgs.errors import (
    DuplicateDivisionCode,
    HasActiveChildren,
    InactiveOrg,
    InvalidMove,
    NameTaken,
)
from core.orgs.history import ChangeKind, beijing_today, record_change
from core.orgs.models import CommitteeKind, OrgType, OrgUnit
from core.orgs.rules import (
    check_parent,
    clean_committee_kind,
    clean_division_code,
    clean_name,
    parse_type,
)
from core.orgs.tree import (
    TreeNode,
    ancestors,
    children,
    find_by_code,
    get_org,
    get_tree,
    subtree_ids_select,
    subtree_predicate,
)

__all__ = [
    "TreeNode",
    "ancestors",
    "children",
    "create_org",
    "deactivate_org",
    "find_by_code",
    "get_org",
    "get_tree",
    "merge_org",
    "move_subtree",
    "reactivate_org",
    "recode_org",
    "rename_org",
    "subtree_ids_select",
    "subtree_size",
]


def _now() -> datetime:
    return datetime.now(UTC)


def _sibling_filter(parent_id: int | None) -> object:
    return OrgUnit.parent_id.is_(None) if parent_id is None else OrgUnit.parent_id == parent_id  # type: ignore[union-attr]


def _check_name_free(
    session: Session, parent_id: int | None, name: str, *, exclude_id: int | None = None
) -> None:
    """Names are unique among the active children of one parent (roots count as siblings)."""
    statement = select(OrgUnit.id).where(
        _sibling_filter(parent_id),
        OrgUnit.name == name,
        OrgUnit.active.is_(True),  # type: ignore[attr-defined]
    )
    if exclude_id is not None:
        statement = statement.where(OrgUnit.id != exclude_id)
    if session.exec(statement.limit(1)).first() is not None:
        raise NameTaken(name)


def _check_active_parent(parent: OrgUnit | None, action_zh: str, action_en: str) -> None:
    if parent is not None and not parent.active:
        raise InactiveOrg(
            f"上级机构“{parent.name}”已停用，不能{action_zh}",
            f"The parent {parent.name!r} is deactivated; cannot {action_en}",
        )


def create_org(
    session: Session,
    *,
    name: str,
    type: OrgType | str,
    parent_id: int | None = None,
    division_code: str | None = None,
    committee_kind: CommitteeKind | str | None = None,
    generated: bool = False,
) -> OrgUnit:
    """Add a node under *parent_id* (or as a root), with its path and depth set."""
    type_ = parse_type(type)
    clean = clean_name(name)
    code = clean_division_code(type_, division_code)
    kind = clean_committee_kind(type_, committee_kind)
    parent = get_org(session, parent_id, for_update=True) if parent_id is not None else None
    check_parent(type_, parent.type if parent else None)
    _check_active_parent(parent, "在其下新增机构", "add a unit under it")
    _check_name_free(session, parent_id, clean)
    if code is not None and (holder := find_by_code(session, code)) is not None:
        raise DuplicateDivisionCode(code, holder.name)
    now = _now()
    org = OrgUnit(
        name=clean,
        type=type_,
        committee_kind=kind,
        division_code=code,
        parent_id=parent_id,
        path="",
        depth=parent.depth + 1 if parent else 0,
        generated=generated,
        created_at=now,
        updated_at=now,
    )
    session.add(org)
    session.flush()  # the path ends with the node's own id
    org.path = f"{parent.path if parent else '/'}{org.id}/"
    session.flush()
    return org


def rename_org(
    session: Session,
    org_id: int,
    name: str,
    *,
    expected_version: int | None = None,
    effective_on: date | None = None,
) -> OrgUnit:
    """Give a node a new name; refuses a stale version and a name taken by a sibling.

    The old name is kept in the unit's history (:mod:`core.orgs.history`) with the day the
    new one took effect (today unless given)."""
    org = get_org(session, org_id, for_update=True)
    lock_for_change(session, org, expected_version)
    clean = clean_name(name)
    if clean == org.name:
        return org
    if org.active:
        _check_name_free(session, org.parent_id, clean, exclude_id=org.id)
    record_change(
        session,
        ChangeKind.RENAME,
        org.id,  # type: ignore[arg-type]
        old_name=org.name,
        new_name=clean,
        effective_on=effective_on or beijing_today(),
    )
    org.name = clean
    touch(org)
    session.flush()
    return org


def _active_descendants(session: Session, org: OrgUnit) -> int:
    statement = select(func.count()).where(
        subtree_predicate(org),
        OrgUnit.id != org.id,
        OrgUnit.active.is_(True),  # type: ignore[attr-defined]
    )
    return int(session.exec(statement).one())


def _expire_loaded(session: Session, path_prefix: str) -> None:
    """Forget the loaded state of nodes a bulk statement just changed behind the ORM."""
    for obj in list(session.identity_map.values()):
        if isinstance(obj, OrgUnit):
            loaded_path = inspect(obj).dict.get("path")
            if loaded_path is None or loaded_path.startswith(path_prefix):
                session.expire(obj)


def deactivate_org(
    session: Session,
    org_id: int,
    *,
    expected_version: int | None = None,
    cascade: bool = False,
) -> OrgUnit:
    """Switch a node off (停用); its rows stay where they are.

    With active descendants this raises :class:`HasActiveChildren` unless *cascade*, which
    switches off the node and its whole branch in one statement. Already inactive: nothing
    changes.
    """
    org = get_org(session, org_id, for_update=True)
    lock_for_change(session, org, expected_version)
    if not org.active:
        return org
    active_below = _active_descendants(session, org)
    if active_below and not cascade:
        raise HasActiveChildren(org.name, active_below)
    if not active_below:
        org.active = False
        touch(org)
        session.flush()
        return org
    result = session.exec(
        update(OrgUnit)
        .where(subtree_predicate(org), OrgUnit.active.is_(True))  # type: ignore[attr-defined]
        .values(active=False, version=OrgUnit.version + 1, updated_at=_now())
        .execution_options(synchronize_session=False)
    )
    path = org.path
    _expire_loaded(session, path)
    record_event(
        session,
        "org_deactivate_branch",
        entity="org_unit",
        entity_id=str(org_id),
        org_id=org_id,
        details={"path": path, "deactivated": result.rowcount},
    )
    return org


def reactivate_org(
    session: Session, org_id: int, *, expected_version: int | None = None
) -> OrgUnit:
    """Switch one node back on, under an active parent and with a name still free there."""
    org = get_org(session, org_id, for_update=True)
    lock_for_change(session, org, expected_version)
    if org.active:
        return org
    parent = get_org(session, org.parent_id) if org.parent_id is not None else None
    _check_active_parent(parent, "启用其下的机构", "reactivate a unit under it")
    _check_name_free(session, org.parent_id, org.name, exclude_id=org.id)
    org.active = True
    touch(org)
    session.flush()
    return org


def _check_move_target(org: OrgUnit, new_parent: OrgUnit | None) -> None:
    if new_parent is not None and new_parent.path.startswith(org.path):
        if new_parent.id == org.id:
            raise InvalidMove(
                f"不能把“{org.name}”移到它自己之下", f"Cannot move {org.name!r} under itself"
            )
        raise InvalidMove(
            f"不能把“{org.name}”移到它自己的下级“{new_parent.name}”之下",
            f"Cannot move {org.name!r} under its own sub-unit {new_parent.name!r}",
        )
    check_parent(org.type, new_parent.type if new_parent else None)
    _check_active_parent(new_parent, "把机构移到其下", "move a unit under it")


def move_subtree(
    session: Session,
    org_id: int,
    new_parent_id: int | None,
    *,
    expected_version: int | None = None,
    effective_on: date | None = None,
) -> OrgUnit:
    """Move a node and its whole branch under *new_parent_id* (``None``: make it a root).

    The move is kept in the unit's history with the day it took effect (today unless
    given), so the tree can be read as it was before (:func:`core.orgs.history.chains_as_of`).

    One UPDATE statement rewrites the path prefix and depth of every node of the branch, the
    node's parent, and each row's version, so the branch is never seen half moved and
    everything under it at once answers to the new parent's subtree predicate. Refuses
    moving a node under itself or its own descendant, a move the type rules forbid, a move
    under a deactivated node, and a name already used under the new parent.
    """
    org = get_org(session, org_id, for_update=True)
    check_version(org, expected_version)
    seen_version = org.version
    if new_parent_id == org.parent_id:
        return org
    new_parent = (
        get_org(session, new_parent_id, for_update=True) if new_parent_id is not None else None
    )
    _check_move_target(org, new_parent)
    if org.active:
        _check_name_free(session, new_parent_id, org.name, exclude_id=org.id)
    old_path, old_parent_id = org.path, org.parent_id
    new_path = f"{new_parent.path if new_parent else '/'}{org.id}/"
    depth_change = (new_parent.depth + 1 if new_parent else 0) - org.depth
    tail = func.substr(OrgUnit.path, len(old_path) + 1, type_=String)
    # The version guard sits in the same statement: on SQLite nothing was locked when the
    # node was read, so a concurrent move that committed first leaves this one 0 rows.
    guard = aliased(OrgUnit)
    still_as_read = exists().where(guard.id == org.id, guard.version == seen_version)
    result = session.exec(
        update(OrgUnit)
        .where(subtree_predicate(old_path), still_as_read)
        .values(
            path=literal(new_path, String) + tail,
            depth=OrgUnit.depth + depth_change,
            parent_id=case(
                (
                    OrgUnit.id == org.id,
                    literal(new_parent_id, Integer) if new_parent_id is not None else null(),
                ),
                else_=OrgUnit.parent_id,
            ),
            version=OrgUnit.version + 1,
            updated_at=_now(),
        )
        .execution_options(synchronize_session=False)
    )
    if result.rowcount == 0:
        raise StaleRecord(org, seen_version)
    _expire_loaded(session, old_path)
    record_change(
        session,
        ChangeKind.MOVE,
        org_id,
        from_parent_id=old_parent_id,
        to_parent_id=new_parent_id,
        effective_on=effective_on or beijing_today(),
    )
    record_event(
        session,
        "org_move",
        entity="org_unit",
        entity_id=str(org_id),
        org_id=org_id,
        details={
            "from_parent_id": old_parent_id,
            "to_parent_id": new_parent_id,
            "from_path": old_path,
            "to_path": new_path,
            "nodes": result.rowcount,
        },
    )
    return org


def merge_org(
    session: Session,
    org_id: int,
    into_id: int,
    *,
    effective_on: date,
    expected_version: int | None = None,
    note: str = "",
) -> OrgUnit:
    """Merge a unit into another of the same type under the same parent (撤并), on a day.

    The unit's children move under the successor (each move kept in the history with that
    day), the succession is recorded, and the unit is switched off. Its own records stay
    with it: indicators re-mapped onto today's tree count them under the successor, and
    "as they were" shows them under the unit. Refuses merging a unit into itself, into a
    unit of another type or parent, a switched-off unit, a date in the future, and a child
    whose name is already used under the successor. Returns the successor.
    """
    org = get_org(session, org_id, for_update=True)
    lock_for_change(session, org, expected_version)
    into = get_org(session, into_id, for_update=True)
    if into.id == org.id:
        raise InvalidMove(f"不能把“{org.name}”并入它自己", f"Cannot merge {org.name!r} into itself")
    if not org.active or not into.active:
        raise InactiveOrg(
            "已停用的机构不能合并，也不能被并入",
            "A switched-off unit can neither be merged nor receive a merge",
        )
    if into.type != org.type or into.parent_id != org.parent_id:
        raise InvalidMove(
            f"只能并入同一上级下的同类机构，“{into.name}”不符合",
            f"A unit can only be merged into one of the same type under the same parent; "
            f"{into.name!r} is not",
        )
    if effective_on > beijing_today():
        raise InvalidMove(
            "合并生效日期不能晚于今天；请在生效当日或之后登记",
            "The merge cannot take effect after today; record it on or after the day",
        )
    for child in children(session, org.id):  # type: ignore[arg-type]
        move_subtree(session, child.id, into.id, effective_on=effective_on)  # type: ignore[arg-type]
    record_change(
        session,
        ChangeKind.MERGE,
        org.id,  # type: ignore[arg-type]
        successor_id=into.id,
        effective_on=effective_on,
        note=note[:500],
    )
    org = get_org(session, org_id, for_update=True)
    org.active = False
    touch(org)
    session.flush()
    record_event(
        session,
        "org_merge",
        entity="org_unit",
        entity_id=str(org_id),
        org_id=org_id,
        details={"into": into.id, "effective_on": effective_on.isoformat()},
    )
    return into


def recode_org(
    session: Session,
    org_id: int,
    code: str,
    *,
    effective_on: date,
    expected_version: int | None = None,
    note: str = "",
) -> OrgUnit:
    """Give a unit a new official division code (代码变更) from a day on.

    The unit, its id and its records stay as they are; the old and the new code are kept in
    the history. Refuses a code of the wrong length for the type and a code another unit
    holds. The same code again changes nothing."""
    org = get_org(session, org_id, for_update=True)
    lock_for_change(session, org, expected_version)
    clean = clean_division_code(org.type, code)
    if clean == org.division_code:
        return org
    if clean is not None and (holder := find_by_code(session, clean)) is not None:
        raise DuplicateDivisionCode(clean, holder.name)
    record_change(
        session,
        ChangeKind.RECODE,
        org.id,  # type: ignore[arg-type]
        old_code=org.division_code,
        new_code=clean,
        effective_on=effective_on,
        note=note[:500],
    )
    org.division_code = clean
    touch(org)
    session.flush()
    return org


def subtree_size(session: Session, org: OrgUnit) -> int:
    """How many nodes the branch holds, the node included."""
    return int(session.exec(select(func.count()).where(subtree_predicate(org))).one())
