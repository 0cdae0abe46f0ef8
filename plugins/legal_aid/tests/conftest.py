"""The suite's shared fixtures (``platform``, ``org_tree``, signed-in clients …) made visible
to the legal-aid tests; see plugins/mediation/tests/conftest.py for why this is an import."""

from tests.conftest import *  # noqa: F403
from tests.conftest import _signed_in_client  # noqa: F401
