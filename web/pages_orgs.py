"""Organisation tree pages (组织机构): browse, search, add, rename, deactivate, move.

The tree starts at the roots of the user's ``core.orgs.view`` scope and opens lazily: each
node's children are fetched with htmx when the user expands it. Changes need
``core.orgs.manage`` over the node; the core guard answers 404 for a node outside the scope
named in any URL, and ids arriving in a form (a move's new parent) are checked here the
same way. Every change goes through :mod:`core.orgs.service`; a rule the user broke is a
422 with the Chinese message next to the form, a stale version a 409 that keeps the input.

With htmx a change answers with the refreshed detail panel and, out of band, the tree
opened down to the node; without it, with a redirect to the node's page.
"""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace
from typing import Any
from urllib.parse import urlencode

from litestar import Request, Response, get, post
from litestar.exceptions import NotFoundException, PermissionDeniedException
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_303_SEE_OTHER, HTTP_409_CONFLICT
from sqlmodel import Session

from core.i18n import N_
from core.identity.current import CurrentUser
from core.identity.scoping import OrgScope
from core.locking import StaleRecord
from core.orgs import service
from core.orgs.errors import (
    DuplicateDivisionCode,
    HasActiveChildren,
    InvalidCommitteeKind,
    InvalidDivisionCode,
    InvalidName,
    InvalidParent,
    NameTaken,
    OrgError,
    UnknownOrgType,
)
from core.orgs.history import beijing_today, changes_of
from core.orgs.models import CommitteeKind, OrgType, OrgUnit
from core.orgs.rules import allowed_parent_types
from core.text import clean_free_text
from web import org_browser as browse
from web.guards import PERMISSION, RECORDS
from web.pages_account import FORM, locale_of

VIEW = "core.orgs.view"
MANAGE = "core.orgs.manage"
HTTP_422 = 422
ORG = {"org_id": OrgUnit}

DONE = {
    "created": N_("机构已新增。"),
    "renamed": N_("名称已保存。"),
    "deactivated": N_("机构已停用。"),
    "reactivated": N_("机构已重新启用。"),
    "moved": N_("机构已移动，其全部下级随之移动。"),
    "merged": N_("合并已登记：原机构的下级已移入承继机构，原机构已停用，其历史数据保留。"),
}
ADD_FIELDS = ("name", "type", "committee_kind", "division_code")
#: The form field a service error is about, so its message shows next to that field.
ERROR_FIELDS: tuple[tuple[type[OrgError], str], ...] = (
    (InvalidName, "name"),
    (NameTaken, "name"),
    (UnknownOrgType, "type"),
    (InvalidParent, "type"),
    (InvalidCommitteeKind, "committee_kind"),
    (InvalidDivisionCode, "division_code"),
    (DuplicateDivisionCode, "division_code"),
)


class MissingType(OrgError):
    """The add form was sent without a type."""

    def __init__(self) -> None:
        super().__init__("请选择机构类型", "Choose the type of organisation")


def field_of(exc: OrgError) -> str | None:
    if isinstance(exc, MissingType):
        return "type"
    return next((name for kind, name in ERROR_FIELDS if isinstance(exc, kind)), None)


# -- small helpers ------------------------------------------------------------------------


def _int(value: Any) -> int | None:
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return None


def _is_htmx(request: Request[Any, Any, Any]) -> bool:
    return request.headers.get("hx-request") == "true"


def _hide(values: Any) -> bool:
    return str(values.get("hide_inactive", "")) == "1"


def _version(data: dict[str, Any]) -> int:
    """The version the form was loaded with; a form without one is treated as stale."""
    return _int(data.get("version")) or 0


def _message(exc: OrgError | StaleRecord, locale: str) -> str:
    return exc.message_en if locale == "en" else exc.message


def _manage_scope(db: Session, user: CurrentUser) -> OrgScope:
    return user.scope(db, MANAGE) if user.can(MANAGE) else OrgScope(MANAGE)


def _visible_org(db: Session, scope: OrgScope, org_id: int | None) -> OrgUnit:
    """The organisation if it lies in *scope*; 404 otherwise (never confirm it exists)."""
    org = db.get(OrgUnit, org_id) if org_id is not None else None
    if org is None or not scope.covers_path(org.path):
        raise NotFoundException()
    return org


