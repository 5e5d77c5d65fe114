"""Summarise a py-spy "raw" (collapsed stacks) profile: top functions by self and by inclusive samples."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

_FRAME = re.compile(r"^(?P<func>.*) \((?P<file>[^()]*?)(?::(?P<line>\d+))?\)$")

# Where a frame's file lives decides which part of the system its time is charged to.
_AREAS = (
    ("streams/stages/", "stages"),
    ("streams/nlp/", "stages"),
    ("streams/pipeline.py", "pipeline shell"),
    ("streams/app.py", "agents (app.py)"),
    ("streams/metrics.py", "metrics"),
    ("prometheus_client/", "metrics"),
    ("faust/", "faust"),
    ("mode/", "faust"),
    ("aiokafka/", "aiokafka"),
    ("kafka/", "aiokafka"),
    ("asyncio/", "asyncio"),
    ("msgspec/", "serialisation"),
)


def _short(frame: str) -> tuple[str, str]:
    """(`func (file.py)`, file path) of a collapsed-stack frame, without line numbers."""
    m = _FRAME.match(frame)
    if not m:
        return frame, ""
    path = m.group("file")
    tail = "/".join(path.split("/")[-2:])
    return f"{m.group('func')} ({tail})", path


def area_of(path: str) -> str:
    """The part of the system a source file belongs to."""
    for marker, area in _AREAS:
        if marker in path:
            return area
    return "other"


def summarise(path: Path, top: int = 15) -> dict[str, Any]:
    """Top functions by self and by inclusive samples (ours, the framework's), and samples per area."""
    self_n: Counter[str] = Counter()
    ours: Counter[str] = Counter()
    framework: Counter[str] = Counter()
    areas: Counter[str] = Counter()
    other_threads = 0
    total = 0
    for line in path.read_text(errors="replace").splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        n = int(count)
        total += n
        frames = [_short(f) for f in stack.split(";") if f and not f.startswith("process ")]
        if not frames:
            continue
        if frames[0][0].startswith("Thread._bootstrap"):
            other_threads += n  # Faust runs the Kafka consumer in its own thread with its own event loop
        self_n[frames[-1][0]] += n
        # Charge a sample to the innermost frame that is in a known area (C calls show up under their caller).
        areas[next((a for _, p in reversed(frames) if (a := area_of(p)) != "other"), "other")] += n
        for name, p in set(frames):
            if "streams/" in p and "streams/cli.py" not in p:
                ours[name] += n
            elif area_of(p) in ("faust", "aiokafka"):
                framework[name] += n

    def pct(c: Counter[str]) -> list[dict[str, Any]]:
        return [{"function": f, "share": round(n / total, 4)} for f, n in c.most_common(top)]

    if not total:
        return {"samples": 0}
    return {
        "samples": total,
        "other_threads_share": round(other_threads / total, 4),
        "areas": {a: round(n / total, 4) for a, n in areas.most_common()},
        "top_self": pct(self_n),
        "top_inclusive_streams": pct(ours),
        # Worker scaffolding (Worker.execute_from_commandline and the like) is on every stack: left out.
        "top_inclusive_framework": [x for x in pct(framework + Counter()) if x["share"] < 0.9][:top],
    }
