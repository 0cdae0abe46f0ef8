"""The running platform: settings, database engine and loaded plugins, booted once."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Engine

from core.db import make_engine
from core.plugins import Candidate, PluginHost
from core.settings import Settings


@dataclass
class Platform:
    """Everything a process (web server, worker, CLI) shares."""

    settings: Settings
    engine: Engine
    host: PluginHost

    @classmethod
    def boot(
        cls, settings: Settings | None = None, candidates: Iterable[Candidate] | None = None
    ) -> Platform:
        settings = settings or Settings()
        host = PluginHost(trace=settings.trace_hooks).load(candidates)
        return cls(settings=settings, engine=make_engine(settings.database_url), host=host)
