"""Official division changes (区划变更) applied to the organisation tree.

The Ministry of Civil Affairs publishes each year the changes of county-level divisions
(县级以上行政区划变更情况) and provinces publish township changes (撤乡设镇, 撤销合并, 更名,
代码变更). A bureau types or pastes them into a *change file*: CSV, UTF-8, one header row,
one change per row (see ``docs/orgs.md``):

========== ================ =====================================================
column     header (either)  meaning
========== ================ =====================================================
生效日期   effective_on     the day the change took effect (2026-01-01, 2026/1/1,
                            2026年1月1日)
类型       kind             更名 · 合并 · 撤销 · 新设 · 代码变更 · 隶属变更 (or rename,
                            merge, abolish, create, recode, move; common wordings such
                            as 撤乡设镇 and 撤销合并 are accepted as typed)
原代码     old_code         the unit's code before the change
原名称     old_name         its division name before (checked when given)
新代码     new_code         the new code; for a merge the code of the unit merged into
新名称     new_name         the new division name; for a merge the successor's name
上级代码   parent_code      for 新设 and 隶属变更: the code of the (new) parent
文号       reference        the decision (鲁政字〔2026〕12号), kept with the history
========== ================ =====================================================

Names are division names (郑店镇); the unit found by code is named after it with its type's
suffix (郑店镇司法所), as the importer names it.

:func:`apply_changes` runs the lines in order through the organisation services
(:mod:`core.orgs.service`), each in a savepoint, and returns one outcome per line: what it
does to which unit, that it was already applied (so a file applied twice changes nothing
the second time), or why it cannot be applied. A dry run, or a file with any line that
cannot be applied, is rolled back entirely: a file is applied all or nothing.

:func:`diff_code_lists` derives a change file from two full code lists (old and new): a
changed name is a rename, a code that vanished while the same name appears under a new code
is a recode, and a code that vanished without a successor is written as ``待定`` (to be
decided): whether it was abolished or merged is for a person to say, never guessed.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from sqlalchemy import text
from sqlmodel import Session, col, select

from core.audit import record_event
from core.locking import StaleRecord, hold_write_lock
from core.orgs.errors import OrgError
from core.orgs.history import ChangeKind as HistoryKind
from core.orgs.history import OrgChange, beijing_today
from core.orgs.models import OrgType, OrgUnit
from core.orgs.naming import BUREAU_SUFFIX, STATION_SUFFIX
from core.orgs.service import (
    create_org,
    deactivate_org,
    find_by_code,
    merge_org,
    move_subtree,
    recode_org,
    rename_org,
)

__all__ = [
    "CHANGE_FILE_COLUMNS",
    "ChangeFileError",
    "ChangeLine",
    "ChangeReport",
    "DivisionChange",
    "LineOutcome",
    "apply_changes",
    "diff_code_lists",
    "parse_change_file",
    "parse_code_list",
    "write_change_file",
]


class DivisionChange(StrEnum):
    RENAME = "rename"
    MERGE = "merge"
    ABOLISH = "abolish"
    CREATE = "create"
    RECODE = "recode"
    MOVE = "move"
    UNDECIDED = "undecided"


#: Chinese and English label of each kind (the Chinese one is written by :func:`write_change_file`).
KIND_LABELS: dict[DivisionChange, tuple[str, str]] = {
    DivisionChange.RENAME: ("更名", "rename"),
    DivisionChange.MERGE: ("合并", "merge into"),
    DivisionChange.ABOLISH: ("撤销", "abolish"),
    DivisionChange.CREATE: ("新设", "create"),
    DivisionChange.RECODE: ("代码变更", "recode"),
    DivisionChange.MOVE: ("隶属变更", "move"),
    DivisionChange.UNDECIDED: ("待定", "to be decided"),
}

#: Every wording of a kind that a change file may use, as typed (and the English words).
KIND_WORDS: dict[str, DivisionChange] = {
    **{zh: kind for kind, (zh, _) in KIND_LABELS.items()},
    **{kind.value: kind for kind in DivisionChange},
    "改名": DivisionChange.RENAME,
    "撤乡设镇": DivisionChange.RENAME,
    "撤镇设街道": DivisionChange.RENAME,
    "撤乡设街道": DivisionChange.RENAME,
    "撤县设市": DivisionChange.RENAME,
    "撤县设区": DivisionChange.RENAME,
    "撤市设区": DivisionChange.RENAME,
    "并入": DivisionChange.MERGE,
    "撤并": DivisionChange.MERGE,
    "撤销合并": DivisionChange.MERGE,
    "新设立": DivisionChange.CREATE,
    "设立": DivisionChange.CREATE,
    "代码调整": DivisionChange.RECODE,
    "划归": DivisionChange.MOVE,
    "行政区划调整隶属": DivisionChange.MOVE,
}

#: The columns of a change file: canonical name → the header words that name it.
CHANGE_FILE_COLUMNS: dict[str, tuple[str, ...]] = {
    "effective_on": ("生效日期", "effective_on", "effective", "date"),
    "kind": ("类型", "变更类型", "kind"),
    "old_code": ("原代码", "old_code"),
    "old_name": ("原名称", "old_name"),
    "new_code": ("新代码", "new_code"),
    "new_name": ("新名称", "new_name"),
    "parent_code": ("上级代码", "parent_code"),
    "reference": ("文号", "依据", "reference", "note"),
}
_REQUIRED = ("effective_on", "kind", "old_code")

#: Type of a unit created for a code of this length.
_TYPE_BY_CODE_LENGTH = {6: OrgType.BUREAU, 9: OrgType.STATION, 12: OrgType.COMMUNITY}
_SUFFIX = {OrgType.BUREAU: BUREAU_SUFFIX, OrgType.STATION: STATION_SUFFIX}


class ChangeFileError(OrgError, ValueError):
    """The file as a whole cannot be read (no header, a required column missing)."""


@dataclass(frozen=True, slots=True)
class ChangeLine:
    """One row of a change file; ``problem`` is set when the row itself is unusable."""

    line: int
    kind: DivisionChange | None
    kind_text: str
    effective_on: date | None
    old_code: str = ""
    old_name: str = ""
    new_code: str = ""
    new_name: str = ""
    parent_code: str = ""
    reference: str = ""
    problem: tuple[str, str] | None = None


@dataclass(frozen=True, slots=True)
class LineOutcome:
    """What a line does (``apply``), that it was done before (``done``), or why it cannot
    be applied (``problem``), in Chinese and English."""

    line: int
    status: str
    message: str
    message_en: str

    def text(self) -> str:
        mark = {"apply": "执行", "done": "已生效", "problem": "不能执行"}[self.status]
        return f"第 {self.line} 行 line {self.line} [{mark} {self.status}] {self.message}"


@dataclass(slots=True)
class ChangeReport:
    outcomes: list[LineOutcome] = field(default_factory=list)
    applied: bool = False
    dry_run: bool = False

    @property
    def problems(self) -> list[LineOutcome]:
        return [o for o in self.outcomes if o.status == "problem"]

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    def lines(self) -> list[str]:
        out = [o.text() for o in self.outcomes]
        applying, done, problems = self.count("apply"), self.count("done"), len(self.problems)
        summary = f"共 {len(self.outcomes)} 行：执行 {applying}，已生效 {done}，不能执行 {problems}"
        summary += f" ({len(self.outcomes)} lines: {applying} to apply, {done} already applied, "
        summary += f"{problems} cannot be applied)"
        out.append(summary)
        if self.applied:
            out.append("已保存 saved")
        elif self.dry_run:
            out.append("试运行，未保存 dry run, nothing saved")
        else:
            out.append(
                "有不能执行的行，整个文件未保存 "
                "some lines cannot be applied; nothing from the file was saved"
            )
        return out


class _Refused(Exception):
    def __init__(self, message: str, message_en: str) -> None:
        super().__init__(message)
        self.message, self.message_en = message, message_en


# -- reading ------------------------------------------------------------------------------


def _header_key(cell: str, columns: Mapping[str, tuple[str, ...]]) -> str | None:
    words = {w.lower() for w in re.split(r"[\s()（）/|、]+", cell.strip().lstrip("\ufeff")) if w}
    for key, aliases in columns.items():
        if any(alias.lower() in words for alias in aliases):
            return key
    return None


def _parse_date(text: str) -> date | None:
    match = re.fullmatch(r"\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*", text)
    if not match:
        return None
    try:
        return date(*(int(g) for g in match.groups()))
    except ValueError:
        return None


def _rows(text: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    header: list[str] | None = None
    rows: list[tuple[int, list[str]]] = []
    for row in reader:
        if not any(cell.strip() for cell in row) or row[0].lstrip().startswith("#"):
            continue
        if header is None:
            header = row
        else:
            rows.append((reader.line_num, row))
    return header or [], rows


def parse_change_file(text: str) -> list[ChangeLine]:
    """The lines of a change file (``#`` lines and blank lines are skipped)."""
    header, rows = _rows(text)
    index: dict[str, int] = {}
    for position, cell in enumerate(header):
        key = _header_key(cell, CHANGE_FILE_COLUMNS)
        if key is not None and key not in index:
            index[key] = position
    missing = [k for k in _REQUIRED if k not in index]
    if missing:
        names = "、".join(CHANGE_FILE_COLUMNS[k][0] for k in missing)
        raise ChangeFileError(
            f"变更文件缺少列：{names}（第一行应为表头）",
            f"The change file lacks the column(s) {', '.join(missing)} (the first row is the "
            "header)",
        )
    lines = []
    for number, row in rows:

        def cell(key: str, row: list[str] = row) -> str:
            at = index.get(key)
            return row[at].strip() if at is not None and at < len(row) else ""

        kind_text = cell("kind")
        kind = KIND_WORDS.get(kind_text) or KIND_WORDS.get(kind_text.lower())
        day = _parse_date(cell("effective_on"))
        problem = None
        if kind is None:
            problem = (
                f"不认识的变更类型“{kind_text}”",
                f"unknown kind of change {kind_text!r}",
            )
        elif day is None:
            problem = (
                f"生效日期“{cell('effective_on')}”不是日期（应如 2026-01-01）",
                f"effective date {cell('effective_on')!r} is not a date (e.g. 2026-01-01)",
            )
        lines.append(
            ChangeLine(
                line=number,
                kind=kind,
                kind_text=kind_text,
                effective_on=day,
                old_code=cell("old_code"),
                old_name=cell("old_name"),
                new_code=cell("new_code"),
                new_name=cell("new_name"),
                parent_code=cell("parent_code"),
                reference=cell("reference"),
                problem=problem,
            )
        )
    return lines


# -- applying -----------------------------------------------------------------------------


def _org_name(division_name: str, type_: OrgType) -> str:
    suffix = _SUFFIX.get(type_)
    if suffix and not division_name.endswith(suffix):
        return division_name + suffix
    return division_name


def _name_matches(org: OrgUnit, division_name: str) -> bool:
    if not division_name:
        return True
    full = _org_name(division_name, org.type)
    # A bureau may carry its city in front (济南市市中区司法局) when the district name recurs.
    return org.name in (division_name, full) or (
        org.type == OrgType.BUREAU and org.name.endswith(full)
    )


_WITHIN = "sifa.division_changes.within"
#: PostgreSQL advisory lock taken while a change file is applied.
_LOCK_KEY = 23_0023


def _find(session: Session, code: str) -> OrgUnit | None:
    """The unit with *code*, if it lies in the branch the changes are limited to."""
    org = find_by_code(session, code)
    within = session.info.get(_WITHIN)
    if org is not None and within and not org.path.startswith(within):
        return None
    return org


def _label(org: OrgUnit) -> str:
    return f"{org.division_code or '—'} {org.name}"


def _unit(session: Session, code: str, line: ChangeLine, role: str = "原代码") -> OrgUnit:
    if not code:
        raise _Refused(
            f"缺少{role}", f"the {'old' if role == '原代码' else 'other'} code is missing"
        )
    org = _find(session, code)
    if org is None:
        where, where_en = (
            ("本机构范围内", " in this branch") if session.info.get(_WITHIN) else ("", "")
        )
        raise _Refused(
            f"{where}没有区划代码为 {code} 的机构",
            f"no organisation{where_en} has the division code {code}",
        )
    return org


def _check_name(org: OrgUnit, name: str) -> None:
    if not _name_matches(org, name):
        raise _Refused(
            f"代码 {org.division_code} 的机构是“{org.name}”，与文件中的“{name}”不符",
            f"the unit with code {org.division_code} is {org.name!r}, not {name!r} as in the file",
        )


def _rename(session: Session, line: ChangeLine, day: date) -> tuple[str, str] | None:
    if not line.new_name and not line.new_code:
        raise _Refused("更名缺少新名称", "a rename needs the new name")
    org = _find(session, line.old_code) if line.old_code else None
    if org is None and line.new_code:
        done = _find(session, line.new_code)
        if done is not None and (not line.new_name or _name_matches(done, line.new_name)):
            return None
    if org is None:
        org = _unit(session, line.old_code, line)
    target = _org_name(line.new_name, org.type) if line.new_name else org.name
    if org.name == target and (not line.new_code or org.division_code == line.new_code):
        return None
    if org.name != target:
        _check_name(org, line.old_name)
    before = _label(org)
    if org.name != target:
        rename_org(session, org.id, target, effective_on=day)  # type: ignore[arg-type]
    if line.new_code and org.division_code != line.new_code:
        recode_org(session, org.id, line.new_code, effective_on=day, note=line.reference)  # type: ignore[arg-type]
    after = _label(org)
    return f"更名 {before} → {after}", f"rename {before} → {after}"


def _recode(session: Session, line: ChangeLine, day: date) -> tuple[str, str] | None:
    if not line.new_code:
        raise _Refused("代码变更缺少新代码", "a recode needs the new code")
    org = _find(session, line.old_code) if line.old_code else None
    if org is None:
        done = _find(session, line.new_code)
        if done is not None and _name_matches(done, line.new_name or line.old_name):
            return None
        org = _unit(session, line.old_code, line)
    _check_name(org, line.old_name)
    before = _label(org)
    recode_org(session, org.id, line.new_code, effective_on=day, note=line.reference)  # type: ignore[arg-type]
    return (
        f"代码变更 {before} → {line.new_code}",
        f"recode {before} → {line.new_code}",
    )


def _merge(session: Session, line: ChangeLine, day: date) -> tuple[str, str] | None:
    org = _unit(session, line.old_code, line)
    into = _unit(session, line.new_code, line, "并入机构的新代码")
    _check_name(org, line.old_name)
    _check_name(into, line.new_name)
    if not org.active:
        merged = session.exec(
            select(OrgChange.id).where(
                col(OrgChange.kind) == HistoryKind.MERGE,
                col(OrgChange.org_id) == org.id,
                col(OrgChange.successor_id) == into.id,
            )
        ).first()
        if merged is not None:
            return None
    before, successor = _label(org), _label(into)
    merge_org(session, org.id, into.id, effective_on=day, note=line.reference)  # type: ignore[arg-type]
    return f"合并 {before} 并入 {successor}", f"merge {before} into {successor}"


def _abolish(session: Session, line: ChangeLine, day: date) -> tuple[str, str] | None:
    org = _unit(session, line.old_code, line)
    _check_name(org, line.old_name)
    if not org.active:
        return None
    before = _label(org)
    deactivate_org(session, org.id)  # type: ignore[arg-type]
    return f"撤销 {before}（停用）", f"abolish {before} (switched off)"


def _create(session: Session, line: ChangeLine, day: date) -> tuple[str, str] | None:
    code = line.new_code or line.old_code
    if not code or not line.new_name or not line.parent_code:
        raise _Refused(
            "新设需要新代码、新名称和上级代码",
            "a creation needs the new code, the new name and the parent code",
        )
    existing = _find(session, code)
    if existing is not None:
        if _name_matches(existing, line.new_name):
            return None
        raise _Refused(
            f"代码 {code} 已由“{existing.name}”使用",
            f"the code {code} is already used by {existing.name!r}",
        )
    parent = _unit(session, line.parent_code, line, "上级代码")
    type_ = _TYPE_BY_CODE_LENGTH.get(len(code))
    if type_ is None:
        raise _Refused(
            f"代码 {code} 不是县级（6位）、乡级（9位）或村级（12位）代码",
            f"the code {code} is not a county (6), township (9) or village (12 digit) code",
        )
    org = create_org(
        session,
        name=_org_name(line.new_name, type_),
        type=type_,
        parent_id=parent.id,
        division_code=code,
    )
    return (
        f"新设 {_label(org)}，隶属 {_label(parent)}",
        f"create {_label(org)} under {_label(parent)}",
    )


def _move(session: Session, line: ChangeLine, day: date) -> tuple[str, str] | None:
    parent = _unit(session, line.parent_code, line, "上级代码")
    org = _find(session, line.old_code) if line.old_code else None
    if org is None and line.new_code:
        org = _find(session, line.new_code)
    if org is None:
        org = _unit(session, line.old_code, line)
    recode = bool(line.new_code) and org.division_code != line.new_code
    if org.parent_id == parent.id and not recode:
        return None
    _check_name(org, line.old_name)
    before = _label(org)
    if org.parent_id != parent.id:
        move_subtree(session, org.id, parent.id, effective_on=day)  # type: ignore[arg-type]
    if recode:
        recode_org(session, org.id, line.new_code, effective_on=day, note=line.reference)  # type: ignore[arg-type]
    return (
        f"隶属变更 {before} 划归 {_label(parent)}（现为 {_label(org)}）",
        f"move {before} under {_label(parent)} (now {_label(org)})",
    )


def _undecided(session: Session, line: ChangeLine, day: date) -> tuple[str, str] | None:
    raise _Refused(
        f"代码 {line.old_code} {line.old_name} 已不在新代码表中：请改为“撤销”或“合并”（并填新代码）",
        f"the code {line.old_code} {line.old_name} is not in the new list: change the kind to "
        "abolish, or to merge with the code it was merged into",
    )


_APPLY: dict[DivisionChange, Callable[[Session, ChangeLine, date], tuple[str, str] | None]] = {
    DivisionChange.RENAME: _rename,
    DivisionChange.RECODE: _recode,
    DivisionChange.MERGE: _merge,
    DivisionChange.ABOLISH: _abolish,
    DivisionChange.CREATE: _create,
    DivisionChange.MOVE: _move,
    DivisionChange.UNDECIDED: _undecided,
}


def _one(session: Session, line: ChangeLine, today: date) -> LineOutcome:
    if line.problem is not None:
        return LineOutcome(line.line, "problem", *line.problem)
    assert line.kind is not None and line.effective_on is not None
    day = line.effective_on
    if day > today:
        return LineOutcome(
            line.line,
            "problem",
            f"生效日期 {day} 在今天之后：请在生效当日或之后导入",
            f"the change takes effect on {day}, after today: apply it on or after that day",
        )
    try:
        with session.begin_nested():
            result = _APPLY[line.kind](session, line, day)
    except _Refused as exc:
        return LineOutcome(line.line, "problem", exc.message, exc.message_en)
    except OrgError as exc:
        return LineOutcome(line.line, "problem", exc.message, exc.message_en)
    except StaleRecord:
        return LineOutcome(
            line.line, "problem", "机构刚被他人修改，请重试", "the unit was just changed; try again"
        )
    if result is None:
        zh, en = KIND_LABELS[line.kind]
        code = line.old_code or line.new_code
        return LineOutcome(
            line.line,
            "done",
            f"{zh} {code} {line.new_name or line.old_name}：已生效，不再变更",
            f"{en} {code}: already applied, nothing to change",
        )
    zh, en = result
    suffix = f"（{day.isoformat()} 起）"
    return LineOutcome(line.line, "apply", zh + suffix, f"{en} (from {day.isoformat()})")


def apply_changes(
    session: Session,
    lines: Iterable[ChangeLine],
    *,
    dry_run: bool = False,
    source: str = "",
    today: date | None = None,
    within: OrgUnit | None = None,
) -> ChangeReport:
    """Apply the lines in order, each in a savepoint; all or nothing.

    Returns one outcome per line. On a dry run, or when any line cannot be applied, every
    change is rolled back (the caller's session is left with nothing to commit); otherwise
    the changes, their history and one audit event stay in the session for the caller to
    commit. With *within*, only units of that branch are found by their codes (a page
    applies a file for the unit its user manages)."""
    today = today or beijing_today()
    report = ChangeReport(dry_run=dry_run)
    hold_write_lock(session)
    if not dry_run and session.connection().dialect.name == "postgresql":
        # One change file at a time: a second identical apply waits, then finds every line
        # already in effect (SQLite's write lock, taken above, does the same there).
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _LOCK_KEY})
        session.expire_all()
    session.info[_WITHIN] = within.path if within is not None else None
    try:
        for line in lines:
            report.outcomes.append(_one(session, line, today))
    finally:
        session.info.pop(_WITHIN, None)
    if dry_run or report.problems:
        session.rollback()
        return report
    applied = report.count("apply")
    if applied:
        record_event(
            session,
            "org_division_changes",
            entity="org_change",
            org_id=within.id if within is not None else None,
            details={"source": source[:200], "applied": applied, "done": report.count("done")},
        )
    session.flush()
    report.applied = True
    return report


