"""Exports (导出): start one, watch its progress bar, download the file.

Starting an export (``POST /exports``) registers it and enqueues its job in the request's
transaction; the page then shows a progress bar that htmx polls every second
(``/exports/{id}/progress``) until the file is ready, when the fragment — now without a
polling trigger — shows the download link. Any page can offer an export with the
``exports/_start.html`` form (kind and organisation preset).

The pages need ``core.exports.use``; starting an export also needs the list's own
permission over the chosen organisation (403 without it). A route naming an export is
404 unless the export's organisation is in the user's scope (the core's record guard) and
the user is its owner or an export manager there who may still see its data
(:class:`core.exports.service.ExportAccess`) — never a hint that it exists.
"""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, get, post
from litestar.exceptions import NotFoundException
from litestar.response import File, Redirect, Template
from litestar.status_codes import (
    HTTP_303_SEE_OTHER,
    HTTP_403_FORBIDDEN,
    HTTP_422_UNPROCESSABLE_ENTITY,
)
from sqlmodel import Session, func, select

from core.exports.errors import ExportForbidden, ExportNotFound, InvalidExportRequest
from core.exports.kinds import ExportKind, UnknownExportKind, export_kind, export_kinds
from core.exports.models import ExportFile, ExportFormat, ExportStatus
from core.exports.service import (
    ExportAccess,
    export_path,
    export_progress,
    record_download,
    start_export,
)
from core.i18n import N_
from core.identity.current import CurrentUser
from core.orgs.models import OrgUnit
from core.platform import Platform
from web.auth import now_for
from web.guards import PERMISSION, RECORDS
from web.pages_account import FORM, locale_of
from web.pages_staff import org_choices

USE = "core.exports.use"
# The core's guard answers 404 unless the export's organisation is in the user's scope;
# the handler then admits only its owner or an export manager (ExportAccess).
ONE_EXPORT = {PERMISSION: USE, RECORDS: {"export_id": ExportFile}}
PAGE_SIZE = 20
CHANGED = "exportsChanged"  # htmx event: an export started or finished; lists refresh
MEDIA_TYPES = {
    ExportFormat.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ExportFormat.CSV: "text/csv; charset=utf-8",
}
STATE_LABELS = {
    "queued": N_("排队中"),
    "running": N_("正在导出"),
    "ready": N_("可下载"),
    "failed": N_("失败"),
    "expired": N_("已过期删除"),
}


def _is_htmx(request: Request[Any, Any, Any]) -> bool:
    return request.headers.get("hx-request") == "true"


def _visible(db: Session, user: CurrentUser, export_id: int) -> ExportFile:
    try:
        return ExportAccess(db, user.id).get(export_id)
    except ExportNotFound:
        raise NotFoundException() from None


def start_forms(db: Session, user: CurrentUser) -> list[dict[str, Any]]:
    """For each export kind the user may start: its organisations and whether unmask is offered."""
    access = ExportAccess(db, user.id)
    forms = []
    for kind in export_kinds():
        scope = access.scope(kind.permission)
        if scope.is_empty:
            continue
        home = user.org_id if user.org_id is not None and scope.allows(db, user.org_id) else None
        forms.append(
            {
                "kind": kind,
                "orgs": org_choices(db, scope, include=home),
                "everywhere": scope.is_global,
                "selected": home,
                "can_unmask": bool(kind.unmask_permission and user.can(kind.unmask_permission)),
            }
        )
    return forms


