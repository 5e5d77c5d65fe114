"""Worker subprocesses for the benchmark, and their CPU and memory read from /proc (Linux)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

_TICK = os.sysconf("SC_CLK_TCK")
REPO = Path(__file__).resolve().parent.parent  # `-m bench...` and `-m streams...` resolve from here


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU seconds of a process so far (None once it is gone)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # Fields after the command name (which may contain spaces): state is field 3, utime 14, stime 15.
    rest = stat.rsplit(")", 1)[1].split()
    return (int(rest[11]) + int(rest[12])) / _TICK


def memory_mb(pid: int) -> dict[str, float]:
    """Resident set size now (`rss_mb`) and its peak (`peak_rss_mb`), in MiB."""
    out: dict[str, float] = {}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                out["rss_mb"] = round(int(line.split()[1]) / 1024, 1)
            elif line.startswith("VmHWM:"):
                out["peak_rss_mb"] = round(int(line.split()[1]) / 1024, 1)
    except OSError:
        pass
    return out


@dataclass
class CpuWindow:
    """CPU seconds of one process between two marks, as a share of one core."""

    pid: int
    start: tuple[float, float] | None = None
    end: tuple[float, float] | None = None

    def mark_start(self) -> None:
        """Remember the wall clock and CPU seconds now as the window's start."""
        cpu = cpu_seconds(self.pid)
        if cpu is not None:
            self.start = (time.monotonic(), cpu)

    def mark_end(self) -> None:
        """Remember the wall clock and CPU seconds now as the window's end."""
        cpu = cpu_seconds(self.pid)
        if cpu is not None:
            self.end = (time.monotonic(), cpu)

    def summary(self) -> dict[str, float]:
        """CPU seconds used in the window and the average cores busy (1.0 = one full core)."""
        if self.start is None or self.end is None or self.end[0] <= self.start[0]:
            return {}
        cpu = self.end[1] - self.start[1]
        return {"cpu_s": round(cpu, 2), "cpu_cores": round(cpu / (self.end[0] - self.start[0]), 3)}


@dataclass
class Proc:
    """A benchmark subprocess (a `streams worker` or the Faust pass-through) with its log file."""

    name: str
    argv: list[str]
    env: dict[str, str]
    logdir: Path
    proc: subprocess.Popen[bytes] | None = None
    cpu: CpuWindow | None = field(default=None, repr=False)

    @property
    def pid(self) -> int:
        """The process id (the process must have been started)."""
        assert self.proc is not None
        return self.proc.pid

    @property
    def log_path(self) -> Path:
        """Where the process's stdout and stderr go."""
        return self.logdir / f"{self.name}.log"

    def start(self) -> Proc:
        """Start the process in its own session, so a Ctrl-C of the benchmark does not reach it twice."""
        with open(self.log_path, "ab") as log:
            self.proc = subprocess.Popen([sys.executable, *self.argv], env=self.env, stdout=log, cwd=REPO,
                                         stderr=subprocess.STDOUT, start_new_session=True)
        self.cpu = CpuWindow(self.proc.pid)
        return self

    def check_alive(self) -> None:
        """Raise with the log's end if the process has exited."""
        if self.proc is not None and self.proc.poll() is not None:
            raise RuntimeError(f"{self.name} exited with {self.proc.returncode}:\n{self.log_tail()}")

    def log_tail(self, n: int = 3000) -> str:
        """The end of the process's log."""
        return self.log_path.read_text(errors="replace")[-n:] if self.log_path.exists() else ""

    def stats(self) -> dict[str, Any]:
        """Pid, memory and the CPU window of the process, for the result file."""
        out: dict[str, Any] = {"name": self.name, "pid": self.pid, **memory_mb(self.pid)}
        if self.cpu is not None:
            out.update(self.cpu.summary())
        return out

    def stop(self, timeout: float = 30.0) -> None:
        """SIGTERM, then SIGKILL after `timeout`."""
        if self.proc is None or self.proc.poll() is not None:
            return
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def http_get(url: str, timeout: float = 5.0) -> tuple[int, bytes]:
    """GET a URL; (status, body), with status 0 when nothing answers."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as r:
            return int(r.status), r.read()
    except urllib.error.HTTPError as exc:
        return exc.code, b""
    except OSError:
        return 0, b""
