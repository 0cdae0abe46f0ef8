"""Due items added in bulk (issue 19: a job opening 20,000 rounds) are the items one by one
would have made — timing, escalation schedule, audit — and a second run adds nothing."""

from __future__ import annotations

import pytest
from sqlmodel import Session, col, select

from core.audit.models import AuditRecord
from core.reminders.bulk import add_new_due_items
from core.reminders.errors import InvalidDueItem
from core.reminders.models import DueItem
from core.reminders.service import DueItemSpec, DueSource, sync_due_items
from tests.reminders.conftest import T0
from tests.reminders.support import DAY

FIELDS = (
    "key",
    "kind",
    "title_zh",
    "title_en",
    "url",
    "org_id",
    "account_id",
    "due_at",
    "soon_at",
    "provisional_note",
    "notified_stage",
    "escalation_level",
    "next_escalation_at",
    "done_at",
)


def _specs(staff) -> list[tuple[int, DueItemSpec]]:
    return [
        (n, DueItemSpec("reply", f"答复{n}", T0 + n * DAY, org, person, url=f"/x/{n}"))
        for n, (org, person) in enumerate(
            [
                (staff.tree.village_a, staff.mediator),
                (staff.tree.station_a, None),
                (staff.tree.village_b, staff.mediator_b),
            ],
            start=1,
        )
    ]


def _items(session: Session, entity: str) -> list[tuple]:
    rows = session.exec(
        select(DueItem).where(DueItem.entity == entity).order_by(col(DueItem.entity_id))
    ).all()
    return [tuple(getattr(i, f) for f in FIELDS) for i in rows]


def test_bulk_items_equal_items_added_one_by_one_and_twice_adds_nothing(platform, staff) -> None:
    with Session(platform.engine) as session:
        for entity_id, spec in _specs(staff):
            sync_due_items(session, DueSource("core", "single", entity_id), [spec], now=T0)
        assert add_new_due_items(session, "core", "bulk", _specs(staff), now=T0) == 3
        session.commit()
        assert add_new_due_items(session, "core", "bulk", _specs(staff), now=T0) == 0
        session.commit()
        assert _items(session, "bulk") == _items(session, "single")
        batch = session.exec(select(AuditRecord).where(AuditRecord.action == "bulk_insert")).all()
        assert [r.details["entity_ids"] for r in batch] == [["1", "2", "3"]]


def test_a_bad_spec_adds_nothing(platform, staff) -> None:
    specs = [*_specs(staff), (9, DueItemSpec("reply", "答复", T0, 999_999))]
    with Session(platform.engine) as session:
        with pytest.raises(InvalidDueItem):
            add_new_due_items(session, "core", "bulk", specs, now=T0)
        session.rollback()
        assert _items(session, "bulk") == []
