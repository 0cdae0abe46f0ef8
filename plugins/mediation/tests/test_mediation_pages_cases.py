"""The case pages: intake on a phone, the case page's htmx actions, my cases, the ledger."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from io import BytesIO

import pytest
from litestar.testing import TestClient
from mediation.models import MediationCase
from mediation_support import (
    ID_NUMBERS,
    accepted_case,
    case,
    committee,
    export_ledger,
    mediator,
    new_person,
)
from openpyxl import load_workbook
from sqlmodel import Session, select

from core.db import session_scope
from core.people.service import register_person
from tests.conftest import _signed_in_client
from tests.support.auth import FakeClock, post_form, use_clock

HTMX = {"HX-Request": "true"}


@pytest.fixture
def world(platform, org_tree):
    """A committee in village A with mediator 王调解, linked to the account ``tiaojie``."""
    with session_scope(platform.engine) as session:
        c = committee(session, org_tree.village_a, short_name="前进", name="前进社区人民调解委员会")
        m = mediator(session, c.id, "王调解")
        known = register_person(session, new_person("赵大", 0), org_id=org_tree.village_a)
        return {"committee": c.id, "mediator": m.id, "known": known.id}


@pytest.fixture
def tiaojie(platform, org_tree, world) -> Iterator[TestClient]:
    for client in _signed_in_client(platform, "tiaojie", {"mediator": org_tree.village_a}):
        use_clock(client, FakeClock(datetime(2026, 11, 23, 2, 0, tzinfo=UTC)))
        with session_scope(platform.engine) as session:
            from mediation.models import MediationMediator

            from core.identity.models import StaffAccount

            account = session.exec(
                select(StaffAccount).where(StaffAccount.username == "tiaojie")
            ).one()
            session.get(MediationMediator, world["mediator"]).account_id = account.id
        yield client


def _version(html: str) -> str:
    return re.search(r'data-version="(\d+)"', html).group(1)  # type: ignore[union-attr]


def _oral_intake(world) -> dict[str, str]:
    return {
        "committee_id": str(world["committee"]),
        "source": "party_application",
        "application_form": "oral",
        "application_text": "申请人赵大口述：邻居钱二新砌院墙占了我家宅基地。",
        "applicant_signed": "1",
        "party_0_role": "applicant",
        "party_0_person_id": str(world["known"]),
        "party_1_role": "respondent",
        "party_1_person_id": "",
        "party_1_name": "钱二",
        "party_1_id_type": "resident_id",
        "party_1_id_number": ID_NUMBERS[1],
        "party_2_role": "respondent",  # an extra row left empty: ignored
        "category_code": "0902",
        "description": "院墙越界约半米，双方多次争吵。",
        "people_involved": "2",
        "registered_on": "2026-11-23",
    }


def test_the_intake_form_is_made_for_a_phone(tiaojie: TestClient) -> None:
    page = tiaojie.get("/m/mediation/cases/new").text
    assert 'name="viewport"' in page
    assert (
        "/people/picker?field=party_0_person_id" in page
        and "/people/picker?field=party_1_person_id" in page
    )
    assert 'value="2026-11-23"' in page  # the registration date defaults to today
    row = tiaojie.get("/m/mediation/cases/new/party-row?index=2")
    assert 'id="party-2"' in row.text and 'hx-swap-oob="true"' in row.text and "index=3" in row.text
    source = tiaojie.get("/m/mediation/cases/new/source?source=court_referral").text
    assert "委派/委托法院" in source and "法院案号或委派编号" in source


def test_an_oral_application_is_registered_through_the_page(
    platform, world, tiaojie: TestClient
) -> None:
    unsigned = post_form(
        tiaojie, "/m/mediation/cases/new", {**_oral_intake(world), "applicant_signed": ""}
    )
    assert unsigned.status_code == 422
    assert "口头申请须当场记录，并经申请人签名（或捺印）确认" in unsigned.text
    assert 'value="钱二"' in unsigned.text  # the input is kept
    response = post_form(tiaojie, "/m/mediation/cases/new", _oral_intake(world))
    assert response.status_code == 303, response.text
    page = tiaojie.get(response.headers["location"]).text
    assert "（2026）前进人调字第1号" in page and "赵大与钱二宅基地使用纠纷" in page
    assert "纠纷已登记" in page
    assert ID_NUMBERS[1] not in page  # parties are shown masked


def test_a_party_row_error_points_at_the_row(world, tiaojie: TestClient) -> None:
    data = {**_oral_intake(world), "party_1_id_number": "110101199003074515"}  # wrong check digit
    response = post_form(tiaojie, "/m/mediation/cases/new", data)
    assert response.status_code == 422
    feedback = re.search(
        r'id="party_1_id_number-feedback"[^>]*>(.*?)</div>', response.text, re.S
    ).group(1)  # type: ignore[union-attr]
    assert "校验" in feedback or "身份证" in feedback


def test_the_case_page_walks_a_case_to_its_end_with_htmx(
    platform, world, tiaojie: TestClient
) -> None:
    with session_scope(platform.engine) as session:
        row = case(
            session,
            world["committee"],
            parties=[
                {"role": "applicant", "person_id": str(world["known"])},
                {"role": "respondent", "person": new_person("钱二", 1)},
            ],
        )
    url = f"/m/mediation/cases/{row.id}"
    page = tiaojie.get(url).text
    assert 'id="action-accept" open' in page and "我的案件" in page
    # the core's action bar (macros/record_page.html), the stage's next step highlighted
    assert '<a href="#action-accept" data-action="accept" class="next-step">' in page

    def act(path: str, data: dict[str, str], status: int = 200) -> str:
        version = _version(tiaojie.get(url).text)
        response = post_form(tiaojie, f"{url}/{path}", {"version": version, **data}, headers=HTMX)
        assert response.status_code == status, response.text
        assert response.text.lstrip().startswith('<div id="case-body"')
        return response.text

    body = act(
        "accept", {"rights_notified_on": "2026-11-23", "mediator_ids": str(world["mediator"])}
    )
    assert 'id="case-status">调解中' in body and "已完成：受理" in body
    act(
        "sessions",
        {
            "held_on": "2026-11-23",
            "participants": "赵大、钱二、王调解",
            "notes": "双方同意按原界址恢复。",
        },
    )
    body = act(
        "agreement",
        {
            "form": "written",
            "concluded_on": "2026-11-23",
            "terms": "钱二拆除越界院墙。",
            "performance_method": "自行拆除",
            "performance_deadline": "2026-12-03",
            "difficulty": "simple",
        },
    )
    assert "达成协议·履行中" in body and "回访期限" in body
    body = act("performed", {"performed_on": "2026-11-23"})
    assert 'id="case-status">已履行' in body
    act(
        "follow-ups",
        {
            "visited_on": "2026-11-23",
            "visited_persons": "赵大",
            "visitor": "王调解",
            "performance": "已拆除",
            "satisfaction": "satisfied",
        },
    )
    body = act("archive", {})
    assert 'id="case-status">结案归档' in body
    assert 'id="actions"' not in body


def test_refused_moves_and_stale_forms_get_clear_answers(
    platform, world, tiaojie: TestClient
) -> None:
    with session_scope(platform.engine) as session:
        row = accepted_case(session, world["committee"], world["mediator"])
    url = f"/m/mediation/cases/{row.id}"
    version = _version(tiaojie.get(url).text)
    missing = post_form(
        tiaojie, f"{url}/agreement", {"version": version, "form": "written"}, headers=HTMX
    )
    assert missing.status_code == 422
    assert "请填写协议内容" in missing.text and 'id="action-agree" open' in missing.text
    illegal = post_form(tiaojie, f"{url}/archive", {"version": version}, headers=HTMX)
    assert illegal.status_code == 400
    assert "当前状态为“调解中”，不能结案归档" in illegal.text
    post_form(
        tiaojie,
        f"{url}/sessions",
        {
            "version": version,
            "held_on": "2026-11-23",
            "participants": "双方",
            "notes": "第一次调解",
        },
        headers=HTMX,
    )
    stale = post_form(
        tiaojie,
        f"{url}/sessions",
        {"version": version, "held_on": "2026-11-23", "participants": "双方", "notes": "我的记录"},
        headers=HTMX,
    )
    assert stale.status_code == 409
    assert "该记录已被他人修改" in stale.text and "我的记录" in stale.text
    plain = post_form(
        tiaojie,
        f"{url}/sessions",
        {
            "version": _version(stale.text),
            "held_on": "2026-11-23",
            "participants": "双方",
            "notes": "我的记录",
        },
    )
    assert plain.status_code == 303 and plain.headers["location"] == url


def test_my_cases_show_what_is_due(platform, world, tiaojie: TestClient) -> None:
    assert "没有待办事项。" in tiaojie.get("/m/mediation/cases/mine").text
    with session_scope(platform.engine) as session:
        old = accepted_case(
            session,
            world["committee"],
            world["mediator"],
            registered_on="2026-10-01",
            today=datetime(2026, 10, 1).date(),
        )
    page = tiaojie.get("/m/mediation/cases/mine").text
    assert old.case_number in page
    # Accepted 1 Oct: the month ran out on 1 Nov, a Sunday, so on Monday 2 Nov. The core's
    # reminders hold the item, in the lead mediator's inbox, red.
    assert 'data-kind="mediation.term" data-state="overdue"' in page
    assert "2026-11-02" in page


def test_the_ledger_filters_pages_and_exports(platform, org_tree, world) -> None:
    with session_scope(platform.engine) as session:
        for n in range(30):
            case(session, world["committee"], {"category_code": "0101" if n % 3 else "0503"})
        other = committee(session, org_tree.village_b, short_name="后刘")
        case(session, other.id, {"description": "外站的纠纷"})
    for staff in _signed_in_client(platform, "suo_a", {"station_staff": org_tree.station_a}):
        page = staff.get("/m/mediation/ledger")
        assert "共 30 件" in page.text and "第 1 / 2 页" in page.text
        assert "后刘" not in page.text  # station B's committee is out of reach
        second = staff.get("/m/mediation/ledger?page=2", headers=HTMX)
        assert second.text.startswith('<div id="ledger-table">') and "第 2 / 2 页" in second.text
        traffic = staff.get("/m/mediation/ledger?category=road_traffic").text
        assert "共 10 件" in traffic
        none = staff.get("/m/mediation/ledger?status=archived").text
        assert "没有符合条件的案件。" in none
        export = export_ledger(staff, {"category": "road_traffic"})
        sheet = load_workbook(BytesIO(export)).active
        rows = list(sheet.iter_rows(values_only=True))
        assert rows[0][:3] == ("案号", "案件名称", "调委会") and len(rows) == 11
        assert {r[4] for r in rows[1:]} == {"道路交通事故"}
        assert {r[2] for r in rows[1:]} == {"前进社区人民调解委员会"}


def test_a_filter_date_that_is_no_real_day_is_named_not_silently_dropped(
    platform, org_tree, world
) -> None:
    with session_scope(platform.engine) as session:
        case(session, world["committee"])
    for staff in _signed_in_client(platform, "suo_a", {"station_staff": org_tree.station_a}):
        page = staff.get("/m/mediation/ledger?date_from=2026-02-30")
        assert page.status_code == 422
        assert "“登记日期自”不是有效日期：2026-02-30" in page.text
        assert "共 1 件" in page.text  # the other filters still apply and the list is shown
        backwards = staff.get("/m/mediation/ledger?date_from=2026-11-30&date_to=2026-11-01")
        assert backwards.status_code == 422 and "起点晚于终点" in backwards.text
        export = post_form(staff, "/m/mediation/ledger/export", {"date_to": "2026-13-01"})
        assert export.status_code == 422 and "不是有效日期" in export.text
        assert staff.get("/m/mediation/ledger?date_from=2026-11-01").status_code == 200


def test_a_mediator_exports_the_ledger_of_their_own_scope(tiaojie: TestClient) -> None:
    """Issue 21, defect 13: the mediator's ledger has an Excel export like the station's."""
    assert export_ledger(tiaojie, {})[:2] == b"PK"  # an .xlsx file


def test_dates_are_checked_against_the_apps_clock(platform, world, tiaojie: TestClient) -> None:
    with session_scope(platform.engine) as session:
        row = accepted_case(session, world["committee"], world["mediator"])
    url = f"/m/mediation/cases/{row.id}"
    tomorrow = (datetime(2026, 11, 23) + timedelta(days=1)).date().isoformat()
    response = post_form(
        tiaojie,
        f"{url}/sessions",
        {
            "version": _version(tiaojie.get(url).text),
            "held_on": tomorrow,
            "participants": "x",
            "notes": "y",
        },
        headers=HTMX,
    )
    assert response.status_code == 422 and "调解日期不能晚于今天" in response.text
    with Session(platform.engine) as session:
        assert session.get(MediationCase, row.id).version == row.version


def test_the_agreement_prints_with_signature_blocks_and_the_seal_area(
    platform, world, tiaojie: TestClient
) -> None:
    from mediation.services import proceedings

    with session_scope(platform.engine) as session:
        row = accepted_case(
            session,
            world["committee"],
            world["mediator"],
            parties=[
                {"role": "applicant", "person_id": str(world["known"])},
                {"role": "respondent", "person": new_person("钱二", 1)},
            ],
        )
    url = f"/m/mediation/cases/{row.id}/agreement"
    assert tiaojie.get(url).status_code == 404  # no agreement yet
    with session_scope(platform.engine) as session:
        proceedings.record_agreement(
            session,
            row.id,
            {
                "form": "written",
                "concluded_on": "2026-11-23",
                "terms": "钱二于十日内拆除越界院墙。",
                "performance_method": "自行拆除",
                "performance_deadline": "2026-12-03",
            },
            expected_version=row.version,
            today=datetime(2026, 11, 23).date(),
        )
    assert "打印调解协议书" in tiaojie.get(f"/m/mediation/cases/{row.id}").text
    page = tiaojie.get(url).text
    assert "<h1>人民调解协议书</h1>" in page and row.case_number in page
    assert "钱二于十日内拆除越界院墙。" in page and "2026年12月3日前" in page
    assert "本协议一式 3 份" in page and "（印章）" in page and "前进社区人民调解委员会" in page
    assert page.count("（签名、盖章或按指印）") == 2 and "王调解" in page
    assert ID_NUMBERS[0] not in page and ID_NUMBERS[1] not in page  # masked
    assert "/static/m/mediation/documents.css" in page
    css = tiaojie.get("/static/m/mediation/documents.css")
    assert css.status_code == 200 and "@media print" in css.text and "@page" in css.text
