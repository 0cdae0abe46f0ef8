"""Villages: backbone coverage per station, the backbone register with training and activity
logs, culture sites and model-village status."""

from __future__ import annotations

from typing import Any

from litestar import Request, get, post
from litestar.response import Redirect, Template
from sqlmodel import Session, col, select

from core.api import CurrentUser, OrgUnit
from publicity.codes import BackboneRole, LogKind, ModelVillageLevel, SiteKind, label
from publicity.forms import options
from publicity.models import (
    PublicityBackbone,
    PublicityBackboneLog,
    PublicityModelVillage,
)
from publicity.pages.common import (
    FORM,
    USER_ERRORS,
    VILLAGE_TYPES,
    allows,
    failed,
    int_or_none,
    org_choices,
    org_names,
    page_of,
    settings_at,
    today_of,
    version_of,
)
from publicity.permissions import VIEW, VILLAGES
from publicity.services.villages import (
    add_log,
    coverage,
    save_backbone,
    save_model_village,
    save_site,
)

BACKBONE = {"backbone_id": PublicityBackbone}
MODEL = {"model_id": PublicityModelVillage}


def mask_phone(phone: str) -> str:
    """138****5678: a backbone's phone is personal data, shown masked in lists."""
    return phone[:3] + "****" + phone[-4:] if len(phone) >= 7 else ("*" * len(phone))


@get("/villages", name="publicity_villages", opt={"permission": VIEW}, sync_to_thread=True)
def village_coverage(
    request: Request[Any, Any, Any], db: Session, current_user: CurrentUser
) -> Template:
    """Coverage of 法律明白人 (target per village, default 3), culture sites and model status
    for the chosen organisation (default: the user's own)."""
    scope = current_user.scope(db, VIEW)
    org_id = int_or_none(request.query_params.get("org_id")) or current_user.org_id
    root = db.get(OrgUnit, org_id) if org_id and scope.allows(db, org_id) else None
    target = settings_at(db, request, root.id if root else None).backbones_per_village
    rows = coverage(db, root, target) if root else []
    met = sum(1 for r in rows if r.met)
    return Template(
        "publicity/villages/coverage.html",
        context={
            "root": root,
            "rows": rows,
            "target": target,
            "met": met,
            "with_site": sum(1 for r in rows if r.sites),
            "orgs": org_choices(db, scope),
            "label": label,
            "can_manage": current_user.can(VILLAGES),
        },
    )


@get("/backbones", name="publicity_backbones", opt={"permission": VIEW}, sync_to_thread=True)
def backbone_list(
    request: Request[Any, Any, Any], db: Session, current_user: CurrentUser
) -> Template:
    scope = current_user.scope(db, VIEW)
    query = select(PublicityBackbone).where(scope.where(PublicityBackbone.org_id))
    org_id = int_or_none(request.query_params.get("org_id"))
    if org_id:
        query = query.where(PublicityBackbone.org_id == org_id)
    text = (request.query_params.get("q") or "").strip()
    if text:
        query = query.where(col(PublicityBackbone.name).contains(text))
    result = page_of(db, query.order_by(PublicityBackbone.org_id, PublicityBackbone.name), request)
    return Template(
        "publicity/villages/backbones.html",
        context={
            "result": result,
            "names": org_names(db, {b.org_id for b in result.rows}),
            "orgs": org_choices(db, scope, VILLAGE_TYPES),
            "org_id": str(org_id or ""),
            "text": text,
            "label": label,
            "mask_phone": mask_phone,
            "can_manage": current_user.can(VILLAGES),
        },
    )


def _new_context(db: Session, current_user: CurrentUser, values: dict[str, Any]) -> dict[str, Any]:
    scope = current_user.scope(db, VILLAGES)
    return {
        "values": values,
        "errors": {},
        "villages": org_choices(db, scope, VILLAGE_TYPES),
        "roles": options(BackboneRole),
        "site_kinds": options(SiteKind),
        "levels": options(ModelVillageLevel),
    }


