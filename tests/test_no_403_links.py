"""No link ends in 403 (issue 21, defect 9): the home cards show only modules the user can
open (and no version numbers), module menus only actions the user may take, and inbox items
whose page the user may not open show their title without a link."""

from __future__ import annotations

import re
from datetime import date

from core.db import session_scope
from core.reminders.service import DueSource, add_due_item
from tests.conftest import _signed_in_client


def _links(html: str) -> list[str]:
    cards = re.findall(r'<li class="card"[^>]*><a href="([^"]+)"', html)
    nav = html.split('<nav class="mainnav"', 1)[1].split("</nav>", 1)[0]
    return cards + re.findall(r'<a href="([^"]+)"', nav)


def test_home_cards_lead_only_where_the_user_may_go(platform, org_tree) -> None:
    for roles in (
        {"mediator": org_tree.village_a},
        {"bureau_leader": org_tree.bureau},
        {"station_staff": org_tree.station_a},
    ):
        name = "u_" + next(iter(roles))
        for client in _signed_in_client(platform, name, roles):
            home = client.get("/")
            assert home.status_code == 200
            assert not re.search(r"<small>\d+\.\d+\.\d+</small>", home.text)
            for href in _links(home.text):
                assert client.get(href).status_code != 403, (roles, href)


def test_an_inbox_item_the_user_may_not_open_has_no_link(platform, org_tree) -> None:
    from litestar.testing import TestClient

    from tests.support.auth import login, make_account
    from web.app import create_app

    with session_scope(platform.engine) as session:
        for name, roles in (
            ("leader", {"bureau_leader": org_tree.bureau}),
            ("boss", {"system_admin": org_tree.bureau}),
        ):
            account = make_account(session, name, roles=roles, host=platform.host)
            add_due_item(
                session,
                DueSource("core", "probe", account.id),
                title_zh="登记普法活动（宪法宣传周）",
                due_at=date.today(),
                org_id=org_tree.bureau,
                account_id=account.id,
                url="/admin/modules",
            )
            add_due_item(
                session,
                DueSource("core", "probe-form", account.id),
                title_zh="接收法律文书（王某）",
                due_at=date.today(),
                org_id=org_tree.bureau,
                account_id=account.id,
                url="/m/corrections/subjects/new",
            )
    with TestClient(app=create_app(platform=platform), raise_server_exceptions=False) as client:
        login(client, "leader")
        inbox = client.get("/inbox")
        assert "登记普法活动（宪法宣传周）" in inbox.text
        assert 'href="/admin/modules">登记普法活动' not in inbox.text
        # a form the leader may not use: the nearest page above it the leader may open
        assert 'href="/m/corrections/subjects">接收法律文书（王某）' in inbox.text
        assert client.get("/m/corrections/subjects").status_code == 200
        client.cookies.clear()
        login(client, "boss")
        assert 'href="/admin/modules">登记普法活动' in client.get("/inbox").text


def test_a_full_inbox_badge_says_what_waits_by_kind(platform, org_tree) -> None:
    """Issue 21, defect 16: a leader's badge read "99+"; it now counts by kind."""
    from litestar.testing import TestClient

    from core.reminders.notifications import notify
    from tests.support.auth import login, make_account
    from web.app import create_app

    with session_scope(platform.engine) as session:
        account = make_account(
            session, "busy_leader", roles={"bureau_leader": org_tree.bureau}, host=platform.host
        )
        for i in range(120):
            notify(
                session,
                account.id,
                key=f"probe:{i}",
                title_zh=f"提醒 {i}",
                kind="escalated" if i % 3 == 0 else "reminder",
            )
    with TestClient(app=create_app(platform=platform), raise_server_exceptions=False) as client:
        login(client, "busy_leader")
        badge = client.get("/inbox/count", headers={"HX-Request": "true"}).text
        assert "99+" not in badge and ">120<" in badge
        assert "到期提醒 80" in badge and "逾期升级 40" in badge
