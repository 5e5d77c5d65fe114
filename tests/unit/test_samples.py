"""The shipped sample feed: every line parses, fields are complete, and the README's duplicate lists hold."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import msgspec
import pytest

from streams.schema import RawArticle

SAMPLES = Path(__file__).resolve().parents[2] / "streams" / "samples"
REQUIRED = ("id", "source", "url", "title", "published_at", "body")
_HARAKAT = re.compile("[\u064b-\u0652\u0670]")
_TAGS = re.compile(r"<[^>]+>")


def _feed() -> list[dict[str, Any]]:
    return [
        json.loads(line) for line in (SAMPLES / "feed.jsonl").read_text("utf-8").splitlines() if line.strip()
    ]


FEED = _feed()
BY_ID = {a["id"]: a for a in FEED}


def _pairs(kind: str) -> list[tuple[str, str]]:
    """(duplicate, original) pairs listed in the README as `- <kind>: A -> B: ...`."""
    text = (SAMPLES / "README.md").read_text("utf-8")
    return re.findall(rf"^- {kind}: (sample-[\w-]+) -> (sample-[\w-]+):", text, flags=re.M)


def _lang(a: dict[str, Any]) -> str:
    return str(a["id"]).split("-")[1]


def _grams(text: str, k: int = 5) -> set[str]:
    t = " ".join(_HARAKAT.sub("", _TAGS.sub(" ", text)).split())
    return {t[i : i + k] for i in range(len(t) - k + 1)}


def _jaccard(a: str, b: str) -> float:
    x, y = _grams(a), _grams(b)
    return len(x & y) / len(x | y)


def test_feed_has_about_forty_articles_with_unique_ids() -> None:
    ids = [a["id"] for a in FEED]
    assert 36 <= len(FEED) <= 44
    assert len(ids) == len(set(ids)), [i for i, n in Counter(ids).items() if n > 1]


@pytest.mark.parametrize("art", FEED, ids=[a["id"] for a in FEED])
def test_line_is_a_complete_raw_article(art: dict[str, Any]) -> None:
    for field in REQUIRED:
        assert isinstance(art.get(field), str) and art[field].strip(), field
    assert re.fullmatch(r"sample-[a-z]{2}-\d{3}", art["id"])
    assert art["url"].startswith("https://")
    assert dt.datetime.fromisoformat(art["published_at"].replace("Z", "+00:00")).tzinfo is not None
    raw = msgspec.convert(art, RawArticle)  # the pipeline's input schema accepts it
    assert raw.body == art["body"]
    if art.get("content_type") == "text/html":
        assert "<article" in art["body"] and "<footer" in art["body"] and "<nav" in art["body"]


@pytest.mark.parametrize("art", FEED, ids=[a["id"] for a in FEED])
def test_article_length_is_realistic(art: dict[str, Any]) -> None:
    text = _TAGS.sub(" ", art["body"])
    if _lang(art) == "zh":
        cjk = len(re.findall(r"[\u4e00-\u9fff]", text))
        assert 300 <= cjk <= 1500, cjk
    else:
        assert 150 <= len(text.split()) <= 600, len(text.split())


@pytest.mark.parametrize(
    ("lang", "low", "high", "script"),
    [
        ("ar", 18, 24, r"[\u0621-\u064a]"),
        ("en", 1, 4, r"[A-Za-z]"),
        ("fr", 1, 3, r"[A-Za-zéèàç]"),
        ("es", 1, 3, r"[A-Za-zñáé]"),
        ("de", 1, 3, r"[A-Za-zäöüß]"),
        ("ru", 1, 3, r"[\u0400-\u04ff]"),
        ("tr", 1, 3, r"[A-Za-zğışçöü]"),
        ("fa", 1, 3, r"[\u0600-\u06ff]"),
        ("ur", 1, 3, r"[\u0600-\u06ff]"),
        ("zh", 1, 3, r"[\u4e00-\u9fff]"),
    ],
)
def test_language_mix(lang: str, low: int, high: int, script: str) -> None:
    arts = [a for a in FEED if _lang(a) == lang]
    assert low <= len(arts) <= high
    for a in arts:
        letters = re.findall(r"\w", _TAGS.sub(" ", a["body"]))
        assert sum(bool(re.match(script, ch)) for ch in letters) / len(letters) > 0.6, a["id"]


def test_some_outlets_share_a_footer() -> None:
    by_source = Counter(a["source"] for a in FEED if a.get("content_type") != "text/html")
    shared = [s for s, n in by_source.items() if n >= 3]
    assert shared
    for source in shared:
        tails = {a["body"].rstrip().rsplit("\n\n", 1)[-1] for a in FEED if a["source"] == source}
        assert len(tails) == 1, source


def test_arabic_boilerplate_is_present() -> None:
    arabic = [a["body"] for a in FEED if _lang(a) == "ar" and a.get("content_type") != "text/html"]
    for marker in ("المصدر:", "كلمات دلالية:", "إقرأ أيضاً:", "مقالات مشابهة", "  • ", "على واتساب"):
        assert sum(marker in b for b in arabic) >= 3, marker
    assert any(_HARAKAT.search(b) for b in arabic)


def test_readme_lists_six_near_duplicates_and_one_exact() -> None:
    assert len(_pairs("near")) >= 6
    assert len(_pairs("exact")) == 1


@pytest.mark.parametrize(("dup", "orig"), _pairs("near"))
def test_near_duplicate_is_a_lightly_edited_republication(dup: str, orig: str) -> None:
    d, o = BY_ID[dup], BY_ID[orig]
    assert _lang(d) == _lang(o)
    assert d["source"] != o["source"] and d["url"] != o["url"]
    assert d["body"] != o["body"]
    sim = _jaccard(d["body"], o["body"])
    assert sim >= 0.4, sim
    # ...and closer to its original than to any other article of the feed.
    others = [
        _jaccard(d["body"], a["body"]) for a in FEED if a["id"] not in (dup, orig) and a["body"] != o["body"]
    ]
    assert sim > max(others) + 0.15


@pytest.mark.parametrize(("dup", "orig"), _pairs("exact"))
def test_exact_duplicate_is_the_same_payload(dup: str, orig: str) -> None:
    d, o = BY_ID[dup], BY_ID[orig]
    assert {k: v for k, v in d.items() if k != "id"} == {k: v for k, v in o.items() if k != "id"}


def test_unrelated_articles_are_not_similar() -> None:
    listed = {x for pair in _pairs("near") + _pairs("exact") for x in pair}
    rest = [a for a in FEED if a["id"] not in listed and a.get("content_type") != "text/html"]
    worst = max(_jaccard(a["body"], b["body"]) for i, a in enumerate(rest) for b in rest[i + 1 :])
    assert worst < 0.3


@pytest.mark.parametrize(
    ("index", "problem"),
    [(0, "invalid_json"), (1, "missing_body"), (2, "bad_field_type")],
)
def test_bad_inputs_fail_as_described(index: int, problem: str) -> None:
    lines = [ln for ln in (SAMPLES / "bad.jsonl").read_text("utf-8").splitlines() if ln.strip()]
    assert len(lines) == 3
    line = lines[index]
    if problem == "invalid_json":
        with pytest.raises(json.JSONDecodeError):
            json.loads(line)
        return
    obj = json.loads(line)
    assert isinstance(obj, dict)
    if problem == "missing_body":
        assert "body" not in obj
    else:
        assert not isinstance(obj["body"], str)
    with pytest.raises(msgspec.ValidationError):
        msgspec.convert(obj, RawArticle)


def test_samples_are_shipped_in_the_package() -> None:
    from streams.dev import sample_lines

    assert len(sample_lines("feed.jsonl")) == len(FEED)
    assert len(sample_lines("bad.jsonl")) == 3