def _labels(locale: str) -> dict[str, Any]:
    return {
        "badge": lambda t: browse.type_label(t, locale, short=True),
        "type_name": lambda t: browse.type_label(t, locale),
        "kind_name": lambda k: browse.kind_label(k, locale),
        "locale": locale,
    }


def _query(hide_inactive: bool) -> str:
    return "?hide_inactive=1" if hide_inactive else ""


def _base(request: Request[Any, Any, Any], hide_inactive: bool) -> dict[str, Any]:
    return {
        **_labels(locale_of(request)),
        "hide_inactive": hide_inactive,
        "q": _query(hide_inactive),
    }


# -- the tree page ------------------------------------------------------------------------


def _page_context(
    request: Request[Any, Any, Any],
    db: Session,
    user: CurrentUser,
    focus: OrgUnit | None,
    hide_inactive: bool,
) -> dict[str, Any]:
    scope = user.scope(db, VIEW)
    text = browse.clean_text(request.query_params.get("q"))
    manage = _manage_scope(db, user)
    return {
        **_base(request, hide_inactive),
        "tree": browse.tree_towards(db, scope, focus, hide_inactive=hide_inactive),
        "text": text,
        "hits": browse.search_orgs(db, scope, text, hide_inactive=hide_inactive),
        "focus": focus,
        "can_add_root": manage.is_global,
        "root_types": browse.child_types(None),
        "root_values": {},
        "root_error": "",
    }


@get("/orgs", name="orgs_tree", opt={PERMISSION: VIEW}, sync_to_thread=True)
def orgs_tree(request: Request[Any, Any, Any], db: Session, current_user: CurrentUser) -> Template:
    """The tree from the top of the user's scope; htmx gets the tree (or a page of roots)."""
    params = request.query_params
    hide = _hide(params)
    scope = current_user.scope(db, VIEW)
    headers = {"Vary": "HX-Request"}
    offset = _int(params.get("offset"))
    if _is_htmx(request) and offset is not None:
        page = browse.node_page(db, scope, None, hide_inactive=hide, offset=max(offset, 0))
        return Template(
            "orgs/_nodes.html", context={**_base(request, hide), "page": page}, headers=headers
        )
    focus_id = _int(params.get("focus"))
    focus = _visible_org(db, scope, focus_id) if focus_id is not None else None
    if _is_htmx(request):
        context = {
            **_base(request, hide),
            "tree": browse.tree_towards(db, scope, focus, hide_inactive=hide),
        }
        return Template("orgs/_tree.html", context=context, headers=headers)
    context = _page_context(request, db, current_user, focus, hide)
    context["detail"] = None
    return Template("orgs/tree.html", context=context, headers=headers)


@get("/orgs/search", name="orgs_search", opt={PERMISSION: VIEW}, sync_to_thread=True)
def orgs_search(
    request: Request[Any, Any, Any], db: Session, current_user: CurrentUser
) -> Template:
    """Matches by name or division code, each with its path from the top of the scope."""
    hide = _hide(request.query_params)
    text = browse.clean_text(request.query_params.get("q"))
    hits = browse.search_orgs(db, current_user.scope(db, VIEW), text, hide_inactive=hide)
    return Template(
        "orgs/_search.html", context={**_base(request, hide), "text": text, "hits": hits}
    )


@get(
    "/orgs/{org_id:int}/children",
    name="orgs_children",
    opt={PERMISSION: VIEW, RECORDS: ORG},
    sync_to_thread=True,
)
def orgs_children(
    request: Request[Any, Any, Any], db: Session, current_user: CurrentUser, org_id: int
) -> Template:
    """One page of a node's children, loaded when the user opens the node."""
    hide = _hide(request.query_params)
    scope = current_user.scope(db, VIEW)
    _visible_org(db, scope, org_id)
    offset = max(_int(request.query_params.get("offset")) or 0, 0)
    page = browse.node_page(db, scope, org_id, hide_inactive=hide, offset=offset)
    return Template("orgs/_nodes.html", context={**_base(request, hide), "page": page})


# -- one node -----------------------------------------------------------------------------


