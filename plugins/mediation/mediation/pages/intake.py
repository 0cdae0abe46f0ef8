"""The intake form (纠纷登记), made for a mediator's phone: one column, few required fields.

Parties are rows: each picks a person of the registry (the core's person picker) or
registers a new one on the spot. Extra rows come from the server (htmx), so the form works
without any script of its own; rows left completely empty are ignored.
"""

from __future__ import annotations

from typing import Any

from litestar import Request, get, post
from litestar.exceptions import NotFoundException
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_303_SEE_OTHER
from sqlmodel import Session, select

from core.api import CurrentUser, OrgUnit, code_choices
from mediation import categories
from mediation.codes import ApplicationForm, CaseSource, PartyRole, ReferralMode, choices
from mediation.errors import InvalidInput, MediationError
from mediation.models import MediationCommittee
from mediation.pages.common import (
    FORM,
    error_context,
    int_or_none,
    locale_of,
    may,
    no_committee,
    today_of,
)
from mediation.permissions import CASES_EDIT
from mediation.services.intake import register_case

PEOPLE_VIEW = "core.people.view"
PEOPLE_MANAGE = "core.people.manage"
MAX_PARTIES = 30
FIRST_ROWS = 2
PERSON_FIELDS = ("name", "id_type", "id_number", "no_id_reason", "sex", "phone", "address")
CASE_FIELDS = (
    "committee_id",
    "source",
    "application_form",
    "application_text",
    "applicant_signed",
    "referral_mode",
    "referring_body",
    "referral_number",
    "category_code",
    "description",
    "place",
    "occurred_on",
    "amount",
    "people_involved",
    "registered_on",
    "title",
)


def edit_committees(db: Session, user: CurrentUser) -> list[tuple[MediationCommittee, OrgUnit]]:
    scope = user.scope(db, CASES_EDIT)
    return list(
        db.exec(
            select(MediationCommittee, OrgUnit)
            .join(OrgUnit, OrgUnit.id == MediationCommittee.org_id)  # type: ignore[arg-type]
            .where(scope.where(MediationCommittee.org_id), OrgUnit.active.is_(True))  # type: ignore[attr-defined]
            .order_by(OrgUnit.path)
        ).all()
    )


def _row(index: int, values: dict[str, str] | None = None) -> dict[str, Any]:
    values = values or {}
    default_role = PartyRole.APPLICANT if index == 0 else PartyRole.RESPONDENT
    return {
        "index": index,
        "role": values.get("role") or default_role.value,
        "person_id": values.get("person_id", ""),
        "represents": values.get("represents", ""),
        "person": {f: values.get(f, "") for f in PERSON_FIELDS},
        "open": bool(values.get("name")),
    }


def _active_categories(db: Session, org_id: int | None) -> set[str]:
    """The dispute types on at the user's organisation (the bureau may switch some off)."""
    return {code for code, _ in code_choices(db, categories.CODE_LIST, org_id)}


def _choices(locale: str, active: set[str] | None = None) -> dict[str, Any]:
    return {
        "sources": choices(CaseSource, locale),
        "application_forms": choices(ApplicationForm, locale),
        "referral_modes": choices(ReferralMode, locale),
        "roles": choices(PartyRole, locale),
        "category_groups": categories.grouped_choices(active, locale),
    }


def _form(
    request: Request[Any, Any, Any],
    db: Session,
    user: CurrentUser,
    values: dict[str, Any],
    rows: list[dict[str, Any]],
    *,
    status: int = 200,
    **extra: Any,
) -> Template:
    context = {
        "values": values,
        "rows": rows,
        "next_index": max((r["index"] for r in rows), default=-1) + 1,
        "committees": edit_committees(db, user),
        "errors": {},
        "can_register_people": user.can(PEOPLE_MANAGE),
        **_choices(locale_of(request), _active_categories(db, user.org_id)),
        **extra,
    }
    return Template("mediation/cases/new.html", context=context, status_code=status)


@get("/cases/new", name="mediation_intake", opt={"permission": CASES_EDIT}, sync_to_thread=True)
def intake_form(
    request: Request[Any, Any, Any], db: Session, current_user: CurrentUser
) -> Template:
    values = {
        "source": CaseSource.PARTY_APPLICATION.value,
        "application_form": ApplicationForm.ORAL.value,
        "registered_on": today_of(request).isoformat(),
        "people_involved": "2",
    }
    return _form(request, db, current_user, values, [_row(i) for i in range(FIRST_ROWS)])


