"""A person's cross-plugin timeline (人员综合时间线).

Each plugin knows what happened to a person in its own domain (a mediation case, a
correction term, a legal-aid application); the person page shows all of it in one list,
newest first, gathered through the ``sifa_person_timeline`` hook. A plugin that fails is
logged and left out: the person page never breaks because of one plugin.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from core.plugins import PluginHost

log = logging.getLogger(__name__)

HOOK_NAME = "sifa_person_timeline"


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """One event in a person's life as one plugin saw it.

    ``plugin`` is the plugin's name; ``kind_zh``/``kind_en`` label the kind of event
    ("调解案件" / "Mediation case"); ``title`` is the line shown (plain text, escaped when
    rendered); ``url`` is where the entry links to (a path inside the app, or "");
    ``org_id`` is the organisation the underlying row belongs to, so the page can show only
    entries the viewer may see.
    """

    when: date | datetime
    plugin: str
    kind_zh: str
    kind_en: str
    title: str
    url: str
    org_id: int


def _sort_key(entry: TimelineEntry) -> datetime:
    """Dates and datetimes on one scale: a bare date is its start of day, aware times UTC."""
    when = entry.when
    if not isinstance(when, datetime):
        return datetime.combine(when, time.min)
    offset = when.utcoffset()
    naive = when.replace(tzinfo=None)
    return naive - offset if offset is not None else naive


def _entries(plugin: str, result: Any) -> Iterable[TimelineEntry]:
    """Keep the well-formed entries of one plugin's answer; a wrong type is that plugin's bug."""
    if result is None:
        return []
    if not isinstance(result, list | tuple):
        log.error("plugin %s: %s returned %r, not a list; ignored", plugin, HOOK_NAME, result)
        return []
    good = [entry for entry in result if isinstance(entry, TimelineEntry)]
    if len(good) != len(result):
        log.error(
            "plugin %s: %s returned items that are not TimelineEntry; ignored them",
            plugin,
            HOOK_NAME,
        )
    return good


def person_timeline(
    host: PluginHost, session: Any, person_id: int, *, only: Collection[str] | None = None
) -> list[TimelineEntry]:
    """Every loaded plugin's entries for one person, newest first.

    *session* is the caller's database session, passed on so plugins read in the same
    transaction. *only*, when given, limits the call to those plugins (the ones active for
    the viewer's bureau). Filtering entries by what the viewer may see (``org_id``) is the
    page's job.
    """
    gathered: list[TimelineEntry] = []
    for plugin, result in host.call_collect(
        HOOK_NAME, only=only, person_id=person_id, session=session
    ):
        gathered.extend(_entries(plugin, result))
    return sorted(gathered, key=_sort_key, reverse=True)
