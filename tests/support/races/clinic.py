"""Race recipes: clinic (see :mod:`tests.support.races`)."""

from __future__ import annotations

from tests.support.race_kit import FormRace, Recipe

RECIPES: dict[str, Recipe] = {}
FORMS: dict[str, FormRace] = {}
ELSEWHERE: dict[str, str] = {}
