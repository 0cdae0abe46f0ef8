"""The case page shows labels, never codes (issue 21, defect 10: "migrant_wages")."""

from __future__ import annotations

from datetime import date

from la_support import application, centre

from core.db import session_scope


def test_the_exempt_group_is_shown_by_its_label(platform, org_tree, admin_client) -> None:
    with session_scope(platform.engine) as session:
        org_id = centre(session, org_tree.bureau)
        row = application(session, org_id, date(2026, 12, 1), exempt_group="migrant_wages")
        case_id = row.id
    page = admin_client.get(f"/m/legal_aid/cases/{case_id}")
    assert page.status_code == 200
    assert "申请支付劳动报酬或者工伤赔偿的农民工" in page.text
    assert "migrant_wages" not in page.text.split("<main")[1]


def test_the_public_page_does_not_send_a_citizen_to_the_staff_login(client) -> None:
    """Issue 21, defect 13: "首页" on the public application page led to /login."""
    page = client.get("/m/legal_aid/apply")  # the old address leads to the portal's form
    assert page.status_code == 200 and str(page.url).endswith("/portal/legal_aid/apply")
    assert '<a href="/">首页</a>' not in page.text
    assert 'class="p-brand" href="/portal"' in page.text


def test_the_case_list_names_the_applicant(platform, org_tree, admin_client) -> None:
    """Issue 21, defect 13: the queue showed no applicant; names are not masked."""
    with session_scope(platform.engine) as session:
        org_id = centre(session, org_tree.bureau, name="乐陵市法律援助中心二")
        application(session, org_id, date(2026, 12, 2), applicant_name="欧阳申请")
    page = admin_client.get("/m/legal_aid/cases")
    assert page.status_code == 200
    assert '<td class="applicant">欧阳申请</td>' in page.text
