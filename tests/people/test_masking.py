import re

import pytest

from core.people.masking import mask_phone, mask_resident_id

NUMBER = "110101199003071234"


def test_resident_id_keeps_first_six_and_last_four():
    assert mask_resident_id(NUMBER) == "110101********1234"
    assert mask_resident_id("11010519491231002X") == "110105********002X"


def test_resident_id_mask_has_the_same_length_and_hides_the_birth_date():
    masked = mask_resident_id(NUMBER)
    assert len(masked) == len(NUMBER)
    assert "19900307" not in masked
    assert masked[6:14] == "*" * 8


def test_resident_id_spaces_are_ignored():
    assert mask_resident_id(" 110101 19900307 1234 ") == "110101********1234"


@pytest.mark.parametrize("empty", [None, "", "   "])
def test_resident_id_empty(empty):
    assert mask_resident_id(empty) == ""


@pytest.mark.parametrize(
    "odd",
    [
        "1",
        "12",
        "1234",
        "110101900307123",  # old 15-digit number
        "11010119900307123",  # 17 digits
        "1101011990030712345",  # 19 digits
        "110101-1990-0307-1234-",
    ],
)
def test_resident_id_odd_lengths_show_only_a_short_prefix(odd):
    masked = mask_resident_id(odd)
    compact = "".join(odd.split())
    assert len(masked) == len(compact)
    shown = masked.rstrip("*")
    assert compact.startswith(shown)
    assert len(shown) <= min(6, len(compact) // 4)
    # Nothing after the prefix is revealed.
    assert set(masked[len(shown) :]) <= {"*"}


def test_mobile_masks_the_middle_four():
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("+86 138-1234-5678") == "138****5678"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("010-65521234", "010-****1234"),
        ("0534-6212345", "0534-****345"),
        ("(0534) 6212345", "0534-****345"),
        ("0534-6212345-8001", "0534-****345-****"),
        ("0534-6212345转8001", "0534-****345-****"),
    ],
)
def test_landline_keeps_area_code_and_last_digits(raw, expected):
    assert mask_phone(raw) == expected


@pytest.mark.parametrize("empty", [None, "", "  "])
def test_phone_empty(empty):
    assert mask_phone(empty) == ""


@pytest.mark.parametrize(
    "odd",
    ["1", "12", "123", "1381234", "138123456789", "6212345", "not a number", "13812345678转8001"],
)
def test_phone_odd_input_shows_at_most_a_short_prefix(odd):
    masked = mask_phone(odd)
    compact = "".join(odd.split())
    assert len(masked) == len(compact)
    shown = masked.rstrip("*")
    assert compact.startswith(shown)
    assert len(shown) <= min(3, len(compact) // 4)


def test_masks_never_reveal_the_middle_of_many_numbers():
    for i in range(200):
        mobile = f"1{3 + i % 7}{i:09d}"
        masked = mask_phone(mobile)
        assert re.fullmatch(r"1[3-9]\d\*{4}\d{4}", masked)
        assert masked[3:7] == "****"
