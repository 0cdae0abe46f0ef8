"""The background jobs page (后台任务): every job, its schedule, last and next run, errors.

Jobs belong to the installation, not to one organisation, so the page is guarded by
permission only (``core.jobs.view``); starting a periodic job out of turn needs
``core.jobs.run``. The states table refreshes itself by htmx polling while the page is
open, so an administrator who pressed "run now" sees it go from queued to done.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from litestar import Request, get, post
from litestar.exceptions import NotFoundException
from litestar.response import Redirect, Template
from litestar.status_codes import HTTP_303_SEE_OTHER, HTTP_409_CONFLICT
from sqlmodel import Session, func, select

from core.i18n import N_
from core.identity.current import CurrentUser
from core.platform import Platform
from core.scheduling import runs
from core.scheduling.catalogue import JobCatalogue, job_catalogue
from core.scheduling.cron_text import describe_schedule
from core.scheduling.jobs import JobOverview, enqueue_job, job_overview
from core.scheduling.models import JobRun, RunStatus
from web.auth import now_for
from web.guards import PERMISSION
from web.pages_account import locale_of

VIEW = "core.jobs.view"
RUN = "core.jobs.run"
PAGE_SIZE = 20
REFRESH_SECONDS = 5

STATUS_LABELS = {
    RunStatus.QUEUED: N_("排队中"),
    RunStatus.RUNNING: N_("运行中"),
    RunStatus.DONE: N_("已完成"),
    RunStatus.FAILED: N_("失败"),
}


@dataclass(frozen=True)
class JobLine:
    """One row of the jobs table, ready for the template."""

    overview: JobOverview
    owner_label: str
    description: str
    schedule_text: str
    periodic: bool

    @property
    def last_run(self) -> JobRun | None:
        return self.overview.last_run


def duration(run: JobRun | None) -> str:
    """How long a run took (or has been running), as 1 分 05 秒 / 1m 05s."""
    if run is None or run.started_at is None or run.finished_at is None:
        return "—"
    seconds = max(int((run.finished_at - run.started_at) / timedelta(seconds=1)), 0)
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    if hours:
        return f"{hours}:{minutes:02d}:{seconds:02d}"
    return f"{minutes}:{seconds:02d}"


def error_line(text: str | None) -> str:
    """The last line of a traceback: what went wrong, without the stack."""
    if not text:
        return ""
    return text.strip().splitlines()[-1][:300]


def _owner_labels(platform: Platform, locale: str) -> dict[str, str]:
    labels = {"core": "平台核心" if locale != "en" else "Core"}
    for record in platform.host.loaded():
        labels[record.name] = record.label_en if locale == "en" else record.label_zh
    return labels


def _lines(
    db: Session, platform: Platform, catalogue: JobCatalogue, now: datetime, locale: str
) -> list[JobLine]:
    owners = _owner_labels(platform, locale)
    lines = []
    for overview in job_overview(db, catalogue, now):
        periodic = overview.schedule is not None
        lines.append(
            JobLine(
                overview=overview,
                owner_label=owners.get(overview.owner, overview.owner),
                description=(
                    overview.description_en
                    if locale == "en" and overview.description_en
                    else overview.description_zh
                ),
                schedule_text=describe_schedule(overview.schedule, locale) if periodic else "",
                periodic=periodic,
            )
        )
    # Periodic jobs first (the page is mostly about them), each group by name.
    return sorted(lines, key=lambda line: (not line.periodic, line.overview.name))


def _is_htmx(request: Request[Any, Any, Any]) -> bool:
    return request.headers.get("hx-request") == "true"


def _states_context(
    request: Request[Any, Any, Any],
    db: Session,
    platform: Platform,
    user: CurrentUser,
    **extra: Any,
) -> dict[str, Any]:
    return {
        "lines": _lines(
            db, platform, job_catalogue(platform.host), now_for(request), locale_of(request)
        ),
        "can_run": user.can(RUN),
        "status_labels": STATUS_LABELS,
        "duration": duration,
        "error_line": error_line,
        "refresh": REFRESH_SECONDS,
        **extra,
    }


@get("/jobs", name="jobs_list", opt={PERMISSION: VIEW}, sync_to_thread=True)
def jobs_list(
    request: Request[Any, Any, Any], db: Session, platform: Platform, current_user: CurrentUser
) -> Template:
    """Every job with its schedule, last run and next run; the table polls for fresh states."""
    template = "jobs/_states.html" if _is_htmx(request) else "jobs/list.html"
    return Template(
        template,
        context=_states_context(request, db, platform, current_user),
        headers={"Vary": "HX-Request"},
    )


def _declared(platform: Platform, job_name: str) -> tuple[JobCatalogue, Any]:
    catalogue = job_catalogue(platform.host)
    declared = catalogue.jobs.get(job_name)
    if declared is None:
        raise NotFoundException()
    return catalogue, declared


@get("/jobs/{job_name:str}", name="jobs_detail", opt={PERMISSION: VIEW}, sync_to_thread=True)
def jobs_detail(
    request: Request[Any, Any, Any],
    db: Session,
    platform: Platform,
    current_user: CurrentUser,
    job_name: str,
) -> Template:
    """One job and its runs, newest first, a page at a time."""
    catalogue, _ = _declared(platform, job_name)
    try:
        page = max(int(request.query_params.get("page", "1")), 1)
    except ValueError:
        page = 1
    locale = locale_of(request)
    line = next(
        ln
        for ln in _lines(db, platform, catalogue, now_for(request), locale)
        if ln.overview.name == job_name
    )
    query = select(JobRun).where(JobRun.job_name == job_name)
    total = db.exec(select(func.count()).select_from(query.subquery())).one()
    rows = db.exec(
        query.order_by(JobRun.id.desc())  # type: ignore[union-attr]
        .offset((page - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE)
    ).all()
    context = {
        "line": line,
        "runs": rows,
        "page": page,
        "total": total,
        "pages": max((total + PAGE_SIZE - 1) // PAGE_SIZE, 1),
        "can_run": current_user.can(RUN),
        "status_labels": STATUS_LABELS,
        "duration": duration,
        "error_line": error_line,
        "started": request.query_params.get("started", ""),
    }
    template = "jobs/_runs.html" if _is_htmx(request) else "jobs/detail.html"
    return Template(template, context=context, headers={"Vary": "HX-Request"})


@post("/jobs/{job_name:str}/run", name="jobs_run", opt={PERMISSION: RUN}, sync_to_thread=True)
def jobs_run(
    request: Request[Any, Any, Any],
    db: Session,
    platform: Platform,
    current_user: CurrentUser,
    job_name: str,
) -> Template | Redirect:
    """Start a periodic job now (it is sent when this request commits).

    Only periodic jobs: they take no parameters. Refused while a run of the job is queued
    or running — the same no-overlap rule the scheduler keeps.
    """
    catalogue, _ = _declared(platform, job_name)
    if job_name not in catalogue.periodic:
        raise NotFoundException()
    if runs.has_active_run(db.connection(), job_name):
        return Template(
            "jobs/_states.html" if _is_htmx(request) else "jobs/list.html",
            status_code=HTTP_409_CONFLICT,
            context=_states_context(
                request,
                db,
                platform,
                current_user,
                error=N_("该任务正在排队或运行，请等它结束后再试。"),
            ),
        )
    run_id = enqueue_job(platform, job_name, {}, session=db)
    if _is_htmx(request):
        return Template(
            "jobs/_states.html",
            context=_states_context(
                request, db, platform, current_user, started=(job_name, run_id)
            ),
        )
    return Redirect(f"/jobs/{job_name}?started={run_id}", status_code=HTTP_303_SEE_OTHER)


ROUTES = [jobs_list, jobs_detail, jobs_run]
