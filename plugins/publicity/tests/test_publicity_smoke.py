from core.db import session_scope


def test_pages_render_for_the_bureau(platform, org_tree, admin_client) -> None:
    from publicity_support import approved_plan, make_unit, record_event
    from datetime import date

    with session_scope(platform.engine) as session:
        unit = make_unit(session, org_tree.station_a)
        plan = approved_plan(session, unit)
        event = record_event(session, unit, date(2026, 3, 1))
        ids = unit.id, plan.id, event.id
    for url in ["/m/publicity/plans", "/m/publicity/units", f"/m/publicity/units/{ids[0]}", f"/m/publicity/plans/{ids[1]}",
                f"/m/publicity/plans/{ids[1]}/sheet", "/m/publicity/events", f"/m/publicity/events/{ids[2]}", "/m/publicity/events/new",
                "/m/publicity/villages", "/m/publicity/backbones", "/m/publicity/backbones/new", "/m/publicity/sites/new",
                "/m/publicity/model-villages/new", "/m/publicity/calendar", "/m/publicity/reports", "/m/publicity/reports.xlsx",
                f"/m/publicity/units/{ids[0]}/plans/new", "/m/publicity/units/new"]:
        r = admin_client.get(url)
        assert r.status_code == 200, (url, r.text[-2000:])
