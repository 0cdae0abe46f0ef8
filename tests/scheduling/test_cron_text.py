"""Cron schedules in words, as the jobs page shows them."""

from __future__ import annotations

import pytest

from core.scheduling.cron import InvalidSchedule
from core.scheduling.cron_text import describe_schedule


@pytest.mark.parametrize(
    ("expression", "zh", "en"),
    [
        ("17 3 * * *", "每天 03:17", "daily at 03:17"),
        ("* * * * *", "每分钟", "every minute"),
        ("*/10 * * * *", "每 10 分钟", "every 10 minutes"),
        ("41 * * * *", "每小时第 41 分", "hourly at :41"),
        ("0 */2 * * *", "每 2 小时（第 0 分）", "every 2 hours at :00"),
        ("0 8,14 * * *", "每天 08:00、14:00", "daily at 08:00, 14:00"),
        ("0 9 * * mon-fri", "每周一至周五 09:00", "every Mon–Fri at 09:00"),
        ("0 9 * * 6,0", "每周六至周日 09:00", "every Sat–Sun at 09:00"),  # Monday-first week
        ("@weekly", "每周日 00:00", "every Sun at 00:00"),
        ("0 8 1 * *", "每月 1 日 08:00", "monthly on day 1 at 08:00"),
        ("0 0 1 * mon", "每月 1 日及每周一 00:00", "monthly on day 1 and every Mon at 00:00"),
        (
            "30 9 15 3,6,9,12 *",
            "每年 3、6、9、12 月 15 日 09:30",
            "yearly on Mar, Jun, Sep, Dec 15 at 09:30",
        ),
        (
            "*/15 9-17 * * 1-5",
            "每周一至周五，9至17 时，每 15 分钟",
            "every Mon–Fri; hours 9–17; every 15 minutes",
        ),
        ("0-10 3 * * *", "每天，3 时，第 0至10 分", "daily; hours 3; minutes 0–10"),
    ],
)
def test_schedules_read_as_a_sentence(expression: str, zh: str, en: str) -> None:
    assert describe_schedule(expression) == zh
    assert describe_schedule(expression, "en") == en


def test_an_invalid_schedule_is_refused_not_described() -> None:
    with pytest.raises(InvalidSchedule):
        describe_schedule("61 * * * *")
