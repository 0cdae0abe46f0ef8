"""The committee register (调委会名册): register a committee, edit it, file it with the bureau.

A committee is an organisation node of type ``mediation_committee`` (created through the
core's organisation service, so the tree's rules apply) plus this module's register entry
with what only mediation needs: the short name used in case numbers, the founding date,
address and phone, and the bureau's filing records (备案, RTF art. 10).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any

from sqlmodel import Session, select

from core.api import (
    CommitteeKind,
    OrgError,
    OrgType,
    OrgUnit,
    create_org,
    lock_for_change,
    rename_org,
    subtree_predicate,
    touch,
)
from mediation.codes import FilingKind
from mediation.errors import InvalidInput, MediationError
from mediation.models import MediationCommittee, MediationFiling
from mediation.validation import Form

__all__ = [
    "CommitteeNotFound",
    "add_filing",
    "bureau_of",
    "committee_org",
    "create_committee",
    "get_committee",
    "unregistered_committee_nodes",
    "update_committee",
]

NAME = ("调委会名称", "committee name")
SHORT_NAME = ("案号字号", "short name for case numbers")
KIND = ("调委会类型", "committee kind")
ESTABLISHED = ("成立日期", "founding date")
ADDRESS = ("地址", "address")
PHONE = ("联系电话", "phone")
NOTES = ("备注", "notes")


class CommitteeNotFound(MediationError, LookupError):
    def __init__(self, committee_id: int) -> None:
        super().__init__(
            f"调委会不存在（编号 {committee_id}）", f"No such committee (No. {committee_id})"
        )


def get_committee(
    session: Session, committee_id: int, *, for_update: bool = False
) -> MediationCommittee:
    statement = select(MediationCommittee).where(MediationCommittee.id == committee_id)
    if for_update:
        statement = statement.with_for_update(key_share=True).execution_options(
            populate_existing=True
        )
    committee = session.exec(statement).first()
    if committee is None:
        raise CommitteeNotFound(committee_id)
    return committee


def committee_org(session: Session, committee: MediationCommittee) -> OrgUnit:
    org = session.get(OrgUnit, committee.org_id)
    assert org is not None  # a foreign key
    return org


def bureau_of(session: Session, org: OrgUnit) -> OrgUnit | None:
    """The county bureau above (or at) *org*: case numbers are unique within it."""
    ids = [int(part) for part in org.path.strip("/").split("/") if part]
    if not ids:
        return None
    rows = session.exec(select(OrgUnit).where(OrgUnit.id.in_(ids))).all()  # type: ignore[union-attr]
    bureaus = [o for o in rows if o.type == OrgType.BUREAU]
    return bureaus[0] if bureaus else None


def _short_name(form: Form) -> str | None:
    value = form.text("short_name", SHORT_NAME, required=True, limit=20)
    if value and any(ch in value for ch in "（）()第号 "):
        form.error(
            "short_name",
            "案号字号只填机构简称（如“前进”），不含括号、“第”“号”或空格",
            "The short name is a plain word, without brackets, 第, 号 or spaces",
        )
        return None
    return value


def _check_short_name_free(
    session: Session, org: OrgUnit, short_name: str, exclude_id: int | None
) -> None:
    """Two committees of one bureau with the same short name would print the same numbers."""
    bureau = bureau_of(session, org)
    statement = (
        select(MediationCommittee.id, OrgUnit.name)
        .join(OrgUnit, OrgUnit.id == MediationCommittee.org_id)  # type: ignore[arg-type]
        .where(MediationCommittee.short_name == short_name)
    )
    if bureau is not None:
        statement = statement.where(subtree_predicate(bureau))
    if exclude_id is not None:
        statement = statement.where(MediationCommittee.id != exclude_id)
    clash = session.exec(statement).first()
    if clash is not None:
        raise InvalidInput(
            {
                "short_name": (
                    f"本局已有调委会（{clash[1]}）使用案号字号“{short_name}”，请换一个",
                    f"{clash[1]} already uses the short name {short_name!r}",
                )
            }
        )


def _details(form: Form, today: date) -> dict[str, Any]:
    return {
        "established_on": form.day("established_on", ESTABLISHED, not_after=today),
        "address": form.text("address", ADDRESS, limit=200),
        "phone": form.text("phone", PHONE, limit=40),
        "notes": form.text("notes", NOTES, limit=500),
    }


def unregistered_committee_nodes(session: Session, org_ids_select: Any) -> list[OrgUnit]:
    """Committee nodes in the tree (within *org_ids_select*) that have no register entry."""
    registered = select(MediationCommittee.org_id)
    return list(
        session.exec(
            select(OrgUnit)
            .where(
                OrgUnit.type == OrgType.MEDIATION_COMMITTEE,
                OrgUnit.active.is_(True),  # type: ignore[attr-defined]
                OrgUnit.id.in_(org_ids_select),  # type: ignore[union-attr]
                OrgUnit.id.not_in(registered),  # type: ignore[union-attr]
            )
            .order_by(OrgUnit.path)
        ).all()
    )


def create_committee(
    session: Session, data: Mapping[str, Any], *, today: date
) -> MediationCommittee:
    """Register a committee: either a new node under ``parent_id`` (name, kind) or an
    existing committee node (``org_id``) that has no register entry yet."""
    form = Form(data)
    short_name = _short_name(form)
    details = _details(form, today)
    existing_id = form.integer("org_id", ("调委会", "committee"))
    if existing_id is None:
        parent_id = form.integer("parent_id", ("上级机构", "parent organisation"), required=True)
        name = form.text("name", NAME, required=True, limit=100)
        kind = form.choice("kind", CommitteeKind, KIND)
    form.check()
    if existing_id is not None:
        org = session.get(OrgUnit, existing_id)
        if org is None or org.type != OrgType.MEDIATION_COMMITTEE:
            raise InvalidInput(
                {"org_id": ("所选机构不是人民调解委员会", "Not a mediation committee")}
            )
        taken = session.exec(
            select(MediationCommittee.id).where(MediationCommittee.org_id == org.id)
        ).first()
        if taken is not None:
            raise InvalidInput(
                {"org_id": ("该调委会已登记", "This committee is already registered")}
            )
    else:
        try:
            org = create_org(
                session,
                name=name or "",
                type=OrgType.MEDIATION_COMMITTEE,
                parent_id=parent_id,
                committee_kind=kind,
            )
        except OrgError as exc:
            raise InvalidInput({"name": (exc.message, exc.message_en)}) from None
    assert short_name is not None
    _check_short_name_free(session, org, short_name, None)
    committee = MediationCommittee(org_id=org.id, short_name=short_name, **details)  # type: ignore[arg-type]
    session.add(committee)
    session.flush()
    return committee


def update_committee(
    session: Session,
    committee_id: int,
    data: Mapping[str, Any],
    *,
    expected_version: int | None,
    today: date,
) -> MediationCommittee:
    """Change the register entry (and the committee's name in the tree)."""
    committee = get_committee(session, committee_id, for_update=True)
    lock_for_change(session, committee, expected_version)
    form = Form(data)
    short_name = _short_name(form)
    name = form.text("name", NAME, required=True, limit=100)
    details = _details(form, today)
    form.check()
    org = committee_org(session, committee)
    assert short_name is not None and name is not None
    if short_name != committee.short_name:
        _check_short_name_free(session, org, short_name, committee.id)
    if name != org.name:
        try:
            rename_org(session, org.id, name)  # type: ignore[arg-type]
        except OrgError as exc:
            raise InvalidInput({"name": (exc.message, exc.message_en)}) from None
    changed = {"short_name": short_name, **details}
    if any(getattr(committee, k) != v for k, v in changed.items()):
        for key, value in changed.items():
            setattr(committee, key, value)
        touch(committee, datetime.now(UTC))
    session.flush()
    return committee


def add_filing(
    session: Session,
    committee_id: int,
    data: Mapping[str, Any],
    *,
    actor_id: int | None,
    today: date,
) -> MediationFiling:
    """Record the bureau's filing of the committee's establishment, a change or dissolution."""
    committee = get_committee(session, committee_id)
    form = Form(data)
    kind = form.choice("kind", FilingKind, ("备案类型", "kind of filing"))
    filed_on = form.day("filed_on", ("备案日期", "filing date"), required=True, not_after=today)
    number = form.text("document_number", ("备案文号", "filing reference"), limit=60)
    notes = form.text("notes", NOTES, limit=500)
    form.check()
    if kind is FilingKind.ESTABLISHMENT:
        first = session.exec(
            select(MediationFiling.id).where(
                MediationFiling.committee_id == committee.id,
                MediationFiling.kind == FilingKind.ESTABLISHMENT,
            )
        ).first()
        if first is not None:
            raise InvalidInput(
                {"kind": ("该调委会已有设立备案，请选择变更备案", "Already filed; file a change")}
            )
    filing = MediationFiling(
        committee_id=committee.id,  # type: ignore[arg-type]
        org_id=committee.org_id,
        kind=kind,  # type: ignore[arg-type]
        filed_on=filed_on,  # type: ignore[arg-type]
        document_number=number,
        notes=notes,
        recorded_by=actor_id,
    )
    session.add(filing)
    session.flush()
    return filing
