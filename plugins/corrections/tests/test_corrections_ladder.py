"""The sanctions ladder reads the record and offers only what is legal for the sentence type
(issue 21, defect 4: five missed reports suggested nothing and the form defaulted to 表扬;
提请撤销缓刑/假释 was offered for a 管制 subject)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from corrections.codes import SanctionKind
from corrections.models import CorrectionsCheckin
from corrections.services.sanctions import allowed_kinds, suggest_next
from corrections_pages_support import client_for
from corrections_support import TODAY, supervised
from sqlmodel import select

from core.db import session_scope
from web.testing import FakeClock


def _miss(session, subject, n: int) -> None:
    """Exactly *n* past reports not made (the schedule's own past reports replaced)."""
    for row in session.exec(
        select(CorrectionsCheckin).where(CorrectionsCheckin.subject_id == subject.id)
    ).all():
        session.delete(row)
    session.flush()
    for i in range(n):
        session.add(
            CorrectionsCheckin(
                org_id=subject.org_id,
                subject_id=subject.id,
                due_on=TODAY - timedelta(days=2 + 5 * i),
                mode="in_person",
            )
        )
    session.flush()


def test_missed_reports_suggest_admonition_then_warning(platform, org_tree) -> None:
    with session_scope(platform.engine) as session:
        one = supervised(session, org_tree.station_a)
        _miss(session, one, 1)
        kind, why = suggest_next(session, one, TODAY)
        assert kind == SanctionKind.ADMONITION and "1 次未按规定报告" in why
        five = supervised(session, org_tree.station_a)
        _miss(session, five, 5)
        kind, why = suggest_next(session, five, TODAY)
        assert kind == SanctionKind.WARNING and "5 次未按规定报告" in why


def test_only_measures_legal_for_the_sentence_type_are_offered(platform, org_tree) -> None:
    with session_scope(platform.engine) as session:
        control = supervised(session, org_tree.station_a, kind="control")
        assert SanctionKind.REVOKE_PROBATION not in allowed_kinds(control)
        assert SanctionKind.REVOKE_PAROLE not in allowed_kinds(control)
        assert SanctionKind.RETURN_TO_PRISON not in allowed_kinds(control)
        assert SanctionKind.PUBLIC_ORDER in allowed_kinds(control)
        parole = supervised(session, org_tree.station_a, kind="parole")
        assert SanctionKind.REVOKE_PAROLE in allowed_kinds(parole)
        assert SanctionKind.PUBLIC_ORDER not in allowed_kinds(parole)
        _miss(session, control, 5)
        control_id = control.id
    clock = FakeClock(datetime(2026, 11, 23, 2, 0, tzinfo=UTC))
    roles = {"station_head": org_tree.station_a, "bureau_staff": org_tree.bureau}
    with client_for(platform, "county", roles, clock) as client:
        page = client.get(f"/m/corrections/subjects/{control_id}").text
        form = page.split('id="field-kind"')[1].split("</select>")[0]
        assert "提请撤销缓刑" not in form and "提请撤销假释" not in form
        assert re.search(r'<option value="warning" selected>警告</option>', form)
        assert "5 次未按规定报告" in page
