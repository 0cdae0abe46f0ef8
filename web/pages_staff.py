"""Staff account administration (工作人员管理): list, create, edit, reset password, roles.

Every page reads accounts through the scoping helper: an administrator sees the accounts
whose home organisation lies in the subtrees where they hold ``core.staff.view``, changes
them where they hold ``core.staff.manage``, and gets 404 for any other account, whatever
the URL. Grants are refused by the service when they would hand out more than the
administrator holds.
"""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, get, post
from litestar.exceptions import NotFoundException, PermissionDeniedException
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_303_SEE_OTHER, HTTP_400_BAD_REQUEST, HTTP_409_CONFLICT
from sqlmodel import Session, func, select

from core.i18n import N_
from core.identity import service
from core.identity.current import CurrentUser
from core.identity.errors import IdentityError
from core.identity.models import Role, RoleGrant, StaffAccount
from core.identity.scoping import OrgScope
from core.locking import StaleRecord
from core.orgs.models import OrgUnit
from core.orgs.tree import subtree_predicate
from web.auth import now_for
from web.guards import PERMISSION, RECORDS
from web.pages_account import FORM, locale_of

VIEW = "core.staff.view"
MANAGE = "core.staff.manage"
PAGE_SIZE = 25
ORG_CHOICES = 50
FIELD_LABELS = {"display_name": "姓名", "org_id": "所属机构", "active": "启用"}


# -- lookups through the scope ------------------------------------------------------------


def visible_account(db: Session, user: CurrentUser, account_id: int) -> StaffAccount:
    """The account if the user may see it; 404 otherwise (never confirm it exists)."""
    account = db.get(StaffAccount, account_id)
    if account is None or not user.scope(db, VIEW).allows(db, account.org_id):
        raise NotFoundException()
    return account


def managed_account(db: Session, user: CurrentUser, account_id: int) -> StaffAccount:
    """The account if the user may change it: 404 if invisible, 403 if only visible."""
    account = visible_account(db, user, account_id)
    if not user.scope(db, MANAGE).allows(db, account.org_id):
        raise PermissionDeniedException(detail=MANAGE)
    return account


def org_choices(
    db: Session, scope: OrgScope, *, text: str = "", include: int | None = None
) -> list[OrgUnit]:
    """Organisations in scope for a picker: the highest first, filtered by name."""
    query = select(OrgUnit).where(OrgUnit.id.in_(scope.org_ids_select()))  # type: ignore[union-attr]
    if text:
        query = query.where(OrgUnit.name.contains(text, autoescape=True))  # type: ignore[attr-defined]
    orgs = list(db.exec(query.order_by(OrgUnit.depth, OrgUnit.name).limit(ORG_CHOICES)).all())
    if include is not None and all(o.id != include for o in orgs):
        extra = db.get(OrgUnit, include)
        if extra is not None and scope.covers_path(extra.path):
            orgs.insert(0, extra)
    return orgs


def _int(value: Any) -> int | None:
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return None


def _is_htmx(request: Request[Any, Any, Any]) -> bool:
    return request.headers.get("hx-request") == "true"


# -- list ---------------------------------------------------------------------------------


