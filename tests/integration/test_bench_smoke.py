"""Smoke test of the benchmark: a tiny corpus, one worker, every result field present and sane."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration

REPO = Path(__file__).resolve().parents[2]
N = 300


def test_bench_runs_end_to_end(kafka_bootstrap: str, tmp_path: Path) -> None:
    """`python -m bench.run --n 300 --workers 1` against the session broker writes a complete result file."""
    proc = subprocess.run(
        [sys.executable, "-m", "bench.run", "--n", str(N), "--workers", "1", "--bootstrap", kafka_bootstrap,
         "--latency-seconds", "3", "--results-dir", str(tmp_path)],
        cwd=REPO, capture_output=True, text=True, timeout=240,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    [path] = tmp_path.glob("*.json")
    r = json.loads(path.read_text())
    assert "(c)/(b)" in proc.stdout and str(path) in proc.stdout  # the table was printed

    assert r["meta"]["docs"] == N and r["meta"]["corpus_bytes_mean"] > 1000
    for case in ("aiokafka", "faust"):
        assert r[case]["docs_s"] > 0 and r[case]["docs_out"] == N and r[case]["missing_ids"] == 0, case
        assert r[case]["processes"][0]["peak_rss_mb"] > 0

    c = r["pipeline"]["1"]
    assert c["docs_s"] > 0
    assert c["missing_ids"] == 0 and c["unexpected_ids"] == 0  # every input id has an output
    assert sum(c["outputs"].values()) >= N
    assert {"decode", "clean", "language", "tagging", "dedup"} <= set(c["stages_us_per_doc"])
    assert all(v["us_per_doc"] > 0 for v in c["stages_us_per_doc"].values())
    [worker] = c["processes"]
    assert worker["rss_mb"] > 0 and worker["peak_rss_mb"] >= worker["rss_mb"] and worker["cpu_cores"] > 0
    assert c["per_worker"][0]["messages_in"]["prepare"] == N

    lat = c["latency"]
    assert lat["docs"] > 0 and lat["missing"] == 0
    assert 0 < lat["p50_ms"] <= lat["p99_ms"] <= lat["max_ms"]

    off = r["offline"]
    assert off["docs"] == N and off["run_one"]["us_per_doc"] > 0
    assert {"decode", "clean", "language", "tagging", "dedup"} <= set(off["stages"])
    assert off["dedup_index_bytes_per_doc"] > 0 and off["ledger_bytes_per_doc"] > 0

    ratios = r["ratios"]
    assert ratios["pipeline_vs_faust"] > 0 and ratios["pipeline_vs_aiokafka"] > 0
    assert ratios["scaling_2_vs_1"] is None  # one worker count only
    assert set(r["targets"]) == {
        "pipeline_vs_faust", "docs_s_per_worker", "scaling_2_vs_1", "worker_peak_rss_mb",
        "p99_publish_to_enriched_ms", "dedup_index_bytes_per_doc",
    }
    assert r["targets"]["worker_peak_rss_mb"]["ok"] is True
