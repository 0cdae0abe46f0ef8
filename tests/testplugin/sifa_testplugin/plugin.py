"""Hook implementations of the test plugin: one for every hook the core declares."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

import click
from litestar import get, post
from litestar.enums import RequestEncodingType
from litestar.params import Body
from litestar.response import Template
from pydantic import BaseModel
from pydantic import Field as PydanticField
from sqlmodel import Session, select

from core.api import (
    CodeEntry,
    CodeList,
    HandoverDraft,
    NavItem,
    OrgType,
    OrgTypeDecl,
    OrgUnit,
    PermissionDecl,
    PluginMeta,
    Referral,
    ReferralField,
    ReferralReceipt,
    ReferralRefused,
    ReferralSource,
    ReferralTarget,
    TimelineEntry,
    check_version,
    code_choices,
    code_label,
    hookimpl,
    is_active_code,
)
from sifa_testplugin import crossplugin, reminders
from sifa_testplugin import indicators as figures
from sifa_testplugin import jobs as scheduling
from sifa_testplugin.models import (
    TestpluginCase,
    TestpluginItem,
    TestpluginNote,
    TestpluginReport,
    TestpluginSweep,
)

HERE = Path(__file__).parent

plugin_meta = PluginMeta(
    name="testplugin",
    label_zh="测试插件",
    label_en="Test plugin",
    version="0.1.0",
    core_api=">=1.0,<2",
)


@get("/", opt={"permission": "testplugin.notes.view"}, sync_to_thread=True)
def index(db: Session) -> Template:
    notes = db.exec(select(TestpluginNote).order_by(TestpluginNote.id)).all()
    return Template("testplugin/index.html", context={"notes": notes})


@post("/notes", opt={"permission": "testplugin.notes.edit"}, sync_to_thread=True)
def add_note(
    db: Session, data: dict[str, Any] = Body(media_type=RequestEncodingType.URL_ENCODED)
) -> Template:
    text = str(data.get("text", "")).strip() or "空"
    note = TestpluginNote(text=text[:200])
    db.add(note)
    db.flush()
    return Template("testplugin/_note.html", context={"note": note})


@get("/boom", sync_to_thread=False)
def boom() -> None:
    raise RuntimeError("secret internal detail that must never reach a user")


@get("/notes", opt={"permission": "testplugin.notes.view"}, sync_to_thread=True)
def api_notes(db: Session) -> list[dict[str, Any]]:
    return [{"id": n.id, "text": n.text} for n in db.exec(select(TestpluginNote)).all()]


@get(
    "/items/{item_id:int}",
    opt={"permission": "testplugin.notes.view", "records": {"item_id": TestpluginItem}},
    sync_to_thread=True,
)
def show_item(db: Session, item_id: int) -> Template:
    """The guard has already answered 404 for an item outside the user's scope."""
    return _item_page(db, db.get(TestpluginItem, item_id))  # type: ignore[arg-type]


KINDS = "testplugin.kind"


def _item_page(db: Session, item: TestpluginItem, error: str = "", status: int = 200) -> Template:
    """The item with its kind chosen from the code list as it applies at its organisation."""
    return Template(
        "testplugin/item.html",
        status_code=status,
        context={
            "item": item,
            "kinds": code_choices(db, KINDS, item.org_id),
            "kind_label": code_label(db, KINDS, item.kind, item.org_id),
            "error": error,
        },
    )


@post(
    "/items/{item_id:int}",
    opt={"permission": "testplugin.notes.edit", "records": {"item_id": TestpluginItem}},
    sync_to_thread=True,
)
def rename_item(
    db: Session,
    item_id: int,
    data: dict[str, Any] = Body(media_type=RequestEncodingType.URL_ENCODED),
) -> Template:
    item = db.get(TestpluginItem, item_id)
    check_version(item, int(data.get("version", 0)))
    kind = str(data.get("kind", "")).strip() or None
    if kind is not None and not is_active_code(db, KINDS, kind, item.org_id):  # type: ignore[union-attr]
        return _item_page(db, item, "请从列表中选择类别", 422)  # type: ignore[arg-type]
    item.title = str(data.get("title", item.title))[:100]  # type: ignore[union-attr]
    item.kind = kind  # type: ignore[union-attr]
    item.version += 1  # type: ignore[union-attr]
    db.add(item)
    return _item_page(db, item)  # type: ignore[arg-type]


@click.command("hello")
def hello() -> None:
    """Say hello (proves plugin CLI commands)."""
    click.echo("你好，来自测试插件")


@hookimpl
def sifa_models() -> list[type[Any]]:
    return [TestpluginNote, TestpluginSweep, TestpluginItem, TestpluginCase, TestpluginReport]


@hookimpl
def sifa_version_locations() -> str:
    return str(HERE / "migrations")


