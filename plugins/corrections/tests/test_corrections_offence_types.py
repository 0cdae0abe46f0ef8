"""Offence type as a code list (issue 23): the intake form offers the ten chapters of the
Criminal Law, an empty choice is classified from the offence's words, a choice not on the
list is refused on the form, and the migration classified the records entered before."""

from __future__ import annotations

import importlib.util
from datetime import date
from pathlib import Path

import pytest
from corrections import offence_types
from corrections.models import CorrectionsSubject
from corrections_pages_support import client_for
from corrections_support import subject
from sqlalchemy import text
from sqlmodel import Session, select
from test_corrections_pages import START, _receive

from core.db import session_scope
from web.testing import FakeClock

MIGRATION = next(
    (Path(offence_types.__file__).parent / "migrations").glob("*corrections0005_offence_type.py")
)


@pytest.mark.parametrize(
    ("offence", "kind"),
    [
        ("危险驾驶罪", "public_safety"),
        ("交通肇事罪", "public_safety"),
        ("合同诈骗罪", "market_order"),  # chapter 3's fraud before chapter 5's
        ("诈骗罪", "property"),
        ("盗窃罪", "property"),
        ("故意伤害罪", "person_rights"),
        ("帮助信息网络犯罪活动罪", "social_order"),
        ("盗伐林木罪", "social_order"),
        ("受贿罪", "corruption"),
        ("玩忽职守罪", "dereliction"),
        ("非法吸收公众存款罪", "market_order"),
        ("组织、领导传销活动罪", ""),  # not a keyword: left for staff to pick
    ],
)
def test_the_offence_words_point_to_their_chapter(offence: str, kind: str) -> None:
    assert offence_types.guess(offence) == kind


def test_the_intake_form_classifies_refuses_and_keeps_a_pick(platform, org_tree) -> None:
    clock = FakeClock(START)
    with client_for(platform, "clerk", {"station_staff": org_tree.station_a}, clock) as client:
        form = client.get("/m/corrections/subjects/new").text
        assert 'id="field-offence_type"' in form and "妨害社会管理秩序罪" in form

        guessed, response = _receive(client, clock, org_tree.station_a)  # 危险驾驶罪, no type
        assert response.status_code == 303
        assert "危害公共安全罪" in client.get(f"/m/corrections/subjects/{guessed}").text

        with Session(platform.engine) as session:
            before = len(session.exec(select(CorrectionsSubject)).all())
        _, refused = _receive(client, clock, org_tree.station_a, offence_type="not_a_type")
        assert refused.status_code == 422 and "请从列表中选择犯罪类型" in refused.text
        with Session(platform.engine) as session:
            assert len(session.exec(select(CorrectionsSubject)).all()) == before

        picked, _ = _receive(
            client,
            clock,
            org_tree.station_a,
            offence="组织、领导传销活动罪",
            offence_type="social_order",
        )
        with Session(platform.engine) as session:
            assert session.get(CorrectionsSubject, picked).offence_type == "social_order"  # type: ignore[union-attr]


def test_the_migration_classifies_records_entered_before_the_list(platform, org_tree) -> None:
    spec = importlib.util.spec_from_file_location("corrections0005", MIGRATION)
    migration = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(migration)  # type: ignore[union-attr]
    offences = {"信用卡诈骗罪": "market_order", "诈骗罪": "property", "寻衅滋事罪": "social_order"}
    offences["组织、领导传销活动罪"] = ""
    with session_scope(platform.engine) as session:
        ids = {
            subject(session, org_tree.station_a, offence=o, today=date(2026, 11, 2)).id: o
            for o in offences
        }
        session.execute(text("UPDATE corrections_subject SET offence_type = ''"))
    with platform.engine.begin() as connection:
        migration.backfill(connection)
    with Session(platform.engine) as session:
        for sid, offence in ids.items():
            assert session.get(CorrectionsSubject, sid).offence_type == offences[offence], offence  # type: ignore[union-attr]
