"""The whole pipeline on a real broker: every published id comes out exactly once, with correct content."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import orjson
import pytest

from tests import articles as A
from tests.integration.harness import Worker, article, collect, produce, unique_env

pytestmark = pytest.mark.integration


def _by_id(
    records: list[tuple[str, bytes | None, dict[str, Any]]],
) -> dict[str, list[tuple[str, dict[str, Any]]]]:
    out: dict[str, list[tuple[str, dict[str, Any]]]] = {}
    for topic, key, rec in records:
        rid = rec.get("id") or (key.decode() if key else None)
        assert rid is not None
        out.setdefault(rid, []).append((topic, rec))
    return out


def test_every_id_exactly_once_with_correct_content(kafka_bootstrap: str, tmp_path: Path) -> None:
    env = unique_env(kafka_bootstrap, tmp_path)
    worker = Worker(env, tmp_path, "w1").start()
    try:
        worker.wait_ready()
        msgs: list[tuple[bytes | None, bytes]] = []
        expected: dict[str, tuple[str, str]] = {}  # id -> (topic kind, language or reason)
        for i, (name, (lang, text)) in enumerate(A.ALL.items()):
            msgs.append(article(i, text, source=name, title=None))
            expected[f"art-{i}"] = ("enriched", lang)
        # an exact re-send under another id, and a near-duplicate with a paragraph dropped and a footer added
        msgs.append(article(100, A.ARABIC_ECONOMY, source="other-outlet"))
        expected["art-100"] = ("duplicates", "ar")
        near = A.with_footer(A.drop_paragraph(A.ARABIC_SPORT), "المصدر: وكالة الأنباء")
        msgs.append(article(101, near, source="third-outlet"))
        expected["art-101"] = ("duplicates", "ar")
        bad = [
            (b"bad-json", b"{not json"),
            (b"bad-utf8", b'{"id": "x", "body": "\xff\xfe"}'),
            (b"no-body", orjson.dumps({"id": "no-body"})),
            (b"wrong-type", orjson.dumps({"id": "wrong-type", "body": 42})),
            (b"empty", orjson.dumps({"id": "empty", "body": "   "})),
            (b"too-large", orjson.dumps({"id": "too-large", "body": "x" * (1024 * 1024 + 10)})),
        ]
        reasons = {
            "bad-json": "invalid_json",
            "bad-utf8": "invalid_utf8",
            "no-body": "missing_body",
            "wrong-type": "bad_field_type",
            "empty": "missing_body",
            "too-large": "too_large",
        }
        asyncio.run(produce(kafka_bootstrap, env["STREAMS_TOPIC_RAW"], msgs[:7]))
        # the originals must be in the index before their copies arrive
        asyncio.run(
            collect(kafka_bootstrap, [env["STREAMS_TOPIC_ENRICHED"]], until=lambda r: len(r) >= 7, timeout=90)
        )
        asyncio.run(produce(kafka_bootstrap, env["STREAMS_TOPIC_RAW"], msgs[7:] + bad))
        topics = [env["STREAMS_TOPIC_ENRICHED"], env["STREAMS_TOPIC_DUPLICATES"], env["STREAMS_TOPIC_DLQ"]]
        total = len(expected) + len(bad)
        records = asyncio.run(collect(kafka_bootstrap, topics, until=lambda r: len(r) >= total, timeout=120))
        # and nothing more arrives afterwards
        records += asyncio.run(collect(kafka_bootstrap, topics, timeout=3))[len(records) :]
    finally:
        worker.stop()
    by_id = _by_id(records)
    kinds = {
        env["STREAMS_TOPIC_ENRICHED"]: "enriched",
        env["STREAMS_TOPIC_DUPLICATES"]: "duplicates",
        env["STREAMS_TOPIC_DLQ"]: "dlq",
    }
    for rid, (kind, lang) in expected.items():
        assert rid in by_id, f"{rid} lost; worker log: {worker.log_tail()}"
        assert len(by_id[rid]) == 1, f"{rid} emitted {len(by_id[rid])} times"
        topic, rec = by_id[rid][0]
        assert kinds[topic] == kind, (rid, kinds[topic], rec.get("dedup"))
        assert rec["language"]["code"] == lang
        assert rec["schema_version"] == 1
        assert rec["text"]
    assert by_id["art-100"][0][1]["dedup"] == {
        "status": "duplicate",
        "original_id": "art-0",
        "similarity": 1.0,
    }
    near_rec = by_id["art-101"][0][1]["dedup"]
    assert near_rec["status"] == "near_duplicate" and near_rec["original_id"] == "art-1"
    for key, reason in reasons.items():
        rid = key if key not in ("bad-json", "bad-utf8") else None
        matches = [r for t, k, r in records if k == key.encode() or (rid and r.get("id") == rid)]
        assert len(matches) == 1, key
        dl = matches[0]
        assert dl["dead_letter"] is True and dl["reason"] == reason, dl
        assert dl["source_topic"] == env["STREAMS_TOPIC_RAW"] and dl["offset"] is not None
        assert dl["stage"] == "decode" and dl["original_size"] > 0


def test_redelivered_id_reemits_identical_record(kafka_bootstrap: str, tmp_path: Path) -> None:
    env = unique_env(kafka_bootstrap, tmp_path, partitions=2, STREAMS_LANGUAGE_TOPICS="true")
    worker = Worker(env, tmp_path, "w1").start()
    topics = [env["STREAMS_TOPIC_ENRICHED"], env["STREAMS_TOPIC_DUPLICATES"], env["STREAMS_TOPIC_DLQ"]]
    per_language = env["STREAMS_TOPIC_ENRICHED"] + ".en"
    try:
        worker.wait_ready()
        msg = article(1, A.ENGLISH_SCIENCE, source="s1")
        asyncio.run(produce(kafka_bootstrap, env["STREAMS_TOPIC_RAW"], [msg]))
        first = asyncio.run(collect(kafka_bootstrap, topics, until=lambda r: len(r) >= 1, timeout=60))
        # the same input again (as after a crash): same verdict, same bytes, never a self-duplicate
        asyncio.run(produce(kafka_bootstrap, env["STREAMS_TOPIC_RAW"], [msg]))
        both = asyncio.run(collect(kafka_bootstrap, topics, until=lambda r: len(r) >= 2, timeout=60))
        # a correction (same id, new content) is processed anew with revision 2
        fixed = article(1, A.ENGLISH_SCIENCE + "\n\nThis paragraph was added in an update.", source="s1")
        asyncio.run(produce(kafka_bootstrap, env["STREAMS_TOPIC_RAW"], [fixed]))
        three = asyncio.run(collect(kafka_bootstrap, topics, until=lambda r: len(r) >= 3, timeout=60))
        english = asyncio.run(
            collect(kafka_bootstrap, [per_language], until=lambda r: len(r) >= 3, timeout=30)
        )
    finally:
        worker.stop()
    assert len(first) == 1
    assert [t for t, _, _ in both] == [env["STREAMS_TOPIC_ENRICHED"]] * 2
    assert both[0][2] == both[1][2]
    assert both[0][2]["dedup"]["status"] == "unique"
    assert three[2][2]["revision"] == 2 and three[2][2]["dedup"]["status"] == "unique"
    assert three[2][0] == env["STREAMS_TOPIC_ENRICHED"]
    # STREAMS_LANGUAGE_TOPICS: the enriched records also went to the per-language topic, unchanged
    assert [(k, r) for _, k, r in english] == [(k, r) for _, k, r in three]
