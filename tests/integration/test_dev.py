"""The main job (`streams dev`) starts its own broker and worker, runs the sample feed, and stops cleanly."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration


def test_streams_dev_runs_feed_and_stops(tmp_path: Path) -> None:
    repo = Path(__file__).resolve().parents[2]
    env = {
        **os.environ,
        "STREAMS_STATE_DIR": str(tmp_path / "state"),
        "COLUMNS": "120",
        "STREAMS_CACHE_DIR": os.environ.get("STREAMS_CACHE_DIR", str(repo / ".cache")),
    }
    env.pop("STREAMS_KAFKA_BOOTSTRAP", None)
    proc = subprocess.run(
        [sys.executable, "-m", "streams.cli", "dev", "--duration", "45", "--generate", "300", "--rate", "0"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-3000:]
    m = re.search(r"done: \{'enriched': (\d+), 'duplicates': (\d+), 'dlq': (\d+)\}", proc.stdout)
    assert m, proc.stdout[-2000:]
    enriched, duplicates, dlq = map(int, m.groups())
    assert enriched > 0 and duplicates > 0 and dlq >= 3
    assert "docs/s" in proc.stdout
