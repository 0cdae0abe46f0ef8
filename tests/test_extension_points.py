"""Extension points (issue 22): a plugin declares an organisation type and a code list.

The test plugin declares ``testplugin.notary`` (测试公证处, under a bureau or a city bureau)
and the code list ``testplugin.kind``; both appear in the organisation pages, on the
dictionaries page and in the plugin's own form, and the tree's rules and the form's
validation use them.
"""

from __future__ import annotations

import re

import pytest
from sqlmodel import select

from core.audit.models import AuditRecord
from core.codelists.models import CodeListEntry
from core.codelists.service import (
    CodeListError,
    add_code_entry,
    code_choices,
    code_label,
    is_active_code,
    set_code_entry_active,
)
from core.db import session_scope
from core.locking import StaleRecord
from core.orgs.errors import InvalidParent, UnknownOrgType
from core.orgs.service import create_org
from core.orgs.types import OrgTypeDecl
from core.plugins import Candidate, PluginHost, PluginMeta, hookimpl
from web.testing import post_form

KINDS = "testplugin.kind"


class _Declares:
    """A plugin declaring one organisation type, one code list and one referral source."""

    plugin_meta = PluginMeta(name="decl", label_zh="声明", label_en="Declares", version="1")

    def __init__(self, type_code: str, parents: tuple[str | None, ...]) -> None:
        self.type_code, self.parents = type_code, parents

    @hookimpl
    def sifa_org_types(self) -> list[OrgTypeDecl]:
        return [OrgTypeDecl(self.type_code, "公证处", "Notary office", parents=self.parents)]

    @hookimpl
    def sifa_code_lists(self) -> list[object]:
        from core.codelists.declarations import CodeEntry, CodeList

        return [CodeList("decl.kinds", "类别", "Kinds", (CodeEntry("a", "甲"),))]

    @hookimpl
    def sifa_referral_sources(self) -> list[object]:
        return []


def _load(obj: object) -> PluginHost:
    return PluginHost().load([Candidate("decl", "sifa-decl", "1", lambda: obj)])


def test_declarations_are_collected_and_bad_ones_keep_the_plugin_out() -> None:
    good = _load(_Declares("decl.notary", ("bureau", None)))
    record = good.get("decl")
    assert record.loaded, record.reason
    assert [t.code for t in record.contributions.org_types] == ["decl.notary"]
    assert [c.code for c in record.contributions.code_lists] == ["decl.kinds"]
    foreign = _load(_Declares("other.notary", ("bureau",))).get("decl")
    assert not foreign.loaded and "sifa_org_types" in foreign.reason
    nowhere = _load(_Declares("decl.notary", ("no_such_type",))).get("decl")
    assert not nowhere.loaded and "unknown parent types" in nowhere.reason


def test_a_declared_type_follows_the_tree_rules(platform, org_tree) -> None:
    with session_scope(platform.engine) as session:
        office = create_org(
            session, name="乐陵市公证处", type="testplugin.notary", parent_id=org_tree.bureau
        )
        assert office.type == "testplugin.notary" and office.division_code is None
        with pytest.raises(InvalidParent, match="测试公证处不能设在司法所之下"):
            create_org(
                session, name="所内公证处", type="testplugin.notary", parent_id=org_tree.station_a
            )
        with pytest.raises(UnknownOrgType):
            create_org(session, name="无名", type="testplugin.nothing", parent_id=org_tree.bureau)


def test_the_org_pages_offer_and_show_the_declared_type(platform, org_tree, admin_client) -> None:
    detail = admin_client.get(f"/orgs/{org_tree.bureau}").text
    assert '<option value="testplugin.notary"' in detail and "测试公证处" in detail
    station = admin_client.get(f"/orgs/{org_tree.station_a}").text
    assert "testplugin.notary" not in station  # not allowed under a station
    added = post_form(
        admin_client,
        f"/orgs/{org_tree.bureau}/children",
        {"name": "乐陵市公证处", "type": "testplugin.notary", "version": "1"},
    )
    assert added.status_code in (200, 303), added.text
    tree = admin_client.get(f"/orgs?focus={org_tree.bureau}").text
    assert "乐陵市公证处" in tree and "公证处</span>" in tree  # the badge's short label


