"""Plugin pages come out in English with the ``sifa_locale=en`` cookie: their own catalogue
answers, and no mixed Chinese/English labels remain (data such as organisation names aside)."""

from __future__ import annotations

import html
import re

CJK = re.compile(r"[\u4e00-\u9fff][\u4e00-\u9fff\w（）()：:，、；。“”]*")
#: Data of the test organisation tree and accounts, and the language switcher's own name.
DATA = re.compile(r"乐陵市司法局|市中街道.*|郑店镇.*|前进社区.*|后刘村.*|中文|系统管理员")

PAGES = {
    "/m/mediation/ledger": "Mediation ledger",
    "/m/clinic/rota": "Clinic rota",
    "/m/corrections/subjects": "Subjects",
    "/m/legal_aid/cases": "Legal aid cases",
    "/m/publicity/plans": "Yearly legal publicity plans",
    "/dashboard": "Leaders' dashboard",
}


def _chinese_left(page: str) -> set[str]:
    body = re.sub(r"<script.*?</script>|<style.*?</style>", "", page, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", body)
    return {hit for hit in CJK.findall(text) if not DATA.fullmatch(hit)}


def test_plugin_pages_render_in_english_with_the_locale_cookie(admin_client) -> None:
    admin_client.cookies.set("sifa_locale", "en")
    left = {}
    for url, heading in PAGES.items():
        response = admin_client.get(url)
        assert response.status_code == 200, url
        page = html.unescape(response.text)
        assert heading in page, url
        if found := _chinese_left(page):
            left[url] = found
    assert left == {}

    admin_client.cookies.delete("sifa_locale")  # the installation's default: Chinese
    response = admin_client.get("/m/mediation/ledger")
    assert "调解台账" in response.text and "Mediation ledger" not in response.text


def test_dispute_types_are_named_in_english(admin_client, platform, org_tree) -> None:
    """Issue 21, defect 12: the 95 dispute types (纠纷类型) have English names; the intake
    form offers them in English when English is chosen, in Chinese otherwise."""
    from datetime import date

    from mediation import categories
    from mediation.services.committees import create_committee

    from core.db import session_scope

    with session_scope(platform.engine) as session:
        create_committee(
            session,
            {"parent_id": org_tree.village_a, "name": "前进社区人民调解委员会", "kind": "village",
             "short_name": "前进"},
            today=date(2026, 11, 2),
        )  # fmt: skip

    missing = [c.code for c in categories.all_categories().values() if not c.name_en]
    assert missing == []
    admin_client.cookies.set("sifa_locale", "en")
    page = html.unescape(admin_client.get("/m/mediation/cases/new").text)
    assert "0902 Use of homestead land" in page and "宅基地使用" not in page
    admin_client.cookies.delete("sifa_locale")
    assert "0902 宅基地使用" in admin_client.get("/m/mediation/cases/new").text


def test_national_key_dates_are_named_in_english(admin_client) -> None:
    """The publicity calendar names the national key dates in the reader's language."""
    admin_client.cookies.set("sifa_locale", "en")
    page = html.unescape(admin_client.get("/m/publicity/calendar").text)
    assert "Civil Code Month" in page and "民法典宣传月" not in page
    admin_client.cookies.delete("sifa_locale")
    assert "民法典宣传月" in admin_client.get("/m/publicity/calendar").text
