"""Exports through the pages: start, watch the progress bar, download; who may fetch a file."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from litestar.testing import TestClient
from openpyxl import load_workbook
from sqlalchemy import update
from sqlmodel import Session, select

from core.audit.models import AuditRecord
from core.exports.jobs import expire_exports
from core.exports.models import ExportFile, ExportStatus
from core.exports.service import export_path
from core.platform import Platform
from core.scheduling.models import JobRun, RunStatus
from tests.exports.support import seed_people, signed_in
from tests.support.auth import post_form

HTMX = {"HX-Request": "true"}


@pytest.fixture
def people(platform: Platform, org_tree) -> None:
    """12 people at station A's village, 8 at station B's (ids 1–20, alternating 3:2)."""
    seed_people(platform.engine, 12, [org_tree.village_a])
    seed_people(platform.engine, 8, [org_tree.village_b], start=12)


@pytest.fixture
def head_a(platform: Platform, org_tree, people) -> Iterator[TestClient[Any]]:
    """Station A's head: sees station A's people, may unmask them."""
    with signed_in(platform, "head.a", {"station_head": org_tree.station_a}) as client:
        yield client


def custom_role(platform: Platform, code: str, *permissions: str) -> None:
    """A bureau's own role holding exactly ``permissions``."""
    from core.identity.models import Role, RolePermission
    from tests.support.auth import ensure_roles

    with Session(platform.engine) as session:
        ensure_roles(session, platform.host)
        role = Role(code=code, label_zh=code, label_en=code)
        session.add(role)
        session.flush()
        for permission in permissions:
            session.add(RolePermission(role_id=role.id, permission=permission))
        session.commit()


def join(client: TestClient[Any]) -> None:
    client.app.state.embedded_worker.join()


def start(client: TestClient[Any], org_id: int, **form: str) -> int:
    """Start an export the way the page's htmx form does; returns its id."""
    data = {"kind": "core.people", "org_id": str(org_id), "format": "xlsx", **form}
    response = post_form(client, "/exports", data, headers=HTMX)
    assert response.status_code == 200, response.text
    match = re.search(r'<div id="export-(\d+)" class="export-progress"', response.text)
    assert match, response.text
    return int(match.group(1))


def sheet_rows(content: bytes) -> list[tuple[Any, ...]]:
    book = load_workbook(io.BytesIO(content), read_only=True)
    return [tuple(row) for row in book.active.iter_rows(values_only=True)]


