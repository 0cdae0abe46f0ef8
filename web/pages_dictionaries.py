"""Code lists per bureau (数据字典): the declared entries, a bureau's own, on and off.

``/admin/dictionaries`` (``core.dictionaries.manage``) lists every code list the loaded
plugins declare; a list's page shows its entries as they apply at one organisation of the
user's scope — declared by the module, added by that organisation or one above it — and
lets the organisation add its own entries and switch entries off or on for its subtree.
Bad input answers 422 with the message next to the field and the input kept; a switch sent
from a page loaded before someone else's change answers 409. Every change is audited.
"""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, get, post
from litestar.exceptions import NotFoundException
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_303_SEE_OTHER, HTTP_409_CONFLICT
from sqlmodel import Session, col, select

from core.codelists.models import CodeListEntry
from core.codelists.service import (
    CodeListError,
    add_code_entry,
    code_entries,
    declared_code_lists,
    set_code_entry_active,
)
from core.identity.current import CurrentUser
from core.locking import StaleRecord
from core.orgs.models import OrgUnit
from core.platform import Platform
from web.guards import PERMISSION
from web.pages_account import FORM, locale_of
from web.pages_calendar import parse_int
from web.pages_staff import org_choices

MANAGE = "core.dictionaries.manage"
HTTP_422 = 422
ADD_FIELDS = ("code", "label_zh", "label_en", "position")


def _org(db: Session, user: CurrentUser, value: Any) -> tuple[Any, OrgUnit | None]:
    """The organisation asked for (404 outside the scope), else the user's own or the
    highest one in scope."""
    scope = user.scope(db, MANAGE)
    org_id = parse_int(value)
    if org_id is None:
        if user.org_id is not None and scope.allows(db, user.org_id):
            org_id = user.org_id
        else:
            choices = org_choices(db, scope)
            return scope, (choices[0] if choices else None)
    org = db.get(OrgUnit, org_id)
    if org is None or not scope.allows(db, org.id):
        raise NotFoundException()
    return scope, org


def _owner_labels(platform: Platform, locale: str) -> dict[str, str]:
    return {r.name: (r.label_en if locale == "en" else r.label_zh) for r in platform.host.loaded()}


@get("/admin/dictionaries", name="dictionaries", opt={PERMISSION: MANAGE}, sync_to_thread=True)
def dictionaries(
    request: Request[Any, Any, Any], db: Session, platform: Platform, current_user: CurrentUser
) -> Template:
    """Every declared code list, with how many entries are on at the organisation."""
    scope, org = _org(db, current_user, request.query_params.get("org_id"))
    owners = _owner_labels(platform, locale_of(request))
    lists = [
        (owners.get(plugin, plugin), cl, len(code_entries(db, cl.code, org.id if org else None)))
        for plugin, cl in sorted(declared_code_lists().values(), key=lambda p: p[1].code)
    ]
    return Template(
        "admin/dictionaries.html",
        context={
            "org": org,
            "orgs": org_choices(db, scope, include=org.id if org else None),
            "lists": lists,
        },
    )


def _list_page(
    db: Session,
    platform: Platform,
    request: Request[Any, Any, Any],
    org: OrgUnit,
    list_code: str,
    *,
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    notice: str = "",
    status: int = 200,
) -> Template:
    found = declared_code_lists().get(list_code)
    if found is None:
        raise NotFoundException()
    plugin, declared = found
    entries = code_entries(db, list_code, org.id, include_inactive=True)
    own = {
        row.code: row.version
        for row in db.exec(
            select(CodeListEntry).where(
                CodeListEntry.list_code == list_code, CodeListEntry.org_id == org.id
            )
        ).all()
    }
    origins = {e.origin_org_id for e in entries} | {e.switched_at for e in entries}
    names = {
        o.id: o.name for o in db.exec(select(OrgUnit).where(col(OrgUnit.id).in_(origins - {None})))
    }
    return Template(
        "admin/dictionary.html",
        status_code=status,
        context={
            "org": org,
            "owner": _owner_labels(platform, locale_of(request)).get(plugin, plugin),
            "declared": declared,
            "entries": entries,
            "own": own,
            "names": names,
            "values": values or {},
            "errors": errors or {},
            "notice": notice,
        },
    )


