"""Free text is kept as typed: only identifiers are NFKC-normalised (issue 21, defect 2)."""

from __future__ import annotations

from datetime import date

import pytest

from core.people.validation import clean_person
from core.text import clean_free_text

TYPED = "甲方：张三（户主）；乙方：李四，均同意！"


def test_chinese_punctuation_survives_cleaning() -> None:
    assert clean_free_text(f"  {TYPED}\r\n第二行：①拆墙  \n") == f"{TYPED}\n第二行：①拆墙"


def test_control_characters_go_and_full_width_letters_digits_spaces_fold() -> None:
    assert clean_free_text("赔偿\x00１５００元\u200b，Ａ栋\u3000三楼\x07") == "赔偿1500元，A栋 三楼"
    assert clean_free_text("第一行\n\n  第二行", multiline=False) == "第一行 第二行"


@pytest.mark.parametrize("value", [None, ""])
def test_nothing_is_empty(value) -> None:
    assert clean_free_text(value) == ""


def test_a_persons_address_keeps_its_brackets_while_the_number_is_still_folded() -> None:
    out = clean_person(
        {
            "name": "王五",
            "id_type": "none",
            "no_id_reason": "外地来访（证件遗失）",
            "sex": "male",
            "phone": "１３８１２３４５６７８",
            "address": "乐陵市市中街道（原城关镇）前进路：12号",
        },
        today=date(2026, 12, 4),
    )
    assert out["address"] == "乐陵市市中街道（原城关镇）前进路：12号"
    assert out["no_id_reason"] == "外地来访（证件遗失）"
    assert out["phone"] == "13812345678"
