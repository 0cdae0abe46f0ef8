"""The audit page: failed sign-ins, field diffs, filters, scope, paging and the CSV export."""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime

import pytest
import time_machine
from litestar.testing import TestClient
from sqlmodel import Session, col, select

from core.audit import audit_context, record_event
from core.audit.models import AuditRecord
from core.audit.queries import iter_audit
from core.db import session_scope
from core.people.service import register_person
from core.platform import Platform
from tests.people.factories import person_data, resident_id
from tests.support.auth import OrgTree, login, make_account, post_form

HTMX = {"HX-Request": "true"}


def record_ids(page: str) -> list[int]:
    return [int(i) for i in re.findall(r'data-record="(\d+)"', page)]


def actions(page: str) -> list[str]:
    return re.findall(r'data-action="([a-z_]+)"', page)


def latest(platform: Platform, **where: object) -> AuditRecord:
    with Session(platform.engine) as session:
        query = select(AuditRecord).order_by(col(AuditRecord.id).desc())
        for name, value in where.items():
            query = query.where(getattr(AuditRecord, name) == value)
        found = session.exec(query).first()
    assert found is not None
    return found


def export_rows(client: TestClient, query: str = "") -> list[list[str]]:
    response = client.get(f"/audit/export.csv{query}")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv")
    assert "attachment" in response.headers["content-disposition"]
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text)))


@pytest.fixture
def anonymous(platform: Platform) -> TestClient:
    from web.app import create_app

    with TestClient(app=create_app(platform=platform), raise_server_exceptions=False) as c:
        yield c


def test_six_wrong_passwords_show_as_six_failed_sign_ins_to_the_accounts_admin(
    platform: Platform,
    org_tree: OrgTree,
    anonymous: TestClient,
    station_a_client: TestClient,
    station_b_client: TestClient,
) -> None:
    with session_scope(platform.engine) as session:
        make_account(session, "zhang.tiaojie", roles={"mediator": org_tree.village_a})
    for _ in range(6):
        login(anonymous, "zhang.tiaojie", "Cuowu-Kouling-0000", expect_success=False)

    page = station_a_client.get("/audit?actor=zhang.tiaojie&action=login_failure")
    assert page.status_code == 200
    assert actions(page.text) == ["login_failure"] * 6
    assert "共 6 条记录" in page.text
    assert "locked" in page.text  # the sixth was refused because the account is locked
    assert "Cuowu-Kouling" not in page.text
    everything = station_a_client.get("/audit?actor=Zhang.Tiaojie").text
    assert actions(everything).count("login_failure") == 6
    assert actions(station_b_client.get("/audit?actor=zhang.tiaojie").text) == []


def test_an_edit_through_a_page_shows_its_field_diff(
    platform: Platform, org_tree: OrgTree, admin_client: TestClient
) -> None:
    with session_scope(platform.engine) as session:
        account = make_account(
            session, "ganbu.a", display_name="张干部", roles={"station_staff": org_tree.village_a}
        )
        account_id, version = account.id, account.version
    saved = post_form(
        admin_client,
        f"/staff/{account_id}",
        {
            "display_name": "张新干部",
            "org_id": str(org_tree.village_a),
            "active": "1",
            "version": str(version),
        },
    )
    assert saved.status_code == 303
    page = admin_client.get("/audit?entity=staff_account&action=update").text
    row = page.split(f'data-record="{latest(platform, entity="staff_account").id}"', 1)[1]
    row = row.split("<tr data-record=", 1)[0]
    assert re.search(
        r'data-field="display_name"><td>显示名称</td>'
        r'<td class="before">张干部</td><td>→</td><td class="after">张新干部</td>',
        row,
    )

    post_form(
        admin_client, f"/orgs/{org_tree.village_a}/rename", {"name": "前进新社区", "version": "1"}
    )
    orgs = admin_client.get(f"/audit?entity=org_unit&org_id={org_tree.village_a}&org_mode=self")
    assert (
        '<td class="before">前进社区</td><td>→</td><td class="after">前进新社区</td>' in orgs.text
    )


