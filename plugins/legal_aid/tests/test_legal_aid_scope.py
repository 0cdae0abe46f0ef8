"""A station's staff see only their own subtree's legal-aid cases, lawyers and subsidies, and
get 404 for another station's case by URL."""

from __future__ import annotations

from datetime import date

from la_support import centre, notice, provider

from core.db import session_scope


def test_lists_and_pages_stay_inside_the_users_subtree(
    platform, org_tree, station_a_client, station_b_client
) -> None:
    with session_scope(platform.engine) as session:
        a = centre(session, org_tree.station_a, "市中法律援助工作站")
        b = centre(session, org_tree.station_b, "郑店法律援助工作站")
        case_a = notice(session, a, date(2026, 11, 2), matter="notice_minor")
        case_b = notice(session, b, date(2026, 11, 2), matter="notice_minor")
        provider(session, a, "甲站律师")
        provider(session, b, "乙站律师")
        number_a, number_b, id_b = case_a.number, case_b.number, case_b.id
    listed = station_a_client.get("/m/legal_aid/cases").text
    assert number_a in listed and number_b not in listed
    roster = station_a_client.get("/m/legal_aid/providers").text
    assert "甲站律师" in roster and "乙站律师" not in roster
    assert station_a_client.get(f"/m/legal_aid/cases/{id_b}").status_code == 404
    assert station_b_client.get(f"/m/legal_aid/cases/{id_b}").status_code == 200
