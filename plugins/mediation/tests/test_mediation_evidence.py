"""Evidence uploads (证据材料): whitelist by content, size limit per bureau, stored outside
the database under a random name, downloaded only through a scoped route, delete audited."""

from __future__ import annotations

import io
import os
import time
import zipfile
from datetime import UTC, datetime

import pytest
from litestar.testing import TestClient
from mediation.files import sniff
from mediation.models import MediationEvidence
from mediation_support import accepted_case, committee, mediator
from sqlmodel import select

from core.audit.models import AuditRecord
from core.db import session_scope
from core.files import sweep_files
from core.modules.service import settings_for, update_settings
from tests.conftest import _signed_in_client
from tests.support.auth import FakeClock, csrf_headers, use_clock

NOW = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64


def _docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


def test_file_types_are_told_by_their_content_and_must_match_their_extension() -> None:
    assert sniff(PDF, "pdf").code == "pdf"
    assert sniff(PNG, "png").code == "png"
    assert sniff(JPEG, "jpeg").code == "jpeg"
    assert sniff(_docx(), "docx").code == "docx"
    assert sniff(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 32, "doc").code == "doc"
    assert sniff(PNG, "pdf") is None  # renamed picture
    assert sniff(b"MZ\x90\x00 executable", "pdf") is None
    assert sniff(b"<script>alert(1)</script>", "png") is None
    plain_zip = io.BytesIO()
    with zipfile.ZipFile(plain_zip, "w") as archive:
        archive.writestr("evil.exe", "x")
    assert sniff(plain_zip.getvalue(), "docx") is None


@pytest.fixture
def world(platform, org_tree):
    with session_scope(platform.engine) as session:
        c = committee(session, org_tree.village_a, short_name="前进")
        m = mediator(session, c.id, "王调解")
        return {"case": accepted_case(session, c.id, m.id).id}


@pytest.fixture
def station_a(platform, org_tree, world):
    for client in _signed_in_client(platform, "suo_a", {"station_staff": org_tree.station_a}):
        use_clock(client, FakeClock(NOW))
        yield client


def _upload(client: TestClient, case_id: int, name: str, content: bytes, **fields: str):
    client.get(f"/m/mediation/cases/{case_id}")  # the CSRF cookie
    return client.post(
        f"/m/mediation/cases/{case_id}/evidence",
        data={"category": "evidence", **fields},
        files={"file": (name, content, "application/octet-stream")},
        headers=csrf_headers(client),
    )


def test_an_accepted_file_is_stored_outside_the_database_under_a_random_name(
    platform, world, station_a
) -> None:
    answer = _upload(station_a, world["case"], "收条.pdf", PDF, description="借款收条")
    assert answer.status_code in (200, 303)
    with session_scope(platform.engine) as session:
        row = session.exec(select(MediationEvidence)).one()
        assert row.original_name == "收条.pdf" and row.size == len(PDF)
        assert "收条" not in row.stored_name and row.stored_name.endswith(".pdf")
        path = platform.settings.data_dir / "mediation" / "evidence" / row.stored_name
        assert path.read_bytes() == PDF
    download = station_a.get(f"/m/mediation/evidence/{row.id}")
    assert download.status_code == 200 and download.content == PDF
    assert download.headers["content-type"].startswith("application/pdf")
    assert "attachment" in download.headers["content-disposition"]
    page = station_a.get(f"/m/mediation/cases/{world['case']}").text
    assert f'data-evidence="{row.id}"' in page and "收条.pdf" in page


def test_bad_uploads_are_refused_in_chinese_with_422_and_nothing_is_lost(
    platform, org_tree, world, station_a
) -> None:
    assert _upload(station_a, world["case"], "协议.pdf", PDF).status_code in (200, 303)
    renamed = _upload(station_a, world["case"], "照片.pdf", PNG)
    assert renamed.status_code == 422
    assert "不支持该文件类型，或文件内容与扩展名不符" in renamed.text
    script = _upload(station_a, world["case"], "a.exe", b"MZ\x90\x00")
    assert script.status_code == 422
    empty = _upload(station_a, world["case"], "空.pdf", b"")
    assert empty.status_code == 422 and "请选择要上传的文件" in empty.text
    with session_scope(platform.engine) as session:  # the bureau allows 1 MB
        values = settings_for(session, platform.host, org_tree.bureau, "mediation").model_dump()
        update_settings(
            session,
            platform.host,
            org_tree.bureau,
            "mediation",
            {**values, "evidence_max_mb": 1},
            1,
        )
    big = _upload(station_a, world["case"], "大.pdf", PDF + b"0" * (1024 * 1024 + 1))
    assert big.status_code == 422 and "单个文件不能超过 1 MB" in big.text
    assert 'name="description"' in big.text  # the form is shown again, open
    with session_scope(platform.engine) as session:
        rows = session.exec(select(MediationEvidence)).all()
        assert [r.original_name for r in rows] == ["协议.pdf"]
        folder = platform.settings.data_dir / "mediation" / "evidence"
        assert [p.name for p in folder.iterdir()] == [rows[0].stored_name]


def test_a_file_is_reached_only_through_the_scoped_route(
    platform, org_tree, world, station_a
) -> None:
    _upload(station_a, world["case"], "身份证.jpg", JPEG, category="identity")
    with session_scope(platform.engine) as session:
        row = session.exec(select(MediationEvidence)).one()
    for other in _signed_in_client(platform, "suo_b", {"station_staff": org_tree.station_b}):
        assert other.get(f"/m/mediation/evidence/{row.id}").status_code == 404
        other.get("/")
        refused = other.post(
            f"/m/mediation/evidence/{row.id}/delete",
            data={"version": "1", "reason": "x"},
            headers=csrf_headers(other),
        )
        assert refused.status_code == 404
        assert other.get(f"/static/m/mediation/{row.stored_name}").status_code == 404


def test_deleting_a_file_asks_why_removes_it_and_is_audited(platform, world, station_a) -> None:
    _upload(station_a, world["case"], "证据.png", PNG)
    with session_scope(platform.engine) as session:
        row = session.exec(select(MediationEvidence)).one()
    path = platform.settings.data_dir / "mediation" / "evidence" / row.stored_name
    url = f"/m/mediation/evidence/{row.id}/delete"
    no_reason = station_a.post(url, data={"version": "1"}, headers=csrf_headers(station_a))
    assert no_reason.status_code == 422 and "请填写删除原因" in no_reason.text
    assert path.exists()
    done = station_a.post(
        url, data={"version": "1", "reason": "上传错了案件"}, headers=csrf_headers(station_a)
    )
    assert done.status_code in (200, 303)
    assert station_a.get(f"/m/mediation/evidence/{row.id}").status_code == 404
    # the file itself goes with the daily sweep, a day after the deletion (docs/admin.md §6)
    day_later = time.time() - 2 * 86400
    os.utime(path, (day_later, day_later))
    with session_scope(platform.engine) as session:
        sweep_files(session, platform.settings.data_dir)
    assert not path.exists()
    with session_scope(platform.engine) as session:
        audited = session.exec(
            select(AuditRecord).where(
                AuditRecord.entity == "mediation_evidence", AuditRecord.action == "update"
            )
        ).all()
        assert any("上传错了案件" in str(a.changes) for a in audited)
