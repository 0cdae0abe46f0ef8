"""Module activation pages (业务模块管理): a bureau admin turns plugins on or off for the
bureau and its subtree, and edits each plugin's per-bureau settings.

Only bureau-level nodes (city or county bureau) carry activations; an admin sees the
bureaus in their ``core.modules.manage`` scope and nothing else (404 by any other URL).
"""

from __future__ import annotations

import enum
import typing
from dataclasses import dataclass
from typing import Any

from litestar import Request, get, post
from litestar.exceptions import NotFoundException
from litestar.response import Template
from litestar.status_codes import HTTP_409_CONFLICT, HTTP_422_UNPROCESSABLE_ENTITY
from pydantic import BaseModel
from sqlmodel import Session, col, select

from core.i18n import current_locale
from core.identity.current import CurrentUser
from core.locking import StaleRecord
from core.modules.models import ModuleActivation
from core.modules.service import (
    ACTIVATION_LEVELS,
    ModuleError,
    SettingsInvalid,
    effective_rows,
    set_active,
    settings_for,
    update_settings,
)
from core.orgs.models import OrgUnit
from core.platform import Platform
from web.guards import PERMISSION, RECORDS
from web.i18n import translate
from web.pages_account import FORM, locale_of

MANAGE = "core.modules.manage"


@dataclass(frozen=True)
class SettingField:
    """One input of a plugin's settings form, derived from its pydantic schema."""

    name: str
    label: str
    help: str
    kind: str  # "bool", "int", "float", "choice", "text"
    value: Any
    choices: tuple[tuple[str, str], ...] = ()
    minimum: Any = None
    maximum: Any = None


def bureaus_in_scope(db: Session, user: CurrentUser) -> list[OrgUnit]:
    scope = user.scope(db, MANAGE)
    if scope.is_empty:
        return []
    query = (
        select(OrgUnit)
        .where(col(OrgUnit.type).in_([t.value for t in ACTIVATION_LEVELS]))
        .where(col(OrgUnit.id).in_(scope.org_ids_select()))
        .order_by(OrgUnit.path)
        .limit(500)
    )
    return list(db.exec(query).all())


def module_rows(db: Session, platform: Platform, bureau: OrgUnit) -> list[dict[str, Any]]:
    """Each loaded plugin with its state here and where that state comes from."""
    effective = effective_rows(db, bureau.id)  # type: ignore[arg-type]
    rows = []
    for record in platform.host.loaded():
        row = effective.get(record.name)
        own = row is not None and row.org_id == bureau.id
        rows.append(
            {
                "name": record.name,
                "label_zh": record.label_zh,
                "label_en": record.label_en,
                "version": record.version,
                "active": bool(row and row.active),
                "inherited_from": None if (row is None or own) else db.get(OrgUnit, row.org_id),
                "row_version": row.version if own and row else 0,
                "has_settings": record.contributions.settings_schema is not None,
            }
        )
    return rows


@get("/admin/modules", opt={PERMISSION: MANAGE}, sync_to_thread=True)
def modules_index(
    db: Session, platform: Platform, current_user: CurrentUser, org_id: int | None = None
) -> Template:
    bureaus = bureaus_in_scope(db, current_user)
    chosen = next((b for b in bureaus if b.id == org_id), None)
    if org_id is not None and chosen is None:
        raise NotFoundException()
    chosen = chosen or (bureaus[0] if bureaus else None)
    return Template(
        "modules/index.html",
        context={
            "bureaus": bureaus,
            "bureau": chosen,
            "rows": module_rows(db, platform, chosen) if chosen else [],
        },
    )


@post(
    "/admin/modules/{org_id:int}/toggle",
    opt={PERMISSION: MANAGE, RECORDS: {"org_id": OrgUnit}},
    sync_to_thread=True,
)
def modules_toggle(
    request: Request[Any, Any, Any],
    db: Session,
    platform: Platform,
    org_id: int,
    data: dict[str, Any] = FORM,
) -> Template:
    bureau = db.get(OrgUnit, org_id)
    plugin = str(data.get("plugin", ""))
    active = data.get("active") == "1"
    error = None
    status = 200
    try:
        set_active(db, platform.host, org_id, plugin, active, _version(data))
    except StaleRecord:
        db.rollback()
        error, status = (
            translate("该模块刚被他人修改，已显示最新状态。", locale_of(request)),
            HTTP_409_CONFLICT,
        )
    except ModuleError as exc:
        db.rollback()
        error = exc.message if locale_of(request) == "zh" else exc.message_en
        status = HTTP_422_UNPROCESSABLE_ENTITY
    rows = [r for r in module_rows(db, platform, bureau) if r["name"] == plugin]  # type: ignore[arg-type]
    if not rows:
        raise NotFoundException()
    return Template(
        "modules/_row.html",
        context={"row": rows[0], "bureau": bureau, "error": error},
        status_code=status,
    )


