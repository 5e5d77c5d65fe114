"""Helpers for integration tests: worker processes, producing and collecting records on the real broker."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import threading
import time
import urllib.request
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson


def unique_env(bootstrap: str, tmp: Path, partitions: int = 4, **extra: str) -> dict[str, str]:
    """Environment for an isolated pipeline: its own app id, topics and state directory."""
    tag = uuid.uuid4().hex[:8]
    env = {
        **os.environ,
        "STREAMS_KAFKA_BOOTSTRAP": bootstrap,
        "STREAMS_APP_ID": f"streams-test-{tag}",
        "STREAMS_TOPIC_RAW": f"t{tag}.raw",
        "STREAMS_TOPIC_ENRICHED": f"t{tag}.enriched",
        "STREAMS_TOPIC_DUPLICATES": f"t{tag}.duplicates",
        "STREAMS_TOPIC_DLQ": f"t{tag}.dlq",
        "STREAMS_TOPIC_PARTITIONS": str(partitions),
        "STREAMS_STATE_DIR": str(tmp / "state"),
        "STREAMS_METRICS_HOST": "127.0.0.1",
        "STREAMS_LOG_LEVEL": "INFO",
    }
    env.update(extra)
    return env


@dataclass
class Worker:
    """A `streams worker` subprocess with its own worker id, log file and metrics port."""

    env: dict[str, str]
    logdir: Path
    name: str
    proc: subprocess.Popen[bytes] | None = None
    worker_id: str = field(default_factory=lambda: uuid.uuid4().hex[:8])

    @property
    def state_dir(self) -> Path:
        """This worker's state directory."""
        return Path(self.env["STREAMS_STATE_DIR"]) / self.worker_id

    def start(self) -> Worker:
        """Start the process (a fresh worker id each time, as a restarted container would have)."""
        self.worker_id = uuid.uuid4().hex[:8]
        from streams.dev import spawn_worker

        env = {**self.env, "STREAMS_WORKER_ID": self.worker_id}
        self.proc = spawn_worker(env, self.logdir / f"{self.name}.log")
        return self

    def metrics_url(self, path: str = "/metrics") -> str | None:
        """URL of this worker's metrics/health server once it listens."""
        port_file = self.state_dir / "metrics.port"
        if not port_file.exists():
            return None
        return f"http://127.0.0.1:{port_file.read_text().strip()}{path}"

    def wait_ready(self, timeout: float = 60.0) -> float:
        """Wait until /readyz answers 200; return the seconds it took."""
        t0 = time.monotonic()
        while time.monotonic() - t0 < timeout:
            assert self.proc is not None
            if self.proc.poll() is not None:
                raise RuntimeError(f"worker {self.name} exited {self.proc.returncode}: {self.log_tail()}")
            url = self.metrics_url("/readyz")
            if url:
                try:
                    with urllib.request.urlopen(url, timeout=2) as r:
                        if r.status == 200:
                            return time.monotonic() - t0
                except OSError:
                    pass
            time.sleep(0.3)
        raise TimeoutError(f"worker {self.name} not ready in {timeout}s: {self.log_tail()}")

    def log_tail(self, n: int = 4000) -> str:
        """The end of this worker's log."""
        p = self.logdir / f"{self.name}.log"
        return p.read_text(errors="replace")[-n:] if p.exists() else ""

    def stop(self, timeout: float = 30.0) -> int | None:
        """Graceful stop with SIGTERM; SIGKILL after `timeout`."""
        if self.proc is None or self.proc.poll() is not None:
            return self.proc.returncode if self.proc else None
        self.proc.send_signal(signal.SIGTERM)
        try:
            return self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            return self.proc.wait()

    def kill(self) -> None:
        """Crash it: SIGKILL."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


class Supervisor:
    """Restart workers that exit on their own, as compose `restart: unless-stopped` or Kubernetes would.

    A worker exits by design when it cannot make progress (a failed batch: 70, a wedged consumer: 71); the
    guarantee under test is that nothing is lost when its supervisor brings it back.
    """

    def __init__(self, workers: list[Worker], events: list[str]) -> None:
        self.workers = workers
        self.events = events
        self.lock = threading.Lock()  # held while a test kills/starts a worker on purpose
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> Supervisor:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.wait(1.0):
            with self.lock:
                for w in self.workers:
                    if w.proc is not None and w.proc.poll() is not None:
                        self.events.append(f"{w.name} exited {w.proc.returncode}; restarted")
                        w.start()


async def produce(bootstrap: str, topic: str, messages: Iterable[tuple[bytes | None, bytes]]) -> int:
    """Produce (key, value) pairs with an idempotent producer; return the count."""
    from aiokafka import AIOKafkaProducer

    producer = AIOKafkaProducer(
        bootstrap_servers=bootstrap,
        acks="all",
        enable_idempotence=True,
        linger_ms=10,
        max_request_size=16 * 1024 * 1024,
    )
    await producer.start()
    n = 0
    try:
        futs = []
        for key, value in messages:
            futs.append(await producer.send(topic, key=key, value=value))
            n += 1
        await asyncio.gather(*futs)
    finally:
        await producer.stop()
    return n


async def collect(
    bootstrap: str, topics: list[str], until: Any = None, timeout: float = 120.0, idle: float | None = None
) -> list[tuple[str, bytes | None, dict[str, Any]]]:
    """Read `topics` from the beginning until `until(records)`, `timeout`, or `idle` seconds of quiet."""
    from aiokafka import AIOKafkaConsumer

    consumer = AIOKafkaConsumer(
        *topics,
        bootstrap_servers=bootstrap,
        group_id=None,
        auto_offset_reset="earliest",
        fetch_max_bytes=64 * 1024 * 1024,
    )
    await consumer.start()
    out: list[tuple[str, bytes | None, dict[str, Any]]] = []
    t0 = last = time.monotonic()
    try:
        while time.monotonic() - t0 < timeout:
            batch = await consumer.getmany(timeout_ms=500)
            for tp, msgs in batch.items():
                for m in msgs:
                    out.append((tp.topic, m.key, orjson.loads(m.value or b"null")))
                    last = time.monotonic()
            if until is not None and until(out):
                break
            if idle is not None and time.monotonic() - last > idle:
                break
    finally:
        await consumer.stop()
    return out


def article(i: int, body: str, **fields: Any) -> tuple[bytes, bytes]:
    """A keyed input message for article `i`."""
    rec = {"id": f"art-{i}", "source": fields.pop("source", "wire"), "body": body, **fields}
    return rec["id"].encode(), orjson.dumps(rec)
