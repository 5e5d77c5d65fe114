"""`python -m bench.run`: throughput, stage costs, latency and resources of the worker on a real Kafka broker.

In one run, over the same pre-generated corpus: (a) a bare aiokafka consume→produce pass-through, (b) the
naive Faust pass-through agent, (c) the full pipeline with 1..N `streams worker` processes; then the p50/p99
publish→output latency at half of (c)'s maximum, and the stages measured in-process without Kafka.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import orjson

from bench import kafka_io, offline
from bench.kafka_io import Message, Outputs
from bench.procs import CpuWindow, Proc, http_get, memory_mb

RESULTS_DIR = Path(__file__).resolve().parent / "results"
OUTPUT_KINDS = ("enriched", "duplicates", "dlq")


def corpus_messages(n: int, seed: int, prefix: str = "") -> list[Message]:
    """`n` articles of the deterministic corpus as keyed JSON messages (ids prefixed: runs never collide)."""
    from streams import corpus

    out: list[Message] = []
    for art in corpus.generate(n, seed=seed):
        art["id"] = f"{prefix}{art['id']}"
        out.append((art["id"].encode(), orjson.dumps(art)))
    return out


def throughput(outputs: Outputs, input_start_ms: int | None = None) -> dict[str, Any]:
    """Docs/s from the first to the last output (producer timestamps), and from the input's arrival."""
    ts = sorted(outputs.timestamps_ms)
    if len(ts) < 2:
        return {"docs_out": len(ts), "span_s": None, "docs_s": None}
    span = max(ts[-1] - ts[0], 1) / 1000
    out: dict[str, Any] = {"docs_out": len(ts), "span_s": round(span, 3), "docs_s": round(len(ts) / span, 1)}
    if input_start_ms is not None and ts[-1] > input_start_ms:
        # First-to-last leaves out the first batch's processing; this counts it (stricter for small runs).
        out["docs_s_from_input"] = round(len(ts) / ((ts[-1] - input_start_ms) / 1000), 1)
    return out


def cpu_efficiency(docs: int, procs: Sequence[dict[str, Any]]) -> float | None:
    """Docs per CPU-second of the processes: what the machine's load does not change much."""
    cpu = sum(p.get("cpu_s", 0.0) for p in procs)
    return round(docs / cpu, 1) if cpu > 0 else None


def scrape(url: str) -> dict[str, dict[tuple[tuple[str, str], ...], float]]:
    """A worker's /metrics as {sample name: {labels: value}}."""
    from prometheus_client.parser import text_string_to_metric_families

    status, body = http_get(url)
    if status != 200:
        return {}
    out: dict[str, dict[tuple[tuple[str, str], ...], float]] = {}
    for family in text_string_to_metric_families(body.decode()):
        for s in family.samples:
            out.setdefault(s.name, {})[tuple(sorted(s.labels.items()))] = s.value
    return out


def by_label(samples: dict[tuple[tuple[str, str], ...], float], label: str) -> dict[str, float]:
    """Sum a sample's values by one label."""
    out: dict[str, float] = {}
    for labels, value in samples.items():
        key = dict(labels).get(label, "")
        out[key] = out.get(key, 0.0) + value
    return out


