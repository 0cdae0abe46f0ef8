"""Electronic location's data side: positions from the provider hook are shown only to holders
of ``corrections.view_location``, every view is audited, and geofence breaches raise red items."""

from __future__ import annotations

from datetime import UTC, datetime

from corrections.models import CorrectionsLocation
from corrections.services.geofence import SIMULATED, check_geofences
from corrections.services.location import switch_on
from corrections_pages_support import client_for
from corrections_support import SETTINGS, TODAY, supervised
from sqlalchemy import select

from core.api import DueSource, due_items_of, location_providers
from core.audit.models import AuditRecord
from core.db import session_scope


def _term(platform, org_id: int) -> tuple[int, int]:
    with session_scope(platform.engine) as session:
        subject = supervised(session, org_id)
        row = switch_on(
            session,
            subject,
            {
                "ground": "left_without_leave",
                "approved_on": TODAY.isoformat(),
                "months": "2",
                "fence_lat": "37.7297",
                "fence_lon": "117.2316",
                "fence_radius_m": "500",
            },
            approved_by="张局长",
            settings=SETTINGS,
            today=TODAY,
        )
        return subject.id, row.id


def test_the_simulated_provider_is_offered_through_the_core_hook(platform) -> None:
    assert SIMULATED in location_providers(platform.host)


def test_breaches_raise_red_items_once(platform, org_tree) -> None:
    _, location_id = _term(platform, org_tree.station_a)
    now = datetime(2026, 12, 20, tzinfo=UTC)
    with session_scope(platform.engine) as session:
        first = check_geofences(
            session, platform.host, now, window=now - datetime(2026, 11, 23, tzinfo=UTC)
        )
        again = check_geofences(
            session, platform.host, now, window=now - datetime(2026, 11, 23, tzinfo=UTC)
        )
        items = due_items_of(session, DueSource("corrections", "location", location_id))
    assert first > 0 and again == 0 and len(items) == first


def test_only_permitted_users_see_positions_and_each_view_is_audited(platform, org_tree) -> None:
    subject_id, location_id = _term(platform, org_tree.station_a)
    url = f"/m/corrections/subjects/{subject_id}/location/{location_id}"
    with client_for(platform, "staff1", {"station_staff": org_tree.station_a}) as staff:
        assert staff.get(url).status_code == 403
        assert "查看定位" not in staff.get(f"/m/corrections/subjects/{subject_id}").text
    with client_for(platform, "head1", {"station_head": org_tree.station_a}) as head:
        page = head.get(url)
        assert page.status_code == 200 and "本次查看已记入审计日志" in page.text
    with session_scope(platform.engine) as session:
        views = (
            session.execute(
                select(AuditRecord).where(AuditRecord.action == "corrections.location_viewed")
            )
            .scalars()
            .all()
        )
        assert len(views) == 1 and views[0].entity_id == str(location_id)
        assert session.get(CorrectionsLocation, location_id).active
