"""The people registry pages: register, search, person page, reveal, edit, API, picker.

Acceptance 4 through the pages: a wrong check digit, an impossible birth date and a duplicate
are refused with a clear Chinese message; no list or search answer ever holds a full identity
or phone number. Around it: reveal is a permission and audited, a stale edit gets 409 with
the input kept, and a station-A user gets 404 for station-B people by every URL.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from litestar.testing import TestClient
from sqlmodel import Session, select

from core.audit.models import AuditRecord
from core.db import session_scope
from core.modules.service import set_active
from core.people.identity_numbers import check_character
from core.people.models import Person
from core.people.service import register_person
from core.platform import Platform
from tests.people.factories import person_data, resident_id
from tests.support.auth import OrgTree, login, make_account, post_form

HTMX = {"HX-Request": "true"}
PHONE_A = "13812345678"
PHONE_B = "15905341234"


@dataclass(frozen=True)
class Registered:
    """One person in station A (and its village) and one in station B."""

    a: int
    b: int
    id_a: str
    id_b: str


def register(platform: Platform, org_id: int, **overrides: Any) -> int:
    with session_scope(platform.engine) as session:
        return register_person(session, person_data(**overrides), org_id=org_id).id  # type: ignore[return-value]


@pytest.fixture
def people(platform: Platform, org_tree: OrgTree) -> Registered:
    id_a, id_b = resident_id(1), resident_id(2, female=True)
    a = register(platform, org_tree.village_a, id_number=id_a, phone=PHONE_A)
    b = register(platform, org_tree.station_b, name="李秀英", id_number=id_b, phone=PHONE_B)
    return Registered(a, b, id_a, id_b)


def stored(platform: Platform, person_id: int) -> Person:
    with Session(platform.engine) as session:
        person = session.get(Person, person_id)
        assert person is not None
        session.expunge(person)
        return person


def unmask_events(platform: Platform) -> list[AuditRecord]:
    with Session(platform.engine) as session:
        return list(session.exec(select(AuditRecord).where(AuditRecord.action == "unmask")).all())


def person_ids(html: str) -> set[int]:
    return {int(n) for n in re.findall(r'data-person-id="(\d+)"', html)}


def client_as(platform: Platform, username: str, roles: dict[str, int | None]) -> TestClient:
    from web.app import create_app

    with session_scope(platform.engine) as session:
        make_account(session, username, roles=roles, host=platform.host)
    client = TestClient(app=create_app(platform=platform), raise_server_exceptions=False)
    client.__enter__()
    login(client, username)
    return client


@pytest.fixture
def staff_a(platform: Platform, org_tree: OrgTree) -> Iterator[TestClient]:
    """Station A staff: may view and register people, may not unmask them."""
    client = client_as(platform, "ganbu.a", {"station_staff": org_tree.station_a})
    yield client
    client.__exit__(None, None, None)


def valid_form(org_id: int, **overrides: str) -> dict[str, str]:
    form = {
        "name": "王建国",
        "org_id": str(org_id),
        "id_type": "resident_id",
        "id_number": resident_id(7),
        "phone": "138 0534 6789",
        "address": "乐陵市市中街道兴隆路8号",
        "ethnicity": "汉族",
    }
    form.update(overrides)
    return form


def wrong_check_digit(number: str) -> str:
    return number[:17] + ("0" if number[17] != "0" else "1")


# -- acceptance 4 through the register page -----------------------------------------------


def test_a_wrong_check_digit_is_refused_with_a_chinese_message_and_the_input_kept(
    platform: Platform, station_a_client: TestClient, org_tree: OrgTree
) -> None:
    typed = wrong_check_digit(resident_id(7))
    response = post_form(
        station_a_client, "/people/new", valid_form(org_tree.station_a, id_number=typed)
    )
    assert response.status_code == 422
    assert "身份证号码校验位错误，请核对最后一位" in response.text
    for kept in ("王建国", typed, "138 0534 6789", "乐陵市市中街道兴隆路8号", "汉族"):
        assert kept in response.text
    with Session(platform.engine) as session:
        assert session.exec(select(Person)).all() == []


def test_an_impossible_birth_date_is_refused_with_a_chinese_message(
    station_a_client: TestClient, org_tree: OrgTree
) -> None:
    first17 = "371481" + "19900230" + "123"  # 30 February
    response = post_form(
        station_a_client,
        "/people/new",
        valid_form(org_tree.station_a, id_number=first17 + check_character(first17)),
    )
    assert response.status_code == 422
    assert "身份证号码中的出生日期无效" in response.text


def test_every_problem_of_the_form_is_shown_at_once(
    station_a_client: TestClient, org_tree: OrgTree
) -> None:
    response = post_form(
        station_a_client,
        "/people/new",
        valid_form(org_tree.station_a, name="", id_number="37148119900307", phone="12345"),
    )
    assert response.status_code == 422
    assert "请填写姓名" in response.text
    assert "身份证号码应为18位（当前为14位）" in response.text
    assert "电话号码格式不正确：手机号为11位，固话请带区号" in response.text
    assert response.text.count('aria-invalid="true"') == 3


def test_a_duplicate_is_refused_with_a_link_to_the_person_already_registered(
    platform: Platform, station_a_client: TestClient, org_tree: OrgTree, people: Registered
) -> None:
    response = post_form(
        station_a_client,
        "/people/new",
        valid_form(org_tree.station_a, name="张三", id_number=people.id_a.lower()),
    )
    assert response.status_code == 422
    assert f"该身份证号码已登记：张三丰（编号 {people.a}）" in response.text
    assert f'href="/people/{people.a}" id="duplicate-link"' in response.text
    with Session(platform.engine) as session:
        assert len(session.exec(select(Person)).all()) == 2


def test_a_duplicate_registered_out_of_reach_is_refused_without_a_link_or_a_name(
    station_a_client: TestClient, org_tree: OrgTree, people: Registered
) -> None:
    response = post_form(
        station_a_client, "/people/new", valid_form(org_tree.station_a, id_number=people.id_b)
    )
    assert response.status_code == 422
    assert "该身份证号码已由其他机构登记" in response.text
    assert "李秀英" not in response.text and f"/people/{people.b}" not in response.text


def test_registering_goes_to_the_new_person_with_sex_and_birth_date_derived(
    platform: Platform, station_a_client: TestClient, org_tree: OrgTree
) -> None:
    response = post_form(station_a_client, "/people/new", valid_form(org_tree.village_a))
    assert response.status_code == 303
    person_id = int(re.fullmatch(r"/people/(\d+)\?done=created", response.headers["location"])[1])
    person = stored(platform, person_id)
    assert (person.org_id, person.sex, str(person.birth_date)) == (
        org_tree.village_a,
        "male",
        "1990-03-07",
    )
    assert person.phone == "13805346789"
    page = station_a_client.get(response.headers["location"])
    assert "人员已登记。" in page.text and "王建国" in page.text


def test_the_foreign_document_and_no_document_paths(
    platform: Platform, station_a_client: TestClient, org_tree: OrgTree
) -> None:
    foreign = valid_form(
        org_tree.station_a,
        name="John Smith",
        id_type="foreign_document",
        id_number="",
        document_type="passport",
        document_number="e 1234 5678",
        sex="male",
        birth_date="1985-06-01",
    )
    assert post_form(station_a_client, "/people/new", foreign).status_code == 303
    missing_reason = valid_form(org_tree.station_a, name="无名氏", id_type="none", id_number="")
    refused = post_form(station_a_client, "/people/new", missing_reason)
    assert refused.status_code == 422
    assert "未登记证件时，请说明原因" in refused.text
    missing_reason["no_id_reason"] = "本人拒绝提供"
    assert post_form(station_a_client, "/people/new", missing_reason).status_code == 303
    with Session(platform.engine) as session:
        rows = {p.name: p for p in session.exec(select(Person)).all()}
    assert rows["John Smith"].document_number == "E12345678"
    assert rows["无名氏"].no_id_reason == "本人拒绝提供"


def test_registering_for_an_organisation_out_of_reach_is_refused(
    platform: Platform, station_a_client: TestClient, org_tree: OrgTree
) -> None:
    response = post_form(station_a_client, "/people/new", valid_form(org_tree.station_b))
    assert response.status_code == 422
    assert "请选择登记机构" in response.text
    with Session(platform.engine) as session:
        assert session.exec(select(Person)).all() == []


def test_garbage_in_the_form_never_gives_a_server_error(
    station_a_client: TestClient, org_tree: OrgTree
) -> None:
    odd = valid_form(
        "x",  # type: ignore[arg-type]
        id_type="passport",
        sex="unknown",
        birth_date="1990-13-45",
        document_type="<script>",
        name="张" * 300,
    )
    response = post_form(station_a_client, "/people/new", odd)
    assert response.status_code == 422
    assert "<script>" not in response.text


# -- inline checks on blur ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        (wrong_check_digit(resident_id(7)), "身份证号码校验位错误，请核对最后一位"),
        ("371481199002301230", "身份证号码中的出生日期无效"),
        ("991481199003071234", "身份证号码前两位不是有效的省级行政区划代码"),
        ("37148119900307123", "身份证号码应为18位（当前为17位）"),
    ],
)
def test_the_id_check_on_blur_names_the_rule_that_fails(
    station_a_client: TestClient, typed: str, message: str
) -> None:
    response = post_form(station_a_client, "/people/check-id", {"id_number": typed}, headers=HTMX)
    assert response.status_code == 200
    assert 'id="id_number-feedback"' in response.text
    assert message in response.text and "field-error" in response.text


def test_the_id_check_shows_the_sex_and_birth_date_of_a_valid_number(
    station_a_client: TestClient,
) -> None:
    typed = resident_id(3, birth=date(1988, 12, 1), female=True)
    response = post_form(station_a_client, "/people/check-id", {"id_number": typed}, headers=HTMX)
    assert "性别：女；出生日期：1988-12-01" in response.text
    assert "field-error" not in response.text


def test_the_id_check_tells_of_a_duplicate_except_for_the_person_being_edited(
    station_a_client: TestClient, people: Registered
) -> None:
    found = post_form(station_a_client, "/people/check-id", {"id_number": people.id_a})
    assert f"该身份证号码已登记：张三丰（编号 {people.a}）" in found.text
    assert f'href="/people/{people.a}"' in found.text
    itself = post_form(
        station_a_client, "/people/check-id", {"id_number": people.id_a, "person_id": people.a}
    )
    assert "已登记" not in itself.text and "性别：男" in itself.text


def test_the_id_check_answers_in_english_for_english_users(station_a_client: TestClient) -> None:
    station_a_client.cookies.set("sifa_locale", "en")
    response = post_form(
        station_a_client, "/people/check-id", {"id_number": wrong_check_digit(resident_id(7))}
    )
    assert "The check character of the resident identity number is wrong" in response.text


def test_the_phone_check(station_a_client: TestClient) -> None:
    bad = post_form(station_a_client, "/people/check-phone", {"phone": "1381234"})
    assert "电话号码格式不正确" in bad.text
    good = post_form(station_a_client, "/people/check-phone", {"phone": "0534-6212345"})
    assert "固定电话" in good.text and "6212345" not in good.text


# -- lists and search never show a full number --------------------------------------------


def test_the_list_and_every_search_show_numbers_masked_only(
    platform: Platform, admin_client: TestClient, people: Registered
) -> None:
    full = [people.id_a, people.id_b, PHONE_A, PHONE_B]
    answers = {
        "list": admin_client.get("/people"),
        "list htmx": admin_client.get("/people?page=1", headers=HTMX),
        "get by id": admin_client.get(f"/people?q={people.id_a}"),
        "get by phone": admin_client.get(f"/people?q={PHONE_A}"),
    }
    for query in ("张三丰", "zsf", "zhangsanfeng", people.id_a, PHONE_B, "138 1234 5678"):
        answers[f"htmx {query}"] = post_form(
            admin_client, "/people/search", {"q": query}, headers=HTMX
        )
        answers[f"page {query}"] = post_form(admin_client, "/people/search", {"q": query})
    answers["api"] = admin_client.get("/api/v1/people")
    answers["api by id"] = admin_client.get("/api/v1/people", params={"q": people.id_b})
    for what, response in answers.items():
        assert response.status_code == 200, what
        for number in full:
            assert number not in response.text, (what, number)
    assert "371481********" + people.id_a[-4:] in answers["list"].text
    assert "138****5678" in answers["list"].text
    assert person_ids(answers[f"htmx {people.id_a}"].text) == {people.a}
    assert person_ids(answers[f"htmx {PHONE_B}"].text) == {people.b}
    assert person_ids(answers["htmx zsf"].text) == {people.a}
    assert person_ids(answers["get by id"].text) == {people.a}
    assert answers["api by id"].json()["items"][0]["id_number_masked"].endswith(people.id_b[-4:])


def test_a_name_search_is_kept_in_the_box_and_a_number_search_is_not(
    admin_client: TestClient, people: Registered
) -> None:
    by_name = post_form(admin_client, "/people/search", {"q": "秀英"})
    assert 'value="秀英"' in by_name.text and person_ids(by_name.text) == {people.b}
    by_number = post_form(admin_client, "/people/search", {"q": people.id_b})
    assert 'name="q" value=""' in by_number.text


def test_the_list_is_scoped_to_the_subtree_and_paginated_in_place(
    platform: Platform, station_a_client: TestClient, org_tree: OrgTree, people: Registered
) -> None:
    assert person_ids(station_a_client.get("/people").text) == {people.a}
    for n in range(30):
        register(
            platform, org_tree.station_a, name=f"王{n:02d}", id_number=resident_id(10 + n), phone=""
        )
    first = station_a_client.get("/people")
    assert len(person_ids(first.text)) == 25 and "第 1 / 2 页" in first.text
    second = post_form(station_a_client, "/people/search", {"q": "王", "page": "2"}, headers=HTMX)
    assert len(person_ids(second.text)) == 5 and "<html" not in second.text
    assert second.headers["vary"] == "HX-Request"
    assert people.b not in person_ids(
        post_form(station_a_client, "/people/search", {"q": "李"}).text
    )


def test_odd_page_numbers_never_give_a_server_error(
    admin_client: TestClient, people: Registered
) -> None:
    assert admin_client.get("/people?page=99999999999999999999999").status_code == 200
    assert admin_client.get("/people?page=-3").status_code == 200
    assert post_form(admin_client, "/people/search", {"q": "张", "page": "x"}).status_code == 200
    assert admin_client.get("/api/v1/people?page=99999999999999").status_code == 400


# -- the person page and reveal -----------------------------------------------------------


def test_the_person_page_masks_numbers_and_hides_the_birth_date_they_encode(
    station_a_client: TestClient, people: Registered
) -> None:
    page = station_a_client.get(f"/people/{people.a}")
    assert page.status_code == 200
    assert "张三丰" in page.text and "显示完整号码" in page.text
    for secret in (people.id_a, PHONE_A, "1990-03-07", "19900307"):
        assert secret not in page.text


def test_reveal_shows_one_full_number_and_records_who_saw_it(
    platform: Platform, station_a_client: TestClient, people: Registered
) -> None:
    response = post_form(
        station_a_client, f"/people/{people.a}/reveal", {"field": "id_number"}, headers=HTMX
    )
    assert response.status_code == 200
    assert people.id_a in response.text and PHONE_A not in response.text
    assert "<html" not in response.text and response.headers["cache-control"] == "no-store"
    [event] = unmask_events(platform)
    assert (event.entity, event.entity_id, event.details) == (
        "person",
        str(people.a),
        {"field": "id_number"},
    )
    assert event.actor_name == "admin_a" or event.actor_id is not None
    assert people.id_a not in json.dumps(event.details)


def test_reveal_without_scripts_shows_the_page_with_that_number(
    platform: Platform, station_a_client: TestClient, people: Registered
) -> None:
    response = post_form(station_a_client, f"/people/{people.a}/reveal", {"field": "phone"})
    assert response.status_code == 200
    assert PHONE_A in response.text and people.id_a not in response.text
    assert "<html" in response.text and len(unmask_events(platform)) == 1


def test_reveal_needs_the_unmask_permission(
    platform: Platform, staff_a: TestClient, people: Registered
) -> None:
    page = staff_a.get(f"/people/{people.a}")
    assert page.status_code == 200 and "显示完整号码" not in page.text
    response = post_form(staff_a, f"/people/{people.a}/reveal", {"field": "phone"}, headers=HTMX)
    assert response.status_code == 403
    assert PHONE_A not in response.text
    assert unmask_events(platform) == []


def test_reveal_of_an_unknown_field_is_404(
    platform: Platform, station_a_client: TestClient, people: Registered
) -> None:
    for field in ("name", "", "document_number"):  # the person has no document number
        response = post_form(station_a_client, f"/people/{people.a}/reveal", {"field": field})
        assert response.status_code == 404
    assert unmask_events(platform) == []


# -- edit and the 409 conflict ------------------------------------------------------------


def edit_form(version: int, **overrides: str) -> dict[str, str]:
    form = {
        "version": str(version),
        "name": "张三丰",
        "id_type": "resident_id",
        "id_number": "",
        "phone": "",
        "address": "乐陵市郑店镇",
        "ethnicity": "汉族",
    }
    form.update(overrides)
    return form


def test_the_edit_form_holds_no_full_number(
    station_a_client: TestClient, people: Registered
) -> None:
    page = station_a_client.get(f"/people/{people.a}/edit")
    assert page.status_code == 200
    assert 'name="version" value="1"' in page.text
    assert "371481********" in page.text and "138****5678" in page.text  # as hints
    for secret in (people.id_a, PHONE_A, 'value="1990-03-07"'):
        assert secret not in page.text


def test_an_edit_with_blank_numbers_keeps_them_and_can_clear_the_phone(
    platform: Platform, station_a_client: TestClient, people: Registered
) -> None:
    response = post_form(station_a_client, f"/people/{people.a}/edit", edit_form(1))
    assert response.status_code == 303
    person = stored(platform, people.a)
    assert (person.address, person.id_number, person.phone, person.version) == (
        "乐陵市郑店镇",
        people.id_a,
        PHONE_A,
        2,
    )
    cleared = post_form(station_a_client, f"/people/{people.a}/edit", edit_form(2, clear_phone="1"))
    assert cleared.status_code == 303
    assert stored(platform, people.a).phone is None


def test_an_invalid_edit_is_422_with_the_input_kept(
    platform: Platform, station_a_client: TestClient, people: Registered
) -> None:
    response = post_form(
        station_a_client,
        f"/people/{people.a}/edit",
        edit_form(1, id_number=wrong_check_digit(resident_id(9)), address="新地址"),
    )
    assert response.status_code == 422
    assert "身份证号码校验位错误" in response.text and "新地址" in response.text
    assert stored(platform, people.a).version == 1


def test_an_edit_to_another_persons_number_is_refused_as_a_duplicate(
    station_a_client: TestClient, people: Registered
) -> None:
    response = post_form(
        station_a_client, f"/people/{people.a}/edit", edit_form(1, id_number=people.id_b)
    )
    assert response.status_code == 422
    assert "该身份证号码已由其他机构登记" in response.text


def test_a_stale_edit_gets_409_showing_what_changed_and_keeping_the_input(
    platform: Platform, station_a_client: TestClient, people: Registered
) -> None:
    assert (
        post_form(
            station_a_client, f"/people/{people.a}/edit", edit_form(1, address="他人改的地址")
        ).status_code
        == 303
    )
    mine = edit_form(1, address="我改的地址", phone="159 0534 0000")
    response = post_form(station_a_client, f"/people/{people.a}/edit", mine)
    assert response.status_code == 409
    text = response.text
    assert "数据已被他人修改" in text and "第 1 版" in text and "第 2 版" in text
    address_row = re.search(r'<tr class="changed" data-field="address">(.*?)</tr>', text, re.S)
    assert address_row and "他人改的地址" in address_row[1] and "我改的地址" in address_row[1]
    assert 'name="version" value="2"' in text  # saving again deliberately overrides
    assert 'value="我改的地址"' in text and 'value="159 0534 0000"' in text
    assert PHONE_A not in text and people.id_a not in text
    person = stored(platform, people.a)
    assert (person.address, person.version) == ("他人改的地址", 2)
    again = post_form(station_a_client, f"/people/{people.a}/edit", {**mine, "version": "2"})
    assert again.status_code == 303
    assert stored(platform, people.a).phone == "15905340000"


def test_editing_needs_the_manage_permission_where_the_person_is(
    platform: Platform, org_tree: OrgTree, people: Registered
) -> None:
    viewer = client_as(platform, "duchayuan", {"inspector": org_tree.station_a})
    try:
        assert viewer.get(f"/people/{people.a}").status_code == 200
        assert viewer.get(f"/people/{people.a}/edit").status_code == 403
    finally:
        viewer.__exit__(None, None, None)


# -- scope: 404 for people of another station, by every URL --------------------------------


def test_a_station_a_user_gets_404_for_station_b_people_by_every_url(
    platform: Platform, station_a_client: TestClient, people: Registered
) -> None:
    b = people.b
    before = stored(platform, b)
    answers = [
        station_a_client.get(f"/people/{b}"),
        station_a_client.get(f"/people/{b}/edit"),
        post_form(station_a_client, f"/people/{b}/edit", edit_form(1, name="改名")),
        post_form(station_a_client, f"/people/{b}/reveal", {"field": "id_number"}),
        post_form(station_a_client, f"/people/{b}/reveal", {"field": "phone"}, headers=HTMX),
        station_a_client.get(f"/api/v1/people/{b}"),
        station_a_client.get(f"/people/picker/choose?field=party_id&person_id={b}"),
        station_a_client.get(f"/people/picker?field=party_id&person_id={b}"),
    ]
    assert [r.status_code for r in answers] == [404] * len(answers)
    for response in answers:
        assert "李秀英" not in response.text and people.id_b not in response.text
    after = stored(platform, b)
    assert (after.name, after.version, after.updated_at) == (
        before.name,
        before.version,
        before.updated_at,
    )
    assert unmask_events(platform) == []
    assert station_a_client.get("/people/999999").status_code == 404


# -- the JSON API -------------------------------------------------------------------------


def test_the_api_searches_and_shows_people_masked_within_scope(
    station_a_client: TestClient, people: Registered
) -> None:
    found = station_a_client.get("/api/v1/people", params={"q": "zsf"})
    assert found.status_code == 200
    body = found.json()
    assert (body["total"], body["page"], body["per_page"]) == (1, 1, 20)
    assert body["items"][0]["name"] == "张三丰"
    assert station_a_client.get("/api/v1/people", params={"q": "李"}).json()["total"] == 0
    one = station_a_client.get(f"/api/v1/people/{people.a}").json()
    assert one["phone_masked"] == "138****5678"
    assert set(one) >= {"id", "name", "id_number_masked", "phone_masked", "org_id", "version"}
    assert not {"id_number", "phone", "birth_date"} & set(one)
    assert station_a_client.get("/api/v1/people", params={"per_page": 500}).status_code == 400


def test_the_api_refuses_anonymous_callers_with_401(client: TestClient, people: Registered) -> None:
    for url in ("/api/v1/people", f"/api/v1/people/{people.a}"):
        response = client.get(url)
        assert response.status_code == 401
        assert response.json()["status_code"] == 401


# -- the person picker for plugin forms ---------------------------------------------------


def test_the_picker_searches_and_chooses_a_person(
    station_a_client: TestClient, people: Registered
) -> None:
    empty = station_a_client.get("/people/picker?field=party_id", headers=HTMX)
    assert empty.status_code == 200
    assert 'id="picker-party_id"' in empty.text and 'name="party_id" value=""' in empty.text
    results = post_form(
        station_a_client,
        "/people/picker/search?field=party_id",
        {"party_id__q": people.id_a},
        headers=HTMX,
    )
    assert person_ids(results.text) == {people.a}
    assert people.id_a not in results.text and "张三丰 · 371481********" in results.text
    assert (
        person_ids(
            post_form(
                station_a_client, "/people/picker/search?field=party_id", {"party_id__q": "李"}
            ).text
        )
        == set()
    )
    chosen = station_a_client.get(
        f"/people/picker/choose?field=party_id&person_id={people.a}", headers=HTMX
    )
    assert chosen.status_code == 200
    assert f'name="party_id" value="{people.a}"' in chosen.text
    event = json.loads(chosen.headers["hx-trigger"])["sifa:person-chosen"]
    assert event["id"] == people.a and event["field"] == "party_id"
    assert event["label"].startswith("张三丰 · 371481********")
    shown = station_a_client.get(f"/people/picker?field=party_id&person_id={people.a}")
    assert f'name="party_id" value="{people.a}"' in shown.text


def test_the_picker_refuses_a_field_name_that_is_not_a_plain_name(
    station_a_client: TestClient,
) -> None:
    response = station_a_client.get('/people/picker?field="><b>x</b>', headers=HTMX)
    assert response.status_code == 400
    assert "<b>x</b>" not in response.text


# -- the cross-plugin timeline ------------------------------------------------------------


def add_notes(platform: Platform, person_id: int, org_tree: OrgTree) -> None:
    from sifa_testplugin.models import TestpluginNote

    with session_scope(platform.engine) as session:
        session.add_all(
            [
                TestpluginNote(
                    text=f"[person:{person_id} on 2026-03-01 at org {org_tree.station_a}] 首次来访"
                ),
                TestpluginNote(
                    text=f"[person:{person_id} on 2026-05-20 at org {org_tree.station_b}] 外地调解"
                ),
            ]
        )
        set_active(session, platform.host, org_tree.bureau, "testplugin", True)


def test_the_timeline_shows_the_entries_the_viewer_may_see(
    platform: Platform, station_a_client: TestClient, org_tree: OrgTree, people: Registered
) -> None:
    empty = station_a_client.get(f"/people/{people.a}")
    assert "暂无相关业务记录。" in empty.text
    add_notes(platform, people.a, org_tree)
    page = station_a_client.get(f"/people/{people.a}").text
    assert "首次来访" in page and "2026-03-01" in page and "测试笔记" in page
    assert "外地调解" not in page  # an entry of station B's


def test_a_failing_plugin_leaves_the_person_page_working(
    settings, org_tree: OrgTree, people: Registered
) -> None:
    from tests.people.test_timeline import installed_testplugin, plugin
    from web.app import create_app

    def explode(person_id: int, session: Any) -> list[Any]:
        raise RuntimeError("timeline exploded")

    platform = Platform.boot(settings, [plugin("raiser", explode), installed_testplugin()])
    try:
        add_notes(platform, people.a, org_tree)
        with session_scope(platform.engine) as session:
            set_active(session, platform.host, org_tree.bureau, "raiser", True)
            make_account(session, "suozhang", roles={"station_head": org_tree.station_a})
        with TestClient(app=create_app(platform=platform), raise_server_exceptions=False) as c:
            login(c, "suozhang")
            page = c.get(f"/people/{people.a}")
        assert page.status_code == 200 and "首次来访" in page.text
    finally:
        platform.engine.dispose()


def test_the_navigation_links_the_registry_for_those_who_may_see_it(
    station_a_client: TestClient, platform: Platform
) -> None:
    assert 'href="/people"' in station_a_client.get("/").text
    nobody = client_as(platform, "wuquan", {})
    try:
        assert 'href="/people"' not in nobody.get("/").text
        assert nobody.get("/people").status_code == 403
    finally:
        nobody.__exit__(None, None, None)
