"""The public online application (网上申请法律援助): no login, no CAPTCHA, rate-limited per
client and, on the citizen portal, per phone.

The form lives on the citizen portal (``/portal/legal_aid/apply``, mounted by the core from
``PORTAL_ROUTES``); the old address ``/m/legal_aid/apply`` redirects there. A submitted
application gets the portal's private link and one-time codes (core.api portal functions).

Declared public with ``opt={"public": True}`` — the way the core declares ``/login`` — so the
core's guard lets anonymous visitors in; nothing else on these routes reads or shows stored
data. Each POST is counted against the client (a salted hash of its address) in a sliding
one-hour window kept in the database; over the bureau's limit the answer is a 429 page.
The application lands in the review queue of the centre the applicant chose, which must be
a legal-aid centre where the module is on.
"""

from __future__ import annotations

from typing import Any

from litestar import Request, get, post
from litestar.datastructures import UploadFile
from litestar.response import Redirect, Template
from litestar.status_codes import (
    HTTP_301_MOVED_PERMANENTLY,
    HTTP_308_PERMANENT_REDIRECT,
    HTTP_422_UNPROCESSABLE_ENTITY,
    HTTP_429_TOO_MANY_REQUESTS,
)
from sqlmodel import Session, col, select

from core.api import (
    OrgUnit,
    PortalLimited,
    PortalRefusal,
    active_plugins,
    open_portal_application,
    portal_limits,
    portal_link,
    session_scope,
)
from legal_aid.codes import (
    APPLICATION_MATTERS,
    Channel,
    ExemptGroup,
    Matter,
    MatterGroup,
    group_of,
    label,
)
from legal_aid.errors import InvalidInput
from legal_aid.models import LegalAidProvider
from legal_aid.pages.common import MULTIPART, centres_in, form_values, locale_of, now_of
from legal_aid.services.intake import register_application
from legal_aid.services.ratelimit import client_key, over_limit, record_attempt
from legal_aid.services.uploads import Upload, check_upload, store_upload
from legal_aid.settings import LegalAidSettings, settings_at

MAX_FILES = 5
PUBLIC = {"public": True}
PORTAL_FORM = "/portal/legal_aid/apply"
PORTAL_KIND = "legal_aid.application"


def _centres(db: Session, platform: Any) -> list[OrgUnit]:
    return [
        c for c in centres_in(db, None) if "legal_aid" in active_plugins(db, platform.host, c.id)
    ]  # type: ignore[arg-type]


def roster_choices(db: Session, centres: list[OrgUnit]) -> list[tuple[str, list[tuple[str, str]]]]:
    """点援制: the active roster of each centre, grouped by centre, for the applicant's choice."""
    names = {c.id: c.name for c in centres}
    rows = db.exec(
        select(LegalAidProvider)
        .where(
            col(LegalAidProvider.org_id).in_(list(names)), col(LegalAidProvider.active).is_(True)
        )
        .order_by(col(LegalAidProvider.org_id), col(LegalAidProvider.name))
    ).all()
    groups: dict[str, list[tuple[str, str]]] = {}
    for p in rows:
        groups.setdefault(names[p.org_id], []).append((str(p.id), p.name))
    return list(groups.items())


def matter_groups(locale: str) -> list[tuple[str, list[tuple[str, str]]]]:
    groups: dict[str, list[tuple[str, str]]] = {}
    for matter in APPLICATION_MATTERS:
        group = label(MatterGroup, group_of(matter), locale)
        groups.setdefault(group, []).append((matter.value, label(Matter, matter, locale)))
    return list(groups.items())


def _page(
    db: Session, platform: Any, request: Request[Any, Any, Any], status: int = 200, **context: Any
) -> Template:
    locale = locale_of(request)
    centres = _centres(db, platform)
    base = {
        "centres": centres,
        "roster": roster_choices(db, centres),
        "matter_groups": matter_groups(locale),
        "exempt_groups": [(g.value, label(ExemptGroup, g, locale)) for g in ExemptGroup],
        "values": {},
        "errors": {},
        "error": "",
        "max_mb": LegalAidSettings().upload_max_mb,
    }
    return Template("legal_aid/public/apply.html", context={**base, **context}, status_code=status)


@get("/apply", name="legal_aid_apply", sync_to_thread=True)
def apply_form(request: Request[Any, Any, Any], db: Session, platform: Any) -> Template:
    return _page(db, platform, request)


def _uploads(data: dict[str, Any]) -> list[Upload]:
    raw = data.get("attachments")
    files = raw if isinstance(raw, list) else [raw]
    out = []
    for item in files:
        if isinstance(item, UploadFile) and item.filename:
            out.append(Upload(item.filename, item.file.read()))
    return out


