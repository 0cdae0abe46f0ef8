"""Organisation types declared by plugins (``sifa_org_types``), beside the core's own.

The core's types (:class:`core.orgs.models.OrgType`) are the administrative spine and the
units every bureau has. A plugin adds the units of its own field — a notary office
(公证处), an arbitration committee — with their labels and the types they may sit under.
The column ``org_unit.type`` is a plain string, so a declared type needs no migration.

The host's declarations are installed once per process by :func:`use_declared_org_types`
(``Platform.boot``), like deadline rules: the rules of the tree are pure functions that
have no plugin host at hand.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["OrgTypeDecl", "check_org_types", "declared_org_types", "use_declared_org_types"]

_CODE = re.compile(r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$")
CODE_MAX = 32


@dataclass(frozen=True)
class OrgTypeDecl:
    """An organisation type a plugin adds to the tree (e.g. ``notary.office`` 公证处).

    ``code`` is ``"<plugin>.<name>"`` (at most 32 characters, stored in ``org_unit.type``);
    ``parents`` the types a unit of this type may be placed under — core type values
    (``"bureau"``, ``"station"``) or other declared codes; ``None`` among them lets it be a
    root. ``short_zh``/``short_en`` label the tree's badges (default: the labels). A
    declared type never carries a division code and is never a mediation committee.
    """

    code: str
    label_zh: str
    label_en: str
    parents: tuple[str | None, ...] = ("bureau",)
    short_zh: str = ""
    short_en: str = ""

    def __post_init__(self) -> None:
        if not _CODE.match(self.code) or len(self.code) > CODE_MAX:
            raise ValueError(
                f"organisation type {self.code!r} must be '<plugin>.<name>' in lower case, "
                f"at most {CODE_MAX} characters"
            )
        if not self.parents:
            raise ValueError(f"organisation type {self.code!r} names no parent type")


_declared: dict[str, OrgTypeDecl] = {}


def declared_org_types() -> Mapping[str, OrgTypeDecl]:
    """The plugin-declared types of this process, by code."""
    return _declared


def use_declared_org_types(types: Iterable[OrgTypeDecl]) -> None:
    """Install the loaded plugins' types (called by ``Platform.boot``)."""
    _declared.clear()
    _declared.update({t.code: t for t in types})


def check_org_types(owner: str, values: Any, core_codes: Iterable[str]) -> list[OrgTypeDecl]:
    """A plugin's declared types: the right kind, coded ``<owner>.…``, unique, and placed
    under types that exist (core ones or the plugin's own). Raises ValueError."""
    from core.scheduling.declarations import owned_declarations

    found = owned_declarations(owner, values, OrgTypeDecl, "code")
    known = set(core_codes) | {t.code for t in found}
    for decl in found:
        unknown = [p for p in decl.parents if p is not None and p not in known]
        if unknown and not all("." in p for p in unknown):
            raise ValueError(f"{decl.code!r}: unknown parent types {unknown}")
    return found
