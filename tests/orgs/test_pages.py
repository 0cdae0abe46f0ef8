"""Organisation tree pages: lazy browsing, search, scope, and every change through a form."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from litestar.testing import TestClient
from sqlmodel import Session, col, select

from core.audit.models import AuditRecord
from core.db import session_scope
from core.orgs.importer import import_divisions
from core.orgs.models import OrgType, OrgUnit
from core.orgs.service import create_org
from core.platform import Platform
from tests.orgs.support import StatementLog, snapshot
from tests.support.auth import OrgTree, login, make_account, post_form

HTMX = {"HX-Request": "true"}


def org(platform: Platform, org_id: int) -> OrgUnit:
    with Session(platform.engine) as session:
        found = session.get(OrgUnit, org_id)
        assert found is not None
        return found


def node_ids(page: str) -> list[int]:
    """The organisations drawn as tree nodes, in page order."""
    return [int(i) for i in re.findall(r'id="org-node-(\d+)"', page)]


def hits(page: str) -> list[int]:
    return [int(i) for i in re.findall(r'data-hit="(\d+)"', page)]


def field_value(page: str, section: str, name: str) -> str:
    """The value of input *name* inside the detail panel's section *section*."""
    part = page.split(f'id="{section}"', 1)[1].split("</section>", 1)[0]
    match = re.search(rf'<input[^>]*name="{name}"[^>]*value="([^"]*)"', part)
    assert match, f"no {name} in {section}"
    return match.group(1)


def clear_the_way_for_an_import(platform: Platform, org_tree: OrgTree) -> None:
    """The fixture's 乐陵市司法局 carries the real code: make it a test bureau of its own."""
    with session_scope(platform.engine) as session:
        bureau = session.get(OrgUnit, org_tree.bureau)
        assert bureau is not None
        bureau.name, bureau.division_code = "测试司法局", None


@pytest.fixture
def signed_in(platform: Platform) -> Iterator[Any]:
    """Sign in a fresh client as a new account holding the given roles."""
    from web.app import create_app

    clients: list[TestClient] = []

    def make(username: str, roles: dict[str, int | None]) -> TestClient:
        with session_scope(platform.engine) as session:
            make_account(session, username, roles=roles, host=platform.host)
        client = TestClient(app=create_app(platform=platform), raise_server_exceptions=False)
        client.__enter__()
        clients.append(client)
        login(client, username)
        return client

    yield make
    for client in clients:
        client.__exit__(None, None, None)


# -- browsing -------------------------------------------------------------------------------


def test_the_tree_starts_at_the_scope_and_loads_children_only_when_opened(
    admin_client: TestClient, station_a_client: TestClient, org_tree: OrgTree
) -> None:
    page = admin_client.get("/orgs")
    assert page.status_code == 200
    assert node_ids(page.text) == [org_tree.bureau]  # closed: its stations are not drawn
    assert f'hx-get="/orgs/{org_tree.bureau}/children"' in page.text
    assert 'hx-trigger="toggle once"' in page.text

    children = admin_client.get(f"/orgs/{org_tree.bureau}/children", headers=HTMX)
    assert children.status_code == 200 and "<html" not in children.text
    assert node_ids(children.text) == [org_tree.station_a, org_tree.station_b]
    assert "司法所</span>" in children.text  # the type badge
    assert "前进社区" not in children.text  # grandchildren wait until their node is opened

    own = station_a_client.get("/orgs").text
    assert node_ids(own) == [org_tree.station_a]  # the top of station A's tree is station A
    assert "乐陵市司法局" not in own and "郑店镇司法所" not in own


def test_a_nodes_page_opens_the_tree_down_to_it_with_its_detail(
    admin_client: TestClient, org_tree: OrgTree, platform: Platform
) -> None:
    with session_scope(platform.engine) as session:
        create_org(
            session,
            name="前进社区人民调解委员会",
            type=OrgType.MEDIATION_COMMITTEE,
            committee_kind="village",
            parent_id=org_tree.village_a,
        )
        create_org(session, name="郭家村", type=OrgType.COMMUNITY, parent_id=org_tree.station_a)
    page = admin_client.get(f"/orgs/{org_tree.station_a}")
    assert page.status_code == 200
    drawn = node_ids(page.text)
    assert drawn[:2] == [org_tree.bureau, org_tree.station_a]
    assert org_tree.village_a in drawn and org_tree.station_b in drawn
    assert org_tree.village_b not in drawn  # station B stays closed
    detail = page.text.split('id="org-detail"', 1)[1]
    assert re.search(r"<dt>类型</dt>\s*<dd>司法所</dd>", detail)
    assert "乐陵市司法局</a> ›" in detail  # the parent path
    assert '<tr data-type="community"><td>村（社区）</td><td>2</td><td>0</td></tr>' in detail
    assert "本级及全部下级" in detail and "4 个机构" in detail
    assert 'data-version="1"' in detail

    village = admin_client.get(f"/orgs/{org_tree.village_a}", headers=HTMX)
    assert village.text.lstrip().startswith("<section")  # the panel alone for htmx
    assert village.headers["vary"] == "HX-Request"
    assert "人民调解委员会" in village.text