def test_an_export_runs_with_a_progress_bar_then_offers_its_file(
    head_a, platform, org_tree
) -> None:
    page = head_a.get("/exports")
    assert page.status_code == 200
    assert 'data-kind="core.people"' in page.text and "导出人员名单" in page.text
    assert 'name="unmask"' in page.text  # a station head may ask for full numbers

    data = {"kind": "core.people", "org_id": str(org_tree.station_a), "format": "xlsx"}
    started = post_form(head_a, "/exports", data, headers=HTMX)
    assert started.status_code == 200 and "<html" not in started.text
    export_id = int(re.search(r'id="export-(\d+)"', started.text).group(1))  # type: ignore[union-attr]
    assert 'data-state="queued"' in started.text
    assert started.headers["hx-trigger"] == "exportsChanged"  # the list below refreshes
    assert f'hx-get="/exports/{export_id}/progress" hx-trigger="every 1s"' in started.text
    join(head_a)

    done = head_a.get(f"/exports/{export_id}/progress")
    assert 'data-state="ready"' in done.text
    assert "hx-trigger" not in done.text  # polling stops: the fragment no longer asks again
    assert done.headers["hx-trigger"] == "exportsChanged"
    listing = head_a.get("/exports", headers=HTMX).text
    assert 'hx-trigger="exportsChanged from:body"' in listing
    assert f'data-export="{export_id}" data-state="ready"' in listing
    assert f'href="/exports/{export_id}/download"' in done.text and "共 12 行" in done.text

    download = head_a.get(f"/exports/{export_id}/download")
    assert download.status_code == 200
    assert download.headers["content-type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert "filename*=utf-8''" in download.headers["content-disposition"]
    assert download.headers["cache-control"] == "no-store"
    rows = sheet_rows(download.content)
    assert rows[0][:5] == ("姓名", "性别", "证件类型", "证件号码", "联系电话")
    assert len(rows) == 13
    assert {r[7] for r in rows[1:]} == {"前进社区"}  # station A's village only
    assert all(re.fullmatch(r"371481\*{8}\d{3}[0-9X]", r[3]) for r in rows[1:])
    assert all(re.fullmatch(r"139\*{4}\d{4}", r[4]) for r in rows[1:])


def test_the_progress_bar_shows_how_far_a_running_export_is(head_a, platform, org_tree) -> None:
    export_id = start(head_a, org_tree.station_a)
    join(head_a)
    with Session(platform.engine) as session:
        export = session.get(ExportFile, export_id)
        assert export is not None
        # Wind the export back to the middle of its run, as the page would see it.
        session.execute(
            update(JobRun.__table__)  # type: ignore[attr-defined]
            .where(JobRun.__table__.c.id == export.run_id)  # type: ignore[attr-defined]
            .values(status=RunStatus.RUNNING.value, progress_done=3, progress_total=12)
        )
        export.status = ExportStatus.PENDING
        session.add(export)
        session.commit()
    running = head_a.get(f"/exports/{export_id}/progress")
    assert 'data-state="running"' in running.text and "hx-trigger" in running.text
    assert '<progress max="100" value="25">' in running.text and "已导出 3 / 12 行" in running.text
    listing = head_a.get("/exports").text
    assert f'data-export="{export_id}" data-state="running"' in listing


def test_a_failed_export_says_so_and_stops_polling(head_a, platform, org_tree) -> None:
    export_id = start(head_a, org_tree.station_a)
    join(head_a)
    with Session(platform.engine) as session:
        export = session.get(ExportFile, export_id)
        session.execute(
            update(JobRun.__table__)  # type: ignore[attr-defined]
            .where(JobRun.__table__.c.id == export.run_id)  # type: ignore[attr-defined,union-attr]
            .values(status=RunStatus.FAILED.value, error="Traceback …\nOSError: 磁盘已满")
        )
        export.status = ExportStatus.PENDING  # type: ignore[union-attr]
        session.add(export)
        session.commit()
    failed = head_a.get(f"/exports/{export_id}/progress").text
    assert 'data-state="failed"' in failed and "hx-trigger" not in failed
    assert "导出失败" in failed and "OSError: 磁盘已满" in failed


def test_a_csv_export_is_utf8_with_a_byte_order_mark(head_a, org_tree) -> None:
    export_id = start(head_a, org_tree.station_a, format="csv")
    join(head_a)
    download = head_a.get(f"/exports/{export_id}/download")
    assert download.headers["content-type"].startswith("text/csv")
    assert download.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(download.content.decode("utf-8-sig"))))
    assert rows[0][0] == "姓名" and len(rows) == 13


def test_another_user_gets_404_and_an_export_manager_in_scope_may_download(
    head_a, platform, org_tree
) -> None:
    export_id = start(head_a, org_tree.station_a)
    join(head_a)
    urls = [f"/exports/{export_id}{suffix}" for suffix in ("", "/progress", "/download")]
    with signed_in(platform, "clerk.a", {"station_staff": org_tree.station_a}) as colleague:
        assert [colleague.get(url).status_code for url in urls] == [404, 404, 404]
        assert f'data-export="{export_id}"' not in colleague.get("/exports").text
    with signed_in(platform, "admin.b", {"system_admin": org_tree.station_b}) as other_station:
        assert [other_station.get(url).status_code for url in urls] == [404, 404, 404]
    with signed_in(platform, "admin.bureau", {"system_admin": org_tree.bureau}) as manager:
        assert [manager.get(url).status_code for url in urls] == [200, 200, 200]
        assert f'data-export="{export_id}"' in manager.get("/exports?all=1").text
    assert head_a.get("/exports/999999/download").status_code == 404


