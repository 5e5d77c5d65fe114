"""The stage shell shared by the Faust agents and `streams enrich`: decode, stages, records, dead letters."""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import gc
import hashlib
import logging
import signal
import threading
import time
from collections.abc import Iterator, MutableMapping
from dataclasses import dataclass, field
from typing import Literal

import msgspec

from streams import __version__
from streams.schema import (
    DeadLetter,
    DedupInfo,
    EnrichedArticle,
    Enrichment,
    RawArticle,
)
from streams.settings import Settings
from streams.stages import Rejected
from streams.stages.clean import BoilerplateState, CleanConfig, clean, matching_form
from streams.stages.dedup import DedupConfig, DedupIndex, IndexEntry, Signature, order_key, signature
from streams.stages.language import LanguageConfig, LanguageDetector
from streams.stages.tagging import Tagger, TaggingConfig

log = logging.getLogger(__name__)

Kind = Literal["enriched", "duplicates", "dlq"]
STAGES = ("decode", "clean", "language", "tagging", "dedup")

_ENC = msgspec.json.Encoder()
_RAW_DEC = msgspec.json.Decoder(RawArticle)


class ProcessingTimeout(Exception):
    """A message took longer than the configured processing limit."""


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise `ProcessingTimeout` in the main thread after `seconds` (no-op in other threads)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def _raise(signum: int, frame: object) -> None:
        raise ProcessingTimeout(f"processing exceeded {seconds:g}s")

    old = signal.signal(signal.SIGALRM, _raise)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


@dataclass(frozen=True)
class Origin:
    """Where an input message came from (for dead letters and latency)."""

    topic: str | None = None
    partition: int | None = None
    offset: int | None = None
    key: bytes | None = None
    timestamp: float | None = None  # broker/producer timestamp in seconds


class Intermediate(msgspec.Struct, array_like=True):
    """Internal record between the prepare hop and the dedup hop (not part of the public contract)."""

    article: EnrichedArticle
    entry: IndexEntry
    published_ts: float | None
    input_ts: float | None = None  # the input message's timestamp, for end-to-end latency


class LedgerEntry(msgspec.Struct, array_like=True):
    """What was emitted for an id: re-emitted verbatim on redelivery; also rebuilds the dedup index."""

    content_hash: str
    revision: int
    kind: str
    output: bytes
    entry: IndexEntry
    language: str = "und"


_LEDGER_ENC = msgspec.msgpack.Encoder()
_LEDGER_DEC = msgspec.msgpack.Decoder(LedgerEntry)
_INTER_DEC = msgspec.msgpack.Decoder(Intermediate)


def encode_ledger(e: LedgerEntry) -> bytes:
    """Serialise a ledger entry for a table."""
    return _LEDGER_ENC.encode(e)


def decode_ledger(b: bytes) -> LedgerEntry:
    """Deserialise a ledger entry."""
    return _LEDGER_DEC.decode(b)


def encode_intermediate(i: Intermediate) -> bytes:
    """Serialise an intermediate record for the internal topic."""
    return _LEDGER_ENC.encode(i)


def decode_intermediate(b: bytes) -> Intermediate:
    """Deserialise an intermediate record."""
    return _INTER_DEC.decode(b)


@dataclass
class Outcome:
    """The result of one hop for one message: where it goes, its key and bytes, and stage timings."""

    kind: Kind | Literal["next"]
    key: bytes
    value: bytes
    record_id: str | None = None
    reason: str | None = None
    stage: str | None = None
    language: str | None = None
    dedup_status: str | None = None
    source: str | None = None
    intermediate: Intermediate | None = None
    cleaning: dict[str, int] = field(default_factory=dict)
    timings: dict[str, float] = field(default_factory=dict)
    replayed: bool = False
    hint_disagrees: bool = False


