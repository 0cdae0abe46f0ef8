"""Importing bureaus and stations from the official division codes."""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

import pytest
from sqlmodel import Session, func, select

from core.audit.models import AuditRecord
from core.orgs.divisions import DivisionSource, UnknownDivision, default_source
from core.orgs.errors import InvalidImportOptions, NameTaken
from core.orgs.importer import import_divisions
from core.orgs.models import OrgType, OrgUnit
from core.orgs.naming import CityBureau, Namer
from core.orgs.service import (
    create_org,
    deactivate_org,
    find_by_code,
    get_org,
    move_subtree,
    subtree_ids_select,
)
from tests.orgs.support import StatementLog, snapshot

DATA = Path(__file__).resolve().parents[2] / "core" / "orgs" / "data"


def org_named(session: Session, name: str) -> OrgUnit:
    return session.exec(select(OrgUnit).where(OrgUnit.name == name)).one()


def count(session: Session, *where: object) -> int:
    return session.exec(select(func.count()).select_from(OrgUnit).where(*where)).one()


def under(session: Session, org: OrgUnit) -> set[int]:
    session.refresh(org)
    return set(session.exec(subtree_ids_select(org)).all())


def test_area_371481_gives_laoling_and_its_16_stations(session: Session) -> None:
    report = import_divisions(session, areas=["371481"])
    session.commit()
    bureau = find_by_code(session, "371481")
    assert bureau is not None
    assert (bureau.name, bureau.type, bureau.parent_id) == ("乐陵市司法局", OrgType.BUREAU, None)
    assert bureau.path == f"/{bureau.id}/" and bureau.depth == 0
    stations = session.exec(select(OrgUnit).where(OrgUnit.parent_id == bureau.id)).all()
    official = {s.code: s.name for s in default_source().streets_in_area("371481")}
    assert len(stations) == 16
    assert {s.division_code: s.name for s in stations} == {
        code: f"{name}司法所" for code, name in official.items()
    }
    yangan = org_named(session, "杨安镇司法所")
    assert yangan.division_code == "371481100"
    assert (yangan.type, yangan.depth, yangan.path) == (
        OrgType.STATION,
        1,
        f"{bureau.path}{yangan.id}/",
    )
    assert not any(s.generated for s in stations)
    assert (report.bureaus.created, report.stations.created) == (1, 16)
    assert count(session) == 17


def test_running_twice_changes_nothing(session: Session, platform) -> None:
    import_divisions(session, areas=["371481"], villages=3)
    session.commit()
    before = snapshot(session)
    with StatementLog(platform.engine) as log:
        report = import_divisions(session, areas=["371481"], villages=3)
        session.commit()
    assert snapshot(session) == before
    assert log.count("INSERT") == 0 and log.count("UPDATE") == 0  # not even an audit record
    assert report.created == 0
    assert (report.bureaus.unchanged, report.stations.unchanged, report.villages.unchanged) == (
        1,
        16,
        48,
    )


def test_an_import_is_audited_as_one_event(session: Session) -> None:
    import_divisions(session, areas=["371481"], villages=1)
    session.commit()
    [event] = session.exec(select(AuditRecord).where(AuditRecord.action == "org_import")).all()
    assert event.details["options"]["areas"] == ["371481"]
    assert event.details["counts"]["stations"]["created"] == 16
    assert event.details["counts"]["villages"]["created"] == 16


def test_generated_villages_are_flagged_and_numbered(session: Session) -> None:
    report = import_divisions(session, areas=["371481"], villages=2)
    session.commit()
    assert report.villages.created == 32
    yangan = org_named(session, "杨安镇司法所")
    villages = session.exec(
        select(OrgUnit).where(OrgUnit.parent_id == yangan.id).order_by(OrgUnit.id)
    ).all()
    assert [v.name for v in villages] == ["杨安镇第1村", "杨安镇第2村"]
    for village in villages:
        assert village.generated and village.type == OrgType.COMMUNITY
        assert village.division_code is None
        assert village.path == f"{yangan.path}{village.id}/" and village.depth == 2
    assert org_named(session, "市中街道第2社区").generated  # a street has communities
    assert count(session, OrgUnit.generated.is_(True)) == 32  # type: ignore[attr-defined]


