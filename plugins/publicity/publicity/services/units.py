"""Responsible units (普法责任单位) and their responsibility lists (普法责任清单)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from sqlmodel import Session

from core.api import N_, lock_for_change, touch
from publicity.codes import UnitKind
from publicity.forms import Form
from publicity.models import PublicityUnit

__all__ = ["law_list", "save_unit", "yearly_target"]


def law_list(text: str) -> list[str]:
    """The laws of a list, one a line, without blanks or repeats."""
    seen: list[str] = []
    for line in (text or "").replace("，", "\n").replace("、", "\n").splitlines():
        law = line.strip()
        if law and law not in seen:
            seen.append(law)
    return seen


def save_unit(
    session: Session,
    data: Mapping[str, Any],
    *,
    org_id: int,
    unit: PublicityUnit | None = None,
    expected_version: int | None = None,
) -> PublicityUnit:
    """Create a unit, or update *unit* (refused with StaleRecord when edited meanwhile)."""
    if unit is not None:
        lock_for_change(session, unit, expected_version)
    form = Form(data)
    name = form.text("name", N_("单位名称"), required=True, limit=100)
    kind = form.choice("kind", UnitKind, N_("单位类别"))
    laws = "\n".join(law_list(form.text("laws", N_("责任清单"), limit=4000)))
    contact = form.text("contact", N_("联系人"), limit=100)
    target = form.integer("yearly_target", N_("年度最低场次"), maximum=1000)
    form.check()
    if unit is None:
        unit = PublicityUnit(org_id=org_id, name=name, kind=kind or UnitKind.OTHER)
    else:
        touch(unit)
    unit.name, unit.kind, unit.laws, unit.contact = name, kind or unit.kind, laws, contact
    unit.yearly_target = target
    unit.active = not form.flag("inactive")
    unit.updated_at = datetime.now(UTC)
    session.add(unit)
    session.flush()
    return unit


def yearly_target(unit: PublicityUnit, default: int) -> int:
    """The unit's own minimum of events a year, else the bureau's (default 20)."""
    return unit.yearly_target if unit.yearly_target is not None else default
