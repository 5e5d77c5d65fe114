"""`streams dev`: a local Kafka broker, workers, a sample feed and live throughput in the terminal."""

from __future__ import annotations

import asyncio
import contextlib
import importlib.resources
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import orjson

from streams.settings import Settings


def sample_lines(name: str = "feed.jsonl") -> list[bytes]:
    """The shipped sample articles (or bad inputs) as raw JSON lines."""
    ref = importlib.resources.files("streams") / "samples" / name
    return [ln for ln in ref.read_bytes().splitlines() if ln.strip()]


def generated(limit: int | None, seed: int = 7) -> Iterator[bytes]:
    """Generated articles from the benchmark corpus (endless when `limit` is None)."""
    from streams import corpus

    n = 0
    batch = 0
    while limit is None or n < limit:
        for art in corpus.generate(1000 if limit is None else min(1000, limit - n), seed=seed + batch):
            art["id"] = f"dev-{seed + batch}-{art['id']}"
            meta = art.get("metadata") or {}
            if meta.get("near_dup_of"):  # keep the ground truth pointing at the renamed original
                meta["near_dup_of"] = f"dev-{seed + batch}-{meta['near_dup_of']}"
            yield orjson.dumps(art)
            n += 1
        batch += 1


def spawn_worker(env: Mapping[str, str], log_path: Path) -> subprocess.Popen[bytes]:
    """Start a `streams worker` process with `env`, its output appended to `log_path`."""
    log = open(log_path, "ab")  # noqa: SIM115 - owned by the child
    proc = subprocess.Popen(
        [sys.executable, "-m", "streams.cli", "worker"],
        env=dict(env),
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    log.close()
    return proc


def start_worker(s: Settings, bootstrap: str, index: int, logdir: Path) -> subprocess.Popen[bytes]:
    """Start one `streams worker` process with its log in `logdir`."""
    env = {
        **os.environ,
        "STREAMS_KAFKA_BOOTSTRAP": bootstrap,
        "STREAMS_WORKER_ID": f"dev-{index}-{os.getpid()}",
    }
    return spawn_worker(env, logdir / f"worker-{index}.log")


@dataclass
class FeedProgress:
    """What the feed has published so far, and whether it has finished."""

    published: int = 0
    finished: bool = False


async def _feed(
    s: Settings, values: Iterator[bytes], rate: float, stop: asyncio.Event, progress: FeedProgress
) -> None:
    from aiokafka import AIOKafkaProducer

    from streams.admin import client_kwargs
    from streams.cli import _key_for

    producer = AIOKafkaProducer(**client_kwargs(s), acks="all", enable_idempotence=True, linger_ms=10)
    await producer.start()
    try:
        t0 = time.monotonic()
        for n, value in enumerate(values, 1):
            if stop.is_set():
                break
            await producer.send(s.topic_raw, value=value, key=_key_for(value))
            progress.published = n
            if rate > 0:
                ahead = n / rate - (time.monotonic() - t0)
                if ahead > 0:
                    await asyncio.sleep(ahead)
            elif n % 500 == 0:
                await asyncio.sleep(0)
        await producer.flush()
        progress.finished = not stop.is_set()
    finally:
        await producer.stop()


async def _watch(
    s: Settings,
    stop: asyncio.Event,
    workers: list[subprocess.Popen[bytes]],
    duration: float | None,
    progress: FeedProgress,
    until_done: bool,
) -> dict[str, int]:
    from aiokafka import AIOKafkaConsumer
    from rich.live import Live
    from rich.table import Table

    from streams.admin import client_kwargs
    from streams.kafka_local import quiet_logger

    topics = {s.topic_enriched: "enriched", s.topic_duplicates: "duplicates", s.topic_dlq: "dlq"}
    consumer = AIOKafkaConsumer(*topics, **client_kwargs(s), group_id=None, auto_offset_reset="earliest")
    await consumer.start()
    # Partitions created a moment ago may still lack a leader; the fetcher retries, but logs each try as
    # an ERROR. Wait for the starting offsets quietly (bounded: past it, the live loop shows what it sees).
    async def starting_offsets() -> None:
        while not consumer.assignment():  # assigned from metadata, just after start()
            await asyncio.sleep(0.05)
        for tp in consumer.assignment():
            await consumer.position(tp)

    with quiet_logger("aiokafka"), contextlib.suppress(asyncio.TimeoutError):
        await asyncio.wait_for(starting_offsets(), timeout=30)
    totals = dict.fromkeys(topics.values(), 0)
    langs: dict[str, int] = {}
    window: list[tuple[float, int]] = []
    t0 = time.monotonic()

    def render() -> Table:
        done = sum(totals.values())
        now = time.monotonic()
        window.append((now, done))
        while len(window) > 2 and now - window[0][0] > 5:
            window.pop(0)
        rate = (done - window[0][1]) / max(1e-6, now - window[0][0])
        t = Table(title=f"streams dev — {len(workers)} worker(s), broker {s.kafka_bootstrap}")
        t.add_column("metric")
        t.add_column("value", justify="right")
        for kind, n in totals.items():
            t.add_row(f"records in {kind}", str(n))
        t.add_row("throughput (last 5 s)", f"{rate:,.0f} docs/s")
        t.add_row("average since start", f"{done / max(1e-6, now - t0):,.0f} docs/s")
        top = ", ".join(f"{k}:{v}" for k, v in sorted(langs.items(), key=lambda kv: -kv[1])[:8])
        t.add_row("languages", top or "-")
        alive = sum(1 for w in workers if w.poll() is None)
        t.add_row("workers alive", f"{alive}/{len(workers)}")
        return t

    try:
        with Live(render(), refresh_per_second=2, transient=False) as live:
            while not stop.is_set():
                if duration is not None and time.monotonic() - t0 > duration:
                    break
                if until_done and progress.finished and sum(totals.values()) >= progress.published:
                    break
                if workers and all(w.poll() is not None for w in workers):
                    break  # nothing left to produce output; run_dev reports it
                batch = await consumer.getmany(timeout_ms=500)
                for tp, msgs in batch.items():
                    kind = topics[tp.topic]
                    totals[kind] += len(msgs)
                    if kind != "dlq":
                        for m in msgs:
                            with contextlib.suppress(Exception):
                                code = orjson.loads(m.value or b"{}")["language"]["code"]
                                langs[code] = langs.get(code, 0) + 1
                live.update(render())
    finally:
        await consumer.stop()
    return totals


def run_dev(
    s: Settings,
    workers: int = 1,
    duration: float | None = None,
    feed: str | None = None,
    repeat: int = -1,
    rate: float = 100.0,
    until_done: bool = False,
) -> int:
    """Run the main job until Ctrl-C, `duration` seconds, or (`until_done`) an output for every input.

    Stops everything it started. Returns 1 when the feed failed or every worker exited early, else 0.
    """
    from streams.admin import ensure_topics
    from streams.kafka_local import LocalKafka

    logdir = Path("var/dev")
    logdir.mkdir(parents=True, exist_ok=True)
    print("starting a local Apache Kafka broker (first run resolves its jars with Maven)...", flush=True)
    broker = LocalKafka().start()
    s = s.model_copy(update={"kafka_bootstrap": broker.bootstrap})
    procs: list[subprocess.Popen[bytes]] = []
    try:
        asyncio.run(ensure_topics(s))
        procs = [start_worker(s, broker.bootstrap, i, logdir) for i in range(workers)]
        print(
            f"broker at {broker.bootstrap}; {workers} worker(s) logging to {logdir}/; Ctrl-C stops all",
            flush=True,
        )
        values: list[bytes] = Path(feed).read_bytes().splitlines() if feed else sample_lines("feed.jsonl")
        values += sample_lines("bad.jsonl") if not feed else []

        def stream() -> Iterator[bytes]:
            yield from (v for v in values if v.strip())
            if repeat != 0:
                yield from generated(None if repeat < 0 else repeat)

        progress = FeedProgress()
        feed_error: list[BaseException] = []

        async def main() -> dict[str, int]:
            stop = asyncio.Event()
            loop = asyncio.get_running_loop()
            for sig in (signal.SIGINT, signal.SIGTERM):
                loop.add_signal_handler(sig, stop.set)
            feeder = asyncio.create_task(_feed(s, stream(), rate, stop, progress))

            def stop_if_failed(task: asyncio.Task[None]) -> None:
                # A failed feed ends the run at once instead of leaving an idle screen.
                if not task.cancelled() and task.exception() is not None:
                    stop.set()

            feeder.add_done_callback(stop_if_failed)
            try:
                return await _watch(s, stop, procs, duration, progress, until_done)
            finally:
                stop.set()
                try:
                    await feeder
                except Exception as exc:  # reported below, with the exit code
                    feed_error.append(exc)

        totals = asyncio.run(main())
        if not sys.stdout.isatty():
            print()  # rich ends the live table's last line itself only on a terminal
        print(f"done: {totals}", flush=True)
        print(f"published: {progress.published}", flush=True)
        status = 0
        if feed_error:
            print(f"the feed failed: {feed_error[0]!r}", file=sys.stderr, flush=True)
            status = 1
        if procs and all(p.poll() is not None for p in procs):
            print(f"every worker exited early; see {logdir}/worker-*.log", file=sys.stderr, flush=True)
            status = 1
    finally:
        for p in procs:
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
        for p in procs:
            try:
                p.wait(30)
            except subprocess.TimeoutExpired:
                p.kill()
        broker.stop(cleanup=True)
    return status
