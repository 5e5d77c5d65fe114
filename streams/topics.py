"""The one place that declares every topic the pipeline reads or writes."""

from __future__ import annotations

from dataclasses import dataclass

from streams.settings import Settings

# The workers' Faust tables; each keeps its state in a compacted changelog topic.
TABLES = ("ledger", "boilerplate")


@dataclass(frozen=True)
class TopicNames:
    """Names of the public and internal topics."""

    raw: str
    enriched: str
    duplicates: str
    dlq: str
    dedup_in: str  # internal: cleaned, language-detected, tagged records keyed for dedup
    changelogs: tuple[str, ...]  # internal: one per table in TABLES, named as Faust names them

    @classmethod
    def from_settings(cls, s: Settings) -> TopicNames:
        """Derive all topic names from settings."""
        return cls(
            raw=s.topic_raw,
            enriched=s.topic_enriched,
            duplicates=s.topic_duplicates,
            dlq=s.topic_dlq,
            dedup_in=f"{s.app_id}.internal.dedup-in",
            changelogs=tuple(f"{s.app_id}-{table}-changelog" for table in TABLES),
        )

    def language_topic(self, code: str) -> str:
        """The optional per-language enriched topic, e.g. `articles.enriched.ar`."""
        return f"{self.enriched}.{code}"

    def public(self) -> list[str]:
        """Topics publishers and consumers use."""
        return [self.raw, self.enriched, self.duplicates, self.dlq]

    def internal(self) -> list[str]:
        """Topics only the workers use."""
        return [self.dedup_in, *self.changelogs]