def test_detail_shows_code_and_generated_flag(
    admin_client: TestClient, platform: Platform, org_tree: OrgTree
) -> None:
    clear_the_way_for_an_import(platform, org_tree)
    with session_scope(platform.engine) as session:
        import_divisions(session, areas=["371481"], villages=1)
        yangan = session.exec(select(OrgUnit).where(OrgUnit.name == "杨安镇司法所")).one()
        generated = session.exec(
            select(OrgUnit).where(OrgUnit.parent_id == yangan.id, col(OrgUnit.generated))
        ).one()
        ids = (yangan.id, generated.id)
    station = admin_client.get(f"/orgs/{ids[0]}").text
    assert yangan.division_code in station and "手工录入或按官方区划代码导入" in station
    village = admin_client.get(f"/orgs/{ids[1]}").text
    assert "自动生成" in village and "请改为真实名称" in village


def test_search_by_name_or_code_shows_the_path_within_the_scope(
    admin_client: TestClient, station_a_client: TestClient, org_tree: OrgTree, platform: Platform
) -> None:
    found = admin_client.get("/orgs/search?q=前进").text
    assert hits(found) == [org_tree.village_a]
    assert "乐陵市司法局 › 市中街道司法所" in found
    assert hits(admin_client.get("/orgs/search?q=371481").text) == [org_tree.bureau]

    # station A's admin finds its own village, with a path starting at station A
    own = station_a_client.get("/orgs/search?q=前进").text
    assert hits(own) == [org_tree.village_a] and "乐陵市司法局" not in own
    assert hits(station_a_client.get("/orgs/search?q=后刘").text) == []
    # choosing a hit shows its panel and opens the tree down to it
    chosen = admin_client.get(f"/orgs/{org_tree.village_a}?tree=1", headers=HTMX).text
    assert 'hx-swap-oob="true"' in chosen and f'id="org-node-{org_tree.village_a}"' in chosen
    # the page answers plain form submissions too
    assert hits(admin_client.get("/orgs?q=司法所").text) == [org_tree.station_a, org_tree.station_b]


def test_deactivated_nodes_are_greyed_or_hidden_on_request(
    admin_client: TestClient, org_tree: OrgTree, platform: Platform
) -> None:
    from core.orgs.service import deactivate_org

    with session_scope(platform.engine) as session:
        deactivate_org(session, org_tree.village_a)
    shown = admin_client.get(f"/orgs/{org_tree.station_a}/children", headers=HTMX).text
    assert f'class="org-node inactive" id="org-node-{org_tree.village_a}"' in shown
    assert "已停用" in shown
    hidden = admin_client.get(
        f"/orgs/{org_tree.station_a}/children?hide_inactive=1", headers=HTMX
    ).text
    assert node_ids(hidden) == []
    assert hits(admin_client.get("/orgs/search?q=前进&hide_inactive=1").text) == []
    tree = admin_client.get(f"/orgs?hide_inactive=1&focus={org_tree.station_a}", headers=HTMX)
    assert tree.text.lstrip().startswith('<div id="org-tree"')


