"""The rules of the organisation tree: which type hangs under which, names, codes, kinds.

The administrative spine is province department (省司法厅) > city bureau (市司法局) >
county/district bureau (县/区司法局) > township/street station (乡镇/街道司法所) >
village/community (村/社区). A province department is always a root; a city bureau is a
root or under its province department; a bureau is under its city bureau, under the
province department (counties the province runs directly, 省直辖县), or a root wherever
nothing is set up above it. Attached
units (mediation committees, law firms, legal-service offices, legal-aid centres, public
legal-service centres, clinic rooms) hang off any spine node and have nothing under them.

Only spine nodes carry an official division code, of the length of their level: 2 digits
for a province, 4 for a city, 6 for a county-level area, 9 for a township, 12 for a village.

These functions are pure: they raise an :class:`~core.orgs.errors.OrgError` or return the
cleaned value.
"""

from __future__ import annotations

from core.orgs.errors import (
    InvalidCommitteeKind,
    InvalidDivisionCode,
    InvalidName,
    InvalidParent,
    UnknownOrgType,
)
from core.orgs.models import CommitteeKind, OrgType
from core.orgs.types import declared_org_types

__all__ = [
    "ATTACHED_TYPES",
    "COMMITTEE_KIND_LABELS",
    "DIVISION_CODE_LENGTH",
    "NAME_MAX_LENGTH",
    "SPINE_TYPES",
    "TYPE_LABELS",
    "all_types",
    "allowed_parent_types",
    "check_parent",
    "clean_committee_kind",
    "clean_division_code",
    "clean_name",
    "parse_type",
    "type_labels",
]

NAME_MAX_LENGTH = 100

#: Chinese and English label of each type, for messages and pages.
TYPE_LABELS: dict[OrgType, tuple[str, str]] = {
    OrgType.PROVINCE: ("省司法厅", "provincial department of justice"),
    OrgType.CITY_BUREAU: ("市司法局", "city justice bureau"),
    OrgType.BUREAU: ("县（区）司法局", "county/district justice bureau"),
    OrgType.STATION: ("司法所", "justice station"),
    OrgType.COMMUNITY: ("村（社区）", "village/community"),
    OrgType.MEDIATION_COMMITTEE: ("人民调解委员会", "people's mediation committee"),
    OrgType.LAW_FIRM: ("律师事务所", "law firm"),
    OrgType.LEGAL_SERVICE_OFFICE: ("基层法律服务所", "basic legal-service office"),
    OrgType.LEGAL_AID_CENTRE: ("法律援助中心", "legal-aid centre"),
    OrgType.PUBLIC_LEGAL_SERVICE_CENTRE: (
        "公共法律服务中心（工作站）",
        "public legal-service centre/workstation",
    ),
    OrgType.CLINIC_ROOM: ("法律服务诊室", "legal clinic room"),
}

COMMITTEE_KIND_LABELS: dict[CommitteeKind, tuple[str, str]] = {
    CommitteeKind.VILLAGE: ("村（居）调委会", "village/residents' committee"),
    CommitteeKind.TOWNSHIP: ("乡镇（街道）调委会", "township/street committee"),
    CommitteeKind.ENTERPRISE: ("企事业单位调委会", "enterprise committee"),
    CommitteeKind.TRAFFIC: ("交通事故纠纷调委会", "traffic accident committee"),
    CommitteeKind.MEDICAL: ("医疗纠纷调委会", "medical dispute committee"),
    CommitteeKind.LABOUR: ("劳动争议调委会", "labour dispute committee"),
    CommitteeKind.PROPERTY: ("物业纠纷调委会", "property management committee"),
    CommitteeKind.FAMILY: ("婚姻家庭纠纷调委会", "marriage and family committee"),
    CommitteeKind.OTHER_PROFESSIONAL: ("其他行业性专业性调委会", "other professional committee"),
}

SPINE_TYPES: tuple[OrgType, ...] = (
    OrgType.PROVINCE,
    OrgType.CITY_BUREAU,
    OrgType.BUREAU,
    OrgType.STATION,
    OrgType.COMMUNITY,
)
ATTACHED_TYPES: tuple[OrgType, ...] = tuple(t for t in OrgType if t not in SPINE_TYPES)

DIVISION_CODE_LENGTH: dict[OrgType, int] = {
    OrgType.PROVINCE: 2,
    OrgType.CITY_BUREAU: 4,
    OrgType.BUREAU: 6,
    OrgType.STATION: 9,
    OrgType.COMMUNITY: 12,
}

# ``None`` in a set means "may be a root".
_PARENTS: dict[OrgType, frozenset[OrgType | None]] = {
    OrgType.PROVINCE: frozenset({None}),
    OrgType.CITY_BUREAU: frozenset({None, OrgType.PROVINCE}),
    OrgType.BUREAU: frozenset({None, OrgType.CITY_BUREAU, OrgType.PROVINCE}),
    OrgType.STATION: frozenset({OrgType.BUREAU}),
    OrgType.COMMUNITY: frozenset({OrgType.STATION}),
    **{t: frozenset(SPINE_TYPES) for t in ATTACHED_TYPES},
}


def type_labels(type_: OrgType | str) -> tuple[str, str]:
    """Chinese and English label of a core or plugin-declared type; an unknown code (its
    plugin was uninstalled) is shown as it is stored."""
    try:
        return TYPE_LABELS[OrgType(type_)]
    except ValueError:
        decl = declared_org_types().get(str(type_))
        return (decl.label_zh, decl.label_en) if decl else (str(type_), str(type_))


