"""Sixteen administrators merge the same township at the same instant: one merge, fifteen
409s, all within a second or so, on SQLite and PostgreSQL (the version check is an atomic
UPDATE, not a comparison of what each request read)."""

from contextlib import ExitStack

from sqlmodel import Session, select

from core.orgs.history import ChangeKind, OrgChange
from core.orgs.models import OrgUnit
from tests.indicators.factories import make_county
from tests.support.auth import ensure_roles, make_account
from tests.support.concurrency import (
    assert_one_winner,
    changing_requests,
    last_audit_id,
    live_server,
    race,
    signed_in,
)
from web.app import create_app
from web.testing import PASSWORD


def test_sixteen_identical_merges_at_once_merge_once(platform) -> None:
    with Session(platform.engine, expire_on_commit=False) as s:
        ensure_roles(s, platform.host)
        county = make_county(s, platform.host, 2)
        for i in range(16):
            make_account(s, f"racer{i}", roles={"system_admin": county.bureau}, host=platform.host)
        s.commit()
    a, b = county.stations
    with live_server(create_app(platform=platform)) as server, ExitStack() as open_clients:
        clients = [signed_in(server.url, f"racer{i}", PASSWORD) for i in range(16)]
        for client in clients:
            open_clients.callback(client.close)
        before = last_audit_id(platform.engine)
        answers = race(
            clients,
            f"/orgs/{a}/merge",
            {"into_id": str(b), "effective_on": "2026-03-01", "version": "1"},
        )
        assert_one_winner(
            answers,
            changing_requests(platform.engine, before),
            "merge",
            refused=frozenset({409, 422}),
        )
    with Session(platform.engine) as s:
        merges = s.exec(select(OrgChange).where(OrgChange.kind == ChangeKind.MERGE)).all()
        assert len(merges) == 1 and not s.get(OrgUnit, a).active


def test_sixteen_identical_change_files_at_once_apply_once(platform) -> None:
    """Eight administrators confirm the same division change file at the same instant: one
    applies it, the others wait and find every line already in effect (or are refused)."""
    from importlib.resources import files

    from core.orgs.importer import import_divisions
    from core.orgs.service import find_by_code

    text = (files("core.orgs") / "data" / "changes" / "371481-2026-sample.csv").read_text(
        encoding="utf-8"
    )
    with Session(platform.engine, expire_on_commit=False) as s:
        ensure_roles(s, platform.host)
        import_divisions(s, areas=["371481"])
        bureau = find_by_code(s, "371481").id
        for i in range(16):
            make_account(s, f"changer{i}", roles={"system_admin": bureau}, host=platform.host)
        s.commit()
    with live_server(create_app(platform=platform)) as server, ExitStack() as open_clients:
        clients = [signed_in(server.url, f"changer{i}", PASSWORD) for i in range(16)]
        for client in clients:
            open_clients.callback(client.close)
        before = last_audit_id(platform.engine)
        answers = race(
            clients, f"/orgs/{bureau}/division-changes/apply", {"text": text, "confirm": "1"}
        )
        assert_one_winner(
            answers,
            changing_requests(platform.engine, before),
            "division changes",
            idempotent=True,
            refused=frozenset({409, 422}),
        )
    with Session(platform.engine) as s:
        merges = s.exec(select(OrgChange).where(OrgChange.kind == ChangeKind.MERGE)).all()
        assert len(merges) == 1
        assert find_by_code(s, "371481109").name == "西段镇司法所"
