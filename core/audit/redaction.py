"""Which column values the audit trail must not hold in clear (敏感字段脱敏).

A column's rule comes from its ``info`` first and its name second:

- ``info={"mask": "id_number"}`` or ``{"mask": "phone"}``: recorded masked with the same
  masks lists use, so the trail still shows which number changed without disclosing it;
- ``info={"sensitive": False}``: recorded in clear even if the name looks sensitive;
- a name such as ``id_number`` or ``phone``: masked (citizen data that stays searchable);
- ``info={"sensitive": True}`` or a secret-looking name (``password_hash``, ``token_hash``,
  ``secret*``, …): replaced by ``"***"``.

Set ``info`` with ``Field(sa_column_kwargs={"info": {"sensitive": True}})`` or
``Column(..., info={"sensitive": True})``.
"""

from __future__ import annotations

from collections.abc import Callable
from fnmatch import fnmatchcase
from typing import Any

from sqlalchemy import Column

from core.people.masking import mask_phone, mask_resident_id

__all__ = ["REDACTED", "SECRET_NAME_PATTERNS", "redactor_for"]

REDACTED = "***"

SECRET_NAME_PATTERNS = (
    "password",
    "password_*",
    "*_password",
    "*password_hash",
    "token",
    "token_hash",
    "*_token",
    "*_token_hash",
    "secret",
    "secret*",
    "*_secret",
    "api_key",
    "*_api_key",
    "private_key",
    "*_private_key",
)
ID_NUMBER_NAMES = frozenset(
    {"id_number", "resident_id", "id_card", "id_card_number", "document_number"}
)
PHONE_NAMES = frozenset({"phone", "mobile", "telephone", "phone_number", "mobile_phone"})

Redactor = Callable[[Any], Any]


def _redact(value: Any) -> Any:
    return None if value is None else REDACTED


def _mask_with(mask: Callable[[str | None], str]) -> Redactor:
    def apply(value: Any) -> Any:
        return None if value is None else mask(str(value))

    return apply


_MASKS: dict[str, Redactor] = {
    "id_number": _mask_with(mask_resident_id),
    "resident_id": _mask_with(mask_resident_id),
    "phone": _mask_with(mask_phone),
}
_cache: dict[int, tuple[Column[Any], Redactor | None]] = {}


def _rule(column: Column[Any]) -> Redactor | None:
    info = column.info
    name = column.key.lower()
    if info.get("mask") in _MASKS:
        return _MASKS[info["mask"]]
    if info.get("sensitive") is False:
        return None
    if name in ID_NUMBER_NAMES:
        return _MASKS["id_number"]
    if name in PHONE_NAMES or name.endswith("_phone"):
        return _MASKS["phone"]
    if info.get("sensitive") or any(fnmatchcase(name, p) for p in SECRET_NAME_PATTERNS):
        return _redact
    return None


def redactor_for(column: Column[Any]) -> Redactor | None:
    """The function that makes *column*'s values safe to record, or ``None`` for clear text."""
    # Keyed by id (a Column's == builds SQL); the column is kept to rule out a reused id.
    cached = _cache.get(id(column))
    if cached is None or cached[0] is not column:
        cached = _cache[id(column)] = (column, _rule(column))
    return cached[1]
