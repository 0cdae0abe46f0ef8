"""The one module plugins import from the core.

Everything a plugin needs is re-exported here with an explicit ``__all__``; every other
core module is private and may change without notice. Names are removed only after a
deprecation period of one minor core API version.
"""

from core.audit import audit_context, record_event
from core.clock import now
from core.codelists.declarations import CodeEntry, CodeList
from core.codelists.service import (
    CodeListError,
    UnknownCodeList,
    code_choices,
    code_entries,
    code_label,
    is_active_code,
)
from core.crossplugin.lifecycle import LifecycleEvent, publish
from core.crossplugin.location import LocationFix, LocationProvider, location_providers
from core.crossplugin.professionals import (
    BusyPeriod,
    EventAssistant,
    busy_periods,
    event_assistants,
)
from core.db import metadata, session_scope
from core.exports.errors import ExportForbidden, ExportNotFound
from core.exports.kinds import ExportColumn, ExportKind, ExportScope, register_export_kind
from core.exports.service import start_export
from core.files import (
    FileStore,
    discard_after_commit,
    in_place,
    register_file_store,
    stage_file,
)
from core.i18n import N_, current_locale, ntranslate, translate
from core.identity.current import CurrentUser
from core.identity.holders import role_holders
from core.identity.permissions import PermissionDecl
from core.identity.scoping import OrgScope, scope_for
from core.images import too_many_pixels
from core.indicators.definitions import (
    Cadence,
    Direction,
    Indicator,
    Placement,
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
from core.lists import COUNT_CAP, count_rows, total_label
from core.locking import (
    DuplicateSubmission,
    StaleRecord,
    check_version,
    conflict_on_duplicate,
    hold_write_lock,
    lock_for_change,
    touch,
)
from core.messages import Message, UserError, localize
from core.modules.service import active_plugins, orgs_running
from core.modules.service import settings_for as module_settings
from core.orgs.errors import OrgError
from core.orgs.models import CommitteeKind, OrgType, OrgUnit
from core.orgs.rules import COMMITTEE_KIND_LABELS
from core.orgs.service import create_org, rename_org
from core.orgs.tree import subtree_ids_select, subtree_predicate
from core.orgs.types import OrgTypeDecl
from core.people.search import search_people
from core.people.service import (
    DuplicatePerson,
    InvalidPerson,
    PersonNotFound,
    get_people,
    get_person,
    register_person,
)
from core.people.timeline import TimelineEntry, person_timeline
from core.people.views import PersonView, masked
from core.platform import Platform
from core.platform import current_platform as platform
from core.plugins import CORE_API_VERSION, NavItem, PluginMeta, hookimpl
from core.portal.access import (
    PortalLimited,
    open_portal_application,
    portal_application_of,
    portal_limits,
    portal_link,
    portal_status_context,
)
from core.portal.declarations import PortalKind, PortalStatus, PortalStep, portal_kinds
from core.portal.service import PortalRefusal
from core.referrals.declarations import (
    HandoverDraft,
    Referral,
    ReferralField,
    ReferralReceipt,
    ReferralSource,
    ReferralTarget,
)
from core.referrals.service import (
    ReferralRefused,
    UnknownReferralTarget,
    refer,
    referral_targets,
)
from core.reminders.bulk import add_new_due_items
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
from core.scheduling.provisional import (
    ProvisionalMark,
    provisional_marks,
    provisional_of,
    track_due,
    waits_for_schedule,
)
from core.scheduling.rules import due_date, effective_rule
from core.spreadsheets import Sheet, Spreadsheet, safe_cell
from core.text import clean_free_text

__all__ = [
    "COMMITTEE_KIND_LABELS",
    "CORE_API_VERSION",
    "COUNT_CAP",
    "N_",
    "BarChart",
    "BusyPeriod",
    "Cadence",
    "ChannelError",
    "CodeEntry",
    "CodeList",
    "CodeListError",
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
    "DuplicateSubmission",
    "EventAssistant",
    "ExportColumn",
    "ExportForbidden",
    "ExportKind",
    "ExportNotFound",
    "ExportScope",
    "FileStore",
    "HandoverDraft",
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
    "Message",
    "NavItem",
    "NotificationChannel",
    "OrgError",
    "OrgScope",
    "OrgType",
    "OrgTypeDecl",
    "OrgUnit",
    "OutgoingMessage",
    "Period",
    "PeriodType",
    "PeriodicJob",
    "PermissionDecl",
    "PersonNotFound",
    "PersonView",
    "Placement",
    "Platform",
    "PluginMeta",
    "PortalKind",
    "PortalLimited",
    "PortalRefusal",
    "PortalStatus",
    "PortalStep",
    "ProvisionalMark",
    "RecordColumn",
    "Referral",
    "ReferralField",
    "ReferralReceipt",
    "ReferralRefused",
    "ReferralSource",
    "ReferralTarget",
    "ReportingDuty",
    "RunStatus",
    "Series",
    "Sheet",
    "Spreadsheet",
    "StaleRecord",
    "SyncResult",
    "TimelineEntry",
    "Unit",
    "UnknownCalendarYear",
    "UnknownCodeList",
    "UnknownDueItemKind",
    "UnknownReferralTarget",
    "UserError",
    "WidgetTable",
    "WorkingCalendar",
    "active_plugins",
    "add_due_item",
    "add_new_due_items",
    "audit_context",
    "busy_periods",
    "check_version",
    "clean_free_text",
    "code_choices",
    "code_entries",
    "code_label",
    "complete_due_item",
    "compute_due",
    "conflict_on_duplicate",
    "count_rows",
    "create_org",
    "current_locale",
    "discard_after_commit",
    "due_date",
    "due_items_for",
    "due_items_of",
    "due_state",
    "effective_rule",
    "enqueue_job",
    "event_assistants",
    "get_people",
    "get_person",
    "get_run",
    "hold_write_lock",
    "hookimpl",
    "in_place",
    "is_active_code",
    "job",
    "load_calendar",
    "localize",
    "location_providers",
    "lock_for_change",
    "masked",
    "metadata",
    "module_settings",
    "notify",
    "now",
    "ntranslate",
    "open_portal_application",
    "orgs_running",
    "person_timeline",
    "platform",
    "portal_application_of",
    "portal_kinds",
    "portal_limits",
    "portal_link",
    "portal_status_context",
    "provisional_marks",
    "provisional_of",
    "publish",
    "record_event",
    "refer",
    "referral_targets",
    "register_export_kind",
    "register_file_store",
    "register_person",
    "rename_org",
    "role_holders",
    "safe_cell",
    "scope_for",
    "search_people",
    "session_scope",
    "stage_file",
    "start_export",
    "subtree_ids_select",
    "subtree_predicate",
    "sync_due_items",
    "too_many_pixels",
    "total_label",
    "touch",
    "track_due",
    "translate",
    "waits_for_schedule",
]