@hookimpl
def sifa_permissions() -> list[PermissionDecl]:
    return [
        PermissionDecl(
            "testplugin.notes.view",
            "查看测试笔记",
            "View test notes",
            ("station_head", "station_staff", "mediator"),
        ),
        PermissionDecl(
            "testplugin.notes.edit",
            "编辑测试笔记",
            "Edit test notes",
            ("station_head", "station_staff"),
        ),
    ]


@hookimpl
def sifa_routes() -> list[Any]:
    return [index, add_note, boom, show_item, rename_item]


@hookimpl
def sifa_api_routes() -> list[Any]:
    return [api_notes]


@hookimpl
def sifa_template_dir() -> str:
    return str(HERE / "templates")


@hookimpl
def sifa_static_dir() -> str:
    return str(HERE / "static")


@hookimpl
def sifa_navigation() -> list[NavItem]:
    return [NavItem(label_zh="测试笔记", label_en="Test notes", href="", order=900)]


@hookimpl
def sifa_cli_commands() -> list[Any]:
    return [hello]


#: How a test note mentions a person: ``[person:7 on 2026-03-01 at org 2] 回访``.
PERSON_MENTION = re.compile(r"\[person:(\d+) on (\d{4}-\d{2}-\d{2}) at org (\d+)\]")


@hookimpl
def sifa_person_timeline(person_id: int, session: Session) -> list[TimelineEntry]:
    notes = session.exec(
        select(TestpluginNote).where(TestpluginNote.text.contains(f"[person:{person_id} "))
    ).all()
    entries = []
    for note in notes:
        for mentioned, on, org in PERSON_MENTION.findall(note.text):
            if int(mentioned) == person_id:
                entries.append(
                    TimelineEntry(
                        when=date.fromisoformat(on),
                        plugin="testplugin",
                        kind_zh="测试笔记",
                        kind_en="Test note",
                        title=PERSON_MENTION.sub("", note.text).strip(),
                        url=f"/m/testplugin/#note-{note.id}",
                        org_id=int(org),
                    )
                )
    return entries


class TestpluginSettings(BaseModel):
    """Per-bureau settings of the test plugin (proves sifa_settings_schema)."""

    __test__ = False

    notes_per_page: int = PydanticField(default=20, ge=5, le=200, title="每页笔记数")
    greeting: str = PydanticField(default="你好", max_length=20, title="问候语")


MODULE_EVENTS: list[tuple[str, int]] = []


@hookimpl
def sifa_settings_schema() -> type[BaseModel]:
    return TestpluginSettings


@hookimpl
def sifa_module_enabled(org_id: int) -> None:
    MODULE_EVENTS.append(("enabled", org_id))


@hookimpl
def sifa_module_disabled(org_id: int) -> None:
    MODULE_EVENTS.append(("disabled", org_id))


@hookimpl
def sifa_periodic_jobs() -> list[Any]:
    return scheduling.PERIODIC_JOBS


@hookimpl
def sifa_jobs() -> list[Any]:
    return [scheduling.count_notes, reminders.NOTE_REMINDERS]


@hookimpl
def sifa_deadline_rules() -> list[Any]:
    return scheduling.DEADLINE_RULES


#: What the core handed back (proves sifa_deadline_recomputed / sifa_holiday_schedule_entered).
RECOMPUTED: list[tuple[str, str, date]] = []
SCHEDULES_ENTERED: list[int] = []


@hookimpl
def sifa_deadline_recomputed(session: Session, deadline: Any, due: Any) -> bool | None:
    if deadline.entity != "case":
        return None
    RECOMPUTED.append((deadline.entity_id, deadline.key, due.due))
    return True


@hookimpl
def sifa_holiday_schedule_entered(session: Session, year: int) -> int:
    SCHEDULES_ENTERED.append(year)
    return 0


@hookimpl
def sifa_demo_data(session: Session, bureau_id: int) -> None:
    """Two demo items at the bureau (proves sifa_demo_data)."""
    for title in ("演示事项一", "演示事项二"):
        session.add(TestpluginItem(org_id=bureau_id, title=title))
    session.flush()


@hookimpl
def sifa_indicators() -> list[Any]:
    return figures.INDICATORS


@hookimpl
def sifa_reporting_duties() -> list[Any]:
    return figures.DUTIES


@hookimpl
def sifa_dashboard_widgets() -> list[Any]:
    return figures.WIDGETS


@hookimpl
def sifa_due_item_kinds() -> list[Any]:
    return reminders.KINDS


@hookimpl
def sifa_notification_channels() -> list[Any]:
    return reminders.CHANNELS


