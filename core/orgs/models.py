"""The organisation tree: bureaus, stations, villages and the units attached to them."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum

from sqlalchemy import Column, Index, String
from sqlmodel import Field, SQLModel


def utcnow() -> datetime:
    return datetime.now(UTC)


class OrgType(StrEnum):
    """What a node is. The first five form the administrative spine; the rest attach anywhere."""

    PROVINCE = "province"  # 省（自治区）司法厅 (optional root, above the city bureaus)
    CITY_BUREAU = "city_bureau"  # 市司法局 (a root, or under a province department)
    BUREAU = "bureau"  # 县/区司法局
    STATION = "station"  # 乡镇/街道司法所
    COMMUNITY = "community"  # 村/社区
    MEDIATION_COMMITTEE = "mediation_committee"  # 人民调解委员会
    LAW_FIRM = "law_firm"  # 律师事务所
    LEGAL_SERVICE_OFFICE = "legal_service_office"  # 基层法律服务所
    LEGAL_AID_CENTRE = "legal_aid_centre"  # 法律援助中心
    PUBLIC_LEGAL_SERVICE_CENTRE = "public_legal_service_centre"  # 公共法律服务中心/工作站
    CLINIC_ROOM = "clinic_room"  # 法律服务诊室


class CommitteeKind(StrEnum):
    """Kinds of people's mediation committee (调委会)."""

    VILLAGE = "village"
    TOWNSHIP = "township"
    ENTERPRISE = "enterprise"
    TRAFFIC = "traffic"
    MEDICAL = "medical"
    LABOUR = "labour"
    PROPERTY = "property"
    FAMILY = "family"
    OTHER_PROFESSIONAL = "other_professional"


class OrgUnit(SQLModel, table=True):
    """One node of the tree.

    ``path`` is the materialised path of ids (``/1/7/42/``): "this node and everything under
    it" is the single indexed predicate ``path LIKE '/1/7/%'``.
    """

    __tablename__ = "org_unit"
    __scope_org_attr__ = "id"  # a node is in scope when the node itself is (web guards)
    __table_args__ = (
        Index(
            "ix_org_unit_path_prefix",
            "path",
            postgresql_ops={"path": "text_pattern_ops"},
        ),
        # Changes to a node are audited under the node itself, so they appear on the audit
        # page of whoever administers that part of the tree.
        {"info": {"audit_org_attr": "id"}},
    )

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=100)
    type: OrgType = Field(sa_column=Column(String(32), nullable=False, index=True))
    committee_kind: CommitteeKind | None = Field(default=None, sa_column=Column(String(32)))
    division_code: str | None = Field(default=None, max_length=12, index=True)
    parent_id: int | None = Field(default=None, foreign_key="org_unit.id", index=True)
    path: str = Field(default="", max_length=400)
    depth: int = Field(default=0)
    active: bool = Field(default=True)
    generated: bool = Field(default=False)
    version: int = Field(default=1)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
