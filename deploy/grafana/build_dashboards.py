"""Generate deploy/grafana/dashboards/*.json: `python deploy/grafana/build_dashboards.py [--check]`."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

OUT = Path(__file__).resolve().parent / "dashboards"
DS = {"type": "prometheus", "uid": "prometheus"}
SEL = 'job=~"$job",instance=~"$instance"'
RI = "$__rate_interval"


def _sel(extra: str = "") -> str:
    return "{" + SEL + ("," + extra if extra else "") + "}"


S = _sel()
OUTPUTS = _sel('kind!="dedup_in"')
PREPARE = _sel('hop="prepare"')
LE30 = _sel('le="30.0"')
NOT_UNIQUE = _sel('status!="unique"')


class Board:
    """A dashboard under construction: rows of panels laid out on Grafana's 24-column grid."""

    def __init__(self, uid: str, title: str, description: str) -> None:
        self.uid, self.title, self.description = uid, title, description
        self.panels: list[dict[str, Any]] = []
        self.x = self.y = 0
        self.row_h = 0

    def row(self, title: str) -> None:
        """Start a new row."""
        self._newline()
        self.panels.append({"type": "row", "title": title, "collapsed": False, "id": len(self.panels) + 1,
                            "gridPos": {"x": 0, "y": self.y, "w": 24, "h": 1}, "panels": []})
        self.y += 1

    def _newline(self) -> None:
        if self.x:
            self.y += self.row_h
            self.x = self.row_h = 0

    def panel(self, kind: str, title: str, targets: list[tuple[str, str]], *, w: int = 8, h: int = 8,
              unit: str = "short", description: str = "", **options: Any) -> None:
        """Add a panel with (expr, legend) targets."""
        if self.x + w > 24:
            self._newline()
        panel: dict[str, Any] = {
            "id": len(self.panels) + 1, "type": kind, "title": title, "description": description,
            "datasource": DS, "gridPos": {"x": self.x, "y": self.y, "w": w, "h": h},
            "fieldConfig": {"defaults": {"unit": unit}, "overrides": []},
            "options": options.pop("panel_options", {}),
            "targets": [
                {"refId": chr(65 + i), "datasource": DS, "expr": expr, "legendFormat": legend,
                 **({"instant": True, "range": False} if kind in ("piechart", "bargauge", "table") else {})}
                for i, (expr, legend) in enumerate(targets)
            ],
        }
        panel.update(options)
        self.panels.append(panel)
        self.x += w
        self.row_h = max(self.row_h, h)

    def json(self) -> dict[str, Any]:
        """The dashboard model."""
        var = {"type": "query", "datasource": DS, "refresh": 2, "includeAll": True, "multi": True,
               "allValue": ".*", "current": {"text": "All", "value": "$__all"}, "sort": 1}
        return {
            "uid": self.uid, "title": self.title, "description": self.description, "tags": ["streams"],
            "schemaVersion": 39, "version": 1, "editable": True, "timezone": "browser", "refresh": "10s",
            "time": {"from": "now-1h", "to": "now"}, "graphTooltip": 1,
            "templating": {"list": [
                {**var, "name": "job", "label": "job", "query": "label_values(streams_worker_up, job)",
                 "definition": "label_values(streams_worker_up, job)"},
                {**var, "name": "instance", "label": "worker",
                 "query": 'label_values(streams_worker_up{job=~"$job"}, instance)',
                 "definition": 'label_values(streams_worker_up{job=~"$job"}, instance)'},
            ]},
            "annotations": {"list": []},
            "links": [{"title": "streams dashboards", "type": "dashboards", "tags": ["streams"],
                       "asDropdown": False}],
            "panels": self.panels,
        }


def _quantiles(metric: str, by: str = "") -> list[tuple[str, str]]:
    grp = f"le{', ' + by if by else ''}"
    return [
        (f"histogram_quantile({q}, sum by ({grp}) (rate({metric}_bucket{S}[{RI}])))",
         f"p{int(q * 100)}{' {{' + by + '}}' if by else ''}")
        for q in (0.5, 0.95, 0.99)
    ]


