"""The running platform: settings, database engine and loaded plugins, booted once."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Engine

from core.db import make_engine
from core.plugins import Candidate, PluginHost
from core.scheduling.rules import rules_of, use_declared_rules
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
        use_declared_rules(rules_of(host))  # due_date(session, code, …) needs the defaults
        return cls(settings=settings, engine=make_engine(settings.database_url), host=host)
