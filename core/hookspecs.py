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


@hookspec
def sifa_permissions() -> list[Any]:
    """Declare the permissions the plugin's pages and actions need.

    Called once when the plugin host loads. Return ``core.api.PermissionDecl`` values: a
    ``code`` starting with the plugin's name and a dot (``mediation.cases.edit``), a Chinese
    and an English label, and ``default_roles``, the built-in roles that hold it on a fresh
    install (``system_admin``, ``bureau_leader``, ``bureau_staff``, ``station_head``,
    ``station_staff``, ``mediator``, ``lawyer``, ``community_worker``, ``inspector``).
    ``system_admin`` gets every permission and ``inspector`` every ``*.view`` permission
    without being named. ``sifa db upgrade`` adds a newly declared permission to its
    default roles once; administrators may change roles afterwards and are never
    overruled. Name a permission in a route handler's ``opt={"permission": code}`` and the
    core refuses users who hold it nowhere (403); use ``core.api.scope_for`` for which
    organisations' rows they may see. A code with another prefix or an unknown default
    role keeps the plugin out of the platform, with the reason reported.

    Returns: a list of ``PermissionDecl``.

    Added in core API 1.0.
    """


@hookspec
def sifa_person_timeline(person_id: int, session: Any) -> list[Any]:
    """Contribute entries to a person's cross-plugin timeline (人员综合时间线).

    Called each time a person's page is shown, with the id of a person in the core
    registry and the request's database session (read with it; do not commit). Plugins
    that link rows to that person return what happened to them in the plugin's domain: a
    mediation case opened, a correction term begun, a legal-aid application decided. The
    core sorts all entries newest first; the page shows only entries whose ``org_id`` the
    viewer may see. An implementation that raises is logged and skipped — the page is shown
    without that plugin's entries.

    ``person_id``: the person's id (``core`` table ``person``).
    ``session``: the SQLModel ``Session`` of the current unit of work.

    Returns: a list of ``core.api.TimelineEntry`` (empty or None when the plugin knows
    nothing about the person).

    Added in core API 1.0.
    """


@hookspec
def sifa_settings_schema() -> Any:
    """Declare the settings a bureau may change for this plugin.

    Called once when the plugin host loads. Return a pydantic ``BaseModel`` subclass whose
    every field has a default (the platform-wide default, e.g. a deadline taken from the
    law) and a ``title`` (Chinese label shown on the settings form) and optionally a
    ``description``. Bureau admins edit the values on the modules page; the plugin reads
    them with ``core.api.module_settings(session, host, org_id, plugin)``, which returns an
    instance of this model with the values that apply at that organisation.

    Returns: a pydantic model class, or None for a plugin without settings.

    Added in core API 1.0.
    """


@hookspec
def sifa_module_enabled(org_id: int, session: Any) -> None:
    """React to the plugin being turned on for a bureau (and its subtree).

    Called in the same transaction that records the activation, only on the plugin being
    turned on. Use it to seed per-bureau data the plugin needs (code lists, default
    schedules). It must be idempotent: a plugin can be turned off and on again, and its data
    stays intact while it is off.

    Arguments: ``org_id`` — the bureau; ``session`` — the open database session.

    Returns: nothing.

    Added in core API 1.0.
    """


@hookspec
def sifa_module_disabled(org_id: int, session: Any) -> None:
    """React to the plugin being turned off for a bureau.

    Called in the same transaction that records the deactivation, only on the plugin being
    turned off. Never delete data here: off hides the plugin, it does not erase its records.

    Arguments: ``org_id`` — the bureau; ``session`` — the open database session.

    Returns: nothing.

    Added in core API 1.0.
    """


