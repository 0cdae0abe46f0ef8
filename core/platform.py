"""The running platform: settings, database engine and loaded plugins, booted once."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import Engine
from sqlmodel import Session

from core.audit import install_recorder
from core.clock import Clock, real_time, use_process_clock
from core.codelists.service import code_lists_of, use_declared_code_lists
from core.db import make_engine, session_scope
from core.images import set_pixel_limit
from core.orgs.types import use_declared_org_types
from core.plugins import Candidate, PluginHost, org_types_of
from core.reminders.kinds import kinds_of, use_declared_kinds
from core.scheduling.rules import rules_of, use_declared_rules
from core.settings import Settings

_booted: list[Platform] = []


@dataclass
class Platform:
    """Everything a process (web server, worker, CLI, script) shares.

    ``settings`` as read from the environment, the database ``engine``, the plugin ``host``
    with the loaded plugins, and the ``clock`` every part of the platform reads the time
    from (``core.api.now()``; a test puts a ``FakeClock`` here). Booting installs the audit
    recorder, so every row written through a session of this engine is audited.
    """

    settings: Settings
    engine: Engine
    host: PluginHost
    clock: Clock = field(default=real_time, repr=False)

    def now(self) -> datetime:
        """The time (aware, UTC) by this platform's clock."""
        return self.clock()

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work on the platform database: committed at the end, rolled back on
        an error, audited like a request's."""
        with session_scope(self.engine) as session:
            yield session

    @classmethod
    def boot(
        cls,
        settings: Settings | None = None,
        candidates: Iterable[Candidate] | None = None,
        *,
        clock: Clock | None = None,
    ) -> Platform:
        """Load the plugins, connect to the database and make this the process's platform
        (what :func:`current_platform` and ``core.api.platform()`` return from now on)."""
        settings = settings or Settings()
        install_recorder()  # every change is audited in every process, whatever it imports
        set_pixel_limit(settings.image_max_pixels)  # Pillow refuses decompression bombs
        host = PluginHost(trace=settings.trace_hooks).load(candidates)
        use_declared_rules(rules_of(host))  # due_date(session, code, …) needs the defaults
        use_declared_kinds(kinds_of(host))  # add_due_item(session, …) needs the kinds
        use_declared_org_types(org_types_of(host))  # the tree's rules need the plugins' types
        use_declared_code_lists(code_lists_of(host))  # code_entries(session, …) needs the lists
        engine = make_engine(
            settings.database_url,
            timeouts=settings.request_timeouts,
            pool_size=settings.db_pool_size,
        )
        platform = cls(settings=settings, engine=engine, host=host, clock=clock or real_time)
        _booted[:] = [platform]
        use_process_clock(platform.now)
        return platform


def current_platform() -> Platform:
    """The platform this process booted last, booting one from the environment (``SIFA_*``
    variables, as ``sifa`` commands do) when there is none yet.

    For scripts, jobs and referral receivers outside a request: deadline rules, due-item
    kinds and the audit recorder are only in force once a platform has booted.
    """
    return _booted[0] if _booted else Platform.boot()
