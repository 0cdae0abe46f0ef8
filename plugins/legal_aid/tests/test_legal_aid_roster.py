"""The roster page: practice numbers are checked, and a stale edit is refused with 409 and
what was typed kept."""

from __future__ import annotations

from datetime import date

from la_support import centre, provider
from legal_aid.models import LegalAidProvider

from core.db import session_scope
from web.testing import post_form


def test_roster_validation_and_stale_edit(platform, org_tree, admin_client) -> None:
    with session_scope(platform.engine) as session:
        centre_id = centre(session, org_tree.bureau)
        lawyer = provider(session, centre_id, "周律师", years=2)
        lawyer_id, version = lawyer.id, lawyer.version
    bad = post_form(
        admin_client,
        "/m/legal_aid/providers/new",
        {
            "centre_id": str(centre_id),
            "name": "吴律师",
            "kind": "lawyer",
            "practice_number": "",
            "relevant_years": "-1",
        },
    )
    assert bad.status_code == 422
    assert "须填写执业证号" in bad.text and "相关执业年限须在0到60之间" in bad.text
    assert "吴律师" in bad.text
    url = f"/m/legal_aid/providers/{lawyer_id}"
    saved = post_form(
        admin_client,
        url,
        {
            "version": str(version),
            "name": "周律师",
            "kind": "lawyer",
            "practice_number": "13714123456789",
            "relevant_years": "3",
            "active": "1",
        },
    )
    assert saved.status_code == 303
    stale = post_form(
        admin_client,
        url,
        {
            "version": str(version),
            "name": "周大律师",
            "kind": "lawyer",
            "practice_number": "13714123456789",
            "relevant_years": "9",
            "active": "1",
        },
    )
    assert stale.status_code == 409 and "周大律师" in stale.text
    with session_scope(platform.engine) as session:
        row = session.get(LegalAidProvider, lawyer_id)
        assert (row.name, row.relevant_years, row.active) == ("周律师", 3, True)


def test_staff_add_a_material_and_a_bad_file_is_refused(platform, org_tree, admin_client) -> None:
    from la_support import notice

    from tests.support.auth import csrf_headers

    with session_scope(platform.engine) as session:
        case_id = notice(
            session,
            centre(session, org_tree.bureau),
            date(2026, 11, 2),
            matter="notice_minor",
        ).id
    url = f"/m/legal_aid/cases/{case_id}/attachments"
    good = admin_client.post(
        url,
        data={"kind": "material"},
        files={"attachment": ("起诉书.pdf", b"%PDF-1.7 x", "application/pdf")},
        headers=csrf_headers(admin_client),
        follow_redirects=False,
    )
    assert good.status_code == 303
    assert "起诉书.pdf" in admin_client.get(f"/m/legal_aid/cases/{case_id}").text
    bad = admin_client.post(
        url,
        data={"kind": "material"},
        files={"attachment": ("照片.png", b"not a png", "image/png")},
        headers=csrf_headers(admin_client),
        follow_redirects=False,
    )
    assert bad.status_code == 422 and "内容与扩展名不符" in bad.text
