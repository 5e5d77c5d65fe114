"""Pure, synchronous stage cores: records in, records out, no Kafka, no metrics."""

from __future__ import annotations


class Rejected(Exception):
    """A stage refuses an input for a known reason; the shell sends it to the dead-letter topic."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail
