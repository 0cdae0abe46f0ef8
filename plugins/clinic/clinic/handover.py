"""A consultation handed over through the core's 转办 dialog (``clinic.consultation``).

The consultation form can refer at once (``sessions.record_consultation``); the dialog
hands over one recorded before — to any declared target that is on where the clinic is.
The consultation keeps the receiver's link, as a referral made on the form does.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlmodel import Session

from clinic.codes import label
from clinic.models import ClinicConsultation
from clinic.permissions import ATTEND
from core.api import HandoverDraft, ReferralReceipt, ReferralRefused, ReferralSource, touch


def consultation_draft(session: Session, consultation_id: int) -> HandoverDraft | None:
    """The consultation for the dialog: the visitor, the question and the advice given;
    ``details`` carries ``clinic_consultation_id`` and ``category``. Referred once only."""
    row = session.get(ClinicConsultation, consultation_id)
    if row is None:
        return None
    if row.referral_url:
        raise ReferralRefused(
            "该咨询已转办，不能重复转办", "This consultation has already been handed over"
        )
    return HandoverDraft(
        record=row,
        org_id=row.org_id,
        source_ref=f"咨询-{row.id}",
        title=f"法律咨询：{label(row.category)}",
        description=f"咨询问题：{row.question}\n解答意见：{row.advice}",
        url=f"/m/clinic/sessions/{row.session_id}",
        person_ids=(row.person_id,) if row.person_id else (),
        details={"clinic_consultation_id": row.id, "category": row.category},
    )


def consultation_handed_over(
    session: Session,
    consultation_id: int,
    receipt: ReferralReceipt,
    referral: Any,
    reason: str,
    now: datetime,
) -> None:
    row = session.get(ClinicConsultation, consultation_id)
    row.referral_target = receipt.target[:60]  # type: ignore[union-attr]
    row.referral_record_id = receipt.record_id  # type: ignore[union-attr]
    row.referral_url = receipt.url[:200]  # type: ignore[union-attr]
    row.referral_label = (receipt.label_zh or "")[:200]  # type: ignore[union-attr]
    touch(row, now or datetime.now(UTC))  # type: ignore[arg-type]
    session.add(row)
    session.flush()


SOURCES = (
    ReferralSource(
        "clinic.consultation",
        "法律咨询",
        "Consultation",
        permission=ATTEND,
        prepare=consultation_draft,
        sent=consultation_handed_over,
    ),
)
