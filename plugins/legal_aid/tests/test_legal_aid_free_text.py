"""An application's summary keeps the applicant's punctuation as typed (issue 21, defect 2)."""

from __future__ import annotations

from datetime import date

from la_support import application, centre
from legal_aid.models import LegalAidCase

from core.db import session_scope

SUMMARY = "申请人在工地务工（2026年3月至8月）：工资共计三万元；包工头拒付，多次讨要无果！"


def test_the_summary_is_stored_as_typed(platform, org_tree) -> None:
    with session_scope(platform.engine) as session:
        org_id = centre(session, org_tree.bureau)
        row = application(session, org_id, date(2026, 12, 1), summary=SUMMARY)
        case_id = row.id
    with session_scope(platform.engine) as session:
        assert session.get(LegalAidCase, case_id).summary == SUMMARY
