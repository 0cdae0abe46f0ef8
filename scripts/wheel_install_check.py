"""The tutorial (docs/tutorial.md), performed: the platform and a third-party plugin built,
installed from wheels only into a fresh virtualenv, driven and removed.

Issue 22, acceptance 3; ``tests/test_wheels.py`` runs it in the default suite (about 40 s):

    uv run python scripts/wheel_install_check.py [--keep DIR]

The plugin's code and the shell steps are the tutorial's ``snippet:`` blocks, read from the
file, so the tutorial cannot drift from what works.

1. ``uv build --all-packages --wheel``: wheels of the core distribution ``sifa`` and of every
   first-party plugin; then the tutorial's plugin, written outside the workspace (its
   ``scaffold`` command in a temporary folder, its ``import-after`` and ``daily-job`` edits),
   built by its ``build`` snippet from its own folder.
2. A fresh virtualenv, nothing of this checkout on ``sys.path`` (every command runs in the
   temporary folder with ``PYTHONPATH`` unset). Dependencies are installed at the versions
   of ``uv.lock`` (``uv export``) without a resolver (``uv pip install --no-deps -r``, from
   uv's cache when ``uv sync`` already fetched them); then ``uv pip install --no-deps
   sifa-*.whl sifa_notary-*.whl`` and ``pip check``.
   (The tutorial's ``install`` snippet, run as written.)
3. ``sifa plugins list`` / ``sifa db upgrade`` / ``sifa serve``: the plugin's register answers
   200 to its staff, 403 to an inspector posting a record, 404 for another station's record;
   the ``job`` snippet (``sifa jobs run notary.daily`` twice) writes one row.
4. The ``uninstall`` snippet: ``sifa plugins list`` no longer lists it, ``sifa db upgrade``
   succeeds and ``sifa serve`` answers again.

Prints each step with its duration; exits non-zero at the first failure.
"""

from __future__ import annotations

import argparse
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PASSWORD = "Qingshan-Lushui-7391"

TUTORIAL = ROOT / "docs" / "tutorial.md"
_SNIPPET = re.compile(r"<!-- snippet: ([\w-]+)[^>]*-->\s*```\w*\n(.*?)```", re.S)


def snippets(path: Path = TUTORIAL) -> dict[str, str]:
    """The tutorial's tested blocks by name (``<!-- snippet: NAME -->`` before a fence)."""
    return {name: body for name, body in _SNIPPET.findall(path.read_text(encoding="utf-8"))}


SETUP = textwrap.dedent(
    """
    from core.api import platform, session_scope
    from core.identity.passwords import use_hasher
    from web.testing import FAST_HASHER, make_account, make_org_tree

    use_hasher(FAST_HASHER)
    p = platform()
    with session_scope(p.engine) as s:
        tree = make_org_tree(s, activate=p.host)
        for name, role, org in (("staff_a", "station_staff", tree.station_a),
                                ("staff_b", "station_staff", tree.station_b),
                                ("inspector", "inspector", tree.bureau)):
            make_account(s, name, roles={role: org}, host=p.host)
        print(tree.village_a)
    """
)


