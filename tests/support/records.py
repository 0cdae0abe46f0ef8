"""Factories that create one record of a model at a given organisation, for the access matrix.

Every model a route names in ``opt["records"]`` needs a factory: the core's and the
first-party plugins' are registered here; any plugin may declare its own through the
``sifa_record_factories`` hook (the test plugin does), which ``web.testing_checks`` merges in.
The access matrix fails for a first-party route whose record it cannot create.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import count
from typing import Any

from sqlmodel import Session

_serial = count(1)
Factory = Callable[[Session, int], Any]
FACTORIES: dict[type, Factory] = {}


def factory(model: type) -> Callable[[Factory], Factory]:
    def register(fn: Factory) -> Factory:
        FACTORIES[model] = fn
        return fn

    return register


def _register_core() -> None:
    from core.identity.models import RoleGrant, StaffAccount
    from core.identity.service import grant_role
    from core.orgs.models import OrgType, OrgUnit
    from core.orgs.service import create_org
    from core.people.models import Person
    from core.people.service import register_person
    from tests.support.auth import make_account

    @factory(StaffAccount)
    def _account(session: Session, org_id: int) -> StaffAccount:
        return make_account(session, f"other{next(_serial)}", roles={"station_staff": org_id})

    @factory(RoleGrant)
    def _grant(session: Session, org_id: int) -> RoleGrant:
        account = make_account(session, f"granted{next(_serial)}", org_id=org_id)
        return grant_role(session, account.id, "community_worker", org_id)

    @factory(OrgUnit)
    def _org(session: Session, org_id: int) -> OrgUnit:
        return create_org(
            session, name=f"外村{next(_serial)}", type=OrgType.COMMUNITY, parent_id=org_id
        )

    @factory(Person)
    def _person(session: Session, org_id: int) -> Person:
        return register_person(
            session,
            {"name": "外站群众", "id_type": "none", "no_id_reason": "测试", "sex": "female"},
            org_id=org_id,
        )


def _register_mediation() -> None:
    from datetime import UTC, date, datetime, timedelta

    from mediation.models import (
        MediationCase,
        MediationCommittee,
        MediationEscalation,
        MediationEvidence,
        MediationMediator,
        MediationScreeningRound,
    )
    from mediation.services.committees import create_committee
    from mediation.services.intake import register_case
    from mediation.services.mediators import create_mediator

    from core.orgs.models import OrgUnit

    today = date(2026, 11, 23)

    @factory(MediationCommittee)
    def _committee(session: Session, org_id: int) -> MediationCommittee:
        n = next(_serial)
        return create_committee(
            session,
            {
                "parent_id": org_id,
                "name": f"外站调委会{n}",
                "kind": "village",
                "short_name": f"外{n}",
            },
            today=today,
        )

    @factory(MediationMediator)
    def _mediator(session: Session, org_id: int) -> MediationMediator:
        committee = _committee(session, org_id)
        return create_mediator(
            session,
            committee.id,
            {"name": "外站调解员", "employment": "part_time", "position": "member"},
            today=today,
        )

    @factory(MediationScreeningRound)
    def _round(session: Session, org_id: int) -> MediationScreeningRound:
        start = date(2026, 11, 1) - timedelta(days=31 * next(_serial))  # one round a period
        row = MediationScreeningRound(
            org_id=org_id, period_start=start, period_end=start + timedelta(days=14)
        )
        session.add(row)
        session.flush()
        return row

    @factory(MediationCase)
    def _case(session: Session, org_id: int) -> MediationCase:
        from sqlmodel import select

        committee = _committee(session, org_id)
        n = next(_serial)
        parties = [
            {
                "role": role,
                "person": {
                    "name": f"外站当事人{n}{i}",
                    "id_type": "none",
                    "no_id_reason": "测试",
                    "sex": "male",
                },
            }
            for i, role in enumerate(("applicant", "respondent"))
        ]
        return register_case(
            session,
            committee.id,
            {
                "source": "own_initiative",
                "category_code": "0201",
                "description": "外站纠纷",
                "people_involved": "2",
            },
            parties,
            actor_id=None,
            today=today,
            visible_people=select(OrgUnit.id),
        )

    @factory(MediationEscalation)
    def _escalation(session: Session, org_id: int) -> MediationEscalation:
        """A case of *org_id* escalated to *org_id* itself (scoped by its receiver)."""
        case = _case(session, org_id)
        row = MediationEscalation(
            case_id=case.id,
            org_id=case.org_id,
            receiver_org_id=org_id,
            reason="外站上报",
            escalated_at=datetime(2026, 11, 23, tzinfo=UTC),
        )
        session.add(row)
        session.flush()
        return row

    @factory(MediationEvidence)
    def _evidence(session: Session, org_id: int) -> MediationEvidence:
        """A file row of a case of *org_id* (the bytes are not needed to be refused)."""
        case = _case(session, org_id)
        row = MediationEvidence(
            case_id=case.id,
            org_id=case.org_id,
            category="evidence",
            original_name="外站证据.pdf",
            stored_name=f"test{next(_serial)}.pdf",
            file_kind="pdf",
            size=10,
            sha256="0" * 64,
            uploaded_at=datetime(2026, 11, 23, tzinfo=UTC),
        )
        session.add(row)
        session.flush()
        return row


def _register_legal_aid() -> None:
    from datetime import UTC, date, datetime

    from legal_aid.models import (
        LegalAidAttachment,
        LegalAidCase,
        LegalAidDutyShift,
        LegalAidHandover,
        LegalAidObjection,
        LegalAidProvider,
        LegalAidSubsidy,
    )
    from legal_aid.services.intake import register_notice
    from legal_aid.services.roster import save_provider
    from sqlmodel import select

    from core.orgs.models import OrgType, OrgUnit
    from core.orgs.service import create_org
    from core.people.models import Person

    def _centre(session: Session, org_id: int) -> int:
        name = f"外站法律援助中心{next(_serial)}"
        return create_org(session, name=name, type=OrgType.LEGAL_AID_CENTRE, parent_id=org_id).id

    @factory(LegalAidProvider)
    def _provider(session: Session, org_id: int) -> LegalAidProvider:
        n = next(_serial)
        data = {"name": "外站律师", "kind": "lawyer", "practice_number": f"99{n:08d}"}
        return save_provider(session, _centre(session, org_id), data)

    @factory(LegalAidCase)
    def _case(session: Session, org_id: int) -> LegalAidCase:
        data = {
            "matter": "notice_minor",
            "notifying_authority": "外站法院",
            "summary": "外站案件",
            "applicant_id": str(FACTORIES[Person](session, org_id).id),
        }
        return register_notice(
            session,
            _centre(session, org_id),
            data,
            received_at=datetime(2026, 11, 2, 2, tzinfo=UTC),
            visible_people=select(OrgUnit.id),
        )

    def _attached(model: type, **fields: object):  # rows that hang off a case
        def make(session: Session, org_id: int):
            case = _case(session, org_id)
            row = model(case_id=case.id, org_id=case.org_id, **fields)
            session.add(row)
            session.flush()
            return row

        return make

    today = date(2026, 11, 2)
    factory(LegalAidAttachment)(
        _attached(
            LegalAidAttachment,
            kind="x",
            filename="a.pdf",
            stored_name="none.pdf",
            content_type="application/pdf",
            size=1,
            uploaded_at=datetime.now(UTC),
        )
    )
    factory(LegalAidObjection)(_attached(LegalAidObjection, received_on=today, grounds="外站"))
    factory(LegalAidSubsidy)(_attached(LegalAidSubsidy, base_amount=1, amount=1, computed_on=today))

    @factory(LegalAidHandover)
    def _handover(session: Session, org_id: int) -> LegalAidHandover:
        case = _case(session, org_id)
        row = LegalAidHandover(
            case_id=case.id, org_id=case.org_id, from_org_id=case.org_id, sent_on=today, note="x"
        )
        session.add(row)
        session.flush()
        return row

    @factory(LegalAidDutyShift)
    def _shift(session: Session, org_id: int) -> LegalAidDutyShift:
        provider = _provider(session, org_id)
        row = LegalAidDutyShift(
            org_id=provider.org_id,
            workstation="court",
            place="外站法院",
            provider_id=provider.id,
            starts_at=datetime(2026, 11, 2, 1, tzinfo=UTC),
            ends_at=datetime(2026, 11, 2, 9, tzinfo=UTC),
        )
        session.add(row)
        session.flush()
        return row


def _register_indicators() -> None:
    from core.indicators.models import AssessmentScheme, CreationPlan, IndicatorReport

    @factory(AssessmentScheme)
    def _scheme(session: Session, org_id: int) -> AssessmentScheme:
        scheme = AssessmentScheme(org_id=org_id, name=f"外站考核{next(_serial)}")
        session.add(scheme)
        session.flush()
        return scheme

    @factory(CreationPlan)
    def _plan(session: Session, org_id: int) -> CreationPlan:
        plan = CreationPlan(org_id=org_id, name=f"外站计划{next(_serial)}")
        session.add(plan)
        session.flush()
        return plan

    @factory(IndicatorReport)
    def _report(session: Session, org_id: int) -> IndicatorReport:
        report = IndicatorReport(
            org_id=org_id,
            period=f"2001-{next(_serial) % 12 + 1:02d}",
            filename="外站.xlsx",
            content=b"x",
        )
        session.add(report)
        session.flush()
        return report


def _register_exports() -> None:
    from datetime import UTC, datetime, timedelta

    from core.exports.models import ExportFile
    from tests.support.auth import make_account

    @factory(ExportFile)
    def _export(session: Session, org_id: int) -> ExportFile:
        n = next(_serial)
        owner = make_account(session, f"exporter{n}", roles={"station_head": org_id})
        export = ExportFile(
            kind="core.people",
            format="xlsx",
            owner_id=owner.id,
            org_id=org_id,
            stored_name=f"{n:032x}.xlsx",
            download_name="人员名单-外站.xlsx",
            expires_at=datetime.now(UTC) + timedelta(days=1),
        )
        session.add(export)
        session.flush()
        return export


def _register_clinic() -> None:
    from datetime import date, time

    from clinic.models import (
        ClinicHomeVisit,
        ClinicPanel,
        ClinicProvider,
        ClinicRoom,
        ClinicSession,
        ClinicSwapRequest,
    )
    from clinic.services.roster import create_clinic, create_provider

    from core.orgs.models import OrgType, OrgUnit
    from core.orgs.service import create_org

    def _community(session: Session, org_id: int) -> int:
        org = session.get(OrgUnit, org_id)
        if org is not None and org.type == OrgType.COMMUNITY:
            return org_id
        village = create_org(
            session, name=f"外站诊室村{next(_serial)}", type=OrgType.COMMUNITY, parent_id=org_id
        )
        return village.id  # type: ignore[return-value]

    @factory(ClinicProvider)
    def _provider(session: Session, org_id: int) -> ClinicProvider:
        n = next(_serial)
        return create_provider(
            session, org_id, {"name": f"外站律师{n}", "practice_number": f"X{n:016d}"}
        )

    @factory(ClinicRoom)
    def _room(session: Session, org_id: int) -> ClinicRoom:
        return create_clinic(session, _community(session, org_id), f"外站诊室{next(_serial)}")

    @factory(ClinicSession)
    def _session(session: Session, org_id: int) -> ClinicSession:
        room = _room(session, org_id)
        row = ClinicSession(
            org_id=room.org_id,
            clinic_id=room.id,  # type: ignore[arg-type]
            provider_id=_provider(session, org_id).id,  # type: ignore[arg-type]
            day=date(2026, 12, 1 + next(_serial) % 28),
            starts_at=time(9),
            ends_at=time(11, 30),
            status="scheduled",
        )
        session.add(row)
        session.flush()
        return row

    @factory(ClinicSwapRequest)
    def _swap(session: Session, org_id: int) -> ClinicSwapRequest:
        row = _session(session, org_id)
        swap = ClinicSwapRequest(
            org_id=row.org_id,
            session_id=row.id,  # type: ignore[arg-type]
            from_provider_id=row.provider_id,
            to_provider_id=_provider(session, org_id).id,  # type: ignore[arg-type]
            status="pending",
        )
        session.add(swap)
        session.flush()
        return swap

    @factory(ClinicHomeVisit)
    def _visit(session: Session, org_id: int) -> ClinicHomeVisit:
        visit = ClinicHomeVisit(
            org_id=org_id,
            address="外站某户",
            matter="外站巡诊",
            requested_on=date(2026, 12, 1),
            status="requested",
        )
        session.add(visit)
        session.flush()
        return visit

    @factory(ClinicPanel)
    def _panel(session: Session, org_id: int) -> ClinicPanel:
        panel = ClinicPanel(org_id=org_id, title="外站会诊", matter="外站疑难", status="open")
        session.add(panel)
        session.flush()
        return panel


def _register_corrections() -> None:
    from datetime import date

    from corrections.models import (
        CorrectionsAftercare,
        CorrectionsAssessment,
        CorrectionsCheckin,
        CorrectionsHealthReport,
        CorrectionsLeave,
        CorrectionsLocation,
        CorrectionsSanction,
        CorrectionsSubject,
        CorrectionsTransfer,
    )

    from core.people.service import register_person

    day = date(2026, 11, 23)

    def _person(session: Session, org_id: int) -> int:
        return register_person(
            session,
            {
                "name": f"外站矫正对象{next(_serial)}",
                "id_type": "none",
                "no_id_reason": "测试",
                "sex": "male",
            },
            org_id=org_id,
        ).id

    @factory(CorrectionsSubject)
    def _subject(session: Session, org_id: int) -> CorrectionsSubject:
        row = CorrectionsSubject(
            org_id=org_id,
            person_id=_person(session, org_id),
            subject_type="probation",
            offence="盗窃罪",
            deciding_body="外地法院",
            documents_received_on=day,
            term_end=date(2027, 11, 23),
            status="supervised",
            reported_on=day,
            announced_on=day,
        )
        session.add(row)
        session.flush()
        return row

    def _child(model: type, **values: object):
        def make(session: Session, org_id: int):
            row = model(org_id=org_id, subject_id=_subject(session, org_id).id, **values)
            session.add(row)
            session.flush()
            return row

        return make

    factory(CorrectionsCheckin)(_child(CorrectionsCheckin, due_on=day, mode="phone"))
    factory(CorrectionsHealthReport)(_child(CorrectionsHealthReport, kind="condition", due_on=day))
    factory(CorrectionsLeave)(
        _child(
            CorrectionsLeave,
            destination="外地",
            reason="就医",
            start_on=day,
            end_on=day,
            days=1,
            route="station",
        )
    )
    factory(CorrectionsSanction)(
        _child(CorrectionsSanction, kind="praise", facts="外站", decided_on=day)
    )
    factory(CorrectionsLocation)(
        _child(
            CorrectionsLocation,
            ground="prohibition",
            approved_by="外站",
            approved_on=day,
            start_on=day,
            end_on=day,
        )
    )

    @factory(CorrectionsTransfer)
    def _move(session: Session, org_id: int) -> CorrectionsTransfer:
        """A move between counties asked of *org_id* (the receiving station the guard checks)."""
        subject = _subject(session, org_id)
        row = CorrectionsTransfer(
            org_id=org_id,
            subject_id=subject.id,
            from_org_id=org_id,
            decided_on=day,
            reason="迁居",
            status="requested",
            check_due_on=day,
        )
        session.add(row)
        session.flush()
        return row

    @factory(CorrectionsAssessment)
    def _assessment(session: Session, org_id: int) -> CorrectionsAssessment:
        row = CorrectionsAssessment(
            org_id=org_id,
            person_id=_person(session, org_id),
            commissioned_by="外地法院",
            received_on=day,
        )
        session.add(row)
        session.flush()
        return row

    @factory(CorrectionsAftercare)
    def _aftercare(session: Session, org_id: int) -> CorrectionsAftercare:
        row = CorrectionsAftercare(
            org_id=org_id, person_id=_person(session, org_id), source="prison", release_on=day
        )
        session.add(row)
        session.flush()
        return row


def _register_publicity() -> None:
    from datetime import UTC, date, datetime

    from publicity.models import (
        PublicityBackbone,
        PublicityEvent,
        PublicityModelVillage,
        PublicityPhoto,
        PublicityPlan,
        PublicityUnit,
    )

    @factory(PublicityUnit)
    def _unit(session: Session, org_id: int) -> PublicityUnit:
        unit = PublicityUnit(org_id=org_id, name=f"外站普法单位{next(_serial)}", kind="station")
        session.add(unit)
        session.flush()
        return unit

    @factory(PublicityPlan)
    def _plan(session: Session, org_id: int) -> PublicityPlan:
        unit = _unit(session, org_id)
        plan = PublicityPlan(org_id=org_id, unit_id=unit.id, year=2026, q1=5, themes="外站计划")
        session.add(plan)
        session.flush()
        return plan

    @factory(PublicityEvent)
    def _event(session: Session, org_id: int) -> PublicityEvent:
        unit = _unit(session, org_id)
        event = PublicityEvent(
            org_id=org_id,
            unit_id=unit.id,
            title="外站活动",
            held_on=date(2026, 5, 1),
            format="lecture",
        )
        session.add(event)
        session.flush()
        return event

    @factory(PublicityPhoto)
    def _photo(session: Session, org_id: int) -> PublicityPhoto:
        event = _event(session, org_id)
        photo = PublicityPhoto(
            org_id=org_id,
            event_id=event.id,
            stored_name=f"{next(_serial):032x}.png",
            content_type="image/png",
            size=1,
            width=1,
            height=1,
            uploaded_at=datetime.now(UTC),
        )
        session.add(photo)
        session.flush()
        return photo

    @factory(PublicityBackbone)
    def _backbone(session: Session, org_id: int) -> PublicityBackbone:
        row = PublicityBackbone(org_id=org_id, name="外站明白人", role="advocate")
        session.add(row)
        session.flush()
        return row

    @factory(PublicityModelVillage)
    def _model(session: Session, org_id: int) -> PublicityModelVillage:
        from core.orgs.models import OrgType
        from core.orgs.service import create_org

        village = create_org(
            session, name=f"示范村{next(_serial)}", type=OrgType.COMMUNITY, parent_id=org_id
        )
        row = PublicityModelVillage(org_id=village.id, level="county")
        session.add(row)
        session.flush()
        return row


_register_core()
_register_exports()
_register_indicators()
_register_mediation()
_register_legal_aid()
_register_clinic()
_register_corrections()
_register_publicity()
