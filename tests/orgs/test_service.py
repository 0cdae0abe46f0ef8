"""The organisation tree service: type rules, names, codes, locking, deactivation, moves."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import pytest
import time_machine
from sqlalchemy import text
from sqlmodel import Session, select

from core.audit.models import AuditRecord
from core.locking import StaleRecord
from core.orgs.errors import (
    DuplicateDivisionCode,
    HasActiveChildren,
    InactiveOrg,
    InvalidCommitteeKind,
    InvalidDivisionCode,
    InvalidMove,
    InvalidName,
    InvalidParent,
    NameTaken,
    OrgError,
    OrgNotFound,
    UnknownOrgType,
)
from core.orgs.models import CommitteeKind, OrgType, OrgUnit
from core.orgs.service import (
    ancestors,
    children,
    create_org,
    deactivate_org,
    find_by_code,
    get_org,
    get_tree,
    move_subtree,
    reactivate_org,
    rename_org,
    subtree_ids_select,
    subtree_size,
)
from tests.orgs.support import StatementLog, snapshot


@dataclass
class Tree:
    """德州市 > 乐陵市 (杨安镇 with two villages, 市中街道) and 禹城市 (伦镇)."""

    city: OrgUnit
    laoling: OrgUnit
    yucheng: OrgUnit
    yangan: OrgUnit
    shizhong: OrgUnit
    lunzhen: OrgUnit
    village1: OrgUnit
    village2: OrgUnit
    committee: OrgUnit


@pytest.fixture
def tree(session: Session) -> Tree:
    def add(
        name: str, type_: OrgType, parent: OrgUnit | None, code: str | None = None, **extra: object
    ) -> OrgUnit:
        return create_org(
            session,
            name=name,
            type=type_,
            parent_id=parent.id if parent else None,
            division_code=code,
            **extra,
        )

    city = add("德州市司法局", OrgType.CITY_BUREAU, None, "3714")
    laoling = add("乐陵市司法局", OrgType.BUREAU, city, "371481")
    yucheng = add("禹城市司法局", OrgType.BUREAU, city, "371482")
    yangan = add("杨安镇司法所", OrgType.STATION, laoling, "371481100")
    shizhong = add("市中街道司法所", OrgType.STATION, laoling, "371481001")
    lunzhen = add("伦镇司法所", OrgType.STATION, yucheng, "371482100")
    village1 = add("杨安镇第1村", OrgType.COMMUNITY, yangan, generated=True)
    village2 = add("杨安镇第2村", OrgType.COMMUNITY, yangan, generated=True)
    committee = add(
        "杨安镇第1村人民调解委员会",
        OrgType.MEDIATION_COMMITTEE,
        village1,
        committee_kind=CommitteeKind.VILLAGE,
    )
    session.commit()
    return Tree(city, laoling, yucheng, yangan, shizhong, lunzhen, village1, village2, committee)


def ids_under(session: Session, org: OrgUnit) -> set[int]:
    session.refresh(org)
    return set(session.exec(subtree_ids_select(org)).all())


# -- creating ----------------------------------------------------------------------------


def test_create_sets_materialised_path_and_depth(tree: Tree) -> None:
    assert tree.city.path == f"/{tree.city.id}/" and tree.city.depth == 0
    assert tree.laoling.path == f"/{tree.city.id}/{tree.laoling.id}/" and tree.laoling.depth == 1
    assert tree.yangan.path == f"{tree.laoling.path}{tree.yangan.id}/" and tree.yangan.depth == 2
    assert tree.village1.path == f"{tree.yangan.path}{tree.village1.id}/"
    assert tree.committee.depth == 4 and tree.committee.committee_kind == CommitteeKind.VILLAGE
    assert tree.village1.generated and not tree.yangan.generated
    assert tree.yangan.version == 1 and tree.yangan.active


def test_a_bureau_may_be_a_root(session: Session) -> None:
    bureau = create_org(session, name="乐陵市司法局", type="bureau", division_code="371481")
    assert bureau.parent_id is None and bureau.depth == 0 and bureau.path == f"/{bureau.id}/"


@pytest.mark.parametrize(
    ("type_", "parent", "message"),
    [
        (OrgType.STATION, None, "司法所必须设在县（区）司法局之下"),
        (OrgType.STATION, "city", "司法所不能设在市司法局之下"),
        (OrgType.STATION, "yangan", "司法所不能设在司法所之下"),
        (OrgType.COMMUNITY, "laoling", "村（社区）不能设在县（区）司法局之下，其上级应为司法所"),
        (OrgType.BUREAU, "yangan", "县（区）司法局不能设在司法所之下"),
        (OrgType.CITY_BUREAU, "laoling", "市司法局只能作为最上级机构"),
        (OrgType.LAW_FIRM, None, "律师事务所必须设在司法局、司法所或村（社区）之下"),
        (OrgType.CLINIC_ROOM, "committee", "法律服务诊室不能设在人民调解委员会之下"),
    ],
)
def test_type_rules_are_enforced_with_chinese_messages(
    session: Session, tree: Tree, type_: OrgType, parent: str | None, message: str
) -> None:
    parent_id = getattr(tree, parent).id if parent else None
    with pytest.raises(InvalidParent) as caught:
        create_org(session, name="新机构", type=type_, parent_id=parent_id)
    assert message in caught.value.message
    assert caught.value.message_en


@pytest.mark.parametrize("parent", ["city", "laoling", "yangan", "village1"])
def test_attached_units_hang_off_any_spine_node(session: Session, tree: Tree, parent: str) -> None:
    unit = create_org(
        session,
        name="法律援助工作站",
        type=OrgType.LEGAL_AID_CENTRE,
        parent_id=getattr(tree, parent).id,
    )
    assert unit.depth == getattr(tree, parent).depth + 1


def test_unknown_type_is_refused(session: Session) -> None:
    with pytest.raises(UnknownOrgType, match="未知的机构类型“police”"):
        create_org(session, name="派出所", type="police")


def test_committee_kind_is_required_for_mediation_committees_only(
    session: Session, tree: Tree
) -> None:
    with pytest.raises(InvalidCommitteeKind, match="请选择调委会类别"):
        create_org(
            session, name="调委会", type=OrgType.MEDIATION_COMMITTEE, parent_id=tree.yangan.id
        )
    with pytest.raises(InvalidCommitteeKind, match="未知的调委会类别"):
        create_org(
            session,
            name="调委会",
            type=OrgType.MEDIATION_COMMITTEE,
            parent_id=tree.yangan.id,
            committee_kind="weather",
        )
    with pytest.raises(InvalidCommitteeKind, match="只有人民调解委员会才有调委会类别"):
        create_org(
            session,
            name="律所",
            type=OrgType.LAW_FIRM,
            parent_id=tree.laoling.id,
            committee_kind=CommitteeKind.LABOUR,
        )
    labour = create_org(
        session,
        name="乐陵市劳动争议调委会",
        type=OrgType.MEDIATION_COMMITTEE,
        parent_id=tree.laoling.id,
        committee_kind="labour",
    )
    assert labour.committee_kind == CommitteeKind.LABOUR


@pytest.mark.parametrize(
    ("name", "message"),
    [("", "机构名称不能为空"), ("   ", "机构名称不能为空"), ("司" * 101, "不能超过 100 个字")],
)
def test_names_must_be_present_and_short(
    session: Session, tree: Tree, name: str, message: str
) -> None:
    with pytest.raises(InvalidName, match=message):
        create_org(session, name=name, type=OrgType.STATION, parent_id=tree.laoling.id)


def test_names_are_trimmed_and_may_have_100_characters(session: Session, tree: Tree) -> None:
    org = create_org(session, name=f"  {'所' * 100}  ", type="station", parent_id=tree.laoling.id)
    assert org.name == "所" * 100


def test_names_are_unique_among_active_siblings_only(session: Session, tree: Tree) -> None:
    with pytest.raises(NameTaken, match="同一上级下已有名为“杨安镇司法所”的机构"):
        create_org(session, name="杨安镇司法所", type="station", parent_id=tree.laoling.id)
    # the same name under another parent is fine
    create_org(session, name="杨安镇司法所", type="station", parent_id=tree.yucheng.id)
    # and under the same parent once the first one is deactivated
    deactivate_org(session, tree.shizhong.id)
    create_org(session, name="市中街道司法所", type="station", parent_id=tree.laoling.id)


def test_roots_are_siblings_too(session: Session, tree: Tree) -> None:
    with pytest.raises(NameTaken):
        create_org(session, name="德州市司法局", type=OrgType.CITY_BUREAU)


@pytest.mark.parametrize(
    ("type_", "parent", "code", "message"),
    [
        ("station", "laoling", "3714811", "司法所的行政区划代码应为 9 位数字"),
        ("station", "laoling", "37148110A", "应为 9 位数字"),
        ("bureau", "city", "37148", "县（区）司法局的行政区划代码应为 6 位数字"),
        ("law_firm", "laoling", "371481", "律师事务所没有行政区划代码"),
    ],
)
def test_division_codes_match_the_level(
    session: Session, tree: Tree, type_: str, parent: str, code: str, message: str
) -> None:
    with pytest.raises(InvalidDivisionCode, match=message):
        create_org(
            session,
            name="新机构",
            type=type_,
            parent_id=getattr(tree, parent).id,
            division_code=code,
        )


def test_division_codes_are_unique(session: Session, tree: Tree) -> None:
    with pytest.raises(DuplicateDivisionCode, match="行政区划代码 371481100 已属于“杨安镇司法所”"):
        create_org(
            session,
            name="另一个所",
            type="station",
            parent_id=tree.laoling.id,
            division_code="371481100",
        )


def test_nothing_is_added_under_a_deactivated_node(session: Session, tree: Tree) -> None:
    deactivate_org(session, tree.shizhong.id)
    with pytest.raises(InactiveOrg, match="上级机构“市中街道司法所”已停用"):
        create_org(session, name="市中街道第1社区", type="community", parent_id=tree.shizhong.id)


def test_unknown_parent_is_refused(session: Session) -> None:
    with pytest.raises(OrgNotFound, match="组织机构不存在（编号 9999）"):
        create_org(session, name="杨安镇司法所", type="station", parent_id=9999)


# -- renaming and optimistic locking -------------------------------------------------------


def test_rename_bumps_version_and_time(session: Session, tree: Tree) -> None:
    later = datetime(2031, 5, 6, 7, 8, 9, tzinfo=UTC)
    with time_machine.travel(later, tick=False):
        org = rename_org(session, tree.yangan.id, " 杨安镇中心司法所 ", expected_version=1)
    session.commit()
    session.expire_all()
    org = get_org(session, tree.yangan.id)
    assert org.name == "杨安镇中心司法所"
    assert org.version == 2
    assert org.updated_at == later


def test_rename_with_a_stale_version_is_refused(session: Session, tree: Tree) -> None:
    rename_org(session, tree.yangan.id, "杨安镇中心司法所", expected_version=1)
    session.commit()
    with pytest.raises(StaleRecord) as caught:
        rename_org(session, tree.yangan.id, "另一个名字", expected_version=1)
    assert "该记录已被他人修改" in caught.value.message
    assert (caught.value.expected, caught.value.current) == (1, 2)
    assert caught.value.message_en
    session.rollback()
    assert get_org(session, tree.yangan.id).name == "杨安镇中心司法所"


def test_rename_to_the_same_name_changes_nothing(session: Session, tree: Tree) -> None:
    assert rename_org(session, tree.yangan.id, "杨安镇司法所").version == 1


def test_rename_to_a_sibling_name_is_refused(session: Session, tree: Tree) -> None:
    with pytest.raises(NameTaken):
        rename_org(session, tree.yangan.id, "市中街道司法所")


def test_stale_versions_are_refused_by_every_change(session: Session, tree: Tree) -> None:
    rename_org(session, tree.shizhong.id, "市中街道中心司法所")
    for change in (
        lambda: deactivate_org(session, tree.shizhong.id, expected_version=1),
        lambda: move_subtree(session, tree.shizhong.id, tree.yucheng.id, expected_version=1),
    ):
        with pytest.raises(StaleRecord):
            change()


# -- deactivating and reactivating ---------------------------------------------------------


def test_deactivating_a_node_with_active_children_is_refused(session: Session, tree: Tree) -> None:
    with pytest.raises(HasActiveChildren) as caught:
        deactivate_org(session, tree.yangan.id)
    assert "“杨安镇司法所”下还有 3 个在用的下级机构" in caught.value.message
    assert get_org(session, tree.yangan.id).active


def test_deactivating_a_leaf_bumps_its_version(session: Session, tree: Tree) -> None:
    org = deactivate_org(session, tree.shizhong.id, expected_version=1)
    assert not org.active and org.version == 2
    assert deactivate_org(session, tree.shizhong.id).version == 2  # already off: no change


def test_cascade_deactivates_the_whole_branch(session: Session, tree: Tree) -> None:
    deactivate_org(session, tree.village2.id)
    deactivate_org(session, tree.yangan.id, cascade=True)
    session.commit()
    session.expire_all()
    branch = {
        o.id: o
        for o in session.exec(
            select(OrgUnit).where(OrgUnit.id.in_(subtree_ids_select(tree.yangan)))
        )
    }  # type: ignore[union-attr]
    assert len(branch) == 4 and not any(o.active for o in branch.values())
    assert branch[tree.yangan.id].version == 2
    assert branch[tree.village2.id].version == 2  # was off already: untouched by the cascade
    assert get_org(session, tree.shizhong.id).active


def test_reactivation_needs_an_active_parent_and_a_free_name(session: Session, tree: Tree) -> None:
    deactivate_org(session, tree.yangan.id, cascade=True)
    with pytest.raises(InactiveOrg, match="上级机构“杨安镇司法所”已停用"):
        reactivate_org(session, tree.village1.id)
    create_org(session, name="杨安镇司法所", type="station", parent_id=tree.laoling.id)
    with pytest.raises(NameTaken):
        reactivate_org(session, tree.yangan.id)
    rename_org(session, tree.yangan.id, "杨安镇司法所（旧）")
    org = reactivate_org(session, tree.yangan.id)
    assert org.active and org.version == 4
    assert not get_org(session, tree.village1.id).active  # one node at a time


# -- moving a branch ---------------------------------------------------------------------


def test_moving_a_station_moves_its_villages_to_the_new_bureau(
    session: Session, tree: Tree, platform
) -> None:
    branch = {tree.yangan.id, tree.village1.id, tree.village2.id, tree.committee.id}
    assert branch <= ids_under(session, tree.laoling)
    assert not branch & ids_under(session, tree.yucheng)

    with StatementLog(platform.engine) as log:
        move_subtree(session, tree.yangan.id, tree.yucheng.id, expected_version=1)
        session.commit()
    assert log.count("UPDATE") == 1  # the whole branch in one statement

    assert branch <= ids_under(session, tree.yucheng)
    assert not branch & ids_under(session, tree.laoling)
    yangan = get_org(session, tree.yangan.id)
    assert yangan.parent_id == tree.yucheng.id
    assert yangan.path == f"{tree.yucheng.path}{yangan.id}/"
    committee = get_org(session, tree.committee.id)
    assert committee.path == f"{yangan.path}{tree.village1.id}/{committee.id}/"
    assert committee.parent_id == tree.village1.id and committee.depth == 4
    assert {get_org(session, i).version for i in branch} == {2}
    assert get_org(session, tree.shizhong.id).version == 1


def test_a_move_and_a_cascade_are_audited_as_events(session: Session, tree: Tree) -> None:
    """Both are single bulk statements, which the row-level recorder does not see."""
    move_subtree(session, tree.yangan.id, tree.yucheng.id)
    deactivate_org(session, tree.yangan.id, cascade=True)
    session.commit()
    events = {
        e.action: e
        for e in session.exec(select(AuditRecord).where(AuditRecord.entity == "org_unit"))
        if e.action in {"org_move", "org_deactivate_branch"}
    }
    move = events["org_move"]
    assert (move.entity_id, move.org_id) == (str(tree.yangan.id), tree.yangan.id)
    assert move.details["from_parent_id"] == tree.laoling.id
    assert move.details["to_parent_id"] == tree.yucheng.id
    assert move.details["nodes"] == 4
    assert events["org_deactivate_branch"].details["deactivated"] == 4


def test_moving_a_bureau_changes_the_depth_of_its_branch(session: Session, tree: Tree) -> None:
    move_subtree(session, tree.laoling.id, None)
    session.commit()
    laoling, village = get_org(session, tree.laoling.id), get_org(session, tree.village1.id)
    assert (laoling.path, laoling.depth, laoling.parent_id) == (f"/{laoling.id}/", 0, None)
    assert village.path == f"/{laoling.id}/{tree.yangan.id}/{village.id}/" and village.depth == 2
    move_subtree(session, tree.laoling.id, tree.city.id)
    assert get_org(session, tree.village1.id).depth == 3


def test_moving_under_the_current_parent_changes_nothing(session: Session, tree: Tree) -> None:
    before = snapshot(session)
    move_subtree(session, tree.yangan.id, tree.laoling.id)
    assert snapshot(session) == before


@pytest.mark.parametrize(
    ("node", "target", "error", "message"),
    [
        ("yangan", "yangan", InvalidMove, "不能把“杨安镇司法所”移到它自己之下"),
        (
            "laoling",
            "village1",
            InvalidMove,
            "不能把“乐陵市司法局”移到它自己的下级“杨安镇第1村”之下",
        ),
        ("yangan", "lunzhen", InvalidParent, "司法所不能设在司法所之下"),
        ("yangan", "city", InvalidParent, "司法所不能设在市司法局之下"),
        ("yangan", None, InvalidParent, "司法所必须设在县（区）司法局之下"),
        ("village1", "laoling", InvalidParent, "村（社区）不能设在县（区）司法局之下"),
    ],
)
def test_invalid_moves_are_refused_and_change_nothing(
    session: Session,
    tree: Tree,
    node: str,
    target: str | None,
    error: type[OrgError],
    message: str,
) -> None:
    before = snapshot(session)
    with pytest.raises(error) as caught:
        move_subtree(session, getattr(tree, node).id, getattr(tree, target).id if target else None)
    assert message in caught.value.message
    session.rollback()
    assert snapshot(session) == before


def test_moving_under_a_deactivated_node_is_refused(session: Session, tree: Tree) -> None:
    deactivate_org(session, tree.lunzhen.id)
    with pytest.raises(InactiveOrg):
        move_subtree(session, tree.village1.id, tree.lunzhen.id)


def test_moving_next_to_a_namesake_is_refused(session: Session, tree: Tree) -> None:
    create_org(session, name="杨安镇司法所", type="station", parent_id=tree.yucheng.id)
    with pytest.raises(NameTaken):
        move_subtree(session, tree.yangan.id, tree.yucheng.id)


def test_loaded_objects_see_the_move(session: Session, tree: Tree) -> None:
    village = get_org(session, tree.village1.id)
    move_subtree(session, tree.yangan.id, tree.yucheng.id)
    assert village.path.startswith(get_org(session, tree.yucheng.id).path)


# -- reading -----------------------------------------------------------------------------


def test_ancestors_children_and_codes(session: Session, tree: Tree) -> None:
    assert [o.id for o in ancestors(session, tree.committee)] == [
        tree.city.id,
        tree.laoling.id,
        tree.yangan.id,
        tree.village1.id,
    ]
    assert ancestors(session, tree.city) == []
    assert [o.name for o in children(session, tree.laoling.id)] == [
        "市中街道司法所",
        "杨安镇司法所",
    ]
    deactivate_org(session, tree.shizhong.id)
    assert [o.name for o in children(session, tree.laoling.id, include_inactive=False)] == [
        "杨安镇司法所"
    ]
    assert find_by_code(session, "371481100").id == tree.yangan.id
    assert find_by_code(session, "000000") is None
    assert subtree_size(session, tree.yangan) == 4


def test_get_tree_loads_a_branch_to_a_depth(session: Session, tree: Tree) -> None:
    [root] = get_tree(session, tree.laoling.id, max_depth=1)
    assert root.org.id == tree.laoling.id
    assert [c.org.name for c in root.children] == ["市中街道司法所", "杨安镇司法所"]
    assert all(not c.children for c in root.children)
    [whole] = get_tree(session)
    assert [(level, org.name) for level, org in whole.walk()][:4] == [
        (0, "德州市司法局"),
        (1, "乐陵市司法局"),
        (2, "市中街道司法所"),
        (2, "杨安镇司法所"),
    ]
    assert len(list(whole.walk())) == 9
    deactivate_org(session, tree.yangan.id, cascade=True)
    [active] = get_tree(session, tree.laoling.id, include_inactive=False)
    assert [c.org.name for c in active.children] == ["市中街道司法所"]


def test_subtree_ids_select_rejects_a_malformed_path() -> None:
    with pytest.raises(ValueError):
        subtree_ids_select("/1/%")


def test_subtree_predicate_uses_the_path_index(session: Session, tree: Tree) -> None:
    statement = subtree_ids_select(tree.laoling)
    connection = session.connection()
    compiled = statement.compile(dialect=connection.dialect, compile_kwargs={"literal_binds": True})
    sql = str(compiled)
    if connection.dialect.name == "sqlite":
        plan = connection.execute(text(f"EXPLAIN QUERY PLAN {sql}")).all()
    else:
        connection.execute(text("SET LOCAL enable_seqscan = off"))
        plan = connection.execute(text(f"EXPLAIN {sql.replace('%%', '%')}")).all()
    assert "ix_org_unit_path_prefix" in " ".join(str(row) for row in plan)
