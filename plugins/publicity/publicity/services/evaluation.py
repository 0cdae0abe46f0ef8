"""Year-end evaluation (年终考核) of a unit's plan: the unit's self-report and self-score,
the evaluator's score and comment, and an independent third party's evaluation."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any

from sqlmodel import Session, select

from core.api import N_, DuplicateSubmission, lock_for_change, touch
from publicity.codes import PlanStatus
from publicity.errors import PublicityError
from publicity.forms import Form
from publicity.models import PublicityEvaluation, PublicityPlan

__all__ = ["evaluation_of", "save_score", "save_self_report"]


def evaluation_of(session: Session, plan: PublicityPlan) -> PublicityEvaluation | None:
    return session.exec(
        select(PublicityEvaluation).where(PublicityEvaluation.plan_id == plan.id)
    ).first()


def _row(
    session: Session, plan: PublicityPlan, expected_version: int | None
) -> PublicityEvaluation:
    if plan.status != PlanStatus.APPROVED:
        raise PublicityError(
            N_("计划审核通过后才能进行年终考核"), "Only an approved plan is evaluated"
        )
    lock_for_change(session, plan, None)  # two first saves of one plan's evaluation queue up
    row = evaluation_of(session, plan)
    if row is None:
        return PublicityEvaluation(org_id=plan.org_id, plan_id=plan.id)  # type: ignore[arg-type]
    if expected_version is None:  # the form was filled before the evaluation existed
        raise DuplicateSubmission("PublicityEvaluation")
    lock_for_change(session, row, expected_version)
    touch(row)
    return row


def save_self_report(
    session: Session, plan: PublicityPlan, data: Mapping[str, Any], *, expected_version: int | None
) -> PublicityEvaluation:
    """The unit's own account of the year (自查自评)."""
    form = Form(data)
    report = form.text("self_report", N_("自查报告"), required=True, limit=4000)
    score = form.integer("self_score", N_("自评分"), maximum=100)
    form.check()
    row = _row(session, plan, expected_version)
    row.self_report, row.self_score = report, score
    row.updated_at = datetime.now(UTC)
    session.add(row)
    session.flush()
    return row


def save_score(
    session: Session,
    plan: PublicityPlan,
    data: Mapping[str, Any],
    *,
    expected_version: int | None,
    actor_id: int | None,
    today: date,
) -> PublicityEvaluation:
    """The evaluator's score (考核得分), and optionally a third party's (第三方评估)."""
    form = Form(data)
    score = form.integer("score", N_("考核得分"), maximum=100, required=True)
    comment = form.text("comment", N_("考核意见"), limit=2000)
    third_party = form.text("third_party", N_("第三方评估机构"), limit=120)
    third_score = form.integer("third_party_score", N_("第三方评估得分"), maximum=100)
    third_note = form.text("third_party_note", N_("第三方评估意见"), limit=2000)
    if third_score is not None and not third_party:
        form.error("third_party", N_("填写第三方评估得分时请注明评估机构"))
    form.check()
    row = _row(session, plan, expected_version)
    row.score, row.comment = score, comment
    row.third_party, row.third_party_score, row.third_party_note = (
        third_party,
        third_score,
        third_note,
    )
    row.evaluated_on, row.evaluated_by = today, actor_id
    row.updated_at = datetime.now(UTC)
    session.add(row)
    session.flush()
    return row
