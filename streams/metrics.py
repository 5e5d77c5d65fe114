"""Prometheus metrics of a worker: names `streams_*`, seconds, `_total` counters, bounded labels."""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Mapping

from prometheus_client import CollectorRegistry, Counter, Gauge, Histogram, ProcessCollector

from streams import __version__
from streams.pipeline import Outcome
from streams.schema import DEAD_LETTER_REASONS

# Languages get their own label value; anything else is "other", so cardinality stays bounded.
KNOWN_LANGUAGES = frozenset((
    "ar", "fa", "ur", "ps", "ku", "ckb", "sd", "he", "en", "fr", "es", "de", "it", "pt", "nl", "ru",
    "uk", "tr", "zh", "ja", "ko", "hi", "bn", "id", "ms", "sw", "el", "pl", "ro", "sv", "und",
))
HOPS = ("prepare", "dedup")
STAGES = ("decode", "clean", "language", "tagging", "dedup")
OUTPUT_KINDS = ("dedup_in", "enriched", "duplicates", "dlq")  # dedup_in: prepare's output to the dedup hop
DEDUP_STATUSES = ("unique", "duplicate", "near_duplicate")
SOURCE_BUCKETS = 32
NAMED_SOURCES = 50  # the first sources seen keep their name as label; later ones share hashed buckets
_SOURCE_MAX_CHARS = 64
_BLOCK_KIND = re.compile(r"^[a-z][a-z0-9_]{0,31}$")
_STAGE_BUCKETS = (
    0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0
)
_E2E_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0, 120.0, 300.0, 900.0)
_BATCH_BUCKETS = (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000)


def source_bucket(source: str) -> str:
    """The hashed bucket label of a source: `bucket-00` … `bucket-31`, stable across workers and restarts."""
    digest = int(hashlib.blake2b(source.encode(), digest_size=2).hexdigest(), 16)
    return f"bucket-{digest % SOURCE_BUCKETS:02d}"


def source_label(source: str | None, top: frozenset[str] = frozenset()) -> str:
    """A bounded label for a source: its name if configured as a top source, else a hashed bucket."""
    if not source:
        return "none"
    if source in top:
        return source[:_SOURCE_MAX_CHARS]
    return source_bucket(source)


class SourceLabels:
    """Bounded source labels: top sources and the first `named` sources by name, the rest hashed."""

    def __init__(self, top: frozenset[str] = frozenset(), named: int = NAMED_SOURCES) -> None:
        self.top = top
        self.named = named
        self.seen: set[str] = set()

    def __call__(self, source: str | None) -> str:
        """The label of `source` (at most `len(top) + named + SOURCE_BUCKETS + 1` distinct values)."""
        if not source:
            return "none"
        if source in self.top or source in self.seen:
            return source[:_SOURCE_MAX_CHARS]
        if len(self.seen) < self.named:
            self.seen.add(source)
            return source[:_SOURCE_MAX_CHARS]
        return source_bucket(source)