# -- two code lists -----------------------------------------------------------------------

_CODE_LIST_COLUMNS: dict[str, tuple[str, ...]] = {
    "code": ("code", "代码", "区划代码"),
    "name": ("name", "名称"),
    "parent": ("parent_code", "上级代码", "areacode", "citycode", "provincecode"),
}


@dataclass(frozen=True, slots=True)
class CodeEntry:
    code: str
    name: str
    parent: str


def parse_code_list(text: str) -> dict[str, CodeEntry]:
    """A full code list (``code,name`` and optionally the parent code; the packaged
    ``areas.csv`` and ``streets.csv`` are such lists), by code."""
    header, rows = _rows(text)
    index: dict[str, int] = {}
    for position, cell in enumerate(header):
        words = cell.strip().lstrip("\ufeff").lower()
        for key, aliases in _CODE_LIST_COLUMNS.items():
            if words in {a.lower() for a in aliases} and key not in index:
                index[key] = position
    if "code" not in index or "name" not in index:
        raise ChangeFileError(
            "代码表应有表头，至少包括 code（代码）和 name（名称）两列",
            "A code list needs a header with at least the columns code and name",
        )
    out: dict[str, CodeEntry] = {}
    for _, row in rows:
        get = {k: (row[i].strip() if i < len(row) else "") for k, i in index.items()}
        if get["code"]:
            out[get["code"]] = CodeEntry(get["code"], get["name"], get.get("parent", ""))
    return out


