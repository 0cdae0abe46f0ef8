"""The running platform: settings, database engine and loaded plugins, booted once."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Engine

from core.audit import install_recorder
from core.db import make_engine
from core.plugins import Candidate, PluginHost
from core.reminders.kinds import kinds_of, use_declared_kinds
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
        install_recorder()  # every change is audited in every process, whatever it imports
        host = PluginHost(trace=settings.trace_hooks).load(candidates)
        use_declared_rules(rules_of(host))  # due_date(session, code, …) needs the defaults
        use_declared_kinds(kinds_of(host))  # add_due_item(session, …) needs the kinds
        return cls(settings=settings, engine=make_engine(settings.database_url), host=host)