class Metrics:
    """All metrics of one worker process, in their own registry."""

    def __init__(
        self,
        registry: CollectorRegistry | None = None,
        top_sources: frozenset[str] = frozenset(),
        named_sources: int = NAMED_SOURCES,
        process: bool = True,
    ) -> None:
        r = self.registry = registry or CollectorRegistry()
        self.top_sources = top_sources
        self.source_label = SourceLabels(top_sources, named_sources)
        if process:
            ProcessCollector(registry=r)  # process_cpu_seconds_total, process_resident_memory_bytes, …
        # -- throughput ---------------------------------------------------------------------------------
        self.messages_in = Counter(
            "streams_messages_in_total",
            "Messages consumed, by hop (prepare reads the raw topic, dedup the internal dedup-in topic)",
            ["hop"], registry=r,
        )
        self.messages_out = Counter(
            "streams_messages_out_total",
            "Records produced, by hop and output kind (dedup_in, enriched, duplicates, dlq)",
            ["hop", "kind"], registry=r,
        )
        self.batch_size = Histogram(
            "streams_batch_size", "Messages per processed batch", ["hop"], buckets=_BATCH_BUCKETS, registry=r
        )
        # -- latency ------------------------------------------------------------------------------------
        self.stage_seconds = Histogram(
            "streams_stage_seconds", "Per-message time in each stage", ["stage"], buckets=_STAGE_BUCKETS,
            registry=r,
        )
        self.end_to_end = Histogram(
            "streams_end_to_end_seconds", "Input publish time (Kafka timestamp) to output record produced",
            ["kind"], buckets=_E2E_BUCKETS, registry=r,
        )
        # -- errors -------------------------------------------------------------------------------------
        self.dead_letters = Counter(
            "streams_dead_letters_total", "Dead letters by stage and reason", ["stage", "reason"], registry=r
        )
        self.internal_errors = Counter(
            "streams_internal_errors_total", "Unexpected exceptions in stage code (dead-lettered)", ["stage"],
            registry=r,
        )
        # -- dedup --------------------------------------------------------------------------------------
        self.dedup = Counter("streams_dedup_total", "Dedup verdicts", ["status"], registry=r)
        self.replayed = Counter(
            "streams_replayed_total", "Redelivered inputs re-emitted from the output ledger", registry=r
        )
        self.index_docs = Gauge("streams_dedup_index_documents", "Documents in the dedup index", registry=r)
        # -- content ------------------------------------------------------------------------------------
        self.languages = Counter("streams_language_total", "Detected main language", ["language"], registry=r)
        self.hint_disagreements = Counter(
            "streams_language_hint_disagreements_total", "Publisher language hint differs from detection",
            registry=r,
        )
        self.source_articles = Counter(
            "streams_source_articles_total", "Articles cleaned, by source (bounded label)", ["source"],
            registry=r,
        )
        self.chars_in = Counter(
            "streams_clean_chars_in_total", "Characters before cleaning, by source", ["source"], registry=r
        )
        self.chars_out = Counter(
            "streams_clean_chars_out_total", "Characters after cleaning, by source", ["source"], registry=r
        )
        self.chars_removed = Counter(
            "streams_boilerplate_chars_removed_total", "Characters removed by cleaning, by source",
            ["source"], registry=r,
        )
        self.blocks_removed = Counter(
            "streams_boilerplate_blocks_removed_total", "Boilerplate blocks removed, by source and kind",
            ["source", "kind"], registry=r,
        )
        # -- consumer and worker ------------------------------------------------------------------------
        self.lag = Gauge(
            "streams_consumer_lag", "Messages behind the end of each assigned partition",
            ["topic", "partition"], registry=r,
        )
        self.up = Gauge("streams_worker_up", "1 while the worker's metrics server runs", registry=r)
        self.ready = Gauge("streams_worker_ready", "1 when partitions are assigned", registry=r)
        self.rebalances = Counter("streams_rebalances_total", "Consumer group rebalances seen", registry=r)
        self.start_time = Gauge(
            "streams_worker_start_time_seconds", "Unix time the worker's metrics were created", registry=r
        )
        self.build_info = Gauge("streams_build_info", "Always 1; the version", ["version"], registry=r)
        self.start_time.set(time.time())
        self.build_info.labels(__version__).set(1)
        self._precreate()

    def _precreate(self) -> None:
        # Series that exist from the start show as zeros on dashboards (not gaps) and make rate() exact.
        for hop in HOPS:
            self.messages_in.labels(hop)
            self.batch_size.labels(hop)
        for hop, kind in (("prepare", "dedup_in"), ("prepare", "dlq"), ("dedup", "enriched"),
                          ("dedup", "duplicates"), ("dedup", "dlq")):
            self.messages_out.labels(hop, kind)
        for reason in DEAD_LETTER_REASONS:
            self.dead_letters.labels("decode", reason)
        for status in DEDUP_STATUSES:
            self.dedup.labels(status)
        for stage in STAGES:
            self.internal_errors.labels(stage)
            self.stage_seconds.labels(stage)
        for kind in ("enriched", "duplicates"):
            self.end_to_end.labels(kind)

    def set_lag(self, lags: Mapping[tuple[str, int], int]) -> None:
        """Replace all lag series with the current assignment's (revoked partitions disappear)."""
        wanted = {(topic, str(partition)) for topic, partition in lags}
        for labels in [tuple(s.labels.values()) for m in self.lag.collect() for s in m.samples]:
            if labels not in wanted:
                self.lag.remove(*labels)
        for (topic, partition), n in lags.items():
            self.lag.labels(topic, str(partition)).set(max(0, n))

    def record(self, hop: str, out: Outcome, e2e: float | None = None) -> None:
        """Account for one message's outcome in a hop."""
        for stage, secs in out.timings.items():
            self.stage_seconds.labels(stage if stage in STAGES else "other").observe(secs)
        if out.kind == "dlq":
            stage = out.stage if out.stage in STAGES else hop
            reason = out.reason if out.reason in DEAD_LETTER_REASONS else "internal_error"
            self.dead_letters.labels(stage, reason).inc()
            if reason == "internal_error":
                self.internal_errors.labels(stage).inc()
            self.messages_out.labels(hop, "dlq").inc()
            return
        if hop == "prepare":
            self.messages_out.labels(hop, "dedup_in").inc()
            src = self.source_label(out.source)
            lang = out.language or "und"
            self.languages.labels(lang if lang in KNOWN_LANGUAGES else "other").inc()
            if out.hint_disagrees:
                self.hint_disagreements.inc()
            self.source_articles.labels(src).inc()
            if out.cleaning:
                before = out.cleaning.get("chars_before", 0)
                after = out.cleaning.get("chars_after", 0)
                self.chars_in.labels(src).inc(before)
                self.chars_out.labels(src).inc(after)
                self.chars_removed.labels(src).inc(max(0, before - after))
                for key, n in out.cleaning.items():
                    if key.startswith("blocks:") and n > 0:
                        kind = key[7:]
                        self.blocks_removed.labels(src, kind if _BLOCK_KIND.match(kind) else "other").inc(n)
            return
        if out.replayed:
            self.replayed.inc()
        elif out.dedup_status:
            self.dedup.labels(out.dedup_status if out.dedup_status in DEDUP_STATUSES else "unique").inc()
        kind = out.kind if out.kind in ("enriched", "duplicates") else "enriched"
        self.messages_out.labels(hop, kind).inc()
        if e2e is not None and e2e >= 0:
            self.end_to_end.labels(kind).observe(e2e)