@get(
    "/backbones/new",
    name="publicity_backbone_new",
    opt={"permission": VILLAGES},
    sync_to_thread=True,
)
def backbone_new(
    request: Request[Any, Any, Any], db: Session, current_user: CurrentUser
) -> Template:
    values = {
        "org_id": request.query_params.get("org_id") or "",
        "role": BackboneRole.ADVOCATE.value,
    }
    return Template(
        "publicity/villages/backbone_new.html", context=_new_context(db, current_user, values)
    )


@post("/backbones/new", opt={"permission": VILLAGES}, sync_to_thread=True)
def backbone_create(
    db: Session, current_user: CurrentUser, data: dict[str, Any] = FORM
) -> Template | Redirect:
    try:
        row = save_backbone(db, data, org_allowed=allows(db, current_user.scope(db, VILLAGES)))
    except USER_ERRORS as exc:
        return failed(
            "publicity/villages/backbone_new.html", _new_context(db, current_user, dict(data)), exc
        )
    return Redirect(f"/m/publicity/backbones/{row.id}", status_code=303)


def _backbone(
    db: Session,
    request: Request[Any, Any, Any],
    current_user: CurrentUser,
    row: PublicityBackbone,
    values: dict[str, Any] | None = None,
) -> dict[str, Any]:
    logs = db.exec(
        select(PublicityBackboneLog)
        .where(PublicityBackboneLog.backbone_id == row.id)
        .order_by(col(PublicityBackboneLog.held_on).desc())
    ).all()
    base = {
        "name": row.name,
        "role": row.role,
        "background": row.background,
        "phone": row.phone,
        "appointed_on": row.appointed_on.isoformat() if row.appointed_on else "",
        "inactive": "" if row.active else "1",
        "version": str(row.version),
    }
    return {
        **_new_context(db, current_user, values or base),
        "row": row,
        "org": org_names(db, {row.org_id}).get(row.org_id, ""),
        "logs": logs,
        "log_kinds": options(LogKind),
        "log_values": {"held_on": today_of(request).isoformat(), "kind": LogKind.TRAINING.value},
        "label": label,
        "can_manage": current_user.can(VILLAGES),
    }


@get(
    "/backbones/{backbone_id:int}",
    name="publicity_backbone",
    opt={"permission": VIEW, "records": BACKBONE},
    sync_to_thread=True,
)
def backbone_detail(
    request: Request[Any, Any, Any], db: Session, current_user: CurrentUser, backbone_id: int
) -> Template:
    row = db.get(PublicityBackbone, backbone_id)
    assert row is not None
    return Template(
        "publicity/villages/backbone.html", context=_backbone(db, request, current_user, row)
    )


@post(
    "/backbones/{backbone_id:int}",
    opt={"permission": VILLAGES, "records": BACKBONE},
    sync_to_thread=True,
)
def backbone_update(
    request: Request[Any, Any, Any],
    db: Session,
    current_user: CurrentUser,
    backbone_id: int,
    data: dict[str, Any] = FORM,
) -> Template | Redirect:
    row = db.get(PublicityBackbone, backbone_id)
    assert row is not None
    context = _backbone(db, request, current_user, row, dict(data))
    try:
        save_backbone(
            db,
            data,
            org_allowed=allows(db, current_user.scope(db, VILLAGES)),
            backbone=row,
            expected_version=version_of(data),
        )
    except USER_ERRORS as exc:
        return failed("publicity/villages/backbone.html", context, exc)
    return Redirect(f"/m/publicity/backbones/{row.id}?saved=1", status_code=303)


@post(
    "/backbones/{backbone_id:int}/logs",
    opt={"permission": VILLAGES, "records": BACKBONE},
    sync_to_thread=True,
)
def backbone_log(
    request: Request[Any, Any, Any],
    db: Session,
    current_user: CurrentUser,
    backbone_id: int,
    data: dict[str, Any] = FORM,
) -> Template | Redirect:
    row = db.get(PublicityBackbone, backbone_id)
    assert row is not None
    try:
        add_log(db, row, data, today_of(request))
    except USER_ERRORS as exc:
        context = _backbone(db, request, current_user, row)
        context["log_values"] = dict(data)
        return failed("publicity/villages/backbone.html", context, exc)
    return Redirect(f"/m/publicity/backbones/{row.id}#logs", status_code=303)


