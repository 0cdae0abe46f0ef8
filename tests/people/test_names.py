import pytest

from core.people.names import SURNAME_PINYIN, full_pinyin, pinyin_initials, split_surname


@pytest.mark.parametrize(
    ("name", "initials", "full"),
    [
        ("张三丰", "zsf", "zhangsanfeng"),
        ("李小龙", "lxl", "lixiaolong"),
        ("王芳", "wf", "wangfang"),
        ("吕布", "lb", "lvbu"),
    ],
)
def test_ordinary_names(name, initials, full):
    assert pinyin_initials(name) == initials
    assert full_pinyin(name) == full


@pytest.mark.parametrize(
    ("name", "initials", "full"),
    [
        ("单田芳", "stf", "shantianfang"),  # not dan
        ("曾国藩", "zgf", "zengguofan"),  # not ceng
        ("解缙", "xj", "xiejin"),  # not jie
        ("仇英", "qy", "qiuying"),  # not chou
        ("朴槿惠", "pjh", "piaojinhui"),  # not pu
        ("区志坚", "ozj", "ouzhijian"),  # not qu
        ("查良镛", "zly", "zhaliangyong"),  # not cha
        ("翟欣", "zx", "zhaixin"),
        ("覃海", "qh", "qinhai"),
        ("缪斯", "ms", "miaosi"),
        ("尉迟恭", "ycg", "yuchigong"),
        ("万俟卨", "mqx", "moqixie"),
        ("长孙无忌", "zswj", "zhangsunwuji"),
        ("长海", "ch", "changhai"),
    ],
)
def test_polyphonic_surnames(name, initials, full):
    assert pinyin_initials(name) == initials
    assert full_pinyin(name) == full


def test_surname_reading_applies_only_to_the_first_character():
    # 单 inside a given name keeps pypinyin's reading.
    assert full_pinyin("王单") == "wangdan"
    assert pinyin_initials("曾曾") == "zc"


def test_split_surname():
    assert split_surname("单田芳") == ("单", "田芳")
    assert split_surname("尉迟恭") == ("尉迟", "恭")
    assert split_surname("张三") == ("", "张三")
    assert split_surname("单") == ("单", "")


def test_required_surnames_are_in_the_table():
    for surname in "单曾解仇朴区查":
        assert surname in SURNAME_PINYIN


@pytest.mark.parametrize(
    ("name", "initials", "full"),
    [
        ("张 三 丰", "zsf", "zhangsanfeng"),
        ("阿Q", "aq", "aq"),
        ("Anna 李", "annal", "annali"),
        ("王2", "w2", "wang2"),
        ("ＡＢＣ王", "abcw", "abcwang"),  # full-width Latin letters
        ("阿沛·阿旺晋美", "apawjm", "apeiawangjinmei"),  # separator dot removed
        ("Tom", "tom", "tom"),
    ],
)
def test_non_han_characters_spaces_and_dots(name, initials, full):
    assert pinyin_initials(name) == initials
    assert full_pinyin(name) == full


@pytest.mark.parametrize("empty", ["", "   ", None])
def test_empty(empty):
    assert pinyin_initials(empty) == ""
    assert full_pinyin(empty) == ""


def test_results_are_lowercase_ascii_for_han_names():
    for name in ("欧阳修", "司马光", "诸葛亮", "女娲"):
        for value in (pinyin_initials(name), full_pinyin(name)):
            assert value.isascii()
            assert value == value.lower()
