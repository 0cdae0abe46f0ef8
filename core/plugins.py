"""The plugin host: find installed plugins, check them, order them, collect what they declare.

A plugin is any installed distribution with an entry point in the group ``sifa.plugins``.
The entry point names the plugin and loads an object (usually a module) that carries a
``plugin_meta`` attribute (:class:`PluginMeta`) and hook implementations.

Loading never crashes the platform: a plugin that cannot be imported, declares an
incompatible core API, lacks a plugin it requires, implements an unknown hook or raises in a
declaration hook is recorded as failed with the reason and left out of the running app.

Deprecated hooks (see :class:`HookDeprecation`) keep working for one minor core API version:
a plugin implementing one loads, with a warning naming the hook, the version that
deprecated it, the version that removes it and its replacement, in the log, in
``record.warnings`` and in ``sifa plugins list``.
"""

from __future__ import annotations

import importlib.metadata
import inspect
import logging
import re
import sys
import warnings
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from types import ModuleType
from typing import Any, NamedTuple

import pluggy
from packaging.specifiers import InvalidSpecifier, SpecifierSet
from packaging.version import Version

from core import hookspecs
from core.codelists.declarations import CodeList
from core.crossplugin.location import LocationProvider, owned_providers
from core.i18n import register_domain
from core.identity.permissions import PermissionDecl, validate_declaration
from core.indicators.definitions import Indicator, ReportingDuty
from core.indicators.widgets import DashboardWidget
from core.orgs.types import OrgTypeDecl, check_org_types
from core.portal.declarations import PortalKind, owned_kinds
from core.referrals.declarations import ReferralSource, ReferralTarget
from core.reminders.channels.base import NotificationChannel, owned_channels
from core.reminders.declarations import DueItemKind
from core.scheduling.deadlines import DeadlineRule
from core.scheduling.declarations import Job, PeriodicJob, owned_declarations

log = logging.getLogger(__name__)

CORE_API_VERSION = "1.4.0"
ENTRY_POINT_GROUP = "sifa.plugins"
PLUGIN_NAME_PATTERN = re.compile(r"^[a-z][a-z0-9_]{1,39}$")
RESERVED_NAMES = frozenset({"core", "web", "admin", "api", "static", "m", "auth"})

hookimpl = pluggy.HookimplMarker(hookspecs.PROJECT_NAME)

#: How a hook specification says it is deprecated, in its docstring (so the generated hook
#: reference says it too): ``Deprecated in core API 1.3: use ``sifa_new_hook`` instead.``
DEPRECATED_LINE = re.compile(
    r"Deprecated in core API (?P<since>\d+\.\d+)(?:[^\n]*?``(?P<replacement>sifa_\w+)``)?"
)


class HookDeprecated(DeprecationWarning):
    """Warning category of a deprecated hook implemented by a plugin."""


@dataclass(frozen=True)
class HookDeprecation:
    """A hook that still works but goes away: deprecated in core API ``since`` (a minor
    version, ``"1.3"``), removed in the next minor version (it warns for one minor version).

    Mark a specification in ``core/hookspecs.py`` with a docstring line
    ``Deprecated in core API 1.3: use ``sifa_new_hook`` instead.`` (preferred: the hook
    reference shows it), or with pluggy's ``@hookspec(warn_on_impl=HookDeprecation(...).warning())``.
    """

    hook: str
    since: str
    replacement: str | None = None

    @property
    def removed_in(self) -> str:
        since = Version(self.since)
        return f"{since.major}.{since.minor + 1}"

    @property
    def message(self) -> str:
        use_zh = f"，请改用 {self.replacement}" if self.replacement else ""
        use_en = f"; implement {self.replacement} instead" if self.replacement else ""
        return (
            f"钩子 {self.hook} 自核心 API {self.since} 起已弃用，将在 {self.removed_in} 中移除{use_zh}"
            f" (hook {self.hook} is deprecated since core API {self.since} and will be removed"
            f" in {self.removed_in}{use_en})"
        )

    def warning(self) -> HookDeprecated:
        return HookDeprecated(self.message)


