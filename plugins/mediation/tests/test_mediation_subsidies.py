"""以案定补: the month's totals follow the amounts per difficulty and freeze on approval (acceptance 5)."""

from __future__ import annotations

from datetime import date, timedelta
from io import BytesIO

import pytest
from mediation.codes import Difficulty
from mediation.errors import MediationError
from mediation.models import MediationCase
from mediation.services import proceedings
from mediation.services.subsidies import approve_sheet, subsidy_sheet
from mediation.settings import MediationSettings
from mediation_support import accepted_case, committee, fresh, mediator
from openpyxl import load_workbook
from sqlmodel import Session

from core.db import session_scope
from core.indicators.periods import Period
from tests.conftest import _signed_in_client
from tests.support.auth import FakeClock, post_form, use_clock

OCT = Period.parse("2026-10")
DEFAULTS = MediationSettings()


def _closed(
    session, committee_id, mediator_id, day: date, difficulty: str | None, *, agree: bool = True
) -> int:
    registered = day - timedelta(days=1)  # not a same-day complex case (a subsidy check)
    row = accepted_case(
        session, committee_id, mediator_id, today=day, registered_on=registered.isoformat()
    )
    row = fresh(session, MediationCase, row.id)
    data = {"difficulty": difficulty or ""}
    if agree:
        proceedings.record_agreement(
            session,
            row.id,
            {
                "form": "written",
                "concluded_on": day.isoformat(),
                "terms": "和解",
                "performance_method": "当场",
                "performed_now": "1",
                **data,
            },
            expected_version=row.version,
            today=day,
        )
    else:
        proceedings.terminate_case(
            session,
            row.id,
            {
                "termination_reason": "no_agreement",
                "remedies": "litigation",
                "terminated_on": day.isoformat(),
                **data,
            },
            expected_version=row.version,
            today=day,
        )
    return row.id


@pytest.fixture
def month(platform, org_tree):
    """October 2026: 王 leads 2 simple and 1 complex agreement, 刘 1 general agreement and
    1 general termination; one agreement of 刘 has no difficulty yet; one is in November."""
    with session_scope(platform.engine) as session:
        c = committee(session, org_tree.village_a, short_name="前进")
        wang, liu = mediator(session, c.id, "王调解").id, mediator(session, c.id, "刘调解").id
        for day, who, difficulty in (
            (5, wang, "simple"),
            (12, wang, "simple"),
            (20, wang, "complex"),
            (8, liu, "general"),
        ):
            _closed(session, c.id, who, date(2026, 10, day), difficulty)
        _closed(session, c.id, liu, date(2026, 10, 9), "general", agree=False)
        unassessed = _closed(session, c.id, liu, date(2026, 10, 30), None)
        _closed(session, c.id, wang, date(2026, 11, 2), "complex")
        return {"committee": c.id, "wang": wang, "liu": liu, "unassessed": unassessed}


def test_the_total_is_the_counts_times_the_amounts(platform, month) -> None:
    with Session(platform.engine) as session:
        sheet = subsidy_sheet(session, month["committee"], OCT, DEFAULTS)
    lines = {line.name: line for line in sheet.lines}
    assert lines["王调解"].counts == {
        Difficulty.SIMPLE: 2,
        Difficulty.GENERAL: 0,
        Difficulty.COMPLEX: 1,
    }
    assert lines["王调解"].amount == 2 * 20 + 80
    assert lines["刘调解"].amount == 50  # the termination does not count by default
    assert sheet.total == 2 * 20 + 1 * 50 + 1 * 80 == 170
    assert sheet.unassessed == 1
    with Session(platform.engine) as session:
        with_terminations = subsidy_sheet(
            session, month["committee"], OCT, MediationSettings(subsidy_only_agreements=False)
        )
    assert with_terminations.total == 170 + 50


def test_an_approved_sheet_no_longer_changes(platform, month) -> None:
    with session_scope(platform.engine) as session:
        with pytest.raises(MediationError, match="尚未评定难易程度"):
            approve_sheet(
                session, month["committee"], OCT, DEFAULTS, actor_id=None, today=date(2026, 11, 3)
            )
        row = fresh(session, MediationCase, month["unassessed"])
        proceedings.set_difficulty(
            session, row.id, {"difficulty": "complex"}, expected_version=row.version
        )
        with pytest.raises(MediationError, match="尚未结束"):
            approve_sheet(
                session,
                month["committee"],
                Period.parse("2026-11"),
                DEFAULTS,
                actor_id=None,
                today=date(2026, 11, 30),
            )
        stored = approve_sheet(
            session, month["committee"], OCT, DEFAULTS, actor_id=None, today=date(2026, 11, 3)
        )
        assert (stored.cases, stored.total) == (5, 170 + 80)
        with pytest.raises(MediationError, match="已审批"):
            approve_sheet(
                session, month["committee"], OCT, DEFAULTS, actor_id=None, today=date(2026, 11, 4)
            )
        # Later: a case is re-assessed and the bureau raises its amounts.
        row = fresh(session, MediationCase, month["unassessed"])
        proceedings.set_difficulty(
            session, row.id, {"difficulty": "simple"}, expected_version=row.version
        )
    raised = MediationSettings(subsidy_simple=30, subsidy_general=60, subsidy_complex=90)
    with Session(platform.engine) as session:
        sheet = subsidy_sheet(session, month["committee"], OCT, raised)
    assert sheet.approved is not None and sheet.total == 250
    assert sheet.amounts == {Difficulty.SIMPLE: 20, Difficulty.GENERAL: 50, Difficulty.COMPLEX: 80}
    assert {line.name: line.amount for line in sheet.lines} == {"王调解": 120, "刘调解": 130}


def test_the_subsidy_pages_show_approve_and_export(platform, org_tree, month) -> None:
    for head in _signed_in_client(platform, "suozhang", {"station_head": org_tree.station_a}):
        use_clock(head, FakeClock())
        url = f"/m/mediation/subsidies?committee_id={month['committee']}&month=2026-10"
        page = head.get(url).text
        assert (
            'id="sheet-total">170<' in page and "尚未评定难易程度" in page and "审批并冻结" in page
        )
        refused = post_form(
            head,
            "/m/mediation/subsidies/approve",
            {"committee_id": month["committee"], "month": "2026-10"},
        )
        assert refused.status_code == 400 and "请评定后再审批" in refused.text
        with session_scope(platform.engine) as session:
            row = fresh(session, MediationCase, month["unassessed"])
            proceedings.set_difficulty(
                session, row.id, {"difficulty": "general"}, expected_version=row.version
            )
        assert (
            post_form(
                head,
                "/m/mediation/subsidies/approve",
                {"committee_id": month["committee"], "month": "2026-10"},
            ).status_code
            == 303
        )
        page = head.get(url).text
        assert (
            "补贴表已冻结" in page and 'id="sheet-total">220<' in page and "审批并冻结" not in page
        )
        book = load_workbook(
            BytesIO(
                head.get(
                    f"/m/mediation/subsidies.xlsx?committee_id={month['committee']}&month=2026-10"
                ).content
            )
        )
        rows = list(book.active.iter_rows(values_only=True))
        assert rows[-2] == ("合计", 2, 2, 1, 5, 220)
    for other in _signed_in_client(platform, "suozhang_b", {"station_head": org_tree.station_b}):
        assert (
            other.get(
                f"/m/mediation/subsidies?committee_id={month['committee']}&month=2026-10"
            ).status_code
            == 404
        )
        assert (
            post_form(
                other,
                "/m/mediation/subsidies/approve",
                {"committee_id": month["committee"], "month": "2026-10"},
            ).status_code
            == 404
        )
