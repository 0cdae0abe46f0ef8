"""The roster (名册): clinics (定点), providers (定人), their days off, village advisers.

Validation lives here so the page, the demo and the tests go through the same rules.
"""

from __future__ import annotations

import secrets
from datetime import date, time
from typing import Any

from sqlmodel import Session, func, select

from clinic.codes import ProviderKind
from clinic.errors import ClinicError, InvalidInput
from clinic.models import (
    ClinicAdviserAssignment,
    ClinicProvider,
    ClinicRoom,
    ClinicUnavailability,
)
from core.api import (
    N_,
    OrgType,
    OrgUnit,
    StaleRecord,
    conflict_on_duplicate,
    lock_for_change,
    touch,
)

__all__ = [
    "add_unavailability",
    "assign_adviser",
    "create_clinic",
    "create_provider",
    "new_token",
    "remove_unavailability",
    "renew_token",
    "update_clinic",
    "update_provider",
]


def new_token() -> str:
    """An unguessable calendar-feed secret (256 bits, URL-safe)."""
    return secrets.token_urlsafe(32)


def _text(data: dict[str, Any], key: str) -> str:
    return str(data.get(key) or "").strip()


def _int(
    data: dict[str, Any], key: str, errors: dict[str, str], message: str, low: int, high: int
) -> int | None:
    raw = _text(data, key)
    try:
        value = int(raw)
    except ValueError:
        errors[key] = message
        return None
    if not low <= value <= high:
        errors[key] = message
        return None
    return value


def _provider_values(data: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, str] = {}
    name = _text(data, "name")
    if not name or len(name) > 50:
        errors["name"] = N_("请填写姓名（不超过50字）")
    kind = _text(data, "kind") or ProviderKind.LAWYER
    if kind not in set(ProviderKind):
        errors["kind"] = N_("请选择律师或基层法律服务工作者")
    number = _text(data, "practice_number")
    if not number or len(number) > 30 or not number.isalnum():
        errors["practice_number"] = N_("请填写执业证号（字母和数字，不超过30位）")
    years = _int(data, "practice_years", errors, N_("执业年限应为0至60之间的整数"), 0, 60)
    top = _int(
        data, "max_sessions_per_month", errors, N_("每月最多接诊次数应为1至31之间的整数"), 1, 31
    )
    if errors:
        raise InvalidInput(errors)
    return {
        "name": name,
        "kind": kind,
        "practice_number": number,
        "practice_years": years,
        "max_sessions_per_month": top,
        "firm": _text(data, "firm")[:100] or None,
        "specialties": _text(data, "specialties")[:200] or None,
        "languages": _text(data, "languages")[:100] or None,
        "phone": _text(data, "phone")[:30] or None,
    }


def _unique_number(session: Session, number: str, own_id: int | None) -> None:
    other = session.exec(
        select(ClinicProvider.id).where(ClinicProvider.practice_number == number)
    ).first()
    if other is not None and other != own_id:
        raise InvalidInput({"practice_number": N_("该执业证号已在名册中")})


def create_provider(
    session: Session, org_id: int, data: dict[str, Any], *, account_id: int | None = None
) -> ClinicProvider:
    values = _provider_values({"max_sessions_per_month": "8", "practice_years": "0", **data})
    _unique_number(session, values["practice_number"], None)
    provider = ClinicProvider(
        org_id=org_id, ical_token=new_token(), account_id=account_id, **values
    )
    session.add(provider)
    session.flush()
    return provider


def update_provider(session: Session, provider: ClinicProvider, data: dict[str, Any]) -> None:
    values = _provider_values(data)
    _unique_number(session, values["practice_number"], provider.id)
    for key, value in values.items():
        setattr(provider, key, value)
    touch(provider)
    session.add(provider)
    session.flush()


def renew_token(session: Session, provider: ClinicProvider) -> None:
    """A new feed address; phones subscribed to the old one stop getting the rota."""
    provider.ical_token = new_token()
    touch(provider)
    session.add(provider)
    session.flush()


def create_clinic(
    session: Session,
    community_id: int,
    name: str,
    *,
    sessions_per_month: int = 2,
    preferred_weekday: int | None = None,
    usual_provider_id: int | None = None,
    address: str | None = None,
    starts_at: time = time(9),
    ends_at: time = time(11, 30),
) -> ClinicRoom:
    """A clinic room in a community (定点); only villages and communities host one."""
    org = session.get(OrgUnit, community_id)
    if org is None or org.type != OrgType.COMMUNITY:
        raise InvalidInput({"org_id": N_("诊室须设在村（社区）")})
    if not name.strip():
        raise InvalidInput({"name": N_("请填写诊室名称")})
    if not starts_at < ends_at:
        raise InvalidInput({"ends_at": N_("结束时间须晚于开始时间")})
    clinic = ClinicRoom(
        org_id=community_id,
        name=name.strip()[:100],
        sessions_per_month=sessions_per_month,
        preferred_weekday=preferred_weekday,
        usual_provider_id=usual_provider_id,
        address=address,
        starts_at=starts_at,
        ends_at=ends_at,
    )
    session.add(clinic)
    session.flush()
    return clinic


