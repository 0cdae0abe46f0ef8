"""助诊: providers offered to publicity events (core hook ``sifa_event_assistants``) and the
events' attach/detach news (``publicity.assistant_attached`` / ``…_detached``) counted here.

Payload keys read: ``assistant_key`` (``"clinic.provider:<id>"``), ``event_id``,
``event_title``, ``day`` (ISO date), ``hours`` (float), ``url``. Keys of other modules'
assistants are ignored; repeated news is idempotent (one row per provider and event).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from clinic.models import ClinicAssist, ClinicProvider
from clinic.services.rota import providers_for
from core.api import EventAssistant

__all__ = ["KEY_PREFIX", "candidates", "on_event"]

KEY_PREFIX = "clinic.provider:"
ATTACHED = "publicity.assistant_attached"
DETACHED = "publicity.assistant_detached"


def candidates(session: Session, org_id: int, day: date) -> list[EventAssistant]:
    """The roster's providers who are not marked unavailable that day."""
    from clinic.models import ClinicUnavailability

    away = set(
        session.exec(
            select(ClinicUnavailability.provider_id).where(ClinicUnavailability.day == day)
        ).all()
    )
    return [
        EventAssistant(
            key=f"{KEY_PREFIX}{p.id}",
            name=p.name,
            practice_number=p.practice_number,
            detail="，".join(x for x in (p.firm, p.specialties) if x),
        )
        for p in providers_for(session, org_id)
        if p.id not in away
    ]


def _provider(session: Session, key: Any) -> ClinicProvider | None:
    text = str(key or "")
    if not text.startswith(KEY_PREFIX) or not text[len(KEY_PREFIX) :].isdigit():
        return None
    return session.get(ClinicProvider, int(text[len(KEY_PREFIX) :]))


def on_event(session: Session, name: str, org_id: int, payload: dict[str, Any]) -> None:
    if name not in (ATTACHED, DETACHED):
        return
    provider = _provider(session, payload.get("assistant_key"))
    if provider is None:
        return
    event_id = int(payload["event_id"])
    found = session.exec(
        select(ClinicAssist).where(
            ClinicAssist.provider_id == provider.id, col(ClinicAssist.event_id) == event_id
        )
    ).first()
    if name == DETACHED:
        if found is not None:
            session.delete(found)
            session.flush()
        return
    row = found or ClinicAssist(
        org_id=org_id,
        provider_id=provider.id,  # type: ignore[arg-type]
        event_id=event_id,
        event_title="",
        day=date.fromisoformat(str(payload["day"])),
    )
    row.event_title = str(payload.get("event_title") or "")[:200]
    row.day = date.fromisoformat(str(payload["day"]))
    row.hours = float(payload.get("hours") or 0)
    url = str(payload.get("url") or "")
    row.url = url[:200] if url.startswith("/") else None
    session.add(row)
    session.flush()
