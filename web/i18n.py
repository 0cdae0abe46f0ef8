"""Simplified Chinese first, English too: the request's locale and the Jinja ``_()``.

The catalogues themselves are gettext ``.po`` files (``core.i18n``): the core's in
``web/locale``, one per plugin in its package. A template of a plugin looks in that plugin's
catalogue first, then the core's.
"""

from __future__ import annotations

from typing import Any

from jinja2 import pass_context

from core.i18n import LOCALES, ntranslate, translate
from core.i18n import request_locale as locale_of_request

__all__ = [
    "LOCALES",
    "LOCALE_COOKIE",
    "context_locale",
    "gettext",
    "ngettext",
    "request_locale",
    "translate",
]

LOCALE_COOKIE = "sifa_locale"


def request_locale(request: Any, default: str) -> str:
    """The user's choice (cookie), else the installation's default."""
    chosen = request.cookies.get(LOCALE_COOKIE) if request is not None else None
    return chosen if chosen in LOCALES else default


def context_locale(context: Any) -> str:
    """The locale of the request a template is rendered for."""
    if context.get("locale") in LOCALES:
        return str(context["locale"])
    request = context.get("request")
    if request is None:  # a macro library imported without context
        return locale_of_request.get()
    return str(request.scope.get("state", {}).get("locale", "zh"))


def template_domain(context: Any) -> str | None:
    """The plugin a template belongs to (``mediation/cases/detail.html`` → ``mediation``)."""
    name = getattr(context, "name", None) or ""
    return name.split("/", 1)[0] if "/" in name else None


@pass_context
def gettext(context: Any, text: str, **values: Any) -> str:
    """Jinja ``_()``: translate for the request's locale, then fill ``{name}`` values."""
    out = translate(text, context_locale(context), template_domain(context))
    return out.format(**values) if values else out


@pass_context
def ngettext(context: Any, singular: str, plural: str, n: int, **values: Any) -> str:
    """Jinja ``ngettext()``: the form for ``n``, with ``{n}`` and other values filled."""
    out = ntranslate(singular, plural, n, context_locale(context), template_domain(context))
    return out.format(n=n, **values)


def locale_middleware(default: str) -> Any:
    """ASGI middleware: the request's locale in ``core.i18n.request_locale`` for the whole
    request (handler threads and response rendering included), so macro libraries imported
    without context translate too."""
    from contextlib import suppress
    from http.cookies import SimpleCookie

    def wrap(app: Any) -> Any:
        async def middleware(scope: Any, receive: Any, send: Any) -> None:
            if scope["type"] != "http":
                await app(scope, receive, send)
                return
            cookie = SimpleCookie()
            for name, value in scope.get("headers", ()):
                if name == b"cookie":
                    with suppress(Exception):  # a malformed header: the default applies
                        cookie.load(value.decode("latin-1"))
            chosen = cookie[LOCALE_COOKIE].value if LOCALE_COOKIE in cookie else None
            token = locale_of_request.set(chosen if chosen in LOCALES else default)
            try:
                await app(scope, receive, send)
            finally:
                locale_of_request.reset(token)

        return middleware

    return wrap
