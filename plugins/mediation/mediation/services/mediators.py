"""The mediator register (调解员名册) and training records (业务培训).

Each mediator should attend at least one training a year; :func:`training_counts` answers
that for a list of mediators and a year in one query, for the register's check column and
filter.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, select

from core.api import lock_for_change, touch
from mediation.codes import Employment, MediatorPosition
from mediation.errors import InvalidInput, MediationError
from mediation.models import MediationMediator, MediationTraining
from mediation.services.committees import get_committee
from mediation.validation import Form

__all__ = [
    "MediatorNotFound",
    "add_training",
    "create_mediator",
    "get_mediator",
    "link_account",
    "trained_in_year_select",
    "training_counts",
    "update_mediator",
]

NAME = ("姓名", "name")
PHONE = ("联系电话", "phone")
TERM_START = ("任期开始日期", "term start")
TERM_END = ("任期届满日期", "term end")
_PHONE = re.compile(r"\+?[0-9][0-9\- ]{5,22}")
#: Committee members serve three-year terms (RTF art. 9); hired mediators have contracts.
MEMBER_POSITIONS = frozenset(
    {MediatorPosition.CHAIR, MediatorPosition.VICE_CHAIR, MediatorPosition.MEMBER}
)
MEMBER_TERM_YEARS = 3


class MediatorNotFound(MediationError, LookupError):
    def __init__(self, mediator_id: int) -> None:
        super().__init__(
            f"调解员不存在（编号 {mediator_id}）", f"No such mediator (No. {mediator_id})"
        )


def get_mediator(
    session: Session, mediator_id: int, *, for_update: bool = False
) -> MediationMediator:
    statement = select(MediationMediator).where(MediationMediator.id == mediator_id)
    if for_update:
        statement = statement.with_for_update(key_share=True).execution_options(
            populate_existing=True
        )
    mediator = session.exec(statement).first()
    if mediator is None:
        raise MediatorNotFound(mediator_id)
    return mediator


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _fields(form: Form, today: date) -> dict[str, Any]:
    name = form.text("name", NAME, required=True, limit=50)
    sex = form.text("sex", ("性别", "sex"), limit=8)
    if sex is not None and sex not in ("male", "female"):
        form.error("sex", "性别无效", "Unknown sex")
    phone = form.text("phone", PHONE, limit=24)
    if phone is not None and not _PHONE.fullmatch(phone):
        form.error("phone", "联系电话格式不正确", "The phone number is not valid")
    employment = form.choice("employment", Employment, ("专兼职", "employment"))
    position = form.choice("position", MediatorPosition, ("职务", "position"))
    start = form.day("term_start", TERM_START)
    end = form.day("term_end", TERM_END, not_before=start, not_before_label=TERM_START)
    if (
        start is not None
        and end is not None
        and position in MEMBER_POSITIONS
        and end > _add_years(start, MEMBER_TERM_YEARS)
    ):
        form.error(
            "term_end",
            "调委会委员每届任期三年（人民调解法第九条），任期届满日期不能晚于开始日期后三年",
            "Committee members serve three-year terms (RTF art. 9)",
        )
    notes = form.text("notes", ("备注", "notes"), limit=500)
    return {
        "name": name,
        "sex": sex,
        "phone": phone,
        "employment": employment,
        "position": position,
        "term_start": start,
        "term_end": end,
        "notes": notes,
    }


def create_mediator(
    session: Session, committee_id: int, data: Mapping[str, Any], *, today: date
) -> MediationMediator:
    committee = get_committee(session, committee_id)
    form = Form(data)
    fields = _fields(form, today)
    form.check()
    mediator = MediationMediator(
        committee_id=committee.id,  # type: ignore[arg-type]
        org_id=committee.org_id,
        **fields,
    )
    session.add(mediator)
    session.flush()
    return mediator


def update_mediator(
    session: Session,
    mediator_id: int,
    data: Mapping[str, Any],
    *,
    expected_version: int | None,
    today: date,
) -> MediationMediator:
    mediator = get_mediator(session, mediator_id, for_update=True)
    lock_for_change(session, mediator, expected_version)
    form = Form(data)
    fields = _fields(form, today)
    fields["active"] = form.flag("active")
    form.check()
    if any(getattr(mediator, k) != v for k, v in fields.items()):
        for key, value in fields.items():
            setattr(mediator, key, value)
        touch(mediator, datetime.now(UTC))
    session.flush()
    return mediator


def link_account(
    session: Session, mediator_id: int, account_id: int, *, expected_version: int | None
) -> MediationMediator:
    """Say that a staff account is this mediator (their own cases then show as theirs).

    Only the person themself does this, signed in: a record already linked to another
    account, or an account already linked to another mediator of the same committee, is
    refused.
    """
    mediator = get_mediator(session, mediator_id, for_update=True)
    lock_for_change(session, mediator, expected_version)
    if mediator.account_id == account_id:
        return mediator
    if mediator.account_id is not None:
        raise MediationError(
            "该调解员已关联其他登录账号", "This mediator is linked to another account"
        )
    other = session.exec(
        select(MediationMediator.id).where(
            MediationMediator.committee_id == mediator.committee_id,
            MediationMediator.account_id == account_id,
        )
    ).first()
    if other is not None:
        raise MediationError(
            "您的账号已关联本调委会的另一名调解员", "Your account is linked to another mediator"
        )
    mediator.account_id = account_id
    touch(mediator, datetime.now(UTC))
    session.flush()
    return mediator


def add_training(
    session: Session,
    mediator_id: int,
    data: Mapping[str, Any],
    *,
    actor_id: int | None,
    today: date,
) -> MediationTraining:
    mediator = get_mediator(session, mediator_id)
    form = Form(data)
    held_on = form.day("held_on", ("培训日期", "training date"), required=True, not_after=today)
    title = form.text("title", ("培训内容", "training subject"), required=True, limit=100)
    organiser = form.text("organiser", ("组织单位", "organiser"), limit=100)
    hours = form.amount("hours", ("学时", "hours"))
    if hours is not None and not (Decimal("0.5") <= hours <= Decimal("200")):
        form.error("hours", "学时应在 0.5–200 之间", "Hours must be between 0.5 and 200")
    form.check()
    if hours is not None and hours != hours.quantize(Decimal("0.1")):
        raise InvalidInput({"hours": ("学时最多保留一位小数", "At most one decimal")})
    training = MediationTraining(
        mediator_id=mediator.id,  # type: ignore[arg-type]
        org_id=mediator.org_id,
        held_on=held_on,  # type: ignore[arg-type]
        title=title,  # type: ignore[arg-type]
        organiser=organiser,
        hours=hours,
        recorded_by=actor_id,
    )
    session.add(training)
    session.flush()
    return training


def training_counts(session: Session, mediator_ids: Iterable[int], year: int) -> dict[int, int]:
    """How many trainings each mediator attended in *year* (missing: none)."""
    ids = sorted(set(mediator_ids))
    if not ids:
        return {}
    rows = session.exec(
        select(MediationTraining.mediator_id, func.count())
        .where(
            MediationTraining.mediator_id.in_(ids),  # type: ignore[attr-defined]
            MediationTraining.held_on >= date(year, 1, 1),
            MediationTraining.held_on <= date(year, 12, 31),
        )
        .group_by(MediationTraining.mediator_id)
    ).all()
    return {mediator_id: count for mediator_id, count in rows}


def trained_in_year_select(year: int) -> Any:
    """``SELECT mediator_id`` of everyone trained in *year*, for list filters."""
    return select(MediationTraining.mediator_id).where(
        MediationTraining.held_on >= date(year, 1, 1),
        MediationTraining.held_on <= date(year, 12, 31),
    )
