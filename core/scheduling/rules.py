"""Deadline rules in force: a plugin's default, or the version a bureau configured.

Plugins declare their rules (``sifa_deadline_rules``) with their legal defaults.
Many of those are marked "likely" or differ by province, so a bureau may store its own
amount, unit and counting flags (:class:`DeadlineRuleOverride`); the override of the
nearest organisation up the tree from the case's organisation wins, so a city bureau can
set a default for its counties and one county can still differ.

The declared defaults are a process-wide catalogue, filled when the platform boots
(:func:`use_declared_rules`): there is one platform per process, and this lets a plugin's
service ask ``due_date(session, "legal_aid.review", received, org_id)`` with nothing but
its session.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import replace
from datetime import UTC, date, datetime
from types import MappingProxyType
from typing import TYPE_CHECKING

from sqlmodel import Session, select

from core.orgs.models import OrgUnit
from core.scheduling.calendar import WorkingCalendar
from core.scheduling.calendar_store import load_calendar
from core.scheduling.deadlines import DeadlineRule, DeadlineUnit, Due, compute_due
from core.scheduling.models import DeadlineRuleOverride

if TYPE_CHECKING:
    from core.plugins import PluginHost

__all__ = [
    "InvalidRuleOverride",
    "UnknownDeadlineRule",
    "declared_rules",
    "due_date",
    "effective_rule",
    "remove_rule_override",
    "rules_of",
    "set_rule_override",
    "use_declared_rules",
]

_lock = threading.Lock()
_declared: Mapping[str, DeadlineRule] = MappingProxyType({})


class UnknownDeadlineRule(LookupError):
    """No loaded plugin declares a deadline rule with this code."""

    def __init__(self, code: str) -> None:
        self.code = code
        super().__init__(
            f"未知的期限规则 {code!r} (no loaded plugin declares deadline rule {code!r})"
        )


class InvalidRuleOverride(ValueError):
    """A bureau's rule override that cannot be a deadline (amount ≤ 0, hours counting the start)."""

    def __init__(self, code: str, reason: str) -> None:
        self.code = code
        super().__init__(f"期限规则 {code} 的本地设置无效：{reason} (invalid override of {code})")


def rules_of(host: PluginHost) -> dict[str, DeadlineRule]:
    """The rules every loaded plugin declared, by code."""
    found: dict[str, DeadlineRule] = {}
    for record in host.loaded():
        for rule in record.contributions.deadline_rules:
            found[rule.code] = rule
    return found


def use_declared_rules(rules: Mapping[str, DeadlineRule]) -> None:
    """Make ``rules`` this process's catalogue of defaults (called when the platform boots)."""
    global _declared
    with _lock:
        _declared = MappingProxyType(dict(rules))


def declared_rules() -> Mapping[str, DeadlineRule]:
    """The defaults as declared by the loaded plugins (read-only)."""
    return _declared


def _org_chain(session: Session, org_id: int) -> list[int]:
    """The organisation and its ancestors, nearest first."""
    org = session.get(OrgUnit, org_id)
    if org is None:
        raise LookupError(f"组织不存在 (no organisation {org_id})")
    ids = [int(part) for part in org.path.strip("/").split("/") if part] or [org_id]
    return list(reversed(ids))


def effective_rule(session: Session, code: str, org_id: int | None = None) -> DeadlineRule:
    """The rule that applies to ``org_id``: the nearest bureau override, else the default."""
    default = _declared.get(code)
    if default is None:
        raise UnknownDeadlineRule(code)
    if org_id is None:
        return default
    chain = _org_chain(session, org_id)
    overrides = {
        o.org_id: o
        for o in session.exec(
            select(DeadlineRuleOverride).where(
                DeadlineRuleOverride.rule_code == code, DeadlineRuleOverride.org_id.in_(chain)
            )
        )
    }
    for candidate in chain:
        override = overrides.get(candidate)
        if override is not None:
            return DeadlineRule(
                code=code,
                amount=override.amount,
                unit=override.unit,
                start_day_counts=override.start_day_counts,
                roll_past_rest_days=override.roll_past_rest_days,
                label_zh=default.label_zh,
                label_en=default.label_en,
            )
    return default


def due_date(
    session: Session,
    code: str,
    start: date | datetime,
    org_id: int | None = None,
    *,
    calendar: WorkingCalendar | None = None,
) -> Due:
    """When the period ``code`` starting at ``start`` ends for ``org_id``.

    When the answer depends on a year whose holiday schedule is not known, the due date is
    provisional (``Due.provisional``, computed on the ordinary week): store it, show it with
    ``Due.reason_zh`` and register it with :func:`core.scheduling.provisional.track_due` so
    it is recomputed when the year is entered. Pass a ``calendar`` (from
    :func:`load_calendar`) when computing many due dates at once.
    """
    rule = effective_rule(session, code, org_id)
    due = compute_due(start, rule, calendar or load_calendar(session))
    return replace(due, org_id=org_id)


def set_rule_override(
    session: Session,
    org_id: int,
    code: str,
    amount: int,
    unit: DeadlineUnit | str,
    *,
    start_day_counts: bool = False,
    roll_past_rest_days: bool = True,
    note: str = "",
) -> DeadlineRuleOverride:
    """Store a bureau's version of a declared rule (replacing its earlier one)."""
    if code not in _declared:
        raise UnknownDeadlineRule(code)
    try:
        checked = DeadlineRule(
            code, amount, DeadlineUnit(unit), start_day_counts, roll_past_rest_days
        )
    except ValueError as exc:
        raise InvalidRuleOverride(code, str(exc)) from exc
    row = session.exec(
        select(DeadlineRuleOverride).where(
            DeadlineRuleOverride.org_id == org_id, DeadlineRuleOverride.rule_code == code
        )
    ).first()
    if row is None:
        row = DeadlineRuleOverride(org_id=org_id, rule_code=code, amount=amount, unit=checked.unit)
    else:
        row.version += 1
        row.updated_at = datetime.now(UTC)
    row.amount, row.unit = checked.amount, checked.unit
    row.start_day_counts, row.roll_past_rest_days = start_day_counts, roll_past_rest_days
    row.note = note
    session.add(row)
    session.flush()
    return row


def remove_rule_override(session: Session, org_id: int, code: str) -> bool:
    """Go back to the default (or the next override up the tree); False if none was set."""
    row = session.exec(
        select(DeadlineRuleOverride).where(
            DeadlineRuleOverride.org_id == org_id, DeadlineRuleOverride.rule_code == code
        )
    ).first()
    if row is None:
        return False
    session.delete(row)
    session.flush()
    return True
