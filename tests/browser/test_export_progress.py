"""End-to-end: an export started in chromium shows a polling progress bar, then its file."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import delete, func
from sqlmodel import Session, select

from core.db import make_engine
from core.orgs.models import OrgUnit
from core.people.models import Person
from tests.exports.support import seed_people

pytestmark = pytest.mark.browser

PEOPLE = 2_000


def live_database(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The live server's SQLite file (``live_server`` makes it under a ``live`` temp dir)."""
    found = {p.resolve() for p in Path(tmp_path_factory.getbasetemp()).glob("live*/live.sqlite3")}
    (path,) = found  # "live0" and pytest's "livecurrent" link to it
    return f"sqlite:///{path}"


@pytest.fixture
def station_people(live_server, tmp_path_factory) -> Iterator[int]:
    """People at station A of the live server for the test, removed afterwards so that the
    other browser tests see the server as they expect it; yields the station's id."""
    engine = make_engine(live_database(tmp_path_factory))
    with Session(engine) as session:
        station = session.exec(select(OrgUnit).where(OrgUnit.name == "市中街道司法所")).one()
        before = session.exec(select(func.max(Person.id))).one() or 0
    seed_people(engine, PEOPLE, [station.id], start=900_000)  # type: ignore[list-item]
    try:
        yield station.id  # type: ignore[misc]
    finally:
        with engine.begin() as conn:
            conn.execute(delete(Person).where(Person.id > before))  # type: ignore[arg-type]
        engine.dispose()


def test_an_export_shows_its_progress_and_then_the_download_link(
    live_server, admin_page, station_people: int
) -> None:
    page = admin_page
    page.goto(f"{live_server}/exports")
    form = page.locator(".export-start[data-kind='core.people']")
    form.locator("select[name=org_id]").select_option(str(station_people))
    form.locator("select[name=format]").select_option("xlsx")
    page.evaluate("window.__marker = 'same page'")
    form.locator("button[type=submit]").click()

    progress = page.locator(".export-progress")
    progress.wait_for(timeout=10_000)  # the bar appears in place, polling every second
    link = page.locator(".export-progress[data-state='ready'] a.export-download")
    link.wait_for(timeout=60_000)
    assert page.evaluate("window.__marker") == "same page"  # no navigation: htmx swaps
    assert f"共 {PEOPLE} 行" in progress.inner_text()

    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename.startswith("人员名单-市中街道司法所-")
    assert download.value.suggested_filename.endswith(".xlsx")
    assert not [e for e in page.console_errors if "Content Security Policy" in e]
