"""What the organisation pages read (机构树浏览): scoped roots, children, search, a node's detail.

A province holds some 1,853 stations and 18,000 villages, so nothing here loads a whole
branch: the tree starts at the roots of the user's scope and each node's children are read
when the user opens it, a page at a time, with one grouped query counting the children of
every node shown (to draw the expand toggle). Every read is limited to the user's
:class:`~core.identity.scoping.OrgScope`; ancestors above the scope are never named.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import case, func, not_, or_
from sqlmodel import Session, select

from core.identity.scoping import OrgScope
from core.orgs.models import CommitteeKind, OrgType, OrgUnit
from core.orgs.rules import (
    COMMITTEE_KIND_LABELS,
    SPINE_TYPES,
    all_types,
    allowed_parent_types,
    as_type,
    type_labels,
)
from core.orgs.tree import path_ids, subtree_predicate
from core.orgs.types import declared_org_types

CHILD_PAGE = 200
SEARCH_LIMIT = 30
PICKER_LIMIT = 20
TEXT_MAX = 50

#: Short Chinese/English labels for the type badges of the tree.
BADGES: dict[OrgType, tuple[str, str]] = {
    OrgType.PROVINCE: ("省司法厅", "Province"),
    OrgType.CITY_BUREAU: ("市司法局", "City bureau"),
    OrgType.BUREAU: ("司法局", "Bureau"),
    OrgType.STATION: ("司法所", "Station"),
    OrgType.COMMUNITY: ("村（社区）", "Village"),
    OrgType.MEDIATION_COMMITTEE: ("调委会", "Mediation"),
    OrgType.LAW_FIRM: ("律所", "Law firm"),
    OrgType.LEGAL_SERVICE_OFFICE: ("法律服务所", "Legal service"),
    OrgType.LEGAL_AID_CENTRE: ("法援中心", "Legal aid"),
    OrgType.PUBLIC_LEGAL_SERVICE_CENTRE: ("公法中心", "Public legal service"),
    OrgType.CLINIC_ROOM: ("诊室", "Clinic"),
}


def type_label(type_: str, locale: str, *, short: bool = False) -> str:
    """The Chinese (or English) name of an organisation type."""
    labels = type_labels(type_)
    if short:
        core = as_type(type_)
        decl = declared_org_types().get(str(type_))
        if core in BADGES:
            labels = BADGES[core]  # type: ignore[index]
        elif decl is not None:
            labels = (decl.short_zh or decl.label_zh, decl.short_en or decl.label_en)
    return labels[1] if locale == "en" else labels[0]


def kind_label(kind: str | None, locale: str) -> str:
    if not kind:
        return ""
    labels = COMMITTEE_KIND_LABELS[CommitteeKind(kind)]
    return labels[1] if locale == "en" else labels[0]


def child_types(parent_type: str | None) -> list[str]:
    """The types the rules allow under a node of *parent_type* (``None``: as a root): the
    core's, then the plugin-declared ones."""
    parent = as_type(parent_type) if parent_type else None
    return [str(t) for t in all_types() if parent in allowed_parent_types(t)]


def sibling_sql_order() -> tuple[Any, ...]:
    """:func:`core.orgs.tree.sibling_order` in SQL, so children can be paged in that order."""
    return (
        case((OrgUnit.type.in_([t.value for t in SPINE_TYPES]), 0), else_=1),  # type: ignore[attr-defined]
        case((OrgUnit.division_code.is_(None), 1), else_=0),  # type: ignore[union-attr]
        OrgUnit.division_code,
        OrgUnit.id,
    )


def _active() -> Any:
    return OrgUnit.active.is_(True)  # type: ignore[attr-defined]


# -- the tree ------------------------------------------------------------------------------


@dataclass
class NodeView:
    """One node as the tree draws it; ``children`` is None while it is still closed."""

    org: OrgUnit
    child_count: int = 0
    children: list[NodeView] | None = None
    more_offset: int | None = None


@dataclass
class NodePage:
    """A page of siblings (the scope's roots when ``parent_id`` is None)."""

    parent_id: int | None
    nodes: list[NodeView] = field(default_factory=list)
    more_offset: int | None = None


