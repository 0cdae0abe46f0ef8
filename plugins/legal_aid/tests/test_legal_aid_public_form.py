"""Acceptance 4: the public online form (no login) rejects an invalid identity number,
missing consent and an oversized or wrong-type upload with clear messages, keeps what was
typed, and is rate-limited per client; a good application lands in the chosen centre's queue
with its attachment stored under the data directory."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from la_support import centre, id_number, provider
from legal_aid.codes import Channel, Status
from legal_aid.models import LegalAidAttachment, LegalAidCase
from litestar.testing import TestClient
from sqlmodel import select

from core.db import session_scope
from tests.support.auth import csrf_headers
from web.app import create_app

URL = "/portal/legal_aid/apply"
PDF = b"%PDF-1.4\n% test\n"


@pytest.fixture
def centre_id(platform, org_tree) -> int:
    with session_scope(platform.engine) as session:
        return centre(session, org_tree.bureau)


@pytest.fixture
def anonymous(platform, centre_id) -> Iterator[TestClient]:
    with TestClient(app=create_app(platform=platform), raise_server_exceptions=False) as client:
        assert client.get(URL).status_code == 200
        yield client


def good(centre_id: int, **changes: str) -> dict[str, str]:
    return {
        "centre_id": str(centre_id),
        "applicant_name": "王秀英",
        "applicant_id_number": id_number(7),
        "applicant_phone": "13905341234",
        "matter": "civil_wages",
        "summary": "在县城工地干了八个月，老板拖欠工资三万二。",
        "economic_situation": "务农为主，家庭年收入不足一万元。",
        "integrity_pledge": "1",
        "consent": "1",
        **changes,
    }


NO_FILE = {"attachments": ("", b"", "application/octet-stream")}  # what a browser sends


def submit(client: TestClient, data: dict[str, str], files=None):
    return client.post(
        URL, data=data, files=files or NO_FILE, headers=csrf_headers(client), follow_redirects=False
    )


def cases(platform) -> list[LegalAidCase]:
    with session_scope(platform.engine) as session:
        return list(session.exec(select(LegalAidCase)).all())


def test_the_form_needs_no_login(anonymous: TestClient) -> None:
    page = anonymous.get(URL)
    assert page.status_code == 200
    assert "网上申请法律援助" in page.text and "乐陵市法律援助中心" in page.text


def test_a_good_application_lands_in_the_chosen_centres_queue(
    platform, anonymous, centre_id
) -> None:
    with session_scope(platform.engine) as session:
        chosen = provider(session, centre_id, "张律师").id
    assert "张律师" in anonymous.get(URL).text  # 点援制: the roster is offered
    answer = submit(
        anonymous,
        good(centre_id, preferred_provider_id=str(chosen)),
        files={"attachments": ("欠条.pdf", PDF, "application/pdf")},
    )
    assert answer.status_code == 200, answer.text
    assert "申请已提交" in answer.text
    (case,) = cases(platform)
    assert (case.org_id, case.channel, case.status) == (centre_id, Channel.ONLINE, Status.APPLIED)
    assert case.preferred_provider_id == chosen
    assert case.number in answer.text
    with session_scope(platform.engine) as session:
        (attachment,) = session.exec(select(LegalAidAttachment)).all()
    stored = platform.settings.data_dir / "legal_aid" / "attachments" / attachment.stored_name
    assert stored.read_bytes() == PDF


def test_invalid_id_missing_consent_and_oversized_upload_are_refused_keeping_the_input(
    platform, anonymous, centre_id
) -> None:
    big = b"%PDF" + b"0" * (5 * 1024 * 1024 + 1)
    answer = submit(
        anonymous,
        good(centre_id, applicant_id_number="371481199001011230", consent=""),
        files={"attachments": ("判决书.pdf", big, "application/pdf")},
    )
    assert answer.status_code == 422
    text = answer.text
    assert "身份证号码校验位错误" in text
    assert "请阅读并同意个人信息收集使用说明" in text
    assert "超过5MB的大小限制" in text
    assert "王秀英" in text and "老板拖欠工资三万二" in text and "371481199001011230" in text
    assert cases(platform) == []


def test_a_wrong_file_type_is_refused(platform, anonymous, centre_id) -> None:
    answer = submit(
        anonymous,
        good(centre_id),
        files={"attachments": ("证据.exe", b"MZ\x90", "application/octet-stream")},
    )
    assert answer.status_code == 422 and "只接受 PDF、JPG、PNG" in answer.text
    assert cases(platform) == []


def test_the_form_is_rate_limited_per_client(platform, anonymous, centre_id) -> None:
    for _ in range(5):
        assert submit(anonymous, good(centre_id, consent="")).status_code == 422
    limited = submit(anonymous, good(centre_id))
    assert limited.status_code == 429
    assert "提交次数过多" in limited.text
    assert cases(platform) == []
