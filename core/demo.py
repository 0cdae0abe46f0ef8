"""A demo bureau (演示数据): 乐陵市司法局 with its 16 real stations, generated villages, staff of
every role, citizens with valid (fake) identity numbers, every installed module switched on,
and whatever each plugin adds through ``sifa_demo_data``.

For trying the platform and for screenshots — never for production: the accounts share one
published password.
"""

from __future__ import annotations

import logging
import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlmodel import Session, select

from core.audit import audit_context
from core.identity import service as identity
from core.identity.roles import sync_roles
from core.modules.service import set_active
from core.orgs.importer import import_divisions
from core.orgs.models import OrgType, OrgUnit
from core.people.identity_numbers import make_resident_id
from core.people.service import register_person
from core.plugins import PluginHost

log = logging.getLogger(__name__)

DEMO_AREA = "371481"  # 乐陵市, Dezhou, Shandong: the stations of the Fengqiao plan
DEMO_PASSWORD = "Leling-Demo-2026"

SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
GIVEN = (
    "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国玉兰志强海燕春梅红梅建华德明淑珍凤英"
)


@dataclass
class DemoAccount:
    username: str
    display_name: str
    role: str
    org_name: str


@dataclass
class DemoReport:
    bureau_id: int
    created_orgs: int
    people: int
    accounts: list[DemoAccount] = field(default_factory=list)
    plugins: list[str] = field(default_factory=list)
    #: Plugins whose demo data failed, with the reason; their writes were rolled back.
    failed: dict[str, str] = field(default_factory=dict)


def has_data(session: Session) -> bool:
    return session.exec(select(OrgUnit.id).limit(1)).first() is not None


def fill_demo(
    session: Session,
    host: PluginHost,
    *,
    area: str = DEMO_AREA,
    villages: int = 3,
    people: int = 300,
    seed: int = 2026,
) -> DemoReport:
    """Create the demo bureau in one transaction (the caller commits)."""
    rng = random.Random(seed)
    with audit_context(actor_name="demo"):
        imported = import_divisions(session, areas=[area], villages=villages)
        bureau = session.exec(
            select(OrgUnit).where(OrgUnit.division_code == area, OrgUnit.type == OrgType.BUREAU)
        ).one()
        stations = session.exec(
            select(OrgUnit)
            .where(OrgUnit.parent_id == bureau.id, OrgUnit.type == OrgType.STATION)
            .order_by(OrgUnit.division_code)
        ).all()
        communities = session.exec(
            select(OrgUnit).where(
                OrgUnit.type == OrgType.COMMUNITY,
                OrgUnit.path.startswith(bureau.path),  # type: ignore[union-attr]
            )
        ).all()
        sync_roles(session, host)
        report = DemoReport(bureau_id=bureau.id, created_orgs=imported.created, people=0)  # type: ignore[arg-type]
        _accounts(session, report, bureau, stations, communities)
        for record in host.loaded():
            set_active(session, host, bureau.id, record.name, True)  # type: ignore[arg-type]
            report.plugins.append(record.name)
        report.people = _people(session, rng, area, [*stations, *communities], people)
        _plugin_demo_data(session, host, report, bureau.id, seed)  # type: ignore[arg-type]
    return report


def _plugin_demo_data(
    session: Session, host: PluginHost, report: DemoReport, bureau_id: int, seed: int
) -> None:
    """Each plugin's ``sifa_demo_data`` in a savepoint of its own: a plugin that fails
    leaves nothing half-written and is named in the report, while the others' data stands."""
    impls = {impl.plugin_name: impl for impl in host.pm.hook.sifa_demo_data.get_hookimpls()}
    arguments = {"session": session, "bureau_id": bureau_id, "seed": seed}
    for record in host.loaded():
        impl = impls.get(record.name)
        if impl is None:
            continue
        try:
            with session.begin_nested():
                impl.function(*(arguments[name] for name in impl.argnames))
        except Exception as exc:  # one plugin's demo must not spoil the bureau
            log.exception("plugin %s: sifa_demo_data failed; rolled back", record.name)
            report.failed[record.name] = f"{type(exc).__name__}: {exc}"


def _accounts(
    session: Session,
    report: DemoReport,
    bureau: OrgUnit,
    stations: list[OrgUnit],
    communities: list[OrgUnit],
) -> None:
    first_station = stations[0]
    village = next(c for c in communities if c.parent_id == first_station.id)
    plan = [
        ("admin", "系统管理员", "system_admin", None),
        ("juzhang", "李局长", "bureau_leader", bureau),
        ("juganbu", "王干部", "bureau_staff", bureau),
        ("suozhang", "张所长", "station_head", first_station),
        ("suoganbu", "赵干事", "station_staff", first_station),
        ("tiaojie", "刘调解员", "mediator", village),
        ("lvshi", "陈律师", "lawyer", bureau),
        ("shequ", "孙网格员", "community_worker", village),
        ("ducha", "周督察", "inspector", bureau),
    ]
    for username, name, role, org in plan:
        account = identity.create_account(
            session,
            username=username,
            display_name=name,
            password=DEMO_PASSWORD,
            org_id=org.id if org else None,
            must_change_password=False,
        )
        identity.grant_role(session, account.id, role, org.id if org else None)  # type: ignore[arg-type]
        report.accounts.append(DemoAccount(username, name, role, org.name if org else "全部机构"))


def _people(
    session: Session, rng: random.Random, area: str, orgs: list[OrgUnit], count: int
) -> int:
    used: set[str] = set()
    made = 0
    while made < count:
        female = rng.random() < 0.5
        birth = date(1950, 1, 1) + timedelta(days=rng.randrange(0, 365 * 55))
        number = make_resident_id(area, birth, rng.randrange(0, 500), female)
        if number in used:
            continue
        used.add(number)
        name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
        org = rng.choice(orgs)
        register_person(
            session,
            {
                "name": name,
                "id_type": "resident_id",
                "id_number": number,
                "phone": f"1{rng.choice('3578')}{rng.randrange(10**8, 10**9)}",
                "address": f"山东省乐陵市{org.name}{rng.randrange(1, 300)}号",
            },
            org_id=org.id,  # type: ignore[arg-type]
        )
        made += 1
    return made
