"""The one module plugins import from the core.

Everything a plugin needs is re-exported here with an explicit ``__all__``; every other
core module is private and may change without notice. Names are removed only after a
deprecation period of one minor core API version.
"""

from core.db import metadata, session_scope
from core.plugins import CORE_API_VERSION, NavItem, PluginMeta, hookimpl

__all__ = [
    "CORE_API_VERSION",
    "NavItem",
    "PluginMeta",
    "hookimpl",
    "metadata",
    "session_scope",
]
