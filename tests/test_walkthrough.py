"""Every role of the demo bureau walks its pages (issue 21, defects 9 and 10).

Each demo account signs in, opens its home page and inbox, follows every link on them, and
checks that every link on those pages opens too (one example per route shape, so a list of
50 cases costs one request). No link may end in 403 — a page shows only what its reader may
do — and the visible text of the pages read may show no raw code: no snake_case identifier,
no "kind #123" record title, no "job:name" actor.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from litestar.testing import TestClient

from core.db import session_scope
from core.demo import DEMO_PASSWORD, fill_demo
from core.platform import Platform
from tests.support.auth import CSRF_COOKIE

#: Links the walk does not follow: leaving the session, switching the language, files.
SKIP = re.compile(r"^/(logout|lang|static|favicon)|/(export|download|print)|\.(xlsx|pdf|csv)$")
#: What a raw code looks like in text meant for people.
RAW = [
    re.compile(r"(?<![\w./-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w./-])"),  # snake_case
    re.compile(r"(?<![\w])[a-z_]+ #\d+"),  # "due_item #1235"
    re.compile(r"\bjob:[a-z]"),  # "job:core.reminders.scan"
]


class _Page(HTMLParser):
    """The links and the visible text of one page (scripts, styles, <code> left out)."""

    HIDDEN = frozenset({"script", "style", "code", "template", "head", "title"})

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.text: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.HIDDEN:
            self._hidden += 1
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.links.append(href)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.HIDDEN and self._hidden:
            self._hidden -= 1

    def handle_data(self, data: str) -> None:
        if not self._hidden and data.strip():
            self.text.append(data.strip())


def _read(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    return page


def _internal(base: str, hrefs: list[str]) -> Iterator[str]:
    for href in hrefs:
        url = urljoin(base, href)
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or not parts.path.startswith("/"):
            continue
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if not SKIP.search(parts.path):
            yield path


def _shape(url: str) -> str:
    """One example per route: ids and page numbers do not make a new page."""
    return re.sub(r"\d+", "N", urlsplit(url).path)


@pytest.fixture
def demo(platform: Platform, database_url: str) -> list[str]:
    if not database_url.startswith("sqlite"):
        pytest.skip("the walk is about pages and links; one backend is enough (CI budget)")
    with session_scope(platform.engine) as session:
        report = fill_demo(session, platform.host, people=12, villages=1)
    return [a.username for a in report.accounts]


def _raw_codes(page: _Page) -> list[str]:
    found: list[str] = []
    for line in page.text:
        for pattern in RAW:
            found += [m.group(0) for m in pattern.finditer(line)]
    return found


def test_every_demo_role_meets_no_403_link_and_no_raw_code(
    platform: Platform, demo: list[str]
) -> None:
    from web.app import create_app

    problems: list[str] = []
    with TestClient(app=create_app(platform=platform), raise_server_exceptions=False) as client:
        for username in demo:
            client.cookies.clear()
            client.get("/login")
            signed_in = client.post(
                "/login",
                data={"username": username, "password": DEMO_PASSWORD, "next": "/"},
                headers={"x-csrftoken": client.cookies[CSRF_COOKIE]},
            )
            assert signed_in.status_code < 400 and "sifa_session" in client.cookies, username
            problems += _walk(client, username)
    assert not problems, "\n".join(problems)


def _walk(client: TestClient, username: str) -> list[str]:
    problems: list[str] = []
    seen: set[str] = set()

    def visit(url: str, source: str) -> _Page | None:
        response = client.get(url, follow_redirects=True)
        if response.status_code == 403:
            problems.append(f"{username}: {source} links to {url} → 403")
            return None
        if response.status_code >= 500:
            problems.append(f"{username}: {url} → {response.status_code}")
            return None
        if "text/html" not in response.headers.get("content-type", ""):
            return None
        page = _read(response.text)
        problems.extend(f"{username}: {url} shows {code!r}" for code in _raw_codes(page))
        return page

    starts = ["/", "/inbox"]
    first: list[tuple[str, str]] = []
    for start in starts:
        seen.add(_shape(start))
        page = visit(start, "(start)")
        assert page is not None, (username, start)
        first += [(start, url) for url in _internal(start, page.links)]
    second: list[tuple[str, str]] = []
    for source, url in first:
        if url in seen:
            continue
        seen.add(url)
        page = visit(url, source)
        if page is not None:
            second += [(url, link) for link in _internal(url, page.links)]
    shapes = {_shape(url) for url in seen}
    for source, url in second:
        if _shape(url) in shapes:
            continue
        shapes.add(_shape(url))
        visit(url, source)
    return problems


#: Printed forms keep the official Chinese wording in every language (人民调解协议书, the
#: clinic's door sign, the responsibility sheet): they are documents, not the interface.
PRINTED = re.compile(r"/documents/|/sign$|/sheet$|/agreement$")
#: The core's test plugin (it exercises every hook, not translations; it is never shipped).
FIXTURE = re.compile(r"^/m/test")
CJK = re.compile(r"[\u4e00-\u9fff]")
QUOTED = re.compile(r"“[^”]*”")  # an example of what to type, e.g. “前进” in a case number


class _Chrome(HTMLParser):
    """The interface's own words: table headings, buttons, fieldset legends, navigation and
    field labels. A label around a checkbox or radio names data (a person, a committee) and
    what is typed into a field is data too, so both are left out."""

    TAGS = frozenset({"th", "button", "legend", "nav", "label"})
    DATA = frozenset({"textarea", "select", "option", "script", "style", "code"})

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.open: list[list[str]] = []  # per open chrome element: its text so far
        self.choice: list[bool] = []
        self.words: list[str] = []
        self._data = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "a" and found.get("href"):
            self.links.append(found["href"] or "")
        if tag in self.DATA:
            self._data += 1
        if tag == "input" and found.get("type") in ("checkbox", "radio") and self.choice:
            self.choice[-1] = True
        if tag in self.TAGS:
            self.open.append([])
            self.choice.append(False)

    def handle_endtag(self, tag: str) -> None:
        if tag in self.DATA and self._data:
            self._data -= 1
        if tag in self.TAGS and self.open:
            text, choice = " ".join(self.open.pop()), self.choice.pop()
            if not choice:
                self.words.append(text)

    def handle_data(self, data: str) -> None:
        if self.open and not self._data and data.strip():
            self.open[-1].append(data.strip())


def test_the_demo_in_english_shows_no_chinese_in_its_interface(
    platform: Platform, demo: list[str]
) -> None:
    """Issue 21, defect 12: the bureau's administrator and a station's staff walk the demo
    with English chosen; no table heading, button, legend, navigation or field label of any
    page they reach is Chinese (data — names, titles, what was typed — may be)."""
    from web.app import create_app

    problems: list[str] = []
    with TestClient(app=create_app(platform=platform), raise_server_exceptions=False) as client:
        for username in ("admin", "suoganbu"):
            client.cookies.clear()
            client.get("/login")
            client.post(
                "/login",
                data={"username": username, "password": DEMO_PASSWORD, "next": "/"},
                headers={"x-csrftoken": client.cookies[CSRF_COOKIE]},
            )
            client.cookies.set("sifa_locale", "en")
            shapes: set[str] = set()
            queue = ["/", "/inbox"]
            while queue:
                url = queue.pop(0)
                path = urlsplit(url).path
                if _shape(url) in shapes or PRINTED.search(path) or FIXTURE.search(path):
                    continue
                shapes.add(_shape(url))
                response = client.get(url, follow_redirects=True)
                if "text/html" not in response.headers.get("content-type", ""):
                    continue
                page = _Chrome()
                page.feed(response.text)
                problems += [
                    f"{username}: {url}: {text[:80]!r}"
                    for text in page.words
                    if CJK.search(QUOTED.sub("", text))
                ]
                queue += list(_internal(url, page.links))
    assert not problems, "\n".join(problems)
