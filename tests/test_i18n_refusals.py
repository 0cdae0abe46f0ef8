"""Issue 21, defect 12: a form refused in English is refused in English.

The page walk (tests/test_walkthrough.py) sees what a page shows before anything is typed;
the messages a form answers with — a field's error, the reason an action is refused — only
appear after a bad submission. Here the demo's administrator, with English chosen, sends
every form of the platform (core and plugins, real records of the demo bureau behind each
URL) an empty submission and a few kinds of wrong input, all typed in ASCII so that any
Chinese in the answer's messages comes from the platform, not from the input. The test
fails listing every Chinese message, with the form that gave it.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

import pytest
from litestar.testing import TestClient

from core.platform import Platform
from tests import test_form_fuzz
from tests.identity.test_access import endpoints
from tests.support.auth import CSRF_COOKIE
from tests.test_form_fuzz import FIELD_NAMES, SKIP, _is_multipart, _url

pytestmark = [pytest.mark.slow]

demo_admin = test_form_fuzz.demo_admin  # the fuzz test's signed-in administrator of the demo

CJK = re.compile(r"[\u4e00-\u9fff]")
QUOTED = re.compile(r"“[^”]*”|「[^」]*」")  # data named inside a message, e.g. a file's name

#: Wrong input of every kind a form meets, typed in ASCII: blanks, text where numbers and
#: dates belong, impossible dates and numbers, an over-long value.
PAYLOADS: list[dict[str, str]] = [
    {},
    {name: "x" for name in FIELD_NAMES},
    {name: "2026-02-30" for name in FIELD_NAMES},
    {name: "-1" for name in FIELD_NAMES},
    {name: "9" * 6000 for name in FIELD_NAMES},
]


class _Messages(HTMLParser):
    """The text of a page's messages: field errors, alerts and anything marked role=alert."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.stack: list[bool] = []
        self.parts: list[list[str]] = []
        self.messages: list[str] = []

    VOID = frozenset({"input", "br", "img", "meta", "link", "hr", "source", "wbr"})

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.VOID:
            return
        found = dict(attrs)
        classes = set((found.get("class") or "").split())
        message = bool(classes & {"field-error", "alert-error", "alert-warn"}) or (
            found.get("role") == "alert"
        )
        self.stack.append(message)
        if message:
            self.parts.append([])

    def handle_endtag(self, tag: str) -> None:
        if tag in self.VOID or not self.stack:
            return
        if self.stack.pop() and self.parts:
            text = " ".join(self.parts.pop()).strip()
            if text:
                self.messages.append(text)

    def handle_data(self, data: str) -> None:
        for part in self.parts:
            part.append(data.strip())


def messages_of(html: str) -> list[str]:
    parser = _Messages()
    parser.feed(html)
    return parser.messages


@pytest.fixture
def one_backend(database_url: str) -> None:
    """Skip before the demo is filled: messages do not depend on the database."""
    if not database_url.startswith("sqlite"):
        pytest.skip("messages do not depend on the database; one backend is enough (CI budget)")


def test_every_form_refuses_in_english_when_english_is_chosen(
    one_backend: None, platform: Platform, demo_admin: TestClient
) -> None:
    client = demo_admin
    client.cookies.set("sifa_locale", "en")
    forms = [
        (path, handler)
        for method, path, handler in endpoints(client.app)
        if method == "POST" and ("POST", path) not in SKIP and not path.startswith("/static")
    ]
    assert len(forms) > 150
    chinese: dict[str, set[str]] = {}
    answered = 0
    for path, handler in forms:
        url = _url(platform, path, handler.opt.get("records") or {})
        multipart = _is_multipart(handler)
        for number, payload in enumerate(PAYLOADS):
            response = _post(client, url, payload, multipart, htmx=number % 2 == 1)
            if response.status_code in (302, 303) or "html" not in response.headers.get(
                "content-type", ""
            ):
                continue
            answered += 1
            for message in messages_of(response.text):
                if CJK.search(QUOTED.sub("", message)):
                    chinese.setdefault(message[:120], set()).add(path)
    print(f"refusals read: {answered}")
    assert not chinese, f"{len(chinese)} messages in Chinese:\n" + "\n".join(
        f"{text}  ← {', '.join(sorted(paths)[:3])}" for text, paths in sorted(chinese.items())
    )


def _post(
    client: TestClient, url: str, payload: dict[str, str], multipart: bool, htmx: bool
) -> Any:
    """One submission, as a plain form or (``htmx``) as htmx sends it, answered by a fragment."""
    headers = {"x-csrftoken": client.cookies.get(CSRF_COOKIE, "")}
    if htmx:
        headers["HX-Request"] = "true"
    if multipart:
        files = {"file": ("a.pdf", b"%PDF-1.4 junk", "application/pdf")}
        return client.post(url, data=payload, files=files, headers=headers)
    return client.post(url, data=payload, headers=headers, follow_redirects=False)
