"""The locking rule, enforced (issue 18, acceptance 5): 8 identical requests at the same
version, fired at once at a real server, give one success, 409 for the rest, one request's
changes in the audit log, no 500 and no hang — for every state-changing POST route of every
first-party plugin. :func:`test_every_plugin_post_route_is_raced_or_exempt` enumerates the
app's route table and fails on a route that is neither raced here nor exempt with a reason.

One demo bureau (``sifa demo``'s data) and one server per backend serve the whole module;
each race picks a fresh row of the demo in the state its action needs.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlmodel import Session, select

from core.db import session_scope
from core.demo import DEMO_PASSWORD, fill_demo
from core.platform import Platform
from core.settings import Settings
from core.submissions import FIELD as SUBMISSION_FIELD
from tests.support import races
from tests.support.concurrency import (
    assert_one_winner,
    changing_requests,
    last_audit_id,
    live_server,
    race,
    signed_in,
)
from tests.support.databases import PostgresServer, copy_sqlite, run_id
from tests.support.forms import form_for
from tests.support.race_kit import (
    CITIZEN,
    PAGE,
    PATH,
    PROOF,
    FormRace,
    Prepared,
    Recipe,
    change,
    creation,
    upload,
)
from tests.support.race_kit import day as _day
from tests.support.race_kit import demo_station as _demo_station
from tests.support.race_kit import first as _first
from tests.support.race_kit import id_number as _id_number
from tests.support.race_kit import today as _today
from tests.support.races.corrections_publicity import received_subject
from tests.support.races.legal_aid_portal import fresh_application
from tests.support.races.mediation import registered_case

RACERS = 8


@dataclass
class Demo:
    platform: Platform
    clients: list[httpx.Client]  # eight staff sessions: eight people acting at once
    twins: list[httpx.Client]  # eight clients of one session: one person's repeated post


@pytest.fixture(scope="module")
def demo(
    template_database: tuple[str, str],
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Demo]:
    backend, template_url = template_database
    data_dir = tmp_path_factory.mktemp("race")
    if backend == "sqlite":
        url = copy_sqlite(template_url, data_dir / "race.sqlite3")
    else:
        server: PostgresServer = request.getfixturevalue("postgres")
        url = server.create(f"sifa_race_{run_id()}", template=template_url.rsplit("/", 1)[1])
    platform = Platform.boot(Settings(data_dir=data_dir / "data", database_url=url))
    with session_scope(platform.engine) as session:
        fill_demo(session, platform.host, people=20)
    from web.app import create_app

    with live_server(create_app(platform=platform)) as live:
        clients = [signed_in(live.url, "admin", DEMO_PASSWORD) for _ in range(RACERS)]
        twins = [
            httpx.Client(base_url=live.url, timeout=clients[0].timeout, cookies=clients[0].cookies)
            for _ in range(RACERS)
        ]
        yield Demo(platform, clients, twins)
        for client in clients + twins:
            client.close()
    platform.engine.dispose()


# --- recipes: a row of the demo in the state the action needs, and the form to post ----------


def legal_aid_subsidy_approve(session: Session) -> Prepared:
    from legal_aid.models import LegalAidSubsidy

    row = _first(
        session,
        select(LegalAidSubsidy).where(LegalAidSubsidy.approved_on.is_(None)),  # type: ignore[union-attr]
        "unapproved legal-aid subsidy",
    )
    return f"/m/legal_aid/subsidies/{row.id}/approve", {"version": row.version}


def publicity_plan_approve(session: Session) -> Prepared:
    from publicity.codes import PlanStatus
    from publicity.models import PublicityPlan

    row = _first(
        session,
        select(PublicityPlan).where(PublicityPlan.status == PlanStatus.SUBMITTED),
        "submitted publicity plan",
    )
    return f"/m/publicity/plans/{row.id}/approve", {"version": row.version, "comment": "同意"}


def mediation_subsidies_approve(session: Session) -> Prepared:
    from mediation.models import MediationCommittee, MediationSubsidySheet

    done = select(MediationSubsidySheet.committee_id)
    row = _first(
        session,
        select(MediationCommittee).where(MediationCommittee.id.not_in(done)),  # type: ignore[union-attr]
        "committee without an approved month",
    )
    today = date.today()
    month = f"{today.year - 1}-12"  # a month long ended: nothing left to assess in the demo
    return "/m/mediation/subsidies/approve", {"committee_id": row.id, "month": month}


def legal_aid_case(status: str, action: str, **form: Any) -> Recipe:
    """A legal-aid case in *status*, and *action* posted with *form* at its version."""

    def recipe(session: Session) -> Prepared:
        from legal_aid.models import LegalAidCase

        row = _first(
            session,
            select(LegalAidCase).where(LegalAidCase.status == status).order_by(LegalAidCase.id),
            f"legal-aid case {status}",
        )
        filled = {k: (v(row) if callable(v) else v) for k, v in form.items()}
        return f"/m/legal_aid/cases/{row.id}/{action}", {"version": row.version, **filled}

    return recipe


def _not_before(row: Any) -> str:
    return str(max(d for d in (row.assigned_on, row.received_on, _today()) if d is not None))


def publicity_plan(status: str, action: str, **form: Any) -> Recipe:
    def recipe(session: Session) -> Prepared:
        from publicity.models import PublicityPlan

        row = _first(
            session,
            select(PublicityPlan).where(PublicityPlan.status == status).order_by(PublicityPlan.id),
            f"publicity plan {status}",
        )
        return f"/m/publicity/plans/{row.id}/{action}", {"version": row.version, **form}

    return recipe


def mediation_screening_report(session: Session) -> Prepared:
    from mediation.models import MediationScreeningRound

    row = _first(
        session,
        select(MediationScreeningRound)
        .where(
            MediationScreeningRound.reported_on.is_(None),  # type: ignore[union-attr]
            MediationScreeningRound.period_start <= _today(),
        )
        .order_by(MediationScreeningRound.id),
        "unreported screening round",
    )
    return f"/m/mediation/screening/{row.id}", {"version": row.version, "zero_report": "1"}


def mediation_escalation_sign(session: Session) -> Prepared:
    from mediation.models import MediationEscalation

    row = _first(
        session,
        select(MediationEscalation).where(MediationEscalation.status == "pending"),
        "pending escalation",
    )
    return f"/m/mediation/escalations/{row.id}/sign", {"version": row.version}


def clinic_visit_record(session: Session) -> Prepared:
    from clinic.models import ClinicHomeVisit

    row = _first(
        session,
        select(ClinicHomeVisit).where(ClinicHomeVisit.status == "assigned"),
        "assigned home visit",
    )
    return f"/m/clinic/visits/{row.id}", {
        "version": row.version,
        "action": "record",
        "visited_on": str(_today()),
        "hours": "1.5",
        "record": "上门为行动不便老人解答赡养纠纷问题",
        "outcome": "answered",
    }


def legal_aid_first_rate(session: Session) -> Prepared:
    """A subsidy rate the bureau has not set yet: eight first saves, one row."""
    from legal_aid.models import LegalAidSubsidyRate

    from core.orgs.models import OrgType, OrgUnit

    bureau = _first(session, select(OrgUnit).where(OrgUnit.type == OrgType.BUREAU), "bureau")
    taken = {
        (r.service_form, r.matter_group)
        for r in session.exec(
            select(LegalAidSubsidyRate).where(LegalAidSubsidyRate.org_id == bureau.id)
        )
    }
    form, group = next(
        (f, g)
        for f in ("advice", "documents", "litigation", "criminal")
        for g in ("civil", "no_hardship", "retrial", "criminal_application")
        if (f, g) not in taken
    )
    return "/m/legal_aid/subsidies/rates", {
        "org_id": bureau.id,
        "service_form": form,
        "matter_group": group,
        "amount": "800",
    }


def publicity_new_plan(session: Session) -> Prepared:
    """Next year's plan of a unit: one plan per unit and year, however many click."""
    from publicity.models import PublicityPlan, PublicityUnit

    year = _today().year + 1
    unit = _first(
        session,
        select(PublicityUnit).where(
            PublicityUnit.id.not_in(  # type: ignore[union-attr]
                select(PublicityPlan.unit_id).where(PublicityPlan.year == year)
            )
        ),
        "unit without next year's plan",
    )
    return f"/m/publicity/units/{unit.id}/plans/new", {
        "year": year,
        "q1": "3",
        "q2": "3",
        "themes": "宪法宣传、民法典进农村",
    }


