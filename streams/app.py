"""The Faust wiring: topics, tables and the two agents of the pipeline (the only module importing Faust)."""

from __future__ import annotations

import asyncio
import logging
import os
import sys
import time
from collections.abc import Awaitable, Coroutine, Iterator, Mapping, MutableMapping, Sequence
from dataclasses import dataclass, field
from typing import Any, cast

import faust
from aiohttp import web
from faust.transport.drivers import aiokafka as aiokafka_driver
from faust.types import EventT
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

from streams.admin import ensure_topics, ssl_context
from streams.metrics import Metrics
from streams.pipeline import (
    Origin,
    Outcome,
    Pipeline,
    decode_intermediate,
    encode_intermediate,
    settle_heap,
)
from streams.settings import Settings
from streams.stages.clean import BoilerplateState
from streams.topics import TABLES, TopicNames

log = logging.getLogger(__name__)

EVICT_EVERY_S = 60.0


class TableView(MutableMapping[str, bytes]):
    """A str-keyed view of a bytes-keyed Faust table that writes its changelog to one explicit partition.

    Batched processing has no single "current event", so Faust's implicit partition choice would be wrong;
    here every write goes to the partition of the message that caused it.
    """

    def __init__(self, table: Any, partition: int, futures: list[Awaitable[Any]]) -> None:
        self.table = table
        self.partition = partition
        self.futures = futures

    def __getitem__(self, key: str) -> bytes:
        value = self.table.data.get(key.encode())
        if value is None:
            raise KeyError(key)
        return bytes(value)

    def __setitem__(self, key: str, value: bytes) -> None:
        k = key.encode()
        self.table.data[k] = value
        self.futures.append(self.table.send_changelog(self.partition, k, value))

    def __delitem__(self, key: str) -> None:
        k = key.encode()
        self.table.data.pop(k, None)
        self.futures.append(self.table.send_changelog(self.partition, k, None, value_serializer="raw"))

    def __iter__(self) -> Iterator[str]:
        return (bytes(k).decode() for k in list(self.table.data.keys()))

    def __len__(self) -> int:
        return len(self.table.data)


@dataclass
class WorkerState:
    """Per-process state owned by the agents: learned boilerplate per raw partition, eviction clock."""

    boilerplate: dict[int, BoilerplateState] = field(default_factory=dict)
    last_evict: dict[str, float] = field(default_factory=dict)
    assigned: bool = False
    # (topic, partition) -> (last seen resume offset, monotonic time it last moved), for the stall watchdog
    progress: dict[tuple[str, int], tuple[int, float]] = field(default_factory=dict)


def stalled_partitions(
    progress: dict[tuple[str, int], tuple[int, float]],
    offsets: Mapping[tuple[str, int], tuple[int, int]],
    now: float,
    timeout: float,
) -> list[tuple[str, int]]:
    """Update `progress` with {tp: (resume offset, lag)}; return the partitions with lag and no progress."""
    stalled: list[tuple[str, int]] = []
    for tp in list(progress):
        if tp not in offsets:
            del progress[tp]  # no longer assigned here
    for tp, (offset, lag) in offsets.items():
        last = progress.get(tp)
        if last is None or last[0] != offset or lag == 0:
            progress[tp] = (offset, now)
        elif timeout > 0 and now - last[1] >= timeout:
            stalled.append(tp)
    return sorted(stalled)


class IdempotentProducer(aiokafka_driver.Producer):
    """Faust's aiokafka producer with idempotence on (acks=all), so retries never duplicate outputs."""

    def _settings_extra(self) -> Mapping[str, Any]:
        return {**super()._settings_extra(), "acks": "all", "enable_idempotence": True}


