"""The one module plugins import from the core.

Everything a plugin needs is re-exported here with an explicit ``__all__``; every other
core module is private and may change without notice. Names are removed only after a
deprecation period of one minor core API version.
"""

from core.audit import record_event
from core.db import metadata, session_scope
from core.identity.current import CurrentUser
from core.identity.permissions import PermissionDecl
from core.identity.scoping import OrgScope, scope_for
from core.locking import StaleRecord, check_version
from core.modules.service import active_plugins
from core.modules.service import settings_for as module_settings
from core.people.timeline import TimelineEntry
from core.plugins import CORE_API_VERSION, NavItem, PluginMeta, hookimpl
from core.scheduling.calendar import UnknownCalendarYear, WorkingCalendar
from core.scheduling.calendar_store import load_calendar
from core.scheduling.deadlines import DeadlineRule, DeadlineUnit, Due, compute_due
from core.scheduling.declarations import Job, JobContext, PeriodicJob, job
from core.scheduling.jobs import enqueue_job, get_run
from core.scheduling.models import RunStatus
from core.scheduling.rules import due_date, effective_rule

__all__ = [
    "CORE_API_VERSION",
    "CurrentUser",
    "DeadlineRule",
    "DeadlineUnit",
    "Due",
    "Job",
    "JobContext",
    "NavItem",
    "OrgScope",
    "PeriodicJob",
    "PermissionDecl",
    "PluginMeta",
    "RunStatus",
    "StaleRecord",
    "TimelineEntry",
    "UnknownCalendarYear",
    "WorkingCalendar",
    "active_plugins",
    "check_version",
    "compute_due",
    "due_date",
    "effective_rule",
    "enqueue_job",
    "get_run",
    "hookimpl",
    "job",
    "load_calendar",
    "metadata",
    "module_settings",
    "record_event",
    "scope_for",
    "session_scope",
]