def update_clinic(session: Session, clinic: ClinicRoom, data: dict[str, Any]) -> None:
    """Change a clinic's name, place, rhythm, hours or usual provider (定人)."""
    errors: dict[str, str] = {}
    name = _text(data, "name")
    if not name or len(name) > 100:
        errors["name"] = N_("请填写诊室名称（不超过100字）")
    sessions = _int(data, "sessions_per_month", errors, N_("每月接诊次数应为1至8之间的整数"), 1, 8)
    weekday = _text(data, "preferred_weekday")
    if weekday and weekday not in "01234":
        errors["preferred_weekday"] = N_("请选择周一至周五")
    try:
        starts = time.fromisoformat(_text(data, "starts_at"))
        ends = time.fromisoformat(_text(data, "ends_at"))
        if not starts < ends:
            errors["ends_at"] = N_("结束时间须晚于开始时间")
    except ValueError:
        errors["ends_at"] = N_("请填写有效的时间，如 09:00")
    usual = _text(data, "usual_provider_id")
    if usual and (not usual.isdigit() or session.get(ClinicProvider, int(usual)) is None):
        errors["usual_provider_id"] = N_("请选择名册中的律师")
    if errors:
        raise InvalidInput(errors)
    clinic.name = name
    clinic.address = _text(data, "address")[:200] or None
    clinic.sessions_per_month = sessions  # type: ignore[assignment]
    clinic.preferred_weekday = int(weekday) if weekday else None
    clinic.starts_at, clinic.ends_at = starts, ends
    clinic.usual_provider_id = int(usual) if usual else None
    clinic.active = data.get("active") == "on"
    touch(clinic)
    session.add(clinic)
    session.flush()


def add_unavailability(
    session: Session, provider: ClinicProvider, day: date, reason: str | None = None
) -> ClinicUnavailability:
    found = session.exec(
        select(ClinicUnavailability).where(
            ClinicUnavailability.provider_id == provider.id, ClinicUnavailability.day == day
        )
    ).first()
    if found is not None:
        return found
    row = ClinicUnavailability(
        provider_id=provider.id,  # type: ignore[arg-type]
        org_id=provider.org_id,
        day=day,
        reason=(reason or "")[:100] or None,
    )
    session.add(row)
    session.flush()
    return row


def remove_unavailability(session: Session, provider: ClinicProvider, day: date) -> None:
    found = session.exec(
        select(ClinicUnavailability).where(
            ClinicUnavailability.provider_id == provider.id, ClinicUnavailability.day == day
        )
    ).first()
    if found is not None:
        session.delete(found)
        session.flush()


def assign_adviser(
    session: Session,
    village_id: int,
    provider: ClinicProvider,
    since: date,
    *,
    max_villages: int,
    version: int | None = None,
) -> ClinicAdviserAssignment:
    """一村(居)一法律顾问: make *provider* the adviser of the village, replacing the old one.

    Refused when the provider already advises ``max_villages`` villages (a bureau setting).
    *version* is the village's assignment as the form showed it (0: none yet): when someone
    named an adviser since — a colleague, or this very form sent twice — the change is
    stale (409) instead of silently replacing theirs or answering "done" for nothing.
    ``None`` (the demo, a command) checks nothing.
    """
    village = session.get(OrgUnit, village_id)
    if village is None or village.type != OrgType.COMMUNITY:
        raise ClinicError("法律顾问只能联系村（社区）", "Advisers serve villages and communities")
    current = session.exec(
        select(ClinicAdviserAssignment).where(ClinicAdviserAssignment.org_id == village_id)
    ).first()
    if current is not None and version is not None:
        if version == 0:  # the form showed no adviser: one was named meanwhile
            raise StaleRecord(current, 0)
        lock_for_change(session, current, version)
    if current is not None and current.provider_id == provider.id:
        return current
    count = session.exec(
        select(func.count()).where(ClinicAdviserAssignment.provider_id == provider.id)
    ).one()
    if count >= max_villages:
        raise ClinicError(
            f"{provider.name}已联系{count}个村（居），达到上限{max_villages}个",
            f"{provider.name} already advises {count} villages (limit {max_villages})",
        )
    if current is None:
        current = ClinicAdviserAssignment(
            org_id=village_id,
            provider_id=provider.id,  # type: ignore[arg-type]
            since=since,
        )
        with conflict_on_duplicate(session, "ClinicAdviserAssignment"):  # named at once: 409
            session.add(current)
            session.flush()
        return current
    current.provider_id = provider.id  # type: ignore[assignment]
    current.since = since
    touch(current)
    session.add(current)
    session.flush()
    return current
