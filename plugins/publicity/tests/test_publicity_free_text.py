"""A plan's themes keep their Chinese punctuation as typed (issue 21, defect 2)."""

from __future__ import annotations

from publicity.models import PublicityPlan
from publicity.services.plans import save_plan
from publicity_support import make_unit

from core.db import session_scope

THEMES = "宪法宣传（12月4日）；民法典进农村：婚姻家庭编，继承编"


def test_the_themes_are_stored_as_typed(platform, org_tree) -> None:
    with session_scope(platform.engine) as session:
        unit = make_unit(session, org_tree.station_a)
        plan = save_plan(
            session,
            {"year": "2027", "themes": THEMES, "q1": "3", "q2": "3", "q3": "3", "q4": "3"},
            unit=unit,
            default_period="九五普法",
        )
        plan_id = plan.id
    with session_scope(platform.engine) as session:
        assert session.get(PublicityPlan, plan_id).themes == THEMES


def test_a_plan_below_the_yearly_minimum_is_flagged(platform, org_tree, admin_client) -> None:
    """Issue 21, defect 13: a plan under the bureau's minimum was accepted silently."""
    from tests.support.auth import post_form

    with session_scope(platform.engine) as session:
        unit = make_unit(session, org_tree.station_b, name="郑店镇司法所普法组")
    low = post_form(
        admin_client,
        f"/m/publicity/units/{unit.id}/plans/new",
        {"year": "2027", "q1": "2", "q2": "2", "themes": "宪法宣传"},
    )
    assert low.status_code == 303
    page = admin_client.get(low.headers["location"]).text
    assert 'id="plan-below-minimum"' in page and "年度最低场次（20 场）" in page
    enough = post_form(
        admin_client,
        f"/m/publicity/units/{unit.id}/plans/new",
        {"year": "2028", "q1": "5", "q2": "5", "q3": "5", "q4": "5", "themes": "民法典"},
    )
    assert 'id="plan-below-minimum"' not in admin_client.get(enough.headers["location"]).text
