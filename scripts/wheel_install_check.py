"""Install the platform and a third-party plugin from wheels only, offline, and drive them.

Issue 22, acceptance 3, run outside CI (about two minutes on a busy two-core machine):

    uv run python scripts/wheel_install_check.py [--keep DIR]

1. ``uv build --all-packages --wheel --offline``: wheels of the core distribution ``sifa`` and
   of every first-party plugin; then a plugin written outside the workspace (``sifa plugin
   new notary`` in a temporary folder, plus an idempotent daily job) built with
   ``uv build --wheel --offline`` from its own folder.
2. A fresh virtualenv, nothing of this checkout on ``sys.path`` (every command runs in the
   temporary folder with ``PYTHONPATH`` unset). Dependencies are installed at the versions
   of ``uv.lock`` (``uv export``), without a resolver and without the network: the ones the
   local mirror (``/opt/pypi/simple``, ``/opt/pypi-more/simple``, ``/opt/wheels``) carries
   with pip, the rest (the mirror lacks e.g. chinesecalendar, dramatiq, litestar) from uv's
   cache (``uv pip install --offline``); then ``pip install --no-deps sifa-*.whl
   sifa_notary-*.whl`` and ``pip check``.
3. ``sifa plugins list`` / ``sifa db upgrade`` / ``sifa serve``: the plugin's register answers
   200 to its staff, 403 to an inspector posting a record, 404 for another station's record;
   ``sifa jobs run notary.daily`` twice writes one row.
4. ``pip uninstall sifa-notary``: ``sifa plugins list`` no longer lists it, ``sifa db
   upgrade`` succeeds and ``sifa serve`` answers again.

Prints each step with its duration; exits non-zero at the first failure.
"""

from __future__ import annotations

import argparse
import os
import re
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
MIRRORS = ("file:///opt/pypi/simple", "file:///opt/pypi-more/simple")
FIND_LINKS = "/opt/wheels"
PASSWORD = "Qingshan-Lushui-7391"

DAILY_JOB = '''

def _daily(context: Any) -> dict[str, int]:
    """One summary row per China day, however often it runs (idempotent)."""
    from datetime import timedelta, timezone

    from sqlmodel import select

    from @@name@@.models import NotaryRecord

    day = (context.slot or context.now()).astimezone(timezone(timedelta(hours=8))).date()
    with context.session() as session:
        bureau = session.exec(select(OrgUnit).where(OrgUnit.parent_id.is_(None))).first()
        title = f"日报 {day.isoformat()}"
        if bureau is None or session.exec(
            select(NotaryRecord).where(NotaryRecord.title == title)
        ).first():
            return {"written": 0}
        session.add(NotaryRecord(org_id=bureau.id, title=title, recorded_on=day))
    return {"written": 1}


@hookimpl
def sifa_periodic_jobs() -> list[Any]:
    return [PeriodicJob("notary.daily", "0 7 * * *", _daily)]
'''

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


def build_wheels(check: Check) -> tuple[Path, Path]:
    wheels = check.tmp / "wheels"
    check.run(
        "uv", "build", "--all-packages", "--wheel", "--offline", "--out-dir", wheels, cwd=ROOT
    )
    from core.scaffold import new_plugin

    plugin = new_plugin("notary", check.tmp / "notary", label_zh="公证预约", label_en="Notary")
    plugin_py = plugin.directory / "notary" / "plugin.py"
    source = plugin_py.read_text(encoding="utf-8")
    source = source.replace(
        "from core.api import NavItem,", "from core.api import NavItem, OrgUnit, PeriodicJob,"
    )
    plugin_py.write_text(source + DAILY_JOB.replace("@@name@@", "notary"), encoding="utf-8")
    check.run("uv", "build", "--wheel", "--offline", "--out-dir", wheels, cwd=plugin.directory)
    names = sorted(p.name for p in wheels.glob("*.whl"))
    check.step(f"built {len(names)} wheels: {', '.join(names)}")
    core = next(wheels.glob("sifa-*.whl"))
    notary = next(wheels.glob("sifa_notary-*.whl"))
    shutil.rmtree(plugin.directory)  # from now on only the wheel exists
    return core, notary


def mirrored(name: str, version: str) -> bool:
    """Whether the local mirror holds exactly this version (it lags the lock for some)."""
    normal = re.sub(r"[-_.]+", "-", name).lower()
    stem = f"{normal.replace('-', '_')}-{version}"
    for index in MIRRORS:
        page = Path(index.removeprefix("file://")) / normal / "index.html"
        if page.is_file():
            files = page.read_text(encoding="utf-8").lower().replace("-", "_")
            if f"{stem.replace('-', '_')}_" in files or f"{stem.replace('-', '_')}.tar.gz" in files:
                return True
    return any(p.name.lower().startswith(f"{stem}-") for p in Path(FIND_LINKS).glob("*.whl"))


def install(check: Check, core: Path, notary: Path) -> None:
    check.run("uv", "venv", "--quiet", "--seed", check.venv)  # --seed: pip in the venv
    from packaging.requirements import Requirement

    exported = check.run(
        "uv", "export", "--package", "sifa", "--no-dev", "--no-hashes", "--no-emit-workspace",
        "--offline", "--frozen", cwd=ROOT,
    )  # fmt: skip
    requirements = [
        Requirement(line.strip())
        for line in exported.splitlines()
        if line and not line.startswith(("#", " ", "-e", "."))
    ]
    pins = [  # the venv runs this interpreter's version: markers evaluate the same
        f"{r.name}{r.specifier}" for r in requirements if r.marker is None or r.marker.evaluate()
    ]
    from_mirror = [p for p in pins if mirrored(*p.split("=="))]
    from_cache = [p for p in pins if p not in from_mirror]
    python = check.venv / "bin/python"
    check.run(
        "uv", "pip", "install", "--offline", "--no-deps", "--quiet", "--python", python, *from_cache
    )
    mirror_args = [
        "--index-url",
        MIRRORS[0],
        "--extra-index-url",
        MIRRORS[1],
        "--find-links",
        FIND_LINKS,
    ]
    check.run(python, "-m", "pip", "install", "--quiet", "--no-deps", *mirror_args, *from_mirror)
    check.step(
        f"dependencies: {len(from_mirror)} from the mirror, {len(from_cache)} from uv's cache"
    )
    check.run(python, "-m", "pip", "install", "--quiet", "--no-deps", core, notary)
    check.run(python, "-m", "pip", "check")
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
    first = check.sifa("jobs", "run", "notary.daily")
    second = check.sifa("jobs", "run", "notary.daily")
    assert '"written": 1' in first and '"written": 0' in second, (first, second)
    count = check.run(
        check.venv / "bin/python", "-c",
        "import sqlite3, sys; db = sqlite3.connect(sys.argv[1]);"
        " print(db.execute(\"select count(*) from notary_record where title like '日报%'\").fetchone()[0])",
        str(check.tmp / "bureau.sqlite3"),
    ).strip()  # fmt: skip
    assert count == "1", count
    check.step("job run twice: one summary row")


def uninstall(check: Check) -> None:
    check.run(
        check.venv / "bin/python", "-m", "pip", "uninstall", "--yes", "--quiet", "sifa-notary"
    )
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