@hookspec
def sifa_periodic_jobs() -> list[Any]:
    """Declare work the scheduler runs on a cron schedule (定时任务).

    Called once when the plugin host loads. Return ``core.api.PeriodicJob`` values:
    ``PeriodicJob(name, schedule, actor, description_zh, description_en)``, where ``name``
    is ``"<plugin>.<job>"``, ``schedule`` five cron fields (minute hour day month weekday)
    in China time (``"30 2 * * *"`` is 02:30 every night; ``@daily``, ``@hourly`` … work
    too), and ``actor`` a function called as ``actor(context)`` with a
    ``core.api.JobContext`` (``context.session()`` opens a unit of work, ``context.slot`` is
    the scheduled minute, ``context.progress(done, total)`` reports progress). A Dramatiq
    actor is accepted too; its function is called the same way. Optional fields:
    ``timeout`` (a run silent for longer is presumed crashed and sent again, default 30
    minutes), ``max_attempts`` (default 3) and ``queue``.

    The core enqueues each slot exactly once, even with several schedulers running (a
    unique run key in the database). After downtime only the latest missed slot runs, once;
    a job never overlaps itself. Hence the rules a periodic job must follow:

    * **Derive the work from the database**, not from the slot: "every check-in due before
      today without a reminder", not "the check-ins due in the last hour". Then one run
      after a long outage catches up on everything, and a lost run loses nothing.
    * **Be idempotent**: mark what is done in the same transaction that does it (a row with
      a unique key, a status column), and commit in small steps. A run may stop at any
      point (a killed worker) and run again; it must neither repeat nor skip anything.
    * **Respect activation**: a job runs once for the whole installation, not per bureau;
      limit its work to organisations where the plugin is on (``core.api.active_plugins``
      with ``context.host``).
    * Keep results in the database; the return value (JSON) is only shown on the jobs page.

    Returns: a list of ``PeriodicJob``.

    Added in core API 1.0.
    """


@hookspec
def sifa_jobs() -> list[Any]:
    """Declare background jobs that pages or services start on demand (后台任务).

    Called once when the plugin host loads. Return ``core.api.Job`` values, usually made
    with the ``@core.api.job("<plugin>.<job>")`` decorator over ``def fn(context, **params)``.
    Start one with ``core.api.enqueue_job(platform, "<plugin>.<job>", {"param": …},
    session=db)``: the run is a row in the database (status, progress, result or error,
    readable with ``core.api.get_run``) and the message carries only its id, so params must
    be JSON values. With the default embedded broker jobs run in the web server's process;
    with Redis or RabbitMQ in ``sifa worker`` processes. Like periodic jobs, a job must be
    idempotent: a crashed run is sent again after its ``timeout``.

    Returns: a list of ``Job``.

    Added in core API 1.0.
    """


@hookspec
def sifa_deadline_rules() -> list[Any]:
    """Declare the plugin's deadline rules with their default values (期限规则).

    Called once when the plugin host loads. Return ``core.api.DeadlineRule`` values whose
    ``code`` is ``"<plugin>.<rule>"``: an amount, a ``DeadlineUnit`` (hours, natural days,
    working days, months), whether the start day counts, and whether a last day on a rest
    day rolls to the next working day (the civil rule). Defaults are the periods the law or
    regulation sets (cite it in ``label_zh`` or your README); a bureau may override any of
    them for its subtree. Compute due dates
    with ``core.api.due_date(session, code, start, org_id)``, which applies the bureau's
    override and China's official working-day calendar. When a period reaches a year whose
    holiday schedule is not known yet, the answer is **provisional** (``Due.provisional``,
    computed on the ordinary week Mon–Fri, reason in ``Due.reason_zh``) instead of an
    error: keep the record, store the date, register it with
    ``core.api.track_due(session, DueSource(...), key, due, label_zh=...)`` and show 暂定
    with ``core.api.provisional_of``; never refuse work because of it. The core recomputes
    it when the year is entered (see ``sifa_deadline_recomputed``).

    Returns: a list of ``DeadlineRule``.

    Added in core API 1.0. Changed in core API 1.3: ``due_date`` no longer raises
    ``UnknownCalendarYear``; it returns a provisional ``Due``.
    """


@hookspec
def sifa_holiday_schedule_entered(session: Any, year: int) -> Any:
    """Re-check what was planned provisionally now that ``year``'s holidays are known.

    Called by the core job ``core.recompute_provisional`` after an administrator entered a
    year's holiday schedule (page or ``sifa calendar import-notice``), once per year entered.
    A plugin that planned work on the ordinary week for that year (a rota, a duty roster)
    lists what now collides with a holiday for a person to resolve — typically as due
    items — and never moves it silently. Must be idempotent: the job may run again.

    Returns: how many planned items collide (for the job's report), or ``None``.

    Added in core API 1.3.
    """


@hookspec
def sifa_deadline_recomputed(session: Any, deadline: Any, due: Any) -> Any:
    """Store a provisional deadline's recomputed date (暂定期限重算).

    Called by the core job ``core.recompute_provisional`` — only on the plugin that
    registered the deadline with ``core.api.track_due`` — once every year the date depends
    on has a known holiday schedule. ``deadline`` is the registration
    (``plugin``, ``entity``, ``entity_id``, ``key``, ``due_on`` the provisional date);
    ``due`` the new ``core.api.Due`` (``due.due`` the date; still provisional only if a
    later year is unknown). Write the date into your record and re-sync the record's due
    items in ``session`` (the core commits). The core audits old and new and tells the
    responsible staff when the date moved; return ``True`` when the record was updated.
    ``deadline.resolved_at`` is the job's "now".

    Returns: ``True``; or the ``date`` stored when the plugin computed it itself (a
    period with a paused clock), which the core then reports; ``None`` when the record no
    longer exists.

    Added in core API 1.3.
    """


