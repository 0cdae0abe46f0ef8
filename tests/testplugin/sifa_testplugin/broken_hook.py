"""A plugin whose navigation hook raises: the host must leave it out and say why."""

from typing import Any

from core.api import PluginMeta, hookimpl

plugin_meta = PluginMeta(
    name="testbroken", label_zh="坏钩子", label_en="Broken hook", version="0.0.1"
)


@hookimpl
def sifa_navigation() -> list[Any]:
    raise ValueError("navigation exploded")
