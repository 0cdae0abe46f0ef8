"""A small world for the clinic tests: 乐陵市司法局 with two stations, a village clinic, a
mediation committee, a legal-aid centre, two providers and two citizens.

``legal_aid`` here is a stub plugin registered only in the tests: it declares the referral
target ``legal_aid.application`` (the real legal-aid module is built on another branch) and
reports a duty-lawyer shift through ``sifa_busy_periods``, so both cross-module paths are
exercised without importing another plugin's code.
"""

from __future__ import annotations

import types
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any

import clinic.plugin
import mediation.plugin
from clinic.models import ClinicProvider
from clinic.services.roster import create_clinic, create_provider
from sqlmodel import select

from core.api import (
    BusyPeriod,
    OrgType,
    PluginMeta,
    Referral,
    ReferralReceipt,
    ReferralTarget,
    create_org,
    hookimpl,
    register_person,
    session_scope,
)
from core.people.identity_numbers import make_resident_id
from web.testing import OrgTree, boot_platform, make_account, make_org_tree

BEIJING = timezone(timedelta(hours=8))
DUTY_NUMBER = "13714201810000002"
DUTY_DAY = date(2026, 12, 10)
RECEIVED: list[Referral] = []


def _receive(session: Any, referral: Referral) -> ReferralReceipt:
    RECEIVED.append(referral)
    number = len(RECEIVED)
    return ReferralReceipt(
        "legal_aid.application", number, f"/m/legal_aid/applications/{number}", f"援申-{number}"
    )


def _stub() -> types.ModuleType:
    module = types.ModuleType("legal_aid_stub")
    module.plugin_meta = PluginMeta(  # type: ignore[attr-defined]
        name="legal_aid",
        label_zh="法律援助（测试替身）",
        label_en="Legal aid (stub)",
        version="0",
        core_api=">=1.2,<2",
    )

    @hookimpl
    def sifa_referral_targets() -> list[Any]:
        return [
            ReferralTarget(
                "legal_aid.application", "法律援助申请", "Legal-aid application", receive=_receive
            )
        ]

    @hookimpl
    def sifa_busy_periods(start: Any, end: Any) -> list[Any]:
        shift = datetime.combine(DUTY_DAY, time(8, 30), BEIJING)
        return [
            BusyPeriod(DUTY_NUMBER, shift, shift + timedelta(hours=9), "法院值班律师", "legal_aid")
        ]

    module.sifa_referral_targets = sifa_referral_targets  # type: ignore[attr-defined]
    module.sifa_busy_periods = sifa_busy_periods  # type: ignore[attr-defined]
    return module


@dataclass
class World:
    platform: Any
    tree: OrgTree
    clinic_id: int
    other_clinic_id: int
    wang: int
    li: int
    duty: int
    committee: int
    aid_centre: int
    applicant: int
    respondent: int
    wang_account: int


def build_world(tmp: Path, database_url: str | None, *, with_legal_aid: bool = True) -> World:
    from mediation.models import MediationCommittee

    plugins: dict[str, Any] = {"mediation": mediation.plugin, "clinic": clinic.plugin}
    if with_legal_aid:
        plugins["legal_aid"] = _stub()
    platform = boot_platform(tmp, plugins, database_url=database_url)
    with session_scope(platform.engine) as session:
        tree = make_org_tree(session, activate=platform.host)
        village_a2 = create_org(
            session, name="新华村", type=OrgType.COMMUNITY, parent_id=tree.station_a
        )
        committee = create_org(
            session,
            name="前进社区人民调解委员会",
            type=OrgType.MEDIATION_COMMITTEE,
            parent_id=tree.village_a,
            committee_kind="village",
        )
        session.add(MediationCommittee(org_id=committee.id, short_name="前进"))  # type: ignore[arg-type]
        centre = create_org(
            session, name="乐陵市法律援助中心", type=OrgType.LEGAL_AID_CENTRE, parent_id=tree.bureau
        )
        account = make_account(
            session, "wang", roles={"lawyer": tree.station_a}, host=platform.host
        )
        make_account(session, "suo_a", roles={"station_staff": tree.station_a}, host=platform.host)
        make_account(session, "suo_b", roles={"station_staff": tree.station_b}, host=platform.host)
        wang = create_provider(
            session,
            tree.station_a,
            {"name": "王律师", "practice_number": "13714201810000001", "firm": "乐陵法律服务所"},
            account_id=account.id,
        )
        li = create_provider(
            session, tree.station_a, {"name": "李律师", "practice_number": "13714201810000003"}
        )
        duty = create_provider(
            session, tree.station_b, {"name": "赵律师", "practice_number": DUTY_NUMBER}
        )
        room = create_clinic(
            session, tree.village_a, "前进社区法律服务诊室", usual_provider_id=wang.id
        )
        other = create_clinic(session, village_a2.id, "新华村法律服务诊室")  # type: ignore[arg-type]
        people = []
        for index, name in enumerate(("张三", "李四")):
            number = make_resident_id("371481", date(1970 + index, 3, 4), 11 + index, False)
            person = register_person(
                session, {"name": name, "id_number": number}, org_id=tree.village_a
            )
            people.append(person.id)
        ids = World(
            platform,
            tree,
            room.id,
            other.id,
            wang.id,
            li.id,
            duty.id,
            committee.id,
            centre.id,  # type: ignore[arg-type]
            people[0],
            people[1],
            account.id,  # type: ignore[arg-type]
        )
    return ids


def provider(session: Any, provider_id: int) -> ClinicProvider:
    return session.exec(select(ClinicProvider).where(ClinicProvider.id == provider_id)).one()
