"""Race recipes kept per plugin, merged into the registry of tests/test_concurrent_actions.py.

Each module exports ``RECIPES`` (route → :data:`tests.support.race_kit.Recipe`: a row built
through the plugin's services, posted by eight staff at its version), ``FORMS`` (route →
:class:`tests.support.race_kit.FormRace`: the form as its page renders it, with a ``prepare``
that builds the row first) and ``ELSEWHERE`` (route → the test that races it, for forms that
need more than one staff session of one bureau, such as a citizen's portal link).
"""

from __future__ import annotations

from tests.support.race_kit import FormRace, Recipe
from tests.support.races import (
    clinic,
    corrections_publicity,
    legal_aid_portal,
    mediation,
    portal,
)

__all__ = ["ELSEWHERE", "FORMS", "RECIPES"]

_MODULES = (mediation, corrections_publicity, clinic, legal_aid_portal, portal)

RECIPES: dict[str, Recipe] = {k: v for m in _MODULES for k, v in m.RECIPES.items()}
FORMS: dict[str, FormRace] = {k: v for m in _MODULES for k, v in m.FORMS.items()}
ELSEWHERE: dict[str, str] = {k: v for m in _MODULES for k, v in m.ELSEWHERE.items()}
