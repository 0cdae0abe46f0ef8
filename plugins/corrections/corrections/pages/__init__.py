"""The corrections pages, mounted by the core under ``/m/corrections/`` behind its guard."""

from __future__ import annotations

from corrections.pages import (
    actions,
    aftercare,
    assessments,
    documents,
    location,
    moves,
    subjects,
)

ROUTES = [
    *subjects.ROUTES,
    *actions.ROUTES,
    *aftercare.ROUTES,
    *documents.ROUTES,
    *location.ROUTES,
    *assessments.ROUTES,
    *moves.ROUTES,
]
