"""The `streams` command: worker, publish, tail, enrich, replay, dev, kafka, schemas, corpus."""

from __future__ import annotations

import argparse
import asyncio
import base64
import contextlib
import json
import logging
import logging.config
import os
import signal
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import orjson

from streams.logs import logging_config
from streams.settings import Settings, load_settings

log = logging.getLogger("streams.cli")


# -- worker ------------------------------------------------------------------------------------------
def cmd_worker(args: argparse.Namespace, s: Settings) -> int:
    """Run the pipeline's Faust worker against STREAMS_KAFKA_BOOTSTRAP (never starts a broker)."""
    from streams.admin import ensure_topics
    from streams.app import run_worker

    # A supervisor may start the worker while the broker is still down: wait for it rather than exit.
    deadline = time.monotonic() + 120.0
    while True:
        try:
            asyncio.run(ensure_topics(s))
            break
        except Exception as exc:
            if time.monotonic() > deadline:
                raise
            log.warning("broker not reachable yet (%s); retrying", exc)
            time.sleep(2.0)
    return run_worker(s)


# -- publish -----------------------------------------------------------------------------------------
def _read_articles(path: str) -> Iterator[bytes]:
    """Yield raw message values: JSON lines from a file or stdin, or one article per file of a folder."""
    if path != "-" and Path(path).is_dir():
        for p in sorted(Path(path).iterdir()):
            if p.suffix.lower() not in (".txt", ".html", ".htm") or not p.is_file():
                continue
            body = p.read_text(encoding="utf-8", errors="replace")
            ctype = "text/html" if p.suffix.lower() in (".html", ".htm") else "text/plain"
            yield orjson.dumps({"id": p.stem, "source": p.parent.name, "body": body, "content_type": ctype})
        return
    stream: IO[bytes] = sys.stdin.buffer if path == "-" else open(path, "rb")  # noqa: SIM115
    with stream:
        for line in stream:
            line = line.rstrip(b"\r\n")
            if line.strip():
                yield line


def _key_for(value: bytes) -> bytes | None:
    from streams.pipeline import derive_id

    try:
        obj = orjson.loads(value)
    except orjson.JSONDecodeError:
        return None
    if not isinstance(obj, dict):
        return None
    if isinstance(obj.get("id"), str) and obj["id"]:
        return str(obj["id"]).encode()
    if isinstance(obj.get("body"), str):
        return derive_id(obj.get("source"), obj.get("url"), obj["body"]).encode()
    return None


async def publish(s: Settings, values: Iterator[bytes], topic: str, progress: bool = True) -> int:
    """Produce values to a topic (keyed by article id) with an idempotent producer; return the count."""
    from aiokafka import AIOKafkaProducer
    from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from streams.admin import client_kwargs, ensure_topics

    await ensure_topics(s)
    producer = AIOKafkaProducer(
        **client_kwargs(s),
        acks="all",
        enable_idempotence=True,
        linger_ms=10,
        max_batch_size=256 * 1024,
        max_request_size=s.max_message_bytes + 1024 * 1024,
    )
    await producer.start()
    n = 0
    try:
        with Progress(
            SpinnerColumn(),
            TextColumn("published {task.completed} articles to " + topic),
            TimeElapsedColumn(),
            disable=not progress,
            transient=False,
        ) as bar:
            task = bar.add_task("publish", total=None)
            pending = []
            for value in values:
                pending.append(await producer.send(topic, value=value, key=_key_for(value)))
                n += 1
                if len(pending) >= 1000:
                    await asyncio.gather(*pending)
                    pending.clear()
                    bar.update(task, completed=n)
            await asyncio.gather(*pending)
            bar.update(task, completed=n)
    finally:
        await producer.stop()
    return n


def cmd_publish(args: argparse.Namespace, s: Settings) -> int:
    """Publish JSON lines (or a folder of .txt/.html files) into the input topic."""
    n = asyncio.run(publish(s, _read_articles(args.source), args.topic or s.topic_raw, not args.quiet))
    print(f"published {n} messages", file=sys.stderr)
    return 0


