"""Events (普法活动): the register with filters, the form with photos, the event page with
its photos and its 助诊 assistant."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from litestar import Request, get, post
from litestar.datastructures import UploadFile
from litestar.exceptions import NotFoundException
from litestar.response import File, Redirect, Template
from sqlmodel import Session, col, select

from core.api import N_, CurrentUser, current_locale
from publicity.codes import EventFormat, audiences_in, label
from publicity.errors import InvalidInput
from publicity.forms import options
from publicity.models import PublicityEvent, PublicityPhoto, PublicityUnit
from publicity.pages.common import (
    FORM,
    MULTIPART,
    USER_ERRORS,
    allows,
    failed,
    form_values,
    int_or_none,
    org_choices,
    org_names,
    page_of,
    platform_of,
    settings_at,
    today_of,
    unit_choices,
    version_of,
)
from publicity.permissions import EDIT, VIEW
from publicity.services.assistants import attach_assistant, candidates, detach_assistant
from publicity.services.events import FIGURES, save_event
from publicity.services.keydates import bureau_of, campaign_defaults
from publicity.services.photos import check_uploads, photo_path, store_photo, thumb_path

EVENT = {"event_id": PublicityEvent}
PHOTO = {"photo_id": PublicityPhoto}


def _uploads(data: Any, field: str = "photos") -> list[tuple[str, bytes]]:
    """(file name, bytes) of every file posted under *field* (empty file inputs skipped)."""
    raw = dict(data or {}).get(field)
    items = raw if isinstance(raw, list) else [raw] if raw is not None else []
    files = []
    for item in items:
        if isinstance(item, UploadFile):
            content = item.file.read()
            if content or item.filename:
                files.append((item.filename or "", content))
    return [(name, content) for name, content in files if content or name]


def _data_dir(request: Request[Any, Any, Any]) -> Path:
    return Path(platform_of(request).settings.data_dir)


def _max_bytes(db: Session, request: Request[Any, Any, Any], org_id: int | None) -> int:
    return settings_at(db, request, org_id).photo_max_mb * 1024 * 1024


def _form_context(
    db: Session, request: Request[Any, Any, Any], current_user: CurrentUser, values: dict[str, Any]
) -> dict[str, Any]:
    scope = current_user.scope(db, EDIT)
    return {
        "values": values,
        "errors": {},
        "units": unit_choices(db, scope),
        "orgs": org_choices(db, scope),
        "formats": options(EventFormat),
        "figures": FIGURES,
        "audiences": audiences_in(current_locale()),
        "max_mb": settings_at(db, request, current_user.org_id).photo_max_mb,
    }


@get("/events", name="publicity_events", opt={"permission": VIEW}, sync_to_thread=True)
def event_list(request: Request[Any, Any, Any], db: Session, current_user: CurrentUser) -> Template:
    """Events held in the user's subtree, newest first; filter by unit, format, dates, text."""
    scope = current_user.scope(db, VIEW)
    params = request.query_params
    query = select(PublicityEvent).where(scope.where(PublicityEvent.org_id))
    unit_id = int_or_none(params.get("unit_id"))
    if unit_id:
        query = query.where(PublicityEvent.unit_id == unit_id)
    if params.get("format"):
        query = query.where(PublicityEvent.format == params.get("format"))
    for name, op in (("from", "__ge__"), ("to", "__le__")):
        try:
            day = date.fromisoformat(params.get(name) or "")
            query = query.where(getattr(col(PublicityEvent.held_on), op)(day))
        except ValueError:
            pass
    text = (params.get("q") or "").strip()
    if text:
        query = query.where(col(PublicityEvent.title).contains(text))
    result = page_of(
        db,
        query.order_by(col(PublicityEvent.held_on).desc(), col(PublicityEvent.id).desc()),
        request,
    )
    units = dict(
        db.exec(
            select(PublicityUnit.id, PublicityUnit.name).where(
                col(PublicityUnit.id).in_({e.unit_id for e in result.rows})
            )
        ).all()
    )
    return Template(
        "publicity/events/list.html",
        context={
            "result": result,
            "units": units,
            "names": org_names(db, {e.org_id for e in result.rows}),
            "unit_options": unit_choices(db, current_user.scope(db, VIEW)),
            "formats": options(EventFormat),
            "filters": {k: params.get(k) or "" for k in ("unit_id", "format", "from", "to", "q")},
            "label": label,
            "can_edit": current_user.can(EDIT),
        },
    )


