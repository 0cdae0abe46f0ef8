"""The suite's shared fixtures, made visible to the clinic plugin's tests.

pytest applies a ``conftest.py`` only to its own directory and below, so the root
``tests/conftest.py`` does not reach ``plugins/clinic/tests``; and ``pytest_plugins`` may
only be declared in the rootdir's conftest. Importing the module re-exports its fixtures
(``database_url`` on SQLite and, with ``SIFA_TEST_POSTGRES=1``, PostgreSQL; ``platform``,
``org_tree``, ``admin_client``, ``station_a_client`` …). Python imports it once, so the
test plugin it installs is installed once per run.

The browser (Playwright) test of this plugin lives with the other browser tests in
``tests/browser/test_clinic_browser.py``: its session fixtures (one browser, one live
server) must not be defined twice.
"""

import pytest

from tests.conftest import *  # noqa: F403
from tests.conftest import _signed_in_client  # noqa: F401
from tests.support.databases import backends, run_id


@pytest.fixture(scope="module", params=backends())
def clinic_database_url(request: pytest.FixtureRequest, tmp_path_factory) -> str | None:
    """One database per test module and backend (SQLite; PostgreSQL with
    ``SIFA_TEST_POSTGRES=1``): the clinic tests share a world built once per module."""
    if request.param == "sqlite":
        return None
    return request.getfixturevalue("postgres").create(f"sifa_test_{run_id()}_clinic")
