"""Kubernetes manifests: core kinds against the API schemas (kubernetes-validate), CRDs structurally."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jsonschema
import kubernetes_validate
import pytest
import yaml

from streams.settings import Settings

K8S = Path(__file__).resolve().parents[2] / "deploy" / "k8s"
K8S_VERSION = "1.30"
CORE_KINDS = {"Namespace", "ConfigMap", "Secret", "Deployment", "Service"}


def _docs() -> list[dict[str, Any]]:
    kustomization = yaml.safe_load((K8S / "kustomization.yaml").read_text())
    docs: list[dict[str, Any]] = []
    for name in kustomization["resources"]:
        docs += [d for d in yaml.safe_load_all((K8S / name).read_text()) if d]
    return docs


def _one(kind: str) -> dict[str, Any]:
    found = [d for d in _docs() if d["kind"] == kind]
    assert len(found) == 1, kind
    return found[0]


def _named(kind: str, name: str) -> dict[str, Any]:
    return next(d for d in _docs() if d["kind"] == kind and d["metadata"]["name"] == name)


def test_kustomization_lists_every_manifest() -> None:
    listed = set(yaml.safe_load((K8S / "kustomization.yaml").read_text())["resources"])
    on_disk = {p.name for p in K8S.glob("*.yaml")} - {"kustomization.yaml"}
    assert listed == on_disk
    kinds = {d["kind"] for d in _docs()}
    assert kinds >= CORE_KINDS | {"PodMonitor", "ScaledObject", "TriggerAuthentication"}


@pytest.mark.parametrize("kind", sorted(CORE_KINDS))
def test_core_kinds_validate_against_the_api_schema(kind: str) -> None:
    docs = [d for d in _docs() if d["kind"] == kind]
    assert docs
    for doc in docs:
        kubernetes_validate.validate(doc, K8S_VERSION, strict=True)


def test_invalid_manifest_is_rejected() -> None:
    bad = _one("Deployment")
    bad = {**bad, "spec": {**bad["spec"], "replicas": "two"}}
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(bad, K8S_VERSION, strict=True)


def test_settings_keys_are_real_and_secrets_stay_secret() -> None:
    fields = {f"STREAMS_{name.upper()}" for name in Settings.model_fields}
    config = _named("ConfigMap", "streams-config")["data"]
    secret = _named("Secret", "streams-kafka")["stringData"]
    assert set(config) <= fields and set(secret) <= fields
    assert "STREAMS_KAFKA_SASL_PASSWORD" in secret and "STREAMS_KAFKA_SASL_USERNAME" in secret
    assert not [k for k in config if "PASSWORD" in k or "USERNAME" in k]
    Settings(**{k.removeprefix("STREAMS_").lower(): v for k, v in {**config, **secret}.items()})  # parses


def test_deployment_probes_resources_and_security() -> None:
    dep = _one("Deployment")
    assert dep["apiVersion"] == "apps/v1"
    pod = dep["spec"]["template"]
    assert dep["spec"]["selector"]["matchLabels"].items() <= pod["metadata"]["labels"].items()
    spec = pod["spec"]
    assert spec["securityContext"]["runAsNonRoot"] is True and spec["securityContext"]["runAsUser"] != 0
    (c,) = spec["containers"]
    port = int(_named("ConfigMap", "streams-config")["data"]["STREAMS_METRICS_PORT"])
    ports = {p["name"]: p["containerPort"] for p in c["ports"]}
    assert ports["metrics"] == port
    assert c["livenessProbe"]["httpGet"] == {"path": "/healthz", "port": "metrics"}
    assert c["readinessProbe"]["httpGet"] == {"path": "/readyz", "port": "metrics"}
    assert {"cpu", "memory"} <= set(c["resources"]["requests"])
    assert {"memory"} <= set(c["resources"]["limits"])
    assert c["securityContext"]["allowPrivilegeEscalation"] is False
    assert c["securityContext"]["readOnlyRootFilesystem"] is True
    refs = {("ConfigMap", e["configMapRef"]["name"]) if "configMapRef" in e
            else ("Secret", e["secretRef"]["name"]) for e in c["envFrom"]}
    assert refs == {("ConfigMap", "streams-config"), ("Secret", "streams-kafka")}
    state_dir = _named("ConfigMap", "streams-config")["data"]["STREAMS_STATE_DIR"]
    assert state_dir in {m["mountPath"] for m in c["volumeMounts"]}  # writable despite the read-only root


def test_service_and_podmonitor_select_the_workers() -> None:
    labels = _one("Deployment")["spec"]["template"]["metadata"]["labels"]
    svc = _one("Service")
    assert svc["spec"]["selector"].items() <= labels.items()
    assert svc["spec"]["ports"][0]["targetPort"] == "metrics"
    pm = _one("PodMonitor")
    schema = {
        "type": "object", "required": ["apiVersion", "kind", "metadata", "spec"],
        "properties": {
            "apiVersion": {"const": "monitoring.coreos.com/v1"},
            "metadata": {"type": "object", "required": ["name"]},
            "spec": {"type": "object", "required": ["selector", "podMetricsEndpoints"], "properties": {
                "jobLabel": {"type": "string"},
                "selector": {"type": "object", "required": ["matchLabels"]},
                "podMetricsEndpoints": {"type": "array", "minItems": 1, "items": {
                    "type": "object", "required": ["port"], "additionalProperties": False,
                    "properties": {"port": {"type": "string"}, "path": {"type": "string"},
                                   "interval": {"type": "string", "pattern": "^[0-9]+[smh]$"}}}},
            }},
        },
    }
    jsonschema.validate(pm, schema)
    assert pm["spec"]["selector"]["matchLabels"].items() <= labels.items()
    assert pm["spec"]["podMetricsEndpoints"][0]["port"] == "metrics"
    assert labels[pm["spec"]["jobLabel"]] == "streams"  # the alert rules select job="streams"


def test_keda_scales_on_raw_topic_lag_up_to_the_partition_count() -> None:
    so = _one("ScaledObject")
    schema = {
        "type": "object", "required": ["apiVersion", "kind", "metadata", "spec"],
        "properties": {
            "apiVersion": {"const": "keda.sh/v1alpha1"},
            "spec": {"type": "object", "required": ["scaleTargetRef", "triggers"], "properties": {
                "scaleTargetRef": {"type": "object", "required": ["name"]},
                "minReplicaCount": {"type": "integer", "minimum": 0},
                "maxReplicaCount": {"type": "integer", "minimum": 1},
                "triggers": {"type": "array", "minItems": 1, "items": {
                    "type": "object", "required": ["type", "metadata"],
                    "properties": {
                        "metadata": {"type": "object", "additionalProperties": {"type": "string"}}}}},
            }},
        },
    }
    jsonschema.validate(so, schema)
    config = _named("ConfigMap", "streams-config")["data"]
    dep = _one("Deployment")
    assert so["spec"]["scaleTargetRef"]["name"] == dep["metadata"]["name"]
    assert so["spec"]["maxReplicaCount"] == int(config["STREAMS_TOPIC_PARTITIONS"])
    (trigger,) = so["spec"]["triggers"]
    assert trigger["type"] == "kafka"
    meta = trigger["metadata"]
    assert meta["consumerGroup"] == config["STREAMS_APP_ID"]
    assert meta["topic"] == config.get("STREAMS_TOPIC_RAW", Settings.model_fields["topic_raw"].default)
    assert meta["bootstrapServers"] == config["STREAMS_KAFKA_BOOTSTRAP"]
    assert int(meta["lagThreshold"]) > 0
    auth = _named("TriggerAuthentication", trigger["authenticationRef"]["name"])
    assert auth["apiVersion"] == "keda.sh/v1alpha1"
    for ref in auth["spec"]["secretTargetRef"]:
        assert ref["key"] in _named("Secret", ref["name"])["stringData"], ref
    assert {r["parameter"] for r in auth["spec"]["secretTargetRef"]} >= {"sasl", "username", "password"}
