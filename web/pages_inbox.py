"""The inbox (待办与通知): each user's due items and notifications, the badge, 逾期统计.

What a user sees in the inbox is decided per account, not per organisation: the items they
are responsible for and the items escalated to them, and their own notifications. Any other
id in a form answers 404, exactly as if it did not exist. Record ids travel in the form
body, not in the URL, because the guard's record check is about organisations and these
are about people. The overdue statistics are the organisational view and are scoped by
``core.reminders.view`` like every list.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from litestar import Request, Response, get, post
from litestar.exceptions import NotFoundException
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_303_SEE_OTHER, HTTP_422_UNPROCESSABLE_ENTITY
from sqlmodel import Session, col, func, select

from core.i18n import N_
from core.identity.current import CurrentUser
from core.identity.models import StaffAccount
from core.orgs.models import OrgUnit
from core.orgs.tree import subtree_predicate
from core.platform import Platform
from core.reminders.addresses import AddressesRefused, address_book, save_addresses
from core.reminders.channels.registry import channel_owner, notification_channels
from core.reminders.kinds import declared_kinds
from core.reminders.models import DueItem, DueItemEscalation, DueItemRecipient, Notification
from core.reminders.notifications import mark_read, unread_by_kind, unread_count
from core.reminders.overview import overdue_by_station
from core.reminders.service import complete_due_item, may_act_on, visible_clause
from core.reminders.states import OPEN_STATES, DueState, due_state, states_clause
from web.auth import now_for
from web.guards import PERMISSION
from web.pages_account import FORM, locale_of
from web.pages_staff import org_choices

OVERVIEW = "core.reminders.view"
PAGE_SIZE = 25
UNREAD_SHOWN = 10
STATION_PAGE_SIZE = 50
CHANGED_EVENT = "sifa:inbox-changed"  # the badge listens for it after a change

STATE_FILTERS: dict[str, tuple[DueState, ...]] = {
    "open": OPEN_STATES,
    "overdue": (DueState.OVERDUE,),
    "due_soon": (DueState.DUE_SOON,),
    "on_time": (DueState.ON_TIME,),
    "done": (DueState.DONE,),
}
RELATIONS = ("all", "mine", "escalated")
#: What the badge's summary calls each kind of notification (others: 其他通知).
NOTIFICATION_KINDS = {
    "escalated": N_("逾期升级"),
    "reminder": N_("到期提醒"),
    "message": N_("消息"),
}


def _int(value: Any) -> int | None:
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return None


def _is_htmx(request: Request[Any, Any, Any]) -> bool:
    return request.headers.get("hx-request") == "true"


def _filters(values: Any) -> dict[str, Any]:
    """The inbox filters from a query or a form, each checked against its choices."""
    state = str(values.get("state", "open"))
    relation = str(values.get("relation", "all"))
    return {
        "state": state if state in STATE_FILTERS else "open",
        "relation": relation if relation in RELATIONS else "all",
        "page": max(_int(values.get("page")) or 1, 1),
    }


def _query_string(filters: dict[str, Any], **changes: Any) -> str:
    return urlencode({**filters, **changes})


# -- due items ---------------------------------------------------------------------------


def _items_context(
    db: Session, user: CurrentUser, filters: dict[str, Any], request: Request[Any, Any, Any]
) -> dict[str, Any]:
    now = now_for(request)
    states = list(STATE_FILTERS[filters["state"]])
    query: Any = (
        select(DueItem, OrgUnit.name, StaffAccount.display_name)
        .join(OrgUnit, col(OrgUnit.id) == DueItem.org_id)
        .outerjoin(StaffAccount, col(StaffAccount.id) == DueItem.account_id)
        .where(visible_clause(user.id), states_clause(states, now))
    )
    if filters["relation"] == "mine":
        query = query.where(DueItem.account_id == user.id)
    elif filters["relation"] == "escalated":
        query = query.where(
            col(DueItem.id).in_(
                select(DueItemRecipient.item_id).where(DueItemRecipient.account_id == user.id)
            )
        )
    total = db.exec(select(func.count()).select_from(query.subquery())).one()
    order = (
        (col(DueItem.done_at).desc(), col(DueItem.id).desc())
        if filters["state"] == "done"
        else (col(DueItem.due_at), col(DueItem.id))
    )
    rows = db.exec(
        query.order_by(*order).offset((filters["page"] - 1) * PAGE_SIZE).limit(PAGE_SIZE)
    ).all()
    ids = [item.id for item, _, _ in rows]
    levels = dict(
        db.exec(
            select(DueItemRecipient.item_id, DueItemEscalation.level)
            .join(DueItemEscalation, col(DueItemEscalation.id) == DueItemRecipient.escalation_id)
            .where(DueItemRecipient.account_id == user.id, col(DueItemRecipient.item_id).in_(ids))
        ).all()
    )
    kinds = declared_kinds()
    english = locale_of(request) == "en"
    entries = [
        {
            "item": item,
            "state": due_state(item, now),
            "org_name": org_name,
            "person": person or "",
            "level_to_me": levels.get(item.id),
            "mine": item.account_id == user.id,
            "kind": (
                (kinds[item.kind].label_en if english else kinds[item.kind].label_zh)
                if item.kind in kinds
                else item.kind
            ),
            "title": (item.title_en or item.title_zh) if english else item.title_zh,
        }
        for item, org_name, person in rows
    ]
    return {
        "entries": entries,
        "filters": filters,
        "total": total,
        "pages": max((total + PAGE_SIZE - 1) // PAGE_SIZE, 1),
        "query_string": lambda **changes: _query_string(filters, **changes),
        "now": now,
    }


def _unread(db: Session, user: CurrentUser) -> list[Notification]:
    return list(
        db.exec(
            select(Notification)
            .where(Notification.account_id == user.id, col(Notification.read_at).is_(None))
            .order_by(col(Notification.created_at).desc(), col(Notification.id).desc())
            .limit(UNREAD_SHOWN)
        ).all()
    )


@get("/inbox", name="inbox", sync_to_thread=True)
def inbox(request: Request[Any, Any, Any], db: Session, current_user: CurrentUser) -> Template:
    """The user's due items (filtered, a page at a time) and latest unread notifications."""
    context = _items_context(db, current_user, _filters(request.query_params), request)
    if _is_htmx(request):
        return Template("inbox/_items.html", context=context, headers={"Vary": "HX-Request"})
    context.update(
        {
            "unread": _unread(db, current_user),
            "unread_total": unread_count(db, current_user.id),
            "can_overview": current_user.can(OVERVIEW),
        }
    )
    return Template("inbox/page.html", context=context, headers={"Vary": "HX-Request"})