def scope_root_ids(scope: OrgScope) -> list[int]:
    """The nodes at the top of the user's tree: the organisations the grants name."""
    return [path_ids(path)[-1] for path in scope.paths]


def _siblings_query(scope: OrgScope, parent_id: int | None, hide_inactive: bool) -> Any:
    query = select(OrgUnit)
    if parent_id is not None:
        query = query.where(OrgUnit.parent_id == parent_id)
    elif scope.is_global:
        query = query.where(OrgUnit.parent_id.is_(None))  # type: ignore[union-attr]
    else:
        query = query.where(OrgUnit.id.in_(scope_root_ids(scope)))  # type: ignore[union-attr]
    if hide_inactive:
        query = query.where(_active())
    return query


def child_counts(session: Session, ids: list[int], *, hide_inactive: bool) -> dict[int, int]:
    """How many children each of *ids* has (one grouped query)."""
    if not ids:
        return {}
    query = (
        select(OrgUnit.parent_id, func.count())
        .where(OrgUnit.parent_id.in_(ids))  # type: ignore[union-attr]
        .group_by(OrgUnit.parent_id)
    )
    if hide_inactive:
        query = query.where(_active())
    return {parent: int(n) for parent, n in session.exec(query).all()}


def _views(session: Session, orgs: list[OrgUnit], hide_inactive: bool) -> list[NodeView]:
    counts = child_counts(session, [o.id for o in orgs], hide_inactive=hide_inactive)  # type: ignore[misc]
    return [NodeView(org, counts.get(org.id, 0)) for org in orgs]  # type: ignore[arg-type]


def node_page(
    session: Session,
    scope: OrgScope,
    parent_id: int | None,
    *,
    hide_inactive: bool,
    offset: int = 0,
    keep: OrgUnit | None = None,
) -> NodePage:
    """One page of a node's children (or of the scope's roots), in listing order.

    *keep* is shown even when it falls outside the page or the filter: the node the user
    is looking at never disappears from its own tree.
    """
    if scope.is_empty:
        return NodePage(parent_id)
    query = _siblings_query(scope, parent_id, hide_inactive)
    orgs = list(
        session.exec(query.order_by(*sibling_sql_order()).offset(offset).limit(CHILD_PAGE + 1))
    )
    more = offset + CHILD_PAGE if len(orgs) > CHILD_PAGE else None
    orgs = orgs[:CHILD_PAGE]
    if keep is not None and all(o.id != keep.id for o in orgs):
        orgs.append(keep)
    return NodePage(parent_id, _views(session, orgs, hide_inactive), more)


def in_scope_trail(scope: OrgScope, org: OrgUnit) -> list[int]:
    """The ids from the top of the user's tree down to *org* (both included)."""
    ids = path_ids(org.path)
    if scope.is_global:
        return ids
    tops = [len(path_ids(p)) for p in scope.paths if org.path.startswith(p)]
    return ids[min(tops) - 1 :] if tops else []


def tree_towards(
    session: Session, scope: OrgScope, focus: OrgUnit | None, *, hide_inactive: bool
) -> NodePage:
    """The scope's roots, opened along the way down to *focus* and at *focus* itself.

    A few pages of siblings, however deep the node: what a reload of a node's page shows.
    """
    trail = in_scope_trail(scope, focus) if focus is not None else []
    along = {o.id: o for o in session.exec(select(OrgUnit).where(OrgUnit.id.in_(trail)))}  # type: ignore[union-attr]
    roots = node_page(
        session,
        scope,
        None,
        hide_inactive=hide_inactive,
        keep=along.get(trail[0]) if trail else None,
    )
    level = roots.nodes
    for depth, org_id in enumerate(trail):
        node = next((n for n in level if n.org.id == org_id), None)
        if node is None:
            break
        following = along.get(trail[depth + 1]) if depth + 1 < len(trail) else None
        if not node.child_count and following is None:
            break
        page = node_page(session, scope, org_id, hide_inactive=hide_inactive, keep=following)
        node.children, node.more_offset = page.nodes, page.more_offset
        level = page.nodes
    return roots


