"""Each code list has its own labels, and a subject is named by name (issue 21, defect 3).

Team member types and job-placement categories both use "01"…; one label table keyed by
code made "赵干事（司法所工作人员）" read "赵干事（落实责任田）". Inbox items said
"矫正对象 #21" instead of the person's name.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from corrections.codes import HandoverMode, MemberType, Resettlement, SanctionKind, label
from corrections.codes import LocationGround as Ground
from corrections.models import CorrectionsSubject
from corrections.services.due_items import sync_subject_items
from corrections.services.supervision import save_team
from corrections_pages_support import client_for
from corrections_support import TODAY, supervised
from sqlmodel import select

from core.api import DueSource, OrgUnit, due_items_of, get_person
from core.db import session_scope
from web.testing import FakeClock


def test_lists_sharing_a_code_keep_their_own_labels() -> None:
    assert label(MemberType.STATION) == "司法所工作人员"
    assert label("01", enum=MemberType) == "司法所工作人员"
    assert label(Resettlement.LAND) == "落实责任田"
    assert label("03", enum=HandoverMode) == "司法所接回"
    assert label(SanctionKind.PUBLIC_ORDER) == "提请治安管理处罚"
    assert label(Ground.PUBLIC_ORDER) == "违反监督管理规定，被给予治安管理处罚"


def _titles(session, subject_id: int) -> list[str]:
    source = DueSource("corrections", "subject", subject_id)
    return [item.title_zh for item in due_items_of(session, source)]


def test_the_saved_team_shows_member_types_and_items_name_the_subject(platform, org_tree) -> None:
    with session_scope(platform.engine) as session:
        subject = supervised(session, org_tree.station_a, sex="male")
        subject_id = subject.id
        team = [
            {"name": "赵干事", "member_type": "01", "sex": "male"},
            {"name": "钱社工", "member_type": "02", "sex": "female"},
        ]
        save_team(session, subject, team, "male")
        row = session.get(CorrectionsSubject, subject_id)
        scope = select(OrgUnit.id)
        name = get_person(session, row.person_id, org_ids_select=scope).name
        sync_subject_items(session, row, TODAY)
        titles = _titles(session, subject_id)
        assert titles and all(name in t for t in titles)
        assert not any(f"#{subject_id}" in t for t in titles)
    clock = FakeClock(datetime(2026, 11, 23, 2, 0, tzinfo=UTC))
    with client_for(platform, "suo_staff", {"station_staff": org_tree.station_a}, clock) as client:
        page = client.get(f"/m/corrections/subjects/{subject_id}")
        assert page.status_code == 200
        assert "赵干事（司法所工作人员，男）" in page.text
        assert "钱社工（社会工作者，女）" in page.text
        assert "落实责任田" not in page.text


def test_a_minors_items_stay_anonymous(platform, org_tree) -> None:
    with session_scope(platform.engine) as session:
        subject = supervised(session, org_tree.station_a, minor=True)
        sync_subject_items(session, subject, TODAY)
        titles = _titles(session, subject.id)
        assert titles and all("未成年矫正对象 #" in t for t in titles)


def test_every_subject_item_has_an_english_title(platform, org_tree) -> None:
    """Issue 21 defect 12: an English inbox showed these titles in Chinese only."""
    cjk = re.compile(r"[\u4e00-\u9fff]")
    with session_scope(platform.engine) as session:
        subject = supervised(session, org_tree.station_a, sex="male")
        scope = select(OrgUnit.id)
        name = get_person(session, subject.person_id, org_ids_select=scope).name
        sync_subject_items(session, subject, TODAY)
        items = due_items_of(session, DueSource("corrections", "subject", subject.id))
        assert items
        for item in items:
            assert item.title_en.startswith(f"Subject {name}: ")
            assert not cjk.search(item.title_en.replace(name, ""))
        minor = supervised(session, org_tree.station_a, minor=True)
        sync_subject_items(session, minor, TODAY)
        minor_items = due_items_of(session, DueSource("corrections", "subject", minor.id))
        assert minor_items
        assert all(i.title_en.startswith(f"Minor subject #{minor.id}: ") for i in minor_items)