@post("/inbox/done", name="inbox_done", sync_to_thread=True)
def inbox_done(
    request: Request[Any, Any, Any],
    db: Session,
    current_user: CurrentUser,
    data: dict[str, Any] = FORM,
) -> Response[Any]:
    """Mark an item done (办结): only its responsible person or a supervisor it reached."""
    item = db.get(DueItem, _int(data.get("item_id")) or 0)
    if item is None or not may_act_on(db, item, current_user.id):
        raise NotFoundException()
    complete_due_item(db, item, by=current_user.id, now=now_for(request))
    filters = _filters(data)
    if _is_htmx(request):
        return Template(
            "inbox/_items.html",
            context=_items_context(db, current_user, filters, request),
            headers={"HX-Trigger": CHANGED_EVENT},
        )
    return Redirect(f"/inbox?{_query_string(filters)}", status_code=HTTP_303_SEE_OTHER)


# -- notifications -----------------------------------------------------------------------


@post("/inbox/read", name="inbox_read", sync_to_thread=True)
def inbox_read(
    request: Request[Any, Any, Any],
    db: Session,
    current_user: CurrentUser,
    data: dict[str, Any] = FORM,
) -> Response[Any]:
    """Mark one notification (or, with ``all``, every one) read; another's id is a 404."""
    now = now_for(request)
    if data.get("all"):
        mark_read(db, current_user.id, now=now)
    else:
        notification = db.get(Notification, _int(data.get("notification_id")) or 0)
        if notification is None or notification.account_id != current_user.id:
            raise NotFoundException()
        mark_read(db, current_user.id, notification.id, now=now)
    back = "/inbox/notifications" if data.get("from") == "notifications" else "/inbox"
    if _is_htmx(request):
        if back == "/inbox":
            return Template(
                "inbox/_unread.html",
                context={
                    "unread": _unread(db, current_user),
                    "unread_total": unread_count(db, current_user.id),
                },
                headers={"HX-Trigger": CHANGED_EVENT},
            )
        return Template(
            "inbox/_notifications.html",
            context=_notifications_context(db, current_user, data),
            headers={"HX-Trigger": CHANGED_EVENT},
        )
    return Redirect(back, status_code=HTTP_303_SEE_OTHER)


