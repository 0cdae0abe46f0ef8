"""The maintained aggregates follow a case step by step, recomputing only what each step
moved (issue 19): the mediation indicators declare how their rows are placed in periods,
including through a parent row (an agreement places by its case, a follow-up by its
agreement), and the catch-up's figures equal the raw computation after every step."""

from __future__ import annotations

from datetime import timedelta
from fractions import Fraction

from mediation.indicators import INDICATORS
from mediation.models import MediationCase
from mediation.services import aftercare, proceedings
from mediation_support import TODAY, accepted_case, committee, fresh, mediator
from sqlalchemy import select
from sqlmodel import Session

from core.db import session_scope
from core.indicators.aggregates import AggregatePeriod, IndicatorAggregate, catch_up
from core.indicators.engine import collect
from core.indicators.periods import Period
from core.orgs.models import OrgUnit

BY_CODE = {i.code: i for i in INDICATORS}


def _agree(session: Session, case_id: int) -> None:
    row = fresh(session, MediationCase, case_id)
    data = {
        "form": "written",
        "concluded_on": TODAY.isoformat(),
        "terms": "赔偿",
        "performance_method": "现金",
        "performance_deadline": (TODAY + timedelta(days=10)).isoformat(),
    }
    proceedings.record_agreement(session, case_id, data, expected_version=row.version, today=TODAY)


def _follow_up(session: Session, case_id: int) -> None:
    row = fresh(session, MediationCase, case_id)
    aftercare.record_follow_up(
        session,
        case_id,
        {
            "visited_on": TODAY.isoformat(),
            "visited_persons": "双方",
            "visitor": "王调解",
            "performance": "履行中",
            "satisfaction": "satisfied",
        },
        expected_version=row.version,
        actor_id=None,
        today=TODAY,
    )


def _check(engine) -> dict[str, int]:
    """Catch up; the stored rows of every materialised pair equal the raw figures."""
    result = catch_up(engine, INDICATORS, TODAY)
    with Session(engine) as session:
        stored: dict[tuple[str, str], dict[int, tuple[Fraction, Fraction]]] = {
            (code, text): {}
            for code, text in session.execute(
                select(AggregatePeriod.indicator, AggregatePeriod.period)
            ).all()
        }
        t = IndicatorAggregate.__table__
        for code, text, org_id, num, den in session.execute(select(t)).all():
            stored[(code, text)][org_id] = (Fraction(num), Fraction(den))
        for (code, text), rows in stored.items():
            raw = collect(session, BY_CODE[code], select(OrgUnit.id), Period.parse(text))
            assert rows == {k: (v.numerator, v.denominator) for k, v in raw.items()}, code
    return result


def test_each_step_of_a_case_moves_only_its_periods(platform, org_tree) -> None:
    engine = platform.engine
    with session_scope(engine) as session:
        a = committee(session, org_tree.village_a, short_name="前进")
        b = committee(session, org_tree.village_b, short_name="后刘")
        ma, mb = mediator(session, a.id).id, mediator(session, b.id).id
    first = _check(engine)  # fills the whole window
    whole = first["periods"]
    with session_scope(engine) as session:
        one = accepted_case(session, a.id, ma).id
        other = accepted_case(session, b.id, mb).id
    _check(engine)
    with session_scope(engine) as session:
        _agree(session, one)  # an agreement moves its case's success figure
    after_agreement = _check(engine)
    with session_scope(engine) as session:
        _follow_up(session, one)  # a follow-up moves its agreement's follow-up figure
    after_follow_up = _check(engine)
    with session_scope(engine) as session:
        row = fresh(session, MediationCase, other)
        proceedings.terminate_case(
            session,
            other,
            {"termination_reason": "no_agreement", "remedies": "litigation"},
            expected_version=row.version,
            today=TODAY,
        )
    _check(engine)
    # The placed indicators recompute their month, quarter and year; only the committee
    # register's yearly figures and the screening figures fall back to their whole window.
    assert after_agreement["periods"] < whole / 2
    assert after_follow_up["periods"] < whole / 2
    assert "mediation.follow_up_rate" in after_follow_up["rows"]
    assert "mediation.success_rate" in after_agreement["rows"]
