"""Fixtures for the audit trail tests: an engine on a fresh migrated database."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine

import core.audit  # noqa: F401 - installs the recorder
from core.db import make_engine


@pytest.fixture
def engine(database_url: str, plugin_site) -> Iterator[Engine]:
    engine = make_engine(database_url)
    yield engine
    engine.dispose()


@pytest.fixture
def Note(plugin_site) -> type:
    """The test plugin's ``TestpluginNote`` (importable once the plugin site is on the path)."""
    from sifa_testplugin.models import TestpluginNote

    return TestpluginNote