def test_more_villages_later_adds_only_the_missing_ones(session: Session) -> None:
    import_divisions(session, areas=["371481"], villages=2)
    report = import_divisions(session, areas=["371481"], villages=3)
    assert (report.villages.created, report.villages.unchanged) == (16, 32)
    assert count(session, OrgUnit.name == "杨安镇第3村") == 1


def test_with_city_puts_the_city_bureau_on_top(session: Session) -> None:
    report = import_divisions(session, areas=["371481", "371482"], with_city=True)
    session.commit()
    city = find_by_code(session, "3714")
    assert (city.name, city.type, city.depth, city.parent_id) == (
        "德州市司法局",
        OrgType.CITY_BUREAU,
        0,
        None,
    )
    laoling = find_by_code(session, "371481")
    assert laoling.parent_id == city.id and laoling.path == f"/{city.id}/{laoling.id}/"
    yangan = find_by_code(session, "371481100")
    assert yangan.path == f"{laoling.path}{yangan.id}/" and yangan.depth == 2
    assert (report.city_bureaus.created, report.bureaus.created) == (1, 2)


def test_a_province_is_imported_in_a_few_batched_statements(session: Session, platform) -> None:
    with StatementLog(platform.engine) as log:
        report = import_divisions(session, province="37", villages=2)
        session.commit()
    assert (report.bureaus.created, report.stations.created) == (151, 1853)
    assert report.villages.created == 2 * 1853
    assert count(session, OrgUnit.type == OrgType.BUREAU) == 151
    assert count(session, OrgUnit.type == OrgType.STATION) == 1853
    assert len(log.statements) < 60  # not one round trip per row
    assert count(session, OrgUnit.path == "") == 0
    # 市中区 exists in 济南 and in 枣庄: the bureaus carry their city's name, as real ones do
    assert find_by_code(session, "370103").name == "济南市市中区司法局"
    assert find_by_code(session, "370402").name == "枣庄市市中区司法局"


def test_paths_agree_with_parents_after_a_province_import(session: Session) -> None:
    import_divisions(session, province="37", villages=1, with_city=True)
    session.commit()
    rows = session.exec(select(OrgUnit.id, OrgUnit.parent_id, OrgUnit.path, OrgUnit.depth)).all()
    by_id = {row.id: row for row in rows}
    for row in rows:
        parent_path = by_id[row.parent_id].path if row.parent_id else "/"
        assert row.path == f"{parent_path}{row.id}/"
        assert row.depth == row.path.count("/") - 2


def test_a_province_import_puts_the_province_department_on_top(session: Session) -> None:
    """``sifa orgs import --province 37 --with-city``: 山东省司法厅 > 16 city bureaus >
    151 bureaus; once more, nothing changes."""
    report = import_divisions(session, province="37", with_city=True)
    session.commit()
    top = find_by_code(session, "37")
    assert (top.name, top.type, top.parent_id, top.depth) == (
        "山东省司法厅",
        OrgType.PROVINCE,
        None,
        0,
    )
    cities = session.exec(select(OrgUnit).where(OrgUnit.type == OrgType.CITY_BUREAU)).all()
    assert len(cities) == 16 and {c.parent_id for c in cities} == {top.id}
    assert find_by_code(session, "371481").path.startswith(f"{top.path}")
    assert count(session, OrgUnit.parent_id.is_(None)) == 1  # type: ignore[union-attr]
    assert report.provinces.created == 1
    again = import_divisions(session, province="37", with_city=True)
    assert again.created == 0 and again.provinces.unchanged == 1