@get(
    "/admin/modules/{org_id:int}/settings",
    opt={PERMISSION: MANAGE, RECORDS: {"org_id": OrgUnit}},
    sync_to_thread=True,
)
def settings_page(db: Session, platform: Platform, org_id: int, plugin: str) -> Template:
    return _settings_form(db, platform, org_id, plugin)


@post(
    "/admin/modules/{org_id:int}/settings",
    opt={PERMISSION: MANAGE, RECORDS: {"org_id": OrgUnit}},
    sync_to_thread=True,
)
def settings_save(
    request: Request[Any, Any, Any],
    db: Session,
    platform: Platform,
    org_id: int,
    plugin: str,
    data: dict[str, Any] = FORM,
) -> Template:
    schema = _schema_or_404(platform, plugin)
    values = _form_values(schema, data)
    try:
        update_settings(db, platform.host, org_id, plugin, values, _version(data) or 0)
    except SettingsInvalid as exc:
        db.rollback()
        return _settings_form(
            db,
            platform,
            org_id,
            plugin,
            values=values,
            errors=exc.errors,
            status=HTTP_422_UNPROCESSABLE_ENTITY,
        )
    except StaleRecord:
        db.rollback()
        message = translate(
            "您编辑期间，这些设置已被他人修改。您的输入保留在下方，请核对后再保存。",
            locale_of(request),
        )
        return _settings_form(
            db,
            platform,
            org_id,
            plugin,
            values=values,
            conflict=message,
            status=HTTP_409_CONFLICT,
        )
    except ModuleError as exc:
        db.rollback()
        return _settings_form(
            db,
            platform,
            org_id,
            plugin,
            values=values,
            conflict=exc.message,
            status=HTTP_422_UNPROCESSABLE_ENTITY,
        )
    return _settings_form(db, platform, org_id, plugin, saved=True)


def _settings_form(
    db: Session,
    platform: Platform,
    org_id: int,
    plugin: str,
    *,
    values: dict[str, Any] | None = None,
    errors: dict[str, str] | None = None,
    conflict: str | None = None,
    saved: bool = False,
    status: int = 200,
) -> Template:
    bureau = db.get(OrgUnit, org_id)
    if bureau is None or bureau.type not in ACTIVATION_LEVELS:
        raise NotFoundException()
    schema = _schema_or_404(platform, plugin)
    current = settings_for(db, platform.host, org_id, plugin)
    shown = {**(current.model_dump() if current else {}), **(values or {})}
    own = db.exec(
        select(ModuleActivation).where(
            ModuleActivation.org_id == org_id, ModuleActivation.plugin == plugin
        )
    ).first()
    return Template(
        "modules/settings.html",
        context={
            "bureau": bureau,
            "plugin": platform.host.get(plugin),
            # labels are the plugin's msgids (``N_`` in its settings schema)
            "fields": describe_fields(schema, shown, current_locale(), plugin),
            "errors": errors or {},
            "conflict": conflict,
            "saved": saved,
            "version": own.version if own else 0,
            "current": current.model_dump() if current else {},
        },
        status_code=status,
    )


def describe_fields(
    schema: type[BaseModel],
    values: dict[str, Any],
    locale: str = "zh",
    domain: str | None = None,
) -> list[SettingField]:
    """The form inputs for a settings schema: type, label (in *locale*, from the plugin's
    catalogue *domain*), bounds and choices."""
    fields = []
    for name, info in schema.model_fields.items():
        annotation = info.annotation
        kind, choices = "text", ()
        if annotation is bool:
            kind = "bool"
        elif annotation is int:
            kind = "int"
        elif annotation is float:
            kind = "float"
        elif isinstance(annotation, type) and issubclass(annotation, enum.Enum):
            kind = "choice"
            choices = tuple((str(m.value), str(m.value)) for m in annotation)
        elif typing.get_origin(annotation) is typing.Literal:
            kind = "choice"
            choices = tuple((str(v), str(v)) for v in typing.get_args(annotation))
        bounds = {type(m).__name__: m for m in info.metadata}
        value = values.get(name)
        fields.append(
            SettingField(
                name=name,
                label=translate(info.title, locale, domain) if info.title else name,
                help=translate(info.description, locale, domain) if info.description else "",
                kind=kind,
                value=value.value if isinstance(value, enum.Enum) else value,
                choices=choices,
                minimum=getattr(bounds.get("Ge"), "ge", None),
                maximum=getattr(bounds.get("Le"), "le", None),
            )
        )
    return fields


def _form_values(schema: type[BaseModel], data: dict[str, Any]) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for name, info in schema.model_fields.items():
        if info.annotation is bool:
            values[name] = data.get(name) == "on"
        elif name in data:
            values[name] = str(data[name]).strip()
    return values


def _schema_or_404(platform: Platform, plugin: str) -> type[BaseModel]:
    record = platform.host.get(plugin)
    if record is None or not record.loaded or record.contributions.settings_schema is None:
        raise NotFoundException()
    return record.contributions.settings_schema


def _version(data: dict[str, Any]) -> int | None:
    try:
        return int(data.get("version", ""))
    except ValueError:
        return None


ROUTES = [modules_index, modules_toggle, settings_page, settings_save]
