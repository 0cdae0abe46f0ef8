"""The Litestar application factory."""

from __future__ import annotations

import logging
from collections.abc import Generator
from pathlib import Path
from typing import Any

from litestar import Litestar, Request, Router
from litestar.config.csrf import CSRFConfig
from litestar.contrib.jinja import JinjaTemplateEngine
from litestar.datastructures import State
from litestar.di import Provide
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import JsonRenderPlugin
from litestar.plugins.htmx import HTMXPlugin
from litestar.static_files import create_static_files_router
from litestar.template import TemplateConfig
from sqlmodel import Session

from core import migrate
from core.platform import Platform
from core.plugins import PluginHost, PluginState
from core.scheduling.worker import start_embedded_worker, stop_embedded_worker
from core.settings import Settings
from web import pages, submissions, unit_of_work
from web.audit import audit_context_middleware
from web.auth import AuthenticationMiddleware, provide_current_user
from web.boundary import InputBoundaryMiddleware
from web.errors import handle_exception
from web.guards import (
    PLUGIN,
    PUBLIC,
    WriteRouteDeclarationError,
    access_guard,
    write_route_errors,
)
from web.i18n import locale_middleware, request_locale
from web.middleware import add_security_headers
from web.routes import CORE_ROUTES
from web.templating import build_environment
from web.threads import use_handler_threads

log = logging.getLogger(__name__)
STATIC_DIR = Path(__file__).parent / "static"
CSRF_COOKIE = "sifa_csrf"
CSRF_HEADER = "x-csrftoken"


def create_app(
    settings: Settings | None = None,
    *,
    platform: Platform | None = None,
    check_migrations: bool = True,
) -> Litestar:
    """Build the web app for one platform; refuses to start on a database that is behind."""
    platform = platform or Platform.boot(settings)
    if check_migrations:
        migrate.ensure_up_to_date(platform.engine, platform.host)

    if platform.settings.portal_dev_sms:
        log.warning(
            "SIFA_PORTAL_DEV_SMS is on: applicants' SMS codes are shown on /portal/dev/outbox"
        )
    env = build_environment(platform.host)
    env.template_class = submissions.FormTemplate  # csrf_input issues one-time tokens
    template_engine = JinjaTemplateEngine.from_environment(env)

    def provide_platform(state: State) -> Platform:
        return state.platform

    def provide_db(state: State, request: Request[Any, Any, Any]) -> Generator[Session, None, None]:
        # The handler's own thread commits or rolls back (web/unit_of_work.py); this
        # clean-up runs later in another thread and only ends what a streamed response read.
        with Session(state.platform.engine, expire_on_commit=False) as session:
            submissions.attach(request, session)  # claimed by the unit of work
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    def locale_context(request: Request[Any, Any, Any]) -> None:
        locale = request_locale(request, platform.settings.locale)
        request.scope.setdefault("state", {})["locale"] = locale

    def start_jobs(app: Litestar) -> None:
        use_handler_threads(platform.settings.web_threads)
        # Embedded broker: this process runs the jobs and the scheduler (None otherwise).
        app.state.embedded_worker = start_embedded_worker(platform)

    def stop_jobs(app: Litestar) -> None:
        # Half the shutdown limit; uvicorn gave in-flight requests the other half.
        limit_ms = int(platform.settings.shutdown_timeout * 500)
        stop_embedded_worker(getattr(app.state, "embedded_worker", None), limit_ms)
        app.state.embedded_worker = None

    app = Litestar(
        route_handlers=[
            *pages.ROUTES,
            Router(path="/", route_handlers=CORE_ROUTES),  # see web/routes.py
            create_static_files_router(
                path="/static", directories=[STATIC_DIR], name="static", opt={PUBLIC: True}
            ),
            *_plugin_routers(platform.host),
        ],
        dependencies={
            "platform": Provide(provide_platform, sync_to_thread=False),
            "db": Provide(provide_db),
            "current_user": Provide(provide_current_user, sync_to_thread=False),
        },
        state=State({"platform": platform}),
        template_config=TemplateConfig(instance=template_engine),
        csrf_config=CSRFConfig(
            secret=platform.settings.secret_key,
            cookie_name=CSRF_COOKIE,
            header_name=CSRF_HEADER,
            cookie_samesite="strict",
        ),
        plugins=[HTMXPlugin()],
        before_send=[add_security_headers],
        middleware=[
            locale_middleware(platform.settings.locale),
            audit_context_middleware,
            AuthenticationMiddleware(),
            InputBoundaryMiddleware(),
        ],
        guards=[access_guard],
        exception_handlers={Exception: handle_exception},
        before_request=locale_context,
        openapi_config=OpenAPIConfig(
            title="sifa API",
            version="1.0.0",
            path="/api/schema",
            render_plugins=[JsonRenderPlugin()],  # no UI: those load scripts from CDNs
        ),
        debug=False,
        on_startup=[start_jobs],
        on_shutdown=[stop_jobs],
    )
    unit_of_work.install(app)
    errors = write_route_errors(app.routes)  # the plugins' offenders were left out above
    if errors:
        raise WriteRouteDeclarationError(errors)
    return app


def _plugin_routers(host: PluginHost) -> list[Router | Any]:
    """Mount each loaded plugin's pages, API and static files under its own prefix.

    A plugin whose routes cannot be mounted is marked failed; the others still mount.
    """
    routers: list[Any] = []
    for record in host.loaded():
        c = record.contributions
        try:
            mine: list[Any] = []
            if c.routes:
                mine.append(
                    Router(
                        path=f"/m/{record.name}",
                        route_handlers=c.routes,
                        opt={PLUGIN: record.name},
                    )
                )
            if c.api_routes:
                mine.append(
                    Router(
                        path=f"/api/v1/m/{record.name}",
                        route_handlers=c.api_routes,
                        tags=[record.name],
                        opt={PLUGIN: record.name},
                    )
                )
            if c.portal_routes:  # the citizen portal: public by declaration (docs/portal.md)
                mine.append(
                    Router(
                        path=f"/portal/{record.name}",
                        route_handlers=c.portal_routes,
                        opt={PLUGIN: record.name, PUBLIC: True},
                    )
                )
            if c.static_dir is not None:
                mine.append(
                    create_static_files_router(
                        path=f"/static/m/{record.name}",
                        directories=[c.static_dir],
                        name=f"static_{record.name}",
                        opt={PUBLIC: True},
                    )
                )
            errors = [e for router in mine for e in write_route_errors(router.routes)]
            if errors:
                raise WriteRouteDeclarationError(errors)
        except Exception as exc:
            record.state = PluginState.FAILED
            record.reason = f"路由无效 (routes rejected): {type(exc).__name__}: {exc}"
            log.error("plugin %s disabled: %s", record.name, record.reason)
            continue
        routers.extend(mine)
    return routers