def hook_deprecations(*spec_sources: Any) -> dict[str, HookDeprecation]:
    """The deprecated hooks among the specifications in *spec_sources* (modules or classes),
    read from their docstrings."""
    found: dict[str, HookDeprecation] = {}
    for source in spec_sources:
        for name in dir(source):
            function = getattr(source, name)
            if not (name.startswith("sifa_") and callable(function)):
                continue
            match = DEPRECATED_LINE.search(function.__doc__ or "")
            if match:
                found[name] = HookDeprecation(name, match["since"], match["replacement"])
    return found


@dataclass(frozen=True)
class PluginMeta:
    """What a plugin says about itself (pretix-style plugin meta)."""

    name: str
    label_zh: str
    label_en: str
    version: str
    core_api: str = ">=1.0,<2"
    requires: tuple[str, ...] = ()
    category: str = "service"
    description_zh: str = ""
    description_en: str = ""
    superuser_only: bool = False


@dataclass(frozen=True)
class NavItem:
    """One entry of the main navigation."""

    label_zh: str
    label_en: str
    href: str
    order: int = 100
    permission: str | None = None


class PluginState(StrEnum):
    LOADED = "loaded"
    FAILED = "failed"


@dataclass
class Contributions:
    """Everything a plugin declared through its declaration hooks."""

    models: list[type[Any]] = field(default_factory=list)
    version_location: Path | None = None
    routes: list[Any] = field(default_factory=list)
    api_routes: list[Any] = field(default_factory=list)
    template_dir: Path | None = None
    static_dir: Path | None = None
    navigation: list[NavItem] = field(default_factory=list)
    cli_commands: list[Any] = field(default_factory=list)
    settings_schema: Any = None
    permissions: list[PermissionDecl] = field(default_factory=list)
    periodic_jobs: list[PeriodicJob] = field(default_factory=list)
    jobs: list[Job] = field(default_factory=list)
    deadline_rules: list[DeadlineRule] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    reporting_duties: list[ReportingDuty] = field(default_factory=list)
    dashboard_widgets: list[DashboardWidget] = field(default_factory=list)
    due_item_kinds: list[DueItemKind] = field(default_factory=list)
    notification_channels: list[NotificationChannel] = field(default_factory=list)
    referral_targets: list[ReferralTarget] = field(default_factory=list)
    location_providers: list[LocationProvider] = field(default_factory=list)
    #: ``<package>/locale`` when the plugin ships a gettext catalogue (domain = plugin name).
    locale_dir: Path | None = None
    portal_kinds: list[PortalKind] = field(default_factory=list)
    portal_routes: list[Any] = field(default_factory=list)
    org_types: list[OrgTypeDecl] = field(default_factory=list)
    code_lists: list[CodeList] = field(default_factory=list)
    referral_sources: list[ReferralSource] = field(default_factory=list)

    @property
    def table_names(self) -> set[str]:
        return {model.__table__.name for model in self.models}


@dataclass
class PluginRecord:
    """One installed plugin as the host sees it."""

    name: str
    distribution: str
    dist_version: str
    meta: PluginMeta | None = None
    state: PluginState = PluginState.LOADED
    reason: str = ""
    obj: Any = None
    contributions: Contributions = field(default_factory=Contributions)
    #: What the administrator should know about a loaded plugin (deprecated hooks …).
    warnings: list[str] = field(default_factory=list)

    @property
    def loaded(self) -> bool:
        return self.state is PluginState.LOADED

    @property
    def label_zh(self) -> str:
        return self.meta.label_zh if self.meta else self.name

    @property
    def label_en(self) -> str:
        return self.meta.label_en if self.meta else self.name

    @property
    def version(self) -> str:
        return self.meta.version if self.meta else self.dist_version


@dataclass(frozen=True)
class Candidate:
    """A plugin object to load, from an entry point or given directly (tests)."""

    name: str
    distribution: str
    dist_version: str
    load: Any  # zero-argument callable returning the plugin object


