"""跨县变更执行地 through the staff pages (issue 23): 乐陵 asks from the subject's file, 宁津
checks from its incoming list (the file itself stays out of its reach), 乐陵 hands the file
over, the new station records the report. Wrong input answers 4xx on the page and changes
nothing; a second click at the same version is 409; every step is in the audit trail."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from corrections.models import CorrectionsSubject, CorrectionsTransfer
from corrections_pages_support import client_for
from corrections_support import two_counties
from sqlmodel import Session, select

from core.audit.models import AuditRecord
from core.reminders.models import DueItem
from tests.support.auth import ensure_roles, make_account
from tests.support.concurrency import (
    assert_one_winner,
    changing_requests,
    last_audit_id,
    live_server,
    race,
    signed_in,
)
from web.testing import PASSWORD, FakeClock, post_form

CLOCK_START = datetime(2026, 11, 2, 2, 0, tzinfo=UTC)  # 10:00 on 2 November in Beijing
BEIJING = timezone(timedelta(hours=8))


@pytest.fixture
def counties(platform, org_tree):
    return two_counties(platform, org_tree.station_a, received=date(2026, 10, 5))


def _move(platform) -> CorrectionsTransfer | None:
    with Session(platform.engine) as session:
        return session.exec(select(CorrectionsTransfer)).first()


def _version(page: str, form: str, field: str = "version") -> str:
    block = page.split(f'id="{form}"')[1].split("</form>")[0]
    return re.search(rf'name="{field}" value="(\d+)"', block).group(1)  # type: ignore[union-attr]


def test_a_move_between_counties_through_the_pages(platform, org_tree, counties) -> None:
    clock = FakeClock(CLOCK_START)
    sid, new_station = counties["subject"], counties["station"]
    url = f"/m/corrections/subjects/{sid}"
    with (
        client_for(platform, "leling", {"bureau_staff": org_tree.bureau}, clock) as leling,
        client_for(platform, "ningjin", {"bureau_staff": counties["bureau"]}, clock) as ningjin,
        client_for(platform, "chaihu", {"station_staff": new_station}, clock) as chaihu,
    ):
        page = leling.get(url).text
        assert 'id="form-move-request"' in page and "宁津县司法局" in page
        request_form = page.split('id="form-move-request"')[1].split("</form>")[0]
        assert "乐陵市司法局" not in request_form  # its own county is a plain transfer
        stations = leling.get(
            "/m/corrections/moves/stations", params={"to_bureau_id": counties["bureau"]}
        ).text
        assert "柴胡店镇司法所" in stations

        # a county but no station: the form comes back with the message, nothing saved
        version = _version(page, "form-move-request")
        refused = post_form(
            leling,
            f"{url}/moves",
            {"version": version, "to_bureau_id": counties["bureau"], "reason": "迁居宁津"},
        )
        assert refused.status_code == 422 and "请选择新执行地司法所" in refused.text
        assert "柴胡店镇司法所" in refused.text  # the chosen county's stations are offered
        assert _move(platform) is None

        asked = post_form(
            leling,
            f"{url}/moves",
            {
                "version": version,
                "to_bureau_id": counties["bureau"],
                "to_org_id": new_station,
                "reason": "迁居宁津，（租住）柴胡店镇",
            },
        )
        assert asked.status_code == 303
        move = _move(platform)
        assert move is not None and move.status == "requested"
        assert move.reason == "迁居宁津，（租住）柴胡店镇"  # kept as typed
        assert "已申请，待对方核实" in leling.get(url).text

        # 宁津 sees the request and its due item, but not 乐陵's file
        assert ningjin.get(url).status_code == 404
        incoming = ningjin.get("/m/corrections/moves").text
        assert f'data-move="{move.id}"' in incoming
        with Session(platform.engine) as session:
            item = session.exec(select(DueItem).where(DueItem.key == "check")).one()
            assert item.url == f"/m/corrections/moves/{move.id}"
            assert item.org_id == new_station
        detail = ningjin.get(f"/m/corrections/moves/{move.id}").text
        assert 'id="form-move-check"' in detail and "迁居宁津" in detail
        assert leling.get(f"/m/corrections/moves/{move.id}").status_code == 404
        assert chaihu.get(f"/m/corrections/moves/{move.id}").status_code == 200
        assert 'id="form-move-check"' not in chaihu.get(f"/m/corrections/moves/{move.id}").text

        check = f"/m/corrections/moves/{move.id}/check"
        mv = _version(detail, "form-move-check")
        no_reason = post_form(ningjin, check, {"version": mv, "decision": "refuse"})
        assert no_reason.status_code == 422 and "不同意接收的，请说明理由" in no_reason.text
        no_choice = post_form(ningjin, check, {"version": mv, "check_note": "已核实"})
        assert no_choice.status_code == 422
        assert _move(platform).status == "requested"  # type: ignore[union-attr]
        accepted = post_form(
            ningjin, check, {"version": mv, "decision": "accept", "check_note": "居住地属实"}
        )
        assert accepted.status_code == 303
        again = post_form(ningjin, check, {"version": mv, "decision": "refuse", "check_note": "x"})
        assert again.status_code == 409
        assert _move(platform).status == "accepted"  # type: ignore[union-attr]

        # 乐陵 hands the file over: it leaves 乐陵's reach, the new station sees it
        page = leling.get(url).text
        assert "对方已同意接收" in page and 'id="form-move-hand-over"' in page
        handed = post_form(
            leling,
            f"{url}/moves/hand-over",
            {
                "version": _version(page, "form-move-hand-over"),
                "move_version": _version(page, "form-move-hand-over", "move_version"),
            },
        )
        assert handed.status_code == 303, handed.text
        assert leling.get(url).status_code == 404
        assert (
            f'data-move="{move.id}"'
            in leling.get("/m/corrections/moves?box=outgoing&state=all").text
        )
        with Session(platform.engine) as session:
            assert session.get(CorrectionsSubject, sid).org_id == new_station  # type: ignore[union-attr]

        page = chaihu.get(url).text
        assert 'id="form-move-report"' in page
        report = f"{url}/moves/report"
        versions = {
            "version": _version(page, "form-move-report"),
            "move_version": _version(page, "form-move-report", "move_version"),
        }
        future = post_form(chaihu, report, {**versions, "move_reported_on": "2026-12-31"})
        assert future.status_code == 422 and "报到日期应在移交之后" in future.text
        done = post_form(chaihu, report, {**versions, "move_reported_on": "2026-11-02"})
        assert done.status_code == 303
        assert _move(platform).reported_on == date(2026, 11, 2)  # type: ignore[union-attr]
        assert "已报到 2026-11-02" in chaihu.get(url).text

    with Session(platform.engine) as session:
        changes = session.exec(
            select(AuditRecord).where(
                AuditRecord.entity == "corrections_transfer", AuditRecord.entity_id == str(move.id)
            )
        ).all()
    # requested, checked, handed over, reported: four audited changes of the move
    assert len(changes) >= 4


def test_each_step_raced_by_eight_staff_happens_once(platform, org_tree, counties, request) -> None:
    """Eight staff of each side post the same step at the same instant, at the version their
    page showed: request, check, hand-over and report each happen once, the others are told
    the file changed (409); none waits past the bound or fails with 500."""
    from web.app import create_app

    sid = counties["subject"]
    with Session(platform.engine, expire_on_commit=False) as session:
        ensure_roles(session, platform.host)
        for i in range(8):
            make_account(
                session, f"leling{i}", roles={"bureau_staff": org_tree.bureau}, host=platform.host
            )
            make_account(
                session,
                f"ningjin{i}",
                roles={"bureau_staff": counties["bureau"]},
                host=platform.host,
            )
        session.commit()

    def versions() -> tuple[int, int]:
        with Session(platform.engine) as session:
            move = session.exec(select(CorrectionsTransfer)).first()
            return session.get(CorrectionsSubject, sid).version, move.version if move else 0  # type: ignore[union-attr]

    with live_server(create_app(platform=platform)) as server:
        leling = [signed_in(server.url, f"leling{i}", PASSWORD) for i in range(8)]
        ningjin = [signed_in(server.url, f"ningjin{i}", PASSWORD) for i in range(8)]
        request.addfinalizer(lambda: [c.close() for c in leling + ningjin])
        url = f"/m/corrections/subjects/{sid}"

        def step(clients, path: str, label: str, refused=frozenset({409}), **form: str) -> None:
            subject_version, move_version = versions()
            before = last_audit_id(platform.engine)
            answers = race(
                clients,
                path,
                {"version": str(subject_version), "move_version": str(move_version), **form},
            )
            assert_one_winner(
                answers, changing_requests(platform.engine, before), label, refused=refused
            )

        step(
            leling,
            f"{url}/moves",
            "request",
            to_bureau_id=str(counties["bureau"]),
            to_org_id=str(counties["station"]),
            reason="迁居",
        )
        move = _move(platform)
        assert move is not None
        with Session(platform.engine) as session:
            assert len(session.exec(select(CorrectionsTransfer)).all()) == 1
        _, move_version = versions()
        before = last_audit_id(platform.engine)
        answers = race(
            ningjin,
            f"/m/corrections/moves/{move.id}/check",
            {"version": str(move_version), "decision": "accept", "check_note": "属实"},
        )
        assert_one_winner(answers, changing_requests(platform.engine, before), "check")
        # a racer arriving after the winner committed finds the file gone to the other county:
        # outside its scope, so the access guard answers 404 before any version check
        step(leling, f"{url}/moves/hand-over", "hand-over", frozenset({404, 409}))
        today = datetime.now(UTC).astimezone(BEIJING).date().isoformat()
        step(ningjin, f"{url}/moves/report", "report", move_reported_on=today)
    done = _move(platform)
    assert done is not None and done.status == "handed_over" and done.reported_on is not None
