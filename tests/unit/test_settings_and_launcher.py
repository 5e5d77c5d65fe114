"""Settings from the environment, topic names, and the local Kafka launcher's preconditions."""

from __future__ import annotations

from pathlib import Path

import pytest

from streams import kafka_local
from streams.settings import Settings
from streams.topics import TopicNames


def test_settings_from_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STREAMS_KAFKA_BOOTSTRAP", "broker:19092")
    monkeypatch.setenv("STREAMS_TOPIC_RAW", "in")
    monkeypatch.setenv("STREAMS_TOPIC_PARTITIONS", "12")
    monkeypatch.setenv("STREAMS_KAFKA_SASL_PASSWORD", "hunter2")
    s = Settings()
    assert s.kafka_bootstrap == "broker:19092" and s.topic_partitions == 12
    assert TopicNames.from_settings(s).raw == "in"
    assert "hunter2" not in repr(s) and "hunter2" not in str(s.model_dump())


def test_each_worker_has_its_own_state_dir() -> None:
    a, b = Settings(worker_id="a"), Settings(worker_id="b")
    assert a.worker_state_dir != b.worker_state_dir
    assert Settings().worker_state_dir != Settings().worker_state_dir or Settings().worker_id


def test_defaults_match_the_contract() -> None:
    s = Settings()
    names = TopicNames.from_settings(s)
    assert (names.raw, names.enriched, names.duplicates, names.dlq) == (
        "articles.raw",
        "articles.enriched",
        "articles.duplicates",
        "articles.dlq",
    )
    assert s.max_body_bytes == 1024 * 1024 and s.kafka_bootstrap == "127.0.0.1:9092"
    assert s.metrics_port == 0 and s.web_port == 0


def test_launcher_explains_missing_java(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(kafka_local.KafkaLauncherError, match="java"):
        kafka_local.LocalKafka(data_dir=tmp_path / "k").start()


def test_launcher_explains_missing_maven(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    java = tmp_path / "java"
    java.write_text("#!/bin/sh\nexit 0\n")
    java.chmod(0o755)
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(kafka_local.KafkaLauncherError, match="mvn"):
        kafka_local.resolve_jars(root=tmp_path / "cache")


def test_free_port_is_bindable() -> None:
    import socket

    port = kafka_local.free_port()
    with socket.socket() as s:
        s.bind(("127.0.0.1", port))