class PluginFailure(Exception):
    """Why one plugin was left out; the message is shown to administrators."""


class PluginHost:
    """Loads plugins once per process and answers what each one contributes."""

    def __init__(self, *, trace: bool = False, specs: Iterable[Any] = (hookspecs,)) -> None:
        """*specs*: the hook specifications (modules or classes); tests add their own."""
        specs = tuple(specs)
        self.pm = pluggy.PluginManager(hookspecs.PROJECT_NAME)
        for source in specs:
            self.pm.add_hookspecs(source)
        self.records: dict[str, PluginRecord] = {}
        self._order: list[str] = []
        self.trace = trace
        self._spec_names = {
            name
            for source in specs
            for name in dir(source)
            if name.startswith("sifa_") and callable(getattr(source, name))
        }
        self.deprecations = hook_deprecations(*specs)

    # -- loading -----------------------------------------------------------------------

    def load(self, candidates: Iterable[Candidate] | None = None) -> PluginHost:
        """Import, check, order and register every candidate (default: entry points)."""
        objects: dict[str, Any] = {}
        for candidate in candidates if candidates is not None else entry_point_candidates():
            record = PluginRecord(candidate.name, candidate.distribution, candidate.dist_version)
            if candidate.name in self.records:
                log.warning("plugin %s is installed twice; keeping the first", candidate.name)
                continue
            self.records[candidate.name] = record
            try:
                obj = candidate.load()
                record.meta = _check_meta(candidate.name, obj)
                record.obj = obj
                objects[candidate.name] = obj
            except Exception as exc:
                self._fail(record, f"导入失败 (import failed): {type(exc).__name__}: {exc}")
        self._order = self._dependency_order(objects)
        for name in self._order:
            record = self.records[name]
            if not record.loaded:
                continue
            try:
                self._register(record)
                record.contributions = self._collect_declarations(record)
            except Exception as exc:
                self._fail(record, str(exc) if isinstance(exc, PluginFailure) else _describe(exc))
        return self

    def _register(self, record: PluginRecord) -> None:
        unknown = sorted(
            attr
            for attr in dir(record.obj)
            if getattr(getattr(record.obj, attr, None), f"{hookspecs.PROJECT_NAME}_impl", None)
            is not None
            and attr not in self._spec_names
        )
        if unknown:
            raise PluginFailure(f"实现了未知的钩子 (unknown hooks): {', '.join(unknown)}")
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")  # pluggy's warn_on_impl, seen on every load
            try:
                self.pm.register(record.obj, name=record.name)
            except pluggy.PluginValidationError as exc:
                raise PluginFailure(f"钩子签名错误 (invalid hook implementation): {exc}") from exc
        self._warn_deprecated(record, [str(w.message) for w in caught])

    def _warn_deprecated(self, record: PluginRecord, from_pluggy: list[str]) -> None:
        """Deprecated hooks the plugin implements: it still loads, with a warning (on the
        record, in the log and as a ``HookDeprecated`` warning for test runs)."""
        implemented = {
            impl_name
            for impl_name in dir(record.obj)
            if getattr(getattr(record.obj, impl_name, None), f"{hookspecs.PROJECT_NAME}_impl", None)
            is not None
        }
        messages = [
            self.deprecations[name].message for name in sorted(implemented & set(self.deprecations))
        ]
        messages += [m for m in from_pluggy if m not in messages]
        for message in messages:
            record.warnings.append(message)
            log.warning("plugin %s: %s", record.name, message)
            warnings.warn(HookDeprecated(f"plugin {record.name}: {message}"), stacklevel=2)

    def _collect_declarations(self, record: PluginRecord) -> Contributions:
        c = Contributions()
        c.models = list(self._declared(record, "sifa_models") or [])
        for model in c.models:
            if getattr(model, "__table__", None) is None:
                raise PluginFailure(f"sifa_models returned a non-table class: {model!r}")
        c.version_location = _optional_dir(record, self._declared(record, "sifa_version_locations"))
        c.routes = list(self._declared(record, "sifa_routes") or [])
        c.api_routes = list(self._declared(record, "sifa_api_routes") or [])
        c.template_dir = _optional_dir(record, self._declared(record, "sifa_template_dir"))
        if c.template_dir is not None and not (c.template_dir / record.name).is_dir():
            raise PluginFailure(
                f"模板目录缺少以插件命名的子目录 (template dir lacks {record.name}/)"
            )
        c.static_dir = _optional_dir(record, self._declared(record, "sifa_static_dir"))
        c.navigation = list(self._declared(record, "sifa_navigation") or [])
        c.cli_commands = list(self._declared(record, "sifa_cli_commands") or [])
        c.settings_schema = _settings_schema(self._declared(record, "sifa_settings_schema"))
        c.permissions = _permissions(record, self._declared(record, "sifa_permissions"))
        c.periodic_jobs = _owned(record, "sifa_periodic_jobs", PeriodicJob, "name", self)
        c.jobs = _owned(record, "sifa_jobs", Job, "name", self)
        c.deadline_rules = _owned(record, "sifa_deadline_rules", DeadlineRule, "code", self)
        c.indicators = _owned(record, "sifa_indicators", Indicator, "code", self)
        c.reporting_duties = _owned(record, "sifa_reporting_duties", ReportingDuty, "code", self)
        c.dashboard_widgets = _owned(
            record, "sifa_dashboard_widgets", DashboardWidget, "code", self
        )
        c.due_item_kinds = _owned(record, "sifa_due_item_kinds", DueItemKind, "code", self)
        c.notification_channels = _channels(record, self)
        c.referral_targets = _owned(record, "sifa_referral_targets", ReferralTarget, "code", self)
        c.location_providers = _location_providers(record, self)
        c.locale_dir = _locale_dir(record)
        if c.locale_dir is not None:
            register_domain(record.name, c.locale_dir)
        c.portal_kinds = _portal_kinds(record, self)
        c.portal_routes = list(self._declared(record, "sifa_portal_routes") or [])
        c.org_types = _org_types(record, self)
        c.code_lists = _owned(record, "sifa_code_lists", CodeList, "code", self)
        c.referral_sources = _owned(record, "sifa_referral_sources", ReferralSource, "code", self)
        return c

    def _declared(self, record: PluginRecord, hook_name: str) -> Any:
        """Call one declaration hook of one plugin; a raise names the hook."""
        caller = getattr(self.pm.hook, hook_name)
        for impl in caller.get_hookimpls():
            if impl.plugin_name != record.name:
                continue
            try:
                result = impl.function()
            except Exception as exc:
                raise PluginFailure(
                    f"钩子 {hook_name} 出错 (hook failed): {_describe(exc)}"
                ) from exc
            if self.trace:
                log.info("hook %s[%s]() -> %r", hook_name, record.name, result)
            return result
        return None

    def _fail(self, record: PluginRecord, reason: str) -> None:
        record.state = PluginState.FAILED
        record.reason = reason
        if record.obj is not None and self.pm.is_registered(record.obj):
            self.pm.unregister(record.obj)
        log.error("plugin %s disabled: %s", record.name, reason)

    def _dependency_order(self, objects: dict[str, Any]) -> list[str]:
        """Plugins after the plugins they require; a missing or failed requirement fails."""
        ordered: list[str] = []
        visiting: set[str] = set()

        def visit(name: str, chain: tuple[str, ...]) -> bool:
            record = self.records[name]
            if name in ordered:
                return record.loaded
            if name in visiting:
                self._fail(record, f"循环依赖 (dependency cycle): {' -> '.join((*chain, name))}")
                return False
            visiting.add(name)
            ok = record.loaded
            for required in record.meta.requires if record.meta else ():
                if required not in self.records:
                    self._fail(record, f"缺少所需插件 (requires missing plugin): {required}")
                    ok = False
                elif not visit(required, (*chain, name)) and record.loaded:
                    self._fail(record, f"所需插件不可用 (required plugin failed): {required}")
                    ok = False
            visiting.discard(name)
            ordered.append(name)
            return ok and record.loaded

        for name in sorted(objects):
            visit(name, ())
        return ordered

    # -- answers -------------------------------------------------------------------------

    def loaded(self) -> list[PluginRecord]:
        """Loaded plugins, each after the plugins it requires."""
        return [self.records[name] for name in self._order if self.records[name].loaded]

    def failed(self) -> list[PluginRecord]:
        return [r for r in self.records.values() if not r.loaded]

    def get(self, name: str) -> PluginRecord | None:
        return self.records.get(name)

    # -- runtime hooks -------------------------------------------------------------------

    def call_collect(
        self, hook_name: str, *, only: Collection[str] | None = None, **kwargs: Any
    ) -> list[HookResult]:
        """Call a runtime hook on every loaded plugin and collect the non-None results.

        Unlike ``host.pm.hook.<name>(...)``, one failing implementation does not abort the
        call: it is logged (with the plugin's name) and skipped, so a page that gathers
        contributions from every plugin survives a broken one. Plugins are called in
        dependency order; each implementation gets only the arguments it declares.
        Wrapper implementations are not supported here and are skipped.

        *only*, when given, limits the call to those plugins (for example the plugins
        active for one bureau). *kwargs* must be exactly the hook's arguments (a mistake there is the caller's bug
        and raises TypeError). Returns one :class:`HookResult` (plugin name, value) per
        plugin that answered.
        """
        caller = getattr(self.pm.hook, hook_name, None)
        if caller is None or caller.spec is None:
            raise TypeError(f"unknown hook: {hook_name}")
        expected = set(caller.spec.argnames)
        if set(kwargs) != expected:
            raise TypeError(
                f"{hook_name} takes {sorted(expected)}, was called with {sorted(kwargs)}"
            )
        impls = {
            impl.plugin_name: impl
            for impl in caller.get_hookimpls()
            if not (impl.wrapper or impl.hookwrapper)
        }
        results: list[HookResult] = []
        for record in self.loaded():
            impl = impls.get(record.name)
            if impl is None or (only is not None and record.name not in only):
                continue
            try:
                value = impl.function(*(kwargs[name] for name in impl.argnames))
            except Exception:  # a broken plugin must not break the caller
                log.exception(
                    "plugin %s: hook %s failed; its result is skipped", record.name, hook_name
                )
                continue
            if self.trace:
                log.info("hook %s[%s](%r) -> %r", hook_name, record.name, kwargs, value)
            if value is not None:
                results.append(HookResult(record.name, value))
        return results


