"""Staff administration pages: scoped lists, create, edit with optimistic locking, grants."""

from __future__ import annotations

import re

import pytest
from litestar.testing import TestClient
from sqlmodel import Session, select

from core.db import session_scope
from core.identity.models import RoleGrant, StaffAccount
from core.platform import Platform
from tests.support.auth import OrgTree, login, make_account, post_form


@pytest.fixture
def people(platform: Platform, org_tree: OrgTree) -> dict[str, int]:
    """One worker in each station, each with a role grant there."""
    with session_scope(platform.engine) as session:
        a = make_account(
            session,
            "ganbu.a",
            display_name="张干部",
            roles={"station_staff": org_tree.village_a},
            host=platform.host,
        )
        b = make_account(
            session,
            "ganbu.b",
            display_name="李干部",
            roles={"station_staff": org_tree.village_b},
            host=platform.host,
        )
        return {"a": a.id, "b": b.id}


def account(platform: Platform, account_id: int) -> StaffAccount:
    with Session(platform.engine) as session:
        return session.get(StaffAccount, account_id)


def usernames(page: str) -> set[str]:
    return set(re.findall(r'data-username="([^"]+)"', page))


def test_the_list_shows_only_accounts_in_the_admins_subtree(
    station_a_client: TestClient, admin_client: TestClient, people
) -> None:
    assert usernames(station_a_client.get("/staff").text) == {"admin_a", "ganbu.a"}
    assert {"admin", "admin_a", "ganbu.a", "ganbu.b"} <= usernames(admin_client.get("/staff").text)


def test_the_list_filters_by_name_and_organisation(
    admin_client: TestClient, people, org_tree
) -> None:
    assert usernames(admin_client.get("/staff?q=李").text) == {"ganbu.b"}
    assert usernames(admin_client.get("/staff?q=GANBU").text) == {"ganbu.a", "ganbu.b"}
    assert usernames(admin_client.get(f"/staff?org_id={org_tree.station_a}").text) == {"ganbu.a"}


def test_the_list_is_paginated_and_answers_htmx_with_the_table_only(
    platform: Platform, admin_client: TestClient, org_tree
) -> None:
    with session_scope(platform.engine) as session:
        for n in range(30):
            make_account(session, f"user{n:02d}", org_id=org_tree.village_a)
    first = admin_client.get("/staff?q=user")
    assert len(usernames(first.text)) == 25 and "第 1 / 2 页" in first.text
    second = admin_client.get("/staff?q=user&page=2", headers={"HX-Request": "true"})
    assert usernames(second.text) == {f"user{n:02d}" for n in range(25, 30)}
    assert "<html" not in second.text and second.headers["vary"] == "HX-Request"


def test_station_a_admin_gets_404_for_station_b_accounts_by_any_url(
    platform: Platform, station_a_client: TestClient, people
) -> None:
    b = people["b"]
    with Session(platform.engine) as session:
        grant_id = session.exec(select(RoleGrant.id).where(RoleGrant.account_id == b)).one()
    before = account(platform, b)
    for url in (f"/staff/{b}", f"/staff/{b}/password"):
        assert station_a_client.get(url).status_code == 404, url
    posts = {
        f"/staff/{b}": {"display_name": "改名", "org_id": "", "active": "", "version": "1"},
        f"/staff/{b}/password": {
            "password": "Linshi-Kouling-5820",
            "confirm_password": "Linshi-Kouling-5820",
        },
        f"/staff/{b}/grants": {"role": "inspector", "org_id": ""},
        f"/staff/{b}/grants/{grant_id}/revoke": {},
    }
    for url, form in posts.items():
        assert post_form(station_a_client, url, form).status_code == 404, url
    after = account(platform, b)
    assert after.model_dump() == before.model_dump()
    with Session(platform.engine) as session:
        assert session.get(RoleGrant, grant_id) is not None


def test_creating_an_account_forces_a_password_change_and_grants_the_role(
    platform: Platform, station_a_client: TestClient, org_tree
) -> None:
    form = {
        "username": "Zhao.Tiaojie",
        "display_name": "赵调解",
        "org_id": str(org_tree.village_a),
        "role": "mediator",
        "password": "Linshi-Kouling-5820",
        "confirm_password": "Linshi-Kouling-5820",
    }
    response = post_form(station_a_client, "/staff/new", form)
    assert response.status_code == 303
    page = station_a_client.get(response.headers["location"]).text
    assert "账号已创建" in page and 'data-role="mediator"' in page
    with Session(platform.engine) as session:
        created = session.exec(
            select(StaffAccount).where(StaffAccount.username == "zhao.tiaojie")
        ).one()
        assert created.must_change_password and created.org_id == org_tree.village_a


def test_a_refused_creation_keeps_the_input_and_creates_nothing(
    platform: Platform, station_a_client: TestClient, org_tree
) -> None:
    form = {
        "username": "qian.gb",
        "display_name": "钱干部",
        "org_id": str(org_tree.station_b),
        "role": "",
        "password": "Linshi-Kouling-5820",
        "confirm_password": "Linshi-Kouling-5820",
    }
    response = post_form(station_a_client, "/staff/new", form)
    assert (
        response.status_code == 400
        and "无权管理" in response.text
        and 'value="qian.gb"' in response.text
    )
    weak = post_form(
        station_a_client,
        "/staff/new",
        {
            **form,
            "org_id": str(org_tree.station_a),
            "password": "123456789a",
            "confirm_password": "123456789a",
        },
    )
    assert weak.status_code == 400 and "常见口令" in weak.text and 'value="钱干部"' in weak.text
    with Session(platform.engine) as session:
        assert (
            session.exec(select(StaffAccount).where(StaffAccount.username == "qian.gb")).first()
            is None
        )


