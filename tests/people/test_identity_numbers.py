from dataclasses import FrozenInstanceError
from datetime import date

import pytest

from core.people.identity_numbers import (
    PROVINCE_CODES,
    InvalidResidentId,
    ResidentId,
    check_character,
    make_resident_id,
    parse_resident_id,
)

TODAY = date(2024, 6, 1)


def _with_check(first17: str) -> str:
    return first17 + check_character(first17)


def _contains_chinese(text: str) -> bool:
    return any("\u4e00" <= char <= "\u9fff" for char in text)


# -- check character ----------------------------------------------------------------------


def test_check_character_matches_the_standard_example():
    # The worked example of GB 11643-1999: 11010519491231002X.
    assert check_character("11010519491231002") == "X"
    # The other commonly cited sample number, 440524188001010014.
    assert check_character("44052418800101001") == "4"
    for first17 in ("11010119900307123", "37148119850615001", "65010120000229002"):
        weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
        total = sum(int(d) * w for d, w in zip(first17, weights, strict=True))
        assert check_character(first17) == "10X98765432"[total % 11]


@pytest.mark.parametrize(
    "bad",
    ["", "1234", "1101051949123100X", "110105194912310021", "１１０１０５１９４９１２３１００２"],
)
def test_check_character_needs_17_ascii_digits(bad):
    with pytest.raises(ValueError):
        check_character(bad)


# -- valid numbers ------------------------------------------------------------------------


def test_a_generated_number_parses_with_birth_date_and_sex():
    number = make_resident_id("371481", date(1985, 6, 15), sequence=7, female=False)
    assert len(number) == 18
    assert number.startswith("37148119850615")
    parsed = parse_resident_id(number, today=TODAY)
    assert parsed == ResidentId(
        number=number, birth_date=date(1985, 6, 15), sex="male", region_code="371481"
    )
    assert parsed.province_code == "37"
    assert str(parsed) == number


def test_female_numbers_have_an_even_17th_digit():
    number = make_resident_id("110101", date(2000, 2, 29), sequence=0, female=True)
    assert int(number[16]) % 2 == 0
    parsed = parse_resident_id(number, today=TODAY)
    assert parsed.sex == "female"
    assert parsed.birth_date == date(2000, 2, 29)


def test_the_standard_example_with_x_parses_and_lowercase_x_is_normalised():
    parsed = parse_resident_id("11010519491231002x", today=TODAY)
    assert parsed.number == "11010519491231002X"
    assert parsed.birth_date == date(1949, 12, 31)
    assert parsed.sex == "female"  # 17th digit 2
    assert parsed.region_code == "110105"


def test_spaces_and_full_width_digits_are_ignored():
    number = make_resident_id("440524", date(1980, 1, 1), sequence=12, female=False)
    spaced = f" {number[:6]} {number[6:14]}\u3000{number[14:]} "
    assert parse_resident_id(spaced, today=TODAY).number == number
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in number)
    assert parse_resident_id(full_width, today=TODAY).number == number


def test_resident_id_is_frozen():
    parsed = parse_resident_id("11010519491231002X", today=TODAY)
    with pytest.raises(FrozenInstanceError):
        parsed.number = "x"  # type: ignore[misc]


def test_birth_today_and_in_1900_are_accepted():
    assert parse_resident_id(_with_check("11010120240601001"), today=TODAY).birth_date == TODAY
    assert parse_resident_id(_with_check("11010119000101001"), today=TODAY)


def test_today_defaults_to_the_real_date():
    number = make_resident_id("110101", date(1990, 1, 1), sequence=1, female=True)
    assert parse_resident_id(number).birth_date == date(1990, 1, 1)


# -- refusals -----------------------------------------------------------------------------


def _refusal(raw: str) -> InvalidResidentId:
    with pytest.raises(InvalidResidentId) as caught:
        parse_resident_id(raw, today=TODAY)
    error = caught.value
    assert isinstance(error, ValueError)
    assert _contains_chinese(str(error))
    assert str(error) == error.message
    assert error.message_en and not _contains_chinese(error.message_en)
    return error