def test_a_bureau_extends_a_code_list_and_a_station_switches_an_entry_off(
    platform, org_tree
) -> None:
    with session_scope(platform.engine) as session:
        assert code_choices(session, KINDS, org_tree.station_a) == [
            ("visit", "走访"),
            ("call", "电话回访"),
        ]
        add_code_entry(
            session, KINDS, org_tree.bureau, code="letter", label_zh="信函回访", position=30
        )
        with pytest.raises(CodeListError, match="已被使用"):
            add_code_entry(session, KINDS, org_tree.station_a, code="visit", label_zh="又一个")
        with pytest.raises(CodeListError, match="代码须为"):
            add_code_entry(session, KINDS, org_tree.bureau, code="有 空格", label_zh="x")
        set_code_entry_active(session, KINDS, org_tree.station_a, "visit", False)
    with session_scope(platform.engine) as session:
        assert [c for c, _ in code_choices(session, KINDS, org_tree.station_a)] == [
            "call",
            "letter",
        ]
        assert [c for c, _ in code_choices(session, KINDS, org_tree.station_b)] == [
            "visit",
            "call",
            "letter",
        ]
        assert not is_active_code(session, KINDS, "visit", org_tree.village_a)  # inherited
        assert code_label(session, KINDS, "visit", org_tree.station_a) == "走访"  # stored
        assert code_label(session, KINDS, "letter", org_tree.station_a, "en") == "信函回访"
        row = session.exec(select(CodeListEntry).where(CodeListEntry.code == "visit")).one()
        with pytest.raises(StaleRecord):
            set_code_entry_active(
                session, KINDS, org_tree.station_a, "visit", True, expected_version=row.version + 1
            )


def test_the_dictionary_page_adds_and_switches_entries_and_the_plugin_form_offers_them(
    platform, org_tree, admin_client
) -> None:
    listing = admin_client.get(f"/admin/dictionaries?org_id={org_tree.bureau}")
    assert listing.status_code == 200 and "测试事项类别" in listing.text
    url = f"/admin/dictionaries/list?code={KINDS}&org_id={org_tree.bureau}"
    assert "电话回访" in admin_client.get(url).text
    bad = post_form(
        admin_client,
        "/admin/dictionaries/entries",
        {"list_code": KINDS, "org_id": str(org_tree.bureau), "code": "a b", "label_zh": "信函"},
    )
    assert bad.status_code == 422 and "代码须为" in bad.text and 'value="信函"' in bad.text
    added = post_form(
        admin_client,
        "/admin/dictionaries/entries",
        {
            "list_code": KINDS,
            "org_id": str(org_tree.bureau),
            "code": "letter",
            "label_zh": "信函",
            "position": "30",
        },
    )
    assert added.status_code in (200, 303) and "信函" in admin_client.get(url).text
    switched = post_form(
        admin_client,
        "/admin/dictionaries/switch",
        {"list_code": KINDS, "org_id": str(org_tree.bureau), "code": "call", "active": "0"},
    )
    assert switched.status_code in (200, 303)
    stale = post_form(
        admin_client,
        "/admin/dictionaries/switch",
        {
            "list_code": KINDS,
            "org_id": str(org_tree.bureau),
            "code": "call",
            "active": "1",
            "version": "0",
        },
    )
    assert stale.status_code == 409 and "已被他人修改" in stale.text
    outside = admin_client.get("/admin/dictionaries/list?code=nobody.list")
    assert outside.status_code == 404
    with session_scope(platform.engine) as session:  # every change is in the audit trail
        audited = session.exec(
            select(AuditRecord.action).where(AuditRecord.entity == "code_list_entry")
        ).all()
        assert len(audited) == 2  # the entry added, the switch created

    from sifa_testplugin.models import TestpluginItem

    with session_scope(platform.engine) as session:
        item = TestpluginItem(org_id=org_tree.station_a, title="回访事项")
        session.add(item)
        session.flush()
        item_id = item.id
    page = admin_client.get(f"/m/testplugin/items/{item_id}").text
    options = re.findall(r'<option value="(\w+)"', page)
    assert options == ["visit", "letter"]  # call is off for the bureau's subtree
    refused = post_form(
        admin_client,
        f"/m/testplugin/items/{item_id}",
        {"version": "1", "title": "回访事项", "kind": "call"},
    )
    assert refused.status_code == 422 and "请从列表中选择类别" in refused.text
    saved = post_form(
        admin_client,
        f"/m/testplugin/items/{item_id}",
        {"version": "1", "title": "回访事项", "kind": "letter"},
    )
    assert saved.status_code == 200 and "类别：信函" in saved.text