def clinic_panel_conclude(session: Session) -> Prepared:
    from clinic.models import ClinicPanel
    from clinic.services.panels import add_member

    row = _first(session, select(ClinicPanel).where(ClinicPanel.status == "open"), "open panel")
    for name in ("王律师", "李调解员"):  # a joint opinion needs two members
        add_member(session, row, name, "lawyer", "乐陵市法律援助中心")
    session.refresh(row)
    return f"/m/clinic/panels/{row.id}", {
        "version": row.version,
        "opinion": "经会诊，建议申请法律援助并先行调解",
    }


def publicity_self_report(session: Session) -> Prepared:
    """The first self-report of an approved plan: no evaluation yet, so no version."""
    from publicity.models import PublicityEvaluation, PublicityPlan

    row = _first(
        session,
        select(PublicityPlan)
        .where(PublicityPlan.status == "approved")
        .where(PublicityPlan.id.not_in(select(PublicityEvaluation.plan_id)))  # type: ignore[union-attr]
        .order_by(PublicityPlan.id.desc()),  # type: ignore[union-attr]
        "approved plan without evaluation",
    )
    return f"/m/publicity/plans/{row.id}/self-report", {
        "self_report": "全年开展普法活动十二次",
        "self_score": "90",
    }


def publicity_score(session: Session) -> Prepared:
    """The evaluator's score of a plan the unit has already reported on."""
    from publicity.models import PublicityEvaluation, PublicityPlan
    from publicity.services.evaluation import save_self_report

    row = session.exec(select(PublicityEvaluation)).first()
    if row is None:
        plan = _first(
            session,
            select(PublicityPlan).where(PublicityPlan.status == "approved"),
            "approved plan",
        )
        row = save_self_report(session, plan, {"self_report": "已自查"}, expected_version=None)
    return f"/m/publicity/plans/{row.plan_id}/score", {
        "ev_version": row.version,
        "score": "85",
        "comment": "活动扎实，台账完整",
    }


def corrections_subject(action: str, **form: Any) -> Recipe:
    """A supervised subject (the last one: the others serve other races), *action* posted
    with *form* at the file's version."""

    def recipe(session: Session) -> Prepared:
        from corrections.models import CorrectionsSubject

        row = _first(
            session,
            select(CorrectionsSubject)
            .where(CorrectionsSubject.status == "supervised")
            .order_by(CorrectionsSubject.id.desc()),  # type: ignore[union-attr]
            "supervised subject",
        )
        return f"/m/corrections/subjects/{row.id}/{action}", {"version": row.version, **form}

    return recipe


def corrections_plan(session: Session) -> Prepared:
    from corrections.models import CorrectionsSubject

    row = _first(
        session,
        select(CorrectionsSubject).where(CorrectionsSubject.status == "supervised"),
        "supervised subject",
    )
    return f"/m/corrections/subjects/{row.id}/plan", {
        "version": row.version,
        "plan": "每月面谈一次，参加公益活动，学习法律知识。",
    }


def mediation_case(status: str, action: str, **form: Any) -> Recipe:
    """A mediation case in *status*, and *action* posted with *form* at its version."""

    def recipe(session: Session) -> Prepared:
        from mediation.models import MediationCase

        row = _first(
            session,
            select(MediationCase)
            .where(MediationCase.status == status)
            .order_by(MediationCase.id.desc()),  # type: ignore[union-attr]
            f"mediation case {status}",
        )
        filled = {k: (v(row) if callable(v) else v) for k, v in form.items()}
        return f"/m/mediation/cases/{row.id}/{action}", {"version": row.version, **filled}

    return recipe


def mediation_escalation_report(session: Session) -> Prepared:
    from mediation.models import MediationEscalation

    row = _first(
        session,
        select(MediationEscalation).where(MediationEscalation.status == "signed"),
        "signed escalation",
    )
    return f"/m/mediation/escalations/{row.id}/report", {
        "version": row.version,
        "result": "已组织双方调解，纠纷化解",
    }


#: How far :func:`mediation_registered_case` takes a fresh case through the services before
#: the race, each stage the service call and the form it is given (today's date filled in).
MEDIATION_STAGES: list[tuple[str, str, dict[str, str]]] = [
    ("accepted", "accept_case", {"accepted_on": "", "rights_notified_on": ""}),
    (
        "agreed",
        "record_agreement",
        {
            "form": "written",
            "concluded_on": "",
            "terms": "被申请人于月底前清理通道堆放物，双方不再追究。",
            "performance_method": "自行清理",
            "performance_deadline": "",
        },
    ),
    (
        "confirmation_applied",
        "apply_confirmation",
        {"confirmation_applied_on": "", "confirmation_court": "乐陵市人民法院"},
    ),
    (
        "found_invalid",
        "record_confirmation",
        {"confirmation_result": "invalid", "confirmation_decided_on": ""},
    ),
]


def mediation_registered_case(
    action: str, *, stage: str = "registered", **form: Callable[[Any, list[int]], str] | str
) -> Recipe:
    """A case registered now through the intake service at a demo committee with mediators
    (the demo's own cases have moved past these stages), taken through the services up to
    *stage* (see ``MEDIATION_STAGES``), then *action* posted at its version. An empty form
    value is today; a callable one gets the case and the ids of the committee's active
    mediators (the first one was assigned at acceptance)."""

    def recipe(session: Session) -> Prepared:
        from mediation.models import MediationMediator
        from mediation.services import aftercare, intake, proceedings

        mediator = _first(
            session,
            select(MediationMediator)
            .where(MediationMediator.active == True)  # noqa: E712
            .order_by(MediationMediator.id),
            "active mediator",
        )
        mediators = session.exec(
            select(MediationMediator.id)
            .where(MediationMediator.committee_id == mediator.committee_id)
            .where(MediationMediator.active == True)  # noqa: E712
            .order_by(MediationMediator.id)
        ).all()
        case = registered_case(session)
        services = {
            "accept_case": intake.accept_case,
            "record_agreement": proceedings.record_agreement,
            "apply_confirmation": aftercare.apply_confirmation,
            "record_confirmation": aftercare.record_confirmation,
        }
        reached = "registered"
        for name, call, data in MEDIATION_STAGES:
            if reached == stage:
                break
            filled = {k: (v or str(_today())) for k, v in data.items()}
            if call == "accept_case":
                filled |= {"mediator_ids": str(mediator.id), "lead_mediator_id": str(mediator.id)}
            services[call](session, case.id, filled, expected_version=case.version, today=_today())
            session.flush()
            session.refresh(case)
            reached = name
        assert reached == stage, f"no stage {stage}"
        filled = {
            k: (v(case, list(mediators)) if callable(v) else v or str(_today()))
            for k, v in form.items()
        }
        return f"/m/mediation/cases/{case.id}/{action}", {"version": case.version, **filled}

    return recipe


