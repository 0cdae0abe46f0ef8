"""Official division changes (区划变更) applied from a page: upload, preview, confirm.

The administrator of a branch (``core.orgs.manage`` over the unit) uploads or pastes a
change file (``docs/orgs.md``). The preview runs every line through the same function as
``sifa orgs apply-changes --dry-run`` (:func:`core.orgs.changes.apply_changes`) and shows
what it would do to which unit, or why it cannot; nothing is saved. Confirming sends the
same text back (never the preview's results) and applies it all or nothing. Only units of
the page's branch are found by their codes.
"""

from __future__ import annotations

from typing import Any

from litestar import Request, get, post
from litestar.enums import RequestEncodingType
from litestar.params import Body
from litestar.response import Template
from litestar.status_codes import HTTP_422_UNPROCESSABLE_ENTITY
from sqlmodel import Session

from core.i18n import N_
from core.identity.current import CurrentUser
from core.orgs.changes import ChangeFileError, ChangeReport, apply_changes, parse_change_file
from core.orgs.models import OrgUnit
from web.guards import PERMISSION, RECORDS
from web.pages_account import FORM, locale_of
from web.pages_orgs import MANAGE, ORG, _manage_scope, _visible_org

MULTIPART = Body(media_type=RequestEncodingType.MULTI_PART)
#: The longest change file the page reads (characters); a yearly list is far shorter.
TEXT_LENGTH = 50_000
TEMPLATE = "orgs/division_changes.html"


def _text(data: dict[str, Any]) -> str:
    text = str(data.get("text") or "")
    upload = data.get("file")
    if upload is not None and hasattr(upload, "file"):
        raw = upload.file.read(4 * TEXT_LENGTH + 1)
        if raw:
            text = raw.decode("utf-8-sig")
    return text.lstrip("\ufeff")


def _page(
    org: OrgUnit,
    *,
    text: str = "",
    source: str = "",
    error: str = "",
    report: ChangeReport | None = None,
    locale: str = "zh",
    status: int = 200,
) -> Template:
    outcomes = [
        {
            "line": o.line,
            "status": o.status,
            "message": o.message_en if locale == "en" else o.message,
        }
        for o in (report.outcomes if report else [])
    ]
    return Template(
        TEMPLATE,
        context={
            "org": org,
            "text": text,
            "source": source,
            "error": error,
            "report": report,
            "outcomes": outcomes,
            "can_confirm": bool(
                report and not report.problems and report.dry_run and report.count("apply")
            ),
        },
        status_code=status,
    )


def _read(org: OrgUnit, data: dict[str, Any], locale: str) -> tuple[str, str, Any] | Template:
    source = str(data.get("source") or "").strip()[:200]
    try:
        text = _text(data)
    except UnicodeDecodeError:
        return _page(
            org,
            source=source,
            error=N_("文件不是 UTF-8 文本。"),
            status=HTTP_422_UNPROCESSABLE_ENTITY,
        )
    if len(text) > TEXT_LENGTH:
        return _page(
            org,
            source=source,
            error=N_("变更文件过长（不超过 50000 字）。"),
            status=HTTP_422_UNPROCESSABLE_ENTITY,
        )
    if not text.strip():
        return _page(
            org,
            source=source,
            error=N_("请选择变更文件（CSV），或粘贴其内容。"),
            status=HTTP_422_UNPROCESSABLE_ENTITY,
        )
    try:
        lines = parse_change_file(text)
    except ChangeFileError as exc:
        message = exc.message_en if locale == "en" else exc.message
        return _page(
            org, text=text, source=source, error=message, status=HTTP_422_UNPROCESSABLE_ENTITY
        )
    return text, source, lines


@get(
    "/orgs/{org_id:int}/division-changes",
    name="orgs_division_changes",
    opt={PERMISSION: MANAGE, RECORDS: ORG},
    sync_to_thread=True,
)
def orgs_division_changes(
    request: Request[Any, Any, Any], db: Session, current_user: CurrentUser, org_id: int
) -> Template:
    """The upload form for a change file of this branch."""
    org = _visible_org(db, _manage_scope(db, current_user), org_id)
    return _page(org, locale=locale_of(request))


@post(
    "/orgs/{org_id:int}/division-changes",
    name="orgs_division_changes_preview",
    opt={PERMISSION: MANAGE, RECORDS: ORG},
    sync_to_thread=True,
)
def orgs_division_changes_preview(
    request: Request[Any, Any, Any],
    db: Session,
    current_user: CurrentUser,
    org_id: int,
    data: dict[str, Any] = MULTIPART,
) -> Template:
    """What each line of the file would do to which unit; nothing is saved."""
    org = _visible_org(db, _manage_scope(db, current_user), org_id)
    locale = locale_of(request)
    read = _read(org, data, locale)
    if isinstance(read, Template):
        return read
    text, source, lines = read
    report = apply_changes(db, lines, dry_run=True, source=source, within=org)
    org = _visible_org(db, _manage_scope(db, current_user), org_id)  # reloaded after rollback
    return _page(org, text=text, source=source, report=report, locale=locale)


@post(
    "/orgs/{org_id:int}/division-changes/apply",
    name="orgs_division_changes_apply",
    opt={PERMISSION: MANAGE, RECORDS: ORG},
    sync_to_thread=True,
)
def orgs_division_changes_apply(
    request: Request[Any, Any, Any],
    db: Session,
    current_user: CurrentUser,
    org_id: int,
    data: dict[str, Any] = FORM,
) -> Template:
    """Apply the previewed text, all or nothing (the confirmation box must be ticked)."""
    org = _visible_org(db, _manage_scope(db, current_user), org_id)
    locale = locale_of(request)
    read = _read(org, data, locale)
    if isinstance(read, Template):
        return read
    text, source, lines = read
    confirmed = str(data.get("confirm", "")) == "1"
    report = apply_changes(db, lines, dry_run=not confirmed, source=source, within=org)
    if not report.applied:
        org = _visible_org(db, _manage_scope(db, current_user), org_id)
        error = (
            N_("文件中有不能执行的行，整个文件未保存。")
            if report.problems
            else N_("请勾选确认后再保存。")
        )
        return _page(
            org,
            text=text,
            source=source,
            error=error,
            report=report,
            locale=locale,
            status=HTTP_422_UNPROCESSABLE_ENTITY,
        )
    db.commit()  # the page says "saved" only once it is
    return _page(org, source=source, report=report, locale=locale)


ROUTES = [orgs_division_changes, orgs_division_changes_preview, orgs_division_changes_apply]
