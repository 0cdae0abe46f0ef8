"""The audit trail page (审计日志): filter, page through, expand a change, export as CSV.

Scoped like everything else, through ``core.audit.view``: a user sees the records of the
organisations in their subtrees (an organisation's own changes are recorded under it, a
failed sign-in under the account's home organisation). Records that belong to no
organisation — sign-in attempts for unknown usernames, system events — are shown only to
users whose scope is the whole installation. Values were redacted or masked by the recorder
when the record was written; this page shows them as stored.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from functools import cached_property
from typing import Any
from urllib.parse import urlencode

from litestar import Request, get
from litestar.exceptions import ClientException, NotFoundException
from litestar.response import Stream, Template
from sqlmodel import Session, SQLModel, select

from core.audit import record_event
from core.audit.models import AuditRecord
from core.audit.queries import iter_audit, search_audit
from core.identity.current import CurrentUser
from core.identity.models import StaffAccount
from core.identity.service import normalise_username
from core.labels import entity_label, field_label, numbered, record_titles, value_label
from core.orgs.models import OrgUnit
from core.orgs.tree import subtree_ids_select
from core.platform import Platform
from web.guards import PERMISSION
from web.pages_account import locale_of
from web.pages_staff import org_choices
from web.templating import BEIJING

VIEW = "core.audit.view"
PAGE_SIZE = 50
EXPORT_LIMIT = 50_000
EXPORT_BATCH = 500
EXPORT_EVENT = "audit_export"

#: Chinese and English names of the actions the core records (plugins may add their own).
ACTIONS: dict[str, tuple[str, str]] = {
    "insert": ("新增", "Insert"),
    "update": ("修改", "Update"),
    "delete": ("删除", "Delete"),
    "login_success": ("登录成功", "Sign-in"),
    "login_failure": ("登录失败", "Failed sign-in"),
    "logout": ("退出登录", "Sign-out"),
    "password_reset": ("重置口令", "Password reset"),
    "permission_change": ("权限变更", "Permission change"),
    "unmask": ("查看完整信息", "Unmasked"),
    "bulk_update": ("批量修改", "Bulk update"),
    "bulk_delete": ("批量删除", "Bulk delete"),
    "org_move": ("移动机构", "Organisation moved"),
    "org_deactivate_branch": ("停用机构及下级", "Branch deactivated"),
    "org_import": ("导入机构", "Organisations imported"),
    "export_download": ("下载导出文件", "Export downloaded"),
    EXPORT_EVENT: ("导出审计日志", "Audit trail exported"),
}


class InvalidFilter(ValueError):
    """A filter value the user typed that cannot be used (422, shown next to the filters)."""

    def __init__(self, message: str, message_en: str) -> None:
        super().__init__(message)
        self.message = message
        self.message_en = message_en


# -- filters ------------------------------------------------------------------------------


def _int(value: Any) -> int | None:
    try:
        return int(str(value))
    except (TypeError, ValueError):
        return None


def _date(value: str, label: str, label_en: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidFilter(
            f"{label}应为 年-月-日 格式的日期（收到“{value}”）",
            f"The {label_en} must be a date as year-month-day (got {value!r})",
        ) from None


def _beijing_midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), BEIJING).astimezone(UTC)


@dataclass(frozen=True)
class AuditFilter:
    """The filters as the user typed them (kept in the form and the pager's links)."""

    actor: str = ""
    entity: str = ""
    org_id: int | None = None
    subtree: bool = True
    action: str = ""
    date_from: str = ""
    date_to: str = ""

    @classmethod
    def from_params(cls, params: Any) -> AuditFilter:
        def text(name: str, limit: int = 64) -> str:
            return str(params.get(name) or "").strip()[:limit]

        return cls(
            actor=text("actor"),
            entity=text("entity", 100),
            org_id=_int(params.get("org_id")),
            subtree=params.get("org_mode") != "self",
            action=text("action", 40),
            date_from=text("date_from", 10),
            date_to=text("date_to", 10),
        )

    def query(self, **extra: Any) -> str:
        """The filters as a query string, for the pager and the export link."""
        values = {
            "actor": self.actor,
            "entity": self.entity,
            "org_id": "" if self.org_id is None else str(self.org_id),
            "org_mode": "tree" if self.subtree else "self",
            "action": self.action,
            "date_from": self.date_from,
            "date_to": self.date_to,
            **extra,
        }
        return urlencode(values)


def search_criteria(db: Session, user: CurrentUser, f: AuditFilter) -> dict[str, Any]:
    """Keyword arguments for :func:`search_audit` / :func:`iter_audit`, scoped to the user.

    An organisation outside the scope answers 404, as any other URL naming one does.
    """
    scope = user.scope(db, VIEW)
    criteria: dict[str, Any] = {
        "org_ids_select": None if scope.is_global else scope.org_ids_select()
    }
    if f.org_id is not None:
        org = db.get(OrgUnit, f.org_id)
        if org is None or not scope.allows(db, org.id):
            raise NotFoundException()
        if f.subtree:
            criteria["org_ids_select"] = subtree_ids_select(org)
        else:
            criteria["org_id"] = org.id
    if f.actor:
        account_id = db.exec(
            select(StaffAccount.id).where(StaffAccount.username == normalise_username(f.actor))
        ).first()
        criteria["actor_id"] = account_id if account_id is not None else -1  # nobody: no rows
    if f.entity:
        criteria["entity"] = f.entity
    if f.action:
        criteria["action"] = f.action
    start = _date(f.date_from, "开始日期", "start date")
    end = _date(f.date_to, "结束日期", "end date")
    if start and end and start > end:
        raise InvalidFilter("开始日期不能晚于结束日期", "The start date is after the end date")
    if start:
        criteria["date_from"] = _beijing_midnight(start)
    if end:
        criteria["date_to"] = _beijing_midnight(end + timedelta(days=1))  # the whole end day
    return criteria


# -- rows ---------------------------------------------------------------------------------


def _label(labels: dict[str, tuple[str, str]], code: str | None, locale: str) -> str:
    if not code:
        return ""
    pair = labels.get(code)
    return code if pair is None else pair[1 if locale == "en" else 0]


def shown(value: Any) -> str:
    """A stored value as text: strings as they are, anything else as JSON, nothing as ''."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


@dataclass
class Row:
    """One record as the table shows it, with its diff ready to expand."""

    record: AuditRecord
    org_name: str
    action: str
    entity: str
    actor: str = ""
    title: str = ""
    diff: list[tuple[str, str, str]] = field(default_factory=list)
    field_labels: dict[str, str] = field(default_factory=dict)
    details: list[tuple[str, str]] = field(default_factory=list)

    @cached_property
    def codes(self) -> set[str]:
        """Values that are a code nobody labelled or an address: the page marks them as code
        (asked once per value shown, so worked out once per row)."""
        values = [v for _n, *pair in self.diff for v in pair] + [v for _k, v in self.details]
        return {v for v in values if is_code(v)}


#: A stored value that is an identifier (``model_village``, ``publicity.review``, a due
#: item's key such as ``keydate:constitution_week:2026-12-01``).
CODE = re.compile(r"[a-z][a-z0-9]*(?:[._:][a-z0-9-]+)+")
#: A stored value that is an address of a page (a reminder's link ``/m/…?unit_id=3``).
ADDRESS = re.compile(r"(?:https?://\S+|/[\w./-]*(?:\?\S*)?)")


def is_code(value: str) -> bool:
    """Whether a stored value is technical (a code or an address), not words for people."""
    return bool(CODE.fullmatch(value) or ADDRESS.fullmatch(value))


def _org_names(db: Session, records: list[AuditRecord]) -> dict[int, str]:
    ids = {r.org_id for r in records if r.org_id is not None}
    if not ids:
        return {}
    rows = db.exec(select(OrgUnit.id, OrgUnit.name).where(OrgUnit.id.in_(ids))).all()  # type: ignore[union-attr]
    return {org_id: name for org_id, name in rows}


def _job_descriptions(platform: Platform | None, locale: str) -> dict[str, str]:
    """What each declared job does, for actors recorded as ``job:<name>``."""
    if platform is None:
        return {}
    from core.scheduling.catalogue import job_catalogue

    return {
        name: (job.description_en if locale == "en" and job.description_en else job.description_zh)
        for name, job in job_catalogue(platform.host).jobs.items()
    }


def actor_shown(name: str | None, jobs: dict[str, str], locale: str) -> str:
    """The actor as people know it: a job by what it does, never ``job:core.reminders.scan``."""
    if not name:
        return ""
    if name.startswith("job:"):
        job = name[4:]
        what = jobs.get(job) or job
        return f"Background job: {what}" if locale == "en" else f"后台任务：{what}"
    if name == "demo":
        return "Demo data" if locale == "en" else "演示数据"
    return name


def _value(entity: str | None, column: str, value: Any, locale: str) -> str:
    """A stored value as text, a declared code by its label."""
    return value_label(entity, column, value, locale) or shown(value)


def rows_for(
    db: Session, records: list[AuditRecord], locale: str, platform: Platform | None = None
) -> list[Row]:
    names = _org_names(db, records)
    titles = record_titles(db, [(r.entity, r.entity_id) for r in records if r.entity], locale)
    jobs = (
        _job_descriptions(platform, locale)
        if any((r.actor_name or "").startswith("job:") for r in records)
        else {}
    )
    rows = []
    for r in records:
        org_name = names.get(r.org_id, "") if r.org_id is not None else ""
        if r.org_id is not None and not org_name:
            org_name = numbered("org_unit", r.org_id, locale)
        rows.append(
            Row(
                record=r,
                org_name=org_name,
                action=_label(ACTIONS, r.action, locale),
                entity=entity_label(r.entity, locale),
                actor=actor_shown(r.actor_name, jobs, locale),
                title=titles.get((r.entity, str(r.entity_id)), "") if r.entity_id else "",
                diff=[
                    (
                        name,
                        _value(r.entity, name, pair[0], locale),
                        _value(r.entity, name, pair[1], locale),
                    )
                    for name, pair in sorted((r.changes or {}).items())
                    if isinstance(pair, list) and len(pair) == 2
                ],
                details=[
                    (field_label(r.entity, k, locale), shown(v))
                    for k, v in sorted((r.details or {}).items())
                ],
                field_labels={
                    name: field_label(r.entity, name, locale) for name in (r.changes or {})
                },
            )
        )
    return rows


def entity_choices() -> list[str]:
    """Every audited table the running installation has, core and plugins alike."""
    return sorted(
        table.name
        for table in SQLModel.metadata.sorted_tables
        if table.name != AuditRecord.__tablename__ and table.info.get("audit", True) is not False
    )


# -- the page -----------------------------------------------------------------------------


def _is_htmx(request: Request[Any, Any, Any]) -> bool:
    return request.headers.get("hx-request") == "true"


@get("/audit", name="audit_list", opt={PERMISSION: VIEW}, sync_to_thread=True)
def audit_list(
    request: Request[Any, Any, Any], db: Session, current_user: CurrentUser, platform: Platform
) -> Template:
    """Records in the user's scope matching the filters, newest first, a page at a time."""
    locale = locale_of(request)
    f = AuditFilter.from_params(request.query_params)
    page = max(_int(request.query_params.get("page")) or 1, 1)
    error, status, rows, total = "", 200, [], 0
    try:
        criteria = search_criteria(db, current_user, f)
    except InvalidFilter as exc:
        error, status = (exc.message_en if locale == "en" else exc.message), 422
    else:
        result = search_audit(db, **criteria, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE)
        rows, total = rows_for(db, result.rows, locale, platform), result.total
    context = {
        "f": f,
        "rows": rows,
        "total": total,
        "page": page,
        "pages": max((total + PAGE_SIZE - 1) // PAGE_SIZE, 1),
        "error": error,
        "base": f"/audit?{f.query()}",
        "export": f"/audit/export.csv?{f.query()}",
        "export_limit": EXPORT_LIMIT,
        "actions": [(code, _label(ACTIONS, code, locale)) for code in ACTIONS],
        "entities": sorted(
            ((name, entity_label(name, locale)) for name in entity_choices()),
            key=lambda pair: pair[1],
        ),
        "orgs": org_choices(db, current_user.scope(db, VIEW), include=f.org_id),
    }
    template = "audit/_table.html" if _is_htmx(request) else "audit/list.html"
    return Template(template, context=context, status_code=status, headers={"Vary": "HX-Request"})


@get("/audit/org-options", name="audit_org_options", opt={PERMISSION: VIEW}, sync_to_thread=True)
def audit_org_options(
    request: Request[Any, Any, Any], db: Session, current_user: CurrentUser
) -> Template:
    """``<option>`` elements of organisations in scope matching a name, for the picker."""
    orgs = org_choices(
        db, current_user.scope(db, VIEW), text=str(request.query_params.get("org_q", ""))[:50]
    )
    return Template(
        "staff/_org_options.html",
        context={"orgs": orgs, "blank": True, "selected": None, "everywhere": False},
    )


# -- CSV export ---------------------------------------------------------------------------

CSV_COLUMNS = (
    ("时间（北京时间）", "Time (Beijing)"),
    ("操作人", "Actor"),
    ("操作人编号", "Actor id"),
    ("机构", "Organisation"),
    ("机构编号", "Organisation id"),
    ("动作", "Action"),
    ("动作代码", "Action code"),
    ("对象", "Entity"),
    ("对象编号", "Entity id"),
    ("变更（修改前→修改后）", "Changes (before → after)"),
    ("详情", "Details"),
    ("请求编号", "Request id"),
    ("IP", "IP"),
    ("记录号", "Record number"),
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> str:
    """Text for a spreadsheet cell; never a formula (CSV injection)."""
    text = shown(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def _csv_line(values: list[Any]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerow([_cell(v) for v in values])
    return buffer.getvalue()


def csv_lines(platform: Platform, criteria: dict[str, Any], locale: str) -> Iterator[bytes]:
    """The export, a batch at a time, in a session of its own (the request's is closed)."""
    yield "\ufeff".encode()  # so spreadsheet programs read the Chinese as UTF-8
    yield _csv_line([c[1 if locale == "en" else 0] for c in CSV_COLUMNS]).encode()
    with Session(platform.engine) as db:
        records = iter_audit(db, **criteria, limit=EXPORT_LIMIT, batch_size=EXPORT_BATCH)
        batch: list[AuditRecord] = []
        for record in records:
            batch.append(record)
            if len(batch) == EXPORT_BATCH:
                yield _csv_batch(db, batch, locale, platform)
                batch = []
        if batch:
            yield _csv_batch(db, batch, locale, platform)


def _csv_batch(db: Session, records: list[AuditRecord], locale: str, platform: Platform) -> bytes:
    lines = []
    for row in rows_for(db, records, locale, platform):
        r = row.record
        lines.append(
            _csv_line(
                [
                    r.at.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M:%S"),
                    row.actor,
                    r.actor_id,
                    row.org_name,
                    r.org_id,
                    row.action,
                    r.action,
                    row.entity,
                    r.entity_id,
                    "; ".join(f"{name}: {before} → {after}" for name, before, after in row.diff),
                    "; ".join(f"{k}: {v}" for k, v in row.details),
                    r.request_id,
                    r.ip,
                    r.id,
                ]
            )
        )
    return "".join(lines).encode()


@get("/audit/export.csv", name="audit_export", opt={PERMISSION: VIEW}, sync_to_thread=True)
def audit_export(
    request: Request[Any, Any, Any], db: Session, current_user: CurrentUser, platform: Platform
) -> Stream:
    """The current filter as CSV, newest first, at most :data:`EXPORT_LIMIT` records.

    Streamed while it is read, so a long trail never sits in memory; the export itself is
    an audit event.
    """
    locale = locale_of(request)
    f = AuditFilter.from_params(request.query_params)
    try:
        criteria = search_criteria(db, current_user, f)
    except InvalidFilter as exc:
        raise ClientException(
            status_code=422, detail=exc.message_en if locale == "en" else exc.message
        ) from None
    total = search_audit(db, **criteria, limit=0).total
    record_event(
        db,
        EXPORT_EVENT,
        details={"filter": f.query(), "rows": min(total, EXPORT_LIMIT), "matching": total},
    )
    stamp = datetime.now(BEIJING).strftime("%Y%m%d-%H%M")
    return Stream(
        csv_lines(platform, criteria, locale),
        media_type="text/csv",
        headers={
            "Content-Disposition": f'attachment; filename="audit-{stamp}.csv"',
            "Cache-Control": "no-store",
        },
    )


ROUTES = [audit_list, audit_org_options, audit_export]