def legal_aid_application(action: str, *, stage: str = "applied", **form: str) -> Recipe:
    """A fresh application (:func:`tests.support.races.legal_aid_portal.fresh_application`) at *stage*, then *action* posted at
    its version with *form* (an empty value is today)."""

    def recipe(session: Session) -> Prepared:
        case = fresh_application(session, stage, serial=sum(map(ord, action)) % 499 + 1)
        filled = {k: (v or str(_today())) for k, v in form.items()}
        return f"/m/legal_aid/cases/{case.id}/{action}", {"version": case.version, **filled}

    return recipe


def legal_aid_advance(session: Session) -> Prepared:
    """先行援助 (art. 44): a fresh application whose limitation deadline is three days away,
    inside the bureau's threshold (default seven days)."""
    from datetime import timedelta

    deadline = str(_today() + timedelta(days=3))
    case = fresh_application(session, "applied", serial=11, limitation_deadline=deadline)
    return f"/m/legal_aid/cases/{case.id}/advance", {"version": case.version}


def legal_aid_objection_decide(session: Session) -> Prepared:
    """An objection filed today against a refusal of a fresh application (the demo has no
    pending objection)."""
    from legal_aid.services import review

    case = fresh_application(session, "refused", serial=7)
    objection = review.file_objection(
        session,
        case.id,
        {"received_on": str(_today()), "grounds": "申请人认为其符合经济困难标准"},
        case.version,
        _today(),
    )
    session.flush()
    return f"/m/legal_aid/objections/{objection.id}/decide", {
        "version": objection.version,
        "decided_on": str(_today()),
        "outcome": "dismissed",
        "decision_reason": "申请人经济状况不符合本地标准，维持原决定",
    }


def corrections_reported_subject(session: Session) -> Prepared:
    """An awaiting demo subject who reported in today (through the intake service; the
    report-in race runs after this one), then announced: 入矫宣告."""
    from corrections.models import CorrectionsSubject
    from corrections.services import intake

    subject = _first(
        session,
        select(CorrectionsSubject)
        .where(CorrectionsSubject.status == "awaiting")
        .order_by(CorrectionsSubject.id),
        "awaiting subject",
    )
    intake.report_in(session, subject, mode="self", on=_today(), today=_today())
    session.flush()
    session.refresh(subject)
    return f"/m/corrections/subjects/{subject.id}/announce", {
        "version": subject.version,
        "announced_on": str(_today()),
    }


def corrections_court_ruling(session: Session) -> Prepared:
    """A supervised probation subject for whom the county proposed revocation today
    (through the sanctions service); the court's ruling — refused, so supervision goes on —
    is posted at the subject's version."""
    from corrections.models import CorrectionsSubject
    from corrections.services import sanctions
    from corrections.settings import CorrectionsSettings

    subject = _first(
        session,
        select(CorrectionsSubject)
        .where(CorrectionsSubject.status == "supervised")
        .where(CorrectionsSubject.subject_type == "probation")
        .order_by(CorrectionsSubject.id),
        "supervised probation subject",
    )
    proposal = sanctions.record_sanction(
        session,
        subject,
        {"kind": "revoke_probation", "facts": "多次未按规定报到", "decided_on": str(_today())},
        decided_by="乐陵市司法局",
        settings=CorrectionsSettings(),
        today=_today(),
    )
    session.flush()
    session.refresh(subject)
    return f"/m/corrections/subjects/{subject.id}/sanctions/{proposal.id}/court", {
        "version": subject.version,
        "upheld": "0",
        "court_decided_on": str(_today()),
    }


def corrections_open_assessment(session: Session) -> Prepared:
    """An investigation commissioned today at a demo station (through the intake service;
    which demo assessments are still open depends on the day the suite runs), completed."""
    from corrections.services import intake

    from core.people.models import Person

    person = _first(session, select(Person).order_by(Person.id), "person")
    row = intake.record_assessment(
        session,
        {"commissioned_by": "乐陵市人民法院", "received_on": str(_today())},
        org_id=_demo_station(session),
        person_id=person.id,
        today=_today(),
    )
    session.flush()
    return f"/m/corrections/assessments/{row.id}/complete", {
        "version": row.version,
        "opinion": "具备社区矫正条件，建议适用社区矫正",
        "completed_on": str(_today()),
    }


def corrections_overdue_subject(session: Session) -> Prepared:
    """A subject whose documents came thirty days ago and who never reported in (registered
    through the intake service; the demo's awaiting subjects are still within their ten
    days): the station starts the search (查找). A man: the team race that runs later takes
    the newest subject, and a woman's team needs a woman in it (CCL art. 25)."""
    from datetime import timedelta

    subject = received_subject(
        session,
        received=_today() - timedelta(days=30),
        term_end=_today() + timedelta(days=365),
    )
    session.flush()
    return f"/m/corrections/subjects/{subject.id}/search", {"version": subject.version}


def clinic_checkin_today(session: Session) -> Prepared:
    """A sitting today at a demo clinic that has none today, for a provider the clinic's
    rota already uses (the demo's sittings are all ahead), checked in by the station."""
    from datetime import time

    from clinic.models import ClinicRoom, ClinicSession

    today = _today()
    busy = select(ClinicSession.clinic_id).where(ClinicSession.day == today)
    rota = _first(
        session,
        select(ClinicSession)
        .where(ClinicSession.clinic_id.not_in(busy))  # type: ignore[union-attr]
        .order_by(ClinicSession.id),
        "clinic free today",
    )
    room = session.get(ClinicRoom, rota.clinic_id)
    assert room is not None
    row = ClinicSession(
        org_id=room.org_id,
        clinic_id=room.id,  # type: ignore[arg-type]
        provider_id=rota.provider_id,
        day=today,
        starts_at=time(9),
        ends_at=time(11, 30),
        status="scheduled",
    )
    session.add(row)
    session.flush()
    return f"/m/clinic/sessions/{row.id}/checkin", {"version": row.version}


def clinic_swap_refuse(session: Session) -> Prepared:
    """A pending swap request (built by the records factory), refused by the station."""
    from clinic.models import ClinicSwapRequest

    from tests.support.records import FACTORIES

    swap = FACTORIES[ClinicSwapRequest](session, _demo_station(session))
    return f"/m/clinic/swaps/{swap.id}/decide", {"version": swap.version, "decision": "reject"}