@post(
    "/apply",
    name="legal_aid_apply_submit",
    sync_to_thread=True,
    request_max_body_size=64 * 1024 * 1024,
)
def apply_submit(
    request: Request[Any, Any, Any],
    db: Session,
    platform: Any,
    data: dict[str, Any] = MULTIPART,
) -> Template:
    now = now_of(request)
    values = form_values(data)
    raw_centre = values.get("centre_id", "")
    centre = next((c for c in _centres(db, platform) if str(c.id) == raw_centre), None)
    settings = settings_at(db, platform.host, centre.id) if centre else LegalAidSettings()
    key = client_key(
        request.client.host if request.client else "unknown", str(platform.settings.secret_key)
    )
    with session_scope(platform.engine) as counter:  # counted even when the form is refused
        limited = over_limit(counter, key, now, settings.public_form_limit)
        if not limited:
            record_attempt(counter, key, now)
    if limited:
        return Template(
            "legal_aid/public/too_many.html",
            context={},
            status_code=HTTP_429_TOO_MANY_REQUESTS,
            headers={"Retry-After": "3600"},
        )
    errors: dict[str, tuple[str, str]] = {}
    phone = ""
    try:  # the portal's limits: per client, and five applications per phone an hour
        phone = portal_limits(platform, request, values.get("applicant_phone", ""), now)
    except PortalLimited as refusal:
        return Template(
            "legal_aid/public/too_many.html",
            context={"message": refusal.en if locale_of(request) == "en" else refusal.zh},
            status_code=HTTP_429_TOO_MANY_REQUESTS,
            headers={"Retry-After": "3600"},
        )
    except PortalRefusal as refusal:
        errors["applicant_phone"] = (refusal.zh, refusal.en)
    if centre is None:
        errors["centre_id"] = ("请选择受理申请的法律援助中心", "Choose the legal-aid centre")
    if values.get("consent") not in ("1", "on"):
        errors["consent"] = (
            "请阅读并同意个人信息收集使用说明",
            "Please consent to the use of your data",
        )
    uploads = _uploads(data)
    if len(uploads) > MAX_FILES:
        errors["attachments"] = (f"附件最多{MAX_FILES}个", f"At most {MAX_FILES} files")
    for upload in uploads:
        problem = check_upload(upload, settings.upload_max_mb)
        if problem:
            errors.setdefault("attachments", problem)
    # The public may not link people already registered, nor name a roster member.
    clean = {k: v for k, v in values.items() if k not in ("applicant_id", "representative_id")}
    clean.update({"applicant_phone": phone})
    case = None
    try:
        if centre is not None:
            case = register_application(
                db,
                centre.id,
                clean,
                channel=Channel.ONLINE,  # type: ignore[arg-type]
                received_at=now,
                visible_people=select(OrgUnit.id).where(False),
            )  # type: ignore[arg-type]
        if errors:
            raise InvalidInput(errors)
    except InvalidInput as exc:
        db.rollback()
        merged = {**errors, **{f: (zh, exc.errors_en.get(f, zh)) for f, zh in exc.errors.items()}}
        locale = locale_of(request)
        return _page(
            db,
            platform,
            request,
            HTTP_422_UNPROCESSABLE_ENTITY,
            values=values,
            errors={f: (en if locale == "en" else zh) for f, (zh, en) in merged.items()},
            error="请按提示修改后重新提交（附件需重新选择）"
            if locale != "en"
            else "Please correct the marked fields (choose the files again)",
            max_mb=settings.upload_max_mb,
        )
    assert case is not None and centre is not None
    for upload in uploads:
        store_upload(
            db,
            platform.settings.data_dir,
            case.id,
            case.org_id,
            upload,  # type: ignore[arg-type]
            kind="application",
            now=now,
        )
    _, token = open_portal_application(
        db,
        platform,
        kind=PORTAL_KIND,
        record_id=case.id,  # type: ignore[arg-type]
        org_id=case.org_id,
        number=case.number,
        phone=phone,
        now=now,
    )
    return Template(
        "portal/done.html",
        context={
            "number": case.number,
            "handled_by": centre.name,
            "due": case.review_due,
            "link": portal_link(platform.settings, token),
        },
    )


@get("/apply", name="legal_aid_apply_moved", opt=PUBLIC, sync_to_thread=False)
def apply_moved() -> Redirect:
    """The form's old address (bookmarks, printed posters) leads to the portal."""
    return Redirect(PORTAL_FORM, status_code=HTTP_301_MOVED_PERMANENTLY)


@post("/apply", name="legal_aid_apply_moved_submit", opt=PUBLIC, sync_to_thread=False)
def apply_moved_submit() -> Redirect:
    """A form still open at the old address is posted on to the portal (308 keeps POST)."""
    return Redirect(PORTAL_FORM, status_code=HTTP_308_PERMANENT_REDIRECT)


ROUTES = [apply_moved, apply_moved_submit]
PORTAL_ROUTES = [apply_form, apply_submit]
