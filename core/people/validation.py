"""Turning what a user typed about a person into clean, consistent column values.

One function, :func:`clean_person`, serves registration and editing alike, so a person can
never be saved in a state that registration would have refused. All problems of one form
are reported together (field → message) rather than one at a time.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from datetime import date
from typing import Any

from core.people.identity_numbers import InvalidResidentId, parse_resident_id
from core.people.models import DocumentType, IdType, Sex
from core.people.names import full_pinyin, pinyin_initials
from core.people.phones import InvalidPhone, normalise_phone
from core.text import clean_free_text

__all__ = [
    "DOCUMENT_NUMBER_PATTERN",
    "EDITABLE_FIELDS",
    "InvalidPerson",
    "clean_document_number",
    "clean_person",
]

#: The fields a registration form or an edit may set; everything else is derived.
EDITABLE_FIELDS = frozenset(
    {
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
    }
)

_EARLIEST_BIRTH = date(1900, 1, 1)
#: A foreign document number after :func:`clean_document_number`.
DOCUMENT_NUMBER_PATTERN = re.compile(r"[A-Z0-9][A-Z0-9()\-]{2,39}")
_SEX_WORDS = {"男": Sex.MALE, "女": Sex.FEMALE}
_LIMITS = {"name": 100, "no_id_reason": 200, "address": 200, "ethnicity": 20}
_LIMIT_LABELS = {
    "name": ("姓名", "Name"),
    "no_id_reason": ("无证件原因", "The reason"),
    "address": ("地址", "Address"),
    "ethnicity": ("民族", "Ethnicity"),
}


class InvalidPerson(ValueError):
    """What the user typed about a person cannot be saved.

    ``errors`` maps each offending field to a Simplified Chinese message (shown next to the
    field), ``errors_en`` to its English; ``str(error)`` joins the Chinese messages.
    """

    def __init__(self, errors: dict[str, tuple[str, str]]) -> None:
        self.errors = {field: zh for field, (zh, _en) in errors.items()}
        self.errors_en = {field: en for field, (_zh, en) in errors.items()}
        self.message = "；".join(self.errors.values())
        self.message_en = "; ".join(self.errors_en.values())
        super().__init__(self.message)

    def __str__(self) -> str:
        return self.message


def _text(value: Any) -> str:
    """Form text on one line, punctuation as typed (addresses keep "（）"); identity
    numbers and phones are normalised by their own parsers."""
    return clean_free_text(value, multiline=False)


def clean_document_number(value: Any) -> str:
    """A document number as stored and searched: no spaces, upper case."""
    return "".join(unicodedata.normalize("NFKC", str(value or "")).split()).upper()


def _parse_date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    text = _text(value)
    if not text:
        return None
    try:
        return date.fromisoformat(text.replace("/", "-"))
    except ValueError:
        raise ValueError(text) from None


def clean_person(data: Mapping[str, Any], *, today: date | None = None) -> dict[str, Any]:
    """Validate and normalise a person's editable fields; return every column to store.

    ``id_type`` decides which identity fields count (the others are cleared): a resident
    identity number gives sex and birth date; a foreign document needs its type and
    number; no document needs a reason. Raises :class:`InvalidPerson` naming each bad field.
    """
    unknown = set(data) - EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"not editable person fields: {sorted(unknown)}")
    today = today or date.today()
    errors: dict[str, tuple[str, str]] = {}
    out: dict[str, Any] = {}

    for field, limit in _LIMITS.items():
        value = _text(data.get(field))
        if len(value) > limit:
            zh, en = _LIMIT_LABELS[field]
            errors[field] = (f"{zh}不能超过{limit}个字", f"{en} must be at most {limit} characters")
        out[field] = value or None

    if not out["name"]:
        errors["name"] = ("请填写姓名", "Please enter the name")
    out["pinyin_initials"] = pinyin_initials(out["name"])[:100]
    out["full_pinyin"] = full_pinyin(out["name"])[:400]

    try:
        id_type = IdType(_text(data.get("id_type")) or IdType.RESIDENT_ID)
    except ValueError:
        errors["id_type"] = ("证件类型无效", "Unknown kind of identification")
        id_type = IdType.NONE
    out.update(id_type=id_type, id_number=None, document_type=None, document_number=None)
    if id_type is not IdType.NONE:
        out["no_id_reason"] = None

    if id_type is IdType.RESIDENT_ID:
        _resident_id(data, out, errors, today)
    else:
        _manual_sex_and_birth(data, out, errors, today)
        if id_type is IdType.FOREIGN_DOCUMENT:
            _foreign_document(data, out, errors)
        elif id_type is IdType.NONE and not out["no_id_reason"] and "id_type" not in errors:
            errors["no_id_reason"] = (
                "未登记证件时，请说明原因",
                "Without an identity document, please give the reason",
            )

    phone = _text(data.get("phone"))
    out["phone"] = None
    if phone:
        try:
            out["phone"] = normalise_phone(phone)
        except InvalidPhone as exc:
            errors["phone"] = (exc.message, exc.message_en)

    if errors:
        raise InvalidPerson(errors)
    return out


def _resident_id(
    data: Mapping[str, Any], out: dict[str, Any], errors: dict[str, Any], today: date
) -> None:
    raw = _text(data.get("id_number"))
    if not raw:
        errors["id_number"] = ("请填写身份证号码", "Please enter the resident identity number")
        return
    try:
        parsed = parse_resident_id(raw, today=today)
    except InvalidResidentId as exc:
        errors["id_number"] = (exc.message, exc.message_en)
        return
    out.update(id_number=parsed.number, sex=Sex(parsed.sex), birth_date=parsed.birth_date)


def _manual_sex_and_birth(
    data: Mapping[str, Any], out: dict[str, Any], errors: dict[str, Any], today: date
) -> None:
    sex = _text(data.get("sex"))
    out["sex"] = None
    if sex:
        try:
            out["sex"] = _SEX_WORDS.get(sex) or Sex(sex)
        except ValueError:
            errors["sex"] = ("性别无效", "Unknown sex")
    out["birth_date"] = None
    try:
        birth = _parse_date(data.get("birth_date"))
    except ValueError:
        errors["birth_date"] = (
            "出生日期格式不正确，应为 年-月-日（如 1990-03-07）",
            "The birth date must be written year-month-day (e.g. 1990-03-07)",
        )
        return
    if birth is not None and birth > today:
        errors["birth_date"] = ("出生日期不能晚于今天", "The birth date cannot be in the future")
    elif birth is not None and birth < _EARLIEST_BIRTH:
        errors["birth_date"] = ("出生日期不能早于1900年", "The birth date cannot be before 1900")
    else:
        out["birth_date"] = birth


def _foreign_document(data: Mapping[str, Any], out: dict[str, Any], errors: dict[str, Any]) -> None:
    try:
        out["document_type"] = DocumentType(_text(data.get("document_type")))
    except ValueError:
        errors["document_type"] = ("请选择证件类型", "Please choose the kind of document")
    number = clean_document_number(data.get("document_number"))
    if not number:
        errors["document_number"] = ("请填写证件号码", "Please enter the document number")
    elif not DOCUMENT_NUMBER_PATTERN.fullmatch(number):
        errors["document_number"] = (
            "证件号码格式不正确：只能包含字母、数字、连字符和括号，3至40位",
            "Invalid document number: letters, digits, hyphens and brackets, 3 to 40 characters",
        )
    else:
        out["document_number"] = number
