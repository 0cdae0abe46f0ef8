"""Accounts for the browser tests' live server (run by ``live_server`` after ``db upgrade``).

Runs as a script in the server's environment (``SIFA_DATABASE_URL`` …), so it imports only
the platform, never the test package.
"""

from __future__ import annotations

USERNAME = "admin"
PASSWORD = "Qingshan-Lushui-7391"


def main() -> None:
    from core.db import session_scope
    from core.identity import service
    from core.modules.service import set_active
    from core.orgs.service import create_org
    from core.platform import Platform

    platform = Platform.boot()
    with session_scope(platform.engine) as session:
        admin = service.create_account(
            session,
            username=USERNAME,
            display_name="系统管理员",
            password=PASSWORD,
            org_id=None,
            must_change_password=False,
        )
        service.grant_role(session, admin.id, "system_admin", None)  # type: ignore[arg-type]
        bureau = create_org(session, name="乐陵市司法局", type="bureau", division_code="371481")
        station = create_org(session, name="市中街道司法所", type="station", parent_id=bureau.id)
        for record in platform.host.loaded():  # the demo bureau uses every installed module
            set_active(session, platform.host, bureau.id, record.name, True)
        service.create_account(
            session, username="ganbu.a", display_name="张干部", password=PASSWORD, org_id=station.id
        )


if __name__ == "__main__":
    main()