def _detail_context(
    request: Request[Any, Any, Any],
    db: Session,
    user: CurrentUser,
    org: OrgUnit,
    hide_inactive: bool,
    **panel: Any,
) -> dict[str, Any]:
    scope = user.scope(db, VIEW)
    manage = _manage_scope(db, user)
    can_manage = manage.covers_path(org.path)
    parent = db.get(OrgUnit, org.parent_id) if org.parent_id is not None else None
    movable = any(t is not None for t in allowed_parent_types(org.type))
    locale = locale_of(request)
    types = browse.child_types(org.type) if org.active else []
    merge_targets = _merge_targets(db, manage, org) if can_manage else []
    detail = {
        "org": org,
        "trail": browse.trail_of(db, scope, org),
        "counts": browse.children_by_type(db, org.id),  # type: ignore[arg-type]
        "branch_size": browse.branch_size(db, org),
        "can_manage": can_manage,
        "parent_active": parent is None or parent.active,
        "child_types": types,
        "type_options": [(t, browse.type_label(t, locale)) for t in types],
        "kind_options": [(k.value, browse.kind_label(k, locale)) for k in CommitteeKind],
        "movable": movable,
        "targets": browse.move_targets(db, manage, org, "") if can_manage and movable else [],
        "notice": "",
        "errors": {},
        "field_errors": {},
        "values": {},
        "conflict": None,
        "confirm_move": None,
        "offer_cascade": None,
        "history": changes_of(db, org.id),  # type: ignore[arg-type]
        "merge_targets": merge_targets,
        "merge_options": [(str(u.id), u.name) for u in merge_targets],
        "names": _names(db, changes_of(db, org.id)),  # type: ignore[arg-type]
        "today": beijing_today().isoformat(),
    }
    detail.update(panel)
    return {**_base(request, hide_inactive), "detail": SimpleNamespace(**detail)}


def _merge_targets(db: Session, manage: OrgScope, org: OrgUnit) -> list[OrgUnit]:
    """Units this one can be merged into: active, same type, same parent, in scope."""
    if not org.active or org.parent_id is None:
        return []
    siblings = service.children(db, org.parent_id, include_inactive=False)
    return [
        u for u in siblings if u.id != org.id and u.type == org.type and manage.covers_path(u.path)
    ]


def _names(db: Session, changes: list[Any]) -> dict[int, str]:
    """Names of the units a history mentions (parents, successors, the unit itself)."""
    ids = {
        i
        for c in changes
        for i in (c.org_id, c.from_parent_id, c.to_parent_id, c.successor_id)
        if i is not None
    }
    return {u.id: u.name for u in (db.get(OrgUnit, i) for i in ids) if u is not None}


def _panel(
    request: Request[Any, Any, Any],
    db: Session,
    user: CurrentUser,
    org_id: int,
    *,
    hide_inactive: bool,
    status: int = 200,
    tree: bool = False,
    **panel: Any,
) -> Template:
    """The node's detail: the panel alone for htmx (with the tree out of band if *tree*),
    else the whole page."""
    org = _visible_org(db, user.scope(db, VIEW), org_id)
    headers = {"Vary": "HX-Request"}
    if _is_htmx(request):
        context = _detail_context(request, db, user, org, hide_inactive, **panel)
        if tree:
            scope = user.scope(db, VIEW)
            context["tree_oob"] = browse.tree_towards(db, scope, org, hide_inactive=hide_inactive)
        return Template("orgs/_detail.html", context=context, status_code=status, headers=headers)
    context = _page_context(request, db, user, org, hide_inactive)
    context.update(_detail_context(request, db, user, org, hide_inactive, **panel))
    return Template("orgs/tree.html", context=context, status_code=status, headers=headers)


def _changed(
    request: Request[Any, Any, Any],
    db: Session,
    user: CurrentUser,
    org_id: int,
    done: str,
    hide_inactive: bool,
) -> Response[Any]:
    """After a change: htmx gets the fresh panel and tree, a plain form a redirect."""
    if _is_htmx(request):
        db.commit()  # the panel reads what was saved; a failed commit must not say "saved"
        return _panel(
            request, db, user, org_id, hide_inactive=hide_inactive, tree=True, notice=DONE[done]
        )
    query = {"done": done, **({"hide_inactive": "1"} if hide_inactive else {})}
    return Redirect(f"/orgs/{org_id}?{urlencode(query)}", status_code=HTTP_303_SEE_OTHER)