def test_each_admin_sees_only_the_records_of_their_subtree(
    platform: Platform,
    org_tree: OrgTree,
    admin_client: TestClient,
    station_a_client: TestClient,
    station_b_client: TestClient,
    anonymous: TestClient,
) -> None:
    post_form(
        admin_client, f"/orgs/{org_tree.village_b}/rename", {"name": "后刘新村", "version": "1"}
    )
    b_change = latest(platform, entity="org_unit", org_id=org_tree.village_b).id
    post_form(
        admin_client, f"/orgs/{org_tree.village_a}/rename", {"name": "前进新社区", "version": "1"}
    )
    a_change = latest(platform, entity="org_unit", org_id=org_tree.village_a).id
    login(anonymous, "nobody.here", "Cuowu-Kouling-0000", expect_success=False)
    nobody = latest(platform, action="login_failure").id  # no account, no organisation

    a_sees = record_ids(station_a_client.get("/audit").text)
    b_sees = record_ids(station_b_client.get("/audit").text)
    admin_sees = record_ids(admin_client.get("/audit").text)
    assert a_change in a_sees and b_change not in a_sees and nobody not in a_sees
    assert b_change in b_sees and a_change not in b_sees and nobody not in b_sees
    assert {a_change, b_change, nobody} <= set(admin_sees)

    # an organisation outside the scope is not a filter one can use: 404, page and export
    assert station_a_client.get(f"/audit?org_id={org_tree.station_b}").status_code == 404
    assert station_a_client.get(f"/audit/export.csv?org_id={org_tree.bureau}").status_code == 404
    only_village = admin_client.get(f"/audit?org_id={org_tree.station_b}").text
    assert b_change in record_ids(only_village) and a_change not in record_ids(only_village)
    self_only = admin_client.get(f"/audit?org_id={org_tree.station_b}&org_mode=self").text
    assert b_change not in record_ids(self_only)


def test_dates_are_read_as_beijing_days_and_a_bad_date_is_a_422(
    platform: Platform, org_tree: OrgTree, admin_client: TestClient
) -> None:
    moments = {
        "early": datetime(2026, 3, 1, 15, 59, tzinfo=UTC),  # 3月1日 23:59 北京时间
        "late": datetime(2026, 3, 1, 16, 1, tzinfo=UTC),  # 3月2日 00:01 北京时间
        "next": datetime(2026, 3, 3, 1, tzinfo=UTC),
    }
    for name, at in moments.items():
        with (
            time_machine.travel(at, tick=False),
            session_scope(platform.engine) as session,
            audit_context(org_id=org_tree.station_a),
        ):
            record_event(session, "unmask", entity="person", details={"field": name})
    page = admin_client.get("/audit?action=unmask&date_from=2026-03-02&date_to=2026-03-02").text
    assert "共 1 条记录" in page and "late" in page and "early" not in page
    assert len(record_ids(admin_client.get("/audit?action=unmask&date_from=2026-03-02").text)) == 2

    bad = admin_client.get("/audit?date_from=2026-02-30")
    assert bad.status_code == 422
    assert "开始日期应为 年-月-日 格式的日期（收到“2026-02-30”）" in bad.text
    backwards = admin_client.get("/audit?date_from=2026-03-03&date_to=2026-03-01")
    assert backwards.status_code == 422 and "开始日期不能晚于结束日期" in backwards.text
    assert admin_client.get("/audit/export.csv?date_to=x").status_code == 422


def test_pages_turn_in_place_with_htmx_newest_first(
    platform: Platform, org_tree: OrgTree, admin_client: TestClient
) -> None:
    with session_scope(platform.engine) as session:
        for n in range(60):
            record_event(session, "bulk_update", org_id=org_tree.station_a, details={"n": n})
    first = admin_client.get("/audit?action=bulk_update")
    ids = record_ids(first.text)
    assert len(ids) == 50 and ids == sorted(ids, reverse=True)
    assert "第 1 / 2 页" in first.text
    assert (
        'hx-get="/audit?actor=&amp;entity=&amp;org_id=&amp;org_mode=tree&amp;action=bulk_update'
        in first.text
    )
    second = admin_client.get("/audit?action=bulk_update&page=2", headers=HTMX)
    assert second.text.lstrip().startswith('<div id="audit-table">')
    assert "<html" not in second.text and second.headers["vary"] == "HX-Request"
    assert len(record_ids(second.text)) == 10 and max(record_ids(second.text)) < min(ids)


