"""Issue 11, acceptance 2: the example plugin ``examples/petitions`` installs with pip from its
own folder into a fresh environment beside the first-party mediation plugin, migrates, and
its pages, permissions and referral hook work end to end over HTTP against ``sifa serve``.

How the fresh environment is made, and why:

* ``python -m venv`` with the base interpreter (pip from ``ensurepip``, offline).
* The platform's third-party dependencies (litestar, sqlalchemy, argon2 …) are *reused* from
  the environment running this test: a folder of symlinks to this environment's
  site-packages, minus every sifa distribution and editable hook, is put on the new
  environment's path by a ``.pth`` file. Installing them again would mean a resolver run
  and ~60 wheels per test run, and this machine's offline PyPI mirror does not carry all of
  them (``chinesecalendar``); what the test is about is the sifa distributions.
* sifa itself, ``plugins/mediation`` and then ``examples/petitions`` (from its own folder,
  ``pip install .``) are installed by pip with ``--no-deps`` (their dependencies are
  present): real wheels built by hatchling, real dist-info with the ``sifa.plugins``
  entry points, nothing editable. pip gets hatchling from the first ``file://`` index of
  the pip configuration (``/opt/pypi/simple`` here), so the test needs no network;
  ``SIFA_TEST_PIP_INDEX`` overrides it.
"""

from __future__ import annotations

import os
import re
import sqlite3
import subprocess
import sys
import sysconfig
import textwrap
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import httpx
import pytest

from tests.support.cli import free_port

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "Qingshan-Lushui-7391"
BEIJING = timezone(timedelta(hours=8))


def local_index() -> str | None:
    """The offline package index pip uses for build requirements (hatchling)."""
    if "SIFA_TEST_PIP_INDEX" in os.environ:
        return os.environ["SIFA_TEST_PIP_INDEX"] or None
    configured = subprocess.run(
        [sys.executable, "-m", "pip", "config", "list"], capture_output=True, text=True
    ).stdout
    for url in re.findall(r"file://\S+?/simple", configured):
        if Path(url.removeprefix("file://")).is_dir():
            return url
    return "file:///opt/pypi/simple" if Path("/opt/pypi/simple").is_dir() else None


def shared_dependencies(target: Path) -> Path:
    """Symlinks to this environment's installed packages, sifa's own left out."""
    target.mkdir()
    for entry in Path(sysconfig.get_paths()["purelib"]).iterdir():
        name = entry.name
        if name.endswith(".pth") or name.startswith(("__editable__", "_editable", "__pycache__")):
            continue
        if name.lower().startswith("sifa"):
            continue  # sifa, sifa-mediation and any other workspace plugin
        points = entry / "entry_points.txt"
        if points.is_file() and "[sifa.plugins]" in points.read_text(encoding="utf-8"):
            continue
        (target / name).symlink_to(entry.resolve())
    return target


def run(args: list[str], *, env: dict[str, str], cwd: Path | None = None) -> str:
    done = subprocess.run(
        args, env=env, cwd=cwd, capture_output=True, text=True, timeout=240, check=False
    )
    assert done.returncode == 0, f"{args}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done.stdout


SETUP = textwrap.dedent(
    """
    # Runs inside the fresh environment: the bureau, a visitor, the other party, accounts.
    from core.db import session_scope
    from core.identity.passwords import use_hasher
    from core.platform import Platform
    from core.people.service import register_person
    from web.testing import FAST_HASHER, make_account, make_org_tree

    use_hasher(FAST_HASHER)
    platform = Platform.boot()
    assert {r.name for r in platform.host.loaded()} >= {"petitions", "mediation"}
    with session_scope(platform.engine) as s:
        tree = make_org_tree(s, activate=platform.host)
        visitor = register_person(
            s, {"name": "张秀英", "id_type": "resident_id", "id_number": "110101199003074514",
                "phone": "13812345678"}, org_id=tree.station_a)
        other = register_person(
            s, {"name": "王德厚", "id_type": "none", "no_id_reason": "未带证件"},
            org_id=tree.station_a)
        for name, role, org in (("head_a", "station_head", tree.station_a),
                                ("head_b", "station_head", tree.station_b),
                                ("inspector", "inspector", tree.bureau)):
            make_account(s, name, roles={role: org}, host=platform.host)
        print(tree.village_a, visitor.id, other.id)
    """
)