def test_a_province_stays_fast_only_the_opened_nodes_are_read(
    admin_client: TestClient, platform: Platform, org_tree: OrgTree
) -> None:
    """Shandong: 山东省司法厅 > 151 bureaus, 1,853 stations, 18,530 generated villages."""
    clear_the_way_for_an_import(platform, org_tree)
    with session_scope(platform.engine) as session:
        import_divisions(session, province="37", villages=10)
        laoling = session.exec(select(OrgUnit).where(OrgUnit.division_code == "371481")).one()
        yangan = session.exec(select(OrgUnit).where(OrgUnit.name == "杨安镇司法所")).one()
        total = len(session.exec(select(OrgUnit.id)).all())
    assert total > 20_000

    with StatementLog(platform.engine) as log:
        page = admin_client.get("/orgs")
    assert page.status_code == 200
    assert len(node_ids(page.text)) == 2  # the roots only: the province and the test bureau
    assert len(log.statements) < 30  # a few queries, not one per node
    assert len(page.content) < 400_000

    with StatementLog(platform.engine) as log:
        stations = admin_client.get(f"/orgs/{laoling.id}/children", headers=HTMX)
    assert len(node_ids(stations.text)) == 16
    assert len(log.statements) < 15

    with StatementLog(platform.engine) as log:
        opened = admin_client.get(f"/orgs/{yangan.id}")
    drawn = node_ids(opened.text)
    # the roots, the province's 151 bureaus, 乐陵's stations, 杨安's villages
    assert 2 + 151 + 16 + 10 <= len(drawn) < 200
    assert len(log.statements) < 40

    found = admin_client.get("/orgs/search?q=杨安镇第1").text
    assert "乐陵市司法局 › 杨安镇司法所" in found


# -- scope ----------------------------------------------------------------------------------


def test_station_a_cannot_see_or_change_station_b_or_the_bureau_by_any_url(
    platform: Platform, station_a_client: TestClient, org_tree: OrgTree
) -> None:
    with Session(platform.engine) as session:
        before = snapshot(session)
        last_audit = session.exec(
            select(AuditRecord.id).order_by(col(AuditRecord.id).desc())
        ).first()
    for other in (org_tree.station_b, org_tree.village_b, org_tree.bureau):
        for url in (
            f"/orgs/{other}",
            f"/orgs/{other}/children",
            f"/orgs/{other}/move-targets",
            f"/orgs?focus={other}",
        ):
            assert station_a_client.get(url).status_code == 404, url
        forms = {
            f"/orgs/{other}/rename": {"name": "篡改", "version": "1"},
            f"/orgs/{other}/children": {"name": "外来村", "type": "community"},
            f"/orgs/{other}/deactivate": {"version": "1", "cascade": "1"},
            f"/orgs/{other}/reactivate": {"version": "1"},
            f"/orgs/{other}/move": {
                "version": "1",
                "new_parent_id": str(org_tree.station_a),
                "confirm": "1",
            },
        }
        for url, form in forms.items():
            assert post_form(station_a_client, url, form).status_code == 404, url
    # its own village, moved under station B (an id outside the scope in the form): 404 too
    moved = post_form(
        station_a_client,
        f"/orgs/{org_tree.village_a}/move",
        {"version": "1", "new_parent_id": str(org_tree.station_b), "confirm": "1"},
    )
    assert moved.status_code == 404
    assert station_a_client.post("/orgs/new", data={"name": "x"}).status_code == 403
    with Session(platform.engine) as session:
        assert snapshot(session) == before
        last = session.exec(select(AuditRecord.id).order_by(col(AuditRecord.id).desc())).first()
    assert last == last_audit


def test_a_viewer_sees_the_tree_but_no_change_forms(signed_in: Any, org_tree: OrgTree) -> None:
    viewer = signed_in("chakan", {"station_staff": org_tree.station_a})
    page = viewer.get(f"/orgs/{org_tree.station_a}")
    assert page.status_code == 200 and "市中街道司法所" in page.text
    assert 'id="org-rename"' not in page.text
    assert post_form(viewer, f"/orgs/{org_tree.station_a}/rename", {"name": "x"}).status_code == 403


# -- changes --------------------------------------------------------------------------------


