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