def test_wrong_check_digit():
    number = make_resident_id("371481", date(1985, 6, 15), sequence=7, female=False)
    wrong = "0" if number[-1] != "0" else "1"
    error = _refusal(number[:17] + wrong)
    assert error.code == "check_digit"
    assert str(error) == "身份证号码校验位错误，请核对最后一位"


def test_impossible_birth_date_1990_02_30():
    error = _refusal(_with_check("37148119900230001"))
    assert error.code == "birth_date"
    assert str(error) == "身份证号码中的出生日期无效"


@pytest.mark.parametrize("birth", ["19901301", "19900100", "00000000", "19890229"])
def test_other_impossible_birth_dates(birth):
    assert _refusal(_with_check(f"371481{birth}001")).code == "birth_date"


def test_future_birth_date():
    error = _refusal(_with_check("37148120240602001"))
    assert error.code == "birth_date"
    assert str(error).startswith("身份证号码中的出生日期无效")
    assert "future" in error.message_en


def test_birth_before_1900():
    error = _refusal(_with_check("37148118991231001"))
    assert error.code == "birth_date"


@pytest.mark.parametrize(
    "region", ["00", "10", "16", "20", "24", "38", "47", "55", "60", "66", "72", "84", "90", "99"]
)
def test_bad_region(region):
    error = _refusal(_with_check(f"{region}148119850615001"))
    assert error.code == "region"
    assert "省" in str(error)


def test_all_listed_province_codes_are_accepted():
    assert len(PROVINCE_CODES) == 5 + 3 + 7 + 6 + 5 + 5 + 5
    for province in PROVINCE_CODES:
        parse_resident_id(_with_check(f"{province}010119850615001"), today=TODAY)


@pytest.mark.parametrize(
    "raw",
    [
        "3714811985061500",  # 16
        "37148119850615001",  # 17 digits
        "3714811985061500123",  # 19
        "",
        "   ",
    ],
)
def test_wrong_length(raw):
    error = _refusal(raw)
    assert error.code == "length"
    assert "18位" in str(error)


def test_fifteen_digit_old_numbers_are_refused_with_a_hint():
    error = _refusal("371481850615001")
    assert error.code == "length"
    assert "15位" in str(error)


@pytest.mark.parametrize(
    "raw",
    [
        "3714811985A6150012",  # letter in the middle
        "37148119850615X012",  # X not at the end
        "37148119850615001Y",  # bad last character
        "37-481198506150012",
    ],
)
def test_bad_characters(raw):
    error = _refusal(raw)
    assert error.code == "characters"
    assert str(error) == "身份证号码只能包含数字，仅最后一位可以是X"


def test_non_string_input_is_refused_not_crashing():
    with pytest.raises(InvalidResidentId):
        parse_resident_id(371481198506150012, today=TODAY)  # type: ignore[arg-type]


# -- generation ---------------------------------------------------------------------------


def test_make_resident_id_gives_distinct_valid_numbers():
    numbers = {
        make_resident_id("371481", date(1970, 3, 1), sequence, female)
        for sequence in range(500)
        for female in (False, True)
    }
    assert len(numbers) == 1000
    for number in numbers:
        parsed = parse_resident_id(number, today=TODAY)
        assert parsed.sex == ("female" if int(number[16]) % 2 == 0 else "male")


@pytest.mark.parametrize(
    ("region", "birth", "sequence"),
    [
        ("37148", date(1980, 1, 1), 0),
        ("991481", date(1980, 1, 1), 0),
        ("37148a", date(1980, 1, 1), 0),
        ("371481", date(1899, 12, 31), 0),
        ("371481", date(1980, 1, 1), 500),
        ("371481", date(1980, 1, 1), -1),
    ],
)
def test_make_resident_id_rejects_bad_input(region, birth, sequence):
    with pytest.raises(ValueError):
        make_resident_id(region, birth, sequence, female=False)
