"""Key dates (普法重要节点) and the reminders ahead of them.

The national dates (DOMAIN.md §4.4) are defaults; a bureau adds its own
(:class:`~publicity.models.PublicityKeyDate`). Ahead of each occurrence (the bureau's lead
time, default 14 days) every active responsible unit gets a due item "prepare the campaign",
closed as soon as the unit records an event inside the campaign window — so the reminder
lands in the core inbox of the unit's staff, turns amber and red by the core's rules, and
disappears once done. :func:`remind_units` is idempotent (one key per unit and occurrence).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlmodel import Session, col, func, select

from core.api import (
    DueItemKind,
    DueItemSpec,
    DueSource,
    OrgType,
    OrgUnit,
    active_plugins,
    module_settings,
    sync_due_items,
)
from publicity.models import PublicityEvent, PublicityKeyDate, PublicityUnit

__all__ = [
    "KEY_DATE_KIND",
    "NATIONAL_DATES",
    "KeyDate",
    "Occurrence",
    "occurrences",
    "remind_units",
]

KEY_DATE_KIND = "publicity.key_date"


@dataclass(frozen=True)
class KeyDate:
    """A yearly publicity date: starts on month/day and lasts *days* days."""

    code: str
    name: str
    month: int
    day: int
    days: int = 1
    theme: str = ""
    laws: str = ""
    name_en: str = ""  # the national dates' English names; a bureau's own date has its name


NATIONAL_DATES = (
    KeyDate(
        "constitution_week", "12·4国家宪法日暨宪法宣传周", 12, 1, 7, "弘扬宪法精神", "宪法",
        "Constitution Day (4 December) and Constitution Week",
    ),
    KeyDate(
        "national_security", "全民国家安全教育日", 4, 15, 1, "国家安全", "国家安全法",
        "National Security Education Day",
    ),
    KeyDate(
        "anti_drug", "国际禁毒日", 6, 26, 1, "禁毒宣传", "禁毒法",
        "International Day against Drug Abuse",
    ),
    KeyDate(
        "civil_code_month", "民法典宣传月", 5, 1, 31, "美好生活·民法典相伴", "民法典",
        "Civil Code Month",
    ),
)  # fmt: skip
"""12·4 is Constitution Day; the 宪法宣传周 runs the week around it (here 12-01 to 12-07)."""


@dataclass(frozen=True)
class Occurrence:
    code: str
    name: str
    start: date
    end: date
    theme: str
    laws: str
    name_en: str = ""

    def label(self, locale: str = "zh") -> str:
        """The date's name in *locale* (a bureau's own date keeps the name it was given)."""
        return self.name_en if locale == "en" and self.name_en else self.name


def occurrences(session: Session, bureau_id: int | None, year: int) -> list[Occurrence]:
    """The year's dates for a bureau: national ones plus the bureau's own, by start date."""
    dates = list(NATIONAL_DATES)
    if bureau_id is not None:
        for row in session.exec(
            select(PublicityKeyDate).where(
                PublicityKeyDate.org_id == bureau_id, col(PublicityKeyDate.active).is_(True)
            )
        ).all():
            dates.append(
                KeyDate(
                    f"local{row.id}", row.name, row.month, row.day, row.days, row.theme, row.laws
                )
            )
    result = []
    for kd in dates:
        try:
            start = date(year, kd.month, kd.day)
        except ValueError:  # 02-29 in a common year
            start = date(year, kd.month, 28)
        result.append(
            Occurrence(
                kd.code,
                kd.name,
                start,
                start + timedelta(days=max(kd.days, 1) - 1),
                kd.theme,
                kd.laws,
                kd.name_en,
            )
        )
    return sorted(result, key=lambda o: o.start)


def upcoming(
    session: Session, bureau_id: int | None, today: date, lead_days: int
) -> list[Occurrence]:
    """Occurrences whose reminder window holds *today*: from *lead_days* before the start to
    a week after the end (so a missed campaign shows red for a week, then drops off)."""
    found = []
    for year in (today.year, today.year + 1):
        for occ in occurrences(session, bureau_id, year):
            if occ.start - timedelta(days=lead_days) <= today <= occ.end + timedelta(days=7):
                found.append(occ)
    return found


def bureau_of(session: Session, org_id: int) -> int | None:
    """The nearest county bureau at or above *org_id* (where a bureau's own dates live)."""
    org = session.get(OrgUnit, org_id)
    if org is None:
        return None
    ids = [int(p) for p in org.path.strip("/").split("/") if p]
    rows = session.exec(select(OrgUnit.id, OrgUnit.type).where(col(OrgUnit.id).in_(ids))).all()
    types = dict(rows)
    for oid in reversed(ids):
        if types.get(oid) in (OrgType.BUREAU, OrgType.CITY_BUREAU):
            return oid
    return None


def _held_between(session: Session, unit_id: int, start: date, end: date) -> bool:
    return bool(
        session.exec(
            select(func.count()).where(
                PublicityEvent.unit_id == unit_id,
                col(PublicityEvent.held_on) >= start,
                col(PublicityEvent.held_on) <= end,
            )
        ).one()
    )


def remind_units(session: Session, host: Any, today: date, now: datetime | None = None) -> int:
    """Keep every active unit's key-date due items; returns how many units have one open."""
    units = session.exec(select(PublicityUnit)).all()
    reminded = 0
    cache: dict[int | None, list[Occurrence]] = {}
    for unit in units:
        source = DueSource("publicity", "unit_keydates", unit.id)  # type: ignore[arg-type]
        if not unit.active or "publicity" not in active_plugins(session, host, unit.org_id):
            sync_due_items(session, source, [], now=now)  # no duties (any more): close what is open
            continue
        settings = module_settings(session, host, unit.org_id, "publicity")
        lead = getattr(settings, "key_date_lead_days", 14)
        bureau = bureau_of(session, unit.org_id)
        if bureau not in cache:
            cache[bureau] = upcoming(session, bureau, today, lead)
        specs = []
        for occ in cache[bureau]:
            done = _held_between(session, unit.id, occ.start - timedelta(days=lead), occ.end)  # type: ignore[arg-type]
            specs.append(
                DueItemSpec(
                    key=f"keydate:{occ.code}:{occ.start.isoformat()}",
                    title_zh=f"{occ.name}（{occ.start:%m月%d日}）：{unit.name}请组织普法活动",
                    title_en=f"{occ.label('en')} on {occ.start}: {unit.name}, hold a publicity event",
                    due_at=occ.end,
                    org_id=unit.org_id,
                    kind=KEY_DATE_KIND,
                    url=f"/m/publicity/events/new?unit_id={unit.id}&key_date={occ.code}&year={occ.start.year}",
                    done=done,
                )
            )
            reminded += 0 if done else 1
        sync_due_items(session, source, specs, now=now)
    return reminded


def campaign_defaults(
    session: Session, bureau_id: int | None, code: str, year: int
) -> Occurrence | None:
    """The occurrence a reminder link names, to pre-fill an event form with its theme."""
    for occ in occurrences(session, bureau_id, year):
        if occ.code == code:
            return occ
    return None


DUE_KINDS = [
    DueItemKind(
        KEY_DATE_KIND,
        "普法重要节点活动",
        "Publicity key date",
        lead_time=timedelta(days=7),
        escalation_delay=timedelta(days=2),
    )
]