# -- search and pickers --------------------------------------------------------------------


@dataclass
class Hit:
    """A search match with its ancestors inside the user's scope (root first)."""

    org: OrgUnit
    trail: list[OrgUnit]


def clean_text(value: str | None) -> str:
    return (value or "").strip()[:TEXT_MAX]


def _matching(text: str) -> Any:
    by_name = OrgUnit.name.contains(text, autoescape=True)  # type: ignore[attr-defined]
    if text.isascii() and text.isdigit():
        return or_(by_name, OrgUnit.division_code.startswith(text))  # type: ignore[union-attr]
    return by_name


def _with_trails(session: Session, scope: OrgScope, orgs: list[OrgUnit]) -> list[Hit]:
    wanted = {i for o in orgs for i in in_scope_trail(scope, o)[:-1]}
    names = {
        o.id: o
        for o in session.exec(select(OrgUnit).where(OrgUnit.id.in_(wanted)))  # type: ignore[union-attr]
    }
    return [Hit(o, [names[i] for i in in_scope_trail(scope, o)[:-1] if i in names]) for o in orgs]


def search_orgs(
    session: Session, scope: OrgScope, text: str, *, hide_inactive: bool, limit: int = SEARCH_LIMIT
) -> list[Hit]:
    """Organisations in scope whose name contains *text* or whose code starts with it."""
    if not text or scope.is_empty:
        return []
    query = select(OrgUnit).where(scope.where(OrgUnit.id), _matching(text))
    if hide_inactive:
        query = query.where(_active())
    orgs = list(session.exec(query.order_by(OrgUnit.depth, OrgUnit.name, OrgUnit.id).limit(limit)))
    return _with_trails(session, scope, orgs)


def move_targets(
    session: Session, scope: OrgScope, org: OrgUnit, text: str, *, limit: int = PICKER_LIMIT
) -> list[Hit]:
    """Where *org* may be moved within *scope*: active nodes of an allowed parent type,
    outside its own branch, other than its current parent; filtered by *text*."""
    parent_types = [str(t) for t in allowed_parent_types(org.type) if t is not None]
    if scope.is_empty or not parent_types:
        return []
    query = select(OrgUnit).where(
        scope.where(OrgUnit.id),
        _active(),
        OrgUnit.type.in_(parent_types),  # type: ignore[attr-defined]
        not_(subtree_predicate(org)),
    )
    if org.parent_id is not None:
        query = query.where(OrgUnit.id != org.parent_id)
    if text:
        query = query.where(_matching(text))
    orgs = list(session.exec(query.order_by(OrgUnit.depth, OrgUnit.name, OrgUnit.id).limit(limit)))
    return _with_trails(session, scope, orgs)


# -- one node ------------------------------------------------------------------------------


@dataclass
class ChildCount:
    type: str
    active: int
    inactive: int


def children_by_type(session: Session, org_id: int) -> list[ChildCount]:
    """The node's direct children counted by type, active and deactivated apart."""
    rows = session.exec(
        select(OrgUnit.type, OrgUnit.active, func.count())
        .where(OrgUnit.parent_id == org_id)
        .group_by(OrgUnit.type, OrgUnit.active)
    ).all()
    counts: dict[str, ChildCount] = {}
    for type_, active, n in rows:
        entry = counts.setdefault(str(type_), ChildCount(str(type_), 0, 0))
        if active:
            entry.active += int(n)
        else:
            entry.inactive += int(n)
    order = {str(t): i for i, t in enumerate(all_types())}
    return sorted(counts.values(), key=lambda c: order.get(c.type, 99))


def branch_size(session: Session, org: OrgUnit) -> int:
    """How many nodes the branch holds, the node included (what a move carries along)."""
    return int(session.exec(select(func.count()).where(subtree_predicate(org))).one())


def trail_of(session: Session, scope: OrgScope, org: OrgUnit) -> list[OrgUnit]:
    """The node's ancestors inside the user's scope, root first (for the breadcrumb)."""
    return _with_trails(session, scope, [org])[0].trail
