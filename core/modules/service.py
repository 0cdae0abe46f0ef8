"""Turning plugins on and off per bureau, and their per-bureau settings.

Off means: the plugin's pages answer 404 for that bureau's users, its navigation entries,
widgets, indicators and jobs disappear there — and its data stays exactly as it was, so
turning it on again brings everything back.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any

from pydantic import BaseModel, ValidationError
from sqlmodel import Session, col, select

from core.locking import check_version
from core.modules.models import ModuleActivation
from core.orgs.models import OrgType, OrgUnit
from core.plugins import PluginHost

ACTIVATION_LEVELS = (OrgType.PROVINCE, OrgType.CITY_BUREAU, OrgType.BUREAU)


class ModuleError(Exception):
    """A refused activation or settings change, with a message for the user."""

    def __init__(self, message: str, message_en: str) -> None:
        super().__init__(message)
        self.message = message
        self.message_en = message_en


class SettingsInvalid(ModuleError):
    """Settings that do not fit the plugin's schema; ``errors`` maps field → message."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("设置有误，请按提示修改", "The settings are not valid; see the fields")
        self.errors = errors


def ancestor_ids(org: OrgUnit) -> list[int]:
    """The node and its ancestors, nearest first, read off the materialised path."""
    return [int(part) for part in reversed(org.path.strip("/").split("/")) if part]


def effective_rows(session: Session, org_id: int) -> dict[str, ModuleActivation]:
    """Per plugin, the activation row that applies at ``org_id`` (nearest ancestor wins)."""
    org = session.get(OrgUnit, org_id)
    if org is None:
        return {}
    chain = ancestor_ids(org)
    rank = {oid: i for i, oid in enumerate(chain)}
    rows = session.exec(
        select(ModuleActivation).where(col(ModuleActivation.org_id).in_(chain))
    ).all()
    chosen: dict[str, ModuleActivation] = {}
    for row in sorted(rows, key=lambda r: rank[r.org_id]):
        chosen.setdefault(row.plugin, row)
    return chosen


def active_plugins(session: Session, host: PluginHost, org_id: int | None) -> frozenset[str]:
    """Loaded plugins that are on for ``org_id``; none for a user without an organisation."""
    if org_id is None:
        return frozenset()
    loaded = {r.name for r in host.loaded()}
    return frozenset(
        name
        for name, row in effective_rows(session, org_id).items()
        if row.active and name in loaded
    )


def orgs_running(session: Session, plugin: str, orgs: Iterable[OrgUnit]) -> set[int]:
    """The ids of *orgs* where *plugin* is on, in one query however many (a list of
    bureaus to choose from must not ask per bureau); the nearest ancestor's row wins, as in
    :func:`effective_rows`."""
    chains = {org.id: ancestor_ids(org) for org in orgs if org.id is not None}
    related = {oid for chain in chains.values() for oid in chain}
    if not related:
        return set()
    decided = dict(
        session.exec(
            select(ModuleActivation.org_id, ModuleActivation.active).where(
                ModuleActivation.plugin == plugin, col(ModuleActivation.org_id).in_(related)
            )
        ).all()
    )
    running = set()
    for org_id, chain in chains.items():
        nearest = next((oid for oid in chain if oid in decided), None)
        if nearest is not None and decided[nearest]:
            running.add(org_id)
    return running


def plugins_for_user(session: Session, host: PluginHost, org_id: int | None) -> frozenset[str]:
    """The plugins a user works with: those on at their home organisation.

    A user without a home organisation (a platform-wide administrator) sees every plugin
    that is on for at least one bureau, so they can support all of them.
    """
    if org_id is not None:
        return active_plugins(session, host, org_id)
    loaded = {r.name for r in host.loaded()}
    names = session.exec(
        select(ModuleActivation.plugin).where(ModuleActivation.active == True).distinct()  # noqa: E712
    ).all()
    return frozenset(n for n in names if n in loaded)