@hookspec
def sifa_demo_data(session: Any, bureau_id: int, seed: int) -> None:
    """Add the plugin's demo records to the demo bureau.

    Called by ``sifa demo`` after the organisation tree (a real bureau with its stations and
    generated villages), staff of every built-in role and a few hundred citizens exist, and
    after every plugin has been turned on for the bureau. Create realistic records spread over
    the bureau's stations, derived from ``seed`` so two runs give the same data. Write through
    your own services (validation, audit and numbering apply as in real use). Plugins are
    called in dependency order; a raising plugin is logged and skipped.

    Arguments: ``session`` — the open session (do not commit); ``bureau_id`` — the demo
    bureau; ``seed`` — for ``random.Random(seed)``.

    Returns: nothing.

    Added in core API 1.0.
    """


@hookspec
def sifa_indicators() -> list[Any]:
    """Declare the plugin's assessment indicators (考核指标).

    Called once when the plugin host loads. Return ``core.api.Indicator`` values whose
    ``code`` is ``"<plugin>.<name>"``: Chinese and English label, ``unit`` (count, percent,
    yuan, days), ``direction`` (higher or lower is better), default ``target`` and
    ``weight`` (a bureau may override both), ``period_type`` (month, quarter, year),
    ``decimals`` (rounded half up on the exact fraction), the plain-Chinese definition
    (``numerator_zh``, ``denominator_zh``, ``source_zh``) shown on the indicator's page,
    and two functions the core calls with ``(session, org_ids_select, period)``:

    * ``query`` returns one row per organisation, ``(org_id, numerator, denominator)`` —
      one aggregate statement grouped by ``org_id`` and filtered with
      ``Model.org_id.in_(org_ids_select)`` and ``period.start <= day < period.end``.
      Return whole numbers or ``Decimal`` values, never floats. The core sums
      numerators and denominators up the organisation tree and divides last, so a
      bureau's rate is the pooled rate of its stations.
    * ``records`` returns a SQLAlchemy ``Select`` of exactly the rows counted in the
      numerator, with the columns named in ``record_columns`` (and ``org_id``), ordered;
      the core paginates it for the drill-down.

    Indicators appear only where the plugin is active. ``duties`` names the
    ``sifa_reporting_duties`` the figure relies on, so that a station which reported
    nothing shows as incomplete instead of as a perfect zero.

    Maintained aggregates (core API 1.x, nothing to declare): the core keeps what ``query``
    returns per organisation and period in its ``indicator_aggregate`` table, recomputed
    by calling ``query`` once per period for every organisation at the every-minute
    catch-up (when the audit log shows a change) and by ``sifa indicators rebuild``; pages
    read that table. So ``query`` must depend only on the records and *period* (not on
    the clock or the user), and it is called with ``org_ids_select`` covering every
    organisation — keep it one grouped statement. A figure may lag the records by about a
    minute; periods before January of last year are frozen (docs/indicators.md).

    Returns: a list of ``Indicator``.

    Added in core API 1.0.
    """


@hookspec
def sifa_reporting_duties() -> list[Any]:
    """Declare what organisations must report, and how often (报送要求).

    Called once when the plugin host loads. Return ``core.api.ReportingDuty`` values whose
    ``code`` is ``"<plugin>.<duty>"``: the organisation types expected to report
    (``reporters``, e.g. ``("station",)``), the ``cadence`` (a report per month or per half
    month) and ``received(session, org_ids_select, period)``, which returns one row per
    report that came in: ``(org_id, a day inside the report's month or half month,
    on_time)``. A zero report (零报告) is a report. The core compares what came in with
    what was expected from every active organisation of those types and shows reporting
    completeness beside the figures: reported on time, late, or missing (listed).

    Returns: a list of ``ReportingDuty``.

    Added in core API 1.0.
    """


