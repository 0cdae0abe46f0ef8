"""The inbox pages: colours, escalated items, marking done and read, the badge, 逾期统计."""

from __future__ import annotations

import re

from sqlmodel import Session, select

from core.reminders.models import DueItem, NotificationAddress
from tests.reminders.conftest import T0
from tests.reminders.support import DAY, add_item, scan
from tests.support.auth import csrf_headers, post_form


def rows(client, url: str = "/inbox") -> dict[int, str]:
    """item id → state of every due item row on the page."""
    response = client.get(url)
    assert response.status_code == 200, response.text
    return {
        int(item): state
        for item, state in re.findall(r'data-item="(\d+)" data-state="(\w+)"', response.text)
    }


def badge(client) -> int:
    text = client.get("/inbox/count").text
    found = re.search(r'class="inbox-count"[^>]*>(\d+)<', text)
    return int(found.group(1)) if found else 0


def test_acceptance_5_red_in_the_inbox_then_the_supervisors_done_clears_everywhere(
    platform, staff, signed_in, clock
) -> None:
    item = add_item(
        platform,
        T0,
        title_zh="回访邻里纠纷当事人",
        due_at=T0 + DAY,
        org_id=staff.tree.village_a,
        account_id=staff.mediator,
    )
    mediator, head, leader = signed_in("wang_tj"), signed_in("li_sz"), signed_in("zhao_jz")
    assert rows(mediator) == {item: "due_soon"}  # amber before the due time
    assert rows(head) == {}

    signed_in.advance(days=1)  # the due time passes: red, and the mediator is told
    scan(platform, clock.now)
    page = mediator.get("/inbox").text
    assert rows(mediator) == {item: "overdue"}
    assert 'class="due-red"' in page and "state-red" in page
    assert "逾期：回访邻里纠纷当事人" in page  # the unread notification
    assert badge(mediator) == 1
    assert rows(head) == {} and badge(head) == 0

    signed_in.advance(hours=23)  # not yet a full day overdue
    scan(platform, clock.now)
    assert rows(head) == {}

    signed_in.advance(hours=1)  # the escalation delay has passed: the station head sees it
    scan(platform, clock.now)
    assert rows(head) == {item: "overdue"}
    assert "红灯预警 第1级" in head.get("/inbox").text
    assert badge(head) == 1
    assert rows(head, "/inbox?relation=escalated") == {item: "overdue"}
    assert rows(head, "/inbox?relation=mine") == {}
    assert rows(leader) == {}

    response = post_form(mediator, "/inbox/done", {"item_id": item})
    assert response.status_code == 303
    for client in (mediator, head):  # cleared everywhere
        assert rows(client) == {}
        assert badge(client) == 0
        assert rows(client, "/inbox?state=done") == {item: "done"}
    signed_in.advance(days=5)
    scan(platform, clock.now)
    assert rows(leader) == {} and badge(leader) == 0  # done items escalate no further
    with Session(platform.engine) as session:
        assert session.get(DueItem, item).done_by == staff.mediator


def test_a_supervisor_it_reached_may_mark_it_done_and_htmx_gets_the_table(
    platform, staff, signed_in, clock
) -> None:
    item = add_item(
        platform,
        T0,
        title_zh="补充卷宗",
        due_at=T0 + DAY,
        org_id=staff.tree.village_a,
        account_id=staff.mediator,
    )
    signed_in.advance(days=3)
    scan(platform, clock.now)
    head = signed_in("li_sz")
    response = head.post(
        "/inbox/done",
        data={"item_id": item, "state": "open", "relation": "all"},
        headers={**csrf_headers(head), "HX-Request": "true"},
    )
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<div id="inbox-items">')
    assert response.headers["hx-trigger"] == "sifa:inbox-changed"
    with Session(platform.engine) as session:
        assert session.get(DueItem, item).done_by == staff.head_a


def test_someone_elses_item_or_notification_is_a_404(platform, staff, signed_in, clock) -> None:
    item = add_item(
        platform,
        T0,
        title_zh="回访",
        due_at=T0 + DAY,
        org_id=staff.tree.village_a,
        account_id=staff.mediator,
    )
    signed_in.advance(days=2)
    scan(platform, clock.now)  # the head of station A has it; station B's never
    outsider = signed_in("zhou_sz")
    assert post_form(outsider, "/inbox/done", {"item_id": item}).status_code == 404
    assert post_form(outsider, "/inbox/done", {"item_id": 99999}).status_code == 404
    assert post_form(outsider, "/inbox/done", {"item_id": "x"}).status_code == 404
    mediator = signed_in("wang_tj")
    notification = re.search(r'name="notification_id" value="(\d+)"', mediator.get("/inbox").text)
    assert notification
    assert (
        post_form(outsider, "/inbox/read", {"notification_id": notification.group(1)}).status_code
        == 404
    )
    assert badge(mediator) == 1
    with Session(platform.engine) as session:
        assert session.get(DueItem, item).done_at is None


def test_marking_read_lowers_the_badge(platform, staff, signed_in, clock) -> None:
    for n in range(3):
        add_item(
            platform,
            T0,
            entity_id=n,
            title_zh=f"事项{n}",
            due_at=T0 + DAY,
            org_id=staff.tree.village_a,
            account_id=staff.mediator,
        )
    scan(platform, T0)
    mediator = signed_in("wang_tj")
    assert badge(mediator) == 3
    first = re.search(r'name="notification_id" value="(\d+)"', mediator.get("/inbox").text)
    response = mediator.post(
        "/inbox/read",
        data={"notification_id": first.group(1)},
        headers={**csrf_headers(mediator), "HX-Request": "true"},
    )
    assert response.status_code == 200 and 'id="inbox-unread"' in response.text
    assert badge(mediator) == 2
    assert "data-notification" in mediator.get("/inbox/notifications?show=all").text
    assert post_form(mediator, "/inbox/read", {"all": "1"}).status_code == 303
    assert badge(mediator) == 0
    assert mediator.get("/inbox/count").text.strip() == ""


