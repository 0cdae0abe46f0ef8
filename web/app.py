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
from web import pages
from web.audit import audit_context_middleware
from web.auth import AuthenticationMiddleware, provide_current_user
from web.errors import handle_exception
from web.guards import PLUGIN, PUBLIC, access_guard
from web.i18n import request_locale
from web.middleware import add_security_headers
from web.routes import CORE_ROUTES
from web.templating import build_environment

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

    env = build_environment(platform.host)
    template_engine = JinjaTemplateEngine.from_environment(env)

    def provide_platform(state: State) -> Platform:
        return state.platform

    def provide_db(state: State) -> Generator[Session, None, None]:
        with Session(state.platform.engine, expire_on_commit=False) as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    def locale_context(request: Request[Any, Any, Any]) -> None:
        request.scope.setdefault("state", {})["locale"] = request_locale(
            request, platform.settings.locale
        )

    def start_jobs(app: Litestar) -> None:
        # Embedded broker: this process runs the jobs and the scheduler (None otherwise).
        app.state.embedded_worker = start_embedded_worker(platform)

    def stop_jobs(app: Litestar) -> None:
        stop_embedded_worker(getattr(app.state, "embedded_worker", None))
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
        middleware=[audit_context_middleware, AuthenticationMiddleware()],
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
            if c.static_dir is not None:
                mine.append(
                    create_static_files_router(
                        path=f"/static/m/{record.name}",
                        directories=[c.static_dir],
                        name=f"static_{record.name}",
                        opt={PUBLIC: True},
                    )
                )
        except Exception as exc:
            record.state = PluginState.FAILED
            record.reason = f"路由无效 (routes rejected): {type(exc).__name__}: {exc}"
            log.error("plugin %s disabled: %s", record.name, record.reason)
            continue
        routers.extend(mine)
    return routers
