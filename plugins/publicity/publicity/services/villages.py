"""Villages: 法律明白人 backbones, culture sites (法治文化阵地) and model-village status.

Coverage is counted per administrative village (a ``community`` org node) against the
programme target — at least 3 backbones per village by 2025 (《乡村"法律明白人"培养工作规范》,
DOMAIN.md §4.3), a per-bureau setting.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlmodel import Session, col, func, select

from core.api import (
    N_,
    DueItemKind,
    DueItemSpec,
    DueSource,
    OrgType,
    OrgUnit,
    lock_for_change,
    subtree_predicate,
    sync_due_items,
    touch,
)
from publicity.codes import BackboneRole, LogKind, ModelVillageLevel, SiteKind
from publicity.forms import Form
from publicity.models import (
    PublicityBackbone,
    PublicityBackboneLog,
    PublicityCultureSite,
    PublicityModelVillage,
)

__all__ = [
    "REVIEW_KIND",
    "VillageCoverage",
    "add_log",
    "coverage",
    "save_backbone",
    "save_model_village",
    "save_site",
]

REVIEW_KIND = "publicity.model_review"


def _village(session: Session, org_id: int | None, form: Form) -> None:
    org = session.get(OrgUnit, org_id) if org_id else None
    if org_id and (org is None or org.type != OrgType.COMMUNITY):
        form.error("org_id", N_("请选择一个村(社区)"))


def save_backbone(
    session: Session,
    data: Mapping[str, Any],
    *,
    org_allowed: Any,
    backbone: PublicityBackbone | None = None,
    expected_version: int | None = None,
) -> PublicityBackbone:
    """Register or edit a 法律明白人."""
    if backbone is not None:
        lock_for_change(session, backbone, expected_version)
    form = Form(data)
    name = form.text("name", N_("姓名"), required=True, limit=40)
    role = form.choice("role", BackboneRole, N_("角色"))
    org_id = (
        backbone.org_id
        if backbone
        else form.integer("org_id", N_("所在村(社区)"), maximum=2**31, required=True)
    )
    if backbone is None and org_id is not None:
        if not org_allowed(org_id):
            form.error("org_id", N_("您无权为该村(社区)登记"))
        _village(session, org_id, form)
    background = form.text("background", N_("身份类别"), limit=40)
    phone = form.text("phone", N_("联系电话"), limit=20)
    if phone and not phone.replace("-", "").isdigit():
        form.error("phone", N_("联系电话只能包含数字"))
    appointed = form.day("appointed_on", N_("聘任日期"), required=False)
    form.check()
    if backbone is None:
        backbone = PublicityBackbone(org_id=org_id, name=name, role=role)  # type: ignore[arg-type]
    else:
        touch(backbone)
    backbone.name, backbone.role, backbone.background = name, role or backbone.role, background
    backbone.phone, backbone.appointed_on = phone, appointed
    backbone.active = not form.flag("inactive")
    backbone.updated_at = datetime.now(UTC)
    session.add(backbone)
    session.flush()
    return backbone


def add_log(
    session: Session, backbone: PublicityBackbone, data: Mapping[str, Any], today: date
) -> PublicityBackboneLog:
    """Record a training attended or an activity done by a backbone."""
    form = Form(data)
    kind = form.choice("kind", LogKind, N_("记录类型"))
    held_on = form.day("held_on", N_("日期"))
    if held_on and held_on > today:
        form.error("held_on", N_("日期不能晚于今天"))
    summary = form.text("summary", N_("内容"), required=True, limit=300)
    hours = form.number("hours", N_("学时"), maximum=100)
    form.check()
    row = PublicityBackboneLog(
        org_id=backbone.org_id,
        backbone_id=backbone.id,
        kind=kind,
        held_on=held_on,
        summary=summary,
        hours=hours,  # type: ignore[arg-type]
    )
    session.add(row)
    session.flush()
    return row


def save_site(
    session: Session,
    data: Mapping[str, Any],
    *,
    org_allowed: Any,
    site: PublicityCultureSite | None = None,
    expected_version: int | None = None,
) -> PublicityCultureSite:
    if site is not None:
        lock_for_change(session, site, expected_version)
    form = Form(data)
    name = form.text("name", N_("阵地名称"), required=True, limit=100)
    kind = form.choice("kind", SiteKind, N_("阵地类型"))
    org_id = (
        site.org_id
        if site
        else form.integer("org_id", N_("所在村(社区)"), maximum=2**31, required=True)
    )
    if site is None and org_id is not None:
        if not org_allowed(org_id):
            form.error("org_id", N_("您无权为该村(社区)登记"))
        _village(session, org_id, form)
    opened = form.day("opened_on", N_("建成日期"), required=False)
    form.check()
    if site is None:
        site = PublicityCultureSite(org_id=org_id, name=name, kind=kind)  # type: ignore[arg-type]
    else:
        touch(site)
    site.name, site.kind, site.opened_on = name, kind or site.kind, opened
    site.updated_at = datetime.now(UTC)
    session.add(site)
    session.flush()
    return site


def save_model_village(
    session: Session,
    data: Mapping[str, Any],
    *,
    org_allowed: Any,
    row: PublicityModelVillage | None = None,
    expected_version: int | None = None,
) -> PublicityModelVillage:
    """民主法治示范村: level, award date and the next review (a due item reminds of it)."""
    if row is not None:
        lock_for_change(session, row, expected_version)
    form = Form(data)
    org_id = (
        row.org_id if row else form.integer("org_id", N_("村(社区)"), maximum=2**31, required=True)
    )
    if row is None and org_id is not None:
        if not org_allowed(org_id):
            form.error("org_id", N_("您无权为该村(社区)登记"))
        _village(session, org_id, form)
        if session.exec(
            select(PublicityModelVillage.id).where(PublicityModelVillage.org_id == org_id)
        ).first():
            form.error("org_id", N_("该村(社区)已登记示范村信息，请在原记录上修改"))
    level = form.choice("level", ModelVillageLevel, N_("命名级别"))
    awarded = form.day("awarded_on", N_("命名日期"), required=False)
    last_review = form.day("last_review_on", N_("上次复核日期"), required=False)
    next_review = form.day("next_review_on", N_("下次复核日期"), required=False)
    if awarded and next_review and next_review < awarded:
        form.error("next_review_on", N_("下次复核日期不能早于命名日期"))
    note = form.text("note", N_("备注"), limit=500)
    form.check()
    if row is None:
        row = PublicityModelVillage(org_id=org_id, level=level)  # type: ignore[arg-type]
    else:
        touch(row)
    row.level, row.awarded_on, row.last_review_on = level or row.level, awarded, last_review
    row.next_review_on, row.note, row.revoked = next_review, note, form.flag("revoked")
    row.updated_at = datetime.now(UTC)
    session.add(row)
    session.flush()
    org = session.get(OrgUnit, row.org_id)
    specs = []
    if row.next_review_on and not row.revoked:
        specs.append(
            DueItemSpec(
                key=f"review:{row.next_review_on.isoformat()}",
                title_zh=f"民主法治示范村复核：{org.name if org else ''}",
                title_en="Model village review",
                due_at=row.next_review_on,
                org_id=row.org_id,
                kind=REVIEW_KIND,
                url="/m/publicity/villages",
            )
        )
    sync_due_items(session, DueSource("publicity", "model_village", row.id), specs)  # type: ignore[arg-type]
    return row


@dataclass(frozen=True)
class VillageCoverage:
    org_id: int
    name: str
    station: str
    backbones: int
    target: int
    sites: int
    model_level: str | None

    @property
    def met(self) -> bool:
        return self.backbones >= self.target

    @property
    def shortfall(self) -> int:
        return max(self.target - self.backbones, 0)

    @property
    def colour(self) -> str:
        if self.met:
            return "green"
        return "red" if self.backbones == 0 else "amber"


def coverage(session: Session, root: OrgUnit, target: int) -> list[VillageCoverage]:
    """Every active village under *root* with its active backbones, sites and model status."""
    villages = session.exec(
        select(OrgUnit)
        .where(
            subtree_predicate(root),
            OrgUnit.type == OrgType.COMMUNITY,
            col(OrgUnit.active).is_(True),
        )
        .order_by(OrgUnit.path)
    ).all()
    ids = [v.id for v in villages]
    counts = dict(
        session.exec(
            select(PublicityBackbone.org_id, func.count())
            .where(col(PublicityBackbone.org_id).in_(ids), col(PublicityBackbone.active).is_(True))
            .group_by(PublicityBackbone.org_id)
        ).all()
    )
    sites = dict(
        session.exec(
            select(PublicityCultureSite.org_id, func.count())
            .where(col(PublicityCultureSite.org_id).in_(ids))
            .group_by(PublicityCultureSite.org_id)
        ).all()
    )
    models = dict(
        session.exec(
            select(PublicityModelVillage.org_id, PublicityModelVillage.level).where(
                col(PublicityModelVillage.org_id).in_(ids),
                col(PublicityModelVillage.revoked).is_(False),
            )
        ).all()
    )
    parents = {
        p.id: p.name
        for p in session.exec(
            select(OrgUnit).where(col(OrgUnit.id).in_({v.parent_id for v in villages}))
        ).all()
    }
    return [
        VillageCoverage(
            v.id,
            v.name,
            parents.get(v.parent_id, ""),
            int(counts.get(v.id, 0)),
            target,  # type: ignore[arg-type]
            int(sites.get(v.id, 0)),
            models.get(v.id),
        )
        for v in villages
    ]


DUE_KINDS = [
    DueItemKind(
        REVIEW_KIND, "民主法治示范村复核", "Model village review", lead_time=timedelta(days=30)
    ),
]
