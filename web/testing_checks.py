"""Cross-cutting checks (通用检查) a plugin's own test suite runs, the same the core runs.

The core checks every route of the app for three things: a path parameter names a record the
route declares in ``opt["records"]``; a user of station A asking for station B's record — by
GET or POST — gets 404 and nothing in the database changes; and the plugin keeps the house
rules (it loads without a refusal or a deprecated hook, and imports from the core only
``core.api``). A plugin joins these checks by declaring how to make one of each of its
records (the ``sifa_record_factories`` hook, core API 1.4) and subclassing
:class:`PluginChecks` in its tests::

    # tests/test_checks.py of the plugin "notary"
    import notary.plugin
    from web.testing_checks import PluginChecks


    class TestNotaryChecks(PluginChecks):
        plugins: ClassVar[dict[str, Any]] = {"notary": notary.plugin}

The factories are read from the hook; a test module may instead (or also) override the
``record_factories`` fixture. The core's own suite runs the same functions over every
installed plugin: first-party plugins must declare factories, a third-party plugin without
factories is named in a ``PluginNotChecked`` warning and skipped, never failed (its author
runs the checks in the plugin's suite). The guide is ``docs/plugins.md`` ("Testing your
plugin").
"""

from __future__ import annotations

import ast
import importlib
import re
import warnings
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar

import pytest
from litestar import Litestar
from litestar.routes import HTTPRoute
from sqlalchemy import func, select
from sqlmodel import Session

from core.audit.models import AuditRecord
from core.db import session_scope
from core.platform import Platform
from core.plugins import PluginHost

Factory = Callable[[Session, int], Any]
PARAM = re.compile(r"\{(\w+):(\w+)\}")

#: Path parameters that name no record, with the reason (the core's; a plugin adds its own
#: through ``PluginChecks.not_records``).
NOT_RECORDS: dict[str, str] = {
    "code": "a language code (/lang/{code})",
    "file_path": "a static file name",
    "job_name": "a background job's name (jobs belong to the installation, not to an org)",
    "token": "a clinic provider's calendar-feed secret (public by design, unguessable)",
}


class PluginNotChecked(UserWarning):
    """A plugin's record routes were left out of the access checks (it declares no factories)."""


@dataclass(frozen=True)
class RecordRoute:
    """A route naming records: ``{"case_id": MediationCase}``."""

    method: str
    path: str
    records: Mapping[str, type]


@dataclass
class Coverage:
    """Which record routes the access checks can exercise, and which plugins they skip."""

    checked: list[RecordRoute] = field(default_factory=list)
    #: plugin name -> names of its models that routes declare but no factory makes
    missing: dict[str, list[str]] = field(default_factory=dict)
    #: plugins whose record routes are skipped because they declare no factory at all
    unchecked: list[str] = field(default_factory=list)


def endpoints(app: Litestar) -> Iterator[tuple[str, str, Any]]:
    """(method, route path, handler) for every HTTP route of the app."""
    for route in app.routes:
        if not isinstance(route, HTTPRoute):
            continue
        for handler in route.route_handlers:
            for method in sorted(handler.http_methods):
                yield method, route.path, handler


def record_routes(app: Litestar) -> list[RecordRoute]:
    return [
        RecordRoute(method, path, handler.opt["records"])
        for method, path, handler in endpoints(app)
        if handler.opt.get("records")
    ]


def undeclared_path_parameters(
    app: Litestar, not_records: Mapping[str, str] = NOT_RECORDS, *, prefix: str = ""
) -> list[str]:
    """``"GET /m/x/{item_id:int}: item_id"`` for every path parameter no route declares."""
    undeclared = []
    for method, path, handler in endpoints(app):
        if path.startswith("/api/schema") or method == "OPTIONS" or not path.startswith(prefix):
            continue  # Litestar's own OpenAPI routes and automatic OPTIONS answers
        for name, _ in PARAM.findall(path):
            if name not in not_records and name not in (handler.opt.get("records") or {}):
                undeclared.append(f"{method} {path}: {name}")
    return undeclared