@get("/sites/new", name="publicity_site_new", opt={"permission": VILLAGES}, sync_to_thread=True)
def site_new(request: Request[Any, Any, Any], db: Session, current_user: CurrentUser) -> Template:
    values = {"org_id": request.query_params.get("org_id") or "", "kind": SiteKind.BOARD.value}
    return Template(
        "publicity/villages/site_new.html", context=_new_context(db, current_user, values)
    )


@post("/sites/new", opt={"permission": VILLAGES}, sync_to_thread=True)
def site_create(
    db: Session, current_user: CurrentUser, data: dict[str, Any] = FORM
) -> Template | Redirect:
    try:
        row = save_site(db, data, org_allowed=allows(db, current_user.scope(db, VILLAGES)))
    except USER_ERRORS as exc:
        return failed(
            "publicity/villages/site_new.html", _new_context(db, current_user, dict(data)), exc
        )
    return Redirect(f"/m/publicity/villages?org_id={row.org_id}", status_code=303)


@get(
    "/model-villages/new",
    name="publicity_model_new",
    opt={"permission": VILLAGES},
    sync_to_thread=True,
)
def model_new(request: Request[Any, Any, Any], db: Session, current_user: CurrentUser) -> Template:
    values = {
        "org_id": request.query_params.get("org_id") or "",
        "level": ModelVillageLevel.COUNTY.value,
    }
    return Template(
        "publicity/villages/model.html",
        context={**_new_context(db, current_user, values), "row": None},
    )


@post("/model-villages/new", opt={"permission": VILLAGES}, sync_to_thread=True)
def model_create(
    db: Session, current_user: CurrentUser, data: dict[str, Any] = FORM
) -> Template | Redirect:
    try:
        row = save_model_village(db, data, org_allowed=allows(db, current_user.scope(db, VILLAGES)))
    except USER_ERRORS as exc:
        return failed(
            "publicity/villages/model.html",
            {**_new_context(db, current_user, dict(data)), "row": None},
            exc,
        )
    return Redirect(f"/m/publicity/model-villages/{row.id}", status_code=303)


def _model_values(row: PublicityModelVillage) -> dict[str, Any]:
    def iso(d: Any) -> str:
        return d.isoformat() if d else ""

    return {
        "level": row.level,
        "awarded_on": iso(row.awarded_on),
        "last_review_on": iso(row.last_review_on),
        "next_review_on": iso(row.next_review_on),
        "note": row.note,
        "revoked": "1" if row.revoked else "",
        "version": str(row.version),
    }


@get(
    "/model-villages/{model_id:int}",
    name="publicity_model",
    opt={"permission": VIEW, "records": MODEL},
    sync_to_thread=True,
)
def model_detail(db: Session, current_user: CurrentUser, model_id: int) -> Template:
    row = db.get(PublicityModelVillage, model_id)
    assert row is not None
    context = {
        **_new_context(db, current_user, _model_values(row)),
        "row": row,
        "org": org_names(db, {row.org_id}).get(row.org_id, ""),
    }
    return Template("publicity/villages/model.html", context=context)


@post(
    "/model-villages/{model_id:int}",
    opt={"permission": VILLAGES, "records": MODEL},
    sync_to_thread=True,
)
def model_update(
    db: Session, current_user: CurrentUser, model_id: int, data: dict[str, Any] = FORM
) -> Template | Redirect:
    row = db.get(PublicityModelVillage, model_id)
    assert row is not None
    context = {
        **_new_context(db, current_user, dict(data)),
        "row": row,
        "org": org_names(db, {row.org_id}).get(row.org_id, ""),
    }
    try:
        save_model_village(
            db,
            data,
            org_allowed=allows(db, current_user.scope(db, VILLAGES)),
            row=row,
            expected_version=version_of(data),
        )
    except USER_ERRORS as exc:
        return failed("publicity/villages/model.html", context, exc)
    return Redirect(f"/m/publicity/model-villages/{row.id}?saved=1", status_code=303)


ROUTES = [
    village_coverage,
    backbone_list,
    backbone_new,
    backbone_create,
    backbone_detail,
    backbone_update,
    backbone_log,
    site_new,
    site_create,
    model_new,
    model_create,
    model_detail,
    model_update,
]
