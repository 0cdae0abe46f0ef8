"""Acceptance 4: a station user without the minors permission cannot open a minor's file by
any URL. Every route of the module that names a record is walked by introspection, for GET
and POST alike, with the minor's own rows in the path; the station head (who holds
``corrections.view_minors``) opens the same file."""

from __future__ import annotations

import re
from datetime import timedelta

from corrections.models import (
    CorrectionsCheckin,
    CorrectionsHealthReport,
    CorrectionsLeave,
    CorrectionsLocation,
    CorrectionsSanction,
    CorrectionsSubject,
    CorrectionsTransfer,
)
from corrections.permissions import APPROVE_LOCATION
from corrections.services.leave import apply_leave
from corrections.services.location import switch_on
from corrections.services.moves import request_move
from corrections.services.sanctions import record_sanction
from corrections_support import SETTINGS, TODAY, supervised
from sqlalchemy import func, select
from sqlmodel import select as sql_select

from core.audit.models import AuditRecord
from core.db import session_scope
from core.orgs.models import OrgType, OrgUnit
from tests.identity.test_access import endpoints
from tests.support.auth import csrf_headers, login, make_account

PARAM = re.compile(r"\{(\w+):(\w+)\}")


def _minor_file(platform, station: int) -> dict[type, int]:
    with session_scope(platform.engine) as session:
        minor = supervised(session, station, minor=True, kind="medical_parole")
        leave = apply_leave(
            session,
            minor,
            {
                "destination": "德州",
                "reason": "就学",
                "start_on": (TODAY + timedelta(days=3)).isoformat(),
                "end_on": (TODAY + timedelta(days=4)).isoformat(),
            },
            settings=SETTINGS,
            today=TODAY,
        )
        sanction = record_sanction(
            session,
            minor,
            {"kind": "praise", "facts": "表现良好", "decided_on": TODAY.isoformat()},
            decided_by="局",
            settings=SETTINGS,
            today=TODAY,
        )
        location = switch_on(
            session,
            minor,
            {"ground": "prohibition", "approved_on": TODAY.isoformat(), "months": "1"},
            approved_by="局长",
            settings=SETTINGS,
            today=TODAY,
        )
        checkin = session.exec(
            sql_select(CorrectionsCheckin).where(CorrectionsCheckin.subject_id == minor.id)
        ).first()
        elsewhere = session.exec(
            sql_select(OrgUnit).where(OrgUnit.type == OrgType.STATION, OrgUnit.id != station)
        ).first()
        move = request_move(session, minor, to_org_id=elsewhere.id, reason="迁居", today=TODAY)
        return {
            CorrectionsTransfer: move.id,
            CorrectionsSubject: minor.id,
            CorrectionsLeave: leave.id,
            CorrectionsSanction: sanction.id,
            CorrectionsLocation: location.id,
            CorrectionsCheckin: checkin.id,
            CorrectionsHealthReport: session.exec(
                sql_select(CorrectionsHealthReport).where(
                    CorrectionsHealthReport.subject_id == minor.id
                )
            )
            .first()
            .id,
        }


def _client(platform, name: str, roles: dict[str, int]):
    from litestar.testing import TestClient

    from web.app import create_app

    with session_scope(platform.engine) as session:
        make_account(session, name, roles=roles, host=platform.host)
    client = TestClient(app=create_app(platform=platform), raise_server_exceptions=False)
    client.__enter__()
    login(client, name)
    return client


def _subject_routes(app):
    return [
        (method, path, handler.opt["records"], handler.opt["permission"])
        for method, path, handler in endpoints(app)
        if path.startswith("/m/corrections/") and "subject_id" in (handler.opt.get("records") or {})
    ]


def test_a_station_user_without_the_minors_permission_cannot_open_a_minors_file_by_any_url(
    platform, org_tree
) -> None:
    ids = _minor_file(platform, org_tree.station_a)
    # bureau staff of the whole county: every permission of the module but the minors' one
    client = _client(
        platform, "xiaowang", {"station_staff": org_tree.station_a, "bureau_staff": org_tree.bureau}
    )
    try:
        routes = _subject_routes(client.app)
        assert len(routes) >= 20
        headers = csrf_headers(client)
        for method, path, records, permission in routes:
            url = PARAM.sub(lambda m, r=records: str(ids[r[m.group(1)]]), path)
            with session_scope(platform.engine) as session:
                before = session.execute(select(func.max(AuditRecord.id))).scalar()
            response = client.request(
                method, url, headers=headers, data={"version": "1"}, follow_redirects=False
            )
            # 403 only where the route's own permission is missing (the bureau head's approval)
            expected = 403 if permission == APPROVE_LOCATION else 404
            assert response.status_code == expected, (method, path, response.status_code)
            with session_scope(platform.engine) as session:
                assert session.execute(select(func.max(AuditRecord.id))).scalar() == before, path
        listed = client.get("/m/corrections/subjects?status=all").text
        assert "未成年人（已隐藏）" in listed
        assert f'/m/corrections/subjects/{ids[CorrectionsSubject]}"' not in listed
    finally:
        client.__exit__(None, None, None)


def test_the_station_head_with_the_permission_opens_the_minors_file(platform, org_tree) -> None:
    ids = _minor_file(platform, org_tree.station_a)
    client = _client(platform, "suozhang", {"station_head": org_tree.station_a})
    try:
        page = client.get(f"/m/corrections/subjects/{ids[CorrectionsSubject]}")
        assert page.status_code == 200 and "未成年人" in page.text
        listed = client.get("/m/corrections/subjects?status=all").text
        assert f'/m/corrections/subjects/{ids[CorrectionsSubject]}"' in listed
    finally:
        client.__exit__(None, None, None)