RACED: dict[str, Recipe] = {
    "/m/legal_aid/subsidies/{subsidy_id:int}/approve": legal_aid_subsidy_approve,
    "/m/legal_aid/cases/{case_id:int}/progress": legal_aid_case(
        "assigned", "progress", happened_on=_not_before, note="会见受援人，了解案情"
    ),
    "/m/legal_aid/cases/{case_id:int}/end": legal_aid_case(
        "assigned", "end", ended_on=_not_before, result="调解结案"
    ),
    "/m/legal_aid/cases/{case_id:int}/quality": legal_aid_case(
        "closed",
        "quality",
        method="file",
        grade="good",
        checked_on=_not_before,
        notes="卷宗完整，办理规范",
    ),
    "/m/legal_aid/cases/{case_id:int}/satisfaction": legal_aid_case(
        "closed", "satisfaction", satisfaction="satisfied", surveyed_on=_not_before
    ),
    "/m/legal_aid/cases/{case_id:int}/complaint": legal_aid_case(
        "assigned", "complaint", received_on=_not_before, content="承办律师未按时会见"
    ),
    "/m/publicity/plans/{plan_id:int}/approve": publicity_plan_approve,
    "/m/publicity/plans/{plan_id:int}/self-report": publicity_self_report,
    "/m/publicity/plans/{plan_id:int}/submit": publicity_plan("draft", "submit"),
    "/m/publicity/plans/{plan_id:int}/return": publicity_plan(
        "submitted", "return", note="请补充第三季度活动安排"
    ),
    "/m/mediation/subsidies/approve": mediation_subsidies_approve,
    "/m/mediation/screening/{round_id:int}": mediation_screening_report,
    "/m/mediation/escalations/{escalation_id:int}/report": mediation_escalation_report,
    "/m/mediation/cases/{case_id:int}/sessions": mediation_case(
        "mediating",
        "sessions",
        held_on=lambda c: str(_today()),
        place="村委会调解室",
        participants="双方当事人、调解员",
        notes="双方陈述意见，调解员释法说理",
    ),
    "/m/mediation/cases/{case_id:int}/performed": mediation_case(
        "agreed", "performed", performed_on=lambda c: str(_today()), performance_note="已付清"
    ),
    "/m/mediation/cases/{case_id:int}/follow-ups": mediation_case(
        "agreed",
        "follow-ups",
        visited_on=lambda c: str(_today()),
        visited_persons="申请人",
        visitor="刘调解员",
        performance="正在分期履行",
        satisfaction="satisfied",
    ),
    "/m/legal_aid/cases/{case_id:int}/terminate": legal_aid_case(
        "assigned",
        "terminate",
        termination_reason="finances_changed",
        ended_on=_not_before,
        result="受援人经济状况好转，不再符合条件",
    ),
    "/m/mediation/cases/{case_id:int}/difficulty": mediation_case(
        "performed", "difficulty", difficulty="general"
    ),
    "/m/mediation/cases/{case_id:int}/prevention": mediation_case(
        "performed", "prevention", prevented_criminal="1"
    ),
    "/m/mediation/escalations/{escalation_id:int}/sign": mediation_escalation_sign,
    "/m/clinic/visits/{visit_id:int}": clinic_visit_record,
    "/m/corrections/subjects/{subject_id:int}/plan": corrections_plan,
    "/m/legal_aid/subsidies/rates": legal_aid_first_rate,
    "/m/publicity/units/{unit_id:int}/plans/new": publicity_new_plan,
    "/m/mediation/cases/{case_id:int}/not-performed": mediation_case(
        "agreed", "not-performed", performance_note="对方拒绝支付，已书面督促"
    ),
    "/m/clinic/panels/{panel_id:int}": clinic_panel_conclude,
    "/m/publicity/plans/{plan_id:int}/score": publicity_score,
    "/m/corrections/subjects/{subject_id:int}/level": corrections_subject(
        "level", level="strict", reason="多次请假未按时销假"
    ),
    "/m/corrections/subjects/{subject_id:int}/activities": corrections_subject(
        "activities", kind="study", on=str(_today()), hours="2"
    ),
    "/m/mediation/cases/{case_id:int}/accept": mediation_registered_case(
        "accept",
        accepted_on="",
        rights_notified_on="",
        mediator_ids=lambda case, mediators: str(mediators[0]),
        lead_mediator_id=lambda case, mediators: str(mediators[0]),
    ),
    "/m/mediation/cases/{case_id:int}/refuse": mediation_registered_case(
        "refuse",
        refusal_reason="already_handled",
        refusal_note="已由派出所调解处理",
        refused_on="",
    ),
    "/m/mediation/cases/{case_id:int}/agreement": mediation_registered_case(
        "agreement",
        stage="accepted",
        form="written",
        concluded_on="",
        terms="被申请人于月底前清理通道堆放物，双方不再追究。",
        performance_method="自行清理",
        performance_deadline="",
    ),
    "/m/mediation/cases/{case_id:int}/confirmation": mediation_registered_case(
        "confirmation",
        stage="agreed",
        confirmation_applied_on="",
        confirmation_court="乐陵市人民法院",
    ),
    "/m/mediation/cases/{case_id:int}/confirmation-result": mediation_registered_case(
        "confirmation-result",
        stage="confirmation_applied",
        confirmation_result="valid",
        confirmation_decided_on="",
        confirmation_case_number="（2026）鲁1481民特1号",
    ),
    "/m/mediation/cases/{case_id:int}/mediators": mediation_registered_case(
        "mediators",
        stage="accepted",
        # both of the committee's mediators, the second now leading: a real change
        mediator_ids=lambda case, mediators: ",".join(map(str, mediators[:2])),
        lead_mediator_id=lambda case, mediators: str(mediators[-1]),
    ),
    "/m/mediation/cases/{case_id:int}/remediate": mediation_registered_case(
        "remediate", stage="found_invalid"
    ),
    "/m/legal_aid/cases/{case_id:int}/materials": legal_aid_application(
        "materials", materials_list="户口簿、收入证明", requested_on=""
    ),
    "/m/legal_aid/cases/{case_id:int}/supply": legal_aid_application(
        "supply", stage="materials", supplied_on=""
    ),
    "/m/legal_aid/cases/{case_id:int}/grant": legal_aid_application("grant", decided_on=""),
    "/m/legal_aid/cases/{case_id:int}/refuse": legal_aid_application(
        "refuse", decided_on="", refusal_reason="申请事项不属于法律援助范围"
    ),
    "/m/legal_aid/cases/{case_id:int}/objection": legal_aid_application(
        "objection", stage="refused", received_on="", grounds="申请人认为其符合经济困难标准"
    ),
    "/m/legal_aid/cases/{case_id:int}/assign": legal_aid_application(
        "assign", stage="granted", assigned_on="", mode="rotation"
    ),
    "/m/legal_aid/objections/{objection_id:int}/decide": legal_aid_objection_decide,
    "/m/legal_aid/cases/{case_id:int}/advance": legal_aid_advance,
    "/m/corrections/assessments/{assessment_id:int}/complete": corrections_open_assessment,
    "/m/corrections/subjects/{subject_id:int}/search": corrections_overdue_subject,
    "/m/corrections/subjects/{subject_id:int}/announce": corrections_reported_subject,
    "/m/corrections/subjects/{subject_id:int}/sanctions/{sanction_id:int}/court": (
        corrections_court_ruling
    ),
    "/m/clinic/swaps/{swap_id:int}/decide": clinic_swap_refuse,
    "/m/clinic/sessions/{session_id:int}/checkin": clinic_checkin_today,
}

