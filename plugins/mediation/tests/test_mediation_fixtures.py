"""The root suite's fixtures reach the plugin's tests (see conftest.py here)."""

from core.db import session_scope


def test_the_root_fixtures_are_visible_and_the_plugin_is_on(platform, org_tree) -> None:
    from core.modules.service import active_plugins

    with session_scope(platform.engine) as session:
        assert "mediation" in active_plugins(session, platform.host, org_tree.station_a)