@get("/admin/dictionaries/list", name="dictionary", opt={PERMISSION: MANAGE}, sync_to_thread=True)
def dictionary(
    request: Request[Any, Any, Any], db: Session, platform: Platform, current_user: CurrentUser
) -> Template:
    """One list's entries as they apply at the organisation."""
    _, org = _org(db, current_user, request.query_params.get("org_id"))
    if org is None:
        raise NotFoundException()
    done = {"added": "条目已增加。", "switched": "已保存。"}.get(
        request.query_params.get("done", ""), ""
    )
    return _list_page(db, platform, request, org, request.query_params.get("code", ""), notice=done)


def _back(list_code: str, org_id: int, done: str) -> Redirect:
    from urllib.parse import urlencode

    query = urlencode({"code": list_code, "org_id": org_id, "done": done})
    return Redirect(f"/admin/dictionaries/list?{query}", status_code=HTTP_303_SEE_OTHER)


@post(
    "/admin/dictionaries/entries",
    name="dictionary_add",
    opt={PERMISSION: MANAGE},
    sync_to_thread=True,
)
def dictionary_add(
    request: Request[Any, Any, Any],
    db: Session,
    platform: Platform,
    current_user: CurrentUser,
    data: dict[str, Any] = FORM,
) -> Response[Any]:
    """Add the organisation's own entry (422 with the input kept when refused)."""
    _, org = _org(db, current_user, data.get("org_id"))
    list_code = str(data.get("list_code", ""))
    if org is None or list_code not in declared_code_lists():
        raise NotFoundException()
    values = {k: str(data.get(k, "")).strip() for k in ADD_FIELDS}
    position = parse_int(values["position"]) if values["position"] else 0
    en = locale_of(request) == "en"
    try:
        if position is None or not -9999 <= position <= 9999:
            raise CodeListError("排序须为整数", "The order must be a whole number", "position")
        add_code_entry(
            db,
            list_code,
            org.id,  # type: ignore[arg-type]
            code=values["code"],
            label_zh=values["label_zh"],
            label_en=values["label_en"],
            position=position,
        )
    except CodeListError as exc:
        db.rollback()
        message = exc.message_en if en else exc.message
        return _list_page(
            db,
            platform,
            request,
            org,
            list_code,
            values=values,
            errors={exc.field or "code": message},
            status=HTTP_422,
        )
    except StaleRecord as exc:
        db.rollback()
        message = exc.message_en if en else exc.message
        return _list_page(
            db,
            platform,
            request,
            org,
            list_code,
            values=values,
            errors={"code": message},
            status=HTTP_409_CONFLICT,
        )
    return _back(list_code, org.id, "added")  # type: ignore[arg-type]


@post(
    "/admin/dictionaries/switch",
    name="dictionary_switch",
    opt={PERMISSION: MANAGE},
    sync_to_thread=True,
)
def dictionary_switch(
    request: Request[Any, Any, Any],
    db: Session,
    platform: Platform,
    current_user: CurrentUser,
    data: dict[str, Any] = FORM,
) -> Response[Any]:
    """Switch an entry off (停用) or on again for the organisation's subtree."""
    _, org = _org(db, current_user, data.get("org_id"))
    list_code = str(data.get("list_code", ""))
    if org is None or list_code not in declared_code_lists():
        raise NotFoundException()
    en = locale_of(request) == "en"
    try:
        set_code_entry_active(
            db,
            list_code,
            org.id,  # type: ignore[arg-type]
            str(data.get("code", "")),
            str(data.get("active", "")) == "1",
            expected_version=parse_int(data.get("version")) or 0,
        )
    except (CodeListError, StaleRecord) as exc:
        db.rollback()
        status = HTTP_409_CONFLICT if isinstance(exc, StaleRecord) else HTTP_422
        return _list_page(
            db,
            platform,
            request,
            org,
            list_code,
            errors={"switch": exc.message_en if en else exc.message},
            status=status,
        )
    return _back(list_code, org.id, "switched")  # type: ignore[arg-type]


ROUTES = [dictionaries, dictionary, dictionary_add, dictionary_switch]