def declared_factories(host: PluginHost) -> dict[str, dict[type, Factory]]:
    """Plugin name -> the factories its ``sifa_record_factories`` hook declares."""
    return {
        result.plugin: dict(result.value) for result in host.call_collect("sifa_record_factories")
    }


def model_owners(host: PluginHost) -> dict[type, str]:
    """Model class -> the loaded plugin that declares it in ``sifa_models``."""
    return {model: record.name for record in host.loaded() for model in record.contributions.models}


def coverage(
    app: Litestar,
    host: PluginHost,
    factories: Mapping[type, Factory],
    *,
    first_party: frozenset[str] | set[str] = frozenset(),
) -> Coverage:
    """Sort the app's record routes into checked ones and the plugins they cannot check.

    A route is checked when every record it names has a factory. A plugin that declares no
    factory at all and is not in *first_party* is *unchecked* (named, not failed); any other
    model without a factory is *missing* (a failure for the caller).
    """
    owners = model_owners(host)
    declaring = {name for name, made in declared_factories(host).items() if made}
    result = Coverage()
    skipped: set[str] = set()
    for route in record_routes(app):
        absent = [m for m in route.records.values() if m not in factories]
        if not absent:
            result.checked.append(route)
            continue
        for model in absent:
            owner = owners.get(model, "core")
            if owner != "core" and owner not in first_party and owner not in declaring:
                skipped.add(owner)
            else:
                names = result.missing.setdefault(owner, [])
                if model.__name__ not in names:
                    names.append(model.__name__)
    result.unchecked = sorted(skipped)
    return result


def warn_unchecked(result: Coverage) -> None:
    """Name (without failing) the plugins whose record routes the checks had to skip."""
    for name in result.unchecked:
        warnings.warn(
            PluginNotChecked(
                f"插件 {name} 未声明记录工厂，其记录路由未做越权检查 (plugin {name} declares no "
                "sifa_record_factories: its record routes were not checked here; run "
                "web.testing_checks.PluginChecks in its own test suite)"
            ),
            stacklevel=2,
        )


def foreign_record_failures(
    platform: Platform,
    client: Any,
    routes: list[RecordRoute],
    factories: Mapping[type, Factory],
    other_org_id: int,
    headers: Mapping[str, str],
) -> list[str]:
    """Ask *client* (signed in elsewhere) for a record of *other_org_id* by every route.

    Returns what went wrong: a route that answered anything but 404, or that changed
    something (a new audit record).
    """
    failures = []
    for route in routes:
        with session_scope(platform.engine) as session:
            ids = {
                name: factories[model](session, other_org_id).id
                for name, model in route.records.items()
            }
        url = PARAM.sub(lambda m, ids=ids: str(ids[m.group(1)]), route.path)
        with session_scope(platform.engine) as session:
            before = session.execute(select(func.max(AuditRecord.id))).scalar()
        response = client.request(
            route.method,
            url,
            headers=dict(headers),
            data={"title": "篡改", "version": "1"},
            follow_redirects=False,
        )
        with session_scope(platform.engine) as session:
            after = session.execute(select(func.max(AuditRecord.id))).scalar()
        if response.status_code != 404:
            failures.append(f"{route.method} {route.path}: {response.status_code}, not 404")
        elif after != before:
            failures.append(f"{route.method} {route.path}: changed something")
    return failures


def core_imports_outside_api(package_dir: Path) -> list[str]:
    """Imports of core modules other than ``core.api`` (and of ``web`` outside tests)."""
    offenders = []
    for path in sorted(package_dir.rglob("*.py")):
        if "tests" in path.relative_to(package_dir).parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            names: list[str] = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
                if node.module == "core":
                    names = [f"core.{alias.name}" for alias in node.names]
            for module in names:
                top = module.split(".", 1)[0]
                if (top == "core" and module != "core.api") or top == "web":
                    offenders.append(f"{path.relative_to(package_dir.parent)}: {module}")
    return offenders


