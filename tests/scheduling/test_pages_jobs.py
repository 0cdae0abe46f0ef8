"""The background jobs page: schedules in words, last and next run, errors, "run now"."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from litestar.testing import TestClient
from sqlalchemy import update
from sqlmodel import Session, select

from core.platform import Platform
from core.scheduling import runs
from core.scheduling.models import JobRun, RunStatus
from tests.exports.support import signed_in
from tests.support.auth import FakeClock, post_form

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # 17:00 in Beijing


@pytest.fixture
def admin(platform: Platform, org_tree) -> Iterator[TestClient[Any]]:
    with signed_in(platform, "jobs.admin", {"system_admin": None}, clock=FakeClock(NOW)) as c:
        yield c


def row_of(html: str, job: str) -> str:
    """The table row of one job."""
    match = re.search(rf'<tr data-job="{re.escape(job)}".*?</tr>', html, re.S)
    assert match, f"no row for {job}"
    return match.group(0)


def add_notes(platform: Platform, *texts: str) -> None:
    from sifa_testplugin.models import TestpluginNote

    with Session(platform.engine) as session:
        session.add_all([TestpluginNote(text=t) for t in texts])
        session.commit()


def finished_run(
    platform: Platform, job: str, status: RunStatus, *, error: str | None = None
) -> int:
    """A run that started at 16:00 and ended 1 min 5 s later, Beijing time."""
    with platform.engine.begin() as conn:
        run_id, _ = runs.insert_run(conn, job, slot=NOW - timedelta(hours=1))
        conn.execute(
            update(JobRun.__table__)  # type: ignore[attr-defined]
            .where(JobRun.__table__.c.id == run_id)  # type: ignore[attr-defined]
            .values(
                status=status.value,
                started_at=NOW - timedelta(hours=1),
                finished_at=NOW - timedelta(minutes=58, seconds=55),
                error=error,
            )
        )
    return run_id


def test_the_jobs_page_lists_the_test_plugins_periodic_job_with_last_and_next_run(
    admin, platform
) -> None:
    finished_run(platform, "testplugin.sweep", RunStatus.DONE)
    page = admin.get("/jobs")
    assert page.status_code == 200
    sweep = row_of(page.text, "testplugin.sweep")
    assert 'data-status="done"' in sweep
    assert "每分钟" in sweep and "<code>* * * * *</code>" in sweep
    assert "每分钟标记新笔记" in sweep and "测试插件" in sweep
    assert "2026-11-23 16:00:00" in sweep  # started, Beijing time
    assert "2026-11-23 16:01:05" in sweep and "1:05" in sweep  # finished, duration
    assert "2026-11-23 17:01" in sweep  # next slot after 17:00
    nightly = row_of(page.text, "core.prune_job_runs")
    assert "每天 03:17" in nightly and "2026-11-24 03:17" in nightly
    assert "尚未运行" in nightly
    on_demand = row_of(page.text, "testplugin.count_notes")
    assert "按需启动" in on_demand and "/run" not in on_demand  # nothing to run it with


def test_a_failed_run_shows_its_error_message_not_its_traceback(admin, platform) -> None:
    traceback = 'Traceback (most recent call last):\n  File "x.py"\nValueError: 笔记格式错误'
    finished_run(platform, "testplugin.sweep", RunStatus.FAILED, error=traceback)
    sweep = row_of(admin.get("/jobs").text, "testplugin.sweep")
    assert 'data-status="failed"' in sweep and 'class="state-failed"' in sweep
    assert "ValueError: 笔记格式错误" in sweep and "x.py" not in sweep
    detail = admin.get("/jobs/testplugin.sweep").text
    assert "x.py" in detail  # the whole traceback, folded, on the job's own page


def test_run_now_enqueues_on_the_embedded_broker_and_the_page_shows_the_result(
    admin, platform
) -> None:
    add_notes(platform, "回访", "调解")
    response = post_form(admin, "/jobs/testplugin.sweep/run", {})
    assert response.status_code == 303
    run_id = int(response.headers["location"].rsplit("started=", 1)[1])
    admin.app.state.embedded_worker.join()
    with Session(platform.engine) as session:
        run = session.get(JobRun, run_id)
    assert run is not None and run.status == RunStatus.DONE
    assert run.slot is None and run.result == {"marked": 2}
    assert 'data-status="done"' in row_of(admin.get("/jobs").text, "testplugin.sweep")
    detail = admin.get(f"/jobs/testplugin.sweep?started={run_id}").text
    assert f'data-run="{run_id}"' in detail and "手动" in detail and '{"marked": 2}' in detail


def test_run_now_through_htmx_answers_the_refreshed_table(admin, platform) -> None:
    response = post_form(admin, "/jobs/core.prune_job_runs/run", {}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response.text.startswith('<div id="job-states"') and "<html" not in response.text
    assert 'id="jobs-started"' in response.text
    row = row_of(response.text, "core.prune_job_runs")
    assert 'data-status="queued"' in row and " disabled" in row
    admin.app.state.embedded_worker.join()


def test_run_now_is_refused_while_a_run_of_the_job_is_open(admin, platform) -> None:
    with platform.engine.begin() as conn:
        runs.insert_run(conn, "testplugin.sweep", slot=NOW)  # queued, not sent
    response = post_form(admin, "/jobs/testplugin.sweep/run", {})
    assert response.status_code == 409
    assert "正在排队或运行" in response.text
    with Session(platform.engine) as session:
        assert len(session.exec(select(JobRun)).all()) == 1


def test_only_periodic_jobs_of_loaded_components_can_be_run_now(admin) -> None:
    assert post_form(admin, "/jobs/testplugin.count_notes/run", {}).status_code == 404
    assert post_form(admin, "/jobs/nobody.nothing/run", {}).status_code == 404
    assert admin.get("/jobs/nobody.nothing").status_code == 404


def test_the_states_table_refreshes_itself_through_htmx(admin) -> None:
    page = admin.get("/jobs").text
    assert 'hx-get="/jobs" hx-trigger="every 5s"' in page
    fragment = admin.get("/jobs", headers={"HX-Request": "true"})
    assert fragment.text.startswith('<div id="job-states"') and "<html" not in fragment.text
    assert fragment.headers["vary"] == "HX-Request"


def test_a_jobs_runs_are_listed_newest_first_a_page_at_a_time(admin, platform) -> None:
    with platform.engine.begin() as conn:
        for minute in range(25):
            run_id, _ = runs.insert_run(
                conn, "testplugin.sweep", slot=NOW + timedelta(minutes=minute)
            )
            conn.execute(
                update(JobRun.__table__)  # type: ignore[attr-defined]
                .where(JobRun.__table__.c.id == run_id)  # type: ignore[attr-defined]
                .values(status=RunStatus.DONE.value, result={"marked": minute})
            )
    first = admin.get("/jobs/testplugin.sweep").text
    ids = [int(i) for i in re.findall(r'data-run="(\d+)"', first)]
    assert len(ids) == 20 and ids == sorted(ids, reverse=True)
    assert "共 25 次运行" in first and "第 1 / 2 页" in first
    second = admin.get("/jobs/testplugin.sweep?page=2", headers={"HX-Request": "true"})
    assert second.text.startswith('<div id="job-runs"')
    assert len(re.findall(r'data-run="(\d+)"', second.text)) == 5


def test_a_leader_sees_the_jobs_but_cannot_run_them(platform, org_tree) -> None:
    with signed_in(platform, "leader", {"bureau_leader": org_tree.bureau}) as leader:
        page = leader.get("/jobs")
        assert page.status_code == 200 and "testplugin.sweep" in page.text
        assert "立即运行" not in page.text
        response = post_form(leader, "/jobs/testplugin.sweep/run", {})
        assert response.status_code == 403


def test_staff_without_the_permission_get_403_and_strangers_the_login_page(
    platform, org_tree, client
) -> None:
    anonymous = client.get("/jobs", follow_redirects=False)
    assert anonymous.status_code == 303 and anonymous.headers["location"] == "/login?next=%2Fjobs"
    with signed_in(platform, "clerk", {"station_staff": org_tree.station_a}) as clerk:
        assert clerk.get("/jobs").status_code == 403
        assert clerk.get("/jobs/testplugin.sweep").status_code == 403
        assert post_form(clerk, "/jobs/testplugin.sweep/run", {}).status_code == 403
        assert 'href="/jobs"' not in clerk.get("/").text


def test_the_page_speaks_english_when_asked(admin) -> None:
    admin.cookies.set("sifa_locale", "en")
    page = admin.get("/jobs").text
    assert "Background jobs" in page and "Run now" in page
    nightly = row_of(page, "core.prune_job_runs")
    assert "daily at 03:17" in nightly and "Never run" in nightly and "Core" in nightly
