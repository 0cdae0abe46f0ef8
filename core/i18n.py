"""gettext catalogues: the core's and one per plugin, Chinese source text as the msgid.

Code and templates write user-facing text in Chinese and mark it (``_()``, ``gettext``,
``N_()`` for text translated later); the English catalogues map it. A missing entry falls back
to the Chinese text, so nothing ever shows a blank.

Catalogues live in ``<dir>/<locale>/LC_MESSAGES/<domain>.po``: the core's in ``web/locale``
(domain ``messages``), a plugin's in ``<its package>/locale`` (domain = the plugin's name),
found by convention when the plugin loads. The ``.mo`` files are compiled by the package build
(``hatch_build.py``); in a checkout a missing or stale ``.mo`` is compiled from its ``.po`` on
first use, so editing a ``.po`` needs no extra step.
"""

from __future__ import annotations

import gettext as _gettext
import io
import logging
import threading
from contextvars import ContextVar
from pathlib import Path

LOCALES = ("zh", "en")
SOURCE_LOCALE = "zh"
CORE_DOMAIN = "messages"
CORE_LOCALE_DIR = Path(__file__).resolve().parent.parent / "web" / "locale"

log = logging.getLogger(__name__)

_lock = threading.Lock()
#: domain -> locale directory, the core's first; plugins add theirs when they load.
_dirs: dict[str, Path] = {CORE_DOMAIN: CORE_LOCALE_DIR}
_loaded: dict[tuple[str, str], _gettext.NullTranslations] = {}
#: The locale of the request being handled: templates imported without context (macro
#: libraries) and code far from the request read it.
request_locale: ContextVar[str] = ContextVar("sifa_request_locale", default=SOURCE_LOCALE)


def N_(text: str) -> str:
    """Mark text for extraction where it is defined; it is translated where it is shown."""
    return text


def current_locale() -> str:
    """The locale of the request being handled (``zh`` outside a request)."""
    return request_locale.get()


def register_domain(domain: str, locale_dir: Path) -> None:
    """Make a plugin's catalogue (``locale_dir/<locale>/LC_MESSAGES/<domain>.po``) known."""
    with _lock:
        if _dirs.get(domain) != locale_dir:
            _dirs[domain] = locale_dir
            for key in [k for k in _loaded if k[0] == domain]:
                del _loaded[key]


def domains() -> dict[str, Path]:
    return dict(_dirs)


def reset() -> None:
    """Forget loaded catalogues (tests, or after ``sifa i18n compile``)."""
    with _lock:
        _loaded.clear()


def po_path(locale_dir: Path, domain: str, locale: str) -> Path:
    return locale_dir / locale / "LC_MESSAGES" / f"{domain}.po"


def compile_catalogue(po: Path, mo: Path | None = None) -> bytes:
    """The ``.mo`` bytes of a ``.po`` (fuzzy entries left out), written to ``mo`` if given."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po.open("rb") as handle:
        catalog = read_po(handle)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    data = buffer.getvalue()
    if mo is not None:
        mo.write_bytes(data)
    return data


def is_stale(po: Path) -> bool:
    mo = po.with_suffix(".mo")
    return not mo.is_file() or mo.stat().st_mtime < po.stat().st_mtime


def _load(domain: str, locale: str) -> _gettext.NullTranslations:
    locale_dir = _dirs.get(domain)
    if locale_dir is None:
        return _gettext.NullTranslations()
    po = po_path(locale_dir, domain, locale)
    mo = po.with_suffix(".mo")
    if po.is_file() and is_stale(po):
        try:  # a checkout: compile once and keep it; a read-only install compiles in memory
            data = compile_catalogue(po, mo)
        except OSError:
            data = compile_catalogue(po)
        return _gettext.GNUTranslations(io.BytesIO(data))
    if mo.is_file():
        with mo.open("rb") as handle:
            return _gettext.GNUTranslations(handle)
    return _gettext.NullTranslations()


def catalogue(domain: str, locale: str) -> _gettext.NullTranslations:
    key = (domain, locale)
    found = _loaded.get(key)
    if found is None:
        with _lock:
            found = _loaded.get(key)
            if found is None:
                try:
                    found = _load(domain, locale)
                except Exception:  # a broken catalogue must not break the page: Chinese shows
                    log.exception("catalogue %s/%s could not be loaded", domain, locale)
                    found = _gettext.NullTranslations()
                _loaded[key] = found
    return found


def _chain(domain: str | None) -> list[str]:
    """The plugin's own catalogue first, then the core's, then the other plugins'."""
    order = [domain] if domain in _dirs else []
    order += [CORE_DOMAIN] if domain != CORE_DOMAIN else []
    order += [d for d in _dirs if d not in order]
    return order


def translate(text: str, locale: str, domain: str | None = None) -> str:
    """``text`` (a Chinese msgid) in ``locale``; the Chinese itself when no catalogue has it."""
    if locale == SOURCE_LOCALE or not text:
        return text
    for name in _chain(domain):
        found = getattr(catalogue(name, locale), "_catalog", {}).get(text)
        if found:
            return str(found)
    return text


def ntranslate(singular: str, plural: str, n: int, locale: str, domain: str | None = None) -> str:
    """Plural-aware translation; Chinese has one form, so ``singular`` is the source."""
    if locale == SOURCE_LOCALE:
        return singular
    for name in _chain(domain):
        translations = catalogue(name, locale)
        if (singular, 0) in getattr(translations, "_catalog", {}):
            return translations.ngettext(singular, plural, n)
    return singular if n == 1 else plural
