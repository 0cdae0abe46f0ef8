"""The yearly plan from the unit's draft to the bureau's approval, the public page, events
against the plan, the unit's indicator and the year-end evaluation (acceptance 1 without a
browser; the browser walk is tests/browser/test_publicity_browser.py)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import ExitStack
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from litestar.testing import TestClient
from publicity.indicators import INDICATORS
from publicity.models import PublicityEvaluation, PublicityPlan
from publicity_support import clocked_client, make_unit
from sqlmodel import Session, select

from core.api import DueSource, due_items_of
from core.db import session_scope
from core.identity.models import StaffAccount
from core.indicators.engine import rollup
from core.indicators.periods import Period
from core.orgs.models import OrgUnit
from core.reminders.models import Notification
from web.testing import FakeClock, post_form

BY_CODE = {i.code: i for i in INDICATORS}
DECEMBER = datetime(2026, 12, 20, 2, 0, tzinfo=UTC)


@pytest.fixture
def stack() -> Iterator[ExitStack]:
    with ExitStack() as exits:
        yield exits


def _plan_id(answer) -> int:
    match = re.search(r"/m/publicity/plans/(\d+)", answer.headers["location"])
    assert match, answer.headers["location"]
    return int(match.group(1))


def _version(platform, plan_id: int) -> str:
    with Session(platform.engine) as session:
        return str(session.get(PublicityPlan, plan_id).version)


def test_a_unit_submits_its_plan_the_bureau_approves_it_and_it_is_published(
    platform, org_tree, admin_client, stack
) -> None:
    with session_scope(platform.engine) as session:
        unit_id = make_unit(session, org_tree.station_a).id
    anonymous = TestClient(app=admin_client.app)

    station_a_client = stack.enter_context(
        clocked_client(
            platform, "suozhang", {"station_staff": org_tree.station_a}, FakeClock(DECEMBER)
        )
    )
    draft = post_form(
        station_a_client,
        f"/m/publicity/units/{unit_id}/plans/new",
        {
            "year": "2027",
            "plan_period": "九五普法",
            "q1": "4",
            "q2": "6",
            "q3": "5",
            "q4": "5",
            "themes": "宪法宣传周；民法典宣传月",
            "audiences": "村(居)民、青少年学生",
            "laws": "宪法\n民法典",
        },
    )
    assert draft.status_code == 303, draft.text
    plan_id = _plan_id(draft)
    assert "市中街道司法所普法组" not in anonymous.get("/m/publicity/public/plans?year=2027").text

    # the unit cannot approve its own plan (no permission), the bureau can
    submitted = post_form(
        station_a_client,
        f"/m/publicity/plans/{plan_id}/submit",
        {"version": _version(platform, plan_id)},
    )
    assert submitted.status_code == 303
    own = post_form(
        station_a_client,
        f"/m/publicity/plans/{plan_id}/approve",
        {"version": _version(platform, plan_id)},
    )
    assert own.status_code == 403
    queue = admin_client.get("/m/publicity/plans?status=submitted")
    assert f"/m/publicity/plans/{plan_id}" in queue.text
    with Session(platform.engine) as session:  # the bureau's publicity office has it to do
        (review,) = due_items_of(session, DueSource("publicity", "plan_review", plan_id))
        assert review.org_id == org_tree.bureau and review.done_at is None
    returned = post_form(
        admin_client,
        f"/m/publicity/plans/{plan_id}/return",
        {"version": _version(platform, plan_id), "note": ""},
    )
    assert returned.status_code == 422 and "退回时请写明修改意见" in returned.text
    approved = post_form(
        admin_client,
        f"/m/publicity/plans/{plan_id}/approve",
        {"version": _version(platform, plan_id), "note": "同意"},
    )
    assert approved.status_code == 303

    with Session(platform.engine) as session:
        (review,) = due_items_of(session, DueSource("publicity", "plan_review", plan_id))
        assert review.done_at is not None
        clerk = session.exec(
            select(StaffAccount.id).where(StaffAccount.username == "suozhang")
        ).one()
        told = session.exec(
            select(Notification.title_zh).where(Notification.account_id == clerk)
        ).all()
        assert "2027年度普法计划已审核通过并公开" in told
    public = anonymous.get("/m/publicity/public/plans?year=2027")
    assert public.status_code == 200
    assert "市中街道司法所普法组" in public.text and "宪法宣传周" in public.text
    with Session(platform.engine) as session:
        plan = session.get(PublicityPlan, plan_id)
        assert (plan.status, plan.total, plan.plan_period, plan.minimum) == (
            "approved",
            20,
            "九五普法",
            20,
        )


def test_a_stale_approval_is_refused_with_409(platform, org_tree, admin_client) -> None:
    with session_scope(platform.engine) as session:
        unit = make_unit(session, org_tree.station_a)
    draft = post_form(
        admin_client,
        f"/m/publicity/units/{unit.id}/plans/new",
        {"year": "2026", "q1": "5", "themes": "宪法"},
    )
    plan_id = _plan_id(draft)
    post_form(admin_client, f"/m/publicity/plans/{plan_id}/submit", {"version": "1"})
    stale = post_form(
        admin_client, f"/m/publicity/plans/{plan_id}/approve", {"version": "1", "note": "同意"}
    )
    assert stale.status_code == 409
    assert "该记录已被他人修改" in stale.text
    assert "同意" in stale.text


def test_a_plan_needs_themes_and_some_events_and_one_per_unit_and_year(
    platform, org_tree, admin_client
) -> None:
    with session_scope(platform.engine) as session:
        unit = make_unit(session, org_tree.station_a)
    empty = post_form(
        admin_client,
        f"/m/publicity/units/{unit.id}/plans/new",
        {"year": "2026", "audiences": "老年人"},
    )
    assert empty.status_code == 422
    assert (
        "请填写宣传主题" in empty.text
        and "请至少为一个季度安排活动场次" in empty.text
        and "老年人" in empty.text
    )
    assert (
        post_form(
            admin_client,
            f"/m/publicity/units/{unit.id}/plans/new",
            {"year": "2026", "q1": "1", "themes": "x"},
        ).status_code
        == 303
    )
    again = post_form(
        admin_client,
        f"/m/publicity/units/{unit.id}/plans/new",
        {"year": "2026", "q1": "1", "themes": "y"},
    )
    assert again.status_code == 422 and "2026年度的计划已存在" in again.text


def test_events_move_plan_progress_the_unit_indicator_and_the_year_end_evaluation_is_scored(
    platform, org_tree, stack
) -> None:
    admin_client = stack.enter_context(
        clocked_client(platform, "juzhang", {"system_admin": None}, FakeClock(DECEMBER))
    )
    with session_scope(platform.engine) as session:
        unit = make_unit(session, org_tree.station_a)
    plan_id = _plan_id(
        post_form(
            admin_client,
            f"/m/publicity/units/{unit.id}/plans/new",
            {"year": "2026", "q1": "1", "q2": "1", "q3": "1", "q4": "2", "themes": "宪法"},
        )
    )
    post_form(
        admin_client,
        f"/m/publicity/plans/{plan_id}/submit",
        {"version": _version(platform, plan_id)},
    )
    post_form(
        admin_client,
        f"/m/publicity/plans/{plan_id}/approve",
        {"version": _version(platform, plan_id)},
    )

    def completion() -> Decimal | None:
        with Session(platform.engine) as session:
            return rollup(
                session,
                BY_CODE["publicity.plan_completion"],
                session.get(OrgUnit, org_tree.bureau),
                Period.parse("2026Q4"),
            ).value

    assert completion() == Decimal("0.0")
    for day in ("2026-10-08", "2026-12-04"):
        answer = admin_client.post(
            "/m/publicity/events/new",
            data={
                "unit_id": str(unit.id),
                "org_id": str(org_tree.village_a),
                "title": f"宪法宣传 {day}",
                "held_on": day,
                "format": "stand",
                "attendance": "120",
            },
            files=[("photos", ("", b"", "application/octet-stream"))],
            headers={"x-csrftoken": admin_client.cookies["sifa_csrf"]},
            follow_redirects=False,
        )
        assert answer.status_code == 303, answer.text
    page = admin_client.get(f"/m/publicity/plans/{plan_id}")
    assert "全年已开展 2 场 / 计划 5 场" in page.text
    assert completion() == Decimal("100.0")

    self_report = post_form(
        admin_client,
        f"/m/publicity/plans/{plan_id}/self-report",
        {"self_report": "全年开展宪法宣传等活动。", "self_score": "90", "ev_version": ""},
    )
    assert self_report.status_code == 303
    with Session(platform.engine) as session:
        version = str(session.exec(select(PublicityEvaluation.version)).one())
    bad = post_form(
        admin_client,
        f"/m/publicity/plans/{plan_id}/score",
        {"score": "120", "third_party_score": "88", "ev_version": version},
    )
    assert bad.status_code == 422
    assert "考核得分须在 0 到 100 之间" in bad.text and "请注明评估机构" in bad.text
    scored = post_form(
        admin_client,
        f"/m/publicity/plans/{plan_id}/score",
        {
            "score": "92",
            "comment": "完成良好",
            "third_party": "德州学院法学院",
            "third_party_score": "88",
            "ev_version": version,
        },
    )
    assert scored.status_code == 303
    sheet = admin_client.get(f"/m/publicity/plans/{plan_id}/sheet")
    assert (
        "普法责任制考核表" in sheet.text and "92" in sheet.text and "德州学院法学院" in sheet.text
    )
