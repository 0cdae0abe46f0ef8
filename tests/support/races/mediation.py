"""Race recipes: mediation (see :mod:`tests.support.races`)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlmodel import Session, select

from tests.support.race_kit import (
    FormRace,
    Prepared,
    Recipe,
    creation,
    first,
    id_number,
    png,
    today,
)

__all__ = ["ELSEWHERE", "FORMS", "RECIPES"]


def registered_case(session: Session) -> Any:
    """A case registered now through the intake service at a demo committee with mediators:
    its state is what the recipe makes it, not what the demo's calendar left it in."""
    from mediation.models import MediationMediator
    from mediation.services import intake

    from core.orgs.models import OrgUnit

    mediator = first(
        session,
        select(MediationMediator)
        .where(MediationMediator.active == True)  # noqa: E712
        .order_by(MediationMediator.id),  # type: ignore[arg-type]
        "active mediator",
    )
    parties = [
        {"role": role, "person": {"name": name, "id_type": "none", "no_id_reason": "未带证件"}}
        for role, name in (("applicant", "竞丙"), ("respondent", "竞丁"))
    ]
    return intake.register_case(
        session,
        mediator.committee_id,
        {
            "source": "own_initiative",
            "category_code": "0201",
            "description": "邻里纠纷",
            "people_involved": "2",
        },
        parties,
        actor_id=None,
        today=today(),
        visible_people=select(OrgUnit.id),
    )


def warning_response(session: Session) -> Prepared:
    """A case with a yellow warning set now, awaiting its response (响应处置)."""
    from mediation.services.warnings import set_warning_level
    from mediation.settings import MediationSettings

    case = registered_case(session)
    set_warning_level(
        session,
        case.id,
        {"level": "yellow", "reason": "双方冲突升级"},
        expected_version=case.version,
        actor_id=None,
        now=datetime.now(UTC),
        settings=MediationSettings(),
    )
    session.flush()
    session.refresh(case)
    return f"/m/mediation/cases/{case.id}/warning-response", {
        "version": case.version,
        "response_note": "已组织双方再次调解，矛盾缓和",
    }


def server_data_dir(session: Session) -> Path:
    """The race server's data directory: the platform booted last, on this database."""
    from core.platform import current_platform

    platform = current_platform()
    assert str(platform.engine.url) == str(session.get_bind().url), "not the race server"
    return platform.settings.data_dir


def evidence_delete(session: Session) -> Prepared:
    """A scan uploaded now through the service (into the server's data directory), deleted
    with the reason why."""
    from mediation.services.evidence import store_evidence

    case = registered_case(session)
    row = store_evidence(
        session,
        case.id,
        {"category": "evidence", "description": "现场照片"},
        filename="scan.png",
        content=png(),
        data_dir=server_data_dir(session),
        max_bytes=10 * 1024 * 1024,
        actor_id=None,
        now=datetime.now(UTC),
    )
    session.flush()
    return f"/m/mediation/evidence/{row.id}/delete", {
        "version": row.version,
        "reason": "上传错误，重复的材料",
    }


def subsidies_clear(session: Session) -> Prepared:
    """The first open finding of a committee's monthly subsidy sheet (以案定补核查), cleared
    with a reason, under the settings the server applies at the committee."""
    from mediation.models import MediationCase, MediationCommittee
    from mediation.pages.common import settings_at
    from mediation.services.subsidies import parse_month
    from mediation.services.subsidy_checks import open_findings

    from core.platform import current_platform

    platform = current_platform()
    sheets = session.exec(
        select(MediationCase.committee_id, MediationCase.closed_on)
        .where(MediationCase.closed_on.isnot(None))  # type: ignore[union-attr]
        .order_by(MediationCase.closed_on.desc())  # type: ignore[union-attr]
    ).all()
    seen: set[tuple[int, str]] = set()
    for committee_id, closed_on in sheets:
        month = f"{closed_on:%Y-%m}"
        if (committee_id, month) in seen:
            continue
        seen.add((committee_id, month))
        committee = session.get(MediationCommittee, committee_id)
        assert committee is not None
        settings = settings_at(session, platform, committee.org_id)
        found = open_findings(session, committee_id, parse_month(month, today()), settings)
        if found:
            return "/m/mediation/subsidies/clear", {
                "committee_id": committee_id,
                "month": month,
                "check": found[0].check,
                "key": found[0].key,
                "reason": "经电话回访当事人核实，确系分别发生的纠纷",
            }
    raise AssertionError("the demo has no subsidy sheet with an open finding")


RECIPES: dict[str, Recipe] = {
    "/m/mediation/cases/{case_id:int}/warning-response": warning_response,
    "/m/mediation/evidence/{evidence_id:int}/delete": evidence_delete,
    "/m/mediation/subsidies/clear": subsidies_clear,
}
FORMS: dict[str, FormRace] = {
    # the intake form as the page renders it (its first committee), with both parties typed
    "/m/mediation/cases/new": creation(
        application_text="申请人口述：邻居新砌院墙占了我家宅基地。",
        applicant_signed="1",
        party_0_name="竞戊",
        party_0_id_type="resident_id",
        party_0_id_number=id_number("37148119700303123"),
        party_1_name="竞己",
        party_1_id_type="resident_id",
        party_1_id_number=id_number("37148119750404123"),
        category_code="0201",
        description="院墙越界约半米，双方多次争吵。",
    ),
}
ELSEWHERE: dict[str, str] = {}