def _zh(type_: OrgType | str) -> str:
    return type_labels(type_)[0]


def _en(type_: OrgType | str) -> str:
    return type_labels(type_)[1]


def as_type(value: OrgType | str) -> OrgType | str:
    """*value* as an :class:`OrgType` when it is a core type, else the plugin's code."""
    try:
        return OrgType(value)
    except ValueError:
        return str(value)


def all_types() -> list[OrgType | str]:
    """Every type a new unit may have: the core's, then the plugins' declared ones."""
    return [*OrgType, *declared_org_types()]


def parse_type(value: OrgType | str) -> OrgType | str:
    """The :class:`OrgType` named by *value*, a plugin-declared type's code, or
    :class:`UnknownOrgType`."""
    try:
        return OrgType(value)
    except ValueError:
        if str(value) in declared_org_types():
            return str(value)
        raise UnknownOrgType(
            f"未知的机构类型“{value}”", f"Unknown organisation type {value!r}"
        ) from None


def allowed_parent_types(type_: OrgType | str) -> frozenset[OrgType | str | None]:
    """The parent types *type_* may hang under; ``None`` when it may be a root. A plugin's
    type may hang under the types it names; nothing may hang under an unknown type."""
    core = _PARENTS.get(as_type(type_))  # type: ignore[call-overload]
    if core is not None:
        return core  # type: ignore[return-value]
    decl = declared_org_types().get(str(type_))
    if decl is None:
        return frozenset()
    return frozenset(as_type(p) if p is not None else None for p in decl.parents)


def check_parent(type_: OrgType | str, parent_type: OrgType | str | None) -> None:
    """Refuse a *type_* node under a *parent_type* node (``None``: as a root)."""
    allowed = allowed_parent_types(type_)
    if (as_type(parent_type) if parent_type is not None else None) in allowed:
        return
    if type_ is OrgType.PROVINCE:
        raise InvalidParent(
            "省司法厅只能作为最上级机构，不能设在其他机构之下",
            "A provincial department of justice is always a root and cannot be placed under "
            "another unit",
        )
    if type_ is OrgType.CITY_BUREAU:
        raise InvalidParent(
            "市司法局只能作为最上级机构或设在省司法厅之下",
            "A city justice bureau is a root or under a provincial department of justice",
        )
    named = [t for t in allowed if t is not None]
    if type_ in ATTACHED_TYPES:
        zh_allowed, en_allowed = "司法局、司法所或村（社区）", "a bureau, station or village"
    else:
        zh_allowed = "或".join(sorted(_zh(t) for t in named)) or "（无）"
        en_allowed = " or ".join(sorted(_en(t) for t in named)) or "(none)"
    if parent_type is None:
        raise InvalidParent(
            f"{_zh(type_)}必须设在{zh_allowed}之下", f"A {_en(type_)} must be under {en_allowed}"
        )
    raise InvalidParent(
        f"{_zh(type_)}不能设在{_zh(parent_type)}之下，其上级应为{zh_allowed}",
        f"A {_en(type_)} cannot be under a {_en(parent_type)}; its parent must be {en_allowed}",
    )


def clean_name(name: str) -> str:
    """The name without surrounding blanks; refuses empty and over-long names."""
    cleaned = (name or "").strip()
    if not cleaned:
        raise InvalidName("机构名称不能为空", "The organisation name must not be blank")
    if len(cleaned) > NAME_MAX_LENGTH:
        raise InvalidName(
            f"机构名称不能超过 {NAME_MAX_LENGTH} 个字（现为 {len(cleaned)} 个）",
            f"The organisation name must not exceed {NAME_MAX_LENGTH} characters "
            f"(it has {len(cleaned)})",
        )
    return cleaned


def clean_division_code(type_: OrgType | str, code: str | None) -> str | None:
    """The code without blanks, checked against the type's level; ``None`` when absent."""
    cleaned = (code or "").strip()
    if not cleaned:
        return None
    length = DIVISION_CODE_LENGTH.get(type_)  # type: ignore[call-overload]
    if length is None:
        raise InvalidDivisionCode(
            f"{_zh(type_)}没有行政区划代码，只有司法局、司法所和村（社区）才有",
            f"A {_en(type_)} has no division code; only bureaus, stations and villages do",
        )
    if len(cleaned) != length or not (cleaned.isascii() and cleaned.isdigit()):
        raise InvalidDivisionCode(
            f"{_zh(type_)}的行政区划代码应为 {length} 位数字（收到“{cleaned}”）",
            f"The division code of a {_en(type_)} must be {length} digits (got {cleaned!r})",
        )
    return cleaned


def clean_committee_kind(
    type_: OrgType | str, kind: CommitteeKind | str | None
) -> CommitteeKind | None:
    """The kind of a mediation committee (required); ``None`` for every other type."""
    if type_ is not OrgType.MEDIATION_COMMITTEE:
        if kind:
            raise InvalidCommitteeKind(
                f"只有人民调解委员会才有调委会类别，{_zh(type_)}没有",
                f"Only a mediation committee has a committee kind, a {_en(type_)} does not",
            )
        return None
    if not kind:
        raise InvalidCommitteeKind(
            "请选择调委会类别（村、乡镇、企事业单位或行业性专业性）",
            "Choose the committee kind (village, township, enterprise or professional)",
        )
    try:
        return CommitteeKind(kind)
    except ValueError:
        raise InvalidCommitteeKind(
            f"未知的调委会类别“{kind}”", f"Unknown committee kind {kind!r}"
        ) from None
