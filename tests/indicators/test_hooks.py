"""The indicator hooks, seen from the core's side: what is collected, what is refused."""

from __future__ import annotations

import dataclasses
import types
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import text

from core.indicators.definitions import Direction, Indicator, ReportingDuty, Unit
from core.indicators.registry import catalogue
from core.indicators.widgets import DashboardWidget, KeyFigures
from core.plugins import Candidate, PluginHost, PluginMeta, PluginState, hookimpl


def plugin_declaring(**hooks: Any) -> Candidate:
    module = types.ModuleType("fake_figures")
    module.plugin_meta = PluginMeta(
        name="figures", label_zh="指标插件", label_en="Figures", version="1"
    )  # type: ignore[attr-defined]
    for name, value in hooks.items():
        setattr(module, name, hookimpl(lambda value=value: value()))
    return Candidate("figures", "sifa-figures", "1", lambda: module)


def no_rows(session: Any, org_ids: Any, period: Any) -> list[Any]:
    return []


def count(code: str) -> Indicator:
    return Indicator(
        code=code,
        label_zh="计数",
        label_en="Count",
        unit=Unit.COUNT,
        direction=Direction.HIGHER,
        query=no_rows,
        numerator_zh="件数",
        source_zh="测试",
    )


def test_sifa_indicators_are_collected_with_their_definitions(plugin_site) -> None:
    host = PluginHost().load()
    cat = catalogue(host)
    closure = cat.indicator("testplugin.closure_rate")
    assert (closure.unit, closure.direction, closure.target, closure.weight) == (
        Unit.PERCENT,
        Direction.HIGHER,
        Decimal(95),
        Decimal(30),
    )
    assert closure.ratio and closure.decimals == 1 and closure.scale == 100
    assert cat.indicator("testplugin.cases_received").decimals == 0
    assert cat.indicator("testplugin.subsidy").decimals == 2
    assert catalogue(host) is cat  # collected once per host


def test_sifa_reporting_duties_are_collected_and_linked_to_indicators(plugin_site) -> None:
    cat = catalogue(PluginHost().load())
    own = {code for code in cat.duties if code.startswith("testplugin.")}  # mediation has its own
    assert own == {"testplugin.case_entry", "testplugin.screening"}
    assert [d.code for d in cat.duties_of(cat.indicator("testplugin.late_cases"))] == [
        "testplugin.case_entry"
    ]
    assert cat.duties["testplugin.screening"].reporter_types == frozenset({"community"})


def test_sifa_dashboard_widgets_are_collected(plugin_site) -> None:
    cat = catalogue(PluginHost().load())
    assert {"testplugin.categories", "testplugin.summary"} <= set(cat.widgets)


@pytest.mark.parametrize(
    ("hooks", "reason"),
    [
        ({"sifa_indicators": lambda: [count("other.count")]}, "must start with the plugin's name"),
        ({"sifa_indicators": lambda: [count("figures.a"), count("figures.a")]}, "declared twice"),
        ({"sifa_indicators": lambda: ["figures.a"]}, "expected Indicator"),
        (
            {
                "sifa_reporting_duties": lambda: [
                    ReportingDuty("mediation.entry", "录入", "Entry", ("station",), no_rows)
                ]
            },
            "must start with the plugin's name",
        ),
        (
            {
                "sifa_dashboard_widgets": lambda: [
                    DashboardWidget("figures.w", "组件", "Widget", lambda s, o, p: KeyFigures([])),
                    DashboardWidget("figures.w", "组件", "Widget", lambda s, o, p: KeyFigures([])),
                ]
            },
            "declared twice",
        ),
    ],
)
def test_invalid_declarations_keep_the_plugin_out_with_a_reason(hooks: dict, reason: str) -> None:
    record = PluginHost().load([plugin_declaring(**hooks)]).get("figures")
    assert record.state is PluginState.FAILED
    assert reason in record.reason


def test_a_plugin_without_indicator_hooks_contributes_nothing() -> None:
    host = PluginHost().load([plugin_declaring()])
    assert host.get("figures").state is PluginState.LOADED
    cat = catalogue(host)
    assert (cat.indicators, cat.duties, cat.widgets) == ({}, {}, {})


def test_an_indicator_definition_is_checked_when_declared() -> None:
    with pytest.raises(ValueError, match=r"'<plugin>\.<name>'"):
        count("NoDot")
    with pytest.raises(ValueError, match="denominator_zh"):
        Indicator(
            code="figures.rate",
            label_zh="率",
            label_en="Rate",
            unit=Unit.PERCENT,
            direction=Direction.HIGHER,
            query=no_rows,
            numerator_zh="分子",
            source_zh="测试",
        )


def failing(session: Any, org_ids: Any, period: Any) -> list[Any]:
    session.execute(text("SELECT no_such_column FROM org_unit"))
    return []


def test_an_indicator_whose_query_fails_is_reported_and_the_others_still_show(
    platform, session, county
) -> None:
    from core.indicators.periods import Period
    from core.indicators.scorecard import scorecard
    from core.modules.service import set_active
    from core.orgs.models import OrgUnit
    from core.plugins import entry_point_candidates
    from tests.indicators.factories import TODAY

    broken = dataclasses.replace(count("figures.broken"), query=failing)
    host = PluginHost().load(
        [*entry_point_candidates(), plugin_declaring(sifa_indicators=lambda: [broken])]
    )
    set_active(session, host, county.bureau, "figures", True)
    session.commit()
    card = scorecard(
        session, host, session.get(OrgUnit, county.bureau), Period.parse("2026-10"), TODAY
    )
    assert [i.code for i in card.failed] == ["figures.broken"]
    assert "testplugin.closure_rate" in [line.indicator.code for line in card.lines]
