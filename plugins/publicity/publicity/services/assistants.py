"""助诊: a clinic lawyer (or any professional another module offers) assists at an event.

Candidates come from ``core.api.event_assistants`` — whichever plugins are on for the event's
organisation answer; this module never imports them. Attaching or detaching publishes a
lifecycle event whose payload keys are fixed by the cross-plugin contract: ``assistant_key``,
``event_id``, ``event_title``, ``day`` (ISO date), ``hours`` (float) and ``url``.
"""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from core.api import (
    N_,
    EventAssistant,
    LifecycleEvent,
    event_assistants,
    lock_for_change,
    publish,
    touch,
)
from publicity.errors import InvalidInput, PublicityError
from publicity.models import PublicityEvent

__all__ = ["ATTACHED", "DETACHED", "attach_assistant", "candidates", "detach_assistant"]

ATTACHED = "publicity.assistant_attached"
DETACHED = "publicity.assistant_detached"


def candidates(session: Session, host: Any, event: PublicityEvent) -> list[EventAssistant]:
    return event_assistants(session, host, event.org_id, event.held_on)


def _payload(event: PublicityEvent) -> dict[str, Any]:
    return {
        "assistant_key": event.assistant_key,
        "event_id": event.id,
        "event_title": event.title,
        "day": event.held_on.isoformat(),
        "hours": float(event.assistant_hours or 0.0),
        "url": f"/m/publicity/events/{event.id}",
    }


def attach_assistant(
    session: Session,
    host: Any,
    event: PublicityEvent,
    *,
    key: str,
    hours: str,
    expected_version: int | None,
    actor_id: int | None,
) -> EventAssistant:
    """Name the assistant (one per event) and tell the module that offered them."""
    lock_for_change(session, event, expected_version)
    offered = {a.key: a for a in candidates(session, host, event)}
    errors: dict[str, str] = {}
    chosen = offered.get(key)
    if chosen is None:
        errors["assistant_key"] = N_("请从可选的助诊人员中选择")
    try:
        value = float(hours or 0)
        if not 0 < value <= 24:
            raise ValueError
    except ValueError:
        errors["hours"] = N_("助诊时长须为 0 到 24 之间的小时数")
        value = 0.0
    if errors:
        raise InvalidInput(errors)
    if event.assistant_key:
        raise PublicityError(
            N_("本活动已有助诊人员，请先解除"), "Detach the current assistant first"
        )
    assert chosen is not None
    event.assistant_key, event.assistant_name, event.assistant_hours = (
        chosen.key,
        chosen.name,
        value,
    )
    touch(event)
    session.add(event)
    session.flush()
    publish(
        session, host, LifecycleEvent(ATTACHED, event.org_id, _payload(event), actor_id=actor_id)
    )
    return chosen


def detach_assistant(
    session: Session,
    host: Any,
    event: PublicityEvent,
    *,
    expected_version: int | None,
    actor_id: int | None,
) -> None:
    lock_for_change(session, event, expected_version)
    if not event.assistant_key:
        raise PublicityError(N_("本活动没有助诊人员"), "No assistant to detach")
    payload = _payload(event)
    event.assistant_key, event.assistant_name, event.assistant_hours = None, "", None
    touch(event)
    session.add(event)
    session.flush()
    publish(session, host, LifecycleEvent(DETACHED, event.org_id, payload, actor_id=actor_id))