# -- tail --------------------------------------------------------------------------------------------
async def _tail(
    s: Settings, topic: str, from_beginning: bool, limit: int | None, timeout: float | None, raw: bool
) -> int:
    from aiokafka import AIOKafkaConsumer
    from rich.console import Console

    from streams.admin import client_kwargs

    console = Console()
    consumer = AIOKafkaConsumer(
        topic, **client_kwargs(s), group_id=None, auto_offset_reset="earliest" if from_beginning else "latest"
    )
    await consumer.start()
    n = 0
    last = time.monotonic()
    try:
        while limit is None or n < limit:
            batch = await consumer.getmany(timeout_ms=500)
            if not batch:
                if timeout is not None and time.monotonic() - last > timeout:
                    break
                continue
            last = time.monotonic()
            for msgs in batch.values():
                for m in msgs:
                    n += 1
                    value = m.value or b""
                    if raw:
                        sys.stdout.buffer.write(value + b"\n")
                        sys.stdout.flush()
                    else:
                        try:
                            console.print_json(value.decode("utf-8", "replace"))
                        except Exception:
                            console.print(value)
                    if limit is not None and n >= limit:
                        return n
    finally:
        await consumer.stop()
    return n


def cmd_tail(args: argparse.Namespace, s: Settings) -> int:
    """Pretty-print records of a topic."""
    asyncio.run(_tail(s, args.topic, args.from_beginning, args.max, args.timeout, args.raw))
    return 0


# -- enrich ------------------------------------------------------------------------------------------
def cmd_enrich(args: argparse.Namespace, s: Settings) -> int:
    """Offline batch mode: JSON lines in, one output line per input line, same stage code as the worker."""
    from streams.pipeline import Origin, Pipeline, settle_heap

    pipeline = Pipeline(s)
    settle_heap()
    ledger: dict[str, bytes] = {}
    src: IO[bytes] = sys.stdin.buffer if args.input in (None, "-") else open(args.input, "rb")  # noqa: SIM115
    dst: IO[bytes] = sys.stdout.buffer if args.output in (None, "-") else open(args.output, "wb")  # noqa: SIM115
    counts: dict[str, int] = {}
    with src, dst:
        for lineno, line in enumerate(src):
            line = line.rstrip(b"\r\n")
            out = pipeline.run_one(line, Origin(topic=args.input or "-", offset=lineno), ledger)
            counts[out.kind] = counts.get(out.kind, 0) + 1
            dst.write(out.value + b"\n")
    summary = ", ".join(f"{k}={v}" for k, v in sorted(counts.items()))
    print(f"enriched {sum(counts.values())} lines: {summary}", file=sys.stderr)
    return 0


# -- replay ------------------------------------------------------------------------------------------
async def _replay(s: Settings, reasons: set[str] | None, timeout: float) -> int:
    from aiokafka import AIOKafkaConsumer

    consumer_kw: dict[str, Any] = {"group_id": None, "auto_offset_reset": "earliest"}
    from streams.admin import client_kwargs

    consumer = AIOKafkaConsumer(s.topic_dlq, **client_kwargs(s), **consumer_kw)
    await consumer.start()
    values: list[bytes] = []
    try:
        last = time.monotonic()
        while time.monotonic() - last < timeout:
            batch = await consumer.getmany(timeout_ms=500)
            for msgs in batch.values():
                for m in msgs:
                    last = time.monotonic()
                    dl = orjson.loads(m.value or b"{}")
                    if reasons and dl.get("reason") not in reasons:
                        continue
                    if dl.get("original_size", 0) > 64 * 1024:
                        continue  # truncated original: cannot be replayed faithfully
                    values.append(base64.b64decode(dl["original_b64"]))
    finally:
        await consumer.stop()
    return await publish(s, iter(values), s.topic_raw, progress=False)


def cmd_replay(args: argparse.Namespace, s: Settings) -> int:
    """Re-publish dead letters' original bytes into the input topic (e.g. after a fix)."""
    n = asyncio.run(_replay(s, set(args.reason) if args.reason else None, args.timeout))
    print(f"replayed {n} dead letters into {s.topic_raw}", file=sys.stderr)
    return 0


# -- kafka -------------------------------------------------------------------------------------------
def cmd_kafka(args: argparse.Namespace, s: Settings) -> int:
    """Start a local single-node Apache Kafka broker and keep it running until Ctrl-C."""
    from streams.kafka_local import LocalKafka

    data = Path(args.data_dir) if args.data_dir else None
    broker = LocalKafka(data_dir=data, port=args.port).start()
    print(f"Kafka ready: STREAMS_KAFKA_BOOTSTRAP={broker.bootstrap}", flush=True)
    try:
        _wait_for_signal()
    finally:
        broker.stop(cleanup=data is None)
    return 0


def _wait_for_signal() -> None:
    stop = False

    def _handler(signum: int, frame: object) -> None:
        nonlocal stop
        stop = True

    signal.signal(signal.SIGTERM, _handler)
    signal.signal(signal.SIGINT, _handler)
    while not stop:
        time.sleep(0.2)


