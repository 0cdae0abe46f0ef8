import pytest

from core.people.phones import InvalidPhone, is_mobile, normalise_phone


@pytest.mark.parametrize(
    "raw",
    [
        "13812345678",
        " 138 1234 5678 ",
        "138-1234-5678",
        "+86 138 1234 5678",
        "+86-138-1234-5678",
        "+8613812345678",
        "86 13812345678",
        "8613812345678",
        "0086 138 1234 5678",
        "(+86) 138-1234-5678",
        "１３８１２３４５６７８",  # full-width digits
        "138—1234—5678",  # em dashes
    ],
)
def test_mobile_numbers_normalise_to_11_digits(raw):
    assert normalise_phone(raw) == "13812345678"


@pytest.mark.parametrize("prefix", ["13", "14", "15", "16", "17", "18", "19"])
def test_all_mobile_prefixes(prefix):
    number = prefix + "912345678"
    assert normalise_phone(number) == number
    assert is_mobile(number)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("010-65521234", "010-65521234"),
        ("01065521234", "010-65521234"),
        ("010 6552 1234", "010-65521234"),
        ("010-6552-1234", "010-65521234"),
        ("(010) 65521234", "010-65521234"),
        ("（010）65521234", "010-65521234"),  # full-width brackets
        ("021-62345678", "021-62345678"),
        ("0534-6212345", "0534-6212345"),
        ("05346212345", "0534-6212345"),
        ("0534 6212345", "0534-6212345"),
        ("0534-62123456", "0534-62123456"),
        ("+86 10 6552 1234", "010-65521234"),
        ("+86 534 6212345", "0534-6212345"),
    ],
)
def test_landlines_normalise_to_area_dash_local(raw, expected):
    assert normalise_phone(raw) == expected
    assert not is_mobile(expected)


@pytest.mark.parametrize(
    "raw",
    [
        "0534-6212345-8001",
        "0534-6212345转8001",
        "0534-6212345 转 8001",
        "0534 6212345 ext. 8001",
        "0534-6212345 EXT8001",
        "0534-6212345x8001",
        "0534-6212345#8001",
        "0534-6212345分机8001",
    ],
)
def test_landline_extensions(raw):
    assert normalise_phone(raw) == "0534-6212345-8001"


def test_eight_digit_local_number_with_dash_extension():
    assert normalise_phone("010-65521234-12") == "010-65521234-12"


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "   ",
        "1381234567",  # 10 digits
        "138123456789",  # 12 digits
        "12812345678",  # 12x is not a mobile prefix
        "23812345678",
        "6212345",  # landline without area code
        "62123456",
        "0534-621234",  # local number too short
        "0534-621234567",  # and too long, no separator for an extension
        "0534-0212345",  # local numbers do not start with 0 or 1
        "021-12345678",
        "0134-6212345",  # no such area code
        "13812345678转8001",  # mobiles have no extensions
        "138-1234-567a",
        "电话13812345678",
        "12348",
        "+1 212 555 0100",
    ],
)
def test_invalid_numbers_are_refused_with_a_chinese_message(raw):
    with pytest.raises(InvalidPhone) as caught:
        normalise_phone(raw)
    error = caught.value
    assert isinstance(error, ValueError)
    assert str(error) == "电话号码格式不正确：手机号为11位，固话请带区号"
    assert error.message_en.startswith("Invalid phone number")


@pytest.mark.parametrize("raw", [None, 13812345678, b"13812345678"])
def test_non_strings_are_refused(raw):
    with pytest.raises(InvalidPhone):
        normalise_phone(raw)  # type: ignore[arg-type]


def test_area_code_length_follows_the_digits_not_the_dash():
    # 02x area codes have 3 digits: "0234-6212345" is Chongqing 023 with local 46212345.
    assert normalise_phone("0234-6212345") == "023-46212345"
