"""Printable documents of a case file (调解文书, 一案一卷): HTML to print, and PDF.

Each document of :data:`mediation.casefile.DOCUMENTS` has two routes,
``/cases/{id}/documents/<code>`` (a page the browser prints with the module's print
stylesheet: A4, signature blocks, the committee's seal area) and ``…/<code>.pdf`` (the same
blocks drawn by reportlab). The agreement keeps its own page at ``/cases/{id}/agreement``.
Identity numbers stay masked, as everywhere outside the core's audited unmask page.
"""

from __future__ import annotations

from typing import Any

from litestar import Request, get
from litestar.exceptions import NotFoundException
from litestar.response import Response, Template
from sqlmodel import Session

from core.api import N_, CurrentUser, OrgUnit
from mediation import casefile
from mediation.codes import AgreementForm, PartyRole, label
from mediation.models import MediationCase
from mediation.pages.common import locale_of, settings_at
from mediation.pdf import render_pdf
from mediation.permissions import CASES_VIEW
from mediation.services.cases import case_mediators, get_case, live_agreement, parties

RECORD = {"case_id": MediationCase}


@get(
    "/cases/{case_id:int}/agreement",
    name="mediation_agreement_document",
    opt={"permission": CASES_VIEW, "records": RECORD},
    sync_to_thread=True,
)
def agreement_document(
    request: Request[Any, Any, Any], db: Session, current_user: CurrentUser, case_id: int
) -> Template:
    """人民调解协议书 (or the register of an oral agreement), ready to print."""
    case = get_case(db, case_id)
    agreement = live_agreement(db, case_id)
    if agreement is None:
        raise NotFoundException(detail=N_("该案件没有调解协议"))
    locale = locale_of(request)
    people = parties(db, case_id)
    written = agreement.form == AgreementForm.WRITTEN
    return Template(
        "mediation/documents/agreement.html",
        context={
            "case": case,
            "agreement": agreement,
            "title": "人民调解协议书" if written else "口头调解协议登记表",
            "parties": people,
            "party_of": {view.party.id: view for view in people},
            "assigned": case_mediators(db, case_id),
            "committee_org": db.get(OrgUnit, case.org_id),
            "copies": sum(1 for v in people if v.party.role != PartyRole.AGENT) + 1,
            "role_label": lambda v: label(PartyRole, v, locale),
        },
    )


def _case_file(db: Session, platform: Any, case_id: int, code: str) -> casefile.Document:
    case = get_case(db, case_id)
    data = casefile.load(db, case)
    data.extra["retention"] = settings_at(db, platform, case.org_id).retention_period
    spec = casefile.DOCUMENTS[code]
    if not spec.available(data):
        raise NotFoundException(detail=f"该案件没有{spec.title}")
    return casefile.build(data, code)


def _document_routes(code: str) -> list[Any]:
    @get(
        f"/cases/{{case_id:int}}/documents/{code}",
        name=f"mediation_document_{code}",
        opt={"permission": CASES_VIEW, "records": RECORD},
        sync_to_thread=True,
    )
    def page(db: Session, platform: Any, case_id: int) -> Template:
        doc = _case_file(db, platform, case_id, code)
        return Template(
            "mediation/documents/casefile.html",
            context={
                "doc": doc,
                "case_id": case_id,
                "pdf": f"{code}.pdf",
                "kind_of": lambda block: type(block).__name__,
            },
        )

    @get(
        f"/cases/{{case_id:int}}/documents/{code}.pdf",
        name=f"mediation_document_{code}_pdf",
        opt={"permission": CASES_VIEW, "records": RECORD},
        sync_to_thread=True,
    )
    def pdf(db: Session, platform: Any, case_id: int) -> Response[bytes]:
        doc = _case_file(db, platform, case_id, code)
        return Response(
            content=render_pdf(doc),
            media_type="application/pdf",
            headers={
                "Content-Disposition": f'inline; filename="{code}-{case_id}.pdf"',
                "Cache-Control": "no-store",
            },
        )

    return [page, pdf]


ROUTES = [
    agreement_document,
    *(route for code in casefile.DOCUMENTS for route in _document_routes(code)),
]
