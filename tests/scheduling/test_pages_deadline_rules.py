"""The deadline rules page: declared defaults, a bureau's own version, validation, reset."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from litestar.testing import TestClient
from sqlmodel import Session, select

from core.platform import Platform
from core.scheduling.deadlines import DeadlineUnit
from core.scheduling.models import DeadlineRuleOverride
from core.scheduling.rules import effective_rule
from tests.exports.support import signed_in
from tests.support.auth import post_form

RULE = "testplugin.reply"  # declared by the test plugin: 7 natural days


@pytest.fixture
def admin(platform: Platform, org_tree) -> Iterator[TestClient[Any]]:
    with signed_in(platform, "rules.admin", {"system_admin": None}) as c:
        yield c


def rule_row(html: str, code: str = RULE) -> str:
    match = re.search(rf'<tr data-rule="{re.escape(code)}".*?</tr>', html, re.S)
    assert match, f"no row for {code}"
    return match.group(0)


def save(client: TestClient[Any], org_id: int, version: int = 0, **fields: str) -> Any:
    form = {
        "code": RULE,
        "org_id": str(org_id),
        "version": str(version),
        "amount": "10",
        "unit": "working_days",
        "roll_past_rest_days": "1",
        "note": "鲁司〔2026〕12号",
    }
    form.update(fields)
    return post_form(client, "/calendar/rules/edit", form)


def rule_for(platform: Platform, org_id: int) -> tuple[int, DeadlineUnit]:
    with Session(platform.engine) as session:
        rule = effective_rule(session, RULE, org_id)
    return rule.amount, rule.unit


def test_every_declared_rule_is_listed_with_its_default(admin, org_tree) -> None:
    page = admin.get(f"/calendar/rules?org_id={org_tree.bureau}")
    assert page.status_code == 200
    row = rule_row(page.text)
    assert "答复期限" in row and "测试插件" in row
    assert "7 自然日" in row and "起算日不计入" in row and "末日遇节假日顺延" in row
    assert 'data-amount="7" data-unit="natural_days"' in row


def test_a_stations_override_changes_the_rule_for_that_station_only(
    admin, platform, org_tree
) -> None:
    response = save(admin, org_tree.station_a)
    assert response.status_code == 303
    assert response.headers["location"] == f"/calendar/rules?org_id={org_tree.station_a}&done=saved"
    assert rule_for(platform, org_tree.station_a) == (10, DeadlineUnit.WORKING_DAYS)
    assert rule_for(platform, org_tree.village_a) == (10, DeadlineUnit.WORKING_DAYS)  # below it
    assert rule_for(platform, org_tree.station_b) == (7, DeadlineUnit.NATURAL_DAYS)
    assert rule_for(platform, org_tree.bureau) == (7, DeadlineUnit.NATURAL_DAYS)
    station_a = rule_row(admin.get(f"/calendar/rules?org_id={org_tree.station_a}").text)
    assert (
        "10 工作日" in station_a and "本机构设置" in station_a and "鲁司〔2026〕12号" in station_a
    )
    village = rule_row(admin.get(f"/calendar/rules?org_id={org_tree.village_a}").text)
    assert "沿用 市中街道司法所 的设置" in village


def test_invalid_values_are_refused_with_422_and_a_message_per_field(
    admin, platform, org_tree
) -> None:
    response = save(admin, org_tree.bureau, amount="十天", unit="fortnights", note="x" * 201)
    assert response.status_code == 422
    assert (
        'data-error="amount"' in response.text and "期限须为 1 至 3650 之间的整数" in response.text
    )
    assert 'data-error="unit"' in response.text and "请选择期限单位" in response.text
    assert 'data-error="note"' in response.text
    assert 'value="十天"' in response.text  # the input is kept
    hours = save(admin, org_tree.bureau, amount="48", unit="hours", start_day_counts="1")
    assert hours.status_code == 422 and 'data-error="start_day_counts"' in hours.text
    assert save(admin, org_tree.bureau, amount="0").status_code == 422
    with Session(platform.engine) as session:
        assert session.exec(select(DeadlineRuleOverride)).all() == []


def test_resetting_goes_back_to_the_default(admin, platform, org_tree) -> None:
    save(admin, org_tree.station_a)
    response = post_form(
        admin, "/calendar/rules/reset", {"code": RULE, "org_id": str(org_tree.station_a)}
    )
    assert response.status_code == 303 and response.headers["location"].endswith("done=reset")
    assert rule_for(platform, org_tree.station_a) == (7, DeadlineUnit.NATURAL_DAYS)
    assert "本机构设置" not in rule_row(
        admin.get(f"/calendar/rules?org_id={org_tree.station_a}").text
    )


def test_a_save_from_an_outdated_form_gets_409_and_keeps_the_input(
    admin, platform, org_tree
) -> None:
    save(admin, org_tree.bureau, amount="15")  # someone else, version 0 -> 1
    response = save(admin, org_tree.bureau, version=0, amount="20")
    assert response.status_code == 409
    assert 'id="conflict"' in response.text and "15 工作日" in response.text
    assert 'value="20"' in response.text and 'name="version" value="1"' in response.text
    assert rule_for(platform, org_tree.bureau) == (15, DeadlineUnit.WORKING_DAYS)
    assert save(admin, org_tree.bureau, version=1, amount="20").status_code == 303
    assert rule_for(platform, org_tree.bureau) == (20, DeadlineUnit.WORKING_DAYS)


def test_a_station_administrator_edits_only_inside_the_station(platform, org_tree) -> None:
    with signed_in(platform, "station.a", {"system_admin": org_tree.station_a}) as client:
        page = client.get("/calendar/rules")
        assert page.status_code == 200 and "市中街道司法所" in page.text
        assert "郑店镇司法所" not in page.text
        assert client.get(f"/calendar/rules?org_id={org_tree.station_b}").status_code == 404
        assert save(client, org_tree.station_b).status_code == 404
        assert save(client, org_tree.bureau).status_code == 404
        assert (
            client.get(f"/calendar/rules/edit?code={RULE}&org_id={org_tree.station_b}").status_code
            == 404
        )
        assert save(client, org_tree.village_a).status_code == 303
    assert rule_for(platform, org_tree.village_a) == (10, DeadlineUnit.WORKING_DAYS)


def test_an_unknown_rule_is_404(admin, org_tree) -> None:
    url = f"/calendar/rules/edit?code=testplugin.nothing&org_id={org_tree.bureau}"
    assert admin.get(url).status_code == 404
    assert save(admin, org_tree.bureau, code="testplugin.nothing").status_code == 404


def test_staff_without_the_permission_get_403_and_strangers_the_login_page(
    platform, org_tree, client
) -> None:
    anonymous = client.get("/calendar/rules", follow_redirects=False)
    assert anonymous.status_code == 303
    with signed_in(platform, "head", {"station_head": org_tree.station_a}) as head:
        assert head.get("/calendar/rules").status_code == 403
        assert save(head, org_tree.station_a).status_code == 403
