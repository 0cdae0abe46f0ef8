"""The person form (人员登记表) as the pages read and show it.

Validation itself is :func:`core.people.validation.clean_person`; this module only turns the
posted form into the service's input, keeps what the user typed for the re-shown form, and
labels values for display. Full identity and phone numbers are never put back into a form
by the server: an edit form leaves them blank ("unchanged") with the masked value as a hint,
so the only place a stored full number reaches a page is the audited reveal fragment.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlmodel import Session

from core.i18n import N_
from core.identity.current import CurrentUser
from core.people.masking import mask_phone, mask_resident_id
from core.people.models import DocumentType, IdType, Person, Sex
from core.people.service import DuplicatePerson
from core.people.validation import EDITABLE_FIELDS, InvalidPerson, clean_person
from core.people.views import PersonView
from web.i18n import translate
from web.people_access import VIEW, may

#: Form fields in the order the form shows them.
FORM_FIELDS = (
    "name",
    "id_type",
    "id_number",
    "document_type",
    "document_number",
    "no_id_reason",
    "sex",
    "birth_date",
    "phone",
    "address",
    "ethnicity",
)
#: Stored in full, shown masked: an edit form leaves them blank, blank means "unchanged".
SENSITIVE_FIELDS = ("id_number", "document_number", "phone")

ID_TYPE_LABELS = {
    IdType.RESIDENT_ID: N_("居民身份证"),
    IdType.FOREIGN_DOCUMENT: N_("其他证件（护照、通行证等）"),
    IdType.NONE: "无证件",
}
DOCUMENT_TYPE_LABELS = {
    DocumentType.PASSPORT: N_("护照"),
    DocumentType.HK_MACAO_PERMIT: N_("港澳居民来往内地通行证"),
    DocumentType.TAIWAN_PERMIT: N_("台湾居民来往大陆通行证"),
    DocumentType.FOREIGN_PERMANENT_RESIDENCE: N_("外国人永久居留身份证"),
    DocumentType.OTHER: "其他证件",
}
SEX_LABELS = {Sex.MALE: N_("男"), Sex.FEMALE: N_("女")}
FIELD_LABELS = {
    "name": "姓名",
    "id_type": "证件类型",
    "id_number": "身份证号码",
    "document_type": "证件种类",
    "document_number": "证件号码",
    "no_id_reason": "无证件原因",
    "sex": "性别",
    "birth_date": "出生日期",
    "phone": "联系电话",
    "address": "住址",
    "ethnicity": "民族",
    "org_id": "登记机构",
}
_MASKS = {"id_number": mask_resident_id, "document_number": mask_resident_id, "phone": mask_phone}

HIDDEN_DUPLICATE = (
    "该{what}已由其他机构登记，登记机构不在您的查看范围内；如需使用该人员，请联系上级机构。",
    "This {what} is already registered by an organisation outside your reach; "
    "ask your superior bureau if you need this person.",
)


def form_values(data: Mapping[str, Any]) -> dict[str, str]:
    """What the user typed, as text, for the service and for showing the form again."""
    values = {field: str(data.get(field) or "").strip()[:400] for field in FORM_FIELDS}
    values["id_type"] = values["id_type"] or IdType.RESIDENT_ID.value
    values["org_id"] = str(data.get("org_id") or "").strip()[:20]
    values["clear_phone"] = "1" if data.get("clear_phone") in ("1", "on", "true") else ""
    return values


def registration_input(values: Mapping[str, str]) -> dict[str, str]:
    """The editable fields of a registration form."""
    return {field: values[field] for field in EDITABLE_FIELDS}


def edit_changes(values: Mapping[str, str]) -> dict[str, str]:
    """The fields an edit changes: a blank number keeps the stored one, unless cleared."""
    changes = {field: values[field] for field in EDITABLE_FIELDS}
    for field in SENSITIVE_FIELDS:
        if not changes[field]:
            del changes[field]
    if values.get("clear_phone"):
        changes["phone"] = ""
    return changes


def edit_values(person: Person) -> dict[str, str]:
    """The edit form's starting values: everything but the full numbers (and a birth date
    that the identity number encodes)."""
    derived = person.id_type == IdType.RESIDENT_ID
    return {
        "name": person.name,
        "id_type": str(person.id_type),
        "id_number": "",
        "document_type": str(person.document_type or ""),
        "document_number": "",
        "no_id_reason": person.no_id_reason or "",
        "sex": "" if derived else str(person.sex or ""),
        "birth_date": "" if derived or person.birth_date is None else person.birth_date.isoformat(),
        "phone": "",
        "address": person.address or "",
        "ethnicity": person.ethnicity or "",
        "org_id": str(person.org_id),
        "clear_phone": "",
    }


def localized_errors(exc: InvalidPerson, locale: str) -> dict[str, str]:
    return dict(exc.errors_en if locale == "en" else exc.errors)


@dataclass(frozen=True)
class DuplicateNotice:
    """A refused duplicate as the form shows it: a link only if the user may see that person."""

    field: str
    message: str
    url: str | None


def duplicate_notice(
    db: Session, user: CurrentUser, exc: DuplicatePerson, locale: str
) -> DuplicateNotice:
    if exc.person_id is not None and may(db, user, VIEW, exc.org_id):
        message = exc.message_en if locale == "en" else exc.message
        return DuplicateNotice(exc.field, message, f"/people/{exc.person_id}")
    what_zh, what_en = (
        ("身份证号码", "resident identity number")
        if exc.field == "id_number"
        else ("证件号码", "document number")
    )
    zh, en = HIDDEN_DUPLICATE
    message = en.format(what=what_en) if locale == "en" else zh.format(what=what_zh)
    return DuplicateNotice(exc.field, message, None)


def shown_value(field: str, value: Any, locale: str) -> str:
    """A stored or typed value as a conflict table shows it (numbers masked, enums named)."""
    if value in (None, ""):
        return "—"
    if field in _MASKS:
        return _MASKS[field](str(value))
    labels: dict[Any, str] = {
        "id_type": ID_TYPE_LABELS,
        "document_type": DOCUMENT_TYPE_LABELS,
        "sex": SEX_LABELS,
    }.get(field, {})
    text = labels.get(value, value.isoformat() if isinstance(value, date) else str(value))
    return translate(text, locale)


def conflict_rows(stored: Person, changes: Mapping[str, str], locale: str) -> list[dict[str, Any]]:
    """Stored values beside the user's, for the 409 page; numbers masked on both sides.

    The user's side is compared after the same cleaning a save does, so typing the stored
    phone number with spaces does not count as a change. A birth date encoded in a stored
    identity number is not shown (it would unmask eight of its digits).
    """
    current = {field: getattr(stored, field) for field in EDITABLE_FIELDS}
    try:
        yours = clean_person({**current, **changes})
    except InvalidPerson:
        yours = {field: changes.get(field, current[field]) for field in EDITABLE_FIELDS}
    unchanged = translate("（未修改）", locale)
    rows = []
    for field in FORM_FIELDS:
        theirs_value = current[field]
        if field == "birth_date" and stored.id_type == IdType.RESIDENT_ID:
            theirs_shown = translate("（见身份证号码）", locale)
        else:
            theirs_shown = shown_value(field, theirs_value, locale)
        kept = field in SENSITIVE_FIELDS and field not in changes
        yours_value = theirs_value if kept else yours.get(field)
        if field == "birth_date" and yours.get("id_type") == IdType.RESIDENT_ID:
            yours_shown = translate("（见身份证号码）", locale)
        else:
            yours_shown = unchanged if kept else shown_value(field, yours_value, locale)
        rows.append(
            {
                "field": field,
                "label": FIELD_LABELS[field],
                "theirs": theirs_shown,
                "yours": yours_shown,
                "changed": _normal(theirs_value) != _normal(yours_value),
            }
        )
    return rows


def _normal(value: Any) -> str:
    return "" if value is None else str(value)


def person_label(person: PersonView, locale: str) -> str:
    """How a picker names a chosen person: the name and the masked document."""
    if person.id_type == IdType.RESIDENT_ID:
        document = person.id_number_masked
    elif person.id_type == IdType.FOREIGN_DOCUMENT:
        document = person.document_number_masked
    else:
        document = translate("无证件", locale)
    return f"{person.name} · {document}" if document else person.name
