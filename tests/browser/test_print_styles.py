"""Every printable page keeps its print styles under the Content-Security-Policy
(issue 21, defect 6): the corrections documents and the clinic's door sign used inline
<style>, which the CSP (style-src 'self') blocks, so they printed unstyled.

An in-process server (uvicorn in a thread) on a platform with the corrections and clinic
modules, its data made through the services; chromium loads each page and reads computed
styles that only the stylesheet sets.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from core.db import session_scope
from tests.support.cli import free_port
from web.testing import PASSWORD, FakeClock, boot_platform, make_account, make_org_tree

pytestmark = pytest.mark.browser

START = datetime(2026, 11, 2, 1, 0, tzinfo=UTC)
TODAY = date(2026, 11, 2)


@pytest.fixture
def print_site(tmp_path: Path) -> Iterator[tuple[str, dict[str, int]]]:
    import clinic.plugin
    import corrections.plugin
    import uvicorn
    from clinic.services.roster import create_clinic
    from corrections.services.intake import announce, clean_subject, receive_documents, report_in
    from corrections.services.sanctions import record_sanction
    from corrections.settings import CorrectionsSettings

    from core.api import register_person
    from web.app import create_app

    platform = boot_platform(tmp_path, {"corrections": corrections.plugin, "clinic": clinic.plugin})
    ids: dict[str, int] = {}
    with session_scope(platform.engine) as session:
        tree = make_org_tree(session, activate=platform.host)
        make_account(
            session,
            "printer",
            roles={"station_head": tree.station_a, "bureau_staff": tree.bureau},
            host=platform.host,
        )
        person = register_person(
            session,
            {"name": "孙某", "id_type": "none", "no_id_reason": "测试", "sex": "male"},
            org_id=tree.station_a,
        )
        received = TODAY - timedelta(days=20)
        values = clean_subject(
            {
                "subject_type": "probation",
                "offence": "危险驾驶罪",
                "sentence": "拘役二个月，缓刑二个月",
                "deciding_body": "乐陵市人民法院",
                "judgment_number": "（2026）鲁1481刑初101号",
                "documents_received_on": received.isoformat(),
                "term_start": received.isoformat(),
                "term_end": (TODAY + timedelta(days=200)).isoformat(),
            },
            TODAY,
        )
        subject = receive_documents(
            session, values, org_id=tree.station_a, person_id=person.id, today=TODAY
        )
        report_in(session, subject, mode="self", on=received + timedelta(days=3), today=TODAY)
        announce(
            session,
            subject,
            on=received + timedelta(days=3),
            today=TODAY,
            settings=CorrectionsSettings(),
        )
        sanction = record_sanction(
            session,
            subject,
            {"kind": "warning", "facts": "未按规定报告", "decided_on": TODAY.isoformat()},
            decided_by="县级社区矫正机构",
            settings=CorrectionsSettings(),
            today=TODAY,
        )
        room = create_clinic(session, tree.village_a, "前进村法律服务诊室")
        ids = {"subject": subject.id, "sanction": sanction.id, "clinic": room.id}
    app = create_app(platform=platform)
    app.state.clock = FakeClock(START)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", ids
    server.should_exit = True
    thread.join(timeout=10)
    platform.engine.dispose()


def test_every_printable_page_is_styled_with_the_csp_on(print_site, page) -> None:
    base, ids = print_site
    page.goto(f"{base}/login")
    page.fill("input[name=username]", "printer")
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{base}/")
    subject = f"{base}/m/corrections/subjects/{ids['subject']}/documents"
    documents = [
        f"{subject}/announcement",
        f"{subject}/sanctions/{ids['sanction']}",
    ]
    for url in documents:
        response = page.goto(url)
        assert response.status == 200, url
        assert "style-src 'self'" in response.headers["content-security-policy"]
        seal = "getComputedStyle(document.querySelector('.seal')).borderStyle"
        assert page.evaluate(seal) == "dashed", url
        h1 = "getComputedStyle(document.querySelector('h1')).textAlign"
        assert page.evaluate(h1) == "center", url

    response = page.goto(f"{base}/m/clinic/clinics/{ids['clinic']}/sign?month=2026-11")
    assert response.status == 200
    assert "style-src 'self'" in response.headers["content-security-policy"]
    assert page.evaluate("getComputedStyle(document.querySelector('h1')).textAlign") == "center"
    cell = "getComputedStyle(document.querySelector('td')).borderTopStyle"
    assert page.evaluate(cell) == "solid"
    place = "getComputedStyle(document.querySelector('p.place')).textAlign"
    assert page.evaluate(place) == "center"
    assert not [e for e in page.console_errors if "Content Security Policy" in e]