# Saves without a version where a racer arriving after the winner may succeed by changing
# nothing (the same value again); still only one request may change rows.
IDEMPOTENT = {
    "/m/legal_aid/subsidies/rates",
    # marking a day unavailable twice: a racer after the winner finds the day marked
    "/m/clinic/providers/{provider_id:int}/unavailable",
}

# Creations whose form already refuses a duplicate with a field error: a racer that arrives
# after the winner committed gets that (422, "this year's plan already exists, edit it"),
# one that races the winner's insert gets 409 from the unique key. Never a second record.
ALSO_REFUSED_WITH: dict[str, set[int]] = {"/m/publicity/units/{unit_id:int}/plans/new": {422}}

# Routes where identical concurrent requests cannot change state twice, and why.
EXEMPT: dict[str, str] = {
    # Starts a background export of the ledger rows the user may see: it changes no case, and
    # a second identical request only starts a second download of the same rows.
    "/m/mediation/ledger/export": "starts a read-only export job; changes no record",
    # The form moved to the citizen portal (issue 24): the old address only redirects (308).
    "/m/legal_aid/apply": "redirects to /portal/legal_aid/apply; changes nothing",
    # htmx check of the hand-edit form: answers whether the move would clash, saves nothing.
    "/m/clinic/sessions/{session_id:int}/check": "read-only conflict check; changes no record",
}

# Every other state-changing route, by kind; each is raced through its form (FORM_RACES)
# unless NOT_YET_RACED below says why not yet.
# CREATION: makes a new record; 8 clients of one session post the same one-time token.
# RECORD: changes an existing row; 8 sessions post at the same version.
CREATION = "creation"
RECORD = "record"
FORM_ROUTES: dict[str, str] = {
    "/m/clinic/rota/plan": CREATION,
    "/m/clinic/sessions/{session_id:int}/consultations": CREATION,
    "/m/clinic/sessions/{session_id:int}/move": RECORD,
    "/m/clinic/sessions/{session_id:int}/swap": RECORD,
    "/m/clinic/clinics": CREATION,
    "/m/clinic/clinics/{clinic_id:int}": RECORD,
    "/m/clinic/providers": CREATION,
    "/m/clinic/providers/{provider_id:int}": RECORD,
    "/m/clinic/providers/{provider_id:int}/unavailable": CREATION,
    "/m/clinic/providers/{provider_id:int}/token": RECORD,
    "/m/clinic/providers/{provider_id:int}/me": RECORD,
    "/m/clinic/advisers": CREATION,
    "/m/clinic/visits": CREATION,
    "/m/clinic/panels": CREATION,
    "/m/clinic/log": CREATION,
    "/m/corrections/subjects/new": CREATION,
    "/m/corrections/subjects/{subject_id:int}/report-in": RECORD,
    "/m/corrections/subjects/{subject_id:int}/team": RECORD,
    "/m/corrections/subjects/{subject_id:int}/checkins/{checkin_id:int}": RECORD,
    "/m/corrections/subjects/{subject_id:int}/health/{report_id:int}": RECORD,
    "/m/corrections/subjects/{subject_id:int}/lost": RECORD,
    "/m/corrections/subjects/{subject_id:int}/found": RECORD,
    "/m/corrections/subjects/{subject_id:int}/evaluations": CREATION,
    "/m/corrections/subjects/{subject_id:int}/leaves": CREATION,
    "/m/corrections/subjects/{subject_id:int}/leaves/{leave_id:int}/decide": RECORD,
    "/m/corrections/subjects/{subject_id:int}/leaves/{leave_id:int}/return": RECORD,
    "/m/corrections/subjects/{subject_id:int}/transfer": RECORD,
    "/m/corrections/subjects/{subject_id:int}/sanctions": CREATION,
    "/m/corrections/subjects/{subject_id:int}/location": CREATION,
    "/m/corrections/subjects/{subject_id:int}/location/{location_id:int}/off": RECORD,
    "/m/corrections/subjects/{subject_id:int}/release": RECORD,
    "/m/corrections/subjects/{subject_id:int}/terminate": RECORD,
    "/m/corrections/aftercare/new": CREATION,
    "/m/corrections/aftercare/{aftercare_id:int}/verify": RECORD,
    "/m/corrections/aftercare/{aftercare_id:int}/handover": RECORD,
    "/m/corrections/aftercare/{aftercare_id:int}/resettle": RECORD,
    "/m/corrections/aftercare/{aftercare_id:int}/exit": RECORD,
    "/m/corrections/subjects/{subject_id:int}/moves": RECORD,
    "/m/corrections/moves/{move_id:int}/check": RECORD,
    "/m/corrections/subjects/{subject_id:int}/moves/hand-over": RECORD,
    "/m/corrections/subjects/{subject_id:int}/moves/report": RECORD,
    "/m/corrections/assessments": CREATION,
    "/portal/legal_aid/apply": CREATION,  # the citizen portal (issue 24)
    "/portal/legal_aid/a/{token:str}/materials": RECORD,
    "/portal/legal_aid/a/{token:str}/rate": RECORD,
    "/portal/legal_aid/a/{token:str}/withdraw": RECORD,
    "/portal/mediation/apply": CREATION,
    "/portal/mediation/a/{token:str}/withdraw": RECORD,
    "/portal/mediation/a/{token:str}/rate": CREATION,  # unique per case: a racer gets 409
    "/m/legal_aid/cases/new": CREATION,
    "/m/legal_aid/notices/new": CREATION,
    "/m/legal_aid/cases/{case_id:int}/attachments": CREATION,
    "/m/legal_aid/handovers/{handover_id:int}/receive": RECORD,
    "/m/legal_aid/cases/{case_id:int}/handover": RECORD,
    "/m/legal_aid/cases/{case_id:int}/report": RECORD,
    "/m/legal_aid/providers/new": CREATION,
    "/m/legal_aid/providers/{provider_id:int}": RECORD,
    "/m/legal_aid/duty": CREATION,
    "/m/legal_aid/duty/{shift_id:int}/log": CREATION,
    "/m/mediation/committees/new": CREATION,
    "/m/mediation/committees/{committee_id:int}": RECORD,
    "/m/mediation/committees/{committee_id:int}/filings": CREATION,
    "/m/mediation/mediators/new": CREATION,
    "/m/mediation/mediators/{mediator_id:int}": RECORD,
    "/m/mediation/mediators/{mediator_id:int}/trainings": CREATION,
    "/m/mediation/mediators/{mediator_id:int}/this-is-me": RECORD,
    "/m/mediation/cases/new": CREATION,
    "/m/mediation/cases/{case_id:int}/terminate": RECORD,
    "/m/mediation/cases/{case_id:int}/legal-aid": RECORD,
    # one clearance per finding: a unique key and conflict_on_duplicate (409), not raced yet
    "/m/mediation/subsidies/clear": CREATION,
    "/m/mediation/cases/{case_id:int}/warning": RECORD,
    "/m/mediation/cases/{case_id:int}/warning-response": RECORD,
    "/m/mediation/cases/{case_id:int}/escalate": RECORD,
    "/m/mediation/cases/{case_id:int}/archive": RECORD,
    "/m/mediation/cases/{case_id:int}/evidence": CREATION,
    "/m/mediation/evidence/{evidence_id:int}/delete": RECORD,
    "/m/publicity/units/new": CREATION,
    "/m/publicity/units/{unit_id:int}": RECORD,
    "/m/publicity/plans/{plan_id:int}": RECORD,
    "/m/publicity/events/new": CREATION,
    "/m/publicity/events/{event_id:int}": RECORD,
    "/m/publicity/events/{event_id:int}/photos": CREATION,
    "/m/publicity/events/{event_id:int}/assistant": RECORD,
    "/m/publicity/events/{event_id:int}/assistant/detach": RECORD,
    "/m/publicity/backbones/new": CREATION,
    "/m/publicity/backbones/{backbone_id:int}": RECORD,
    "/m/publicity/backbones/{backbone_id:int}/logs": CREATION,
    "/m/publicity/sites/new": CREATION,
    "/m/publicity/model-villages/new": CREATION,
    "/m/publicity/model-villages/{model_id:int}": RECORD,
    "/m/publicity/calendar": CREATION,
}


