"""Issue 22: the test kit's factories, ``run_job`` and hook helpers, and the one way outside a
request to the booted platform, its clock and the audit recorder (``core.api.platform()``,
``core.api.now()``, ``sifa shell``) — with a test's FakeClock honoured by jobs, referral
receivers and requests alike."""

from __future__ import annotations

import types
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from litestar import get
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

import core.api
from core.api import (
    OrgType,
    PeriodicJob,
    PermissionDecl,
    PluginMeta,
    Referral,
    ReferralReceipt,
    ReferralTarget,
    hookimpl,
    now,
    refer,
)
from core.audit.models import AuditRecord
from core.orgs.models import OrgUnit
from web.testing import (
    FakeClock,
    boot_platform,
    hook_result,
    hook_results,
    make_org,
    make_org_tree,
    make_person,
    make_staff,
    resident_id,
    run_job,
    signed_in_client,
    use_clock,
)

BEIJING = timezone(timedelta(hours=8))


def _daily(context: Any) -> dict[str, str]:
    return {
        "now": context.now().isoformat(),
        "api_now": now().isoformat(),
        "slot": str(context.slot),
    }


def _receive(session: Any, referral: Referral) -> ReferralReceipt:
    return ReferralReceipt("kitcheck.matter", 1, "/m/kitcheck/", "收到", now().isoformat())


@get("/now", opt={"permission": "kitcheck.view"}, sync_to_thread=True)
def _clock_page() -> str:
    return now().isoformat()


@hookimpl
def sifa_periodic_jobs() -> list[Any]:
    return [PeriodicJob("kitcheck.daily", "0 9 * * *", _daily)]


@hookimpl
def sifa_referral_targets() -> list[Any]:
    return [ReferralTarget("kitcheck.matter", "事项", "Matter", receive=_receive)]


@hookimpl
def sifa_permissions() -> list[Any]:
    return [PermissionDecl("kitcheck.view", "查看", "View", ("station_staff",))]


@hookimpl
def sifa_routes() -> list[Any]:
    return [_clock_page]


KITCHECK = types.ModuleType("kitcheck")
KITCHECK.plugin_meta = PluginMeta(  # type: ignore[attr-defined]
    name="kitcheck", label_zh="测试工具", label_en="Kit check", version="0.1.0", core_api=">=1.4,<2"
)
for _hook in (sifa_periodic_jobs, sifa_referral_targets, sifa_permissions, sifa_routes):
    setattr(KITCHECK, _hook.__name__, _hook)


@pytest.fixture
def kit_platform(tmp_path: Path):
    platform = boot_platform(tmp_path, {"kitcheck": KITCHECK})
    assert [r.name for r in platform.host.loaded()] == ["kitcheck"], platform.host.failed()
    yield platform
    platform.engine.dispose()


def test_the_fake_clock_reaches_jobs_receivers_and_requests(kit_platform) -> None:
    clock = use_clock(kit_platform, FakeClock(datetime(2027, 1, 4, 1, 30, tzinfo=UTC)))
    assert core.api.platform() is kit_platform and now() == clock.now

    first = run_job(kit_platform, "kitcheck.daily", slot=datetime(2027, 1, 4, 9, tzinfo=BEIJING))
    assert first.result == {
        "now": "2027-01-04T01:30:00+00:00",
        "api_now": "2027-01-04T01:30:00+00:00",
        "slot": "2027-01-04 01:00:00+00:00",  # context.slot is aware and in UTC
    }
    with pytest.raises(IntegrityError):  # the scheduler never runs a slot twice
        run_job(kit_platform, "kitcheck.daily", slot=datetime(2027, 1, 4, 1, tzinfo=UTC))
    clock.advance(days=1)
    second = run_job(kit_platform, "kitcheck.daily", slot=datetime(2027, 1, 5, 1, tzinfo=UTC))
    assert second.result["now"] == "2027-01-05T01:30:00+00:00"

    with kit_platform.session() as session:
        tree = make_org_tree(session, activate=kit_platform.host)
        receipt = refer(
            session,
            kit_platform.host,
            "kitcheck.matter",
            Referral("test", "T-1", tree.station_a, "标题", "说明"),
        )
    assert receipt.label_en == "2027-01-05T01:30:00+00:00"

    with signed_in_client(kit_platform, "zhang", {"station_staff": tree.station_a}) as client:
        # signed in at the platform's fake time; the page reads the client's clock
        use_clock(client, FakeClock(clock.now + timedelta(minutes=5)))
        page = client.get("/m/kitcheck/now")
    assert page.status_code == 200 and page.text == "2027-01-05T01:35:00+00:00"