def _notifications_context(db: Session, user: CurrentUser, values: Any) -> dict[str, Any]:
    only_unread = str(values.get("show", "unread")) != "all"
    page = max(_int(values.get("page")) or 1, 1)
    query: Any = select(Notification).where(Notification.account_id == user.id)
    if only_unread:
        query = query.where(col(Notification.read_at).is_(None))
    total = db.exec(select(func.count()).select_from(query.subquery())).one()
    rows = db.exec(
        query.order_by(col(Notification.created_at).desc(), col(Notification.id).desc())
        .offset((page - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE)
    ).all()
    return {
        "notifications": rows,
        "show": "unread" if only_unread else "all",
        "page": page,
        "total": total,
        "pages": max((total + PAGE_SIZE - 1) // PAGE_SIZE, 1),
    }


@get("/inbox/notifications", name="inbox_notifications", sync_to_thread=True)
def inbox_notifications(
    request: Request[Any, Any, Any], db: Session, current_user: CurrentUser
) -> Template:
    """All the user's notifications, newest first, unread only or all."""
    context = _notifications_context(db, current_user, request.query_params)
    template = "inbox/_notifications.html" if _is_htmx(request) else "inbox/notifications.html"
    return Template(template, context=context, headers={"Vary": "HX-Request"})


@get("/inbox/count", name="inbox_count", opt={"passive": True}, sync_to_thread=True)
def inbox_count(db: Session, current_user: CurrentUser) -> Template:
    """The badge: the number of unread notifications, summarised by kind (polled)."""
    by_kind = unread_by_kind(db, current_user.id)
    return Template(
        "inbox/_count.html",
        context={
            "count": sum(by_kind.values()),
            "by_kind": sorted(by_kind.items(), key=lambda kv: -kv[1]),
            "kind_labels": NOTIFICATION_KINDS,
        },
        headers={"Cache-Control": "no-store"},
    )


# -- notification addresses --------------------------------------------------------------


def _channels_for(platform: Platform, user: CurrentUser) -> list[Any]:
    """Channels that need an address and can reach this user (plugin on at their bureau)."""
    return [
        c
        for c in notification_channels(platform.settings, platform.host)
        if c.needs_address
        and (channel_owner(c.name) == "core" or channel_owner(c.name) in user.active_plugins)
    ]


def _channels_page(
    platform: Platform,
    db: Session,
    user: CurrentUser,
    *,
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    saved: bool = False,
    status: int = 200,
) -> Template:
    channels = _channels_for(platform, user)
    return Template(
        "inbox/channels.html",
        status_code=status,
        context={
            "channels": channels,
            "all_channels": notification_channels(platform.settings, platform.host),
            "values": values if values is not None else address_book(db, user.id),
            "errors_by_field": {f"address-{k}": v for k, v in (errors or {}).items()},
            "saved": saved,
        },
    )


@get("/inbox/channels", name="inbox_channels", sync_to_thread=True)
def inbox_channels(
    request: Request[Any, Any, Any], platform: Platform, db: Session, current_user: CurrentUser
) -> Template:
    """Where the user receives notifications besides the inbox (e-mail, mobile …)."""
    return _channels_page(
        platform, db, current_user, saved=request.query_params.get("saved") == "1"
    )


@post("/inbox/channels", name="inbox_channels_save", sync_to_thread=True)
def inbox_channels_save(
    request: Request[Any, Any, Any],
    platform: Platform,
    db: Session,
    current_user: CurrentUser,
    data: dict[str, Any] = FORM,
) -> Template | Redirect:
    """Save the addresses; one a channel refuses is shown next to its field (422)."""
    channels = _channels_for(platform, current_user)
    values = {c.name: str(data.get(f"address-{c.name}", "")).strip() for c in channels}
    try:
        save_addresses(db, current_user.id, channels, values)
    except AddressesRefused as exc:
        db.rollback()
        locale = locale_of(request)
        errors = {name: error.localized(locale) for name, error in exc.errors.items()}
        return _channels_page(
            platform,
            db,
            current_user,
            values=values,
            errors=errors,
            status=HTTP_422_UNPROCESSABLE_ENTITY,
        )
    return Redirect("/inbox/channels?saved=1", status_code=HTTP_303_SEE_OTHER)


# -- 逾期统计 --------------------------------------------------------------------------------


@get("/inbox/overdue", name="inbox_overdue", opt={PERMISSION: OVERVIEW}, sync_to_thread=True)
def inbox_overdue(
    request: Request[Any, Any, Any], db: Session, current_user: CurrentUser
) -> Template:
    """Overdue and due-soon counts by station in the user's scope; a station's open items."""
    now = now_for(request)
    scope = current_user.scope(db, OVERVIEW)
    org_id = _int(request.query_params.get("org_id"))
    root = db.get(OrgUnit, org_id) if org_id else None
    if org_id and (root is None or not scope.allows(db, org_id)):
        raise NotFoundException()
    rows = overdue_by_station(db, scope, now, root=root)
    page = max(_int(request.query_params.get("page")) or 1, 1)
    station_id = _int(request.query_params.get("station"))
    station = db.get(OrgUnit, station_id) if station_id else None
    if station_id and (station is None or not scope.allows(db, station_id)):
        raise NotFoundException()
    overdue_items: list[Any] = []
    if station is not None:
        overdue_items = list(
            db.exec(
                select(DueItem, OrgUnit.name, StaffAccount.display_name)
                .join(OrgUnit, col(OrgUnit.id) == DueItem.org_id)
                .outerjoin(StaffAccount, col(StaffAccount.id) == DueItem.account_id)
                .where(
                    scope.where(DueItem.org_id),
                    subtree_predicate(station),
                    states_clause([DueState.OVERDUE], now),
                )
                .order_by(col(DueItem.due_at), col(DueItem.id))
                .limit(200)
            ).all()
        )
    context = {
        "rows": rows[(page - 1) * STATION_PAGE_SIZE : page * STATION_PAGE_SIZE],
        "total": len(rows),
        "totals": {
            "overdue": sum(r.overdue for r in rows),
            "escalated": sum(r.escalated for r in rows),
            "due_soon": sum(r.due_soon for r in rows),
        },
        "page": page,
        "pages": max((len(rows) + STATION_PAGE_SIZE - 1) // STATION_PAGE_SIZE, 1),
        "org_id": org_id,
        "orgs": org_choices(db, scope, include=org_id),
        "station": station,
        "overdue_items": overdue_items,
        "now": now,
    }
    template = "inbox/_overdue_table.html" if _is_htmx(request) else "inbox/overdue.html"
    return Template(template, context=context, headers={"Vary": "HX-Request"})


ROUTES = [
    inbox,
    inbox_done,
    inbox_read,
    inbox_notifications,
    inbox_count,
    inbox_channels,
    inbox_channels_save,
    inbox_overdue,
]