@hookspec
def sifa_dashboard_widgets() -> list[Any]:
    """Contribute panels to the leaders' dashboard (领导看板).

    Called once when the plugin host loads. Return ``core.api.DashboardWidget`` values
    whose ``code`` is ``"<plugin>.<widget>"``. The dashboard loads each widget lazily (an
    htmx request per widget) and calls ``render(session, org_ids_select, period)`` for the
    organisation the user is looking at (its whole subtree) and the chosen period; return
    data, not HTML — ``KeyFigures``, ``WidgetTable``, ``BarChart`` or ``LineChart`` — and
    the core draws it (charts as server-rendered SVG that print cleanly). Widgets appear
    only where the plugin is active and, with ``permission``, only to users who hold it.
    A widget that raises is shown as unavailable; the dashboard still works.

    Returns: a list of ``DashboardWidget``.

    Added in core API 1.0.
    """


@hookspec
def sifa_due_item_kinds() -> list[Any]:
    """Declare the kinds of due items (待办事项) the plugin creates, with their timing.

    Called once when the plugin host loads. Return ``core.api.DueItemKind`` values:
    ``DueItemKind(code, label_zh, label_en, lead_time=timedelta(days=3),
    escalation_delay=timedelta(days=1))``, where ``code`` is ``"<plugin>.<kind>"``,
    ``lead_time`` is how long before its due time an item turns amber (临期) and
    ``escalation_delay`` how long an overdue (red) item waits before it goes to the
    responsible person's supervisors — and between each further step up the organisation
    tree (the red-light warning). A bureau may change both for its subtree. Create items
    with ``core.api.add_due_item`` or, from a periodic job that derives them from your
    records, ``core.api.sync_due_items`` (idempotent). An item of an undeclared kind is
    refused.

    Returns: a list of ``DueItemKind``.

    Added in core API 1.0.
    """


@hookspec
def sifa_notification_channels() -> list[Any]:
    """Contribute ways of delivering notifications (通知渠道), such as an SMS gateway.

    Called once when the plugin host loads. Return channel objects, each with ``name``
    (``"<plugin>.<channel>"``), ``label_zh`` and ``label_en`` (shown where users enter
    their addresses), ``needs_address`` (True if the channel delivers only to people who
    entered an address for it, e.g. a mobile number) and ``send(message)``, which delivers
    one ``core.api.OutgoingMessage`` or raises ``core.api.ChannelError``; optionally
    ``check_address(value) -> str`` to validate and normalise an address (raise
    ``core.api.InvalidAddress``). ``send`` is called by the core's delivery job, never in a
    web request; it must not write to the platform's database. Each notification is sent at
    most once per channel, except after a run killed in the middle of ``send``; failures
    are retried with growing delays. A channel delivers only to staff whose bureau has the
    plugin turned on. The in-app inbox is always on and needs no channel.

    Returns: a list of channel objects.

    Added in core API 1.0.
    """


@hookspec
def sifa_referral_targets() -> list[Any]:
    """Declare what the plugin can receive from other modules (接收转办).

    Called once when the plugin host loads. Return ``core.api.ReferralTarget`` values:
    ``ReferralTarget(code, label_zh, label_en, receive, accepts=None)``, where ``code`` is
    ``"<plugin>.<name>"`` (e.g. ``"mediation.dispute"``), ``receive(session, referral)``
    creates your record from a ``core.api.Referral`` through your own services, in the
    caller's transaction, and returns a ``core.api.ReferralReceipt`` (the record's id, URL
    and label), or raises ``core.api.ReferralRefused`` with a message for the user; and
    ``accepts(session, org_id)``, if given, says whether you can receive at an organisation.
    Another plugin hands a matter over with ``core.api.refer(session, host, code, referral)``
    and offers the places from ``core.api.referral_targets(session, host, org_id)``; the core
    checks that your module is on at the receiving organisation and audits the hand-off.
    Document the ``referral.details`` keys you read. For the core's 转办 dialog (see
    ``sifa_referral_sources``) declare ``org_types`` (the organisation types that receive,
    e.g. ``("mediation_committee",)``) and ``fields`` (``core.api.ReferralField`` values
    the sender fills in, passed as ``referral.details[name]``).

    Returns: a list of ``ReferralTarget``.

    Added in core API 1.1. Changed in core API 1.4: ``fields`` and ``org_types``.
    """


