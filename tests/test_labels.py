"""Names for tables, columns, codes and records (issue 21, defect 10): the registry in
core.labels, where the core and each plugin's models declare them, and the audit log that
reads it (record titles, field labels, jobs by what they do)."""

from __future__ import annotations

from datetime import date

from litestar.testing import TestClient
from sqlmodel import Session

from core.audit import audit_context
from core.db import session_scope
from core.labels import entity_label, field_label, record_titles, value_label
from core.platform import Platform
from core.reminders.service import DueSource, add_due_item
from tests.support.auth import OrgTree


def test_models_name_themselves_their_columns_and_codes(platform: Platform) -> None:
    assert entity_label("staff_account") == "工作人员账号"
    assert entity_label("publicity_event") == "普法活动"
    assert entity_label("publicity_event", "en") == "Publicity event"
    assert field_label("staff_account", "last_login_at") == "最近登录时间"
    assert field_label("publicity_event", "online_reads") == "网上阅读量"  # the plugin's own
    assert field_label("publicity_event", "version", "en") == "Version"
    # a column that references another table takes that table's name
    assert field_label("mediation_case_mediator", "mediator_id") == "人民调解员"
    assert value_label("publicity_event", "format", "open_day") == "开放日/庭审观摩"
    assert value_label("publicity_event", "theme", "open_day") is None  # not a code column
    assert value_label("mediation_case", "status", "mediating") == "调解中"
    assert value_label("mediation_escalation", "status", "pending") == "待签收"
    # two code lists share "01": each column keeps its own list's label
    assert value_label("corrections_team_member", "member_type", "01") == "司法所工作人员"
    assert value_label("corrections_aftercare", "resettlement", "01") == "落实责任田"
    assert value_label("legal_aid_case", "exempt_group", "migrant_wages") == (
        "申请支付劳动报酬或者工伤赔偿的农民工"
    )


def test_records_are_titled_by_their_own_name(platform: Platform, org_tree: OrgTree) -> None:
    with session_scope(platform.engine) as session:
        item = add_due_item(
            session,
            DueSource("core", "probe", 1),
            title_zh="登记普法活动（宪法宣传周）",
            due_at=date.today(),
            org_id=org_tree.bureau,
        )
        item_id = item.id
    with Session(platform.engine) as session:
        titles = record_titles(
            session,
            [("due_item", item_id), ("org_unit", org_tree.station_a), ("org_unit", 999_999)],
        )
    assert titles[("due_item", str(item_id))] == "登记普法活动（宪法宣传周）"
    assert titles[("org_unit", str(org_tree.station_a))] == "市中街道司法所"
    assert titles[("org_unit", "999999")] == "组织机构（编号 999999）"  # gone: kind and number


def test_the_audit_log_shows_labels_titles_and_jobs_by_description(
    platform: Platform, admin_client: TestClient, org_tree: OrgTree
) -> None:
    with (
        session_scope(platform.engine) as session,
        audit_context(actor_name="job:core.reminders.scan"),
    ):
        add_due_item(
            session,
            DueSource("core", "probe", 2),
            title_zh="回访调解协议履行情况",
            due_at=date.today(),
            org_id=org_tree.bureau,
        )
    page = admin_client.get("/audit").text
    assert "job:core.reminders.scan" not in page
    assert "后台任务：" in page
    assert "回访调解协议履行情况" in page and "due_item #" not in page
    assert ">到期时间<" in page and ">due_at<" not in page
    assert ">工作人员账号</option>" in page  # the filter names tables too