class HookResult(NamedTuple):
    """What one plugin answered to a runtime hook (see :meth:`PluginHost.call_collect`)."""

    plugin: str
    value: Any


def entry_point_candidates() -> list[Candidate]:
    """Every installed distribution's ``sifa.plugins`` entry point."""
    found: list[Candidate] = []
    for ep in importlib.metadata.entry_points(group=ENTRY_POINT_GROUP):
        dist = ep.dist
        found.append(
            Candidate(
                name=ep.name,
                distribution=dist.metadata["Name"] if dist else "?",
                dist_version=dist.version if dist else "?",
                load=ep.load,
            )
        )
    return sorted(found, key=lambda c: c.name)


def _check_meta(entry_name: str, obj: Any) -> PluginMeta:
    meta = getattr(obj, "plugin_meta", None)
    if not isinstance(meta, PluginMeta):
        raise PluginFailure("缺少 plugin_meta (the plugin object has no PluginMeta)")
    if meta.name != entry_name:
        raise PluginFailure(
            f"名称不一致 (entry point {entry_name!r} != plugin_meta.name {meta.name!r})"
        )
    if not PLUGIN_NAME_PATTERN.match(meta.name) or meta.name in RESERVED_NAMES:
        raise PluginFailure(f"插件名称无效 (invalid plugin name): {meta.name!r}")
    try:
        supported = SpecifierSet(meta.core_api)
    except InvalidSpecifier as exc:
        raise PluginFailure(f"core_api 无效 (invalid core_api): {meta.core_api!r}") from exc
    if Version(CORE_API_VERSION) not in supported:
        raise PluginFailure(
            f"需要核心 API {meta.core_api}，当前为 {CORE_API_VERSION} "
            f"(needs core API {meta.core_api}, this platform provides {CORE_API_VERSION})"
        )
    return meta


