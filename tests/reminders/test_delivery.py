"""Copies of notifications on e-mail, SMS and the log: sent once, failures retried."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import timedelta

import pytest
from sqlmodel import Session, col, select

from core.modules.service import set_active
from core.reminders.addresses import save_addresses
from core.reminders.channels.base import ChannelError, OutgoingMessage
from core.reminders.channels.core_channels import EmailChannel, LogChannel
from core.reminders.channels.registry import external_channels, notification_channels
from core.reminders.delivery import MAX_ATTEMPTS, STALE_CLAIM, deliver_notifications, retry_delay
from core.reminders.models import DeliveryState, NotificationDelivery
from core.reminders.notifications import mark_read, notify
from core.reminders.service import complete_due_item
from core.settings import Settings
from tests.reminders.conftest import T0
from tests.reminders.smtp_server import SmtpTestServer
from tests.reminders.support import DAY, add_item


@pytest.fixture
def smtp() -> Iterator[SmtpTestServer]:
    with SmtpTestServer(user="sifa", password="Mail-Secret-42") as server:
        yield server


@pytest.fixture
def email(smtp: SmtpTestServer, tmp_path) -> EmailChannel:
    return EmailChannel(
        Settings(
            data_dir=tmp_path / "mail-settings",
            smtp_host="127.0.0.1",
            smtp_port=smtp.port,
            smtp_user="sifa",
            smtp_password="Mail-Secret-42",
            smtp_from="noreply@sifa.example.cn",
            smtp_tls="none",
        )
    )


@pytest.fixture
def sms():
    from sifa_testplugin.reminders import CHANNELS, GATEWAY

    GATEWAY.sent.clear()
    GATEWAY.failing = False
    yield CHANNELS[0]
    GATEWAY.sent.clear()
    GATEWAY.failing = False


class Boom:
    """A channel with a bug: it raises something that is not a ChannelError."""

    name = "boom"  # no plugin prefix: treated like a core channel, always on
    label_zh = label_en = "boom"
    needs_address = False

    def __init__(self) -> None:
        self.calls = 0

    def send(self, message: OutgoingMessage) -> None:
        self.calls += 1
        raise RuntimeError("channel bug")


def tell(platform, account_id: int, key: str, **fields) -> int:
    with Session(platform.engine) as session:
        row = notify(session, account_id, key=key, title_zh=f"通知{key}", now=T0, **fields)
        session.commit()
        return row.id  # type: ignore[union-attr]


def addresses(platform, account_id: int, channels, values: dict[str, str]) -> None:
    with Session(platform.engine) as session:
        save_addresses(session, account_id, channels, values)
        session.commit()


def deliveries(platform) -> dict[tuple[int, str], NotificationDelivery]:
    with Session(platform.engine) as session:
        return {
            (d.notification_id, d.channel): d
            for d in session.exec(
                select(NotificationDelivery).order_by(col(NotificationDelivery.id))
            )
        }


def deliver(platform, channels, now=T0):
    return deliver_notifications(
        platform.engine, channels, now, host=platform.host, public_url="https://sifa.example.cn"
    )


def test_the_smtp_channel_delivers_to_the_mail_server_once(platform, staff, smtp, email) -> None:
    addresses(platform, staff.head_a, [email], {"email": "li.suozhang@example.cn"})
    item = add_item(
        platform, T0, title_zh="回访当事人", due_at=T0 + DAY, org_id=staff.tree.station_a
    )
    nid = tell(platform, staff.head_a, "k1", body_zh="请及时办理。", url="/inbox", item_id=item)
    tell(platform, staff.mediator, "k2")  # no e-mail address: no e-mail

    report = deliver(platform, [email])
    assert (report.created, report.sent, report.failed) == (1, 1, 0)
    assert len(smtp.state.messages) == 1 and smtp.state.logins == ["sifa"]
    mail = smtp.state.messages[0]
    assert mail.recipients == ["li.suozhang@example.cn"]
    assert mail.sender == "noreply@sifa.example.cn"
    assert mail.message["Subject"] == "通知k1"
    assert "李所长" in mail.message["To"]
    body = mail.message.get_content()
    assert "请及时办理。" in body and "https://sifa.example.cn/inbox" in body
    assert deliveries(platform)[(nid, "email")].state == DeliveryState.SENT

    again = deliver(platform, [email], T0 + timedelta(minutes=1))
    assert (again.created, again.sent) == (0, 0)
    assert len(smtp.state.messages) == 1  # a re-run never sends twice


def test_a_failing_channel_blocks_no_other_and_is_retried_later(
    platform, staff, smtp, email, sms
) -> None:
    boom = Boom()
    for account, mail, mobile in (
        (staff.head_a, "li@example.cn", "13800138001"),
        (staff.leader, "zhao@example.cn", "13800138002"),
    ):
        addresses(platform, account, [email, sms], {"email": mail, "testplugin.sms": mobile})
    first = tell(platform, staff.head_a, "k1")
    second = tell(platform, staff.leader, "k2")
    sms.gateway.failing = True

    report = deliver(platform, [boom, sms, email])
    assert len(smtp.state.messages) == 2  # e-mail went out despite the others
    assert (report.sent, report.failed) == (2, 4)
    rows = deliveries(platform)
    assert rows[(first, "testplugin.sms")].state == DeliveryState.FAILED
    assert "短信发送失败" in rows[(first, "testplugin.sms")].last_error
    assert "RuntimeError: channel bug" in rows[(second, "boom")].last_error
    retry_at = rows[(first, "testplugin.sms")].next_attempt_at
    assert retry_at == T0 + retry_delay(1)

    sms.gateway.failing = False
    assert deliver(platform, [boom, sms, email], T0 + timedelta(minutes=1)).sent == 0  # not yet
    report = deliver(platform, [boom, sms, email], retry_at)
    assert report.by_channel == {"testplugin.sms": 2}
    assert sorted(sms.gateway.sent) == [
        ("13800138001", "【司法行政】通知k1"),
        ("13800138002", "【司法行政】通知k2"),
    ]
    assert len(smtp.state.messages) == 2  # nothing sent twice
    assert boom.calls == 4


def test_a_channel_that_keeps_failing_is_given_up_after_the_last_attempt(platform, staff) -> None:
    boom = Boom()
    nid = tell(platform, staff.head_a, "k1")
    now = T0
    for _ in range(MAX_ATTEMPTS):
        deliver(platform, [boom], now)
        now += timedelta(days=1)
    row = deliveries(platform)[(nid, boom.name)]
    assert (row.state, row.attempts, row.next_attempt_at) == (
        DeliveryState.FAILED,
        MAX_ATTEMPTS,
        None,
    )
    deliver(platform, [boom], now + timedelta(days=1))
    assert boom.calls == MAX_ATTEMPTS


def test_read_or_done_before_sending_means_not_sent(platform, staff, sms) -> None:
    addresses(platform, staff.mediator, [sms], {"testplugin.sms": "138 0013 8000"})
    item = add_item(
        platform,
        T0,
        title_zh="回访",
        due_at=T0 + DAY,
        org_id=staff.tree.village_a,
        account_id=staff.mediator,
    )
    read_one = tell(platform, staff.mediator, "k1")
    done_one = tell(platform, staff.mediator, "k2", item_id=item)
    sms.gateway.failing = True
    deliver(platform, [sms])  # both rows exist now, both failed once
    with Session(platform.engine) as session:
        mark_read(session, staff.mediator, read_one, now=T0)
        complete_due_item(session, item, by=staff.mediator, now=T0)
        session.commit()
    sms.gateway.failing = False
    report = deliver(platform, [sms], T0 + DAY)
    assert report.sent == 0 and sms.gateway.sent == []
    rows = deliveries(platform)
    assert rows[(read_one, sms.name)].state == DeliveryState.CANCELLED
    assert rows[(done_one, sms.name)].state == DeliveryState.CANCELLED


def test_a_send_interrupted_by_a_killed_worker_is_tried_again_after_a_while(
    platform, staff, sms
) -> None:
    addresses(platform, staff.mediator, [sms], {"testplugin.sms": "13800138000"})
    nid = tell(platform, staff.mediator, "k1")

    class DiesWhileSending:
        name, label_zh, label_en, needs_address = sms.name, "短信", "SMS", True

        def send(self, message: OutgoingMessage) -> None:
            raise KeyboardInterrupt  # the process dies here: nothing after runs

    with pytest.raises(KeyboardInterrupt):
        deliver(platform, [DiesWhileSending()])
    assert deliveries(platform)[(nid, sms.name)].state == DeliveryState.SENDING
    assert deliver(platform, [sms], T0 + STALE_CLAIM - timedelta(minutes=1)).sent == 0
    assert deliver(platform, [sms], T0 + STALE_CLAIM + timedelta(minutes=1)).sent == 1
    assert deliveries(platform)[(nid, sms.name)].attempts == 2
    assert deliver(platform, [sms], T0 + DAY).sent == 0
    assert len(sms.gateway.sent) == 1


def test_a_plugins_channel_reaches_only_staff_where_the_plugin_is_on(platform, staff, sms) -> None:
    addresses(platform, staff.mediator, [sms], {"testplugin.sms": "13800138000"})
    with Session(platform.engine) as session:
        set_active(session, platform.host, staff.tree.bureau, "testplugin", False)
        session.commit()
    tell(platform, staff.mediator, "k1")
    assert deliver(platform, [sms]).created == 0


def test_a_channel_switched_on_later_does_not_send_old_notifications(platform, staff) -> None:
    tell(platform, staff.mediator, "old")
    later = T0 + 2 * DAY
    with Session(platform.engine) as session:
        notify(session, staff.mediator, key="new", title_zh="新通知", now=later)
        session.commit()
    report = deliver(platform, [LogChannel()], later)
    assert (report.created, report.sent) == (1, 1)


def test_the_log_channel_writes_one_line_per_notification(platform, staff, caplog) -> None:
    tell(platform, staff.head_a, "k1", url="/inbox")
    with caplog.at_level(logging.INFO, logger="sifa.notifications"):
        deliver(platform, [LogChannel()])
    lines = [r.getMessage() for r in caplog.records if r.name == "sifa.notifications"]
    assert len(lines) == 1 and "通知k1" in lines[0] and "李所长" in lines[0]


def test_which_channels_are_on_follows_the_settings_and_the_plugins(platform, tmp_path) -> None:
    quiet = Settings(data_dir=tmp_path / "a", notify_log=False)
    assert [c.name for c in notification_channels(quiet)] == ["inapp"]
    full = Settings(data_dir=tmp_path / "b", smtp_host="mail.example.cn")
    names = [c.name for c in notification_channels(full, platform.host)]
    assert names == ["inapp", "log", "email", "testplugin.sms"]
    assert [c.name for c in external_channels(full, platform.host)] == names[1:]


def test_the_email_channel_refuses_bad_addresses_and_unreachable_servers(tmp_path) -> None:
    from core.reminders.errors import InvalidAddress

    channel = EmailChannel(
        Settings(data_dir=tmp_path, smtp_host="127.0.0.1", smtp_port=1, smtp_tls="none")
    )
    assert channel.check_address("  li@example.cn ") == "li@example.cn"
    with pytest.raises(InvalidAddress):
        channel.check_address("li at example")
    message = OutgoingMessage(1, 1, "李", "li@example.cn", "message", "标题", "", "", "", None, T0)
    with pytest.raises(ChannelError, match="SMTP"):
        channel.send(message)