@get(
    "/cases/new/party-row",
    name="mediation_intake_row",
    opt={"permission": CASES_EDIT},
    sync_to_thread=False,
)
def intake_party_row(request: Request[Any, Any, Any]) -> Template:
    """One more party row (and the "add" button, swapped out of band, for the row after)."""
    index = min(max(int_or_none(request.query_params.get("index")) or 0, 0), MAX_PARTIES - 1)
    return Template(
        "mediation/cases/_party_row.html",
        context={
            "row": _row(index),
            "oob": True,
            "next_index": index + 1,
            "errors": {},
            **_choices(locale_of(request)),
        },
    )


@get(
    "/cases/new/source",
    name="mediation_intake_source",
    opt={"permission": CASES_EDIT},
    sync_to_thread=False,
)
def intake_source_fields(request: Request[Any, Any, Any]) -> Template:
    """The fields that belong to the chosen source (application form, referring body …)."""
    values = {"source": request.query_params.get("source", "")}
    return Template(
        "mediation/cases/_source_fields.html",
        context={"values": values, "errors": {}, **_choices(locale_of(request))},
    )


def _rows_from(data: dict[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for index in range(MAX_PARTIES):
        prefix = f"party_{index}_"
        if not any(key.startswith(prefix) for key in data):
            continue
        values = {k[len(prefix) :]: str(v).strip() for k, v in data.items() if k.startswith(prefix)}
        values["person_id"] = values.get("person_id", "")
        rows.append(_row(index, values))
    return rows


def _filled(row: dict[str, Any]) -> bool:
    return bool(row["person_id"] or row["person"]["name"] or row["person"]["id_number"])


@post("/cases/new", name="mediation_register", opt={"permission": CASES_EDIT}, sync_to_thread=True)
def intake_submit(
    request: Request[Any, Any, Any],
    db: Session,
    current_user: CurrentUser,
    data: dict[str, Any] = FORM,
) -> Template | Redirect:
    """Register the dispute; the form comes back (422) with every problem next to its field."""
    locale = locale_of(request)
    values = {k: str(data.get(k, "")) for k in CASE_FIELDS}
    rows = _rows_from(data)
    kept = [row for row in rows if _filled(row) or row["index"] < FIRST_ROWS]
    committee_id = int_or_none(values["committee_id"])
    committee = db.get(MediationCommittee, committee_id) if committee_id else None
    if committee is None:
        status, extra = error_context(no_committee(), locale)
        return _form(request, db, current_user, values, rows, status=status, **extra)
    if not may(db, current_user, CASES_EDIT, committee.org_id):
        raise NotFoundException()
    position = {row["index"]: n for n, row in enumerate(kept)}
    parties: list[dict[str, Any]] = []
    errors: dict[str, tuple[str, str]] = {}
    for row in kept:
        party: dict[str, Any] = {"role": row["role"]}
        if row["represents"] != "":
            target = int_or_none(row["represents"])
            party["represents"] = position.get(target, -1) if target is not None else -1
        if row["person_id"]:
            party["person_id"] = row["person_id"]
        elif row["person"]["name"] or row["person"]["id_number"]:
            if not may(db, current_user, PEOPLE_MANAGE, committee.org_id):
                errors[f"party_{position[row['index']]}_person"] = (
                    "您无权在此登记新人员，请从人员库中选择",
                    "You may not register people here; choose one from the registry",
                )
            person = {k: v for k, v in row["person"].items() if v}
            person.setdefault("id_type", "resident_id")
            party["person"] = person
        parties.append(party)
    try:
        if errors:
            raise InvalidInput(errors)
        case = register_case(
            db,
            committee.id,  # type: ignore[arg-type]
            data,
            parties,
            actor_id=current_user.id,
            today=today_of(request),
            visible_people=current_user.scope(db, PEOPLE_VIEW).org_ids_select(),
        )
    except MediationError as exc:
        db.rollback()
        status, extra = error_context(exc, locale)
        extra["errors"] = _form_keys(extra.get("errors", {}), kept)
        return _form(request, db, current_user, values, rows, status=status, **extra)
    return Redirect(f"/m/mediation/cases/{case.id}?registered=1", status_code=HTTP_303_SEE_OTHER)


def _form_keys(errors: dict[str, str], kept: list[dict[str, Any]]) -> dict[str, str]:
    """Service errors name parties by their place in the list; the form by row index."""
    out: dict[str, str] = {}
    for key, message in errors.items():
        if key.startswith("party_"):
            number, _, rest = key[len("party_") :].partition("_")
            n = int_or_none(number)
            if n is not None and n < len(kept) and rest:
                key = f"party_{kept[n]['index']}_{rest}"
        out[key] = message
    return out


ROUTES = [intake_form, intake_party_row, intake_source_fields, intake_submit]