class PluginChecks:
    """The core's cross-cutting checks, for a plugin's own suite: subclass it as ``Test…``.

    Set ``plugins`` (``name -> plugin module``, as for :func:`web.testing.boot_platform`);
    the platform boots with the core and those plugins only. Each check looks only at the
    routes under ``/m/<name>/`` of those plugins. Override the ``record_factories`` fixture
    to give factories without the hook, and ``not_records`` for path parameters of yours
    that name no record (a file name, a public token), with the reason.
    """

    plugins: ClassVar[Mapping[str, Any]] = {}
    not_records: ClassVar[Mapping[str, str]] = {}

    @pytest.fixture
    def record_factories(self) -> Mapping[type, Factory]:
        """Factories beyond those of the ``sifa_record_factories`` hook (none by default)."""
        return {}

    def _booted(self, tmp_path: Path) -> Platform:
        from web.testing import boot_platform

        return boot_platform(tmp_path, self.plugins)

    def _prefixes(self) -> tuple[str, ...]:
        return tuple(f"/m/{name}" for name in self.plugins)

    def test_the_plugins_load_without_refusal_or_deprecated_hooks(self, tmp_path: Path) -> None:
        platform = self._booted(tmp_path)
        try:
            host = platform.host
            refused = {r.name: r.reason for r in host.failed() if r.name in self.plugins}
            assert not refused, f"refused at load time: {refused}"
            warned = {r.name: r.warnings for r in host.loaded() if r.warnings}
            assert not warned, f"implements deprecated hooks: {warned}"
        finally:
            platform.engine.dispose()

    def test_the_plugins_import_only_core_api_from_the_core(self) -> None:
        offenders = []
        for plugin in self.plugins.values():
            module = importlib.import_module(plugin.__name__.split(".", 1)[0])
            offenders += core_imports_outside_api(Path(module.__file__).parent)  # type: ignore[arg-type]
        assert not offenders, "import only core.api from the core: " + "; ".join(offenders)

    def test_every_path_parameter_names_a_declared_record(self, tmp_path: Path) -> None:
        from web.app import create_app

        platform = self._booted(tmp_path)
        try:
            app = create_app(platform=platform)
            undeclared = [
                line
                for prefix in self._prefixes()
                for line in undeclared_path_parameters(
                    app, {**NOT_RECORDS, **self.not_records}, prefix=prefix
                )
            ]
        finally:
            platform.engine.dispose()
        assert not undeclared, "declare opt['records'] for: " + "; ".join(undeclared)

    def test_another_station_gets_404_for_every_record_url_and_nothing_changes(
        self, tmp_path: Path, record_factories: Mapping[type, Factory]
    ) -> None:
        from litestar.testing import TestClient

        from web.app import create_app
        from web.testing import csrf_headers, login, make_account, make_org_tree

        platform = self._booted(tmp_path)
        try:
            factories = {**_all_factories(platform.host), **record_factories}
            app = create_app(platform=platform)
            routes = [r for r in record_routes(app) if r.path.startswith(self._prefixes())]
            missing = sorted(
                {m.__name__ for r in routes for m in r.records.values() if m not in factories}
            )
            assert not missing, f"declare sifa_record_factories for: {missing}"
            with session_scope(platform.engine) as session:
                tree = make_org_tree(session, activate=platform.host)
                make_account(
                    session, "checks_a", roles={"system_admin": tree.station_a}, host=platform.host
                )
            with TestClient(app=app, raise_server_exceptions=False) as client:
                login(client, "checks_a")
                failures = foreign_record_failures(
                    platform, client, routes, factories, tree.station_b, csrf_headers(client)
                )
        finally:
            platform.engine.dispose()
        assert not failures, "; ".join(failures)


def _all_factories(host: PluginHost) -> dict[type, Factory]:
    merged: dict[type, Factory] = {}
    for made in declared_factories(host).values():
        merged.update(made)
    return merged
