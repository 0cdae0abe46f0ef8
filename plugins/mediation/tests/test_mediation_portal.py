"""Citizen portal, mediation (issue 24): a resident applies from a phone, the application is
routed to the community's committee (else the township's) and registered like any intake;
the status link shows nothing without the SMS code; wrong, expired and reused codes, another
application's link and the 6th application from one phone are refused in plain Chinese;
staff acceptance, sessions and the agreement reach the status page; the rating is counted
in the satisfaction indicator; ID numbers are masked."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from litestar.testing import TestClient
from mediation.indicators import satisfaction
from mediation.models import MediationCase, MediationPortalRating
from mediation.services.intake import accept_case
from mediation.services.proceedings import record_agreement, record_session
from mediation_support import ID_NUMBERS, committee, mediator
from sqlmodel import select

from core.db import session_scope
from core.indicators.periods import Period
from core.orgs.models import OrgUnit
from core.portal.models import PortalApplication, PortalCode, PortalOutbox
from tests.support.auth import FakeClock, post_form, use_clock
from web.app import create_app

NOW = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)


@pytest.fixture
def world(platform, org_tree):
    """前进社区 has its own committee; 后刘村 has none, so its township's committee takes it."""
    platform.settings.portal_dev_sms = True
    with session_scope(platform.engine) as session:
        own = committee(
            session, org_tree.village_a, short_name="前进", name="前进社区人民调解委员会"
        )
        township = committee(
            session,
            org_tree.station_b,
            short_name="郑店",
            name="郑店镇人民调解委员会",
            kind="township",
        )
        m = mediator(session, own.id, "王调解")
        return {"own": own.id, "township": township.id, "mediator": m.id}


@pytest.fixture
def citizen(platform, world) -> Iterator[TestClient]:
    with TestClient(app=create_app(platform=platform), raise_server_exceptions=False) as client:
        use_clock(client, FakeClock(NOW))
        yield client


def application(org_tree, phone: str = "13905341234", **changes: str) -> dict[str, str]:
    return {
        "community_id": str(org_tree.village_a),
        "applicant_name": "赵大",
        "applicant_id_number": ID_NUMBERS[0],
        "applicant_phone": phone,
        "respondent_name": "钱二",
        "respondent_id_number": ID_NUMBERS[1],
        "category_code": "0902",
        "description": "邻居新砌院墙占了我家宅基地约半米，多次协商不成。",
        "place": "前进社区三组",
        "consent": "1",
        **changes,
    }


def apply(client: TestClient, data: dict[str, str]):
    return post_form(client, "/portal/mediation/apply", data)


def link_of(page: str) -> str:
    return re.search(r'id="private-link">[^<]*(/portal/a/[\w-]+)<', page).group(1)  # type: ignore[union-attr]


def latest_code(platform) -> str:
    with session_scope(platform.engine) as session:
        text = session.exec(select(PortalOutbox.text).order_by(PortalOutbox.id.desc())).first()  # type: ignore[union-attr]
    return re.search(r"验证码(\d{6})", text).group(1)  # type: ignore[arg-type, union-attr]


def prove(client: TestClient, platform, link: str) -> None:
    assert post_form(client, f"{link}/code", {}).status_code == 200
    answer = post_form(client, f"{link}/verify", {"code": latest_code(platform)})
    assert answer.status_code == 303, answer.text