def test_the_layout_carries_the_polled_badge(platform, staff, signed_in) -> None:
    page = signed_in("wang_tj").get("/inbox").text
    assert 'hx-get="/inbox/count"' in page
    assert 'hx-trigger="load, every 60s, sifa:inbox-changed from:body"' in page


def test_leaders_see_overdue_counts_by_station_of_their_subtree(
    platform, staff, signed_in, clock
) -> None:
    a = dict(org_id=staff.tree.village_a, account_id=staff.mediator)
    b = dict(org_id=staff.tree.village_b, account_id=staff.mediator_b)
    add_item(platform, T0, entity_id=1, title_zh="甲一", due_at=T0 + DAY, **a)
    add_item(platform, T0, entity_id=2, title_zh="甲二", due_at=T0 + 2 * DAY, **a)
    add_item(platform, T0, entity_id=3, title_zh="乙一", due_at=T0 + DAY, **b)
    add_item(platform, T0, entity_id=4, title_zh="乙二", due_at=T0 + 9 * DAY, **b)  # due soon
    add_item(
        platform, T0, entity_id=5, title_zh="局里的", due_at=T0 + DAY, org_id=staff.tree.bureau
    )
    signed_in.advance(days=4)
    scan(platform, clock.now)

    page = signed_in("zhao_jz").get("/inbox/overdue").text
    counts = dict(
        (int(org), tuple(int(n) for n in numbers))
        for org, *numbers in re.findall(
            r'data-org="(\d+)".*?<td class="number">(\d+)</td>\s*<td class="number">(\d+)</td>\s*<td class="number">(\d+)</td>',
            page,
            re.S,
        )
    )
    assert counts == {
        staff.tree.station_a: (2, 2, 0),  # overdue, escalated, due soon
        staff.tree.station_b: (1, 1, 0),
        staff.tree.bureau: (1, 0, 0),
    }
    head = signed_in("li_sz")  # a station head: only the station's own subtree
    assert re.findall(r'data-org="(\d+)"', head.get("/inbox/overdue").text) == [
        str(staff.tree.station_a)
    ]
    assert head.get(f"/inbox/overdue?station={staff.tree.station_b}").status_code == 404
    assert head.get(f"/inbox/overdue?org_id={staff.tree.station_b}").status_code == 404
    drill = head.get(f"/inbox/overdue?station={staff.tree.station_a}").text
    assert "甲一" in drill and "甲二" in drill and "乙一" not in drill
    assert signed_in("wang_tj").get("/inbox/overdue").status_code == 403


def test_staff_enter_where_they_receive_notifications(platform, staff, signed_in) -> None:
    mediator = signed_in("wang_tj")
    form = mediator.get("/inbox/channels").text
    assert 'name="address-testplugin.sms"' in form and "站内通知" in form
    refused = post_form(mediator, "/inbox/channels", {"address-testplugin.sms": "12345"})
    assert refused.status_code == 422
    assert "手机号码格式不正确" in refused.text and 'value="12345"' in refused.text
    saved = post_form(mediator, "/inbox/channels", {"address-testplugin.sms": "138-0013-8000"})
    assert saved.status_code == 303
    with Session(platform.engine) as session:
        stored = session.exec(select(NotificationAddress)).all()
    assert [(a.account_id, a.channel, a.address) for a in stored] == [
        (staff.mediator, "testplugin.sms", "13800138000")
    ]
    assert post_form(mediator, "/inbox/channels", {"address-testplugin.sms": ""}).status_code == 303
    with Session(platform.engine) as session:
        assert session.exec(select(NotificationAddress)).all() == []


def test_filters_and_pages_of_the_inbox(platform, staff, signed_in, clock) -> None:
    for n in range(30):
        add_item(
            platform,
            T0,
            entity_id=n,
            title_zh=f"事项{n}",
            due_at=T0 + (n % 3) * DAY + DAY,
            org_id=staff.tree.village_a,
            account_id=staff.mediator,
        )
    signed_in.advance(days=1)
    mediator = signed_in("wang_tj")
    assert set(rows(mediator, "/inbox?state=overdue").values()) == {"overdue"}
    assert len(rows(mediator, "/inbox?state=overdue")) == 10
    assert set(rows(mediator, "/inbox?state=due_soon").values()) == {"due_soon"}
    first, second = rows(mediator), rows(mediator, "/inbox?state=open&relation=all&page=2")
    assert len(first) == 25 and len(second) == 5 and not set(first) & set(second)
    partial = mediator.get("/inbox?state=bogus", headers={"HX-Request": "true"})
    assert partial.headers["vary"] == "HX-Request" and "<html" not in partial.text


def test_the_inbox_speaks_english_too(platform, staff, signed_in) -> None:
    add_item(
        platform,
        T0,
        title_zh="回访",
        title_en="Return visit",
        due_at=T0 + DAY,
        org_id=staff.tree.village_a,
        account_id=staff.mediator,
    )
    scan(platform, T0)
    mediator = signed_in("wang_tj")
    mediator.cookies.set("sifa_locale", "en")
    page = mediator.get("/inbox").text
    assert "Due items" in page and "Mark done" in page and "Due soon" in page
    assert "Due soon: Return visit" in page  # the notification, in English
    assert "Return visit" in page and "回访" not in page
