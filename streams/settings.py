"""The one settings object (environment variables prefixed `STREAMS_`), passed explicitly everywhere."""

from __future__ import annotations

import os
import socket
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


def _default_worker_id() -> str:
    # Host and pid: unique for several workers side by side on one host or in one compose project.
    return f"{socket.gethostname()}-{os.getpid()}"


class Settings(BaseSettings):
    """All configuration of a worker, the CLI and `streams enrich`."""

    model_config = SettingsConfigDict(env_prefix="STREAMS_", env_file=None, extra="ignore")

    # Kafka connection
    kafka_bootstrap: str = "127.0.0.1:9092"
    kafka_security_protocol: Literal["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"] = "PLAINTEXT"
    kafka_sasl_mechanism: Literal["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"] | None = None
    kafka_sasl_username: str | None = None
    kafka_sasl_password: SecretStr | None = None
    kafka_ssl_cafile: Path | None = None
    kafka_ssl_certfile: Path | None = None
    kafka_ssl_keyfile: Path | None = None

    # Topics
    topic_raw: str = "articles.raw"
    topic_enriched: str = "articles.enriched"
    topic_duplicates: str = "articles.duplicates"
    topic_dlq: str = "articles.dlq"
    topic_partitions: int = Field(default=4, ge=1)
    topic_replication: int = Field(default=1, ge=1)
    language_topics: bool = False  # also route enriched records to `<enriched>.<lang>`
    near_duplicates_to_enriched: bool = False  # also send near-duplicates (flagged) to the enriched topic

    # Worker
    app_id: str = "streams"
    worker_id: str = Field(default_factory=_default_worker_id)
    state_dir: Path = Path("var/state")
    web_port: int = 0  # Faust's web server; 0 picks a free port so workers can share a host
    web_host: str = "127.0.0.1"
    metrics_port: int = 0
    metrics_host: str = "0.0.0.0"
    session_timeout_s: float = Field(default=10.0, gt=0)  # how soon a crashed worker's partitions move
    # A partition with lag whose committed offset has not moved for this long means the consumer is wedged
    # (seen after a broker outage); the worker exits for its supervisor to restart it. 0 disables.
    stall_timeout_s: float = Field(default=120.0, ge=0)
    batch_size: int = Field(default=200, ge=1)
    batch_within_s: float = Field(default=0.05, gt=0)
    log_level: str = "INFO"
    log_json: bool = True

    # Limits
    max_body_bytes: int = Field(default=1024 * 1024, ge=1)
    max_message_bytes: int = Field(default=12 * 1024 * 1024, ge=1)
    max_html_bytes: int = Field(default=5 * 1024 * 1024, ge=1)
    processing_timeout_s: float = Field(default=10.0, gt=0)

    # Stages
    min_text_chars: int = Field(default=40, ge=0)
    boilerplate_min_docs: int = Field(default=5, ge=2)
    boilerplate_max_sources: int = Field(default=2000, ge=1)
    undetectable_to_dlq: bool = False
    dedup_threshold: float = Field(default=0.47, gt=0, le=1)
    dedup_same_source_threshold: float = Field(default=0.8, gt=0, le=1)
    dedup_window_days: float = Field(default=7.0, gt=0)
    ner_model: Literal["full", "lead", "off"] = "full"

    @property
    def worker_state_dir(self) -> Path:
        """This worker's own state directory (never shared between workers)."""
        return self.state_dir / self.worker_id


def load_settings() -> Settings:
    """Read settings from the environment."""
    return Settings()
