"""Alert rules: `promtool check rules` and the unit tests in deploy/prometheus/rules_test.yml."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

PROM_DIR = Path(__file__).resolve().parents[2] / "deploy" / "prometheus"
REQUIRED_ALERTS = {
    "StreamsWorkerDown", "StreamsNoWorkers", "StreamsConsumerLagGrowing", "StreamsThroughputZero",
    "StreamsDeadLetterRateHigh", "StreamsLatencySLOFastBurn", "StreamsLatencySLOSlowBurn",
}


def promtool() -> str:
    """Path of promtool; skip when absent locally, fail in CI."""
    path = shutil.which("promtool")
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("promtool is required in CI (make prometheus installs Debian's prometheus package)")
        pytest.skip("promtool not installed (apt-get install prometheus)")
    return path


def _anchor(heading: str) -> str:
    """GitHub's anchor for a Markdown heading."""
    kept = "".join(c for c in heading.strip().lower() if c.isalnum() or c in " -_")
    return kept.replace(" ", "-")


def _alerts() -> dict[str, dict[str, object]]:
    doc = yaml.safe_load((PROM_DIR / "rules.yml").read_text())
    return {r["alert"]: r for g in doc["groups"] for r in g["rules"] if "alert" in r}


def test_rules_cover_the_required_alerts_with_runbooks() -> None:
    alerts = _alerts()
    assert set(alerts) >= REQUIRED_ALERTS
    anchors = {_anchor(line.lstrip("#")) for line in (PROM_DIR.parent / "README.md").read_text().splitlines()
               if line.startswith("#")}
    for name, rule in alerts.items():
        labels = rule["labels"]
        annotations = rule["annotations"]
        assert isinstance(labels, dict) and labels["severity"] in ("warning", "critical"), name
        assert isinstance(annotations, dict) and annotations["summary"], name
        assert str(annotations["runbook"]).split("#", 1)[1] in anchors, f"{name}: runbook heading missing"


def test_every_alert_has_a_unit_test() -> None:
    tests = yaml.safe_load((PROM_DIR / "rules_test.yml").read_text())["tests"]
    cases = [case for t in tests for case in t.get("alert_rule_test", [])]
    tested = {case["alertname"] for case in cases}
    firing = {case["alertname"] for case in cases if case.get("exp_alerts")}
    assert set(_alerts()) == tested
    assert set(_alerts()) == firing


def test_promtool_check_rules() -> None:
    out = subprocess.run([promtool(), "check", "rules", str(PROM_DIR / "rules.yml")], capture_output=True,
                         text=True, timeout=60)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "SUCCESS" in out.stdout + out.stderr


def test_promtool_check_config() -> None:
    # The compose config references the rules at their in-container path; check a copy pointing at the repo.
    import tempfile

    cfg = yaml.safe_load((PROM_DIR / "prometheus.yml").read_text())
    cfg["rule_files"] = [str(PROM_DIR / "rules.yml")]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "prometheus.yml"
        path.write_text(yaml.safe_dump(cfg))
        out = subprocess.run([promtool(), "check", "config", str(path)], capture_output=True, text=True,
                             timeout=60)
    assert out.returncode == 0, out.stdout + out.stderr


def test_promtool_test_rules() -> None:
    out = subprocess.run([promtool(), "test", "rules", "rules_test.yml"], cwd=PROM_DIR, capture_output=True,
                         text=True, timeout=120)
    assert out.returncode == 0, out.stdout + out.stderr
    assert "SUCCESS" in out.stdout + out.stderr
