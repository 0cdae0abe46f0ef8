"""Lifecycle events (业务事件): one plugin says what happened, others react.

The publisher does not know who listens. Listeners run in the publisher's transaction, each
inside a savepoint: a listener that raises is logged and its partial writes are rolled back,
while the publisher's own work and the other listeners' stand. Only plugins that are on at
the event's organisation hear it, so a module a bureau switched off stays silent there.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from core.audit.events import record_event
from core.modules.service import active_plugins

if TYPE_CHECKING:
    from sqlmodel import Session

    from core.plugins import PluginHost

__all__ = ["HOOK_NAME", "LifecycleEvent", "publish"]

log = logging.getLogger(__name__)

HOOK_NAME = "sifa_lifecycle_event"
_NAME = re.compile(r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_.]*$")


@dataclass(frozen=True)
class LifecycleEvent:
    """Something that happened in one module, e.g. ``publicity.assistant_attached``.

    ``name`` is ``"<plugin>.<what happened>"``; ``org_id`` the organisation the event belongs
    to (it decides who hears it); ``payload`` plain JSON-able values that the publisher
    documents; ``actor_id`` the staff account that caused it, if any.
    """

    name: str
    org_id: int
    payload: Mapping[str, Any] = field(default_factory=dict)
    actor_id: int | None = None

    def __post_init__(self) -> None:
        if not _NAME.match(self.name):
            raise ValueError(f"event {self.name!r} must be '<plugin>.<what happened>'")


def publish(session: Session, host: PluginHost, event: LifecycleEvent) -> list[str]:
    """Tell every plugin that is on at ``event.org_id``; returns the plugins that heard it.

    Audited as ``lifecycle.published`` with the listeners, so a missing reaction can be
    traced. The publisher itself is called too if it implements the hook.
    """
    caller = host.pm.hook.sifa_lifecycle_event
    impls = {impl.plugin_name: impl for impl in caller.get_hookimpls()}
    active = active_plugins(session, host, event.org_id)
    heard: list[str] = []
    for record in host.loaded():
        impl = impls.get(record.name)
        if impl is None or record.name not in active:
            continue
        arguments = {"session": session, "event": event}
        try:
            with session.begin_nested():
                impl.function(*(arguments[name] for name in impl.argnames))
        except Exception:  # one broken listener must not undo the publisher's work
            log.exception(
                "plugin %s: %s(%s) failed; rolled back", record.name, HOOK_NAME, event.name
            )
            continue
        if host.trace:
            log.info("hook %s[%s](%r)", HOOK_NAME, record.name, event)
        heard.append(record.name)
    record_event(
        session,
        "lifecycle.published",
        actor_id=event.actor_id,
        entity=event.name,
        entity_id=None,
        org_id=event.org_id,
        details={"listeners": heard},
    )
    return heard