def _locale_dir(record: PluginRecord) -> Path | None:
    """By convention a plugin's catalogues sit in ``locale/`` beside its top-level package."""
    own = record.obj if isinstance(record.obj, ModuleType) else inspect.getmodule(record.obj)
    module = sys.modules.get(own.__name__.split(".")[0]) if own is not None else None
    package_file = getattr(module, "__file__", None)
    if package_file is None:
        return None
    found = Path(package_file).resolve().parent / "locale"
    return found if found.is_dir() else None


def _optional_dir(record: PluginRecord, value: Any) -> Path | None:
    if value is None:
        return None
    path = Path(value)
    if not path.is_dir():
        raise PluginFailure(f"目录不存在 (directory does not exist): {path}")
    return path


def _settings_schema(value: Any) -> Any:
    """A pydantic model class whose fields all have defaults, or None."""
    if value is None:
        return None
    from pydantic import BaseModel

    if not (isinstance(value, type) and issubclass(value, BaseModel)):
        raise PluginFailure("sifa_settings_schema must return a pydantic model class")
    required = [name for name, f in value.model_fields.items() if f.is_required()]
    if required:
        raise PluginFailure(f"设置项必须有默认值 (settings need defaults): {', '.join(required)}")
    return value


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}"


def _permissions(record: PluginRecord, value: Any) -> list[PermissionDecl]:
    """A plugin's permission declarations, each checked (prefix, known default roles)."""
    try:
        return [validate_declaration(record.name, decl) for decl in value or []]
    except ValueError as exc:
        raise PluginFailure(f"sifa_permissions: {exc}") from exc


