"""Every Grafana panel query returns data from a real Prometheus scraping a real worker on a real broker."""

from __future__ import annotations

import asyncio
import json
import math
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson
import pytest
import yaml

from tests import articles as A
from tests.integration.harness import Worker, article, collect, produce, unique_env

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
DASHBOARDS = ROOT / "deploy" / "grafana" / "dashboards"
RULES = ROOT / "deploy" / "prometheus" / "rules.yml"
SUBSTITUTIONS = {
    "$__rate_interval": "1m", "$__range": "5m", "$__interval": "1s", "$job": ".*", "$instance": ".*",
}
BOILERPLATE = ("\n\nRead also: Scientists find a new planet\n\nTags: science, batteries, energy\n\n"
               "Share on Facebook\n\n© 2026 Example News. All rights reserved.")


HARBOUR = (
    "The city council of a small fishing town approved on Monday a plan to rebuild the old harbour wall, "
    "which was badly damaged by winter storms two years ago.\n\n"
    "The mayor said the works would start in the spring and last about eighteen months, and that the "
    "fishing fleet would use a temporary pier further along the coast in the meantime.\n\n"
    "Local businesses welcomed the decision but asked for help with the loss of visitors during the "
    "summer season, when the harbour front is usually crowded with tourists."
)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _get(url: str, timeout: float = 5.0) -> Any:
    with urllib.request.urlopen(url, timeout=timeout) as r:
        return json.loads(r.read())


def _panel_queries() -> list[tuple[str, str, str]]:
    """(dashboard, panel title, expr) for every target of every panel."""
    out = []
    for path in sorted(DASHBOARDS.glob("*.json")):
        board = json.loads(path.read_text())
        for panel in board["panels"]:
            for target in panel.get("targets", []):
                out.append((path.name, panel["title"], target["expr"]))
    return out


def _substitute(expr: str) -> str:
    for var, value in sorted(SUBSTITUTIONS.items(), key=lambda kv: -len(kv[0])):
        expr = expr.replace(var, value)
    assert "$" not in expr, f"unsubstituted variable in {expr}"
    return expr


def test_dashboards_are_generated_and_well_formed() -> None:
    """The JSON files match their generator, panels have queries and ids are unique."""
    gen = subprocess.run([sys.executable, str(ROOT / "deploy/grafana/build_dashboards.py"), "--check"],
                         capture_output=True, text=True, timeout=60)
    assert gen.returncode == 0, gen.stdout + gen.stderr
    titles = set()
    for path in DASHBOARDS.glob("*.json"):
        board = json.loads(path.read_text())
        assert board["uid"] and board["title"] not in titles
        titles.add(board["title"])
        ids = [p["id"] for p in board["panels"]]
        assert len(ids) == len(set(ids))
        for panel in board["panels"]:
            if panel["type"] != "row":
                assert panel["targets"] and panel["datasource"]["uid"] == "prometheus", panel["title"]
    assert len(_panel_queries()) >= 40
    ds = yaml.safe_load((ROOT / "deploy/grafana/provisioning/datasources/prometheus.yml").read_text())
    assert ds["datasources"][0]["uid"] == "prometheus"


def _prometheus_binary() -> str:
    path = shutil.which("prometheus")
    if path is None:
        if os.environ.get("CI"):
            pytest.fail("the prometheus binary is required in CI (make prometheus installs Debian's package)")
        pytest.skip("prometheus binary not installed (apt-get install prometheus): dashboards unchecked")
    return path


@pytest.fixture
def prometheus_for(tmp_path: Path) -> Iterator[Any]:
    """A factory starting a Prometheus server that scrapes one target every second, with the alert rules."""
    binary = _prometheus_binary()
    procs: list[subprocess.Popen[bytes]] = []

    def start(target: str) -> str:
        port = _free_port()
        cfg = {
            "global": {"scrape_interval": "1s", "evaluation_interval": "1s"},
            "rule_files": [str(RULES)],
            "scrape_configs": [{"job_name": "streams", "static_configs": [{"targets": [target]}]}],
        }
        (tmp_path / "prometheus.yml").write_text(yaml.safe_dump(cfg))
        log = open(tmp_path / "prometheus.log", "wb")  # noqa: SIM115
        procs.append(subprocess.Popen(
            [binary, f"--config.file={tmp_path / 'prometheus.yml'}",
             f"--storage.tsdb.path={tmp_path / 'tsdb'}", f"--web.listen-address=127.0.0.1:{port}",
             "--storage.tsdb.retention.time=1h"],
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        ))
        log.close()
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{url}/-/ready", timeout=2) as r:
                    if r.status == 200:
                        return url
            except OSError:
                time.sleep(0.3)
        raise TimeoutError((tmp_path / "prometheus.log").read_text()[-3000:])

    yield start
    for p in procs:
        p.terminate()
        try:
            p.wait(15)
        except subprocess.TimeoutExpired:
            p.kill()
            p.wait()


def _query(prom: str, expr: str) -> list[dict[str, Any]]:
    data = _get(f"{prom}/api/v1/query?" + urllib.parse.urlencode({"query": expr}))
    assert data["status"] == "success", (expr, data)
    result: list[dict[str, Any]] = data["data"]["result"]
    return result