# --- races of a form as its page renders it ----------------------------------------------


def _archivable(session: Session, case: Any) -> bool:
    """A mediation case whose file holds every required document (一案一卷)."""
    from mediation.services.archive import missing_items

    return not missing_items(session, case)


# The table behind each path parameter, per plugin.
PARAM_MODELS: dict[str, str] = {
    "clinic.session_id": "clinic.models:ClinicSession",
    "clinic.swap_id": "clinic.models:ClinicSwapRequest",
    "clinic.clinic_id": "clinic.models:ClinicRoom",
    "clinic.provider_id": "clinic.models:ClinicProvider",
    "corrections.subject_id": "corrections.models:CorrectionsSubject",
    "corrections.move_id": "corrections.models:CorrectionsTransfer",
    "corrections.checkin_id": "corrections.models:CorrectionsCheckin",
    "corrections.report_id": "corrections.models:CorrectionsHealthReport",
    "corrections.leave_id": "corrections.models:CorrectionsLeave",
    "corrections.sanction_id": "corrections.models:CorrectionsSanction",
    "corrections.location_id": "corrections.models:CorrectionsLocation",
    "corrections.aftercare_id": "corrections.models:CorrectionsAftercare",
    "corrections.assessment_id": "corrections.models:CorrectionsAssessment",
    "legal_aid.case_id": "legal_aid.models:LegalAidCase",
    "legal_aid.handover_id": "legal_aid.models:LegalAidHandover",
    "legal_aid.objection_id": "legal_aid.models:LegalAidObjection",
    "legal_aid.provider_id": "legal_aid.models:LegalAidProvider",
    "legal_aid.shift_id": "legal_aid.models:LegalAidDutyShift",
    "mediation.committee_id": "mediation.models:MediationCommittee",
    "mediation.mediator_id": "mediation.models:MediationMediator",
    "mediation.case_id": "mediation.models:MediationCase",
    "mediation.evidence_id": "mediation.models:MediationEvidence",
    "publicity.unit_id": "publicity.models:PublicityUnit",
    "publicity.plan_id": "publicity.models:PublicityPlan",
    "publicity.event_id": "publicity.models:PublicityEvent",
    "publicity.backbone_id": "publicity.models:PublicityBackbone",
    "publicity.model_id": "publicity.models:PublicityModelVillage",
}
_PARAM = re.compile(r"\{(\w+):int\}")


def _model(route: str, param: str) -> Any:
    plugin = route.split("/")[2]
    module, name = PARAM_MODELS[f"{plugin}.{param}"].split(":")
    return getattr(importlib.import_module(module), name)


def _candidates(route: str, session: Session, spec: FormRace) -> list[tuple[str, dict[str, str]]]:
    """(path, typed values) for each row that may take the action, newest first."""
    params = _PARAM.findall(route)
    if not params:
        return [(route, {k: str(v(None) if callable(v) else v) for k, v in spec.typed.items()})]
    model = _model(route, params[-1])
    statement = select(model)
    if spec.where is not None:
        statement = statement.where(spec.where(model))
    found = []
    rows = session.exec(statement.order_by(model.id.desc()).limit(8 if spec.ready is None else 200))
    for row in rows:
        if spec.ready is not None and not spec.ready(session, row):
            continue
        if len(found) == 8:
            break
        values = {p: (row.id if p == params[-1] else getattr(row, p)) for p in params}
        path = route.replace(":int}", "}").format(**values)
        typed = {k: str(v(row) if callable(v) else v) for k, v in spec.typed.items()}
        found.append((path, typed))
    return found


def _pages(path: str, spec: FormRace) -> list[str]:
    if spec.page:
        return [spec.page]
    parts = path.split("/")
    return ["/".join(parts[:n]) for n in range(len(parts), 3, -1)]


def racers_of(demo: Demo, route: str, spec: FormRace) -> list[httpx.Client]:
    """Who posts a form race: eight staff sessions, or eight clients of one session (a
    double click) — the admin's, those of the account the form is offered to, or a
    citizen's browser on the portal (its session cookie taken from the form's page)."""
    if spec.user is None:
        return demo.twins if spec.once else demo.clients
    url = str(demo.clients[0].base_url)
    if spec.user == CITIZEN:
        one = httpx.Client(base_url=url, timeout=demo.clients[0].timeout)
        one.get(spec.page or ("/portal" if "{" in route else route)).raise_for_status()
    elif not spec.once:
        return [signed_in(url, spec.user, DEMO_PASSWORD) for _ in range(RACERS)]
    else:
        one = signed_in(url, spec.user, DEMO_PASSWORD)
    timeout = one.timeout
    return [one] + [
        httpx.Client(base_url=url, timeout=timeout, cookies=one.cookies) for _ in range(RACERS - 1)
    ]


def prove(racers: list[httpx.Client], token: str, code: str) -> None:
    """The citizen's browser enters the code sent to the applicant's phone on the private
    link's page; its clients then share the proved session."""
    page = racers[0].get(f"/portal/a/{token}")
    form = form_for(page.text, f"/portal/a/{token}/verify")
    assert form is not None, f"no code form on the private link's page: {page.status_code}"
    answer = racers[0].post(f"/portal/a/{token}/verify", data=form.data(code=code))
    assert answer.status_code == 303, f"the code was refused: {answer.status_code}"
    for client in racers[1:]:
        client.cookies.update(racers[0].cookies)


