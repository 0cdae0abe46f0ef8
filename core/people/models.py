"""The people registry (人员库): one row per citizen the bureau deals with.

Parties, applicants, correction subjects, released persons and lawyers' clients are all the
same table; plugins link to a person by id instead of keeping their own copy, which is what
makes a cross-plugin view of one person possible.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from enum import StrEnum

from sqlalchemy import Column, Index, String
from sqlmodel import Field, SQLModel

SENSITIVE = {"sensitive": True}  # the audit recorder redacts columns marked like this


def utcnow() -> datetime:
    return datetime.now(UTC)


class IdType(StrEnum):
    """How a person is identified."""

    RESIDENT_ID = "resident_id"  # 居民身份证 (18 digits, GB 11643)
    FOREIGN_DOCUMENT = "foreign_document"  # 护照、通行证等其他证件
    NONE = "none"  # 无证件 (a reason is recorded)


class DocumentType(StrEnum):
    """Identity documents other than the resident identity card (其他证件类型)."""

    PASSPORT = "passport"  # 护照
    HK_MACAO_PERMIT = "hk_macao_permit"  # 港澳居民来往内地通行证
    TAIWAN_PERMIT = "taiwan_permit"  # 台湾居民来往大陆通行证
    FOREIGN_PERMANENT_RESIDENCE = "foreign_permanent_residence"  # 外国人永久居留身份证
    OTHER = "other"  # 其他


class Sex(StrEnum):
    MALE = "male"  # 男
    FEMALE = "female"  # 女


class Person(SQLModel, table=True):
    """A citizen in the registry.

    ``id_number`` holds a validated resident identity number and is unique when present;
    other documents live in ``document_type``/``document_number`` (unique together). A plain
    unique index lets any number of rows have NULL there, on SQLite and PostgreSQL alike.
    ``sex`` and ``birth_date`` are derived from a resident identity number and entered by
    hand otherwise. ``pinyin_initials``/``full_pinyin`` are kept in step with ``name`` by
    the service, for search and for name order.
    """

    __tablename__ = "person"
    __table_args__ = (
        Index("uq_person_id_number", "id_number", unique=True),
        Index("uq_person_document", "document_number", "document_type", unique=True),
        Index(
            "ix_person_pinyin_initials",
            "pinyin_initials",
            postgresql_ops={"pinyin_initials": "text_pattern_ops"},
        ),
        Index(
            "ix_person_full_pinyin",
            "full_pinyin",
            postgresql_ops={"full_pinyin": "text_pattern_ops"},
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=100, index=True)
    id_type: IdType = Field(sa_column=Column(String(20), nullable=False))
    id_number: str | None = Field(
        default=None, sa_column=Column(String(18), nullable=True, info=SENSITIVE)
    )
    document_type: DocumentType | None = Field(default=None, sa_column=Column(String(32)))
    document_number: str | None = Field(
        default=None, sa_column=Column(String(40), nullable=True, info=SENSITIVE)
    )
    no_id_reason: str | None = Field(default=None, max_length=200)
    sex: Sex | None = Field(default=None, sa_column=Column(String(8)))
    birth_date: date | None = Field(default=None)
    phone: str | None = Field(
        default=None, sa_column=Column(String(24), nullable=True, index=True, info=SENSITIVE)
    )
    address: str | None = Field(default=None, max_length=200)
    ethnicity: str | None = Field(default=None, max_length=20)
    org_id: int = Field(foreign_key="org_unit.id", index=True)
    pinyin_initials: str = Field(default="", max_length=100)
    full_pinyin: str = Field(default="", max_length=400)
    version: int = Field(default=1)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    created_by: int | None = Field(default=None)
