"""No page of the module answers 500 to empty or nonsense input: every route, with the ids
of a real file of the user's own station, gets a 2xx/3xx or a 4xx with a message."""

from __future__ import annotations

import re

from corrections.models import CorrectionsAftercare, CorrectionsAssessment, CorrectionsSubject
from corrections_pages_support import client_for
from test_corrections_minors import _minor_file

from core.db import session_scope
from tests.identity.test_access import endpoints
from tests.support.auth import csrf_headers

PARAM = re.compile(r"\{(\w+):(\w+)\}")
NONSENSE = {
    "version": "x",
    "reported_on": "2026-13-45",
    "intake_mode": "??",
    "announced_on": "yesterday",
    "level": "maximum",
    "month": "13-2026",
    "hours": "-3",
    "kind": "bogus",
    "start_on": "x",
    "end_on": "y",
    "ground": "curiosity",
    "months": "12",
    "to_org_id": "99999",
    "end_type": "vanished",
    "handover_mode": "zz",
    "exit_reason": "bored",
    "resettlement": "moon",
    "done_mode": "telepathy",
    "member_0_name": "某",
    "member_0_type": "77",
    "member_0_sex": "x",
}


def test_no_route_answers_500_to_empty_or_nonsense_input(platform, org_tree) -> None:
    ids = _minor_file(platform, org_tree.station_a)
    from corrections.services.intake import record_assessment
    from corrections.services.release import receive_release_notice
    from corrections_support import TODAY, person

    with session_scope(platform.engine) as session:
        pid = person(session, org_tree.station_a)
        ids[CorrectionsAssessment] = record_assessment(
            session,
            {"commissioned_by": "法院", "received_on": TODAY.isoformat()},
            org_id=org_tree.station_a,
            person_id=pid,
            today=TODAY,
        ).id
        ids[CorrectionsAftercare] = receive_release_notice(
            session,
            {"released_by": "监狱", "release_on": TODAY.isoformat()},
            org_id=org_tree.station_a,
            person_id=pid,
            today=TODAY,
        ).id
    with client_for(platform, "boss", {"system_admin": org_tree.bureau}) as client:
        headers = csrf_headers(client)
        routes = [
            (m, p, h.opt.get("records") or {})
            for m, p, h in endpoints(client.app)
            if p.startswith("/m/corrections") and m in ("GET", "POST")
        ]
        assert len(routes) >= 35
        for method, path, records in routes:
            url = PARAM.sub(lambda m, r=records: str(ids[r[m.group(1)]]), path)
            for data in ({}, NONSENSE):
                response = client.request(
                    method, url, headers=headers, data=data, follow_redirects=False
                )
                assert response.status_code < 500, (
                    method,
                    path,
                    data is NONSENSE,
                    response.status_code,
                )
        assert client.get(f"/m/corrections/subjects/{ids[CorrectionsSubject]}").status_code == 200
