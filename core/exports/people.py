"""The people registry as an export (人员名单导出): masked unless explicitly unmasked.

Identity, document and phone numbers are masked with the same masks as the lists; the
full values are written only when the export was started unmasked, which needs
``core.people.unmask`` over the organisation and is recorded in the audit trail by the
service. The birth date is left out for the same reason as in lists: it is the middle of
the identity number.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import Engine, func, select
from sqlmodel import Session

from core.exports.kinds import ExportColumn, ExportKind, ExportScope, register_export_kind
from core.orgs.models import OrgUnit
from core.orgs.tree import subtree_predicate
from core.people.masking import mask_phone, mask_resident_id
from core.people.models import Person

__all__ = ["PEOPLE"]

BATCH = 2000

ID_TYPES = {"resident_id": "居民身份证", "foreign_document": "其他证件", "none": "无证件"}
DOCUMENT_TYPES = {
    "passport": "护照",
    "hk_macao_permit": "港澳居民来往内地通行证",
    "taiwan_permit": "台湾居民来往大陆通行证",
    "foreign_permanent_residence": "外国人永久居留身份证",
    "other": "其他证件",
}
SEXES = {"male": "男", "female": "女"}

_P = Person.__table__.c  # type: ignore[attr-defined]
_O = OrgUnit.__table__.c  # type: ignore[attr-defined]

COLUMNS = (
    ExportColumn("姓名", "Name", 12),
    ExportColumn("性别", "Sex", 6),
    ExportColumn("证件类型", "Document", 14),
    ExportColumn("证件号码", "Document number", 22),
    ExportColumn("联系电话", "Phone", 16),
    ExportColumn("住址", "Address", 36),
    ExportColumn("民族", "Ethnicity", 8),
    ExportColumn("所属机构", "Organisation", 20),
    ExportColumn("登记编号", "Registry number", 10),
)


def _where(scope: ExportScope) -> Any:
    if scope.org_path is None:
        return None
    return _P.org_id.in_(select(_O.id).where(subtree_predicate(scope.org_path)))


def count_people(session: Session, scope: ExportScope) -> int:
    query = select(func.count()).select_from(Person.__table__)  # type: ignore[attr-defined]
    where = _where(scope)
    if where is not None:
        query = query.where(where)
    return int(session.execute(query).scalar_one())


def _cells(row: Any, unmasked: bool) -> list[Any]:
    if row.id_type == "resident_id":
        kind, number = ID_TYPES["resident_id"], row.id_number
    elif row.id_type == "foreign_document":
        kind = DOCUMENT_TYPES.get(row.document_type or "", ID_TYPES["foreign_document"])
        number = row.document_number
    else:
        kind, number = ID_TYPES["none"], row.no_id_reason
        unmasked = True  # a reason, not a number
    return [
        row.name,
        SEXES.get(row.sex or "", ""),
        kind,
        (number or "") if unmasked else mask_resident_id(number),
        (row.phone or "") if unmasked else mask_phone(row.phone),
        row.address or "",
        row.ethnicity or "",
        row.org_name,
        row.id,
    ]


def people_rows(engine: Engine, scope: ExportScope) -> Iterator[Sequence[Any]]:
    """Every person in scope in registration order, read in keyset batches of ``BATCH``."""
    base = select(
        _P.id,
        _P.name,
        _P.sex,
        _P.id_type,
        _P.id_number,
        _P.document_type,
        _P.document_number,
        _P.no_id_reason,
        _P.phone,
        _P.address,
        _P.ethnicity,
        _O.name.label("org_name"),
    ).join(OrgUnit.__table__, _O.id == _P.org_id)  # type: ignore[attr-defined]
    where = _where(scope)
    if where is not None:
        base = base.where(where)
    last_id = 0
    while True:
        with engine.connect() as conn:
            batch = conn.execute(base.where(_P.id > last_id).order_by(_P.id).limit(BATCH)).all()
        if not batch:
            return
        for row in batch:
            yield _cells(row, scope.unmasked)
        last_id = batch[-1].id


PEOPLE = register_export_kind(
    ExportKind(
        code="core.people",
        label_zh="人员名单",
        label_en="People registry",
        permission="core.people.view",
        unmask_permission="core.people.unmask",
        columns=COLUMNS,
        count=count_people,
        rows=people_rows,
        file_stem_zh="人员名单",
    )
)
