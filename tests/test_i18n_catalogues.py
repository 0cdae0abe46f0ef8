"""The gettext catalogues are complete: every marked msgid of the core, the web layer and
every first-party plugin has an English translation (not fuzzy, same ``{name}`` values), no
catalogue keeps entries the sources lost, and templates carry no unmarked Chinese text.

Fix a failure with ``sifa i18n update`` and translating the new entries in the ``.po`` file.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from core.i18n import register_domain, translate
from core.i18n_tools import REPO, check, first_party

PACKAGES = first_party()
CJK = re.compile(r"[\u4e00-\u9fff]")
#: Printed official documents (文书): issued in Chinese whatever the reader's page language.
PRINTED = re.compile(r"/documents/|/plans/sheet\.html$|/clinic/sign\.html$|/cases/decision\.html$")
#: The language switcher names each language in itself.
NATIVE_NAMES = {"中文"}


def test_there_is_a_catalogue_for_the_core_and_every_first_party_plugin() -> None:
    assert {p.domain for p in PACKAGES} == {
        "messages",
        "clinic",
        "corrections",
        "legal_aid",
        "mediation",
        "publicity",
    }
    for package in PACKAGES:
        assert package.po("en").is_file(), package


@pytest.mark.parametrize("package", PACKAGES, ids=lambda p: p.domain)
def test_every_msgid_has_an_english_translation(package) -> None:
    problems = check(package, "en")
    report = "\n".join(
        f"{kind}: {msgid}"
        for kind in ("untranslated", "fuzzy", "stale", "placeholders")
        for msgid in getattr(problems, kind)
    )
    assert not problems, f"{package.po('en')} is not complete (run `sifa i18n update`):\n{report}"


def _unmarked_chinese(path: Path) -> list[str]:
    """Chinese in a template's text or in a string literal that no ``_()``/``N_()`` marks."""
    source = re.sub(r"\{#.*?#\}", "", path.read_text(encoding="utf-8"), flags=re.S)
    found, position = [], 0
    for tag in re.finditer(r"\{\{.*?\}\}|\{%.*?%\}", source, flags=re.S):
        found += _text_nodes(source[position : tag.start()])
        for literal in re.finditer(r"(\b(?:_|N_|gettext)\(\s*)?(\"[^\"]*\"|'[^']*')", tag.group()):
            if literal.group(1) is None and CJK.search(literal.group(2)):
                found.append(literal.group(2))
        position = tag.end()
    found += _text_nodes(source[position:])
    return [text for text in found if text not in NATIVE_NAMES]


def _text_nodes(html: str) -> list[str]:
    return [t.strip() for t in re.split(r"<[^>]*>", html) if CJK.search(t)]


def test_templates_have_no_unmarked_chinese_text() -> None:
    templates = [
        path
        for package in PACKAGES
        for source in package.sources
        for path in source.glob("**/templates/**/*.html")
        if not PRINTED.search(path.as_posix())
    ]
    assert len(templates) > 150
    unmarked = {
        path.relative_to(REPO).as_posix(): texts
        for path in templates
        if (texts := _unmarked_chinese(path))
    }
    assert not unmarked, unmarked


def test_a_plugin_template_looks_in_its_own_catalogue_first() -> None:
    for package in PACKAGES:
        register_domain(package.domain, package.locale_dir)
    assert translate("难易程度", "en", "mediation") == "Difficulty"
    assert translate("难易程度", "zh", "mediation") == "难易程度"
    assert translate("没有这条文字", "en", "mediation") == "没有这条文字"