class Bench:
    """One benchmark run against one broker; every case gets its own topics, app id and state."""

    def __init__(self, bootstrap: str, workdir: Path, partitions: int, timeout: float) -> None:
        self.bootstrap = bootstrap
        self.workdir = workdir
        self.partitions = partitions
        self.timeout = timeout
        self.procs: list[Proc] = []

    def tag(self, what: str) -> str:
        """A fresh prefix for a case's topics and app id."""
        return f"bench-{what}-{uuid.uuid4().hex[:6]}"

    async def cleanup_topics(self, prefix: str) -> None:
        """Delete a case's topics, so repeated runs against a shared broker do not pile up data."""
        from aiokafka.admin import AIOKafkaAdminClient

        admin = AIOKafkaAdminClient(bootstrap_servers=self.bootstrap)
        await admin.start()
        try:
            names = [t for t in await admin.list_topics() if t.startswith(prefix)]
            if names:
                await admin.delete_topics(names)
        except Exception as exc:  # best effort: leftover topics are harmless
            print(f"  (could not delete topics {prefix}*: {exc})", file=sys.stderr)
        finally:
            await admin.close()

    def stop_all(self) -> None:
        """Stop every process this run started."""
        for p in self.procs:
            p.stop()
        self.procs.clear()

    # -- (a) bare aiokafka -------------------------------------------------------------------
    async def aiokafka(self, msgs: Sequence[Message]) -> dict[str, Any]:
        """(a): pre-load the input, then pass it through with the bare client in this process."""
        tag = self.tag("aiokafka")
        src, sink = f"{tag}.in", f"{tag}.out"
        await kafka_io.create_topics(self.bootstrap, [src, sink], self.partitions)
        load_s = await kafka_io.load(self.bootstrap, src, msgs)
        cpu = CpuWindow(os.getpid())
        started: list[int] = []

        def first_batch() -> None:
            cpu.mark_start()
            started.append(int(time.time() * 1000))

        await kafka_io.aiokafka_passthrough(self.bootstrap, src, sink, len(msgs), on_first=first_batch)
        cpu.mark_end()
        outputs = await kafka_io.read_outputs(self.bootstrap, [sink])
        await self.cleanup_topics(tag)
        me = os.getpid()
        procs = [{"name": "bench (in-process)", "pid": me, **memory_mb(me), **cpu.summary()}]
        return {
            "docs_in": len(msgs), "load_s": round(load_s, 2), "preloaded": True,
            **throughput(outputs, started[0] if started else None),
            "docs_per_cpu_s": cpu_efficiency(len(msgs), procs),
            "missing_ids": len({k.decode() for k, _ in msgs} - set(outputs.ids[sink])), "processes": procs,
        }

    # -- (b) naive Faust pass-through -------------------------------------------------------
    async def faust(self, msgs: Sequence[Message]) -> dict[str, Any]:
        """(b): the naive Faust agent as a worker process; the input is loaded once it owns its partitions."""
        tag = self.tag("faust")
        src, sink = f"{tag}.in", f"{tag}.out"
        await kafka_io.create_topics(self.bootstrap, [src, sink], self.partitions)
        ready = self.workdir / f"{tag}.ready"
        env = {**os.environ, "BENCH_APP_ID": tag, "BENCH_BOOTSTRAP": self.bootstrap, "BENCH_IN": src,
               "BENCH_OUT": sink, "BENCH_DATADIR": str(self.workdir / tag), "BENCH_READY_FILE": str(ready),
               "BENCH_PARTITIONS": str(self.partitions)}
        proc = Proc("faust-passthrough", ["-m", "bench.faust_passthrough", "worker", "-l", "warn"], env,
                    self.workdir).start()
        self.procs.append(proc)
        try:
            deadline = time.monotonic() + 120
            while not ready.exists():
                proc.check_alive()
                if time.monotonic() > deadline:
                    raise TimeoutError(f"Faust pass-through not ready: {proc.log_tail()}")
                await asyncio.sleep(0.2)
            result = await self._drive([proc], msgs, src, [sink])
            outputs = await kafka_io.read_outputs(self.bootstrap, [sink], id_from_value=True)
            result.update(throughput(outputs, result.pop("_load_start_ms")))
            result["missing_ids"] = len({k.decode() for k, _ in msgs} - set(outputs.ids[sink]))
            result["processes"] = [proc.stats()]
            result["docs_per_cpu_s"] = cpu_efficiency(len(msgs), result["processes"])
        finally:
            proc.stop()
            self.procs.remove(proc)
        await self.cleanup_topics(tag)
        return result

    async def _drive(self, procs: Sequence[Proc], msgs: Sequence[Message], source: str,
                     sinks: Sequence[str]) -> dict[str, Any]:
        """Load the input into running workers, wait until every input has an output; CPU marks around it."""
        for p in procs:
            assert p.cpu is not None
            p.cpu.mark_start()
        load_start = time.time()
        load_s = await kafka_io.load(self.bootstrap, source, msgs)

        def check() -> None:
            for p in procs:
                p.check_alive()

        await kafka_io.wait_for_outputs(self.bootstrap, sinks, len(msgs), self.timeout, check=check)
        for p in procs:
            assert p.cpu is not None
            p.cpu.mark_end()
        return {"docs_in": len(msgs), "load_s": round(load_s, 2), "preloaded": False,
                "wall_s": round(time.time() - load_start, 2), "_load_start_ms": int(load_start * 1000)}

    # -- (c) the full pipeline ---------------------------------------------------------------
    async def pipeline(
        self, msgs: Sequence[Message], workers: int, latency: tuple[float, float, int] | None = None,
        profile: Path | None = None,
    ) -> dict[str, Any]:
        """(c): `workers` × `streams worker`; then optionally the paced latency phase on the same workers."""
        tag = self.tag(f"pipeline{workers}")
        topics = {kind: f"{tag}.{kind}" for kind in ("raw", *OUTPUT_KINDS)}
        env = {**os.environ, "STREAMS_KAFKA_BOOTSTRAP": self.bootstrap, "STREAMS_APP_ID": tag,
               **{f"STREAMS_TOPIC_{k.upper()}": v for k, v in topics.items()},
               "STREAMS_TOPIC_PARTITIONS": str(self.partitions), "STREAMS_STATE_DIR": str(self.workdir / tag),
               "STREAMS_METRICS_HOST": "127.0.0.1", "STREAMS_METRICS_PORT": "0"}
        procs = []
        for i in range(workers):
            wid = f"w{i}"
            procs.append(Proc(f"{tag}-{wid}", ["-m", "streams.cli", "worker"],
                              {**env, "STREAMS_WORKER_ID": wid}, self.workdir))
        self.procs.extend(procs)
        spy: subprocess.Popen[bytes] | None = None
        try:
            # Workaround: a worker whose first assignment comes before Faust has created the internal topic
            # can sit idle with nothing consumed (seen once in 3 runs); creating it first avoids the race.
            await kafka_io.create_topics(self.bootstrap, [f"{tag}.internal.dedup-in"], self.partitions)
            for p in procs:
                p.start()
            await self._wait_ready(procs, tag)
            if profile is not None:
                spy = start_profiler(procs[0].pid, profile)
            sinks = [topics[k] for k in OUTPUT_KINDS]
            result = await self._drive(procs, msgs, topics["raw"], sinks)
            if spy is not None:
                result["profile"] = stop_profiler(spy, profile)  # type: ignore[arg-type]
                spy = None
            result["processes"] = [p.stats() for p in procs]
            result["docs_per_cpu_s"] = cpu_efficiency(len(msgs), result["processes"])
            result["stages_us_per_doc"], result["per_worker"] = self._stage_metrics(procs, tag)
            outputs = await kafka_io.read_outputs(self.bootstrap, sinks)
            result.update(throughput(outputs, result.pop("_load_start_ms")))
            ids = {k.decode() for k, _ in msgs}
            seen = [i for t in sinks for i in outputs.ids[t]]
            result["outputs"] = {k: len(outputs.ids[topics[k]]) for k in OUTPUT_KINDS}
            result["missing_ids"] = len(ids - set(seen))
            result["unexpected_ids"] = len(set(seen) - ids)
            result["extra_outputs"] = len(seen) - len(set(seen))
            if latency is not None:
                fraction, seconds, seed = latency
                # The stricter maximum: first-to-last output leaves the first batch out (flatters small runs).
                top = min(x for x in (result.get("docs_s"), result.get("docs_s_from_input"), 1e9) if x)
                rate = max(1.0, fraction * top)
                lat_msgs = corpus_messages(max(20, int(rate * seconds)), seed, prefix="lat-")
                result["latency"] = await kafka_io.paced_latency(
                    self.bootstrap, topics["raw"], sinks, lat_msgs, rate, timeout=max(60.0, seconds * 2))
                result["latency"]["fraction_of_max"] = fraction
                result["processes_after_latency"] = [p.stats() for p in procs]
        finally:
            if spy is not None:
                spy.kill()
            for p in procs:
                p.stop()
                self.procs.remove(p)
        await self.cleanup_topics(tag)
        return result

    async def _wait_ready(self, procs: Sequence[Proc], tag: str, timeout: float = 180.0) -> None:
        """Wait until every worker answers /readyz 200 twice in a row (all in one stable consumer group)."""
        deadline = time.monotonic() + timeout
        streak = 0
        while streak < 2:
            if time.monotonic() > deadline:
                raise TimeoutError("workers not ready:\n" + "\n".join(p.log_tail(1500) for p in procs))
            for p in procs:
                p.check_alive()
            ok = all(http_get(url)[0] == 200 if (url := self._url(p, tag, "/readyz")) else False
                     for p in procs)
            streak = streak + 1 if ok else 0
            await asyncio.sleep(0.5)

    def _url(self, p: Proc, tag: str, path: str) -> str | None:
        port_file = self.workdir / tag / p.env["STREAMS_WORKER_ID"] / "metrics.port"
        if not port_file.exists():
            return None
        return f"http://127.0.0.1:{port_file.read_text().strip()}{path}"

    def _stage_metrics(self, procs: Sequence[Proc], tag: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        """µs/doc per stage from the workers' `streams_stage_seconds`; per worker."""
        sums: dict[str, float] = {}
        counts: dict[str, float] = {}
        per_worker = []
        for p in procs:
            url = self._url(p, tag, "/metrics")
            m = scrape(url) if url else {}
            for stage, v in by_label(m.get("streams_stage_seconds_sum", {}), "stage").items():
                sums[stage] = sums.get(stage, 0.0) + v
            for stage, v in by_label(m.get("streams_stage_seconds_count", {}), "stage").items():
                counts[stage] = counts.get(stage, 0.0) + v
            hops = by_label(m.get("streams_messages_in_total", {}), "hop")
            per_worker.append({"name": p.name, "messages_in": {h: int(v) for h, v in hops.items()},
                               "dedup_index_documents": int(sum(m.get("streams_dedup_index_documents", {})
                                                                .values()))})
        docs = counts.get("decode", 0.0)  # every input is decoded exactly once
        stages = {
            stage: {"us_per_doc": round(sums[stage] / docs * 1e6, 1) if docs else None,
                    "observations": int(counts.get(stage, 0))}
            for stage in sums
        }
        return stages, per_worker


def start_profiler(pid: int, out: Path) -> subprocess.Popen[bytes] | None:
    """Attach py-spy to a worker (collapsed stacks, by function); None when py-spy is not installed."""
    spy = shutil.which("py-spy", path=str(Path(sys.executable).parent)) or shutil.which("py-spy")
    if spy is None:
        print("py-spy not found: pip install py-spy to profile", file=sys.stderr)
        return None
    return subprocess.Popen([spy, "record", "-p", str(pid), "-r", "100", "-F", "-f", "raw", "--nonblocking",
                             "-o", str(out)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def stop_profiler(spy: subprocess.Popen[bytes], out: Path) -> dict[str, Any]:
    """Stop py-spy (SIGINT makes it write its file) and summarise the profile."""
    from bench.profile import summarise

    spy.send_signal(signal.SIGINT)
    try:
        spy.wait(60)
    except subprocess.TimeoutExpired:
        spy.kill()
    if not out.exists():
        return {"error": "py-spy wrote no profile"}
    return {"file": str(out), **summarise(out)}


def ratio(a: float | None, b: float | None) -> float | None:
    """a / b, rounded; None when either is missing."""
    return round(a / b, 3) if a and b else None


def targets(result: dict[str, Any]) -> dict[str, Any]:
    """The issue's targets, each with its measured value and whether it is met."""
    pipe = result.get("pipeline", {})
    first = pipe.get(min(pipe, key=int)) if pipe else None
    lat = (first or {}).get("latency", {})
    two = pipe.get("2")
    rss = [p.get("peak_rss_mb") for run in pipe.values() for p in run.get("processes", [])]
    per_proc = [run["docs_s"] / int(w) for w, run in pipe.items() if run.get("docs_s")]

    def t(value: Any, target: str, ok: Any) -> dict[str, Any]:
        return {"value": value, "target": target, "ok": None if value is None or ok is None else bool(ok)}

    r = result["ratios"]
    index_bytes = result.get("offline", {}).get("dedup_index_bytes_per_doc")
    return {
        "pipeline_vs_faust": t(vf := r.get("pipeline_vs_faust"), ">= 1.0", vf and vf >= 1.0),
        "docs_s_per_worker": t(pp := min(per_proc, default=None), ">= 1000", pp and pp >= 1000),
        "scaling_2_vs_1": t(sc := r.get("scaling_2_vs_1"), ">= 1.8", two and sc and sc >= 1.8),
        "p99_publish_to_enriched_ms": t(p99 := lat.get("enriched_p99_ms"), "< 500", p99 and p99 < 500),
        "dedup_index_bytes_per_doc": t(index_bytes, "<= 300", index_bytes is not None and index_bytes <= 300),
        "worker_peak_rss_mb": t(max((x for x in rss if x), default=None), "reported", bool(rss)),
    }


def table(result: dict[str, Any]) -> str:
    """A short human-readable summary of the result."""
    lines = [f"corpus: {result['meta']['docs']} docs, {result['meta']['corpus_bytes_mean']} B/doc mean, "
             f"{result['meta']['partitions']} partitions"]
    rows = [("(a) aiokafka pass-through", result.get("aiokafka")), ("(b) naive Faust pass-through",
                                                                   result.get("faust"))]
    rows += [(f"(c) pipeline, {w} worker(s)", r) for w, r in sorted(result.get("pipeline", {}).items())]
    lines.append(f"{'case':30} {'docs/s':>8} {'from input':>10} {'docs/cpu-s':>10} {'span s':>7} "
                 f"{'load s':>6}  processes (cores busy, peak RSS MiB)")
    for name, r in rows:
        if not r:
            continue
        procs = ", ".join(f"{p.get('cpu_cores', '?')}c/{p.get('peak_rss_mb', '?')}M" for p in r["processes"])
        lines.append(f"{name:30} {r.get('docs_s') or 0:>8.1f} {r.get('docs_s_from_input') or 0:>10.1f} "
                     f"{r.get('docs_per_cpu_s') or 0:>10.1f} "
                     f"{r.get('span_s') or 0:>7.2f} {r.get('load_s') or 0:>6.2f}  {procs}")
    ra = result["ratios"]
    lines.append(f"ratios: (c)/(b) = {ra.get('pipeline_vs_faust')}, (c)/(a) = "
                 f"{ra.get('pipeline_vs_aiokafka')}, 2 vs 1 workers = {ra.get('scaling_2_vs_1')}")
    for w, r in sorted(result.get("pipeline", {}).items()):
        st = ", ".join(f"{k} {v['us_per_doc']}" for k, v in r.get("stages_us_per_doc", {}).items())
        lines.append(f"worker stages µs/doc ({w} worker(s)): {st}")
        if r.get("latency"):
            la = r["latency"]
            lines.append(f"latency at {la['rate_docs_s']} docs/s ({la['docs']} docs): p50 {la['p50_ms']} ms, "
                         f"p99 {la['p99_ms']} ms; enriched p99 {la['enriched_p99_ms']} ms; "
                         f"missing {la['missing']}")
    off = result.get("offline")
    if off:
        st = ", ".join(f"{k} {v['us_per_doc']}" for k, v in off["stages"].items())
        lines.append(f"offline stages µs/doc: {st}; run_one {off['run_one']['us_per_doc']} "
                     f"(shell {off['shell_us_per_doc']}) → {off['docs_per_s_one_core']} docs/s on one core")
        cf = ", ".join(f"{k} {v['us_per_doc']} µs ({v['docs']} docs)"
                       for k, v in off["clean_by_format"].items())
        lines.append(f"offline clean by input format: {cf}")
        if off.get("clean_plain_vs_html"):
            pv = off["clean_plain_vs_html"]
            lines.append(f"offline clean, same {pv['text/plain']['docs']} docs as plain text / as HTML page: "
                         f"{pv['text/plain']['us_per_doc']} / {pv['text/html']['us_per_doc']} µs")
        lines.append(f"hop msgpack encode/decode {off.get('hop_encode_us_per_doc')}/"
                     f"{off.get('hop_decode_us_per_doc')} µs ({off.get('hop_bytes_per_doc')} B); output JSON "
                     f"{off.get('output_json_encode_us_per_doc')} µs; "
                     f"dedup index {off.get('dedup_index_bytes_per_doc')} B/doc; "
                     f"ledger {off.get('ledger_bytes_per_doc')} B/doc")
    for name, t in result["targets"].items():
        mark = {True: "ok", False: "MISSED", None: "n/a"}[t["ok"]]
        lines.append(f"target {name:28} {t['value']!s:>10} ({t['target']}): {mark}")
    return "\n".join(lines)


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """The command line."""
    p = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--n", type=int, default=20_000, help="articles in the corpus (default 20000)")
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--workers", type=int, nargs="+", default=[1], help="worker counts for (c), e.g. 1 2")
    p.add_argument("--partitions", type=int, default=4)
    p.add_argument("--bootstrap", help="use this broker instead of starting a local one")
    p.add_argument("--latency-seconds", type=float, default=15.0, help="length of the paced latency phase")
    p.add_argument("--latency-fraction", type=float, default=0.5, help="offered load as a share of (c)'s max")
    p.add_argument("--skip", nargs="*", default=[], choices=["aiokafka", "faust", "offline", "latency"])
    p.add_argument("--profile", action="store_true", help="also profile one worker with py-spy (extra run)")
    p.add_argument("--results-dir", type=Path, default=RESULTS_DIR)
    p.add_argument("--timeout", type=float, default=0.0, help="seconds to wait per case (default: from --n)")
    return p.parse_args(argv)


async def run(args: argparse.Namespace, bootstrap: str, stamp: str) -> dict[str, Any]:
    """All cases against one broker; returns the result document."""
    workdir = args.results_dir / f"{stamp}-work"
    workdir.mkdir(parents=True, exist_ok=True)
    t0 = time.monotonic()
    msgs = corpus_messages(args.n, args.seed)
    sizes = [len(v) for _, v in msgs]
    result: dict[str, Any] = {
        "meta": {
            "timestamp": stamp, "docs": len(msgs), "seed": args.seed, "partitions": args.partitions,
            "workers": args.workers, "bootstrap": bootstrap, "local_broker": args.bootstrap is None,
            "corpus_bytes_mean": round(sum(sizes) / max(1, len(sizes))),
            "corpus_seconds": round(time.monotonic() - t0, 1), "python": platform.python_version(),
            "cpus": os.cpu_count(), "loadavg_start": os.getloadavg(), "workdir": str(workdir),
            "batch_size": os.environ.get("STREAMS_BATCH_SIZE", "default"),
        },
        "pipeline": {},
    }
    bench = Bench(bootstrap, workdir, args.partitions, args.timeout or max(120.0, args.n / 50))
    try:
        if "offline" not in args.skip:
            print(f"offline: stages in-process over {len(msgs)} docs …", flush=True)
            result["offline"] = offline.measure(msgs)
        if "aiokafka" not in args.skip:
            print("(a) bare aiokafka pass-through …", flush=True)
            result["aiokafka"] = await bench.aiokafka(msgs)
        if "faust" not in args.skip:
            print("(b) naive Faust pass-through …", flush=True)
            result["faust"] = await bench.faust(msgs)
        for i, w in enumerate(args.workers):
            print(f"(c) pipeline with {w} worker(s) …", flush=True)
            lat = None if i > 0 or "latency" in args.skip else (args.latency_fraction, args.latency_seconds,
                                                                 args.seed + 1)
            result["pipeline"][str(w)] = await bench.pipeline(msgs, w, latency=lat)
        if args.profile:
            print("profile: pipeline with 1 worker under py-spy …", flush=True)
            prof = await bench.pipeline(msgs, 1, profile=args.results_dir / f"{stamp}.pyspy.txt")
            result["profile"] = {"docs_s_under_profiler": prof.get("docs_s"), **prof.get("profile", {})}
    finally:
        bench.stop_all()
    pipe = result["pipeline"]
    first = pipe[str(args.workers[0])]["docs_s"] if pipe else None
    result["ratios"] = {
        "pipeline_vs_faust": ratio(first, result.get("faust", {}).get("docs_s")),
        "pipeline_vs_aiokafka": ratio(first, result.get("aiokafka", {}).get("docs_s")),
        "scaling_2_vs_1": ratio(pipe.get("2", {}).get("docs_s"), pipe.get("1", {}).get("docs_s")),
    }
    result["targets"] = targets(result)
    result["meta"]["loadavg_end"] = os.getloadavg()
    result["meta"]["total_seconds"] = round(time.monotonic() - t0, 1)
    return result


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark, write `<results-dir>/<timestamp>.json` and print the table."""
    args = parse_args(argv)
    args.results_dir.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%dT%H%M%S")
    broker = None
    bootstrap = args.bootstrap
    if bootstrap is None:
        from streams.kafka_local import LocalKafka

        print("starting a local Kafka broker …", flush=True)
        broker = LocalKafka().start()
        bootstrap = broker.bootstrap
    try:
        result = asyncio.run(run(args, bootstrap, stamp))
    finally:
        if broker is not None:
            with contextlib.suppress(Exception):
                broker.stop(cleanup=True)
    path = args.results_dir / f"{stamp}.json"
    path.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n")
    print(table(result))
    print(f"result: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
