"""One typed settings object for the whole platform.

Values come, lowest priority first, from the defaults below, an optional TOML file
(``SIFA_CONFIG_FILE`` or ``<data_dir>/sifa.toml``) and ``SIFA_*`` environment variables.
The secret key is generated on first run and kept in the data directory, so a fresh
install is safe without any configuration and restarts keep sessions valid.
"""

from __future__ import annotations

import os
import secrets
import tomllib
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Any, Literal

from pydantic import Field
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from core.db import Timeouts

EMBEDDED_BROKER = "embedded"


def default_data_dir() -> Path:
    """Where the embedded database, uploads and the generated secret live."""
    return Path(os.environ.get("SIFA_DATA_DIR", Path.cwd() / "var"))


class _TomlFileSource(PydanticBaseSettingsSource):
    """Reads the optional settings file; missing file means no values."""

    def __init__(self, settings_cls: type[BaseSettings], path: Path | None) -> None:
        super().__init__(settings_cls)
        self._values: dict[str, Any] = {}
        if path is not None and path.is_file():
            with path.open("rb") as fh:
                self._values = tomllib.load(fh).get("sifa", {})

    def get_field_value(self, field: Any, field_name: str) -> tuple[Any, str, bool]:
        return self._values.get(field_name), field_name, False

    def __call__(self) -> dict[str, Any]:
        return dict(self._values)


class Settings(BaseSettings):
    """Platform settings. Environment variables use the prefix ``SIFA_``."""

    model_config = SettingsConfigDict(env_prefix="SIFA_", extra="ignore")

    data_dir: Path = Field(default_factory=default_data_dir)
    database_url: str = ""
    broker_url: str = EMBEDDED_BROKER
    # Namespace for the job queues on a shared Redis/RabbitMQ: with "bureau1" the queue "sifa"
    # becomes "bureau1.sifa", so installations (or test runs) sharing one broker never take
    # each other's jobs. Empty (the default): queue names as declared.
    queue_prefix: str = Field(default="", max_length=64, pattern=r"^([A-Za-z_][A-Za-z0-9_-]*)?$")
    secret_key: str = ""
    locale: Literal["zh", "en"] = "zh"
    debug: bool = False
    session_idle_minutes: int = Field(default=30, ge=1, le=24 * 60)
    trace_hooks: bool = False
    # Notifications (docs/reminders.md): the address users open, for links in e-mails; the
    # log channel; the SMTP e-mail channel, on when smtp_host is set.
    public_url: str = ""
    notify_log: bool = True
    smtp_host: str = ""
    smtp_port: int = Field(default=587, ge=1, le=65535)
    smtp_user: str = ""
    smtp_password: str = ""
    smtp_from: str = ""
    smtp_tls: Literal["starttls", "ssl", "none"] = "starttls"
    export_retention_hours: int = Field(default=24, ge=1, le=24 * 90)  # then files are deleted
    # Bounded waiting (docs/architecture.md "Many users at once"), in seconds: a request
    # that cannot get a database lock in time answers 503 "系统繁忙"; a job fails and re-runs.
    db_lock_timeout: float = Field(default=5.0, gt=0, le=600)
    db_statement_timeout: float = Field(default=30.0, gt=0, le=3600)
    job_lock_timeout: float = Field(default=30.0, gt=0, le=3600)
    job_statement_timeout: float = Field(default=600.0, gt=0, le=24 * 3600)
    # Threads that run request handlers in one web process; the database pool is sized
    # from it so a handler never waits for a connection that another handler holds.
    web_threads: int = Field(default=16, ge=1, le=256)
    shutdown_timeout: float = Field(default=30.0, ge=1, le=3600)  # serve and worker stop in time
    # The input boundary (core/inputs.py): no date before this, none more than this many
    # years ahead, no page number above this; no uploaded picture above this many pixels.
    input_earliest_date: date = date(1949, 10, 1)
    input_future_years: int = Field(default=1, ge=0, le=50)
    input_max_page: int = Field(default=100_000, ge=1)
    image_max_pixels: int = Field(default=24_000_000, ge=1_000_000)
    # Citizen portal (docs/portal.md): development only — applicants' SMS (codes included)
    # are logged and listed on /portal/dev/outbox instead of being sent. Never in production.
    portal_dev_sms: bool = False

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        config_file = os.environ.get("SIFA_CONFIG_FILE")
        path = Path(config_file) if config_file else default_data_dir() / "sifa.toml"
        return (init_settings, env_settings, _TomlFileSource(settings_cls, path))

    def model_post_init(self, __context: Any) -> None:
        if not self.database_url:
            self.database_url = f"sqlite:///{self.data_dir / 'sifa.sqlite3'}"
        if not self.secret_key:
            self.secret_key = _load_or_create_secret(self.data_dir)

    @cached_property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    @property
    def uses_embedded_broker(self) -> bool:
        return self.broker_url == EMBEDDED_BROKER

    @property
    def request_timeouts(self) -> Timeouts:
        return Timeouts(lock=self.db_lock_timeout, statement=self.db_statement_timeout)

    @property
    def job_timeouts(self) -> Timeouts:
        return Timeouts(lock=self.job_lock_timeout, statement=self.job_statement_timeout)

    @property
    def db_pool_size(self) -> int:
        """Connections kept per process: one per handler thread, plus embedded worker
        threads, the scheduler, and the short sessions of middleware and guards."""
        return self.web_threads + 8


def _load_or_create_secret(data_dir: Path) -> str:
    """Keep one random secret per installation, readable only by its owner."""
    path = data_dir / "secret_key"
    if path.is_file():
        return path.read_text().strip()
    data_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another process won the race: use its key
        return path.read_text().strip()
    with os.fdopen(fd, "w") as fh:
        fh.write(key)
    return key