def test_adding_a_child_offers_only_the_types_the_rules_allow(
    admin_client: TestClient, org_tree: OrgTree, platform: Platform
) -> None:
    station = admin_client.get(f"/orgs/{org_tree.station_a}").text
    add = station.split('id="org-add"', 1)[1].split("</section>", 1)[0]
    offered = set(
        re.findall(
            r'<option value="([a-z_]+)"', add.split('name="type"', 1)[1].split("</select>")[0]
        )
    )
    assert "community" in offered and "mediation_committee" in offered
    assert not offered & {"station", "bureau", "city_bureau"}
    committee = admin_client.get(f"/orgs/{org_tree.village_a}").text
    assert "新增下级机构" in committee

    response = post_form(
        admin_client,
        f"/orgs/{org_tree.station_a}/children",
        {"name": " 郭家村 ", "type": "community", "division_code": "371481001001"},
    )
    assert response.status_code == 303
    new_id = int(response.headers["location"].split("/orgs/")[1].split("?")[0])
    created = org(platform, new_id)
    assert (created.name, created.parent_id, created.division_code) == (
        "郭家村",
        org_tree.station_a,
        "371481001001",
    )
    assert "机构已新增" in admin_client.get(response.headers["location"]).text

    committee = post_form(
        admin_client,
        f"/orgs/{org_tree.village_a}/children",
        {"name": "前进社区调委会", "type": "mediation_committee", "committee_kind": "village"},
        headers=HTMX,
    )
    assert committee.status_code == 200
    assert "机构已新增" in committee.text and 'hx-swap-oob="true"' in committee.text
    with Session(platform.engine) as session:
        made = session.exec(select(OrgUnit).where(OrgUnit.name == "前进社区调委会")).one()
    assert made.committee_kind == "village" and made.parent_id == org_tree.village_a


@pytest.mark.parametrize(
    ("form", "field", "message"),
    [
        ({"name": "", "type": "community"}, "name", "机构名称不能为空"),
        ({"name": "前进社区", "type": "community"}, "name", "同一上级下已有名为“前进社区”的机构"),
        ({"name": "新调委会", "type": "mediation_committee"}, "committee_kind", "请选择调委会类别"),
        ({"name": "新所", "type": "station"}, "type", "司法所不能设在司法所之下"),
        (
            {"name": "新村", "type": "community", "division_code": "12"},
            "division_code",
            "应为 12 位数字",
        ),
        ({"name": "新村", "type": ""}, "type", "请选择机构类型"),
        ({"name": "新村", "type": "nonsense"}, "type", "未知的机构类型"),
    ],
)
def test_an_invalid_child_is_refused_with_422_next_to_its_field_and_the_input_kept(
    admin_client: TestClient,
    org_tree: OrgTree,
    platform: Platform,
    form: dict,
    field: str,
    message: str,
) -> None:
    with Session(platform.engine) as session:
        before = snapshot(session)
    response = post_form(admin_client, f"/orgs/{org_tree.station_a}/children", form)
    assert response.status_code == 422
    feedback = response.text.split(f'id="{field}-feedback"', 1)[1].split("</div>", 1)[0]
    assert message in feedback
    assert field_value(response.text, "org-add", "name") == form["name"]
    with Session(platform.engine) as session:
        assert snapshot(session) == before


def test_renaming_through_the_page(
    admin_client: TestClient, org_tree: OrgTree, platform: Platform
) -> None:
    response = post_form(
        admin_client,
        f"/orgs/{org_tree.station_a}/rename",
        {"name": "市中街道司法所（新）", "version": "1"},
    )
    assert response.status_code == 303
    assert response.headers["location"] == f"/orgs/{org_tree.station_a}?done=renamed"
    renamed = org(platform, org_tree.station_a)
    assert (renamed.name, renamed.version) == ("市中街道司法所（新）", 2)


def test_a_stale_rename_gets_409_with_the_saved_name_and_the_input_kept(
    admin_client: TestClient, org_tree: OrgTree, platform: Platform
) -> None:
    from core.orgs.service import rename_org

    with session_scope(platform.engine) as session:
        rename_org(session, org_tree.station_a, "市中街道司法所（他人改）")
    response = post_form(
        admin_client, f"/orgs/{org_tree.station_a}/rename", {"name": "我的新名称", "version": "1"}
    )
    assert response.status_code == 409
    assert "该记录已被他人修改" in response.text
    assert '<td class="theirs">市中街道司法所（他人改）</td>' in response.text
    assert field_value(response.text, "org-rename", "name") == "我的新名称"
    assert field_value(response.text, "org-rename", "version") == "2"  # saving again overrides
    assert org(platform, org_tree.station_a).name == "市中街道司法所（他人改）"

    again = post_form(
        admin_client, f"/orgs/{org_tree.station_a}/rename", {"name": "我的新名称", "version": "2"}
    )
    assert again.status_code == 303
    assert org(platform, org_tree.station_a).name == "我的新名称"


