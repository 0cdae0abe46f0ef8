"""``sifa orgs import``: bureaus and stations from the official division codes.

One county-level area (县级) becomes one bureau (司法局), one township-level unit (乡级) one
station (司法所), named as :mod:`core.orgs.naming` says and keeping the official code.
``--with-city`` adds the city bureau (市司法局) as the root above the bureaus.

The official data stops at the township: it has no villages. ``villages=N`` therefore
*generates* N villages (村) — or communities (社区) under a street (街道) — per station,
flagged ``generated=True`` and named by number (杨安镇第1村 …), so a bureau can try the
platform before it enters its real villages.

Idempotent. Bureaus and stations are recognised by their division code, generated
villages by their station and number (carried in the name). A run never updates or moves
an existing node: what already exists is counted as unchanged, wherever it now hangs, and
nothing is added under a deactivated node (counted as skipped).

Fast. Each level is written with batched INSERTs (multi-row VALUES pages, or one driver
executemany for the villages), then one UPDATE per level sets the materialised paths from
the parents' (``path = parent.path || id || '/'``): a province (151 bureaus, 1,853
stations) is a handful of round trips, not one per row. These bulk statements bypass the
row-level audit recorder, so a run that created anything is recorded as one ``org_import``
event.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, NamedTuple

from sqlalchemy import String, cast, func, insert, update
from sqlalchemy.orm import aliased
from sqlmodel import Session, select

from core.audit import record_event
from core.orgs.divisions import Area, DivisionSource, Street, default_source
from core.orgs.errors import InvalidImportOptions, NameTaken
from core.orgs.models import OrgType, OrgUnit
from core.orgs.naming import CityBureau, Namer, station_name, village_name

__all__ = ["MAX_VILLAGES", "ImportReport", "LevelCount", "import_divisions"]

#: Upper bound of generated villages per station (official village codes have 3 digits).
MAX_VILLAGES = 999

_CHUNK = 500  # ids or codes per IN (…) list


@dataclass
class LevelCount:
    """What one level of the import did."""

    created: int = 0
    unchanged: int = 0
    skipped: int = 0


@dataclass
class ImportReport:
    """Counts per level, and where the data came from."""

    origin: str
    provinces: LevelCount = field(default_factory=LevelCount)
    city_bureaus: LevelCount = field(default_factory=LevelCount)
    bureaus: LevelCount = field(default_factory=LevelCount)
    stations: LevelCount = field(default_factory=LevelCount)
    villages: LevelCount = field(default_factory=LevelCount)

    @property
    def created(self) -> int:
        return sum(c.created for c in self._levels().values())

    def _levels(self) -> dict[str, LevelCount]:
        return {
            "省司法厅 province department": self.provinces,
            "市司法局 city bureaus": self.city_bureaus,
            "县（区）司法局 bureaus": self.bureaus,
            "司法所 stations": self.stations,
            "村（社区，生成）generated villages": self.villages,
        }

    def as_details(self, **options: Any) -> dict[str, Any]:
        """The options and counts, for the audit trail."""
        counts = {
            name: {"created": c.created, "unchanged": c.unchanged, "skipped": c.skipped}
            for name, c in (
                ("provinces", self.provinces),
                ("city_bureaus", self.city_bureaus),
                ("bureaus", self.bureaus),
                ("stations", self.stations),
                ("villages", self.villages),
            )
        }
        return {"source": self.origin, "options": options, "counts": counts}

    def lines(self) -> list[str]:
        """A short summary for the command line, one line per level that had anything."""
        out = [f"数据来源 source: {self.origin}"]
        for label, count in self._levels().items():
            if count.created or count.unchanged or count.skipped:
                line = f"{label}: 新建 created {count.created}, 未变 unchanged {count.unchanged}"
                if count.skipped:
                    line += f", 跳过 skipped {count.skipped}（上级已停用 parent deactivated）"
                out.append(line)
        return out


class _Node(NamedTuple):
    """What the import needs to know of a node: enough to hang children under it."""

    id: int
    depth: int
    active: bool


def _chunks(values: Sequence[Any]) -> Iterable[Sequence[Any]]:
    for start in range(0, len(values), _CHUNK):
        yield values[start : start + _CHUNK]


def _existing_by_code(session: Session, codes: Sequence[str]) -> dict[str, _Node]:
    found: dict[str, _Node] = {}
    for chunk in _chunks(codes):
        statement = select(OrgUnit.division_code, OrgUnit.id, OrgUnit.depth, OrgUnit.active).where(
            OrgUnit.division_code.in_(chunk)  # type: ignore[union-attr]
        )
        for code, id_, depth, active in session.exec(statement):
            found[code] = _Node(id_, depth, active)
    return found


def _child_names(
    session: Session, parent_ids: Sequence[int | None], *, active_only: bool
) -> dict[int | None, set[str]]:
    """Names of the existing children of each parent (``None``: of the roots)."""
    names: dict[int | None, set[str]] = {pid: set() for pid in parent_ids}
    base = select(OrgUnit.parent_id, OrgUnit.name)
    if active_only:
        base = base.where(OrgUnit.active.is_(True))  # type: ignore[attr-defined]
    if None in names:
        for _, name in session.exec(base.where(OrgUnit.parent_id.is_(None))):  # type: ignore[union-attr]
            names[None].add(name)
    ids = [pid for pid in names if pid is not None]
    for chunk in _chunks(ids):
        for parent_id, name in session.exec(base.where(OrgUnit.parent_id.in_(chunk))):  # type: ignore[union-attr]
            names[parent_id].add(name)
    return names


class _Writer:
    """Writes one level at a time: batched inserts, then one UPDATE for the new paths."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.now = datetime.now(UTC)

    def row(
        self,
        *,
        name: str,
        type_: OrgType,
        parent: _Node | None,
        code: str | None = None,
        generated: bool = False,
    ) -> dict[str, Any]:
        return {
            "name": name,
            "type": type_,
            "committee_kind": None,
            "division_code": code,
            "parent_id": parent.id if parent else None,
            "path": "",
            "depth": parent.depth + 1 if parent else 0,
            "active": True,
            "generated": generated,
            "version": 1,
            "created_at": self.now,
            "updated_at": self.now,
        }

    def insert(self, rows: list[dict[str, Any]]) -> dict[str, _Node]:
        """Insert coded rows; their nodes by division code."""
        if not rows:
            return {}
        statement = insert(OrgUnit).returning(OrgUnit.id, OrgUnit.division_code)
        result = self.session.exec(statement, params=rows)  # type: ignore[call-overload]
        depth = {row["division_code"]: row["depth"] for row in rows}
        nodes = {code: _Node(id_, depth[code], True) for id_, code in result}
        self._set_paths()
        return nodes

    def insert_leaves(self, rows: list[dict[str, Any]]) -> None:
        """Insert rows nothing will be hung under in this run (generated villages)."""
        if rows:
            self.session.exec(insert(OrgUnit), params=rows)  # type: ignore[call-overload]
            self._set_paths()

    def _set_paths(self) -> None:
        parent = aliased(OrgUnit)
        parent_path = select(parent.path).where(parent.id == OrgUnit.parent_id).scalar_subquery()
        self.session.exec(
            update(OrgUnit)
            .where(OrgUnit.path == "")
            .values(path=func.coalesce(parent_path, "/") + cast(OrgUnit.id, String) + "/")
            .execution_options(synchronize_session=False)
        )


