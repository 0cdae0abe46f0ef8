"""A real server and a real browser: Debian's chromium driven by Playwright.

Never a downloaded browser: Playwright is pointed at ``/usr/bin/chromium`` with
``executable_path``. Without chromium the browser tests fail under CI and are skipped
elsewhere (install it with ``apt-get install chromium``; ``.ci/run`` does).
"""

from __future__ import annotations

import atexit
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.support.cli import SIFA, free_port, run_sifa, sifa_env

CHROMIUM = os.environ.get("SIFA_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


#: The live server's environment, for tests that run a ``sifa`` command against its data
#: (e.g. the indicator catch-up that the server's scheduler would run within a minute).
LIVE_ENV: dict[str, str] = {}
#: The live server's log file, printed when a browser test fails (what the server answered).
LIVE_LOG: list[Path] = []


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
    """Keep each phase's report on the item, so a fixture's teardown knows the test failed."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


def _print_failure_context(page: object) -> None:
    """What the tab showed and what the server logged: enough to tell a refused form, a busy
    answer (503) or a slow server apart when a browser test fails only on a loaded CI host."""
    try:
        print(f"--- page at failure: {page.url}")  # type: ignore[attr-defined]
        print(page.inner_text("body")[:3000])  # type: ignore[attr-defined]
    except Exception as exc:  # the page may be gone; the log still helps
        print(f"--- page unreadable: {exc!r}")
    for log in LIVE_LOG:
        if log.exists():
            lines = log.read_text(encoding="utf-8", errors="replace").splitlines()
            print(f"--- last lines of {log.name}")
            print("\n".join(lines[-80:]))


def run_live_sifa(*args: str) -> None:
    """Run ``sifa ARGS`` against the live server's database; fails the test if it fails."""
    done = run_sifa(*args, env=LIVE_ENV)
    assert done.returncode == 0, done.stderr


@pytest.fixture(scope="session")
def live_server(plugin_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``sifa serve`` on a migrated SQLite database; yields the base URL."""
    data = tmp_path_factory.mktemp("live")
    env = sifa_env(f"sqlite:///{data / 'live.sqlite3'}", data, plugin_site)
    env["SIFA_PORTAL_DEV_SMS"] = "1"  # the citizen portal's codes on /portal/dev/outbox
    LIVE_ENV.clear()
    LIVE_ENV.update(env)
    upgraded = run_sifa("db", "upgrade", env=env)
    assert upgraded.returncode == 0, upgraded.stderr
    setup = Path(__file__).with_name("live_setup.py")
    if setup.exists():  # accounts etc. for pages behind login
        subprocess.run([str(Path(SIFA).with_name("python")), str(setup)], env=env, check=True)
    port = free_port()
    log = (data / "server.log").open("w")
    server = subprocess.Popen(
        [SIFA, "serve", "--port", str(port)], env=env, stdout=log, stderr=subprocess.STDOUT
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                break
        except httpx.TransportError:
            time.sleep(0.2)
    else:
        server.terminate()
        pytest.fail(f"server did not start: {(data / 'server.log').read_text()}")
    LIVE_LOG[:] = [data / "server.log"]
    yield base
    server.terminate()
    server.wait(timeout=10)


_SHARED: dict[str, object] = {}


def _close_shared() -> None:
    browser = _SHARED.pop("browser", None)
    driver = _SHARED.pop("playwright", None)
    if browser is not None:
        browser.close()  # type: ignore[attr-defined]
    if driver is not None:
        driver.stop()  # type: ignore[attr-defined]


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """One chromium for the whole run, shared by every conftest that imports this fixture
    (Playwright's sync API refuses a second driver in the same process)."""
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        if os.environ.get("CI") == "true":
            pytest.fail(f"chromium not found at {CHROMIUM}; .ci/run installs Debian's chromium")
        pytest.skip("Debian chromium is not installed (apt-get install chromium)")
    if "browser" not in _SHARED:
        from playwright.sync_api import sync_playwright

        driver = sync_playwright().start()
        _SHARED["playwright"] = driver
        _SHARED["browser"] = driver.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        atexit.register(_close_shared)
    yield _SHARED["browser"]


@pytest.fixture
def page(browser, request: pytest.FixtureRequest) -> Iterator[object]:
    context = browser.new_context(locale="zh-CN")
    p = context.new_page()
    p.console_errors = []  # type: ignore[attr-defined]
    p.on("console", lambda m: m.type == "error" and p.console_errors.append(m.text))
    yield p
    outcome = getattr(request.node, "report_call", None)
    if outcome is not None and outcome.failed:
        _print_failure_context(p)
    context.close()


@pytest.fixture
def admin_page(page, live_server: str) -> object:
    """A browser tab signed in through the real login form as the live server's admin."""
    from tests.browser.live_setup import PASSWORD, USERNAME

    page.goto(f"{live_server}/login")
    page.fill("input[name=username]", USERNAME)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(f"{live_server}/")
    return page