def test_an_invalid_rename_gets_422_in_chinese_with_the_input_kept(
    admin_client: TestClient, org_tree: OrgTree, platform: Platform
) -> None:
    too_long = "长" * 101
    response = post_form(
        admin_client, f"/orgs/{org_tree.station_a}/rename", {"name": too_long, "version": "1"}
    )
    assert response.status_code == 422
    assert "机构名称不能超过 100 个字（现为 101 个）" in response.text
    assert field_value(response.text, "org-rename", "name") == too_long
    taken = post_form(
        admin_client,
        f"/orgs/{org_tree.station_a}/rename",
        {"name": "郑店镇司法所", "version": "1"},
        headers=HTMX,
    )
    assert taken.status_code == 422 and "同一上级下已有名为“郑店镇司法所”的机构" in taken.text
    assert "hx-swap-oob" not in taken.text
    assert org(platform, org_tree.station_a).name == "市中街道司法所"


def test_an_htmx_rename_answers_with_the_panel_and_the_tree_out_of_band(
    admin_client: TestClient, org_tree: OrgTree
) -> None:
    response = post_form(
        admin_client,
        f"/orgs/{org_tree.village_a}/rename",
        {"name": "前进新社区", "version": "1"},
        headers=HTMX,
    )
    assert response.status_code == 200
    panel, tree = response.text.split('<div id="org-tree"', 1)
    assert "名称已保存" in panel and 'id="org-detail-name">前进新社区<' in panel
    assert 'hx-swap-oob="true"' in tree
    assert f'data-org-name="{org_tree.village_a}">前进新社区</a>' in tree


def test_deactivating_explains_the_refusal_and_offers_the_branch(
    admin_client: TestClient, org_tree: OrgTree, platform: Platform
) -> None:
    refused = post_form(admin_client, f"/orgs/{org_tree.station_a}/deactivate", {"version": "1"})
    assert refused.status_code == 422
    assert "“市中街道司法所”下还有 1 个在用的下级机构" in refused.text
    assert 'id="org-cascade"' in refused.text
    assert "确认停用“市中街道司法所”及其 1 个在用下级机构" in refused.text
    assert org(platform, org_tree.station_a).active

    cascaded = post_form(
        admin_client, f"/orgs/{org_tree.station_a}/deactivate", {"version": "1", "cascade": "1"}
    )
    assert cascaded.status_code == 303
    assert not org(platform, org_tree.station_a).active
    assert not org(platform, org_tree.village_a).active

    page = admin_client.get(f"/orgs/{org_tree.station_a}").text
    assert "已停用的机构下不能新增机构" in page and "重新启用" in page
    back = post_form(admin_client, f"/orgs/{org_tree.station_a}/reactivate", {"version": "2"})
    assert back.status_code == 303
    assert org(platform, org_tree.station_a).active
    assert not org(platform, org_tree.village_a).active  # one node at a time
    village = admin_client.get(f"/orgs/{org_tree.village_a}").text
    assert "重新启用" in village


def test_status_changes_on_an_old_version_are_refused_with_409(
    admin_client: TestClient, org_tree: OrgTree, platform: Platform
) -> None:
    post_form(admin_client, f"/orgs/{org_tree.village_a}/rename", {"name": "前进", "version": "1"})
    stale = post_form(admin_client, f"/orgs/{org_tree.village_a}/deactivate", {"version": "1"})
    assert stale.status_code == 409 and "该记录已被他人修改" in stale.text
    assert org(platform, org_tree.village_a).active
    garbage = post_form(admin_client, f"/orgs/{org_tree.village_a}/reactivate", {"version": "x"})
    assert garbage.status_code == 409


