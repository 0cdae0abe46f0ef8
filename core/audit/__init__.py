"""The audit trail (审计): every row change and security event, append-only and hash-chained.

Importing this package installs the recorder on every ORM session (see
:mod:`core.audit.recorder`), so plugins get their changes audited without any code.
"""

from core.audit.context import AuditContext, audit_context, cli_actor_name, current_audit_context
from core.audit.events import AuditEvent, record_event
from core.audit.recorder import AppendOnlyViolation, install_recorder

install_recorder()

__all__ = [
    "AppendOnlyViolation",
    "AuditContext",
    "AuditEvent",
    "audit_context",
    "cli_actor_name",
    "current_audit_context",
    "install_recorder",
    "record_event",
]
