"""Worker metrics on a fresh registry: names, units, bounded labels and what `record()` counts."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.parser import text_string_to_metric_families

from streams.metrics import NAMED_SOURCES, SOURCE_BUCKETS, Metrics, SourceLabels, source_bucket, source_label
from streams.pipeline import Origin, Outcome, Pipeline
from streams.schema import DEAD_LETTER_REASONS
from streams.settings import Settings
from tests import articles as A


def _value(reg: CollectorRegistry, name: str, **labels: str) -> float:
    v = reg.get_sample_value(name, labels)
    assert v is not None, f"no sample {name}{labels}"
    return v


def _fresh() -> tuple[Metrics, CollectorRegistry]:
    reg = CollectorRegistry()
    return Metrics(reg), reg


def test_names_units_and_types_follow_conventions() -> None:
    m, reg = _fresh()
    families = list(text_string_to_metric_families(generate_latest(reg).decode()))
    names = {f.name: f.type for f in families}
    ours = {n: t for n, t in names.items() if n.startswith("streams_")}
    assert len(ours) >= 20
    assert all(n.startswith(("streams_", "process_")) for n in names)
    for name, typ in ours.items():
        if typ == "counter":  # the parser strips `_total` from counter family names; check the exposition
            assert f"{name}_total" in generate_latest(reg).decode()
        if typ == "histogram":
            assert name.endswith(("_seconds", "_size")), name
    assert names["streams_stage_seconds"] == "histogram"
    assert names["streams_end_to_end_seconds"] == "histogram"
    assert names["streams_consumer_lag"] == "gauge"
    assert _value(reg, "streams_build_info", version="0.1.0") == 1
    assert _value(reg, "streams_worker_start_time_seconds") > 1.6e9
    assert m.up is not None and m.ready is not None


def test_series_exist_before_traffic() -> None:
    _, reg = _fresh()
    for hop in ("prepare", "dedup"):
        assert _value(reg, "streams_messages_in_total", hop=hop) == 0
    for status in ("unique", "duplicate", "near_duplicate"):
        assert _value(reg, "streams_dedup_total", status=status) == 0
    for reason in DEAD_LETTER_REASONS:
        assert _value(reg, "streams_dead_letters_total", stage="decode", reason=reason) == 0
    assert _value(reg, "streams_messages_out_total", hop="dedup", kind="enriched") == 0


def test_prepare_outcome_counts_language_source_and_boilerplate() -> None:
    m, reg = _fresh()
    cleaning = {"chars_before": 1000, "chars_after": 600, "blocks:read_also": 2, "blocks:Bad Kind!": 1}
    timings = {"decode": 0.001, "clean": 0.01, "language": 0.002, "tagging": 0.02, "dedup": 0.0005}
    out = Outcome(kind="next", key=b"ar", value=b"", language="ar", source="aljazeera.net",
                  hint_disagrees=True, cleaning=cleaning, timings=timings)
    m.record("prepare", out)
    m.record("prepare", Outcome(kind="next", key=b"x", value=b"", language="xx-weird", source=None))
    assert _value(reg, "streams_language_total", language="ar") == 1
    assert _value(reg, "streams_language_total", language="other") == 1
    assert _value(reg, "streams_language_hint_disagreements_total") == 1
    assert _value(reg, "streams_clean_chars_in_total", source="aljazeera.net") == 1000
    assert _value(reg, "streams_clean_chars_out_total", source="aljazeera.net") == 600
    assert _value(reg, "streams_boilerplate_chars_removed_total", source="aljazeera.net") == 400
    blocks = "streams_boilerplate_blocks_removed_total"
    assert _value(reg, blocks, source="aljazeera.net", kind="read_also") == 2
    assert _value(reg, blocks, source="aljazeera.net", kind="other") == 1
    assert _value(reg, "streams_source_articles_total", source="aljazeera.net") == 1
    assert _value(reg, "streams_source_articles_total", source="none") == 1
    assert _value(reg, "streams_messages_out_total", hop="prepare", kind="dedup_in") == 2
    assert _value(reg, "streams_stage_seconds_count", stage="tagging") == 1
    assert abs(_value(reg, "streams_stage_seconds_sum", stage="tagging") - 0.02) < 1e-9


def test_dead_letters_by_stage_and_reason_and_internal_errors() -> None:
    m, reg = _fresh()
    m.record("prepare", Outcome(kind="dlq", key=b"k", value=b"", stage="decode", reason="invalid_json"))
    m.record("prepare", Outcome(kind="dlq", key=b"k", value=b"", stage="tagging", reason="internal_error"))
    m.record("prepare", Outcome(kind="dlq", key=b"k", value=b"", stage="nonsense", reason="made_up"))
    assert _value(reg, "streams_dead_letters_total", stage="decode", reason="invalid_json") == 1
    assert _value(reg, "streams_dead_letters_total", stage="tagging", reason="internal_error") == 1
    # unknown stage/reason values are folded into bounded ones
    assert _value(reg, "streams_dead_letters_total", stage="prepare", reason="internal_error") == 1
    assert _value(reg, "streams_internal_errors_total", stage="tagging") == 1
    assert _value(reg, "streams_messages_out_total", hop="prepare", kind="dlq") == 3
    assert reg.get_sample_value("streams_language_total", {"language": "und"}) is None


def test_dedup_outcomes_count_verdicts_outputs_and_end_to_end() -> None:
    m, reg = _fresh()
    m.record("dedup", Outcome(kind="enriched", key=b"a", value=b"", dedup_status="unique"), e2e=0.3)
    m.record("dedup", Outcome(kind="duplicates", key=b"b", value=b"", dedup_status="near_duplicate"), e2e=2.0)
    m.record("dedup", Outcome(kind="duplicates", key=b"c", value=b"", dedup_status="duplicate"), e2e=-1.0)
    m.record("dedup", Outcome(kind="enriched", key=b"a", value=b"", replayed=True), e2e=None)
    assert _value(reg, "streams_dedup_total", status="unique") == 1
    assert _value(reg, "streams_dedup_total", status="near_duplicate") == 1
    assert _value(reg, "streams_dedup_total", status="duplicate") == 1
    assert _value(reg, "streams_replayed_total") == 1
    assert _value(reg, "streams_messages_out_total", hop="dedup", kind="enriched") == 2
    assert _value(reg, "streams_messages_out_total", hop="dedup", kind="duplicates") == 2
    assert _value(reg, "streams_end_to_end_seconds_count", kind="enriched") == 1
    # a negative value (clock skew) is dropped
    assert _value(reg, "streams_end_to_end_seconds_count", kind="duplicates") == 1
    assert _value(reg, "streams_end_to_end_seconds_bucket", kind="enriched", le="0.5") == 1
    assert _value(reg, "streams_end_to_end_seconds_bucket", kind="duplicates", le="1.0") == 0


def test_lag_series_follow_the_assignment() -> None:
    m, reg = _fresh()
    m.set_lag({("raw", 0): 5, ("raw", 1): 0, ("dedup-in", 3): -2})
    assert _value(reg, "streams_consumer_lag", topic="raw", partition="0") == 5
    assert _value(reg, "streams_consumer_lag", topic="dedup-in", partition="3") == 0
    m.set_lag({("raw", 1): 7})  # partitions 0 and dedup-in/3 revoked
    assert reg.get_sample_value("streams_consumer_lag", {"topic": "raw", "partition": "0"}) is None
    assert reg.get_sample_value("streams_consumer_lag", {"topic": "dedup-in", "partition": "3"}) is None
    assert _value(reg, "streams_consumer_lag", topic="raw", partition="1") == 7


def test_source_labels_are_bounded() -> None:
    labels = SourceLabels(top=frozenset({"bbc.co.uk"}), named=3)
    values = {labels(f"site-{i}.example") for i in range(1000)} | {labels("bbc.co.uk"), labels(None)}
    assert {"site-0.example", "site-1.example", "site-2.example", "bbc.co.uk", "none"} <= values
    assert len(values) <= 1 + 3 + 1 + SOURCE_BUCKETS
    assert labels("site-0.example") == "site-0.example"  # a named source keeps its name
    assert labels("site-999.example") == source_bucket("site-999.example")
    assert source_bucket("x") == source_bucket("x") and source_bucket("x").startswith("bucket-")
    assert source_label("a", frozenset({"a"})) == "a" and source_label("b").startswith("bucket-")
    assert SourceLabels(named=1)("y" * 500) == "y" * 64  # publisher-controlled text is truncated
    m, reg = _fresh()
    for i in range(NAMED_SOURCES + 200):
        m.record("prepare", Outcome(kind="next", key=b"en", value=b"", language="en", source=f"s{i}"))
    series = [s for f in reg.collect() if f.name == "streams_source_articles" for s in f.samples
              if s.name.endswith("_total")]
    assert len(series) <= NAMED_SOURCES + SOURCE_BUCKETS
    assert sum(s.value for s in series) == NAMED_SOURCES + 200


def test_real_pipeline_outcomes_are_recorded() -> None:
    m, reg = _fresh()
    p = Pipeline(Settings(ner_model="off"))
    ledger: dict[str, bytes] = {}
    origin = Origin(topic="raw", partition=0, offset=0, key=b"a1", timestamp=None)
    first = p.prepare(b'{"id": "a1", "source": "wire", "body": ' + _json(A.ENGLISH_SCIENCE) + b"}", origin)
    m.record("prepare", first)
    assert first.intermediate is not None
    m.record("dedup", p.decide(first.intermediate, ledger), e2e=0.05)
    m.record("prepare", p.prepare(b"{not json", origin))
    assert _value(reg, "streams_language_total", language="en") == 1
    assert _value(reg, "streams_dedup_total", status="unique") == 1
    assert _value(reg, "streams_dead_letters_total", stage="decode", reason="invalid_json") == 1
    for stage in ("decode", "clean", "language", "tagging", "dedup"):
        assert _value(reg, "streams_stage_seconds_count", stage=stage) >= 1
    assert _value(reg, "streams_clean_chars_in_total", source="wire") >= len(A.ENGLISH_SCIENCE) * 0.9


def _json(text: str) -> bytes:
    import orjson

    return orjson.dumps(text)