@get("/staff", name="staff_list", opt={PERMISSION: VIEW}, sync_to_thread=True)
def staff_list(request: Request[Any, Any, Any], db: Session, current_user: CurrentUser) -> Template:
    """Accounts in the user's scope, filtered by name and organisation, a page at a time."""
    scope = current_user.scope(db, VIEW)
    text = request.query_params.get("q", "").strip()[:50]
    org_id = _int(request.query_params.get("org_id"))
    page = max(_int(request.query_params.get("page")) or 1, 1)

    query = (
        select(StaffAccount, OrgUnit)
        .outerjoin(OrgUnit, OrgUnit.id == StaffAccount.org_id)  # type: ignore[arg-type]
        .where(scope.where(StaffAccount.org_id))
    )
    if text:
        query = query.where(
            StaffAccount.username.contains(text.lower(), autoescape=True)  # type: ignore[attr-defined]
            | StaffAccount.display_name.contains(text, autoescape=True)  # type: ignore[attr-defined]
        )
    root = db.get(OrgUnit, org_id) if org_id else None
    if root is not None:
        query = query.where(subtree_predicate(root))
    total = db.exec(select(func.count()).select_from(query.subquery())).one()
    rows = db.exec(
        query.order_by(StaffAccount.username).offset((page - 1) * PAGE_SIZE).limit(PAGE_SIZE)
    ).all()
    context = {
        "rows": rows,
        "text": text,
        "org_id": org_id,
        "page": page,
        "total": total,
        "pages": max((total + PAGE_SIZE - 1) // PAGE_SIZE, 1),
        "orgs": org_choices(db, scope, include=org_id),
        "can_manage": current_user.can(MANAGE),
        "now": now_for(request),
    }
    template = "staff/_table.html" if _is_htmx(request) else "staff/list.html"
    return Template(template, context=context, headers={"Vary": "HX-Request"})


@get("/staff/org-options", name="staff_org_options", opt={PERMISSION: VIEW}, sync_to_thread=True)
def staff_org_options(
    request: Request[Any, Any, Any], db: Session, current_user: CurrentUser
) -> Template:
    """``<option>`` elements of organisations matching a name, for the pickers' search box."""
    purpose = MANAGE if request.query_params.get("purpose") == "manage" else VIEW
    orgs = org_choices(
        db, current_user.scope(db, purpose), text=request.query_params.get("org_q", "")[:50]
    )
    return Template(
        "staff/_org_options.html",
        context={"orgs": orgs, "blank": purpose == VIEW, "selected": None, "everywhere": False},
    )


# -- create -------------------------------------------------------------------------------


def _roles(db: Session) -> list[Role]:
    return list(db.exec(select(Role).order_by(Role.id)).all())


def _new_form(
    db: Session, user: CurrentUser, values: dict[str, Any], error: str = "", status: int = 200
) -> Template:
    scope = user.scope(db, MANAGE)
    return Template(
        "staff/new.html",
        status_code=status,
        context={
            "values": values,
            "error": error,
            "roles": _roles(db),
            "orgs": org_choices(db, scope, include=_int(values.get("org_id"))),
        },
    )


@get("/staff/new", name="staff_new", opt={PERMISSION: MANAGE}, sync_to_thread=True)
def staff_new(db: Session, current_user: CurrentUser) -> Template:
    return _new_form(db, current_user, {"org_id": current_user.org_id})


@post("/staff/new", name="staff_create", opt={PERMISSION: MANAGE}, sync_to_thread=True)
def staff_create(
    request: Request[Any, Any, Any],
    db: Session,
    current_user: CurrentUser,
    data: dict[str, Any] = FORM,
) -> Template | Redirect:
    """Create an account (with a temporary password) and optionally one role at its home."""
    values = {k: str(data.get(k, "")) for k in ("username", "display_name", "org_id", "role")}
    try:
        if data.get("password") != data.get("confirm_password"):
            raise IdentityError("两次输入的口令不一致。", "The two passwords differ.")
        account = service.create_account(
            db,
            username=values["username"],
            display_name=values["display_name"],
            password=str(data.get("password", "")),
            org_id=_int(values["org_id"]),
            actor_id=current_user.id,
        )
        if values["role"]:
            service.grant_role(
                db,
                account.id,
                values["role"],
                account.org_id,  # type: ignore[arg-type]
                actor_id=current_user.id,
            )
    except IdentityError as exc:
        db.rollback()
        return _new_form(
            db, current_user, values, exc.localized(locale_of(request)), HTTP_400_BAD_REQUEST
        )
    return Redirect(f"/staff/{account.id}?created=1", status_code=HTTP_303_SEE_OTHER)


# -- detail and edit ----------------------------------------------------------------------


def _grants(db: Session, account: StaffAccount) -> list[tuple[RoleGrant, Role, OrgUnit | None]]:
    return list(
        db.exec(
            select(RoleGrant, Role, OrgUnit)
            .join(Role, Role.id == RoleGrant.role_id)  # type: ignore[arg-type]
            .outerjoin(OrgUnit, OrgUnit.id == RoleGrant.org_id)  # type: ignore[arg-type]
            .where(RoleGrant.account_id == account.id)
            .order_by(Role.id, RoleGrant.id)
        ).all()
    )


def _grants_context(
    db: Session, user: CurrentUser, account: StaffAccount, error: str = ""
) -> dict[str, Any]:
    manage = user.scope(db, MANAGE)
    can_manage = manage.allows(db, account.org_id)
    return {
        "account": account,
        "grants": _grants(db, account),
        "grant_error": error,
        "can_manage": can_manage,
        "roles": _roles(db) if can_manage else [],
        "grant_orgs": org_choices(db, manage, include=account.org_id) if can_manage else [],
        "grant_everywhere": can_manage and manage.is_global,
    }


def _detail(
    db: Session,
    user: CurrentUser,
    account: StaffAccount,
    *,
    status: int = 200,
    error: str = "",
    values: dict[str, Any] | None = None,
    notice: str = "",
) -> Template:
    context = _grants_context(db, user, account)
    context.update(
        {
            "home": db.get(OrgUnit, account.org_id) if account.org_id else None,
            "values": values or service.profile(account),
            "version": account.version,
            "error": error,
            "notice": notice,
            "is_self": account.id == user.id,
            "edit_orgs": org_choices(db, user.scope(db, MANAGE), include=account.org_id)
            if context["can_manage"]
            else [],
        }
    )
    return Template("staff/detail.html", context=context, status_code=status)


@get(
    "/staff/{account_id:int}",
    name="staff_detail",
    opt={PERMISSION: VIEW, RECORDS: {"account_id": StaffAccount}},
    sync_to_thread=True,
)
def staff_detail(
    request: Request[Any, Any, Any], db: Session, current_user: CurrentUser, account_id: int
) -> Template:
    account = visible_account(db, current_user, account_id)
    notice = {"1": N_("账号已创建。请把临时口令告知本人，首次登录时须修改。")}.get(
        request.query_params.get("created", ""), ""
    )
    return _detail(db, current_user, account, notice=notice)


@post(
    "/staff/{account_id:int}",
    name="staff_update",
    opt={PERMISSION: MANAGE, RECORDS: {"account_id": StaffAccount}},
    sync_to_thread=True,
)
def staff_update(
    request: Request[Any, Any, Any],
    db: Session,
    current_user: CurrentUser,
    account_id: int,
    data: dict[str, Any] = FORM,
) -> Template | Redirect:
    """Save the profile; a save based on an old version gets the 409 conflict page."""
    account = managed_account(db, current_user, account_id)
    yours = {
        "display_name": str(data.get("display_name", "")),
        "org_id": _int(data.get("org_id")),
        "active": data.get("active") in ("1", "on", "true"),
    }
    try:
        service.update_account(
            db,
            account.id,
            version=_int(data.get("version")) or 0,  # type: ignore[arg-type]
            actor_id=current_user.id,
            **yours,
        )
    except StaleRecord as exc:
        db.rollback()
        return _conflict(db, current_user, account_id, yours, exc, locale_of(request))
    except IdentityError as exc:
        db.rollback()
        account = visible_account(db, current_user, account_id)
        return _detail(
            db,
            current_user,
            account,
            status=HTTP_400_BAD_REQUEST,
            error=exc.localized(locale_of(request)),
            values=yours,
        )
    return Redirect(f"/staff/{account_id}", status_code=HTTP_303_SEE_OTHER)


def _conflict(
    db: Session,
    user: CurrentUser,
    account_id: int,
    yours: dict[str, Any],
    exc: StaleRecord,
    locale: str,
) -> Template:
    """Show the stored values next to the user's, keep the user's input, offer to save again.

    The form carries the stored version, so saving again deliberately overrides.
    """
    account = visible_account(db, user, account_id)
    theirs = service.profile(account)
    org_names = {
        o.id: o.name
        for o in db.exec(
            select(OrgUnit).where(
                OrgUnit.id.in_([v for v in (theirs["org_id"], yours["org_id"]) if v])
            )
        ).all()
    }  # type: ignore[union-attr]

    def shown(field: str, value: Any) -> Any:
        return org_names.get(value, "—") if field == "org_id" else value

    rows = [
        {
            "field": f,
            "label": FIELD_LABELS[f],
            "theirs": shown(f, theirs[f]),
            "yours": shown(f, yours[f]),
            "changed": theirs[f] != yours[f],
        }
        for f in service.PROFILE_FIELDS
    ]
    return Template(
        "staff/conflict.html",
        status_code=HTTP_409_CONFLICT,
        context={
            "account": account,
            "rows": rows,
            "values": yours,
            "version": account.version,
            "message": exc.message_en if locale == "en" else exc.message,
            "edit_orgs": org_choices(db, user.scope(db, MANAGE), include=yours["org_id"]),
        },
    )


# -- password reset -----------------------------------------------------------------------


@get(
    "/staff/{account_id:int}/password",
    name="staff_reset_form",
    opt={PERMISSION: MANAGE, RECORDS: {"account_id": StaffAccount}},
    sync_to_thread=True,
)
def staff_reset_form(db: Session, current_user: CurrentUser, account_id: int) -> Template:
    account = managed_account(db, current_user, account_id)
    return Template("staff/reset.html", context={"account": account})


@post(
    "/staff/{account_id:int}/password",
    name="staff_reset",
    opt={PERMISSION: MANAGE, RECORDS: {"account_id": StaffAccount}},
    sync_to_thread=True,
)
def staff_reset(
    request: Request[Any, Any, Any],
    db: Session,
    current_user: CurrentUser,
    account_id: int,
    data: dict[str, Any] = FORM,
) -> Template:
    """Set a temporary password: unlocks the account, ends its sessions, forces a change."""
    account = managed_account(db, current_user, account_id)
    try:
        if data.get("password") != data.get("confirm_password"):
            raise IdentityError("两次输入的口令不一致。", "The two passwords differ.")
        service.admin_reset_password(
            db,
            account.id,
            str(data.get("password", "")),  # type: ignore[arg-type]
            actor_id=current_user.id,
        )
    except IdentityError as exc:
        db.rollback()
        return Template(
            "staff/reset.html",
            status_code=HTTP_400_BAD_REQUEST,
            context={
                "account": visible_account(db, current_user, account_id),
                "error": exc.localized(locale_of(request)),
            },
        )
    return Template("staff/reset.html", context={"account": account, "done": True})


# -- role grants --------------------------------------------------------------------------


def _grants_response(
    request: Request[Any, Any, Any],
    db: Session,
    user: CurrentUser,
    account_id: int,
    error: str = "",
) -> Response[Any]:
    account = visible_account(db, user, account_id)
    status = HTTP_400_BAD_REQUEST if error else 200
    if _is_htmx(request):
        return Template(
            "staff/_grants.html",
            status_code=status,
            context=_grants_context(db, user, account, error),
        )
    if error:
        return _detail(db, user, account, status=status, error=error)
    return Redirect(f"/staff/{account_id}", status_code=HTTP_303_SEE_OTHER)


@post(
    "/staff/{account_id:int}/grants",
    name="staff_grant",
    opt={PERMISSION: MANAGE, RECORDS: {"account_id": StaffAccount}},
    sync_to_thread=True,
)
def staff_grant(
    request: Request[Any, Any, Any],
    db: Session,
    current_user: CurrentUser,
    account_id: int,
    data: dict[str, Any] = FORM,
) -> Response[Any]:
    """Grant a role on an organisation (and its subtree) within the administrator's reach."""
    account = managed_account(db, current_user, account_id)
    org_value = str(data.get("org_id", ""))
    try:
        service.grant_role(
            db,
            account.id,
            str(data.get("role", "")),  # type: ignore[arg-type]
            None if org_value == "*" else _int(org_value),
            actor_id=current_user.id,
        )
    except IdentityError as exc:
        db.rollback()
        return _grants_response(
            request, db, current_user, account_id, exc.localized(locale_of(request))
        )
    return _grants_response(request, db, current_user, account_id)


@post(
    "/staff/{account_id:int}/grants/{grant_id:int}/revoke",
    name="staff_revoke",
    opt={PERMISSION: MANAGE, RECORDS: {"account_id": StaffAccount, "grant_id": RoleGrant}},
    sync_to_thread=True,
)
def staff_revoke(
    request: Request[Any, Any, Any],
    db: Session,
    current_user: CurrentUser,
    account_id: int,
    grant_id: int,
) -> Response[Any]:
    account = managed_account(db, current_user, account_id)
    grant = db.get(RoleGrant, grant_id)
    if grant is None or grant.account_id != account.id:
        raise NotFoundException()
    try:
        service.revoke_role(db, grant_id, actor_id=current_user.id)
    except IdentityError as exc:
        db.rollback()
        return _grants_response(
            request, db, current_user, account_id, exc.localized(locale_of(request))
        )
    return _grants_response(request, db, current_user, account_id)


ROUTES = [
    staff_list,
    staff_org_options,
    staff_new,
    staff_create,
    staff_detail,
    staff_update,
    staff_reset_form,
    staff_reset,
    staff_grant,
    staff_revoke,
]
