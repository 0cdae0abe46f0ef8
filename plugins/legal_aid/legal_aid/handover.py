"""A legal-aid case handed over through the core's 转办 dialog (``legal_aid.case``).

A case whose matter belongs elsewhere too — a dispute mediation could settle, a person a
station should visit — goes to any declared target that is on where the centre is. The
hand-over is kept as a progress entry (承办进展) linking to the receiver's record.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

from sqlmodel import Session

from core.api import HandoverDraft, ReferralReceipt, ReferralSource, touch
from legal_aid.codes import Matter, label
from legal_aid.models import LegalAidCase, LegalAidProgress
from legal_aid.permissions import CASES_EDIT

CHINA = timezone(timedelta(hours=8))


def case_draft(session: Session, case_id: int) -> HandoverDraft | None:
    """The case for the dialog: the applicant and the summary; ``details`` carries
    ``legal_aid_case_id``, ``case_number`` and ``matter``."""
    case = session.get(LegalAidCase, case_id)
    if case is None:
        return None
    return HandoverDraft(
        record=case,
        org_id=case.org_id,
        source_ref=case.number,
        title=f"法律援助：{label(Matter, case.matter)}",
        description=case.summary,
        url=f"/m/legal_aid/cases/{case.id}",
        person_ids=(case.applicant_id,),
        details={"legal_aid_case_id": case.id, "case_number": case.number, "matter": case.matter},
    )


def case_handed_over(
    session: Session,
    case_id: int,
    receipt: ReferralReceipt,
    referral: Any,
    reason: str,
    now: datetime,
) -> None:
    case = session.get(LegalAidCase, case_id)
    note = f"已转办：{receipt.label_zh or receipt.target}（{receipt.url}）。{reason}"
    session.add(
        LegalAidProgress(
            case_id=case_id,
            org_id=case.org_id,  # type: ignore[union-attr]
            happened_on=now.astimezone(CHINA).date(),
            note=note[:2000],
            recorded_by=referral.actor_id,
        )
    )
    touch(case, now)  # type: ignore[arg-type]
    session.add(case)
    session.flush()


SOURCES = (
    ReferralSource(
        "legal_aid.case",
        "法律援助案件",
        "Legal-aid case",
        permission=CASES_EDIT,
        prepare=case_draft,
        sent=case_handed_over,
    ),
)
