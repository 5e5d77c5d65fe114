"""Kafka side of the benchmark: topics, bulk and paced loading, the bare aiokafka pass-through, outputs."""

from __future__ import annotations

import asyncio
import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import orjson
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic

Message = tuple[bytes, bytes]  # (key, value)
MAX_BYTES = 16 * 1024 * 1024


async def create_topics(bootstrap: str, names: Sequence[str], partitions: int) -> None:
    """Create topics (if missing) with `partitions` partitions and wait until their leaders are known."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        new = [NewTopic(n, partitions, 1, topic_configs={"max.message.bytes": str(MAX_BYTES)})
               for n in names if n not in existing]
        if new:
            await admin.create_topics(new)
    finally:
        await admin.close()
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap)
    await consumer.start()
    try:
        for _ in range(100):
            if all(len(consumer.partitions_for_topic(n) or ()) == partitions for n in names):
                return
            await consumer._client.force_metadata_update()
            await asyncio.sleep(0.1)
    finally:
        await consumer.stop()
    raise RuntimeError(f"topics {names} not ready with {partitions} partitions")


async def load(bootstrap: str, topic: str, messages: Sequence[Message]) -> float:
    """Produce all messages as fast as the client can (keyed, so partitioned by id); return the seconds."""
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks=1, linger_ms=20, max_batch_size=1024 * 1024,
                                max_request_size=MAX_BYTES)
    await producer.start()
    t0 = time.monotonic()
    try:
        futures = [await producer.send(topic, key=k, value=v) for k, v in messages]
        await asyncio.gather(*futures)
    finally:
        await producer.stop()
    return time.monotonic() - t0


async def partitions_of(consumer: AIOKafkaConsumer, topics: Sequence[str]) -> list[TopicPartition]:
    """All partitions of `topics` (refreshing metadata until each topic is known)."""
    for _ in range(100):
        parts = {t: consumer.partitions_for_topic(t) for t in topics}
        if all(parts.values()):
            return [TopicPartition(t, p) for t in topics for p in sorted(parts[t] or ())]
        await consumer._client.force_metadata_update()
        await asyncio.sleep(0.1)
    raise RuntimeError(f"topics not found: {topics}")


async def count_records(bootstrap: str, topics: Sequence[str]) -> dict[str, int]:
    """Records in each topic (sum of end offsets: no transactions here, so offsets count records)."""
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap)
    await consumer.start()
    try:
        tps = await partitions_of(consumer, topics)
        ends = await consumer.end_offsets(tps)
    finally:
        await consumer.stop()
    out = dict.fromkeys(topics, 0)
    for tp, end in ends.items():
        out[tp.topic] += end
    return out


async def wait_for_outputs(
    bootstrap: str, topics: Sequence[str], expected: int, timeout: float,
    on_poll: Callable[[int], None] | None = None, check: Callable[[], None] | None = None,
) -> None:
    """Poll the end offsets of `topics` until they hold `expected` records (`check()` between polls)."""
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap)
    await consumer.start()
    try:
        tps = await partitions_of(consumer, topics)
        deadline = time.monotonic() + timeout
        while True:
            total = sum((await consumer.end_offsets(tps)).values())
            if on_poll is not None:
                on_poll(total)
            if total >= expected:
                return
            if check is not None:
                check()
            if time.monotonic() > deadline:
                raise TimeoutError(f"only {total} of {expected} records in {topics} after {timeout:.0f}s")
            await asyncio.sleep(0.2)
    finally:
        await consumer.stop()


@dataclass
class Outputs:
    """What a run wrote: record ids per topic and the producer timestamps (ms) of the records."""

    ids: dict[str, list[str]] = field(default_factory=dict)
    timestamps_ms: list[int] = field(default_factory=list)

    @property
    def count(self) -> int:
        """All records read."""
        return len(self.timestamps_ms)


async def read_outputs(bootstrap: str, topics: Sequence[str], id_from_value: bool = False,
                       timeout: float = 120.0) -> Outputs:
    """Read every record of `topics` from the start: its id (the key, or the value's `id`) and timestamp."""
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, group_id=None, enable_auto_commit=False,
                                fetch_max_bytes=64 * 1024 * 1024, max_partition_fetch_bytes=MAX_BYTES)
    await consumer.start()
    out = Outputs(ids={t: [] for t in topics})
    try:
        tps = await partitions_of(consumer, topics)
        consumer.assign(tps)
        ends = await consumer.end_offsets(tps)
        await consumer.seek_to_beginning(*tps)
        remaining = {tp for tp, end in ends.items() if end > 0}
        deadline = time.monotonic() + timeout
        while remaining and time.monotonic() < deadline:
            batch = await consumer.getmany(timeout_ms=500, max_records=10_000)
            for tp, msgs in batch.items():
                ids = out.ids[tp.topic]
                for m in msgs:
                    if id_from_value:
                        ids.append(str(orjson.loads(m.value or b"{}").get("id")))
                    else:
                        ids.append((m.key or b"").decode())
                    out.timestamps_ms.append(m.timestamp)
                if msgs and msgs[-1].offset + 1 >= ends[tp]:
                    remaining.discard(tp)
    finally:
        await consumer.stop()
    return out


