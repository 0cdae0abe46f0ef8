"""接诊: checking in at a session and recording its consultations, with referrals.

A consultation whose outcome hands the matter over (to people's mediation, to legal aid)
opens the record in the receiving module through ``core.api.refer`` in the same
transaction, and keeps the receipt (its id, label and link) so the clinic links to it.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlmodel import Session

from clinic.codes import CATEGORIES, REFERRAL_OF, Outcome, SessionStatus, dispute_code
from clinic.errors import ClinicError, InvalidInput
from clinic.models import ClinicConsultation, ClinicProvider, ClinicRoom, ClinicSession
from clinic.services.due import sync_session_due
from core.api import (
    N_,
    Referral,
    ReferralRefused,
    lock_for_change,
    refer,
    referral_targets,
    touch,
)

__all__ = [
    "available_targets",
    "check_in",
    "record_consultation",
]


def check_in(
    session: Session,
    row: ClinicSession,
    *,
    now: datetime,
    today: date,
    version: int | None,
    late: bool = False,
) -> None:
    """The provider is at the clinic: the session is held and its due item closes.

    On the day itself; afterwards (a forgotten check-in, a no-show that was in fact held)
    only as a correction by the station (``late``), which the audit trail records."""
    lock_for_change(session, row, version)
    if row.status == SessionStatus.HELD:
        return
    if row.status == SessionStatus.CANCELLED:
        raise ClinicError("该场次已取消", "The session was cancelled")
    if row.day > today:
        raise ClinicError("只能在接诊当天签到", "Check in on the day of the session")
    if row.day < today and not late:
        raise ClinicError(
            "接诊日已过，不能再签到；如确已到岗，请司法所补登",
            "The day has passed; the station can record a late check-in",
        )
    row.status = SessionStatus.HELD
    row.checked_in_at = now
    touch(row)
    session.add(row)
    session.flush()
    sync_session_due(session, row)


def available_targets(session: Session, host: Any, org_id: int) -> dict[str, str]:
    """Referral target codes that can receive at *org_id* now, with their labels."""
    return {t.code: t.label_zh for t in referral_targets(session, host, org_id)}


def _values(data: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, str] = {}
    category = str(data.get("category") or "")
    if category not in CATEGORIES:
        errors["category"] = N_("请选择咨询类别")
    question = str(data.get("question") or "").strip()
    if not question:
        errors["question"] = N_("请填写咨询的问题")
    advice = str(data.get("advice") or "").strip()
    if not advice:
        errors["advice"] = N_("请填写解答意见")
    outcome = str(data.get("outcome") or "")
    if outcome not in set(Outcome):
        errors["outcome"] = N_("请选择处理结果")
    if errors:
        raise InvalidInput(errors)
    return {
        "category": category,
        "question": question[:4000],
        "advice": advice[:4000],
        "outcome": outcome,
    }


def record_consultation(
    session: Session,
    host: Any,
    row: ClinicSession,
    data: dict[str, Any],
    *,
    person_id: int | None,
    actor_id: int | None,
    other_party_id: int | None = None,
    other_party: dict[str, str] | None = None,
) -> ClinicConsultation:
    """Save one consultation of a held session; refer it on when the outcome says so.

    ``data['target_org_id']`` names the receiving organisation for a referral (a mediation
    committee, a legal-aid centre). A refused referral raises :class:`ClinicError` with the
    receiver's reason and saves nothing.
    """
    if row.status != SessionStatus.HELD:
        raise ClinicError("请先签到再登记咨询", "Check in before recording consultations")
    values = _values(data)
    target = REFERRAL_OF.get(values["outcome"])
    receiver = (
        int(str(data["target_org_id"])) if str(data.get("target_org_id") or "").isdigit() else None
    )
    if target is not None and receiver is None:
        raise ClinicError(
            f"无法转办：请选择接收单位（没有可选单位时，说明“{target}”所属模块未安装或未在本局启用）",
            f"Cannot refer: choose the receiving organisation ({target} may not be installed)",
        )
    if target is not None and target not in available_targets(session, host, receiver):  # type: ignore[arg-type]
        raise ClinicError(
            f"无法转办：“{target}”所属模块未安装或在接收单位未启用，或该单位不能接收",
            f"Cannot refer: {target} is not installed or not active there",
        )
    try:
        with session.begin_nested():  # a refused referral leaves no consultation behind
            consultation = ClinicConsultation(
                org_id=row.org_id,
                session_id=row.id,  # type: ignore[arg-type]
                person_id=person_id,
                recorded_by=actor_id,
                **values,
            )
            session.add(consultation)
            session.flush()
            if target is not None:
                receipt = refer(
                    session,
                    host,
                    target,
                    _referral(
                        session,
                        row,
                        consultation,
                        receiver,
                        other_party_id,
                        other_party,
                        application=_application(data),
                    ),
                )  # type: ignore[arg-type]
                consultation.referral_target = target
                consultation.referral_record_id = receipt.record_id
                consultation.referral_url = receipt.url
                consultation.referral_label = receipt.label_zh[:200]
                session.add(consultation)
                session.flush()
    except ReferralRefused as exc:
        raise ClinicError(exc.message, exc.message_en) from exc
    return consultation


def _application(data: dict[str, Any]) -> dict[str, Any]:
    """What a legal-aid application needs from the visitor, taken down at the clinic: the
    economic situation in their words and their integrity pledge (个人诚信承诺)."""
    return {
        "economic_situation": str(data.get("economic_situation") or "").strip()[:1000],
        "integrity_pledge": str(data.get("integrity_pledge") or "") in {"1", "on", "true"},
    }


def _referral(
    session: Session,
    row: ClinicSession,
    consultation: ClinicConsultation,
    receiver: int,
    other_party_id: int | None,
    other_party: dict[str, str] | None = None,
    *,
    application: dict[str, Any] | None = None,
) -> Referral:
    """The hand-over: the question, the lawyer's advice, where it came from, and the two
    sides. The other side is a registered person, or — often at a clinic, where only the
    visitor came — a name the receiver registers without an identity number."""
    clinic = session.get(ClinicRoom, row.clinic_id)
    provider = session.get(ClinicProvider, row.provider_id)
    clinic_name = clinic.name if clinic else "法律服务诊室"
    parties: list[dict[str, Any]] = [
        {"person_id": str(p), "role": role}
        for p, role in ((consultation.person_id, "applicant"), (other_party_id, "respondent"))
        if p
    ]
    if other_party_id is None and other_party and other_party.get("name"):
        parties.append(
            {
                "role": "respondent",
                "person": {
                    "name": other_party["name"],
                    "sex": other_party.get("sex") or "",
                    "id_type": "none",
                    "no_id_reason": "诊室咨询时对方未到场，身份证号不详",
                },
            }
        )
    return Referral(
        source="clinic",
        source_ref=f"诊室咨询-{consultation.id}",
        org_id=receiver,
        title=f"{clinic_name}转来：{consultation.question[:30]}",
        description=f"{consultation.question}\n\n律师意见：{consultation.advice}",
        person_ids=tuple(p for p in (consultation.person_id, other_party_id) if p),
        details={
            "parties": parties,
            "category_code": dispute_code(consultation.category, consultation.question),
            "source": "service_referral",  # a public legal service, not a government office
            "referring_body": clinic_name,
            "provider": provider.name if provider else "",
            "practice_number": provider.practice_number if provider else "",
            "clinic_url": f"/m/clinic/sessions/{row.id}",
            **(application or {}),
        },
        actor_id=consultation.recorded_by,
    )