# -- dev (the main job) ------------------------------------------------------------------------------
def cmd_dev(args: argparse.Namespace, s: Settings) -> int:
    """Local broker + worker(s) + the sample feed + live throughput, until Ctrl-C (or --duration)."""
    from streams.dev import run_dev

    return run_dev(
        s,
        workers=args.workers,
        duration=args.duration,
        feed=args.feed,
        repeat=args.repeat,
        rate=args.rate,
        until_done=args.until_done,
    )


# -- misc --------------------------------------------------------------------------------------------
def cmd_schemas(args: argparse.Namespace, s: Settings) -> int:
    """Write the published JSON Schemas to a folder."""
    from streams.schema import json_schemas

    out = Path(args.output)
    out.mkdir(parents=True, exist_ok=True)
    for name, schema in json_schemas().items():
        (out / name).write_text(json.dumps(schema, indent=2, ensure_ascii=False) + "\n")
        print(out / name)
    return 0


def cmd_corpus(args: argparse.Namespace, s: Settings) -> int:
    """Generate the deterministic benchmark corpus as JSON lines."""
    from streams import corpus

    return corpus.main(args.rest)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of the `streams` command."""
    p = argparse.ArgumentParser(prog="streams", description=__doc__)
    sub = p.add_subparsers(dest="command", required=True)
    sub.add_parser("worker", help=cmd_worker.__doc__).set_defaults(func=cmd_worker)
    sp = sub.add_parser("publish", help=cmd_publish.__doc__)
    sp.add_argument("source", help="JSON lines file, a folder of .txt/.html files, or - for stdin")
    sp.add_argument("--topic", default=None)
    sp.add_argument("--quiet", action="store_true")
    sp.set_defaults(func=cmd_publish)
    sp = sub.add_parser("tail", help=cmd_tail.__doc__)
    sp.add_argument("topic")
    sp.add_argument("--from-beginning", action="store_true")
    sp.add_argument("--max", type=int, default=None)
    sp.add_argument("--timeout", type=float, default=None, help="stop after this many idle seconds")
    sp.add_argument("--raw", action="store_true", help="one JSON line per record")
    sp.set_defaults(func=cmd_tail)
    sp = sub.add_parser("enrich", help=cmd_enrich.__doc__)
    sp.add_argument("--input", "-i", default=None, help="JSON lines (default stdin)")
    sp.add_argument("--output", "-o", default=None, help="JSON lines (default stdout)")
    sp.set_defaults(func=cmd_enrich)
    sp = sub.add_parser("replay", help=cmd_replay.__doc__)
    sp.add_argument("--reason", action="append", help="only these reasons (repeatable)")
    sp.add_argument("--timeout", type=float, default=5.0)
    sp.set_defaults(func=cmd_replay)
    sp = sub.add_parser("kafka", help=cmd_kafka.__doc__)
    sp.add_argument("--port", type=int, default=0)
    sp.add_argument("--data-dir", default=None)
    sp.set_defaults(func=cmd_kafka)
    sp = sub.add_parser("dev", help=cmd_dev.__doc__)
    sp.add_argument("--workers", type=int, default=1)
    sp.add_argument("--duration", type=float, default=None, help="stop after this many seconds")
    sp.add_argument("--feed", default=None, help="JSON lines to publish (default: the shipped sample feed)")
    sp.add_argument(
        "--generate",
        dest="repeat",
        type=int,
        default=-1,
        help="after the sample feed, publish N generated articles (-1: until stopped, 0: none)",
    )
    sp.add_argument(
        "--rate", type=float, default=100.0, help="articles/s to publish (0 = as fast as possible)"
    )
    sp.add_argument(
        "--until-done",
        action="store_true",
        help="with a finite feed, stop once every published article has its output (or at --duration)",
    )
    sp.set_defaults(func=cmd_dev)
    sp = sub.add_parser("schemas", help=cmd_schemas.__doc__)
    sp.add_argument("--output", default="schemas")
    sp.set_defaults(func=cmd_schemas)
    sp = sub.add_parser("corpus", help=cmd_corpus.__doc__)
    sp.add_argument("rest", nargs=argparse.REMAINDER)
    sp.set_defaults(func=cmd_corpus)
    return p


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `streams` command."""
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["corpus"] and not {"-h", "--help"} & set(argv[1:]):
        from streams import corpus  # its own argument parser

        return corpus.main(argv[1:])
    args = build_parser().parse_args(argv)
    s = load_settings()
    if args.command != "worker":
        logging.config.dictConfig(
            logging_config(s.log_level if args.command != "enrich" else "WARNING", json=False)
        )
    with contextlib.suppress(BrokenPipeError):
        return int(args.func(args, s))
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONUNBUFFERED", "1")
    sys.exit(main())
