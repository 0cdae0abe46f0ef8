"""Simplified Chinese first, English too.

Templates and code write user-facing text in Chinese and wrap it in ``_()``; the English
catalogue (``web/i18n/en.json``, plus one per plugin later) maps it. A missing entry falls
back to the Chinese text, so nothing ever shows a blank.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import pass_context

LOCALES = ("zh", "en")
LOCALE_COOKIE = "sifa_locale"
CATALOGUE_DIR = Path(__file__).parent / "i18n"


@cache
def catalogue(locale: str) -> dict[str, str]:
    path = CATALOGUE_DIR / f"{locale}.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def translate(text: str, locale: str) -> str:
    if locale == "zh":
        return text
    return catalogue(locale).get(text, text)


def request_locale(request: Any, default: str) -> str:
    """The user's choice (cookie), else the installation's default."""
    chosen = request.cookies.get(LOCALE_COOKIE) if request is not None else None
    return chosen if chosen in LOCALES else default


def context_locale(context: Any) -> str:
    """The locale of the request a template is rendered for."""
    if context.get("locale") in LOCALES:
        return str(context["locale"])
    request = context.get("request")
    state = request.scope.get("state", {}) if request is not None else {}
    return str(state.get("locale", "zh"))


@pass_context
def gettext(context: Any, text: str, **values: Any) -> str:
    """Jinja ``_()``: translate for the request's locale, then fill ``{name}`` values."""
    out = translate(text, context_locale(context))
    return out.format(**values) if values else out
