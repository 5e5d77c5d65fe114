"""The stage shell without Kafka: decoding, dead letters, ids, the output ledger, both hops in-process."""

from __future__ import annotations

import base64
import hashlib
from typing import Any

import orjson
import pytest

from streams.pipeline import Origin, Pipeline, content_hash, derive_id, order_key, settle_heap
from streams.schema import RawArticle
from streams.settings import Settings
from tests import articles as A

ORIGIN = Origin(topic="articles.raw", partition=3, offset=42, key=b"k1", timestamp=1.0)


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline(Settings(max_body_bytes=4096, min_text_chars=20))


def run(p: Pipeline, value: bytes, ledger: dict[str, bytes] | None = None) -> tuple[str, dict[str, Any]]:
    out = p.run_one(value, ORIGIN, {} if ledger is None else ledger)
    return out.kind, orjson.loads(out.value)


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        (b"{not json", "invalid_json"),
        (b"\xff\xfe\x00garbage", "invalid_utf8"),
        (b'{"id": "x", "body": "\xc3\x28"}', "invalid_utf8"),
        (b"[1, 2, 3]", "bad_field_type"),
        (b'"just a string"', "bad_field_type"),
        (b'{"id": "x"}', "missing_body"),
        (b'{"id": "x", "body": null}', "missing_body"),
        (b'{"id": "x", "body": "   \\n  "}', "missing_body"),
        (b'{"id": "x", "body": 42}', "bad_field_type"),
        (b'{"id": "x", "body": "text", "metadata": [1]}', "bad_field_type"),
        (b'{"id": "x", "body": "text", "content_type": "application/pdf"}', "bad_field_type"),
        (orjson.dumps({"id": "x", "body": "y" * 5000}), "too_large"),
        (orjson.dumps({"id": "x", "body": "short"}), "empty_after_cleaning"),
    ],
)
def test_bad_input_goes_to_dead_letters_with_reason(pipeline: Pipeline, value: bytes, reason: str) -> None:
    kind, rec = run(pipeline, value)
    assert kind == "dlq"
    assert rec["dead_letter"] is True
    assert rec["reason"] == reason
    assert base64.b64decode(rec["original_b64"]) == value
    assert rec["original_sha256"] == hashlib.sha256(value).hexdigest()
    assert (rec["source_topic"], rec["partition"], rec["offset"], rec["key"]) == ("articles.raw", 3, 42, "k1")
    assert rec["stage"] in ("decode", "clean")
    assert rec["time"].endswith("Z")


def test_dead_letter_of_huge_message_keeps_first_64k(pipeline: Pipeline) -> None:
    value = orjson.dumps({"id": "big", "body": "z" * 200_000})
    kind, rec = run(pipeline, value)
    assert kind == "dlq" and rec["reason"] == "too_large" and rec["id"] == "big"
    assert len(base64.b64decode(rec["original_b64"])) == 64 * 1024
    assert rec["original_size"] == len(value)


@pytest.mark.parametrize(
    ("source", "url", "body", "basis"),
    [
        ("bbc", "https://x/1", "b", "bbc\nhttps://x/1"),
        (None, "https://x/1", "b", "\nhttps://x/1"),
        ("bbc", None, "body text", "bbc\nbody text"),
    ],
)
def test_missing_id_is_derived_per_contract(
    source: str | None, url: str | None, body: str, basis: str
) -> None:
    assert derive_id(source, url, body) == "auto:" + hashlib.sha256(basis.encode()).hexdigest()[:32]


def test_record_shape_and_derived_id(pipeline: Pipeline) -> None:
    value = orjson.dumps(
        {
            "source": "wire",
            "url": "https://n/1",
            "title": "Battery",
            "body": A.ENGLISH_SCIENCE,
            "published_at": "2026-01-02T03:04:05Z",
            "metadata": {"desk": "science"},
        }
    )
    kind, rec = run(pipeline, value)
    assert kind == "enriched"
    assert rec["id"] == derive_id("wire", "https://n/1", A.ENGLISH_SCIENCE)
    assert rec["language"]["code"] == "en" and 0 < rec["language"]["confidence"] <= 1
    assert rec["dedup"] == {"status": "unique", "original_id": None, "similarity": None}
    assert set(rec["tags"]) == {"entities", "topics", "keywords"}
    assert rec["metadata"] == {"desk": "science"} and rec["title"] == "Battery"
    assert rec["schema_version"] == 1 and rec["revision"] == 1
    assert rec["enrichment"]["version"] and rec["enrichment"]["models"]