def receive_item(session: Session, referral: Referral) -> ReferralReceipt:
    """A referred matter becomes an item at the receiving organisation (proves referrals)."""
    if not referral.title.strip():
        raise ReferralRefused("转办事项缺少标题", "The referred matter has no title")
    item = TestpluginItem(
        org_id=referral.org_id,
        title=f"{referral.title}（{referral.source_ref}）"[:100],
        contact=(str(referral.details.get("contact") or "") or None),
    )
    session.add(item)
    session.flush()
    return ReferralReceipt(
        target="testplugin.item",
        record_id=item.id,  # type: ignore[arg-type]
        url=f"/m/testplugin/items/{item.id}",
        label_zh=item.title,
    )


def accepts_item(session: Session, org_id: int) -> bool:
    """Items are kept by stations and villages, not by a bureau itself."""
    org = session.get(OrgUnit, org_id)
    return org is not None and org.type in (OrgType.STATION, OrgType.COMMUNITY)


@hookimpl
def sifa_referral_targets() -> list[ReferralTarget]:
    return [
        ReferralTarget(
            "testplugin.item",
            "测试事项",
            "Test item",
            receive=receive_item,
            accepts=accepts_item,
            fields=(ReferralField("contact", "联系人", "Contact person", required=True),),
            org_types=("station", "community"),
        )
    ]


#: What the test plugin handed over through the core's dialog: (item id, receipt url).
HANDED_OVER: list[tuple[int, str]] = []


def item_draft(session: Session, item_id: int) -> HandoverDraft | None:
    """An item as the core's 转办 dialog hands it over (proves sifa_referral_sources)."""
    item = session.get(TestpluginItem, item_id)
    if item is None:
        return None
    return HandoverDraft(
        record=item,
        org_id=item.org_id,
        source_ref=f"TP-{item.id}",
        title=item.title,
        description="测试事项转办",
        url=f"/m/testplugin/items/{item.id}",
    )


def item_handed_over(
    session: Session,
    item_id: int,
    receipt: ReferralReceipt,
    referral: Referral,
    reason: str,
    now: Any,
) -> None:
    item = session.get(TestpluginItem, item_id)
    item.version += 1  # type: ignore[union-attr]
    session.add(item)
    HANDED_OVER.append((item_id, receipt.url))


@hookimpl
def sifa_referral_sources() -> list[ReferralSource]:
    return [
        ReferralSource(
            "testplugin.item",
            "测试事项",
            "Test item",
            permission="testplugin.notes.edit",
            prepare=item_draft,
            sent=item_handed_over,
        )
    ]


@hookimpl
def sifa_org_types() -> list[OrgTypeDecl]:
    """A notary office (proves plugin-declared organisation types)."""
    return [
        OrgTypeDecl(
            "testplugin.notary",
            "测试公证处",
            "Test notary office",
            parents=("bureau", "city_bureau"),
            short_zh="公证处",
            short_en="Notary",
        )
    ]


@hookimpl
def sifa_code_lists() -> list[CodeList]:
    """The kinds of test items (proves code lists: declared, extended by a bureau, in a form)."""
    return [
        CodeList(
            KINDS,
            "测试事项类别",
            "Test item kinds",
            entries=(
                CodeEntry("visit", "走访", "Visit", 10),
                CodeEntry("call", "电话回访", "Phone call", 20),
            ),
        )
    ]


@hookimpl
def sifa_lifecycle_event(session: Session, event: Any) -> None:
    crossplugin.heard(session, event)


@hookimpl
def sifa_busy_periods(start: Any, end: Any) -> list[Any]:
    return crossplugin.busy(start, end)


@hookimpl
def sifa_event_assistants(day: Any) -> list[Any]:
    return crossplugin.assistants(day)


@hookimpl
def sifa_location_providers() -> list[Any]:
    return [crossplugin.SimulatedFeed()]


def _make_item(session: Session, org_id: int) -> TestpluginItem:
    item = TestpluginItem(org_id=org_id, title="外站事项")
    session.add(item)
    session.flush()
    return item


@hookimpl
def sifa_record_factories() -> dict[type[Any], Any]:
    return {TestpluginItem: _make_item}


def _portal_status(session: Session, record_id: int) -> Any:
    from core.api import PortalStatus, PortalStep

    return PortalStatus(
        "已收到", "Received", "测试单位", [PortalStep(date(2026, 11, 23), "已收到", "Received")]
    )


@hookimpl
def sifa_portal_kinds() -> list[Any]:
    from core.api import PortalKind

    return [
        PortalKind(
            "testplugin.request",
            "测试申请",
            "Test request",
            "测试用的网上申请",
            "A test application",
            apply_path="apply",
            status=_portal_status,
            order=90,
        )
    ]


@hookimpl
def sifa_portal_routes() -> list[Any]:
    return []  # the kind's status is enough for the core's tests; no public form
