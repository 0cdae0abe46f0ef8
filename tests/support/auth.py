"""The suite's account, organisation, client and clock helpers: the public test kit.

They live in :mod:`web.testing` so that plugin authors use the very helpers the core's and
the first-party plugins' tests use; this module keeps the suite's old import path.
"""

from web.testing import *  # noqa: F403
from web.testing import (  # noqa: F401  (re-exported by name for the suite)
    CSRF_COOKIE,
    FAST_HASHER,
    PASSWORD,
    FakeClock,
    OrgTree,
    csrf_headers,
    ensure_roles,
    login,
    make_account,
    make_org_tree,
    post_form,
    use_clock,
)
