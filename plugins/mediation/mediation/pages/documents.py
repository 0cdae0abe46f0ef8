"""Printable documents of a case file (调解文书): the agreement, for now.

Pages the browser prints with the module's print stylesheet (A4, signature blocks, the
committee's seal area). Identity numbers stay masked, as everywhere outside the core's
audited unmask page.
"""

from __future__ import annotations

from typing import Any

from litestar import Request, get
from litestar.exceptions import NotFoundException
from litestar.response import Template
from sqlmodel import Session

from core.api import CurrentUser, OrgUnit
from mediation.codes import AgreementForm, PartyRole, label
from mediation.models import MediationCase
from mediation.pages.common import locale_of
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
        raise NotFoundException(detail="该案件没有调解协议")
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


ROUTES = [agreement_document]
