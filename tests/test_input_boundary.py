"""The input boundary (issue 25): what the audit's crawl turned into 500s is a clear 4xx now.

Each case is one the audit reported: a NUL byte in a text field, ids of 2³¹ and more in
URLs, ``person_id`` of 2⁶⁴, ``page=99999999999999999999999``, registration date
0001-01-01, a 55 MB upload to a 10 MB limit, a 12000×12000 PNG.
"""

from __future__ import annotations

import struct
import zlib
from datetime import date

import pytest
from litestar.testing import TestClient

from core.inputs import Bounds, check_value
from tests.support.auth import csrf_headers, post_form

TODAY = date(2026, 12, 4)


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("description", "借款\x00收条"),
        ("name", "张\x1b三"),
        ("person_id", str(2**64)),
        ("committee_id", "2147483648"),
        ("registered_on", "0001-01-01"),
        ("held_on", "2099-01-01"),
        ("held_on", "2028-01-01"),  # an event is planned within a year
        ("term_end", "2099-01-01"),
        ("date_from", "99999-01-01"),
        ("year", "10000"),
    ],
)
def test_values_no_handler_should_see_are_refused_with_the_field_named(
    name: str, value: str
) -> None:
    found = check_value(name, value, Bounds(), TODAY)
    assert found is not None and name in found[0] and name in found[1]


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("description", "第一行\r\n第二行\t缩进"),  # line breaks and tabs are text
        ("title", "“引号”、顿号，全角：！"),  # Chinese punctuation kept, never normalised
        ("phone", "13812345678"),  # digits, not an id: no range
        ("id_number", "371481199001011234"),
        ("committee_id", "2147483647"),
        ("page", "100000"),
        ("registered_on", "1949-10-01"),
        ("birth_date", "1921-07-01"),  # people may be born before the Republic
        ("month", "2026-10"),
        ("start_on", "2027-12-01"),  # within a year ahead
        ("term_end", "2029-12-31"),  # a mediator's three-year term ends years ahead
        ("end_on", "2031-06-30"),  # so does a five-year correction order
        ("registered_on", "2026-02-30"),  # the service names an impossible day itself
    ],
)
def test_ordinary_values_pass_unchanged(name: str, value: str) -> None:
    assert check_value(name, value, Bounds(), TODAY) is None


def test_the_bounds_are_settings(platform) -> None:
    assert platform.settings.input_earliest_date == date(1949, 10, 1)
    assert platform.settings.input_future_years == 1


def test_a_nul_byte_in_a_form_is_a_400_naming_the_field(admin_client: TestClient) -> None:
    response = post_form(admin_client, "/people/new", {"name": "张\x00三", "id_type": "none"})
    assert response.status_code == 400
    assert "“name”含有不可见的控制字符" in response.text


def test_an_htmx_form_gets_the_message_in_its_message_area(admin_client: TestClient) -> None:
    response = admin_client.post(
        "/people/new",
        data={"name": "张\x00三"},
        headers={**csrf_headers(admin_client), "HX-Request": "true"},
    )
    assert response.status_code == 400
    assert response.headers["hx-retarget"] == "#messages"  # the form and its input stay


@pytest.mark.parametrize("huge", [2**31, 2**64, 10**30])
def test_ids_beyond_the_column_in_urls_are_404(admin_client: TestClient, huge: int) -> None:
    assert admin_client.get(f"/staff/{huge}").status_code == 404
    assert admin_client.get(f"/people/{huge}").status_code == 404


def test_huge_query_values_are_400_not_500(admin_client: TestClient) -> None:
    refused = admin_client.get(f"/people/picker?person_id={2**64}&field=x")
    assert refused.status_code == 400 and "“person_id”不是有效的编号" in refused.text
    admin_client.cookies.set("sifa_locale", "en")
    english = admin_client.get(f"/people/picker?person_id={2**64}&field=x")
    assert english.status_code == 400 and "“person_id” is not a valid number" in english.text


def test_page_numbers_in_urls_are_capped_not_refused() -> None:
    from core.inputs import capped_page

    bounds = Bounds(max_page=100_000)
    assert capped_page("page", "99999999999999999999999", bounds) == "100000"
    assert capped_page("page", "-3", bounds) == "1"
    assert capped_page("page", "7", bounds) is None
    assert capped_page("q", "99999999999999999999999", bounds) is None


def test_a_capped_page_reaches_the_list_as_its_last_page(admin_client: TestClient) -> None:
    assert admin_client.get("/people?page=99999999999999999999999").status_code == 200
    assert admin_client.get("/m/mediation/ledger?page=99999999999999999999999").status_code == 200


def _png(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def test_a_pixel_bomb_is_measured_not_decoded() -> None:
    from core.images import too_many_pixels

    assert too_many_pixels(_png(12000, 12000))
    assert too_many_pixels(_png(7000, 7000))
    assert not too_many_pixels(_png(4000, 3000))
    assert not too_many_pixels(b"%PDF-1.4")
