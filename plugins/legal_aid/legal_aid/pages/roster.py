"""The roster pages (法律援助人员名册): who a centre may assign, with practice numbers."""

from __future__ import annotations

from typing import Any

from litestar import Request, get, post
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_303_SEE_OTHER
from sqlalchemy import func
from sqlmodel import Session, col, select

from core.api import CurrentUser, OrgUnit, StaleRecord
from legal_aid.codes import ProviderKind, Status, choices, label
from legal_aid.errors import LegalAidError
from legal_aid.models import LegalAidCase, LegalAidProvider
from legal_aid.pages.common import (
    FORM,
    centres_in,
    error_context,
    form_values,
    int_or_none,
    locale_of,
    page_of,
)
from legal_aid.permissions import CASES_EDIT, CASES_VIEW
from legal_aid.services.roster import save_provider

RECORD = {"provider_id": LegalAidProvider}


@get("/providers", name="legal_aid_providers", opt={"permission": CASES_VIEW}, sync_to_thread=True)
def provider_list(
    request: Request[Any, Any, Any], db: Session, current_user: CurrentUser
) -> Template:
    scope = current_user.scope(db, CASES_VIEW)
    query = select(LegalAidProvider).where(scope.where(LegalAidProvider.org_id))
    text = (request.query_params.get("q") or "").strip()
    if text:
        query = query.where(
            col(LegalAidProvider.name).contains(text)
            | col(LegalAidProvider.practice_number).contains(text)
        )
    page = page_of(
        db,
        query.order_by(col(LegalAidProvider.org_id), col(LegalAidProvider.name)),
        int_or_none(request.query_params.get("page")) or 1,
        50,
    )
    ids = [p.id for p in page.rows]
    loads = dict(
        db.exec(
            select(LegalAidCase.provider_id, func.count())
            .where(col(LegalAidCase.provider_id).in_(ids), LegalAidCase.status == Status.ASSIGNED)
            .group_by(LegalAidCase.provider_id)
        ).all()
    )
    orgs = {
        o.id: o.name
        for o in db.exec(select(OrgUnit).where(col(OrgUnit.id).in_({p.org_id for p in page.rows})))
    }
    return Template(
        "legal_aid/roster/list.html",
        context={
            "page": page,
            "loads": loads,
            "orgs": orgs,
            "q": text,
            "label": label,
            "ProviderKind": ProviderKind,
            "can_edit": current_user.can(CASES_EDIT),
            "locale": locale_of(request),
        },
    )


def _form(db: Session, user: CurrentUser, request, **extra: Any) -> dict[str, Any]:
    return {
        "centres": centres_in(db, user.scope(db, CASES_EDIT)),
        "kinds": choices(ProviderKind, locale_of(request)),
        "values": {},
        "errors": {},
        "error": "",
        "provider": None,
        **extra,
    }


@get(
    "/providers/new",
    name="legal_aid_provider_new",
    opt={"permission": CASES_EDIT},
    sync_to_thread=True,
)
def new_provider(
    request: Request[Any, Any, Any], db: Session, current_user: CurrentUser
) -> Template:
    return Template("legal_aid/roster/form.html", context=_form(db, current_user, request))


@post(
    "/providers/new",
    name="legal_aid_provider_create",
    opt={"permission": CASES_EDIT},
    sync_to_thread=True,
)
def create_provider(
    request: Request[Any, Any, Any],
    db: Session,
    current_user: CurrentUser,
    data: dict[str, Any] = FORM,
) -> Template | Redirect:
    values = form_values(data)
    scope = current_user.scope(db, CASES_EDIT)
    centre_id = int_or_none(values.get("centre_id"))
    try:
        if centre_id not in {c.id for c in centres_in(db, scope)}:
            from legal_aid.errors import InvalidInput

            raise InvalidInput({"centre_id": ("请选择法律援助中心", "Choose a centre")})
        save_provider(db, centre_id, values)  # type: ignore[arg-type]
    except LegalAidError as exc:
        db.rollback()
        status, extra = error_context(exc, locale_of(request))
        return Template(
            "legal_aid/roster/form.html",
            context=_form(db, current_user, request, values=values, **extra),
            status_code=status,
        )
    return Redirect("/m/legal_aid/providers", status_code=HTTP_303_SEE_OTHER)


@get(
    "/providers/{provider_id:int}",
    name="legal_aid_provider",
    opt={"permission": CASES_VIEW, "records": RECORD},
    sync_to_thread=True,
)
def provider_detail(
    request: Request[Any, Any, Any], db: Session, current_user: CurrentUser, provider_id: int
) -> Template:
    provider = db.get(LegalAidProvider, provider_id)
    assert provider is not None
    return Template(
        "legal_aid/roster/form.html",
        context=_form(
            db,
            current_user,
            request,
            provider=provider,
            values={k: ("" if v is None else str(v)) for k, v in provider.model_dump().items()},
        ),
    )


@post(
    "/providers/{provider_id:int}",
    name="legal_aid_provider_update",
    opt={"permission": CASES_EDIT, "records": RECORD},
    sync_to_thread=True,
)
def update_provider(
    request: Request[Any, Any, Any],
    db: Session,
    current_user: CurrentUser,
    provider_id: int,
    data: dict[str, Any] = FORM,
) -> Template | Redirect:
    values = form_values(data)
    provider = db.get(LegalAidProvider, provider_id)
    assert provider is not None
    try:
        save_provider(
            db,
            provider.org_id,
            {**values, "active": values.get("active", "")},
            provider_id=provider_id,
            version=int_or_none(values.get("version")) or -1,
        )
    except (LegalAidError, StaleRecord) as exc:
        db.rollback()
        status, extra = error_context(exc, locale_of(request))
        return Template(
            "legal_aid/roster/form.html",
            context=_form(
                db,
                current_user,
                request,
                provider=db.get(LegalAidProvider, provider_id),
                values=values,
                **extra,
            ),
            status_code=status,
        )
    return Redirect("/m/legal_aid/providers", status_code=HTTP_303_SEE_OTHER)


ROUTES = [provider_list, new_provider, create_provider, provider_detail, update_provider]