def diff_code_lists(
    old: Mapping[str, CodeEntry], new: Mapping[str, CodeEntry], effective_on: date
) -> list[ChangeLine]:
    """The changes that turn the *old* list into the *new* one.

    Same code, other name: rename; same code, other parent: move. A vanished code whose
    name appears (once, under the same parent if there are several) among the new codes:
    recode. A vanished code without one such match: 待定, for a person to decide. A new code
    not explained otherwise: create."""
    lines: list[ChangeLine] = []
    gone = [c for c in old if c not in new]
    fresh = [c for c in new if c not in old]
    taken: set[str] = set()

    def line(kind: DivisionChange, **values: str) -> None:
        lines.append(
            ChangeLine(
                line=len(lines) + 2,
                kind=kind,
                kind_text=KIND_LABELS[kind][0],
                effective_on=effective_on,
                **values,
            )
        )

    for code in sorted(c for c in old if c in new):
        before, after = old[code], new[code]
        if before.name != after.name:
            line(DivisionChange.RENAME, old_code=code, old_name=before.name, new_name=after.name)
        if before.parent and after.parent and before.parent != after.parent:
            line(
                DivisionChange.MOVE,
                old_code=code,
                old_name=after.name,
                parent_code=after.parent,
            )
    for code in sorted(gone):
        before = old[code]
        same = [c for c in fresh if new[c].name == before.name and c not in taken]
        if len(same) > 1:
            same = [c for c in same if new[c].parent == before.parent]
        if len(same) == 1:
            taken.add(same[0])
            after = new[same[0]]
            if before.parent and after.parent and before.parent != after.parent:
                line(
                    DivisionChange.MOVE,
                    old_code=code,
                    old_name=before.name,
                    new_code=after.code,
                    parent_code=after.parent,
                )
            else:
                line(
                    DivisionChange.RECODE,
                    old_code=code,
                    old_name=before.name,
                    new_code=after.code,
                )
        else:
            line(DivisionChange.UNDECIDED, old_code=code, old_name=before.name)
    for code in sorted(c for c in fresh if c not in taken):
        after = new[code]
        line(DivisionChange.CREATE, new_code=code, new_name=after.name, parent_code=after.parent)
    return lines


def write_change_file(lines: Iterable[ChangeLine]) -> str:
    """The lines as a change file (Chinese header and kinds)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([aliases[0] for aliases in CHANGE_FILE_COLUMNS.values()])
    for line in lines:
        writer.writerow(
            [
                line.effective_on.isoformat() if line.effective_on else "",
                KIND_LABELS[line.kind][0] if line.kind else line.kind_text,
                line.old_code,
                line.old_name,
                line.new_code,
                line.new_name,
                line.parent_code,
                line.reference,
            ]
        )
    return out.getvalue()
