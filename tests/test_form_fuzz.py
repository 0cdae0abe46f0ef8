"""Junk at every registered form (issue 25, acceptance 3): never a 500.

Every route the app registers — core and plugin, forms (POST) and lists (GET with query
parameters) — gets generated values: NUL and other control characters, huge integers and
page numbers, far and impossible dates, very long text, markup. The URLs name real records
of the demo bureau (so the handlers behind the guard are reached) and the user is its system
administrator. Uploads get an oversize body and a pixel bomb. Any answer of 500 or more is
collected and the test fails listing them all.

Bounded for CI on two cores: ``SIFA_FUZZ_EXAMPLES`` examples per route (default 6), with a
fixed seed, so a run takes about the same time and finds the same things each time.
"""

from __future__ import annotations

import io
import os
import re
import struct
import zlib
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st
from litestar.enums import RequestEncodingType
from litestar.testing import TestClient
from sqlmodel import Session, select

from core.db import session_scope
from core.demo import DEMO_PASSWORD, fill_demo
from core.platform import Platform
from tests.identity.test_access import PARAM, endpoints
from tests.support.auth import CSRF_COOKIE

pytestmark = [pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = int(os.environ.get("SIFA_FUZZ_EXAMPLES", "6"))
SKIP = {
    ("POST", "/logout"),
    ("POST", "/login"),
    ("POST", "/account/password"),
    ("GET", "/m/testplugin/boom"),  # the test plugin's deliberate 500 (tests/test_web_shell.py)
}

NASTY = [
    "",
    " ",
    "\x00",
    "张三\x00",
    "a\x1bb",
    "99999999999999999999999",
    "2147483648",
    "18446744073709551616",
    "-1",
    "0",
    "1e308",
    "NaN",
    "-0.0000001",
    "0001-01-01",
    "9999-12-31",
    "2026-02-30",
    "2026-13-01",
    "99999-01-01",
    "2026-10",
    "2026Q9",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'; DROP TABLE staff_account;--",
    '=HYPERLINK("http://evil.example")',
    "x" * 5000,
    "中" * 3000,
    "１２３",
    "on",
    "../../etc/passwd",
    "1.5",
    "1,2,3",
]
VALUES = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=40),  # control characters included
    st.text(st.characters(exclude_categories=("Cc", "Cs")), max_size=300),  # gets past the boundary
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.integers(min_value=-5, max_value=400).map(str),
    st.dates().map(lambda d: d.isoformat()),
)


def field_names() -> list[str]:
    """Every input name the templates use (the forms' fields and the lists' filters)."""
    names: set[str] = set()
    for folder in [ROOT / "web/templates", *ROOT.glob("plugins/*/*/templates")]:
        for template in folder.rglob("*.html"):
            names.update(re.findall(r'name="([A-Za-z_][\w\[\]]*)"', template.read_text("utf-8")))
    names.discard("_csrf_token")
    return sorted(names | {"page", "q", "person_id", "year", "month", "date_from", "date_to"})


FIELD_NAMES = field_names()


def _png(width: int, height: int) -> bytes:
    """A tiny file that claims many pixels (a decompression bomb's header)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    rows = zlib.compress(b"\x00" * 64)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")
    )


def _is_multipart(handler: Any) -> bool:
    data = handler.parsed_fn_signature.parameters.get("data")
    definition = getattr(data, "kwarg_definition", None) if data else None
    return getattr(definition, "media_type", None) == RequestEncodingType.MULTI_PART


def _junk_for(send: Any, method: str, path: str, url: str, multipart: bool) -> Any:
    """A hypothesis test of one route: a few dicts of junk under the platform's field names."""

    @seed(zlib.crc32(f"{method} {path}".encode()))  # fixed, yet different per route
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(fields=st.dictionaries(st.sampled_from(FIELD_NAMES), VALUES, min_size=1, max_size=5))
    def junk(fields: dict[str, str]) -> None:
        send(method, url, fields, multipart)

    return junk


