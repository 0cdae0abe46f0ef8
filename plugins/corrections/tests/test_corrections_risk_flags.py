"""Risk flags come from the core's dictionary (``corrections.risk_flag``): the intake form
offers what is on at the station, refuses anything else, and the subject's page shows the
labels; a bureau's own flag appears beside the declared ones."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from corrections.models import CorrectionsSubject
from corrections_pages_support import client_for
from sqlmodel import select

from core.codelists.service import add_code_entry, set_code_entry_active
from core.db import session_scope
from tests.support.auth import post_form
from web.testing import FakeClock

START = datetime(2026, 11, 2, 2, 0, tzinfo=UTC)


def _data(org_id: int, flags: list[str]) -> dict[str, object]:
    return {
        "name": "钱某",
        "sex": "male",
        "subject_type": "probation",
        "offence": "盗窃罪",
        "deciding_body": "乐陵市人民法院",
        "documents_received_on": "2026-11-02",
        "term_end": "2027-06-01",
        "org_id": str(org_id),
        "risk_flags": flags,
    }


def test_risk_flags_are_chosen_from_the_dictionary(platform, org_tree) -> None:
    with session_scope(platform.engine) as session:
        add_code_entry(
            session,
            "corrections.risk_flag",
            org_tree.bureau,
            code="petition",
            label_zh="涉访",
            position=80,
        )
        set_code_entry_active(session, "corrections.risk_flag", org_tree.bureau, "guns", False)
    clock = FakeClock(START)
    with client_for(platform, "worker", {"station_head": org_tree.station_a}, clock) as client:
        form = client.get("/m/corrections/subjects/new").text
        assert 'value="drug_history"' in form and 'value="petition"' in form
        assert 'value="guns"' not in form
        refused = post_form(
            client, "/m/corrections/subjects/new", _data(org_tree.station_a, ["guns"])
        )
        assert refused.status_code == 422 and "请从列表中选择风险标记" in refused.text
        saved = post_form(
            client,
            "/m/corrections/subjects/new",
            _data(org_tree.station_a, ["drug_history", "petition"]),
        )
        assert saved.status_code == 303, saved.text
        url = saved.headers["location"].split("?")[0]
        page = client.get(url).text
        assert re.search(r'id="risk-flags">吸毒史、涉访<', page)
    with session_scope(platform.engine) as session:
        subject = session.exec(select(CorrectionsSubject)).one()
        assert subject.risk_flags == "drug_history,petition"
