"""Optimistic locking: the one stale-save error and version check every record uses."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import pytest

import core.api
from core.locking import StaleRecord, check_version, touch


@dataclass
class Record:
    id: int
    version: int
    updated_at: datetime


def test_the_current_version_passes_and_none_skips_the_check() -> None:
    record = Record(7, 3, datetime(2030, 1, 1, tzinfo=UTC))
    check_version(record, 3)
    check_version(record, None)


def test_an_outdated_version_raises_with_both_numbers() -> None:
    with pytest.raises(StaleRecord) as caught:
        check_version(Record(7, 4, datetime(2030, 1, 1, tzinfo=UTC)), 3)
    error = caught.value
    assert (error.entity, error.record_id, error.expected, error.current) == ("Record", 7, 3, 4)
    assert str(error) == error.message
    assert "该记录已被他人修改（您打开的是第 3 版，当前为第 4 版）" in error.message
    assert "version 3" in error.message_en and "version 4" in error.message_en


def test_touch_bumps_version_and_time() -> None:
    record = Record(1, 1, datetime(2030, 1, 1, tzinfo=UTC))
    at = datetime(2031, 2, 3, tzinfo=UTC)
    touch(record, at)
    assert (record.version, record.updated_at) == (2, at)


def test_plugins_get_both_from_core_api() -> None:
    assert core.api.StaleRecord is StaleRecord and core.api.check_version is check_version
    assert {"StaleRecord", "check_version"} <= set(core.api.__all__)


# --- lock_for_change and conflict_on_duplicate, on a real database (both backends) -------


def _org(platform) -> int:
    from core.db import session_scope
    from core.orgs.models import OrgType
    from core.orgs.service import create_org

    with session_scope(platform.engine) as session:
        return create_org(session, name="乐陵市司法局", type=OrgType.BUREAU).id


def test_a_second_change_at_the_same_version_is_stale(platform) -> None:
    """Two requests that both saw version 1: the one that locks second is refused."""
    from sqlmodel import Session

    from core.api import lock_for_change
    from core.orgs.models import OrgUnit

    org_id = _org(platform)
    with Session(platform.engine) as first, Session(platform.engine) as second:
        mine, theirs = first.get(OrgUnit, org_id), second.get(OrgUnit, org_id)
        assert mine.version == theirs.version == 1  # both read version 1
        lock_for_change(first, mine, 1)
        mine.name = "乐陵市司法局（新）"
        touch(mine)
        first.commit()
        with pytest.raises(StaleRecord) as caught:
            lock_for_change(second, theirs, 1)
        assert (caught.value.expected, caught.value.current) == (1, 2)
        assert theirs.name == "乐陵市司法局（新）"  # re-read: the page shows what changed


def test_the_lock_rereads_the_row_and_leaves_the_version_to_touch(platform) -> None:
    from sqlmodel import Session

    from core.api import lock_for_change
    from core.orgs.models import OrgUnit

    org_id = _org(platform)
    with Session(platform.engine) as session:
        org = session.get(OrgUnit, org_id)
        org.name = "typed before the lock"
        assert lock_for_change(session, org, 1) is org
        assert (org.name, org.version) == ("乐陵市司法局", 1)
        lock_for_change(session, org, None)  # no version to compare: only locks
        session.rollback()


def test_a_row_deleted_meanwhile_is_not_found(platform) -> None:
    from sqlalchemy import delete
    from sqlmodel import Session

    from core.api import lock_for_change
    from core.orgs.models import OrgUnit

    org_id = _org(platform)
    with Session(platform.engine) as reader, Session(platform.engine) as deleter:
        org = reader.get(OrgUnit, org_id)
        reader.rollback()
        deleter.execute(delete(OrgUnit).where(OrgUnit.id == org_id))
        deleter.commit()
        with pytest.raises(LookupError):
            lock_for_change(reader, org, 1)


def test_a_racing_duplicate_insert_is_a_409_not_a_500(platform) -> None:
    from sqlmodel import Session, select

    from core.api import DuplicateSubmission, conflict_on_duplicate
    from core.identity.models import Role

    with Session(platform.engine) as session:
        session.add(Role(code="twice", label_zh="重复", label_en="twice"))
        session.commit()
        with pytest.raises(DuplicateSubmission) as caught, conflict_on_duplicate(session, "Role"):
            session.add(Role(code="twice", label_zh="重复", label_en="twice"))
        assert caught.value.message.startswith("该记录已由他人")
        assert isinstance(caught.value, StaleRecord)  # pages answer it like a stale save
        assert len(session.exec(select(Role).where(Role.code == "twice")).all()) == 1
