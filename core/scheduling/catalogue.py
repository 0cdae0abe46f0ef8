"""Every job the running platform knows: the core's own and those of loaded plugins."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from core.plugins import PluginHost
from core.scheduling.declarations import Job, PeriodicJob

__all__ = ["JobCatalogue", "UnknownJob", "job_catalogue"]


class UnknownJob(LookupError):
    """A job name no loaded component declares (the plugin may be gone or failed)."""

    def __init__(self, name: str) -> None:
        self.name = name
        super().__init__(f"未知的后台任务 {name!r} (no loaded component declares job {name!r})")


@dataclass
class JobCatalogue:
    """Jobs by name, and which of them are periodic (with their owner for listings)."""

    jobs: dict[str, Job] = field(default_factory=dict)
    periodic: dict[str, PeriodicJob] = field(default_factory=dict)
    owners: dict[str, str] = field(default_factory=dict)

    def add(self, owner: str, jobs: Iterable[Job], periodic: Iterable[PeriodicJob]) -> None:
        for p in periodic:
            self._put(owner, p.as_job())
            self.periodic[p.name] = p
        for j in jobs:
            self._put(owner, j)

    def _put(self, owner: str, j: Job) -> None:
        if j.name in self.jobs:
            raise ValueError(f"job {j.name!r} is declared twice ({self.owners[j.name]}, {owner})")
        self.jobs[j.name] = j
        self.owners[j.name] = owner

    def get(self, name: str) -> Job:
        try:
            return self.jobs[name]
        except KeyError:
            raise UnknownJob(name) from None

    def queues(self) -> set[str]:
        return {j.queue for j in self.jobs.values()}


def job_catalogue(host: PluginHost) -> JobCatalogue:
    """The core's jobs, then each loaded plugin's, as declared when the host loaded."""
    from core.scheduling.core_jobs import CORE_JOBS, CORE_PERIODIC_JOBS

    catalogue = JobCatalogue()
    catalogue.add("core", CORE_JOBS, CORE_PERIODIC_JOBS)
    for record in host.loaded():
        c = record.contributions
        catalogue.add(record.name, c.jobs, c.periodic_jobs)
    return catalogue
