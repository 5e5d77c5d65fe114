"""Shared fixtures: a real Kafka broker for integration tests (started once per session)."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest


@pytest.fixture(scope="session")
def kafka_bootstrap() -> Iterator[str]:
    """A real broker: STREAMS_KAFKA_BOOTSTRAP if set, else a local KRaft broker for the session."""
    from streams.kafka_local import kafka_for_tests

    with kafka_for_tests(os.environ.get("STREAMS_KAFKA_BOOTSTRAP")) as bootstrap:
        yield bootstrap