def test_exact_and_near_duplicates_and_redelivery(pipeline: Pipeline) -> None:
    p = Pipeline(pipeline.settings, detector=pipeline.detector, tagger=pipeline.tagger)
    ledger: dict[str, bytes] = {}
    first = orjson.dumps({"id": "a", "source": "s1", "body": A.ARABIC_ECONOMY})
    kind, rec_a = run(p, first, ledger)
    assert kind == "enriched"
    kind, rec = run(p, orjson.dumps({"id": "b", "source": "s2", "body": A.ARABIC_ECONOMY}), ledger)
    assert kind == "duplicates" and rec["dedup"] == {
        "status": "duplicate",
        "original_id": "a",
        "similarity": 1.0,
    }
    near = A.with_footer(A.drop_paragraph(A.ARABIC_ECONOMY, 1), "تابعونا على تويتر")
    kind, rec = run(p, orjson.dumps({"id": "c", "source": "s3", "body": near}), ledger)
    assert kind == "duplicates" and rec["dedup"]["status"] == "near_duplicate"
    assert rec["dedup"]["original_id"] == "a" and 0.5 <= rec["dedup"]["similarity"] < 1.0
    # redelivery: the identical bytes again, never a duplicate of itself
    out = p.run_one(first, ORIGIN, ledger)
    assert out.replayed and out.kind == "enriched" and orjson.loads(out.value) == rec_a
    # a correction of the same id is processed anew, with the next revision
    kind, rec = run(
        p, orjson.dumps({"id": "a", "source": "s1", "body": A.ARABIC_ECONOMY + "\n\nتحديث."}), ledger
    )
    assert kind == "enriched" and rec["revision"] == 2 and rec["dedup"]["status"] == "unique"


def test_index_is_rebuilt_from_the_ledger(pipeline: Pipeline) -> None:
    ledger: dict[str, bytes] = {}
    p1 = Pipeline(pipeline.settings, detector=pipeline.detector, tagger=pipeline.tagger)
    run(p1, orjson.dumps({"id": "orig", "body": A.ARABIC_SPORT}), ledger)
    # a new process (restart) with the persisted ledger still knows the original
    p2 = Pipeline(pipeline.settings, detector=pipeline.detector, tagger=pipeline.tagger)
    kind, rec = run(p2, orjson.dumps({"id": "copy", "body": A.drop_paragraph(A.ARABIC_SPORT, 0)}), ledger)
    assert kind == "duplicates" and rec["dedup"]["original_id"] == "orig"


def test_earliest_published_is_the_original() -> None:
    assert order_key(100.0, 500.0, "b") < order_key(200.0, 10.0, "a")
    assert order_key(None, 5.0, "x") < order_key(None, 6.0, "a")


def test_content_hash_changes_with_content() -> None:
    a = RawArticle(body="x", id="1", title="t")
    assert content_hash(a) == content_hash(RawArticle(body="x", id="1", title="t"))
    assert content_hash(a) != content_hash(RawArticle(body="x2", id="1", title="t"))
    assert content_hash(a) != content_hash(RawArticle(body="x", id="1", title="t2"))


def test_unexpected_stage_error_is_dead_lettered_not_swallowed(
    pipeline: Pipeline, caplog: pytest.LogCaptureFixture
) -> None:
    class Broken:
        version = "broken"

        def detect(self, *a: object, **k: object) -> None:
            raise ZeroDivisionError("boom")

    p = Pipeline(pipeline.settings, detector=Broken(), tagger=pipeline.tagger)  # type: ignore[arg-type]
    kind, rec = run(p, orjson.dumps({"id": "z", "body": A.FRENCH_POLITICS}))
    assert kind == "dlq" and rec["reason"] == "internal_error" and rec["stage"] == "language"
    assert "ZeroDivisionError: boom" in rec["detail"]
    assert any("internal error" in r.message for r in caplog.records)



def test_topic_scores_do_not_depend_on_the_hash_seed() -> None:
    """Two processes (a worker, `streams enrich`) get bit-identical topic scores: no set-order float sums."""
    import os
    import subprocess
    import sys

    script = (
        "from streams.stages.clean import matching_form\n"
        "from streams.nlp.topics import TopicClassifier\n"
        "from streams.corpus import generate\n"
        "tc = TopicClassifier()\n"
        "for a in generate(60, seed=5):\n"
        "    lang = a.get('language') or 'ar'\n"
        "    print(repr(tc.scores(matching_form(a['body'], lang), a.get('title'), lang)))\n"
    )
    outputs = []
    for seed in ("1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        proc = subprocess.run(
            [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True, timeout=120
        )
        outputs.append(proc.stdout)
    assert outputs[0].count("\n") == 60 and "0." in outputs[0]
    assert outputs[0] == outputs[1] == outputs[2]


def test_settle_heap_leaves_loaded_models_out_of_full_collections(pipeline: Pipeline) -> None:
    import gc

    try:
        settle_heap()
        assert gc.get_freeze_count() > 10_000  # the models' tables, among others
        assert len(gc.get_objects(generation=2)) < 100  # nothing left for a full collection to walk
    finally:
        gc.unfreeze()  # other tests' objects are theirs to free
