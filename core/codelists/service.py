"""Reading a code list as it applies at an organisation, and a bureau's changes to it.

The entries that apply at organisation X are the plugin's declared entries plus the
entries added by X and its ancestors; whether one is on is decided by the row of the
nearest organisation up the tree (declared and added entries are on by default). Every
read is one query over the rows of X's chain. Changes are audited by the session's
recorder like every core table.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlmodel import Session, col, select

from core.codelists.declarations import ENTRY_CODE, CodeEntry, CodeList
from core.codelists.models import CodeListEntry
from core.locking import DuplicateSubmission, conflict_on_duplicate, lock_for_change, touch
from core.orgs.models import OrgUnit
from core.orgs.tree import path_ids
from core.text import clean_free_text

__all__ = [
    "CodeListError",
    "EntryView",
    "UnknownCodeList",
    "add_code_entry",
    "code_choices",
    "code_entries",
    "code_label",
    "code_lists_of",
    "declared_code_lists",
    "is_active_code",
    "set_code_entry_active",
    "use_declared_code_lists",
]

LABEL_MAX = 100

_declared: dict[str, tuple[str, CodeList]] = {}


class CodeListError(ValueError):
    """A change the rules refuse; ``message`` (Chinese), ``message_en`` and ``field``."""

    def __init__(self, message: str, message_en: str, field: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.message_en = message_en
        self.field = field


class UnknownCodeList(CodeListError):
    """No loaded plugin declares that list (a typo, or its plugin was uninstalled)."""

    def __init__(self, code: str) -> None:
        super().__init__(f"没有“{code}”这一代码表", f"No code list {code!r} is declared")


@dataclass(frozen=True)
class EntryView:
    """An entry as it applies at one organisation: where it comes from and whether it is on.

    ``origin_org_id`` is None for an entry the plugin declares; ``switched_at`` the
    organisation whose row decides ``active`` (None: nobody switched it).
    """

    code: str
    label_zh: str
    label_en: str
    position: int
    active: bool
    origin_org_id: int | None
    switched_at: int | None

    def label(self, locale: str = "zh") -> str:
        return self.label_en if locale == "en" and self.label_en else self.label_zh


def use_declared_code_lists(lists: Iterable[tuple[str, CodeList]]) -> None:
    """Install the loaded plugins' lists, as (plugin, list) pairs (``Platform.boot``)."""
    _declared.clear()
    _declared.update({cl.code: (plugin, cl) for plugin, cl in lists})


def declared_code_lists() -> Mapping[str, tuple[str, CodeList]]:
    """Every declared list of this process by code, with the plugin declaring it."""
    return _declared


def code_lists_of(host: object) -> list[tuple[str, CodeList]]:
    """Every loaded plugin's declared code lists (for ``use_declared_code_lists``)."""
    return [
        (record.name, cl)
        for record in host.loaded()  # type: ignore[attr-defined]
        for cl in record.contributions.code_lists
    ]


def _list(list_code: str) -> CodeList:
    found = _declared.get(list_code)
    if found is None:
        raise UnknownCodeList(list_code)
    return found[1]


def _chain(session: Session, org_id: int | None) -> list[int]:
    """*org_id* and its ancestors, nearest first."""
    if org_id is None:
        return []
    org = session.get(OrgUnit, org_id)
    if org is None:
        return []
    return list(reversed(path_ids(org.path))) or [org_id]


def code_entries(
    session: Session, list_code: str, org_id: int | None, *, include_inactive: bool = False
) -> list[EntryView]:
    """The entries of *list_code* that apply at *org_id*, ordered by position then code
    (declared entries only, when *org_id* is None)."""
    declared = _list(list_code)
    chain = _chain(session, org_id)
    rank = {oid: i for i, oid in enumerate(chain)}
    rows = (
        session.exec(
            select(CodeListEntry).where(
                CodeListEntry.list_code == list_code, col(CodeListEntry.org_id).in_(chain)
            )
        ).all()
        if chain
        else []
    )
    rows = sorted(rows, key=lambda r: rank[r.org_id])  # nearest organisation first
    entries: dict[str, EntryView] = {
        e.code: EntryView(e.code, e.label_zh, e.label_en, e.position, True, None, None)
        for e in declared.entries
    }
    for row in reversed(rows):  # the highest addition of a code defines it
        if row.label_zh and row.code not in entries:
            entries[row.code] = EntryView(
                row.code, row.label_zh, row.label_en, row.position, True, row.org_id, None
            )
    result = []
    for entry in entries.values():
        switch = next((r for r in rows if r.code == entry.code), None)
        if switch is not None:
            entry = EntryView(
                entry.code,
                entry.label_zh,
                entry.label_en,
                entry.position,
                switch.active,
                entry.origin_org_id,
                switch.org_id,
            )
        if include_inactive or entry.active:
            result.append(entry)
    return sorted(result, key=lambda e: (e.position, e.code))


