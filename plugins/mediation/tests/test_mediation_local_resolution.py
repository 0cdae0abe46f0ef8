"""就地化解率 (issue 23, acceptance 1): the 宜昌 figures, by the level of the resolving committee.

宜昌, Jan–Oct 2011: 14,662 disputes received, 13,702 resolved (93.5 %), 12,592 of them at
village/community committees (91.9 %), 13,593 rated satisfied (99.2 %, of the resolved cases).

Registering a case through the services costs about 50 ms (parties, numbering, term, audit),
so 14,662 of them would take over ten minutes. Two tests therefore share the proof:

* a scaled copy made entirely through the services — 263 received / 246 resolved / 226 at
  village level / 244 satisfied, the smallest counts whose half-up rounding gives exactly
  93.5 %, 91.9 % and 99.2 % — split over three committees of two stations, so the figures are
  pooled up the tree;
* the full-size counts as rows written straight into the tables, read by the same
  indicators and shown on the scorecard page (the arithmetic at 14,662 is exact).

Measured on the shared CI-like machine: the copy ~25 s per backend, the full size ~6 s.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from mediation.indicators import INDICATORS
from mediation.models import (
    MediationAgreement,
    MediationCase,
    MediationFollowUp,
)
from mediation.services import aftercare, proceedings
from mediation_support import accepted_case, committee, mediator
from sqlalchemy import insert
from sqlmodel import Session

from core.api import register_person
from core.db import session_scope
from core.indicators.engine import breakdown, rollup
from core.indicators.fengqiao import fengqiao_items
from core.indicators.periods import Period
from core.orgs.models import OrgUnit
from core.orgs.tree import children
from tests.conftest import _signed_in_client

BY_CODE = {i.code: i for i in INDICATORS}
DAY = date(2026, 10, 30)
YEAR = Period.parse("2026")


def _agree(session: Session, case: MediationCase) -> None:
    proceedings.record_agreement(
        session,
        case.id,  # type: ignore[arg-type]
        {
            "form": "oral",
            "concluded_on": DAY.isoformat(),
            "terms": "双方互谅互让，界址以原院墙为准",
            "performance_method": "当场履行",
            "performed_now": "1",
        },
        expected_version=case.version,
        today=DAY,
    )


def _visit(session: Session, case_id: int, satisfaction: str, day: date = DAY) -> None:
    case = session.get(MediationCase, case_id)
    assert case is not None
    aftercare.record_follow_up(
        session,
        case_id,
        {
            "visited_on": day.isoformat(),
            "visited_persons": "双方当事人",
            "visitor": "王调解",
            "performance": "已履行",
            "satisfaction": satisfaction,
        },
        expected_version=case.version,
        actor_id=None,
        today=DAY,
    )


def _parties(session: Session, org_id: int) -> list[dict[str, Any]]:
    """Two people registered once; every case of the copy names them (as a returning
    family's disputes would), which keeps the copy fast without bypassing any service."""
    people = [
        register_person(
            session,
            {"name": name, "id_type": "none", "no_id_reason": "未带证件", "sex": "male"},
            org_id=org_id,
            today=DAY,
        )
        for name in ("张甲", "李乙")
    ]
    return [
        {"role": "applicant", "person_id": str(people[0].id)},
        {"role": "respondent", "person_id": str(people[1].id)},
    ]


def _cases(session: Session, committee_id: int, mediator_id: int, parties, n: int) -> list[int]:
    return [
        accepted_case(session, committee_id, mediator_id, today=DAY, parties=parties).id  # type: ignore[misc]
        for _ in range(n)
    ]


def test_the_yichang_rates_from_cases_made_through_the_services(platform, org_tree) -> None:
    with session_scope(platform.engine) as session:
        village_a = committee(session, org_tree.village_a, short_name="前进")
        village_b = committee(session, org_tree.village_b, short_name="后刘")
        township = committee(session, org_tree.station_a, kind="township", short_name="市中")
        parties = _parties(session, org_tree.station_a)
        resolved: list[int] = []
        for c, n in ((village_a, 150), (village_b, 76), (township, 20)):  # 226 + 20 = 246
            m = mediator(session, c.id)
            ids = _cases(session, c.id, m.id, parties, n)
            for case_id in ids:
                _agree(session, session.get(MediationCase, case_id))  # type: ignore[arg-type]
            resolved += ids
        ended = _cases(session, township.id, mediator(session, township.id, "赵").id, parties, 17)
        for case_id in ended[:3]:  # ended without agreement: received, never resolved
            case = session.get(MediationCase, case_id)
            proceedings.terminate_case(
                session,
                case_id,
                {"termination_reason": "no_agreement", "remedies": "litigation"},
                expected_version=case.version,  # type: ignore[union-attr]
                today=DAY,
            )
        for i, case_id in enumerate(resolved):
            _visit(session, case_id, "unsatisfied" if i in (3, 160, 200) else "satisfied")
        # visited twice: unhappy first, satisfied at the latest visit (counts as satisfied)
        _visit(session, resolved[3], "satisfied", DAY)

    with Session(platform.engine) as session:
        bureau = session.get(OrgUnit, org_tree.bureau)

        def figure(code: str):
            return rollup(session, BY_CODE[code], bureau, YEAR)  # type: ignore[arg-type]

        received = figure("mediation.cases_received")
        success = figure("mediation.success_rate")
        local = figure("mediation.local_rate")
        township_up = figure("mediation.township_rate")
        satisfied = figure("mediation.resolved_satisfaction_rate")
        assert received.value == 263
        assert (success.display(), success.fraction_text) == ("93.5%", "246/263")
        assert (local.display(), local.fraction_text) == ("91.9%", "226/246")
        assert (township_up.display(), township_up.fraction_text) == ("8.1%", "20/246")
        assert (satisfied.display(), satisfied.fraction_text) == ("99.2%", "244/246")
        # the other definition divides by visits: 247 visits, 244 of them satisfied
        visits = figure("mediation.satisfaction_rate")
        assert visits.fraction_text == "244/247"

        # pooled up the tree: the stations' parts add up to the bureau, never averaged
        split = breakdown(
            session,
            BY_CODE["mediation.local_rate"],
            bureau,  # type: ignore[arg-type]
            YEAR,
            children(session, org_tree.bureau),
        )
        parts = {unit.id: f for unit, f in split.parts}
        assert parts[org_tree.station_a].fraction_text == "150/170"
        assert parts[org_tree.station_b].fraction_text == "76/76"
        assert split.total.value == Decimal("91.9")


def test_the_yichang_figures_at_full_size_on_the_scorecard(platform, org_tree) -> None:
    """14,662 / 13,702 / 12,592 / 13,593 as rows, through the same indicators and the page."""
    received, resolved, village, satisfied = 14_662, 13_702, 12_592, 13_593
    with session_scope(platform.engine) as session:
        committees = [
            committee(session, org_tree.village_a, short_name="前进"),
            committee(session, org_tree.station_b, kind="township", short_name="郑店"),
        ]
        start = date(2026, 1, 1)
        cases = []
        for i in range(received):
            c = committees[0] if i < village or i >= resolved else committees[1]
            day = start + timedelta(days=i % 300)
            cases.append(
                {
                    "org_id": c.org_id,
                    "committee_id": c.id,
                    "year": 2026,
                    "status": "performed" if i < resolved else "mediating",
                    "title": f"纠纷{i}",
                    "source": "party_application",
                    "category_code": "0902",
                    "ministry_category": "neighbour",
                    "description": "邻里纠纷",
                    "registered_on": day,
                    "accepted_on": day,
                    "closed_on": day if i < resolved else None,
                }
            )
        session.execute(insert(MediationCase.__table__), cases)  # type: ignore[attr-defined]
        first = session.exec(
            MediationCase.__table__.select()  # type: ignore[attr-defined]
            .with_only_columns(MediationCase.__table__.c.id)  # type: ignore[attr-defined]
            .order_by(MediationCase.__table__.c.id)  # type: ignore[attr-defined]
            .limit(1)
        ).scalar_one()
        rows = [(first + i, cases[i]) for i in range(resolved)]
        session.execute(
            insert(MediationAgreement.__table__),  # type: ignore[attr-defined]
            [
                {
                    "case_id": case_id,
                    "org_id": row["org_id"],
                    "form": "oral",
                    "concluded_on": row["closed_on"],
                    "terms": "协议",
                    "performance_method": "当场履行",
                    "performance_deadline": row["closed_on"],
                    "performed_on": row["closed_on"],
                    "confirmation_status": "none",
                }
                for case_id, row in rows
            ],
        )
        session.execute(
            insert(MediationFollowUp.__table__),  # type: ignore[attr-defined]
            [
                {
                    "case_id": case_id,
                    "org_id": row["org_id"],
                    "visited_on": row["closed_on"],
                    "visited_persons": "双方",
                    "visitor": "王调解",
                    "performance": "已履行",
                    "satisfaction": "satisfied" if i < satisfied else "unsatisfied",
                }
                for i, (case_id, row) in enumerate(rows)
            ],
        )

    with Session(platform.engine) as session:
        bureau = session.get(OrgUnit, org_tree.bureau)
        expected = {
            "mediation.success_rate": ("93.5%", "13,702/14,662"),
            "mediation.local_rate": ("91.9%", "12,592/13,702"),
            "mediation.township_rate": ("8.1%", "1,110/13,702"),
            "mediation.resolved_satisfaction_rate": ("99.2%", "13,593/13,702"),
        }
        for code, shown in expected.items():
            f = rollup(session, BY_CODE[code], bureau, YEAR)  # type: ignore[arg-type]
            assert (f.display(), f.fraction_text) == shown, code

    for client in _signed_in_client(platform, "juzhang", {"bureau_leader": org_tree.bureau}):
        page = client.get(f"/indicators?org={org_tree.bureau}&period=2026")
        assert page.status_code == 200, page.text
        for code, (value, fraction) in expected.items():
            start = page.text.index(f'data-indicator="{code}"')
            row = page.text[start : page.text.index("</tr>", start)]
            assert f'title="{fraction}"' in row and f">{value}</a>" in row, (code, row)

    with Session(platform.engine) as session:  # and in the Fengqiao-style station assessment
        bureau = session.get(OrgUnit, org_tree.bureau)
        items = {i.indicator: i.weight for i in fengqiao_items(session, platform.host, bureau)}  # type: ignore[arg-type]
        assert items["mediation.local_rate"] == Decimal(10)
