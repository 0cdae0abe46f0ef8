"""Evidence files of a case (证据材料): upload, download through a scoped route, delete.

Files are never served from a static folder: the download route names the evidence as its
record, so the core's guard answers 404 outside the user's scope, for a deleted file too.
A refused upload comes back as the case page with 422 and the reason in Chinese; the
case and its other files are untouched.
"""

from __future__ import annotations

from typing import Any

from litestar import Request, get, post
from litestar.datastructures import UploadFile
from litestar.enums import RequestEncodingType
from litestar.exceptions import NotFoundException
from litestar.params import Body
from litestar.response import File, Redirect, Template
from litestar.status_codes import HTTP_303_SEE_OTHER
from sqlmodel import Session

from core.api import CurrentUser, StaleRecord, in_place
from mediation.errors import MediationError
from mediation.files import ALLOWED
from mediation.models import MediationCase, MediationEvidence
from mediation.pages.cases import _detail
from mediation.pages.common import (
    FORM,
    error_context,
    int_or_none,
    is_htmx,
    locale_of,
    now_of,
    settings_at,
)
from mediation.permissions import CASES_EDIT, CASES_VIEW
from mediation.services.evidence import (
    EvidenceNotFound,
    delete_evidence,
    evidence_path,
    get_evidence,
    store_evidence,
)

#: Litestar's ceiling for the route: the largest limit a bureau may set (50 MB) and room.
BODY_LIMIT = 55 * 1024 * 1024
#: Room beside the file in the body (the other fields, multipart headers): a file a little
#: over the bureau's limit still arrives, so the user hears about it in the form itself.
FORM_ROOM = 1024 * 1024


def _body_limit(connection: Any) -> int:
    """The bureau's own limit for this case, enforced by the core's input boundary while the
    body streams in (a 55 MB upload to a 10 MB bureau stops after 11 MB, not in memory)."""
    engine = connection.app.state.platform.engine
    platform = connection.app.state.platform
    with Session(engine) as db:
        case = db.get(MediationCase, connection.path_params.get("case_id"))
        if case is None:
            return BODY_LIMIT
        return settings_at(db, platform, case.org_id).evidence_max_mb * 1024 * 1024 + FORM_ROOM


MULTIPART = Body(media_type=RequestEncodingType.MULTI_PART)


def _answer(
    request: Request[Any, Any, Any],
    db: Session,
    platform: Any,
    user: CurrentUser,
    case_id: int,
    failed: str,
    exc: Exception | None,
    values: dict[str, Any],
) -> Template | Redirect:
    if exc is not None:
        db.rollback()
        status, extra = error_context(exc, locale_of(request))
        return _detail(
            request,
            db,
            platform,
            user,
            case_id,
            fragment=is_htmx(request),
            status=status,
            failed=failed,
            action_values=values,
            **extra,
        )
    if is_htmx(request):
        return _detail(request, db, platform, user, case_id, fragment=True, done=failed)
    return Redirect(f"/m/mediation/cases/{case_id}#evidence", status_code=HTTP_303_SEE_OTHER)


@post(
    "/cases/{case_id:int}/evidence",
    name="mediation_case_evidence_upload",
    opt={
        "permission": CASES_EDIT,
        "records": {"case_id": MediationCase},
        "body_limit": _body_limit,  # checked by the core as the body streams in
    },
    request_max_body_size=BODY_LIMIT,
    sync_to_thread=True,
)
def evidence_upload(
    request: Request[Any, Any, Any],
    db: Session,
    platform: Any,
    current_user: CurrentUser,
    case_id: int,
    data: dict[str, Any] = MULTIPART,
) -> Template | Redirect:
    """Keep one file of the case (type by content, size by the bureau's limit)."""
    upload = data.get("file")
    filename, content = "", b""
    if isinstance(upload, UploadFile):
        filename = upload.filename or ""
        content = upload.file.read()
    values = {k: str(v) for k, v in data.items() if k not in ("file", "_csrf_token")}
    try:
        settings = settings_at(db, platform, db.get(MediationCase, case_id).org_id)  # type: ignore[union-attr]
        store_evidence(
            db,
            case_id,
            values,
            filename=filename,
            content=content,
            data_dir=platform.settings.data_dir,
            max_bytes=settings.evidence_max_mb * 1024 * 1024,
            actor_id=current_user.id,
            now=now_of(request),
        )
    except (MediationError, StaleRecord) as exc:
        return _answer(request, db, platform, current_user, case_id, "evidence", exc, values)
    return _answer(request, db, platform, current_user, case_id, "evidence", None, values)


@get(
    "/evidence/{evidence_id:int}",
    name="mediation_evidence_download",
    opt={"permission": CASES_VIEW, "records": {"evidence_id": MediationEvidence}},
    sync_to_thread=True,
)
def evidence_download(db: Session, platform: Any, evidence_id: int) -> File:
    """The file, as an attachment, under the name it was uploaded with."""
    try:
        row = get_evidence(db, evidence_id)
    except EvidenceNotFound as exc:
        raise NotFoundException() from exc
    path = evidence_path(platform.settings.data_dir, row)
    if not in_place(path):  # a crash between commit and move is finished here
        raise NotFoundException()
    return File(
        path=path,
        filename=row.original_name,
        media_type=ALLOWED[row.file_kind].media_type,
        content_disposition_type="attachment",
        headers={"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"},
    )


@post(
    "/evidence/{evidence_id:int}/delete",
    name="mediation_evidence_delete",
    opt={"permission": CASES_EDIT, "records": {"evidence_id": MediationEvidence}},
    sync_to_thread=True,
)
def evidence_delete(
    request: Request[Any, Any, Any],
    db: Session,
    platform: Any,
    current_user: CurrentUser,
    evidence_id: int,
    data: dict[str, Any] = FORM,
) -> Template | Redirect:
    """Delete a file, with the reason why (audited; the row stays, marked)."""
    row = db.get(MediationEvidence, evidence_id)
    assert row is not None  # the guard answered 404 otherwise
    case_id = row.case_id
    values = {k: str(v) for k, v in data.items() if k != "_csrf_token"}
    values["evidence_id"] = str(evidence_id)  # which file's form to show again
    try:
        delete_evidence(
            db,
            evidence_id,
            values,
            expected_version=int_or_none(values.get("version")),
            data_dir=platform.settings.data_dir,
            actor_id=current_user.id,
            now=now_of(request),
        )
    except (MediationError, StaleRecord) as exc:
        return _answer(request, db, platform, current_user, case_id, "evidence_delete", exc, values)
    return _answer(request, db, platform, current_user, case_id, "evidence_delete", None, values)


ROUTES = [evidence_upload, evidence_download, evidence_delete]
