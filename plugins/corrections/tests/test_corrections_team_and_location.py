"""Acceptance 3: a female subject's team cannot be saved without a woman member; electronic
location cannot be switched on without a ground and an approval, and switches off after its
term."""

from __future__ import annotations

from datetime import timedelta

import pytest
from corrections.errors import InvalidInput
from corrections.jobs import run_daily
from corrections.models import CorrectionsLocation, CorrectionsTeamMember
from corrections.services.location import switch_on
from corrections.services.supervision import save_team
from corrections_support import SETTINGS, TODAY, supervised
from sqlmodel import select

from core.db import session_scope

MEN = [
    {"name": "王所员", "member_type": "01", "sex": "male"},
    {"name": "李社工", "member_type": "02", "sex": "male"},
]


def test_a_female_subjects_team_cannot_be_saved_without_a_woman(platform, org_tree) -> None:
    with session_scope(platform.engine) as session:
        subject = supervised(session, org_tree.station_a, sex="female")
        with pytest.raises(InvalidInput) as refused:
            save_team(session, subject, MEN, "female")
        assert "矫正小组中应有女性成员" in refused.value.errors["team"]
        assert session.exec(select(CorrectionsTeamMember)).all() == []
        saved = save_team(
            session,
            subject,
            [*MEN, {"name": "赵妇联", "member_type": "04", "sex": "female"}],
            "female",
        )
        assert len(saved) == 3


def test_a_male_subjects_team_may_be_all_men(platform, org_tree) -> None:
    with session_scope(platform.engine) as session:
        subject = supervised(session, org_tree.station_a, sex="male")
        assert len(save_team(session, subject, MEN, "male")) == 2


def _location(**overrides):
    data = {"ground": "prohibition", "approved_on": TODAY.isoformat(), "months": "3", **overrides}
    return data


def test_location_needs_a_legal_ground_and_the_heads_approval(platform, org_tree) -> None:
    with session_scope(platform.engine) as session:
        subject = supervised(session, org_tree.station_a)
        with pytest.raises(InvalidInput) as no_ground:
            switch_on(
                session,
                subject,
                _location(ground=""),
                approved_by="张局长",
                settings=SETTINGS,
                today=TODAY,
            )
        assert "五种情形" in no_ground.value.errors["ground"]
        with pytest.raises(InvalidInput) as no_approval:
            switch_on(session, subject, _location(), approved_by="", settings=SETTINGS, today=TODAY)
        assert "负责人批准" in no_approval.value.errors["approved_by"]
        with pytest.raises(InvalidInput) as too_long:
            switch_on(
                session,
                subject,
                _location(months="4"),
                approved_by="张局长",
                settings=SETTINGS,
                today=TODAY,
            )
        assert "1 至 3 个月" in too_long.value.errors["months"]
        assert session.exec(select(CorrectionsLocation)).all() == []


def test_location_switches_off_after_its_term(platform, org_tree) -> None:
    with session_scope(platform.engine) as session:
        subject = supervised(session, org_tree.station_a)
        row = switch_on(
            session, subject, _location(), approved_by="张局长", settings=SETTINGS, today=TODAY
        )
        assert row.active and row.end_on == TODAY.replace(month=2, year=2027) - timedelta(days=1)
        row_id, end = row.id, row.end_on

    def sessions():
        return session_scope(platform.engine)

    run_daily(sessions, platform.host, end)  # the last day: still on
    with session_scope(platform.engine) as session:
        assert session.get(CorrectionsLocation, row_id).active
    run_daily(sessions, platform.host, end + timedelta(days=1))
    with session_scope(platform.engine) as session:
        row = session.get(CorrectionsLocation, row_id)
        assert not row.active and row.switched_off_on == end + timedelta(days=1)