def _channels(record: PluginRecord, host: PluginHost) -> list[NotificationChannel]:
    """Notification channels, each implementing the interface and named under the plugin."""
    try:
        return owned_channels(record.name, host._declared(record, "sifa_notification_channels"))
    except ValueError as exc:
        raise PluginFailure(f"sifa_notification_channels: {exc}") from exc


def _location_providers(record: PluginRecord, host: PluginHost) -> list[LocationProvider]:
    """Location feeds, each implementing the interface and coded under the plugin."""
    try:
        return owned_providers(record.name, host._declared(record, "sifa_location_providers"))
    except ValueError as exc:
        raise PluginFailure(f"sifa_location_providers: {exc}") from exc


def _portal_kinds(record: PluginRecord, host: PluginHost) -> list[PortalKind]:
    """Portal application kinds, each a PortalKind coded under the plugin."""
    try:
        return owned_kinds(record.name, host._declared(record, "sifa_portal_kinds"))
    except ValueError as exc:
        raise PluginFailure(f"sifa_portal_kinds: {exc}") from exc


def _org_types(record: PluginRecord, host: PluginHost) -> list[OrgTypeDecl]:
    """Organisation types, coded under the plugin and placed under known types."""
    from core.orgs.models import OrgType

    try:
        return check_org_types(
            record.name, host._declared(record, "sifa_org_types"), [t.value for t in OrgType]
        )
    except ValueError as exc:
        raise PluginFailure(f"sifa_org_types: {exc}") from exc


def org_types_of(host: PluginHost) -> list[OrgTypeDecl]:
    """Every loaded plugin's declared organisation types."""
    return [t for record in host.loaded() for t in record.contributions.org_types]


def _owned(
    record: PluginRecord, hook_name: str, kind: type, key: str, host: PluginHost
) -> list[Any]:
    """Jobs, periodic jobs or deadline rules, named under the plugin and of the right type."""
    try:
        return owned_declarations(record.name, host._declared(record, hook_name), kind, key)
    except ValueError as exc:
        raise PluginFailure(f"{hook_name}: {exc}") from exc