@get(
    "/orgs/{org_id:int}",
    name="orgs_detail",
    opt={PERMISSION: VIEW, RECORDS: ORG},
    sync_to_thread=True,
)
def orgs_detail(
    request: Request[Any, Any, Any], db: Session, current_user: CurrentUser, org_id: int
) -> Template:
    """The node's detail panel (htmx), or the tree opened down to the node with its panel."""
    params = request.query_params
    return _panel(
        request,
        db,
        current_user,
        org_id,
        hide_inactive=_hide(params),
        tree=params.get("tree") == "1",  # a search hit: open the tree down to it as well
        notice=DONE.get(params.get("done", ""), ""),
    )


# -- changes ------------------------------------------------------------------------------


@post(
    "/orgs/{org_id:int}/children",
    name="orgs_add_child",
    opt={PERMISSION: MANAGE, RECORDS: ORG},
    sync_to_thread=True,
)
def orgs_add_child(
    request: Request[Any, Any, Any],
    db: Session,
    current_user: CurrentUser,
    org_id: int,
    data: dict[str, Any] = FORM,
) -> Response[Any]:
    """Add a node under this one, of a type the rules allow there."""
    _visible_org(db, _manage_scope(db, current_user), org_id)
    hide = _hide(data)
    values = {k: str(data.get(k, "")).strip() for k in ADD_FIELDS}
    try:
        if not values["type"]:
            raise MissingType()
        kind = values["committee_kind"] if values["type"] == OrgType.MEDIATION_COMMITTEE else None
        created = service.create_org(
            db,
            name=values["name"],
            type=values["type"],
            parent_id=org_id,
            division_code=values["division_code"] or None,
            committee_kind=kind or None,
        )
    except OrgError as exc:
        db.rollback()
        message, field = _message(exc, locale_of(request)), field_of(exc)
        return _panel(
            request,
            db,
            current_user,
            org_id,
            hide_inactive=hide,
            status=HTTP_422,
            errors={"add": "" if field else message},
            field_errors={field: message} if field else {},
            values={"add": values},
        )
    return _changed(request, db, current_user, created.id, "created", hide)  # type: ignore[arg-type]


@post(
    "/orgs/{org_id:int}/rename",
    name="orgs_rename",
    opt={PERMISSION: MANAGE, RECORDS: ORG},
    sync_to_thread=True,
)
def orgs_rename(
    request: Request[Any, Any, Any],
    db: Session,
    current_user: CurrentUser,
    org_id: int,
    data: dict[str, Any] = FORM,
) -> Response[Any]:
    """Rename; a stale version gets 409 with the saved name and the user's input kept."""
    _visible_org(db, _manage_scope(db, current_user), org_id)
    hide = _hide(data)
    name = str(data.get("name", ""))
    version = _version(data)
    try:
        service.rename_org(db, org_id, name, expected_version=version)
    except StaleRecord as exc:
        db.rollback()
        saved = db.get(OrgUnit, org_id)
        return _panel(
            request,
            db,
            current_user,
            org_id,
            hide_inactive=hide,
            status=HTTP_409_CONFLICT,
            errors={"rename": _message(exc, locale_of(request))},
            values={"rename": {"name": name}},  # the saved version: saving again overrides
            conflict={"theirs": saved.name if saved else "", "yours": name},
        )
    except OrgError as exc:
        db.rollback()
        return _panel(
            request,
            db,
            current_user,
            org_id,
            hide_inactive=hide,
            status=HTTP_422,
            errors={"rename": _message(exc, locale_of(request))},
            values={"rename": {"name": name, "version": version}},
        )
    return _changed(request, db, current_user, org_id, "renamed", hide)


@post(
    "/orgs/{org_id:int}/deactivate",
    name="orgs_deactivate",
    opt={PERMISSION: MANAGE, RECORDS: ORG},
    sync_to_thread=True,
)
def orgs_deactivate(
    request: Request[Any, Any, Any],
    db: Session,
    current_user: CurrentUser,
    org_id: int,
    data: dict[str, Any] = FORM,
) -> Response[Any]:
    """Deactivate; with active children the refusal explains and offers the whole branch."""
    _visible_org(db, _manage_scope(db, current_user), org_id)
    hide = _hide(data)
    version = _version(data)
    cascade = str(data.get("cascade", "")) == "1"
    try:
        service.deactivate_org(db, org_id, expected_version=version, cascade=cascade)
    except (OrgError, StaleRecord) as exc:
        db.rollback()
        stale = isinstance(exc, StaleRecord)
        return _panel(
            request,
            db,
            current_user,
            org_id,
            hide_inactive=hide,
            status=HTTP_409_CONFLICT if stale else HTTP_422,
            errors={"status": _message(exc, locale_of(request))},
            values={} if stale else {"status": {"version": version}},
            offer_cascade=exc.count if isinstance(exc, HasActiveChildren) else None,
        )
    return _changed(request, db, current_user, org_id, "deactivated", hide)