def pipeline() -> Board:
    """Throughput, latency, lag, dead letters, dedup and worker health."""
    b = Board("streams-pipeline", "streams — pipeline",
              "Throughput, latency, consumer lag, dead letters, dedup and worker health of the workers.")
    b.row("Throughput")
    b.panel("timeseries", "Messages consumed per second, by hop",
            [(f"sum by (hop) (rate(streams_messages_in_total{S}[{RI}]))", "{{hop}}")], unit="ops",
            description="prepare reads the raw topic; dedup reads the internal dedup-in topic.")
    b.panel("timeseries", "Records produced per second, by output",
            [(f"sum by (kind) (rate(streams_messages_out_total{OUTPUTS}[{RI}]))", "{{kind}}")],
            unit="ops", description="enriched, duplicates and dead letters (both hops).")
    b.panel("stat", "Records produced in range",
            [(f"sum by (kind) (increase(streams_messages_out_total{OUTPUTS}[$__range]))",
              "{{kind}}")], w=4, unit="short")
    b.panel("stat", "Inputs in range",
            [(f"sum(increase(streams_messages_in_total{PREPARE}[$__range]))", "inputs")],
            w=4, unit="short")
    b.panel("timeseries", "Batch size p95, by hop",
            [(f"histogram_quantile(0.95, sum by (le, hop) (rate(streams_batch_size_bucket{S}[{RI}])))",
              "p95 {{hop}}"),
             (f"sum by (hop) (rate(streams_batch_size_sum{S}[{RI}])) "
              f"/ sum by (hop) (rate(streams_batch_size_count{S}[{RI}]))", "mean {{hop}}")],
            w=12, description="Small batches: the hop waits on input; full batches: it is busy.")
    b.panel("timeseries", "Batches per second, by hop",
            [(f"sum by (hop) (rate(streams_batch_size_count{S}[{RI}]))", "{{hop}}")], w=12, unit="ops")

    b.row("Latency")
    b.panel("timeseries", "Stage latency p95 (per message)",
            [(f"histogram_quantile(0.95, sum by (le, stage) (rate(streams_stage_seconds_bucket{S}[{RI}])))",
              "{{stage}}")], unit="s")
    b.panel("timeseries", "Stage mean time (per message)",
            [(f"sum by (stage) (rate(streams_stage_seconds_sum{S}[{RI}])) "
              f"/ sum by (stage) (rate(streams_stage_seconds_count{S}[{RI}]))", "{{stage}}")], unit="s")
    b.panel("timeseries", "Stage CPU share (seconds spent per second)",
            [(f"sum by (stage) (rate(streams_stage_seconds_sum{S}[{RI}]))", "{{stage}}")],
            unit="percentunit", description="Where the time goes; about 1 per busy worker.")
    b.panel("timeseries", "End-to-end latency (publish → output)", _quantiles("streams_end_to_end_seconds"),
            w=16, unit="s", description="From the input's Kafka timestamp to its enriched/duplicate record.")
    b.panel("stat", "Within the 30 s SLO (range)",
            [(f"sum(increase(streams_end_to_end_seconds_bucket{LE30}[$__range])) "
              f"/ sum(increase(streams_end_to_end_seconds_count{S}[$__range]))", "within 30 s")],
            w=8, unit="percentunit", description="SLO: 99% of articles out within 30 s (alerts burn on it).")

    b.row("Consumer lag")
    b.panel("timeseries", "Consumer lag, by topic",
            [(f"sum by (topic) (streams_consumer_lag{S})", "{{topic}}")], w=12,
            description="Messages behind the end of the topic, summed over partitions (KEDA scales on raw).")
    b.panel("timeseries", "Consumer lag, per partition",
            [(f"max by (topic, partition, instance) (streams_consumer_lag{S})",
              "{{topic}}/{{partition}} @ {{instance}}")], w=12)

    b.row("Dead letters")
    b.panel("timeseries", "Dead letters per second, by reason",
            [(f"sum by (reason) (rate(streams_dead_letters_total{S}[{RI}]))", "{{reason}}")], unit="ops")
    b.panel("timeseries", "Dead letters per second, by stage",
            [(f"sum by (stage) (rate(streams_dead_letters_total{S}[{RI}]))", "{{stage}}")], unit="ops")
    b.panel("stat", "Dead-letter ratio (range)",
            [(f"sum(increase(streams_dead_letters_total{S}[$__range])) "
              f"/ sum(increase(streams_messages_in_total{PREPARE}[$__range]))", "dlq / inputs")],
            w=4, unit="percentunit")
    b.panel("stat", "Internal errors (range)",
            [(f"sum(increase(streams_internal_errors_total{S}[$__range]))", "internal errors")], w=4,
            description="Bugs: exceptions in stage code, dead-lettered as internal_error.")

    b.row("Dedup")
    b.panel("timeseries", "Dedup verdicts per second",
            [(f"sum by (status) (rate(streams_dedup_total{S}[{RI}]))", "{{status}}")], unit="ops")
    b.panel("stat", "Duplicate rate (range)",
            [(f"sum by (status) (increase(streams_dedup_total{NOT_UNIQUE}[$__range])) "
              f"/ ignoring(status) group_left sum(increase(streams_dedup_total{S}[$__range]))",
              "{{status}}")], unit="percentunit")
    b.panel("timeseries", "Dedup index size and ledger re-emits",
            [(f"sum(streams_dedup_index_documents{S})", "index documents"),
             (f"sum(increase(streams_replayed_total{S}[{RI}]))", "re-emitted from ledger")])

    b.row("Worker health")
    b.panel("stat", "Workers up / ready",
            [(f"sum(up{S})", "scraped up"), (f"sum(streams_worker_ready{S})", "ready")], w=6)
    b.panel("stat", "Rebalances (range)",
            [(f"sum(increase(streams_rebalances_total{S}[$__range]))", "rebalances")], w=6)
    b.panel("table", "Workers", [(f"streams_build_info{S}", "{{instance}}"),
                                 (f"time() - streams_worker_start_time_seconds{S}", "uptime")],
            w=12, unit="s", transformations=[{"id": "merge"}])
    b.panel("timeseries", "Resident memory, per worker",
            [(f"process_resident_memory_bytes{S}", "{{instance}}")], w=12, unit="bytes")
    b.panel("timeseries", "CPU, per worker", [(f"rate(process_cpu_seconds_total{S}[{RI}])", "{{instance}}")],
            w=12, unit="percentunit")
    return b