def test_a_stale_edit_gets_409_showing_what_changed_and_keeping_the_input(
    platform: Platform, station_a_client: TestClient, admin_client: TestClient, people, org_tree
) -> None:
    a = people["a"]
    form_page = station_a_client.get(f"/staff/{a}").text
    version = re.search(r'name="version" value="(\d+)"', form_page).group(1)
    assert (
        post_form(
            admin_client,
            f"/staff/{a}",
            {
                "display_name": "张干部（局里改）",
                "org_id": str(org_tree.village_a),
                "active": "1",
                "version": version,
            },
        ).status_code
        == 303
    )

    stale = post_form(
        station_a_client,
        f"/staff/{a}",
        {
            "display_name": "张三丰",
            "org_id": str(org_tree.station_a),
            "active": "1",
            "version": version,
        },
    )
    assert stale.status_code == 409
    assert "张干部（局里改）" in stale.text  # what the other person saved
    assert 'value="张三丰"' in stale.text  # the user's own input, kept in the form
    assert f'name="version" value="{int(version) + 1}"' in stale.text
    assert account(platform, a).display_name == "张干部（局里改）"

    again = post_form(
        station_a_client,
        f"/staff/{a}",
        {
            "display_name": "张三丰",
            "org_id": str(org_tree.station_a),
            "active": "1",
            "version": str(int(version) + 1),
        },
    )
    assert again.status_code == 303
    saved = account(platform, a)
    assert (saved.display_name, saved.org_id, saved.version) == (
        "张三丰",
        org_tree.station_a,
        int(version) + 2,
    )


def test_deactivating_an_account_signs_it_out(
    platform: Platform, station_a_client: TestClient, people, org_tree
) -> None:
    from web.app import create_app

    with TestClient(app=create_app(platform=platform)) as worker:
        login(worker, "ganbu.a")
        response = post_form(
            station_a_client,
            f"/staff/{people['a']}",
            {"display_name": "张干部", "org_id": str(org_tree.village_a), "version": "1"},
        )
        assert response.status_code == 303
        assert worker.get("/", follow_redirects=False).status_code == 303
        assert login(worker, "ganbu.a", expect_success=False).status_code == 400


def test_resetting_a_password_forces_a_change_at_next_login(
    platform: Platform, station_a_client: TestClient, people
) -> None:
    url = f"/staff/{people['a']}/password"
    assert "临时口令" in station_a_client.get(url).text
    done = post_form(
        station_a_client,
        url,
        {"password": "Linshi-Kouling-5820", "confirm_password": "Linshi-Kouling-5820"},
    )
    assert done.status_code == 200 and 'id="reset-done"' in done.text
    assert account(platform, people["a"]).must_change_password


def test_granting_and_revoking_roles_within_reach(
    platform: Platform, station_a_client: TestClient, people, org_tree
) -> None:
    url = f"/staff/{people['a']}/grants"
    fragment = post_form(
        station_a_client,
        url,
        {"role": "mediator", "org_id": str(org_tree.village_a)},
        headers={"HX-Request": "true"},
    )
    assert fragment.status_code == 200 and 'data-role="mediator"' in fragment.text
    assert "<html" not in fragment.text

    elsewhere = post_form(
        station_a_client,
        url,
        {"role": "mediator", "org_id": str(org_tree.station_b)},
        headers={"HX-Request": "true"},
    )
    assert elsewhere.status_code == 400 and "无权管理" in elsewhere.text
    everywhere = post_form(station_a_client, url, {"role": "inspector", "org_id": "*"})
    assert everywhere.status_code == 400

    with Session(platform.engine) as session:
        grants = session.exec(select(RoleGrant).where(RoleGrant.account_id == people["a"])).all()
        assert {g.org_id for g in grants} == {org_tree.village_a}
        mediator_grant = max(g.id for g in grants)
    revoked = post_form(station_a_client, f"{url}/{mediator_grant}/revoke", {})
    assert revoked.status_code == 303
    assert 'data-role="mediator"' not in station_a_client.get(f"/staff/{people['a']}").text


def test_a_station_head_cannot_hand_out_system_admin(platform: Platform, people, org_tree) -> None:
    from web.app import create_app

    with session_scope(platform.engine) as session:
        make_account(
            session, "suozhang", roles={"station_head": org_tree.station_a}, host=platform.host
        )
    with TestClient(app=create_app(platform=platform)) as head:
        login(head, "suozhang")
        refused = post_form(
            head,
            f"/staff/{people['a']}/grants",
            {"role": "system_admin", "org_id": str(org_tree.station_a)},
        )
        assert refused.status_code == 400 and "不能授予" in refused.text
        assert (
            post_form(
                head,
                f"/staff/{people['a']}/grants",
                {"role": "mediator", "org_id": str(org_tree.village_a)},
            ).status_code
            == 303
        )


def test_the_org_picker_offers_only_organisations_in_scope(station_a_client: TestClient) -> None:
    options = station_a_client.get("/staff/org-options?purpose=manage").text
    assert "市中街道司法所" in options and "前进社区" in options
    assert "郑店镇" not in options and "乐陵市司法局" not in options
    assert "前进" in station_a_client.get("/staff/org-options?org_q=前进").text