@post(
    "/orgs/{org_id:int}/reactivate",
    name="orgs_reactivate",
    opt={PERMISSION: MANAGE, RECORDS: ORG},
    sync_to_thread=True,
)
def orgs_reactivate(
    request: Request[Any, Any, Any],
    db: Session,
    current_user: CurrentUser,
    org_id: int,
    data: dict[str, Any] = FORM,
) -> Response[Any]:
    """Switch one node back on, under an active parent and with its name still free."""
    _visible_org(db, _manage_scope(db, current_user), org_id)
    hide = _hide(data)
    version = _version(data)
    try:
        service.reactivate_org(db, org_id, expected_version=version)
    except (OrgError, StaleRecord) as exc:
        db.rollback()
        stale = isinstance(exc, StaleRecord)
        return _panel(
            request,
            db,
            current_user,
            org_id,
            hide_inactive=hide,
            status=HTTP_409_CONFLICT if stale else HTTP_422,
            errors={"status": _message(exc, locale_of(request))},
            values={} if stale else {"status": {"version": version}},
        )
    return _changed(request, db, current_user, org_id, "reactivated", hide)


@get(
    "/orgs/{org_id:int}/move-targets",
    name="orgs_move_targets",
    opt={PERMISSION: MANAGE, RECORDS: ORG},
    sync_to_thread=True,
)
def orgs_move_targets(
    request: Request[Any, Any, Any], db: Session, current_user: CurrentUser, org_id: int
) -> Template:
    """The move picker's choices: allowed new parents in the user's scope matching a name."""
    manage = _manage_scope(db, current_user)
    org = _visible_org(db, manage, org_id)
    text = browse.clean_text(request.query_params.get("target_q"))
    hits = browse.move_targets(db, manage, org, text)
    return Template(
        "orgs/_move_targets.html",
        context={**_labels(locale_of(request)), "targets": hits, "text": text},
    )


@post(
    "/orgs/{org_id:int}/move",
    name="orgs_move",
    opt={PERMISSION: MANAGE, RECORDS: ORG},
    sync_to_thread=True,
)
def orgs_move(
    request: Request[Any, Any, Any],
    db: Session,
    current_user: CurrentUser,
    org_id: int,
    data: dict[str, Any] = FORM,
) -> Response[Any]:
    """Move the branch under a new parent, after a confirmation naming how many nodes move.

    The first post tries the move and rolls it back, so every refusal the service would give
    shows before the user confirms; the confirmed post moves for real.
    """
    manage = _manage_scope(db, current_user)
    org = _visible_org(db, manage, org_id)
    hide = _hide(data)
    version = _version(data)
    locale = locale_of(request)
    target_id = _int(data.get("new_parent_id"))

    def refused(status: int, message: str, **more: Any) -> Template:
        return _panel(
            request,
            db,
            current_user,
            org_id,
            hide_inactive=hide,
            status=status,
            errors={"move": message},
            **more,
        )

    if target_id is None:
        return refused(
            HTTP_422,
            "Choose the new parent" if locale == "en" else "请选择新的上级机构",
            values={"move": {"version": version}},
        )
    target = _visible_org(db, manage, target_id)
    if target.id == org.parent_id:
        message = (
            f"{org.name!r} is already under {target.name!r}"
            if locale == "en"
            else f"“{org.name}”已在“{target.name}”之下"
        )
        return refused(HTTP_422, message, values={"move": {"version": version}})
    confirmed = str(data.get("confirm", "")) == "1"
    size = browse.branch_size(db, org)
    try:
        service.move_subtree(db, org_id, target_id, expected_version=version)
    except StaleRecord as exc:
        db.rollback()
        return refused(HTTP_409_CONFLICT, _message(exc, locale))
    except OrgError as exc:
        db.rollback()
        return refused(HTTP_422, _message(exc, locale), values={"move": {"version": version}})
    if confirmed:
        return _changed(request, db, current_user, org_id, "moved", hide)
    db.rollback()  # a dry run: nothing moves until the user confirms
    scope = current_user.scope(db, VIEW)
    confirm = {
        "target": db.get(OrgUnit, target.id),
        "trail": browse.trail_of(db, scope, target),
        "size": size,
        "version": version,
    }
    return _panel(request, db, current_user, org_id, hide_inactive=hide, confirm_move=confirm)


