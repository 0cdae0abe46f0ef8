"""A station cannot see or touch another station's mediation records by any URL (acceptance 6).

The app-wide matrix (tests/test_access_records.py) covers every route; this runs the same
walk over the mediation routes alone, so the plugin's guarantee is checked even while other
modules' routes are being built, and adds the other half: the same URLs work for the
record's own station.
"""

from __future__ import annotations

import re

from litestar.testing import TestClient
from sqlalchemy import func, select

from core.audit.models import AuditRecord
from core.db import session_scope
from tests.identity.test_access import endpoints
from tests.support.auth import csrf_headers
from tests.support.records import FACTORIES

PARAM = re.compile(r"\{(\w+):(\w+)\}")
PREFIX = "/m/mediation/"


def mediation_routes(app) -> list[tuple[str, str, object]]:
    return [(m, p, h) for m, p, h in endpoints(app) if p.startswith(PREFIX) and m != "OPTIONS"]


def test_every_mediation_route_names_a_permission_and_declares_its_records(
    station_a_client: TestClient,
) -> None:
    routes = mediation_routes(station_a_client.app)
    assert len(routes) >= 30
    for method, path, handler in routes:
        opt = handler.opt  # type: ignore[attr-defined]
        assert str(opt.get("permission", "")).startswith("mediation."), (method, path)
        for name, _ in PARAM.findall(path):
            assert name in (opt.get("records") or {}), (method, path, name)
            assert opt["records"][name] in FACTORIES, (method, path, name)


def _record_routes(app) -> list[tuple[str, str, dict]]:
    return [(m, p, h.opt["records"]) for m, p, h in mediation_routes(app) if h.opt.get("records")]  # type: ignore[attr-defined]


def test_station_a_gets_404_for_station_b_records_and_nothing_changes(
    platform, org_tree, station_a_client: TestClient
) -> None:
    routes = _record_routes(station_a_client.app)
    assert len(routes) >= 20
    headers = csrf_headers(station_a_client)
    for method, path, records in routes:
        with session_scope(platform.engine) as session:
            ids = {
                name: FACTORIES[model](session, org_tree.station_b).id
                for name, model in records.items()
            }
        url = PARAM.sub(lambda m, ids=ids: str(ids[m.group(1)]), path)
        with session_scope(platform.engine) as session:
            before = session.execute(select(func.max(AuditRecord.id))).scalar()
        response = station_a_client.request(
            method,
            url,
            headers=headers,
            data={"version": "1", "title": "篡改"},
            follow_redirects=False,
        )
        assert response.status_code == 404, (method, path, response.status_code)
        with session_scope(platform.engine) as session:
            # Only what a web request wrote: the embedded worker's periodic jobs (screening
            # rounds, reminder scans) may write meanwhile, without a request id.
            written = session.execute(
                select(func.count())
                .select_from(AuditRecord)
                .where(AuditRecord.id > (before or 0), AuditRecord.request_id.is_not(None))
            ).scalar()
            assert written == 0, (method, path)


def test_the_same_pages_open_for_the_records_own_station(
    platform, org_tree, station_a_client: TestClient
) -> None:
    # The agreement document needs an agreement (tested with one in test_mediation_pages_cases)
    # and a file download the file's bytes (tested in test_mediation_evidence).
    gets = [
        (p, r)
        for m, p, r in _record_routes(station_a_client.app)
        if m == "GET"
        and not p.endswith(("/agreement", "/agreement.pdf"))
        and not p.startswith("/m/mediation/evidence/")
    ]
    assert gets
    for path, records in gets:
        with session_scope(platform.engine) as session:
            ids = {
                name: FACTORIES[model](session, org_tree.station_a).id
                for name, model in records.items()
            }
        url = PARAM.sub(lambda m, ids=ids: str(ids[m.group(1)]), path)
        assert station_a_client.get(url).status_code == 200, path


def test_lists_show_only_the_stations_own_records(
    platform, org_tree, station_a_client: TestClient
) -> None:
    from mediation.models import MediationCase, MediationCommittee, MediationMediator

    with session_scope(platform.engine) as session:
        theirs = FACTORIES[MediationCase](session, org_tree.station_b)
        FACTORIES[MediationMediator](session, org_tree.station_b)
        ours = FACTORIES[MediationCase](session, org_tree.station_a)
        their_committee = session.get(MediationCommittee, theirs.committee_id)
        their_number, our_number, their_short = (
            theirs.case_number,
            ours.case_number,
            their_committee.short_name,
        )
    ledger = station_a_client.get("/m/mediation/ledger").text
    assert our_number in ledger and their_number not in ledger
    assert their_short not in station_a_client.get("/m/mediation/committees").text
    assert "外站调解员" not in station_a_client.get("/m/mediation/mediators").text
    searched = station_a_client.get(
        f"/m/mediation/ledger?q={their_number}", headers={"HX-Request": "true"}
    )
    assert "没有符合条件的案件。" in searched.text


def test_the_plugin_off_for_the_bureau_answers_404(
    platform, org_tree, station_a_client: TestClient
) -> None:
    from core.modules.service import set_active

    assert station_a_client.get("/m/mediation/ledger").status_code == 200
    with session_scope(platform.engine) as session:
        set_active(session, platform.host, org_tree.bureau, "mediation", False)
    assert station_a_client.get("/m/mediation/ledger").status_code == 404
    assert "人民调解" not in station_a_client.get("/").text.split("<main")[0]