def code_choices(
    session: Session, list_code: str, org_id: int | None, locale: str = "zh"
) -> list[tuple[str, str]]:
    """``(code, label)`` of the entries on at *org_id*, for a form's select."""
    return [(e.code, e.label(locale)) for e in code_entries(session, list_code, org_id)]


def is_active_code(session: Session, list_code: str, code: str, org_id: int | None) -> bool:
    """Whether a form at *org_id* may store *code* now."""
    return any(e.code == code for e in code_entries(session, list_code, org_id))


def code_label(
    session: Session | None,
    list_code: str,
    code: str | None,
    org_id: int | None = None,
    locale: str = "zh",
) -> str:
    """The label of a stored *code* (also of an entry switched off since); the code itself
    when nobody knows it any more. Without a session only declared entries are read."""
    if not code:
        return ""
    found = _declared.get(list_code)
    if found is not None:
        for entry in found[1].entries:
            if entry.code == code:
                return entry.label_en if locale == "en" and entry.label_en else entry.label_zh
    if session is not None and org_id is not None and found is not None:
        for view in code_entries(session, list_code, org_id, include_inactive=True):
            if view.code == code:
                return view.label(locale)
    return code


def add_code_entry(
    session: Session,
    list_code: str,
    org_id: int,
    *,
    code: str,
    label_zh: str,
    label_en: str = "",
    position: int = 0,
) -> CodeListEntry:
    """A bureau's own entry for its subtree; the code must be new along its chain."""
    declared = _list(list_code)
    if not declared.extensible:
        raise CodeListError(
            f"“{declared.label_zh}”由业务模块统一规定，不能增加本地条目",
            f"{declared.label_en} is fixed by its module; no local entries",
            "code",
        )
    code = (code or "").strip()
    if not ENTRY_CODE.match(code):
        raise CodeListError(
            "代码须为 1 至 40 位字母、数字、下划线或连字符",
            "The code must be 1 to 40 letters, digits, _ or -",
            "code",
        )
    zh = clean_free_text(label_zh or "").strip()
    en = clean_free_text(label_en or "").strip()
    if not zh:
        raise CodeListError("请填写中文名称", "Enter the Chinese label", "label_zh")
    for value, field in ((zh, "label_zh"), (en, "label_en")):
        if len(value) > LABEL_MAX:
            raise CodeListError(
                f"名称不能超过 {LABEL_MAX} 个字", f"At most {LABEL_MAX} characters", field
            )
    known = {e.code for e in code_entries(session, list_code, org_id, include_inactive=True)}
    taken = session.exec(
        select(CodeListEntry.id).where(
            CodeListEntry.list_code == list_code,
            CodeListEntry.org_id == org_id,
            CodeListEntry.code == code,
        )
    ).first()
    if code in known or taken is not None:
        raise CodeListError(
            f"代码“{code}”已被使用，请换一个", f"The code {code!r} is already in use", "code"
        )
    row = CodeListEntry(
        list_code=list_code,
        org_id=org_id,
        code=code,
        label_zh=zh,
        label_en=en,
        position=position,
    )
    with conflict_on_duplicate(session, "CodeListEntry"):
        session.add(row)
        session.flush()
    return row


def set_code_entry_active(
    session: Session,
    list_code: str,
    org_id: int,
    code: str,
    active: bool,
    *,
    expected_version: int | None = None,
) -> CodeListEntry:
    """Switch an entry on or off for *org_id*'s subtree (its own row; created if needed).
    *expected_version* is the version of the organisation's row the form was loaded with
    (0: it had none); a different one raises :class:`core.locking.StaleRecord`."""
    if not any(
        e.code == code for e in code_entries(session, list_code, org_id, include_inactive=True)
    ):
        raise CodeListError(f"没有代码“{code}”", f"No entry {code!r}", "code")
    row = session.exec(
        select(CodeListEntry).where(
            CodeListEntry.list_code == list_code,
            CodeListEntry.org_id == org_id,
            CodeListEntry.code == code,
        )
    ).first()
    if row is None:
        if expected_version:  # the form saw a row that is gone now
            raise DuplicateSubmission("CodeListEntry")
        row = CodeListEntry(list_code=list_code, org_id=org_id, code=code, active=active)
        with conflict_on_duplicate(session, "CodeListEntry"):
            session.add(row)
            session.flush()
        return row
    row = lock_for_change(session, row, expected_version)
    row.active = active
    touch(row, datetime.now(UTC))
    session.add(row)
    session.flush()
    return row


def entry_of(declared: CodeList, code: str) -> CodeEntry | None:
    return next((e for e in declared.entries if e.code == code), None)
