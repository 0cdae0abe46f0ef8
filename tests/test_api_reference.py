"""The ``core.api`` reference (docs/api-reference.md) is complete and current (issue 22)."""

from __future__ import annotations

import dataclasses
import importlib.util
import re
from pathlib import Path

import core.api as api
from core.plugins import CORE_API_VERSION

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("gen_api_docs", ROOT / "scripts" / "gen_api_docs.py")
gen_api_docs = importlib.util.module_from_spec(_spec)  # type: ignore[arg-type]
_spec.loader.exec_module(gen_api_docs)  # type: ignore[union-attr]


def sections(text: str) -> dict[str, str]:
    parts = re.split(r"^### (\S+)$", text, flags=re.M)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def test_the_generated_api_reference_is_up_to_date() -> None:
    on_disk = gen_api_docs.OUTPUT.read_text(encoding="utf-8")
    assert on_disk == gen_api_docs.render(), "run: uv run python scripts/gen_api_docs.py"


def test_it_lists_every_export_and_every_field_of_the_value_types() -> None:
    documented = sections(gen_api_docs.OUTPUT.read_text(encoding="utf-8"))
    assert set(documented) == set(api.__all__)
    for name in api.__all__:
        obj = getattr(api, name)
        if isinstance(obj, type) and dataclasses.is_dataclass(obj):
            for f in dataclasses.fields(obj):
                assert re.search(rf"^\| `{f.name}` \| `.+` \| `.+` \|$", documented[name], re.M), (
                    f"{name}.{f.name} is not in the reference"
                )


def test_the_changelog_has_an_entry_for_the_current_version_and_plugins_md_links_both() -> None:
    changelog = (ROOT / "docs" / "api-changelog.md").read_text(encoding="utf-8")
    major_minor = ".".join(CORE_API_VERSION.split(".")[:2])
    assert re.search(rf"^## {re.escape(major_minor)}\b", changelog, re.M)
    guide = (ROOT / "docs" / "plugins.md").read_text(encoding="utf-8")
    assert "(api-reference.md)" in guide and "(api-changelog.md)" in guide