def set_active(
    session: Session,
    host: PluginHost,
    org_id: int,
    plugin: str,
    active: bool,
    expected_version: int | None = None,
) -> ModuleActivation:
    """Turn a plugin on or off for a bureau and its subtree, and tell the plugin."""
    org = _bureau(session, org_id)
    record = host.get(plugin)
    if record is None or not record.loaded:
        raise ModuleError(
            f"插件 {plugin} 未安装或未能加载", f"plugin {plugin} is not installed or failed"
        )
    row = session.exec(
        select(ModuleActivation).where(
            ModuleActivation.org_id == org.id, ModuleActivation.plugin == plugin
        )
    ).first()
    if row is None:
        row = ModuleActivation(org_id=org.id, plugin=plugin, active=active)
        session.add(row)
    else:
        if expected_version is not None:
            check_version(row, expected_version)
        if row.active == active:
            return row
        row.active = active
        row.version += 1
        row.updated_at = datetime.now(UTC)
    session.flush()
    hook = "sifa_module_enabled" if active else "sifa_module_disabled"
    host.call_collect(hook, only={plugin}, org_id=org.id, session=session)
    return row


def settings_for(session: Session, host: PluginHost, org_id: int, plugin: str) -> BaseModel | None:
    """The plugin's settings as they apply at ``org_id``: stored values over schema defaults."""
    schema = _schema(host, plugin)
    if schema is None:
        return None
    row = effective_rows(session, org_id).get(plugin)
    stored = row.settings if row is not None else {}
    try:
        return schema.model_validate(stored)
    except ValidationError:  # schema changed since the values were saved: fall back per field
        known = {k: v for k, v in stored.items() if k in schema.model_fields}
        defaults = schema()
        for key, value in known.items():
            try:
                defaults = schema.model_validate({**defaults.model_dump(), key: value})
            except ValidationError:
                continue
        return defaults


def update_settings(
    session: Session,
    host: PluginHost,
    org_id: int,
    plugin: str,
    values: dict[str, Any],
    expected_version: int,
) -> ModuleActivation:
    """Validate and store a bureau's settings for a plugin (creates an inactive row if needed)."""
    org = _bureau(session, org_id)
    schema = _schema(host, plugin)
    if schema is None:
        raise ModuleError(f"插件 {plugin} 没有可设置的项目", f"plugin {plugin} has no settings")
    try:
        parsed = schema.model_validate(values)
    except ValidationError as exc:
        raise SettingsInvalid(_field_errors(exc)) from exc
    row = session.exec(
        select(ModuleActivation).where(
            ModuleActivation.org_id == org.id, ModuleActivation.plugin == plugin
        )
    ).first()
    if row is None:
        if expected_version not in (0, 1):
            raise ModuleError("设置已被他人修改", "settings were changed by someone else")
        inherited = effective_rows(session, org.id).get(plugin)
        row = ModuleActivation(
            org_id=org.id, plugin=plugin, active=bool(inherited and inherited.active)
        )
        session.add(row)
    else:
        check_version(row, expected_version)
        row.version += 1
        row.updated_at = datetime.now(UTC)
    row.settings = parsed.model_dump(mode="json")
    session.flush()
    return row


def _bureau(session: Session, org_id: int) -> OrgUnit:
    org = session.get(OrgUnit, org_id)
    if org is None or org.type not in ACTIVATION_LEVELS:
        raise ModuleError(
            "只能在司法局层级启用或设置业务模块",
            "modules are turned on and configured at bureau level",
        )
    return org


def _schema(host: PluginHost, plugin: str) -> type[BaseModel] | None:
    record = host.get(plugin)
    if record is None or not record.loaded:
        return None
    return record.contributions.settings_schema


def _field_errors(exc: ValidationError) -> dict[str, str]:
    errors: dict[str, str] = {}
    for err in exc.errors():
        field = ".".join(str(p) for p in err["loc"]) or "__all__"
        errors.setdefault(field, _message_zh(err))
    return errors


def _message_zh(err: Any) -> str:
    kind = err.get("type", "")
    ctx = err.get("ctx") or {}
    if kind in ("int_parsing", "int_type"):
        return "请输入整数"
    if kind in ("float_parsing", "float_type"):
        return "请输入数字"
    if kind == "greater_than_equal":
        return f"不能小于 {ctx.get('ge')}"
    if kind == "less_than_equal":
        return f"不能大于 {ctx.get('le')}"
    if kind == "missing":
        return "必填"
    if kind in ("bool_parsing", "bool_type"):
        return "请选择是或否"
    if kind == "literal_error" or kind == "enum":
        return "请从列表中选择"
    if kind == "string_too_long":
        return f"最多 {ctx.get('max_length')} 个字"
    return "格式不正确"
