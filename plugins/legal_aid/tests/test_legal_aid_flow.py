"""Acceptance 1 through the pages, with the clock moved by hand: the public online form →
the centre asks once for missing materials (the clock pauses) → supplied → granted on day 5
→ assigned by rotation on day 2 → the lawyer logs progress → closes with a report →
quality check → the subsidy is computed, adjusted by the grade and approved (then frozen).
The same flow in a real browser is tests/browser/test_legal_aid_browser.py."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from decimal import Decimal
from io import BytesIO

from la_support import centre, id_number, provider
from legal_aid.codes import Status
from legal_aid.models import LegalAidCase, LegalAidSubsidy
from legal_aid.services.cases import case_source
from litestar.testing import TestClient
from openpyxl import load_workbook
from sqlmodel import select

from core.api import DueState, due_items_of, due_state
from core.db import session_scope
from tests.support.auth import csrf_headers
from web.app import create_app
from web.testing import FakeClock, post_form, use_clock

START = datetime(2026, 11, 2, 1, 0, tzinfo=UTC)  # Monday 09:00 in Beijing


def _case(platform) -> LegalAidCase:
    with session_scope(platform.engine) as session:
        return session.exec(select(LegalAidCase)).one()


def act(platform, client, action: str, **data: str) -> LegalAidCase:
    case = _case(platform)
    answer = post_form(
        client, f"/m/legal_aid/cases/{case.id}/{action}", {"version": str(case.version), **data}
    )
    assert answer.status_code == 303, re.findall(r'role="alert"[^>]*>([^<]*)', answer.text)
    return _case(platform)


def test_online_application_to_approved_subsidy(platform, org_tree, admin_client) -> None:
    clock = use_clock(admin_client, FakeClock(START))
    with session_scope(platform.engine) as session:
        centre_id = centre(session, org_tree.bureau)
        # names that look like formulas: the subsidy workbook must keep them as text
        lawyers = [provider(session, centre_id, f"=律师{i}+1", years=4) for i in range(3)]

    # The citizen applies online, without an account.
    with TestClient(app=create_app(platform=platform), raise_server_exceptions=False) as public:
        use_clock(public, clock)
        public.get("/portal/legal_aid/apply")
        answer = public.post(
            "/portal/legal_aid/apply",
            data={
                "centre_id": str(centre_id),
                "applicant_name": "刘桂兰",
                "applicant_id_number": id_number(11),
                "applicant_phone": "13905340011",
                "matter": "civil_wages",
                "summary": "在本县某工地打工八个月，被拖欠工资三万二千元。",
                "economic_situation": "无固定收入",
                "integrity_pledge": "1",
                "consent": "1",
            },
            files={"attachments": ("", b"", "application/octet-stream")},
            headers=csrf_headers(public),
            follow_redirects=False,
        )
        assert answer.status_code == 200 and "申请已提交" in answer.text
    case = _case(platform)
    assert case.review_due == date(2026, 11, 9)
    queue = admin_client.get("/m/legal_aid/cases").text
    assert "刘桂兰" in queue  # the queue names the applicant (issue 21) …
    assert id_number(11) not in queue  # … but never shows the full ID number
    assert case.number in admin_client.get("/m/legal_aid/cases?status=applied").text

    # Day 1: the centre asks once for everything missing; the clock pauses.
    clock.advance(days=1)
    case = act(
        platform,
        admin_client,
        "materials",
        materials_list="劳动关系证明；工资欠条",
        requested_on="2026-11-03",
    )
    assert case.status == Status.MATERIALS and case.review_due is None
    again = post_form(
        admin_client,
        f"/m/legal_aid/cases/{case.id}/materials",
        {"version": str(case.version), "materials_list": "又缺", "requested_on": "2026-11-03"},
    )
    assert again.status_code == 400  # only once
    # Day 2: supplied; one day was used, six remain.
    clock.advance(days=1)
    case = act(platform, admin_client, "supply", supplied_on="2026-11-04")
    assert case.review_due == date(2026, 11, 10)
    # Day 5: granted, on time; the 3-day assignment limit starts.
    clock.advance(days=3)
    case = act(platform, admin_client, "grant", decided_on="2026-11-07")
    assert (case.status, case.review_on_time, case.assign_due) == (
        Status.GRANTED,
        True,
        date(2026, 11, 10),
    )
    assert "给予法律援助决定书" in admin_client.get(f"/m/legal_aid/cases/{case.id}/decision").text
    # Day 2 after the decision: assigned by rotation.
    clock.advance(days=2)
    case = act(platform, admin_client, "assign", mode="rotation", assigned_on="2026-11-09")
    assert case.status == Status.ASSIGNED and case.assign_on_time
    assert case.provider_id in {lawyer.id for lawyer in lawyers}

    # The lawyer logs progress, the matter ends, the report goes in within 30 days.
    clock.advance(days=10)
    act(
        platform,
        admin_client,
        "progress",
        happened_on="2026-11-19",
        note="向劳动仲裁委提交仲裁申请",
    )
    clock.advance(days=12)
    case = act(
        platform, admin_client, "end", ended_on="2026-12-01", result="仲裁调解，支付工资三万二"
    )
    assert case.report_due == date(2026, 12, 31)
    with session_scope(platform.engine) as session:
        items = due_items_of(session, case_source(case.id))
        report_item = next(i for i in items if i.kind == "legal_aid.report")
        assert due_state(report_item, clock()) is DueState.ON_TIME
    clock.advance(days=2)
    with session_scope(platform.engine) as session:  # the bureau's table: 1,500 yuan
        from legal_aid.services.subsidies import set_rate

        set_rate(
            session,
            org_tree.bureau,
            {"service_form": "litigation", "matter_group": "civil", "amount": "1500"},
        )
    case = act(
        platform,
        admin_client,
        "report",
        report="经仲裁调解结案，已附调解书。",
        reported_on="2026-12-03",
    )
    assert case.status == Status.CLOSED and case.report_on_time

    # Quality check, graded excellent: the unapproved subsidy follows the grade.
    act(
        platform,
        admin_client,
        "quality",
        method="visit",
        grade="excellent",
        checked_on="2026-12-03",
        notes="受援人对承办律师非常满意",
    )
    with session_scope(platform.engine) as session:
        subsidy = session.exec(select(LegalAidSubsidy)).one()
    assert (subsidy.base_amount, subsidy.amount) == (Decimal("1500.00"), Decimal("1800.00"))
    approved = post_form(
        admin_client,
        f"/m/legal_aid/subsidies/{subsidy.id}/approve",
        {"version": str(subsidy.version)},
    )
    assert approved.status_code == 303
    # Frozen: a later grade no longer changes it.
    act(
        platform,
        admin_client,
        "quality",
        method="file",
        grade="pass",
        checked_on="2026-12-03",
        notes="案卷装订不规范",
    )
    with session_scope(platform.engine) as session:
        frozen = session.exec(select(LegalAidSubsidy)).one()
    assert frozen.approved_on == date(2026, 12, 3) and frozen.amount == Decimal("1800.00")
    sheet = load_workbook(BytesIO(admin_client.get("/m/legal_aid/subsidies/export").content)).active
    assert sheet.cell(2, 1).value == case.number and sheet.cell(2, 9).value == 1800.0
    lawyer = sheet.cell(2, 4)
    assert lawyer.data_type == "s" and lawyer.value.startswith("'=律师")  # text, not a formula