@get("/events/new", name="publicity_event_new", opt={"permission": EDIT}, sync_to_thread=True)
def event_new(request: Request[Any, Any, Any], db: Session, current_user: CurrentUser) -> Template:
    """The form, pre-filled from a key-date reminder (``?unit_id=&key_date=&year=``)."""
    params = request.query_params
    values: dict[str, Any] = {
        "held_on": today_of(request).isoformat(),
        "org_id": str(current_user.org_id or ""),
        "unit_id": params.get("unit_id") or "",
        "format": EventFormat.LECTURE.value,
    }
    unit = db.get(PublicityUnit, int_or_none(params.get("unit_id")) or 0)
    if unit is not None and current_user.scope(db, EDIT).allows(db, unit.org_id):
        values["org_id"] = str(unit.org_id)
        code, year = params.get("key_date"), int_or_none(params.get("year"))
        if code and year:
            occ = campaign_defaults(db, bureau_of(db, unit.org_id), code, year)
            if occ is not None:
                values.update(
                    key_date=occ.name,
                    theme=occ.theme,
                    laws=occ.laws,
                    title=f"{occ.name}普法宣传活动",
                )
    return Template(
        "publicity/events/new.html", context=_form_context(db, request, current_user, values)
    )


@post(
    "/events/new",
    opt={"permission": EDIT},
    sync_to_thread=True,
    request_max_body_size=60 * 1024 * 1024,
)
def event_create(
    request: Request[Any, Any, Any],
    db: Session,
    current_user: CurrentUser,
    data: dict[str, Any] = MULTIPART,
) -> Template | Redirect:
    """Save the event and its photos. A bad photo refuses the whole form (422) with a message
    naming the file; every other field comes back as typed."""
    values = form_values(data)
    context = _form_context(db, request, current_user, values)
    scope = current_user.scope(db, EDIT)
    unit = db.get(PublicityUnit, int_or_none(values.get("unit_id")) or 0)
    files = _uploads(data)
    max_bytes = _max_bytes(db, request, unit.org_id if unit else current_user.org_id)
    problems = check_uploads(files, max_bytes)
    if unit is None or not scope.allows(db, unit.org_id):
        problems["unit_id"] = N_("请选择您有权登记的责任单位")
    try:
        event = save_event(
            db,
            values,
            unit=unit,
            org_allowed=allows(db, scope),
            today=today_of(request),
            extra_errors=problems,
        )
    except USER_ERRORS as exc:
        return failed("publicity/events/new.html", context, exc)
    for name, content in files:
        if content:
            store_photo(
                db,
                _data_dir(request),
                event,
                content=content,
                filename=name,
                max_bytes=max_bytes,
                actor_id=current_user.id,
            )
    return Redirect(f"/m/publicity/events/{event.id}?created=1", status_code=303)


def _detail(
    db: Session,
    request: Request[Any, Any, Any],
    current_user: CurrentUser,
    event: PublicityEvent,
    values: dict[str, Any] | None = None,
) -> dict[str, Any]:
    unit = db.get(PublicityUnit, event.unit_id)
    photos = db.exec(
        select(PublicityPhoto)
        .where(PublicityPhoto.event_id == event.id)
        .order_by(PublicityPhoto.id)
    ).all()
    base = {
        k: getattr(event, k)
        for k in (
            "title",
            "time_text",
            "place",
            "theme",
            "laws",
            "audience",
            "format",
            "key_date",
            "notes",
        )
    }
    base.update({k: str(getattr(event, k)) for k, _ in FIGURES})
    base.update(
        held_on=event.held_on.isoformat(),
        org_id=str(event.org_id),
        unit_id=str(event.unit_id),
        satisfaction="" if event.satisfaction is None else str(event.satisfaction),
        version=str(event.version),
    )
    context = _form_context(db, request, current_user, values or base)
    offered = (
        candidates(db, platform_of(request).host, event)
        if current_user.can(EDIT) and not event.assistant_key
        else []
    )
    context.update(
        event=event,
        unit=unit,
        org=org_names(db, {event.org_id}).get(event.org_id, ""),
        photos=photos,
        label=label,
        can_edit=current_user.can(EDIT),
        candidates=offered,
        assistant_values={},
    )
    return context


@get(
    "/events/{event_id:int}",
    name="publicity_event",
    opt={"permission": VIEW, "records": EVENT},
    sync_to_thread=True,
)
def event_detail(
    request: Request[Any, Any, Any], db: Session, current_user: CurrentUser, event_id: int
) -> Template:
    event = db.get(PublicityEvent, event_id)
    assert event is not None
    return Template(
        "publicity/events/detail.html", context=_detail(db, request, current_user, event)
    )


@post("/events/{event_id:int}", opt={"permission": EDIT, "records": EVENT}, sync_to_thread=True)
def event_update(
    request: Request[Any, Any, Any],
    db: Session,
    current_user: CurrentUser,
    event_id: int,
    data: dict[str, Any] = FORM,
) -> Template | Redirect:
    event = db.get(PublicityEvent, event_id)
    assert event is not None
    unit = db.get(PublicityUnit, event.unit_id)
    context = _detail(db, request, current_user, event, dict(data))
    scope = current_user.scope(db, EDIT)
    try:
        save_event(
            db,
            data,
            unit=unit,
            org_allowed=allows(db, scope),
            today=today_of(request),
            event=event,
            expected_version=version_of(data),
        )  # type: ignore[arg-type]
    except USER_ERRORS as exc:
        return failed("publicity/events/detail.html", context, exc)
    return Redirect(f"/m/publicity/events/{event.id}?saved=1", status_code=303)


