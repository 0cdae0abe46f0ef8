"""What a user can get wrong when changing the organisation tree (组织机构).

Each error carries a Simplified Chinese ``message`` for the user and ``message_en`` for the
English catalogue; ``str(error)`` is the Chinese message.
"""

from __future__ import annotations

__all__ = [
    "DuplicateDivisionCode",
    "HasActiveChildren",
    "InactiveOrg",
    "InvalidCommitteeKind",
    "InvalidDivisionCode",
    "InvalidImportOptions",
    "InvalidMove",
    "InvalidName",
    "InvalidParent",
    "NameTaken",
    "OrgError",
    "OrgNotFound",
    "UnknownOrgType",
]


class OrgError(Exception):
    """Base of every organisation-tree error a user can cause."""

    def __init__(self, message: str, message_en: str) -> None:
        self.message = message
        self.message_en = message_en
        super().__init__(message)

    def __str__(self) -> str:
        return self.message


class OrgNotFound(OrgError, LookupError):
    """No organisation has this id."""

    def __init__(self, org_id: int) -> None:
        self.org_id = org_id
        super().__init__(
            f"组织机构不存在（编号 {org_id}）", f"Organisation {org_id} does not exist"
        )


class InvalidName(OrgError, ValueError):
    """A blank or over-long name."""


class NameTaken(OrgError):
    """Another active organisation under the same parent already has this name."""

    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__(
            f"同一上级下已有名为“{name}”的机构",
            f"An organisation named {name!r} already exists here",
        )


class UnknownOrgType(OrgError, ValueError):
    """A type (or mediation committee kind) that sifa does not know."""


class InvalidParent(OrgError):
    """The type rules do not allow this type under that parent (or as a root)."""


class InvalidCommitteeKind(OrgError, ValueError):
    """A mediation committee without a kind, or a kind on anything else."""


class InvalidDivisionCode(OrgError, ValueError):
    """A division code of the wrong form for the organisation's type."""


class DuplicateDivisionCode(OrgError):
    """The official division code already belongs to another organisation."""

    def __init__(self, code: str, holder: str) -> None:
        self.code = code
        super().__init__(
            f"行政区划代码 {code} 已属于“{holder}”",
            f"Division code {code} already belongs to {holder!r}",
        )


class InactiveOrg(OrgError):
    """The parent (or the organisation reactivated under it) is deactivated."""


class HasActiveChildren(OrgError):
    """Deactivating a node that still has active children, without asking for the cascade."""

    def __init__(self, name: str, count: int) -> None:
        self.count = count
        super().__init__(
            f"“{name}”下还有 {count} 个在用的下级机构，请先停用或移走它们，或选择连同下级一并停用",
            f"{name!r} still has {count} active sub-units: deactivate or move them first, "
            "or deactivate the whole branch",
        )


class InvalidMove(OrgError):
    """A move that would put a node under itself or one of its descendants."""


class InvalidImportOptions(OrgError, ValueError):
    """Import options that contradict each other or are out of range."""
