"""Hostile input: the shell never raises, each message gets exactly one outcome, in bounded time."""

from __future__ import annotations

import time

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from streams.pipeline import Origin, Pipeline
from streams.settings import Settings
from tests import articles as A

KINDS = {"enriched", "duplicates", "dlq"}


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    # Large limits so the stages themselves see the hostile bodies instead of the size check.
    return Pipeline(
        Settings(
            max_body_bytes=12 * 1024 * 1024, max_message_bytes=40 * 1024 * 1024, processing_timeout_s=10.0
        )
    )


def check(p: Pipeline, value: bytes, budget_s: float = 15.0) -> dict[str, object]:
    t0 = time.perf_counter()
    out = p.run_one(value, Origin(topic="raw", partition=0, offset=0), {})
    elapsed = time.perf_counter() - t0
    assert out.kind in KINDS
    rec = orjson.loads(out.value)
    assert isinstance(rec, dict)
    assert elapsed < budget_s, f"{elapsed:.1f}s for one message"
    if out.kind == "dlq":
        assert rec["reason"] and rec["stage"]
    else:
        assert isinstance(rec["text"], str) and rec["id"]
    return rec


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_arbitrary_bytes(pipeline: Pipeline, value: bytes) -> None:
    check(pipeline, value)


_json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**63), 2**63 - 1)
    | st.floats(allow_nan=False)
    | st.text(max_size=50),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.dictionaries(
        st.sampled_from(
            [
                "id",
                "body",
                "url",
                "source",
                "title",
                "published_at",
                "content_type",
                "language",
                "metadata",
                "extra",
            ]
        ),
        _json_values | st.text(max_size=400),
    )
)
def test_arbitrary_json_objects(pipeline: Pipeline, obj: dict[str, object]) -> None:
    check(pipeline, orjson.dumps(obj))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(min_size=1, max_size=3000))
def test_arbitrary_unicode_bodies(pipeline: Pipeline, body: str) -> None:
    try:
        value = orjson.dumps({"id": "h", "body": body})
    except orjson.JSONEncodeError:  # lone surrogates cannot be sent as JSON at all
        return
    check(pipeline, value)


NASTY: list[tuple[str, str]] = [
    ("null bytes", "نص عربي\x00 مع بايتات فارغة\x00" * 20 + A.ARABIC_ECONOMY),
    ("bidi overrides", "\u202e\u202d\u2066" * 500 + A.ARABIC_SPORT + "\u202c" * 500),
    ("control chars", "".join(chr(c) for c in range(32)) * 100 + A.ENGLISH_SCIENCE),
    ("zero-width flood", "\u200b\u200c\u200d\ufeff" * 50_000 + A.FRENCH_POLITICS),
    ("repetition bomb", "كلمات دلالية: سياسة اقتصاد رياضة " * 60_000),
    ("one giant line", "a" * 5_000_000),
    ("one giant arabic word", "ب" * 3_000_000),
    ("many short lines", "• عنوان\n" * 400_000),
    ("regex-catastrophic", ("a" * 30 + " ") * 1000 + "!" * 50_000 + "http://" + "a." * 50_000),
    (
        "deep html",
        "<html><body>" + "<div>" * 100_000 + "<p>" + A.ENGLISH_SCIENCE + "</p>" + "</div>" * 100_000,
    ),
    ("huge html", "<html><body>" + ("<p>" + A.RUSSIAN_WEATHER + "</p>") * 3000 + "</body></html>"),
    (
        "xxe",
        '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]><html><body><p>&x;'
        + A.ENGLISH_SCIENCE
        + "</p></body></html>",
    ),
    (
        "billion laughs",
        '<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;'
        '&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]><html><body><p>&c;'
        + A.ENGLISH_SCIENCE
        + "</p></body></html>",
    ),
    ("broken html", "<html><body><p>" + A.CHINESE_TECH + "<div><p><span><<<>>>&&&;;</b></i></html>" * 100),
    ("mixed scripts", A.ARABIC_ECONOMY + A.CHINESE_TECH + A.RUSSIAN_WEATHER + A.PERSIAN_CULTURE),
]


@pytest.mark.parametrize(("name", "body"), NASTY, ids=[n for n, _ in NASTY])
def test_nasty_bodies(pipeline: Pipeline, name: str, body: str) -> None:
    rec = check(pipeline, orjson.dumps({"id": name, "source": "nasty", "body": body}))
    if rec.get("dead_letter") is not True:
        text = str(rec["text"])
        assert "\x00" not in text and "\u202e" not in text and "\u200b" not in text
        assert "root:x:0:0" not in text, "an external entity was resolved"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("id", 5),
        ("url", ["x"]),
        ("title", {"a": 1}),
        ("published_at", 3.5),
        ("language", False),
        ("metadata", "string"),
        ("source", None),
    ],
)
def test_wrong_field_types(pipeline: Pipeline, field: str, value: object) -> None:
    rec = check(pipeline, orjson.dumps({"body": A.ENGLISH_SCIENCE, field: value}))
    if field == "source":  # null optional fields are fine
        assert rec.get("dead_letter") is not True
    else:
        assert rec["reason"] == "bad_field_type"


@pytest.mark.parametrize(
    "value",
    [
        b'{"id": 123456789012345678901234567890123, "body": "x"}',
        b'{"body": "' + b"\\ud800" + b' lone surrogate escape"}',
        b'{"body": "dup", "body": "duplicate keys"}',
        b"[" * 100_000 + b"]" * 100_000,
        b'{"body": "x", "metadata": ' + b'{"a":' * 5000 + b"1" + b"}" * 5000 + b"}",
        b"\xef\xbb\xbf" + orjson.dumps({"id": "bom", "body": A.ENGLISH_SCIENCE}),
        b"",
        b"null",
    ],
)
def test_malformed_json_edge_cases(pipeline: Pipeline, value: bytes) -> None:
    check(pipeline, value)
