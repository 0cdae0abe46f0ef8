"""The one module plugins import from the core.

Everything a plugin needs is re-exported here with an explicit ``__all__``; every other
core module is private and may change without notice. Names are removed only after a
deprecation period of one minor core API version.
"""

from core.audit import record_event
from core.crossplugin.lifecycle import LifecycleEvent, publish
from core.crossplugin.location import LocationFix, LocationProvider, location_providers
from core.crossplugin.professionals import (
    BusyPeriod,
    EventAssistant,
    busy_periods,
    event_assistants,
)
from core.db import metadata, session_scope
from core.identity.current import CurrentUser
from core.identity.holders import role_holders
from core.identity.permissions import PermissionDecl
from core.identity.scoping import OrgScope, scope_for
from core.indicators.definitions import (
    Cadence,
    Direction,
    Indicator,
    RecordColumn,
    ReportingDuty,
    Unit,
)
from core.indicators.periods import Period, PeriodType
from core.indicators.widgets import (
    BarChart,
    DashboardWidget,
    KeyFigure,
    KeyFigures,
    LineChart,
    Series,
    WidgetTable,
)
from core.locking import StaleRecord, check_version, touch
from core.modules.service import active_plugins
from core.modules.service import settings_for as module_settings
from core.orgs.errors import OrgError
from core.orgs.models import CommitteeKind, OrgType, OrgUnit
from core.orgs.rules import COMMITTEE_KIND_LABELS
from core.orgs.service import create_org, rename_org
from core.orgs.tree import subtree_ids_select, subtree_predicate
from core.people.search import search_people
from core.people.service import (
    DuplicatePerson,
    InvalidPerson,
    PersonNotFound,
    get_person,
    register_person,
)
from core.people.timeline import TimelineEntry, person_timeline
from core.people.views import PersonView, masked
from core.plugins import CORE_API_VERSION, NavItem, PluginMeta, hookimpl
from core.referrals.declarations import Referral, ReferralReceipt, ReferralTarget
from core.referrals.service import (
    ReferralRefused,
    UnknownReferralTarget,
    refer,
    referral_targets,
)
from core.reminders.channels.base import ChannelError, NotificationChannel, OutgoingMessage
from core.reminders.declarations import DueItemKind
from core.reminders.errors import DueItemExists, InvalidAddress, InvalidDueItem
from core.reminders.kinds import UnknownDueItemKind
from core.reminders.notifications import notify
from core.reminders.service import (
    DueItemSpec,
    DueSource,
    SyncResult,
    add_due_item,
    complete_due_item,
    due_items_for,
    due_items_of,
    sync_due_items,
)
from core.reminders.states import DueState, due_state
from core.scheduling.calendar import UnknownCalendarYear, WorkingCalendar
from core.scheduling.calendar_store import load_calendar
from core.scheduling.deadlines import DeadlineRule, DeadlineUnit, Due, compute_due
from core.scheduling.declarations import Job, JobContext, PeriodicJob, job
from core.scheduling.jobs import enqueue_job, get_run
from core.scheduling.models import RunStatus
from core.scheduling.rules import due_date, effective_rule

__all__ = [
    "COMMITTEE_KIND_LABELS",
    "CORE_API_VERSION",
    "BarChart",
    "BusyPeriod",
    "Cadence",
    "ChannelError",
    "CommitteeKind",
    "CurrentUser",
    "DashboardWidget",
    "DeadlineRule",
    "DeadlineUnit",
    "Direction",
    "Due",
    "DueItemExists",
    "DueItemKind",
    "DueItemSpec",
    "DueSource",
    "DueState",
    "DuplicatePerson",
    "EventAssistant",
    "Indicator",
    "InvalidAddress",
    "InvalidDueItem",
    "InvalidPerson",
    "Job",
    "JobContext",
    "KeyFigure",
    "KeyFigures",
    "LifecycleEvent",
    "LineChart",
    "LocationFix",
    "LocationProvider",
    "NavItem",
    "NotificationChannel",
    "OrgError",
    "OrgScope",
    "OrgType",
    "OrgUnit",
    "OutgoingMessage",
    "Period",
    "PeriodType",
    "PeriodicJob",
    "PermissionDecl",
    "PersonNotFound",
    "PersonView",
    "PluginMeta",
    "RecordColumn",
    "Referral",
    "ReferralReceipt",
    "ReferralRefused",
    "ReferralTarget",
    "ReportingDuty",
    "RunStatus",
    "Series",
    "StaleRecord",
    "SyncResult",
    "TimelineEntry",
    "Unit",
    "UnknownCalendarYear",
    "UnknownDueItemKind",
    "UnknownReferralTarget",
    "WidgetTable",
    "WorkingCalendar",
    "active_plugins",
    "add_due_item",
    "busy_periods",
    "check_version",
    "complete_due_item",
    "compute_due",
    "create_org",
    "due_date",
    "due_items_for",
    "due_items_of",
    "due_state",
    "effective_rule",
    "enqueue_job",
    "event_assistants",
    "get_person",
    "get_run",
    "hookimpl",
    "job",
    "load_calendar",
    "location_providers",
    "masked",
    "metadata",
    "module_settings",
    "notify",
    "person_timeline",
    "publish",
    "record_event",
    "refer",
    "referral_targets",
    "register_person",
    "rename_org",
    "role_holders",
    "scope_for",
    "search_people",
    "session_scope",
    "subtree_ids_select",
    "subtree_predicate",
    "sync_due_items",
    "touch",
]
