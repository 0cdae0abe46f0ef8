"""Imports every core table so that the shared metadata is complete.

Alembic autogenerate and the ownership check in :mod:`core.migrate` rely on this module;
each core service adds its models module here.
"""

from core.audit.models import AuditRecord  # noqa: F401
from core.codelists.models import CodeListEntry  # noqa: F401
from core.exports.models import ExportFile  # noqa: F401
from core.identity.models import StaffAccount  # noqa: F401
from core.indicators.models import (  # noqa: F401
    AssessmentScheme,
    CreationPlan,
    IndicatorReport,
    IndicatorSetting,
)
from core.modules.models import ModuleActivation  # noqa: F401
from core.orgs.history import OrgChange  # noqa: F401
from core.orgs.models import OrgUnit  # noqa: F401
from core.people.models import Person  # noqa: F401
from core.portal.models import (  # noqa: F401
    PortalApplication,
    PortalAttempt,
    PortalCode,
    PortalOutbox,
)
from core.reminders.models import (  # noqa: F401
    DueItem,
    DueItemEscalation,
    DueItemKindOverride,
    DueItemRecipient,
    Notification,
    NotificationAddress,
    NotificationDelivery,
)
from core.scheduling.models import (  # noqa: F401
    DeadlineRuleOverride,
    HolidayOverride,
    HolidayYear,
    JobRun,
)
from core.submissions import SubmissionClaim  # noqa: F401
