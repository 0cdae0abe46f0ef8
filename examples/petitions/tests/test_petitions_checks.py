"""sifa's cross-cutting checks on this plugin (``web.testing_checks``): it loads cleanly,
imports only ``core.api`` from the core, declares the visit its URLs name, and answers 404 to
another station for every such URL, reading and writing alike."""

from __future__ import annotations

from typing import Any, ClassVar

import petitions.plugin

from web.testing_checks import PluginChecks


class TestPetitionsChecks(PluginChecks):
    plugins: ClassVar[dict[str, Any]] = {"petitions": petitions.plugin}