def test_the_export_follows_the_filter_and_the_scope_and_keeps_numbers_masked(
    platform: Platform,
    org_tree: OrgTree,
    admin_client: TestClient,
    station_a_client: TestClient,
) -> None:
    full_id = resident_id(7)
    with session_scope(platform.engine) as session:
        register_person(session, person_data(id_number=full_id), org_id=org_tree.village_a)
    post_form(
        admin_client, f"/orgs/{org_tree.village_b}/rename", {"name": "后刘新村", "version": "1"}
    )
    post_form(
        admin_client,
        f"/orgs/{org_tree.village_a}/rename",
        {"name": "=HYPERLINK(1)", "version": "1"},
    )

    rows = export_rows(station_a_client)
    header, body = rows[0], rows[1:]
    assert header[0] == "时间（北京时间）" and "变更（修改前→修改后）" in header
    text = "\n".join(",".join(r) for r in body)
    assert "后刘新村" not in text  # station B's change is not station A's to export
    assert full_id not in text and "13812345678" not in text
    assert f"{full_id[:6]}********{full_id[-4:]}" in text and "138****5678" in text
    assert any(cell.startswith("'=HYPERLINK") for row in body for cell in row)
    assert not any(cell.startswith("=") for row in body for cell in row)

    everything = "\n".join(",".join(r) for r in export_rows(admin_client))
    assert "后刘新村" in everything
    only_people = export_rows(admin_client, "?entity=person")[1:]
    assert only_people and {row[7] for row in only_people} == {"人员"}

    exported = latest(platform, action="audit_export")
    assert exported.actor_name == "admin" and "entity=person" in exported.details["filter"]


def test_the_export_reads_newest_first_in_batches_without_repeats(
    platform: Platform, org_tree: OrgTree
) -> None:
    with session_scope(platform.engine) as session:
        for n in range(7):
            record_event(session, "bulk_update", org_id=org_tree.station_a, details={"n": n})
    with Session(platform.engine) as reader:
        seen = []
        for record in iter_audit(reader, action="bulk_update", batch_size=3):
            seen.append(record.details["n"])
            if len(seen) == 1:  # a record appended meanwhile shifts nothing
                with session_scope(platform.engine) as writer:
                    record_event(
                        writer, "bulk_update", org_id=org_tree.station_a, details={"n": 99}
                    )
        limited = [
            r.details["n"] for r in iter_audit(reader, action="bulk_update", limit=4, batch_size=3)
        ]
    assert seen == [6, 5, 4, 3, 2, 1, 0]
    assert limited == [99, 6, 5, 4]


def test_the_navigation_links_follow_the_permissions(
    admin_client: TestClient, platform: Platform, org_tree: OrgTree, anonymous: TestClient
) -> None:
    home = admin_client.get("/").text
    assert 'href="/orgs"' in home and 'href="/audit"' in home
    with session_scope(platform.engine) as session:
        make_account(session, "tiaojie", roles={"mediator": org_tree.village_a})
    login(anonymous, "tiaojie")
    mediator = anonymous.get("/").text
    assert 'href="/orgs"' in mediator and 'href="/audit"' not in mediator
    assert anonymous.get("/audit").status_code == 403


def test_a_stored_address_or_code_is_set_apart_from_words() -> None:
    """A reminder's link (``/m/publicity/events/new?unit_id=3&key_date=constitution_week``)
    kept in the trail is shown as code, not as text for people (the walk-through met it on
    4 December, during the 宪法宣传周 reminders)."""
    from web.pages_audit import is_code

    assert is_code("/m/publicity/events/new?unit_id=3&key_date=constitution_week&year=2026")
    assert is_code("https://example.org/a?b=c") and is_code("model_village")
    assert is_code("keydate:constitution_week:2026-12-01")  # a due item's key
    assert not is_code("12·4国家宪法日暨宪法宣传周") and not is_code("王调解 / 李调解")
