"""The committee and mediator registers as services."""

from __future__ import annotations

import pytest
from mediation.errors import InvalidInput, MediationError
from mediation.services import committees, mediators
from mediation_support import TODAY, committee, mediator
from sqlmodel import Session, select

from core.db import session_scope
from core.locking import StaleRecord
from core.orgs.models import OrgType, OrgUnit
from core.orgs.service import create_org
from tests.support.auth import make_account


def test_an_existing_committee_node_can_be_registered_once(platform, org_tree) -> None:
    with session_scope(platform.engine) as session:
        node = create_org(
            session,
            name="市中街道人民调解委员会",
            type=OrgType.MEDIATION_COMMITTEE,
            parent_id=org_tree.station_a,
            committee_kind="township",
        )
        entry = committees.create_committee(
            session, {"org_id": node.id, "short_name": "市中"}, today=TODAY
        )
        assert entry.org_id == node.id
        visible = committees.unregistered_committee_nodes(session, select(OrgUnit.id))
        assert node.id not in [o.id for o in visible]
        with pytest.raises(InvalidInput) as caught:
            committees.create_committee(
                session, {"org_id": node.id, "short_name": "市中二"}, today=TODAY
            )
    assert caught.value.errors == {"org_id": "该调委会已登记"}


def test_editing_renames_the_node_and_refuses_a_stale_version(platform, org_tree) -> None:
    with session_scope(platform.engine) as session:
        entry = committee(session, org_tree.village_a, short_name="前进", name="前进调委会")
        committees.update_committee(
            session,
            entry.id,
            {"name": "前进社区人民调解委员会", "short_name": "前进社区"},
            expected_version=1,
            today=TODAY,
        )
        assert committees.committee_org(session, entry).name == "前进社区人民调解委员会"
        assert entry.short_name == "前进社区" and entry.version == 2
        with pytest.raises(StaleRecord):
            committees.update_committee(
                session, entry.id, {"name": "x", "short_name": "x"}, expected_version=1, today=TODAY
            )


def test_a_founding_date_in_the_future_is_refused(platform, org_tree) -> None:
    with Session(platform.engine) as session, pytest.raises(InvalidInput) as caught:
        committee(session, org_tree.village_a, established_on="2027-01-01")
    assert caught.value.errors == {"established_on": "成立日期不能晚于今天"}


def test_a_mediator_record_is_linked_to_one_account_only(platform, org_tree) -> None:
    with session_scope(platform.engine) as session:
        entry = committee(session, org_tree.village_a)
        first, second = mediator(session, entry.id, "王调解"), mediator(session, entry.id, "刘调解")
        me = make_account(
            session, "wang", roles={"mediator": org_tree.village_a}, host=platform.host
        )
        other = make_account(
            session, "liu", roles={"mediator": org_tree.village_a}, host=platform.host
        )
        mediators.link_account(session, first.id, me.id, expected_version=first.version)
        with pytest.raises(MediationError, match="已关联其他登录账号"):
            mediators.link_account(session, first.id, other.id, expected_version=first.version)
        with pytest.raises(MediationError, match="另一名调解员"):
            mediators.link_account(session, second.id, me.id, expected_version=second.version)


def test_the_yearly_training_check_counts_per_calendar_year(platform, org_tree) -> None:
    with session_scope(platform.engine) as session:
        entry = committee(session, org_tree.village_a)
        trained, untrained = (
            mediator(session, entry.id, "王调解"),
            mediator(session, entry.id, "刘调解"),
        )
        for held in ("2025-12-31", "2026-01-01", "2026-06-30"):
            mediators.add_training(
                session,
                trained.id,
                {"held_on": held, "title": "业务培训"},
                actor_id=None,
                today=TODAY,
            )
        counts = mediators.training_counts(session, [trained.id, untrained.id], 2026)
        assert counts == {trained.id: 2}
        assert mediators.training_counts(session, [trained.id, untrained.id], 2025) == {
            trained.id: 1
        }
        with pytest.raises(InvalidInput) as caught:
            mediators.add_training(
                session,
                trained.id,
                {"held_on": "2026-01-01", "title": "x", "hours": "0.25"},
                actor_id=None,
                today=TODAY,
            )
        assert set(caught.value.errors) == {"hours"}
