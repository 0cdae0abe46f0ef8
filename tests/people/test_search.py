"""One search box: name fragment, pinyin, full identity number or phone — within the scope."""

from __future__ import annotations

from dataclasses import astuple
from datetime import date

import pytest
from sqlmodel import Session

from core.people.search import PeopleQuery, parse_query, search_people
from core.people.service import register_person
from core.people.views import masked
from tests.people.conftest import Tree
from tests.people.factories import TODAY, person_data, resident_id

PEOPLE = [
    # name, id sequence, phone, station
    ("张三丰", 1, "13812345678", "a"),
    ("张三", 2, "13900000002", "a"),
    ("李四", 3, "0534-6212345", "a"),
    ("单田芳", 4, None, "a"),
    ("王小明", 5, "13700000005", "b"),
    ("张伟", 6, "13600000006", "b"),
]


@pytest.fixture
def registry(session: Session, tree: Tree) -> Tree:
    stations = {"a": tree.station_a, "b": tree.station_b}
    for name, sequence, phone, station in PEOPLE:
        register_person(
            session,
            person_data(name=name, id_number=resident_id(sequence), phone=phone),
            org_id=stations[station].id,
            today=TODAY,
        )
    register_person(
        session,
        person_data(
            name="John Smith",
            id_type="foreign_document",
            document_type="passport",
            document_number="E12345678",
            phone=None,
        ),
        org_id=tree.station_a.id,
    )
    session.flush()
    return tree


def names(session: Session, query: str, scope, **kwargs) -> list[str]:
    rows, total = search_people(session, query, org_ids_select=scope, **kwargs)
    assert total >= len(rows)
    return [row.name for row in rows]


def test_the_search_text_is_read_as_name_pinyin_or_number() -> None:
    assert parse_query("三丰") == PeopleQuery(name_fragment="三丰")
    assert parse_query(" ZSF ") == PeopleQuery(pinyin_prefix="zsf")
    assert parse_query("zhang san") == PeopleQuery(pinyin_prefix="zhangsan")
    number = resident_id(1)
    assert parse_query(number.lower()).resident_id == number
    assert parse_query("138 1234 5678").phone == "13812345678"
    assert parse_query("e1234 5678").document_number == "E12345678"
    assert parse_query("") == parse_query(None) == PeopleQuery()
    assert parse_query("１３８１２３４５６７８").phone == "13812345678"  # full-width digits
    partial = parse_query(resident_id(1)[:10])
    assert partial.resident_id is None, "a partial number is only ever matched exactly"
    assert parse_query("12") == PeopleQuery(name_fragment="12")


def test_search_by_name_fragment(session, registry) -> None:
    everywhere = Tree.scope(registry.bureau)
    assert names(session, "张", everywhere) == ["张三", "张三丰", "张伟"]
    assert names(session, "三丰", everywhere) == ["张三丰"]
    assert names(session, "%", everywhere) == [], "LIKE wildcards are taken literally"


def test_search_by_pinyin_initials_and_full_pinyin(session, registry) -> None:
    everywhere = Tree.scope(registry.bureau)
    assert names(session, "zsf", everywhere) == ["张三丰"]
    assert names(session, "zs", everywhere) == ["张三", "张三丰"]
    assert names(session, "zhangsan", everywhere) == ["张三", "张三丰"]
    assert names(session, "stf", everywhere) == ["单田芳"], "surname reading 单 = shan"
    assert names(session, "john", everywhere) == ["John Smith"]


def test_search_by_full_resident_id_only(session, registry) -> None:
    everywhere = Tree.scope(registry.bureau)
    assert names(session, resident_id(3), everywhere) == ["李四"]
    assert names(session, resident_id(3)[:10], everywhere) == [], "no partial number search"


def test_search_by_phone_in_any_written_form(session, registry) -> None:
    everywhere = Tree.scope(registry.bureau)
    assert names(session, "+86 138-1234-5678", everywhere) == ["张三丰"]
    assert names(session, "(0534) 6212345", everywhere) == ["李四"]
    assert names(session, "1381234", everywhere) == []


def test_search_by_foreign_document_number(session, registry) -> None:
    assert names(session, "e12345678", Tree.scope(registry.bureau)) == ["John Smith"]


def test_search_respects_the_org_scope(session, registry) -> None:
    station_a = Tree.scope(registry.station_a)
    assert names(session, "王小明", station_a) == []
    assert names(session, "wxm", station_a) == []
    assert names(session, resident_id(5), station_a) == []
    assert names(session, "13700000005", station_a) == []
    assert names(session, "张", station_a) == ["张三", "张三丰"]
    assert names(session, "王小明", Tree.scope(registry.station_b)) == ["王小明"]


def test_results_are_paginated_in_pinyin_name_order_with_a_total(session, registry) -> None:
    everywhere = Tree.scope(registry.bureau)
    everyone = ["John Smith", "李四", "单田芳", "王小明", "张三", "张三丰", "张伟"]
    assert names(session, "", everywhere, limit=50) == everyone
    rows, total = search_people(session, "", org_ids_select=everywhere, limit=3, offset=3)
    assert total == 7
    assert [row.name for row in rows] == everyone[3:6]
    with pytest.raises(ValueError):
        search_people(session, "", org_ids_select=everywhere, limit=0)


def test_search_results_and_masked_views_never_hold_a_full_number(session, registry) -> None:
    rows, _ = search_people(session, "", org_ids_select=Tree.scope(registry.bureau), limit=50)
    full_numbers = {resident_id(n) for _, n, _, _ in PEOPLE}
    full_numbers |= {phone for _, _, phone, _ in PEOPLE if phone} | {"E12345678"}
    for row in rows:
        shown = " ".join(str(value) for value in astuple(row)) + repr(row)
        assert not any(number in shown for number in full_numbers), shown
    zhang = next(row for row in rows if row.name == "张三丰")
    assert zhang.id_number_masked == resident_id(1)[:6] + "********" + resident_id(1)[-4:]
    assert zhang.phone_masked == "138****5678"
    assert not hasattr(zhang, "id_number") and not hasattr(zhang, "phone")
    assert not hasattr(zhang, "birth_date"), "the birth date would unmask the middle digits"
    smith = next(row for row in rows if row.name == "John Smith")
    assert smith.document_number_masked == "E1*******"


def test_masked_refuses_an_unsaved_person(session, tree) -> None:
    from core.people.models import Person

    with pytest.raises(ValueError):
        masked(
            Person(
                name="某人", id_type="none", org_id=tree.station_a.id, birth_date=date(1990, 1, 1)
            )
        )