class Check:
    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.venv = tmp / "venv"
        self.env = {
            k: v for k, v in os.environ.items() if not k.startswith(("SIFA_", "VIRTUAL_ENV"))
        }
        self.env.pop("PYTHONPATH", None)
        self.env.update(
            SIFA_DATABASE_URL=f"sqlite:///{tmp / 'bureau.sqlite3'}",
            SIFA_DATA_DIR=str(tmp / "data"),
            PIP_DISABLE_PIP_VERSION_CHECK="1",
        )
        self.started = time.monotonic()

    def step(self, what: str) -> None:
        print(f"[{time.monotonic() - self.started:6.1f} s] {what}", flush=True)

    def run(self, *args: str | Path, cwd: Path | None = None, check: bool = True) -> str:
        done = subprocess.run(
            [str(a) for a in args],
            cwd=cwd or self.tmp,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        if check and done.returncode != 0:
            raise SystemExit(f"failed: {args}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
        return done.stdout

    def sifa(self, *args: str) -> str:
        return self.run(self.venv / "bin/sifa", *args)


def bash(check: Check, script: str, cwd: Path | None = None) -> str:
    """Run a tutorial snippet as written (``set -e``: a failing line fails the step)."""
    return check.run("bash", "-ec", script, cwd=cwd)


def build_wheels(check: Check) -> tuple[Path, Path]:
    wheels = check.tmp / "wheels"
    check.run("uv", "build", "--all-packages", "--wheel", "--out-dir", wheels, cwd=ROOT)
    steps = snippets()
    # the scaffold command with the checkout's sifa, in a folder outside the checkout
    scaffold = shlex.split(steps["scaffold"].strip())
    check.run(ROOT / ".venv" / "bin" / scaffold[0], *scaffold[1:])
    plugin = check.tmp / "notary"
    plugin_py = plugin / "notary" / "plugin.py"
    source = plugin_py.read_text(encoding="utf-8")
    before, after = steps["import-before"].strip(), steps["import-after"].strip()
    if before not in source:
        raise SystemExit(f"the scaffold no longer has the tutorial's import line: {before}")
    source = source.replace(before, after) + "\n\n" + steps["daily-job"]
    plugin_py.write_text(source, encoding="utf-8")
    bash(check, steps["build"])
    names = sorted(p.name for p in wheels.glob("*.whl"))
    check.step(f"built {len(names)} wheels: {', '.join(names)}")
    core = next(wheels.glob("sifa-*.whl"))
    notary = next(wheels.glob("sifa_notary-*.whl"))
    shutil.rmtree(plugin)  # from now on only the wheel exists
    return core, notary


def install(check: Check, core: Path, notary: Path) -> None:
    exported = check.run(
        "uv", "export", "--package", "sifa", "--no-dev", "--no-hashes", "--no-emit-workspace",
        "--frozen", cwd=ROOT,
    )  # fmt: skip
    (check.tmp / "requirements.txt").write_text(exported, encoding="utf-8")
    bash(check, snippets()["install"])  # the locked versions, no resolver, then the wheels
    python = check.venv / "bin/python"
    where = check.run(python, "-c", "import core, notary; print(core.__file__, notary.__file__)")
    assert str(ROOT) not in where, where
    check.step(f"installed from wheels only: {where.strip()}")


def serve(check: Check) -> tuple[subprocess.Popen[bytes], str]:
    from tests.support.cli import free_port

    port = free_port()
    log = open(check.tmp / "server.log", "w")  # noqa: SIM115 - lives as long as the server
    server = subprocess.Popen(
        [str(check.venv / "bin/sifa"), "serve", "--port", str(port)],
        cwd=check.tmp, env=check.env, stdout=subprocess.DEVNULL, stderr=log,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        if server.poll() is not None:
            raise SystemExit((check.tmp / "server.log").read_text()[-3000:])
        if time.monotonic() > deadline:
            raise SystemExit("sifa serve did not answer within 120 s")
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                return server, base
        except httpx.TransportError:
            time.sleep(0.3)


def signed_in(base: str, username: str) -> httpx.Client:
    client = httpx.Client(base_url=base, follow_redirects=False, timeout=30)
    client.get("/login")
    token = client.cookies.get("sifa_csrf", "")
    done = client.post(
        "/login",
        data={"username": username, "password": PASSWORD, "next": "/"},
        headers={"x-csrftoken": token},
    )
    assert done.status_code == 303, done.text[-500:]
    return client


def post(client: httpx.Client, url: str, data: dict[str, str]) -> httpx.Response:
    return client.post(url, data=data, headers={"x-csrftoken": client.cookies.get("sifa_csrf", "")})


def exercise(check: Check) -> None:
    listed = check.sifa("plugins", "list")
    assert re.search(r"^notary\s.*loaded", listed, re.M), listed
    check.sifa("db", "upgrade")
    village_a = check.run(check.venv / "bin/python", "-c", SETUP).split()[-1]
    check.step("listed, migrated, bureau and accounts set up")
    server, base = serve(check)
    try:
        check.step("sifa serve answers")
        staff_a, staff_b = signed_in(base, "staff_a"), signed_in(base, "staff_b")
        inspector = signed_in(base, "inspector")
        entry = {"title": "房产继承公证预约", "recorded_on": "2026-11-20", "org_id": village_a}
        assert staff_a.get("/m/notary").status_code == 200
        saved = post(staff_a, "/m/notary/new", entry)
        assert saved.status_code == 303, saved.text[-1000:]
        url = saved.headers["location"]
        assert staff_a.get(url).status_code == 200
        assert post(inspector, "/m/notary/new", entry).status_code == 403
        assert staff_b.get(url).status_code == 404
        check.step(f"pages: 200 for staff, 403 for the inspector's POST, 404 for {url} elsewhere")
    finally:
        server.terminate()
        server.wait(timeout=30)
    ran = bash(check, snippets()["job"])
    assert re.search(r'"written": 1.*"written": 0', ran, re.S), ran
    count = check.run(
        check.venv / "bin/python", "-c",
        "import sqlite3, sys; db = sqlite3.connect(sys.argv[1]);"
        " print(db.execute(\"select count(*) from notary_record where title like '日报%'\").fetchone()[0])",
        str(check.tmp / "bureau.sqlite3"),
    ).strip()  # fmt: skip
    assert count == "1", count
    check.step("job run twice: one summary row")


def uninstall(check: Check) -> None:
    said = bash(check, snippets()["uninstall"])
    assert not re.search(r"^notary\s", said, re.M), said
    listed = check.sifa("plugins", "list")
    assert not re.search(r"^notary\s", listed, re.M), listed
    check.sifa("db", "upgrade")
    server, base = serve(check)
    try:
        assert httpx.get(f"{base}/login", timeout=10).status_code == 200
    finally:
        server.terminate()
        server.wait(timeout=30)
    check.step("uninstalled: not listed, db upgrade and sifa serve still work")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="work in this folder and keep it")
    args = parser.parse_args()
    tmp = args.keep or Path(tempfile.mkdtemp(prefix="sifa-wheels-"))
    tmp.mkdir(parents=True, exist_ok=True)
    check = Check(tmp)
    try:
        core, notary = build_wheels(check)
        install(check, core, notary)
        exercise(check)
        uninstall(check)
        check.step("all checks passed")
    finally:
        if args.keep is None:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
