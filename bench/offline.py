"""The stages measured in-process, without Kafka: µs/doc per stage, HTML vs plain text, index bytes/doc."""

from __future__ import annotations

import gc
import statistics
import time
import tracemalloc
from collections import Counter, defaultdict
from collections.abc import Sequence
from typing import Any

import orjson

from bench.kafka_io import Message, percentile
from streams.pipeline import (
    Origin,
    Pipeline,
    decode_intermediate,
    decode_ledger,
    encode_intermediate,
    settle_heap,
)
from streams.settings import Settings
from streams.stages.dedup import DedupIndex


def input_format(value: bytes) -> str:
    """The article's declared content type, else a sniff of its body (as the clean stage does)."""
    art = orjson.loads(value)
    ctype = art.get("content_type")
    if ctype:
        return str(ctype)
    return "text/html" if str(art.get("body", "")).lstrip()[:1] == "<" else "text/plain"


def _stats(values_s: Sequence[float]) -> dict[str, float | None]:
    us = sorted(v * 1e6 for v in values_s)
    return {
        "us_per_doc": round(statistics.fmean(us), 1) if us else None,
        "p50_us": round(p, 1) if (p := percentile(us, 50)) is not None else None,
        "p99_us": round(p, 1) if (p := percentile(us, 99)) is not None else None,
        "docs": len(us),
    }


def measure(messages: Sequence[Message], settings: Settings | None = None) -> dict[str, Any]:
    """Run `Pipeline.run_one` over the messages with fresh state and summarise its stage timings."""
    t_init = time.perf_counter()
    pipeline = Pipeline(settings or Settings())
    init_s = time.perf_counter() - t_init
    settle_heap()  # as the worker and `streams enrich` do
    ledger: dict[str, bytes] = {}
    timings: dict[str, list[float]] = defaultdict(list)
    clean_by_format: dict[str, list[float]] = defaultdict(list)
    totals: list[float] = []
    kinds: Counter[str] = Counter()
    for i, (key, value) in enumerate(messages):
        t0 = time.perf_counter()
        out = pipeline.run_one(value, Origin(topic="bench", partition=0, offset=i, key=key), ledger)
        totals.append(time.perf_counter() - t0)
        kinds[out.kind if out.kind != "duplicates" else str(out.dedup_status)] += 1
        for stage, secs in out.timings.items():
            timings[stage].append(secs)
        if "clean" in out.timings:
            clean_by_format[input_format(value)].append(out.timings["clean"])
    stages = {stage: _stats(v) for stage, v in timings.items()}
    stage_sum = sum(statistics.fmean(v) for v in timings.values()) * 1e6
    total = _stats(totals)
    result: dict[str, Any] = {
        "docs": len(messages),
        "pipeline_init_s": round(init_s, 2),
        "stages": stages,
        "stages_total_us_per_doc": round(stage_sum, 1),
        "run_one": total,
        # What run_one spends outside the timed stages: building records, JSON encoding of the output, ledger.
        "shell_us_per_doc": round((total["us_per_doc"] or 0.0) - stage_sum, 1),
        "docs_per_s_one_core": round(1e6 / total["us_per_doc"], 1) if total["us_per_doc"] else None,
        "clean_by_format": {fmt: _stats(v) for fmt, v in sorted(clean_by_format.items())},
        "outcomes": dict(kinds),
    }
    if len(result["clean_by_format"]) < 2:  # the corpus has one format: compare on the same docs, wrapped
        result["clean_plain_vs_html"] = plain_vs_html(pipeline, messages[:300])
    result.update(hop_codec(pipeline, messages[:500]))
    result.update(index_memory(ledger))
    return result


def as_html(value: bytes) -> bytes:
    """The same article as a typical news page: head, navigation, paragraphs in <article>, footer."""
    art = orjson.loads(value)
    paras = "".join(f"<p>{p}</p>" for p in str(art["body"]).split("\n") if p.strip())
    title = art.get("title") or ""
    art["body"] = (f"<html><head><title>{title}</title></head><body><nav><a href='/'>Home</a> | "
                   f"<a href='/world'>World</a></nav><article><h1>{title}</h1>{paras}</article>"
                   "<footer>© 2024 All rights reserved</footer></body></html>")
    art["content_type"] = "text/html"
    art["id"] = f"{art['id']}-html"
    return orjson.dumps(art)


def plain_vs_html(pipeline: Pipeline, messages: Sequence[Message]) -> dict[str, Any]:
    """Clean-stage µs/doc of the same articles as plain text and wrapped in an HTML page."""
    out: dict[str, Any] = {}
    variants = (("text/plain", [v for _, v in messages]), ("text/html", [as_html(v) for _, v in messages]))
    for fmt, values in variants:
        secs = []
        for i, v in enumerate(values):
            o = pipeline.prepare(v, Origin(topic="bench-html", partition=1, offset=i))
            if "clean" in o.timings:
                secs.append(o.timings["clean"])
        out[fmt] = _stats(secs)
    return out


def hop_codec(pipeline: Pipeline, messages: Sequence[Message]) -> dict[str, Any]:
    """Cost of the internal hop's msgpack round trip, and of the output's JSON encoding, per document."""
    from streams.pipeline import _ENC

    inters = []
    for i, (key, value) in enumerate(messages):
        out = pipeline.prepare(value, Origin(topic="bench", partition=0, offset=i, key=key))
        if out.intermediate is not None:
            inters.append(out.intermediate)
    if not inters:
        return {}
    t0 = time.perf_counter()
    blobs = [encode_intermediate(x) for x in inters]
    t1 = time.perf_counter()
    for b in blobs:
        decode_intermediate(b)
    t2 = time.perf_counter()
    for x in inters:
        _ENC.encode(x.article)
    t3 = time.perf_counter()
    n = len(inters)
    return {
        "hop_encode_us_per_doc": round((t1 - t0) / n * 1e6, 1),
        "hop_decode_us_per_doc": round((t2 - t1) / n * 1e6, 1),
        "hop_bytes_per_doc": round(sum(map(len, blobs)) / n),
        "output_json_encode_us_per_doc": round((t3 - t2) / n * 1e6, 1),
    }


def index_memory(ledger: dict[str, bytes]) -> dict[str, Any]:
    """Heap bytes per document of a dedup index rebuilt from the ledger, and the ledger's bytes per id."""
    if not ledger:
        return {}
    values = list(ledger.values())
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        index = DedupIndex()
        for v in values:
            index.add(decode_ledger(v).entry)  # the entry (id, order key, signature) is what the index keeps
        gc.collect()
        used = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    n = len(index)
    return {
        "dedup_index_docs": n,
        "dedup_index_bytes_per_doc": round(used / n) if n else None,
        "ledger_bytes_per_doc": round(sum(len(k) + len(v) for k, v in ledger.items()) / len(ledger)),
    }
