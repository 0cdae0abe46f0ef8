"""Deadline rules in force: the plugin's default unless a bureau up the tree overrides it."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import Session

from core.orgs.models import OrgType, OrgUnit
from core.plugins import PluginHost
from core.scheduling.deadlines import DeadlineRule, DeadlineUnit
from core.scheduling.rules import (
    InvalidRuleOverride,
    UnknownDeadlineRule,
    declared_rules,
    due_date,
    effective_rule,
    remove_rule_override,
    rules_of,
    set_rule_override,
)

REPLY = "testplugin.reply"  # the test plugin's rule: 7 natural days, rolled (the civil rule)


@pytest.fixture
def session(platform):
    with Session(platform.engine) as s:
        yield s


def org(session: Session, name: str, type_: OrgType, parent: OrgUnit | None = None) -> OrgUnit:
    unit = OrgUnit(name=name, type=type_, parent_id=parent.id if parent else None)
    session.add(unit)
    session.flush()
    unit.path = f"{parent.path if parent else '/'}{unit.id}/"
    unit.depth = parent.depth + 1 if parent else 0
    session.flush()
    return unit


@pytest.fixture
def tree(session):
    city = org(session, "宜昌市司法局", OrgType.CITY_BUREAU)
    county = org(session, "夷陵区司法局", OrgType.BUREAU, city)
    other = org(session, "远安县司法局", OrgType.BUREAU, city)
    station = org(session, "小溪塔司法所", OrgType.STATION, county)
    session.commit()
    return {"city": city, "county": county, "other": other, "station": station}


def test_sifa_deadline_rules_declarations_are_the_defaults(platform) -> None:
    rule = declared_rules()[REPLY]
    assert (rule.amount, rule.unit, rule.start_day_counts, rule.roll_past_rest_days) == (
        7,
        DeadlineUnit.NATURAL_DAYS,
        False,
        True,
    )
    assert rule.label_zh == "答复期限"
    assert rules_of(platform.host) == dict(declared_rules())


def test_without_an_override_the_plugin_default_applies(session, tree) -> None:
    assert effective_rule(session, REPLY, tree["station"].id) == declared_rules()[REPLY]
    assert effective_rule(session, REPLY) == declared_rules()[REPLY]


def test_effective_rule_honours_a_bureau_override_for_its_whole_subtree(session, tree) -> None:
    set_rule_override(
        session, tree["county"].id, REPLY, 5, DeadlineUnit.WORKING_DAYS, note="本省按工作日计算"
    )
    session.commit()
    for where in ("county", "station"):
        rule = effective_rule(session, REPLY, tree[where].id)
        assert (rule.amount, rule.unit) == (5, DeadlineUnit.WORKING_DAYS)
        assert rule.code == REPLY and rule.label_zh == "答复期限"
    assert effective_rule(session, REPLY, tree["other"].id).amount == 7


def test_the_nearest_override_up_the_tree_wins(session, tree) -> None:
    set_rule_override(session, tree["city"].id, REPLY, 10, "natural_days")
    set_rule_override(
        session, tree["county"].id, REPLY, 3, "natural_days", roll_past_rest_days=False
    )
    session.commit()
    assert effective_rule(session, REPLY, tree["station"].id).amount == 3
    assert effective_rule(session, REPLY, tree["other"].id).amount == 10
    assert remove_rule_override(session, tree["county"].id, REPLY)
    session.commit()
    assert effective_rule(session, REPLY, tree["station"].id).amount == 10


def test_due_date_applies_the_override_and_the_holiday_calendar(session, tree) -> None:
    # Default: 7 natural days from 2025-09-26 end on 10-03 (National Day) → 10-09.
    due = due_date(session, REPLY, date(2025, 9, 26), tree["station"].id)
    assert (due.due, due.rolled_from) == (date(2025, 10, 9), date(2025, 10, 3))
    set_rule_override(
        session, tree["county"].id, REPLY, 7, DeadlineUnit.NATURAL_DAYS, roll_past_rest_days=False
    )
    session.commit()
    due = due_date(session, REPLY, date(2025, 9, 26), tree["station"].id)
    assert (due.due, due.rolled) == (date(2025, 10, 3), False)


def test_a_date_in_a_year_without_a_schedule_is_provisional(session, tree) -> None:
    due = due_date(session, REPLY, date(2026, 12, 28), tree["station"].id)  # ends 2027-01-04
    assert due.due == date(2027, 1, 4) and due.provisional_years == (2027,)
    assert (due.rule_code, due.org_id) == (REPLY, tree["station"].id)


def test_changing_an_override_keeps_one_row_and_counts_the_version(session, tree) -> None:
    first = set_rule_override(session, tree["county"].id, REPLY, 5, "working_days")
    second = set_rule_override(session, tree["county"].id, REPLY, 6, "working_days")
    session.commit()
    assert first.id == second.id and second.version == 2 and second.amount == 6


@pytest.mark.parametrize(
    ("amount", "unit", "kwargs"),
    [(0, "natural_days", {}), (-3, "months", {}), (24, "hours", {"start_day_counts": True})],
)
def test_an_impossible_override_is_refused(session, tree, amount, unit, kwargs) -> None:
    with pytest.raises(InvalidRuleOverride, match=REPLY):
        set_rule_override(session, tree["county"].id, REPLY, amount, unit, **kwargs)


def test_unknown_rule_codes_are_refused(session, tree) -> None:
    with pytest.raises(UnknownDeadlineRule):
        effective_rule(session, "testplugin.nope", tree["county"].id)
    with pytest.raises(UnknownDeadlineRule):
        set_rule_override(session, tree["county"].id, "testplugin.nope", 3, "natural_days")


def test_a_rule_code_outside_the_plugins_name_fails_the_plugin() -> None:
    import types

    from core.plugins import Candidate, PluginMeta, PluginState, hookimpl

    module = types.ModuleType("fake_rules")
    module.plugin_meta = PluginMeta(name="rulesy", label_zh="规则", label_en="Rules", version="1")  # type: ignore[attr-defined]
    module.sifa_deadline_rules = hookimpl(  # type: ignore[attr-defined]
        lambda: [DeadlineRule("mediation.term", 1, DeadlineUnit.MONTHS)]
    )
    host = PluginHost().load([Candidate("rulesy", "sifa-rulesy", "1", lambda: module)])
    assert host.get("rulesy").state is PluginState.FAILED
    assert "rulesy." in host.get("rulesy").reason