def _feed() -> tuple[list[tuple[bytes | None, bytes]], list[tuple[bytes | None, bytes]], int]:
    """Originals (several languages, boilerplate, a wrong language hint), then copies and bad inputs."""
    first: list[tuple[bytes | None, bytes]] = [
        article(i, text, source=f"outlet-{i % 3}") for i, (_, (_, text)) in enumerate(A.ALL.items())
    ]
    body = HARBOUR + BOILERPLATE
    first.append(article(50, body, source="boilerplate.example", language="fr"))
    second: list[tuple[bytes | None, bytes]] = [
        article(100, A.ARABIC_ECONOMY, source="copycat.example"),  # exact duplicate of art-0
        article(101, A.with_footer(A.drop_paragraph(A.ARABIC_SPORT), "المصدر: وكالة الأنباء"),
                source="copycat.example"),  # near-duplicate of art-1
        (b"bad-json", b"{not json"),
        (b"no-body", orjson.dumps({"id": "no-body"})),
        (b"wrong-type", orjson.dumps({"id": "wrong-type", "body": 42})),
    ]
    return first, second, len(first) + len(second)


def test_every_panel_query_returns_data(kafka_bootstrap: str, tmp_path: Path, prometheus_for: Any) -> None:
    """Publish a small feed through a worker, scrape it, and evaluate every panel and template query."""
    t0 = time.monotonic()
    phases: dict[str, float] = {}
    env = unique_env(kafka_bootstrap, tmp_path, partitions=2, STREAMS_BATCH_WITHIN_S="0.02")
    worker = Worker(env, tmp_path, "ops-w1").start()
    try:
        worker.wait_ready(timeout=60)
        phases["worker ready"] = time.monotonic() - t0
        url = worker.metrics_url("")
        assert url is not None
        prom = prometheus_for(url.removeprefix("http://"))
        # traffic starts once Prometheus has the zero samples, as in production (where it runs all along)
        deadline = time.monotonic() + 20
        while not _query(prom, 'count_over_time(streams_worker_up{job="streams"}[1m]) >= 2'):
            assert time.monotonic() < deadline, "Prometheus does not scrape the worker"
            time.sleep(0.3)
        first, second, total = _feed()
        topics = [env["STREAMS_TOPIC_ENRICHED"], env["STREAMS_TOPIC_DUPLICATES"], env["STREAMS_TOPIC_DLQ"]]
        asyncio.run(produce(kafka_bootstrap, env["STREAMS_TOPIC_RAW"], first))
        asyncio.run(collect(kafka_bootstrap, topics[:1], until=lambda r: len(r) >= len(first), timeout=60))
        phases["originals out"] = time.monotonic() - t0
        asyncio.run(produce(kafka_bootstrap, env["STREAMS_TOPIC_RAW"], second))
        records = asyncio.run(collect(kafka_bootstrap, topics, until=lambda r: len(r) >= total, timeout=60))
        phases["all out"] = time.monotonic() - t0
        assert len(records) >= total, worker.log_tail()
        assert {rec.get("dedup", {}).get("status") for _, _, rec in records} >= {"unique", "duplicate",
                                                                                 "near_duplicate"}
        # wait until Prometheus has scraped the final counts (and the worker's lag timer has run)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            got = _query(prom, 'sum(streams_messages_out_total{kind!="dedup_in"})')
            lag = _query(prom, "streams_consumer_lag")
            if got and float(got[0]["value"][1]) >= total and lag:
                break
            time.sleep(0.5)
        else:
            pytest.fail(f"Prometheus never saw {total} outputs and lag; worker log: {worker.log_tail()}")
        phases["feed processed and scraped"] = time.monotonic() - t0
        time.sleep(2)  # a couple more scrapes, so every rate() has two samples after the last increment

        empty: list[str] = []
        queries = _panel_queries()
        for board, title, expr in queries:
            result = _query(prom, _substitute(expr))
            finite = [r for r in result if not math.isnan(float(r["value"][1]))]
            if not finite:
                empty.append(f"{board} / {title}: {_substitute(expr)} -> {result}")
        phases[f"{len(queries)} panel queries"] = time.monotonic() - t0
        print("dashboards check phases (s since start):", {k: round(v, 1) for k, v in phases.items()})
        assert not empty, "panel queries without data:\n" + "\n".join(empty)

        for var in ("job", "instance"):
            values = _get(f"{prom}/api/v1/label/{var}/values?" + urllib.parse.urlencode(
                {"match[]": "streams_worker_up"}))["data"]
            assert values, f"template variable ${var} would be empty"

        # the alert and recording rules evaluate cleanly against the real series
        rules = _get(f"{prom}/api/v1/rules")["data"]["groups"]
        unhealthy = [(r["name"], r.get("lastError")) for g in rules for r in g["rules"]
                     if r["health"] == "err"]
        assert not unhealthy, unhealthy
        assert sum(len(g["rules"]) for g in rules) >= 10
        firing = _get(f"{prom}/api/v1/alerts")["data"]["alerts"]
        down = ("StreamsWorkerDown", "StreamsNoWorkers")
        assert not [a for a in firing if a["labels"]["alertname"] in down]
    finally:
        worker.stop()
    assert time.monotonic() - t0 < 120, "the dashboards check should stay well under two minutes"