def _check_names(new: list[dict[str, Any]], taken: dict[int | None, set[str]]) -> None:
    """New names must be free among active siblings, existing and new alike."""
    for row in new:
        siblings = taken.setdefault(row["parent_id"], set())
        if row["name"] in siblings:
            raise NameTaken(row["name"])
        siblings.add(row["name"])


def _areas(source: DivisionSource, areas: Sequence[str], province: str | None) -> list[Area]:
    if bool(areas) == bool(province):
        raise InvalidImportOptions(
            "请指定 --area（可多个）或 --province 其中之一",
            "Give either --area (one or more) or --province, not both",
        )
    if province:
        return list(source.areas_in_province(province))
    return [source.area(code) for code in dict.fromkeys(c.strip() for c in areas)]


def import_divisions(
    session: Session,
    *,
    areas: Sequence[str] = (),
    province: str | None = None,
    source: DivisionSource | None = None,
    villages: int = 0,
    with_city: bool = False,
) -> ImportReport:
    """Import the bureaus and stations of some areas or of a whole province.

    Flushes, never commits. Raises :class:`~core.orgs.divisions.UnknownDivision` for an
    unknown code, :class:`InvalidImportOptions` for contradictory options, and
    :class:`NameTaken` when a new node's name is already used by an active sibling
    (for example a bureau entered by hand without its code); earlier levels may already be
    flushed then, so the caller rolls back and nothing is imported.
    """
    source = source or default_source()
    if not 0 <= villages <= MAX_VILLAGES:
        raise InvalidImportOptions(
            f"每个司法所生成的村（社区）数应在 0 到 {MAX_VILLAGES} 之间",
            f"Generated villages per station must be between 0 and {MAX_VILLAGES}",
        )
    area_list = _areas(source, areas, province)
    report = ImportReport(origin=source.origin)
    writer = _Writer(session)
    namer = Namer(source)

    top = _province_level(session, writer, namer, province, report) if province else None
    cities = _city_level(session, writer, namer, area_list, report, top) if with_city else {}
    bureaus = _bureau_level(session, writer, namer, area_list, cities, report, top)
    streets = [s for area in area_list for s in source.streets_in_area(area.code)]
    stations = _station_level(session, writer, streets, bureaus, report)
    if villages:
        _village_level(session, writer, streets, stations, villages, report)
    if report.created:  # bulk inserts bypass the row-level audit recorder
        record_event(
            session,
            "org_import",
            entity="org_unit",
            details=report.as_details(
                areas=list(areas), province=province, villages=villages, with_city=with_city
            ),
        )
    session.flush()
    return report