def test_an_application_is_routed_registered_and_followed_to_the_rating(
    platform, org_tree, world, citizen
) -> None:
    form = citizen.get("/portal/mediation/apply")
    assert form.status_code == 200 and "前进社区" in form.text and "后刘村" in form.text
    done = apply(citizen, application(org_tree))
    assert done.status_code == 200, done.text
    link = link_of(done.text)
    with session_scope(platform.engine) as session:
        (case,) = session.exec(select(MediationCase)).all()
        assert case.committee_id == world["own"] and case.source == "party_application"
        assert case.case_number and case.case_number in done.text
        assert case.status == "registered"  # in the committee's intake queue
    # The link alone shows nothing: it asks for the code sent to the phone.
    locked = citizen.get(link)
    assert "获取验证码" in locked.text and case.case_number not in locked.text
    prove(citizen, platform, link)
    page = citizen.get(link).text
    assert "已收到，等待受理" in page and "前进社区人民调解委员会" in page
    assert ID_NUMBERS[0] not in page and "13905341234" not in page
    # Staff accept, hold a session, record the agreement: the applicant sees each.
    with session_scope(platform.engine) as session:
        case = session.get(MediationCase, case.id)
        accept_case(
            session,
            case.id,
            {"rights_notified_on": "2026-11-23", "mediator_ids": [str(world["mediator"])]},
            expected_version=case.version,
            today=NOW.date(),
        )
    assert "已受理" in citizen.get(link).text
    with session_scope(platform.engine) as session:
        case = session.get(MediationCase, case.id)
        record_session(
            session,
            case.id,
            {
                "held_on": "2026-11-23",
                "participants": "赵大、钱二、王调解",
                "notes": "内部笔记：钱二态度强硬",
            },
            expected_version=case.version,
            actor_id=None,
            today=NOW.date(),
        )
        case = session.get(MediationCase, case.id)
        record_agreement(
            session,
            case.id,
            {
                "form": "written",
                "concluded_on": "2026-11-23",
                "terms": "钱二于十日内拆除越界院墙。",
                "performance_method": "拆除",
                "performance_deadline": "2026-12-03",
            },
            expected_version=case.version,
            today=NOW.date(),
        )
    page = citizen.get(link).text
    assert "2026-11-23" in page and "达成调解协议" in page
    assert "内部笔记" not in page and "王调解" not in page  # only what is published
    rated = post_form(
        citizen,
        f"{link.replace('/portal/', '/portal/mediation/')}/rate",
        {"satisfaction": "satisfied"},
    )
    assert rated.status_code == 200 and "感谢您的评价" in rated.text
    with session_scope(platform.engine) as session:
        (rating,) = session.exec(select(MediationPortalRating)).all()
        period = Period.parse("2026-11")
        rows = satisfaction(session, select(OrgUnit.id), period)
        assert (rating.org_id, 1, 1) in [tuple(r) for r in rows]


def test_bad_input_is_refused_and_a_village_without_a_committee_goes_to_the_township(
    platform, org_tree, world, citizen
) -> None:
    answer = apply(
        citizen,
        application(
            org_tree, applicant_id_number="110101199003074515", consent="", community_id=""
        ),
    )
    assert answer.status_code == 422
    assert "请选择纠纷发生地所在的村（社区）" in answer.text
    assert "请阅读并同意个人信息保护说明" in answer.text
    assert "邻居新砌院墙" in answer.text
    bad_phone = apply(citizen, application(org_tree, phone="12345"))
    assert bad_phone.status_code == 422 and "11位手机号码" in bad_phone.text
    with session_scope(platform.engine) as session:
        assert session.exec(select(MediationCase)).all() == []
    # 后刘村 has no committee of its own: the township's takes the application.
    done = apply(citizen, application(org_tree, community_id=str(org_tree.village_b)))
    assert done.status_code == 200, done.text
    with session_scope(platform.engine) as session:
        (case,) = session.exec(select(MediationCase)).all()
    assert case.committee_id == world["township"]


def test_codes_are_refused_when_wrong_expired_reused_or_tried_too_often(
    platform, org_tree, world, citizen
) -> None:
    link = link_of(apply(citizen, application(org_tree)).text)
    none_yet = post_form(citizen, f"{link}/verify", {"code": "123456"})
    assert none_yet.status_code == 422 and "请先获取验证码" in none_yet.text
    post_form(citizen, f"{link}/code", {})
    good = latest_code(platform)
    wrong = post_form(
        citizen, f"{link}/verify", {"code": "000000" if good != "000000" else "111111"}
    )
    assert wrong.status_code == 422 and "验证码不正确，还可以再试4次" in wrong.text
    assert post_form(citizen, f"{link}/verify", {"code": good}).status_code == 303
    citizen.cookies.clear()
    reused = post_form(citizen, f"{link}/verify", {"code": good})
    assert reused.status_code == 422 and "该验证码已使用或已失效" in reused.text
    post_form(citizen, f"{link}/code", {})
    with session_scope(platform.engine) as session:
        code = session.exec(select(PortalCode).order_by(PortalCode.id.desc())).first()  # type: ignore[union-attr]
        code.expires_at = datetime.now(UTC) - timedelta(seconds=1)
    expired = post_form(citizen, f"{link}/verify", {"code": latest_code(platform)})
    assert expired.status_code == 422 and "验证码已过期" in expired.text
    post_form(citizen, f"{link}/code", {})
    for _ in range(4):
        post_form(citizen, f"{link}/verify", {"code": "99999x"})
    last = post_form(citizen, f"{link}/verify", {"code": "99999x"})
    assert "错误次数过多，已失效" in last.text
    after = post_form(citizen, f"{link}/verify", {"code": latest_code(platform)})
    assert after.status_code == 422  # the code died with the fifth wrong try
    with session_scope(platform.engine) as session:
        stored = session.exec(select(PortalCode.code_hash)).all()
        assert all(len(h) == 64 and not h.isdigit() for h in stored)  # only keyed hashes