async def aiokafka_passthrough(bootstrap: str, source: str, sink: str, expected: int,
                               on_first: Callable[[], None] | None = None) -> None:
    """The bare-client baseline: consume batches, send each record on, wait for the acks, repeat."""
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, group_id=None, enable_auto_commit=False,
                                fetch_max_bytes=64 * 1024 * 1024, max_partition_fetch_bytes=MAX_BYTES)
    # acks=all and idempotence: the same delivery guarantees as the pipeline's producer.
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", enable_idempotence=True, linger_ms=5,
                                max_request_size=MAX_BYTES)
    await consumer.start()
    await producer.start()
    try:
        tps = await partitions_of(consumer, [source])
        consumer.assign(tps)
        await consumer.seek_to_beginning(*tps)
        done = 0
        while done < expected:
            batch = await consumer.getmany(timeout_ms=1000, max_records=1000)
            if on_first is not None and batch:
                on_first()
                on_first = None
            futures = []
            for msgs in batch.values():
                for m in msgs:
                    futures.append(await producer.send(sink, key=m.key, value=m.value))
            await asyncio.gather(*futures)
            done += len(futures)
    finally:
        await producer.stop()
        await consumer.stop()


async def paced_latency(
    bootstrap: str, source: str, outputs: Sequence[str], messages: Sequence[Message], rate: float,
    timeout: float = 60.0,
) -> dict[str, Any]:
    """Publish at `rate` msg/s while reading the outputs; latency = output receive time − send time, by id."""
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, group_id=None, enable_auto_commit=False,
                                fetch_max_bytes=64 * 1024 * 1024, max_partition_fetch_bytes=MAX_BYTES,
                                fetch_max_wait_ms=50)
    # A publisher-like producer: small linger, acks=all, as `streams publish` would send.
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all", enable_idempotence=True, linger_ms=2,
                                max_request_size=MAX_BYTES)
    await consumer.start()
    await producer.start()
    sent: dict[str, float] = {}
    received: dict[str, tuple[str, float]] = {}
    stop = asyncio.Event()

    async def consume() -> None:
        while not stop.is_set():
            batch = await consumer.getmany(timeout_ms=100)
            now = time.time()
            for tp, msgs in batch.items():
                for m in msgs:
                    received.setdefault((m.key or b"").decode(), (tp.topic, now))

    try:
        tps = await partitions_of(consumer, list(outputs))
        consumer.assign(tps)
        await consumer.seek_to_end(*tps)
        for tp in tps:  # resolve the end positions now, so nothing produced from here on is skipped
            await consumer.position(tp)
        reader = asyncio.create_task(consume())
        futures = []
        t0 = time.monotonic()
        for i, (key, value) in enumerate(messages):
            delay = t0 + i / rate - time.monotonic()
            if delay > 0:
                await asyncio.sleep(delay)
            sent[key.decode()] = time.time()
            futures.append(await producer.send(source, key=key, value=value))
        await asyncio.gather(*futures)
        offered_s = time.monotonic() - t0
        deadline = time.monotonic() + timeout
        while len(set(sent) & set(received)) < len(sent) and time.monotonic() < deadline:
            await asyncio.sleep(0.2)
        stop.set()
        await reader
    finally:
        await producer.stop()
        await consumer.stop()
    lat = sorted(received[k][1] - t for k, t in sent.items() if k in received)
    enriched = sorted(received[k][1] - t for k, t in sent.items() if k in received and
                      received[k][0] == outputs[0])
    return {
        "rate_docs_s": round(rate, 1), "docs": len(sent), "offered_s": round(offered_s, 2),
        "achieved_rate_docs_s": round(len(sent) / offered_s, 1) if offered_s > 0 else None,
        "missing": len(set(sent) - set(received)),
        "p50_ms": _ms(percentile(lat, 50)), "p99_ms": _ms(percentile(lat, 99)),
        "max_ms": _ms(lat[-1] if lat else None),
        "enriched_docs": len(enriched), "enriched_p50_ms": _ms(percentile(enriched, 50)),
        "enriched_p99_ms": _ms(percentile(enriched, 99)),
    }


def percentile(sorted_values: Sequence[float], q: float) -> float | None:
    """Nearest-rank percentile of already sorted values."""
    if not sorted_values:
        return None
    rank = max(1, min(len(sorted_values), math.ceil(q / 100 * len(sorted_values))))
    return sorted_values[rank - 1]


def _ms(seconds: float | None) -> float | None:
    return round(seconds * 1000, 1) if seconds is not None else None

