"""Hatch build hook: compile the gettext catalogues (``*/locale/*/LC_MESSAGES/*.po``) into
``.mo`` files inside the wheel. The ``.mo`` files are not committed; a checkout compiles them
on first use instead (core.i18n). Plugins carry a copy of this file (a build hook cannot
import sifa, which is not installed while a plugin is built)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CatalogueBuildHook(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel":
            return
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        root = Path(self.root)
        for po in sorted(root.glob("*/locale/*/LC_MESSAGES/*.po")):
            with po.open("rb") as handle:
                catalog = read_po(handle)
            mo = po.with_suffix(".mo")
            with mo.open("wb") as handle:
                write_mo(handle, catalog, use_fuzzy=False)
            build_data["artifacts"].append(mo.relative_to(root).as_posix())