class Browser:
    """A signed-in HTTP client that sends the CSRF token like the pages' script does."""

    def __init__(self, base: str, username: str | None) -> None:
        self.http = httpx.Client(base_url=base, follow_redirects=False, timeout=30)
        self.http.get("/healthz")
        if username:
            signed = self.post("/login", {"username": username, "password": PASSWORD, "next": "/"})
            assert signed.status_code == 303, signed.text[-500:]

    def get(self, url: str) -> httpx.Response:
        return self.http.get(url)

    def post(self, url: str, data: dict[str, str]) -> httpx.Response:
        token = self.http.cookies.get("sifa_csrf", "")
        return self.http.post(url, data=data, headers={"x-csrftoken": token})


def pip_for(venv: Path, env: dict[str, str]) -> list[str]:
    """pip acting on *venv*: the base interpreter's pip with ``--python`` (pip >= 22.3), so
    the new environment needs no pip of its own; ensurepip where the base has no pip."""
    base_python = getattr(sys, "_base_executable", sys.executable)
    has_pip = subprocess.run([base_python, "-m", "pip", "--version"], capture_output=True)
    if has_pip.returncode == 0:
        subprocess.run([base_python, "-m", "venv", "--without-pip", str(venv)], check=True)
        pip = [base_python, "-m", "pip", "--python", str(venv / "bin/python")]
    else:
        subprocess.run([base_python, "-m", "venv", str(venv)], check=True, timeout=180)
        pip = [str(venv / "bin/python"), "-m", "pip"]
    return [*pip, "install", "--quiet", "--no-deps"]


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, object]]:
    """A fresh virtualenv with sifa, mediation and the example plugin, migrated and served."""
    tmp = tmp_path_factory.mktemp("example_plugin")
    venv = tmp / "venv"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SIFA_", "VIRTUAL_ENV"))}
    env.pop("PYTHONPATH", None)
    env.update(
        PATH=f"{venv / 'bin'}:{env.get('PATH', '')}",
        SIFA_DATABASE_URL=f"sqlite:///{tmp / 'bureau.sqlite3'}",
        SIFA_DATA_DIR=str(tmp / "data"),
        PIP_DISABLE_PIP_VERSION_CHECK="1",
    )
    pip = pip_for(venv, env)
    site = Path(
        run(
            [str(venv / "bin/python"), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            env=env,
        ).strip()
    )  # fmt: skip
    deps = shared_dependencies(tmp / "deps")
    (site / "_sifa_test_shared_deps.pth").write_text(f"{deps}\n", encoding="utf-8")

    # hatchling (the build backend) and babel (its hook compiles the catalogues) once, beside
    # the environment rather than in it
    index = local_index()
    from_index = ["--index-url", index] if index else []
    run([*pip[:-1], "--target", str(tmp / "build"), *from_index, "hatchling", "babel"], env=env)
    build_env = {**env, "PYTHONPATH": str(tmp / "build")}
    build = [*pip, "--no-build-isolation", *from_index]
    run([*build, str(ROOT), str(ROOT / "plugins/mediation")], env=build_env)
    run([*build, "."], env=build_env, cwd=ROOT / "examples/petitions")  # from its own folder

    sifa = str(venv / "bin/sifa")
    listed = run([sifa, "plugins", "list"], env=env)
    upgraded = run([sifa, "db", "upgrade"], env=env)
    with sqlite3.connect(tmp / "bureau.sqlite3") as db:
        tables = {row[0] for row in db.execute("select name from sqlite_master")}
    village_a, visitor, other = run([str(venv / "bin/python"), "-c", SETUP], env=env).split()

    port = free_port()
    server = subprocess.Popen(
        [sifa, "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(tmp / "server.log", "w"),  # noqa: SIM115 - closed with the process
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert server.poll() is None, (tmp / "server.log").read_text()[-3000:]
            assert time.monotonic() < deadline, "sifa serve did not answer within 60 s"
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.2)
        yield {
            "base": base,
            "listed": listed,
            "upgraded": upgraded,
            "tables": tables,
            "site": site,
            "village_a": village_a,
            "visitor": visitor,
            "other": other,
        }
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_the_example_plugin_installs_with_pip_beside_mediation_and_migrates(installed) -> None:
    rows = {line.split()[0]: line for line in str(installed["listed"]).splitlines() if line}
    assert "loaded" in rows["petitions"] and "信访接待" in rows["petitions"]
    assert "loaded" in rows["mediation"]
    assert {"petitions_visit", "alembic_version_petitions"} <= installed["tables"]  # type: ignore[operator]
    site = Path(str(installed["site"]))
    # a real, non-editable install from the folder: the package and its migration were copied
    assert (site / "petitions/migrations").is_dir()
    assert list(site.glob("sifa_example_petitions-0.1.0.dist-info"))
    assert not list(site.glob("__editable__*petitions*"))


def test_its_pages_answer_the_authorised_and_refuse_everyone_else(installed) -> None:
    base = str(installed["base"])
    head_a, head_b = Browser(base, "head_a"), Browser(base, "head_b")
    inspector, anonymous = Browser(base, "inspector"), Browser(base, None)
    today = datetime.now(UTC).astimezone(BEIJING).date().isoformat()
    visit = {
        "person_id": str(installed["visitor"]),
        "visited_on": today,
        "channel": "visit",
        "matter": "反映邻居修路占用通道，要求调解",
        "org_id": str(installed["village_a"]),
    }
    assert head_a.get("/m/petitions").status_code == 200
    saved = head_a.post("/m/petitions/new", visit)
    assert saved.status_code == 303, saved.text[-1000:]
    url = saved.headers["location"]
    page = head_a.get(url)
    assert page.status_code == 200 and "信访20" in page.text
    listed = head_a.get("/m/petitions").text
    assert "张秀英" in listed and "110101199003074514" not in listed and "13812345678" not in listed
    assert head_a.post("/m/petitions/new", {**visit, "matter": ""}).status_code == 422

    assert anonymous.get("/m/petitions").status_code in (302, 303)  # to the login page
    assert inspector.get("/m/petitions").status_code == 200  # may look …
    assert inspector.post("/m/petitions/new", visit).status_code == 403  # … not record
    assert head_b.get(url).status_code == 404  # another station's visit
    assert head_b.post(f"{url}/handover", {"committee_org_id": "1"}).status_code == 404


def test_handing_a_visit_to_mediation_creates_the_mediation_case(installed) -> None:
    base = str(installed["base"])
    head_a = Browser(base, "head_a")
    committee = head_a.post(
        "/m/mediation/committees/new",
        {
            "parent_id": str(installed["village_a"]),
            "name": "前进社区人民调解委员会",
            "kind": "village",
            "short_name": "前进",
        },
    )
    assert committee.status_code == 303, committee.text[-1000:]
    today = datetime.now(UTC).astimezone(BEIJING).date().isoformat()
    saved = head_a.post(
        "/m/petitions/new",
        {
            "person_id": str(installed["visitor"]),
            "visited_on": today,
            "channel": "letter",
            "matter": "来信反映宅基地界线争议，请求调解",
            "org_id": str(installed["village_a"]),
        },
    )
    url = saved.headers["location"]
    form = head_a.get(url).text
    assert "前进社区人民调解委员会" in form
    committee_id = re.search(r'<option value="(\d+)"[^>]*>前进社区人民调解委员会', form)
    assert committee_id, form[-2000:]
    handed = head_a.post(
        f"{url}/handover",
        {
            "committee_org_id": committee_id.group(1),
            "category_code": "0902",
            "respondent_id": str(installed["other"]),
        },
    )
    assert handed.status_code == 303, handed.text[-1500:]
    detail = head_a.get(handed.headers["location"]).text
    case_url = re.search(r'href="(/m/mediation/cases/\d+)" data-referral', detail)
    assert case_url, detail[-2000:]
    case = head_a.get(case_url.group(1))
    assert case.status_code == 200
    assert "宅基地界线争议" in case.text and "王德厚" in case.text
