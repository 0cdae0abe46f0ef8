"""The clinic pages, mounted by the core under ``/m/clinic/`` behind its guard."""

from __future__ import annotations

from clinic.pages import log, outreach, roster, rota, sessions

ROUTES = [*rota.ROUTES, *sessions.ROUTES, *roster.ROUTES, *outreach.ROUTES, *log.ROUTES]
