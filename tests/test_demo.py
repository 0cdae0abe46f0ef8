"""``sifa demo``: a working demo bureau from one command, and only into an empty database."""

from __future__ import annotations

from sifa_testplugin.models import TestpluginItem
from sqlmodel import Session, func, select

from core.demo import DEMO_PASSWORD
from core.identity.models import StaffAccount
from core.orgs.models import OrgType, OrgUnit
from core.people.models import Person
from tests.support.cli import invoke_sifa, run_sifa, sifa_env


def test_demo_fills_an_empty_database_once(database_url, tmp_path, plugin_site) -> None:
    env = sifa_env(database_url, tmp_path / "data", plugin_site)
    first = run_sifa("demo", "--if-empty", "--people", "40", env=env)
    assert first.returncode == 0, first.stderr
    assert DEMO_PASSWORD in first.stdout and "juzhang" in first.stdout
    assert "demo data failed" not in first.stderr, first.stderr  # every module filled its part

    from sqlalchemy import create_engine

    engine = create_engine(database_url)
    with Session(engine) as s:
        bureau = s.exec(select(OrgUnit).where(OrgUnit.division_code == "371481")).one()
        assert bureau.name == "乐陵市司法局"
        stations = s.exec(
            select(func.count()).select_from(OrgUnit).where(OrgUnit.type == OrgType.STATION)
        ).one()
        assert stations == 16
        # 40 citizens from --people; the installed modules' demo data registers its own
        # parties, applicants and subjects on top of them.
        assert s.exec(select(func.count()).select_from(Person)).one() >= 40
        assert s.exec(select(func.count()).select_from(StaffAccount)).one() == 9
        # sifa_demo_data reached the plugin, after the module was switched on.
        assert s.exec(select(func.count()).select_from(TestpluginItem)).one() == 2
    engine.dispose()

    # The refusals in this process (the console script itself is run above).
    again = invoke_sifa("demo", "--if-empty", env=env)
    assert again.returncode == 0 and "跳过" in again.stdout
    refused = invoke_sifa("demo", env=env)
    assert refused.returncode != 0 and "空库" in refused.stderr


def test_demo_accounts_sign_in_and_find_their_own_work(platform) -> None:
    """The demo's accounts sign in and see their modules; issue 21, defect 15: ``tiaojie`` is
    on the mediator roster, and the demo station of ``suozhang``/``suoganbu`` has corrections
    subjects (not only the other stations). One fill of the demo serves both checks."""
    import pytest
    from litestar.testing import TestClient

    from core.db import session_scope
    from core.demo import fill_demo
    from web.app import create_app

    with session_scope(platform.engine) as session:
        fill_demo(session, platform.host, people=30)
    with TestClient(app=create_app(platform=platform)) as client:
        login_page = client.get("/login")
        token = login_page.text.split('name="_csrf_token" value="', 1)[1].split('"', 1)[0]
        response = client.post(
            "/login",
            data={"username": "suozhang", "password": DEMO_PASSWORD, "_csrf_token": token},
            follow_redirects=True,
        )
        assert response.status_code == 200
        assert "张所长" in response.text
        assert "测试插件" in response.text  # the module is on for the demo bureau

    loaded = {r.name for r in platform.host.loaded()}
    if not {"mediation", "corrections"} <= loaded:
        pytest.skip("the mediation and corrections modules are not installed")
    from corrections.models import CorrectionsSubject
    from mediation.models import MediationMediator

    with Session(platform.engine) as s:
        accounts = {a.username: a for a in s.exec(select(StaffAccount)).all()}
        linked = s.exec(
            select(MediationMediator).where(MediationMediator.account_id == accounts["tiaojie"].id)
        ).all()
        assert len(linked) == 1
        station = accounts["suozhang"].org_id
        assert accounts["suoganbu"].org_id == station
        subjects = s.exec(
            select(func.count())
            .select_from(CorrectionsSubject)
            .where(CorrectionsSubject.org_id == station)
        ).one()
        assert subjects > 0
