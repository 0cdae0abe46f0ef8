"""Module activation per bureau: installed is not active, off hides, data stays."""

from __future__ import annotations

import pytest
from sifa_testplugin.models import TestpluginNote
from sifa_testplugin.plugin import MODULE_EVENTS
from sqlmodel import Session, select

from core.locking import StaleRecord
from core.modules.service import (
    ModuleError,
    SettingsInvalid,
    active_plugins,
    set_active,
    settings_for,
    update_settings,
)
from core.orgs.models import OrgType, OrgUnit


def add_org(session: Session, name: str, type_: OrgType, parent: OrgUnit | None = None) -> OrgUnit:
    org = OrgUnit(name=name, type=type_, parent_id=parent.id if parent else None)
    session.add(org)
    session.flush()
    org.path = f"{parent.path if parent else '/'}{org.id}/"
    org.depth = parent.depth + 1 if parent else 0
    session.flush()
    return org


@pytest.fixture
def tree(platform):
    with Session(platform.engine, expire_on_commit=False) as s:
        city = add_org(s, "德州市司法局", OrgType.CITY_BUREAU)
        a = add_org(s, "乐陵市司法局", OrgType.BUREAU, city)
        b = add_org(s, "禹城市司法局", OrgType.BUREAU, city)
        sa = add_org(s, "杨安镇司法所", OrgType.STATION, a)
        sb = add_org(s, "辛店镇司法所", OrgType.STATION, b)
        s.commit()
        return {"city": city, "a": a, "b": b, "sa": sa, "sb": sb}


def test_installed_plugins_are_off_until_a_bureau_turns_them_on(platform, tree) -> None:
    with Session(platform.engine) as s:
        assert active_plugins(s, platform.host, tree["sa"].id) == frozenset()


def test_turning_on_for_one_bureau_covers_its_subtree_and_nothing_else(platform, tree) -> None:
    MODULE_EVENTS.clear()
    with Session(platform.engine) as s:
        set_active(s, platform.host, tree["a"].id, "testplugin", True)
        s.commit()
        assert "testplugin" in active_plugins(s, platform.host, tree["sa"].id)
        assert "testplugin" in active_plugins(s, platform.host, tree["a"].id)
        assert "testplugin" not in active_plugins(s, platform.host, tree["sb"].id)
    assert [("enabled", tree["a"].id)] == MODULE_EVENTS


def test_a_city_wide_activation_can_be_overridden_by_one_county(platform, tree) -> None:
    with Session(platform.engine) as s:
        set_active(s, platform.host, tree["city"].id, "testplugin", True)
        set_active(s, platform.host, tree["b"].id, "testplugin", False)
        s.commit()
        assert "testplugin" in active_plugins(s, platform.host, tree["sa"].id)
        assert "testplugin" not in active_plugins(s, platform.host, tree["sb"].id)


def test_turning_off_keeps_the_data_and_on_again_brings_it_back(platform, tree) -> None:
    MODULE_EVENTS.clear()
    with Session(platform.engine) as s:
        set_active(s, platform.host, tree["a"].id, "testplugin", True)
        s.add(TestpluginNote(text="留存的数据"))
        s.commit()
        set_active(s, platform.host, tree["a"].id, "testplugin", False)
        s.commit()
        assert "testplugin" not in active_plugins(s, platform.host, tree["sa"].id)
        assert s.exec(select(TestpluginNote)).one().text == "留存的数据"
        set_active(s, platform.host, tree["a"].id, "testplugin", True)
        s.commit()
        assert "testplugin" in active_plugins(s, platform.host, tree["sa"].id)
    assert [e for e, _ in MODULE_EVENTS] == ["enabled", "disabled", "enabled"]


def test_only_bureaus_turn_modules_on(platform, tree) -> None:
    with Session(platform.engine) as s, pytest.raises(ModuleError, match="司法局"):
        set_active(s, platform.host, tree["sa"].id, "testplugin", True)


def test_failed_or_unknown_plugins_cannot_be_turned_on(platform, tree) -> None:
    with Session(platform.engine) as s:
        for name in ("testbroken", "nosuch"):
            with pytest.raises(ModuleError):
                set_active(s, platform.host, tree["a"].id, name, True)


def test_settings_default_from_the_schema_and_apply_per_bureau(platform, tree) -> None:
    with Session(platform.engine) as s:
        assert settings_for(s, platform.host, tree["sa"].id, "testplugin").notes_per_page == 20
        update_settings(s, platform.host, tree["a"].id, "testplugin", {"notes_per_page": "50"}, 1)
        s.commit()
        assert settings_for(s, platform.host, tree["sa"].id, "testplugin").notes_per_page == 50
        assert settings_for(s, platform.host, tree["sb"].id, "testplugin").notes_per_page == 20


def test_invalid_settings_are_refused_field_by_field_in_chinese(platform, tree) -> None:
    with Session(platform.engine) as s, pytest.raises(SettingsInvalid) as caught:
        update_settings(
            s,
            platform.host,
            tree["a"].id,
            "testplugin",
            {"notes_per_page": "abc", "greeting": "x" * 30},
            1,
        )
    assert caught.value.errors["notes_per_page"] == "请输入整数"
    assert "20" in caught.value.errors["greeting"]


def test_a_stale_settings_save_is_detected(platform, tree) -> None:
    with Session(platform.engine) as s:
        update_settings(s, platform.host, tree["a"].id, "testplugin", {"notes_per_page": 30}, 1)
        s.commit()
        update_settings(s, platform.host, tree["a"].id, "testplugin", {"notes_per_page": 40}, 1)
        s.commit()
        with pytest.raises(StaleRecord):
            update_settings(s, platform.host, tree["a"].id, "testplugin", {"notes_per_page": 60}, 1)


def test_sifa_module_enabled_and_sifa_module_disabled_reach_only_that_plugin(
    platform, tree
) -> None:
    MODULE_EVENTS.clear()
    with Session(platform.engine) as s:
        set_active(s, platform.host, tree["b"].id, "testplugin", True)
        set_active(s, platform.host, tree["b"].id, "testplugin", True)  # no change, no call
        set_active(s, platform.host, tree["b"].id, "testplugin", False)
    assert [("enabled", tree["b"].id), ("disabled", tree["b"].id)] == MODULE_EVENTS


def test_sifa_settings_schema_must_give_every_field_a_default(platform) -> None:
    schema = platform.host.get("testplugin").contributions.settings_schema
    assert set(schema.model_fields) == {"notes_per_page", "greeting"}
    assert schema().greeting == "你好"
