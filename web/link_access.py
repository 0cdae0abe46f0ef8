"""Would following this link end in 403? Pages ask before they draw a link.

Inbox items and notifications carry a URL chosen when they were made, for whoever acts on
them; a bureau leader sees the same items as the clerk but may not open the clerk's forms
(a key date's "登记活动" form, a subject's intake form). :func:`may_open` resolves the URL
to its route the way the router will and checks the same permission and module the route
guard checks, so the page shows the title without a link instead of a link to a 403.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from jinja2 import pass_context
from markupsafe import Markup

from web.guards import PLUGIN, PUBLIC, permissions_of

__all__ = ["may_open", "may_open_in", "nearest_open", "nearest_open_in", "permitted_links"]

_LINK = re.compile(r"<a\b[^>]*?\bhref=\"([^\"]*)\"[^>]*>.*?</a>", re.S)


def may_open(request: Any, url: str | None) -> bool:
    """True when the signed-in user passes the guard of the GET route *url* names (a URL
    that leaves the platform or names no route is left to the browser: True)."""
    if not url:
        return False
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return True
    user = request.scope.get("user") if request is not None else None
    try:
        _app, handler, *_rest = request.app.asgi_router.handle_routing(
            path=parts.path.rstrip("/") or "/", method="GET"
        )
    except Exception:
        return True
    opt = getattr(handler, "opt", {}) or {}
    if opt.get(PUBLIC):
        return True
    if user is None:
        return False
    permissions = permissions_of(opt)  # one code, or several of which any one suffices
    if permissions and not any(user.can(p) for p in permissions):
        return False
    plugin = opt.get(PLUGIN)
    return not (plugin and plugin not in user.active_plugins)


def _has_route(request: Any, path: str) -> bool:
    try:
        request.app.asgi_router.handle_routing(path=path, method="GET")
    except Exception:
        return False
    return True


def nearest_open(request: Any, url: str | None) -> str | None:
    """*url* when the user may open it, else the nearest page above it that the user may
    (a key date's "登记活动" form → the module's list of events), else None. An inbox item
    made for the clerk still takes the leader somewhere useful, never to a 403."""
    if not url:
        return None
    if may_open(request, url):
        return url
    path = urlsplit(url).path.rstrip("/")
    while path.count("/") > 1:
        path = path.rsplit("/", 1)[0]
        if _has_route(request, path) and may_open(request, path):
            return path
    return None


@pass_context
def nearest_open_in(context: Any, url: str | None) -> str | None:
    """Jinja ``nearest_open(url)``, for the template's request."""
    return nearest_open(context.get("request"), url)


@pass_context
def may_open_in(context: Any, url: str | None) -> bool:
    """Jinja ``may_open(url)``, for the template's request."""
    return may_open(context.get("request"), url)


@pass_context
def permitted_links(context: Any, html: str) -> Markup:
    """Jinja ``{% filter permitted_links %}…{% endfilter %}``: the block without the links
    the user may not open. A module's menu or action bar wraps its links in it, so one rule
    (the route guard's) decides every link there, whatever each template remembers."""
    request = context.get("request")
    kept = _LINK.sub(lambda m: m.group(0) if may_open(request, m.group(1)) else "", str(html))
    return Markup(kept)
