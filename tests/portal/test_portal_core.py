"""The portal layer of the core (issue 24): modules offer kinds through ``sifa_portal_kinds``
(checked when the host loads), and the core's code rules — hashed, expiring, single use,
limited tries — hold at the service level."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from core.db import session_scope
from core.platform import Platform
from core.portal.declarations import PortalKind, owned_kinds, portal_kinds
from core.portal.service import (
    CodeRefused,
    PortalRefusal,
    check_code,
    issue_code,
    normal_phone,
    open_application,
    phone_limited,
    session_application_id,
    session_cookie,
)

SECRET = "s3cret"
NOW = datetime(2026, 11, 23, 2, 0, tzinfo=UTC)


def test_sifa_portal_kinds_are_collected_and_checked(platform: Platform) -> None:
    kinds = portal_kinds(platform.host)
    assert kinds["testplugin.request"].apply_url == "/portal/testplugin/apply"
    assert "mediation.dispute" in kinds and "legal_aid.application" in kinds
    assert platform.host.get("testplugin").contributions.portal_routes == []  # sifa_portal_routes
    foreign = PortalKind("other.kind", "甲", "A", "", "", "apply", status=lambda s, i: None)  # type: ignore[arg-type, return-value]
    with pytest.raises(ValueError, match=r"must be 'testplugin\.<kind>'"):
        owned_kinds("testplugin", [foreign])


def test_codes_expire_are_used_once_and_die_after_five_wrong_tries(
    platform: Platform, org_tree
) -> None:
    with session_scope(platform.engine) as session:
        app, _ = open_application(
            session,
            SECRET,
            kind="testplugin.request",
            record_id=1,
            org_id=org_tree.bureau,
            number="T1",
            phone="13905341234",
            now=NOW,
        )
        code = issue_code(session, SECRET, app, NOW)
        with pytest.raises(CodeRefused, match="已过期"):
            check_code(session, SECRET, app, code, NOW + timedelta(minutes=10))
        code = issue_code(session, SECRET, app, NOW)
        check_code(session, SECRET, app, code, NOW + timedelta(minutes=9))
        with pytest.raises(CodeRefused, match="已使用"):
            check_code(session, SECRET, app, code, NOW + timedelta(minutes=9))
        code = issue_code(session, SECRET, app, NOW)
        for _ in range(4):
            with pytest.raises(CodeRefused, match="不正确"):
                check_code(session, SECRET, app, "x", NOW)
        with pytest.raises(CodeRefused, match="错误次数过多"):
            check_code(session, SECRET, app, "x", NOW)
        with pytest.raises(CodeRefused, match="已使用或已失效"):
            check_code(session, SECRET, app, code, NOW)
        issue_code(session, SECRET, app, NOW)
        issue_code(session, SECRET, app, NOW)  # five codes this hour
        with pytest.raises(PortalRefusal, match="过于频繁"):
            issue_code(session, SECRET, app, NOW)
        assert not phone_limited(session, SECRET, "13905341234", NOW)
    cookie = session_cookie(SECRET, 7, NOW)
    assert session_application_id(SECRET, cookie, NOW + timedelta(minutes=29)) == 7
    assert session_application_id(SECRET, cookie, NOW + timedelta(minutes=31)) is None
    assert session_application_id("other", cookie, NOW) is None
    assert session_application_id(SECRET, cookie.replace("7.", "8.", 1), NOW) is None
    assert normal_phone("+86 139-0534-1234") == "13905341234"
