"""The Jinja2 environment: the app's templates first, then each plugin's, namespaced.

A plugin's loader answers only for names under its own prefix (``"mediation/..."``), so no
plugin can shadow the core's templates or another plugin's.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from jinja2 import (
    ChoiceLoader,
    Environment,
    FileSystemLoader,
    PrefixLoader,
    pass_context,
    select_autoescape,
)

from core.i18n import N_
from core.plugins import NavItem, PluginHost
from core.scheduling.deadlines import provisional_reason_of_note
from web.i18n import context_locale, gettext, ngettext
from web.link_access import may_open_in, nearest_open_in, permitted_links

TEMPLATE_DIR = Path(__file__).parent / "templates"


def build_environment(host: PluginHost) -> Environment:
    plugin_loaders = {
        record.name: FileSystemLoader(record.contributions.template_dir / record.name)
        for record in host.loaded()
        if record.contributions.template_dir is not None
    }
    env = Environment(
        loader=ChoiceLoader([FileSystemLoader(TEMPLATE_DIR), PrefixLoader(plugin_loaders, "/")]),
        autoescape=select_autoescape(default=True, default_for_string=True),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.globals["_"] = gettext
    env.globals["gettext"] = gettext
    env.globals["ngettext"] = ngettext
    env.globals["N_"] = N_
    env.globals["navigation"] = navigation(host)
    env.globals["current_locale"] = pass_context(context_locale)
    env.globals["provisional_reason"] = provisional_reason_of_note
    env.globals["may_open"] = may_open_in
    env.globals["nearest_open"] = nearest_open_in
    env.filters["permitted_links"] = permitted_links
    env.filters["local_time"] = local_time
    return env


BEIJING = timezone(timedelta(hours=8), "北京时间")  # China keeps one zone and no summer time


def local_time(value: datetime | None, fmt: str = "%Y-%m-%d %H:%M") -> str:
    """Jinja ``|local_time``: a stored (UTC) time as users read it, in Beijing time."""
    if value is None:
        return "—"
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(BEIJING).strftime(fmt)


def navigation(host: PluginHost) -> list[dict[str, Any]]:
    """Every loaded plugin's navigation entries, with hrefs resolved under its mount point."""
    items: list[tuple[NavItem, str, str]] = []
    for record in host.loaded():
        for item in record.contributions.navigation:
            items.append((item, resolve_href(record.name, item.href), record.name))
    items.sort(key=lambda entry: (entry[0].order, entry[0].label_zh))
    return [
        {
            "label_zh": i.label_zh,
            "label_en": i.label_en,
            "href": href,
            "permission": i.permission,
            "plugin": plugin,
        }
        for i, href, plugin in items
    ]


def resolve_href(plugin: str, href: str) -> str:
    """A plugin's relative link resolved under its mount point ``/m/<plugin>/``."""
    if href.startswith("/"):
        return href
    return f"/m/{plugin}/{href}"
