"""The suite's shared fixtures, made visible to the publicity plugin's tests (see the
mediation plugin's conftest for why this import is the way to do it). The browser test of
this plugin lives in ``tests/browser/test_publicity_browser.py``."""

from tests.conftest import *  # noqa: F403
from tests.conftest import _signed_in_client  # noqa: F401