def _province_level(
    session: Session, writer: _Writer, namer: Namer, province: str, report: ImportReport
) -> _Node | None:
    """The province department (省司法厅) the city bureaus hang under (``None`` for a
    municipality). A deactivated one is returned as it is: nothing new hangs under it."""
    wanted = namer.province_department(province.strip())
    if wanted is None:
        return None
    code, name = wanted
    nodes = _existing_by_code(session, [code])
    if code in nodes:
        report.provinces.unchanged = 1
    else:
        new = [writer.row(name=name, type_=OrgType.PROVINCE, parent=None, code=code)]
        _check_names(new, _child_names(session, [None], active_only=True))
        nodes.update(writer.insert(new))
        report.provinces.created = 1
    return nodes[code]


def _city_level(
    session: Session,
    writer: _Writer,
    namer: Namer,
    areas: list[Area],
    report: ImportReport,
    top: _Node | None = None,
) -> dict[str, _Node | None]:
    """City bureaus by area code (``None`` for areas without one), under *top* if given."""
    wanted: dict[str, CityBureau] = {}
    by_area: dict[str, str | None] = {}
    for area in areas:
        city = namer.city_bureau(area)
        by_area[area.code] = city.code if city else None
        if city:
            wanted[city.code] = city
    nodes: dict[str, _Node | None] = dict(_existing_by_code(session, list(wanted)))
    report.city_bureaus.unchanged = len(nodes)
    if top is not None and not top.active:  # under a deactivated province: nothing new
        report.city_bureaus.skipped = len([c for c in wanted if c not in nodes])
        nodes.update({c: None for c in wanted if c not in nodes})
        wanted = {}
    new = [
        writer.row(name=city.name, type_=OrgType.CITY_BUREAU, parent=top, code=code)
        for code, city in wanted.items()
        if code not in nodes
    ]
    _check_names(new, _child_names(session, [top.id if top else None], active_only=True))
    nodes.update(writer.insert(new))
    report.city_bureaus.created = len(new)
    return {area: nodes[code] if code else None for area, code in by_area.items()}


def _bureau_level(
    session: Session,
    writer: _Writer,
    namer: Namer,
    areas: list[Area],
    cities: dict[str, _Node | None],
    report: ImportReport,
    top: _Node | None = None,
) -> dict[str, _Node | None]:
    """Bureaus by area code (``None`` when skipped under a deactivated city bureau)."""
    nodes: dict[str, _Node | None] = dict(_existing_by_code(session, [a.code for a in areas]))
    report.bureaus.unchanged = len(nodes)
    new = []
    for area in areas:
        if area.code in nodes:
            continue
        parent = cities.get(area.code) or top  # no city bureau: under the province itself
        if parent is not None and not parent.active:
            nodes[area.code] = None
            report.bureaus.skipped += 1
            continue
        new.append(
            writer.row(
                name=namer.bureau_name(area), type_=OrgType.BUREAU, parent=parent, code=area.code
            )
        )
    parents = list({row["parent_id"] for row in new})
    _check_names(new, _child_names(session, parents, active_only=True))
    nodes.update(writer.insert(new))
    report.bureaus.created = len(new)
    return nodes


def _station_level(
    session: Session,
    writer: _Writer,
    streets: list[Street],
    bureaus: dict[str, _Node | None],
    report: ImportReport,
) -> dict[str, _Node | None]:
    """Stations by street code (``None`` when skipped under a deactivated bureau)."""
    nodes: dict[str, _Node | None] = dict(_existing_by_code(session, [s.code for s in streets]))
    report.stations.unchanged = len(nodes)
    new = []
    for street in streets:
        if street.code in nodes:
            continue
        parent = bureaus.get(street.area_code)
        if parent is None or not parent.active:
            nodes[street.code] = None
            report.stations.skipped += 1
            continue
        new.append(
            writer.row(
                name=station_name(street), type_=OrgType.STATION, parent=parent, code=street.code
            )
        )
    existing_parents = list({row["parent_id"] for row in new})
    _check_names(new, _child_names(session, existing_parents, active_only=True))
    nodes.update(writer.insert(new))
    report.stations.created = len(new)
    return nodes


def _village_level(
    session: Session,
    writer: _Writer,
    streets: list[Street],
    stations: dict[str, _Node | None],
    villages: int,
    report: ImportReport,
) -> None:
    """Generated villages 1..N of every active station that does not have them yet."""
    live = [(s, stations[s.code]) for s in streets]
    present = _child_names(
        session,
        [node.id for _, node in live if node is not None and node.active],
        active_only=False,
    )
    new = []
    for street, station in live:
        if station is None or not station.active:
            report.villages.skipped += villages
            continue
        names = present[station.id]
        for number in range(1, villages + 1):
            name = village_name(street, number)
            if name in names:
                report.villages.unchanged += 1
                continue
            new.append(
                writer.row(name=name, type_=OrgType.COMMUNITY, parent=station, generated=True)
            )
    writer.insert_leaves(new)
    report.villages.created = len(new)