def form_race(demo: Demo, route: str, racers: list[httpx.Client]) -> tuple[str, dict[str, str]]:
    """The path and the form data of the first row whose page offers the route's form."""
    spec = FORM_RACES[route]
    prepared: dict[str, Any] = {}
    if spec.prepare is not None:
        with session_scope(demo.platform.engine) as session:
            prepared = {k: str(v) for k, v in spec.prepare(session).items()}
    page_of_prepared = prepared.pop(PAGE, None)
    path_of_prepared = prepared.pop(PATH, None)
    proof = prepared.pop(PROOF, None)
    if proof is not None:
        prove(racers, *proof.split())
    if path_of_prepared is not None:
        candidates = [(path_of_prepared, {k: str(v) for k, v in spec.typed.items()})]
    else:
        with session_scope(demo.platform.engine) as session:
            candidates = _candidates(route, session, spec)
    looked = []
    for path, typed in candidates:
        typed = typed | prepared
        for page in [page_of_prepared] if page_of_prepared else _pages(path, spec):
            answer = racers[0].get(page)
            looked.append(f"{page} {answer.status_code}")
            form = form_for(answer.text, path) if answer.status_code == 200 else None
            if form is not None:
                data = form.data(**typed)
                if not spec.once:  # eight people: the version decides, not a token
                    data.pop(SUBMISSION_FIELD, None)
                return path, data
    raise AssertionError(f"{route}: no page offers its form; looked at {looked}")


# What a person types into each form (the page supplies hidden fields and preselections).
TYPED: dict[str, FormRace] = {
    "/m/clinic/clinics": creation(name="城南法律服务诊室", address="城南社区服务中心"),
    "/m/clinic/log": creation(hours="2", note="现场解答群众咨询"),
    "/m/clinic/panels": creation(
        title="土地承包纠纷会诊",
        matter="村民承包地被占用，涉及多户",
        meeting_on=_day(1),
        place="司法局会议室",
    ),
    "/m/clinic/providers": creation(name="赵文律师", practice_number="13714201910000999"),
    "/m/clinic/visits": creation(address="城南村五组", matter="赡养纠纷咨询"),
    # the aftercare page offers each step in one state only: race a row in that state (the
    # newest rows are whatever the other aftercare races left)
    "/m/corrections/aftercare/{aftercare_id:int}/verify": change(
        where=lambda m: m.status == "notified"
    ),
    "/m/corrections/aftercare/{aftercare_id:int}/handover": change(
        where=lambda m: m.status == "verified"
    ),
    "/m/corrections/aftercare/{aftercare_id:int}/resettle": change(
        where=lambda m: m.status == "in_care"
    ),
    "/m/corrections/aftercare/{aftercare_id:int}/exit": change(
        where=lambda m: m.status == "in_care"
    ),
    "/m/corrections/aftercare/new": creation(
        name="张某某", released_by="乐陵市看守所", release_on=_day(-10)
    ),
    "/m/corrections/assessments": creation(name="李某某", commissioned_by="乐陵市人民法院"),
    "/m/corrections/subjects/new": creation(
        name="王某某",
        offence="盗窃罪",
        sentence="有期徒刑一年，缓刑二年",
        deciding_body="乐陵市人民法院",
        judgment_number="（2026）鲁1481刑初100号",
        term_start=_day(0),
        term_end=_day(730),
    ),
    "/m/corrections/subjects/{subject_id:int}/leaves": creation(
        # applied a week ahead: the bureau's notice days (default 3) are kept
        destination="济南市",
        reason="就医",
        start_on=_day(7),
        end_on=_day(9),
    ),
    "/m/corrections/subjects/{subject_id:int}/sanctions": creation(
        facts="按时报到，积极参加公益活动"
    ),
    "/m/corrections/subjects/{subject_id:int}/team": change(member_0_name="刘社工"),
    "/m/legal_aid/apply": creation(
        applicant_name="张三",
        applicant_id_number=_id_number(),
        summary="被拖欠工资三个月，申请法律援助",
        consent="1",
    ),
    "/m/legal_aid/cases/new": creation(
        applicant_name="张三", applicant_id_number=_id_number(), summary="劳动报酬纠纷"
    ),
    "/m/legal_aid/duty": creation(
        place="法院诉讼服务中心",
        starts_at=lambda _r: f"{_today()}T14:00",
        ends_at=lambda _r: f"{_today()}T17:00",
    ),
    "/m/legal_aid/duty/{shift_id:int}/log": creation(notes="接待咨询三人"),
    "/m/legal_aid/notices/new": creation(
        notifying_authority="乐陵市公安局",
        applicant_name="李四",
        applicant_id_number=_id_number("37148119900202456"),
        summary="犯罪嫌疑人申请辩护",
    ),
    "/m/legal_aid/providers/new": creation(name="钱律师", practice_number="13714201910000888"),
    "/m/mediation/committees/new": creation(name="试点村人民调解委员会", short_name="试点"),
    "/m/mediation/committees/{committee_id:int}": change(notes="调解室已搬迁至村委会二楼"),
    "/m/mediation/committees/{committee_id:int}/filings": creation(filed_on=_day(0)),
    "/m/mediation/mediators/new": creation(name="周调解员"),
    "/m/mediation/mediators/{mediator_id:int}/trainings": creation(
        held_on=_day(0), title="人民调解业务培训", hours="4"
    ),
    "/m/mediation/cases/{case_id:int}/escalate": change(reason="矛盾可能激化，需上级协调"),
    "/m/mediation/cases/{case_id:int}/legal-aid": change(
        reason="当事人符合法律援助条件",
        economic_situation="务农，家庭年收入约两万元",
        integrity_pledge="1",
    ),
    # a level the case is not at already (the warning-response race leaves a yellow case)
    "/m/mediation/cases/{case_id:int}/warning": change(
        level=lambda case: "yellow" if case.warning_level == "red" else "red",
        reason="双方冲突升级",
    ),
    # a county bureau's own key date: offered to the bureau's approvers, not to the admin
    "/m/publicity/calendar": FormRace(
        typed={"name": "乐陵市人民调解条例施行纪念日", "month": "6", "day": "18", "days": "3"},
        once=True,
        user="juzhang",
    ),
    "/m/publicity/backbones/new": creation(name="孙骨干"),
    "/m/publicity/backbones/{backbone_id:int}/logs": creation(summary="参加普法培训", hours="2"),
    "/m/publicity/events/new": creation(title="宪法宣传日进社区活动"),
    "/m/publicity/sites/new": creation(name="法治文化广场"),
    "/m/publicity/units/new": creation(name="县教育局"),
    "/m/mediation/mediators/{mediator_id:int}": change(notes="已参加年度业务培训"),
    "/m/clinic/providers/{provider_id:int}/unavailable": creation(day=_day(5), reason="外出开庭"),
    "/m/mediation/cases/{case_id:int}/warning-response": change(
        response_note="已组织双方再次调解，矛盾缓和"
    ),
    "/m/corrections/subjects/{subject_id:int}/leaves/{leave_id:int}/return": change(
        lambda M: (M.status == "approved") & (M.start_on < _today()), returned_on=_day(0)
    ),
    "/m/corrections/subjects/{subject_id:int}/release": change(
        lambda M: M.status == "supervised", ended_on=_day(0)
    ),
    "/m/legal_aid/cases/{case_id:int}/attachments": upload("attachment", kind="material"),
    "/m/mediation/cases/{case_id:int}/evidence": upload("file", description="调解协议书扫描件"),
    "/m/publicity/events/{event_id:int}/photos": upload("photos"),
    # legal aid: a case in the state whose page offers the step
    "/m/legal_aid/cases/{case_id:int}/report": change(
        lambda M: (M.status == "assigned") & M.ended_on.isnot(None), report="案件已办结，卷宗已归档"
    ),
    # corrections: a subject (or its row) in the state whose page offers the step
    "/m/corrections/subjects/{subject_id:int}/report-in": change(
        lambda M: M.status.in_(("awaiting", "searching"))
    ),
    "/m/corrections/subjects/{subject_id:int}/lost": change(lambda M: M.status == "supervised"),
    "/m/corrections/subjects/{subject_id:int}/found": change(lambda M: M.status == "lost"),
    "/m/corrections/subjects/{subject_id:int}/location": FormRace(
        where=lambda M: M.status == "supervised", once=True
    ),
    "/m/corrections/subjects/{subject_id:int}/checkins/{checkin_id:int}": change(
        lambda M: M.done_on.is_(None) & (M.due_on <= _today())
    ),
    "/m/corrections/subjects/{subject_id:int}/health/{report_id:int}": change(
        lambda M: M.submitted_on.is_(None) & (M.due_on <= _today())
    ),
    # mediation: a case in the state whose page offers the step
    # (archive: a performed case whose file is complete; a case other races took to
    # "performed" is offered the form too, and refused for missing papers)
    "/m/mediation/cases/{case_id:int}/archive": change(
        lambda M: M.status == "performed", ready=_archivable
    ),
    "/m/mediation/cases/{case_id:int}/terminate": change(
        lambda M: M.status == "mediating",
        termination_reason="no_agreement",
        termination_note="经调解未能达成协议",
        remedies="litigation",
    ),
}

