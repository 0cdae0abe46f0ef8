"""The core's page and API modules, mounted together under one router.

Each ``web/pages_*.py`` module exposes ``ROUTES``; add a new module here. They are mounted
in a ``Router``, not loose on the app: Litestar 2.25 registers a loose handler again when a
second handler joins its path, and wraps a ``sync_to_thread`` handler twice.
"""

from __future__ import annotations

from typing import Any

from web import (
    pages_account,
    pages_assessments,
    pages_audit,
    pages_calendar,
    pages_dashboard,
    pages_deadline_rules,
    pages_dictionaries,
    pages_exports,
    pages_inbox,
    pages_indicators,
    pages_jobs,
    pages_modules,
    pages_org_changes,
    pages_orgs,
    pages_people,
    pages_portal,
    pages_referrals,
    pages_reports,
    pages_staff,
)

CORE_ROUTES: list[Any] = [
    *pages_account.ROUTES,
    *pages_staff.ROUTES,
    *pages_modules.ROUTES,
    *pages_jobs.ROUTES,
    *pages_exports.ROUTES,
    *pages_calendar.ROUTES,
    *pages_deadline_rules.ROUTES,
    *pages_dictionaries.ROUTES,
    *pages_people.ROUTES,
    *pages_orgs.ROUTES,
    *pages_org_changes.ROUTES,
    *pages_referrals.ROUTES,
    *pages_audit.ROUTES,
    *pages_inbox.ROUTES,
    *pages_indicators.ROUTES,
    *pages_dashboard.ROUTES,
    *pages_assessments.ROUTES,
    *pages_reports.ROUTES,
    *pages_portal.ROUTES,
]
