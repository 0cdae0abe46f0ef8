"""Many staff at once: sign in, open the inbox, page the mediation ledger, register and
advance cases — against a real ``sifa serve`` on the loopback interface.

The script builds a throw-away installation (SQLite file or a PostgreSQL database of its
own), migrates it, fills the demo bureau and adds ``--users`` staff accounts that share the
demo password. It starts ``sifa serve`` on 127.0.0.1, lets every virtual staff member sign
in at the same instant, then has each one act for ``--duration`` seconds with a think time
between actions, and prints per kind of request (sign-in, read, write): count, p50, p95,
max, errors, requests over 10 s and hangs (no answer within ``--timeout``). It ends with
``sifa audit verify`` on the result and checks that editing or deleting one of the records
just written would be detected.

Bounded: loopback only, ``--duration`` seconds of load and at most ``--max-requests``
requests, every request with a timeout. Examples (issue 18's acceptance)::

    uv run python benchmarks/load.py --sqlite --users 50 --duration 0          # sign-ins only
    uv run python benchmarks/load.py --sqlite --users 20 --duration 60 --think 2 --mix write
    uv run python benchmarks/load.py --postgres --users 100 --duration 60 --think 5-10
    uv run python benchmarks/load.py --postgres --users 100 --duration 60 --think 0
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import create_engine, text

BEIJING = timezone(timedelta(hours=8))

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

POSTGRES_ADMIN_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
SLOW_SECONDS = 10.0
CSRF_COOKIE = "sifa_csrf"


# -- setting up ---------------------------------------------------------------------------


@dataclass
class Site:
    """The installation under load and what the virtual staff need to act in it."""

    data_dir: Path
    database_url: str
    usernames: list[str]
    password: str
    committee_id: int
    mediator_id: int
    person_ids: list[int]
    drop_database: str | None = None


def _create_postgres_database() -> tuple[str, str]:
    name = f"sifa_load_{os.getpid()}"
    admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}", name


def build_site(args: argparse.Namespace) -> Site:
    """Migrate, fill the demo bureau, add the virtual staff (bureau staff, demo password)."""
    from sqlmodel import Session, select

    from core import migrate
    from core.demo import DEMO_PASSWORD, fill_demo
    from core.identity import service as identity
    from core.identity.cli import sync_roles_now
    from core.platform import Platform
    from core.settings import Settings

    data_dir = Path(args.data_dir or tempfile.mkdtemp(prefix="sifa-load-"))
    drop = None
    if args.postgres:
        url, drop = _create_postgres_database()
    else:
        url = f"sqlite:///{data_dir / 'sifa.sqlite3'}"
    platform = Platform.boot(Settings(data_dir=data_dir, database_url=url))
    migrate.upgrade(platform.engine, platform.host)
    sync_roles_now(platform)
    started = time.perf_counter()
    with Session(platform.engine, expire_on_commit=False) as session:
        report = fill_demo(session, platform.host)
        session.commit()
        usernames = [f"load{n:03d}" for n in range(1, args.users + 1)]
        for name in usernames:
            account = identity.create_account(
                session,
                username=name,
                display_name=f"压测{name[4:]}",
                password=DEMO_PASSWORD,
                org_id=report.bureau_id,
                must_change_password=False,
            )
            identity.grant_role(session, account.id, "bureau_staff", report.bureau_id)  # type: ignore[arg-type]
        session.commit()
        row = session.execute(
            text(
                "SELECT m.committee_id, m.id FROM mediation_mediator m "
                "WHERE m.active ORDER BY m.id LIMIT 1"
            )
        ).first()
        if row is None:
            raise SystemExit("the demo bureau has no mediator: is the mediation plugin installed?")
        from core.people.models import Person

        people = list(session.exec(select(Person.id).order_by(Person.id).limit(200)).all())
    platform.engine.dispose()
    print(
        f"set up {'PostgreSQL' if args.postgres else 'SQLite'} demo bureau with "
        f"{len(usernames)} staff in {time.perf_counter() - started:.1f}s ({data_dir})"
    )
    return Site(data_dir, url, usernames, DEMO_PASSWORD, row[0], row[1], people, drop)


def server_env(site: Site, args: argparse.Namespace) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        SIFA_DATA_DIR=str(site.data_dir),
        SIFA_DATABASE_URL=site.database_url,
        SIFA_BROKER_URL=args.broker,
        SIFA_CONFIG_FILE=str(site.data_dir / "none.toml"),
    )
    if args.web_threads:
        env["SIFA_WEB_THREADS"] = str(args.web_threads)
    return env


def start_server(site: Site, args: argparse.Namespace) -> subprocess.Popen[bytes]:
    log = (site.data_dir / "server.log").open("wb")
    command = [sys.executable, "-c", "from web.cli import main; main()", "serve"]
    command += ["--host", "127.0.0.1", "--port", str(args.port)]
    if args.server_workers > 1:
        command += ["--workers", str(args.server_workers)]
    server = subprocess.Popen(
        command,
        env=server_env(site, args),
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # its own process group: a kill takes uvicorn's workers too
    )
    deadline = time.monotonic() + 240  # several processes booting on a busy machine
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{args.port}/healthz", timeout=2).status_code == 200:
                return server
        except httpx.HTTPError:
            time.sleep(0.3)
        if server.poll() is not None:
            break
    _kill(server)
    raise SystemExit(f"the server did not start; see {site.data_dir / 'server.log'}")


def _kill(server: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(server.pid, signal.SIGKILL)
    server.wait()


def stop_server(server: subprocess.Popen[bytes]) -> None:
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(60)
    except subprocess.TimeoutExpired:
        _kill(server)


# -- the virtual staff --------------------------------------------------------------------


@dataclass
class Tally:
    """Latencies and failures per kind of request."""

    seconds: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    hangs: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    requests: int = 0

    def total(self) -> int:
        return sum(len(v) for v in self.seconds.values()) + sum(self.hangs.values())


class Budget:
    """Stops new requests after the deadline or the request cap."""

    def __init__(self, seconds: float, max_requests: int) -> None:
        self.deadline = time.monotonic() + seconds
        self.left = max_requests

    def take(self) -> bool:
        if self.left <= 0 or time.monotonic() >= self.deadline:
            return False
        self.left -= 1
        return True


def _think(think: tuple[float, float]) -> float:
    low, high = think
    return random.uniform(low, high) if high > low else low


class Staff:
    """One person at a browser: their own cookies, their own cases."""

    def __init__(self, username: str, site: Site, base: str, tally: Tally, timeout: float):
        self.username = username
        self.site = site
        self.tally = tally
        self.client = httpx.AsyncClient(base_url=base, timeout=timeout, follow_redirects=False)
        self.cases: list[int] = []  # registered, not yet accepted

    async def close(self) -> None:
        await self.client.aclose()

    async def _request(self, kind: str, method: str, url: str, ok: tuple[int, ...], **kw: Any):
        headers = kw.pop("headers", {})
        if method == "POST":
            headers["x-csrftoken"] = self.client.cookies.get(CSRF_COOKIE, "")
        started = time.perf_counter()
        try:
            response = await self.client.request(method, url, headers=headers, **kw)
        except httpx.TimeoutException:
            self.tally.hangs[kind] += 1
            return None
        except httpx.HTTPError as exc:
            self.tally.errors[kind].append(f"{method} {url}: {type(exc).__name__}")
            return None
        self.tally.seconds[kind].append(time.perf_counter() - started)
        if response.status_code not in ok:
            self.tally.errors[kind].append(f"{method} {url}: {response.status_code}")
            return None
        return response

    async def open_login(self) -> None:
        await self._request("read", "GET", "/login", (200,))

    async def sign_in(self) -> bool:
        data = {"username": self.username, "password": self.site.password, "next": "/"}
        return await self._request("sign-in", "POST", "/login", (303,), data=data) is not None

    async def inbox(self) -> None:
        await self._request("read", "GET", "/inbox", (200,))

    async def ledger(self) -> None:
        page = random.randint(1, 3)
        await self._request("read", "GET", f"/m/mediation/ledger?page={page}", (200,))

    async def register(self) -> None:
        n = random.randrange(1_000_000)
        data = {
            "committee_id": str(self.site.committee_id),
            "source": "party_application",
            "application_form": "written",
            "party_0_role": "applicant",
            "party_0_person_id": str(random.choice(self.site.person_ids)),
            "party_1_role": "respondent",
            "party_1_name": f"钱{n}",
            "party_1_id_type": "none",
            "party_1_no_id_reason": "未带证件",
            "party_1_sex": "male",
            "category_code": "0902",
            "description": f"压测登记的纠纷 {n}：院墙越界约半米。",
            "people_involved": "2",
        }
        response = await self._request("write", "POST", "/m/mediation/cases/new", (303,), data=data)
        if response is not None:
            found = re.search(r"/cases/(\d+)", response.headers.get("location", ""))
            if found:
                self.cases.append(int(found.group(1)))

    async def advance(self) -> None:
        if not self.cases:
            await self.register()
            return
        case_id = self.cases.pop(0)
        url = f"/m/mediation/cases/{case_id}"
        page = await self._request("read", "GET", url, (200,))
        found = re.search(r'data-version="(\d+)"', page.text) if page is not None else None
        if found is None:
            return
        data = {
            "version": found.group(1),
            # The platform's day is Beijing's: after 16:00 UTC the UTC date is the day
            # before the case was registered, and the form rightly refuses it.
            "rights_notified_on": datetime.now(BEIJING).date().isoformat(),
            "mediator_ids": str(self.site.mediator_id),
        }
        await self._request(
            "write", "POST", f"{url}/accept", (200,), data=data, headers={"HX-Request": "true"}
        )


MIXES = {
    # what a person at a bureau does most: look things up, now and then write
    "staff": (("inbox", 3), ("ledger", 4), ("register", 2), ("advance", 2)),
    "write": (("register", 1), ("advance", 1)),  # every action an audited write
    "read": (("inbox", 1), ("ledger", 1)),
}


async def run_staff(
    staff: Staff, start: asyncio.Event, budget: Budget, mix: str, think: tuple[float, float]
) -> None:
    await start.wait()
    actions, weights = zip(*MIXES[mix], strict=True)
    while True:
        pause = _think(think)
        if time.monotonic() + pause >= budget.deadline:
            return
        await asyncio.sleep(pause)
        if not budget.take():
            return
        await getattr(staff, random.choices(actions, weights)[0])()


async def load(site: Site, args: argparse.Namespace) -> tuple[Tally, float, float]:
    base = f"http://127.0.0.1:{args.port}"
    tally = Tally()
    staff = [Staff(name, site, base, tally, args.timeout) for name in site.usernames]
    try:
        # every virtual person opens the login page, then all press "登录" together
        await asyncio.gather(*(s.open_login() for s in staff))
        started = time.perf_counter()
        signed_in = await asyncio.gather(*(s.sign_in() for s in staff))
        sign_in_wall = time.perf_counter() - started
        active = [s for s, ok in zip(staff, signed_in, strict=True) if ok]
        budget = Budget(args.duration, args.max_requests)
        go = asyncio.Event()
        tasks = [
            asyncio.create_task(run_staff(s, go, budget, args.mix, args.think)) for s in active
        ]
        started = time.perf_counter()
        go.set()
        await asyncio.gather(*tasks)
        load_wall = time.perf_counter() - started
    finally:
        await asyncio.gather(*(s.close() for s in staff))
    return tally, sign_in_wall, load_wall


# -- reporting ----------------------------------------------------------------------------


def _ms(value: float) -> str:
    return f"{value * 1000:8.0f}"


def report(tally: Tally, sign_in_wall: float, load_wall: float, args: argparse.Namespace) -> bool:
    print()
    print(
        f"{'kind':<8} {'count':>6} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8} "
        f"{'errors':>6} {f'>{SLOW_SECONDS:.0f}s':>5} {'hangs':>5}"
    )
    clean = True
    for kind in ("sign-in", "read", "write"):
        values = sorted(tally.seconds.get(kind, []))
        errors, hangs = tally.errors.get(kind, []), tally.hangs.get(kind, 0)
        slow = sum(1 for v in values if v > SLOW_SECONDS)
        clean &= not errors and not hangs and not slow
        if not values and not errors and not hangs:
            continue
        p50 = statistics.median(values) if values else 0.0
        p95 = values[max(0, int(len(values) * 0.95 + 0.5) - 1)] if values else 0.0
        top = values[-1] if values else 0.0
        print(
            f"{kind:<8} {len(values):>6} {_ms(p50)} {_ms(p95)} {_ms(top)} "
            f"{len(errors):>6} {slow:>5} {hangs:>5}"
        )
        for error in sorted(set(errors))[:5]:
            print(f"         e.g. {error} (x{errors.count(error)})")
    done = len(tally.seconds.get("read", [])) + len(tally.seconds.get("write", []))
    print()
    print(f"{args.users} users signed in together: all answered within {sign_in_wall:.2f}s")
    if args.duration > 0:
        print(
            f"then {load_wall:.1f}s of load (think {args.think[0]:g}-{args.think[1]:g}s, "
            f"mix {args.mix}): {done} requests, {done / load_wall:.1f} requests/s"
        )
    return clean


def verify(site: Site, args: argparse.Namespace) -> bool:
    """``sifa audit verify`` as an operator runs it, then two tamperings it must catch."""
    command = [sys.executable, "-c", "from web.cli import main; main()", "audit", "verify"]
    result = subprocess.run(
        command, env=server_env(site, args), capture_output=True, text=True, timeout=600
    )
    print()
    for line in (result.stdout + result.stderr).strip().splitlines():
        print("sifa audit verify:", line)
    if result.returncode != 0:
        return False
    from core.audit.verify import verify_chain

    engine = create_engine(site.database_url)
    caught = []
    with engine.connect() as conn:
        last = conn.execute(text("SELECT max(id) FROM audit_record")).scalar_one()
        middle = max(1, last // 2)
        conn.rollback()
        for tamper in (
            f"UPDATE audit_record SET actor_name = 'mallory' WHERE id = {middle}",
            f"DELETE FROM audit_record WHERE id = {middle}",
        ):
            transaction = conn.begin()
            conn.execute(text(tamper))
            caught.append(not verify_chain(conn).ok)  # the walk sees this uncommitted change
            transaction.rollback()
    engine.dispose()
    print(f"tampering with record {middle} of {last} (edit, delete) detected: {caught}")
    return all(caught)


# -- main ---------------------------------------------------------------------------------


def _think_range(value: str) -> tuple[float, float]:
    low, _, high = value.partition("-")
    return float(low), float(high or low)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    backend = parser.add_mutually_exclusive_group()
    backend.add_argument("--sqlite", action="store_true", help="embedded SQLite (default)")
    backend.add_argument("--postgres", action="store_true", help="local PostgreSQL database")
    parser.add_argument("--users", type=int, default=20, help="virtual staff (default 20)")
    parser.add_argument("--duration", type=float, default=60, help="seconds of load after sign-in")
    parser.add_argument(
        "--think",
        type=_think_range,
        default=(5.0, 10.0),
        help="seconds between one person's actions, N or MIN-MAX (default 5-10)",
    )
    parser.add_argument("--mix", choices=sorted(MIXES), default="staff")
    parser.add_argument("--max-requests", type=int, default=50_000)
    parser.add_argument(
        "--timeout", type=float, default=30, help="a request with no answer by then is a hang"
    )
    parser.add_argument("--port", type=int, default=8150)
    parser.add_argument("--web-threads", type=int, default=0, help="SIFA_WEB_THREADS of the server")
    parser.add_argument(
        "--server-workers", type=int, default=1, help="sifa serve --workers (needs --broker)"
    )
    parser.add_argument(
        "--broker", default="embedded", help="SIFA_BROKER_URL of the server (default embedded)"
    )
    parser.add_argument("--data-dir", help="keep the installation here (default: a temp dir)")
    parser.add_argument("--keep", action="store_true", help="keep the installation afterwards")
    args = parser.parse_args()
    if not 1 <= args.users <= 1000 or args.duration > 3600:
        parser.error("at most 1000 users and 3600 seconds")

    site = build_site(args)
    try:
        server = start_server(site, args)
        try:
            tally, sign_in_wall, load_wall = asyncio.run(load(site, args))
        finally:
            stop_server(server)
        clean = report(tally, sign_in_wall, load_wall, args)
        verified = verify(site, args)
    finally:
        if not args.keep:
            cleanup(site, args)
    return 0 if clean and verified else 1


def cleanup(site: Site, args: argparse.Namespace) -> None:
    if site.drop_database:
        admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{site.drop_database}" WITH (FORCE)'))
        admin.dispose()
    if not args.data_dir:
        shutil.rmtree(site.data_dir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
