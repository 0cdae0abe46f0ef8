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