def test_full_numbers_only_on_request_and_the_request_is_audited(
    head_a, platform, org_tree
) -> None:
    masked = start(head_a, org_tree.station_a)
    unmasked = start(head_a, org_tree.station_a, unmask="1")
    join(head_a)
    masked_rows = sheet_rows(head_a.get(f"/exports/{masked}/download").content)
    full_rows = sheet_rows(head_a.get(f"/exports/{unmasked}/download").content)
    assert "*" in masked_rows[1][3] and re.fullmatch(r"371481\d{11}[0-9X]", full_rows[1][3])
    assert re.fullmatch(r"139\d{8}", full_rows[1][4])
    assert "未脱敏" in head_a.get("/exports").text
    with Session(platform.engine) as session:
        records = session.exec(select(AuditRecord).where(AuditRecord.entity == "export_file")).all()
    unmask_events = [r for r in records if r.action == "unmask"]
    assert [r.entity_id for r in unmask_events] == [str(unmasked)]
    downloads = [r for r in records if r.action == "export_download"]
    assert sorted(r.entity_id for r in downloads) == sorted([str(masked), str(unmasked)])
    # An export manager who may not unmask fetches the masked file, not the unmasked one.
    # (a bureau's own role: manages exports and sees people, but never full numbers)
    custom_role(
        platform, "export_clerk", "core.exports.use", "core.exports.manage", "core.people.view"
    )
    with signed_in(platform, "exports.clerk", {"export_clerk": org_tree.bureau}) as clerk:
        assert clerk.get(f"/exports/{masked}/download").status_code == 200
        assert clerk.get(f"/exports/{unmasked}/download").status_code == 404


def test_asking_for_full_numbers_without_the_permission_is_refused(
    platform, org_tree, people
) -> None:
    with signed_in(platform, "clerk.a", {"station_staff": org_tree.station_a}) as clerk:
        assert 'name="unmask"' not in clerk.get("/exports").text
        data = {"kind": "core.people", "org_id": str(org_tree.station_a), "unmask": "1"}
        response = post_form(clerk, "/exports", data)
        assert response.status_code == 403 and "完整证件号码和电话" in response.text
        outside = {"kind": "core.people", "org_id": str(org_tree.station_b)}
        assert post_form(clerk, "/exports", outside).status_code == 404
    with Session(platform.engine) as session:
        assert session.exec(select(ExportFile)).all() == []


def test_a_plain_form_post_leads_to_the_exports_own_page(head_a, org_tree) -> None:
    data = {"kind": "core.people", "org_id": str(org_tree.station_a), "format": "xlsx"}
    response = post_form(head_a, "/exports", data)
    assert response.status_code == 303
    location = response.headers["location"]
    assert re.fullmatch(r"/exports/\d+", location)
    join(head_a)
    page = head_a.get(location)
    assert (
        "人员名单" in page.text
        and "市中街道司法所" in page.text
        and 'data-state="ready"' in page.text
    )


def test_an_expired_file_is_deleted_and_no_longer_served(head_a, platform, org_tree) -> None:
    export_id = start(head_a, org_tree.station_a)
    join(head_a)
    with Session(platform.engine) as session:
        export = session.get(ExportFile, export_id)
    assert export is not None and export_path(platform.settings, export).is_file()
    later = export.expires_at + timedelta(minutes=1)
    assert expire_exports(platform.engine, platform.settings, later)["expired"] == 1
    assert not export_path(platform.settings, export).exists()
    assert 'data-state="expired"' in head_a.get(f"/exports/{export_id}/progress").text
    assert head_a.get(f"/exports/{export_id}/download").status_code == 404


def test_exports_need_a_login_the_export_permission_and_the_lists_own(
    platform, org_tree, client
) -> None:
    anonymous = client.get("/exports", follow_redirects=False)
    assert anonymous.status_code == 303
    assert anonymous.headers["location"] == "/login?next=%2Fexports"
    data = {"kind": "core.people", "org_id": str(org_tree.station_a)}
    with signed_in(platform, "nobody", {}, org_id=org_tree.station_a) as nobody:
        assert nobody.get("/exports").status_code == 403
        assert post_form(nobody, "/exports", data).status_code == 403
        assert 'href="/exports"' not in nobody.get("/").text
    custom_role(platform, "exporter_only", "core.exports.use")
    with signed_in(platform, "exporter", {"exporter_only": org_tree.station_a}) as exporter:
        page = exporter.get("/exports")
        assert page.status_code == 200 and "导出人员名单" not in page.text
        refused = post_form(exporter, "/exports", data)
        assert refused.status_code == 403 and "您没有导出人员名单的权限" in refused.text
