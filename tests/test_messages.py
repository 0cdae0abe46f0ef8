"""core.messages: a message raised in Chinese before anyone knows the reader's language is
shown in the reader's language, its data untouched (issue 21, defect 12)."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

from core import i18n
from core.messages import Message, UserError, localize

DOMAIN = "messagestest"


class SampleMessage(Message):
    domain = DOMAIN


class SampleError(UserError):
    domain = DOMAIN


@pytest.fixture(autouse=True)
def catalogue(tmp_path: Path):
    catalog = Catalog(locale="en", domain=DOMAIN)
    catalog.add("{name}本月已排{count}次，达到每月上限", "{name} already has {count} sittings")
    catalog.add("律师", "Lawyer")
    catalog.add("请选择{what}", "Choose the {what}")
    catalog.add("该场次已取消", "The session was cancelled")
    folder = tmp_path / "en" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    with (folder / f"{DOMAIN}.po").open("wb") as f:
        write_po(f, catalog)
    i18n.register_domain(DOMAIN, tmp_path)
    yield
    i18n.register_domain(DOMAIN, tmp_path / "gone")


def test_a_message_is_its_chinese_text_and_translates_its_template_then_fills_it() -> None:
    message = SampleMessage("{name}本月已排{count}次，达到每月上限", name="张律师", count=4)
    assert message == "张律师本月已排4次，达到每月上限"
    assert message.localized("zh") == "张律师本月已排4次，达到每月上限"
    assert message.localized("en") == "张律师 already has 4 sittings"  # the name is data


def test_marked_values_are_translated_and_lists_joined_as_each_language_joins() -> None:
    choose = SampleMessage("请选择{what}", what=SampleMessage("律师"))
    assert (choose, choose.localized("en")) == ("请选择律师", "Choose the Lawyer")
    several = SampleMessage("{items}", items=(SampleMessage("律师"), "张三"))
    assert (several, several.localized("en")) == ("律师、张三", "Lawyer, 张三")


def test_an_error_uses_the_raise_sites_english_else_the_catalogues() -> None:
    assert SampleError("该场次已取消").localized("en") == "The session was cancelled"
    assert SampleError("该场次已取消", "Cancelled").message_en == "Cancelled"
    assert str(SampleError("该场次已取消")) == "该场次已取消"
    assert localize("未收录的话", "en", DOMAIN) == "未收录的话"  # no entry: the Chinese shows


def test_a_broken_translation_shows_the_chinese_rather_than_failing() -> None:
    broken = SampleMessage("请选择{what}", what="x")
    broken.template = "请选择{missing}"  # as if the catalogue's entry named another field
    assert broken.localized("en") == "请选择x"