def _list_context(
    request: Request[Any, Any, Any], db: Session, user: CurrentUser, **extra: Any
) -> dict[str, Any]:
    access = ExportAccess(db, user.id)
    show_all = access.manages and request.query_params.get("all") == "1"
    try:
        page = max(int(request.query_params.get("page", "1")), 1)
    except ValueError:
        page = 1
    query = select(ExportFile)
    if show_all:
        manage = access.scope("core.exports.manage")
        query = query.where(
            (ExportFile.owner_id == user.id) | manage.where(ExportFile.org_id)  # type: ignore[operator]
        )
    else:
        query = query.where(ExportFile.owner_id == user.id)
    total = db.exec(select(func.count()).select_from(query.subquery())).one()
    exports = db.exec(
        query.order_by(ExportFile.id.desc())  # type: ignore[union-attr]
        .offset((page - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE)
    ).all()
    rows = [
        (e, export_progress(db, e), _kind_label(e.kind, locale_of(request)))
        for e in exports
        if e.owner_id == user.id or access.may_read(e)
    ]
    org_names = _org_names(db, [e.org_id for e in exports])
    return {
        "rows": rows,
        "org_names": org_names,
        "forms": start_forms(db, user),
        "show_all": show_all,
        "manages": access.manages,
        "page": page,
        "total": total,
        "pages": max((total + PAGE_SIZE - 1) // PAGE_SIZE, 1),
        "labels": STATE_LABELS,
        "now": now_for(request),
        **extra,
    }


def _kind_label(code: str, locale: str) -> str:
    try:
        kind = export_kind(code)
    except UnknownExportKind:
        return code
    return kind.label_en if locale == "en" else kind.label_zh


def _org_names(db: Session, ids: list[int | None]) -> dict[int, str]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    return {
        o.id: o.name
        for o in db.exec(select(OrgUnit).where(OrgUnit.id.in_(wanted)))  # type: ignore[union-attr]
    }


@get("/exports", name="exports_list", opt={PERMISSION: USE}, sync_to_thread=True)
def exports_list(
    request: Request[Any, Any, Any], db: Session, current_user: CurrentUser
) -> Template:
    """The user's exports (an export manager may include those of others in scope)."""
    template = "exports/_table.html" if _is_htmx(request) else "exports/list.html"
    return Template(
        template,
        context=_list_context(request, db, current_user),
        headers={"Vary": "HX-Request"},
    )


def _kind_or_404(code: str) -> ExportKind:
    try:
        return export_kind(code)
    except UnknownExportKind:
        raise NotFoundException() from None


@post("/exports", name="exports_start", opt={PERMISSION: USE}, sync_to_thread=True)
def exports_start(
    request: Request[Any, Any, Any],
    db: Session,
    platform: Platform,
    current_user: CurrentUser,
    data: dict[str, Any] = FORM,
) -> Template | Redirect:
    """Start an export; htmx gets the progress bar, a plain form the export's page."""
    kind = _kind_or_404(str(data.get("kind", "")))
    org_value = str(data.get("org_id", "")).strip()
    try:
        org_id = None if org_value in ("", "*") else int(org_value)
    except ValueError:
        raise NotFoundException() from None
    try:
        export = start_export(
            platform,
            db,
            user_id=current_user.id,
            kind=kind.code,
            org_id=org_id,
            fmt=str(data.get("format", ExportFormat.XLSX.value)),
            unmasked=str(data.get("unmask", "")) in ("1", "on", "true"),
            now=now_for(request),
        )
    except ExportNotFound:
        raise NotFoundException() from None
    except (ExportForbidden, InvalidExportRequest) as exc:
        db.rollback()
        forbidden = isinstance(exc, ExportForbidden)
        status = HTTP_403_FORBIDDEN if forbidden else HTTP_422_UNPROCESSABLE_ENTITY
        error = exc.localized(locale_of(request))
        if _is_htmx(request):
            return Template("exports/_error.html", status_code=status, context={"error": error})
        return Template(
            "exports/list.html",
            status_code=status,
            context=_list_context(request, db, current_user, error=error),
        )
    if _is_htmx(request):
        return Template(
            "exports/_progress.html",
            context=_progress_context(db, export),
            headers={"HX-Trigger": CHANGED},  # the list of exports below refreshes itself
        )
    return Redirect(f"/exports/{export.id}", status_code=HTTP_303_SEE_OTHER)


def _progress_context(db: Session, export: ExportFile) -> dict[str, Any]:
    return {"export": export, "progress": export_progress(db, export), "labels": STATE_LABELS}


@get("/exports/{export_id:int}", name="exports_detail", opt=ONE_EXPORT, sync_to_thread=True)
def exports_detail(
    request: Request[Any, Any, Any], db: Session, current_user: CurrentUser, export_id: int
) -> Template:
    export = _visible(db, current_user, export_id)
    context = _progress_context(db, export)
    context["kind_label"] = _kind_label(export.kind, locale_of(request))
    context["org_name"] = _org_names(db, [export.org_id]).get(export.org_id or 0)
    return Template("exports/detail.html", context=context)


@get(
    "/exports/{export_id:int}/progress",
    name="exports_progress",
    opt=ONE_EXPORT,
    sync_to_thread=True,
)
def exports_progress(db: Session, current_user: CurrentUser, export_id: int) -> Template:
    """The progress fragment: it polls itself while the export runs, then shows the link."""
    export = _visible(db, current_user, export_id)
    context = _progress_context(db, export)
    headers = {"HX-Trigger": CHANGED} if context["progress"].finished else {}
    return Template("exports/_progress.html", context=context, headers=headers)


@get(
    "/exports/{export_id:int}/download",
    name="exports_download",
    opt=ONE_EXPORT,
    sync_to_thread=True,
)
def exports_download(
    db: Session, platform: Platform, current_user: CurrentUser, export_id: int
) -> Response[Any]:
    """The file, to its owner or an export manager in scope; recorded in the audit trail."""
    export = _visible(db, current_user, export_id)
    path = export_path(platform.settings, export)
    if export.status != ExportStatus.READY or not path.is_file():
        raise NotFoundException()
    record_download(db, export, current_user.id)
    return File(
        path=path,
        filename=export.download_name,
        media_type=MEDIA_TYPES[ExportFormat(export.format)],
        headers={"Cache-Control": "no-store"},
    )


ROUTES = [exports_list, exports_start, exports_detail, exports_progress, exports_download]
