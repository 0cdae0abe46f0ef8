"""Closing the file (结案归档) and the one-case-one-file check (一案一卷).

The 司法部 model case file lists the documents every file must hold (DOMAIN.md §1.7): the
application or acceptance register, the rights-and-duties notice, the parties' identity
proof, the mediation record, the agreement when one was reached, and the back cover. Most
are generated from the case's data, so "present" means the data they are made from was
recorded. :func:`missing_items` lists what a case still lacks; :func:`archive_case`
refuses to archive until nothing does (acceptance 2).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, select

from core.api import lock_for_change
from mediation.codes import (
    AGREEMENT_STATES,
    ApplicationForm,
    CaseStatus,
    EvidenceCategory,
    PartyRole,
)
from mediation.errors import IllegalTransition
from mediation.models import (
    MediationCase,
    MediationEvidence,
    MediationFollowUp,
    MediationSession,
)
from mediation.services.cases import get_case, live_agreement, parties, touch_case
from mediation.services.workflow import Action, require
from mediation.validation import Form

__all__ = ["archive_case", "missing_items"]


def missing_items(
    session: Session, case: MediationCase, *, follow_up_required: bool = False
) -> list[tuple[str, str]]:
    """What the case file still lacks, as (Chinese, English) lines; empty when complete.

    A party without a registered identity document is covered by an uploaded proof of
    identity (证据材料, category ``identity``); a bureau may also require the follow-up
    record of an agreed case (module setting ``archive_requires_follow_up``).
    """
    missing: list[tuple[str, str]] = []
    identity_uploaded = session.exec(
        select(MediationEvidence.id).where(
            MediationEvidence.case_id == case.id,
            MediationEvidence.category == EvidenceCategory.IDENTITY,
            MediationEvidence.deleted_at.is_(None),  # type: ignore[union-attr]
        )
    ).first()
    if case.application_form == ApplicationForm.ORAL and not (
        case.application_text and case.applicant_signed
    ):
        missing.append(("口头申请笔录及申请人签名", "the signed record of the oral application"))
    if case.rights_notified_on is None:
        missing.append(("人民调解当事人权利义务告知书", "the rights-and-duties notice"))
    for view in parties(session, case.id):  # type: ignore[arg-type]
        if view.party.role == PartyRole.AGENT:
            continue
        if str(view.person.id_type) == "none" and identity_uploaded is None:
            missing.append(
                (
                    f"当事人身份证明（{view.person.name}未登记身份证件）",
                    f"identity proof of {view.person.name} (no document registered)",
                )
            )
    held = session.exec(
        select(func.count())
        .select_from(MediationSession)
        .where(MediationSession.case_id == case.id)
    ).one()
    if not held:
        missing.append(("人民调解记录（调解笔录）", "a mediation record"))
    if CaseStatus(case.status) in AGREEMENT_STATES and live_agreement(session, case.id) is None:  # type: ignore[arg-type]
        missing.append(("人民调解协议书或口头协议登记表", "the agreement"))
    if (
        follow_up_required
        and CaseStatus(case.status) in AGREEMENT_STATES
        and session.exec(
            select(MediationFollowUp.id).where(MediationFollowUp.case_id == case.id)
        ).first()
        is None
    ):
        missing.append(("人民调解回访记录", "the follow-up record"))
    if case.difficulty is None:
        missing.append(("案件难易程度评定（以案定补）", "the difficulty assessment"))
    return missing


def archive_case(
    session: Session,
    case_id: int,
    data: Mapping[str, Any],
    *,
    expected_version: int | None,
    actor_id: int | None,
    today: date,
    follow_up_required: bool = False,
) -> MediationCase:
    """结案归档: only a complete file, after mediation ended and performance is known."""
    case = get_case(session, case_id, for_update=True)
    lock_for_change(session, case, expected_version)
    require(case, Action.ARCHIVE, live_agreement(session, case_id))
    missing = missing_items(session, case, follow_up_required=follow_up_required)
    if missing:
        raise IllegalTransition(
            f"案件{case.case_number}材料不全，不能归档。缺少："
            + "；".join(zh for zh, _ in missing),
            f"Case {case.case_number} is incomplete and cannot be archived. Missing: "
            + "; ".join(en for _, en in missing),
            missing=tuple(missing),
        )
    form = Form(data)
    archived_on = (
        form.day(
            "archived_on",
            ("归档日期", "archive date"),
            not_after=today,
            not_before=case.closed_on,
            not_before_label=("结案日期", "closing date"),
        )
        or today
    )
    form.check()
    case.status = CaseStatus.ARCHIVED
    case.archived_on = archived_on
    case.archived_by = actor_id
    touch_case(session, case)
    session.flush()
    return case
