"""Which Dramatiq broker carries job messages, chosen from ``Settings.broker_url``.

* ``embedded`` (the default): Dramatiq's in-process ``StubBroker``. The web server starts
  worker threads on it (:mod:`core.scheduling.worker`), so one ``sifa serve`` is a complete
  platform. Messages live in memory only — which loses nothing, because every run is a row
  in ``job_run`` first and the scheduler re-sends runs that show no sign of life.
* ``redis://…`` / ``rediss://…``: ``RedisBroker``; ``amqp://…`` / ``amqps://…``:
  ``RabbitmqBroker``. Separate ``sifa worker`` processes consume.

Nothing happens at import. :func:`configure_broker` builds the broker on first use and
returns the same one for the same URL afterwards (it also becomes Dramatiq's global
broker, for code that uses ``dramatiq.actor`` directly). Actors are declared by
:func:`declare_actors` only where messages are consumed; sending needs just the queue.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, Any

import dramatiq
from dramatiq import Broker, Message
from dramatiq.brokers.stub import StubBroker

from core.scheduling.catalogue import JobCatalogue
from core.scheduling.declarations import Job
from core.scheduling.execution import execute_run
from core.settings import EMBEDDED_BROKER, Settings

if TYPE_CHECKING:
    from core.platform import Platform

__all__ = [
    "UnsupportedBrokerUrl",
    "configure_broker",
    "declare_actors",
    "forget_broker",
    "queue_name",
    "send_run",
]

_lock = threading.Lock()
_brokers: dict[str, Broker] = {}


class UnsupportedBrokerUrl(ValueError):
    """``SIFA_BROKER_URL`` names no broker the platform supports."""

    def __init__(self, url: str) -> None:
        super().__init__(
            f"不支持的消息队列地址 {_redact(url)!r}：请使用 embedded、redis://… 或 amqp://… "
            "(unsupported broker URL; use embedded, redis://… or amqp://…)"
        )


def _redact(url: str) -> str:
    """The URL without its password, for messages and logs."""
    scheme, sep, rest = url.partition("://")
    if sep and "@" in rest:
        credentials, _, host = rest.rpartition("@")
        user = credentials.split(":", 1)[0]
        return f"{scheme}://{user}:***@{host}"
    return url


def _build(url: str) -> Broker:
    if url == EMBEDDED_BROKER:
        return StubBroker()
    scheme = url.split("://", 1)[0].lower() if "://" in url else ""
    if scheme in ("redis", "rediss"):
        from dramatiq.brokers.redis import RedisBroker

        return RedisBroker(url=url)
    if scheme in ("amqp", "amqps"):
        from dramatiq.brokers.rabbitmq import RabbitmqBroker

        return RabbitmqBroker(url=url)
    raise UnsupportedBrokerUrl(url)


def configure_broker(settings: Settings) -> Broker:
    """The broker for ``settings.broker_url``, built once per URL and process."""
    url = settings.broker_url
    with _lock:
        broker = _brokers.get(url)
        if broker is None:
            broker = _brokers[url] = _build(url)
        dramatiq.set_broker(broker)
        return broker


def forget_broker(settings: Settings) -> None:
    """Close and drop the broker for this URL (the embedded one dies with its worker)."""
    with _lock:
        broker = _brokers.pop(settings.broker_url, None)
    if broker is not None:
        broker.close()


def queue_name(prefix: str, queue: str) -> str:
    """The broker queue for a declared queue under ``Settings.queue_prefix`` (none if empty)."""
    return f"{prefix}.{queue}" if prefix else queue


def declare_actors(broker: Broker, catalogue: JobCatalogue, platform: Platform) -> None:
    """Make every job an actor on ``broker`` that runs against this platform's database.

    Called where messages are consumed (a ``sifa worker`` process, the web server's
    embedded worker). Declaring again replaces the earlier actors, so a process that
    re-binds (tests) never runs jobs against a stale database. Liveness is judged by the
    scheduler from the run's heartbeat (``Job.timeout``), not by Dramatiq's time limit.
    """
    for job in catalogue.jobs.values():
        broker.actors.pop(job.name, None)
        dramatiq.Actor(
            _performer(job, platform),
            broker=broker,
            actor_name=job.name,
            queue_name=queue_name(platform.settings.queue_prefix, job.queue),
            priority=0,
            # No broker retries (the scheduler re-sends lost runs; errors are recorded) and no
            # wall-clock limit: a long export that keeps reporting progress is alive.
            # At shutdown a running job is interrupted (Dramatiq raises Shutdown in its thread)
            # and handed back to run again, so a stopping process never waits on it unbounded.
            options={"max_retries": 0, "time_limit": float("inf"), "notify_shutdown": True},
        )


def _performer(job: Job, platform: Platform) -> Any:
    def perform(run_id: int, token: str) -> None:
        execute_run(platform, job, run_id, token)

    perform.__name__ = perform.__qualname__ = job.name
    return perform


def send_run(broker: Broker, job: Job, run_id: int, token: str, prefix: str = "") -> None:
    """Send the message for one attempt of one run: only its id and token travel.

    ``prefix`` is ``Settings.queue_prefix``, the same one the consuming workers use.
    """
    queue = queue_name(prefix, job.queue)
    broker.declare_queue(queue)
    broker.enqueue(
        Message(
            queue_name=queue,
            actor_name=job.name,
            args=(run_id, token),
            kwargs={},
            options={},
        )
    )