@pytest.fixture
def demo_admin(platform: Platform) -> Any:
    from web.app import create_app

    with session_scope(platform.engine) as session:
        fill_demo(session, platform.host, people=6, villages=1)
    client = TestClient(app=create_app(platform=platform), raise_server_exceptions=False)
    client.__enter__()
    client.get("/login")
    client.post(
        "/login",
        data={"username": "admin", "password": DEMO_PASSWORD, "next": "/"},
        headers={"x-csrftoken": client.cookies[CSRF_COOKIE]},
    )
    assert "sifa_session" in client.cookies
    yield client
    client.__exit__(None, None, None)


def _url(platform: Platform, path: str, records: dict[str, type]) -> str:
    """The path with a real record's id for each parameter that names one."""

    def value(match: re.Match[str]) -> str:
        name, kind = match.group(1), match.group(2)
        model = records.get(name)
        if model is not None:
            with Session(platform.engine) as session:
                row = session.exec(select(model.id).order_by(model.id.desc())).first()  # type: ignore[attr-defined]
            return str(row if row is not None else 1)
        return {"int": "1", "str": "x", "path": "x"}.get(kind, "1")

    return PARAM.sub(value, path)


def test_generated_junk_at_every_form_and_list_gives_no_500(
    platform: Platform, demo_admin: TestClient
) -> None:
    client = demo_admin
    names = FIELD_NAMES
    routes = [
        (method, path, handler)
        for method, path, handler in endpoints(client.app)
        if method in ("GET", "POST")
        and (method, path) not in SKIP
        and not path.startswith(("/static", "/api/schema"))
    ]
    assert len(routes) > 250 and len(names) > 100
    failures: list[str] = []
    statuses: Counter[int] = Counter()

    def send(method: str, url: str, fields: dict[str, str], multipart: bool) -> None:
        headers = {"x-csrftoken": client.cookies.get(CSRF_COOKIE, "")}
        if method == "GET":
            response = client.get(url, params=fields, follow_redirects=False)
        elif multipart:
            files = {"file": ("a.pdf", b"%PDF-1.4 junk", "application/pdf")}
            response = client.post(url, data=fields, files=files, headers=headers)
        else:
            response = client.post(url, data=fields, headers=headers, follow_redirects=False)
        statuses[response.status_code] += 1
        if response.status_code >= 500:
            sample = {k: v[:30] for k, v in list(fields.items())[:6]}
            failures.append(f"{response.status_code} {method} {url} {sample}")

    for method, path, handler in routes:
        if ":int}" in path:  # ids no column can hold: 2**31 and 2**64 name no record
            for huge in (2**31, 2**64):
                far = re.sub(r"\{\w+:int\}", str(huge), path)
                send(method, _url(platform, far, {}), {}, False)
        url = _url(platform, path, handler.opt.get("records") or {})
        multipart = method == "POST" and _is_multipart(handler)

        _junk_for(send, method, path, url, multipart)()
        if multipart:  # a pixel bomb under every file field name, then an oversize body
            headers = {"x-csrftoken": client.cookies.get(CSRF_COOKIE, "")}
            bomb = _png(12000, 12000)
            for field in ("file", "photos", "photo", "attachments", "files"):
                response = client.post(
                    url, files={field: ("bomb.png", bomb, "image/png")}, headers=headers
                )
                if response.status_code >= 500:
                    failures.append(f"{response.status_code} {method} {url} pixel bomb in {field}")
            big = io.BytesIO(b"%PDF-1.4\n" + b"0" * (70 * 1024 * 1024))
            response = client.post(
                url, files={"file": ("big.pdf", big, "application/pdf")}, headers=headers
            )
            if response.status_code >= 500:
                failures.append(f"{response.status_code} {method} {url} oversize body")
    print(f"fuzz: {sum(statuses.values())} requests, by status {sorted(statuses.items())}")
    assert failures == [], "\n".join(failures)
