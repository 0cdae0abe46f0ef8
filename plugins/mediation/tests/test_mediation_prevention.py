"""Prevention outcomes (防范成效): 民转刑 and group petitions prevented, recorded on a case
with an agreement and counted by the bureau's indicators."""

from __future__ import annotations

import re

import pytest
from mediation.errors import IllegalTransition
from mediation.indicators import INDICATORS
from mediation.models import MediationCase
from mediation.services.proceedings import set_prevention
from mediation_support import accepted_case, committee, fresh, mediator
from sqlmodel import Session
from test_mediation_indicators import _agree

from core.db import session_scope
from core.indicators.engine import rollup
from core.indicators.periods import Period
from core.orgs.models import OrgUnit
from tests.conftest import _signed_in_client
from tests.support.auth import post_form

BY_CODE = {i.code: i for i in INDICATORS}
NOV = Period.parse("2026-11")


@pytest.fixture
def cases(platform, org_tree):
    with session_scope(platform.engine) as session:
        a = committee(session, org_tree.village_a, short_name="前进")
        b = committee(session, org_tree.village_b, short_name="后刘")
        ma, mb = mediator(session, a.id).id, mediator(session, b.id).id
        ids = {}
        for name, c, m in (("a1", a.id, ma), ("a2", a.id, ma), ("b1", b.id, mb)):
            row = accepted_case(session, c, m)
            _agree(session, row.id)
            ids[name] = row.id
        ids["mediating"] = accepted_case(session, a.id, ma).id
        return ids


def _set(session, case_id, **flags):
    row = fresh(session, MediationCase, case_id)
    return set_prevention(
        session,
        case_id,
        {k: "1" for k, on in flags.items() if on},
        expected_version=row.version,
    )


def test_the_flags_count_in_the_prevention_indicators_up_the_tree(
    platform, org_tree, cases
) -> None:
    with session_scope(platform.engine) as session:
        _set(session, cases["a1"], prevented_criminal=True, prevented_group_petition=True)
        _set(session, cases["a2"], prevented_criminal=True)
        _set(session, cases["b1"], prevented_group_petition=True)
        _set(session, cases["a2"], prevented_criminal=False)  # corrected: not counted
    with Session(platform.engine) as session:
        bureau = session.get(OrgUnit, org_tree.bureau)
        station_a = session.get(OrgUnit, org_tree.station_a)
        criminal = BY_CODE["mediation.prevented_criminal"]
        petitions = BY_CODE["mediation.prevented_group_petitions"]
        assert rollup(session, criminal, bureau, NOV).value == 1
        assert rollup(session, petitions, bureau, NOV).value == 2
        assert rollup(session, petitions, station_a, NOV).value == 1
        assert rollup(session, BY_CODE["mediation.satisfaction_rate"], bureau, NOV).value is None


def test_only_a_case_with_an_agreement_records_what_it_prevented(platform, cases) -> None:
    with (
        session_scope(platform.engine) as session,
        pytest.raises(IllegalTransition, match="不能登记防范成效"),
    ):
        _set(session, cases["mediating"], prevented_criminal=True)


def test_the_case_page_records_the_flags(platform, org_tree, cases) -> None:
    for client in _signed_in_client(platform, "suo_a", {"station_staff": org_tree.station_a}):
        url = f"/m/mediation/cases/{cases['a1']}"
        page = client.get(url).text
        assert 'id="action-prevention"' in page
        version = re.search(r'data-version="(\d+)"', page).group(1)  # type: ignore[union-attr]
        answer = post_form(
            client, f"{url}/prevention", {"version": version, "prevented_criminal": "1"}
        )
        assert answer.status_code in (200, 303)
        assert 'id="prevented-criminal"' in client.get(url).text