def test_hook_helpers_answer_per_plugin(kit_platform) -> None:
    jobs = hook_results(kit_platform.host, "sifa_periodic_jobs")
    assert [j.name for j in jobs["kitcheck"]] == ["kitcheck.daily"]
    targets = hook_result(kit_platform.host, "sifa_referral_targets", "kitcheck")
    assert targets[0].code == "kitcheck.matter"
    with pytest.raises(KeyError, match="nobody gave no answer"):
        hook_result(kit_platform.host, "sifa_referral_targets", "nobody")
    with kit_platform.session() as session:
        assert (
            hook_results(kit_platform.host, "sifa_person_timeline", person_id=1, session=session)
            == {}
        )


def test_factories_make_people_organisations_of_every_type_and_staff(kit_platform) -> None:
    from core.identity.models import RoleGrant
    from core.people.identity_numbers import check_character

    number = resident_id(date(1990, 3, 7), female=True)
    assert len(number) == 18 and number[17] == check_character(number[:17])
    assert resident_id() != resident_id()
    with kit_platform.session() as session:
        tree = make_org_tree(session)
        person = make_person(session, tree.station_a, name="王芳")
        assert (person.sex, person.birth_date) == ("female", date(1980, 5, 17))
        nobody = make_person(session, tree.station_a, id_type="none", no_id_reason="未带证件")
        assert nobody.id_number in (None, "")
        root = make_org(session, OrgType.PROVINCE)
        city = make_org(session, OrgType.CITY_BUREAU, root.id)
        made = {OrgType.PROVINCE: root, OrgType.CITY_BUREAU: city}
        for org_type in OrgType:
            if org_type not in made:
                parent = {
                    OrgType.BUREAU: city.id,
                    OrgType.COMMUNITY: tree.station_a,
                }.get(org_type, tree.station_b if org_type != OrgType.STATION else tree.bureau)
                made[org_type] = make_org(session, org_type, parent)
        assert {o.type for o in made.values()} == set(OrgType)
        staff = make_staff(session, tree.station_a, "station_head", "community_worker")
        roles = session.exec(select(RoleGrant).where(RoleGrant.account_id == staff.id)).all()
        assert len(roles) == 2 and {g.org_id for g in roles} == {tree.station_a}


def test_sifa_shell_runs_code_on_the_booted_platform_audited(
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In process through click's runner (the command's own code; a subprocess costs 10 s)."""
    from click.testing import CliRunner

    from core import cli

    code = (
        "assert api.platform() is platform\n"
        "with session() as s:\n"
        "    api.create_org(s, name='壳层司法局', type='bureau')\n"
        "print('at', now().year > 2000, sorted(r.name for r in platform.host.loaded())[:1])"
    )
    monkeypatch.setenv("SIFA_DATABASE_URL", database_url)
    monkeypatch.setenv("SIFA_DATA_DIR", str(tmp_path / "data"))
    cli._platform.cache_clear()
    try:
        done = CliRunner().invoke(cli.cli, ["shell", "-c", code])
        cli._platform().engine.dispose()
    finally:
        cli._platform.cache_clear()
    assert done.exit_code == 0, done.output[-2000:]
    assert "at True" in done.output
    from core.db import make_engine
    from core.db import session_scope as scope

    engine = make_engine(database_url)
    try:
        with scope(engine) as session:
            org = session.exec(select(OrgUnit).where(OrgUnit.name == "壳层司法局")).one()
            actors = session.exec(
                select(AuditRecord.actor_name).where(
                    AuditRecord.entity == "org_unit", AuditRecord.entity_id == str(org.id)
                )
            ).all()
    finally:
        engine.dispose()
    assert actors and all(a.startswith("cli:") for a in actors)
