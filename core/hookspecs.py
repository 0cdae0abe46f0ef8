"""Every hook a sifa plugin can implement. Each docstring below is that hook's reference.

How hooks are called
--------------------
Plugins implement hooks as plain functions (or methods) decorated with
``core.api.hookimpl`` and named exactly like the specification. An implementation may take
fewer arguments than the specification offers, so adding an argument in a later core
version breaks nobody. Hooks are synchronous: they return declarations (model classes,
route handlers, paths, navigation entries), never coroutines.

*Declaration hooks* (those without arguments) are called once per process, when the plugin
host loads, in dependency order (a plugin after the plugins it requires). If one of them
raises, the plugin is kept out of the running platform and the reason is reported by
``sifa plugins list``, the log and the admin page: one broken plugin never takes the
platform down.

Unless a docstring says "the first non-None result wins", results of every plugin are
collected into a list.

Each docstring ends with the core API version that added or last changed the hook.
"""

from __future__ import annotations

from typing import Any

import pluggy

PROJECT_NAME = "sifa"

hookspec = pluggy.HookspecMarker(PROJECT_NAME)


@hookspec
def sifa_models() -> list[type[Any]]:
    """Declare the plugin's SQLModel table classes.

    Called once when the plugin host loads, before migrations and routes. Return the table
    classes (``SQLModel`` subclasses with ``table=True``). Name tables with the plugin's
    name as prefix (``mediation_case``). Returning them makes the plugin own those tables:
    ``sifa db revision --plugin NAME --autogenerate`` compares exactly these tables.

    Returns: a list of model classes.

    Added in core API 1.0.
    """


@hookspec
def sifa_version_locations() -> str | None:
    """Point at the directory holding the plugin's Alembic revision files.

    Called once when the plugin host loads and by every ``sifa db`` command. Each plugin
    owns its migration line, recorded in its own version table ``alembic_version_<name>``,
    so uninstalling a plugin leaves nothing unresolvable behind. Plugin migrations run after
    the core's. Migrations must not import live plugin code: they describe tables as they
    were when the revision was written.

    Returns: a filesystem path (``str`` or ``os.PathLike``), or None for a plugin without
    tables.

    Added in core API 1.0.
    """


@hookspec
def sifa_routes() -> list[Any]:
    """Declare the plugin's pages.

    Called once when the web app is built. Return Litestar route handlers or routers; the
    core mounts them under ``/m/<plugin name>/`` so URLs never collide between plugins.
    The core wraps them with its own guards (login, module activation, the permission in
    the handler's ``opt``) — plugins do not check access by hand.

    Returns: a list of Litestar route handlers, controllers or routers.

    Added in core API 1.0.
    """


@hookspec
def sifa_api_routes() -> list[Any]:
    """Declare the plugin's JSON API endpoints.

    Called once when the web app is built. The core mounts them under
    ``/api/v1/m/<plugin name>/``; errors there are answered as JSON, and they appear in the
    OpenAPI schema at ``/api/schema``.

    Returns: a list of Litestar route handlers, controllers or routers.

    Added in core API 1.0.
    """


@hookspec
def sifa_template_dir() -> str | None:
    """Point at the plugin's Jinja2 template directory.

    Called once when the web app is built. The directory must contain one folder named
    after the plugin (``templates/mediation/cases/list.html`` is rendered as
    ``"mediation/cases/list.html"``). Templates of one plugin can never shadow another's or
    the core's: a plugin's loader answers only for names under its own prefix. Templates
    may extend the core's ``"layout.html"``.

    Returns: a filesystem path, or None.

    Added in core API 1.0.
    """


@hookspec
def sifa_static_dir() -> str | None:
    """Point at the plugin's static files (CSS, scripts, images).

    Called once when the web app is built. Files are served under
    ``/static/m/<plugin name>/``. Nothing may be loaded from the internet: users' networks
    are closed, and the Content-Security-Policy only allows the platform's own origin.

    Returns: a filesystem path, or None.

    Added in core API 1.0.
    """


@hookspec
def sifa_navigation() -> list[Any]:
    """Contribute entries to the main navigation.

    Called once when the web app is built. Return ``core.api.NavItem`` values; a relative
    ``href`` is resolved under the plugin's mount point ``/m/<plugin name>/``. Entries are
    sorted by ``order`` then label.

    Returns: a list of ``NavItem``.

    Added in core API 1.0.
    """


@hookspec
def sifa_cli_commands() -> list[Any]:
    """Contribute command-line commands.

    Called once when the ``sifa`` command starts. Return ``click`` commands or groups; they
    appear as ``sifa m <plugin name> <command>``.

    Returns: a list of ``click.Command``.

    Added in core API 1.0.
    """