# Routes of FORM_ROUTES not raced yet, and why: listed so that each stays visible (and a
# new route still fails the enumeration test). "no demo row": the demo bureau has no row in
# the state whose page offers the form, so a recipe must first build one (through services).
NO_DEMO_ROW = "no demo row in the state whose page offers the form; needs a service-built row"
NOT_YET_RACED: dict[str, str] = {
    "/m/legal_aid/cases/{case_id:int}/handover": "the demo bureau has one legal-aid centre: "
    "nowhere to hand a case over to",
    "/m/legal_aid/handovers/{handover_id:int}/receive": NO_DEMO_ROW,
}

# Recipes kept per plugin (tests/support/races/): a route there is raced by its recipe,
# by its form race, or in another module (ELSEWHERE, with where), not listed above.
RACED.update(races.RECIPES)
TYPED.update(races.FORMS)
for _route in set(races.RECIPES) | set(races.FORMS) | set(races.ELSEWHERE):
    NOT_YET_RACED.pop(_route, None)
    if _route in races.RECIPES:
        FORM_ROUTES.pop(_route, None)

FORM_RACES: dict[str, FormRace] = {
    route: TYPED.get(route) or (creation() if kind == CREATION else change())
    for route, kind in FORM_ROUTES.items()
    if route not in EXEMPT and route not in NOT_YET_RACED and route not in races.ELSEWHERE
}


@pytest.mark.parametrize("route", sorted(RACED) + sorted(FORM_RACES))
def test_identical_concurrent_requests_change_state_once(demo: Demo, route: str) -> None:
    if route in FORM_RACES:
        racers = racers_of(demo, route, FORM_RACES[route])
        path, data = form_race(demo, route, racers)
    else:
        with session_scope(demo.platform.engine) as session:
            path, data = RACED[route](session)
        racers = demo.clients
    before = last_audit_id(demo.platform.engine)
    files = FORM_RACES[route].files if route in FORM_RACES else None
    answers = race(racers, path, {k: str(v) for k, v in data.items()}, files or None)
    if route in FORM_RACES and FORM_RACES[route].user is not None:
        for client in racers:
            client.close()
    changers = changing_requests(demo.platform.engine, before)
    refused = frozenset({409, *ALSO_REFUSED_WITH.get(route, {})})
    assert_one_winner(answers, changers, route, idempotent=route in IDEMPOTENT, refused=refused)


def _plugin_post_routes(platform: Platform) -> set[str]:
    from web.app import create_app
    from web.guards import PLUGIN

    app = create_app(platform=platform)
    found = set()
    for route in app.routes:
        for handler in getattr(route, "route_handlers", ()):
            plugin = handler.opt.get(PLUGIN)
            if plugin and plugin != "testplugin" and "POST" in handler.http_methods:
                found.add(route.path)
    return found


def test_every_plugin_post_route_is_raced_or_exempt(demo: Demo) -> None:
    routes = _plugin_post_routes(demo.platform)
    listed = set(RACED) | set(EXEMPT) | set(FORM_ROUTES)
    assert listed <= routes, f"listed routes that no longer exist: {sorted(listed - routes)}"
    assert not set(RACED) & set(FORM_ROUTES), "a route raced twice"
    assert set(NOT_YET_RACED) <= set(FORM_ROUTES), "a route not raced yet is not listed"
    assert set(races.ELSEWHERE) <= set(FORM_ROUTES), "a route raced elsewhere is not listed"
    missing = sorted(routes - listed)
    assert not missing, f"{len(missing)} POST routes not raced nor exempt:\n" + "\n".join(missing)


def test_the_harness_sees_a_double_change(demo: Demo, tmp_path: Path) -> None:
    """The checks themselves: two winners or two audited requests fail them."""
    from tests.support.concurrency import Answer

    with pytest.raises(AssertionError):
        assert_one_winner([Answer(303, 0.1, ""), Answer(303, 0.1, "")], {"a"}, "two wins")
    with pytest.raises(AssertionError):
        assert_one_winner([Answer(303, 0.1, ""), Answer(409, 0.1, "")], {"a", "b"}, "two audits")
    with pytest.raises(AssertionError):
        assert_one_winner([Answer(303, 0.1, ""), Answer(500, 0.1, "")], {"a"}, "a 500")


def test_a_repeated_form_answers_409_with_a_link_to_what_it_created(demo: Demo) -> None:
    """The one-time token by hand: a refused post (422) leaves it unused; the first good
    post claims it; the same form sent again is refused and links to the new record."""
    client = demo.twins[0]
    form = form_for(client.get("/m/publicity/units/new").text, "/m/publicity/units/new")
    assert form is not None and SUBMISSION_FIELD in form.data()
    headers = {"x-csrftoken": client.cookies.get("sifa_csrf") or ""}
    empty = client.post("/m/publicity/units/new", data=form.data(name=""), headers=headers)
    assert empty.status_code == 422
    good = form.data(name="县卫生健康局")
    first = client.post("/m/publicity/units/new", data=good, headers=headers)
    assert first.status_code == 303, first.text[:300]
    again = client.post("/m/publicity/units/new", data=good, headers=headers)
    assert again.status_code == 409
    assert "该表单已提交，请勿重复提交" in again.text
    assert f'href="{first.headers["location"]}"' in again.text
