"""Tagging stage: entities with stable ids, IPTC topics and keywords."""

from __future__ import annotations

from dataclasses import dataclass

from streams.nlp import keywords as kw
from streams.nlp.entities import EntityTagger
from streams.nlp.keywords import KeywordExtractor
from streams.nlp.topics import TopicClassifier
from streams.schema import Tags


@dataclass(frozen=True)
class TaggingConfig:
    """Knobs of the tagging stage."""

    max_keywords: int = 8
    ner_model: str = "full"  # full text, "lead" (title and first paragraphs) or "off"


class Tagger:
    """Finds entities, topics and keywords; models load once per worker."""

    def __init__(self, cfg: TaggingConfig | None = None) -> None:
        self.cfg = cfg or TaggingConfig()
        self.entities = EntityTagger(ner_model=self.cfg.ner_model)
        self.topics = TopicClassifier()
        self.keywords = KeywordExtractor()

    def tag(self, text: str, match_text: str, title: str | None, language: str) -> Tags:
        """Tag one cleaned article."""
        # Split once for topics and keywords (same list, so each word's hash is computed once too).
        words = match_text.split()
        return Tags(
            entities=self.entities.find(text, match_text, language),
            topics=self.topics.predict(text, match_text, title, language, tokens=words),
            keywords=self.keywords.extract(
                text, match_text, language, self.cfg.max_keywords, match_words=words
            ),
        )

    @property
    def versions(self) -> dict[str, str]:
        """Model identities for `enrichment.models`."""
        return {"entities": self.entities.version, "topics": self.topics.version, "keywords": kw.VERSION}