@hookspec
def sifa_lifecycle_event(session: Any, event: Any) -> None:
    """React to something another module (or your own) published (业务事件).

    Called when a plugin calls ``core.api.publish(session, host, event)``, once per plugin
    that is on at ``event.org_id``, in the publisher's transaction. ``event`` is a
    ``core.api.LifecycleEvent`` with ``name`` (``"<plugin>.<what happened>"``, e.g.
    ``"publicity.assistant_attached"``), ``org_id``, ``payload`` (the keys the publisher
    documents) and ``actor_id``. Ignore names you do not know. Write through your own
    services with ``session``; each listener runs in a savepoint, so if yours raises, its
    writes are rolled back, the error is logged, and the publisher and other listeners go
    on. Do not publish from inside a listener.

    Returns: nothing (a returned value is ignored).

    Added in core API 1.2.
    """


@hookspec
def sifa_busy_periods(session: Any, start: Any, end: Any, practice_numbers: Any) -> list[Any]:
    """Say when legal professionals are committed in your module (e.g. duty-lawyer shifts).

    Called whenever a module plans people — a clinic rota, a duty roster — through
    ``core.api.busy_periods(session, host, start, end, practice_numbers)``, so that nobody is
    put in two places at once. ``start`` and ``end`` (datetimes) bound the span asked about;
    ``practice_numbers`` is a set of practice licence numbers (执业证号) to limit the answer
    to, or None for everyone. Every loaded plugin is asked, whether or not it is on for a
    given bureau. Answer from your database in ``session``; do not write.

    Returns: a list of ``core.api.BusyPeriod(practice_number, start, end, label, source)``;
    periods outside the span or of other people are dropped by the core.
    ``start`` and ``end`` are timezone-aware; a naive time in a ``BusyPeriod`` is read as
    Beijing time (UTC+8).

    Added in core API 1.2.
    """


@hookspec
def sifa_event_assistants(session: Any, org_id: int, day: Any) -> list[Any]:
    """Offer professionals who can assist at a publicity event (助诊 candidates).

    Called when a user picks a legal assistant for an event of organisation ``org_id`` on
    ``day`` (a date), through ``core.api.event_assistants(session, host, org_id, day)``; only
    plugins that are on at ``org_id`` are asked. The module holding the event then publishes
    ``"<its name>.assistant_attached"`` / ``"…assistant_detached"`` lifecycle events carrying
    the chosen ``key``, which your ``sifa_lifecycle_event`` can count.

    Returns: a list of ``core.api.EventAssistant(key, name, practice_number, detail)`` with
    ``key`` of the form ``"<plugin>.<kind>:<id>"``.

    Added in core API 1.2.
    """


@hookspec
def sifa_location_providers() -> list[Any]:
    """Contribute electronic-location feeds (电子定位服务).

    Called once when the plugin host loads. Return provider objects, each with ``code``
    (``"<plugin>.<provider>"``), ``label_zh``, ``label_en`` and ``fixes(subject_ref, since,
    until)`` returning ``core.api.LocationFix`` values oldest first. The module that may
    locate people (corrections) lists them with ``core.api.location_providers(host)`` and
    alone decides who may see a position; a provider never writes to the database.

    Returns: a list of provider objects (``core.api.LocationProvider``).

    Added in core API 1.2.
    """


@hookspec
def sifa_record_factories() -> dict[type[Any], Any]:
    """Tell the test kit how to make one of each record your routes name (测试记录工厂).

    Called only by the test kit's cross-cutting checks (``web.testing_checks``), never by a
    running platform: the access checks create a record of station B for every route whose
    ``opt["records"]`` names it and ask for it as a user of station A, who must get 404 with
    nothing changed. Return ``{ModelClass: factory}`` where ``factory(session, org_id)``
    adds one row of that model belonging to organisation ``org_id`` (through your services
    where they exist), flushes it and returns it. Import your factories inside the hook, so
    production code loads none of them. The core's own suite names, without failing, an
    installed third-party plugin that implements no factories; run
    ``web.testing_checks.PluginChecks`` in your plugin's tests to be checked.

    Returns: a dict mapping model classes to factories.

    Added in core API 1.4.
    """


@hookspec
def sifa_portal_kinds() -> list[Any]:
    """Offer applications on the citizen portal (群众端网上申请).

    Called once when the plugin host loads. Return ``core.api.PortalKind`` values: ``code``
    (``"<plugin>.<kind>"``), labels and a one-line introduction in Chinese and English,
    ``apply_path`` (your public form, a route of ``sifa_portal_routes``) and
    ``status(session, record_id)`` returning a ``core.api.PortalStatus`` — the timeline of
    ``core.api.PortalStep`` the applicant may see (only what staff chose to publish), the
    name of the committee or centre handling it, and optionally your own template for the
    applicant's actions. After registering your record, call
    ``core.api.open_portal_application(...)``: it gives the number and private link.

    Returns: a list of ``PortalKind``.

    Added in core API 1.4.
    """