def content() -> Board:
    """Languages, per-source cleaning quality and language-hint agreement."""
    b = Board("streams-content", "streams — content quality",
              "Languages and per-source quality (boilerplate removed, article sizes, hint agreement).")
    b.row("Languages")
    b.panel("piechart", "Languages (range)",
            [(f"sum by (language) (increase(streams_language_total{S}[$__range]))", "{{language}}")],
            panel_options={"reduceOptions": {"calcs": ["lastNotNull"]}, "pieType": "donut"})
    b.panel("timeseries", "Articles per second, by language",
            [(f"sum by (language) (rate(streams_language_total{S}[{RI}]))", "{{language}}")], unit="ops")
    b.panel("timeseries", "Language hint disagreements / articles",
            [(f"sum(rate(streams_language_hint_disagreements_total{S}[{RI}])) "
              f"/ sum(rate(streams_language_total{S}[{RI}]))", "disagreement ratio")], unit="percentunit",
            description="The publisher's language hint differs from what was detected (mislabelled feeds).")

    b.row("Per-source quality (top sources by name, the rest in hashed buckets)")
    b.panel("bargauge", "Articles by source (range, top 20)",
            [(f"topk(20, sum by (source) (increase(streams_source_articles_total{S}[$__range])))",
              "{{source}}")], w=12, panel_options={"displayMode": "basic", "orientation": "horizontal"})
    # Ratios use the counters since worker start: a source's first batch creates its series, which
    # increase() over a range cannot see, so low-volume sources would show 0/0.
    b.panel("bargauge", "Share of characters removed as boilerplate, by source (since start)",
            [(f"topk(20, sum by (source) (streams_boilerplate_chars_removed_total{S}) "
              f"/ sum by (source) (streams_clean_chars_in_total{S}))", "{{source}}")],
            w=12, unit="percentunit", panel_options={"displayMode": "basic", "orientation": "horizontal"})
    b.panel("bargauge", "Boilerplate blocks per article, by source (since start)",
            [(f"topk(20, sum by (source) (streams_boilerplate_blocks_removed_total{S}) "
              f"/ sum by (source) (streams_source_articles_total{S}))", "{{source}}")],
            w=12, panel_options={"displayMode": "basic", "orientation": "horizontal"})
    b.panel("bargauge", "Mean characters after cleaning, by source (since start)",
            [(f"topk(20, sum by (source) (streams_clean_chars_out_total{S}) "
              f"/ sum by (source) (streams_source_articles_total{S}))", "{{source}}")],
            w=12, panel_options={"displayMode": "basic", "orientation": "horizontal"})
    b.panel("timeseries", "Boilerplate blocks removed per second, by kind",
            [(f"sum by (kind) (rate(streams_boilerplate_blocks_removed_total{S}[{RI}]))", "{{kind}}")],
            w=12, unit="ops")
    b.panel("timeseries", "Characters per second before / after cleaning",
            [(f"sum(rate(streams_clean_chars_in_total{S}[{RI}]))", "before"),
             (f"sum(rate(streams_clean_chars_out_total{S}[{RI}]))", "after")], w=12)
    return b


BOARDS = {"streams-pipeline.json": pipeline, "streams-content.json": content}


def render(name: str) -> str:
    """The JSON text of one dashboard file."""
    return json.dumps(BOARDS[name]().json(), indent=2, ensure_ascii=False) + "\n"


def main() -> int:
    """Write every dashboard; with --check, fail if a file is out of date."""
    stale = []
    for name in BOARDS:
        path = OUT / name
        text = render(name)
        if "--check" in sys.argv:
            if not path.exists() or path.read_text() != text:
                stale.append(name)
        else:
            path.write_text(text)
    if stale:
        print("out of date:", ", ".join(stale), "- run python deploy/grafana/build_dashboards.py")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main())
