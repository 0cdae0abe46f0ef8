"""Citizen portal, legal aid (issue 24, acceptance 2): the centre asks for missing materials,
the applicant sees the list on the portal and uploads them there, and the review clock
resumes with the time not yet used (the same dates as the service-level deadline test,
09-21 → paused 09-23 → supplied 09-29 → due 10-08 across National Day). The identity number
never shows; a link without the code shows nothing."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

import pytest
from la_support import at, centre, fresh, id_number
from legal_aid.codes import Status
from legal_aid.models import LegalAidAttachment, LegalAidCase
from legal_aid.services import review
from litestar.testing import TestClient
from sqlmodel import select

from core.db import session_scope
from core.portal.models import PortalOutbox
from tests.support.auth import FakeClock, csrf_headers, post_form, use_clock
from web.app import create_app

PDF = b"%PDF-1.4\n% wage slip\n"
NUMBER = id_number(7)


@pytest.fixture
def centre_id(platform, org_tree) -> int:
    platform.settings.portal_dev_sms = True
    with session_scope(platform.engine) as session:
        return centre(session, org_tree.bureau)


@pytest.fixture
def citizen(platform, centre_id) -> Iterator[TestClient]:
    with TestClient(app=create_app(platform=platform), raise_server_exceptions=False) as client:
        yield client


def latest_code(platform) -> str:
    with session_scope(platform.engine) as session:
        text = session.exec(select(PortalOutbox.text).order_by(PortalOutbox.id.desc())).first()  # type: ignore[union-attr]
    return re.search(r"验证码(\d{6})", text).group(1)  # type: ignore[arg-type, union-attr]


def test_missing_materials_are_uploaded_on_the_portal_and_the_review_clock_resumes(
    platform, centre_id, citizen
) -> None:
    clock = use_clock(citizen, FakeClock(at(date(2026, 9, 21))))
    citizen.get("/portal/legal_aid/apply")
    done = citizen.post(
        "/portal/legal_aid/apply",
        data={
            "centre_id": str(centre_id),
            "applicant_name": "王秀英",
            "applicant_id_number": NUMBER,
            "applicant_phone": "13905341234",
            "matter": "civil_wages",
            "summary": "在县城工地干了八个月，老板拖欠工资三万二。",
            "economic_situation": "务农为主，家庭年收入不足一万元。",
            "integrity_pledge": "1",
            "consent": "1",
        },
        files={"attachments": ("", b"", "application/octet-stream")},
        headers=csrf_headers(citizen),
    )
    assert done.status_code == 200, done.text
    link = re.search(r'id="private-link">[^<]*(/portal/a/[\w-]+)<', done.text).group(1)  # type: ignore[union-attr]
    with session_scope(platform.engine) as session:
        (case,) = session.exec(select(LegalAidCase)).all()
        assert case.review_due == date(2026, 9, 28)
        review.request_materials(
            session,
            case.id,
            {"materials_list": "劳动合同或工资欠条；身份证复印件", "requested_on": "2026-09-23"},
            case.version,
            date(2026, 9, 23),
        )
    clock.now = at(date(2026, 9, 29))
    assert "劳动合同或工资欠条" not in citizen.get(link).text  # nothing without the code
    post_form(citizen, f"{link}/code", {})
    assert post_form(citizen, f"{link}/verify", {"code": latest_code(platform)}).status_code == 303
    page = citizen.get(link).text
    assert "补充材料中" in page and "劳动合同或工资欠条；身份证复印件" in page
    assert NUMBER not in page and "13905341234" not in page
    upload_url = link.replace("/portal/", "/portal/legal_aid/") + "/materials"
    empty = citizen.post(
        upload_url,
        files={"attachments": ("", b"", "application/octet-stream")},
        headers=csrf_headers(citizen),
    )
    assert empty.status_code == 422 and "请选择要上传的材料" in empty.text
    answer = citizen.post(
        upload_url,
        files={"attachments": ("工资欠条.pdf", PDF, "application/pdf")},
        headers=csrf_headers(citizen),
    )
    assert answer.status_code == 200, answer.text
    assert "材料已提交，审查继续进行" in answer.text and "2026-10-08" in answer.text
    with session_scope(platform.engine) as session:
        resumed = fresh(session, LegalAidCase, case.id)
        assert resumed.status == Status.APPLIED
        assert resumed.materials_supplied_on == date(2026, 9, 29)
        # Two of seven days were used before the pause; five run from 09-29 → 10-04, a
        # holiday, so the decision is due on 10-08.
        assert resumed.review_due == date(2026, 10, 8)
        (stored,) = session.exec(
            select(LegalAidAttachment).where(LegalAidAttachment.kind == "materials")
        ).all()
    assert (
        platform.settings.data_dir / "legal_aid" / "attachments" / stored.stored_name
    ).read_bytes() == PDF
    again = citizen.post(
        upload_url,
        files={"attachments": ("再补.pdf", PDF, "application/pdf")},
        headers=csrf_headers(citizen),
    )
    assert again.status_code == 409 and "现在不能补充材料" in again.text
    assert "materials-form" not in again.text  # the upload is offered only while asked for


def test_the_aided_person_rates_the_service_at_the_end(platform, centre_id, citizen) -> None:
    use_clock(citizen, FakeClock(at(date(2026, 11, 23))))
    citizen.get("/portal/legal_aid/apply")
    done = citizen.post(
        "/portal/legal_aid/apply",
        data={
            "centre_id": str(centre_id),
            "applicant_name": "李凤英",
            "applicant_id_number": id_number(8),
            "applicant_phone": "13905347777",
            "matter": "civil_wages",
            "summary": "工资被拖欠。",
            "economic_situation": "低保户。",
            "integrity_pledge": "1",
            "consent": "1",
        },
        files={"attachments": ("", b"", "application/octet-stream")},
        headers=csrf_headers(citizen),
    )
    link = re.search(r'id="private-link">[^<]*(/portal/a/[\w-]+)<', done.text).group(1)  # type: ignore[union-attr]
    with session_scope(platform.engine) as session:
        (case,) = session.exec(select(LegalAidCase)).all()
        case.status = Status.CLOSED  # the case ran its course (the flow is tested elsewhere)
    post_form(citizen, f"{link}/code", {})
    post_form(citizen, f"{link}/verify", {"code": latest_code(platform)})
    assert 'id="rate-form"' in citizen.get(link).text
    url = link.replace("/portal/", "/portal/legal_aid/") + "/rate"
    blank = citizen.post(
        url, data={"satisfaction": ""}, files={"x": ("", b"")}, headers=csrf_headers(citizen)
    )
    assert blank.status_code == 422 and "请选择满意程度" in blank.text
    rated = citizen.post(
        url, data={"satisfaction": "basic"}, files={"x": ("", b"")}, headers=csrf_headers(citizen)
    )
    assert rated.status_code == 200 and "感谢您的评价" in rated.text
    with session_scope(platform.engine) as session:
        stored = fresh(session, LegalAidCase, case.id)
        assert (stored.satisfaction, stored.surveyed_on) == ("basic", date(2026, 11, 23))
    again = citizen.post(
        url,
        data={"satisfaction": "satisfied"},
        files={"x": ("", b"")},
        headers=csrf_headers(citizen),
    )
    assert again.status_code == 409 and "您已评价过" in again.text


def test_the_old_address_leads_to_the_portal(citizen) -> None:
    moved = citizen.get("/m/legal_aid/apply", follow_redirects=False)
    assert moved.status_code == 301 and moved.headers["location"] == "/portal/legal_aid/apply"
    posted = post_form(citizen, "/m/legal_aid/apply", {})
    assert posted.status_code == 308


def test_the_applicant_withdraws_before_the_decision_and_not_after(
    platform, centre_id, citizen
) -> None:
    """撤回申请 from the status page while the centre has not decided; the case is closed as
    withdrawn by the applicant (not the 视为撤回 of missing materials), and a second try —
    or any try after a decision — is refused with the reason."""
    use_clock(citizen, FakeClock(at(date(2026, 9, 21))))
    citizen.get("/portal/legal_aid/apply")
    done = citizen.post(
        "/portal/legal_aid/apply",
        data={
            "centre_id": str(centre_id),
            "applicant_name": "李桂兰",
            "applicant_id_number": id_number(8),
            "applicant_phone": "13905345678",
            "matter": "civil_wages",
            "summary": "厂里拖欠工资，已经协商好了，想撤回。",
            "economic_situation": "无固定收入。",
            "integrity_pledge": "1",
            "consent": "1",
        },
        files={"attachments": ("", b"", "application/octet-stream")},
        headers=csrf_headers(citizen),
    )
    assert done.status_code == 200, done.text
    link = re.search(r'id="private-link">[^<]*(/portal/a/[\w-]+)<', done.text).group(1)  # type: ignore[union-attr]
    post_form(citizen, f"{link}/code", {})
    assert post_form(citizen, f"{link}/verify", {"code": latest_code(platform)}).status_code == 303
    page = citizen.get(link).text
    version = re.search(r'id="withdraw-form".*?name="version" value="(\d+)"', page, re.S).group(1)  # type: ignore[union-attr]
    url = link.replace("/portal/", "/portal/legal_aid/") + "/withdraw"
    answer = post_form(citizen, url, {"version": version})
    assert answer.status_code == 200 and "已撤回申请" in answer.text
    assert "您已撤回申请" in answer.text and "withdraw-form" not in answer.text
    with session_scope(platform.engine) as session:
        (case,) = session.exec(select(LegalAidCase)).all()
        assert (case.status, case.result) == (Status.WITHDRAWN, review.APPLICANT_WITHDREW)
    again = post_form(citizen, url, {"version": version})
    assert again.status_code == 409 and "不能再网上撤回" in again.text