def derive_id(source: str | None, url: str | None, body: str) -> str:
    """The contract's id for inputs without one: from source and url, else from source and body."""
    basis = f"{source or ''}\n{url}" if url else f"{source or ''}\n{body}"
    return "auto:" + hashlib.sha256(basis.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def content_hash(a: RawArticle) -> str:
    """Hash of what the publisher sent that matters to the output (a change is a correction)."""
    h = hashlib.sha256()
    for part in (a.source, a.url, a.title, a.published_at, a.content_type, a.language, a.body):
        h.update((part or "").encode("utf-8", "surrogatepass"))
        h.update(b"\x1f")
    if a.metadata:
        h.update(msgspec.json.encode(a.metadata, order="sorted"))
    return h.hexdigest()[:32]


def _iso_ts(value: str | None) -> float | None:
    if not value:
        return None
    try:
        d = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    if d.tzinfo is None:
        d = d.replace(tzinfo=dt.UTC)
    return d.timestamp()


def now_iso() -> str:
    """Current UTC time, ISO 8601."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def settle_heap() -> None:
    """Leave what is loaded so far (models, lexicons, gazetteer) out of the garbage collector's full scans.

    A process calls it once, after building its Pipeline. Full collections otherwise walk the models'
    hundreds of thousands of objects each time, which on a stream of ANT articles cost 5% of the
    tagging time (and a 0.13 s pause now and then); afterwards they cost under 1%.
    """
    gc.collect()  # what loading left behind is freed, not kept forever
    gc.freeze()


class Pipeline:
    """Runs the four stages over messages; all state is explicit and owned by the caller."""

    def __init__(
        self,
        settings: Settings,
        boilerplate: BoilerplateState | None = None,
        index: DedupIndex | None = None,
        detector: LanguageDetector | None = None,
        tagger: Tagger | None = None,
    ) -> None:
        self.settings = settings
        self.clean_cfg = CleanConfig(
            min_text_chars=settings.min_text_chars,
            max_html_bytes=settings.max_html_bytes,
            boilerplate_min_docs=settings.boilerplate_min_docs,
            boilerplate_max_sources=settings.boilerplate_max_sources,
        )
        self.dedup_cfg = DedupConfig(
            threshold=settings.dedup_threshold,
            same_source_threshold=settings.dedup_same_source_threshold,
            window_s=settings.dedup_window_days * 86400.0,
        )
        self.boilerplate = boilerplate if boilerplate is not None else BoilerplateState(self.clean_cfg)
        # One dedup index per language: the worker routes each language to one partition (see dedup_key).
        self.indexes: dict[str, DedupIndex] = {}
        self.detector = detector or LanguageDetector(LanguageConfig())
        self.tagger = tagger or Tagger(TaggingConfig(ner_model=settings.ner_model))
        self.enrichment = Enrichment(
            version=__version__, models={"language": self.detector.version, **self.tagger.versions}
        )

    # -- dead letters -------------------------------------------------------------------------
    def dead_letter(
        self, raw: bytes, origin: Origin, stage: str, reason: str, detail: str, record_id: str | None = None
    ) -> Outcome:
        """Build the dead-letter outcome for a message (first 64 KiB of the original kept)."""
        key_text = origin.key.decode("utf-8", "replace") if origin.key is not None else None
        dl = DeadLetter(
            id=record_id,
            key=key_text,
            stage=stage,
            reason=reason,  # type: ignore[arg-type]
            detail=detail[:2000],
            original_b64=base64.b64encode(raw[: 64 * 1024]).decode("ascii"),
            original_size=len(raw),
            original_sha256=hashlib.sha256(raw).hexdigest(),
            source_topic=origin.topic,
            partition=origin.partition,
            offset=origin.offset,
            time=now_iso(),
        )
        key = (record_id or key_text or dl.original_sha256).encode()
        return Outcome(
            kind="dlq", key=key, value=_ENC.encode(dl), record_id=record_id, reason=reason, stage=stage
        )

    # -- hop 1: decode, clean, language, tagging, signature -----------------------------------
    def decode(self, raw: bytes, origin: Origin) -> RawArticle | Outcome:
        """Decode and validate one input message, or return its dead letter."""
        s = self.settings
        if len(raw) > s.max_message_bytes:
            return self.dead_letter(raw, origin, "decode", "too_large", f"message of {len(raw)} bytes")
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            return self.dead_letter(raw, origin, "decode", "invalid_utf8", str(exc))
        try:
            obj = msgspec.json.decode(raw)
        except msgspec.DecodeError as exc:
            return self.dead_letter(raw, origin, "decode", "invalid_json", str(exc))
        except RecursionError:
            return self.dead_letter(raw, origin, "decode", "invalid_json", "JSON nested too deeply")
        if not isinstance(obj, dict):
            return self.dead_letter(raw, origin, "decode", "bad_field_type", "message is not a JSON object")
        rid = obj.get("id") if isinstance(obj.get("id"), str) and obj.get("id") else None
        if obj.get("body") is None:
            return self.dead_letter(raw, origin, "decode", "missing_body", "no `body` field", rid)
        try:
            art = msgspec.convert(obj, RawArticle)
            if art.metadata:
                _ENC.encode(art.metadata)  # must round-trip into the output record
        except msgspec.ValidationError as exc:
            return self.dead_letter(raw, origin, "decode", "bad_field_type", str(exc), rid)
        except (RecursionError, msgspec.EncodeError) as exc:
            return self.dead_letter(raw, origin, "decode", "bad_field_type", f"metadata unusable: {exc}", rid)
        if not art.body.strip():
            return self.dead_letter(raw, origin, "decode", "missing_body", "`body` is empty", rid)
        if len(art.body.encode("utf-8", "surrogatepass")) > s.max_body_bytes:
            return self.dead_letter(
                raw, origin, "decode", "too_large", f"body over {s.max_body_bytes} bytes", rid
            )
        if "\x00" in art.body:
            art.body = art.body.replace("\x00", "")
        if not art.id:
            art.id = derive_id(art.source, art.url, art.body)
        return art

    def prepare(
        self,
        raw: bytes,
        origin: Origin,
        seen_at: float | None = None,
        boilerplate: BoilerplateState | None = None,
    ) -> Outcome:
        """Hop 1: everything but dedup; a `next` outcome carrying the intermediate, or a dead letter."""
        t0 = time.perf_counter()
        art = self.decode(raw, origin)
        t1 = time.perf_counter()
        if isinstance(art, Outcome):
            art.timings["decode"] = t1 - t0
            return art
        assert art.id is not None
        stage = "clean"
        try:
            with time_limit(self.settings.processing_timeout_s):
                cleaned = clean(art, boilerplate or self.boilerplate, self.clean_cfg)
                t2 = time.perf_counter()
                stage = "language"
                lang = self.detector.detect(cleaned.text, cleaned.title, art.language)
                if lang.code == "und" and self.settings.undetectable_to_dlq:
                    raise Rejected("undetectable_language", "no language could be detected")
                match = matching_form(cleaned.text, lang.code)
                t3 = time.perf_counter()
                stage = "tagging"
                tags = self.tagger.tag(cleaned.text, match, cleaned.title, lang.code)
                t4 = time.perf_counter()
                stage = "dedup"
                sig: Signature = signature(match, self.dedup_cfg, lang.code)
                t5 = time.perf_counter()
        except Rejected as rej:
            return self.dead_letter(raw, origin, stage, rej.reason, rej.detail, art.id)
        except ProcessingTimeout as exc:
            return self.dead_letter(raw, origin, stage, "processing_timeout", str(exc), art.id)
        except Exception as exc:
            # A bug must not stop the partition: log it loudly, count it, keep the original in the DLQ.
            log.exception("internal error in stage %s for id %s", stage, art.id)
            return self.dead_letter(
                raw, origin, stage, "internal_error", f"{type(exc).__name__}: {exc}", art.id
            )
        seen = seen_at if seen_at is not None else time.time()
        pub_ts = _iso_ts(cleaned.published_at)
        article = EnrichedArticle(
            id=art.id,
            source=art.source,
            url=art.url,
            title=cleaned.title,
            text=cleaned.text,
            published_at=cleaned.published_at,
            language=lang,
            dedup=DedupInfo(status="unique"),
            tags=tags,
            cleaning=cleaned.report,
            content_hash=content_hash(art),
            metadata=art.metadata,
            enrichment=self.enrichment,
        )
        entry = IndexEntry(
            id=art.id,
            order_key=order_key(pub_ts, seen, art.id),
            seen_at=seen,
            sig=sig.with_source(art.source),  # same-source candidates need a higher similarity
        )
        inter = Intermediate(article=article, entry=entry, published_ts=pub_ts, input_ts=origin.timestamp)
        hint = (art.language or "").split("-")[0].lower()
        return Outcome(
            kind="next",
            key=self.dedup_key(lang.code),
            value=b"",
            record_id=art.id,
            intermediate=inter,
            language=lang.code,
            source=art.source,
            hint_disagrees=bool(hint) and hint != lang.code,
            cleaning={
                "chars_before": cleaned.report.chars_before,
                "chars_after": cleaned.report.chars_after,
                **{f"blocks:{k}": v for k, v in cleaned.report.removed_blocks.items()},
            },
            timings={
                "decode": t1 - t0,
                "clean": t2 - t1,
                "language": t3 - t2,
                "tagging": t4 - t3,
                "dedup": t5 - t4,
            },
        )

    @staticmethod
    def dedup_key(language: str) -> bytes:
        """Key of the internal dedup topic: one index per language, so copies meet on one partition."""
        return language.encode()

    # -- hop 2: dedup verdict against the index and the output ledger -------------------------
    def decide(self, inter: Intermediate, ledger: MutableMapping[str, bytes]) -> Outcome:
        """Hop 2: re-emit a redelivered id verbatim, else judge it, record it in the ledger and emit it."""
        t0 = time.perf_counter()
        art = inter.article
        prev_raw = ledger.get(art.id)
        prev = decode_ledger(prev_raw) if prev_raw is not None else None
        if prev is not None and prev.content_hash == art.content_hash:
            return Outcome(
                kind=prev.kind,  # type: ignore[arg-type]
                key=art.id.encode(),
                value=prev.output,
                record_id=art.id,
                replayed=True,
                language=art.language.code,
                source=art.source,
                timings={"dedup": time.perf_counter() - t0},
            )
        art.revision = prev.revision + 1 if prev is not None else 1
        if prev is not None:
            # A correction keeps the first-seen time of the id, so it stays the original of its copies.
            seen = prev.entry.seen_at
            inter.entry = IndexEntry(
                id=art.id,
                order_key=order_key(inter.published_ts, seen, art.id),
                seen_at=seen,
                sig=inter.entry.sig,
            )
        art.dedup = self.index_for(art.language.code, ledger).check(inter.entry)
        kind: Kind = "enriched" if art.dedup.status == "unique" else "duplicates"
        out = _ENC.encode(art)
        ledger[art.id] = encode_ledger(
            LedgerEntry(
                content_hash=art.content_hash,
                revision=art.revision,
                kind=kind,
                output=out,
                entry=inter.entry,
                language=art.language.code,
            )
        )
        return Outcome(
            kind=kind,
            key=art.id.encode(),
            value=out,
            record_id=art.id,
            language=art.language.code,
            dedup_status=art.dedup.status,
            source=art.source,
            timings={"dedup": time.perf_counter() - t0},
        )

    def index_for(self, language: str, ledger: MutableMapping[str, bytes]) -> DedupIndex:
        """The dedup index of a language, rebuilt from the persisted ledger the first time it is needed."""
        index = self.indexes.get(language)
        if index is None:
            index = self.indexes[language] = DedupIndex(self.dedup_cfg)
            for value in ledger.values():
                entry = decode_ledger(value)
                if entry.language == language:
                    index.add(entry.entry)
        return index

    def forget_indexes(self) -> None:
        """Drop in-memory indexes (after a rebalance); they are rebuilt from the ledger on demand."""
        self.indexes.clear()

    def evict(self, language: str, ledger: MutableMapping[str, bytes], now: float | None = None) -> int:
        """Drop index and ledger entries of a language first seen before the dedup window."""
        now = now if now is not None else time.time()
        index = self.index_for(language, ledger)
        old = index.evict(now)
        for doc_id in old:
            ledger.pop(doc_id, None)
        return len(old)

    # -- both hops in-process (streams enrich) ------------------------------------------------
    def run_one(self, raw: bytes, origin: Origin, ledger: MutableMapping[str, bytes]) -> Outcome:
        """Run both hops for one message in-process, as `streams enrich` does."""
        first = self.prepare(raw, origin)
        if first.kind != "next":
            return first
        assert first.intermediate is not None
        second = self.decide(first.intermediate, ledger)
        second.timings = {**first.timings, "dedup": first.timings.get("dedup", 0.0) + second.timings["dedup"]}
        second.cleaning = first.cleaning
        return second
