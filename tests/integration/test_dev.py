"""The main job (`streams dev`) starts its own broker and worker, runs the sample feed, and stops cleanly."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration


def _worker_logs(cwd: Path) -> str:
    """The tail of each worker's log, for a failure message."""
    return "".join(
        f"\n--- {log.name} ---\n{log.read_text(errors='replace')[-3000:]}"
        for log in sorted((cwd / "var" / "dev").glob("worker-*.log"))
    )


def test_streams_dev_runs_feed_and_stops(tmp_path: Path) -> None:
    repo = Path(__file__).resolve().parents[2]
    env = {
        **os.environ,
        "STREAMS_STATE_DIR": str(tmp_path / "state"),
        "COLUMNS": "120",
        "STREAMS_CACHE_DIR": os.environ.get("STREAMS_CACHE_DIR", str(repo / ".cache")),
    }
    env.pop("STREAMS_KAFKA_BOOTSTRAP", None)
    # --until-done ends the run once every article has its output, so a slow start on a busy machine
    # costs time, not the outcome; --duration is only the upper bound.
    args = ["dev", "--duration", "150", "--generate", "300", "--rate", "0", "--until-done"]
    proc = subprocess.run(
        [sys.executable, "-m", "streams.cli", *args],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    context = proc.stdout[-2000:] + proc.stderr[-3000:] + _worker_logs(tmp_path)
    assert proc.returncode == 0, context
    m = re.search(r"done: \{'enriched': (\d+), 'duplicates': (\d+), 'dlq': (\d+)\}", proc.stdout)
    published = re.search(r"published: (\d+)", proc.stdout)
    assert m and published, context
    enriched, duplicates, dlq = map(int, m.groups())
    # The shipped feed (about 40 articles and its bad inputs) plus the 300 generated ones.
    assert int(published.group(1)) >= 340, context
    # One output per published article: each is enriched, a duplicate, or a dead letter.
    assert enriched + duplicates + dlq == int(published.group(1)), context
    assert enriched > 0 and duplicates > 0 and dlq >= 3, context
    assert "docs/s" in proc.stdout
