"""Developer tooling for the gettext catalogues: extract, update, compile, check.

One catalogue per package: the core's (sources ``core/`` and ``web/``, catalogue
``web/locale``, domain ``messages``) and one per plugin (its package directory, catalogue
``<package>/locale``, domain = plugin name). ``sifa i18n`` drives these; the completeness test
calls :func:`check`.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS
from babel.messages.extract import extract as extract_messages
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po, write_po
from babel.util import pathmatch

from core.i18n import CORE_DOMAIN, CORE_LOCALE_DIR, compile_catalogue, po_path

REPO = Path(__file__).resolve().parent.parent
MAPPING_FILE = REPO / "babel.cfg"
TARGET_LOCALES = ("en",)
#: ``_``/``gettext``/``ngettext``/``N_`` (Babel's defaults), lazy variants, and the core's
#: ``translate(text, locale)`` whose first argument is the msgid.
KEYWORDS = {
    **DEFAULT_KEYWORDS,
    "lazy_gettext": None,
    "lazy_ngettext": (1, 2),
    "translate": None,
    "ntranslate": (1, 2),
}
CJK = re.compile(r"[\u4e00-\u9fff]")
PLACEHOLDER = re.compile(r"\{(\w*)[^{}]*\}")


@dataclass(frozen=True)
class Package:
    """One catalogue and the sources it is extracted from."""

    domain: str
    sources: tuple[Path, ...]
    locale_dir: Path

    def po(self, locale: str) -> Path:
        return po_path(self.locale_dir, self.domain, locale)


def core_package() -> Package:
    return Package(CORE_DOMAIN, (REPO / "core", REPO / "web"), CORE_LOCALE_DIR)


def plugin_package(package_dir: Path, domain: str | None = None) -> Package:
    """A plugin's package (first-party or third-party): catalogue in ``<package>/locale``."""
    package_dir = package_dir.resolve()
    return Package(domain or package_dir.name, (package_dir,), package_dir / "locale")


def first_party() -> list[Package]:
    """The core and every plugin of this repository (``plugins/<name>/<name>/``)."""
    plugins = sorted(p for p in (REPO / "plugins").glob("*/*") if p.name == p.parent.name)
    return [core_package(), *(plugin_package(p) for p in plugins if (p / "plugin.py").is_file())]


def _method_map() -> tuple[list[tuple[str, str]], dict[str, dict[str, str]]]:
    with MAPPING_FILE.open(encoding="utf-8") as handle:
        return parse_mapping_cfg(handle)


def extract(package: Package) -> Catalog:
    """Every marked message of the package's sources (locations without line numbers)."""
    template = Catalog(project="sifa", domain=package.domain, fuzzy=False)
    for source in package.sources:
        for filename, method, options in _files(source):
            path = source / filename
            data = path.read_bytes()
            if not CJK.search(data.decode("utf-8", "replace")):
                continue  # msgids are Chinese source text: nothing to find (and much faster)
            for _lineno, message, comments, context in extract_messages(
                method, io.BytesIO(data), KEYWORDS, options=options, strip_comment_tags=True
            ):
                if not message or (isinstance(message, tuple) and not message[0]):
                    continue
                where = (Path(source.name) / filename).as_posix()
                template.add(
                    message, None, [(where, None)], auto_comments=comments, context=context
                )
    return template


def _files(source: Path) -> list[tuple[str, str, dict[str, str]]]:
    """The files of ``source`` babel.cfg maps to an extractor, as ``extract_from_dir`` would."""
    method_map, options_map = _method_map()
    found = []
    for path in sorted(source.rglob("*")):
        if not path.is_file() or any(
            part.startswith((".", "_")) and part != "__init__.py"
            for part in path.relative_to(source).parts[:-1]
        ):
            continue
        filename = path.relative_to(source).as_posix()
        for pattern, method in method_map:
            if pathmatch(pattern, filename):
                if method != "ignore":
                    found.append((filename, method, options_map.get(pattern, {})))
                break
    return found


def read(path: Path) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle)


def write(catalog: Catalog, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        write_po(handle, catalog, width=100, sort_output=True, include_lineno=False)


def update(package: Package, locales: Iterable[str] = TARGET_LOCALES) -> dict[str, int]:
    """Bring each locale's ``.po`` in line with the sources: new msgids added untranslated,
    vanished ones dropped (git keeps their history). Returns msgid counts per locale."""
    template = extract(package)
    counts = {}
    for locale in locales:
        path = package.po(locale)
        if path.is_file():
            catalog = read(path)
        else:
            catalog = Catalog(locale=locale, domain=package.domain, project="sifa")
        catalog.update(template, no_fuzzy_matching=True, update_header_comment=False)
        catalog.obsolete.clear()
        write(catalog, path)
        counts[locale] = sum(1 for m in catalog if m.id)
    return counts


def compile_all(package: Package, locales: Iterable[str] = TARGET_LOCALES) -> list[Path]:
    written = []
    for locale in locales:
        po = package.po(locale)
        if po.is_file():
            compile_catalogue(po, po.with_suffix(".mo"))
            written.append(po.with_suffix(".mo"))
    return written


@dataclass
class Problems:
    """What keeps a catalogue from being complete, by kind."""

    untranslated: list[str] = field(default_factory=list)
    fuzzy: list[str] = field(default_factory=list)
    stale: list[str] = field(default_factory=list)
    placeholders: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.untranslated or self.fuzzy or self.stale or self.placeholders)


def _msgid(message_id: str | tuple[str, ...]) -> str:
    return message_id[0] if isinstance(message_id, tuple) else message_id


def check(package: Package, locale: str = "en") -> Problems:
    """Every msgid of the sources translated (not fuzzy), with the same ``{name}`` values, and
    no entry left over for text the sources no longer have."""
    problems = Problems()
    wanted = {_msgid(m.id) for m in extract(package) if m.id}
    path = package.po(locale)
    catalog = read(path) if path.is_file() else Catalog(locale=locale)
    present = {}
    for message in catalog:
        if not message.id:
            continue
        present[_msgid(message.id)] = message
    problems.stale = sorted(set(present) - wanted) + sorted(_msgid(m) for m in catalog.obsolete)
    for msgid in sorted(wanted):
        message = present.get(msgid)
        strings = message.string if message is not None else None
        texts = list(strings) if isinstance(strings, tuple | list) else [strings]
        if message is None or not all(texts):
            problems.untranslated.append(msgid)
        elif message.fuzzy:
            problems.fuzzy.append(msgid)
        elif any(_names(t) != _names(msgid) for t in texts):
            problems.placeholders.append(msgid)
    return problems


def _names(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))
