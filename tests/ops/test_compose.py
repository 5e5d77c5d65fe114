"""docker-compose.yml and the Dockerfile, checked structurally (no Docker engine needed)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from streams.settings import Settings

ROOT = Path(__file__).resolve().parents[2]
SERVICES = {"kafka", "topic-init", "worker", "publisher", "prometheus", "grafana"}


def _compose() -> dict[str, Any]:
    doc: dict[str, Any] = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    return doc


def _env_names(service: dict[str, Any]) -> set[str]:
    env = service.get("environment", {})
    return set(env) if isinstance(env, dict) else {e.split("=", 1)[0] for e in env}


def test_services_present_and_images_pinned() -> None:
    services = _compose()["services"]
    assert set(services) >= SERVICES
    assert services["kafka"]["image"] == "apache/kafka:4.1.0"
    for name, svc in services.items():
        image = svc.get("image", "")
        assert image and ":" in image and not image.endswith(":latest"), f"{name}: unpinned image {image!r}"
        if "build" in svc:
            assert image.startswith("streams:"), name


def test_streams_env_vars_are_real_settings() -> None:
    fields = {f"STREAMS_{name.upper()}" for name in Settings.model_fields}
    services = _compose()["services"]
    for name in ("topic-init", "worker", "publisher"):
        env = _env_names(services[name])
        assert env, name
        unknown = {v for v in env if v.startswith("STREAMS_")} - fields
        assert not unknown, f"{name}: not Settings fields: {unknown}"
        assert all(v.startswith("STREAMS_") for v in env), name
    worker_env = services["worker"]["environment"]
    assert worker_env["STREAMS_KAFKA_BOOTSTRAP"] == "kafka:9092"
    assert worker_env["STREAMS_METRICS_HOST"] == "0.0.0.0"


def test_workers_scale_without_host_ports_and_have_health_checks() -> None:
    services = _compose()["services"]
    worker = services["worker"]
    assert "ports" not in worker and "container_name" not in worker  # --scale would collide
    assert "replicas" in worker["deploy"]
    assert worker["command"] == ["worker"]
    assert "/healthz" in " ".join(worker["healthcheck"]["test"])
    assert str(worker["environment"]["STREAMS_METRICS_PORT"]) in " ".join(worker["healthcheck"]["test"])
    assert worker["depends_on"]["topic-init"]["condition"] == "service_completed_successfully"
    assert worker["depends_on"]["kafka"]["condition"] == "service_healthy"
    for name in ("kafka", "worker", "prometheus", "grafana"):
        assert services[name]["healthcheck"]["test"], name
    assert services["topic-init"]["restart"] == "no"
    assert "ensure_topics" in " ".join(services["topic-init"]["command"])
    assert services["publisher"]["command"] == ["publish", "/app/streams/samples/feed.jsonl"]


def test_kafka_is_single_node_kraft() -> None:
    env = _compose()["services"]["kafka"]["environment"]
    assert set(env["KAFKA_PROCESS_ROLES"].split(",")) == {"broker", "controller"}
    assert env["KAFKA_CONTROLLER_QUORUM_VOTERS"] == "1@kafka:9093"
    assert "PLAINTEXT://kafka:9092" in env["KAFKA_ADVERTISED_LISTENERS"]
    assert env["KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR"] == 1


def test_named_volumes_declared_and_mounted_files_exist() -> None:
    doc = _compose()
    declared = set(doc["volumes"])
    used = set()
    for name, svc in doc["services"].items():
        for vol in svc.get("volumes", []):
            src = vol.split(":", 1)[0]
            if src.startswith("."):
                assert (ROOT / src).exists(), f"{name}: {src} missing in the repo"
            else:
                assert src in declared, f"{name}: volume {src} not declared"
                used.add(src)
    assert used == declared
    assert {"kafka-data", "prometheus-data", "grafana-data"} <= declared


def test_prometheus_scrapes_the_workers_with_the_rules() -> None:
    services = _compose()["services"]
    prom = services["prometheus"]
    mounts = {v.split(":")[0]: v.split(":")[1] for v in prom["volumes"] if v.startswith(".")}
    config_path = mounts["./deploy/prometheus/prometheus.yml"]
    assert f"--config.file={config_path}" in prom["command"]
    cfg = yaml.safe_load((ROOT / "deploy/prometheus/prometheus.yml").read_text())
    assert mounts["./deploy/prometheus/rules.yml"] in cfg["rule_files"]
    job = next(j for j in cfg["scrape_configs"] if j["job_name"] == "streams")
    sd = job["dns_sd_configs"][0]
    assert sd["names"] == ["worker"] and sd["type"] == "A"
    assert str(sd["port"]) == str(services["worker"]["environment"]["STREAMS_METRICS_PORT"])
    assert job.get("metrics_path", "/metrics") == "/metrics"


def test_grafana_is_provisioned() -> None:
    vols = _compose()["services"]["grafana"]["volumes"]
    targets = {v.split(":")[1] for v in vols if v.startswith(".")}
    assert {"/etc/grafana/provisioning/datasources", "/etc/grafana/provisioning/dashboards"} <= targets
    provider = yaml.safe_load((ROOT / "deploy/grafana/provisioning/dashboards/streams.yml").read_text())
    path = provider["providers"][0]["options"]["path"]
    assert any(v.split(":")[1] == path and v.startswith("./deploy/grafana/dashboards") for v in vols)
    assert list((ROOT / "deploy/grafana/dashboards").glob("*.json"))


def test_dockerfile() -> None:
    text = (ROOT / "Dockerfile").read_text()
    froms = re.findall(r"^FROM (\S+)", text, re.M)
    assert froms and all(f == "python:3.11-slim" for f in froms)
    assert re.search(r"^USER (?!root|0\b)\S+", text, re.M), "the image must run as a non-root user"
    assert "pip install" in text and re.search(r"pip install .*\s\.$", text, re.M)
    assert 'ENTRYPOINT ["streams"]' in text and 'CMD ["worker"]' in text
    assert "STREAMS_METRICS_PORT=9108" in text
    ignore = (ROOT / ".dockerignore").read_text().split()
    assert {".git", ".venv", ".cache"} <= set(ignore)