class SafeSeekConsumer(aiokafka_driver.Consumer):
    """Faust's aiokafka consumer with a commit rule that never skips an offset it has not seen processed.

    Faust commits the first run of consecutive acked offsets, and tolerates one unacked offset right after
    the committed one (none at all when nothing is committed yet); aiokafka's `seek_to_committed` leaves
    partitions without a commit where the fetcher is. Events dropped at a rebalance were so committed past
    and never seen again (articles lost in the 20k soak test at raw offsets 1, 4 and 2652). Here every
    source partition is sought to its committed offset, or to its first offset when nothing is committed,
    and an offset is committed past only when it was acked, or when the first record fetched after that
    seek lies beyond it (the offsets between are transaction markers or compacted away, never records).
    A partition held up this way shows lag without progress, and the stall watchdog restarts the worker.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._floor: dict[Any, int] = {}  # tp -> offset consumption restarted at (last seek)
        self._first_fetched: dict[Any, int] = {}  # tp -> offset of the first record fetched after that seek
        self._held: dict[Any, int] = {}  # tp -> offset a commit is held at (logged once per offset)

    async def perform_seek(self) -> None:
        await super().perform_seek()
        acks_enabled_for = self.app.topics.acks_enabled_for  # the agents' sources, not table changelogs
        sources = [tp for tp in self.assignment() if acks_enabled_for(tp.topic)]
        fresh = [tp for tp in sources if not self._committed_offset.get(tp)]
        starts = await self.earliest_offsets(*fresh) if fresh else {}
        floor: dict[Any, int] = {}
        for tp in sources:
            if tp in fresh:
                await self.seek(tp, starts[tp])  # also resets Faust's read offset, so they are read again
                floor[tp] = starts[tp]
            else:
                floor[tp] = cast(int, self._committed_offset[tp])
        self._floor = floor
        self._first_fetched = {}  # a new dict: a fetch already under way keeps writing to the old one

    async def getmany(self, timeout: float) -> Any:
        # Records of a fetch that started before a seek are from before it: they must not count as the
        # first record after it, so this fetch writes to the dict that was current when it started.
        first = self._first_fetched
        async for tp, message in super().getmany(timeout):
            first.setdefault(tp, message.offset)
            yield tp, message

    def _new_offset(self, tp: Any) -> int | None:
        acked = self._acked[tp]
        floor = self._floor.get(tp)
        if acked and floor is not None:
            committed = self._committed_offset[tp]
            nxt = committed if committed is not None else floor
            lowest = min(acked)
            if lowest > nxt and not self._gap[tp].at(nxt):  # Faust's gaps: offsets skipped between records
                fetched = self._first_fetched.get(tp)
                if not (nxt == floor and fetched is not None and fetched == lowest):
                    if self._held.get(tp) != nxt:
                        self._held[tp] = nxt
                        log.warning(
                            "commit held on %s at offset %s: not acked (lowest acked %s, %s acked, floor %s, "
                            "first fetched %s)",
                            tp,
                            nxt,
                            lowest,
                            len(acked),
                            floor,
                            fetched,
                        )
                    return None  # offset `nxt` was never acked: committing past it would lose it
        result: int | None = super()._new_offset(tp)
        return result


class StreamsTransport(aiokafka_driver.Transport):
    """The aiokafka transport with the idempotent producer and the safe-seek consumer."""

    Consumer = SafeSeekConsumer
    Producer = IdempotentProducer


class StreamsApp(faust.App):
    """A Faust app whose producer is idempotent and whose consumer never commits past a dropped event."""

    def _new_transport(self) -> Any:
        return StreamsTransport(self.conf.broker_consumer, self)

    def _new_producer_transport(self) -> Any:
        return StreamsTransport(self.conf.broker_producer, self)


def broker_credentials(s: Settings) -> Any:
    """Faust credentials for SASL/SSL settings (None for plaintext)."""
    ctx = ssl_context(s)
    if s.kafka_sasl_mechanism:
        password = s.kafka_sasl_password.get_secret_value() if s.kafka_sasl_password else ""
        return faust.SASLCredentials(
            username=s.kafka_sasl_username,
            password=password,
            ssl_context=ctx,
            mechanism=s.kafka_sasl_mechanism,
        )
    if ctx is not None:
        return faust.SSLCredentials(ctx)
    return None


async def run_batch(
    hop: str, work: Coroutine[Any, Any, None], grace: float = 30.0, fail_fast: bool = True
) -> None:
    """Run one batch so that its input offsets are acked only if every output was acknowledged.

    Faust's `take_events` acks a batch's events in a `finally:` block, even when the body raised or was
    cancelled; a failed batch would then be committed and its articles lost. So: a cancelled batch (shutdown,
    rebalance) is first finished, and a batch that fails in the shell ends the process at once, before the
    acks run, so the uncommitted inputs are redelivered to the next worker (the output ledger makes the
    re-emits identical).
    """
    task = asyncio.ensure_future(work)
    try:
        await asyncio.shield(task)
    except asyncio.CancelledError:
        try:
            await asyncio.wait_for(asyncio.shield(task), grace)
        except BaseException:
            _die(hop, "batch could not be finished during shutdown")
        raise
    except BaseException:
        log.critical("batch failed in hop %s; exiting so its inputs are redelivered", hop, exc_info=True)
        if not fail_fast:  # tests: surface the error instead of ending the test process
            raise
        _die(hop, "batch failed")


def _die(hop: str, why: str, code: int = 70) -> None:
    logging.shutdown()
    sys.stderr.write(f"streams worker: {why} in hop {hop}; exiting without committing\n")
    sys.stderr.flush()
    os._exit(code)


def create_app(
    settings: Settings,
    pipeline: Pipeline | None = None,
    metrics: Metrics | None = None,
    fail_fast: bool = True,
) -> faust.App:
    """Build the Faust app with its topics, tables, agents and health/metrics endpoints."""
    s = settings
    names = TopicNames.from_settings(s)
    pipeline = pipeline or Pipeline(s)
    metrics = metrics or Metrics()
    state = WorkerState()
    s.worker_state_dir.mkdir(parents=True, exist_ok=True)
    app = StreamsApp(
        s.app_id,
        broker=f"kafka://{s.kafka_bootstrap}",
        broker_credentials=broker_credentials(s),
        store="memory://",
        datadir=str(s.worker_state_dir),
        web_enabled=False,  # our own health/metrics server binds where configured
        topic_partitions=s.topic_partitions,
        topic_replication_factor=s.topic_replication,
        consumer_auto_offset_reset="earliest",
        producer_acks=-1,
        producer_linger_ms=5,
        producer_max_request_size=s.max_message_bytes + 1024 * 1024,
        consumer_max_fetch_size=s.max_message_bytes + 1024 * 1024,
        broker_commit_interval=1.0,
        broker_session_timeout=s.session_timeout_s,
        broker_heartbeat_interval=max(1.0, s.session_timeout_s / 4),
        stream_buffer_maxsize=max(4096, s.batch_size * 4),
        table_standby_replicas=0,
        logging_config=None,
    )
    # Every topic carries raw bytes: the shell decodes and encodes, once per hop.
    raw_schema: Any = faust.Schema(
        key_type=bytes, value_type=bytes, key_serializer="raw", value_serializer="raw"
    )

    def bytes_topic(name: str, **kwargs: Any) -> Any:
        return app.topic(name, schema=raw_schema, partitions=s.topic_partitions, **kwargs)

    raw_topic = bytes_topic(names.raw)
    dedup_in = bytes_topic(names.dedup_in, internal=True)
    out_topics = {
        kind: bytes_topic(name)
        for kind, name in (("enriched", names.enriched), ("duplicates", names.duplicates), ("dlq", names.dlq))
    }
    language_topics: dict[str, Any] = {}
    # key_type/value_type bytes select Faust's "raw" codec for the store; the schema alone only covers the
    # changelog topic, and recovery would otherwise decode our msgpack values as JSON and never finish.
    tables = {
        name: app.Table(
            name,
            default=None,
            schema=raw_schema,
            key_type=bytes,
            value_type=bytes,
            partitions=s.topic_partitions,
        )
        for name in TABLES
    }
    ledger, boiler_table = tables["ledger"], tables["boilerplate"]

    def boilerplate_for(partition: int) -> BoilerplateState:
        st = state.boilerplate.get(partition)
        if st is None:
            st = state.boilerplate[partition] = BoilerplateState(pipeline.clean_cfg)
            prefix = f"{partition}:".encode()
            for k, v in list(boiler_table.data.items()):
                if bytes(k).startswith(prefix):
                    st.import_source(bytes(k)[len(prefix) :].decode(), bytes(v))
            st.dirty.clear()
        return st

    def origin_of(event: EventT[Any]) -> Origin:
        m = event.message
        return Origin(topic=m.topic, partition=m.partition, offset=m.offset, key=m.key, timestamp=m.timestamp)

    async def send(kind: str, out: Outcome, futures: list[Awaitable[Any]]) -> None:
        futures.append(await out_topics[kind].send(key=out.key, value=out.value))
        if kind == "enriched" and s.language_topics and out.language:
            topic = language_topics.get(out.language)
            if topic is None:
                # Created on first use with the enriched topic's configs: brokers rarely auto-create topics.
                await ensure_topics(s, (out.language,))
                topic = language_topics[out.language] = bytes_topic(names.language_topic(out.language))
            futures.append(await topic.send(key=out.key, value=out.value))
        if kind == "duplicates" and s.near_duplicates_to_enriched and out.dedup_status == "near_duplicate":
            futures.append(await out_topics["enriched"].send(key=out.key, value=out.value))

    # Both agents batch over `stream.noack()`: `take_events` turns the stream's auto-acks off only while it
    # runs and restores them in its `finally`, so at shutdown the stream's background drainer went on to ack
    # events it had fetched but no batch had processed, and Faust committed past them (an article lost on
    # SIGTERM in ~1 of 10 runs). A noack stream acks only what `take_events` acks after our batch returned.
    @app.agent(raw_topic, name="prepare")
    async def prepare_agent(stream: Any) -> None:
        async for events in stream.noack().take_events(s.batch_size, within=s.batch_within_s):
            await run_batch("prepare", _prepare_batch(events), fail_fast=fail_fast)

    async def _prepare_batch(events: Sequence[EventT[Any]]) -> None:
        futures: list[Awaitable[Any]] = []
        metrics.batch_size.labels("prepare").observe(len(events))
        touched: set[int] = set()
        for event in events:
            metrics.messages_in.labels("prepare").inc()
            origin = origin_of(event)
            raw = event.value if isinstance(event.value, bytes) else bytes(event.value or b"")
            assert origin.partition is not None
            bp = boilerplate_for(origin.partition)
            out = pipeline.prepare(raw, origin, boilerplate=bp)
            if bp.dirty:
                touched.add(origin.partition)
            metrics.record("prepare", out)
            if out.kind == "dlq":
                futures.append(await out_topics["dlq"].send(key=out.key, value=out.value))
            else:
                assert out.intermediate is not None
                futures.append(await dedup_in.send(key=out.key, value=encode_intermediate(out.intermediate)))
        for partition in touched:
            bp = state.boilerplate[partition]
            for source in sorted(bp.dirty):
                key = f"{partition}:{source}".encode()
                value = bp.export_source(source)
                boiler_table.data[key] = value
                futures.append(boiler_table.send_changelog(partition, key, value))
            bp.dirty.clear()
        # Offsets are acked only after this returns: wait until every output is acknowledged by the broker.
        if futures:
            await asyncio.gather(*futures)

    @app.agent(dedup_in, name="dedup")
    async def dedup_agent(stream: Any) -> None:
        async for events in stream.noack().take_events(s.batch_size, within=s.batch_within_s):
            await run_batch("dedup", _dedup_batch(events), fail_fast=fail_fast)

    async def _dedup_batch(events: Sequence[EventT[Any]]) -> None:
        ledger_futures: list[Awaitable[Any]] = []
        outputs: list[tuple[Outcome, float | None]] = []
        metrics.batch_size.labels("dedup").observe(len(events))
        now = time.time()
        for event in events:
            metrics.messages_in.labels("dedup").inc()
            inter = decode_intermediate(bytes(event.value))
            view = TableView(ledger, event.message.partition, ledger_futures)
            outputs.append((pipeline.decide(inter, view), inter.input_ts))
            lang = inter.article.language.code
            if now - state.last_evict.setdefault(lang, now) > EVICT_EVERY_S:
                state.last_evict[lang] = now
                pipeline.evict(lang, view, now)
        metrics.index_docs.set(sum(len(ix) for ix in pipeline.indexes.values()))
        # The ledger is durable before any output is sent: an output that reached a consumer is always
        # re-emitted byte-identically after a crash, never recomputed.
        if ledger_futures:
            await asyncio.gather(*ledger_futures)
        futures: list[Awaitable[Any]] = []
        for out, input_ts in outputs:
            await send(out.kind, out, futures)
            metrics.record("dedup", out, time.time() - input_ts if input_ts else None)
        if futures:
            await asyncio.gather(*futures)

    async def _on_revoked(app: faust.App, revoked: Any, **kwargs: Any) -> None:
        state.boilerplate.clear()
        pipeline.forget_indexes()
        state.assigned = False
        metrics.ready.set(0)
        metrics.rebalances.inc()
        metrics.set_lag({})

    async def _on_assigned(app: faust.App, assigned: Any, **kwargs: Any) -> None:
        state.boilerplate.clear()
        pipeline.forget_indexes()
        state.assigned = True
        metrics.ready.set(1)

    async def _lag() -> None:
        consumer = app.consumer
        committed: dict[Any, int] = getattr(consumer, "_committed_offset", {}) or {}
        lags: dict[tuple[str, int], int] = {}
        offsets: dict[tuple[str, int], tuple[int, int]] = {}
        # table changelogs are written by this worker, not consumed
        sources = [tp for tp in consumer.assignment() if tp.topic in (names.raw, names.dedup_in)]
        try:
            # Asked of the broker (the consumer's cached highwaters go stale while it is unreachable).
            highwaters = await asyncio.wait_for(consumer.highwaters(*sources), 5.0) if sources else {}
        except Exception:  # broker unreachable or slow: no lag figures, and no stall either
            log.warning("could not read the partitions' end offsets; lag unknown", exc_info=True)
            state.progress.clear()
            return
        for tp in sources:
            hw = highwaters.get(tp)
            # The committed offset is where the group resumes (what KEDA sees); position() runs ahead of
            # processing by up to the stream buffer.
            done = committed.get(tp)
            if done is None:
                done = await consumer.position(tp)
            if hw is not None and done is not None:
                lags[(tp.topic, tp.partition)] = max(0, hw - done)
                offsets[(tp.topic, tp.partition)] = (done, max(0, hw - done))
        metrics.set_lag(lags)  # drops partitions no longer assigned here
        recovery = getattr(app.tables, "recovery", None)
        if not state.assigned or app.rebalancing or getattr(recovery, "in_recovery", False):
            state.progress.clear()  # the clock starts again once partitions are assigned and recovered
            return
        stalled = stalled_partitions(state.progress, offsets, time.monotonic(), s.stall_timeout_s)
        if stalled and fail_fast:
            # Faust can leave a partition unfetched after the broker comes back (faust-streaming#523): nothing
            # is lost (offsets stay uncommitted), but nothing moves until the consumer is recreated.
            log.critical(
                "no progress on partitions with lag; exiting for a restart",
                extra={"partitions": [f"{t}[{p}]" for t, p in stalled], "timeout_s": s.stall_timeout_s},
            )
            why = f"no progress for {s.stall_timeout_s:g}s on {len(stalled)} partition(s)"
            _die("consumer", why, code=71)

    async def _http() -> None:
        await serve_http(app, s, metrics, state)

    app.on_partitions_revoked.connect(cast(Any, _on_revoked))
    app.on_partitions_assigned.connect(cast(Any, _on_assigned))
    app.timer(5.0)(_lag)
    app.task(_http)

    app.streams_metrics = metrics  # type: ignore[attr-defined]
    app.streams_pipeline = pipeline  # type: ignore[attr-defined]
    app.streams_agents = {"prepare": prepare_agent, "dedup": dedup_agent}  # type: ignore[attr-defined]
    app.streams_topics = {**out_topics, "dedup_in": dedup_in, "raw": raw_topic}  # type: ignore[attr-defined]
    return app


async def serve_http(app: faust.App, s: Settings, metrics: Metrics, state: WorkerState) -> None:
    """Serve /metrics, /healthz and /readyz on the configured host and port (0 picks a free one)."""

    async def metrics_h(_: web.Request) -> web.Response:
        return web.Response(
            body=generate_latest(metrics.registry), headers={"Content-Type": CONTENT_TYPE_LATEST}
        )

    async def health_h(_: web.Request) -> web.Response:
        return web.json_response({"status": "ok", "worker_id": s.worker_id})

    async def ready_h(_: web.Request) -> web.Response:
        ready = state.assigned and not app.rebalancing
        return web.json_response({"ready": ready}, status=200 if ready else 503)

    wapp = web.Application()
    wapp.router.add_get("/metrics", metrics_h)
    wapp.router.add_get("/healthz", health_h)
    wapp.router.add_get("/readyz", ready_h)
    runner = web.AppRunner(wapp, access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, s.metrics_host, s.metrics_port)
    await site.start()
    port = runner.addresses[0][1] if runner.addresses else s.metrics_port
    (s.worker_state_dir / "metrics.port").write_text(str(port))
    log.info("metrics and health endpoints listening", extra={"host": s.metrics_host, "port": port})
    metrics.up.set(1)
    try:
        while True:
            await asyncio.sleep(3600)
    finally:
        metrics.up.set(0)
        await runner.cleanup()


def run_worker(settings: Settings) -> int:
    """Run a Faust worker for the pipeline until SIGTERM/SIGINT; returns the exit code."""
    from streams.logs import logging_config

    app = create_app(settings)
    settle_heap()  # models are loaded: keep them out of the collector's scans
    worker = faust.Worker(
        app,
        loglevel=settings.log_level,
        logging_config=logging_config(settings.log_level, settings.log_json),
        redirect_stdouts=False,
    )
    worker.execute_from_commandline()
    return 0