@hookspec
def sifa_portal_routes() -> list[Any]:
    """Your public portal pages, mounted under ``/portal/<plugin>`` with no login.

    Called once when the plugin host loads. Every route is public: check the applicant
    yourself with ``core.api.portal_application_of(request, session, token)`` (the code they
    proved on the status page) before showing or changing anything, count submissions with
    ``core.api.portal_limits(...)``, and extend ``portal/base.html`` in your templates.

    Returns: a list of Litestar route handlers.

    Added in core API 1.4.
    """


@hookspec
def sifa_org_types() -> list[Any]:
    """Declare organisation types of the plugin's field (机构类型), e.g. 公证处.

    Called once when the plugin host loads. Return ``core.api.OrgTypeDecl`` values:
    ``OrgTypeDecl(code, label_zh, label_en, parents=("bureau",), short_zh="", short_en="")``
    where ``code`` is ``"<plugin>.<name>"`` (at most 32 characters; it is what
    ``org_unit.type`` stores) and ``parents`` the types a unit of this type may be placed
    under: core types (``"province"``, ``"city_bureau"``, ``"bureau"``, ``"station"``,
    ``"community"``, …) or other declared codes; ``None`` among them allows a root. The
    organisation pages then offer the type wherever a parent allows it, and the tree's
    rules check it like the core's own types; such units never carry a division code.
    Units of a type whose plugin is uninstalled stay in the tree, shown by their code, and
    nothing new can be placed under them.

    Returns: a list of ``OrgTypeDecl``.

    Added in core API 1.4.
    """


@hookspec
def sifa_code_lists() -> list[Any]:
    """Declare the plugin's code lists (代码表) with their seed entries.

    Called once when the plugin host loads. Return ``core.api.CodeList`` values:
    ``CodeList(code, label_zh, label_en, entries=(CodeEntry(code, label_zh, label_en,
    position), …), extensible=True)`` where ``code`` is ``"<plugin>.<list>"`` and each
    entry's ``code`` is the stable value your records store (never reuse or rename one).
    The declared entries are the list everywhere; on the dictionaries page
    (``/admin/dictionaries``) a bureau adds entries of its own for its subtree (unless
    ``extensible=False``, for lists your logic or a ministry report depends on) and switches
    entries off, which hides them from forms without touching stored records. Read a list
    where it applies with ``core.api.code_choices(session, list_code, org_id, locale)``
    (a form's select), check input with ``core.api.is_active_code`` and show a stored
    value with ``core.api.code_label`` (also for entries switched off since).

    Returns: a list of ``CodeList``.

    Added in core API 1.4.
    """


@hookspec
def sifa_referral_sources() -> list[Any]:
    """Declare the records the plugin hands over through the core's 转办 dialog.

    Called once when the plugin host loads. Return ``core.api.ReferralSource`` values:
    ``ReferralSource(code, label_zh, label_en, permission, prepare, sent)`` where ``code`` is
    ``"<plugin>.<record>"`` (e.g. ``"mediation.case"``). On the record's page include the
    dialog's button with ``{% with source="mediation.case", record_id=case.id %}{% include
    "referrals/_button.html" %}{% endwith %}``; the dialog then offers every declared
    referral target whose module is on at the record's organisation (never the sender's
    own), the organisations of the record's bureau that can receive it, and the fields
    the target declares (``ReferralTarget.fields``).

    ``prepare(session, record_id)`` returns a ``core.api.HandoverDraft`` — the record row
    (with ``version``), its ``org_id``, ``source_ref`` (your number), ``title``,
    ``description``, ``url``, ``person_ids`` (core registry ids of the people concerned)
    and ``details`` (keys your targets may read) — or None for no such record, and raises
    ``core.api.ReferralRefused`` when the record cannot be handed over now. The core checks
    that the user holds ``permission`` over the record's organisation, locks the record at
    the version the page showed (409 otherwise), validates the input, calls
    ``core.api.refer`` with a ``Referral`` whose ``org_id`` is the receiving organisation
    and whose ``details`` hold your ``details``, the target's fields by name, ``reason``
    and ``source_url``; then ``sent(session, record_id, receipt, referral, reason, now)``,
    where you keep your own trace (a row linking to ``receipt.url``) and bump the record's
    version, in the same transaction.

    Returns: a list of ``ReferralSource``.

    Added in core API 1.4.
    """