def test_moving_a_station_asks_for_confirmation_then_moves_its_branch_and_its_rows(
    admin_client: TestClient, org_tree: OrgTree, platform: Platform, signed_in: Any
) -> None:
    with session_scope(platform.engine) as session:
        yucheng = create_org(session, name="禹城市司法局", type=OrgType.BUREAU)
        yucheng_id = yucheng.id
        make_account(session, "ganbu.a", roles={"station_staff": org_tree.village_a})
    old_bureau = signed_in("old_admin", {"system_admin": org_tree.bureau})
    new_bureau = signed_in("new_admin", {"system_admin": yucheng_id})
    assert old_bureau.get(f"/orgs/{org_tree.village_a}").status_code == 200
    assert new_bureau.get(f"/orgs/{org_tree.village_a}").status_code == 404

    picker = admin_client.get(f"/orgs/{org_tree.station_a}/move-targets?target_q=禹城").text
    assert f'value="{yucheng_id}"' in picker
    assert (
        f'value="{org_tree.bureau}"'
        not in admin_client.get(f"/orgs/{org_tree.station_a}/move-targets").text
    )  # its current parent is no choice
    with Session(platform.engine) as session:
        before = snapshot(session)
    asked = post_form(
        admin_client,
        f"/orgs/{org_tree.station_a}/move",
        {"version": "1", "new_parent_id": str(yucheng_id)},
    )
    assert asked.status_code == 200
    assert "将把“市中街道司法所”及其全部下级共 2 个机构移到“禹城市司法局”之下" in asked.text
    with Session(platform.engine) as session:
        assert snapshot(session) == before  # nothing moves before the confirmation

    done = post_form(
        admin_client,
        f"/orgs/{org_tree.station_a}/move",
        {"version": "1", "new_parent_id": str(yucheng_id), "confirm": "1"},
    )
    assert done.status_code == 303
    village = org(platform, org_tree.village_a)
    assert village.path.startswith(f"/{yucheng_id}/{org_tree.station_a}/")
    # the branch and its rows now answer to the new bureau, and no longer to the old one
    assert old_bureau.get(f"/orgs/{org_tree.village_a}").status_code == 404
    assert new_bureau.get(f"/orgs/{org_tree.village_a}").status_code == 200
    assert "ganbu.a" in new_bureau.get("/staff").text
    assert "ganbu.a" not in old_bureau.get("/staff").text


@pytest.mark.parametrize(
    ("form", "status", "message"),
    [
        ({"version": "1"}, 422, "请选择新的上级机构"),
        ({"version": "1", "new_parent_id": "village_b"}, 422, "村（社区）不能设在村（社区）之下"),
        ({"version": "1", "new_parent_id": "station_a"}, 422, "已在“市中街道司法所”之下"),
        ({"version": "7", "new_parent_id": "station_b", "confirm": "1"}, 409, "该记录已被他人修改"),
    ],
)
def test_a_refused_move_says_why_and_changes_nothing(
    admin_client: TestClient,
    org_tree: OrgTree,
    platform: Platform,
    form: dict,
    status: int,
    message: str,
) -> None:
    if "new_parent_id" in form:
        form = {**form, "new_parent_id": str(getattr(org_tree, form["new_parent_id"]))}
    with Session(platform.engine) as session:
        before = snapshot(session)
    response = post_form(admin_client, f"/orgs/{org_tree.village_a}/move", form)
    assert response.status_code == status
    assert message in response.text
    with Session(platform.engine) as session:
        assert snapshot(session) == before


def test_only_an_installation_admin_adds_a_top_level_bureau(
    admin_client: TestClient, platform: Platform
) -> None:
    assert "新增顶级机构" in admin_client.get("/orgs").text
    created = post_form(admin_client, "/orgs/new", {"name": "德州市司法局", "type": "city_bureau"})
    assert created.status_code == 303
    refused = post_form(admin_client, "/orgs/new", {"name": "孤零零司法所", "type": "station"})
    assert refused.status_code == 422
    assert "司法所必须设在县（区）司法局之下" in refused.text
    assert 'value="孤零零司法所"' in refused.text
    with Session(platform.engine) as session:
        names = set(session.exec(select(OrgUnit.name)).all())
    assert "德州市司法局" in names and "孤零零司法所" not in names


def test_org_changes_are_audited_under_the_org_itself(
    admin_client: TestClient, org_tree: OrgTree, platform: Platform
) -> None:
    post_form(
        admin_client, f"/orgs/{org_tree.village_b}/rename", {"name": "后刘新村", "version": "1"}
    )
    with Session(platform.engine) as session:
        record = session.exec(
            select(AuditRecord)
            .where(AuditRecord.entity == "org_unit", AuditRecord.action == "update")
            .order_by(col(AuditRecord.id).desc())
        ).first()
    assert record is not None
    assert record.org_id == org_tree.village_b and record.actor_name == "admin"
    assert record.changes["name"] == ["后刘村", "后刘新村"]


def test_the_pages_speak_english_when_asked(admin_client: TestClient, org_tree: OrgTree) -> None:
    admin_client.cookies.set("sifa_locale", "en")
    page = admin_client.get(f"/orgs/{org_tree.station_a}").text
    assert "Organisations" in page and ">Station</span>" in page and "Add a sub-unit" in page
    refused = post_form(
        admin_client, f"/orgs/{org_tree.station_a}/rename", {"name": " ", "version": "1"}
    )
    assert refused.status_code == 422 and "The organisation name must not be blank" in refused.text
