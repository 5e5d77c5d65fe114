"""Every record the pipeline reads or writes, as msgspec Structs, plus their JSON Schemas."""

from __future__ import annotations

from typing import Any, Literal

import msgspec

SCHEMA_VERSION = 1

DedupStatus = Literal["unique", "duplicate", "near_duplicate"]
EntityType = Literal["person", "organization", "location"]
DeadLetterReason = Literal[
    "invalid_json",
    "invalid_utf8",
    "missing_body",
    "bad_field_type",
    "too_large",
    "empty_after_cleaning",
    "undetectable_language",
    "processing_timeout",
    "internal_error",
]
DEAD_LETTER_REASONS: tuple[str, ...] = DeadLetterReason.__args__  # type: ignore[attr-defined]


class RawArticle(msgspec.Struct, kw_only=True, omit_defaults=True):
    """What publishers send to the input topic."""

    body: str
    id: str | None = None
    url: str | None = None
    source: str | None = None
    title: str | None = None
    published_at: str | None = None
    content_type: Literal["text/plain", "text/html"] | None = None
    language: str | None = None
    metadata: dict[str, Any] | None = None


class LanguageGuess(msgspec.Struct, kw_only=True):
    """A language code with a confidence in 0..1."""

    code: str
    confidence: float


class LanguageSegment(msgspec.Struct, kw_only=True):
    """One language's share of a mixed-language text."""

    code: str
    share: float


class LanguageInfo(msgspec.Struct, kw_only=True, omit_defaults=True):
    """The detected language of an article (ISO 639-1, else 639-3, else `und`)."""

    code: str
    confidence: float
    segments: list[LanguageSegment] | None = None
    title: LanguageGuess | None = None
    hint: str | None = None


class DedupInfo(msgspec.Struct, kw_only=True):
    """The dedup verdict: unique, or a (near-)duplicate of an earlier article."""

    status: DedupStatus
    original_id: str | None = None
    similarity: float | None = None


class Entity(msgspec.Struct, kw_only=True):
    """A named entity with a stable id."""

    text: str
    type: EntityType
    id: str
    count: int


class Topic(msgspec.Struct, kw_only=True):
    """An IPTC Media Topics top-level label with a score."""

    label: str
    code: str
    score: float


class Tags(msgspec.Struct, kw_only=True):
    """Entities, topics and keywords of an article."""

    entities: list[Entity] = msgspec.field(default_factory=list)
    topics: list[Topic] = msgspec.field(default_factory=list)
    keywords: list[str] = msgspec.field(default_factory=list)


class CleaningReport(msgspec.Struct, kw_only=True):
    """What the cleaning stage removed, so per-source quality can be watched."""

    input_format: Literal["text/plain", "text/html"]
    chars_before: int
    chars_after: int
    removed_blocks: dict[str, int] = msgspec.field(default_factory=dict)
    removed_chars: dict[str, int] = msgspec.field(default_factory=dict)


class Enrichment(msgspec.Struct, kw_only=True):
    """Versions of the code and models that produced a record."""

    version: str
    models: dict[str, str] = msgspec.field(default_factory=dict)


class EnrichedArticle(msgspec.Struct, kw_only=True):
    """An output record on the enriched or duplicates topic."""

    schema_version: int = SCHEMA_VERSION
    id: str
    revision: int = 1
    source: str | None
    url: str | None
    title: str | None
    text: str
    published_at: str | None
    language: LanguageInfo
    dedup: DedupInfo
    tags: Tags
    cleaning: CleaningReport
    content_hash: str
    metadata: dict[str, Any] | None = None
    enrichment: Enrichment


class DeadLetter(msgspec.Struct, kw_only=True):
    """A message the pipeline could not process, with why and the original bytes."""

    schema_version: int = SCHEMA_VERSION
    dead_letter: bool = True
    id: str | None
    key: str | None
    stage: str
    reason: DeadLetterReason
    detail: str
    original_b64: str
    original_size: int
    original_sha256: str
    source_topic: str | None
    partition: int | None
    offset: int | None
    time: str


def json_schemas() -> dict[str, dict[str, Any]]:
    """Return the published JSON Schema of each public record, by file name."""
    out: dict[str, dict[str, Any]] = {}
    for name, typ in (
        ("raw_article", RawArticle),
        ("enriched_article", EnrichedArticle),
        ("dead_letter", DeadLetter),
    ):
        schema = msgspec.json.schema(typ)
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["$id"] = f"https://streams.invalid/schemas/{name}.v{SCHEMA_VERSION}.json"
        out[f"{name}.schema.json"] = schema
    return out
