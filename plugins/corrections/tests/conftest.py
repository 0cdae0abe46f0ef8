"""The suite's shared fixtures (``platform``, ``org_tree``, signed-in clients …), made visible
to this rootless test directory, as the mediation plugin does."""

from tests.conftest import *  # noqa: F403
from tests.conftest import _signed_in_client  # noqa: F401
