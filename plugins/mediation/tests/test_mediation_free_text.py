"""What a mediator types is kept as typed: "，；：（）" survive in the description, the
session notes, the agreement's terms (and the printed 人民调解协议书) and a warning's reason
(issue 21, defect 2: free text used to be NFKC-normalised into ",;:()")."""

from __future__ import annotations

from datetime import UTC, datetime

from mediation.models import MediationCase, MediationSession, MediationWarning
from mediation.services.warnings import set_warning_level
from mediation.settings import MediationSettings
from mediation_support import accepted_case, committee, fresh, mediator, two_parties
from sqlmodel import select
from test_mediation_workflow import _agree, _session

from core.db import session_scope
from tests.conftest import _signed_in_client
from tests.support.auth import FakeClock, use_clock

NOW = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)
DESCRIPTION = "两家因宅基地界址（东侧院墙）发生争执：一方称越界半米；另一方否认，多次争吵！"
NOTES = "甲方：同意拆除；乙方：要求赔偿（1500元）。"
TERMS = "一、乙方于十日内拆除越界院墙，恢复原状；二、甲方补偿乙方材料费（人民币500元）。"
REASON = "一方扬言报复：“再不拆就动手”；请所里关注（当晚）。"


def test_typed_punctuation_survives_every_free_text_field_and_the_print(platform, org_tree) -> None:
    with session_scope(platform.engine) as session:
        c = committee(session, org_tree.village_a, short_name="前进", name="前进社区人民调解委员会")
        m = mediator(session, c.id, "王调解")
        row = accepted_case(
            session,
            c.id,
            m.id,
            parties=two_parties("标点", numbers=(0, 1)),
            description=DESCRIPTION,
        )
        case_id = row.id
        _session(session, case_id, notes=NOTES)
        _agree(session, case_id, terms=TERMS)
        case = fresh(session, MediationCase, case_id)
        set_warning_level(
            session,
            case_id,
            {"level": "yellow", "reason": REASON},
            expected_version=case.version,
            actor_id=None,
            now=NOW,
            settings=MediationSettings(),
        )
    with session_scope(platform.engine) as session:
        case = session.get(MediationCase, case_id)
        assert case.description == DESCRIPTION
        notes = session.exec(
            select(MediationSession.notes).where(MediationSession.case_id == case_id)
        ).all()
        assert NOTES in notes
        reasons = session.exec(
            select(MediationWarning.reason).where(MediationWarning.case_id == case_id)
        ).all()
        assert REASON in reasons

    for client in _signed_in_client(platform, "suo_a", {"station_staff": org_tree.station_a}):
        use_clock(client, FakeClock(NOW))
        printed = client.get(f"/m/mediation/cases/{case_id}/documents/agreement")
        assert printed.status_code == 200
        assert TERMS in printed.text
        record = client.get(f"/m/mediation/cases/{case_id}/documents/record")
        assert NOTES in record.text


def test_a_warning_reason_ending_in_a_full_stop_is_not_doubled(platform, org_tree) -> None:
    """Defect 16: "。。" at the end of warning notifications."""
    from core.reminders.models import Notification
    from web.testing import make_account

    with session_scope(platform.engine) as session:
        make_account(session, "head_a", roles={"station_head": org_tree.station_a})
        c = committee(session, org_tree.village_a, short_name="前进")
        m = mediator(session, c.id, "王调解")
        row = accepted_case(session, c.id, m.id)
        set_warning_level(
            session,
            row.id,
            {"level": "red", "reason": "一方扬言报复。"},
            expected_version=row.version,
            actor_id=None,
            now=NOW,
            settings=MediationSettings(),
        )
        bodies = session.exec(select(Notification.body_zh)).all()
        assert bodies and all("。。" not in b for b in bodies)
        assert any("原因：一方扬言报复。请于" in b for b in bodies)
