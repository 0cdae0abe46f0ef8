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


@pytest.fixture(scope="session")
def live_server(plugin_site: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``sifa serve`` on a migrated SQLite database; yields the base URL."""
    data = tmp_path_factory.mktemp("live")
    env = sifa_env(f"sqlite:///{data / 'live.sqlite3'}", data, plugin_site)
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
def page(browser) -> Iterator[object]:
    context = browser.new_context(locale="zh-CN")
    p = context.new_page()
    p.console_errors = []  # type: ignore[attr-defined]
    p.on("console", lambda m: m.type == "error" and p.console_errors.append(m.text))
    yield p
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