def test_another_applications_link_shows_nothing_and_actions_need_the_code(
    platform, org_tree, world, citizen
) -> None:
    mine = link_of(apply(citizen, application(org_tree)).text)
    theirs = link_of(
        apply(
            citizen,
            application(
                org_tree,
                phone="13800000001",
                applicant_name="孙五",
                applicant_id_number=ID_NUMBERS[2],
                respondent_name="周六",
                respondent_id_number=ID_NUMBERS[3],
            ),
        ).text
    )
    prove(citizen, platform, mine)
    other = citizen.get(theirs)
    assert "获取验证码" in other.text and "孙五" not in other.text and "第2号" not in other.text
    forged = post_form(citizen, f"{theirs.replace('/portal/', '/portal/mediation/')}/withdraw", {})
    assert forged.status_code == 303  # sent to prove the code first; nothing changed
    with session_scope(platform.engine) as session:
        assert {c.status for c in session.exec(select(MediationCase)).all()} == {"registered"}
    unknown = citizen.get("/portal/a/not-a-real-token")
    assert unknown.status_code == 404 and "链接无效" in unknown.text
    # The applicant withdraws their own before acceptance.
    withdrawn = post_form(citizen, f"{mine.replace('/portal/', '/portal/mediation/')}/withdraw", {})
    assert withdrawn.status_code == 200 and "已撤回" in withdrawn.text
    with session_scope(platform.engine) as session:
        apps = {a.token_hash: a for a in session.exec(select(PortalApplication)).all()}
        assert all(len(h) == 64 for h in apps)  # the token itself is never stored


def test_the_sixth_application_in_an_hour_from_one_phone_is_refused(
    platform, org_tree, world, citizen
) -> None:
    for n in range(5):
        data = application(
            org_tree,
            applicant_id_number=ID_NUMBERS[0],
            respondent_name=f"钱{n}",
            respondent_id_number="",
        )
        assert apply(citizen, data).status_code == 200
    sixth = apply(citizen, application(org_tree, respondent_name="钱六", respondent_id_number=""))
    assert sixth.status_code == 429
    assert "同一手机号码一小时内最多提交5件申请" in sixth.text
    with session_scope(platform.engine) as session:
        assert len(session.exec(select(MediationCase)).all()) == 5
    # The development outbox lists the messages only while its setting is on.
    outbox = citizen.get("/portal/dev/outbox")
    assert outbox.status_code == 200 and outbox.text.count("您的申请已提交") == 5
    assert "13905341234" not in outbox.text  # phones masked there too
    platform.settings.portal_dev_sms = False
    assert citizen.get("/portal/dev/outbox").status_code == 404


def test_a_refusal_shows_its_coded_reason_and_each_change_is_texted(
    platform, org_tree, world, citizen
) -> None:
    from mediation.services.intake import refuse_case
    from mediation.settings import MediationSettings

    from core.portal.access import notify_status_changes

    link = link_of(apply(citizen, application(org_tree)).text)
    with session_scope(platform.engine) as session:
        assert notify_status_changes(session, platform.settings, platform.host) == 0  # no news
        (case,) = session.exec(select(MediationCase)).all()
        refuse_case(
            session,
            case.id,
            {"refusal_reason": "already_handled", "refusal_note": "内部：已在派出所调解过"},
            expected_version=case.version,
            today=NOW.date(),
            settings=MediationSettings(),
        )
        assert notify_status_changes(session, platform.settings, platform.host) == 1
        assert notify_status_changes(session, platform.settings, platform.host) == 0  # closed
        texts = session.exec(select(PortalOutbox.text).where(PortalOutbox.kind == "status")).all()
    assert [t.split("进度更新：")[1].split("。")[0] for t in texts] == ["不予受理"]
    prove(citizen, platform, link)
    page = citizen.get(link).text
    assert "不予受理" in page and "人民法院、公安机关或者其他行政机关已经受理或者解决的" in page
    assert "派出所" not in page  # the staff's note is not published
    assert 'id="withdraw-form"' not in page
