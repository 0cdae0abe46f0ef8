"""The core's own pages and endpoints: home, health, plugin status, language switch."""

from __future__ import annotations

from typing import Any

from litestar import Request, Response, get
from litestar.datastructures import Cookie
from litestar.exceptions import NotFoundException
from litestar.response import Redirect, Template
from sqlalchemy import text

from core.platform import Platform
from web.i18n import LOCALE_COOKIE, LOCALES
from web.link_access import may_open
from web.templating import resolve_href


def plugin_rows(platform: Platform) -> list[dict[str, Any]]:
    return [
        {
            "name": r.name,
            # the module's front page: its first navigation entry, else its mount point
            "href": resolve_href(
                r.name, r.contributions.navigation[0].href if r.contributions.navigation else ""
            ),
            "label_zh": r.label_zh,
            "label_en": r.label_en,
            "version": r.version,
            "distribution": r.distribution,
            "state": r.state.value,
            "reason": r.reason,
            "warnings": r.warnings,
        }
        for r in sorted(platform.host.records.values(), key=lambda r: r.name)
    ]


def module_cards(request: Request[Any, Any, Any], platform: Platform) -> list[dict[str, Any]]:
    """The home page's cards: a module on for the user's bureau, linking to the first of its
    pages the user may open (a card whose every page would answer 403 is not shown)."""
    user = request.scope.get("user")
    cards = []
    for r in sorted(platform.host.loaded(), key=lambda r: r.name):
        if user is None or r.name not in user.active_plugins:
            continue
        usable = [
            n
            for n in sorted(r.contributions.navigation, key=lambda n: n.order)
            if not n.permission or n.permission in user.permissions
        ]
        hrefs = [resolve_href(r.name, n.href) for n in usable] or [resolve_href(r.name, "")]
        href = next((h for h in hrefs if may_open(request, h)), None)
        if href is None:  # every page of the module would answer 403
            continue
        cards.append(
            {
                "name": r.name,
                "href": href,
                "label_zh": r.label_zh,
                "label_en": r.label_en,
            }
        )
    return cards


@get("/", name="home", sync_to_thread=False)
def home(request: Request[Any, Any, Any], platform: Platform) -> Template:
    return Template(
        "index.html",
        context={"plugins": plugin_rows(platform), "cards": module_cards(request, platform)},
    )


@get(
    "/admin/plugins",
    name="admin_plugins",
    opt={"permission": "core.modules.manage"},
    sync_to_thread=False,
)
def admin_plugins(platform: Platform) -> Template:
    return Template("admin/plugins.html", context={"plugins": plugin_rows(platform)})


@get("/healthz", name="healthz", opt={"public": True}, sync_to_thread=True)
def healthz(platform: Platform) -> Response[dict[str, str]]:
    """Liveness and database reachability, for load balancers and monitoring."""
    try:
        with platform.engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception:
        return Response({"status": "error", "database": "unreachable"}, status_code=503)
    return Response({"status": "ok", "database": "ok"})


@get("/lang/{code:str}", name="set_language", opt={"public": True}, sync_to_thread=False)
def set_language(request: Request[Any, Any, Any], code: str) -> Redirect:
    """Remember the user's language; harmless as a GET (a preference, no data)."""
    if code not in LOCALES:
        raise NotFoundException()
    referer = request.headers.get("referer", "/")
    back = referer if referer.startswith(str(request.base_url)) else "/"
    return Redirect(
        back, cookies=[Cookie(key=LOCALE_COOKIE, value=code, max_age=365 * 86400, samesite="lax")]
    )


@get("/api/v1/plugins", name="api_plugins", sync_to_thread=False)
def api_plugins(platform: Platform) -> list[dict[str, Any]]:
    """Installed plugins with their state (JSON)."""
    return plugin_rows(platform)


ROUTES = [home, admin_plugins, healthz, set_language, api_plugins]
