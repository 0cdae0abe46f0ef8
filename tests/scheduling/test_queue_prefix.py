"""``SIFA_QUEUE_PREFIX``: installations sharing one Redis/RabbitMQ keep to their own queues.

The broker tests (tests/scheduling/test_brokers.py) run real workers under a prefix; here the
in-process broker shows that sender and consumer agree on the prefixed names.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import ValidationError

from core.platform import Platform
from core.scheduling.broker import configure_broker
from core.scheduling.jobs import enqueue_job
from core.scheduling.models import RunStatus
from core.scheduling.worker import start_embedded_worker, stop_embedded_worker
from core.settings import Settings
from tests.scheduling.test_jobs import add_notes, run_of


def test_jobs_travel_and_run_on_queues_under_the_prefix(database_url: str, tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, database_url=database_url, queue_prefix="bureau1")
    platform = Platform.boot(settings)
    handle = start_embedded_worker(platform, scheduler=False)
    assert handle is not None
    try:
        add_notes(platform, "调解一", "调解二")
        run_id = enqueue_job(platform, "testplugin.count_notes", {"prefix": "调解"})
        handle.join()
        assert run_of(platform, run_id).status == RunStatus.DONE
        queues = configure_broker(settings).get_declared_queues()
        assert queues and all(q.startswith("bureau1.") for q in queues)
    finally:
        stop_embedded_worker(handle)
        platform.engine.dispose()


@pytest.mark.parametrize("bad", ["has space", "点", "1starts_with_digit", "dots.inside", "x" * 65])
def test_a_prefix_a_broker_cannot_carry_is_refused(bad: str, tmp_path: Path) -> None:
    with pytest.raises(ValidationError):
        Settings(data_dir=tmp_path, queue_prefix=bad)
