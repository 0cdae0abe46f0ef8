"""Which indicators, reporting duties and widgets exist, and which apply at an organisation.

Declarations are collected once, when the plugin host loads (``record.contributions``);
what applies at an organisation is what its *active* plugins declare (installed is not
active: an inactive plugin's indicators disappear there and its data stays untouched).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from sqlmodel import Session

from core.indicators.definitions import Indicator, ReportingDuty
from core.indicators.errors import UnknownIndicator
from core.indicators.widgets import DashboardWidget
from core.modules.service import active_plugins
from core.plugins import PluginHost

__all__ = ["Catalogue", "catalogue", "indicators_at"]

log = logging.getLogger(__name__)


@dataclass
class Catalogue:
    """Every loaded plugin's indicators, duties and widgets, in plugin then declared order."""

    indicators: dict[str, Indicator] = field(default_factory=dict)
    duties: dict[str, ReportingDuty] = field(default_factory=dict)
    widgets: dict[str, DashboardWidget] = field(default_factory=dict)
    plugin_labels: dict[str, tuple[str, str]] = field(default_factory=dict)

    def indicator(self, code: str) -> Indicator:
        try:
            return self.indicators[code]
        except KeyError:
            raise UnknownIndicator(code) from None

    def plugin_label(self, plugin: str, locale: str = "zh") -> str:
        zh, en = self.plugin_labels.get(plugin, (plugin, plugin))
        return en if locale == "en" else zh

    def of_plugins(self, plugins: frozenset[str] | set[str]) -> list[Indicator]:
        """The indicators of these plugins, grouped by plugin, each group by ``order``."""
        order = list(self.plugin_labels)
        chosen = [i for i in self.indicators.values() if i.plugin in plugins]
        return sorted(chosen, key=lambda i: (order.index(i.plugin), i.order))

    def duties_of(self, indicator: Indicator) -> list[ReportingDuty]:
        return [self.duties[code] for code in indicator.duties if code in self.duties]


def catalogue(host: PluginHost) -> Catalogue:
    """The catalogue of a loaded host (built once per host and kept on it)."""
    cached = getattr(host, "_indicator_catalogue", None)
    if isinstance(cached, Catalogue):
        return cached
    result = Catalogue()
    for record in host.loaded():
        c = record.contributions
        result.plugin_labels[record.name] = (record.label_zh, record.label_en)
        for indicator in c.indicators:
            result.indicators[indicator.code] = indicator
        for duty in c.reporting_duties:
            result.duties[duty.code] = duty
        for widget in c.dashboard_widgets:
            result.widgets[widget.code] = widget
    for indicator in result.indicators.values():
        for code in indicator.duties:
            if code not in result.duties:
                log.warning("indicator %s names an unknown reporting duty %s", indicator.code, code)
    host._indicator_catalogue = result  # type: ignore[attr-defined]
    return result


def indicators_at(session: Session, host: PluginHost, org_id: int) -> list[Indicator]:
    """The indicators that apply at *org_id*: those of the plugins active there."""
    return catalogue(host).of_plugins(active_plugins(session, host, org_id))
