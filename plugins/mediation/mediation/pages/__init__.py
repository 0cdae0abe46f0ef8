"""The mediation module's pages, mounted by the core under ``/m/mediation/``."""

from __future__ import annotations

from typing import Any

from mediation.pages import (
    cases,
    committees,
    documents,
    escalations,
    evidence,
    intake,
    ledger,
    mediators,
    screening,
    subsidies,
)

ROUTES: list[Any] = [
    *committees.ROUTES,
    *mediators.ROUTES,
    *intake.ROUTES,
    *cases.ROUTES,
    *documents.ROUTES,
    *ledger.ROUTES,
    *subsidies.ROUTES,
    *screening.ROUTES,
    *escalations.ROUTES,
    *evidence.ROUTES,
]
