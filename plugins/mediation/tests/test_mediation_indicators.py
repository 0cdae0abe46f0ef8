"""The mediation indicators: pooled up the tree by the core, each counting what it says."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from mediation.indicators import INDICATORS
from mediation.models import MediationCase
from mediation.services import aftercare, proceedings
from mediation_support import TODAY, accepted_case, committee, fresh, mediator
from sqlmodel import Session

from core.db import session_scope
from core.indicators.engine import rollup
from core.indicators.periods import Period
from core.orgs.models import OrgType, OrgUnit
from core.orgs.service import create_org

BY_CODE = {i.code: i for i in INDICATORS}
NOV = Period.parse("2026-11")


def _agree(session, case_id, **extra):
    row = fresh(session, MediationCase, case_id)
    data = {
        "form": "written",
        "concluded_on": TODAY.isoformat(),
        "terms": "赔偿",
        "performance_method": "现金",
        "performance_deadline": (TODAY + timedelta(days=10)).isoformat(),
        **extra,
    }
    proceedings.record_agreement(session, case_id, data, expected_version=row.version, today=TODAY)


def _follow_up(session, case_id, satisfaction):
    row = fresh(session, MediationCase, case_id)
    aftercare.record_follow_up(
        session,
        case_id,
        {
            "visited_on": TODAY.isoformat(),
            "visited_persons": "双方",
            "visitor": "王调解",
            "performance": "履行中",
            "satisfaction": satisfaction,
        },
        expected_version=row.version,
        actor_id=None,
        today=TODAY,
    )


@pytest.fixture
def figures(platform, org_tree):
    with session_scope(platform.engine) as session:
        a = committee(session, org_tree.village_a, short_name="前进")
        b = committee(session, org_tree.village_b, short_name="后刘")
        ma, mb = mediator(session, a.id).id, mediator(session, b.id).id
        performed = accepted_case(session, a.id, ma)
        _agree(session, performed.id, performed_now="1", performance_deadline="")
        _follow_up(session, performed.id, "satisfied")
        terminated = accepted_case(session, a.id, ma)
        terminated = fresh(session, MediationCase, terminated.id)
        proceedings.terminate_case(
            session,
            terminated.id,
            {"termination_reason": "no_agreement", "remedies": "litigation"},
            expected_version=terminated.version,
            today=TODAY,
        )
        accepted_case(session, a.id, ma)  # still mediating
        agreed = accepted_case(session, b.id, mb)
        _agree(session, agreed.id, form="oral")
        _follow_up(session, agreed.id, "unsatisfied")
        late = session.get(MediationCase, terminated.id)
        late.created_at = datetime(2026, 12, 10, 1, 0, tzinfo=UTC)  # entered after 7 December
        create_org(session, name="新村", type=OrgType.COMMUNITY, parent_id=org_tree.station_b)
        township = committee(session, org_tree.station_a, kind="township", short_name="市中")
        for name, employment in (("甲", "full_time"), ("乙", "full_time"), ("丙", "part_time")):
            mediator(session, township.id, name, employment=employment)

    def figure(code: str, org_id: int | None = None, period: Period = NOV):
        with Session(platform.engine) as session:
            org = session.get(OrgUnit, org_id or org_tree.bureau)
            return rollup(session, BY_CODE[code], org, period)

    return figure


def test_rates_pool_the_bureaus_cases(figures, org_tree) -> None:
    assert figures("mediation.cases_received").value == 4
    success = figures("mediation.success_rate")
    assert (success.numerator, success.denominator, success.value) == (2, 4, Decimal("50.0"))
    assert figures("mediation.success_rate", org_tree.station_b).value == Decimal("100.0")
    assert figures("mediation.on_time_rate").fraction_text == "3/3"
    assert figures("mediation.follow_up_rate").value == Decimal("100.0")
    assert figures("mediation.satisfaction_rate").value == Decimal("50.0")
    assert figures("mediation.performance_rate").fraction_text == "1/1"
    assert (
        figures("mediation.performance_rate", period=Period.parse("2026-12")).fraction_text == "0/1"
    )
    assert figures("mediation.entry_timeliness").value == Decimal("75.0")
    assert figures("mediation.judicial_confirmations").value == 0


def test_register_figures_count_villages_and_township_mediators(figures) -> None:
    coverage = figures("mediation.committee_coverage")
    assert coverage.fraction_text == "2/3"  # 前进社区 and 后刘村 have committees, 新村 not
    assert figures("mediation.full_time_per_township").value == Decimal("2.0")


def test_no_cases_is_no_data_not_zero(figures) -> None:
    assert figures("mediation.success_rate", period=Period.parse("2025-01")).value is None


def test_the_drill_down_lists_exactly_the_counted_cases(platform, org_tree, figures) -> None:
    from core.orgs.tree import subtree_ids_select

    with Session(platform.engine) as session:
        bureau = session.get(OrgUnit, org_tree.bureau)
        for indicator in INDICATORS:
            if indicator.records is None:
                continue
            rows = session.exec(indicator.records(session, subtree_ids_select(bureau), NOV)).all()
            figure = rollup(session, indicator, bureau, NOV)
            assert len(rows) == figure.numerator, indicator.code
            assert all({"id", "org_id"} <= set(row._mapping) for row in rows)


def test_definition_pages_say_what_they_divide_and_list_both_sides(
    platform, org_tree, figures
) -> None:
    """Each rate's page shows its numerator and denominator and links the records behind
    both; where practice differs, the other definitions are linked with their weights."""
    from tests.conftest import _signed_in_client

    q = f"org={org_tree.bureau}&period=2026-11"
    for client in _signed_in_client(platform, "juzhang", {"bureau_leader": org_tree.bureau}):
        page = client.get(f"/indicators/definition?indicator=mediation.success_rate&{q}")
        assert page.status_code == 200, page.text
        assert "含终止调解的和尚在调解中的" in page.text
        assert "part=denominator" in page.text
        assert "mediation.concluded_success_rate" in page.text  # the other definition
        assert "mediation.termination_rate" in page.text
        visits = client.get(f"/indicators/definition?indicator=mediation.satisfaction_rate&{q}")
        assert (
            "本期回访次数" in visits.text and "mediation.resolved_satisfaction_rate" in visits.text
        )
        base = f"/indicators/records?indicator=mediation.success_rate&{q}"
        assert "共 2 条（等于分子）" in client.get(base).text
        board = client.get(f"/dashboard?{q}")  # the local-resolution share is on the dashboard
        start = board.text.index('data-indicator="mediation.local_rate"')
        assert "100.0%" in board.text[start : board.text.index("</li>", start)]
        denominator = client.get(f"{base}&part=denominator")
        assert denominator.status_code == 200
        assert "共 4 条（等于分母）" in denominator.text and "计入分母的记录" in denominator.text
    assert figures("mediation.termination_rate").fraction_text == "1/4"
    assert figures("mediation.concluded_success_rate").fraction_text == "2/3"
    assert figures("mediation.resolved_satisfaction_rate").fraction_text == "1/2"