def test_a_municipality_has_no_province_department_above_its_bureau(session: Session) -> None:
    import_divisions(session, province="11", with_city=True)
    session.commit()
    assert count(session, OrgUnit.type == OrgType.PROVINCE) == 0
    assert find_by_code(session, "1101").name == "北京市司法局"


def test_an_existing_node_is_never_moved_back_or_changed(session: Session) -> None:
    import_divisions(session, areas=["371481", "371482"], villages=2)
    yangan, yucheng = find_by_code(session, "371481100"), find_by_code(session, "371482")
    move_subtree(session, yangan.id, yucheng.id)
    session.commit()
    before = snapshot(session)
    report = import_divisions(session, areas=["371481", "371482"], villages=2)
    assert snapshot(session) == before
    assert report.created == 0
    assert set(under(session, yucheng)) >= under(session, get_org(session, yangan.id))


def test_nothing_is_added_under_a_deactivated_node(session: Session) -> None:
    import_divisions(session, areas=["371481"])
    deactivate_org(session, find_by_code(session, "371481100").id)
    report = import_divisions(session, areas=["371481"], villages=2)
    assert (report.villages.created, report.villages.skipped) == (30, 2)
    assert "跳过 skipped 2" in "\n".join(report.lines())


def test_a_name_taken_by_hand_stops_the_whole_import(session: Session) -> None:
    create_org(session, name="乐陵市司法局", type="bureau")
    session.commit()
    with pytest.raises(NameTaken, match="乐陵市司法局"):
        import_divisions(session, areas=["371481"])
    session.rollback()
    assert count(session) == 1


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({}, "请指定 --area（可多个）或 --province 其中之一"),
        ({"areas": ["371481"], "province": "37"}, "请指定 --area"),
        ({"areas": ["371481"], "villages": 1000}, "应在 0 到 999 之间"),
        ({"areas": ["371481"], "villages": -1}, "应在 0 到 999 之间"),
    ],
)
def test_contradictory_options_are_refused(session: Session, options: dict, message: str) -> None:
    with pytest.raises(InvalidImportOptions, match=message):
        import_divisions(session, **options)


def test_unknown_codes_are_refused(session: Session) -> None:
    with pytest.raises(UnknownDivision, match="未找到行政区划代码 999999"):
        import_divisions(session, areas=["999999"])
    with pytest.raises(UnknownDivision, match="未找到行政区划代码 99"):
        import_divisions(session, province="99")


def newer_release(tmp_path: Path) -> Path:
    """The packaged CSVs plus one new township in 乐陵市."""
    directory = tmp_path / "release"
    directory.mkdir()
    for stem in ("provinces", "cities", "areas"):
        shutil.copy(DATA / f"{stem}.csv.gz", directory / f"{stem}.csv.gz")
    streets = gzip.decompress((DATA / "streets.csv.gz").read_bytes()).decode("utf-8")
    streets = streets.rstrip("\n") + "\n371481999,新设镇,371481,37,3714\n"
    (directory / "streets.csv").write_text(streets, encoding="utf-8")
    return directory


def test_a_newer_release_adds_only_what_is_new(session: Session, tmp_path: Path) -> None:
    import_divisions(session, areas=["371481"])
    report = import_divisions(
        session, areas=["371481"], source=DivisionSource(newer_release(tmp_path))
    )
    assert (report.stations.created, report.stations.unchanged) == (1, 16)
    assert find_by_code(session, "371481999").name == "新设镇司法所"


def test_municipalities_and_province_run_areas_get_the_right_city_bureau() -> None:
    namer = Namer(default_source())
    source = default_source()
    assert namer.city_bureau(source.area("110101")) == CityBureau("1101", "北京市司法局")
    assert namer.city_bureau(source.area("500229")) == CityBureau("5001", "重庆市司法局")
    assert namer.city_bureau(source.area("419001")) is None  # 济源市, run by 河南省
    assert namer.city_bureau(source.area("371481")) == CityBureau("3714", "德州市司法局")
    assert namer.bureau_name(source.area("371481")) == "乐陵市司法局"