@post(
    "/events/{event_id:int}/photos",
    opt={"permission": EDIT, "records": EVENT},
    sync_to_thread=True,
    request_max_body_size=60 * 1024 * 1024,
)
def event_photos(
    request: Request[Any, Any, Any],
    db: Session,
    current_user: CurrentUser,
    event_id: int,
    data: dict[str, Any] = MULTIPART,
) -> Template | Redirect:
    """Add photos to a recorded event; any bad file refuses the batch with its name."""
    event = db.get(PublicityEvent, event_id)
    assert event is not None
    files = [(n, c) for n, c in _uploads(data) if c or n]
    max_bytes = _max_bytes(db, request, event.org_id)
    problems = check_uploads(files, max_bytes)
    if not files:
        problems = {"photos": N_("请选择要上传的照片")}
    if problems:
        return failed(
            "publicity/events/detail.html",
            _detail(db, request, current_user, event),
            InvalidInput(problems),
        )
    for name, content in files:
        store_photo(
            db,
            _data_dir(request),
            event,
            content=content,
            filename=name,
            max_bytes=max_bytes,
            actor_id=current_user.id,
        )
    return Redirect(f"/m/publicity/events/{event.id}#photos", status_code=303)


def _photo_file(request: Request[Any, Any, Any], db: Session, photo_id: int, thumb: bool) -> File:
    photo = db.get(PublicityPhoto, photo_id)
    assert photo is not None
    path = thumb_path(_data_dir(request), photo) if thumb else photo_path(_data_dir(request), photo)
    if (
        not path.is_file()
    ):  # the row exists but the file was lost (restored DB without the data dir)
        raise NotFoundException(detail=N_("照片文件不存在"))
    return File(
        path=path,
        media_type="image/jpeg" if thumb else photo.content_type,
        content_disposition_type="inline",
        filename=photo.original_name or path.name,
    )


@get(
    "/photos/{photo_id:int}",
    name="publicity_photo",
    opt={"permission": VIEW, "records": PHOTO},
    sync_to_thread=True,
)
def photo_file(request: Request[Any, Any, Any], db: Session, photo_id: int) -> File:
    return _photo_file(request, db, photo_id, thumb=False)


@get(
    "/photos/{photo_id:int}/thumb",
    name="publicity_photo_thumb",
    opt={"permission": VIEW, "records": PHOTO},
    sync_to_thread=True,
)
def photo_thumb(request: Request[Any, Any, Any], db: Session, photo_id: int) -> File:
    return _photo_file(request, db, photo_id, thumb=True)


@post(
    "/events/{event_id:int}/assistant",
    opt={"permission": EDIT, "records": EVENT},
    sync_to_thread=True,
)
def event_attach(
    request: Request[Any, Any, Any],
    db: Session,
    current_user: CurrentUser,
    event_id: int,
    data: dict[str, Any] = FORM,
) -> Template | Redirect:
    """Attach a 助诊 assistant offered by another module (never imported here)."""
    event = db.get(PublicityEvent, event_id)
    assert event is not None
    try:
        attach_assistant(
            db,
            platform_of(request).host,
            event,
            key=str(data.get("assistant_key", "")),
            hours=str(data.get("hours", "")),
            expected_version=version_of(data),
            actor_id=current_user.id,
        )
    except USER_ERRORS as exc:
        context = _detail(db, request, current_user, event)
        context["assistant_values"] = dict(data)
        return failed("publicity/events/detail.html", context, exc)
    return Redirect(f"/m/publicity/events/{event.id}#assistant", status_code=303)


@post(
    "/events/{event_id:int}/assistant/detach",
    opt={"permission": EDIT, "records": EVENT},
    sync_to_thread=True,
)
def event_detach(
    request: Request[Any, Any, Any],
    db: Session,
    current_user: CurrentUser,
    event_id: int,
    data: dict[str, Any] = FORM,
) -> Template | Redirect:
    event = db.get(PublicityEvent, event_id)
    assert event is not None
    try:
        detach_assistant(
            db,
            platform_of(request).host,
            event,
            expected_version=version_of(data),
            actor_id=current_user.id,
        )
    except USER_ERRORS as exc:
        return failed(
            "publicity/events/detail.html", _detail(db, request, current_user, event), exc
        )
    return Redirect(f"/m/publicity/events/{event.id}#assistant", status_code=303)


ROUTES = [
    event_list,
    event_new,
    event_create,
    event_detail,
    event_update,
    event_photos,
    photo_file,
    photo_thumb,
    event_attach,
    event_detach,
]
