"""Case-file documents (一案一卷): printable HTML and PDF from the case's data, and the
completeness check of the file's table of contents before archiving."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from mediation import casefile
from mediation.errors import IllegalTransition
from mediation.models import MediationCase
from mediation.pdf import render_pdf
from mediation.services import aftercare, archive, proceedings
from mediation.services.evidence import store_evidence
from mediation_support import TODAY, accepted_case, committee, fresh, mediator, two_parties
from test_mediation_workflow import _agree, _session

from core.db import session_scope
from tests.conftest import _signed_in_client
from tests.support.auth import FakeClock, use_clock

NOW = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture
def agreed_case(platform, org_tree):
    """A case with two identified parties, a session, a written agreement and a visit."""
    with session_scope(platform.engine) as session:
        c = committee(session, org_tree.village_a, short_name="前进", name="前进社区人民调解委员会")
        m = mediator(session, c.id, "王调解")
        row = accepted_case(session, c.id, m.id, parties=two_parties("文书", numbers=(0, 1)))
        _session(session, row.id, notes="双方同意以拆除院墙并赔偿了结。")
        _agree(session, row.id)
        case = fresh(session, MediationCase, row.id)
        aftercare.record_follow_up(
            session,
            row.id,
            {
                "visited_on": (TODAY + timedelta(days=3)).isoformat(),
                "visited_persons": "双方当事人",
                "visitor": "王调解",
                "performance": "正在履行",
                "satisfaction": "satisfied",
            },
            expected_version=case.version,
            actor_id=None,
            today=TODAY + timedelta(days=3),
        )
        return row.id


@pytest.fixture
def station_a(platform, org_tree, agreed_case):
    for client in _signed_in_client(platform, "suo_a", {"station_staff": org_tree.station_a}):
        use_clock(client, FakeClock(NOW))
        yield client


EXPECTED = {
    "acceptance": ("人民调解受理登记表", "两家因宅基地界址发生争执"),
    "rights_notice": ("人民调解当事人权利义务告知书", "自主表达意愿、自愿达成调解协议"),
    "record": ("人民调解记录", "双方同意以拆除院墙并赔偿了结。"),
    "agreement": ("人民调解协议书", "被申请人于十日内拆除越界院墙"),
    "follow_up": ("人民调解回访记录", "正在履行"),
    "cover": ("人民调解卷宗", "卷内目录"),
}


@pytest.mark.parametrize("code", list(EXPECTED))
def test_each_document_prints_as_html_with_the_cases_data(station_a, agreed_case, code) -> None:
    title, text = EXPECTED[code]
    page = station_a.get(f"/m/mediation/cases/{agreed_case}/documents/{code}")
    assert page.status_code == 200
    assert f"<h1>{title}</h1>" in page.text and text in page.text
    assert "（2026）前进人调字第1号" in page.text
    assert "/static/m/mediation/documents.css" in page.text  # the print stylesheet
    assert "110101199003074514" not in page.text  # identity numbers stay masked


def test_each_document_is_also_a_pdf_drawn_with_a_built_in_chinese_font(
    station_a, agreed_case
) -> None:
    for code in EXPECTED:
        answer = station_a.get(f"/m/mediation/cases/{agreed_case}/documents/{code}.pdf")
        assert answer.status_code == 200, code
        assert answer.headers["content-type"] == "application/pdf"
        assert answer.content.startswith(b"%PDF-")
        assert b"STSong-Light" in answer.content and b"UniGB-UCS2-H" in answer.content


def test_the_case_page_links_the_documents_and_shows_the_table_of_contents(
    station_a, agreed_case
) -> None:
    page = station_a.get(f"/m/mediation/cases/{agreed_case}").text
    for code in EXPECTED:
        assert f'data-document="{code}"' in page
    assert 'data-entry="13" data-present="1"' in page  # 封底, generated


def test_archiving_lists_the_missing_required_documents_and_an_identity_upload_counts(
    platform, org_tree
) -> None:
    with session_scope(platform.engine) as session:
        c = committee(session, org_tree.village_a, short_name="前进")
        m = mediator(session, c.id)
        row = accepted_case(session, c.id, m.id)  # parties without identity documents
        case = fresh(session, MediationCase, row.id)
        proceedings.terminate_case(
            session,
            row.id,
            {
                "terminated_on": TODAY.isoformat(),
                "termination_reason": "no_agreement",
                "remedies": ["litigation"],
                "difficulty": "simple",
            },
            expected_version=case.version,
            today=TODAY,
        )
        case = fresh(session, MediationCase, row.id)
        entries = {e.number: e for e in casefile.contents(casefile.load(session, case))}
        assert not entries[3].present and entries[3].status.endswith("未登记身份证件）")
        assert not entries[7].present and entries[7].required
        with pytest.raises(IllegalTransition) as refused:
            archive.archive_case(
                session, row.id, {}, expected_version=case.version, actor_id=None, today=TODAY
            )
        assert "当事人身份证明" in refused.value.message
        assert "人民调解记录（调解笔录）" in refused.value.message
        store_evidence(
            session,
            row.id,
            {"category": "identity"},
            filename="身份证复印件.pdf",
            content=PDF,
            data_dir=platform.settings.data_dir,
            max_bytes=10 * 1024 * 1024,
            actor_id=None,
            now=NOW,
        )
        missing = [zh for zh, _ in archive.missing_items(session, case)]
        assert not any("身份证明" in m for m in missing)
        assert "人民调解记录（调解笔录）" in missing


def test_a_bureau_may_require_the_follow_up_record_before_archiving(platform, org_tree) -> None:
    with session_scope(platform.engine) as session:
        c = committee(session, org_tree.village_a, short_name="前进")
        m = mediator(session, c.id)
        row = accepted_case(session, c.id, m.id, parties=two_parties(numbers=(2, 3)))
        _session(session, row.id)
        _agree(session, row.id)
        case = fresh(session, MediationCase, row.id)
        assert archive.missing_items(session, case) == []
        assert archive.missing_items(session, case, follow_up_required=True) == [
            ("人民调解回访记录", "the follow-up record")
        ]


def test_pdf_rendering_escapes_markup_in_user_text() -> None:
    doc = casefile.Document(
        "record", "人民调解记录", "（2026）X人调字第1号", (casefile.Para("a < b & <b>粗</b>"),)
    )
    assert render_pdf(doc).startswith(b"%PDF-")