@post(
    "/orgs/{org_id:int}/merge",
    name="orgs_merge",
    opt={PERMISSION: MANAGE, RECORDS: ORG},
    sync_to_thread=True,
)
def orgs_merge(
    request: Request[Any, Any, Any],
    db: Session,
    current_user: CurrentUser,
    org_id: int,
    data: dict[str, Any] = FORM,
) -> Response[Any]:
    """Merge this unit into a sibling of its type on a day (撤乡并镇): children move, the
    unit is switched off, its records stay with it and count under the successor."""
    manage = _manage_scope(db, current_user)
    _visible_org(db, manage, org_id)
    hide = _hide(data)
    version = _version(data)
    locale = locale_of(request)
    values = {
        "into_id": str(data.get("into_id", "")).strip(),
        "effective_on": str(data.get("effective_on", "")).strip(),
        "note": clean_free_text(str(data.get("note", "")))[:500],
        "version": version,
    }

    def refused(status: int, message: str) -> Template:
        return _panel(
            request,
            db,
            current_user,
            org_id,
            hide_inactive=hide,
            status=status,
            errors={"merge": message},
            values={"merge": values},
        )

    into_id = _int(values["into_id"])
    if into_id is None:
        return refused(
            HTTP_422, "Choose the unit to merge into" if locale == "en" else "请选择并入的机构"
        )
    try:
        effective_on = date.fromisoformat(values["effective_on"])
    except ValueError:
        return refused(
            HTTP_422,
            "Enter the day the merge took effect (YYYY-MM-DD)"
            if locale == "en"
            else "请填写合并生效日期（年-月-日）",
        )
    _visible_org(db, manage, into_id)
    try:
        service.merge_org(
            db,
            org_id,
            into_id,
            effective_on=effective_on,
            expected_version=version,
            note=str(values["note"]),
        )
    except StaleRecord as exc:
        db.rollback()
        return refused(HTTP_409_CONFLICT, _message(exc, locale))
    except OrgError as exc:
        db.rollback()
        return refused(HTTP_422, _message(exc, locale))
    return _changed(request, db, current_user, org_id, "merged", hide)


# -- a new root ---------------------------------------------------------------------------


@post("/orgs/new", name="orgs_add_root", opt={PERMISSION: MANAGE}, sync_to_thread=True)
def orgs_add_root(
    request: Request[Any, Any, Any],
    db: Session,
    current_user: CurrentUser,
    data: dict[str, Any] = FORM,
) -> Response[Any]:
    """A top-level bureau (a city bureau, or a bureau with no city bureau above it).

    Only for administrators of the whole installation: anyone else manages a subtree.
    """
    if not _manage_scope(db, current_user).is_global:
        raise PermissionDeniedException(detail=MANAGE)
    values = {k: str(data.get(k, "")).strip() for k in ("name", "type", "division_code")}
    try:
        if not values["type"]:
            raise MissingType()
        created = service.create_org(
            db,
            name=values["name"],
            type=values["type"],
            division_code=values["division_code"] or None,
        )
    except OrgError as exc:
        db.rollback()
        context = _page_context(request, db, current_user, None, False)
        context.update(
            detail=None, root_values=values, root_error=_message(exc, locale_of(request))
        )
        return Template("orgs/tree.html", context=context, status_code=HTTP_422)
    return Redirect(f"/orgs/{created.id}?done=created", status_code=HTTP_303_SEE_OTHER)


ROUTES = [
    orgs_tree,
    orgs_search,
    orgs_add_root,
    orgs_detail,
    orgs_children,
    orgs_add_child,
    orgs_rename,
    orgs_deactivate,
    orgs_reactivate,
    orgs_move_targets,
    orgs_move,
    orgs_merge,
]
